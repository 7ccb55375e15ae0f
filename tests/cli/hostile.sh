# Hostile sizes and targets (issue 15 item 5): each is a clean exit 2 with one line, within seconds
# and bounded memory, and leaves no output behind.
source "$(dirname "$0")/lib.bash"

"$NNM" generate --d 4 --k 2 --m 2 --n 500 --seed 3 --out d.csv --truth t.json 2>/dev/null || fail "generate"

# bounded LIMIT_MB -- COMMAND...: expect_exit 2 within 20 s and under LIMIT_MB of peak memory.
bounded() {
  local limit=$1 pattern=$2
  shift 3
  local start=$SECONDS
  expect_exit 2 "$pattern" -- /usr/bin/time -f "%M" -o mem.txt timeout 20 "$@"
  local kb
  kb=$(tail -1 mem.txt 2>/dev/null || echo 0)
  [ "$((SECONDS - start))" -le 20 ] || fail "$* took $((SECONDS - start)) s"
  [ "${kb:-0}" -le $((limit * 1024)) ] || fail "$* peaked at $((kb / 1024)) MB (limit $limit MB)"
}

# A 2 GiB line (a sparse file: the header, then NUL bytes): refused at the 64 MiB line cap.
printf 'x1,x2,y1\n' >long.csv
truncate -s 2G long.csv
for sub in "recover --out o.json" "cp --rank 1 --out o.json" "train --out o.json"; do
  bounded 400 "long.csv:2: line longer than 67108864 bytes" -- "$NNM" $sub --data long.csv
done
rm -f long.csv

# 10^6 columns: refused at the header, whatever the rows.
{ seq -s, -f 'x%.0f' 1 999999 | tr -d '\n'; printf ',y1\n'; } >wide.csv
bounded 400 "wide.csv:1: the header has more than 100000 columns" -- "$NNM" recover --data wide.csv --out o.json

# JSON nested 100k deep, as a model and inside a truth.
{ printf '{"format": '; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf '}'; } >deep.json
bounded 400 "deep.json:1: JSON nested deeper than 256 levels" -- "$NNM" evaluate --model deep.json --truth t.json
bounded 400 "deep.json:1: JSON nested deeper than 256 levels" -- "$NNM" evaluate --model t.json --truth deep.json
bounded 400 "deep.json:1: JSON nested deeper than 256 levels" -- "$NNM" cp --tensor deep.json --rank 1 --out o.json

# Finding 10: a dimension of 2^64 - 1 was read as -1 ("got -1").
printf '{"order": 3, "dim": 18446744073709551615, "data": []}' >wrap.json
bounded 400 'wrap.json: "dim" must be a positive integer$' -- "$NNM" cp --tensor wrap.json --rank 1 --out o.json

# Devices as inputs: /dev/zero never ends.
bounded 400 "/dev/zero: holds a NUL byte" -- "$NNM" evaluate --model /dev/zero --truth t.json
bounded 400 "/dev/zero:(1|2): " -- "$NNM" recover --data /dev/zero --out o.json

# Devices as outputs: never replaced, never written in place.
bounded 400 "/dev/full: is not a regular file" -- "$NNM" generate --n 10 --out /dev/full --truth o.json
bounded 400 "/dev/null: is not a regular file" -- "$NNM" cp --data d.csv --rank 1 --out /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a device"

# A symbolic-link loop as input and as output.
ln -s loop loop
bounded 400 "loop: cannot open" -- "$NNM" recover --data loop --out o.json
bounded 400 "loop" -- "$NNM" recover --data d.csv --out loop/o.json

# A read-only directory (root writes anywhere: skipped as root).
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
  bounded 400 "ro/o.csv: cannot write: Permission denied" -- "$NNM" generate --n 10 --out ro/o.csv --truth o.json
fi

# --n 9e18: out of --n's range; a count in range that cannot fit on the disk is refused before
# the first row is written.
bounded 400 "--n: '9e18'" -- "$NNM" generate --n 9e18 --out o.csv --truth o.json
bounded 400 "o.csv: 1000000000000 samples need at least 2.1e\+0?14 GB|o.csv: 1000000000000 samples need at least" -- \
  "$NNM" generate --n 1e12 --d 100 --k 2 --m 5 --out o.csv --truth o.json

ls o.* ./*.tmp.* ro/* >/dev/null 2>&1 && fail "output left behind: $(ls o.* ./*.tmp.* ro/* 2>/dev/null)"
finish
