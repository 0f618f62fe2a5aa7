//! Per-stage timings on the seed articles: `cargo bench --bench stages`.
//!
//! Each stage is timed on all seed articles at once, with its inputs precomputed by the earlier
//! stages (`analyze` skips the stages after `quotes` when an article has no quotation), and
//! reported with a bytes-of-text throughput. `analyze` is the whole pipeline.
//! End-to-end corpus throughput (I/O, threads, Parquet) is measured by `scripts/bench.sh`.

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use whosaid_core::lexicon::Lexicon;
use whosaid_core::model::{Entity, Layout, Marked, Mention, Quote, Sentence};
use whosaid_core::text::tokens::ArticleTokens;
use whosaid_core::{Article, attribution, entities, layout, marks, mentions, quotes, sentences};

/// Everything the stages compute for one seed article.
struct Staged {
    text: String,
    layout: Layout,
    marks: Vec<Marked>,
    sentences: Vec<Sentence>,
    tokens: ArticleTokens,
    quotes: Vec<Quote>,
    raw_mentions: Vec<Mention>,
    mentions: Vec<Mention>,
    entities: Vec<Entity>,
}

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).expect("seed text")).collect()
}

fn stage_all(lex: &'static Lexicon, text: String) -> Staged {
    let layout = layout::analyze(&text, lex);
    let marks = marks::pair(&text, &layout);
    let sentences = sentences::split(&text, &layout, &marks, lex);
    let quotes = quotes::place(&text, marks.clone(), &sentences, lex);
    let tokens = ArticleTokens::new(&text, &sentences, lex);
    let raw_mentions = mentions::find(&text, &layout, &sentences, &tokens, &quotes, lex);
    let (mentions, entities) = entities::resolve(&text, raw_mentions.clone(), &tokens, lex);
    Staged { text, layout, marks, sentences, tokens, quotes, raw_mentions, mentions, entities }
}

fn stages(c: &mut Criterion) {
    let lex = Lexicon::get();
    let texts = seeds();
    let bytes: usize = texts.iter().map(String::len).sum();
    let staged: Vec<Staged> = texts.iter().cloned().map(|t| stage_all(lex, t)).collect();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes as u64));

    g.bench_function("layout::analyze", |b| {
        b.iter(|| {
            for s in &staged {
                black_box(layout::analyze(&s.text, lex));
            }
        })
    });
    g.bench_function("marks::pair", |b| {
        b.iter(|| {
            for s in &staged {
                black_box(marks::pair(&s.text, &s.layout));
            }
        })
    });
    g.bench_function("sentences::split", |b| {
        b.iter(|| {
            for s in &staged {
                black_box(sentences::split(&s.text, &s.layout, &s.marks, lex));
            }
        })
    });
    g.bench_function("ArticleTokens::new", |b| {
        b.iter(|| {
            for s in &staged {
                black_box(ArticleTokens::new(&s.text, &s.sentences, lex));
            }
        })
    });
    g.bench_function("quotes::place", |b| {
        b.iter_batched(
            || staged.iter().map(|s| s.marks.clone()).collect::<Vec<_>>(),
            |marks| {
                for (s, m) in staged.iter().zip(marks) {
                    black_box(quotes::place(&s.text, m, &s.sentences, lex));
                }
            },
            BatchSize::SmallInput,
        )
    });
    g.bench_function("mentions::find", |b| {
        b.iter(|| {
            for s in &staged {
                black_box(mentions::find(&s.text, &s.layout, &s.sentences, &s.tokens, &s.quotes, lex));
            }
        })
    });
    g.bench_function("entities::resolve", |b| {
        b.iter_batched(
            || staged.iter().map(|s| s.raw_mentions.clone()).collect::<Vec<_>>(),
            |mentions| {
                for (s, m) in staged.iter().zip(mentions) {
                    black_box(entities::resolve(&s.text, m, &s.tokens, lex));
                }
            },
            BatchSize::SmallInput,
        )
    });
    g.bench_function("attribution::attribute", |b| {
        b.iter(|| {
            for s in &staged {
                black_box(attribution::attribute(
                    &s.text,
                    &s.layout,
                    &s.sentences,
                    &s.tokens,
                    &s.quotes,
                    &s.mentions,
                    &s.entities,
                    lex,
                ));
            }
        })
    });
    g.bench_function("analyze", |b| {
        b.iter_batched(
            || {
                texts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Article { id: i.to_string(), text: t.clone(), ..Article::default() })
                    .collect::<Vec<_>>()
            },
            |articles| {
                for a in articles {
                    black_box(whosaid_core::analyze(a));
                }
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
