# nnm recover and nnm evaluate end to end: success, untrusted results (exit 3), --force, a flipped
# unit caught by evaluate, and bad input (exit 2).
source "$(dirname "$0")/lib.bash"

"$NNM" generate --dist uniform --d 8 --k 4 --m 6 --n 60000 --seed 3 --out d.csv --truth t.json 2>/dev/null
expect_exit 0 "spectral recovery: success" -- "$NNM" recover --data d.csv --k 4 --out m.json --report r.json
grep -q '"status": "success"' r.json || fail "report lacks the status"
grep -q '"spectral_gap"' r.json || fail "report lacks the gap"
"$NNM" evaluate --model m.json --truth t.json --json >e.json || fail "evaluate failed"
python3 - <<'PY' || fail "W_err too large or sign errors: $(cat e.json)"
import json; e = json.load(open("e.json"))
assert e["W_err"] < 0.05 and e["out_err"] < 0.05 and e["sign_errors"] == 0, e
PY

# Automatic k finds the 4 units from 6 outputs.
expect_exit 0 "k = 4 \(automatic\)" -- "$NNM" recover --data d.csv --out auto.json

# Same bytes for any thread count.
"$NNM" recover --data d.csv --k 4 --out m1.json --threads 1 2>/dev/null
"$NNM" recover --data d.csv --k 4 --out m2.json --threads 2 2>/dev/null
cmp -s m1.json m2.json || fail "recover output differs between thread counts"

# Flip one unit of the recovered model: evaluate must report it.
python3 - <<'PY'
import json; m = json.load(open("m.json"))
m["W"][0] = [-v for v in m["W"][0]]
json.dump(m, open("flipped.json", "w"))
PY
"$NNM" evaluate --model flipped.json --truth t.json >flip.txt 2>flip.err
grep -q "sign_errors 1" flip.txt || fail "evaluate missed the flipped unit: $(cat flip.txt)"
grep -q "wrong way" flip.err || fail "evaluate did not warn about the flipped unit"

# Non-symmetric inputs: exit 3, no model unless --force.
"$NNM" generate --dist exponential --d 8 --k 4 --m 4 --n 60000 --out ex.csv --truth ext.json 2>/dev/null
rm -f ex.json
expect_exit 3 "do not look symmetric" -- "$NNM" recover --data ex.csv --k 4 --out ex.json
[ -e ex.json ] && fail "a model was written for untrusted input without --force"
expect_exit 3 "model written because of --force" -- "$NNM" recover --data ex.csv --k 4 --out ex.json --force
[ -e ex.json ] || fail "--force did not write the model"
"$NNM" generate --dist shifted_gaussian --d 8 --k 4 --m 4 --n 60000 --out sh.csv --truth sht.json 2>/dev/null
expect_exit 3 "not_symmetric" -- "$NNM" recover --data sh.csv --k 4 --out sh.json

# k larger than the outputs or the inputs allow is impossible on its face: bad input (exit 2), as
# in generate and cp, and nothing is written.
expect_exit 2 "--k 5 .*needs k ≤ d and k ≤ m" -- "$NNM" recover --data ex.csv --k 5 --out x.json
expect_exit 2 "--k 9 .*d = 8 inputs" -- "$NNM" recover --data d.csv --k 9 --out x.json
[ -e x.json ] && fail "a refused --k left x.json behind"
expect_exit 2 "unknown polish method 'newton'" -- "$NNM" recover --data d.csv --polish-method newton --out x.json

# Bad input: exit 2, one line.
printf 'x1,x2,y1\n1,2,3\n1,2\n' >ragged.csv
expect_exit 2 "ragged.csv:3: expected 3 fields, found 2" -- "$NNM" recover --data ragged.csv --out x.json
expect_exit 2 "missing.csv: cannot open" -- "$NNM" recover --data missing.csv --out x.json
expect_exit 2 "leaky_relu" -- "$NNM" recover --data d.csv --activation tanh --out x.json
printf 'x1,x2\n1,2\n' >xonly.csv
expect_exit 2 "no output columns" -- "$NNM" recover --data xonly.csv --out x.json
[ -e x.json ] && fail "a model was written after bad input"
printf '{"A": [[1, 2]],\n "W": [[1, 2, 3]]}' >badshape.json
expect_exit 2 "badshape.json:1: shapes disagree" -- "$NNM" evaluate --model badshape.json --truth t.json
printf '{"A": [[1, 2]' >broken.json
expect_exit 2 "broken.json:1: malformed JSON" -- "$NNM" evaluate --model broken.json --truth t.json

# A small shift of the input law: the symmetry test's verdict and the estimated bias it puts into
# W are in the report (significant: an odd statistic beyond the sampling error; bias: relative).
"$NNM" generate --dist shifted_gaussian:0.1 --d 8 --k 3 --m 3 --n 200000 --seed 4 --out sh.csv \
  --truth sh.json 2>/dev/null || fail "generate shifted_gaussian"
"$NNM" recover --data sh.csv --k 3 --out sh.model.json --report sh.report.json --quiet 2>/dev/null
python3 - sh.report.json <<'PY' || fail "the report lacks the symmetry verdict and bias"
import json, math, sys
s = json.load(open(sys.argv[1]))["symmetry"]
assert s["significant"] is True, s
assert s["bias"] is None or (math.isfinite(s["bias"]) and s["bias"] > 0), s
PY

finish
