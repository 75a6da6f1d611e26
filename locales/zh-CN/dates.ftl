# Dates and times. time-range keeps its dash from breaking a line (U+2060).
# The program passes numbers as text ($year, $month, $day)
# and the names below ($weekday, $month-name), so a language only writes
# its own patterns here.
date-long = { $year }年{ $month }月{ $day }日（{ $weekday }）
date-short = { $year }年{ $month }月{ $day }日
date-time = { $date } { $time }
date-window = { $start }至{ $end }
date-window-open = 自{ $start }起，截止时间另行通知
time-range = { $start }{"\u2060"}–{"\u2060"}{ $end }
list-separator = { "、" }
weekday-1 = 星期一
weekday-2 = 星期二
weekday-3 = 星期三
weekday-4 = 星期四
weekday-5 = 星期五
weekday-6 = 星期六
weekday-7 = 星期日
month-1 = 一月
month-2 = 二月
month-3 = 三月
month-4 = 四月
month-5 = 五月
month-6 = 六月
month-7 = 七月
month-8 = 八月
month-9 = 九月
month-10 = 十月
month-11 = 十一月
month-12 = 十二月
colon = {"："}
relative-days = { $after }{ $n }天内
relative-working-days = { $after }{ $n }个工作日内
relative-months = { $after }{ $n }个月内
# 按各单位场次或其他截止日期推算、各单位日期不同的截止日期。
counted-days-before = { $anchor }前{ $n }日
counted-days-after = { $anchor }后{ $n }日
counted-working-days-before = { $anchor }前{ $n }个工作日
counted-working-days-after = { $anchor }后{ $n }个工作日
counted-anchor-slot = 本单位所在场次
counted-anchor-deadline = “{ $title }”
# 只写开始时间的场次，以及多日举行的场次。
time-from = { $time } 起
day-month = { $month }月{ $day }日
span = { $start }至{ $end }
span-same-year = { $year }年{ $start }至{ $end }
span-same-month = { $month }月{ $start }日至{ $end }日
repeat-weekdays = 每{ $days }
repeat-weekdays-run = { $first }至{ $last }
repeat-days-time = { $days } { $time }
repeat-weekly = { $days }，{ $span }
repeat-except = { $text }（{ $days }除外）
weekday-short-1 = 周一
weekday-short-2 = 周二
weekday-short-3 = 周三
weekday-short-4 = 周四
weekday-short-5 = 周五
weekday-short-6 = 周六
weekday-short-7 = 周日
