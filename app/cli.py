"""The `vigie` command line: a lazy registry of sub-commands, French messages."""

from __future__ import annotations

import importlib
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
    command = typer.main.get_command(obj)
    command.name = name
    command.short_help = short_help
    return command


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
