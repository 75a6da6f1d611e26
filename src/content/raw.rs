//! The YAML files as written, before validation.
//!
//! These structs mirror the files field for field. Every value that can be
//! wrong on its own (a date, an id, a reference) is kept as a spanned string,
//! so validation can report *all* bad values with their line and column
//! instead of stopping at the first one as a typed deserializer would.
//! Unknown keys are collected by `serde_ignored` in the loader, also all at
//! once. Validation turns these into the domain types of [`crate::model`].

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostic::Pos;

/// A spanned value: the YAML value with the place it was written.
pub type S<T> = Spanned<T>;

/// Where a spanned value was written.
pub fn pos<T>(s: &S<T>) -> Pos {
    Pos::new(s.referenced.line(), s.referenced.column())
}

/// A text per language, written as a mapping from language tag to text:
/// `{zh-CN: 学生活动中心, en: Student Activity Center}`. Kept as a list of
/// entries (not a map) so duplicates and unknown languages can be reported
/// at the text they label. (Keys are plain strings: `serde_ignored`, which
/// finds unknown fields, accepts only string keys.)
#[derive(Debug, Default)]
pub struct Text(pub Vec<(String, S<String>)>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("one text per language")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut entries = Vec::new();
                while let Some(lang) = map.next_key::<String>()? {
                    entries.push((lang, map.next_value()?));
                }
                Ok(Text(entries))
            }
        }
        // `any`, not `map`: a plain text then fails with this visitor's
        // `expecting`, which names what is missing ("one text per language").
        deserializer.deserialize_any(TextVisitor)
    }
}

/// `noticeboard.yaml` at the site root.
#[derive(Debug, Deserialize)]
pub struct SiteFile {
    pub title: S<Text>,
    pub base_url: S<String>,
    pub languages: S<Vec<S<String>>>,
    pub timezone: Option<S<String>>,
    #[serde(default)]
    pub theme: Option<S<String>>,
    #[serde(default)]
    pub allow_raw_html: bool,
    #[serde(default)]
    pub allow_external_resources: bool,
    /// How many days a deleted event stays in the feeds, cancelled, after
    /// its end.
    #[serde(default)]
    pub keep_cancelled_days: Option<S<u32>>,
    /// Who besides students the notices give tasks to.
    #[serde(default)]
    pub roles: Vec<S<RoleEntry>>,
}

#[derive(Debug, Deserialize)]
pub struct RoleEntry {
    pub id: S<String>,
    pub name: S<Text>,
}

/// `content/<campaign-id>/campaign.yaml`.
#[derive(Debug, Deserialize)]
pub struct CampaignFile {
    pub id: S<String>,
    pub title: S<Text>,
    pub document_number: Option<S<Text>>,
    /// A few words naming the campaign, for calendar event titles.
    pub short_title: Option<S<Text>>,
    pub issuer: S<Text>,
    /// The issuing office's e-mail address, the calendars' ORGANIZER.
    pub issuer_email: Option<S<String>>,
    pub published: S<String>,
    pub updated: S<String>,
    /// The SEQUENCE calendar events start from when first published.
    pub revision: Option<S<u32>>,
    pub timezone: Option<S<String>>,
    /// The site languages the notice is published in; all of them if left out.
    pub languages: Option<S<Vec<S<String>>>>,
    /// The language whose text prevails.
    pub original: Option<S<String>>,
    pub audience: S<Text>,
    pub eligibility: S<Text>,
    pub published_by: Option<S<Text>>,
    pub reviewed_by: Option<S<Text>>,
    #[serde(default)]
    pub campuses: Vec<S<CampusEntry>>,
    #[serde(default)]
    pub venues: Vec<S<VenueEntry>>,
    #[serde(default)]
    pub schools: Vec<S<SchoolEntry>>,
    #[serde(default)]
    pub sessions: Vec<S<SessionEntry>>,
    #[serde(default)]
    pub deadlines: Vec<S<DeadlineEntry>>,
    #[serde(default)]
    pub steps: Vec<S<StepEntry>>,
    #[serde(default)]
    pub requirements: Vec<S<RequirementEntry>>,
    #[serde(default)]
    pub fees: Vec<S<FeeEntry>>,
    #[serde(default)]
    pub contacts: Vec<S<ContactEntry>>,
    #[serde(default)]
    pub links: Vec<S<LinkEntry>>,
    #[serde(default)]
    pub attachments: Vec<S<AttachmentEntry>>,
    pub reminders: Option<S<RemindersEntry>>,
    /// How long a session given a start only (`"18:30"`) lasts on
    /// calendars, in minutes; 60 when left out.
    pub default_session_minutes: Option<S<u32>>,
    /// A spreadsheet whose rows are slots, matched to sessions by date.
    pub slots_from: Option<S<super::sheet::SlotsFrom>>,
}

#[derive(Debug, Deserialize)]
pub struct CampusEntry {
    pub id: S<String>,
    pub name: S<Text>,
}

#[derive(Debug, Deserialize)]
pub struct VenueEntry {
    pub id: S<String>,
    pub name: S<Text>,
    pub campus: Option<S<String>>,
    pub address: Option<S<Text>>,
    pub directions: Option<S<Text>>,
    #[serde(default)]
    pub hours: Vec<S<String>>,
    #[serde(default)]
    pub phones: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
pub struct SchoolEntry {
    pub id: S<String>,
    /// The id it had when first published, if renamed since.
    pub was: Option<S<String>>,
    pub name: S<Text>,
    pub campus: Option<S<String>>,
    pub contact: Option<S<SchoolContactEntry>>,
}

#[derive(Debug, Deserialize)]
pub struct SchoolContactEntry {
    pub person: Option<S<Text>>,
    pub phone: Option<S<String>>,
    pub email: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
pub struct SessionEntry {
    pub id: S<String>,
    /// The id it had when first published, if renamed since.
    pub was: Option<S<String>>,
    pub title: Option<S<Text>>,
    /// Required unless listed in `pending`, as are `times` and `venues`;
    /// `dates` or `repeat` instead for a session held on several days.
    pub date: Option<S<String>>,
    pub dates: Option<S<Vec<S<String>>>>,
    pub repeat: Option<S<RepeatEntry>>,
    pub times: Option<S<Vec<S<String>>>>,
    pub venues: Option<S<Vec<S<String>>>>,
    /// Which of `date`, `times` and `venues` are to be announced.
    #[serde(default)]
    pub pending: Vec<S<String>>,
    /// What the notice says about them meanwhile ("around mid-October").
    pub pending_note: Option<S<Text>>,
    pub campus: Option<S<String>>,
    #[serde(default)]
    pub arrive_early_minutes: Option<S<u32>>,
    pub status: Option<S<String>>,
    #[serde(default)]
    pub slots: Vec<S<SlotEntry>>,
    /// A spreadsheet whose rows are this session's slots, instead of `slots`.
    pub slots_from: Option<S<super::sheet::SlotsFrom>>,
    pub note: Option<S<Text>>,
    /// Set when a weekend date is intended, which stops the warning.
    #[serde(default)]
    pub weekend: bool,
    /// When students must book a place before coming, and how.
    pub booking: Option<S<BookingEntry>>,
    /// Check-in rounds: the times students are let in, batch by batch.
    #[serde(default)]
    pub rounds: Vec<S<String>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml.
    pub audience: Option<S<String>>,
    /// The part of the students it is for (a cohort, women, students
    /// abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
    /// Fee ids and contact ids its calendar events name.
    #[serde(default)]
    pub fees: Vec<S<String>>,
    #[serde(default)]
    pub contacts: Vec<S<String>>,
}

/// A session held on some weekdays between two dates.
#[derive(Debug, Deserialize)]
pub struct RepeatEntry {
    pub weekdays: S<Vec<S<String>>>,
    pub from: S<String>,
    pub until: S<String>,
    /// Days left out: dates, or ranges `2025-10-01..2025-10-08`.
    #[serde(default)]
    pub except: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
pub struct BookingEntry {
    /// The booking window: `start` with `end`, or with
    /// `until_further_notice: true`.
    pub start: S<String>,
    pub end: Option<S<String>>,
    #[serde(default)]
    pub until_further_notice: Option<S<bool>>,
    /// Where to book: a website, a WeChat mini program, an office.
    pub channel: S<Text>,
    pub url: Option<S<String>>,
    /// A rule such as "one session of each kind per person".
    pub rule: Option<S<Text>>,
}

/// Exactly one of `time`, `times` and `whole_session: true`; `schools`, a
/// `group`, or both.
#[derive(Debug, Deserialize)]
pub struct SlotEntry {
    pub time: Option<S<String>>,
    pub times: Option<S<Vec<S<String>>>>,
    #[serde(default)]
    pub whole_session: Option<S<bool>>,
    /// Tells a school's several slots in one session apart (a cohort).
    pub label: Option<S<Text>>,
    pub schools: Option<S<Vec<S<String>>>>,
    /// Who the slot is for when that is not a school ("international students").
    pub group: Option<S<Text>>,
}

#[derive(Debug, Deserialize)]
pub struct DeadlineEntry {
    pub id: S<String>,
    /// The id it had when first published, if renamed since.
    pub was: Option<S<String>>,
    pub title: S<Text>,
    pub note: Option<S<Text>>,
    /// Exactly one of `date`, `at`, `start`+`end` (or `start` with
    /// `until_further_notice: true`), `relative`, `before` or `after`.
    pub date: Option<S<String>>,
    pub at: Option<S<String>>,
    pub start: Option<S<String>>,
    pub end: Option<S<String>>,
    /// A window whose end the notice has not set yet (`start` without `end`).
    #[serde(default)]
    pub until_further_notice: Option<S<bool>>,
    pub relative: Option<S<RelativeEntry>>,
    pub before: Option<S<CountedEntry>>,
    pub after: Option<S<CountedEntry>>,
    #[serde(default)]
    pub schools: Option<S<Vec<S<String>>>>,
    pub venue: Option<S<String>>,
    /// The part of the students it is for (a cohort, women, students
    /// abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml.
    pub audience: Option<S<String>>,
    /// Fee ids and contact ids its calendar events name.
    #[serde(default)]
    pub fees: Vec<S<String>>,
    #[serde(default)]
    pub contacts: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
pub struct RelativeEntry {
    pub after: S<Text>,
    pub days: Option<S<u32>>,
    pub working_days: Option<S<u32>>,
    pub months: Option<S<u32>>,
}

/// `before:` or `after:` a session, each school's slot or another deadline:
/// `{session: indoor-test, working_days: 3}`.
#[derive(Debug, Deserialize)]
pub struct CountedEntry {
    /// Exactly one of `session`, `slot` and `deadline`.
    pub session: Option<S<String>>,
    pub slot: Option<S<SessionIds>>,
    pub deadline: Option<S<String>>,
    /// Exactly one of `days` and `working_days`.
    pub days: Option<S<u32>>,
    pub working_days: Option<S<u32>>,
}

/// One session id or a list of them: `slot: indoor-test` or
/// `slot: [south-day, east-day]`. A single id has the position of the
/// whole value.
#[derive(Debug)]
pub enum SessionIds {
    One(String),
    Many(Vec<S<String>>),
}

impl<'de> Deserialize<'de> for SessionIds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SessionIds, D::Error> {
        struct IdsVisitor;
        impl<'de> Visitor<'de> for IdsVisitor {
            type Value = SessionIds;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a session id or a list of session ids")
            }
            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<SessionIds, E> {
                Ok(SessionIds::One(id.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SessionIds, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element()? {
                    ids.push(id);
                }
                Ok(SessionIds::Many(ids))
            }
        }
        deserializer.deserialize_any(IdsVisitor)
    }
}

#[derive(Debug, Deserialize)]
pub struct StepEntry {
    pub id: S<String>,
    pub title: S<Text>,
    pub text: Option<S<Text>>,
    #[serde(default)]
    pub attachments: Vec<S<String>>,
    #[serde(default)]
    pub deadlines: Vec<S<String>>,
    /// The part of the students it is for (a cohort, women, students
    /// abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml.
    pub audience: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
pub struct RequirementEntry {
    pub id: S<String>,
    pub category: S<String>,
    pub text: S<Text>,
    /// The one session it belongs to, if it is not for every session.
    pub session: Option<S<String>>,
    /// The part of the students it is for (a cohort, women, students
    /// abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml.
    pub audience: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
pub struct FeeEntry {
    pub id: S<String>,
    pub amount: S<String>,
    pub currency: S<String>,
    pub covers: S<Text>,
    pub payment: Option<S<Text>>,
}

#[derive(Debug, Deserialize)]
pub struct ContactEntry {
    pub id: S<String>,
    pub name: S<Text>,
    pub role: Option<S<Text>>,
    pub office: Option<S<Text>>,
    #[serde(default)]
    pub phones: Vec<S<String>>,
    #[serde(default)]
    pub emails: Vec<S<String>>,
    pub hours: Option<S<HoursEntry>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml.
    pub audience: Option<S<String>>,
    /// The part of the students it is for (a cohort, women, students
    /// abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
}

#[derive(Debug, Deserialize)]
pub struct HoursEntry {
    pub days: S<String>,
    #[serde(default)]
    pub times: Vec<S<String>>,
    pub note: Option<S<Text>>,
}

#[derive(Debug, Deserialize)]
pub struct LinkEntry {
    pub id: S<String>,
    pub title: S<Text>,
    pub url: S<String>,
}

#[derive(Debug, Deserialize)]
pub struct AttachmentEntry {
    pub id: S<String>,
    pub number: S<String>,
    pub title: S<Text>,
}

#[derive(Debug, Deserialize)]
pub struct RemindersEntry {
    #[serde(default)]
    pub sessions: Vec<S<String>>,
    #[serde(default)]
    pub deadlines: Vec<S<String>>,
}
