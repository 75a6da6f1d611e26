//! What a Markdown body (a Tera template) sees: the campaign, and on a
//! school's page the school, resolved to one language and pre-formatted, so
//! authors write `{{ s.date_text }}` rather than formatting code.

use std::collections::BTreeMap;

use serde::Serialize;

use super::format;
use crate::locales::Locales;
use crate::model::{Anchor, Bound, Campaign, Deadline, School, Session, SessionStatus, When};

#[derive(Serialize)]
pub struct CampaignView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub document_number: Option<&'a str>,
    pub issuer: &'a str,
    pub published: String,
    pub published_text: String,
    pub audience: &'a str,
    pub sessions: Vec<SessionView<'a>>,
    pub deadlines: Vec<DeadlineView<'a>>,
    /// The same sessions and deadlines by id, so a body can state one's
    /// date where its text needs it rather than typing the date again:
    /// `{{ campaign.session["zhuhai"].date_text }}`.
    pub session: BTreeMap<&'a str, SessionView<'a>>,
    pub deadline: BTreeMap<&'a str, DeadlineView<'a>>,
}

#[derive(Serialize)]
pub struct SessionView<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    /// `YYYY-MM-DD`, or empty while the date is to be announced (the
    /// `_text` fields then say so).
    pub date: String,
    pub date_text: String,
    /// Every time range, formatted: `09:00–12:00、13:30–17:00`.
    pub times_text: String,
    /// The venue names, joined.
    pub venue_text: String,
    pub cancelled: bool,
    /// On a school's page: the school's slot, and when to arrive for it.
    pub slot_text: Option<String>,
    pub arrive_by: Option<String>,
    /// The role it is for (`school-office`), or none for students: a body
    /// can keep to the students' items with `{% if not s.role %}`.
    pub role: Option<&'a str>,
}

#[derive(Serialize)]
pub struct DeadlineView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The date or window as text, or the rule for relative deadlines.
    pub when_text: String,
    /// The role it is for, or none for students (see [`SessionView::role`]).
    pub role: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SchoolView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub sessions: Vec<SessionView<'a>>,
    pub deadlines: Vec<DeadlineView<'a>>,
}

pub fn campaign<'a>(loc: &Locales, c: &'a Campaign, lang: &str) -> CampaignView<'a> {
    CampaignView {
        id: &c.id,
        title: c.title.get(lang),
        document_number: c.document_number.as_ref().map(|d| d.get(lang)),
        issuer: c.issuer.get(lang),
        published: c.published.to_string(),
        published_text: format::date_short(loc, lang, c.published),
        audience: c.audience.get(lang),
        sessions: c
            .sessions
            .iter()
            .map(|s| session(loc, c, s, None, lang))
            .collect(),
        deadlines: c
            .deadlines
            .iter()
            .map(|d| deadline(loc, c, d, None, lang))
            .collect(),
        session: (c.sessions.iter())
            .map(|s| (s.id.as_str(), session(loc, c, s, None, lang)))
            .collect(),
        deadline: (c.deadlines.iter())
            .map(|d| (d.id.as_str(), deadline(loc, c, d, None, lang)))
            .collect(),
    }
}

pub fn school<'a>(
    loc: &Locales,
    c: &'a Campaign,
    school: &'a School,
    lang: &str,
) -> SchoolView<'a> {
    SchoolView {
        id: &school.id,
        name: school.name.get(lang),
        sessions: c
            .sessions_for(&school.id)
            .map(|s| session(loc, c, s, Some(&school.id), lang))
            .collect(),
        deadlines: c
            .deadlines_for(&school.id)
            .map(|d| deadline(loc, c, d, Some(&school.id), lang))
            .collect(),
    }
}

fn session<'a>(
    loc: &Locales,
    c: &'a Campaign,
    s: &'a Session,
    school: Option<&str>,
    lang: &str,
) -> SessionView<'a> {
    let span = school.and_then(|id| s.school_span(id));
    let arrive =
        |start: chrono::NaiveTime| start - chrono::Duration::minutes(s.arrive_early_minutes.into());
    SessionView {
        id: &s.id,
        title: s.title.as_ref().map(|t| t.get(lang)),
        date: s.date.map(|d| d.to_string()).unwrap_or_default(),
        date_text: format::session_days(loc, lang, s, None),
        times_text: format::session_times(loc, lang, &s.times),
        venue_text: if s.venues.is_empty() {
            loc.text(lang, "pending", &[])
        } else {
            format::list(
                loc,
                lang,
                s.venues
                    .iter()
                    .filter_map(|id| c.venue(id))
                    .map(|v| v.name.get(lang).to_string()),
            )
        },
        cancelled: s.status == SessionStatus::Cancelled,
        slot_text: school.map(|id| {
            format::school_slots(loc, lang, s.slots_for(id))
                .unwrap_or_else(|| format::session_times(loc, lang, &s.times))
        }),
        arrive_by: span.map(|span| format::time(arrive(span.start))),
        role: s.audience.role(),
    }
}

fn deadline<'a>(
    loc: &Locales,
    c: &Campaign,
    d: &'a Deadline,
    school: Option<&str>,
    lang: &str,
) -> DeadlineView<'a> {
    DeadlineView {
        id: &d.id,
        title: d.title.get(lang),
        when_text: when_text(loc, c, d, school, lang),
        role: d.audience.role(),
    }
}

/// The date or window as text (for `school`, or campaign-wide), or the rule
/// for a deadline relative to each student, and for one counted from each
/// school's slot whose date differs between schools.
pub fn when_text(
    loc: &Locales,
    c: &Campaign,
    d: &Deadline,
    school: Option<&str>,
    lang: &str,
) -> String {
    match &d.when {
        When::Date(day) => format::date_long(loc, lang, *day),
        When::At(moment) => {
            let key = format::memo_key("when-at", lang, &[('t', moment.and_utc().timestamp())]);
            loc.remembered(key, || format::moment(loc, lang, *moment))
        }
        When::Window { start, end } => {
            let bound = |b: Option<Bound>| match b {
                Some(Bound::Day(day)) => ('d', format::day_number(day)),
                Some(Bound::At(at)) => ('t', at.and_utc().timestamp()),
                None => ('-', 0),
            };
            let key = format::memo_key("when-window", lang, &[bound(Some(*start)), bound(*end)]);
            loc.remembered(key, || format::window(loc, lang, *start, *end))
        }
        When::Relative { after, offset } => loc
            .remembered(format!("when {lang} {after:?} {offset:?}"), || {
                format::relative(loc, lang, after.get(lang), *offset)
            }),
        When::Counted(counted) => match c.deadline_days(d, school) {
            Some((day, _)) => format::date_long(loc, lang, day),
            None => {
                let anchor = match &counted.from {
                    Anchor::Slot(_) => loc.text(lang, "counted-anchor-slot", &[]),
                    Anchor::Deadline(id) => {
                        let title = c.deadlines.iter().find(|x| &x.id == id);
                        let title = title.map(|x| x.title.get(lang)).unwrap_or_default();
                        loc.text(lang, "counted-anchor-deadline", &[("title", title.into())])
                    }
                    Anchor::Session(id) => match c.sessions.iter().find(|s| &s.id == id) {
                        Some(s) => format::session_date(loc, lang, s.date),
                        None => String::new(),
                    },
                };
                format::counted(loc, lang, counted, anchor)
            }
        },
    }
}
