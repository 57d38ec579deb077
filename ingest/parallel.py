"""Extract several files at once in worker processes; write them one at a time, in order.

Extraction is pure (a Source in, a FileGraph out) and takes nearly all of an ingest's
time, so it spreads over processes; the store stays with the calling process, which
writes each file in its own transaction in the order the files were met. The store ends
exactly as a one-process ingest leaves it, and a kill at any moment still leaves every
file either fully in or fully out.

At most ``2 × jobs`` files are read ahead, so memory stays bounded on a large folder.

Example:
    >>> with extraction_pool(2) as pool:  # doctest: +SKIP
    ...     for prepared, extracted, began in pool.in_order(items): ...
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from ..graph.model import FileGraph
from .read import Source

__all__ = ["ExtractionPool", "extraction_pool", "jobs_wanted"]

T = TypeVar("T")
_READ_AHEAD = 2  # files in flight per worker


def jobs_wanted(jobs: int) -> int:
    """The number of processes ``jobs`` asks for: 0 means one per CPU."""
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (one per CPU) or more, not {jobs}")
    return jobs or os.cpu_count() or 1


class ExtractionPool:
    """Worker processes extracting Sources; answers come back in submission order."""

    def __init__(self, executor: ProcessPoolExecutor, jobs: int) -> None:
        self._executor = executor
        self._ahead = _READ_AHEAD * jobs

    def in_order(self, prepared: Iterable[tuple[T, float]]) -> Iterator[tuple[T, FileGraph | str | None, float]]:
        """For each (prepared item, start time): the item, its extraction (None when the
        item is not a Source) and the start time, in the order given."""
        pending: deque[tuple[T, Future[FileGraph | str] | None, float]] = deque()
        for item, began in prepared:
            future = self._executor.submit(_extract, item) if isinstance(item, Source) else None
            pending.append((item, future, began))
            while len(pending) > self._ahead:
                yield _settled(pending.popleft())
        while pending:
            yield _settled(pending.popleft())


@contextmanager
def extraction_pool(jobs: int) -> Iterator[ExtractionPool]:
    """A pool of ``jobs`` extracting processes (0: one per CPU), shut down on leaving."""
    count = jobs_wanted(jobs)
    # "spawn": workers start clean, whatever threads or open connections this process holds.
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as executor:
        yield ExtractionPool(executor, count)


def _settled(entry: tuple[T, Future[FileGraph | str] | None, float]) -> tuple[T, FileGraph | str | None, float]:
    item, future, began = entry
    if future is None:
        return item, None, began
    try:
        return item, future.result(), began
    except Exception as error:  # a worker that died (out of memory, killed) fails its files, not the run
        return item, f"extraction error: {error!r}", began


def _extract(source: Source) -> FileGraph | str:
    from .pipeline import extract_safely  # imported here: the pipeline imports this module

    return extract_safely(source)
