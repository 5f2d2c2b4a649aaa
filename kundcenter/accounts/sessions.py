"""Django's database sessions and model backend, with the two reads every logged-in
request makes (the session by its key, the user by the session's id) done by one
prepared statement each instead of a query built through the ORM
(kundcenter.lib.compiled).
Same tables, same rows, same rules: an expired or unknown session is empty, an inactive
user is nobody."""

import logging

from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from kundcenter.lib.compiled import Compiled

# The session by its key while unexpired, and the user by id: built once per process.
_SESSION = Compiled(
    lambda session_key, now: DatabaseSessionStore.get_model_class().objects.filter(
        session_key=session_key, expire_date__gt=now
    ),
    strings={"session_key"},
    datetimes={"now"},
)
_USER = Compiled(lambda pk: get_user_model().objects.filter(pk=pk))

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
            (session,) = _SESSION.objects(self.session_key, timezone.now()) or (None,)
        except SuspiciousOperation as error:  # as Django's store: logged, then empty
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            session = None
        if session is None:
            self._session_key = None
        # The row as read, which kundcenter.lib.page_cache compares byte for byte.
        self.loaded_data = None if session is None else session.session_data
        return session


class ModelBackend(DjangoModelBackend):
    """Django's ModelBackend, whose `get_user` (once per logged-in request) reads the user
    by a prepared statement."""

    def get_user(self, user_id):
        (user,) = _USER.objects(user_id) or (None,)
        return user if user is not None and self.user_can_authenticate(user) else None
