"""Telegram Bot API through the real python-telegram-bot Bot, polling and webhook."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import telegram
from sandbox_helpers import QUESTION, SCENARIO, TG_SECRET, persona, structure
from telegram import error as tg_error


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def tg_world(sb):
    bot = persona(sb, "telegram", kind="bot", username="claire_bot")
    mairie = structure(sb, "telegram", kind="user", username="mairie_agent")
    group = sb.chat(
        type="supergroup",
        title="Mairie de Saint-Aubin – questions",
        members=[bot["id"], mairie["id"]],
        owner=mairie["id"],
    )
    sb.knowledge([SCENARIO])
    return bot, mairie, group


def make_bot(sb, token):
    return telegram.Bot(token, base_url=sb.base_url + "/telegram/bot")


def test_get_me_and_question_answered_through_get_updates(sb, tg_world):
    bot_account, mairie, group = tg_world

    async def scenario():
        async with make_bot(sb, bot_account["token"]) as bot:
            assert bot.username == "claire_bot"
            sent = await bot.send_message(chat_id=group["id"], text=QUESTION)
            assert sent.chat.id == group["id"] and sent.text == QUESTION
            await asyncio.to_thread(sb.wait_idle)
            updates = await bot.get_updates(timeout=1, allowed_updates=["message"])
            return sent, updates

    sent, updates = run(scenario())
    assert len(updates) == 1
    reply = updates[0].message
    assert reply.from_user.id == int(mairie["id"]) and reply.from_user.is_bot is False
    assert reply.reply_to_message.message_id == sent.message_id
    assert "rendez-vous" in reply.text
    assert reply.date.year >= 2026

    async def confirm():
        async with make_bot(sb, bot_account["token"]) as bot:
            return await bot.get_updates(offset=updates[0].update_id + 1, timeout=0)

    assert run(confirm()) == ()


def test_webhook_delivery_with_secret_and_409_on_get_updates(sb, tg_world, receiver):
    bot_account, mairie, group = tg_world

    async def scenario():
        async with make_bot(sb, bot_account["token"]) as bot:
            assert await bot.set_webhook(
                receiver.url + "/telegram", secret_token=TG_SECRET, allowed_updates=["message"]
            )
            with pytest.raises(tg_error.Conflict):
                await bot.get_updates()
            await bot.send_message(chat_id=group["id"], text=QUESTION)
            await asyncio.to_thread(sb.wait_delivered)
            info = await bot.get_webhook_info()
            assert await bot.delete_webhook()
            return info

    info = run(scenario())
    assert info.url == receiver.url + "/telegram" and info.pending_update_count == 0
    [post] = receiver.wait_posts("/telegram", 1)
    assert post["signature_ok"]
    update = post["json"]
    assert update["message"]["from"]["id"] == int(mairie["id"])
    assert update["message"]["reply_to_message"]["text"] == QUESTION


def test_private_chat_with_a_structure_bot(sb):
    bot_account = persona(sb, "telegram", kind="bot", username="claire_bot")
    mairie_bot = structure(sb, "telegram", kind="bot", username="mairie_bot", profile="curt")
    sb.knowledge([SCENARIO])

    async def scenario():
        async with make_bot(sb, bot_account["token"]) as bot:
            await bot.send_message(chat_id=int(mairie_bot["id"]), text=QUESTION)
            await asyncio.to_thread(sb.wait_idle)
            return await bot.get_updates(timeout=0)

    [update] = run(scenario())
    assert update.message.chat.type == "private" and update.message.chat.id == int(mairie_bot["id"])
    assert update.message.text.startswith("Sur RDV")


def test_errors_in_bot_api_format(sb, tg_world):
    bot_account, mairie, group = tg_world

    async def scenario():
        async with make_bot(sb, bot_account["token"]) as bot:
            with pytest.raises(tg_error.BadRequest, match="(?i)chat not found"):
                await bot.send_message(chat_id=123, text="x")
            with pytest.raises(tg_error.BadRequest, match="(?i)message to be replied not found"):
                await bot.send_message(chat_id=group["id"], text="x", reply_to_message_id=999)

    run(scenario())
    response = httpx.post(sb.base_url + "/telegram/bot123:wrong/getMe")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


def test_json_and_form_bodies_are_both_accepted(sb, tg_world):
    bot_account, _, group = tg_world
    base = f"{sb.base_url}/telegram/bot{bot_account['token']}/sendMessage"
    as_json = httpx.post(base, json={"chat_id": group["id"], "text": "en JSON"}).json()
    as_form = httpx.post(base, data={"chat_id": str(group["id"]), "text": "en formulaire"}).json()
    assert as_json["ok"] and as_json["result"]["text"] == "en JSON"
    assert as_form["ok"] and as_form["result"]["text"] == "en formulaire"
    assert as_form["result"]["message_id"] > as_json["result"]["message_id"]


def test_get_chat(sb, tg_world):
    bot_account, _, group = tg_world

    async def scenario():
        async with make_bot(sb, bot_account["token"]) as bot:
            return await bot.get_chat(group["id"])

    chat = run(scenario())
    assert chat.type == "supergroup" and chat.title.startswith("Mairie")


def test_reply_parameters_as_json_object(sb, tg_world):
    bot_account, _, group = tg_world
    base = f"{sb.base_url}/telegram/bot{bot_account['token']}/sendMessage"
    first = httpx.post(base, json={"chat_id": group["id"], "text": "Première"}).json()["result"]
    second = httpx.post(
        base,
        json={
            "chat_id": group["id"],
            "text": "Suite",
            "reply_parameters": {"message_id": first["message_id"]},
        },
    ).json()["result"]
    assert second["reply_to_message"]["message_id"] == first["message_id"]
