"""A seed and a frozen clock reproduce the same world: same ids, same texts."""

from __future__ import annotations

from sandbox_helpers import QUESTION, SCENARIO, persona, structure

PROFILES = ("exemplary", "average", "curt", "familiar", "careless", "redirect")


def run_world(sb, seed):
    sb.reset(seed=seed, agent_delay_factor=0)
    sb.clock(now="2026-03-02T09:00:00Z", scale=0)
    sb.knowledge([SCENARIO])
    me = persona(sb, "x", username="claire_m", id="1001")
    for i, profile in enumerate(PROFILES):
        structure(sb, "x", profile=profile, username=f"structure{i}", id=str(2000 + i))
        sb.human(me["id"], f"@structure{i} {QUESTION}")
        sb.wait_idle()  # same sequence of events: ids follow the order of events
    sb.wait_idle()
    tokens = [a["token"] for a in sb.accounts()]
    return [(m["id"], m["sender"], m["text"]) for m in sb.messages(platform="x")] + tokens


def test_same_seed_same_exchanges(sb):
    first = run_world(sb, 42)
    second = run_world(sb, 42)
    assert first == second and len(first) == 2 * len(PROFILES) + len(PROFILES) + 1


def test_other_seed_other_texts(sb):
    first = {item[2] for item in run_world(sb, 1) if isinstance(item, tuple)}
    second = {item[2] for item in run_world(sb, 2) if isinstance(item, tuple)}
    assert first != second
