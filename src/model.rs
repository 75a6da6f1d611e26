//! The domain: a site of campaigns, each with its venues, sessions, schools,
//! deadlines, steps, requirements, fees, contacts and attachments.
//!
//! Values of these types have passed validation: every reference resolves,
//! every localized text has every configured language, every date parses.
//! Later stages (plan, render) rely on that and never re-check.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use serde::Serialize;

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
}

impl Site {
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }
}

/// A campaign: one announcement with everything it schedules.
#[derive(Clone, Debug)]
pub struct Campaign {
    pub id: String,
    pub title: Localized,
    pub document_number: Option<Localized>,
    pub issuer: Localized,
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
}

impl Campaign {
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

    /// The sessions a school attends: those with a slot naming it.
    pub fn sessions_for<'a>(&'a self, school: &'a str) -> impl Iterator<Item = &'a Session> + 'a {
        self.sessions
            .iter()
            .filter(move |s| s.slot_for(school).is_some())
    }

    /// The deadlines that apply to a school: those for all schools and those naming it.
    pub fn deadlines_for<'a>(&'a self, school: &'a str) -> impl Iterator<Item = &'a Deadline> + 'a {
        self.deadlines.iter().filter(move |d| d.applies_to(school))
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
    pub name: Localized,
    pub campus: Option<String>,
    pub contact: Option<SchoolContact>,
    /// Per-language overrides of attachment guides: attachment id -> language -> document.
    pub overrides: BTreeMap<String, BTreeMap<String, Document>>,
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

/// One day of on-site collection at one or more venues.
#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    pub title: Option<Localized>,
    /// `None` while the date is to be announced.
    pub date: Option<NaiveDate>,
    /// One or more time ranges, in order, not overlapping; none while the
    /// times are to be announced.
    pub times: Vec<TimeRange>,
    /// Venue ids, all in use at once; none while the venue is to be
    /// announced.
    pub venues: Vec<String>,
    /// What the notice says about the facts still to be announced.
    pub pending_note: Option<Localized>,
    pub campus: Option<String>,
    /// How many minutes before its slot a school should arrive.
    pub arrive_early_minutes: u32,
    pub status: SessionStatus,
    /// Which schools come when; empty when the notice does not assign slots.
    pub slots: Vec<Slot>,
    pub note: Option<Localized>,
}

impl Session {
    /// The day, once it and the times are known: a session is in the
    /// calendars only then (an event needs both), and pages say "to be
    /// announced" for what is missing until then.
    pub fn announced_date(&self) -> Option<NaiveDate> {
        self.date.filter(|_| !self.times.is_empty())
    }

    pub fn slot_for(&self, school: &str) -> Option<&Slot> {
        self.slots
            .iter()
            .find(|s| s.schools.iter().any(|id| id == school))
    }
}

/// A time within a session reserved for some schools.
#[derive(Clone, Debug)]
pub struct Slot {
    pub time: TimeRange,
    pub schools: Vec<String>,
}

/// When a deadline or window falls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum When {
    /// Due by the end of this day.
    Date(NaiveDate),
    /// Due at this local date-time.
    At(NaiveDateTime),
    /// Open from the first day to the last, both inclusive.
    Window { start: NaiveDate, end: NaiveDate },
    /// Relative to something each student does (e.g. five working days after
    /// submitting): kept as rule text plus a machine-readable offset, and not
    /// placed on a calendar.
    Relative { after: Localized, offset: Offset },
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
    pub title: Localized,
    pub note: Option<Localized>,
    pub when: When,
    /// School ids this applies to; `None` means every school.
    pub schools: Option<Vec<String>>,
    pub venue: Option<String>,
}

impl Deadline {
    pub fn applies_to(&self, school: &str) -> bool {
        self.schools
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|id| id == school))
    }

    /// The first calendar day this deadline occupies, if it has a fixed date.
    pub fn first_day(&self) -> Option<NaiveDate> {
        match &self.when {
            When::Date(d) => Some(*d),
            When::At(dt) => Some(dt.date()),
            When::Window { start, .. } => Some(*start),
            When::Relative { .. } => None,
        }
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
    pub body: BTreeMap<String, Document>,
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
