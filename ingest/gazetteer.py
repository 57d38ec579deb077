"""The gazetteer: known Vietnamese bodies, generic groups and provinces, with the 2025 reorganisation.

Data, not logic: ``data/agencies.tsv`` lists bodies (canonical name with diacritics, kind, level,
abbreviations, successor, last day of validity); this module loads it and holds the two smaller tables
that are patterns rather than names: generic groups ("các Sở, ban, ngành") and provinces with the
1 July 2025 mergers (Nghị quyết 202/2025/QH15: Bình Phước → Đồng Nai, Bình Dương → Thành phố Hồ Chí
Minh, Bến Tre → Vĩnh Long…, domain.md §3).

Matching names against the gazetteer is the job of :mod:`policygraph.ingest.agency_match`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DISTRICT_LAST_DAY",
    "GENERIC_GROUPS",
    "PROVINCE_LAST_DAY",
    "PROVINCES",
    "GazetteerEntry",
    "GenericGroup",
    "load_gazetteer",
    "province_successor",
    "slugify",
]

_DATA = Path(__file__).with_name("data") / "agencies.tsv"

# Last day of the old provinces and of the district level (Nghị quyết 202/2025/QH15; Luật Tổ chức
# chính quyền địa phương 2025: two-level local government from 1 July 2025).
PROVINCE_LAST_DAY = "2025-06-30"
DISTRICT_LAST_DAY = "2025-06-30"

KINDS = frozenset(
    {
        "department",
        "people_committee",
        "council",
        "party",
        "national",
        "service_unit",
        "association",
        "committee",
        "district",
        "group",
        "body",
    }
)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known body: ``slug`` is its stable id, ``level`` says whether it belongs to a province.

    ``successor``/``valid_until`` record a merger (``Sở Kế hoạch và Đầu tư`` → ``so-tai-chinh`` after
    2025-02-28); provincial bodies also end with their province (:data:`PROVINCE_LAST_DAY`).
    """

    slug: str
    name: str
    kind: str
    level: str  # national | province | district
    aliases: tuple[str, ...] = ()
    successor: str | None = None
    valid_until: str | None = None


@dataclass(frozen=True, slots=True)
class GenericGroup:
    """A generic group of bodies ("các Sở, ban, ngành"): a folded regex and the name to show."""

    pattern: str
    name: str
    district_level: bool = False


# Generic groups, matched on folded text (no diacritics, lower case). OCR spellings of "Sở" ("S&",
# "S¢", "S6", "S,") are in binhduong_kh-7099-ubnd_2024_ocr.txt:138-446; most specific first.
_SO = r"s(?:o|6|0|&|¢|e&|e|a|,)?"
_CAC = r"c\S{1,3}c"
_UBND = r"(?:uy\s+ban\s+nh\S{1,3}n\s+d\S{1,2}n|ubnd)"
_TP = r"thanh\s+ph\S{0,2}"
GENERIC_GROUPS: tuple[GenericGroup, ...] = (
    GenericGroup(_CAC + r"\s+" + _SO + r"\s*,?\s*ban\s*,?\s*nganh,?\s+dia\s+phuong", "các Sở, ban, ngành, địa phương"),
    GenericGroup(_CAC + r"\s+" + _SO + r"\s*,?\s*ban\s*,?\s*nganh", "các Sở, ban, ngành"),
    GenericGroup(r"cac\s+so,?\s+nganh,?\s+dia\s+phuong", "các sở, ngành, địa phương"),
    GenericGroup(r"cac\s+so,?\s+nganh(?:\s+co)?\s+lien\s+quan", "các sở, ngành có liên quan"),
    GenericGroup(_CAC + r"\s+" + _SO + r",?\s+nganh", "các sở ngành"),
    GenericGroup(r"cac\s+bo,?\s+nganh\s+trung\s+uong", "các bộ, ngành Trung ương"),
    GenericGroup(r"cac\s+nganh,?\s+dia\s+phuong", "các ngành, địa phương"),
    GenericGroup(
        _UBND + r"\s+" + _CAC + r"\s+huyen,?\s+thi(?:\s+xa)?,?\s+" + _TP,
        "Ủy ban nhân dân các huyện, thị xã, thành phố",
        district_level=True,
    ),
    GenericGroup(_UBND + r"\s+cap\s+huyen", "Ủy ban nhân dân các huyện, thị xã, thành phố", district_level=True),
    GenericGroup(
        _UBND + r"\s+" + _CAC + r"\s+huyen,?\s+" + _TP, "Ủy ban nhân dân các huyện, thành phố", district_level=True
    ),
    GenericGroup(r"cac\s+co\s+quan,?\s+don\s+vi(?:\s+co)?\s+lien\s+quan", "các cơ quan, đơn vị có liên quan"),
    GenericGroup(r"cac\s+don\s+vi\s+(?:\S{1,3}\s+)?lien\s+quan", "các đơn vị có liên quan"),
    GenericGroup(r"cac\s+co\s+quan\s+chuc\s+nang\s+co\s+tham\s+quyen", "các cơ quan chức năng có thẩm quyền"),
    GenericGroup(r"cac\s+co\s+quan\s+chuc\s+nang", "các cơ quan chức năng"),
    GenericGroup(r"cac\s+dia\s+phuong", "các địa phương"),
    # Bare "địa phương" as a partner: "phối hợp với địa phương và các sở, ngành có liên quan"
    # (bentre_sct_kinh-te-tuan-hoan_2024.txt:20).
    GenericGroup(r"dia\s+phuong", "địa phương"),
)

# Provinces before 1 July 2025 → the province they joined (None: unchanged). Nghị quyết 202/2025/QH15.
PROVINCES: dict[str, str | None] = {
    "Hà Nội": None, "Thành phố Hồ Chí Minh": None, "Hải Phòng": None, "Đà Nẵng": None, "Cần Thơ": None,
    "An Giang": None, "Bà Rịa - Vũng Tàu": "Thành phố Hồ Chí Minh", "Bắc Giang": "Bắc Ninh",
    "Bắc Kạn": "Thái Nguyên", "Bạc Liêu": "Cà Mau", "Bắc Ninh": None, "Bến Tre": "Vĩnh Long",
    "Bình Định": "Gia Lai", "Bình Dương": "Thành phố Hồ Chí Minh", "Bình Phước": "Đồng Nai",
    "Bình Thuận": "Lâm Đồng", "Cà Mau": None, "Cao Bằng": None, "Đắk Lắk": None, "Đắk Nông": "Lâm Đồng",
    "Điện Biên": None, "Đồng Nai": None, "Đồng Tháp": None, "Gia Lai": None, "Hà Giang": "Tuyên Quang",
    "Hà Nam": "Ninh Bình", "Hà Tĩnh": None, "Hải Dương": "Hải Phòng", "Hậu Giang": "Cần Thơ",
    "Hòa Bình": "Phú Thọ", "Hưng Yên": None, "Khánh Hòa": None, "Kiên Giang": "An Giang",
    "Kon Tum": "Quảng Ngãi", "Lai Châu": None, "Lâm Đồng": None, "Lạng Sơn": None, "Lào Cai": None,
    "Long An": "Tây Ninh", "Nam Định": "Ninh Bình", "Nghệ An": None, "Ninh Bình": None,
    "Ninh Thuận": "Khánh Hòa", "Phú Thọ": None, "Phú Yên": "Đắk Lắk", "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng", "Quảng Ngãi": None, "Quảng Ninh": None, "Quảng Trị": None,
    "Sóc Trăng": "Cần Thơ", "Sơn La": None, "Tây Ninh": None, "Thái Bình": "Hưng Yên",
    "Thái Nguyên": None, "Thanh Hóa": None, "Thừa Thiên Huế": None, "Tiền Giang": "Đồng Tháp",
    "Trà Vinh": "Vĩnh Long", "Tuyên Quang": None, "Vĩnh Long": None, "Vĩnh Phúc": "Phú Thọ",
    "Yên Bái": "Lào Cai",
}  # fmt: skip


@lru_cache(maxsize=8192)  # names repeat: a report names the same body hundreds of times
def slugify(text: str) -> str:
    """Make a readable ASCII slug: diacritics stripped, ``đ`` → ``d``, words joined by ``-``.

    Args:
        text: a name with or without diacritics.

    Returns:
        The slug, e.g. ``"so-cong-thuong"``.

    Example:
        >>> slugify("Sở Công Thương"), slugify("Bình Dương")
        ('so-cong-thuong', 'binh-duong')
    """
    text = text.replace("đ", "d").replace("Đ", "D").replace("&", " va ")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", stripped.lower()).strip("-")


def province_successor(province: str | None) -> str | None:
    """The province a pre-2025 province joined on 1 July 2025, or None when it did not change.

    Args:
        province: a province name with diacritics ("Bình Dương"), or None.

    Returns:
        The new province's name, or None.

    Example:
        >>> province_successor("Bình Phước"), province_successor("Đồng Nai")
        ('Đồng Nai', None)
    """
    if province is None:
        return None
    by_slug = {slugify(name): new for name, new in PROVINCES.items()}
    return by_slug.get(slugify(province))


@lru_cache(maxsize=1)
def load_gazetteer() -> tuple[GazetteerEntry, ...]:
    """Load ``data/agencies.tsv`` once.

    Returns:
        The entries, in file order.

    Raises:
        ValueError: a row has the wrong number of columns or an unknown kind/level; the message
            names the line and the allowed values.

    Example:
        >>> next(e for e in load_gazetteer() if e.slug == "so-cong-thuong").name
        'Sở Công Thương'
    """
    entries: list[GazetteerEntry] = []
    for number, line in enumerate(_DATA.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith("slug\t"):
            continue
        entries.append(_parse_row(line, number))
    return tuple(entries)


def _parse_row(line: str, number: int) -> GazetteerEntry:
    """Parse one TSV row; raise ValueError naming the line when it is malformed."""
    cells = line.split("\t")
    if len(cells) != 7:
        raise ValueError(
            f"{_DATA.name}:{number}: expected 7 tab-separated columns "
            f"(slug, name, kind, level, aliases, successor, valid_until), got {len(cells)}"
        )
    slug, name, kind, level, aliases, successor, valid_until = (c.strip() for c in cells)
    if kind not in KINDS or level not in {"national", "province", "district"}:
        raise ValueError(
            f"{_DATA.name}:{number}: kind {kind!r} / level {level!r} not allowed; "
            f"kinds: {', '.join(sorted(KINDS))}; levels: national, province, district"
        )
    return GazetteerEntry(
        slug=slug,
        name=name,
        kind=kind,
        level=level,
        aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
        successor=successor or None,
        valid_until=valid_until or None,
    )
