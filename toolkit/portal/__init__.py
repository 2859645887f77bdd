"""The submission portal: associations hand in cases online and get their letter at once.

A Django project inside the toolkit (the top layer beside the CLI: it calls the submissions
library, never its own copy). ``compile portal serve YEAR`` runs it (:mod:`.serve`: gunicorn and
the task worker as supervised child processes); ``compile portal add-user`` invites its users
(:mod:`.users`).

- :mod:`.settings`         Django's settings, from the environment :mod:`.environment` writes
- :mod:`.core`             editions, organisations, per-edition membership and roles, the audit log
- :mod:`.submissions`      uploads, the check in the worker, letters, the submitters' and editors' pages

The edition folder stays the truth: a checked upload goes through
:func:`toolkit.submissions.ingest.ingest_file`, as ``compile ingest`` does for each file.
"""
