"""Versions of data that the server's processes keep derived results of, in their shared cache.

A version is a random token under a name ("catalog", "people"), in a cache of its own, so
that culling the kept results cannot drop it. Each write to the data a name covers replaces
its token once the transaction commits (`changed`), so that every result kept under the
former token is retired in every worker at once, and a rolled-back write retires nothing.
Until it commits, the writing connection computes afresh (`pending`), and so sees its own
change.

Keys carry the installation's site name (settings.OGOP_SITE_NAME), never anything of how a
server reaches its database: servers that spell the same database's host differently
(`localhost`, `127.0.0.1`, an address) share one token, and installations that share one
cache (one Redis) keep apart by their names. Results are computed on the primary database
(core.routing), so that none is kept from a replica that has not caught up. Kept results
expire after the cache's TIMEOUT: that bounds how long a write that no hook follows (a
change made in the database by hand, say) can go unseen.
"""

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from ogop.core.routing import on_primary

T = TypeVar("T")
VERSIONS = "versions"  # the cache of the tokens, apart from the results kept under them
_publishers: dict[str, Callable[[], None]] = {}


def site_key() -> str:
    """The installation's name in the shared cache, short (settings.OGOP_SITE_NAME)."""
    return hashlib.sha256(settings.OGOP_SITE_NAME.encode()).hexdigest()[:16]


def _publisher(name: str) -> Callable[[], None]:
    """The one function that renews a name's token, so that a waiting one can be found."""
    if name not in _publishers:
        family, _slash, part = name.rpartition("/")

        def publish() -> None:
            caches[VERSIONS].set(f"{name}:{site_key()}:version", uuid4().hex, None)
            if family and part not in ("*", "+"):
                # A part's version ("family/n"): its family's latest ("family/+") is renewed
                # after it, so that whoever reads the new latest reads the part's new one.
                caches[VERSIONS].set(f"{family}/+:{site_key()}:version", uuid4().hex, None)

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


def current(name: str, site: str) -> str:
    """The name's current token; a new one if there is none yet, or the cache let it go."""
    key = f"{name}:{site}:version"
    tokens = caches[VERSIONS]
    token: str | None = tokens.get(key)
    if token is None:
        token = uuid4().hex
        if not tokens.add(key, token, timeout=None):
            token = tokens.get(key) or token
    return token


def tokens(names: Sequence[str], site: str) -> list[str]:
    """The current tokens of the names, read at once (`current` for each one missing)."""
    keys = [f"{name}:{site}:version" for name in names]
    found = caches[VERSIONS].get_many(keys) if keys else {}
    return [found.get(key) or current(name, site) for name, key in zip(names, keys, strict=True)]


def kept(
    names: str | Sequence[str],
    key: str,
    compute: Callable[[], T],
    *,
    parts: Sequence[str] = (),
    covered: Sequence[str] = (),
) -> T:
    """`compute()`, kept under the current versions of `names` (one name, or every name the
    result depends on) and `key` (which must say all else the result depends on); computed
    afresh in a transaction that changed any of them. `parts` are the finer versions of the
    parts it is made of (see `kept_parts`): a renewed part retires it too, whatever order the
    renewals of one write reach the cache in. `covered` names what the result also reads but
    the key holds the state of (a digest of it, itself kept under those names): a write to
    it retires the result only if it changes that state. They are written into the cache's
    key after a "~", so that a check of what each result reads can tell."""
    names = (names,) if isinstance(names, str) else tuple(names)
    if any(pending(name) for name in (*names, *parts, *covered)):
        return compute()
    site = site_key()
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    versions = ":".join(tokens(names, site))
    if parts:
        versions += ":" + hashlib.sha256(":".join(tokens(parts, site)).encode()).hexdigest()[:32]
    prefix = "+".join(names) + "".join(f"~{name}" for name in covered)
    full_key = f"{prefix}:{site}:kept:{versions}:{digest}"
    found: T | None = cache.get(full_key)
    if found is None:
        with on_primary():
            found = compute()
        cache.set(full_key, found)
    return found


def kept_parts(
    name: str,
    versions: Mapping[int, Sequence[str]],
    key: str,
    compute: Callable[[list[int]], Mapping[int, T]],
) -> dict[int, T]:
    """The parts of a result, by number, each kept under versions of its own (`versions[n]`,
    finer than `name`, which declares all that the parts read): after a write, only the parts
    whose versions it renewed are computed again, all of them in one `compute(numbers)`."""
    site = site_key()
    numbers = sorted(versions)
    waiting = {version for version in set().union(*versions.values()) if pending(version)}
    # Parts that this transaction changed are computed afresh, and not kept.
    kept_numbers = [number for number in numbers if waiting.isdisjoint(versions[number])]
    every = sorted({version for number in kept_numbers for version in versions[number]})
    token_of = dict(zip(every, tokens(every, site), strict=True))
    full_keys = {
        number: f"{name}:{site}:part:{key}:{number}:"
        + ":".join(token_of[version] for version in versions[number])
        for number in kept_numbers
    }
    found: dict[str, T] = cache.get_many(list(full_keys.values())) if full_keys else {}
    parts = {number: found[full] for number, full in full_keys.items() if full in found}
    missing = [number for number in numbers if number not in parts]
    if missing:
        with on_primary():
            computed = compute(missing)
        parts.update((number, computed[number]) for number in missing)
        keep = {full_keys[number]: computed[number] for number in missing if number in full_keys}
        if keep:
            cache.set_many(keep)
    return parts
