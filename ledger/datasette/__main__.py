"""`python -m ledger.datasette [LEDGER.db]`: print the Datasette metadata for a ledger."""

import sys

from ledger.datasette import main

sys.exit(main(sys.argv[1:]))
