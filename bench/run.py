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
from sqlalchemy import create_engine, text

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


def load_synthetic(url: str, claims: int) -> str:
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    run = [sys.executable, "-m", "app.cli"]
    loaded = subprocess.run(
        [*run, "demo", "--synthetic-claims", str(claims)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    print(loaded.stdout.strip())
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    subprocess.run(
        [*run, "users", "add", "bench", "--role", "editor", "--password", "bench-password"],
        env=env,
        check=True,
        capture_output=True,
    )
    return subprocess.run(
        [*run, "users", "token", "bench"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def export_rate(client: httpx.Client, server_pid: int) -> dict[str, float]:
    """Download the whole CSV export; rows per second and the server's peak memory."""
    started = time.perf_counter()
    rows = 0
    with client.stream("GET", "/claims.csv", timeout=600) as response:
        for _line in response.iter_lines():  # synthetic claims hold no newlines
            rows += 1
    seconds = time.perf_counter() - started
    peak_kb = 0
    with open(f"/proc/{server_pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                peak_kb = int(line.split()[1])
    return {
        "rows": rows - 1,
        "seconds": seconds,
        "rows_per_s": (rows - 1) / seconds,
        "server_peak_mb": peak_kb / 1024,
    }


def extract_all(url: str) -> None:
    code = (
        "from app.db import session_scope;from app.models import Article;"
        "from app.services.extraction import run_extraction;from sqlalchemy import select\n"
        "with session_scope() as s: ids=list(s.scalars(select(Article.id)))\n"
        "[run_extraction(article_id=i) for i in ids]"
    )
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def deep_page(client: httpx.Client, pages: int) -> str:
    """The address of page `pages` of the claims API, reached by following cursors."""
    path = "/api/v1/claims"
    for _ in range(pages):
        following = client.get(path).json()["next"]
        path = f"/api/v1/claims?cursor={following}"
    return path


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


SYNTHETIC_PAGES = {
    "claims table": "/claims",
    "claims, by claimant": "/claims?claimant=2",
    "claims, by status": "/claims?status=contested",
    "claims, date range": "/claims?date_from=2025-01-01&date_to=2025-02-01",
    "claims, full-text search": "/claims?q=reservoir",
    "claims, deep page (cursor)": "CURSOR",
    "claimant page": "/actors/2",
    "article reader": "/articles/100",
    "claims API": "/api/v1/claims",
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
    parser.add_argument("--claims", type=int, help="a synthetic archive of N claims, not the demo")
    args = parser.parse_args()
    pages = SYNTHETIC_PAGES if args.claims else PAGES
    with bench_database() as url:
        if args.claims:
            token = load_synthetic(url, args.claims)
        else:
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
                for label, path in pages.items():
                    if path == "CURSOR":
                        path = deep_page(client, 20)
                    measure(client, path, 10, 2)  # warm up
                    results[label] = measure(client, path, args.requests, args.concurrency)
                export = export_rate(client, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"{'page':<28} {'server p50':>10} {'server p95':>10} {'wall p50':>9} {'wall p95':>9}  (ms, "
        f"{args.requests} requests, {args.concurrency} clients, "
        f"{f'{args.claims:,} synthetic claims' if args.claims else 'demo data'})"
    )
    for label, r in results.items():
        print(
            f"{label:<28} {r['server_p50_ms']:>10.1f} {r['server_p95_ms']:>10.1f} "
            f"{r['wall_p50_ms']:>9.1f} {r['wall_p95_ms']:>9.1f}"
        )
    print(
        f"CSV export: {export['rows']:,} rows in {export['seconds']:.1f} s = "
        f"{export['rows_per_s']:,.0f} rows/s; server peak memory {export['server_peak_mb']:.0f} MB"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"pages": results, "export": export}, indent=2))
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
