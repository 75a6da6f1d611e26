# Dates and times: see locales/zh-CN/dates.ftl for the variables.
date-long = { $weekday } { $day } { $month-name } { $year }
date-short = { $day } { $month-name } { $year }
date-time = { $date }, { $time }
date-window = { $start } – { $end }
date-window-open = From { $start } until further notice
time-range = { $start }{"\u2060"}–{"\u2060"}{ $end }
list-separator = { ", " }
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
colon = {": "}
relative-days = within { $n ->
    [one] { $n } day
   *[other] { $n } days
} { $after }
relative-working-days = within { $n ->
    [one] { $n } working day
   *[other] { $n } working days
} { $after }
relative-months = within { $n ->
    [one] { $n } month
   *[other] { $n } months
} { $after }
# A deadline counted from each school's session, or from another deadline,
# where its date differs between schools.
counted-days-before = { $n ->
    [one] { $n } day
   *[other] { $n } days
} before { $anchor }
counted-days-after = { $n ->
    [one] { $n } day
   *[other] { $n } days
} after { $anchor }
counted-working-days-before = { $n ->
    [one] { $n } working day
   *[other] { $n } working days
} before { $anchor }
counted-working-days-after = { $n ->
    [one] { $n } working day
   *[other] { $n } working days
} after { $anchor }
counted-anchor-slot = your school's session
counted-anchor-deadline = “{ $title }”
# A time given as a start only, and sessions held on several days.
time-from = from { $time }
day-month = { $day } { $month-name }
span = { $start } to { $end }
span-same-year = { $start } to { $end } { $year }
span-same-month = { $start }–{ $end } { $month-name }
repeat-weekdays = { $days }
repeat-weekdays-run = { $first } to { $last }
repeat-days-time = { $days } { $time }
repeat-weekly = { $days }, { $span }
repeat-except = { $text } (except { $days })
weekday-short-1 = Monday
weekday-short-2 = Tuesday
weekday-short-3 = Wednesday
weekday-short-4 = Thursday
weekday-short-5 = Friday
weekday-short-6 = Saturday
weekday-short-7 = Sunday
