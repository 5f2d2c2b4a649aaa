from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kundcenter.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write the archive (default: kundcenter-YYYYmmdd-HHMMSS.tar here).",
        )

    def handle(self, *args, archive=None, **options):
        path = Path(archive or timezone.localtime().strftime("kundcenter-%Y%m%d-%H%M%S.tar"))
        try:
            manifest = backup(path, progress=lambda line: self.stderr.write(line))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wrote {path}: {manifest['engine']} database ({manifest['database']['bytes']:,} "
            f"bytes), {manifest['media']['files']:,} media files."
        )
