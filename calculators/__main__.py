"""``python -m calculators ...``, the command line as it has always been called: the code is
in ``cli/`` (above the calculators, since it also prints the committee's dossier); this entry
only hands over to it and nothing imports it."""

import sys

from cli import main

sys.exit(main())
