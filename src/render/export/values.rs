//! The small values every export document is made of: addresses, instants
//! with their offset, days and clock times. Each is a string in the JSON
//! with a pattern in the schema, so a consumer's validator checks its form
//! and the export's own test proves every value has it.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Offset, Timelike};
use chrono_tz::Tz;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use crate::digits::push_digits;
use crate::plan::{self, OutPath};

/// Where a published file is, both ways a consumer may want it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Address {
    /// The address on the site's own host: starts with `/` and includes
    /// the path of the site's `base_url` (`/notices/en/...` for a site
    /// published under `https://host/notices/`), percent-encoded.
    pub path: String,
    /// The absolute URL: the site's `base_url` followed by the file's
    /// place in the site, percent-encoded.
    pub url: String,
}

/// Makes [`Address`]es from output paths, for one site.
pub struct Addresses<'a> {
    base_url: &'a str,
    /// The path part of the base URL, ending in `/`.
    base_path: &'a str,
}

impl<'a> Addresses<'a> {
    /// For a site published at `base_url` (absolute, ending in `/`, as
    /// validation guarantees).
    pub fn new(base_url: &'a str) -> Addresses<'a> {
        let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
        let base_path =
            (base_url[after_scheme..].find('/')).map_or("/", |i| &base_url[after_scheme + i..]);
        Addresses {
            base_url,
            base_path,
        }
    }

    pub fn of(&self, out: &OutPath) -> Address {
        let rest = plan::encoded(out);
        Address {
            path: format!("{}{rest}", self.base_path),
            url: format!("{}{rest}", self.base_url),
        }
    }
}

/// A moment as ISO 8601 / RFC 3339 with the offset in force there:
/// `2025-11-11T15:30:00+08:00`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Instant(String);

impl Instant {
    /// The instant of a local date-time in `tz`, read as the calendars
    /// read it (see [`crate::calendar::to_utc`]: the earlier of a repeated
    /// hour, the offset before a skipped one).
    pub fn local(tz: Tz, at: NaiveDateTime) -> Instant {
        let utc = crate::calendar::to_utc(tz, at);
        Instant::zoned(utc.with_timezone(&tz))
    }

    pub fn zoned(at: chrono::DateTime<Tz>) -> Instant {
        // Written digit by digit: chrono's `format` reads its pattern
        // again for every value, and a campaign has thousands of these.
        let mut text = String::with_capacity(25);
        push_day(&mut text, at.date_naive());
        text.push('T');
        push_digits(&mut text, at.hour(), 2);
        text.push(':');
        push_digits(&mut text, at.minute(), 2);
        text.push(':');
        push_digits(&mut text, at.second(), 2);
        let offset = at.offset().fix().local_minus_utc();
        text.push(if offset < 0 { '-' } else { '+' });
        let minutes = offset.unsigned_abs() / 60;
        push_digits(&mut text, minutes / 60, 2);
        text.push(':');
        push_digits(&mut text, minutes % 60, 2);
        Instant(text)
    }
}

impl JsonSchema for Instant {
    fn schema_name() -> Cow<'static, str> {
        "Instant".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A moment, ISO 8601 with the UTC offset in force there: 2025-11-11T15:30:00+08:00.",
            "type": "string",
            "format": "date-time",
            "pattern": INSTANT,
        })
    }
}

/// `YYYY-MM-DD` (validation keeps years to four digits).
fn push_day(text: &mut String, day: NaiveDate) {
    push_digits(text, day.year().clamp(0, 9999) as u32, 4);
    text.push('-');
    push_digits(text, day.month(), 2);
    text.push('-');
    push_digits(text, day.day(), 2);
}

const INSTANT: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$";
const DAY: &str = r"^\d{4}-\d{2}-\d{2}$";

/// A calendar day, `YYYY-MM-DD`, in the campaign's time zone.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Day(String);

impl Day {
    pub fn of(day: NaiveDate) -> Day {
        let mut text = String::with_capacity(10);
        push_day(&mut text, day);
        Day(text)
    }
}

impl JsonSchema for Day {
    fn schema_name() -> Cow<'static, str> {
        "Day".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar day in the campaign's time zone, ISO 8601: 2025-11-11.",
            "type": "string",
            "format": "date",
            "pattern": DAY,
        })
    }
}

/// A wall-clock time, `HH:MM`, in the campaign's time zone.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Clock(String);

impl Clock {
    pub fn of(time: NaiveTime) -> Clock {
        let mut text = String::with_capacity(5);
        push_digits(&mut text, time.hour(), 2);
        text.push(':');
        push_digits(&mut text, time.minute(), 2);
        Clock(text)
    }
}

impl JsonSchema for Clock {
    fn schema_name() -> Cow<'static, str> {
        "Clock".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A local wall-clock time in the campaign's time zone, 24-hour: 15:30.",
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d$",
        })
    }
}

/// Either an [`Instant`] or, for a whole-day event, a [`Day`]: what a
/// calendar event's start and end were, as the change log keeps them.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct InstantOrDay(pub String);

impl JsonSchema for InstantOrDay {
    fn schema_name() -> Cow<'static, str> {
        "InstantOrDay".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An instant with its offset (2025-11-11T15:30:00+08:00), or a day (2026-03-30) for a whole-day event.",
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_keep_the_base_path() {
        let out = OutPath("files/c/attachments/a b.xlsx".into());
        let root = Addresses::new("https://notices.example.edu.cn/").of(&out);
        assert_eq!(root.path, "/files/c/attachments/a%20b.xlsx");
        assert_eq!(
            root.url,
            "https://notices.example.edu.cn/files/c/attachments/a%20b.xlsx"
        );
        let sub = Addresses::new("https://example.edu.cn/notices/").of(&out);
        assert_eq!(sub.path, "/notices/files/c/attachments/a%20b.xlsx");
    }

    #[test]
    fn instants_carry_the_offset_of_their_zone() {
        let at = NaiveDate::from_ymd_opt(2025, 11, 11)
            .unwrap()
            .and_hms_opt(15, 30, 0)
            .unwrap();
        assert_eq!(
            Instant::local(chrono_tz::Asia::Shanghai, at).0,
            "2025-11-11T15:30:00+08:00"
        );
        // Summer time in New York: -04:00; a skipped hour keeps the offset
        // before the gap, as calendar apps read it.
        let ny = chrono_tz::America::New_York;
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0);
        assert_eq!(
            Instant::local(ny, summer.unwrap()).0,
            "2026-07-01T09:00:00-04:00"
        );
        let gap = NaiveDate::from_ymd_opt(2026, 3, 8)
            .unwrap()
            .and_hms_opt(2, 30, 0);
        assert_eq!(
            Instant::local(ny, gap.unwrap()).0,
            "2026-03-08T03:30:00-04:00"
        );
        // A zone half an hour off the hour, and the same text as chrono's
        // own formatting for every hour of a year around the world.
        let kolkata = chrono_tz::Asia::Kolkata;
        assert_eq!(Instant::local(kolkata, at).0, "2025-11-11T15:30:00+05:30");
        for tz in [ny, kolkata, chrono_tz::Pacific::Chatham, chrono_tz::UTC] {
            for hour in (0..24 * 366).step_by(7) {
                let local = at + chrono::TimeDelta::hours(hour);
                let zoned = crate::calendar::to_utc(tz, local).with_timezone(&tz);
                let chrono = zoned.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
                assert_eq!(Instant::zoned(zoned).0, chrono);
                assert_eq!(
                    Day::of(local.date()).0,
                    local.format("%Y-%m-%d").to_string()
                );
                assert_eq!(Clock::of(local.time()).0, local.format("%H:%M").to_string());
            }
        }
    }
}
