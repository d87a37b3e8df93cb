"""CPU time a page costs, one request at a time: the serving process's and Postgres's.

With 8 clients on 2 cores, a page's latency is mostly the queue for the CPU: each client
waits for the others' requests. So the figure to lower is the CPU each request costs, and it
is steadier than concurrent timings on a shared machine. This starts `claimdesk serve` (one
process) on a kept bench database, sends N requests to each page with one keep-alive
connection, and reads the server's and every Postgres backend's CPU time (utime + stime in
/proc) before and after.

  python bench/cpu.py --claims 1000000                  # the kept 1M database (make bench-1m)
  python bench/cpu.py --claims 1000000 /claims /actors/2
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

from app import testing
from bench.run import SYNTHETIC_PAGES, bench_token, database_name, existing_claims

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def postgres_backends() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "cmdline").read_bytes().startswith(b"postgres: "):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def kept_database_url(claims: int) -> str:
    """The URL of the bench database kept by `bench/run.py --claims N --keep`."""
    from sqlalchemy.engine import make_url

    base = testing.server_url()
    name = database_name(claims)
    if not existing_claims(base, name):
        raise SystemExit(f"no kept database {name}: run bench/run.py --claims N --keep first")
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def synthetic_paths() -> list[str]:
    """The synthetic bench's pages that are plain paths (not the deep page or the dispute)."""
    return [p for p in SYNTHETIC_PAGES.values() if p.startswith("/")]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--claims", type=int, required=True, help="the kept bench database")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    url = kept_database_url(args.claims)
    token = bench_token(url)
    paths = args.paths or synthetic_paths()
    env = dict(os.environ, DATABASE_URL=testing.libpq(url))
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(args.port), "--no-worker"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        headers = {"Authorization": f"Bearer {token}"}
        for _ in range(200):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        print(f"{'page':<40} {'srv p50':>8} {'app CPU':>8} {'pg CPU':>7}  (ms a request)")
        for path in paths:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            for _ in range(10):  # warm: plans, caches, the connection pool
                conn.request("GET", path, headers=headers)
                conn.getresponse().read()
            backends = postgres_backends()
            app_before, pg_before = cpu_seconds([server.pid]), cpu_seconds(backends)
            timings = []
            for _ in range(args.requests):
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                timings.append(float(response.getheader("server-timing", "=0").split("=")[1]))
            app_ms = (cpu_seconds([server.pid]) - app_before) / args.requests * 1000
            pg_ms = (cpu_seconds(backends) - pg_before) / args.requests * 1000
            print(f"{path:<40} {statistics.median(timings):>8.1f} {app_ms:>8.1f} {pg_ms:>7.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
