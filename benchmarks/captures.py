"""Large captures (issue 21, item 13): `coverage`, `read` and `quote` take time in proportion to the capture.

    python benchmarks/captures.py [--runs 3] [--sizes 1.6,3.2,10]

For each size (MB) a capture of generated sentences under headings (deterministic) is added to a copy of
the shipped fact base with `sources add`; then `coverage`, `read` and `quote` (an exact text, and a text
of 900 characters with one typo, which takes the approximate search) are timed: the CPU time (user and
system) of whole runs, median of --runs, which a machine busy with other work disturbs far less than the
wall-clock time (also shown). The goal: the CPU time per MB at 10 MB is at most twice that at the smallest
size (a quadratic command takes six times as long per MB). This is a benchmark, not a test.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from run import Report, alliance_command, ms

WORDS = ["the", "alliance", "between", "russia", "and", "iran", "deepens", "as", "sanctions", "bite", "and", "trade",
         "routes", "shift", "along", "the", "north", "south", "corridor", "while", "officials", "meet", "in",
         "tehran", "and", "moscow"]


def capture_text(megabytes: float) -> str:
    """About `megabytes` MB of sentences, 40 paragraphs under each heading."""
    chance = random.Random(21)
    parts, size, paragraph = [], 0, 0
    while size < megabytes * 1_000_000:
        if paragraph % 40 == 0:
            parts.append(f"Section Number {paragraph // 40} Of The Report\n\n")
        sentences = [" ".join(chance.choice(WORDS) for _ in range(chance.randint(8, 16))).capitalize() + "."
                     for _ in range(2)]
        parts.append(" ".join(sentences) + "\n\n")
        size += len(parts[-1])
        paragraph += 1
    return "".join(parts)


def prepare(folder: Path, megabytes: float) -> tuple[Path, str]:
    """A fact base in `folder` with the capture added as source `big`; and the capture's text."""
    alliance = alliance_command()
    base = folder / "facts.yaml"
    with open(base, "wb") as out:
        subprocess.run([*alliance, "facts", "--format", "yaml"], stdout=out, check=True)
    text = capture_text(megabytes)
    capture = folder / "big.txt"
    capture.write_text(text, encoding="utf-8")
    subprocess.run([*alliance, "sources", "add", str(capture), "--id", "big", "--title", "Big", "--file", str(base)],
                   check=True, capture_output=True)
    return base, text


def cpu_and_wall(command: list[str], runs: int, cache: str) -> tuple[float, float, int]:
    """Median CPU seconds (user + system), median wall seconds and the largest peak RSS (KiB) of `runs` runs."""
    cpu, wall, peaks = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env={**os.environ, "XDG_CACHE_HOME": cache})
        _, status, usage = os.wait4(process.pid, 0)
        wall.append(time.perf_counter() - started)
        cpu.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return statistics.median(cpu), statistics.median(wall), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1.6,3.2,10", help="capture sizes in MB, smallest first")
    arguments = parser.parse_args()
    sizes = [float(s) for s in arguments.sizes.split(",")]
    alliance = alliance_command()
    report = Report()
    per_mb: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="alliance-captures-") as scratch:
        for megabytes in sizes:
            folder = Path(scratch) / f"{megabytes}"
            folder.mkdir()
            base, text = prepare(folder, megabytes)
            near = "X" + text[2100:3000]  # 900 characters, the first one wrong: the approximate search
            exact = text[2100:2200].split("\n")[0]
            commands = {
                "coverage": [*alliance, "coverage", "big", "--file", str(base)],
                "read": [*alliance, "read", "big", "--file", str(base), "--no-pager"],
                "quote (exact)": [*alliance, "quote", "big", exact, "--file", str(base)],
                "quote (900 characters, one typo)": [*alliance, "quote", "big", near, "--file", str(base)],
            }
            print(f"capture of {megabytes} MB")
            for name, command in commands.items():
                cpu, wall, peak = cpu_and_wall(command, arguments.runs, cache=str(folder / "cache"))
                per_mb.setdefault(name, []).append(cpu / megabytes)
                report.line(f"{name}: CPU", ms(cpu), None)
                report.line(f"{name}: wall, peak memory", f"{ms(wall)}, {peak / 1024:,.0f} MiB", None)
    print("CPU time per MB at the largest size against the smallest (linear: about 1)")
    for name, figures in per_mb.items():
        report.line(name, f"{figures[-1]:.2f} s/MB", figures[-1] / figures[0], goal=2.0)


if __name__ == "__main__":
    main()
