# Mots des fichiers d'agenda (.ics) : titres, descriptions, lieux des événements.
# `{ $summary }` est le titre de l'événement, `{ $url }` l'adresse de la page.
calendar-cancelled = {"["}Annulée] { $summary }
calendar-arrive-by = Arrivée avant { $time }
calendar-times = Horaires : { $times }
calendar-rounds = Accueil par vagues : { $rounds }
calendar-slots = Créneaux :
calendar-bring = À apporter :
calendar-requirements = Consignes :
calendar-details = Détails : { $url }
# Une précision après un texte : l'adresse d'un lieu, l'heure d'arrivée d'un créneau.
calendar-aside = { $text } ({ $aside })
# Entre des lieux avec leurs adresses.
calendar-venue-separator = { " ; " }
# Le nom accessible du code QR d'abonnement ; `{ $name }` est le nom de l'agenda.
calendar-qr-label = Code QR : les liens de cette page pour s'abonner à l'agenda « { $name } »
# A session that must be booked first: the booking window's event.
calendar-booking = Réservation : { $session }
calendar-booking-channel = Réserver via : { $channel }
# Les horaires d'ouverture d'un lieu, ses téléphones ; les courriels (d'un contact).
calendar-venue-hours = Horaires d'ouverture : { $hours }
calendar-phone = Tél. : { $phones }
calendar-email = Courriel : { $emails }
# Des frais liés à l'événement, et comment les payer.
calendar-fee = Frais : { $amount } { $currency } ({ $covers })
calendar-payment = Paiement : { $payment }
# À qui s'adresser : un titre, puis une ligne par contact avec ses coordonnées.
calendar-contacts = Contacts :
calendar-contact = { $contact } : { $details }
calendar-contact-hours = Horaires : { $hours }
