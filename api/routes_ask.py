"""``GET /api/ask?q=…``: a question in Vietnamese or English, answered by the same function
as ``policygraph ask`` (:func:`policygraph.api.ask.answer_question`).

Example:
    >>> [r.path for r in router.routes]
    ['/api/ask']
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from .ask import answer_question
from .deps import MAX_TEXT, StoreDep
from .errors import PARAMETER_ERRORS
from .schemas import AskAnswer

router = APIRouter(prefix="/api", tags=["ask"])

_EXAMPLES = ["which plans implement 361-KL/TU?", "Kế hoạch nào thực hiện Kết luận 361-KL/TU?",
             "what does 7099/KH-UBND rest on?", "văn bản nào sửa đổi Nghị quyết 07/2019/NQ-HĐND",
             "Which Kết luận concerns công nghiệp hỗ trợ?",
             "Which plan implements 363-KL/TU, and which Đề án does that plan carry out?"]


@router.get("/ask", response_class=JSONResponse,
            responses={200: {"model": AskAnswer, "description": "The answer."},
                       **PARAMETER_ERRORS})
def ask(store: StoreDep, q: Annotated[str, Query(
        min_length=1, max_length=MAX_TEXT, examples=_EXAMPLES,
        description="A question in Vietnamese (with or without diacritics) or English, "
                    "naming a document by its symbol in any spelling, or by its kind and "
                    "title (\"the Đề án phát triển công nghiệp hỗ trợ\"); or asking which "
                    "document of a kind concerns a topic.")]) -> Any:
    """Answer a lineage question: intent, subject, answers with paths and evidence, and one
    sentence in the question's language. An ambiguous symbol gives ``candidates``; a
    question not understood gives ``intent: null`` and examples that work."""
    return JSONResponse(answer_question(store, q))
