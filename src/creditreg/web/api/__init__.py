"""The HTTP API of SPEC §3: FastAPI, served by uvicorn (``creditreg serve``).

``app.create_app`` assembles it from what it shares with the console in ``web/``
(``settings``, ``auth``, ``problems``, ``observe``) and one router module per resource
under ``routes/``. Decisions come from ``service/``, the same use cases the command line
calls; every check and file read is written to the access log before its answer leaves.
"""
