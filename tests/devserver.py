"""`site-builder serve` as a subprocess, and raw HTTP requests to it.

Raw requests send the request target byte for byte (no client library normalises
`..` or percent-escapes first). The server's temporary folder is a TMPDIR of the caller's
own, so a test can look at (and plant symlinks in) the served build.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

SECRET = "TOP-SECRET-outside-the-site"
RULE_FILE = "rules/instrumental.yaml"
OLD_TITLE = "Find an impartial sounding board for your career"
PAGE = "/checklists/network.html"


@dataclass
class Server:
    process: subprocess.Popen[str]
    port: int
    tmp: Path  # the server's TMPDIR
    stderr: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def builds(self) -> list[Path]:
        """The build folders, oldest first; the last is the one served."""
        found = self.tmp.glob("site-builder-serve-*/site-*")
        return sorted(found, key=lambda p: int(p.name.rsplit("-", 1)[1]))

    def get(self, target: str, host: str | None = None) -> Response:
        return request(self.port, target.encode(),
                       host=(self.host if host is None else host).encode())

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=15)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def _hear_ctrl_c() -> None:
    """The server stops on SIGINT (Ctrl-C), as Python stops on it unless it starts with
    SIGINT ignored, which a shell does to the commands of a background job: tests run
    with `&` must still be able to stop it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def request(port: int, target: bytes, host: bytes | None = b"local", method: bytes = b"GET",
            extra: bytes = b"") -> Response:
    """One HTTP/1.1 request, written by hand; `host=None` sends no Host header."""
    host = f"127.0.0.1:{port}".encode() if host == b"local" else host
    head = method + b" " + target + b" HTTP/1.1\r\n"
    if host is not None:
        head += b"Host: " + host + b"\r\n"
    head += extra + b"Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    header_block, _, body = data.partition(b"\r\n\r\n")
    lines = header_block.decode("iso-8859-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Response(int(lines[0].split()[1]), headers, body)


def pump(stream: IO[str], to: Callable[[str], None]) -> None:
    for line in stream:
        to(line)


def start_server(kit: Path, tmp: Path, *args: str) -> Server:
    """`python -m site_builder serve --port 0`, once it says where it serves."""
    tmp.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--kit", str(kit), "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=_hear_ctrl_c)
    lines: queue.Queue[str] = queue.Queue()
    server = Server(process, 0, tmp)
    assert process.stdout is not None and process.stderr is not None
    threading.Thread(target=pump, args=(process.stdout, lines.put), daemon=True).start()
    threading.Thread(target=pump, args=(process.stderr, server.stderr.append),
                     daemon=True).start()
    try:
        first = lines.get(timeout=60)
    except queue.Empty:
        process.kill()
        pytest.fail(f"serve said nothing in 60 s; stderr: {''.join(server.stderr)}")
    found = re.search(r"http://[^/ ]+:(\d+)/", first)
    assert found, first
    server.port = int(found.group(1))
    return server


def wait_for(check: Callable[[], bool], what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"waited {timeout} s for {what}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


TYPO = "pick: all: oops"


def break_yaml(rules: Path) -> str:
    """Make a YAML syntax error in a rule file; the start of its diagnostic."""
    line = rules.read_text(encoding="utf-8").splitlines().index("pick: all") + 1
    edit(rules, "pick: all", TYPO)
    return f"{rules.parent.name}/{rules.name}:{line}:10: error: YAML syntax error: mapping " \
        "values are not allowed here"
