"""Known contacts: `habits people import` (vCard, LinkedIn's Connections.csv, a CSV with a name
column) and what being known changes: nobody known is a new person."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habits.core import Badge
from habits.core.engine import score
from habits.core.model import Settings, person_key
from habits.core.people import Directory
from habits.store.contacts_file import read_contacts, read_csv
from habits.store.people import Person, with_known
from tests.conftest import Home
from tests.helpers import challenge, entry, pack

DATA = Path(__file__).parent / "data"
TODAY = "2026-11-20"  # the day of conftest's NOW
MIDDAY = "2026-11-10T13:00:00+00:00"


def people_toml(home: Home) -> str:
    return (home.root / "people.toml").read_text(encoding="utf-8")


# -- reading the files ------------------------------------------------------------------


def test_a_vcard_4_file_gives_each_card_fn_else_its_n_and_counts_cards_without_a_name() -> None:
    found = read_contacts(DATA / "contacts-4.0.vcf")
    assert found.kind == "vCard"
    assert found.names == [
        "Zoë Ŝmith",
        "Ana Ruiz-Gómez",
        "Jean-Baptiste Olivier",  # FN folded over two lines
        "Cleo Ann Park",  # no FN: N's given, middle and family names
    ]
    assert (found.skipped, found.unit) == (1, "card")  # only an EMAIL and a TEL


def test_a_vcard_3_file_from_apple_contacts_reads_with_its_grouped_properties() -> None:
    found = read_contacts(DATA / "contacts-3.0.vcf")
    assert found.names == ["Sam Lee", "Øyvind Ødegård"]
    assert found.skipped == 0


def test_linkedins_connections_csv_is_read_past_its_notes() -> None:
    found = read_contacts(DATA / "Connections.csv")
    assert found.kind == "LinkedIn CSV"
    assert found.names == ["Ada Lovelace", "Grace Hopper", "Zoë Ŝmith", "Kwame Mensah"]
    assert (found.skipped, found.unit) == (1, "row")  # a connection that hides their name


def test_a_csv_with_a_name_column_gives_its_names_tidied() -> None:
    found = read_contacts(DATA / "names.csv")
    assert found.kind == "CSV"
    assert found.names == ["Priya Natarajan", "O'Brien, Siobhán", "Tomás Ortega"]
    assert found.skipped == 1


@pytest.mark.parametrize("header", ["name", "Name", "FULL NAME", "Display Name"])
def test_a_name_column_is_found_whatever_its_case(header: str) -> None:
    assert read_csv(f"Email,{header}\na@example.com,Ada\n", "x.csv").names == ["Ada"]


def test_the_format_is_told_by_the_content_when_the_suffix_says_nothing(tmp_path: Path) -> None:
    card = tmp_path / "export.txt"
    shutil.copy(DATA / "contacts-3.0.vcf", card)
    assert read_contacts(card).kind == "vCard"
    sheet = tmp_path / "export"
    shutil.copy(DATA / "Connections.csv", sheet)
    assert read_contacts(sheet).kind == "LinkedIn CSV"


BAD = [
    ("no-name-column.csv", None, ":1: no name column (the header is: Email, Company)", "name"),
    ("not-a-vcard.vcf", None, ":4: not readable as vCard", "fix that line"),
    ("calendar.vcf", "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", ":1: not a vCard", "vCard"),
    ("cut.vcf", "BEGIN:VCARD\nVERSION:4.0\nFN:Sam Lee\n", ":3: not readable as vCard", "fix"),
    ("latin1.csv", "name\nSam\nRen\xe9\n", ":3: not UTF-8 text", "UTF-8"),
    ("empty.csv", "", ":1: no header row", "First Name"),
    ("sheet.csv", "BEGIN:VCARD\nFN:Sam\nEND:VCARD\n", ":1: no name column", "name"),
]


@pytest.mark.parametrize(("name", "text", "message", "fix"), BAD)
def test_a_bad_file_is_one_line_with_its_place_and_a_fix_and_nothing_is_written(
    home: Home, tmp_path: Path, name: str, text: str | None, message: str, fix: str
) -> None:
    path = tmp_path / name
    if text is None:
        shutil.copy(DATA / name, path)
    else:
        path.write_bytes(text.encode("latin-1" if "latin1" in name else "utf-8"))
    before = home.snapshot()
    result = home.run("people", "import", str(path), ok=False)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith(f"error: {path}{message}"), lines[0]
    assert fix in lines[0].partition("; ")[2], lines[0]
    assert home.snapshot() == before


def test_a_file_that_is_not_there_is_refused_in_a_line(home: Home, tmp_path: Path) -> None:
    result = home.run("people", "import", str(tmp_path / "gone.vcf"), ok=False)
    assert result.stderr.startswith(f"error: {tmp_path / 'gone.vcf'}: no such file")


# -- importing ------------------------------------------------------------------------------


def test_import_makes_the_people_known_since_today(home: Home) -> None:
    said = home.run("people", "import", str(DATA / "contacts-4.0.vcf")).stdout
    assert said.splitlines()[0] == (
        f"{DATA / 'contacts-4.0.vcf'} (vCard): 4 new, 0 already known; "
        "1 card without a name skipped"
    )
    assert f"Known since {TODAY}: Zoë Ŝmith, Ana Ruiz-Gómez" in said
    text = people_toml(home)
    assert f'name = "Zoë Ŝmith"\nknown = {TODAY}\n' in text
    assert text.count(f"known = {TODAY}") == 4
    assert "All good" in home.run("check").stdout  # the file it wrote reads back


def test_importing_the_same_file_again_adds_nobody(home: Home) -> None:
    home.run("people", "import", str(DATA / "Connections.csv"))
    once = people_toml(home)
    again = home.run("people", "import", str(DATA / "Connections.csv"), now="2026-12-01T09:00:00Z")
    assert again.stdout.splitlines() == [
        f"{DATA / 'Connections.csv'} (LinkedIn CSV): 0 new, 4 already known; "
        "1 row without a name skipped"
    ]
    assert people_toml(home) == once  # not rewritten, the first day kept
    assert len(home.run("undo", "--list").stdout.splitlines()) == 1  # nothing to undo either


def test_a_name_people_toml_has_as_another_name_is_not_added_again(home: Home) -> None:
    home.run("log", "ice", "--with", "Zoe Smith")
    home.run("log", "ice", "--with", "Zoë Ŝmith", "--new")
    home.run("people", "merge", "Zoë Ŝmith", "Zoe Smith")
    said = home.run("people", "import", str(DATA / "contacts-4.0.vcf")).stdout
    assert "4 new" in said  # Zoë Ŝmith is made known as the person she is another name of
    text = people_toml(home)
    assert text.count("[[person]]") == 4
    assert f'name = "Zoe Smith"\naliases = ["Zoë Ŝmith"]\nknown = {TODAY}\n' in text


def test_a_name_in_the_log_is_kept_as_the_log_spells_it(home: Home) -> None:
    home.run("log", "ice", "--with", "ada LOVELACE")
    home.run("people", "import", str(DATA / "Connections.csv"))
    assert 'name = "ada LOVELACE"' in people_toml(home)
    assert "Ada Lovelace" not in people_toml(home)


def test_a_dry_run_says_who_would_be_known_and_writes_nothing(home: Home) -> None:
    before = home.snapshot()
    said = home.run("people", "import", str(DATA / "names.csv"), "--dry-run").stdout
    assert "3 new" in said and "dry run: nothing written" in said
    assert home.snapshot() == before


def test_undo_takes_an_import_back(home: Home) -> None:
    home.run("people", "cadence", "Sam Lee", "30d", ok=False)  # nobody yet: nothing written
    home.run("log", "ice", "--with", "Sam Lee")
    home.run("people", "cadence", "Sam Lee", "30d")
    before = people_toml(home)
    home.run("people", "import", str(DATA / "contacts-3.0.vcf"))
    assert people_toml(home) != before
    assert home.run("undo").stdout.startswith("Undid people import ")
    assert people_toml(home) == before


def test_undo_of_the_first_import_removes_the_people_file_it_made(home: Home) -> None:
    home.run("people", "import", str(DATA / "names.csv"))
    home.run("undo")
    assert not (home.root / "people.toml").exists()


def test_merge_rename_cadence_and_unmerge_keep_known(home: Home) -> None:
    home.run("people", "import", str(DATA / "Connections.csv"), now="2026-11-02T09:00:00Z")
    home.run("log", "ice", "--with", "Ada L", "--new")
    home.run("people", "merge", "Ada L", "Ada Lovelace")
    home.run("people", "cadence", "Grace Hopper", "30d")
    home.run("log", "ice", "--with", "Kwame Mensa", "--new")
    home.run("people", "rename", "Kwame Mensah", "Kwame A. Mensah")
    home.run("people", "unmerge", "Ada L")
    text = people_toml(home)
    for name in ("Ada Lovelace", "Grace Hopper", "Kwame A. Mensah", "Zoë Ŝmith"):
        block = text.split(f'name = "{name}"\n')[1].split("[[person]]")[0]
        assert "known = 2026-11-02" in block, (name, text)


def test_merging_a_known_name_into_another_makes_the_person_known() -> None:
    from habits.store.people import merge

    people = [Person("Ada L", known=date(2026, 3, 1)), Person("Ada Lovelace")]
    merged = merge(people, "Ada L", "Ada Lovelace")
    assert merged == [Person("Ada Lovelace", ("Ada L",), known=date(2026, 3, 1))]


def test_check_reads_people_toml_with_known_and_refuses_a_known_that_is_not_a_date(
    home: Home,
) -> None:
    home.write("people.toml", f'[[person]]\nname = "Sam"\nknown = {TODAY}\n')
    assert "All good" in home.run("check").stdout
    home.write("people.toml", '[[person]]\nname = "Sam"\nknown = "last year"\n')
    assert 'people.toml:3: known = "last year"' in home.run("check", ok=False).stdout


def test_a_known_contact_is_a_near_miss_of_a_name_typed_almost_alike(home: Home) -> None:
    home.run("people", "import", str(DATA / "Connections.csv"))
    refused = home.run("log", "ice", "--with", "Grace Hoper", ok=False)
    assert "did you mean Grace Hopper?" in refused.stderr
    home.run("log", "ice", "--with", "grace hopper")  # a known name is no near miss


# -- known is never new ---------------------------------------------------------------------


def test_a_known_contact_is_not_a_new_person_for_a_new_people_challenge(home: Home) -> None:
    home.run("people", "import", str(DATA / "Connections.csv"))
    home.run("log", "ice", "--with", "Ada Lovelace", "--with", "Nina New")
    home.run("log", "lunch", "--with", "Grace Hopper")
    progress = {c["id"]: c["progress"] for c in home.json("status")["challenges"]}
    assert progress["new-faces"] == 1  # Nina alone
    assert progress["lunch"] == 0  # lunch with someone new: Grace is known


def test_an_import_after_logging_makes_an_earlier_new_person_known(home: Home) -> None:
    """Known is never new, whenever the import: a person in the log is no longer counted."""
    home.run("log", "ice", "--with", "Grace Hopper", "--with", "Nina New")

    def count() -> int:
        found = {c["id"]: c["progress"] for c in home.json("status")["challenges"]}
        return int(found["new-faces"])

    assert count() == 2
    home.run("people", "import", str(DATA / "Connections.csv"))
    assert count() == 1  # the kept fold is made again: people.toml changed
    home.run("undo")
    assert count() == 2


def test_a_known_contact_is_not_counted_by_the_new_people_badge() -> None:
    badge = Badge("b", "B", "new_people", 2)
    entries = [entry(1, "2026-11-02", "ice", "Ada"), entry(2, "2026-11-03", "ice", "Bo")]
    p = pack(challenge(), badges=(badge,))
    as_of = date(2026, 11, 30)
    assert score(p, Settings(), entries, as_of).badges[0].earned == date(2026, 11, 3)
    known = Directory(known=frozenset({person_key("Ada")}))
    assert score(p, Settings(), entries, as_of, people=known).badges[0].earned is None


def test_a_known_contact_merged_under_another_name_is_not_new() -> None:
    c = challenge(measure="new-people", every="month")
    entries = [entry(1, "2026-11-02", "ice", "Ada L"), entry(2, "2026-11-03", "ice", "Bo")]
    people = Directory({"ada l": "ada lovelace"}, {"ada lovelace": "Ada Lovelace"}, {})
    known = people._replace(known=frozenset({"ada lovelace"}))
    count = [
        score(pack(c), Settings(), entries, date(2026, 11, 30), people=d).challenges[0]
        for d in (people, known)
    ]
    assert [r.periods[0].count for r in count] == [2, 1]


# -- a property -----------------------------------------------------------------------------

NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12
)


@given(st.lists(NAMES, max_size=12), st.lists(NAMES, max_size=4))
def test_importing_a_csv_twice_adds_what_importing_it_once_adds(
    names: list[str], had: list[str]
) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["Name", "Company"])
    writer.writerows([name, "Acme"] for name in names)
    found = read_csv(out.getvalue(), "names.csv")
    assert [person_key(n) for n in found.names] == [person_key(n) for n in names if n.strip()]
    start = [Person(n) for n in {person_key(h): h for h in had if h.strip()}.values()]
    day = date(2026, 11, 20)
    once, added, _ = with_known(start, found.names, day, {})
    twice, again, already = with_known(once, found.names, day, {})
    assert twice == once and again == []
    assert already == len({person_key(n) for n in found.names})
    known = {person_key(p.name) for p in once if p.known}
    assert known == {person_key(n) for n in found.names}
    assert {person_key(n) for n in added} == known


def test_a_known_contact_is_not_a_new_person_on_the_team_board(tmp_path: Path) -> None:
    from tests.test_team import World, run

    world = World(tmp_path)
    ada = world.member("ada")
    world.log(ada, "lunch", "--with", "Grace Hopper", "--at", "2026-11-10T12:00", now=MIDDAY)
    world.log(ada, "lunch", "--with", "Nina New", "--at", "2026-11-19T12:00")
    world.publish(ada)
    before = world.board()[0]
    assert before["new_people"] == 2
    run("--home", str(ada), "people", "import", str(DATA / "Connections.csv"))
    published = world.publish(ada)
    known = published.split("known = [\n")[1].split("]")[0].split()
    assert len(known) == 1 and "Grace" not in published  # Grace's hash, of her entry only
    assert known[0].strip('",') in published.split("known = [")[0]
    after = world.board()[0]
    assert after["new_people"] == 1  # Nina alone
    assert after["points"] < before["points"]  # lunch with someone new: Grace is known
