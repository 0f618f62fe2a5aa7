# examples/ray_quotes.py — whosaid on Ray Data: map_batches over a dataset of articles, then the
# quotes table written as Parquet. Run from the repository root: python examples/ray_quotes.py [OUT]
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
import ray

import whosaid

out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()) / "quotes"
ray.init(num_cpus=2, include_dashboard=False)  # on a cluster: ray.init(address="auto")

# On a cluster this would be e.g. ray.data.read_parquet("s3://bucket/articles/") with id and text columns.
files = sorted(Path("seeds").glob("*.txt"))
articles = ray.data.from_items([{"id": f.stem, "text": f.read_bytes().decode()} for f in files])

nested = articles.map_batches(whosaid.analyze_nested, batch_format="pyarrow").materialize()
quotes = nested.map_batches(lambda batch: whosaid.unnest(batch).quotes, batch_format="pyarrow")
quotes.write_parquet(str(out))
print(f"{pq.read_table(out).num_rows} quotes written to {out}")
ray.shutdown()
