"""``python -m app.extract FILE [FILE...] --json``: print the claims found in each file."""

from __future__ import annotations

import argparse
import json
import sys

from app.extract.cli import extract_files_json


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.extract", description=__doc__)
    parser.add_argument("files", nargs="+", help="UTF-8 text files, one article each")
    parser.add_argument("--json", action="store_true", help="print JSON (the only format)")
    args = parser.parse_args(argv)
    result = extract_files_json(list(args.files))
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
