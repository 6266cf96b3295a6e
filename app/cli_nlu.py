"""`vigie nlu grade|evaluate|train|rasa-export|rasa-train`: the NLU from the command line.

Exit codes: 0 success; 1 some input lines were malformed (reported, the others graded);
2 unusable invocation. Heavy imports (spaCy, scikit-learn) happen inside the commands.
Exit codes are raised as SystemExit (typer's vendored click Exit is not caught outside).
"""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="Analyse automatique des réponses (NLU).", no_args_is_help=True, add_completion=False
)

EXIT_OK, EXIT_LINE_ERRORS, EXIT_USAGE = 0, 1, 2
CHUNK = 512
TRAIN_DIR = Path("nlu/corpus/train")
BACKEND_HELP = (
    "Moteur des intentions : « local » ou « rasa » (par défaut : réglage VIGIE_NLU_BACKEND)."
)
RASA_URL_HELP = "Adresse du serveur Rasa (par défaut : réglage VIGIE_RASA_URL)."


def _fail(message: str) -> SystemExit:
    typer.echo(f"Erreur : {message}", err=True)
    return SystemExit(EXIT_USAGE)


def _settings_backend(backend: str | None, rasa_url: str | None) -> tuple[str, str]:
    """Backend and Rasa URL: options first, then the one settings object."""
    try:
        from core.settings import get_settings

        settings = get_settings()
        default_backend, default_url = settings.nlu_backend, settings.rasa_url
    except Exception:  # settings not importable (e.g. a bare checkout): local defaults
        default_backend, default_url = "local", "http://127.0.0.1:5005"
    chosen = backend or default_backend
    if chosen not in ("local", "rasa"):
        raise _fail(f"moteur inconnu « {chosen} » (attendu : local ou rasa).")
    return chosen, rasa_url or default_url


def _grader(backend: str | None, rasa_url: str | None, models: Path | None):
    from nlu import get_grader

    chosen, url = _settings_backend(backend, rasa_url)
    try:
        return get_grader(chosen, rasa_url=url, models=models)
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from None


def _error_line(raw: bytes, message: str) -> dict:
    import re

    match = re.search(rb'"id"\s*:\s*"((?:[^"\\]|\\.)*)"', raw)
    return {"id": match.group(1).decode("utf-8", "replace") if match else None, "error": message}


@app.command("grade")
def grade(
    in_file: Path = typer.Option(
        None,
        "--in",
        help="Fichier JSON Lines d'échanges (entrée standard par défaut).",
        show_default=False,
    ),
    out_file: Path = typer.Option(
        None, "--out", help="Fichier de sortie (sortie standard par défaut).", show_default=False
    ),
    backend: str = typer.Option(None, "--backend", help=BACKEND_HELP, show_default=False),
    rasa_url: str = typer.Option(None, "--rasa-url", help=RASA_URL_HELP, show_default=False),
    models: Path = typer.Option(
        None,
        "--models",
        help="Dossier d'une version de modèle (par défaut : la dernière).",
        show_default=False,
    ),
) -> None:
    """Noter des échanges : une ligne JSON par échange en entrée, une ligne par échange en sortie."""
    import json
    import sys

    try:
        source = in_file.open("rb") if in_file else sys.stdin.buffer
        sink = out_file.open("wb") if out_file else sys.stdout.buffer
    except OSError as exc:
        raise _fail(f"fichier inaccessible ({exc.strerror} : {exc.filename}).") from None
    grader = _grader(backend, rasa_url, models)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    failed = 0

    def flush(batch: list[tuple[int, bytes, object]]) -> None:
        nonlocal failed
        parsed = [(n, raw, obj) for n, raw, obj in batch if isinstance(obj, dict)]
        graded = iter(grader.grade_many([obj for _, _, obj in parsed]))
        for number, raw, obj in batch:
            if isinstance(obj, dict):
                try:
                    out = next(graded)
                except Exception as exc:  # a grader bug on one line must not stop the file
                    out = {
                        "id": obj.get("id"),
                        "error": f"ligne {number} : échec de l'analyse ({exc!r}).",
                    }
            else:
                out = _error_line(raw, f"ligne {number} : {obj}")
            if "error" in out:
                failed += 1
                if not out["error"].startswith("ligne"):
                    out["error"] = f"ligne {number} : {out['error']}"
            sink.write(dumps(out).encode("utf-8") + b"\n")
        sink.flush()

    batch: list[tuple[int, bytes, object]] = []
    try:
        for number, raw in enumerate(source, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
                if not isinstance(obj, dict):
                    obj = "la ligne n'est pas un objet JSON."
            except ValueError as exc:
                obj = f"JSON illisible ({exc})."
            batch.append((number, raw, obj))
            if len(batch) >= CHUNK:
                flush(batch)
                batch = []
        if batch:
            flush(batch)
    finally:
        sink.flush()
        if in_file:
            source.close()
        if out_file:
            sink.close()
    if failed:
        typer.echo(f"{failed} ligne(s) en erreur.", err=True)
        raise SystemExit(EXIT_LINE_ERRORS)


@app.command("evaluate")
def evaluate(
    paths: list[Path] = typer.Argument(
        ..., help="Fichiers ou dossiers du corpus étiqueté (JSON Lines)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Rapport JSON au lieu du tableau."),
    backend: list[str] = typer.Option(
        None, "--backend", help="Moteur(s) à évaluer : local, rasa (répétable pour comparer)."
    ),
    rasa_url: str = typer.Option(None, "--rasa-url", help=RASA_URL_HELP, show_default=False),
    models: Path = typer.Option(
        None,
        "--models",
        help="Dossier d'une version de modèle (par défaut : la dernière).",
        show_default=False,
    ),
    second: list[Path] = typer.Option(
        None,
        "--second",
        help="Étiquettes d'un second correcteur des mêmes échanges (ex. nlu/corpus/second/test-e) :"
        " compare le modèle à l'accord entre humains.",
        show_default=False,
    ),
) -> None:
    """Accord avec les étiquettes : exactitude, kappa, confusions, calibration, éléments, intentions."""
    import json

    from nlu.corpus.check import load_corpus, second_labels
    from nlu.evaluation import agreement, render, render_agreement
    from nlu.evaluation import evaluate as run

    try:
        items = load_corpus(*paths)
    except (OSError, ValueError) as exc:
        raise _fail(f"corpus illisible : {exc}") from None
    if not items:
        raise _fail("aucun échange trouvé.")
    try:
        others = second_labels(items, *second) if second else None
    except (OSError, ValueError) as exc:
        raise _fail(f"étiquettes du second correcteur inutilisables : {exc}") from None
    reports = {}
    for name in backend or [None]:
        grader = _grader(name, rasa_url, models)
        outputs = list(
            grader.grade_many(
                [{k: v for k, v in i.items() if k not in ("gold", "meta")} for i in items]
            )
        )
        reports[grader.backend] = run(items, outputs) | {"grader": grader.name}
        if others is not None:
            reports[grader.backend]["agreement"] = agreement(items, others, outputs)
    if as_json:
        typer.echo(
            json.dumps(
                reports if len(reports) > 1 else next(iter(reports.values())),
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for report in reports.values():
        typer.echo(render(report, title=f"== {report['grader']} =="))
        if "agreement" in report:
            typer.echo(render_agreement(report["agreement"]))
    if len(reports) > 1:
        row = " ; ".join(f"{n} {r['intents']['accuracy']}" for n, r in reports.items())
        typer.echo(f"Comparaison des moteurs (exactitude des intentions) : {row}")


@app.command("train")
def train(
    corpus: list[Path] = typer.Option(
        [TRAIN_DIR],
        "--corpus",
        help="Fichiers ou dossiers d'entraînement (jamais les jeux de test réservés nlu/corpus/test*).",
    ),
    out: Path = typer.Option(
        None, "--out", help="Dossier des versions de modèle (par défaut : nlu/models)."
    ),
    probes: bool = typer.Option(
        False,
        "--probes",
        help="Les critères accurate et respectful_tone apprennent aussi des réponses inventées "
        "des sondes (nlu/corpus/probes, jeux d'entraînement) ; mesuré sans gain sur les jeux "
        "de test réservés (nlu/README.md).",
    ),
) -> None:
    """Réentraîner les parties apprises sur le corpus d'entraînement."""
    from nlu import train as run
    from nlu.corpus import is_held_out
    from nlu.corpus.check import load_corpus
    from nlu.training import default_probes

    if any(is_held_out(p) for p in corpus):
        raise _fail("le corpus de test ne sert qu'à l'évaluation finale, jamais à l'entraînement.")
    try:
        items = load_corpus(*corpus)
    except (OSError, ValueError) as exc:
        raise _fail(f"corpus illisible : {exc}") from None
    try:
        info = run(
            items,
            out,
            log=lambda m: typer.echo(m, err=True),
            probes=default_probes() if probes else None,
        )
    except ValueError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Modèle {info.version} entraîné sur {info.exchanges} échanges : {info.path}")


@app.command("rasa-export")
def rasa_export(
    corpus: list[Path] = typer.Option(
        [TRAIN_DIR], "--corpus", help="Corpus d'où viennent les exemples d'intentions."
    ),
) -> None:
    """Régénérer nlu/data/nlu.yml (données d'intentions au format Rasa) depuis le corpus."""
    from nlu.corpus import is_held_out
    from nlu.corpus.check import load_corpus
    from nlu.rasa_data import corpus_examples, export

    if any(is_held_out(p) for p in corpus):
        raise _fail("le corpus de test ne sert qu'à l'évaluation finale.")
    items = load_corpus(*corpus)
    path = export(items)
    count = sum(len(v) for v in corpus_examples(items).values())
    typer.echo(f"{count} exemples écrits dans {path}")


@app.command("rasa-train")
def rasa_train(
    out: Path = typer.Option(
        Path("nlu/rasa/models"), "--out", help="Dossier du modèle Rasa produit."
    ),
    data: Path = typer.Option(
        None, "--data", help="Dossier des données Rasa NLU (par défaut : nlu/data)."
    ),
) -> None:
    """Entraîner le modèle Rasa (environnement Python 3.10 séparé .venv-rasa)."""
    import subprocess

    from nlu import rasa_backend
    from nlu.rasa_data import DATA_DIR

    try:
        archive = rasa_backend.train((data or DATA_DIR).resolve(), out.resolve())
    except rasa_backend.RasaError as exc:
        raise _fail(str(exc)) from None
    except subprocess.CalledProcessError as exc:
        raise _fail(f"l'entraînement Rasa a échoué (code {exc.returncode}).") from None
    typer.echo(f"Modèle Rasa : {archive}")
    typer.echo("Servir : " + " ".join(rasa_backend.serve_command(archive, 5005)))
