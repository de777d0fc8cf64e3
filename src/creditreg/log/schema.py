"""Every table of a registry database on one ``MetaData``: what the migrations must create.

Table modules register themselves on ``creditreg.log.tables.metadata`` when imported;
importing them all here gives the complete schema, which a test compares with the
result of running every migration.
"""

from __future__ import annotations

import creditreg.access.tables  # registers tokens and the access log
import creditreg.log.rulebook_versions  # registers the versions in force by date
import creditreg.population.state_tables  # registers the rescore's state tables
import creditreg.transparency.tables  # noqa: F401 - registers the tree's tables
from creditreg.log.tables import metadata

__all__ = ["metadata"]
