"""Who may use the registry and who did: API tokens (stored hashed) and the access log.

Neither changes a subject's state, so neither is part of the hash-chained record log;
both live in the registry database beside it (migration ``0003``).
"""
