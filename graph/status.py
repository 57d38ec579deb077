"""A document's legal status, derived from the relations that point at it.

Status is never stored by hand: every store calls :func:`derive_status` on a document's
incoming relations, so SQLite, Neo4j and the export agree.

Rules (domain.md §2; vbpl.vn's Còn hiệu lực / Hết hiệu lực toàn bộ / một phần):

==========================================  ===================
incoming relation                           status
==========================================  ===================
``repeals``, no scope (the whole document)  ``repealed``
``replaces``, no scope                      ``replaced``
``repeals`` with a scope ("Điều 7")         ``partly_repealed``
``amends`` (any scope)                      ``amended``
``replaces`` with a scope ("thay thế Điều 5")  ``amended``
none of these                               ``in_force``
==========================================  ===================

When several apply, the strongest wins: repealed > replaced > partly_repealed > amended >
in_force.

Two choices worth knowing:
- A document nobody supersedes is ``in_force``, not ``unknown``: it reads "we never saw it
  superseded", which is what vbpl shows for a document without such edges. ``unknown``
  stays in the vocabulary for stores or sources that cannot tell.
- A scoped ``replaces`` replaces a part, and the document stays in force with that part
  changed: that is an amendment, not a replacement of the whole (Nghị định 30/2020 style
  "Điều 1 … thay thế Điều 5 …").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .model import Relation, RelationType, Status

#: Strongest first; the first status any incoming relation earns is the answer.
PRECEDENCE: tuple[Status, ...] = (
    Status.REPEALED,
    Status.REPLACED,
    Status.PARTLY_REPEALED,
    Status.AMENDED,
    Status.IN_FORCE,
)

#: The relation types that can change a status; stores fetch only these.
STATUS_TYPES: tuple[RelationType, ...] = (
    RelationType.REPEALS,
    RelationType.REPLACES,
    RelationType.AMENDS,
)

# Scope texts that mean the whole document, as the corpus and vbpl word it.
_WHOLE = {"", "toàn bộ", "toàn văn", "toàn bộ văn bản"}


def derive_status(incoming: Iterable[Relation]) -> Status:
    """The status a document has, given the relations whose target it is.

    Args:
        incoming: relations pointing at the document (others' types are ignored).

    Returns:
        The strongest status they imply, or ``Status.IN_FORCE`` when none supersedes it.

    Example:
        >>> derive_status([])
        <Status.IN_FORCE: 'in_force'>
    """
    earned = {status_of(relation) for relation in incoming}
    return next(s for s in PRECEDENCE if s in earned or s is Status.IN_FORCE)


def status_of(relation: Relation) -> Status:
    """The status one incoming relation gives its target on its own.

    Args:
        relation: a relation pointing at the document.

    Returns:
        ``repealed``, ``replaced``, ``partly_repealed``, ``amended``, or ``in_force``.

    Example:
        >>> from .model import Evidence
        >>> ev = Evidence("a.txt", 3, "bãi bỏ Điều 7 Quyết định số 12/2020/QĐ-UBND")
        >>> status_of(Relation("b", "a", RelationType.REPEALS, ev, scope="Điều 7"))
        <Status.PARTLY_REPEALED: 'partly_repealed'>
    """
    whole = is_whole(relation.scope)
    match relation.type:
        case RelationType.REPEALS:
            return Status.REPEALED if whole else Status.PARTLY_REPEALED
        case RelationType.REPLACES:
            return Status.REPLACED if whole else Status.AMENDED
        case RelationType.AMENDS:
            return Status.AMENDED
        case _:
            return Status.IN_FORCE


def is_whole(scope: str | None) -> bool:
    """Whether a relation's scope covers the whole document (no scope, or "toàn bộ").

    Args:
        scope: the scope text kept on the relation.

    Returns:
        True for None, blank, or a whole-document phrase.

    Example:
        >>> is_whole("Toàn bộ"), is_whole("một số Điều")
        (True, False)
    """
    if scope is None:
        return True
    return " ".join(unicodedata.normalize("NFC", scope).split()).casefold() in _WHOLE
