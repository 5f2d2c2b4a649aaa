"""A throwaway Dovecot IMAP server on 127.0.0.1, for tests and `manage.py bench_mail`.

Dovecot's login and mail processes refuse to run as root, so as root the server uses
Debian's `dovenull` and `dovecot` users and a maildir they own; as another user it runs
everything as that user. Config syntax is Dovecot 2.3's (Debian 12); 2.4 renamed
settings, which `write_config` handles for the ones used here.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER = "support"
PASSWORD = "imap-test-password"


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )


def dovecot_version(binary: str) -> tuple[int, int]:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    major, minor = out.stdout.split()[0].split(".")[:2]
    return int(major), int(minor)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path] | None:
    """A self-signed certificate for 127.0.0.1 (for STARTTLS and IMAPS), if openssl exists."""
    openssl = shutil.which("openssl")
    if not openssl:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


class Dovecot:
    """Start with `start()`, stop with `stop()`; or use as a context manager."""

    def __init__(self, *, tls: bool = True):
        self.binary = dovecot_binary()
        if self.binary is None:
            raise RuntimeError("dovecot is not installed (apt-get install dovecot-imapd)")
        self.version = dovecot_version(self.binary)
        self.root = Path(tempfile.mkdtemp(prefix="kc-dovecot-", dir="/tmp"))
        # The mail processes run as another user: they must be able to reach the maildir.
        self.root.chmod(0o755)
        self.port = free_port()
        self.ssl_port = free_port()
        self.tls = tls
        self.cert = None
        self.config = self.root / "dovecot.conf"
        self.started = False

    # --- set-up --------------------------------------------------------------------------

    def _users(self) -> tuple[str, str, str]:
        """(login user, internal user, mail user) the processes run as."""
        if os.geteuid() == 0:
            return "dovenull", "dovecot", "dovecot"
        me = pwd.getpwuid(os.geteuid()).pw_name
        return me, me, me

    def write_config(self):
        login_user, internal_user, mail_user = self._users()
        mail_dir = self.root / "mail"
        mail_dir.mkdir()
        (self.root / "run").mkdir()
        (self.root / "state").mkdir()
        passwd = self.root / "passwd"
        passwd.write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        passwd.chmod(0o644)
        owner = pwd.getpwnam(mail_user)
        os.chown(mail_dir, owner.pw_uid, owner.pw_gid)
        if self.tls:
            pair = make_certificate(self.root)
            self.cert = pair[0] if pair else None
        if self.version >= (2, 4):
            config = self._config_24(login_user, internal_user, mail_user, mail_dir, passwd)
        else:
            config = self._config_23(login_user, internal_user, mail_user, mail_dir, passwd)
        self.config.write_text(config)

    def _ssl_lines(self) -> str:
        if not self.cert:
            return "ssl = no\n"
        return (
            f"ssl = yes\nssl_cert = <{self.root / 'cert.pem'}\nssl_key = <{self.root / 'key.pem'}\n"
        )

    def _listeners(self) -> str:
        imaps = f"port = {self.ssl_port}" if self.cert else "port = 0"
        return (
            "service imap-login {\n"
            f"  inet_listener imap {{\n    address = 127.0.0.1\n    port = {self.port}\n  }}\n"
            f"  inet_listener imaps {{\n    address = 127.0.0.1\n    {imaps}\n"
            f"    ssl = {'yes' if self.cert else 'no'}\n  }}\n"
            "}\n"
            # Only IMAP: no other listeners that could clash with a system Dovecot.
            "service pop3-login {\n  inet_listener pop3 {\n    port = 0\n  }\n"
            "  inet_listener pop3s {\n    port = 0\n  }\n}\n"
            "service lmtp {\n  unix_listener lmtp {\n    mode = 0600\n  }\n}\n"
        )

    def _config_23(self, login_user, internal_user, mail_user, mail_dir, passwd) -> str:
        return (
            f"base_dir = {self.root / 'run'}\n"
            f"state_dir = {self.root / 'state'}\n"
            f"log_path = {self.root / 'dovecot.log'}\n"
            "protocols = imap\n"
            "listen = 127.0.0.1\n"
            f"default_login_user = {login_user}\n"
            f"default_internal_user = {internal_user}\n"
            "first_valid_uid = 1\n"
            "disable_plaintext_auth = no\n"
            "auth_mechanisms = plain login\n"
            f"mail_location = maildir:{mail_dir}/%u\n"
            + self._ssl_lines()
            + f"passdb {{\n  driver = passwd-file\n  args = {passwd}\n}}\n"
            "userdb {\n  driver = static\n"
            f"  args = uid={mail_user} gid={mail_user} home={mail_dir}/%u\n}}\n" + self._listeners()
        )

    def _config_24(self, login_user, internal_user, mail_user, mail_dir, passwd) -> str:
        ssl = (
            "ssl = no\n"
            if not self.cert
            else (
                "ssl = yes\n"
                f"ssl_server_cert_file = {self.root / 'cert.pem'}\n"
                f"ssl_server_key_file = {self.root / 'key.pem'}\n"
            )
        )
        return (
            "dovecot_config_version = 2.4.0\n"
            "dovecot_storage_version = 2.4.0\n"
            f"base_dir = {self.root / 'run'}\n"
            f"state_dir = {self.root / 'state'}\n"
            f"log_path = {self.root / 'dovecot.log'}\n"
            "protocols = imap\n"
            "listen = 127.0.0.1\n"
            f"default_login_user = {login_user}\n"
            f"default_internal_user = {internal_user}\n"
            "first_valid_uid = 1\n"
            "auth_allow_cleartext = yes\n"
            "auth_mechanisms = plain login\n"
            "mail_driver = maildir\n"
            f"mail_path = {mail_dir}/%{{user}}\n"
            + ssl
            + f"passdb passwd-file {{\n  passwd_file_path = {passwd}\n}}\n"
            "userdb static {\n"
            f"  fields {{\n    uid = {mail_user}\n    gid = {mail_user}\n"
            f"    home = {mail_dir}/%{{user}}\n  }}\n}}\n" + self._listeners()
        )

    # --- running -------------------------------------------------------------------------

    def start(self, timeout: float = 30.0) -> Dovecot:
        try:
            return self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> Dovecot:
        self.write_config()
        # Detached, with no inherited stdout: the daemon must not hold pytest's pipes open.
        self.started = True  # from here on, stop() must run even if start fails
        with open(self.root / "startup.log", "wb") as errors:
            subprocess.run(
                [self.binary, "-c", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                start_new_session=True,
                check=True,
                timeout=timeout,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=5)
                conn.login(USER, PASSWORD)
                conn.logout()
                return self
            time.sleep(0.1)
        raise RuntimeError(f"Dovecot did not answer on port {self.port}: {self.log()}")

    def stop(self):
        if self.started:
            subprocess.run(
                [self.binary, "-c", str(self.config), "stop"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=30,
            )
            self.started = False
            # The master waits for its children; give it a moment before removing files.
            time.sleep(0.2)
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        text = ""
        for name in ("startup.log", "dovecot.log"):
            path = self.root / name
            if path.exists():
                text += path.read_text(errors="replace")[-4000:]
        return text

    def __enter__(self) -> Dovecot:
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- a client for the tests ----------------------------------------------------------

    def client(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        conn.login(USER, PASSWORD)
        return conn

    def append(self, *messages: bytes, folder: str = "INBOX"):
        """Put messages into the mailbox over IMAP, as an MTA's delivery would."""
        conn = self.client()
        try:
            for raw in messages:
                typ, data = conn.append(folder, None, None, raw)
                if typ != "OK":
                    raise RuntimeError(f"APPEND failed: {data!r}")
        finally:
            conn.logout()

    def empty(self):
        """Remove every message and every folder but INBOX (between tests)."""
        conn = self.client()
        try:
            typ, folders = conn.list()
            for line in folders or []:
                name = line.decode().rsplit(" ", 1)[-1].strip('"')
                if name.upper() != "INBOX":
                    conn.delete(f'"{name}"')
            conn.select("INBOX")
            typ, data = conn.search(None, "ALL")
            if data and data[0]:
                conn.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
                conn.expunge()
        finally:
            conn.logout()

    def flags(self, folder: str = "INBOX") -> list[tuple[bytes, str]]:
        """(Message-ID header, flags) of every message in `folder`, in order."""
        conn = self.client()
        try:
            conn.select(folder, readonly=True)
            typ, data = conn.uid("SEARCH", None, "ALL")
            result = []
            for uid in data[0].split():
                typ, fetched = conn.uid(
                    "FETCH", uid, "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"
                )
                meta = b" ".join(part[0] if isinstance(part, tuple) else part for part in fetched)
                header = next(part[1] for part in fetched if isinstance(part, tuple))
                flags = meta.split(b"FLAGS (", 1)[1].split(b")", 1)[0].decode()
                result.append((header.strip(), flags))
            return result
        finally:
            conn.logout()
