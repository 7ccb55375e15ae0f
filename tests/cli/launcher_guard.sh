# An nnm started by a launcher as one of several processes that are not MPI ranks of one run (a
# build without MPI under mpirun or srun; srun without an MPI plugin) exits 2 with one line
# instead of running N copies that race on the outputs. The launchers' variables are set by hand,
# so this runs in every build. A launcher's count of 1 changes nothing, nor does a count of 3 with
# NNM_SINGLE_PROCESS=1 (a task farm).
source "$(dirname "$0")/lib.bash"

"$NNM" generate --d 4 --k 2 --m 3 --n 2000 --seed 1 --out d.csv --truth t.json 2>/dev/null \
  || fail "generate"
expect_exit 2 "one of 3 processes|launcher's 3 processes would be independent copies" -- \
  env SLURM_STEP_NUM_TASKS=3 "$NNM" recover --data d.csv --out m.json
[ -e m.json ] && fail "a copy wrote the model"
SLURM_STEP_NUM_TASKS=1 "$NNM" recover --data d.csv --out m.json --quiet 2>/dev/null \
  || fail "a launcher's single process was refused"
# A task farm (each process its own command) says so: every build then runs one plain process.
for var in SLURM_STEP_NUM_TASKS OMPI_COMM_WORLD_SIZE PMI_SIZE; do
  rm -f m.json
  env $var=3 NNM_SINGLE_PROCESS=1 "$NNM" recover --data d.csv --out m.json --quiet 2>err2.txt \
    || fail "$var=3 with NNM_SINGLE_PROCESS=1 was refused: $(cat err2.txt)"
  [ -e m.json ] || fail "$var=3 with NNM_SINGLE_PROCESS=1 wrote no model"
done
if grep -q "built without MPI" err.txt; then
  # OpenMPI's mpirun (4.x) and MPICH's set these; only a build with MPI may take them as ranks.
  for var in OMPI_COMM_WORLD_SIZE PMI_SIZE; do
    expect_exit 2 "built without MPI \(NNM_MPI=OFF\), so the launcher's 4 processes" -- \
      env $var=4 "$NNM" generate --d 4 --k 2 --m 3 --n 100 --out g.csv --truth g.json
    [ -e g.csv ] && fail "$var: a copy wrote the data"
  done
fi
finish
