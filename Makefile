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
	@bash scripts/demo.sh $(BUILD)/apps/uccert

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900
	$(MAKE) fuzz-smoke

# The whole suite once more under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: deps
	cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DUCCERT_WERROR=$(WERROR) \
	  -DUCCERT_SANITIZE=ON -DUCCERT_BENCH=OFF
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 1800

# libFuzzer targets (fuzz/) built with clang-14 under ASan+UBSan; the project libraries get
# coverage instrumentation too (fuzzer-no-link). -fno-sanitize=function: clang 14 cannot emit it
# for C++20 coroutines (net/). ASIO_HAS_CO_AWAIT: asio looks for <experimental/coroutine> under
# clang; libstdc++ has <coroutine>.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
FUZZ_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
  -fno-sanitize=function -fno-sanitize-recover=undefined -DASIO_HAS_CO_AWAIT=1
.PHONY: fuzz-build
fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_COMPILER=clang++-14 \
	  "-DCMAKE_CXX_FLAGS=$(FUZZ_FLAGS)" -DUCCERT_FUZZ=ON -DUCCERT_TESTS=OFF -DUCCERT_BENCH=OFF -DUCCERT_WERROR=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all

# Every fuzz target for FUZZ_SECONDS (default 30) each; fails on any crash, leak or timeout.
fuzz-smoke: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) bash scripts/fuzz.sh smoke $(FUZZ_SECONDS)

# One long run: make fuzz TARGET=certificate SECONDS=3600 (corpus grows in $(FUZZ_BUILD)/corpus).
fuzz: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) bash scripts/fuzz.sh run $(TARGET) $(SECONDS)

bench: build
	@bash scripts/bench.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
