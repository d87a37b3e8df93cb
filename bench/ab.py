"""Two builds side by side: the CPU each spends on the same pages, requests interleaved.

On a shared machine the speed drifts by a third within an hour, so two benchmark runs taken
minutes apart compare the hours as much as the code. This starts `claimdesk serve` (one
process, no worker) from each of two checkouts, on the same kept bench database, and sends
each page's requests to them in turn (A, B, A, B, ...) over one keep-alive connection each.
It reads each server's CPU time, and that of its Postgres backends (found by the
application_name each server connects with), around every request: both builds see the
same moments of the machine.

  git worktree add /tmp/before HEAD~4
  python bench/ab.py --claims 1000000 /tmp/before .            # the synthetic pages
  python bench/ab.py --claims 1000000 /tmp/before . /claims /actors/2

Columns, per build: app and Postgres CPU in ms a request, and the server's median time;
then B's total CPU over A's.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg

from app import testing
from bench.cpu import cpu_seconds, kept_database_url, synthetic_paths
from bench.run import bench_token


def start(checkout: Path, url: str, port: int, name: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DATABASE_URL=testing.libpq(url), PGAPPNAME=name)
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-worker"],
        env=env, cwd=checkout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def connect(port: int) -> http.client.HTTPConnection:
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return conn
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no server answered on port {port}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("before", type=Path, help="checkout A (e.g. a git worktree)")
    parser.add_argument("after", type=Path, help="checkout B")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--claims", type=int, required=True, help="the kept bench database")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--port", type=int, default=8771)
    args = parser.parse_args()
    url = kept_database_url(args.claims)
    headers = {"Authorization": f"Bearer {bench_token(url)}"}
    paths = args.paths or synthetic_paths()
    names = ("bench_ab_a", "bench_ab_b")
    servers = [
        start(checkout.resolve(), url, args.port + i, names[i])
        for i, checkout in enumerate((args.before, args.after))
    ]
    admin = psycopg.connect(testing.libpq(url), autocommit=True)

    def backend_cpu(app_name: str) -> float:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (app_name,)
        ).fetchall()
        return cpu_seconds([pid for (pid,) in rows])

    try:
        conns = [connect(args.port + i) for i in range(2)]
        print(f"A = {args.before}, B = {args.after}; {args.requests} requests a page each")
        print(f"{'page':<36} {'A app':>6} {'A pg':>5} {'A srv':>6} "
              f"{'B app':>6} {'B pg':>5} {'B srv':>6}  B/A")
        for path in paths:
            for conn in conns:
                for _ in range(15):  # warm: plans, caches, the pool
                    conn.request("GET", path, headers=headers)
                    conn.getresponse().read()
            app = [0.0, 0.0]
            timings: list[list[float]] = [[], []]
            pg_before = [backend_cpu(n) for n in names]
            for _ in range(args.requests):
                for i, conn in enumerate(conns):
                    before = cpu_seconds([servers[i].pid])
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    app[i] += cpu_seconds([servers[i].pid]) - before
                    timing = response.getheader("server-timing", "=0").split("=")[1]
                    timings[i].append(float(timing))
            pg = [backend_cpu(n) - b for n, b in zip(names, pg_before, strict=True)]
            ms = [1000 * (a + p) / args.requests for a, p in zip(app, pg, strict=True)]
            cells = "".join(
                f" {1000 * app[i] / args.requests:>6.2f} {1000 * pg[i] / args.requests:>5.2f}"
                f" {statistics.median(timings[i]):>6.1f}"
                for i in range(2)
            )
            print(f"{path[:36]:<36}{cells}  {ms[1] / ms[0]:.2f}" if ms[0] else path)
    finally:
        admin.close()
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
