"""Taking articles in: uploaded files, pasted text and web addresses.

Pure functions, no database: each returns a ``ParsedArticle`` or raises an
``IngestError`` whose message and status code the route passes on to the user.
"""

from app.ingest.errors import IngestError
from app.ingest.fetch import fetch_url
from app.ingest.normalise import canonical_url, normalise_text, text_hash
from app.ingest.readers import ParsedArticle, SourceKind, read_pasted, read_upload

__all__ = [
    "IngestError",
    "ParsedArticle",
    "SourceKind",
    "canonical_url",
    "fetch_url",
    "normalise_text",
    "read_pasted",
    "read_upload",
    "text_hash",
]
