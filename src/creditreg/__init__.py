"""creditreg: an open, auditable social-credit registry.

Data flows one way: sources -> ingest -> log -> engine -> decisions -> surfaces.
"""

__version__ = "0.1.0"
