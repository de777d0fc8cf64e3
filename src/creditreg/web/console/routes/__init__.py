"""The console's pages, one module per audience (see ``creditreg.web.console``)."""
