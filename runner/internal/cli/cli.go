// Package cli is the runner's command line: it parses arguments, starts or reaches the target, runs the suites
// and writes the reports.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes, documented in the README.
const (
	ExitConformant    = 0 // every check passed (or failed only as expected)
	ExitNonConformant = 1 // at least one check failed
	ExitUsage         = 2 // bad usage or configuration
	ExitCannotRun     = 3 // the suites could not run: target unreachable, set-up failed
)

// usageError is an error in the command line or configuration (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Main runs the command line and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	cmd, rest := "run", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest = args[0], args[1:]
	}
	var err error
	code := ExitConformant
	switch cmd {
	case "run":
		code, err = runCommand(rest, stdout, stderr)
	case "serve":
		err = serveCommand(rest, stdout, stderr)
	case "list":
		err = listCommand(rest, stdout, stderr)
	case "faults":
		code, err = faultsCommand(rest, stdout, stderr)
	case "rules":
		err = rulesCommand(rest, stdout, stderr)
	case "merge":
		code, err = mergeCommand(rest, stdout, stderr)
	case "compare":
		err = compareCommand(rest, stdout, stderr)
	case "record":
		code, err = recordCommand(rest, stdout, stderr)
	case "diff":
		code, err = diffCommand(rest, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, topUsage)
		return ExitConformant
	default:
		err = usagef("unknown command %q\n\n%s", cmd, topUsage)
	}
	if err == nil {
		return code
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitConformant
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "runner: %v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "runner: %v\n", err)
	if code == ExitConformant {
		code = ExitCannotRun
	}
	return code
}

const topUsage = `lambdaconform runner: is this Lambda control plane conformant with AWS for UpdateFunctionCode and
PublishVersion?

Commands:
  runner [run] [flags]   run the checks (default: against the embedded reference target)
  runner serve [flags]   serve the reference target until interrupted
  runner list [flags]    list the checks and their labels without running them
  runner faults [flags]  prove the checks' detection power: the fault matrix of the reference target
  runner rules [flags]   print the rule catalog: what is checked and where each rule comes from
  runner merge [flags]   one report and one verdict from the JSON reports of a run's shards
  runner compare [flags] the JSON reports of several targets' runs side by side
  runner record [flags]  record what a target answers to a fixed set of scenarios (AWS once, with --allow-aws)
  runner diff [flags]    replay a recording against another target and show every difference
  runner help            this text

Run 'runner <command> --help' for a command's flags and examples.

Exit codes: 0 conformant, 1 not conformant, 2 usage or configuration error, 3 the suites could not run.
`

// newFlagSet returns a flag set that reports errors instead of exiting, with usage text and examples.
func newFlagSet(name, synopsis, examples string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
		if examples != "" {
			fmt.Fprintf(stderr, "\nExamples:\n%s", examples)
		}
	}
	return fs
}

// parse parses flags, turning flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
