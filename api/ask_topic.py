"""Which document of a kind is about a topic: "Which Kết luận concerns công nghiệp hỗ trợ?".

A conclusion rarely states its own subject; the documents around it do. The statements
about a document are its title and the titles other files give it (``alternatives``),
the titles of the documents resting on or implementing it, and the titles of the
decisions approving the schemes that rest on it. A document's *support* for a topic is
how many of those statements name the topic. The answer is the documents with the most
support; documents with less are kept apart as contested, so a file that contradicts
itself (bao-cao:244 says "361-KL/TU về Phát triển công nghiệp hỗ trợ", while its appendix
pairs the supporting-industry scheme with 362-KL/TU, and 1642/QĐ-UBND approves that scheme)
shows both sides with their weight.

Example:
    >>> topic_asked("Which Kết luận of the Ban Thường vụ Tỉnh ủy concerns công nghiệp hỗ trợ (supporting industry)?")
    'công nghiệp hỗ trợ'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..graph.model import DocType, Document, Evidence, RelationType
from ..graph.refs import DocumentRefs
from ..graph.search import search
from ..graph.topics import words_of
from ..graph.store import Store
from ..ingest.textfold import fold

__all__ = ["Support", "supporters", "topic_asked", "topic_text"]

R = RelationType
_TOPIC_MATCH = 90.0  # rapidfuzz partial ratio of a statement to the topic, folded
_MIN_TOPIC_CHARS = 4
_CANDIDATE_HITS = 500  # title matches looked at to find the documents a topic may concern
_CANDIDATE_SCORE = 50.0

_EN_TOPIC = re.compile(r"\b(?:concerns?|concerning|is about|are about|about|deals? with|dealing with|"
                       r"covers?|on the topic of|regarding|relates? to|related to)\s+(?P<topic>\S.*)$")
_VI_TOPIC = re.compile(r"\bnao\s+(?:\w+\s+){0,6}?(?:ve|lien quan den|noi ve|de cap den|ban ve)\s+(?P<topic>\S.*)$")
_PARENTHESES = re.compile(r"\([^)]*\)")


def topic_asked(question: str) -> str | None:
    """The topic of "which <kind> concerns <topic>" / "<loại> nào về <chủ đề>", as the
    question writes it, without a parenthesised gloss ("(supporting industry)")."""
    plain = _PARENTHESES.sub(lambda m: " " * len(m.group()), question)
    # fold keeps offsets, and so does blanking punctuation: spans map back to the question.
    folded = re.sub(r"[^a-z0-9]", " ", fold(plain))
    found = _EN_TOPIC.search(folded) or _VI_TOPIC.search(folded)
    if not found:
        return None
    topic = " ".join(re.sub(r"[?!.,;:]+", " ", plain[found.start("topic"):]).split())
    return topic if len(topic) >= _MIN_TOPIC_CHARS else None


@dataclass(slots=True)
class Support:
    """A document and the statements about it that name the topic (with their evidence)."""

    document: Document
    statements: list[tuple[str, Evidence | None]] = field(default_factory=list)


def supporters(store: Store, kind: DocType, topic: str) -> list[Support]:
    """Documents of ``kind`` with at least one statement naming ``topic``, most support first.

    Args:
        store: any Store.
        kind: the kind of document asked for.
        topic: the topic words, as the question writes them.

    Returns:
        Supports ordered by (number of statements, key) descending, then key.
    """
    refs = DocumentRefs(store)
    found: list[Support] = []
    for key in _candidates(store, refs, kind, topic):
        doc = store.document(key)  # whole: its title, alternatives and first mention
        support = Support(doc, [s for s in _statements(store, refs, doc) if _names(s[0], topic)])
        if support.statements:
            found.append(support)
    return sorted(found, key=lambda s: (-len(s.statements), s.document.key))


def _candidates(store: Store, refs: DocumentRefs, kind: DocType, topic: str) -> set[str]:
    """Documents of ``kind`` a statement about the topic may concern: those whose title the
    search index matches, and those the matching documents rest on, directly or through
    the scheme a matching decision approves. Spares reading every document of a large store."""
    found: set[str] = set()
    hits = search(store, topic, limit=_CANDIDATE_HITS, min_score=_CANDIDATE_SCORE).hits
    for hit in hits:
        if hit.document.doc_type == kind:
            found.add(hit.document.key)
        above = [hit.document.key] + [r.target for r in store.edges(hit.document.key, "out", [R.APPROVES])]
        rested_on = [r.target for key in above for r in store.edges(key, "out", [R.BASED_ON, R.IMPLEMENTS])]
        refs.prefetch(rested_on)
        found.update(key for key in rested_on if refs.get(key).doc_type == kind)
    return found


def _statements(store: Store, refs: DocumentRefs, doc: Document) -> list[tuple[str, Evidence | None]]:
    """Every distinct statement of what ``doc`` is about, with where it is said."""
    said: dict[str, tuple[str, Evidence | None]] = {}

    def add(title: str | None, evidence: Evidence | None) -> None:
        if title:
            said.setdefault(fold(title), (title, evidence))

    add(doc.title, doc.mentions[0] if doc.mentions else None)
    for alternative in doc.alternatives:
        add(alternative.get("title"), Evidence(alternative.get("file", ""), alternative.get("line") or 0,
                                               alternative.get("text", "")))
    resting = store.edges(doc.key, "in", [R.BASED_ON, R.IMPLEMENTS])
    refs.prefetch(r.source for r in resting)
    for relation in resting:
        source = refs.get(relation.source)
        add(source.title, relation.evidence)
        if source.doc_type == DocType.SCHEME:
            approvals = store.edges(source.key, "in", [R.APPROVES])
            refs.prefetch(a.source for a in approvals)
            for approval in approvals:
                add(refs.get(approval.source).title, approval.evidence)
    return list(said.values())


def _names(statement: str, topic: str) -> bool:
    """Whether a statement names the topic: nearly word for word (typos allowed), or with
    every topic word in order within a short stretch ("thương mại, thương mại điện tử")."""
    wanted, words = words_of(topic), words_of(statement)
    if not wanted:
        return False
    if fuzz.partial_ratio(" ".join(wanted), " ".join(words)) >= _TOPIC_MATCH:
        return True
    reach = 2 * len(wanted)
    for start, word in enumerate(words):
        if word != wanted[0]:
            continue
        rest = iter(words[start + 1: start + reach])
        if all(w in rest for w in wanted[1:]):  # in order: ``in`` consumes the iterator
            return True
    return False


def topic_text(lang: str, topic: str, best: list[Support], contested: list[Support]) -> str:
    """One sentence: who is about the topic, on how many statements, and who else is said to be."""
    def named(s: Support) -> str:
        n = len(s.statements)
        label = s.document.symbol or s.document.title or s.document.key
        if lang == "vi":
            return f"{label} ({n} căn cứ)"
        return f"{label} ({n} statement{'s' if n != 1 else ''})"

    lead = ", ".join(named(s) for s in best)
    if lang == "vi":
        text = f"Văn bản về “{topic}”: {lead}."
        return text + (f" Cũng được nêu, ít căn cứ hơn: {', '.join(named(s) for s in contested)}."
                       if contested else "")
    text = f"About “{topic}”: {lead}."
    return text + (f" Also said, on less evidence: {', '.join(named(s) for s in contested)}."
                   if contested else "")
