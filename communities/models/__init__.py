"""Domain models of communities, one module per domain thing; import them from here
(``from communities.models import Community``). Each model's chainable filters (its manager) are in
communities/querysets.py; rules the database can enforce are constraints on the models."""

from .categories import Category, validate_category
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
from .invitations import Invitation, InvitationOptOut
from .meetings import Attendance, Meeting, MeetingSeries, Rsvp
from .memberships import LeadOffer, Membership, Proposal, ProposalNote
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
    "Category",
    "Community",
    "CommunityResources",
    "EmailAttachment",
    "EmailMessageLog",
    "FormerSlug",
    "Invitation",
    "InvitationOptOut",
    "Kind",
    "LeadOffer",
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
    "validate_category",
]
