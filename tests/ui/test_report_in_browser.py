"""The HTML report of a real `egov report` run, opened in a real (headless) browser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from .conftest import REPO, free_port, screenshot, stop, wait_for_http

TIMEOUT = 30_000


@pytest.fixture(scope="session")
def report_dir(tmp_path_factory, browser) -> Path:
    """A complete report of every notebook, built once by the command line runner."""
    out = tmp_path_factory.mktemp("reports")
    done = subprocess.run([sys.executable, "-m", "egovlib.cli", "report", "--out", str(out), "--quiet"],
                          cwd=REPO, capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, f"egov report failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return (out / "latest").resolve()


@pytest.fixture
def served(report_dir, tmp_path) -> str:
    """The report folder over HTTP on 127.0.0.1 (so the browser sees what a reader's server would serve)."""
    port = free_port()
    log = tmp_path / "http.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                    "--directory", str(report_dir)], stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url + "index.html", process, log)
        yield url
    finally:
        stop(process)


def test_every_figure_loads_and_no_link_is_broken(page, served, report_dir):
    page.goto(served + "index.html")
    images = page.locator("img")
    count = images.count()
    committed = sorted(p.name for p in (REPO / "figures").glob("*.png"))
    assert count == len(committed), f"the report shows {count} figures; figures/ holds {len(committed)}"
    broken = []
    for i in range(count):
        image = images.nth(i)
        image.scroll_into_view_if_needed()  # the report loads figures lazily
        image.evaluate("img => img.complete || new Promise(r => { img.onload = img.onerror = r; })")
        if image.evaluate("img => img.naturalWidth") == 0:
            broken.append(image.get_attribute("src"))
    assert not broken, f"figures that did not load: {broken}"
    screenshot(page, "report-index")

    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    local = sorted({h for h in hrefs if not urlparse(h).scheme and not h.startswith("#")})
    assert any(h.endswith(".html") for h in local) and "manifest.json" in local
    failures = {}
    for href in local:
        response = page.request.get(urljoin(served, href))
        if response.status != 200:
            failures[href] = response.status
    assert not failures, f"broken links in index.html: {failures}"
    external = sorted({h for h in hrefs if urlparse(h).scheme in ("http", "https")})
    assert all(h.startswith(served) for h in external), f"links that leave the report: {external}"


def test_notebook_pages_render_their_figures(page, served, report_dir):
    pages = sorted(p.relative_to(report_dir).as_posix() for p in report_dir.glob("*/*.html"))
    assert len(pages) == len(list((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    for relative in pages:
        page.goto(served + relative)
        page.wait_for_load_state("load")
        images = page.locator("img")
        empty = [i for i in range(images.count()) if images.nth(i).evaluate("img => img.naturalWidth") == 0]
        assert not empty, f"{relative}: {len(empty)} images did not load"
        assert page.locator(".jp-OutputArea-output, .output_area").count() > 0, f"{relative}: no outputs"
    screenshot(page, "report-notebook-page")
