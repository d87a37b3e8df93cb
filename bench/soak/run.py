"""`make soak`: Claimdesk under load and under faults, on a private Postgres of its own.

1. Start a private Postgres cluster (initdb + pg_ctl, a free port, a temporary folder: the
   shared server is never touched), migrate, make an editor and its token.
2. Start `claimdesk serve --no-worker` and two `claimdesk worker` processes.
3. Load: locust, headless, mixed traffic (browse, search, export, ingest, tag) for
   SOAK_SECONDS (default 600) while the RSS of the server and the workers is sampled.
   Checks: no 5xx, every ingested article extracted, every tag recorded, memory growth.
4. Faults: while articles are ingested and extracted, stop Postgres for SOAK_DOWN_SECONDS and
   start it again. Checks: the app answers 503 with its sentence while Postgres is down, comes
   back by itself, and every article's claims are there exactly once.
5. Kill -9 the only worker in the middle of a long extraction, start another: the job is
   retried (stalled-job check) and finishes once.
6. Schemathesis over the OpenAPI schema of the live server (SOAK_SCHEMATHESIS_EXAMPLES per
   operation), no 5xx and responses matching the schema.

Prints a figures table and writes soak-results.json (SOAK_OUT). Exit status 1 if a check fails.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from articles import make_article  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
USERS = int(os.environ.get("SOAK_USERS", "10"))
DOWN_SECONDS = int(os.environ.get("SOAK_DOWN_SECONDS", "15"))
ST_EXAMPLES = int(os.environ.get("SOAK_SCHEMATHESIS_EXAMPLES", "100"))
OUT = Path(os.environ.get("SOAK_OUT", "soak-results.json"))
DB_DOWN_SENTENCE = "The database is not answering right now"
HEALTH_DOWN = "database unavailable"
BIN = Path(sys.executable).parent


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    sys.exit("soak: no PostgreSQL server binaries (initdb, pg_ctl) found")


class PrivatePostgres:
    """A throwaway cluster: only this run uses it, so it may be stopped and restarted."""

    def __init__(self, root: Path) -> None:
        self.bin = pg_bin()
        self.data = root / "pgdata"
        self.socket_dir = root
        self.port = free_port()
        self.logfile = root / "postgres.log"
        self.user_args: list[str] = []
        if os.geteuid() == 0:  # Postgres refuses to run as root: run it as `postgres`
            self.user_args = ["runuser", "-u", "postgres", "--"]
            shutil.chown(root, "postgres")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *args: str) -> None:
        subprocess.run([*self.user_args, *args], check=True, stdout=subprocess.DEVNULL)

    def init(self) -> None:
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        self.start()

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c fsync=off"
        )
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.logfile),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    rss: list[tuple[float, int]] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def tree_rss_kib(pid: int) -> int | None:
    """RSS of a process and its children (a worker's extractor may fork a parse process)."""
    total = rss_kib(pid)
    if total is None:
        return None
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        total += tree_rss_kib(int(child)) or 0
    return total


class Soak:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="claimdesk-soak-"))
        os.chmod(self.tmp, 0o755)
        self.pg = PrivatePostgres(self.tmp)
        self.app_port = free_port()
        self.base = f"http://127.0.0.1:{self.app_port}"
        self.server: Proc | None = None
        self.workers: list[Proc] = []
        self.results: dict[str, Any] = {
            "config": {
                "seconds": SECONDS,
                "users": USERS,
                "down_seconds": DOWN_SECONDS,
                "schemathesis_examples_per_operation": ST_EXAMPLES,
            }
        }
        self.failures: list[str] = []
        self.sampling = threading.Event()
        self.worker_serial = 0

    # -- processes ----------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        return dict(
            os.environ,
            DATABASE_URL=self.pg.url,
            CLAIMDESK_DATA_DIR=str(self.tmp / "data"),
            CLAIMDESK_ENV="development",
            PYTHONUNBUFFERED="1",
        )

    def claimdesk(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "claimdesk"), *args],
            env=self.env(),
            check=True,
            capture_output=True,
            text=True,
            cwd=self.tmp,
        )
        return done.stdout.strip()

    def spawn(self, name: str, *args: str) -> Proc:
        logfile = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it
        popen = subprocess.Popen(
            [str(BIN / "claimdesk"), *args],
            env=self.env(),
            stdout=logfile,
            stderr=subprocess.STDOUT,
            cwd=self.tmp,
        )
        return Proc(name, popen)

    def start_worker(self) -> Proc:
        self.worker_serial += 1
        worker = self.spawn(f"worker-{self.worker_serial}", "worker")
        self.workers.append(worker)
        return worker

    def setup(self) -> None:
        log(f"private Postgres ({self.pg.bin}) in {self.tmp} on port {self.pg.port}")
        self.pg.init()
        self.claimdesk("db", "upgrade")
        self.claimdesk("demo")  # the eight demo articles, so there is something to browse
        self.claimdesk("users", "add", "soak", "--role", "editor", "--password", "soak-password")
        self.token = self.claimdesk("users", "token", "soak").splitlines()[-1]
        self.server = self.spawn("server", "serve", "--no-worker", "--port", str(self.app_port))
        self.start_worker()
        self.start_worker()
        self.wait_healthy(120)
        os.environ["DATABASE_URL"] = self.pg.url
        log(f"server {self.base} (pid {self.server.pid}), workers {[w.pid for w in self.workers]}")

    def wait_healthy(self, timeout: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the server did not become healthy")

    def sample_memory(self) -> None:
        while not self.sampling.wait(5):
            now = time.monotonic()
            for proc in [p for p in [self.server, *self.workers] if p and p.alive()]:
                if (kib := tree_rss_kib(proc.pid)) is not None:
                    proc.rss.append((now, kib))

    def teardown(self) -> None:
        self.sampling.set()
        for proc in [*self.workers, self.server]:
            if proc and proc.alive():
                proc.popen.send_signal(signal.SIGTERM)
        for proc in [*self.workers, self.server]:
            if proc:
                try:
                    proc.popen.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.popen.kill()
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg.stop("immediate")
        if os.environ.get("SOAK_KEEP"):
            log(f"kept {self.tmp} (logs of every process)")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def check(self, ok: bool, what: str) -> bool:
        log(("ok   " if ok else "FAIL ") + what)
        if not ok:
            self.failures.append(what)
        return ok

    # -- the database, read directly ----------------------------------------------------
    def wait_drained(self, timeout: float) -> float:
        """Seconds until no extraction job is waiting or running."""
        from sqlalchemy import text

        from app.db import session_scope

        started = time.monotonic()
        while time.monotonic() - started < timeout:
            with session_scope() as s:
                busy = s.scalar(
                    text(
                        "SELECT count(*) FROM procrastinate_jobs "
                        "WHERE queue_name = 'extraction' AND status IN ('todo', 'doing')"
                    )
                )
            if busy == 0:
                return time.monotonic() - started
            if not any(w.alive() for w in self.workers):
                log("no worker is running: the queue cannot drain")
                return -1.0
            time.sleep(1)
        return -1.0

    def check_articles(self, article_ids: list[int], label: str) -> dict[str, Any]:
        """Every article extracted, with its claims exactly once: the stored claims are the
        ones the extractor finds in its text now, no more (duplicates) and no fewer. Tagging
        marks a claim `corrected`, so claims of every origin count (the soak adds none)."""
        from sqlalchemy import func, select, text

        from app.db import session_scope
        from app.extract import get_extractor
        from app.models import Article, Claim

        extractor = get_extractor()
        not_done, mismatched, duplicated, jobs_bad = [], [], [], []
        claims_total = 0
        with session_scope() as s:
            for article_id in sorted(set(article_ids)):
                article = s.get(Article, article_id)
                if article is None or article.extraction_status != "done":
                    not_done.append(article_id)
                    continue
                stored = Counter(
                    (start, end, claimant)
                    for start, end, claimant in s.execute(
                        select(Claim.start, Claim.end, Claim.claimant).where(
                            Claim.article_id == article_id, Claim.deleted_at.is_(None)
                        )
                    )
                )
                claims_total += sum(stored.values())
                if any(n > 1 for n in stored.values()):
                    duplicated.append(article_id)
                fresh = Counter(
                    (c.start, c.end, (c.claimant or "Unknown")[:300])
                    for c in extractor.extract(article.text)
                    if article.text[c.start : c.end] == c.content
                )
                if fresh != stored:
                    mismatched.append(article_id)
                    if len(mismatched) == 1:
                        self.results.setdefault("mismatch_examples", []).append(
                            {
                                "article_id": article_id,
                                "only_stored": sorted(map(list, stored - fresh))[:5],
                                "only_fresh": sorted(map(list, fresh - stored))[:5],
                            }
                        )
                statuses = (
                    s.execute(
                        text(
                            "SELECT status FROM procrastinate_jobs "
                            "WHERE task_name = 'extract_article' "
                            "AND (args->>'article_id')::int = :id"
                        ),
                        {"id": article_id},
                    )
                    .scalars()
                    .all()
                )
                if statuses != ["succeeded"]:
                    jobs_bad.append((article_id, statuses))
            unknown_duplicates = s.scalar(
                select(func.count()).select_from(
                    select(Claim.article_id, Claim.start, Claim.end)
                    .where(Claim.deleted_at.is_(None))
                    .group_by(Claim.article_id, Claim.start, Claim.end)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
        report = {
            "articles": len(set(article_ids)),
            "claims": claims_total,
            "not_extracted": not_done[:20],
            "not_extracted_count": len(not_done),
            "claims_differ_from_fresh_extraction": mismatched[:20],
            "articles_with_duplicate_claims": duplicated[:20],
            "duplicate_claim_spans_anywhere": unknown_duplicates,
            "jobs_not_exactly_one_success": jobs_bad[:20],
            "jobs_not_exactly_one_success_count": len(jobs_bad),
        }
        self.check(not not_done, f"{label}: every article extracted ({len(set(article_ids))})")
        self.check(
            not duplicated and not unknown_duplicates and not mismatched,
            f"{label}: claims exactly once ({claims_total} claims, {len(duplicated)} articles "
            f"with duplicates, {len(mismatched)} differing from a fresh extraction)",
        )
        self.check(not jobs_bad, f"{label}: one succeeded job per article ({len(jobs_bad)} not)")
        return report

    # -- phase 1: load --------------------------------------------------------------------
    def load(self) -> None:
        log_path = self.tmp / "locust-log.jsonl"
        five_xx_path = self.tmp / "locust-5xx.json"
        csv_prefix = self.tmp / "locust"
        env = dict(
            self.env(), SOAK_TOKEN=self.token, SOAK_LOG=str(log_path), SOAK_5XX=str(five_xx_path)
        )
        log(f"load: {USERS} users for {SECONDS} s")
        for proc in [self.server, *self.workers]:
            assert proc is not None
            proc.rss.clear()
        sampler = threading.Thread(target=self.sample_memory, daemon=True)
        sampler.start()
        started = time.monotonic()
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(USERS),
                "--run-time",
                f"{SECONDS}s",
                "--host",
                self.base,
                "--csv",
                str(csv_prefix),
                "--only-summary",
                "--stop-timeout",
                "30",
                "--exit-code-on-error",
                "0",
            ],
            env=env,
            check=True,
            cwd=self.tmp,
        )
        load_end = time.monotonic()
        drained = self.wait_drained(600)
        self.sampling.set()
        sampler.join()
        self.sampling.clear()

        stats = self.locust_stats(Path(f"{csv_prefix}_stats.csv"))
        five_xx = json.loads(five_xx_path.read_text()) if five_xx_path.exists() else {}
        entries = [json.loads(line) for line in log_path.read_text().splitlines() if line]
        ingested = [e["id"] for e in entries if e["kind"] == "ingest" and not e["duplicate"]]
        tags = [(e["claim_id"], e["tag"]) for e in entries if e["kind"] == "tag"]
        memory = {
            p.name: self.growth(p.rss, started, load_end)
            for p in [self.server, *self.workers]
            if p is not None
        }
        result: dict[str, Any] = {
            "seconds": round(load_end - started),
            **stats,
            "five_xx": five_xx,
            "articles_ingested": len(ingested),
            "tags_recorded": len(tags),
            "drain_seconds_after_load": round(drained, 1),
            "memory_kib": memory,
        }
        self.check(sum(five_xx.values()) == 0, f"load: zero 5xx ({five_xx or 'none'})")
        self.check(stats["failures"] == 0, f"load: no failed requests ({stats['failures']})")
        result["articles"] = self.check_articles(ingested, "load")
        result["tags_missing"] = self.missing_tags(tags)
        self.check(not result["tags_missing"], f"load: every tag recorded ({len(tags)} tags)")
        for name, mem in memory.items():
            self.check(
                mem["growth_pct"] is not None and mem["growth_pct"] < 25,
                f"load: {name} memory first vs last minute {mem['first_minute_mib']} -> "
                f"{mem['last_minute_mib']} MiB ({mem['growth_pct']}%)",
            )
        self.results["load"] = result

    @staticmethod
    def locust_stats(path: Path) -> dict[str, Any]:
        with path.open() as f:
            rows = list(csv.DictReader(f))
        total = next(r for r in rows if r["Name"] == "Aggregated")
        return {
            "requests": int(total["Request Count"]),
            "failures": int(total["Failure Count"]),
            "rps": round(float(total["Requests/s"]), 1),
            "p50_ms": float(total["50%"]),
            "p95_ms": float(total["95%"]),
            "p99_ms": float(total["99%"]),
            "max_ms": round(float(total["Max Response Time"])),
            "per_endpoint": {
                f"{r['Type']} {r['Name']}": {
                    "requests": int(r["Request Count"]),
                    "failures": int(r["Failure Count"]),
                    "p50_ms": float(r["50%"]),
                    "p95_ms": float(r["95%"]),
                }
                for r in rows
                if r["Name"] != "Aggregated"
            },
        }

    @staticmethod
    def growth(samples: list[tuple[float, int]], start: float, end: float) -> dict[str, Any]:
        first = [kib for t, kib in samples if start <= t < start + 60]
        last = [kib for t, kib in samples if end - 60 <= t <= end]
        if not first or not last:
            return {"first_minute_mib": None, "last_minute_mib": None, "growth_pct": None}
        a, b = statistics.mean(first), statistics.mean(last)
        minutes: dict[int, list[int]] = {}
        for t, kib in samples:
            if start <= t <= end:
                minutes.setdefault(int((t - start) // 60), []).append(kib)
        return {
            "first_minute_mib": round(a / 1024, 1),
            "last_minute_mib": round(b / 1024, 1),
            "growth_pct": round((b - a) / a * 100, 1),
            "peak_mib": round(max(kib for _, kib in samples) / 1024, 1),
            # the mean of each minute: a plateau (warm caches) or a steady climb (a leak)
            "per_minute_mib": [
                round(statistics.mean(v) / 1024, 1) for _, v in sorted(minutes.items())
            ],
        }

    def missing_tags(self, tags: list[tuple[int, str]]) -> list[tuple[int, str]]:
        from sqlalchemy import select

        from app.db import session_scope
        from app.models import ClaimTag, Tag

        with session_scope() as s:
            present = set(
                s.execute(
                    select(ClaimTag.claim_id, Tag.name).join(Tag, Tag.id == ClaimTag.tag_id)
                ).all()
            )
        return [t for t in tags if t not in present][:20]

    # -- phase 2: Postgres restart ----------------------------------------------------------
    def restart_postgres(self) -> None:
        log(f"faults: Postgres stopped for {DOWN_SECONDS} s while articles are ingested")
        headers = {"Authorization": f"Bearer {self.token}"}
        stop = threading.Event()
        accepted: list[int] = []
        statuses: Counter[str] = Counter()
        down_answers: list[tuple[str, int, str]] = []
        probes: list[tuple[float, int]] = []
        state = {"down": False}

        def ingest() -> None:
            serial = 900_000
            with httpx.Client(base_url=self.base, headers=headers, timeout=30) as client:
                while not stop.is_set():
                    serial += 1
                    try:
                        r = client.post("/api/v1/articles", json=make_article(serial))
                    except httpx.HTTPError as exc:
                        statuses[type(exc).__name__] += 1
                        continue
                    statuses[str(r.status_code)] += 1
                    if r.status_code == 201:
                        accepted.append(r.json()["id"])
                    time.sleep(0.3)

        def probe() -> None:
            with httpx.Client(base_url=self.base, headers=headers, timeout=30) as client:
                while not stop.is_set():
                    path = random.choice(["/api/v1/claims?limit=5", "/claims", "/healthz"])
                    try:
                        r = client.get(path)
                    except httpx.HTTPError as exc:
                        statuses[f"probe {type(exc).__name__}"] += 1
                        continue
                    probes.append((time.monotonic(), r.status_code))
                    statuses[f"probe {r.status_code}"] += 1
                    if state["down"] and r.status_code >= 500:
                        down_answers.append((path, r.status_code, r.text))
                    time.sleep(0.2)

        threads = [threading.Thread(target=f, daemon=True) for f in (ingest, probe)]
        for t in threads:
            t.start()
        time.sleep(15)
        self.pg.stop("fast")
        state["down"] = True
        down_at = time.monotonic()
        time.sleep(DOWN_SECONDS)
        # The outage ends when Postgres is started, not when pg_ctl says it has: pg_ctl
        # polls for readiness, and a probe answered 200 in between counted as "while down".
        start_at = time.monotonic()
        self.pg.start()
        state["down"] = False
        up_at = time.monotonic()
        time.sleep(30)
        stop.set()
        for t in threads:
            t.join()
        recovered = [t for t, code in probes if t > up_at and code == 200]
        during = [code for t, code in probes if down_at + 1 < t < start_at]
        drained = self.wait_drained(600)
        workers_alive = [w.alive() for w in self.workers]
        restarts = sum(
            (self.tmp / f"{w.name}.log").read_text(errors="replace").count("worker restarts in")
            for w in self.workers
        )
        five_xx_other = {
            k: v
            for k, v in statuses.items()
            if k.split()[-1].startswith("5") and k.split()[-1] != "503"
        }
        # /healthz says {"status": "database unavailable"}; pages and the API say the sentence
        sentences = sum(
            1
            for path, _, body in down_answers
            if (HEALTH_DOWN if path == "/healthz" else DB_DOWN_SENTENCE) in body
        )
        result: dict[str, Any] = {
            "down_seconds": DOWN_SECONDS,
            "answers": dict(statuses),
            "status_503_while_down": during.count(503),
            "answers_while_down": len(during),
            "503_with_sentence": sentences,
            "5xx_while_down": len(down_answers),
            "recovery_seconds": round(recovered[0] - up_at, 2) if recovered else None,
            "articles_accepted": len(accepted),
            "drain_seconds": round(drained, 1),
            "workers_alive_after": workers_alive,
            "worker_restarts_logged": restarts,
        }
        self.check(
            bool(during) and during.count(503) == len(during),
            f"faults: every answer while Postgres was down was 503 "
            f"({during.count(503)}/{len(during)})",
        )
        self.check(
            sentences == len(down_answers) and sentences > 0,
            f"faults: each 503 says '{DB_DOWN_SENTENCE}' (/healthz: '{HEALTH_DOWN}') "
            f"({sentences}/{len(down_answers)})",
        )
        self.check(not five_xx_other, f"faults: no 5xx other than 503 ({five_xx_other or 'none'})")
        self.check(
            bool(recovered),
            f"faults: the app recovered by itself "
            f"({result['recovery_seconds']} s after Postgres was back)",
        )
        self.check(all(workers_alive), f"faults: workers still running ({workers_alive})")
        self.check(drained >= 0, f"faults: the queue drained ({drained:.0f} s)")
        result["articles"] = self.check_articles(accepted, "faults")
        self.results["postgres_restart"] = result

    # -- phase 3: kill a worker mid-job ---------------------------------------------------
    def kill_worker(self) -> None:
        from sqlalchemy import text

        from app.db import session_scope

        log("faults: kill -9 the worker in the middle of a long extraction")
        for extra in self.workers[1:]:  # one worker left, so we know which one has the job
            extra.popen.send_signal(signal.SIGTERM)
            extra.popen.wait(timeout=60)
        self.workers = [w for w in self.workers if w.alive()]
        victim = self.workers[0]
        headers = {"Authorization": f"Bearer {self.token}"}
        article = make_article(777_777, paragraphs=60)
        r = httpx.post(f"{self.base}/api/v1/articles", json=article, headers=headers, timeout=60)
        r.raise_for_status()
        article_id = r.json()["id"]
        job_sql = text(
            "SELECT id, status, attempts FROM procrastinate_jobs WHERE "
            "task_name = 'extract_article' AND (args->>'article_id')::int = :id"
        )
        deadline = time.monotonic() + 120
        job = None
        while time.monotonic() < deadline:
            with session_scope() as s:
                job = s.execute(job_sql, {"id": article_id}).one()
            if job.status == "doing":
                break
            time.sleep(0.05)
        if not self.check(job is not None and job.status == "doing", "kill: the job started"):
            return
        time.sleep(0.3)  # into the parse of a ~20 KB article (about a second's work)
        os.kill(victim.pid, signal.SIGKILL)
        victim.popen.wait()
        killed_at = time.monotonic()
        with session_scope() as s:
            after_kill = s.execute(job_sql, {"id": article_id}).one()
        replacement = self.start_worker()
        self.workers = [w for w in self.workers if w.alive()]
        finished = None
        while time.monotonic() < killed_at + 300:
            with session_scope() as s:
                job = s.execute(job_sql, {"id": article_id}).one()
            if job.status in ("succeeded", "failed"):
                finished = time.monotonic() - killed_at
                break
            time.sleep(1)
        with session_scope() as s:
            events = (
                s.execute(
                    text("SELECT type FROM procrastinate_events WHERE job_id = :j ORDER BY id"),
                    {"j": job.id},
                )
                .scalars()
                .all()
            )
        result: dict[str, Any] = {
            "article_id": article_id,
            "status_when_killed": after_kill.status,
            "final_status": job.status,
            "seconds_to_finish_after_kill": round(finished, 1) if finished else None,
            "job_events": list(events),
            "replacement_worker_pid": replacement.pid,
        }
        self.check(after_kill.status == "doing", "kill: the job was running when killed")
        self.check(
            job.status == "succeeded",
            f"kill: the job was retried and succeeded "
            f"({result['seconds_to_finish_after_kill']} s after the kill)",
        )
        result["articles"] = self.check_articles([article_id], "kill")
        self.results["worker_kill"] = result

    # -- phase 4: schemathesis -------------------------------------------------------------
    def schemathesis(self) -> None:
        log(f"schemathesis: {ST_EXAMPLES} examples per operation against the live server")
        report = self.tmp / "schemathesis.xml"
        # Fetching a `url` fails here (no network): the API's documented 502/504, not a bug.
        config = self.tmp / "schemathesis.toml"
        config.write_text(
            '[[operations]]\ninclude-name = "POST /api/v1/articles"\n'
            'checks.not_a_server_error.expected-statuses = ["2XX", "3XX", "4XX", "502", "504"]\n'
        )
        done = subprocess.run(
            [
                str(BIN / "schemathesis"),
                "--config-file",
                str(config),
                "run",
                f"{self.base}/openapi.json",
                "-H",
                f"Authorization: Bearer {self.token}",
                "--checks",
                "not_a_server_error,response_schema_conformance,"
                "status_code_conformance,content_type_conformance",
                "--max-examples",
                str(ST_EXAMPLES),
                "--phases",
                "examples,coverage,fuzzing",
                "--report",
                "junit",
                "--report-junit-path",
                str(report),
                "--request-timeout",
                "30",
                "--no-color",
                "--suppress-health-check",
                "all",
            ],
            env=self.env(),
            capture_output=True,
            text=True,
            cwd=self.tmp,
        )
        out = done.stdout + done.stderr
        (self.tmp / "schemathesis.out").write_text(out)
        cases = schemathesis_cases(out)
        tail = "\n".join(out.strip().splitlines()[-25:])
        print(tail)
        self.results["schemathesis"] = {
            "exit_code": done.returncode,
            "test_cases": cases,
            "summary": tail,
        }
        self.check(done.returncode == 0, f"schemathesis: no failures ({cases} test cases)")
        self.check(cases is not None and cases >= 1000, "schemathesis: at least 1,000 cases")

    def run(self) -> int:
        try:
            self.setup()
            phases = os.environ.get("SOAK_PHASES", "load,restart,kill,schemathesis").split(",")
            if "load" in phases:
                self.load()
            if "restart" in phases:
                self.restart_postgres()
            if "kill" in phases:
                self.kill_worker()
            if "schemathesis" in phases:
                self.schemathesis()
        finally:
            self.results["failures"] = self.failures
            OUT.write_text(json.dumps(self.results, indent=2, default=str))
            self.teardown()
        print_table(self.results)
        log(f"results in {OUT}")
        return 1 if self.failures else 0


def schemathesis_cases(output: str) -> int | None:
    import re

    for pattern in (r"Test cases:\s*\n?\s*([\d,]+) generated", r"([\d,]+) generated"):
        if m := re.search(pattern, output):
            return int(m.group(1).replace(",", ""))
    return None


def print_table(results: dict[str, Any]) -> None:
    rows: list[tuple[str, Any]] = []
    if load := results.get("load"):
        rows += [
            ("load: duration (s)", load["seconds"]),
            ("load: requests", load["requests"]),
            ("load: requests/s", load["rps"]),
            ("load: 5xx", sum(load["five_xx"].values())),
            ("load: failed requests", load["failures"]),
            (
                "load: p50 / p95 / p99 (ms)",
                f"{load['p50_ms']:.0f} / {load['p95_ms']:.0f} / {load['p99_ms']:.0f}",
            ),
            (
                "load: articles ingested / extracted",
                f"{load['articles_ingested']} / "
                f"{load['articles']['articles'] - load['articles']['not_extracted_count']}",
            ),
            ("load: claims of those articles", load["articles"]["claims"]),
            (
                "load: tags recorded / missing",
                f"{load['tags_recorded']} / {len(load['tags_missing'])}",
            ),
        ]
        for name, mem in load["memory_kib"].items():
            rows.append(
                (
                    f"load: {name} RSS first/last minute (MiB)",
                    f"{mem['first_minute_mib']} -> {mem['last_minute_mib']} ({mem['growth_pct']}%)",
                )
            )
            rows.append(
                (f"load: {name} RSS each minute (MiB)", " ".join(map(str, mem["per_minute_mib"])))
            )
    if fault := results.get("postgres_restart"):
        rows += [
            ("restart: Postgres down (s)", fault["down_seconds"]),
            (
                "restart: 503 while down / 5xx with the sentence",
                f"{fault['status_503_while_down']} of {fault['answers_while_down']} answers "
                f"(from 1 s after the stop) / {fault['503_with_sentence']} of "
                f"{fault['5xx_while_down']}",
            ),
            ("restart: recovery after Postgres up (s)", fault["recovery_seconds"]),
            (
                "restart: articles accepted / extracted",
                f"{fault['articles_accepted']} / "
                f"{fault['articles']['articles'] - fault['articles']['not_extracted_count']}",
            ),
            (
                "restart: duplicate / differing articles",
                f"{len(fault['articles']['articles_with_duplicate_claims'])} / "
                f"{len(fault['articles']['claims_differ_from_fresh_extraction'])}",
            ),
            ("restart: workers alive after", fault["workers_alive_after"]),
            ("restart: worker restarts logged", fault["worker_restarts_logged"]),
        ]
    if kill := results.get("worker_kill"):
        rows += [
            (
                "kill: job status when killed / final",
                f"{kill['status_when_killed']} / {kill['final_status']}",
            ),
            ("kill: finished after the kill (s)", kill["seconds_to_finish_after_kill"]),
            ("kill: job events", " ".join(kill["job_events"])),
        ]
    if st := results.get("schemathesis"):
        rows.append(("schemathesis: test cases / exit", f"{st['test_cases']} / {st['exit_code']}"))
    rows.append(("failed checks", len(results.get("failures", [])) or "none"))
    width = max(len(r[0]) for r in rows)
    print()
    for name, value in rows:
        print(f"  {name.ljust(width)}  {value}")
    for failure in results.get("failures", []):
        print(f"  FAILED: {failure}")
    print()


if __name__ == "__main__":
    sys.exit(Soak().run())
