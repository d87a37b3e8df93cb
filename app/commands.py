"""What each `claimdesk` subcommand does. Each returns the process exit code."""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from app.config import PROJECT_ROOT, get_settings
from app.db import libpq_url, resolve_database_url, session_scope
from app.models import Article, Role, User

PR_SET_PDEATHSIG = 1  # prctl(2)

DEMO_FILE = PROJECT_ROOT / "app" / "demo" / "articles.jsonl"


def fail(message: str, code: int = 1) -> int:
    print(f"claimdesk: {message}", file=sys.stderr)
    return code


def db_upgrade(args: argparse.Namespace) -> int:
    from app.testing import migrate

    migrate(resolve_database_url())
    print("database schema is up to date")
    return 0


def db_features(args: argparse.Namespace) -> int:
    """Parse the claims whose stored relate features are missing or of another version."""
    from app.services.claim_features import refresh_stale

    after, total = 0, 0
    while True:
        with session_scope() as session:
            analysed, after = refresh_stale(session, after=after, batch=args.batch)
        if not after:
            break
        total += analysed
        print(f"claims analysed: {total:,} (up to claim {after})", flush=True)
    print(f"stored features are current ({total:,} claims analysed)")
    return 0


def db_url(args: argparse.Namespace) -> int:
    print(libpq_url(resolve_database_url()))
    return 0


def db_backup(args: argparse.Namespace) -> int:
    from app.backup import BackupError, backup

    try:
        backup(resolve_database_url(), Path(args.file))
    except BackupError as exc:
        return fail(f"backup failed: {exc}")
    print(f"backup written to {args.file}")
    return 0


def db_restore(args: argparse.Namespace) -> int:
    from app.backup import BackupError, restore

    if (
        not args.yes
        and input("This replaces every article and claim. Type 'restore': ") != "restore"
    ):
        return fail("restore cancelled")
    try:
        restore(resolve_database_url(), Path(args.file))
    except BackupError as exc:
        return fail(f"restore failed: {exc}")
    print(f"restored from {args.file}")
    return 0


def users_add(args: argparse.Namespace) -> int:
    from app.auth import create_user

    with session_scope() as session:
        if session.scalar(select(User).where(User.username == args.name)):
            return fail(f"an account named {args.name!r} already exists")
        try:
            create_user(session, username=args.name, password=args.password, role=Role(args.role))
        except ValueError as exc:
            return fail(str(exc))
    print(f"created {args.role} {args.name!r}")
    return 0


def users_token(args: argparse.Namespace) -> int:
    from app.auth import issue_api_token

    with session_scope() as session:
        user = session.scalar(select(User).where(User.username == args.name))
        if user is None:
            return fail(f"there is no account named {args.name!r}")
        print(issue_api_token(session, user=user))
    return 0


def ingest(args: argparse.Namespace) -> int:
    from app.bulk import ingest_jsonl

    path = Path(args.file)
    if not path.is_file():
        return fail(f"{path} is not a file")
    report = ingest_jsonl(path, progress=True)
    print(report.summary())
    return 0 if not report.errors else 2


def extract(args: argparse.Namespace) -> int:
    if args.files:
        from app.extract.cli import extract_files_json

        result = extract_files_json(list(args.files))
        if args.disputes:
            from app.relate.offline import add_dispute_keys

            result = add_dispute_keys(result)
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if args.article:
        return extract_stored(args.article)
    if args.all:
        return requeue_all(args.since_version)
    return fail("give FILES, --article ID or --all (see claimdesk extract --help)", 2)


def extract_stored(article_ids: list[int]) -> int:
    from app.services.extraction import run_extraction

    status = 0
    for article_id in article_ids:
        try:
            count = run_extraction(article_id=article_id)
        except Exception as exc:  # reported, and recorded on the article
            print(f"article {article_id}: failed: {exc}", file=sys.stderr)
            status = 1
            continue
        if count is None:
            status = fail(f"there is no article {article_id}")
        else:
            print(f"article {article_id}: {count} claims")
    return status


def requeue_all(since_version: str | None) -> int:
    from app.extract import EXTRACTOR_VERSION
    from app.services.articles import requeue_extraction
    from app.versions import older_than

    threshold = since_version or EXTRACTOR_VERSION
    queued = 0
    with session_scope() as session:
        for article in session.scalars(select(Article).order_by(Article.id)):
            if since_version is None or older_than(article.extractor_version, threshold):
                requeue_extraction(session, article=article)
                queued += 1
    print(f"queued {queued} articles for extraction; `claimdesk worker` runs them")
    return 0


def demo(args: argparse.Namespace) -> int:
    from app.bulk import ingest_jsonl

    if args.synthetic_claims:
        return synthetic(args.synthetic_claims)
    with session_scope() as session:
        empty = not session.scalar(select(func.count()).select_from(Article))
    if empty:
        report = ingest_jsonl(DEMO_FILE, progress=False)
        print(f"demo: {report.summary()}")
    print_demo_login(ensure_demo_account())
    return 0


def synthetic(claims: int) -> int:
    import time

    from app.synthetic import load_synthetic

    started = time.perf_counter()
    with session_scope() as session:
        sizes = load_synthetic(session, claims=claims)
    seconds = time.perf_counter() - started
    print(
        f"loaded {sizes.claims:,} claims in {sizes.articles:,} articles by {sizes.actors:,} "
        f"claimants in {seconds:.1f} s ({sizes.claims / seconds:,.0f} claims/s)"
    )
    return 0


def ensure_demo_account() -> tuple[str, str | None]:
    """A demo editor; its password is made once and kept beside the data, never in the repo."""
    from app.auth import create_user

    name = "demo"
    secret_file = get_settings().data_dir / "demo-password.txt"
    with session_scope() as session:
        if session.scalar(select(User).where(User.username == name)):
            password = secret_file.read_text().strip() if secret_file.exists() else None
            return name, password
        password = secrets.token_urlsafe(9)
        create_user(session, username=name, password=password, role=Role.editor)
    secret_file.parent.mkdir(parents=True, exist_ok=True)
    secret_file.write_text(password + "\n")
    secret_file.chmod(0o600)
    return name, password


def print_demo_login(account: tuple[str, str | None]) -> None:
    name, password = account
    shown = password or "(set when the account was made; see claimdesk users add)"
    print(f"\n  Log in at http://127.0.0.1:8000/login as {name!r} with password {shown!r}\n")


def worker(args: argparse.Namespace) -> int:
    from app.worker import run_worker

    run_worker(concurrency=args.concurrency)
    return 0


def stop_with_parent() -> None:
    """In the worker `serve` starts (Linux): the kernel sends it SIGTERM when `serve` exits,
    however it exits. uvicorn re-raises SIGTERM once it has shut down, so `serve`'s finally
    clause never runs and the worker outlived it, retrying a database that may be gone."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # no prctl: the finally clause below is the only clean-up


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.testing import migrate

    url = resolve_database_url()
    migrate(url)
    env = dict(os.environ, DATABASE_URL=libpq_url(url))
    if args.demo:
        subprocess.run([sys.executable, "-m", "app.cli", "demo"], env=env, check=True)
    worker_process = None
    if not args.no_worker:
        worker_process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker"], env=env, preexec_fn=stop_with_parent
        )
    os.environ["DATABASE_URL"] = libpq_url(url)
    try:
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            proxy_headers=True,
            http="app.serving:NoDelayH11Protocol",
        )
    finally:
        if worker_process is not None:
            worker_process.terminate()
            worker_process.wait(timeout=30)
    return 0
