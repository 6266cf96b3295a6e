"""The tone rules on the invented tone probes (nlu/corpus/probes/tone.jsonl): floors under
the figures measured when they were written, so that a change that loses disrespectful
replies or flags respectful ones fails."""

from __future__ import annotations

from nlu.corpus import accuracy_probes, tone_probes


def test_probe_file_is_well_formed():
    probes = tone_probes.load(tone_probes.PROBES)
    assert {p["set"] for p in probes} == {"tone-1", "tone-2", "tone-3"}
    assert len({p["id"] for p in probes}) == len(probes)
    for probe in probes:
        assert isinstance(probe["respectful"], bool), probe["id"]
        assert probe["scenario"]["question"] and probe["reply"], probe["id"]


def test_tone_rules_catch_disrespect_without_false_alarms(grader):
    result = tone_probes.measure(grader, tone_probes.load(tone_probes.PROBES))
    rules = {name: judges["rules"] for name, judges in result.items()}
    recall = {name: c["caught"] / c["disrespectful"] for name, c in rules.items()}
    # tone-1 guided the rules; tone-2 was measured after they were written, misses unread;
    # tone-3 was measured once, at the end.
    assert recall["tone-1"] >= 0.8, recall
    assert recall["tone-2"] >= 0.44, recall
    assert recall["tone-3"] >= 0.38, recall
    flagged = sum(c["flagged"] for c in rules.values())
    respectful = sum(c["respectful"] for c in rules.values())
    assert flagged / respectful <= 0.03, [[p["id"] for p in c["alarms"]] for c in rules.values()]


def test_tone_violations_point_at_the_words(grader):
    """The evidence of a disrespectful reply is its dismissive words, not the whole reply."""
    from nlu import features as ft

    text = "Bonjour, c'est expliqué partout sur notre site, ce n'est pas sorcier."
    reply = grader.engine.prepare([accuracy_probes.exchange({
        "id": "t", "reply": text,
        "scenario": {"id": "s", "kind": "question", "question": "Comment faire ?", "reference": ["x"]},
    })])[0].replies[0]  # fmt: skip
    found = {text[s:e] for _, s, e in ft.tone_violations([reply])}
    assert "expliqué partout" in found and any("pas sorcier" in f for f in found), found
