"""Match the topic of a question ("the industrial-cluster tasks", "tỷ trọng hạt điều chế
biến sâu") against texts: task texts, indicator names and the sentences they were read in.

A topic is a list of *terms*, each a run of folded words (no diacritics, lower case):

- English words the glossary knows become their Vietnamese words ("industrial clusters"
  → ``cum cong nghiep``, "cashew" → ``hat dieu``); other English words are dropped;
- Vietnamese words (with or without diacritics) stay, minus the words that only make it a
  question ("những", "nào", "chủ trì", "nhiệm vụ").

:class:`TopicIndex` scores texts by the word pairs (bigrams) of the terms they contain,
each pair weighted by its rarity among the indexed texts (inverse document frequency):
"khu cong" (industrial *park*) outweighs "cong nghiep", which every task has. Words are
compared folded, and OCR slips are forgiven in words of four letters or more (one edit:
"nghiép" → ``nghiep`` after folding, "chét" ~ "chat").

Example:
    >>> topic_terms("who coordinates the industrial-cluster tasks?")
    [('cum', 'cong', 'nghiep')]
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from ..ingest.textfold import fold_compact

__all__ = ["GLOSSARY", "TopicIndex", "numbers_in", "topic_terms", "words_of"]

# English → Vietnamese (folded), for the subjects of plans and reports in the corpus.
# Longer phrases are tried first, so "industrial park" wins over "industrial".
GLOSSARY: dict[str, str] = {
    "industrial cluster": "cum cong nghiep", "industrial clusters": "cum cong nghiep",
    "industrial park": "khu cong nghiep", "industrial parks": "khu cong nghiep",
    "industrial zone": "khu cong nghiep", "industrial zones": "khu cong nghiep",
    "economic zone": "khu kinh te", "economic zones": "khu kinh te",
    "border gate": "cua khau", "border trade": "thuong mai bien gioi",
    "supporting industry": "cong nghiep ho tro", "supporting industries": "cong nghiep ho tro",
    "processing industry": "cong nghiep che bien", "high tech": "cong nghe cao",
    "high technology": "cong nghe cao", "deep processing": "che bien sau",
    "processing": "che bien", "processed": "che bien",
    "circular economy": "kinh te tuan hoan", "circular": "tuan hoan",
    "green": "xanh", "digital transformation": "chuyen doi so",
    "e commerce": "thuong mai dien tu", "ecommerce": "thuong mai dien tu",
    "trade promotion": "xuc tien thuong mai", "investment promotion": "xuc tien dau tu",
    "renewable energy": "nang luong tai tao", "energy": "nang luong",
    "plastic waste": "chat thai nhua", "waste": "chat thai", "plastic": "nhua",
    "human resources": "nguon nhan luc", "workforce": "nguon nhan luc",
    "vocational training": "giao duc nghe nghiep", "social housing": "nha o xa hoi",
    "infrastructure": "ha tang", "transport": "giao thong", "logistics": "logistics",
    "rural industry": "cong nghiep nong thon", "new rural": "nong thon moi",
    "cooperatives": "hop tac xa", "cooperative": "hop tac xa",
    "cultural heritage": "di san van hoa", "tourism": "du lich", "culture": "van hoa",
    "science and technology": "khoa hoc cong nghe", "innovation": "doi moi sang tao",
    "foreign investment": "dau tu nuoc ngoai", "fdi": "fdi", "investment": "dau tu",
    "export": "xuat khau", "exports": "xuat khau", "import": "nhap khau",
    "imports": "nhap khau", "market": "thi truong", "markets": "thi truong",
    "retail": "ban le", "consumer services": "dich vu tieu dung",
    "programme": "chuong trinh", "program": "chuong trinh", "scheme": "de an",
    "policy": "chinh sach", "policies": "chinh sach",
    "quality": "chat luong", "raise the quality": "nang cao chat luong",
    "improve the quality": "nang cao chat luong", "build": "xay dung", "building": "xay dung",
    "develop": "phat trien", "development": "phat trien", "propaganda": "tuyen truyen",
    "relocate": "di doi", "relocation": "di doi", "restructure": "co cau lai",
    "restructuring": "co cau lai", "construction materials": "vat lieu xay dung",
    "building materials": "vat lieu xay dung", "urban": "do thi", "climate change": "bien doi khi hau",
    "cashew": "hat dieu", "cashews": "hat dieu", "cashew nut": "hat dieu", "wood": "go",
    "timber": "go", "rubber": "cao su", "food": "thuc pham", "pepper": "ho tieu",
    "livestock": "chan nuoi", "agriculture": "nong nghiep", "industry": "cong nghiep",
    "industrial": "cong nghiep", "industrialisation": "cong nghiep hoa",
    "industrialization": "cong nghiep hoa", "modernisation": "hien dai hoa",
    "modernization": "hien dai hoa", "share": "ty trong", "proportion": "ty trong",
    "rate": "ty le", "ratio": "ty le", "occupancy": "lap day", "value": "gia tri",
    "production value": "gia tri san xuat", "output": "san luong", "area": "dien tich",
    "revenue": "doanh thu", "turnover": "kim ngach", "growth": "tang truong",
    "grdp": "grdp", "enterprises": "doanh nghiep", "businesses": "doanh nghiep",
    "enterprise": "doanh nghiep",
}
_GLOSSARY_WORDS = frozenset(w for phrase in GLOSSARY for w in phrase.split())

# Words that only make a question: Vietnamese phrases and words (folded), and English words
# (dropped unless the glossary knows them).
_STOP_PHRASES_VI = tuple(p.split() for p in """
    chu tri; phoi hop; nhiem vu; chi tieu; muc tieu; co quan; don vi; bao nhieu; hien nay;
    lien quan; cu the; cho biet; tro len; ra sao; nhu the nao; la gi; cua ai
""".replace("\n", " ").split(";") if p.strip())
_STOP_VI = frozenset("nhung nao gi cua va cac cho ve tai voi la duoc khong nay ai dau dat nam "
                     "theo den toi hay".split())
_STOP_EN = frozenset("""
    a an the of and or to in on at for by with from as is are was were be been being which
    what who whom whose where when how many much does do did it its this that these those
    task tasks lead leads led leading coordinate coordinates coordinated coordinating
    coordinator coordinators agency agencies unit units body bodies department responsible
    charge named target targets indicator indicators reported report reports values reach
    reached achieve achieved toward towards about than more less least there their them
    they his her our your me tell show give list all any under not only no explicit
""".split()) - _GLOSSARY_WORDS
# English stop words that are also Vietnamese syllables ("Đề án", "số", "do"): dropped only
# beside an English word, and never when printed with diacritics.
_SHARED = frozenset("a an as at be do in is it me no on so to the than them".split())
_TOKEN = re.compile(r"[^\W_]+(?:[.,][0-9]+)?")
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_MIN_FUZZY = 4  # words this long forgive one OCR edit


def words_of(text: str) -> list[str]:
    """Folded words: lower case, no diacritics, "4.0" kept whole.

    Example:
        >>> words_of("Công nghiệp 4.0, cụm CN")
        ['cong', 'nghiep', '4.0', 'cum', 'cn']
    """
    return _WORD.findall(fold_compact(text))


def topic_terms(text: str) -> list[tuple[str, ...]]:
    """The topic terms of a question or phrase, in text order, without duplicates.

    Numbers are left out (see :func:`numbers_in`), except versions such as "4.0".

    Args:
        text: a question or a topic phrase, Vietnamese (any diacritics) or English.

    Returns:
        Runs of folded words; a stop word or an English word the glossary does not know
        ends a run.

    Example:
        >>> topic_terms("chỉ tiêu tỷ trọng hạt điều chế biến sâu đạt bao nhiêu")
        [('ty', 'trong', 'hat', 'dieu', 'che', 'bien', 'sau')]
    """
    tokens = _tokens(text)
    words = [w for w, _ in tokens]
    terms: list[tuple[str, ...]] = []
    run: list[str] = []
    i = 0
    while i < len(words):
        phrase, size = _glossary_at(words, i)
        if phrase:
            _close_run(run, terms)
            terms.append(tuple(phrase.split()))
            i += size
            continue
        size = _stop_phrase_at(words, i)
        if size or _is_stop(tokens, i):
            _close_run(run, terms)
            i += size or 1
            continue
        run.append(words[i])
        i += 1
    _close_run(run, terms)
    return list(dict.fromkeys(t for t in terms if t))


def numbers_in(text: str) -> list[float]:
    """The numbers a question states, read the Vietnamese way ("15,5" is fifteen and a half).

    Example:
        >>> numbers_in("đạt 15% vào năm 2025")
        [15.0, 2025.0]
    """
    found = []
    for token in re.findall(r"\d+(?:[.,]\d+)*", text):
        plain = token.replace(".", "") if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token) else token
        try:
            found.append(float(plain.replace(",", ".")))
        except ValueError:
            continue
    return found


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(folded word, printed with diacritics) for each word; hyphens between letters split."""
    tokens = []
    for token in _TOKEN.findall(re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", " ", text.lower())):
        folded = fold_compact(token)
        tokens.extend((w, folded != token) for w in _WORD.findall(folded))
    return tokens


def _is_stop(tokens: Sequence[tuple[str, bool]], i: int) -> bool:
    """A word that only makes the question, or a number, or English the glossary lacks."""
    word, marked = tokens[i]
    if word.replace(".", "").isdigit() and "." not in word:
        return True
    if word in _STOP_VI or (word in _STOP_EN and word not in _SHARED):
        return True
    if word in _SHARED:
        return not marked and any(_is_english_token(tokens, j) for j in (i - 1, i + 1))
    return _is_english(word)


def _is_english_token(tokens: Sequence[tuple[str, bool]], j: int) -> bool:
    if not 0 <= j < len(tokens) or tokens[j][1]:
        return False
    word = tokens[j][0]
    return (word in _STOP_EN and word not in _SHARED) or word in _GLOSSARY_WORDS \
        or _is_english(word)


def _stop_phrase_at(words: Sequence[str], i: int) -> int:
    """The length of a Vietnamese stop phrase starting at word ``i`` (0 for none)."""
    for phrase in _STOP_PHRASES_VI:
        if list(words[i:i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _glossary_at(words: Sequence[str], i: int) -> tuple[str | None, int]:
    """The longest glossary phrase starting at word ``i`` (its Vietnamese, its length)."""
    for size in (4, 3, 2, 1):
        english = " ".join(words[i:i + size])
        if len(words) - i >= size and english in GLOSSARY:
            return GLOSSARY[english], size
    return None, 0


def _close_run(run: list[str], terms: list[tuple[str, ...]]) -> None:
    if run:
        terms.append(tuple(run))
        run.clear()


# Vietnamese syllables (folded) are an onset, one to three vowels and a short coda; English
# words show themselves by what Vietnamese never writes.
_VI_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?"
                          r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$")


def _is_english(word: str) -> bool:
    """A word that cannot be a Vietnamese syllable (numbers and versions are neither)."""
    if re.fullmatch(r"[\d.]+", word):
        return False
    return not _VI_SYLLABLE.match(word)


@dataclass(slots=True)
class TopicIndex:
    """Texts folded once, with the rarity of each word pair among them.

    Example:
        >>> index = TopicIndex.of({"a": "cụm công nghiệp", "b": "khu công nghiệp"})
        >>> index.rank([("khu", "cong", "nghiep")])
        [('b', 2.1)]
    """

    words: dict[str, list[str]] = field(default_factory=dict)
    idf: dict[tuple[str, ...], float] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: dict[str, str]) -> TopicIndex:
        """Index texts by key."""
        index = cls({key: words_of(text) for key, text in texts.items()})
        return index

    def rank(self, terms: Iterable[tuple[str, ...]], minimum: float = 0.0) -> list[tuple[str, float]]:
        """Keys by score (descending, then key): the sum of the weights of the terms' word
        pairs (single words for one-word terms) each text contains.

        Args:
            terms: from :func:`topic_terms`.
            minimum: leave out texts scoring at or below this.
        """
        grams = list(dict.fromkeys(g for term in terms for g in _grams(term)))
        scores: dict[str, float] = {}
        for gram in grams:
            holders = [k for k, words in self.words.items() if _contains(words, gram)]
            weight = math.log(1 + len(self.words) / (1 + len(holders))) * len(gram)
            for key in holders:
                scores[key] = scores.get(key, 0.0) + weight
        ranked = [(k, round(s, 2)) for k, s in scores.items() if s > minimum]
        return sorted(ranked, key=lambda pair: (-pair[1], pair[0]))


def _grams(term: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Word pairs of a term; a one-word term is its own gram."""
    if len(term) == 1:
        return [term]
    return [term[i:i + 2] for i in range(len(term) - 1)]


def _contains(words: Sequence[str], gram: tuple[str, ...]) -> bool:
    """Whether the gram's words stand side by side in ``words`` (OCR slips forgiven)."""
    n = len(gram)
    return any(all(_same_word(words[i + j], gram[j]) for j in range(n))
               for i in range(len(words) - n + 1))


def _same_word(seen: str, wanted: str) -> bool:
    if seen == wanted:
        return True
    return (len(wanted) >= _MIN_FUZZY and len(seen) >= _MIN_FUZZY and seen[0] == wanted[0]
            and Levenshtein.distance(seen, wanted, score_cutoff=1) <= 1)
