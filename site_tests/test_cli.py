"""The `portal` command line: options where editors type them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.cli import _parser, main

@pytest.mark.parametrize("order", ["before", "after"])
def test_today_and_project_before_or_after_the_command(mini, capsys, order):
    options = ["--project", str(mini), "--today", "2019-03-04"]
    code = main([*options, "check"] if order == "before" else ["check", *options])
    assert (code, capsys.readouterr().err) == (0, "")


def test_build_accepts_today_after_the_command(mini, capsys):
    """The reported case: `portal build --today …` was refused, only `portal --today … build` worked."""
    code = main(["--project", str(mini), "build", "--today", "2019-03-04"])
    assert code == 0, capsys.readouterr().err
    assert (mini / "site" / "index.html").is_file()


@pytest.mark.parametrize("argv", [["--today", "2019-03-04", "check", "--project", "p"],
                                  ["--project", "p", "check", "--today", "2019-03-04"],
                                  ["--today", "2018-01-01", "--project", "q", "check", "--today", "2019-03-04",
                                   "--project", "p"]])
def test_an_option_on_either_side_is_kept_and_the_one_after_the_command_wins(argv):
    args = _parser().parse_args(argv)
    assert (args.today, args.project) == (date(2019, 3, 4), Path("p"))


def test_a_wrong_date_after_the_command_is_a_chinese_message(mini, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--project", str(mini), "check", "--today", "2019-02-30"])
    assert exit_.value.code == 2
    assert "“2019-02-30”不是有效日期，格式应为 YYYY-MM-DD" in capsys.readouterr().err
