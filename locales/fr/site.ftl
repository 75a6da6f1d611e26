# Chaînes de l'interface du thème par défaut.
language-name = Français
# A site language's name in this language ($lang is its tag), as in
# "l'original en chinois"; a language not named here is called by its own
# name ($own, its language-name).
language-of = { $lang ->
    [zh-CN] chinois
    [en] anglais
    [fr] français
   *[other] { $own }
}
# On a translated page: which text prevails ($language: the original's language).
translation-note = Ceci est une traduction ; seul l'original en { $language } fait foi.
translation-link = Lire l'original
skip-to-content = Aller au contenu
nav-home = Tous les avis
nav-language = Langue
root-choose = Choisissez une langue
home-heading = Avis
home-read = Lire l'avis
label-document-number = Référence
label-issuer = Émis par
label-published = Publié le
label-updated = Mis à jour
label-audience = Destinataires
label-date = Date
label-time = Heure
label-venue = Lieu
label-schools = Écoles
label-address = Adresse
label-directions = Accès
label-arrive-by = Arrivée avant { $time }
label-your-slot = Créneau de l'école
label-phone = Téléphone
label-email = Courriel
label-office = Bureau
label-hours = Horaires
label-payment = Paiement
label-note = Remarque
label-due = Échéance
booking-first = Réservation obligatoire
session-rounds = Accueil par vagues : { $rounds }
label-booking-window = Réservation
label-booking-channel = Comment réserver
kind-booking = Réservation : { $session }
only-for = {" "}(uniquement pour { $who })
for-role = {" "}({ $role })
section-role = Pour { $role }
role-intro = Les éléments ci-dessous concernent { $role } ; les calendriers des étudiants ne les contiennent pas.
staff-subscribe-heading = S'abonner au calendrier du personnel
staff-subscribe-intro = Ce calendrier contient les éléments ci-dessus destinés au personnel de cette école, sans ceux des étudiants.
pending = À préciser
feed-update = Mise à jour : { $title }
section-changes = Modifications depuis la publication
changed-on = mis à jour le { $date }
label-changed = modifié
label-status-cancelled = Annulée
section-key-dates = Dates clés
section-other-deadlines = Autres délais
section-eligibility = Qui est concerné
section-sessions = Séances sur place
section-steps = Étapes
section-requirements = Consignes
section-fees = Frais
section-contacts = Contacts
section-contact = Contact
section-attachments = Pièces jointes
section-links = Liens
section-schools = Écoles
section-deadlines = Échéances
section-your-sessions = Votre séance sur place
section-notice = L'avis complet
kind-session = Séance sur place
kind-deadline = Échéance
hours-daily = Tous les jours
hours-weekdays = En semaine
hours-office-hours = Heures de bureau
requirement-documents = Documents
requirement-attire = Tenue
requirement-appearance = Apparence
requirement-conduct = Comportement
requirement-photo = Photo
requirement-other = Autre
fee-line = { $amount } { $currency } ({ $covers })
link-schedule = Calendrier complet
link-notice = Retour à l'avis
link-guide-general = Version générale
schedule-heading = Calendrier
schedule-index = Index des écoles
# The schedule as a spreadsheet (src/render/spreadsheet.rs): the sheet's
# name, the file's name ($title: the campaign's), the column headings, the
# separator between remarks, and the download links ($size: file-size-kb).
sheet-name = Calendrier par école
sheet-file-name = { $title } - calendrier par école
sheet-column-school = École / unité
sheet-column-session = Séance
sheet-column-date = Date
sheet-column-time = Heure
sheet-column-venue = Lieu
sheet-column-campus = Campus
sheet-column-note = Remarques
sheet-column-day = Date (AAAA-MM-JJ)
sheet-note-separator = {"; "}
sheet-booking = Réservation préalable : { $window }, { $channel }
sheet-downloads = Télécharger le calendrier par école, à imprimer ou transmettre :
sheet-download-xlsx = Classeur Excel ({ $size })
sheet-download-csv = Fichier CSV ({ $size })
school-no-session = Cet avis ne prévoit aucune séance sur place pour cette école.
guide-number = Pièce jointe { $number }
guide-for-school = Version pour { $school }
attachment-school-version = version de votre école
file-size-kb = { $size } Ko
file-size-mb = { $whole },{ $tenth } Mo
# An attachment file's type and size: "XLSX, 24 Ko".
file-type-size = { $type }, { $size }
attachment-download = Télécharger
feed-title = { $site }
feed-link = Flux des mises à jour (Atom)
not-found-title = Page introuvable
not-found-text = La page demandée n'existe pas ; elle a peut-être été déplacée ou supprimée.
not-found-home = Aller à l'accueil
subscribe-heading = Ajouter à votre agenda
subscribe-intro = Étudiants : abonnez-vous à l'agenda de votre école, sur la page de votre école. Il contient tout ce qui vous concerne : votre séance à l'horaire de votre école et chaque échéance. Cet agenda-ci contient tout l'avis, horaires de toutes les écoles compris.
subscribe-intro-school = Cet agenda contient tout ce qui concerne les étudiants de cette école : votre séance à l'horaire de votre école et chaque échéance. Abonnez-vous à lui seul : votre agenda se met à jour si les dates changent. Les applications d'agenda ne fusionnent pas deux agendas : abonné aussi à l'agenda de tout l'avis, vous verriez chaque échéance deux fois.
subscribe-webcal = S'abonner dans votre application d'agenda
subscribe-download = Télécharger le fichier d'agenda (.ics)
subscribe-google = Ajouter à Google Agenda
subscribe-outlook = Ajouter à Outlook.com (compte personnel)
subscribe-outlook-work = Ajouter à Outlook (compte professionnel ou scolaire)
subscribe-qr-caption = Scannez avec WeChat ou l'appareil photo de votre téléphone pour ouvrir ces liens sur votre téléphone.
add-event = Ajouter à l'agenda
# A remark after a text: "Title (note)".
contact-with-role = { $name }, { $role }
aside = {" "}({ $text })
