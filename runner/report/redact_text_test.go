package report

import (
	"strings"
	"testing"
)

func TestTextRedactor(t *testing.T) {
	redact := TextRedactor("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "test")
	in := `key wJalrXUtnFEMI%2FK7MDENG%2BbPxRfiCYEXAMPLEKEY in a URL; {"SecretAccessKey":"x","password":"hunter2"}; ` +
		`https://bucket.s3.amazonaws.com/k?X-Amz-Signature=abcdef0123456789abcdef&X-Amz-Credential=AKIA/2026; a test`
	out := redact(in)
	for _, secret := range []string{"wJalrXUtnFEMI", "hunter2", "abcdef0123456789abcdef", "AKIA/2026"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q left in %s", secret, out)
		}
	}
	if !strings.Contains(out, "a test") {
		t.Errorf("a value shorter than MinSecretLength was redacted: %s", out)
	}
}
