"""ask with an LLM configured: the offline reading first; the model (mocked through litellm) when it asks back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from semantic.api import SemanticLayer
from semantic.demo import build_demo_project
from semantic.nl.ask import ask


@pytest.fixture(scope="module")
def llm_layer(tmp_path_factory: pytest.TempPathFactory) -> SemanticLayer:
    root: Path = build_demo_project(tmp_path_factory.mktemp("llm") / "demo", scale=0.05)
    config = root / "semctx.yml"
    config.write_text(config.read_text() + "llm:\n  model: openai/gpt-4o-mini\n  max_repairs: 1\n")
    return SemanticLayer.load(root)


def test_offline_answer_does_not_call_the_model(llm_layer: SemanticLayer) -> None:
    result = ask(llm_layer, "revenue in 2024", mock_llm_response="this would fail to parse")
    assert result.answered and result.source == "compiler" and result.llm is None


def test_model_answers_when_the_offline_compiler_asks_back(llm_layer: SemanticLayer) -> None:
    answer = json.dumps({"metrics": ["csat"], "dimensions": ["metric_time__year"]})
    result = ask(llm_layer, "how happy are people after talking to support, per year?", mock_llm_response=answer)
    assert result.answered and result.source == "llm"
    assert result.query["metrics"] == ["csat"] and len(result.rows) == 3
    assert result.llm["attempts"] == 1 and result.llm["prompt_tokens"] > 0


def test_model_answer_that_never_validates_stays_a_clarification(llm_layer: SemanticLayer) -> None:
    result = ask(llm_layer, "what is our NPS?", mock_llm_response=json.dumps({"metrics": ["nps"]}))
    assert not result.answered and result.rows == []
    assert result.llm["attempts"] == 2 and any("nps" in e for e in result.llm["errors"])
