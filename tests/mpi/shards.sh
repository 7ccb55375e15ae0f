# nnm recover under mpirun on a data set kept as three files (uneven sizes, not cut at chunk
# boundaries): 1, 2 and 3 ranks write the single-process model byte for byte, which is the whole
# file's model but for its "recovered_from" line; a bad line in rows a rank reached by skipping
# is reported with the file's own line number; a file whose columns differ exits 2 with one line.
# Arguments: the nnm binary, mpirun.
source "$(dirname "$0")/lib.bash"

"$NNM" generate --d 6 --k 3 --m 4 --n 140902 --noise 0.1 --seed 5 --out d.csv --truth t.json \
  2>/dev/null || fail "generate d.csv"
# Rows 1-30000, 30001-100003, 100004-140902: 4.3 chunks of 32768 rows over three files.
{ head -1 d.csv; sed -n 2,30001p d.csv; } >a.csv
{ head -1 d.csv; sed -n 30002,100004p d.csv; } >b.csv
{ head -1 d.csv; sed -n '100005,$p' d.csv; } >c.csv
files=(--data a.csv --data b.csv --data c.csv)

"$NNM" recover --data d.csv --out whole.json --polish 2 --quiet 2>/dev/null || fail "recover d.csv"
"$NNM" recover "${files[@]}" --out one.json --polish 2 --quiet 2>/dev/null || fail "recover files"
cmp -s <(grep -v recovered_from whole.json) <(grep -v recovered_from one.json) \
  || fail "three files give another model than the whole file"
for run in 1:2 2:1 3:1 3:2; do  # ranks:threads
  np=${run%:*} threads=${run#*:}
  rm -f many.json
  ranks $np "$NNM" recover "${files[@]}" --out many.json --polish 2 --threads $threads \
    --quiet 2>err.txt || fail "mpirun -np $np recover: $(cat err.txt)"
  cmp -s one.json many.json || fail "mpirun -np $np --threads $threads: the model differs"
done

# Of 3 ranks, rank 2 holds rows 98305-140902: the end of b.csv, skipped to unparsed, and c.csv. A
# bad line there (b.csv's line 70000, row 99998 of the set) is reported with the file's own line.
awk 'NR == 70000 { print "1,2,oops,4,5,6,7,8,9,10"; next } { print }' b.csv >bad_b.csv
rm -f bad.json
expect_exit 2 "bad_b.csv:70000: field 3 \(x3\) is not a number" -- \
  ranks 3 "$NNM" recover --data a.csv --data bad_b.csv --data c.csv --out bad.json
[ -e bad.json ] && fail "a model was written from a bad file"

"$NNM" generate --d 5 --k 3 --m 4 --n 100 --seed 5 --out narrow.csv --truth t5.json 2>/dev/null
expect_exit 2 "narrow.csv: has d = 5 inputs and m = 4 outputs, but a.csv" -- \
  ranks 3 "$NNM" recover --data a.csv --data b.csv --data narrow.csv --out bad.json

finish
