# nnm under mpirun (built with NNM_MPI; registered by tests/CMakeLists.txt only then): recover
# over 1, 2 and 3 ranks, with 1 or 2 threads each (3 ranks with both), and over 7 ranks for 5
# chunks, writes the single-process model byte for byte, from CSV and from .npy; a bad line in the
# last rank's rows and a command that cannot share its work exit 2 with one line and leave no
# output; a user's program (rank_recover.cpp) gets the same bits on 1 and 3 ranks. Arguments: the
# nnm binary, mpirun, rank_recover.
source "$(dirname "$0")/lib.bash"
USER_PROGRAM=$3

# 4.3 chunks of 32768 rows: 3 ranks get 1, 2 and 1.3 chunks, so every rank really has rows.
"$NNM" generate --d 6 --k 3 --m 4 --n 140902 --noise 0.1 --seed 5 --out d.csv --truth t.json \
  2>/dev/null || fail "generate d.csv"
"$NNM" generate --d 6 --k 3 --m 4 --n 140902 --noise 0.1 --seed 5 --out d.npy --truth t.json \
  2>/dev/null || fail "generate d.npy"

for data in d.csv d.npy; do
  "$NNM" recover --data $data --out one.json --polish 2 --quiet 2>/dev/null || fail "recover $data"
  for run in 1:2 2:1 3:1 3:2; do  # ranks:threads
    np=${run%:*} threads=${run#*:}
    rm -f many.json
    ranks $np "$NNM" recover --data $data --out many.json --polish 2 --threads $threads \
      --quiet 2>err.txt || fail "mpirun -np $np recover $data: $(cat err.txt)"
    cmp -s one.json many.json || fail "mpirun -np $np --threads $threads: $data model differs"
  done
done

# More ranks than chunks (5 chunks, 7 ranks): ranks 0 and 3 have no rows, and the bytes still agree.
ranks 7 "$NNM" recover --data d.npy --out many.json --polish 2 --threads 1 --quiet 2>err.txt \
  || fail "mpirun -np 7: $(cat err.txt)"
cmp -s one.json many.json || fail "mpirun -np 7: d.npy model differs"

# Only rank 0 prints: the brief report appears once.
ranks 3 "$NNM" recover --data d.csv --out many.json 2>err.txt || fail "recover: $(cat err.txt)"
[ "$(grep -c '^spectral recovery' err.txt)" -eq 1 ] || fail "report printed by several ranks"
grep -q "rank 0's share of 3 ranks" err.txt || fail "the data line does not say it is a share"

# A bad line in the last rank's rows: that rank says so, every rank exits 2, no model.
awk 'NR == 140000 { print "1,2,oops,4,5,6,7,8,9,10"; next } { print }' d.csv >bad.csv
rm -f bad.json
expect_exit 2 "bad.csv:140000: field 3 \(x3\) is not a number" -- \
  ranks 3 "$NNM" recover --data bad.csv --out bad.json
[ -e bad.json ] && fail "a model was written from a bad file"
ls ./*.tmp.* >/dev/null 2>&1 && fail "temporaries left behind"

# A missing file (every rank fails alike): one line, from rank 0.
expect_exit 2 "missing.csv" -- ranks 2 "$NNM" recover --data missing.csv --out bad.json
# A command that does not share its work says so instead of running N copies.
expect_exit 2 "only nnm recover, cp, generate and sweep share their work" -- \
  ranks 2 "$NNM" train --data d.csv --hidden 3 --out bad.json

# The library from a user's MPI program: the same W, bit for bit, on 1 and 3 ranks.
ranks 1 "$USER_PROGRAM" d.npy >one.txt 2>&1 || fail "rank_recover -np 1: $(cat one.txt)"
ranks 3 "$USER_PROGRAM" d.npy >three.txt 2>&1 || fail "rank_recover -np 3: $(cat three.txt)"
grep -q "^n = 140902, status success" one.txt || fail "rank_recover: $(head -1 one.txt)"
cmp -s one.txt three.txt || fail "rank_recover: 1 and 3 ranks differ"

finish
