# Interface strings of the default theme.
language-name = 中文
# A site language's name in this language ($lang is its tag), as in
# "以中文原文为准"; a language not named here is called by its own
# name ($own, its language-name).
language-of = { $lang ->
    [zh-CN] 中文
    [en] 英文
    [fr] 法文
   *[other] { $own }
}
# On a translated page: which text prevails ($language: the original's language).
translation-note = 本文为译文，以{ $language }原文为准。
translation-link = 查看原文
skip-to-content = 跳到正文
nav-home = 全部通知
nav-language = 语言
root-choose = 请选择语言
home-heading = 通知公告
home-read = 阅读通知
label-document-number = 文号
label-issuer = 发布单位
label-published = 发布日期
label-updated = 更新时间
label-audience = 发送对象
label-date = 日期
label-time = 时间
label-venue = 地点
label-schools = 学院
label-address = 地址
label-directions = 交通指引
label-arrive-by = 请于 { $time } 前到场
label-your-slot = 本学院时段
label-phone = 电话
label-email = 邮箱
label-office = 办公地点
label-hours = 办公时间
label-payment = 缴费方式
label-note = 备注
label-due = 截止
booking-first = 须先预约
session-rounds = 分批签到：{ $rounds }
label-booking-window = 预约时间
label-booking-channel = 预约方式
kind-booking = 预约：{ $session }
only-for = （仅限{ $who }）
for-role = （{ $role }）
section-role = { $role }须知
role-intro = 以下事项面向{ $role }，不列入学生日历。
staff-subscribe-heading = 订阅工作日历
staff-subscribe-intro = 本日历收录上述面向本学院工作人员的事项，不含学生事项。
pending = 待定
feed-update = 【更新】{ $title }
section-changes = 变更记录
changed-on = { $date }更新
label-changed = 已变更
label-status-cancelled = 已取消
section-key-dates = 关键日期
section-other-deadlines = 其他期限
section-eligibility = 参加对象
section-sessions = 现场安排
section-steps = 办理步骤
section-requirements = 注意事项
section-fees = 费用
section-contacts = 联系方式
section-contact = 联系人
section-attachments = 附件
section-links = 相关链接
section-schools = 各学院安排
section-deadlines = 截止时间
section-your-sessions = 现场安排
section-notice = 通知全文
kind-session = 现场安排
kind-deadline = 截止
hours-daily = 每天
hours-weekdays = 工作日
hours-office-hours = 办公时间
requirement-documents = 证件
requirement-attire = 着装
requirement-appearance = 仪容
requirement-conduct = 纪律
requirement-photo = 照片
requirement-other = 其他
fee-line = { $amount } { $currency }（{ $covers }）
link-schedule = 日程总表
link-notice = 返回通知
link-guide-general = 通用版本
schedule-heading = 日程总表
schedule-index = 学院索引
# The schedule as a spreadsheet (src/render/spreadsheet.rs): the sheet's
# name, the file's name ($title: the campaign's), the column headings, the
# separator between remarks, and the download links ($size: file-size-kb).
sheet-name = 各学院安排
sheet-file-name = { $title }（各学院安排）
sheet-column-school = 学院/单位
sheet-column-session = 场次
sheet-column-date = 日期
sheet-column-time = 时间
sheet-column-venue = 地点
sheet-column-campus = 校区
sheet-column-note = 备注
sheet-column-day = 日期（年-月-日）
sheet-note-separator = {"；"}
sheet-booking = 须先预约：{ $window }，{ $channel }
sheet-downloads = 下载各学院安排表（供打印或转发）：
sheet-download-xlsx = Excel 表格（{ $size }）
sheet-download-csv = CSV 文件（{ $size }）
school-no-session = 本通知未给本学院安排现场场次。
guide-number = 附件{ $number }
guide-for-school = { $school }版
attachment-school-version = 本学院版本
file-size-kb = { $size } KB
file-size-mb = { $whole }.{ $tenth } MB
# An attachment file's type and size: "XLSX，24 KB".
file-type-size = { $type }，{ $size }
attachment-download = 下载
feed-title = { $site }
feed-link = 订阅更新（Atom）
not-found-title = 页面不存在
not-found-text = 您访问的页面不存在，可能已移动或删除。
not-found-home = 返回首页
subscribe-heading = 添加到日历
subscribe-intro = 学生请在本单位页面订阅本单位日历。该日历已包含学生所需的全部安排，即本单位场次时段及各项截止时间。本日历收录本通知全部安排，含各单位时段。
subscribe-intro-school = 本日历已包含本单位学生所需的全部安排，即本单位场次时段及各项截止时间。订阅本日历即可；日期如有变动，日历应用将自动更新。日历应用不会合并不同日历中的同一事项，如同时订阅本通知总日历，各项截止时间将重复显示。
subscribe-webcal = 在日历应用中订阅
subscribe-download = 下载日历文件（.ics）
subscribe-google = 添加到 Google 日历
subscribe-outlook = 添加到 Outlook.com（个人账户）
subscribe-outlook-work = 添加到 Outlook（工作或学校账户）
subscribe-qr-caption = 用微信或手机相机扫描二维码，即可在手机上打开上述订阅入口。
add-event = 加入日历
# A remark after a text: "Title (note)".
contact-with-role = { $name }，{ $role }
aside = （{ $text }）
