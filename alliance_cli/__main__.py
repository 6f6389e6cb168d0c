import sys

from alliance_cli.cli import main

sys.exit(main())
