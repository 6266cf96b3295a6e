"""Virtual clock: platform timestamps and agent delays run on virtual time."""

from __future__ import annotations

import asyncio
import time

import telegram
import tweepy
from sandbox_helpers import QUESTION, SCENARIO, persona, structure

from sandbox import point_tweepy
from sandbox.clock import VirtualClock, parse_iso, x_v1_time


def test_clock_unit_scale_freeze_and_advance():
    clock = VirtualClock(parse_iso("2026-03-02T09:00:00Z"), scale=0)
    assert clock.now() == parse_iso("2026-03-02T09:00:00Z")
    clock.advance(3600)
    assert clock.now() == parse_iso("2026-03-02T10:00:00Z")
    clock.set(scale=3600)
    time.sleep(0.05)
    assert (clock.now() - parse_iso("2026-03-02T10:00:00Z")).total_seconds() > 100
    assert x_v1_time(parse_iso("2018-10-10T20:19:24Z")) == "Wed Oct 10 20:19:24 +0000 2018"


def test_platform_timestamps_come_from_virtual_time(sb):
    sb.clock(now="2026-03-02T09:00:00Z", scale=0)
    me = persona(sb, "x", username="claire_m")
    client = point_tweepy(
        tweepy.Client(
            consumer_key="a", consumer_secret="b", access_token=me["token"], access_token_secret="c"
        ),
        sb.base_url,
    )
    sent = client.create_tweet(text="Bonjour", user_auth=True)
    got = client.get_tweet(sent.data["id"], tweet_fields=["created_at"], user_auth=True)
    assert got.data.created_at.isoformat() == "2026-03-02T09:00:00+00:00"
    bot = persona(sb, "telegram", kind="bot")
    user = structure(sb, "telegram", kind="user", profile="silent", options={"started": True})

    async def send():
        async with telegram.Bot(bot["token"], base_url=sb.base_url + "/telegram/bot") as tg:
            return await tg.send_message(chat_id=int(user["id"]), text="Bonjour")

    message = asyncio.run(send())
    assert message.date.isoformat() == "2026-03-02T09:00:00+00:00"


def test_slow_agent_answers_only_when_virtual_days_have_passed(sb):
    sb.reset(seed=3, agent_delay_factor=1.0)
    sb.clock(now="2026-03-02T09:00:00Z", scale=0)
    me = persona(sb, "x", username="claire_m")
    structure(sb, "x", username="MairieLente", profile="slow", options={"ask_details": False})
    sb.knowledge([SCENARIO])
    sb.human(me["id"], f"@MairieLente {QUESTION}")
    sb.wait_idle()
    assert len(sb.messages(via="agent")) == 0
    [timer] = sb.timers(status="pending")
    assert timer["due"] > "2026-03-03T09:00:00"
    sb.clock(advance=6 * 86400)
    sb.wait_for(lambda found: len(found) == 1, via="agent")
    [reply] = sb.messages(via="agent")
    assert reply["at"] == timer["due"] or reply["at"] >= timer["due"][:19]


def test_clock_scale_makes_a_half_hour_answer_take_a_fraction_of_a_second(sb):
    sb.reset(seed=3, agent_delay_factor=1.0)
    sb.clock(now="2026-03-02T09:00:00Z", scale=7200)  # two virtual hours per second
    me = persona(sb, "x", username="claire_m")
    structure(
        sb, "x", username="MairieRapide", profile="exemplary", options={"delay": 1800, "jitter": 0}
    )
    sb.knowledge([SCENARIO])
    start = time.monotonic()
    sb.human(me["id"], f"@MairieRapide {QUESTION}")
    [reply] = sb.wait_for(lambda found: len(found) == 1, timeout=5, via="agent")
    elapsed = time.monotonic() - start
    assert 0.2 < elapsed < 3
    question_at = sb.messages(via="human")[0]["at"]
    assert question_at[:15] == reply["at"][:15] or reply["at"] > question_at
