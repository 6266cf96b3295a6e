"""Scripted structure agents: profiles, scenario recognition, variety, reproducibility."""

from __future__ import annotations

import random

import pytest
from sandbox_helpers import QUESTION, SCENARIO

from sandbox import agents

SCENARIOS = [
    agents.Scenario.from_dict(SCENARIO),
    agents.Scenario.from_dict(
        {
            "id": "dechets",
            "question": "Quels sont les jours de collecte des encombrants dans ma rue ?",
            "expected": [
                {
                    "id": "jour",
                    "label": "La collecte des encombrants a lieu le premier lundi du mois",
                }
            ],
        }
    ),
]
CLAIRE = agents.Persona("Claire", "Martin", "Madame")


def plan(profile, text=QUESTION, private=False, seed=1, conversation=None, **options):
    conversation = conversation if conversation is not None else agents.Conversation()
    steps = agents.plan(
        profile,
        options,
        SCENARIOS,
        agents.Incoming(text, private, CLAIRE),
        conversation,
        random.Random(seed),
    )
    return steps, conversation


def test_scenario_recognised_by_token_overlap():
    assert (
        agents.match_scenario(
            "@Mairie bonjour, pour renouveler une carte d'identité ?", SCENARIOS
        ).id
        == "cni-renouvellement"
    )
    assert (
        agents.match_scenario("Collecte des encombrants rue Victor Hugo ?", SCENARIOS).id
        == "dechets"
    )
    assert agents.match_scenario("Il fait beau aujourd'hui", SCENARIOS) is None


@pytest.mark.parametrize("seed", range(5))
def test_exemplary_is_complete_personal_signed_and_polite(seed):
    [step], _ = plan("exemplary", seed=seed)
    text = step.text
    assert text.startswith("Bonjour") and ("Claire" in text or "Martin" in text)
    for element in SCENARIO["expected"]:
        assert element["label"][1:].lower() in text.lower()
    assert "01 23 45 67 89" in text or "1 place de la Mairie" in text
    assert "^" in text.split()[-1]
    assert "renouveler votre carte" in text or "votre demande" in text.lower()


def test_curt_is_short_without_greeting():
    [step], _ = plan("curt", seed=3)
    assert step.text.startswith("Sur RDV.") and len(step.text) < 80 and "Bonjour" not in step.text


def test_silent_never_answers():
    assert plan("silent")[0] == []


def test_slow_answers_days_later():
    [step], _ = plan("slow", ask_details=False)
    assert step.delay > agents.DAY


def test_private_asks_for_mp_then_answers_in_private():
    [ask], conversation = plan("private")
    assert ask.kind == "ask_private" and not ask.private
    assert "MP" in ask.text or "message privé" in ask.text
    assert plan("private", text="Me revoilà en public", conversation=conversation)[0] == []
    [answer], _ = plan("private", text=QUESTION, private=True, conversation=conversation)
    assert answer.private and answer.kind == "answer" and "rendez-vous" in answer.text


@pytest.mark.parametrize(("with_contact", "expect_phone"), [(True, True), (False, False)])
def test_redirect_with_or_without_contact(with_contact, expect_phone):
    [step], _ = plan("redirect", with_contact=with_contact)
    assert "préfecture de l'Essonne" in step.text
    assert ("01 69 91 91 91" in step.text) is expect_phone


def test_ack_then_answer_later():
    (ack, answer), _ = plan("ack_then_answer")
    assert ack.kind == "ack"
    assert any(w in ack.text for w in ("revenons vers vous", "répondra", "répondons"))
    assert answer.delay > ack.delay + 3600 and "rendez-vous" in answer.text


def test_familiar_uses_tu():
    [step], _ = plan("familiar", seed=2)
    assert step.text.split()[0] in ("Salut", "Hello", "Coucou") and "ta question" in step.text


def test_dismissive_is_dismissive():
    texts = {plan("dismissive", seed=s)[0][0].text for s in range(10)}
    assert any("pas notre problème" in t for t in texts) and len(texts) >= 3


def test_careless_states_the_wrong_fact():
    [step], _ = plan("careless")
    assert SCENARIO["wrong"][0] in step.text


def test_auto_reply_once():
    [step], conversation = plan("auto_reply")
    assert step.kind == "auto" and step.delay < 60
    assert plan("auto_reply", text="Encore moi", conversation=conversation)[0] == []


def test_average_asking_details_continues_after_persona_answer():
    [ask], conversation = plan("average", ask_details=True)
    assert ask.kind == "ask_details" and "?" in ask.text
    [answer], conversation = plan(
        "average", text="J'habite à Saint-Aubin, je suis majeure.", conversation=conversation
    )
    assert answer.kind == "answer" and conversation.stage == "answered"
    assert "rendez-vous" in answer.text or "photo" in answer.text or "gratuit" in answer.text


def test_thanks_after_an_answer_gets_a_courtesy_closing():
    [_], conversation = plan("exemplary")
    [closing], _ = plan("exemplary", text="Merci beaucoup !", conversation=conversation)
    assert closing.kind == "closing"


def test_same_seed_same_text_and_variety_across_seeds():
    assert plan("exemplary", seed=11)[0][0].text == plan("exemplary", seed=11)[0][0].text
    texts = {plan(profile, seed=s)[0][0].text for profile in ("exemplary",) for s in range(20)}
    assert len(texts) >= 15


def test_delay_factor_scales_delays():
    conversation = agents.Conversation()
    steps = agents.plan(
        "exemplary",
        {},
        SCENARIOS,
        agents.Incoming(QUESTION, False, CLAIRE),
        conversation,
        random.Random(1),
        delay_factor=0,
    )
    assert steps[0].delay == 0


def test_every_profile_is_known():
    assert set(agents.PROFILES) == {
        "exemplary",
        "average",
        "curt",
        "slow",
        "silent",
        "private",
        "redirect",
        "ack_then_answer",
        "familiar",
        "dismissive",
        "careless",
        "auto_reply",
    }
    with pytest.raises(ValueError):
        plan("rude")


def test_a_reply_the_platform_refuses_is_recorded_as_failed_and_the_agent_goes_on():
    from sandbox.config import SandboxConfig
    from sandbox.engine import Sandbox
    from sandbox.wire import PlatformError

    sb = Sandbox(SandboxConfig())
    sent = []
    sb.agent_send(lambda: sent.append("ok"), id="x-1", platform="x", sender="s", text="Bonjour")

    def refused() -> None:
        raise PlatformError(403, {"errors": [{"code": 385, "message": "deleted"}]})

    sb.agent_send(refused, id="x-failed-2", platform="x", sender="s", text="Bonjour")
    failed = [r for r in sb.world.records if r.kind == "failed"]
    assert sent == ["ok"] and [r.id for r in failed] == ["x-failed-2"]
    assert failed[0].via == "agent" and failed[0].extra["error"]["errors"][0]["code"] == 385
