"""Per-process memory for small facts many pages show and few requests change (the phone
wait of the last 30 days, the latest news): read once per process every few seconds
instead of once per page.

Like the SLA calendar's cache (kundcenter.sla.policy): a value is kept for `seconds`,
forgotten at once in this process when one of the models it is read from is saved or
deleted (now and again when that transaction commits, so another thread cannot keep the
old rows), and other processes see the change within `seconds`. Only for facts where a
few seconds' delay harms nobody; never for who may see what.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

from django.db import transaction
from django.db.models.signals import post_delete, post_save

# Every memo, so that tests can forget them all between tests (a rolled-back test's rows
# must not live on in a memo).
_ALL: list[ProcessMemo] = []


class ProcessMemo:
    def __init__(self, name: str, seconds: float, models=(), max_size: int = 64):
        self.name = name
        self.seconds = seconds
        self.max_size = max_size
        self._lock = threading.Lock()
        self._values: dict = {}
        for model in models:
            uid = f"memo-{name}-{model._meta.label_lower}"
            post_save.connect(self.clear, sender=model, dispatch_uid=f"{uid}-save", weak=False)
            post_delete.connect(self.clear, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
        _ALL.append(self)

    def get(self, key: Hashable, build: Callable[[], object]):
        """The value kept for `key`, or `build()` (kept for `seconds`)."""
        now = time.monotonic()
        with self._lock:
            hit = self._values.get(key)
            if hit is not None and hit[0] > now:
                return hit[1]
        value = build()
        with self._lock:
            if len(self._values) >= self.max_size:  # few live keys: start again
                self._values.clear()
            self._values[key] = (now + self.seconds, value)
        return value

    def _forget(self) -> None:
        with self._lock:
            self._values.clear()

    def clear(self, **_kwargs) -> None:
        """Forget everything now and again when the current transaction commits."""
        self._forget()
        connection = transaction.get_connection()
        if connection.in_atomic_block:
            transaction.on_commit(self._forget)


def clear_all() -> None:
    for memo in _ALL:
        memo._forget()
