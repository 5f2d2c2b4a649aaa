"""Work that can wait until the answer has gone: run after the response is sent.

Within a request (`AfterResponseMiddleware` marks one), `after_response(fn)` keeps `fn`
until Django's `request_finished` signal, which the server sends when it has written the
response and closes it: the person gets the answer without waiting for `fn` (the outbox
hands what a change recorded to delivery this way, and without a broker delivers it in
the same process). Outside a request (a command, a worker, a test calling an action)
`fn` runs at once.

With gunicorn's sync workers the worker does the kept work before it takes the next
request; the client already has its answer.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable

from django.core.signals import request_finished

log = logging.getLogger(__name__)

# The work kept for after the current request's response; None outside a request.
_kept: contextvars.ContextVar[list[Callable[[], object]] | None] = contextvars.ContextVar(
    "after_response", default=None
)


def after_response(fn: Callable[[], object]) -> None:
    """Run `fn` once the current response has been sent, or now outside a request."""
    kept = _kept.get()
    if kept is None:
        fn()
    else:
        kept.append(fn)


# While `held()` is active: where finished requests leave their kept work, unrun.
_held: contextvars.ContextVar[list[Callable[[], object]] | None] = contextvars.ContextVar(
    "after_response_held", default=None
)


@contextlib.contextmanager
def held():
    """Keep what finished requests leave for after their response in the yielded list
    instead of running it (a benchmark or test counts the request's own work apart, then
    runs the list with `run`)."""
    token = _held.set([])
    try:
        yield _held.get()
    finally:
        _held.reset(token)


def run(kept: list[Callable[[], object]]) -> None:
    """Run `kept` in order; each runs even if an earlier one failed, and the first failure
    is raised at the end (the outbox's own hand-over logs and swallows a broker's failure;
    anything else is a bug)."""
    failure = None
    for fn in kept:
        try:
            fn()
        except Exception as exc:
            log.exception("work kept for after the response failed")
            failure = failure or exc
    if failure is not None:
        raise failure


def run_kept(**_signal) -> None:
    """Run what the finished request kept (connected to `request_finished`)."""
    kept = _kept.get()
    if kept is None:
        return
    _kept.set(None)  # what these record themselves runs at once
    holding = _held.get()
    if holding is not None:
        holding.extend(kept)
    else:
        run(kept)


request_finished.connect(run_kept, dispatch_uid="kundcenter.lib.after_response")


class AfterResponseMiddleware:
    """Marks the request so that `after_response` keeps work until its response is sent.

    First in MIDDLEWARE, so that whatever any other middleware or the view does is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        run_kept()  # left by a response that was never closed (its server failed)
        _kept.set([])
        return self.get_response(request)
