//! The domain: a site of campaigns, each with its venues, sessions, schools,
//! deadlines, steps, requirements, fees, contacts and attachments.
//!
//! Values of these types have passed validation: every reference resolves,
//! every localized text has every configured language, every date parses.
//! Later stages (plan, render) rely on that and never re-check.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use crate::workdays;
pub use crate::workdays::Direction;

/// A text in every configured language, keyed by language tag (`zh-CN`, `en`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Localized(pub BTreeMap<String, String>);

impl Localized {
    /// The text in `lang`. Validation guarantees every configured language is
    /// present; an unconfigured one falls back to the empty string.
    pub fn get(&self, lang: &str) -> &str {
        self.0.get(lang).map(String::as_str).unwrap_or("")
    }
}

/// The site configuration (`noticeboard.yaml`).
#[derive(Clone, Debug)]
pub struct Site {
    pub title: Localized,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// Configured languages; the first is the default.
    pub languages: Vec<String>,
    pub timezone: Tz,
    pub theme: String,
    pub allow_raw_html: bool,
    /// Whether bodies may make pages load images and other files from other
    /// sites; off, each such address is an error (pages promise no external
    /// requests: students read them in WeChat, in China).
    pub allow_external_resources: bool,
    /// Who besides students the notices give tasks to (school offices,
    /// class leaders, teachers), named once here for every campaign.
    pub roles: Vec<Role>,
    /// How long an event deleted from the content stays in the feeds,
    /// cancelled, after its end (see [`crate::record`]).
    pub keep_cancelled: chrono::TimeDelta,
}

impl Site {
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }
}

/// People a notice gives tasks to who are not students: a school office
/// collects forms, class leaders gather their classes, teachers keep order.
/// Their items are kept apart from students' (a section of their own on
/// school pages, a staff calendar per school), so no student is reminded
/// of a task that is not theirs.
#[derive(Clone, Debug)]
pub struct Role {
    pub id: String,
    pub name: Localized,
}

/// Whom a session, deadline, step, requirement or contact is for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Audience {
    /// Every student concerned: the default.
    #[default]
    Students,
    /// A part of the students (a cohort, women, students abroad): still a
    /// student item, labelled with who it is for.
    Part(Localized),
    /// A role of the site (see [`Role`]), by id.
    Role(String),
}

impl Audience {
    /// Whether students (all, or a part of them) are the ones to act: the
    /// item is on students' pages and in their calendars.
    pub fn is_students(&self) -> bool {
        !matches!(self, Audience::Role(_))
    }

    /// The role's id, for an item that is a role's.
    pub fn role(&self) -> Option<&str> {
        match self {
            Audience::Role(id) => Some(id),
            _ => None,
        }
    }

    /// The part of the students, for an item that is for part of them.
    pub fn part(&self) -> Option<&Localized> {
        match self {
            Audience::Part(who) => Some(who),
            _ => None,
        }
    }
}

/// A campaign: one announcement with everything it schedules.
#[derive(Clone, Debug)]
pub struct Campaign {
    pub id: String,
    pub title: Localized,
    pub document_number: Option<Localized>,
    /// A few words naming the campaign ("毕业证书相片采集"), after each
    /// calendar event's item, where the long title would hide the item.
    pub short_title: Option<Localized>,
    pub issuer: Localized,
    /// The issuing office's e-mail address: the ORGANIZER of every
    /// calendar event (RFC 5546 wants one in a METHOD:PUBLISH feed).
    pub issuer_email: Option<String>,
    pub published: NaiveDate,
    /// Local date-time in `timezone` of the last change; drives DTSTAMP and
    /// LAST-MODIFIED so output is deterministic.
    pub updated: NaiveDateTime,
    pub revision: u32,
    pub timezone: Tz,
    /// The site languages the campaign is published in, as campaign.yaml
    /// lists them (the site's, in its order, when it does not): many
    /// notices exist only in Chinese. Its texts and Markdown files have
    /// exactly these languages, and its pages and calendars exist only in
    /// them.
    pub languages: Vec<String>,
    /// The language whose text prevails, when campaign.yaml names it: pages
    /// in the campaign's other languages then say they are translations
    /// and link to it. Without it no page claims to be a translation.
    pub original: Option<String>,
    pub audience: Localized,
    /// Markdown.
    pub eligibility: Localized,
    pub published_by: Option<Localized>,
    pub reviewed_by: Option<Localized>,
    pub campuses: Vec<Campus>,
    pub venues: Vec<Venue>,
    pub schools: Vec<School>,
    pub sessions: Vec<Session>,
    pub deadlines: Vec<Deadline>,
    pub steps: Vec<Step>,
    pub requirements: Vec<Requirement>,
    pub fees: Vec<Fee>,
    pub contacts: Vec<Contact>,
    pub links: Vec<Link>,
    pub attachments: Vec<Attachment>,
    pub reminders: Reminders,
    /// Markdown bodies (Tera templates) per language.
    pub notice: BTreeMap<String, Document>,
    /// The files of the campaign folder the site publishes (attachment
    /// files, and the images and files Markdown links to), by path inside
    /// the folder. Each is published once for the whole campaign, however
    /// many pages and languages show it.
    pub files: BTreeMap<String, PublishedFile>,
}

impl Campaign {
    /// One line naming the campaign in a list (the Atom feed, the JSON
    /// export): its document number, or else its audience.
    pub fn summary(&self, lang: &str) -> &str {
        (self.document_number.as_ref())
            .unwrap_or(&self.audience)
            .get(lang)
    }

    pub fn has_language(&self, lang: &str) -> bool {
        self.languages.iter().any(|l| l == lang)
    }

    /// The language a reader of a language the campaign lacks is sent to:
    /// its original, or else its first language.
    pub fn lead_language(&self) -> &str {
        let first = self.languages.first().map(String::as_str);
        self.original.as_deref().or(first).unwrap_or_default()
    }

    pub fn venue(&self, id: &str) -> Option<&Venue> {
        self.venues.iter().find(|v| v.id == id)
    }

    pub fn campus(&self, id: &str) -> Option<&Campus> {
        self.campuses.iter().find(|c| c.id == id)
    }

    pub fn school(&self, id: &str) -> Option<&School> {
        self.schools.iter().find(|s| s.id == id)
    }

    pub fn attachment(&self, id: &str) -> Option<&Attachment> {
        self.attachments.iter().find(|a| a.id == id)
    }

    /// The file of attachment `a` that readers of `lang` get, on `school`'s
    /// page or (`None`) elsewhere, and whether it is the school's own: the
    /// school's file in `lang`, its file for all languages, then the
    /// campaign's in `lang`, then the campaign's for all.
    pub fn attachment_file(
        &self,
        a: &Attachment,
        school: Option<&School>,
        lang: &str,
    ) -> Option<(&PublishedFile, bool)> {
        let own = school
            .and_then(|s| s.files.get(&a.id))
            .and_then(|choice| choice.get(lang));
        let (name, own) = match own {
            Some(name) => (name, true),
            None => (a.file.get(lang)?, false),
        };
        Some((self.files.get(name)?, own))
    }

    /// The sessions a school attends (see [`Campaign::attends`]).
    pub fn sessions_for<'a>(&'a self, school: &'a str) -> impl Iterator<Item = &'a Session> + 'a {
        self.sessions
            .iter()
            .filter(move |s| self.attends(s, school))
    }

    /// Whether `school` comes to session `s`: by a slot naming it or, for
    /// a session without slots (open to everyone, or to everyone on its
    /// campus), by being on that campus.
    pub fn attends(&self, s: &Session, school: &str) -> bool {
        if !s.slots.is_empty() {
            return s.slots_for(school).next().is_some();
        }
        let campus = self
            .schools
            .iter()
            .find(|sc| sc.id == school)
            .map(|sc| &sc.campus);
        match (&s.campus, campus) {
            (None, Some(_)) => true,
            (Some(session), Some(Some(theirs))) => session == theirs,
            _ => false,
        }
    }

    /// Whether the campaign has anything for a role (`Some(id)`) or for any
    /// role (`None`) that concerns `school`: a session it attends, a
    /// deadline that applies to it, or a step, requirement or contact
    /// (which concern every school).
    pub fn has_staff_items(&self, school: &str, role: Option<&str>) -> bool {
        let wanted = |a: &Audience| a.role().is_some_and(|r| role.is_none_or(|id| id == r));
        (self.sessions.iter()).any(|s| wanted(&s.audience) && self.attends(s, school))
            || (self.deadlines.iter()).any(|d| wanted(&d.audience) && d.applies_to(school))
            || self.steps.iter().any(|s| wanted(&s.audience))
            || self.requirements.iter().any(|r| wanted(&r.audience))
            || self.contacts.iter().any(|c| wanted(&c.audience))
    }

    /// Whether `school` has an item for a role that goes on a calendar:
    /// a session it attends whose date and times are announced, or a
    /// deadline with a date for it. Its staff feed exists only then (a
    /// calendar needs an event).
    pub fn has_staff_events(&self, school: &str) -> bool {
        let staff = |a: &Audience| !a.is_students();
        (self.sessions.iter())
            .any(|s| staff(&s.audience) && s.announced_date().is_some() && self.attends(s, school))
            || (self.deadlines.iter()).any(|d| {
                staff(&d.audience)
                    && d.applies_to(school)
                    && self.deadline_days(d, Some(school)).is_some()
            })
    }

    /// The deadlines that apply to a school: those for all schools and those naming it.
    pub fn deadlines_for<'a>(&'a self, school: &'a str) -> impl Iterator<Item = &'a Deadline> + 'a {
        self.deadlines.iter().filter(move |d| d.applies_to(school))
    }

    /// The first and last day of deadline `d` for `school`, or for the
    /// whole campaign (`None`). See [`Campaign::reckon`].
    pub fn deadline_days(
        &self,
        d: &Deadline,
        school: Option<&str>,
    ) -> Option<(NaiveDate, NaiveDate)> {
        self.reckon(d, school).map(|r| (r.first, r.last))
    }

    /// The days deadline `d` occupies for `school`, or for the whole
    /// campaign (`None`). Counted deadlines are worked out here, from the
    /// sessions and deadlines as they are now, so they follow a session
    /// that moves. Campaign-wide, a deadline counted from each school's
    /// slot has a date only when it falls on the same day for every school
    /// it applies to. `None` for a deadline relative to each student, and
    /// for one whose date differs between schools.
    pub fn reckon(&self, d: &Deadline, school: Option<&str>) -> Option<Reckoned> {
        let alone = self.reckon_in(d, school, 0);
        if alone.is_some() || school.is_some() || !matches!(d.when, When::Counted(_)) {
            return alone;
        }
        let mut each = self
            .schools
            .iter()
            .filter(|s| d.applies_to(&s.id))
            .map(|s| self.reckon_in(d, Some(&s.id), 0));
        let first = each.next()??;
        let same =
            |r: Option<Reckoned>| r.is_some_and(|r| (r.first, r.last) == (first.first, first.last));
        each.all(same).then_some(first)
    }

    /// [`Campaign::reckon`] for one school or none, `depth` deadlines
    /// down a chain of counted deadlines (validation refuses a circle; the
    /// limit keeps a circle from recursing for ever all the same).
    fn reckon_in(&self, d: &Deadline, school: Option<&str>, depth: usize) -> Option<Reckoned> {
        let fixed = |first, last| Reckoned {
            first,
            last,
            uncovered_year: None,
        };
        let counted = match &d.when {
            When::Date(day) => return Some(fixed(*day, *day)),
            When::At(at) => return Some(fixed(at.date(), at.date())),
            // Until further notice, the opening day is the only one known.
            When::Window { start, end } => {
                let last = end.map_or(start.opening_day(), |end| end.closing_day());
                return Some(fixed(start.opening_day(), last));
            }
            When::Relative { .. } => return None,
            When::Counted(counted) => counted,
        };
        let (from, uncovered_before) = match &counted.from {
            // A session still to be announced gives no date to count from.
            Anchor::Session(id) => (self.sessions.iter().find(|s| &s.id == id)?.date?, None),
            Anchor::Slot(ids) => {
                let school = school?;
                let mut sessions = self.sessions.iter().filter(|s| ids.contains(&s.id));
                (
                    sessions
                        .find(|s| s.slots_for(school).next().is_some())?
                        .date?,
                    None,
                )
            }
            Anchor::Deadline(id) => {
                if depth >= self.deadlines.len() {
                    return None;
                }
                let other = self.deadlines.iter().find(|x| &x.id == id)?;
                let r = self.reckon_in(other, school, depth + 1)?;
                let from = match counted.direction {
                    Direction::Before => r.first,
                    Direction::After => r.last,
                };
                (from, r.uncovered_year)
            }
        };
        let (day, uncovered) = match counted.count {
            Count::Days(n) => (workdays::days(from, counted.direction, n)?, None),
            Count::WorkingDays(n) => {
                let reached = workdays::working_days(from, counted.direction, n)?;
                (reached.day, reached.uncovered_year)
            }
        };
        Some(Reckoned {
            first: day,
            last: day,
            uncovered_year: uncovered_before.or(uncovered),
        })
    }
}

/// A Markdown file's source, kept with its path for error messages.
#[derive(Clone, Debug)]
pub struct Document {
    /// Path relative to the site root, `/`-separated.
    pub file: String,
    pub source: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Campus {
    pub id: String,
    pub name: Localized,
}

#[derive(Clone, Debug, Serialize)]
pub struct Venue {
    pub id: String,
    pub name: Localized,
    pub campus: Option<String>,
    pub address: Option<Localized>,
    pub directions: Option<Localized>,
    /// Opening hours, for places students visit on their own (a retake studio).
    pub hours: Vec<TimeRange>,
    pub phones: Vec<String>,
}

/// A school, department or other unit that sends students to sessions.
#[derive(Clone, Debug)]
pub struct School {
    pub id: String,
    /// The id it had when its pages and calendars were first published,
    /// when renamed since (`was:`): they keep their addresses and UIDs.
    pub was: Option<String>,
    pub name: Localized,
    pub campus: Option<String>,
    pub contact: Option<SchoolContact>,
    /// Per-language overrides of attachment guides: attachment id -> language -> document.
    pub overrides: BTreeMap<String, BTreeMap<String, Document>>,
    /// The school's own files of attachments, by attachment id.
    pub files: BTreeMap<String, FileChoice>,
}

impl School {
    /// The id its pages and calendars are published under: the one it
    /// was first published with (`was:`) when renamed since.
    pub fn published_id(&self) -> &str {
        self.was.as_deref().unwrap_or(&self.id)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct SchoolContact {
    pub person: Option<Localized>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A start and end time on one day; `end` is after `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeRange {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Whether the notice gives the end. A session written with a start
    /// only ("18:30") ends after the campaign's default length, which
    /// calendars need; pages say "from 18:30" instead of a made-up end.
    pub end_stated: bool,
}

impl TimeRange {
    pub fn overlaps(&self, other: &TimeRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(&self, other: &TimeRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl std::fmt::Display for TimeRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}–{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

impl Serialize for TimeRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionStatus {
    Scheduled,
    Cancelled,
}

/// On-site collection at one or more venues, on one day or several.
#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    /// The id it had when its events were first published, when it has
    /// been renamed since (`was:`): its events keep their UIDs and files.
    pub was: Option<String>,
    pub title: Option<Localized>,
    /// The (first) day; `None` while the date is to be announced.
    pub date: Option<NaiveDate>,
    /// The days after `date` the session is held again, the same times at
    /// the same venues; `None` for a session on one day.
    pub recurrence: Option<Recurrence>,
    /// One or more time ranges, in order, not overlapping; none while the
    /// times are to be announced.
    pub times: Vec<TimeRange>,
    /// Venue ids, all in use at once; none while the venue is to be
    /// announced.
    pub venues: Vec<String>,
    /// What the notice says about the facts still to be announced.
    pub pending_note: Option<Localized>,
    /// Students must book a place first.
    pub booking: Option<Booking>,
    pub campus: Option<String>,
    /// How many minutes before its slot a school should arrive.
    pub arrive_early_minutes: u32,
    pub status: SessionStatus,
    /// Which schools come when; empty when the notice does not assign slots.
    pub slots: Vec<Slot>,
    /// Check-in rounds (分批签到): the times students are let in, in order,
    /// each within the session's times; on every day of a session held on
    /// several. Empty when the notice gives none.
    pub rounds: Vec<NaiveTime>,
    pub note: Option<Localized>,
    /// Who comes: students, or a role (teachers keeping order).
    pub audience: Audience,
    /// The fees (ids) to pay for it, and the contacts (ids) to ask: its
    /// calendar events carry them.
    pub fees: Vec<String>,
    pub contacts: Vec<String>,
}

impl Session {
    /// The id its calendar events are published under: the one it was
    /// first published with (`was:`) when renamed since.
    pub fn published_id(&self) -> &str {
        self.was.as_deref().unwrap_or(&self.id)
    }

    /// The day, once it and the times are known: a session is in the
    /// calendars only then (an event needs both), and pages say "to be
    /// announced" for what is missing until then.
    pub fn announced_date(&self) -> Option<NaiveDate> {
        self.date.filter(|_| !self.times.is_empty())
    }

    /// Every day the session is held, in order: its date, and the days
    /// its recurrence adds. Empty while the date is to be announced.
    pub fn days(&self) -> Vec<NaiveDate> {
        match &self.recurrence {
            None => self.date.into_iter().collect(),
            Some(Recurrence::Dates(days)) => days.clone(),
            Some(Recurrence::Weekly(weekly)) => weekly.days().collect(),
        }
    }

    /// A school's slots in this session, in the order written (a school
    /// may come twice, e.g. one cohort in the morning, one after lunch).
    pub fn slots_for<'a>(&'a self, school: &'a str) -> impl Iterator<Item = &'a Slot> + 'a {
        self.slots
            .iter()
            .filter(move |s| s.schools.iter().any(|id| id == school))
    }

    /// The blocks of time a school (or, for `None`, anyone) is at the
    /// session, in order: its slots' times, or the session's, with ranges
    /// that touch or overlap joined. A lunch break or a gap between two
    /// cohorts' slots separates two blocks, each its own calendar event.
    /// Empty when the school has no slot here.
    pub fn blocks(&self, school: Option<&str>) -> Vec<TimeRange> {
        let mut times: Vec<TimeRange> = match school {
            Some(school) if !self.slots.is_empty() => self
                .slots_for(school)
                .flat_map(|s| &s.times)
                .copied()
                .collect(),
            _ => self.times.clone(),
        };
        times.sort_by_key(|t| (t.start, t.end));
        let mut blocks: Vec<TimeRange> = Vec::with_capacity(times.len());
        for t in times {
            match blocks.last_mut() {
                Some(last) if t.start <= last.end => {
                    if t.end > last.end {
                        last.end = t.end;
                        last.end_stated = t.end_stated;
                    }
                }
                _ => blocks.push(t),
            }
        }
        blocks
    }

    /// From the start of a school's first slot to the end of its last; in
    /// a session without slots, the session's own span (for a school that
    /// attends: see [`Campaign::attends`]). `None` when the school has no
    /// slot here, or the times are still to be announced.
    pub fn school_span(&self, school: &str) -> Option<TimeRange> {
        if self.slots.is_empty() {
            let last = self.times.last()?;
            return Some(TimeRange {
                start: self.times.first()?.start,
                end: last.end,
                end_stated: last.end_stated,
            });
        }
        let times = || self.slots_for(school).flat_map(|s| &s.times);
        let last = times().max_by_key(|t| t.end)?;
        Some(TimeRange {
            start: times().map(|t| t.start).min()?,
            end: last.end,
            end_stated: last.end_stated,
        })
    }
}

/// How a session is held on more than one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recurrence {
    /// On these days (`dates:`), sorted, no two alike, at least two.
    Dates(Vec<NaiveDate>),
    /// On some weekdays between two dates (`repeat:`).
    Weekly(Weekly),
}

/// "Monday to Friday, 22 September to 31 October, except 1–8 October".
/// Validation keeps `from..=until` within [`Weekly::LONGEST_DAYS`] days,
/// so walking it day by day is cheap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weekly {
    /// In week order (Monday first), no two alike.
    pub weekdays: Vec<Weekday>,
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// Days left out, as first and last day of each run (a single day is a
    /// run of one), sorted and not touching: the way pages name them.
    pub except: Vec<(NaiveDate, NaiveDate)>,
}

impl Weekly {
    /// The longest span a repeat may cover: a term is shorter, and a longer
    /// span is a typo in a year.
    pub const LONGEST_DAYS: i64 = 366;

    /// Whether `day` is on one of the weekdays.
    pub fn on_weekday(&self, day: NaiveDate) -> bool {
        self.weekdays.contains(&day.weekday())
    }

    pub fn excepted(&self, day: NaiveDate) -> bool {
        self.except.iter().any(|(a, b)| (*a..=*b).contains(&day))
    }

    /// The days the session is held: on the weekdays, from `from` to
    /// `until`, less the exceptions.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.from
            .iter_days()
            .take_while(|d| *d <= self.until)
            .filter(|d| self.on_weekday(*d) && !self.excepted(*d))
    }
}

/// Booking a place in a session: when, where, and on what terms.
#[derive(Clone, Debug)]
pub struct Booking {
    pub start: Bound,
    /// `None`: open until further notice.
    pub end: Option<Bound>,
    pub channel: Localized,
    pub url: Option<String>,
    pub rule: Option<Localized>,
}

/// A time within a session reserved for some schools, or for a group that
/// is not a school.
#[derive(Clone, Debug)]
pub struct Slot {
    /// In order; the session's own times for a slot that is the whole
    /// session (none while those are to be announced).
    pub times: Vec<TimeRange>,
    pub whole_session: bool,
    /// Tells a school's several slots in one session apart.
    pub label: Option<Localized>,
    pub schools: Vec<String>,
    pub group: Option<Localized>,
}

/// One end of a window: a whole day, or a moment ("from Monday 10:00").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Day(NaiveDate),
    At(NaiveDateTime),
}

impl Bound {
    /// The moment a window starting here opens: a day's start, or the time.
    pub fn opens(self) -> NaiveDateTime {
        match self {
            Bound::Day(day) => day.and_time(NaiveTime::MIN),
            Bound::At(at) => at,
        }
    }

    /// The moment a window ending here closes: the end of a day (the next
    /// day's start; `None` past the calendar's last day), or the time.
    pub fn closes(self) -> Option<NaiveDateTime> {
        match self {
            Bound::Day(day) => Some(day.succ_opt()?.and_time(NaiveTime::MIN)),
            Bound::At(at) => Some(at),
        }
    }

    /// The day the window opens on, starting here.
    pub fn opening_day(self) -> NaiveDate {
        match self {
            Bound::Day(day) => day,
            Bound::At(at) => at.date(),
        }
    }

    /// The last day the window is open on, ending here: an end at 00:00
    /// (written `24:00` the day before) closes at the end of the day before.
    pub fn closing_day(self) -> NaiveDate {
        match self {
            Bound::At(at) if at.time() == NaiveTime::MIN => {
                at.date().pred_opt().unwrap_or(at.date())
            }
            Bound::At(at) => at.date(),
            Bound::Day(day) => day,
        }
    }
}

/// When a deadline or window falls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum When {
    /// Due by the end of this day.
    Date(NaiveDate),
    /// Due at this local date-time.
    At(NaiveDateTime),
    /// Open from `start` to `end`; with no `end`, until further notice.
    Window { start: Bound, end: Option<Bound> },
    /// Relative to something each student does (e.g. five working days after
    /// submitting): kept as rule text plus a machine-readable offset, and not
    /// placed on a calendar.
    Relative { after: Localized, offset: Offset },
    /// Counted from a session, each school's slot or another deadline, so
    /// it follows them when they move: see [`Campaign::deadline_days`].
    Counted(Counted),
}

/// "3 working days before the indoor session": an anchor, a direction and
/// a number of days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    pub from: Anchor,
    pub direction: Direction,
    pub count: Count,
}

/// What a counted deadline counts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// A session's date, the same for every school.
    Session(String),
    /// The date of each school's own slot among these sessions; a school
    /// has a slot in one of them at most.
    Slot(Vec<String>),
    /// Another deadline: its first day when counting back, its last day
    /// when counting forward.
    Deadline(String),
}

/// How far a counted deadline is from its anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Days(u32),
    /// Working days in mainland China (see [`crate::workdays`]).
    WorkingDays(u32),
}

/// The days a deadline occupies, as [`Campaign::reckon`] works them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reckoned {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// A year the count of working days went through that the data does
    /// not cover (only weekends were taken as days off there).
    pub uncovered_year: Option<i32>,
}

/// A machine-readable distance from an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offset {
    Days(u32),
    WorkingDays(u32),
    Months(u32),
}

#[derive(Clone, Debug)]
pub struct Deadline {
    pub id: String,
    /// The id it was first published under, when renamed (`was:`).
    pub was: Option<String>,
    pub title: Localized,
    pub note: Option<Localized>,
    pub when: When,
    /// School ids this applies to; `None` means every school.
    pub schools: Option<Vec<String>>,
    pub venue: Option<String>,
    pub audience: Audience,
    /// As a session's: the fees and contacts its calendar events carry.
    pub fees: Vec<String>,
    pub contacts: Vec<String>,
}

impl Deadline {
    /// The id its calendar events are published under: the one it was
    /// first published with (`was:`) when renamed since.
    pub fn published_id(&self) -> &str {
        self.was.as_deref().unwrap_or(&self.id)
    }

    pub fn applies_to(&self, school: &str) -> bool {
        self.schools
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|id| id == school))
    }
}

#[derive(Clone, Debug)]
pub struct Step {
    pub id: String,
    pub title: Localized,
    /// Markdown.
    pub text: Option<Localized>,
    pub attachments: Vec<String>,
    pub deadlines: Vec<String>,
    pub audience: Audience,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequirementCategory {
    Documents,
    Attire,
    Appearance,
    Conduct,
    Photo,
    Other,
}

#[derive(Clone, Debug)]
pub struct Requirement {
    pub id: String,
    pub category: RequirementCategory,
    pub text: Localized,
    /// The one session it belongs to: shown on that session's card and in
    /// its event only, not with the campaign's general requirements.
    pub session: Option<String>,
    pub audience: Audience,
}

#[derive(Clone, Debug)]
pub struct Fee {
    pub id: String,
    /// Decimal amount as written (`25`, `25.50`), validated.
    pub amount: String,
    /// ISO 4217 code, e.g. `CNY`.
    pub currency: String,
    pub covers: Localized,
    pub payment: Option<Localized>,
}

#[derive(Clone, Debug)]
pub struct Contact {
    pub id: String,
    pub name: Localized,
    pub role: Option<Localized>,
    pub office: Option<Localized>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub hours: Option<Hours>,
    /// Whom to call it is: students, part of them, or a role (the office a
    /// school office reports to).
    pub audience: Audience,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Days {
    Daily,
    Weekdays,
    OfficeHours,
}

#[derive(Clone, Debug)]
pub struct Hours {
    pub days: Days,
    pub times: Vec<TimeRange>,
    pub note: Option<Localized>,
}

#[derive(Clone, Debug)]
pub struct Link {
    pub id: String,
    pub title: Localized,
    pub url: String,
}

/// A step-by-step guide shipped with the notice, with its Markdown per language.
#[derive(Clone, Debug)]
pub struct Attachment {
    pub id: String,
    /// The number the notice uses: `1`, `3-1`.
    pub number: String,
    pub title: Localized,
    /// The guide, per language; empty for an attachment that is only a file.
    pub body: BTreeMap<String, Document>,
    /// The attachment's file, if it has one.
    pub file: FileChoice,
}

/// Which file of the campaign folder an attachment offers in each
/// language: one for all languages (`attachments/<id>.<ext>`), one per
/// language (`attachments/<id>.<lang>.<ext>`), or both, the language's own
/// first. Names are keys of [`Campaign::files`].
#[derive(Clone, Debug, Default)]
pub struct FileChoice {
    pub all: Option<String>,
    pub by_lang: BTreeMap<String, String>,
}

impl FileChoice {
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.by_lang
            .get(lang)
            .or(self.all.as_ref())
            .map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_none() && self.by_lang.is_empty()
    }
}

/// A file of a campaign folder that the site publishes byte for byte.
#[derive(Clone, Debug)]
pub struct PublishedFile {
    /// Its path inside the campaign folder, `/`-separated; also where it is
    /// published, under the campaign's files folder (see `plan::file`).
    pub name: String,
    /// Where to read it when building.
    pub path: std::path::PathBuf,
    pub size: u64,
    /// Width and height in pixels, for an image.
    pub dimensions: Option<(u32, u32)>,
}

/// Calendar reminders, as durations before the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminders {
    pub sessions: Vec<chrono::Duration>,
    pub deadlines: Vec<chrono::Duration>,
}

impl Default for Reminders {
    fn default() -> Reminders {
        Reminders {
            sessions: vec![chrono::Duration::hours(1)],
            deadlines: vec![chrono::Duration::days(1)],
        }
    }
}

/// Everything the site is built from, validated.
#[derive(Clone, Debug)]
pub struct Content {
    pub site: Site,
    /// Newest first (by publish date, then id).
    pub campaigns: Vec<Campaign>,
}
