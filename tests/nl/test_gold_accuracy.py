"""A floor under the question compiler's score on the dev half of the demo gold set (see evals/question_accuracy).

The issue's targets (>= 90 % correct, <= 2 % confidently wrong, on the test half) are reported by
`python -m evals.question_accuracy --split test`; this test only stops the dev score from sliding back.
"""

from __future__ import annotations

from evals.gold import DEMO_GOLD
from evals.question_accuracy import run


def test_dev_split_score_does_not_regress() -> None:
    result = run("dev", scale=0.1, gold=[DEMO_GOLD])
    assert result.total >= 100
    assert result.rate("correct") >= 0.80, [o.id for o in result.outcomes if o.verdict != "correct"]
    assert result.rate("wrong") <= 0.04, [o.id for o in result.outcomes if o.verdict == "wrong"]
