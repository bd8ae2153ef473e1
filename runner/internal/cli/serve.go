package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
)

const serveExamples = `  runner serve --listen 127.0.0.1:9000
  runner serve --listen 127.0.0.1:9000 --update-delay 2s --version-delay 1s
  runner serve --listen 127.0.0.1:9000 --fault publish-always-new
`

func serveCommand(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// serve serves the reference target until ctx is done.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "runner serve [flags]", serveExamples, stderr)
	listen := fs.String("listen", "127.0.0.1:9000", "address to listen on")
	settings := reference.BindFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	opts, err := settings()
	if err != nil {
		return usagef("%v", err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return usagef("cannot listen on %s: %v", *listen, err)
	}
	ref := reference.New(opts)
	fault := ref.Fault()
	srv := &http.Server{Handler: ref, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "lambdaconform reference target listening on http://%s (region %s, account %s, update delay %s, "+
		"version delay %s); Ctrl-C stops it\n", ln.Addr(), opts.Region, opts.Account, opts.UpdateDelay, opts.VersionDelay)
	if fault.Name != "" {
		fmt.Fprintf(stdout, "with fault %s: %s\n", fault.Name, fault.Description)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "lambdaconform reference target stopped")
	return nil
}
