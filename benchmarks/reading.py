"""The reading screen of `alliance browse --read`: how long it takes to open on a long article, and how
long the candidates take to follow the cursor.

    python benchmarks/reading.py [--sentences 5000] [--moves 41] [--runs 5]

An article of `--sentences` sentences (the test article's sentences, numbered so that none repeats, under
a heading every 25) is added as a source to a copy of the shipped fact base. Then, in a 120x40 tmux
pane (on a tmux server of its own), as the browser's benchmark measures it:

1. opening: from starting `alliance browse --read` until the article, its count and the candidates of
   the first sentence are on the screen (the whole process: Python, the fact base from the cache, the
   capture split into sentences, the article laid out, the corroboration index loaded);
2. a cursor move: from sending ↓ until the candidates pane shows the next sentence's candidates (the
   sentence ranked against every fact and the article redrawn), for `--moves` moves; the median and
   the slowest. Polling the pane costs a few milliseconds of each figure.

Wall-clock time grows with the machine's load; the opening is also measured headless in a child process
(Textual's pilot, the same start, load and screens), where CPU time (user + system) shows what the work
costs whatever the load, as benchmarks/browse.py does. Plain `alliance browse` in the same tmux, beside
it, shows what any start of the browser costs on this machine now.

Goals (issue 26): opening ≤ 1 s; a move ≤ 100 ms, median. It asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from browse import measure_cpu
from run import ROOT, Report, alliance_command, ms

OPEN_BUDGET, MOVE_BUDGET = 1.0, 0.1  # seconds

OPEN_PROBE = """
import sys
from alliance_cli.browse.app import BrowseApp
from alliance_cli.browse.model import Browser
from alliance_cli.cli.session import CommonOptions, Session
from alliance_cli.environment import Environment

session = Session(Environment.from_process(), CommonOptions(file=sys.argv[1]))
app = BrowseApp(Browser(session.store()), session.path, session.env, read="long")

async def first_screen(pilot):
    for _ in range(1000):  # until the reading screen shows the first sentence's candidates
        await pilot.pause()
        screen = pilot.app.screen
        if type(screen).__name__ == "ReadingScreen" and screen.shown_sentence == 0:
            break
    pilot.app.exit(0)

app.run(headless=True, size=(120, 40), auto_pilot=first_screen)
"""


def long_article(sentences: int) -> str:
    """`sentences` distinct sentences made from the test article's, a heading every 25."""
    text = (ROOT / "tests" / "corroboration" / "third-article.txt").read_text(encoding="utf-8")
    pool = [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(
        line for line in text.splitlines()[1:] if line.strip().endswith("."))) if s.strip()]
    lines = ["A Long Article Written for the Benchmark", ""]
    for n in range(sentences):
        if n % 25 == 0:
            lines += ["", f"Part {n // 25 + 1}"]
        lines.append(f"{pool[n % len(pool)].rstrip('.')} (point {n + 1}).")
    return "\n".join(lines) + "\n"


def prepared(folder: Path, sentences: int, alliance: list[str], cache: str) -> Path:
    shutil.copy(ROOT / "facts.yaml", folder / "facts.yaml")
    shutil.copytree(ROOT / "captures", folder / "captures")
    (folder / "long.txt").write_text(long_article(sentences), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": cache}
    subprocess.run([*alliance, "sources", "add", str(folder / "long.txt"), "--id", "long", "--title", "Long",
                    "--file", str(folder / "facts.yaml")], check=True, env=env, capture_output=True)
    subprocess.run([*alliance, "corroborate", "long", "--file", str(folder / "facts.yaml")], env=env,
                   capture_output=True)  # the fact base and the corroboration index in the cache, as after use
    return folder / "facts.yaml"


class Pane:
    """One `alliance browse --read long` in a tmux pane, on a tmux server of this benchmark's own."""

    def __init__(self, tmux: str, socket: str) -> None:
        self.tmux, self.socket = tmux, socket

    def run(self, *args: str) -> str:
        return subprocess.run([self.tmux, "-L", self.socket, *args], capture_output=True, text=True).stdout

    def until(self, wanted: str, began: float, limit: float = 30) -> float:
        while time.perf_counter() - began < limit:
            if wanted in self.run("capture-pane", "-p", "-t", "read"):
                return time.perf_counter() - began
            time.sleep(0.002)
        raise SystemExit(f"'{wanted}' did not show within {limit} s:\n" + self.run("capture-pane", "-p", "-t", "read"))

    def open(self, command: str, total: int) -> float:
        began = time.perf_counter()
        self.run("new-session", "-d", "-s", "read", "-x", "120", "-y", "40", command)
        return self.until(f"Candidates for sentence 1 of {total}", began)

    def move(self, to: int, total: int) -> float:
        began = time.perf_counter()
        self.run("send-keys", "-t", "read", "Down")
        return self.until(f"Candidates for sentence {to} of {total}", began)

    def close(self) -> None:
        self.run("kill-session", "-t", "read")


def main() -> None:
    parser = argparse.ArgumentParser(description="alliance browse --read: open time and time per cursor move")
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--moves", type=int, default=41)
    parser.add_argument("--runs", type=int, default=5, help="openings measured")
    options = parser.parse_args()
    tmux = shutil.which("tmux")
    if tmux is None:
        raise SystemExit("tmux is not installed: this benchmark measures in a terminal")
    report = Report()
    alliance = alliance_command()
    folder = Path(tempfile.mkdtemp(prefix="alliance-bench-reading-"))
    cache = str(folder / "cache")
    path = prepared(folder, options.sentences, alliance, cache)
    command = " ".join(["env", f"XDG_CACHE_HOME={cache}", "TERM=xterm-256color", *alliance, "browse", "--read",
                        "long", "--file", str(path)])
    pane = Pane(tmux, f"alliance-bench-reading-{os.getpid()}")
    headless, headless_cpu = measure_cpu([sys.executable, "-c", OPEN_PROBE, str(path)], options.runs, cache)
    try:
        openings, moves, plain = [], [], []
        for _ in range(options.runs):
            began = time.perf_counter()
            pane.run("new-session", "-d", "-s", "read", "-x", "120", "-y", "40",
                     command.replace(" --read long", ""))
            plain.append(pane.until(" Quit", began))
            pane.close()
        for _ in range(options.runs):
            openings.append(pane.open(command, options.sentences))
            pane.close()
        pane.open(command, options.sentences)
        for n in range(options.moves):
            moves.append(pane.move(n + 2, options.sentences))
    finally:
        pane.run("kill-server")
        shutil.rmtree(folder, ignore_errors=True)
    print(f"alliance: {' '.join(alliance)}; an article of {options.sentences:,} sentences, tmux 120x40")
    report.line(f"plain browse, start to first screen, median of {len(plain)} (wall)", ms(statistics.median(plain)))
    opened = statistics.median(openings)
    report.line(f"open: start to article and candidates, median of {len(openings)}", ms(opened),
                opened / OPEN_BUDGET, 1.0)
    report.line("headless: start, load, reading screen and candidates: wall", ms(headless))
    report.line("  CPU time", ms(headless_cpu), headless_cpu / OPEN_BUDGET, 1.0)
    moved = statistics.median(moves)
    report.line(f"cursor move to next candidates, median of {len(moves)}", ms(moved), moved / MOVE_BUDGET, 1.0)
    report.line("the slowest move", ms(max(moves)))
    print(f"\n{report.met} goals met, {report.missed} not met")


if __name__ == "__main__":
    main()
