"""Persona credentials: the database names a reference, the secret lives in settings.

`PersonaAccount.credentials` holds a reference such as `x:claire-martin`; the secret is
found, in order, in the `tokens` mapping given to the channel (tests, the demo) and in
the `persona_credentials` setting (a JSON object of reference -> secret, as SecretStr).
A missing reference is a configuration error, never a reason to guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import SecretStr


class MissingCredentials(LookupError):
    """No secret is configured for a credentials reference."""

    def __init__(self, ref: str | None) -> None:
        super().__init__(ref)
        self.reason = f"Aucun identifiant configuré pour « {ref or '(aucune référence)'} »."


def _plain(value: Any) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


def resolve(ref: str | None, *, tokens: Mapping[str, Any] | None, settings: Any) -> str:
    """The secret behind `ref`."""
    if ref:
        if tokens and ref in tokens:
            return _plain(tokens[ref])
        configured = getattr(settings, "persona_credentials", None) or {}
        if ref in configured:
            return _plain(configured[ref])
    raise MissingCredentials(ref)


def split_pair(secret: str) -> tuple[str, str]:
    """`token:secret` (X OAuth 1.0a user context) -> (token, secret); no colon -> (token, '')."""
    token, _, token_secret = secret.partition(":")
    return token, token_secret
