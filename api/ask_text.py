"""The one readable sentence of an ``ask`` answer, in the question's language (vi or en).

Example:
    >>> status_phrase("amended", "vi")
    'còn hiệu lực, đã được sửa đổi, bổ sung'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..graph.model import DocType
from ..graph.refs import DocumentRefs
from ..graph.results import DocumentRef
from ..graph.store import Store
from ..ingest.textfold import fold

if TYPE_CHECKING:
    from .ask import Reply

_SHOWN = 10  # documents named in one sentence before "and N more"

TYPE_VI: dict[str, str] = {
    "resolution": "Nghị quyết", "conclusion": "Kết luận", "programme": "Chương trình",
    "decision": "Quyết định", "plan": "Kế hoạch", "report": "Báo cáo",
    "official_letter": "Công văn", "scheme": "Đề án", "directive": "Chỉ thị",
    "decree": "Nghị định", "circular": "Thông tư", "law": "Luật", "regulation": "Quy định",
    "guidance": "Hướng dẫn", "notice": "Thông báo", "submission": "Tờ trình",
    "other": "Văn bản",
}
TYPE_EN: dict[str, tuple[str, str]] = {
    "official_letter": ("official letter", "official letters"),
    "guidance": ("guidance", "guidance documents"),
    "other": ("document", "documents"),
}
_STATUS = {
    "in_force": ("in force", "còn hiệu lực"),
    "amended": ("in force, amended", "còn hiệu lực, đã được sửa đổi, bổ sung"),
    "partly_repealed": ("partly repealed", "hết hiệu lực một phần"),
    "replaced": ("no longer in force (replaced)", "hết hiệu lực (đã bị thay thế)"),
    "repealed": ("no longer in force (repealed)", "hết hiệu lực (đã bị bãi bỏ)"),
    "unknown": ("of unknown status", "chưa rõ hiệu lực"),
}
_VERB = {  # supersession verbs: (en, vi)
    "amends": ("amends", "sửa đổi, bổ sung"), "replaces": ("replaces", "thay thế"),
    "repeals": ("repeals", "bãi bỏ"), "corrects": ("corrects", "đính chính"),
}
_ONE_HOP = {  # intent: (en with {n} {kinds} {s}, vi), for answers listed after a colon
    "implements": ("{S} implements {n} {kinds}", "{S} thực hiện {n} {kinds}"),
    "based_on": ("{S} is based on {n} {kinds}", "{S} căn cứ vào {n} {kinds}"),
    "basis_for": ("{n} {kinds} {are} based on {S}", "{n} {kinds} căn cứ vào {S}"),
    "approves": ("{S} approves {n} {kinds}", "{S} phê duyệt {n} {kinds}"),
    "approved_by": ("{S} is approved by {n} {kinds}", "{S} được phê duyệt bởi {n} {kinds}"),
    "reports_on": ("{n} {kinds} report{s} on {S}", "{n} {kinds} báo cáo về {S}"),
    "report_covers": ("{S} reports on {n} {kinds}", "{S} báo cáo về {n} {kinds}"),
}
_NONE = {  # intent: (en, vi) when nothing was found
    "implementers": ("No document in the store implements {S}.",
                     "Chưa có văn bản nào trong dữ liệu thực hiện {S}."),
    "implements": ("The store records nothing that {S} implements.",
                   "Chưa ghi nhận văn bản nào mà {S} thực hiện."),
    "based_on": ("The store records no basis of {S}.", "Chưa ghi nhận căn cứ nào của {S}."),
    "basis_for": ("No document in the store is based on {S}.",
                  "Chưa có văn bản nào căn cứ vào {S}."),
    "approves": ("The store records nothing that {S} approves.",
                 "Chưa ghi nhận văn bản nào được {S} phê duyệt."),
    "approved_by": ("The store records nothing that approves {S}.",
                    "Chưa ghi nhận văn bản nào phê duyệt {S}."),
    "reports_on": ("No report in the store reports on {S}.",
                   "Chưa có báo cáo nào về {S}."),
    "report_covers": ("The store records nothing that {S} reports on.",
                      "Chưa ghi nhận {S} báo cáo về văn bản nào."),
    "upstream": ("The store records nothing that {S} rests on.",
                 "Chưa ghi nhận văn bản nào mà {S} dựa trên."),
    "downstream": ("No document in the store rests on {S}.",
                   "Chưa có văn bản nào dựa trên {S}."),
    "chain": ("The store records no document linked to {S} by lineage.",
              "Chưa ghi nhận văn bản nào trong chuỗi của {S}."),
    "tasks": ("The store holds no tasks of {S}.", "Chưa có nhiệm vụ nào của {S}."),
    "indicators": ("The store holds no indicators of {S}.", "Chưa có chỉ tiêu nào của {S}."),
}
_GENERIC_EXAMPLES = {
    "en": ["which plans implement 361-KL/TU?", "what does 7099/KH-UBND rest on?",
           "what amends 07/2019/NQ-HĐND, and is it still in force?", "who issued 790/QĐ-TTg?"],
    "vi": ["Kế hoạch nào thực hiện Kết luận 361-KL/TU?",
           "7099/KH-UBND căn cứ vào những văn bản nào?",
           "Văn bản nào sửa đổi Nghị quyết 07/2019/NQ-HĐND?", "Chuỗi văn bản của 340/KH-UBND"],
}


def compose(intent: str, lang: str, subject: DocumentRef, reply: Reply,
            asked_type: DocType | None) -> str:
    """The sentence answering ``intent`` about ``subject``.

    Example:
        >>> from .ask import Reply
        >>> s = DocumentRef("k", "361-KL/TU", None, "conclusion", None, None, None, "in_force",
        ...                 "361-KL/TU")
        >>> compose("implementers", "en", s, Reply([]), None)
        'No document in the store implements 361-KL/TU.'
    """
    name = document_name(subject, lang)
    if intent == "supersession":
        return _supersession(lang, name, reply)
    if intent == "document":
        return _document(lang, name, subject)
    if not reply.answers:
        text = _pick(_NONE.get(intent, _NONE["implementers"]), lang).format(S=name)
    elif intent == "implementers":
        text = _implementers(lang, name, reply, asked_type)
    elif intent in ("upstream", "downstream", "chain"):
        text = _lineage(intent, lang, name, reply.answers)
    elif intent in ("tasks",):
        text = _tasks(lang, name, reply.answers)
    elif intent == "indicators":
        text = _indicators(lang, name, reply.answers)
    else:
        text = _one_hop(intent, lang, name, reply.answers, asked_type)
    return text + _others(lang, reply.others) + _cut(lang, reply.truncated)


# --- per intent ---------------------------------------------------------------------------------


def _implementers(lang: str, name: str, reply: Reply, asked_type: DocType | None) -> str:
    answers = reply.answers
    kinds = _kinds(answers, lang, asked_type)
    parts = [f"{a['label']} ({_how(a, lang)})" for a in answers[:_SHOWN]]
    listed = ", ".join(parts) + _more(lang, len(answers))
    n = len(answers)
    if lang == "vi":
        return f"{n} {kinds} thực hiện {name}: {listed}."
    return f"{n} {kinds} implement{'s' if n == 1 else ''} {name}: {listed}."


def _how(answer: dict[str, Any], lang: str) -> str:
    """How an implementer carries the subject out: directly, or through which document."""
    if answer["via"] == "direct":
        return "trực tiếp" if lang == "vi" else "directly"
    labels = answer.get("through_labels") or []
    link = labels[-1] if labels else ""
    kind = answer["via"]
    noun = ("Đề án" if kind == "scheme" else "Quyết định") if lang == "vi" else kind
    if fold(link).startswith(fold(noun)):  # a scheme's label already says "Đề án …"
        noun = ""
    return " ".join(w for w in ("thông qua" if lang == "vi" else "through", noun, link) if w)


def _one_hop(intent: str, lang: str, name: str, answers: list[dict[str, Any]],
             asked_type: DocType | None) -> str:
    n = len(answers)
    kinds = _kinds(answers, lang, asked_type)
    head = _pick(_ONE_HOP[intent], lang).format(S=name, n=n, kinds=kinds,
                                                s="s" if n == 1 else "",
                                                are="is" if n == 1 else "are")
    return f"{head}: {_labels(answers, lang)}."


def _lineage(intent: str, lang: str, name: str, answers: list[dict[str, Any]]) -> str:
    if intent == "chain":
        up = [a for a in answers if a["direction"] == "up"]
        down = [a for a in answers if a["direction"] == "down"]
        # A side with nothing is left out: an upward chain ("the chain above 323") walks no other.
        if lang == "vi":
            sides = [f"{len(found)} văn bản ở {where}{_paren(found, lang)}"
                     for found, where in ((up, "trên"), (down, "dưới")) if found]
            return f"Chuỗi văn bản của {name}: {', '.join(sides) or 'không có văn bản nào khác'}."
        sides = [f"{len(found)} document{_s(len(found))} {where} it{_paren(found, lang)}"
                 for found, where in ((up, "above"), (down, "below")) if found]
        return f"Chain of {name}: {', '.join(sides) or 'no other document'}."
    near = [a for a in answers if a["depth"] == 1]
    far = [a for a in answers if a["depth"] != 1]
    n = len(answers)
    if lang == "vi":
        verb = f"{name} dựa trên {n} văn bản" if intent == "upstream" else \
            f"{n} văn bản dựa trên {name}"
        level = "các cấp trên" if intent == "upstream" else "các cấp dưới"
        tail = f"; {level}: {_labels(far, lang)}" if far else ""
        return f"{verb}: trực tiếp: {_labels(near, lang)}{tail}."
    verb = f"{name} rests on {n} document{_s(n)}" if intent == "upstream" else \
        f"{n} document{_s(n)} rest{'s' if n == 1 else ''} on {name}"
    tail = f"; further {'up' if intent == 'upstream' else 'down'}: {_labels(far, lang)}" \
        if far else ""
    return f"{verb}: directly {_labels(near, lang)}{tail}."


def _supersession(lang: str, name: str, reply: Reply) -> str:
    status = status_phrase(reply.status or "unknown", lang)
    by = [a for a in reply.answers if a["direction"] == "by"]
    on = [a for a in reply.answers if a["direction"] == "on"]
    if lang == "vi":
        parts = [f"{name} {status} (theo các văn bản trong dữ liệu)."]
        if by:
            parts.append(" ".join(f"{a['label']} {_VERB[a['relation']][1]} văn bản này"
                                  f"{_scope(a)}."
                                  for a in by[:_SHOWN]))
        if on:
            parts.append(f"{name} " + "; ".join(
                f"{_VERB[a['relation']][1]} {a['label']}{_scope(a)}" for a in on[:_SHOWN]) + ".")
        if not by and not on:
            parts.append("Chưa ghi nhận văn bản nào sửa đổi, thay thế, bãi bỏ hoặc đính chính "
                         "văn bản này.")
        return " ".join(parts)
    parts = [f"{name} is {status}, as far as the store's documents show."]
    if by:
        parts.append(" ".join(f"{a['label']} {_VERB[a['relation']][0]} it{_scope(a)}."
                              for a in by[:_SHOWN]))
    if on:
        parts.append("It " + "; ".join(f"{_VERB[a['relation']][0]} {a['label']}{_scope(a)}"
                                       for a in on[:_SHOWN]) + ".")
    if not by and not on:
        parts.append("No document in the store amends, replaces, repeals or corrects it.")
    return " ".join(parts)


def _document(lang: str, name: str, ref: DocumentRef) -> str:
    status = status_phrase(ref.status, lang)
    title = f": “{ref.title}”" if ref.title else ""
    if lang == "vi":
        who = f" do {ref.issuer} ban hành" if ref.issuer else ""
        when = f" ngày {ref.date}" if ref.date else ""
        return f"{name}{who}{when}{title}. Hiệu lực: {status}."
    kind = TYPE_EN.get(ref.doc_type, (ref.doc_type, ""))[0]
    who = f" issued by {ref.issuer}" if ref.issuer else ""
    when = f" on {ref.date}" if ref.date else ""
    article = "an" if kind[:1] in "aeiou" else "a"
    return f"{name} is {article} {kind}{who}{when}{title}. Status: {status}."


def _tasks(lang: str, name: str, answers: list[dict[str, Any]]) -> str:
    items = "; ".join(f"{a['section']} {a['text']}" + (f" ({', '.join(a['lead'])})"
                                                       if a["lead"] else "")
                      for a in answers[:_SHOWN]) + _more(lang, len(answers))
    if lang == "vi":
        return f"{name} có {len(answers)} nhiệm vụ: {items}."
    return f"{name} has {len(answers)} task{_s(len(answers))}: {items}."


def _indicators(lang: str, name: str, answers: list[dict[str, Any]]) -> str:
    items = "; ".join(a["name"] for a in answers[:_SHOWN]) + _more(lang, len(answers))
    if lang == "vi":
        return f"{name} có {len(answers)} chỉ tiêu: {items}."
    return f"{name} has {len(answers)} indicator{_s(len(answers))}: {items}."


def agency_tasks(lang: str, agency: str, answers: list[dict[str, Any]]) -> str:
    """The sentence listing an agency's tasks.

    Example:
        >>> agency_tasks("en", "Sở Công Thương", [])
        'The store holds no tasks for Sở Công Thương.'
    """
    if not answers:
        return (f"Chưa có nhiệm vụ nào của {agency}." if lang == "vi"
                else f"The store holds no tasks for {agency}.")
    items = "; ".join(f"{a['section']} {a['text']}" for a in answers[:_SHOWN])
    items += _more(lang, len(answers))
    if lang == "vi":
        return f"{agency} chủ trì hoặc phối hợp {len(answers)} nhiệm vụ: {items}."
    return f"{agency} leads or joins {len(answers)} task{_s(len(answers))}: {items}."


def task_documents(lang: str, subject: DocumentRef, agency: str,
                   answers: list[dict[str, Any]]) -> str:
    """The documents a plan cites in an agency's tasks.

    Example:
        >>> s = DocumentRef("k", "7099/KH-UBND", None, "plan", None, None, None, "in_force",
        ...                 "7099/KH-UBND")
        >>> task_documents("en", s, "Sở Tài nguyên và Môi trường", [])
        '7099/KH-UBND cites no document in the tasks of Sở Tài nguyên và Môi trường.'
    """
    name = document_name(subject, lang)
    if not answers:
        return (f"{name} không dẫn chiếu văn bản nào trong các nhiệm vụ của {agency}."
                if lang == "vi" else
                f"{name} cites no document in the tasks of {agency}.")
    if lang == "vi":
        return f"Trong các nhiệm vụ giao {agency}, {name} nêu: {_labels(answers, lang)}."
    return f"In the tasks of {agency}, {name} cites {_labels(answers, lang)}."


def agency_plans(lang: str, agency: str, answers: list[dict[str, Any]]) -> str:
    """The plans an agency has tasks in.

    Example:
        >>> agency_plans("en", "Sở Công Thương", [])
        'The store holds no plan with tasks of Sở Công Thương.'
    """
    if not answers:
        return (f"Chưa có kế hoạch nào giao nhiệm vụ cho {agency}." if lang == "vi"
                else f"The store holds no plan with tasks of {agency}.")
    listed = ", ".join(f"{a['label']} ({', '.join(a['tasks'][:5])})" for a in answers[:_SHOWN])
    listed += _more(lang, len(answers))
    if lang == "vi":
        return f"{agency} thực hiện nhiệm vụ của {len(answers)} văn bản: {listed}."
    return f"{agency} carries out tasks of {len(answers)} document{_s(len(answers))}: {listed}."


_FOLLOWED = {
    "implements": ("They carry out: {L}.", "Các văn bản đó thực hiện: {L}."),
    "approves": ("They issue or approve: {L}.", "Các văn bản đó ban hành, phê duyệt: {L}."),
}


def followed_sentence(lang: str, relation: str, added: list[dict[str, Any]]) -> str:
    """The sentence for what a second clause added ("…, and which Đề án does that plan
    carry out?"): "" when it added nothing."""
    if not added:
        return ""
    labels = ", ".join(a["label"] for a in added[:_SHOWN]) + _more(lang, len(added))
    return " " + _pick(_FOLLOWED[relation], lang).format(L=labels)


def others_sentence(lang: str, others: list[dict[str, Any]]) -> str:
    """What the asked kind left out, as a sentence to append ("" when nothing was)."""
    return _others(lang, others)


# --- when there is no answer ------------------------------------------------------------------


def not_understood(lang: str, examples: list[str]) -> str:
    """The sentence for a question no rule understood, with examples.

    Example:
        >>> not_understood("en", ["which plans implement 361-KL/TU?"])
        'I did not understand the question. Try: “which plans implement 361-KL/TU?”.'
    """
    listed = "; ".join(f"“{e}”" for e in examples)
    if lang == "vi":
        return f"Chưa hiểu câu hỏi. Hãy thử: {listed}."
    return f"I did not understand the question. Try: {listed}."


def not_available(lang: str, intent: str) -> str:
    """The sentence for task and indicator questions on a store without them.

    Example:
        >>> not_available("en", "tasks").startswith("Tasks are not available yet")
        True
    """
    what_en, what_vi = ("Indicators", "chỉ tiêu") if intent == "indicators" else \
        ("Tasks", "nhiệm vụ")
    if lang == "vi":
        return (f"Chưa có dữ liệu {what_vi}: kho dữ liệu này chưa có {what_vi} nào (tính năng "
                "trích xuất đang được bổ sung). Hãy hỏi về chuỗi văn bản, ví dụ “Chuỗi văn "
                "bản của 340/KH-UBND”.")
    return (f"{what_en} are not available yet: this store holds no {what_en.lower()} (their "
            "extraction is being added). Ask about lineage instead, e.g. “what does "
            "7099/KH-UBND rest on?”.")


def no_subject(lang: str, intent: str) -> str:
    """The sentence for a question that names no document (or agency).

    Example:
        >>> no_subject("en", "implementers").startswith("Which document")
        True
    """
    if intent == "agency_tasks":
        return ("Cơ quan nào? Hãy nêu tên cơ quan, ví dụ “Nhiệm vụ của Sở Công Thương”."
                if lang == "vi" else
                "Which agency? Name it, e.g. “which tasks does Sở Công Thương lead?”.")
    if lang == "vi":
        return ("Văn bản nào? Hãy nêu số ký hiệu (361-KL/TU), loại và số (kế hoạch 327) "
                "hoặc khóa của văn bản.")
    return ("Which document? Name it by its symbol (361-KL/TU), its type and number "
            "(plan 327) or its key.")


def ambiguous(lang: str, text: str, candidates: list[DocumentRef]) -> str:
    """The sentence for a symbol that names several documents.

    Example:
        >>> ambiguous("en", "361-KL/TU", []).startswith("“361-KL/TU” names 0 documents")
        True
    """
    listed = "; ".join(_candidate(c) for c in candidates)
    if lang == "vi":
        return (f"“{text}” ứng với {len(candidates)} văn bản: {listed}. Hãy nói rõ tỉnh hoặc "
                f"năm (ví dụ “{text} {_example_place(candidates)}”) hoặc dùng khóa văn bản.")
    return (f"“{text}” names {len(candidates)} documents: {listed}. Say which: add the province "
            f"or year (e.g. “{text} {_example_place(candidates)}”), or use its key.")


def not_found(lang: str, text: str, suggestions: list[DocumentRef]) -> str:
    """The sentence for a subject the store does not hold, with close matches.

    Example:
        >>> not_found("vi", "316-KL/TU", [])
        'Không tìm thấy văn bản “316-KL/TU” trong dữ liệu.'
    """
    near = ", ".join(_candidate(s) for s in suggestions)
    if lang == "vi":
        return f"Không tìm thấy văn bản “{text}” trong dữ liệu." + (
            f" Có phải: {near}?" if near else "")
    return f"No document “{text}” in the store." + (f" Did you mean: {near}?" if near else "")


def examples(store: Store, lang: str) -> list[str]:
    """Example questions that work on this store: symbols taken from its own relations.

    Falls back to the corpus' usual examples on an empty store.

    Example:
        >>> from ..graph.sqlite_store import SQLiteStore
        >>> examples(SQLiteStore(":memory:"), "en")[0]
        'which plans implement 361-KL/TU?'
    """
    templates = {
        "implements": ("which documents implement {}?", "Văn bản nào thực hiện {}?", "target"),
        "based_on": ("what does {} rest on?", "{} căn cứ vào những văn bản nào?", "source"),
        "amends": ("what amends {}, and is it still in force?", "Văn bản nào sửa đổi {}?",
                   "target"),
    }
    found: dict[str, str] = {}
    refs = DocumentRefs(store)
    tried = 0
    for relation in store.relations():
        template = templates.get(str(relation.type))
        if template is None or str(relation.type) in found:
            continue
        tried += 1
        if tried > 60:
            break
        key = relation.target if template[2] == "target" else relation.source
        symbol = refs.get(key).symbol
        if symbol and len(store.documents_by_symbol(symbol)) == 1:
            found[str(relation.type)] = _pick(template[:2], lang).format(symbol)
    listed = [found[t] for t in templates if t in found]
    return listed or _GENERIC_EXAMPLES.get(lang, _GENERIC_EXAMPLES["en"])


# --- pieces ---------------------------------------------------------------------------------


def document_name(ref: DocumentRef, lang: str) -> str:
    """How a sentence names a document: "Kết luận 361-KL/TU" (vi), "361-KL/TU" (en).

    Example:
        >>> r = DocumentRef("k", "327/KH-UBND", None, "plan", None, None, None, "in_force",
        ...                 "327/KH-UBND")
        >>> document_name(r, "vi")
        'Kế hoạch 327/KH-UBND'
    """
    if lang == "vi" and ref.symbol:
        return f"{TYPE_VI.get(ref.doc_type, 'Văn bản')} {ref.symbol}"
    return ref.label


def status_phrase(status: str, lang: str) -> str:
    """A derived status in words."""
    en, vi = _STATUS.get(status, _STATUS["unknown"])
    return vi if lang == "vi" else en


def _kinds(answers: list[dict[str, Any]], lang: str, asked_type: DocType | None) -> str:
    """The noun for the answers: the asked kind, else their common kind, else documents."""
    kinds = {a.get("doc_type") for a in answers}
    kind = str(asked_type) if asked_type else (kinds.pop() if len(kinds) == 1 else "other")
    if lang == "vi":
        return TYPE_VI.get(kind or "other", "Văn bản").lower()
    singular, plural = TYPE_EN.get(kind or "other", (kind or "document", f"{kind}s"))
    return singular if len(answers) == 1 else plural


def _labels(answers: list[dict[str, Any]], lang: str) -> str:
    return ", ".join(a["label"] for a in answers[:_SHOWN]) + _more(lang, len(answers))


def _paren(answers: list[dict[str, Any]], lang: str) -> str:
    return f" ({_labels(answers, lang)})" if answers else ""


def _more(lang: str, n: int) -> str:
    if n <= _SHOWN:
        return ""
    return f" và {n - _SHOWN} văn bản khác" if lang == "vi" else f" and {n - _SHOWN} more"


def _others(lang: str, others: list[dict[str, Any]]) -> str:
    """What the asked kind left out ("which plans …" when a decision also implements it)."""
    if not others:
        return ""
    if lang == "vi":
        return f" Ngoài ra còn {len(others)} văn bản khác: {_labels(others, lang)}."
    n = len(others)
    return f" Also {n} other document{_s(n)}: {_labels(others, lang)}."


def _cut(lang: str, truncated: bool) -> str:
    if not truncated:
        return ""
    return (" (Danh sách bị cắt bớt do giới hạn kết quả.)" if lang == "vi"
            else " (The list was cut at the result limit.)")


def _scope(answer: dict[str, Any]) -> str:
    return f" ({answer['scope']})" if answer.get("scope") else ""


def _candidate(ref: DocumentRef) -> str:
    about = ", ".join(x for x in (ref.issuer, ref.jurisdiction, ref.date) if x)
    return f"{ref.label} ({about}; {ref.key})" if about else f"{ref.label} ({ref.key})"


def _example_place(candidates: list[DocumentRef]) -> str:
    places = [c.jurisdiction for c in candidates if c.jurisdiction]
    years = [c.date[:4] for c in candidates if c.date]
    return places[0] if places else (years[0] if years else "")


def _pick(pair: tuple[str, ...], lang: str) -> str:
    return pair[1] if lang == "vi" else pair[0]


def _s(n: int) -> str:
    return "" if n == 1 else "s"
