# nnm generate: outputs, determinism across thread counts, and every kind of bad input.
source "$(dirname "$0")/lib.bash"

expect_exit 0 "" -- "$NNM" --help
expect_exit 0 "" -- "$NNM" generate --help
expect_exit 2 "" -- "$NNM"
expect_exit 2 "nosuch" -- "$NNM" nosuch

# Same seed, same bytes, for any thread count (with noise, so the rms pass is covered too).
gen="generate --dist student_t:5 --d 6 --k 3 --m 2 --n 20000 --noise 0.2 --seed 9"
expect_exit 0 "" -- "$NNM" $gen --threads 1 --out a1.csv --truth t1.json
expect_exit 0 "" -- "$NNM" $gen --threads 2 --out a2.csv --truth t2.json
expect_exit 0 "" -- "$NNM" $gen --threads 3 --out a3.csv --truth t3.json
cmp -s a1.csv a2.csv || fail "data differs between 1 and 2 threads"
cmp -s a1.csv a3.csv || fail "data differs between 1 and 3 threads"
cmp -s t1.json t2.json || fail "truth differs between thread counts"
[ "$(head -1 a1.csv)" = "x1,x2,x3,x4,x5,x6,y1,y2" ] || fail "header is $(head -1 a1.csv)"
[ "$(wc -l <a1.csv)" -eq 20001 ] || fail "expected 20001 lines, got $(wc -l <a1.csv)"
grep -q '"format": "nnm-model-1"' t1.json || fail "truth lacks the format field"
grep -q '"dist": "student_t:5"' t1.json || fail "truth lacks the law"
expect_exit 0 "" -- "$NNM" ${gen/--seed 9/--seed 10} --out b.csv --truth tb.json
cmp -s a1.csv b.csv && fail "different seeds gave the same data"

# Bad input: exit 2, one line, and no output file left behind.
check_bad() { expect_bad_generation generate "$@"; }
check_bad "unknown input law 'gausian' \(valid: gaussian" --dist gausian
check_bad "unknown activation 'rel' \(valid: relu" --activation rel
check_bad "k = 7 exceeds d = 5" --d 5 --k 7
check_bad "--noise: -0.1 is out of range \(expected at least 0\)" --noise -0.1
check_bad "--n: .0. is not a whole number from 1 to" --n 0
check_bad "cond-w" --cond-w 0.5
check_bad "d must be at least 1" --d 0
check_bad "student_t: NU must be > 2" --dist student_t:1
check_bad "--seed: .-1. is not a whole number of at least 0" --seed -1
expect_exit 2 "cannot write" -- "$NNM" generate --out /nonexistent/x.csv --truth t.json
expect_exit 2 "truth" -- "$NNM" generate --out x.csv

finish
