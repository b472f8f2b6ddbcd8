"""EGDI tables: the shipped panel, a folder of UN exports or the seeds' tables; series, captions and names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from egovlib.datasets import DataPackage, default_package
from egovlib.errors import NotFoundError

COMPONENTS = ("osi", "hci", "tii")

INDICATORS = ("egdi", *COMPONENTS, "egdi_rank")

#: Bundled datasets that hold EGDI series, most detailed first (a country-year is taken from the first that has it).
BUNDLED = ("egdi_kazakhstan", "egdi_regional", "egdi_leaders")

#: The shipped UN E-Government Survey panel (every member, every round), the default source.
PANEL = "un_egov_panel"

SOURCES = ("un", "bundled")

_UN_FOLDER_CACHE: dict[Path, pd.DataFrame] = {}


def un_table(folder: str | Path) -> pd.DataFrame:
    """All countries and rounds of a folder of UN exports, tidy (read once per process).

    Parameters
    ----------
    folder : str or Path
        The folder of exports (read by :func:`egovlib.external.read_un_egov`); cached by its resolved path.

    Returns
    -------
    pandas.DataFrame
        The tidy rows of :func:`egovlib.external.read_un_egov` (the cached frame itself: do not modify it).
    """
    from egovlib.external import read_un_egov

    key = Path(folder).resolve()
    if key not in _UN_FOLDER_CACHE:
        _UN_FOLDER_CACHE[key] = read_un_egov(key)
    return _UN_FOLDER_CACHE[key]


def panel_table(package: DataPackage | None = None) -> pd.DataFrame:
    """The shipped UN panel (``un_egov_panel``) in the tidy layout of :func:`un_table`, with ``source`` and ``locator``.

    Parameters
    ----------
    package : DataPackage or None
        The data package to read (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``year`` (int), ``indicator``, ``value`` (float), ``unit``, ``source`` and ``locator``.
    """
    table = (package or default_package()).load(PANEL)
    return pd.DataFrame({
        "country": table["country"].astype(str), "year": table["year"].astype(int),
        "indicator": table["indicator"].astype(str), "value": table["value"].astype(float),
        "unit": table["unit"].astype(str), "source": table["source"].astype(str),
        "locator": table["locator"].astype(str),
    })


def source_table(un_folder: str | Path | None = None) -> pd.DataFrame:
    """Every member and round: the exports in ``un_folder`` when given, else the shipped panel.

    Both have ``source`` and ``locator`` columns (for the exports: ``undesa_egov`` and the file read).

    Parameters
    ----------
    un_folder : str, Path or None
        A folder of UN E-Government Data Center exports; ``None`` for the shipped panel.

    Returns
    -------
    pandas.DataFrame
        Tidy rows (``country``, ``year``, ``indicator``, ``value``, ...) with ``source`` and ``locator``.
    """
    if un_folder is None:
        return panel_table()
    table = un_table(un_folder)
    locator = ("Data Center export " + table["file"].astype(str)) if "file" in table else "Data Center exports"
    return table.assign(source="undesa_egov", locator=locator)


def _where(un_folder: str | Path | None, source: str) -> str:
    if source == "bundled":
        return "the bundled data"
    return f"the UN exports in {un_folder}" if un_folder is not None else f"the shipped UN panel ({PANEL})"


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"source={source!r}: expected one of {list(SOURCES)}")


def bundled_table(package: DataPackage | None = None) -> pd.DataFrame:
    """EGDI, components and rank from the bundled datasets, one row per country, year and indicator.

    Where several of :data:`BUNDLED` hold a country-year-indicator, the first (most detailed) is kept.

    Parameters
    ----------
    package : DataPackage or None
        The data package to read (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``year``, ``indicator``, ``value``, ``source``, ``locator`` and ``dataset``.
    """
    package = package or default_package()
    frames = []
    for priority, name in enumerate(BUNDLED):
        table = package.load(name)
        table = table[table["indicator"].astype(str).isin(INDICATORS)]
        frames.append(pd.DataFrame({
            "country": table["country"].astype(str), "year": table["year"].astype(int),
            "indicator": table["indicator"].astype(str), "value": table["value"].astype(float),
            "source": table["source"].astype(str), "locator": table["locator"].astype(str),
            "dataset": name, "priority": priority,
        }))
    tidy = pd.concat(frames, ignore_index=True).sort_values(["country", "year", "indicator", "priority"])
    return tidy.drop_duplicates(["country", "year", "indicator"], keep="first").drop(columns="priority")


def countries(un_folder: str | Path | None = None, *, source: str = "un") -> list[str]:
    """ISO3 codes with an EGDI series (every member of the UN panel or exports, or the bundled seed tables).

    A country counts when it has an EGDI above 0 in at least one round.

    Parameters
    ----------
    un_folder : str, Path or None
        A folder of UN E-Government Data Center exports; ``None`` for the shipped panel.
    source : {"un", "bundled"}
        ``"un"`` (the panel or ``un_folder``) or ``"bundled"`` (the seeds' tables; ``un_folder`` is then ignored).

    Returns
    -------
    list of str
        The codes, sorted.

    Raises
    ------
    ValueError
        If ``source`` is not one of :data:`SOURCES`.
    """
    _check_source(source)
    table = bundled_table() if source == "bundled" else source_table(un_folder)
    table = table[(table["indicator"] == "egdi") & (table["value"] > 0)]
    return sorted(table["country"].dropna().astype(str).unique())


def trajectory(country: str, un_folder: str | Path | None = None, *, source: str = "un") -> pd.DataFrame:
    """The country's EGDI, OSI, HCI, TII and rank per round (index ``year``; missing values are NaN).

    By default the series come from the shipped UN panel; with ``un_folder`` from the exports
    in that folder; with ``source="bundled"`` from the seeds' tables (components for Kazakhstan
    only). From the panel or the exports, rounds in which the country was not assessed (EGDI
    written 0) are dropped; the bundled tables are taken as they are.

    Parameters
    ----------
    country : str
        ISO3 code, one of :func:`countries` of the same source.
    un_folder : str, Path or None
        A folder of UN E-Government Data Center exports; ``None`` for the shipped panel.
    source : {"un", "bundled"}
        ``"un"`` (the panel or ``un_folder``) or ``"bundled"`` (the seeds' tables; ``un_folder`` is then ignored).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`INDICATORS`, sorted by year; ``attrs["sources"]`` holds the source rows used
        (``source``, ``locator``), for a caption, and ``attrs["country"]`` the code.

    Raises
    ------
    NotFoundError
        If ``country`` has no EGDI series in that source.
    ValueError
        If ``source`` is not one of :data:`SOURCES`.
    """
    known = countries(un_folder, source=source)
    if country not in known:
        raise NotFoundError(f"country={country!r} has no EGDI series in {_where(un_folder, source)}; available: {known}")
    if source == "un" and un_folder is None:
        table = panel_table()
        table = table[(table["country"] == country) & table["indicator"].isin(INDICATORS)]
        assessed = table.loc[(table["indicator"] == "egdi") & (table["value"] > 0), "year"]
        table = table[table["year"].isin(assessed)]
        tidy = table[["year", "indicator", "value"]]
        sources = table[["source", "locator"]].drop_duplicates().reset_index(drop=True)
    elif un_folder is not None:
        table = un_table(un_folder)
        table = table[(table["country"] == country) & table["indicator"].isin(INDICATORS)]
        assessed = table.loc[(table["indicator"] == "egdi") & (table["value"] > 0), "year"]
        table = table[table["year"].isin(assessed)]
        tidy = pd.DataFrame({"year": table["year"].astype(int), "indicator": table["indicator"].astype(str),
                             "value": table["value"].astype(float)})
        sources = pd.DataFrame({"source": ["undesa_egov"], "locator": ["Data Center exports"]})
    else:
        table = bundled_table()
        table = table[table["country"] == country]
        tidy = table[["year", "indicator", "value"]]
        sources = table[["source", "locator"]].drop_duplicates().reset_index(drop=True)
    wide = tidy.pivot_table(index="year", columns="indicator", values="value", aggfunc="first")
    wide = wide.reindex(columns=list(INDICATORS)).sort_index()
    wide.columns.name = None
    wide.attrs["sources"] = sources
    wide.attrs["country"] = country
    return wide


#: Kazakhstan's comparison group: Central Asia, the South Caucasus and the other EAEU members.
NEIGHBOURS = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "ARM", "AZE", "GEO", "BLR", "RUS")


def caption(sources: pd.DataFrame, *, extra: str = "") -> str:
    """A figure caption for series from the UN panel: every round's source cited once, compactly.

    Rows from the per-round UN sources (``undesa_egov_<year>``) are cited as one line naming each
    round (with a note on the 2024 third-party copy when 2024 is among them); any other source
    goes through :func:`egovlib.plotting.source_caption`.

    Parameters
    ----------
    sources : pandas.DataFrame
        ``source`` and ``locator`` columns (``frame.attrs["sources"]`` of :func:`trajectory` or
        :func:`egovlib.regional.panel`).
    extra : str
        Text appended at the end.

    Returns
    -------
    str
        The caption.

    Raises
    ------
    ValueError
        From :func:`egovlib.plotting.source_caption`, for a non-UN source key not in the catalogue.
    """
    from egovlib.plotting import source_caption

    keys = sources["source"].astype(str)
    rounds = sorted(int(k.rsplit("_", 1)[1]) for k in keys.unique() if k.startswith("undesa_egov_"))
    others = sources[~keys.str.startswith("undesa_egov_")]
    parts = []
    if rounds:
        third = " (2024: a third-party copy of the export with renamed headers, checked against the published " \
                "figures)" if 2024 in rounds else ""
        parts.append(f"Source: UN DESA, United Nations E-Government Survey {', '.join(map(str, rounds))}, "
                     f"Data Center exports{third}; dataset {PANEL}.")
    if len(others):
        parts.append(source_caption(others))
    return " ".join(parts + ([extra] if extra else [])).strip()


def country_name(code: str) -> str:
    """The English short name of an ISO 3166 alpha-3 code (the shortest spelling the UN exports use), else the code.

    Parameters
    ----------
    code : str
        ISO3 code.

    Returns
    -------
    str
        The name, or ``code`` itself when it is not in the table of UN names.

    Examples
    --------
    >>> country_name("KAZ"), country_name("XYZ")
    ('Kazakhstan', 'XYZ')
    """
    names = _country_names()
    return names.get(code, code)


_NAMES: dict[str, str] = {}


def _country_names() -> dict[str, str]:
    if not _NAMES:
        table = pd.read_csv(Path(__file__).resolve().parents[1] / "resources" / "un_country_names.csv", dtype=str,
                            keep_default_na=False)
        for name, code in zip(table["name"], table["iso3"], strict=True):
            if code not in _NAMES or len(name) < len(_NAMES[code]):
                _NAMES[code] = name
    return _NAMES
