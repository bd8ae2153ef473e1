package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

type parsedJUnit struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name       string `xml:"name,attr"`
		Tests      int    `xml:"tests,attr"`
		Failures   int    `xml:"failures,attr"`
		Errors     int    `xml:"errors,attr"`
		Skipped    int    `xml:"skipped,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, r Report) parsedJUnit {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc parsedJUnit
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("the JUnit XML does not parse: %v\n%s", err, buf.String())
	}
	return doc
}

// TestJUnitParsesBack writes the sample as JUnit XML, parses it back, and finds every outcome as the element CI
// systems read.
func TestJUnitParsesBack(t *testing.T) {
	r := sampleReport()
	r.Checks[0].Message += "\x00\x1b[31m control characters from the target \ufffe"
	doc := parseJUnit(t, r)
	if doc.Tests != 6 || doc.Failures != 2 || doc.Errors != 1 || doc.Skipped != 1 {
		t.Errorf("totals: %d tests, %d failures, %d errors, %d skipped", doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	}
	var names []string
	cases := map[string]int{}
	for _, s := range doc.Suites {
		names = append(names, s.Name)
		if len(s.Cases) != s.Tests {
			t.Errorf("suite %s: tests=%d but %d cases", s.Name, s.Tests, len(s.Cases))
		}
		props := map[string]string{}
		for _, p := range s.Properties {
			props[p.Name] = p.Value
		}
		if props["target"] != r.Target || props["profile"] != "seed-2019" || !strings.HasPrefix(props["verdict"], "NOT CONFORMANT") {
			t.Errorf("suite %s properties: %v", s.Name, props)
		}
		for _, c := range s.Cases {
			id, _, _ := strings.Cut(c.Name, ": ")
			switch {
			case c.Failure != nil:
				cases["failure"]++
				if id == "contract.PublishVersion.status-201" {
					if c.Failure.Type != "PublishVersion.status.201 PublishVersion.status.documented" ||
						!strings.HasPrefix(c.Failure.Message, "must failure: [PublishVersion.status.201]") ||
						!strings.Contains(c.Failure.Body, "< 200 OK") || c.Classname != "lambdaconform.contract.PublishVersion" {
						t.Errorf("failure of %s: %+v", c.Name, c.Failure)
					}
				}
			case c.Error != nil:
				cases["error"]++
				if !strings.Contains(c.Error.Message, "CreateFunction was refused") {
					t.Errorf("error of %s: %+v", c.Name, c.Error)
				}
			case c.Skipped != nil:
				cases["skipped"]++
				if c.Skipped.Message != "the target never showed an update in progress" {
					t.Errorf("skip of %s: %+v", c.Name, c.Skipped)
				}
			default:
				cases["passed"]++
			}
		}
	}
	if strings.Join(names, " ") != "lambdaconform.contract lambdaconform.semantics lambdaconform.errors lambdaconform.interop" {
		t.Errorf("suites %v", names)
	}
	if cases["failure"] != 2 || cases["error"] != 1 || cases["skipped"] != 1 || cases["passed"] != 2 {
		t.Errorf("cases by element: %v", cases)
	}
}

// TestJUnitExpectedAndBaseline: an expected failure is <skipped> naming its entry, with the failure kept in
// <system-out>; a failure that is new since the baseline says so.
func TestJUnitExpectedAndBaseline(t *testing.T) {
	doc := parseJUnit(t, fullReport(t))
	if doc.Failures != 1 || doc.Skipped != 2 {
		t.Errorf("totals: %d failures, %d skipped", doc.Failures, doc.Skipped)
	}
	found := 0
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			switch {
			case strings.HasPrefix(c.Name, "semantics.PublishVersion.unchanged-returns-latest:"):
				found++
				if c.Skipped == nil || !strings.HasPrefix(c.Skipped.Message, "expected failure: we publish a new version even when nothing changed (entry 1") ||
					!strings.Contains(c.SystemOut, "Expected version 1, got 2") {
					t.Errorf("expected failure: %+v", c)
				}
			case strings.HasPrefix(c.Name, "contract.PublishVersion.status-201:"):
				found++
				if c.Failure == nil || !strings.HasPrefix(c.Failure.Message, "must failure: new since the baseline: [PublishVersion.status.201]") ||
					!strings.Contains(c.SystemOut, "expired on 2026-01-31") {
					t.Errorf("new failure: %+v", c)
				}
			}
		}
	}
	if found != 2 {
		t.Errorf("found %d of the 2 cases", found)
	}
}
