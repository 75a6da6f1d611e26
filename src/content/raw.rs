//! The YAML files as written, before validation.
//!
//! These structs mirror the files field for field. Every value that can be
//! wrong on its own (a date, an id, a reference) is kept as a spanned string,
//! so validation can report *all* bad values with their line and column
//! instead of stopping at the first one as a typed deserializer would.
//! Unknown keys are collected by `serde_ignored` in the loader, also all at
//! once. Validation turns these into the domain types of [`crate::model`].
//!
//! The same structs describe the files to editors: [`super::schema`] makes
//! the JSON Schemas from them, so each field's doc comment here is what
//! staff see when they hover over the field in VS Code. Those comments are
//! written for staff, in the words of docs/content-format.md. The
//! `#[schemars(with = …)]` attributes name the kind of text a string holds
//! (a date, an id), which gives it the pattern validation accepts.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::schema::kinds::{
    Amount, Audience, Bound, CampaignLanguage, Category, Currency, Date, DateTime, Email,
    ExceptDays, FolderName, Id, LanguageTag, PendingFact, Phone, Reminder, SessionStatus,
    SessionTime, Time, TimeRange, TimeZone, Url, Weekday, WhichDays,
};
use crate::diagnostic::Pos;

/// A value with the place it was written: what validation points at.
///
/// Read through serde-saphyr's `Spanned`, which records the place, so every
/// position is exactly what serde-saphyr reports. A type of our own (not
/// `Spanned` itself) so that it can describe itself to the JSON Schema as
/// the value alone, which is all staff write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S<T> {
    pub value: T,
    /// Where the value is used (for a YAML alias, the alias).
    pub referenced: Location,
    /// Where the value is written (for a YAML alias, its anchor).
    pub defined: Location,
}

impl<T> S<T> {
    pub const fn new(value: T, referenced: Location, defined: Location) -> Self {
        S {
            value,
            referenced,
            defined,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for S<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<S<T>, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        Ok(S::new(spanned.value, spanned.referenced, spanned.defined))
    }
}

/// The schema of the value alone: the place is not written, it is where
/// the value is.
impl<T: JsonSchema> JsonSchema for S<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

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

/// A mapping whose keys are language tags; which languages it needs
/// depends on the site and the campaign, so only `check` says that.
impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text in every language of the notice, one line per language tag, e.g. `zh-CN: 学生活动中心` and `en: Student Activity Center`.",
            "type": "object",
            "minProperties": 1,
            "patternProperties": {
                (LanguageTag::PATTERN): {
                    "type": "string",
                    "minLength": 1
                }
            },
            "additionalProperties": false
        })
    }
}

/// The site: its name, address, languages and time zone (`noticeboard.yaml`, in the site folder). See docs/content-format.md.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "noticeboard.yaml")]
pub struct SiteFile {
    /// The site's name, at the top of every page.
    pub title: S<Text>,
    /// Where the site is published, a full address: `https://notices.example.edu.cn/` (at most 200 characters).
    #[schemars(with = "Url")]
    pub base_url: S<String>,
    /// The site's languages as language tags, the default first: `[zh-CN, en]`.
    #[schemars(with = "Vec<LanguageTag>")]
    pub languages: S<Vec<S<String>>>,
    /// The time zone of every date and time, as an IANA name; Asia/Shanghai if left out.
    #[schemars(with = "Option<TimeZone>")]
    pub timezone: Option<S<String>>,
    /// The name of a folder in themes/; `default` if left out.
    #[serde(default)]
    #[schemars(with = "Option<FolderName>")]
    pub theme: Option<S<String>>,
    /// Keep HTML typed into Markdown files (normally removed).
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Let Markdown files show images (or load other files) from other sites; normally an error.
    #[serde(default)]
    pub allow_external_resources: bool,
    /// How many days a deleted session or deadline stays in the calendars, marked cancelled, after its date (1-3650; 90 if left out).
    #[serde(default)]
    #[schemars(range(min = 1, max = 3650))]
    pub keep_cancelled_days: Option<S<u32>>,
    /// Who besides students the notices give tasks to (school office staff, class leaders, teachers); campaigns name them in `audience`.
    #[serde(default)]
    pub roles: Vec<S<RoleEntry>>,
}

/// A role: someone besides students whom notices give tasks to.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RoleEntry {
    /// The role's id, which campaigns write in `audience` (not `students`): `school-office`.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The role's name as it reads after "for": `school office staff`.
    pub name: S<Text>,
}

/// A campaign: one notice and its facts (`content/<campaign-id>/campaign.yaml`). See docs/content-format.md.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "campaign.yaml")]
pub struct CampaignFile {
    /// The campaign id; must equal the folder's name.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The notice's title.
    pub title: S<Text>,
    /// The notice's number: `教务部通知〔2025〕268号` / `Notice [2025] No. 268`.
    pub document_number: Option<S<Text>>,
    /// A few words naming the campaign, after each calendar event's item: `学历相片采集` / `Certificate photos`.
    pub short_title: Option<S<Text>>,
    /// The issuing office.
    pub issuer: S<Text>,
    /// The issuing office's e-mail address, as the notice gives it: every calendar event names it as its organizer. Leave it out when the notice gives none.
    #[schemars(with = "Option<Email>")]
    pub issuer_email: Option<S<String>>,
    /// The publication date, YYYY-MM-DD.
    #[schemars(with = "Date")]
    pub published: S<String>,
    /// When the notice last changed, YYYY-MM-DD HH:MM; calendars use it.
    #[schemars(with = "DateTime")]
    pub updated: S<String>,
    /// Only for a notice published before noticeboard.lock existed: the change number (SEQUENCE) its calendar events had.
    pub revision: Option<S<u32>>,
    /// The time zone, only if different from the site's: an IANA name such as Asia/Shanghai.
    #[schemars(with = "Option<TimeZone>")]
    pub timezone: Option<S<String>>,
    /// The site languages the notice is published in; all of them if left out.
    #[schemars(with = "Option<Vec<CampaignLanguage>>")]
    pub languages: Option<S<Vec<S<String>>>>,
    /// The language the notice was written in, whose text prevails; one of `languages`.
    #[schemars(with = "Option<CampaignLanguage>")]
    pub original: Option<S<String>>,
    /// Who the notice is addressed to: `各培养单位` / `To all schools and departments`.
    pub audience: S<Text>,
    /// Who must take part and who need not (Markdown).
    pub eligibility: S<Text>,
    /// The name printed at the end of the notice as its publisher.
    pub published_by: Option<S<Text>>,
    /// The name printed at the end of the notice as its reviewer.
    pub reviewed_by: Option<S<Text>>,
    /// The campuses sessions and schools belong to.
    #[serde(default)]
    pub campuses: Vec<S<CampusEntry>>,
    /// The places students go.
    #[serde(default)]
    pub venues: Vec<S<VenueEntry>>,
    /// The units that send students: schools, departments, affiliated hospitals.
    #[serde(default)]
    pub schools: Vec<S<SchoolEntry>>,
    /// The times students (or schools, each at its slot) come in person.
    #[serde(default)]
    pub sessions: Vec<S<SessionEntry>>,
    /// Deadlines and windows: getting a code, paying, submitting online, retakes.
    #[serde(default)]
    pub deadlines: Vec<S<DeadlineEntry>>,
    /// The procedure, in order.
    #[serde(default)]
    pub steps: Vec<S<StepEntry>>,
    /// What to bring and how to look.
    #[serde(default)]
    pub requirements: Vec<S<RequirementEntry>>,
    /// What students pay, and how.
    #[serde(default)]
    pub fees: Vec<S<FeeEntry>>,
    /// Whom to ask.
    #[serde(default)]
    pub contacts: Vec<S<ContactEntry>>,
    /// Web pages the notice links to.
    #[serde(default)]
    pub links: Vec<S<LinkEntry>>,
    /// What the notice calls 附件1, 附件2 …: a guide, a file in attachments/, or both.
    #[serde(default)]
    pub attachments: Vec<S<AttachmentEntry>>,
    /// Calendar alerts before each event; 1 hour before a session and 1 day before a deadline if left out.
    pub reminders: Option<S<RemindersEntry>>,
    /// How long a session given a start only (`"18:30"`) lasts on calendars, in minutes (1-720); 60 if left out.
    #[schemars(range(min = 1, max = 720))]
    pub default_session_minutes: Option<S<u32>>,
    /// A spreadsheet in the campaign folder whose rows are slots, matched to sessions by their date.
    pub slots_from: Option<S<super::sheet::SlotsFrom>>,
}

/// A campus.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CampusEntry {
    /// The campus id: lower-case letters a-z, digits and single hyphens.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The campus's name.
    pub name: S<Text>,
}

/// A place students go.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct VenueEntry {
    /// The venue id: lower-case letters a-z, digits and single hyphens.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The venue's name.
    pub name: S<Text>,
    /// The id of the campus it is on.
    #[schemars(with = "Option<Id>")]
    pub campus: Option<S<String>>,
    /// Its address: building and room.
    pub address: Option<S<Text>>,
    /// How to get there: the metro exit, landmarks.
    pub directions: Option<S<Text>>,
    /// Its opening hours (a studio's, an office's), time ranges in quotes: `["09:00-12:00", "13:30-17:30"]`.
    #[serde(default)]
    #[schemars(with = "Vec<TimeRange>")]
    pub hours: Vec<S<String>>,
    /// Its telephone numbers, in quotes: `["020-83398378"]`.
    #[serde(default)]
    #[schemars(with = "Vec<Phone>")]
    pub phones: Vec<S<String>>,
}

/// A unit that sends students: a school, a department, an affiliated hospital.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SchoolEntry {
    /// The school id, part of its page's address. Do not change it once published; write the old one in `was`.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The id it had when first published, if renamed since.
    #[schemars(with = "Option<Id>")]
    pub was: Option<S<String>>,
    /// The school's name.
    pub name: S<Text>,
    /// The id of the campus it is on.
    #[schemars(with = "Option<Id>")]
    pub campus: Option<S<String>>,
    /// The school's own contact; without it, its page shows the campaign's `contacts`.
    pub contact: Option<S<SchoolContactEntry>>,
}

/// A school's own contact.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SchoolContactEntry {
    /// Who to ask: `研究生秘书` / `Graduate secretary`.
    pub person: Option<S<Text>>,
    /// A telephone number, in quotes: `"0755-2603 1234"`.
    #[schemars(with = "Option<Phone>")]
    pub phone: Option<S<String>>,
    /// An e-mail address.
    #[schemars(with = "Option<Email>")]
    pub email: Option<S<String>>,
}

/// A time when students (or schools, each at its slot) come to one or more venues in person.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SessionEntry {
    /// The session id; calendars know the session by it, so do not change it once published (write the old one in `was`).
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The id it had when first published, if renamed since.
    #[schemars(with = "Option<Id>")]
    pub was: Option<S<String>>,
    /// The session's title.
    pub title: Option<S<Text>>,
    /// The day it is held, YYYY-MM-DD. Required unless `dates`, `repeat` or `pending: [date]`.
    #[schemars(with = "Option<Date>")]
    pub date: Option<S<String>>,
    /// The days of a session held on several listed days, in order: `[2025-10-09, 2025-10-10]`.
    #[schemars(with = "Option<Vec<Date>>")]
    pub dates: Option<S<Vec<S<String>>>>,
    /// Some weekdays between two dates, for a session held weekly.
    pub repeat: Option<S<RepeatEntry>>,
    /// Its times, in quotes: ranges `["09:00-12:00", "13:30-17:00"]`, or a start only `["18:30"]`. Required unless `pending: [times]`.
    #[schemars(with = "Option<Vec<SessionTime>>")]
    pub times: Option<S<Vec<S<String>>>>,
    /// The ids of the venues it uses, at once. Required unless `pending: [venues]`.
    #[schemars(with = "Option<Vec<Id>>")]
    pub venues: Option<S<Vec<S<String>>>>,
    /// Which of `date`, `times` and `venues` the notice will announce later; leave those fields out.
    #[serde(default)]
    #[schemars(with = "Vec<PendingFact>")]
    pub pending: Vec<S<String>>,
    /// What the notice says about them meanwhile: `预计10月中旬` / `Around mid-October`.
    pub pending_note: Option<S<Text>>,
    /// The id of the campus it is on; a session without slots is then open to that campus's schools.
    #[schemars(with = "Option<Id>")]
    pub campus: Option<S<String>>,
    /// How many minutes before its slot a school should arrive.
    #[serde(default)]
    pub arrive_early_minutes: Option<S<u32>>,
    /// `scheduled` (the default) or `cancelled`: cancel a session, do not delete it.
    #[schemars(with = "Option<SessionStatus>")]
    pub status: Option<S<String>>,
    /// Which schools come when. A session without slots is open to every school.
    #[serde(default)]
    pub slots: Vec<S<SlotEntry>>,
    /// A spreadsheet in the campaign folder whose rows are this session's slots, instead of `slots`.
    pub slots_from: Option<S<super::sheet::SlotsFrom>>,
    /// A note shown with the session.
    pub note: Option<S<Text>>,
    /// `true` when a Saturday or Sunday is intended, which stops the warning.
    #[serde(default)]
    pub weekend: bool,
    /// When students must book a place before coming, and how.
    pub booking: Option<S<BookingEntry>>,
    /// Check-in rounds: the times students are let in, batch by batch, in quotes and in order: `["09:00", "10:30"]`.
    #[serde(default)]
    #[schemars(with = "Vec<Time>")]
    pub rounds: Vec<S<String>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml.
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<S<String>>,
    /// The part of the students it is for (a cohort, women, students abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
    /// The ids of fees its calendar events name, with how to pay.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub fees: Vec<S<String>>,
    /// The ids of contacts its calendar events list, with their hours.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub contacts: Vec<S<String>>,
}

/// A session held on some weekdays between two dates.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RepeatEntry {
    /// The weekdays it is held on: `[mon, tue, wed, thu, fri]`.
    #[schemars(with = "Vec<Weekday>")]
    pub weekdays: S<Vec<S<String>>>,
    /// The first day it may be held, YYYY-MM-DD.
    #[schemars(with = "Date")]
    pub from: S<String>,
    /// The last day it may be held, YYYY-MM-DD, at most a year after `from`.
    #[schemars(with = "Date")]
    pub until: S<String>,
    /// Days left out: dates, or ranges `2025-10-01..2025-10-08` (in quotes).
    #[serde(default)]
    #[schemars(with = "Vec<ExceptDays>")]
    pub except: Vec<S<String>>,
}

/// Booking a place before coming: its window, channel and rule.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BookingEntry {
    /// When booking opens: a date, or a date and time `2025-09-15 10:00`.
    #[schemars(with = "Bound")]
    pub start: S<String>,
    /// When booking closes: a date, or a date and time (`24:00` ends the day). Or `until_further_notice: true`.
    #[schemars(with = "Option<Bound>")]
    pub end: Option<S<String>>,
    /// `true` when the notice has not set when booking closes (instead of `end`).
    #[serde(default)]
    pub until_further_notice: Option<S<bool>>,
    /// Where to book: a website, a WeChat mini program, an office.
    pub channel: S<Text>,
    /// The booking page's address.
    #[schemars(with = "Option<Url>")]
    pub url: Option<S<String>>,
    /// A rule such as "one session of each kind per person".
    pub rule: Option<S<Text>>,
}

/// Which schools come when: exactly one of `time`, `times` and `whole_session: true`; `schools`, a `group`, or both.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SlotEntry {
    /// The slot's time range, in quotes: `"09:00-10:30"`.
    #[schemars(with = "Option<TimeRange>")]
    pub time: Option<S<String>>,
    /// Several time ranges, for a school there across a break: `["08:30-11:30", "14:00-17:00"]`.
    #[schemars(with = "Option<Vec<TimeRange>>")]
    pub times: Option<S<Vec<S<String>>>>,
    /// `true` for a slot that lasts the whole session.
    #[serde(default)]
    pub whole_session: Option<S<bool>>,
    /// Tells a school's several slots in one session apart (a cohort): `2023级` / `Class of 2023`.
    pub label: Option<S<Text>>,
    /// The ids of the schools that come in this slot.
    #[schemars(with = "Option<Vec<Id>>")]
    pub schools: Option<S<Vec<S<String>>>>,
    /// Who the slot is for when that is not a school: `留学生` / `International students`.
    pub group: Option<S<Text>>,
}

/// A deadline or window. Exactly one of `date`, `at`, `start` with `end` (or with `until_further_notice: true`), `relative`, `before` or `after`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DeadlineEntry {
    /// The deadline id; calendars know the deadline by it, so do not change it once published (write the old one in `was`).
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The id it had when first published, if renamed since.
    #[schemars(with = "Option<Id>")]
    pub was: Option<S<String>>,
    /// The deadline's title.
    pub title: S<Text>,
    /// A note shown with the deadline.
    pub note: Option<S<Text>>,
    /// A day, YYYY-MM-DD: due by the end of that day.
    #[schemars(with = "Option<Date>")]
    pub date: Option<S<String>>,
    /// A moment, YYYY-MM-DD HH:MM.
    #[schemars(with = "Option<DateTime>")]
    pub at: Option<S<String>>,
    /// A window's first day (YYYY-MM-DD) or moment (YYYY-MM-DD HH:MM).
    #[schemars(with = "Option<Bound>")]
    pub start: Option<S<String>>,
    /// A window's last day (YYYY-MM-DD, included) or moment (YYYY-MM-DD HH:MM; `24:00` ends the day).
    #[schemars(with = "Option<Bound>")]
    pub end: Option<S<String>>,
    /// `true` for a window whose end the notice has not set yet (`start` without `end`).
    #[serde(default)]
    pub until_further_notice: Option<S<bool>>,
    /// A rule relative to something each student does ("within 5 working days of submitting"); not put in calendars.
    pub relative: Option<S<RelativeEntry>>,
    /// A number of days before a session, each school's slot or another deadline: `{session: indoor-test, working_days: 3}`.
    pub before: Option<S<CountedEntry>>,
    /// A number of days after a session, each school's slot or another deadline: `{deadline: results-published, working_days: 5}`.
    pub after: Option<S<CountedEntry>>,
    /// The ids of the schools it applies to; all schools if left out.
    #[serde(default)]
    #[schemars(with = "Option<Vec<Id>>")]
    pub schools: Option<S<Vec<S<String>>>>,
    /// The id of the venue where it is done; its address and hours go into the calendar event.
    #[schemars(with = "Option<Id>")]
    pub venue: Option<S<String>>,
    /// The part of the students it is for (a cohort, women, students abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml.
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<S<String>>,
    /// The ids of fees its calendar events name, with how to pay.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub fees: Vec<S<String>>,
    /// The ids of contacts its calendar events list, with their hours.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub contacts: Vec<S<String>>,
}

/// A deadline relative to something each student does; exactly one of `days`, `working_days` and `months`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RelativeEntry {
    /// What it counts from: `提交相片后` / `after submitting your photo`.
    pub after: S<Text>,
    /// Within this many calendar days.
    pub days: Option<S<u32>>,
    /// Within this many working days.
    pub working_days: Option<S<u32>>,
    /// Within this many months.
    pub months: Option<S<u32>>,
}

/// A number of days `before:` or `after:` a session, each school's slot or another deadline: `{session: indoor-test, working_days: 3}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CountedEntry {
    /// Count from this session's date (exactly one of `session`, `slot` and `deadline`).
    #[schemars(with = "Option<Id>")]
    pub session: Option<S<String>>,
    /// Count from each school's own slot in this session, or in one of these sessions: `indoor-test` or `[south-day, east-day]`.
    pub slot: Option<S<SessionIds>>,
    /// Count from this deadline: `before` from its first day, `after` from its last.
    #[schemars(with = "Option<Id>")]
    pub deadline: Option<S<String>>,
    /// How many calendar days (0-365; exactly one of `days` and `working_days`).
    #[schemars(range(max = 365))]
    pub days: Option<S<u32>>,
    /// How many working days (0-365), skipping weekends and public holidays.
    #[schemars(range(max = 365))]
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

/// What the visitor above takes: an id, or a list of ids.
impl JsonSchema for SessionIds {
    fn schema_name() -> Cow<'static, str> {
        "SessionIds".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A session id, or a list of session ids.",
            "anyOf": [generator.subschema_for::<Id>(), generator.subschema_for::<Vec<Id>>()]
        })
    }
}

/// A step of the procedure.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StepEntry {
    /// The step id: lower-case letters a-z, digits and single hyphens.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The step's title.
    pub title: S<Text>,
    /// What to do (Markdown).
    pub text: Option<S<Text>>,
    /// The ids of attachments it uses.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub attachments: Vec<S<String>>,
    /// The ids of deadlines it is due by.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub deadlines: Vec<S<String>>,
    /// The part of the students it is for (a cohort, women, students abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml.
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<S<String>>,
}

/// Something to bring, wear or do.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RequirementEntry {
    /// The requirement id: lower-case letters a-z, digits and single hyphens.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// One of documents, attire, appearance, conduct, photo and other.
    #[schemars(with = "Category")]
    pub category: S<String>,
    /// The requirement.
    pub text: S<Text>,
    /// The one session it belongs to, if it is not for every session.
    #[schemars(with = "Option<Id>")]
    pub session: Option<S<String>>,
    /// The part of the students it is for (a cohort, women, students abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml.
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<S<String>>,
}

/// A fee.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FeeEntry {
    /// The fee id: lower-case letters a-z, digits and single hyphens.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The number only, in quotes: `"25"` or `"25.50"`.
    #[schemars(with = "Amount")]
    pub amount: S<String>,
    /// The ISO 4217 code in capitals: CNY (not RMB).
    #[schemars(with = "Currency")]
    pub currency: S<String>,
    /// What it covers: `每人` / `per person`.
    pub covers: S<Text>,
    /// How to pay.
    pub payment: Option<S<Text>>,
}

/// Someone to ask.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ContactEntry {
    /// The contact id: lower-case letters a-z, digits and single hyphens.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The contact's name: an office, a person, a hotline.
    pub name: S<Text>,
    /// What to ask them about.
    pub role: Option<S<Text>>,
    /// Their office: `H179室` / `Office H179`.
    pub office: Option<S<Text>>,
    /// Telephone numbers, in quotes: `["400-158-7766"]`.
    #[serde(default)]
    #[schemars(with = "Vec<Phone>")]
    pub phones: Vec<S<String>>,
    /// E-mail addresses.
    #[serde(default)]
    #[schemars(with = "Vec<Email>")]
    pub emails: Vec<S<String>>,
    /// When they can be reached.
    pub hours: Option<S<HoursEntry>>,
    /// `students` (the default) or the id of a role in noticeboard.yaml: the contact for that role.
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<S<String>>,
    /// The part of the students it is for (a cohort, women, students abroad), shown beside it; all students when absent.
    pub only_for: Option<S<Text>>,
}

/// When a contact can be reached.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct HoursEntry {
    /// daily, weekdays or office-hours.
    #[schemars(with = "WhichDays")]
    pub days: S<String>,
    /// Time ranges, in quotes: `["09:00-20:00"]`.
    #[serde(default)]
    #[schemars(with = "Vec<TimeRange>")]
    pub times: Vec<S<String>>,
    /// A note on the hours.
    pub note: Option<S<Text>>,
}

/// A web page the notice links to.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LinkEntry {
    /// The link id: lower-case letters a-z, digits and single hyphens.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// The link's text.
    pub title: S<Text>,
    /// The full address, starting with https:// or http://.
    #[schemars(with = "Url")]
    pub url: S<String>,
}

/// An attachment (附件): a guide (`attachments/<id>.<language>.md`), a file (`attachments/<id>.pdf`), or both.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AttachmentEntry {
    /// The attachment id, which its files in attachments/ are named after.
    #[schemars(with = "Id")]
    pub id: S<String>,
    /// Its number as the notice gives it, in quotes: `"1"`, `"3-1"`.
    pub number: S<String>,
    /// Its title, as the notice gives it.
    pub title: S<Text>,
}

/// Calendar alerts before each event.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RemindersEntry {
    /// How long before a session (before arriving), e.g. `[1h]`: a number and m, h or d, at most 60 days.
    #[serde(default)]
    #[schemars(with = "Vec<Reminder>")]
    pub sessions: Vec<S<String>>,
    /// How long before a deadline, e.g. `[1d]`: a number and m, h or d, at most 60 days.
    #[serde(default)]
    #[schemars(with = "Vec<Reminder>")]
    pub deadlines: Vec<S<String>>,
}
