"""French phrase banks for the scripted structure agents (many variants per slot)."""

from __future__ import annotations

GREETINGS_NAMED = (
    "Bonjour {civility} {last_name}",
    "Bonjour {first_name}",
    "Bonjour {first_name} {last_name}",
    "Bonjour {civility} {last_name}",
)
GREETINGS_PLAIN = ("Bonjour", "Bonjour", "Bonsoir", "Madame, Monsieur")
GREETINGS_FAMILIAR = ("Salut {first_name}", "Salut", "Hello {first_name}", "Coucou {first_name}")

THANKS = (
    "merci pour votre message",
    "merci pour votre question",
    "nous vous remercions de nous avoir contactés",
    "merci de nous avoir écrit",
    "nous vous remercions pour votre message",
)

RESTATE = (
    "Vous souhaitez savoir {topic}.",
    "Vous nous demandez {topic}.",
    "Concernant votre demande ({topic}), voici les informations utiles.",
    "Vous vous demandez {topic}.",
)
RESTATE_FALLBACK = (
    "Concernant votre demande, voici les informations utiles.",
    "Voici les éléments de réponse à votre question.",
)

ELEMENT_INTROS = (
    "{label}",
    "Sachez que {label_lc}",
    "Pour information, {label_lc}",
    "À noter : {label_lc}",
    "Par ailleurs, {label_lc}",
    "Précision importante : {label_lc}",
)

CONTACTS = (
    "Vous pouvez joindre {service} au {phone}, {hours}.",
    "{Service} répond au {phone} ({hours}).",
    "Pour toute précision, contactez {service} au {phone} ou par courriel à {email}.",
    "Vous pouvez aussi vous présenter à l'accueil, {address}, {hours}.",
)

CLOSINGS = (
    "N'hésitez pas à revenir vers nous si besoin. Belle journée !",
    "Nous restons à votre disposition. Bonne journée.",
    "Excellente journée à vous.",
    "Bien à vous.",
    "Cordialement.",
    "Nous restons à votre disposition pour toute autre question. Bonne fin de journée !",
)
CLOSINGS_SHORT = ("Cordialement.", "Bonne journée.", "", "", "Bonne journée !")
CLOSINGS_FAMILIAR = ("Bonne journée 😉", "À plus !", "Bonne journée à toi !", "Ciao !")

AVERAGE_OPENERS = (
    "{label}",
    "Il faut savoir que {label_lc}",
    "Alors, {label_lc}",
    "{label}",
)

CURT_JOINERS = (" ", " ", " – ", ", ")
CURT_SUFFIXES = (
    "",
    "",
    "",
    "Voir le site.",
    "Tout est en ligne.",
    "Merci.",
    "Cf. site de la mairie.",
)

ASK_DETAILS = (
    "{greeting}, pouvez-vous nous préciser votre commune de résidence et votre situation ?",
    "{greeting}, afin de vous répondre au mieux, pourriez-vous nous donner plus de détails ?",
    "{greeting}, de quelle démarche exactement s'agit-il ? Merci de préciser votre demande.",
)

ASK_PRIVATE = (
    "{greeting}, pouvez-vous nous écrire en message privé afin que nous puissions traiter votre demande ?",
    "{greeting}, merci de nous contacter en MP, nous vous répondrons en détail.",
    "{greeting}, pour des raisons de confidentialité, écrivez-nous en message privé svp.",
    "{greeting}, nous vous invitons à poursuivre cet échange en MP.",
)

ACKS = (
    "{greeting}, nous avons bien reçu votre demande. Nous la transmettons au service concerné et revenons vers vous rapidement.",
    "{greeting}, merci pour votre message. Nous vérifions l'information auprès du service compétent et vous répondons dans la journée.",
    "{greeting}, votre demande est bien prise en compte, un agent vous répondra très vite.",
)
FOLLOWUP_OPENERS = (
    "Comme promis, voici notre réponse.",
    "Suite à votre demande, voici les informations du service.",
    "Nous revenons vers vous au sujet de votre question.",
)

REDIRECTS_WITH_CONTACT = (
    "{greeting}, cette demande relève de {service}. Vous pouvez les joindre au {phone} ou par courriel à {email}.",
    "{greeting}, nous ne sommes pas compétents sur ce sujet : adressez-vous à {service} ({phone}).",
    "{greeting}, je vous invite à contacter {service} au {phone}, ils pourront vous renseigner.",
)
REDIRECTS_VAGUE = (
    "{greeting}, ce n'est pas de notre ressort, il faut voir avec {service}.",
    "{greeting}, renseignez-vous auprès de {service}.",
    "{greeting}, nous ne traitons pas ce type de demande. Contactez {service}.",
)

DISMISSIVE = (
    "Ce n'est pas notre problème. Voyez avec {service}.",
    "Tout est sur le site, il suffit de lire.",
    "Nous ne sommes pas un service de renseignements.",
    "On ne peut rien pour vous, ce n'est pas de notre compétence.",
    "Il fallait s'y prendre avant. Renseignez-vous sur le site.",
    "Ce genre de question, c'est sur le site. Nous n'avons pas le temps.",
    "Ce n'est pas notre problème, nous ne gérons pas ça ici.",
    "Vous n'êtes pas le premier à demander. Lisez la FAQ.",
)

AUTO_REPLIES = (
    "Message automatique : merci pour votre message. Nos équipes sont disponibles du lundi au vendredi de 9h à 17h et vous répondront dans les meilleurs délais.",
    "[Réponse automatique] Votre message a bien été reçu. Pour toute urgence, composez le 17 ou le 112.",
    "Ceci est un message automatique. Nous traitons les demandes par ordre d'arrivée.",
    "Réponse automatique : merci de votre message. Les services municipaux vous répondront sous 72 heures ouvrées.",
    "Message automatique : ce compte n'est pas suivi le week-end. Nous vous répondrons dès lundi.",
)

THANKS_REPLIES = (
    "Avec plaisir {first_name}, belle journée !",
    "Je vous en prie, bonne journée.",
    "Avec plaisir, n'hésitez pas si besoin.",
)
THANKS_REPLIES_FAMILIAR = ("De rien {first_name} !", "Pas de souci 😉", "Avec plaisir !")

GENERIC_ANSWERS = (
    "toutes les informations sont disponibles sur notre site internet, rubrique démarches",
    "la démarche se fait auprès de l'accueil de la mairie, aux heures d'ouverture",
)

DEFAULT_WRONG_FACTS = (
    "Aucun rendez-vous n'est nécessaire, il suffit de passer quand vous voulez.",
    "La démarche est payante (25 €), réglable uniquement en espèces.",
    "Le délai est de deux jours ouvrés, sans aucune pièce justificative.",
)

SIGNATURE_INITIALS = ("ML", "JD", "SB", "CR", "AL", "NP", "VT", "EG")
AGENT_FIRST_NAMES = ("Julie", "Marc", "Sophie", "Karim", "Élodie", "Thomas", "Nadia", "Paul")

DEFAULT_CONTACT = {
    "service": "le service Accueil",
    "phone": "01 23 45 67 89",
    "email": "accueil@mairie.example.fr",
    "hours": "du lundi au vendredi de 8h30 à 17h",
    "address": "1 place de la Mairie",
}
