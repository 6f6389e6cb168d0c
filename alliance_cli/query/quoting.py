"""QuoteLookup a passage in a capture from words typed or pasted by hand.

The text is compared with the capture after both are folded alike: letter case,
accents, straight or curly quotes, dashes and runs of white space do not count.
What is left must match exactly or within a few typos (edits: a letter added,
dropped or changed), found with Myers' bit-parallel approximate matching. A
match is widened to whole words. The result is always the capture's own text.
"""
from __future__ import annotations

from dataclasses import dataclass

from alliance_cli.errors import NotFound
from alliance_cli.factbase.captures import Capture, Span, normalise
from alliance_cli.text import fold_with_positions

MIN_TYPO_LENGTH = 6  # shorter texts must match exactly (after folding)
CHARACTERS_PER_TYPO = 8


@dataclass(frozen=True)
class Match:
    span: Span
    exact: str  # the capture's characters, verbatim
    quote: str  # the same with each run of white space as one space: what evidence records
    differences: int  # edits between the text given and the match, after folding
    verbatim: bool  # the text given stands in the capture by verify's rule, as typed


@dataclass(frozen=True)
class QuoteLookup:
    text: str
    outcome: str  # "found", "ambiguous" or "absent"
    matches: list[Match]  # found: every place (one evidence entry); ambiguous: each place; absent: the closest

    @property
    def sections(self) -> list[str]:
        return list(dict.fromkeys(m.span.section for m in self.matches))


def folded(text: str) -> tuple[str, list[int]]:
    """`text` folded for comparison, and for each character the index in `text` it came from."""
    key, origin = fold_with_positions(text)  # quotes and dashes as text.QUOTES_AND_DASHES makes them
    out, positions = [], []
    previous_space = True  # drops leading white space
    for char, at in zip(key, origin, strict=True):
        if char.isspace():
            if not previous_space:
                out.append(" ")
                positions.append(at)
            previous_space = True
        else:
            out.append(char)
            positions.append(at)
            previous_space = False
    if out and out[-1] == " ":
        out.pop()
        positions.pop()
    return "".join(out), positions


def allowed_typos(length: int) -> int:
    return 0 if length < MIN_TYPO_LENGTH else max(1, length // CHARACTERS_PER_TYPO)


def find(capture: Capture, text: str) -> QuoteLookup:
    wanted, _ = folded(text)
    if not wanted:
        return QuoteLookup(text, "absent", [])
    key, origin = folded(capture.text)
    ends = _exact_ends(key, wanted)
    best = 0
    if not ends:
        scores = _scores(wanted, key)
        if not scores:
            return QuoteLookup(text, "absent", [])
        best = min(scores)
        ends = _separate([j for j, s in enumerate(scores) if s == best], len(wanted))
    matches = []
    for end in ends:
        start = end - len(wanted) + 1 if best == 0 else _start(wanted, key, end, best)
        matches.append(_match(capture, text, wanted, origin[start], origin[end] + 1))
    matches = list({(m.span.start, m.span.end): m for m in matches}.values())
    if best > allowed_typos(len(wanted)):
        return QuoteLookup(text, "absent", matches[:1])
    one_entry = len({(m.span.section, m.quote) for m in matches}) == 1
    return QuoteLookup(text, "found" if one_entry else "ambiguous", matches)


def _exact_ends(key: str, wanted: str) -> list[int]:
    ends, at = [], key.find(wanted)
    while at != -1:
        ends.append(at + len(wanted) - 1)
        at = key.find(wanted, at + len(wanted))
    return ends


def _match(capture: Capture, text: str, wanted: str, start: int, end: int) -> Match:
    start, end = _whole_words(capture.text, start, end)
    exact = capture.text[start:end]
    quote = normalise(exact)
    return Match(Span(start, end, capture.section_at(start)), exact, quote, levenshtein(wanted, folded(exact)[0]),
                 normalise(text) == quote)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _separate(ends: list[int], length: int) -> list[int]:
    """One end per place: ends closer than half the text's length belong to the same place."""
    chosen: list[int] = []
    for end in ends:
        if not chosen or end - chosen[-1] > length // 2:
            chosen.append(end)
    return chosen


def _scores(pattern: str, text: str) -> list[int]:
    """For each position j of `text`, the fewest edits turning `pattern` into a substring ending at j.

    Myers (1999), "A fast bit-vector algorithm for approximate string matching based
    on dynamic programming", with Python's unbounded integers as the bit vectors.
    """
    length = len(pattern)
    if length == 0:
        return []
    mask = (1 << length) - 1
    high = 1 << (length - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, length
    scores = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def _start(pattern: str, text: str, end: int, best: int) -> int:
    """Where a best match ending at `end` starts: the same search, backwards from `end`."""
    backwards = _scores(pattern[::-1], text[end::-1][: len(pattern) + best + 1])
    reach = next((k for k, s in enumerate(backwards) if s == best), len(backwards) - 1)
    return end - reach


def levenshtein(a: str, b: str) -> int:
    """Edits (a letter added, dropped or changed) between `a` and `b`: rapidfuzz's C, linear in memory."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


def not_one_place(capture: Capture, finding: QuoteLookup) -> NotFound:
    """The error for a finding that is not one place: every place when there are several, else the closest."""
    if finding.outcome == "ambiguous":
        lines = sorted({capture.line_column(m.span.start)[0] for m in finding.matches})
        return NotFound(f"the text occurs in {len(finding.matches)} places in {len(finding.sections)} sections of "
                        f"{capture.source_id} (lines {', '.join(map(str, lines))}); quote more words to choose one")
    if not finding.matches:
        return NotFound(f"the text is not in {capture.source_id}, and nothing in it comes close")
    closest = finding.matches[0]
    line = capture.line_column(closest.span.start)[0]
    return NotFound(f"the text is not in {capture.source_id}; the closest passage, {closest.differences} edits away, "
                    f"is on line {line}: “{closest.quote}”")
