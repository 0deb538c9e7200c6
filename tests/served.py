"""A database that a server running in other processes can open, for tests that start one."""

import sqlite3
from pathlib import Path

from bench.loadtest import database_url
from django.db import connection


def served_database(tmp_path: Path) -> str:
    """The test database itself on PostgreSQL; on SQLite (kept in memory by the tests), a
    file copy of it made with the online backup API. Call it after the data is written."""
    if connection.vendor != "sqlite":
        return database_url()
    copy = tmp_path / "served.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{copy}"
