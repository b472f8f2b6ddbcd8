"""Real-browser tests: JupyterLab and the HTML report in headless Chromium, driven by Playwright.

They need Debian's ``chromium`` (``/usr/bin/chromium``, or the path in ``$EGOV_CHROMIUM``) and the
Python package ``playwright`` (in the ``dev`` extra). Playwright's own browser download is never
used. Without either, the tests skip and say how to enable them; under ``CI=true`` they fail. Screenshots are written to
``test-artifacts/ui/`` at the top of the repository.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "ui"
CHROMIUM = Path(os.environ.get("EGOV_CHROMIUM", "/usr/bin/chromium"))
HOW_TO_ENABLE = ("install Debian's Chromium with `sudo apt-get install -y chromium` (or point $EGOV_CHROMIUM at a "
                 "Chromium binary) and the dev extra with `pip install -e '.[dev]'`; .ci/run does both")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    """Poll ``url`` until it answers; fail with the server's log if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with status {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"server did not answer {url} within {timeout} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def unavailable(reason: str) -> None:
    """Skip a browser test that cannot run here, with the reason; under ``CI=true``, fail instead.

    CI installs everything these tests need, so there a missing browser is a broken CI set-up,
    and a green run must mean the browser tests ran.
    """
    message = f"{reason}: {HOW_TO_ENABLE}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true, but a browser test cannot run: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium from the system package (skips with instructions when unavailable)."""
    if not CHROMIUM.is_file():
        unavailable(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package playwright is not installed")
    with sync_playwright() as playwright:
        # No background networking: the machine is offline, and the report must work offline.
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; a screenshot of it is saved as a test artefact when the test ends."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-final.png"), full_page=False)
    finally:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-artifacts/ui/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@dataclass
class Lab:
    url: str
    token: str
    root: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}"


@pytest.fixture
def jupyterlab(tmp_path, browser) -> Iterator[Lab]:
    """JupyterLab on 127.0.0.1 with a random port and token, serving a copy of the explorer notebook.

    The copy keeps autosave away from the committed notebook; configuration, runtime, settings
    and workspace folders are private to the test, and news and update checks are off.
    """
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(REPO / "notebooks" / "09_explorer.ipynb", root / "09_explorer.ipynb")
    settings = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"), EGOV_FIGURES_DIR=str(tmp_path / "figures"))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = tmp_path / "jupyterlab.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=root)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{url}/api/status?token={token}", process, log)
        yield Lab(url, token, root)
    finally:
        stop(process)
