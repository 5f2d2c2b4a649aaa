"""A small threaded load generator for the production smoke test (standard library only).

Each simulated person is a thread with its own cookies and client IP address. The loader
plays the part of the TLS proxy in front of the web hosts (contrib/nginx.conf): it sends
the public host name, `X-Forwarded-Proto: https`, `X-Real-IP` and an `X-Request-ID`. It is
also the load balancer: a person's requests go to one web host, and when that host
refuses the connection (it has stopped), the request is sent again to the other host and
the person stays there, as nginx's `proxy_next_upstream error` does. A connection the
host reset before any answer is sent again the same way: a host stopped with SIGTERM
(`systemctl stop`) finishes every request it took and resets only the connections still
waiting in its listen queue, which it never read. The smoke test checks that this never
did anything twice (every ticket and reply is in the database once). Any other failure
(a timeout, an answer cut short, an unexpected status) is an error.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Sample:
    label: str
    status: int
    seconds: float
    port: int
    started: float  # time.monotonic() when sent


@dataclass
class Stats:
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failovers: list[tuple] = field(default_factory=list)  # (when, from, to, what)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)

    @staticmethod
    def figures(samples: list[Sample]) -> dict:
        times = sorted(s.seconds for s in samples)
        if not times:
            return {"requests": 0}
        return {
            "requests": len(times),
            "median_ms": round(1000 * times[len(times) // 2]),
            "p95_ms": round(1000 * times[min(len(times) - 1, int(0.95 * len(times)))]),
            "max_ms": round(1000 * times[-1]),
        }


@dataclass
class Answer:
    status: int
    location: str
    text: str


class UnexpectedAnswer(Exception):
    pass


class Person:
    """One simulated person: cookies, a client address, and a preferred web host."""

    def __init__(self, ports: list[int], home: int, host: str, ip: str, stats: Stats):
        self.ports = ports
        self.port = ports[home % len(ports)]
        self.host = host
        self.ip = ip
        self.stats = stats
        self.cookies: dict[str, str] = {}

    def _send(self, port: int, method: str, path: str, body: bytes, content_type: str):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Real-IP": self.ip,
            "X-Request-ID": uuid.uuid4().hex,
            "User-Agent": "kundcenter-smoke",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(response.status, response.headers.get("Location", ""), text)

    def request(self, label, method, path, *, fields=None, files=None, expect=200) -> Answer:
        body, content_type = b"", ""
        if files:
            body, content_type = _multipart(fields or {}, files)
        elif fields is not None:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        for _attempt in range(len(self.ports)):
            started = time.monotonic()
            try:
                answer = self._send(self.port, method, path, body, content_type)
            except ConnectionError as exc:  # refused, reset, closed (RemoteDisconnected)
                # The host is down and did not answer: the balancer sends the request to
                # the next host, which this person keeps using.
                other = self.ports[(self.ports.index(self.port) + 1) % len(self.ports)]
                failed = time.monotonic()
                self.stats.failovers.append((failed, self.port, other, f"{label}: {exc!r}"))
                self.port = other
                continue
            except OSError as exc:
                self.stats.error(f"{label} {method} {path} on :{self.port}: {exc!r}")
                raise UnexpectedAnswer(label) from exc
            self.stats.add(
                Sample(label, answer.status, time.monotonic() - started, self.port, started)
            )
            if answer.status != expect:
                self.stats.error(
                    f"{label} {method} {path} on :{self.port}: {answer.status} "
                    f"(expected {expect}) {answer.location} {answer.text[:300]!r}"
                )
                raise UnexpectedAnswer(label)
            return answer
        self.stats.error(f"{label} {method} {path}: every host refused the connection")
        raise UnexpectedAnswer(label)

    def get(self, label, path, expect=200) -> Answer:
        return self.request(label, "GET", urlsplit(path).path + _query(path), expect=expect)

    def post_form(self, label, path, fields, *, form: Answer, files=None, expect=302) -> Answer:
        token = CSRF.search(form.text)
        if not token:
            self.stats.error(f"{label}: no CSRF token on the form for {path}")
            raise UnexpectedAnswer(label)
        data = {"csrfmiddlewaretoken": token.group(1), **fields}
        return self.request(label, "POST", path, fields=data, files=files, expect=expect)


def _query(path: str) -> str:
    query = urlsplit(path).query
    return f"?{query}" if query else ""


def _multipart(fields: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run_people(people_and_scripts, seconds: float, stop: threading.Event) -> None:
    """Run each (person, script) in a thread; `script(person, stop)` loops until `stop` is
    set, which happens after `seconds`. Waits for every thread to finish its step."""
    threads = []
    for person, script in people_and_scripts:
        thread = threading.Thread(target=_guarded, args=(script, person, stop), daemon=True)
        thread.start()
        threads.append(thread)
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)


def log_in_all(people_and_logins, ramp_up_seconds: float) -> None:
    """Each person arrives at a random moment within `ramp_up_seconds` and runs
    `login(person)`; returns when all have."""
    threads = []
    for person, login in people_and_logins:
        delay = random.uniform(0, ramp_up_seconds)
        thread = threading.Thread(target=_arrive, args=(login, person, delay), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=300)


def _arrive(login, person, delay):
    time.sleep(delay)
    try:
        login(person)
    except UnexpectedAnswer:
        pass  # recorded in the stats
    except Exception as exc:
        person.stats.error(f"login failed: {exc!r}")


def _guarded(script, person, stop):
    try:
        script(person, stop)
    except UnexpectedAnswer:
        pass  # recorded in the stats; this person stops
    except Exception as exc:  # a bug in the script itself: recorded, never hidden
        person.stats.error(f"script failed: {exc!r}")
