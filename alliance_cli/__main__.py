import sys

from alliance_cli.entry import main

sys.exit(main())
