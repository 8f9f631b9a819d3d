"""What a cheaper use of the name model would buy: speed and recall of variants that ask LAC less, side by side.

Not a product option: each variant is patched into this process only, to measure a decision for the lead (see
docs/performance.md, "What a cheaper use of the name model would buy"). For every variant it prints the
detection rate of ``FastDetector.detect_column`` on ``--n`` generated domain texts (best of ``--rounds`` cold runs,
one process), the per-text rate of the Presidio path with the same variant (it shares the recognizers) on the
first ``--presidio-n`` of them, and scrub recall — the scoring of ``benchmarks.quality_report`` — for PERSON, EMPLOYER and all
entities on the domain report set, the blind held-out set and every corpus file in ``--corpora``.

    .venv/bin/python -m benchmarks.name_model_options --corpora ../shared/corpora

Variants: ``current``; ``no_model`` (PERSON and EMPLOYER without LAC); ``no_gate`` (PERSON asks the model only
around its weak rule candidates, not where transliteration characters or Latin letters suggest a foreign name);
``gate_only`` (only there); ``window`` (the model tags a window of 8 characters before to 12 after each position,
inside its clause, instead of the whole clause); ``band`` (only rule candidates scoring 0.1–0.5, and the gate);
``undominated`` (only weak rule candidates that overlap no candidate scoring above the model's score, and the
gate: 刘建 of a cued 刘建华, 刘先 of 刘先生 — lifted to the model's score, they would lose to it anyway).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import recognizers.cn.cn_person_recognizer as person_module
import recognizers.fast_path as fast_path_module
import recognizers.lac_model as lac_module
from benchmarks.quality_report import evaluate
from pipelines.evalset import DOMAIN_SEED, DOMAIN_SIZE, generate_domain_set, write_jsonl
from recognizers.engine import Detector
from recognizers.fast_path import FastDetector

VARIANTS = ("current", "no_model", "no_gate", "gate_only", "window", "band", "undominated")
WINDOW_BEFORE = 8
WINDOW_AFTER = 12
BAND_FLOOR = 0.1


def _windows_near(text: str, positions: Iterable[int]) -> list[tuple[int, str]]:
    """Windows around ``positions`` (merged when they touch), each clipped to the clause holding its position."""
    merged: list[tuple[int, int]] = []
    for position in sorted(set(positions)):
        start, end = max(0, position - WINDOW_BEFORE), min(len(text), position + WINDOW_AFTER)
        for clause_start, clause in _clauses_near(text, [position]):
            start, end = max(start, clause_start), min(end, clause_start + len(clause))
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(start, text[start:end]) for start, end in merged]


_clauses_near = lac_module.clauses_near


def _positions(kind: str) -> Any:
    gate = person_module.MODEL_GATE
    weak = person_module.MODEL_SCORE

    def positions(text: str, candidates: Sequence[Any]) -> list[int]:
        rules = [c.start for c in candidates if (BAND_FLOOR if kind == "band" else -1.0) <= c.score < weak]
        if kind == "undominated":
            strong = [c for c in candidates if c.score > weak]
            rules = [
                c.start
                for c in candidates
                if c.score < weak and not any(s.start < c.end and c.start < s.end for s in strong)
            ]
        foreign = [match.start() for match in gate.finditer(text)]
        return {"no_gate": rules, "gate_only": foreign}.get(kind, rules + foreign)

    return staticmethod(positions)


def _patch(variant: str) -> None:
    """Put the variant in place in this process (the recognizers read these module attributes at call time)."""
    if variant == "window":
        lac_module.clauses_near = _windows_near
        fast_path_module.clauses_near = _windows_near  # type: ignore[attr-defined]
    elif variant in ("no_gate", "gate_only", "band", "undominated"):
        person_module.CnPersonRecognizer._model_positions = _positions(variant)  # type: ignore[method-assign]


def _detector(variant: str) -> Detector:
    """The Presidio path with the variant in place (the fast path wraps the same analyzer)."""
    detector = Detector(cache_size=0)
    if variant == "no_model":
        for recognizer in detector.analyzer.registry.recognizers:
            if hasattr(recognizer, "model"):
                recognizer.model = None
    return detector


def _presidio_rate(detector: Detector, texts: list[str]) -> float:
    """Per-text rate of the Presidio path (``Detector.detect``, no cache), as benchmarks.free_text measures it."""
    detector.detect("业主王伟反映")
    lac_module.load().clear_cache()
    started = time.perf_counter()
    for text in texts:
        detector.detect(text)
    return len(texts) / (time.perf_counter() - started)


def _rate(fast: FastDetector, texts: list[str], rounds: int) -> float:
    fast.detect_column(["业主王伟反映"])
    best = float("inf")
    for _ in range(rounds):
        lac_module.load().clear_cache()
        person_module.CnPersonRecognizer._rule_candidates.cache_clear()
        person_module.CnPersonRecognizer._compiled_candidates.cache_clear()
        fast._cache.clear()
        started = time.perf_counter()
        fast.detect_column(texts)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def _recall(fast: FastDetector, path: Path, label_map_name: str | None) -> dict[str, str]:
    report, _ = evaluate(fast, path, label_map_name)

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    groups = report.groups
    return {
        "PERSON": pct(groups["PERSON"].scrub_recall) if "PERSON" in groups else "—",
        "EMPLOYER": pct(groups["EMPLOYER"].scrub_recall) if "EMPLOYER" in groups else "—",
        "all": pct(report.overall.scrub_recall),
    }


def _one(variant: str, n: int, rounds: int, presidio_n: int, corpora: Path | None) -> None:
    _patch(variant)
    detector = _detector(variant)
    fast = FastDetector(detector, cache_size=0)
    texts = [record["text"] for record in generate_domain_set(3, n)]
    rate = _rate(fast, texts, rounds)
    work = Path(tempfile.mkdtemp(prefix="baomi-model-options-"))
    domain = work / "domain.jsonl"
    write_jsonl(generate_domain_set(DOMAIN_SEED, DOMAIN_SIZE), domain)
    heldout = work / "heldout.jsonl"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.heldout_set", "--out", str(heldout)],
        check=True,
        capture_output=True,
    )
    sets: list[tuple[str, Path, str | None]] = [("domain", domain, None), ("held-out", heldout, None)]
    if corpora is not None and corpora.is_dir():
        sets += [(path.stem, path, "label_map_corpora.toml") for path in sorted(corpora.glob("*.jsonl"))]
    line = f"{variant}: baomi {rate:,.0f} texts/s"
    if presidio_n > 0:
        presidio = _presidio_rate(detector, texts[:presidio_n])
        line += f", Presidio path {presidio:,.0f} texts/s on the first {presidio_n}: {rate / presidio:.2f}×"
    print(line)
    for name, path, label_map_name in sets:
        recall = _recall(fast, path, label_map_name)
        print(
            f"    {name:<20} PERSON {recall['PERSON']:>6}  EMPLOYER {recall['EMPLOYER']:>6}  all {recall['all']:>6}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpora", type=Path, help="folder of the public corpora (*.jsonl); skipped when absent"
    )
    parser.add_argument("--n", type=int, default=5000, help="domain texts timed per variant (default 5000)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="cold runs timed per variant, best kept (default 3)"
    )
    parser.add_argument(
        "--presidio-n",
        type=int,
        default=2000,
        help="texts timed on the Presidio path per variant (default 2000)",
    )
    parser.add_argument(
        "--variants",
        default=",".join(VARIANTS),
        help=f"comma-separated, from {', '.join(VARIANTS)} (default all)",
    )
    args = parser.parse_args(argv)
    variants = [variant.strip() for variant in args.variants.split(",") if variant.strip()]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    # Each variant patches module attributes: run each in its own interpreter.
    for variant in variants:
        command = [sys.executable, "-m", "benchmarks.name_model_options", "--_one", variant]
        command += ["--n", str(args.n), "--rounds", str(args.rounds), "--presidio-n", str(args.presidio_n)]
        if args.corpora:
            command += ["--corpora", str(args.corpora)]
        subprocess.run(command, check=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--_one":
        one = argparse.ArgumentParser()
        one.add_argument("--_one", dest="variant")
        one.add_argument("--corpora", type=Path)
        one.add_argument("--n", type=int, default=5000)
        one.add_argument("--rounds", type=int, default=3)
        one.add_argument("--presidio-n", type=int, default=2000)
        parsed = one.parse_args()
        _one(parsed.variant, parsed.n, parsed.rounds, parsed.presidio_n, parsed.corpora)
        sys.exit(0)
    sys.exit(main())
