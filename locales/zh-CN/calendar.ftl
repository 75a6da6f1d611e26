# Words inside calendar files (.ics): event titles, descriptions, locations.
# `{ $summary }` is the event's title, `{ $url }` the page's address.
calendar-cancelled = 【已取消】{ $summary }
calendar-arrive-by = 请于 { $time } 前到场
calendar-times = 时间：{ $times }
calendar-rounds = 分批签到：{ $rounds }
calendar-slots = 各单位时段：
calendar-bring = 请携带：
calendar-requirements = 注意事项：
calendar-details = 详情：{ $url }
# An aside after a text: a venue's address, a slot's arrival time.
calendar-aside = { $text }（{ $aside }）
# Between venues with their addresses.
calendar-venue-separator = { "；" }
# The accessible name of the subscription QR code; `{ $name }` is the calendar's name.
calendar-qr-label = 打开日历“{ $name }”订阅入口的二维码
# A session that must be booked first: the booking window's event.
calendar-booking = 预约：{ $session }
calendar-booking-channel = 预约方式：{ $channel }
# A venue's opening hours, telephones; e-mail addresses (of a contact).
calendar-venue-hours = 开放时间：{ $hours }
calendar-phone = 电话：{ $phones }
calendar-email = 邮箱：{ $emails }
# A fee of the event, and how to pay it.
calendar-fee = 费用：{ $amount } { $currency }（{ $covers }）
calendar-payment = 缴费方式：{ $payment }
# Whom to ask: a heading, then one line per contact with its details.
calendar-contacts = 联系方式：
calendar-contact = { $contact }：{ $details }
calendar-contact-hours = 服务时间：{ $hours }
