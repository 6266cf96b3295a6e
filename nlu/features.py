"""Features and rule decisions of an exchange, each with the spans that justify it.

Pure functions of analysed replies (`nlu.analysis.Reply`) and of the scenario context:
the learned models (nlu.model) take these features, the rules decide the exact criteria,
and the evidence of either comes from the same spans.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

import numpy as np

from nlu import facts as fx
from nlu import lexicons as lx
from nlu.analysis import Reply, strip_accents
from nlu.constants import REDIRECT_INTENTS

Evidence = list[tuple[int, int, int]]  # (reply index, start, end)

# Span names counted per reply for the intent model and per exchange for the criteria.
COUNTED = (
    "greeting", "closing", "thanks", "thanks_other", "second_singular", "familiar",
    "imperative_2sg", "sms", "typo", "url", "precise_url", "email", "phone", "hours", "price",
    "date", "delay", "address", "hashtag", "emoji", "dismissive", "apology", "announce",
    "remedy", "private", "redirect", "request_info", "auto_reply", "refusal",
    "generic_destination", "named_destination", "next_step", "signature", "team_signature",
    "generic_request", "negation", "caps", "exclamations", "question_mark", "grammar", "competence",
)  # fmt: skip
ACTION_SPANS = (
    "precise_url",
    "url",
    "phone",
    "email",
    "address",
    "hours",
    "named_destination",
    "private",
)
CONTACT_SPANS = ("precise_url", "phone", "email", "address")
_STOP_LEMMAS = frozenset(
    [
        "bonjour",
        "merci",
        "madame",
        "monsieur",
        "pouvoir",
        "faire",
        "vouloir",
        "savoir",
        "demander",
        "demande",
        "question",
        "message",
        "service",
        "mairie",
        "ville",
        "bien",
        "avoir",
        "etre",
        "aller",
        "falloir",
        "bonne",
        "journee",
        "cordialement",
        "votre",
    ]
)


@dataclass
class Text:
    """A scenario text (question, element label, reference fact) analysed once and cached."""

    text: str
    lemmas: list[str]
    vectors: np.ndarray
    quantities: fx.Quantities
    keywords: list[str] = field(default_factory=list)

    @functools.cached_property
    def lemma_set(self) -> frozenset[str]:
        return frozenset(self.lemmas)

    @functools.cached_property
    def stems(self) -> frozenset[str]:
        """The lemmas' `nlu.facts.stem`s."""
        return frozenset(fx.stem(w) for w in self.lemmas)


def reply_counts(reply: Reply) -> dict[str, float]:
    """Per-reply numeric features (intent model and aggregation)."""
    out = {f"n_{name}": float(min(reply.count(name), 3)) for name in COUNTED}
    out["words_log"] = float(np.log1p(reply.words))
    out["short"] = float(reply.words <= 6)
    out["very_short"] = float(reply.words <= 3)
    out["no_words"] = float("no_words" in reply.flags or "empty" in reply.flags)
    out["english"] = float("english" in reply.flags)
    out["sentences"] = float(min(len(reply.sentences), 6))
    return out


def normalise(text: str) -> str:
    """Text for n-gram models: no leading handles, placeholders for links and numbers."""
    text = lx.LEADING_HANDLES.sub("", text or "")
    text = lx.EMAIL_RE.sub(" zemail ", text)
    text = lx.URL_RE.sub(
        lambda m: (
            " zlienprecis " if "/" in m.group(0).split("//", 1)[-1].rstrip("/") else " zlien "
        ),
        text,
    )
    text = lx.PHONE_RE.sub(" ztel ", text)
    text = lx.HANDLE_RE.sub(" zmention ", text)
    text = re.sub(r"\d+", "0", text)
    return " ".join(text.split())


# ---------------------------------------------------------------- names and overlap


def _distance(a: str, b: str, limit: int = 2) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def name_matches(reply: Reply, persona: dict) -> Evidence:
    """Where the reply addresses the persona by (possibly misspelt) first or last name."""
    names = [strip_accents(str(persona.get(k) or "")).lower() for k in ("first_name", "last_name")]
    names = [n for n in names if len(n) >= 2]
    if not names:
        return []
    blocked = [
        *reply.spans.get("signature", ()),
        *reply.spans.get("handle", ()),
        *reply.spans.get("url", ()),
        *reply.spans.get("email", ()),
    ]
    found: Evidence = []
    for m in re.finditer(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*", reply.text[reply.start :]):
        if not m.group(0)[0].isupper():  # a name is capitalised (checked first: cheap)
            continue
        s, e = m.start() + reply.start, m.end() + reply.start
        if any(bs <= s < be for bs, be in blocked):
            continue
        word = strip_accents(m.group(0)).lower().strip("'’-")
        for part in [word, *word.split("-")]:
            if any(_same_name(part, n) for n in names):
                found.append((reply.index, s, e))
                break
    return found


def _same_name(word: str, name: str) -> bool:
    if word == name:
        return True
    if len(name) >= 4 and len(word) >= 3 and name.startswith(word) and len(word) >= len(name) - 3:
        return True  # shortened form: "Clém" for Clémence, "Alex" for Alexandre
    return len(name) >= 4 and len(word) >= 4 and _distance(word, name, 1) <= 1


def topic_overlap(replies: list[Reply], topic: set[str]) -> tuple[int, Evidence]:
    """Content lemmas of the replies that are subject words of the request."""
    found: Evidence = []
    words = set()
    for reply in replies:
        for lemma, (s, e) in zip(reply.lemmas, reply.lemma_spans, strict=False):
            if lemma in topic and lemma not in _STOP_LEMMAS:
                found.append((reply.index, s, e))
                words.add(lemma)
    return len(words), found


def soft_similarity(
    label: Text, reply: Reply, weights: np.ndarray
) -> tuple[float, float, float, float, int]:
    """(soft, hard, weighted soft, weighted hard coverage, best sentence start) of a label."""
    none = (0.0, 0.0, 0.0, 0.0, -1)
    if not label.lemmas or not reply.lemmas:
        return none
    same = lx.CANONICAL_LEMMA
    reply_lemmas = [same.get(b, b) for b in reply.lemmas]
    label_lemmas = [same.get(a, a) for a in label.lemmas]
    # (label words, reply words), and a padding column that keeps every `hi` below inside
    # the arrays
    exact = np.array([[a == b for b in reply_lemmas] + [False] for a in label_lemmas])
    sims = np.zeros(exact.shape, dtype=np.float32)  # as the vectors (float32 means)
    sims[:, :-1] = label.vectors @ reply.vectors.T
    sims[exact] = 1.0
    # Group reply words by sentence: an element is stated inside one sentence. The reply's
    # words are in text order, so a sentence's words are the columns [lo, hi); every
    # sentence is reduced in one call.
    sentences = reply.sentences or [(0, len(reply.text))]
    starts = [s for s, _ in reply.lemma_spans]
    bounds = [(bisect_left(starts, s), bisect_left(starts, e), s) for s, e in sentences]
    bounds = [b for b in bounds if b[0] < b[1]]
    if not bounds:
        return none
    cuts = [i for lo, hi, _ in bounds for i in (lo, hi)]
    # Each label word's best match, counting only close matches (synonyms); rare words
    # ("badge", "rattrapage") weigh more than frequent ones ("faire", "service").
    best_match = np.maximum.reduceat(sims, cuts, axis=1)[:, ::2]
    close = np.where(best_match >= 0.55, best_match, 0.0)
    found = np.logical_or.reduceat(exact, cuts, axis=1)[:, ::2]
    # One row per sentence; a dot product per row sums in the same order whatever the
    # number of sentences (a matrix product may not, and ties between replies then flip).
    close, found = np.ascontiguousarray(close.T), np.ascontiguousarray(found.T, dtype=float)
    best = none
    for k, (_, _, start) in enumerate(bounds):
        w_soft, w_hard = float(close[k] @ weights), float(found[k] @ weights)
        if w_soft + w_hard > best[2] + best[3]:
            best = (float(close[k].mean()), float(found[k].mean()), w_soft, w_hard, start)
    return best


def lemma_weights(label: Text, idf: dict[str, float]) -> np.ndarray:
    """Normalised IDF weights of a label's lemmas (uniform without statistics)."""
    unseen = None  # a lemma the statistics never met weighs as the rarest one
    values = []
    for lemma in label.lemmas:
        weight = idf.get(lemma)
        if weight is None:
            if unseen is None:
                unseen = max(idf.values(), default=1.0)
            weight = unseen
        values.append(weight)
    raw = np.array(values, dtype=float)
    total = raw.sum()
    return raw / total if total > 0 else np.full(len(label.lemmas), 1.0 / max(len(label.lemmas), 1))


# ---------------------------------------------------------------- expected elements


def sentence_quantities(reply: Reply, sentence: str) -> fx.Quantities:
    """The quantities of one sentence of `reply`, read once for the element matcher and the
    contradiction check (shared: copy before changing)."""
    quantities = reply.quantities.get(sentence)
    if quantities is None:
        quantities = reply.quantities[sentence] = fx.extract(sentence)
    return quantities


def adjust_element(prob: float, features: dict[str, float]) -> float:
    """Convention 15: an element whose values are contradicted is absent. The same reply to
    the same scenario, already labelled by a person, keeps that label: a linear model meets
    such a twin only at grading time (memory similarity 1), where it extrapolates."""
    if features.get("mem_same", 0.0) < 0:
        return min(prob, 0.05)
    if features.get("quantity_conflict") and not features.get("quantity_agree"):
        return min(prob, 0.2)
    if features.get("mem_same", 0.0) > 0:
        return max(prob, 0.95)
    return prob


# Each lemma of lexicons' _SAME_MEANING groups -> every lemma of its group.
_SAME_AS = {
    lemma: tuple(k for k, v in lx.CANONICAL_LEMMA.items() if v == group)
    for lemma, group in lx.CANONICAL_LEMMA.items()
}


def element_features(
    label: Text, replies: list[Reply], question: Text, idf: dict[str, float] | None = None
) -> tuple[dict[str, float], Evidence]:
    """Features of one (expected element, exchange) pair and the best matching sentence."""
    weights = lemma_weights(label, idf or {})
    soft, hard, w_soft, w_hard, where = 0.0, 0.0, 0.0, 0.0, (-1, 0, 0)
    for reply in replies:
        r_soft, r_hard, r_wsoft, r_whard, start = soft_similarity(label, reply, weights)
        if r_wsoft + r_whard > w_soft + w_hard:
            soft, hard, w_soft, w_hard = r_soft, r_hard, r_wsoft, r_whard
            if start >= 0:
                span = next(
                    ((a, b) for a, b in reply.sentences if a == start), (0, len(reply.text))
                )
                where = (reply.index, span[0], span[1])
    same = lx.CANONICAL_LEMMA
    all_lemmas = {same.get(lemma, lemma) for r in replies for lemma in r.lemmas}
    text = " ".join(strip_accents(r.text.lower()) for r in replies)
    coverage_all = (
        float(np.mean([same.get(lemma, lemma) in all_lemmas for lemma in label.lemmas]))
        if label.lemmas
        else 0.0
    )
    keywords = [strip_accents(k.lower()) for k in label.keywords]
    # A keyword is found inside a word ("gratuit" in "gratuitement"); a lemma of the same
    # meaning as a whole word ("créneau" says "rendez-vous", not "mel" in "mélange").
    alike = [w for k in keywords for w in _SAME_AS.get(k, ()) if w != k]
    keyword_hit = (
        float(
            any(k and k in text for k in keywords)
            or any(re.search(rf"\b{re.escape(w)}\b", text) for w in alike)
        )
        if keywords
        else 0.0
    )
    q = label.quantities
    # Quantities are compared inside the best matching sentence: the other sentences may
    # give values about something else.
    best_text = replies[where[0]].text[where[1] : where[2]] if where[0] >= 0 else ""
    claim = sentence_quantities(replies[where[0]], best_text) if where[0] >= 0 else fx.Quantities()
    agree = 0.0
    if q.kinds() or q.free:
        agree = float(
            bool(q.hours & claim.hours)
            or bool(q.amounts & claim.amounts)
            or bool(q.days & claim.days)
            or bool(q.measures & claim.measures)
            or (q.free and claim.free)
            or (
                bool(q.delays)
                and bool(claim.delays)
                and fx._close(claim.delays, q.delays, q.delay_ranges)
            )
        )
    conflict = float(bool(fx.conflicts(q, claim)))
    announce = 0.0
    if where[0] >= 0:
        announce = float(
            any(where[1] <= s < where[2] for s, _ in replies[where[0]].spans.get("announce", ()))
        )
    in_question = (
        float(np.mean([lemma in question.lemma_set for lemma in label.lemmas]))
        if label.lemmas
        else 0.0
    )
    features = {
        "soft": soft, "hard": hard, "coverage_all": coverage_all, "soft_x_hard": soft * hard,
        "w_soft": w_soft, "w_hard": w_hard, "w_soft_x_hard": w_soft * w_hard,
        "keyword_hit": keyword_hit, "has_keywords": float(bool(keywords)),
        "quantity_agree": agree, "quantity_conflict": conflict, "has_quantity": float(bool(q.kinds() or q.free)),
        "label_len": float(min(len(label.lemmas), 10)) / 10, "in_question": in_question,
        "reply_words": float(np.log1p(sum(r.words for r in replies))),
        "announce": announce, "english": float(any("english" in r.flags for r in replies)),
    }  # fmt: skip
    evidence = [where] if where[0] >= 0 else []
    return features, evidence


# ---------------------------------------------------------------- accuracy


def contradictions(
    replies: list[Reply], references: list[Text], own: frozenset[str] = frozenset({"mairie"})
) -> tuple[list[str], Evidence, int]:
    """Kinds of contradiction with the reference facts, their sentences, facts on topic.

    A sentence is compared with the facts it shares a subject word with; values that
    identify by themselves (sums, phone numbers, dates, prices, places, temperatures,
    surfaces and durations, and the delays of a rule) are also compared with every fact
    giving values of that kind, since "c 120€" needs no subject word. `own` are the bodies
    the audited structure is (`nlu.facts.own_bodies`).
    """
    kinds: list[str] = []
    evidence: Evidence = []
    on_topic = 0
    identifying = ("amounts", "phones", "dates", "price", "places", "measures")
    texts = tuple(r.text for r in references)  # the key of the per-scenario caches
    denied = _denied(texts)
    forbidden = _forbidden(texts)
    asked = _listed_documents(texts)
    pooled = _pooled(references)
    polar = _polar_facts(texts)
    required = _required_documents(texts)
    for reply in replies:
        # A signature ("Cécile – Police municipale") names the sender, not a destination.
        text = reply.text
        for s, e in reply.spans.get("signature", ()):
            e += len(m.group(0)) if (m := _SIGNATURE_TAIL.match(text, e)) else 0
            text = text[:s] + " " * (e - s) + text[e:]
        whole_amounts, whole_hours = fx.amounts(text), fx.hours(text)
        for s, e in reply.sentences:
            sentence = text[s:e]
            # A sentence split inside a number ("€9.50") must not invent a value.
            stated = sentence_quantities(reply, sentence)
            claim = (
                stated  # read only: copied only when the sentence cut a value
                if stated.amounts <= whole_amounts and stated.hours <= whole_hours
                else replace(
                    stated, amounts=stated.amounts & whole_amounts, hours=stated.hours & whole_hours
                )
            )
            lemmas = {
                lemma
                for lemma, (ls, _) in zip(reply.lemmas, reply.lemma_spans, strict=False)
                if s <= ls < e
            }
            found_here: set[str] = set()
            topical = [ref for ref in references if (lemmas & ref.lemma_set) - _STOP_LEMMAS]
            on_topic += len(topical)
            # A delay of a day or more identifies a rule too ("les remboursements peuvent prendre
            # jusqu'à deux mois" against "Délai : 30 jours"), when the sentence says what
            # takes that long and neither announces the account's own answer ("le service
            # vous répondra sous 48 h") nor looks back or states a document's age.
            by_itself = identifying
            if (
                claim.delays
                and min(claim.delays) >= 1
                and _DELAY_OF_A_RULE.search(sentence)
                and not any(s <= a < e for a, _ in reply.spans.get("announce", ()))
                and not _NOT_A_RULE_DELAY.search(sentence)
            ):
                by_itself = (*identifying, "delays")
            for ref in references:
                found = fx.conflicts(ref.quantities, claim)
                if ref not in topical:
                    found = [k for k in found if k in by_itself]
                found_here.update(found)
            found_here -= _agreeing_kinds(claim, references, lemmas, pooled, own)
            if (
                "bodies" in found_here
                and _ADDITIVE.search(sentence)
                and _names_facts_body(text, references)
            ):
                found_here.discard("bodies")  # "la Croix-Rouge propose aussi des formations"
            if "condition" in found_here and _condition_agrees(claim, sentence, references):
                found_here.discard("condition")
            if "days" in found_here and _days_agree_with_hours_fact(claim, references):
                found_here.discard("days")
            if _ACCOUNT_HOURS.search(sentence) and not _outside_account_clause(sentence):
                found_here -= {"hours", "days"}  # when the account answers, not the service
            if len(claim.hours) <= 1 and _APPOINTMENT_OFFER.search(sentence):
                found_here -= {"hours", "days"}  # "je vous propose un entretien jeudi à 10h"
            if (
                claim.delays and max(claim.delays) <= 7 or claim.vague_delays or claim.at_once
            ) and _OWN_ANSWER.search(sentence):
                found_here.discard("delays")  # "le service vous répondra sous 48 h"
            if claim.order and claim.order <= pooled["order"]:
                found_here.discard("order")  # "après le compteur" as another fact says
            found_here.update(_polarity_conflicts(sentence, lemmas, references))
            if _channel_conflict(claim, sentence, lemmas, references):
                found_here.add("channel")
            if _half_day_conflict(claim, sentence, topical) or _office_hours_only(
                sentence, topical
            ):
                found_here.add("hours")
            if _only_days_conflict(claim, sentence, topical) or _nth_day_conflict(
                sentence, topical
            ):
                found_here.add("days")  # "du lundi au vendredi uniquement" against "au samedi"
            if _condition_waived(sentence, topical):
                # "même sans garage" against "qui disposent d'un garage"
                found_here.add("condition")
            if _inclusion_denied(sentence, topical):
                found_here.add("negation")  # "ne dessert pas les hameaux" against "y compris"
            if _date_said_unknown(sentence, topical):
                found_here.add("dates")  # "pas encore de date" against "le samedi 11 avril"
            found_here |= fx.polar_conflicts(sentence, polar)
            if denied and fx.claimed_phrases(sentence) & denied:
                found_here.add("denied")  # "le certificat de grossesse" against "aucun …"
            if (
                forbidden
                and _PERMITTED.search(sentence)
                and fx.claimed_phrases(sentence) & forbidden
            ):
                found_here.add("denied")  # "la pêche de nuit est possible" against "interdite"
            if (
                asked
                and not _NOT_ASKED.search(sentence)
                and fx.documents(sentence, asked_only=True) - asked
            ):
                found_here.add("documents")  # "votre livret de famille" for "pièce d'identité"
            if fx.documents_not_needed(sentence) & required:
                found_here.add("documents")  # "pas besoin de pièce d'identité" for a required one
            if _one_document_suffices(sentence, required, texts):
                found_here.add("documents")  # "un justificatif de domicile suffit" for three
            if found_here:
                kinds += sorted(found_here)
                evidence.append((reply.index, s, e))
    return sorted(set(kinds)), evidence, on_topic


# A body named beside the fact's, which the reply names too ("le CCAS distribue les colis.
# Les Restos du cœur distribuent également des colis le jeudi"), not instead of it.
_ADDITIVE = re.compile(
    r"\b(?:aussi|également|en plus|de son côté|par ailleurs|en complément)\b", re.I
)


def _names_facts_body(text: str, references: list[Text]) -> bool:
    named = fx.same_bodies(fx.bodies(text)[0])
    return any(named & fx.same_bodies(r.quantities.bodies) for r in references)


# A meeting offered to the citizen, not the service's opening hours.
_APPOINTMENT_OFFER = re.compile(
    r"\b(?:je vous propose|nous vous proposons|(?:pouvons|peut|pourra|pourrons) vous recevoir|"
    r"un (?:entretien|rendez-vous|rdv|créneau) (?:le |ce |demain |lundi|mardi|mercredi|jeudi|vendredi|samedi|à ))\b",
    re.I,
)
# The account's own answer ("le service vous répondra sous 48 h", "nous revenons vers vous"):
# a delay of a few days is no rule of the facts (not "nous vous rappelons qu'un délai…").
_OWN_ANSWER = re.compile(
    r"\b(?:vous|te) (?:répond\w*|recontact\w*|rappel(?!\w* qu)\w*|tiendr\w* informé\w*|tenons informé\w*)|"
    r"\b(?:revien\w*|revenons) vers vous",
    re.I,
)
_DELAY_OF_A_RULE = re.compile(
    r"\b(?:délais?|instruction|instruit\w*|traitement|traitée?s?|rembours\w*|versement|versée?s?|"
    r"délivrance|délivrée?s?|fabrication|intervention|intervien\w*|déduite?s?|refund\w*)\b",
    re.I,
)
_NOT_A_RULE_DELAY = re.compile(r"\b(?:depuis|il y a|moins de)\b", re.I)


# When the account answers: "Ce compte est suivi du lundi au vendredi de 9h à 17h", "Notre
# équipe vous répond…", not the hours of the service the facts describe ("La médiathèque
# est ouverte du mardi au samedi").
_ACCOUNT_HOURS = re.compile(
    r"\bce compte est (?:suivi|animé|modéré)|\b(?:notre équipe|nos équipes|nos conseillers|nous) "
    r"vous répond\w*",
    re.I,
)


def _outside_account_clause(sentence: str) -> bool:
    """Whether hours or days stand in another clause than the account's ("Notre équipe vous
    répond au 05… ; la déchetterie est ouverte le dimanche de 9h à 12h")."""
    rest = fx.extract(
        " ".join(c for c in re.split(r"[;:]", sentence) if not _ACCOUNT_HOURS.search(c))
    )
    return bool(rest.hours or rest.days)


# One document said to be enough: "un simple justificatif de domicile suffit", "seule votre
# pièce d'identité est demandée" (the document itself, not its form: "pour le justificatif
# de domicile, une simple facture suffit", "une simple photocopie suffit").
_SUFFICES = re.compile(
    r"\b(?:suffi(?:t|sent|ra|ront)|seule?s? (?:votre|vos|la|le|les|une?)|"
    r"(?:uniquement|seulement) (?:votre|vos|la|le|les|une?)|une? simple)\b",
    re.I,
)
_SUFFICES_BEFORE = re.compile(
    r"\b(?:seule?s?|uniquement|seulement|simple)\s+(?:(?:votre|vos|la|le|les|une?|copie de|d['’])\s*)*$",
    re.I,
)
_SUFFICES_AFTER = re.compile(r"^[^.;:,!?]{0,25}?\bsuffi(?:t|sent|ra|ront)\b", re.I)


def _one_document_suffices(
    sentence: str, required: frozenset[str], references: tuple[str, ...]
) -> bool:
    """A document said to be enough (`_SUFFICES` beside it), one of those the facts
    require but not all, and no fact asking for no more ("seule une pièce d'identité est
    exigée ; les justificatifs de ressources sont demandés plus tard", "le passeport est
    retiré sur présentation de la pièce d'identité")."""
    if not required or not _SUFFICES.search(sentence):
        return False
    documents = list(fx._DOCUMENT.finditer(sentence))
    if any(_SUFFICES_AFTER.search(sentence[m.end() :]) for m in documents):
        # "une pièce d'identité et un justificatif de domicile suffisent": all of them
        named = {m.lastgroup for m in documents}
    else:
        named = {
            m.lastgroup
            for m in documents
            if _SUFFICES_BEFORE.search(sentence[max(0, m.start() - 30) : m.start()])
        }
    return (
        bool(named & required)
        and bool(required - named)
        and not any(
            (_SUFFICES.search(r) and named & fx.documents(r)) or fx.documents(r) == named
            for r in references
        )
    )


# A document named without being asked for: "pas besoin de livret de famille", a question.
_NOT_ASKED = re.compile(
    r"\?|\b(?:pas|plus) (?:besoin|nécessaire|obligatoire|demandée?s?|exigée?s?|à (?:fournir|apporter))\b|"
    r"\binutiles?\b|\bsans\b|\bni\b|\baucune?\b|\bn['’](?:est|sont) (?:pas|plus)\b|facultati\w+|"
    r"dispensée?s?\b|\bno need\b|\bnot (?:needed|required)\b",
    re.I,
)

# What follows a signed first name on its line: the sender's service ("– Police municipale").
_SIGNATURE_TAIL = re.compile(r"\s*[–—,-]\s*[^.!?\n]{0,60}$")


@functools.lru_cache(maxsize=512)
def _listed_documents(references: tuple[str, ...]) -> frozenset[str]:
    """Documents the facts name, when some fact lists documents to bring (computed once per
    scenario; replies are searched only then)."""
    named = [fx.documents(r) for r in references]
    if not any(
        len(n) > 1 or fx.documents(r, asked_only=True)
        for n, r in zip(named, references, strict=True)
    ):
        return frozenset()
    return frozenset().union(*named)


@functools.lru_cache(maxsize=512)
def _denied(references: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """What the facts deny and no fact affirms elsewhere (a scenario's facts are shared
    by its exchanges: computed once)."""
    denied = frozenset().union(*(fx.denied_phrases(r) for r in references))
    return denied - frozenset().union(*(fx.affirmed_phrases(r) for r in references))


@functools.lru_cache(maxsize=512)
def _forbidden(references: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """What the facts forbid outright (computed once per scenario)."""
    return frozenset().union(*(fx.forbidden_phrases(r) for r in references))


# Saying that something forbidden is allowed: "la pêche de nuit est possible", "alcools forts
# compris" (not "des contrôles des barbecues sont effectués").
_PERMITTED = re.compile(
    r"\b(?:autorisée?s?|possibles?|pouvez|peut|peuvent|pourrez|pourra|pourront|tolérée?s?|"
    r"acceptée?s?|bienvenue?s?|compris|libre(?:ment)?|permise?s?)\b",
    re.I,
)


@functools.lru_cache(maxsize=512)
def _required_documents(references: tuple[str, ...]) -> frozenset[str]:
    """Documents some fact asks for and none says are not needed."""
    asked = set().union(*(fx.documents(r, asked_only=True) for r in references))
    return frozenset(asked - set().union(*(fx.documents_not_needed(r) for r in references)))


@functools.lru_cache(maxsize=512)
def _polar_facts(references: tuple[str, ...]) -> list[tuple[str, bool, frozenset[str]]]:
    """The facts' clauses saying what is required or paying (computed once per scenario)."""
    return [clause for text in references for clause in fx.polar_clauses(text)]


# A negative or restrictive claim ("pas besoin de carte", "il n'y a pas de permanence",
# "nous ne pouvons pas vous aider", "sans condition") about the subject of an affirmative
# reference fact: a frequent contradiction that carries no quantity.
_NEGATIVE_CLAIM = re.compile(
    r"\b(?:pas besoin|sans (?:condition|rendez-vous|rdv|dossier|justificatif|inscription)|"
    r"il n['’]y a (?:pas|plus|aucun)|n['’]existe (?:pas|plus)|aucune? (?!souci|problème|frais)\w+|"
    r"ne (?:pouvons|peut|pouvez|prend|prennent|fait|faisons|délivre|délivrons|gère|gérons|sommes|"
    r"est|sont|propose|proposons) (?:pas|plus)|n['’](?:est|a|ont|avons|assure|assurons) (?:pas|plus)|"
    r"\bnon\b|inutile|jamais|ouverte? à tous|uniquement|exclusivement|seulement)",
    re.I,
)
# Negative words that claim nothing: the polite negations ("n'hésitez pas") and
# reassurances ("pas de souci", "sans attendre").
_POLITE_NEGATION = re.compile(
    fx.POLITE_NEGATION.pattern + r"|pas de souci|pas de problème|sans frais|sans attendre", re.I
)


def negative_claims(
    replies: list[Reply], references: list[Text], min_shared: int = 1
) -> tuple[int, Evidence]:
    """Sentences making a negative or restrictive claim on the subject of a reference fact."""
    count, evidence = 0, []
    for reply in replies:
        for s, e in reply.sentences:
            sentence = _POLITE_NEGATION.sub(" ", reply.text[s:e])
            if not _NEGATIVE_CLAIM.search(sentence):
                continue
            lemmas = {
                lemma
                for lemma, (ls, _) in zip(reply.lemmas, reply.lemma_spans, strict=False)
                if s <= ls < e
            }
            shared = max(
                (len((lemmas & ref.lemma_set) - _STOP_LEMMAS) for ref in references), default=0
            )
            if shared >= min_shared:
                count += 1
                evidence.append((reply.index, s, e))
    return count, evidence


# The account disclaims the matter: "ce n'est pas de notre ressort", "nous n'y pouvons
# rien", "la mairie n'a pas à intervenir", "nous ne sommes pas une agence postale".
_DISCLAIM = re.compile(
    r"\b(?:pas (?:de notre|du) ressort|ne relève (?:pas|plus) de (?:nous|nos services|la (?:mairie|commune|ville))|"
    r"pas (?:notre|de notre) (?:rôle|problème|compétence|faute)|n['’]y pouvons rien|"
    r"(?:n['’]avons|n['’]a) pas à intervenir|ne (?:pouvons|peut) rien (?:faire|pour vous)|"
    r"ne (?:pouvons|peut) pas vous aider|ne sommes pas (?:responsables?|compétents?|là pour|"
    r"un service de renseignements?|une agence)|not (?:our|us)\b|rien à voir avec nous|"
    r"ne nous concerne pas)",
    re.I,
)
# A fact that places the matter elsewhere: "géré par la communauté de communes, pas par la
# mairie", "la plainte se dépose au commissariat, pas en mairie".
_ELSEWHERE = re.compile(
    r"\b(?:ne relève|relève d|n['’]est pas (?:de la |une )?compétence|compétente?s?\b|n['’]intervient|"
    r"pas (?:par|de|en) (?:la )?(?:mairie|commune|ville)|ni (?:la|par la) mairie|et non (?:par )?la|"
    r"\bgère\b|\bgèrent\b|(?:gérée?|assurée?|collectée?|traitée?|instruite?)s? par)",
    re.I,
)


def disclaims(replies: list[Reply], references: list[Text]) -> int:
    """Sentences disclaiming the matter while no fact places it with someone else: what the
    facts describe is then the structure's own business (a contradiction graders see
    without any value to compare, convention 10)."""
    if any(r.quantities.denied_bodies or _ELSEWHERE.search(r.text) for r in references):
        return 0
    return sum(bool(_DISCLAIM.search(r.text[s:e])) for r in replies for s, e in r.sentences)


_DIRECT_ACCESS = re.compile(
    r"\b(?:sans (?:rendez-vous|rdv)|venir directement|venez directement|passez directement|"
    # "nul besoin de prendre rendez-vous", "pas la peine de réserver", "passez quand ça vous
    # arrange"
    r"(?:nul|pas) besoin (?:de prendre |d['’]|de )(?:un )?(?:rendez-vous|rdv|réserver)|"
    r"(?:pas la peine|inutile) (?:de prendre |d['’]|de )(?:un )?(?:rendez-vous|rdv|réserver)|"
    r"passez quand (?:ça|cela) vous (?:arrange|convient)|"
    r"aucun (?:rendez-vous|rdv) n['’]est (?:nécessaire|obligatoire)|"
    r"(?:il )?n['’]est pas (?:nécessaire|obligatoire) de (?:prendre (?:un )?(?:rendez-vous|rdv)|réserver))\b",
    re.I,
)
# An appointment the sentence itself takes or names ("un seul rendez-vous suffit", "réservez
# votre créneau en ligne"): it does not go without one.
_APPOINTMENT_TAKEN = re.compile(
    r"\b(?:réservez|prenez|réserver|prendre) (?:votre |un |vos )?(?:rendez-vous|rdv|créneau)s?\b(?! au guichet)|"
    r"\bun (?:seul )?(?:rendez-vous|rdv)\b",
    re.I,
)
# Words of going with or without an appointment, and of when: not what the sentence and a
# fact are about (lemmas are compared without accents).
_APPOINTMENT_LEMMAS = frozenset(
    strip_accents(w)
    for w in ("rendez-vous", "rdv", "réserver", "réservation", "prendre", "créneau", "besoin",
              "peine", "passer", "venir", "inutile", "nécessaire", "obligatoire", "arranger",
              "convenir", "auprès", "matin", "après-midi", "lundi", "mardi", "mercredi", "jeudi",
              "vendredi", "samedi")
)  # fmt: skip
# An appointment a fact requires: "sur rendez-vous", "le rendez-vous est obligatoire".
_BY_APPOINTMENT = re.compile(
    r"\bsur (?:rendez-vous|rdv)\b|\b(?:rendez-vous|rdv) (?:est |sont )?obligatoires?\b", re.I
)
_WITHOUT_APPOINTMENT = re.compile(r"\bsans (?:rendez-vous|rdv|réservation)\b", re.I)
_DENIAL = re.compile(
    r"\bil n['’]y a (?:pas|plus|aucune?)\b(?: (?:de |d['’])| )?([a-zéèêàç]+)?|\bn['’]existe (?:pas|plus)\b|\baucune? ([a-zéè]+)(?: (?P<adj>[a-zéè]+))? (?:ne\b|n['’])"
    # "nous ne faisons pas de visites à domicile" against "la visite d'un agent du CCAS"
    r"|\b(?:nous )?ne (?:faisons|proposons|organisons|assurons|délivrons|prenons) (?:pas|plus|jamais) (?:de |d['’])([a-zéèêàç]+)(?=\s*(?:[.,;:!?]|$|à domicile))"
    # "nous n'avons pas d'ordinateur", "la vaisselle n'est pas fournie"
    r"|\bnous n['’]avons (?:pas|plus|jamais) (?:de |d['’])([a-zéèêàç]+)"
    r"|\b(?:la |le |les |l['’])([a-zéèêàç]+) n['’](?:est|sont) (?:pas|plus|jamais) (?:fourni|inclus|prévu|proposé|mis à disposition)",
    re.I,
)
# Words after a noun that make no other kind of it ("aucune pièce jointe n'est demandée").
_NOT_RESTRICTING = frozenset(["joint", "jointe", "joints", "jointes"])
# Nouns of idioms that deny nothing a fact states ("il n'y a aucune urgence", "pas de souci").
_IDIOMS = frozenset(
    ["urgence", "souci", "soucis", "probleme", "lieu", "doute", "raison", "besoin", "inquietude"]
)
_REF_NEGATION = re.compile(r"\b(?:ne|n['’]|pas|aucune?|jamais)\b", re.I)
# A fact going without the denied thing denies it too ("sans condition de ressources"), not
# one that punishes going without it ("un abattage sans autorisation est passible d'une
# amende") nor one where it qualifies another thing ("une permanence sans rendez-vous").
_PENALTY = re.compile(
    r"\b(?:passible|amende|sanction\w*|interdite?s?|illégale?s?|refusée?s?|rejetée?s?|"
    r"irrecevables?|verbalisée?s?|contraventions?)\b",
    re.I,
)
_WITHOUT_WORD = re.compile(r"\bsans\b", re.I)


def _without(noun: str, text: str) -> bool:
    return bool(
        re.search(rf"\bsans (?:aucune? )?{re.escape(noun)}", strip_accents(text.lower()))
    ) and not _PENALTY.search(text)


# A permit, an authorisation or a declaration a fact requires ("nécessite un permis de
# végétaliser", "doit signer une autorisation", "doit faire l'objet d'une autorisation"),
# against a claim that no formality is needed ("pas de paperasse", "aucune démarche à faire").
_FORMALITY = r"(?:permis|autorisation|déclaration|dossier|demande|formalité|démarche)s?"
_FORMALITY_REQUIRED = re.compile(
    rf"\b(?:nécessite|nécessitent|requiert|exige|soumise?s? à)\s+(?:une? |l['’]|la |le )?{_FORMALITY}\b|"
    rf"\b(?:doit|doivent|devez)\s+(?:d['’]abord\s+)?(?:faire l['’]objet d['’]une?|obtenir|signer|déposer|"
    rf"remplir|demander)\s+(?:une? |l['’]|la |le )?(?:préalable(?:ment)?\s+)?{_FORMALITY}\b",
    re.I,
)
_NO_FORMALITY = re.compile(
    r"\b(?:pas de|aucune?) (?P<what>paperasse|papiers? à remplir|démarches?|formalités?|"
    r"autorisations?|permis|déclarations?)\b|\brien à (?:remplir|déclarer|demander)\b|"
    r"\bpas besoin (?:d['’](?:une )?(?P<what2>autorisation)|de (?P<what3>permis|déclaration)|"
    r"de (?:demander|faire une demande))\b",
    re.I,
)
# What makes "pas de démarche" a case apart or a next step, not the rule denied: a threshold
# ("pour un abri de moins de 5 m²"), a step done ("une fois votre autorisation obtenue",
# "pas de démarche supplémentaire"), someone else's lack ("ces vendeurs n'ont aucune
# autorisation"), the requirement stated beside it ("le permis est obligatoire").
_FORMALITY_CASE = re.compile(
    r"\b(?:moins de|plus de|au-delà|en dessous|\d|une fois|supplémentaires?|plus aucune?|déjà|"
    r"obtenue?s?|acceptée?s?|accordée?s?|n['’]ont|ont aucune?|obligatoires?|soumise?s?|il faut)\b",
    re.I,
)
# The formality's own words, and greetings: not what the sentence is about.
_FORMALITY_WORDS = re.compile(
    r"\b(?:paperasse|papiers?|remplir|démarches?|formalités?|autorisations?|permis|déclar\w*|"
    r"besoin|aucune?|demander|dossiers?|nécessaire|bonjour|merci|lancez)\b",
    re.I,
)
# A fact's clause, and a fact that denies or forbids: "et non un permis de construire",
# "qu'ils utilisent ou non le service", "il est interdit de couper les branches".
_FACT_CLAUSE = re.compile(r"[;,.:()]")
_FACT_DENIES = re.compile(
    r"\b(?:ne|n['’]|pas|aucune?|jamais|non|sans|interdite?s?|impossible)\b", re.I
)


def _no_formality_claim(sentence: str, references: list[Text]) -> bool:
    """A claim that no formality is needed, where some fact requires one and none rules out
    the formality named ("pas de permis de construire" against "une déclaration préalable,
    et non un permis de construire")."""
    claim = _NO_FORMALITY.search(sentence)
    if not claim or _FORMALITY_CASE.search(sentence):
        return False
    subject = fx.content_stems(_FORMALITY_WORDS.sub(" ", sentence))
    # the fact requiring one shares a word with the sentence ("pour quelques fleurs au pied
    # d'un arbre" and "jardiner au pied d'un arbre nécessite un permis")
    if not any(_FORMALITY_REQUIRED.search(r.text) and subject & r.stems for r in references):
        return False
    what = (claim.group("what") or claim.group("what2") or claim.group("what3") or "").lower()
    return not any(
        _NO_FORMALITY.search(r.text)
        or (
            what
            and any(
                what.rstrip("s") in clause.lower() and _FACT_DENIES.search(clause)
                for clause in _FACT_CLAUSE.split(r.text)
            )
        )
        for r in references
    )


# A claim denying, in a fact's own words, what the fact affirms: "la mairie n'accueille pas
# de volontaires" against "la mairie accueille 4 volontaires", "l'enlèvement n'est pas encore
# programmé" against "l'enlèvement … est programmé le jeudi 12 juin". The one denying is
# named as in the fact, or is the account itself ("nous ne proposons pas de…"); an
# imperative ("ne coupez pas les branches") gives advice, it denies nothing.
_DENIED_ACTION = re.compile(
    r"\b(?P<who>[a-zéèêàçû]+)\s+(?:ne|n['’])\s*(?P<verb>[a-zéèêàçû]{4,}(?<!ez)) (?:pas|plus|jamais) "
    r"(?:de |d['’]|les |la |le |l['’])\s*(?P<noun>[a-zéèêàçû]{4,})|"
    # an ability denied: "le chauffeur n'est pas autorisé à aider", "les particuliers ne
    # peuvent pas réserver" (against "le chauffeur peut aider à porter les courses")
    r"\b(?P<able>[a-zéèêàçû]{4,})\s+(?:ne (?:peut|peuvent|pourra|pourront) (?:pas|plus|jamais)|"
    r"n['’](?:est|sont) (?:pas|plus|jamais) (?:autorisée?s?|habilitée?s?|en mesure) (?:à|de|d['’]))"
    r"\s*(?P<ability>[a-zéèêàçû]{4,})|"
    r"(?<!votre )(?<!vos )(?<!ton )(?<!ta )(?<!tes )(?<!mon )(?<!ma )(?<!mes )"
    r"\b(?P<subject>[a-zéèêàçû]{4,}) (?:ne|n['’])\s*(?:est|sont) (?:pas|jamais) (?:encore |toujours )?"
    r"(?P<state>[a-zéèêàçû]{4,})",
    re.I,
)
_THE_ACCOUNT = frozenset({"nous", "on"})
# The denying clause must say nothing the fact does not: "la mairie ne célèbre pas de
# mariages le dimanche" restricts "la mairie célèbre les mariages du lundi au samedi", it
# does not deny it. Hedges and times of the denial are not content.
_CLAUSE_END = re.compile(r"[,;:.!?()]|\bmais\b|\bseulement\b|\buniquement\b")
_HEDGES = frozenset(
    fx.stem(w)
    for w in ("malheureusement", "encore", "toujours", "moment", "actuellement", "désormais",
              "jamais", "pour", "nous", "vous", "sommes", "bonjour", "désolé", "désolés",
              "autorisé", "habilité", "mesure", "revanche", "contre", "toutefois", "cependant",
              "attention")
)  # fmt: skip


def _denies_a_fact(sentence: str, references: list[Text]) -> bool:
    """Whether the sentence denies an action or a state that a fact without negation states
    with the same words (`_DENIED_ACTION`), no fact denying them too."""
    for m in _DENIED_ACTION.finditer(fx.POLITE_NEGATION.sub(" ", sentence)):
        if m.group("verb"):
            who = m.group("who").lower()
            words = (m.group("verb"), m.group("noun")) + (() if who in _THE_ACCOUNT else (who,))
        elif m.group("state"):
            words = m.group("subject", "state")
        elif _WITHOUT_WORD.search(sentence):
            continue  # "sans badge, les particuliers ne peuvent pas accéder": the fact's condition
        else:
            words = m.group("able", "ability")
        stems = {fx.stem(w.lower()) for w in words}
        stating = [r for r in references if stems <= r.stems]
        if not stating or any(_FACT_DENIES.search(r.text) for r in stating):
            continue
        start = max((c.end() for c in _CLAUSE_END.finditer(sentence, 0, m.start())), default=0)
        end = next((c.start() for c in _CLAUSE_END.finditer(sentence, m.end())), len(sentence))
        if m.group("able"):
            start, end = 0, len(sentence)  # "en semaine, les particuliers ne peuvent pas…"
        said = fx.content_stems(sentence[start:end]) - _HEDGES
        if any(said <= r.stems | fx.content_stems(r.text) for r in stating):
            return True
    return False


# A condition waived in so many words ("même sans garage ni place privée", "même s'ils
# viennent seuls") against a fact on the same subject that sets it ("aux résidents qui
# disposent d'un garage", "les moins de 12 ans accompagnés d'un adulte").
_EVEN_WITHOUT = re.compile(
    r"\bmême sans (?:une? |la |le |les |l['’]|leurs? |son |sa |ses |votre |vos )?([\w-]{4,})", re.I
)
_ALONE = re.compile(
    r"\b(?:même s['’]ils? (?:vien\w+|(?:sont|est|viendr\w+)(?: tout)?) seule?s?|même seule?s?|"
    r"non accompagnée?s?|sans (?:être accompagnée?s?|adulte|parent|accompagnateur))\b",
    re.I,
)
_CONDITION_ON = re.compile(
    r"\b(?:qui (?:dispose|disposent|possède|possèdent|ont|a) (?:d['’]une?|un|une)|"
    r"à condition (?:d['’]avoir|de disposer d['’]une?|de posséder)|titulaires? d['’]une?|munie?s? d['’]une?)\s+([\w-]{4,})",
    re.I,
)
# Accompaniment required ("doivent être accompagnés d'un adulte", "les moins de 12 ans
# accompagnés d'un adulte"; not "peuvent être accompagnées d'un aidant").
_ACCOMPANIED = re.compile(
    r"(?<!peuvent être )(?<!peut être )\baccompagnée?s? (?:d['’]un|par un|d['’]une|par une)\b", re.I
)
# An age or a stage from which the condition no longer holds ("à partir de 8 ans", "après
# la première séance"), another aid ("pour d'autres aides").
_BEYOND = re.compile(r"\b(?:à partir de|dès|plus de|au-delà de|après)\b|\bautres?\b", re.I)


def _condition_waived(sentence: str, topical: list[Text]) -> bool:
    """A condition waived ("même sans garage", "même s'ils viennent seuls") against a fact
    setting it, on what the fact is about: two words shared besides the condition's own."""
    lowered = sentence.lower()
    if not ("même" in lowered or "accompagn" in lowered or "sans " in lowered):
        return False  # a cheap test first: most sentences waive nothing
    if _BEYOND.search(sentence):
        return False
    if _ALONE.search(sentence) and any(_ACCOMPANIED.search(r.text) for r in topical):
        return True
    waived = {fx.stem(m.group(1).lower()) for m in _EVEN_WITHOUT.finditer(sentence)}
    if not waived:
        return False
    words = fx.content_stems(sentence)
    for r in topical:
        conditions = list(_CONDITION_ON.finditer(r.text))
        if not waived & {fx.stem(m.group(1).lower()) for m in conditions}:
            continue
        # the condition's words ("carte de résident") do not make the sentence about the fact
        own = set().union(*(fx.content_stems(r.text[m.start() : m.end() + 20]) for m in conditions))
        if len((words & fx.content_stems(r.text)) - own) >= 2:
            return True
    return False


# What a fact includes explicitly ("y compris dans les hameaux", "y compris le dimanche"),
# denied by a sentence on the same subject ("la navette ne dessert pas les hameaux").
_INCLUDED = re.compile(
    r"\by compris (?:dans |pour |à |aux |au |en |sur )?(?:les |la |le |l['’]|des |du )?([\w-]{4,})",
    re.I,
)


def _inclusion_denied(sentence: str, topical: list[Text]) -> bool:
    """What a fact includes ("y compris dans les hameaux") denied by a sentence whose subject
    is the fact's ("la navette ne dessert pas les hameaux"; not "les tarifs ne changent pas
    le dimanche" against "la piscine est ouverte y compris le dimanche"), or excepted as it
    is ("hors mercredi", not "hors mercredi après-midi" against "y compris le mercredi
    matin")."""
    facts = [
        (included, head) for r in topical for included, head in [_inclusions(r.text)] if included
    ]
    if not facts:
        return False
    plain = fx.POLITE_NEGATION.sub(" ", sentence)
    for included, head in facts:
        for m in _DENIED_ITEM.finditer(plain):
            if m.group("item") and fx.stem(m.group("item").lower()) in included:
                if fx.stem(m.group("who").lower()) == head:
                    return True
            elif m.group("excepted") and fx.stem(m.group("excepted").lower()) in included:
                return True
    return False


@functools.lru_cache(maxsize=2048)
def _inclusions(fact: str) -> tuple[frozenset[str], str | None]:
    """What a fact includes explicitly, and its subject's stem (once per fact)."""
    included = frozenset(fx.stem(m.group(1).lower()) for m in _INCLUDED.finditer(fact))
    return included, fx.head_stem(fact) if included else None


_DENIED_ITEM = re.compile(
    r"\b(?P<who>[\w-]{4,})\s+(?:ne|n['’])\s*[\w-]+ (?:pas|plus|jamais) (?:\w+ ){0,2}?"
    r"(?:les |la |le |l['’]|des |du |aux |au |dans les |en )?(?P<item>[\w-]{4,})\b|"
    r"\b(?:sauf|hors|excepté) (?:les |la |le |l['’]|des |du |dans les |en )?(?P<excepted>[\w-]{4,})\b"
    r"(?! (?:matin|après-midi|soir|\d))",
    re.I,
)


# A date said unknown ("les dates ne sont pas encore fixées", "pas encore de date", "aucune
# date n'est arrêtée") against a fact on the same subject that gives one.
_NO_DATE_YET = re.compile(
    r"\b(?:pas encore (?:été )?(?:fixée?s?|connue?s?|programmée?s?|définie?s?|arrêtée?s?|décidée?s?|"
    # not "elles n'ont pas de date de validité"
    r"planifiée?s?|communiquée?s?)|pas encore de date|pas de date(?! (?:de |d['’]|limite))|aucune date|"
    r"(?:date|calendrier)s? (?:n['’](?:est|a)|ne sont) pas encore)\b",
    re.I,
)


def _date_said_unknown(sentence: str, topical: list[Text]) -> bool:
    """`_NO_DATE_YET` against a fact on the sentence's subject that states a date."""
    return bool(_NO_DATE_YET.search(sentence)) and any(r.quantities.dates for r in topical)


def _appointment_required(lemmas: set[str], references: list[Text]) -> bool:
    """Whether a fact requires an appointment for what the sentence (its `lemmas`) is about:
    it shares a word with it ("le dépôt des passeports se fait sur rendez-vous" for a
    deposit), or names no subject of its own ("le rendez-vous est obligatoire ; il se prend
    à l'accueil")."""
    subject = lemmas - _STOP_LEMMAS - _APPOINTMENT_LEMMAS
    for reference in references:
        if _BY_APPOINTMENT.search(reference.text):
            own = reference.lemma_set - _STOP_LEMMAS - _APPOINTMENT_LEMMAS - _WAY_LEMMAS
            if not own or own & subject:
                return True
    return False


def _polarity_conflicts(sentence: str, lemmas: set[str], references: list[Text]) -> set[str]:
    """Contradictions without quantities: direct access against an appointment-only fact,
    denial of something an affirmative fact states ("il n'y a pas de permanence")."""
    found = set()
    if (
        _DIRECT_ACCESS.search(sentence)
        and not _DENIAL.search(sentence)
        and not _APPOINTMENT_TAKEN.search(_DIRECT_ACCESS.sub(" ", sentence))
        and _appointment_required(lemmas, references)
        and not any(_WITHOUT_APPOINTMENT.search(r.text) for r in references)
    ):
        found.add("negation")
    if _no_formality_claim(sentence, references):
        found.add("negation")  # "pas de paperasse" against "nécessite un permis"
    if _denies_a_fact(sentence, references):
        found.add("negation")
    denial = _DENIAL.search(sentence)
    if denial:
        # The denied thing ("permanence", "médecin") must be what an affirmative fact states,
        # and no fact denies it too ("il n'existe plus de concession perpétuelle").
        noun = strip_accents(next((g for g in denial.groups() if g), "").lower())
        if noun in _IDIOMS:
            noun = ""  # "il n'y a aucune urgence à renouveler votre carte": no thing denied
        if (
            (adj := denial.group("adj"))
            and adj.lower() not in _NOT_RESTRICTING
            and not any(fx.stem(adj.lower()) in r.stems for r in references)
        ):
            return found  # "aucun dossier incomplet ne sera accepté": another kind of dossier
        if noun and any(
            (_REF_NEGATION.search(r.text) or _without(noun, r.text))
            and {noun, noun.rstrip("s")} & r.lemma_set
            for r in references
        ):
            return found
        for ref in references:
            if _REF_NEGATION.search(ref.text):
                continue
            shared = (lemmas & ref.lemma_set) - _STOP_LEMMAS
            if len(shared) >= 2 or (noun and {noun, noun.rstrip("s")} & ref.lemma_set):
                found.add("negation")
    return found


# Words that name a way, a place or a body: not what a sentence and a fact are about.
_WAY_LEMMAS = frozenset(
    (
        "accueil", "guichet", "ligne", "site", "internet", "courrier", "poste", "mail", "e-mail",
        "courriel", "téléphone", "place", "personne", "agence", "mairie", "secrétariat", "permanence",
        "portail", "espace", "domicile", "région", "département", "commune", "agglomération",
    )
)  # fmt: skip
# What the way is for: handing something in ("demande", "inscription", "dépôt") or getting
# something back ("envoyée", "à retirer"). A fact on how a card is sent says nothing of
# how it is asked for.
_ACTIONS = {
    "request": re.compile(
        r"\b(?:demand\w*|dépos\w*|dépôt|inscri\w*|formulaire|rempli\w*|réserv\w*|candidat\w*|signal\w*|"
        # "la commission se saisit par lettre recommandée" (not "saisir le numéro du badge")
        r"(?:commission|conciliat\w*|médiat\w*|tribunal|juge|défenseur)\b[^.;]{0,25}\bsaisi\w*|"
        r"saisi\w* (?:la |le |l['’])(?:commission|conciliat\w*|médiat\w*|tribunal|juge|défenseur)|"
        r"prenez rendez-vous|prendre rendez-vous|prise de rendez-vous)",
        re.I,
    ),
    "delivery": re.compile(
        r"\b(?:envoy\w*|expédi\w*|retir\w*|remise?s?|reçoi\w*|recev\w*|récupér\w*|livr\w*|distribu\w*)",
        re.I,
    ),
}


_FORM = re.compile(r"\bformulaire\b", re.I)


def _channel_conflict(
    claim: fx.Quantities, sentence: str, lemmas: set[str], references: list[Text]
) -> bool:
    """A way of doing something that the fact about the same thing excludes: "votre carte
    sera à retirer à l'accueil" against "la carte est envoyée par courrier", "uniquement à
    l'agence, pas en ligne" against "à l'agence ou dans l'espace client". The fact is the
    one on the same action (asking or receiving) sharing the most words with the sentence
    (ways, places and bodies left out), no other fact sharing as many: one word is enough
    for a sentence that rules a way out, two for one that sends the citizen another way."""
    if not (claim.channels or claim.denied_channels):
        return False
    actions = {name for name, pattern in _ACTIONS.items() if pattern.search(sentence)}
    if len(actions) > 1 and _FORM.search(sentence):
        actions = {"request"}  # a form to take and hand in asks ("le formulaire est à retirer")
    if len(actions) != 1:
        return False
    action = _ACTIONS[actions.pop()]
    # Words compared by their stems: "réservations" and "se réserve".
    subject = {fx.stem(w) for w in lemmas - _STOP_LEMMAS - _WAY_LEMMAS if len(w) > 3}
    ranked = sorted(
        (
            (len(subject & r.stems), r.quantities)
            for r in references
            if (r.quantities.channels or r.quantities.denied_channels) and action.search(r.text)
        ),
        key=lambda pair: pair[0],
    )
    if not ranked or ranked[-1][0] < 1 or (len(ranked) > 1 and ranked[-2][0] == ranked[-1][0]):
        return False
    closeness, fact = ranked[-1]
    if claim.denied_channels & fact.channels or (
        claim.only_channels and fact.channels - claim.only_channels and not fact.only_channels
    ):
        return True  # ruling out a way the fact offers
    return closeness >= 2 and bool(
        claim.channels & fact.denied_channels  # a way the fact rules out
        or (
            claim.sends_a_way
            and claim.channels
            and fact.channels
            and not claim.channels & fact.channels
        )
    )


# A half-day said in words: "l'après-midi uniquement", "ouvert du mardi au samedi le matin",
# "certains jeudis après-midi" (not "ce matin").
_HALF_DAY = re.compile(
    r"\b(?:le|en|dans la) (?P<morning>matin(?:ée)?)s?\b|(?:\bl['’]|\ben |\bdans l['’])(?P<afternoon>après-midi)\b|"
    # "certains jeudis après-midi", "le mardi matin"
    rf"\b(?:{'|'.join(fx._DAY_NAMES)})s? (?:(?P<morning_>matins?)|(?P<afternoon_>après-midi))\b",
    re.I,
)
_ONLY_HALF = re.compile(
    r"\b(?:uniquement|seulement|exclusivement)\b|\bn(?:e |['’])\w+ qu(?:e |['’])(?:le |l['’]|en |dans )",
    re.I,
)
# A schedule stated ("ouvert du mardi au samedi le matin", "le conciliateur est là certains
# jeudis après-midi"), not a call back announced on a day ("nous vous rappellerons lundi
# dans la matinée").
_OPENING = re.compile(
    r"\b(?:ouv\w*|reç\w*|recev\w*|accueill\w*|permanences?|horaires?|(?:est|sont) là|"
    r"tient|tiennent)\b",
    re.I,
)
# Not a schedule of the other half: a negation or a closure ("fermé le matin"), a preference
# ("de préférence le matin", "plus calme le matin"), an addition ("aussi l'après-midi"), an
# announcement ("vous rappellera dans la matinée").
_NOT_A_HALF_DAY_SCHEDULE = re.compile(
    r"\b(?:pas|ne|n['’]\w+|ferm\w*|sauf|préférence|calme|conseill\w*|évitez|aussi|également|en plus|rappel\w*)\b",
    re.I,
)


def _half_day_conflict(claim: fx.Quantities, sentence: str, topical: list[Text]) -> bool:
    """A schedule given as a half-day, without clock times ("uniquement l'après-midi du
    lundi au vendredi", "ouvert du mardi au samedi le matin"), against a fact on the same
    subject whose every time is in the other half of the day ("de 8 h 30 à 12 h")."""
    if claim.hours:
        return False
    only = _ONLY_HALF.search(sentence)
    if not (only or (claim.days and _OPENING.search(sentence))):
        return False
    if _NOT_A_HALF_DAY_SCHEDULE.search(_ONLY_HALF.sub(" ", sentence)):
        return False
    halves = {
        name.rstrip("_")
        for m in _HALF_DAY.finditer(sentence)
        for name, v in m.groupdict().items()
        if v
    }
    if len(halves) != 1:
        return False
    for ref in topical:
        times = ref.quantities.hours
        if not times:
            continue
        if "afternoon" in halves and max(times) <= 13 * 60:
            return True  # the fact opens in the morning only
        if "morning" in halves and min(times) >= 12 * 60:
            return True  # the fact opens in the afternoon only
    return False


# Office hours only ("il n'est joignable qu'aux heures de bureau", "en dehors des heures de
# bureau, personne ne peut intervenir") against a service open round the clock.
_OFFICE_HOURS_ONLY = re.compile(
    r"(?:\bqu['’]|\buniquement |\bseulement )aux heures (?:de bureau|d['’]ouverture)|"
    r"\ben dehors des heures (?:de bureau|d['’]ouverture)\b[^.;]{0,40}\b(?:personne|aucune?|pas|fermée?s?)\b",
    re.I,
)
_ROUND_THE_CLOCK_WORDS = re.compile(
    r"\b24 ?h ?/ ?24|\b24 heures sur 24|\b7 ?j ?/ ?7|\b7 jours sur 7|\bjour et nuit|\bastreinte",
    re.I,
)


# A sentence that names the round-the-clock service itself ("ne répond qu'aux heures
# d'ouverture ; en dehors, appelez l'astreinte").
_ON_CALL = re.compile(r"\b(?:astreinte|urgen\w*|24 ?h ?/ ?24|24 heures sur 24)", re.I)
_NOT_URGENT = re.compile(r"\bnon urgente?s?\b", re.I)
_EVERY_WEEKDAY = re.compile(r"\b7 ?j ?/ ?7|\b7 jours sur 7", re.I)


def _office_hours_only(sentence: str, topical: list[Text]) -> bool:
    """`_OFFICE_HOURS_ONLY` against a fact on the same subject open round the clock (not
    "7j/7 de 8h à 20h", open every day at set hours)."""
    office = "heures" in sentence and _OFFICE_HOURS_ONLY.search(sentence)
    if not office or _ON_CALL.search(sentence, office.end()) or _NOT_URGENT.search(sentence):
        return False  # the on-call service offered after it, or a matter said not urgent
    return any(
        _ROUND_THE_CLOCK_WORDS.search(
            _EVERY_WEEKDAY.sub(" ", r.text) if r.quantities.hours else r.text
        )
        for r in topical
    )


# Days said to be the only ones: "joignable du lundi au vendredi uniquement", "ouvert
# seulement le mardi", "elle n'ouvre que le samedi".
_ONLY_DAYS = re.compile(
    rf"\b(?:uniquement|seulement|exclusivement) (?:du |le |les )?(?:{fx._DAYS_ALT})|"
    rf"\bn(?:e |['’])[\w-]+ (?:\w+ )?que (?:du |le |les )?(?:{fx._DAYS_ALT})|"
    rf"\b(?:{fx._DAYS_ALT})s?(?: (?:au|à) (?:{fx._DAYS_ALT}))? (?:uniquement|seulement|exclusivement)\b",
    re.I,
)
# The days a service opens or answers (not "les ateliers ont lieu le mercredi").
_OPENS = re.compile(
    r"\b(?:ouv\w*|reç\w*|reçoi\w*|recev\w*|accueill\w*|joignable|joindre|accessible|répond\w*|"
    r"permanence)",
    re.I,
)


def _only_days_conflict(claim: fx.Quantities, sentence: str, topical: list[Text]) -> bool:
    """Days said to be the only ones, fewer than those a fact on the same subject opens, and
    no such fact opening exactly those."""
    if not claim.days or not _ONLY_DAYS.search(sentence) or not _OPENS.search(sentence):
        return False
    opens = [r.quantities.days - r.quantities.closed for r in topical]
    return any(claim.days < days for days in opens) and claim.days not in opens


# A weekday of the month: "le 1er jeudi du mois", "chaque deuxième mardi du mois".
_NTH_DAY = re.compile(
    rf"\b(1er|premiers?|1re|2e|2ème|deuxièmes?|seconde?|3e|3ème|troisièmes?|4e|4ème|quatrièmes?|"
    rf"derniers?)s? ({fx._DAYS_ALT})s? (?:du|de chaque|de tous les) mois\b",
    re.I,
)
_NTH = {"1": 1, "p": 1, "2": 2, "d": 2, "s": 2, "3": 3, "t": 3, "4": 4, "q": 4}


_CALENDAR = frozenset(
    fx.stem(w) for w in (*fx._DAY_NAMES, "mois", "premier", "première", "deuxième", "second",
                         "seconde", "troisième", "quatrième", "dernier", "dernière", "chaque")
)  # fmt: skip


def _nth_days(text: str) -> set[tuple[int, str]]:
    return {
        (-1 if m.group(1).lower().startswith("dernier") else _NTH[m.group(1)[0].lower()],
         m.group(2).lower())
        for m in _NTH_DAY.finditer(text)
    }  # fmt: skip


def _nth_day_conflict(sentence: str, topical: list[Text]) -> bool:
    """Another weekday of the month than the one a fact on the same subject gives: "le 1er
    jeudi du mois" against "le 2e jeudi du mois"."""
    said = _nth_days(sentence) if "mois" in sentence else set()
    if not said:
        return False
    # the fact on the same event, sharing two words besides the days ("la juriste de l'ADIL
    # tient une permanence"; not the venue alone: "la médiathèque propose une heure du conte")
    words = fx.content_stems(sentence) - _CALENDAR
    stated = [_nth_days(r.text) for r in topical if len(words & fx.content_stems(r.text)) >= 2]
    return any(s and not said & s for s in stated) and not any(said <= s for s in stated)


_SINCE_DAY = re.compile(rf"\bdepuis (?:le |ce )?(?:{fx._DAYS_ALT})\b", re.I)


def _days_closest(claim: fx.Quantities, references: list[Text], lemmas: set[str]) -> bool:
    """Whether the facts opening on the claim's days are as close to the claim (words shared)
    as the closest fact its days contradict: "le balayage des pistes a lieu chaque vendredi"
    meets "un balayage mécanique des pistes est programmé chaque lundi", not the police's
    "du lundi au samedi"."""

    def closeness(ref: Text) -> int:
        return len((lemmas & ref.lemma_set) - _STOP_LEMMAS)

    against = [
        closeness(r)
        for r in references
        if "days" in fx.conflicts(r.quantities, claim)
        # a weekly schedule, not the day of an event ("en panne depuis lundi 19 janvier")
        and not r.quantities.dates
        and not _SINCE_DAY.search(r.text)
    ]
    if not against:
        return True
    opening = [
        closeness(r) for r in references if claim.days & (r.quantities.days - r.quantities.closed)
    ]
    return bool(opening) and max(opening) >= max(against)


def _days_agree_with_hours_fact(claim: fx.Quantities, references: list[Text]) -> bool:
    """Whether the fact that states the claim's very hours accepts its days: "Accueil du
    lundi au vendredi, 9h-12h" is about the fact giving 9h-12h, not about another fact's
    "collecte le mardi"."""
    anchors = [r for r in references if claim.hours and claim.hours <= r.quantities.hours]
    return bool(anchors) and all("days" not in fx.conflicts(r.quantities, claim) for r in anchors)


def _body_agrees(body: str, references: list[Text], lemmas: set[str], own: frozenset[str]) -> bool:
    """Whether some fact names `body`, and is closer to the claim's subject than any fact
    that denies it: "la bourse nationale se demande auprès du collège" agrees with the fact
    on that bourse, not with "ni le collège ni la CAF ne reçoivent les demandes" (another
    aid), while "adressez-vous à la caisse de retraite" for the APA meets its denial."""
    same = fx.same_bodies({body})

    def closeness(ref: Text) -> int:
        return len((lemmas & ref.lemma_set) - _STOP_LEMMAS)

    naming = [closeness(r) for r in references if same & fx.same_bodies(r.quantities.bodies)]
    denying = [
        closeness(r) for r in references if same & fx.same_bodies(r.quantities.denied_bodies)
    ]
    if same <= own and not denying:
        return True  # the audited structure itself: only a denial counts
    return bool(naming) and max(naming) > max(denying, default=-1)


_POOLED = (
    "hours",
    "amounts",
    "phones",
    "dates",
    "days",
    "closed",
    "delays",
    "delay_ranges",
    "measures",
    "channels",
    "order",
)


def _pooled(references: list[Text]) -> dict[str, set]:
    """Every value of each kind that some fact states (once per exchange, not per sentence)."""
    pooled = {
        name: set().union(*(getattr(r.quantities, name) for r in references)) for name in _POOLED
    }
    # the days a fact opens, not those it names as closed ("fermée le lundi")
    pooled["days"] = set().union(*(r.quantities.days - r.quantities.closed for r in references))
    return pooled


def _paid_in_words_only(reference: Text) -> bool:
    """A fact saying something is paid, without a sum and free of nothing ("son coût est à la
    charge du détenteur")."""
    q = reference.quantities
    return q.paid and not q.amounts and not q.free


def _agreeing_kinds(
    claim: fx.Quantities,
    references: list[Text],
    lemmas: set[str],
    pooled: dict[str, set],
    own: frozenset[str],
) -> set[str]:
    """Kinds whose values some reference fact states: not a contradiction of another fact
    (`pooled` is `_pooled(references)`, `own` the audited structure's bodies)."""
    agree = set()
    for kind in ("hours", "amounts", "phones", "dates"):
        values = getattr(claim, kind)
        if values and values <= pooled[kind]:
            agree.add(kind)
    if claim.sends_a_way and claim.channels <= pooled["channels"]:
        agree.add("channel")  # a way some fact offers ("renseignements par téléphone")
    if claim.limits and claim.limits <= pooled["measures"]:
        agree |= {"measures", "thresholds"}
    if "amounts" in agree:
        agree.add("price")  # a price the facts state, whatever another fact says is free
    days = pooled["days"]
    if (
        claim.days
        and claim.days <= days
        and not claim.closed
        and _days_closest(claim, references, lemmas)
    ):
        agree.add("days")
    if claim.closed and claim.closed <= pooled["closed"] and (not claim.days or claim.days <= days):
        agree.add("days")  # "fermée le samedi matin" as a fact says, whatever another opens
    delays = pooled["delays"]
    if claim.delays and delays and fx._close(claim.delays, delays, pooled["delay_ranges"]):
        agree.add("delays")
    if not claim.delays and fx.vague_agrees(claim, (r.quantities for r in references)):
        agree.add("delays")  # "quelques jours" as a fact's "sous 5 jours"
    if claim.free and any(r.quantities.free for r in references):
        agree.add("price")
    if claim.paid and not claim.amounts and any(_paid_in_words_only(r) for r in references):
        agree.add("price")  # "à vos frais" for what a fact says the citizen pays, sum untold
    if claim.bodies and all(_body_agrees(b, references, lemmas, own) for b in claim.bodies):
        agree.add("bodies")  # a body the facts name elsewhere ("la mairie transmet à l'ANTS")
    if (
        claim.months
        and any(claim.months & r.quantities.months for r in references)
        and not claim.dates
    ):
        agree.add("dates")
    return agree


def _condition_agrees(claim: fx.Quantities, sentence: str, references: list[Text]) -> bool:
    """Whether the claim sets aside a condition of a kind some fact sets aside too ("l'APA
    n'est pas soumise à condition de ressources", as a fact says), and no other."""
    return bool(
        claim.no_condition
        and claim.condition_kinds
        and not claim.restricts
        and not fx.NO_CONDITION_OF_ANY_KIND.search(sentence)
        and any(
            r.quantities.no_condition and claim.condition_kinds <= r.quantities.condition_kinds
            for r in references
        )
    )


# ---------------------------------------------------------------- rules per criterion


def spans_of(replies: list[Reply], *names: str) -> Evidence:
    return [(r.index, s, e) for r in replies for name in names for s, e in r.spans.get(name, ())]


def spelling_errors(replies: list[Reply]) -> Evidence:
    """Each slip once: a word both unknown and a grammar slip ("vous etes") is one error."""
    errors: Evidence = []
    for i, s, e in sorted(spans_of(replies, "sms", "typo", "grammar")):
        if not any(i == j and s < f and a < e for j, a, f in errors):
            errors.append((i, s, e))
    return errors


# Phrases that introduce the request's subject: "votre question sur le FSL", "concernant le
# PAI de votre fils", "pour les dérogations scolaires, …", "s'agissant de la cantine"; not
# "pour toute question sur l'urbanisme", which names a domain (docs/rubric-questions.md, 4).
_SUBJECT_FRAME = re.compile(
    r"(?:\b(?:concernant|au sujet d[eu']|à propos d[eu']|relati(?:ve|f)s? (?:à|aux?)|quant (?:à|aux?)|"
    r"s['’]agissant d[eu']|en ce qui concerne|portant sur|pour ce qui (?:est|concerne)|"
    r"(?<!toute )(?<!toutes )(?:question|demande|message|dossier|réclamation|signalement)s? (?:sur|de|d['’]|pour|au sujet d[eu'])|"
    r"pour(?= votre | vos ))|"
    r"(?:^|[.!?]\s*|,\s*|@\w+\s+|\bbonjour\W+)pour\b(?!\s+(?:tou|que\b|qu['’]|rappel|info|cela|ce faire|plus|en savoir)))"
    r"\s*(?:le |la |les |l['’]|votre |vos |un |une |ce |cette |ces )?",
    re.I,
)
# A deflection that cites a whole domain: "pour toute question concernant…", "pour en savoir
# plus sur…".
_ANY_QUESTION = re.compile(
    r"\bpour\s+(?:tou(?:te|s|tes)\b|plus d['’]info|en savoir plus)[^.!?]{0,40}$", re.I
)


def framed_subject(replies: list[Reply], subject: Evidence) -> bool:
    """Whether a subject word follows a phrase that introduces it (`_SUBJECT_FRAME`)."""
    for i, s, _ in subject:
        text = replies[i].text
        for m in _SUBJECT_FRAME.finditer(text, max(0, s - 60), s):
            if (
                s - m.end() <= 25
                and not re.search(r"[.!?;:,]", text[m.end() : s])
                and not _ANY_QUESTION.search(text, max(0, m.start() - 60), m.start())
            ):
                return True
    return False


# Words of handling any request (convention 7's "votre demande"): receiving, passing on,
# answering, studying, accompanying, and the generic nouns of a request ("votre situation",
# "cette démarche", "le signalement"). Accent-free lemmas, as in `Reply.lemmas`.
_HANDLING_LEMMAS = frozenset(
    [
        "recevoir", "transmettre", "envoyer", "ecrire", "reponse", "repondre", "etudier",
        "traiter", "revenir", "accompagner", "gerer", "trouver", "prendre", "aupres",
        "situation", "demarche", "signalement", "commune", "conseiller",
    ]
)  # fmt: skip


def restated_subject(replies: list[Reply], topic_evidence: Evidence) -> Evidence:
    """The request's subject words that restate it (convention 7): not those naming where
    to go ("contactez le service État civil", a bare URL), nor the words of handling any
    request ("nous avons bien reçu", "transmis au service")."""
    where_to_go = {
        (r.index, s, e) for r in replies for name in ("url", "named_destination", "email") for s, e in r.spans.get(name, ())
    }  # fmt: skip
    lemma_at = {
        (r.index, *span): lemma
        for r in replies
        for lemma, span in zip(r.lemmas, r.lemma_spans, strict=False)
    }
    return [
        (i, s, e) for i, s, e in topic_evidence
        if lemma_at.get((i, s, e)) not in _HANDLING_LEMMAS
        and not any(i == wi and ws <= s and e <= we for wi, ws, we in where_to_go)
    ]  # fmt: skip


def tone_violations(replies: list[Reply]) -> Evidence:
    """What fails `respectful_tone`: dismissive, blaming or sarcastic words, shouting, an
    eye-roll or a shrug, and curt replies (convention 6), each with its span."""
    rude = spans_of(replies, "dismissive", "caps", "exclamations")
    rude += [
        (r.index, m.start(), m.end()) for r in replies for m in _DISMISSIVE_EMOJI.finditer(r.text)
    ]
    return rude + [(r.index, r.start, len(r.text)) for r in replies if _curt(r)]


def rule_decisions(
    replies: list[Reply],
    intents: list[str],
    persona: dict,
    kind: str,
    topic_evidence: Evidence,
    present: list[str],
    contradiction: list[str],
    subject: Evidence,
) -> dict[str, tuple[bool | None, Evidence]]:
    """The rule baseline of every boolean criterion, with the spans that decided it
    (`subject` is `restated_subject(replies, topic_evidence)`)."""
    any_answer = "answer" in intents
    out: dict[str, tuple[bool | None, Evidence]] = {}
    out["salutation"] = _presence(spans_of(replies, "greeting"))
    out["closing"] = _presence(spans_of(replies, "closing"))
    out["thanks"] = _presence(spans_of(replies, "thanks"))
    familiar = spans_of(replies, "second_singular", "familiar", "imperative_2sg")
    familiar = [f for f in familiar if "english" not in replies[f[0]].flags]
    out["register"] = (not familiar, familiar)
    disrespect = tone_violations(replies)
    out["respectful_tone"] = (not disrespect, disrespect)
    errors = spelling_errors(replies)
    out["spelling"] = (len(errors) <= 1, errors)
    names = [m for r in replies for m in name_matches(r, persona)]
    out["name_used"] = _presence(names)
    out["agent_identified"] = _presence(spans_of(replies, "signature"))
    generic = spans_of(replies, "generic_request")
    out["request_restated"] = (bool(subject), subject or generic)
    out["relevant"] = (any_answer, topic_evidence)
    action = means_to_proceed(replies)
    if kind == "complaint":
        # Convention 11: in complaints, an announced intervention date counts.
        action += [
            (r.index, s, e)
            for r in replies
            for s, e in r.spans.get("remedy", ())
            if _WHEN.search(r.text) or r.has("date") or r.has("delay")
        ]
    out["actionable"] = _presence(action)
    claims = [
        r for r, intent in zip(replies, intents, strict=False)
        if r.has("competence") or (intent in ("auto_reply", "redirect_other", "refusal") and (r.has("hours") or r.has("price") or r.has("delay")))
    ]  # fmt: skip
    judged = bool(present or any_answer or contradiction or claims)
    out["accurate"] = (not contradiction if judged else None, [])
    waiting = bool(intents) and intents[0] != "answer"
    if waiting:
        announce = [(0, s, e) for s, e in replies[0].spans.get("announce", ())]
        out["acknowledgement"] = (
            _presence(announce) if intents[0] != "request_info" else (bool(announce), announce)
        )
        later = [i for i, intent in enumerate(intents[1:], 1) if intent == "answer"]
        follow = [(i, replies[i].start, len(replies[i].text)) for i in later]
        out["followup_kept"] = (bool(later), follow) if out["acknowledgement"][0] else (None, [])
    else:
        out["acknowledgement"] = out["followup_kept"] = (None, [])
    if any(i in REDIRECT_INTENTS for i in intents):
        redirects = [r for r, i in zip(replies, intents, strict=False) if i in REDIRECT_INTENTS]
        precise = spans_of(redirects, "private", *CONTACT_SPANS)
        out["redirect_precise"] = _presence(precise)
    else:
        out["redirect_precise"] = (None, [])
    if kind == "complaint":
        out["empathy"] = _presence(spans_of(replies, "apology"))
        out["remedy"] = _presence(spans_of(replies, "remedy"))
    else:
        out["empathy"] = out["remedy"] = (None, [])
    return out


_WHEN = re.compile(
    r"\b(?:demain|aujourd['’]hui|ce (?:matin|soir)|cet après-midi|(?:dans|ds) la semaine|lundi|mardi|"
    r"mercredi|jeudi|vendredi|samedi|tomorrow|today)\b",
    re.I,
)
# "le Département n'est pas compétent", "la Région ne gère pas …": the subject of a denial.
_DENIED_AFTER = re.compile(
    r"^\s*(?:n['’](?:est|assure|intervient|instruit|gère|délivre|traite|attribue|accorde) (?:pas|plus|jamais)|"
    r"ne [a-zéèê]+ (?:pas|plus|rien|jamais))",
    re.I,
)


def means_to_proceed(replies: list[Reply], *extra: str) -> Evidence:
    """Contacts, links, hours and named destinations that are a means to proceed
    (convention 11), without those a signature, a denial or "votre" voids."""
    found = spans_of(replies, *ACTION_SPANS, *extra)
    return [a for a in found if not _not_a_destination(replies, a)]


def _not_a_destination(replies: list[Reply], span: tuple[int, int, int]) -> bool:
    """A named service inside a signature, or the subject of a competence denial, is not a
    means to proceed."""
    i, s, e = span
    reply = replies[i]
    signed = [
        *reply.spans.get("signature", ()),
        *(t for t in reply.spans.get("team_signature", ()) if _signs(reply.text, *t)),
    ]
    if any(ss <= s < se or s <= ss < e for ss, se in signed):
        return True
    before, after = reply.text[max(0, s - 30) : s], reply.text[e:]
    if _TEAM_OF.search(reply.text[:s]) and not after.strip(" .!\n") or _WEBSITE_OF.search(before):
        return True  # signed "L'équipe du CCAS"; "le site de la médiathèque" without address
    generic = _GENERIC_BODY.search(reply.text[s:e])
    if generic and _YOUR_OWN.search(reply.text[max(0, s - 12) : s]):
        return True  # "votre mairie", "votre communauté de communes": any one, not a named one
    common = generic or _COMMON_PLACE.search(reply.text[s:e])
    if (of := _OF_YOUR_OWN.match(after)) and common and _GENERIC_BODY.match(after, of.end()):
        return True  # "le CCAS de votre commune", "l'accueil de votre médiathèque"
    if _DENIAL_CLAUSE.search(_POLITE_NEGATION.sub(" ", reply.text[max(0, s - 50) : s])):
        return True  # "ce n'est pas le CCAS qui aide", "n'est pas délivrée par France Services"
    return bool(_DENIED_AFTER.match(reply.text[e : e + 30]))


def _signs(text: str, start: int, end: int) -> bool:
    """A team name ("le service Urbanisme", "la mairie") signs the message when it opens
    its last, verbless fragment after other words ("… Bonne journée. Le service
    Urbanisme"), not a sentence ("Contactez le service Urbanisme", "Le service Déchets
    passe mardi.")."""
    before, tail = text[:start], text[end:]
    opens = bool(before.strip()) and (
        bool(re.search(r"[.!?\n–—-]\s*$", before))
        or bool(re.search(r",\s*$", before) and lx.CLOSING.search(before[-40:]))
    )
    return opens and len(tail) < 60 and not _SENTENCE_WORD.search(tail)


# A lowercase word of a sentence, not of a team's name ("de la ville", "des Sports").
_SENTENCE_WORD = re.compile(r"\b(?!(?:ville|mairie|commune|communes|communauté)\b)[a-zéèêàç]{4,}\b")


_TEAM_OF = re.compile(r"(?:^|[.!?\n–—-])\s*l['’]équipe\s+(?:du|de la|de l['’]|des)\s*$", re.I)
# Convention 11: a website named without its address is no means to proceed.
_WEBSITE_OF = re.compile(
    r"\b(?:site|page|compte (?:Facebook|Instagram))(?: (?!auprès)[\wéèêà'’-]+){0,3} (?:du|de la|de l['’]|des)\s*$",
    re.I,
)
# A destination the citizen must identify themselves (convention 11: generic).
_YOUR_OWN = re.compile(r"\b(?:votre|vos|leur|leurs|sa|son)\s+$", re.I)
# Kinds of body every citizen has one of ("votre CAF" is still the CAF, convention 11).
_GENERIC_BODY = re.compile(
    r"mairie|commune|communauté|agglo|intercommunalité|lycée|collège|école|département|région|"
    r"CCAS|médiathèque|bibliothèque|fournisseur|bailleur|syndic|caisse|crèche|domicile|secteur",
    re.I,
)
# Places that are anybody's until they are named ("l'accueil de votre médiathèque"); an
# organisation stays named ("la MDPH de votre département").
_COMMON_PLACE = re.compile(r"accueil|guichet|bureau|secrétariat", re.I)
_OF_YOUR_OWN = re.compile(r"\s*(?:de|du) (?:votre|vos|son|sa|leur) ", re.I)
# A body in a denial's clause: "ce n'est pas le CCAS qui…", "n'est pas délivrée par X".
_DENIAL_CLAUSE = re.compile(
    r"\b(?:n['’]est|ne sont|n['’]êtes|ne relève|ne relèvent) (?:pas|plus)\b(?:(?!\bmais\b)[^.;:!?,]){0,35}$",
    re.I,
)


def _presence(evidence: Evidence) -> tuple[bool, Evidence]:
    return bool(evidence), evidence


# Sarcasm without words: an eye-roll, a shrug, a laugh at the citizen, a smirk, an
# upside-down face (every reply of train with 😅, 🙃 or 😏 fails the tone; 😄 and 😉 are
# friendly as often as not).
_DISMISSIVE_EMOJI = re.compile(
    "[\U0001f644\U0001f937\U0001f602\U0001f923\U0001f605\U0001f643\U0001f60f]"
)
# A dry injunction opens on an imperative: "Appelez …", "Consultez …", "Contacte …".
_IMPERATIVE_OPEN = re.compile(
    r"^\W*(?:[A-Za-zÀ-ÿ]{3,}ez|contacte|regarde|appelle|va|vois|cherche|consulte|lis|écris|envoie)\b",
    re.I,
)
_NOT_IMPERATIVE = frozenset({"chez", "assez", "nez", "rez"})


def _dry_injunction(body: str, words: int) -> bool:
    """One short sentence that only orders the citizen about (convention 6)."""
    sentences = [f for f in re.split(r"[.!?\n]+", body) if f.strip()]
    match = _IMPERATIVE_OPEN.match(body)
    return (
        bool(match)
        and match.group(0).strip(" \t,:;").lower() not in _NOT_IMPERATIVE
        and len(sentences) <= 1
        and words <= 15
    )


def _curt(reply: Reply) -> bool:
    """Bare fragments, a bare link, a dry injunction or emojis only, with no courtesy marker
    (convention 6)."""
    if "emoji_only" in reply.flags or "no_words" in reply.flags:
        return True
    courtesy = (
        reply.has("greeting")
        or reply.has("closing")
        or reply.has("thanks")
        or reply.has("apology")
        or "merci" in reply.text.lower()
    )
    if courtesy:
        return False
    body = reply.text[reply.start :]
    fragments = [f for f in re.split(r"[.!?\n]+", body) if f.strip()]
    return (
        reply.words <= 6
        or "verbless" in reply.flags
        or (bool(fragments) and max(len(f.split()) for f in fragments) <= 4)
        or _dry_injunction(body, reply.words)
    )


# ---------------------------------------------------------------- exchange features


def exchange_features(
    replies: list[Reply],
    intents: list[str],
    intent_probs: np.ndarray,
    rules: dict,
    extra: dict[str, float],
) -> dict[str, float]:
    """Numeric features of an exchange for the learned criteria."""
    out: dict[str, float] = {}
    for name in COUNTED:
        total = sum(r.count(name) for r in replies)
        out[f"any_{name}"] = float(total > 0)
        out[f"n_{name}"] = float(min(total, 4))
        out[f"first_{name}"] = float(bool(replies) and replies[0].has(name))
    out["replies"] = float(min(len(replies), 4))
    out["words_log"] = float(np.log1p(sum(r.words for r in replies)))
    out["emoji_only"] = float(any("emoji_only" in r.flags for r in replies))
    out["english"] = float(any("english" in r.flags for r in replies))
    out["any_curt"] = float(any(_curt(r) for r in replies))
    out["all_curt"] = float(bool(replies) and all(_curt(r) for r in replies))
    from nlu.constants import INTENTS

    for i, intent in enumerate(INTENTS):
        out[f"intent_any_{intent}"] = float(intent in intents)
        out[f"intent_first_{intent}"] = float(bool(intents) and intents[0] == intent)
        out[f"intent_p_{intent}"] = float(intent_probs[:, i].max()) if len(intent_probs) else 0.0
    for name, (value, _) in rules.items():
        out[f"rule_{name}"] = {True: 1.0, False: -1.0, None: 0.0}[value]
    out.update(extra)
    return out
