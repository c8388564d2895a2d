"""A self-denial: the claim sentence names the denier as its actor, so the denier is a claim name."""

from __future__ import annotations

import pytest

from monitor.config.denials import DenialConfig
from monitor.errors import RuleError
from monitor.match.rules import compile_denial
from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

# an invented self-denial: the former president denies the plot he is accused of; the claim names
# one other party, the rival the plot was against
PLOT = {"id": "plot", "title": "t",
        "claim": "Former president Marek Dolan planned a coup to stop Ilse Varga from taking office.",
        "entities": [{"name": "Ilse Varga"}, {"name": "Marek Dolan", "role": "denier"}],
        "keywords": [{"name": "coup", "query": "coup OR putsch"}], "min_entities": 1}
# a company's denial whose rule names no other party at all
BACKDOOR = {"id": "backdoor", "title": "t", "claim": "Norvel routers carry hidden backdoors for spies.",
            "entities": [{"name": "Norvel", "role": "denier"}],
            "keywords": [{"name": "backdoor", "query": "backdoor* OR \"hidden access\""}], "min_entities": 1}
# the denier named in a claim about two other parties: they tell the claim, the denier alone does not
TWO_PARTIES = {"id": "two-parties", "title": "t",
               "claim": "Karst hackers of Norvel broke into Velvet Studios and Ostrava Bank.",
               "entities": [{"name": "Velvet Studios"}, {"name": "Ostrava Bank"}, {"name": "Norvel", "role": "denier"}],
               "keywords": [{"name": "hacking", "query": "hack* OR breach*"}], "min_entities": 1}
# the denier not named in the claim: a denial of another party's deed, as before
OTHERS = {**PLOT, "id": "others", "claim": "Army officers planned a coup to stop Ilse Varga from taking office."}

CASES = [
    (PLOT, "Marek Dolan denies any role in coup plot", [Verdict.MATCH]),
    (PLOT, "Police charge Dolan over coup plot", [Verdict.CONTRADICT]),
    (PLOT, "Dolan planned a coup, prosecutors say", [Verdict.CONTRADICT]),
    # the denier with no word of the event: no hit
    (PLOT, "Dolan charged with fraud over vaccine cards", []),
    (BACKDOOR, "Norvel rejects claims of backdoors in its routers", [Verdict.MATCH]),
    (BACKDOOR, "Researchers find a backdoor in Norvel routers", [Verdict.CONTRADICT]),
    # two other parties named in the claim: the denier and the event alone are its other deeds
    (TWO_PARTIES, "Norvel hackers breach a crypto exchange", []),
    (TWO_PARTIES, "Norvel hackers breached Velvet Studios, FBI says", [Verdict.CONTRADICT]),
    (OTHERS, "Police charge Dolan over coup plot", []),
]


@pytest.mark.parametrize(("denial", "title", "verdicts"), CASES)
def test_the_denier_named_in_the_claim_is_a_claim_name(denial: dict[str, object], title: str,
                                                       verdicts: list[Verdict]) -> None:
    hits = classify(make_matcher(denial), title, language="en")
    assert [h.verdict for h in hits] == verdicts, hits


def test_a_rule_of_the_denier_alone_compiles_only_when_the_claim_names_it() -> None:
    assert compile_denial(DenialConfig.model_validate(BACKDOOR)).denier_acts
    other = {**BACKDOOR, "claim": "Routers sold in Europe carry hidden backdoors for spies."}
    with pytest.raises(RuleError, match="min_entities: is 1 but only 0 claim entities"):
        compile_denial(DenialConfig.model_validate(other))


# a claim that accuses the denier's country: another country's story of the same event (the
# Kremlin denying that Russia blew up the pipeline, for Ukraine's denial) is another claim
PIPELINE = {"id": "pipeline", "title": "t", "source": "Ukrainian presidential office",
            "claim": "Ukrainian divers blew up the Nord Stream pipelines in September 2022.",
            "entities": [{"name": "Nord Stream"}, {"name": "Mykhailo Podolyak", "role": "denier"}],
            "keywords": [{"name": "sabotage", "query": "sabotage OR blast* OR \"blew up\" OR attack*"}],
            "min_entities": 1}
# a claim naming the denier's country among its parties; an item with two of its names is about it,
# whatever other country it names
TRIO = {"id": "trio", "title": "t", "source": "State Security Service of Azerbaijan",
        "claim": "Armenia's Armen Abazyan and Azerbaijan's Ali Naghiyev met in Sugovushan.",
        "entities": [{"name": "Armen Abazyan"}, {"name": "Ali Naghiyev"},
                     {"name": "State Security Service", "role": "denier"}],
        "keywords": [{"name": "meeting", "query": "meet* OR met"}], "min_entities": 2}
# the same event, the claim accusing a party that is not the denier: no such test
WITNESS = {**PIPELINE, "id": "witness", "claim": "Divers from a yacht blew up the Nord Stream pipelines in September 2022."}

ACCUSED_CASES = [
    (PIPELINE, "Kremlin dismisses claims Russia attacked Nord Stream", []),
    (PIPELINE, "Washington denies it was behind the Nord Stream blasts", []),
    (PIPELINE, "Ukraine denies any role in Nord Stream sabotage", [Verdict.MATCH]),
    (PIPELINE, "Podolyak rejects report on Nord Stream sabotage", [Verdict.MATCH]),
    (PIPELINE, "Ukrainian commando blew up Nord Stream, report says", [Verdict.CONTRADICT]),
    # no country at all: nothing says it is another party's story
    (PIPELINE, "Investigators find explosives on a yacht in the Nord Stream sabotage", [Verdict.CONTRADICT]),
    # "us" is a word before it is the United States (and "США" folds to Tagalog's "sa")
    (PIPELINE, "Divers tell us they blew up Nord Stream", [Verdict.CONTRADICT]),
    (WITNESS, "Kremlin dismisses claims Russia attacked Nord Stream", [Verdict.MATCH]),
    (TRIO, "Abazyan and Naghiyev met in Sugovushan, a Ukrainian channel says", [Verdict.CONTRADICT]),
]


@pytest.mark.parametrize(("denial", "title", "verdicts"), ACCUSED_CASES)
def test_another_countrys_story_of_a_claim_accusing_the_denier_is_no_hit(
        denial: dict[str, object], title: str, verdicts: list[Verdict]) -> None:
    hits = classify(make_matcher(denial), title, language="en")
    assert [h.verdict for h in hits] == verdicts, hits


def test_the_accused_are_the_denier_and_its_country_when_the_claim_names_them() -> None:
    accused = {t.text for t in compile_denial(DenialConfig.model_validate(PIPELINE)).accused}
    assert {"Mykhailo Podolyak", "Ukraine", "Kyiv", "Ukrainian"} <= accused
    assert compile_denial(DenialConfig.model_validate(WITNESS)).accused == ()
