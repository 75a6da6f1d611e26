//! Sessions and deadlines as VEVENTs, for the whole campaign or one school.
//!
//! An event's UID is derived from ids only (kind, item, school, campaign and
//! the site's host), never from a date or a time, so a session moved to
//! another day stays the same event in students' calendars and the apps take
//! the change (with a higher SEQUENCE, from the publication record) instead of adding a
//! duplicate. A session's blocks after its first (the afternoon, after the
//! lunch break) add `.part-2`, `.part-3`: the first keeps the UID the whole
//! session had. A school's UID adds the school only where its event is its
//! own (its slot, a deadline counted from its slot): a deadline with one
//! date is one event, with one UID, in every feed and file.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use chrono_tz::Tz;

use crate::model::{
    Audience, Bound, Campaign, Deadline, Recurrence, RequirementCategory, School, Session,
    SessionStatus, Site, Slot, TimeRange, When,
};
use crate::plan;

use super::ical::{Component, Property, Value};
use crate::locales::Locales;

/// How long a deadline at a moment (`at:`) lasts on the calendar: a short
/// event ending at the moment, so it shows where the deadline falls.
const MOMENT_LENGTH: TimeDelta = TimeDelta::minutes(15);

/// The hour an all-day deadline's reminder rings, on a day before its
/// last day: counted back from the day's midnight, a reminder would ring
/// at night.
const ALL_DAY_ALARM_HOUR: i64 = 9;

/// What a calendar file is for: a campaign in a language, for every school
/// or for one.
pub struct Scope<'a> {
    pub site: &'a Site,
    /// The words, from `locales/<lang>/calendar.ftl`.
    pub loc: &'a Locales,
    pub campaign: &'a Campaign,
    pub lang: &'a str,
    pub school: Option<&'a School>,
    /// The page events link back to: the school's page in a school feed,
    /// the notice otherwise. Made once, as every event carries it twice.
    page: String,
}

/// A VEVENT with the key feeds sort by: local start, then UID.
pub struct Event {
    pub key: (NaiveDateTime, String),
    pub component: Component,
}

impl Event {
    pub fn uid(&self) -> &str {
        &self.key.1
    }
}

impl<'a> Scope<'a> {
    /// The files of `campaign` in `lang`, for every school (`None`) or one.
    pub fn new(
        site: &'a Site,
        loc: &'a Locales,
        campaign: &'a Campaign,
        lang: &'a str,
        school: Option<&'a School>,
    ) -> Scope<'a> {
        let page = match school {
            Some(s) => plan::school(lang, campaign, s),
            None => plan::notice(lang, campaign),
        };
        Scope {
            site,
            loc,
            campaign,
            lang,
            school,
            page: page.absolute(&site.base_url),
        }
    }

    /// The page an event links back to.
    pub fn page(&self) -> &str {
        &self.page
    }

    /// The UID of item `id` of `kind`: `school`'s own (its slot, a date
    /// counted from its slot) or everyone's (`None`); `part` 0 for a
    /// session's first block, 1 for the next.
    fn uid(&self, kind: &str, id: &str, school: Option<&School>, part: usize) -> String {
        let school = school
            .map(|s| format!(".school-{}", s.published_id()))
            .unwrap_or_default();
        let part = match part {
            0 => String::new(),
            n => format!(".part-{}", n + 1),
        };
        format!(
            "{kind}-{id}{school}{part}.{}@{}",
            self.campaign.id,
            host(&self.site.base_url)
        )
    }

    /// [`Scope::event`] with the issuing office as ORGANIZER, when its
    /// address is known (the feed is then METHOD:PUBLISH, which RFC 5546
    /// §3.2.1 says needs one).
    fn vevent(&self, uid: &str, summary: &str) -> Component {
        let mut e = self.event(uid, summary);
        let c = self.campaign;
        if let Some(email) = &c.issuer_email {
            e.push(
                Property::new("ORGANIZER", Value::Uri(format!("mailto:{email}")))
                    .param("CN", c.issuer.get(self.lang)),
            );
        }
        e
    }

    /// A VEVENT with what every event has: UID, SUMMARY and the page URL.
    /// Its stamps (DTSTAMP, LAST-MODIFIED, SEQUENCE) come from the
    /// publication record when it is published (see [`super::publish`]).
    fn event(&self, uid: &str, summary: &str) -> Component {
        let mut e = Component::new("VEVENT");
        e.add("UID", Value::Text(uid.to_string()))
            .add("SUMMARY", Value::Text(summary.to_string()))
            .add("URL", Value::Uri(self.page.clone()));
        e
    }

    /// A message of `calendar.ftl` in the scope's language.
    pub(super) fn text(&self, key: &str, args: &[(&str, String)]) -> String {
        self.loc.text(self.lang, key, args)
    }

    /// `text` followed by an aside in the language's brackets.
    pub(super) fn aside(&self, text: String, aside: String) -> String {
        self.text("calendar-aside", &[("text", text), ("aside", aside)])
    }

    /// `text` with whom it is for when that is not every student: the
    /// part of the students, or the role (a staff feed mixes roles).
    fn labelled(&self, text: String, audience: &Audience) -> String {
        match audience {
            Audience::Students => text,
            Audience::Part(who) => self.aside(text, who.get(self.lang).to_string()),
            Audience::Role(id) => match self.site.role(id) {
                Some(role) => self.aside(text, role.name.get(self.lang).to_string()),
                None => text,
            },
        }
    }

    /// An event's SUMMARY: the item first, as a phone's list or reminder
    /// cuts it short, then the campaign's short name if it has one (its
    /// full title is the feed's name, and far too long here).
    fn title(&self, item: &str) -> String {
        match &self.campaign.short_title {
            Some(short) => format!("{item} · {}", short.get(self.lang)),
            None => item.to_string(),
        }
    }

    /// Venue names with their addresses, for LOCATION.
    fn location(&self, venues: &[String]) -> String {
        let lang = self.lang;
        let texts: Vec<String> = venues
            .iter()
            .filter_map(|id| self.campaign.venue(id))
            .map(|v| match &v.address {
                Some(address) => self.aside(v.name.get(lang).into(), address.get(lang).into()),
                None => v.name.get(lang).to_string(),
            })
            .collect();
        texts.join(&self.text("calendar-venue-separator", &[]))
    }

    /// The documents to bring and the other requirements, as lines: those
    /// for every session and those of `session` alone, for whoever comes
    /// to it (students' dress code is not for the teachers keeping order).
    fn requirements(&self, lines: &mut Vec<String>, session: &Session) {
        let (documents, others): (Vec<_>, Vec<_>) = (self.campaign.requirements.iter())
            .filter(|r| r.session.as_deref().is_none_or(|own| own == session.id))
            .filter(|r| r.audience.role() == session.audience.role())
            .partition(|r| r.category == RequirementCategory::Documents);
        for (heading, list) in [
            ("calendar-bring", documents),
            ("calendar-requirements", others),
        ] {
            if !list.is_empty() {
                lines.push(self.text(heading, &[]));
                lines.extend(list.iter().map(|r| {
                    let text = r.text.get(self.lang).to_string();
                    format!("- {}", self.labelled(text, &r.audience))
                }));
            }
        }
    }

    fn details(&self, lines: &mut Vec<String>) {
        lines.push(self.text("calendar-details", &[("url", self.page.clone())]));
    }
}

/// A session, one event per block of time (see [`Session::blocks`]): the
/// session's times in the campaign's files, the school's slots in a
/// school's, so a lunch break is not shown as busy and each block rings
/// its own reminder. Empty when the school has no slot in it, or the date
/// or times are still to be announced.
pub fn session(scope: &Scope, s: &Session) -> Vec<Event> {
    // Until its date and times are announced a session is in no calendar;
    // it then appears with the UIDs it will always have.
    let Some(date) = s.announced_date() else {
        return Vec::new();
    };
    if scope
        .school
        .is_some_and(|school| !scope.campaign.attends(s, &school.id))
    {
        return Vec::new();
    }
    let blocks = s.blocks(scope.school.map(|school| school.id.as_str()));
    (blocks.iter().enumerate())
        .map(|(part, block)| session_block(scope, s, date, block, part))
        .collect()
}

/// One block of a session's time: `part` 0 is the first.
fn session_block(
    scope: &Scope,
    s: &Session,
    date: NaiveDate,
    block: &TimeRange,
    part: usize,
) -> Event {
    let (c, lang) = (scope.campaign, scope.lang);
    let mut item = scope.labelled(session_label(scope, s), &s.audience);
    if scope.school.is_some() {
        item = format!("{item} {}", scope.range(block));
    }
    let mut summary = scope.title(&item);
    let cancelled = s.status == SessionStatus::Cancelled;
    if cancelled {
        summary = scope.text("calendar-cancelled", &[("summary", summary)]);
    }

    let early = TimeDelta::minutes(i64::from(s.arrive_early_minutes));
    let arrive_by = |t: NaiveTime| {
        scope.text(
            "calendar-arrive-by",
            &[("time", (t - early).format("%H:%M").to_string())],
        )
    };
    let comma = scope.text("list-separator", &[]);
    let mut lines = vec![scope.text("calendar-times", &[("times", scope.ranges(&s.times))])];
    if !s.rounds.is_empty() {
        let rounds: Vec<String> = (s.rounds.iter())
            .map(|t| t.format("%H:%M").to_string())
            .collect();
        lines.push(scope.text("calendar-rounds", &[("rounds", rounds.join(&comma))]));
    }
    match scope.school {
        Some(school) => {
            // A school there twice, or across the lunch break, is told each part.
            let own: Vec<&Slot> = s.slots_for(&school.id).collect();
            if own.len() > 1 || own.iter().any(|slot| slot.times.len() > 1) {
                for slot in own {
                    let label = slot.label.as_ref().map(|l| format!(" {}", l.get(lang)));
                    lines.push(format!(
                        "- {}{}",
                        scope.ranges(&slot.times),
                        label.unwrap_or_default()
                    ));
                }
            }
            lines.push(arrive_by(block.start));
        }
        None if s.slots.is_empty() => lines.push(arrive_by(block.start)),
        None => {
            lines.push(scope.text("calendar-slots", &[]));
            for slot in &s.slots {
                let who: Vec<&str> = (slot.label.iter().chain(&slot.group))
                    .map(|text| text.get(lang))
                    .chain(
                        (slot.schools.iter())
                            .filter_map(|id| c.school(id))
                            .map(|school| school.name.get(lang)),
                    )
                    .collect();
                let mut line = format!("- {} {}", scope.ranges(&slot.times), who.join(&comma));
                // Arriving when the slot starts goes without saying.
                if let (true, Some(first)) = (s.arrive_early_minutes > 0, slot.times.first()) {
                    line = scope.aside(line, arrive_by(first.start));
                }
                lines.push(line);
            }
        }
    }
    if let Some(note) = &s.note {
        lines.push(note.get(lang).to_string());
    }
    scope.venue_details(&mut lines, &s.venues);
    scope.fee_details(&mut lines, &s.fees);
    scope.requirements(&mut lines, s);
    scope.contact_details(&mut lines, &s.contacts);
    scope.details(&mut lines);

    let start = date.and_time(block.start);
    let uid = scope.uid("session", s.published_id(), scope.school, part);
    let mut e = scope.vevent(&uid, &summary);
    e.add("DTSTART", Value::Zoned(start, c.timezone))
        .add("DTEND", Value::Zoned(date.and_time(block.end), c.timezone));
    repeat(&mut e, s, start, c.timezone);
    e.add("LOCATION", Value::Text(scope.location(&s.venues)))
        .add("DESCRIPTION", Value::Text(lines.join("\n")))
        .add(
            "STATUS",
            Value::Token(if cancelled { "CANCELLED" } else { "CONFIRMED" }),
        );
    // No reminders for a session that will not take place. The others
    // count back from when to arrive, not from the start.
    if !cancelled {
        for before in &c.reminders.sessions {
            e.child(alarm(
                &summary,
                Property::new("TRIGGER", Value::Duration(-(*before + early))),
            ));
        }
    }
    Event {
        key: (start, uid),
        component: e,
    }
}

/// A session held on several days is one event that repeats (RRULE), not
/// one event a day: a change reaches subscribers as one change, and a
/// calendar shows it as one series. The rule runs daily (`dates:`) or
/// weekly on the weekdays (`repeat:`) from the first day to the last; the
/// days it would give that the session skips are EXDATEs, at the same
/// local time and zone as DTSTART. (RDATE would list `dates:` directly,
/// and ical.js and Python's icalendar read it, but RDATE is the least
/// supported part of recurrence: Outlook does not import it and Google
/// Calendar is unreliable with it, while RRULE with EXDATE is what every
/// client reads. tests/calendar.rs expands both through both parsers.)
fn repeat(e: &mut Component, s: &Session, start: NaiveDateTime, tz: Tz) {
    let Some(recurrence) = &s.recurrence else {
        return;
    };
    let days = s.days();
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return;
    };
    let weekdays = match recurrence {
        Recurrence::Dates(_) => Vec::new(),
        Recurrence::Weekly(weekly) => weekly.weekdays.clone(),
    };
    let ruled = |d: &NaiveDate| weekdays.is_empty() || weekdays.contains(&d.weekday());
    let skipped: Vec<NaiveDateTime> = (first.iter_days())
        .take_while(|d| d <= last)
        .filter(|d| ruled(d) && days.binary_search(d).is_err())
        .map(|d| d.and_time(start.time()))
        .collect();
    e.add(
        "RRULE",
        Value::Recur {
            weekdays,
            until: last.and_time(start.time()),
            tz,
        },
    );
    if !skipped.is_empty() {
        e.add("EXDATE", Value::ZonedList(skipped, tz));
    }
}

/// Whether a window is written with a time at either end (or opens at a
/// time, until further notice), so its event needs times, not days.
fn window_has_times(start: Bound, end: Option<Bound>) -> bool {
    matches!(start, Bound::At(_)) || matches!(end, Some(Bound::At(_)))
}

/// A window from moment to moment (a day end from its start to its end);
/// one whose end is not set yet marks its opening.
fn timed_window(start: Bound, end: Option<Bound>) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let opens = start.opens();
    let closes = match end {
        Some(end) => end.closes()?,
        None => opens + MOMENT_LENGTH,
    };
    Some((opens, closes))
}

/// The booking window of a session that must be booked first, in the
/// campaign's files and in those of the schools that attend it (all, when
/// it has no slots). Timed from the first moment to the last, so phones
/// remind students when booking opens.
pub fn booking(scope: &Scope, s: &Session) -> Option<Event> {
    let (c, lang) = (scope.campaign, scope.lang);
    let b = s.booking.as_ref()?;
    if scope.school.is_some_and(|school| !c.attends(s, &school.id)) {
        return None;
    }
    if s.status == SessionStatus::Cancelled {
        return None;
    }
    let (opens, closes) = timed_window(b.start, b.end)?;
    let label = session_label(scope, s);
    let booking = scope.text("calendar-booking", &[("session", label)]);
    let summary = scope.title(&scope.labelled(booking, &s.audience));
    let mut channel = b.channel.get(lang).to_string();
    if let Some(url) = &b.url {
        channel = scope.aside(channel, url.clone());
    }
    let mut lines = vec![scope.text("calendar-booking-channel", &[("channel", channel)])];
    if let Some(rule) = &b.rule {
        lines.push(rule.get(lang).to_string());
    }
    scope.details(&mut lines);
    // The same window for every school: one event, with one UID.
    let uid = scope.uid("booking", s.published_id(), None, 0);
    let mut e = scope.vevent(&uid, &summary);
    e.add("DTSTART", Value::Zoned(opens, c.timezone))
        .add("DTEND", Value::Zoned(closes, c.timezone))
        .add("DESCRIPTION", Value::Text(lines.join("\n")))
        .add("STATUS", Value::Token("CONFIRMED"))
        .add("TRANSP", Value::Token("TRANSPARENT"));
    Some(Event {
        key: (opens, uid),
        component: e,
    })
}

/// What a session is called in an event: its title, or its venues' names.
fn session_label(scope: &Scope, s: &Session) -> String {
    let (c, lang) = (scope.campaign, scope.lang);
    match &s.title {
        Some(title) => title.get(lang).to_string(),
        None => s
            .venues
            .iter()
            .filter_map(|id| c.venue(id))
            .map(|v| v.name.get(lang))
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

/// A dated deadline as an event: on its day for the school in a school's
/// file, where a deadline counted from each school's slot falls on that
/// school's date. `None` for a relative deadline (each student's date
/// differs), for a counted one whose date differs between schools in the
/// campaign's files, and, in a school's file, for one not applying to it.
pub fn deadline(scope: &Scope, d: &Deadline) -> Option<Event> {
    let (c, lang) = (scope.campaign, scope.lang);
    let school = scope.school.map(|s| s.id.as_str());
    if school.is_some_and(|s| !d.applies_to(s)) {
        return None;
    }
    // All-day events end on the (exclusive) next day.
    let zoned = |at: NaiveDateTime| Value::Zoned(at, c.timezone);
    let (start, end, key, all_day) = match &d.when {
        When::At(at) => (
            zoned(*at - MOMENT_LENGTH),
            zoned(*at),
            *at - MOMENT_LENGTH,
            false,
        ),
        // A window with a time at either end runs from moment to moment
        // (a day end from its start to its end); one whose end is not set
        // yet marks its opening.
        When::Window { start, end } if window_has_times(*start, *end) => {
            let (opens, closes) = timed_window(*start, *end)?;
            (zoned(opens), zoned(closes), opens, false)
        }
        _ => {
            let (first, last) = c.deadline_days(d, school)?;
            (
                Value::Date(first),
                Value::Date(last.succ_opt()?),
                first.and_time(NaiveTime::MIN),
                true,
            )
        }
    };
    let summary = scope.title(&scope.labelled(d.title.get(lang).to_string(), &d.audience));
    let mut lines = Vec::new();
    if let Some(note) = &d.note {
        lines.push(note.get(lang).to_string());
    }
    scope.venue_details(&mut lines, d.venue.as_slice());
    scope.fee_details(&mut lines, &d.fees);
    scope.contact_details(&mut lines, &d.contacts);
    scope.details(&mut lines);
    // One UID for a deadline with one date for every school; one per
    // school for a deadline counted from each school's slot, whose dates
    // differ: those are really one deadline per school.
    let own = c.deadline_days(d, None).is_none();
    let uid = scope.uid(
        "deadline",
        d.published_id(),
        scope.school.filter(|_| own),
        0,
    );
    let mut e = scope.vevent(&uid, &summary);
    e.add("DTSTART", start).add("DTEND", end);
    if let Some(venue) = &d.venue {
        e.add(
            "LOCATION",
            Value::Text(scope.location(std::slice::from_ref(venue))),
        );
    }
    e.add("DESCRIPTION", Value::Text(lines.join("\n")))
        .add("STATUS", Value::Token("CONFIRMED"))
        // A deadline does not make anyone busy.
        .add("TRANSP", Value::Token("TRANSPARENT"));
    // Reminders count back from when the deadline passes: the event's end.
    for before in &c.reminders.deadlines {
        let before = match all_day {
            true => all_day_alarm(*before),
            false => *before,
        };
        let trigger = Property::new("TRIGGER", Value::Duration(-before)).param("RELATED", "END");
        e.child(alarm(&summary, trigger));
    }
    Some(Event {
        key: (key, uid),
        component: e,
    })
}

/// How long before an all-day event's end (midnight after its last day)
/// a reminder `before` it rings: at [`ALL_DAY_ALARM_HOUR`], as many whole
/// days before the last day as `before` reaches (at least one): "1d"
/// rings at 09:00 the day before.
fn all_day_alarm(before: TimeDelta) -> TimeDelta {
    let days = (before.num_seconds() + 86_399) / 86_400;
    TimeDelta::days(days.max(1)) + TimeDelta::hours(24 - ALL_DAY_ALARM_HOUR)
}

fn alarm(summary: &str, trigger: Property) -> Component {
    let mut a = Component::new("VALARM");
    a.add("ACTION", Value::Token("DISPLAY"))
        .add("DESCRIPTION", Value::Text(summary.to_string()))
        .push(trigger);
    a
}

/// The host of the base URL, for UIDs: `notices.example.edu.cn`.
pub fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    host.split(':').next().unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://notices.example.edu.cn/"),
            "notices.example.edu.cn"
        );
        assert_eq!(host("http://u@localhost:1111/sub/"), "localhost");
    }
}
