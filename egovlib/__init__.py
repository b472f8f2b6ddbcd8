"""egovlib: data and shared analysis tools of the egov-kz research collection.

Importing egovlib is cheap (no pandas, scipy or matplotlib): the dataset functions below are
loaded on first use, and the analysis modules (``egovlib.stats``, ``egovlib.diffusion``,
``egovlib.plotting``, ...) import their heavy dependencies inside the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from egovlib.errors import (
    ClaimError,
    DataValidationError,
    EgovlibError,
    ExternalFormatError,
    FormulaError,
    UnknownDatasetError,
)

if TYPE_CHECKING:  # pragma: no cover
    from egovlib.datasets import DataPackage, DatasetInfo, cite, claims, conflicts, info, list_datasets, load

_FROM_DATASETS = ("DataPackage", "DatasetInfo", "cite", "claims", "conflicts", "info", "list_datasets", "load")

__all__ = [
    "ClaimError", "DataPackage", "DataValidationError", "DatasetInfo", "EgovlibError", "ExternalFormatError",
    "FormulaError", "UnknownDatasetError", "cite", "claims", "conflicts", "info", "list_datasets", "load",
]


def __getattr__(name: str):
    if name in _FROM_DATASETS:
        from egovlib import datasets

        value = getattr(datasets, name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("egovlib")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module 'egovlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FROM_DATASETS))
