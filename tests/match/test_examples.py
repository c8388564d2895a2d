"""The worked examples of docs/rules.md, on the real rules of config/monitor.yaml; and robustness."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from monitor.config.denials import DenialConfig
from monitor.match import Document, compile_matcher
from monitor.match.engine import RuleMatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped() -> RuleMatcher:
    data = yaml.safe_load((ROOT / "config" / "monitor.yaml").read_text(encoding="utf-8"))
    return compile_matcher([DenialConfig.model_validate(d) for d in data["denials"]])


EXAMPLES = [
    ("Hajiyev: Grigoryan's claim of a Washington deal on mechanisms is false", "", "match"),
    ("Grigoryan insists agreement on international mechanism was reached in Washington",
     "Hajiyev earlier called the claim false.", "contradict"),
    ("Grigoryan dismisses Hajiyev's rebuttal, says Washington deal on mechanisms stands", "", "contradict"),
    ("Washington talks: the two sides disagree over the agreement on a 'mechanism'",
     "Grigoryan and Hajiyev gave different accounts.", "mention"),
    ("Abazyan, Muradov and Naghiyev held secret talks in Sugovushan, channels claim", "", "contradict"),
    ("СГБ Азербайджана опровергла сообщения о встрече Нагиева с Абазяном", "", "match"),
    ("DTX: Nağıyevin Abazyanla Suqovuşanda görüşü barədə məlumatlar həqiqəti əks etdirmir", "", "match"),
    ("Armenia dismisses NSS head Armen Abazyan",
     "Prime minister signed a decree relieving Armen Abazyan of his duties. No reason was given.", None),
    ("Grain harvest up eight percent in the Tartar district", "Farmers met officials in Tartar.", None),
]


@pytest.mark.parametrize(("title", "text", "expected"), EXAMPLES)
def test_docs_examples(shipped: RuleMatcher, title: str, text: str, expected: str | None) -> None:
    hits = shipped.classify(Document(id="d", title=title, text=text))
    assert (hits[0].verdict.value if hits else None) == expected


def test_never_raises_on_odd_text(shipped: RuleMatcher) -> None:
    rng = random.Random(3)
    alphabet = "aəıAbc Нагиев Աբազյան نفى ?!.,;:'\"()-–—\n\t*0123456789\u0301\u200b😀"
    for _ in range(300):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        for hit in shipped.classify(Document(id="r", title=title + " Abazyan Naghiyev met", text=text)):
            assert 0.0 <= hit.score <= 1.0
    assert shipped.classify(Document(id="e", title="", text="")) == []
