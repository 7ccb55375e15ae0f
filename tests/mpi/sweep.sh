# nnm sweep under mpirun (built with NNM_MPI): the grid's points are run by 2 or 3 ranks and rank 0
# writes the results CSV byte for byte as one process writes it, also when resuming a cut file
# and when the ranks outnumber the points left. Arguments: the nnm binary, then mpirun.
source "$(dirname "$0")/lib.bash"

grid=(sweep --experiment symmetry-break --size smoke --seeds 3 --quiet)
"$NNM" "${grid[@]}" --out one.csv 2>/dev/null || fail "sweep as one process"
for np in 2 3; do
  ranks $np "$NNM" "${grid[@]}" --out many$np.csv 2>err.txt || fail "mpirun -np $np: $(cat err.txt)"
  cmp -s one.csv many$np.csv || fail "mpirun -np $np sweep differs: $(diff one.csv many$np.csv)"
  grep -q "6 points, 0 kept from many$np.csv, 6 run" err.txt || fail "summary: $(cat err.txt)"
  ls ./*.lock ./*.tmp.* >/dev/null 2>&1 && fail "lock or temporary left by -np $np"
done

# Resumed by 3 ranks from a file holding 4 of the 6 rows: 2 points left for 3 ranks.
head -5 one.csv >part.csv
expect_exit 0 "4 kept from part.csv, 2 run" -- ranks 3 "$NNM" "${grid[@]}" --out part.csv --resume
cmp -s one.csv part.csv || fail "resumed under mpirun differs: $(diff one.csv part.csv)"

# The same refusals as one process, said once.
expect_exit 2 "already exists \(pass --resume" -- ranks 2 "$NNM" "${grid[@]}" --out one.csv

finish
