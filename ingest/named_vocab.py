"""The words and patterns of documents known by name, matched on folded text.

Type words, period tails, quotes, and the words that make a mention generic or end a
name; each entry cites the corpus line that asked for it.
"""

from __future__ import annotations

import re

from ..graph.model import DocType
from .named_text import fold_raw
from .scan import WordScanner


# (folded pattern, DocType, kind_detail); every pattern is a whole word sequence.
_KINDS: list[tuple[str, DocType, str]] = [
    (r"de\s+an", DocType.SCHEME, "de_an"),
    (r"phuong\s+an", DocType.SCHEME, "phuong_an"),
    (r"du\s+an", DocType.SCHEME, "du_an"),
    (r"quy\s+hoach", DocType.OTHER, "quy_hoach"),
    (r"chien\s+luoc", DocType.OTHER, "chien_luoc"),
    (r"hiep\s+dinh", DocType.OTHER, "hiep_dinh"),
    (r"chu[a-z]{0,2}ong\s+trinh", DocType.PROGRAMME, "chuong_trinh"),  # OCR "Chuwong trinh" (kh-7099 l.7)
    (r"luat", DocType.LAW, "luat"),
    (r"ke\s+hoach", DocType.PLAN, "ke_hoach"),
    (r"nghi\s+quyet(?=\s+dai\s+hoi(?![a-z0-9]))", DocType.RESOLUTION, "nghi_quyet_dai_hoi"),
]
KIND_OF = {detail: kind for _, kind, detail in _KINDS}
TRIGGER_SCAN = WordScanner([(d, p) for p, _, d in _KINDS], "(?![a-z0-9])")
TRIGGER_RE = TRIGGER_SCAN.pattern
# A lower-case type word may still name a document only in these shapes (see ``named_read.judge``).
LOWER_OK_RE = re.compile(r"\s+(?:tinh|chung\s+xay|phan\s+khu\s+chuc)(?![a-z])")

# Any document type word: where the next document starts, a name stops.
TYPE_HEAD_RE = re.compile(
    r"(?:de\s+an|phuong\s+an|du\s+an|quy\s+hoach|chien\s+luoc|hiep\s+dinh|chu[a-z]{0,2}ong\s+trinh"
    r"|luat|ke\s+hoach|quyet\s+dinh|nghi\s+quyet|nghi\s+dinh|thong\s+tu|cong\s+van|ket\s+luan"
    r"|chi\s+thi|bao\s+cao|to\s+trinh|thong\s+bao|huong\s+dan|quy\s+che|quy\s+dinh|hoi\s+nghi"
    r"|cuoc\s+van\s+dong)(?![a-z0-9])"
)
# A numbered citation right after the type word: "Kế hoạch số 327/KH-UBND",
# "Chương trình hành động 17-TU" (sct l.6296), OCR "s6 111-CTr/TU" (kh-7099 l.7).
NUMBERED_RE = re.compile(r"\s*(?:hanh\s+dong\s+)?(?:(?:so|s\d|s)\s*)?[:.]?\s*\d+\s*[/:{-]")
_SYMBOL = r"\d+\s*[/:{-]\s*[a-z0-9&]+(?:\s*[/-]\s*[a-z0-9&]+)*"
_THUC_HIEN = r"th[a-z]{0,2}c\s+hi[a-z]{0,2}n"  # thực hiện; OCR "thyc hién"
# "Kế hoạch [hành động] thực hiện | triển khai [thực hiện] <numbered document>"
# (sct l.1291, l.1295; bentre l.19).
PLAN_OF_RE = re.compile(
    rf"\s+(?:hanh\s+dong\s+)?(?:{_THUC_HIEN}|trien\s+khai(?:\s+{_THUC_HIEN})?)\s+"
    r"(?:nghi\s+quyet|quyet\s+dinh|chi\s+thi|ket\s+luan|chu[a-z]{0,2}ong\s+trinh(?:\s+hanh\s+dong)?"
    r"|ke\s+hoach|nghi\s+dinh|thong\s+tu|cong\s+van|thong\s+bao)"
    rf"\s+(?:(?:so|s\d|s)\s*)?(?P<symbol>{_SYMBOL})"
)

YEAR = r"(?:19|20)\d\d"
NAM = r"n[a-z]m"  # năm; OCR "nim", "ndm" (kh-7099 l.21, l.30)
# A period: "giai đoạn 2021-2025, định hướng đến năm 2030", "thời kỳ 2021-2030, tầm nhìn
# đến năm 2050", "GĐ 2022 - 2025", "đến năm 2025", and "2021-230" (sct l.1023, a typo).
TAIL_RE = re.compile(
    rf"""
    ,?\s*
    (?:(?:giai\s+doan|gd|thoi\s+ky|nhiem\s+ky)\s+
         (?:(?P<start>{YEAR})\s*-\s*(?P<end>\d{{2,4}})|den\s+(?:{NAM}\s+)?(?P<end1>{YEAR}))
      |den\s+(?:{NAM}\s+)?(?P<end2>{YEAR}))
    (?P<more>(?:\s*,?\s*(?:va\s+)?(?:dinh\s+huong|t[a-z]m\s+nh[a-z]n|co\s+xet\s+(?:toi|den))
              \s+(?:den\s+)?(?:{NAM}\s+)?{YEAR})*)
    """,
    re.X,
)
YEAR_RE = re.compile(YEAR)
LAW_YEAR_RE = re.compile(rf"\s+(?:{NAM}\s+)?({YEAR})(?![0-9])")
LAW_AND_YEAR_RE = re.compile(rf"\s+va\s+({NAM}\s+)?({YEAR})(?![0-9])")  # "năm 2014 và năm 2020"
# "… lần thứ XIII [của Đảng][, nhiệm kỳ 2021-2026]" (sct l.23-24).
CONGRESS_END_RE = re.compile(
    rf"(?:\s+cua\s+dang(?![a-z]))?(?:,?\s*(?:nhiem\s+ky|giai\s+doan)\s+{YEAR}\s*-\s*{YEAR})?"
)

OPEN_QUOTES = {"“", '"', "«", "„"}
CLOSE_QUOTES = {"”", '"', "»"}
QUOTE_CHARS = '“”"«»„'
DASHES = {ord(c): "-" for c in "\u2013\u2014\u2010\u2011\u2012\u2212"}

# A word before the type word that makes the mention generic: "các Đề án", "từng Đề án",
# the table header "Tên đề án" (sct l.49). Counts are caught apart ("04 Đề án", l.1548).
GENERIC_BEFORE = {
    "các", "những", "mọi", "từng", "nhiều", "một", "hai", "ba", "bốn", "tên", "cac", "nhung", "tung",
}  # fmt: skip
# Before a plan or programme: not yet a document. "dự thảo Kế hoạch Xúc tiến …" (sct
# l.1139), "Xây dựng Kế hoạch triển khai theo …" (l.5360).
UNBORN_BEFORE = {("du", "thao"), ("xay", "dung")}
# Numbers that are not counts: "khoản 1 điều 32 Luật đầu tư 2014" (sct l.5099).
ARTICLE_WORDS = {"dieu", "khoan", "diem", "chuong", "muc", "luc"}

# Words that end a name (original spelling, lower case): the rest of the sentence starts.
STOP_WORDS = {
    "đã", "được", "đang", "sẽ", "ngày", "tại", "nhằm", "để", "thì", "mà", "gồm", "như",
    "bởi", "nên", "vì", "khi", "nhưng", "thuộc", "chưa", "không", "cũng", "vẫn", "phải",
    "cần", "đạt", "gặp", "nay", "này",
}  # fmt: skip
STOP_WORDS_ASCII = {"duoc", "ngay", "nham", "gom", "nhu"}  # OCR text: unambiguous folds only
# Words that cannot open a name: "Đề án và …", "Đề án của …", "Đề án này".
NOT_FIRST = {"và", "hoặc", "các", "của", "trên", "nêu", "đó", "theo", "với", "cho", "trong", "này"}
# Capitalised words that open an issuer: "… của UBND tỉnh", "…, Sở Công Thương báo cáo".
ISSUER_HEADS = {
    "ubnd", "uy", "so", "bo", "thu", "chinh", "hdnd", "hoi", "tinh", "ban", "van", "trung", "cuc", "tong", "ttg",
}  # fmt: skip
# Words a name does not end on: a table cell cut it ("… tỉnh Bình Phước giai", sct l.122).
# The ASCII set serves OCR text and leaves out "nam" ("Việt Nam").
DANGLING = {
    "giai", "đoạn", "định", "hướng", "đến", "năm", "tầm", "nhìn", "và", "của", "các",
    "trên", "tại", "với", "về", "thời", "kỳ", "trong", "theo", "cho", "là",
}  # fmt: skip
DANGLING_ASCII = {fold_raw(w) for w in DANGLING} - {"nam"}
MAX_WORDS = 45  # an unquoted name longer than this has lost its end
WINDOWS = (120, 400, 1200)  # characters read after a type word, widened on demand

# Programmes that are events, not documents: "Chương trình kết nối giao thương giữa
# doanh nghiệp …" (sct l.2236), "Chương trình khảo sát, đánh giá …" (l.2328).
EVENT_PROGRAMMES = {
    "ket noi", "khao sat", "tap huan", "lam viec", "dao tao", "tu van", "hop tac", "mua sam", "uu dai",
    "xuc tien dau tu",
}  # fmt: skip
# The frame of a programme's name, which says nothing of its topic.
PROGRAMME_FRAME = {"quoc", "gia", "tinh", "muc", "tieu", "hanh", "dong"}

# Trade agreements cited by acronym alone: "Hiệp định EVFTA, RCEEP, UKVFTA" (sct l.1192).
FTA_RE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{1,6}FTA|RCEP|RCEEP|CPTPP)(?![A-Za-z0-9])")
ACRONYM_ALIASES = {"rceep": "rcep"}  # the corpus's misspelling (sct l.1193, l.2067)
ACRONYM_RE = re.compile(r"[A-ZĐ&]{2,10}")
ROMAN_RE = re.compile(r"[ivxl]+")
CONGRESS_WORDS = {"dai", "hoi", "bieu", "dang", "bo", "toan", "quoc", "tinh", "thanh", "pho", "huyen", "lan", "thu"}
LAW_STOPS = {
    "quy", "thì", "có", "đã", "được", "của", "theo", "tại", "để", "số", "về", "khoản", "điều",
    "các", "mới", "hiện", "hành", "sửa", "trong", "này", "trên", "đó", "và", "năm", "hoặc",
    "với", "do", "nên", "cho",
}  # fmt: skip
