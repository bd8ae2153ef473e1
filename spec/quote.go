package spec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// renderQuote words a constraint taken from an AWS model the way the AWS API reference prints that model's
// constraints ("Length Constraints: Minimum length of 1. Maximum length of 140."), so that every rule can be
// quoted in the same form whichever document it comes from. Seed rules quote their page instead.
func renderQuote(r Rule, s *openapi3.Schema) string {
	num := func(v *float64) string { return strconv.FormatFloat(*v, 'f', -1, 64) }
	minMax := func(label, minText, maxText string) string {
		var parts []string
		if r.Min != nil {
			parts = append(parts, fmt.Sprintf(minText, num(r.Min)))
		}
		if r.Max != nil {
			parts = append(parts, fmt.Sprintf(maxText, num(r.Max)))
		}
		return label + ": " + strings.Join(parts, " ")
	}
	switch r.Kind {
	case KindType:
		return "Type: " + typeWords(s)
	case KindLength:
		return minMax("Length Constraints", "Minimum length of %s.", "Maximum length of %s.")
	case KindRange:
		return minMax("Valid Range", "Minimum value of %s.", "Maximum value of %s.")
	case KindItems:
		return minMax("Array Members", "Minimum number of %s items.", "Maximum number of %s items.")
	case KindPattern:
		return "Pattern: " + r.AWSPattern
	case KindKeyPattern:
		return "Key Pattern: " + r.AWSPattern
	case KindEnum:
		return "Valid Values: " + strings.Join(r.Enum, " | ")
	case KindRequired:
		return "Required: Yes"
	case KindErrorStatus:
		return "HTTP Status Code: " + r.Value
	case KindStatus:
		return "HTTP Status Code: " + strings.Fields(r.Value)[0]
	case KindMessageKey:
		return "Members: " + strings.Join(memberNames(s), ", ")
	}
	return r.Value
}

// typeWords names a schema's type as the AWS API reference does: String, Integer, Long, Boolean, "Array of
// strings", "Layer object".
func typeWords(s *openapi3.Schema) string {
	if s == nil {
		return "any"
	}
	shape := extOf(s.Extensions).Shape
	switch {
	case s.Type.Is("string") && s.Format == "byte":
		return "Base64-encoded binary data object"
	case s.Type.Is("string"):
		return "String"
	case s.Type.Is("integer") && s.Format == "int64":
		return "Long"
	case s.Type.Is("integer"):
		return "Integer"
	case s.Type.Is("number"):
		return "Double"
	case s.Type.Is("boolean"):
		return "Boolean"
	case s.Type.Is("array") && s.Items != nil && s.Items.Value != nil:
		item := s.Items.Value
		if item.Type.Is("object") {
			return "Array of " + extOf(item.Extensions).Shape + " objects"
		}
		return "Array of " + strings.ToLower(typeWords(item)) + "s"
	case s.Type.Is("object") && s.AdditionalProperties.Schema != nil && s.AdditionalProperties.Schema.Value != nil:
		return "String to " + strings.ToLower(typeWords(s.AdditionalProperties.Schema.Value)) + " map"
	case s.Type.Is("object"):
		return shape + " object"
	}
	return "any"
}

func memberNames(s *openapi3.Schema) []string {
	if s == nil {
		return nil
	}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
