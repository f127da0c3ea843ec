"""Messages a community's leaders send its members, and the limit on how many.

At most MEMBER_MESSAGES_PER_DAY per community in 24 hours, counted with the community row locked
(services.locking) so two leaders cannot pass the limit together.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Community, MemberMessage
from .locking import lock_community
from .notifications import email_send, email_send_each


@transaction.atomic
def members_email(
    *,
    community: Community,
    sender: AbstractBaseUser,
    subject: str,
    body: str,
    mode: str = MemberMessage.Mode.INDIVIDUAL,
) -> MemberMessage:
    """E-mail every active member (the sender included), individually or in one BCC message to
    the sender, and record it. At most MEMBER_MESSAGES_PER_DAY per community in 24 hours.

    Raises ValidationError ``rate_limited`` over the limit and ``no_members`` when nobody has an
    address. The community row is locked, so two leaders cannot pass the limit together.
    """
    community = lock_community(community)
    since = timezone.now() - timedelta(days=1)
    limit = settings.MEMBER_MESSAGES_PER_DAY
    if MemberMessage.objects.filter(community=community, sent_at__gte=since).count() >= limit:
        raise ValidationError(
            f"This community has sent {limit} messages in the last 24 hours; try again tomorrow.",
            code="rate_limited",
        )
    addresses = sorted(
        {
            m.user.email
            for m in community.memberships.active().select_related("user")
            if m.user.email
        }
    )
    if not addresses:
        raise ValidationError("No member has an e-mail address.", code="no_members")
    message = MemberMessage(
        community=community, sender=sender, subject=subject.strip(), body=body, mode=mode,
        recipient_count=len(addresses),
    )  # fmt: skip
    message.full_clean()
    message.save()
    context = {"community": community, "message": message, "sender": sender}
    if mode == MemberMessage.Mode.BCC:
        email_send(to=[sender.email], bcc=addresses, template="member_message", context=context)
    else:
        email_send_each(
            template="member_message", items=[(address, context, {}) for address in addresses]
        )
    return message
