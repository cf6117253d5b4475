import os

import pytest

from generator.gate.outputs import DuplicateOutput, Outputs
from generator.publish.docs import write_docs
from generator.publish.safe_fs import UnsafeEntry


def test_writer_skips_unchanged_and_prunes_stale(tmp_path):
    first = Outputs()
    first.add("a.txt", "甲")
    first.add("sub/b.txt", "乙")
    first.add("old/c.txt", "丙")
    stats = write_docs(first, tmp_path)
    assert (stats.written, stats.unchanged, stats.removed) == (3, 0, 0)
    mtime = (tmp_path / "a.txt").stat().st_mtime_ns

    second = Outputs()
    second.add("a.txt", "甲")
    second.add("sub/b.txt", "乙改")
    stats = write_docs(second, tmp_path)
    assert (stats.written, stats.unchanged, stats.removed) == (1, 1, 1)
    assert (tmp_path / "a.txt").stat().st_mtime_ns == mtime
    assert (tmp_path / "sub/b.txt").read_text(encoding="utf-8") == "乙改"
    assert not (tmp_path / "old").exists()


def test_two_outputs_on_one_path_are_refused():
    outputs = Outputs()
    outputs.add("a.txt", "x")
    with pytest.raises(DuplicateOutput):
        outputs.add("a.txt", "y")


# --- the writer owns the docs dir: links and hard links found there are replaced, never written through ---


def _outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("原文", encoding="utf-8")
    return outside


def test_a_symlink_where_an_output_goes_is_replaced_not_written_through(tmp_path):
    outside, docs = _outside(tmp_path), tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").symlink_to(outside / "secret.txt")
    outputs = Outputs()
    outputs.add("a.txt", "新页面")
    write_docs(outputs, docs)
    assert (outside / "secret.txt").read_text(encoding="utf-8") == "原文"
    assert not (docs / "a.txt").is_symlink() and (docs / "a.txt").read_text(encoding="utf-8") == "新页面"


def test_a_symlink_with_the_outputs_bytes_is_not_taken_for_the_output(tmp_path):
    outside, docs = _outside(tmp_path), tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").symlink_to(outside / "secret.txt")
    outputs = Outputs()
    outputs.add("a.txt", "原文")  # the same bytes: "unchanged" would leave the link for mkdocs to follow
    stats = write_docs(outputs, docs)
    assert stats.written == 1 and not (docs / "a.txt").is_symlink()


def test_a_hard_link_where_an_output_goes_keeps_its_other_name_intact(tmp_path):
    outside, docs = _outside(tmp_path), tmp_path / "docs"
    docs.mkdir()
    os.link(outside / "secret.txt", docs / "a.txt")
    outputs = Outputs()
    outputs.add("a.txt", "新页面")
    write_docs(outputs, docs)
    assert (outside / "secret.txt").read_text(encoding="utf-8") == "原文"
    assert os.stat(docs / "a.txt").st_nlink == 1


def test_a_symlinked_folder_inside_the_docs_dir_is_replaced_by_a_real_one(tmp_path):
    outside, docs = _outside(tmp_path), tmp_path / "docs"
    docs.mkdir()
    (docs / "news").symlink_to(outside, target_is_directory=True)
    outputs = Outputs()
    outputs.add("news/secret.txt", "新页面")
    outputs.add("news/index.txt", "动态")
    write_docs(outputs, docs)
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert (outside / "secret.txt").read_text(encoding="utf-8") == "原文"
    assert not (docs / "news").is_symlink() and (docs / "news" / "index.txt").is_file()


def test_stale_links_are_removed_without_touching_or_emptying_their_targets(tmp_path):
    outside, docs = _outside(tmp_path), tmp_path / "docs"
    docs.mkdir()
    (docs / "old").symlink_to(outside, target_is_directory=True)
    (docs / "old.md").symlink_to(outside / "secret.txt")
    outputs = Outputs()
    outputs.add("index.txt", "首页")
    stats = write_docs(outputs, docs)
    assert stats.removed == 2 and sorted(p.name for p in docs.iterdir()) == ["index.txt"]
    assert (outside / "secret.txt").read_text(encoding="utf-8") == "原文"


def test_a_docs_dir_that_is_a_link_is_refused(tmp_path):
    outside, docs = _outside(tmp_path), tmp_path / "docs"
    docs.symlink_to(outside, target_is_directory=True)
    outputs = Outputs()
    outputs.add("secret.txt", "新页面")
    with pytest.raises(UnsafeEntry):
        write_docs(outputs, docs)
    assert (outside / "secret.txt").read_text(encoding="utf-8") == "原文"
