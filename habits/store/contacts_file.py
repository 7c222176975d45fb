"""Contact files `habits people import` reads: vCard (3.0, 4.0), LinkedIn's Connections.csv,
a CSV with a name column. Only names are taken: nothing else of a contact is kept.

vCard is parsed by vobject (folded lines, escapes, charsets, grouped properties such as
Apple's `item1.EMAIL`), never by hand; it is imported only here, so no other command pays
for it. A file that cannot be read stops the import with its place (`path:line`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, NamedTuple

from habits.core.model import tidy
from habits.core.problems import HabitsError

VCARD_SUFFIXES = (".vcf", ".vcard")
NAME_HEADERS = ("name", "full name", "display name")  # a plain CSV's name column, any case
FIRST_LAST = ("first name", "last name")  # LinkedIn's export (Outlook's and Google's too)
PREAMBLE_ROWS = 10  # rows before LinkedIn's header: its "Notes:" and a blank line
CSV_HINT = (
    "give a header row with a column 'name' (or 'full name', 'display name'), "
    "or 'First Name' and 'Last Name'"
)


class ContactFile(NamedTuple):
    """The names a contact file holds, in file order (repeats left in)."""

    kind: str  # vCard, LinkedIn CSV, CSV
    names: list[str]
    skipped: int  # cards or rows without a name
    unit: str  # what a record is called: card or row


def read_contacts(path: Path) -> ContactFile:
    """Read a contact file by its suffix (else by its content); HabitsError with its place."""
    from habits.store.reader import OddFile, read_regular

    shown = str(path)
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        raise HabitsError(
            f"{shown}: no such file", "give the path of a .vcf or .csv file"
        ) from None
    except OddFile as odd:  # a FIFO would hang, a huge file fill the memory
        raise HabitsError(f"{shown}: {odd.message}", odd.hint) from None
    except OSError as error:
        raise HabitsError(f"{shown}: cannot be read ({error.strerror})", "check it") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise HabitsError(
            f"{shown}:{line}: not UTF-8 text", "export it again as UTF-8 (vCard or CSV)"
        ) from None
    suffix = path.suffix.casefold()
    if suffix in VCARD_SUFFIXES or (suffix != ".csv" and _looks_like_vcard(text)):
        return read_vcard(text, shown)
    return read_csv(text, shown)


def _looks_like_vcard(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return first.strip().casefold() == "begin:vcard"


def read_vcard(text: str, shown: str) -> ContactFile:
    """Every card's FN, else its N (given, middle, family); cards with neither are counted."""
    import vobject  # type: ignore[import-untyped]

    first = next((n for n, line in enumerate(text.splitlines(), 1) if line.strip()), 1)
    if not _looks_like_vcard(text):
        raise HabitsError(
            f"{shown}:{first}: not a vCard (it should start with BEGIN:VCARD)",
            "export your contacts as vCard (.vcf), or give a CSV file",
        )
    names: list[str] = []
    skipped = 0
    try:
        # allowQP: vobject counts physical lines right only on this path (and vCard 2.1's
        # quoted-printable values, from older phones, read too)
        for card in vobject.readComponents(text, allowQP=True):
            if card.name.casefold() != "vcard":
                line = _begin_line(text, card.name)
                raise HabitsError(
                    f"{shown}:{line}: a {card.name}, not a vCard", "keep only vCards in the file"
                )
            name = _card_name(card)
            if name:
                names.append(name)
            else:
                skipped += 1
    except vobject.base.VObjectError as error:
        line = getattr(error, "lineNumber", 0) or 1  # 0: the first line
        raise HabitsError(
            f"{shown}:{line}: not readable as vCard ({error.msg})",
            "fix that line, or export the contacts again",
        ) from None
    return ContactFile("vCard", names, skipped, "card")


def _card_name(card: Any) -> str:
    """FN, else N as a name is said (given, additional, family); "" if it has neither."""
    for fn in card.contents.get("fn", []):
        if isinstance(fn.value, str) and tidy(fn.value):
            return tidy(fn.value)
    for n in card.contents.get("n", []):
        value = n.value
        parts = [getattr(value, part, "") for part in ("given", "additional", "family")]
        words = [" ".join(p) if isinstance(p, list) else str(p) for p in parts]
        if name := tidy(" ".join(words)):
            return name
    return ""


def _begin_line(text: str, name: str) -> int:
    wanted = f"begin:{name}".casefold()
    lines = text.splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.strip().casefold() == wanted), 1)


def read_csv(text: str, shown: str) -> ContactFile:
    """A CSV's names: LinkedIn's First Name and Last Name (after its preamble), else a name
    column; rows without a name are counted."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    kind = "CSV"
    names: list[str] = []
    skipped = 0
    start = 1  # the line the row being read starts on
    columns: list[int] = []
    first_line = 0
    preamble = False  # LinkedIn's notes, read past up to its header
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                cells = [tidy(cell).casefold() for cell in row]
                first_line = first_line or line
                if all(c in cells for c in FIRST_LAST):
                    header, kind = row, "LinkedIn CSV"
                    columns = [cells.index(c) for c in FIRST_LAST]
                elif found := [n for n, c in enumerate(cells) if c in NAME_HEADERS]:
                    header, columns = row, found[:1]
                elif (line == first_line and _preamble(cells)) or (
                    preamble and line - first_line < PREAMBLE_ROWS
                ):
                    preamble = True
                    continue
                else:
                    shown_cells = ", ".join(tidy(c) for c in row)
                    raise HabitsError(
                        f"{shown}:{line}: no name column (the header is: {shown_cells})", CSV_HINT
                    )
                continue
            name = tidy(" ".join(row[c] for c in columns if c < len(row)))
            if name:
                names.append(name)
            else:
                skipped += 1
    except csv.Error as error:
        raise HabitsError(
            f"{shown}:{reader.line_num}: not readable as CSV ({error})",
            "save it again as CSV (UTF-8, comma-separated)",
        ) from None
    if header is None:
        raise HabitsError(f"{shown}:1: no header row", CSV_HINT)
    return ContactFile(kind, names, skipped, "row")


def _preamble(cells: list[str]) -> bool:
    """LinkedIn's export opens with "Notes:" and a paragraph before its header."""
    return bool(cells) and cells[0].startswith("notes")
