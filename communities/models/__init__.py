"""Domain models of communities, one module per domain thing; import them from here
(``from communities.models import Community``). Each model's chainable filters (its manager) are in
communities/querysets.py; rules the database can enforce are constraints on the models."""

from .communities import (
    RESERVED_SLUGS,
    SLUG_MAX_LENGTH,
    Community,
    CommunityResources,
    FormerSlug,
    Kind,
    MeetingFormat,
    MembershipPolicy,
    slug_candidates,
)
from .meetings import Attendance, Meeting, MeetingSeries, Rsvp
from .memberships import Membership, Proposal, ProposalNote
from .messages import (
    EmailAttachment,
    EmailMessageLog,
    MeetingEmailOptOut,
    MemberMessage,
    MemberSettings,
)

__all__ = [
    "RESERVED_SLUGS",
    "SLUG_MAX_LENGTH",
    "Attendance",
    "Community",
    "CommunityResources",
    "EmailAttachment",
    "EmailMessageLog",
    "FormerSlug",
    "Kind",
    "Meeting",
    "MeetingEmailOptOut",
    "MeetingFormat",
    "MeetingSeries",
    "MemberMessage",
    "MemberSettings",
    "Membership",
    "MembershipPolicy",
    "Proposal",
    "ProposalNote",
    "Rsvp",
    "slug_candidates",
]
