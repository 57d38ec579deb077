"""English names of Vietnamese bodies, for questions asked in English.

The gazetteer (``ingest/data/agencies.tsv``) knows bodies by their Vietnamese names and
abbreviations only; people asking in English say "Department of Industry and Trade" for
Sở Công Thương. :data:`ENGLISH_NAMES` maps the usual English renderings (those of the
provinces' own English pages and of international reports) to the canonical Vietnamese
name, which ``ingest.agency_match.match_agency`` then resolves like any printed name.

:func:`translate_agency_names` rewrites the English names inside a sentence, so an agency
finder that reads Vietnamese reads the question too.

Example:
    >>> translate_agency_names("which tasks does the Department of Industry and Trade lead?")
    'which tasks does the Sở Công Thương lead?'
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["ENGLISH_ABBREVIATIONS", "ENGLISH_NAMES", "translate_agency_names", "vietnamese_name"]

# English name → canonical Vietnamese name (as in ingest/data/agencies.tsv). Several English
# spellings per body: "Labour"/"Labor", "Transport"/"Transportation", word order variants.
ENGLISH_NAMES: dict[str, str] = {
    # Provincial departments (Sở).
    "Department of Industry and Trade": "Sở Công Thương",
    "Department of Planning and Investment": "Sở Kế hoạch và Đầu tư",
    "Department of Agriculture and Rural Development": "Sở Nông nghiệp và Phát triển nông thôn",
    "Department of Agriculture and Environment": "Sở Nông nghiệp và Môi trường",
    "Department of Natural Resources and Environment": "Sở Tài nguyên và Môi trường",
    "Department of Science and Technology": "Sở Khoa học và Công nghệ",
    "Department of Finance": "Sở Tài chính",
    "Department of Construction": "Sở Xây dựng",
    "Department of Transport": "Sở Giao thông vận tải",
    "Department of Transportation": "Sở Giao thông vận tải",
    "Department of Information and Communications": "Sở Thông tin và Truyền thông",
    "Department of Information and Communication": "Sở Thông tin và Truyền thông",
    "Department of Labour, Invalids and Social Affairs": "Sở Lao động - Thương binh và Xã hội",
    "Department of Labor, Invalids and Social Affairs": "Sở Lao động - Thương binh và Xã hội",
    "Department of Education and Training": "Sở Giáo dục và Đào tạo",
    "Department of Health": "Sở Y tế",
    "Department of Culture, Sports and Tourism": "Sở Văn hóa, Thể thao và Du lịch",
    "Department of Home Affairs": "Sở Nội vụ",
    "Department of Justice": "Sở Tư pháp",
    "Department of Foreign Affairs": "Sở Ngoại vụ",
    "Department of Tourism": "Sở Du lịch",
    "Department of Ethnic Minorities and Religion": "Sở Dân tộc và Tôn giáo",
    "Provincial Inspectorate": "Thanh tra tỉnh",
    # Management boards and provincial bodies.
    "Economic Zone Management Board": "Ban Quản lý Khu kinh tế",
    "Economic Zones Management Board": "Ban Quản lý Khu kinh tế",
    "Management Board of Economic Zones": "Ban Quản lý Khu kinh tế",
    "Management Board of the Economic Zone": "Ban Quản lý Khu kinh tế",
    "Industrial Parks Management Board": "Ban Quản lý các Khu công nghiệp",
    "Industrial Park Management Board": "Ban Quản lý các Khu công nghiệp",
    "Industrial Zones Management Board": "Ban Quản lý các Khu công nghiệp",
    "Management Board of Industrial Parks": "Ban Quản lý các Khu công nghiệp",
    "Management Board of Industrial Zones": "Ban Quản lý các Khu công nghiệp",
    "Provincial People's Committee": "Ủy ban nhân dân tỉnh",
    "People's Committee of the province": "Ủy ban nhân dân tỉnh",
    "Office of the Provincial People's Committee": "Văn phòng Ủy ban nhân dân tỉnh",
    "Chairman of the Provincial People's Committee": "Chủ tịch Ủy ban nhân dân tỉnh",
    "Provincial People's Council": "Hội đồng nhân dân tỉnh",
    "Provincial Party Committee": "Tỉnh ủy",
    "Standing Committee of the Provincial Party Committee": "Ban Thường vụ Tỉnh ủy",
    "Provincial Party Standing Committee": "Ban Thường vụ Tỉnh ủy",
    "Provincial Police": "Công an tỉnh",
    "Provincial Tax Department": "Cục Thuế tỉnh",
    "Provincial Statistics Office": "Cục Thống kê tỉnh",
    "Market Surveillance Department": "Cục Quản lý thị trường tỉnh",
    "Market Management Department": "Cục Quản lý thị trường tỉnh",
    "State Bank branch": "Ngân hàng Nhà nước chi nhánh tỉnh",
    "Provincial Cooperative Alliance": "Liên minh Hợp tác xã tỉnh",
    "Cooperative Alliance": "Liên minh Hợp tác xã tỉnh",
    "Investment, Trade and Tourism Promotion Centre": "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
    "Investment, Trade and Tourism Promotion Center": "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
    "Trade Promotion Centre": "Trung tâm Xúc tiến Thương mại",
    "Trade Promotion Center": "Trung tâm Xúc tiến Thương mại",
    # National bodies.
    "Ministry of Industry and Trade": "Bộ Công Thương",
    "Ministry of Planning and Investment": "Bộ Kế hoạch và Đầu tư",
    "Ministry of Finance": "Bộ Tài chính",
    "Ministry of Science and Technology": "Bộ Khoa học và Công nghệ",
    "Ministry of Natural Resources and Environment": "Bộ Tài nguyên và Môi trường",
    "Ministry of Agriculture and Rural Development": "Bộ Nông nghiệp và Phát triển nông thôn",
    "Ministry of Agriculture and Environment": "Bộ Nông nghiệp và Môi trường",
    "Ministry of Construction": "Bộ Xây dựng",
    "Ministry of Transport": "Bộ Giao thông vận tải",
    "Ministry of Information and Communications": "Bộ Thông tin và Truyền thông",
    "Ministry of Labour, Invalids and Social Affairs": "Bộ Lao động - Thương binh và Xã hội",
    "Ministry of Labor, Invalids and Social Affairs": "Bộ Lao động - Thương binh và Xã hội",
    "Ministry of Home Affairs": "Bộ Nội vụ",
    "Ministry of Education and Training": "Bộ Giáo dục và Đào tạo",
    "Ministry of Health": "Bộ Y tế",
    "Ministry of Culture, Sports and Tourism": "Bộ Văn hóa, Thể thao và Du lịch",
    "Ministry of Justice": "Bộ Tư pháp",
    "Ministry of Foreign Affairs": "Bộ Ngoại giao",
    "Ministry of National Defence": "Bộ Quốc phòng",
    "Ministry of Public Security": "Bộ Công an",
    "State Bank of Vietnam": "Ngân hàng Nhà nước Việt Nam",
    "National Assembly": "Quốc hội",
    "Prime Minister": "Thủ tướng Chính phủ",
    "Government": "Chính phủ",
    "Politburo": "Bộ Chính trị",
    "Party Central Committee": "Ban Chấp hành Trung ương Đảng",
}

# Upper-case abbreviations of the English names, matched only as printed (DOIT, DPI).
ENGLISH_ABBREVIATIONS: dict[str, str] = {
    "DOIT": "Sở Công Thương", "DoIT": "Sở Công Thương", "DPI": "Sở Kế hoạch và Đầu tư",
    "DARD": "Sở Nông nghiệp và Phát triển nông thôn", "DONRE": "Sở Tài nguyên và Môi trường",
    "DOST": "Sở Khoa học và Công nghệ", "DOLISA": "Sở Lao động - Thương binh và Xã hội",
    "MOIT": "Bộ Công Thương", "MoIT": "Bộ Công Thương", "MPI": "Bộ Kế hoạch và Đầu tư",
}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """One case-insensitive pattern per English name, longest first: separators between
    words may be spaces, commas or hyphens, "and" may be "&"."""
    patterns = []
    for english in sorted(ENGLISH_NAMES, key=len, reverse=True):
        words = [r"(?:and|&)" if w.lower() == "and" else re.escape(w.strip(","))
                 for w in english.split()]
        body = r"[\s,\-]+".join(words).replace("People\\'s", "People(?:'|’)?s")
        patterns.append((re.compile(rf"(?<![\w]){body}(?![\w])", re.IGNORECASE),
                         ENGLISH_NAMES[english]))
    for short, name in ENGLISH_ABBREVIATIONS.items():
        patterns.append((re.compile(rf"(?<![\w]){re.escape(short)}(?![\w])"), name))
    return patterns


def translate_agency_names(text: str) -> str:
    """Replace every English agency name in ``text`` by its Vietnamese name.

    Args:
        text: a question or name, in any language.

    Returns:
        The text with English names of bodies replaced (case and separators ignored).

    Example:
        >>> translate_agency_names("the Bến Tre department of industry & trade")
        'the Bến Tre Sở Công Thương'
    """
    for pattern, name in _patterns():
        text = pattern.sub(name, text)
    return text


def vietnamese_name(english: str) -> str | None:
    """The Vietnamese name of a whole English name, or None.

    Example:
        >>> vietnamese_name("Department of Science and Technology")
        'Sở Khoa học và Công nghệ'
    """
    cleaned = " ".join(english.split()).strip(" .")
    for pattern, name in _patterns():
        if pattern.fullmatch(cleaned):
            return name
    return None
