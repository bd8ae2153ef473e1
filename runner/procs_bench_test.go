package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// BenchmarkProcsSlow runs every check against the reference target answering every call 200 ms late
// (--variation slow) in 1, 2, 4 and 8 processes, and reports each run's wall time and "x-ideal", its ratio to
// one process's time divided by N (balanced shards keep it at most 1.3). Each run takes a minute or more:
//
//	go test ./runner -run '^$' -bench ProcsSlow -benchtime 1x -timeout 30m
func BenchmarkProcsSlow(b *testing.B) {
	var one time.Duration
	for _, n := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("procs=%d", n), func(b *testing.B) {
			var total time.Duration
			for range b.N {
				cmd := exec.Command(runnerBin, "--variation", "slow", "--procs", strconv.Itoa(n))
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				start := time.Now()
				if err := cmd.Run(); err != nil {
					b.Fatalf("--procs %d: %v\n%s", n, err, out.String())
				}
				total += time.Since(start)
			}
			took := total / time.Duration(b.N)
			b.ReportMetric(took.Seconds(), "s/run")
			if n == 1 {
				one = took
			} else if one > 0 {
				b.ReportMetric(took.Seconds()*float64(n)/one.Seconds(), "x-ideal")
			}
		})
	}
}
