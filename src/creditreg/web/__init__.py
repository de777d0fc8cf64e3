"""What the HTTP API (``api/``) and the web console (``console/``) share: the process's
context, settings, authentication, problem documents, metrics and logging.

Neither surface imports the other; both build on this and on ``service/``. The one
application serving both is assembled by ``creditreg.server``.
"""
