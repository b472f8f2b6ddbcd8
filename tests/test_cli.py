"""egovlib.cli: one command line, `egov report | notebooks | checksums | validate | un-panel`."""

from __future__ import annotations

import shutil

import pytest

from egovlib import cli
from egovlib.datasets import default_data_dir


def test_the_commands_are_the_documented_ones():
    assert list(cli.COMMANDS) == ["report", "notebooks", "checksums", "validate", "un-panel"]


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in cli.COMMANDS)


def test_unknown_command_is_refused_with_status_2(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["reprot"])
    assert stopped.value.code == 2
    assert "invalid choice: 'reprot'" in capsys.readouterr().err


def test_validate_passes_on_the_shipped_data_and_names_a_broken_file(tmp_path, capsys):
    assert cli.main(["validate", "portal_users"]) == 0
    assert "1 table(s) checked" in capsys.readouterr().out
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    csv = data / "portal_users.csv"
    csv.write_text(csv.read_text().replace(",32.9,", ",-32.9,", 1))
    assert cli.main(["validate", "portal_users", "--data-dir", str(data)]) == 1
    captured = capsys.readouterr()
    assert "FAILED portal_users" in captured.err and "checksum mismatch" in captured.err
    assert cli.main(["checksums", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    assert cli.main(["validate", "portal_users", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "data/portal_users.csv, line 2, column 'value'" in err  # now the schema or an invariant speaks
