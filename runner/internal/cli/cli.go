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
	ExitCannotRun     = 3 // incomplete: the run stopped (target silent, unreachable, interrupted) or checks erred
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
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		cmd = "version"
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
	case "version":
		err = versionCommand(stdout)
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, topUsage)
		return ExitConformant
	default:
		err = usagef("unknown command %q (the commands are run, serve, list, faults, rules, merge, compare, record, diff, version and help)", cmd)
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
  runner version         the version of lambdaconform and of each profile's catalog (also --version)
  runner help            this text

Run 'runner <command> --help' for a command's flags and examples; 'runner faults --list' lists the faults,
variations and hostile behaviours of the reference target.

Exit codes: 0 conformant (or accepted), 1 not conformant, 2 usage or configuration error, 3 incomplete (the run
stopped early: the target went silent or was unreachable, the run was interrupted; or checks could not judge).
Exit codes reach CI only from a built binary: 'go run' turns every failure into exit 1.
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

// parse parses flags, turning flag errors into usage errors of one line; --help prints the usage.
func parse(fs *flag.FlagSet, args []string) error {
	usage, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard) // the flag package would print the error and the whole usage
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(out)
	if errors.Is(err, flag.ErrHelp) {
		fs.Usage()
		return err
	}
	if err != nil {
		help := "runner " + fs.Name() + " --help"
		if fs.Name() == "run" {
			help = "runner --help"
		}
		return usagef("%v (%s lists the flags)", err, help)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
