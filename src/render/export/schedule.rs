//! Sessions and deadlines in the export: every state the model has (to be
//! announced, cancelled, on several days, windows open until further
//! notice, deadlines relative to each student or counted from a session),
//! with local days and times and the instants they are, with offsets.

use chrono::{NaiveDate, NaiveDateTime, Weekday};
use schemars::JsonSchema;
use serde::Serialize;

use super::values::{Address, Clock, Day, Instant};
use super::{Export, audience};
use crate::model::{
    Anchor, Booking, Bound, Count, Deadline, Offset, Recurrence, School, Session, SessionStatus,
    Slot, TimeRange, When,
};
use crate::plan;
use crate::workdays::Direction;

/// A session: a time when students (or schools, each at its slot) come
/// to one or more venues in person.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Session")]
pub struct SessionExport {
    pub id: String,
    /// The id its calendar events were first published under, when it has
    /// been renamed since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub status: Status,
    /// Whether its date and times are known. Until then `days`, `times`
    /// and `occurrences` are empty (or hold what is known), and
    /// `pending_note` says what the notice says about it.
    pub announced: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_note: Option<String>,
    pub audience: super::AudienceExport,
    /// The IANA time zone its local days and times are in.
    pub time_zone: String,
    /// Every day it is held, in order.
    pub days: Vec<Day>,
    /// How the days after the first were given, when on several days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat: Option<RepeatExport>,
    /// Its time ranges on each day, local.
    pub times: Vec<TimeRangeExport>,
    /// Every day at every time range, as instants.
    pub occurrences: Vec<Span>,
    /// Venue ids (see `venues`), all in use at once; empty while to be
    /// announced.
    pub venues: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campus: Option<String>,
    /// How many minutes before its slot a school should arrive (0: none
    /// said).
    pub arrive_early_minutes: u32,
    /// Check-in rounds, local times on each of its days.
    pub rounds: Vec<Clock>,
    /// When students must book a place first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking: Option<BookingExport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Fee ids (see `fees`) and contact ids (see `contacts`).
    pub fees: Vec<String>,
    pub contacts: Vec<String>,
    /// The slots as the notice gives them: which schools (or which group)
    /// come when. Empty when the notice assigns none.
    pub slots: Vec<SlotExport>,
    /// Each school that comes, with its own times: its slots, or the
    /// session's times for a session without slots open to its campus.
    pub schools: Vec<SchoolSlots>,
    /// The .ics file of this session alone, once announced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Address>,
}

/// A range of local times on one day.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "TimeRange")]
pub struct TimeRangeExport {
    pub start: Clock,
    pub end: Clock,
    /// False when the notice gives only the start ("from 18:30"): `end`
    /// is then the campaign's default length, which calendars need.
    pub end_stated: bool,
}

/// A stretch of time between two instants.
#[derive(Serialize, JsonSchema)]
pub struct Span {
    pub date: Day,
    pub start: Instant,
    pub end: Instant,
    /// False when the notice gives only the start: `end` is then the
    /// campaign's default length.
    pub end_stated: bool,
}

/// "Monday to Friday, from ... until ..., except ...".
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schemars(rename = "Repeat")]
pub enum RepeatExport {
    /// Listed days (all of them are in `days`).
    Dates,
    /// Some weekdays between two days, less the exceptions.
    Weekly {
        /// `monday` .. `sunday`.
        weekdays: Vec<String>,
        from: Day,
        until: Day,
        except: Vec<DayRun>,
    },
}

/// A run of days, first to last inclusive (a single day is a run of one).
#[derive(Serialize, JsonSchema)]
pub struct DayRun {
    pub first: Day,
    pub last: Day,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Slot")]
pub struct SlotExport {
    /// Tells a school's several slots in one session apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// True for a slot that is the whole session.
    pub whole_session: bool,
    pub times: Vec<TimeRangeExport>,
    /// School ids (see `schools`).
    pub schools: Vec<String>,
    /// A group that is not a school.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// One school's times at a session.
#[derive(Serialize, JsonSchema)]
pub struct SchoolSlots {
    pub school: String,
    pub name: String,
    /// Each of its times on each day, in order.
    pub slots: Vec<SchoolSlot>,
    /// The .ics file of the session at this school's times, once
    /// announced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Address>,
}

/// One of a school's times at a session, on one day.
#[derive(Serialize, JsonSchema)]
pub struct SchoolSlot {
    #[serde(flatten)]
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// When to arrive: `arrive_early_minutes` before `start`.
    pub arrive_by: Instant,
    /// Venue ids: the session's.
    pub venues: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Booking")]
pub struct BookingExport {
    pub opens: BoundExport,
    /// Absent: open until further notice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes: Option<BoundExport>,
    /// Where to book (a mini program, a website).
    pub channel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// One end of a window: a whole day, or a moment.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schemars(rename = "Bound")]
pub enum BoundExport {
    /// A whole day. `instant` is when the window opens or closes: the
    /// day's start for an opening day, the next day's start (00:00) for a
    /// closing day.
    Day { date: Day, instant: Instant },
    /// A moment.
    At { instant: Instant },
}

/// A deadline, or a window something must be done in.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Deadline")]
pub struct DeadlineExport {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub audience: super::AudienceExport,
    pub when: WhenExport,
    /// `when` as the notice's pages say it, in this language.
    pub when_text: String,
    /// The first and last day it occupies for the whole campaign, when it
    /// has dates that are the same for every school.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<DayRun>,
    /// For a deadline counted from each school's slot or from another
    /// deadline: its days for each school it applies to that has them.
    pub by_school: Vec<SchoolDays>,
    /// School ids it applies to; absent: every school.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schools: Option<Vec<String>>,
    /// A venue id (see `venues`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    pub fees: Vec<String>,
    pub contacts: Vec<String>,
    /// The .ics file of this deadline alone, when it has a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Address>,
}

#[derive(Serialize, JsonSchema)]
pub struct SchoolDays {
    pub school: String,
    pub first: Day,
    pub last: Day,
}

/// When a deadline falls.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schemars(rename = "When")]
pub enum WhenExport {
    /// Due by the end of this day.
    Date { date: Day },
    /// Due at this moment.
    At { instant: Instant },
    /// Open from `start` to `end`; without `end`, until further notice.
    Window {
        start: BoundExport,
        #[serde(skip_serializing_if = "Option::is_none")]
        end: Option<BoundExport>,
    },
    /// Relative to something each student does (`after`), so without a
    /// date.
    Relative { after: String, offset: Amount },
    /// Counted from a session, each school's slot or another deadline;
    /// its days are in `days` and `by_school`.
    Counted {
        from: AnchorExport,
        direction: Towards,
        count: Amount,
    },
}

/// A distance: a number of days, working days (mainland China's) or
/// months.
#[derive(Serialize, JsonSchema)]
pub struct Amount {
    pub count: u32,
    pub unit: Unit,
}

#[derive(Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Days,
    /// Working days in mainland China, holidays and make-up working days
    /// counted.
    WorkingDays,
    Months,
}

/// Whether a counted deadline is before or after what it counts from.
#[derive(Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Towards {
    Before,
    After,
}

/// Whether a session takes place.
#[derive(Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Scheduled,
    /// Called off: kept in the export (and in calendars, as cancelled).
    Cancelled,
}

/// What a counted deadline counts from.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schemars(rename = "Anchor")]
pub enum AnchorExport {
    /// A session's date, the same for every school.
    Session { session: String },
    /// The day of each school's own slot among these sessions.
    Slot { sessions: Vec<String> },
    /// Another deadline.
    Deadline { deadline: String },
}

impl Export<'_> {
    pub fn session(&self, s: &Session) -> SessionExport {
        let (c, tz) = (self.campaign, self.campaign.timezone);
        let days = s.days();
        let announced = s.announced_date().is_some();
        let schools = (c.schools.iter())
            .filter(|school| c.attends(s, &school.id))
            .map(|school| self.school_slots(s, school, &days))
            .collect();
        SessionExport {
            id: s.id.clone(),
            was: s.was.clone(),
            title: s.title.as_ref().map(|t| self.t(t)),
            status: match s.status {
                SessionStatus::Scheduled => Status::Scheduled,
                SessionStatus::Cancelled => Status::Cancelled,
            },
            announced,
            pending_note: s.pending_note.as_ref().map(|t| self.t(t)),
            audience: audience(self, &s.audience),
            time_zone: tz.name().to_string(),
            occurrences: (days.iter())
                .flat_map(|day| s.times.iter().map(move |t| span(tz, *day, t)))
                .collect(),
            days: days.iter().copied().map(Day::of).collect(),
            repeat: s.recurrence.as_ref().map(repeat),
            times: s.times.iter().map(time_range).collect(),
            venues: s.venues.clone(),
            campus: s.campus.clone(),
            arrive_early_minutes: s.arrive_early_minutes,
            rounds: s.rounds.iter().copied().map(Clock::of).collect(),
            booking: s.booking.as_ref().map(|b| self.booking(b)),
            note: s.note.as_ref().map(|t| self.t(t)),
            fees: s.fees.clone(),
            contacts: s.contacts.clone(),
            slots: (s.slots.iter())
                .map(|slot| SlotExport {
                    label: slot.label.as_ref().map(|l| self.t(l)),
                    whole_session: slot.whole_session,
                    times: slot.times.iter().map(time_range).collect(),
                    schools: slot.schools.clone(),
                    group: slot.group.as_ref().map(|g| self.t(g)),
                })
                .collect(),
            schools,
            calendar: self.calendar(&plan::session_event(self.lang, c, s)),
        }
    }

    /// A school's times at session `s` on each of its `days`: its slots,
    /// or the session's times in a session without slots.
    fn school_slots(&self, s: &Session, school: &School, days: &[NaiveDate]) -> SchoolSlots {
        let (c, tz) = (self.campaign, self.campaign.timezone);
        let times: Vec<(&TimeRange, Option<&Slot>)> = if s.slots.is_empty() {
            s.times.iter().map(|t| (t, None)).collect()
        } else {
            (s.slots_for(&school.id))
                .flat_map(|slot| slot.times.iter().map(move |t| (t, Some(slot))))
                .collect()
        };
        let arrive = chrono::TimeDelta::minutes(i64::from(s.arrive_early_minutes));
        let slots = (days.iter())
            .flat_map(|day| times.iter().map(move |(t, slot)| (*day, *t, *slot)))
            .map(|(day, t, slot)| SchoolSlot {
                span: span(tz, day, t),
                label: slot.and_then(|sl| sl.label.as_ref()).map(|l| self.t(l)),
                arrive_by: Instant::local(tz, day.and_time(t.start) - arrive),
                venues: s.venues.clone(),
            })
            .collect();
        SchoolSlots {
            school: school.id.clone(),
            name: self.t(&school.name),
            slots,
            calendar: self.calendar(&plan::school_session_event(self.lang, c, school, s)),
        }
    }

    fn booking(&self, b: &Booking) -> BookingExport {
        let tz = self.campaign.timezone;
        BookingExport {
            opens: opening(tz, b.start),
            closes: b.end.map(|end| closing(tz, end)),
            channel: self.t(&b.channel),
            url: b.url.clone(),
            rule: b.rule.as_ref().map(|r| self.t(r)),
        }
    }

    pub fn deadline(&self, d: &Deadline) -> DeadlineExport {
        let c = self.campaign;
        let tz = c.timezone;
        let when = match &d.when {
            When::Date(day) => WhenExport::Date {
                date: Day::of(*day),
            },
            When::At(at) => WhenExport::At {
                instant: Instant::local(tz, *at),
            },
            When::Window { start, end } => WhenExport::Window {
                start: opening(tz, *start),
                end: end.map(|end| closing(tz, end)),
            },
            When::Relative { after, offset } => WhenExport::Relative {
                after: self.t(after),
                offset: match *offset {
                    Offset::Days(n) => amount(n, Unit::Days),
                    Offset::WorkingDays(n) => amount(n, Unit::WorkingDays),
                    Offset::Months(n) => amount(n, Unit::Months),
                },
            },
            When::Counted(counted) => WhenExport::Counted {
                from: match &counted.from {
                    Anchor::Session(id) => AnchorExport::Session {
                        session: id.clone(),
                    },
                    Anchor::Slot(ids) => AnchorExport::Slot {
                        sessions: ids.clone(),
                    },
                    Anchor::Deadline(id) => AnchorExport::Deadline {
                        deadline: id.clone(),
                    },
                },
                direction: match counted.direction {
                    Direction::Before => Towards::Before,
                    Direction::After => Towards::After,
                },
                count: match counted.count {
                    Count::Days(n) => amount(n, Unit::Days),
                    Count::WorkingDays(n) => amount(n, Unit::WorkingDays),
                },
            },
        };
        let by_school = match d.when {
            When::Counted(_) => (c.schools.iter())
                .filter(|s| d.applies_to(&s.id))
                .filter_map(|s| {
                    let (first, last) = c.deadline_days(d, Some(&s.id))?;
                    Some(SchoolDays {
                        school: s.id.clone(),
                        first: Day::of(first),
                        last: Day::of(last),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        DeadlineExport {
            id: d.id.clone(),
            was: d.was.clone(),
            title: self.t(&d.title),
            note: d.note.as_ref().map(|t| self.t(t)),
            audience: audience(self, &d.audience),
            when,
            when_text: super::super::context::when_text(self.loc, c, d, None, self.lang),
            days: c.deadline_days(d, None).map(|(first, last)| DayRun {
                first: Day::of(first),
                last: Day::of(last),
            }),
            by_school,
            schools: d.schools.clone(),
            venue: d.venue.clone(),
            fees: d.fees.clone(),
            contacts: d.contacts.clone(),
            calendar: self.calendar(&plan::deadline_event(self.lang, c, d)),
        }
    }
}

fn amount(count: u32, unit: Unit) -> Amount {
    Amount { count, unit }
}

pub(super) fn time_range(t: &TimeRange) -> TimeRangeExport {
    TimeRangeExport {
        start: Clock::of(t.start),
        end: Clock::of(t.end),
        end_stated: t.end_stated,
    }
}

/// A time range on `day` as instants; an end at or before the start
/// (`24:00`, read as 00:00) is on the next day.
fn span(tz: chrono_tz::Tz, day: NaiveDate, t: &TimeRange) -> Span {
    let start = day.and_time(t.start);
    let mut end: NaiveDateTime = day.and_time(t.end);
    if end <= start {
        end = day.succ_opt().unwrap_or(day).and_time(t.end);
    }
    Span {
        date: Day::of(day),
        start: Instant::local(tz, start),
        end: Instant::local(tz, end),
        end_stated: t.end_stated,
    }
}

fn opening(tz: chrono_tz::Tz, b: Bound) -> BoundExport {
    match b {
        Bound::Day(day) => BoundExport::Day {
            date: Day::of(day),
            instant: Instant::local(tz, b.opens()),
        },
        Bound::At(at) => BoundExport::At {
            instant: Instant::local(tz, at),
        },
    }
}

fn closing(tz: chrono_tz::Tz, b: Bound) -> BoundExport {
    match b {
        Bound::Day(day) => BoundExport::Day {
            date: Day::of(day),
            // A window closing on the calendar's last day closes at its
            // last moment we can name: its start (never met in practice).
            instant: Instant::local(tz, b.closes().unwrap_or_else(|| b.opens())),
        },
        Bound::At(at) => BoundExport::At {
            instant: Instant::local(tz, at),
        },
    }
}

fn repeat(r: &Recurrence) -> RepeatExport {
    match r {
        Recurrence::Dates(_) => RepeatExport::Dates,
        Recurrence::Weekly(w) => RepeatExport::Weekly {
            weekdays: w.weekdays.iter().map(|d| weekday(*d).to_string()).collect(),
            from: Day::of(w.from),
            until: Day::of(w.until),
            except: (w.except.iter())
                .map(|(first, last)| DayRun {
                    first: Day::of(*first),
                    last: Day::of(*last),
                })
                .collect(),
        },
    }
}

fn weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}
