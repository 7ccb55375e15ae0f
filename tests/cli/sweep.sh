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
awk -F, 'NR > 1 && NF != 8 { exit 1 }' part.csv || fail "a killed sweep left a broken row"
expect_exit 0 "kept from part.csv" -- "$NNM" sweep --experiment symmetry-break --size demo --seeds 4 --out part.csv --resume
cmp -s whole.csv part.csv || fail "resumed sweep differs from an uninterrupted one: $(diff whole.csv part.csv | head -5)"
expect_exit 0 "28 kept from part.csv, 0 run" -- "$NNM" sweep --experiment symmetry-break --size demo --seeds 4 --out part.csv --resume

# A last row cut in the middle of a number (damage from outside: run_sweep itself writes whole
# files) is not kept as finished: it is run again, and the file ends as an uninterrupted run's.
head -c -12 whole.csv >cut.csv
expect_exit 0 "last row of cut.csv was not whole" -- "$NNM" sweep --experiment symmetry-break --size demo --seeds 4 --out cut.csv --resume
cmp -s whole.csv cut.csv || fail "a cut last row was kept: $(diff whole.csv cut.csv | head -5)"
grep -q "27 kept from cut.csv, 1 run" err.txt || fail "expected 27 rows kept and 1 run: $(cat err.txt)"
# A row cut in the middle of the file is damage that cannot be redone: refused.
{ head -n 3 whole.csv; head -n 4 whole.csv | tail -n 1 | cut -d, -f1-3; tail -n +5 whole.csv; } >mid.csv
expect_exit 2 "mid.csv:4: expected 8 fields, found 3" -- "$NNM" sweep --experiment symmetry-break --size demo --seeds 4 --out mid.csv --resume

# More seeds add the missing repetitions; fewer seeds are refused (rows outside the grid).
"$NNM" sweep --experiment symmetry-break --size smoke --seeds 1 --out seeds.csv --quiet 2>/dev/null || fail "smoke sweep failed"
expect_exit 0 "2 kept from seeds.csv, 2 run" -- "$NNM" sweep --experiment symmetry-break --size smoke --seeds 2 --out seeds.csv --resume
expect_exit 2 "not in this grid" -- "$NNM" sweep --experiment symmetry-break --size smoke --seeds 1 --out seeds.csv --resume
# The default size is the small demo grid, not the hours-long full one; the help says so.
expect_exit 0 "" -- "$NNM" sweep --help
grep -q "full (a larger scale: from a minute to hours" out.txt || fail "--help does not say how long full takes"
grep -q "TEXT=demo\|default: demo\|\[demo\]" out.txt || fail "--size should default to demo: $(grep -A2 -- --size out.txt)"
# Progress goes to stderr only, and never to a pipe or file (nothing with a carriage return).
"$NNM" sweep --experiment symmetry-break --size smoke --out quiet.csv >q.out 2>q.err || fail "sweep failed"
[ -s q.out ] && fail "sweep wrote to stdout: $(cat q.out)"
grep -q $'\r' q.err && fail "progress drawn into a non-terminal stderr"

expect_exit 2 "already exists \(pass --resume" -- "$NNM" sweep --experiment symmetry-break --size smoke --out whole.csv
expect_exit 2 "not in this grid" -- "$NNM" sweep --experiment symmetry-break --size smoke --out whole.csv --resume
expect_exit 2 "columns are not those of experiment parity-gd" -- "$NNM" sweep --experiment parity-gd --size smoke --out whole.csv --resume
expect_exit 2 "unknown experiment 'waves'" -- "$NNM" sweep --experiment waves --out w.csv
expect_exit 2 "unknown experiment size 'huge'" -- "$NNM" sweep --experiment wave-phase --size huge --out w.csv
[ -e w.csv ] && fail "a refused sweep wrote its output"

# The demo on the smoke grid: every file, plots inline, numbers from the run; the page leads with
# a boundary path's phase diagram; nnm report rebuilds the same page from the CSV files alone.
expect_exit 0 "" -- "$NNM" demo --size smoke --out report
for f in index.html summary.txt spectral-laws.csv spectral-samples.csv wave-phase.csv parity-gd.csv \
         symmetry-break.csv boundary-outputs.csv boundary-rank.csv boundary-symmetry.csv \
         boundary-noise.csv boundary-outputs.svg boundary-rank.svg spectral-samples.svg \
         wave-phase.svg parity-gd.svg symmetry-break.svg symmetry-break-z.svg; do
  [ -s "report/$f" ] || fail "demo did not write $f"
done
[ "$(grep -c '<svg' report/index.html)" -ge 10 ] || fail "index.html should hold the plots inline"
grep -q "http" report/index.html && fail "index.html must be self-contained"
grep -q "median of 2\b" report/index.html && fail "a median of two seeds on the page"
first_figure=$(grep -o '<svg\|Assumptions and learners along the path' report/index.html | head -2 | tr '\n' ' ')
[ "$first_figure" = "<svg Assumptions and learners along the path " ] || fail "the page does not lead with a phase diagram: $first_figure"
grep -q "^boundary-outputs.start: At outputs m = 4 " out.txt || fail "demo summary missing: $(cat out.txt)"
# A second demo keeps every finished point (resumable) and writes the same page.
cp report/index.html first.html
expect_exit 0 "boundary-outputs: 2 of 2 points kept from" -- "$NNM" demo --size smoke --out report
cmp -s first.html report/index.html || fail "a resumed demo wrote another page"
mkdir -p pieces empty
expect_exit 0 "" -- "$NNM" report --from report --out pieces/index.html
grep -q "wrote pieces/index.html" out.txt || fail "report did not say what it wrote: $(cat out.txt)"
cmp -s <(sed 's|nnm report --from report|CMD|' pieces/index.html) <(sed 's|nnm demo --size smoke --seed 1|CMD|' report/index.html) || fail "nnm report built another page from the same CSVs"
expect_exit 2 "empty: holds no sweep results" -- "$NNM" report --from empty
expect_exit 2 "nowhere: is not a directory" -- "$NNM" report --from nowhere
expect_exit 2 "cannot create the output directory" -- "$NNM" demo --size smoke --out report/index.html/x
finish
