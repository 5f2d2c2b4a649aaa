"""`manage.py backup` and `restore`: a backup restored into a fresh database and an empty
media folder serves the same tickets and files, checked by a separate process that knows
only the restored copy. Runs on SQLite and PostgreSQL."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from kundcenter.ops.backup import BackupError, read_manifest
from kundcenter.tickets.models import Attachment
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SERVE = """
import django, sys
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["testserver"]
from django.test import Client
from kundcenter.accounts.models import User
from kundcenter.tickets.models import Ticket
ticket = Ticket.objects.get()
attachment = ticket.attachments.get()
client = Client()
client.force_login(User.objects.get(email="anna.berg@byggmontage.se"))
page = client.get(f"/arenden/{ticket.number}/")
file = client.get(f"/arenden/{ticket.number}/filer/{attachment.pk}/")
print(page.status_code, ticket.title in page.content.decode(), file.status_code,
      b"".join(file.streaming_content) if file.streaming else file.content)
"""


@pytest.fixture
def ticket_with_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    org = factories.make_org("Bygg & Montage Norrland AB")
    anna = factories.make_superuser(org, "anna.berg@byggmontage.se", "Anna Berg")
    ticket = factories.make_ticket(org, anna, title="Momsrapporten visar fel belopp")
    attachment = Attachment(ticket=ticket, filename="moms.txt", content_type="text/plain", size=9)
    attachment.file.save("moms.txt", ContentFile(b"moms 2026"), save=True)
    return ticket


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the same kind as the test database, and its URL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = settings.DATABASES["default"]
    name = f"kc_restore_{uuid.uuid4().hex[:8]}"
    server = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args, database_url, media, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "KUNDCENTER_VAR_DIR": str(tmp_path / "var"),
        "KUNDCENTER_TESTING": "0",
        "DJANGO_SETTINGS_MODULE": "kundcenter.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_restored_backup_serves_the_same_tickets_and_files(
    ticket_with_file, fresh_database, tmp_path
):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=StringIO(), stderr=StringIO())
    manifest = read_manifest(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["media"]["files"] == 1
    assert manifest["migrations"]["tickets"]

    media = tmp_path / "restored-media"
    restored = _run(["manage.py", "restore", str(archive)], fresh_database, media, tmp_path)
    assert restored.returncode == 0, restored.stderr
    served = _run(["-c", SERVE], fresh_database, media, tmp_path)
    assert served.returncode == 0, served.stderr
    assert served.stdout.strip().split(maxsplit=3) == ["200", "True", "200", "b'moms 2026'"]

    again = _run(["manage.py", "restore", str(archive)], fresh_database, media, tmp_path)
    assert again.returncode != 0
    assert "already has tables" in again.stderr


def test_a_damaged_archive_is_refused(ticket_with_file, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=StringIO(), stderr=StringIO())
    manifest = read_manifest(archive)
    manifest["database"]["sha256"] = "0" * 64
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name == "manifest.json":
                payload = json.dumps(manifest).encode()
                member.size = len(payload)
                data = io.BytesIO(payload)
            target.addfile(member, data)
    from kundcenter.ops.backup import restore

    with pytest.raises(BackupError, match="checksum"):
        restore(damaged, replace=True)
