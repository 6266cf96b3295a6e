"""Contradictions without numbers (public bodies, in-person procedures) and spelling slips."""

from __future__ import annotations

import pytest

from nlu import facts, features
from nlu.analysis import agreement_errors, analyse_reply
from nlu.slips import verb_form_errors
from tests.nlu.conftest import make_exchange


@pytest.fixture(scope="module")
def nlp(grader):
    return grader.engine.nlp


def test_bodies_named_and_denied():
    assert facts.bodies("Adressez-vous à la CPAM ou sur ameli.fr") == ({"cpam"}, set())
    assert facts.bodies("Le chèque n'est géré ni par la CAF ni par le fournisseur") == (
        set(),
        {"caf"},
    )
    assert facts.bodies("3 place de la Mairie, ouvert le lundi") == (set(), set())
    assert facts.bodies("votre département") == (set(), set())  # any département, not a body
    assert facts.bodies("le Département verse l'aide")[0] == {"departement"}
    # mentions that send nobody anywhere, and negations about something else
    for text in (
        "N'hésitez pas à contacter la CAF",
        "Aucun justificatif n'est demandé par la mairie",
    ):
        assert facts.bodies(text)[1] == set(), text
    for text in ("boulevard de la Préfecture", "place de l'Hôtel de Ville",
                 "votre attestation CAF", "Le centre aquatique propose un spa"):  # fmt: skip
        assert facts.bodies(text) == (set(), set()), text


@pytest.mark.parametrize(
    ("fact", "claim", "conflict"),
    [
        ("La demande se fait à la CAF", "Adressez-vous à la CPAM.", True),
        ("La demande se fait à la CAF", "C'est la CAF qui s'en occupe.", False),
        ("Le CCAS instruit la demande", "Passez à la mairie.", False),  # the town's own service
        ("La préfecture ne délivre pas ce permis", "Voyez avec la préfecture.", True),
        ("Le dossier est remis en personne", "Faites la demande en ligne sur notre site.", True),
        ("Le dossier est remis en personne", "Les pièces sont listées sur notre site.", False),
        ("Le dossier est remis en personne", "Prenez rendez-vous en ligne sur notre site.", False),
        ("Dépôt en personne", "Faites la pré-demande en ligne puis venez en mairie.", False),
        ("La demande se fait à la CAF ; la CAF ne verse rien avant 3 mois", "Voyez la CAF.", False),
        ("Le ramassage est assuré par la mairie", "Les services techniques passeront.", False),
    ],
)
def test_contradictions_without_numbers(fact, claim, conflict):
    found = facts.conflicts(facts.extract(fact), facts.extract(claim))
    assert bool({"bodies", "places"} & set(found)) is conflict, found


@pytest.mark.parametrize(
    ("fact", "claim", "conflict"),
    [
        ("Aucun certificat de grossesse n'est demandé", "Venez avec le certificat de grossesse.", True),
        ("Aucun certificat de grossesse n'est demandé", "Pas besoin de certificat de grossesse.", False),
        ("Les sapins ne sont pas collectés avec les ordures ménagères",
         "Déposez-le le jour de la collecte des ordures ménagères.", True),
        # the clause's subject is not what the negation denies
        ("Les sapins naturels ne sont pas broyés sur place", "Les sapins naturels sont acceptés.", False),
        # denied in one fact, affirmed in another: not a denial
        ("Les gravats ne vont pas en déchetterie municipale ; la déchetterie municipale prend le bois",
         "Apportez le bois à la déchetterie municipale.", False),
        ("La terrasse ne relève pas d'une déclaration préalable",
         "Il faut déposer une déclaration préalable.", True),
    ],
)  # fmt: skip
def test_claims_of_what_a_fact_denies(grader, fact, claim, conflict):
    assert ("denied" in _contradiction_kinds(grader, [fact], claim)) is conflict


def _contradiction_kinds(grader, references: list[str], claim: str) -> list[str]:
    exchange = make_exchange(claim)
    exchange["scenario"]["reference"] = references
    (prepared,) = grader.engine.prepare([exchange])
    return features.contradictions(prepared.replies, prepared.references)[0]


@pytest.mark.parametrize(
    ("references", "claim", "conflict"),
    [
        # a body one fact denies stays denied when another fact names it
        (["La SPA n'intervient pas sur la voie publique", "Le refuge de la SPA accueille les chats"],
         "Appelez la SPA, ce sont eux qui s'en occupent.", True),
        (["Les concessions sont délivrées par la mairie", "La paroisse n'intervient pas"],
         "Pour une concession, adressez-vous au presbytère.", True),
        # the sender's service in a signature is not a destination
        (["La prime d'activité se demande à la CAF"],
         "Pour la prime d'activité, bonne journée, Julie – France Services", False),
        (["La prime d'activité se demande à la CAF"], "Pour la prime d'activité, voyez France Services", True),
        (["Une caution est demandée à tous les locataires"], "Aucune caution n'est demandée aux habitants.", True),
        # the closer fact decides between one that names a body and one that denies it
        (["Ni le collège ni la CAF ne reçoivent les demandes d'aide départementale",
          "La bourse de collège nationale se demande auprès du collège"],
         "La bourse de collège nationale, elle, se demande auprès du collège.", False),
        (["L'APA est versée par le Département, pas par la caisse de retraite",
          "Les GIR 5 et 6 relèvent de l'aide ménagère de leur caisse de retraite"],
         "Pour l'APA, adressez-vous à votre caisse de retraite.", True),
        (["Ni le Département ni le fournisseur d'électricité ne gèrent l'éclairage public"],
         "Pour l'éclairage public, contactez Enedis.", True),
        (["Les inscriptions à la cantine se font sur le portail Famille de la mairie ; ni l'école ni sa direction ne les prennent"],
         "Les inscriptions à la cantine se font auprès de la directrice de l'école.", True),
        # the town hall is the audited structure: naming it contradicts only a denial
        (["Admission ensuite auprès de la direction de l'école"], "L'admission se fait à l'hôtel de ville.", False),
        (["Les crèches relèvent de la communauté de communes ; les mairies ne prennent pas les demandes"],
         "Les demandes de crèche se déposent à la mairie.", True),
        # an online way ruled out, a price a fact states, a denial the facts share
        (["L'inscription se fait en ligne sur service-public.fr ou à l'accueil de la mairie"],
         "L'inscription se fait uniquement à la mairie, pas en ligne.", True),
        (["Tarif : 250 € le week-end", "Les associations en disposent gratuitement en semaine"],
         "La location du week-end est à 250 €.", False),
        (["Pendant une alerte, les inscrits reçoivent la visite d'un agent du CCAS"],
         "Pendant l'alerte, nous ne faisons pas de visites à domicile.", True),
        (["Ouvert aux familles domiciliées, quel que soit le lieu de naissance de l'enfant"],
         "Le parrainage est réservé aux enfants nés dans la commune.", True),
        # who is competent is not a place to go in person
        (["Le renouvellement du titre de séjour se fait uniquement en ligne sur le site de l'ANEF"],
         "Pour le titre de séjour, il faut vous adresser à la préfecture.", False),
        # false alarms a code review found: antonyms, requirements, "ne … plus que par",
        # polite negations, places that are not bodies, qualified denials
        (["La mairie n'est pas ouverte le week-end"], "La mairie est fermée le week-end.", False),
        (["Aucun justificatif de domicile n'est demandé"],
         "Pour le justificatif de domicile, rassurez-vous, il n'est pas demandé.", False),
        (["Le dossier n'est pas recevable sans justificatif de domicile"],
         "Pensez à joindre un justificatif de domicile au dossier.", False),
        (["Les cartes d'identité ne sont plus délivrées que par les mairies équipées"],
         "Pour la carte d'identité, adressez-vous à une mairie équipée.", False),
        (["N'hésitez surtout pas à contacter la CAF pour toute question"],
         "Pour toute question, contactez la CAF.", False),
        (["Les inscriptions aux cours de natation se font à l'accueil de la mairie"],
         "Les cours de natation ont lieu à la piscine intercommunale le mercredi.", False),
        (["Les rendez-vous se prennent en ligne sur le site de la ville"],
         "Nous ne prenons pas de rendez-vous par téléphone, ils se prennent en ligne.", False),
        (["Il n'existe plus de concession perpétuelle", "Concessions de 15, 30 ou 50 ans"],
         "Les concessions durent 15, 30 ou 50 ans ; il n'y a plus de concession perpétuelle.", False),
        # from acc-4's and acc-5's false alarms: a body denied by "pas des" or before "ni",
        # the account's own answer delay, a step another fact states, a document sent home,
        # working days, evening hours, "X : fermé", a question, "non" before an adjective
        (["L'eau est gérée par la Communauté de communes, et non par les mairies."],
         "L'eau ne relève pas des mairies mais de la Communauté de communes.", False),
        (["Le permis se demande en ligne sur le site de l'ANTS ; ni la mairie ni la préfecture ne reçoivent de dossier papier."],
         "Aucun dossier à déposer en mairie ni en préfecture : tout passe par le site de l'ANTS.", False),
        (["La carte d'identité est fabriquée en trois semaines environ."],
         "Nous avons transmis au service État civil, qui vous répondra sous 48 h.", False),
        (["Les fuites après le compteur sont à la charge de l'abonné.", "Les fuites avant le compteur sont réparées par le service de l'eau."],
         "La réparation d'une fuite après compteur incombe à l'abonné.", False),
        (["La demande se fait uniquement en ligne sur le site de l'ANTS.", "Le permis est envoyé par courrier sécurisé au domicile."],
         "Le nouveau permis vous sera expédié chez vous par courrier sécurisé.", False),
        (["L'acte est envoyé sous 10 jours ouvrés environ."],
         "La copie est délivrée gratuitement ; comptez environ deux semaines pour la recevoir.", False),
        (["Les bacs sont sortis la veille au soir, à partir de 19 h."],
         "Sortez le bac la veille, à partir de 7 h du soir.", False),
        (["La piscine est fermée le lundi ; elle ouvre le mardi de 12 h à 14 h."],
         "Lundi : fermé. Et pas d'ouverture le lundi pendant l'année scolaire.", False),
        (["Un bac non collecté se signale au service Gestion des déchets de la Communauté de communes (et non à la mairie), par le formulaire en ligne ou au 05 49 61 20 40."],
         "Si votre bac était sorti, faites un signalement à notre service Gestion des déchets (formulaire en ligne ou 05 49 61 20 40).", False),
        (["La Régie des eaux gère l'eau, et non la mairie."],
         "La mairie a raison : c'est notre Régie qui gère l'eau.", False),
        (["La piscine est fermée le lundi."], "La piscine est ouverte le lundi de 9 h à 12 h.", True),
        (["L'acte est envoyé sous 10 jours ouvrés."], "L'acte vous sera envoyé sous un mois.", True),
        # and what those rules must not hide: a paper procedure, "non pas", a rule's delay
        (["La demande se fait uniquement en ligne sur le site de l'ANTS."],
         "La préfecture reçoit les demandes par courrier.", True),
        (["Le justificatif se dépose à l'accueil de la mairie, et non pas au centre technique municipal."],
         "Déposez votre justificatif au centre technique municipal.", True),
        (["Délai d'instruction : 2 mois."], "Nous vous rappelons qu'un délai d'instruction de 3 mois s'applique.", True),
        (["Délai d'instruction : 2 mois."], "La mairie vous répondra sous 6 mois.", True),
        (["La mairie est ouverte le mardi de 14 h à 17 h."],
         "La mairie, le mardi : fermé le matin, ouvert l'après-midi de 14 h à 17 h.", False),
    ],
)  # fmt: skip
def test_bodies_signatures_and_denials(grader, references, claim, conflict):
    assert bool(_contradiction_kinds(grader, references, claim)) is conflict


@pytest.mark.parametrize(
    ("references", "claim", "conflict"),
    [
        # a way ruled out that the fact offers, named by a number or an address
        (["Les inscriptions à l'école de musique se font uniquement en ligne sur https://www.ville.fr/musique."],
         "Passez au secrétariat de l'école de musique : on ne prend pas les inscriptions par internet.", True),
        (["Les signalements se font au 01 99 00 11 22 ou à voirie@ville.fr."],
         "Les signalements se font uniquement à l'accueil, nous ne les prenons ni par mail ni par téléphone.", True),
        # a number given to reach a way is never ruled out by a negation before it
        (["Réservation la veille, par téléphone au 03 86 00 11 22."],
         "La halte-garderie prend tous les enfants, même si vous ne travaillez pas 😉 Réservez la veille au 03 86 00 11 22.", False),
        # an appointment the fact requires
        (["Le rendez-vous est obligatoire ; il se prend à l'accueil de la mairie."],
         "Vous pouvez venir directement, le conciliateur reçoit sans attendre.", True),
        (["Le dépôt se fait uniquement sur rendez-vous au service État civil."],
         "Déposez votre dossier à l'état civil, nul besoin de prendre rendez-vous.", True),
        (["L'accompagnement à la déclaration se fait sur rendez-vous."],
         "Pour la déclaration, passez quand ça vous arrange, pas la peine de réserver.", True),
        # a body the fact denies, named beside the one it affirms; a denial before a body
        (["L'aide est attribuée par la CPAM, et non par le CCAS."],
         "La décision revient à la CPAM, mais le CCAS peut vous aider à remplir le dossier.", False),
        (["Les pompiers n'interviennent pas pour les nids de guêpes."],
         "Et inutile d'appeler les pompiers pour un nid de guêpes, passez par la mairie.", False),
        (["La destruction est payée par Morlenc Communauté."],
         "C'est la communauté de communes qui paie la destruction du nid.", False),
        (["La commune ne peut pas porter plainte à la place du propriétaire."],
         "La mairie va porter plainte pour vous, inutile de vous déplacer au commissariat.", True),
        # delays in words: ranges, halves, tens
        (["Le délai moyen est de 4 à 8 semaines."], "Comptez entre un et deux mois pour le délai.", False),
        (["Le versement intervient environ 6 semaines après l'accord."],
         "Le versement arrive au bout d'un mois et demi.", False),
        (["Le délai d'instruction est de 3 semaines."], "Le délai d'instruction est de vingt et un jours.", False),
        (["Le délai moyen est de 4 à 8 semaines."], "Le délai est de six mois.", True),
        # paying in words, and what a fact already says is paid
        (["Le permis de végétaliser est gratuit."],
         "Le permis de végétaliser est délivré en échange d'une redevance d'occupation.", True),
        (["L'enlèvement est à la charge de la commune, sans frais pour les riverains."],
         "Les riverains pourraient être sollicités pour participer aux frais de l'enlèvement.", True),
        (["La délivrance du permis est gratuite.", "La formation coûte ce qu'elle coûte : elle est à la charge du détenteur."],
         "Le permis ne vous coûtera rien ; seule la formation reste à vos frais.", False),
        # a formality the fact requires, and one it rules out itself
        (["Jardiner sur l'espace public nécessite un permis de végétaliser."],
         "Pour quelques fleurs sur l'espace public, pas de paperasse !", True),
        (["Un abri de 15 m² nécessite une déclaration préalable, et non un permis de construire."],
         "Pour votre abri, une déclaration préalable suffit, pas de permis de construire.", False),
        # weekly hours and the months looked back on
        (["Les missions durent 8 mois, à raison de 24 heures par semaine."], "Les missions font 35 heures par semaine.", True),
        (["Il faut déclarer les ressources des 12 derniers mois."], "Préparez vos ressources des 3 derniers mois.", True),
        # a half-day after a day's name
        (["Le conciliateur tient sa permanence le jeudi de 9h à 12h."],
         "Le conciliateur est là certains jeudis après-midi.", True),
        # an action or a state denied in the fact's own words, not advice nor another's
        (["La mairie accueille 4 volontaires en service civique par an."],
         "La mairie n'accueille pas de volontaires en service civique.", True),
        (["L'enlèvement du dépôt est programmé le jeudi 12 juin."],
         "L'enlèvement n'est pas encore programmé, nous revenons vers vous.", True),
        (["Il est interdit aux riverains de couper les branches d'un arbre communal."],
         "Surtout, ne coupez pas les branches vous-même.", False),
        (["Le transport à la demande dessert tous les hameaux."],
         "Les lignes régionales ne desservent pas les hameaux.", False),
        # false alarms a helper's review of the round found: an appointment for another
        # matter, a case apart, a restriction of the fact, another weekly time, a duty, a
        # contact line
        (["Le dépôt des titres d'identité se fait sur rendez-vous.", "La déchetterie est ouverte du mardi au samedi."],
         "Pour la déchetterie, pas besoin de réserver, venez aux heures d'ouverture.", False),
        (["Le dépôt de la demande de carte d'identité se fait sur rendez-vous."],
         "Inutile de réserver un créneau par personne : un seul rendez-vous suffit pour la famille.", False),
        (["Un abri de plus de 5 m² nécessite une déclaration préalable."],
         "Pour un abri de moins de 5 m², aucune démarche n'est nécessaire.", False),
        (["Les travaux de façade nécessitent une déclaration préalable."],
         "Votre déclaration a été acceptée : pas de démarche supplémentaire pour la façade.", False),
        (["La mairie célèbre les mariages du lundi au samedi."],
         "La mairie ne célèbre pas de mariages le dimanche.", False),
        (["Votre demande sera traitée par le service Urbanisme."],
         "Votre demande n'est pas encore traitée, le service Urbanisme vous répondra.", False),
        (["Le poste d'agent d'accueil est à 35 h par semaine."],
         "Le poste d'agent d'accueil est à 35 h par semaine, et la mairie est ouverte 42 heures par semaine.", False),
        (["L'entretien de la haie est à la charge du propriétaire."],
         "La mairie peut vous conseiller gratuitement sur l'entretien de votre haie.", False),
        (["Les demandes de place en crèche se font en ligne sur le portail Famille ; renseignements au 01 44 55 66 77."],
         "La demande de place en crèche se fait uniquement en ligne, sur le portail Famille.", False),
        (["La permanence est ouverte de 14 h à 18 h du lundi au vendredi."],
         "En plus de la permanence, l'élu de quartier est présent le samedi matin au marché.", False),
        (["Les rendez-vous sont obligatoires pour les demandes de passeport."],
         "Pas besoin de rendez-vous pour le passeport, venez directement.", True),
        # a date said unknown against a fact that gives it; a date of validity is no date
        (["Les inscriptions aux séjours d'été ouvrent le samedi 11 avril 2026 à 9h."],
         "Les dates d'inscription aux séjours d'été ne sont pas encore fixées.", True),
        (["Les entrées à l'unité restent valables ; la piscine rouvre le 16 septembre."],
         "Vos entrées à l'unité n'ont pas de date de validité.", False),
    ],
)  # fmt: skip
def test_the_tenth_accuracy_round(grader, references, claim, conflict):
    """The contradictions `acc-8`'s misses and false alarms taught, and their edges."""
    assert bool(_contradiction_kinds(grader, references, claim)) is conflict


@pytest.mark.parametrize(
    ("references", "claim", "conflict"),
    [
        # bodies: the commune acting, a syndicate, the PMI, a charity, a street before a body
        (["Le nettoyage des plages est assuré par la commune."],
         "Le nettoyage des plages est assuré par le Conseil régional.", True),
        (["L'aide au ravalement est versée par la commune."],
         "Pour être accompagné, la mission locale reçoit aussi les jeunes.", False),
        (["Le curage des fossés relève des services techniques de la commune."],
         "Le curage des fossés est assuré par le syndicat d'assainissement.", True),
        (["L'éclairage public est entretenu par le syndicat départemental d'énergie."],
         "Nous avons relancé le syndicat départemental d'énergie, qui gère l'éclairage.", False),
        (["Le bilan de santé est fait par le médecin scolaire de l'Éducation nationale."],
         "Le bilan est fait par le médecin de PMI.", True),
        (["Les formations aux premiers secours sont assurées par les sapeurs-pompiers."],
         "Les formations sont assurées par la Croix-Rouge.", True),
        (["La route de Brie est une voie communale entretenue par les services de la commune."],
         "La route de Brie dépend du Département : c'est à lui de la réparer.", True),
        (["Le conseil municipal a voté une majoration de la taxe ; la mairie n'encaisse pas la taxe."],
         "La commune a bien voté un supplément pour les résidences secondaires.", False),
        # ways: a phone given beside a service, a form on the site, a commission referred to
        (["Les signalements se font au service Propreté au 01 99 00 11 22 ou par le formulaire du site de la ville."],
         "Les signalements se font uniquement au guichet, pas par téléphone.", True),
        (["La commission est saisie par lettre recommandée ou par le formulaire en ligne."],
         "La commission se saisit uniquement par téléphone.", True),
        # delays in words, and at once
        (["Le badge est remis le jour même si le dossier est complet."],
         "Le badge vous sera envoyé par courrier quelques jours plus tard.", True),
        (["Le certificat est envoyé sous 10 jours ouvrés."],
         "Le certificat vous sera remis immédiatement au guichet.", True),
        (["Le verre sur une piste cyclable est ramassé sous 48 heures."],
         "Le service Propreté ramassera le verre d'ici quelques semaines.", True),
        (["L'instruction prend 5 jours ouvrés."], "L'instruction prend quelques jours.", False),
        (["Intervention sous 48 heures après le signalement."],
         "Nous transmettons immédiatement votre signalement aux services techniques.", False),
        (["Le portage de repas est possible au moins 48 heures après l'inscription."],
         "Le portage de repas est possible même pour quelques semaines.", False),
        # number words and round the clock
        (["Une résidence principale peut être louée 90 jours par an au maximum."],
         "Vous pouvez louer votre résidence principale quatre-vingt-dix jours par an au maximum.", False),
        (["Le service d'urgence répond 24 h/24 et 7 j/7 au 01 99 86 02 30."],
         "Le service d'urgence répond vingt-quatre heures sur vingt-quatre, sept jours sur sept.", False),
        (["Le service d'urgence répond 24 h/24 et 7 j/7 au 01 99 86 02 30."],
         "Attention, le service d'urgence n'est joignable qu'aux heures de bureau.", True),
        # an ability denied, a prohibition affirmed
        (["Le chauffeur peut aider à porter les courses jusqu'à la porte."],
         "Le chauffeur n'est pas autorisé à aider à porter les courses.", True),
        (["Les alcools forts sont interdits."], "Vous pourrez servir toutes les boissons, alcools forts compris.", True),
        (["Le stationnement est interdit le jeudi de 5h à 14h."],
         "Des panneaux signalent l'interdiction de stationner le jeudi matin.", False),
        # days: only some, a weekday of the month, the closest fact
        (["L'agence est joignable du lundi au samedi, de 7 h à 19 h."],
         "L'agence est joignable du lundi au vendredi uniquement.", True),
        (["La juriste tient une permanence le 2e jeudi du mois."],
         "La juriste tient sa permanence le 1er jeudi du mois.", True),
        (["Le balayage mécanique des pistes a lieu chaque lundi matin.",
          "La police municipale est joignable du lundi au samedi."],
         "Le balayage mécanique des pistes a lieu chaque vendredi matin.", True),
        # denials: "aucune condition", an adjective before the verb, a clause per subject
        (["La subvention est ouverte à tous, sans condition de ressources."],
         "Il n'y a aucune condition de ressources pour cette subvention.", False),
        (["Un abattage sans autorisation est passible d'une amende."],
         "Aucune autorisation n'est nécessaire pour abattre cet arbre.", True),
        (["La commune installe un radar pédagogique devant l'école."],
         "Aucun radar pédagogique n'est prévu devant l'école.", True),
        (["Toute location doit être déclarée à la mairie.", "La déclaration se fait en ligne."],
         "La déclaration ne coûte rien et vous n'avez pas à venir en mairie : tout se fait en ligne.", False),
        # paying words
        (["L'enlèvement ne coûte rien au riverain qui le signale."],
         "Les frais d'enlèvement seront à votre charge puisque vous en faites la demande.", True),
        (["La commune prête gratuitement des sacs de sable aux riverains."],
         "La commune met à disposition des sacs de sable, vendus à prix coûtant.", True),
        # one document said to be enough, and a fact that says so itself
        (["Pièces à fournir : justificatif de domicile, carte grise et titre de propriété."],
         "Un simple justificatif de domicile suffit.", True),
        (["Seule une pièce d'identité est exigée pour l'enregistrement ; les justificatifs de ressources sont demandés plus tard."],
         "Une pièce d'identité suffit pour l'enregistrer.", False),
        (["Le dossier comprend le synopsis et une attestation d'assurance responsabilité civile."],
         "Pas besoin d'assurance pour un tournage étudiant.", True),
        # conditions waived, an inclusion denied
        (["Les badges sont délivrés aux résidents qui disposent d'un garage dans la zone."],
         "Tous les résidents peuvent avoir un badge, même sans garage.", True),
        (["La carte est gratuite pour les moins de 12 ans accompagnés d'un adulte."],
         "C'est gratuit pour les moins de 12 ans, même s'ils viennent seuls.", True),
        (["La navette prend les personnes à domicile, y compris dans les hameaux."],
         "La navette ne dessert pas les hameaux.", True),
        (["La navette prend les personnes à domicile, y compris dans les hameaux."],
         "La navette passe aussi dans les hameaux, il suffit de réserver.", False),
        # false alarms a helper's review of the round found, and one contradiction it lost
        (["La réfection de la route relève du conseil départemental, pas de la mairie."],
         "Le conseil municipal a voté une motion demandant la réfection de cette route.", False),
        (["Les sacs jaunes sont distribués par la communauté de communes."],
         "Les sacs jaunes sont distribués le samedi au local du 4 rue de la poste.", False),
        (["Le CCAS distribue les colis alimentaires."],
         "Le CCAS distribue les colis. Les Restos du cœur distribuent également des colis le jeudi.", False),
        (["Les demandes de badge se font uniquement à l'accueil, pas en ligne."],
         "Sur le portail, vous pouvez saisir le numéro de votre badge pour consulter vos passages.", False),
        (["Les demandes d'intervention sur la voirie sont traitées sous 48 heures."],
         "Les travaux de réfection de la voirie dureront plusieurs semaines.", False),
        (["Les encombrants sont collectés dans un délai de 3 semaines."],
         "Le jour de collecte des encombrants vous est confirmé par SMS quelques jours avant le passage.", False),
        (["La carte d'identité est disponible environ 3 semaines après le dépôt du dossier."],
         "Lors du dépôt du dossier, un récépissé vous est remis immédiatement.", False),
        (["Les particuliers peuvent accéder à la déchetterie sur présentation de leur badge."],
         "Sans badge, les particuliers ne peuvent pas accéder à la déchetterie.", False),
        (["Les particuliers peuvent réserver la salle Pasteur le week-end."],
         "En semaine, les particuliers ne peuvent pas réserver la salle Pasteur.", False),
        (["Le brûlage des déchets verts est interdit."],
         "Le brûlage des déchets verts est passible d'une amende de 450 €.", False),
        (["Dans le parc, les chiens non tenus en laisse sont interdits."],
         "Les chiens en laisse sont les bienvenus dans le parc.", False),
        (["En dehors des heures d'ouverture, une astreinte technique est joignable au 06 12 34 56 78."],
         "L'accueil ne répond qu'aux heures d'ouverture ; en dehors, appelez l'astreinte.", False),
        (["La médiathèque est ouverte du mardi au samedi."],
         "Les ateliers numériques de la médiathèque ont lieu uniquement le mercredi et le samedi.", False),
        (["Le repair café se tient le 2e samedi du mois à la médiathèque."],
         "La médiathèque propose aussi une heure du conte le premier samedi du mois.", False),
        (["Le dossier complet est à déposer à l'accueil de la mairie."],
         "Attention, aucun dossier incomplet ne sera accepté.", False),
        (["L'enlèvement des encombrants est gratuit."],
         "Rassurez-vous, les frais d'enlèvement ne sont pas à votre charge.", False),
        (["La stérilisation des chats errants est gratuite."],
         "Si vous adoptez le chat, les coûts d'identification seront à votre charge.", False),
        (["Pour s'inscrire, fournir une pièce d'identité et un justificatif de domicile."],
         "Pour le justificatif de domicile, une simple facture d'électricité suffit.", False),
        (["Les enfants de moins de 8 ans doivent être accompagnés d'un adulte à la médiathèque."],
         "À partir de 8 ans, les enfants peuvent venir sans adulte à la médiathèque.", False),
        (["La piscine est ouverte tous les jours, y compris le dimanche, aux tarifs habituels."],
         "À la piscine, les tarifs ne changent pas le dimanche.", False),
        (["Tout dossier sans justificatif de domicile sera refusé."],
         "Il n'y a pas de justificatif de domicile à fournir pour l'inscription.", True),
    ],
)  # fmt: skip
def test_the_eleventh_accuracy_round(grader, references, claim, conflict):
    """The contradictions `acc-9`'s misses and false alarms taught, and their edges."""
    assert bool(_contradiction_kinds(grader, references, claim)) is conflict


@pytest.mark.parametrize(
    ("references", "claim", "kind"),
    [
        # documents asked for that no fact lists; not the procedure's subject, not a denial
        (["Pièces : pièce d'identité et justificatif de domicile de moins de 3 mois"],
         "Présentez-vous avec un extrait d'acte de naissance et votre carte Vitale.", "documents"),
        (["Pièces : pièce d'identité et justificatif de domicile de moins de 3 mois"],
         "Apportez votre passeport et une quittance de loyer.", None),
        (["Pièces : justificatif d'identité et justificatif de domicile"],
         "Pas besoin de livret de famille, venez avec vos justificatifs.", None),
        (["Se munir du dernier avis d'imposition"],
         "Pour votre carte d'identité, la prise de rendez-vous se fait en ligne.", None),
        # when the account answers is not when the service opens
        (["La fourrière est ouverte du lundi au samedi de 8h à 19h"],
         "Notre équipe vous répond du lundi au vendredi de 9h à 17h.", None),
        (["La fourrière est ouverte du lundi au samedi de 8h à 19h"],
         "La fourrière est ouverte du lundi au vendredi de 9h à 17h.", "hours"),
        # days belong to the fact that gives the same hours; a closure a fact states
        (["Badge à l'accueil du SICTOM (lundi-vendredi 9h-12h)", "Collecte le mardi"],
         "Demandez le badge à l'accueil du SICTOM, du lundi au vendredi, 9h-12h.", None),
        (["L'annexe est fermée le samedi matin", "L'hôtel de ville est ouvert le samedi de 9h à 12h"],
         "L'annexe est fermée le samedi matin jusqu'au 30 juin.", None),
        # the code review's probes: negations, a document's own name, facts naming no list,
        # any civil-status certificate, hours in another clause than the account's
        (["Pièces à fournir : pièce d'identité et justificatif de domicile"],
         "Vous n'avez pas à fournir de livret de famille.", None),
        (["Se munir du livret de famille"],
         "Votre pièce d'identité est valable 15 ans, avec une prolongation de 5 ans.", None),
        (["Le renouvellement de la carte d'identité est gratuit"],
         "Apportez une photo d'identité et un justificatif de domicile.", None),
        (["Se munir de l'acte de décès et du livret de famille"],
         "Apportez un extrait d'acte de décès et le livret de famille.", None),
        (["La déchetterie est ouverte du mardi au samedi de 9h à 18h"],
         "Notre équipe vous répond au 05 55 10 20 30 ; la déchetterie est ouverte le dimanche de 9h à 12h.",
         "hours"),
        # a meeting offered is not the opening hours
        (["Accueil du lundi au vendredi de 8h30 à 17h30"], "Je vous propose un entretien jeudi à 10h.", None),
        # sums with thousands grouped; a handle's digits are not part of a sum
        (["Aide plafonnée à 5 000 €"], "Il y a une aide de 10 000 € maximum.", "amounts"),
        (["Aide plafonnée à 5 000 €"], "L'aide va jusqu'à 5 000 €.", None),
        (["Tarifs : 180 € pour 15 ans, 350 € pour 30 ans"], "@gperrot71 180 € / 15 ans.", None),
        # rates, temperatures, thresholds and validities; not the citizen's own surface or age
        (["Exonération pour les personnes de plus de 75 ans"],
         "L'exonération s'applique à partir de 70 ans.", "thresholds"),
        (["Exonération pour les personnes de plus de 75 ans"],
         "Votre mère a plus de 80 ans : il faut résider ici depuis au moins 2 ans.", None),
        (["Température relevée mardi : 15 °C"], "Il fait 17 °C dans les classes.", "measures"),
        (["Classement valable 5 ans"], "Une fois obtenu, il est valable 3 ans.", "measures"),
        (["Subvention de 30 % des travaux"], "L'aide couvre 30 % des travaux.", None),
        (["Subvention de 30 % des travaux"], "La demande est 100 % en ligne.", None),
        (["Taux communal de 5 %"], "La TVA sur la facture est de 10 %.", None),
        (["Déclaration préalable entre 5 et 20 m²"], "Pour votre abri de 12 m², une déclaration préalable suffit.", None),
        (["Pass'Sport pour les 6-17 ans"], "Pour votre fils de 9 ans, le Pass'Sport s'applique.", None),
        # a delay identifies a rule by itself, unless it announces the answer or looks back
        (["Délai : 30 jours après réception du RIB"],
         "Les remboursements peuvent prendre jusqu'à deux mois.", "delays"),
        (["Délai d'instruction : 2 mois"], "Le service Urbanisme vous répondra sous 48 h.", None),
        (["Instruction en un mois"], "L'arrêté est affiché depuis 15 jours.", None),
        (["Portage de repas livré sous 2 jours"], "Les repas sont livrés 7 jours sur 7.", None),
        (["Délai d'instruction : 2 mois"], "Le standard est joignable 24 heures sur 24.", None),
        (["Délai d'instruction : 2 mois"], "Joignez un justificatif de domicile de moins de 3 mois.", None),
        (["Délai d'instruction : 2 mois"], "Les travaux seront terminés d'ici 15 jours.", None),
        # a step placed after what a fact puts it before, and the reverse
        (["L'autorisation s'obtient avant la signature du bail"],
         "C'est une déclaration à faire après la signature du bail.", "order"),
        (["Demande en ligne après l'achat, avec la facture"], "Déposez la demande avant l'achat.", "order"),
        (["Demande en ligne après l'achat, avec la facture"], "Faites la demande après l'achat.", None),
        (["Bacs sortis avant midi"], "Les bacs sont collectés l'après midi.", None),
        (["Paiement avant le règlement du litige"], "D'après le règlement, le paiement est dû.", None),
        # no condition against a condition, either way; a fact's own "sans condition"
        (["Aide réservée aux habitants, sous conditions de ressources"],
         "L'aide est ouverte à tous, sans condition de revenus.", "condition"),
        (["Mutuelle ouverte à tous les habitants, sans condition de ressources"],
         "La mutuelle est ouverte à tous, sans condition d'âge.", None),
        (["Permanence sur rendez-vous uniquement"], "C'est ouvert à tous, sans condition.", None),
        (["Aide sous conditions de ressources"], "L'aide est accordée sans condition d'âge.", None),
        (["Réservé aux habitants de la communauté de communes"],
         "C'est ouvert à tous les habitants de la communauté de communes.", None),
        (["Le justificatif de domicile est obligatoire"],
         "Vous pouvez venir sans justificatif de domicile.", "negation"),
        # paying stated in words against a free service
        (["Le CCAS domicilie gratuitement"],
         "Le CCAS peut vous domicilier, moyennant une participation aux frais.", "price"),
        (["Le CCAS domicilie gratuitement"], "La domiciliation n'est pas facturée.", None),
        (["Le badge est gratuit"], "Le badge est remis moyennant la présentation d'un justificatif.", None),
        # a way to proceed that a fact rules out or does not allow; an alternative offered
        (["Réservation uniquement sur le portail Famille, jamais par téléphone"],
         "La réservation se fait par téléphone au 02 41 56 30 12.", "channel"),
        (["Places PMR réservables by phone only"], "Les places PMR se réservent en ligne.", "channel"),
        (["Inscription uniquement en ligne", "Renseignements par téléphone au 05 53 40 55 00"],
         "Pour tout renseignement, par téléphone au 05 53 40 55 00.", None),
        (["Inscription uniquement en ligne"], "Inscription en ligne ou au secrétariat.", None),
        (["Inscription uniquement en ligne sur le portail Famille"],
         "Pour l'inscription, contactez-nous par téléphone au 05 53 40 55 00.", None),
        (["Les réservations ne sont pas prises par téléphone"],
         "Réservez votre place par téléphone au 05 53 40 55 00.", "channel"),
        (["Pré-demande en ligne puis dépôt du dossier uniquement en mairie"],
         "Déposez votre dossier au guichet de la mairie.", None),
        # hours a meeting offers are not the opening hours, unless they are a range
        (["Accueil du lundi au vendredi de 8h30 à 17h30"],
         "L'accueil peut vous recevoir le samedi de 9h à 12h.", "hours"),
    ],
)  # fmt: skip
def test_documents_hours_and_days(grader, references, claim, kind):
    found = _contradiction_kinds(grader, references, claim)
    assert (kind in found) if kind else not found, found


def test_disclaimers_count_unless_a_fact_places_the_matter_elsewhere(grader):
    def count(references: list[str], claim: str) -> int:
        exchange = make_exchange(claim)
        exchange["scenario"]["reference"] = references
        (prepared,) = grader.engine.prepare([exchange])
        return features.disclaims(prepared.replies, prepared.references)

    own = ["Le service Travaux peut rappeler l'entreprise à l'ordre"]
    elsewhere = ["Le service de l'eau est géré par la communauté de communes, pas par la mairie"]
    assert count(own, "Bonjour, ce n'est pas de notre ressort.") == 1
    assert count(own, "Nous n'y pouvons rien. Bonne journée.") == 1
    assert count(elsewhere, "Bonjour, ce n'est pas de notre ressort.") == 0
    assert count(own, "Bonjour, le service Travaux va rappeler l'entreprise.") == 0
    assert (
        count(["Le SICTOM gère la collecte"], "Ce n'est pas de notre ressort, voyez le SICTOM.")
        == 0
    )
    assert count(own, "Cette fermeture ne concerne pas les piétons.") == 0


@pytest.mark.parametrize(
    ("text", "slip"),
    [
        ("Le plan cadastrale s'obtient en mairie.", "cadastrale"),
        ("Les repas non annulé sont facturés.", "annulé"),
        ("Votre réclamation est bien arrivé au service.", "arrivé"),
    ],
)
def test_agreement_slips(nlp, text, slip):
    assert slip in [text[s:e] for s, e in agreement_errors(nlp(text))]


@pytest.mark.parametrize(
    "text",
    [
        "Vous pouvez modifier votre taux dans votre espace particulier.",
        "Les séances de vaccination gratuites ont lieu le mercredi.",
        "Les dossiers complets sont traités sous 8 jours.",
        "Votre demande est bien arrivée au service.",
        "La réponse de nos services est arrivée.",
        "Votre inscription sur les listes est validée.",
        "Le centre de vaccination municipal est ouvert.",
        "Venez accompagné d'un proche.",
    ],
)
def test_no_agreement_false_alarm(nlp, text):
    assert agreement_errors(nlp(text)) == []


@pytest.mark.parametrize(
    ("text", "slip"),
    [
        ("Vous pouvez déposé votre demande en ligne.", "déposé"),
        ("Merci de nous précisé votre adresse.", "précisé"),
        ("Afin de facilité le traitement, indiquez votre numéro.", "facilité"),
        ("Nous avons contacter le prestataire ce matin.", "contacter"),
        ("Nous vous invitons a prendre rendez-vous.", "a"),
        ("Le service jeunesse à organisé un forum des métiers.", "à"),
        ("La route est fermé jusqu'à nouvel ordre.", "fermé"),
        ("Votre demande de logement a été enregistré.", "enregistré"),
        ("Les poubelles ont été vidé ce matin.", "vidé"),
        ("La cérémonie ce déroulera au monument aux morts.", "déroulera"),
        ("Pour toutes c'est démarches, venez à l'accueil.", "c'est"),
        ("Le dossier et complet, il sera instruit.", "et"),
        ("Vous serez contacte par le service.", "contacte"),
        ("Merci de bien vouloir patienté, une conseillère va répondre.", "patienté"),
        ("Nous avons informez le bailleur de la panne.", "informez"),
        ("Votre dossier a bien été enregistrer ce matin.", "enregistrer"),
        ("Les agents ont nettoyés le parc dès lundi.", "nettoyés"),
        ("La lettre que nous vous avons adressé précise les modalités.", "adressé"),
        ("Les familles qui se sont inscrit avant juin sont prioritaires.", "inscrit"),
        ("La décision vous sera notifié par courrier.", "notifié"),
        ("Je vous transmet le formulaire par mail.", "transmet"),
        ("Chaque familles recevra un courrier.", "familles"),
        ("Pour tous renseignement, appelez le service Jeunesse.", "tous"),
        ("Le stationnement est gratuit pendant 2 heure en zone bleue.", "heure"),
        ("Le marché aura lieu sur la place principal en décembre.", "principal"),
        ("Les associations qui le souhaite peuvent tenir un stand.", "souhaite"),
        ("Le centre social et ouvert tous les jours.", "et"),
        # from the misses of probe-5
        ("Le service a été prévenu et devrait passé cette semaine.", "passé"),
        ("Il faut que votre enfant puisse bénéficié du transport scolaire.", "bénéficié"),
        (
            "Le service des eaux indique que les coupures devrait être terminées vers 16h.",
            "devrait",
        ),
        ("Toutes les informations se trouve sur notre site.", "trouve"),
        ("Votre badge sera prêt dans quelque jours.", "quelque jours"),
        ("Une rampe d'accès a été installée cet hivers.", "hivers"),
        ("Bonjour, j'ai vérifiée auprès du service Scolaire.", "vérifiée"),
        ("Les bénévoles se sont mobilisé ce week-end pour nettoyer les berges.", "mobilisé"),
        # the seventh round (probe-6): a third person with the ending of "je" or "tu", a
        # plural subject and its complement before a singular verb, "être" after a modal
        ("Le technicien passerai demain entre 8h et 12h.", "passerai"),
        ("Adressez-vous au service Population, qui pourras vous renseigner.", "pourras"),
        ("Les agents de la PMI vous accueille sans rendez-vous.", "accueille"),
        ("Ils sortent la veille et les agents les ramasse dès 6h.", "ramasse"),
        ("Les enfants peuvent être récupéré jusqu'à 18h30.", "récupéré"),
        ("Toutes les personnes inscrites seront contactés la veille.", "contactés"),
        ("Les routes départementales ont été salés dès 4h.", "salés"),
        ("Le bus n'a pas pu passer car la rue était bloqué.", "bloqué"),
        ("Plusieurs riverains se sont plaint du bruit.", "plaint"),
        ("Les deux bornes sont de nouveau opérationnel.", "opérationnel"),
        # the eighth round (probe-7): modals in the past, "-ir" participles, "d'abord", "est
        # de", an object after "à", agreement with nothing before a time or a colon, "l'",
        # more feminine endings, colours, a plural adjective before a singular noun, "et"
        # for "est", an infinitive among imperatives
        ("Nous voulions vous signalé la coupure.", "signalé"),
        ("Les familles doivent rempli le dossier avant juin.", "rempli"),
        ("Vous devez d'abord contacté le secrétariat.", "contacté"),
        ("Le mieux est de déposé le dossier en mairie.", "déposé"),
        ("Nous vous encourageons à signé le registre en mairie.", "signé"),
        ("Les inscriptions ont débutés mardi.", "débutés"),
        ("Les tarifs ont augmentés : comptez 5 € de plus.", "augmentés"),
        (
            "L'attestation est valable un an, l'adhésion n'est définitif qu'au paiement.",
            "définitif",
        ),
        ("Votre inscription est entièrement gratuit.", "gratuit"),
        ("Joignez une photo récent du compteur.", "récent"),
        ("Les sacs rouge sont distribués en mairie.", "rouge"),
        ("Les nouveaux horaire de la médiathèque sont affichés.", "horaire"),
        ("Nous avons planté douze jeunes arbre dans le parc.", "arbre"),
        ("Les séances proposés le samedi sont complètes.", "proposés"),
        ("Votre dossier de subvention et en cours d'examen.", "et"),
        ("La réfection des trottoirs abîmés et prévue au printemps.", "et"),
        ("Rendez-vous sur le site, remplir le formulaire puis validez.", "remplir"),
    ],
)
def test_verb_form_slips(nlp, grader, text, slip):
    found = verb_form_errors(nlp(text), grader.engine.known_words)
    assert slip in [text[s:e] for s, e in found]


@pytest.mark.parametrize(
    "text",
    [
        "Vous pouvez déposer votre demande en ligne.",
        "Merci de la durée de votre attente et de l'entrée par la rue.",
        "Le dossier est à déposer en mairie ; la route est fermée.",
        "Votre demande de logement a été enregistrée.",
        "Toute coupe ou abattage d'arbre est soumis à déclaration.",
        "Les usagers dont le rendez-vous a été annulé sont rappelés.",
        "Chaque allocataire est orienté vers un référent.",
        "Permanence les mardis et jeudis, gratuite et anonyme.",
        "Pour ce rendez-vous, apportez votre carte ; ce sera rapide.",
        "Le samedi et le dimanche, la piscine est ouverte.",
        "La mairie a reçu votre courrier et le service l'a transmis.",
        "Il habite à côté, venez à pied.",
        "Les usagers se sont succédé toute la matinée au guichet.",
        "Elles se sont rendu compte de l'erreur.",
        "Le café et les viennoiseries seront servis à volonté.",
        "Les repas ont été livrés ce matin.",
        "Un accueil personnalisé et gratuit est proposé aux seniors.",
        "Il ne passera en commission qu'une fois complet.",
        "Le service vous a envoyé le formulaire ; les pièces que vous avez envoyées sont là.",
        "Nous avons signalé la panne à l'opérateur, qui se charge de la réparation.",
        "Vu les conditions météo, le marché est annulé.",
        "La permanence a lieu 2 fois par mois, du 3 au 14 juillet, au 2 rue des Écoles.",
        "La salle des fêtes coûte 150 € le week-end.",
        "L'aide au permis pour les apprentis est versée à votre auto-école.",
        "Quels documents faut-il fournir pour l'inscription ?",
        "Nos conseillers vous répondront sous 48 heures.",
        "La validité de toutes les cartes a été prolongée de 3 mois.",
        "Cette fois, les travaux ont commencé à l'heure.",
        "Je passerai demain ; tu pourras venir si tu le souhaites.",
        "Le calendrier des collectes et des reports de jours fériés est publié en ligne.",
        "Les horaires de la piscine changent, les agents les affichent.",
        "Les frais de dossier restent à votre charge, mais jamais les délais.",
        "Les enfants peuvent être récupérés jusqu'à 18h30 ; elles se sont plaintes.",
        # the eighth round: collective subjects, inversions, persons in apposition, "l'" before
        # a noun whose gender the tagger may miss, coordinated infinitives, an infinitive
        # subject, shades of colour, singulars coordinated, points of the compass
        "Une dizaine de bénévoles sont venus aider ; une centaine d'habitants sont inscrits.",
        "Quelles démarches avez-vous effectuées ? Combien en avez-vous reçu ?",
        "La carte résident est gratuite, la carte étudiant aussi.",
        "L'accompagnateur est gratuit, l'abonnement est payant.",
        "Pensez à faire vidanger puis neutraliser la cuve, ou à réserver et annuler en ligne.",
        "Sortir le bac la veille convient, signalez-nous un oubli.",
        "Les bacs vert foncé et les sacs bleu clair sont livrés dans les quartiers nord.",
        "Les futurs parrain et marraine signent le registre.",
        "Les travaux ont commencé lundi ; les horaires ont changé : ouverture à 9 h.",
        "Le plus simple est de passer en mairie ; le mieux serait de nous écrire.",
        # found by the round's review: modals before an aside, lists of infinitives, objects
        # before "avoir" behind "lui" or a long subject, "en ligne", participles after a
        # singular head, shades, present participles
        "Pouvez-vous, s'il vous plaît, nous envoyer une photo ? Veuillez, pour cela, remplir le formulaire.",
        "Vous avez deux possibilités : venir en mairie, ou nous écrire ; choisissez la plus simple.",
        "Merci pour les photos que les agents des espaces verts ont prises.",
        "Nos agents les lui ont remises lundi, et je les leur ai envoyées : tout est réglé.",
        "Une réunion publique le 12 mars en mairie et en ligne.",
        "La salle des fêtes rénovée et agrandie ; un parcours adapté aux poussettes et accessible.",
        "Les panneaux rouge et blanc, les sacs vert bouteille et les photos noir et blanc.",
        "Une personne dépendant de l'aide sociale peut être accompagnée.",
    ],
)
def test_no_verb_form_false_alarm(nlp, grader, text):
    assert verb_form_errors(nlp(text), grader.engine.known_words) == []


@pytest.mark.parametrize(
    ("text", "slip"),
    [
        # a conditional for a future said later in the sentence
        ("Dès que la date sera fixée, je ne manquerais pas de vous écrire.", "manquerais"),
        ("Je serais absente la semaine prochaine, ma collègue prendra le relais.", "serais"),
        ("Je me renseignerais auprès du service et je vous tiens au courant.", "renseignerais"),
        ("Je serais ravie de vous recevoir demain à 10 h.", None),
        ("Je pourrais vous rappeler demain si vous le souhaitez.", None),
        ("Si vous pouviez m'envoyer le document, je le transmettrais au service dès réception.", None),
        ("Je vous serais reconnaissant de nous répondre dès que possible.", None),
        # a participle agreed with "avoir" before its object, and after it
        ("Mme Garnier a reçue votre message et vous rappellera.", "reçue"),
        ("La commune a déposée une demande de subvention.", "déposée"),
        ("Les demandes que nous avons reçues cette semaine seront traitées vendredi.", None),
        ("Les réponses que nous avons obtenues du Département arrivent.", None),
        # "nous vous remercie", "ont été retenu", "tous les demandes", "restera fermer"
        ("Nous vous remercie pour votre patience.", "remercie"),
        ("Les deux candidatures ont été retenu par le jury.", "retenu"),
        ("Les deux candidatures ont été retenues par le jury.", None),
        ("Tous les demandes passent par le guichet en ligne.", "Tous"),
        ("La route restera fermer jusqu'au 14 juin.", "fermer"),
        ("La route restera fermée jusqu'au 14 juin.", None),
        ("Votre voisin à raison, la haie est à sa charge.", "à"),
        ("Les séances ont lieu à raison de deux par semaine.", None),
    ],
)  # fmt: skip
def test_the_tenth_spelling_round(grader, nlp, text, slip):
    """Slips `probe-9`'s misses taught, and correct sentences beside them."""
    reply = analyse_reply(0, text, nlp(text), grader.engine.known_words)
    found = [text[s:e] for _, s, e in features.spelling_errors([reply])]
    if slip is None:
        assert found == []
    else:
        assert any(slip in f for f in found), found


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("Pensez a venir avec votre carte, vous etes attendu.", 2),
        # the sixth round of patterns (probe-5)
        ("Nous en tiendrons conte ; vous trouverez si-joint le formulaire.", 2),
        ("Nous sommes tous à fait d'accord, il y a plus qu'à attendre.", 2),
        ("Merci de votre patiente, l'agent la reçu hier.", 2),
        ("On vous tiens au courant, ca avance.", 2),
        ("Ouvert lun-ven 9h-17h, infos sur https://www.ville.fr/demarche/numero", 0),
        ("Ça avance, nous vous tenons au courant.", 0),
        ("La mairie a bientôt fini les travaux. TELEPHONE : 01 02 03 04 05", 0),
        ("Merci, a bientôt ! Vous pouvez venir retiré votre carte.", 2),
        # set phrases written wrong, an accent-less stop word; correct service words
        ("N'hésiter pas, c'est à dire demain, ci joint le formulaire.", 3),
        ("Quand à votre demande, en faite, elle est traitée : toute les pièces sont là.", 3),
        ("Pour d'avantage d'informations, dés réception du dossier, malgré que ce soit long.", 3),
        ("Tout etait prêt.", 1),
        ("En fait, le conseil municipal et le service municipal des sports se réunissent.", 0),
        (
            "Déposez-les à la ressourcerie ou à la recyclerie (biodéchets au multi-accueil), env. 20 kg.",
            0,
        ),
        ("La vôtre est prête ; rien d'autre dans le dossier, pour Martinez.", 0),
        ("La police municipal passera.", 1),
        ("Nos équipes on bien reçu votre message et les bureaux son fermés.", 2),
        ("On a bien reçu son dossier ; son employé passera, on fait le point.", 0),
        # the seventh round (probe-6): set phrases, "où", numbers, genders, elision, and
        # accents dropped from a word whose accent-less twin is rare ("cimetiere")
        ("Nous sommes à cours de composteurs ; en terme de délai, comptez un mois.", 2),
        ("En tant normal, l'accueil ferme une demie-heure plus tôt.", 2),
        ("Pouvez-vous nous indiquer le jour ou le camion est passé, et d'ou vient l'odeur ?", 2),
        (
            "Nous organisons une atelier ; la demande est transmise au service qui gère le voirie.",
            2,
        ),
        ("La résidence compte quatre-vingt logements, les même qu'en 2023.", 2),
        ("Si vous avais un doute, voici le formulaire que nous transmettront au service.", 2),
        ("Nous avons bien reçu votre demande de acte de naissance.", 1),
        ("Le cimetiere est ouvert, les travaux concernent les locals de l'école.", 2),
        ("Pour que le bac soit changer, les parents qui on inscrit leur enfant attendent.", 2),
        ("Le CCAS domicilie les personnes ; la fête aura lieu le 15 aout, près du marché.", 0),
        ("Les quatre-vingts logements sont les mêmes ; celles versées par la CAF aussi.", 0),
        ("Je pense que oui : la salle de onze places est au bout de la rue.", 0),
        ("Les familles que nous accueillons ont droit aux retours que nous feront les élus.", 0),
        (
            "Le même jour ou la veille sont possibles ; si la date ou l'heure est modifiée, appelez.",
            0,
        ),
        ("Il suffit que votre enfant soit boursier ; les arrêts sont tout proches.", 0),
        ("Le prestataire vous le facture ; la famille peut fleurir sa tombe.", 0),
        (
            "La cote d'alerte est atteinte ; les entrainements reprennent, les voitures en double file partent.",
            0,
        ),
        ("Moi, qui passerai demain en mairie, je vous apporterai le dossier.", 0),
        # the eighth round of patterns (probe-7)
        ("Pour être sur de recevoir la réponse, ouvert le mardi est le jeudi.", 2),
        ("La liste des documents demandés sont en ligne, a cause du nouveau décret.", 2),
        ("Vous pouvez tout a fait écrire a accueil@ville.fr, la réunion à lieu demain.", 3),
        ("Trois cent personnes sont venues, le spectacle a duré deux heures et demi.", 2),
        ("Merci pour toutes ses informations, pour que nous pouvons avancer.", 2),
        ("Après que vous ayez reçu le courrier, dès quelle sera prête, quel sera la suite ?", 3),
        (
            "S'est avec plaisir ; la journée c'est bien passée. Pouvez-vous indiquer ou se trouve le bac ?",
            3,
        ),
        ("Je vous tiendrais informé. Bon we ! Cela va s'en dire, c'est en cour de traitement.", 4),
        (
            "Pour en savoir d'avantage, le dossier a était envoyé, la demande peut-être déposée en ligne.",
            3,
        ),
        ("Le souci est récurent ; consultez le réglement intérieur.", 2),
        ("Si vous souhaiter venir, vérifier bien vos horaires. Passer nous voir !", 3),
        (
            "Pour être sûr de recevoir la réponse, c'est avec plaisir : le mardi et le jeudi, la"
            " réunion a lieu ; la demande est peut-être déjà en cours, si vous souhaitez venir.",
            0,
        ),
        ("Nous ne savons pas où se trouve le bac, ni si vous le premier servi l'aurez.", 0),
        (
            "La cour d'appel statuera ; le dossier est en cours d'instruction, avec davantage de pièces.",
            0,
        ),
        # found by the round's review: "ou" joining two verbs, the adverb "peut-être", a plural
        # verb in another clause, "a" as the verb, a day as the subject, the interrogative
        # "quelle", "en cour de récréation", "si" with its elision, infinitive subjects
        ("Le courrier a été perdu ou a été retourné ; votre colis, peut-être égaré, arrive.", 0),
        (
            "Vous aviez peut-être demandé un rendez-vous ; la liste des salles dans lesquelles sont organisés les ateliers est en ligne.",
            0,
        ),
        (
            "Tout a fait défaut ce jour-là, et la fête a fait leur bonheur : tout a fait leur joie.",
            0,
        ),
        (
            "Le prochain lundi est le lundi de Pâques ; nous savons maintenant quelle sera la date.",
            0,
        ),
        (
            "Les enfants jouent en cour de récréation ; je vous tiendrais informé s'il y avait du nouveau.",
            0,
        ),
        (
            "Venir nous voir en mairie reste le plus simple ; vérifier bien vos spams est aussi utile.",
            0,
        ),
        ("Un retard peut-être lié aux intempéries est à prévoir, à cause de la neige.", 0),
        # "a" before a determiner: the verb of a subject opening its clause, else the slip
        ("La mairie a la compétence ; le CCAS a les formulaires, votre fils a l'âge requis.", 0),
        (
            "Le service a votre adresse et vous écrira ; chaque habitant a la possibilité de venir.",
            0,
        ),
        ("Vous pouvez déposer votre dossier a l'accueil. Bienvenue a la médiathèque !", 2),
        ("L'accès a la déchèterie est gratuit ; nous restons a votre écoute.", 2),
        # an infinitive inside the subject is not its verb; an infinitive that is the verb is
        ("Le formulaire à envoyer a la même forme ; le fait de nous écrire a l'avantage.", 0),
        (
            "Merci de déposer votre dossier a l'accueil ; les pièces à joindre a la demande sont ici.",
            2,
        ),
        # a ninth round, from probe-8's misses
        ("Merci de patienté. Pensez à vérifié vos spams, puis de la déposé en mairie.", 3),
        ("Les exposants souhaitant participé peuvent venir, la collecte étant effectuer à 5 h.", 2),
        ("Toutes nos excuses pour la gêne occasionné, pour les deux semaines demandés.", 2),
        ("Les inscriptions se font auprès des associations concernés.", 1),
        (
            "Le service Urbanisme peux vous recevoir. Le service Habitat vous réponds sous 48 heures.",
            2,
        ),
        (
            "Vous recevrai un SMS. Mme Lebrun, notre conseillère numérique, vous recontacteras cette semaine.",
            2,
        ),
        ("Les agents interviendrons lundi ; il faudras venir si le PAI le prévois.", 3),
        (
            "Nos services ont pas été informés ; pour tout renseignements, lisez vos deux message.",
            3,
        ),
        ("Excusez nous ! Parce-que la bienvenu est due, le bureau le plus prêt de chez vous.", 4),
        ("Nous revenons vers vous + tard ; payez par carte où par chèque ; venez à à 9 h.", 3),
        ("Nous en sommes évidement désolés ; vous pouvez peut être vous adresser au bailleur.", 2),
        ("Il est nécessaire que vous fournissez un justificatif de - de 3 mois.", 2),
        ("Il appartient a chaque habitant de trier ; il suffit de passé en mairie.", 2),
        # a request negated ("n'oubliez pas de"), left from the re-read of the ninth round
        ("N'oubliez pas de patienté ; n'oubliez pas de signer, ni le dossier complété.", 1),
        # their edges, correct
        ("Merci de votre patience ; pensez à la date ; de la part de la mairie, à la santé !", 0),
        ("Le maire a visité la caserne accompagné du préfet, à la permanence passé 17 h.", 0),
        ("Les horaires des permanences modifiés ; les hommes et les femmes engagés.", 0),
        ("Deux fois reporté, le concert aura lieu le huit mai, trois avenue Jean-Jaurès.", 0),
        ("Quels documents dois-je fournir ? Quels travaux avons-nous prévus cet été ?", 0),
        ("C'est moi, Julie, qui vous rappellerai. Je vous informe et vous enverrai le lien.", 0),
        (
            "Ne nous attends pas. Il n'y a pas de souci, pourquoi pas ? Les enfants, tout contents.",
            0,
        ),
        ("Venez nous voir, Veuillez nous excuser ; chez nous ; M. Martinez nous a écrit.", 0),
        ("La démarche obligatoire que vous effectuez ; il faut que vous soyez là.", 0),
        ("Ce que vous avez peut être utile ; la cour, où par beau temps les enfants jouent.", 0),
        ("Le dossier de De Souza ; la partie est est fermée ; l'évidement du tronc.", 0),
        ("Tous les deux ensemble, quatre maximum, pour tout renseignement, en tout cas.", 0),
        # the masculine for one woman addressed ("Madame Benali, vous êtes bien inscrit")
        ("Madame Benali, vous êtes bien inscrit et vous serez contacté lundi.", 2),
        ("Bonjour Madame, vous avez été informé du changement ?", 1),
        ("Bonjour Madame, vous êtes inscrite, la bienvenue, et prioritaire.", 0),
        ("Madame, Monsieur, vous êtes invité à la réunion.", 0),
        ("Bonjour Paul. Madame la Maire vous recevra : vous êtes attendu à 10 h.", 0),
        # an adverb the tagger read as an adjective; "de" before "rendez-vous"
        ("La mairie peut retirer les nids gratuitement. Pas besoin de rendez-vous.", 0),
        # a participle agreeing with the head before "des" ("la salle des fêtes rénovée"), a
        # prefix before a hyphen; and what those must not hide
        ("La salle des fêtes rénovée et le bureau des élections fermé lundi.", 0),
        ("Le semi-marathon, une demi-journée ; la liste des pièces demandé.", 1),
        ("Le semi-marathom aura lieu ; les documents demandé sont ici.", 2),
    ],
)
def test_spelling_slips(grader, nlp, text, errors):
    from nlu.features import spelling_errors

    reply = analyse_reply(0, text, nlp(text), grader.engine.known_words)
    found = [text[s:e] for _, s, e in spelling_errors([reply])]
    assert len(found) == errors, found


@pytest.mark.parametrize(
    ("text", "curt"),
    [
        # bare fragments are curt even when they give contacts or hours (convention 6)
        ("Plateforme de répit : 05 55 70 52 52. Accueil de jour : EHPAD Les Tilleuls.", True),
        ("Vacances : 10h-19h tous les jours. Enfant 3 €.", True),
        (
            "Oui, centre ancien concerné. Cerfa avant le bail. https://www.agglo-roncelle.fr/permis",
            True,
        ),
        (
            "Le dossier se dépose au 05 55 70 52 52 ou sur https://www.agglo-roncelle.fr/permis.",
            False,
        ),
        ("Bonjour, accueil de jour : EHPAD Les Tilleuls, 05 55 70 52 52.", False),
        # an apology is a courtesy marker (the code review's probe)
        ("Toutes nos excuses pour ce désagrément. Contact direct : 05 55 70 52 52.", False),
    ],
)
def test_fragments_with_contacts_are_curt(grader, nlp, text, curt):
    reply = analyse_reply(0, text, nlp(text), grader.engine.known_words)
    assert features._curt(reply) is curt


def _kinds_for(grader, references: list[str], claim: str, structure: dict) -> list[str]:
    exchange = make_exchange(claim)
    exchange["scenario"]["reference"] = references
    exchange["structure"] = structure
    (prepared,) = grader.engine.prepare([exchange])
    own = facts.own_bodies(structure)
    return features.contradictions(prepared.replies, prepared.references, own)[0]


TOWN = {"name": "Mairie de Vauclerc", "category": "ville_moins_20000"}
REGION = {"name": "Région Vals-et-Causses", "category": "region"}


@pytest.mark.parametrize(
    ("references", "claim", "structure", "kind"),
    [
        # bodies denied after a coordination, a complement, or "et non par"
        (["La SPA et les vétérinaires n'interviennent pas sur la voie publique"],
         "Contactez la SPA, ce sont eux qui s'occupent des animaux errants.", TOWN, "bodies"),
        (["Le permis de louer est géré par le service Habitat de l'Agglo, et non par la mairie"],
         "Le permis de louer se dépose à l'accueil de la mairie.", TOWN, "bodies"),
        # "ne … que" restricts, and "ne … pas X mais" goes on with the same body
        (["La mairie de Saint-Jalmes ne conserve que les registres de moins de 100 ans"],
         "Les registres récents sont conservés en mairie.", TOWN, None),
        (["Le CCAS ne verse pas de dépôt de garantie mais instruit les demandes de FSL"],
         "Pour le FSL, prenez rendez-vous au CCAS.", TOWN, None),
        # the audited structure placing the matter with the town: a town hall may, a Région not
        (["Le chauffage des lycées relève de la Région"],
         "Le chauffage des lycées relève de la commune de Montbrand.", REGION, "bodies"),
        (["Le chauffage des lycées relève de la Région"],
         "Le chauffage des lycées relève de la commune de Montbrand.", TOWN, None),
        (["La restauration des lycées est une compétence de la Région ; elle n'est pas gérée par le rectorat"],
         "La cantine des lycées dépend du rectorat.", REGION, "bodies"),
        # ways: the fact about the same thing, on the same action (asking, receiving)
        (["Inscription en ligne, à l'accueil ou par courrier", "La carte électorale est envoyée par courrier au domicile"],
         "Votre carte électorale sera à retirer à l'accueil de la mairie.", TOWN, "channel"),
        (["Inscription en ligne, à l'accueil ou par courrier", "La carte électorale est envoyée par courrier au domicile"],
         "Votre carte électorale vous sera envoyée par courrier.", TOWN, None),
        (["Badge gratuit, envoyé par courrier sous 15 jours", "Demande en ligne ou à l'accueil du siège"],
         "Le badge est gratuit : faites la demande en ligne.", TOWN, None),
        (["L'inscription à la médiathèque se fait sur place ; elle ne peut pas se faire en ligne"],
         "L'inscription à la médiathèque se fait en ligne, pas besoin de vous déplacer.", TOWN, "channel"),
        # required or not, paying or free, clause by clause
        (["Le recours à un architecte n'est pas obligatoire pour ce projet"],
         "Votre dossier doit obligatoirement être signé par un architecte.", TOWN, "obligation"),
        (["La demande doit être renouvelée chaque année à sa date anniversaire"],
         "Votre demande reste valable sans limite de durée, inutile de la renouveler.", TOWN, "obligation"),
        (["Le raccordement au réseau électrique est à la charge du gestionnaire ; les habitants n'ont pas à le contacter"],
         "C'est le gestionnaire du réseau qui doit le réparer.", TOWN, None),
        (["Le renouvellement d'une carte expirée est gratuit ; seul le remplacement d'une carte perdue demande un timbre fiscal"],
         "Le renouvellement d'une carte expirée est payant.", TOWN, "price"),
        (["La cérémonie est gratuite"], "Il n'y a rien à payer pour la cérémonie.", TOWN, None),
        (["Les produits sont vendus à 20 % de leur prix, ils ne sont pas gratuits"],
         "À l'épicerie solidaire, tous les produits sont gratuits.", TOWN, "price"),
        # denials of what a fact provides
        (["Un ordinateur est mis à disposition sur place"],
         "Nous n'avons pas d'ordinateur en libre accès.", TOWN, "negation"),
        # open on a day the fact closes; a required document said not to be needed
        (["La déchetterie est ouverte du mardi au samedi ; elle est fermée le dimanche et le lundi"],
         "La déchetterie est ouverte du lundi au vendredi.", TOWN, "days"),
        (["La déchetterie est ouverte du mardi au samedi ; elle est fermée le dimanche et le lundi"],
         "La déchetterie est ouverte le mardi et le samedi.", TOWN, None),
        # a list of closed days ("fermée dimanche, lundi et jeudi")
        (["Médiathèque : mardi et vendredi 14h-18h, mercredi et samedi 10h-18h ; fermée dimanche, lundi et jeudi"],
         "La médiathèque est ouverte du mardi au samedi de 10h à 18h.", TOWN, "days"),
        (["Médiathèque : mardi et vendredi 14h-18h, mercredi et samedi 10h-18h ; fermée dimanche, lundi et jeudi"],
         "La médiathèque est ouverte le mercredi et le samedi de 10h à 18h.", TOWN, None),
        (["Pièces à fournir : une pièce d'identité et un justificatif de domicile"],
         "Pas besoin de pièce d'identité, votre livret de famille suffira.", TOWN, "documents"),
        (["Pièces à fournir : une pièce d'identité ; le livret de famille n'est pas demandé"],
         "Pas besoin de livret de famille.", TOWN, None),
        # the town denied as the one doing it
        (["La collecte est assurée par le SIVOM ; la commune ne collecte pas elle-même"],
         "La collecte de votre bac est assurée par nos agents municipaux.", TOWN, "bodies"),
        # a service of a body denied ("et non par le service Déchets de l'agglomération"),
        # the commune named and denied, more bodies (pompiers, CCI, commerçants)
        (["Les dépôts sur les trottoirs sont enlevés par les services techniques de la commune, et non par le service Déchets de l'agglomération"],
         "Le service Déchets de l'agglomération passera récupérer votre dépôt.", TOWN, "bodies"),
        (["La piscine est gérée par la Communauté de communes ; la commune de Brenne-le-Vieux n'en a pas la gestion"],
         "La piscine étant gérée par la mairie de Brenne-le-Vieux, nous transmettons au maire.", TOWN, "bodies"),
        (["Les drones non autorisés peuvent être saisis par la gendarmerie"],
         "Tout drone repéré sera saisi par la gendarmerie.", TOWN, None),
        (["La nuit, appelez la police municipale ou la gendarmerie (17)"],
         "Pour le bruit la nuit, appelez les pompiers, ils se déplaceront.", TOWN, "bodies"),
        # ways: an alert by SMS the facts rule out
        (["Les fermetures exceptionnelles sont annoncées sur la page Facebook de la piscine ; il n'y a pas d'alerte par SMS"],
         "Nous avions pourtant envoyé un SMS d'alerte à tous les usagers inscrits.", TOWN, "channel"),
        (["Les fermetures exceptionnelles sont annoncées sur la page Facebook de la piscine ; il n'y a pas d'alerte par SMS"],
         "Les fermetures exceptionnelles sont annoncées sur notre page Facebook.", TOWN, None),
        # no condition of resources or residence, against one; a means test said absent
        (["L'APA n'est pas soumise à condition de ressources ; seule la participation dépend des revenus"],
         "L'APA est réservée aux personnes dont les revenus sont inférieurs à un plafond.", TOWN, "condition"),
        (["L'APA n'est pas soumise à condition de ressources ; seule la participation dépend des revenus"],
         "Il n'y a pas de plafond de ressources pour l'APA.", TOWN, None),
        (["Il n'est pas nécessaire d'habiter Bellerive pour être suivi au centre de santé"],
         "Le centre de santé suit uniquement les habitants de Bellerive.", TOWN, "condition"),
        # (acc-6's round) a document required after it is named, said not to be asked for
        (["Une attestation d'assurance responsabilité civile est obligatoire pour signer le contrat"],
         "Pour le contrat, aucune attestation d'assurance ne vous sera demandée.", TOWN, "documents"),
        (["Le quotient est calculé à partir du dernier avis d'imposition, à transmettre lors de l'inscription"],
         "Pas besoin de nous transmettre votre avis d'imposition.", TOWN, "documents"),
        (["L'inscription se fait par téléphone ; aucun certificat médical n'est demandé"],
         "Il suffit de nous appeler, sans certificat médical.", TOWN, None),
        (["Une attestation d'assurance est obligatoire pour signer le contrat"],
         "L'attestation d'assurance ne vous sera demandée qu'à la signature du contrat.", TOWN, None),
        # paying in words against free, free in words against paying
        (["L'inscription au fichier est gratuite"],
         "Des frais d'enregistrement vous seront réclamés lors du dépôt.", TOWN, "price"),
        (["La formation pour l'attestation d'aptitude est payante"],
         "La formation est prise en charge, vous n'aurez rien à débourser.", TOWN, "price"),
        # sent by post is a way, not the body La Poste; an attestation names its issuer
        (["La carte électorale est envoyée par courrier au domicile ; pas besoin de venir en mairie"],
         "Votre carte électorale vous sera envoyée par la poste à votre domicile.", TOWN, None),
        (["Les véhicules de société sont acceptés avec une attestation de l'employeur", "La demande se fait en mairie"],
         "La carte est possible avec une attestation de votre employeur.", TOWN, None),
        # a half-day against the fact's times; an age is no delay
        (["Le service Élections reçoit du lundi au vendredi de 8 h 30 à 12 h"],
         "Le service Élections vous reçoit uniquement l'après-midi du lundi au vendredi.", TOWN, "hours"),
        (["Le PIJ est ouvert du mardi au samedi de 14 h à 18 h"],
         "Le PIJ est ouvert du mardi au samedi le matin.", TOWN, "hours"),
        (["Le PIJ est ouvert du mardi au samedi de 14 h à 18 h"],
         "Le PIJ est ouvert du mardi au samedi l'après-midi.", TOWN, None),
        (["L'évaluation comportementale a lieu lorsque le chien a entre 8 et 12 mois"],
         "Votre chien a 9 mois : l'évaluation comportementale se fait entre 8 et 12 mois.", TOWN, None),
        # a condition the facts set aside, said as they say it; one said absent where a fact sets it
        (["Seules les personnes classées en GIR 1 à 4 peuvent bénéficier de l'APA",
          "L'APA n'est pas soumise à condition de ressources"],
         "L'APA n'est pas soumise à condition de ressources.", TOWN, None),
        (["Le tarif est de 250 € ; la salle n'est louée qu'aux habitants de Castelbrune"],
         "La salle est louée à tous les particuliers, que vous habitiez Castelbrune ou une commune voisine.",
         TOWN, "condition"),
        # online said impossible against a fact that offers it
        (["La demande se dépose en ligne sur le portail national ou au guichet du service Logement"],
         "La demande ne peut pas se faire par internet : il faut venir au guichet.", TOWN, "places"),
        (["La demande se fait en ligne sur le site de la Ville"],
         "La demande se fait au guichet, le formulaire en ligne n'est plus disponible.", TOWN, "places"),
        # a fee in words against a free service; no deadline against one (this round, acc-7)
        (["Le badge d'accès à la déchèterie est gratuit pour les habitants"],
         "Le badge d'accès vous est remis contre une petite participation.", TOWN, "price"),
        (["Le badge d'accès à la déchèterie est gratuit pour les habitants"],
         "Le badge d'accès est délivré moyennant une modeste participation, payable à l'accueil.",
         TOWN, "price"),
        (["Le badge d'accès à la déchèterie est gratuit pour les habitants"],
         "Le badge d'accès est gratuit, il vous est remis à l'accueil contre votre justificatif.", TOWN, None),
        (["La demande de réservation de salle se fait au moins deux mois avant la date"],
         "La demande de réservation peut se faire à la dernière minute, il n'y a pas de souci.",
         TOWN, "delays"),
        (["Le locataire dispose de 15 jours pour signaler les dégâts de la salle"],
         "Rien ne presse pour signaler les dégâts, aucun délai n'est imposé au locataire.", TOWN, "delays"),
        (["La demande de réservation de salle se fait au moins deux mois avant la date"],
         "La demande de réservation se fait deux mois avant la date, pas à la dernière minute.",
         TOWN, None),
        (["La carte est fabriquée en trois semaines environ"],
         "Faites la demande de carte quand vous voulez, rien ne presse.", TOWN, None),
        # an age the facts set, said to be no condition
        (["Pour bénéficier de l'aide, il faut avoir au moins 18 ans et habiter la commune"],
         "L'aide est accordée sans condition d'âge, il suffit d'habiter la commune.", TOWN, "condition"),
    ],
)  # fmt: skip
def test_contradictions_in_words(grader, references, claim, structure, kind):
    kinds = _kinds_for(grader, references, claim, structure)
    assert (kind in kinds) if kind else not kinds, kinds


def test_own_bodies_from_name_and_category():
    assert facts.own_bodies({"name": "Région Vals-et-Causses", "category": "region"}) == {"region"}
    assert facts.own_bodies({"name": "CCAS de Lormes"}) == {"mairie"}
    assert facts.own_bodies({"name": "Communauté de communes du Bocage"}) == {"intercommunalite"}
    assert facts.own_bodies(None) == {"mairie"}


_CANTINE = [
    "L'inscription à la cantine se fait en ligne sur le portail Famille ou à l'accueil de la mairie.",
    "Le repas coûte 3,50 € ; la facture est envoyée chaque fin de mois.",
    "Le paiement se fait à la régie de la mairie, par chèque ou en espèces.",
]
_URBANISME = [
    "Le service Urbanisme reçoit le public du lundi au vendredi de 14 h à 17 h, uniquement sur rendez-vous.",
    "Le délai d'instruction d'une déclaration préalable est d'un mois.",
]
_NETTOYAGE = ["La journée citoyenne de nettoyage est gratuite et ouverte à tous."]
_SALLE = [
    "La salle des fêtes n'est louée qu'aux habitants de Castelbrune et aux personnes qui y travaillent."
]
_APA = [
    "L'APA n'est pas soumise à condition de ressources.",
    "L'APA est réservée aux personnes de 60 ans et plus classées en GIR 1 à 4.",
]


@pytest.mark.parametrize(
    ("references", "claim", "conflict"),
    [
        # found by the review of the acc-6 round: accurate replies the rules must not flag
        (_CANTINE, "Vous n'avez rien à débourser le jour de l'inscription, la facture arrive en fin de mois.", False),
        (_CANTINE, "Le paiement ne peut pas se faire en ligne : réglez par chèque à la régie de la mairie.", False),
        (_NETTOYAGE, "Nous comptons sur une petite participation de chacun pour le nettoyage, venez nombreux !", False),
        (_URBANISME, "Le service Urbanisme est fermé au public le matin, du lundi au vendredi.", False),
        (_URBANISME, "Sachez que le service Urbanisme ne reçoit pas le matin, pensez à prendre rendez-vous.", False),
        (_URBANISME, "Appelez-nous du lundi au vendredi, de préférence le matin.", False),
        (_SALLE, "Pour louer la salle, il faut que vous habitiez Castelbrune ou que vous y travailliez.", False),
        (["La salle des fêtes est louée aux particuliers sans condition de résidence."],
         "La salle n'est louée qu'à la journée ou pour le week-end.", False),
        (["Il faut fournir le dernier avis d'imposition et un justificatif de domicile."],
         "Impossible de valider l'inscription sans nous transmettre votre avis d'imposition.", False),
        (["Les composteurs sont gratuits pour les habitants et proposés à prix réduit aux communes voisines."],
         "Pour les habitants des communes voisines, le composteur est proposé à prix réduit.", False),
        # and the contradictions they must still catch
        (["Le maire dispose de deux mois pour répondre."],
         "Le maire a 4 mois à compter de votre courrier pour vous répondre.", True),
        (_URBANISME, "Il y aura 3 mois d'instruction pour votre déclaration préalable.", True),
        (_URBANISME, "Le délai d'instruction peut aller jusqu'a 3 mois.", True),
        (_APA, "L'APA est ouverte à tous, sans condition de ressources.", True),
        (_CANTINE, "L'inscription ne peut pas se faire en ligne, venez à l'accueil de la mairie.", True),
        (["L'inscription est gratuite."], "Une petite participation vous sera demandée lors de l'inscription.", True),
    ],
)  # fmt: skip
def test_contradiction_rules_after_review(grader, references, claim, conflict):
    assert bool(_contradiction_kinds(grader, references, claim)) is conflict
