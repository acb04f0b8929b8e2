"""An ingest killed halfway (SIGKILL or Ctrl-C) and run again stores every article exactly once, as a
clean run does; the progress bar shows on a terminal only."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import signal
import struct
import subprocess
import termios
from pathlib import Path

import pytest

from tests.integration.conftest import KG, RunKg
from tests.integration.ingest_checks import dump, graph_count

pytestmark = pytest.mark.integration

COMMITTED_BEFORE_KILL = 3


@pytest.fixture(scope="module")
def articles(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the 15 shortest dev articles."""
    folder = tmp_path_factory.mktemp("articles")
    shortest = sorted((repo_root / "corpus" / "dev").glob("*.md"), key=lambda p: p.stat().st_size)
    for path in shortest[:15]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def clean(kg: RunKg, articles: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The dump of one uninterrupted ingest of `articles`."""
    store = tmp_path_factory.mktemp("clean") / "store"
    result = kg("ingest", articles, "--store", store)
    assert result.returncode == 0, result.stderr
    return dump(store)


def _interrupt(articles: Path, store: Path, signum: signal.Signals) -> tuple[int, int]:
    """Start `kg ingest`, send `signum` once a few articles are committed; return how many articles
    it reported committed and its exit code."""
    process = subprocess.Popen(
        # Small batches, so commits follow parsing closely and the signal comes mid-ingest.
        [str(KG), "ingest", str(articles), "--store", str(store), "--batch-size", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        # A test run started in the background inherits SIGINT ignored; Ctrl-C must reach kg here.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    lines = iter(process.stdout)  # one line per committed article, flushed after its commit
    committed = 0
    while committed < COMMITTED_BEFORE_KILL:
        committed += next(lines).startswith("added")
    process.send_signal(signum)
    committed += sum(line.startswith("added") for line in lines)
    process.stdout.close()
    return committed, process.wait(timeout=60)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_ingest_resume_after_interrupt_stores_each_article_once(
    kg: RunKg, articles: Path, tmp_path: Path, clean: list[str], signum: signal.Signals
) -> None:
    store = tmp_path / "store"
    committed, code = _interrupt(articles, store, signum)
    assert code == (-signal.SIGKILL if signum == signal.SIGKILL else 130)
    # The store reopens, and holds only whole articles, each as the clean run stored it.
    stored = graph_count(store)
    assert COMMITTED_BEFORE_KILL <= committed <= stored < 15
    assert set(dump(store)) <= set(clean)
    again = kg("ingest", articles, "--store", store)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("unchanged") == stored
    assert graph_count(store) == 15
    assert dump(store) == clean
    assert kg("validate", "--store", store).returncode == 0


def test_ingest_resume_progress_bar_only_on_a_terminal(
    kg: RunKg, articles: Path, tmp_path: Path
) -> None:
    one = sorted(articles.iterdir())[:2]
    piped = kg("ingest", *one, "--store", tmp_path / "piped")
    assert piped.returncode == 0, piped.stderr
    assert "article/s" not in piped.stderr and len(piped.stderr.splitlines()) == 1
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    process = subprocess.Popen(
        [str(KG), "ingest", *map(str, one), "--store", str(tmp_path / "tty")],
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    assert b"article/s" in shown and b"2 article " in shown  # a count: the input streams
