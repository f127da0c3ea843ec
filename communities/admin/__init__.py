"""Django admin for the communities app, one module per area; importing them registers them.

- ``communities``: communities, memberships, meetings, series (membership changes go through
  services.memberships);
- ``proposals``: proposals (approve, decline, request changes) and offers to lead;
- ``messages``: the e-mail log (re-send) and leaders' messages;
- ``categories``: the managed list of categories;
- ``invitations``: invitations and addresses that want none (read-only);
- ``csv_import``: the communities CSV upload with its preview;
- ``widgets``: labelled date-time inputs read as the site's wall clock.
"""

from . import categories, communities, invitations, messages, proposals  # noqa: F401
