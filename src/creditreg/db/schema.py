"""Every table of a registry database on one ``MetaData``: what the migrations must create.

Table modules register themselves on ``creditreg.db.log_tables.metadata`` when imported;
importing them all here gives the complete schema, which a test compares with the
result of running every migration.
"""

from __future__ import annotations

import creditreg.db.access_tables  # registers tokens and the access log
import creditreg.db.notice_tables  # registers the notices outbox and its channels
import creditreg.db.projection_tables  # registers the projection of timelines
import creditreg.db.roster_tables  # registers the authority roster
import creditreg.db.state_tables  # registers the rescore's state tables
import creditreg.db.tree_tables  # registers the tree's tables
import creditreg.db.version_tables  # noqa: F401 - registers the versions in force by date
from creditreg.db.log_tables import metadata

__all__ = ["metadata"]
