package replay

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
)

// ScriptName is the name of the script in a replay's directory.
const ScriptName = "replay.sh"

// Files returns the files of the replay's directory, by name: the script and the request bodies it sends.
func (p *Plan) Files() map[string][]byte {
	files := map[string][]byte{ScriptName: []byte(p.Script())}
	for i, s := range p.Steps {
		if len(s.Body) > 0 {
			files[bodyName(i, s)] = s.Body
		}
	}
	return files
}

// bodyName is the file a step's request body is kept in.
func bodyName(i int, s PlanStep) string {
	ext := ".bin"
	switch {
	case bytes.HasPrefix(s.Body, []byte("PK\x03\x04")):
		ext = ".zip"
	case !isText(s.Body, ""):
	case bytes.HasPrefix(bytes.TrimSpace(s.Body), []byte("<")):
		ext = ".xml"
	case bytes.HasPrefix(bytes.TrimSpace(s.Body), []byte("{")):
		ext = ".json"
	default:
		ext = ".txt"
	}
	return fmt.Sprintf("%02d-%s%s", i+1, safeName(s.Operation), ext)
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			return r
		}
		return '_'
	}, s)
}

// Script returns the replay as a POSIX shell script (see the package documentation and the script's header).
func (p *Plan) Script() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("#!/bin/sh\n")
	w("# Replay of the lambdaconform check %s\n", comment(p.Check))
	w("#   %s\n", comment(p.Title))
	if len(p.Failures) > 0 {
		w("# It failed:\n")
		for _, f := range p.Failures {
			w("#   %s\n", comment(f))
		}
	}
	w(`#
# This script repeats the whole check with curl --aws-sigv4: its set-up, the calls that failed, the waits between
# them and its clean-up, against the target it ran against or the one given:
#
#   sh %[1]s [ENDPOINT [S3_ENDPOINT]]
#
# Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (test/test when unset,
# as emulators accept); the script never holds any. Functions and buckets get a fresh name prefix, and what the
# script creates is deleted when it ends, whatever happens. Values a request took from an earlier answer are
# read from that answer again. The answers are kept in REPLAY_OUT (default: a new temporary directory).
#
# Exit status: 0 when each call that failed the check answers as recorded (its status, error type, Version,
# FunctionArn, CodeSha256, Description and error message: the failure reproduces), 1 when one answers
# otherwise, 2 when the replay cannot run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
`, ScriptName)
	w("endpoint=${1:-%s}\n", quote(p.Endpoint))
	if p.S3Endpoint != "" {
		w("s3_endpoint=${2:-%s}\n", quote(p.S3Endpoint))
	} else {
		w("s3_endpoint=${2:-$endpoint}\n")
	}
	w("wait_seconds=%d polls=%d # the bound of each wait: as the check's, and at most one poll per 0.2 s\n", p.WaitSeconds, p.WaitSeconds*5)
	hexLen := len(p.RunID)
	w(`: "${AWS_ACCESS_KEY_ID:=test}" "${AWS_SECRET_ACCESS_KEY:=test}"
token_header=X-Amz-Security-Token
command -v curl >/dev/null 2>&1 || { echo "replay: curl is not installed" >&2; exit 2; }
curl --help all 2>/dev/null | grep -q -e '--aws-sigv4' ||
	{ echo "replay: this curl has no --aws-sigv4 (curl 7.75 or newer has it)" >&2; exit 2; }
out=${REPLAY_OUT:-}
if [ -z "$out" ]; then out=$(mktemp -d "${TMPDIR:-/tmp}/lambdaconform-replay.XXXXXX") || exit 2; fi
mkdir -p "$out" || exit 2
rid=$(od -An -N%[1]d -tx1 /dev/urandom 2>/dev/null | tr -d ' \n' | cut -c1-%[2]d)
[ ${#rid} -eq %[2]d ] || rid=$(printf '%%0%[2]dx' $(( ($$ * 7919 + $(date +%%s)) %% 16777216 )) | cut -c1-%[2]d)
run=%[3]s"$rid"-
run_lc=$(printf '%%s' "$run" | tr 'A-Z' 'a-z')
echo "replay of %[4]s against $endpoint; names start with $run; answers in $out"
`, (hexLen+1)/2, max(hexLen, 1), quote(p.NamePrefix), comment(p.Check))
	b.WriteString(helpers)
	// Every captured variable exists from the start, empty until its answer arrives.
	var vars []string
	for _, s := range p.Steps {
		for _, c := range s.Captures {
			vars = append(vars, c.Var+"=''")
		}
	}
	if len(vars) > 0 {
		w("%s\n", strings.Join(vars, " "))
	}
	w("\ncleanup() {\n\techo \"clean-up:\"\n")
	for i, s := range p.Steps {
		if s.Kind == Cleanup {
			p.writeStep(&b, i, s, "\t")
		}
	}
	w("\t:\n}\n")
	w("finish() { code=$?; trap - EXIT INT TERM; cleanup; exit \"$code\"; }\ntrap finish EXIT\ntrap 'exit 130' INT\ntrap 'exit 143' TERM\n\n")
	for i, s := range p.Steps {
		if s.Kind != Cleanup {
			p.writeStep(&b, i, s, "")
		}
	}
	w("\nverdict\n")
	return b.String()
}

// writeStep writes one step: a comment, the body's replacements, the call or the wait, the comparison with what
// was recorded, and the captures.
func (p *Plan) writeStep(b *strings.Builder, i int, s PlanStep, indent string) {
	w := func(format string, args ...any) { b.WriteString(indent); fmt.Fprintf(b, format, args...) }
	n := i + 1
	id := fmt.Sprint(n)
	if s.Kind == Cleanup {
		id = fmt.Sprintf("c%d", n)
	}
	what := map[Kind]string{Call: "", WaitActive: " (wait until it is Active)", WaitUpdated: " (wait until its update completes)", Cleanup: " (clean-up)"}[s.Kind]
	b.WriteString("\n")
	w("# %s. %s%s\n", id, comment(s.Operation), what)
	for _, f := range s.Failed {
		w("# The check failed on this call: %s\n", comment(f))
	}
	guard := ""
	if s.Kind == Cleanup && len(s.Needs) > 0 {
		var tests []string
		for _, v := range s.Needs {
			tests = append(tests, fmt.Sprintf("[ -n \"$%s\" ]", v))
		}
		guard = strings.Join(tests, " && ") + " && "
	}
	body := "''"
	if len(s.Body) > 0 {
		file := "\"$here\"/" + quote(bodyName(i, s))
		body = file
		if len(s.Replace) > 0 {
			nl := "0"
			if bytes.HasSuffix(s.Body, []byte("\n")) {
				nl = "1"
			}
			args := []string{file, nl}
			for _, r := range s.Replace {
				args = append(args, quote(r.Text), "\"$"+r.Var+"\"")
			}
			w("%ssubst %s > \"$out/%s.req\"\n", guard, strings.Join(args, " "), id)
			body = fmt.Sprintf("\"$out/%s.req\"", id)
		}
	}
	url := shellWord(s.URL)
	region := s.Region
	if region == "" {
		region = p.Region
	}
	var headers []string
	for _, h := range s.Header {
		headers = append(headers, "-H "+quote(h[0]+": "+h[1]))
	}
	tail := ""
	if len(headers) > 0 {
		tail = " " + strings.Join(headers, " ")
	}
	failed := "0"
	if len(s.Failed) > 0 {
		failed = "1"
	}
	switch s.Kind {
	case WaitActive, WaitUpdated:
		cond := "State"
		if s.Kind == WaitUpdated {
			cond = "LastUpdateStatus"
		}
		w("wait_for %s %s %s %s\n", id, cond, quote(region), url)
		w("answered %s %s %d %s %s\n", id, quote(s.Operation), s.Status, quote(s.ErrorType), failed)
	default:
		w("%scall %s %s %s %s %s %s%s", guard, id, s.Service, quote(region), s.Method, url, body, tail)
		b.WriteString(" &&\n")
		w("\tanswered %s %s %d %s %s\n", id, quote(s.Operation), s.Status, quote(s.ErrorType), failed)
	}
	for _, e := range s.Expect {
		w("member %s %s %d %s\n", id, quote(e.Key), e.N, shellWord(e.Value))
	}
	for _, c := range s.Captures {
		if c.Header != "" {
			w("%s=$(hget \"$out/%s.head\" %s) # was %s\n", c.Var, id, quote(c.Header), comment(c.Value))
		} else {
			w("%s=$(jget \"$out/%s.body\" %s %d) # was %s\n", c.Var, id, quote(c.Key), c.N, comment(c.Value))
		}
	}
}

// shellWord writes URL parts as one double-quoted shell word.
func shellWord(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Var != "" {
			b.WriteString("\"$" + p.Var + "\"")
		} else {
			b.WriteString(quote(p.Text))
		}
	}
	if b.Len() == 0 {
		return "''"
	}
	return b.String()
}

// quote single-quotes a string for the shell.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// comment makes text fit on one comment line: printable, one line, bounded.
func comment(s string) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "") + "..."
	}
	return s
}

// helpers are the script's functions, POSIX sh, awk, od, tr, cut and curl only.
const helpers = `
# jget FILE KEY N: the N-th string value of "KEY" in a JSON text (escapes kept as written).
jget() {
	awk -v key="\"$2\"" -v want="$3" '
	{ s = s $0 "\n" }
	END {
		k = 0
		while ((i = index(s, key)) > 0) {
			s = substr(s, i + length(key))
			if (!match(s, /^[ \t\r\n]*:[ \t\r\n]*"/)) continue
			k++
			if (k < want) continue
			rest = substr(s, RLENGTH + 1); v = ""
			while (length(rest) > 0) {
				c = substr(rest, 1, 1)
				if (c == "\\") { v = v substr(rest, 1, 2); rest = substr(rest, 3); continue }
				if (c == "\"") break
				v = v c; rest = substr(rest, 2)
			}
			print v
			exit
		}
	}' "$1" 2>/dev/null
}

# hget FILE NAME: the value of a header in a header dump (the last one, as curl keeps every answer's headers).
hget() {
	awk -v name="$2" '
	BEGIN { name = tolower(name) }
	{ sub(/\r$/, "") }
	/^HTTP\// { last = "" }
	{ i = index($0, ":"); if (i > 0 && tolower(substr($0, 1, i - 1)) == name) { v = substr($0, i + 1); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v); last = v } }
	END { if (last != "") print last }' "$1" 2>/dev/null
}

# subst FILE NL [FROM TO]...: FILE's text with each FROM replaced by its TO, literally; NL=1 keeps a final newline.
subst() {
	f=$1; nl=$2; shift 2
	awk -v nl="$nl" '
	BEGIN { n = 0; for (i = 2; i < ARGC; i++) { arg[++n] = ARGV[i]; ARGV[i] = "" } }
	{ text = (NR > 1 ? text "\n" : "") $0 }
	END {
		for (i = 1; i + 1 <= n; i += 2) {
			from = arg[i]; to = arg[i + 1]; done = ""
			while ((j = index(text, from)) > 0) { done = done substr(text, 1, j - 1) to; text = substr(text, j + length(from)) }
			text = done text
		}
		printf "%s", text
		if (nl == 1) printf "\n"
	}' "$f" "$@"
}

# errtype N: the error type of answer N, sanitised as the suites read it (x-amzn-ErrorType, else the body's code).
errtype() {
	t=$(hget "$out/$1.head" x-amzn-ErrorType)
	[ -n "$t" ] || t=$(jget "$out/$1.body" code 1)
	[ -n "$t" ] || t=$(jget "$out/$1.body" Code 1)
	[ -n "$t" ] || t=$(jget "$out/$1.body" __type 1)
	t=${t%%:*}; t=${t##*#}
	printf '%s' "$t"
}

# call N SERVICE REGION METHOD URL BODYFILE [CURL ARGUMENT]...: send request N, signed for the service in the
# region; keep its answer in $out/N.head and $out/N.body.
call() {
	n=$1; svc=$2; region=$3; method=$4; url=$5; body=$6; shift 6
	set -- "$@" -H 'Expect:'
	if [ -n "${AWS_SESSION_TOKEN:-}" ]; then set -- "$@" -H "$token_header: $AWS_SESSION_TOKEN"; fi
	if [ -n "$body" ]; then set -- "$@" --data-binary "@$body"; fi
	: > "$out/$n.head"; : > "$out/$n.body"
	status=$(curl -sS -g -o "$out/$n.body" -D "$out/$n.head" -w '%{http_code}' -X "$method" \
		--aws-sigv4 "aws:amz:$region:$svc" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" "$@" "$url") || status=0
	[ "$status" = 000 ] && status=0
	etype=''
	if [ "$status" -ge 300 ] 2>/dev/null; then etype=$(errtype "$n"); fi
	return 0
}

# wait_for N State|LastUpdateStatus REGION URL: GetFunction until State leaves Pending (and LastUpdateStatus
# leaves InProgress), as the AWS waiters do, for at most $wait_seconds seconds.
wait_for() {
	i=0
	deadline=$(( $(date +%s 2>/dev/null || echo 0) + wait_seconds ))
	while :; do
		call "$1" lambda "$3" GET "$4" ''
		st=$(jget "$out/$1.body" State 1); up=$(jget "$out/$1.body" LastUpdateStatus 1)
		if [ "$status" = 200 ] && [ "$st" != Pending ] && { [ "$2" = State ] || [ "$up" != InProgress ]; }; then return 0; fi
		i=$((i + 1))
		if [ "$i" -ge "$polls" ] || [ "$(date +%s 2>/dev/null || echo 0)" -ge "$deadline" ] 2>/dev/null; then
			echo "  [$1] gave up waiting after $i polls (State ${st:-none}, LastUpdateStatus ${up:-none})"
			return 0
		fi
		sleep 0.2 2>/dev/null || sleep 1
	done
}

# answered N OPERATION STATUS TYPE FAILED: compare answer N with the recorded one, and show it when the check
# failed on it.
failing=0 differ=0 drift=0 same=0
answered() {
	got=$status; [ -n "$etype" ] && got="$got $etype"
	want=$3; [ -n "$4" ] && want="$want $4"
	if [ "$5" = 1 ]; then
		failing=$((failing + 1))
		same=1
		if [ "$got" = "$want" ]; then
			echo "  [$1] $2 -> $got, as recorded: the call that failed the check answers the same"
		else
			differ=$((differ + 1)); same=0
			echo "  [$1] $2 -> $got, recorded $want: this call that failed the check answers otherwise"
		fi
		tr -d '\r' < "$out/$1.head" | sed 's/^/      < /'
		dd if="$out/$1.body" bs=4096 count=1 2>/dev/null | sed 's/^/      < /'
		echo
	elif [ "$got" = "$want" ]; then
		echo "  [$1] $2 -> $got"
	else
		drift=$((drift + 1))
		echo "  [$1] $2 -> $got, recorded $want"
	fi
}

# member N KEY I VALUE: compare the I-th KEY of answer N, on a call that failed the check, with the recorded one.
member() {
	got=$(jget "$out/$1.body" "$2" "$3")
	if [ "$got" = "$4" ]; then
		echo "      $2: $got, as recorded"
	else
		[ "$same" = 1 ] && differ=$((differ + 1))
		same=0
		echo "      $2: $got, recorded $4: this member of the call that failed the check differs"
	fi
}

verdict() {
	echo
	if [ "$failing" -gt 0 ] && [ "$differ" -eq 0 ]; then
		echo "REPRODUCED: the $failing call(s) that failed the check answered as recorded: status, error type, and the"
		echo "members a target that behaves the same gives again. Compare them with the report's message. Answers: $out"
		exit 0
	fi
	if [ "$failing" -eq 0 ] && [ "$drift" -eq 0 ]; then
		echo "REPLAYED: every call answered with the recorded status and error type; the failure is in the answers' members"
		echo "or in how they relate: compare them with the report's message. Answers: $out"
		exit 0
	fi
	echo "NOT REPRODUCED: $differ call(s) that failed the check and $drift other call(s) answered otherwise than recorded."
	echo "A check about timing (a call made while an update is in progress) needs the target's updates to last longer"
	echo "than starting curl does: replay against a target whose updates take a second or more. Answers: $out"
	exit 1
}
`
