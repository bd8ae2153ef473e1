// Command runner checks whether an implementation of the AWS Lambda control-plane API behaves like AWS for
// UpdateFunctionCode and PublishVersion. With no arguments it runs every check against the embedded reference
// target; see `runner --help`.
package main

import (
	"os"

	"github.com/lambdaconform/lambdaconform/runner/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
