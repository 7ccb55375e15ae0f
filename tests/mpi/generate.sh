# nnm generate under mpirun (built with NNM_MPI): ranks fill (and for CSV format) their shares of
# the rows, rank 0 writes them in order. The CSV and .npy files, the held-out file and the truth
# are byte for byte the single-process ones on 1, 2 and 3 ranks; an HDF5 file carries times of
# its own (two single-process runs differ too), so there the data is compared through the model
# recover reads from it (--force: written even where recover distrusts it). An output that cannot
# be written stops every rank with one line.
# Arguments: the nnm binary, then mpirun.
source "$(dirname "$0")/lib.bash"

# 4.3 chunks of 32768 rows, so that 3 ranks all have rows; held-out rows too.
gen=(generate --d 5 --k 3 --m 2 --n 140902 --seed 9 --noise 0.1 --test-n 40000)
formats="csv npy"
"$NNM" "${gen[@]}" --out probe.h5 --truth probe.json --test-out probe-test.h5 2>/dev/null \
  && formats="csv npy h5"
mkdir one many
for f in $formats; do
  (cd one && "$NNM" "${gen[@]}" --out d.$f --truth t.json --test-out h.$f 2>/dev/null) \
    || fail "generate $f as one process"
  [ "$f" = h5 ] && (cd one && "$NNM" recover --data d.h5 --out m.json --force 2>/dev/null)
  for np in 1 2 3; do
    rm -f many/*
    (cd many && ranks $np "$NNM" "${gen[@]}" --out d.$f --truth t.json --test-out h.$f \
      --threads 1 2>../err.txt) || fail "mpirun -np $np generate $f: $(cat err.txt)"
    if [ "$f" = h5 ]; then
      (cd many && "$NNM" recover --data d.h5 --out m.json --force 2>/dev/null)
      cmp -s one/m.json many/m.json || fail "mpirun -np $np: the h5 data differs"
    else
      for file in d.$f h.$f t.json; do
        cmp -s one/$file many/$file || fail "mpirun -np $np: $file differs"
      done
    fi
    [ "$(grep -c 'nnm generate: wrote 140902' err.txt)" -eq 1 ] || fail "summary: $(cat err.txt)"
  done
done

# A directory that does not exist: one line, every rank exits 2, nothing written.
expect_exit 2 "no-such-dir" -- ranks 3 "$NNM" "${gen[@]}" --out no-such-dir/d.csv --truth t.json \
  --test-out h.csv
ls ./*.tmp.* t.json h.csv >/dev/null 2>&1 && fail "output left by a failed generate"

finish
