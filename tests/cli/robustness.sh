# Robustness sweep of every subcommand: bad numbers, bad files, bad paths. Never a crash, exit 2
# with one line naming what and where, and no output left behind.
source "$(dirname "$0")/lib.bash"

"$NNM" generate --d 4 --k 2 --m 2 --n 2000 --seed 3 --out d.csv --truth t.json 2>/dev/null || fail "generate"
printf '{"order": 3, "dim": 2, "data": [1, 0, 0, 0, 0, 0, 0, 1]}' >tensor.json

# no_output FILE...: none of the files, nor a temporary beside them, exists.
no_output() {
  local f
  for f in "$@"; do ls "$f" "$f".tmp.* >/dev/null 2>&1 && fail "output left behind: $f"; done
}

# --threads: tens of thousands of threads crashed the OpenMP runtime (segfault).
for sub in "generate --out o.csv --truth o.json" "recover --data d.csv --out o.json" \
           "family --kind parity --out o.csv --truth o.json" "sq --kind parity" \
           "cp --data d.csv --rank 1 --out o.json" "evaluate --model t.json --truth t.json"; do
  expect_exit 2 "--threads: .100000. is not a whole number from 0 to 1024" -- "$NNM" $sub --threads 100000
  expect_exit 2 "--threads" -- "$NNM" $sub --threads -3
done
no_output o.csv o.json

# Numbers out of range or not numbers.
expect_exit 2 "--n: .1e30. is not a whole number from 1 to" -- "$NNM" generate --n 1e30 --out o.csv --truth o.json
expect_exit 2 "teacher: k must be at least 1" -- "$NNM" generate --k -1 --out o.csv --truth o.json
expect_exit 2 "--noise: .nan. is not a number" -- "$NNM" generate --noise nan --out o.csv --truth o.json
expect_exit 2 "noise is too large" -- "$NNM" generate --n 10 --noise 1e308 --out o.csv --truth o.json
expect_exit 2 "--pairs" -- "$NNM" recover --data d.csv --pairs 0 --out o.json
expect_exit 2 "--k" -- "$NNM" recover --data d.csv --k -1 --out o.json
expect_exit 2 "--rank must be at least 1" -- "$NNM" cp --data d.csv --rank 0 --out o.json
expect_exit 2 "--order must be 3 or 4, got 7" -- "$NNM" cp --data d.csv --rank 1 --order 7 --out o.json
expect_exit 2 "--rank 3 exceeds the tensor dimension 2" -- "$NNM" cp --tensor tensor.json --rank 3 --out o.json
expect_exit 2 "--max-residual must be positive" -- "$NNM" cp --data d.csv --rank 1 --max-residual nan --out o.json
expect_exit 2 "--members: .0. is not a whole number of at least 1" -- "$NNM" sq --kind parity --members 0
expect_exit 2 "--tau: 'nan'" -- "$NNM" sq --kind parity --tau nan
expect_exit 2 "--simulate: .nan. is not a number" -- "$NNM" sq --kind parity --simulate nan
expect_exit 2 "--simulate: -1 is out of range \(expected 0 to 1\)" -- "$NNM" sq --kind parity --simulate -1
expect_exit 2 "wave: sharpness must be > 0" -- "$NNM" family --kind wave --sharpness nan --out o.csv --truth o.json
expect_exit 2 "unknown experiment size 'huge'" -- "$NNM" demo --size huge --out demo
expect_exit 2 "--n: .0. is not a whole number" -- "$NNM" evaluate --model t.json --truth t.json --n 0
no_output o.csv o.json demo

# Unknown names.
expect_exit 2 "unknown input law 'foo'" -- "$NNM" generate --dist foo --out o.csv --truth o.json
expect_exit 2 "student_t:nan': parameter 'nan' is not a number" -- "$NNM" generate --dist student_t:nan --out o.csv --truth o.json
expect_exit 2 "unknown family kind 'foo'" -- "$NNM" family --kind foo --out o.csv --truth o.json
expect_exit 2 "--method: foo not in" -- "$NNM" cp --data d.csv --rank 1 --method foo --out o.json
expect_exit 2 "unknown correlation method 'foo'" -- "$NNM" sq --kind parity --method foo
expect_exit 2 "unknown polish method .foo. \(expected gauss-newton, alternate\)" -- "$NNM" recover --data d.csv --polish-method foo --out o.json
no_output o.csv o.json

# Bad data files.
printf '' >empty.csv
printf 'x1,y1\n' >header.csv
printf 'x1,x2,y1\n1,2,3\nnan,2,3\n' >nan.csv
printf 'x1,x2,y1\n1,2,3\n1,2,3,4\n' >long.csv
head -c 2000 /dev/urandom >binary.csv
expect_exit 2 "empty.csv: empty file" -- "$NNM" recover --data empty.csv --out o.json
expect_exit 2 "header.csv:1: header but no samples" -- "$NNM" recover --data header.csv --out o.json
expect_exit 2 "nan.csv:3: field 1 \(x1\) is not finite" -- "$NNM" cp --data nan.csv --rank 1 --out o.json
expect_exit 2 "long.csv:3: expected 3 fields, found 4" -- "$NNM" evaluate --model t.json --truth t.json --data long.csv
expect_exit 2 "binary.csv:1: bad header" -- "$NNM" recover --data binary.csv --out o.json
expect_exit 2 "is a directory|read error" -- "$NNM" recover --data . --out o.json
no_output o.json

# Degenerate but well-formed data: the method runs and says whether to trust it (never a crash).
head -3 d.csv >n2.csv
expect_exit 3 "rank_deficient" -- "$NNM" recover --data n2.csv --out o.json
awk -F, 'BEGIN { OFS = "," } NR > 1 { $5 = 0; $6 = 0 } { print }' d.csv >yzero.csv
expect_exit 3 "" -- "$NNM" recover --data yzero.csv --k 2 --out o.json
no_output o.json

# Bad model / tensor JSON, including a number that overflows a double (was an internal error).
printf '{"activation": "relu", "A": [[1, 2]], "W": [[1, 2, 3, 4], [1, 2, 3, 1e999]]}' >overflow.json
expect_exit 2 "overflow.json: malformed JSON: number overflow" -- "$NNM" evaluate --model overflow.json --truth t.json
printf '{"order": 3, "dim": 2, "data": [1, 0, 0, 0, 0, 0, 0, 1e999]}' >toverflow.json
expect_exit 2 "toverflow.json: malformed JSON: number overflow" -- "$NNM" cp --tensor toverflow.json --rank 1 --out o.json
sed 's/"seed": 3/"seed": "x"/' t.json >seedtype.json
expect_exit 2 "seedtype.json: field \"seed\" must be a whole number" -- "$NNM" evaluate --model t.json --truth seedtype.json
expect_exit 2 "is a directory" -- "$NNM" evaluate --model . --truth t.json
printf '{"activation": "relu", "A": [[1, 2]], "W": [[1, 2, 3], [1, 2, 3]]}' >narrow.json
expect_exit 3 "shapes disagree: the model has 3 inputs and 1 outputs, the truth 4 and 2" -- "$NNM" evaluate --model narrow.json --truth t.json
no_output o.json

# Output paths: checked before any work, so the error is one line and nothing is left behind
# (generate used to leave the truth file when the data file could not be written).
expect_exit 2 "/nonexistent-dir/o.csv: cannot write" -- "$NNM" generate --out /nonexistent-dir/o.csv --truth o.json
expect_exit 2 "/nonexistent-dir/o.csv: cannot write" -- "$NNM" family --kind parity --out /nonexistent-dir/o.csv --truth o.json
expect_exit 2 "/nonexistent-dir/o.json: cannot write" -- "$NNM" recover --data d.csv --out /nonexistent-dir/o.json
expect_exit 2 "/nonexistent-dir/r.json: cannot write" -- "$NNM" recover --data d.csv --out o.json --report /nonexistent-dir/r.json
expect_exit 2 "/nonexistent-dir/o.json: cannot write" -- "$NNM" cp --data d.csv --rank 1 --out /nonexistent-dir/o.json
expect_exit 2 "/nonexistent-dir/g.csv: cannot write" -- "$NNM" sq --kind parity --gram /nonexistent-dir/g.csv
expect_exit 2 "is a directory" -- "$NNM" generate --out . --truth o.json
expect_exit 2 "--out: empty file name" -- "$NNM" generate --out '' --truth o.json
expect_exit 2 "afile: cannot create the output directory" -- sh -c "touch afile && exec \"$NNM\" demo --size smoke --out afile"
no_output o.csv o.json

# The same file as input and output, or as two outputs: refused, and the input is untouched.
cp d.csv keep.csv
expect_exit 2 "--out and --data name the same file" -- "$NNM" recover --data d.csv --out d.csv
expect_exit 2 "--report and --data name the same file" -- "$NNM" recover --data d.csv --out o.json --report ./d.csv
expect_exit 2 "--report and --out name the same file" -- "$NNM" recover --data d.csv --out o.json --report o.json
expect_exit 2 "--out and --data name the same file" -- "$NNM" cp --data d.csv --rank 1 --out "$PWD/d.csv"
ln -s d.csv link.csv
expect_exit 2 "--out and --data name the same file" -- "$NNM" cp --data link.csv --rank 1 --out d.csv
cmp -s d.csv keep.csv || fail "an input was overwritten"
expect_exit 2 "--out and --truth name the same file" -- "$NNM" generate --out x --truth ./x
expect_exit 2 "--out and --truth name the same file" -- "$NNM" family --kind parity --out x --truth x
no_output o.json x

finish
