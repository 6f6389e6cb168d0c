import sys

from alliance_cli.cli.entry import main

sys.exit(main())
