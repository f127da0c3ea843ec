import csv
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from communities.importing import ImportFileError, import_communities
from communities.models import Community, Invitation, Membership

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo_communities.csv"
HEADER = (
    "name,kind,category,summary,meeting_cadence,meeting_format,membership,institution,source_url"
)


def names_in(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["name"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    "path",
    [
        DEMO,
        pytest.param(SHARED / "communities_um.csv", id="shared-um"),
        pytest.param(SHARED / "communities_public.csv", id="shared-public"),
    ],
)
def test_every_row_of_the_real_files_is_imported(db, path):
    if not path.exists():
        pytest.skip(f"{path} is not beside this checkout")
    report = import_communities(path.read_bytes())
    assert report.errors == []
    assert set(Community.objects.values_list("name", flat=True)) == names_in(path)


def test_the_demo_file_holds_all_96_real_communities():
    assert len(names_in(DEMO)) == 96


def test_reimporting_updates_instead_of_duplicating(db):
    first = import_communities(DEMO.read_bytes())
    second = import_communities(DEMO.read_bytes())
    assert (first.created, second.created, second.unchanged) == (96, 0, 96)
    changed = DEMO.read_text(encoding="utf-8").replace(
        "Staff Senate,council", "STAFF SENATE,council", 1
    )
    third = import_communities(changed.encode())
    assert (third.created, third.updated, len(third.matched)) == (0, 0, 1)
    assert Community.objects.count() == 96 and Community.objects.filter(name="Staff Senate")


def test_bad_rows_are_reported_by_line_and_good_rows_kept(db):
    text = "\r\n".join(
        [
            HEADER + ",extra",
            "Good One,community,Topic,Fine,,virtual,open,Unit,https://example.edu/1,x",
            ",community,Topic,No name,,virtual,open,Unit,,",
            "Bad Kind,committee,Topic,Unknown kind,,virtual,open,Unit,,",
            "",
            "Good Two,council,Topic,Fine,,unknown,unknown,Unit,,",
            "good one,community,Topic,Repeat,,virtual,open,Unit,,",
            "Bad Format,community,Topic,x,,telepathy,open,Unit,,",
        ]
    )
    report = import_communities(("\ufeff" + text).encode())
    assert [line for line, _ in report.errors] == [3, 4, 7, 8]
    reasons = " | ".join(reason for _, reason in report.errors)
    assert "name is empty" in reasons and "kind" in reasons and "repeats line 2" in reasons
    assert "telepathy" in reasons
    assert sorted(Community.objects.values_list("name", flat=True)) == ["Good One", "Good Two"]


def test_lf_files_and_missing_optional_columns_are_fine(db):
    report = import_communities(b"name,kind\nJust A Name,community\n")
    assert report.created == 1 and Community.objects.get().meeting_format == "unknown"


def test_a_file_without_a_required_column_imports_nothing(db):
    with pytest.raises(ImportFileError, match="kind"):
        import_communities(b"name,summary\nX,y\n")
    assert not Community.objects.exists()


def test_windows_1252_bytes_are_read_with_a_note(db):
    report = import_communities("name,kind\nCaf\xe9 Club,community\n".encode("cp1252"))
    assert Community.objects.get().name == "Café Club"
    assert "Windows-1252" in report.notes[0]


def test_the_command_prints_counts_and_line_errors(db, tmp_path, capsys):
    path = tmp_path / "in.csv"
    path.write_text("name,kind\nOne,community\nTwo,club\n", encoding="utf-8")
    call_command("import_communities", str(path))
    out, err = capsys.readouterr()
    assert "1 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert "line 3" in err and "club" in err


def test_the_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_communities", str(tmp_path / "nope.csv"))


def test_a_quoted_cell_over_several_lines_is_reported_at_its_first_line(db):
    text = 'name,kind,summary\r\nBad,club,"two\r\nlines"\r\nGood,community,x\r\n'
    report = import_communities(text.encode())
    assert report.errors[0][0] == 2
    assert Community.objects.get().name == "Good"


def test_an_unclosed_quote_is_named_as_the_likely_cause(db):
    text = 'name,kind,summary\nOne,community,"open quote\nTwo,community,x\n'
    report = import_communities(text.encode())
    assert "quote" in report.errors[0][1]


def test_utf16_files_are_read_and_binary_files_refused(db):
    report = import_communities("name,kind\nÅland Group,council\n".encode("utf-16"))
    assert report.created == 1 and Community.objects.get().name == "Åland Group"
    with pytest.raises(ImportFileError, match="binary"):
        import_communities(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_control_characters_are_dropped_from_values(db):
    import_communities(b"name,kind,summary\nBell\x07Name,community,a\x01b\n")
    community = Community.objects.get()
    assert (community.name, community.summary) == ("BellName", "ab")


def test_a_file_with_nul_bytes_is_refused_whole(db):
    with pytest.raises(ImportFileError, match="binary"):
        import_communities(b"name,kind\nA\x00B,community\n")
    assert not Community.objects.exists()


def test_a_cell_larger_than_the_csv_default_limit_is_reported_not_fatal(db):
    big = "x" * 200_000
    report = import_communities(
        f"name,kind,summary\nHuge,community,{big}\nSmall,community,s\n".encode()
    )
    assert [line for line, _ in report.errors] == [2]
    assert Community.objects.get().name == "Small"


def test_names_differing_only_in_case_of_any_script_match_the_same_community(db):
    import_communities("name,kind\nØresund Network,community\n".encode())
    report = import_communities("name,kind\nøRESUND network,community\n".encode())
    assert (report.created, report.unchanged, len(report.matched)) == (0, 1, 1)
    assert Community.objects.get().name == "Øresund Network"


def test_a_5_mb_file_of_repeated_names_imports_one_and_reports_every_other_line(db):
    row = "Same Name,community,Topic," + "long summary " * 10 + ",,virtual,open,Unit,\n"
    body = row * (5 * 1024 * 1024 // len(row) + 1)
    raw = (HEADER + "\n" + body).encode()
    assert len(raw) > 5 * 1024 * 1024
    report = import_communities(raw)
    assert report.created == 1 and Community.objects.count() == 1
    assert report.skipped == body.count("\n") - 1
    assert report.errors[0] == (3, "the name repeats line 2")


def test_a_bad_row_changes_nothing_of_the_community_it_names(db):
    import_communities(b"name,kind,category\nGood One,community,Old topic\n")
    report = import_communities(
        f"name,kind,category,summary\nGood One,community,New topic,{'s' * 400}\n".encode()
    )
    assert report.errors and "summary" in report.errors[0][1]
    assert Community.objects.get().category == "Old topic"


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"name,kind,membership\nX,community,by invitation\n", "unknown membership"),
        (b"name,kind\nX,community,surplus,cells\n", None),
        (b"name,kind\nX\n", "kind"),
        ("name,kind\nCaf\u00e9 \u2615 Club,council\n".encode("utf-8"), None),
        ("name,kind\nR\u00e9sum\u00e9 \u2013 writers,community\n".encode("cp1252"), None),
    ],
    ids=["unknown-membership", "ragged-row", "missing-cell", "emoji", "cp1252"],
)
def test_odd_rows_are_either_imported_or_reported_never_a_crash(db, raw, reason):
    report = import_communities(raw)
    if reason:
        assert report.errors and reason in report.errors[0][1]
        assert not Community.objects.exists()
    else:
        assert report.created + report.skipped == 1


def test_a_file_that_is_not_csv_at_all_is_refused_whole(db):
    with pytest.raises(ImportFileError):
        import_communities(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not Community.objects.exists()


def test_a_row_matching_only_by_look_alike_keeps_the_stored_spelling(db, capsys, tmp_path):
    import_communities(b"name,kind,summary\nData (AI) Guild,community,first\n")
    report = import_communities(b"name,kind,summary\nDATA (Al) guild,community,second\n")
    community = Community.objects.get()
    assert community.name == "Data (AI) Guild" and community.summary == "second"
    assert report.updated == 1
    assert report.matched == [(2, "matched existing “Data (AI) Guild” (spelling differs)")]
    path = tmp_path / "again.csv"
    path.write_bytes(b"name,kind,summary\nDATA (Al) guild,community,second\n")
    call_command("import_communities", str(path))
    assert (
        "line 2: matched existing “Data (AI) Guild” (spelling differs)" in capsys.readouterr().out
    )


def test_a_row_with_the_stored_spelling_is_not_reported_as_differing(db):
    import_communities(b"name,kind\nData Guild,community\n")
    report = import_communities(b"name,kind\nData Guild,community\n")
    assert report.unchanged == 1 and report.matched == []


LEADERS_CSV = "\r\n".join(
    [
        HEADER + ",status,leader_emails",
        "Known Lead,community,T,S,,virtual,open,U,,,Lead@Example.edu; co@example.edu",
        "Unknown Lead,community,T,S,,virtual,open,U,,active,new.person@example.edu",
        "Old Group,community,T,S,,virtual,open,U,,archived,lead@example.edu",
        "Sleepy,community,T,S,,virtual,open,U,,dormant,",
        "Bad Status,community,T,S,,virtual,open,U,,closed,",
        "Bad Address,community,T,S,,virtual,open,U,,,lead@example.edu not-an-address",
    ]
)


def test_leader_emails_make_leaders_or_invite_them_and_status_is_imported(
    db, make_user, django_capture_on_commit_callbacks
):
    lead = make_user("lead", email="lead@example.edu")
    make_user("co", email="CO@example.edu")  # any case matches
    with django_capture_on_commit_callbacks(execute=True):
        report = import_communities(LEADERS_CSV.encode())
    assert report.errors == [
        (6, "unknown status “closed” (expected one of: active, dormant, archived)"),
        (7, "leader_emails: “not-an-address” is not an e-mail address"),
    ]
    assert report.created == 4
    assert set(Community.objects.values_list("name", "status")) == {
        ("Known Lead", "active"),
        ("Unknown Lead", "active"),
        ("Old Group", "archived"),
        ("Sleepy", "dormant"),
    }
    # Known addresses lead (the first the leader, the next a co-leader), at once.
    known = Community.objects.get(name="Known Lead")
    roles = dict(known.memberships.active().values_list("user__username", "role"))
    assert roles == {"lead": Membership.Role.LEADER, "co": Membership.Role.CO_LEADER}
    assert report.leaders == [
        (2, "lead@example.edu", "Known Lead"),
        (2, "co@example.edu", "Known Lead"),
    ]
    # An unknown address is invited to lead, by the coordinators.
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.person@example.edu",
        Invitation.Role.LEADER,
        None,
    )
    assert invitation.community.name == "Unknown Lead"
    assert report.invited == [(3, "new.person@example.edu", "Unknown Lead")]
    assert [m.to for m in mail.outbox] == [["new.person@example.edu"]]
    assert "The coordinators of" in mail.outbox[0].body
    # The archived row is imported, without leaders; the bad rows are not.
    assert not Community.objects.get(name="Old Group").memberships.exists()
    assert "Line 4: Old Group is archived; its leaders were not added." in report.notes
    assert lead.memberships.count() == 1


def test_reimporting_with_a_blank_status_keeps_an_archived_community_archived(db):
    import_communities(
        (HEADER + ",status\r\nGone,community,T,S,,virtual,open,U,,archived").encode()
    )
    report = import_communities(
        (HEADER + ",status\r\nGone,community,T,S,,virtual,open,U,,").encode()
    )
    assert report.unchanged == 1
    assert Community.objects.get().status == "archived"


def test_the_demo_file_marks_the_communities_its_summaries_call_archived_or_inactive(db):
    import_communities(DEMO.read_bytes())
    archived = Community.objects.filter(status="archived")
    assert archived.count() == 7
    for summary in archived.values_list("summary", flat=True):
        assert "rchived" in summary or "no longer active" in summary
    assert not Community.objects.exclude(status="archived").filter(summary__icontains="archived")
