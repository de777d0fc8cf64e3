"""The log's latest signed tree head, for the API's ``/v1/log/head`` and the console's audit
page alike."""

from __future__ import annotations

from creditreg.registry import Registry
from creditreg.transparency import service
from creditreg.transparency.heads import SignedTreeHead, latest_head
from creditreg.transparency.keys import NoSigningKey


def signed_head(registry: Registry) -> SignedTreeHead:
    """A fresh head where this process holds the signing key, else the last one published."""
    try:
        return service.current_head(registry.engine, registry.keys_dir)
    except NoSigningKey:  # a read-only server: serve the last head the writer published
        with registry.engine.connect() as conn:
            head = latest_head(conn)
        if head is None:
            raise service.NoSuchHead("no signed tree head has been published yet") from None
        return head
