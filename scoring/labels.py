"""Ids shared by every layer (determinants, criteria, channels, categories) and their French labels."""

from __future__ import annotations

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "CHANNELS",
    "CHANNEL_GRIDS",
    "CHANNEL_LABELS",
    "DETERMINANTS",
    "DETERMINANT_LABELS",
    "HUMAN_CHANNELS",
    "NLU_CRITERIA",
    "SCENARIO_KINDS",
    "SOCIAL_CHANNELS",
]

# RUBRIC.md order. The grid files use these ids; reports use these labels.
DETERMINANT_LABELS: dict[str, str] = {
    "accessibilite": "Accessibilité",
    "reactivite": "Réactivité",
    "courtoisie": "Courtoisie",
    "personnalisation": "Personnalisation",
    "qualite_reponse": "Qualité de la réponse",
    "gestion_attente": "Gestion de l'attente",
    "efficacite_transfert": "Efficacité du transfert",
    "gestion_reclamations": "Gestion des réclamations",
}
DETERMINANTS: tuple[str, ...] = tuple(DETERMINANT_LABELS)

# The criteria the NLU grades: every criterion of social-2026.1 except the measured ones
# (`reachable` from the send outcome, `first_reply_delay` from timestamps), RUBRIC order.
NLU_CRITERIA: tuple[str, ...] = (
    "salutation",
    "closing",
    "thanks",
    "register",
    "respectful_tone",
    "spelling",
    "name_used",
    "request_restated",
    "agent_identified",
    "relevant",
    "complete",
    "accurate",
    "actionable",
    "acknowledgement",
    "followup_kept",
    "redirect_precise",
    "empathy",
    "remedy",
)

SCENARIO_KINDS: tuple[str, ...] = ("information", "complaint")

# RUBRIC convention 25, with the grid that scores each channel by default.
CHANNEL_GRIDS: dict[str, str] = {
    "twitter": "social-2026.1",
    "facebook": "social-2026.1",
    "messenger": "social-2026.1",
    "instagram": "social-2026.1",
    "whatsapp": "social-2026.1",
    "telegram": "social-2026.1",
    "email": "email-2026.1",
    "phone": "phone-2026.1",
    "mail": "mail-2026.1",
    "website": "website-2026.1",
}
CHANNELS: tuple[str, ...] = tuple(CHANNEL_GRIDS)
SOCIAL_CHANNELS: tuple[str, ...] = CHANNELS[:6]
HUMAN_CHANNELS: tuple[str, ...] = CHANNELS[6:]

CHANNEL_LABELS: dict[str, str] = {
    "twitter": "X (Twitter)",
    "facebook": "Facebook (commentaires)",
    "messenger": "Messenger",
    "instagram": "Instagram",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "email": "Courriel",
    "phone": "Téléphone",
    "mail": "Courrier postal",
    "website": "Site internet",
}

# Structure categories of the panel; the database uses the same ids.
CATEGORY_LABELS: dict[str, str] = {
    "ville_plus_50000": "Villes de plus de 50\u00a0000 habitants",
    "ville_20000_49999": "Villes de 20\u00a0000 à 49\u00a0999 habitants",
    "ville_moins_20000": "Villes de moins de 20\u00a0000 habitants",
    "intercommunalite": "Intercommunalités",
    "departement": "Départements",
    "region": "Régions",
    "maison_france_services": "Maisons France Services",
    "service_amenagement_attractivite": "Services d'aménagement et d'attractivité",
    "service_social_sante": "Services sociaux et de santé",
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)
