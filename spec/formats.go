package spec

import (
	"fmt"
	"regexp"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// lambdaTimestamp is LastModified as AWS sends it: YYYY-MM-DDThh:mm:ss.sss+0000.
var lambdaTimestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$`)

// LambdaTimeLayout is the Go layout of LastModified.
const LambdaTimeLayout = "2006-01-02T15:04:05.000-0700"

// formatValidators are the string formats of the model, passed to kin-openapi with each validation (never
// registered globally): LastModified's timestamp, and base64 as a blob travels in JSON.
func formatValidators() map[string]openapi3.StringFormatValidator {
	return map[string]openapi3.StringFormatValidator{
		"lambda-timestamp": openapi3.NewCallbackValidator(func(s string) error {
			if !lambdaTimestamp.MatchString(s) {
				return fmt.Errorf("not of the form YYYY-MM-DDThh:mm:ss.sss+0000")
			}
			if _, err := time.Parse(LambdaTimeLayout, s); err != nil {
				return fmt.Errorf("not a valid time: %v", err)
			}
			return nil
		}),
		"byte": openapi3.NewCallbackValidator(validBase64),
	}
}
