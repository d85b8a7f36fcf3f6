# kwork: top-level entry points. CMake does the building; this file names the
# builds and the commands a user runs:
#   make            build (build/plain)
#   make run        build, then run the flagship example
#   make test       build and run the whole suite: plain, ASan+UBSan, TSan
#   make install PREFIX=dir
#   make bench / make bench-quick, make docs
#   make valgrind   the unit suite and a short torture run under memcheck
#   make helgrind / make drd   the unit suite under helgrind / DRD (build/helgrind)
#   make torture DURATION=600   the long torture tier (seconds; plain build)
PREFIX ?= /usr/local
JOBS ?= $(shell nproc)
CMAKE ?= cmake
BUILD := build

.PHONY: all build run test test-plain test-asan test-tsan install deps clean \
	bench bench-quick bench-build bench-callgrind docs valgrind torture \
	helgrind drd build-helgrind

all: build

deps:
	@sh scripts/deps.sh

define configure_and_build
	@$(CMAKE) -S . -B $(BUILD)/$(1) -DKWORK_SANITIZE=$(2) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@$(CMAKE) --build $(BUILD)/$(1) -j $(JOBS)
endef

build: deps
	$(call configure_and_build,plain,)

build-asan: deps
	$(call configure_and_build,asan,asan)

build-tsan: deps
	$(call configure_and_build,tsan,tsan)

run: build
	@sh scripts/run-flagship.sh $(BUILD)/plain

test: test-plain test-asan test-tsan
	@echo "make test: plain, asan and tsan suites passed"

test-plain: build
	@cd $(BUILD)/plain && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	@cd $(BUILD)/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

test-tsan: build-tsan
	@cd $(BUILD)/tsan && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
		ctest --output-on-failure -j $(JOBS)

# Checkers' tiers (docs/debugging.md).
DURATION ?= 600
torture: build
	@$(BUILD)/plain/tests/torture/torture $(DURATION)

valgrind: build
	@sh scripts/valgrind.sh $(BUILD)/plain memcheck

# The race tools need the annotated build (src/vg_annotate.h).
build-helgrind: deps
	@$(CMAKE) -S . -B $(BUILD)/helgrind -DKWORK_VALGRIND_ANNOTATE=ON >/dev/null
	@$(CMAKE) --build $(BUILD)/helgrind -j $(JOBS)

helgrind: build-helgrind
	@sh scripts/valgrind.sh $(BUILD)/helgrind helgrind

drd: build-helgrind
	@sh scripts/valgrind.sh $(BUILD)/helgrind drd

install: build
	@$(CMAKE) --install $(BUILD)/plain --prefix $(PREFIX)

# Bench: its own CMake project (bench/) against build/plain; see
# docs/PERFORMANCE.md. bench-quick: 1 round, small N, no timing asserted.
bench-build: build
	@sh bench/deps.sh
	@$(CMAKE) -S bench -B $(BUILD)/bench -DKWORK_BUILD_DIR=$(CURDIR)/$(BUILD)/plain >/dev/null
	@$(CMAKE) --build $(BUILD)/bench -j $(JOBS)

bench: bench-build
	@python3 bench/run.py --build $(BUILD)/bench

bench-quick: bench-build
	@python3 bench/run.py --quick --build $(BUILD)/bench

bench-callgrind: bench-build
	@python3 bench/run.py --only instr --build $(BUILD)/bench

# API reference: docs/api.md from the contract comments in the public headers.
docs:
	@python3 scripts/gen-api-ref.py docs/api.md include/kwork/*.h
	@echo "docs/api.md regenerated"

clean:
	rm -rf $(BUILD)
