# nnm probe: SQ statistics that find the regression parity's hidden subset from samples (a file or
# a family), see nothing of the ±1-label variant, and refuse bad input with exit 2.
source "$(dirname "$0")/lib.bash"

expect_exit 0 "" -- "$NNM" probe --help

# A data file written by nnm family: the probe names the member's subset, strongest first.
expect_exit 0 "" -- "$NNM" family --kind parity --d 24 --k 4 --n 100000 --member 321 --seed 4 \
  --out p.csv --truth p.json
expect_exit 0 "" -- "$NNM" probe --data p.csv --json --threads 1
cp out.txt p1.json
expect_exit 0 "" -- "$NNM" probe --data p.csv --json --threads 2
cmp -s out.txt p1.json || fail "probe output differs between thread counts"
python3 - p1.json p.json <<'PY' || fail "the probe did not find the parity's subset"
import json, sys
r, truth = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
subset = set(truth["member"]["subset"])
assert set(r["coordinates"][:4]) == subset, (r["coordinates"][:4], subset)
assert set(r["significant"]) == subset, (r["significant"], subset)
assert r["class"] == "SQ" and r["status"] == "success"
assert len(r["coordinates"]) == 24 and len(r["statistics"]) == 12 and len(r["matrices"]) == 4
PY
# The same member sampled directly gives the same samples, hence the same report.
expect_exit 0 "" -- "$NNM" probe --kind parity --d 24 --k 4 --n 100000 --member 321 --seed 4 --json
python3 - out.txt p1.json <<'PY' || fail "family samples and the file disagree"
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert a["coordinates"] == b["coordinates"] and a["strength"] == b["strength"]
PY

# A member with several outputs: any of them can be probed.
expect_exit 0 "" -- "$NNM" probe --kind natural --d 8 --k 3 --m 3 --n 2000 --output 3 --json
grep -q '"output": 3' out.txt || fail "--output 3 not reported"

# Text output says what kind of statistics these are.
expect_exit 0 "" -- "$NNM" probe --data p.csv
grep -q "not correlational (CSQ)" out.txt || fail "text output does not name the class"
grep -q "significant coordinates:" out.txt || fail "no significant coordinates line"

# The classification variant: ±1 labels, nothing significant.
expect_exit 0 "" -- "$NNM" probe --kind parity --d 12 --k 4 --labels boolean --n 100000 --json
python3 - out.txt <<'PY' || fail "the probe found something in the boolean-label parity"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["significant"] == [], r["significant"]
assert r["source"]["family"]["labels"] == "boolean"
PY
for t in 1 2; do
  expect_exit 0 "" -- "$NNM" family --kind parity --d 8 --k 2 --labels boolean --n 5000 \
    --threads $t --out b$t.csv --truth b$t.json
done
cmp -s b1.csv b2.csv || fail "boolean labels differ between thread counts"
python3 - b1.csv <<'PY' || fail "boolean labels are not all +-1"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 5000 and {r["y1"] for r in rows} <= {"1", "-1"}, {r["y1"] for r in rows}
PY
expect_exit 0 "" -- "$NNM" sq --kind parity --d 12 --k 4 --labels boolean --members 10 \
  --samples 20000
grep -q "hardness covers: SQ" out.txt || fail "the boolean variant should claim SQ: $(cat out.txt)"
grep -q "^SQ query lower bound" out.txt || fail "the boolean variant's bound should say SQ"
expect_exit 0 "" -- "$NNM" sq --kind parity --d 12 --k 4 --members 10
grep -q "hardness covers: CSQ" out.txt || fail "the regression variant should claim CSQ only"
expect_exit 2 "boolean labels" -- "$NNM" family --kind parity --labels boolean --noise 0.1 \
  --out b.csv --truth b.json
expect_exit 2 "cannot integrate" -- "$NNM" sq --kind parity --labels boolean --method closed

# Perturbed waves: no whole-family bound, and the reason printed.
expect_exit 0 "" -- "$NNM" sq --kind wave --d 12 --delta 0.1 --members 10 --json
python3 - out.txt <<'PY' || fail "a perturbed wave family must claim no whole-family bound"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["family_lambda"] is None and "perturbed" in r["no_family_lambda"]
assert all(b["family"] is None for b in r["bounds"])
PY

# Bad input: exit 2, one line.
expect_exit 2 "needs --data FILE or --kind" -- "$NNM" probe
expect_exit 2 "exclude each other" -- "$NNM" probe --data p.csv --kind parity
expect_exit 2 "--n applies to --kind only" -- "$NNM" probe --data p.csv --n 10
expect_exit 2 "--output 2" -- "$NNM" probe --data p.csv --output 2
expect_exit 2 "missing.csv" -- "$NNM" probe --data missing.csv
expect_exit 2 "fixed point set" -- "$NNM" probe --kind coloring --d 8 --k 3
printf 'x1,x2,y1\n1,2,3\nx,1,2\n' >bad.csv
expect_exit 2 "bad.csv:3" -- "$NNM" probe --data bad.csv
# Constant labels: the statistics cannot be trusted (exit 3, naming why).
printf 'x1,x2,y1\n1,2,1\n-1,0.5,1\n0.3,-2,1\n' >flat.csv
expect_exit 3 "constant" -- "$NNM" probe --data flat.csv
finish
