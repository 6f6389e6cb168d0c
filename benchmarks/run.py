"""Every performance comparison of the brief in one run, each printed beside its goal.

    python benchmarks/run.py [--runs 21] [--big-runs 3] [--sizes 10000,100000]

Times are medians of wall-clock time over several runs of the whole command, on this machine and
interpreter; peak memory is the child's maximum resident set size (os.wait4). Generated fact bases are
written by benchmarks/generate.py into benchmarks/data/ (deterministic, reused). Comparisons whose peer
(jq, yq) is not installed are skipped with a note. This is a benchmark, not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
SELECT = '[.facts[] | select(.themes | index("sanctions"))]'
BARE_LOAD = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"


def alliance_command() -> list[str]:
    beside = Path(sys.executable).parent / "alliance"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("alliance")
    return [found] if found else [sys.executable, "-m", "alliance_cli"]


def measure(command: list[str], runs: int, fresh_cache: bool = False, cache: str | None = None,
            expect: int = 0) -> tuple[float, int]:
    """Median seconds and the largest peak RSS (KiB) over `runs` runs; stdout is discarded."""
    times, peaks = [], []
    for _ in range(runs):
        env = dict(os.environ)
        scratch = tempfile.mkdtemp(prefix="alliance-bench-") if fresh_cache else None
        env["XDG_CACHE_HOME"] = scratch or cache or env.get("XDG_CACHE_HOME", "")
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss)
        error = process.stderr.read()
        process.stderr.close()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        if os.waitstatus_to_exitcode(status) != expect:
            raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{error.decode(errors='replace')}")
    return statistics.median(times), max(peaks)


def dataset(size: int) -> Path:
    path = DATA / f"facts-{size}.yaml"
    if not path.exists() or not path.with_suffix(".json").exists():
        print(f"  generating {size:,} facts into {path.relative_to(ROOT)} …", flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(path), "--json"], check=True)
    return path


class Report:
    def __init__(self) -> None:
        self.met = self.missed = 0

    def line(self, label: str, value: str, ratio: float | None = None, goal: float | None = None,
             below: bool = True) -> None:
        verdict = ""
        if ratio is not None and goal is not None:
            ok = ratio <= goal if below else ratio >= goal
            self.met += ok
            self.missed += not ok
            verdict = f"ratio {ratio:6.3f}  goal {'≤' if below else '≥'} {goal:<5} {'MET' if ok else 'NOT MET'}"
        elif ratio is not None:
            verdict = f"ratio {ratio:6.3f}  (reported)"
        print(f"  {label:<58} {value:>14}  {verdict}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description="alliance performance goals")
    parser.add_argument("--runs", type=int, default=21, help="runs per small measurement")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per first-load measurement on big files")
    parser.add_argument("--sizes", default="10000,100000", help="generated fact base sizes, smallest first")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    alliance = alliance_command()
    jq, yq = shutil.which("jq"), shutil.which("yq")
    report = Report()
    print(f"alliance: {' '.join(alliance)}")
    print(f"python {sys.version.split()[0]} ({sys.executable}); runs: {options.runs} small, {options.big_runs} big")
    shipped = ROOT / "facts.yaml"
    warm = tempfile.mkdtemp(prefix="alliance-bench-warm-")
    query = [*alliance, "facts", "--theme", "sanctions", "--json", "--file", str(shipped)]
    measure(query, 1, cache=warm)  # fill the cache: the goals are about repeat runs

    print("\n1. Shipped fact base (cache warm)")
    floor, _ = measure([sys.executable, "-c", "import typer"], options.runs)
    report.line("python -c 'import typer' (the floor)", ms(floor))
    mine, _ = measure(query, options.runs, cache=warm)
    report.line("alliance facts --theme sanctions --json", ms(mine), mine / floor, 1.2)
    help_time, _ = measure([*alliance, "--help"], options.runs, cache=warm)
    report.line("alliance --help", ms(help_time), help_time / floor)
    table, _ = measure([*alliance, "facts", "--theme", "sanctions", "--file", str(shipped)], options.runs, cache=warm)
    report.line("alliance facts --theme sanctions (table, piped)", ms(table), table / floor)
    if yq:
        peer, _ = measure([yq, SELECT, str(shipped)], max(5, options.runs // 3))
        report.line("yq (same selection on facts.yaml)", ms(peer))
        report.line("alliance / yq", "", mine / peer, 0.5)
    else:
        print("  yq is not installed: comparison skipped")

    repeat_times, first_times = {}, {}
    for size in sizes:
        path = dataset(size)
        query = [*alliance, "facts", "--theme", "sanctions", "--json", "--file", str(path)]
        print(f"\n2-3. {size:,} facts ({path.stat().st_size / 2**20:,.0f} MiB of YAML)")
        first, first_peak = measure(query, options.big_runs, fresh_cache=True)
        first_times[size] = first
        report.line("first run (empty cache): alliance", ms(first))
        bare, bare_peak = measure([sys.executable, "-c", BARE_LOAD, str(path)], options.big_runs)
        report.line("bare yaml.load with PyYAML's C loader", ms(bare))
        goal_here = size == sizes[-1]  # the brief's goals are for the largest size (100,000 facts)
        report.line("first run / bare load", "", first / bare, 1.1 if goal_here else None)
        report.line(f"peak memory: first run {first_peak / 1024:,.0f} MiB, bare load {bare_peak / 1024:,.0f} MiB",
                    "", first_peak / bare_peak)
        cache = tempfile.mkdtemp(prefix="alliance-bench-cache-")
        measure(query, 1, cache=cache)
        repeat, repeat_peak = measure(query, max(5, options.runs // 3), cache=cache)
        repeat_times[size] = repeat
        report.line("repeat run (cache warm): alliance", ms(repeat))
        if jq:
            json_path = path.with_suffix(".json")
            peer, peer_peak = measure([jq, SELECT, str(json_path)], max(5, options.runs // 3))
            report.line("jq (same selection on the same data as JSON)", ms(peer))
            report.line("repeat run / jq (time)", "", repeat / peer, 0.5 if goal_here else None)
            report.line(f"peak memory: alliance {repeat_peak / 1024:,.0f} MiB, jq {peer_peak / 1024:,.0f} MiB",
                        "", repeat_peak / peer_peak, 1.0 if goal_here else None)
            if size == sizes[-1]:
                check_same_selection(query, [jq, SELECT, str(json_path)], cache)
        else:
            print("  jq is not installed: comparison skipped")
        shutil.rmtree(cache, ignore_errors=True)

    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        factor = big / small
        print(f"\n4. Growth from {small:,} to {big:,} facts ({factor:g}-fold)")
        report.line("first run", "", first_times[big] / first_times[small], factor * 1.1)
        report.line("repeat run", "", repeat_times[big] / repeat_times[small], factor * 1.1)
    print("\n5. Hostile input (the issue asks for 'well under a second' and bounded memory)")
    bomb = Path(warm) / "billion-laughs.yaml"
    bomb.write_text("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)))
    refused, refused_peak = measure([*alliance, "facts", "--json", "--file", str(bomb)], options.runs,
                                    cache=warm, expect=3)
    report.line(f"alias bomb (9**9 items if expanded) refused; peak {refused_peak / 1024:,.0f} MiB", ms(refused))
    # The same bomb with every anchor and alias right after a NEL, which libyaml reads as a line break.
    hidden = Path(warm) / "billion-laughs-nel.yaml"
    hidden.write_text("{a:\x85&a [lol,lol,lol,lol,lol,lol,lol,lol,lol]" + "".join(
        f",\x85{b}:\x85&{b} [" + ",".join(["\x85*" + a] * 9) + "]" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
        + "}\n", encoding="utf-8")
    refused, refused_peak = measure([*alliance, "validate", str(hidden)], options.runs, cache=warm, expect=3)
    report.line(f"the same, anchors after NEL (U+0085), refused; peak {refused_peak / 1024:,.0f} MiB", ms(refused))

    shutil.rmtree(warm, ignore_errors=True)
    print(f"\n{report.met} goals met, {report.missed} not met")


COMPARE = """import json, sys
ours, peer = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:])
print("yes" if ours == peer else "NO", f"({len(ours):,} facts)")
"""


def check_same_selection(mine: list[str], theirs: list[str], cache: str) -> None:
    """Compared in a child process: parsing 30 MB of JSON here would raise this process's memory, which
    Linux passes on to the ru_maxrss of every command measured after it."""
    with tempfile.TemporaryDirectory() as folder:
        ours, peer = os.path.join(folder, "alliance.json"), os.path.join(folder, "jq.json")
        with open(ours, "wb") as out:
            subprocess.run(mine, stdout=out, env={**os.environ, "XDG_CACHE_HOME": cache}, check=True)
        with open(peer, "wb") as out:
            subprocess.run(theirs, stdout=out, check=True)
        verdict = subprocess.run([sys.executable, "-c", COMPARE, ours, peer], capture_output=True, text=True,
                                 check=True).stdout.strip()
    print(f"  same facts as jq, equal after parsing: {verdict}")


if __name__ == "__main__":
    main()
