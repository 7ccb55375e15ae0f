# Data formats end to end: generate writes CSV, .npy and HDF5; recover, cp, train, evaluate,
# predict and probe read each of them; the same samples give the same output bytes whatever the
# format; bad binary files exit 2 with one line naming the file and the reason, and leave no
# output.
source "$(dirname "$0")/lib.bash"

h5=true
"$NNM" generate --d 6 --k 3 --m 4 --n 9000 --seed 4 --out probe.h5 --truth probe.json \
  2>h5.err || h5=false
if ! $h5; then
  grep -q "built without HDF5" h5.err || fail "h5 refused without the reason: $(cat h5.err)"
fi
formats="csv npy"; $h5 && formats="csv npy h5"

mkdir -p csv npy h5
for f in $formats; do
  # The file name has no extension: --format names the format.
  "$NNM" generate --dist uniform --d 6 --k 3 --m 4 --n 9000 --seed 4 --format "$f" --out "$f/data" \
    --truth "$f/t.json" 2>/dev/null || fail "generate --format $f"
  (cd "$f" && "$NNM" recover --data data --format "$f" --k 3 --out m.json --report r.json \
    2>/dev/null) || fail "recover --format $f"
  # cp may refuse its own result (exit 3) on these inputs; its file is written either way.
  (cd "$f" && "$NNM" cp --data data --format "$f" --whiten --rank 3 --out cp.json 2>/dev/null)
  rc=$?; [ $rc -eq 0 ] || [ $rc -eq 3 ] || fail "cp --format $f"
  (cd "$f" && "$NNM" train --data data --format "$f" --hidden 3 --epochs 2 --seed 1 \
    --out tr.json 2>/dev/null) || fail "train --format $f"
  (cd "$f" && "$NNM" evaluate --model m.json --truth t.json --data data --format "$f" >ev.txt \
    2>/dev/null) || fail "evaluate --format $f"
  (cd "$f" && "$NNM" predict --model m.json --data data --format "$f" --out p.csv 2>/dev/null) \
    || fail "predict --format $f"
  (cd "$f" && "$NNM" probe --data data --format "$f" --json >probe.txt 2>/dev/null) \
    || fail "probe --format $f"
  # CSV and HDF5 are held after one read; a .npy file is mapped and read in place every pass.
  if [ "$f" = npy ]; then held=false in_place=true; else held=true in_place=false; fi
  grep -q "\"held_in_memory\": $held" "$f/r.json" || fail "$f: held_in_memory should be $held"
  grep -q "\"read_in_place\": $in_place" "$f/r.json" || fail "$f: read_in_place should be $in_place"
done
for f in $formats; do
  for out in m.json cp.json tr.json ev.txt p.csv probe.txt; do
    cmp -s "csv/$out" "$f/$out" || fail "$out from $f differs from csv"
  done
done
cmp -s csv/data npy/data && fail "csv and npy files are the same bytes?"

# nnm family writes by extension: the same member's samples as CSV and .npy give the same cp bytes.
"$NNM" family --kind parity --d 8 --k 4 --n 4000 --seed 2 --out fam.csv --truth fam1.json 2>/dev/null
"$NNM" family --kind parity --d 8 --k 4 --n 4000 --seed 2 --out fam.npy --truth fam2.json 2>/dev/null
for f in csv npy; do
  "$NNM" cp --data fam.$f --rank 2 --max-residual 1 --out famcp.$f.json 2>/dev/null
  [ $? -le 3 ] || fail "cp on family $f"
done
sed 's/fam.npy/fam.csv/' famcp.npy.json | cmp -s - famcp.csv.json || fail "family .npy and CSV differ"

# By extension; streaming (budget 0) gives the same bytes as held in memory.
cp csv/data d.csv
"$NNM" recover --data d.csv --k 3 --out stream.json --memory-budget 0 --report rs.json 2>/dev/null \
  || fail "recover --memory-budget 0"
grep -q '"held_in_memory": false' rs.json || fail "budget 0 still held the data"
sed 's/d.csv/data/' stream.json | cmp -s - csv/m.json || fail "streamed model differs"
# A .npy file: read in place by default (and said so), held under an explicit budget, streamed
# with budget 0; the same bytes every way.
cp npy/data d.npy
"$NNM" recover --data d.npy --k 3 --out npy-default.json 2>err.txt || fail "recover d.npy"
grep -q "d.npy: [0-9]* samples (.*) read in place from the mapped file (3 passes)" err.txt \
  || fail "recover d.npy: no read-in-place line: $(cat err.txt)"
for budget in 0 1G; do
  "$NNM" recover --data d.npy --k 3 --out npy-$budget.json --memory-budget $budget \
    --report rn.json 2>/dev/null || fail "recover d.npy --memory-budget $budget"
  held=false; [ $budget = 0 ] || held=true
  grep -q "\"held_in_memory\": $held" rn.json || fail "d.npy, budget $budget: held should be $held"
  grep -q '"read_in_place": false' rn.json || fail "d.npy, budget $budget: read in place"
  cmp -s npy-default.json npy-$budget.json || fail "d.npy, budget $budget: another model"
done
expect_exit 2 "memory-budget" -- "$NNM" recover --data d.npy --out x.json --memory-budget lots

# A pipe is read once: held in memory it gives the file's model; streamed, the second pass is refused.
"$NNM" recover --data csv/data --k 3 --out fromfile.json 2>/dev/null
"$NNM" recover --data /dev/stdin --k 3 --out frompipe.json <csv/data 2>/dev/null \
  || fail "recover from a pipe"
cat csv/data | "$NNM" recover --data /dev/stdin --k 3 --out frompipe.json 2>/dev/null \
  || fail "recover from a pipe"
sed 's#/dev/stdin#csv/data#' frompipe.json | cmp -s - fromfile.json || fail "pipe and file differ"
expect_exit 2 "/dev/stdin: is a pipe or device" -- \
  "$NNM" recover --data /dev/stdin --k 3 --out x.json --memory-budget 0 < <(cat csv/data)

# A plain 2-D array: outputs are picked by column number.
python3 - <<'PY'
import struct
rows, cols = 3000, 10
header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }" % (rows, cols)
header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
with open("plain.npy", "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    for r in range(rows):
        f.write(struct.pack("<%dd" % cols, *[((r * 7 + c * 3) % 11 - 5) / 5 for c in range(cols)]))
PY
expect_exit 2 "plain.npy: .*--y-cols" -- "$NNM" recover --data plain.npy --out x.json
expect_exit 0 "" -- "$NNM" cp --data plain.npy --x-cols 1:6 --rank 2 --max-residual 1 --out c.json

# Bad binary files: exit 2, one line with the file and the reason, no output left behind.
printf 'hello' >bad.npy
expect_exit 2 "bad.npy: .*magic" -- "$NNM" recover --data bad.npy --out x.json
head -c 1000 d.npy >cut.npy
expect_exit 2 "cut.npy: .*truncated" -- "$NNM" recover --data cut.npy --out x.json
sed "s/'<f8'/'<i8'/g" d.npy >int.npy
expect_exit 2 "int.npy: .*not float32 or float64" -- "$NNM" cp --data int.npy --rank 2 --out x.json
printf 'not hdf5 at all' >bad.h5
if $h5; then
  expect_exit 2 "bad.h5: not an HDF5 file" -- "$NNM" recover --data bad.h5 --out x.json
  head -c 3000 h5/data >cut.h5
  expect_exit 2 "cut.h5: " -- "$NNM" recover --data cut.h5 --out x.json
else
  expect_exit 2 "bad.h5: .*built without HDF5" -- "$NNM" recover --data bad.h5 --out x.json
fi
expect_exit 2 "\.npz archives are not supported" -- "$NNM" recover --data d.npz --out x.json
expect_exit 2 "\.npz archives are not supported" -- "$NNM" generate --n 10 --out d.npz --truth t.json
# A file that cannot fit on the disk is refused before it is started, in every format.
for f in $formats; do
  expect_exit 2 "huge.$f: 1000000000000 samples need at least" -- \
    "$NNM" generate --n 1e12 --out huge.$f --truth huge.json
done
ls huge* >/dev/null 2>&1 && fail "a refused generate left a file"
ls x.json* >/dev/null 2>&1 && fail "a partial output was left"
ls d.npz* t.json >/dev/null 2>&1 && fail "generate left output for an .npz name"

# numpy, where installed, reads what generate writes and writes what recover reads.
if python3 -c "import numpy" 2>/dev/null; then
  python3 - <<'PY' || fail "numpy round trip"
import numpy as np
a = np.load("d.npy")
assert a.dtype.names == ("x", "y") and a["x"].shape == (9000, 6) and a["y"].shape == (9000, 4)
np.save("np.npy", np.hstack([a["x"], a["y"]]).astype(np.float32).T.copy().T)  # Fortran order
np.save("np2.npy", np.hstack([a["x"], a["y"]]))
PY
  "$NNM" recover --data np2.npy --y-cols 7:10 --k 3 --out np.json 2>/dev/null || fail "numpy file"
  sed 's/np2.npy/data/' np.json | cmp -s - npy/m.json || fail "numpy's array gave another model"
  "$NNM" recover --data np.npy --y-cols 7:10 --k 3 --out np32.json 2>/dev/null \
    || fail "numpy float32 Fortran file"
fi
finish
