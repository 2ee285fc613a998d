# Entry points for people and CI. Every target installs what it needs first.
BUILD ?= build
SAN_BUILD ?= build-sanitize
TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
WERROR ?= ON

.PHONY: all deps build demo test test-sanitize bench fuzz fuzz-smoke clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(TYPE) -DUCCERT_WERROR=$(WERROR)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The main job: mint a small Lync deployment's certificates (with the classic mistakes) and
# judge each one for every kind of client.
demo: build
	@bash scripts/demo.sh $(BUILD)/uccert

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

# The whole suite once more under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: deps
	cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DUCCERT_WERROR=$(WERROR) \
	  -DUCCERT_SANITIZE=ON -DUCCERT_BENCH=OFF
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 1800

bench: build
	@bash scripts/bench.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
