//! Quote detection by example: which marks pair into quotations, what the text of each quote is
//! (content between the marks, outer white space trimmed), and whether it is `full` or `partial`.
//!
//! The list of quotes per case is exact: titles of works, nicknames, scare quotes and apostrophes
//! must not show up as quotes. Speakers are checked in the rule fixtures (`tests/fixtures/`); here only a few
//! cases pin them where detection decides the speaker (nesting, multi-paragraph).

#[macro_use]
mod common;

use common::q;
use whosaid_core::model::Analysis;

// ---------------------------------------------------------------- mark styles

case!(
    straight_double,
    r#"Airport director Kwame Mensah spoke on Monday. "We expect the new terminal to open in the spring," Mensah said."#,
    [q("We expect the new terminal to open in the spring,").full()]
);

case!(
    curly_double,
    r#"“The vaccine is safe for children over five,” Dr. Priya Raman told a news conference in Chennai on Monday."#,
    [q("The vaccine is safe for children over five,").full()],
    |a: &Analysis| {
        let t = &a.article.text;
        assert_eq!(a.quotes[0].open.of(t), "“");
        assert_eq!(a.quotes[0].close.map(|c| c.of(t)), Some("”"));
    }
);

case!(
    straight_single,
    r#"Leeds lost 3-0 at home on Saturday. 'We were second best all afternoon,' said the Leeds manager, Tom Whitaker."#,
    [q("We were second best all afternoon,").full()]
);

case!(
    curly_single,
    r#"‘The jury has heard only one side of this story,’ defence barrister Siobhan O’Connell told the court on Tuesday."#,
    [q("The jury has heard only one side of this story,").full()],
    |a: &Analysis| {
        let t = &a.article.text;
        assert_eq!(a.quotes[0].open.of(t), "‘");
        assert_eq!(a.quotes[0].close.map(|c| c.of(t)), Some("’"));
    }
);

case!(
    guillemets,
    r#"«We will keep the factory open,» said Jean-Luc Moreau, the company's chief executive, after the board meeting."#,
    [q("We will keep the factory open,").full()]
);

case!(
    guillemets_with_inner_spaces,
    r#"Dock workers walked out at dawn. « We will not give in to these threats, » said union leader Jean-Luc Moreau."#,
    [q("We will not give in to these threats,")]
);

case!(
    reversed_guillemets,
    r#"»Our pensions are not up for negotiation,« said Hans Becker, head of the metalworkers' union, on Friday."#,
    [q("Our pensions are not up for negotiation,").full()]
);

case!(
    low_high_german_marks,
    r#"„Our exports will recover by the summer,“ said economist Hans Becker of the Leipzig institute."#,
    [q("Our exports will recover by the summer,").full()]
);

case!(
    mixed_curly_open_straight_close,
    r#"The final is on Sunday. “We are ready for whatever they throw at us," said captain Li Wei."#,
    [q("We are ready for whatever they throw at us,").full()]
);

case!(
    mixed_straight_open_curly_close,
    r#"Test results came back on Friday. "None of the samples showed any contamination,” the hospital's director, Grace Owusu, said."#,
    [q("None of the samples showed any contamination,").full()]
);

case!(
    two_styles_in_one_article,
    r#"Ticket prices will rise by 12 percent in April, the operator announced on Monday.

“Nobody likes paying more, but the trains need replacing,” said operator spokesman Daniel Okoro.

"It is daylight robbery," said commuter Emily Clarke, who travels to the city every day."#,
    [q("Nobody likes paying more, but the trains need replacing,"), q("It is daylight robbery,")]
);

case!(
    doubled_apostrophes_are_double_marks,
    r#"The ferry service ends in May. ''We carried our last car on Sunday,'' said captain Ines Varga. ''After that, the bridge takes over.''"#,
    [
        q("We carried our last car on Sunday,").full().by("Ines Varga"),
        q("After that, the bridge takes over.").by("Ines Varga")
    ],
    |a: &Analysis| {
        let t = &a.article.text;
        assert_eq!(a.quotes[0].open.of(t), "''");
        assert_eq!(a.quotes[0].close.map(|c| c.of(t)), Some("''"));
    }
);

case!(
    single_pair_nests_inside_doubled_apostrophes,
    r#"''The board kept saying 'next quarter' for two years,'' said shareholder Oskar Lind."#,
    [q("The board kept saying 'next quarter' for two years,").by("Oskar Lind")]
);

case!(
    single_and_double_close_together_in_three_apostrophes,
    r#"''My mother told me: 'Never sell the farm,''' farmer Oskar Lind said on Monday. ''So I did not.''"#,
    [q("My mother told me: 'Never sell the farm,'").by("Oskar Lind"), q("So I did not.").by("Oskar Lind")]
);

// ---------------------------------------------------------------- apostrophes

case!(
    apostrophes_in_narrative_with_double_quotes,
    r#"The country's largest bank, led by Jean-Luc Moreau, reported its first loss in a decade. "We didn't see the downturn coming, and that's on us," Moreau said."#,
    [q("We didn't see the downturn coming, and that's on us,")]
);

case!(
    plural_possessive_before_single_quote,
    r#"The players' union met club owners on Tuesday. 'We won't accept a pay cut for the '90s generation of pensioners,' said union chair Kwame Mensah."#,
    [q("We won't accept a pay cut for the '90s generation of pensioners,").full()]
);

case!(
    rock_n_roll_and_decade_are_not_quotes,
    r#"The festival, a celebration of rock 'n' roll since the '60s, drew 40,000 fans to the park. 'It was the best weekend of my life,' said Emily Clarke, 19, from Bristol."#,
    [q("It was the best weekend of my life,")]
);

case!(
    curly_apostrophe_after_s_is_not_a_closer,
    r#"Athens’ transport authority said on Friday that the strikes would continue. “We don’t have the drivers we need,” spokeswoman Eleni Papadopoulou said."#,
    [q("We don’t have the drivers we need,")]
);

case!(
    curly_apostrophes_inside_curly_single_quote,
    r#"Dublin’s rail operator has cut services again. ‘We don’t know when the line will reopen,’ said Siobhan O’Connell, who runs the operator’s press office."#,
    [q("We don’t know when the line will reopen,")]
);

case!(
    wrong_glyph_apostrophe_inside_single_quote,
    r#"‘Players shouldn‘t have to pay for their own kit,’ said coach Aiko Tanaka after the club cut its budget."#,
    [q("Players shouldn‘t have to pay for their own kit,")]
);

case!(
    elided_apostrophe_inside_double_quote,
    r#"The captain was upbeat after the draw. "We'll beat 'em next time, you'll see," said captain Li Wei."#,
    [q("We'll beat 'em next time, you'll see,")]
);

case!(
    plural_possessive_inside_single_quote,
    r#"The allotment society lost its court case on Monday. 'The members' gardens were here long before the car park,' said society chair Margaret Hughes."#,
    [q("The members' gardens were here long before the car park,")]
);

// ---------------------------------------------------------------- nesting

case!(
    nested_single_in_double,
    r#"Defender Marco Rossi was sent off in the 80th minute. "When the referee told me 'one more word and you're off,' I kept quiet," Rossi said."#,
    [q("When the referee told me 'one more word and you're off,' I kept quiet,").by("Marco Rossi")]
);

case!(
    nested_curly_single_in_curly_double,
    r#"Ana Lima took over the family firm in 2015. “She looked at me and said, ‘This is your company now,’ and then she left the room,” Lima recalled."#,
    [q("She looked at me and said, ‘This is your company now,’ and then she left the room,").by("Ana Lima")]
);

case!(
    nested_double_in_single,
    r#"'The sign said "no entry", so we turned back before the bridge,' said hiker Emily Clarke."#,
    [q(r#"The sign said "no entry", so we turned back before the bridge,"#)]
);

case!(
    stray_opener_inside_quote,
    r#"The coach was in a fighting mood before the derby. "Tonight the "giants fall," the coach, Samuel Okello, said."#,
    [q(r#"Tonight the "giants fall,"#).by("Samuel Okello")]
);

// ---------------------------------------------------------------- multi-paragraph quotes

case!(
    multi_paragraph_straight,
    r#"The head of the regional water board, Samuel Okello, described the drought in stark terms.

"Three of our five reservoirs are below a quarter of their capacity. We have never seen levels this low in March.

"If the rains fail again, we will have to ration water in the capital," Okello said."#,
    [
        q("Three of our five reservoirs are below a quarter of their capacity. We have never seen levels this low in March.")
            .by("Samuel Okello"),
        q("If the rains fail again, we will have to ration water in the capital,").by("Samuel Okello"),
    ],
    |a: &Analysis| {
        assert!(a.quotes[0].close.is_none(), "the first part ends unclosed");
        assert_eq!(a.quotes[1].continues, Some(0));
        assert!(a.quotes[1].close.is_some());
        assert_ne!(a.quotes[0].paragraph, a.quotes[1].paragraph);
    }
);

case!(
    multi_paragraph_curly_three_parts,
    r#"Coach Aiko Tanaka spoke to reporters after the defeat. She said:

“We started slowly and we paid for it.

“The second half was better, but by then it was too late.

“Now we have a week to fix this before the cup tie.”"#,
    [
        q("We started slowly and we paid for it.").by("Aiko Tanaka"),
        q("The second half was better, but by then it was too late.").by("Aiko Tanaka"),
        q("Now we have a week to fix this before the cup tie.").by("Aiko Tanaka"),
    ],
    |a: &Analysis| {
        assert_eq!(a.quotes[1].continues, Some(0));
        assert_eq!(a.quotes[2].continues, Some(1));
        assert!(a.quotes[0].close.is_none() && a.quotes[1].close.is_none() && a.quotes[2].close.is_some());
    }
);

// ---------------------------------------------------------------- stray and unmatched marks

case!(
    inch_mark_is_not_a_quote,
    r#"Sales of 12" records rose by a third last year, the trade body said.

"Vinyl is not a fad any more," said Kofi Boateng, who owns a record shop in Accra."#,
    [q("Vinyl is not a fad any more,")]
);

case!(
    unclosed_opener_in_earlier_paragraph,
    r#"The agency's report, titled "Water for All, was published on Monday after two years of work.

Its director, María José García, said: "We need investment now, not in ten years.""#,
    [q("We need investment now, not in ten years.").by("María José García")]
);

case!(
    stray_closer_does_not_hide_later_quotes,
    r#"The council voted 7-2 on Thursday to close the pool." Residents were not consulted.

"This pool taught three generations of children to swim," said resident Tomás Herrera.

"We will take this to the courts if we have to," he added."#,
    [q("This pool taught three generations of children to swim,"), q("We will take this to the courts if we have to,")]
);

case!(
    closing_mark_after_space_at_paragraph_end,
    r#"Mayor Ruth Adeyemi did not hold back at the meeting on Wednesday.

"They promised us a hospital and gave us a car park. They think we will forget. "

The regional government has not responded."#,
    [q("They promised us a hospital and gave us a car park. They think we will forget.")]
);

case!(
    spaces_inside_both_marks_are_trimmed,
    r#"Judge Ruth Adeyemi told the court: "  The defendant showed no remorse at any point in this trial.  ""#,
    [q("The defendant showed no remorse at any point in this trial.").full()]
);

case!(
    lone_guillemet_bullet_line,
    r#"Kenya's central bank held its key rate at 10.5 percent on Tuesday.

» Shilling steadies after the rate decision

"Inflation is now back within our target range," Governor Peter Kimani said."#,
    [q("Inflation is now back within our target range,")]
);

// ---------------------------------------------------------------- not speech: titles, nicknames, scare quotes

case!(
    film_title_is_not_a_quote,
    r#"Director Lucía Fernández's new film "Blue Harbour" opens in cinemas on Friday. "It took me nine years to make this film," Fernández said."#,
    [q("It took me nine years to make this film,")]
);

case!(
    book_title_is_not_a_quote,
    r#"In his book "The Long Road Home", retired judge Thomas Brennan describes thirty years on the bench. "I made mistakes, and I wanted to own them," Brennan said in an interview."#,
    [q("I made mistakes, and I wanted to own them,")]
);

case!(
    exhibition_title_is_not_a_quote,
    r#"The exhibition "Light and Shadow in Modern Ghana" runs at the national museum until May. "Half of these photographs have never been shown," said curator Ama Asante."#,
    [q("Half of these photographs have never been shown,")]
);

case!(
    nickname_is_not_a_quote,
    r#"Boxer Isaac "The Hammer" Mensah won on points in Accra on Saturday. "I trained for this fight for a whole year," Mensah said."#,
    [q("I trained for this fight for a whole year,")]
);

case!(
    scare_quotes_are_not_quotes,
    r#"The so-called "reform" of the pension system has united the unions against the government. Health Minister Nadia Haddad defended the plan on Monday. "Nobody will lose a single euro of their pension," she said."#,
    [q("Nobody will lose a single euro of their pension,")]
);

case!(
    two_word_scare_quotes_are_not_quotes,
    r#"The "temporary" closure of the bridge has now lasted three years, and traffic on the detour is "pure chaos" on market days. "We were told six months," said shopkeeper Fatima Zahra."#,
    [q("We were told six months,")]
);

case!(
    so_called_is_never_a_quote,
    r#"The so-called "safe zone" will open on Monday, officials said. A so called "buffer strip" follows."#,
    []
);

case!(
    short_complement_after_as_is_a_quote,
    r#"Mayor Ines Varga defended her deputy as a "very decent man" on Tuesday."#,
    [q("very decent man").partial()]
);

case!(
    known_as_names_no_quote,
    r#"The storm, known as "the big one" in the valley, flooded three towns on Tuesday."#,
    []
);

case!(
    transcript_lines_are_no_quotes,
    "MODERATOR: But, Governor, will you sign the bill?\n\nGOVERNOR RUIZ: I will sign it on Monday.",
    []
);

// ---------------------------------------------------------------- full vs partial

case!(
    partial_fragment_after_said_it,
    r#"The airline said it "deeply regrets" the delays and would compensate every passenger affected."#,
    [q("deeply regrets").partial()]
);

case!(
    partial_fragment_at_sentence_end,
    r#"Professor Li Wei said the findings were "a genuine surprise to everyone in the field.""#,
    [q("a genuine surprise to everyone in the field.").partial()]
);

case!(
    full_and_partial_in_one_article,
    r#"Greenfield Energy said on Tuesday it "strongly rejects" the regulator's findings.

"We have met every safety standard for twenty years," the company's chief executive, Nadia Haddad, said."#,
    [q("strongly rejects").partial(), q("We have met every safety standard for twenty years,").full()]
);

case!(
    full_after_colon,
    r#"The judge, Ruth Adeyemi, told the defendant: "You showed no remorse at any point in this trial.""#,
    [q("You showed no remorse at any point in this trial.").full()]
);

case!(
    question_and_exclamation_quotes_are_full,
    r#"Residents packed the hall on Monday night. "Who is going to pay for the repairs?" asked resident Tomás Herrera. "Not us!" shouted his neighbour, Grace Owusu."#,
    [q("Who is going to pay for the repairs?").full(), q("Not us!").full()]
);
