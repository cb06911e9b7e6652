"""The scenario library, kept in a database (SQLite by default, PostgreSQL through
``DATABASE_URL``). No Streamlit here: the app, the tests and the benchmark use it alike."""

from .database import (LibraryUnavailable, StoreFailure, configured_url, create_engine,
                       shown_url)
from .library import Library, LibraryError, Opened, Saved, canonical_json


def open_library(url: str | None = None) -> Library:
    """The library at ``url`` (default: ``DATABASE_URL``, else the SQLite file in var/),
    created and migrated as needed. Raises LibraryUnavailable."""
    return Library(create_engine(url))


__all__ = ["Library", "LibraryError", "LibraryUnavailable", "Opened", "Saved", "StoreFailure",
           "canonical_json", "configured_url", "create_engine", "open_library", "shown_url"]
