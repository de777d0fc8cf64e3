"""``python -m creditreg.cli``: the ``creditreg`` command without its console script."""

from creditreg.cli.app import main

main()
