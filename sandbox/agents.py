"""Scripted structure agents: pure planning of what a structure answers, and when.

`plan()` takes a conversation's state and an incoming persona message and returns the
steps to perform (virtual delay, text, public or private). Randomness comes only from
the `random.Random` passed in, so a seed reproduces every text and delay.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox import phrases as P

HOUR = 3600.0
DAY = 86400.0


@dataclass
class Scenario:
    id: str
    question: str
    kind: str = "information"
    expected: list[dict[str, Any]] = field(default_factory=list)
    reference: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    service: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scenario:
        return cls(
            id=str(data["id"]),
            question=data.get("question", ""),
            kind=data.get("kind", "information"),
            expected=[
                e if isinstance(e, dict) else {"id": str(i), "label": str(e)}
                for i, e in enumerate(data.get("expected") or [])
            ],
            reference=list(data.get("reference") or []),
            wrong=list(data.get("wrong") or data.get("wrong_facts") or []),
            service=data.get("service") or data.get("contact"),
        )


@dataclass
class Persona:
    first_name: str | None = None
    last_name: str | None = None
    civility: str | None = None


@dataclass
class Incoming:
    text: str
    private: bool
    persona: Persona


@dataclass
class Step:
    delay: float  # virtual seconds after the incoming message
    text: str
    private: bool
    kind: str  # answer | ack | ask_private | ask_details | redirect | auto | closing


@dataclass
class Conversation:
    scenario_id: str | None = None
    stage: str = "new"  # new | awaiting_details | awaiting_private | answered | auto
    turns: int = 0


@dataclass(frozen=True)
class Profile:
    delay: float
    jitter: float
    handler: str


# name -> defaults; options on an account override delay, jitter and content knobs.
PROFILES: dict[str, Profile] = {
    "exemplary": Profile(0.5 * HOUR, 0.25 * HOUR, "exemplary"),
    "average": Profile(3 * HOUR, 1.5 * HOUR, "average"),
    "curt": Profile(1 * HOUR, 0.5 * HOUR, "curt"),
    "slow": Profile(3 * DAY, 1 * DAY, "average"),
    "silent": Profile(0, 0, "silent"),
    "private": Profile(0.75 * HOUR, 0.25 * HOUR, "private"),
    "redirect": Profile(2 * HOUR, 1 * HOUR, "redirect"),
    "ack_then_answer": Profile(10 * 60, 5 * 60, "ack_then_answer"),
    "familiar": Profile(20 * 60, 10 * 60, "familiar"),
    "dismissive": Profile(4 * HOUR, 2 * HOUR, "dismissive"),
    "careless": Profile(2 * HOUR, 1 * HOUR, "careless"),
    "auto_reply": Profile(5, 3, "auto_reply"),
}

# Words that carry no topic: ignored when matching a question to a scenario.
_STOPWORDS = set(
    [
        "bonjour",
        "bonsoir",
        "merci",
        "madame",
        "monsieur",
        "svp",
        "stp",
        "comment",
        "est",
        "que",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "pour",
        "avec",
        "dans",
        "sur",
        "une",
        "des",
        "les",
        "mon",
        "mes",
        "votre",
        "vos",
        "nos",
        "notre",
        "pouvez",
        "peut",
        "faut",
        "faire",
        "puis",
        "dois",
        "doit",
        "estce",
        "pas",
        "plus",
        "tres",
        "bien",
        "aussi",
        "ainsi",
        "alors",
        "elle",
        "ils",
        "nous",
        "vous",
        "je",
        "tu",
        "il",
        "on",
        "ce",
        "cet",
        "cette",
        "ces",
        "qui",
        "quand",
        "ou",
        "sont",
        "etre",
        "avoir",
        "fait",
        "the",
        "and",
        "salut",
    ]
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", _fold(re.sub(r"[@#]\w+", " ", text)))
    return {w for w in words if len(w) > 2 and w not in _STOPWORDS}


def match_scenario(text: str, scenarios: list[Scenario], threshold: float = 0.3) -> Scenario | None:
    """The scenario whose question shares the most topic words with text."""
    words = tokens(text)
    best, best_score = None, 0.0
    for scenario in scenarios:
        reference = tokens(scenario.question)
        if not reference:
            continue
        score = len(words & reference) / len(reference)
        if score > best_score:
            best, best_score = scenario, score
    return best if best_score >= threshold else None


# -- text helpers -------------------------------------------------------------------


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def _lc(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[1].isupper():  # an acronym: keep it
        return text
    return text[:1].lower() + text[1:]


_POSSESSIVES = {
    "ma": "votre",
    "mon": "votre",
    "mes": "vos",
    "m'": "vous ",
    "me": "vous",
    "je": "vous",
}


def topic_of(question: str) -> str | None:
    """Indirect restatement of a question, or None when it is not a question."""
    text = re.sub(r"^(\s*[@#]\w+)+", "", question).strip()
    text = re.sub(r"^(bonjour|bonsoir|hello|salut)\b[ ,!.]*", "", text, flags=re.I).strip()
    match = re.search(
        r"(comment|où|quand|quel(le)?s?|combien|est-ce que|pourquoi|qui)\b[^?]*\?", text, re.I
    )
    if not match:
        return None
    phrase = match.group(0).rstrip(" ?")
    phrase = re.sub(r"^est-ce que\s+", "si ", phrase, flags=re.I)
    words = [_POSSESSIVES.get(w.lower(), w) for w in phrase.split(" ")]
    out = " ".join(words).replace("vous  ", "vous ")
    return _lc(out)


_TU_IRREGULAR = {
    "sachez": "sache",
    "n'hésitez": "n'hésite",
    "vous devez": "tu dois",
    "vous pouvez": "tu peux",
    "vous avez": "tu as",
    "vous êtes": "tu es",
    "vous allez": "tu vas",
    "vous voulez": "tu veux",
}


def tutoie(text: str) -> str:
    """Rough vous -> tu rewrite, enough for a familiar agent."""
    for polite, familiar in _TU_IRREGULAR.items():
        text = re.sub(
            rf"\b{polite}\b",
            lambda m, f=familiar: f.capitalize() if m.group(0)[0].isupper() else f,
            text,
            flags=re.I,
        )
    text = re.sub(r"(?<![-\w])vous (\w+)ez\b", r"tu \1es", text, flags=re.I)
    text = re.sub(r"(?<![-\w])votre\b", "ta", text)
    text = re.sub(r"(?<![-\w])Votre\b", "Ta", text)
    text = re.sub(r"(?<![-\w])vos\b", "tes", text)
    return re.sub(r"(?<![-\w])vous(?![-\w])", "toi", text)


def elide(text: str) -> str:
    """French elision after "que" / "de" before a vowel."""
    text = re.sub(r"\b([Qq]u)e ([aeiouyéèêà])", r"\1'\2", text)
    return re.sub(r"\b([Dd])e ([aeiouyéèêà])", r"\1'\2", text)


def curt_label(element: dict[str, Any]) -> str:
    if element.get("short"):
        return _sentence(element["short"])
    words = element["label"].rstrip(".").split()
    return _sentence(" ".join(words[-4:]))


# -- context passed to each handler ----------------------------------------------------


@dataclass
class Context:
    rng: random.Random
    scenario: Scenario | None
    incoming: Incoming
    options: dict[str, Any]
    conversation: Conversation

    def pick(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)

    def greeting(self, named: bool = True) -> str:
        persona = self.incoming.persona
        if named and persona.first_name:
            pattern = self.pick(P.GREETINGS_NAMED)
            if "{civility}" in pattern and not (persona.civility and persona.last_name):
                pattern = "Bonjour {first_name}"
            return pattern.format(
                civility=persona.civility or "",
                last_name=persona.last_name or "",
                first_name=persona.first_name,
            ).strip()
        return self.pick(P.GREETINGS_PLAIN)

    def contact(self) -> dict[str, str]:
        merged = dict(P.DEFAULT_CONTACT)
        merged.update({k: v for k, v in (self.options.get("contact") or {}).items() if v})
        merged["Service"] = merged["service"][:1].upper() + merged["service"][1:]
        return merged

    def redirect_target(self) -> dict[str, str]:
        merged = {
            "service": "la préfecture",
            "phone": "01 99 88 77 66",
            "email": "contact@prefecture.example.fr",
        }
        if self.scenario and self.scenario.service:
            merged.update({k: v for k, v in self.scenario.service.items() if v})
        merged.update({k: v for k, v in (self.options.get("redirect") or {}).items() if v})
        return merged

    def elements(self) -> list[dict[str, Any]]:
        if self.scenario and self.scenario.expected:
            return list(self.scenario.expected)
        return [{"id": "generic", "label": self.pick(P.GENERIC_ANSWERS)}]

    def signature(self) -> str:
        initials = self.options.get("signature") or self.pick(P.SIGNATURE_INITIALS)
        return f"^{initials}"

    def element_sentences(self, elements: list[dict[str, Any]]) -> list[str]:
        intros = list(P.ELEMENT_INTROS)
        self.rng.shuffle(intros)
        out = []
        for i, element in enumerate(elements):
            intro = intros[i % len(intros)] if i else "{label}"
            label = element["label"].rstrip(".")
            out.append(_sentence(intro.format(label=label, label_lc=_lc(label))))
        return out


# -- profile handlers: (ctx) -> list[Step] with delays relative to the profile delay ----


def _answer_body_exemplary(ctx: Context, *, greet: bool = True) -> str:
    parts = []
    if greet:
        parts.append(f"{ctx.greeting()}, {ctx.pick(P.THANKS)}.")
    topic = (
        topic_of(ctx.incoming.text)
        if ctx.scenario is None
        else topic_of(ctx.scenario.question) or topic_of(ctx.incoming.text)
    )
    parts.append(ctx.pick(P.RESTATE).format(topic=topic) if topic else ctx.pick(P.RESTATE_FALLBACK))
    parts.extend(ctx.element_sentences(ctx.elements()))
    parts.append(ctx.pick(P.CONTACTS).format(**ctx.contact()))
    parts.append(ctx.pick(P.CLOSINGS))
    parts.append(ctx.signature())
    return elide(" ".join(parts))


def _answer_body_average(ctx: Context, *, wrong: str | None = None) -> str:
    elements = ctx.elements()
    keep = max(1, (len(elements) + 1) // 2)
    chosen = elements[:keep] if ctx.rng.random() < 0.5 else ctx.rng.sample(elements, keep)
    sentences = [
        _sentence(
            ctx.pick(P.AVERAGE_OPENERS).format(
                label=e["label"].rstrip("."), label_lc=_lc(e["label"].rstrip("."))
            )
        )
        if i == 0
        else _sentence(e["label"])
        for i, e in enumerate(chosen)
    ]
    if wrong:
        sentences.insert(ctx.rng.randrange(len(sentences) + 1), _sentence(wrong))
    greeting = ctx.greeting(named=ctx.rng.random() < 0.3)
    sentences[0] = _lc(sentences[0])
    closing = ctx.pick(P.CLOSINGS_SHORT)
    return elide(" ".join(p for p in (f"{greeting},", *sentences, closing) if p))


def _exemplary(ctx: Context) -> list[Step]:
    return [Step(0, _answer_body_exemplary(ctx), ctx.incoming.private, "answer")]


def _average(ctx: Context) -> list[Step]:
    ask = ctx.options.get("ask_details")
    if ask is None:
        ask = ctx.rng.random() < 0.25
    if ask and ctx.conversation.stage == "new":
        ctx.conversation.stage = "awaiting_details"
        text = ctx.pick(P.ASK_DETAILS).format(greeting=ctx.greeting(named=False))
        return [Step(0, text, ctx.incoming.private, "ask_details")]
    return [Step(0, _answer_body_average(ctx), ctx.incoming.private, "answer")]


def _curt(ctx: Context) -> list[Step]:
    first, *others = ctx.elements()
    chosen = [first, *ctx.rng.sample(others, min(len(others), ctx.rng.randint(0, 2)))]
    labels = list(dict.fromkeys(curt_label(e) for e in chosen))
    joiner = ctx.pick(P.CURT_JOINERS)
    if joiner.strip():  # "Sur RDV – Gratuit." rather than "Sur RDV. – Gratuit."
        labels = [label.rstrip(".") for label in labels]
        if joiner == ", ":
            labels = labels[:1] + [_lc(label) for label in labels[1:]]
    text = _sentence(joiner.join(labels))
    suffix = ctx.pick(P.CURT_SUFFIXES)
    return [Step(0, f"{text} {suffix}".strip(), ctx.incoming.private, "answer")]


def _private(ctx: Context) -> list[Step]:
    if ctx.incoming.private:
        return [
            Step(
                0,
                _answer_body_exemplary(ctx)
                if ctx.rng.random() < 0.5
                else _answer_body_average(ctx),
                True,
                "answer",
            )
        ]
    ctx.conversation.stage = "awaiting_private"
    text = ctx.pick(P.ASK_PRIVATE).format(greeting=ctx.greeting(named=ctx.rng.random() < 0.5))
    return [Step(0, text, False, "ask_private")]


def _redirect(ctx: Context) -> list[Step]:
    with_contact = ctx.options.get("with_contact")
    if with_contact is None:
        with_contact = ctx.rng.random() < 0.5
    bank = P.REDIRECTS_WITH_CONTACT if with_contact else P.REDIRECTS_VAGUE
    text = ctx.pick(bank).format(
        greeting=ctx.greeting(named=ctx.rng.random() < 0.5), **ctx.redirect_target()
    )
    return [Step(0, text, ctx.incoming.private, "redirect")]


def _ack_then_answer(ctx: Context) -> list[Step]:
    ack = ctx.pick(P.ACKS).format(greeting=ctx.greeting())
    later = float(ctx.options.get("answer_after", 6 * HOUR))
    answer = ctx.pick(P.FOLLOWUP_OPENERS) + " " + _answer_body_exemplary(ctx, greet=False)
    return [
        Step(0, ack, ctx.incoming.private, "ack"),
        Step(later * (0.75 + 0.5 * ctx.rng.random()), answer, ctx.incoming.private, "answer"),
    ]


def _familiar(ctx: Context) -> list[Step]:
    first = ctx.incoming.persona.first_name or ""
    greeting = ctx.pick(P.GREETINGS_FAMILIAR).format(first_name=first).strip()
    sentences = [tutoie(s) for s in ctx.element_sentences(ctx.elements())]
    sentences[0] = _lc(sentences[0])
    body = elide(" ".join(sentences))
    text = f"{greeting} ! Alors pour ta question : {body} {ctx.pick(P.CLOSINGS_FAMILIAR)}"
    return [Step(0, text, ctx.incoming.private, "answer")]


def _dismissive(ctx: Context) -> list[Step]:
    text = ctx.pick(P.DISMISSIVE).format(**ctx.redirect_target())
    return [Step(0, text, ctx.incoming.private, "answer")]


def _careless(ctx: Context) -> list[Step]:
    wrong_facts = (ctx.scenario.wrong if ctx.scenario else None) or list(P.DEFAULT_WRONG_FACTS)
    return [
        Step(
            0,
            _answer_body_average(ctx, wrong=ctx.rng.choice(wrong_facts)),
            ctx.incoming.private,
            "answer",
        )
    ]


def _auto_reply(ctx: Context) -> list[Step]:
    if ctx.conversation.stage == "auto":
        return []
    ctx.conversation.stage = "auto"
    return [Step(0, ctx.pick(P.AUTO_REPLIES), ctx.incoming.private, "auto")]


def _silent(ctx: Context) -> list[Step]:
    return []


HANDLERS: dict[str, Callable[[Context], list[Step]]] = {
    "exemplary": _exemplary,
    "average": _average,
    "curt": _curt,
    "silent": _silent,
    "private": _private,
    "redirect": _redirect,
    "ack_then_answer": _ack_then_answer,
    "familiar": _familiar,
    "dismissive": _dismissive,
    "careless": _careless,
    "auto_reply": _auto_reply,
}

_THANKS_RE = re.compile(r"^\W*(merci|super|parfait|ok|d'accord)\b[^?]*$", re.I)


def plan(
    profile_name: str,
    options: dict[str, Any],
    scenarios: list[Scenario],
    incoming: Incoming,
    conversation: Conversation,
    rng: random.Random,
    delay_factor: float = 1.0,
) -> list[Step]:
    """Steps the agent performs for this incoming message (mutates conversation)."""
    profile = PROFILES.get(profile_name)
    if profile is None:
        raise ValueError(f"unknown profile {profile_name!r}")
    conversation.turns += 1
    scenario = match_scenario(incoming.text, scenarios)
    if scenario is None and conversation.scenario_id:
        scenario = next((s for s in scenarios if s.id == conversation.scenario_id), None)
    if scenario is not None:
        conversation.scenario_id = scenario.id
    ctx = Context(rng, scenario, incoming, options, conversation)
    delay = float(options.get("delay", profile.delay))
    jitter = float(options.get("jitter", profile.jitter))

    stage = conversation.stage
    if stage == "answered":
        if not _THANKS_RE.match(incoming.text.strip()) or profile.handler not in (
            "exemplary",
            "familiar",
            "average",
        ):
            if match_scenario(incoming.text, scenarios) is None:
                return []
            steps = HANDLERS[profile.handler](ctx)  # a new question in the same conversation
        else:
            bank = P.THANKS_REPLIES_FAMILIAR if profile.handler == "familiar" else P.THANKS_REPLIES
            text = (
                rng.choice(bank)
                .format(first_name=incoming.persona.first_name or "")
                .replace("  ", " ")
                .replace(" ,", ",")
            )
            steps = [Step(0, text, incoming.private, "closing")]
            delay = min(delay, 0.5 * HOUR)
    elif stage == "awaiting_details":
        conversation.stage = "answering"
        steps = [Step(0, _answer_body_average(ctx), incoming.private, "answer")]
    elif stage == "awaiting_private":
        if not incoming.private:
            return []
        steps = [
            Step(
                0,
                _answer_body_exemplary(ctx) if rng.random() < 0.5 else _answer_body_average(ctx),
                True,
                "answer",
            )
        ]
    else:
        steps = HANDLERS[profile.handler](ctx)

    if any(s.kind in ("answer", "redirect") for s in steps) or conversation.stage == "answering":
        conversation.stage = "answered"
    base = max(0.0, delay + jitter * (2 * rng.random() - 1))
    return [Step((base + s.delay) * delay_factor, s.text, s.private, s.kind) for s in steps]
