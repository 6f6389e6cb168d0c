"""lint's rules, one function each: `rule(store, context) -> [Finding]`, named here in the order they run;
README "Lint" documents them. They live by family: wording.py, support.py, grades.py; context.py holds
what they share."""
from __future__ import annotations

from collections.abc import Callable

from alliance_cli.factbase.lint import Finding
from alliance_cli.factbase.lint.context import LintContext
from alliance_cli.factbase.lint.grades import (
    assessment_as_event,
    grade_departs,
    rationale_contradicts,
    same_quote_grades,
)
from alliance_cli.factbase.lint.support import duplicate_claims, unsupported_words
from alliance_cli.factbase.lint.wording import (
    dropped_qualifier,
    flat_statement,
    stronger_than_quote,
    unattributed_speaker,
)
from alliance_cli.factbase.store import Store

__all__ = ["RULES", "LintContext"]

RULES: dict[str, Callable[[Store, LintContext], list[Finding]]] = {
    "dropped-qualifier": dropped_qualifier,
    "flat-statement": flat_statement,
    "unattributed-speaker": unattributed_speaker,
    "grade-departs": grade_departs,
    "rationale-contradicts": rationale_contradicts,
    "unsupported-words": unsupported_words,
    "same-quote-grades": same_quote_grades,
    "assessment-as-event": assessment_as_event,
    "stronger-than-quote": stronger_than_quote,
    "duplicate-claims": duplicate_claims,
}
