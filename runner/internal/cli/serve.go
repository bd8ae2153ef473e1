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
  runner serve --listen 127.0.0.1:9000 --update-delay 2s
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
	region := fs.String("region", "us-east-1", "region in the target's ARNs")
	account := fs.String("account", "123456789012", "account in the target's ARNs")
	delay := fs.Duration("update-delay", 0, "how long an update stays InProgress")
	createDelay := fs.Duration("create-delay", 0, "how long a new function stays Pending")
	faultName := fs.String("fault", "", "serve a target with this deliberate deviation from AWS (runner faults --list)")
	variation := fs.String("variation", "", "serve a benign variation of the target: "+strings.Join(variations.Names(), ", "))
	hostileName := fs.String("hostile", "", "answer UpdateFunctionCode and PublishVersion with a hostile behaviour: "+strings.Join(hostile.Names(), ", "))
	if err := parse(fs, args); err != nil {
		return err
	}
	n := 0
	for _, v := range []string{*faultName, *variation, *hostileName} {
		if v != "" {
			n++
		}
	}
	if n > 1 {
		return usagef("choose one of --fault, --variation and --hostile")
	}
	v, err := referenceVariantOf(runOptions{Fault: *faultName, Variation: *variation, Hostile: *hostileName})
	if err != nil {
		return err
	}
	fault := reference.Fault{}
	if *faultName != "" {
		fault, _ = reference.ParseFault(*faultName)
	}
	if v.options.Region != "" {
		*region = v.options.Region
	}
	if v.options.Account != "" {
		*account = v.options.Account
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return usagef("cannot listen on %s: %v", *listen, err)
	}
	var handler http.Handler = reference.New(reference.Options{Region: *region, Account: *account, UpdateDelay: *delay,
		CreateDelay: *createDelay, Fault: fault.Name})
	if v.wrap != nil {
		handler = v.wrap(handler)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "lambdaconform reference target listening on http://%s (region %s, account %s); Ctrl-C stops it\n",
		ln.Addr(), *region, *account)
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
