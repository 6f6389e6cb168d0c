"""Deterministic generator of large, valid fact bases in the real format, with realistic text.

Each generated fact is one of the shipped facts with a new id, its statement, section and quotes
recombined with another fact's words, and its themes, actors and grades drawn with a fixed seed,
so two runs with the same arguments write byte-identical files.

    python benchmarks/generate.py 100000 benchmarks/data/facts-100000.yaml [--json]
    python benchmarks/generate.py 100000 benchmarks/data/folder-100000 --files 100
    python benchmarks/generate.py 20000 benchmarks/data/broken-20000.yaml --broken-related 100

--files N writes a fact base folder of N files instead (the first also holds the sources and
entities); --broken-related N gives N facts, evenly spread, a `related` id that names no fact:
mistakes of the kinds people make (a digit dropped, a digit more, a wrong prefix, a typo in the
prefix, a number past the last).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
THEMES = ["security", "sanctions", "economy", "divergence"]


def generate(count: int, seed: int = 2026) -> dict:
    shipped = yaml.safe_load((ROOT / "facts.yaml").read_text(encoding="utf-8"))
    facts, names = shipped["facts"], [e["name"] for e in shipped["entities"]]
    rng = random.Random(seed)
    out = []
    for n in range(count):
        base, other = facts[n % len(facts)], rng.choice(facts)
        words = other["statement"].split()
        cut = rng.randrange(1, len(words))
        themes = rng.sample(THEMES, rng.choice([1, 1, 2]))
        fact = {
            "id": f"{themes[0]}-{n:06d}",
            "statement": f"{base['statement']} {' '.join(words[cut:])}",
            "themes": themes,
            "actors": rng.sample(names, rng.randint(1, 3)),
            "attributed_to": base["attributed_to"],
            "stance": base["stance"],
            "credibility": rng.choice([2, 3, 3, 6, 6]),
            "credibility_rationale": base["credibility_rationale"],
        }
        if rng.random() < 0.05:
            fact["date"] = f"{rng.randint(1995, 2025)}-{rng.randint(1, 12):02d}"
        fact["evidence"] = [dict(e) for e in base["evidence"]]
        if base.get("disagreements"):
            fact["disagreements"] = base["disagreements"]
        out.append(fact)
    return {"sources": shipped["sources"], "entities": shipped["entities"], "facts": out}


def break_related(data: dict, count: int) -> None:
    """Give `count` facts, evenly spread, a related id that names no fact."""
    facts = data["facts"]
    ids = {f["id"] for f in facts}
    step = max(1, len(facts) // count)
    for k, n in enumerate(range(0, step * count, step)):
        other = facts[(n + 7) % len(facts)]["id"]
        prefix, number = other.rsplit("-", 1)
        wrong = [f"{prefix}-{number[1:]}", f"{prefix}-{number}0", f"{'economy' if prefix != 'economy' else 'security'}-{number}",
                 f"{prefix[:-1]}-{number}", f"{prefix}-{len(facts) * 10 + k}"][k % 5]
        assert wrong not in ids
        facts[n]["related"] = [wrong]


def dump(data: dict, path: Path) -> None:
    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
        def ignore_aliases(self, data):  # alliance refuses anchors and aliases
            return True

    with open(path, "w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120)


def write_folder(data: dict, folder: Path, files: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    facts = data["facts"]
    size = -(-len(facts) // files)
    for n in range(files):
        part = {"facts": facts[n * size:(n + 1) * size]}
        if n == 0:
            part = {"sources": data["sources"], "entities": data["entities"], **part}
        dump(part, folder / f"facts-{n:03d}.yaml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--json", action="store_true", help="also write the same data as JSON beside it")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--files", type=int, default=0, help="write a folder of this many files")
    parser.add_argument("--broken-related", type=int, default=0, help="this many related ids that name no fact")
    options = parser.parse_args()
    data = generate(options.count, options.seed)
    if options.broken_related:
        break_related(data, options.broken_related)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    if options.files:
        write_folder(data, options.output, options.files)
    else:
        dump(data, options.output)
    if options.json:
        with open(options.output.with_suffix(".json"), "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
    print(f"wrote {options.count} facts to {options.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
