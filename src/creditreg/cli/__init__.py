"""The ``creditreg`` command line: thin commands over ``Registry``; every report has ``--json``."""
