package compare

// MapStrings returns a copy of r with f applied to every text a target or a file could have put in it: the
// writers apply the runner's redaction this way, so that no output depends on the target's good manners.
func (r Result) MapStrings(f func(string) string) Result {
	out := r
	out.Recording, out.RecordedTarget, out.Target, out.Error = f(r.Recording), f(r.RecordedTarget), f(r.Target), f(r.Error)
	out.Verdict.Line = f(r.Verdict.Line)
	if r.Known != nil {
		k := *r.Known
		k.File = f(k.File)
		k.Entries = append([]KnownStatus(nil), k.Entries...)
		for i := range k.Entries {
			e := &k.Entries[i]
			e.Reason, e.Link, e.Note, e.Path, e.Exchange = f(e.Reason), f(e.Link), f(e.Note), f(e.Path), f(e.Exchange)
		}
		out.Known = &k
	}
	out.Scenarios = make([]ScenarioResult, len(r.Scenarios))
	for i, s := range r.Scenarios {
		s.Error, s.Title = f(s.Error), f(s.Title)
		ds := make([]Difference, len(s.Differences))
		for j, d := range s.Differences {
			d.Path, d.Recorded, d.Target, d.Message, d.Why = f(d.Path), f(d.Recorded), f(d.Target), f(d.Message), f(d.Why)
			if d.Known != nil {
				k := *d.Known
				k.Reason, k.Link = f(k.Reason), f(k.Link)
				d.Known = &k
			}
			ds[j] = d
		}
		s.Differences = ds
		ns := make([]Note, len(s.Notes))
		for j, n := range s.Notes {
			n.Message = f(n.Message)
			ns[j] = n
		}
		if s.Notes == nil {
			ns = nil
		}
		s.Notes = ns
		out.Scenarios[i] = s
	}
	return out
}
