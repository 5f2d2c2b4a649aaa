from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kundcenter.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive (manage.py backup) into the configured database and MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace what the database and MEDIA_ROOT hold (otherwise both must be empty).",
        )

    def handle(self, *args, archive, replace=False, **options):
        if not Path(archive).is_file():
            raise CommandError(f"{archive}: no such file")
        try:
            manifest = restore(
                Path(archive), replace=replace, progress=lambda line: self.stderr.write(line)
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: "
            f"{manifest['media']['files']:,} media files. Run `manage.py migrate` if this "
            "version of Kundcenter is newer than the backup."
        )
