#!/usr/bin/env bash
# Builds llama.cpp's `llama-server` (CPU only) from the source bundled in the npm package
# node-llama-cpp, with Debian's cmake and g++, and caches it outside the repo:
#   ${TURNBENCH_CACHE:-$HOME/.cache/turnbench}/llama.cpp/<version>/bin/llama-server
# Idempotent: when the binary is already there it only prints its path. Prints the path last.
# Env: NODE_LLAMA_CPP_VERSION (pinned below), JOBS (default 2), TURNBENCH_CACHE.
set -euo pipefail

VERSION="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
JOBS="${JOBS:-2}"
CACHE="${TURNBENCH_CACHE:-$HOME/.cache/turnbench}"
DEST="$CACHE/llama.cpp/$VERSION"
BIN="$DEST/bin/llama-server"

if [[ -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

for tool in npm git cmake g++ tar; do
  if ! command -v "$tool" >/dev/null; then
    echo "Cannot build llama-server: \"$tool\" is not installed (apt-get install -y cmake g++ git)" >&2
    exit 1
  fi
done

mkdir -p "$DEST"
WORK="$(mktemp -d "$DEST/.build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
start=$(date +%s)

echo "== npm pack node-llama-cpp@$VERSION" >&2
(cd "$WORK" && npm pack --ignore-scripts --silent "node-llama-cpp@$VERSION" >/dev/null)
tar -xzf "$WORK/node-llama-cpp-$VERSION.tgz" -C "$WORK" \
  package/llama/gitRelease.bundle package/llama/binariesGithubRelease.json
git clone --quiet "$WORK/package/llama/gitRelease.bundle" "$WORK/src" 2>/dev/null
commit="$(git -C "$WORK/src" rev-parse HEAD)"
echo "== llama.cpp source $commit" >&2

# No network during the build: no curl/openssl, no web UI download or npm build.
cmake -S "$WORK/src" -B "$WORK/build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DBUILD_SHARED_LIBS=OFF \
  -DGGML_NATIVE=OFF \
  -DLLAMA_CURL=OFF \
  -DLLAMA_OPENSSL=OFF \
  -DLLAMA_BUILD_UI=OFF \
  -DLLAMA_USE_PREBUILT_UI=OFF \
  -DLLAMA_BUILD_TESTS=OFF \
  -DLLAMA_BUILD_EXAMPLES=OFF \
  -DLLAMA_BUILD_SERVER=ON >&2
cmake --build "$WORK/build" --target llama-server -j "$JOBS" >&2

# Keep the binary, and gguf-py (used by scripts/make-tiny-gguf.py) from the same source.
mkdir -p "$WORK/out/bin"
cp "$WORK/build/bin/llama-server" "$WORK/out/bin/"
cp -r "$WORK/src/gguf-py" "$WORK/out/gguf-py"
cp "$WORK/src/LICENSE" "$WORK/out/LICENSE"
cat >"$WORK/out/build-info.json" <<JSON
{"node_llama_cpp": "$VERSION", "llama_cpp_commit": "$commit", "built_s": $(($(date +%s) - start))}
JSON
rm -rf "$DEST/bin" "$DEST/gguf-py"
mv "$WORK/out/bin" "$WORK/out/gguf-py" "$WORK/out/LICENSE" "$WORK/out/build-info.json" "$DEST/"
echo "== built in $(($(date +%s) - start)) s" >&2
echo "$BIN"
