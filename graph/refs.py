"""Describe documents for answers: a :class:`DocumentRef` per key, looked up once per query.

Example:
    >>> from .sqlite_store import SQLiteStore
    >>> refs = DocumentRefs(SQLiteStore(":memory:"))
    >>> refs.get("doc:nothing").status
    'unknown'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Document
from .results import DocumentRef
from .store import NotFound, Store

_LABEL_WIDTH = 60


def label_of(doc: Document) -> str:
    """What a person reads for a document: its symbol, else its title (shortened), else its key.

    Example:
        >>> from .model import DocType
        >>> label_of(Document("scheme:x", None, DocType.SCHEME, title="Đề án phát triển"))
        'Đề án phát triển'
    """
    if doc.symbol:
        return doc.symbol
    if doc.title:
        title = " ".join(doc.title.split())
        return title if len(title) <= _LABEL_WIDTH else title[: _LABEL_WIDTH - 1].rstrip() + "…"
    return doc.key


class DocumentRefs:
    """DocumentRefs of one store, memoised for the life of one query.

    Args:
        store: any Store; only ``document`` and ``status`` are called.

    Example:
        >>> from .sqlite_store import SQLiteStore
        >>> DocumentRefs(SQLiteStore(":memory:")).known("doc:x")
        False
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._refs: dict[str, DocumentRef] = {}
        self._docs: dict[str, Document | None] = {}
        self._primed: Mapping[str, Document] = {}

    def prime(self, documents: Mapping[str, Document]) -> None:
        """Use these already-read documents instead of asking the store for them again."""
        self._primed = documents

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read many documents in one go when the store can (``document_summaries``)."""
        batch = getattr(self.store, "document_summaries", None)
        wanted = [k for k in dict.fromkeys(keys) if k not in self._refs and k not in self._primed]
        if batch is None or not wanted:
            return
        found = batch(wanted)
        for key in wanted:
            if key in found:
                doc, status = found[key]
                self._docs[key] = doc
                self._refs[key] = ref_of(doc, status)

    def document(self, key: str) -> Document | None:
        """The stored document, or None when the key is unknown."""
        if key in self._primed:
            return self._primed[key]
        if key not in self._docs:
            try:
                self._docs[key] = self.store.document(key)
            except NotFound:
                self._docs[key] = None
        return self._docs[key]

    def known(self, key: str) -> bool:
        """Whether the store has a document with this key."""
        return self.document(key) is not None

    def get(self, key: str) -> DocumentRef:
        """The DocumentRef of a key; an unknown key gets doc_type ``other``, status ``unknown``."""
        if key not in self._refs:
            doc = self.document(key)
            if doc is None:
                self._refs[key] = DocumentRef(key, None, None, "other", None, None, None,
                                              "unknown", key)
            else:
                self._refs[key] = ref_of(doc, self.store.status(key))
        return self._refs[key]

    def require(self, key: str) -> DocumentRef:
        """The DocumentRef of a key that must exist.

        Raises:
            NotFound: the store has no document with that key.
        """
        if not self.known(key):
            raise NotFound(f"No document with key {key!r}. Look keys up with search() or "
                           "resolve_subject(); a symbol alone (361-KL/TU) is not a key.")
        return self.get(key)


def ref_of(doc: Document, status: str) -> DocumentRef:
    """The DocumentRef of a stored document and its derived status.

    Example:
        >>> from .model import DocType
        >>> ref_of(Document("k", "327/KH-UBND", DocType.PLAN), "in_force").doc_type
        'plan'
    """
    return DocumentRef(doc.key, doc.symbol, doc.title, str(doc.doc_type), doc.issuer,
                       doc.jurisdiction, doc.date, status, label_of(doc))

