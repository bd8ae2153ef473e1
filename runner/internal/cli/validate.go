package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// Every input is checked before anything starts: a mistake costs one clear line and exit 2, never a run, a
// panic or a stack trace (Ginkgo compiles --focus and --skip with regexp.MustCompile).

// validSelection checks the label filter and the focus and skip expressions.
func validSelection(labelFilter, focus, skip string) error {
	if labelFilter != "" {
		if _, err := types.ParseLabelFilter(labelFilter); err != nil {
			return usagef("--label-filter %q is not a label query: %s (e.g. 'family:semantics && !evidence:unverified')",
				labelFilter, ginkgoErrorLine(err))
		}
	}
	for _, re := range []struct{ flag, expr string }{{"--focus", focus}, {"--skip", skip}} {
		if re.expr == "" {
			continue
		}
		if _, err := regexp.Compile(re.expr); err != nil {
			return usagef("%s %q is not a regular expression: %s", re.flag, re.expr, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
	}
	return nil
}

// ginkgoErrorLine is the last line of a Ginkgo error's message, without its terminal formatting.
func ginkgoErrorLine(err error) string {
	var ge types.GinkgoError
	if !errors.As(err, &ge) {
		return firstLineOf(err.Error())
	}
	msg := regexp.MustCompile(`\{\{[^}]*\}\}`).ReplaceAllString(ge.Message, "")
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func firstLineOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// validSuiteSettings checks what suites.Configure would refuse (the prefix), without a target.
func validSuiteSettings(o runOptions) error {
	if err := suites.Configure(suites.Config{Endpoint: placeholderEndpoint, Profile: o.Profile, Prefix: o.Prefix}); err != nil {
		return usagef("%s", strings.TrimPrefix(err.Error(), "suites: "))
	}
	return nil
}

// placeholderEndpoint configures the suites when the tree is only built, never run: it is never contacted.
const placeholderEndpoint = "http://127.0.0.1:9"

// validOutputs checks, before the run, that every report can be written: two reports never share a file, the
// directory of each exists, and the file can be created or overwritten.
func validOutputs(o runOptions) error {
	seen := map[string]string{}
	for _, out := range reportOutputs(o) {
		if out.path == "" {
			continue
		}
		abs, err := filepath.Abs(out.path)
		if err != nil {
			return usagef("%s %s: %v", out.flag, out.path, err)
		}
		if other, ok := seen[abs]; ok {
			return usagef("%s and %s both write %s: give each report its own file", other, out.flag, out.path)
		}
		seen[abs] = out.flag
		if err := writable(out.path); err != nil {
			return usagef("%s %s: %v", out.flag, out.path, err)
		}
	}
	return nil
}

// writable reports why path cannot be written, without changing what is there: an existing file is opened for
// writing and left as it was; a new one is created and removed.
func writable(path string) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return errors.New("is a directory")
	case err == nil:
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("cannot be written: %w", errors.Unwrap(err))
		}
		return f.Close()
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil {
		return fmt.Errorf("its directory %s does not exist", dir)
	} else if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("cannot be created: %w", errors.Unwrap(err))
	}
	f.Close()
	return os.Remove(path)
}

// reportOutput is a file the run writes.
type reportOutput struct{ flag, path string }

func reportOutputs(o runOptions) []reportOutput {
	return []reportOutput{{"--junit-report", o.JUnit}, {"--json-report", o.JSON}, {"--html-report", o.HTML},
		{"--markdown-report", o.Markdown}, {"--ginkgo-json-report", o.GinkgoJSON}}
}

// previewChecks builds the tree of checks without running any (Ginkgo's dry run), with the run's selection
// (selectionConfig) and the checks of a shard (nil: every check), and returns Ginkgo's preview report. The
// suites are left configured with a placeholder endpoint: call suites.Configure again before a run.
func previewChecks(profile string, selection types.SuiteConfig, checks []string) (types.Report, error) {
	if err := suites.Configure(suites.Config{Endpoint: placeholderEndpoint, Profile: profile, Checks: checks}); err != nil {
		return types.Report{}, usagef("%v", err)
	}
	return ginkgo.PreviewSpecs(suiteDescription, selection), nil
}

// suiteDescription is the description Ginkgo matches --focus and --skip against, with each check's text.
const suiteDescription = "lambdaconform"

// catalogChecks returns the IDs of every check of the profile, whatever the selection and the shard.
func catalogChecks(profile string) (map[string]bool, error) {
	if _, err := previewChecks(profile, selectionConfig(runOptions{}), nil); err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, m := range suites.Registered() {
		ids[m.ID] = true
	}
	return ids, nil
}

// ruleExists reports whether the profile's catalog has a rule.
func ruleExists(profile string) func(string) bool {
	model := spec.MustLoad(profile)
	return func(id string) bool {
		_, ok := model.Rule(id)
		return ok
	}
}
