# Thin driver over CMake. Each target installs missing system packages first (scripts/install-deps).
BUILD ?= build
JOBS  ?= $(shell nproc)
CMAKE_FLAGS ?=

FUZZ_SECONDS ?= 60
SANITIZE_BUILD ?= build-sanitize
TSAN_BUILD ?= build-tsan
ARCHER ?= /usr/lib/llvm-14/lib/libarcher.so

.PHONY: all deps configure build demo test test-long test-sanitize test-tsan fuzz bench clean

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/tools/nnm demo --out nnm-demo

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE long

# ASan + UBSan: library, tools, tests and fuzz targets in one clang build at -O1 without debug
# information (NNM_FUZZ instruments everything with address,undefined and libFuzzer's coverage),
# then the same tests as `make test` plus fuzz_smoke, 20 s of every fuzz target (packaging tests
# skipped: they build uninstrumented consumers; MPI left out: OpenMPI's own allocations would read
# as leaks, and test_rank_reduction runs the ranks' chain on threads). Instrumented tests run many
# times slower, so in this build only each test may take an hour. docs/reliability.md has timings.
test-sanitize:
	@scripts/install-deps --fuzz
	@cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_CXX_FLAGS_RELEASE="-O1" -DNNM_FUZZ=ON -DNNM_NATIVE=OFF -DNNM_INSTALL=OFF \
	  -DNNM_PYTHON=OFF -DNNM_BUILD_BENCH=OFF -DNNM_MPI=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	@cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -LE long --timeout 3600

# ThreadSanitizer: library, tools and tests in one clang build at -O1 with LLVM's OpenMP, then the
# same tests as `make test` on two threads. libomp is not instrumented: Archer (libomp's OMPT tool,
# in libomp-14-dev) tells TSan about its barriers, reductions and locks, and TSan skips races inside
# uninstrumented libraries. A race fails its test (TSan's exit code 66). docs/reliability.md.
test-tsan:
	@scripts/install-deps --fuzz
	@test -f $(ARCHER) || { echo "test-tsan: $(ARCHER) missing (libomp-14-dev)" >&2; exit 1; }
	@cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_CXX_FLAGS_RELEASE="-O1" -DNNM_SANITIZE=thread -DNNM_NATIVE=OFF -DNNM_INSTALL=OFF \
	  -DNNM_PYTHON=OFF -DNNM_BUILD_BENCH=OFF -DNNM_MPI=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS)
	@cd $(TSAN_BUILD) && OMP_TOOL_LIBRARIES=$(ARCHER) ARCHER_OPTIONS=verbose=1 \
	  TSAN_OPTIONS="ignore_noninstrumented_modules=1" tools/nnm/nnm generate --d 3 --k 2 --n 20000 \
	  --seed 1 --threads 2 --out archer.csv --truth archer.json 2>&1 | grep -q "Archer detected" \
	  || { echo "test-tsan: Archer did not load ($(ARCHER)); races would be missed" >&2; exit 1; }
	@cd $(TSAN_BUILD) && OMP_NUM_THREADS=2 OMP_TOOL_LIBRARIES=$(ARCHER) \
	  TSAN_OPTIONS="ignore_noninstrumented_modules=1" \
	  ctest --output-on-failure -j $(JOBS) -LE long --timeout 3600

# Every libFuzzer target for FUZZ_SECONDS each (clang; scripts/install-deps --fuzz).
fuzz:
	@scripts/install-deps --fuzz
	@tests/fuzz/run.sh . build-fuzz $(FUZZ_SECONDS)

test-long: build
	@cd $(BUILD) && ctest --output-on-failure -L long

bench: build
	@cmake --build $(BUILD) --target nnm_bench -j $(JOBS)
	@for b in $(BUILD)/bench/bench_*; do echo "== $$b"; NNM=$(BUILD)/tools/nnm $$b || exit 1; done

clean:
	rm -rf $(BUILD)
