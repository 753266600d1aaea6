# The two commands a newcomer needs: `make run` and `make test`.
PRESET ?= release
BUILD  := build/$(PRESET)
BIN    := $(BUILD)/src/cli/mltrainer
DATA_DIR ?= mltrainer-data
JOBS   ?= $(shell nproc)

.PHONY: all deps configure build run test bench docs clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@test -f $(BUILD)/build.ninja || cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# Builds, imports the bundled real data on first start, serves http://127.0.0.1:8501
run: build
	$(BIN) --data-dir $(DATA_DIR) serve

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: build
	$(BUILD)/bench/mlt_bench
	$(BUILD)/bench/mlt_memory_bench
	$(BUILD)/tests/quantlib/options_vs_quantlib

# Regenerates docs/actions.md from the action registry.
docs: build
	$(BIN) --data-dir $$(mktemp -d) docs actions --output docs/actions.md

clean:
	rm -rf build
