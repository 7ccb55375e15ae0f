# nnm sweep and nnm demo end to end: a sweep killed midway and resumed writes the same CSV as an
# uninterrupted one; resuming refuses another grid; the demo writes a complete report.
source "$(dirname "$0")/lib.bash"

expect_exit 0 "" -- "$NNM" sweep --list
grep -q "wave-phase" out.txt || fail "--list lacks wave-phase"

# The reference: an uninterrupted run (28 points).
"$NNM" sweep --experiment symmetry-break --size demo --seeds 4 --out whole.csv 2>/dev/null || fail "sweep failed"
[ "$(wc -l <whole.csv)" -eq 29 ] || fail "expected a header and 28 rows: $(wc -l <whole.csv)"

# Kill -9 once a few rows are in, then resume.
"$NNM" sweep --experiment symmetry-break --size demo --seeds 4 --out part.csv 2>/dev/null &
pid=$!
for _ in $(seq 1 400); do
  [ -f part.csv ] && [ "$(wc -l <part.csv)" -ge 4 ] && break
  sleep 0.02
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
rows=$(wc -l <part.csv)
[ "$rows" -lt 29 ] || echo "note: the sweep finished before it could be killed" >&2
# Whatever moment the kill hit, the file holds whole rows only.
awk -F, 'NR > 1 && NF != 7 { exit 1 }' part.csv || fail "a killed sweep left a broken row"
expect_exit 0 "kept from part.csv" -- "$NNM" sweep --experiment symmetry-break --size demo --seeds 4 --out part.csv --resume
cmp -s whole.csv part.csv || fail "resumed sweep differs from an uninterrupted one: $(diff whole.csv part.csv | head -5)"
expect_exit 0 "28 kept from part.csv, 0 run" -- "$NNM" sweep --experiment symmetry-break --size demo --seeds 4 --out part.csv --resume

expect_exit 2 "already exists \(pass --resume" -- "$NNM" sweep --experiment symmetry-break --size smoke --out whole.csv
expect_exit 2 "not in this grid" -- "$NNM" sweep --experiment symmetry-break --size smoke --out whole.csv --resume
expect_exit 2 "columns are not those of experiment parity-gd" -- "$NNM" sweep --experiment parity-gd --size smoke --out whole.csv --resume
expect_exit 2 "unknown experiment 'waves'" -- "$NNM" sweep --experiment waves --out w.csv
expect_exit 2 "unknown experiment size 'huge'" -- "$NNM" sweep --experiment wave-phase --size huge --out w.csv
[ -e w.csv ] && fail "a refused sweep wrote its output"

# The demo on the smoke grid: every file, plots inline, numbers from the run.
expect_exit 0 "" -- "$NNM" demo --size smoke --out report
for f in index.html summary.txt laws.csv spectral-samples.csv wave-phase.csv parity-gd.csv \
         symmetry-break.csv spectral-samples.svg wave-phase.svg parity-gd.svg parity-bound.svg; do
  [ -s "report/$f" ] || fail "demo did not write $f"
done
[ "$(grep -c '<svg' report/index.html)" -ge 6 ] || fail "index.html should hold the plots inline"
grep -q "http" report/index.html && fail "index.html must be self-contained"
grep -q "1. spectral-samples: median spectral W_err" out.txt || fail "demo summary missing: $(cat out.txt)"
expect_exit 2 "cannot create the output directory" -- "$NNM" demo --size smoke --out report/index.html/x
finish
