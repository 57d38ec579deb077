"""The readable sentence of task, agency and indicator answers, in Vietnamese or English.

Numbers are written the reader's way: ``35.420`` and ``15,5`` in Vietnamese, ``35,420``
and ``15.5`` in English (domain.md §3).

Example:
    >>> number(35420.0, "vi"), number(15.5, "en")
    ('35.420', '15.5')
"""

from __future__ import annotations

from typing import Any

from .ask_text import document_name, no_subject

__all__ = ["agency_profile", "agency_tasks", "document_indicators", "document_name",
           "found_indicators", "no_task_on_topic", "number", "plan_tasks", "target_phrase",
           "task_agencies", "topic_tasks", "which_agency"]

_SHOWN = 10  # items named in one sentence before "and N more"
_TEXT_WIDTH = 90  # a task's text is cut to this many characters in a sentence


def which_agency(lang: str) -> str:
    """The sentence for a question that names no agency (and no document or topic)."""
    return no_subject(lang, "agency_tasks")


def plan_tasks(lang: str, name: str, answers: list[dict[str, Any]]) -> str:
    """The tasks of one plan.

    Example:
        >>> plan_tasks("en", "7099/KH-UBND", [])
        'The store holds no such tasks of 7099/KH-UBND.'
    """
    if not answers:
        return (f"Chưa có nhiệm vụ nào như vậy của {name}." if lang == "vi"
                else f"The store holds no such tasks of {name}.")
    listed = _tasks(answers, lang)
    if lang == "vi":
        return f"{name} có {len(answers)} nhiệm vụ: {listed}."
    return f"{name} has {len(answers)} task{_s(len(answers))}: {listed}."


def topic_tasks(lang: str, answers: list[dict[str, Any]]) -> str:
    """Tasks found by their topic, across plans."""
    listed = _tasks(answers, lang, plans=True)
    if lang == "vi":
        return f"{len(answers)} nhiệm vụ phù hợp: {listed}."
    return f"{len(answers)} matching task{_s(len(answers))}: {listed}."


def agency_tasks(lang: str, agency: str, role: str, answers: list[dict[str, Any]],
                 where: str | None) -> str:
    """The tasks an agency leads and/or coordinates (in one plan, or across plans).

    Example:
        >>> agency_tasks("en", "Sở Công Thương", "lead", [], "7099/KH-UBND")
        'Sở Công Thương leads no task of 7099/KH-UBND in the store.'
    """
    n = len(answers)
    verb_en = {"lead": "leads", "coordinate": "is a named coordinator (not lead) of",
               "any": "leads or coordinates"}[role]
    verb_vi = {"lead": "chủ trì", "coordinate": "phối hợp (không chủ trì)",
               "any": "chủ trì hoặc phối hợp"}[role]
    if not answers:
        if lang == "vi":
            return (f"{agency} không {verb_vi} nhiệm vụ nào"
                    + (f" của {where}" if where else "") + " trong dữ liệu.")
        return _none_en(agency, role, where)
    listed = _tasks(answers, lang, plans=where is None)
    if lang == "vi":
        return f"{agency} {verb_vi} {n} nhiệm vụ" + (f" của {where}" if where else "") \
            + f": {listed}."
    return f"{agency} {verb_en} {n} task{_s(n)}" + (f" of {where}" if where else "") \
        + f": {listed}."


def _none_en(agency: str, role: str, where: str | None) -> str:
    place = f" of {where}" if where else ""
    if role == "lead":
        return f"{agency} leads no task{place} in the store."
    if role == "coordinate":
        return f"{agency} is not a named coordinator of any task{place} in the store."
    return f"{agency} leads or coordinates no task{place} in the store."


def task_agencies(lang: str, role: str, answers: list[dict[str, Any]],
                  tasks: list[Any]) -> str:
    """The agencies leading or coordinating the tasks found by topic."""
    sections = ", ".join(f"{t.section} ({t.plan_label})" for t in tasks[:_SHOWN])
    names = ", ".join(a.get("title") or a["name"] for a in answers[:_SHOWN])
    names += _more(lang, len(answers))
    if not answers:
        return (f"Nhiệm vụ phù hợp ({sections}) không ghi đơn vị "
                f"{'chủ trì' if role == 'lead' else 'phối hợp'}." if lang == "vi" else
                f"The matching task{_s(len(tasks))} ({sections}) name no "
                f"{'lead' if role == 'lead' else 'coordinator'}.")
    if lang == "vi":
        verb = "chủ trì" if role == "lead" else "phối hợp"
        return f"Đơn vị {verb}: {names} (nhiệm vụ {sections})."
    noun = "Lead" if role == "lead" else "Coordinators"
    return f"{noun}: {names} (task{_s(len(tasks))} {sections})."


def no_task_on_topic(lang: str) -> str:
    """The sentence when no task matches the topic."""
    return ("Không tìm thấy nhiệm vụ nào về chủ đề này. Hãy nêu vài từ của nhiệm vụ, ví dụ "
            "“Cơ quan nào chủ trì nhiệm vụ về cụm công nghiệp?”." if lang == "vi" else
            "No task matches that topic. Name a few of its words, e.g. “which agency leads "
            "the industrial-cluster tasks?”.")


def document_indicators(lang: str, name: str, answers: list[dict[str, Any]]) -> str:
    """A document's indicators, each target beside its latest value."""
    if not answers:
        return (f"Chưa có chỉ tiêu nào của {name}." if lang == "vi"
                else f"The store holds no indicators of {name}.")
    listed = "; ".join(_indicator(a, lang) for a in answers[:_SHOWN]) + _more(lang, len(answers))
    if lang == "vi":
        return f"{name} có {len(answers)} chỉ tiêu: {listed}."
    return f"{name} has {len(answers)} indicator{_s(len(answers))}: {listed}."


def found_indicators(lang: str, answers: list[dict[str, Any]]) -> str:
    """Indicators found by their words."""
    if not answers:
        return ("Không tìm thấy chỉ tiêu nào như vậy." if lang == "vi"
                else "No indicator in the store matches those words.")
    return "; ".join(_indicator(a, lang) for a in answers) + "."


def agency_profile(lang: str, name: str, answers: list[dict[str, Any]]) -> str:
    """One body in its provinces: until when, and what it became."""
    parts = []
    for a in answers[:_SHOWN]:
        place = a["jurisdiction"] or ("cấp trung ương" if lang == "vi" else "national")
        chain = " → ".join(full_name_of(s) for s in a.get("successors", []))
        if lang == "vi":
            until = f", hoạt động đến {a['valid_until']}" if a["valid_until"] else ""
            after = f", kế thừa bởi {chain}" if chain else ""
            parts.append(f"{name} ({place}{until}{after}; chủ trì {a.get('tasks_led', 0)} "
                         f"nhiệm vụ)")
        else:
            until = f", until {a['valid_until']}" if a["valid_until"] else ""
            after = f", succeeded by {chain}" if chain else ""
            parts.append(f"{name} ({place}{until}{after}; leads {a.get('tasks_led', 0)} "
                         f"task{_s(a.get('tasks_led', 0))})")
    return "; ".join(parts) + _more(lang, len(answers)) + "."


def full_name_of(ref: dict[str, Any]) -> str:
    """"Sở Tài chính (Bình Dương)" for an agency reference."""
    return f"{ref['name']} ({ref['jurisdiction']})" if ref.get("jurisdiction") else ref["name"]


# --- pieces -------------------------------------------------------------------------------------


def target_phrase(target: dict[str, Any], lang: str) -> str:
    """A target in words: "≥ 15 % by 2025".

    Example:
        >>> target_phrase({"value": 15.0, "value_max": None, "unit": "%", "year": 2025,
        ...                "comparator": ">=", "raw": "từ 15% trở lên"}, "en")
        '≥ 15 % by 2025'
    """
    value = _amount(target["value"], target["unit"], lang, target.get("value_max"))
    mark = {">=": "≥ ", "<=": "≤ ", "~": "~ "}.get(target.get("comparator") or "", "")
    year = target.get("year")
    when = (f" đến năm {year}" if lang == "vi" else f" by {year}") if year else ""
    return f"{mark}{value}{when}" if target["value"] is not None else target.get("raw", "")


def _indicator(answer: dict[str, Any], lang: str) -> str:
    """"name: target ≥ 15 % by 2025, latest reported 5 % (hiện nay, line 1580)"."""
    pieces = []
    for target in answer["targets"][:3]:
        text = ("mục tiêu " if lang == "vi" else "target ") + target_phrase(target, lang)
        latest = target.get("latest")
        text += ", " + (_reported(latest, lang) if latest else
                        ("chưa có số liệu báo cáo" if lang == "vi" else "no value reported"))
        pieces.append(text)
    if not answer["targets"] and answer.get("latest"):
        pieces.append(_reported(answer["latest"], lang))
    return f"{answer['name']}: " + "; ".join(pieces) if pieces else answer["name"]


def _reported(observation: dict[str, Any], lang: str) -> str:
    value = _amount(observation["value"], observation["unit"], lang) \
        if observation["value"] is not None else observation["raw"]
    where = observation.get("evidence") or {}
    about = ", ".join(x for x in (observation.get("period"), observation.get("source_label"),
                                  f"{where.get('file')}:{where.get('line')}" if where else None)
                      if x)
    head = "báo cáo gần nhất" if lang == "vi" else "latest reported"
    return f"{head} {value}" + (f" ({about})" if about else "")


def _amount(value: float | None, unit: str | None, lang: str, value_max: float | None = None
            ) -> str:
    if value is None:
        return ""
    text = number(value, lang) + (f"–{number(value_max, lang)}" if value_max is not None else "")
    return f"{text} {unit}" if unit else text


def number(value: float, lang: str) -> str:
    """A number as the reader writes it (thousands and decimals marks per language)."""
    whole = float(value).is_integer()
    text = f"{value:,.0f}" if whole else f"{value:,.3f}".rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _tasks(answers: list[dict[str, Any]], lang: str, plans: bool = False) -> str:
    items = []
    for a in answers[:_SHOWN]:
        text = " ".join(a["text"].split())
        text = text if len(text) <= _TEXT_WIDTH else text[:_TEXT_WIDTH - 1].rstrip() + "…"
        where = f"{a['plan_label']} " if plans else ""
        lead = f" ({', '.join(a['lead'])})" if a["lead"] else ""
        items.append(f"{where}{a['section']}{lead}: {text}")
    return "; ".join(items) + _more(lang, len(answers))


def _more(lang: str, n: int) -> str:
    if n <= _SHOWN:
        return ""
    return f" và {n - _SHOWN} mục khác" if lang == "vi" else f" and {n - _SHOWN} more"


def _s(n: int) -> str:
    return "" if n == 1 else "s"
