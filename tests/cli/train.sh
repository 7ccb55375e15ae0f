# nnm train end to end: it learns a teacher, per-epoch and final errors, identical models for any
# thread count, the spectral start, deep students, divergence (exit 3) and bad input (exit 2).
source "$(dirname "$0")/lib.bash"

# 15 000 samples of one teacher: the first 12 000 to train on, the rest held out.
"$NNM" generate --dist gaussian --d 8 --k 3 --m 3 --n 15000 --seed 2 --out all.csv --truth t.json 2>/dev/null
head -n 12001 all.csv >d.csv
{ head -n 1 all.csv; tail -n 3000 all.csv; } >test.csv

expect_exit 0 "training success after 15 epochs" -- "$NNM" train --data d.csv --test test.csv --hidden 32 --epochs 15 --lr 3e-3 --out m.json --log log.csv
[ "$(grep -c '^epoch' out.txt)" -eq 15 ] || fail "expected 15 epoch lines: $(cat out.txt)"
python3 - <<'PY' || fail "training did not learn: $(tail -3 out.txt)"
import csv
rows = list(csv.DictReader(open("log.csv")))
assert len(rows) == 15
first, last = float(rows[0]["train_error"]), float(rows[-1]["train_error"])
assert last < 0.3 * first, (first, last)
assert float(rows[-1]["test_error"]) < 0.1, rows[-1]
PY
grep -q '"format": "nnm-model-1"' m.json || fail "a one-layer student should be written as nnm-model-1"
"$NNM" evaluate --model m.json --truth t.json --data test.csv >/dev/null 2>&1 || fail "evaluate cannot read the trained model"

"$NNM" train --data d.csv --hidden 16 --layers 2 --epochs 2 --batch 300 --out deep1.json --threads 1 --quiet >/dev/null 2>&1
"$NNM" train --data d.csv --hidden 16 --layers 2 --epochs 2 --batch 300 --out deep2.json --threads 2 --quiet >/dev/null 2>&1
cmp -s deep1.json deep2.json || fail "trained model differs between thread counts"
grep -q '"format": "nnm-mlp-1"' deep1.json || fail "a two-layer student should be written as nnm-mlp-1"

# The spectral start is already close: a few small steps keep it there.
expect_exit 0 "spectral start: spectral recovery: success" -- "$NNM" train --data d.csv --test test.csv --init spectral --k 3 --epochs 2 --lr 1e-4 --out s.json
"$NNM" evaluate --model s.json --truth t.json --json >e.json || fail "evaluate failed on the polished model"
python3 -c "import json; e = json.load(open('e.json')); assert e['W_err'] < 0.1, e" || fail "spectral start lost: $(cat e.json)"
# k = 5 > m = 3 cannot be identified: bad input (exit 2), as in nnm recover.
expect_exit 2 "cannot be identified" -- "$NNM" train --data d.csv --init spectral --k 5 --out s5.json
[ -e s5.json ] && fail "an untrusted spectral start wrote a model"

expect_exit 3 "non-finite" -- "$NNM" train --data d.csv --optimizer sgd --lr 1e8 --epochs 3 --out bad.json --quiet
[ -e bad.json ] && fail "a diverged run wrote a model"

expect_exit 2 "unknown optimizer 'rmsprop'" -- "$NNM" train --data d.csv --optimizer rmsprop --out x.json
expect_exit 2 "test.bad.csv:1: has 3 inputs" -- bash -c "printf 'x1,x2,x3,y1,y2,y3\n1,2,3,4,5,6\n' > test.bad.csv; \"$NNM\" train --data d.csv --test test.bad.csv --out x.json"
expect_exit 2 "--lr: 0 is out of range \(expected greater than 0\)" -- "$NNM" train --data d.csv --lr 0 --out x.json
# Flags the chosen start or optimiser would ignore are refused, naming both (issue 12 item 6).
expect_exit 2 "--init spectral and --layers cannot be used together" -- "$NNM" train --data d.csv --init spectral --layers 2 --out x.json
expect_exit 2 "--init spectral and --hidden cannot be used together" -- "$NNM" train --data d.csv --init spectral --hidden 7 --out x.json
expect_exit 2 "--init spectral and --activation cannot be used together" -- "$NNM" train --data d.csv --init spectral --activation tanh --out x.json
expect_exit 2 "--k and --init random cannot be used together" -- "$NNM" train --data d.csv --k 3 --out x.json
expect_exit 2 "--momentum and --optimizer adam cannot be used together" -- "$NNM" train --data d.csv --momentum 0.5 --out x.json
expect_exit 0 "" -- "$NNM" train --data d.csv --optimizer sgd --momentum 0.5 --epochs 1 --out sgd.json --quiet
expect_exit 0 "" -- "$NNM" train --data d.csv --hidden 1e1 --epochs 1 --out h.json --quiet
expect_exit 2 "--init must be random or spectral" -- "$NNM" train --data d.csv --init zeros --out x.json
expect_exit 2 "same file" -- "$NNM" train --data d.csv --out d.csv
ls x.json* >/dev/null 2>&1 && fail "bad input left an output"
# One sample (or constant outputs): the normalised error is undefined, so training is refused
# instead of reporting "success" with an infinite error (reliability finding 8).
printf 'x1,y1\n1,2\n' >one.csv
expect_exit 2 "outputs do not vary" -- "$NNM" train --data one.csv --hidden 2 --epochs 2 --out one.json
[ -e one.json ] && fail "train left a model for data it refused"
finish
