"""The HTTP API of SPEC §3: FastAPI, served by uvicorn (``creditreg serve``).

``app.create_app`` assembles it: ``settings`` (``CREDITREG_*``), ``auth`` (tokens and
OpenID Connect), ``problems`` (RFC 9457 errors), ``observe`` (metrics, JSON logs) and
one router module per resource under ``routes/``. Decisions come from the same
``Registry`` the command line uses; every check and file read is written to the access
log before its answer leaves.
"""
