"""`vigie users …`: accounts with roles (admin, coordinator, reviewer, structure)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Utilisateurs et rôles.", no_args_is_help=True)


@app.command("add")
def add(
    email: str = typer.Option(..., "--email", help="Adresse e-mail (identifiant)."),
    name: str = typer.Option(..., "--name", help="Nom affiché."),
    role: str = typer.Option(..., "--role", help="admin, coordinator, reviewer ou structure."),
    structure: str | None = typer.Option(
        None, "--structure", help="Code de la structure (rôle structure)."
    ),
) -> None:
    """Créer un utilisateur et afficher son jeton d'accès (une seule fois)."""
    from app.cli_common import console, database_session, fail
    from core.models import Role
    from core.users import UserError, create_user

    try:
        role_value = Role(role)
    except ValueError:
        raise fail(f"rôle inconnu « {role} » (admin, coordinator, reviewer, structure)") from None
    with database_session() as session:
        try:
            user, token = create_user(session, email=email, name=name, role=role_value,
                                      structure_code=structure)  # fmt: skip
        except UserError as exc:
            raise fail(str(exc)) from None
    console.print(f"Utilisateur {user.email} créé (rôle {role_value.value}).")
    console.print(f"Jeton d'accès (à conserver, il ne sera plus affiché) : {token}")


@app.command("list")
def list_users(as_json: bool = typer.Option(False, "--json")) -> None:
    """Lister les utilisateurs et leurs rôles."""
    from sqlalchemy import select

    from app.cli_common import database_session, print_rows
    from core.models import Structure, User

    with database_session() as session:
        rows = [
            {
                "email": u.email,
                "name": u.name,
                "role": u.role.value,
                "structure": code,
                "active": u.active,
            }
            for u, code in session.execute(
                select(User, Structure.code).outerjoin(Structure, Structure.id == User.structure_id)
            )
        ]
    print_rows(rows, [("email", "E-mail"), ("name", "Nom"), ("role", "Rôle"), ("structure", "Structure"),
                      ("active", "Actif")], as_json=as_json, title="Utilisateurs")  # fmt: skip
