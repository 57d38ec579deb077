"""Stage 1 of ingest: find the input files and decode them to text.

``iter_sources`` expands the paths a user gave (folders recursively) into the
files to read; ``read_source`` reads one file into a ``Source``::

    for item in iter_sources([Path("../shared/corpus")]):
        if isinstance(item, UnreadableFile):
            problems.append(item)          # reported at the end, per file
            continue
        source = read_source(item)

Text is decoded, never cleaned: ``Source.text.count("\\n")`` gives the raw
file's line numbers (``\\r\\n`` stays as it is; ``normalise`` deals with it).
HTML is the exception: its visible text is extracted, and evidence line numbers
then refer to that extracted text, not to the HTML source.

Exceptions::

    Exception
    └── UnreadableFile   a file or folder that cannot be read, with a one-line reason
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

__all__ = ["SUPPORTED_SUFFIXES", "Source", "UnreadableFile", "iter_sources", "read_source"]

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm")
"""File name endings ``read_source`` accepts (compared in lower case)."""

DEFAULT_MAX_BYTES = 200 * 2**20

_HTML_SUFFIXES = frozenset({".html", ".htm"})


class UnreadableFile(Exception):
    """A file or folder that cannot be read as text.

    Args:
        path: the file or folder.
        reason: one line for a person: what is wrong and how to fix it.

    Example:
        >>> str(UnreadableFile(Path("a.pdf"), "PDF is not supported yet; convert it to text first"))
        'a.pdf: PDF is not supported yet; convert it to text first'
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[UnreadableFile], tuple[Path, str]]:
        """Pickle with both arguments (the default would pass only the message)."""
        return (type(self), (self.path, self.reason))


@dataclass(frozen=True)
class Source:
    """One input file, decoded.

    Args:
        path: the file as given.
        name: its file name.
        text: decoded text without BOM; for HTML, the extracted visible text.
        encoding: the codec that decoded the bytes: ``utf-8``, ``utf-8-sig``
            (UTF-8 with BOM), ``utf-16`` (UTF-16 with BOM), ``utf-16-le`` /
            ``utf-16-be`` (no BOM) or ``cp1258``. For text files
            ``raw_bytes.decode(encoding) == text``.
        sha256: hex digest of the raw bytes.
        size: size of the raw bytes.
        kind: ``"text"`` (.txt, .md) or ``"html"`` (.html, .htm).

    Example:
        >>> src = read_source(Path("../shared/corpus/binhphuoc_kh-317-ubnd_2021.txt"))  # doctest: +SKIP
        >>> src.encoding, src.text.count("\\n") + 1  # doctest: +SKIP
        ('utf-8', 15)
    """

    path: Path
    name: str
    text: str
    encoding: str
    sha256: str
    size: int
    kind: Literal["text", "html"] = "text"


# --------------------------------------------------------------------------
# Finding files
# --------------------------------------------------------------------------


def iter_sources(paths: Iterable[Path]) -> Iterator[Path | UnreadableFile]:
    """Expand paths into the files to read, in a stable order.

    Folders are walked recursively in sorted name order; hidden files and
    folders (name starting with ".") and files of other types inside folders
    are skipped silently, and symlinked folders are not followed. A file named
    explicitly is yielded even when hidden; one of an unsupported type comes
    back as an ``UnreadableFile`` that says which types are supported.

    Args:
        paths: files and folders, as the user gave them.

    Returns:
        An iterator of file paths, with an ``UnreadableFile`` (not raised) for
        a missing path, an unsupported file named explicitly, or a folder that
        cannot be listed.

    Example:
        >>> [p.name for p in iter_sources([Path("../shared/corpus")])][:1]  # doctest: +SKIP
        ['bentre_sct_kinh-te-tuan-hoan_2024.txt']
    """
    for path in paths:
        path = Path(path)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            reason = (
                "broken symbolic link; its target does not exist" if path.is_symlink() else "no such file or folder"
            )
            yield UnreadableFile(path, reason)
            continue
        except PermissionError:
            yield UnreadableFile(path, "permission denied; cannot reach this path")
            continue
        except OSError as e:
            yield UnreadableFile(path, f"cannot reach this path ({e.strerror or e})")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk_folder(path)
        elif _is_supported(path):
            yield path
        else:
            yield UnreadableFile(path, _unsupported_reason(path))


def _walk_folder(folder: Path) -> Iterator[Path | UnreadableFile]:
    """Yield supported files under ``folder``, depth first, names sorted."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except PermissionError as e:
        yield UnreadableFile(folder, "permission denied; cannot list this folder")
        logger.debug("cannot list %s: %s", folder, e)
        return
    except OSError as e:
        yield UnreadableFile(folder, f"cannot list this folder ({e.strerror or e})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        # Symlinked folders are not followed: a link back up would loop forever.
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(path)
        elif entry.is_file() and _is_supported(path):
            yield path
        else:
            logger.debug("skipping %s: not a supported file (symlinked folders are not followed)", path)


def _is_supported(path: Path) -> bool:
    """Tell whether the file name ends in a supported suffix."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _unsupported_reason(path: Path) -> str:
    """Reason for refusing a file by its name."""
    suffix = path.suffix.lower() or "(none)"
    return f"unsupported file type {suffix}; supported: {', '.join(SUPPORTED_SUFFIXES)}"


# --------------------------------------------------------------------------
# Reading one file
# --------------------------------------------------------------------------


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one file and decode it to text.

    Args:
        path: a .txt, .md, .html or .htm file.
        max_bytes: refuse files larger than this (default 200 MiB).

    Returns:
        The decoded ``Source``; the text is not normalised.

    Raises:
        UnreadableFile: missing, unsupported type, too large, permission
            denied, empty, binary, or not decodable as UTF-8/UTF-16/cp1258.

    Example:
        >>> read_source(Path("notes.txt")).text  # doctest: +SKIP
        'Kế hoạch số 339/KH-UBND\\n'
    """
    path = Path(path)
    if not _is_supported(path):
        raise UnreadableFile(path, _unsupported_reason(path))
    raw = _read_bytes(path, max_bytes)
    text, encoding = _decode(path, raw)
    kind: Literal["text", "html"] = "text"
    if path.suffix.lower() in _HTML_SUFFIXES:
        text, kind = html_to_text(text), "html"
    return Source(
        path=path,
        name=path.name,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        kind=kind,
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read all bytes of ``path`` in one go, after the size check."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise UnreadableFile(path, _too_large_reason(size, max_bytes))
            raw = f.read(max_bytes + 1)  # +1: a file that grew meanwhile is still caught
    except FileNotFoundError as e:
        raise UnreadableFile(path, "no such file") from e
    except IsADirectoryError as e:
        raise UnreadableFile(path, "is a folder, not a file") from e
    except PermissionError as e:
        raise UnreadableFile(path, "permission denied; check the file's read permission") from e
    except OSError as e:
        raise UnreadableFile(path, f"cannot read ({e.strerror or e})") from e
    if len(raw) > max_bytes:
        raise UnreadableFile(path, _too_large_reason(len(raw), max_bytes))
    if not raw:
        raise UnreadableFile(path, "empty file")
    return raw


def _too_large_reason(size: int, max_bytes: int) -> str:
    """Reason for refusing a file over the size limit."""
    return (
        f"{_megabytes(size)} MB is over the {_megabytes(max_bytes)} MB limit; "
        "raise the size limit (max_bytes, --max-size) to read it"
    )


def _megabytes(n: int) -> str:
    """Format a byte count in MiB: ``52.4``, ``200``."""
    return f"{n / 2**20:.1f}".removesuffix(".0")


# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------

# (magic bytes, reason): files that are not text whatever their name says.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF is not supported yet; convert it to text first"),
    (b"\x89PNG\r\n\x1a\n", "PNG image, not text (renamed .png?)"),
    (b"\xff\xd8\xff", "JPEG image, not text (renamed .jpg?)"),
    (b"GIF87a", "GIF image, not text (renamed .gif?)"),
    (b"GIF89a", "GIF image, not text (renamed .gif?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word/Excel file (.doc/.xls) is not supported; save it as text first"),
    (b"\x1f\x8b", "gzip archive, not text; unpack it first"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# C0/C1 control characters that never appear in text (tab, line and page breaks do).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    """Decode raw bytes; return (text, codec name) or raise ``UnreadableFile``."""
    _refuse_binary_formats(path, raw)
    bom = _decode_bom(raw)
    if bom is not None:
        return bom
    utf16 = _decode_utf16_without_bom(raw)
    if utf16 is not None:
        return utf16
    nul = raw.find(b"\x00")
    if nul != -1:
        raise UnreadableFile(path, f"binary file (NUL byte at offset {nul}), not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        text = _decode_cp1258_vietnamese(raw)
        if text is not None:
            logger.info("%s: not UTF-8, read as Vietnamese cp1258", path)
            return text, "cp1258"
        raise UnreadableFile(
            path,
            f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start}) and not Vietnamese cp1258; "
            "re-save it as UTF-8",
        ) from e


def _refuse_binary_formats(path: Path, raw: bytes) -> None:
    """Raise ``UnreadableFile`` for files whose magic number says they are not text."""
    for magic, reason in _MAGIC:
        if raw.startswith(magic):
            raise UnreadableFile(path, reason)
    if raw.startswith(_ZIP_MAGIC):
        if b"word/" in raw:
            raise UnreadableFile(path, "DOCX is not supported yet; convert it to text first")
        raise UnreadableFile(path, "ZIP archive (or Office file), not text; unpack or convert it first")


def _decode_bom(raw: bytes) -> tuple[str, str] | None:
    """Decode a file that starts with a byte order mark; None if there is none."""
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw, "utf-8-sig")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # The "utf-16" codec reads the BOM, picks the byte order and drops it.
        return _strict(raw, "utf-16")
    return None


def _decode_utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """Detect and decode UTF-16 without BOM; None if the bytes do not look like it.

    Text in UTF-16 has a NUL high byte for every ASCII char (spaces, digits,
    most Vietnamese letters), so NULs pile up at odd offsets (LE) or even
    offsets (BE), and almost never at the other ones.
    """
    sample = raw[:8192]
    if len(raw) % 2 or len(sample) < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        encoding = "utf-16-le"
    elif even >= 0.3 * pairs and odd <= 0.02 * pairs:
        encoding = "utf-16-be"
    else:
        return None
    # Arrays of small 16-bit numbers have the same NUL pattern; text has no controls.
    head = sample.decode(encoding, errors="replace")
    if len(_CONTROL_RE.findall(head)) > 0.01 * len(head):
        return None
    return _strict(raw, encoding)


def _strict(raw: bytes, encoding: str) -> tuple[str, str] | None:
    """Decode strictly; None on error (the caller then tries the next guess)."""
    try:
        return raw.decode(encoding), encoding
    except UnicodeDecodeError:
        return None


# Letters of Vietnamese as cp1258 writes them: base vowels with their shape
# marks (â ă ê ô ơ ư), đ, and the five tone marks as combining characters.
_VI_CP1258_RE = re.compile("[ÂâĂăÊêÔôƠơƯưĐđÀàÁáÈèÉéÌìÍíÒòÓóÙùÚúÝýÃãÕõ\u0300\u0301\u0303\u0309\u0323]")
_NON_ASCII_RE = re.compile("[^\x00-\x7f]")
_VI_ONLY_RE = re.compile("[ĂăƠơƯưĐđ]")
_TONE_AFTER_VOWEL_RE = re.compile("[AaĂăÂâEeÊêIiOoÔôƠơUuƯưYy][\u0300\u0301\u0303\u0309\u0323]")
_TONE_RE = re.compile("[\u0300\u0301\u0303\u0309\u0323]")


def _decode_cp1258_vietnamese(raw: bytes) -> str | None:
    """Decode as cp1258 if the result reads as Vietnamese; else None.

    cp1258 decodes almost any bytes, so the result must look Vietnamese:
    nearly all non-ASCII chars are Vietnamese letters or tone marks, and the
    tone marks sit on vowels, as cp1258 writes them.
    """
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        return None
    non_ascii = len(_NON_ASCII_RE.findall(text))
    vietnamese = len(_VI_CP1258_RE.findall(text))
    tones = len(_TONE_RE.findall(text))
    if not non_ascii or vietnamese < 0.9 * non_ascii:
        return None
    if len(_TONE_AFTER_VOWEL_RE.findall(text)) < 0.9 * tones:
        return None
    if tones == 0 and not _VI_ONLY_RE.search(text):
        return None  # Western European text (é, à, ô) without a Vietnamese letter
    if _CONTROL_RE.search(text):
        return None
    return text


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

_SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template", "svg", "iframe", "object"})
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
_CELL_TAGS = frozenset({"td", "th"})


class _TextExtractor(HTMLParser):
    """Collect visible text: block tags break lines, table cells are tab-separated."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0
        self._cells = 0  # cells seen in the current table row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Enter a tag: skipped content, a line break or a cell break."""
        if tag == "body":
            self._skip = 0  # a <head> left open ends where the body starts
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag in _CELL_TAGS:
            self.parts.append("\t" if self._cells else "")
            self._cells += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            self._cells = 0
        if tag == "pre":
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        """Leave a tag."""
        if tag in _SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        """Keep text outside skipped tags; source line breaks are spaces, except in <pre>."""
        if self._skip:
            return
        self.parts.append(data if self._pre else _HTML_SPACE_RE.sub(" ", data))


_HTML_SPACE_RE = re.compile(r"[ \t\r\n\f]+")
_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")


def html_to_text(html: str) -> str:
    """Extract the visible text of an HTML page.

    Script, style and head are dropped, entities unescaped, block elements
    start new lines, table cells are separated by tabs, and blank lines are
    dropped. Evidence lines of an HTML file refer to this text.

    Args:
        html: the decoded page.

    Returns:
        The visible text, lines stripped of surrounding spaces.

    Example:
        >>> html_to_text("<p>Kế hoạch&nbsp;số 339</p><script>x()</script><p>Tỉnh &amp; huyện</p>")
        'Kế hoạch\\xa0số 339\\nTỉnh & huyện\\n'
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    text = _BLANK_LINES_RE.sub("\n", text).strip("\n")
    return text + "\n" if text else text
