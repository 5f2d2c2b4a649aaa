"""Django's database sessions and model backend, with the two reads every logged-in
request makes (the session by its key, the user by the session's id) done by one
prepared statement each instead of a query built through the ORM (kundcenter.lib.rows).
Same tables, same rows, same rules: an expired or unknown session is empty, an inactive
user is nobody."""

import logging

from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from kundcenter.lib.rows import one_row

# The backend sessions made before this store named; such a session goes on as ours.
_EARLIER_BACKEND = "django.contrib.auth.backends.ModelBackend"
_BACKEND = "kundcenter.accounts.sessions.ModelBackend"


class SessionStore(DatabaseSessionStore):
    """SESSION_ENGINE: django.contrib.sessions.backends.db, read by a prepared statement."""

    def load(self):
        data = super().load()
        if data.get(BACKEND_SESSION_KEY) == _EARLIER_BACKEND:
            data[BACKEND_SESSION_KEY] = _BACKEND  # nobody is logged out by the upgrade
        return data

    def _get_session_from_db(self):
        try:
            session = one_row(
                self.model, session_key=self.session_key, expire_date__gt=timezone.now()
            )
        except SuspiciousOperation as error:  # as Django's store: logged, then empty
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            session = None
        if session is None:
            self._session_key = None
        return session


class ModelBackend(DjangoModelBackend):
    """Django's ModelBackend, whose `get_user` (once per logged-in request) reads the user
    by a prepared statement."""

    def get_user(self, user_id):
        user = one_row(get_user_model(), pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
