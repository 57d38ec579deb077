"""Second clauses of a question: "…, and which Đề án does that plan carry out?".

A question may ask one thing about its document and then something about the answers
("Which plan implements 363-KL/TU, and which Đề án does that plan carry out?", "Which
national decision does 223/KH-UBND implement, and what does that decision issue?"), or
widen its document ("reports that cover 326/KH-UBND and its Đề án"). The first part is
answered by the intent's handler; this module reads the second part from the question's
shape (folded, the document replaced by ``§``) and says what to add.

Example:
    >>> follow_up("which plan implements § and which de an does that plan carry out").type
    <RelationType.IMPLEMENTS: 'implements'>
    >>> widens_to_schemes("which reports cover § and its de an cong nghiep che bien")
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..graph.model import DocType, RelationType
from ..graph.search import TYPE_PATTERN, TYPE_WORDS

__all__ = ["FollowUp", "follow_up", "widens_to_schemes"]

R = RelationType

# "and which Đề án does that plan carry out", "và đề án nào mà kế hoạch đó thực hiện".
_CARRIES_OUT = re.compile(
    rf"\b(?:and|va) (?:which|what) (?P<en>{TYPE_PATTERN})?s? ?(?:does|do|did) (?:that|this|the|each|those|these|it)"
    rf"(?: \w+)? (?:carry out|carries out|implement|implements|execute)\b"
    rf"|\bva (?P<vi>{TYPE_PATTERN}) nao (?:ma )?(?:\w+ ){{0,2}}(?:do|nay|ay) (?:thuc hien|trien khai)\b")
# "and what does that decision issue", "và quyết định đó ban hành gì".
_ISSUES = re.compile(
    r"\b(?:and|va) (?:what|which \w+) (?:does|do|did) (?:that|this|the|it)(?: \w+)? "
    r"(?:issue|issues|approve|approves|adopt|adopts|promulgate)\b"
    r"|\bva (?:\w+ ){0,2}(?:do|nay|ay) (?:ban hanh|phe duyet) (?:gi|nhung gi|van ban nao|cai gi)\b")
# "cover 326/KH-UBND and its Đề án", "326/KH-UBND và Đề án của nó".
_AND_ITS_SCHEME = re.compile(r"§ (?:and (?:its|their)|va (?:cac )?(?:de an|du an) cua (?:no|ke hoach))"
                             r"(?: (?:de an|scheme|schemes|project|projects))?\b|§ and its\b")


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What to add to each answer: the documents it links to by ``type`` (outgoing), of
    kind ``kind`` when the clause names one."""

    type: RelationType
    kind: DocType | None


def follow_up(shape: str) -> FollowUp | None:
    """The second clause of a question, if it asks about the first part's answers.

    Args:
        shape: the folded question with its document replaced by ``§`` (intents.Question).

    Returns:
        A FollowUp, or None when the question has no such clause.
    """
    if found := _CARRIES_OUT.search(shape):
        word = found.group("en") or found.group("vi")
        return FollowUp(R.IMPLEMENTS, TYPE_WORDS.get(word) if word else None)
    if _ISSUES.search(shape):
        return FollowUp(R.APPROVES, None)
    return None


def widens_to_schemes(shape: str) -> bool:
    """Whether the question asks about its document *and its schemes* ("… and its Đề án")."""
    return bool(_AND_ITS_SCHEME.search(shape))
