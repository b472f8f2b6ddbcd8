"""Maintainer commands: refresh the checksums recorded in ``datapackage.json``.

Run ``python -m egovlib.maintenance checksums`` (or ``make checksums``) after editing a
CSV. The descriptor is rewritten atomically: a failure leaves the old file in place.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m egovlib.maintenance")
    parser.add_argument("command", choices=["checksums"])
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    changed = update_checksums(args.data_dir)
    print("updated: " + (", ".join(changed) if changed else "nothing (all checksums current)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
