"""The network's use cases: what is due, the people met, wins, one person, openers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from habits.app.base import UseCases
from habits.store.loaded import load, require_settings

if TYPE_CHECKING:
    from pathlib import Path

    from habits.app.results import ContactsImported
    from habits.app.views import (
        Cadence,
        DueView,
        Marked,
        Merged,
        PeopleView,
        Renamed,
        Suggestion,
        Timeline,
        Unmerged,
        WinsView,
    )

PEOPLE_SHOWN = 50  # `people` lists the most recent this many unless asked for everyone


class NetworkCases(UseCases):
    """The people behind the entries: follow-ups, wins, names and cadences."""

    def due(self, lapsed: bool = False) -> DueView:
        """What is due today: follow-ups, checks and keep-in-touch reminders (follow-ups that
        lapsed, long past due, only with `lapsed`); kept while nothing changes."""
        from habits.app.network import due_view

        state = self._read()
        found = due_view(state, self._day(state, None), lapsed)
        # Whether anything is logged matters only when nothing is due: a log file says so
        # without reading a year of entries (an undo removes a month file it made).
        logged = bool(found.due) or bool(state.log_digests)
        return found._replace(problems=state.problems, logged=logged)

    def dismiss(self, target: str, note: str = "") -> Marked:
        """Close an open follow-up or did-they-meet check without credit: the oldest of a
        person's, or every one an entry (id or a unique start of one) opened."""
        return self._mark("dismiss", target, note=note)

    def snooze(self, target: str, until: str) -> Marked:
        """Move the due date of an open follow-up or check (as `dismiss` finds them)."""
        return self._mark("snooze", target, until=until)

    def _mark(self, what: str, target: str, note: str = "", until: str = "") -> Marked:
        from habits.app.network import marked

        with self._changing(what) as change:
            state = load(self.workspace)
            require_settings(state)
            change.appending(self.workspace.followups)
            done = marked(state, self._day(state, None), what, target, note, until)
            people = ", ".join(dict.fromkeys(item.person for item in done.items))
            change.say(f"{done.items[0].kind} with {people}")
        return done

    def people(self, everyone: bool = False) -> PeopleView:
        """The people met, the most recent contact first: the first PEOPLE_SHOWN of them,
        or `everyone`; kept while nothing changes."""
        from habits.app.network import people_as_of, titles
        from habits.app.views import PeopleView

        state = self._read()
        day = self._day(state, None)

        def make() -> PeopleView:
            shown, count = people_as_of(state, day, None if everyone else PEOPLE_SHOWN)
            return PeopleView(day, shown, count, titles(state), [])

        found = state.remembered(PeopleView, day, make, everyone)
        return found._replace(problems=state.problems)

    def wins(self) -> WinsView:
        """Every win and what leads to them; kept while nothing changes."""
        from habits.app.network import wins_as_of
        from habits.app.views import WinsView

        state = self._read()
        day = self._day(state, None)
        found = state.remembered(WinsView, day, lambda: WinsView(wins_as_of(state, day), []))
        return found._replace(problems=state.problems)

    def person(self, name: str) -> Timeline:
        """One person as of today: every entry with them, and their follow-ups."""
        from habits.app.network import timeline

        state = self._read()
        with self._telling(state):
            return timeline(state, self._day(state, None), name)

    def merge(self, merged: str, into: str) -> Merged:
        """Record in people.toml that `merged` is another name of `into` (the log stays)."""
        from habits.app.people import merge_people

        with self._changing("merge") as change:
            change.rewriting(self.workspace.people)
            done = merge_people(load(self.workspace), merged, into)
            change.say(f"'{done.name}' made another name of '{done.into}'")
        return done

    def rename(self, old: str, new: str) -> Renamed:
        """Write `new` for `old` in every entry and in people.toml (a misspelled name fixed)."""
        from habits.app.people import rename_person

        with self._changing("rename") as change:
            done = rename_person(load(self.workspace), old, new, change)
            entries = f"{done.entries} entr{'y' if done.entries == 1 else 'ies'}"
            change.say(f"renamed '{done.old}' to '{done.new}' in {entries}")
        return done

    def unmerge(self, name: str) -> Unmerged:
        """Make a name merged into someone (people.toml) a person of its own again."""
        from habits.app.people import unmerge_person

        with self._changing("unmerge") as change:
            change.rewriting(self.workspace.people)
            done = unmerge_person(load(self.workspace), name)
            change.say(f"'{done.name}' is no longer another name of '{done.was_of}'")
        return done

    def cadence(self, name: str, every: str) -> Cadence:
        """Keep in touch with someone every N days, weeks or months ("off" stops it)."""
        from habits.app.people import set_cadence

        with self._changing("cadence") as change:
            change.rewriting(self.workspace.people)
            done = set_cadence(load(self.workspace), name, every)
            change.say(
                f"cadence of {done.name}: " + (f"every {done.days} days" if done.days else "off")
            )
        return done

    def import_people(self, path: Path, dry_run: bool = False) -> ContactsImported:
        """Make the people of a contact file (vCard, LinkedIn's Connections.csv, a CSV with a
        name column) known: people.toml, one journaled rewrite; never new people after."""
        from habits.app.people import import_known
        from habits.app.results import ContactsImported
        from habits.store.contacts_file import read_contacts

        contacts = read_contacts(path)  # a bad file stops here: nothing locked, nothing written
        with self._changing("people import") as change:
            state = load(self.workspace)
            require_settings(state)
            day = self._day(state, None)
            added, already = import_known(state, contacts, day, None if dry_run else change)
            change.say(f"{len(added)} known people imported from {path.name}")
        return ContactsImported(
            str(path), contacts.kind, added, already, contacts.skipped, contacts.unit, day,
            written=bool(added) and not dry_run,
        )  # fmt: skip

    def completions(self, what: str, prefix: str = "") -> list[tuple[str, str]]:
        """What a shell may offer for an option, starting with `prefix` (any case), as
        (value, help) pairs: `action` the pack's action ids and aliases, `with` the people
        known (log and people.toml), `where` the venues used, `opener` the pack's openers,
        `kind` the kinds of win. Read from the kept index of the log: no year of entries is
        read for a key press."""
        from habits.core.model import WIN_KINDS, person_key, venue_key

        start = person_key(prefix)  # the same as venue_key: case and spaces do not matter
        if what == "kind":
            return [(kind, "") for kind in WIN_KINDS if kind.startswith(start)]
        state = self._read()
        if what == "action":
            actions = state.pack.actions.values()
            found = [(a.id, a.title) for a in actions]
            found += [(alias, a.title) for a in actions for alias in a.aliases]
        elif what == "opener":
            found = [(o.id, o.text) for o in state.pack.openers.values()]
        elif what == "where":
            found = [(venue, "") for venue in state.resume().index.venues]
        elif what == "with":
            found = [(name, "") for name in set(state.resume().index.people.values())]
        else:
            raise ValueError(f"nothing completes {what!r}")
        key = venue_key if what == "where" else person_key
        return sorted((v, h) for v, h in found if key(v).startswith(start))

    def opener(self, venue: str = "") -> Suggestion:
        """An opener for a venue; recent-openers.toml keeps it, so the next one rotates."""
        from habits.app.network import opener_for
        from habits.app.views import Suggestion

        state = self._read()
        with self._telling(state):
            return Suggestion(opener_for(state, self._day(state, None), venue), state.problems)
