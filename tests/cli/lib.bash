# Helpers shared by the command-line tests (sourced, not a test itself).
set -u
NNM=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect_exit CODE PATTERN -- command...: runs the command, checks its exit code, that stderr is one
# line, and that it contains PATTERN (a grep -E expression).
expect_exit() {
  local code=$1 pattern=$2
  shift 3
  "$@" >out.txt 2>err.txt
  local got=$?
  if [ "$got" -ne "$code" ]; then fail "$* -> exit $got, expected $code: $(cat err.txt)"; return; fi
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" err.txt; then fail "$* -> stderr lacks /$pattern/: $(cat err.txt)"; fi
  if [ "$code" -eq 2 ] && [ "$(wc -l <err.txt)" -ne 1 ]; then fail "$* -> error is not one line: $(cat err.txt)"; fi
}

# expect_bad_generation SUBCOMMAND PATTERN ARGS...: a subcommand that writes --out bad.csv and
# --truth bad.json must exit 2 with PATTERN on one line and leave neither file, nor a temporary.
expect_bad_generation() {
  local subcommand=$1 pattern=$2
  shift 2
  rm -f bad.csv bad.json
  expect_exit 2 "$pattern" -- "$NNM" "$subcommand" "$@" --out bad.csv --truth bad.json
  ls bad.csv* bad.json* >/dev/null 2>&1 && fail "partial output left by: $subcommand $*"
}

finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures failure(s)" >&2; exit 1; fi
  echo "all passed"
}
