"""Shared analysis pipeline of grading and training: spaCy once, cached scenario texts.

`Engine.prepare` turns exchanges into analysed replies and scenario texts; `decide`
turns them, given intents and element probabilities, into rule decisions, evidence and
the features of the learned criteria. Both are pure given the spaCy pipeline.
"""

from __future__ import annotations

import functools
import os
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from nlu import facts as fx
from nlu import features as ft
from nlu import lexicons as lx
from nlu.analysis import Reply, analyse_reply, strip_accents

SPACY_MODEL = "fr_core_news_md"
# The parser and NER are the slowest components and no grader needs them: sentences
# come from punctuation (`nlu.analysis`), names from the persona and signature patterns.
SPACY_EXCLUDE = ("parser", "ner")
CACHE_SIZE = 4096
# Environment variables that set numpy's BLAS threads (`load_spacy` leaves them the choice).
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# Most frequent words of the spaCy vector table accepted as correctly spelt.
FREQUENT_WORDS = 10000


@functools.lru_cache(maxsize=2)
def load_spacy(full: bool = False):
    """fr_core_news_md loaded once per process (the full pipeline only for benchmarks).

    Its matrix products go to numpy's BLAS, limited to one thread for the whole process
    unless the environment sets the number of BLAS threads."""
    import spacy
    from thinc.api import use_ops

    # thinc multiplies matrices with BLIS by default; numpy's BLAS (OpenBLAS) multiplies
    # those of tok2vec and the morphologizer about three times as fast here, with the same
    # tags and lemmas (benchmarks/README.md, "Matrix products"). The parser and NER (full
    # pipeline only) keep BLIS for part of their products.
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(SPACY_MODEL, exclude=[] if full else list(SPACY_EXCLUDE))
    limit_blas_threads()
    return nlp


def limit_blas_threads() -> None:
    """One BLAS thread for the process, unless the environment sets the number.

    Workers fill every core, one grading stream each: there one BLAS thread per process
    spends a third less CPU than one per core (2.6 s against 4.0 s for the tagger on 2,475
    replies). A lone process on an idle machine ends sooner with more threads (2.0 s of
    wall clock against 2.6): the environment's setting, when there is one, wins."""
    from threadpoolctl import threadpool_limits

    if not any(os.environ.get(name) for name in BLAS_THREAD_VARIABLES):
        threadpool_limits(limits=1, user_api="blas")


@functools.lru_cache(maxsize=1)
def lexicon_words() -> frozenset[str]:
    """Known French word forms: the spaCy lemmatizer tables (about 300,000 forms)."""
    nlp = load_spacy()
    tables = nlp.get_pipe("lemmatizer").lookups
    lookup = tables.get_table("lemma_lookup")
    # The tables are keyed by hash: test every string of the vocabulary against them.
    words = {s.lower() for s in nlp.vocab.strings if s in lookup}
    for lemmas in lookup.values():
        words.update(str(w).lower() for w in lemmas)
    index = tables.get_table("lemma_index")
    for key in index:
        words.update(str(w).lower() for w in index[key])
    # The lookup tables only list forms that differ from their lemma: invariable words
    # ("mois", "repas", "vous") are missing. Add the stop words and the most frequent
    # lower-case words of the vector table (ordered by frequency), except accent-less
    # spellings of an accented word ("tres" for "très"), a frequent slip.
    rank = _vector_ranks(nlp)
    frequent = [w for w, i in rank.items() if i < FREQUENT_WORDS and w.replace("-", "").isalpha()]
    accented = _bare_forms(frequent)
    words.update(_not_bare(frequent, accented))
    # spaCy's stop words list accent-less forms too ("etre", "etait"): the same rule.
    words.update(_not_bare({w.lower() for w in nlp.Defaults.stop_words}, accented))
    # The tables miss many inflected forms ("mentions", "revalorisera", "allouerai"): add
    # pyspellchecker's French word list (140,000 forms of current usage, shipped in its
    # wheel, correctly accented), so that a rare but correct form is not a spelling error.
    words.update(_spellchecker_words())
    # Elided forms the word pattern cuts at the apostrophe ("quelqu'un", "aujourd'hui").
    words.update({"quelqu", "aujourd", "presqu", "lorsqu", "puisqu", "jusqu", "qu", "hui"})
    words -= _accents_dropped(rank, words)
    words.update(lx.SERVICE_WORDS)  # with the 1990 spellings ("aout", "connaitre")
    return frozenset(words)


# An accent-less form is a slip when its accented twin ranks this many times higher in
# frequency order.
ACCENT_DROP_RATIO = 10
# Rarer than their accented twin, but words of their own ("la cote d'alerte").
_ACCENTLESS_WORDS = frozenset(["cote", "cotes"])


def _vector_ranks(nlp) -> dict[str, int]:
    """The lower-case forms of the vector table, with their rank (the table is ordered by
    frequency)."""
    rank: dict[str, int] = {}
    for i, key in enumerate(nlp.vocab.vectors.key2row):
        form = nlp.vocab.strings[key] if key in nlp.vocab.strings else ""  # noqa: SIM401
        if form.islower():
            rank.setdefault(form, i)
    return rank


def _bare_forms(words) -> set[str]:
    """The accent-less spellings of the accented words of `words` ("tres" for "très")."""
    return {bare for w in words if (bare := strip_accents(w)) != w}


def _not_bare(candidates, accented: set[str]) -> set[str]:
    """The candidates that are not an accented word of `accented`'s set written without its
    accents (`accented` is `_bare_forms` of some words)."""
    return {w for w in candidates if strip_accents(w) != w or w not in accented}


@functools.lru_cache(maxsize=1)
def _lexicon_bare_forms() -> frozenset[str]:
    return frozenset(_bare_forms(lexicon_words()))


def _accents_dropped(rank: dict[str, int], words: set[str]) -> set[str]:
    """Known forms that are an accented word's accents dropped ("cimetiere", "definitif",
    "mediatheque"): the lemma tables and word lists hold some, but their accented twin ranks
    at least ten times higher in the vector table (`rank`, from `_vector_ranks`). Twins of
    comparable use stay ("marche" and "marché", "connaitre"), as do a participle's present
    ("domicilie") and the words of `_ACCENTLESS_WORDS`."""
    twin: dict[str, int] = {}  # accent-less form -> rank of its most frequent accented twin
    for w in words:
        bare = strip_accents(w)
        # a participle's twin in -e is the verb's present ("domicilié", "domicilie")
        if bare != w and w in rank and strip_accents(w.rstrip("s")[:-1]) != w.rstrip("s")[:-1]:
            twin[bare] = min(twin.get(bare, rank[w]), rank[w])
    missing = len(rank) + 1
    return {
        w for w in words
        if w in twin and twin[w] * ACCENT_DROP_RATIO < rank.get(w, missing)
        and w not in _ACCENTLESS_WORDS
    }  # fmt: skip


def _spellchecker_words() -> set[str]:
    from spellchecker import SpellChecker

    return {w.lower() for w in SpellChecker(language="fr", distance=1).word_frequency.dictionary}


@dataclass
class Prepared:
    """One exchange analysed: replies, question, expected elements, references."""

    exchange: dict
    replies: list[Reply]
    question: ft.Text
    elements: list[tuple[str, ft.Text]]
    references: list[ft.Text]
    topic: set[str] = field(default_factory=set)

    @property
    def kind(self) -> str:
        return str(self.exchange.get("scenario", {}).get("kind") or "information")

    @property
    def persona(self) -> dict:
        persona = self.exchange.get("persona")
        return persona if isinstance(persona, dict) else {}


def validate(exchange: object) -> str | None:
    """The French reason why an input line is not an exchange, or None."""
    if not isinstance(exchange, dict):
        return "la ligne n'est pas un objet JSON"
    if not isinstance(exchange.get("id"), str | int) or exchange.get("id") == "":
        return "le champ « id » est manquant"
    scenario = exchange.get("scenario")
    if not isinstance(scenario, dict):
        return "le champ « scenario » est manquant ou invalide"
    expected = scenario.get("expected", [])
    if not isinstance(expected, list) or not all(
        isinstance(e, dict) and e.get("id") and isinstance(e.get("label", ""), str)
        for e in expected
    ):
        return "« scenario.expected » doit être une liste d'éléments avec « id » et « label »"
    question = exchange.get("question")
    if question is not None and not isinstance(question, dict):
        return "le champ « question » doit être un objet (avec « text »)"
    replies = exchange.get("replies")
    if not isinstance(replies, list):
        return "le champ « replies » est manquant ou n'est pas une liste"
    for index, reply in enumerate(replies):
        if not isinstance(reply, dict) or not isinstance(reply.get("text", ""), str | type(None)):
            return f"la réponse n° {index + 1} n'a pas de texte valide"
    persona = exchange.get("persona", {})
    if persona is not None and not isinstance(persona, dict):
        return "le champ « persona » doit être un objet"
    return None


class Engine:
    """spaCy analysis with caches for the scenario texts (they repeat across exchanges)."""

    def __init__(self, nlp, extra_words: frozenset[str] = frozenset()) -> None:
        self.nlp = nlp
        # The corpus's words, less an accented word written without its accents in two
        # replies or questions ("cimetiere"): that is a slip, not project vocabulary.
        self.known_words = lexicon_words() | _not_bare(extra_words, _lexicon_bare_forms())
        self._texts: OrderedDict[str, ft.Text] = OrderedDict()

    def _scenario_texts(self, texts: list[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._texts))
        for text, doc in zip(missing, self.nlp.pipe(missing, batch_size=64), strict=True):
            lemmas, vectors = [], []
            for tok in doc:
                if (
                    tok.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV")
                    and tok.is_alpha
                    and not tok.is_stop
                    and len(tok.text) > 2
                ):
                    lemmas.append(strip_accents(tok.lemma_.lower()))
                    vectors.append(tok.vector if tok.has_vector else np.zeros(300, dtype="float32"))
            matrix = np.asarray(vectors, dtype="float32").reshape(-1, 300)
            matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-6)
            self._texts[text] = ft.Text(
                text=text, lemmas=lemmas, vectors=matrix, quantities=fx.extract(text)
            )
            if len(self._texts) > CACHE_SIZE:
                self._texts.popitem(last=False)

    def text(self, text: str, keywords: list[str] | None = None) -> ft.Text:
        if text not in self._texts:
            self._scenario_texts([text])
        base = self._texts[text]
        if keywords:
            return ft.Text(base.text, base.lemmas, base.vectors, base.quantities, list(keywords))
        return base

    def prepare(self, exchanges: list[dict]) -> list[Prepared]:
        """Analyse valid exchanges (call `validate` first)."""
        scenario_texts: list[str] = []
        reply_texts: list[str] = []
        for exchange in exchanges:
            scenario = exchange["scenario"]
            question = (
                (exchange.get("question") or {}).get("text") or scenario.get("question") or ""
            )
            scenario_texts.append(str(question))
            scenario_texts += [str(e.get("label") or "") for e in scenario.get("expected", [])]
            scenario_texts += [str(r) for r in scenario.get("reference", []) or []]
            reply_texts += [str(r.get("text") or "") for r in exchange["replies"]]
        self._scenario_texts(scenario_texts)
        docs = iter(self.nlp.pipe(reply_texts, batch_size=128))
        prepared = []
        for exchange in exchanges:
            scenario = exchange["scenario"]
            replies = [
                analyse_reply(i, str(r.get("text") or ""), next(docs), self.known_words)
                for i, r in enumerate(exchange["replies"])
            ]
            question = self.text(
                str((exchange.get("question") or {}).get("text") or scenario.get("question") or "")
            )
            elements = [
                (str(e["id"]), self.text(str(e.get("label") or ""), e.get("keywords")))
                for e in scenario.get("expected", [])
            ]
            references = [self.text(str(r)) for r in scenario.get("reference", []) or []]
            topic = set(question.lemmas) | {lemma for _, e in elements for lemma in e.lemmas}
            prepared.append(Prepared(exchange, replies, question, elements, references, topic))
        return prepared


def element_rows(
    p: Prepared, idf: dict[str, float] | None = None, memory: dict | None = None
) -> list[tuple[dict, ft.Evidence]]:
    rows = [ft.element_features(label, p.replies, p.question, idf) for _, label in p.elements]
    if memory is not None:
        lemmas = exchange_lemmas(p)
        for (element_id, _), (features, _) in zip(p.elements, rows, strict=True):
            features.update(memory_features(memory, element_key(p, element_id), lemmas))
    return rows


# ------------------------------------------------------------ element memory
# Scenarios come from a library and are reused across campaigns: the labelled exchanges of
# a scenario (human corrections included) are nearest neighbours for its elements.


# Word overlap (Jaccard) from which a labelled reply of the same scenario is the same reply.
SAME_REPLY = 0.9


def element_key(p: Prepared, element_id: str) -> str:
    return f"{p.exchange['scenario'].get('id', '')}:{element_id}"


def exchange_lemmas(p: Prepared) -> frozenset[str]:
    return frozenset(lemma for r in p.replies for lemma in r.lemmas if lemma not in ft._STOP_LEMMAS)


def build_memory(
    prepared: list[Prepared], items: list[dict]
) -> dict[str, list[tuple[frozenset[str], bool]]]:
    """(scenario:element) -> [(lemmas of a labelled exchange, element present)]."""
    memory: dict[str, list[tuple[frozenset[str], bool]]] = {}
    for p, item in zip(prepared, items, strict=True):
        if not p.replies or not p.exchange["scenario"].get("id"):
            continue
        present = set(item["gold"].get("present", []))
        lemmas = exchange_lemmas(p)
        for element_id, _ in p.elements:
            memory.setdefault(element_key(p, element_id), []).append(
                (lemmas, element_id in present)
            )
    return memory


def memory_features(memory: dict, key: str, lemmas: frozenset[str]) -> dict[str, float]:
    """Similarity to the nearest labelled exchanges stating / not stating the element."""
    entries = memory.get(key, [])
    if not entries or not lemmas:
        return {"mem_known": 0.0, "mem_pos": 0.0, "mem_neg": 0.0, "mem_diff": 0.0, "mem_same": 0.0}
    best = {True: 0.0, False: 0.0}
    same = set()  # labels of (nearly) the same reply: a repeated auto-reply, a regraded exchange
    for other, present in entries:
        union = len(lemmas | other)
        if union:
            similarity = len(lemmas & other) / union
            best[present] = max(best[present], similarity)
            if similarity >= SAME_REPLY:
                same.add(present)
    return {
        "mem_known": 1.0,
        "mem_pos": best[True],
        "mem_neg": best[False],
        "mem_diff": best[True] - best[False],
        "mem_same": (1.0 if same == {True} else -1.0 if same == {False} else 0.0),
    }


def lemma_idf(prepared: list[Prepared]) -> dict[str, float]:
    """Inverse document frequency of content lemmas over reply sentences."""
    counts: dict[str, int] = {}
    total = 0
    for p in prepared:
        for reply in p.replies:
            for s, e in reply.sentences:
                total += 1
                for lemma in {
                    lem
                    for lem, (ls, _) in zip(reply.lemmas, reply.lemma_spans, strict=False)
                    if s <= ls < e
                }:
                    counts[lemma] = counts.get(lemma, 0) + 1
    return {lemma: float(np.log((1 + total) / (1 + n)) + 1) for lemma, n in counts.items()}


@dataclass
class Decision:
    """Inputs of the criterion models for one exchange."""

    rules: dict
    features: dict
    present: list[str]
    element_evidence: ft.Evidence
    element_confidence: float
    contradiction_evidence: ft.Evidence
    topic_evidence: ft.Evidence
    text: str


def decide(
    p: Prepared,
    intents: list[str],
    intent_probs: np.ndarray,
    element_probs: list[float],
    element_evidence: list[ft.Evidence],
) -> Decision:
    """Rule decisions and learned-model features of one analysed exchange."""
    present, evidence = [], []
    kinds, contradiction_evidence, on_topic = ft.contradictions(
        p.replies, p.references, fx.own_bodies(p.exchange.get("structure"))
    )
    for (element_id, _), prob, ev in zip(p.elements, element_probs, element_evidence, strict=True):
        if prob >= 0.5:
            present.append(element_id)
            evidence += ev
    words, topic_evidence = ft.topic_overlap(p.replies, p.topic)
    negatives, _ = ft.negative_claims(p.replies, p.references)
    subject = ft.restated_subject(p.replies, topic_evidence)
    rules = ft.rule_decisions(
        p.replies, intents, p.persona, p.kind, topic_evidence, present, kinds, subject
    )
    probs = np.asarray(element_probs, dtype=float)
    question_size = max(len(set(p.question.lemmas) - ft._STOP_LEMMAS), 1)
    extra = {
        "n_present": float(len(present)),
        "frac_present": float(len(present) / max(len(p.elements), 1)),
        "max_element_p": float(probs.max()) if probs.size else 0.0,
        "mean_element_p": float(probs.mean()) if probs.size else 0.0,
        "topic_words": float(min(words, 6)),
        "topic_frac": float(min(words / question_size, 2.0)),
        "subject_words": float(min(len({(i, s) for i, s, _ in subject}), 6)),
        "subject_framed": float(ft.framed_subject(p.replies, subject)),
        "contradictions": float(len(kinds)),
        "negative_claims": float(min(negatives, 3)),
        "disclaims": float(min(ft.disclaims(p.replies, p.references), 2)),
        "on_topic": float(min(on_topic, 6)),
        "complaint": float(p.kind == "complaint"),
        **{f"conflict_{k}": 1.0 for k in kinds},
    }
    features = ft.exchange_features(p.replies, intents, intent_probs, rules, extra)
    confidence = float(np.mean(np.maximum(probs, 1 - probs))) if probs.size else 1.0
    text = " | ".join(ft.normalise(r.text) for r in p.replies)
    return Decision(
        rules, features, present, evidence, confidence, contradiction_evidence, topic_evidence, text
    )
