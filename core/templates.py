"""Question and follow-up templates: `{persona.first_name}`, `{structure.handle}`…"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([a-z_]+)\.([a-z_]+)\}")
VARIABLES: dict[str, frozenset[str]] = {
    "persona": frozenset({"civility", "first_name", "last_name"}),
    "structure": frozenset({"name", "handle", "departement"}),
}


def unknown_placeholders(template: str) -> list[str]:
    """The placeholders of `template` that no exchange can fill."""
    bad = [m.group(0) for m in PLACEHOLDER.finditer(template)
           if m.group(2) not in VARIABLES.get(m.group(1), ())]  # fmt: skip
    stray = re.sub(PLACEHOLDER, "", template)
    if "{" in stray or "}" in stray:
        bad.append("accolade isolée")
    return bad


def render(template: str, values: Mapping[str, Mapping[str, str | None]]) -> str:
    """Fill `template`; an empty value leaves no trace (and no double space)."""

    def fill(match: re.Match[str]) -> str:
        return str(values.get(match.group(1), {}).get(match.group(2)) or "")

    return re.sub(r"[ \t]{2,}", " ", PLACEHOLDER.sub(fill, template)).strip()
