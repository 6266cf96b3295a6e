"""The grader: an exchange in, the contract line of `vigie nlu grade` out."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np

from nlu import features as ft
from nlu.analysis import Reply
from nlu.constants import CRITERIA, GRID, INTENTS, NO_REPLY_FALSE, REDIRECT_INTENTS
from nlu.engine import Decision, Engine, Prepared, decide, element_rows, load_spacy, validate
from nlu.model import Bundle, SharedMatrices
from nlu.rasa_backend import RasaError
from nlu.reasons import NO_REPLY, complete_reason, reason

log = logging.getLogger(__name__)
MODELS_DIR = Path(__file__).parent / "models"
BACKENDS = ("local", "rasa")
CHUNK = 512

# Span names that support each value of a criterion when a learned model decided it and
# the rule's own evidence does not apply (the rule disagreed).
SUPPORT: dict[str, dict[bool, tuple[str, ...]]] = {
    "salutation": {True: ("greeting",)},
    "closing": {True: ("closing",)},
    "thanks": {True: ("thanks",), False: ("thanks_other",)},
    "register": {False: ("second_singular", "familiar", "imperative_2sg")},
    "respectful_tone": {False: ("dismissive", "caps", "exclamations")},
    "spelling": {False: ("sms", "typo", "grammar")},
    "agent_identified": {True: ("signature",), False: ("team_signature",)},
    "request_restated": {False: ("generic_request",)},
    "actionable": {False: ("generic_destination",)},  # True: ft.means_to_proceed
    "acknowledgement": {True: ("announce",)},
    "redirect_precise": {
        True: ("private", *ft.CONTACT_SPANS),
        False: ("named_destination", "generic_destination", "redirect"),
    },
    "empathy": {True: ("apology",)},
    "remedy": {True: ("remedy", "date", "delay")},
}
MAX_EVIDENCE = 6


def latest_version(models_dir: Path = MODELS_DIR) -> Path:
    """The folder of the model version named in `models_dir/LATEST`."""
    marker = models_dir / "LATEST"
    if not marker.exists():
        raise FileNotFoundError(f"aucun modèle NLU dans {models_dir} : lancez « vigie nlu train »")
    return models_dir / marker.read_text(encoding="utf-8").strip()


def load_bundle(path: Path | None = None) -> Bundle:
    import joblib

    folder = Path(path) if path else latest_version()
    return joblib.load(folder / "model.joblib")


class Grader:
    """Grades exchanges against the NLU criteria of the grid (see RUBRIC.md)."""

    def __init__(
        self, bundle: Bundle, nlp, backend: str = "local", rasa_url: str | None = None
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend NLU inconnu : {backend!r} (attendu : {', '.join(BACKENDS)})")
        self.bundle = bundle
        self.backend = backend
        self.engine = Engine(nlp, bundle.known_words)
        self.name = f"vigie-nlu {bundle.version} ({backend})"
        self._shared = SharedMatrices(
            spec.model for spec in bundle.criteria.values() if spec.mode == "learned"
        )
        self._rasa = None
        if backend == "rasa":
            from nlu.rasa_backend import RasaClient

            self._rasa = RasaClient(rasa_url or "http://127.0.0.1:5005")

    # ------------------------------------------------------------------ public API

    def intent(self, text: str) -> tuple[str, float]:
        """Primary intent of one structure message and its confidence."""
        prepared = self.engine.prepare([{"id": "-", "scenario": {}, "replies": [{"text": text}]}])
        labels, probs = self._intents(prepared[0].replies)
        return labels[0], float(probs[0].max())

    def grade(self, exchange: dict) -> dict:
        """The contract output line for one exchange (raises ValueError if malformed)."""
        problem = validate(exchange)
        if problem:
            raise ValueError(problem)
        return next(self.grade_many([exchange]))

    def grade_many(self, exchanges: Iterable[dict]) -> Iterator[dict]:
        """Grade a stream in batches; a malformed exchange yields {"id", "error"}, and so
        does one the grader fails on: the other exchanges of its batch are then graded one by
        one. An unreachable Rasa server stops the stream (`RasaError`): retrying each
        exchange would only wait for it again."""
        chunk: list = []
        for exchange in exchanges:
            chunk.append(exchange)
            if len(chunk) >= CHUNK:
                yield from self._grade_isolated(chunk)
                chunk = []
        if chunk:
            yield from self._grade_isolated(chunk)

    def analyse(
        self, exchanges: list[dict]
    ) -> tuple[list[Prepared], list[Decision], list[tuple[list[str], np.ndarray]]]:
        """Valid exchanges analysed up to the criterion models: each one's analysis, rule
        decisions and learned-model features, and its replies' intents with their
        probabilities (training analyses the invented probes with it)."""
        prepared = self.engine.prepare(exchanges)
        all_replies = [r for p in prepared for r in p.replies]
        labels, probs = self._intents(all_replies)
        rows, evidence, owners = [], [], []
        for k, p in enumerate(prepared):
            for features, ev in element_rows(
                p, getattr(self.bundle, "idf", {}), getattr(self.bundle, "memory", None)
            ):
                rows.append(features)
                evidence.append(ev)
                owners.append(k)
        element_p = self._element_probs(rows)
        rows_of: list[list[int]] = [[] for _ in prepared]
        for i, owner in enumerate(owners):
            rows_of[owner].append(i)
        decisions: list[Decision] = []
        intents_of: list[tuple[list[str], np.ndarray]] = []
        offset = 0
        for k, p in enumerate(prepared):
            n = len(p.replies)
            mine = rows_of[k]
            its_labels, its_probs = labels[offset : offset + n], probs[offset : offset + n]
            intents_of.append((its_labels, its_probs))
            decisions.append(
                decide(
                    p,
                    its_labels,
                    its_probs,
                    [element_p[i] for i in mine],
                    [evidence[i] for i in mine],
                )
            )
            offset += n
        return prepared, decisions, intents_of

    # ------------------------------------------------------------------ internals

    def _grade_isolated(self, chunk: list) -> list[dict]:
        try:
            return list(self._grade_chunk(chunk))
        except RasaError:
            raise
        except Exception as exc:
            if len(chunk) > 1:
                log.warning(
                    "NLU grading failed on a batch (%r); grading its exchanges one by one", exc
                )
                return [line for exchange in chunk for line in self._grade_isolated([exchange])]
            ident = chunk[0].get("id") if isinstance(chunk[0], dict) else None
            log.exception("NLU grading failed on exchange %r", ident)
            return [
                {
                    "id": ident,
                    "error": "Échec de la notation de cet échange (erreur interne "
                    f"{type(exc).__name__}, détaillée dans le journal).",
                }
            ]

    def _intents(self, replies: list[Reply]) -> tuple[list[str], np.ndarray]:
        if not replies:
            return [], np.zeros((0, len(INTENTS)))
        if self._rasa is not None:
            probs = np.array([self._rasa.intent_probs(r.text, INTENTS) for r in replies])
        else:
            model = self.bundle.intent
            raw = model.predict_proba(
                [ft.normalise(r.text) for r in replies], [ft.reply_counts(r) for r in replies]
            )
            order = [model.classes.index(i) if i in model.classes else None for i in INTENTS]
            probs = np.column_stack(
                [raw[:, j] if j is not None else np.zeros(len(replies)) for j in order]
            )
        labels = [INTENTS[int(np.argmax(row))] for row in probs]
        for i, reply in enumerate(replies):
            if reply.flags & {"empty", "no_words"}:  # emojis alone carry no request or answer
                labels[i] = "other"
                probs[i] = np.eye(len(INTENTS))[INTENTS.index("other")] * 0.9 + 0.1 / len(INTENTS)
        return labels, probs

    def _grade_chunk(self, chunk: list) -> Iterator[dict]:
        valid, results = [], {}
        for position, exchange in enumerate(chunk):
            problem = validate(exchange)
            if problem:
                ident = exchange.get("id") if isinstance(exchange, dict) else None
                results[position] = {"id": ident, "error": f"Échange invalide : {problem}."}
            else:
                valid.append((position, exchange))
        if not valid:  # every line malformed: nothing to analyse
            yield from (results[position] for position in range(len(chunk)))
            return
        prepared, decisions, intents_of = self.analyse([e for _, e in valid])
        learned = self._learned(prepared, decisions, intents_of)
        for (position, _), p, d, (intents, iprobs), values in zip(
            valid, prepared, decisions, intents_of, learned, strict=True
        ):
            results[position] = self._output(p, d, intents, iprobs, values)
        for position in range(len(chunk)):
            yield results[position]

    def _element_probs(self, rows: list[dict]) -> list[float]:
        if not rows:
            return []
        model = self.bundle.element
        probs = model.predict_proba(rows)
        column = model.classes.index(True) if True in model.classes else None
        values = probs[:, column] if column is not None else np.zeros(len(rows))
        return [ft.adjust_element(float(v), row) for v, row in zip(values, rows, strict=True)]

    def _applicable(self, criterion: str, p: Prepared, intents: list[str], rules: dict) -> bool:
        if criterion == "acknowledgement":
            return bool(intents) and intents[0] != "answer"
        if criterion == "followup_kept":
            return False  # decided from the acknowledgement value in _output
        if criterion == "redirect_precise":
            return any(i in REDIRECT_INTENTS for i in intents)
        if criterion in ("empathy", "remedy"):
            return p.kind == "complaint"
        return True

    def _learned(
        self, prepared: list[Prepared], decisions: list[Decision], intents_of: list
    ) -> list[dict]:
        """criterion -> (value, confidence) for each exchange, batched per model."""
        out: list[dict] = [{} for _ in prepared]
        shared = self._shared.transform(
            [d.features for d in decisions], [d.text for d in decisions]
        )
        for criterion, spec in self.bundle.criteria.items():
            targets = [
                k for k, (p, d) in enumerate(zip(prepared, decisions, strict=True))
                if p.replies and self._applicable(criterion, p, intents_of[k][0], d.rules)
            ]  # fmt: skip
            if not targets:
                continue
            if spec.mode == "learned" and spec.model is not None:
                if self._shared.covers(spec.model):
                    probs = self._shared.predict_proba(spec.model, shared, targets)
                else:
                    probs = spec.model.predict_proba(
                        [decisions[k].features for k in targets],
                        [decisions[k].text for k in targets],
                    )
                classes = spec.model.classes
                for k, row in zip(targets, probs, strict=True):
                    best = int(np.argmax(row))
                    out[k][criterion] = (_plain(classes[best]), float(row[best]))
            else:
                for k in targets:
                    value = decisions[k].rules[criterion][0]
                    out[k][criterion] = (value, float(spec.rule_precision.get(_key(value), 0.8)))
        return out

    def _output(
        self, p: Prepared, d: Decision, intents: list[str], iprobs: np.ndarray, values: dict
    ) -> dict:
        exchange = p.exchange
        criteria: dict[str, dict] = {}
        expected_ids = [e for e, _ in p.elements]
        if not p.replies:
            for criterion in CRITERIA:
                if criterion == "complete":
                    criteria[criterion] = {
                        "value": 0.0,
                        "present": [],
                        "confidence": 1.0,
                        "evidence": [],
                        "reason": NO_REPLY,
                    }
                    continue
                value = (
                    False
                    if criterion in NO_REPLY_FALSE
                    or (criterion in ("empathy", "remedy") and p.kind == "complaint")
                    else None
                )
                criteria[criterion] = {
                    "value": value,
                    "confidence": 1.0,
                    "evidence": [],
                    "reason": NO_REPLY if value is False else reason(criterion, None),
                }
            return self._line(exchange, [], criteria)
        first_confidence = float(iprobs[0].max()) if len(iprobs) else 1.0
        for criterion in CRITERIA:
            if criterion == "complete":
                present = [e for e in expected_ids if e in d.present]
                missing = [e for e in expected_ids if e not in d.present]
                fraction = round(len(present) / len(expected_ids), 3) if expected_ids else 1.0
                criteria[criterion] = {
                    "value": fraction, "present": present, "confidence": round(d.element_confidence, 3),
                    "evidence": self._evidence(d.element_evidence), "reason": complete_reason(present, missing),
                }  # fmt: skip
                continue
            if criterion == "followup_kept":
                ack = criteria["acknowledgement"]["value"]
                value = None if ack is not True else any(i == "answer" for i in intents[1:])
                later = [
                    (i, r.start, len(r.text))
                    for i, r in enumerate(p.replies)
                    if i > 0 and intents[i] == "answer"
                ]
                confidence = (
                    first_confidence
                    if value is None
                    else float(
                        np.mean(
                            [iprobs[i].max() for i in range(1, len(intents))] or [first_confidence]
                        )
                    )
                )
                criteria[criterion] = self._entry(
                    p, criterion, value, round(confidence, 3), later[:1]
                )
                continue
            if criterion not in values:
                confidence = 1.0 if criterion in ("empathy", "remedy") else first_confidence
                criteria[criterion] = self._entry(p, criterion, None, round(confidence, 3), [])
                continue
            value, confidence = values[criterion]
            rule_value, rule_evidence = d.rules.get(criterion, (None, []))
            if criterion == "accurate":
                evidence = (
                    d.contradiction_evidence
                    if value is False
                    else (d.element_evidence if value else [])
                )
            elif rule_value == value and rule_evidence:
                evidence = rule_evidence
            elif criterion in ("request_restated", "relevant") and value:
                evidence = d.topic_evidence
            elif criterion == "actionable" and value:
                evidence = ft.means_to_proceed(p.replies, "next_step")
            else:
                evidence = ft.spans_of(p.replies, *SUPPORT.get(criterion, {}).get(bool(value), ()))
            criteria[criterion] = self._entry(p, criterion, value, round(confidence, 3), evidence)
        return self._line(exchange, intents, criteria)

    def _entry(
        self, p: Prepared, criterion: str, value, confidence: float, evidence: ft.Evidence
    ) -> dict:
        spans = self._evidence(evidence)
        quote = ""
        if spans:
            first = spans[0]
            quote = p.replies[first["reply"]].text[first["start"] : first["end"]]
        return {
            "value": value,
            "confidence": confidence,
            "evidence": spans,
            "reason": reason(criterion, value, quote),
        }

    @staticmethod
    def _evidence(evidence: ft.Evidence) -> list[dict]:
        """The first `MAX_EVIDENCE` distinct non-empty spans, in order (each span once)."""
        spans = islice((span for span in sorted(set(evidence)) if span[2] > span[1]), MAX_EVIDENCE)
        return [{"reply": int(r), "start": int(s), "end": int(e)} for r, s, e in spans]

    def _line(self, exchange: dict, intents: list[str], criteria: dict) -> dict:
        return {
            "id": exchange["id"],
            "grid": GRID,
            "grader": self.name,
            "intents": list(intents),
            "criteria": criteria,
        }


def _plain(value):
    if isinstance(value, np.bool_):
        return bool(value)
    if value == "null":
        return None
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    return value


def _key(value) -> str:
    return {True: "true", False: "false", None: "null"}[value]


_LOCK = threading.Lock()


@functools.lru_cache(maxsize=4)
def _cached(backend: str, rasa_url: str | None, models: str | None) -> Grader:
    return Grader(load_bundle(Path(models) if models else None), load_spacy(), backend, rasa_url)


def get_grader(
    backend: str | None = None, *, rasa_url: str | None = None, models: str | Path | None = None
) -> Grader:
    """The process-wide grader for a backend ("local" by default, or "rasa")."""
    with _LOCK:
        return _cached(backend or "local", rasa_url, str(models) if models else None)
