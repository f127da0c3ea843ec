"""Messages a community's leaders send its members (and the limit on how many), and messages
anyone signed in sends a community's leaders through its contact form.

At most MEMBER_MESSAGES_PER_DAY per community in 24 hours, counted with the community row locked
(services.locking) so two leaders cannot pass the limit together.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Community, EmailMessageLog, MemberMessage
from ..selectors.people import community_mail_recipients
from ..validators import single_line
from .locking import lock_community
from .notifications import coordinator_addresses, email_send, email_send_each
from .preferences import community_mail_item, reply_to_address

logger = logging.getLogger(__name__)


@transaction.atomic
def members_email(
    *,
    community: Community,
    sender: AbstractBaseUser,
    subject: str,
    body: str,
    mode: str = MemberMessage.Mode.INDIVIDUAL,
) -> MemberMessage:
    """E-mail every active member (the sender included) who takes this community's e-mail
    (selectors.people.community_mail_recipients: the global and per-community opt-outs),
    individually (each with their own one-click unsubscribe) or in one BCC message to the sender,
    and record it. Replies go to the sender (Reply-To). At most MEMBER_MESSAGES_PER_DAY per
    community in 24 hours.

    Raises ValidationError ``rate_limited`` over the limit and ``no_members`` when nobody is
    left to e-mail. The community row is locked, so two leaders cannot pass the limit together.
    """
    community = lock_community(community)
    since = timezone.now() - timedelta(days=1)
    limit = settings.MEMBER_MESSAGES_PER_DAY
    if MemberMessage.objects.filter(community=community, sent_at__gte=since).count() >= limit:
        raise ValidationError(
            f"This community has sent {limit} messages in the last 24 hours; try again tomorrow.",
            code="rate_limited",
        )
    recipients = community_mail_recipients(community)
    if not recipients:
        raise ValidationError(
            "No member takes e-mail from this community (or none has an address).",
            code="no_members",
        )
    message = MemberMessage(
        community=community, sender=sender, subject=subject.strip(), body=body, mode=mode,
        recipient_count=len(recipients),
    )  # fmt: skip
    message.full_clean()
    message.save()
    context = {"community": community, "message": message, "sender": sender}
    if mode == MemberMessage.Mode.BCC:
        # One message cannot carry each person's own unsubscribe link: it carries Reply-To and
        # a link to the settings page; the opt-outs are applied all the same.
        email_send(
            to=[sender.email],
            bcc=[user.email for user in recipients],
            template="member_message",
            context={**context, "bcc": True},
            headers={"Reply-To": reply_to_address(sender)} if sender.email else None,
        )
    else:
        email_send_each(
            template="member_message",
            items=[
                community_mail_item(user, community, context, reply_to=sender)
                for user in recipients
            ],
        )
    return message


# The same message again within this many seconds is a double click, not a second question.
DOUBLE_SUBMIT_SECONDS = 600


@transaction.atomic
def leaders_contact(
    *, community: Community, sender: AbstractBaseUser, subject: str, body: str
) -> EmailMessageLog | None:
    """E-mail ``sender``'s question to ``community``'s leaders (to the coordinators while it has
    none: they answer for a community seeking a leader). The leaders' addresses are never shown
    to the sender; the e-mail's Reply-To is the sender, so a leader answers them directly.
    The caller applies the per-user rate limit (settings.RATE_LIMITS["contact_leaders"]).

    Idempotent against a double click: the same sender's same subject and text to the same
    community within DOUBLE_SUBMIT_SECONDS is sent once (the repeat returns None).
    Raises ValidationError ``no_address`` when the sender has no e-mail address to answer to.
    Returns the logged e-mail (None when nobody could receive it, or for a repeat).
    """
    if not sender.email:
        raise ValidationError(
            "Your account has no e-mail address, so the leaders could not answer you.",
            code="no_address",
        )
    fingerprint = hashlib.sha256(f"{subject.strip()}\x00{body.strip()}".encode()).hexdigest()
    try:  # cache.add is atomic: of two identical clicks at once, one wins
        first = cache.add(
            f"contact:{community.pk}:{sender.pk}:{fingerprint}", 1, DOUBLE_SUBMIT_SECONDS
        )
    except Exception:  # a cache outage must not stop the message
        logger.warning("Double-submit guard unavailable (cache)", exc_info=True)
        first = True
    if not first:
        return None
    leaders = [m.user.email for m in community.memberships.leaders().select_related("user")]
    return email_send(
        to=leaders or coordinator_addresses(),
        template="leaders_contact",
        context={
            "community": community,
            "sender": sender,
            "subject": single_line(subject.strip()),
            "body": body.strip(),
            "to_coordinators": not leaders,
        },
        headers={"Reply-To": reply_to_address(sender)},
    )
