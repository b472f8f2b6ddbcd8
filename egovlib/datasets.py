"""Load the curated datasets of egov-kz, with their metadata, checksums and citations.

The datasets and their Frictionless descriptor (``datapackage.json``) live in the
repository's ``data/`` folder and ship inside the wheel as ``egovlib/data``.

>>> import egovlib
>>> egovlib.list_datasets()[:3]
['adoption_milestones', 'bass_benchmarks', 'dai_regional']
>>> egdi = egovlib.load("egdi_kazakhstan")
>>> print(egovlib.cite("egdi_kazakhstan"))  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from egovlib import _inputs
from egovlib._datasets.citation import SHORT_NAMES, _short_citation, author_year, to_bibtex
from egovlib._datasets.reading import read_csv_strings
from egovlib.errors import DataValidationError, Problem, UnknownDatasetError
from egovlib.invariants import find_violations
from egovlib.schema import check_table

__all__ = [
    "REGISTERS", "SHORT_NAMES", "DataPackage", "DatasetInfo", "author_year", "cite", "claims", "conflicts",
    "content_hash", "default_data_dir", "default_package", "info", "list_datasets", "load", "read_csv_strings",
    "to_bibtex",
]

#: Resources of the package that are registers, not datasets.
REGISTERS = ("conflicts", "claims")


def content_hash(data: bytes) -> str:
    """The descriptor's form of a file checksum: ``"sha256:<hex digest>"``.

    Parameters
    ----------
    data : bytes
        The file's bytes.

    Returns
    -------
    str
        ``"sha256:"`` and the lowercase hexadecimal SHA-256 digest.

    Examples
    --------
    >>> content_hash(b"")
    'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    return _inputs.digest_bytes(data)


def default_data_dir() -> Path:
    """Folder holding ``datapackage.json``: inside the installed package, else the repo's ``data/``.

    Returns
    -------
    Path
        ``egovlib/data`` if it holds a descriptor, else the ``data/`` folder beside the package.

    Raises
    ------
    FileNotFoundError
        If neither folder holds a ``datapackage.json``.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        f"egovlib cannot find its data: no datapackage.json in {here / 'data'} or {here.parent / 'data'}"
    )


@dataclass(frozen=True)
class DatasetInfo:
    """Metadata of one dataset, as ``info(name)`` returns it."""

    name: str
    title: str
    description: str
    path: str
    units: tuple[str, ...]
    sources: tuple[dict[str, Any], ...]
    licenses: tuple[dict[str, Any], ...]
    sha256: str | None

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.title}", "", self.description, ""]
        lines.append("Units: " + (", ".join(self.units) or "see schema"))
        lines.append("Sources: " + "; ".join(_short_citation(s) for s in self.sources))
        lines.append("Licence: " + ", ".join(lic.get("name", "?") for lic in self.licenses))
        lines.append(f"sha256: {self.sha256}")
        return "\n".join(lines)


class DataPackage:
    """The data package in one folder: its descriptor, loaders and checks.

    Most users call the module-level functions (:func:`load`, :func:`info`, ...), which use
    the package shipped with egovlib. Pass a folder to work on a copy (tests do this to
    check that corrupted files are refused).
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_data_dir()
        descriptor_path = self.folder / "datapackage.json"
        try:
            self.descriptor: dict[str, Any] = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise DataValidationError(
                str(descriptor_path), f"not valid JSON ({err.msg})", line=err.lineno
            ) from None
        self._resources = {r["name"]: r for r in self.descriptor["resources"]}
        self._sources = {s["name"]: s for s in self.descriptor.get("sources", [])}

    # -- discovery ---------------------------------------------------------------------
    def list_datasets(self) -> list[str]:
        """Names of the datasets, sorted (the conflict and claim registers are not listed)."""
        return sorted(n for n in self._resources if n not in REGISTERS)

    def resource(self, name: str) -> dict[str, Any]:
        """The descriptor entry of a dataset or register; unknown names list close matches."""
        if not isinstance(name, str):
            raise TypeError(f"dataset name must be a string, not {type(name).__name__}")
        try:
            return self._resources[name]
        except KeyError:
            close = difflib.get_close_matches(name, list(self._resources), n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise UnknownDatasetError(
                f"no dataset named {name!r}.{hint} Available: {', '.join(self.list_datasets())}"
            ) from None

    # -- loading -----------------------------------------------------------------------
    def load(self, name: str, *, verify: bool = True) -> pd.DataFrame:
        """Load a dataset as a typed DataFrame (ordered categoricals where the schema says).

        The file must be a UTF-8 encoded CSV whose header matches the schema; every cell is
        checked against the schema and the table against the package's invariants
        (:mod:`egovlib.invariants`). All problems found are reported together in one
        :class:`DataValidationError`. With ``verify`` (the default) the file's sha256 must
        also match the descriptor.
        """
        resource = self.resource(name)
        path = self.folder / resource["path"]
        shown = f"data/{resource['path']}"
        if not path.is_file():
            raise DataValidationError(shown, "file is missing")
        data = path.read_bytes()
        if verify:
            self._verify_checksum(resource, data, shown)
        raw = read_csv_strings(data, shown, [f["name"] for f in resource["schema"]["fields"]])
        table, problems = check_table(raw, resource["schema"], shown)
        if not any(p.rule == "primary_key" for p in problems):
            # Cells that failed the schema are <NA> and skipped here; each cell is reported once.
            seen = {(p.line, p.column) for p in problems}
            problems += [
                Problem(shown, v.message, line=v.line, column=v.column, found=v.value, rule=v.rule,
                        expected=v.expected)
                for v in find_violations(name, table) if (v.line, v.column) not in seen
            ]
        if problems:
            problems.sort(key=lambda p: (p.line is None, p.line or 0))
            raise DataValidationError.from_problems(shown, problems)
        table.attrs["name"] = name
        table.attrs["title"] = resource.get("title", "")
        _inputs.record("dataset", name, self.folder / "datapackage.json", self.dataset_digest(name, data))
        return table

    def dataset_digest(self, name: str, data: bytes | None = None) -> str:
        """A digest of everything a reader of the dataset sees: its CSV, its descriptor entry and its sources.

        Other datasets' entries do not count, so editing one dataset (and its recorded checksum)
        leaves the digest of every other dataset unchanged. ``data``: the CSV's bytes, if already read.
        """
        resource = self.resource(name)
        if data is None:
            data = (self.folder / resource["path"]).read_bytes()
        cited = [self._sources.get(key) for key in self.source_keys(name)]
        document = {"csv": content_hash(data), "resource": resource, "sources": cited}
        return content_hash(json.dumps(document, sort_keys=True, default=str).encode("utf-8"))

    def _verify_checksum(self, resource: dict[str, Any], data: bytes, shown: str) -> None:
        recorded = resource.get("hash")
        if recorded is None:
            raise DataValidationError(
                shown, "datapackage.json records no sha256 for this file",
                expected="a 'hash' entry (run `make checksums`)",
            )
        actual = content_hash(data)
        if actual != recorded:
            raise DataValidationError(
                shown, "checksum mismatch: the file changed but datapackage.json was not updated",
                expected=recorded, found=actual,
            )

    # -- metadata ----------------------------------------------------------------------
    def info(self, name: str) -> DatasetInfo:
        """Title, description, units, sources, licence and sha256 of a dataset."""
        resource = self.resource(name)
        units = _units_of(resource)
        return DatasetInfo(
            name=name,
            title=resource.get("title", ""),
            description=resource.get("description", ""),
            path=resource["path"],
            units=units,
            sources=tuple(self._sources[k] for k in self.source_keys(name)),
            licenses=tuple(self.descriptor.get("licenses", [])),
            sha256=(resource.get("hash") or "").removeprefix("sha256:") or None,
        )

    def source_keys(self, name: str) -> list[str]:
        """Keys of the sources a dataset cites (from its ``source`` column's categories)."""
        resource = self.resource(name)
        for field in resource["schema"]["fields"]:
            if field["name"] == "source":
                keys = field.get("constraints", {}).get("enum")
                if keys:
                    return [k for k in keys if k in self._sources]
        return []

    def cite(self, name: str) -> str:
        """BibTeX entries for every source the dataset draws on."""
        return "\n\n".join(to_bibtex(self._sources[k]) for k in self.source_keys(name))

    def sources(self) -> dict[str, dict[str, Any]]:
        """All sources of the package, keyed by their citation key."""
        return dict(self._sources)


def _units_of(resource: dict[str, Any]) -> tuple[str, ...]:
    units: list[str] = []
    for field in resource["schema"]["fields"]:
        if field["name"] == "unit":
            units.extend(field.get("constraints", {}).get("enum", []))
        elif "unit" in field:
            units.append(f"{field['name']}: {field['unit']}")
    return tuple(units)


@lru_cache(maxsize=1)
def default_package() -> DataPackage:
    """The data package shipped with egovlib (read once per process)."""
    return DataPackage()


def list_datasets() -> list[str]:
    """Names of the curated datasets (the conflict and claim registers are not listed).

    Returns
    -------
    list of str
        The names, sorted.

    Examples
    --------
    >>> list_datasets()[:2]
    ['adoption_milestones', 'bass_benchmarks']
    """
    return default_package().list_datasets()


def load(name: str) -> pd.DataFrame:
    """Load a curated dataset as a typed DataFrame, after checking checksum, schema and invariants.

    Every problem found is reported together in one :class:`DataValidationError`. In a report run
    the read is recorded for the runner (see :mod:`egovlib._inputs`).

    Parameters
    ----------
    name : str
        A dataset's name, one of :func:`list_datasets`.
        (or a register: ``"conflicts"``, ``"claims"``).

    Returns
    -------
    pandas.DataFrame
        The table, typed by its schema (ordered categoricals where the schema says); ``attrs`` hold
        ``name`` and ``title``.

    Raises
    ------
    UnknownDatasetError
        If ``name`` names no dataset (the message lists close matches).
    TypeError
        If ``name`` is not a string.
    DataValidationError
        If the file is missing, its sha256 does not match the descriptor, or a cell, the primary key
        or an invariant fails.
    """
    return default_package().load(name)


def info(name: str) -> DatasetInfo:
    """Metadata of a dataset: title, description, units, sources, licence, sha256.

    Parameters
    ----------
    name : str
        A dataset's name, one of :func:`list_datasets`.

    Returns
    -------
    DatasetInfo
        The metadata (``str()`` of it is a readable summary).

    Raises
    ------
    UnknownDatasetError
        If ``name`` names no dataset (the message lists close matches).
    TypeError
        If ``name`` is not a string.
    """
    return default_package().info(name)


def cite(name: str) -> str:
    """BibTeX for the sources of a dataset.

    Parameters
    ----------
    name : str
        A dataset's name, one of :func:`list_datasets`.

    Returns
    -------
    str
        One entry (:func:`to_bibtex`) per source in the dataset's ``source`` categories, separated by a
        blank line; empty when the dataset has no ``source`` column.

    Raises
    ------
    UnknownDatasetError
        If ``name`` names no dataset (the message lists close matches).
    TypeError
        If ``name`` is not a string.
    """
    return default_package().cite(name)


def conflicts() -> pd.DataFrame:
    """The register of disagreements between sources (``data/conflicts.csv``).

    Returns
    -------
    pandas.DataFrame
        The register, loaded and checked like a dataset.

    Raises
    ------
    DataValidationError
        If the register fails its checks.
    """
    return default_package().load("conflicts")


def claims() -> pd.DataFrame:
    """The register of quantitative claims of the sources (``data/claims.csv``).

    Returns
    -------
    pandas.DataFrame
        The register, loaded and checked like a dataset.

    Raises
    ------
    DataValidationError
        If the register fails its checks.
    """
    return default_package().load("claims")
