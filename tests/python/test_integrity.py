"""Referential integrity and offsets: every span slices back to its text, in Python and DuckDB."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from conftest import duckdb_views


def _rows(out, table):
    return pq.read_table(out / table).to_pylist()


@pytest.fixture(scope="module")
def texts(out) -> dict[str, str]:
    return {r["article_id"]: r["text"] for r in _rows(out, "articles")}


@pytest.fixture(scope="module")
def con(out):
    return duckdb_views(out)


# --- referential integrity ----------------------------------------------------------------------

def test_quotes_reference_articles(con):
    n = con.execute("SELECT count(*) FROM quotes q ANTI JOIN articles a USING (article_id)").fetchone()[0]
    assert n == 0


def test_quote_speakers_exist(con):
    n = con.execute(
        "SELECT count(*) FROM quotes q WHERE q.speaker_id IS NOT NULL "
        "AND q.speaker_id NOT IN (SELECT speaker_id FROM speakers)"
    ).fetchone()[0]
    assert n == 0
    # ...and belong to the quote's article, with the same canonical name.
    n = con.execute(
        "SELECT count(*) FROM quotes q JOIN speakers s USING (speaker_id) "
        "WHERE s.article_id <> q.article_id OR s.name <> q.speaker"
    ).fetchone()[0]
    assert n == 0


def test_mentions_reference_speakers(con):
    n = con.execute(
        "SELECT count(*) FROM mentions m WHERE m.speaker_id NOT IN (SELECT speaker_id FROM speakers)"
    ).fetchone()[0]
    assert n == 0
    n = con.execute(
        "SELECT count(*) FROM mentions m JOIN speakers s USING (speaker_id) WHERE s.article_id <> m.article_id"
    ).fetchone()[0]
    assert n == 0


def test_speaker_and_sentence_tables_reference_articles(con):
    for t in ("speakers", "sentences", "mentions"):
        n = con.execute(f"SELECT count(*) FROM {t} ANTI JOIN articles USING (article_id)").fetchone()[0]
        assert n == 0, t


def test_article_counters_agree_with_child_tables(con):
    bad = con.execute(
        """
        SELECT a.article_id FROM articles a
        LEFT JOIN (SELECT article_id, count(*) n FROM quotes GROUP BY ALL) q USING (article_id)
        LEFT JOIN (SELECT article_id, count(*) n FROM quotes WHERE speaker_id IS NOT NULL GROUP BY ALL) qa USING (article_id)
        LEFT JOIN (SELECT article_id, count(*) n FROM sentences GROUP BY ALL) s USING (article_id)
        WHERE a.n_quotes <> coalesce(q.n, 0) OR a.n_attributed <> coalesce(qa.n, 0)
           OR a.n_sentences <> coalesce(s.n, 0)
           OR a.n_chars <> length(a.text) OR a.n_bytes <> octet_length(encode(a.text))
           OR a.text_sha256 <> sha256(a.text)
        """
    ).fetchall()
    assert bad == []


def test_speaker_counters_agree(con):
    bad = con.execute(
        """
        SELECT s.speaker_id FROM speakers s
        LEFT JOIN (SELECT speaker_id, count(*) n FROM quotes GROUP BY ALL) q USING (speaker_id)
        LEFT JOIN (SELECT speaker_id, count(*) n FROM mentions GROUP BY ALL) m USING (speaker_id)
        WHERE s.n_quotes <> coalesce(q.n, 0) OR s.n_mentions <> coalesce(m.n, 0) OR s.n_quotes = 0
        """
    ).fetchall()
    assert bad == []


# --- offsets: Python slicing ----------------------------------------------------------------------

SPANS = {
    "sentences": [("char_start", "char_end", "byte_start", "byte_end", "text")],
    "mentions": [("char_start", "char_end", "byte_start", "byte_end", "text")],
    "quotes": [
        ("char_start", "char_end", "byte_start", "byte_end", "text"),
        ("mention_char_start", "mention_char_end", None, None, "mention_text"),
        ("cue_char_start", "cue_char_end", None, None, "cue"),
    ],
}


@pytest.mark.parametrize("table", SPANS)
def test_python_char_and_byte_slices(out, texts, table):
    rows = _rows(out, table)
    checked = 0
    for r in rows:
        text = texts[r["article_id"]]
        data = text.encode("utf-8")
        for cs, ce, bs, be, col in SPANS[table]:
            if r[cs] is None:
                assert r[ce] is None and r[col] is None, (table, r)
                continue
            assert 0 <= r[cs] <= r[ce] <= len(text), (table, r)
            assert text[r[cs]:r[ce]] == r[col], (table, col, r[cs], r[ce], r[col])
            if bs is not None:
                assert data[r[bs]:r[be]].decode("utf-8") == r[col], (table, col, r[bs], r[be])
                assert len(text[: r[cs]].encode("utf-8")) == r[bs]
            checked += 1
    assert checked >= len(rows)


def test_quote_text_is_trimmed(out):
    for r in _rows(out, "quotes"):
        assert r["text"] == r["text"].strip(), r["quote_id"]
        assert r["text"], r["quote_id"]


def test_quotes_lie_in_their_sentence_and_paragraph(out):
    sentences = {(r["article_id"], r["sentence_index"]): r for r in _rows(out, "sentences")}
    for q in _rows(out, "quotes"):
        s = sentences.get((q["article_id"], q["sentence_index"]))
        assert s is not None, q["quote_id"]
        assert s["char_start"] <= q["char_start"] <= s["char_end"], q["quote_id"]
        assert s["paragraph_index"] == q["paragraph_index"], q["quote_id"]


def test_sentences_do_not_overlap(out):
    by_article: dict[str, list] = {}
    for s in _rows(out, "sentences"):
        by_article.setdefault(s["article_id"], []).append(s)
    for aid, ss in by_article.items():
        ss.sort(key=lambda s: s["sentence_index"])
        assert [s["sentence_index"] for s in ss] == list(range(len(ss))), aid
        for a, b in zip(ss, ss[1:]):
            assert a["char_end"] <= b["char_start"], (aid, a["sentence_index"])


# --- offsets: DuckDB substring (1-based, code points) -----------------------------------------

@pytest.mark.parametrize(
    "table,start,end,col",
    [
        ("quotes", "char_start", "char_end", "text"),
        ("quotes", "mention_char_start", "mention_char_end", "mention_text"),
        ("quotes", "cue_char_start", "cue_char_end", "cue"),
        ("sentences", "char_start", "char_end", "text"),
        ("mentions", "char_start", "char_end", "text"),
    ],
)
def test_duckdb_substring_matches(con, table, start, end, col):
    total, bad = con.execute(
        f"""
        SELECT count(*), count(*) FILTER (WHERE substring(a.text, t.{start} + 1, t.{end} - t.{start}) <> t.{col})
        FROM {table} t JOIN articles a USING (article_id)
        WHERE t.{start} IS NOT NULL
        """
    ).fetchone()
    assert bad == 0, f"{bad} of {total} {table}.{col} spans do not slice back"
    if (table, col) in {("quotes", "text"), ("sentences", "text")}:
        assert total > 0


def test_offsets_on_non_ascii_text(out, texts):
    """The seeds hold curly quotes and apostrophes, so char and byte offsets must differ somewhere."""
    quotes = _rows(out, "quotes")
    assert any(q["byte_start"] != q["char_start"] for q in quotes), "no quote after a non-ASCII char?"
