"""`vigie score exchanges|panel`: the JSON Lines scoring contracts of ARCHITECTURE.md.

Exit codes (both commands): 0 every line was scored; 1 at least one line was malformed
(it is reported, the others are scored all the same); 2 unusable invocation (unknown
grid, unreadable file, bad option), nothing is scored.
Exit codes are raised as SystemExit: typer 0.29 runs its own vendored click, whose Exit
the outer `vigie` click group does not catch.
Only typer is imported here; `scoring` is imported inside the commands, and it imports
nothing heavy, so these commands start fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="Calculer les scores (JSON Lines).",
    no_args_is_help=True,
    add_completion=False,
)

EXIT_OK, EXIT_LINE_ERRORS, EXIT_USAGE = 0, 1, 2

IN_HELP = "Fichier JSON Lines d'entrée (entrée standard par défaut)."
OUT_HELP = "Fichier de sortie (sortie standard par défaut)."
EXIT_CODES = (
    "Codes de sortie : 0 toutes les lignes sont notées ; 1 au moins une ligne en erreur "
    "(signalée, les autres sont notées) ; 2 appel inutilisable (grille inconnue, fichier "
    "illisible, option invalide), rien n'est noté."
)


def _fail(message: str) -> SystemExit:
    typer.echo(f"Erreur : {message}", err=True)
    return SystemExit(EXIT_USAGE)


def _open_in(path: Path | None):
    import sys

    if path is None:
        return sys.stdin.buffer
    try:
        return path.open("rb")
    except OSError as exc:
        raise _fail(f"impossible de lire {path} ({exc.strerror}).") from None


def _open_out(path: Path | None):
    import sys

    if path is None:
        return sys.stdout.buffer
    try:
        return path.open("wb")
    except OSError as exc:
        raise _fail(f"impossible d'écrire {path} ({exc.strerror}).") from None


@app.command("exchanges", epilog=EXIT_CODES)
def exchanges(
    in_file: Path = typer.Option(None, "--in", help=IN_HELP, show_default=False),
    out_file: Path = typer.Option(None, "--out", help=OUT_HELP, show_default=False),
    grid: str = typer.Option(
        None,
        "--grid",
        help="Grille imposée à toutes les lignes (par défaut : la grille de la ligne, "
        "sinon celle de son canal).",
        show_default=False,
    ),
) -> None:
    """Noter des échanges : une ligne JSON par échange en entrée, une ligne par échange en sortie."""
    import json

    from scoring import GridError, ScoreInputError, load_grid, score_record

    if grid is not None:
        try:
            load_grid(grid)
        except GridError as exc:
            raise _fail(str(exc)) from None

    source, sink = _open_in(in_file), _open_out(out_file)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    loads = json.loads
    failed = total = 0
    try:
        for number, raw in enumerate(source, start=1):
            if not raw.strip():
                continue
            total += 1
            record = None
            try:
                record = loads(raw)
                out = score_record(record, grid_id=grid)
            except (ScoreInputError, GridError) as exc:
                out = _error(record, f"ligne {number} : {exc}")
            except ValueError as exc:  # JSON syntax, bad UTF-8
                out = _error(record, f"ligne {number} : JSON illisible ({exc}).")
            except Exception as exc:  # one odd line must not stop the others
                out = _error(record, f"ligne {number} : donnée inutilisable ({exc!r}).")
            if "error" in out:
                failed += 1
            sink.write(dumps(out).encode("utf-8") + b"\n")
    finally:
        sink.flush()
        if in_file is not None:
            source.close()
        if out_file is not None:
            sink.close()
    if failed:
        typer.echo(f"{failed} ligne(s) en erreur sur {total}.", err=True)
        raise SystemExit(EXIT_LINE_ERRORS)


def _error(record, message: str) -> dict:
    ident = record.get("id") if isinstance(record, dict) else None
    return {"id": ident, "error": message}


@app.command("panel", epilog=EXIT_CODES)
def panel(
    in_file: Path = typer.Option(None, "--in", help=IN_HELP, show_default=False),
    out_file: Path = typer.Option(None, "--out", help=OUT_HELP, show_default=False),
    previous: Path = typer.Option(
        None,
        "--previous",
        help="Document de panel de l'édition précédente, pour calculer les évolutions.",
        show_default=False,
    ),
    channel_weights: str = typer.Option(
        None,
        "--channel-weights",
        help="Poids des canaux dans le score global d'une structure, par exemple "
        "twitter=2,facebook=1 (poids égaux par défaut).",
        show_default=False,
    ),
) -> None:
    """Agréger des échanges notés en un document JSON : structures, catégories, panel."""
    import json

    from scoring import PanelBuilder, PanelInputError, parse_channel_weights

    weights = None
    if channel_weights is not None:
        try:
            weights = parse_channel_weights(channel_weights)
        except PanelInputError as exc:
            raise _fail(str(exc)) from None
    before = None
    if previous is not None:
        try:
            before = json.loads(previous.read_bytes())
        except OSError as exc:
            raise _fail(f"impossible de lire {previous} ({exc.strerror}).") from None
        except ValueError as exc:
            raise _fail(f"{previous} n'est pas un document JSON ({exc}).") from None

    builder = PanelBuilder()
    errors = []
    source = _open_in(in_file)
    try:
        for number, raw in enumerate(source, start=1):
            if not raw.strip():
                continue
            record = None
            try:
                record = json.loads(raw)
                builder.add(record)
            except PanelInputError as exc:
                errors.append(_error(record, f"ligne {number} : {exc}") | {"line": number})
            except ValueError as exc:
                errors.append(
                    _error(record, f"ligne {number} : JSON illisible ({exc}).") | {"line": number}
                )
            except Exception as exc:  # one odd line must not stop the others
                errors.append(
                    _error(record, f"ligne {number} : donnée inutilisable ({exc!r}).")
                    | {"line": number}
                )
    finally:
        if in_file is not None:
            source.close()
    try:
        document = builder.document(channel_weights=weights, previous=before)
    except PanelInputError as exc:
        raise _fail(str(exc)) from None
    document["errors"] = errors

    sink = _open_out(out_file)
    try:
        # Compact: json.dumps uses its C encoder only without indent (national panels).
        sink.write(
            json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        )
    finally:
        sink.flush()
        if out_file is not None:
            sink.close()
    if errors:
        typer.echo(f"{len(errors)} ligne(s) ignorée(s) car en erreur.", err=True)
        raise SystemExit(EXIT_LINE_ERRORS)
