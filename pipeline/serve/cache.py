"""Answers kept for the snapshot they were computed on: the matrix once per snapshot.

A store read through published snapshots (:mod:`pipeline.store`) changes only when a
writer publishes a new one, so an answer of the named queries or of the matrix is the
same for every request until then. The server keeps each answer's bytes under
``(snapshot, key)`` — the key says which query, parameters and format — and names the
snapshot in its ``ETag``, so that

* the second request for the matrix of 10,000 documents costs a dictionary look-up, not
  seconds of a worker's time;
* a client that sends the ``ETag`` back (``If-None-Match``) is answered ``304`` without
  a worker at all while the snapshot is the same;
* once a newer snapshot is published, nothing computed on an older one is served: the
  key holds the snapshot the marker names at the time of the request, and an answer is
  kept only if the snapshot it was computed on is still the newest when it arrives (an
  older one is dropped, not kept beside it).

Requests that arrive for a key while its answer is being computed wait for that one
computation rather than starting their own.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path

from pipeline.serve.results import Answer
from pipeline.store import published_snapshot

DEFAULT_CACHE_BYTES = 256 * 2**20
"""Bytes of answers kept at most (the least recently used go first)."""

_LIVE = "live"
"""The snapshot's name in an ``ETag`` for a store that publishes none (read as it is)."""


class AnswerCache:
    """Answers by ``(snapshot, key)``, bounded in bytes, for one store.

    Args:
        store: The store's folder (its published-snapshot marker is read per request).
        max_bytes: Bytes of answers kept at most; an answer larger than a quarter of it
            is served but not kept.
    """

    def __init__(self, store: Path, *, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self._answers: OrderedDict[tuple[str | None, str], Answer] = OrderedDict()
        self._pending: dict[tuple[str | None, str], asyncio.Future[Answer]] = {}
        self._bytes = 0
        self.hits = 0
        self.computed = 0

    def snapshot(self) -> str | None:
        """The snapshot a request made now reads (None: the store publishes none)."""
        return published_snapshot(self.store)

    @staticmethod
    def etag(snapshot: str | None, key: str) -> str:
        """The ``ETag`` of the answer to ``key`` on ``snapshot``: the snapshot's name, and
        a digest of the key (one resource's answers differ by format and parameters)."""
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
        return f'"{snapshot or _LIVE}-{digest}"'

    async def answer(self, key: str, compute: Callable[[], Awaitable[Answer]]) -> Answer:
        """The answer to ``key`` on the newest snapshot: kept, being computed, or computed.

        Raises:
            Whatever ``compute`` raises (nothing is kept then).
        """
        snapshot = self.snapshot()
        slot = (snapshot, key)
        kept = self._answers.get(slot)
        if kept is not None:
            self._answers.move_to_end(slot)
            self.hits += 1
            return kept
        pending = self._pending.get(slot)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._pending[slot] = future
        try:
            answer = await compute()
        except asyncio.CancelledError:
            future.cancel()  # the server is stopping: those waiting stop too
            raise
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: no "never retrieved" warning when none waits
            raise
        else:
            future.set_result(answer)
            self.computed += 1
            self._keep(key, answer)
            return answer
        finally:
            del self._pending[slot]

    def _keep(self, key: str, answer: Answer) -> None:
        """Keep ``answer`` if it was computed on the newest snapshot; drop older ones."""
        newest = self.snapshot()
        if answer.snapshot != newest or len(answer.body) > self.max_bytes // 4:
            return
        for slot in [slot for slot in self._answers if slot[0] != newest]:
            self._bytes -= len(self._answers.pop(slot).body)
        slot = (newest, key)
        previous = self._answers.pop(slot, None)
        if previous is not None:
            self._bytes -= len(previous.body)
        self._answers[slot] = answer
        self._bytes += len(answer.body)
        while self._bytes > self.max_bytes and self._answers:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped.body)

    @property
    def kept(self) -> int:
        """Answers kept now."""
        return len(self._answers)


def etags(header: str) -> set[str]:
    """The entity tags of an ``If-None-Match`` header (weak ones compared as strong)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def revalidate(etag: str) -> dict[str, str]:
    """An answer's ``ETag``, and the rule that a client asks again (cheaply) before reuse."""
    return {"ETag": etag, "Cache-Control": "no-cache"}
