"""The dataset card loads with Hugging Face `datasets` (offline) and croissant.json with mlcroissant.

These fail (not skip) when README.md or croissant.json is missing: both are part of a release.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import TABLES


def card_yaml(out) -> dict:
    path = out / "README.md"
    assert path.is_file(), f"dataset card {path} is missing"
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\r?\n(.*?)\r?\n---\r?\n", text, re.S)
    assert m, "dataset card has no YAML front matter (--- ... ---)"
    meta = yaml.safe_load(m.group(1))
    assert isinstance(meta, dict)
    return meta


def card_configs(out) -> dict[str, dict]:
    configs = card_yaml(out).get("configs")
    assert isinstance(configs, list) and configs, "dataset card YAML has no `configs` list"
    return {c["config_name"]: c for c in configs}


def test_card_has_one_config_per_table(out):
    configs = card_configs(out)
    assert set(configs) == set(TABLES), sorted(configs)
    defaults = [name for name, c in configs.items() if c.get("default")]
    assert len(defaults) <= 1


def test_card_documents_every_column(out):
    from conftest import load_schema

    text = (out / "README.md").read_text(encoding="utf-8")
    for t in TABLES:
        for c in load_schema(t):
            assert c["name"] in text, f"dataset card does not mention {t}.{c['name']}"


@pytest.mark.parametrize("table", TABLES)
def test_load_dataset_by_config_name(out, counts, table, tmp_path):
    import datasets

    assert table in card_configs(out), f"no config {table!r} in the dataset card"
    dd = datasets.load_dataset(str(out), table, cache_dir=str(tmp_path / "cache"))
    total = sum(split.num_rows for split in dd.values())
    assert total == counts[table]
    first = next(iter(dd.values()))
    from conftest import load_schema

    assert first.column_names == [c["name"] for c in load_schema(table)]


@pytest.mark.parametrize("table", TABLES)
def test_load_dataset_parquet_builder(out, counts, table, tmp_path):
    import datasets

    files = sorted(str(p) for p in (out / table).glob("*.parquet"))
    ds = datasets.load_dataset("parquet", data_files=files, split="train", cache_dir=str(tmp_path / "cache"))
    assert ds.num_rows == counts[table]


# --- Croissant ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def croissant(out):
    path = out / "croissant.json"
    assert path.is_file(), f"{path} is missing"
    return path


def _record_sets(ds) -> dict[str, str]:
    """table name -> record set uuid (what `records()` takes), matched by the set's name or id."""
    found = {}
    for rs in ds.metadata.record_sets:
        for t in TABLES:
            if t in {str(rs.name).lower(), str(rs.uuid).lower()} or str(rs.uuid).lower().endswith(f"/{t}"):
                found[t] = rs.uuid
    return found


def test_croissant_validates(croissant):
    import mlcroissant as mlc

    ds = mlc.Dataset(jsonld=croissant)  # raises ValidationError on any error
    assert ds.metadata.name
    assert set(_record_sets(ds)) == set(TABLES)
    errors = list(ds.metadata.ctx.issues.errors)
    assert not errors, errors


@pytest.mark.parametrize("table", TABLES)
def test_croissant_records(croissant, counts, table):
    import mlcroissant as mlc

    ds = mlc.Dataset(jsonld=croissant)
    rs = _record_sets(ds).get(table)
    assert rs, f"no record set for {table} in croissant.json"
    n = sum(1 for _ in ds.records(record_set=rs))
    assert n == counts[table]


def test_croissant_file_hashes_match(croissant, out):
    import hashlib

    doc = json.loads(croissant.read_text(encoding="utf-8"))
    objs = [d for d in doc.get("distribution", []) if "sha256" in d and "contentUrl" in d]
    for d in objs:
        url = d["contentUrl"]
        if "://" in url:
            continue
        p = out / url
        if p.is_file():
            assert hashlib.sha256(p.read_bytes()).hexdigest() == d["sha256"], url
