"""Tests for ingest.named and its parts: documents known by name, back references, and clustering.

Tables first (eyecite style: each row is a real corpus passage and says where it comes
from), then a negative table of generic phrases, then whole corpus files, clustering,
back references, speed, and the module's doctests.
"""

from __future__ import annotations

import doctest
import functools
import itertools
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policygraph.graph.model import DocType
from policygraph.ingest import named, named_backrefs, named_identity, named_read, named_text, named_vocab
from policygraph.ingest.named import NamedMention, find_named_documents
from policygraph.ingest.named_backrefs import BackRef, find_back_references
from policygraph.ingest.named_identity import cluster_keys, cluster_names, named_key, same_named_document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SCT = "binhphuoc_sct_bao-cao_2022-2024.txt"
OCR = "binhduong_kh-7099-ubnd_2024_ocr.txt"
BENTRE = "bentre_sct_kinh-te-tuan-hoan_2024.txt"
KH317 = "binhphuoc_kh-317-ubnd_2021.txt"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


@functools.cache
def corpus_text(name: str) -> str:
    """A corpus file as the extractor receives it: NFC, with the PDF's Ƣ/ƣ read as Ư/ư.

    (The normaliser does this in the pipeline; it is repeated here so these tests do
    not depend on it.)
    """
    text = unicodedata.normalize("NFC", (CORPUS / name).read_text(encoding="utf-8"))
    return text.replace("Ƣ", "Ư").replace("ƣ", "ư")


def corpus_lines(name: str, first: int, last: int) -> str:
    """Lines ``first``..``last`` (1-based, counting ``\\n`` only, like ``sed -n``)."""
    return "\n".join(corpus_text(name).split("\n")[first - 1 : last])


def names_in(text: str) -> list[str]:
    return [m.name for m in find_named_documents(text)]


# --- names found ------------------------------------------------------------------------

SCH, OTH, PRG = DocType.SCHEME, DocType.OTHER, DocType.PROGRAMME
LAW, RES, PLN = DocType.LAW, DocType.RESOLUTION, DocType.PLAN

# (file, first line, last line, cleaned name, kind, kind_detail, quoted)
FOUND = [
    # Party congress resolutions, the second with "Đại biểu tỉnh", not "Đảng bộ".
    (SCT, 23, 26, "Nghị quyết Đại hội Đại biểu toàn quốc lần thứ XIII của Đảng, nhiệm kỳ 2021-2026", RES, "nghi_quyet_dai_hoi", False),
    (SCT, 23, 26, "Nghị quyết Đại hội Đại biểu tỉnh Bình Phước lần thứ XI, nhiệm kỳ 2020-2025", RES, "nghi_quyet_dai_hoi", False),
    # A blank line inside "lần \n\nthứ XI" (PDF layout).
    (SCT, 4589, 4591, "Nghị quyết đại hội Đảng bộ tỉnh lần thứ XI, giai đoạn 2020-2025", RES, "nghi_quyet_dai_hoi", False),
    # A scheme across a line break, with "về" after the type word.
    (SCT, 29, 30, "Đề án về phát triển công nghiệp công nghệ cao tỉnh Bình Phước giai đoạn 2021-2025, định hướng đến năm 2030", SCH, "de_an", False),
    # A table row opened by its number "2" (not a count), the name over six cell lines.
    (SCT, 75, 88, "Đề án phát triển công nghiệp chế biến trên địa bàn tỉnh Bình Phước, trọng tâm là chế biến hạt điều, gỗ và thực phẩm, giai đoạn 2021-2025, định hướng đến năm 2030", SCH, "de_an", False),
    # A table cell cut before its period ("… tỉnh Bình Phước giai \n\nPhát triển …").
    (SCT, 120, 127, "Đề án phát triển các khu công nghiệp, khu kinh tế, cụm công nghiệp tỉnh Bình Phước", SCH, "de_an", False),
    (SCT, 144, 150, "Đề án phát triển cụm công nghiệp tỉnh Bình Phước giai đoạn 2021-2025, định hướng đến năm 2030", SCH, "de_an", False),
    # A blank line inside the name, the sentence going on in lower case.
    (SCT, 1110, 1113, "Đề án phát triển thị trường một số sản phẩm chủ yếu của tỉnh Bình Phước giai đoạn 2021-2025, định hướng đến năm 2030", SCH, "de_an", False),
    # Quoted, across blank lines.
    (SCT, 1514, 1520, "Đề án Phát triển công nghiệp chế biến trên địa bàn tỉnh Bình Phước, trọng tâm là chế biến hạt điều, gỗ và thực phẩm giai đoạn 2021-2025, định hướng đến năm 2030", SCH, "de_an", True),
    # The quote opens before the type word.
    (SCT, 2568, 2570, "Đề án tái cấu trúc Trường Cao đẳng Bình Phước giai đoạn 2022-2025, tầm nhìn đến 2045", SCH, "de_an", True),
    (SCT, 2352, 2354, "Chiến lược Sở hữu trí tuệ đến năm 2030", OTH, "chien_luoc", True),
    (SCT, 1295, 1298, "Chiến lược Phát triển thương mại trong nước giai đoạn đến năm 2030, tầm nhìn đến năm 2045", OTH, "chien_luoc", True),
    # A long name without a period or place, ending before "năm 2023".
    (SCT, 2502, 2508, "Đề án nâng cao năng lực và hiệu quả hoạt động của hợp tác xã nông nghiệp sản xuất, chế biến sâu và xuất khẩu sản phẩm chủ lực có quy mô lớn theo chuỗi giá trị gắn với xây dựng nông thôn mới", SCH, "de_an", False),
    # Right after a numbered citation ("Quyết định số 1642/QĐ-UBND … ban hành Đề án …").
    (SCT, 3855, 3859, "Đề án phát triển công nghiệp hỗ trợ trên địa bàn tỉnh Bình Phước giai đoạn 2021-2025, định hướng đến năm 2030", SCH, "de_an", False),
    (BENTRE, 14, 14, "Đề án phát triển kinh tế tuần hoàn ở Việt Nam", SCH, "de_an", False),
    # Lower-case type word, quoted name.
    (KH317, 1, 1, "Đề án Phát triển công nghiệp nông thôn tỉnh Bình Phước đến năm 2025", SCH, "de_an", True),
    # Plans (Quy hoạch): with period and alias, a typo "2021-230" kept as printed.
    (SCT, 1639, 1641, "Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030, tầm nhìn đến năm 2050", OTH, "quy_hoach", False),
    (SCT, 1021, 1024, "Quy hoạch phát triển Điện lực Quốc gia giai đoạn 2021-230, có xét tới năm 2045 (Quy hoạch Điện VIII)", OTH, "quy_hoach", False),
    (SCT, 4520, 4522, "Quy hoạch chung xây dựng khu kinh tế cửa khẩu Hoa Lư đến năm 2025", OTH, "quy_hoach", False),
    (SCT, 4526, 4529, "Quy hoạch phân khu chức năng Khu Quản lý - Thương Mại - Dịch vụ - Công nghiệp (giai đoạn I) Khu kinh tế cửa khẩu Hoa Lư", OTH, "quy_hoach", False),
    # The bare "Quy hoạch tỉnh", capitalised, is the province's plan.
    (SCT, 4569, 4571, "Quy hoạch tỉnh", OTH, "quy_hoach", False),
    # OCR without diacritics, a line break inside, and the lower-case form.
    (OCR, 20, 21, "Quy hoach tinh Binh Duong thoi ky 2021-2030, tim nhin dén nim 2050", OTH, "quy_hoach", False),
    (OCR, 64, 65, "Quy hoach tinh Binh Duong thoi ky 2021-2030, tim nhin dén nam 2050", OTH, "quy_hoach", False),
    (OCR, 384, 385, "Quy hoach tinh Binh Duong giai doan 2021-2030, tam nhin 2050", OTH, "quy_hoach", False),
    # Programmes.
    (SCT, 669, 669, "Chương trình đột phá trong đầu tư kết cấu hạ tầng", PRG, "chuong_trinh", False),
    (SCT, 1149, 1151, "Chương trình Xúc tiến thương mại tỉnh Bình Phước", PRG, "chuong_trinh", False),
    (SCT, 1903, 1905, "Chương trình phát triển TMĐT quốc gia", PRG, "chuong_trinh", False),
    # The type word itself cut by a blank line ("Chương \n\ntrình"), two names in a row.
    (SCT, 5486, 5490, "Chương trình mục tiêu quốc gia xây dựng nông thôn mới", PRG, "chuong_trinh", False),
    (SCT, 5486, 5490, "Chương trình mục tiêu quốc gia phát triển kinh tế xã hội vùng đồng bào dân tộc thiểu số và miền núi", PRG, "chuong_trinh", False),
    (SCT, 4798, 4800, "Chương trình hỗ trợ đầu tư hạ tầng kỹ thuật cụm công nghiệp tỉnh Bình Phước giai đoạn 2021-2025", PRG, "chuong_trinh", False),
    # Laws: across a line break, across a blank line, with years, after "điều 32".
    (SCT, 339, 341, "Luật đất đai", LAW, "luat", False),
    (SCT, 339, 341, "Luật đầu tư", LAW, "luat", False),
    (SCT, 2400, 2402, "Luật Trồng trọt 2018", LAW, "luat", False),
    (SCT, 5087, 5088, "Luật đầu tư năm 2014", LAW, "luat", False),
    (SCT, 5087, 5088, "Luật đầu tư năm 2020", LAW, "luat", False),
    (SCT, 5099, 5099, "Luật đầu tư 2014", LAW, "luat", False),
    (SCT, 5099, 5099, "Luật Đầu tư 2020", LAW, "luat", False),
    (SCT, 5253, 5253, "Luật Chính quyền địa phương", LAW, "luat", False),
    # Trade agreements: acronyms in a list (one misspelt), a full name with its acronym.
    (SCT, 1192, 1193, "Hiệp định EVFTA", OTH, "hiep_dinh", False),
    (SCT, 1192, 1193, "Hiệp định RCEEP", OTH, "hiep_dinh", False),
    (SCT, 1192, 1193, "Hiệp định UKVFTA", OTH, "hiep_dinh", False),
    (SCT, 1194, 1195, "Hiệp định thương mại tự do Việt Nam - EU (EVFTA)", OTH, "hiep_dinh", False),
    (SCT, 6068, 6070, "Hiệp định Đối tác kinh tế Toàn diện Khu vực (Hiệp định RCEP)", OTH, "hiep_dinh", False),
    # Unnumbered plans (Kế hoạch): of a numbered document, and with a stated span.
    (SCT, 1291, 1292, "Kế hoạch hành động thực hiện Quyết định số 1968/QĐ-TTg", PLN, "ke_hoach", False),
    (BENTRE, 19, 19, "Kế hoạch thực hiện Nghị quyết số 93/NQ-CP", PLN, "ke_hoach", False),
    (SCT, 351, 352, "Kế hoạch phát triển các KCN, KKT giai đoạn 2021-2025", PLN, "ke_hoach", False),
]  # fmt: skip


@needs_corpus
@pytest.mark.parametrize(("file", "first", "last", "name", "kind", "detail", "quoted"), FOUND)
def test_found(file: str, first: int, last: int, name: str, kind: DocType, detail: str, quoted: bool) -> None:
    text = corpus_lines(file, first, last)
    mentions = {m.name: m for m in find_named_documents(text)}
    assert name in mentions, f"{file}:{first}-{last}: got {list(mentions)}"
    mention = mentions[name]
    assert (mention.kind, mention.kind_detail, mention.quoted) == (kind, detail, quoted)
    assert mention.raw == text[mention.start : mention.end]
    assert 0.5 <= mention.confidence <= 1.0


def test_span_covers_type_word_and_quotes() -> None:
    # binhphuoc_sct l.2352: the quote opens before the type word; the span takes both quotes.
    text = "báo cáo tình hình thực hiện năm 2022 “Chiến lược Sở hữu trí tuệ đến năm 2030” gửi Bộ KH&CN"
    (mention,) = find_named_documents(text)
    assert mention.raw == "“Chiến lược Sở hữu trí tuệ đến năm 2030”"
    # binhphuoc_kh-317 l.1: the span starts at the lower-case type word.
    text = "về việc triển khai thực hiện đề án “Phát triển công nghiệp nông thôn tỉnh Bình Phước đến năm 2025”"
    (mention,) = find_named_documents(text)
    assert mention.raw.startswith("đề án “") and mention.raw.endswith("2025”")
    assert mention.name == "Đề án Phát triển công nghiệp nông thôn tỉnh Bình Phước đến năm 2025"


def test_confidence_lower_for_ocr() -> None:
    # binhduong_kh-7099 l.21 (no diacritics) against the same name printed properly.
    ocr = find_named_documents("phé duyét Quy hoach tinh Binh Duong thoi ky 2021-2030, tim nhin dén nim 2050;")
    clean = find_named_documents("phê duyệt Quy hoạch tỉnh Bình Dương thời kỳ 2021-2030, tầm nhìn đến năm 2050;")
    assert ocr[0].confidence < clean[0].confidence


# --- generic phrases: no document ---------------------------------------------------------

# (file, first line, last line): passages where every type word is generic.
GENERIC = [
    (SCT, 28, 28),  # "được giao 06 đề án, … kế": a count
    (SCT, 249, 249),  # "phê duyệt từng Đề án và 05 Kế hoạch thực hiện các Đề án."
    (SCT, 511, 511),  # "Triển khai các Đề án, Kế hoạch gắn liền với …"
    (SCT, 284, 286),  # "ban hành Kế hoạch kiểm tra các quy định …" (excluded by the annotators)
    (SCT, 474, 475),  # "Xây dựng Kế hoạch phối hợp Alibaba.com tại Việt Nam …"
    (
        SCT,
        1288,
        1290,
    ),  # "Kế hoạch Phát triển thương mại điện tử tỉnh Bình Phước; Kế hoạch triển khai thực hiện Cuộc vận động …"
    (SCT, 1137, 1140),  # "Kế hoạch trên vào Chương trình làm việc của Sở …; góp ý dự thảo Kế hoạch Xúc tiến …"
    (SCT, 5360, 5360),  # "Xây dựng Kế hoạch triển khai theo Quyết định số 1489/QĐ-TTg …" (a plan to be written)
    (SCT, 505, 506),  # "Các Kế hoạch triển khai Chương trình hành động số 17-CTr/TU được …": numbered
    (SCT, 22, 22),  # "các Ban chủ nhiệm đề án Chương trình hành động số 17-Ctr/TU"
    (SCT, 6296, 6296),  # "thực hiện Chương trình hành động 17-TU của Tỉnh ủy."
    (SCT, 2910, 2911),  # "theo 03 Chương trình mục tiêu quốc gia và các chương trình có liên quan"
    (SCT, 2236, 2237),  # "Chương trình kết nối giao thương giữa doanh nghiệp …": an event
    (SCT, 2328, 2329),  # "triển khai Chương trình khảo sát, đánh giá trình độ công nghệ …": an event
    (SCT, 3314, 3314),  # "tổ chức chương trình “Kết nối tri thức sáng tạo” (Innovation Day)"
    (SCT, 3636, 3636),  # "tỉnh chưa xây dựng Chương trình xúc tiến đầu tư riêng biệt"
    (SCT, 1657, 1660),  # "1.2. Quy hoạch vùng nguyên liệu gỗ - Thực hiện việc quy hoạch …": heading, verb
    (SCT, 4609, 4612),  # "Quy hoạch Bô xít tại văn bản số 3817/UBND-TH" (excluded by the annotators)
    (SCT, 4305, 4307),  # "theo quy hoạch tỉnh được phê duyệt vào Quy hoạch phát triển các KCN trên toàn quốc."
    (SCT, 5034, 5036),  # "Đồ án quy hoạch phân khu tỷ lệ 1/2000 Khu chức năng hỗn hợp" (excluded)
    (SCT, 5180, 5180),  # "lập quy hoạch chung các Khu công nghiệp Đông Nam Đồng Phú" (not yet a plan)
    (SCT, 339, 339),  # "Tham mưu UBND tỉnh quy hoạch 32 CCN": the verb
    (SCT, 1160, 1160),  # "các thị trường chiến lược": the adjective
    (SCT, 1200, 1200),  # "các Hiệp định Thương mại tự do thế hệ mới,…"
    (SCT, 603, 603),  # "các FTA thế hệ mới": bare "FTA"
    (SCT, 1937, 1937),  # "Sau khi Đề án được duyệt": a short form, not a name
    (SCT, 5517, 5517),  # "đạt mục tiêu Đề án, Kế hoạch đã đề ra)"
    (SCT, 1568, 1570),  # "I. Kết quả thực hiện các mục tiêu Đề án \n\n- Chế biến điều:"
    (SCT, 1965, 1966),  # "trình phê duyệt Phương án quản lý rừng bền vững của 15/17 đơn vị": not quoted
    (SCT, 2374, 2378),  # "đăng ký thực hiện dự án “Xây dựng, vận hành Cổng thông tin …”": a project
    (SCT, 5259, 5259),  # "phê duyệt đề án phát triển công nghiệp Bình Phước:": a loose paraphrase
    (SCT, 49, 49),  # table header "Tên đề án Nội dung đề án Đơn vị chủ trì …"
    (BENTRE, 8, 8),  # "TÌNH HÌNH THỰC HIỆN ĐỀ ÁN …": the host's own title in capitals
    (OCR, 196, 196),  # "phu hop v6i quy hoach tinh, 1gi thé …": the province's plan as a common noun
    (OCR, 4, 9),  # "KE HOACH\n\nThuc hién Nghi quyét s6 111/NQ-CP …": the title
    (OCR, 27, 31),  # "ban hanh Ké hoach thyc hién Nghi quyét s6 111/NQ-CP … nhu sau:": the host itself
    (OCR, 392, 396),  # "trién khai thuc hién Chuong trinh phat trién va ap dung cic mod hinh …": a task
]


@needs_corpus
@pytest.mark.parametrize(("file", "first", "last"), GENERIC)
def test_generic_is_no_document(file: str, first: int, last: int) -> None:
    text = corpus_lines(file, first, last)
    assert names_in(text) == [], f"{file}:{first}-{last}"


GENERIC_SYNTHETIC = [
    "Đề án này được triển khai",  # short form (a back reference, not a name)
    "các Đề án, Kế hoạch của UBND tỉnh",  # plural
    "Kế hoạch thực hiện các Đề án",  # plural object
    "Chương trình hành động của Chính phủ",  # "Chương trình hành động" alone
    "kế hoạch kiểm tra định kỳ",  # lower case, generic
    "phổ biến chính sách, pháp luật về thương mại",  # "pháp luật" is not a law
    "Kế hoạch số 327/KH-UBND ngày 31/10/2022 phát triển cụm công nghiệp giai đoạn 2021-2025",  # numbered
]


@pytest.mark.parametrize("text", GENERIC_SYNTHETIC)
def test_generic_synthetic(text: str) -> None:
    assert names_in(text) == []


@pytest.mark.parametrize("text", ["", "Đề án", "Luật", "“Đề án", "Đề án “", "Đề án “Phát triển”", "Quy hoạch."])
def test_degenerate_input(text: str) -> None:
    assert find_named_documents(text) == [] and find_back_references(text) == []


# Pieces of real sentences, shuffled: whatever comes out must be well-formed.
_PIECES = [
    "Đề án", "đề án", "Quy hoạch tỉnh", "Kế hoạch", "Chương trình", "Luật", "Hiệp định", "Nghị quyết Đại hội",
    "phát triển", "công nghiệp", "tỉnh Bình Phước", "giai đoạn 2021-2025", ", định hướng đến năm 2030", "“", "”",
    "(EVFTA)", "các", "04", "số 327/KH-UBND", "\n", "\n\n", "  ", ";", ".", ",", "Quy hoach tinh Binh Duong",
    "thoi ky 2021-2030", "lần thứ XIII", "của Đảng", "này", "trên", "năm 2020", "và", "EVFTA", "Ƣ", "e\u0301",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join))
def test_any_text_gives_well_formed_mentions(text: str) -> None:
    mentions = find_named_documents(text)
    for left, right in itertools.pairwise(mentions):
        assert left.end <= right.start
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text) and m.raw == text[m.start : m.end]
        assert m.name and "\n" not in m.name and 0 < m.confidence <= 1
        assert named_key(m) == named_key(m.name)
    assert len(cluster_names([m.name for m in mentions])) == len(mentions)
    for ref in find_back_references(text):
        assert text[ref.start : ref.end].split() == ref.phrase.split()


# --- whole files --------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("file", [SCT, OCR, BENTRE, KH317])
def test_whole_file_invariants(file: str) -> None:
    text = corpus_text(file)
    mentions = find_named_documents(text)
    assert mentions, file
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for left, right in itertools.pairwise(mentions):
        assert left.end <= right.start, f"overlap: {left.name!r} / {right.name!r}"
    for m in mentions:
        assert m.raw == text[m.start : m.end]
        assert "\n" not in m.name and "  " not in m.name and "“" not in m.name
        assert m.name[0].isupper()


@needs_corpus
def test_raw_text_gives_same_offsets() -> None:
    # The raw file has decomposed Unicode (binhphuoc_sct l.239-642) and Ƣ: offsets still
    # point into the text given, and the same documents are found.
    raw = (CORPUS / SCT).read_text(encoding="utf-8")
    mentions = find_named_documents(raw)
    assert all(m.raw == raw[m.start : m.end] for m in mentions)
    assert len(mentions) == len(find_named_documents(corpus_text(SCT)))


@needs_corpus
def test_ocr_plan_is_one_document() -> None:
    # binhduong_kh-7099: five spellings of the province plan (l.21, 64, 148, 342, 384).
    names = names_in(corpus_text(OCR))
    assert len(names) == 5
    assert set(cluster_keys(names)) == {"other:quy-hoach-tinh-binh-duong-2021-2030"}


@needs_corpus
def test_kh317_two_schemes() -> None:
    names = names_in(corpus_text(KH317))
    assert len(names) == 3 and cluster_names(names) == [0, 0, 1]


@needs_corpus
def test_sct_clusters() -> None:
    text = corpus_text(SCT)
    mentions = find_named_documents(text)
    keys = cluster_keys([m.name for m in mentions])

    def keys_on(line: int, word: str) -> set[str]:
        return {
            k
            for m, k in zip(mentions, keys, strict=True)
            if text.count("\n", 0, m.start) + 1 == line and word in m.name
        }

    # The same scheme long (l.3857) and short, quoted (l.5318).
    assert (
        keys_on(3857, "hỗ trợ")
        == keys_on(5318, "hỗ trợ")
        == {"scheme:phat-trien-cong-nghiep-ho-tro-binh-phuoc-2021-2025"}
    )
    # The province plan: "2021-2030" (l.1639), "2021-2023" (l.4573, a typo), bare (l.4571).
    assert (
        keys_on(1639, "tỉnh")
        == keys_on(4573, "tỉnh")
        == keys_on(4571, "tỉnh")
        == {"other:quy-hoach-tinh-binh-phuoc-2021-2030"}
    )
    # EVFTA: acronym (l.1192), full name with acronym (l.1194), full name without (l.1195).
    assert keys_on(1192, "EVFTA") == keys_on(1194, "EVFTA") == keys_on(1195, "Liên minh") == {"other:hiep-dinh-evfta"}
    # Near misses stay apart: the laws of 2014 and 2020 (l.5087), the CCN scheme (l.144)
    # and the KCN-KKT-CCN scheme (l.4373), Quy hoạch Điện VIII and the province plan.
    assert keys_on(5087, "2014") != keys_on(5087, "2020")
    assert keys_on(144, "cụm") != keys_on(4373, "cụm")
    assert keys_on(5087, "2014") != keys_on(340, "đầu tư")
    assert len(set(keys)) == len(set(cluster_names([m.name for m in mentions])))


# --- clustering -----------------------------------------------------------------------------

SAME = [
    # OCR spelling (binhduong_kh-7099 l.21) and the accented spelling.
    ("Quy hoach tinh Binh Duong thoi ky 2021-2030, tim nhin dén nim 2050", "Quy hoạch tỉnh Bình Dương thời kỳ 2021-2030, tầm nhìn đến năm 2050"),
    # Short quoted form (binhphuoc_sct l.5318) and the long form (l.3857).
    ("Đề án “Phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025”", "Đề án phát triển công nghiệp hỗ trợ trên địa bàn tỉnh Bình Phước giai đoạn 2021-2025, định hướng đến năm 2030"),
    # "về" (l.29) and a name that leaves out the period (l.120).
    ("Đề án về phát triển công nghiệp công nghệ cao tỉnh Bình Phước giai đoạn 2021-2025, định hướng đến năm 2030", "Đề án phát triển công nghiệp công nghệ cao tỉnh Bình Phước"),
    ("Đề án phát triển các khu công nghiệp, khu kinh tế, cụm công nghiệp tỉnh Bình Phước", "Đề án “Phát triển khu công nghiệp, khu kinh tế, cụm công nghiệp tỉnh Bình Phước giai đoạn 2021 - 2025, định hướng đến năm 2030”"),
    # An abbreviation in parentheses (l.1852) and none (l.1292).
    ("Đề án “Đẩy mạnh ứng dụng công nghệ thông tin và chuyển đổi số trong hoạt động xúc tiến thương mại (XTTM) giai đoạn 2021 - 2030”", "Đề án “Đẩy mạnh ứng dụng công nghệ thông tin và chuyển đổi số trong hoạt động xúc tiến thương mại giai đoạn 2021 - 2030”"),
    # The same plan, "có xét tới" and "tầm nhìn", a typo end year (l.1023 / l.1055).
    ("Quy hoạch phát triển Điện lực Quốc gia giai đoạn 2021-230, có xét tới năm 2045 (Quy hoạch Điện VIII)", "Quy hoạch phát triển điện lực Quốc gia giai đoạn 2021- 2030, tầm nhìn đến năm 2045"),
    ("Luật đầu tư năm 2020", "Luật Đầu tư 2020"),
    ("Luật đất đai", "Luật Đất đai"),
    ("EVFTA", "Hiệp định thương mại tự do giữa Việt Nam và Liên minh châu Âu (EVFTA)"),
    ("RCEEP", "Hiệp định Đối tác kinh tế Toàn diện Khu vực (Hiệp định RCEP)"),  # l.1193 misspelling
    ("Nghị quyết Đại hội Đại biểu toàn quốc lần thứ XIII của Đảng, nhiệm kỳ 2021-2026", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII"),
    ("Nghị quyết đại hội Đảng bộ tỉnh lần thứ XI", "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Bình Phước lần thứ XI, nhiệm kỳ 2020-2025"),
]  # fmt: skip

DIFFERENT = [
    # Laws of different years, and a law without a year (kept apart: don't guess).
    ("Luật Đầu tư 2014", "Luật Đầu tư 2020"),
    ("Luật Đầu tư", "Luật Đầu tư 2020"),
    ("Luật Đầu tư", "Luật Đầu tư công"),
    ("Luật Đất đai", "Luật Đầu tư"),
    # binhphuoc_sct l.144 vs l.120: one topic inside the other is not the same scheme.
    ("Đề án phát triển cụm công nghiệp", "Đề án phát triển các khu công nghiệp, khu kinh tế, cụm công nghiệp"),
    ("Đề án phát triển cụm công nghiệp tỉnh Bình Phước giai đoạn 2021-2025", "Đề án phát triển các khu công nghiệp, khu kinh tế, cụm công nghiệp tỉnh Bình Phước giai đoạn 2021-2025"),
    ("Đề án phát triển công nghiệp", "Đề án phát triển công nghiệp hỗ trợ"),
    # Another period, another province.
    ("Đề án phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025", "Đề án phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2026-2030"),
    ("Đề án phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025", "Đề án phát triển công nghiệp hỗ trợ tỉnh Đồng Nai giai đoạn 2021-2025"),
    ("Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030", "Quy hoạch tỉnh Bình Dương thời kỳ 2021-2030"),
    # Another kind with the same words.
    ("Kế hoạch phát triển thương mại điện tử tỉnh Bình Phước giai đoạn 2021-2025", "Đề án phát triển thương mại điện tử tỉnh Bình Phước giai đoạn 2021-2025"),
    ("EVFTA", "UKVFTA"),
    ("Kế hoạch hành động thực hiện Quyết định số 1968/QĐ-TTg", "Kế hoạch thực hiện Quyết định số 1163/QĐ-TTg"),
    ("Kế hoạch thực hiện Quyết định số 1968/QĐ-TTg", "Kế hoạch thực hiện Quyết định số 1969/QĐ-TTg"),
    ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới", "Chương trình mục tiêu quốc gia phát triển kinh tế xã hội vùng đồng bào dân tộc thiểu số và miền núi"),
    ("Nghị quyết Đại hội Đại biểu toàn quốc lần thứ XIII của Đảng", "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Bình Phước lần thứ XI"),
    ("Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Bình Phước lần thứ XI", "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Bình Phước lần thứ XII"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_document(a: str, b: str) -> None:
    assert same_named_document(a, b) and same_named_document(b, a)
    assert cluster_names([a, b]) == [0, 0]
    assert len(set(cluster_keys([a, b]))) == 1


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_documents(a: str, b: str) -> None:
    assert not same_named_document(a, b) and not same_named_document(b, a)
    assert cluster_names([a, b]) == [0, 1]
    assert named_key(a) != named_key(b)


KEYS = [
    ("Đề án phát triển công nghiệp hỗ trợ trên địa bàn tỉnh Bình Phước giai đoạn 2021-2025, định hướng đến năm 2030", "scheme:phat-trien-cong-nghiep-ho-tro-binh-phuoc-2021-2025"),
    ("Luật Đầu tư 2020", "law:dau-tu-2020"),
    ("Luật đầu tư", "law:dau-tu"),
    ("Hiệp định RCEEP", "other:hiep-dinh-rcep"),
    ("Nghị quyết Đại hội Đại biểu toàn quốc lần thứ XIII của Đảng, nhiệm kỳ 2021-2026", "resolution:dai-hoi-toan-quoc-xiii"),
    ("Kế hoạch thực hiện Nghị quyết số 93/NQ-CP", "plan:thuc-hien-nghi-quyet-93-nq-cp"),
    ("Chương trình phát triển thị trường KH&CN quốc gia đến năm 2030", "programme:phat-trien-thi-truong-kh-cn-quoc-gia-den-2030"),
    ("Quy hoach tinh Binh Duong thoi ky 2021-2030, tim nhin dén nim 2050", "other:quy-hoach-tinh-binh-duong-2021-2030"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "key"), KEYS)
def test_named_key(name: str, key: str) -> None:
    assert named_key(name) == key


def test_named_key_of_mention_and_long_topic() -> None:
    text = "triển khai Đề án phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025;"
    (mention,) = find_named_documents(text)
    assert named_key(mention) == "scheme:phat-trien-cong-nghiep-ho-tro-binh-phuoc-2021-2025"
    # A long topic is cut with a short hash, so two long names sharing their first words
    # do not share a key.
    a = "Đề án nâng cao năng lực và hiệu quả hoạt động của hợp tác xã nông nghiệp sản xuất chế biến sâu"
    b = "Đề án nâng cao năng lực và hiệu quả hoạt động của hợp tác xã nông nghiệp sản xuất xuất khẩu"
    assert named_key(a) != named_key(b) and len(named_key(a)) < 80


def test_cluster_keys_do_not_depend_on_order() -> None:
    names = [
        "Quy hoạch tỉnh",
        "Quy hoạch tỉnh Bình Phước thời kỳ 2021-2023, tầm nhìn đến năm 2050",  # l.4573, typo
        "Quy hoạch tỉnh giai đoạn 2021-2030",
        "Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030, tầm nhìn đến năm 2050",
        "Quy hoạch tỉnh Bình Phước thời kỳ 2021-2023, tầm nhìn đến năm 2050",
        "Luật Đầu tư 2020",
        "Luật đầu tư năm 2014",
    ]
    expected = dict(zip(names, cluster_keys(names), strict=True))
    for perm in itertools.islice(itertools.permutations(names), 0, None, 97):
        assert dict(zip(perm, cluster_keys(list(perm)), strict=True)) == expected
    assert expected[names[0]] == "other:quy-hoach-tinh-binh-phuoc-2021-2030"


def test_cluster_key_stable_when_a_variant_is_added() -> None:
    # A new file adds a spelling with the same facets: the key does not move.
    before = cluster_keys(["Đề án phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025"])
    longer = "Đề án “Phát triển công nghiệp hỗ trợ trên địa bàn tỉnh Bình Phước giai đoạn 2021-2025, định hướng 2030”"
    after = cluster_keys(["Đề án phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025", longer])
    assert after == before * 2


def test_ambiguous_short_name_stays_alone() -> None:
    # "Quy hoạch tỉnh" beside the plans of two provinces names neither for certain.
    names = [
        "Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030",
        "Quy hoạch tỉnh Bình Dương thời kỳ 2021-2030",
        "Quy hoạch tỉnh",
    ]
    assert cluster_names(names) == [0, 1, 2]


def test_cluster_names_empty() -> None:
    assert cluster_names([]) == [] and cluster_keys([]) == []


# --- back references --------------------------------------------------------------------------

BACKREFS = [
    # binhphuoc_sct l.1137
    ("lồng ghép thực hiện các nội dung tại Kế hoạch trên vào Chương trình làm việc", [(DocType.PLAN, "Kế hoạch trên")]),
    ("Thực hiện Kết luận trên, Sở Công Thương đã", [(DocType.CONCLUSION, "Kết luận trên")]),
    ("Kế hoạch này được triển khai", [(DocType.PLAN, "Kế hoạch này")]),
    ("theo Đề án nêu trên", [(DocType.SCHEME, "Đề án nêu trên")]),
    ("căn cứ Quyết định trên.", [(DocType.DECISION, "Quyết định trên")]),
    ("Nghị quyết này có hiệu lực", [(DocType.RESOLUTION, "Nghị quyết này")]),
    ("Đề án trên địa bàn tỉnh", []),  # "trên" is the preposition
    ("các kế hoạch, quy hoạch trên các lĩnh vực", []),  # l.2829
    ("Tổ chức 01 chương trình trên Đài PTTH&Báo Bình Phước", []),  # l.2625
    ("các Đề án nêu trên", []),  # plural: several documents
]


@pytest.mark.parametrize(("text", "expected"), BACKREFS)
def test_back_references(text: str, expected: list[tuple[DocType, str]]) -> None:
    refs = find_back_references(text)
    assert [(r.kind, r.phrase) for r in refs] == expected
    assert all(isinstance(r, BackRef) and text[r.start : r.end] == r.phrase for r in refs)


@needs_corpus
def test_back_references_in_corpus() -> None:
    text = corpus_text(SCT)
    refs = find_back_references(text)
    assert [(text.count("\n", 0, r.start) + 1, r.phrase) for r in refs] == [(1137, "Kế hoạch trên")]


# --- speed and examples -------------------------------------------------------------------------


@needs_corpus
def test_speed_on_the_largest_file() -> None:
    # CPU time, best of three: the test machines are shared, wall time is noise.
    text = corpus_text(SCT)  # 320 KB
    best = min(_cpu_seconds(find_named_documents, text) for _ in range(3))
    assert best < 0.5, f"find_named_documents took {best:.2f} s"
    assert min(_cpu_seconds(find_back_references, text) for _ in range(3)) < 0.2


def _cpu_seconds(func: Callable[[str], object], text: str) -> float:
    start = time.process_time()
    func(text)
    return time.process_time() - start


def test_mention_is_frozen() -> None:
    mention = NamedMention(0, 5, DocType.LAW, "luat", "Luật Đất đai", "Luật", False, 0.9)
    with pytest.raises(AttributeError):
        mention.name = "x"  # type: ignore[misc]


def test_doctests() -> None:
    results = [
        doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        for module in (named, named_backrefs, named_identity, named_read, named_text, named_vocab)
    ]
    assert sum(r.failed for r in results) == 0 and sum(r.attempted for r in results) >= 10
