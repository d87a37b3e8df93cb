"""The `claimdesk` command: serve, worker, db, users, ingest, extract, demo."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from app import commands

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimdesk", description="Who claimed what in the news.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web app (and one worker unless --no-worker)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument("--no-worker", action="store_true", help="do not start an extraction worker")
    serve.add_argument("--demo", action="store_true", help="load the demo articles on first start")
    serve.set_defaults(handler=commands.serve)

    worker = sub.add_parser("worker", help="run extraction jobs from the queue")
    worker.add_argument("--concurrency", type=int, default=1)
    worker.set_defaults(handler=commands.worker)

    db = sub.add_parser("db", help="database schema and backups")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply migrations").set_defaults(handler=commands.db_upgrade)
    db_sub.add_parser("url", help="print the database URL").set_defaults(handler=commands.db_url)
    features = db_sub.add_parser(
        "features", help="parse claims whose stored relate features are missing or stale"
    )
    features.add_argument("--batch", type=int, default=500)
    features.set_defaults(handler=commands.db_features)
    backup = db_sub.add_parser("backup", help="write a pg_dump backup file")
    backup.add_argument("file")
    backup.set_defaults(handler=commands.db_backup)
    restore = db_sub.add_parser("restore", help="replace the database with a backup file")
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=commands.db_restore)

    users = sub.add_parser("users", help="accounts")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", choices=["journalist", "editor", "admin"], default="journalist")
    add.add_argument("--password", required=True)
    add.set_defaults(handler=commands.users_add)
    token = users_sub.add_parser("token", help="print a new API token for an account")
    token.add_argument("name")
    token.set_defaults(handler=commands.users_token)

    ingest = sub.add_parser("ingest", help="bulk-import articles from a JSONL file")
    ingest.add_argument("file", help="one JSON object a line: text or url, title, outlet, ...")
    ingest.set_defaults(handler=commands.ingest)

    extract = sub.add_parser(
        "extract", help="extract claims from files, or re-extract stored articles"
    )
    extract.add_argument("files", nargs="*", help="UTF-8 text files")
    extract.add_argument("--json", action="store_true", help="print JSON (the offline contract)")
    extract.add_argument("--disputes", action="store_true", help="add suggested dispute keys")
    extract.add_argument("--article", type=int, action="append", help="re-extract a stored article")
    extract.add_argument("--all", action="store_true", help="re-extract stored articles")
    extract.add_argument(
        "--since-version", help="with --all: only those extracted by an older version"
    )
    extract.set_defaults(handler=commands.extract)

    demo = sub.add_parser("demo", help="load the demo articles and a demo account")
    demo.add_argument(
        "--synthetic-claims",
        type=int,
        metavar="N",
        help="instead, load N synthetic claims (with articles and claimants) fast",
    )
    demo.set_defaults(handler=commands.demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
