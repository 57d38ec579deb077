"""check_graph's quick pass (_surely_whole) never lets a broken FileGraph through.

check_graph first asks _surely_whole, a pass with sets over the graph; only when it cannot
vouch for the graph does the item-by-item check run (and name the problems). So every kind
of problem must make _surely_whole say False, and the graphs ingest makes must pass it.
"""

from __future__ import annotations

import pytest

from policygraph.graph.merge import _surely_whole, check_graph
from policygraph.graph.model import DocType, FileGraph, Origin, RelationType
from policygraph.graph.store import StoreError
from tests.conftest import BAO_CAO, BEN_TRE, NEWS_317, OCR_PLAN, corpus_file
from tests.factories import (
    make_agency,
    make_document,
    make_evidence,
    make_file_graph,
    make_indicator,
    make_observation,
    make_plan_file_graph,
    make_relation,
    make_task,
)

ELSEWHERE = make_evidence(file="other.txt")


def _plan(**overrides: object) -> FileGraph:
    return make_plan_file_graph(**overrides)


BROKEN = {
    "relation to a missing document": lambda: make_file_graph(
        relations=[make_relation(target="nowhere")]),
    "relation from a missing document": lambda: make_file_graph(
        relations=[make_relation(source="nowhere")]),
    "task of a missing plan": lambda: _plan(tasks=[make_task(plan="nowhere")]),
    "indicator scope missing": lambda: _plan(indicators=[make_indicator(scope="nowhere")]),
    "observation source missing": lambda: _plan(indicators=[make_indicator(
        observations=[make_observation(source="nowhere")])]),
    "duplicate document": lambda: make_file_graph(
        documents=[make_document(), make_document()], relations=[], indicators=[]),
    "duplicate task": lambda: _plan(tasks=[make_task(), make_task()]),
    "duplicate agency": lambda: _plan(agencies=[make_agency(), make_agency()]),
    "duplicate indicator": lambda: _plan(indicators=[make_indicator(), make_indicator()]),
    "relation type as text": lambda: make_file_graph(
        relations=[make_relation(type="carries_out")]),
    "doc type as text": lambda: make_file_graph(
        documents=[make_document(doc_type="kết luận")], relations=[], indicators=[]),
    "relation evidence elsewhere": lambda: make_file_graph(
        relations=[make_relation(evidence=ELSEWHERE)]),
    "mention elsewhere": lambda: make_file_graph(
        documents=[make_document(mentions=[ELSEWHERE])], relations=[], indicators=[]),
    "origin elsewhere": lambda: make_file_graph(
        documents=[make_document(origin=Origin("other.txt", 1))], relations=[], indicators=[]),
    "task evidence elsewhere": lambda: _plan(tasks=[make_task(evidence=ELSEWHERE)]),
    "agency mention elsewhere": lambda: _plan(agencies=[make_agency(mentions=[ELSEWHERE])]),
    "observation evidence elsewhere": lambda: _plan(indicators=[make_indicator(
        observations=[make_observation(evidence=ELSEWHERE)])]),
}


@pytest.mark.parametrize("problem", sorted(BROKEN))
def test_every_problem_fails_the_quick_pass_and_is_refused(problem: str) -> None:
    graph = BROKEN[problem]()
    assert not _surely_whole(graph)
    with pytest.raises(StoreError, match="does not hold together"):
        check_graph(graph)


def test_whole_graphs_pass_the_quick_pass() -> None:
    for graph in (make_file_graph(), make_plan_file_graph(), FileGraph("a.txt", "0" * 64, "utf-8")):
        assert _surely_whole(graph)
        check_graph(graph)


def test_a_str_type_that_names_a_member_takes_the_long_way_and_passes() -> None:
    """Plain strings equal to a member's value are stored fine: the long check allows them."""
    graph = make_file_graph(documents=[make_document(doc_type=str(DocType.CONCLUSION))],
                            relations=[make_relation(source=make_document().key,
                                                     target=make_document().key,
                                                     type=str(RelationType.IMPLEMENTS))],
                            indicators=[])
    assert not _surely_whole(graph)
    check_graph(graph)


@pytest.mark.parametrize("name", [BAO_CAO, OCR_PLAN, BEN_TRE, NEWS_317])
def test_the_corpus_graphs_pass_the_quick_pass(name: str) -> None:
    from policygraph.ingest.pipeline import extract_file
    from policygraph.ingest.read import read_source

    graph = extract_file(read_source(corpus_file(name)))
    assert graph.documents and _surely_whole(graph)
