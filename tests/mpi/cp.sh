# nnm cp --data under mpirun (built with NNM_MPI): the factors file of 1, 2 and 3 ranks, with 1 or
# 2 threads each, is the single-process file byte for byte, and the exit code is the same, from CSV
# and from .npy, for the cumulant, raw and score moments, whitened or not, for a moment kept
# implicit (order 4 in d = 17: every power iteration's contraction runs along the ranks' chain) as
# well as a materialised one (formed from slices taken along the chain), by all four methods. A bad
# line in the last rank's rows exits 2 with one line and leaves no file; only rank 0 prints; a
# tensor file is refused on several ranks. Arguments: the nnm binary, mpirun.
source "$(dirname "$0")/lib.bash"

# 6.1 chunks of 32768 rows: 3 ranks get 2, 2 and 2.1 chunks. d = 6 for the CSV and .npy grid
# (a materialised moment), d = 17 for an implicit order-4 moment (17^4 entries).
for file in d.csv d.npy wide.npy; do
  d=6
  [ $file = wide.npy ] && d=17
  "$NNM" generate --dist uniform --d $d --k 3 --m 2 --n 200003 --noise 0.1 --seed 7 --out $file \
    --truth t.json 2>/dev/null || fail "generate $file"
done

# file|options|ranks:threads — each moment on each file, and each file on every ranks:threads.
cases=(
  "d.csv|--moment cumulant|1:2"
  "d.csv|--moment raw|2:1"
  "d.csv|--moment score --order 4|3:1"
  "d.csv|--moment cumulant --whiten|3:2"
  "d.csv|--moment raw --whiten --order 4 --method sshopm|3:1"
  "d.npy|--moment cumulant --order 4|3:2"
  "d.npy|--moment raw --method jennrich|3:1"
  "d.npy|--moment score|2:1"
  "d.npy|--moment cumulant --whiten --method als|1:2"
  "d.npy|--moment raw --whiten|3:2"
  "wide.npy|--moment cumulant --order 4|3:2"
  "wide.npy|--moment score --order 4|2:1"
)
for c in "${cases[@]}"; do
  IFS='|' read -r data args run <<<"$c"
  np=${run%:*} threads=${run#*:}
  rm -f one.json many.json
  # shellcheck disable=SC2086  # args holds several options
  "$NNM" cp --data $data $args --rank 3 --seed 4 --out one.json 2>/dev/null
  one=$?
  [ -s one.json ] || fail "cp $data $args: no output (exit $one)"
  # shellcheck disable=SC2086
  ranks $np "$NNM" cp --data $data $args --rank 3 --seed 4 --out many.json --threads $threads \
    2>err.txt
  got=$?
  [ $got -eq $one ] || fail "mpirun -np $np cp $data $args: exit $got, one process $one: \
$(cat err.txt)"
  cmp -s one.json many.json || fail "mpirun -np $np --threads $threads cp $data $args: differs"
done

# Only rank 0 prints: one summary line, and the data line says it is rank 0's share.
ranks 3 "$NNM" cp --data d.npy --rank 3 --out many.json 2>err.txt
[ "$(grep -c '^nnm cp: .* samples, moment' err.txt)" -eq 1 ] || fail "summaries: $(cat err.txt)"
grep -q "200003 samples, moment" err.txt || fail "the sample count is not the total: $(cat err.txt)"
grep -q "rank 0's share of 3 ranks" err.txt || fail "the data line does not say it is a share"

# A bad line in the last rank's rows: that rank says so, every rank exits 2, no factors file.
awk 'NR == 190000 { sub(/^[^,]*,[^,]*,[^,]*/, "1,2,oops") } { print }' d.csv >bad.csv
rm -f bad.json
expect_exit 2 "bad.csv:190000: field 3 \(x3\) is not a number" -- \
  ranks 3 "$NNM" cp --data bad.csv --rank 3 --out bad.json
[ -e bad.json ] && fail "a factors file was written from a bad file"
ls ./*.tmp.* >/dev/null 2>&1 && fail "temporaries left behind"

# A tensor file has nothing to share: refused on several ranks rather than decomposed N times.
printf '{"order": 3, "dim": 2, "data": [1, 0, 0, 0, 0, 0, 0, 1]}\n' >t3.json
expect_exit 2 "only nnm cp --data shares its work" -- \
  ranks 2 "$NNM" cp --tensor t3.json --rank 2 --out bad.json
ranks 1 "$NNM" cp --tensor t3.json --rank 2 --out t3out.json 2>err.txt \
  || fail "cp --tensor on one rank: $(cat err.txt)"

finish
