"""Read a question: its language, what it asks (the intent) and which document it names.

Rules, not a model: the words naming the document (a symbol in any spelling, "Kết luận
361-KL/TU", "kế hoạch 327", a key, a quoted title) are replaced by ``§`` in the folded
question (no diacritics, lower case), and the first rule matching that shape gives the
intent. Word order tells direction: "ke hoach nao thuc hien §" asks who implements §
(``implementers``), "§ thuc hien nhung van ban nao" what § implements (``implements``).

Intents (answers are documents unless said)::

    implementers   who implements §, directly or through a scheme/decision
    implements     what § implements            based_on     what § is based on
    basis_for      what is based on §           approves     what § approves
    approved_by    what approves §              reports_on   reports on §
    report_covers  what report § reports on     upstream     all § rests on
    downstream     all that rests on §          chain        upstream + downstream
    supersession   what amends/replaces/repeals/corrects §, and its status
    document       who issued § and when        tasks        tasks of plan § (or on a topic)
    indicators     targets and latest values of §, or indicators named by words
    agency_tasks   tasks an agency named in the question leads / coordinates (in §)
    task_agencies  agencies leading / coordinating the tasks on a topic (answers: agencies)
    agency         an agency's names, province, 2025 successor (answers: agencies)
    task_documents documents § cites in the tasks of an agency ("which plan does § ask
                   Sở X to keep implementing")
    agency_plans   plans with tasks of an agency ("which plan is Sở X implementing?")
    about          documents of the asked kind about a topic ("which Kết luận concerns
                   công nghiệp hỗ trợ?"; read in api.ask_topic, no document named)

Example:
    >>> q = read_question("Kế hoạch nào thực hiện Kết luận 361-KL/TU?")
    >>> q.intent, q.language, q.subject, q.asked_type
    ('implementers', 'vi', 'Kết luận 361-KL/TU', <DocType.PLAN: 'plan'>)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..graph.model import DocType
from ..graph.search import TYPE_PATTERN, TYPE_WORDS
from ..ingest.named import find_named_documents
from ..ingest.symbols import find_symbols
from ..ingest.textfold import fold

__all__ = ["INTENTS", "Question", "read_question"]

_MARK = "§"

# (intent, pattern on the shape). The first match wins, so the order matters: specific
# phrasings first ("can cu cua §" is what § is based on, "... can cu vao §" the reverse).
_RULES: list[tuple[str, str]] = [
    # Tasks, agencies and indicators first: their questions also say "reported", "status"
    # or "implement", which the lineage rules below would take.
    ("task_agencies", r"\b(which|what) (agenc\w*|units?|bod(y|ies)|departments?|offices?|"
                      r"organi[sz]ations?)\b.*\b(lead\w*|led|coordinat\w*|responsible|"
                      r"in charge|chu tri|phoi hop)\b|\bwho (leads?|led|is leading|"
                      r"coordinates?|coordinated|is coordinating|is responsible|is in charge)\b|"
                      r"\b(co quan|don vi|so|ben|ai) nao\b.*\b(chu tri|phoi hop)\b|"
                      r"\bai (chu tri|phoi hop|la don vi chu tri)\b|"
                      r"\b(chu tri|phoi hop)\b.*\b(la (co quan|don vi) nao|la ai)\b"),
    ("agency", r"^[^§]*\b(sap nhap|hop nhat|successor|merged?|merger|reorgani[sz]\w*|"
               r"ten moi|con ton tai|still exists?)\b[^§]*§$"),
    ("indicators", r"\b(chi tieu|indicators?|targets?|kpis?)\b|\bdat (duoc )?bao nhieu\b|"
                   r"\bwhat (was|were|has been|have been) (reported|achieved|reached)\b"),
    ("tasks", r"\b(nhiem vu|tasks?|(?:main |content |action )+items?|noi dung (?:chinh|chu yeu))\b"),
    ("supersession", r"\b(sua doi|bo sung|thay the|bai bo|huy bo|dinh chinh|het hieu luc|"
                     r"con hieu luc|hieu luc|amend\w*|supersed\w*|replac\w*|repeal\w*|"
                     r"revok\w*|correct\w*|in force|still valid|still applies|status)\b"),
    ("report_covers", r"§ (bao cao|reports?) (ve |on |about )?(nhung |cac )?(gi|nao|what)\b|"
                      r"\b(what|which \w+) does § reports?\b|§ (bao cao|reports?) (ve|on|about)$"),
    ("reports_on", r"\b(bao cao|reports?|reported)\b.*§|§.*\b(duoc bao cao|reported)\b"),
    ("approved_by", r"§.*\b(duoc phe duyet|approved by|duoc ban hanh|issued by)\b|"
                    r"\b(phe duyet|approv\w*)\b.*§|"
                    r"\b(quyet dinh|decisions?|nghi quyet|resolutions?)\b[^§]*\b(issued|ban hanh)\b[^§]*§"),
    ("approves", r"§.*\b(phe duyet|approv\w*)\b"),
    ("document", r"\b(ai|co quan nao|don vi nao|cap nao|noi nao) ban hanh\b|"
                 r"\bban hanh (khi nao|ngay nao|nam nao|luc nao|boi ai|bao gio)\b|"
                 r"\bwho (issued|signed|adopted|published|wrote)\b|\bwhen was\b|"
                 r"\bissued (when|by)\b|\btell me about\b|\b(thong tin|chi tiet)\b|"
                 r"\b(information|details?|metadata)\b|^(what is|what s|whats) §$|"
                 r"^§ (la gi|la van ban gi|la van ban nao)$|^§$"),
    ("chain", r"\b(chuoi|pha he|gia pha|chain|lineage|genealogy|family tree)\b"),
    ("indicators", r"\b(muc tieu)\b"),
    ("tasks", r"\b(chu tri|phoi hop|coordinat\w*)\b"),
    ("implementers", r"\b(thuc hien|trien khai|cu the hoa|implement\w*|carr\w* out)\b.*§|"
                     r"§.*\b(duoc thuc hien|duoc trien khai|duoc cu the hoa|implemented by|"
                     r"carried out by)\b"),
    ("implements", r"§.*\b(thuc hien|trien khai|cu the hoa|implement\w*|carr\w* out)\b"),
    ("based_on", r"\bcan cu (ban hanh )?cua §|\b(legal )?basis\b[^§]{0,25}?\b(of|for) §|"
                 r"\bwhat (is|was) § based on\b"),
    ("basis_for", r"\b(can cu|based on|cites?|cited|rel(y|ies) on)\b.*§|§.*\bcited by\b"),
    ("based_on", r"§.*\b(can cu|based on|basis|cites?)\b"),
    ("upstream", r"§.*\b(dua tren|dua vao|xuat phat|bat nguon|cap tren|rests? on|depends? on|"
                 r"derives? from|comes? from|stems? from|upstream|ancestors?|above)\b|"
                 r"\b(nguon goc|van ban cap tren|van ban goc|upstream|ancestors?|sources?|"
                 r"origins?) (cua |of )?§"),
    ("downstream", r"\b(rests? on|depends? on|derives? from|build\w* on|downstream|"
                   r"descendants?|below|cap duoi|phat sinh tu|dua tren|dua vao)\b.*§|"
                   r"§.*\b(downstream|descendants?|below|cap duoi|ben duoi)\b"),
]
_COMPILED = [(intent, re.compile(pattern)) for intent, pattern in _RULES]
INTENTS: tuple[str, ...] = tuple(dict.fromkeys(
    [i for i, _ in _RULES] + ["agency_tasks", "task_documents", "agency_plans", "about"]))

# Phrases that say "this is Vietnamese" in a question typed without diacritics.
_VI_CUES = re.compile(r"\b(nao|gi|cua|van ban|thuc hien|can cu|sua doi|chuoi|nhung|duoc|"
                      r"ke hoach|bao cao|phe duyet|ban hanh|nhiem vu|chi tieu|hieu luc|"
                      r"thay the|bai bo|trien khai|ket luan|nghi quyet|quyet dinh|la gi|ai)\b")
_EN_CUES = re.compile(r"\b(which|what|who|when|does|do|is|are|the|of|implements?|amends?|"
                      r"plans?|documents?|rests?|based|approves?|reports?|issued|chain|tasks?)\b")
_ASKED_VI = re.compile(rf"\b(?:nhung |cac )?({TYPE_PATTERN}) nao\b")
# "which plans", "which earlier provincial plan": up to two words between.
_ASKED_EN = re.compile(rf"\b(?:which|what)\s+(?:[a-z]+\s+){{0,2}}?({TYPE_PATTERN})s?\b")
_EN_OPENING = re.compile(r"^(which|what|who|whom|whose|how|when|where|why|under|give|list|"
                         r"show|tell|does|is|are|in which|in what)\b")
_TYPE_BEFORE = re.compile(rf"\b({TYPE_PATTERN})s?\s+(?:so\s+|no\s+|number\s+)?$")
_TYPED_NUMBER = re.compile(rf"\b({TYPE_PATTERN})s?\s+(?:so\s+|no\.?\s+|number\s+)?\d{{1,6}}\b")
_KEY = re.compile(r"\b(?:doc|scheme):\S+")
_QUOTED = re.compile(r"[\"“”«»']([^\"“”«»']{3,})[\"“”«»']")


@dataclass(frozen=True, slots=True)
class Question:
    """What a question asks.

    ``subject`` is the words naming the document, as typed ("Kết luận 361-KL/TU"), or
    None; ``asked_type`` is the kind of answer asked for ("which plans", "kế hoạch nào");
    ``shape`` is the folded question with the subject replaced by ``§``.
    """

    text: str
    language: str
    intent: str | None
    subject: str | None
    asked_type: DocType | None
    shape: str


def read_question(text: str) -> Question:
    """Recognise the language, intent and subject of a question.

    Args:
        text: a question in Vietnamese (with or without diacritics) or English.

    Returns:
        A Question; ``intent`` is None when no rule matches.

    Example:
        >>> read_question("what does 7099/KH-UBND rest on?").intent
        'upstream'
    """
    question = " ".join(unicodedata.normalize("NFC", text).split())
    folded = fold(question)
    read = _read(question, folded, _subject_span(question, folded))
    if read.subject is None and (named := _named_span(question)) is not None:
        # "Which Quyết định issued the Đề án phát triển công nghiệp hỗ trợ 2021-2025?": a
        # document named by its title, when that makes a lineage question of it.
        by_name = _read(question, folded, named)
        if by_name.intent is not None and by_name.intent in _NAMED_INTENTS:
            return by_name
    return read


def _read(question: str, folded: str, span: tuple[int, int] | None) -> Question:
    """The Question with ``span`` (or nothing) as its subject."""
    if span is None:
        subject, raw_shape = None, folded
    else:
        start, end = span
        subject = question[start:end].strip(" \"“”«»'")
        raw_shape = f"{folded[:start]} {_MARK} {folded[end:]}"
    shape = " ".join(re.sub(rf"[^a-z0-9{_MARK}]+", " ", raw_shape).split())
    # Without a subject ("which plans implement it?") the intent is still worth knowing:
    # read it as if the document came last, so the answer can ask which document.
    probe = shape if span is not None else f"{shape} {_MARK}"
    intent = next((name for name, rule in _COMPILED if rule.search(probe)), None)
    language = _language(question, folded, span, shape)
    return Question(question, language, intent, subject, _asked_type(shape), shape)


# Lineage intents a document named by its title may be the subject of.
_NAMED_INTENTS = frozenset({"implementers", "implements", "based_on", "basis_for", "approves",
                            "approved_by", "reports_on", "upstream", "downstream", "chain",
                            "supersession", "document"})
# Where a title typed in a question stops: a clause break, or the question's end.
_TITLE_STOP = re.compile(r",|\?|;|\(|\s(?:and|va|và)\s")


# Kinds known by a title more than a number, typed bare in a question: "the Đề án phát
# triển công nghiệp hỗ trợ?" (the ingest finder wants a period or a place to be sure).
_TITLED_KIND = re.compile(r"\b(?:de an|du an|phuong an|chuong trinh|chien luoc|quy hoach)"
                          r"(?:\s+[a-z0-9\-]+){2,}")


def _named_span(question: str) -> tuple[int, int] | None:
    """The first document named by its title ("Đề án phát triển công nghiệp hỗ trợ
    2021-2025"), cut where the question's clause ends."""
    spans = [(n.start, n.end) for n in find_named_documents(question)]
    if not spans and (bare := _TITLED_KIND.search(fold(question))):
        spans = [bare.span()]
    for start, end in spans:
        stop = _TITLE_STOP.search(question, start, end)
        end = stop.start() if stop else end
        if end - start >= 12:
            return start, end
    return None


def _subject_span(question: str, folded: str) -> tuple[int, int] | None:
    """Where the question names its document (``fold`` keeps offsets, so spans agree):
    the first symbol, else a key, else "type number", else a quoted title; widened back
    over a type word before it ("Kết luận số 361-KL/TU")."""
    symbols = find_symbols(question)
    if symbols:
        span = (symbols[0].start, symbols[0].end)
    elif key := _KEY.search(question):
        return key.start(), len(key.group().rstrip("?.,;!)")) + key.start()
    elif typed := _TYPED_NUMBER.search(folded):
        return typed.span()
    elif quoted := _QUOTED.search(question):
        return quoted.span()
    else:
        return None
    before = _TYPE_BEFORE.search(folded[: span[0]])
    return (before.start() if before else span[0]), span[1]


def _language(question: str, folded: str, span: tuple[int, int] | None, shape: str) -> str:
    """``vi`` when the question (outside the subject) has a lower-case word with Vietnamese
    letters, or reads as Vietnamese without them; else ``en``."""
    # An English question may quote Vietnamese ("Which unit is the lead (đơn vị chủ trì) …"):
    # its first word says so. Vietnamese questions do not open with these words.
    if _EN_OPENING.match(shape):
        return "en"
    outside = question if span is None else question[: span[0]] + " " + question[span[1]:]
    # Capitalised words are names ("Bình Phước", "Sở Công Thương"), common in English
    # questions too; Vietnamese shows in the other words ("nào", "của").
    words = [w for w in outside.split() if not w[:1].isupper()]
    if any(_is_vietnamese_letter(c) for w in words for c in w):
        return "vi"
    return "vi" if len(_VI_CUES.findall(shape)) > len(_EN_CUES.findall(shape)) else "en"


def _is_vietnamese_letter(char: str) -> bool:
    """A letter with a Vietnamese mark (ă, â, đ, ê, ô, ơ, ư, tones)."""
    if char in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", char)
    return len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha()


def _asked_type(shape: str) -> DocType | None:
    """The kind of document asked for: "which plans", "kế hoạch nào" (not "văn bản nào")."""
    head = shape.split(_MARK)[0]
    match = _ASKED_VI.search(head) or _ASKED_EN.search(head)
    return TYPE_WORDS[match.group(1)] if match else None
