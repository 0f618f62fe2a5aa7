"""`whosaid report` in a real browser, and `whosaid show` on a large multi-part dataset.

The report of a multi-part dataset (seeds plus generated articles, some skipped) is opened in
headless Chromium (Debian's `chromium`, installed by scripts/test.sh) through Playwright. The
tests check that the page loads with no console error and no network request, that every number
on the page equals a DuckDB query over the same Parquet tables, that every sampled quote's
highlighted text equals `quotes.text`, that the evidence, sorting and filtering work, and that a
screenshot is produced and is not blank (its pixels are counted by the browser itself).
Set WHOSAID_SCREENSHOT=path.png to keep the screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import build, duckdb_views, run
from corpus import ARTICLE_SCHEMA, BAD_ROWS, generated_articles, seed_texts

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium on a machine without network: no background requests, no sandbox (root), no GPU.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMPLE = 8


@pytest.fixture(scope="module")
def dataset(whosaid, tmp_path_factory) -> Path:
    """Seeds, 4,500 generated articles (more than one batch of the build) and two bad rows, in
    parts of at most 32 KiB: the report streams over many parts and row groups."""
    tmp = tmp_path_factory.mktemp("report")
    path = tmp / "generated.parquet"
    rows = generated_articles(4500) + [row for row, _ in BAD_ROWS]
    pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA), path)
    out = tmp / "out"
    build(whosaid, out, "--part-size", "32KiB", inputs=("seeds", str(path)))
    for table in ("articles", "quotes", "speakers"):
        assert len(list((out / table).glob("*.parquet"))) > 1, f"{table} should have several parts"
    return out


@pytest.fixture(scope="module")
def con(dataset):
    return duckdb_views(dataset)


@pytest.fixture(scope="module")
def report_file(whosaid, dataset, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    run(whosaid, "report", dataset, "-o", path, "--sample", SAMPLE, "--seed", 3)
    return path


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"chromium not found at {CHROMIUM}: scripts/test.sh installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def loaded(browser, report_file):
    """The report page, loaded, with the console errors and requests seen on the way."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report_file.as_uri(), wait_until="load")
    yield page, errors, requests
    page.close()


def rows_of(page, table_id: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        f"#{table_id} tbody tr", "rows => rows.map(r => Array.from(r.cells, c => c.textContent.trim()))"
    )


def test_page_loads_without_console_errors_or_network(loaded, report_file):
    page, errors, requests = loaded
    assert errors == []
    assert requests == [report_file.as_uri()], "the report must not load anything but itself"
    assert page.title().startswith("whosaid report")
    assert page.locator("figure svg").count() >= 6


def test_overview_numbers_equal_duckdb(loaded, con, dataset):
    page, _, _ = loaded
    cards = dict(page.eval_on_selector_all("#counts dd", "ds => ds.map(d => [d.dataset.k, d.textContent])"))
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    articles, quotes = one("SELECT count(*) FROM articles"), one("SELECT count(*) FROM quotes")
    attributed = one("SELECT count(*) FROM quotes WHERE speaker_id IS NOT NULL")
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    assert int(cards["articles"]) == articles > 0
    assert int(cards["quotes"]) == quotes > 0
    assert int(cards["attributed"]) == attributed > 0
    assert cards["attributed-share"] == f"{100 * attributed / quotes:.1f}%"
    assert cards["quotes-per-article"] == f"{quotes / articles:.2f}"
    assert int(cards["speakers"]) == one("SELECT count(*) FROM speakers")
    assert int(cards["speaker-keys"]) == one("SELECT count(DISTINCT speaker_key) FROM speakers WHERE n_quotes > 0")
    assert int(cards["mentions"]) == one("SELECT count(*) FROM mentions")
    assert int(cards["sentences"]) == one("SELECT count(*) FROM sentences")
    assert int(cards["skipped"]) == manifest["skipped"]["count"] == len(BAD_ROWS)


def as_counts(rows, key_cols=1):
    return {tuple(r[:key_cols]) if key_cols > 1 else r[0]: int(r[key_cols]) for r in rows}


@pytest.mark.parametrize(
    "table_id, sql",
    [
        ("t-rules", "SELECT rule, count(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY rule"),
        ("t-speaker-types", "SELECT speaker_type, count(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY 1"),
        ("t-mention-types", "SELECT mention_type, count(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY 1"),
        ("t-kinds", "SELECT kind, count(*) FROM quotes GROUP BY 1"),
        ("t-quotes-per-article", "SELECT CAST(n_quotes AS VARCHAR), count(*) FROM articles GROUP BY 1"),
    ],
)
def test_count_tables_equal_duckdb(loaded, con, table_id, sql):
    page, _, _ = loaded
    want = {str(k): v for k, v in con.execute(sql).fetchall()}
    got = as_counts(rows_of(page, table_id))
    assert got == want
    assert sum(got.values()) > 0


def test_confidence_histogram_equals_duckdb(loaded, con):
    page, _, _ = loaded
    rows = rows_of(page, "t-confidence")
    assert len(rows) == 20
    want = dict(
        con.execute(
            "SELECT least(floor(confidence * 20), 19)::INT AS bin, count(*) FROM quotes "
            "WHERE confidence IS NOT NULL GROUP BY bin"
        ).fetchall()
    )
    got = {i: int(r[2]) for i, r in enumerate(rows)}
    assert got == {i: want.get(i, 0) for i in range(20)}
    assert [r[0] for r in rows] == [f"{i / 20:.2f}" for i in range(20)]


def test_months_equal_duckdb(loaded, con):
    page, _, _ = loaded
    want = {
        m: (a, q)
        for m, a, q in con.execute(
            "SELECT strftime(published, '%Y-%m'), count(*), sum(n_quotes) FROM articles "
            "WHERE published IS NOT NULL GROUP BY 1"
        ).fetchall()
    }
    got = {r[0]: (int(r[1]), int(r[2])) for r in rows_of(page, "t-months")}
    assert got == want and len(got) > 1


@pytest.mark.parametrize("table_id, order", [("t-speakers-quotes", "quotes DESC, articles DESC"), ("t-speakers-articles", "articles DESC, quotes DESC")])
def test_top_speakers_equal_duckdb(loaded, con, table_id, order):
    page, _, _ = loaded
    want = con.execute(
        "SELECT speaker_key, sum(n_quotes) AS quotes, count(DISTINCT article_id) AS articles FROM speakers "
        f"WHERE n_quotes > 0 GROUP BY speaker_key ORDER BY {order}, speaker_key LIMIT 20"
    ).fetchall()
    rows = rows_of(page, table_id)
    got = [(r[1], int(r[3]), int(r[4])) for r in rows]
    assert got == [(k, int(q), int(a)) for k, q, a in want]
    names = dict(con.execute("SELECT speaker_key, list(DISTINCT name) FROM speakers GROUP BY 1").fetchall())
    for r in rows:
        assert r[2] in names[r[1]], "the name shown is one of the key's names"


def test_skipped_inputs_are_listed(loaded, dataset):
    page, _, _ = loaded
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    listed = {(r[2], r[3]) for r in rows_of(page, "t-skipped")}
    assert listed == {(s["article_id"], s["reason"]) for s in manifest["skipped"]["first"]}


def test_every_sampled_quote_is_highlighted_with_its_exact_text(loaded, con):
    page, _, _ = loaded
    ids = page.eval_on_selector_all("article.doc", "as => as.map(a => a.dataset.articleId)")
    assert len(ids) == SAMPLE
    # A quote may be split into pieces where a mention crosses its edge: join them in order.
    marked = page.eval_on_selector_all(
        "article.doc",
        """docs => docs.map(d => {
            const q = {};
            d.querySelectorAll('mark.q').forEach(m => { q[m.dataset.q] = (q[m.dataset.q] || '') + m.textContent; });
            return [d.dataset.articleId, q];
        })""",
    )
    n = 0
    for article_id, quotes in marked:
        want = dict(con.execute("SELECT quote_id, text FROM quotes WHERE article_id = ?", [article_id]).fetchall())
        assert quotes == want, article_id
        n += len(want)
    assert n > 0, "the sample should hold quotes"
    table_ids = [r[0] for r in rows_of(page, "quotes-table")]
    assert len(table_ids) == n == len(set(table_ids))


def test_clicking_a_quote_shows_its_evidence(loaded, con):
    page, errors, _ = loaded
    mark = page.locator("mark.q:not(.none)").first
    qid = mark.get_attribute("data-q")
    speaker, rule = con.execute("SELECT speaker, rule FROM quotes WHERE quote_id = ?", [qid]).fetchone()
    evidence = page.locator(f'.ev[data-q="{qid}"]')
    assert not evidence.is_visible()
    mark.click()
    assert evidence.is_visible()
    text = evidence.inner_text()
    assert speaker in text and rule in text
    mark.click()
    assert not evidence.is_visible()
    assert errors == []


def test_quotes_table_sorts_and_filters(loaded):
    page, errors, _ = loaded
    page.locator("#quotes-table th", has_text="confidence").click()
    values = page.eval_on_selector_all(
        "#quotes-table tbody tr", "rows => rows.map(r => r.cells[7].dataset.v)"
    )
    nums = [float(v) for v in values if v]
    assert nums == sorted(nums) and len(nums) > 1
    total = page.locator("#quotes-table tbody tr").count()
    first_id = page.locator("#quotes-table tbody tr td").first.inner_text()
    page.fill("#quote-filter", first_id)
    visible = page.locator("#quotes-table tbody tr:not([hidden])").count()
    assert 1 <= visible < total
    assert page.locator("#quote-count").inner_text() == str(visible)
    page.fill("#quote-filter", "")
    assert errors == []


def test_screenshot_is_not_blank(loaded, browser, tmp_path):
    page, _, _ = loaded
    page.evaluate("window.scrollTo(0, 0)")
    png = page.screenshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    keep = os.environ.get("WHOSAID_SCREENSHOT")
    if keep:
        Path(keep).write_bytes(png)
    # The browser decodes the PNG and counts its pixels (on a blank page: the report's policy
    # allows no images).
    probe = browser.new_page()
    stats = probe.evaluate(
        """async (b64) => {
            const img = new Image();
            img.src = 'data:image/png;base64,' + b64;
            await img.decode();
            const c = document.createElement('canvas');
            c.width = img.width; c.height = img.height;
            const ctx = c.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            const colours = new Set();
            let ink = 0;
            for (let i = 0; i < d.length; i += 4) {
                colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
                if (d[i] + d[i + 1] + d[i + 2] < 600) ink++;
            }
            return {w: c.width, h: c.height, colours: colours.size, ink: ink / (d.length / 4)};
        }""",
        base64.b64encode(png).decode(),
    )
    probe.close()
    assert (stats["w"], stats["h"]) == (1280, 900)
    assert stats["colours"] > 50, stats
    assert stats["ink"] > 0.02, stats


# --- show on a large multi-part dataset --------------------------------------------------------


@pytest.fixture(scope="module")
def large(whosaid, tmp_path_factory):
    """About 40 MB of article text (in four build batches) in parts of at most 256 KiB; returns
    (folder, article ids)."""
    tmp = tmp_path_factory.mktemp("large")
    paragraphs = [p.strip() for t in seed_texts().values() for p in t.split("\n\n") if p.strip()]
    rng = random.Random(15)
    path = tmp / "large.jsonl"
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i in range(16000):
            ids.append(f"big-{i:06d}")
            text = "\n\n".join(rng.sample(paragraphs, 9))
            f.write(json.dumps({"id": ids[-1], "text": text}) + "\n")
    out = tmp / "out"
    build(whosaid, out, "--part-size", "256KiB", inputs=(str(path),))
    text_bytes = sum(
        pq.read_metadata(p).row_group(i).column(13).total_uncompressed_size
        for p in (out / "articles").glob("*.parquet")
        for i in range(pq.read_metadata(p).num_row_groups)
    )
    assert text_bytes > 30e6, text_bytes
    assert len(list((out / "articles").glob("*.parquet"))) > 3
    return out, ids


def peak_rss_mib(cmd: list[str], tmp: Path) -> tuple[float, str, str]:
    """Runs a command; returns its own peak RSS (MiB), its stdout and its stderr."""
    out_path, err_path = tmp / "stdout", tmp / "stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, err_path.read_text()
    return usage.ru_maxrss / 1024, out_path.read_text(encoding="utf-8"), err_path.read_text(encoding="utf-8")


def test_show_reads_a_large_dataset_in_bounded_memory(whosaid, large, out, tmp_path):
    big, ids = large
    target = ids[len(ids) // 2]
    rss_big, text, log = peak_rss_mib([str(whosaid), "-v", "show", str(big), target, "--color", "never"], tmp_path)
    assert text.startswith(f"── article {target} ")
    # One article: the row groups that can hold it, not the tables.
    read = [line for line in log.splitlines() if "row groups" in line]
    assert len(read) == 4, log
    for line in read:
        n_read, n_all = (int(w) for w in line.split() if w.isdigit())
        assert n_read <= 2 < n_all, line
    rss_small, _, _ = peak_rss_mib([str(whosaid), "show", str(out), "--color", "never"], tmp_path)
    # The articles' text alone is over 30 MB; showing one costs a few MiB more than on 5 seeds.
    assert rss_big - rss_small < 16, (rss_big, rss_small)


def test_show_lookup_is_fast_on_a_large_dataset(whosaid, large):
    big, ids = large
    start = time.perf_counter()
    for target in ids[:: len(ids) // 5][:5]:
        run(whosaid, "show", big, target, "--color", "never")
    per_lookup = (time.perf_counter() - start) / 5
    assert per_lookup < 2.0, per_lookup


def test_show_in_a_pipe_is_plain_text_and_errors_name_what_is_wrong(whosaid, dataset, tmp_path):
    plain = run(whosaid, "show", dataset, "--rule", "cue_after")
    assert plain.stdout.startswith("── article ") and "\x1b[" not in plain.stdout
    assert "rule cue_after" in plain.stdout
    coloured = run(whosaid, "show", dataset, "--rule", "cue_after", "--color", "always")
    assert "\x1b[" in coloured.stdout
    missing = run(whosaid, "show", dataset, "no-such-article", check=False)
    assert missing.returncode == 1
    assert '"no-such-article"' in missing.stderr and str(dataset) in missing.stderr
    for command in (["show", tmp_path], ["report", tmp_path, "-o", tmp_path / "r.html"]):
        p = run(whosaid, *command, check=False)
        assert p.returncode == 1 and "not a whosaid dataset" in p.stderr and str(tmp_path) in p.stderr
    assert not (tmp_path / "r.html").exists(), "a failed report leaves no file"
