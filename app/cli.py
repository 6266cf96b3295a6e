"""The `vigie` command line: a lazy registry of sub-commands, French messages."""

from __future__ import annotations

import importlib
import re
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

# name -> ("module:attribute" of a Typer app, one-line help). Each module is imported only
# when its command runs, so that `vigie score …` never loads the NLU stack or the web app.
COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("app.cli_db:app", "Base de données : création et migrations."),
    "import": ("app.cli_import:app", "Importer structures, scénarios, personas, campagnes, notes."),
    "structures": ("app.cli_lists:structures", "Structures du panel."),
    "scenarios": ("app.cli_lists:scenarios", "Scénarios de questions."),
    "personas": ("app.cli_lists:personas", "Personas (citoyens mystères)."),
    "campaigns": ("app.cli_lists:campaigns", "Campagnes d'audit."),
    "serve": ("app.cli_serve:app", "Servir l'API web (FastAPI)."),
    "score": ("app.cli_score:app", "Calculer les scores (JSON Lines)."),
    "nlu": ("app.cli_nlu:app", "Analyse automatique des réponses (NLU)."),
    "sandbox": ("app.cli_sandbox:app", "Émulateurs locaux des plateformes."),
    "inbox": ("app.cli_inbox:app", "Boîte de réception des webhooks."),
    "telegram": ("app.cli_telegram:app", "Outils Telegram (webhook)."),
    "campaign": ("app.cli_campaign:app", "Planifier, lancer et suivre une campagne."),
    "demo": ("app.cli_demo:app", "Démonstration complète sur le mode embarqué."),
    "users": ("app.cli_users:app", "Utilisateurs et rôles."),
}


def _load(name: str) -> Any:
    target, short_help = COMMANDS[name]
    module_name, attr = target.split(":")
    try:
        obj = getattr(importlib.import_module(module_name), attr)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith(module_name.split(".")[0]):
            raise

        def unavailable() -> None:
            raise typer.BadParameter(f"la commande « {name} » n'est pas encore disponible.")

        obj = typer.Typer()
        obj.command(name)(unavailable)
    obj._add_completion = False  # shell completion belongs to `vigie` itself, not to each part
    command = typer.main.get_command(obj)
    command.name = name
    command.short_help = short_help
    return command


# The parsing errors of Typer's command-line layer, in French (it writes them in English,
# without a translation catalogue). Applied in order; unknown messages stay as they are.
FRENCH_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), french)
    for pattern, french in (
        (r"No such option: (\S+)", r"Option inconnue : \1"),
        (r"\(Possible options: (.+)\)", r"(options possibles : \1)"),
        (r"\(Did you mean one of: (.+)\?\)", r"(vouliez-vous dire : \1 ?)"),
        (r"Did you mean (.+)\?", r"Vouliez-vous dire \1 ?"),
        (r"No such command '(.+)'\.", r"Commande inconnue : « \1 »."),
        (r"Missing argument '(.+)'\.", r"Argument manquant : « \1 »."),
        (r"Missing option '(.+)'\.", r"Option manquante : « \1 »."),
        (r"Missing parameter: (.+)", r"Paramètre manquant : \1"),
        (r"Invalid value for '(.+?)': ", r"Valeur invalide pour « \1 » : "),
        (r"Invalid value: ", r"Valeur invalide : "),
        (r"'(.+)' is not a valid integer( range)?\.", r"« \1 » n'est pas un nombre entier."),
        (r"'(.+)' is not a valid float( range)?\.", r"« \1 » n'est pas un nombre."),
        (r"'(.+)' is not one of (.+)\.", r"« \1 » ne fait pas partie de : \2."),
        (r"'(.+)' is not '(.+)'\.", r"« \1 » n'est pas « \2 »."),
        (r"(?:File|Path|Directory) '(.+)' does not exist\.", r"« \1 » n'existe pas."),
        (r"(?:File|Path) '(.+)' is a directory\.", r"« \1 » est un dossier."),
        (r"Directory '(.+)' is a file\.", r"« \1 » est un fichier."),
        (r"(?:File|Path|Directory) '(.+)' is not readable\.", r"« \1 » n'est pas lisible."),
        (
            r"(?:File|Path|Directory) '(.+)' is not writable\.",
            r"« \1 » n'est pas accessible en écriture.",
        ),
        (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", r"Argument(s) en trop : \1"),
        (r"Option '(.+)' requires an argument\.", r"L'option « \1 » attend une valeur."),
        (r"Option '(.+)' does not take a value\.", r"L'option « \1 » ne prend pas de valeur."),
        (r"Missing command\.", r"Commande manquante."),
        # values are checked by pydantic, whose messages come through as they are
        (
            r"Input should be a valid integer(?:, unable to parse string as an integer)?",
            r"un nombre entier est attendu",
        ),
        (
            r"Input should be a valid number(?:, unable to parse string as a number)?",
            r"un nombre est attendu",
        ),
        (
            r"Input should be a valid boolean(?:, unable to interpret input)?",
            r"true ou false attendu (ou yes/no, 1/0)",
        ),
        (
            r"Input should be a valid datetime(?: or date)?(?:, .+)?",
            r"une date est attendue (AAAA-MM-JJ ou AAAA-MM-JJTHH:MM+01:00)",
        ),
        (
            r"Input should be greater than or equal to (\S+)",
            r"une valeur d'au moins \1 est attendue",
        ),
        (r"Input should be greater than (\S+)", r"une valeur supérieure à \1 est attendue"),
        (r"Input should be less than or equal to (\S+)", r"une valeur d'au plus \1 est attendue"),
        (r"Input should be less than (\S+)", r"une valeur inférieure à \1 est attendue"),
        (r"Input should be (.+)", r"valeur attendue : \1"),
    )
)


def french_error(message: str) -> str:
    """`message` (an error of the command-line layer) in French."""
    for pattern, french in FRENCH_ERRORS:
        message = pattern.sub(french, message)
    return message


def _french_help() -> None:
    """Typer's own help strings, in French (they are module constants read at render time)."""
    import typer.rich_utils as rich_utils
    from typer.core import TyperCommand

    for name, text in {
        "OPTIONS_PANEL_TITLE": "Options", "COMMANDS_PANEL_TITLE": "Commandes",
        "ARGUMENTS_PANEL_TITLE": "Arguments", "ERRORS_PANEL_TITLE": "Erreur",
        "ABORTED_TEXT": "Interrompu.", "DEFAULT_STRING": "[par défaut : {}]",
        "REQUIRED_LONG_STRING": "[obligatoire]",
        "RICH_HELP": "Essayez [blue]« {command_path} {help_option} »[/] pour l'aide.",
    }.items():  # fmt: skip
        setattr(rich_utils, name, text)

    def french_help_option(original: Any) -> Any:
        def get_help_option(self: Any, ctx: Any) -> Any:
            option = original(self, ctx)
            if option is not None:
                option.help = "Afficher cette aide et quitter."
            return option

        return get_help_option

    for cls in {TyperCommand, TyperGroup, *TyperCommand.__mro__[1:2], *TyperGroup.__mro__[1:2]}:
        if "get_help_option" in vars(cls):
            cls.get_help_option = french_help_option(vars(cls)["get_help_option"])

    # "Usage:" lines, and the error panel's message (the error is an instance: its own
    # `format_message` is wrapped, nothing else changes).
    from typer._click.formatting import HelpFormatter

    write_usage = HelpFormatter.write_usage

    def french_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "Utilisation : " if prefix is None else prefix)

    HelpFormatter.write_usage = french_usage
    rich_utils.highlighter.highlights = [
        h.replace("Usage: ", "Utilisation : ") for h in rich_utils.highlighter.highlights
    ]
    format_error = rich_utils.rich_format_error

    def french_format_error(error: Any) -> None:
        english = error.format_message
        error.format_message = lambda: french_error(english())
        format_error(error)

    rich_utils.rich_format_error = french_format_error


_french_help()


class LazyGroup(TyperGroup):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return _load(cmd_name) if cmd_name in COMMANDS else None


cli = typer.Typer(
    cls=LazyGroup,
    help="Vigie : audits mystère citoyen des services publics sur les réseaux sociaux.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@cli.callback()
def root() -> None:
    """Vigie : audits mystère citoyen des services publics sur les réseaux sociaux."""


def main() -> None:
    cli(prog_name="vigie")


if __name__ == "__main__":
    main()
