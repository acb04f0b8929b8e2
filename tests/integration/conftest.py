"""Fixtures for integration tests: the `kg` command as a subprocess and a real uvicorn server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest

from tests.conftest import copied_store

KG = Path(sys.executable).with_name("kg")
OXIGRAPH = KG.with_name("oxigraph")

RunKg = Callable[..., subprocess.CompletedProcess[str]]


def run_kg(
    *args: str | Path, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed `kg` console script and capture its output."""
    return subprocess.run(
        [str(KG), *map(str, args)],
        capture_output=True,
        text=True,
        input=input,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def kg() -> RunKg:
    """The `kg` command as a subprocess runner."""
    return run_kg


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running `kg serve` process."""

    url: str
    process: subprocess.Popen[str]
    log: IO[str] | None = None

    def stderr(self) -> str:
        """Return what the server wrote on stderr so far."""
        if self.log is None:
            return ""
        self.log.seek(0)
        return self.log.read()


def start_server(store: Path | None, env: dict[str, str] | None = None) -> Server:
    """Start `kg serve` on a free loopback port (with extra `env`) and wait until /health answers.

    `store` None serves the store the environment names (KG_STORE_URL or KG_STORE).
    """
    port = free_port()
    where = [] if store is None else ["--store", str(store)]
    # A file, not a pipe: a server that logs a lot must never block on a full pipe.
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - the Server owns it; stop_server closes it
    process = subprocess.Popen(
        [str(KG), "serve", *where, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            message = log.read()
            log.close()
            raise RuntimeError(f"server exited: {message}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return Server(url, process, log)
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    log.close()
    raise RuntimeError("server did not start within 60 s")


def stop_server(server: Server) -> None:
    """Stop a server started by `start_server` and wait for it to release the store."""
    server.process.terminate()
    server.process.communicate(timeout=30)
    if server.log is not None:
        server.log.close()


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory, ingested_corpus: Path) -> Path:
    """A store on disk holding the whole corpus (the module's own copy of the session's)."""
    return copied_store(ingested_corpus, tmp_path_factory.mktemp("store"))


@contextmanager
def running(command: list[str], ready: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` until the block ends; wait until GET `ready` answers 200."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text(errors="replace")
            try:
                if httpx.get(ready, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"{command[0]} did not start"
            time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def oxigraph_server(folder: Path, *, is_persistent: bool = True) -> Iterator[str]:
    """Start `oxigraph serve`; yield its base URL.

    Query it at `/query?union-default-graph` (the union of all graphs as the default graph, as the
    embedded store does); the server-wide `--union-default-graph` would refuse updates with USING.
    """
    port = free_port()
    location = ["--location", str(folder / "db")] if is_persistent else []
    command = [str(OXIGRAPH), "serve", *location, "--bind", f"127.0.0.1:{port}"]
    url = f"http://127.0.0.1:{port}"
    with running(command, url + "/query?query=ASK{}", folder / "log"):
        yield url
