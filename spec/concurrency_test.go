package spec

import (
	"sync"
	"testing"
)

// TestConcurrentUse validates, places samples and reads the catalog from many goroutines at once; run with
// -race, it proves a loaded model is safe for concurrent use, as the suites' parallel specs need.
func TestConcurrentUse(t *testing.T) {
	body := functionConfiguration10KB(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := MustLoad(Profiles()[i%2])
			op := m.Operation("UpdateFunctionCode")
			for range 20 {
				op.Validate(Response{Status: 200, Header: jsonHeader(), Body: body})
				op.Validate(Response{Status: 200, Header: jsonHeader(), Body: []byte(`{"MemorySize":1,"Layers":[{"Arn":"x"}]}`)}, Strict())
				for _, r := range m.Rules() {
					for _, s := range r.Samples() {
						r.Member(s.Value)
					}
				}
			}
		}()
	}
	wg.Wait()
}
