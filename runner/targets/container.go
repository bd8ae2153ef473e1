package targets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
	tc "github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// ContainerOptions describe a target started in Docker.
type ContainerOptions struct {
	Image      string            // an image to run; or
	Dockerfile string            // a directory holding a Dockerfile to build and run
	Port       string            // the container port of the Lambda API, e.g. "8080/tcp"
	Env        map[string]string // environment of the container
	Cmd        []string          // arguments to the image's entrypoint
	Binds      []string          // host:container bind mounts, e.g. the Docker socket for LocalStack
	ReadyPath  string            // an HTTP path that answers 2xx or 4xx once the target is ready (default: any HTTP answer on /)
	StartTime  time.Duration     // bound on building, pulling and starting (default 3m)
	BuildLog   io.Writer         // build output (default: discarded)
	Name       string            // for reports
}

// Container is a target running in a container started by testcontainers-go. Close removes the container and,
// when it was built from a Dockerfile, the image.
type Container struct {
	c    *tc.DockerContainer
	url  string
	name string
}

// Labels marks every container and image lambdaconform starts or builds, so that tests can prove none is left.
var Labels = map[string]string{"org.lambdaconform.managed": "true"}

// StartContainer builds or pulls, starts and waits for a container target. On error nothing is left running.
func StartContainer(ctx context.Context, o ContainerOptions) (*Container, error) {
	if err := DockerAvailable(ctx); err != nil {
		return nil, err
	}
	if o.Port == "" {
		return nil, errors.New("a container target needs the port of its Lambda API, e.g. 8080/tcp")
	}
	if o.StartTime <= 0 {
		o.StartTime = 3 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, o.StartTime)
	defer cancel()
	ready := wait.ForListeningPort(o.Port)
	var strategy wait.Strategy = ready
	if o.ReadyPath != "" {
		strategy = wait.ForAll(ready, wait.ForHTTP(o.ReadyPath).WithPort(o.Port).
			WithStatusCodeMatcher(func(status int) bool { return status < 500 }))
	}
	opts := []tc.ContainerCustomizer{
		tc.WithExposedPorts(o.Port),
		tc.WithEnv(o.Env),
		tc.WithLabels(Labels),
		tc.WithWaitStrategyAndDeadline(o.StartTime, strategy),
	}
	if len(o.Cmd) > 0 {
		opts = append(opts, tc.WithCmd(o.Cmd...))
	}
	if len(o.Binds) > 0 {
		binds := o.Binds
		opts = append(opts, tc.WithHostConfigModifier(func(hc *container.HostConfig) { hc.Binds = append(hc.Binds, binds...) }))
	}
	img := o.Image
	name := o.Image
	if o.Dockerfile != "" {
		img, name = "", "image built from "+o.Dockerfile
		buildLog := o.BuildLog
		if buildLog == nil {
			buildLog = io.Discard
		}
		opts = append(opts, tc.WithDockerfile(tc.FromDockerfile{Context: o.Dockerfile, BuildLogWriter: buildLog,
			BuildOptionsModifier: func(b *client.ImageBuildOptions) { b.Labels = Labels }}))
	}
	if o.Name != "" {
		name = o.Name
	}
	c, err := tc.Run(ctx, img, opts...)
	if err != nil {
		if c != nil {
			_ = tc.TerminateContainer(c)
		}
		return nil, fmt.Errorf("starting %s: %w%s", name, err, reaperHint(err))
	}
	url, err := c.PortEndpoint(ctx, o.Port, "http")
	if err != nil {
		_ = tc.TerminateContainer(c)
		return nil, fmt.Errorf("finding the port of %s: %w", name, err)
	}
	return &Container{c: c, url: url, name: name}, nil
}

func (t *Container) Endpoint() string { return t.url }
func (t *Container) Describe() string { return fmt.Sprintf("%s (container, %s)", t.name, t.url) }

// Close stops and removes the container (and an image built for it).
func (t *Container) Close(ctx context.Context) error {
	if t.c == nil {
		return nil
	}
	c := t.c
	t.c = nil
	return tc.TerminateContainer(c, tc.StopContext(ctx))
}

// ImageAvailable reports whether Docker can provide an image: the engine answers, and the image is present or
// can be pulled within ctx. The error says which of these failed.
func ImageAvailable(ctx context.Context, image string) error {
	if err := DockerAvailable(ctx); err != nil {
		return err
	}
	cli, err := tc.NewDockerClientWithOpts(ctx)
	if err != nil {
		return fmt.Errorf("no Docker engine is available: %w", err)
	}
	defer cli.Close()
	if _, err := cli.ImageInspect(ctx, image); err == nil {
		return nil
	}
	pull, err := cli.ImagePull(ctx, image, client.ImagePullOptions{})
	if err == nil {
		err = pull.Wait(ctx)
	}
	if err != nil {
		return fmt.Errorf("the image %s is not present and cannot be pulled: %w", image, err)
	}
	return nil
}

// reaperHint suggests the testcontainers settings that help where its reaper (Ryuk) cannot start: its image
// cannot be pulled, or its port is not reachable on the Docker host's address.
func reaperHint(err error) string {
	msg := strings.ToLower(err.Error())
	if !strings.Contains(msg, "reaper") && !strings.Contains(msg, "ryuk") {
		return ""
	}
	return "; testcontainers' reaper could not start: where its image cannot be pulled, set " +
		"TESTCONTAINERS_RYUK_DISABLED=true (the runner removes its containers itself), and where containers are " +
		"reached on loopback, TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"
}

// DockerAvailable reports whether a Docker engine answers, with an error that says why not.
func DockerAvailable(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil { // testcontainers-go can panic when no engine is configured
			err = fmt.Errorf("no Docker engine is available: %v", r)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := tc.NewDockerProvider()
	if err != nil {
		return fmt.Errorf("no Docker engine is available: %w", err)
	}
	defer p.Close()
	if err := p.Health(ctx); err != nil {
		return fmt.Errorf("the Docker engine does not answer: %w", err)
	}
	return nil
}
