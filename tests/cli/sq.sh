# nnm sq: Gram matrices, λ_max and query bounds, text and JSON, and bad input.
source "$(dirname "$0")/lib.bash"

expect_exit 0 "" -- "$NNM" sq --help

# The headline: parity, d = 20, k = 4 has C(20, 4) = 4845 members and λ_max = 1.
expect_exit 0 "" -- "$NNM" sq --kind parity --d 20 --k 4
grep -q "family size M = 4845" out.txt || fail "family size not reported: $(cat out.txt)"
grep -q "lambda_max = 1," out.txt || fail "lambda_max not 1: $(cat out.txt)"
grep -qE "^  0\.1 +0 +47\.45" out.txt || fail "bound for tau = 0.1 should be 47.45: $(cat out.txt)"

expect_exit 0 "" -- "$NNM" sq --kind parity --d 20 --k 4 --json --threads 1
cp out.txt j1.json
expect_exit 0 "" -- "$NNM" sq --kind parity --d 20 --k 4 --json --threads 2
python3 - j1.json <<'PY' || fail "JSON report is wrong"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["family_size"] == 4845, r["family_size"]
assert abs(r["lambda_max"] - 1) < 1e-12
assert r["members"] == 50 and r["status"] == "ok"
b = {x["tau"]: x for x in r["bounds"]}
assert abs(b[0.1]["family"] - 47.45) < 1e-9 and abs(b[0.3]["family"] - 435.05) < 1e-9
PY

# Monte Carlo under another law; same answer for any thread count; Gram file written.
mc="sq --kind parity --d 8 --k 2 --dist rademacher --members 10 --samples 40000 --json"
expect_exit 0 "" -- "$NNM" $mc --threads 1 --gram g1.csv
cp out.txt m1.json
expect_exit 0 "" -- "$NNM" $mc --threads 2 --gram g2.csv
cmp -s g1.csv g2.csv || fail "Monte Carlo Gram differs between thread counts"
grep -q '"method": "mc"' m1.json || fail "expected the Monte Carlo method"
[ "$(wc -l <g1.csv)" -eq 11 ] || fail "Gram file should have 10 rows"

# Sphere, waves, the oracle simulation.
expect_exit 0 "" -- "$NNM" sq --kind parity --d 10 --k 2 --dist sphere --members 8
grep -q "method series, ok" out.txt || fail "sphere should use the Funk–Hecke series: $(cat out.txt)"
expect_exit 0 "" -- "$NNM" sq --kind wave --d 16 --sharpness 8 --members 20 --simulate 0.1
grep -q "scanning learner" out.txt || fail "simulation not reported"
expect_exit 0 "" -- "$NNM" sq --kind dkkz --d 10 --k 4 --members 10

# Perturbed waves: a certified (CSQ) whole-family bound from a Gershgorin row sum, vacuous where
# the row sum exceeds M tau^2.
expect_exit 0 "" -- "$NNM" sq --kind wave --d 12 --delta 0.1 --members 5
grep -q "whole family (certified, CSQ): lambda_max <= " out.txt || fail "no certificate: $(cat out.txt)"
grep -qE "^  0\.001 +0 +vacuous" out.txt || fail "tau = 0.001 should be vacuous: $(cat out.txt)"
expect_exit 0 "" -- "$NNM" sq --kind wave --d 12 --delta 0.1 --members 5 --json
python3 - out.txt <<'PY' || fail "the certified perturbed-wave JSON is wrong"
import json, sys
r = json.load(open(sys.argv[1]))
f = r["family_lambda"]
assert not f["exact"] and 0 < f["gamma"] < 1 and f["lambda"] >= 1, f
assert f["method"].startswith("certified"), f
b = {x["tau"]: x for x in r["bounds"]}
assert b[0.001]["family_vacuous"] and not b[0.3]["family_vacuous"], b
assert abs(b[0.3]["family"] - (924 * 0.09 / f["lambda"] - 1)) < 1e-6, b
PY

# Bad requests: one line on stderr, exit 2.
expect_exit 2 "" -- "$NNM" sq --kind parity --d 6 --k 3
# A reduction's instance is one training set: no SQ or CSQ bound, its conditional claim instead.
expect_exit 2 "relu-maxcut family is a fixed point set.*no SQ or CSQ bound.*conditional" -- \
  "$NNM" sq --kind relu-maxcut --d 6
expect_exit 2 "coloring family is a fixed point set" -- "$NNM" sq --kind coloring --d 6 --k 3
expect_exit 2 "--tau: 'x' is not a tolerance" -- "$NNM" sq --kind parity --tau 0.1,x
expect_exit 2 "unknown correlation method 'fast'" -- "$NNM" sq --kind parity --method fast
expect_exit 2 "needs the gaussian or sphere law" -- "$NNM" sq --kind parity --d 8 --k 2 --dist uniform --method series
expect_exit 2 "--members" -- "$NNM" sq --kind parity --members 0
# Flags that do not apply are refused rather than ignored.
expect_exit 2 "--member" -- "$NNM" sq --kind parity --member 3
expect_exit 2 "--period does not apply to --kind parity" -- "$NNM" sq --kind parity --period 2
finish
