//! Attribution by example: each quote's speaker (canonical full name, titles stripped; an
//! organisation's or group's name) and the sieve that found it.
//!
//! Sieves (contract names): quoted_as_saying, cue_after, cue_before, according_to, split,
//! colon_intro, continuation, paragraph_continuation, nearest. Every sieve is asserted by name in
//! at least one case below; other cases pin only the speaker so that rule refactoring stays free.

#[macro_use]
mod common;

use common::{entity, q, speaker_of};
use whosaid::model::{Analysis, Gender, SpeakerType};

// ================================================================ quoted_as_saying

case!(
    quoted_as_saying_names_the_speaker_not_the_paper,
    r#"The Harbour Gazette quoted Fatima Zahra, the port's operations director, as saying "the new cranes will double our capacity by next year.""#,
    [q("the new cranes will double our capacity by next year.")
        .by("Fatima Zahra")
        .rule("quoted_as_saying")]
);

case!(
    was_quoted_as_saying_surname,
    r#"Builder Rafael Ortiz, whose firm put up the stadium roof, was questioned by police on Monday. Ortiz was quoted as saying: "We followed every rule in the book.""#,
    [q("We followed every rule in the book.")
        .by("Rafael Ortiz")
        .rule("quoted_as_saying")]
);

case!(
    quoted_role_noun_as_saying,
    r#"Health Minister Wanjiru Kamau opened a new clinic in Nakuru on Saturday. State television quoted the health minister as saying "every district will have a clinic by 2030.""#,
    [q("every district will have a clinic by 2030.")
        .by("Wanjiru Kamau")
        .rule("quoted_as_saying")]
);

case!(
    quoted_as_saying_that,
    r#"Local radio quoted police spokeswoman Amina Yusuf as saying that "the two men were arrested without incident.""#,
    [q("the two men were arrested without incident.")
        .by("Amina Yusuf")
        .rule("quoted_as_saying")
        .partial()]
);

// ================================================================ cue_after

case!(
    cue_after_name_said,
    r#""We will appeal against the verdict," Tomás Herrera said."#,
    [q("We will appeal against the verdict,")
        .by("Tomás Herrera")
        .rule("cue_after")
        .cue("say")
        .full()]
);

case!(
    cue_after_said_name,
    r#""The harvest is the worst in a decade," said Kwame Mensah."#,
    [q("The harvest is the worst in a decade,")
        .by("Kwame Mensah")
        .rule("cue_after")
        .cue("say")]
);

case!(
    cue_after_apposition_between_name_and_verb,
    r#""The bridge will reopen before the holidays," Ruth Adeyemi, the city's mayor, said."#,
    [q("The bridge will reopen before the holidays,")
        .by("Ruth Adeyemi")
        .rule("cue_after")]
);

case!(
    cue_after_said_name_analyst_at_company,
    r#""Investors are nervous about the election," said Hiroshi Sato, an analyst at Kaito Securities in Tokyo."#,
    [q("Investors are nervous about the election,")
        .by("Hiroshi Sato")
        .rule("cue_after")]
);

case!(
    cue_after_pronoun_told_reporters,
    r#"Swimmer Ingrid Dahl broke the national record on Friday. "I still cannot believe the time," she told reporters."#,
    [q("I still cannot believe the time,")
        .by("Ingrid Dahl")
        .rule("cue_after")
        .cue("tell")]
);

case!(
    cue_after_role_noun_minister,
    r#"Finance Minister Rafael Ortiz presented the budget to parliament on Wednesday. "This budget protects the most vulnerable," the minister said."#,
    [q("This budget protects the most vulnerable,")
        .by("Rafael Ortiz")
        .rule("cue_after")]
);

case!(
    cue_after_question_asked,
    r#"Residents packed the town hall on Monday. "Who is going to pay for the repairs?" asked resident Tomás Herrera."#,
    [q("Who is going to pay for the repairs?")
        .by("Tomás Herrera")
        .cue("ask")]
);

case!(
    cue_after_warned_inverted,
    r#""The housing market has turned, and prices will follow," warned economist Hiroshi Sato."#,
    [q("The housing market has turned, and prices will follow,")
        .by("Hiroshi Sato")
        .cue("warn")]
);

case!(
    cue_after_said_of_other_person,
    r#"Trade ministers Wanjiru Kamau and Samuel Okello met in Kampala on Tuesday. "He is a tough negotiator but a fair one," Kamau said of Okello."#,
    [q("He is a tough negotiator but a fair one,").by("Wanjiru Kamau")]
);

// ================================================================ names, titles, aliases

case!(
    title_stripped_and_surname_resolves,
    r#"Police Chief Maria Santos announced eleven arrests on Sunday. "The investigation is far from over," Santos said."#,
    [q("The investigation is far from over,")
        .by("Maria Santos")
        .rule("cue_after")],
    |a: &Analysis| {
        let e = entity(a, "Maria Santos");
        assert_eq!(e.kind, SpeakerType::Person);
        let title = e.title.as_deref().unwrap_or("");
        assert!(
            title.contains("Police Chief"),
            "title {title:?} should contain \"Police Chief\""
        );
        assert!(
            e.aliases.iter().any(|x| x == "Santos"),
            "aliases {:?} should include \"Santos\"",
            e.aliases
        );
    }
);

case!(
    title_inverted_after_said,
    r#""Every officer will wear a body camera by June," said Police Chief Maria Santos."#,
    [q("Every officer will wear a body camera by June,").by("Maria Santos")],
    |a: &Analysis| {
        assert!(
            speaker_of(a, 0)
                .title
                .as_deref()
                .unwrap_or("")
                .contains("Police Chief")
        );
    }
);

case!(
    doctor_title_plus_surname,
    r#"Dr. Chidi Okafor leads the malaria trial at the university hospital in Enugu. "Early results are encouraging," Dr. Okafor said."#,
    [q("Early results are encouraging,").by("Chidi Okafor")]
);

case!(
    military_rank_stripped,
    r#"Lt. Gen. Kwame Asante inspected the flood defences on Thursday. "The army will stay until the last family is safe," Asante told reporters."#,
    [q("The army will stay until the last family is safe,").by("Kwame Asante")],
    |a: &Analysis| {
        assert!(
            entity(a, "Kwame Asante").title.is_some(),
            "the rank should be kept as the title"
        );
    }
);

case!(
    apostrophe_surname,
    r#"Barrister Siobhan O'Connell represents the victims' families. "They want the truth, nothing more," O'Connell said."#,
    [q("They want the truth, nothing more,").by("Siobhan O'Connell")]
);

case!(
    compound_spanish_name_and_surname,
    r#""We will rebuild every school that the floods destroyed," said María José García, the regional education chief.

"Classes will restart in tents next week," García said."#,
    [
        q("We will rebuild every school that the floods destroyed,").by("María José García"),
        q("Classes will restart in tents next week,").by("María José García"),
    ]
);

case!(
    hyphenated_first_name_surname_later,
    r#"Jean-Luc Moreau has run the vineyard for thirty years. "This is the earliest harvest I can remember," Moreau said on Tuesday."#,
    [q("This is the earliest harvest I can remember,").by("Jean-Luc Moreau")]
);

case!(
    surname_first_name_resolves,
    r#"Li Wei, a researcher at the Shanghai ocean institute, led the study. "The reef is recovering faster than any model predicted," Li said."#,
    [q("The reef is recovering faster than any model predicted,").by("Li Wei")]
);

// ================================================================ role nouns with two people in play

case!(
    role_noun_chief_executive_vs_union_leader,
    r#"Nadia Haddad, the company's chief executive, and union leader Kofi Boateng met for six hours on Thursday. "We are close to a deal," the chief executive said afterwards. "Nothing is agreed until everything is agreed," the union leader said."#,
    [
        q("We are close to a deal,").by("Nadia Haddad"),
        q("Nothing is agreed until everything is agreed,").by("Kofi Boateng"),
    ]
);

case!(
    role_noun_nationality_agreement,
    r#"Kenyan Trade Minister Wanjiru Kamau met her Ugandan counterpart, Samuel Okello, in Kampala on Tuesday. "Our border must stay open to trucks day and night," the Kenyan minister said. "We agree on the goal but not on the timetable," the Ugandan minister said."#,
    [
        q("Our border must stay open to trucks day and night,")
            .by("Wanjiru Kamau")
            .rule("cue_after"),
        q("We agree on the goal but not on the timetable,")
            .by("Samuel Okello")
            .rule("cue_after"),
    ]
);

case!(
    role_noun_prefers_most_recent_compatible,
    r#"Former mayor Thomas Brennan criticised the plan on Sunday. Mayor Lucía Fernández defended it a day later. "The plan is fully funded," the mayor said."#,
    [q("The plan is fully funded,").by("Lucía Fernández")]
);

case!(
    role_noun_coach_after_player,
    r#"Coach Elena Petrova named striker Marco Rossi in her squad on Friday. "He has earned his place with goals," the coach said."#,
    [q("He has earned his place with goals,").by("Elena Petrova")]
);

// ================================================================ pronouns and gender

case!(
    she_skips_more_recent_male,
    r#"Nurse Grace Owusu treated the injured driver, Daniel Okoro, at the scene. "He was conscious and talking the whole time," she said."#,
    [q("He was conscious and talking the whole time,")
        .by("Grace Owusu")
        .rule("cue_after")]
);

case!(
    honorifics_give_gender,
    r#"Mr. Robin Ellis, the headmaster, met Ms. Jordan Blake, a parent, on Monday. "The school will stay open," he said. "We will hold him to that," she said."#,
    [
        q("The school will stay open,").by("Robin Ellis"),
        q("We will hold him to that,").by("Jordan Blake"),
    ],
    |a: &Analysis| {
        assert_eq!(entity(a, "Robin Ellis").gender, Some(Gender::Male));
        assert_eq!(entity(a, "Jordan Blake").gender, Some(Gender::Female));
    }
);

case!(
    earlier_pronouns_give_gender,
    r#"Taylor Quinn founded the bakery in 2009. She now employs forty people. Her business partner, Morgan Reyes, handles deliveries; he joined in 2012. "We never expected to grow this fast," she said."#,
    [q("We never expected to grow this fast,").by("Taylor Quinn")]
);

case!(
    he_before_colon_resolves,
    r#"Farmer Kofi Boateng lost half of his cocoa crop to the floods. He said: "Without help from the government, I cannot pay my workers.""#,
    [
        q("Without help from the government, I cannot pay my workers.")
            .by("Kofi Boateng")
            .rule("cue_before")
    ]
);

case!(
    they_resolves_to_group,
    r#"The unions rejected the government's pay offer on Tuesday. "This offer is an insult to our members," they said."#,
    [q("This offer is an insult to our members,").by("the unions")],
    |a: &Analysis| {
        assert_eq!(speaker_of(a, 0).kind, SpeakerType::Group);
    }
);

// ================================================================ the addressee and people inside quotes never speak

case!(
    told_reuters,
    r#""Demand for lithium will double by 2030," mining executive Li Wei told Reuters."#,
    [q("Demand for lithium will double by 2030,")
        .by("Li Wei")
        .cue("tell")]
);

case!(
    told_the_bbc_before,
    r#"Kwame Mensah bought the club in 2019. Mensah told the BBC: "I will not sell the club while I am alive.""#,
    [q("I will not sell the club while I am alive.")
        .by("Kwame Mensah")
        .rule("cue_before")]
);

case!(
    told_a_judge,
    r#""We will not drop the charges," prosecutor Amina Yusuf told Judge Thomas Brennan."#,
    [q("We will not drop the charges,").by("Amina Yusuf")]
);

case!(
    name_inside_quote_is_not_speaker,
    r#""Marco Rossi is the best defender I have ever coached," said Elena Petrova, the team's coach."#,
    [q("Marco Rossi is the best defender I have ever coached,").by("Elena Petrova")]
);

case!(
    second_person_in_sentence_is_cue_subject,
    r#"After meeting Prime Minister Lars Eriksen, opposition leader Ingrid Dahl said: "We found no common ground on taxes.""#,
    [q("We found no common ground on taxes.")
        .by("Ingrid Dahl")
        .rule("cue_before")]
);

case!(
    relative_clause_person_is_not_speaker,
    r#""The talks were honest and useful," said Ingrid Dahl, who met Prime Minister Lars Eriksen on Monday."#,
    [q("The talks were honest and useful,").by("Ingrid Dahl")]
);

case!(
    possessive_owner_is_not_speaker,
    r#""My client will plead not guilty," Daniel Okoro's lawyer, Grace Owusu, said."#,
    [q("My client will plead not guilty,").by("Grace Owusu")]
);

// ================================================================ organisations, groups, statements, anonymous

case!(
    organisation_ministry_said,
    r#""Services will resume on Thursday morning," the Transport Ministry said."#,
    [q("Services will resume on Thursday morning,")
        .by("Transport Ministry")
        .rule("cue_after")],
    |a: &Analysis| {
        assert_eq!(speaker_of(a, 0).kind, SpeakerType::Organization);
    }
);

case!(
    organisation_company_in_a_statement,
    r#""We apologise to every customer affected by the outage," Northwind Logistics said in a statement."#,
    [q("We apologise to every customer affected by the outage,").by("Northwind Logistics")],
    |a: &Analysis| {
        assert_eq!(speaker_of(a, 0).kind, SpeakerType::Organization);
    }
);

case!(
    the_statement_said_resolves_to_issuer,
    r#"The Health Ministry issued a statement late on Sunday. "All hospitals in the region remain open," the statement said."#,
    [q("All hospitals in the region remain open,").by("Health Ministry")],
    |a: &Analysis| {
        assert_eq!(speaker_of(a, 0).kind, SpeakerType::Organization);
    }
);

case!(
    the_ministry_said_resolves_to_named_ministry,
    r#"The Foreign Ministry summoned the ambassador on Monday. In a statement, the ministry said it "deeply regrets" the incident."#,
    [q("deeply regrets").by("Foreign Ministry").partial()]
);

case!(
    group_two_sides,
    r#""We have reached an agreement on a ceasefire," the two sides said in a joint statement."#,
    [q("We have reached an agreement on a ceasefire,").by("the two sides")],
    |a: &Analysis| {
        assert_eq!(speaker_of(a, 0).kind, SpeakerType::Group);
    }
);

case!(
    anonymous_official,
    r#""The decision has already been made," a senior official said on condition of anonymity."#,
    [q("The decision has already been made,")],
    |a: &Analysis| {
        assert_eq!(speaker_of(a, 0).kind, SpeakerType::Anonymous);
    }
);

// ================================================================ cue_before

case!(
    cue_before_said_colon,
    r#"Kwame Mensah, the league's chairman, said: "Every club will have to publish its accounts.""#,
    [q("Every club will have to publish its accounts.")
        .by("Kwame Mensah")
        .rule("cue_before")
        .full()]
);

case!(
    cue_before_said_comma,
    r#"Goalkeeper Ana Lima said, "We defended like a team today.""#,
    [q("We defended like a team today.")
        .by("Ana Lima")
        .rule("cue_before")]
);

case!(
    cue_before_said_that_partial,
    r#"Professor Hannah Becker said that "the data leave no room for doubt.""#,
    [q("the data leave no room for doubt.")
        .by("Hannah Becker")
        .rule("cue_before")
        .partial()]
);

case!(
    cue_before_speaking_at_warned,
    r#"Central bank governor Peter Kimani, speaking at a conference in Nairobi on Thursday, warned: "Inflation will not come down on its own.""#,
    [q("Inflation will not come down on its own.")
        .by("Peter Kimani")
        .rule("cue_before")
        .cue("warn")]
);

case!(
    cue_before_organisation_statement_partial,
    r#"Greenfield Energy said in a statement that it "strongly rejects" the regulator's findings."#,
    [q("strongly rejects")
        .by("Greenfield Energy")
        .rule("cue_before")
        .partial()],
    |a: &Analysis| {
        assert_eq!(speaker_of(a, 0).kind, SpeakerType::Organization);
    }
);

case!(
    cue_before_described_as_partial,
    r#"Mayor Lucía Fernández said the new tram line would be "the biggest change to this city in fifty years.""#,
    [q("the biggest change to this city in fifty years.")
        .by("Lucía Fernández")
        .partial()]
);

// ================================================================ according_to

case!(
    according_to_after,
    r#""Revenue fell sharply in the third quarter," according to Sofia Lindqvist, the firm's chief financial officer."#,
    [q("Revenue fell sharply in the third quarter,")
        .by("Sofia Lindqvist")
        .rule("according_to")]
);

case!(
    according_to_before,
    r#"According to Detective Inspector Raj Patel, "the suspect fled on foot towards the station.""#,
    [q("the suspect fled on foot towards the station.")
        .by("Raj Patel")
        .rule("according_to")]
);

case!(
    according_to_organisation,
    r#"Two cases were confirmed last week. According to the Health Ministry, "no new cases have been recorded since Friday.""#,
    [q("no new cases have been recorded since Friday.")
        .by("Health Ministry")
        .rule("according_to")]
);

// ================================================================ split

case!(
    split_straight,
    r#""The first half was poor," said coach Aiko Tanaka, "but the players showed real character after the break.""#,
    [
        q("The first half was poor,").by("Aiko Tanaka"),
        q("but the players showed real character after the break.")
            .by("Aiko Tanaka")
            .rule("split"),
    ]
);

case!(
    split_curly_name_said,
    r#"“We respect the court,” Tomás Herrera said, “but we will appeal this ruling.”"#,
    [
        q("We respect the court,").by("Tomás Herrera"),
        q("but we will appeal this ruling.")
            .by("Tomás Herrera")
            .rule("split"),
    ]
);

case!(
    split_single_quotes,
    r#"'We knew the risks,' said Siobhan O'Connell, 'and we took them anyway.'"#,
    [
        q("We knew the risks,").by("Siobhan O'Connell"),
        q("and we took them anyway.")
            .by("Siobhan O'Connell")
            .rule("split"),
    ]
);

// ================================================================ colon_intro

case!(
    colon_intro_pronoun_said,
    r#"Mayor Ruth Adeyemi visited the flooded neighbourhood on Saturday. She said:

"Every family that lost a home will be housed by the city until the repairs are finished.""#,
    [q("Every family that lost a home will be housed by the city until the repairs are finished.")
        .by("Ruth Adeyemi")
        .rule("colon_intro")]
);

case!(
    colon_intro_surname_added,
    r#"The coach, Aiko Tanaka, was asked about her future. Tanaka added:

“I have a contract until 2027 and I intend to honour it.”"#,
    [q("I have a contract until 2027 and I intend to honour it.")
        .by("Aiko Tanaka")
        .rule("colon_intro")
        .cue("add")]
);

case!(
    colon_intro_told_with_other_person,
    r#"Asked about the minister's offer, union leader Kofi Boateng told Reuters:

"We will strike on Monday unless the offer improves.""#,
    [q("We will strike on Monday unless the offer improves.")
        .by("Kofi Boateng")
        .rule("colon_intro")]
);

// ================================================================ continuation

case!(
    continuation_next_sentence,
    r#""We are not going anywhere," said Mayor Ruth Adeyemi. "This city has survived worse floods than this one.""#,
    [
        q("We are not going anywhere,")
            .by("Ruth Adeyemi")
            .rule("cue_after"),
        q("This city has survived worse floods than this one.")
            .by("Ruth Adeyemi")
            .rule("continuation"),
    ]
);

case!(
    continuation_next_paragraph,
    r#""Prices will fall by the autumn," said economist Hiroshi Sato.

"Households should see relief in their energy bills first, and then at the petrol pump.""#,
    [
        q("Prices will fall by the autumn,")
            .by("Hiroshi Sato")
            .rule("cue_after"),
        q("Households should see relief in their energy bills first, and then at the petrol pump.")
            .by("Hiroshi Sato")
            .rule("continuation"),
    ]
);

case!(
    continuation_chain,
    r#""The trial has recruited its last patient," Dr. Chidi Okafor said.

"We will have the first results in the spring."

"If they hold, this changes how we treat children.""#,
    [
        q("The trial has recruited its last patient,").by("Chidi Okafor"),
        q("We will have the first results in the spring.")
            .by("Chidi Okafor")
            .rule("continuation"),
        q("If they hold, this changes how we treat children.")
            .by("Chidi Okafor")
            .rule("continuation"),
    ]
);

case!(
    new_cue_beats_continuation,
    r#""The offer is fair," said Nadia Haddad, the chief executive. "The offer is an insult," said union leader Kofi Boateng."#,
    [
        q("The offer is fair,").by("Nadia Haddad"),
        q("The offer is an insult,")
            .by("Kofi Boateng")
            .rule("cue_after")
    ]
);

// ================================================================ paragraph_continuation

case!(
    paragraph_continuation_after_cue_before,
    r#"Judge Thomas Brennan addressed the defendant directly. He said: "You took money from people who trusted you. Many of them lost their savings.

"You will serve six years in prison.""#,
    [
        q("You took money from people who trusted you. Many of them lost their savings.")
            .by("Thomas Brennan")
            .rule("cue_before"),
        q("You will serve six years in prison.")
            .by("Thomas Brennan")
            .rule("paragraph_continuation"),
    ]
);

case!(
    paragraph_continuation_cue_at_the_end,
    r#"Work on the metro line has reached its halfway point.

"The first phase of the line is finished.

"The second phase will start in March.

"The whole line will be open by 2029," said project director Li Wei."#,
    [
        q("The first phase of the line is finished.")
            .by("Li Wei")
            .rule("paragraph_continuation"),
        q("The second phase will start in March.")
            .by("Li Wei")
            .rule("paragraph_continuation"),
        q("The whole line will be open by 2029,")
            .by("Li Wei")
            .rule("cue_after"),
    ]
);

// ================================================================ nearest (low confidence) and nobody

case!(
    nearest_preceding_person,
    r#"Hiroshi Sato has studied energy markets in Asia for two decades.

"Prices will fall by the autumn, whatever the central bank decides to do.""#,
    [
        q("Prices will fall by the autumn, whatever the central bank decides to do.")
            .by("Hiroshi Sato")
            .rule("nearest")
            .low()
    ]
);

case!(
    nearest_skips_people_inside_the_quote,
    r#"Coach Elena Petrova watched training on Thursday.

"Marco Rossi has been our best player this season, and he knows it.""#,
    [
        q("Marco Rossi has been our best player this season, and he knows it.")
            .by("Elena Petrova")
            .rule("nearest")
            .low()
    ]
);

case!(
    nearest_never_picks_i_or_we,
    r#"Hannah Becker resigned from the board on Monday.

"I told them I would go if the plan went ahead, and we all knew I meant it.""#,
    [
        q("I told them I would go if the plan went ahead, and we all knew I meant it.")
            .by("Hannah Becker")
            .low()
    ]
);

case!(
    no_person_no_speaker,
    r#"Heavy rain flooded the town centre overnight. "The water came up to the second step of the old church.""#,
    [q("The water came up to the second step of the old church.").nobody()]
);

case!(
    sign_text_has_no_speaker,
    r#"The notice on the factory gate read: "Closed until further notice by order of the owners.""#,
    [q("Closed until further notice by order of the owners.").nobody()]
);

// ================================================================ whole articles

case!(
    article_court_three_speakers,
    r#"LONDON — A former bank manager was jailed for six years on Friday for stealing from elderly customers.

Judge Thomas Brennan told Simon Fletcher, 58, that he had "betrayed the very people who trusted him most."

"You showed no remorse until the moment you were caught," Brennan said.

Prosecutor Amina Yusuf said outside the court: "Today the victims finally have an answer."

Fletcher's lawyer, Grace Owusu, said her client would appeal. "The sentence is far too harsh for a first offence," she told reporters."#,
    [
        q("betrayed the very people who trusted him most.")
            .by("Thomas Brennan")
            .partial(),
        q("You showed no remorse until the moment you were caught,")
            .by("Thomas Brennan")
            .rule("cue_after"),
        q("Today the victims finally have an answer.")
            .by("Amina Yusuf")
            .rule("cue_before"),
        q("The sentence is far too harsh for a first offence,")
            .by("Grace Owusu")
            .rule("cue_after"),
    ]
);

case!(
    article_science_with_continuation_and_pronoun,
    r#"Astronomers at the Atacama observatory have found water vapour in the atmosphere of a planet 120 light years away.

"This is the first time we have seen water on a world this small," said Dr. Priya Raman, who led the team.

"It does not mean there is life there. But it tells us where to look next."

Her colleague, Professor Kwame Mensah, was more cautious. "We need a second instrument to confirm the signal," he said."#,
    [
        q("This is the first time we have seen water on a world this small,")
            .by("Priya Raman")
            .rule("cue_after"),
        q("It does not mean there is life there. But it tells us where to look next.")
            .by("Priya Raman")
            .rule("continuation"),
        q("We need a second instrument to confirm the signal,")
            .by("Kwame Mensah")
            .rule("cue_after"),
    ]
);

// ================================================================ more groups and organisations

case!(
    group_unions_said,
    r#"Rail workers walked out for a third day on Wednesday. "We will be back on the picket lines on Monday," the unions said."#,
    [q("We will be back on the picket lines on Monday,").by("the unions")],
    |a: &Analysis| {
        assert_eq!(speaker_of(a, 0).kind, SpeakerType::Group);
    }
);

case!(
    they_resolves_to_organisation,
    r#"Greenfield Energy lost its appeal in the High Court on Friday. "We are disappointed and are studying the ruling carefully," they said."#,
    [q("We are disappointed and are studying the ruling carefully,").by("Greenfield Energy")],
    |a: &Analysis| {
        assert_eq!(speaker_of(a, 0).kind, SpeakerType::Organization);
    }
);

// ---------------------------------------------------------------- whole articles, wire styles
// Hand-checked probes written while developing the sieves (each speaker verified by reading).

case!(
    article_wire_central_bank,
    r#"WASHINGTON (Reuters) - The central bank held interest rates steady on Wednesday, and Chair Janet Morrow signaled that cuts could come later this year.

"We are prepared to adjust the stance of policy as appropriate," Morrow told reporters after the two-day meeting.

She added that inflation had "made real progress" but remained above target.

Some economists were skeptical. "The bank is behind the curve again," said Mark Feldstein, chief economist at Harbor Capital. "They waited too long last time."

According to a senior bank official, the committee was divided. "There was a real debate in the room," the official said, speaking on condition of anonymity.

(Reporting by Jane Doe; Editing by Bill Smith)"#,
    [
        q("We are prepared to adjust the stance of policy as appropriate,").by("Janet Morrow").rule("cue_after"),
        q("made real progress").by("Janet Morrow").partial(),
        q("The bank is behind the curve again,").by("Mark Feldstein").rule("cue_after"),
        q("They waited too long last time.").by("Mark Feldstein").rule("continuation"),
        q("There was a real debate in the room,").by("a senior bank official").rule("cue_after"),
    ]
);

case!(
    article_british_single_quotes_and_anonymous_sources,
    r#"LONDON — The prime minister faced a backlash from her own party on Monday.

'This is a betrayal of everything we promised,' said one senior backbencher, who asked not to be named.

Conservative MP David Hale told the BBC: 'The public will not forgive us for this.'

Hale, who represents a marginal seat in the north, added that he would vote against the bill. 'I cannot support it in its current form,' he said.

Labour leader Sarah Quinn said the government was "in chaos".

"They have lost control of their own benches," she told reporters in Westminster. "It is time for them to go.""#,
    [
        q("This is a betrayal of everything we promised,").by("one senior backbencher").rule("cue_after"),
        q("The public will not forgive us for this.").by("David Hale").rule("cue_before"),
        q("I cannot support it in its current form,").by("David Hale").rule("cue_after"),
        q("in chaos").by("Sarah Quinn").partial(),
        q("They have lost control of their own benches,").by("Sarah Quinn").rule("cue_after"),
        q("It is time for them to go.").by("Sarah Quinn").rule("continuation"),
    ]
);

case!(
    article_curly_multi_paragraph_inquiry,
    r#"The head of the inquiry, Judge Helen Marsh, read her findings aloud on Thursday.

“The evidence shows a pattern of neglect that lasted more than a decade.

“Warnings were ignored at every level of the organisation.

“Those responsible must now be held to account,” she said.

‘We were told “nothing can be done”, and we believed it,’ said one former patient.

A hospital spokesperson told AFP: “We accept the findings in full.”"#,
    [
        q("The evidence shows a pattern of neglect that lasted more than a decade.").by("Helen Marsh").rule("paragraph_continuation"),
        q("Warnings were ignored at every level of the organisation.").by("Helen Marsh").rule("paragraph_continuation"),
        q("Those responsible must now be held to account,").by("Helen Marsh").rule("cue_after"),
        q("We were told “nothing can be done”, and we believed it,").by("one former patient").rule("cue_after"),
        q("We accept the findings in full.").by("a hospital spokesperson").rule("cue_before"),
    ]
);

case!(
    article_agency_style_role_nouns,
    r#" date 2021-05-12 ANKARA - Turkish Foreign Minister Kemal Aydin and his Azerbaijani counterpart Rashad Mammadli discussed regional security in a phone call on Tuesday.

"Stability in the Caucasus serves the interests of all nations in the region," the Turkish foreign minister said.

Mammadli, for his part, thanked Ankara for its support.

"Our brotherly relations are stronger than ever," the top Azerbaijani diplomat noted.

Spokesman for the Turkish Foreign Ministry Emre Sahin told reporters on Wednesday that the two sides would meet again.

"The talks were constructive and frank," the spokesman said.

Anadolu Agency"#,
    [
        q("Stability in the Caucasus serves the interests of all nations in the region,").by("Kemal Aydin").rule("cue_after"),
        q("Our brotherly relations are stronger than ever,").by("Rashad Mammadli").rule("cue_after"),
        q("The talks were constructive and frank,").by("Emre Sahin").rule("cue_after"),
    ]
);
