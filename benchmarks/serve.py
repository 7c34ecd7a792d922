"""How `site-builder serve` answers a room of browsers at once.

    python benchmarks/serve.py [--clients 1000] [--slow 20] [--within 10]

Copies the default kit to a temporary folder, starts `python -m site_builder serve` on it
(a free port on 127.0.0.1), opens `slow` connections that send half a request and then
nothing, then has `clients` threads request the assessment page at the same moment, each
on its own connection. Prints how many were answered in full within `within` seconds, and
the median, p95 and max time from connecting to the last byte. Not a test (the suite runs
a smaller one, tests/test_serve_load.py): run it by hand and record the figures in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import machine, summary

REPO = Path(__file__).resolve().parent.parent
PAGE = "/checklists/network.html"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, within: float) -> float | None:
    """Seconds from connecting to the last byte of a 200 answer; None when it failed or
    took longer than `within`."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=within) as client:
            client.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Connection: close\r\n\r\n".encode())
            data = b""
            while chunk := client.recv(65536):
                data += chunk
                if time.monotonic() - started > within:
                    return None
    except OSError:
        return None
    return time.monotonic() - started if data.startswith(b"HTTP/1.1 200") else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--slow", type=int, default=20)
    parser.add_argument("--within", type=float, default=10.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    kit = folder / "kit"
    for name in ("content", "rules", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, kit / name)
    shutil.copyfile(REPO / "site.yaml", kit / "site.yaml")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--kit", str(kit),
                               "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith("serving "):
                break
        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(args.slow)]
        for client in slow:
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.")
        barrier = threading.Barrier(args.clients)

        def together(_: int) -> float | None:
            barrier.wait()
            return get(port, args.within)

        with ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(together, range(args.clients)))
        for client in slow:
            client.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(folder, ignore_errors=True)
    answered = [t for t in results if t is not None]
    for name, value in machine().items():
        print(f"{name}: {value}")
    print(f"{len(answered)} of {args.clients} concurrent requests answered within "
          f"{args.within:g} s, with {args.slow} slow clients holding half a request")
    if answered:
        sample = summary(answered)
        print(f"seconds to the last byte: median {sample.median:.3f}, p95 {sample.p95:.3f}, "
              f"max {sample.max:.3f}")


if __name__ == "__main__":
    main()
