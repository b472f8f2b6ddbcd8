"""The curated UN E-Government Survey panel (``data/un_egov_panel.csv``): build and verify.

The panel holds, for every UN member and every survey round 2003-2024, the EGDI, its rank,
its three components (OSI, HCI, TII) and the E-Participation Index, one row per country,
round and indicator. It is built by the project's own importer
(:func:`egovlib.external.read_un_egov`) from a folder of UN E-Government Knowledgebase Data
Center exports that the maintainer supplies; the raw exports are never copied into the
project. Rebuild and verify with::

    python -m egovlib.maintenance un-panel --from ../shared/external          # rebuild
    python -m egovlib.maintenance un-panel --from ../shared/external --check  # verify only

``--from`` is a folder holding ``un_egov/EGOV_DATA_<year>.csv`` (2003-2022) and
``un_egov_2024_third_party/EGOV_DATA_2024.csv``; ``--from-2024`` names another folder for
the 2024 file.

Policy (see also :mod:`egovlib.external`):

* Values are kept as published, written with the exports' five decimals (ranks as whole
  numbers): ``float(f"{v:.5f}") == v`` for every value, so nothing is rounded away.
* Zeros written ``0.00000`` are kept as published: a 0 can be a real score (e.g. EGDI 0 for
  the countries without an online presence in 2003-2005 and 2012), and the UN's printed world
  averages count them. Empty cells give no row.
* Countries listed in a round before they were UN members (Montenegro 2003-2005, South Sudan
  2003-2010) appear in the exports with no rank and every index ``0.00000``; those rows are
  kept as published and carry a note saying they are placeholders, not scores.
* The 2003 Human Capital Index values above 1 (Micronesia 1.42200, Tuvalu 1.03000) are kept
  as published with a note; :mod:`egovlib.invariants` admits exactly these two.
* The 2024 round is a third-party copy with renamed headers; it is read only through the
  explicit mapping :data:`egovlib.external.THIRD_PARTY_2024_COLUMNS` (its ``Region`` column is
  ignored) and every 2024 row says so in its locator and note.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from egovlib.atomic import write_text_atomic
from egovlib.datasets import content_hash, default_data_dir
from egovlib.errors import ExternalFormatError
from egovlib.external import THIRD_PARTY_2024_COLUMNS, read_un_egov

__all__ = [
    "ABOVE_ONE", "CHECKS_2024", "COLUMNS", "DECIMALS", "EGDI_MEAN_ROUNDS", "INDICATORS", "NOTE_2024", "NOTE_ABOVE_ONE",
    "NOTE_PLACEHOLDER", "OFFICIAL_COPY", "RANKED_MEMBERS", "RESOURCE", "ROUNDS", "THIRD_PARTY_FILE",
    "THIRD_PARTY_REPOSITORY", "THIRD_PARTY_SUBFOLDER", "UN_SUBFOLDER", "Build", "SourceFile", "build", "build_panel",
    "check", "egdi_mean_problems", "first_difference", "format_value", "kazakhstan_disagreements", "locate_exports",
    "source_key", "to_csv_text", "verify", "write",
]

RESOURCE = "un_egov_panel"
ROUNDS = (2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024)
INDICATORS = ("egdi", "egdi_rank", "osi", "hci", "tii", "epart")
COLUMNS = ["country", "year", "indicator", "value", "unit", "source", "locator", "note"]
DECIMALS = 5
#: Sub-folders of ``--from`` holding the official exports and the third-party 2024 copy.
UN_SUBFOLDER = "un_egov"
THIRD_PARTY_SUBFOLDER = "un_egov_2024_third_party"
THIRD_PARTY_FILE = "EGOV_DATA_2024.csv"
THIRD_PARTY_REPOSITORY = "github.com/MaryliaCruzS/Estadistica1CienciaPolitica"
OFFICIAL_COPY = "UN Data Center export as downloaded by github.com/sevenChrisK/text-mining-week1"
#: Values above 1 that the UN published for an index (2003 Human Capital Index); kept as published.
ABOVE_ONE = {("FSM", 2003, "hci"), ("TUV", 2003, "hci")}
#: Ranked members per round (the rest of the 193 rows are pre-membership placeholders).
RANKED_MEMBERS = {2003: 191, 2004: 191, 2005: 191, 2008: 192, 2010: 192}
#: Rounds in which EGDI is the mean of OSI, HCI and TII for every country (to 1e-4).
EGDI_MEAN_ROUNDS = (2014, 2016, 2018, 2020, 2022, 2024)
#: Official figures the third-party 2024 copy must reproduce (UN E-Government Survey 2024).
CHECKS_2024 = {("KAZ", "egdi"): 0.90093, ("KAZ", "egdi_rank"): 24.0}

NOTE_2024 = f"third-party copy ({THIRD_PARTY_REPOSITORY}), not the UN file"
NOTE_PLACEHOLDER = (
    "placeholder, not a score: listed before UN membership with no rank and every index 0.00000 "
    "in the export; kept as published"
)
NOTE_ABOVE_ONE = "published above 1 (the 2003 Human Capital Index was not capped at 1); kept as published"


def source_key(year: int) -> str:
    """Key of a round's citation in ``datapackage.json`` ``sources``."""
    return f"undesa_egov_{year}"


@dataclass(frozen=True)
class SourceFile:
    """One raw export the panel was built from, as recorded in the resource's ``derivedFrom``."""

    file: str
    round: int
    sha256: str
    bytes: int
    copy: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "round": self.round, "sha256": self.sha256,
                "bytes": self.bytes, "copy": self.copy}


@dataclass
class Build:
    """A freshly built panel: the table, the CSV text and the raw files it came from."""

    table: pd.DataFrame
    files: list[SourceFile] = field(default_factory=list)

    @property
    def text(self) -> str:
        return to_csv_text(self.table)


def locate_exports(folder: str | Path, folder_2024: str | Path | None = None) -> tuple[Path, Path]:
    """The folder of official exports and the path of the 2024 file under ``folder``."""
    folder = Path(folder)
    official = folder / UN_SUBFOLDER if (folder / UN_SUBFOLDER).is_dir() else folder
    if folder_2024 is not None:
        third = Path(folder_2024)
        third = third / THIRD_PARTY_FILE if third.is_dir() else third
    else:
        third = folder / THIRD_PARTY_SUBFOLDER / THIRD_PARTY_FILE
    if not official.is_dir():
        raise FileNotFoundError(f"{official}: no folder of UN E-Government exports")
    if not third.is_file():
        raise FileNotFoundError(
            f"{third}: the 2024 round is missing (pass --from-2024 with the folder holding {THIRD_PARTY_FILE})"
        )
    return official, third


def build_panel(folder: str | Path, folder_2024: str | Path | None = None) -> pd.DataFrame:
    """The panel as a DataFrame (columns :data:`COLUMNS`, sorted); ``attrs["files"]`` lists the raw files."""
    result = build(folder, folder_2024)
    table = result.table.copy()
    table.attrs["files"] = [f.as_dict() for f in result.files]
    return table


def build(folder: str | Path, folder_2024: str | Path | None = None) -> Build:
    """Read every round with :func:`~egovlib.external.read_un_egov` and shape the tidy panel."""
    official_dir, third_party = locate_exports(folder, folder_2024)
    official = read_un_egov(official_dir)
    if 2024 in set(official["year"]):
        raise ExternalFormatError(
            f"{official_dir}: holds a 2024 file; the 2024 round is read from the third-party copy only"
        )
    third = read_un_egov(third_party, column_map=THIRD_PARTY_2024_COLUMNS)
    if set(third["year"]) != {2024}:
        raise ExternalFormatError(f"{third_party}: expected the 2024 round only, found {sorted(set(third['year']))}")
    tidy = pd.concat([official, third], ignore_index=True)
    missing = sorted(set(ROUNDS) - set(tidy["year"]))
    extra = sorted(set(tidy["year"]) - set(ROUNDS))
    if missing or extra:
        raise ExternalFormatError(f"rounds missing: {missing}; unexpected rounds: {extra}")
    files = [_source_file(official_dir / name, OFFICIAL_COPY) for name in sorted(official["file"].unique())]
    files.append(_source_file(third_party, f"third-party copy by {THIRD_PARTY_REPOSITORY}, headers renamed"))
    files.sort(key=lambda f: f.round)
    return Build(table=_shape(tidy), files=files)


def _source_file(path: Path, copy: str) -> SourceFile:
    data = path.read_bytes()
    year = int(path.stem.rsplit("_", 1)[-1])
    return SourceFile(file=path.name, round=year, sha256=hashlib.sha256(data).hexdigest(),
                      bytes=len(data), copy=copy)


def _shape(tidy: pd.DataFrame) -> pd.DataFrame:
    ranked = set(zip(tidy.loc[tidy["indicator"] == "egdi_rank", "country"],
                     tidy.loc[tidy["indicator"] == "egdi_rank", "year"], strict=True))
    indices = tidy[tidy["indicator"] != "egdi_rank"]
    all_zero = indices.groupby(["country", "year"])["value"].max() == 0
    placeholders = {key for key, zero in all_zero.items() if zero and key not in ranked}
    rows = []
    for r in tidy.itertuples(index=False):
        year = int(r.year)
        third = year == 2024
        notes = []
        if third:
            notes.append(NOTE_2024)
        if (r.country, year) in placeholders:
            notes.append(NOTE_PLACEHOLDER)
        if (r.country, year, r.indicator) in ABOVE_ONE:
            notes.append(NOTE_ABOVE_ONE)
        locator = ("third-party copy of the 2024 export, headers renamed (see note)" if third
                   else f"Data Center export {r.file}")
        rows.append((r.country, year, r.indicator, float(r.value), r.unit, source_key(year), locator,
                     "; ".join(notes)))
    table = pd.DataFrame(rows, columns=COLUMNS)
    order = {name: i for i, name in enumerate(INDICATORS)}
    table = table.assign(_order=table["indicator"].map(order))
    if table["_order"].isna().any():
        raise ExternalFormatError(f"unexpected indicators: {sorted(set(table['indicator']) - set(INDICATORS))}")
    return table.sort_values(["country", "year", "_order"], ignore_index=True).drop(columns="_order")


def format_value(value: float, unit: str) -> str:
    """A value as the exports write it: ranks as whole numbers, indices with five decimals."""
    if unit == "rank":
        if value != int(value):
            raise ValueError(f"rank {value!r} is not a whole number")
        return str(int(value))
    text = f"{value:.{DECIMALS}f}"
    if float(text) != value:
        raise ValueError(f"{value!r} has more than {DECIMALS} decimals; it would be rounded")
    return text


def to_csv_text(table: pd.DataFrame) -> str:
    """The panel as CSV text, byte for byte as it ships (``\\n`` line ends, minimal quoting)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in table[COLUMNS].itertuples(index=False):
        writer.writerow([r.country, int(r.year), r.indicator, format_value(float(r.value), str(r.unit)),
                         r.unit, r.source, r.locator, r.note if isinstance(r.note, str) else ""])
    return out.getvalue()


# -- checks ------------------------------------------------------------------------------------
def verify(table: pd.DataFrame, package=None) -> list[str]:
    """Substantive checks of a built (or loaded) panel; an empty list when it is sound.

    Every round 2003-2024 with 193 countries, the ranked members per round, ranks whole and
    within 1-193, indices within 0-1 except the two known 2003 HCI values, EGDI = mean of OSI,
    HCI and TII (1e-4) for every country in 2014-2024, the official 2024 figures for
    Kazakhstan, and agreement with ``egdi_kazakhstan`` wherever the conflict register does
    not list a disagreement.
    """
    problems: list[str] = []
    t = pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                      "indicator": table["indicator"].astype(str), "value": table["value"].astype(float),
                      "unit": table["unit"].astype(str)})
    if t.duplicated(["country", "year", "indicator"]).any():
        problems.append("duplicate country, year and indicator")
    rounds = tuple(sorted(t["year"].unique()))
    if rounds != ROUNDS:
        problems.append(f"rounds {rounds}, expected {ROUNDS}")
    for year, group in t.groupby("year"):
        countries = group["country"].nunique()
        if countries != 193:
            problems.append(f"{year}: {countries} countries, expected 193")
        ranked = int((group["indicator"] == "egdi_rank").sum())
        if ranked != RANKED_MEMBERS.get(int(year), 193):
            problems.append(f"{year}: {ranked} ranked members, expected {RANKED_MEMBERS.get(int(year), 193)}")
    ranks = t[t["indicator"] == "egdi_rank"]
    bad = ranks[(ranks["value"] % 1 != 0) | (ranks["value"] < 1) | (ranks["value"] > 193) | (ranks["unit"] != "rank")]
    problems += [f"{r.country} {r.year}: rank {r.value} not a whole number in 1-193" for r in bad.itertuples()]
    idx = t[t["indicator"] != "egdi_rank"]
    out = idx[(idx["value"] < 0) | (idx["value"] > 1) | (idx["unit"] != "index_0_1")]
    problems += [f"{r.country} {r.year} {r.indicator}: {r.value} outside 0-1" for r in out.itertuples()
                 if (r.country, r.year, r.indicator) not in ABOVE_ONE]
    problems += egdi_mean_problems(t)
    values = t.set_index(["country", "year", "indicator"])["value"]
    for (country, indicator), expected in CHECKS_2024.items():
        found = values.get((country, 2024, indicator))
        if found is None or abs(found - expected) > 1e-9:
            problems.append(f"{country} 2024 {indicator}: {found}, the UN published {expected}")
    problems += [d["message"] for d in kazakhstan_disagreements(t, package) if not d["registered"]]
    return problems


def egdi_mean_problems(table: pd.DataFrame, rounds: Iterable[int] = EGDI_MEAN_ROUNDS,
                       tolerance: float = 1e-4) -> list[str]:
    """Countries whose EGDI differs from the mean of OSI, HCI and TII by more than ``tolerance``."""
    wide = table[table["year"].astype(int).isin(list(rounds))].pivot_table(
        index=["country", "year"], columns="indicator", values="value", aggfunc="first")
    wide = wide.dropna(subset=["egdi", "osi", "hci", "tii"])
    gap = (wide[["osi", "hci", "tii"]].mean(axis=1) - wide["egdi"]).abs()
    return [f"{c} {y}: EGDI {wide.at[(c, y), 'egdi']:.5f} is not the mean of OSI, HCI and TII "
            f"({gap[(c, y)]:.2g} apart)" for c, y in gap[gap > tolerance].index]


def kazakhstan_disagreements(table: pd.DataFrame, package=None) -> list[dict[str, Any]]:
    """Where the panel and ``egdi_kazakhstan`` disagree (curated value or value printed by the seed).

    Each entry has ``year``, ``indicator``, ``panel``, ``curated``, ``printed``, ``registered``
    (the disagreement of the printed value is in ``data/conflicts.csv``) and ``message``.
    A curated value must always equal the panel; a printed one may differ only if registered.
    """
    from egovlib.crosscheck import UN_SOURCE, conflict_id
    from egovlib.datasets import default_package

    package = package or default_package()
    seed = package.load("egdi_kazakhstan")
    register = set(package.load("conflicts")["conflict_id"].astype(str))
    panel = table[table["country"].astype(str) == "KAZ"]
    panel = panel.assign(year=panel["year"].astype(int), indicator=panel["indicator"].astype(str))
    values = panel.set_index(["year", "indicator"])["value"].astype(float)
    out = []
    for row in seed.itertuples(index=False):
        key = (int(row.year), str(row.indicator))
        if key not in values.index:
            continue  # e.g. the E-Participation rank, which the exports do not carry
        official = float(values[key])
        curated = float(row.value)
        printed = float(row.value_printed) if pd.notna(row.value_printed) else curated
        tolerance = 0.0 if key[1].endswith("_rank") else 0.5e-5
        cid = conflict_id("egdi_kazakhstan", "KAZ", key[0], key[1], str(row.source), UN_SOURCE)
        if abs(curated - official) > tolerance + 1e-12:
            out.append({"year": key[0], "indicator": key[1], "panel": official, "curated": curated,
                        "printed": printed, "registered": False,
                        "message": f"KAZ {key[0]} {key[1]}: panel {official} but egdi_kazakhstan holds {curated}"})
        elif abs(printed - official) > tolerance + 1e-12:
            out.append({"year": key[0], "indicator": key[1], "panel": official, "curated": curated,
                        "printed": printed, "registered": cid in register,
                        "message": f"KAZ {key[0]} {key[1]}: panel {official} but {row.source} printed {printed}"
                                   + ("" if cid in register else " (not in data/conflicts.csv)")})
    return out


# -- shipping ----------------------------------------------------------------------------------
def _descriptor(folder: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == RESOURCE:
            return path, descriptor, resource
    raise KeyError(f"{path}: no resource named {RESOURCE!r}")


def first_difference(shipped: str, fresh: str) -> str | None:
    """A message naming the first line where two CSV texts differ, or None when equal."""
    if shipped == fresh:
        return None
    a, b = shipped.splitlines(), fresh.splitlines()
    for number, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return f"line {number} differs: shipped {x!r}, fresh build {y!r}"
    if len(a) != len(b):
        longer, which = (a, "shipped file") if len(a) > len(b) else (b, "fresh build")
        first = min(len(a), len(b))
        return f"line {first + 1}: only the {which} has {longer[first]!r} ({len(a)} vs {len(b)} lines)"
    return "the files differ in line endings or a final newline"


def check(build_: Build, data_dir: str | Path | None = None) -> list[str]:
    """Differences between the shipped panel (CSV, hash, derivedFrom) and a fresh build."""
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    _, _, resource = _descriptor(folder)
    csv_path = folder / resource["path"]
    problems = []
    if not csv_path.is_file():
        return [f"{csv_path}: missing"]
    shipped = csv_path.read_bytes()
    difference = first_difference(shipped.decode("utf-8"), build_.text)
    if difference:
        problems.append(f"data/{resource['path']} is not what a fresh build gives: {difference}")
    if resource.get("hash") != content_hash(shipped):
        problems.append(f"datapackage.json hash of {resource['path']} does not match its bytes")
    recorded = resource.get("derivedFrom", [])
    fresh = [f.as_dict() for f in build_.files]
    if recorded != fresh:
        problems.append(f"raw exports differ from those recorded in derivedFrom: recorded {recorded}, found {fresh}")
    return problems


def write(build_: Build, data_dir: str | Path | None = None) -> Path:
    """Write the CSV atomically and record its hash, size and raw files in ``datapackage.json``."""
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    descriptor_path, descriptor, resource = _descriptor(folder)
    csv_path = folder / resource["path"]
    text = build_.text
    write_text_atomic(csv_path, text)
    data = text.encode("utf-8")
    resource["derivedFrom"] = [f.as_dict() for f in build_.files]
    resource["hash"] = content_hash(data)
    resource["bytes"] = len(data)
    write_text_atomic(descriptor_path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return csv_path
