"""The book (``python -m egovlib._book``) opened in a real (headless) browser, offline.

The book is built from a report folder assembled from the committed, executed notebooks (the
book never executes a notebook, so this is the same input as after ``egov report``) plus one
grid run, so that the grid section is exercised too. Every request the pages make is
intercepted: anything that is not the local server fails the test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from .conftest import REPO, free_port, screenshot, stop, wait_for_http

TIMEOUT = 30_000
GRID_RUN = "02_egdi_trajectory/country=KAZ"


def fake_report(folder: Path) -> Path:
    """A report folder as ``egov report`` writes it, from the committed notebooks and one grid run."""
    notebooks = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    entries = []
    for i, path in enumerate(notebooks):
        for run in [path.stem] + ([GRID_RUN] if path.stem == GRID_RUN.split("/")[0] else []):
            (folder / run).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, folder / run / path.name)
            entries.append({"run": run, "notebook": path.stem, "parameters": {"country": "KAZ"} if "/" in run else {},
                            "status": "ok", "started": "", "finished": "", "duration_s": 1.5 + i, "cell": None,
                            "error": None, "warnings": []})
    manifest = {"run_id": "20260101T000000Z", "started": "2026-01-01T00:00:00+00:00",
                "finished": "2026-01-01T00:01:30+00:00", "duration_s": 90.0, "status": "ok", "complete": False,
                "python": sys.version.split()[0], "platform": "test", "executor": "process pool, 1 workers",
                "timeout_s": 900.0, "packages": {"pandas": "x"}, "data_checksums": {}, "notebooks": entries}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def book(tmp_path_factory, browser) -> Path:
    """The book of the fake report, built by the command line."""
    report = fake_report(tmp_path_factory.mktemp("report"))
    done = subprocess.run([sys.executable, "-m", "egovlib._book", "--report", str(report)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"the book was not built:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return report / "book"


@pytest.fixture(scope="session")
def served(book, tmp_path_factory):
    """The book over HTTP on 127.0.0.1."""
    port = free_port()
    log = tmp_path_factory.mktemp("http") / "http.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                    "--directory", str(book)], stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url + "index.html", process, log)
        yield url
    finally:
        stop(process)


@pytest.fixture
def offline(page, served):
    """The page, with every request outside the local server aborted and recorded."""
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(served) or urlparse(url).scheme in ("data", "blob", "about"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.context.route("**/*", route)
    page.set_default_timeout(TIMEOUT)
    yield page, outside


def all_pages(book: Path) -> list[str]:
    """The book's pages (the theme's template fragments under _static/ are not pages)."""
    found = (p.relative_to(book) for p in book.rglob("*.html"))
    return sorted(p.as_posix() for p in found if p.parts[0] != "_static")


def load_images(page) -> list[str]:
    """Scroll every image into view, wait for it, and return the sources of those that did not load."""
    broken = []
    images = page.locator("img")
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.complete || new Promise(r => { img.onload = img.onerror = r; })")
        if image.evaluate("img => img.naturalWidth") == 0:
            broken.append(image.get_attribute("src"))
    return broken


def test_every_page_renders_and_every_figure_loads_offline(offline, served, book):
    page, outside = offline
    pages = all_pages(book)
    expected = {"index.html", "status.html", "results.html", "bibliography.html", "data/index.html",
                "registers/conflicts.html", "registers/claims.html", "grid/index.html",
                "grid/02_egdi_trajectory--country=KAZ.html"}
    assert expected <= set(pages), f"pages missing from the book: {sorted(expected - set(pages))}"
    datasets = json.loads((REPO / "data" / "datapackage.json").read_text())["resources"]
    for resource in datasets:
        if resource["name"] not in ("conflicts", "claims"):
            assert f"data/{resource['name']}.html" in pages, f"no page for the dataset {resource['name']}"
    figures = 0
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    for relative in pages:
        response = page.goto(served + relative)
        assert response is not None and response.status == 200, f"{relative}: HTTP {response and response.status}"
        page.wait_for_load_state("load")
        assert page.locator("article h1").count() >= 1 or relative in ("search.html", "genindex.html"), \
            f"{relative}: no heading rendered"
        broken = load_images(page)
        assert not broken, f"{relative}: figures that did not load: {broken}"
        if relative.startswith("chapters/"):
            figures += page.locator("article img").count()
    committed = len(list((REPO / "figures").glob("*.png")))
    assert figures >= committed, f"the chapters show {figures} figures; figures/ holds {committed}"
    assert not errors, f"script errors: {errors}"
    assert not outside, f"the book requested URLs outside itself: {sorted(set(outside))}"
    page.goto(served + "chapters/02_egdi_trajectory.html")
    page.locator("article img").first.scroll_into_view_if_needed()
    screenshot(page, "book-chapter")
    page.goto(served + "index.html")
    screenshot(page, "book-landing")


def test_landing_page_states_findings_from_the_results(offline, served, book):
    page, outside = offline
    page.goto(served + "index.html")
    findings = page.locator("#key-findings li")
    assert findings.count() >= 5
    text = findings.all_inner_texts()
    # 01_claims_audit records the share of reproduced claims with its Clopper-Pearson interval; both are
    # recomputed here from data/claims.csv and the beta quantiles (as R's binom.test(k, n)$conf.int does).
    import pandas as pd
    from scipy.stats import beta

    from egovlib.datasets import default_data_dir
    from egovlib.formatting import fmt

    claims = pd.read_csv(default_data_dir() / "claims.csv")
    k, n = int((claims["verdict"] == "reproduced").sum()), len(claims)
    low, high = beta.ppf(0.025, k, n - k + 1), beta.ppf(0.975, k + 1, n - k)
    assert any(fmt(k / n) in t and f"{fmt(low)} to {fmt(high)}" in t and f"n = {n}" in t for t in text), text
    assert not any("not recorded" in t for t in text), text
    assert not outside


def test_search_finds_a_dataset_by_name(offline, served, book):
    page, outside = offline
    page.goto(served + "search.html?q=portal_users")
    results = page.locator("#search-results a")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "data/portal_users.html" in hrefs[0], f"the dataset's page is not the first hit: {hrefs}"
    screenshot(page, "book-search")
    assert not outside


def test_register_filter_and_captions(offline, served, book):
    page, outside = offline
    page.goto(served + "registers/conflicts.html")
    rows = page.locator(".egov-register tbody tr")
    total = rows.count()
    assert total >= 10
    page.locator(".egov-filter").fill("2010")
    visible = page.locator(".egov-register tbody tr:visible").count()
    assert 0 < visible < total
    screenshot(page, "book-conflicts")
    page.goto(served + "bibliography.html")
    body = page.locator("article").inner_text()
    assert "dsj2023 (2023)" not in body and "Data Science Journal (2023)" in body
    assert not outside


def test_no_link_is_broken(page, served, book):
    broken: dict[str, str] = {}
    seen: set[str] = set()
    for relative in all_pages(book):
        page.goto(served + relative)
        hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
        for href in hrefs:
            target, fragment = urldefrag(href)
            if not target.startswith(served):
                assert urlparse(target).scheme in ("https", "http", "mailto"), f"{relative}: odd link {href}"
                continue
            key = href
            if key in seen:
                continue
            seen.add(key)
            response = page.request.get(target)
            if response.status != 200:
                broken[href] = f"HTTP {response.status} (on {relative})"
            elif fragment and target.endswith(".html"):
                ids = page.request.get(target).text()
                if f'id="{fragment}"' not in ids:
                    broken[href] = f"no anchor #{fragment} (on {relative})"
    assert not broken, f"broken links: {broken}"
    assert len(seen) > 100
    assert urljoin(served, "data/egdi_kazakhstan.html") in {urldefrag(h)[0] for h in seen}
