"""What a lower-precision name model would buy: LAC's BiGRU encoder in fp32, int8 and bf16, speed and agreement.

An experiment for the lead, not a product option: the encoder is the largest single cost of free-text detection
(docs/performance.md) and runs near the fp32 peak of one core, so the only way to make it much cheaper is lower
precision. ONNX Runtime has no quantized GRU, so the encoder is rebuilt in PyTorch from the weights in the ONNX
file (ONNX's GRU with ``linear_before_reset=1`` is PyTorch's; gates reordered from z, r, h to r, z, n) and run in

* fp32 (checks the port: its logits must match ONNX Runtime's),
* int8 with PyTorch's dynamic quantization of the GRU and the output layer,
* bf16 under CPU autocast,

on one thread. For each it prints µs per character (batches of 16 clauses of 30 characters) and, on the clauses
baomi's fast path really asks the model about, how many CRF-decoded tag paths and how many PER/ORG words (what
the recognizers read) are the same as ONNX Runtime's fp32 answers. Counts only, never a text.

PyTorch is not a baomi dependency, so this runs in two steps:

    # 1. in baomi's environment: the clauses, ONNX Runtime's logits and its speed
    .venv/bin/python -m benchmarks.encoder_precision dump /tmp/clauses.npz --corpus ../shared/corpora/cluener2020_train.jsonl
    # 2. in any environment with torch, numpy and onnx (python -m venv /tmp/tv; /tmp/tv/bin/pip install torch numpy onnx)
    /tmp/tv/bin/python benchmarks/encoder_precision.py measure /tmp/clauses.npz
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

# One timing shape for every variant: 16 clauses of 30 characters (batches of 8 or more run at the peak rate).
BATCH, LENGTH, ROUNDS = 16, 30, 40
HIDDEN = 128


def dump(out: Path, n: int, corpus: Path | None, corpus_texts: int) -> None:
    """Collect the clauses the fast path tags on ``n`` domain texts (and the first texts of ``corpus``), with
    ONNX Runtime's logits for each (one clause at a time, as a reference) and its speed."""
    from pipelines.evalset import generate_domain_set
    from recognizers import lac_model
    from recognizers.fast_path import FastDetector

    model = lac_model.load()
    seen: list[str] = []
    tag = model._tag

    def recording(windows: Sequence[str]) -> list[tuple[tuple[int, int, str], ...]]:
        seen.extend(windows)
        return tag(windows)

    model._tag = recording  # type: ignore[method-assign]
    detector = FastDetector()
    detector.detect_column([record["text"] for record in generate_domain_set(seed=3, n=n)])
    domain = len(seen)
    if corpus is not None:
        with corpus.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for _, line in zip(range(corpus_texts), lines, strict=False)]
        detector.detect_column(texts)
    session = model._session
    ids = [model.char_ids(clause) for clause in seen]
    logits = [
        session.run(
            None,
            {"token_ids": np.array([row], dtype=np.int64), "length": np.array([len(row)], dtype=np.int64)},
        )[0][0]
        for row in ids
    ]
    timing = np.random.RandomState(0).randint(1, 5000, size=(BATCH, LENGTH)).astype(np.int64)
    feeds = {"token_ids": timing, "length": np.full(BATCH, LENGTH, dtype=np.int64)}
    for _ in range(5):
        session.run(None, feeds)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        session.run(None, feeds)
    ort_us = 1e6 * (time.perf_counter() - started) / ROUNDS / (BATCH * LENGTH)
    encoder = Path(str(resources.files(lac_model.MODEL_PACKAGE))) / lac_model.ENCODER_FILE
    np.savez_compressed(
        out,
        ids=np.array([np.array(row, dtype=np.int64) for row in ids], dtype=object),
        logits=np.array(logits, dtype=object),
        domain=domain,
        transitions=model._transitions,
        entity_of=np.array(model._entity_of, dtype=object),
        inside=model._inside,
        encoder=str(encoder),
        ort_us=ort_us,
    )
    print(f"{len(seen)} clauses ({domain} from {n} domain texts); ONNX Runtime fp32 {ort_us:.2f} µs/char")


def measure(clauses: Path) -> None:
    import onnx
    import torch
    from onnx import numpy_helper

    torch.set_num_threads(1)
    data = np.load(clauses, allow_pickle=True)
    weights = {
        item.name: numpy_helper.to_array(item) for item in onnx.load(str(data["encoder"])).graph.initializer
    }
    transitions, inside, entity_of = data["transitions"], data["inside"], list(data["entity_of"])

    class Lac(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.emb = torch.nn.Embedding(*weights["embedding_0.w_0"].shape)
            self.gru = torch.nn.GRU(128, HIDDEN, num_layers=2, bidirectional=True)
            self.fc = torch.nn.Linear(2 * HIDDEN, weights["linear_0.b_0"].shape[0])

        def forward(self, ids: Any) -> Any:
            output, _ = self.gru(self.emb(ids).transpose(0, 1))
            return self.fc(output.transpose(0, 1))

    def gates(matrix: np.ndarray) -> Any:  # ONNX z, r, h -> torch r, z, n
        z, r, h = np.split(matrix, 3, axis=0)
        return torch.from_numpy(np.ascontiguousarray(np.concatenate([r, z, h], axis=0)))

    model = Lac().eval()
    layers = [
        ("helper.concat.5", "helper.concat.6", "helper.concat.9"),
        ("helper.concat.14", "helper.concat.15", "helper.concat.18"),
    ]
    with torch.no_grad():
        model.emb.weight.copy_(torch.from_numpy(weights["embedding_0.w_0"].copy()))
        for layer, (w, r, b) in enumerate(layers):
            for direction, suffix in enumerate(("", "_reverse")):
                getattr(model.gru, f"weight_ih_l{layer}{suffix}").copy_(gates(weights[w][direction]))
                getattr(model.gru, f"weight_hh_l{layer}{suffix}").copy_(gates(weights[r][direction]))
                input_bias, hidden_bias = np.split(weights[b][direction], 2)
                getattr(model.gru, f"bias_ih_l{layer}{suffix}").copy_(gates(input_bias))
                getattr(model.gru, f"bias_hh_l{layer}{suffix}").copy_(gates(hidden_bias))
        model.fc.weight.copy_(torch.from_numpy(weights["linear_0.w_0"].T.copy()))
        model.fc.bias.copy_(torch.from_numpy(weights["linear_0.b_0"].copy()))

    def viterbi(emissions: np.ndarray) -> list[int]:
        score = emissions[0].astype(np.float32)
        back = []
        for step in range(1, len(emissions)):
            candidates = score[:, None] + transitions
            best = candidates.argmax(0)
            back.append(best)
            score = candidates[best, np.arange(len(score))] + emissions[step]
        path = [int(score.argmax())]
        for pointers in reversed(back):
            path.append(int(pointers[path[-1]]))
        return path[::-1]

    def words(path: list[int]) -> tuple[tuple[int, int, str], ...]:
        found, position = [], 0
        while position < len(path):
            start, position = position, position + 1
            while position < len(path) and inside[path[position]]:
                position += 1
            if entity_of[path[start]]:
                found.append((start, position, entity_of[path[start]]))
        return tuple(found)

    reference = [viterbi(np.asarray(row, dtype=np.float32)) for row in data["logits"]]
    int8 = torch.ao.quantization.quantize_dynamic(model, {torch.nn.GRU, torch.nn.Linear}, dtype=torch.qint8)
    variants = {
        "torch fp32": (model, None),
        "torch int8 (dynamic)": (int8, None),
        "torch bf16 (autocast)": (model, torch.bfloat16),
    }
    print(
        f"{len(reference)} clauses ({int(data['domain'])} domain); ONNX Runtime fp32: {float(data['ort_us']):.2f} µs/char"
    )
    print(
        f"{'variant':24s} {'µs/char':>8s} {'max |Δlogit|':>13s} {'same path':>11s} {'same PER/ORG words':>19s}"
    )
    for name, (variant, dtype) in variants.items():

        def run(batch: Any, variant: Any = variant, dtype: Any = dtype) -> np.ndarray:
            with torch.no_grad(), torch.autocast("cpu", dtype=dtype, enabled=dtype is not None):
                return np.asarray(variant(batch).float().numpy())

        same_path = same_words = 0
        largest = 0.0
        for row, logits, path in zip(data["ids"], data["logits"], reference, strict=True):
            out = run(torch.from_numpy(np.asarray(row, dtype=np.int64))[None])[0]
            largest = max(largest, float(np.abs(out - np.asarray(logits)).max()))
            decoded = viterbi(out)
            same_path += decoded == path
            same_words += words(decoded) == words(path)
        timing = torch.from_numpy(np.random.RandomState(0).randint(1, 5000, size=(BATCH, LENGTH)))
        for _ in range(5):
            run(timing)
        started = time.perf_counter()
        for _ in range(ROUNDS):
            run(timing)
        us = 1e6 * (time.perf_counter() - started) / ROUNDS / (BATCH * LENGTH)
        total = len(reference)
        print(f"{name:24s} {us:8.2f} {largest:13.2e} {same_path / total:10.1%} {same_words / total:18.1%}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser(
        "dump", help="in baomi's environment: clauses, ONNX Runtime logits and speed"
    )
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--n", type=int, default=3000, help="domain texts (default 3000)")
    dumping.add_argument(
        "--corpus", type=Path, help="a corpus .jsonl ({'text': ...} per line) to add clauses from"
    )
    dumping.add_argument("--corpus-texts", type=int, default=1500, help="its first texts used (default 1500)")
    measuring = commands.add_parser(
        "measure", help="with torch, numpy and onnx installed: the three variants"
    )
    measuring.add_argument("clauses", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.n, args.corpus, args.corpus_texts)
    else:
        measure(args.clauses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
