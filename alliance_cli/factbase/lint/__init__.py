"""`alliance lint`: mechanical checks that no claim is stronger than its evidence.

Each rule (in `rules.RULES`, described in `vocabulary.LINT_RULES` and the README) catches one kind of
defect and reports it as a `Finding` pointing into the data (`path`); the command turns paths into
`file:line:column`. A fact accepts a rule's findings on purpose with an entry in its `lint_accept`
list, which must give the reason; an entry that accepts nothing is itself a finding (`unused-accept`),
so acceptances cannot outlive the defect they excused.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from alliance_cli.factbase.store import Store


@dataclass(frozen=True)
class Finding:
    rule: str
    fact_id: str
    path: tuple  # keys and list indexes from the top of the file to the node the finding is about
    message: str
    accepted: str | None = None  # the fact's reason, when it accepts this rule's findings

    def accept(self, reason: str) -> Finding:
        return Finding(self.rule, self.fact_id, self.path, self.message, reason)


def lint(store: Store, rules: Iterable[str] | None = None) -> list[Finding]:
    """Every finding of the chosen rules (all by default), accepted ones included, in file order."""
    from alliance_cli.factbase.lint import rules as rule_module
    from alliance_cli.factbase.vocabulary import LINT_RULES

    chosen = [r for r in LINT_RULES if rules is None or r in set(rules)]
    context = rule_module.LintContext.of(store)
    found: list[Finding] = []
    for rule in chosen:
        check = rule_module.RULES.get(rule)
        if check is not None:
            found += check(store, context)
    findings = _apply_acceptances(store, found, chosen)
    return sorted(findings, key=_ordinal)


def _apply_acceptances(store: Store, found: list[Finding], chosen: list[str]) -> list[Finding]:
    """Mark the findings each fact accepts; report acceptances that accept nothing."""
    fired = {(f.fact_id, f.rule) for f in found}
    result = []
    reasons: dict[tuple[str, str], str] = {}
    for ordinal in range(len(store)):
        fact = store.fact(ordinal)
        for n, entry in enumerate(fact.get("lint_accept") or []):
            rule = entry["rule"]
            if rule not in chosen:
                continue
            if (fact["id"], rule) in fired:
                reasons.setdefault((fact["id"], rule), entry["reason"])
            elif "unused-accept" in chosen:
                result.append(Finding("unused-accept", fact["id"], ("facts", ordinal, "lint_accept", n, "rule"),
                                      f"accepts '{rule}' findings, but that rule finds nothing in this fact; "
                                      "remove the entry"))
    for finding in found:
        reason = reasons.get((finding.fact_id, finding.rule))
        result.append(finding if reason is None else finding.accept(reason))
    return result


def _ordinal(finding: Finding) -> int:
    return finding.path[1] if len(finding.path) > 1 and finding.path[0] == "facts" else -1



@dataclass(frozen=True)
class Located:
    finding: Finding
    line: int
    column: int
    file: str | None = None  # in a fact base folder, the file the finding is in


@dataclass(frozen=True)
class Report:
    path: str
    facts: int
    rules: list[str]
    findings: list[Located]  # in file order, accepted ones included

    @property
    def open(self) -> list[Located]:
        return [f for f in self.findings if f.finding.accepted is None]

    @property
    def accepted(self) -> list[Located]:
        return [f for f in self.findings if f.finding.accepted is not None]


def lint_file(path: str, rules: Iterable[str] | None = None) -> Report:
    """Read, validate and lint the fact base at `path` (never from the cache: findings need the YAML's
    positions); raises FactBaseError when the file is not a valid fact base."""
    from alliance_cli.factbase import directory
    from alliance_cli.factbase.parsing import location, parse_document, read_bytes
    from alliance_cli.factbase.vocabulary import LINT_RULES

    if directory.is_folder(path):
        return _lint_folder(path, rules)
    store, root = parse_document(path, read_bytes(path))
    located = [Located(f, *location(root, f.path)) for f in lint(store, rules)]
    located.sort(key=lambda f: (f.line, f.column))
    chosen = [r for r in LINT_RULES if rules is None or r in set(rules)]
    return Report(path, len(store), chosen, located)


def _lint_folder(folder: str, rules: Iterable[str] | None) -> Report:
    """A fact base folder, validated whole and linted whole; each finding placed in its own file."""
    import bisect
    import os

    from alliance_cli.factbase import strict_yaml
    from alliance_cli.factbase.directory import files_of, load_folder
    from alliance_cli.factbase.parsing import decode, location, read_bytes
    from alliance_cli.factbase.vocabulary import LINT_RULES

    store = load_folder(folder, {}, use_cache=False)
    files, roots, starts = [], [], []
    start = 0
    for relative in files_of(folder):
        path = os.path.join(folder, relative)
        document = strict_yaml.load(decode(path, read_bytes(path)))
        data = document.data if document is not None and isinstance(document.data, dict) else {}
        files.append(path)
        roots.append(document.root if document is not None else None)
        starts.append(start)
        start += len(data.get("facts") or [])
    located = []
    for finding in lint(store, rules):
        n = bisect.bisect_right(starts, finding.path[1]) - 1 if finding.path[:1] == ("facts",) else 0
        local = ("facts", finding.path[1] - starts[n], *finding.path[2:]) if finding.path[:1] == ("facts",) \
            else finding.path
        located.append(Located(finding, *location(roots[n], local), file=files[n]))
    located.sort(key=lambda f: (f.file or "", f.line, f.column))
    chosen = [r for r in LINT_RULES if rules is None or r in set(rules)]
    return Report(folder, len(store), chosen, located)
