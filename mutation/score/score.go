package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// results is the part of gremlins' JSON output (`gremlins unleash -o FILE`) the score reads.
type results struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
	Elapsed float64 `json:"elapsed_time"`
}

// mutant is one mutation with what the score knows about it.
type mutant struct {
	File, Func, Code, Type, Status string
	Line, Column                   int
	Triage                         *entry // nil unless it survived and an entry covers it
}

// Triage classes. A survivor is equivalent (no observable change), out of scope (behaviour outside the two
// operations and what their checks need), or a missing check (counted against the score until the check exists).
const (
	equivalent   = "equivalent"
	outOfScope   = "out-of-scope"
	missingCheck = "missing-check"
)

// entry is one triage decision: every surviving mutant of a function, or only those on lines holding Code.
type entry struct {
	File  string `yaml:"file"`
	Func  string `yaml:"func"`
	Code  string `yaml:"code,omitempty"`
	Type  string `yaml:"mutator,omitempty"`
	Class string `yaml:"class"`
	Why   string `yaml:"why"`
	used  int
}

// covers says whether the entry decides the mutant.
func (e *entry) covers(m *mutant) bool {
	return e.File == m.File && e.Func == m.Func && (e.Code == "" || strings.Contains(m.Code, e.Code)) &&
		(e.Type == "" || e.Type == m.Type)
}

func readTriage(path string) ([]*entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var entries []*entry
	if err := yaml.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, e := range entries {
		switch {
		case e.File == "" || e.Func == "":
			return nil, fmt.Errorf("%s: entry %d: file and func are required", path, i+1)
		case e.Class != equivalent && e.Class != outOfScope && e.Class != missingCheck:
			return nil, fmt.Errorf("%s: entry %d (%s %s): class %q is not %s, %s or %s", path, i+1, e.File, e.Func,
				e.Class, equivalent, outOfScope, missingCheck)
		case strings.TrimSpace(e.Why) == "":
			return nil, fmt.Errorf("%s: entry %d (%s %s): why is required", path, i+1, e.File, e.Func)
		}
	}
	return entries, nil
}

// locate fills in each mutant's enclosing function and source line from the package's files in dir.
func locate(ms []*mutant, dir string) error {
	type span struct {
		name     string
		from, to int
	}
	funcs := map[string][]span{}
	lines := map[string][]string{}
	for _, m := range ms {
		if _, done := lines[m.File]; done {
			continue
		}
		path := filepath.Join(dir, m.File)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines[m.File] = strings.Split(string(src), "\n")
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				name = recvName(fd.Recv.List[0].Type) + "." + name
			}
			funcs[m.File] = append(funcs[m.File], span{name, fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line})
		}
	}
	for _, m := range ms {
		src := lines[m.File]
		if m.Line < 1 || m.Line > len(src) {
			return fmt.Errorf("%s:%d: no such line (is the source the one gremlins mutated?)", m.File, m.Line)
		}
		m.Code = strings.TrimSpace(src[m.Line-1])
		m.Func = "(package level)"
		for _, s := range funcs[m.File] {
			if m.Line >= s.from && m.Line <= s.to {
				m.Func = s.name
			}
		}
	}
	return nil
}

func recvName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvName(t.X)
	}
	return "?"
}

// score is the outcome of one mutation run under a triage.
type score struct {
	Killed, TimedOut     int // in scope: killed by a failed check, or by running past gremlins' time bound
	KilledOutOfScope     int // killed, in code an out-of-scope entry covers: counted on neither side
	NotViable, Duplicate int
	Survived             []*mutant // lived or not covered
	Untriaged            []*mutant
	Equivalent           int
	OutOfScope, Missing  int // survivors
	Stale                []*entry
	Contradicted         []*mutant // killed, yet an entry calls it equivalent
}

// judge counts the mutants. A mutant is killed when the suites failed against it; one that made them run past
// gremlins' time bound counts as killed too (the harness bounds every request and wait, so only a target that
// stops answering gets there) but is listed apart. Survivors are the mutants the suites passed (LIVED) and those
// never tested (NOT COVERED). Out-of-scope entries decide scope for every mutant they cover, killed or not, so
// that kills in out-of-scope code do not raise the score; an equivalent entry that covers a killed mutant is
// wrong (the kill proves the change observable) and must be narrowed. gremlins makes two identical mutants of a
// binary '-' (ARITHMETIC_BASE and INVERT_NEGATIVES both write '+'): the second is dropped.
func judge(ms []*mutant, triage []*entry) score {
	var s score
	arithmetic := map[string]bool{}
	for _, m := range ms {
		if m.Type == "ARITHMETIC_BASE" {
			arithmetic[fmt.Sprintf("%s:%d:%d", m.File, m.Line, m.Column)] = true
		}
	}
	first := func(m *mutant, keep func(*entry) bool) *entry {
		for _, e := range triage {
			if keep(e) && e.covers(m) {
				return e
			}
		}
		return nil
	}
	for _, m := range ms {
		if m.Type == "INVERT_NEGATIVES" && arithmetic[fmt.Sprintf("%s:%d:%d", m.File, m.Line, m.Column)] {
			s.Duplicate++
			continue
		}
		switch m.Status {
		case "NOT VIABLE", "SKIPPED":
			s.NotViable++
			continue
		case "KILLED", "TIMED OUT":
			if e := first(m, func(e *entry) bool { return e.Class != missingCheck }); e != nil {
				if e.Class == equivalent {
					m.Triage = e
					s.Contradicted = append(s.Contradicted, m)
					continue
				}
				e.used++
				s.KilledOutOfScope++
				continue
			}
			if m.Status == "KILLED" {
				s.Killed++
			} else {
				s.TimedOut++
			}
			continue
		}
		s.Survived = append(s.Survived, m)
		if m.Triage = first(m, func(*entry) bool { return true }); m.Triage == nil {
			s.Untriaged = append(s.Untriaged, m)
			continue
		}
		m.Triage.used++
		switch m.Triage.Class {
		case equivalent:
			s.Equivalent++
		case outOfScope:
			s.OutOfScope++
		default:
			s.Missing++
		}
	}
	for _, e := range triage {
		if e.used == 0 {
			s.Stale = append(s.Stale, e)
		}
	}
	sort.SliceStable(s.Survived, func(i, j int) bool {
		a, b := s.Survived[i], s.Survived[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return s
}

// counted is the number of mutants the score is over: every viable one in scope that is not equivalent.
func (s score) counted() int {
	return s.Killed + s.TimedOut + len(s.Survived) - s.Equivalent - s.OutOfScope
}

// viable is every distinct mutant that compiles.
func (s score) viable() int {
	return s.Killed + s.TimedOut + s.KilledOutOfScope + len(s.Survived) + len(s.Contradicted)
}

// percent is the share of counted mutants killed.
func (s score) percent() float64 {
	if s.counted() == 0 {
		return 0
	}
	return 100 * float64(s.Killed+s.TimedOut) / float64(s.counted())
}
