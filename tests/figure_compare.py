"""Compare a freshly drawn figure with the committed one, with a tolerance that spans machines.

Byte-identical figures are a property of one machine: another CPU or BLAS build moves a fitted
curve by about 1e-8 and an anti-aliased pixel or an SVG coordinate in its last digit. So the
committed figures are compared with a tolerance: PNGs by matplotlib's ``compare_images`` (root
mean square difference of the pixel values, 0-255), SVGs token by token, with every number
allowed to differ by :data:`SVG_TOLERANCE`, element ids compared by their order of appearance
(matplotlib derives clip-path ids from coordinates) and everything else required to be equal. A changed
figure (another series, a moved label, a new colour) still fails. Byte identity is tested
separately, by drawing twice on the same machine.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Root mean square pixel difference (0-255) allowed between a PNG and the committed one.
PNG_TOLERANCE = 1.0
#: Largest difference allowed between corresponding numbers of two SVGs (points, 1/72 inch).
SVG_TOLERANCE = 0.05
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
#: Element ids and references to them; matplotlib derives some ids (clip paths) from coordinates.
_ID = re.compile(r'(?<=id=")[^"]+|(?<=#)[A-Za-z_][\w.\-]*')


def _canonical_ids(svg: str) -> str:
    """``svg`` with every element id renamed by order of first appearance (``id0``, ``id1``, ...)."""
    names: dict[str, str] = {}
    return _ID.sub(lambda match: names.setdefault(match.group(0), f"id{len(names)}"), svg)


def svg_difference(expected: Path, actual: Path, tolerance: float = SVG_TOLERANCE) -> str | None:
    """Why two SVG files differ beyond ``tolerance`` (``None`` when they agree)."""
    old = _canonical_ids(expected.read_text(encoding="utf-8"))
    new = _canonical_ids(actual.read_text(encoding="utf-8"))
    old_text, new_text = _NUMBER.split(old), _NUMBER.split(new)
    if old_text != new_text:
        pairs = enumerate(zip(old_text, new_text, strict=False))
        where = next((i for i, (a, b) in pairs if a != b), min(len(old_text), len(new_text)))
        return f"{actual.name}: the SVG's structure or text differs from {expected} (at token {where})"
    for a, b in zip(_NUMBER.findall(old), _NUMBER.findall(new), strict=True):
        if abs(float(a) - float(b)) > tolerance:
            return f"{actual.name}: a coordinate moved from {a} to {b} (tolerance {tolerance})"
    return None


def png_difference(expected: Path, actual: Path, tolerance: float = PNG_TOLERANCE) -> str | None:
    """Why two PNG files differ beyond ``tolerance`` RMS (``None`` when they agree)."""
    from matplotlib.testing.compare import compare_images
    from matplotlib.testing.exceptions import ImageComparisonFailure

    try:
        return compare_images(str(expected), str(actual), tol=tolerance, in_decorator=False)
    except ImageComparisonFailure as failure:  # e.g. the sizes differ
        return f"{actual.name}: {failure}"


def figure_difference(expected: Path, actual: Path) -> str | None:
    """Why a fresh figure differs from the committed one beyond the cross-machine tolerance."""
    if expected.suffix == ".svg":
        return svg_difference(expected, actual)
    if expected.suffix == ".png":
        return png_difference(expected, actual)
    raise ValueError(f"{expected}: no comparison for {expected.suffix} files")
