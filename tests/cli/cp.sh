# nnm cp: ICA and score-function learning from data files, dense tensor files, every method,
# determinism across thread counts, untrusted results (exit 3) and bad input (exit 2).
source "$(dirname "$0")/lib.bash"

# check EXPR MESSAGE: a Python condition over the JSON files of the run, loaded lazily as j('name');
# all checks run in one Python process at the end (starting Python is slow here).
checks=()
check() { checks+=("$1"$'\t'"$2"); }
run_checks() {
  printf '%s\n' "${checks[@]}" | python3 -c "
import json, math, sys
cache = {}
def j(name):
    if name not in cache: cache[name] = json.load(open(name))
    return cache[name]
def cos(u, v): return abs(sum(a * b for a, b in zip(u, v))) / math.sqrt(sum(a * a for a in u) * sum(b * b for b in v))
def best(est, truth): return min(max(cos(f, t) for f in est) for t in truth)
def axes(name): return min(max(abs(v) for v in f) for f in j(name)['factors'])
bad = 0
for line in sys.stdin:
    expr, message = line.rstrip('\\n').split('\\t', 1)
    try:
        ok = eval(expr)
    except Exception as e:
        ok = False
        message += ' (' + repr(e) + ')'
    if not ok:
        print('FAIL: ' + message, file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
" || failures=$((failures + 1))
}

expect_exit 0 "" -- "$NNM" cp --help

# ICA: independent centred-exponential coordinates, so the mixing is the identity and every factor
# must be a coordinate axis up to sign.
expect_exit 0 "" -- "$NNM" generate --dist exponential --d 8 --k 2 --m 1 --n 20000 --seed 3 --out ica.csv --truth t.json
for method in power sshopm jennrich als; do
  expect_exit 0 "" -- "$NNM" cp --data ica.csv --whiten --rank 8 --method $method --out ica_$method.json
  check "axes('ica_$method.json') > 0.99" "ICA with $method: factors are not the coordinate axes"
  check "len(set(max(range(8), key=lambda i: abs(f[i])) for f in j('ica_$method.json')['factors'])) == 8" \
    "ICA with $method: two factors found the same axis"
done
check "all(abs(w - 2) < 0.3 for w in j('ica_power.json')['weights'])" "ICA weights should be near the skewness 2 of Exp(1)"
grep -q '"scaled_factors"' ica_power.json || fail "whitened output lacks scaled_factors"
# Whitened to R = 3 < d = 8 (issue 12 item 1): R unit factors of length d, each along its scaled
# factor, at both orders (power does not converge on this non-ICA mixture, so it is not used).
# ALS at order 3 starts from Jennrich, which this non-ICA mixture leaves ill-posed: depending on
# rounding (Release or Debug) it succeeds or is refused (exit 3); both are right, and a success
# must hold d-long unit factors. SS-HOPM must succeed.
for method in sshopm als; do
  for order in 3 4; do
    f=ica3_${method}_$order.json
    "$NNM" cp --data ica.csv --whiten --rank 3 --order $order --method $method --max-residual 1 \
      --out $f >out.txt 2>err.txt
    status=$?
    if [ "$method" = als ] && [ "$status" -eq 3 ]; then continue; fi
    [ "$status" -eq 0 ] || fail "cp --whiten --rank 3 --method $method --order $order: exit $status: $(cat err.txt)"
    check "len(j('$f')['factors']) == 3 and all(len(f) == 8 for f in j('$f')['factors'])" "$f: factors are not 3 vectors of length 8"
    check "all(abs(sum(v * v for v in f) - 1) < 1e-9 for f in j('$f')['factors'])" "$f: factors are not unit vectors"
    check "all(cos(f, s) > 1 - 1e-9 for f, s in zip(j('$f')['factors'], j('$f')['scaled_factors']))" "$f: factors are not along the scaled factors"
  done
done
expect_exit 0 "" -- "$NNM" cp --data ica.csv --whiten --rank 8 --threads 1 --seed 9 --out s1.json
expect_exit 0 "" -- "$NNM" cp --data ica.csv --whiten --rank 8 --threads 2 --seed 9 --out s2.json
cmp -s s1.json s2.json || fail "same seed, different bytes for --threads 1 and 2"
# Unwhitened third cumulant in the data's coordinates (d = 8 is small enough to be exact).
expect_exit 0 "" -- "$NNM" cp --data ica.csv --rank 8 --method jennrich --out raw.json
check "axes('raw.json') > 0.98" "unwhitened cumulant: factors are not the coordinate axes"

# Gaussian data has no third cumulant: the run says it cannot be trusted (exit 3) and why.
expect_exit 0 "" -- "$NNM" generate --dist gaussian --d 6 --k 2 --m 1 --n 20000 --seed 4 --out g.csv --truth gt.json
expect_exit 3 "cannot be trusted" -- "$NNM" cp --data g.csv --whiten --rank 6 --out g.json
[ -f g.json ] || fail "an untrusted result is still written, with its status"
grep -q '"status": *"success"' g.json && fail "untrusted result claims success"

# Score-function learner: tanh teacher, Gaussian inputs; the factors are the rows of W.
expect_exit 0 "" -- "$NNM" generate --dist gaussian --activation tanh --cond-w 1 --d 10 --k 3 --m 2 --n 100000 --seed 5 --out s.csv --truth st.json
expect_exit 0 "" -- "$NNM" cp --data s.csv --moment score --rank 3 --method als --out score.json
check "best(j('score.json')['factors'], j('st.json')['W']) > 0.95" "score learner: factors do not match W"

# Dense tensor file: T = 2 e1⊗e1⊗e1 + e2⊗e2⊗e2 in dimension 3.
printf '{"order": 3, "dim": 3, "data": [2,0,0,0,0,0,0,0,0, 0,0,0,0,1,0,0,0,0, 0,0,0,0,0,0,0,0,0]}\n' >t3.json
for method in power sshopm jennrich als; do
  expect_exit 0 "" -- "$NNM" cp --tensor t3.json --rank 2 --method $method --out t_$method.json
  check "sorted(round(w, 6) for w in j('t_$method.json')['weights']) == [1.0, 2.0]" "tensor file with $method: wrong weights"
  check "j('t_$method.json')['summary']['fit_residual'] < 1e-6" "tensor file with $method: residual not ~0"
done

# Bad input: exit 2 with one line naming the problem, and no output file.
check_bad() {
  local pattern=$1
  shift
  rm -f bad.json
  expect_exit 2 "$pattern" -- "$NNM" cp "$@" --out bad.json
  [ -e bad.json ] && fail "cp $* left an output file"
}
printf 'x1,x2\n1,2\n3\n' >short.csv
check_bad "short.csv:3" --data short.csv --rank 1
check_bad "missing.csv" --data missing.csv --rank 1
printf '{"order": 3, "dim": 2, "data": [1, 2, 3]}\n' >len.json
check_bad "len.json.*expected dim\^order = 8" --tensor len.json --rank 1
printf '{"order": 3, "dim": 2, "data": [1, 2, 0, 0, 0, 0, 0, 0]}\n' >asym.json
check_bad "asym.json.*not symmetric" --tensor asym.json --rank 1
printf '{"order": 3,\n "dim": 2,\n "data": [1, 2,\n' >broken.json
check_bad "broken.json:[0-9]+" --tensor broken.json --rank 1
check_bad "order 3 but --order 4" --tensor t3.json --order 4 --rank 1
check_bad "exactly one of --data and --tensor" --rank 1
check_bad "excludes|--tensor" --data ica.csv --tensor t3.json --rank 1
check_bad "--rank must be at least 1" --tensor t3.json --rank 0
check_bad "--rank 9 exceeds the data dimension 8" --data ica.csv --rank 9
check_bad "--whiten needs --data" --tensor t3.json --whiten --rank 1
check_bad "--method" --tensor t3.json --rank 1 --method svd
check_bad "output columns" --data short.csv --moment score --rank 1
check_bad "--whiten cannot be used with --moment score" --data s.csv --moment score --whiten --rank 1

run_checks
finish
