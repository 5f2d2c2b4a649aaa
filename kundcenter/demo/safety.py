"""Demo and benchmark data are for development machines and throwaway databases only."""

from django.conf import settings
from django.core.management.base import CommandError


def refuse_without_debug(command: str, data: str, harm: str, *, force: bool) -> None:
    """Raise CommandError (message on stderr, exit status 1) when DEBUG is off and the
    command was not given `--force`: DEBUG off is how a production server runs, and there
    invented data does real harm."""
    if settings.DEBUG or force:
        return
    raise CommandError(
        f"{command} refuses to load {data} with DEBUG off: {harm}. "
        "On a development machine set DEBUG=1 (`make run` does); "
        "use --force only if this database is a throwaway one."
    )
