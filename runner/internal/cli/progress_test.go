package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconform/lambdaconform/suites"
)

// TestProgressCountsOnlyChecksThatRun: checks the selection left out, or that did not run because the run
// stopped, are not counted ([194/97] no more); a stop is announced.
func TestProgressCountsOnlyChecksThatRun(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out)
	p.start(2)
	it := func(state types.SpecState, msg string) types.SpecReport {
		return types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: "a check", State: state, Failure: types.Failure{Message: msg}}
	}
	p.finished(it(types.SpecStateSkipped, ""))                                // not selected
	p.finished(it(types.SpecStatePassed, ""))                                 // ran
	p.finished(it(types.SpecStateAborted, suites.StoppedPrefix+"the target")) // ran, and stopped the run
	p.finished(it(types.SpecStateSkipped, ""))                                // not run
	p.finish()
	text := out.String()
	if !strings.Contains(text, "[2/2]") || strings.Contains(text, "[3/2]") || strings.Contains(text, "[4/2]") {
		t.Errorf("progress:\n%s", text)
	}
	if !strings.Contains(text, "■ the target went silent: the run stopped at a check") {
		t.Errorf("the stop is not announced:\n%s", text)
	}
}
