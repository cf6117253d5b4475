import pytest

from generator.gate.outputs import DuplicateOutput, Outputs


def test_writer_skips_unchanged_and_prunes_stale(tmp_path):
    first = Outputs()
    first.add("a.md", "甲")
    first.add("sub/b.md", "乙")
    first.add("old/c.md", "丙")
    stats = first.write(tmp_path)
    assert (stats.written, stats.unchanged, stats.removed) == (3, 0, 0)
    mtime = (tmp_path / "a.md").stat().st_mtime_ns

    second = Outputs()
    second.add("a.md", "甲")
    second.add("sub/b.md", "乙改")
    stats = second.write(tmp_path)
    assert (stats.written, stats.unchanged, stats.removed) == (1, 1, 1)
    assert (tmp_path / "a.md").stat().st_mtime_ns == mtime
    assert (tmp_path / "sub/b.md").read_text(encoding="utf-8") == "乙改"
    assert not (tmp_path / "old").exists()


def test_two_outputs_on_one_path_are_refused():
    outputs = Outputs()
    outputs.add("a.md", "x")
    with pytest.raises(DuplicateOutput):
        outputs.add("a.md", "y")
