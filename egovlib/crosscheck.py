"""Find, by code, every disagreement between sources; the register must list each one.

``find_conflicts()`` compares

* the seeds with one another (the same country, year and indicator in two datasets),
* statements of one fact made twice, in one source or in two: counts and years of
  ``text_figures`` (the number of stages of e-government, launch and founding years,
  questionnaire sections), and legal acts of one number with two dates, and
* the seeds with the official series: UN E-Government Data Center exports (a folder the
  caller passes) and the World Bank DAI and GTMI files,

and returns one row per disagreement larger than the printed rounding of the seed. Each row
has a stable ``conflict_id`` so that ``data/conflicts.csv`` can record its resolution; the
test suite fails when a disagreement is found that the register does not list, or when the
register lists a code-found disagreement that no longer exists.

Values are compared *as printed*: where a dataset corrected a value, its ``value_printed``
column is what the source said, and that is what is compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from egovlib.datasets import DataPackage, default_package

__all__ = [
    "CONFLICT_COLUMNS", "EPS", "PRINTED_TOLERANCE", "PRINTED_TOLERANCE_BY_YEAR", "UN_SOURCE", "WB_DAI_SOURCE",
    "WB_GTMI_SOURCE", "ExternalData", "as_printed", "conflict_id", "family_of", "find_conflicts", "world_means",
]

CONFLICT_COLUMNS = [
    "conflict_id", "dataset", "country", "year", "indicator",
    "value_a", "source_a", "locator_a", "value_b", "source_b", "locator_b",
]

#: The rounding each dataset's printing can hide: half a unit of the last decimal, or a
#: whole unit where the source truncates (UNDP (2022) cuts some indices at the fourth
#: decimal, e.g. 0.43137 printed 0.4313).
PRINTED_TOLERANCE = {
    "egdi_kazakhstan": 0.5e-5,
    "egdi_leaders": 0.5e-4,
    "egdi_regional": 1e-4,
    "epart_regional": 1e-4,
    "dai_regional": 1e-4,
}
#: Rounds printed to fewer decimals than the rest of a table: Zhanbyrbayeva et al. give the
#: 2003 values to three decimals (0,7440 is 0.74413 rounded to 0.744).
PRINTED_TOLERANCE_BY_YEAR = {("egdi_leaders", 2003): 0.5e-3}
EPS = 1e-9
UN_SOURCE = "undesa_egov"
WB_DAI_SOURCE = "worldbank_dai"
WB_GTMI_SOURCE = "worldbank_gtmi2021"


@dataclass(frozen=True)
class ExternalData:
    """Official series to compare against; any of them may be absent."""

    un: pd.DataFrame | None = None  # tidy, from egovlib.external.read_un_egov
    dai: pd.DataFrame | None = None  # World Bank DAI file
    gtmi: pd.DataFrame | None = None  # World Bank GTMI file

    @classmethod
    def from_folder(cls, folder: str | Path | None) -> ExternalData:
        """Read what exists of ``un_egov/``, ``wb_dai_*.csv`` and ``wb_gtmi_*.csv`` in a folder."""
        if folder is None:
            return cls()
        from egovlib.external import read_un_egov

        folder = Path(folder)
        un = read_un_egov(folder / "un_egov") if (folder / "un_egov").is_dir() else None
        dai_files = sorted(folder.glob("wb_dai_*.csv"))
        gtmi_files = sorted(folder.glob("wb_gtmi_*.csv"))
        dai = pd.read_csv(dai_files[0]) if dai_files else None
        gtmi = pd.read_csv(gtmi_files[0]) if gtmi_files else None
        return cls(un=un, dai=dai, gtmi=gtmi)

    def families(self) -> set[str]:
        """Which source keys can be compared against with the data at hand."""
        present = {"seeds"}
        if self.un is not None:
            present.add(UN_SOURCE)
        if self.dai is not None:
            present.add(WB_DAI_SOURCE)
        if self.gtmi is not None:
            present.add(WB_GTMI_SOURCE)
        return present


def as_printed(table: pd.DataFrame) -> pd.Series:
    """The value each row's source printed: ``value_printed`` where given, else ``value``."""
    values = table["value"].astype("float64")
    if "value_printed" not in table:
        return values
    printed = pd.to_numeric(table["value_printed"].astype("object"), errors="coerce")
    return printed.where(printed.notna(), values)


def _series(package: DataPackage, name: str) -> pd.DataFrame:
    table = package.load(name)
    table = table.assign(printed=as_printed(table))
    return table[["country", "year", "indicator", "printed", "source", "locator"]].astype(
        {"country": "string", "indicator": "string", "source": "string", "year": "int64"}
    )


def conflict_id(dataset: str, country: str, year: int, indicator: str, source_a: str, source_b: str) -> str:
    """The stable key of a disagreement, as ``data/conflicts.csv`` records it."""
    return f"{dataset}:{country}:{year}:{indicator}:{source_a}~{source_b}"


def _conflict(dataset, country, year, indicator, a, b) -> dict:
    return {
        "conflict_id": conflict_id(dataset, country, year, indicator, a["source"], b["source"]),
        "dataset": dataset, "country": country, "year": int(year), "indicator": indicator,
        "value_a": float(a["value"]), "source_a": a["source"], "locator_a": a["locator"],
        "value_b": float(b["value"]), "source_b": b["source"], "locator_b": b["locator"],
    }


def _compare(
    dataset: str,
    left: pd.DataFrame,
    right: pd.DataFrame,
    tolerance: float,
    indicators: Iterable[str] | None = None,
) -> list[dict]:
    """Rows of ``left`` whose value differs from ``right`` by more than ``tolerance``.

    Both frames have country, year, indicator, printed, source, locator.
    """
    if indicators is not None:
        left = left[left["indicator"].isin(list(indicators))]
    merged = left.merge(right, on=["country", "year", "indicator"], suffixes=("_a", "_b"))
    out = []
    for row in merged.itertuples(index=False):
        if pd.isna(row.printed_a) or pd.isna(row.printed_b):
            continue
        allowed = PRINTED_TOLERANCE_BY_YEAR.get((dataset, int(row.year)), tolerance)
        if row.indicator.endswith("_rank"):
            allowed = 0.0
        if abs(row.printed_a - row.printed_b) > allowed + EPS:
            out.append(_conflict(
                dataset, row.country, row.year, row.indicator,
                {"value": row.printed_a, "source": row.source_a, "locator": row.locator_a},
                {"value": row.printed_b, "source": row.source_b, "locator": row.locator_b},
            ))
    return out


def world_means(rows: pd.DataFrame, *, drop_zeros: bool = False) -> pd.DataFrame:
    """The world mean of one index per round: the one rule for averaging over the members.

    The mean is over every member the round lists, zeros included (the definition the printed
    world averages follow); ``drop_zeros=True`` averages only the members with a positive value,
    i.e. those assessed. Missing values are left out. :func:`egovlib.regional.world_mean`,
    :func:`egovlib.un_method.world_mean_shifts` and the recomputed ``WLD`` rows of
    :func:`find_conflicts` all use it.

    Parameters
    ----------
    rows : pandas.DataFrame
        One index, one row per member and round, with ``year`` and ``value``.
    drop_zeros : bool, default False
        Whether members with a value of 0 (not assessed) are left out.

    Returns
    -------
    pandas.DataFrame
        ``year`` (int), ``value`` (the mean) and ``members`` (how many values it averages), one row
        per round, sorted by year.

    Examples
    --------
    >>> rows = pd.DataFrame({"year": [2020, 2020, 2020, 2022], "value": [0.0, 0.4, 0.8, 0.5]})
    >>> world_means(rows)["value"].round(6).tolist(), world_means(rows, drop_zeros=True)["members"].tolist()
    ([0.4, 0.5], [2, 1])
    """
    values = rows[rows["value"].notna()]
    if drop_zeros:
        values = values[values["value"] > 0]
    grouped = values.groupby("year")["value"]
    means = grouped.mean()
    return pd.DataFrame({"year": means.index.astype(int), "value": means.to_numpy(),
                         "members": grouped.size().to_numpy()})


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
    """Every disagreement between sources that the data at hand lets us see."""
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


def family_of(source_b: str) -> str:
    """Which data must be at hand to recompute a conflict against ``source_b``."""
    return source_b if source_b in (UN_SOURCE, WB_DAI_SOURCE, WB_GTMI_SOURCE) else "seeds"
