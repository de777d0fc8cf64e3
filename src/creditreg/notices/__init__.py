"""Notices: the registry tells a subject what happened, why, until when and what they can do.

``produce`` turns an event into a notice (pure); ``hook`` writes notices in the
transaction of the event (the outbox); ``store`` reads them and manages webhooks and
contacts; ``deliver`` sends them (signed webhooks, SMTP) and logs every attempt.
"""
