"""`alliance lint`: each rule catches its defect (the audit's real examples of issue 12) and passes a sound fact."""
from __future__ import annotations

import json

import yaml
from conftest import SHIPPED

from alliance_cli.factbase.vocabulary import LINT_RULES

LINT_FINDINGS = 7

SOURCES = [
    {"id": "inside-the-pact", "title": "Inside the Russia-Iran Pact", "site": "Not named", "kind": "web article",
     "file": "inside.txt", "sha256": "0" * 64, "reliability": "F", "reliability_rationale": "No basis.",
     "links_to": ["putins-promise"]},
    {"id": "putins-promise", "title": "Putin's Promise", "site": "Russland Iran Bündnis", "kind": "web article",
     "file": "promise.txt", "sha256": "1" * 64, "reliability": "F", "reliability_rationale": "No basis.",
     "links_to": ["inside-the-pact"]},
]
ENTITIES = [
    {"name": "Russia", "kind": "country", "metonyms": ["Moscow"]},
    {"name": "Iran", "kind": "country", "metonyms": ["Tehran"]},
    {"name": "United States", "kind": "country", "aliases": ["US", "U.S."]},
    {"name": "Israel", "kind": "country"},
    {"name": "the West", "kind": "group"},
    {"name": "Vladimir Putin", "kind": "person", "aliases": ["Putin"]},
    {"name": "Abbas Araghchi", "kind": "person", "aliases": ["Araghtschi", "Araghchi"]},
    {"name": "Ahmad Vakhshiteh", "kind": "person", "aliases": ["Vakhshiteh"]},
    {"name": "unnamed analysts", "kind": "group", "aliases": ["analysts", "many analysts"]},
]
IN, PP = "inside-the-pact", "putins-promise"


def fact(fact_id: str, statement: str, *quotes: tuple[str, str], **changes) -> dict:
    """A sound fact by default: asserted by one article, graded 3 for it."""
    record = {"id": fact_id, "statement": statement, "themes": ["security"], "actors": ["Russia", "Iran"],
              "attributed_to": "the article", "stance": "asserted", "credibility": 3,
              "credibility_rationale": "Stated as fact by one article only.",
              "evidence": [{"source": s, "section": "Heading", "quote": q} for s, q in quotes]}
    record.update(changes)
    return record


def base(*facts: dict) -> dict:
    """A fact base of these facts; copies, so that facts sharing parts are not written as YAML anchors."""
    return json.loads(json.dumps({"sources": SOURCES, "entities": ENTITIES, "facts": list(facts)}))


def lint(run, write_base, *facts: dict, rule: str | None = None) -> list[tuple[str, str, str]]:
    """(rule, fact id, message) of every open finding, checking the exit status agrees."""
    args = ["lint", write_base(base(*facts)), "--json"] + (["--rule", rule] if rule else [])
    result = run(*args)
    report = result.json()
    assert result.code == (LINT_FINDINGS if report["findings"] else 0), result.stderr
    return [(f["rule"], f["fact"], f["message"]) for f in report["findings"]]


def rules_found(run, write_base, *facts: dict, rule: str | None = None) -> list[tuple[str, str]]:
    return [(r, f) for r, f, _ in lint(run, write_base, *facts, rule=rule)]


# --- dropped-qualifier ------------------------------------------------------

def test_dropped_qualifier_security_039_drops_what_it_views_as(run, write_base):
    dropped = fact("security-039", "Putin's condemnation casts Russia as a defender of Iran against unjust external "
                   "pressure.", (PP, "positioning Russia as a staunch defender against what it views as unjust "
                                     "external pressure"), credibility=6,
                   credibility_rationale="An assessment, not a checkable event.", actors=["Russia", "Vladimir Putin"])
    assert lint(run, write_base, dropped, rule="dropped-qualifier") == [(
        "dropped-qualifier", "security-039", "evidence 1 says “views as unjust external pressure” (perception marker "
        "“views”); the statement keeps the claim but drops the qualifier, and the stance (asserted) does not carry it")]
    kept = dict(dropped, statement="Putin's condemnation casts Russia as a defender of Iran against what it views as "
                                   "unjust external pressure.")
    assert lint(run, write_base, kept, rule="dropped-qualifier") == []


def test_dropped_qualifier_security_014_drops_what_they_perceive_as(run, write_base):
    quote = ("These \"threats\" are broadly defined but often include what they perceive as foreign interference in "
             "internal affairs, attempts at regime change")
    dropped = fact("security-014", "The threats are broadly defined and often include foreign interference in "
                   "internal affairs and attempts at regime change.", (PP, quote))
    assert rules_found(run, write_base, dropped, rule="dropped-qualifier") == [("dropped-qualifier", "security-014")]
    kept = dict(dropped, statement="The threats are broadly defined and often include what the partners perceive as "
                                   "foreign interference in internal affairs and attempts at regime change.")
    assert rules_found(run, write_base, kept, rule="dropped-qualifier") == []


def test_dropped_qualifier_degree_words_purely_a_degree_of_explicitly(run, write_base):
    purely = fact("divergence-006", "The alignment is pragmatic rather than ideologically driven, from Moscow's "
                  "perspective.", (IN, "This suggests a pragmatic, rather than purely ideologically driven, alignment "
                                       "from Moscow’s perspective."), stance="hedged", credibility=6)
    degree = fact("divergence-012", "The partners have asymmetric strategic priorities.",
                  (PP, "a degree of asymmetry in their respective strategic priorities"))
    explicitly = fact("security-011", "Neither side is bound to provide direct military support.",
                      (IN, "the other is not explicitly bound to provide direct military support"))
    found = lint(run, write_base, purely, degree, explicitly, rule="dropped-qualifier")
    assert [(f, m.split("” (", 1)[1].split(";")[0]) for _, f, m in found] == [
        ("divergence-006", "degree (purely) marker “purely”)"),
        ("divergence-012", "degree (partly) marker “a degree of”)"),
        ("security-011", "degree (explicitly) marker “explicitly”)")]


def test_dropped_qualifier_an_opinion_still_keeps_a_perception(run, write_base):
    """divergence-002: analysts say Russia *views* Iran as secondary; the fact said Russia *treats* it so."""
    quote = "many analysts argue that Russia views Iran as a secondary player in its overarching strategy"
    treats = fact("divergence-002", "Many analysts hold that Russia treats Iran as a secondary player in its "
                  "overall strategy.", (IN, quote), stance="opinion", attributed_to="unnamed analysts", credibility=6)
    assert rules_found(run, write_base, treats, rule="dropped-qualifier") == [("dropped-qualifier", "divergence-002")]
    views = dict(treats, statement="Many analysts argue that Russia views Iran as a secondary player in its "
                                   "overall strategy.")
    assert rules_found(run, write_base, views, rule="dropped-qualifier") == []


def test_dropped_qualifier_ignores_a_marker_on_another_part_of_the_quote(run, write_base):
    quote = "Both nations are heavily burdened by sanctions, and their trade could grow"
    sound = fact("sanctions-001", "Both countries are heavily burdened by sanctions.", (IN, quote), themes=["sanctions"])
    not_merely = fact("security-025", "The exchange is more than transactional.",
                      (IN, "This exchange is not merely transactional"))
    assert lint(run, write_base, sound, not_merely, rule="dropped-qualifier") == []


# --- flat-statement ---------------------------------------------------------

def test_flat_statement_security_033_alleged_airstrikes_stated_flatly(run, write_base):
    flat = fact("security-033", "The United States and Israel carried out airstrikes on Iran.",
                (PP, "following alleged U.S. and Israeli airstrikes"), stance="alleged",
                actors=["United States", "Israel", "Iran"])
    assert lint(run, write_base, flat, rule="flat-statement") == [(
        "flat-statement", "security-033", "the stance is alleged, but the statement's main clause “The United States "
        "and Israel carried out airstrikes on Iran.” has no allegation (alleged, reportedly, reported, according to) "
        "word: it reads as a flat assertion")]
    framed = dict(flat, statement="US and Israeli airstrikes on Iran are reported as alleged.")
    assert lint(run, write_base, framed, rule="flat-statement") == []


def test_flat_statement_security_013_hedge_only_in_a_trailing_clause(run, write_base):
    flat = fact("security-013", "Security cooperation centres on intelligence sharing against perceived threats, "
                "which could range from terrorism to cyber warfare.",
                (PP, "collaboration likely extends to intelligence sharing"), stance="hedged", credibility=6)
    assert rules_found(run, write_base, flat, rule="flat-statement") == [("flat-statement", "security-013")]
    hedged = dict(flat, statement="Security cooperation likely extends to intelligence sharing.")
    assert rules_found(run, write_base, hedged, rule="flat-statement") == []


def test_flat_statement_an_opinion_needs_its_speaker_to_speak(run, write_base):
    flat = fact("security-034", "The attacks on Iran were absolutely unprovoked aggression.",
                (IN, "Putin called the attacks \"absolutely unprovoked aggression\""), stance="opinion",
                attributed_to="Vladimir Putin", credibility=6)
    assert rules_found(run, write_base, flat, rule="flat-statement") == [("flat-statement", "security-034")]
    said = dict(flat, statement="Vladimir Putin called the attacks on Iran \"absolutely unprovoked aggression\".")
    assert rules_found(run, write_base, said, rule="flat-statement") == []


# --- unattributed-speaker ---------------------------------------------------

def test_unattributed_speaker_security_007_he_emphasized(run, write_base):
    """In putins-promise the words are Araghtschi's ("He emphasized…"), yet the fact was the article's own."""
    quote = "He emphasized the pivotal role Iran and Russia play as major powers in architecting a new global paradigm"
    unattributed = fact("security-007", "Iran and Russia play a pivotal role as major powers in a new global order.",
                        (PP, quote), stance="opinion", credibility=6)
    assert lint(run, write_base, unattributed, rule="unattributed-speaker") == [(
        "unattributed-speaker", "security-007", "evidence 1 puts the words in a speaker's mouth (“He emphasized”), "
        "but attributed_to is 'the article'; attribute the claim to the speaker it names, or name the speaker in "
        "the statement")]
    attributed = dict(unattributed, attributed_to="Abbas Araghchi")
    assert lint(run, write_base, attributed, rule="unattributed-speaker") == []


def test_unattributed_speaker_a_named_speaker_notes(run, write_base):
    quote = "Vakhshiteh notes that Tehran may benefit from this partnership"
    unattributed = fact("divergence-004", "Iran may benefit from the partnership.", (IN, quote), stance="hedged",
                        credibility=6)
    found = lint(run, write_base, unattributed, rule="unattributed-speaker")
    assert [m for _, _, m in found] == [
        "evidence 1 puts the words in a speaker's mouth (“Vakhshiteh notes”), but attributed_to is 'the article'; "
        "attribute the claim to 'Ahmad Vakhshiteh', or name the speaker in the statement"]
    named = dict(unattributed, statement="Ahmad Vakhshiteh notes that Iran may benefit from the partnership.")
    assert lint(run, write_base, named, rule="unattributed-speaker") == []


# --- grade-departs ----------------------------------------------------------

def test_grade_departs_opinion_graded_as_if_confirmed(run, write_base):
    """security-006 and divergence-002 were graded 2 although their stance is opinion."""
    opinion = fact("security-006", "Abbas Araghchi called the arrangement a \"roadmap for the future\".",
                   (IN, "describing the current agreement as a \"roadmap for the future.\""),
                   (PP, "a long-term \"roadmap for the future,\" as described by Abbas Araghtschi"),
                   stance="opinion", attributed_to="Abbas Araghchi", credibility=2,
                   credibility_rationale="Both articles report these words from this speaker.")
    assert lint(run, write_base, opinion, rule="grade-departs") == [(
        "grade-departs", "security-006", "stored 2, the rubric gives 6 (the stance is opinion: a judgement, which no "
        "number of reporters can confirm); no rationale makes a grade better than the evidence allows; change the "
        "grade")]
    assert lint(run, write_base, dict(opinion, credibility=6), rule="grade-departs") == []


def test_grade_departs_security_010_graded_2_despite_a_recorded_disagreement(run, write_base):
    disagreement = {"point": "The wording of the commitment", "accounts": [
        {"source": IN, "says": "Mutual support.", "quote": "mutual support in confronting"},
        {"source": PP, "says": "Support each other.", "quote": "support each other in combating"}]}
    contested = fact("security-010", "The pact commits each side to support the other against common threats.",
                     (IN, "mutual support in confronting \"common security threats.\""),
                     (PP, "\"support each other in combating common 'security threats'\""),
                     credibility=2, credibility_rationale="Both articles report the commitment.",
                     disagreements=[disagreement])
    assert [m for _, _, m in lint(run, write_base, contested, rule="grade-departs")] == [
        "stored 2, the rubric gives 3 (conflicting details: the sources disagree on 1 recorded point); to keep 2, "
        "the rationale should say the disagreement is only spelling or transliteration"]
    spelling = dict(contested, credibility_rationale="Both articles report it; they only spell a name differently.")
    assert lint(run, write_base, spelling, rule="grade-departs") == []
    assert lint(run, write_base, dict(contested, credibility=3), rule="grade-departs") == []


def test_grade_departs_an_assessment_needs_a_rationale_that_says_so(run, write_base):
    unexplained = fact("security-002", "The alliance is more than a temporary alignment of convenience.",
                       (IN, "this alliance is more than just a temporary alignment of convenience"), credibility=6)
    assert [m for _, _, m in lint(run, write_base, unexplained, rule="grade-departs")] == [
        "stored 6, the rubric gives 3 (one source asserts it (inside-the-pact)); to keep 6, the rationale should say "
        "it is an assessment, forecast, aim, interpretation or judgement"]
    explained = dict(unexplained, credibility_rationale="An assessment, not a checkable event.")
    assert lint(run, write_base, explained, rule="grade-departs") == []


# --- rationale-contradicts --------------------------------------------------

def test_rationale_contradicts_security_016_one_article_only_citing_two(run, write_base):
    two_cited = fact("security-016", "The current cooperation builds on the 2001 agreement.",
                     (PP, "regularly renewed, and now expanded to cover a broader array of shared interests"),
                     (IN, "This contemporary framework builds upon a robust foundation established decades ago."),
                     credibility_rationale="Stated as fact by one article only, with no other source to check it "
                                           "against.")
    assert lint(run, write_base, two_cited, rule="rationale-contradicts") == [(
        "rationale-contradicts", "security-016", "the rationale says “no other source”, but the evidence quotes 2 "
        "sources (putins-promise, inside-the-pact)")]
    explained = dict(two_cited, credibility_rationale="Stated as fact by one article only; the other only says the "
                                                      "framework builds on an older foundation.")
    assert lint(run, write_base, explained, rule="rationale-contradicts") == []


def test_rationale_contradicts_differing_articles_graded_2(run, write_base):
    """security-010, sanctions-002 and divergence-003: graded 2 though the rationale says the articles differ."""
    differ = fact("sanctions-002", "Western sanctions target Russia's financial system.",
                  (IN, "targeting its energy sector, financial institutions"), (PP, "have targeted its financial system"),
                  credibility=2, credibility_rationale="Both articles report the sanctions but describe them "
                                                       "differently.", themes=["sanctions"])
    assert [m for _, _, m in lint(run, write_base, differ, rule="rationale-contradicts")] == [
        "the rationale says the sources “differently”, yet the grade is 2: conflicting details grade 3 (record the "
        "disagreement, with a quote from each side)"]
    both_one = fact("sanctions-003", "Iran has been under sanctions for decades.",
                    (IN, "has endured decades of sanctions"), credibility_rationale="Both articles report it.",
                    themes=["sanctions"])
    assert [m for _, _, m in lint(run, write_base, both_one, rule="rationale-contradicts")] == [
        "the rationale speaks of “both articles”, but the fact cites one source (inside-the-pact)"]
    sound = dict(differ, credibility=3, credibility_rationale="Both articles report the sanctions but differ on the "
                                                              "targets.")
    recorded_elsewhere = dict(differ, id="sanctions-004",
                              credibility_rationale="Both articles report the sanctions consistently; they differ on "
                                                    "other targets, recorded on sanctions-003.")
    assert lint(run, write_base, sound, both_one, recorded_elsewhere, rule="rationale-contradicts") == [
        ("rationale-contradicts", "sanctions-003", "the rationale speaks of “both articles”, but the fact cites one "
         "source (inside-the-pact)")]


# --- unsupported-words ------------------------------------------------------

def test_unsupported_words_the_audits_added_details(run, write_base):
    gloss = fact("security-044", "The partnership is referred to as the \"russland iran bündnis\" (German for "
                 "Russia–Iran alliance).", (IN, "a dynamic referred to in diplomatic circles as the russland iran "
                                                "bündnis"))
    after = fact("security-035", "Putin recently promised Russian support to Iran after the airstrikes.",
                 (IN, "Russian President Vladimir Putin’s recent promise of support to Iran"),
                 actors=["Vladimir Putin", "Iran"])
    credits_putin = fact("security-038", "Putin offered Russian mediation in the conflict involving Iran.",
                         (IN, "offering mediation"), (PP, "Russia’s offering of \"mediation\" in conflicts involving "
                                                          "Iran"), actors=["Vladimir Putin", "Russia", "Iran"],
                         credibility=2, credibility_rationale="Stated by both articles, consistently.")
    partners_name = fact("security-014", "The security threats the partners name are broadly defined.",
                         (PP, "These \"threats\" are broadly defined"))
    assert [(f, m) for _, f, m in lint(run, write_base, gloss, after, credits_putin, partners_name,
                                       rule="unsupported-words")] == [
        ("security-044", "no quote supports “German” (a name); quote what does, or drop it"),
        ("security-035", "no quote supports “after” (it adds sequence, cause or scope); quote what does, or drop it"),
        ("security-038", "no quote supports “Putin” (a name); quote what does, or drop it"),
        ("security-014", "no quote supports “name” (it says someone stated this, which no source has them do); "
                         "quote what does, or drop it")]


def test_unsupported_words_takes_a_sequence_or_a_cause_in_other_words(run, write_base):
    following = fact("security-035", "Putin promised support to Iran after the airstrikes.",
                     (PP, "Putin's promise of support to Iran following alleged U.S. and Israeli airstrikes"),
                     actors=["Vladimir Putin", "Iran"])
    ensures = fact("security-043", "The alliance will remain a subject of analysis, partly because of its opacity.",
                   (IN, "Its opaqueness and strategic depth will ensure it remains a critical subject of analysis"))
    assert lint(run, write_base, following, ensures, rule="unsupported-words") == []
    before = dict(following, statement="Putin promised support to Iran before the airstrikes.")
    assert rules_found(run, write_base, before, rule="unsupported-words") == [("unsupported-words", "security-035")]


def test_unsupported_words_allows_paraphrase_other_spellings_and_reporting(run, write_base):
    sound = fact("sanctions-007", "Cut off from traditional markets, both countries have had to look for other "
                 "ways to trade, one article says; Russia is described as compelled.",
                 (IN, "Cut off from traditional markets and financial systems, Moscow and Tehran have been compelled "
                      "to seek alternative avenues for trade"), themes=["sanctions"])
    undisclosed = fact("security-018", "The exact terms of the agreement have largely not been disclosed.",
                       (IN, "the exact contours of the current agreement remain largely undisclosed"))
    assert lint(run, write_base, sound, undisclosed, rule="unsupported-words") == []


# --- same-quote-grades ------------------------------------------------------

def test_same_quote_grades_economy_010_and_security_009(run, write_base):
    quote = "it encompasses deep cooperation in economic, security, and defense spheres"
    security = fact("security-009", "The agreement commits Russia and Iran to closer security cooperation.",
                    (IN, "the commitment to enhanced cooperation in security and defense"), (PP, quote),
                    credibility=2, credibility_rationale="Stated as fact by both articles, consistently.")
    economy = fact("economy-010", "The cooperation spans the economic, security and defence spheres.",
                   (PP, quote + ", underpinned by a history of strategic agreements"))
    assert lint(run, write_base, security, economy, rule="same-quote-grades") == [(
        "same-quote-grades", "economy-010", f"graded 3, but security-009 cites the same quote from putins-promise "
        f"(“{quote}”) with the same stance (asserted) and grades it 2 (the rubric gives 2 and 3: check whether each "
        "fact cites every source that supports it); grade them alike, or accept the finding with the reason")]
    assert lint(run, write_base, security, dict(economy, stance="hedged", credibility=6),
                rule="same-quote-grades") == []
    assert lint(run, write_base, security, dict(economy, credibility=2), rule="same-quote-grades") == []


def test_same_quote_grades_divergence_015_and_security_040_from_one_sentence(run, write_base):
    sentence = ("This public declaration of solidarity, even if vague on specifics, reaffirms the strategic "
                "importance of the russland iran bündnis to both nations")
    vague = fact("divergence-015", "The declaration of support was vague on specifics.",
                 (IN, "even if vague on specifics"), themes=["divergence"])
    importance = fact("security-040", "The declaration reaffirms the alliance's importance to both countries.",
                      (IN, sentence), credibility=6, credibility_rationale="An assessment, not a checkable event.")
    assert rules_found(run, write_base, vague, importance, rule="same-quote-grades") == [
        ("same-quote-grades", "security-040")]


def test_same_quote_grades_reports_each_fact_once_naming_the_first(run, write_base):
    quote = "this alliance is more than just a temporary alignment of convenience"
    facts = [fact(f"security-00{n}", "The alliance is more than a temporary alignment of convenience.", (IN, quote),
                  credibility=grade, credibility_rationale="An assessment, not a checkable event.")
             for n, grade in ((1, 6), (2, 3), (3, 3), (4, 6))]
    assert [(f, m.split(" cites")[0]) for _, f, m in lint(run, write_base, *facts, rule="same-quote-grades")] == [
        ("security-002", "graded 3, but security-001"), ("security-003", "graded 3, but security-001"),
        ("security-004", "graded 6, but security-002")]


# --- assessment-as-event ----------------------------------------------------

PEZESHKIAN_SPELLING = {"point": "The spelling of the Iranian president's first name", "accounts": [
    {"source": IN, "says": "Spells it Massoud.", "quote": "Iranian President Massoud Pezeshkian"},
    {"source": PP, "says": "Spells it Masoud.", "quote": "Iranian President Masoud Pezeshkian"}]}


def test_assessment_as_event_security_005_graded_2_with_underscored_a_strategic_pivot(run, write_base):
    """security-005 kept grade 2 through the spelling exception, though its statement read the visit."""
    joined = fact("security-005", "Iranian President Masoud Pezeshkian recently visited Moscow; both articles say the "
                  "visit underscored a strategic pivot, which one of them calls Iran's pivot towards Eastern "
                  "partnerships.",
                  (IN, "The recent visit of Iranian President Massoud Pezeshkian to Moscow underscored the profound "
                       "significance of this strategic pivot"),
                  (PP, "The recent high-profile visit of Iranian President Masoud Pezeshkian to Moscow underscored "
                       "Iran's unwavering strategic pivot towards Eastern partnerships"),
                  credibility=2, disagreements=[PEZESHKIAN_SPELLING],
                  credibility_rationale="Both articles report the visit consistently; the recorded difference is only "
                                        "the spelling of the president's first name, so 2.")
    assert lint(run, write_base, joined, rule="assessment-as-event") == [(
        "assessment-as-event", "security-005", "graded 2, but the statement reads the event (“underscored”): a "
        "reading is an assessment (6); state the event and the reading as two facts, or grade the fact 6")]
    event = dict(joined, statement="Iranian President Masoud Pezeshkian recently visited Moscow.")
    reading = dict(joined, id="security-051", credibility=6, disagreements=[],
                   credibility_rationale="An interpretation of the visit, not a checkable event.")
    marks = fact("security-038", "Russia is reported to have offered \"mediation\", in quotation marks.",
                 (PP, "Russia’s offering of \"mediation\" in conflicts involving Iran"))
    assert lint(run, write_base, event, reading, marks, rule="assessment-as-event") == []


# --- stronger-than-quote ----------------------------------------------------

def test_stronger_than_quote_security_014_asserted_on_a_perception_and_a_possibility(run, write_base):
    perceive = ("These \"threats\" are broadly defined but often include what they perceive as foreign interference "
                "in internal affairs")
    could = "joint efforts to neutralize perceived threats, which could range from terrorism to cyber warfare"
    asserted = fact("security-014", "The articles describe the \"common security threats\" differently: one says "
                    "they often include what the partners perceive as foreign interference; the other says they could "
                    "range from terrorism to cyber warfare.", (PP, perceive), (IN, could),
                    credibility_rationale="Both articles describe the threats, but with different lists.")
    assert lint(run, write_base, asserted, rule="stronger-than-quote") == [(
        "stronger-than-quote", "security-014", f"asserted, but evidence 1 hedges (“perceive” in “{perceive}”) and the "
        "statement's main clause “The articles describe the \"common security threats\" differently” has no hedge: "
        "keep the hedge, or make the stance hedged")]
    hedged = dict(asserted, stance="hedged", credibility=6,
                  statement="What the \"common security threats\" could cover is described differently: one says "
                            "they often include what the partners perceive as foreign interference; the other says "
                            "they could range from terrorism to cyber warfare.")
    assert lint(run, write_base, hedged, rule="stronger-than-quote") == []


def test_stronger_than_quote_divergence_005_an_account_that_hedges(run, write_base):
    """divergence-005 stated 'remains subordinate' flatly, while putins-promise's account says 'might have limits'."""
    disagreement = {"point": "Whether Iran comes second to Russia's objectives", "accounts": [
        {"source": IN, "says": "Flatly.", "quote": "Iran, though beneficial, remains subordinate to Russia's primary "
                                                   "geopolitical objectives"},
        {"source": PP, "says": "Hedged.", "quote": "the depth of Russia's commitment to Iran's core issues might have "
                                                   "limits"}]}
    flat = fact("divergence-005", "Iran is described as beneficial to Russia but subordinate to Russia's primary "
                "geopolitical objectives.", (IN, "Iran, though beneficial, remains subordinate to Russia's primary "
                                                 "geopolitical objectives"),
                credibility=6, credibility_rationale="An assessment, not a checkable event.",
                disagreements=[disagreement], themes=["divergence"])
    assert rules_found(run, write_base, flat, rule="stronger-than-quote") == [("stronger-than-quote", "divergence-005")]
    kept = dict(flat, statement="One article says flatly that Iran, though beneficial, remains subordinate to "
                                "Russia's primary geopolitical objectives, while the other says that Russia's "
                                "commitment to Iran's core issues might have limits there.")
    assert lint(run, write_base, kept, rule="stronger-than-quote") == []


# --- duplicate-claims -------------------------------------------------------

def test_duplicate_claims_divergence_015_repeats_security_040(run, write_base):
    sentence = ("This public declaration of solidarity, even if vague on specifics, reaffirms the strategic importance "
                "of the russland iran bündnis to both nations in navigating complex regional conflicts.")
    importance = fact("security-040", "Putin's public declaration of solidarity, though vague on specifics, is said "
                      "to reaffirm the strategic importance of the alliance to both countries in navigating complex "
                      "regional conflicts.", (IN, sentence), credibility=6,
                      credibility_rationale="An assessment, not a checkable event.")
    vague = fact("divergence-015", "Putin's public declaration of solidarity with Iran is described as vague on "
                 "specifics.", (IN, "This public declaration of solidarity, even if vague on specifics"),
                 credibility=6, credibility_rationale="An assessment, not a checkable event.", themes=["divergence"])
    assert lint(run, write_base, importance, vague, rule="duplicate-claims") == [(
        "duplicate-claims", "divergence-015", "repeats security-040: they cite overlapping quotes and their statements "
        "share 5 of 5 content words (declaration, public, solidarity, specifics, vague); merge them, or accept the "
        "finding with what this fact adds")]


def test_duplicate_claims_sanctions_009_inside_economy_008_and_what_is_not_a_duplicate(run, write_base):
    payments = fact("sanctions-009", "The partners are making efforts to establish alternative payment systems "
                    "independent of SWIFT.", (PP, "It involves efforts to de-dollarize trade, establish alternative "
                                                  "payment systems independent of SWIFT"), themes=["sanctions"])
    multifaceted = fact("economy-008", "Their economic cooperation is described as multifaceted: efforts to "
                        "de-dollarise trade, to set up payment systems independent of SWIFT and to explore new trade "
                        "routes.", (PP, "Their economic cooperation is multifaceted. It involves efforts to "
                                        "de-dollarize trade, establish alternative payment systems independent of "
                                        "SWIFT, and explore new trade routes"), themes=["economy"])
    assert rules_found(run, write_base, payments, multifaceted, rule="duplicate-claims") == [
        ("duplicate-claims", "economy-008")]
    quote = "it encompasses deep cooperation in economic, security, and defense spheres"
    security = fact("security-009", "The agreements commit Russia and Iran to closer cooperation on security and "
                    "defence.", (PP, quote))
    economic = fact("economy-010", "Russia–Iran cooperation likely extends beyond energy to wider economic "
                    "cooperation.", (PP, quote), stance="hedged", credibility=6, themes=["economy"])
    assert lint(run, write_base, security, economic, rule="duplicate-claims") == []


# --- acceptance -------------------------------------------------------------

def test_a_finding_accepted_in_the_file_keeps_its_reason_and_lint_passes(run, write_base):
    accepted = fact("security-002", "The alliance is more than a temporary alignment of convenience.",
                    (IN, "this alliance is more than just a temporary alignment of convenience"), credibility=6,
                    lint_accept=[{"rule": "grade-departs", "reason": "Graded 6 as the article's own verdict."}])
    path = write_base(base(accepted))
    result = run("lint", path, "--json")
    assert result.code == 0, result.stderr
    report = result.json()
    assert report["findings"] == []
    assert [(a["rule"], a["fact"], a["reason"]) for a in report["accepted"]] == [
        ("grade-departs", "security-002", "Graded 6 as the article's own verdict.")]
    text = run("lint", path)
    assert text.stdout == f"{path}: lint clean: 1 fact, {len(LINT_RULES)} rules, 1 accepted finding (listed with " \
                          "--accepted)\n"
    listed = run("lint", path, "--accepted").stdout.splitlines()
    assert listed[0].endswith("grade-departs: security-002: stored 6, the rubric gives 3 (one source asserts it "
                              "(inside-the-pact)); to keep 6, the rationale should say it is an assessment, forecast, "
                              "aim, interpretation or judgement [accepted: Graded 6 as the article's own verdict.]")


def test_an_acceptance_that_accepts_nothing_is_a_finding(run, write_base):
    stale = fact("security-008", "Iran's Look East policy is a long-term commitment.",
                 (IN, "This \"Look East\" policy for Iran is a long-term commitment"),
                 lint_accept=[{"rule": "flat-statement", "reason": "Once needed."}])
    assert lint(run, write_base, stale) == [(
        "unused-accept", "security-008", "accepts 'flat-statement' findings, but that rule finds nothing in this "
        "fact; remove the entry")]


def test_an_acceptance_must_name_a_rule_and_give_a_reason(run, write_base):
    text = yaml.safe_dump(base(fact("security-008", "A claim.", (IN, "a claim"),
                                    lint_accept=[{"rule": "grade-depart", "reason": " "}])), sort_keys=False)
    result = run("lint", write_base(text))
    assert result.code == 3
    assert [line.split(": ", 1)[1] for line in result.error_lines] == [
        "'rule' must be one of " + ", ".join(LINT_RULES) + ", not 'grade-depart' (did you mean 'grade-departs'?)",
        "'reason' must not be blank"]


# --- the command ------------------------------------------------------------

def test_text_findings_are_file_line_column_rule_fact_message_with_a_summary_on_stderr(run, write_base):
    flat = fact("security-033", "The United States and Israel carried out airstrikes on Iran.",
                (PP, "following alleged U.S. and Israeli airstrikes"), stance="alleged",
                actors=["United States", "Israel", "Iran"])
    path = write_base(base(flat))
    result = run("lint", path)
    assert result.code == LINT_FINDINGS
    statement_line = next(n for n, line in enumerate(path.read_text().splitlines(), 1) if "statement:" in line)
    assert result.stdout == (
        f"{path}:{statement_line}:14: flat-statement: security-033: the stance is alleged, but the statement's main "
        "clause “The United States and Israel carried out airstrikes on Iran.” has no allegation (alleged, reportedly, "
        "reported, according to) word: it reads as a flat assertion\n")
    assert result.error_lines == [f"{path}: 1 lint finding in 1 fact; the README's 'Lint' section explains each rule"]


def test_a_rule_name_is_checked_with_a_suggestion(run):
    result = run("lint", "--rule", "flat-statment")
    assert result.code == 2
    assert "unknown lint rule 'flat-statment' (did you mean 'flat-statement'?)" in result.stderr


def test_an_invalid_fact_base_is_a_fact_base_error(run, write_base):
    result = run("lint", write_base("facts: []\n"))
    assert result.code == 3 and result.error_lines[0].endswith("this fact base is missing the required field 'sources'")


def test_fact_text_cannot_drive_the_terminal(run, write_base):
    hostile = fact("security-033", "The \x1b[31mUnited States carried out airstrikes.", (PP, "alleged airstrikes"),
                   stance="alleged")
    result = run("lint", write_base(base(hostile)), "--rule", "flat-statement")
    assert "\x1b" not in result.stdout and "\\x1b[31mUnited States" in result.stdout
    assert "\x1b[31m" in run("lint", write_base(base(hostile)), "--json").json()["findings"][0]["message"]


def test_the_shipped_base_is_lint_clean_and_each_accepted_finding_points_at_its_line(run):
    result = run("lint", "--json", "--accepted")
    assert result.code == 0, result.stdout
    report = result.json()
    assert report["findings"] == []
    assert sorted({a["fact"] for a in report["accepted"]}) == [
        "divergence-016", "divergence-019", "economy-006", "sanctions-017", "security-046", "security-048",
        "security-049", "security-051"]
    assert [(a["fact"], a["rule"]) for a in report["accepted"] if a["rule"] != "same-quote-grades"] == [
        ("security-049", "duplicate-claims"), ("sanctions-017", "duplicate-claims"), ("divergence-016", "duplicate-claims")]
    assert all(len(a["reason"]) > 40 for a in report["accepted"])
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    key = {"dropped-qualifier": "statement:", "flat-statement": "statement:", "unsupported-words": "statement:",
           "unattributed-speaker": "attributed_to:", "grade-departs": "credibility:",
           "same-quote-grades": "credibility:", "rationale-contradicts": "credibility_rationale:",
           "assessment-as-event": "credibility:", "stronger-than-quote": "stance:", "duplicate-claims": "statement:",
           "unused-accept": "rule:"}
    for finding in report["accepted"]:
        assert finding["rule"] in LINT_RULES
        assert key[finding["rule"]] in lines[finding["line"] - 1], finding
