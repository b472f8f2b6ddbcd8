"""egovlib: data and shared analysis tools of the egov-kz research collection.

Importing egovlib is cheap: the dataset functions below need only pandas, and the heavier
modules (``egovlib.external``, ``egovlib.replication``, ``egovlib.crosscheck``) are imported
when used.
"""

from __future__ import annotations

from egovlib.datasets import (
    DataPackage,
    DatasetInfo,
    cite,
    claims,
    conflicts,
    info,
    list_datasets,
    load,
)
from egovlib.errors import (
    DataValidationError,
    EgovlibError,
    ExternalFormatError,
    UnknownDatasetError,
)

__all__ = [
    "DataPackage",
    "DataValidationError",
    "DatasetInfo",
    "EgovlibError",
    "ExternalFormatError",
    "UnknownDatasetError",
    "cite",
    "claims",
    "conflicts",
    "info",
    "list_datasets",
    "load",
]


def __getattr__(name: str):  # pragma: no cover - trivial
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("egovlib")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module 'egovlib' has no attribute {name!r}")
