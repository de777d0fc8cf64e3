"""The compiler: the rulebook as set-based SQL (sqlglot trees), stage by stage.

``plan`` assembles the stages (``days``, ``facts``, ``records``, ``windows``, ``outputs``,
``entries``) from the vocabulary in ``sqlx`` and the reference tables of ``rules_tables``
and ``calendar``; any ``backends`` engine runs the result.
"""
