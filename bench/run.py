"""`make bench`: server time of the main pages over real HTTP, as a table and as JSON.

It makes a database of its own on TEST_DATABASE_URL's server (or an embedded Postgres), loads
the demo articles (or, with --claims N, a synthetic archive of N claims), starts
`claimdesk serve --workers W` and sends requests with several concurrent clients.

Columns:
- server p50/p95: the app's own `Server-Timing` header (request in to response out, inside the
  app process), under `--concurrency` clients; wall p50/p95: what the clients saw.
- 1 client: server p50 with one client at a time (the app's cost without queueing).
- db ms: every SELECT the page runs, replayed through `EXPLAIN (ANALYZE)` (planning plus
  execution, median of 5), summed; queries: how many. x db: 1-client server time / db time,
  so how much the app adds on top of the database (1.0 would be nothing).

Then the full CSV export (rows/s, and the serving processes' peak memory during it), and the
load average at the start and end, since figures on a shared machine mean little without it.

  python bench/run.py                                  # demo data (make bench)
  python bench/run.py --claims 1000000 --workers 2     # the 1M-claim run (make bench-1m)
  python bench/run.py --claims 1000000 --workers 2 --keep   # keep the database for a re-run
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import testing

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def machine_ms() -> float:
    """How fast this machine runs plain Python right now: the best of 5 runs of a fixed loop,
    in ms. On a shared machine this moved by 2x between sessions; a page's figures are read
    against it (docs/performance.md)."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        total = 0
        for i in range(300_000):
            total += i % 7
        best = min(best, time.process_time() - start)
    return round(best * 1000, 1)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def database_name(claims: int | None) -> str:
    return f"claimdesk_bench_{claims}" if claims else "claimdesk_bench"


def existing_claims(base: str, name: str) -> int | None:
    """How many claims a kept bench database holds (None: there is none to reuse)."""
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        exists = found.first() is not None
    admin.dispose()
    if not exists:
        return None
    from sqlalchemy.engine import make_url

    engine = create_engine(make_url(base).set(database=name))
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM claims")).scalar_one())
    except Exception:
        return None
    finally:
        engine.dispose()


@contextmanager
def bench_database(claims: int | None, keep: bool) -> Iterator[tuple[str, bool]]:
    """The bench database's URL, and whether it already holds the data (a kept one)."""
    base = testing.server_url()
    name = database_name(claims)
    from sqlalchemy.engine import make_url

    have = existing_claims(base, name) if keep else None
    if have and (claims is None or have == claims):
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
        testing.migrate(url)  # new indexes land on a kept database too
        yield url, True
        return
    url = testing.create_database(base, name)
    try:
        yield url, False
    finally:
        if not keep:
            testing.drop_database(base, name)


def cli(url: str, *args: str, capture: bool = True) -> str:
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return done.stdout.strip() if capture else ""


def bench_token(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM users WHERE username = 'bench'")).first()
    engine.dispose()
    if not exists:
        cli(url, "users", "add", "bench", "--role", "editor", "--password", "bench-password")
    return cli(url, "users", "token", "bench")


def load_demo(url: str) -> None:
    cli(url, "demo")
    extract_all(url)


def load_synthetic(url: str, claims: int) -> None:
    print(cli(url, "demo", "--synthetic-claims", str(claims)), flush=True)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


DISPUTE_CODE = """
from sqlalchemy import select
from app.db import session_scope
from app.models import Claim
from app.services.disputes import add_claim, create_dispute
with session_scope() as s:
    d = create_dispute(s, user=None, question="Was the reservoir evacuated by Monday?")
    ids = list(s.scalars(select(Claim.id).where(Claim.actor_id.in_([2, 3])).limit(16)))
    for n, claim_id in enumerate(ids):
        add_claim(s, dispute=d, user=None, claim_id=claim_id, side="yes" if n % 2 else "no")
    print(d.id)
"""


def make_dispute(url: str) -> int:
    """A dispute with 16 claims on two sides, for the dispute page."""
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    done = subprocess.run(
        [sys.executable, "-c", DISPUTE_CODE],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return int(done.stdout.split()[-1])


def extract_all(url: str) -> None:
    code = (
        "from app.db import session_scope;from app.models import Article;"
        "from app.services.extraction import run_extraction;from sqlalchemy import select\n"
        "with session_scope() as s: ids=list(s.scalars(select(Article.id)))\n"
        "[run_extraction(article_id=i) for i in ids]"
    )
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


# The serving processes and their memory -------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """`pid` and every process under it (uvicorn's workers are children of the server)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def memory_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peaks(pids: list[int]) -> None:
    """Start each process's VmHWM afresh (Linux: 5 > clear_refs), so the peak is the export's."""
    for pid in pids:
        with suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def export_rate(client: httpx.Client, server_pid: int) -> dict[str, float]:
    """Download the whole CSV export; rows per second and the serving processes' memory."""
    pids = process_tree(server_pid)
    reset_peaks(pids)
    before = max(memory_kb(p, "VmRSS") for p in pids)
    samples: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            samples.append(max(memory_kb(p, "VmRSS") for p in pids))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    rows = 0
    size = 0
    with client.stream("GET", "/claims.csv", timeout=600) as response:
        for chunk in response.iter_bytes():
            rows += chunk.count(b"\n")  # synthetic claims hold no line breaks
            size += len(chunk)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    peak = max(memory_kb(p, "VmHWM") for p in pids)
    return {
        "rows": rows - 1,
        "megabytes": size / 1e6,
        "seconds": seconds,
        "rows_per_s": (rows - 1) / seconds,
        "server_rss_before_mb": before / 1024,
        "server_rss_max_sampled_mb": max(samples or [before]) / 1024,
        "server_peak_mb": peak / 1024,
    }


# Pages --------------------------------------------------------------------------------------


def deep_page(client: httpx.Client, pages: int) -> str:
    """The address of page `pages` of the claims API, reached by following cursors."""
    path = "/api/v1/claims"
    for _ in range(pages):
        following = client.get(path).json()["next"]
        path = f"/api/v1/claims?cursor={following}"
    return path


def deep_table_page(client: httpx.Client, pages: int) -> str:
    """The claims table `pages` pages in, reached by its own cursors (the table's links)."""
    path = deep_page(client, pages)
    return path.replace("/api/v1/claims", "/claims")


def sample(
    client: httpx.Client, path: str, count: int, concurrency: int
) -> list[tuple[float, float]]:
    """`count` GETs of `path` from `concurrency` clients, each on its own keep-alive connection:
    (server ms, wall ms) for each.

    The clients use the standard library's http.client: httpx cost ~1.3 ms of CPU a request
    in this process (0.3 ms here), taken from the same two cores the server and Postgres share,
    so a heavier client made the server look slower."""
    base = httpx.URL(str(client.base_url))
    headers = {k: v for k, v in client.headers.items() if k.lower() == "authorization"}
    results: list[tuple[float, float]] = []
    lock = threading.Lock()
    shares = [count // concurrency + (i < count % concurrency) for i in range(concurrency)]

    def one_client(share: int) -> None:
        conn = http.client.HTTPConnection(base.host, base.port, timeout=60)
        try:
            for _ in range(share):
                started = time.perf_counter()
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                wall = (time.perf_counter() - started) * 1000
                if response.status != 200:
                    raise RuntimeError(f"{path} answered {response.status}")
                server = float(response.getheader("server-timing", "").split("dur=")[1])
                with lock:
                    results.append((server, wall))
        finally:
            conn.close()

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one_client, shares))
    return results


def summarise(results: list[tuple[float, float]]) -> dict[str, float]:
    server = [r[0] for r in results]
    wall = [r[1] for r in results]
    return {
        "server_p50_ms": statistics.median(server),
        "server_p95_ms": percentile(server, 0.95),
        "wall_p50_ms": statistics.median(wall),
        "wall_p95_ms": percentile(wall, 0.95),
    }


def measure(client: httpx.Client, path: str, count: int, concurrency: int) -> dict[str, float]:
    return summarise(sample(client, path, count, concurrency))


def explain_pages(url: str, token: str, paths: dict[str, str]) -> dict[str, dict[str, float]]:
    """For each page: run it once in this process, record every statement it sends, and time
    each SELECT with EXPLAIN (ANALYZE) (planning + execution, median of 5)."""
    os.environ["DATABASE_URL"] = testing.libpq(url)
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from app.config import get_settings
    from app.db import get_engine, get_sessionmaker
    from app.main import create_app

    for cached in (get_settings, get_engine, get_sessionmaker):
        cached.cache_clear()
    engine = get_engine()
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    event.listen(engine, "before_cursor_execute", record)
    results: dict[str, dict[str, float]] = {}
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(), headers=headers) as client:
        for label, path in paths.items():
            client.get(path).raise_for_status()  # warm: the plan cache and the page cache
            seen.clear()
            client.get(path).raise_for_status()
            statements = [
                (s, p) for s, p in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))
            ]
            times: list[float] = []
            with engine.connect() as conn:
                for statement, params in statements:
                    if isinstance(params, list):
                        continue  # executemany: a write, not a page's read
                    runs = []
                    for _ in range(5):
                        plan = conn.exec_driver_sql(
                            "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params
                        ).scalar_one()[0]
                        runs.append(plan["Planning Time"] + plan["Execution Time"])
                    times.append(statistics.median(runs))
                    if os.environ.get("BENCH_VERBOSE"):
                        print(f"{label}: {times[-1]:.1f} ms  {' '.join(statement.split())[:300]}")
                conn.rollback()
            results[label] = {
                "db_ms": sum(times),
                "db_main_ms": max(times, default=0.0),
                "queries": len(statements),
            }
    event.remove(engine, "before_cursor_execute", record)
    engine.dispose()
    return results


SYNTHETIC_PAGES = {
    "claims table": "/claims",
    "claims, by claimant": "/claims?claimant=2",
    "claims, by claimant name": "/claims?claimant=Carla",
    "claims, by status": "/claims?status=contested",
    "claims, date range": "/claims?date_from=2025-01-01&date_to=2025-02-01",
    "claims, search 1 word": "/claims?q=reservoir",
    "claims, search 2 words": "/claims?q=reservoir+evacuated",
    "claims, search phrase": '/claims?q="was+sabotaged"',
    "claims, search rare": "/claims?q=nonexistentword",
    "claims, deep page (cursor)": "DEEP",
    "claimant page": "/actors/2",
    "dispute page": "DISPUTE",
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


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    server = subprocess.Popen(
        [
            sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-worker",
            "--workers", str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not answer /healthz within a minute")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--rounds", type=int, default=4, help="slices each page's requests are taken in, in turn"
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--json", type=Path, default=None, help="default bench/out/pages*.json")
    parser.add_argument("--claims", type=int, help="a synthetic archive of N claims, not the demo")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database, and reuse a kept one"
    )
    parser.add_argument("--only", help="only the pages whose label contains this text")
    parser.add_argument("--no-export", action="store_true", help="skip the full CSV export")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    pages = dict(SYNTHETIC_PAGES if args.claims else PAGES)
    if args.only:
        pages = {k: v for k, v in pages.items() if args.only in k}
    out = args.json or Path(
        f"bench/out/pages-{args.claims}-w{args.workers}.json" if args.claims
        else "bench/out/pages.json"
    )
    load_start = load_average()
    speed_start = machine_ms()
    with bench_database(args.claims, args.keep) as (url, loaded):
        if not loaded:
            if args.claims:
                load_synthetic(url, args.claims)
            else:
                load_demo(url)
        token = bench_token(url)
        if "DISPUTE" in pages.values():
            pages = {k: (f"/disputes/{make_dispute(url)}" if v == "DISPUTE" else v)
                     for k, v in pages.items()}
        server = start_server(url, args.port, args.workers)
        try:
            base = f"http://127.0.0.1:{args.port}"
            headers = {"Authorization": f"Bearer {token}"}
            results: dict[str, dict[str, float]] = {}
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                pages = {k: (deep_table_page(client, 20) if v == "DEEP" else v)
                         for k, v in pages.items()}
                singles = {}
                for label, path in pages.items():
                    # Warm up at the measured concurrency: each worker process opens the
                    # pooled connections 8 clients need (~10 ms each) before timing starts.
                    measure(client, path, 4 * args.concurrency, args.concurrency)
                    singles[label] = measure(client, path, 20, 1)["server_p50_ms"]
                # The machine's speed swings between two states every few tens of seconds
                # (the reference loop: 14 or 22-25 ms, whatever this bench does), so a page
                # measured in one stretch drew one state or the other. Each page is measured
                # in --rounds slices, taken in turn, so every page meets the same mix.
                taken: dict[str, list[tuple[float, float]]] = {label: [] for label in pages}
                for round_ in range(args.rounds):
                    share = args.requests // args.rounds + (round_ < args.requests % args.rounds)
                    for label, path in pages.items():
                        taken[label] += sample(client, path, share, args.concurrency)
                for label in pages:
                    results[label] = summarise(taken[label])
                    results[label]["server_1client_p50_ms"] = singles[label]
                export = None if args.no_export else export_rate(client, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        explained = explain_pages(url, token, {k: v for k, v in pages.items() if ".csv" not in v})
    for label, figures in explained.items():
        results[label].update(figures)
        if figures["db_ms"]:
            results[label]["x_db"] = results[label]["server_1client_p50_ms"] / figures["db_ms"]
    load_end = load_average()
    speed_end = machine_ms()
    data = "demo data" if not args.claims else f"{args.claims:,} synthetic claims"
    print(
        f"\n{args.requests} requests a page in {args.rounds} rounds, {args.concurrency} clients, "
        f"{args.workers} "
        f"worker process(es), {data}; load average {load_start} at start, {load_end} at end; "
        f"reference loop {speed_start} ms at start, {speed_end} ms at end (lower is faster)"
    )
    print(
        f"{'page':<28} {'srv p50':>8} {'srv p95':>8} {'wall p50':>8} {'wall p95':>8} "
        f"{'1 client':>8} {'db ms':>7} {'queries':>7} {'x db':>5}"
    )
    for label, r in results.items():
        print(
            f"{label:<28} {r['server_p50_ms']:>8.1f} {r['server_p95_ms']:>8.1f} "
            f"{r['wall_p50_ms']:>8.1f} {r['wall_p95_ms']:>8.1f} "
            f"{r['server_1client_p50_ms']:>8.1f} {r.get('db_ms', 0):>7.1f} "
            f"{r.get('queries', 0):>7.0f} {r.get('x_db', 0):>5.1f}"
        )
    if export:
        print(
            f"CSV export: {export['rows']:,} rows ({export['megabytes']:.0f} MB) in "
            f"{export['seconds']:.1f} s = {export['rows_per_s']:,.0f} rows/s; serving processes' "
            f"memory: {export['server_rss_before_mb']:.0f} MB before, peak "
            f"{export['server_peak_mb']:.0f} MB during"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "claims": args.claims,
                "workers": args.workers,
                "concurrency": args.concurrency,
                "requests": args.requests,
                "rounds": args.rounds,
                "load_average": {"start": load_start, "end": load_end},
                "reference_loop_ms": {"start": speed_start, "end": speed_end},
                "pages": results,
                "paths": pages,
                "export": export,
            },
            indent=2,
        )
    )
    print(f"JSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
