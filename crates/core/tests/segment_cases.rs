//! Sentence splitting by example. Each sentence's text is its span, trimmed of surrounding white
//! space. Abbreviations never end a sentence, a sentence never ends inside a quotation, and a
//! paragraph break always ends one.

#[macro_use]
mod common;

use whosaid_core::model::Analysis;

// ---------------------------------------------------------------- abbreviations

sentences!(
    titles_and_ranks,
    "Mr. Daniel Okoro and Dr. Grace Owusu met Lt. Gen. Kwame Asante in Accra on Monday. They discussed the new hospital.",
    [
        "Mr. Daniel Okoro and Dr. Grace Owusu met Lt. Gen. Kwame Asante in Accra on Monday.",
        "They discussed the new hospital.",
    ]
);

sentences!(
    brig_saint_month_country,
    "Brig. Samuel Okello visited St. Mary's Hospital on Jan. 12 with the U.S. ambassador. The visit lasted two hours.",
    [
        "Brig. Samuel Okello visited St. Mary's Hospital on Jan. 12 with the U.S. ambassador.",
        "The visit lasted two hours.",
    ]
);

sentences!(
    clock_times,
    "The hearing began at 10 a.m. and ended at 4 p.m. on Tuesday. A verdict is expected next week.",
    ["The hearing began at 10 a.m. and ended at 4 p.m. on Tuesday.", "A verdict is expected next week."]
);

sentences!(
    company_suffixes_and_uk,
    "Northwind Logistics Inc. and Harbour Freight Corp. signed the deal in the U.K. on Friday. Shares in both companies rose.",
    [
        "Northwind Logistics Inc. and Harbour Freight Corp. signed the deal in the U.K. on Friday.",
        "Shares in both companies rose.",
    ]
);

sentences!(
    number_abbreviation,
    "The No. 7 bus will run every ten minutes from March. The old No. 12 route is being cut.",
    ["The No. 7 bus will run every ten minutes from March.", "The old No. 12 route is being cut."]
);

sentences!(
    mrs_ms_prof,
    "Mrs. Keiko Tanaka and Ms. Amina Yusuf thanked Prof. Hannah Becker for the report. It will be published in May.",
    [
        "Mrs. Keiko Tanaka and Ms. Amina Yusuf thanked Prof. Hannah Becker for the report.",
        "It will be published in May.",
    ]
);

sentences!(
    abbreviations_inside_a_quote,
    r#""Mr. Okoro will see you at 3 p.m. in Room No. 4," the clerk said. The lawyer nodded."#,
    [r#""Mr. Okoro will see you at 3 p.m. in Room No. 4," the clerk said."#, "The lawyer nodded."]
);

// ---------------------------------------------------------------- numbers and initials

sentences!(
    decimals,
    "Inflation rose 3.5 percent in March. Economists had expected 3.2 percent, according to a survey.",
    ["Inflation rose 3.5 percent in March.", "Economists had expected 3.2 percent, according to a survey."]
);

sentences!(
    initials,
    "J. R. R. Tolkien wrote much of the novel in Oxford. The manuscript is now on display.",
    ["J. R. R. Tolkien wrote much of the novel in Oxford.", "The manuscript is now on display."]
);

sentences!(
    middle_initial,
    "The award went to Mary K. Ochieng of Nairobi. She is the first teacher to win it.",
    ["The award went to Mary K. Ochieng of Nairobi.", "She is the first teacher to win it."]
);

sentences!(
    race_time_and_unicode_names,
    "Zoë Ødegård won gold in 2:03.45 on Sunday. She is only 19.",
    ["Zoë Ødegård won gold in 2:03.45 on Sunday.", "She is only 19."]
);

// ---------------------------------------------------------------- quotations are never split

sentences!(
    quote_with_two_sentences_is_one_sentence,
    r#""It is over. We lost," she said. The team flew home on Sunday."#,
    [r#""It is over. We lost," she said."#, "The team flew home on Sunday."]
);

sentences!(
    question_inside_quote_then_cue,
    r#""Why now?" he asked. Nobody answered."#,
    [r#""Why now?" he asked."#, "Nobody answered."]
);

sentences!(
    exclamation_inside_curly_quote_then_cue,
    "“We did it!” shouted captain Li Wei as the final whistle blew. The fans stormed the pitch.",
    ["“We did it!” shouted captain Li Wei as the final whistle blew.", "The fans stormed the pitch."]
);

sentences!(
    colon_quote_with_three_sentences,
    r#"She said: "We tried. We failed. We will try again." Then she left the stage."#,
    [r#"She said: "We tried. We failed. We will try again.""#, "Then she left the stage."]
);

sentences!(
    period_inside_closing_mark_ends_sentence,
    r#"He called the plan "a disaster for the region." The council disagreed."#,
    [r#"He called the plan "a disaster for the region.""#, "The council disagreed."]
);

sentences!(
    single_quoted_sentences,
    "'We are delighted. It was a long season,' said the manager. The club will parade the trophy on Sunday.",
    ["'We are delighted. It was a long season,' said the manager.", "The club will parade the trophy on Sunday."]
);

sentences!(
    guillemet_quote_sentence,
    "«We stay. We fight,» said Jean-Luc Moreau. The strike continues.",
    ["«We stay. We fight,» said Jean-Luc Moreau.", "The strike continues."]
);

sentences!(
    quote_only_sentences_in_a_row,
    "“Stop the count,” the official said. “Keep counting,” replied the clerk. The count went on until dawn.",
    ["“Stop the count,” the official said.", "“Keep counting,” replied the clerk.", "The count went on until dawn.",]
);

// ---------------------------------------------------------------- plain punctuation and white space

sentences!(
    question_and_exclamation_marks,
    "Is the bridge safe? Engineers say yes. Residents are not so sure!",
    ["Is the bridge safe?", "Engineers say yes.", "Residents are not so sure!"]
);

sentences!(double_space_between_sentences, "The vote passed.  It was close.", ["The vote passed.", "It was close."]);

// ---------------------------------------------------------------- paragraph breaks

sentences!(
    paragraph_break_without_period,
    "Results are due on Friday\n\nThe board will meet on Monday.",
    ["Results are due on Friday", "The board will meet on Monday."],
    |a: &Analysis| {
        assert_eq!(a.sentences[0].paragraph, 0);
        assert_eq!(a.sentences[1].paragraph, 1);
    }
);

sentences!(
    paragraph_break_inside_multi_paragraph_quote,
    "She said: \"We tried.\n\n\"We will try again,\" she added.",
    ["She said: \"We tried.", "\"We will try again,\" she added."],
    |a: &Analysis| {
        assert_eq!(a.sentences[0].paragraph, 0);
        assert_eq!(a.sentences[1].paragraph, 1);
    }
);

sentences!(
    crlf_paragraphs,
    "The dam held.\r\n\r\nEngineers are still checking it.",
    ["The dam held.", "Engineers are still checking it."],
    |a: &Analysis| {
        assert_eq!(a.sentences[1].paragraph, 1);
    }
);

sentences!(
    abbreviation_at_paragraph_end_still_ends_sentence,
    "The company is registered in the U.S.\n\nIts shares trade in London.",
    ["The company is registered in the U.S.", "Its shares trade in London."],
    |a: &Analysis| {
        assert_eq!(a.sentences[0].paragraph, 0);
        assert_eq!(a.sentences[1].paragraph, 1);
    }
);

#[test]
fn quote_sentence_index_points_at_its_sentence() {
    let text = r#"The market fell on Monday. "It is over. We lost," she said. The team flew home."#;
    let a = common::run(text);
    assert_eq!(a.quotes.len(), 1, "{}", common::dump(&a));
    let s = a.quotes[0].sentence;
    assert_eq!(
        a.sentences.get(s).map(|s| s.span.of(text)),
        Some(r#""It is over. We lost," she said."#),
        "{}",
        common::dump(&a)
    );
}
