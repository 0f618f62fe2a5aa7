# examples/spark_quotes.py — whosaid on Spark (local mode): mapInArrow over a DataFrame of articles,
# then the quotes table written as Parquet. Run from the repository root: python examples/spark_quotes.py [OUT]
import os
import sys
import tempfile
from pathlib import Path

from pyspark.sql import SparkSession

import whosaid.spark

out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()) / "quotes"
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers' Python needs whosaid installed
spark = (
    SparkSession.builder.master("local[2]")
    .config("spark.driver.host", "127.0.0.1")
    .config("spark.ui.enabled", "false")
    .getOrCreate()
)

# On a cluster this would be e.g. spark.read.parquet("s3://bucket/articles/") with id and text columns.
files = sorted(Path("seeds").glob("*.txt"))
articles = spark.createDataFrame([(f.stem, f.read_bytes().decode()) for f in files], "id string, text string")

nested = whosaid.spark.analyze(articles).cache()  # one row per article; cached, as every table reads it
tables = whosaid.spark.tables(nested)  # articles, sentences, quotes, speakers, mentions, skipped
tables["quotes"].write.mode("overwrite").parquet(str(out))
print(f"{spark.read.parquet(str(out)).count()} quotes written to {out}")
tables["speakers"].groupBy("speaker_type").count().orderBy("speaker_type").show()
print(f"skipped rows: {tables['skipped'].count()}")
spark.stop()
