"""The projection: every subject's decision timeline, kept current from the log.

``codec`` encodes a timeline, ``key`` holds the HMAC key the database does not hold,
``store`` reads and writes rows with their binding, ``hook`` keeps rows current inside
the writer's transaction, ``rebuild`` recomputes them all (locally or on Spark).
"""
