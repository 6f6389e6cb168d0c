"""The fixed vocabularies of the fact base: small, so the command line can load them at no cost."""

THEMES = {
    "security": "Defence, military and intelligence cooperation, security threats and the terms of the pact.",
    "sanctions": "Western sanctions on either partner and how the two work around them.",
    "economy": "Trade, energy, payments, transport and investment between the partners.",
    "divergence": "Where the partners' interests, priorities or accounts pull apart.",
}

ARTICLE = "the article"  # `attributed_to` when the article itself makes the claim

STANCES = {
    "asserted": "The source states it as fact.",
    "hedged": "The source qualifies it: likely, may, suggests, could.",
    "alleged": "The source reports it as an allegation it does not itself vouch for.",
    "opinion": "A judgement attributed to a named or unnamed person or group.",
}

# NATO / Admiralty system (STANAG 2511; wording of FM 2-22.3).
RELIABILITY = {
    "A": "Completely reliable: no doubt of authenticity, trustworthiness or competency; a history of complete reliability.",
    "B": "Usually reliable: minor doubt; a history of valid information most of the time.",
    "C": "Fairly reliable: doubt of authenticity, trustworthiness or competency, but has provided valid information in the past.",
    "D": "Not usually reliable: significant doubt, but has provided valid information in the past.",
    "E": "Unreliable: lacking in authenticity, trustworthiness and competency; a history of invalid information.",
    "F": "Reliability cannot be judged: no basis exists for evaluating the reliability of the source.",
}
CREDIBILITY = {
    1: "Confirmed by other sources: confirmed by other independent sources; logical; consistent with other information.",
    2: "Probably true: not confirmed; logical in itself; consistent with other information on the subject.",
    3: "Possibly true: not confirmed; reasonably logical in itself; agrees with some other information.",
    4: "Doubtfully true: not confirmed; possible but not logical; no other information on the subject.",
    5: "Improbable: not confirmed; not logical in itself; contradicted by other information.",
    6: "Truth cannot be judged: no basis exists for evaluating the validity of the information.",
}

# Patterns are searched (as JSON Schema does) and end in `(?![\s\S])`, which means "end of text" in
# both JavaScript (editors) and Python, where `$` would also match before a final newline.
END = r"(?![\s\S])"
DATE_PATTERN = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?" + END
# A date that exists on the calendar (no 2023-02-29 or 2024-04-31), as a pattern so that JSON Schema says
# the same: months of 31 and of 30 days, February to the 28th, and the 29th in leap years only.
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
REAL_DATE_PATTERN = (r"^(?:[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?"
                     r"|[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
                     r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
                     r"|" + _LEAP_YEAR + r"-02-29)" + END)
# A BCP 47 language tag (RFC 5646) in its common shapes: language, then optional script, region and variants.
LANGUAGE_TAG_PATTERN = (r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
                        r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*" + END)

SOURCE_KINDS = ("web article", "news article", "report", "transcript", "official statement", "social media post",
                "document")

# `alliance lint`'s rules: id -> what a finding of it means. A fact's `lint_accept` names these ids.
LINT_RULES = {
    "dropped-qualifier": "the evidence qualifies the claim (likely, perceive, argue, often, purely...) "
                         "and the statement drops the qualifier while the stance is asserted",
    "flat-statement": "the stance is hedged, alleged or opinion, but the statement reads as a flat assertion",
    "unattributed-speaker": "attributed to the article, but a quote puts the words in a named speaker's mouth",
    "grade-departs": "the stored credibility differs from the rubric's and the rationale does not say why",
    "rationale-contradicts": "the credibility rationale contradicts the evidence (one source or two, "
                             "consistent or differing)",
    "unsupported-words": "the statement has content words that no quote supports: likely an added detail",
    "same-quote-grades": "two facts cite the same quote, with the same stance, at different grades",
    "assessment-as-event": "graded better than 6, but the statement carries a reading of the event (underscored, "
                           "signals, shows, demonstrates, reflects, highlights, marks)",
    "stronger-than-quote": "asserted, but a quote of the evidence or of a disagreement hedges (could, likely, might, "
                           "may, perceive) and the statement's main clause does not",
    "duplicate-claims": "two facts cite overlapping quotes from one source and their statements share most of "
                        "their content words",
    "unused-accept": "a lint_accept entry accepts a finding that the rule no longer reports",
}

