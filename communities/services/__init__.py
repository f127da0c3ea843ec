"""Every write to the domain, one module per domain thing. Views, admin actions, the importer,
management commands and health's jobs call these; nothing else saves domain rows.

Each service is atomic, validates before saving, and turns a unique-constraint race into a
ValidationError with a code (never a 500). E-mail is queued with notifications.email_send, which
sends only after the transaction commits. Row locks go through locking.py, whose docstring holds
the lock order.
"""
