# Dates and times: see locales/zh-CN/dates.ftl for the variables.
date-long = { $weekday } { $day } { $month-name } { $year }
date-short = { $day } { $month-name } { $year }
date-time = { $date }, { $time }
date-window = du { $start } au { $end }
date-window-open = À partir du { $start }, jusqu’à nouvel ordre
time-range = { $start }{"\u2060"}–{"\u2060"}{ $end }
list-separator = { ", " }
weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
colon = {" : "}
relative-days = dans les { $n } jours { $after }
relative-working-days = dans les { $n } jours ouvrés { $after }
relative-months = dans les { $n } mois { $after }
# Une échéance comptée depuis la séance de chaque école, ou depuis une autre
# échéance, quand sa date diffère d'une école à l'autre.
counted-days-before = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
} avant { $anchor }
counted-days-after = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
} après { $anchor }
counted-working-days-before = { $n ->
    [one] { $n } jour ouvré
   *[other] { $n } jours ouvrés
} avant { $anchor }
counted-working-days-after = { $n ->
    [one] { $n } jour ouvré
   *[other] { $n } jours ouvrés
} après { $anchor }
counted-anchor-slot = la séance de votre école
counted-anchor-deadline = « { $title } »
# Une heure de début seule, et les séances sur plusieurs jours.
time-from = à partir de { $time }
day-month = { $day } { $month-name }
span = du { $start } au { $end }
span-same-year = du { $start } au { $end } { $year }
span-same-month = du { $start } au { $end } { $month-name }
repeat-weekdays = { $days }
repeat-weekdays-run = du { $first } au { $last }
repeat-days-time = { $days } { $time }
repeat-weekly = { $days }, { $span }
repeat-except = { $text } (sauf { $days })
weekday-short-1 = lundi
weekday-short-2 = mardi
weekday-short-3 = mercredi
weekday-short-4 = jeudi
weekday-short-5 = vendredi
weekday-short-6 = samedi
weekday-short-7 = dimanche
