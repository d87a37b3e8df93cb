"""`claimdesk db backup` / `restore`: pg_dump's custom format, one file holds everything."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import libpq_url


class BackupError(Exception):
    pass


def tool(name: str) -> str:
    """pgserver ships Postgres 16 client tools, which read 15 and 16 servers alike."""
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools")
    return found


def connection_args(url: str) -> list[str]:
    """libpq options for the URL; the socket directory of an embedded server included."""
    parsed = make_url(libpq_url(url))
    args = ["--dbname", parsed.database or "postgres"]
    host = parsed.host or parsed.query.get("host")
    if isinstance(host, tuple):
        host = host[0]
    if host:
        args += ["--host", host]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    return args


def password_env(url: str) -> dict[str, str]:
    import os

    password = make_url(libpq_url(url)).password
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = str(password)
    return env


def backup(url: str, target: Path) -> None:
    command = [tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
    result = subprocess.run(
        command + connection_args(url), env=password_env(url), capture_output=True, text=True
    )
    if result.returncode:
        raise BackupError(result.stderr.strip() or "pg_dump failed")


def restore(url: str, source: Path) -> None:
    """Replace the database's contents with the backup's (objects are dropped first)."""
    if not source.is_file():
        raise BackupError(f"{source} is not a backup file")
    command = [tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    result = subprocess.run(
        command + connection_args(url) + [str(source)],
        env=password_env(url),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(result.stderr.strip() or "pg_restore failed")
