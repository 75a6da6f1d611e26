//! Calendars: iCalendar (RFC 5545, with RFC 7986's feed properties) for a
//! campaign, for each school, and for single sessions and deadlines, plus
//! the links to subscribe to them.
//!
//! Everything here is a pure function of the validated content: no clock,
//! no randomness, no file writing (the build stage writes what these
//! return to the paths in [`crate::plan`]). Building twice gives the same
//! bytes, so feeds only change when the content does.

mod details;
mod events;
mod ical;
mod publish;
mod qr;
mod subscribe;
mod timezone;

use chrono::TimeDelta;

use crate::locales::Locales;
use crate::model::{Audience, Campaign, Deadline, School, Session, Site};
use crate::plan::{self, OutPath};

use events::{Event, Scope};
use ical::{Component, Property, Value};

pub use publish::{Moment, Stamped, expiring, publish};
pub use subscribe::{Section, Subscription, subscription};
pub use timezone::to_utc;

/// How often subscribers should re-fetch a feed.
const REFRESH: TimeDelta = TimeDelta::hours(12);

/// The messages calendar files and subscriptions use, from
/// `locales/<lang>/calendar.ftl` (and the list separator of `dates.ftl`).
/// The build checks them against the locales, so a missing one fails it.
pub const MESSAGE_KEYS: &[&str] = &[
    "calendar-cancelled",
    "calendar-arrive-by",
    "calendar-times",
    "calendar-rounds",
    "calendar-slots",
    "calendar-bring",
    "calendar-requirements",
    "calendar-details",
    "calendar-aside",
    "calendar-venue-separator",
    "calendar-qr-label",
    "calendar-booking",
    "calendar-booking-channel",
    "calendar-venue-hours",
    "calendar-phone",
    "calendar-email",
    "calendar-fee",
    "calendar-payment",
    "calendar-contacts",
    "calendar-contact",
    "calendar-contact-hours",
    "list-separator",
    "time-from",
    "hours-daily",
    "hours-weekdays",
    "hours-office-hours",
];

/// The display name of a campaign's feed.
pub fn campaign_feed_name(c: &Campaign, lang: &str) -> String {
    c.title.get(lang).to_string()
}

/// The display name of a school's feed.
pub fn school_feed_name(c: &Campaign, school: &School, lang: &str) -> String {
    format!("{} · {}", c.title.get(lang), school.name.get(lang))
}

/// The display name of a school's staff feed: the school's feed name and
/// the roles it has items for ("… · 学院办公室、班长").
pub fn staff_feed_name(
    site: &Site,
    loc: &Locales,
    c: &Campaign,
    school: &School,
    lang: &str,
) -> String {
    let roles: Vec<&str> = (site.roles.iter())
        .filter(|r| c.has_staff_items(&school.id, Some(&r.id)))
        .map(|r| r.name.get(lang))
        .collect();
    let separator = loc.text(lang, "list-separator", &[]);
    format!(
        "{} · {}",
        school_feed_name(c, school, lang),
        roles.join(&separator)
    )
}

/// The display name of the campaign's feed, or of a school's.
fn feed_name(c: &Campaign, school: Option<&School>, lang: &str) -> String {
    match school {
        Some(sc) => school_feed_name(c, sc, lang),
        None => campaign_feed_name(c, lang),
    }
}

/// All students' sessions and dated deadlines of a campaign, in `lang`.
pub fn campaign_feed(site: &Site, loc: &Locales, c: &Campaign, lang: &str) -> Calendar {
    let scope = Scope::new(site, loc, c, lang, None);
    let path = plan::campaign_feed(lang, c);
    let events = feed_events(&scope, Audience::is_students);
    calendar(&scope, &campaign_feed_name(c, lang), path, events)
}

/// One school's sessions for its students, at its slot's time, and the
/// students' deadlines that apply to it, in `lang`.
pub fn school_feed(
    site: &Site,
    loc: &Locales,
    c: &Campaign,
    school: &School,
    lang: &str,
) -> Calendar {
    let scope = Scope::new(site, loc, c, lang, Some(school));
    let path = plan::school_feed(lang, c, school);
    let events = feed_events(&scope, Audience::is_students);
    calendar(&scope, &school_feed_name(c, school, lang), path, events)
}

/// What one school's offices, class leaders or teachers are to do, in
/// `lang`: the items for a role, kept out of students' feeds so no student
/// is reminded of them. The build writes it only when the school has
/// such an item on a calendar ([`Campaign::has_staff_events`]).
pub fn staff_feed(
    site: &Site,
    loc: &Locales,
    c: &Campaign,
    school: &School,
    lang: &str,
) -> Calendar {
    let scope = Scope::new(site, loc, c, lang, Some(school));
    let path = plan::staff_feed(lang, c, school);
    let events = feed_events(&scope, |a| !a.is_students());
    let name = staff_feed_name(site, loc, c, school, lang);
    calendar(&scope, &name, path, events)
}

/// The sessions, booking windows and dated deadlines for the audiences
/// `wanted` picks, as everyone sees them or as the scope's school does
/// (only its slots and the deadlines that apply to it).
fn feed_events<'a>(
    scope: &'a Scope,
    wanted: impl Fn(&Audience) -> bool + Copy + 'a,
) -> impl Iterator<Item = Event> + 'a {
    let c = scope.campaign;
    let sessions = c.sessions.iter().filter(move |s| wanted(&s.audience));
    let deadlines = c.deadlines.iter().filter(move |d| wanted(&d.audience));
    (sessions.clone().flat_map(|s| events::session(scope, s)))
        .chain(sessions.filter_map(|s| events::booking(scope, s)))
        .chain(deadlines.filter_map(|d| events::deadline(scope, d)))
}

/// One session for "add to calendar": as in the campaign feed, or, for a
/// school, at its slot as in the school's feed, with the same UIDs, so a
/// calendar app that has both in one calendar updates one entry. (Apps do
/// not match events across two calendars: an event added and the same one
/// subscribed to are shown twice.)
pub fn session_event(
    site: &Site,
    loc: &Locales,
    c: &Campaign,
    school: Option<&School>,
    session: &Session,
    lang: &str,
) -> Calendar {
    let scope = Scope::new(site, loc, c, lang, school);
    let path = match school {
        Some(sc) => plan::school_session_event(lang, c, sc, session),
        None => plan::session_event(lang, c, session),
    };
    calendar(
        &scope,
        &feed_name(c, school, lang),
        path,
        events::session(&scope, session),
    )
}

/// One deadline, as in the campaign feed and every school's (one UID). `None` for a relative
/// deadline, and for one counted from each school's slot whose date differs
/// between schools, which have no one date to put on a calendar: the build
/// writes no file.
pub fn deadline_event(
    site: &Site,
    loc: &Locales,
    c: &Campaign,
    deadline: &Deadline,
    lang: &str,
) -> Option<Calendar> {
    let scope = Scope::new(site, loc, c, lang, None);
    let event = events::deadline(&scope, deadline)?;
    Some(calendar(
        &scope,
        &campaign_feed_name(c, lang),
        plan::deadline_event(lang, c, deadline),
        Some(event),
    ))
}

/// A calendar file before publication: its head (every property and
/// VTIMEZONE, up to the events) and its events, in a fixed order, without
/// their stamps, which [`publish`] adds from the publication record.
pub struct Calendar {
    /// Its output path.
    pub path: String,
    pub name: String,
    head: String,
    events: Vec<Event>,
    origin: publish::Origin,
}

impl Calendar {
    /// The file as a first publication gives it (no record yet): what
    /// tests read; the build stamps through [`publish`].
    pub fn text(self) -> String {
        let moment = Moment {
            now: self.origin.updated,
            keep_cancelled: crate::record::KEEP_CANCELLED,
        };
        let path = self.path.clone();
        let stamped = publish(vec![self], None, &moment, "", &|s| s.to_string());
        (stamped.files.into_iter())
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text)
            .unwrap_or_default()
    }
}

/// The VCALENDAR around `events`: feed properties, a VTIMEZONE for every
/// zone the events use, then the events in a fixed order.
fn calendar(
    scope: &Scope,
    name: &str,
    file: OutPath,
    events: impl IntoIterator<Item = Event>,
) -> Calendar {
    let mut events: Vec<Event> = events.into_iter().collect();
    events.sort_by(|a, b| a.key.cmp(&b.key));
    let c = scope.campaign;
    // PUBLISH needs an ORGANIZER in every event (RFC 5546 §3.2.1), which
    // only a known address gives; a feed without METHOD is read the same.
    let mut cal = head(name, c.issuer_email.is_some());
    cal.add("X-WR-TIMEZONE", Value::Text(c.timezone.name().into()));
    refresh(&mut cal, file.absolute(&scope.site.base_url));
    cal.add("URL", Value::Uri(scope.page().to_string()));
    for (tz, first, last) in ical::zones_used(events.iter().map(|e| &e.component)) {
        cal.child(timezone::vtimezone(tz, first, last));
    }
    Calendar {
        path: file.file(),
        name: name.to_string(),
        head: open(&cal),
        events,
        origin: publish::Origin {
            updated: to_utc(c.timezone, c.updated),
            revision: c.revision,
        },
    }
}

/// The head of a file kept only for the cancelled stand-ins of events
/// that are gone (see [`publish`]), at `path`.
fn orphan_head(name: &str, path: &str, base_url: &str) -> String {
    let mut cal = head(name, false);
    refresh(&mut cal, OutPath(path.to_string()).absolute(base_url));
    open(&cal)
}

/// The properties every calendar file starts with.
fn head(name: &str, method: bool) -> Component {
    let mut cal = Component::new("VCALENDAR");
    cal.add("VERSION", Value::Token("2.0"))
        .add(
            "PRODID",
            Value::Text("-//noticeboard//noticeboard//EN".into()),
        )
        .add("CALSCALE", Value::Token("GREGORIAN"));
    if method {
        cal.add("METHOD", Value::Token("PUBLISH"));
    }
    cal.add("NAME", Value::Text(name.into()))
        .add("X-WR-CALNAME", Value::Text(name.into()));
    cal
}

/// How often to fetch the file again, and where from.
fn refresh(cal: &mut Component, source: String) {
    cal.push(
        Property::new("REFRESH-INTERVAL", Value::Duration(REFRESH)).param("VALUE", "DURATION"),
    )
    .add("X-PUBLISHED-TTL", Value::Duration(REFRESH))
    .add("SOURCE", Value::Uri(source));
}

/// A VCALENDAR's text up to where its events go: without its END line.
fn open(cal: &Component) -> String {
    let mut text = cal.serialize();
    text.truncate(text.len() - "END:VCALENDAR\r\n".len());
    text
}

#[cfg(test)]
mod tests {
    use super::MESSAGE_KEYS;

    /// Every `calendar-…` message the code looks up is in [`MESSAGE_KEYS`]
    /// (so the build checks it), and `calendar.ftl` defines no other.
    #[test]
    fn message_keys_are_the_ones_used() {
        let mut used: Vec<&str> = [
            include_str!("events.rs"),
            include_str!("details.rs"),
            include_str!("subscribe.rs"),
        ]
        .iter()
        .flat_map(|source| source.split("\"calendar-").skip(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
        used.sort_unstable();
        used.dedup();
        let mut listed: Vec<&str> = MESSAGE_KEYS
            .iter()
            .filter_map(|k| k.strip_prefix("calendar-"))
            .collect();
        listed.sort_unstable();
        assert_eq!(used, listed);
        let ftl = include_str!("../../locales/en/calendar.ftl");
        let mut defined: Vec<&str> = ftl
            .lines()
            .filter_map(|l| l.strip_prefix("calendar-")?.split(" =").next())
            .collect();
        defined.sort_unstable();
        assert_eq!(defined, listed);
    }
}
