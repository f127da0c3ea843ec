"""Moved to communities.services.preferences. Only this import is left, for tests/e2e/pages.py
(owned elsewhere for now); delete this module once that file imports the new path."""

from .services.preferences import unsubscribe_url  # noqa: F401
