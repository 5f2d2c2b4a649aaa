"""Backup and restore: the database and the uploaded files in one archive, with a manifest.

`manage.py backup` writes a tar archive holding
- `database.dump`: PostgreSQL's custom-format dump (pg_dump: one consistent snapshot), or
  `database.sqlite3`: SQLite's online backup of the embedded database;
- `media/…`: every uploaded file (attachments, avatars), read after the database snapshot,
  so every file the database names is in it (a file uploaded meanwhile may be too: it is
  simply not referenced);
- `manifest.json`: when, which database engine, the last migration of every app, the
  database file's SHA-256 and size, and the number and total size of the media files.

`manage.py restore ARCHIVE` checks the manifest (checksum, file count) and restores into
the configured database and MEDIA_ROOT. It refuses a database that already has tables,
or a MEDIA_ROOT that already has files, unless given --replace.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _pg_env_and_args(db) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    last = {}
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        last[app] = max(last.get(app, ""), name)
    return dict(sorted(last.items()))


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def dump_database(target: Path) -> str:
    """Write the database to `target`; return its file name inside the archive."""
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(db)
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args, db["NAME"]],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return "database.dump"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "database.sqlite3"
    raise BackupError(f"backup supports PostgreSQL and SQLite, not {connection.vendor}")


def backup(archive: Path, *, progress=None) -> dict:
    """Write a backup archive to `archive`; return its manifest."""
    archive = Path(archive)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        db_file = Path(tmp) / "database"
        name = dump_database(db_file)
        if progress:
            progress(f"database: {db_file.stat().st_size:,} bytes")
        # Media in an object-storage bucket is not copied: the bucket's own versioning and
        # replication keep it (README, Backup and restore).
        in_bucket = getattr(settings, "MEDIA_STORAGE", "filesystem") != "filesystem"
        files = [] if in_bucket else _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": _migrations(),
            "database": {
                "file": name,
                "bytes": db_file.stat().st_size,
                "sha256": _sha256(db_file),
            },
            "media": {
                "files": len(files),
                "bytes": sum(p.stat().st_size for p in files),
                "location": "bucket (not in this archive)" if in_bucket else "archive",
            },
        }
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=name)
            for count, path in enumerate(files, 1):
                tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
                if progress and count % 500 == 0:
                    progress(f"media: {count:,}/{len(files):,} files")
        partial.replace(archive)  # a half-written archive never has the final name
    return manifest


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r") as tar:
        member = tar.extractfile(MANIFEST)
        if member is None:
            raise BackupError("the archive has no manifest.json: not a Kundcenter backup")
        manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(archive: Path, *, replace: bool = False, progress=None) -> dict:
    """Restore `archive` into the configured database and MEDIA_ROOT; return its manifest."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database; this one is {connection.vendor}"
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not replace:
        if not _database_is_empty():
            raise BackupError(
                "the database already has tables: restore into an empty one, or use --replace"
            )
        if _media_files(media_root):
            raise BackupError(f"{media_root} already has files: use an empty folder, or --replace")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r") as tar:
        # The "data" filter refuses absolute paths, links out of the folder and devices.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(tmp, filter="data")
        else:  # Python 3.11.0-3.11.3: our own archive, members checked below
            tar.extractall(tmp)  # noqa: S202
        root = Path(tmp)
        db_file = root / manifest["database"]["file"]
        if _sha256(db_file) != manifest["database"]["sha256"]:
            raise BackupError(
                "the database file does not match its checksum: the archive is damaged"
            )
        media = _media_files(root / "media")
        expected = manifest["media"]["files"]
        if len(media) != expected:
            raise BackupError(
                f"the archive holds {len(media)} media files, its manifest {expected}"
            )
        _restore_database(db_file, replace=replace)
        if progress:
            progress("database restored")
        if replace and media_root.exists():
            shutil.rmtree(media_root)
        media_root.mkdir(parents=True, exist_ok=True)
        for path in media:
            target = media_root / path.relative_to(root / "media")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        if progress:
            progress(f"media: {len(media):,} files restored")
    return manifest


def _restore_database(db_file: Path, *, replace: bool) -> None:
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        connections.close_all()
        env, args = _pg_env_and_args(db)
        options = ["--clean", "--if-exists"] if replace else []
        result = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                *options,
                *args,
                "--dbname",
                db["NAME"],
                str(db_file),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    connection.ensure_connection()
    source = sqlite3.connect(db_file)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
