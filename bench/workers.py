"""Extraction throughput with 1 and then 2 `claimdesk worker` processes (part of `make bench`).

It makes a database of its own, ingests N articles (copies of the demo articles, each made
distinct), and for each worker count: empties the claims and claimants, starts the workers,
waits until every one has loaded its model and registered with the queue, queues every
article (as `claimdesk extract --all` does) and times until the queue is empty. Articles/s,
words/s, the speed-up over the first round, each job's median time and the workers' CPU
time per article (flat CPU per article with a poor speed-up means the cores were busy);
then each number of workers against the mean throughput of the 1-worker rounds (with
`--workers 1 2 1` those bracket the 2-worker round, which evens out the machine's drift).

  python bench/workers.py                 # 48 articles, 1 then 2 workers
  python bench/workers.py --articles 96 --workers 1 2 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import testing

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "app" / "demo" / "articles.jsonl"
NAME = "claimdesk_bench_workers"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def articles_file(count: int) -> Path:
    """`count` articles: the demo ones over and over, each copy with a line of its own."""
    demo = [json.loads(line) for line in DEMO.read_text().splitlines() if line.strip()]
    out = Path(tempfile.mkstemp(suffix=".jsonl", prefix="bench-workers-")[1])
    with out.open("w") as handle:
        for n in range(count):
            record = dict(demo[n % len(demo)])
            record["text"] = record["text"] + f"\n\nArchive copy {n}."
            record.pop("url", None)
            record["title"] = f"{record.get('title', '')} (copy {n})"
            handle.write(json.dumps(record) + "\n")
    return out


def run(url: str, *args: str) -> str:
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return done.stdout


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def queue_all(engine: Engine) -> None:
    """Queue every article as `claimdesk extract --all` does, without a process start."""
    from sqlalchemy.orm import Session

    from app.models import Article
    from app.services.articles import requeue_extraction

    with Session(engine) as session:
        for article in session.scalars(select(Article).order_by(Article.id)):
            requeue_extraction(session, article=article)
        session.commit()


def one_round(url: str, workers: int, articles: int, words: int) -> dict[str, float]:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:  # every round starts from the same state: no claims yet
        conn.execute(text("DELETE FROM procrastinate_jobs"))
        conn.execute(text("DELETE FROM procrastinate_workers"))
        conn.execute(text("DELETE FROM claims"))  # links, quantities and tags go with them
        conn.execute(text("DELETE FROM actors"))  # and aliases
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    try:
        deadline = time.monotonic() + 180
        with engine.connect() as conn:
            while conn.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar_one() < (
                workers
            ):
                if time.monotonic() > deadline:
                    raise SystemExit("the workers did not start within 3 minutes")
                time.sleep(0.2)
        load_start = load_average()
        cpu_before = sum(cpu_seconds(p.pid) for p in processes)
        started = time.perf_counter()
        queue_all(engine)
        with engine.connect() as conn:
            while conn.execute(
                text(
                    "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'extract_article' "
                    "AND status IN ('todo', 'doing')"
                )
            ).scalar_one():
                time.sleep(0.1)
            seconds = time.perf_counter() - started
            cpu = sum(cpu_seconds(p.pid) for p in processes) - cpu_before
            failed = conn.execute(
                text("SELECT count(*) FROM articles WHERE extraction_status <> 'done'")
            ).scalar_one()
            starts = conn.execute(
                text(
                    "SELECT count(*) FROM procrastinate_events e JOIN procrastinate_jobs j "
                    "ON j.id = e.job_id WHERE j.task_name = 'extract_article' "
                    "AND e.type = 'started'"
                )
            ).scalar_one()
            job_seconds = [
                float(s)
                for (s,) in conn.execute(
                    text(
                        "SELECT extract(epoch FROM max(e.at) - min(e.at)) "
                        "FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id "
                        "WHERE j.task_name = 'extract_article' "
                        "AND e.type IN ('started', 'succeeded', 'failed') GROUP BY e.job_id"
                    )
                )
            ]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        engine.dispose()
    return {
        "workers": workers,
        "seconds": seconds,
        "articles_per_s": articles / seconds,
        "words_per_s": words / seconds,
        "not_done": failed,
        "job_starts": starts,  # more than the articles: some jobs failed and were retried
        # The workers' CPU time per article: flat across rounds means the cores, not the
        # workers, set the pace (on a shared machine other processes take some of them).
        "worker_cpu_s_per_article": cpu / articles,
        # Each job from start to end: if it grows with more workers, they contend.
        "job_median_s": statistics.median(job_seconds) if job_seconds else 0.0,
        "job_total_s": sum(job_seconds),
        "load_average_start": load_start,  # type: ignore[dict-item]
        "load_average_end": load_average(),  # type: ignore[dict-item]
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=48)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, default=Path("bench/out/workers.json"))
    args = parser.parse_args()
    base = testing.server_url()
    url = testing.create_database(base, NAME)
    source = articles_file(args.articles)
    try:
        print(run(url, "ingest", str(source)).strip().splitlines()[0], flush=True)
        engine = create_engine(url)
        with engine.connect() as conn:
            words = int(
                conn.execute(
                    text("SELECT sum(array_length(regexp_split_to_array(text, '\\s+'), 1)) "
                         "FROM articles")
                ).scalar_one()
            )
        engine.dispose()
        rounds = [one_round(url, w, args.articles, words) for w in args.workers]
    finally:
        testing.drop_database(base, NAME)
        source.unlink()
    print(f"\nextraction of {args.articles} articles ({words:,} words)")
    # Each round against the first (a list: with --workers 1 2 1 a dict keyed by the number
    # of workers gave both 1-worker rounds the last one's figure), and each number of workers
    # against the mean throughput of the 1-worker rounds that bracket it.
    speedup = [rounds[0]["seconds"] / r["seconds"] for r in rounds]
    single = [r["articles_per_s"] for r in rounds if r["workers"] == 1]
    over_one = {
        str(w): statistics.mean(r["articles_per_s"] for r in rounds if r["workers"] == w)
        / statistics.mean(single)
        for w in sorted({r["workers"] for r in rounds})
    } if single else {}
    print(f"{'workers':>7} {'seconds':>8} {'articles/s':>10} {'words/s':>9} {'vs first':>8}  load")
    for r, up in zip(rounds, speedup, strict=True):
        print(
            f"{r['workers']:>7} {r['seconds']:>8.1f} {r['articles_per_s']:>10.2f} "
            f"{r['words_per_s']:>9,.0f} {up:>7.2f}x"
            f"  job median {r['job_median_s']:.2f} s, worker CPU "
            f"{r['worker_cpu_s_per_article']:.2f} s/article"
            f"  {r['load_average_start']} -> {r['load_average_end']}"
        )
    for w, ratio in over_one.items():
        print(f"{w} worker(s): {ratio:.2f}x the mean throughput of the 1-worker rounds")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"articles": args.articles, "words": words, "rounds": rounds,
                    "speedup_over_first": speedup, "speedup_over_one_worker": over_one},
                   indent=2)
    )
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
