"""Each fault injection, observed from the outside (SDKs and the webhook receiver)."""

from __future__ import annotations

import asyncio
import json

import facebook
import httpx
import pytest
import telegram
import tweepy
from sandbox_helpers import (
    META_SECRET,
    META_VERIFY,
    QUESTION,
    SCENARIO,
    X_SECRET,
    persona,
    structure,
)
from telegram import error as tg_error

from sandbox import graph_session, point_tweepy


def tweepy_for(sb, account):
    client = tweepy.Client(
        consumer_key="ck",
        consumer_secret="cs",
        access_token=account["token"],
        access_token_secret="ats",
    )
    return point_tweepy(client, sb.base_url)


def graph_for(sb, token):
    graph = facebook.GraphAPI(access_token=token, session=graph_session(sb.base_url))
    graph.version = "v25.0"
    return graph


@pytest.fixture
def meta_hook(sb, receiver):
    sb.webhook("meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token=META_VERIFY)
    return receiver


def test_duplicate_deliveries(sb, meta_hook):
    citizen = persona(sb, "messenger")
    page = structure(sb, "facebook", profile="silent", opted_in=True)
    sb.fault("duplicate", platform="meta", copies=3, count=1)
    sb.human(citizen["id"], QUESTION, to=page["id"])
    sb.human(citizen["id"], "Une autre question ?", to=page["id"])
    sb.wait_delivered()
    posts = meta_hook.wait_posts("/meta", 4)
    mids = [p["json"]["entry"][0]["messaging"][0]["message"]["mid"] for p in posts]
    assert len(set(mids[:3])) == 1 and mids[3] != mids[0]
    assert len({p["raw"] for p in posts[:3]}) == 1  # byte-identical copies


def test_redelivery_after_error_answers(sb, meta_hook):
    citizen = persona(sb, "messenger")
    page = structure(sb, "facebook", profile="silent", opted_in=True)
    sb.fault("retry", platform="meta", schedule=[0.05, 0.1, 0.2])
    meta_hook.statuses = [500, 503]
    sb.human(citizen["id"], QUESTION, to=page["id"])
    sb.wait_delivered()
    [delivery] = sb.deliveries(platform="meta")
    assert delivery["status"] == "delivered"
    assert [a.get("status_code") for a in delivery["attempts"]] == [500, 503, 200]
    bodies = {p["raw"] for p in meta_hook.posts("/meta", answered=None)}
    assert len(bodies) == 1


def test_redelivery_is_bounded(sb, meta_hook):
    citizen = persona(sb, "messenger")
    page = structure(sb, "facebook", profile="silent", opted_in=True)
    sb.fault("retry", platform="meta", schedule=[0.01, 0.01])
    meta_hook.statuses = [500] * 10
    sb.human(citizen["id"], QUESTION, to=page["id"])
    sb.wait_delivered()
    [delivery] = sb.deliveries(platform="meta")
    assert delivery["status"] == "failed" and len(delivery["attempts"]) == 3


def test_reordering_within_a_window(sb, receiver):
    sb.webhook("x", receiver.url + "/x", consumer_secret=X_SECRET)
    me = persona(sb, "x", username="claire_m")
    other = structure(sb, "x", username="voisin", profile="silent")
    sb.clock(scale=0)  # frozen: the whole burst falls in one window
    sb.fault("reorder", platform="x", window=5)
    sent = [sb.human(other["id"], f"@claire_m message {i}")["result"]["id"] for i in range(5)]
    assert receiver.posts("/x") == []
    sb.clock(advance=5)
    sb.wait_delivered()
    posts = receiver.wait_posts("/x", 5)
    received = [p["json"]["tweet_create_events"][0]["id_str"] for p in posts]
    assert sorted(received) == sorted(sent) and received != sent
    assert all(p["json"]["for_user_id"] == me["id"] for p in posts)


def test_meta_batches_entries(sb, meta_hook):
    page = structure(sb, "facebook", profile="silent", opted_in=True)
    citizens = [sb.account(platform="messenger", owner="persona", name=f"C{i}") for i in range(3)]
    sb.clock(scale=0)
    sb.fault("batch", platform="meta", size=10, window=1)
    for citizen in citizens:
        sb.human(citizen["id"], QUESTION, to=page["id"])
    sb.clock(advance=1)
    sb.wait_delivered()
    [post] = meta_hook.wait_posts("/meta", 1)
    senders = [e["messaging"][0]["sender"]["id"] for e in post["json"]["entry"]]
    assert senders == [c["id"] for c in citizens] and post["signature_ok"]


def test_x_rate_limit_for_n_calls_with_reset(sb):
    me = persona(sb, "x", username="claire_m")
    client = tweepy_for(sb, me)
    sb.fault("rate_limit", platform="x", endpoint="create_tweet", count=2, reset_in=900)
    for _ in range(2):
        with pytest.raises(tweepy.TooManyRequests) as info:
            client.create_tweet(text="Bonjour", user_auth=True)
        assert info.value.reset_time > 0
        assert info.value.response.headers["x-rate-limit-remaining"] == "0"
    assert client.create_tweet(text="Bonjour", user_auth=True).data["id"]


def test_graph_rate_limit_codes_and_usage_headers(sb):
    page = persona(sb, "facebook")
    mairie = structure(sb, "facebook", profile="silent")
    post = sb.post(mairie["id"], "Annonce")
    sb.fault("rate_limit", platform="meta", endpoint="comments", code=32, count=1)
    session = graph_session(sb.base_url)
    response = session.post(
        f"https://graph.facebook.com/v25.0/{post['id']}/comments",
        data={"message": "Bonjour", "access_token": page["token"]},
    )
    assert response.json()["error"]["code"] == 32
    usage = json.loads(response.headers["x-business-use-case-usage"])[page["id"]][0]
    assert usage["call_count"] == 100 and usage["estimated_time_to_regain_access"] > 0
    assert graph_for(sb, page["token"]).put_object(post["id"], "comments", message="Bonjour")["id"]


@pytest.mark.filterwarnings("ignore:.*retry_after.*")
def test_telegram_429_with_retry_after(sb):
    bot_account = persona(sb, "telegram", kind="bot", username="claire_bot")
    sb.fault("rate_limit", platform="telegram", endpoint="sendMessage", retry_after=7, count=1)

    async def scenario():
        async with telegram.Bot(
            bot_account["token"], base_url=sb.base_url + "/telegram/bot"
        ) as bot:
            with pytest.raises(tg_error.RetryAfter) as info:
                await bot.send_message(chat_id=1, text="x")
            return info.value.retry_after

    retry_after = asyncio.run(scenario())
    assert getattr(retry_after, "total_seconds", lambda: retry_after)() == 7


def test_timeout_delays_the_response(sb):
    me = persona(sb, "x", username="claire_m")
    sb.fault("timeout", platform="x", endpoint="mentions", delay=0.6, count=1)
    url = f"{sb.base_url}/x/2/users/{me['id']}/mentions"
    headers = {"Authorization": "Bearer app"}
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(url, headers=headers, timeout=0.2)
    assert httpx.get(url, headers=headers, timeout=2).status_code == 200


def test_server_error(sb):
    me = persona(sb, "x", username="claire_m")
    sb.fault("server_error", platform="x", endpoint="create_tweet", status=503, count=1)
    with pytest.raises(tweepy.TwitterServerError):
        tweepy_for(sb, me).create_tweet(text="Bonjour", user_auth=True)


def test_closed_dms_and_unknown_account_on_x(sb):
    me = persona(sb, "x", username="claire_m")
    mairie = structure(sb, "x", username="MairieStAubin")
    client = tweepy_for(sb, me)
    sb.fault("dm_closed", account=mairie["id"])
    with pytest.raises(tweepy.Forbidden, match="cannot send messages"):
        client.create_direct_message(participant_id=mairie["id"], text=QUESTION, user_auth=True)
    sb.clear_faults()
    assert client.create_direct_message(
        participant_id=mairie["id"], text=QUESTION, user_auth=True
    ).data
    sb.fault("unknown_account", account=mairie["id"])
    with pytest.raises(tweepy.BadRequest):
        client.create_direct_message(participant_id=mairie["id"], text=QUESTION, user_auth=True)
    assert client.get_user(username="MairieStAubin", user_auth=True).data is None


def test_comments_disabled_on_facebook(sb):
    page = persona(sb, "facebook")
    mairie = structure(sb, "facebook")
    post = sb.post(mairie["id"], "Annonce")
    sb.fault("comments_disabled", post=post["id"])
    with pytest.raises(facebook.GraphAPIError) as info:
        graph_for(sb, page["token"]).put_object(post["id"], "comments", message=QUESTION)
    assert info.value.code == 100 and "disabled" in str(info.value)


def test_messenger_user_unavailable(sb):
    page = persona(sb, "facebook")
    user = structure(sb, "messenger", profile="silent")
    sb.human(user["id"], "Bonjour", to=page["id"])
    sb.fault("blocked", account=user["id"])
    with pytest.raises(facebook.GraphAPIError) as info:
        graph_for(sb, page["token"]).put_object(
            "me",
            "messages",
            recipient=json.dumps({"id": user["id"]}),
            message=json.dumps({"text": "x"}),
            messaging_type="RESPONSE",
        )
    assert info.value.code == 551


def test_telegram_blocked_user(sb):
    bot_account = persona(sb, "telegram", kind="bot")
    user = structure(sb, "telegram", kind="user", options={"started": True})
    sb.knowledge([SCENARIO])
    sb.fault("blocked", account=user["id"])

    async def scenario():
        async with telegram.Bot(
            bot_account["token"], base_url=sb.base_url + "/telegram/bot"
        ) as bot:
            with pytest.raises(tg_error.Forbidden, match="(?i)blocked"):
                await bot.send_message(chat_id=int(user["id"]), text=QUESTION)

    asyncio.run(scenario())
