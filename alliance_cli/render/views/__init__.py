"""Views for people, one per command: what a table, a timeline, a fact, an article or a report looks like on a terminal."""
