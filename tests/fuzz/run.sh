#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in BUILD_DIR and runs each for SECONDS.
#   tests/fuzz/run.sh SOURCE_DIR BUILD_DIR SECONDS [TARGET...]
# Exit 77 (CTest's "skipped") when clang++ or libFuzzer is missing. New inputs go to a scratch
# corpus in BUILD_DIR (the checked-in seeds in corpus/ stay as they are); a crash leaves its
# reproducer in BUILD_DIR/fuzz-findings and fails the run.
set -euo pipefail
SRC=$(cd "$1" && pwd)
BUILD=$2
SECONDS_EACH=$3
shift 3
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] ||
  TARGETS=(fuzz_csv fuzz_model_json fuzz_truth_json fuzz_tensor_json fuzz_resume_csv fuzz_npy)

CXX_CLANG=$(command -v clang++ || true)
if [ -z "$CXX_CLANG" ] || ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
    "$CXX_CLANG" -x c++ -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
  echo "fuzz: clang++ with libFuzzer not found (Debian: clang, libclang-rt-14-dev); skipped"
  exit 77
fi

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$SRC" -B "$BUILD" -DCMAKE_CXX_COMPILER="$CXX_CLANG" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" -DNNM_FUZZ=ON -DNNM_NATIVE=OFF -DNNM_BUILD_TESTS=OFF \
    -DNNM_BUILD_BENCH=OFF -DNNM_INSTALL=OFF \
    $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null
fi
cmake --build "$BUILD" -j "${JOBS:-2}" --target "${TARGETS[@]}" >/dev/null

mkdir -p "$BUILD/fuzz-findings"
status=0
for t in "${TARGETS[@]}"; do
  corpus="$BUILD/fuzz-corpus/$t"
  mkdir -p "$corpus"
  options=(-max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$BUILD/fuzz-findings/$t-")
  case $t in *json*) options+=(-dict="$SRC/tests/fuzz/json.dict") ;; *) options+=(-dict="$SRC/tests/fuzz/csv.dict") ;; esac
  # Finding 2 needed inputs far beyond libFuzzer's default 4 KB: the JSON targets may grow to 1 MB.
  case $t in *json*) options+=(-max_len=1048576 -len_control=20) ;; esac
  log="$BUILD/fuzz-findings/$t.log"
  if "$BUILD/tests/fuzz/$t" "${options[@]}" "$corpus" "$SRC/tests/fuzz/corpus/$t" >"$log" 2>&1; then
    echo "fuzz $t: $(grep -E '^#[0-9]+.*(DONE|pulse)' "$log" | tail -1)"
    grep -E 'stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | tr '\n' ' '
    echo
  else
    echo "fuzz $t: FAILED (log: $log)"
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
    status=1
  fi
done
exit $status
