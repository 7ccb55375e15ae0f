# SIGINT/SIGTERM at several moments of every command that writes files: the command ends with 130
# or 143 (or 0 if it had already finished), leaves no temporary or lock file, and every output is
# whole or absent; a data file and its truth appear together or not at all (issue 12 item 2,
# issue 15 item 3).
source "$(dirname "$0")/lib.bash"
set -m  # background jobs get their own process group and do not ignore SIGINT

"$NNM" generate --d 10 --k 3 --m 3 --n 200000 --seed 2 --out d.csv --truth t.json 2>/dev/null ||
  fail "generate (setup)"

# interrupt SIGNAL DELAY -- COMMAND...: runs the command, sends SIGNAL after DELAY seconds.
interrupt() {
  local sig=$1 delay=$2
  shift 3
  "$@" >/dev/null 2>err.txt &
  local pid=$!
  sleep "$delay"
  kill -s "$sig" "$pid" 2>/dev/null
  wait "$pid"
  status=$?
  local want=130
  [ "$sig" = TERM ] && want=143
  # 0 or 3: it finished before the signal (3: its result was refused, e.g. too few samples).
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ] && [ "$status" -ne "$want" ]; then
    fail "$* interrupted by SIG$sig after ${delay}s: exit $status, expected $want: $(head -c 300 err.txt)"
  fi
  if ls ./*.tmp.* ./*.lock >/dev/null 2>&1; then fail "$* (SIG$sig after ${delay}s) left $(ls ./*.tmp.* ./*.lock 2>/dev/null)"; fi
}

# together FILE...: all of the files exist or none does.
together() {
  local present=0 f
  for f in "$@"; do [ -e "$f" ] && present=$((present + 1)); done
  [ "$present" -eq 0 ] || [ "$present" -eq $# ] || fail "only some of $* exist after an interrupt"
}

# whole_csv FILE ROWS: absent, or a header and ROWS rows of equal width.
whole_csv() {
  [ -e "$1" ] || return 0
  local lines widths
  lines=$(wc -l <"$1")
  widths=$(awk -F, '{print NF}' "$1" | sort -u | wc -l)
  [ "$lines" -eq $(($2 + 1)) ] && [ "$widths" -eq 1 ] || fail "$1 is not whole: $lines lines"
}

# whole_json FILE: absent, or JSON that parses.
whole_json() {
  [ -e "$1" ] || return 0
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null || fail "$1 is not whole JSON"
}

for moment in 0.05 0.3 0.8; do
  for sig in INT TERM; do
    rm -f o.csv o.json r.json m.json s.json log.csv sweep.csv
    interrupt $sig $moment -- "$NNM" generate --d 20 --k 4 --m 3 --n 400000 --out o.csv --truth o.json
    together o.csv o.json; whole_csv o.csv 400000; whole_json o.json
    rm -f o.csv o.json
    interrupt $sig $moment -- "$NNM" family --kind parity --d 20 --n 400000 --out o.csv --truth o.json
    together o.csv o.json; whole_json o.json
    rm -f o.csv o.json
    interrupt $sig $moment -- "$NNM" recover --data d.csv --out m.json --report r.json
    together m.json r.json; whole_json m.json; whole_json r.json
    interrupt $sig $moment -- "$NNM" cp --data d.csv --rank 3 --out o.json
    whole_json o.json
    interrupt $sig $moment -- "$NNM" train --data d.csv --hidden 8 --epochs 50 --out s.json --log log.csv
    together s.json log.csv; whole_json s.json
    interrupt $sig $moment -- "$NNM" sweep --experiment symmetry-break --size smoke --out sweep.csv
    if [ -e sweep.csv ]; then
      [ "$(awk -F, '{print NF}' sweep.csv | sort -u | wc -l)" -eq 1 ] || fail "sweep.csv has a partial row"
    fi
  done
done
# What an interrupted command says: one line, on stderr. The signal goes once the command is
# writing (its temporary exists), not after a fixed delay: a signal that arrives before main()
# installs the handler kills the process silently, and a slow start (a sanitizer build, a loaded
# machine) made a fixed delay land there.
rm -f o.csv o.json
"$NNM" generate --d 20 --k 4 --m 3 --n 2000000 --out o.csv --truth o.json >/dev/null 2>err.txt &
pid=$!
for _ in $(seq 200); do ls ./o.csv.tmp.* >/dev/null 2>&1 && break; sleep 0.05; done
kill -s INT "$pid" 2>/dev/null
wait "$pid"
status=$?
[ "$status" -eq 130 ] || fail "generate interrupted while writing: exit $status, expected 130"
grep -q "interrupted" err.txt || fail "no 'interrupted' message: $(cat err.txt)"
[ "$(wc -l <err.txt)" -eq 1 ] || fail "the interrupt message is not one line: $(cat err.txt)"

# A reader that went away (`nnm generate ... 2>&1 | head -1`): the command's next message raises
# SIGPIPE, which used to kill it with both temporaries left behind. Python hands it a pipe whose
# reading end is already closed, so the SIGPIPE comes at the first message, every time.
rm -f o.csv o.json
python3 - "$NNM" <<'EOF' || fail "generate writing to a closed pipe did not die by SIGPIPE"
import os, signal, subprocess, sys
r, w = os.pipe()
os.close(r)
args = "generate --d 6 --k 2 --m 1 --n 20000 --seed 4 --out o.csv --truth o.json".split()
sys.exit(subprocess.run([sys.argv[1]] + args, stdout=w, stderr=w).returncode != -signal.SIGPIPE)
EOF
if ls ./*.tmp.* >/dev/null 2>&1; then fail "SIGPIPE left $(ls ./*.tmp.*)"; fi
together o.csv o.json
finish
