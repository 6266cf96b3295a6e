"""The spelling rules on the invented probe sentences (nlu/corpus/probes/spelling.jsonl):
floors under the figures measured when they were written, so that a change that loses slips
or raises false alarms fails."""

from __future__ import annotations

from nlu.corpus import spelling_probes


def test_probe_file_is_well_formed():
    probes = spelling_probes.load()
    assert {p["set"] for p in probes} == {
        "probe-1", "probe-1-check", "probe-2", "probe-3", "probe-4", "probe-5", "probe-6",
        "probe-7", "probe-8", "probe-9",
    }  # fmt: skip
    for probe in probes:
        if probe["slip"] is not None:
            assert probe["text"].count(probe["slip"]) >= 1, probe


def test_spelling_rules_catch_slips_without_false_alarms(grader):
    result = spelling_probes.measure(grader.engine, spelling_probes.load())
    recall = {name: c["caught"] / c["slips"] for name, c in result.items()}
    # probe-1 to probe-8 guided the rules; probe-9 was measured when written (180 of 230)
    # and after the round that probe-8 guided (182), misses unread.
    guided = (
        "probe-1", "probe-2", "probe-3", "probe-4", "probe-5", "probe-6", "probe-7", "probe-8"
    )  # fmt: skip
    assert min(recall[name] for name in guided) >= 0.8, recall
    assert recall["probe-9"] >= 0.75, recall
    flagged = sum(c["flagged"] for c in result.values())
    correct = sum(c["correct"] for c in result.values())
    assert flagged / correct <= 0.03, [c["alarms"] for c in result.values()]
