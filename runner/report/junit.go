package report

import (
	"encoding/xml"
	"fmt"
	"io"
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
	Time     float64      `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       float64         `xml:"time,attr"`
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
	Time      float64       `xml:"time,attr"`
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

// WriteJUnit writes the report as JUnit XML.
func WriteJUnit(w io.Writer, r Report) error {
	out := junitSuites{Name: "lambdaconform", Tests: r.Summary.Total, Failures: r.Summary.Failed,
		Errors: r.Summary.Error, Skipped: r.Summary.Skipped, Time: r.Duration.Seconds()}
	index := map[string]int{}
	for _, c := range r.Checks {
		fam := c.Family
		if fam == "" {
			fam = "suite"
		}
		i, ok := index[fam]
		if !ok {
			i = len(out.Suites)
			index[fam] = i
			out.Suites = append(out.Suites, junitSuite{Name: "lambdaconform." + fam, Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05"),
				Properties: []junitProperty{{"target", r.Target}, {"profile", r.Profile}}})
		}
		s := &out.Suites[i]
		jc := junitCase{Name: c.ID + ": " + c.Title, Classname: "lambdaconform." + fam + "." + c.Operation,
			Time: float64(c.DurationMS) / 1000}
		switch c.Outcome {
		case Failed:
			s.Failures++
			jc.Failure = &junitProblem{Message: c.Reason, Type: strings.Join(c.FailedRules, " "), Body: c.Message}
		case Error:
			s.Errors++
			jc.Error = &junitProblem{Message: c.Reason, Type: "error", Body: c.Message}
		case Skipped:
			s.Skipped++
			jc.Skipped = &junitSkipped{Message: c.Reason}
		}
		if len(c.Notes) > 0 {
			jc.SystemOut = strings.Join(c.Notes, "\n")
		}
		s.Tests++
		s.Time += jc.Time
		s.Cases = append(s.Cases, jc)
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
