"""`python -m stage0 ...`: see stage0/cli.py."""
import sys

from stage0.cli import main

sys.exit(main(sys.argv[1:]))
