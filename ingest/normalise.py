"""Stage 2 of ingest: clean decoded text without moving any line.

``normalise_text`` runs a chain of named cleaning steps over the text that
``read.read_source`` decoded, and keeps the raw text beside the clean one::

    clean = normalise_text(source.text)
    clean.line_at(clean.text.index("339/KH-UBND"))  # -> line number in the raw file

The one rule every step keeps: **the clean text has exactly as many lines as the
raw text, and line N of the clean text comes from line N of the raw text**
(lines counted on ``"\\n"`` only, like ``sed -n Np``). Evidence found in the clean
text therefore points at the right line of the original file. Steps may change
the length of a line, never the number of lines; a document symbol cut across a
line break is rejoined by *moving* the break, not by deleting it.

Steps live in ``CLEANERS`` (name -> function) and run in ``DEFAULT_STEPS`` order;
callers may pass their own list of names and callables, the way eyecite's
``clean_text`` takes ``cleaners_lookup`` names. The default order:

1. ``line_ends``: ``\r\n`` -> ``\n``; lone ``\r``, ``\f``, U+2028... -> space.
2. ``nfc``: Unicode NFC (the corpus has NFD lines).
3. ``pdf_glyphs``: PDF font damage (Ƣ/ƣ -> Ư/ư, HÕA -> HÒA), odd spaces -> space,
   invisible and private-use characters dropped.
4. ``dashes``: en/em dash, minus, non-breaking hyphen... -> ``-``.
5. ``field_codes``: Word ``HYPERLINK``/``PAGEREF``/``MERGEFORMAT`` codes removed.
6. ``symbol_breaks``: ``339/KH-\nUBND`` -> ``339/KH-UBND\n`` (the break moves).
7. ``footnote_markers``: ``361-KL/TU2`` -> ``361-KL/TU 2``; superscript digits dropped.
8. ``spaces``: runs of spaces -> one, line edges stripped; tabs kept.

Normalising twice gives the same text as normalising once.

``fold`` is the matching helper for extractors: lower case, no diacritics (the
package's one fold, :mod:`policygraph.ingest.textfold`, with spaces collapsed). OCR
text that lost its diacritics is not repaired here; extractors match it folded.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import compress
from operator import not_

from . import textfold

__all__ = [
    "CLEANERS",
    "DEFAULT_STEPS",
    "CleanText",
    "fold",
    "normalise_text",
]

logger = logging.getLogger(__name__)

Cleaner = Callable[[str], str]


# --------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanText:
    """Raw text and its normalised form, with the same lines.

    Args:
        raw: the decoded text, as read (``Source.text``).
        text: the normalised text; ``text.count("\\n") == raw.count("\\n")``.

    Example:
        >>> ct = normalise_text("Kết luận 365-KL/T\\nU\\n")
        >>> ct.line_text(1), ct.line_at(ct.text.index("KL/TU"))
        ('Kết luận 365-KL/TU', 1)
    """

    raw: str
    text: str

    @cached_property
    def _starts(self) -> list[int]:
        """Offsets in ``text`` where each line starts (index 0 is line 1)."""
        return _line_starts(self.text)

    @cached_property
    def _raw_starts(self) -> list[int]:
        """Offsets in ``raw`` where each line starts."""
        return _line_starts(self.raw)

    @property
    def line_count(self) -> int:
        """Number of lines, counting ``"\\n"`` like ``wc -l`` plus a last unterminated line."""
        return len(self._starts)

    def line_at(self, offset: int) -> int:
        """Return the 1-based line of an offset into the clean text.

        Args:
            offset: 0 <= offset <= len(text); a ``"\\n"`` belongs to the line it ends.

        Returns:
            The line number, valid in the raw file too.

        Example:
            >>> normalise_text("a\\nb").line_at(2)
            2
        """
        if not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset} is outside the text (0..{len(self.text)})")
        return bisect_right(self._starts, offset)

    def line_start(self, n: int) -> int:
        """Return the offset in the clean text where line ``n`` (1-based) starts.

        Example:
            >>> normalise_text("ab\\ncd").line_start(2)
            3
        """
        if not 1 <= n <= len(self._starts):
            raise IndexError(f"line {n} is out of range; the text has lines 1..{len(self._starts)}")
        return self._starts[n - 1]

    def line_text(self, n: int) -> str:
        """Return clean line ``n`` (1-based) without its ``"\\n"``.

        Example:
            >>> normalise_text("a\\nb  c").line_text(2)
            'b c'
        """
        return _nth_line(self.text, self._starts, n)

    def raw_line_text(self, n: int) -> str:
        """Return raw line ``n`` (1-based) without its ``"\\n"`` (a trailing ``"\\r"`` is dropped).

        Example:
            >>> normalise_text("a\\r\\nb\\u2013c").raw_line_text(2)
            'b–c'
        """
        return _nth_line(self.raw, self._raw_starts, n).removesuffix("\r")


def _line_starts(text: str) -> list[int]:
    """Offsets of line starts: 0, then one past each ``"\\n"``."""
    return [0, *[m.end() for m in _NEWLINE_RE.finditer(text)]]


_NEWLINE_RE = re.compile("\n")


def _nth_line(text: str, starts: list[int], n: int) -> str:
    """Slice line ``n`` (1-based) out of ``text`` given its line starts."""
    if not 1 <= n <= len(starts):
        raise IndexError(f"line {n} is out of range; the text has lines 1..{len(starts)}")
    end = starts[n] - 1 if n < len(starts) else len(text)
    return text[starts[n - 1] : end]


# --------------------------------------------------------------------------
# Known codes (domain.md §1), used to decide when a symbol was cut or glued
# --------------------------------------------------------------------------

# Type codes: state (NĐ 30/2020 Phụ lục III), normative and Party, plus the
# variants domain.md lists as seen in practice (CV, QCh, DAn, Ctr, OCR "QD").
_TYPE_CODES = frozenset(
    "NQ QĐ QD CT QC QyĐ TC TB HD CTr Ctr KH PA ĐA DA BC BB TTr HĐ CĐ BGN BTT GUQ GM GGT GNP "
    "PG PC PB SY TrS SL NĐ TT TTLT CV QCh DAn KL QĐi".split()
)
# Issuers seen in the corpus or named in domain.md; "L" (Luật) is left out on
# purpose: a one-letter code would let any cut after "/L" look like a join.
_PARTY_ISSUERS = frozenset("TW TU HU QU ThU ĐU ĐUK BCSĐ ĐĐ VPTW VPTU BTCTU BTGTU BDVTU UBKTTU BTCTW BTGTW".split())
_STATE_ISSUERS = frozenset(
    "CP TTg UBND HĐND QH UBTVQH VPCP BCĐ BCT BKHĐT BNNPTNT BTC BTNMT BXD BGTVT BLĐTBXH BYT "
    "BGDĐT BTTTT BKHCN BNV BTP BCA BQP BNG BVHTTDL NHNN SCT SKHĐT STC SNNPTNT STNMT SXD SGTVT "
    "SLĐTBXH SYT SGDĐT STTTT SKHCN SNV STP SVHTTDL".split()
)
_KNOWN_CODES = _TYPE_CODES | _PARTY_ISSUERS | _STATE_ISSUERS
# Mixed-case codes; any other code must be upper case (digits may follow: QH14).
_MIXED_CASE_CODES = frozenset(c for c in _KNOWN_CODES if not c.isupper())
# Issuers after which 1-2 glued digits can only be a footnote marker. QH takes the
# legislature number (45/2019/QH14) and BCĐ a committee number (BCĐ389): left out.
_FOOTNOTE_ISSUERS = (_PARTY_ISSUERS | _STATE_ISSUERS) - {"QH", "UBTVQH", "BCĐ"}

_CODE = r"[A-ZĐ][A-Za-zĐđ]*[0-9]*"
_SYMBOL_RE = re.compile(
    rf"[0-9]+-{_CODE}/{_CODE}(?:-{_CODE})*"  # Party: 17-CTr/TU, 05-QC/BTCTU-BDVTU
    rf"|[0-9]+/(?:[0-9]{{4}}/)?{_CODE}(?:-{_CODE})+"  # State: 339/KH-UBND, 07/2019/NQ-HĐND
    rf"|[0-9]+/[0-9]{{4}}/{_CODE}"  # law: 45/2019/QH14
)
_TRAILING_LETTERS_RE = re.compile(r"[A-Za-zĐđ]+\Z")
_LEADING_LETTERS_RE = re.compile(r"[A-Za-zĐđ]+")


def _symbol_codes(token: str) -> list[str] | None:
    """Return the codes of a well-formed document symbol, or None.

    Well-formed: one of the three shapes of domain.md §1, every code upper case
    (or a known mixed-case code such as ``CTr``), and the first code known.
    """
    if not _SYMBOL_RE.fullmatch(token):
        return None
    codes = [part for part in re.split(r"[-/]", token) if not part.isdigit()]
    for code in codes:
        letters = code.rstrip("0123456789")
        if not (letters.isupper() or letters in _MIXED_CASE_CODES):
            return None
    return codes if codes[0] in _KNOWN_CODES else None


# --------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------


# A word character for lookarounds of steps that run before footnote_markers:
# \w minus the superscript digits that step deletes, so that deleting them
# cannot turn a non-match into a match on a second run (idempotence).
_WORD = r"[^\W\u00b2\u00b3\u00b9\u2070\u2074-\u2079]"


def _is_nfc(text: str) -> bool:
    """Tell whether ``text`` is NFC (C speed; fast on lines without combining marks)."""
    return unicodedata.is_normalized("NFC", text)


def _fix_lines(text: str, finders: Sequence[re.Pattern[str]], fix: Cleaner) -> str:
    """Apply ``fix`` to each line where one of ``finders`` matches; leave other lines alone.

    Most lines need no fix, so the text is scanned at C speed and only the
    matching lines are touched. A line that was NFC stays NFC: deleting a
    zero-width char between a letter and its tone mark leaves a pair to
    recompose, and without that normalising twice would differ from once.
    NFC never crosses a ``"\\n"``, so recomposing one line is exact.
    """
    hits = sorted({m.start() for finder in finders for m in finder.finditer(text)})
    pieces: list[str] = []
    pos = 0
    for hit in hits:
        if hit < pos:
            continue  # another hit on a line already fixed
        start = text.rfind("\n", 0, hit) + 1
        end = text.find("\n", hit)
        end = len(text) if end == -1 else end
        line = text[start:end]
        new = fix(line)
        if new != line and not _is_nfc(new) and _is_nfc(line):
            new = unicodedata.normalize("NFC", new)
        pieces += [text[pos:start], new]
        pos = end
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def _any_in(chars: str, text: str) -> bool:
    """Tell whether any of ``chars`` occurs in ``text`` (one C-level find each)."""
    return any(ch in text for ch in chars)


_OTHER_BREAKS = "\x0b\x0c\x85\u2028\u2029"
_LINE_END_RE = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def _clean_line_ends(text: str) -> str:
    """Turn ``\\r\\n`` into ``\\n``; other line-ish breaks become a space.

    A lone ``\\r``, ``\\f`` (pdftotext's page break) or U+2028 is not a line for
    ``sed`` and must not become one here, so it turns into a space.

    Example:
        >>> _clean_line_ends("a\\r\\nb\\rc\\fd")
        'a\\nb c d'
    """
    if "\r" not in text and not _any_in(_OTHER_BREAKS, text):
        return text
    return _LINE_END_RE.sub(lambda m: "\n" if m.group() == "\r\n" else " ", text)


_IS_NFC_LINE = partial(unicodedata.is_normalized, "NFC")


def _clean_nfc(text: str) -> str:
    """Compose to NFC: the corpus has NFD words with U+0309 (bao-cao:239 "Sở").

    Line by line: ``is_normalized`` on the whole text re-normalises all of it as
    soon as one combining mark appears, per line only the lines that have one.

    Example:
        >>> _clean_nfc("So\\u031b\\u0309") == "Sở"
        True
    """
    lines = text.split("\n")
    # map() with a partial keeps the per-line check in C; most lines pass.
    ok = list(map(_IS_NFC_LINE, lines))
    if all(ok):
        return text
    for i in compress(range(len(lines)), map(not_, ok)):
        lines[i] = unicodedata.normalize("NFC", lines[i])
    return "\n".join(lines)


_PDF_TABLE: dict[int, str | None] = {
    # The PDF font of bao-cao maps Ư/ư to U+01A2/U+01A3 "OI" (bao-cao:1499 "THƢƠNG",
    # bao-cao:2821 "PHƢƠNG HƢỚNG"); Vietnamese never uses OI, so the map is safe.
    0x01A2: "Ư",
    0x01A3: "ư",
    # Icelandic eth for Đ/đ: common in text converted from VNI/TCVN3 fonts.
    0x00D0: "Đ",
    0x00F0: "đ",
    # Odd spaces become a space (bentre:14 has NBSP between words).
    0x00A0: " ",
    0x202F: " ",
    0x205F: " ",
    0x3000: " ",
    **{cp: " " for cp in range(0x2000, 0x200B)},
    # Invisible: soft hyphen, zero-width space/joiners, word joiner, stray BOM.
    0x00AD: None,
    0x200B: None,
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,
    # U+FFFD marks a char the converter already lost.
    0xFFFD: None,
    # Private use: glyphs of symbol fonts with no Unicode meaning, dropped...
    **{cp: None for cp in range(0xE000, 0xF900)},
    # ...except Symbol/Wingdings bullets, which start list items like "-" does.
    0xF0B7: "-",
    0xF0A7: "-",
    0xF076: "-",
    0xF0D8: "-",
    0xF0FC: "-",
}
_PDF_MAP = {chr(cp): "" if ch is None else ch for cp, ch in _PDF_TABLE.items()}
_PDF_CHARS_RE = re.compile(
    "[\u01a2\u01a3\u00d0\u00f0\u00a0\u202f\u205f\u3000\u2000-\u200d\u00ad\u2060\ufeff\ufffd\ue000-\uf8ff]"
)
# "Ò" printed as "Õ" by the same font: bao-cao:1505 and :2991 "CỘNG HÕA XÃ HỘI".
# Õ is a real letter (VÕ, RÕ, NGÕ), so only the syllable HÕA is fixed: it is not
# a Vietnamese word, HÒA is.
_HOA_RE = re.compile(rf"(?<!{_WORD})H(?:ÕA|õa)(?!{_WORD})")
_HOA_FINDER_RE = re.compile(r"H(?:ÕA|õa)")  # a literal prefix scans fast


def _fix_pdf_line(line: str) -> str:
    """Map the damaged glyphs of one line."""
    line = _PDF_CHARS_RE.sub(lambda m: _PDF_MAP[m.group()], line)
    return _HOA_RE.sub(lambda m: "HÒA" if m.group()[1] == "Õ" else "Hòa", line)


def _clean_pdf_glyphs(text: str) -> str:
    """Repair PDF glyph damage and drop invisible characters.

    Example:
        >>> _clean_pdf_glyphs("CỘNG HÕA, SỞ CÔNG THƢƠNG\\u00ad")
        'CỘNG HÒA, SỞ CÔNG THƯƠNG'
    """
    finders = [_PDF_CHARS_RE]
    if "HÕA" in text or "Hõa" in text:
        finders.append(_HOA_FINDER_RE)
    return _fix_lines(text, finders, _fix_pdf_line)


_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"


def _clean_dashes(text: str) -> str:
    """Turn en/em dashes, minus, non-breaking hyphen, figure dash into ``-``.

    Symbols and ranges are written with any of them: "2021–2025" (bao-cao:146),
    OCR "29—NQ{TW" (ocr:162). Evidence is compared after normalisation.

    Example:
        >>> _clean_dashes("2021–2025 — 29\\u2011NQ/TW")
        '2021-2025 - 29-NQ/TW'
    """
    for dash in _DASHES:
        if dash in text:
            text = text.replace(dash, "-")
    return text


# Word field codes leak into text copied from .doc/.docx: the instruction goes,
# the visible result stays. Not in the corpus yet; seen in Word exports.
_FIELD_CODES_RE = re.compile(
    # HYPERLINK "url" \o "tip", HYPERLINK \l "_Toc12": the field, its switches and
    # quoted arguments, braces if any, and one space after. Text before is kept.
    # Word edges are ASCII-only: a superscript digit that footnote_markers drops
    # later must not shield a field code from this step (idempotence).
    r'(?<![A-Za-z0-9_])(?:\{[ \t]*)?HYPERLINK(?:[ \t]+(?:\\[a-z]|"[^"\n]*"))+[ \t]*\}?[ \t]?'
    # PAGEREF _Toc123 \h (tables of contents)
    r"|(?<![A-Za-z0-9_])(?:\{[ \t]*)?PAGEREF[ \t]+[A-Za-z0-9_.]+(?:[ \t]+\\[a-z])*[ \t]*\}?[ \t]?"
    # \* MERGEFORMAT, \* MERGEFORMATINET: the switch only, with the space before it
    r"|[ \t]*\\\*[ \t]*MERGEFORMAT(?:INET)?(?![A-Za-z0-9_])"
)


def _clean_field_codes(text: str) -> str:
    """Remove Word field codes (HYPERLINK, PAGEREF, MERGEFORMAT), keep the visible text.

    Example:
        >>> _clean_field_codes('xem HYPERLINK "https://vbpl.vn/x" Nghị định 80/2021/NĐ-CP')
        'xem Nghị định 80/2021/NĐ-CP'
    """
    if "HYPERLINK" not in text and "PAGEREF" not in text and "MERGEFORMAT" not in text:
        return text
    return _fix_lines(text, [_FIELD_CODES_RE], lambda line: _FIELD_CODES_RE.sub("", line))


_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
# Superscript digits are footnote calls, except after a unit: m², km³ stay.
_SUPERSCRIPT_RE = re.compile(f"(?<![mM])[{_SUPERSCRIPTS}]+")
# Finds lines to look at: a symbol tail with 1-2 digits glued on ("/TU2",
# "/KH-UBND2"). It starts with a literal "/", which sre scans for fast.
_GLUED_FINDER_RE = re.compile(r"/[A-Za-zĐđ0-9-]*[A-Za-zĐđ][0-9]{1,2}(?![\w/-])")
_GLUED_TOKEN_RE = re.compile(r"(?<![\w/.-])[0-9]+(?:[-/][A-Za-zĐđ0-9]+)+(?![\w/-])")
_SPLIT_DIGITS_RE = re.compile(r"(.*[A-Za-zĐđ])([0-9]{1,2})\Z")


def _split_glued_footnote(match: re.Match[str]) -> str:
    """Split ``361-KL/TU2`` into ``361-KL/TU 2`` when the digits are a footnote call."""
    token = match.group()
    parts = _SPLIT_DIGITS_RE.match(token)
    if parts is None:
        return token
    base, digits = parts.groups()
    codes = _symbol_codes(base)
    if codes is None or codes[-1] not in _FOOTNOTE_ISSUERS:
        return token
    return f"{base} {digits}"


def _clean_footnote_markers(text: str) -> str:
    """Unglue footnote calls from document symbols; drop superscript digits.

    The PDF flattens the superscript call onto the symbol: bao-cao:344 "Kết luận
    361-KL/TU2." and bao-cao:748 "361-KL/TU1." (footnote 1 is printed at :755).
    Only digits after a known issuer code are split off, so 45/2019/QH14 and
    BCĐ389 stay whole. The digits are kept, separated, so no text is lost.

    Example:
        >>> _clean_footnote_markers("Kết luận 361-KL/TU2. Luật 45/2019/QH14; 5 m² x¹")
        'Kết luận 361-KL/TU 2. Luật 45/2019/QH14; 5 m² x'
    """
    if _any_in(_SUPERSCRIPTS, text):
        text = _fix_lines(text, [_SUPERSCRIPT_RE], lambda line: _SUPERSCRIPT_RE.sub("", line))
    return _fix_lines(text, [_GLUED_FINDER_RE], lambda line: _GLUED_TOKEN_RE.sub(_split_glued_footnote, line))


# Lines that end in a separator run ("…/KH-", "…/T", "17-") are the candidates;
# the fragment and the continuation are then read with anchored regexes. One
# finder per separator: a pattern that starts with a literal scans ~4x faster.
_BREAK_FINDERS = (re.compile(r"-[A-Za-zĐđ0-9]*[ \t]*\n"), re.compile(r"/[A-Za-zĐđ0-9]*[ \t]*\n"))
_FRAGMENT_RE = re.compile(rf"(?<![/.-])(?<!{_WORD})[0-9]+(?:[-/][A-Za-zĐđ0-9]*)+(?=[ \t]*\n)")
# Up to three blank lines may sit between the halves: bao-cao has both
# "339/KH-\nUBND" (:66) and "326/KH-\n\nUBND" (:1659).
_CONTINUATION_RE = re.compile(
    rf"\n(?:[ \t]*\n){{0,3}}[ \t]*(?P<cont>[-/]?[A-Za-zĐđ0-9]+(?:[-/][A-Za-zĐđ0-9]+)*)(?!{_WORD})"
)


def _should_join(frag: str, cont: str) -> bool:
    """Decide whether ``frag`` (end of a line) and ``cont`` (start of a later line) are one symbol.

    Join only when the result is a well-formed symbol and ``frag`` alone is not:
    either the cut is at a separator ("339/KH-" + "UBND", "17-" + "CTr/TU"), or it
    is inside a code and only the joined code is known ("365-KL/T" + "U": T is no
    issuer, TU is). "2021-" + "2025" and "17-CTr/TU" + "UBND" stay apart.
    """
    if _symbol_codes(frag + cont) is None:
        return False
    if frag[-1] in "-/" or cont[0] in "-/":
        return _symbol_codes(frag) is None
    left = _TRAILING_LETTERS_RE.search(frag)
    right = _LEADING_LETTERS_RE.match(cont)
    if left is None or right is None:
        return False
    return left.group() not in _KNOWN_CODES and left.group() + right.group() in _KNOWN_CODES


def _clean_symbol_breaks(text: str) -> str:
    """Rejoin a document symbol cut across a line break by moving the break.

    The continuation moves up to the fragment's line; blank lines and the rest
    of the continuation's line stay where they were, so the line count and each
    line's origin are kept: ``"339/KH-\\nUBND ngày"`` -> ``"339/KH-UBND\\n ngày"``.

    Example:
        >>> _clean_symbol_breaks("Kết luận\\n365-KL/T\\nU\\n")
        'Kết luận\\n365-KL/TU\\n\\n'
    """
    newlines = sorted({m.end() - 1 for finder in _BREAK_FINDERS for m in finder.finditer(text)})
    pieces: list[str] = []
    pos = 0
    for newline in newlines:
        if newline < pos:
            continue  # this line was the continuation of the previous join and is done
        line_start = max(pos, text.rfind("\n", 0, newline) + 1)
        frag = _FRAGMENT_RE.search(text, line_start, newline + 1)
        cont = frag and _CONTINUATION_RE.match(text, newline)
        if not frag or not cont or not _should_join(frag.group(), cont["cont"]):
            continue
        pieces += [text[pos : frag.end()], cont["cont"], text[newline : cont.start("cont")]]
        pos = cont.end("cont")
    if not pieces:
        return text
    logger.debug("rejoined %d document symbols cut across lines", len(pieces) // 3)
    pieces.append(text[pos:])
    return "".join(pieces)


def _clean_spaces(text: str) -> str:
    """Collapse runs of spaces, strip spaces at line ends; keep tabs.

    Tabs separate table cells (domain.md §3), so they are left alone.

    Example:
        >>> _clean_spaces("  Kế  hoạch  số  339 \\ta\\t \\n")
        'Kế hoạch số 339 \\ta\\t\\n'
    """
    if "  " in text:
        text = _SPACE_RUN_RE.sub(" ", text)
    # After collapsing, a line edge holds one space at most.
    if " \n" in text:
        text = text.replace(" \n", "\n")
    if "\n " in text:
        text = _LEADING_SPACE_RE.sub("\n", text)  # a regex led by "\n" beats str.replace here
    return text.strip(" ")


_SPACE_RUN_RE = re.compile(r"  +")
_LEADING_SPACE_RE = re.compile(r"\n ")


CLEANERS: dict[str, Cleaner] = {
    "line_ends": _clean_line_ends,
    "nfc": _clean_nfc,
    "pdf_glyphs": _clean_pdf_glyphs,
    "dashes": _clean_dashes,
    "field_codes": _clean_field_codes,
    "symbol_breaks": _clean_symbol_breaks,
    "footnote_markers": _clean_footnote_markers,
    "spaces": _clean_spaces,
}
"""Normalisation steps by name; each keeps the number of ``"\\n"``."""

# symbol_breaks runs before footnote_markers: "365-KL/T\nU2." must first become
# "365-KL/TU2." before the footnote call can be split off; the other way round,
# a second run would change the text again.
DEFAULT_STEPS: tuple[str, ...] = (
    "line_ends",
    "nfc",
    "pdf_glyphs",
    "dashes",
    "field_codes",
    "symbol_breaks",
    "footnote_markers",
    "spaces",
)


# --------------------------------------------------------------------------
# The stage
# --------------------------------------------------------------------------


def _resolve_steps(steps: Sequence[str | Cleaner]) -> list[tuple[str, Cleaner]]:
    """Look up step names in ``CLEANERS``; callables pass through."""
    resolved: list[tuple[str, Cleaner]] = []
    for step in steps:
        if callable(step):
            resolved.append((getattr(step, "__name__", repr(step)), step))
        elif step in CLEANERS:
            resolved.append((step, CLEANERS[step]))
        else:
            raise ValueError(f"unknown normalisation step {step!r}; valid steps: {', '.join(CLEANERS)}")
    return resolved


def normalise_text(raw: str, steps: Sequence[str | Cleaner] | None = None) -> CleanText:
    """Clean decoded text with the named steps, keeping every line in place.

    Args:
        raw: decoded text (``Source.text``).
        steps: step names from ``CLEANERS`` or callables ``str -> str``, run in
            order; ``None`` runs ``DEFAULT_STEPS``.

    Returns:
        ``CleanText`` with ``raw`` and the clean ``text``, same line count.

    Raises:
        ValueError: a step name is unknown, or a step changed the line count.

    Example:
        >>> normalise_text("Kế  hoạch  số  339/KH-\\nUBND ngày 18/11/2022").text
        'Kế hoạch số 339/KH-UBND\\nngày 18/11/2022'
    """
    text = raw
    lines = raw.count("\n")
    for name, clean in _resolve_steps(DEFAULT_STEPS if steps is None else steps):
        text = clean(text)
        if text.count("\n") != lines:
            raise ValueError(
                f"normalisation step {name!r} changed the line count from {lines + 1} to "
                f"{text.count(chr(10)) + 1}; a step must keep every line break"
            )
    return CleanText(raw=raw, text=text)


# --------------------------------------------------------------------------
# Folding for matching
# --------------------------------------------------------------------------


_COMBINING_RE = re.compile("[\u0300-\u036f]+")
_FOLD_SPACES_RE = re.compile(r"[ \t\u00a0]+")


def fold(text: str, *, keep_length: bool = False) -> str:
    """Fold text for matching: lower case, no diacritics, ``đ`` -> ``d``, spaces collapsed.

    Use it on both sides of a comparison, so "Kế hoạch", "KE HOACH" (OCR) and
    "ke  hoach" all match. It does not guess OCR words ("s6" stays "s6").

    Args:
        text: any text, best already normalised (NFC).
        keep_length: if True, map one char to one char and keep all spaces and
            combining marks, so ``fold(t, keep_length=True)[i]`` is ``t[i]``
            folded: offsets found in the folded text are offsets in ``t``. That is
            :func:`policygraph.ingest.textfold.fold`, which this calls.

    Returns:
        The folded text.

    Example:
        >>> fold("Kế  hoạch số 7099/KH-UBND"), fold("Đề án", keep_length=True)
        ('ke hoach so 7099/kh-ubnd', 'de an')
    """
    folded = textfold.fold(text)
    if keep_length:
        return folded
    return _FOLD_SPACES_RE.sub(" ", _COMBINING_RE.sub("", folded).lower())
