"""Verb forms, homophones and determiners a careful grader counts as spelling errors.

Rules on spaCy's tokens, parts of speech and morphology (no parse): each finds one kind of
slip of hurried replies and returns the span of the wrong word. They run on French replies
only (`nlu.analysis.analyse_reply`), beside the agreement rules of `nlu.analysis` and the
patterns of `nlu.lexicons.GRAMMAR`. Each was checked against the train replies labelled
without error and the reference facts of the scenarios (careful French), where it must not
fire.
"""

from __future__ import annotations

import re

Span = tuple[int, int]


class Word:
    """The attributes of a spaCy token the rules read, copied once. The rules index their
    tokens hundreds of times per reply (`doc[i]`, `doc[i + 1 :]`), and a spaCy `Doc` builds
    a new `Token` at each index, reading each attribute from its string store: on a list of
    `Word`s the same rules run about twice as fast (`copy_tokens`)."""

    __slots__ = (
        "i", "idx", "text", "lower_", "pos_", "lemma_", "morph", "is_alpha", "is_lower",
        "is_punct", "whitespace_",
    )  # fmt: skip

    def __init__(self, token) -> None:
        self.i, self.idx, self.text = token.i, token.idx, token.text
        self.lower_, self.pos_, self.lemma_ = token.lower_, token.pos_, token.lemma_
        self.morph = token.morph  # `morph.get(field)` as on the token
        self.is_alpha, self.is_lower = token.is_alpha, token.is_lower
        self.is_punct, self.whitespace_ = token.is_punct, token.whitespace_

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return self.text


def copy_tokens(doc) -> list[Word]:
    """The tokens of `doc` as `Word`s: the rules of this module and
    `nlu.analysis.agreement_errors` accept either a spaCy `Doc` or this list."""
    return [Word(token) for token in doc]


# Words ending like a participle that are nouns ("à côté", "en été", "la durée").
_NOUNS_IN_E = frozenset(
    ["côté", "été", "clé", "thé", "café", "marché", "comité", "procédé", "fossé", "degré",
     "résumé", "délégué", "qualité", "santé", "sécurité", "proximité", "volonté", "moitié",
     "société", "liberté", "priorité", "nouveauté", "unité", "facilité", "difficulté",
     "activité", "possibilité", "majorité", "totalité", "gratuité", "identité", "pied",
     "entrée", "durée", "arrivée", "année", "journée", "soirée", "matinée", "idée", "allée",
     "randonnée", "tournée", "pensée", "montée", "rentrée", "traversée", "musée", "lycée"]
)  # fmt: skip
# Words in -er that are not infinitives ("le premier", "hier", "le dossier").
_NOT_INFINITIVES = frozenset(
    ["premier", "dernier", "entier", "hier", "cher", "fier", "amer", "léger", "hiver", "mer",
     "fer", "enfer", "super", "régulier", "particulier", "familier", "singulier"]
)  # fmt: skip
# Words in -ez that are not verbs.
_NOT_VERBS_IN_EZ = frozenset(["chez", "assez", "nez", "rez"])
_HAVE = frozenset(["ai", "as", "a", "avons", "avez", "ont", "avait", "avaient", "aurait", "avoir"])
_BE = frozenset(
    ["est", "sont", "sera", "seront", "serez", "été", "êtes", "sommes", "suis", "être", "étant"]
)
# After these, French wants an infinitive: "vous pouvez venir retirer", "il faut remplir"
# (also read by `nlu.analysis.agreement_errors`; "venez accompagné" is right: "venir" takes
# a participle).
MODALS = frozenset(
    ["pouvez", "pouvons", "peut", "peuvent", "devez", "devons", "doit", "doivent", "faut",
     "allez", "vais", "va", "voulez", "souhaitez", "veuillez"]
)  # fmt: skip
# After these too an infinitive follows, not a participle nor an "-ez" form: "merci de nous
# préciser", "afin de faciliter", "faire remonter".
_BEFORE_INFINITIVE = MODALS | frozenset(
    ["vont", "allons", "pourrez", "pourrons", "pourra", "devrez", "devrons", "devra", "faudra",
     "souhaitons", "voulons", "pouvoir", "vouloir", "devoir", "faire", "laisser", "pouviez", "pourriez", "devriez",
     "laisse", "laissez", "laissons", "devrait", "devraient", "pourrait", "pourraient",
     "puisse", "puissent", "faudrait", "veut", "veulent", "voulais", "voulait", "voulions",
     "voudrais", "voudrions", "souhaitais", "souhaitait", "souhaitions", "souhaiterais",
     "souhaiterions", "pourrions", "devrions", "pouvais", "pouvait", "pouvions", "pouvaient",
     "devais", "devait", "devions", "devaient", "souhaitant", "voulant", "désirant", "pouvant"]
)  # fmt: skip
_PREPOSITIONS_BEFORE_INFINITIVE = frozenset(["de", "d'", "d’", "à", "pour", "sans"])
# After these, "à" is the preposition and a participle after it the slip ("hésitez pas à
# contacté", "est à retourné"); after a subject, "à" is the slip ("le service à organisé").
_BEFORE_À = frozenset(["VERB", "AUX", "ADV", "ADP"])
# "Venez accompagné" is right; after a pronoun, an infinitive: "venir le récupérer".
_COMING = frozenset(["venir", "venez", "viens", "vient", "passer", "passez"])
_LINKS = frozenset(["puis", "et", "ou"])
# Requests that an infinitive follows ("merci de patienter", "pensez à vérifier").
_REQUESTS = frozenset(
    ["merci", "pensez", "prière", "veillez", "songez", "oubliez", "suffit", "suffira"]
)
_CLITICS = frozenset(
    ["nous", "vous", "lui", "leur", "y", "en", "se", "s'", "s’", "me", "m'", "le", "la", "les",
     "l'", "l’"]
)  # fmt: skip
_CLITICS_OR_NE = _CLITICS | frozenset(["ne", "n'", "n’"])
_CLITICS_OF_JE = _CLITICS | frozenset(["te", "t'", "t’"])  # "je te/vous le transmets"
_BEEN = frozenset(["été"])
_OBJECT_CLITICS = frozenset(
    ["le", "la", "les", "l'", "l’", "me", "m'", "m’", "te", "t'", "se", "s'", "s’"]
)
_ADVERBS = frozenset(
    ["bien", "déjà", "pas", "ne", "n'", "n’", "également", "aussi", "toujours", "vite", "tout",
     "tous", "toutes", "plus", "encore", "ensuite", "maintenant", "désormais", "enfin"]
)  # fmt: skip
_PLURAL_DETERMINERS = frozenset(["les", "des", "vos", "nos", "ces", "leurs", "mes", "ses"])
_FEMININE_DETERMINERS = frozenset(["la", "une", "cette", "sa", "ma"])
# Nouns of either gender ("chaque allocataire est orienté", "votre élève est inscrit").
_EPICENE_ENDINGS = ("aire", "iste", "ève", "ulte", "jeune", "able", "ible", "embre", "uge")
# Determiners that do not show the gender: the noun's then decides ("votre demande",
# "l'inscription").
_GENDERLESS_DETERMINERS = _PLURAL_DETERMINERS | frozenset(
    ["votre", "notre", "leur", "chaque", "toute", "l'", "l’"]
)
_CLAUSE_OPENERS = frozenset(
    ["qui", "que", "qu'", "qu’", "dont", "où", "et", "ou", "si", "quand", "lorsque", "car", "mais"]
)  # fmt: skip
# "ce" before a verb is the reflexive "se" ("la démarche ce fait en ligne"); not before
# "être", "pouvoir", "devoir", "sembler" ("ce sera", "ce doit être").
_CE_VERBS = re.compile(
    r"situe|situent|trouve|trouvent|déroule|déroulent|tiendra|tiendront|rendre|renseigner|munir|"
    r"connecter|terminera|termine"
)
_CE_NOT_REFLEXIVE = frozenset(["être", "pouvoir", "devoir", "sembler"])
# Nouns counted after a number, whose plural a hurried reply forgets ("2 heure", "six
# semaine", "300 euro").
_COUNTED = frozenset(
    ["heure", "jour", "semaine", "année", "an", "minute", "euro", "personne", "enfant", "page",
     "séance", "nuit", "ticket", "étape", "exemplaire", "kilomètre", "mètre", "litre", "adulte"]
)  # fmt: skip
_NUMBER_WORDS = frozenset(
    ["deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
     "quinze", "vingt", "trente", "quarante", "cinquante", "soixante", "cent", "mille"]
)  # fmt: skip
# A subject pronoun before "leurs": "nous leurs transmettons" wants the pronoun "leur".
_SUBJECT_PRONOUNS = frozenset(
    ["je", "j'", "j’", "nous", "vous", "on", "il", "elle", "ils", "elles"]
)
_PRONOUNS = _SUBJECT_PRONOUNS | _CLITICS
# Before "a", a pronoun makes it the verb ("il a envoyer", "vous a envoyer": the infinitive
# is the slip); elsewhere "a" is the slip ("pensez a retirer", "documents a envoyer").
_PRONOUNS_BEFORE_HAVE = frozenset(
    ["il", "elle", "on", "vous", "nous", "lui", "leur", "qui", "m'", "m’", "t'", "t’", "l'", "l’",
     "me", "te", "le", "la", "les", "y", "en", "ça", "cela"]
)  # fmt: skip


def _skip(doc, j: int, words: frozenset[str], pos: str | None = None) -> tuple[int, bool]:
    """The index after the words of `words` from `j` (of part of speech `pos` if given), and
    whether any was skipped."""
    start = j
    while j < len(doc) and doc[j].lower_ in words and (pos is None or doc[j].pos_ == pos):
        j += 1
    return j, j > start


def _skip_adverbs(doc, j: int) -> tuple[int, bool]:
    """The index after the adverbs from `j` ("bien", "ne pas", "entièrement"…)."""
    start = j
    while j < len(doc):
        if doc[j].lower_ in _ADVERBS or (doc[j].pos_ == "ADV" and doc[j].lower_.endswith("ment")):
            j += 1
        elif doc[j].lower_ in ("à", "de") and j + 1 < len(doc) and doc[j + 1].lower_ == "nouveau":
            j += 2  # "à nouveau", "de nouveau"
        elif doc[j].lower_ in ("d'", "d’") and j + 1 < len(doc) and doc[j + 1].lower_ == "abord":
            j += 2  # "vous devez d'abord créer"
        else:
            break
    return j, j > start


def _finite(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.morph.get("VerbForm") == ["Fin"]


def _inverted(doc, i: int) -> bool:
    """Whether a pronoun joined by a hyphen follows token `i` ("dois-je", "avons-nous")."""
    return i + 1 < len(doc) and doc[i + 1].text.startswith("-")


def verb_form_errors(doc, known_words: frozenset[str] | set[str]) -> list[Span]:
    """The slips of verb forms, homophones and determiners of a French reply, each one span
    (see the rules below)."""
    found: list[Span] = []

    def add(start: int, end: int) -> None:
        if not any(s < end and start < e for s, e in found):
            found.append((start, end))

    for rule in (
        _infinitive_meant, _participle_meant, _agreement_after_que, _person, _homophones,
        _determiners, _noun_and_adjective, _verb_number, _third_person, _mixed_imperative,
        _a_before_determiner, _agreement_with_madame, _negation_without_ne,
        _conditional_for_future,
    ):  # fmt: skip
        rule(doc, known_words, add)
    _et_for_est(doc, add)
    return found


def _infinitive_meant(doc, known_words, add) -> None:
    """A participle or an "-ez" form where an infinitive is meant, after a modal, a
    preposition or "venir" with a pronoun ("vous pouvez déposé", "merci de nous précisé",
    "afin de facilité", "pouvoir participez", "venir le récupéré"), and "a" for "à" before an
    infinitive ("invitons a prendre")."""
    n = len(doc)
    for tok in doc:
        low, i = tok.lower_, tok.i
        after_afin = low == "de" and i > 0 and doc[i - 1].lower_ == "afin"
        # "le plus simple est de passer": an infinitive after "est de"
        after_is = (
            low in ("de", "d'", "d’") and i > 0 and doc[i - 1].lower_ in ("est", "sera", "serait")
        )
        # (not "l'essentiel du public est de retraités")
        after_is = after_is and i + 1 < n and not doc[i + 1].lower_.endswith("s")
        # after "venir", "puis", "et": an infinitive only after a pronoun ("venir le
        # récupérer", "le remplir puis le déposer")
        coming = low in _COMING or low in _LINKS
        if low in _BEFORE_INFINITIVE or low in _PREPOSITIONS_BEFORE_INFINITIVE or coming:
            j, negated = _skip_adverbs(doc, i + 1)
            j, clitic = _skip(doc, j, _CLITICS, "PRON")
            # "venir le récupéré": a pronoun the tagger read as a determiner
            k, _ = _skip(doc, j, _CLITICS)
            if k > j and k < n and doc[k].pos_ == "VERB":
                j, clitic = k, True
            # "de la déposé": after "de" or "à", "le" and "les" can only be pronouns, and
            # "la" before a masculine "-é" form the tagger read as a noun
            elif (
                k == j + 1 and k < n and low in ("de", "à") and doc[k].lower_.endswith("é")
                and (doc[j].lower_ in ("le", "les") or doc[j].lower_ == "la" and not doc[k].lower_.endswith("té"))
            ):  # fmt: skip
                j, clitic = k, True
            # after "puis", "et", "ou", an object pronoun and a participle ("puis le
            # déposé"); "et vous disposez", "et la reversez" are right
            linked = low in _LINKS
            if (
                linked
                and j < n
                and (doc[j - 1].lower_ in ("nous", "vous") or doc[j].lower_.endswith("ez"))
            ):
                continue
            if j < n and (clitic or not coming):
                word = doc[j]
                lower = word.lower_
                stem = re.sub(r"(?:é|ée|és|ées|ez)$", "", lower)
                participle = stem != lower and not lower.endswith("ez")
                # "à contacté": the participle is the slip after a verb ("hésitez pas à"),
                # "à" after a subject ("le service à organisé", see `_participle_meant`).
                after_verb = low == "à" and i > 0 and doc[i - 1].pos_ in _BEFORE_À
                after_subject = low == "à" and not after_verb and not clitic
                # "merci de patienté", "pensez à vérifié", "n'oubliez pas de signé": an "-é"
                # form with no determiner after a request, whatever the tagger read
                asked = i - 2 if i > 1 and doc[i - 1].lower_ == "pas" else i - 1
                request = (
                    asked >= 0 and lower.endswith("é") and doc[asked].lower_ in _REQUESTS
                    and low in ("de", "à") and lower not in _NOUNS_IN_E
                )  # fmt: skip
                # "invitons à complété le formulaire": read as a noun, yet its object follows
                with_object = (
                    after_verb and doc[i - 1].pos_ == "VERB" and j + 1 < n
                    and doc[j + 1].pos_ == "DET" and lower.endswith("é")
                )  # fmt: skip
                # "doivent fourni": the participle of a verb in "-ir" after a modal
                if (
                    low in MODALS and word.is_lower and word.is_alpha and lower.endswith("i")
                    and word.pos_ == "VERB" and lower + "r" in known_words
                ):  # fmt: skip
                    add(word.idx, word.idx + len(word))
                if (
                    word.is_lower and word.is_alpha and stem != lower and stem + "er" in known_words
                    and (lower not in _NOUNS_IN_E or after_afin) and lower not in _NOT_VERBS_IN_EZ
                    and (low in _BEFORE_INFINITIVE or clitic or after_afin or after_is
                         or word.pos_ == "VERB" or request
                         or negated or not participle
                         or (after_verb and doc[i - 1].pos_ == "VERB" and word.pos_ != "NOUN")
                         or with_object)
                    and not after_subject
                ):  # fmt: skip
                    add(word.idx, word.idx + len(word))
        if (
            i + 1 < n and low == "a" and doc[i + 1].is_lower
            and doc[i + 1].morph.get("VerbForm") == ["Inf"]
            and not (i > 0 and doc[i - 1].lower_ in _PRONOUNS_BEFORE_HAVE)
        ):  # fmt: skip
            add(tok.idx, tok.idx + 1)


def _participle_meant(doc, known_words, add) -> None:
    """An infinitive or an "-ez" form after "avoir" or "être" ("nous avons contacter", "doit
    être signer", "avons informez"), an infinitive after "comme" ("comme annoncer"), "à" for
    "a" before a participle ("le service à organisé"), a participle missing its accent
    ("vous serez contacte"), one that does not agree with its subject ("la route est fermé",
    "les places sont limité") or agrees with nothing ("les agents ont nettoyés le parc")."""
    n = len(doc)
    for tok in doc:
        low, i = tok.lower_, tok.i
        if (low in _HAVE or low in _BE) and tok.pos_ in ("AUX", "VERB"):
            j = i + 1
            while j < n and doc[j].text.startswith("-"):  # "avez-vous", "a-t-il"
                j += 1
            inverted = j > i + 1
            j, adverbs = _skip_adverbs(doc, j)
            j, been = _skip(doc, j, _BEEN) if low != "été" else (j, False)
            if j < n:
                word = doc[j]
                lower = word.lower_
                if (
                    word.is_lower and lower.endswith("er") and lower not in _NOT_INFINITIVES
                    and (word.morph.get("VerbForm") == ["Inf"]
                         or (word.pos_ == "VERB" and lower[:-2] + "é" in known_words))
                ):  # fmt: skip
                    # "a remplir" is one slip, of "a" for "à": counted on "a"; "il a
                    # envoyer", "vous a envoyer": on the infinitive.
                    after_pronoun = i > 0 and doc[i - 1].lower_ in _PRONOUNS_BEFORE_HAVE
                    if low == "a" and not (adverbs or been or after_pronoun):
                        add(tok.idx, tok.idx + 1)
                    else:
                        add(word.idx, word.idx + len(word))
                if (
                    word.is_lower and lower.endswith("ez") and lower not in _NOT_VERBS_IN_EZ
                    and lower[:-2] + "er" in known_words
                ):  # fmt: skip
                    add(word.idx, word.idx + len(word))
                if (
                    low in _BE and word.is_lower and word.pos_ == "VERB"
                    and lower.endswith("e") and not lower.endswith("ée")
                    and lower[:-1] + "é" in known_words and word.lemma_ == lower[:-1] + "er"
                ):  # fmt: skip
                    add(word.idx, word.idx + len(word))
                # (not after an inversion: "quels travaux avons-nous prévus ?")
                if low in _HAVE and low != "a" and not been and not inverted:
                    _agrees_with_nothing(doc, tok, word, known_words, add)
        if low in _BE_BEFORE_ATTRIBUTE and tok.pos_ == "AUX":
            _agreement_with_subject(doc, tok, known_words, add)
        if i + 1 < n:
            word = doc[i + 1]
            if (
                low == "comme" and word.is_lower and word.lower_.endswith("er")
                and word.morph.get("VerbForm") == ["Inf"] and word.lower_ not in _NOT_INFINITIVES
            ):  # fmt: skip
                add(word.idx, word.idx + len(word))
            if (
                low == "à" and i > 0 and doc[i - 1].pos_ not in _BEFORE_À
                and word.is_lower and word.pos_ == "VERB"
                and word.morph.get("VerbForm") == ["Part"] and word.lower_ not in _NOUNS_IN_E
                and word.lower_.endswith(("é", "is", "it", "u"))
            ):  # fmt: skip
                add(tok.idx, tok.idx + 1)


def _agrees_with_nothing(doc, have, part, known_words, add) -> None:
    """A participle after "avoir" that agrees though no object comes before it: "les agents
    ont nettoyés le parc", "qui ont participés à la consultation" (not "ils les ont
    nettoyés", "les lettres qu'ils ont envoyées")."""
    lower = part.lower_
    # "reçues" -> "reçu", "réservés" -> "réservé", "prise" -> "pris", "finie" -> "fini"
    plain = re.sub(r"(?<=[éu])(?:es|e|s)$|(?<=[st])es?$|(?<=i)es?$", "", lower)
    if not (part.is_lower and plain != lower and plain in known_words and part.i + 1 < len(doc)):
        return
    if (
        part.morph.get("VerbForm") != ["Part"]
        and re.sub(r"(?:ée|és|ées)$", "er", lower) not in known_words
    ):
        return
    before = doc[min(_clause_start(doc, have.i), max(0, have.i - 5)) : have.i]
    if any(t.lower_ in ("que", "qu'", "qu’") for t in before):
        return  # "les photos que les agents des espaces verts ont prises"
    k = have.i - 1
    while k >= 0 and doc[k].lower_ in ("lui", "leur", "y", "en"):
        k -= 1  # "nos agents les lui ont remises"
    previous = doc[k] if k >= 0 else None
    if previous is not None and (
        previous.lower_ in _OBJECT_CLITICS
        or (previous.lower_ == "nous" and have.lower_ != "avons")
        or (previous.lower_ == "vous" and have.lower_ != "avez")
    ):
        return
    after = doc[part.i + 1]
    if after.pos_ in ("DET", "ADP") or after.lower_ in ("à", "au", "aux", "auprès"):
        add(part.idx, part.idx + len(part))
        return
    # "les travaux ont commencés lundi", "les horaires ont changés :" (not "quelles démarches
    # avez-vous effectuées ?", whose object comes first, nor an inversion)
    if (after.lower_ in _TIME_WORDS or after.text in (":", ".", ",", ";", "!")) and not any(
        t.lower_.startswith(("quel", "lesquel", "combien")) or t.text.startswith("-")
        for t in doc[_clause_start(doc, have.i) : part.i]
    ):
        add(part.idx, part.idx + len(part))


# Adjectives that do not take the plural ("des sacs orange", "les conditions météo").
INVARIABLE_ADJECTIVES = frozenset(
    ["météo", "bio", "standard", "super", "sympa", "orange", "marron", "max", "mini", "pro",
     "minimum", "maximum", "express", "extra", "cash", "possible", "ok", "top", "bon", "nord",
     "sud", "ouest"]
)  # fmt: skip
# Reflexive participles that agree with nothing: "ils se sont succédé", "elles se sont
# téléphoné", "ils se sont permis de" (those followed by their object, "se sont rendu
# compte", are found by what follows them).
_REFLEXIVE_INVARIABLE = frozenset(
    ["succédé", "téléphoné", "parlé", "plu", "déplu", "souri", "nui", "menti", "ressemblé",
     "suffi", "fait", "dit", "permis", "demandé", "écrit", "succédés"]
)  # fmt: skip
# Object pronouns between a subject and its verb: "la décision vous sera notifiée".
_INDIRECT_PRONOUNS = frozenset(
    ["se", "s'", "s’", "vous", "nous", "lui", "leur", "me", "m'", "te", "t'"]
)


# Adjective endings that show the masculine, with the feminine they become ("incomplet" →
# "incomplète", "ouvert" → "ouverte", "définitif" → "définitive").
_MASCULINE_TO_FEMININE = (("et", ("ète", "ette")), ("if", ("ive",)), ("eux", ("euse",)),
                          ("el", ("elle",)), ("al", ("ale",)), ("ert", ("erte",)), ("ier", ("ière",)),
                          ("it", ("ite",)), ("ent", ("ente",)), ("ain", ("aine",)))  # fmt: skip


# Nouns of persons in "-ent", "-ain" that follow a noun in apposition ("la carte
# résident", "la carte étudiant"): not adjectives to agree.
_PERSONS = frozenset(
    ["résident", "habitant", "étudiant", "enfant", "adhérent", "participant", "président",
     "représentant", "client", "agent", "parent", "parrain", "gagnant", "exposant", "intervenant",
     "occupant", "commerçant", "assistant", "accompagnant", "suppléant", "correspondant",
     "référent", "patient", "remplaçant", "riverain", "voisin", "cousin", "enseignant"]
)  # fmt: skip


def _feminine(det: str, noun) -> bool:
    """Whether a determiner (lower case) and its noun make a feminine: the determiner says
    so ("la", "une"), or one that does not show the gender ("votre", "l'") stands before a
    noun the tagger reads feminine and that is not of either gender; after "l'", only where
    the noun's ending shows it too."""
    return det in _FEMININE_DETERMINERS or (
        det in _GENDERLESS_DETERMINERS
        and noun.morph.get("Gender") == ["Fem"]
        and not noun.lower_.endswith(_EPICENE_ENDINGS)
        and (det not in ("l'", "l’") or noun.lower_.endswith(_FEMININE_NOUN_ENDINGS))
    )


def _feminine_known(word: str, known_words) -> bool:
    if word in _PERSONS:
        return False
    for ending, feminine in _MASCULINE_TO_FEMININE:
        if word.endswith(ending):
            return any(word[: -len(ending)] + f in known_words for f in feminine)
    return False


# The forms of "être" after which the participle or adjective agrees with the subject.
_BE_BEFORE_ATTRIBUTE = frozenset(
    ["est", "sont", "sera", "seront", "été", "était", "étaient", "serait", "seraient", "être"]
)
_PLURAL_BE = frozenset(["sont", "seront", "étaient", "seraient"])
# Verbs only ever reflexive, whose participle agrees with the subject ("ils se sont plaints").
_REFLEXIVE_ONLY = frozenset(
    ["plaint", "souvenu", "abstenu", "absenté", "efforcé", "moqué", "méfié", "enfui", "réfugié",
     "emparé", "évanoui", "écrié", "repenti", "exclamé"]
)  # fmt: skip
# Verbs before "être" whose subject is the subject of the participle ("les enfants peuvent
# être récupérés").
_BEFORE_BE = frozenset(
    ["peut", "peuvent", "doit", "doivent", "va", "vont", "pourra", "pourront", "devra",
     "devront", "pourrait", "pourraient", "devrait", "devraient", "semble", "semblent"]
)  # fmt: skip


def _agreement_with_subject(doc, aux, known_words, add) -> None:
    """A participle or adjective after "est", "sont", "été", "était", a modal and "être"…
    that does not agree with the head noun of its clause ("votre demande de logement a été enregistré", "les places sont
    limité", "votre demande est incomplet") or with "elle" ("elle est entièrement clôturé")."""
    j, _ = _skip_adverbs(doc, aux.i + 1)
    j, _ = _skip(doc, j, _BEEN)
    if j >= len(doc):
        return
    part = doc[j]
    if not (part.is_lower and part.is_alpha):
        return
    word = part.lower_
    participle = (
        part.pos_ == "VERB" and part.morph.get("VerbForm") == ["Part"]
    ) or word in _REFLEXIVE_ONLY  # "se sont plaint", read as a present
    # after "été", a participle the tagger read as an adjective ("ont été salés")
    participle = participle or (
        part.pos_ == "ADJ" and aux.lower_ == "été" and word.endswith(("é", "és", "ée", "ées"))
    )
    adjective = part.pos_ == "ADJ" and aux.lower_ != "été"
    if not (participle or adjective):
        return
    k = aux.i - 1
    while k >= 0 and (doc[k].lower_ in _ADVERBS or doc[k].lower_ in ("a", "ont")):
        k -= 1
    if aux.lower_ == "être":
        if k < 0 or doc[k].lower_ not in _BEFORE_BE:
            return
        plural_verb = doc[k].lower_.endswith("nt")
        k -= 1
    else:
        plural_verb = aux.lower_ in _PLURAL_BE
    # "se sont succédé", "elles se sont rendu compte", "ils se sont lavé les mains", "se
    # sont vu proposer": these reflexives' participles agree with nothing; "se sont
    # inscrits" with the subject.
    if k >= 0 and doc[k].lower_ in ("se", "s'", "s’"):
        if word in _REFLEXIVE_ONLY and plural_verb:
            add(part.idx, part.idx + len(part))  # "plusieurs riverains se sont plaint"
            return
        after = doc[part.i + 1] if part.i + 1 < len(doc) else None
        if word in _REFLEXIVE_INVARIABLE or (
            after is not None
            and (
                after.pos_ == "NOUN"
                or after.morph.get("VerbForm") == ["Inf"]
                or (after.pos_ == "DET" and not _time_after(doc, after.i))
            )
        ):
            return
    if k >= 0 and doc[k].lower_ in ("nous", "vous") and aux.lower_ in ("sommes", "êtes"):
        return
    while k >= 0 and doc[k].lower_ in _INDIRECT_PRONOUNS:
        k -= 1
    if (
        plural_verb
        and not word.endswith(("s", "x"))
        and (participle or (word + "s" in known_words and word not in INVARIABLE_ADJECTIVES))
    ):  # "les créneaux sont déjà complet"
        add(part.idx, part.idx + len(part))
        return
    if (
        participle
        and k >= 0
        and doc[k].lower_ == "elle"
        and word.endswith(("é", "i", "u", "t", "s"))
    ):
        add(part.idx, part.idx + len(part))
        return
    start = k
    while start >= 0 and not (doc[start].is_punct or doc[start].lower_ in _CLAUSE_OPENERS):
        start -= 1
    # "le café et les viennoiseries seront servis": a coordinated subject (no verb before
    # "et"; "… a été transmise et la collecte a été rattrapé" coordinates two clauses).
    if start >= 0 and doc[start].lower_ in ("et", "ou", "ni"):
        before = start - 1
        while before >= 0 and not doc[before].is_punct and not _finite(doc[before]):
            before -= 1
        if before < 0 or not _finite(doc[before]):
            return
    clause = list(doc[start + 1 : k + 1])
    if clause and clause[0].lower_ in ("tous", "toutes"):
        clause = clause[1:]  # "toutes les personnes inscrites seront contactées"
    if len(clause) > 2 and clause[1].pos_ == "ADJ" and clause[2].pos_ == "NOUN":
        clause = clause[:1] + clause[2:]  # "les nouvelles cartes"
    if len(clause) < 2 or clause[0].pos_ != "DET" or clause[1].pos_ != "NOUN":
        return
    if any(_finite(t) for t in clause) or any(t.lower_ in ("ou", "ni") for t in clause):
        return  # "la coupe ou l'abattage est soumis"
    det, subject = clause[0].lower_, clause[1]
    plural = det in _PLURAL_DETERMINERS or (
        subject.morph.get("Number") == ["Plur"] and det != "chaque"
    )
    if plural_verb and not plural:
        return  # "une quinzaine d'agents sont intervenus": the subject is not its first noun
    feminine = _feminine(det, subject)
    if participle:
        if (plural and not word.endswith(("s", "x"))) or (
            feminine and not word.endswith(("e", "es"))
        ):
            add(part.idx, part.idx + len(part))
    elif feminine and not plural and _feminine_known(word, known_words):
        add(part.idx, part.idx + len(part))
    elif feminine and plural and word.endswith("és") and word[:-1] + "es" in known_words:
        add(part.idx, part.idx + len(part))  # "les conditions sont détaillés"


_TIME_WORDS = frozenset(
    ["week-end", "week", "matin", "soir", "jour", "journée", "semaine", "mois", "année", "nuit",
     "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "après-midi"]
)  # fmt: skip


def _time_after(doc, det_index: int) -> bool:
    """Whether a determiner opens a time ("ce week-end", "toute la journée"), not an object."""
    return any(t.lower_ in _TIME_WORDS for t in doc[det_index + 1 : det_index + 3])


def _person(doc, known_words, add) -> None:
    """A verb of "je" with another person's ending ("je vous transmet", "je vous invites",
    "je vous tiendrait", "je vous est transmis", "j'ait", "je vous enverrez"), and one of
    "nous" after a noun ("nos agents vous répondrons")."""
    for tok in doc:
        if tok.lower_ not in ("je", "j'", "j’"):
            continue
        j, _ = _skip(doc, tok.i + 1, frozenset(["ne", "n'", "n’"]))
        j, _ = _skip(doc, j, _CLITICS_OF_JE, "PRON")
        if j >= len(doc):
            continue
        verb = doc[j]
        lower = verb.lower_
        if (
            verb.is_lower
            and (verb.pos_ in ("VERB", "AUX") or lower == "envoi")
            and (lower.endswith(("t", "d", "es", "ez", "ons", "ont")) or lower in ("ais", "envoi"))
        ):
            add(verb.idx, verb.idx + len(verb))
    # a verb of "nous" after a noun subject: "nos agents vous répondrons", "les élus les
    # examinerons"
    for verb in doc[1:]:
        # a future the tagger read as a noun: "les agents interviendrons"
        future = verb.lower_.endswith("rons") and verb.lower_[:-1] + "t" in known_words
        if not (verb.is_lower and verb.lower_.endswith("ons") and (_finite(verb) or future)):
            continue
        if verb.morph.get("Person") != ["1"] and not future:
            continue
        if _inverted(doc, verb.i):
            continue  # an inversion: "quels documents devons-nous fournir ?"
        k = verb.i - 1
        while k >= 0 and doc[k].lower_ in _CLITICS_OR_NE and doc[k].lower_ != "nous":
            k -= 1
        if k >= 0 and doc[k].pos_ in ("NOUN", "PROPN", "ADJ") and doc[k].is_alpha:
            add(verb.idx, verb.idx + len(verb))


# Nouns whose singular ends in "s" ("en tout cas", "deux fois").
_SINGULAR_IN_S = frozenset(
    ["cas", "temps", "fois", "corps", "poids", "prix", "choix", "mois", "bois", "repas", "accès",
     "succès", "progrès", "procès", "propos", "dos", "jours"]
)  # fmt: skip
# Nouns read after a number that are not counted ("tous les deux ensemble", "quatre maximum").
_NOT_COUNTED = frozenset(
    ["ensemble", "maximum", "minimum", "maxi", "mini", "environ", "chacun", "chacune",
     # dates and addresses: "le huit mai", "trois avenue Jean-Jaurès"
     "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre", "rue", "avenue", "boulevard", "place", "chemin",
     "allée", "impasse", "route", "quai", "cours", "square"]
)  # fmt: skip


def _negation_without_ne(doc, known_words, add) -> None:
    """A negation without "ne" ("nos services ont pas été informés"; not "c'est pas", a
    matter of register, nor "pourquoi pas", nor "jamais", which may mean "ever")."""
    for tok in doc[1:]:
        i = tok.i
        before = doc[i - 1]
        if tok.lower_ == "pas" and _finite(before) and before.is_lower:
            start = _clause_start(doc, i)
            words = {t.lower_ for t in doc[max(start, i - 6) : i]}
            if not words & {"ne", "n'", "n’"} and not (
                before.lower_ == "est" and i > 1 and doc[i - 2].lower_ in ("c'", "c’")
            ):
                add(tok.idx, tok.idx + len(tok))


def _homophones(doc, known_words, add) -> None:
    """The "ce" written for "se" before a verb ("la cérémonie ce déroulera"), "se" for "ce"
    before a noun ("se formulaire"), "c'est" for "ces" before a plural noun ("c'est
    démarches")."""
    n = len(doc)
    for tok, word in zip(doc, doc[1:], strict=False):
        low, i = tok.lower_, tok.i
        if low == "ce" and (
            (word.pos_ == "VERB" or _CE_VERBS.fullmatch(word.lower_))
            and word.lemma_ not in _CE_NOT_REFLEXIVE
            and word.lower_ not in ("faisant", "disant")
            and not _inverted(doc, i + 1)
            and "-" not in word.text
        ):
            add(word.idx, word.idx + len(word))
        # at the start of a phrase, not after a subject ("qui se charge" may be tagged a noun)
        opens = i == 0 or doc[i - 1].is_punct or doc[i - 1].pos_ == "ADP"
        if low == "se" and opens and word.pos_ == "NOUN" and word.is_lower and word.is_alpha:
            add(tok.idx, tok.idx + len(tok))
        # "déposer sont sapin": "son"
        if (
            low == "sont" and i > 0 and doc[i - 1].morph.get("VerbForm") == ["Inf"]
            and word.pos_ == "NOUN" and word.is_lower
        ):  # fmt: skip
            add(tok.idx, tok.idx + len(tok))
        if low in ("c'", "c’") and i + 2 < n and word.lower_ == "est":
            noun = doc[i + 2]
            if (
                noun.pos_ == "NOUN"
                and noun.morph.get("Number") == ["Plur"]
                and noun.lemma_ != noun.lower_
            ):
                add(tok.idx, word.idx + len(word))


def _determiners(doc, known_words, add) -> None:
    """A determiner and its noun of different numbers: "leur" or "quelque" before a plural
    noun ("leur nouvelles autorisations"), "chaque", "cet", "cette" before a plural ("cet
    hivers"), "tous" before a singular ("pour tous renseignement"), "leurs" for the pronoun
    "leur" ("nous leurs transmettons"), a number before a singular ("pendant 2 heure", "six
    semaine", "vos deux message"), "tout" before a plural ("pour tout renseignements")."""
    n = len(doc)
    for tok, word in zip(doc, doc[1:], strict=False):
        low, i = tok.lower_, tok.i
        if low in ("leur", "quelque", "chaque", "cet", "cette"):
            noun = doc[i + 2] if word.pos_ == "ADJ" and i + 2 < n and low == "leur" else word
            if (
                noun.pos_ == "NOUN"
                and noun.lower_.endswith(("s", "x"))
                and noun.lemma_ != noun.lower_
            ):
                # "quelque jours", "leur nouvelles": the determiner is the slip; "chaque
                # familles": the noun
                add(
                    noun.idx if low in ("chaque", "cet", "cette") else tok.idx, noun.idx + len(noun)
                )
        if (
            low == "tous"
            and word.pos_ == "NOUN"
            and word.is_lower
            and not word.lower_.endswith(("s", "x", "z"))
        ):
            add(tok.idx, tok.idx + len(tok))
        if low == "leurs" and (
            (i > 0 and doc[i - 1].lower_ in _SUBJECT_PRONOUNS) or word.pos_ in ("VERB", "AUX")
        ):
            add(tok.idx, tok.idx + len(tok))
        noun = word.pos_ == "NOUN" and word.is_lower and word.is_alpha
        plain = word.lower_
        if word.lower_ in _COUNTED and word.is_lower and _plural_number(tok):
            add(word.idx, word.idx + len(word))
        elif (
            noun and i > 0 and low in _NUMBER_WORDS and low not in ("cent", "mille", "vingt", "neuf")
            and tok.is_lower and not plain.endswith(("s", "x", "z")) and plain + "s" in known_words
            and plain not in _NOT_COUNTED and word.morph.get("Number") == ["Sing"] and len(plain) > 2
        ):  # fmt: skip
            add(word.idx, word.idx + len(word))
        if (
            noun and low == "tout" and i > 0 and doc[i - 1].pos_ == "ADP"  # not "tout contents"
            and plain.endswith("s") and plain not in _SINGULAR_IN_S
            and plain[:-1] in known_words and not plain.endswith("ss")
        ):  # fmt: skip
            add(tok.idx, tok.idx + len(tok))
        # "les nouveaux tarif", "vingt nouveaux arceau": the adjective shows the plural
        if (
            (low in _PLURAL_DETERMINERS or (low in _NUMBER_WORDS and low != "cent"))
            and word.pos_ == "ADJ" and word.is_lower and word.lower_.endswith(("s", "x"))
            and word.morph.get("Number") == ["Plur"] and i + 2 < n
        ):  # fmt: skip
            noun = doc[i + 2]
            plain = noun.lower_
            if (
                noun.pos_ == "NOUN" and noun.is_lower and noun.is_alpha and len(plain) > 2
                and not plain.endswith(("s", "x", "z")) and noun.morph.get("Number") == ["Sing"]
                and (plain + "s" in known_words or plain + "x" in known_words)
                # "les futurs parrain et marraine", "les nouveaux espace jeunes et city-stade"
                and not any(t.lower_ in ("et", "ou") for t in doc[i + 3 : i + 5])
            ):  # fmt: skip
                add(noun.idx, noun.idx + len(noun))


def _agreement_after_que(doc, known_words, add) -> None:
    """A participle after "avoir" that does not agree with the object "que" stands for: "les
    pièces que vous nous avez envoyé", "la lettre que nous vous avons adressé"."""
    for que in doc:
        if que.lower_ not in ("que", "qu'", "qu’") or que.i < 2:
            continue
        k = que.i - 1
        if doc[k].pos_ == "ADJ" and k >= 2:  # "les pièces justificatives que…"
            k -= 1
        noun, det = doc[k], doc[k - 1]
        if noun.pos_ != "NOUN" or det.pos_ != "DET" or not noun.is_lower:
            continue
        j, _ = _skip(doc, que.i + 1, _PRONOUNS)
        if j >= len(doc) - 1 or doc[j].lower_ not in _HAVE or j - que.i > 4:
            continue
        k, _ = _skip_adverbs(doc, j + 1)
        if k >= len(doc):
            continue
        part = doc[k]
        if not (part.is_lower and part.is_alpha and part.morph.get("VerbForm") == ["Part"]):
            continue
        if part.lower_ in ("pu", "dû", "voulu", "fallu", "su"):
            continue  # invariable
        after = doc[k + 1] if k + 1 < len(doc) else None
        if after is not None and (
            after.morph.get("VerbForm") == ["Inf"]
            or (
                part.lower_ in ("fait", "laissé")
                and after.lower_.endswith(("er", "ir", "re", "oir"))
            )
        ):
            continue  # "la demande que vous avez fait traiter", "les arbres… fait abattre"
        plural = det.lower_ in _PLURAL_DETERMINERS or noun.morph.get("Number") == ["Plur"]
        feminine = _feminine(det.lower_, noun)
        word = part.lower_
        if word.endswith(("é", "i", "u", "is", "it")) and (
            (plural and not word.endswith(("s", "x"))) or (feminine and not word.endswith("e"))
        ):
            add(part.idx, part.idx + len(part))


def _noun_and_adjective(doc, known_words, add) -> None:
    """An adjective or participle that does not agree with the noun before it: a plural
    noun and a singular ("les personnes intéressé", "des arrêts provisoire", "les jours
    férié"), a feminine determiner and a masculine ("la place principal"), "quel" before a
    feminine noun ("dans quel rue"), "qui" and a singular verb after a plural ("les
    associations qui le souhaite")."""
    n = len(doc)
    for noun in doc[1:]:
        i = noun.i
        det = doc[i - 1]
        if noun.pos_ != "NOUN" or not noun.is_lower or i + 1 >= n:
            continue
        adj = doc[i + 1]
        if (
            det.lower_ == "quel" and noun.morph.get("Gender") == ["Fem"]
            and noun.lower_.endswith("e") and not noun.lower_.endswith(_EPICENE_ENDINGS)
        ):  # fmt: skip
            add(det.idx, det.idx + len(det))
        counted = (
            det.lower_ in _NUMBER_WORDS and det.lower_ not in ("cent", "mille", "neuf")
            and noun.lower_ not in _SINGULAR_IN_S
        )  # fmt: skip
        if (
            not (det.pos_ == "DET" or det.lower_ in _PLURAL_DETERMINERS or counted)
            or not noun.whitespace_
        ):
            continue
        plural = (det.lower_ in _PLURAL_DETERMINERS or counted) and noun.lower_.endswith(("s", "x"))
        # after "de", "à la", "des" of a complement, the word may agree with the head noun
        # ("la maison des jeunes fermée", "le transport à la demande adapté")
        complement = det.i > 0 and (
            doc[det.i - 1].pos_ in ("NOUN", "PROPN", "ADP", "ADJ")
            or doc[det.i - 1].lower_ in ("de", "d'", "d’", "à")
        )
        # the object of a verb, then a participle and its complement, which may agree with
        # the subject: "le préfet a visité la caserne accompagné du maire"
        object_of_verb = det.i > 0 and doc[det.i - 1].pos_ in ("VERB", "AUX")
        followed = adj.i + 1 < n and doc[adj.i + 1].lower_ in ("de", "du", "des", "d'", "d’")
        # a complement after a verb or a request has no head noun to agree with: "nous nous
        # excusons de la gêne occasionné", "toutes nos excuses pour la gêne occasionné"
        headless = (
            complement and det.i > 1 and doc[det.i - 1].pos_ == "ADP"
            and (doc[det.i - 2].pos_ in ("VERB", "AUX") or doc[det.i - 2].lower_ in ("excuses", "merci"))
            and adj.lower_ != "passé" and not followed
        )  # fmt: skip
        if adj.lower_ == "qui" and plural and not complement and i + 2 < n:
            k, _ = _skip(doc, i + 2, _CLITICS_OR_NE)
            verb = doc[k] if k < n else None
            if (
                verb is not None and _finite(verb)
                and verb.morph.get("Number") == ["Sing"] and verb.morph.get("Person") == ["3"]
            ):  # fmt: skip
                add(verb.idx, verb.idx + len(verb))
            continue
        if adj.lower_ in ("très", "trop", "plus", "si", "bien") and i + 2 < n:
            adj = doc[i + 2]  # "vos retours très positif"
        if not (
            adj.is_lower and adj.is_alpha and len(adj.text) > 3 and adj.pos_ in ("ADJ", "VERB")
        ):
            continue
        lower = adj.lower_
        if adj.pos_ == "VERB" and adj.morph.get("VerbForm") != ["Part"]:
            continue
        # a colour agrees unless a shade or another colour follows ("les bacs jaunes", "les
        # bacs vert foncé", "les panneaux rouge et blanc")
        colour = lower in _COLOURS and not (i + 2 < n and doc[i + 2].lower_ in _SHADES)
        if (
            plural and not lower.endswith(("s", "x", "z")) and lower + "s" in known_words
            and (adj.pos_ == "ADJ" and (lower.endswith(_PLURAL_SHOWING) or colour)
                 or adj.pos_ == "VERB" and lower.endswith(("é", "ée")))
            and lower not in INVARIABLE_ADJECTIVES and not complement
        ):  # fmt: skip
            add(adj.idx, adj.idx + len(adj))
        if (
            plural and lower.endswith("és") and lower[:-1] + "es" in known_words
            and noun.morph.get("Gender") == ["Fem"]
            and (noun.lower_.endswith(("es", "és")) or not complement and noun.lower_.endswith(_FEMININE_PLURAL_ENDINGS))
            # "les horaires des permanences modifiés": the plural head may be what agrees
            and not (complement and doc[det.i - 1].pos_ == "NOUN" and doc[det.i - 1].lower_.endswith(("s", "x")))
            # "les hommes et les femmes engagés"
            and not any(t.lower_ in ("et", "ou") for t in doc[max(det.i - 3, 0) : det.i])
            and not noun.lower_.endswith(_EPICENE_ENDINGS + ("aires", "istes"))
        ):  # fmt: skip
            add(adj.idx, adj.idx + len(adj))  # "les personnes intéressés"
        if (
            det.lower_ in _FEMININE_DETERMINERS and noun.lower_ != "fois"  # "une fois complet"
            and (adj.pos_ == "ADJ" and _feminine_known(lower, known_words)
                 or adj.pos_ == "VERB" and lower.endswith("é") and lower + "e" in known_words
                 and (not complement or headless) and not (object_of_verb and followed))
        ):  # fmt: skip
            add(adj.idx, adj.idx + len(adj))  # "la place principal", "la gêne occasionné"


_COLOURS = frozenset(
    ["jaune", "rouge", "vert", "verte", "bleu", "bleue", "noir", "noire", "brun", "brune"]
)
_SHADES = frozenset(
    ["foncé", "clair", "pâle", "vif", "fluo", "marine", "ciel", "bouteille", "olive", "pomme",
     "brique", "bordeaux", "citron", "turquoise", "sapin", "et"]
)  # fmt: skip
# Endings of nouns that are feminine whatever the tagger says ("l'inscription", "l'attestation").
_FEMININE_NOUN_ENDINGS = ("tion", "sion", "ure", "ence", "ance", "ité", "ée", "ie", "ise", "ude", "ette", "elle", "aison")  # fmt: skip
_FEMININE_PLURAL_ENDINGS = tuple(e + "s" for e in _FEMININE_NOUN_ENDINGS if not e.endswith("e"))
# Adjective endings whose plural is plain to see ("des dossiers incomplet", "les
# personnes âgé"); others are often nouns in apposition ("les fiches randonnée").
_PLURAL_SHOWING = ("é", "ée", "que", "re", "ère", "ire", "al", "el", "if", "ive", "et", "ète", "ble")  # fmt: skip


def _plural_number(tok) -> bool:
    """Whether a token is a number of two or more ("2", "2,5", "six")."""
    if tok.lower_ in _NUMBER_WORDS:
        return True
    text = tok.text.replace(",", ".")
    try:
        return float(text) >= 2
    except ValueError:
        return False


def _et_for_est(doc, add) -> None:
    """The "et" written for "est" after the subject of a clause with no verb ("le dossier et
    complet", "votre dossier et bien arrivé", "le centre social et ouvert")."""
    start = 0
    for tok in doc:
        if tok.is_punct:
            start = tok.i + 1
            continue
        i = tok.i
        if tok.lower_ != "et" or i + 1 >= len(doc) or i - 1 < start:
            continue
        word = doc[i + 1]
        if word.lower_ in _ADVERBS and i + 2 < len(doc):
            word = doc[i + 2]
        # "votre demande et en cours d'instruction": a state, as an attribute would be
        state = (
            word.lower_ == "en"
            and word.i + 1 < len(doc)
            and doc[word.i + 1].lower_ in _STATES
            # a subject and its complement only ("votre demande de raccordement et en cours"),
            # not "une réunion le 12 mars en mairie et en ligne"
            and not any(t.pos_ == "ADP" and t.lower_ not in _OF for t in doc[start:i])
        )
        clause = doc[start:i]
        # the rest of the clause has no verb either ("un accueil personnalisé et gratuit est
        # proposé" coordinates two adjectives)
        end = next((t.i for t in doc[i + 1 :] if t.is_punct), len(doc))
        if any(_finite(t) for t in doc[i + 1 : end]):
            continue
        head = i - 1
        if (
            (doc[head].pos_ == "ADJ" or doc[head].morph.get("VerbForm") == ["Part"])
            and head - 1 > start and doc[head - 1].pos_ == "NOUN"
        ):  # fmt: skip
            head -= 1  # "le centre social et ouvert", "des trottoirs abîmés et"
        # "la collecte des déchets verts et suspendue": a singular after a plural complement
        # cannot be coordinated with it ("les mardis et jeudis" can)
        plural_head = doc[head].morph.get("Number") == ["Plur"]
        singular_after = not word.lower_.endswith(("s", "x"))
        # the plural is a complement with "des" right before "et" ("la collecte des déchets verts
        # et"; not "la salle des fêtes rénovée et agrandie", "adapté aux poussettes et")
        complement_head = (
            len(clause) > 1 and clause[1].pos_ == "NOUN" and clause[1].i != head
            and clause[1].morph.get("Number") == ["Sing"]
            and head > 0 and doc[head - 1].lower_ in _OF
            and doc[i - 1].lower_.endswith(("s", "x"))
        )  # fmt: skip
        if (
            doc[head].pos_ in ("NOUN", "PROPN") and clause[0].pos_ == "DET" and word.is_alpha
            and (not plural_head or (complement_head and singular_after and not state))
            and not any(_finite(t) for t in clause)
            and (word.pos_ == "ADJ" or state
                 or (word.pos_ == "VERB" and word.morph.get("VerbForm") == ["Part"]))
        ):  # fmt: skip
            add(tok.idx, tok.idx + 2)


# After "en", states a subject is in ("votre demande est en cours").
_STATES = frozenset(["cours", "attente", "panne", "travaux", "vigueur", "instruction"])
_OF = frozenset(["de", "d'", "d’", "du", "des"])
# Object pronouns before a verb ("les agents les ramasse").
_OBJECT_PRONOUNS = frozenset(
    ["le", "la", "les", "l'", "l’", "vous", "nous", "se", "s'", "s’", "lui", "leur", "me", "m'"]
)
# Words that may open a clause before its subject ("… et les bacs se trouvent").
_SUBJECT_OPENERS = frozenset(
    ["et", "mais", "car", "que", "qu'", "qu’", "donc", "si", "quand", "lorsque", "puisque", "où"]
)  # fmt: skip


def _verb_number(doc, known_words, add) -> None:
    """A plural subject right before a singular verb: "les coupures devrait être
    terminées", "toutes les informations se trouve sur le site" (not an inversion, "quels
    documents faut-il")."""
    n = len(doc)
    for noun in doc[1:]:
        i = noun.i
        if not (
            noun.pos_ == "NOUN" and noun.is_lower and noun.lower_.endswith(("s", "x"))
            and noun.morph.get("Number") == ["Plur"] and doc[i - 1].lower_ in _PLURAL_DETERMINERS
        ):  # fmt: skip
            continue
        # the subject opens its clause: not a complement ("la salle des fêtes coûte", "pour
        # les apprentis est"), nor a question ("quels documents faut-il")
        k = i - 2
        if k >= 0 and doc[k].lower_ in ("toutes", "tous"):
            k -= 1
        if k >= 0 and not (doc[k].is_punct or doc[k].lower_ in _SUBJECT_OPENERS):
            continue
        if (
            k >= 0
            and doc[k].lower_ == "et"
            and not any(_finite(t) for t in doc[_clause_start(doc, k) : k])
        ):
            continue  # "le calendrier des collectes et des reports … est publié"
        j = _after_complement(doc, i + 1)  # "les agents de la PMI vous accueille"
        j, _ = _skip(doc, j, _CLITICS_OR_NE)  # "les bacs se trouvent"
        if j >= n:
            continue
        verb = doc[j]
        # after an object pronoun, a word whose plural is a known verb form is the verb the
        # tagger missed ("les agents les ramasse"; not "les voitures en double file")
        before = doc[j - 1]
        missed = (
            before.lower_ in _OBJECT_PRONOUNS and before.pos_ == "PRON"
            and verb.is_lower and verb.is_alpha and verb.lower_.endswith("e")
            and verb.lower_ + "nt" in known_words and verb.pos_ != "NOUN"
        )  # fmt: skip
        if missed and not _inverted(doc, j):
            add(verb.idx, verb.idx + len(verb))
        elif (
            _finite(verb) and verb.is_lower and verb.morph.get("Number") == ["Sing"]
            and verb.morph.get("Person") == ["3"]
            and (not verb.lower_.endswith(("ont", "ent")) or verb.lower_.endswith(("vient", "tient")))
            and not _inverted(doc, j)
        ):  # fmt: skip
            add(verb.idx, verb.idx + len(verb))


def _after_complement(doc, j: int) -> int:
    """The index after a noun's complement "de"/"du"/"des" + a noun and its adjectives ("de
    la PMI", "de sport santé", "de police municipale"), or `j` if none starts there."""
    n = len(doc)
    if j >= n or doc[j].lower_ not in ("de", "d'", "d’", "du", "des"):
        return j
    k = j + 1
    if k < n and doc[k].pos_ == "DET":
        k += 1
    if k >= n or doc[k].pos_ not in ("NOUN", "PROPN"):
        return j
    k += 1
    while k < n and doc[k].pos_ in ("NOUN", "PROPN", "ADJ") and k - j < 5:
        k += 1
    return k


# Endings of "je" or "tu" ("répondras", "passerai", "fonctionnais") with their form for a
# third person ("répondra", "passera", "fonctionnait").
_FIRST_OR_SECOND = (
    ("ras", "ra"), ("rai", "ra"), ("rais", "rait"), ("ais", "ait"), ("ois", "oit"), ("ds", "d"),
    ("eux", "eut"),
)  # fmt: skip
# Words ending like a verb of "je" or "tu" that are not ("jamais", "mais", "frais").
_NOT_FIRST_OR_SECOND = frozenset(
    ["mais", "jamais", "désormais", "frais", "délais", "relais", "palais", "marais", "anglais",
     "fois", "bois", "mois", "fonds", "poids", "croix", "voix", "choix", "deux", "mieux", "lieux",
     "vieux", "jeux", "feux", "yeux", "heureux"]
)  # fmt: skip
_FIRST_OR_SECOND_PRONOUNS = frozenset(["moi", "toi", "je", "tu", "nous", "vous"])


def _third_person(doc, known_words, add) -> None:
    """A verb with the ending of "je" or "tu" after a third-person subject: a noun ("le
    technicien passerai", "la pompe fonctionnais", "le service vous recontacteras") or
    "qui" after a noun ("le service Population, qui pourras vous renseigner")."""
    for verb in doc[1:]:
        lower = verb.lower_
        # (an inversion is a question: "quel bus prends-tu ?")
        if not (verb.is_lower and verb.is_alpha and verb.pos_ in ("VERB", "AUX")) or _inverted(
            doc, verb.i
        ):
            continue
        third = next((lower[: -len(e)] + t for e, t in _FIRST_OR_SECOND if lower.endswith(e)), "")
        if not third or third not in known_words or lower in _NOT_FIRST_OR_SECOND:
            continue
        k = verb.i - 1
        while k >= 0 and doc[k].lower_ in _CLITICS_OR_NE and doc[k].lower_ not in ("nous", "vous"):
            k -= 1
        # "nous"/"vous" between: an object after a noun subject ("le service vous"), else the
        # subject itself (left to the patterns of "nous" and "vous"), but for the endings
        # no subject takes after them: "Vous recevrai un SMS", "Mme Lebrun, notre conseillère,
        # vous recontacteras"
        if k >= 0 and doc[k].lower_ in ("nous", "vous"):
            k -= 1
            if k < 0 or doc[k].is_punct:
                add(verb.idx, verb.idx + len(verb))
                continue
            if k < 0 or doc[k].pos_ not in ("NOUN", "PROPN", "PRON"):
                continue
        if k < 0:
            continue
        subject = doc[k]
        if subject.lower_ == "qui":
            before = doc[k - 1] if k > 0 else None
            if before is not None and before.is_punct and k > 1:
                before = doc[k - 2] if doc[k - 2].lower_ in _FIRST_OR_SECOND_PRONOUNS else before
            if before is None or before.lower_ in _FIRST_OR_SECOND_PRONOUNS:
                continue  # "moi, qui passerai demain"
            if any(t.lower_ in ("moi", "toi") for t in doc[max(k - 8, 0) : k]):
                continue  # "c'est moi, votre conseillère, qui vous rappellerai"
            if not (before.pos_ in ("NOUN", "PROPN") or before.is_punct):
                continue
        else:
            # a service's name after its noun: "le service Urbanisme peux"
            named = (
                subject.pos_ in ("NOUN", "PROPN", "ADJ") and subject.text.istitle() and k > 1
                and doc[k - 1].pos_ == "NOUN" and doc[k - 2].pos_ == "DET"
            )  # fmt: skip
            noun = subject.pos_ in ("NOUN", "PROPN") and k > 0 and doc[k - 1].pos_ == "DET"
            singular = subject.morph.get("Number") != ["Plur"]
            if not ((noun or named) and singular or subject.lower_ in ("il", "elle", "on")):
                continue
        add(verb.idx, verb.idx + len(verb))


def _clause_start(doc, i: int) -> int:
    """The index after the punctuation mark before `i` (0 if none)."""
    while i > 0 and not doc[i - 1].is_punct:
        i -= 1
    return i


# Marks after which a clause opens; "puis", "et", "ou" alone may link two infinitives ("faire
# vidanger puis neutraliser", "l'accompagner ou faire la démarche").
_CLAUSE_MARKS = frozenset([",", ";", ":"])
_CLAUSE_LINKS = _CLAUSE_MARKS | frozenset(["puis", "et", "ou", "ensuite"])
_SENTENCE_ENDS = frozenset([".", "!", "?", "…"])
_LISTING = frozenset(["exemple", "soit", "options", "possibilités", "choix"])
_POLITE_MODALS = frozenset(["pourriez", "voudriez", "souhaiteriez", "auriez", "sauriez"])
_MODAL_OPENERS = _BEFORE_INFINITIVE | _POLITE_MODALS


def _mixed_imperative(doc, known_words, add) -> None:
    """An infinitive opening a clause of a sentence whose other steps are in the imperative:
    "allez sur le portail, cliquer sur « Mes réservations » puis choisissez les jours",
    "connectez-vous, puis cliquer sur …" (the tagger reads many imperatives as infinitives or
    pronouns: the "-ez" of the clause's first word decides)."""
    n = len(doc)
    start = 0
    while start < n:
        end = start
        while end < n and doc[end].text not in _SENTENCE_ENDS:
            end += 1
        openers = [start] + [k + 1 for k in range(start, end - 1) if doc[k].text in _CLAUSE_MARKS]
        imperative, infinitives = False, []
        for k in openers:
            k, _ = _skip(doc, k, _CLAUSE_LINKS)
            if k >= end:
                continue
            word = doc[k]
            lower = word.lower_
            if (
                word.is_alpha and lower.endswith("ez") and len(lower) > 4
                and lower not in _NOT_VERBS_IN_EZ and (k == start or word.is_lower)
            ):  # fmt: skip
                # "pouvez-vous, s'il vous plaît, nous envoyer", "veuillez, pour cela, remplir":
                # a modal wants the infinitive that follows ("allez sur le portail" is no modal)
                modal = lower in _MODAL_OPENERS and not (
                    k + 1 < end and doc[k + 1].pos_ in ("ADP", "DET")
                )
                imperative = imperative or not modal
                continue
            if any(doc[m].text == ":" or doc[m].lower_ in _LISTING for m in range(start, k)):
                continue  # a list: "deux possibilités : venir en mairie, ou nous écrire"
            j, _ = _skip(doc, k, _OBJECT_CLITICS | frozenset(["nous", "y", "en"]), "PRON")
            if j < end:
                verb = doc[j]
                if (
                    verb.is_alpha and verb.morph.get("VerbForm") == ["Inf"]
                    and verb.lower_.endswith(("er", "ir", "re")) and verb.lower_ not in _NOT_INFINITIVES
                    and j > start and verb.is_lower and j + 1 < end
                ):  # fmt: skip
                    # not a subject ("…, sortir le bac le jeudi convient"): no verb follows
                    # in its clause, which ends at the next mark or link
                    clause_end = next(
                        (m for m in range(j + 1, end) if doc[m].lower_ in _CLAUSE_LINKS), end
                    )
                    if not any(_finite(t) for t in doc[j + 1 : clause_end]):
                        infinitives.append(verb)
        if imperative:
            for verb in infinitives:
                add(verb.idx, verb.idx + len(verb))
        start = end + 1


# A conditional of "je"/"nous" for a future ("je vous rappellerais cet après-midi", "je ne
# manquerais pas de vous écrire", "je me renseignerais et je vous tiens au courant"), not a
# polite conditional ("je pourrais", "je serais ravie de") nor one after "si" ("si le dossier
# était complet, je le transmettrais dès demain").
_CONDITIONAL_FOR_FUTURE = re.compile(
    r"\b(?:je|nous) (?:ne )?(?:(?:vous|te|lui|leur|le|la|les|l['’]|me|m['’]|en|y) ?)*"
    r"(?!(?:pourr|voudr|aimer|souhaiter|devr|préférer|saur)\w*\b)"
    r"(?!serai(?:s|ons) (?:ravie?s?|heureu\w*|contente?s?|reconnaissante?s?|disposée?s?)\b)"
    r"([a-zéè]+(?:rais|rions))\b"
    r"(?=[^.!?;]{0,60}?\b(?:demain|dès|d['’]ici|rapidement|bientôt|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|cet après-midi|ce soir|cette semaine|la semaine prochaine|dans la journée|"
    r"au plus vite|prochainement|et (?:je |nous )?(?:vous )?(?:tiens|tenons|reviens|revenons|"
    r"reviendrai|reviendrons|recontacte))\b| pas de\b)",
    re.I,
)
_IF = re.compile(r"\b(?:si|s['’]ils?)\b", re.I)


def _conditional_for_future(doc, known_words, add) -> None:
    if not doc:
        return
    text, offset = "".join(t.text + t.whitespace_ for t in doc), doc[0].idx
    for m in _CONDITIONAL_FOR_FUTURE.finditer(text):
        opening = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        if not _IF.search(text, opening, m.start()):
            add(offset + m.start(1), offset + m.end(1))


_A_DETERMINERS = frozenset(["la", "l'", "l’", "les", "votre", "vos", "nos", "notre", "chaque"])
# Before "a", these make it the verb ("il a la clé", "ce qui a les…", "il n'y a les").
_SUBJECTS_OF_A = frozenset(["il", "elle", "on", "qui", "y", "ça", "cela", "chacun", "tout"])


def _a_before_determiner(doc, known_words, add) -> None:
    """ "a" for "à" before a determiner ("déposez votre dossier a l'accueil", "bienvenue a la
    médiathèque", ", a la mairie"), not the verb of a subject that opens the clause with no
    verb before it ("la mairie a la compétence", "le CCAS a les formulaires", "votre dossier
    a l'ensemble des pièces"); an infinitive inside that subject is not its verb ("le
    formulaire à envoyer a la même forme", "le fait de nous écrire a l'avantage")."""
    for tok in doc[:-1]:
        if tok.lower_ != "a" or doc[tok.i + 1].lower_ not in _A_DETERMINERS:
            continue
        i = tok.i
        if i > 0 and doc[i - 1].lower_ in _SUBJECTS_OF_A:
            continue
        start = _clause_start(doc, i)
        clause = doc[start:i]
        verb_before = any(_finite(t) or (t.is_alpha and t.lower_.endswith("ez")) for t in clause)
        last = doc[i - 1]
        subject = (
            len(clause) >= 2
            and (clause[0].pos_ in ("DET", "PROPN") or clause[0].lower_ in _SUBJECTS_OF_A)
            and (
                last.pos_ in ("NOUN", "PROPN", "ADJ", "NUM")
                # "le formulaire à envoyer", "le fait de nous écrire"
                or (
                    last.morph.get("VerbForm") == ["Inf"]
                    and any(t.lower_ in ("à", "de", "d'") for t in clause)
                )
            )
        )
        # the clause's verb comes later: "l'accès a la déchèterie est gratuit"
        verb_after = False
        for t in doc[i + 2 :]:
            if t.is_punct or t.lower_ in _CLAUSE_OPENERS:
                break
            if _finite(t):
                verb_after = True
                break
        if subject and not verb_before and not verb_after:
            continue
        add(tok.idx, tok.idx + 1)


_BE_OF_VOUS = frozenset(["êtes", "serez", "étiez", "seriez", "soyez"])
_GREETINGS = frozenset(["bonjour", "bonsoir", "chère", "merci"])


def _agreement_with_madame(doc, known_words, add) -> None:
    """A participle or adjective after "vous êtes", "vous serez", "vous avez été"… left in the
    masculine in a reply addressed to one woman ("Madame Benali, vous êtes bien inscrit", "Bonjour
    Madame, vous serez contacté"); not when a man is addressed too ("Madame, Monsieur")."""
    lowers = [t.lower_ for t in doc]
    if "monsieur" in lowers or "messieurs" in lowers or "mesdames" in lowers:
        return
    # addressed, not named ("Madame la Maire vous recevra")
    addressed = any(
        low == "madame"
        and (i == 0 or doc[i - 1].is_punct or lowers[i - 1] in _GREETINGS)
        and not (i + 1 < len(lowers) and lowers[i + 1] in ("la", "le", "l'", "l’"))
        for i, low in enumerate(lowers)
    )
    if not addressed:
        return
    n = len(doc)
    for i, low in enumerate(lowers[:-1]):
        if low != "vous" or (i > 0 and lowers[i - 1] in ("à", "pour", "avec", "chez")):
            continue
        j, _ = _skip(doc, i + 1, frozenset(["ne", "n'", "n’"]))
        if j < n and lowers[j] in _BE_OF_VOUS:
            j += 1
        elif j + 1 < n and lowers[j] in ("avez", "aviez", "aurez") and lowers[j + 1] == "été":
            j += 2
        else:
            continue
        j, _ = _skip_adverbs(doc, j)
        if j >= n:
            continue
        word = doc[j]
        lower = word.lower_
        if not (word.is_lower and word.is_alpha and word.pos_ in ("ADJ", "VERB")):
            continue
        if word.pos_ == "VERB" and word.morph.get("VerbForm") != ["Part"]:
            continue
        if lower.endswith(("e", "s", "x")) or lower in INVARIABLE_ADJECTIVES:
            continue
        if lower + "e" in known_words or _feminine_known(lower, known_words):
            add(word.idx, word.idx + len(word))
