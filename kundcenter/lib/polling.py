"""Views that a page polls in the background (htmx `every Ns`).

Every other request starts the session's idle period again, saving it at most every
SESSION_REFRESH_SECONDS (kundcenter.accounts.middleware.SessionRefreshMiddleware; staff
sessions end after STAFF_SESSION_IDLE_SECONDS). A poll is not the person doing
something: if it kept the session alive, a forgotten browser on a ticket page would stay
logged in for ever.
"""

from functools import wraps


class _SessionLeftAlone:
    """Stands in for `request.session` once the view has answered: Django's
    SessionMiddleware finds no session to save (it skips a request whose session lacks
    `accessed`), so neither the row nor the cookie's expiry is touched."""


def leaves_session_alone(view):
    """Answer the poll without saving the session or extending its expiry."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        request.session = _SessionLeftAlone()
        return response

    return wrapper
