"""Limits on what one web process spends on a request: how many heavy answers at once, and giving
their memory back to the system afterwards (issue 12: twenty concurrent 15k-event snapshots left a
server 2.7 GB resident)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)

_slots: dict[str, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def _semaphore(name: str, size: int) -> threading.BoundedSemaphore:
    """One semaphore per (limit, size): a test that changes the setting gets a fresh one."""
    key = f"{name}:{size}"
    with _slots_lock:
        if key not in _slots:
            _slots[key] = threading.BoundedSemaphore(size)
        return _slots[key]


def _libc_trim() -> Callable[[int], Any] | None:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


_MALLOC_TRIM = _libc_trim()


def memory_release() -> None:
    """Collect the request's garbage and hand freed heap pages back to the system (glibc keeps
    them otherwise: the process stays at its peak however little it then holds)."""
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _busy(retry_after: int) -> JsonResponse:
    busy = JsonResponse(
        {
            "error": "busy",
            "message": "Too many of these are being made right now: try again "
            f"in {retry_after} seconds.",
            "retry_after": retry_after,
        },
        status=503,
    )
    busy["Retry-After"] = str(retry_after)
    return busy


class _HeldWhileStreaming:
    """A streamed body that holds its slot until it is read to the end or closed (the server
    closes every response, a client gone half-way included). A generator's `finally` would not
    do: closing a generator that never started runs none of its code."""

    def __init__(self, chunks: Iterable[bytes], slots: threading.BoundedSemaphore) -> None:
        self._chunks = iter(chunks)
        self._slots: threading.BoundedSemaphore | None = slots

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except BaseException:  # the end (StopIteration) or a failure: the slot is free again
            self.close()
            raise

    def close(self) -> None:
        slots, self._slots = self._slots, None
        if slots is not None:
            try:
                close = getattr(self._chunks, "close", None)
                if close is not None:
                    close()
            finally:  # a body that failed to close still gives its slot back
                slots.release()
                memory_release()


def at_most_concurrent_streams(setting: str, *, retry_after: int = 10) -> Callable:
    """at_most_concurrent for streamed answers, whose work happens after the view returns (a GIS
    download writes its file while the body streams): the slot is held until the body is read
    to the end or the response is closed."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            slots = _semaphore(view.__qualname__, int(getattr(settings, setting)))
            if not slots.acquire(blocking=False):
                return _busy(retry_after)
            try:
                response = view(request, *args, **kwargs)
            except BaseException:
                slots.release()
                raise
            if not isinstance(response, StreamingHttpResponse) or response.is_async:
                slots.release()  # a refusal (400): nothing to hold it (our bodies are never async)
                return response
            chunks = response.streaming_content
            assert isinstance(chunks, Iterator)  # not async, so a plain iterator
            response.streaming_content = _HeldWhileStreaming(chunks, slots)
            return response

        return limited

    return decorate


def at_most_concurrent(setting: str, *, retry_after: int = 10) -> Callable:
    """At most `settings.<setting>` requests of this view at once in a process; one more is a 503
    saying so, with Retry-After, rather than a queue that grows the process without bound. The
    memory a successful answer used is released when it is done (a full collection: cheap in a
    server, whose startup objects wsgi.py froze out of the collector's passes)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            slots = _semaphore(view.__qualname__, int(getattr(settings, setting)))
            if not slots.acquire(blocking=False):
                return _busy(retry_after)
            built = False
            try:
                response = view(request, *args, **kwargs)
                built = response.status_code == 200
                return response
            finally:
                slots.release()
                if built:  # a refused request (400, 503) built nothing worth a full collection
                    memory_release()

        return limited

    return decorate
