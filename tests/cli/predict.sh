# nnm evaluate on every model format and truth law, nnm predict, and generate's held-out file.
source "$(dirname "$0")/lib.bash"

gen="generate --dist laplace --d 6 --k 3 --m 3 --n 30000 --seed 3"
expect_exit 0 "" -- "$NNM" $gen --out d.csv --truth t.json --test-n 5000 --test-out test.csv
[ "$(wc -l <test.csv)" -eq 5001 ] || fail "held-out file should have 5000 rows"
# Held-out rows: same thread-independence as the data, independent of --n, not training rows.
"$NNM" $gen --out d1.csv --truth t1.json --test-n 5000 --test-out test1.csv --threads 1 2>/dev/null
cmp -s test.csv test1.csv || fail "held-out file differs between thread counts"
"$NNM" generate --dist laplace --d 6 --k 3 --m 3 --n 100 --seed 3 --out s.csv --truth s.json \
  --test-n 5000 --test-out test-small.csv 2>/dev/null
cmp -s test.csv test-small.csv || fail "held-out rows change with --n"
[ -z "$(comm -12 <(tail -n +2 d.csv | sort) <(tail -n +2 test.csv | sort) | head -1)" ] ||
  fail "held-out file repeats training rows"
expect_exit 2 "--test-n requires --test-out" -- "$NNM" $gen --out x.csv --truth x.json --test-n 5
expect_exit 2 "not a whole number" -- "$NNM" generate --out x.csv --truth x.json --n 1.5
expect_exit 0 "" -- "$NNM" generate --out x.csv --truth x.json --n 1e3
[ "$(wc -l <x.csv)" -eq 1001 ] || fail "--n 1e3 should write 1000 rows"

# The truth evaluated against itself on labelled held-out data: every error is 0 (data_err up to
# the rounding of the CSV's numbers).
expect_exit 0 "" -- "$NNM" evaluate --model t.json --truth t.json --data test.csv --json
python3 - out.txt <<'PY' || fail "truth against itself: $(cat out.txt)"
import json, sys
e = json.load(open(sys.argv[1]))
assert e["W_err"] == 0 and e["out_err"] == 0 and e["data_err"] < 1e-20, e
PY

# predict: the truth's predictions are the data's y columns (no noise), row for row.
expect_exit 0 "" -- "$NNM" predict --model t.json --data test.csv --out p.csv
[ "$(head -1 p.csv)" = "y1,y2,y3" ] || fail "predict header is $(head -1 p.csv)"
python3 - test.csv p.csv <<'PY' || fail "predictions differ from the truth's outputs"
import csv, sys
data = list(csv.reader(open(sys.argv[1])))[1:]
pred = list(csv.reader(open(sys.argv[2])))[1:]
assert len(data) == len(pred) == 5000
for row, p in zip(data, pred):
    assert all(abs(float(a) - float(b)) <= 1e-12 * (1 + abs(float(a))) for a, b in zip(row[6:], p)), (row, p)
PY

# A deeper student: evaluate gives out_err and data_err (no W_err), predict works.
"$NNM" train --data d.csv --layers 2 --hidden 8 --epochs 2 --out deep.json 2>/dev/null ||
  fail "train --layers 2 failed"
expect_exit 0 "" -- "$NNM" evaluate --model deep.json --truth t.json --data test.csv
grep -q "^out_err " out.txt && grep -q "^data_err " out.txt || fail "deep model: $(cat out.txt)"
grep -q "^W_err" out.txt && fail "deep model has no W_err to report"
expect_exit 0 "" -- "$NNM" predict --model deep.json --data test.csv --out dp.csv
[ "$(wc -l <dp.csv)" -eq 5001 ] || fail "deep predictions should have 5000 rows"

# A truth drawn under the K-SAT law evaluates with fresh samples of that law.
"$NNM" family --kind natural --d 12 --k 6 --m 2 --dist ksat:3 --n 200 --out n.csv --truth n.json \
  2>/dev/null || fail "family natural failed"
expect_exit 0 "" -- "$NNM" evaluate --model n.json --truth n.json
grep -q "^out_err 0$" out.txt || fail "ksat truth against itself: $(cat out.txt)"

# A model its own tool did not trust: evaluated, with a warning.
python3 - <<'PY'
import json; m = json.load(open("t.json")); m["status"] = "no_spectral_gap"
json.dump(m, open("untrusted.json", "w"))
PY
"$NNM" evaluate --model untrusted.json --truth t.json >out.txt 2>err.txt || fail "untrusted model not evaluated"
grep -q "records status 'no_spectral_gap'" err.txt || fail "no warning for an untrusted model"

# Exit 3: a metric that is not finite, shapes that disagree. Nothing is written by predict.
echo '{"A":[[1e308]],"W":[[1e308]],"dist":"gaussian"}' >huge.json
expect_exit 3 "W_err is not a number" -- "$NNM" evaluate --model huge.json --truth huge.json
expect_exit 3 "shapes disagree" -- "$NNM" evaluate --model n.json --truth t.json
printf 'x1\n1e300\n' >one.csv
expect_exit 3 "not finite" -- "$NNM" predict --model huge.json --data one.csv --out hp.csv
[ -e hp.csv ] && fail "predict left a file after exit 3"
expect_exit 2 "has 6 input columns, the model expects 1" -- "$NNM" predict --model huge.json \
  --data test.csv --out hp.csv

# A pandas to_csv file (index column, quoted names, other column names): --x-cols/--y-cols pick
# the columns, by name or by range, in evaluate, predict, recover, cp and train alike.
python3 - <<'PY'
import csv
rows = list(csv.reader(open("test.csv")))
with open("pandas.csv", "w", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
    w.writerow(["", "note"] + ["in%d" % i for i in range(1, 7)] + ["out1", "out2", "out3"])
    for i, r in enumerate(rows[1:]):
        w.writerow([i, "text"] + [float(v) for v in r])
PY
expect_exit 0 "" -- "$NNM" predict --model t.json --data pandas.csv --x-cols in1:in6 \
  --y-cols out1:out3 --out pp.csv
cmp -s pp.csv p.csv || fail "predictions from the pandas file differ"
expect_exit 0 "" -- "$NNM" evaluate --model t.json --truth t.json --data pandas.csv \
  --x-cols 3:8 --y-cols out1,out2,out3
awk '/^data_err/ {exit !($2 < 1e-20)}' out.txt || fail "pandas evaluate: $(cat out.txt)"
expect_exit 2 "no column 'zz'" -- "$NNM" predict --model t.json --data pandas.csv --x-cols zz \
  --out pz.csv
finish
