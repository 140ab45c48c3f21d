"""`python -m planmetrics`: the same command line as the `planmetrics` script."""

from planmetrics.cli import main

raise SystemExit(main())
