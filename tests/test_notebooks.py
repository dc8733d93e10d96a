"""``runmuscles notebooks DIR``: editable copies of the packaged suite."""

from __future__ import annotations

import json

import pytest

from runmuscles.cli import main
from runmuscles.notebooks import copy_notebooks, packaged_notebooks


def test_packaged_suite_is_the_repository_notebooks(repo_root):
    packaged = {p.name: p.read_bytes() for p in packaged_notebooks()}
    in_repo = {p.name: p.read_bytes() for p in (repo_root / "notebooks").glob("*.ipynb")}
    assert packaged == in_repo
    assert "01-gait-cycle-explorer.ipynb" in packaged


def test_command_writes_every_notebook(tmp_path, capsys):
    target = tmp_path / "course" / "week1"
    assert main(["notebooks", str(target)]) == 0
    written = sorted(p.name for p in target.glob("*.ipynb"))
    assert written == sorted(p.name for p in packaged_notebooks())
    for name in written:  # each copy is a notebook a user can open
        assert json.loads((target / name).read_text(encoding="utf-8"))["nbformat"] == 4
    out = capsys.readouterr().out
    assert f"runmuscles serve {target}" in out


def test_existing_notebooks_are_kept_unless_asked(tmp_path, capsys):
    target = tmp_path / "mine"
    copy_notebooks(target)
    edited = target / "01-gait-cycle-explorer.ipynb"
    edited.write_text("my edits", encoding="utf-8")
    assert main(["notebooks", str(target)]) == 1
    err = capsys.readouterr().err
    assert "01-gait-cycle-explorer.ipynb" in err and "--overwrite" in err
    assert edited.read_text(encoding="utf-8") == "my edits"
    assert main(["notebooks", str(target), "--overwrite"]) == 0
    assert edited.read_text(encoding="utf-8") != "my edits"


def test_other_commands_reject_unknown_options(capsys):
    with pytest.raises(SystemExit):
        main(["notebooks", "somewhere", "--port=9000"])
    assert "unrecognized arguments: --port=9000" in capsys.readouterr().err
