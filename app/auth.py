"""Authentication (bearer API tokens) and role checks for every API route."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from core.db import session_scope
from core.models import Role, User
from core.users import user_for_token

bearer = HTTPBearer(auto_error=False)


def db_session(request: Request) -> Iterator[Session]:
    """A session per request, committed once at the end (the one place that commits)."""
    with session_scope(request.app.state.settings.database_url) as session:
        yield session


# The commit runs when the route returns, before the response: a failed commit is a 500,
# never a 200 for something that was not stored.
DB = Depends(db_session, scope="function")


def current_user(
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
    session: Session = DB,
) -> User:
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Authentification requise (jeton d'accès).",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
    user = user_for_token(session, credentials.credentials)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Jeton d'accès invalide ou désactivé.",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
    return user


def require(*roles: Role) -> Callable[..., User]:
    """A dependency that lets only `roles` through (403 in French otherwise)."""

    def check(user: User = Depends(current_user)) -> User:
        if user.role not in roles:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, "Votre rôle ne donne pas accès à cette page."
            )
        return user

    return check


STAFF = (Role.ADMIN, Role.COORDINATOR)
