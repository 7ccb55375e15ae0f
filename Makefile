# Thin driver over CMake. Each target installs missing system packages first (scripts/install-deps).
BUILD ?= build
JOBS  ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test test-long bench clean

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

test-long: build
	@cd $(BUILD) && ctest --output-on-failure -L long

bench: build
	@cmake --build $(BUILD) --target nnm_bench -j $(JOBS)
	@for b in $(BUILD)/bench/bench_*; do echo "== $$b"; NNM=$(BUILD)/tools/nnm $$b || exit 1; done

clean:
	rm -rf $(BUILD)
