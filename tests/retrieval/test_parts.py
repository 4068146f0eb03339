"""Small parts of retrieval: the tokenizer, rank fusion, documents and their hashes."""

from __future__ import annotations

from retrieval.documents import graph_documents
from retrieval.search import fuse
from retrieval.tokens import TokenCounter
from semantic.api import SemanticLayer


def test_o200k_counts_and_truncates_on_token_boundaries() -> None:
    counter = TokenCounter()
    assert counter.count("Hello world") == 2
    assert counter.count("revenue by month in 2024") == 8
    text = "Net sales of completed and shipped orders, in USD."
    cut = counter.truncate(text, 4)
    assert text.startswith(cut) and counter.count(cut) == 4
    assert counter.truncate(text, 0) == "" and counter.truncate(text, 1000) == text


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = fuse({"vector": ["a", "b", "c"], "text": ["c", "b"], "names": ["b"]})
    assert [doc for doc, _, _ in fused] == ["b", "c", "a"]
    assert fused[0][2] == {"vector": 1, "text": 1, "names": 0}
    assert fuse({}) == []


def test_every_element_becomes_a_document_and_hashes_follow_content(demo_layer: SemanticLayer) -> None:
    graph = demo_layer.graph
    docs = graph_documents(graph, {"customers.segment": ["consumer", "business", "vip"]})
    ids = {d.id for d in docs}
    assert {f"metric:{m}" for m in graph.metrics} <= ids
    assert {f"dimension:{d}" for d in graph.dimensions} <= ids
    assert {f"entity:{e}" for e in graph.entities} <= ids
    assert {f"glossary:{t.name}" for t in graph.model.glossary} <= ids
    assert len([i for i in ids if i.startswith("verified_question:")]) == len(graph.model.verified_questions)
    assert {"relationship", "join_path", "domain"} <= {d.kind for d in docs}
    segment = next(d for d in docs if d.id == "dimension:customers.segment")
    # the model's sample values first, then the warehouse's members, each once
    assert "Values: consumer, premium, business, vip." in segment.body and "business vip" in segment.text
    changed = graph_documents(graph, {"customers.segment": ["consumer"]})
    before = {d.id: d.content_hash for d in docs}
    after = {d.id: d.content_hash for d in changed}
    assert [i for i in before if before[i] != after[i]] == ["dimension:customers.segment"]
