"""The key findings of the landing page: which recorded results, and how each is stated.

A finding names a recorded result (``Results.add`` / ``Results.add_test`` in a notebook) and a
plain headline. Its value, interval, p-value, n and method come from the recorded results of
the run the book is built from, never from this file; a finding whose result was not recorded
says so instead of disappearing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..formatting import fmt, pvalue

__all__ = ["Finding", "KEY_FINDINGS", "state"]


@dataclass(frozen=True)
class Finding:
    """One headline of the landing page: a recorded result of one notebook."""

    notebook: str
    name: str
    headline: str


KEY_FINDINGS: tuple[Finding, ...] = (
    Finding("01_claims_audit", "claims_reproduced_share",
            "Share of the sources' quantitative claims that their own tables reproduce"),
    Finding("02_egdi_trajectory", "percentile_slope",
            "Kazakhstan's EGDI percentile among all UN members, change per year (Theil-Sen slope)"),
    Finding("02_egdi_trajectory", "percentile_trend",
            "Monotone trend of Kazakhstan's EGDI percentile over the rounds (Kendall's tau)"),
    Finding("03_portal_adoption_doi", "best_model", "Adoption curve the portal data favour (AICc)"),
    Finding("04_service_quality", "smallest_attainable_p",
            "Smallest p-value an exact permutation test can reach with the years 2018-2021"),
    Finding("05_integration_and_ict", "fulfilment_pooled", "Share of planned integrations implemented, all years"),
    Finding("05_integration_and_ict", "fulfilment_difference",
            "Difference in the share of planned integrations implemented between the years compared (percentage points)"),
    Finding("06_regional_comparison", "beta_slope",
            "Beta convergence among the UNDP survey countries (slope of growth on initial level)"),
    Finding("06_regional_comparison", "kendalls_w", "Agreement of six indices on the ranking of the countries"),
    Finding("08_readiness_survey", "response_rate_overall", "Response rate of the UNDP readiness survey"),
    Finding("10_egdi_forecasts", "mae_all_carry_forward",
            "Out-of-sample error of carry-forward, the naive forecast of the 2024 EGDI (all members, MAE)"),
    Finding("10_egdi_forecasts", "mae_all_pooled_logit",
            "Out-of-sample error of the pooled diffusion model for the 2024 EGDI (all members, MAE)"),
    Finding("11_policy_targets", "targets_met", "National programme targets met, of those the data can evaluate"),
)


def _unit(unit: Any) -> str:
    """A recorded unit as words after the value (``index_0_1`` is an index on the 0-1 scale)."""
    text = str(unit or "")
    if text in ("", "1", "proportion"):
        return ""
    return " " + text.replace("index_0_1", "index points (0-1 scale)").replace("_", " ")


def _p(value: Any) -> str:
    shown = pvalue(value)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def state(finding: Finding, results: dict[str, dict[str, Any]]) -> str:
    """One sentence (Markdown) for ``finding`` from the recorded results of its run, by name.

    The value is shown with the collection's formatting policy; the interval, p-value and n are
    those recorded beside it (``name_ci_low``, ``name_ci_high``, ``name_p``, ``name_n``), and the
    method is the recorded description. A result that was not recorded is said to be missing.
    """
    row = results.get(finding.name)
    if row is None:
        return f"**{finding.headline}**: not recorded in this run (`{finding.notebook}`, `{finding.name}`)."
    parts = []
    low, high = results.get(f"{finding.name}_ci_low"), results.get(f"{finding.name}_ci_high")
    if low is not None and high is not None:
        level = "95 % interval" if "95%" in str(low.get("description", "")) else "interval"
        parts.append(f"{level} {fmt(low['value'])} to {fmt(high['value'])}")
    if f"{finding.name}_p" in results:
        parts.append(_p(results[finding.name + "_p"]["value"]))
    if f"{finding.name}_n" in results:
        parts.append(f"n = {fmt(results[finding.name + '_n']['value'])}")
    about = str(row.get("description") or "").strip().rstrip(".")
    detail = f" ({'; '.join(parts)})" if parts else ""
    method = f" Method: {about}." if about else ""
    return f"**{finding.headline}**: {fmt(row['value'])}{_unit(row.get('unit'))}{detail}.{method}"
