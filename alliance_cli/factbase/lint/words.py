"""Words for lint's rules: tokens, a light stemmer that treats British and American spellings alike, and
the marker families that qualify a claim (hedges, allegations, perceptions, attributions, degrees)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from alliance_cli.text import fold

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Token:
    word: str  # folded: lower case, no accents
    start: int  # offset in the folded text
    end: int


def tokens(text: str) -> list[Token]:
    """The words of `text`, folded and without a possessive 's, with their offsets in `fold(text)`."""
    return [Token(_POSSESSIVE.sub("", m.group()), m.start(), m.end()) for m in _TOKEN.finditer(fold(text))]


_POSSESSIVE = re.compile(r"['’]s$")


def words(text: str) -> list[str]:
    return [t.word for t in tokens(text)]


_SPELLING = (
    (re.compile(r"is(ation|e|es|ed|ing|er|ers)$"), r"iz\1"),  # organisation, realise, destabilising
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),  # analyse
    (re.compile(r"our(s|ed|ing|able)?$"), r"or\1"),  # favour, behaviour
    (re.compile(r"ence(s)?$"), r"ense\1"),  # defence, offence, licence
    (re.compile(r"tre(s|d)?$"), r"ter\1"),  # centre, theatre
    (re.compile(r"mme(s)?$"), r"m\1"),  # programme
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),  # travelled, modelling
)
_SUFFIXES = ("izations", "ization", "ations", "ation", "ings", "ing", "ments", "ment", "ies", "ied", "ly",
             "ed", "es", "er", "ers", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem of a folded word, with British spellings made American first: `defence` and `defense`,
    `destabilisation` and `destabilizing` share a stem (`defens`, `destabiliz`)."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def same_word(a: str, b: str) -> bool:
    """Whether two folded words are forms of one word, as far as a stemmer without a dictionary can tell:
    equal stems, or one stem (of four letters or more) the start of the other."""
    sa, sb = stem(a), stem(b)
    if sa == sb:
        return True
    short, long = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(short) >= 4 and long.startswith(short)


STOPWORDS = _set("""
a about above across after again against all almost along already also although always am among an and another
any are around as at be became because become becomes been before being below between beyond both but by can
could did do does doing done down during each either else even ever every few for from further had has have
having he her here hers herself him himself his how however i if in into is it its itself just least less
like made make makes many may me might more most much must my myself neither no nor not now of off on once one
only onto or other others our ours ourselves out over own per rather same she should since so some such than
that the their theirs them themselves then there these they this those though through thus to too toward
towards under until up upon us very via was we well were what when where whether which while who whom whose
why will with within without would yet you your yours new
""")

# Words a statement may use about the sources and their wording without adding to the claim.
META = _set("""
article articles source sources quotation quotations word words wording phrase phrases account accounts voice
text own elsewhere alongside one other both first second also another each there only
""")
# Verbs that report what a source or speaker says; allowed where a source is their subject ("one article
# names it"), in the passive ("is described as"), or after the speaker's name ("Putin called"), not
# elsewhere: "the threats the partners name" says the partners named them, which no source does.
REPORTING_VERBS = _set("""
say says said saying describe describes described report reports reported call calls called quote quotes quoted
mention mentions mentioned refer refers referred name names named listed speak speaks spoke credit credits credited
cite cites cited attribute attributes attributed
""")
# Words that refer to the two partners or restate a claim's frame without adding to it.
GENERIC = _set("""
partner partners partnership country countries nation nations side sides party parties pair two
make makes made get gets got keep keeps kept help helps helped show shows showed shown take takes took have has had
become becomes became remain remains remained stay stays stayed continue continues continued go goes went come
comes came seek seeks sought look looks looked way ways thing things
""")
# Marker families: what qualifies a claim. Each pattern is searched in folded text.
HEDGE = ("hedge", (r"\b(?:un)?likely\b", r"\bprobabl[ey]\b", r"\bpossibl[ey]\b", r"\bpotential(?:ly)?\b",
                   r"\bperhaps\b", r"\bmay\b", r"\bmight\b", r"\bcould\b", r"\bcan\b", r"\bsuggest(?:s|ed|ing)?\b",
                   r"\bappears?\b", r"\bappeared\b", r"\bseem(?:s|ed|ingly)?\b", r"\bapparently\b",
                   r"\bexpect(?:s|ed|ation)?\b"))
ALLEGATION = ("allegation", (r"\balleg(?:e|es|ed|edly|ation|ations)\b", r"\breportedly\b", r"\bpurported(?:ly)?\b",
                             r"\bsupposed(?:ly)?\b"))
PERCEPTION = ("perception", (r"\bperceiv(?:e|es|ed|ing)\b", r"\bperceptions?\b", r"\bview(?:s|ed|ing)?\b",
                             r"\bsee(?:s|n|ing)?\b", r"\bsaw\b", r"\bregard(?:s|ed)?\b", r"\bconsider(?:s|ed|ing)?\b",
                             r"\bbeliev(?:e|es|ed|ing)\b", r"\bperspective\b", r"\beyes\b", r"\bself-image\b"))
ATTRIBUTION = ("attribution", (r"\bargu(?:e|es|ed|ing)\b", r"\bcontend(?:s|ed)?\b", r"\bclaim(?:s|ed)?\b",
                               r"\binsist(?:s|ed)?\b", r"\bmaintain(?:s|ed)?\b", r"\baccording to\b",
                               r"\bsaid to\b", r"\bhold(?:s)? that\b"))
# Degree and frequency words: each is kept only by itself or a near synonym (its own group).
DEGREE_GROUPS = (
    ("often", r"\b(?:often|frequently|usually|commonly|regularly|generally|typically)\b"),
    ("sometimes", r"\b(?:sometimes|occasionally|at times)\b"),
    ("largely", r"\b(?:largely|mostly|mainly|chiefly|in large part)\b"),
    ("partly", r"\b(?:partly|partially|in part|to some extent|a degree of|somewhat)\b"),
    ("purely", r"\b(?:purely|solely|wholly|entirely|merely)\b"),
    ("explicitly", r"\b(?:explicitly|expressly|outright)\b"),
)
# Verbs that put words in someone's mouth.
SPEECH_VERBS = (r"(?:(?:note|state|emphasi[sz]e|stress|argue|explain|warn|insist|add|highlight|assert|claim|"
                r"believe|describe|call|articulate|declare|remark|observe|suggest|affirm|promise|pledge|contend|"
                r"maintain|underline|recall|acknowledge|concede|say)(?:s|es|d|ed)?|said|told|point(?:s|ed)? out)")
# What makes an opinion statement read as someone's view rather than a fact.
OPINION_FRAMES = (r"\b" + SPEECH_VERBS + r"\b", r"\b(?:say|call|describe|argue|believe|hold|holds|indicat(?:es|ed))\b",
                  r"\bexpect(?:s|ed)?\b", r"\breported to\b", r"\bjudg(?:e|es|ed|ement|ment)\b", r"\bopinion\b",
                  r"\bassessment\b", r"\bcharacteri[sz](?:es|ed|ation)\b",
                  r"\b(?:is|are|was|were) (?:described|presented|portrayed) as\b", *PERCEPTION[1], *ATTRIBUTION[1])
# What makes an allegation read as one.
ALLEGATION_FRAMES = (*ALLEGATION[1], r"\breport(?:s|ed)?\b", r"\baccording to\b", r"\bsaid to\b",
                     r"\bclaim(?:s|ed)?\b", r"\baccus(?:e|es|ed|ation)\b")
NEGATIONS = frozenset(("not", "no", "never", "neither", "nor", "without", "none", "cannot", "isn't", "aren't",
                       "wasn't", "weren't", "doesn't", "don't", "didn't", "won't", "n't"))
# Function words that carry a claim of their own: sequence, cause, exclusivity, universality, negation.
MEANINGFUL = frozenset(("after", "before", "because", "despite", "without", "until", "only", "all", "every", "always",
                        "never", "none", "entirely", "whole"))
# A quote supports one of these with any word of its group: "following" the strikes is "after" them, and
# opaqueness that "will ensure" attention is attention "because of" it. Stems, matched at a word's start.
EQUIVALENTS = {
    "after": ("after", "follow", "since", "later", "subsequent", "amid", "in the wake"),
    "before": ("before", "prior", "previous", "earlier", "ahead", "preced"),
    "because": ("because", "due", "owing", "thanks", "since", "ensur", "caus", "result", "lead", "led", "driv",
                "therefore", "thus", "hence", "compel", "forc", "prompt", "reason", "spur", "fuel"),
    "despite": ("despite", "although", "though", "even if", "even as", "notwithstanding", "in spite", "yet"),
    "without": ("without", "independent", "free of", "bypass", "circumvent", "avoid"),
    "until": ("until", "till", "up to"),
}


@lru_cache(maxsize=512)
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def find_any(patterns, text: str) -> list[re.Match[str]]:
    """Every match of any of `patterns` in folded `text`."""
    return [m for p in patterns for m in compiled(p).finditer(text)]


def is_marker(word: str) -> bool:
    """Whether a folded word belongs to a marker family: a statement may always add these, as they weaken a
    claim rather than add to it."""
    return any(compiled(p).search(word) for _, patterns in (HEDGE, ALLEGATION, PERCEPTION, ATTRIBUTION)
               for p in patterns) or any(compiled(p).search(word) for _, p in DEGREE_GROUPS)
