"""The published forecasts (``data/egdi_forecasts.csv``) and ``python -m egovlib.forecast publish``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from egovlib._forecast.models import MODELS, forecast, wide_panel

FORECAST_DATASET = "egdi_forecasts"
PUBLISHED_COLUMNS = ["country", "year", "indicator", "model", "origin", "horizon", "value", "lower", "upper",
                     "level", "unit", "issued", "code_version", "source", "locator"]


# -- published forecasts -------------------------------------------------------------------------
def code_version(repo: Path | None = None) -> str:
    """``egovlib <version>`` plus the git commit of ``repo`` (``+dirty`` with uncommitted changes in egovlib/).

    Parameters
    ----------
    repo : Path, optional
        The checkout (default: the one holding this package).

    Returns
    -------
    str
        ``", git commit unknown"`` replaces the commit outside a checkout or without git.
    """
    from egovlib import __version__

    repo = repo or Path(__file__).resolve().parents[2]  # the checkout holding egovlib/_forecast/
    text = f"egovlib {__version__}"
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "egovlib"], cwd=repo, capture_output=True,
                               text=True, check=True).stdout.strip()
        text += f", git {commit}{'+dirty' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        text += ", git commit unknown"
    return text


def published_table(panel: pd.DataFrame, *, issued: str, version: str, level: float = 0.9,
                    horizons: Sequence[int] = (2, 4), indicator: str = "egdi") -> pd.DataFrame:
    """The forecasts to publish: every model, every member, the rounds ``horizons`` after the last one.

    The defaults (level 0.9, four trend rounds, three calibration origins) are those of notebook 10.

    Parameters
    ----------
    panel : pandas.DataFrame
        The tidy UN panel.
    issued : str
        Date of issue, YYYY-MM-DD.
    version : str
        The code version (:func:`code_version`).
    level : float, default 0.9
        Level of the intervals.
    horizons : sequence of int, default (2, 4)
    indicator : str, default "egdi"

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`PUBLISHED_COLUMNS`, sorted by year, model and country.
    """
    wide = wide_panel(panel, indicator)
    origin = max(wide.columns)
    table = forecast(wide, origin, horizons, level=level).dropna(subset=["point"])
    out = pd.DataFrame({
        "country": table["country"], "year": table["target"].astype(int), "indicator": indicator,
        "model": table["model"].astype(str), "origin": origin, "horizon": table["horizon"].astype(int),
        "value": table["point"], "lower": table["lower"], "upper": table["upper"], "level": level,
        "unit": "index_0_1", "issued": issued, "code_version": version, "source": f"undesa_egov_{origin}",
        "locator": f"forecast from un_egov_panel rounds up to {origin} (python -m egovlib.forecast publish)",
    })
    return out[PUBLISHED_COLUMNS].sort_values(["year", "model", "country"], ignore_index=True)


def _csv_text(table: pd.DataFrame) -> str:
    shown = table.copy()
    for column in ("value", "lower", "upper"):
        shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.5f}")
    shown["level"] = shown["level"].map(lambda v: f"{v:g}")
    return shown.to_csv(index=False, lineterminator="\n")


def publish(data_dir: Path | None = None, *, issued: str | None = None, version: str | None = None) -> Path:
    """Write ``egdi_forecasts.csv`` and its ``datapackage.json`` entry (schema, units, provenance, hash).

    Forecasts are made from the shipped ``un_egov_panel`` of ``data_dir`` (:func:`published_table`);
    both files are written atomically and the entry replaces any earlier one.

    Parameters
    ----------
    data_dir : Path, optional
        The data folder (default: the package's).
    issued : str, optional
        ISO date of issue (default: today, UTC).
    version : str, optional
        Code version (default: :func:`code_version`).

    Returns
    -------
    Path
        The CSV written.
    """
    from egovlib.atomic import write_text_atomic
    from egovlib.datasets import DataPackage, content_hash, default_data_dir

    data_dir = Path(data_dir or default_data_dir())
    package = DataPackage(data_dir)
    panel = package.load("un_egov_panel")
    issued = issued or dt.datetime.now(dt.UTC).date().isoformat()
    version = version or code_version()
    table = published_table(panel, issued=issued, version=version)
    text = _csv_text(table).encode("utf-8")
    path = data_dir / f"{FORECAST_DATASET}.csv"
    write_text_atomic(path, text.decode("utf-8"))
    descriptor_path = data_dir / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    panel_resource = next(r for r in descriptor["resources"] if r["name"] == "un_egov_panel")
    rounds = sorted({int(y) for y in panel["year"]})
    entry = _descriptor_entry(table, issued=issued, version=version, panel_hash=panel_resource.get("hash", ""),
                              sources=[f"undesa_egov_{r}" for r in rounds])
    entry["hash"], entry["bytes"] = content_hash(text), len(text)
    resources = [r for r in descriptor["resources"] if r["name"] != FORECAST_DATASET]
    descriptor["resources"] = [*resources, entry]
    write_text_atomic(descriptor_path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return path


def _descriptor_entry(table: pd.DataFrame, *, issued: str, version: str, panel_hash: str,
                      sources: list[str]) -> dict:
    origin = int(table["origin"].iloc[0])
    years = sorted(int(y) for y in table["year"].unique())
    string = {"type": "string", "constraints": {"required": True}}
    return {
        "name": FORECAST_DATASET,
        "path": f"{FORECAST_DATASET}.csv",
        "title": f"Forecasts of the EGDI of every UN member for {', '.join(map(str, years))}, issued {issued}",
        "description": (
            f"Forecasts published in advance: the E-Government Development Index of every UN member for the "
            f"survey rounds {', '.join(map(str, years))}, made from the un_egov_panel rounds up to {origin} by the "
            "five pre-specified models of notebook 10 (carry_forward, theil_sen, logistic and gompertz with ceiling "
            "1, pooled_logit), each with a prediction interval (lower, upper) of nominal coverage `level` from the "
            "pooled rolling-origin errors of the same model and horizon (egovlib.forecast). Written by "
            "`python -m egovlib.forecast publish` on the date in `issued` by the code in `code_version`; never "
            "edited by hand. Notebook 10 scores them when a later round is added (un_folder)."),
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "provenance": {"issued": issued, "code_version": version, "command": "python -m egovlib.forecast publish",
                       "derivedFrom": {"dataset": "un_egov_panel", "hash": panel_hash, "rounds_up_to": origin}},
        "schema": {
            "fields": [
                {"name": "country", "type": "string", "description": "ISO 3166-1 alpha-3 code",
                 "constraints": {"required": True, "pattern": "[A-Z]{3}"}},
                {"name": "year", "type": "integer", "description": "Survey round forecast",
                 "constraints": {"required": True, "enum": years}},
                {"name": "indicator", "type": "string", "description": "egdi (E-Government Development Index)",
                 "constraints": {"required": True, "enum": ["egdi"]}},
                {"name": "model", "type": "string", "description": "Forecasting model (egovlib.forecast.MODELS)",
                 "constraints": {"required": True, "enum": list(MODELS)}},
                {"name": "origin", "type": "integer", "description": "Last survey round the model saw",
                 "constraints": {"required": True}},
                {"name": "horizon", "type": "integer", "description": "Years between origin and year",
                 "constraints": {"required": True, "minimum": 1}},
                {"name": "value", "type": "number", "description": "Point forecast (index, 0-1)",
                 "constraints": {"required": True, "minimum": 0, "maximum": 1}},
                {"name": "lower", "type": "number", "description": "Lower end of the prediction interval (0-1)",
                 "constraints": {"minimum": 0, "maximum": 1}},
                {"name": "upper", "type": "number", "description": "Upper end of the prediction interval (0-1)",
                 "constraints": {"minimum": 0, "maximum": 1}},
                {"name": "level", "type": "number", "description": "Nominal coverage of the interval (share)",
                 "constraints": {"required": True, "minimum": 0, "maximum": 1}},
                {"name": "unit", "type": "string", "description": "Unit of value, lower and upper",
                 "constraints": {"required": True, "enum": ["index_0_1"]}},
                {"name": "issued", **string, "description": "Date of issue (ISO 8601)"},
                {"name": "code_version", **string, "description": "egovlib version and git commit that made the row"},
                {"name": "source", "type": "string",
                 "description": "Key into the package sources: the last round used (the forecasts draw on every "
                                "round up to it, all listed here)",
                 "constraints": {"required": True, "enum": sources}},
                {"name": "locator", **string, "description": "How the row was made"},
            ],
            "primaryKey": ["country", "year", "indicator", "model"],
        },
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m egovlib.forecast publish [--data DIR] [--issued DATE]``.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: the command line).

    Returns
    -------
    int
        0 on success; argparse exits with 2 on a bad date or command.
    """
    parser = argparse.ArgumentParser(prog="python -m egovlib.forecast",
                                     description="Publish forecasts of the next two UN survey rounds")
    parser.add_argument("command", choices=["publish"])
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the package's)")
    parser.add_argument("--issued", default=None, help="date of issue, YYYY-MM-DD (default: today, UTC)")
    args = parser.parse_args(argv)
    if args.issued is not None:
        try:
            dt.date.fromisoformat(args.issued)
        except ValueError:
            parser.error(f"--issued {args.issued!r}: expected a date YYYY-MM-DD")
    path = publish(args.data, issued=args.issued)
    print(f"publish: wrote {path} and its entry (schema, provenance, sha256) in datapackage.json", file=sys.stderr)
    return 0
