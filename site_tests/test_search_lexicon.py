"""The site lexicon: the index's own Chinese words, bucketed by first character."""

from __future__ import annotations

import json

from generator.publish.search_lexicon import bucket_of, index_words


def test_lexicon_holds_the_words_the_index_was_cut_into(demo_site):
    lexicon = demo_site / "search" / "lexicon"
    index = json.loads((lexicon / "index.json").read_text(encoding="utf-8"))
    words = {}
    for number, name in enumerate(index["buckets"]):
        for word in (lexicon / name).read_text(encoding="utf-8").split("\n"):
            assert bucket_of(word, len(index["buckets"])) == number, word
            words[word] = number
    assert set(words) == index_words(demo_site / "pagefind")
    for word in ("扶贫", "攻坚", "无车日", "学雷锋", "广场", "空巢", "老人"):
        assert word in words
    assert "扶贫攻坚" not in words  # the index holds it as two words: the query must be cut so too
    assert index["longest"] <= 8 and max(map(len, words)) == index["longest"]
    assert all((lexicon / name).stat().st_size < 8192 for name in index["buckets"])
