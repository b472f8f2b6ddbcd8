"""A non-editable install of the wheel, in a fresh virtual environment, loads every dataset."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_the_data(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
                   cwd=REPO, check=True, capture_output=True)
    wheel = next(dist.glob("egovlib-*.whl"))
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # unpack the wheel itself (no network, no editable path) and borrow pandas from this environment
    import zipfile

    zipfile.ZipFile(wheel).extractall(site)
    (Path(site) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    code = ("import egovlib, sys; assert egovlib.__file__.startswith(sys.prefix), egovlib.__file__; "
            "names = egovlib.list_datasets(); [egovlib.load(n) for n in names]; "
            "egovlib.conflicts(); egovlib.claims(); print(len(names))")
    out = subprocess.run([python, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 22
