# Two writers of one output: the second `nnm sweep` (or `nnm demo`) finds OUT.lock held and exits 2
# with one line naming the file and the holder; the first finishes untouched (finding 6).
source "$(dirname "$0")/lib.bash"

# A lock held by another process (util-linux flock holds it while `sleep` runs).
flock -o r.csv.lock sleep 20 >/dev/null 2>&1 &
holder=$!
for _ in $(seq 50); do [ -e r.csv.lock ] && break; sleep 0.1; done
expect_exit 2 "r.csv: another nnm process.* is writing it \(lock file r.csv.lock\)" -- \
  "$NNM" sweep --experiment symmetry-break --size smoke --out r.csv
[ -e r.csv ] && fail "the refused sweep wrote r.csv"
flock -o demo.lock sleep 20 >/dev/null 2>&1 &
holder2=$!
for _ in $(seq 50); do [ -e demo.lock ] && break; sleep 0.1; done
expect_exit 2 "demo: another nnm process" -- "$NNM" demo --size smoke --out demo/
kill "$holder" "$holder2" 2>/dev/null
wait "$holder" "$holder2" 2>/dev/null

# Two real sweeps: the second is refused (naming the first's pid) and the first writes every row.
# The first runs 60 repetitions (a few seconds), so it still holds the lock when the second starts.
rm -f r.csv.lock
"$NNM" sweep --experiment symmetry-break --size smoke --seeds 60 --seed 1 --out r.csv 2>first.txt &
first=$!
for _ in $(seq 100); do [ -e r.csv.lock ] && break; sleep 0.05; done
if [ -e r.csv.lock ]; then
  expect_exit 2 "another nnm process \(pid $first\) is writing it" -- \
    "$NNM" sweep --experiment symmetry-break --size smoke --seed 100 --out r.csv
fi
wait "$first" || fail "the first sweep failed: $(cat first.txt)"
[ -e r.csv.lock ] && fail "the lock file outlived the sweep"
"$NNM" sweep --experiment symmetry-break --size smoke --seeds 60 --seed 1 --out alone.csv 2>/dev/null
cmp -s r.csv alone.csv || fail "the first sweep's rows differ from an undisturbed run"
finish
