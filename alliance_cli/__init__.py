"""alliance: a command-line browser for a fact base of sourced claims about the Russia–Iran alliance."""

__version__ = "1.0.0"
