"""Static files with a cache header; vendor files are pinned by version."""

from __future__ import annotations

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope


class CachedStaticFiles(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            max_age = 86400 if path.startswith("vendor/") else 300
            response.headers["Cache-Control"] = f"public, max-age={max_age}"
        return response
