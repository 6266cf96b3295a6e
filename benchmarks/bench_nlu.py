"""NLU benchmark: grade N exchanges on one core, against the bare spaCy pipeline.

Usage: .venv/bin/python -m benchmarks.bench_nlu [--n 10000] [--seed 7]

Exchanges are built by recombining the replies of the train corpus (same scenario, other
exchanges' replies, random order of reply counts). In the same run, chunk by chunk and
alternating the order, it times (CPU seconds, `time.process_time`):
1. the bare full `fr_core_news_md` pipeline, `nlp.pipe` over the reply texts;
2. `Grader.grade_many` over the same exchanges (the full contract output).
Targets: at least 100 exchanges/s and a ratio below 2.

Both load spaCy with `nlu.engine.load_spacy`, whose tagger multiplies matrices with
numpy's BLAS (the parser and NER keep thinc's BLIS for part of their products); on the
first chunks it also times the full pipeline with thinc's default ops (BLIS) on the same
texts, to show what that choice is worth.
"""

from __future__ import annotations

import os

# One core: no BLAS or OpenMP threads (set before numpy is imported).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 1000
# Chunks on which the full pipeline also runs with thinc's default ops (BLIS).
STOCK_CHUNKS = 2


def build(n: int, seed: int, scenarios: int = 0) -> list[dict]:
    """n exchanges recombined from the train corpus (never the test split), drawn from
    `scenarios` of its scenarios (0: all of them).

    The grader analyses a scenario's texts once, so its cost per exchange depends on how
    many exchanges share a scenario: a campaign grades thousands of exchanges on a few
    dozen scenarios; the corpus, written for variety, has about four per scenario."""
    from nlu.corpus.check import load_corpus

    corpus = load_corpus(ROOT / "nlu" / "corpus" / "train")
    rng = random.Random(seed)
    if scenarios:
        kept = set(rng.sample(sorted({i["scenario"]["id"] for i in corpus}), scenarios))
        corpus = [i for i in corpus if i["scenario"]["id"] in kept]
    by_scenario: dict[str, list[dict]] = defaultdict(list)
    for item in corpus:
        by_scenario[item["scenario"]["id"]].extend(item["replies"])
    out = []
    for i in range(n):
        template = rng.choice(corpus)
        pool = by_scenario[template["scenario"]["id"]] or [{"text": "Bonjour."}]
        count = rng.choice([1, 1, 1, 2, 2, 3])
        replies = [dict(rng.choice(pool)) for _ in range(count)]
        out.append(
            {k: v for k, v in template.items() if k not in ("gold", "meta")}
            | {"id": f"bench-{i}", "replies": replies}
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--scenarios",
        type=int,
        default=300,
        help="scenarios the exchanges are drawn from (0: every train scenario)",
    )
    args = parser.parse_args()

    import spacy

    from nlu import get_grader
    from nlu.engine import SPACY_MODEL, load_spacy

    exchanges = build(args.n, args.seed, args.scenarios)
    texts = [r["text"] for e in exchanges for r in e["replies"]]
    full = load_spacy(full=True)
    stock = spacy.load(SPACY_MODEL)  # thinc's default ops
    grader = get_grader()
    grader.grade(exchanges[0])  # warm up (lazy imports), outside the timings
    for nlp in (full, stock):
        for _ in nlp.pipe(texts[:50]):
            pass
    cpu = {"bare": 0.0, "grader": 0.0}
    # The full pipeline on the first STOCK_CHUNKS chunks, with each kind of ops.
    compared = {"bare": 0.0, "stock": 0.0}
    compared_texts = 0
    wall = {"bare": 0.0, "grader": 0.0}
    graded = 0
    for k, start in enumerate(range(0, len(exchanges), CHUNK)):
        chunk = exchanges[start : start + CHUNK]
        chunk_texts = [r["text"] for e in chunk for r in e["replies"]]
        order = ("bare", "grader") if k % 2 == 0 else ("grader", "bare")
        if k < STOCK_CHUNKS:
            order = (*order, "stock") if k % 2 == 0 else ("stock", *order)
            compared_texts += len(chunk_texts)
        for name in order:
            c0, w0 = time.process_time(), time.perf_counter()
            if name in ("bare", "stock"):
                for _ in (full if name == "bare" else stock).pipe(chunk_texts, batch_size=128):
                    pass
            else:
                graded += sum(1 for line in grader.grade_many(chunk) if "criteria" in line)
            spent = time.process_time() - c0
            if name == "stock":
                compared["stock"] += spent
                continue
            if name == "bare" and k < STOCK_CHUNKS:
                compared["bare"] += spent
            cpu[name] += spent
            wall[name] += time.perf_counter() - w0
    n = len(exchanges)
    shared = len({e["scenario"]["id"] for e in exchanges})
    print(
        f"{n} échanges sur {shared} scénarios, {len(texts)} réponses ({graded} notés sans erreur)"
    )
    print(
        f"pipeline spaCy complet seul : {cpu['bare']:.1f} s CPU ({n / cpu['bare']:.0f} échanges/s, {len(texts) / cpu['bare']:.0f} textes/s)"
    )
    print(
        f"notation NLU complète       : {cpu['grader']:.1f} s CPU ({n / cpu['grader']:.0f} échanges/s)"
    )
    print(
        f"  (sur les {compared_texts} réponses des {min(STOCK_CHUNKS, k + 1)} premiers lots : {compared_texts / compared['bare']:.0f} textes/s ; "
        f"{compared_texts / compared['stock']:.0f} avec les opérations par défaut de thinc (BLIS), {compared['stock'] / compared['bare']:.2f}× plus lent)"
    )
    print(
        f"rapport notation / pipeline nu : {cpu['grader'] / cpu['bare']:.2f} (CPU), {wall['grader'] / wall['bare']:.2f} (horloge)"
    )
    print(
        f"objectifs : ≥ 100 échanges/s {'atteint' if n / cpu['grader'] >= 100 else 'NON atteint'} ; rapport < 2 {'atteint' if cpu['grader'] < 2 * cpu['bare'] else 'NON atteint'}"
    )


if __name__ == "__main__":
    main()
