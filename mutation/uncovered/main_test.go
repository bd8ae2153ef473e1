package main

import "testing"

func TestMutateSwapsTheTokenGremlinsNames(t *testing.T) {
	src := []byte("package p\n\nfunc f(a, b int) bool {\n\tswitch {\n\tcase a < b && b >= 0:\n\t\treturn a-1 == b\n\t}\n\treturn false\n}\n")
	for _, c := range []struct {
		typ       string
		line, col int
		want      string
	}{
		{"CONDITIONALS_BOUNDARY", 5, 9, "\tcase a <= b && b >= 0:"},
		{"CONDITIONALS_NEGATION", 5, 18, "\tcase a < b && b < 0:"},
		{"INVERT_LOGICAL", 5, 13, "\tcase a < b || b >= 0:"},
		{"ARITHMETIC_BASE", 6, 11, "\t\treturn a+1 == b"},
		{"CONDITIONALS_NEGATION", 6, 14, "\t\treturn a-1 != b"},
	} {
		out, err := mutate(src, c.typ, c.line, c.col)
		if err != nil {
			t.Fatalf("%s at %d:%d: %v", c.typ, c.line, c.col, err)
		}
		if got := lineOf(out, c.line); got != c.want {
			t.Errorf("%s at %d:%d: line %q, want %q", c.typ, c.line, c.col, got, c.want)
		}
	}
	if _, err := mutate(src, "INVERT_LOGICAL", 5, 9); err == nil {
		t.Error("INVERT_LOGICAL on '<' was applied; want an error")
	}
	if _, err := mutate(src, "CONDITIONALS_BOUNDARY", 5, 10); err == nil {
		t.Error("a position with no token was mutated; want an error")
	}
}

func lineOf(src []byte, n int) string {
	line := 1
	start := 0
	for i, b := range src {
		if b == '\n' {
			if line == n {
				return string(src[start:i])
			}
			line++
			start = i + 1
		}
	}
	return ""
}
