package report

// TextRedactor returns a function that removes secrets from one text the way every report output does: the
// values given (those at least MinSecretLength long), wherever they appear and however encoded, and whatever
// looks like a secret (Authorization and security-token headers, cookies, SigV4 signatures, presigned-URL
// credentials, passwords in URLs, secret or token fields in JSON). Outputs that are not reports (recordings,
// diffs) use it so that one mechanism decides what a secret is. The function is not safe for concurrent use.
func TextRedactor(secrets ...string) func(string) string {
	var keep []string
	for _, s := range secrets {
		if len(s) >= MinSecretLength {
			keep = append(keep, s)
		}
	}
	return newRedactor(keep).text
}
