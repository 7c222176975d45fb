"""A new or edited challenge scores the history it applies to: say so, once.

The challenges seen last are remembered (by a fingerprint of each); the first `status` or
`log` after a challenge file is added or changed tells what its past periods earned. With
nothing remembered (a first run, a cache cleared), the challenges are taken as they are,
silently: only a change seen by this workspace is told.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from habits.app.results import Backfill

if TYPE_CHECKING:
    from habits.core.model import Challenge
    from habits.store.loaded import State

SEEN = "challenges-seen"


def backfilled(state: State, day: date) -> tuple[Backfill, ...]:
    """The challenges added or changed since the last run that scored, with what their past
    periods earned as of `day`; remembered, so each is told once."""
    pack_digest = state.other_digests.get("pack", "")
    seen: tuple[str, dict[str, str]] | None = state.last(SEEN, (str, dict))
    if seen is not None and seen[0] == pack_digest:
        return ()  # the quick path: no challenge file changed
    now = {c.id: _fingerprint(c) for c in state.pack.challenges.values()}
    state.keep_last(SEEN, (pack_digest, now))
    if seen is None:
        return ()
    before = seen[1]
    changed = [cid for cid, print_ in sorted(now.items()) if before.get(cid) != print_]
    return tuple(_scored(state, day, cid, cid not in before) for cid in changed)


def _scored(state: State, day: date, challenge_id: str, new: bool) -> Backfill:
    """The periods a challenge met so far (this one too, once met) and what they earned,
    from a score of that challenge alone."""
    from habits.core.engine import score

    challenge = state.pack.challenges[challenge_id]
    alone = state.pack._replace(challenges={challenge_id: challenge}, badges=())
    card = score(
        alone, state.settings, state.entries, day, state.pauses, state.directory, state.marks
    )
    (result,) = card.challenges
    met = [p for p in result.periods if p.met]
    return Backfill(challenge.title, new, challenge.every, len(met), result.points)


def _fingerprint(challenge: Challenge) -> str:
    """The same for the same challenge in every run (frozensets written sorted)."""
    return repr(tuple(sorted(v) if isinstance(v, frozenset) else v for v in challenge))
