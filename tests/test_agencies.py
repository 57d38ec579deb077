"""Agency matching, mention finding and the registry (ingest/agency_match.py, ingest/agencies.py,
ingest/agency_registry.py, ingest/gazetteer.py).

Rows cite the corpus line they come from; the corpus is read from ``../shared/corpus``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from policygraph.graph.model import Evidence
from policygraph.ingest.agencies import find_agency_mentions
from policygraph.ingest.agency_match import fold_text, match_agency
from policygraph.ingest.agency_registry import AgencyRegistry
from policygraph.ingest.gazetteer import load_gazetteer, province_successor

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_lines(name: str) -> list[str]:
    """A corpus file cleaned as the input contract says: NFC, Ƣ → Ư, dashes as "-"."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"shared corpus not found at {path}; check out shared/ beside the repository")
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    text = re.sub("[–—‑]", "-", text.replace("Ƣ", "Ư").replace("ƣ", "ư"))
    return text.split("\n")


MATCH_ROWS = [
    # (printed, canonical, generic)
    ("S6 Cong Thuong", "Sở Công Thương", False),  # OCR, binhduong_kh-7099-ubnd_2024_ocr.txt:177
    ("S¢ Coéng Thuong", "Sở Công Thương", False),  # OCR, ibid. 276
    ("So Ké hoach va Pau tu", "Sở Kế hoạch và Đầu tư", False),  # OCR, ibid. 145
    ("S& K& hoach va ’Dﬁu tu", "Sở Kế hoạch và Đầu tư", False),  # OCR, ibid. 186
    ("S& Gido dyc va DPao tao", "Sở Giáo dục và Đào tạo", False),  # OCR, ibid. 264
    ("S¢ Noéng nghiép va Phat trién nong thon", "Sở Nông nghiệp và Phát triển nông thôn", False),  # ibid. 319
    ("S¢ Lao dong - Thuong binh va Xa hdi", "Sở Lao động - Thương binh và Xã hội", False),  # ibid. 426
    ("Lién minh Hop tac x&", "Liên minh Hợp tác xã tỉnh", False),  # ibid. 351
    ("Thu tuéng Chinh phu", "Thủ tướng Chính phủ", False),  # ibid. 20
    ("Chinh phi", "Chính phủ", False),  # one OCR slip in a short name, ibid. 6
    ("Ban Thuong vu Tinh ty Binh Duong", "Ban Thường vụ Tỉnh ủy", False),  # ibid. 419-420
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn", False),  # binhphuoc_sct_bao-cao_2022-2024.txt:1755
    ("Sở Nông nghiệp và PTNT", "Sở Nông nghiệp và Phát triển nông thôn", False),  # ibid. 1661
    ("Sở NN và PTNT", "Sở Nông nghiệp và Phát triển nông thôn", False),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", False),
    ("Sở KHĐT", "Sở Kế hoạch và Đầu tư", False),  # binhphuoc…:596
    ("SKHĐT", "Sở Kế hoạch và Đầu tư", False),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường", False),
    ("Sở VH-TT&DL", "Sở Văn hóa, Thể thao và Du lịch", False),
    ("Sở LĐTB&XH", "Sở Lao động - Thương binh và Xã hội", False),
    ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội", False),  # binhphuoc…:5733
    ("Sở TT&TT", "Sở Thông tin và Truyền thông", False),
    ("Ban QLKKT", "Ban Quản lý Khu kinh tế", False),  # binhphuoc…:596
    ("BQL KKT", "Ban Quản lý Khu kinh tế", False),
    ("Ban quản lý khu kinh tế", "Ban Quản lý Khu kinh tế", False),  # lower case, binhphuoc…
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh", False),
    ("Ủy ban nhân đân tỉnh Bình Phước", "Ủy ban nhân dân tỉnh", False),  # a typo, binhphuoc_kh-317-ubnd_2021.txt:1
    ("HĐND tỉnh", "Hội đồng nhân dân tỉnh", False),
    ("SCT", "Sở Công Thương", False),
    ("Sở Công Thương tỉnh Bến Tre", "Sở Công Thương", False),  # the province is not part of the body
    ("Trung tâm XTĐT TMDL", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", False),  # binhphuoc…:6309
    ("các Sở, ban, ngành", "các Sở, ban, ngành", True),
    ("cac S&, ban, nganh", "các Sở, ban, ngành", True),  # OCR, binhduong…_ocr.txt:158
    ("Uy ban nhan dan cac huyén, thanh phd", "Ủy ban nhân dân các huyện, thành phố", True),  # ibid. 145
    ("UBND các huyện, thị xã, thành phố", "Ủy ban nhân dân các huyện, thị xã, thành phố", True),  # binhphuoc…:1148
    ("các đơn vị có liên quan", "các đơn vị có liên quan", True),  # binhphuoc…:5699
    ("các sở ngành", "các sở ngành", True),  # binhphuoc…:618
]


@pytest.mark.parametrize(("printed", "canonical", "generic"), MATCH_ROWS, ids=[r[0] for r in MATCH_ROWS])
def test_match_agency(printed: str, canonical: str, generic: bool) -> None:
    match = match_agency(printed, "Bình Dương")
    assert match is not None
    assert (match.canonical, match.generic) == (canonical, generic)
    if generic:
        assert match.kind == "group"


NEAR_PAIRS = [
    # Bodies with the same shape ("Sở X và Y") that must never merge.
    ("Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông"),
    ("S& Khoa hoc va Cong ngh¢", "S& Thong tin va Truyén thong"),  # OCR, binhduong…_ocr.txt:276-277
    ("Sở Tài chính", "Sở Tư pháp"),
    ("Sở Xây dựng", "Sở Giao thông vận tải"),
    ("Sở Nội vụ", "Sở Ngoại vụ"),
    ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    ("Bộ Công Thương", "Bộ Công an"),
    ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các huyện, thành phố"),
]


@pytest.mark.parametrize(("a", "b"), NEAR_PAIRS, ids=[f"{a}|{b}" for a, b in NEAR_PAIRS])
def test_near_pairs_do_not_merge(a: str, b: str) -> None:
    match_a, match_b = match_agency(a), match_agency(b)
    assert match_a is not None and match_b is not None
    assert match_a.slug != match_b.slug


UNKNOWN_ROWS = [
    # Not in the gazetteer: a new agency named as printed, never the nearest known one.
    "Sở Quy hoạch - Kiến trúc",  # close in shape to "Sở Xây dựng"
    "Sở Khoa học và Truyền thông",  # half of two known names
    "Hội Điều Bình Phước",  # binhphuoc_sct_bao-cao_2022-2024.txt:296
]


@pytest.mark.parametrize("printed", UNKNOWN_ROWS)
def test_unknown_name_is_a_new_agency(printed: str) -> None:
    match = match_agency(printed)
    assert match is not None
    assert match.entry is None and match.canonical == printed and match.score == 0.0


def test_private_company_is_not_an_agency() -> None:
    # Out of scope (gold NOTES); e.g. "Công ty cổ phần thương mại Bách Hóa Xanh", binhphuoc…:1230
    assert match_agency("Công ty cổ phần thương mại Bách Hóa Xanh") is None
    assert match_agency("  ,. ") is None


def test_fold_text_keeps_length() -> None:
    text = "Sở Kế hoạch và Đầu tư; S¢ Coéng Thuong"
    assert len(fold_text(text)) == len(text)
    assert fold_text("Đầu tư") == "dau tu"


def test_mentions_across_a_line_break_in_ocr() -> None:
    # binhduong_kh-7099-ubnd_2024_ocr.txt:243-244: the group name runs onto the next line.
    lines = corpus_lines("binhduong_kh-7099-ubnd_2024_ocr.txt")[242:244]
    found = [(m.line, m.match.canonical) for m in find_agency_mentions(lines, 243, "f.txt", "Bình Dương")]
    assert found == [
        (243, "Sở Khoa học và Công nghệ"),
        (243, "Sở Kế hoạch và Đầu tư"),
        (243, "các Sở, ban, ngành"),
        (244, "Ủy ban nhân dân các huyện, thành phố"),
    ]


def test_longest_name_wins() -> None:
    # binhduong_kh-7099-ubnd_2024_ocr.txt:419-420: "Ban Thường vụ Tỉnh ủy", not "Tỉnh ủy"; "Thủ tướng Chính phủ"
    lines = corpus_lines("binhduong_kh-7099-ubnd_2024_ocr.txt")
    found = [m.match.canonical for m in find_agency_mentions(lines[418:420], 419, "f.txt", "Bình Dương")]
    assert "Ban Thường vụ Tỉnh ủy" in found and "Tỉnh ủy" not in found
    found = [m.match.canonical for m in find_agency_mentions(lines[19:20], 20, "f.txt", "Bình Dương")]
    assert found == ["Thủ tướng Chính phủ"]


def test_no_mention_inside_document_symbols() -> None:
    # "187/SCT-TM" names the issuer of a letter (binhphuoc_sct_bao-cao_2022-2024.txt:1139).
    found = find_agency_mentions(["Văn bản số 187/SCT-TM ngày 13/02/2023 và 1297/SKHĐT-QLQH"], 1, "f.txt")
    assert found == []


def test_no_fuzzy_match_on_text_with_diacritics() -> None:
    # Words that fold close to a name are not that name: "số trong thương", "sẽ xây dựng", "thụ hưởng".
    found = find_agency_mentions(["chuyển đổi số trong thương mại, sẽ xây dựng cho đối tượng thụ hưởng"], 1, "f.txt")
    assert found == []


def test_unknown_bodies_are_found_by_shape() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:2206 and 2406
    lines = ["Câu lạc bộ Nông dân tỷ phú tỉnh Bình Phước và Trung tâm Nghiên cứu và Phát triển cây điều (Bộ NN)"]
    found = [m.match.canonical for m in find_agency_mentions(lines, 1, "f.txt", "Bình Phước")]
    assert found[:2] == [
        "Câu lạc bộ Nông dân tỷ phú tỉnh Bình Phước",
        "Trung tâm Nghiên cứu và Phát triển cây điều",
    ]


def test_registry_keys_aliases_and_evidence() -> None:
    registry = AgencyRegistry()
    lines = corpus_lines("binhduong_kh-7099-ubnd_2024_ocr.txt")
    mentions = find_agency_mentions(lines, 1, "binhduong_kh-7099-ubnd_2024_ocr.txt", "Bình Dương")
    keys = registry.add_mentions(mentions, "Bình Dương")
    assert "agency:so-cong-thuong@binh-duong" in keys
    assert "agency:chinh-phu" in keys  # national: no province
    assert not any(registry.get(k).kind == "group" for k in keys)  # groups come in through task roles
    sct = registry.get("agency:so-cong-thuong@binh-duong")
    assert sct.name == "Sở Công Thương" and sct.jurisdiction == "Bình Dương"
    assert sct.aliases == sorted(sct.aliases) and "S6 Cong Thuong" in sct.aliases
    assert Evidence in {type(e) for e in sct.mentions} and sct.mentions[0].line == 177
    ubnd = registry.get("agency:uy-ban-nhan-dan-tinh@binh-duong")
    assert ubnd.name == "Ủy ban nhân dân tỉnh Bình Dương" and ubnd.kind == "people_committee"


REORGANISATION_ROWS = [
    # (printed, province, key, valid_until, successor) — domain.md §3; Nghị định 45/2025/NĐ-CP for
    # departments (in force 2025-03-01), Nghị quyết 202/2025/QH15 for provinces (2025-07-01).
    ("Sở Kế hoạch và Đầu tư", "Bình Dương", "agency:so-ke-hoach-va-dau-tu@binh-duong", "2025-02-28", "agency:so-tai-chinh@binh-duong"),
    ("Sở NN&PTNT", "Bình Phước", "agency:so-nong-nghiep-va-phat-trien-nong-thon@binh-phuoc", "2025-02-28", "agency:so-nong-nghiep-va-moi-truong@binh-phuoc"),
    ("Sở TT&TT", "Bình Dương", "agency:so-thong-tin-va-truyen-thong@binh-duong", "2025-02-28", "agency:so-khoa-hoc-va-cong-nghe@binh-duong"),
    ("Sở GTVT", "Bến Tre", "agency:so-giao-thong-van-tai@ben-tre", "2025-02-28", "agency:so-xay-dung@ben-tre"),
    ("Sở Công Thương", "Bình Phước", "agency:so-cong-thuong@binh-phuoc", "2025-06-30", "agency:so-cong-thuong@dong-nai"),
    ("UBND tỉnh", "Bình Dương", "agency:uy-ban-nhan-dan-tinh@binh-duong", "2025-06-30", "agency:uy-ban-nhan-dan-tinh@thanh-pho-ho-chi-minh"),
    ("Sở Công Thương", "Đồng Nai", "agency:so-cong-thuong@dong-nai", None, None),  # the province lives on
    ("UBND các huyện, thị xã, thành phố", "Bình Phước", "agency:uy-ban-nhan-dan-cac-huyen-thi-xa-thanh-pho@binh-phuoc", "2025-06-30", None),
    ("Bộ Kế hoạch và Đầu tư", None, "agency:bo-ke-hoach-va-dau-tu", "2025-02-28", "agency:bo-tai-chinh"),
    ("Chính phủ", "Bình Dương", "agency:chinh-phu", None, None),
]


@pytest.mark.parametrize(("printed", "province", "key", "valid_until", "successor"), REORGANISATION_ROWS, ids=[f"{r[0]}@{r[1]}" for r in REORGANISATION_ROWS])
def test_reorganisation(printed: str, province: str | None, key: str, valid_until: str | None, successor: str | None) -> None:
    registry = AgencyRegistry()
    got = registry.resolve(printed, province, Evidence("f.txt", 1, printed))
    assert got == key
    agency = registry.get(key)
    assert (agency.valid_until, agency.successor) == (valid_until, successor)


def test_successor_chain_is_materialised() -> None:
    # Sở KH&ĐT Bình Dương → Sở Tài chính Bình Dương (2025-03-01) → Sở Tài chính TP.HCM (2025-07-01).
    registry = AgencyRegistry()
    registry.resolve("Sở KH&ĐT", "Bình Dương", Evidence("f.txt", 1, "Sở KH&ĐT"))
    keys = [a.key for a in registry.agencies(include_successors=True)]
    assert keys == [
        "agency:so-ke-hoach-va-dau-tu@binh-duong",
        "agency:so-tai-chinh@binh-duong",
        "agency:so-tai-chinh@thanh-pho-ho-chi-minh",
    ]
    assert registry.get("agency:so-tai-chinh@thanh-pho-ho-chi-minh").name == "Sở Tài chính"
    assert registry.get("agency:so-tai-chinh@thanh-pho-ho-chi-minh").mentions == []


def test_gazetteer_is_well_formed() -> None:
    entries = load_gazetteer()
    slugs = [e.slug for e in entries]
    assert len(slugs) == len(set(slugs))
    assert all(e.successor in slugs for e in entries if e.successor)
    assert province_successor("Bến Tre") == "Vĩnh Long" and province_successor("Vĩnh Long") is None


# --- the shortcuts of the scan give what the full scan gave ----------------------------------

ALL_FILES = ["binhphuoc_sct_bao-cao_2022-2024.txt", "binhduong_kh-7099-ubnd_2024_ocr.txt",
             "bentre_sct_kinh-te-tuan-hoan_2024.txt", "binhphuoc_kh-317-ubnd_2021.txt"]


def _variants(text: str) -> list[str]:
    """The text as printed, folded (OCR without diacritics) and upper-cased."""
    return [text, fold_text(text), text.upper()]


@pytest.mark.parametrize("name", ALL_FILES)
def test_window_candidates_keep_every_spelling_that_can_score(name: str) -> None:
    """_HeadForms.candidates may leave out only spellings that score_window would reject (score 0)."""
    from policygraph.ingest import agencies as a
    from policygraph.ingest import agency_match as am

    for text in _variants("\n".join(corpus_lines(name))):
        folded_text = fold_text(text)
        tokens = am.tokenize(folded_text)
        words = [t for t, _, _ in tokens]
        heads = a._head_index()
        for i, word in enumerate(words):
            if word not in heads:
                continue
            forms = heads[word]
            window: list = []
            for size, token in enumerate(a._window_tokens(text, folded_text, tokens[i][1], forms.longest + 1), start=1):
                window.append(token)
                folded, printed = [], []
                a._extend_words(text, window, folded, printed)
                accented = printed if any(map(am.has_diacritics, printed)) else None
                kept = {id(f) for f in forms.candidates(folded, accented)}
                for form in am.form_index()[forms.head]:
                    if abs(len(form.tokens) - size) <= 1 and id(form) not in kept:
                        assert am.score_window(folded, form, accented) == 0.0, (text[tokens[i][1]:tokens[i][1] + 60], form)


@pytest.mark.parametrize("name", ALL_FILES)
def test_generic_spans_and_tokens_match_a_plain_scan(name: str) -> None:
    """Generic groups tried only where their opening is find what finditer over the text finds;
    tokens from re.split are those of finditer."""
    from policygraph.ingest import agencies as a
    from policygraph.ingest import agency_match as am
    from policygraph.ingest.gazetteer import GENERIC_GROUPS

    for text in _variants("\n".join(corpus_lines(name))):
        folded = fold_text(text)
        tokens = am.tokenize(folded)
        assert tokens == [(m.group(), m.start(), m.end()) for m in am._TOKEN.finditer(folded)]
        plain = [(g.name, m.span()) for g in GENERIC_GROUPS
                 for m in re.finditer(r"(?<![a-z])" + g.pattern + r"(?![a-z])", folded)]
        fast = [(s.match.canonical, (s.start, s.end)) for s in a._generic_spans(folded)]
        assert fast == plain


def test_openings_are_only_used_for_plain_sequences() -> None:
    from policygraph.ingest.agencies import _opening
    from policygraph.ingest.scan import has_top_level_bar as _has_top_level_bar

    assert _has_top_level_bar("cac|dia") and not _has_top_level_bar(r"(?:a|b)[|]\|")
    assert _opening(r"cac\s+so|dia\s+phuong") is None  # an alternative could open otherwise
    assert _opening(r"dia\s+phuong") is not None
