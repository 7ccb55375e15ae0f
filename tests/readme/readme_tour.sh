# README.md's tour of the nnm tool, run top to bottom as written, with `nnm` on the PATH, and its
# C++ snippet run on the files the tour made. Two lines are shortened so the test stays fast, and
# the test says so: `--size full` sweeps run at `--size smoke`, and `nnm demo` (which `make demo`
# runs) is skipped.
set -euo pipefail
NNM=$(realpath "$1")
README=$(realpath "$2")
SNIPPET=$(realpath "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$NNM" "$work/bin/nnm"
export PATH="$work/bin:$PATH"
cd "$work"
# The tour is the first ```sh block after the heading "A tour of the `nnm` tool".
awk '/^## A tour/ {tour = 1} tour && /^```sh/ {inside = 1; next} inside && /^```/ {exit}
     inside {print}' "$README" >tour.sh
[ -s tour.sh ] || { echo "FAIL: README.md has no tour block" >&2; exit 1; }
sed -i -e 's/--size full/--size smoke/' -e '/^nnm demo/d' tour.sh
lines=$(grep -c '^nnm ' tour.sh)
echo "running $lines nnm commands of README's tour"
if ! bash -euo pipefail -x tour.sh >tour.log 2>&1; then
  echo "FAIL: README's tour stopped:" >&2
  tail -5 tour.log >&2
  exit 1
fi
# The C++ snippet reads data.csv, which the tour made.
"$SNIPPET" >snippet.log 2>&1 || { echo "FAIL: README's C++ snippet:" >&2; cat snippet.log >&2; exit 1; }
echo "all passed"
