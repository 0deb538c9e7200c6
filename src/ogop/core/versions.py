"""Versions of data that the server's processes keep derived results of, in their shared cache.

A version is a random token under a name ("catalog", "people"), in a cache of its own, so
that culling the kept results cannot drop it. Each write to the data a name covers replaces
its token once the transaction commits (`changed`), so that every result kept under the
former token is retired in every worker at once, and a rolled-back write retires nothing.
Until it commits, the writing connection computes afresh (`pending`), and so sees its own
change.

Keys carry the database's identity, so that processes on different databases (test databases
in memory, one per process, among them) may share the cache's folder. Kept results expire
after the cache's TIMEOUT: that bounds how long a write that no hook follows (a database
restored from a backup, say) can go unseen.
"""

import hashlib
import os
from collections.abc import Callable, Sequence
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation

T = TypeVar("T")
VERSIONS = "versions"  # the cache of the tokens, apart from the results kept under them
_publishers: dict[str, Callable[[], None]] = {}


def database_key() -> str:
    """The default database's identity, short."""
    db = connections[DEFAULT_DB_ALIAS]
    settings = db.settings_dict
    identity = f"{db.vendor}|{settings['HOST']}|{settings['PORT']}|{settings['NAME']}"
    if db.vendor == "sqlite" and SQLiteCreation.is_in_memory_db(settings["NAME"]):
        identity += f"|{os.getpid()}"  # a database in memory is this process's alone
    return hashlib.sha256(identity.encode()).hexdigest()[:16]


def _publisher(name: str) -> Callable[[], None]:
    """The one function that renews a name's token, so that a waiting one can be found."""
    if name not in _publishers:

        def publish() -> None:
            caches[VERSIONS].set(f"{name}:{database_key()}:version", uuid4().hex, None)

        _publishers[name] = publish
    return _publishers[name]


def pending(name: str) -> bool:
    """Whether this connection's transaction holds a change to `name` whose new token waits
    for the commit (the database drops the waiting renewal when the change is rolled back)."""
    publish = _publisher(name)
    return any(callback[1] is publish for callback in connections[DEFAULT_DB_ALIAS].run_on_commit)


def changed(name: str) -> None:
    """Retire everything kept under `name` once the current transaction commits (at once
    outside one)."""
    if not pending(name):
        transaction.on_commit(_publisher(name))


def current(name: str, database: str) -> str:
    """The name's current token; a new one if there is none yet, or the cache let it go."""
    key = f"{name}:{database}:version"
    tokens = caches[VERSIONS]
    token: str | None = tokens.get(key)
    if token is None:
        token = uuid4().hex
        if not tokens.add(key, token, timeout=None):
            token = tokens.get(key) or token
    return token


def kept(names: str | Sequence[str], key: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept under the current versions of `names` (one name, or every name the
    result depends on) and `key` (which must say all else the result depends on); computed
    afresh in a transaction that changed any of them."""
    names = (names,) if isinstance(names, str) else tuple(names)
    if any(pending(name) for name in names):
        return compute()
    database = database_key()
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    tokens = ":".join(current(name, database) for name in names)
    full_key = f"{'+'.join(names)}:{database}:kept:{tokens}:{digest}"
    found: T | None = cache.get(full_key)
    if found is None:
        found = compute()
        cache.set(full_key, found)
    return found
