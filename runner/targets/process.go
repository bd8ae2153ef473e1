package targets

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// ProcessOptions describe a target started as a local process listening on loopback.
type ProcessOptions struct {
	Command   string                           // the program, looked up on PATH
	Args      func(host, port string) []string // its arguments, given the address it must listen on
	ReadyPath string                           // an HTTP path that answers below 500 once the target is ready
	StartTime time.Duration                    // bound on starting and becoming ready (default 1m)
	Name      string                           // for reports and errors
}

// Process is a target running as a local process in a process group of its own. Close stops the whole group,
// so that a wrapper (a pyenv shim, a shell script) and everything the program started go with it; a terminal's
// Ctrl-C reaches the runner only, which then cleans up before stopping the target. On Linux the process is also
// killed when the runner dies without closing it.
type Process struct {
	name    string
	path    string
	url     string
	pid     int
	done    chan struct{} // closed when the leader has exited and been reaped
	waitErr error
	output  *tail
	stop    func() // releases what keeps the process alive with the runner (see startGroup)
	once    sync.Once
	closeEr error
}

// ErrNotInstalled is returned, wrapped, when the program of a process target is not on PATH.
var ErrNotInstalled = errors.New("not installed")

// StartProcess starts o.Command on a free loopback port and waits until o.ReadyPath answers. A port taken by
// another program between choosing and binding it is retried with another. On error nothing is left running.
func StartProcess(ctx context.Context, o ProcessOptions) (*Process, error) {
	path, err := exec.LookPath(o.Command)
	if err != nil {
		return nil, fmt.Errorf("%s is not on PATH: %w", o.Command, ErrNotInstalled)
	}
	if o.StartTime <= 0 {
		o.StartTime = time.Minute
	}
	if o.Name == "" {
		o.Name = o.Command
	}
	ctx, cancel := context.WithTimeout(ctx, o.StartTime)
	defer cancel()
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freeLoopbackPort()
		if err != nil {
			return nil, err
		}
		p, err := startOnce(ctx, o, path, port)
		if err == nil {
			return p, nil
		}
		last = err
		var early *exitedEarly
		if !errors.As(err, &early) || !strings.Contains(strings.ToLower(early.output), "in use") || ctx.Err() != nil {
			break // only a process that could not bind its port may have lost a race for it
		}
	}
	return nil, last
}

// exitedEarly is a process that ended before it answered.
type exitedEarly struct {
	name, output string
	err          error
}

func (e *exitedEarly) Error() string {
	msg := fmt.Sprintf("%s exited before it answered (%v)", e.name, e.err)
	if e.output != "" {
		msg += ": " + e.output
	}
	return msg
}

func startOnce(ctx context.Context, o ProcessOptions, path, port string) (*Process, error) {
	args := o.Args("127.0.0.1", port)
	p := &Process{name: o.Name, path: path, url: "http://127.0.0.1:" + port, done: make(chan struct{}),
		output: newTail(16 << 10)}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = p.output, p.output
	cmd.WaitDelay = time.Second // a child that keeps the output open must not keep Wait from returning
	stop, err := startGroup(cmd)
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", o.Name, err)
	}
	p.pid, p.stop = cmd.Process.Pid, stop
	go func() {
		p.waitErr = cmd.Wait()
		close(p.done)
	}()
	if err := p.waitReady(ctx, o.ReadyPath); err != nil {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.Close(cctx)
		return nil, err
	}
	return p, nil
}

// waitReady polls the ready path until it answers below 500, the process exits, or ctx ends.
func (p *Process) waitReady(ctx context.Context, readyPath string) error {
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url+readyPath, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode < 500 {
				return nil
			}
		}
		select {
		case <-p.done:
			return &exitedEarly{name: p.name, output: p.output.lastLines(5), err: p.waitErr}
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer on %s%s: %w", p.name, p.url, readyPath, context.Cause(ctx))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (p *Process) Endpoint() string { return p.url }
func (p *Process) Describe() string { return fmt.Sprintf("%s (local process, %s)", p.name, p.url) }

// PID is the process group's leader, the process started.
func (p *Process) PID() int { return p.pid }

// Path is the program that was started, as found on PATH.
func (p *Process) Path() string { return p.path }

// Members returns the command lines of the processes of the target's group that are still running (on Linux;
// elsewhere nil). A wrapper that execs its program shows the program's command line here.
func (p *Process) Members() [][]string { return groupMembers(p.pid) }

// Close stops the whole process group: SIGTERM, then SIGKILL after a grace period, and waits until no process
// of the group is left. It is safe to call more than once.
func (p *Process) Close(ctx context.Context) error {
	p.once.Do(func() { p.closeEr = p.close(ctx) })
	return p.closeEr
}

func (p *Process) close(ctx context.Context) error {
	defer p.stop()
	grace, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	signalGroup(p.pid, false)
	if p.waitGone(grace) {
		return nil
	}
	signalGroup(p.pid, true)
	final, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	if p.waitGone(final) {
		return nil
	}
	return fmt.Errorf("%s (process group %d) did not stop", p.name, p.pid)
}

// waitGone waits until the leader has been reaped and no other process of the group is left.
func (p *Process) waitGone(ctx context.Context) bool {
	for {
		select {
		case <-p.done:
			if !groupAlive(p.pid) {
				return true
			}
		default:
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func freeLoopbackPort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("finding a free loopback port: %w", err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port, nil
}

// tail keeps the last bytes written to it: the process's output, for error messages.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func newTail(max int) *tail { return &tail{max: max} }

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

// lastLines returns the last n non-empty lines, joined with " | ".
func (t *tail) lastLines(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var lines []string
	for _, l := range strings.Split(string(t.buf), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
