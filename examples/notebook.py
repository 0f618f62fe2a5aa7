# examples/notebook.py — whosaid from pandas and Polars, notebook style (run from the repository root).
from pathlib import Path

import pandas as pd
import polars as pl

import whosaid

# %% Articles as a pandas DataFrame: an `id` and a `text` column (date, url, title are optional).
files = sorted(Path("seeds").glob("*.txt"))
articles = pd.DataFrame({"id": [f.stem for f in files], "text": [f.read_bytes().decode() for f in files]})

# %% One call runs the pipeline; the result holds pyarrow Tables with the CLI's schemas.
tables = whosaid.analyze(articles)
print(f"quotes: {tables.quotes.num_rows}, speakers: {tables.speakers.num_rows}, skipped: {tables.skipped.num_rows}")

# %% pandas: who is quoted most, and on what evidence?
quotes = tables.quotes.to_pandas()
print(quotes.groupby("speaker").size().sort_values(ascending=False).head())
print(quotes[["speaker", "cue", "rule", "confidence"]].head().to_string())

# %% Polars: the same Arrow data without a copy; one speaker across articles by `speaker_key`.
speakers = (
    pl.from_arrow(tables.speakers)
    .group_by("speaker_key")
    .agg(pl.col("name").first(), pl.len().alias("articles"), pl.col("n_quotes").sum().alias("quotes"))
    .sort(["quotes", "speaker_key"], descending=[True, False])
)
print(speakers.head())

# %% Polars DataFrames go in directly too; the tables do not depend on where the rows came from.
assert whosaid.analyze(pl.from_pandas(articles)).quotes.equals(tables.quotes)
