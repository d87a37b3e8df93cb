"""`python -m app.relate FILE.json`: print the extractor JSON with dispute keys added.

With `-` or no file, the JSON is read from standard input.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.relate.offline import add_dispute_keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.relate", description=__doc__)
    parser.add_argument("json_file", nargs="?", default="-",
                        help="output of `claimdesk extract ... --json` (default: stdin)")
    args = parser.parse_args(argv)
    if args.json_file == "-":
        data = json.load(sys.stdin)
    else:
        with open(args.json_file, encoding="utf-8") as handle:
            data = json.load(handle)
    json.dump(add_dispute_keys(data), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
