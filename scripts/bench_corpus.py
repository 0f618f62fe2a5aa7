#!/usr/bin/env python3
"""Writes a deterministic synthetic news corpus (JSONL) for scripts/bench.sh.

usage: bench_corpus.py OUT.jsonl SIZE_MB
       bench_corpus.py --devset DOCS_DIR OUT.jsonl TIMES   (a folder of .txt, TIMES over)

The synthetic articles are built from invented templates and name lists (no text from any
real article), to resemble news in what costs whosaid time: about 4.6 KB per article, two
to three quotations per KB (full quotes, partial quotes in reported speech, credits before
and after, pronoun follow-ups, multi-paragraph speech), three to five named people and
organisations per article with titles, roles and appositions, and plain narrative between.
Those are the densities of the PolNeAR train split (840 US news articles), measured with
whosaid itself. Same arguments, same bytes: every choice comes from random.Random(article).
"""
import json
import os
import random
import sys

FIRST = """Ana Tomas Ida Ivo Lena Omar Mira Dana Pia Kit Ruth Jeff Ola Ada Carla Hiroshi Priya Kwame
Elena Marco Hannah Samuel Grace Li Amir Sofia Jonas Nadia Felix Lucia Tariq Ines Pavel Yusuf
Greta Rafael Noor Bruno Chloe Dmitri Esther Farid Gemma Hugo Irene Jakob Kemal Leila Mateo
Nina Oscar Petra Quentin Rosa Stefan Tessa Umar Vera Wendel Xenia Yara Zoltan""".split()
LAST = """Ruiz Reyes Brun Marin Park Haddad Kovacs Fox Holm Lowe Alvarez Lim Berg Kerr Mendes Sato
Raman Mensah Petrova Rossi Becker Okello Owusu Wei Hatami Costa Lind Kan Moreau Dunn Voss Quist
Sten Okafor Vale Abe Holt Lau Nakamura Ferreira Ivanova Schultz Novak Jensen Aziz Dubois Silva
Kowalski Yilmaz Horvat Nilsson Moretti Ortega Bianchi Keller Varga Osei Tan Ibarra Lucas Mwangi""".split()
TITLES = ["Senator", "Governor", "Mayor", "Minister", "Judge", "Dr.", "Professor", "Rep.", "Gen.",
          "Councillor", "Ambassador", "Chief", "Sen.", "Gov."]
ROLES = ["spokeswoman", "spokesman", "analyst", "economist", "campaign manager", "chief executive",
         "director", "lawyer", "researcher", "union organiser", "pollster", "strategist", "engineer",
         "teacher", "police chief", "farmer", "nurse", "historian"]
ORGS = ["the Harbour Authority", "Northfield Energy", "the Valley Water Board", "the Coastal Union",
        "the Ministry of Transport", "Greenfield Bank", "the City Council", "the Farmers' League",
        "Lakeside University", "the Election Commission", "the Port Workers' Guild", "Delta Rail"]
PLACES = ["Welltown", "Harbourside", "Northfield", "Eastmoor", "Lakeside", "Brackwater", "Stonebridge",
          "Millford", "Redcliff", "Ashgrove", "the northern valley", "the coastal district"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SAY = ["said", "said", "said", "told reporters", "added", "argued", "warned", "insisted", "noted",
       "explained", "wrote", "tweeted", "recalled", "countered"]
SUBJ = ["the budget", "the new plan", "the bridge", "the vote", "the tax", "the rail line", "the deal",
        "the report", "the school reform", "the harbour project", "the water rights", "the election",
        "the strike", "the hospital", "the fishing quota", "the tariff", "the housing scheme"]
VERB = ["will not survive", "has to change", "cannot wait", "was never fair", "will cost too much",
        "is the best chance we have", "needs more time", "was rushed through", "will help families",
        "is a mistake", "has already failed", "deserves a second look", "will pass easily",
        "is dead on arrival", "must be stopped", "was a good start"]
TAIL = ["this year", "for everyone here", "whatever the critics say", "and everybody knows it",
        "in the long run", "by the end of the month", "unless the council acts", "for our children",
        "if we are honest", "before the winter", "at any price", "in this town"]
FRAG = ["a waste of money", "reckless", "long overdue", "a gift to the builders", "dead in the water",
        "deeply unfair", "a real achievement", "the wrong answer", "a second-rate plan",
        "total confusion", "a step in the right direction", "without merit", "a disgrace"]
NARR = ["{org} announced on {day} that {subj} would be reviewed.",
        "The vote in {place} is expected on {day}, after weeks of debate over {subj}.",
        "{subj_c} has divided {place} since the spring.",
        "Turnout in {place} was higher than in any election since 2004.",
        "{org} did not respond to a request for comment.",
        "The figures were published by {org} on {day}.",
        "About 3,400 people live in {place}, most of them along the river.",
        "Critics say {subj} was drawn up too quickly, and supporters say it was too slow.",
        "Officials in {place} have spent much of the year arguing over {subj} and the money behind it.",
        "A public meeting on {subj} drew about 200 residents to the school hall in {place} on {day}."]
# Narrative about a person: names and pronouns that are not quote credits.
PNARR = ["{name} has led the campaign in {place} since 2019.",
         "{name} met members of {org} on {day} to discuss {subj}.",
         "{name}, who grew up in {place}, first ran for office a decade ago.",
         "Last year {pron} voted against {subj}, a decision {pron} later defended in public.",
         "{name} did not attend the meeting in {place} on {day}.",
         "Supporters of {name} gathered outside the offices of {org} before the vote."]


class Article:
    def __init__(self, rng):
        self.rng = rng
        self.people = []
        for _ in range(rng.randint(3, 6)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if rng.random() < 0.5:
                title = rng.choice(TITLES)
                full = f"{title} {first} {last}"
            else:
                role = rng.choice(ROLES)
                org = rng.choice(ORGS).replace("the ", "")
                full = f"{org} {role} {first} {last}" if rng.random() < 0.3 else f"{role} {first} {last}"
            self.people.append({"full": full, "short": last, "pron": rng.choice(["he", "she"]),
                                "intro": False})
        self.last = None

    def quote(self):
        r = self.rng
        s = f"{r.choice(SUBJ)} {r.choice(VERB)} {r.choice(TAIL)}"
        s = s[0].upper() + s[1:]
        if r.random() < 0.4:
            s += f". {r.choice(SUBJ).capitalize()} {r.choice(VERB)}"
        return s

    def name(self, p):
        if not p["intro"]:
            p["intro"] = True
            return p["full"]
        return p["short"]

    def fill(self, t, p=None):
        r = self.rng
        p = p or r.choice(self.people)
        s = t.format(org=r.choice(ORGS), day=r.choice(DAYS), place=r.choice(PLACES),
                     subj=r.choice(SUBJ), subj_c=r.choice(SUBJ).capitalize(),
                     name=self.name(p) if "{name}" in t else "", pron=p["pron"])
        return s[0].upper() + s[1:]

    def paragraph(self):
        r = self.rng
        p = r.choice(self.people)
        k = r.random() / 0.34  # about one paragraph in three carries quotes
        if k < 0.22:
            text = f"\"{self.quote()},\" {self.name(p)} {r.choice(SAY)}."
        elif k < 0.34:
            who = self.name(p)
            text = f"\"{self.quote()},\" said {who}, who spoke in {r.choice(PLACES)} on {r.choice(DAYS)}."
        elif k < 0.46:
            text = (f"{self.name(p)}, speaking in {r.choice(PLACES)} on {r.choice(DAYS)}, said: "
                    f"\"{self.quote()}.\"")
        elif k < 0.60:
            text = (f"{self.name(p)} said {r.choice(SUBJ)} was \"{r.choice(FRAG)}\" and "
                    f"\"{r.choice(FRAG)}.\"")
        elif k < 0.68 and self.last is not None:
            p = self.last
            text = f"\"{self.quote()},\" {p['pron']} added. \"{self.quote()}.\""
        elif k < 0.73:
            text = f"According to {self.name(p)}, \"{self.quote().lower()}.\""
        elif k < 0.80:
            text = (f"\"{self.quote()}. {self.quote()}.\n\n\"{self.quote()},\" "
                    f"{self.name(p)} {r.choice(SAY)}.")
        elif k < 1.0:
            text = f"{self.name(p)} put it this way on {r.choice(DAYS)}: \"{self.quote()}.\""
        else:
            sents = [self.fill(r.choice(PNARR), p) if r.random() < 0.45 else self.fill(r.choice(NARR))
                     for _ in range(r.randint(2, 4))]
            return " ".join(sents)
        self.last = p
        return text[0].upper() + text[1:]

    def text(self, i):
        r = self.rng
        head = f"{r.choice(SUBJ).capitalize()} divides {r.choice(PLACES)} as {r.choice(DAYS)} vote nears"
        dateline = f"{r.choice(PLACES).upper()} -- " if r.random() < 0.5 else ""
        first = self.fill(r.choice(NARR))
        paras = [head, dateline + first[0].upper() + first[1:]]
        size = r.randint(2600, 6800)
        while sum(len(x) + 2 for x in paras) < size:
            paras.append(self.paragraph())
        return "\n\n".join(paras) + "\n"


def synthetic(out_path, size_mb):
    target = size_mb * 1024 * 1024
    written, i = 0, 0
    with open(out_path, "w", encoding="utf-8") as out:
        while written < target:
            rng = random.Random(i)
            text = Article(rng).text(i)
            line = json.dumps({"id": f"bench-{i:09d}", "date": f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}",
                               "url": f"https://example.org/news/{i}", "text": text}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            i += 1
    print(f"{i} articles, {written / 1e6:.1f} MB", file=sys.stderr)


def devset(docs, out_path, times):
    names = sorted(n for n in os.listdir(docs) if n.endswith(".txt"))
    with open(out_path, "w", encoding="utf-8") as out:
        for t in range(times):
            for n in names:
                with open(os.path.join(docs, n), encoding="utf-8") as f:
                    text = f.read()
                out.write(json.dumps({"id": f"{t}-{n[:-4]}", "text": text}, ensure_ascii=False) + "\n")
    print(f"{len(names) * times} articles", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "--devset":
        devset(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        synthetic(sys.argv[1], int(sys.argv[2]))
