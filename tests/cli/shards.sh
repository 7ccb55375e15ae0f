# A data set kept as several files: recover --data a --data b --data c (files of uneven sizes, not
# cut at chunk boundaries) writes the model the whole file gives, byte for byte but for the
# "recovered_from" line, on 1 and 2 threads, and so do train (but for "trained_on") and cp (but
# for "input"); evaluate, predict and probe read them as the one file too; a file whose columns
# differ from the first exits 2 with one line naming it, and leaves no model.
source "$(dirname "$0")/lib.bash"

"$NNM" generate --d 6 --k 3 --m 4 --n 100000 --noise 0.1 --seed 5 --out d.csv --truth t.json \
  2>/dev/null || fail "generate"
# Rows 1-30000, 30001-70003 and 70004-100000 (a chunk is 32768 rows).
{ head -1 d.csv; sed -n 2,30001p d.csv; } >a.csv
{ head -1 d.csv; sed -n 30002,70004p d.csv; } >b.csv
{ head -1 d.csv; sed -n '70005,$p' d.csv; } >c.csv

for threads in 1 2; do
  "$NNM" recover --data d.csv --out one.json --polish 2 --threads $threads --quiet 2>err.txt \
    || fail "recover d.csv: $(cat err.txt)"
  "$NNM" recover --data a.csv --data b.csv --data c.csv --out three.json --polish 2 \
    --threads $threads --report report.json 2>err.txt || fail "recover 3 files: $(cat err.txt)"
  grep -q '"recovered_from": "a.csv, b.csv, c.csv"' three.json || fail "recovered_from"
  cmp -s <(grep -v recovered_from one.json) <(grep -v recovered_from three.json) \
    || fail "--threads $threads: three files give another model than the whole file"
done
grep -q '"format": "csv"' report.json || fail "report format"
grep -q "a.csv, b.csv, c.csv: 100000 samples" err.txt || fail "data line: $(cat err.txt)"

# train reads the three files as the one.
"$NNM" train --data d.csv --hidden 3 --epochs 1 --quiet --out t1.json >/dev/null 2>&1 \
  || fail "train d.csv"
"$NNM" train --data a.csv --data b.csv --data c.csv --hidden 3 --epochs 1 --quiet --out t3.json \
  >/dev/null 2>err.txt || fail "train 3 files: $(cat err.txt)"
grep -q '"trained_on": "a.csv, b.csv, c.csv"' t3.json || fail "trained_on"
cmp -s <(grep -v trained_on t1.json) <(grep -v trained_on t3.json) \
  || fail "train: three files give another model than the whole file"

# cp reads the three files as the one: the moment tensor's factors, bit for bit.
for moment in cumulant score; do
  "$NNM" cp --data d.csv --rank 3 --moment $moment --out c1.json 2>/dev/null
  status1=$?
  "$NNM" cp --data a.csv --data b.csv --data c.csv --rank 3 --moment $moment --out c3.json \
    2>err.txt
  status3=$?
  [ "$status1" -eq "$status3" ] || fail "cp --moment $moment: exit $status1 vs $status3"
  [ -e c3.json ] || fail "cp --moment $moment wrote nothing from three files: $(cat err.txt)"
  grep -q '"input": "a.csv, b.csv, c.csv"' c3.json || fail "cp input"
  cmp -s <(grep -v '"input"' c1.json) <(grep -v '"input"' c3.json) \
    || fail "cp --moment $moment: three files give other factors than the whole file"
  rm -f c1.json c3.json
done

# evaluate, predict and probe: the same figures and rows from the three files as from the one.
"$NNM" evaluate --model one.json --truth t.json --data d.csv --json >e1.txt 2>/dev/null \
  || fail "evaluate d.csv"
"$NNM" evaluate --model one.json --truth t.json --data a.csv --data b.csv --data c.csv --json \
  >e3.txt 2>err.txt || fail "evaluate 3 files: $(cat err.txt)"
grep -q '"inputs": "a.csv, b.csv, c.csv"' e3.txt || fail "evaluate names the files: $(cat e3.txt)"
grep -q data_err e3.txt || fail "evaluate reported no data_err: $(cat e3.txt)"
cmp -s <(grep -v '"inputs"' e1.txt) <(grep -v '"inputs"' e3.txt) \
  || fail "evaluate: three files give other figures than the whole file"
"$NNM" predict --model one.json --data d.csv --out p1.csv 2>/dev/null || fail "predict d.csv"
"$NNM" predict --model one.json --data a.csv --data b.csv --data c.csv --out p3.csv 2>err.txt \
  || fail "predict 3 files: $(cat err.txt)"
[ "$(wc -l <p3.csv)" -eq 100001 ] || fail "predict: $(wc -l <p3.csv) lines from three files"
cmp -s p1.csv p3.csv || fail "predict: three files give other rows than the whole file"
"$NNM" probe --data d.csv --json >pr1.txt 2>/dev/null || fail "probe d.csv"
"$NNM" probe --data a.csv --data b.csv --data c.csv --json >pr3.txt 2>err.txt \
  || fail "probe 3 files: $(cat err.txt)"
grep -q '"a.csv, b.csv, c.csv"' pr3.txt || fail "probe names the files: $(head -c 300 pr3.txt)"
cmp -s <(grep -v 'csv' pr1.txt) <(grep -v 'csv' pr3.txt) \
  || fail "probe: three files give other statistics than the whole file"

# Columns that differ: another d, and the same shape under another header.
"$NNM" generate --d 5 --k 3 --m 4 --n 100 --seed 5 --out narrow.csv --truth t5.json 2>/dev/null
expect_exit 2 "narrow.csv: has d = 5 inputs and m = 4 outputs, but a.csv" -- \
  "$NNM" recover --data a.csv --data narrow.csv --out bad.json
{ echo ",x1,x2,x3,x4,x5,x6,y1,y2,y3,y4"; sed -n 2,50p d.csv | awk '{ print NR "," $0 }'; } \
  >index.csv
expect_exit 2 "index.csv:1: the header differs from a.csv's: column 1" -- \
  "$NNM" recover --data a.csv --data index.csv --out bad.json
expect_exit 2 "missing.csv" -- "$NNM" recover --data a.csv --data missing.csv --out bad.json
expect_exit 2 "narrow.csv: has d = 5 inputs and m = 4 outputs, but a.csv" -- \
  "$NNM" predict --model one.json --data a.csv --data narrow.csv --out bad.json
[ -e bad.json ] && fail "a model was written from mismatched files"

finish
