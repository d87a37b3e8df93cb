"""`make bench`: server time of the main pages over real HTTP, as a table and as JSON.

It makes a database of its own on TEST_DATABASE_URL's server (or an embedded Postgres), loads
the demo articles, extracts them, starts `claimdesk serve` and sends requests with several
concurrent clients. Server time is the app's own `Server-Timing` header; wall time is what the
client saw.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import testing


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextmanager
def bench_database() -> Iterator[str]:
    base = testing.server_url()
    name = "claimdesk_bench"
    url = testing.create_database(base, name)
    try:
        yield url
    finally:
        testing.drop_database(base, name)


def load_demo(url: str) -> str:
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    run = [sys.executable, "-m", "app.cli"]
    subprocess.run([*run, "demo"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*run, "users", "add", "bench", "--role", "editor", "--password", "bench-password"],
        env=env,
        check=True,
        capture_output=True,
    )
    token = subprocess.run(
        [*run, "users", "token", "bench"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    return token


def extract_all(url: str) -> None:
    code = (
        "from app.db import session_scope;from app.models import Article;"
        "from app.services.extraction import run_extraction;from sqlalchemy import select\n"
        "with session_scope() as s: ids=list(s.scalars(select(Article.id)))\n"
        "[run_extraction(article_id=i) for i in ids]"
    )
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def measure(client: httpx.Client, path: str, count: int, concurrency: int) -> dict[str, float]:
    def one(_: int) -> tuple[float, float]:
        started = time.perf_counter()
        response = client.get(path)
        wall = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        server = float(response.headers["server-timing"].split("dur=")[1])
        return server, wall

    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(count)))
    server = [r[0] for r in results]
    wall = [r[1] for r in results]
    return {
        "server_p50_ms": statistics.median(server),
        "server_p95_ms": percentile(server, 0.95),
        "wall_p50_ms": statistics.median(wall),
        "wall_p95_ms": percentile(wall, 0.95),
    }


PAGES = {
    "claims table": "/claims",
    "claims, full-text search": "/claims?q=dam",
    "claims, by status": "/claims?status=unreviewed",
    "claims fragment (htmx)": "/claims?q=evacuation",
    "articles list": "/articles",
    "article reader": "/articles/1",
    "claims API": "/api/v1/claims",
    "claims CSV": "/claims.csv",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", type=Path, default=Path("bench/out/pages.json"))
    args = parser.parse_args()
    with bench_database() as url:
        token = load_demo(url)
        extract_all(url)
        port = 8765
        env = dict(os.environ, DATABASE_URL=testing.libpq(url))
        server = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    if httpx.get(f"{base}/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.3)
            headers = {"Authorization": f"Bearer {token}"}
            results = {}
            with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                for label, path in PAGES.items():
                    measure(client, path, 10, 2)  # warm up
                    results[label] = measure(client, path, args.requests, args.concurrency)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"{'page':<28} {'server p50':>10} {'server p95':>10} {'wall p50':>9} {'wall p95':>9}  (ms, "
        f"{args.requests} requests, {args.concurrency} clients, demo data)"
    )
    for label, r in results.items():
        print(
            f"{label:<28} {r['server_p50_ms']:>10.1f} {r['server_p95_ms']:>10.1f} "
            f"{r['wall_p50_ms']:>9.1f} {r['wall_p95_ms']:>9.1f}"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
