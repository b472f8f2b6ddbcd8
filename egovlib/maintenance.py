"""Maintainer commands: refresh the checksums in ``datapackage.json``; rebuild the UN panel.

Run ``python -m egovlib.maintenance checksums`` (or ``make checksums``) after editing a
CSV. The descriptor is rewritten atomically: a failure leaves the old file in place.

``python -m egovlib.maintenance un-panel --from ../shared/external`` rebuilds
``data/un_egov_panel.csv`` from a folder of UN E-Government exports, verifies it
(:func:`egovlib.un_panel.verify`) and records its hash and the raw files' sha256; with
``--check`` it only verifies that the shipped file equals a fresh build (exit status 1,
naming the first differing row, if not). See :mod:`egovlib.un_panel`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from egovlib.atomic import write_text_atomic
from egovlib.datasets import content_hash, default_data_dir


def update_checksums(folder: Path | None = None) -> list[str]:
    """Record sha256 and byte size of every resource; return the names that changed."""
    folder = Path(folder) if folder is not None else default_data_dir()
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    changed = []
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        digest = content_hash(data)
        if resource.get("hash") != digest or resource.get("bytes") != len(data):
            changed.append(resource["name"])
        resource["hash"] = digest
        resource["bytes"] = len(data)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    write_text_atomic(descriptor_path, text)
    return changed


def un_panel(source: Path, source_2024: Path | None, data_dir: Path | None, check_only: bool) -> int:
    """Rebuild (or with ``check_only`` verify) the UN panel; the exit status."""
    import sys

    from egovlib import un_panel as panel
    from egovlib.datasets import DataPackage

    try:
        build = panel.build(source, source_2024)
    except (FileNotFoundError, ValueError) as err:
        print(f"un-panel: cannot build: {err}", file=sys.stderr)
        return 1
    package = DataPackage(data_dir) if data_dir is not None else None
    problems = panel.verify(build.table, package)
    if problems:
        print("un-panel: the fresh build fails its checks:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    rows = len(build.table)
    if check_only:
        problems = panel.check(build, data_dir)
        if problems:
            print("un-panel --check: FAILED\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        print(f"un-panel --check: data/un_egov_panel.csv equals a fresh build ({rows} rows, "
              f"{len(build.files)} raw files with the recorded sha256)")
        return 0
    path = panel.write(build, data_dir)
    print(f"un-panel: wrote {path} ({rows} rows) and its hash and raw-file checksums in datapackage.json")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m egovlib.maintenance")
    parser.add_argument("command", choices=["checksums", "un-panel"])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--from", dest="source", type=Path, default=None,
                        help="un-panel: folder holding un_egov/ and un_egov_2024_third_party/")
    parser.add_argument("--from-2024", dest="source_2024", type=Path, default=None,
                        help="un-panel: folder (or file) of the 2024 copy, if not under --from")
    parser.add_argument("--check", action="store_true",
                        help="un-panel: verify the shipped file against a fresh build, write nothing")
    args = parser.parse_args(argv)
    if args.command == "un-panel":
        if args.source is None:
            parser.error("un-panel needs --from FOLDER (e.g. --from ../shared/external)")
        return un_panel(args.source, args.source_2024, args.data_dir, args.check)
    changed = update_checksums(args.data_dir)
    print("updated: " + (", ".join(changed) if changed else "nothing (all checksums current)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
