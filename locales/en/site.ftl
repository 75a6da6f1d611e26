# Interface strings of the default theme.
language-name = English
# A site language's name in this language ($lang is its tag), as in
# "the Chinese original"; a language not named here is called by its own
# name ($own, its language-name).
language-of = { $lang ->
    [zh-CN] Chinese
    [en] English
    [fr] French
   *[other] { $own }
}
# On a translated page: which text prevails ($language: the original's language).
translation-note = This is a translation. The { $language } original prevails.
translation-link = Read the original
skip-to-content = Skip to content
nav-home = All notices
nav-language = Language
root-choose = Choose a language
home-heading = Notices
home-read = Read the notice
label-document-number = Document number
label-issuer = Issued by
label-published = Published
label-updated = Updated
label-audience = To
label-date = Date
label-time = Time
label-venue = Venue
label-schools = Schools
label-address = Address
label-directions = Getting there
label-arrive-by = Arrive by { $time }
label-your-slot = Your school's slot
label-phone = Phone
label-email = Email
label-office = Office
label-hours = Office hours
label-payment = How to pay
label-note = Note
label-due = Due
booking-first = Book a place first
session-rounds = Check-in rounds: { $rounds }
label-booking-window = Booking
label-booking-channel = How to book
kind-booking = Booking: { $session }
only-for = {" "}(for { $who } only)
for-role = {" "}({ $role })
section-role = For { $role }
role-intro = The items below are for { $role }; students' calendars leave them out.
staff-subscribe-heading = Subscribe to the staff calendar
staff-subscribe-intro = This calendar holds the items above for this school's staff, without the students' items.
pending = To be announced
feed-update = Update: { $title }
section-changes = Changes since publication
changed-on = updated { $date }
label-changed = changed
label-status-cancelled = Cancelled
section-key-dates = Key dates
section-other-deadlines = Other time limits
section-eligibility = Who takes part
section-sessions = On-site sessions
section-steps = Steps
section-requirements = Requirements
section-fees = Fees
section-contacts = Contacts
section-contact = Contact
section-attachments = Attachments
section-links = Links
section-schools = Schools
section-deadlines = Deadlines
section-your-sessions = Your on-site session
section-notice = The full notice
kind-session = On-site session
kind-deadline = Deadline
hours-daily = Daily
hours-weekdays = Weekdays
hours-office-hours = Office hours
requirement-documents = Documents
requirement-attire = Attire
requirement-appearance = Appearance
requirement-conduct = Conduct
requirement-photo = Photo
requirement-other = Other
fee-line = { $currency } { $amount } ({ $covers })
link-schedule = Full schedule
link-notice = Back to the notice
link-guide-general = General version
schedule-heading = Schedule
schedule-index = Index of schools
# The schedule as a spreadsheet (src/render/spreadsheet.rs): the sheet's
# name, the file's name ($title: the campaign's), the column headings, the
# separator between remarks, and the download links ($size: file-size-kb).
sheet-name = Schedule by school
sheet-file-name = { $title } - schedule by school
sheet-column-school = School / unit
sheet-column-session = Session
sheet-column-date = Date
sheet-column-time = Time
sheet-column-venue = Venue
sheet-column-campus = Campus
sheet-column-note = Notes
sheet-column-day = Date (YYYY-MM-DD)
sheet-note-separator = {"; "}
sheet-booking = Book first: { $window }, { $channel }
sheet-downloads = Download the schedule by school, to print or forward:
sheet-download-xlsx = Excel workbook ({ $size })
sheet-download-csv = CSV file ({ $size })
school-no-session = This notice schedules no on-site session for this school.
guide-number = Attachment { $number }
guide-for-school = Version for { $school }
attachment-school-version = your school's version
file-size-kb = { $size } KB
file-size-mb = { $whole }.{ $tenth } MB
# An attachment file's type and size: "XLSX, 24 KB".
file-type-size = { $type }, { $size }
attachment-download = Download
feed-title = { $site }
feed-link = Updates feed (Atom)
not-found-title = Page not found
not-found-text = The page you asked for does not exist; it may have moved or been removed.
not-found-home = Go to the home page
subscribe-heading = Add to your calendar
subscribe-intro = Students: subscribe to your own school's calendar, on your school's page. It has everything for you: your session at your school's time and every deadline. This calendar holds the whole notice, every school's times included.
subscribe-intro-school = This calendar has everything for students of this school: your session at your school's time and every deadline. Subscribe to it alone, and your calendar app updates the dates if they change. Calendar apps do not merge two calendars, so also subscribing to the whole notice's calendar would show each deadline twice.
subscribe-webcal = Subscribe in your calendar app
subscribe-download = Download the calendar file (.ics)
subscribe-google = Add to Google Calendar
subscribe-outlook = Add to Outlook.com (personal account)
subscribe-outlook-work = Add to Outlook (work or school account)
subscribe-qr-caption = Scan with WeChat or your phone's camera to open these links on your phone.
add-event = Add to calendar
# A remark after a text: "Title (note)".
contact-with-role = { $name }, { $role }
aside = {" "}({ $text })
