// Command modelextract copies what the drift test needs from AWS's botocore models of Lambda into the project's
// testdata: the UpdateFunctionCode and PublishVersion operations and every shape they reach (inputs, outputs,
// errors), with provenance. The tests then never read outside the repository.
//
// Refresh the testdata after a model changes (from the repository root), DIR holding botocore's
// botocore-lambda-2015-03-31.service-2.json and its 2019 version botocore-lambda-2015-03-31.service-2.2019.json
// (docs/aws-behavior.md §15 says which commits they come from):
//
//	go run ./spec/internal/modelextract -models DIR
//
// With -check it writes nothing and fails when the testdata differs from what the models give, for CI
// machines that have the models.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// sources maps each testdata file to the model file it is extracted from.
var sources = []struct{ model, out string }{
	{"botocore-lambda-2015-03-31.service-2.2019.json", "botocore-2019.json"},
	{"botocore-lambda-2015-03-31.service-2.json", "botocore-current.json"},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("modelextract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	models := fs.String("models", "", "directory of the botocore model files (required)")
	out := fs.String("out", "spec/testdata", "directory to write the extracts to")
	check := fs.Bool("check", false, "write nothing; fail when the extracts differ from the models")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *models == "" {
		fmt.Fprintln(stderr, "modelextract: -models DIR is required: the directory of botocore's Lambda model files "+
			"(botocore-lambda-2015-03-31.service-2.json and botocore-lambda-2015-03-31.service-2.2019.json)")
		return 2
	}
	stale := 0
	for _, s := range sources {
		src := filepath.Join(*models, s.model)
		data, err := os.ReadFile(src)
		if err != nil {
			fmt.Fprintf(stderr, "modelextract: %v\n", err)
			return 1
		}
		extract, err := Extract(data, s.model, Operations)
		if err != nil {
			fmt.Fprintf(stderr, "modelextract: %s: %v\n", src, err)
			return 1
		}
		dst := filepath.Join(*out, s.out)
		if *check {
			if old, err := os.ReadFile(dst); err != nil || !bytes.Equal(old, extract) {
				fmt.Fprintf(stderr, "modelextract: %s is out of date with %s; run go run ./spec/internal/modelextract\n", dst, src)
				stale++
			}
			continue
		}
		if err := os.WriteFile(dst, extract, 0o644); err != nil {
			fmt.Fprintf(stderr, "modelextract: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: %d bytes from %s\n", dst, len(extract), src)
	}
	if stale > 0 {
		return 1
	}
	return 0
}
