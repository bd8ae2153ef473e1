package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconform/lambdaconform/suites"
)

// progress shows how a run is going: a live line on a terminal, periodic lines otherwise, and every failure as
// it happens.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	live     bool
	total    int
	count    int
	failed   int
	errored  int
	started  time.Time
	lastLine time.Time
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, live: isTerminal(w)}
}

func (p *progress) start(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.started, p.lastLine = total, time.Now(), time.Now()
	fmt.Fprintf(p.w, "lambdaconform: running %d checks\n", total)
}

func (p *progress) finished(s types.SpecReport) {
	if s.LeafNodeType != types.NodeTypeIt || s.State == types.SpecStateSkipped && s.Failure.Message == "" && len(s.ReportEntries) == 0 {
		return // not selected, or not run because the run stopped: only the checks that ran are counted
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count++
	if s.State.Is(types.SpecStateAborted | types.SpecStateInterrupted) {
		p.clear()
		what := "the run was interrupted during"
		if strings.HasPrefix(s.Failure.Message, suites.StoppedPrefix) {
			what = "the target went silent: the run stopped at"
		}
		fmt.Fprintf(p.w, "  ■ %s %s\n", what, s.LeafNodeText)
	} else if s.State.Is(types.SpecStateFailureStates) {
		mark := "✗"
		if s.State != types.SpecStateFailed || strings.HasPrefix(s.Failure.Message, suites.SetupErrorPrefix) {
			mark = "!" // could not judge the target: an error, not a failure
			p.errored++
		} else {
			p.failed++
		}
		p.clear()
		fmt.Fprintf(p.w, "  %s %s\n", mark, s.LeafNodeText)
	}
	line := fmt.Sprintf("[%d/%d] %d failed, %d errors, %s", p.count, p.total, p.failed, p.errored,
		time.Since(p.started).Round(time.Second))
	switch {
	case p.live:
		fmt.Fprintf(p.w, "\r  %s  ", line)
	case time.Since(p.lastLine) > 5*time.Second || p.count == p.total:
		p.lastLine = time.Now()
		fmt.Fprintf(p.w, "  %s\n", line)
	}
}

func (p *progress) clear() {
	if p.live {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 60))
	}
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live {
		fmt.Fprintln(p.w)
	}
}
