package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/hostile"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/fixtures/variations"
)

const serveExamples = `  runner serve --listen 127.0.0.1:9000
  runner serve --listen 127.0.0.1:9000 --update-delay 2s --version-delay 1s
  runner serve --listen 127.0.0.1:9000 --fault publish-always-new
  runner serve --listen 127.0.0.1:9000 --variation slow      every answer 200 ms late
  runner serve --listen 127.0.0.1:9000 --hostile no-answer   never answers UpdateFunctionCode or PublishVersion
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
	variation := fs.String("variation", "", "serve a benign variation of the target: "+strings.Join(variations.Names(), ", "))
	hostileName := fs.String("hostile", "", "answer UpdateFunctionCode and PublishVersion with a hostile behaviour: "+strings.Join(hostile.Names(), ", "))
	if err := parse(fs, args); err != nil {
		return err
	}
	opts, err := settings()
	if err != nil {
		return usagef("%v", err)
	}
	n := 0
	for _, v := range []string{opts.Fault, *variation, *hostileName} {
		if v != "" {
			n++
		}
	}
	if n > 1 {
		return usagef("choose one of --fault, --variation and --hostile")
	}
	v, err := referenceVariantOf(runOptions{Variation: *variation, Hostile: *hostileName})
	if err != nil {
		return err
	}
	if v.options.Region != "" {
		opts.Region, opts.Account = v.options.Region, v.options.Account
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return usagef("cannot listen on %s: %v", *listen, err)
	}
	ref := reference.New(opts)
	fault := ref.Fault()
	var handler http.Handler = ref
	if v.wrap != nil {
		handler = v.wrap(ref)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "lambdaconform reference target listening on http://%s (region %s, account %s, update delay %s, "+
		"version delay %s); Ctrl-C stops it\n", ln.Addr(), opts.Region, opts.Account, opts.UpdateDelay, opts.VersionDelay)
	switch {
	case fault.Name != "":
		fmt.Fprintf(stdout, "with fault %s: %s\n", fault.Name, fault.Description)
	case *variation != "":
		vv, _ := variations.Get(*variation)
		fmt.Fprintf(stdout, "with variation %s: %s\n", vv.Name, vv.Description)
	case *hostileName != "":
		h, _ := hostile.Get(*hostileName)
		fmt.Fprintf(stdout, "hostile, %s: %s\n", h.Name, h.Description)
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
