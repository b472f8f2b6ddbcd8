"""Find the disagreements: seed against seed, facts stated twice, seeds against the official series."""

from __future__ import annotations

import pandas as pd

from egovlib._crosscheck.compare import (
    CONFLICT_COLUMNS,
    EPS,
    PRINTED_TOLERANCE,
    UN_SOURCE,
    WB_DAI_SOURCE,
    WB_GTMI_SOURCE,
    ExternalData,
    _compare,
    _conflict,
    _series,
    conflict_id,
    world_means,
)
from egovlib.datasets import DataPackage, default_package


def _un_series(un: pd.DataFrame) -> pd.DataFrame:
    table = un.rename(columns={"value": "printed"})[["country", "year", "indicator", "printed", "file"]]
    table = table.assign(source=UN_SOURCE, locator="Data Center export " + table["file"])
    aggregates = []
    for indicator in ("egdi", "epart"):
        sub = un[un["indicator"] == indicator]
        means = world_means(sub).set_index("year")["value"]
        for year, group in sub.groupby("year"):
            mean = float(means.get(int(year), float("nan")))
            for stat, value in (("world_mean", mean), ("world_max", group["value"].max())):
                aggregates.append({
                    "country": "WLD", "year": year, "indicator": f"{indicator}_{stat}",
                    "printed": value, "source": UN_SOURCE,
                    "locator": f"recomputed over the {len(group)} members in the {year} export",
                })
    return pd.concat([table.drop(columns="file"), pd.DataFrame(aggregates)], ignore_index=True)


def _eaeu_long(package: DataPackage) -> pd.DataFrame:
    wide = package.load("eaeu_egdi_groups")
    rows = []
    for r in wide.itertuples(index=False):
        for year in (2018, 2020, 2022):
            rows.append({"country": r.country, "year": year, "indicator": "egdi_rank",
                         "printed": float(getattr(r, f"egdi_rank_{year}")),
                         "source": r.source, "locator": r.locator})
    return pd.DataFrame(rows).astype({"country": "string", "indicator": "string"})


def _services_consistent(a: pd.Series, b: pd.Series) -> bool:
    """Whether two hedged figures can both be true (``more_than`` is a lower bound)."""
    tolerance = {"exact": 0.0, "approximately": 0.05}
    def bounds(row):
        v = float(row["value"])
        if row["qualifier"] == "more_than":
            return v, float("inf")
        slack = tolerance[row["qualifier"]] * abs(v)
        return v - slack, v + slack
    lo_a, hi_a = bounds(a)
    lo_b, hi_b = bounds(b)
    return lo_a <= hi_b + EPS and lo_b <= hi_a + EPS


def _services_conflicts(package: DataPackage) -> list[dict]:
    table = package.load("services_digital")
    out = []
    for (country, year, indicator), group in table.groupby(["country", "year", "indicator"], observed=True):
        rows = group.to_dict("records")
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                a, b = rows[i], rows[j]
                if a["source"] == b["source"] or _services_consistent(a, b):
                    continue
                a, b = sorted((a, b), key=lambda r: r["source"])
                out.append(_conflict("services_digital", country, year, indicator, a, b))
    return out


def _satisfaction_conflict(package: DataPackage) -> list[dict]:
    milestones = package.load("adoption_milestones")
    performance = package.load("platform_performance")
    out = []
    for m in milestones[milestones["indicator"] == "service_satisfaction"].to_dict("records"):
        match = performance[
            (performance["indicator"] == "service_satisfaction")
            & (performance["breakdown"] == "overall")
            & (performance["year"] == m["year"])
            & (performance["country"] == m["country"])
        ]
        for p in match.to_dict("records"):
            if abs(float(p["value"]) - float(m["value"])) > EPS:
                out.append(_conflict("adoption_milestones", m["country"], m["year"],
                                     "service_satisfaction", m, p))
    return out


def _text_figure_conflicts(package: DataPackage) -> list[dict]:
    """One row per pair of different values stated for the same fact (country, indicator, breakdown)."""
    table = package.load("text_figures").sort_values(["source", "locator"], kind="stable")
    out = []
    keys = ["country", "indicator", "breakdown"]
    for (country, indicator, breakdown), group in table.groupby(keys, observed=True, sort=True):
        firsts = [rows.iloc[0] for _, rows in group.groupby("value", sort=False)]
        for i in range(len(firsts)):
            for j in range(i + 1, len(firsts)):
                a, b = firsts[i], firsts[j]
                out.append({
                    "conflict_id": (f"text_figures:{country}:{indicator}:{breakdown}:"
                                    f"{a['source']}={float(a['value']):g}~{b['source']}={float(b['value']):g}"),
                    "dataset": "text_figures", "country": country, "year": None, "indicator": indicator,
                    "value_a": float(a["value"]), "source_a": a["source"], "locator_a": a["locator"],
                    "value_b": float(b["value"]), "source_b": b["source"], "locator_b": b["locator"],
                })
    return out


def _legal_act_conflicts(package: DataPackage) -> list[dict]:
    """Acts with the same country and number printed with two different dates."""
    table = package.load("legal_acts")
    table = table[table["number"].notna() & table["date"].notna()]
    table = table.sort_values(["source", "locator"], kind="stable")
    out = []
    for (country, number), group in table.groupby(["country", "number"], observed=True, sort=True):
        firsts = [rows.iloc[0] for _, rows in group.groupby("date", sort=False)]
        for i in range(len(firsts)):
            for j in range(i + 1, len(firsts)):
                a, b = firsts[i], firsts[j]
                out.append({
                    "conflict_id": conflict_id("legal_acts", country, int(a["year"]), f"number_{number}",
                                               a["source"], b["source"]),
                    "dataset": "legal_acts", "country": country, "year": int(a["year"]),
                    "indicator": f"date of act {number}",
                    "value_a": None, "source_a": a["source"], "locator_a": f"{a['locator']} ({a['date']})",
                    "value_b": None, "source_b": b["source"], "locator_b": f"{b['locator']} ({b['date']})",
                })
    return out


def _portal_launch_conflicts(package: DataPackage) -> list[dict]:
    """Stage II of e-government (the portal) against the portal's launch year in adoption_milestones."""
    stages = package.load("egov_stages")
    stages = stages[(stages["stage"].astype(str) == "II") & stages["start_year"].notna()]
    launches = package.load("adoption_milestones")
    launches = launches[launches["indicator"].astype(str) == "portal_launch"]
    out = []
    for stage in stages.to_dict("records"):
        for launch in launches[launches["country"] == stage["country"]].to_dict("records"):
            if int(launch["year"]) != int(stage["start_year"]):
                out.append({
                    "conflict_id": conflict_id("egov_stages", stage["country"], int(stage["start_year"]),
                                               "portal_launch_year", stage["source"], launch["source"]),
                    "dataset": "egov_stages", "country": stage["country"], "year": int(stage["start_year"]),
                    "indicator": "portal_launch_year",
                    "value_a": float(stage["start_year"]), "source_a": stage["source"], "locator_a": stage["locator"],
                    "value_b": float(launch["year"]), "source_b": launch["source"], "locator_b": launch["locator"],
                })
    return out


def find_conflicts(
    external: ExternalData | None = None, package: DataPackage | None = None
) -> pd.DataFrame:
    """Every disagreement between sources that the data at hand lets us see.

    Seeds are compared with one another and with the official series present in ``external``;
    values are compared as printed, within the printed rounding (:data:`PRINTED_TOLERANCE`,
    :data:`PRINTED_TOLERANCE_BY_YEAR`; ranks exactly) plus :data:`EPS`.

    Parameters
    ----------
    external : ExternalData or None
        The official series at hand (default: none, so only the seeds are compared).
    package : DataPackage or None
        The data package to read (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        One row per disagreement with the columns :data:`CONFLICT_COLUMNS`, sorted by ``conflict_id``
        (``value_a`` and ``value_b`` are empty for a GTMI group).
    """
    package = package or default_package()
    external = external or ExternalData()
    kaz = _series(package, "egdi_kazakhstan")
    leaders = _series(package, "egdi_leaders")
    regional = _series(package, "egdi_regional")
    epart = _series(package, "epart_regional")
    eaeu = _eaeu_long(package)
    found: list[dict] = []
    # seed against seed
    found += _compare("egdi_leaders", leaders, kaz, PRINTED_TOLERANCE["egdi_leaders"])
    found += _compare("egdi_regional", regional, kaz, PRINTED_TOLERANCE["egdi_regional"])
    found += _compare("epart_regional", epart, kaz, PRINTED_TOLERANCE["epart_regional"])
    found += _compare("eaeu_egdi_groups", eaeu, kaz, 0.0)
    maxima = regional[regional["indicator"] == "egdi_world_max"]
    best = leaders[leaders["indicator"] == "egdi"].groupby("year", as_index=False)["printed"].max()
    for row in maxima.merge(best, on="year", suffixes=("", "_leaders")).itertuples(index=False):
        # the leaders table holds the round's top country only in some rounds: a larger
        # value there than the printed world maximum is a contradiction
        if row.printed_leaders > row.printed + PRINTED_TOLERANCE["egdi_regional"] + EPS:
            top = leaders[(leaders["year"] == row.year) & (leaders["indicator"] == "egdi")]
            top = top.loc[top["printed"].idxmax()]
            found.append(_conflict("egdi_regional", "WLD", row.year, "egdi_world_max",
                                   {"value": row.printed, "source": row.source, "locator": row.locator},
                                   {"value": top["printed"], "source": top["source"], "locator": top["locator"]}))
    found += _services_conflicts(package)
    found += _satisfaction_conflict(package)
    found += _text_figure_conflicts(package)
    found += _legal_act_conflicts(package)
    found += _portal_launch_conflicts(package)
    # seed against official series
    if external.un is not None:
        un = _un_series(external.un)
        found += _compare("egdi_kazakhstan", kaz, un, PRINTED_TOLERANCE["egdi_kazakhstan"],
                          indicators=["egdi", "egdi_rank", "osi", "tii", "hci", "epart"])
        found += _compare("egdi_leaders", leaders, un, PRINTED_TOLERANCE["egdi_leaders"])
        found += _compare("egdi_regional", regional, un, PRINTED_TOLERANCE["egdi_regional"])
        found += _compare("epart_regional", epart, un, PRINTED_TOLERANCE["epart_regional"])
        found += _compare("eaeu_egdi_groups", eaeu, un, 0.0)
    if external.dai is not None:
        dai = external.dai.drop(columns=["country"]).rename(columns={"iso3": "country", "digital_adoption_index": "dai"})
        dai = dai.melt(id_vars=["country", "year"], value_vars=["dai", "dai_business", "dai_people", "dai_government"],
                       var_name="indicator", value_name="printed")
        dai = dai.assign(source=WB_DAI_SOURCE, locator="World Bank DAI file")
        found += _compare("dai_regional", _series(package, "dai_regional"), dai, PRINTED_TOLERANCE["dai_regional"])
    if external.gtmi is not None:
        groups = package.load("gtmi_groups")
        seed = groups[groups["source"] == "undp2022"]
        wb = external.gtmi.set_index(["iso3", "year"])["gtmi_group"]
        for r in seed.itertuples(index=False):
            official = wb.get((r.country, int(r.year)))
            if official is not None and official != r.gtmi_group:
                found.append({"conflict_id": conflict_id("gtmi_groups", r.country, r.year, "gtmi_group",
                                                         r.source, WB_GTMI_SOURCE),
                              "dataset": "gtmi_groups", "country": r.country, "year": int(r.year),
                              "indicator": f"gtmi_group {r.gtmi_group} vs {official}", "value_a": None,
                              "source_a": r.source, "locator_a": r.locator, "value_b": None,
                              "source_b": WB_GTMI_SOURCE, "locator_b": "GTMI 2020 round"})
    result = pd.DataFrame(found, columns=CONFLICT_COLUMNS)
    return result.sort_values("conflict_id", ignore_index=True)
