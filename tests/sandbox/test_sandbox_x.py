"""X API v2 through the real tweepy Client, and Account Activity webhook delivery."""

from __future__ import annotations

import re

import httpx
import pytest
import tweepy
from sandbox_helpers import QUESTION, SCENARIO, X_SECRET, persona, structure

from sandbox import point_tweepy

V1_DATE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \+0000 \d{4}$"
)


@pytest.fixture
def x_world(sb):
    me = persona(sb, "x", username="claire_m")
    mairie = structure(sb, "x", username="MairieStAubin")
    sb.knowledge([SCENARIO])
    client = tweepy.Client(
        consumer_key="ck", consumer_secret="cs", access_token=me["token"], access_token_secret="ats"
    )
    point_tweepy(client, sb.base_url)
    return me, mairie, client


def test_get_me_identifies_the_persona_from_its_token(x_world):
    me, _, client = x_world
    response = client.get_me(user_auth=True)
    assert response.data.id == int(me["id"])
    assert response.data.username == "claire_m"


def test_mention_gets_an_agent_reply_found_by_polling(sb, x_world):
    me, mairie, client = x_world
    sent = client.create_tweet(text=f"@MairieStAubin {QUESTION}", user_auth=True)
    sb.wait_idle()
    mentions = client.get_users_mentions(
        me["id"],
        user_auth=True,
        tweet_fields=["author_id", "conversation_id", "created_at", "in_reply_to_user_id"],
        expansions=["author_id"],
    )
    assert mentions.meta["result_count"] == 1
    reply = mentions.data[0]
    assert reply.author_id == int(mairie["id"])
    assert reply.conversation_id == int(sent.data["id"])
    assert reply.text.startswith("@claire_m Bonjour")
    assert "rendez-vous" in reply.text
    assert mentions.includes["users"][0].username == "MairieStAubin"
    thread = client.search_recent_tweets(f"conversation_id:{sent.data['id']}", user_auth=True)
    assert thread.meta["result_count"] == 2
    since = client.get_users_mentions(me["id"], since_id=reply.id, user_auth=True)
    assert since.meta == {"result_count": 0}


def test_mentions_paginate_with_next_token(sb, x_world):
    me, mairie, client = x_world
    sb.update_account(mairie["id"], profile="silent")
    other = sb.account(platform="x", owner="structure", username="Voisin")
    for i in range(7):
        sb.human(other["id"], f"@claire_m message {i}")
    first = client.get_users_mentions(me["id"], max_results=5, user_auth=True)
    assert first.meta["result_count"] == 5 and "next_token" in first.meta
    second = client.get_users_mentions(
        me["id"], max_results=5, pagination_token=first.meta["next_token"], user_auth=True
    )
    assert second.meta["result_count"] == 2 and "next_token" not in second.meta
    ids = [t.id for t in first.data + second.data]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 7


def test_dm_gets_a_private_answer(sb, x_world):
    me, mairie, client = x_world
    sent = client.create_direct_message(participant_id=mairie["id"], text=QUESTION, user_auth=True)
    assert sent.data["dm_conversation_id"]
    sb.wait_idle()
    events = client.get_direct_message_events(
        dm_event_fields=["sender_id", "created_at"], user_auth=True
    )
    assert events.meta["result_count"] == 2
    newest = events.data[0]
    assert newest.sender_id == int(mairie["id"])
    assert "Madame Martin" in newest.text or "Claire" in newest.text


def test_missing_authorization_is_401_with_x_problem_body(sb, x_world):
    response = httpx.post(sb.base_url + "/x/2/tweets", json={"text": "hello"})
    assert response.status_code == 401
    assert response.json() == {
        "title": "Unauthorized",
        "detail": "Unauthorized",
        "type": "about:blank",
        "status": 401,
    }


def test_app_only_bearer_cannot_post(sb, x_world):
    response = httpx.post(
        sb.base_url + "/x/2/tweets",
        json={"text": "hello"},
        headers={"Authorization": "Bearer app-only"},
    )
    assert response.status_code == 403
    assert response.json()["title"] == "Unsupported Authentication"


def test_rate_limit_headers_on_every_call(sb, x_world):
    _, _, client = x_world
    client.return_type = dict
    raw = client.session.get(
        "https://api.twitter.com/2/users/by/username/MairieStAubin",
        headers={"Authorization": "Bearer app-only"},
    )
    assert raw.status_code == 200
    assert int(raw.headers["x-rate-limit-limit"]) == 900
    assert int(raw.headers["x-rate-limit-remaining"]) == 899
    assert int(raw.headers["x-rate-limit-reset"]) > 0


def test_unknown_username_answers_200_with_errors(sb, x_world):
    _, _, client = x_world
    response = client.get_user(username="nobody", user_auth=True)
    assert response.data is None
    assert response.errors[0]["title"] == "Not Found Error"


def test_reply_to_missing_tweet_is_forbidden(x_world):
    _, _, client = x_world
    with pytest.raises(tweepy.Forbidden, match="deleted or not visible"):
        client.create_tweet(text="hello", in_reply_to_tweet_id=12345, user_auth=True)


def test_webhook_crc_then_signed_mention_and_dm_events(sb, x_world, receiver):
    me, mairie, client = x_world
    registered = sb.webhook("x", receiver.url + "/x", consumer_secret=X_SECRET)
    assert registered["valid"] is True
    crc = [r for r in receiver.requests if r["method"] == "GET"]
    assert crc and "crc_token" in crc[0]["query"]
    client.create_tweet(text=f"@MairieStAubin {QUESTION}", user_auth=True)
    client.create_direct_message(participant_id=mairie["id"], text=QUESTION, user_auth=True)
    sb.wait_delivered()
    posts = receiver.wait_posts("/x", 4)
    assert all(p["signature_ok"] for p in posts)
    assert all(p["json"]["for_user_id"] == me["id"] for p in posts)
    tweets = [e for p in posts for e in p["json"].get("tweet_create_events", [])]
    reply = next(t for t in tweets if t["user"]["id_str"] == mairie["id"])
    assert reply["in_reply_to_status_id_str"] == tweets[0]["id_str"]
    assert reply["user"]["screen_name"] == "MairieStAubin"
    assert V1_DATE.match(reply["created_at"])
    assert reply["timestamp_ms"].isdigit()
    dms = [p["json"] for p in posts if "direct_message_events" in p["json"]]
    answer = next(
        d
        for d in dms
        if d["direct_message_events"][0]["message_create"]["sender_id"] == mairie["id"]
    )
    event = answer["direct_message_events"][0]
    assert event["type"] == "message_create"
    assert event["message_create"]["target"]["recipient_id"] == me["id"]
    assert event["created_timestamp"].isdigit()
    assert set(answer["users"]) == {me["id"], mairie["id"]}


def test_webhook_with_wrong_crc_is_not_valid(sb, x_world, receiver):
    registered = sb.webhook("x", receiver.url + "/x", consumer_secret="another-secret")
    assert registered["valid"] is False
    assert "CRC" in registered["error"]
