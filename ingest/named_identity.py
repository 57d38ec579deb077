"""When two names are one document: signatures, comparison, clusters and keys.

A name is read into facets (:func:`_signature`): kind, topic words, place, period, a
law's year, an acronym, a congress number. Two names are one document when no stated
facet conflicts and the topic (or acronym) agrees; a missing facet conflicts with
nothing, except a law's year. :func:`cluster_names` judges names alone: cluster the
names of one file (or one jurisdiction), since "Quy hoạch tỉnh" or "Kế hoạch thực hiện
Nghị quyết số 93/NQ-CP" mean a different document in each province.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..graph.model import DocType
from .named import NamedMention
from .named_text import WORD, FoldedText
from .named_vocab import (
    ACRONYM_ALIASES,
    ACRONYM_RE,
    FTA_RE,
    KIND_OF,
    NAM,
    QUOTE_CHARS,
    TAIL_RE,
    TRIGGER_RE,
    TYPE_HEAD_RE,
    YEAR,
    YEAR_RE,
)

__all__ = ["cluster_keys", "cluster_names", "named_key", "same_named_document"]


# Filler left out of a topic (original spelling; the ASCII forms serve OCR text, where
# "cua" may be "cửa" and is kept).
_TOPIC_DROP = {"các", "của", "về", "và", "ở", "giữa", "những", "năm", "số", "cac", "ve", "va"}
_NATIONAL = {("quoc", "gia"), ("viet", "nam"), ("toan", "quoc")}


@dataclass(frozen=True)
class _Signature:
    """The identity facets of a name, all folded.

    ``topic`` is what the document is about, the other facets taken out; ``province``
    the place ("binh phuoc", or "quoc gia" for a national scope); ``start``/``end``/
    ``horizon`` the period; ``year`` a law's year; ``alias`` an acronym or a
    parenthesised short name; ``congress`` "toan quoc xiii" or "tinh xi".
    """

    kind: str
    topic: tuple[str, ...]
    province: str | None = None
    start: int | None = None
    end: int | None = None
    horizon: int | None = None
    year: int | None = None
    alias: str | None = None
    congress: str | None = None
    odd_period: bool = False  # an end year that is no year ("2021-230", sct l.1023)

    @property
    def facets(self) -> int:
        """How many identity facets the name states."""
        return sum(x is not None for x in (self.province, self.start, self.end, self.horizon, self.alias))


@lru_cache(maxsize=4096)
def _signature(name: str) -> _Signature:
    """Read the identity facets of a name (a NamedMention.name or any printed name).

    Example:
        >>> s = _signature("Đề án “Phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025”")
        >>> (s.kind, " ".join(s.topic), s.province, s.start, s.end)
        ('de_an', 'phat trien cong nghiep ho tro', 'binh phuoc', 2021, 2025)
    """
    raw = " ".join(re.sub(f"[{QUOTE_CHARS}]", " ", unicodedata.normalize("NFC", name)).split())
    if FTA_RE.fullmatch(raw):
        return _Signature("hiep_dinh", (), alias=ACRONYM_ALIASES.get(raw.lower(), raw.lower()))
    doc = FoldedText(raw)
    head = TRIGGER_RE.match(doc.fold)
    kind = head.lastgroup if head and head.lastgroup else "unknown"
    body = head.end() if head else 0
    alias, cut = _signature_alias(doc, body)
    start, end, horizon = _period_facets(doc.fold, body)
    province, topic = _topic_and_place(doc, body, cut)
    year = congress = None
    if kind == "luat" and (found := re.search(rf"(?:{NAM}\s+)?({YEAR})\s*$", doc.fold)):
        year = int(found.group(1))
        topic = tuple(w for w in topic if w != found.group(1))
    if kind == "nghi_quyet_dai_hoi":
        congress = _congress_facet(doc.fold)
        province = None if congress and congress.startswith("toan quoc") else province
    if kind == "hiep_dinh":
        province = None  # partners are no place: "Việt Nam - EU (EVFTA)"
        alias = alias or next((ACRONYM_ALIASES.get(w, w) for w in topic if FTA_RE.fullmatch(w.upper())), None)
    odd = start is not None and end is None and bool(re.search(rf"{start}\s*-\s*\d", doc.fold))
    return _Signature(kind, topic, province, start, end, horizon, year, alias, congress, odd)


def _signature_alias(doc: FoldedText, body: int) -> tuple[str | None, list[tuple[int, int]]]:
    """A name's alias (from a parenthetical) and the folded spans to leave out of its topic.

    "(XTTM)" abbreviates words already in the name (sct l.1852) and is no alias;
    "(EVFTA)" and "(Quy hoạch Điện VIII)" are.
    """
    alias = None
    cut: list[tuple[int, int]] = []
    for par in re.finditer(r"\(([^()]{1,60})\)", doc.fold[body:]):
        inner_raw = doc.rslice(body + par.start(1), body + par.end(1)).strip()
        inner = par.group(1).strip()
        head = TYPE_HEAD_RE.match(inner)
        if ACRONYM_RE.fullmatch(inner_raw) and FTA_RE.fullmatch(inner_raw):
            alias = ACRONYM_ALIASES.get(inner, inner)
        elif head and not ACRONYM_RE.fullmatch(inner_raw):
            alias = inner[head.end() :].strip() or alias
        cut.append((body + par.start(), body + par.end()))
    return alias, cut


def _period_facets(fold: str, start: int) -> tuple[int | None, int | None, int | None]:
    """(start, end, horizon) of the first period in a folded name; end None if not a year."""
    tail = TAIL_RE.search(fold, start)
    if tail is None:
        return None, None, None
    first = int(tail.group("start")) if tail.group("start") else None
    end_raw = tail.group("end") or tail.group("end1") or tail.group("end2")
    end = int(end_raw) if end_raw and len(end_raw) == 4 else None  # "2021-230" (sct l.1023)
    years = YEAR_RE.findall(tail.group("more") or "")
    return first, end, int(years[0]) if years else None


def _congress_facet(fold: str) -> str | None:
    """ "toan quoc xiii" or "tinh xi" for a congress resolution."""
    number = re.search(r"lan\s+thu\s+([ivxl]+)", fold)
    if number is None:
        return None
    level = "toan quoc" if "toan quoc" in fold else "tinh" if re.search(r"\btinh\b", fold) else "?"
    return f"{level} {number.group(1)}"


def _topic_and_place(doc: FoldedText, body: int, cut: list[tuple[int, int]]) -> tuple[str | None, tuple[str, ...]]:
    """Split a name's body (before its period) into its place and its topic words.

    "trên địa bàn tỉnh" and a "tỉnh" without a name are filler; "tỉnh <Name>" and
    "thành phố <Name>" give the place; "quốc gia", "Việt Nam", "toàn quốc" a national one.
    """
    tail = TAIL_RE.search(doc.fold, body)
    indices = [
        i for i in range(doc.token_at(body), doc.token_at(tail.start() if tail else len(doc.fold)))
        if doc.kinds[i] == WORD and not any(a <= doc.starts[i] < b for a, b in cut)
    ]  # fmt: skip
    words = [doc.f(i) for i in indices]
    province: str | None = None
    keep: list[str] = []
    k = 0
    while k < len(words):
        w, nxt = words[k], words[k + 1] if k + 1 < len(words) else ""
        if (w, nxt) in _NATIONAL:
            province, k = province or "quoc gia", k + 2
        elif w in {"tinh", "pho"} and k + 1 < len(words) and doc.cap(indices[k + 1]):
            j = k + 1
            while j < len(words) and doc.cap(indices[j]) and j - k <= 4:
                j += 1
            province, k = " ".join(words[k + 1 : j]), j
        elif words[k : k + 3] == ["tren", "dia", "ban"]:
            k += 3
        else:
            if doc.o(indices[k]) not in _TOPIC_DROP and w != "tinh" and (w, nxt) != ("thanh", "pho"):
                keep.append(w)
            k += 1
    if not keep and "tinh" in words:
        keep = ["tinh"]  # "Quy hoạch tỉnh": the province's own plan
    return province, tuple(keep)


def _conflicts(a: _Signature, b: _Signature) -> bool:
    """Two names that cannot be one document: a stated facet differs.

    Periods differ when the start years differ, or the end years differ, except that a
    differing end with the same start and the same stated horizon is read as a typo:
    "Quy hoạch tỉnh Bình Phước thời kỳ 2021-2023, tầm nhìn đến năm 2050" (sct l.4573)
    for 2021-2030 (l.1639). A law's year must match exactly, a missing year included:
    "Luật Đầu tư" (no year) is kept apart from "Luật Đầu tư 2014" and from 2020.
    """
    typo = a.start is not None and a.start == b.start and a.horizon is not None and a.horizon == b.horizon
    return (
        a.kind != b.kind
        or bool(a.province and b.province and not _close(a.province, b.province))
        or bool(a.start and b.start and a.start != b.start)
        or bool(a.horizon and b.horizon and a.horizon != b.horizon)
        or bool(a.end and b.end and a.end != b.end and not typo)
        or (a.kind == "luat" and a.year != b.year)
        or bool(a.alias and b.alias and a.alias != b.alias)
        or bool(a.congress and b.congress and not _same_congress(a.congress, b.congress))
    )


def _same_congress(a: str, b: str) -> bool:
    """Same congress number, and the same level where both are stated ("toan quoc", "tinh")."""
    (level_a, number_a), (level_b, number_b) = a.rsplit(" ", 1), b.rsplit(" ", 1)
    return number_a == number_b and (level_a == level_b or "?" in (level_a, level_b))


def _close(a: str, b: str) -> bool:
    """Equal, or one OCR slip apart ("binh duwong" for "binh duong")."""
    return a == b or _ocr_slip(a, b)


def _ocr_slip(a: str, b: str) -> bool:
    """Two words one edit apart, both of four letters or more and without digits.

    Numbers never differ by a slip: "1968/QĐ-TTg" is not "1969/QĐ-TTg".
    """
    if min(len(a), len(b)) < 4 or any(c.isdigit() for c in a + b):
        return False
    return Levenshtein.distance(a, b) <= 1


def _same_identity(a: _Signature, b: _Signature) -> bool:
    """Positive evidence that two names are one document, facets aside.

    The same alias or acronym ("EVFTA"), the same congress, or the same topic word for
    word, where a word may differ by one OCR slip and the whole topic must still score
    ≥ 90 with rapidfuzz (a law's field must be equal). Topics never match as subsets:
    "phát triển cụm công nghiệp" is not "phát triển các khu công nghiệp, khu kinh tế,
    cụm công nghiệp" (sct l.144 vs l.120).
    """
    if a.alias and a.alias == b.alias:
        return True
    if a.congress or b.congress:
        return bool(a.congress and b.congress and _same_congress(a.congress, b.congress))
    if not a.topic or len(a.topic) != len(b.topic):
        return False
    if a.kind == "luat":
        return a.topic == b.topic
    if not all(x == y or _ocr_slip(x, y) for x, y in zip(a.topic, b.topic, strict=True)):
        return False
    return fuzz.ratio(" ".join(a.topic), " ".join(b.topic)) >= 90


def same_named_document(a: str, b: str) -> bool:
    """Decide whether two printed names name the same document.

    Rule: no stated facet conflicts (kind, place, period, a law's year, acronym,
    congress; :func:`_conflicts`) and there is positive evidence of identity (the same
    acronym or congress, or the same topic after folding; :func:`_same_identity`). A
    name that leaves a facet out ("… tỉnh Bình Phước" without its period) is compatible
    with one that states it; a law's year is never left out.

    Args:
        a: a name as printed or as cleaned by :func:`~policygraph.ingest.named.find_named_documents`.
        b: another.

    Returns:
        True when they are one document.

    Example:
        >>> same_named_document("Luật Đầu tư 2014", "Luật đầu tư năm 2020")
        False
    """
    sa, sb = _signature(a), _signature(b)
    return not _conflicts(sa, sb) and _same_identity(sa, sb)


def cluster_names(names: Sequence[str]) -> list[int]:
    """Group names that name the same document.

    Rule: names are taken most specific first (:func:`_rank`), so the result does not
    depend on input order; the first name of a cluster is its representative. A later
    name joins a cluster when it does not conflict with the representative
    (:func:`_conflicts`) and shows identity with some member (:func:`_same_identity`).
    A name that could join two clusters stays on its own: "Quy hoạch tỉnh" beside the
    plans of two provinces names neither for certain. Names are judged alone, so
    cluster one file's (or one jurisdiction's) names at a time.

    Args:
        names: printed or cleaned names.

    Returns:
        A cluster id per name, numbered 0, 1, … in order of first appearance.

    Example:
        >>> cluster_names(["Luật Đầu tư 2020", "Luật đầu tư năm 2020", "Luật Đầu tư 2014"])
        [0, 0, 1]
    """
    return _clusters(names)[0]


def cluster_keys(names: Sequence[str]) -> list[str]:
    """A key per name: the key (:func:`named_key`) of its cluster's representative.

    Keys come from the canonical folded signature, not from which spelling came first,
    so wording variants that fold alike share one key in any order. The representative
    is the cluster's most specific name (:func:`_rank`); a new file moves a cluster's key
    only by stating a facet no earlier name stated (a province, a period), which makes
    the key more specific, or by outnumbering the current spelling of a facet.

    Args:
        names: printed or cleaned names.

    Returns:
        One key per name.

    Example:
        >>> cluster_keys(["Quy hoạch tỉnh", "Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030"])[0]
        'other:quy-hoach-tinh-binh-phuoc-2021-2030'
    """
    return _clusters(names)[1]


def _rank(sigs: Sequence[_Signature], names: Sequence[str]) -> list[int]:
    """Order of names, most specific first: most facets, a plausible period, most often
    printed, then by slug and name, so ties never depend on input order.

    A planning period ends on a multiple of five years: "thời kỳ 2021-2023", printed
    three times for "thời kỳ 2021-2030" (sct l.4573, l.4755, l.5362), must not lead.
    """
    counts: dict[_Signature, int] = {}
    for sig in sigs:
        counts[sig] = counts.get(sig, 0) + 1

    def rank(i: int) -> tuple[int, int, int, str, str]:
        sig = sigs[i]
        plausible = not sig.odd_period and (sig.end is None or sig.end % 5 == 0)
        return (-sig.facets, -int(plausible), -counts[sig], _slug(sig), names[i])

    return sorted(range(len(names)), key=rank)


def _clusters(names: Sequence[str]) -> tuple[list[int], list[str]]:
    """Cluster ids (by first appearance) and each name's cluster key."""
    sigs = [_signature(n) for n in names]
    clusters: list[list[int]] = []
    owner = [-1] * len(names)
    for i in _rank(sigs, names):
        fits = [
            c for c, members in enumerate(clusters)
            if not _conflicts(sigs[i], sigs[members[0]]) and any(_same_identity(sigs[i], sigs[m]) for m in members)
        ]  # fmt: skip
        if len(fits) != 1:
            fits = [len(clusters)]
            clusters.append([])
        clusters[fits[0]].append(i)
        owner[i] = fits[0]
    renumber: dict[int, int] = {}
    ids = [renumber.setdefault(c, len(renumber)) for c in owner]
    keys = [_key(sigs[clusters[c][0]]) for c in owner]
    return ids, keys


def named_key(mention: NamedMention | str) -> str:
    """A readable, deterministic key for one named document.

    Args:
        mention: a mention or a name.

    Returns:
        ``"<doc_type>:<slug>"``, the slug made of the folded topic, the place and the
        period's years (a law: its year; an agreement: its acronym; a congress
        resolution: its level and number). A topic of more than twelve words keeps its
        first ten and a short hash of the rest.

    Example:
        >>> named_key("Đề án phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025")
        'scheme:phat-trien-cong-nghiep-ho-tro-binh-phuoc-2021-2025'
    """
    return _key(_signature(mention.name if isinstance(mention, NamedMention) else mention))


def _key(sig: _Signature) -> str:
    """``<doc_type>:<slug>`` for a signature."""
    kind = KIND_OF.get(sig.kind, DocType.OTHER)
    return f"{kind.value}:{_slug(sig)}"


def _slug(sig: _Signature) -> str:
    """The slug of a key (see :func:`named_key`)."""
    parts: list[str] = [sig.kind.replace("_", " ")] if sig.kind in {"quy_hoach", "chien_luoc", "hiep_dinh"} else []
    if sig.kind == "hiep_dinh" and sig.alias:
        return _slugify([*parts, sig.alias])
    if sig.kind == "nghi_quyet_dai_hoi" and sig.congress:
        level, number = sig.congress.rsplit(" ", 1)
        return _slugify(["dai hoi", level, sig.province or "", number])
    parts += [*_short_topic(sig.topic), sig.province or ""]
    if sig.start or sig.end:
        parts.append("-".join(str(y) for y in (sig.start, sig.end) if y) if sig.start else f"den {sig.end}")
    if sig.year:
        parts.append(str(sig.year))
    return _slugify(parts)


def _short_topic(topic: tuple[str, ...], limit: int = 12) -> list[str]:
    """The topic words of a slug: all of them, or the first ten and a short hash.

    The hash keeps two long topics that share their first words apart.

    Example:
        >>> _short_topic(("phat", "trien"))
        ['phat', 'trien']
    """
    if len(topic) <= limit:
        return list(topic)
    digest = hashlib.blake2s(" ".join(topic).encode(), digest_size=2).hexdigest()
    return [*topic[: limit - 2], digest]


def _slugify(parts: Sequence[str]) -> str:
    """Join folded words with hyphens, keeping only letters and digits."""
    words = [w for p in parts for w in re.split(r"[^a-z0-9]+", p) if w]
    return "-".join(words) or "unnamed"
