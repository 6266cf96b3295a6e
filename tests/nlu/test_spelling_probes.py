"""The spelling rules on the invented probe sentences (nlu/corpus/probes/spelling.jsonl):
floors under the figures measured when they were written, so that a change that loses slips
or raises false alarms fails."""

from __future__ import annotations

from nlu.corpus import spelling_probes


def test_probe_file_is_well_formed():
    probes = spelling_probes.load()
    assert {p["set"] for p in probes} == {
        "probe-1", "probe-1-check", "probe-2", "probe-3", "probe-4", "probe-5", "probe-6",
        "probe-7", "probe-8", "probe-9", "probe-10",
    }  # fmt: skip
    for probe in probes:
        if probe["slip"] is not None:
            assert probe["text"].count(probe["slip"]) >= 1, probe


def test_spelling_rules_catch_slips_without_false_alarms(grader):
    result = spelling_probes.measure(grader.engine, spelling_probes.load())
    recall = {name: c["caught"] / c["slips"] for name, c in result.items()}
    # probe-1 to probe-9 guided the rules; probe-10 was measured before and after the round
    # that probe-9 guided (177 -> 182 of 230, 79 %), misses unread.
    guided = (
        "probe-1", "probe-2", "probe-3", "probe-4", "probe-5", "probe-6", "probe-7", "probe-8",
        "probe-9",
    )  # fmt: skip
    assert min(recall[name] for name in guided) >= 0.8, recall
    assert recall["probe-10"] >= 0.75, recall
    flagged = sum(c["flagged"] for c in result.values())
    correct = sum(c["correct"] for c in result.values())
    assert flagged / correct <= 0.03, [c["alarms"] for c in result.values()]


def test_a_slip_is_found_as_a_whole_word():
    """A slip is located by its words, not inside another word: the "a" of "fermée a la
    circulation" is not the "a" of "bal" (which hid caught slips before 28 November)."""
    text = "Pour le bal, la rue sera fermée a la circulation."
    assert spelling_probes._places("a", text) == [(text.index(" a ") + 1, text.index(" a ") + 2)]
    assert spelling_probes._places("foyer à", "Chaque foyer à droit.") == [(7, 14)]
