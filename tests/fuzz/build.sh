#!/usr/bin/env bash
# ctest fixture "fuzz": builds the libFuzzer harnesses with clang (tests/fuzz/CMakeLists.txt)
# into FUZZ_DIR/build and writes their seed corpora to FUZZ_DIR/seeds/<harness>/.
# Without clang++ or libFuzzer it prints SKIPPED, leaves FUZZ_DIR/SKIPPED and succeeds; the
# fuzz/* tests then report themselves skipped.
# Usage: build.sh SOURCE_DIR FUZZ_DIR ICNMESH
set -euo pipefail
src=$1 out=$2 icnmesh=$3
mkdir -p "$out"
rm -f "$out/SKIPPED"

skip() {
  echo "SKIPPED: the libFuzzer harnesses cannot be built here: $*"
  echo "$*" >"$out/SKIPPED"
  exit 0
}

command -v clang++ >/dev/null || skip "no clang++ (setup.sh installs clang)"
probe="$out/probe"
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
  >"$probe.cpp"
clang++ -fsanitize=fuzzer,address,undefined "$probe.cpp" -o "$probe" 2>"$probe.log" ||
  skip "clang++ cannot link libFuzzer (setup.sh installs libclang-rt-14-dev): $(head -n 1 "$probe.log")"

cmake -S "$src/tests/fuzz" -B "$out/build" -G Ninja -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DICNMESH_SOURCE_DIR="$src" >/dev/null
cmake --build "$out/build" -j2

# Seeds: the shipped inputs of each format, a recorded trace, the example wasm modules, and
# the binary messages make_seeds signs.
seeds="$out/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{job_spec_text,job_spec_json,scenario,trace,module_prep}
cp "$src"/scenarios/jobs/*.pbtxt "$src"/scenarios/jobs/invalid/*.pbtxt "$seeds/job_spec_text/"
cp "$src"/scenarios/jobs/*.json "$src"/scenarios/jobs/invalid/*.json "$seeds/job_spec_json/"
cp "$src"/scenarios/*.pbtxt "$src"/scenarios/tests/*.pbtxt "$seeds/scenario/"
"$icnmesh" sim "$src/scenarios/partition.pbtxt" --quiet --trace "$out/partition.trace" >/dev/null
head -n 400 "$out/partition.trace" >"$seeds/trace/partition-head.trace"
"$icnmesh" sim "$src/scenarios/no-show.pbtxt" --quiet --max-events 200 \
  --trace "$seeds/trace/no-show-200.trace" >/dev/null || true
cp "$(dirname "$icnmesh")"/examples/*.wasm "$seeds/module_prep/"
ASAN_OPTIONS=detect_leaks=0 "$out/build/make_seeds" "$src" "$seeds"
for d in "$seeds"/*/; do echo "seeds: $(basename "$d"): $(ls "$d" | wc -l) files"; done
