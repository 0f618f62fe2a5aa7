//! Hand-built analyses for the output and validate tests (non-ASCII, so char != byte offsets).

use whosaid_core::model::*;

/// Span of the `nth` occurrence of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> Span {
    let start = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} #{nth}")).0;
    Span::new(start, start + needle.len())
}

fn mention(text: &str, needle: &str, nth: usize, kind: MentionType, st: SpeakerType, entity: usize) -> Mention {
    Mention { entity: Some(entity), ..Mention::new(find(text, needle, nth), kind, st) }
}

/// An article with curly quotes, accents, two speakers, one non-speaking entity, an unattributed
/// quote and a quote left open at a paragraph break.
pub fn rich(id: &str) -> Analysis {
    let text = "Café diplomacy\n\n\
        NAIROBI – “We will not retreat,” Interior Minister Dana Okafor said on Sunday.\n\n\
        He added that the army was “fully ready” for any threat. “Our forces are strong,” he said.\n\n\
        “The talks go on.\n\n\
        “Nobody leaves,” said Zoë Müller. The Foreign Ministry declined to comment.\n"
        .to_string();
    let t = text.as_str();
    let paragraphs: Vec<Span> = {
        let mut v = Vec::new();
        let mut pos = 0;
        for p in t.split("\n\n") {
            let trimmed = p.trim();
            if !trimmed.is_empty() {
                let s = pos + p.find(trimmed).unwrap();
                v.push(Span::new(s, s + trimmed.len()));
            }
            pos += p.len() + 2;
        }
        v
    };
    assert_eq!(paragraphs.len(), 5);
    let sent = |needle: &str, paragraph: usize| Sentence { span: find(t, needle, 0), paragraph };
    let sentences = vec![
        sent("Café diplomacy", 0),
        sent("NAIROBI – “We will not retreat,” Interior Minister Dana Okafor said on Sunday.", 1),
        sent("He added that the army was “fully ready” for any threat.", 2),
        sent("“Our forces are strong,” he said.", 2),
        sent("“The talks go on.", 3),
        sent("“Nobody leaves,” said Zoë Müller.", 4),
        sent("The Foreign Ministry declined to comment.", 4),
    ];
    let quote = |content: &str, open_nth: usize, close: Option<usize>, paragraph, sentence, kind| Quote {
        span: find(t, content, 0),
        open: find(t, "“", open_nth),
        close: close.map(|n| find(t, "”", n)),
        paragraph,
        sentence,
        kind,
        continues: None,
    };
    let quotes = vec![
        quote("We will not retreat,", 0, Some(0), 1, 1, QuoteKind::Full),
        quote("fully ready", 1, Some(1), 2, 2, QuoteKind::Partial),
        quote("Our forces are strong,", 2, Some(2), 2, 3, QuoteKind::Full),
        quote("The talks go on.", 3, None, 3, 4, QuoteKind::Full),
        quote("Nobody leaves,", 4, Some(3), 4, 5, QuoteKind::Full),
    ];
    use MentionType::*;
    use SpeakerType::*;
    let mentions = vec![
        mention(t, "Interior Minister Dana Okafor", 0, Name, Person, 0),
        mention(t, "He", 0, Pronoun, Person, 0),
        Mention {
            span: Span::new(find(t, " he said", 0).start + 1, find(t, " he said", 0).start + 3),
            ..mention(t, "he", 0, Pronoun, Person, 0)
        },
        mention(t, "Zoë Müller", 0, Name, Person, 1),
        mention(t, "The Foreign Ministry", 0, Name, Organization, 2),
    ];
    let entities = vec![
        Entity {
            name: "Dana Okafor".into(),
            key: "dana okafor".into(),
            kind: Person,
            title: Some("Interior Minister".into()),
            gender: Some(Gender::Male),
            aliases: vec!["Interior Minister Dana Okafor".into(), "He".into(), "he".into()],
            best: 0,
            mentions: vec![0, 1, 2],
        },
        Entity {
            name: "Zoë Müller".into(),
            key: "zoe muller".into(),
            kind: Person,
            title: None,
            gender: None,
            aliases: vec!["Zoë Müller".into()],
            best: 3,
            mentions: vec![3],
        },
        Entity {
            name: "Foreign Ministry".into(),
            key: "foreign ministry".into(),
            kind: Organization,
            title: None,
            gender: None,
            aliases: vec!["The Foreign Ministry".into()],
            best: 4,
            mentions: vec![4],
        },
    ];
    let cue = |needle: &str, nth: usize, lemma: &str| Some(Cue { span: find(t, needle, nth), lemma: lemma.into() });
    let attributions = vec![
        Some(Attribution { entity: 0, mention: 0, cue: cue("said", 0, "say"), rule: Rule::CueAfter, confidence: 0.95 }),
        Some(Attribution {
            entity: 0,
            mention: 1,
            cue: cue("added", 0, "add"),
            rule: Rule::CueBefore,
            confidence: 0.8,
        }),
        Some(Attribution { entity: 0, mention: 2, cue: cue("said", 1, "say"), rule: Rule::CueAfter, confidence: 0.85 }),
        None,
        Some(Attribution { entity: 1, mention: 3, cue: None, rule: Rule::Nearest, confidence: 0.6 }),
    ];
    Analysis {
        article: Article {
            id: id.into(),
            source: format!("seeds/{id}.txt"),
            text: text.clone(),
            meta: ArticleMeta {
                title: None,
                published: whosaid_core::text::date::from_days(19_000),
                url: Some(format!("https://example.org/{id}")),
            },
        },
        layout: Layout {
            paragraphs,
            title: Some(find(t, "Café diplomacy", 0)),
            published: None,
            dateline: Some(find(t, "NAIROBI", 0)),
            boilerplate: Vec::new(),
        },
        sentences,
        quotes,
        mentions,
        entities,
        attributions,
    }
}

/// A plain ASCII article without quotes.
pub fn plain(id: &str) -> Analysis {
    let text = "Markets were calm on Monday.".to_string();
    Analysis {
        article: Article {
            id: id.into(),
            source: format!("corpus.jsonl:{}", id.len()),
            text: text.clone(),
            meta: ArticleMeta { title: Some("Calm".into()), ..Default::default() },
        },
        layout: Layout { paragraphs: vec![Span::new(0, text.len())], ..Default::default() },
        sentences: vec![Sentence { span: Span::new(0, text.len()), paragraph: 0 }],
        ..Default::default()
    }
}
