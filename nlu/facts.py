"""Quantities stated in texts (hours, amounts, delays, days) and contradiction checks.

A reference fact and a reply sentence about the same topic contradict each other when
they give different values of the same kind ("de 8 h 30 à 17 h" against "jusqu'à 18 h",
"gratuit" against "25 €"), or opposite polarity ("sur rendez-vous" against "sans
rendez-vous").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from nlu import lexicons as lx
from nlu.analysis import strip_accents

_NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "quarante-huit": 48,
}  # fmt: skip
_EN_NUMBERS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "six": "6",
    "eight": "8",
    "ten": "10",
    "fifteen": "15",
}
_UNIT_DAYS = {
    "jour": 1,
    "semaine": 7,
    "mois": 30,
    "an": 365,
    "heure": 1 / 24,
    "h": 1 / 24,
    "minute": 1 / 1440,
    "min": 1 / 1440,
}
_MONTHS = r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"


def _month(name: str) -> str:
    return {"fevrier": "février", "aout": "août", "decembre": "décembre"}.get(name, name)


_DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_FREE = re.compile(
    r"\b(?:gratuite?s?|gratuitement|sans frais|free of charge|free|offerte?s?|gratos"
    r"|aucuns? frais|pas de frais|(?:ne|n['’]) coûte rien|aucun coût"
    # not "rien à débourser le jour de l'inscription, la facture arrive en fin de mois"
    r"|rien à (?:payer|débourser)(?! (?:le jour|à l['’]avance|d['’]avance|sur place|maintenant|lors d))"
    r"|à titre gratuit)\b",
    re.I,
)
# Paying without a sum: "payant", "moyennant une participation aux frais", "facturée".
_PAID_WORDS = re.compile(
    r"\b(?:payante?s?|facturée?s?|participation (?:aux frais|financière)|coûte (?!rien)|"
    r"frais (?:de dossier|d['’]instruction|de gestion|d['’]inscription|d['’]enregistrement|de traitement)|"
    # money, not a hand given ("une petite participation de chacun pour le nettoyage")
    r"(?:petite|légère|modeste) participation (?:financière|aux frais|de \d|(?:vous )?(?:sera|est) demandée)|"
    r"participation (?:symbolique|modique|forfaitaire)|"
    # "contre une redevance", "contre un petit droit de garde", "payable à l'avance"
    r"contre (?:une? |le |la )?(?:petite? |légère |modeste )?(?:redevance|participation|somme|contribution|paiement|droit)|"
    r"droit de garde|payables?|"
    # "une redevance d'occupation", "à vos frais", "à la charge du demandeur", "participer
    # aux frais"
    r"redevances?|(?:à|aux) (?:vos|votre|leurs?|ses|ton|tes) (?:frais|dépens)|"
    # (not "à la charge du propriétaire, du riverain", often a duty: "l'entretien de la haie")
    r"à la charge (?:du|des|de l['’]) ?(?:demandeur|détenteur|bénéficiaire|acheteur)s?|"
    r"participer (?:aux|au|à des) frais|"
    # "une participation à votre charge", "vendus à prix coûtant" (not "l'élagage est à votre
    # charge", often a duty; "les frais de …" are `_PAID_FOR`)
    r"participation\b(?:(?!\b(?:ne|n['’]|pas|aucune?|jamais)\b)[^.;:!?]){0,30}\bà (?:votre|vos|leur|sa|ta) charge|"
    r"(?:à|au) prix coûtant|"
    r"(?:à|au) prix réduit|(?:somme|prix) modique|surtaxée?|tarif réduit|"
    r"timbre fiscal|"
    r"moyennant (?:une? |la |le )?(?:petite |légère |modeste )?(?:participation|paiement|somme|contribution|\d))",
    re.I,
)
# What the citizen is said to pay for: "les frais d'enlèvement seront à votre charge" (not
# "les frais ne sont pas à votre charge"), against a fact saying that very thing is free.
_PAID_FOR = re.compile(
    r"\b(?:frais|coûts?)\s+(?:d['’]|de |du |des )(?:l['’]|la |le )?([\w-]{4,})"
    r"(?:(?!\b(?:ne|n['’]|pas|aucune?|jamais)\b)[^.;:!?]){0,30}?\bà (?:votre|vos|leur|sa|ta) charge",
    re.I,
)
# Words that negate what follows them in their clause.
_NEGATION_WORDS = r"ne|n['’]|pas|ni|non|jamais|aucune?"
# A negation just before a word ("n'est pas payant", "aucune participation").
_NEGATED = re.compile(rf"\b(?:{_NEGATION_WORDS}|sans)\b[^.;:!?,]{{0,20}}$", re.I)
# Free words that carry their own negation ("rien à payer"): no further negation to read.
_SELF_NEGATED = re.compile(r"(?:aucun|pas|ne\b|n['’]|rien)", re.I)


def _free_words(text: str) -> list[bool]:
    """For each word of being free in `text`, whether it says free: "ils ne sont pas
    gratuits" does not, "rien à payer" does (its own negation)."""
    return [
        _SELF_NEGATED.match(m.group(0)) is not None
        or not _NEGATED.search(text, max(0, m.start() - 25), m.start())
        for m in _FREE.finditer(text)
    ]


def _paid_in_words(text: str) -> bool:
    return any(
        not _NEGATED.search(text, max(0, m.start() - 25), m.start())
        for m in _PAID_WORDS.finditer(text)
    )


_ONLY = re.compile(
    r"\b(?:uniquement|seulement|exclusivement|obligatoire(?:ment)?|que sur|only)\b", re.I
)
_WITHOUT = re.compile(
    r"\b(?:sans(?! frais\b)(?! supplément\b)|pas besoin|pas nécessaire|inutile|non obligatoire|libre|pas obligatoire)\b",
    re.I,
)


_EVERY_DAY = re.compile(
    r"\b(?:tous les jours|ts les jours|tlj|7 ?j ?/ ?7|(?:7|sept) jours sur (?:7|sept)|every day|daily)\b",
    re.I,
)


# Not delays: when a service answers ("7 jours sur 7", "24 heures sur 24") and how old a
# document may be ("un justificatif de moins de 3 mois").
_ROUND_THE_CLOCK = re.compile(
    r"(?:\d+|quatre|sept)\s?(?:j(?:ours?)?|h(?:eures?)?)\s?(?:sur|/)\s?(?:\d+|vingt-quatre|sept)\b",
    re.I,
)  # "vingt-quatre heures sur vingt-quatre" is read from its "quatre"
_DOCUMENT_AGE = re.compile(r"\b(?:(?:de|datée?s? de) moins de|less than)\s*$", re.I)
# An age in months or weeks: "votre chien a 9 mois.", "âgé de 6 semaines, il…", where the
# clause ends after the unit (not "la commune a 2 mois pour répondre", "le locataire a 3
# mois de préavis", "il y aura 3 mois d'instruction", "jusqu'a 3 mois").
_AGE_BEFORE = re.compile(
    r"(?<!\by )(?<!jusqu['’])\b(?:a|ont|aura|auront|avait|âgée?s? de)\s*$", re.I
)
_AGE_AFTER = re.compile(r"\s*(?:[.,;:!?)]|$|et\b|révolus\b)", re.I)

# A delay's number word after a ten ("vingt et un jours", "trente-cinq jours"), the start of
# a range ("entre un et deux mois", "entre 4 et 8 semaines") and a half ("un mois et demi").
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_TENS_BEFORE = re.compile(rf"(?<!quatre-)\b({'|'.join(_TENS)})(?:[- ]et[- ]|-)$", re.I)
# "soixante-dix", "soixante et onze", "quatre-vingt-dix", "quatre-vingt-un jours"
_SCORES_BEFORE = re.compile(r"\b(soixante|quatre-vingt)(?:[- ]et[- ]|-)$", re.I)
_UNITS = frozenset(["un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"])
_RANGE_FROM = re.compile(rf"\bentre (\d+|{'|'.join(_NUMBER_WORDS)}) et\s+$", re.I)
_HALF_AFTER = re.compile(r"\s+et\s+demie?\b", re.I)

# Delays said without a number, as ranges of days ("d'ici quelques semaines", "plusieurs
# jours"): not how long something lasts or has lasted ("même pour quelques semaines", "depuis
# plusieurs mois", "les travaux dureront plusieurs semaines"), nor a time before or after
# something ("quelques jours avant le passage", "à quelques semaines de la rentrée").
_VAGUE_RANGES = {"jours": (2.0, 7.0), "semaines": (14.0, 60.0), "mois": (60.0, 365.0)}
_VAGUE_DELAY = re.compile(
    r"(?<!\bpour )(?<!\bpendant )(?<!\bdurant )(?<!\bdepuis )(?<!\by a )(?<!\bà )"
    r"\b(?:quelques|plusieurs) (jours|semaines|mois)\b"
    r"(?!\s+(?:avant|après|à l['’]avance|d['’]avance|de (?:la|l['’]|votre|vos)\b))",
    re.I,
)
_LASTING = re.compile(r"\b(?:dur\w*|ferm\w*|pendant)\b", re.I)
# A document handed over at once ("remis immédiatement", "délivré le jour même", "remis en fin
# de journée"; not "nous transmettons immédiatement"), and the words it needs, a cheap test.
_AT_ONCE_WORDS = re.compile(r"immédiatement|sur-le-champ|même|journée|aussitôt")
_AT_ONCE = re.compile(
    r"\b(?:remise?s?|délivrée?s?|donnée?s?|fournie?s?)\b"
    r"[^.;,]{0,25}?\b(?:immédiatement|sur-le-champ|le jour même|dans la journée|"
    r"en fin de journée|aussitôt)\b",
    re.I,
)

_DAYS_ALT = "|".join(_DAY_NAMES)
_DAY_RANGE = re.compile(rf"\b({_DAYS_ALT})s?(?: (?:au|-|à) |\s?[-–]\s?)({_DAYS_ALT})\b")
_CLOSED = re.compile(
    rf"\bfermée?s? (?:le |les |tous les )?({_DAYS_ALT}|week-end|weekend)s?\b"
    # "fermée dimanche, lundi et jeudi"
    rf"((?:, (?:le |les )?(?:{_DAYS_ALT})s?\b)*)"
    rf"(?:,? et (?:le |les )?({_DAYS_ALT})s?\b)?"  # "fermée le dimanche et le lundi"
)
# "lundi : fermé", "pas d'ouverture le lundi" (not "le mardi : fermé le matin")
_CLOSED_AFTER = re.compile(
    rf"\b(?:({_DAYS_ALT})s?\s*:\s*fermée?s?\b|pas d['’]ouverture (?:le |les )?({_DAYS_ALT})s?\b)"
    r"(?!\s*(?:le |l['’])?(?:matin|après-midi|soir))"
)
_ONLINE = re.compile(r"\b(?:en ligne|internet|sur le site|site|online)\b|\.fr\b|\.gouv\b", re.I)
_ONLINE_ONLY = re.compile(
    r"\b(?:uniquement|exclusivement|seulement|only)\b[^.;]{0,30}\b(?:en ligne|sur internet|sur le site|online)\b"
    r"|\b(?:en ligne|sur internet|online)\b[^.;]{0,10}\b(?:uniquement|exclusivement|seulement|only)\b",
    re.I,
)
_NOT_HERE = re.compile(r"\b(?:pas|non|ni|plus|jamais)\b", re.I)
# A place the citizen must go to in person (a counter, an office), against online-only facts.
_PHYSICAL = re.compile(
    r"\b(?:en préfecture|(?<!adresser )(?<!adressez-vous )à la préfecture|en sous-préfecture|en mairie|à la mairie|au guichet|sur place|"
    r"en personne|par courrier|un courrier|tu passes|vous passez|passez (?:en|à|au))\b",
    re.I,
)

# What is sent to the citizen's home ("le nouveau permis vous sera expédié chez vous par
# courrier", "vous recevrez votre carte à domicile par courrier"): no procedure done on paper,
# unless something is to be sent back.
_DELIVERED = re.compile(
    r"\b(?:(?:sera|seront)\s+(?:\w+\s+){0,2}(?:envoyée?s?|expédiée?s?|adressée?s?|postée?s?)|vous (?:le |la |les )?recevrez)\b"
    r"(?=[^.;]{0,60}\b(?:chez vous|à (?:votre )?domicile|à votre adresse)\b)(?![^.;]*\bà (?:renvoyer|retourner)\b)",
    re.I,
)
_BY_POST = re.compile(r"\b(?:par|un) courrier\b", re.I)


# Public bodies a citizen is sent to, by canonical name: "adressez-vous à la CPAM" against
# a fact that names the CAF contradicts it without any number.
_BODIES: dict[str, str] = {
    "caf": r"caf|caisse d['’]allocations familiales",
    "cpam": r"cpam|assurance maladie|ameli(?:\.fr)?|sécurité sociale|sécu",
    "msa": r"msa|mutualité sociale agricole",
    "retraite": r"carsat|cnav|assurance retraite|caisse de retraite|info-retraite(?:\.fr)?",
    "france_travail": r"france travail|pôle emploi|pole emploi",
    "ants": r"ants|france titres",
    "prefecture": r"préfecture|prefecture|sous-préfecture",
    "mairie": r"mairies?|hôtel de ville|(?<=le )maire|(?<=au )maire|(?:des|les|aux) communes|"
    r"(?<=relève de la )commune|(?<=auprès de la )commune|(?<=compétence de la )commune|"
    r"(?<=dépend de la )commune|(?<=non par la )commune|(?<=^la )commune(?= ne\b| n['’])|"
    r"(?<= la )commune(?= ne\b| n['’])|(?-i:services? [A-ZÉ][\w-]+(?: [\w-]+)? de la ville\b)|"
    r"(?<=la )commune de (?-i:[A-ZÉ])[\w'’-]*(?= ne\b| n['’])|"
    # the commune doing the service or owning the thing: "assuré par la commune",
    # "appartiennent à la commune", "les services de la commune" (not "les habitants de la
    # commune", nor "voté par la commune", "versée par la commune", what it decides or pays)
    r"(?:(?:assur|gér|réalis|trait|effectu|organis|attribu|délivr|distribu|mandat|install|nettoy|"
    r"répar|collect|ramass|remplac)é|entretenu|fourni|instruit)e?s? par la commune|"
    r"(?<=pas par la )commune|(?<=ni par la )commune|"
    r"(?<=appartient à la )commune|(?<=appartiennent à la )commune|"
    r"(?<=services de la )commune|(?<=services techniques de la )commune",
    "ccas": r"ccas|centre communal d['’]action sociale",
    "departement": r"conseil départemental|maison départementale des solidarités|(?-i:MDS)",
    "region": r"conseil régional",
    "mdph": r"mdph|maison départementale des personnes handicapées",
    "impots": r"impots\.gouv(?:\.fr)?|impôts\.gouv(?:\.fr)?|centre des finances publiques|"
    r"service des impôts|(?-i:SIP)|trésor public|dgfip|administration fiscale|services? fiscaux|"
    r"finances publiques",
    "urssaf": r"urssaf",
    "employeur": r"employeur|ressources humaines",
    "poste": r"la poste|bureau de poste",
    "tribunal": r"tribunal|greffe|cour d['’]appel",
    "police": r"gendarmerie|commissariat|police nationale",
    "intercommunalite": r"communauté de communes|communauté d['’]agglomération|agglo|l['’]agglomération|"
    r"métropole|intercommunalité|interco|"
    # a community's name: "Morlenc Communauté", "Communauté Val-Menne"
    r"(?-i:Communauté)",
    "france_renov": r"france rénov['’]?|anah",
    "ars": r"agence régionale de santé",  # not "ARS": also the allocation de rentrée scolaire
    "notaire": r"notaire",
    "syndic": r"syndic|bailleur",
    "spa": r"(?-i:SPA)",  # not a wellness spa; a "refuge" may be the pound's
    "fourriere": r"fourrière",
    "crous": r"crous",
    "mission_locale": r"mission locale",
    "pij": r"pij|point information jeunesse",
    "adil": r"adil",
    "consulat": r"consulat|ambassade",
    "pompes_funebres": r"pompes funèbres",
    "paroisse": r"paroisse|presbytère",
    # The school itself (not a school named as a place: "l'école Jules-Ferry").
    # The school as the one to ask ("auprès du collège", "la directrice de l'école"), not
    # a school named as a place ("l'accueil périscolaire se trouve dans l'école").
    "ecole": r"(?:direct(?:eur|rice|ion)|secrétariat) (?:de l['’]école|d['’]école|du collège|du lycée)|"
    r"(?:auprès|géré|gérés|gérée|gérées) (?:de l['’]école|du collège|du lycée)(?!\s(?-i:[A-ZÉ]))|"
    r"(?<=par )(?:l['’]école|le collège|le lycée)(?!\s(?-i:[A-ZÉ]))",
    "education_nationale": r"éducation nationale|rectorat|inspection académique|(?-i:DSDEN)",
    "energie": r"enedis|edf|gestionnaire (?:du|de) réseau|fournisseur d['’](?:électricité|énergie)",
    "office_tourisme": r"office de tourisme",
    "mediatheque": r"médiathèque|bibliothèque",
    "centre_technique": r"centre technique(?: municipal)?|services techniques|agents municipaux",
    "ddt": r"direction départementale des territoires|(?-i:DDTM?)",
    "federation": r"fédération",
    "france_services": r"(?:maison )?france services",
    "police_municipale": r"police municipale",
    "pompiers": r"pompiers|sapeurs-pompiers|(?-i:SDIS)",
    "cci": r"chambre de commerce(?: et d['’]industrie)?|(?-i:CCI)|chambre des métiers(?: et de l['’]artisanat)?",
    "association_commercants": r"association des commerçants|union des commerçants",
    # a water, sanitation or energy syndicate ("le syndicat d'assainissement", "le SIEA"),
    # not a "syndicat d'initiative" (a tourist office) nor a union
    "syndicat": r"syndicats? (?:intercommunal\w*|mixtes?|départementa(?:l|ux)|"
    r"(?:(?:départemental|intercommunal|mixte) )?(?:d['’](?:assainissement|eau|énergie|électricité)|"
    r"des eaux|de l['’]eau|de (?:collecte|traitement|rivière|bassin|transports?)\b))",
    "pmi": r"pmi|protection maternelle et infantile",
    "caritative": r"croix-rouge|secours populaire|secours catholique|restos du c(?:œ|oe)ur",
}
# All bodies in one pattern, one named group each: a single pass per clause.
_BODY_RE = re.compile(
    r"(?<![\w@#/.-])(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _BODIES.items())
    + r")(?![\w-])"
    # Capitalised only: "le Département", "la Région" (lower case is any département or région).
    + r"|(?P<departement_>(?-i:\bDépartement\b))|(?P<region_>(?-i:\bRégion\b))",
    re.I,
)
# Addresses ("place de la Mairie", "boulevard de la Préfecture") and documents ("attestation
# CAF", "numéro d'allocataire CAF", "quotient familial CAF") name a body without sending
# anyone there: blanked out before matching.
_NOT_A_DESTINATION = re.compile(
    r"\b(?:place|rue|avenue|boulevard|bd|impasse|chemin|allée|quai|route|square|cours|parvis)"
    # (the name's first word in any case, "rue de la poste"; the next ones capitalised, so
    # that "avenue Jean-Moulin dépend du Département" keeps its body)
    r"\s+(?:de la |de l['’]|du |des |de )?[A-ZÉ][\w'’-]*(?: (?:de |d['’])?(?-i:[A-ZÉ])[\w'’-]*)*"
    r"|\b(?:attestation|numéro|compte|espace|allocataire|quotient familial|carte)"
    r"(?: d['’]allocataire| personnel)?\s+(?:de la |du |de l['’]|d['’])?\w+"
    # who issues an attestation, not where to go ("une attestation de votre employeur")
    r"|\battestation\s+(?:de votre |de son |de leur )\w+"
    # a body agreed with, not a destination: "la mairie a raison : c'est notre Régie"
    r"|\b(?:la|le|l['’]|votre)\s*\w+ (?:a|avait) (?:bien )?raison\b",
    re.I,
)
_CLAUSE = re.compile(r"[;,.:!?()\n]|\bmais\b")
_CLAUSE_NEGATION = re.compile(r"\b(?:ne|n['’]\w+|pas|ni|non|jamais|aucune?|inutile|nul)\b", re.I)
# A negation that governs the body itself: "ni (par) la CAF", "pas par la préfecture",
# "la SPA n'intervient pas", "la préfecture ne le délivre pas"; not "n'hésitez pas à
# contacter la CAF" nor "aucun justificatif n'est demandé par la mairie".
_DENIED_BEFORE = re.compile(
    r"(?:\bni|\bpas|\bnon|\bplus|\binutile|\bnul)\s+(?:(?:par|à|au|aux|auprès d[eu]|en|de|du|des|chez)\s*|"
    # "pas organisé par le Département", "pas une compétence de l'agglomération"
    r"(?:(?!que\b|qu['’])[\w'’]+\s+){1,3}(?:par|de|du|des)\s+|"
    # "et non par le service Déchets de l'agglomération"
    r"(?:par\s+)?(?:le|la|les|l['’])\s*(?:service|direction|pôle)s?\s+[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:de|du|des)\s+|"
    # "les habitants n'ont pas à contacter le gestionnaire de réseau", "inutile d'appeler les
    # pompiers", "inutile de vous déplacer au commissariat"
    r"(?:besoin\s+)?(?:à\s+|de\s+|d['’])?(?:vous\s+)?(?:contacter|appeler|joindre|solliciter|saisir|"
    r"(?:déplacer|rendre|aller)\s+(?:à|au|aux|en|chez|auprès d[eu]))\s*)?"
    r"(?:la |le |les |l['’]|une? )?$",
    re.I,
)
_NI_AFTER = re.compile(r"\s*ni\b", re.I)
_FULL_NEGATION = re.compile(r"\b(?:pas|plus|jamais|aucune?|rien|ni|nullement)\b", re.I)
# "mais" going on with the same subject: "le CCAS ne gère pas de places mais reçoit…"
_BUT = re.compile(
    r"[\s,]*mais\s+(?!(?:vous|nous|il|elle|ils|elles|on|je|tu|la|le|les|l['’]|c['’]|ce|cela|ça)\b)",
    re.I,
)
# Negations that deny nothing: "n'hésitez pas à contacter la CAF".
POLITE_NEGATION = re.compile(
    r"\bn['’](?:h[ée]sitez|h[ée]site|oubliez)(?:\s+\w+)?\s+pas\b|\bne (?:manquez|manquerons|tardez) pas\b|"
    r"\bne pas h[ée]siter\b",
    re.I,
)
# The negated verb may follow a coordinated body or the body's complement: "la SPA et
# les vétérinaires n'interviennent pas", "les mairies des communes membres ne prennent pas".
_DENIED_AFTER = re.compile(
    r"^(?:[\s,]*(?!(?:si|que|qu|quand|lorsque|car|mais|dont|où|ne|n)\b)[\w-]+['’]?){0,4}?"
    r"\s*(?:ne\b|n['’])(?!\s*(?:est|sont)\s+(?:pas|plus)\s+ouverte?s?\b|ouvre)",
    re.I,
)


# Documents a procedure asks for, by kind: a passport is an identity document, a tax notice
# of any tax is a tax notice, any civil-status certificate is an "acte". "facture
# d'électricité" is left out: it is what the question is often about, not a proof asked for.
_DOCUMENTS = {
    "identite": r"(?:pièces?|justificatifs?) d['’]identité|cartes? (?:nationale )?d['’]identité|"
    r"\bcni\b|passeports?|titre de séjour|identity (?:card|document)",
    "domicile": r"justificatifs? de domicile|justif(?:icatif)?s? de dom\b|quittances? de loyer|"
    r"attestation d['’]hébergement|proof of (?:address|residence)",
    "livret": r"livret de famille",
    "acte": r"actes? de (?:naissance|mariage|décès)|extraits? d['’]acte|copie intégrale",
    "vitale": r"cartes? vitale|attestation de droits à l['’]assurance maladie",
    "impots": r"avis d['’]imp(?:ôt|osition)|avis de taxe|déclaration de revenus",
    "rib": r"\brib\b|relevé d['’]identité bancaire",
    "permis": r"permis de conduire",
    "carte_grise": r"cartes? grises?|certificat d['’]immatriculation",
    "certificat_medical": r"certificat médical|certificat du médecin",
    "photo": r"photos? d['’]identité",
    "carnet": r"carnet de (?:santé|vaccinations?)",
    "ressources": r"justificatifs? de (?:ressources|revenus)|bulletins? de (?:salaire|paie)|"
    r"fiches? de paie",
    "assurance": r"attestation d['’]assurance|assurance responsabilité|(?<=besoin d['’])assurance(?! supplémentaire| spécifique| particulière| complémentaire)",
    "kbis": r"\bkbis\b",
}
_DOCUMENT = re.compile(
    "|".join(f"(?P<{name}>{pattern})" for name, pattern in _DOCUMENTS.items()), re.I
)
# What asks for a document just before it, in the same clause: "apportez votre livret",
# "avec une pièce d'identité", "Pièces : …", "il faut fournir …"; not the procedure's
# subject ("pour votre carte d'identité, il faut prendre rendez-vous").
_ASKS = re.compile(
    r"(?:\b(?:apport\w*|fourni\w*|muni\w*|présent\w*|joindre|joint\w*|joign\w*|ramène\w*|bring|need\w*|"
    r"provide|avec|pièces?(?: à fournir| justificatives?)?\s*:|documents?\s*:|papiers|demandée?s?\s*:|"
    r"justificatifs?\s*:|(?:ainsi )?qu['’]|et|ou|and|or)|,|\+)\s*(?:(?:de |d['’])?(?:la |le |les |l['’]|une? |"
    r"des |du |votre |vos |ton |ta |tes |son |sa |ses |leur |leurs )?(?:\w+ ){0,2})$",
    re.I,
)

# The procedure's subject, not a requirement: "pour votre carte d'identité, …".
_SUBJECT_BEFORE = re.compile(r"\bpour (?:votre|vos|ton|ta|un|une|le|la)\b", re.I)


# Asked for after the document: "une attestation d'assurance est obligatoire", "le dernier
# avis d'imposition, à transmettre lors de l'inscription" (not "n'est pas obligatoire").
_ASKED_AFTER = re.compile(
    r"[^.;:!?,]{0,40}?(?<!n['’])\b(?:est|sont|sera|seront) (?:obligatoires?|exigée?s?|demandée?s?|"
    r"requise?s?|indispensables?)\b|[^.;:!?,]{0,40}?,?\s*\bà (?:transmettre|fournir|joindre|présenter)\b",
    re.I,
)


def documents(text: str, asked_only: bool = False) -> set[str]:
    """Kinds of documents a text names ("livret de famille" -> "livret"); with
    `asked_only`, those asked for (a requirement word or a list runs up to them, or a
    requirement follows them)."""
    found = set()
    for m in _DOCUMENT.finditer(text):
        if asked_only:
            clause = re.split(r"[.;!?()]", text[max(0, m.start() - 80) : m.start()])[-1]
            if _SUBJECT_BEFORE.search(clause) or not (
                _ASKS.search(clause) or _ASKED_AFTER.match(text, m.end(), m.end() + 60)
            ):
                continue
        found.add(m.lastgroup)
    return found


# A document said not to be needed: "pas besoin de pièce d'identité", "sans justificatif de
# domicile", "le livret de famille n'est pas demandé".
_NOT_NEEDED_BEFORE = re.compile(
    r"\b(?:pas besoin|sans|inutile|aucune? (?:besoin|obligation)|pas (?:la peine|nécessaire|obligatoire))"
    r"\s+(?:de |d['’])?(?:(?:nous |vous |y )?(?:apporter|fournir|joindre|présenter|transmettre|envoyer|montrer)\s+)?"
    r"(?:la |le |les |l['’]|votre |vos |ton |ta |tes |une? |des )?$",
    re.I,
)
_NOT_NEEDED_AFTER = re.compile(
    r"^[^.;:!?]{0,25}?(?<!\bil )\b(?:n['’]est|ne sont)(?: en revanche| toutefois| cependant| donc)? (?:pas|plus) "
    r"(?:demandée?s?|nécessaires?|obligatoires?|exigée?s?|requise?s?|utiles?|indispensables?|à fournir)"
    r"(?!\s*d[e'’])"
    # "aucune attestation d'assurance ne vous sera demandée" (not "ne sera demandée qu'au retrait")
    r"|^[^.;:!?]{0,25}?\b(?:ne (?:vous |nous )?|n['’])(?:sera|seront|est|sont) (?:pas |plus )?"
    r"(?:demandée?s?|exigée?s?|requise?s?|réclamée?s?)\b(?! qu)",
    re.I,
)


_NOT_NEEDED_WORDS = re.compile(
    r"\b(?:pas|sans|inutile|aucune?|ne)\b|\bn['’]est\b", re.I
)  # a cheap test before the documents' alternation
# "sans" after an impossibility is a requirement: "impossible de valider l'inscription sans
# nous transmettre votre avis d'imposition".
_REQUIRED_WITHOUT = re.compile(
    r"\b(?:impossible|ne (?:\w+ )?pourr\w*|n['’]\w+ pas|ne \w+ pas|aucune? (?:demande|dossier|inscription))\b",
    re.I,
)
# Another document than the one named: "apportez votre livret, aucun autre document ne sera
# demandé".
_ANOTHER = re.compile(r"\b(?:autres?|rien d['’]autre|en plus|supplémentaires?)\b", re.I)


def documents_not_needed(text: str) -> set[str]:
    """Kinds of documents a text says are not needed."""
    if not _NOT_NEEDED_WORDS.search(text):
        return set()
    found = set()
    for m in _DOCUMENT.finditer(text):
        before = _NOT_NEEDED_BEFORE.search(text[max(0, m.start() - 50) : m.start()])
        if before and before.group(0).lower().startswith("sans"):
            # the clause up to the document, polite negations ("n'hésitez pas") aside
            clause = re.split(r"[.;!?]", text[max(0, m.start() - 80) : m.start()])[-1]
            if _REQUIRED_WITHOUT.search(POLITE_NEGATION.sub(" ", clause)):
                before = None
        after = _NOT_NEEDED_AFTER.search(text[m.end() : m.end() + 60])
        if after and _ANOTHER.search(after.group(0)):
            after = None
        if before or after:
            found.add(m.lastgroup)
    return found


# Bodies that answer for one another: the town's own services are the town hall.
_SAME_BODY = {
    "ccas": "mairie", "police_municipale": "mairie", "centre_technique": "mairie",
    "pmi": "departement",  # the PMI is the département's service
}  # fmt: skip


# The body an audited structure is, by its category (`structure.category`, optional).
_OWN_BY_CATEGORY = {
    "ville_plus_50000": "mairie", "ville_20000_49999": "mairie", "ville_moins_20000": "mairie",
    "intercommunalite": "intercommunalite", "departement": "departement", "region": "region",
    "maison_france_services": "france_services",
}  # fmt: skip


def own_bodies(structure: object) -> frozenset[str]:
    """The bodies the audited structure is ("Mairie de Vauclerc", category "region"): a
    reply placing the matter with itself is contradicted only by a fact that denies it.
    A structure of unknown kind is taken for a town hall, the most audited kind."""
    if not isinstance(structure, dict):
        return frozenset({"mairie"})
    return _own_bodies(str(structure.get("name") or ""), str(structure.get("category") or ""))


@functools.lru_cache(maxsize=4096)
def _own_bodies(name: str, category: str) -> frozenset[str]:
    own = set(bodies(name)[0])
    if kind := _OWN_BY_CATEGORY.get(category):
        own.add(kind)
    return frozenset(same_bodies(own) or {"mairie"})


def same_bodies(names: set[str]) -> set[str]:
    return {_SAME_BODY.get(name, name) for name in names}


# Sent by post: the way, not the body La Poste ("votre carte vous sera envoyée par la
# poste"; not "déposez-le à la poste", nor "un service proposé par La Poste").
_BY_LA_POSTE = re.compile(r"\b(?:par|via) (?:la )?poste\b", re.I)
_SENDING = re.compile(
    r"\b(?:envoy\w*|adress\w*|expédi\w*|transmi\w*|reçu\w*|recev\w*|parvien\w*|arriv\w*|post\w*)\b",
    re.I,
)


def _sent_by_post(text: str) -> str:
    """`text` with "par la poste" blanked where something is sent that way."""

    def blank(m: re.Match) -> str:
        sent = _SENDING.search(text, max(0, m.start() - 40), m.start())
        return " " * len(m.group(0)) if sent else m.group(0)

    return _BY_LA_POSTE.sub(blank, text)


def bodies(text: str) -> tuple[set[str], set[str]]:
    """Canonical names of the public bodies a text sends to (affirmed) and of those it says
    are not the place ("la CAF ne la délivre pas", "ni par la CAF", "pas par la
    préfecture": the negation governs the body). A body affirmed anywhere is not denied."""
    text = _sent_by_post(text)
    text = _NOT_A_DESTINATION.sub(lambda m: " " * len(m.group(0)), text)
    text = POLITE_NEGATION.sub(lambda m: " " * len(m.group(0)), text)
    named: set[str] = set()
    denied: set[str] = set()
    start = 0
    for end in [m.start() for m in _CLAUSE.finditer(text)] + [len(text)]:
        clause, start = text[start:end], end + 1
        negative = bool(_CLAUSE_NEGATION.search(clause))
        for m in _BODY_RE.finditer(clause):
            subject_denied = _DENIED_AFTER.search(clause[m.end() : m.end() + 45]) and (
                # not "ne conserve que…" (a restriction) nor "ne gère pas X mais reçoit…"
                _FULL_NEGATION.search(clause) and not _BUT.match(text, end)
            )
            # 45 characters: "et non par le service Déchets de l'agglomération"
            negated = negative and (
                _DENIED_BEFORE.search(clause[max(0, m.start() - 45) : m.start()])
                or subject_denied
                or _NI_AFTER.match(clause, m.end())  # "aucun dossier en mairie ni en préfecture"
            )
            (denied if negated else named).add(m.lastgroup.rstrip("_"))
    return named, denied - named


# A fact that requires the citizen in person (no online procedure), against a claim that
# sends them online.
_IN_PERSON_ONLY = re.compile(
    r"\b(?:en personne|pas (?:de (?:demande|démarche|dépôt) )?en ligne|aucune (?:demande|démarche) en ligne|"
    r"se retirent? et se déposen?t?|uniquement (?:au guichet|en mairie|à l['’]accueil|sur place))\b",
    re.I,
)
# Doing the procedure online (not merely reading about it online).
_ONLINE_CLAIM = re.compile(
    r"\b(?:faites|faire|fait|déposez|déposer|remplissez|remplir|envoyez|envoyer|inscrivez-vous|"
    r"demandez|demander|effectuez|effectuer|se fait|se font|à faire|réservez|réserver)\b[^.;]{0,40}"
    r"\b(?:en ligne|sur internet|sur (?:le|notre) site|via le site|téléservice)\b",
    re.I,
)
# Online steps that lead to an in-person one (an appointment, a pre-application, a form to
# bring), or the in-person step named beside them: not "doing it online".
_ONLINE_THEN_IN_PERSON = re.compile(
    r"\b(?:rendez-vous|rdv|créneau|pré-demande|prédemande|formulaire|puis|venez|apportez|"
    r"apporter|présentez-vous|au guichet|en mairie|sur place|à l['’]accueil)\b",
    re.I,
)
# A fact that offers an online way ("en ligne sur service-public.fr ou à l'accueil"), against
# a claim that rules it out ("elle n'est pas possible en ligne", "uniquement au service X").
_ONLINE_OPTION = re.compile(
    r"\b(?:se fait|se font|se faire|peut se faire|se demande|se dépose|déposée?|demande|inscription|réservation)"
    r"\b[^.;]{0,40}\b(?:en ligne|sur internet|téléservice)\b",
    re.I,
)
# Online ruled out, the parts `_DENIES_ONLINE` and `_NOT_ONLINE` share: "pas possible en
# ligne", "ne peut pas se faire en ligne"; "le formulaire en ligne n'est plus disponible"
# (not "le paiement en ligne n'est pas possible").
_NOT_DONE = r"\b(?:pas|plus|ni|jamais) (?:possible |faisable |(?:se )?faire )?"
_ONLINE_UNAVAILABLE = (
    r"(?<!paiement )(?<!règlement )\ben ligne (?:n['’]est|ne sont) (?:pas|plus) "
    r"(?:disponibles?|possibles?|accessibles?|ouverte?s?)\b"
)
_DENIES_ONLINE = re.compile(
    _NOT_DONE
    + r"(?:en ligne|sur internet|par internet)\b|"
    + _ONLINE_UNAVAILABLE
    + r"|\b(?:uniquement|seulement|exclusivement) (?:au guichet|à l['’]accueil|en mairie|à la mairie|"
    r"sur place|en personne|au service|auprès d)",
    re.I,
)
# An eligibility condition stated against a fact that sets none ("réservé aux retraités"
# against "aucune condition d'âge").
_RESTRICTS = re.compile(
    r"\b(?:réservée?s? (?:aux|à)|à condition (?:que|qu['’]|de|d['’])|(?:uniquement|seulement) (?:pour|si|aux)|"
    r"seul(?:e|s|es)? (?:les|la|le) (?:personnes?|propriétaires?|élèves?|familles?|habitants?|parents?)|"
    r"il faut (?:y )?(?:habiter|résider|travailler|percevoir)|sous condition|"
    # an age a fact sets: "il faut avoir au moins 25 ans"
    r"(?:il faut|faut-il|doivent|devez|doit) avoir (?:au moins |plus de |entre )?\d+ ans|"
    r"plafond de (?:ressources|revenus)|revenus modestes|revenus (?:sont )?inférieurs|"
    r"(?:uniquement|seulement) les (?:habitants|résidents|personnes|familles|propriétaires|associations|élèves)|"
    # "la salle n'est louée qu'aux habitants de la commune"
    r"n['’](?:est|sont) (?:\w+ )?(?:louée?s?|ouverte?s?|accessibles?|réservée?s?|attribuée?s?|destinée?s?|"
    r"proposée?s?|accordée?s?|délivrée?s?) qu['’]aux\b)",
    re.I,
)
_NO_CONDITION = re.compile(
    r"\b(?:aucune condition|sans condition|ouverte?s? à tou(?:s|tes)(?! les\b| ceux\b| celles\b)|"
    r"pour tout le monde|pas soumise? à (?:une |des )?conditions?|"
    r"n['’]est pas réservée?|sans justificatif de|quel(?:le)?s? que soi(?:en)?t|"
    r"pas (?:nécessaire|obligatoire|besoin) d['’](?:habiter|résider|être domiciliée?)|"
    r"(?:pas de|sans) (?:plafond|conditions?) de (?:ressources|revenus)|aucun plafond|"
    # "louée à tous, que vous habitiez la commune ou une commune voisine" (not "à tous les
    # habitants de la commune", which a condition of residence allows)
    r"(?<!faut )(?<!condition )(?<!pourvu )que vous (?:habitiez|résidiez|soyez domiciliée?s?) "
    r"(?:[\w'’-]+ ){0,4}ou (?:non|pas|ailleurs|hors|dans une autre|une (?:autre )?commune|une commune voisine)\b)",
    re.I,
)
# A time to act within, in a fact ("au moins 10 jours ouvrés avant", "l'acheteur dispose d'un
# mois", "dans les 15 jours suivant"), not how long the service takes.
_DEADLINE = re.compile(
    r"\b(?:au moins|au minimum|minimum|au plus tard)\b[^.;]{0,40}?\bavant\b|"
    r"\bdispos(?:e|ez|ent) (?:d['’]|de )|\bdans (?:un délai de|les)\b[^.;]{0,30}?\b(?:suivant|à compter|après)\b",
    re.I,
)
# A claim that no such time applies: "aucun délai n'est imposé", "rien ne presse", "même à la
# dernière minute", "même la veille, ça passe", "le matin même du déménagement".
_NO_DEADLINE = re.compile(
    r"\b(?:aucun délai (?:n['’](?:est|y a)|à respecter|imposé|particulier|minimum)|"
    r"(?:il n['’]y a )?pas de délai (?:à respecter|imposé|particulier|minimum)|rien ne presse|"
    r"(?:même |jusqu['’])?à la dernière minute|même la veille|"
    r"le (?:matin|jour) même (?:du|de la|de l['’]|de votre))",
    re.I,
)
# No condition of any kind (what `_WITHOUT` must not read as going without a requirement).
_NO_CONDITION_AT_ALL = re.compile(
    r"\b(?:sans (?:aucune )?conditions?|aucune condition|ouverte?s? à tou(?:s|tes))\b", re.I
)
# Its stricter twin for claims: no condition at all ("ouverte à tous", "sans condition"),
# and not one of a named kind ("sans condition de ressources"), which the former also reads
# (`features._condition_agrees`).
NO_CONDITION_OF_ANY_KIND = re.compile(
    r"\b(?:sans (?:aucune )?conditions?(?! d[e'’])|aucune condition(?! d[e'’])|"
    r"ouverte?s? à tou(?:s|tes)(?! les\b| ceux\b| celles\b)|pour tout le monde)",
    re.I,
)
# The kind of a condition: "sans condition d'âge" says nothing of "sous conditions de
# ressources".
_CONDITION_KIND = re.compile(
    r"(?:conditions? (?:de |d['’])|plafond de |quel(?:le)?s? que soi(?:en)?t (?:votre |vos |leurs? |"
    r"son |sa |ses |le |la |les )?)(âge|ressources?|revenus|résidence|domicile|nationalité|activité)",
    re.I,
)
_NOT_ONLINE = re.compile(
    _NOT_DONE
    + r"(?:en ligne|sur (?:le|notre) site|sur internet|par internet)\b|"
    + _ONLINE_UNAVAILABLE,
    re.I,
)


# Ways of doing a procedure: a fact that allows only some ("uniquement sur le portail
# Famille", "by phone only") or rules one out ("jamais par téléphone") against a reply that
# sends the citizen another way.
_CHANNELS = {
    "phone": r"par téléphone|au téléphone|by phone|téléphonez",
    "online": r"en ligne|(?:sur|par) internet|sur (?:le|notre) site|(?:sur|via|par) le portail|online|"
    r"messagerie sécurisée|"
    r"(?:dans|sur|depuis|via) (?:votre |l['’]|son |leur )?espace (?:client|personnel|particulier|usagers?|famille|abonnés?)|"
    r"(?<=sur )https?://|(?:sur|via|depuis|dans) (?:notre |l['’]|votre )?appli(?:cation)?(?: mobile)?\b|"
    r"(?:sur|via) notre portail|"
    # "par le formulaire « Signalement » du site de la ville"
    r"formulaire[^.;,]{0,30}\bdu site\b",
    "email": r"par (?:e-?mail|mail|courriel)|by e-?mail|envois? par (?:e-?)?mail",
    "post": r"par courrier|par la poste|par voie postale|by post|par lettre|envois? postaux|"
    r"(?:expédiée?s?|envoyée?s?) (?:à domicile|par la poste)|courrier recommandé",
    "sms": r"par sms|un sms|(?:alertes?|messages?) (?:par )?sms",
    "display": r"par affichage|affichage (?:à l['’]entrée|en mairie|sur place)",
    "in_person": r"en personne|sur place|au guichet|à l['’]accueil|in person|au secrétariat|"
    r"en mains? propres?|"
    r"en mairie|(?<=se dépose )à la mairie|"
    # a service to go to, not one reached by phone ("au service Espaces verts au 01 99 …")
    r"(?:au|auprès du) service (?-i:[A-ZÉ])(?![\w'’ -]{0,30}\bau 0\d)|à l['’]agence|"
    r"à la permanence",
}
# A number or an address given to reach a way ("au 01 99 64 80 15", "à police@ville.fr")
# names that way too when no word names one ("renseignements au 01…" beside "en ligne sur le
# portail" is a contact line), and no negation rules it out ("si vous ne travaillez pas 😉
# réservez au 03 86…" sends the citizen to the phone).
_CHANNEL_ADDRESSES = {
    "phone": r"(?<=\bau )0\d(?:[ .\u00a0]?\d\d){4}",
    "email": r"(?<=\bà )[\w.-]+@[\w-]+(?:\.[\w-]+)+",
}
_ADDRESS = re.compile(r"\d|@")
_CHANNEL_RE = re.compile(
    "|".join(
        rf"(?P<{name}>\b(?:{p}{'|' + _CHANNEL_ADDRESSES[name] if name in _CHANNEL_ADDRESSES else ''}))"
        for name, p in _CHANNELS.items()
    ),
    re.I,
)
# Ruled out by a negation earlier in its clause: "jamais par téléphone", "les réservations ne
# sont pas prises par téléphone", "aucune demande en ligne".
_CHANNEL_DENIED = {
    name: re.compile(
        rf"\b(?:{_NEGATION_WORDS})\b[^.;:!?,]{{0,40}}?\b(?:{p})|"
        # "la messagerie en ligne n'est pas acceptée", "le Portail ne permet pas de…"
        rf"\b(?:{p})[^.;:!?,]{{0,20}}?\b(?:n['’]est|ne sont|ne permet|ne peut) (?:pas|plus)\b",
        re.I,
    )
    for name, p in _CHANNELS.items()
}
# Allowed exclusively: "uniquement sur le portail", "par téléphone uniquement"; not the
# second step of "pré-demande en ligne puis dépôt uniquement en mairie".
_CHANNEL_ONLY = {
    name: re.compile(
        rf"\b(?:uniquement|exclusivement|seulement|only)\s+(?:[\w'’]+\s+){{0,2}}(?:{p})|"
        rf"(?:{p})(?:(?!\b(?:puis|et|mais|then)\b)[^.;,]){{0,25}}\b(?:uniquement|exclusivement|seulement|only)\b",
        re.I,
    )
    for name, p in _CHANNELS.items()
}
# A claim sends the citizen a way when it tells them to do the procedure that way, without
# negation nor alternative, and is not a contact line ("contactez-nous par téléphone",
# "nous vous répondrons par mail").
_DOING = re.compile(
    r"\b(?:faites|faire|fait|déposez|déposer|remplissez|remplir|envoyez|envoyer|inscri\w*|"
    r"demandez|demander|effectuez|effectuer|se fait|se font|réserv\w*|passez|passer|venez|"
    r"retir\w*|payez|payer|réglez|candidat\w*|recevrez|book|apply|register|pay|à demander|"
    r"se dépos\w*|se demand\w*)\b",
    re.I,
)
_NOT_A_WAY = re.compile(
    r"\b(?:ne|n['’]|pas|ni|jamais|non|ou|or|contact\w*|joign\w*|renseign\w*|questions?|"
    r"écri(?:re|vez)|répond\w*|transm\w*)\b",
    re.I,
)


def _channels(text: str) -> tuple[set[str], set[str], set[str], bool]:
    """Ways a text names affirmatively, those it rules out, those it allows exclusively,
    and whether it sends the citizen one of them (`_DOING`, not `_NOT_A_WAY`)."""
    matches = list(_CHANNEL_RE.finditer(text))
    named = {m.lastgroup for m in matches if not _ADDRESS.search(m.group(0))}
    named = named or {m.lastgroup for m in matches}
    if not named:
        return set(), set(), set(), False
    plain = POLITE_NEGATION.sub(lambda m: " " * len(m.group(0)), text)
    denied = {n for n in named if _CHANNEL_DENIED[n].search(plain)}
    only = {n for n in named if _CHANNEL_ONLY[n].search(plain)}
    sends = bool(named - denied) and bool(_DOING.search(text)) and not _NOT_A_WAY.search(plain)
    return named - denied, denied, only, sends


@dataclass
class Quantities:
    """Values of each kind stated in a text."""

    hours: set[int] = field(default_factory=set)  # minutes after midnight
    amounts: set[float] = field(default_factory=set)
    delays: set[float] = field(default_factory=set)  # days
    delay_ranges: set[tuple[float, float]] = field(default_factory=set)  # "4 à 8 semaines"
    paid_for: frozenset[str] = frozenset()  # stems of what is said paid: "frais d'enlèvement"
    vague_delays: set[tuple[float, float]] = field(default_factory=set)  # "quelques jours"
    at_once: bool = False  # "remis immédiatement", "le jour même"
    at_once_heads: frozenset[str] = frozenset()  # what is handed over at once ("certi")
    words: frozenset[str] = frozenset()  # `content_stems` of the text
    days: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)  # digits only
    dates: set[tuple[int, str]] = field(default_factory=set)  # (day of month, month)
    months: set[str] = field(default_factory=set)
    free: bool = False
    paid: bool = False
    only: bool = False
    without: bool = False
    every_day: bool = False
    closed: set[str] = field(default_factory=set)
    online_only: bool = False
    physical: bool = False
    bodies: set[str] = field(default_factory=set)
    denied_bodies: set[str] = field(default_factory=set)
    in_person_only: bool = False
    online_claim: bool = False
    online_option: bool = False  # the procedure can be done online (among other ways)
    denies_online: bool = False  # "pas possible en ligne", "uniquement au guichet"
    restricts: bool = False  # "réservé aux retraités", "à condition que vos revenus…"
    no_condition: bool = False  # "aucune condition de ressources", "ouvert à tous"
    deadline: bool = False  # a time to act within: "au moins un mois avant", "dispose d'un mois"
    no_deadline: bool = False  # "aucun délai n'est imposé", "même la veille, ça passe"
    measures: set[tuple[str, float]] = field(default_factory=set)  # ("percent", 30.0)
    order: set[tuple[str, str]] = field(default_factory=set)  # ("avant", "signat")
    condition_kinds: set[str] = field(default_factory=set)  # "âge", "ressources", …
    channels: set[str] = field(default_factory=set)  # ways named: "phone", "online", …
    denied_channels: set[str] = field(default_factory=set)  # "jamais par téléphone"
    only_channels: set[str] = field(default_factory=set)  # "uniquement en ligne"
    sends_a_way: bool = False  # names a way without negation or alternative
    limits: set[tuple[str, float]] = field(default_factory=set)  # the measures stating a rule

    def kinds(self) -> set[str]:
        return {
            k
            for k in ("hours", "amounts", "delays", "days", "phones", "dates", "measures")
            if getattr(self, k)
        }


# Most sentences have no digit: the values written in figures are not looked for there.
_DIGIT = re.compile(r"\d")
_CLOCK = re.compile(
    r"(?<![\d])([01]?\d|2[0-3])\s?(?:h|H|:)\s?([0-5]\d)?(?!\d)(\s*du soir|\s*de l['’]après-midi)?"
)
_HOUR_WORDS = [
    (re.compile(rf"(?<![-‑])\b{word}\b", re.I), minutes)  # not "après-midi"
    for word, minutes in (("midi", 720), ("minuit", 0), ("noon", 720), ("midnight", 0))
]


def _hour_words(text: str) -> set[int]:
    return {minutes for word, minutes in _HOUR_WORDS if word.search(text)}


def _hour_values(text: str) -> set[int]:
    values = _hour_words(text)
    for m in _CLOCK.finditer(text):
        # "7 h du soir" is 19 h
        evening = 12 if m.group(3) and int(m.group(1)) < 12 else 0
        values.add((int(m.group(1)) + evening) * 60 + int(m.group(2) or 0))
    return values


def _number(token: str) -> float | None:
    token = token.lower().replace(",", ".")
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    try:
        return float(token)
    except ValueError:
        return None


# English times: "5 pm", "1 a.m.", "5:30 pm", and ranges whose first end takes the second's
# meridiem ("from 4:30 to 5:30 pm").
_MERIDIEM = re.compile(
    r"(?<![\d:])(?:(\d{1,2})(?::(\d{2}))?\s?(?:to|until|-|–)\s?)?(\d{1,2})(?::(\d{2}))?\s?([ap])\.?m\b\.?",
    re.I,
)


def hours(text: str) -> set[int]:
    """Times of day a text states, in minutes after midnight ("9h30", "midi", "5 pm")."""
    if not _DIGIT.search(text):
        return _hour_words(text)
    values = set()
    for m in _MERIDIEM.finditer(text):
        shift = 12 if m.group(5).lower() == "p" else 0
        end = (int(m.group(3)) % 12) * 60 + int(m.group(4) or 0)
        values.add(end + shift * 60)
        if m.group(1) is not None:
            start = (int(m.group(1)) % 12) * 60 + int(m.group(2) or 0)
            # "4:30 to 5:30 pm" is in the afternoon; "9 to 5 pm" and "8:30-12 pm" start
            # in the morning.
            values.add(start + (shift if start <= end else 12 - shift) * 60)
    return values | _hour_values(_MERIDIEM.sub(lambda m: " " * len(m.group(0)), text))


# A number with thousands grouped ("5 000", "10.000", "1 200,50") or not ("1500", "9,80").
_GROUPED = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3}){1,4}(?:,\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?"


def _grouped(token: str) -> float:
    """The value of a `_GROUPED` number: "5 000" is five thousand, "9,50" and "9.50" are
    nine fifty."""
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f.]\d{3}){1,4}(?:,\d{1,2})?", token):
        token = re.sub(r"[ \u00a0\u202f.]", "", token)
    return float(token.replace(",", "."))


# A range's first end: "de 1 000 à 2 000 €", "entre 5 et 20 m²", "6-17 ans".
_RANGE_START = re.compile(rf"(?<![\d,.])({_GROUPED})\s*(?:et|à|-|–)\s*$", re.I)
_AMOUNT = re.compile(
    rf"(?<![\d])(\d+)\s?€\s?(\d{{2}})(?!\d)|(?<![\d,.])({_GROUPED})\s?(?:€|euros?|eur\b)|€\s?({_GROUPED})",
    re.I,
)
# Handles and hashtags carry digits that are no sums ("@gperrot71 180 €").
_TAG = re.compile(r"[@#]\w+")


def amounts(text: str) -> set[float]:
    """Sums of money a text states ("4€50", "12 euros", "€9.50", "de 1 000 à 2 000 €")."""
    if not _DIGIT.search(text):
        return set()
    text = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    values = set()
    for m in _AMOUNT.finditer(text):
        if m.group(1):  # "4€50"
            values.add(float(f"{m.group(1)}.{m.group(2)}"))
            continue
        values.add(_grouped(m.group(3) or m.group(4)))
        if m.group(3) and (low := _RANGE_START.search(text, max(0, m.start() - 20), m.start())):
            values.add(_grouped(low.group(1)))
    return values


# Measures other than money, time and delays, by unit: a rate, a temperature, a surface, a
# volume, an age or a duration in years ("30 %", "15 °C", "7 m²", "plus de 75 ans").
_MEASURE_UNITS = {
    "percent": r"%|pour ?cents?|percent",
    "degrees": r"°\s?[cf]\b|°(?!\w)|degrés?",
    "m2": r"m²|m2\b|mètres? carrés?",
    "m3": r"m³|m3\b|mètres? cubes?",
    "years": r"ans?\b|années?\b|years?\b",
    # a weekly time ("24 heures par semaine") and a period looked back on ("les ressources des
    # 12 derniers mois")
    "weekly_hours": r"h(?:eures?)? ?(?:par|/) ?semaine\b|heures? hebdomadaires\b",
    "last_months": r"derniers mois\b",
}
_MEASURE = re.compile(
    rf"(?<![\w,.])({_GROUPED})\s?(?:{'|'.join(f'(?P<{u}>{p})' for u, p in _MEASURE_UNITS.items())})",
    re.I,
)
# Years last ("valable 10 ans", "tous les 8 ans") or are an age ("plus de 75 ans").
_DURATION_BEFORE = re.compile(
    r"\b(?:valables?|valides?|pendant|durée de|tous les|toutes les|au bout de|valid for|every)\s*$",
    re.I,
)
# Surfaces, volumes and ages are often the citizen's own ("votre abri de 12 m²", "votre
# fils de 9 ans", "elle a plus de 16 ans", "installée depuis plus de 10 ans"): only a
# threshold states a rule.
_LIMIT_BEFORE = re.compile(
    r"(?<!\ba )(?<!\bont )(?<!\bavez )(?<!\baura )(?<!\baurez )(?<!depuis )(?<!il y a )"
    r"\b(?:plus de|moins de|au-?delà de|au-?dessus de|en dessous de|à partir de|dès|jusqu['’]à|"
    r"(?:inférieure?s?|supérieure?s?)(?: ou égale?s?)? à|au moins|au maximum|maximum|minimum|"
    r"réservée?s? aux|pour les|over|under)\s*$",
    re.I,
)
# Rates, temperatures, weekly hours and periods looked back on state a rule whatever
# precedes them, but "100 %" is a manner of speaking ("100 % en ligne").
_ALWAYS_A_RULE = ("percent", "degrees", "weekly_hours", "last_months")
# Rates and ages are compared with the facts on the same subject only ("TVA à 10 %" says
# nothing of "taux communal de 5 %"); temperatures, surfaces, volumes and durations
# identify their rule by themselves.
_THRESHOLDS = ("percent", "age", "weekly_hours", "last_months")
_LOOSE_UNITS = ("weekly_hours", "last_months")


def measures(text: str) -> tuple[set[tuple[str, float]], set[tuple[str, float]]]:
    """(unit, value) pairs a text states, and those of them that state a rule: rates and
    temperatures, durations in years, and surfaces, volumes and ages after a threshold word.
    Years are an "age" or, after "valable", "pendant", "tous les"…, a "duration"."""
    stated, rules = set(), set()
    for m in _MEASURE.finditer(text) if _DIGIT.search(text) else ():
        unit, start = m.lastgroup, m.start()
        values = [_grouped(m.group(1))]
        # A range states both ends: "entre 5 et 20 m²", "de 7 à 9 ans", "6-17 ans".
        if low := _RANGE_START.search(text, max(0, start - 20), start):
            values.append(_grouped(low.group(1)))
            start = low.start()
        before = text[max(0, start - 30) : start]
        if unit == "years":
            unit = "duration" if _DURATION_BEFORE.search(before) else "age"
        stated.update((unit, v) for v in values)
        if (
            (unit in _ALWAYS_A_RULE and values != [100.0])
            or unit == "duration"
            or _LIMIT_BEFORE.search(before)
        ):
            rules.update((unit, v) for v in values)
    return stated, rules


# A step placed before or after another one: "avant la signature du bail", "après l'achat"
# (the other step's noun, on its first six letters).
_ORDER = re.compile(
    r"(?<![’'-])\b(avant|après)\s+(?:la |le |l['’]|les |son |sa |ses |votre |vos |toute? |tout )?"
    r"(?!midi\b)([^\W\d_]{4,})",
    re.I,
)
_OTHER = {"avant": "après", "après": "avant"}


# Whether something must be done or paid, clause by clause, with the words it is about:
# "le recours à un architecte n'est pas obligatoire" against "votre dossier doit
# obligatoirement être établi par un architecte", "l'enregistrement est gratuit" against
# "des frais de dossier vous seront demandés lors de l'enregistrement".
_REQUIRED = re.compile(
    r"\b(?:obligatoire(?:ment)?|impérativement|indispensable|exigée?s?|uniquement sur rendez-vous)\b",
    re.I,
)
# "il faut", "doit": also how a procedure is told, so the clause must share two words.
# Only what the citizen or the procedure must do, not a third party ("le gestionnaire doit").
_MUST = re.compile(
    r"\b(?:il (?:vous |te |leur )?(?:faut|faudra)|(?:vous|tu) (?:dev(?:ez|rez)|dois|devras)|"
    r"doi(?:t|vent) être|nécessaire de)\b",
    re.I,
)
_NOT_REQUIRED = re.compile(
    r"\b(?:(?:est|sont|reste|restent) facultati(?:f|ve)s?|(?:pas|non|plus) (?:obligatoire|nécessaire|exigée?s?)|inutile|"
    r"pas besoin|n['’](?:a|ont|avez|avons) pas à|aucune? (?:démarche|formalité)|"
    r"automatique(?:ment)?|sans limite|(?:avec ou )?sans rendez-vous)\b",
    re.I,
)
# Every marker of both axes, in one pattern: most sentences have none.
_POLAR_WORDS = re.compile(
    "|".join(p.pattern for p in (_REQUIRED, _MUST, _NOT_REQUIRED, _FREE, _PAID_WORDS)), re.I
)
# (and "et" before a new subject: "la déclaration ne coûte rien et vous n'avez pas à venir")
_POLAR_CLAUSE = re.compile(
    r"[;:.!?()\n]|\bmais\b|,\s*(?=sauf|sinon|seul)|\bet (?=(?:vous|nous|il|elle|ils|elles|on) )"
)


def stem(word: str) -> str:
    """A word's first five letters, unaccented: "réservation" and "réserver" meet."""
    return strip_accents(word)[:5]


# Words of three letters or fewer, and these, say nothing of what a clause is about.
_POLAR_STOP = frozenset(
    stem(w)
    for w in (
        "vous", "votre", "vos", "nous", "notre", "nos", "leur", "leurs", "pour", "dans", "avec",
        "sans", "être", "avoir", "faire", "pouvoir", "devoir", "falloir", "faut", "faudra", "doit",
        "doivent", "devra", "devrez", "nécessaire", "obligatoire", "obligatoirement", "besoin",
        "inutile", "aucun", "aucune", "automatique", "automatiquement", "cette", "celle", "celui",
        "ceux", "elle", "elles", "sont", "est", "sera", "seront", "peut", "peuvent", "demande",
        "demandée", "service", "mairie", "lors", "tout", "tous", "toute", "toutes", "bonjour",
        "merci", "madame", "monsieur", "plus", "gratuit", "gratuite", "gratuitement", "payant",
        "payante", "frais", "prix", "tarif", "également", "aussi",
    )
)  # fmt: skip


def head_stem(text: str) -> str | None:
    """The `stem` of a text's first word that carries content: what a clause is about ("le
    certificat de numérotage vous sera remis" is about "certi")."""
    words = (stem(w) for w in re.findall(r"[a-zà-ÿœæ]{4,}", text.lower()))
    return next((w for w in words if w not in _POLAR_STOP), None)


def content_stems(text: str) -> frozenset[str]:
    """The `stem`s of a text's words of four letters or more as written (not lemmatised),
    but for those that carry no content (`_POLAR_STOP`)."""
    return frozenset(
        short
        for w in re.findall(r"[a-zà-ÿœæ]{4,}", text.lower())
        if (short := stem(w)) not in _POLAR_STOP
    )


def polar_clauses(text: str) -> list[tuple[str, bool, frozenset[str]]]:
    """(axis, sign, stems) of each clause saying that something is required ("obligation",
    True) or not (False), or paying ("price", True) or free (False)."""
    found: list[tuple[str, bool, frozenset[str]]] = []
    if not _POLAR_WORDS.search(text):
        return found
    for clause in _POLAR_CLAUSE.split(text):
        if not _POLAR_WORDS.search(clause) or not (stems := content_stems(clause)):
            continue
        plain = POLITE_NEGATION.sub(" ", clause)
        if _NOT_REQUIRED.search(plain):
            found.append(("obligation", False, stems))
        elif not _CLAUSE_NEGATION.search(plain):
            if _REQUIRED.search(plain):
                found.append(("obligation", True, stems))
            elif _MUST.search(plain):
                found.append(("must", True, stems))
        # Sums are compared as values (`conflicts`); a clause both free and paying ("90 €,
        # gratuit dès le 3e enfant") says neither.
        frees = _free_words(clause)
        paid = (frees and not any(frees)) or _paid_in_words(clause)
        if frees and all(frees) and not paid and not amounts(clause):
            found.append(("price", False, stems))
        elif paid and not any(frees):
            found.append(("price", True, stems))
    return found


def polar_conflicts(claim: str, fact_clauses: list[tuple[str, bool, frozenset[str]]]) -> set[str]:
    """Axes on which a clause of `claim` says the opposite of the fact clause closest to it
    (sharing the most words, at least one, and more than any clause saying the same);
    `fact_clauses` are the facts' `polar_clauses`."""
    found = set()
    for axis, sign, stems in polar_clauses(claim):
        weak = axis == "must"  # "il faut", "doit": their clause must share two words
        axis = "obligation" if weak else axis
        axes = ("obligation", "must") if axis == "obligation" else (axis,)
        same = max(
            (len(stems & s) for a, g, s in fact_clauses if a in axes and g == sign), default=0
        )
        other = max(
            (len(stems & s) for a, g, s in fact_clauses if a in axes and g != sign), default=0
        )
        if other >= 1 + weak and other > same:
            found.add(axis)
    return found


_DATE = re.compile(
    r"\b(\d{1,2})(?:er)?(?:\s(?:au|et|-|à)\s(\d{1,2})(?:er)?)?\s(" + _MONTHS + r")\b"
)


# Paying online is not the procedure online: "le paiement ne peut pas se faire en ligne".
_PAYMENT = re.compile(r"\b(?:paiement|règlement|payer|régler|réglez|payez)\b", re.I)


def _online_denied(pattern: re.Pattern, text: str) -> bool:
    """Whether `pattern` (online ruled out) matches `text` other than about paying."""
    return any(
        not _PAYMENT.search(text, max(0, m.start() - 30), m.end()) for m in pattern.finditer(text)
    )


def extract(text: str) -> Quantities:
    """All quantities of a text (pure)."""
    q = Quantities()
    q.hours = hours(text)
    for m in re.finditer(
        r"\b(\d+|one|two|three|four|six|eight|ten|fifteen)\s(days?|weeks?|months?|years?)\b",
        text,
        re.I,
    ):
        value = _number(_EN_NUMBERS.get(m.group(1).lower(), m.group(1)))
        unit = {"day": "jour", "week": "semaine", "month": "mois", "year": "an"}[
            m.group(2).lower().rstrip("s")
        ]
        if value is not None and not _DOCUMENT_AGE.search(text, max(0, m.start() - 15), m.start()):
            q.delays.add(round(value * _UNIT_DAYS[unit], 3))
    q.amounts = amounts(text)
    q.measures, q.limits = measures(text)
    for m in lx.DELAY_RE.finditer(text):
        if _ROUND_THE_CLOCK.match(text, m.start()):
            continue  # "7 jours sur 7", "24 heures sur 24" say when, not how long
        if _DOCUMENT_AGE.search(text, max(0, m.start() - 15), m.start()):
            continue  # "un justificatif de moins de 3 mois" is a document's age
        if _AGE_BEFORE.search(text, max(0, m.start() - 12), m.start()) and _AGE_AFTER.match(
            text, m.end()
        ):
            continue  # "votre chien a 9 mois :" is an age
        parts = m.group(0).lower().split()
        value = _number(parts[0])
        if parts[0] in _UNITS and (
            tens := _TENS_BEFORE.search(text, max(0, m.start() - 16), m.start())
        ):
            value += _TENS[tens.group(1).lower()]  # "vingt et un jours", "vingt-cinq jours"
        elif (
            value is not None
            and value < 20
            and (tens := _SCORES_BEFORE.search(text, max(0, m.start() - 16), m.start()))
        ):
            value += 80 if tens.group(1).lower().startswith("quatre") else 60  # "quatre-vingt-dix"
        values = [value]
        if len(parts) > 2 and parts[1] == "à":
            values.append(_number(parts[2]))  # "4 à 8 semaines" states both ends
        elif low := _RANGE_FROM.search(text, max(0, m.start() - 20), m.start()):
            values.append(_number(low.group(1)))  # "entre un et deux mois"
        if None in values:
            continue
        if _HALF_AFTER.match(text, m.end()):
            values = [v + 0.5 for v in values]  # "un mois et demi"
        unit = parts[-1]
        week = {"ouvrés": 5, "ouvrables": 6}.get(unit)  # working days in a week
        if unit in ("ouvrés", "ouvrables", "calendaires"):
            unit = parts[-2]
        if unit == "ans":
            continue  # "16 ans", "plus de 60 ans" are ages, not delays
        unit = unit.rstrip("s") if unit not in ("mois",) else unit
        if unit in ("h", "heure") and q.hours:
            continue  # "9 h" is a time of day, not a delay
        if unit not in _UNIT_DAYS:
            continue
        for v in values:
            q.delays.add(round(v * _UNIT_DAYS[unit], 3))
            if week and unit == "jour":  # "10 jours ouvrés" are also "deux semaines"
                q.delays.add(round(v * 7 / week, 3))
        if len(values) == 2:
            q.delay_ranges.add(tuple(sorted(round(v * _UNIT_DAYS[unit], 3) for v in values)))
    lower = text.lower()
    q.days = {d for d in _DAY_NAMES if d in lower}
    # "du lundi au samedi" states every day of the range, not only its two ends.
    for m in _DAY_RANGE.finditer(lower):
        a, b = _DAY_NAMES.index(m.group(1)), _DAY_NAMES.index(m.group(2))
        if a < b:
            q.days.update(_DAY_NAMES[a : b + 1])
    for m in _CLOSED_AFTER.finditer(lower):
        q.closed.add(m.group(1) or m.group(2))  # "lundi : fermé", "pas d'ouverture le lundi"
    for m in _CLOSED.finditer(lower):
        q.closed |= {"samedi", "dimanche"} if m.group(1).startswith("week") else {m.group(1)}
        q.closed |= {d for d in _DAY_NAMES if d in m.group(2)}
        q.closed |= {m.group(3)} if m.group(3) else set()
    # "sur place uniquement, pas en ligne" is the opposite of online only.
    q.online_only = any(not _NOT_HERE.search(m.group(0)) for m in _ONLINE_ONLY.finditer(text))
    posted_home = _DELIVERED.search(text)
    q.physical = bool(_PHYSICAL.search(_BY_POST.sub(" ", text) if posted_home else text)) and not (
        _ONLINE.search(text)
    )
    figures = _DIGIT.search(text) is not None  # phone numbers and dates need one
    q.phones = {
        re.sub(r"\D", "", m.group(0))[-9:]
        for m in (lx.PHONE_RE.finditer(text) if figures else ())
        if len(re.sub(r"\D", "", m.group(0))) >= 9
    }
    for m in _DATE.finditer(lower) if figures else ():
        q.dates.add((int(m.group(1)), _month(m.group(3))))
        if m.group(2):
            q.dates.add((int(m.group(2)), _month(m.group(3))))
    q.months = {_month(m.group(0)) for m in re.finditer(r"\b(?:" + _MONTHS + r")\b", lower)}
    frees = _free_words(text)
    q.free = any(frees)
    q.paid = bool(q.amounts) or _paid_in_words(text) or not all(frees)  # "ne sont pas gratuits"
    q.only = bool(_ONLY.search(text))
    # "sans condition de ressources" is a condition's absence (`no_condition`), not access
    # without the appointment or document a fact requires.
    q.without = bool(_WITHOUT.search(_NO_CONDITION_AT_ALL.sub(" ", text)))
    q.every_day = bool(_EVERY_DAY.search(text))
    q.bodies, q.denied_bodies = bodies(text)
    q.in_person_only = bool(_IN_PERSON_ONLY.search(text))
    q.online_option = bool(_ONLINE_OPTION.search(text)) and not _online_denied(_NOT_ONLINE, text)
    q.denies_online = _online_denied(_DENIES_ONLINE, text)
    # "pas soumise à condition de ressources" sets no condition
    q.restricts = bool(_RESTRICTS.search(_NO_CONDITION.sub(" ", text)))
    q.no_condition = bool(_NO_CONDITION.search(text))
    lowered = text.lower()  # cheap tests before the patterns of the rarer kinds
    if ("quelques" in lowered or "plusieurs" in lowered) and not _LASTING.search(text):
        q.vague_delays = {_VAGUE_RANGES[m.group(1).lower()] for m in _VAGUE_DELAY.finditer(text)}
    for m in _AT_ONCE.finditer(text) if _AT_ONCE_WORDS.search(lowered) else ():
        q.at_once = True
        # what is handed over: the first content word of its clause ("le certificat … vous
        # sera remis immédiatement", not "un récépissé vous est remis immédiatement")
        if head := head_stem(_HEAD_CLAUSE.split(text[: m.start()])[-1]):
            q.at_once_heads |= {head}
    if "charge" in lowered:
        q.paid_for = frozenset(stem(m.group(1).lower()) for m in _PAID_FOR.finditer(text))
    if q.delays or q.vague_delays or q.at_once or q.free or q.paid_for:
        q.words = content_stems(text)  # what `vague_conflict` and a price compare them on
    q.deadline = bool(q.delays) and bool(_DEADLINE.search(text))
    q.no_deadline = bool(_NO_DEADLINE.search(text))
    q.condition_kinds = {
        {"ressource": "ressources", "revenus": "ressources"}.get(k, k)
        for k in (m.group(1).lower() for m in _CONDITION_KIND.finditer(text))
    }
    q.channels, q.denied_channels, q.only_channels, q.sends_a_way = _channels(text)
    q.order = {
        (m.group(1).lower(), strip_accents(m.group(2).lower())[:6]) for m in _ORDER.finditer(text)
    }
    q.online_claim = bool(
        _ONLINE_CLAIM.search(text)
        and not _NOT_ONLINE.search(text)
        and not _ONLINE_THEN_IN_PERSON.search(text)
    )
    return q


def conflicts(fact: Quantities, claim: Quantities, fact_text: str = "") -> list[str]:
    """Kinds on which `claim` contradicts `fact` (both about the same topic)."""
    found = []
    if fact.hours and claim.hours and not claim.hours <= fact.hours:
        found.append("hours")
    if fact.amounts and claim.amounts and not claim.amounts <= fact.amounts:
        found.append("amounts")
    if fact.delays and claim.delays and not _close(claim.delays, fact.delays, fact.delay_ranges):
        found.append("delays")
    elif fact.deadline and claim.no_deadline and not claim.delays:
        found.append("delays")  # "rien ne presse" against "dispose d'un mois"
    elif vague_conflict(fact, claim):
        found.append("delays")  # "d'ici quelques semaines" against "sous 48 heures"
    # (a fact both free and paying, "gratuit pour les habitants, à prix réduit pour les
    # autres", is not contradicted by either)
    if (
        fact.free
        and not fact.amounts
        and not fact.paid
        and (claim.paid or claim.paid_for & fact.words)
        and not claim.free
    ):
        found.append("price")
    if fact.amounts and not fact.free and claim.free and not claim.amounts:
        found.append("price")
    if fact.only and claim.without and not fact.without:
        found.append("negation")
    if fact.days and claim.days and not claim.days <= fact.days and len(fact.days) < 5:
        found.append("days")
    open_days = fact.days - fact.closed
    if claim.closed and (claim.closed & open_days or fact.every_day) and "days" not in found:
        found.append("days")  # "fermé le dimanche" against "dimanche de 10 h à 13 h"
    if (claim.days - claim.closed) & fact.closed and "days" not in found:
        found.append("days")  # "ouvert du lundi au vendredi" against "fermée le lundi"
    if fact.online_only and claim.physical:
        found.append("places")  # "en préfecture" against "exclusivement en ligne"
    elif fact.in_person_only and claim.online_claim and not fact.online_claim:
        found.append("places")  # "sur le site" against "le dossier se dépose en personne"
    elif fact.online_option and claim.denies_online and not claim.online_option:
        found.append("places")  # "pas possible en ligne" against "en ligne ou à l'accueil"
    if (
        "places" not in found
        and claim.sends_a_way
        and (
            claim.channels & fact.denied_channels
            or (fact.only_channels and not claim.channels & fact.only_channels)
        )
    ):
        found.append("channel")  # "par téléphone" against "uniquement sur le portail Famille"
    # "sans condition d'âge" says nothing of a condition of resources
    same_kind = not (fact.condition_kinds and claim.condition_kinds) or bool(
        fact.condition_kinds & claim.condition_kinds
    )
    if same_kind and (
        (fact.no_condition and not fact.restricts and claim.restricts and not claim.no_condition)
        or (fact.restricts and not fact.no_condition and claim.no_condition and not claim.restricts)
    ):
        # "réservé aux retraités" against "aucune condition d'âge", "ouvert à tous" against
        # "sous conditions de ressources"
        found.append("condition")
    reversed_steps = {(w, step) for w, step in claim.order if (_OTHER[w], step) in fact.order}
    if reversed_steps - fact.order:
        found.append("order")  # "après la signature du bail" against "avant la signature"
    if claim.every_day and fact.days and not fact.every_day and "days" not in found:
        found.append("days")  # "ouvert tous les jours" against "du lundi au samedi"
    units = {unit for unit, _ in fact.measures}
    differing = {unit for unit, _ in {m for m in claim.limits if m[0] in units} - fact.measures}
    # weekly hours and periods: a claim giving the fact's value speaks of something else with
    # its other one ("le poste est à 35 h par semaine, la mairie ouverte 42 heures par semaine")
    differing -= {unit for unit, _ in claim.limits & fact.measures if unit in _LOOSE_UNITS}
    # "valable 3 ans" against "valable 5 ans"; "plus de 80 ans" against "plus de 65 ans"
    found += sorted({"thresholds" if unit in _THRESHOLDS else "measures" for unit in differing})
    if fact.phones and claim.phones and not claim.phones & fact.phones:
        found.append("phones")
    if (
        fact.bodies and claim.bodies and not same_bodies(claim.bodies) & same_bodies(fact.bodies)
    ) or (
        claim.bodies
        and fact.denied_bodies
        and same_bodies(claim.bodies) & same_bodies(fact.denied_bodies)
        # not a claim that also names the body the fact affirms, telling their parts apart:
        # "la décision revient à la CPAM, mais le CCAS peut vous aider" against "attribuée
        # par la CPAM, et non par le CCAS"
        and not same_bodies(claim.bodies) & same_bodies(fact.bodies)
    ):
        found.append("bodies")  # "c'est la CPAM" against "la demande se fait à la CAF"
    if (
        fact.dates
        and claim.dates
        and not claim.dates <= fact.dates
        or fact.months
        and claim.months
        and not claim.months & fact.months
    ):
        found.append("dates")
    return found


_HEAD_CLAUSE = re.compile(r"[.;:!?,\n]")


def _said_delays(q: Quantities, numbers: bool, other: Quantities) -> set[tuple[float, float]]:
    """The delays a text says, as ranges of days: without a number, at once (of something
    the `other` text names too), and with one when `numbers`."""
    at_once = q.at_once and (not q.at_once_heads or bool(q.at_once_heads & other.words))
    ranges = set(q.vague_delays) | ({(0.0, 0.0)} if at_once else set())
    return ranges | ({(v, v) for v in q.delays} if numbers else set())


def _far(value: float, low: float, high: float) -> bool:
    """A delay of `value` days is far from "between `low` and `high`" (generously: "quelques
    jours" is not far from 10 days, "immédiatement" from 24 hours)."""
    return value > 2 * high + 1 or value < low / 2


def vague_conflict(fact: Quantities, claim: Quantities) -> bool:
    """A delay said in words far from every delay the fact states: "vous le recevrez par
    courrier quelques jours plus tard" against "remis le jour même", "remis immédiatement au
    guichet" against "envoyé sous 10 jours ouvrés". Numbers against numbers are `_close`'s."""
    if not (claim.vague_delays or claim.at_once or (claim.delays and fact.at_once)):
        return False  # nothing said in words on either side (the usual case: at once)
    claimed = _said_delays(claim, not fact.delays, fact)
    stated = {v for low, high in _said_delays(fact, True, claim) for v in (low, high)}
    if not claimed or not stated or (claim.delays and fact.delays) or fact.deadline:
        return False
    return all(_far(v, low, high) for low, high in claimed for v in stated)


def vague_agrees(claim: Quantities, facts: Iterable[Quantities]) -> bool:
    """Whether some fact states a delay near the one the claim says in words."""
    if not (claim.vague_delays or claim.at_once):
        return False
    claimed = _said_delays(claim, False, claim)
    stated = {v for f in facts for low, high in _said_delays(f, True, claim) for v in (low, high)}
    return any(not _far(v, low, high) for low, high in claimed for v in stated)


# "Huit jours" and "quinze jours" are the French idioms for one and two weeks.
_WEEK_IDIOMS = {8.0: 7.0, 15.0: 14.0}


def _close(claim: set[float], fact: set[float], ranges: Iterable[tuple[float, float]] = ()) -> bool:
    # "3 semaines" and "environ 20 jours" agree; "2 semaines" and "4 semaines" do not; "six
    # semaines" falls within "1 à 2 mois" (`ranges`, the fact's).
    return all(
        any(
            abs(v - w) <= max(0.5, 0.1 * w)
            for f in fact
            for w in (f, _WEEK_IDIOMS.get(f, f))
            for v in (c, _WEEK_IDIOMS.get(c, c))
        )
        or any(0.9 * low <= c <= 1.1 * high for low, high in ranges)
        for c in claim
    )


# ---------------------------------------------------------------- denied phrases
# A reference fact often says what is NOT the case ("aucun certificat de grossesse n'est
# demandé", "ne sont collectés ni avec les ordures ménagères", "ne relève pas d'une
# déclaration préalable"): a reply that affirms that very thing contradicts it, with no
# number and no public body to compare. Phrases are pairs of neighbouring content words
# (or one hyphenated compound), compared on their first six letters so that plurals and
# agreement do not matter; single words are too ambiguous to deny.
_PHRASE_STOP = frozenset(  # words of three letters or more that carry no content
    {"les", "une", "des", "aux", "par", "pour", "sur", "dans", "avec", "chez", "cet", "cette",
     "ces", "son", "ses", "leur", "leurs", "votre", "vos", "notre", "nos", "elle", "ils",
     "elles", "nous", "vous", "qui", "que", "est", "sont", "etre", "plus", "pas", "aucun",
     "aucune", "jamais", "tout", "tous", "toute", "toutes", "non", "sans"}
)  # fmt: skip
_PHRASE_CLAUSE = re.compile(r"[;,.:!?()\n]|\bmais\b|(?=\bet non\b)")
_PHRASE_NEGATION = re.compile(r"\b(?:ne|n'|pas|ni|jamais|aucune?|non|sans)\b")
# What a negation governs: after "pas/ni/plus/jamais/non" up to the next "ni", and between
# "aucun" and its verb ("aucun certificat … n'est demandé"); not the clause's subject.
_NEGATED_PART = re.compile(
    r"\b(?:pas|ni|plus|jamais|non)\b(.*?)(?=\b(?:ni|sans|que|qu'|sauf|hors)\b|$)"
)
_NONE_PART = re.compile(r"\baucune?\b(.*?)\bn'")
# What a clause forbids outright: "la pêche de nuit est interdite", "les alcools forts sont
# interdits" (not "le stationnement est interdit le jeudi de 5h à 14h", a time apart).
_FORBIDDEN_PART = re.compile(
    r"^(.*?)\b(?:est|sont|reste|restent) (?:strictement |formellement |totalement )?interdite?s?\s*$"
)


def _phrases(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text)
    content = [(i, w[:6]) for i, w in enumerate(words) if w not in _PHRASE_STOP and len(w) > 2]
    pairs = {(a, b) for (i, a), (j, b) in zip(content, content[1:], strict=False) if j - i <= 3}
    return frozenset(pairs)


def _plain(text: str) -> str:
    return strip_accents(text.lower()).replace("’", "'")


# "non" before an adjective or a participle negates that word only ("un bac non collecté se
# signale au service Déchets").
_NON_ADJECTIVE = re.compile(
    r"\bnon[- ](?!(?:une|cette|votre|notre|elle|celle|celles|les|des|ses|ces|mes|nos|vos|aux|"
    r"pas|plus|dans|sous|tous|toutes|vers|moins|apres|pres|jamais|mais)\b)"
    r"[a-z]{2,}(?:e|es|s)\b"
)


def denied_phrases(text: str) -> frozenset[tuple[str, ...]]:
    """Phrases a text says are not the case."""
    found: set[tuple[str, ...]] = set()
    plain = _NON_ADJECTIVE.sub(" ", _plain(POLITE_NEGATION.sub(" ", text)))
    for clause in _PHRASE_CLAUSE.split(plain):
        for m in _NEGATED_PART.finditer(clause):
            found |= _phrases(m.group(1))
        if m := _NONE_PART.search(clause):
            found |= _phrases(m.group(1))
    return frozenset(found)


def forbidden_phrases(text: str) -> frozenset[tuple[str, ...]]:
    """Phrases a text forbids outright, those holding the forbidden thing's first word ("la
    pêche de nuit est interdite": ("peche", "nuit")); not a clause with "non" or "sans" ("les
    chiens non tenus en laisse sont interdits")."""
    found: set[tuple[str, ...]] = set()
    for clause in _PHRASE_CLAUSE.split(_plain(text)):
        if (m := _FORBIDDEN_PART.search(clause)) and not re.search(r"\b(?:non|sans)\b", clause):
            pairs = _phrases(m.group(1))
            words = [w[:6] for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", m.group(1))]
            head = next((w for w in words if w not in _PHRASE_STOP and len(w) > 2), None)
            found |= {pair for pair in pairs if pair[0] == head}
    return frozenset(found)


# Words that negate without a negation ("fermé", "inutile", "payant", "contrairement à").
_NEGATIVE_SENSE = re.compile(
    r"\b(?:fermee?s?|inutiles?|payante?s?|interdite?s?|contrairement|sauf|hors|excepte)\b"
)


def affirmed_phrases(text: str) -> frozenset[tuple[str, ...]]:
    """Phrases of the clauses of a text that carry no negation, nor a word of negative sense."""
    return frozenset().union(
        *(
            _phrases(c)
            for c in _PHRASE_CLAUSE.split(_plain(text))
            if not _PHRASE_NEGATION.search(c) and not _NEGATIVE_SENSE.search(c)
        )
    )


def claimed_phrases(sentence: str) -> frozenset[tuple[str, ...]]:
    """Phrases a reply sentence affirms: none when a negation stands anywhere in it ("Pour
    le justificatif, rassurez-vous, il n'est pas demandé" denies in its last clause what its
    first one names)."""
    plain = _plain(sentence)
    if _PHRASE_NEGATION.search(plain) or _NEGATIVE_SENSE.search(plain) or "?" in plain:
        return frozenset()  # a question claims nothing either
    return frozenset().union(*(_phrases(c) for c in _PHRASE_CLAUSE.split(plain)))
