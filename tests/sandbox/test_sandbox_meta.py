"""Graph API through the real facebook-sdk, Messenger and WhatsApp webhooks."""

from __future__ import annotations

import json

import facebook
import pytest
from sandbox_helpers import META_SECRET, META_VERIFY, QUESTION, SCENARIO, persona, structure

from sandbox import graph_session


def graph_for(sb, token):
    graph = facebook.GraphAPI(access_token=token, session=graph_session(sb.base_url))
    graph.version = "v25.0"
    return graph


@pytest.fixture
def fb_world(sb):
    page = persona(sb, "facebook", name="Claire Martin")
    mairie = structure(sb, "facebook")
    post = sb.post(mairie["id"], "Horaires d'été de la mairie")
    sb.knowledge([SCENARIO])
    return page, mairie, post, graph_for(sb, page["token"])


def test_comment_gets_an_agent_reply_in_the_thread(sb, fb_world):
    page, mairie, post, graph = fb_world
    created = graph.put_object(post["id"], "comments", message=QUESTION)
    assert created["id"].startswith(post["id"].split("_")[1] + "_")
    sb.wait_idle()
    replies = graph.get_connections(created["id"], "comments", filter="stream")
    assert len(replies["data"]) == 1
    reply = replies["data"][0]
    assert reply["from"] == {"name": "Mairie de Saint-Aubin", "id": mairie["id"]}
    assert "rendez-vous" in reply["message"]
    assert reply["created_time"].endswith("+0000")
    stream = graph.get_connections(post["id"], "comments", filter="stream")
    assert [c["id"] for c in stream["data"]] == [created["id"], reply["id"]]
    toplevel = graph.get_connections(post["id"], "comments")
    assert [c["id"] for c in toplevel["data"]] == [created["id"]]


def test_get_post_object(fb_world):
    _, _, post, graph = fb_world
    got = graph.get_object(post["id"])
    assert got["id"] == post["id"] and got["message"] == "Horaires d'été de la mairie"


def test_unknown_object_is_graph_error_100_subcode_33(fb_world):
    *_, graph = fb_world
    with pytest.raises(facebook.GraphAPIError) as info:
        graph.put_object("999_999", "comments", message="x")
    assert info.value.code == 100
    assert "does not exist" in str(info.value)


def test_missing_token_is_code_104(sb, fb_world):
    import httpx

    response = httpx.get(sb.base_url + "/graph/v25.0/me")
    error = response.json()["error"]
    assert response.status_code == 400
    assert error["code"] == 104 and error["type"] == "OAuthException" and error["fbtrace_id"]


def test_usage_headers_on_graph_responses(sb, fb_world):
    page, _, post, _ = fb_world
    session = graph_session(sb.base_url)
    response = session.get(
        f"https://graph.facebook.com/v25.0/{post['id']}", params={"access_token": page["token"]}
    )
    assert response.headers["content-type"].startswith("application/json")
    usage = json.loads(response.headers["x-app-usage"])
    assert set(usage) == {"call_count", "total_cputime", "total_time"}
    assert page["id"] in json.loads(response.headers["x-business-use-case-usage"])


def test_meta_verification_handshake_on_subscription(sb, receiver):
    ok = sb.webhook(
        "meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token=META_VERIFY
    )
    assert ok["verified"] is True
    handshake = [r for r in receiver.requests if r["method"] == "GET"][0]["query"]
    assert handshake["hub.mode"] == "subscribe" and handshake["hub.verify_token"] == META_VERIFY
    bad = sb.webhook("meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token="wrong")
    assert bad["verified"] is False and "403" in bad["error"]


def test_feed_comment_webhook_for_an_opted_in_page(sb, receiver):
    sb.webhook("meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token=META_VERIFY)
    page = persona(sb, "facebook", name="Claire Martin")
    mairie = structure(sb, "facebook", opted_in=True)
    post = sb.post(mairie["id"], "Actualités")
    sb.knowledge([SCENARIO])
    graph = graph_for(sb, page["token"])
    created = graph.put_object(post["id"], "comments", message=QUESTION)
    sb.wait_delivered()
    posts = receiver.wait_posts("/meta", 2)
    assert all(p["signature_ok"] for p in posts)
    changes = [c["value"] for p in posts for e in p["json"]["entry"] for c in e["changes"]]
    assert changes[0]["verb"] == "add" and changes[0]["item"] == "comment"
    assert changes[0]["comment_id"] == created["id"] and changes[0]["post_id"] == post["id"]
    assert changes[0]["from"]["id"] == page["id"] and isinstance(changes[0]["created_time"], int)
    assert changes[1]["parent_id"] == created["id"] and changes[1]["from"]["id"] == mairie["id"]
    # Meta escapes non-ASCII as \uXXXX: the raw bytes are pure ASCII.
    assert b"\\u00e9" in posts[0]["raw"] and posts[0]["raw"].isascii()


def test_messenger_assisted_message_and_page_echo(sb, receiver):
    sb.webhook("meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token=META_VERIFY)
    citizen = persona(sb, "messenger")
    mairie = structure(sb, "facebook", opted_in=True)
    sb.knowledge([SCENARIO])
    sb.human(citizen["id"], QUESTION, to=mairie["id"])
    sb.wait_delivered()
    posts = receiver.wait_posts("/meta", 2)
    events = [m for p in posts for e in p["json"]["entry"] for m in e["messaging"]]
    assert (
        events[0]["sender"]["id"] == citizen["id"] and events[0]["recipient"]["id"] == mairie["id"]
    )
    assert events[0]["message"]["mid"].startswith("m_") and events[0]["message"]["text"] == QUESTION
    echo = events[1]
    assert echo["message"]["is_echo"] is True and echo["sender"]["id"] == mairie["id"]
    assert "Claire" in echo["message"]["text"] or "Martin" in echo["message"]["text"]
    assert all(p["signature_ok"] and p["json"]["object"] == "page" for p in posts)


def test_messenger_send_api_window_and_response(sb):
    page = persona(sb, "facebook", name="Page Claire")
    agent_user = structure(sb, "messenger", profile="silent")
    graph = graph_for(sb, page["token"])
    recipient = json.dumps({"id": agent_user["id"]})
    message = json.dumps({"text": "Bonjour"})
    with pytest.raises(facebook.GraphAPIError) as info:
        graph.put_object(
            "me", "messages", recipient=recipient, message=message, messaging_type="RESPONSE"
        )
    assert info.value.code == 10 and "outside of allowed window" in str(info.value)
    sb.human(agent_user["id"], "Bonjour, une question", to=page["id"])
    sent = graph.put_object(
        "me", "messages", recipient=recipient, message=message, messaging_type="RESPONSE"
    )
    assert sent["recipient_id"] == agent_user["id"] and sent["message_id"].startswith("m_")
    with pytest.raises(facebook.GraphAPIError) as unknown:
        graph.put_object("me", "messages", recipient=json.dumps({"id": "42"}), message=message)
    assert unknown.value.code == 100


def test_whatsapp_assisted_message_and_business_echo(sb, receiver):
    sb.webhook("meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token=META_VERIFY)
    citizen = persona(sb, "whatsapp", kind="user", id="33612345678")
    mairie = structure(sb, "whatsapp", kind="business", opted_in=True)
    sb.knowledge([SCENARIO])
    sb.human(citizen["id"], QUESTION, to=mairie["id"])
    sb.wait_delivered()
    posts = receiver.wait_posts("/meta", 4)
    values = {
        c["field"]
        + ":"
        + next(k for k in ("messages", "statuses", "message_echoes") if k in c["value"]): c["value"]
        for p in posts
        for e in p["json"]["entry"]
        for c in e["changes"]
    }
    inbound = values["messages:messages"]
    assert inbound["metadata"]["phone_number_id"] == mairie["id"]
    assert inbound["messages"][0]["from"] == citizen["id"] and inbound["messages"][0][
        "id"
    ].startswith("wamid.")
    assert (
        inbound["messages"][0]["timestamp"].isdigit()
        and inbound["contacts"][0]["wa_id"] == citizen["id"]
    )
    echo = values["smb_message_echoes:message_echoes"]["message_echoes"][0]
    assert echo["to"] == citizen["id"] and "rendez-vous" in echo["text"]["body"]
    assert all(
        p["json"]["object"] == "whatsapp_business_account" and p["signature_ok"] for p in posts
    )


def test_whatsapp_cloud_api_send_statuses_and_agent_answer(sb, receiver):
    sb.webhook("meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token=META_VERIFY)
    number = persona(sb, "whatsapp", kind="business")
    agent = structure(sb, "whatsapp", kind="user", id="33700000001")
    sb.knowledge([SCENARIO])
    graph = graph_for(sb, number["token"])
    template = {
        "name": "question",
        "language": {"code": "fr"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": QUESTION}]}],
    }
    sent = graph.request(
        f"v25.0/{number['id']}/messages",
        post_args={
            "messaging_product": "whatsapp",
            "to": "+33700000001",
            "type": "template",
            "template": json.dumps(template),
        },
    )
    assert sent["messaging_product"] == "whatsapp" and sent["contacts"][0]["wa_id"] == agent["id"]
    sb.wait_delivered()
    posts = receiver.wait_posts("/meta", 3)
    values = [c["value"] for p in posts for e in p["json"]["entry"] for c in e["changes"]]
    statuses = [s["status"] for v in values for s in v.get("statuses", [])]
    assert statuses == ["sent", "delivered"]
    answer = next(v for v in values if "messages" in v)["messages"][0]
    assert answer["from"] == agent["id"] and answer["context"]["id"] == sent["messages"][0]["id"]
    text = graph.request(
        f"v25.0/{number['id']}/messages",
        post_args={
            "messaging_product": "whatsapp",
            "to": agent["id"],
            "type": "text",
            "text": json.dumps({"body": "Merci !"}),
        },
    )
    assert text["messages"][0]["id"].startswith("wamid.")


def test_whatsapp_unknown_recipient_fails_by_status_webhook(sb, receiver):
    sb.webhook("meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token=META_VERIFY)
    number = persona(sb, "whatsapp", kind="business")
    graph = graph_for(sb, number["token"])
    graph.request(
        f"v25.0/{number['id']}/messages",
        post_args={
            "messaging_product": "whatsapp",
            "to": "33699999999",
            "type": "text",
            "text": json.dumps({"body": "x"}),
        },
    )
    sb.wait_delivered()
    [post] = receiver.wait_posts("/meta", 1)
    status = post["json"]["entry"][0]["changes"][0]["value"]["statuses"][0]
    assert status["status"] == "failed" and status["errors"][0]["code"] == 131026


def test_instagram_dm_and_echo(sb, receiver):
    sb.webhook("meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token=META_VERIFY)
    citizen = persona(sb, "instagram", kind="user", username="claire.martin")
    mairie = structure(sb, "instagram", kind="business", username="mairie_st_aubin", opted_in=True)
    sb.knowledge([SCENARIO])
    sb.human(citizen["id"], QUESTION, to=mairie["id"])
    sb.wait_delivered()
    posts = receiver.wait_posts("/meta", 2)
    assert all(p["json"]["object"] == "instagram" and p["signature_ok"] for p in posts)
    events = [m for p in posts for e in p["json"]["entry"] for m in e["messaging"]]
    assert events[0]["sender"]["id"] == citizen["id"] and events[1]["message"]["is_echo"] is True


def test_delivery_into_an_in_process_asgi_app(receiver):
    import httpx
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from sandbox import Client, SandboxServer

    seen = []

    async def hook(request):
        if request.method == "GET":
            return PlainTextResponse(request.query_params["hub.challenge"])
        seen.append(await request.body())
        return PlainTextResponse("ok")

    ours = Starlette(routes=[Route("/webhooks/meta", hook, methods=["GET", "POST"])])
    transport = httpx.ASGITransport(app=ours)
    with SandboxServer(agent_delay_factor=0, delivery_transport=transport) as server:
        sb = Client(server.base_url)
        assert sb.webhook(
            "meta", "http://app.local/webhooks/meta", app_secret="s", verify_token="t"
        )["verified"]
        citizen = persona(sb, "messenger")
        page = structure(sb, "facebook", profile="silent", opted_in=True)
        sb.human(citizen["id"], QUESTION, to=page["id"])
        sb.wait_delivered()
        sb.close()
    assert len(seen) == 1 and b'"object":"page"' in seen[0]


def test_feed_edited_and_remove_verbs(sb, receiver):
    sb.webhook("meta", receiver.url + "/meta", app_secret=META_SECRET, verify_token=META_VERIFY)
    page = persona(sb, "facebook", name="Claire Martin")
    mairie = structure(sb, "facebook", profile="silent", opted_in=True)
    post = sb.post(mairie["id"], "Actualités")
    graph = graph_for(sb, page["token"])
    created = graph.put_object(post["id"], "comments", message="Bonjour")
    assert graph.request(f"v25.0/{created['id']}", post_args={"message": "Bonjour à tous"})[
        "success"
    ]
    sb.human(mairie["id"], "", remove=created["id"])
    sb.wait_delivered()
    posts = receiver.wait_posts("/meta", 3)
    values = [p["json"]["entry"][0]["changes"][0]["value"] for p in posts]
    assert [v["verb"] for v in values] == ["add", "edited", "remove"]
    assert values[1]["message"] == "Bonjour à tous" and "message" not in values[2]
    assert {v["comment_id"] for v in values} == {created["id"]}


def test_messenger_send_with_a_json_body(sb):
    import httpx

    page = persona(sb, "facebook", name="Page Claire")
    user = structure(sb, "messenger", profile="silent")
    sb.human(user["id"], "Bonjour", to=page["id"])
    response = httpx.post(
        f"{sb.base_url}/graph/v25.0/{page['id']}/messages",
        json={
            "recipient": {"id": user["id"]},
            "message": {"text": "Bonjour !"},
            "messaging_type": "RESPONSE",
        },
        headers={"Authorization": f"Bearer {page['token']}"},
    )
    assert response.status_code == 200 and response.json()["recipient_id"] == user["id"]
