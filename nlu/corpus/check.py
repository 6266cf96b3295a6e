"""Check labelled corpus files against the format and applicability rules of README.md.

Usage: python -m nlu.corpus.check [FILE_OR_DIR ...]   (default: every split, and the
second grader's labels in `second/<split>/`)

Across the files checked together, a scenario belongs to one split only: the held-out
splits measure the graders on scenarios they never saw.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from nlu.corpus import HELD_OUT, SECOND, SPLITS

CRITERIA = (
    "salutation", "closing", "thanks", "register", "respectful_tone", "spelling",
    "name_used", "request_restated", "agent_identified",
    "relevant", "complete", "accurate", "actionable",
    "acknowledgement", "followup_kept", "redirect_precise", "empathy", "remedy",
)  # fmt: skip
INTENTS = (
    "answer", "acknowledgement", "request_info", "redirect_private", "redirect_other",
    "refusal", "auto_reply", "other",
)  # fmt: skip
CHANNELS = ("twitter", "facebook", "messenger", "instagram", "whatsapp", "telegram")
NO_REPLY_FALSE = (
    "salutation", "closing", "thanks", "register", "respectful_tone", "spelling",
    "name_used", "request_restated", "agent_identified", "relevant", "accurate", "actionable",
)  # fmt: skip


def _when(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def check_line(item: dict) -> list[str]:
    """Return the problems of one corpus exchange (empty when it is valid)."""
    problems: list[str] = []
    for key in ("id", "channel", "structure", "persona", "scenario", "question", "replies", "gold"):
        if key not in item:
            problems.append(f"missing key {key!r}")
    if problems:
        return problems
    if item["channel"] not in CHANNELS:
        problems.append(f"unknown channel {item['channel']!r}")
    scenario, gold, replies = item["scenario"], item["gold"], item["replies"]
    if scenario.get("kind") not in ("information", "complaint"):
        problems.append("scenario.kind must be information or complaint")
    expected_ids = [e.get("id") for e in scenario.get("expected", [])]
    if not expected_ids or len(set(expected_ids)) != len(expected_ids):
        problems.append("scenario.expected needs unique ids")
    if not all(e.get("label") for e in scenario.get("expected", [])):
        problems.append("every expected element needs a label")
    sent = _when(item["question"].get("sent_at"))
    if sent is None:
        problems.append("question.sent_at must be ISO 8601 with an offset")
    previous = sent
    for index, reply in enumerate(replies):
        at = _when(reply.get("at"))
        if at is None or not isinstance(reply.get("text"), str):
            problems.append(f"replies[{index}] needs text and an ISO 8601 'at' with an offset")
        elif previous is not None and at < previous:
            problems.append(f"replies[{index}].at is earlier than the previous message")
        else:
            previous = at
    intents = gold.get("intents", [])
    if len(intents) != len(replies):
        problems.append("gold.intents needs one intent per reply")
    problems += [f"unknown intent {i!r}" for i in intents if i not in INTENTS]
    criteria = gold.get("criteria", {})
    missing = [c for c in CRITERIA if c not in criteria]
    extra = [c for c in criteria if c not in CRITERIA]
    if missing or extra:
        problems.append(f"criteria missing {missing} / unknown {extra}")
        return problems
    for name in CRITERIA:
        value = criteria[name]
        if name == "complete":
            if not isinstance(value, int | float) or not 0 <= value <= 1:
                problems.append("complete must be a fraction in [0, 1]")
        elif value not in (True, False, None):
            problems.append(f"{name} must be true, false or null")
    present = gold.get("present", [])
    if any(p not in expected_ids for p in present):
        problems.append(f"gold.present names unknown ids {present}")
    elif (
        expected_ids
        and abs(criteria["complete"] - round(len(set(present)) / len(expected_ids), 3)) > 1e-6
    ):
        problems.append("complete must equal len(present)/len(expected) rounded to 3 decimals")
    complaint = scenario.get("kind") == "complaint"
    if not replies:
        problems += [
            f"no reply: {c} must be false" for c in NO_REPLY_FALSE if criteria[c] is not False
        ]
        problems += [
            f"no reply: {c} must be null"
            for c in ("acknowledgement", "followup_kept", "redirect_precise")
            if criteria[c] is not None
        ]
        if complaint and (criteria["empathy"] is not False or criteria["remedy"] is not False):
            problems.append("no reply to a complaint: empathy and remedy must be false")
        return problems
    waiting = bool(intents) and intents[0] != "answer"
    if not waiting and (
        criteria["acknowledgement"] is not None or criteria["followup_kept"] is not None
    ):
        problems.append("first reply is an answer: acknowledgement and followup_kept must be null")
    if waiting and criteria["acknowledgement"] is None:
        problems.append("first reply is not an answer: acknowledgement must be true or false")
    if waiting and criteria["acknowledgement"] is False and criteria["followup_kept"] is not None:
        problems.append("no acknowledgement: followup_kept must be null")
    if waiting and criteria["acknowledgement"] is True and criteria["followup_kept"] is None:
        problems.append("acknowledgement true: followup_kept must be true or false")
    redirected = any(i in ("redirect_private", "redirect_other") for i in intents)
    if redirected != (criteria["redirect_precise"] is not None):
        problems.append("redirect_precise is applicable exactly when an intent is a redirect")
    if complaint != (criteria["empathy"] is not None) or complaint != (
        criteria["remedy"] is not None
    ):
        problems.append("empathy and remedy are applicable exactly for complaints")
    for name in NO_REPLY_FALSE:
        if name != "accurate" and criteria[name] is None:
            problems.append(f"{name} cannot be null when the structure replied")
    return problems


def _files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        yield from sorted(path.glob("*.jsonl")) if path.is_dir() else [path]


def load_corpus(*paths: str | Path) -> list[dict]:
    """Load every exchange of the given files or folders (raises ValueError on a bad line)."""
    items: list[dict] = []
    for file in _files([str(p) for p in paths]):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{file}:{number}: {exc}") from exc
    return items


def second_labels(items: list[dict], *paths: str | Path) -> dict[str, dict]:
    """A second grader's labels (lines of {"id", "gold", "meta"}) of exchanges in `items`.

    Returns the `gold` of each labelled exchange by id; raises ValueError, with a French
    message (it reaches `vigie nlu evaluate --second`), when a line is not an object,
    names an exchange that is not in `items` (or that `items` holds twice), repeats one,
    or breaks the rules of `check_line`."""
    exchanges: dict[str, dict] = {}
    for item in items:
        if item.get("id") in exchanges:
            raise ValueError(f"l'échange {item.get('id')!r} figure deux fois dans le corpus")
        exchanges[item.get("id")] = item
    labels: dict[str, dict] = {}
    for line in load_corpus(*paths):
        if not isinstance(line, dict) or not isinstance(line.get("gold"), dict):
            raise ValueError(f"ligne sans objet « gold » : {str(line)[:60]}")
        ident = line.get("id")
        if ident not in exchanges:
            raise ValueError(f"l'échange {ident!r} n'est pas dans le corpus évalué")
        if ident in labels:
            raise ValueError(f"l'échange {ident!r} est étiqueté deux fois")
        problems = check_line({**exchanges[ident], "gold": line["gold"]})
        if problems:
            raise ValueError(f"étiquettes de {ident} non conformes : {'; '.join(problems)}")
        labels[ident] = line["gold"]
    return labels


def check_second(root: Path) -> int:
    """Check every `second/<split>/` folder under the corpus `root`; return the failures."""
    failures = 0
    folders = sorted(p for p in (root / SECOND).glob("*") if p.is_dir())
    for folder in folders:
        if folder.name not in HELD_OUT:
            print(f"{folder}: not a held-out split ({', '.join(HELD_OUT)})")
            failures += 1
            continue
        try:
            count = len(second_labels(load_corpus(root / folder.name), folder))
        except (OSError, ValueError) as exc:
            print(f"{folder}: {exc}")
            failures += 1
        else:
            print(f"{folder}: {count} exchanges labelled by a second grader")
    return failures


def _corpus_root(path: Path) -> Path:
    """The corpus folder of a path inside its `second/` folder."""
    return Path(*path.parts[: path.parts.index(SECOND)] or ["."])


def _split(file: Path) -> str:
    return next((part for part in reversed(file.parts) if part in SPLITS), str(file.parent))


def main(argv: list[str]) -> int:
    failures, count, seen = 0, 0, set()
    splits_of: dict[str, set[str]] = {}
    for file in _files(argv):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            count += 1
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{file}:{number}: invalid JSON: {exc}")
                failures += 1
                continue
            problems = check_line(item)
            scenario = (
                item.get("scenario", {}).get("id")
                if isinstance(item.get("scenario"), dict)
                else None
            )
            if scenario is not None:
                splits_of.setdefault(str(scenario), set()).add(_split(file))
            if item.get("id") in seen:
                problems.append(f"duplicate id {item.get('id')!r}")
            seen.add(item.get("id"))
            for problem in problems:
                print(f"{file}:{number} ({item.get('id')}): {problem}")
            failures += bool(problems)
    for scenario, splits in sorted(splits_of.items()):
        if len(splits) > 1:
            print(f"scenario {scenario!r} appears in several splits: {', '.join(sorted(splits))}")
            failures += 1
    print(f"{count} exchanges checked, {failures} with problems")
    return 1 if failures else 0


if __name__ == "__main__":
    here = Path("nlu/corpus")
    given = sys.argv[1:] or [str(here / s) for s in SPLITS if (here / s).is_dir()]
    # A second grader's labels are checked against their split, not as exchanges.
    exchanges = [p for p in given if SECOND not in Path(p).parts]
    verdict = main(exchanges) if exchanges else 0
    seconds = {_corpus_root(Path(p)) for p in given if SECOND in Path(p).parts}
    if not sys.argv[1:]:
        seconds.add(here)
    sys.exit(1 if sum(check_second(root) for root in seconds) else verdict)
