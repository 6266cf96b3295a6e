"""Users, roles and API tokens. Tokens are shown once and stored as SHA-256 digests."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import AuditLog, Role, Structure, User


class UserError(ValueError):
    """A user cannot be created as asked (French message)."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    session: Session, *, email: str, name: str, role: Role, structure_code: str | None = None,
    actor: str = "cli",
) -> tuple[User, str]:  # fmt: skip
    """Create a user and return it with its API token (the only time the token is visible)."""
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise UserError(f"un utilisateur « {email} » existe déjà")
    structure_id = None
    if role == Role.STRUCTURE:
        if not structure_code:
            raise UserError(
                "un compte « structure » doit être rattaché à une structure (--structure)"
            )
        structure_id = session.scalar(select(Structure.id).where(Structure.code == structure_code))
        if structure_id is None:
            raise UserError(f"structure « {structure_code} » introuvable")
    elif structure_code:
        raise UserError("seuls les comptes « structure » sont rattachés à une structure")
    token = secrets.token_urlsafe(32)
    user = User(email=email, name=name, role=role, structure_id=structure_id,
                token_hash=token_digest(token))  # fmt: skip
    session.add(user)
    session.flush()
    session.add(AuditLog(actor=actor, action="user.create", entity="user", entity_id=str(user.id),
                         details={"email": email, "role": role.value}))  # fmt: skip
    return user, token


def user_for_token(session: Session, token: str) -> User | None:
    if not token:
        return None
    user = session.scalar(select(User).where(User.token_hash == token_digest(token)))
    return user if user is not None and user.active else None
