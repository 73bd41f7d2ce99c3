#!/usr/bin/env bash
# The vendor's path, end to end: install memfrag to a temporary prefix, build the installed plugin
# template and the C example with nothing but that prefix, validate the template with the
# installed memfrag, and run it beside the buddy allocator; link a tool against memfrag::core.
#   out_of_tree_test.sh <build-dir> <cmake-generator>
set -euo pipefail
build_dir=$1
generator=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build_dir" --prefix "$prefix" >/dev/null
memfrag=$prefix/bin/memfrag

cp -r "$prefix/share/memfrag/plugin-template" "$work/myalloc"
cmake -S "$work/myalloc" -B "$work/myalloc/b" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null
cmake --build "$work/myalloc/b"
test -f "$work/myalloc/b/libmyalloc.so"

cp -r "$prefix/share/memfrag/examples/frame-stack" "$work/frame-stack"
cmake -S "$work/frame-stack" -B "$work/frame-stack/b" -G "$generator" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/frame-stack/b"

# A tool of its own on memfrag::core: the package's static core links with what it needs.
mkdir "$work/core-user"
cat >"$work/core-user/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(core-user LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(memfrag 0.1 REQUIRED)
add_executable(core-user main.cpp)
target_link_libraries(core-user PRIVATE memfrag::core)
CMAKE
cat >"$work/core-user/main.cpp" <<'CXX'
#include "core/validate/registry.hpp"
int main() { return memfrag::validate::all_checks().empty() ? 1 : 0; }
CXX
cmake -S "$work/core-user" -B "$work/core-user/b" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/core-user/b"
"$work/core-user/b/core-user"

include_dir=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --variable=includedir memfrag)
test -f "$include_dir/memfrag/memfrag.h"
test -f "$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --variable=plugin_map memfrag)"

"$memfrag" validate "$work/myalloc/b/libmyalloc.so" --seed 1
"$memfrag" run --plugin "$work/myalloc/b/libmyalloc.so" --plugin buddy --workload mixed-70 \
  --set workload.ops=20000 --output "$work/results.json" --quiet
grep -q '"status": "ok"' "$work/results.json"
echo "out-of-tree template: built, validated and run from $prefix"
