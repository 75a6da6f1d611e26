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
calendar-qr-label = 订阅日历“{ $name }”的二维码
# A session that must be booked first: the booking window's event.
calendar-booking = 预约：{ $session }
calendar-booking-channel = 预约方式：{ $channel }
