"""Bench for dispute grouping: pair precision/recall/F1 as score_disputes.py counts them.

usage: python bench/disputes.py [EVAL_DIR] [--ablate] [--grid]
                                [--extract-cmd 'CMD {files}' | --extract-json FILE] [-v]

(a) Gold claims, stripped of their dispute keys, go through `group_disputes`.
(b) With --extract-cmd, the extractor's `{"articles": [...]}` output for the gold
    texts goes through `add_dispute_keys` (the full pipeline). --extract-json reads
    that output saved earlier (`claimdesk extract GOLD_TEXTS... --json > FILE`, the
    files named like the gold ids), so relate changes can be scored in seconds.
--grid adds the mean and worst pair F1 over link thresholds around the default
(robustness: a change should not win at one threshold only).
Pairs are scored with the eval's own `match`/`norm` (imported from EVAL_DIR/score.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import itertools
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.relate.facts import facts_from_mapping
from app.relate.features import analyse_claims
from app.relate.grouping import group_disputes
from app.relate.offline import add_dispute_keys
from app.relate.suggest import ALL_SIGNALS, DEFAULT_SETTINGS, RelateSettings

Gold = dict[str, Any]
THRESHOLD_STEPS = (-0.04, -0.03, -0.02, -0.01, 0.0, 0.01, 0.02, 0.03, 0.04)


def load_scorer(eval_dir: Path) -> Any:
    spec = importlib.util.spec_from_file_location("eval_score", eval_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pair_scores(golds: list[Gold], articles: list[dict[str, Any]], scorer: Any) -> dict[str, Any]:
    """The pair counting of score_disputes.py, on predicted articles in gold order."""
    gold_items: list[dict[str, Any]] = []
    pred_to_gold: dict[int, str] = {}
    for gold, article in zip(golds, articles, strict=True):
        base = len(gold_items)
        gold_items += gold["claims"]
        for i, j, _ in scorer.match(article["claims"], gold["claims"]):
            key = article["claims"][i].get("dispute")
            if key is not None and not gold["claims"][j].get("optional"):
                pred_to_gold[base + j] = str(key)
    norm = scorer.norm
    required = [k for k, c in enumerate(gold_items) if not c.get("optional")]

    def apart(x: int, y: int) -> bool:
        return bool(norm(gold_items[x]["claimant"]) != norm(gold_items[y]["claimant"]))

    positive = {
        (x, y)
        for x, y in itertools.combinations(required, 2)
        if gold_items[x].get("dispute")
        and gold_items[x]["dispute"] == gold_items[y].get("dispute")
        and apart(x, y)
    }
    predicted = {
        (x, y)
        for x, y in itertools.combinations(sorted(pred_to_gold), 2)
        if pred_to_gold[x] == pred_to_gold[y] and apart(x, y)
    }
    correct = len(positive & predicted)
    precision = correct / len(predicted) if predicted else 0.0
    recall = correct / len(positive) if positive else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": len(positive),
        "predicted": len(predicted),
        "correct": correct,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "missed": sorted(positive - predicted),
        "wrong": sorted(predicted - positive),
        "items": gold_items,
    }


class GoldClaims:
    """Gold claims stripped of their dispute keys, parsed once for many runs."""

    def __init__(self, golds: list[Gold]) -> None:
        self.golds = golds
        self.facts = [
            facts_from_mapping(
                {k: v for k, v in claim.items() if k != "dispute"},
                f"{gold['id']}:{n}",
                gold["id"],
                gold["text"],
            )
            for gold in golds
            for n, claim in enumerate(gold["claims"])
        ]
        self.features = analyse_claims(self.facts)

    def articles(self, settings: RelateSettings) -> list[dict[str, Any]]:
        """Group the gold claims into disputes with `settings`."""
        return keyed_articles(self.golds, group_disputes(self.facts, settings, self.features))

    def one_dispute_per_article(self) -> list[dict[str, Any]]:
        """The baseline: every claim of an article in one dispute."""
        keys = {i: fact.article for i, fact in enumerate(self.facts)}
        return keyed_articles(self.golds, dict(keys))


def keyed_articles(golds: list[Gold], keys: dict[int, str | None]) -> list[dict[str, Any]]:
    """Predicted articles in the scorer's shape: gold spans with the keys given."""
    articles, index = [], 0
    for gold in golds:
        claims = []
        for claim in gold["claims"]:
            claims.append(
                {
                    "start": claim["start"],
                    "end": claim["end"],
                    "claimant": claim["claimant"],
                    "dispute": keys[index],
                }
            )
            index += 1
        articles.append({"file": gold["id"], "claims": claims})
    return articles


def extractor_output(golds: list[Gold], command: str) -> dict[str, Any]:
    """Run the extractor on the gold texts; its `{"articles": [...]}` output."""
    folder = Path(tempfile.mkdtemp(prefix="relate-bench-"))
    files = []
    for gold in golds:
        path = folder / f"{gold['id']}.txt"
        path.write_text(gold["text"], encoding="utf-8")
        files.append(str(path))
    out = subprocess.run(
        command.replace("{files}", " ".join(files)),
        shell=True,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"extractor failed ({out.returncode}): {out.stderr[-800:]}")
    output: dict[str, Any] = json.loads(out.stdout)
    return output


def grid_f1(score: Callable[[RelateSettings], float], settings: RelateSettings) -> list[float]:
    """Pair F1 at each link threshold of the grid around `settings`."""
    return [
        score(dataclasses.replace(settings, link_threshold=settings.link_threshold + step))
        for step in THRESHOLD_STEPS
    ]


def report_grid(label: str, scores: list[float]) -> None:
    print(
        f"{label:<28} link threshold grid: mean pair_f1={sum(scores) / len(scores):.3f} "
        f"worst={min(scores):.3f} best={max(scores):.3f}"
    )


def report(label: str, result: dict[str, Any]) -> None:
    print(
        f"{label:<28} gold pairs={result['gold']} predicted={result['predicted']} "
        f"correct={result['correct']}  pair_precision={result['precision']:.3f} "
        f"pair_recall={result['recall']:.3f} pair_f1={result['f1']:.3f}"
    )


def show_errors(result: dict[str, Any], limit: int = 25) -> None:
    items = result["items"]
    for title, pairs in (("missed", result["missed"]), ("wrong", result["wrong"])):
        for x, y in pairs[:limit]:
            print(
                f"  {title}: [{items[x].get('dispute')}] {items[x]['content'][:45]!r} <> "
                f"[{items[y].get('dispute')}] {items[y]['content'][:45]!r}"
            )


def ablations() -> list[tuple[str, RelateSettings]]:
    """The default, then one part of the scoring left out at a time."""
    replace = dataclasses.replace
    runs = [
        ("all signals", DEFAULT_SETTINGS),
        ("topic only", replace(DEFAULT_SETTINGS, signals=frozenset())),
    ]
    for name in sorted(ALL_SIGNALS):
        runs.append((f"without {name}", replace(DEFAULT_SETTINGS, signals=ALL_SIGNALS - {name})))
    runs += [
        ("no nearness", replace(DEFAULT_SETTINGS, proximity_weight=0.0)),
        ("no sentence context", replace(DEFAULT_SETTINGS, context_weight=0.0)),
        ("no same-article bonus", replace(DEFAULT_SETTINGS, same_article_bonus=0.0)),
        ("no cross-article merge", replace(DEFAULT_SETTINGS, merge_threshold=1.0)),
        ("no stories (blocking only)", replace(DEFAULT_SETTINGS, by_story=False)),
        ("any signal keeps a cluster",
         replace(DEFAULT_SETTINGS, min_evidence=0.0, evidence_topic=0.0)),
        ("predicate clashes off-topic", replace(DEFAULT_SETTINGS, clash_topic=0.0)),
    ]
    return runs


def retuned(gold: GoldClaims, settings: RelateSettings, scorer: Any) -> tuple[float, float]:
    """Best and mean pair F1 over a small grid of link thresholds around the default."""
    scores = [
        pair_scores(
            gold.golds,
            gold.articles(
                dataclasses.replace(settings, link_threshold=settings.link_threshold + step)
            ),
            scorer,
        )["f1"]
        for step in THRESHOLD_STEPS
    ]
    return max(scores), sum(scores) / len(scores)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("eval_dir", nargs="?", default="../shared/eval")
    parser.add_argument("--ablate", action="store_true", help="score each signal left out")
    parser.add_argument("--extract-cmd", help="extractor command with {files}")
    parser.add_argument("--extract-json", help="saved extractor output for the gold texts")
    parser.add_argument("--grid", action="store_true", help="mean/worst F1 over thresholds")
    parser.add_argument("-v", action="store_true", help="list missed and wrong pairs")
    args = parser.parse_args()
    eval_dir = Path(args.eval_dir)
    gold_paths = sorted((eval_dir / "gold").glob("*.json"))
    if not (eval_dir / "score.py").exists() or not gold_paths:
        print(f"no eval data under {eval_dir}; nothing to bench")
        return 0
    scorer = load_scorer(eval_dir)
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in gold_paths]
    gold = GoldClaims(golds)
    if args.ablate:
        report(
            "one dispute per article", pair_scores(golds, gold.one_dispute_per_article(), scorer)
        )
    for label, settings in ablations() if args.ablate else [("gold claims", DEFAULT_SETTINGS)]:
        result = pair_scores(golds, gold.articles(settings), scorer)
        report(label, result)
        if args.ablate:
            best, mean = retuned(gold, settings, scorer)
            print(f"{'':28} threshold re-tuned: best pair_f1={best:.3f} mean={mean:.3f}")
        if args.v:
            show_errors(result)
    if args.grid:
        report_grid("gold claims", grid_f1(
            lambda s: float(pair_scores(golds, gold.articles(s), scorer)["f1"]), DEFAULT_SETTINGS
        ))
    output = None
    if args.extract_json:
        output = json.loads(Path(args.extract_json).read_text(encoding="utf-8"))
    elif args.extract_cmd:
        output = extractor_output(golds, args.extract_cmd)
    if output is not None:
        extracted = output

        def score(settings: RelateSettings) -> dict[str, Any]:
            return pair_scores(golds, add_dispute_keys(extracted, settings)["articles"], scorer)

        report("extractor + relate", score(DEFAULT_SETTINGS))
        if args.grid:
            report_grid("extractor + relate", grid_f1(
                lambda s: float(score(s)["f1"]), DEFAULT_SETTINGS
            ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
