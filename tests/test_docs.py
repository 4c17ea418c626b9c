"""Docs stay honest: every command has help with an example and is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossroads.cli import cli
from crossroads.settings import ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_example_and_is_documented(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output, f"`crossroads {name} --help` has no example"
    assert f"crossroads {name}" in README, f"README does not document `crossroads {name}`"


@pytest.mark.parametrize("variable", [*ENVIRONMENT.values(), "CROSSROADS_ACTORS"])
def test_settings_documented(variable):
    assert variable in README


def test_readme_opens_with_the_two_commands():
    first = README.split("```")[1]
    assert re.search(r"^make demo", first, re.M) and re.search(r"^make test", first, re.M)


def test_changelog_mentions_issues():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"#\d+", text)
