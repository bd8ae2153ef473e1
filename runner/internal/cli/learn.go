package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
)

// learnReference asks a target that the runner does not serve in-process whether it is a lambdaconform reference
// target (`runner serve`, the lambda-reference binary or its image), at reference.InfoPath, a read-only path
// outside the Lambda API. When it is, the run creates its functions with the extras the target names, as the
// in-process run does, unless the run has extras of its own; and a target whose updates complete at once is
// pointed out, since the checks of 409 then skip. AWS endpoints are never asked; any other answer is ignored.
func learnReference(ctx context.Context, s *started, o runOptions, log io.Writer) {
	if s.extras != nil || o.FunctionExtras != nil || isAWS(s.target.Endpoint()) {
		return
	}
	c, err := client.New(client.Config{Endpoint: s.target.Endpoint(), Region: s.region, Credentials: s.credentials,
		Timeout: 5 * time.Second})
	if err != nil {
		return
	}
	ex := c.Do(ctx, client.Request{Operation: "ReferenceInfo", Method: http.MethodGet, Path: reference.InfoPath})
	var info reference.Info
	if ex.Err != nil || ex.Status != http.StatusOK || json.Unmarshal(ex.Body, &info) != nil || info.Target != reference.InfoTarget {
		return
	}
	s.extras = info.FunctionExtras
	fmt.Fprintf(log, "lambdaconform: %s is a %s (update delay %s, version delay %s); functions are created with its extras\n",
		s.target.Endpoint(), info.Target, info.UpdateDelay, info.VersionDelay)
	if d, err := time.ParseDuration(info.UpdateDelay); err == nil && d == 0 {
		fmt.Fprintf(log, "lambdaconform: its updates complete at once, so the checks of 409 ResourceConflictException "+
			"will skip; serve it with --update-delay %s to run them\n", DefaultUpdateDelay)
	}
}
