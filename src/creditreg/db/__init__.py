"""Storage, the floor every other package builds on: the connection, the tables, migrations.

``connection`` opens a database (SQLite or PostgreSQL) and runs the Alembic migrations in
``migrations/``; the ``*_tables`` modules declare every table on one ``MetaData``
(``schema`` imports them all); ``dialect`` is the one place that knows how the two
backends differ. Nothing here imports another creditreg package.
"""
