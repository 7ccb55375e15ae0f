# scripts/gklw-verdicts: the table in docs/hardness.md is what the script measures. Compares the
# columns that do not depend on rounding (shape, exit code and status, verdict, probe) row by row.
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lib.bash"

bash "$root/scripts/gklw-verdicts" "$NNM" >measured.md 2>err.txt ||
  fail "the script failed: $(cat err.txt)"
python3 - measured.md "$root/docs/hardness.md" <<'PY' || fail "docs/hardness.md's GKLW table is stale"
import sys

def rows(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 8 and cells[0].startswith("--kind"):
            status = cells[5].split(" (")[0]  # "exit 0: success (fit residual ...)"
            out[cells[0]] = (cells[1], cells[2], cells[3], status, cells[6], cells[7])
    return out

measured, documented = rows(sys.argv[1]), rows(sys.argv[2])
assert len(measured) == 8, measured
assert measured == documented, (measured, documented)
PY
finish
