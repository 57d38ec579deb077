"""Tests for ingest.read: real files in a temporary folder, and the corpus."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from policygraph.ingest.normalise import normalise_text
from policygraph.ingest.read import UnreadableFile, html_to_text, iter_sources, read_source

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"

# bao-cao:66-70 (binhphuoc_sct_bao-cao_2022-2024.txt), one sentence.
SENTENCE = (
    "Ủy ban nhân dân tỉnh Bình Phước đã ban hành Kế hoạch số 339/KH-UBND ngày 18/11/2022 "
    "về việc triển khai thực hiện Đề án phát triển thương mại điện tử và thương mại biên giới.\n"
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
_CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"


def write(path: Path, data: bytes) -> Path:
    """Write bytes to ``path`` (parents created) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: shaped vowels precomposed, tones as combining marks.

    Python's cp1258 codec maps characters one to one, and cp1258 has no "ế",
    only "ê" and a combining acute; so split every tone off first.
    """
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _CP1258_TONES))
        out.append(base + "".join(c for c in parts if c in _CP1258_TONES))
    return "".join(out).encode("cp1258")


# ---------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------

ENCODING_ROWS = [
    pytest.param(SENTENCE.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), "utf-8-sig", id="utf-8 with BOM"),
    pytest.param(codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"), "utf-16", id="utf-16 LE with BOM"),
    pytest.param(codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), "utf-16", id="utf-16 BE with BOM"),
    pytest.param(SENTENCE.encode("utf-16-le"), "utf-16-le", id="utf-16 LE without BOM"),
    pytest.param(SENTENCE.encode("utf-16-be"), "utf-16-be", id="utf-16 BE without BOM"),
    pytest.param(SENTENCE.replace("\n", "\r\n").encode("utf-8"), "utf-8", id="CRLF kept by read"),
]


@pytest.mark.parametrize(("data", "encoding"), ENCODING_ROWS)
def test_read_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = write(tmp_path / "ke-hoach.txt", data)
    source = read_source(path)
    assert source.encoding == encoding
    assert source.text.replace("\r\n", "\n") == SENTENCE
    assert data.decode(source.encoding) == source.text  # the documented invariant
    assert (source.path, source.name, source.size, source.kind) == (path, "ke-hoach.txt", len(data), "text")
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_cp1258_vietnamese_reads_and_normalises_to_nfc(tmp_path: Path) -> None:
    data = to_cp1258(SENTENCE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    source = read_source(write(tmp_path / "cu.txt", data))
    assert source.encoding == "cp1258"
    assert "\u0301" in source.text  # read decodes only; tones are still combining marks
    assert source.text != SENTENCE
    assert normalise_text(source.text).text == SENTENCE


def test_latin1_french_is_not_taken_for_cp1258(tmp_path: Path) -> None:
    path = write(tmp_path / "fr.txt", "Café crème à côté".encode("latin-1"))
    with pytest.raises(UnreadableFile) as info:
        read_source(path)
    assert info.value.reason == (
        "not valid UTF-8 (byte 0xe9 at offset 3) and not Vietnamese cp1258; re-save it as UTF-8"
    )


# ---------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------


def docx_bytes(tmp_path: Path) -> bytes:
    """A minimal DOCX: a ZIP with word/document.xml."""
    path = tmp_path / "real.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return path.read_bytes()


REFUSAL_ROWS = [
    pytest.param("empty.txt", b"", "empty file", id="empty"),
    pytest.param("png.txt", PNG_MAGIC, "PNG image, not text (renamed .png?)", id="PNG renamed .txt"),
    pytest.param(
        "scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF is not supported yet; convert it to text first", id="PDF"
    ),
    pytest.param("photo.md", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image, not text (renamed .jpg?)", id="JPEG"),
    pytest.param("anim.txt", b"GIF89a\x01\x00", "GIF image, not text (renamed .gif?)", id="GIF"),
    pytest.param(
        "blob.txt", b"\x01\x02\x03\x00\x05\x06\x07" * 10, "binary file (NUL byte at offset 3), not text", id="binary"
    ),
    pytest.param(
        "bad.txt",
        b"Ke hoach so \xff\xfe 339",
        "not valid UTF-8 (byte 0xff at offset 12) and not Vietnamese cp1258; re-save it as UTF-8",
        id="invalid UTF-8",
    ),
    pytest.param(
        "bieu-mau.docx",
        b"PK\x03\x04",
        "unsupported file type .docx; supported: .txt, .md, .html, .htm",
        id="unsupported extension",
    ),
    pytest.param(
        "README", b"text", "unsupported file type (none); supported: .txt, .md, .html, .htm", id="no extension"
    ),
]


@pytest.mark.parametrize(("name", "data", "reason"), REFUSAL_ROWS)
def test_refusals(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = write(tmp_path / name, data)
    with pytest.raises(UnreadableFile) as info:
        read_source(path)
    assert info.value.path == path
    assert info.value.reason == reason
    assert str(info.value) == f"{path}: {reason}"


def test_docx_renamed_txt(tmp_path: Path) -> None:
    path = write(tmp_path / "van-ban.txt", docx_bytes(tmp_path))
    with pytest.raises(UnreadableFile, match="DOCX is not supported yet; convert it to text first"):
        read_source(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as info:
        read_source(tmp_path / "khong-co.txt")
    assert info.value.reason == "no such file"


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", b"a" * int(2.5 * 2**20))
    with pytest.raises(UnreadableFile) as info:
        read_source(path, max_bytes=2**20)
    assert info.value.reason == (
        "2.5 MB is over the 1 MB limit; raise the size limit (max_bytes, --max-size) to read it"
    )


def test_50_mb_file_is_read_with_the_default_limit(tmp_path: Path) -> None:
    line = SENTENCE.encode("utf-8")
    count = 50 * 2**20 // len(line) + 1
    path = write(tmp_path / "big.txt", line * count)
    source = read_source(path)
    assert source.size > 50 * 2**20
    assert source.text.count("\n") == count
    assert source.text[: len(SENTENCE)] == SENTENCE


def test_unreadable_file_pickles() -> None:
    error = pickle.loads(pickle.dumps(UnreadableFile(Path("a.txt"), "empty file")))
    assert (error.path, error.reason) == (Path("a.txt"), "empty file")


# ---------------------------------------------------------------------------
# Permissions: a real kernel check, also when the tests run as root
# ---------------------------------------------------------------------------

# Runs in a child process and prints what iter_sources/read_source made of argv.
_PROBE = """
import json, sys
from pathlib import Path
from policygraph.ingest.read import UnreadableFile, iter_sources, read_source
out = []
for item in iter_sources(Path(p) for p in sys.argv[1:]):
    if isinstance(item, UnreadableFile):
        out.append(["unreadable", item.path.name, item.reason])
        continue
    try:
        out.append(["read", item.name, read_source(item).text])
    except UnreadableFile as e:
        out.append(["unreadable", e.path.name, e.reason])
print(json.dumps(out, ensure_ascii=False))
"""


def _unprivileged_prefix() -> list[str]:
    """Command prefix under which file permissions are enforced.

    Root bypasses read permissions through the CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH capabilities. ``setpriv`` drops both from the bounding
    set, so the child is root without them and the kernel checks the mode
    bits as for anyone else (the interpreter under /root stays reachable,
    which it would not be for ``nobody``).
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root: permissions are not enforced, and setpriv (util-linux) is missing")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def run_probe(*paths: Path) -> list[list[str]]:
    """Run ``_PROBE`` on ``paths`` in a child process without permission overrides."""
    result = subprocess.run(
        [*_unprivileged_prefix(), sys.executable, "-c", _PROBE, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    if result.returncode != 0 and "setpriv" in result.stderr:
        pytest.skip(f"running as root and setpriv cannot drop capabilities here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_permission_denied_folder_and_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", "Kế hoạch".encode())
    write(corpus / "locked" / "b.txt", b"b")
    write(corpus / "secret.txt", b"s")
    (corpus / "locked").chmod(0o000)
    (corpus / "secret.txt").chmod(0o000)
    try:
        results = run_probe(corpus)
    finally:
        (corpus / "locked").chmod(0o755)
        (corpus / "secret.txt").chmod(0o644)
    assert results == [
        ["read", "a.txt", "Kế hoạch"],
        ["unreadable", "locked", "permission denied; cannot list this folder"],
        ["unreadable", "secret.txt", "permission denied; check the file's read permission"],
    ]


# ---------------------------------------------------------------------------
# iter_sources
# ---------------------------------------------------------------------------


def test_iter_sources_walks_folders_in_order(tmp_path: Path) -> None:
    root = tmp_path / "input"
    for name in ["b.txt", "a.md", "Z.TXT", "sub/c.html", "sub/deeper/e.htm", "sub/d.pdf", ".hidden/x.txt", ".f.txt"]:
        write(root / name, b"x")
    found = list(iter_sources([root]))
    assert found == [
        root / "Z.TXT",
        root / "a.md",
        root / "b.txt",
        root / "sub" / "c.html",
        root / "sub" / "deeper" / "e.htm",
    ]
    assert found == list(iter_sources([root]))  # deterministic


def test_iter_sources_named_paths(tmp_path: Path) -> None:
    docx = write(tmp_path / "bieu-mau.docx", b"PK")
    hidden = write(tmp_path / ".nhap.txt", b"x")
    found = list(iter_sources([hidden, docx, tmp_path / "khong-co", tmp_path / "khong-co.txt"]))
    assert found[0] == hidden  # named explicitly: not skipped
    assert [(e.path.name, e.reason) for e in found[1:] if isinstance(e, UnreadableFile)] == [
        ("bieu-mau.docx", "unsupported file type .docx; supported: .txt, .md, .html, .htm"),
        ("khong-co", "no such file or folder"),
        ("khong-co.txt", "no such file or folder"),
    ]


def test_iter_sources_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    [error] = list(iter_sources([link]))
    assert isinstance(error, UnreadableFile)
    assert error.reason == "broken symbolic link; its target does not exist"


def test_iter_sources_on_the_corpus() -> None:
    names = [p.name for p in iter_sources([CORPUS]) if isinstance(p, Path)]
    assert names == sorted(p.name for p in CORPUS.glob("*.txt"))


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Tin tức</title><style>p { color: red }</style>
<script>var s = "<p>không hiện</p>";</script></head>
<body>
<h1>Kế hoạch số 317/KH-UBND</h1>
<p>Ngày 05/11/2021, UBND tỉnh ban hành&nbsp;Kế hoạch &amp; triển khai
&#273;&#7873; án &ldquo;Chuyển đổi số&rdquo;.</p>
<table><tr><th>Stt</th><th>Nhiệm vụ</th></tr><tr><td>1</td><td>Sở Công Thương chủ trì</td></tr></table>
<noscript>Bật JavaScript</noscript><p>Liên hệ:<br>Văn phòng</p>
</body></html>
"""
PAGE_TEXT = (
    "Kế hoạch số 317/KH-UBND\n"
    "Ngày 05/11/2021, UBND tỉnh ban hành\xa0Kế hoạch & triển khai đề án “Chuyển đổi số”.\n"
    "Stt\tNhiệm vụ\n"
    "1\tSở Công Thương chủ trì\n"
    "Liên hệ:\n"
    "Văn phòng\n"
)


def test_read_html_page(tmp_path: Path) -> None:
    data = PAGE.encode("utf-8")
    source = read_source(write(tmp_path / "tin.html", data))
    assert source.kind == "html"
    assert source.encoding == "utf-8"
    assert source.text == PAGE_TEXT
    assert source.size == len(data)  # size and hash are of the raw page, lines of the text


def test_html_to_text_edge_cases() -> None:
    assert html_to_text("") == ""
    assert html_to_text("<pre>a\n  b</pre>") == "a\nb\n"  # <pre> keeps its lines; indents go
    assert html_to_text("<head><title>x</title><body><p>y</p>") == "y\n"  # head left open


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_corpus_files_read_as_utf8(path: Path) -> None:
    data = path.read_bytes()
    source = read_source(path)
    assert source.encoding == "utf-8"
    assert source.text.count("\n") == data.count(b"\n")  # line numbers are the file's
    assert source.sha256 == hashlib.sha256(data).hexdigest()
