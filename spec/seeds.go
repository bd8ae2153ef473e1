package spec

import (
	"fmt"
	"regexp"
	"strings"
)

// The seed pages, by operation, with their original file names (docs/aws-behavior.md §15).
var seedFiles = map[string]string{
	"UpdateFunctionCode": "seeds/UpdateFunctionCode.txt", // originally 000_684ace0c1fe592b0.txt
	"PublishVersion":     "seeds/PublishVersion.txt",     // originally 003_b9a02e7ec6f867c5.txt
}

// seedIndex finds quoted constraint lines in the seed pages.
type seedIndex struct {
	lines map[string][]string // operation -> lines of its page
}

func loadSeeds() (*seedIndex, error) {
	idx := &seedIndex{lines: map[string][]string{}}
	for op, name := range seedFiles {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("seed page of %s: %w", op, err)
		}
		idx.lines[op] = strings.Split(string(data), "\n")
	}
	return idx, nil
}

// find returns the seed page of op and the 1-based line of quote within section (a heading such as "Request
// Body") and, when heading is set, after the line that names the member. It returns line 0 when the quote is not
// there, which the catalog's tests treat as an error in the model.
func (s *seedIndex) find(op, section, heading, quote string) (string, int) {
	doc := "spec/" + seedFiles[op]
	lines := s.lines[op]
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == section {
			start = i
			break
		}
	}
	if start < 0 {
		return doc, 0
	}
	if heading != "" {
		found := false
		for i := start + 1; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == heading {
				start, found = i, true
				break
			}
		}
		if !found {
			return doc, 0
		}
	}
	for i := start + 1; i < len(lines); i++ {
		if strings.Contains(lines[i], quote) {
			return doc, i + 1
		}
		if heading != "" && memberHeading.MatchString(strings.TrimSpace(lines[i])) {
			break // the next member's block: the quote is not in this one
		}
	}
	return doc, 0
}

// memberHeading matches the line that opens a member's block in a seed page, such as "S3Bucket".
var memberHeading = regexp.MustCompile(`^[A-Z][A-Za-z0-9]+$`)
