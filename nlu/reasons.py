"""One French sentence per (criterion, value): the reason shown to reviewers."""

from __future__ import annotations

# criterion -> value -> template; `{quote}` is the deciding text when there is one.
REASONS: dict[str, dict[object, str]] = {
    "salutation": {
        True: "Un message de la structure s'ouvre sur une salutation (« {quote} »).",
        False: "Aucun message de la structure ne s'ouvre sur une formule de salutation.",
    },
    "closing": {
        True: "La réponse se termine par une formule de politesse (« {quote} »).",
        False: "Aucune formule de politesse ou de disponibilité ne clôt la réponse.",
    },
    "thanks": {
        True: "La structure remercie le citoyen (« {quote} »).",
        False: "La structure ne remercie pas le citoyen pour son message ou sa patience.",
    },
    "register": {
        True: "Le citoyen est vouvoyé dans un registre courant.",
        False: "La réponse emploie le tutoiement ou un registre familier (« {quote} »).",
    },
    "respectful_tone": {
        True: "Le ton est courtois, sans propos désobligeant ni sécheresse.",
        False: "Le ton est sec, désobligeant ou agressif (« {quote} »).",
    },
    "spelling": {
        True: "La réponse ne contient pas plus d'une faute d'orthographe ou de grammaire.",
        False: "La réponse contient plusieurs fautes ou abréviations de type SMS (« {quote} »).",
    },
    "name_used": {
        True: "Le citoyen est appelé par son nom (« {quote} »).",
        False: "Le citoyen n'est pas appelé par son prénom ni par son nom.",
    },
    "request_restated": {
        True: "La réponse reprend l'objet précis de la demande (« {quote} »).",
        False: "La réponse reste générique et ne reprend pas l'objet de la demande.",
    },
    "agent_identified": {
        True: "L'agent qui répond est identifiable (« {quote} »).",
        False: "Aucune signature ne permet d'identifier l'agent qui répond.",
    },
    "relevant": {
        True: "La réponse traite la question posée (« {quote} »).",
        False: "Aucun message n'apporte de réponse de fond à la question posée.",
    },
    "complete": {
        "all": "Tous les éléments attendus sont donnés ({present}).",
        "some": "Éléments attendus donnés : {present} ; manquants : {missing}.",
        "none": "Aucun des éléments attendus n'est donné.",
    },
    "accurate": {
        True: "Rien dans la réponse ne contredit les informations de référence.",
        False: "La réponse contredit une information de référence (« {quote} »).",
        None: "Sans objet : la réponse n'affirme aucune information de fond.",
    },
    "actionable": {
        True: "La réponse donne un moyen concret d'agir (« {quote} »).",
        False: "La réponse ne donne ni contact, ni lien précis, ni étape suivante.",
    },
    "acknowledgement": {
        True: "La structure accuse réception et annonce la suite (« {quote} »).",
        False: "Le premier message n'annonce pas la suite donnée à la demande.",
        None: "Sans objet : le premier message est déjà une réponse de fond.",
    },
    "followup_kept": {
        True: "Une réponse de fond a suivi l'accusé de réception.",
        False: "Aucune réponse de fond n'a suivi l'accusé de réception.",
        None: "Sans objet : il n'y a pas eu d'accusé de réception annonçant une suite.",
    },
    "redirect_precise": {
        True: "La réorientation indique une destination précise et utilisable (« {quote} »).",
        False: "La réorientation reste vague, sans contact utilisable.",
        None: "Sans objet : la structure ne réoriente pas le citoyen.",
    },
    "empathy": {
        True: "La structure s'excuse ou reconnaît la gêne du citoyen (« {quote} »).",
        False: "La réponse ne reconnaît ni la gêne ni le ressenti du citoyen.",
        None: "Sans objet : le scénario n'est pas une réclamation.",
    },
    "remedy": {
        True: "La réponse annonce une action, une solution ou un recours précis (« {quote} »).",
        False: "La réponse ne propose ni solution, ni action, ni recours précis.",
        None: "Sans objet : le scénario n'est pas une réclamation.",
    },
}
NO_REPLY = "La structure n'a pas répondu."
NOT_APPLICABLE = "Sans objet pour cet échange."
_NO_QUOTE = {
    True: "Critère satisfait d'après l'analyse de l'ensemble des messages.",
    False: "Critère non satisfait d'après l'analyse de l'ensemble des messages.",
}


def reason(criterion: str, value: object, quote: str = "") -> str:
    """The French sentence for a criterion value, quoting the deciding words if any."""
    template = REASONS.get(criterion, {}).get(value)
    if template is None:
        return NOT_APPLICABLE if value is None else _NO_QUOTE[bool(value)]
    if "{quote}" in template:
        quote = " ".join(quote.split())
        if not quote:
            return (
                template.split(" (« {quote} »)")[0] + "."
                if " (« {quote} »)" in template
                else _NO_QUOTE[bool(value)]
            )
        if len(quote) > 80:
            quote = quote[:77].rstrip() + "…"
        return template.format(quote=quote)
    return template


def complete_reason(present: list[str], missing: list[str]) -> str:
    if not present:
        return REASONS["complete"]["none"]
    if not missing:
        return REASONS["complete"]["all"].format(present=", ".join(present))
    return REASONS["complete"]["some"].format(
        present=", ".join(present), missing=", ".join(missing)
    )
