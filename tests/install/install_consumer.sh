#!/usr/bin/env bash
# Installs the build into a fresh prefix, builds tests/install/consumer against it with
# find_package(icnmesh) (every installed header compiled alone, then a program that validates a
# job spec, runs the job and runs a scenario), runs that program, and runs the installed icnmesh.
#   install_consumer.sh CMAKE BUILD_DIR SOURCE_DIR [EXTRA_CXX_FLAGS]
# EXTRA_CXX_FLAGS: compile and link flags the installed libraries need (sanitizer builds).
set -euo pipefail
cmake=$1 build=$(cd "$2" && pwd) src=$(cd "$3" && pwd) flags=${4:-}
work="$build/tests/install"
prefix="$work/prefix" consumer="$work/consumer-build"
spec="$src/scenarios/jobs/wasm-sha256.pbtxt" scenario="$src/scenarios/quickstart.pbtxt"
sha256_abc=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
mkdir -p "$work"
rm -rf "$prefix" "$consumer"
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log"
code=13b394fc43410f84f7ea2c40d0cba0df947e5c9b2a240ab0adc650845d90f8e3  # the spec's module
for f in bin/icnmesh lib/cmake/icnmesh/icnmeshConfig.cmake lib/cmake/icnmesh/FindCAF.cmake \
         lib/libicnmesh_sim.a include/icnmesh/proto/job.pb.h include/icnmesh/proto/job.proto \
         include/icnmesh/protocol/job/spec_parse.hpp include/icnmesh/sim/simulation.hpp \
         share/icnmesh/store/sha256-$code; do
  [[ -e "$prefix/$f" ]] || fail "not installed: $f"
done
# The package refers to nothing in the source or build tree, and passes no compile options
# (warnings, sanitizers) to its consumers.
if grep -rl -- "$src" "$prefix/lib/cmake"; then fail "installed CMake files name $src"; fi
if grep -rl INTERFACE_COMPILE_OPTIONS "$prefix/lib/cmake"; then fail "compile options exported"; fi

echo "== configure and build the consumer against $prefix"
gen=() launcher=()
if command -v ninja >/dev/null; then gen=(-G Ninja); fi
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
"$cmake" -S "$src/tests/install/consumer" -B "$consumer" "${gen[@]}" "${launcher[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$flags" >"$work/consumer-configure.log" ||
  { cat "$work/consumer-configure.log"; fail "consumer configure"; }
"$cmake" --build "$consumer" -j2 || fail "consumer build"

echo "== run the consumer"
out=$(cd "$work" && env -u ICNMESH_STORE "$consumer/icnmesh_consumer" "$spec" "$scenario") ||
  { echo "$out"; fail "consumer exited non-zero"; }
echo "$out"
grep -q '^spec: valid, job sha256:' <<<"$out" || fail "spec not reported valid"
grep -q "^job: EXEC_OK on wasm-.*, output $sha256_abc\$" <<<"$out" || fail "sha256(abc) not computed"
grep -q '^scenario quickstart: ok,' <<<"$out" || fail "scenario not ok"

echo "== the installed icnmesh finds the installed store"
out=$(cd "$work" && env -u ICNMESH_STORE "$prefix/bin/icnmesh" exec "$spec" --engine interp) ||
  { echo "$out"; fail "installed icnmesh exec exited non-zero"; }
grep -q "^output (hex): $sha256_abc\$" <<<"$out" || { echo "$out"; fail "installed icnmesh exec"; }
echo "PASS"
