"""The dev server under load, in this process: many clients at once, and slow ones that send
half a request, must neither wait on each other nor hold the server for ever."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from site_builder.serve.http import BuildState, DevServer, LiveSite, RequestHandler

CLIENTS = 200
SLOW = 5
ANSWERED_WITHIN = 5.0  # seconds, for each normal request


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DevServer]:
    (tmp_path / "index.html").write_text("<!DOCTYPE html><html><head></head><body>Hi</body>"
                                         "</html>\n", encoding="utf-8")
    site = LiveSite()
    site.publish(BuildState(1, tmp_path))
    served = DevServer("127.0.0.1", 0, site, check_host=True, log_requests=False)
    thread = threading.Thread(target=served.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    yield served
    site.close()
    served.shutdown()
    served.server_close()


def get(port: int) -> tuple[float, bytes]:
    """The seconds one whole GET took, from connecting to the last byte, and the status line."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                       "Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := client.recv(65536):
            data += chunk
    return time.monotonic() - started, data.split(b"\r\n", 1)[0]


def half_request(port: int) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", port), timeout=30)
    client.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0")
    return client


def test_many_clients_at_once_and_slow_ones_are_all_answered(server: DevServer) -> None:
    port = server.server_address[1]
    slow = [half_request(port) for _ in range(SLOW)]
    try:
        barrier = threading.Barrier(CLIENTS)

        def together(_: int) -> tuple[float, bytes]:
            barrier.wait()
            return get(port)

        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(together, range(CLIENTS)))
    finally:
        for client in slow:
            client.close()
    assert {status for _, status in results} == {b"HTTP/1.1 200 OK"}
    slowest = max(seconds for seconds, _ in results)
    assert slowest < ANSWERED_WITHIN, f"the slowest of {CLIENTS} took {slowest:.1f} s"


def test_a_client_that_sends_half_a_request_is_let_go(server: DevServer) -> None:
    client = half_request(server.server_address[1])
    with client:
        client.settimeout(30)
        started = time.monotonic()
        assert client.recv(1024) == b""  # closed by the server (a timeout here: never)
        assert time.monotonic() - started < RequestHandler.timeout + 3
