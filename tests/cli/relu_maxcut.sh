# nnm family --kind relu-maxcut: the MAX-CUT instance for one ReLU without bias. The written rows
# give the recorded witness loss, the witness cuts a maximum cut (brute force), the bound sits
# below it, and nnm train --hidden 1 --no-bias on the rows never goes below the bound.
source "$(dirname "$0")/lib.bash"

fam="family --kind relu-maxcut --d 8 --edge-prob 0.5 --seed 2"
expect_exit 0 "maximum cut, by enumeration" -- "$NNM" $fam --threads 1 --out m.csv --truth m.json
expect_exit 0 "" -- "$NNM" $fam --threads 2 --out m2.csv --truth m2.json
cmp -s m.csv m2.csv || fail "relu-maxcut data differs between thread counts"
cmp -s m.json m2.json || fail "relu-maxcut truth differs between thread counts"

python3 - m.csv m.json <<'PY' || fail "the written instance disagrees with its truth file"
import csv, itertools, json, sys
rows = list(csv.reader(open(sys.argv[1])))
truth = json.load(open(sys.argv[2]))
info, w = truth["member"], truth["W"][0]
d, M, E = len(w), info["copies"], info["edges"]
X = [[float(v) for v in r[:-1]] for r in rows[1:]]
y = [float(r[-1]) for r in rows[1:]]
assert rows[0] == [f"x{i + 1}" for i in range(d)] + ["y1"], rows[0]
assert len(X) == 2 * d * M + 2 * len(E) == truth["points"], (len(X), truth["points"])
loss = sum((max(sum(a * b for a, b in zip(x, w)), 0.0) - t) ** 2 for x, t in zip(X, y))
assert loss == info["witness_loss"] == d * M + 4 * info["uncut_edges"], (loss, info)
best = max(sum(s[u - 1] != s[v - 1] for u, v in E) for s in itertools.product([0, 1], repeat=d))
assert info["cut_edges"] == best and info["max_cut_exact"], (best, info)
degsq = sum(sum(v in e for e in E) ** 2 for v in range(1, d + 1))
assert M == 8 * degsq + 1 and info["slack"] == 4 * degsq / M < 0.5
assert info["witness_loss"] - 0.5 < info["min_loss_lower_bound"] < info["witness_loss"]
assert truth.get("b") is None and truth["A"] == [[1.0]]
PY

# nnm evaluate scores the witness on the rows with the normalised error the truth file records.
data_err=$("$NNM" evaluate --model m.json --truth m.json --data m.csv |
  awk '$1 == "data_err" {print $2}')
python3 -c "import json,sys; e=json.load(open('m.json'))['member']['witness_error']; \
sys.exit(abs(float('$data_err') - e) > 1e-5 * e)" || fail "data_err $data_err != witness_error"

# Adam on one unit without biases: the class of the reduction. Its error never beats the bound.
for seed in 1 2 3; do
  expect_exit 0 "" -- "$NNM" train --data m.csv --hidden 1 --no-bias --epochs 20 --lr 0.01 \
    --seed $seed --quiet --out t$seed.json
  grep -q "restriction: every bias fixed at 0" out.txt || fail "train does not print --no-bias"
  python3 - t$seed.json m.json m.csv <<'PY' || fail "seed $seed: trained below the bound, or biased"
import csv, json, sys
model, info = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))["member"]
assert model["restriction"] == "no_bias" and model["b"] == [0.0] and model["c"] == [0.0], model
a, w = model["A"][0][0], model["W"][0]
rows = list(csv.reader(open(sys.argv[3])))[1:]
loss = sum((a * max(sum(float(x) * v for x, v in zip(r[:-1], w)), 0.0) - float(r[-1])) ** 2
           for r in rows)
assert loss >= info["min_loss_lower_bound"], (loss, info["min_loss_lower_bound"])
assert abs(loss / info["label_variation"] - model["train_error"]) <= 1e-6 * loss, model
PY
done

check_bad() { expect_bad_generation family "$@"; }

# A given graph (edge list): the 5-cycle's maximum cut leaves one edge uncut.
printf '# a 5-cycle\n1 2\n2,3\n3 4  # comment\n\n4 5\n5 1\n' >c5.txt
expect_exit 0 "cuts 4 of 5 edges" -- "$NNM" family --kind relu-maxcut --graph c5.txt --out c5.csv \
  --truth c5.json
python3 -c "import json; t = json.load(open('c5.json')); \
assert t['family']['graph'] == 'c5.txt' and t['member']['uncut_edges'] == 1, t" ||
  fail "the 5-cycle's truth is wrong"
[ "$(wc -l <c5.csv)" -eq $((1 + 2 * 5 * 161 + 2 * 5)) ] || fail "c5.csv should have 2dM + 2|E| rows"
printf '1 2\n2 1\n' >dup.txt
printf '1 2\n2 2\n' >loop.txt
printf '1 2\n3 x\n' >word.txt
check_bad "dup.txt:2: edge \\{2, 1\\} repeats line 1" --kind relu-maxcut --graph dup.txt
check_bad "loop.txt:2: self-loop at vertex 2" --kind relu-maxcut --graph loop.txt
check_bad "word.txt:2: 'x' is not a vertex number" --kind relu-maxcut --graph word.txt
check_bad "c5.txt:6: vertex 5 is outside 1..4" --kind relu-maxcut --graph c5.txt --d 4
check_bad "nosuch.txt: cannot open" --kind relu-maxcut --graph nosuch.txt
check_bad "--edge-prob does not apply with --graph" --kind relu-maxcut --graph c5.txt \
  --edge-prob 0.2
check_bad "--graph does not apply to --kind coloring" --kind coloring --graph c5.txt

# A fixed point set is not a law: nnm probe refuses to sample it.
expect_exit 2 "fixed point set" -- "$NNM" probe --kind relu-maxcut --d 6

# Bad input: exit 2, one line, no output left behind.
check_bad "copies must be at least 0" --kind relu-maxcut --d 6 --copies -1
check_bad "edge probability" --kind relu-maxcut --edge-prob 2
check_bad "exceed the 6e7-value limit" --kind relu-maxcut --d 300 --edge-prob 0.9
check_bad "--k does not apply to --kind relu-maxcut" --kind relu-maxcut --k 3
check_bad "--hypergraph does not apply to --kind relu-maxcut" --kind relu-maxcut --hypergraph
check_bad "--copies does not apply to --kind coloring" --kind coloring --copies 5
check_bad "--test-out does not apply to --kind relu-maxcut" --kind relu-maxcut --d 5 --test-n 5 \
  --test-out t.csv
[ -e t.csv ] && fail "a refused relu-maxcut request left t.csv"
finish
