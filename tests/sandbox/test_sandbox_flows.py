"""Multi-step exchanges across channels, X webhook management, natural rate limits."""

from __future__ import annotations

import json

import facebook
import httpx
import pytest
import tweepy
from sandbox_helpers import META_SECRET, QUESTION, SCENARIO, X_SECRET, persona, structure

from sandbox import Client, SandboxServer, free_port, graph_session, point_tweepy


def tweepy_for(sb, account):
    client = tweepy.Client(
        consumer_key="ck",
        consumer_secret="cs",
        access_token=account["token"],
        access_token_secret="ats",
    )
    return point_tweepy(client, sb.base_url)


def states_an_element(text):
    return any(w in text for w in ("rendez-vous", "photo", "gratuit"))


def test_x_private_profile_asks_mp_then_answers_the_dm(sb):
    me = persona(sb, "x", username="claire_m")
    mairie = structure(sb, "x", username="MairieStAubin", profile="private")
    sb.knowledge([SCENARIO])
    client = tweepy_for(sb, me)
    client.create_tweet(text=f"@MairieStAubin {QUESTION}", user_auth=True)
    sb.wait_idle()
    [ask] = sb.messages(via="agent")
    assert ask["kind"] == "reply" and ("MP" in ask["text"] or "message privé" in ask["text"])
    client.create_direct_message(
        participant_id=mairie["id"], text="Voici ma demande : " + QUESTION, user_auth=True
    )
    sb.wait_idle()
    answer = sb.messages(via="agent")[-1]
    assert (
        answer["kind"] == "dm"
        and answer["recipient"] == me["id"]
        and states_an_element(answer["text"])
    )


def test_facebook_comment_then_messenger_continuation(sb):
    page = persona(sb, "facebook", name="Claire Martin")
    citizen = persona(sb, "messenger")
    mairie = structure(sb, "facebook", profile="private")
    post = sb.post(mairie["id"], "Actualités")
    sb.knowledge([SCENARIO])
    graph = facebook.GraphAPI(access_token=page["token"], session=graph_session(sb.base_url))
    graph.version = "v25.0"
    comment = graph.put_object(post["id"], "comments", message=QUESTION)
    sb.wait_idle()
    [ask] = graph.get_connections(comment["id"], "comments", filter="stream")["data"]
    assert "MP" in ask["message"] or "message privé" in ask["message"]
    sb.human(citizen["id"], "Je vous écris en privé pour ma carte d'identité", to=mairie["id"])
    sb.wait_idle()
    answer = sb.messages(platform="messenger", via="agent")[-1]
    assert answer["recipient"] == citizen["id"] and states_an_element(answer["text"])


def test_x_follow_up_in_the_thread_gets_an_answer(sb):
    me = persona(sb, "x", username="claire_m")
    structure(sb, "x", username="MairieStAubin", profile="average", options={"ask_details": True})
    sb.knowledge([SCENARIO])
    client = tweepy_for(sb, me)
    client.create_tweet(text=f"@MairieStAubin {QUESTION}", user_auth=True)
    sb.wait_idle()
    [ask] = sb.messages(via="agent")
    client.create_tweet(
        text="@MairieStAubin J'habite à Saint-Aubin, carte expirée.",
        in_reply_to_tweet_id=ask["id"],
        user_auth=True,
    )
    sb.wait_idle()
    answer = sb.messages(via="agent")[-1]
    assert answer["reply_to"] != ask["id"] and answer["thread"] == ask["thread"]
    assert states_an_element(answer["text"])


def test_x_webhook_registration_and_subscription_api(receiver):
    with SandboxServer(x_consumer_secret=X_SECRET, agent_delay_factor=0) as server:
        sb = Client(server.base_url)
        me = persona(sb, "x", username="claire_m")
        app_auth = {"Authorization": "Bearer app-token"}
        created = httpx.post(
            server.base_url + "/x/2/webhooks", json={"url": receiver.url + "/x"}, headers=app_auth
        ).json()["data"]
        assert created["valid"] is True
        listed = httpx.get(server.base_url + "/x/2/webhooks", headers=app_auth).json()
        assert listed["meta"]["result_count"] == 1 and listed["data"][0]["id"] == created["id"]
        sb.human(sb.account(platform="x", username="voisin")["id"], "@claire_m avant abonnement")
        sb.wait_delivered()
        assert receiver.posts("/x") == []
        client = tweepy_for(sb, me)
        sub_url = (
            f"https://api.twitter.com/2/account_activity/webhooks/{created['id']}/subscriptions/all"
        )
        client.session.post(
            sub_url, auth=tweepy.OAuth1UserHandler("ck", "cs", me["token"], "ats").apply_auth()
        )
        sb.human(sb.accounts()[-1]["id"], "@claire_m après abonnement")
        sb.wait_delivered()
        [post] = receiver.wait_posts("/x", 1)
        assert post["json"]["tweet_create_events"][0]["text"] == "@claire_m après abonnement"
        refused = httpx.post(
            server.base_url + "/x/2/webhooks",
            json={"url": f"http://127.0.0.1:{free_port()}/x"},
            headers=app_auth,
        )
        assert refused.status_code == 400
        sb.close()


def test_x_natural_rate_limit_after_100_posts(sb):
    me = persona(sb, "x", username="claire_m")
    headers = {
        "Authorization": f'OAuth oauth_consumer_key="ck", oauth_token="{me["token"]}", oauth_signature="s"'
    }
    with httpx.Client(base_url=sb.base_url) as http:
        codes = [
            http.post("/x/2/tweets", json={"text": f"n°{i}"}, headers=headers) for i in range(101)
        ]
    assert all(r.status_code == 201 for r in codes[:100])
    assert codes[99].headers["x-rate-limit-remaining"] == "0"
    assert codes[100].status_code == 429 and codes[100].json()["title"] == "Too Many Requests"


def test_duplicate_tweet_is_refused(sb):
    me = persona(sb, "x", username="claire_m")
    client = tweepy_for(sb, me)
    client.create_tweet(text="Bonjour", user_auth=True)
    with pytest.raises(tweepy.Forbidden, match="duplicate"):
        client.create_tweet(text="Bonjour", user_auth=True)


def test_meta_delivery_waits_for_a_verified_endpoint(sb, receiver):
    sb.webhook(
        "meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token="not-yet", verify=True
    )
    citizen = persona(sb, "messenger")
    page = structure(sb, "facebook", profile="silent", opted_in=True)
    sb.fault("retry", platform="meta", schedule=[0.05, 0.05, 0.05])
    receiver.meta_verify = "wrong-for-now"
    sb.human(citizen["id"], QUESTION, to=page["id"])
    sb.wait_delivered()
    [delivery] = sb.deliveries(platform="meta")
    assert (
        delivery["status"] == "failed" and "verification failed" in delivery["attempts"][0]["error"]
    )
    assert receiver.posts("/meta") == []
    receiver.meta_verify = "not-yet"
    sb.human(citizen["id"], "Encore une question ?", to=page["id"])
    sb.wait_delivered()
    assert len(receiver.wait_posts("/meta", 1)) == 1
    assert json.loads(receiver.posts("/meta")[0]["raw"])["object"] == "page"


def test_control_api_rejects_bad_input(sb):
    with pytest.raises(Exception, match="unknown profile"):
        sb.profile(persona(sb, "x")["id"], "rude")
    with pytest.raises(Exception, match="unknown fault kind"):
        sb.fault("meteor")
    response = httpx.post(sb.base_url + "/_sandbox/accounts", json={"platform": "myspace"})
    assert response.status_code == 400 and "unknown platform" in response.json()["error"]
