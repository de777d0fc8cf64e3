"""One router per resource of SPEC §3; ``app.create_app`` includes them all."""
