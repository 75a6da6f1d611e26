# Words inside calendar files (.ics): event titles, descriptions, locations.
# `{ $summary }` is the event's title, `{ $url }` the page's address.
calendar-cancelled = {"["}Cancelled] { $summary }
calendar-arrive-by = Arrive by { $time }
calendar-times = Times: { $times }
calendar-rounds = Check-in rounds: { $rounds }
calendar-slots = Slots:
calendar-bring = Bring:
calendar-requirements = Requirements:
calendar-details = Details: { $url }
# An aside after a text: a venue's address, a slot's arrival time.
calendar-aside = { $text } ({ $aside })
# Between venues with their addresses.
calendar-venue-separator = { "; " }
# The accessible name of the subscription QR code; `{ $name }` is the calendar's name.
calendar-qr-label = QR code: this page's ways to subscribe to the calendar “{ $name }”
# A session that must be booked first: the booking window's event.
calendar-booking = Book: { $session }
calendar-booking-channel = Book through: { $channel }
# A venue's opening hours, telephones; e-mail addresses (of a contact).
calendar-venue-hours = Opening hours: { $hours }
calendar-phone = Tel. { $phones }
calendar-email = Email { $emails }
# A fee of the event, and how to pay it.
calendar-fee = Fee: { $currency } { $amount } ({ $covers })
calendar-payment = Payment: { $payment }
# Whom to ask: a heading, then one line per contact with its details.
calendar-contacts = Contacts:
calendar-contact = { $contact }: { $details }
calendar-contact-hours = Hours: { $hours }
