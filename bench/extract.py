"""Throughput of the claim extractor: words/s, articles/s, peak memory, and a ~1 MB text.

usage: python bench/extract.py [EVAL_DIR]   (default ../shared/eval, relative to the project)

Reads the "text" field of every EVAL_DIR/polnear-dev/*.json and EVAL_DIR/gold/*.json, runs
``extract_many`` over them in one process (spaCy's ``nlp.pipe`` batching), then times one
synthetic text of about a megabyte. CPU seconds are reported next to wall seconds because a
shared machine's wall clock says little about the extractor.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.extract import extract_claims, extract_many, model
from app.extract.model import get_nlp

_SYNTHETIC_PARAGRAPH = (
    "“The levee will not hold another week,” said harbour master Lucan Ferris. He told "
    "reporters that more than 70 homes were at risk, according to the county council, and "
    "the ministry said about 1,200 people had already left the lower valley.\n"
)


def _texts(eval_dir: Path) -> list[str]:
    files = sorted(eval_dir.glob("polnear-dev/*.json")) + sorted(eval_dir.glob("gold/*.json"))
    return [json.loads(path.read_text(encoding="utf-8"))["text"] for path in files]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(run: object) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    assert callable(run)
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default="../shared/eval")
    args = parser.parse_args()
    eval_dir = Path(args.eval_dir)
    texts = _texts(eval_dir) if eval_dir.is_dir() else []
    if not texts:
        print(f"no articles found under {eval_dir}: nothing to benchmark")
        return 0
    get_nlp()
    extract_many(texts[:2])  # warm up
    words = sum(len(text.split()) for text in texts)
    wall, cpu = _timed(lambda: extract_many(texts))
    print(f"articles={len(texts)} words={words}")
    print(f"wall {wall:.1f}s: {words / wall:,.0f} words/s, {len(texts) / wall:.1f} articles/s")
    print(f"cpu  {cpu:.1f}s: {words / cpu:,.0f} words/s per core, "
          f"{len(texts) / cpu:.1f} articles/s")
    big = _SYNTHETIC_PARAGRAPH * (1_000_000 // len(_SYNTHETIC_PARAGRAPH))
    print(f"1 MB text: {len(big):,} chars, {len(big.split()):,} words")
    default_threshold = model.PARALLEL_FROM_CHARS
    model.PARALLEL_FROM_CHARS = len(big) + 1
    wall, cpu = _timed(lambda: extract_claims(big))
    print(f"  one process:        wall {wall:.1f}s, cpu {cpu:.1f}s")
    model.PARALLEL_FROM_CHARS = default_threshold
    wall, cpu = _timed(lambda: extract_claims(big))
    print(f"  default (parallel): wall {wall:.1f}s (cpu of this process {cpu:.1f}s)")
    print(f"peak memory {_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
