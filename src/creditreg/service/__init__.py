"""The use cases every surface calls: what the command line, the API and the console do
with the registry, written once.

``checks`` decides and writes the access-log entry of every check and every read of a
file; ``commands`` runs the due-process commands; ``ownership`` is the one rule of what a
role may reach; ``moments`` reads the times people send; ``contract`` holds the JSON
shapes of SPEC §3 that every surface answers with; ``objections`` and ``heads`` serve the
reviewers' queue and the signed tree head.
"""
