package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/lambdaconform/lambdaconform/runner/report"
)

// Ginkgo runs the specs of a process one after the other, and its parallel mode needs its own command-line
// tool. The runner parallelises by shards instead: it runs itself once per shard against the same target, each
// child registering only its share of the checks (suites.Config.Shard), and merges their Ginkgo reports.

// shardSpec parses --shard "i/n" (1-based on the command line).
func shardSpec(s string) (index, total int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, usagef("--shard %q: want i/n with 1 <= i <= n", s)
	}
	return i - 1, n, nil
}

// runSharded runs the checks in o.Procs child processes against the started target and merges their reports.
func runSharded(o runOptions, s *started, role string, extras map[string]any, stderr io.Writer) (report.Report, error) {
	dir, err := os.MkdirTemp("", "lambdaconform-shards-")
	if err != nil {
		return report.Report{}, err
	}
	defer os.RemoveAll(dir)
	self, err := os.Executable()
	if err != nil {
		return report.Report{}, fmt.Errorf("finding the runner's own executable: %w", err)
	}
	args := childArgs(o, s, role)
	if len(extras) > 0 {
		cfg := filepath.Join(dir, "extras.yaml")
		data, err := yaml.Marshal(map[string]any{"function-extras": extras})
		if err != nil {
			return report.Report{}, err
		}
		if err := os.WriteFile(cfg, data, 0o600); err != nil {
			return report.Report{}, err
		}
		args = append(args, "--config", cfg)
	}
	fmt.Fprintf(stderr, "lambdaconform: running the checks in %d processes\n", o.Procs)
	start := time.Now()
	children := make([]*exec.Cmd, o.Procs)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range children {
		out := filepath.Join(dir, fmt.Sprintf("shard-%d.json", i+1))
		cmd := exec.Command(self, append(append([]string{"run"}, args...),
			"--shard", fmt.Sprintf("%d/%d", i+1, o.Procs), "--ginkgo-json-report", out)...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the runner forwards interrupts itself, once
		cmd.Stdout = io.Discard
		pipe, err := cmd.StderrPipe()
		if err != nil {
			return report.Report{}, err
		}
		if err := cmd.Start(); err != nil {
			for _, started := range children[:i] {
				_ = started.Process.Kill()
				_ = started.Wait()
			}
			return report.Report{}, fmt.Errorf("starting shard %d: %w", i+1, err)
		}
		children[i] = cmd
		wg.Add(1)
		go func(i int, r io.Reader) {
			defer wg.Done()
			lines := bufio.NewScanner(r)
			for lines.Scan() {
				mu.Lock()
				fmt.Fprintf(stderr, "  [shard %d] %s\n", i+1, strings.TrimSpace(lines.Text()))
				mu.Unlock()
			}
		}(i, pipe)
	}
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-interrupts:
			fmt.Fprintf(stderr, "lambdaconform: interrupted; the shards clean up and report\n")
			for _, c := range children {
				_ = c.Process.Signal(sig)
			}
		case <-done:
		}
	}()
	wg.Wait()
	var merged types.Report
	var missing []string
	for i, c := range children {
		werr := c.Wait()
		data, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("shard-%d.json", i+1)))
		var reports []types.Report
		if err == nil {
			err = json.Unmarshal(data, &reports)
		}
		if err != nil || len(reports) == 0 {
			missing = append(missing, fmt.Sprintf("shard %d ended without a report (%v)", i+1, werr))
			continue
		}
		r := reports[0]
		if merged.StartTime.IsZero() || r.StartTime.Before(merged.StartTime) {
			merged.StartTime = r.StartTime
		}
		merged.SuiteConfig, merged.SuiteDescription = r.SuiteConfig, r.SuiteDescription
		merged.SpecialSuiteFailureReasons = append(merged.SpecialSuiteFailureReasons, r.SpecialSuiteFailureReasons...)
		merged.SpecReports = append(merged.SpecReports, r.SpecReports...)
	}
	close(done)
	merged.RunTime = time.Since(start)
	rep := report.FromGinkgo(merged, s.target.Describe(), o.Profile)
	for _, m := range missing {
		rep.Checks = append(rep.Checks, report.Check{ID: "suite.shard", Title: "a shard of the run", Family: "suite",
			Outcome: report.Error, Message: m, Reason: m})
	}
	return rep, nil
}

// childArgs are the flags a shard runs with: the started target as an endpoint, and every setting that selects
// or shapes checks.
func childArgs(o runOptions, s *started, role string) []string {
	args := []string{"--endpoint", s.target.Endpoint(), "--profile", o.Profile, "--region", s.region,
		"--prefix", o.Prefix, "--request-timeout", o.RequestTimeout.String(), "--update-timeout", o.UpdateTimeout.String()}
	for flag, v := range map[string]string{"--role": role, "--runtime": o.Runtime, "--label-filter": o.LabelFilter,
		"--focus": o.Focus, "--skip": o.Skip, "--s3-endpoint": o.S3Endpoint, "--shard-costs": o.ShardCosts} {
		if v != "" {
			args = append(args, flag, v)
		}
	}
	if o.Strict {
		args = append(args, "--strict")
	}
	if isAWS(s.target.Endpoint()) {
		args = append(args, "--allow-aws")
	}
	return args
}
