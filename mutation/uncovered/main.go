// Command uncovered tests the mutants gremlins reports NOT COVERED and rewrites its JSON with what they did.
//
// gremlins tests a mutant only when its position lies in a block of the coverage profile, and Go's coverage
// blocks hold statements, not the expressions of switch cases: every mutant of a `case a < b:` is NOT COVERED,
// even where the suites evaluate it on every call. This command applies each such mutant as gremlins would (the
// same token swap at the same line and column), runs the mutation harness on it in a copy of the module, and
// records KILLED (a check failed), LIVED (every check passed) or NOT VIABLE (it does not compile).
//
//	go run ./mutation/uncovered -results gremlins.json [-pkg fixtures/reference] [-workers 2]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// swaps are gremlins' token mutations (internal/engine/mappings.go, v0.6.0) for the mutators the run enables.
var swaps = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE":       {token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL, token.SUB: token.ADD},
	"CONDITIONALS_BOUNDARY": {token.GEQ: token.GTR, token.GTR: token.GEQ, token.LEQ: token.LSS, token.LSS: token.LEQ},
	"CONDITIONALS_NEGATION": {token.EQL: token.NEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR, token.LSS: token.GEQ, token.NEQ: token.EQL},
	"INCREMENT_DECREMENT":   {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_LOGICAL":        {token.LAND: token.LOR, token.LOR: token.LAND},
	"INVERT_NEGATIVES":      {token.SUB: token.ADD},
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "uncovered:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("uncovered", flag.ContinueOnError)
	resultsPath := fs.String("results", "", "gremlins' JSON output; rewritten in place")
	pkg := fs.String("pkg", "fixtures/reference", "the mutated package, relative to the module root (the working directory)")
	workers := fs.Int("workers", 2, "mutants tested at once, each in a copy of the module")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *resultsPath == "" || *workers < 1 {
		return fmt.Errorf("-results is required and -workers must be at least 1")
	}
	data, err := os.ReadFile(*resultsPath)
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", *resultsPath, err)
	}
	type job struct {
		file string
		m    map[string]any
	}
	var jobs []job
	files, _ := doc["files"].([]any)
	for _, f := range files {
		f, _ := f.(map[string]any)
		name, _ := f["file_name"].(string)
		muts, _ := f["mutations"].([]any)
		for _, m := range muts {
			if m, _ := m.(map[string]any); m != nil && m["status"] == "NOT COVERED" {
				jobs = append(jobs, job{name, m})
			}
		}
	}
	fmt.Fprintf(os.Stderr, "uncovered: %d mutants gremlins did not test\n", len(jobs))
	ch := make(chan job)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failure error
	for w := 0; w < *workers; w++ {
		copyDir, err := os.MkdirTemp("", "lambdaconform-mutant-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(copyDir)
		if err := copyModule(copyDir); err != nil {
			return err
		}
		// The copy must pass unmutated, or every mutant would count as killed.
		if out, err := harness(copyDir, *pkg); err != nil {
			return fmt.Errorf("the harness fails on the unmutated copy in %s (%v):\n%s", copyDir, err, out)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				line, _ := j.m["line"].(float64)
				col, _ := j.m["column"].(float64)
				typ, _ := j.m["type"].(string)
				status, err := test(copyDir, filepath.Join(*pkg, j.file), typ, int(line), int(col))
				mu.Lock()
				if err != nil && failure == nil {
					failure = fmt.Errorf("%s:%d:%d %s: %w", j.file, int(line), int(col), typ, err)
				}
				j.m["status"] = status
				fmt.Fprintf(os.Stderr, "%12s %s at %s:%d:%d\n", status, typ, j.file, int(line), int(col))
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	if failure != nil {
		return failure
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(*resultsPath, out, 0o644)
}

// copyModule copies the module's tracked and untracked-but-not-ignored files into dir.
func copyModule(dir string) error {
	out, err := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return fmt.Errorf("listing the module's files: %w", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(name)
		if os.IsNotExist(err) {
			continue // deleted but still in the index
		} else if err != nil {
			return err
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		info, err := os.Stat(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// test applies one mutant to the copy, runs the harness on it, and puts the file back.
func test(root, file, typ string, line, col int) (string, error) {
	path := filepath.Join(root, file)
	src, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	mutated, err := mutate(src, typ, line, col)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		return "", err
	}
	defer os.WriteFile(path, src, 0o644) //nolint:errcheck // the next mutant's read would show a failure
	out, err := harness(root, filepath.Dir(file))
	switch {
	case err == nil:
		return "LIVED", nil
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		return "NOT VIABLE", nil
	case bytes.Contains(out, []byte("panic: test timed out")):
		return "TIMED OUT", nil
	default:
		return "KILLED", nil
	}
}

// harness runs the mutation harness of the package in dir of the module copy at root (vet off: a mutant that
// compiles is tested).
func harness(root, dir string) ([]byte, error) {
	cmd := exec.Command("go", "test", "-count=1", "-vet=off", "-tags", "mutation", "-timeout", "5m", "./"+dir)
	cmd.Dir = root
	return cmd.CombinedOutput()
}

// mutate swaps the token at line:col as gremlins' mutator typ does.
func mutate(src []byte, typ string, line, col int) ([]byte, error) {
	table, ok := swaps[typ]
	if !ok {
		return nil, fmt.Errorf("unknown mutator %s", typ)
	}
	fset := token.NewFileSet()
	f := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(f, src, nil, scanner.ScanComments)
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			return nil, fmt.Errorf("no token at %d:%d", line, col)
		}
		p := fset.Position(pos)
		if p.Line != line || p.Column != col {
			continue
		}
		to, ok := table[tok]
		if !ok {
			return nil, fmt.Errorf("%s does not change %s", typ, tok)
		}
		off := p.Offset
		return append(append(append([]byte{}, src[:off]...), to.String()...), src[off+len(tok.String()):]...), nil
	}
}
