#!/usr/bin/env bash
# Put the pinned htmx into static/vendor/ from the npm registry, checked by sha256.
# The file is not committed; pages still work (plain forms and links) without it.
set -euo pipefail
VERSION=2.0.11
SHA256=165a2655073e9e6e55e307a7c74e8ebcdb76afb7701f9c16cfd106a13add408e
cd "$(dirname "$0")/.."
target=static/vendor/htmx.min.js
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "htmx.org@$VERSION" >/dev/null)
tarball="$work/htmx.org-$VERSION.tgz"
echo "$SHA256  $tarball" | sha256sum --check --quiet || {
  echo "htmx.org@$VERSION from npm does not match the pinned sha256; refusing to use it" >&2
  exit 1
}
mkdir -p static/vendor
tar -xzf "$tarball" -C "$work" package/dist/htmx.min.js
cp "$work/package/dist/htmx.min.js" "$target"
echo "htmx $VERSION -> $target (sha256 of the package verified)"
