# Shared by the tests under mpirun (tests/mpi/*.sh): the CLI tests' helpers, and ranks NP ARGS...,
# which runs ARGS on NP ranks of $MPIRUN (the test's second argument).
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.bash"
MPIRUN=$2

# The ranks of a test meet on this machine only: shared memory, no network interfaces (OpenMPI
# otherwise probes them, which is slow and warns on machines without one), and plain copies through
# it (the single-copy mechanism reads the other process's memory, which a container's default
# seccomp profile forbids). --quiet drops mpirun's own notice when a rank exits non-zero, leaving
# nnm's one line.
ranks() {
  local np=$1
  shift
  local root=()
  [ "$(id -u)" -eq 0 ] && root=(--allow-run-as-root)
  "$MPIRUN" --quiet "${root[@]}" --oversubscribe --mca btl self,vader \
    --mca btl_vader_single_copy_mechanism none -np "$np" "$@"
}
