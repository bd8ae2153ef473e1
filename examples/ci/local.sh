#!/usr/bin/env bash
# The steps of the two GitHub Actions workflows beside this script (github/*.yml), run on one machine, so that
# they can be tried and tested without a CI service. Each CI job is a step here; each artifact a directory.
#
#   examples/ci/local.sh shards OUT    a run in $SHARDS shards (separate processes, like the jobs of a matrix),
#                                      then merged into one report and one verdict: github/conformance-shards.yml
#   examples/ci/local.sh compare OUT   runs against several targets, then compared: github/conformance-compare.yml
#
# The exit code is the one the workflow's last job would have: for shards, the merged verdict (0 conformant,
# 1 not conformant, 3 incomplete); 2 for a configuration error. Environment:
#   LAMBDACONFORM  a built runner to use (default: build one into OUT/bin)
#   SHARDS         how many shards (default 3)
#   TARGET_ARGS    the target of the sharded run, as runner flags (default: the embedded reference target)
#   MOTO           "skip" leaves moto out of the comparison; otherwise it is included when moto_server is on PATH
set -euo pipefail

usage() { echo "usage: $0 shards|compare OUT_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
mode=$1
mkdir -p "$2"
out=$(cd "$2" && pwd)
cd "$(dirname "$0")/../.."
log() { printf '== %s\n' "$*" >&2; }

# Job "build": one binary for every job, so that every shard runs the same checks (merge refuses reports of
# different versions or rule catalogs).
bin=${LAMBDACONFORM:-}
if [ -z "$bin" ]; then
  log "build"
  mkdir -p "$out/bin"
  CGO_ENABLED=0 go build -o "$out/bin/lambdaconform" ./runner
  bin="$out/bin/lambdaconform"
fi

# run_tolerant runs the runner and fails only on exit 2 (a configuration error): 1 and 3 are the run's verdict,
# which the merge or compare job reports. It is how the workflows' run steps behave.
run_tolerant() {
  local code=0
  "$@" || code=$?
  if [ "$code" -eq 2 ]; then
    echo "the runner refused its configuration (exit 2): $*" >&2
    return 2
  fi
  return 0
}

shards() {
  local n=${SHARDS:-3} i pids=() codes=0
  # shellcheck disable=SC2206 # TARGET_ARGS is a list of flags
  local target=(${TARGET_ARGS:-})
  mkdir -p "$out/shards" "$out/merged"
  # Jobs "shard" (a matrix): each shard in its own process, all at once, each uploading its JSON report.
  for ((i = 1; i <= n; i++)); do
    log "shard $i/$n"
    run_tolerant "$bin" run "${target[@]}" --shard "$i/$n" --json-report "$out/shards/shard-$i.json" \
      >"$out/shards/shard-$i.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || codes=$?
  done
  [ "$codes" -eq 0 ] || return "$codes"
  # Job "merge": download the shards' reports, merge them, publish every format; its exit code is the verdict.
  log "merge"
  "$bin" merge "$out"/shards/shard-*.json \
    --junit-report "$out/merged/conformance.xml" --json-report "$out/merged/conformance.json" \
    --html-report "$out/merged/conformance.html" --markdown-report "$out/merged/conformance.md" --color never
}

moto_pid=""
stop_moto() {
  if [ -n "$moto_pid" ]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    moto_pid=""
  fi
}
trap stop_moto EXIT

# start_moto starts moto_server on a free loopback port and creates the execution role the checks need through
# moto's IAM API (signed with curl's --aws-sigv4); moto_flags are then the runner flags that check it.
moto_flags=""
start_moto() {
  local port role i
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  moto_server -H 127.0.0.1 -p "$port" >"$out/runs/moto-server.log" 2>&1 &
  moto_pid=$!
  echo "$moto_pid" >"$out/runs/moto-server.pid"
  for ((i = 0; i < 150; i++)); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/moto-api/" && break
    sleep 0.2
  done
  role=$(curl -sS --aws-sigv4 "aws:amz:us-east-1:iam" --user test:test "http://127.0.0.1:$port/" \
    --data-urlencode Action=CreateRole --data-urlencode Version=2010-05-08 --data-urlencode RoleName=lambdaconform \
    --data-urlencode 'AssumeRolePolicyDocument={"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' |
    sed -n 's:.*<Arn>\(.*\)</Arn>.*:\1:p')
  if [ -z "$role" ]; then
    echo "moto_server on port $port did not create the execution role" >&2
    return 1
  fi
  moto_flags="--endpoint http://127.0.0.1:$port --role $role"
}

compare() {
  mkdir -p "$out/runs" "$out/comparison"
  # Jobs "run" (a matrix of targets), each uploading its JSON report. Here: the embedded reference, the
  # reference with a named fault (a stand-in for a second implementation), and moto when it is installed.
  local names=(reference faulty) name args=()
  local -A flags=([reference]="" [faulty]="--fault publish-always-new")
  if [ "${MOTO:-}" != "skip" ] && command -v moto_server >/dev/null; then
    names+=(moto)
    start_moto
    flags[moto]=$moto_flags
  fi
  for name in "${names[@]}"; do
    log "run $name"
    # shellcheck disable=SC2086 # the flags are a list
    run_tolerant "$bin" run ${flags[$name]} --json-report "$out/runs/$name.json" >"$out/runs/$name.log" 2>&1
  done
  stop_moto
  # Job "compare": download the runs' reports and publish the comparison.
  log "compare"
  for name in "${names[@]}"; do
    args+=("$name=$out/runs/$name.json")
  done
  "$bin" compare "${args[@]}" --html-report "$out/comparison/comparison.html" \
    --markdown-report "$out/comparison/comparison.md"
}

case $mode in
shards) shards ;;
compare) compare ;;
*) usage ;;
esac
