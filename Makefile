# The two commands of the README, and a few helpers. Each installs what it needs.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build test demo clean test-sanitize fuzz-smoke ci

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Builds and runs every test.
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

# Ingests the bundled sample feeds into a fresh data directory and prints the events.
demo: build
	@scripts/demo.sh $(BUILD)/cli/chipwire

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer, tests in random order.
# -O1 -g1 (line numbers in reports) compiles in about 60% of RelWithDebInfo's time; only the tests
# and what they run are built (tests/all pulls in the chipwire binary), not bench/.
SANITIZE_OPT ?= -O1 -g1
test-sanitize: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$(SANITIZE_OPT)" -DCHIPWIRE_SANITIZE=ON >/dev/null
	cmake --build build-asan -j $(JOBS) --target tests/all
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure --schedule-random -j $(JOBS) --timeout 900

# Each libFuzzer target for a few seconds (scripts/fuzz.sh SECONDS for longer runs). Builds only
# the fuzz targets and the feeds and extractors libraries, with clang; exits non-zero on a crash.
fuzz-smoke:
	scripts/fuzz.sh 5

# What CI runs: the tests, the sanitizer run, a fuzz smoke run.
ci: test test-sanitize fuzz-smoke

clean:
	rm -rf $(BUILD) build-asan build-fuzz
