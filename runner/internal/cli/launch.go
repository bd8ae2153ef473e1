package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/lambdaconform/lambdaconform/runner/targets"
)

// How a preset's emulator is started (--launch).
const (
	launchAuto      = "auto"      // its image when Docker can provide it, else its server program from PATH
	launchContainer = "container" // its image, in Docker
	launchProcess   = "process"   // its server program from PATH, as a local process
)

var launchModes = []string{launchAuto, launchContainer, launchProcess}

// imageAvailable reports whether Docker can provide an image (a variable, so that tests can say it cannot).
var imageAvailable = targets.ImageAvailable

// processForm is how a preset's emulator runs as a local process.
type processForm struct {
	Command string                           // the server program, looked up on PATH
	Args    func(host, port string) []string // its arguments to listen on host:port
	Install string                           // how to install it, for the message when it is missing
	// Version returns the version of the running server, or "" when it cannot tell.
	Version func(ctx context.Context, p *targets.Process) string
}

// startPreset starts a preset's emulator the way --launch says. Its first line on log says which way it was
// started and which version runs.
func startPreset(ctx context.Context, o runOptions, log io.Writer) (targets.Target, error) {
	p := presets[o.Preset]
	image := firstNonEmpty(o.Image, p.Image)
	mode := firstNonEmpty(o.Launch, launchAuto)
	if p.Process == nil || o.Image != "" {
		mode = launchContainer // nothing else to run, or the user named the image to run
	}
	switch mode {
	case launchProcess:
		t, err := startProcessForm(ctx, o, p.Process, log)
		if errors.Is(err, targets.ErrNotInstalled) {
			return nil, fmt.Errorf("cannot start %s as a local process: %v. Install it: %s", o.Preset, err, p.Process.Install)
		}
		return t, err
	case launchAuto:
		dctx, cancel := context.WithTimeout(ctx, o.StartTimeout)
		unavailable := imageAvailable(dctx, image)
		cancel()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if unavailable == nil {
			break // the image, as for --launch container
		}
		t, err := startProcessForm(ctx, o, p.Process, log)
		if errors.Is(err, targets.ErrNotInstalled) {
			return nil, fmt.Errorf("cannot start %s: Docker cannot provide %s (%v), and %s is not on PATH. "+
				"Install one of them: Docker with access to the image, or %s", o.Preset, image, unavailable,
				p.Process.Command, p.Process.Install)
		}
		if err == nil {
			fmt.Fprintf(log, "lambdaconform: not in Docker, because %v (--launch container insists on Docker)\n", unavailable)
		}
		return t, err
	}
	fmt.Fprintf(log, "lambdaconform: starting %s from the Docker image %s\n", o.Preset, image)
	return targets.StartContainer(ctx, targets.ContainerOptions{Image: image, Port: firstNonEmpty(o.Port, p.Port),
		ReadyPath: p.ReadyPath, Env: p.env(o.Env.Map()), Binds: p.Binds, StartTime: o.StartTimeout,
		Name: o.Preset + " " + image})
}

// startProcessForm starts the server program, learns its version and says both in one line.
func startProcessForm(ctx context.Context, o runOptions, f *processForm, log io.Writer) (targets.Target, error) {
	p, err := targets.StartProcess(ctx, targets.ProcessOptions{Command: f.Command, Args: f.Args,
		ReadyPath: presets[o.Preset].ReadyPath, StartTime: o.StartTimeout, Name: f.Command})
	if err != nil {
		return nil, err
	}
	version := f.Version(ctx, p)
	name := o.Preset + " " + version
	if version == "" {
		name, version = o.Preset, "(version unknown)"
	}
	fmt.Fprintf(log, "lambdaconform: %s %s started as a local process: %s from PATH (%s), process group %d, at %s\n",
		o.Preset, version, f.Command, p.Path(), p.PID(), p.Endpoint())
	return described{p, fmt.Sprintf("%s (%s from PATH, local process, %s)", name, f.Command, p.Endpoint())}, nil
}

// described is a target with another description.
type described struct {
	targets.Target
	desc string
}

func (d described) Describe() string { return d.desc }

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
