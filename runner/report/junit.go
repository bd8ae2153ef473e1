package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// JUnit XML, as CI systems read it: one <testsuite> per family, one <testcase> per check, with real <failure>,
// <error> and <skipped> elements.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     seconds      `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       seconds         `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      seconds       `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// seconds is a duration in JUnit's time attribute: seconds with millisecond precision (0.038, never
// 0.03800000000000001).
type seconds float64

func (s seconds) MarshalXMLAttr(name xml.Name) (xml.Attr, error) {
	return xml.Attr{Name: name, Value: strconv.FormatFloat(float64(s), 'f', 3, 64)}, nil
}

// UnmarshalXMLAttr reads the attribute back.
func (s *seconds) UnmarshalXMLAttr(a xml.Attr) error {
	f, err := strconv.ParseFloat(a.Value, 64)
	*s = seconds(f)
	return err
}

// WriteJUnit writes the report as JUnit XML, redacted: one <testsuite> per family, one <testcase> per check.
// A failure is a <failure> whose type lists the failed rules and whose message starts with its severity (must or
// should), an error an <error>, a skipped check <skipped>, a check that did not run <skipped> whose message starts
// with "not run:", and a should failure that does not count (fail on must) <skipped> saying so. A run that stopped early gets a testsuite "lambdaconform.run" with one <error> saying why, so
// that CI shows it.
// An expected failure is written as <skipped> naming its entry, as test runners write expected failures, with
// the failure in <system-out>; a failure the baseline already had stays a <failure>, marked as such.
func WriteJUnit(w io.Writer, r Report) error {
	r = prepare(r)
	v := r.Verdict()
	out := junitSuites{Name: Tool, Time: seconds(r.Duration.Seconds())}
	index := map[string]int{}
	props := []junitProperty{{"target", r.Target}, {"profile", r.Profile}, {"version", r.Version},
		{"selection", r.Selection.String()}, {"verdict", v.Line}, {"fail_on", string(v.FailOn)},
		{"must_failures", strconv.Itoa(v.MustFailures)}, {"should_failures", strconv.Itoa(v.ShouldFailures)}}
	if r.Stopped != nil {
		props = append(props, junitProperty{"stopped", string(r.Stopped.Cause) + ": " + r.Stopped.Reason})
	}
	timestamp := r.Started.UTC().Format("2006-01-02T15:04:05")
	for _, fam := range r.Matrix().Families {
		index[fam] = len(out.Suites)
		out.Suites = append(out.Suites, junitSuite{Name: Tool + "." + fam, Timestamp: timestamp, Properties: props})
	}
	for _, c := range r.Checks {
		s := &out.Suites[index[c.Family]]
		jc := junitCase{Name: c.ID + ": " + c.Title, Classname: Tool + "." + c.Family + "." + c.Operation,
			Time: seconds(float64(c.DurationMS) / 1000)}
		var sysout []string
		switch {
		case c.ExpectedFailure():
			s.Skipped++
			jc.Skipped = &junitSkipped{Message: "expected failure: " + c.Expected.Describe()}
			sysout = append(sysout, "The check failed as expected:", c.Message+replayLine(c))
		case c.Outcome == Failed && !r.Counts(c) && c.Expected == nil && c.Baseline != StillFailing:
			// A should failure under fail on must: reported, not counted, like an expected failure.
			s.Skipped++
			jc.Skipped = &junitSkipped{Message: "not counted (fail on must): should failure: " + c.Reason}
			sysout = append(sysout, "The check failed should rules only; the run fails on must failures only:", c.Message+replayLine(c))
		case c.Outcome == Failed:
			s.Failures++
			jc.Failure = &junitProblem{Message: string(c.FailedSeverity) + " failure: " + baselinePrefix(c) + c.Reason,
				Type: strings.Join(c.FailedRules, " "), Body: c.Message + replayLine(c)}
			if c.Expected != nil {
				sysout = append(sysout, c.Expected.Describe())
			}
		case c.Outcome == Error:
			s.Errors++
			jc.Error = &junitProblem{Message: c.Reason, Type: "error", Body: c.Message}
		case c.Outcome == Skipped:
			s.Skipped++
			jc.Skipped = &junitSkipped{Message: c.Reason}
		case c.Outcome == NotRun:
			s.Skipped++
			jc.Skipped = &junitSkipped{Message: "not run: " + strings.TrimPrefix(c.Reason, "not run: ")}
		}
		sysout = append(sysout, c.Notes...)
		jc.SystemOut = strings.Join(sysout, "\n")
		s.Tests++
		s.Time += jc.Time
		s.Cases = append(s.Cases, jc)
	}
	if r.Stopped != nil {
		out.Suites = append(out.Suites, junitSuite{Name: Tool + ".run", Timestamp: timestamp, Tests: 1, Errors: 1, Properties: props,
			Cases: []junitCase{{Name: "run stopped: " + string(r.Stopped.Cause), Classname: Tool + ".run",
				Error: &junitProblem{Message: r.Stopped.Reason, Type: string(r.Stopped.Cause),
					Body: r.Stopped.Reason + "\n" + v.Line}}}})
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("writing JUnit XML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// replayLine points to a failed check's replay.
func replayLine(c Check) string {
	if c.Replay == "" {
		return ""
	}
	return "\n\nReplay the whole check (set-up, failing calls, clean-up): sh " + c.Replay + "\n"
}

// baselinePrefix says, for a failure, what the baseline made of it.
func baselinePrefix(c Check) string {
	switch c.Baseline {
	case NewFailure:
		return "new since the baseline: "
	case StillFailing:
		return "already failing in the baseline: "
	}
	return ""
}
