# nnm family: every kind end to end, determinism across thread counts, and bad input.
source "$(dirname "$0")/lib.bash"

expect_exit 0 "" -- "$NNM" family --help

# Parity: data and truth; the truth network reproduces y exactly.
fam="family --kind parity --d 10 --k 4 --n 9000 --seed 3"
expect_exit 0 "" -- "$NNM" $fam --threads 1 --out p1.csv --truth p1.json
expect_exit 0 "" -- "$NNM" $fam --threads 2 --out p2.csv --truth p2.json
cmp -s p1.csv p2.csv || fail "parity data differs between thread counts"
cmp -s p1.json p2.json || fail "parity truth differs between thread counts"
[ "$(head -1 p1.csv)" = "x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,y1" ] || fail "header is $(head -1 p1.csv)"
[ "$(wc -l <p1.csv)" -eq 9001 ] || fail "expected 9001 lines"
grep -q '"subset"' p1.json || fail "truth lacks the member's subset"
grep -q '"family"' p1.json || fail "truth lacks the family parameters"
# The truth is a model file: nnm evaluate (if present) scores it perfectly against its own data.
if "$NNM" evaluate --help >/dev/null 2>&1; then
  expect_exit 0 "" -- "$NNM" evaluate --model p1.json --truth p1.json --data p1.csv
fi
expect_exit 0 "" -- "$NNM" family --kind parity --d 10 --k 4 --n 10 --member 209 --out m.csv --truth m.json
grep -qE '"index": ?209' m.json || fail "member index not recorded"

# Every other kind produces files.
expect_exit 0 "" -- "$NNM" family --kind wave --d 12 --sharpness 8 --n 500 --out w.csv --truth w.json
expect_exit 0 "" -- "$NNM" family --kind wave --d 12 --activation relu --index-set sign --delta 0.1 --n 500 --out wr.csv --truth wr.json
expect_exit 0 "" -- "$NNM" family --kind natural --d 12 --k 6 --m 2 --dist ksat:3 --n 500 --out n.csv --truth n.json
grep -q '"dist": "ksat:3"' n.json || fail "natural truth lacks the K-SAT law"
[ "$(head -1 n.csv | tr ',' '\n' | grep -c y)" -eq 2 ] || fail "natural data should have 2 outputs"
expect_exit 0 "" -- "$NNM" family --kind dkkz --d 12 --k 4 --n 500 --out z.csv --truth z.json
expect_exit 0 "" -- "$NNM" family --kind coloring --d 9 --k 3 --edge-prob 0.7 --out c.csv --truth c.json
edges=$(grep -oE '"edge_count": ?[0-9]+' c.json | grep -o '[0-9]*$')
[ "$(wc -l <c.csv)" -eq $((1 + 1 + 9 + edges)) ] || fail "coloring should write 1 + n + |E| points"
expect_exit 0 "" -- "$NNM" family --kind coloring --d 9 --k 3 --hypergraph --edge-prob 0.2 --out h.csv --truth h.json

# Bad input: exit 2, one line, no output left behind.
check_bad() { expect_bad_generation family "$@"; }
check_bad "even k" --kind parity --d 10 --k 3
check_bad "odd k" --kind parity --d 10 --k 4 --activation sigmoid
check_bad "k must be from 1 to d" --kind parity --d 3 --k 4
check_bad "unknown family kind 'parityy'" --kind parityy
check_bad "unknown parity scale 'huge'" --kind parity --scale huge
check_bad "out of range" --kind parity --d 6 --k 2 --member 15
check_bad "wave: activation" --kind wave --activation abs
check_bad "odd number" --kind wave --units 4
check_bad "ksat: K must be" --kind natural --d 4 --dist ksat:9
check_bad "unknown input law" --kind natural --dist nosuch
check_bad "dkkz: k must be an even" --kind dkkz --k 5
check_bad "colours" --kind coloring --d 4 --k 9
check_bad "--n" --kind parity --n 0
# A flag the chosen kind does not use is refused, naming the flag and the kind.
check_bad "--sharpness does not apply to --kind parity" --kind parity --sharpness 2
check_bad "--scale does not apply to --kind wave" --kind wave --scale unit
check_bad "--hypergraph does not apply to --kind dkkz" --kind dkkz --hypergraph
check_bad "--activation does not apply to --kind coloring" --kind coloring --activation relu
check_bad "--test-out" --kind parity --test-n 10
check_bad "--test-out does not apply to --kind coloring" --kind coloring --test-n 5 --test-out t.csv
[ -e t.csv ] && fail "a refused coloring request left t.csv"

# Held-out file: same member, rows independent of the training rows, the training file unchanged.
expect_exit 0 "" -- "$NNM" family --kind parity --d 10 --k 4 --n 9000 --seed 3 --threads 1 --out h1.csv --truth h1.json --test-n 500 --test-out t1.csv
cmp -s h1.csv p1.csv || fail "--test-out changed the training file"
[ "$(wc -l <t1.csv)" -eq 501 ] || fail "held-out file should have 500 rows"
[ "$(head -1 t1.csv)" = "$(head -1 p1.csv)" ] || fail "held-out header differs"
grep -qE '"test_n": ?500' h1.json || fail "truth does not record test_n"
python3 - p1.csv t1.csv <<'PY2' || fail "held-out rows repeat training rows"
import sys
train = set(open(sys.argv[1]).read().split("\n")[1:])
test = [l for l in open(sys.argv[2]).read().split("\n")[1:] if l]
assert len(test) == 500 and not any(l in train for l in test)
PY2
if "$NNM" evaluate --help >/dev/null 2>&1; then
  expect_exit 0 "" -- "$NNM" evaluate --model h1.json --truth h1.json --data t1.csv
fi
finish
