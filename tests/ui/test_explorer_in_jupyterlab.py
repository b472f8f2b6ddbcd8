"""The explorer notebook in JupyterLab, in a real (headless) browser."""

from __future__ import annotations

from .conftest import screenshot

TIMEOUT = 90_000  # ms: a cold kernel start and the first figure can be slow on a busy CI machine
CHART_READY = """() => {
    const img = document.querySelector('img.egov-chart');
    const table = document.querySelector('.egov-table');
    return !!img && img.naturalWidth > 0 && !!table && table.innerText.trim().length > 0;
}"""


def run_all_cells(page) -> None:
    """Clear the stored outputs (their widgets are views of saved state, not live), then run all cells
    and wait until the live explorer shows its first chart and table."""
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=TIMEOUT)
    page.get_by_role("menuitem", name="Edit", exact=True).click()
    page.locator("li[data-command='editmenu:clear-all']").click()
    page.wait_for_function("() => document.querySelectorAll('img.egov-chart').length === 0", timeout=TIMEOUT)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    chart = page.locator("img.egov-chart")
    chart.wait_for(state="attached", timeout=TIMEOUT)
    chart.scroll_into_view_if_needed()
    page.wait_for_function(CHART_READY, timeout=TIMEOUT)


def chart_and_table(page) -> tuple[str, str]:
    return page.locator("img.egov-chart").get_attribute("src"), page.locator(".egov-table").inner_text()


def wait_for_change(page, before: tuple[str, str]) -> None:
    page.wait_for_function(
        """([src, text]) => {
            const img = document.querySelector('img.egov-chart');
            const table = document.querySelector('.egov-table');
            return img && table && img.src !== src && img.naturalWidth > 0 && table.innerText !== text;
        }""", arg=list(before), timeout=TIMEOUT)


def test_explorer_runs_and_reacts_to_dataset_and_country(page, jupyterlab):
    page.goto(jupyterlab.notebook_url("09_explorer.ipynb"))
    page.locator(".jp-Notebook").wait_for(timeout=TIMEOUT)
    run_all_cells(page)
    first = chart_and_table(page)
    assert "ARM" in first[1] and "index_0_1" in first[1]  # the default view: EGDI of the survey countries
    screenshot(page, "explorer-1-default")

    page.locator(".egov-dataset select").select_option("portal_users")
    wait_for_change(page, first)
    second = chart_and_table(page)
    assert "percent_of_population" in second[1] and "ARM" not in second[1]
    options = page.locator(".egov-countries select option").all_inner_texts()
    assert options == ["KAZ"]  # the country list was reset to what the new dataset has
    screenshot(page, "explorer-2-dataset-changed")

    page.locator(".egov-dataset select").select_option("egdi_regional")
    page.wait_for_function("() => document.querySelector('.egov-table').innerText.includes('index_0_1')",
                           timeout=TIMEOUT)
    third = chart_and_table(page)
    page.locator(".egov-countries select").select_option(["KAZ", "TJK"])
    wait_for_change(page, third)
    fourth = chart_and_table(page)
    rows = [line.split("\t")[0] for line in fourth[1].splitlines()[1:] if "\t" in line]
    assert set(rows) == {"KAZ", "TJK"}
    screenshot(page, "explorer-3-countries-changed")


def test_empty_selection_says_so_in_the_browser(page, jupyterlab):
    page.goto(jupyterlab.notebook_url("09_explorer.ipynb"))
    page.locator(".jp-Notebook").wait_for(timeout=TIMEOUT)
    run_all_cells(page)
    page.locator(".egov-countries select").select_option([])
    page.locator(".egov-message", has_text="No country selected").wait_for(timeout=TIMEOUT)
    # the widget clears the table before it sets the message; the browser may show them a frame apart
    page.wait_for_function("() => document.querySelector('.egov-table').innerText.trim() === ''", timeout=5_000)
    assert page.locator(".egov-table").inner_text().strip() == ""
    screenshot(page, "explorer-4-empty-selection")
