"""`alliance browse`: an interactive browser of the fact base, built on Textual.

Only the `browse` command imports this package, and only `app.py` in it imports
Textual, so no other command pays for it. `model.py` (what the filter bar
selects, and the search index that keeps a keystroke fast on 100,000 facts),
`detail.py` (a fact laid out as `show` does) and `context.py` (a quote in its
article) use rich at most, and are tested without a terminal.
"""
