//! VTIMEZONE components from chrono-tz's copy of the IANA database.
//!
//! Calendar files carry their own zone rules: a reader resolves `TZID=` only
//! through a VTIMEZONE in the same file (ical.js silently treats a missing
//! one as floating time). Rather than copy RRULEs, which would only describe
//! the current rules, we scan the years the file uses for the instants where
//! the UTC offset changes and write one observance per change, plus one for
//! the offset in force on 1 January of the first year.

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::ical::{Component, Value};

/// The UTC instant of a local date-time in `tz`. An ambiguous time (the hour
/// repeated when clocks go back) is the earlier one; a time that does not
/// exist (skipped when clocks go forward) is read with the offset before the
/// gap, as calendar apps do.
pub fn to_utc(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => {
            let before = tz
                .offset_from_utc_datetime(&(local - TimeDelta::days(1)))
                .fix();
            (local - before).and_utc()
        }
    }
}

/// The VTIMEZONE for `tz` covering local years `first..=last`.
///
/// Finding the transitions looks up the offset of every day of those
/// years, and every calendar file needs its zone: a big site's 200,000
/// files spent seconds here. They share a handful of (zone, years), so
/// each is made once per process (a few hundred bytes each).
pub fn vtimezone(tz: Tz, first: i32, last: i32) -> Component {
    static MADE: Mutex<BTreeMap<(&str, i32, i32), Component>> = Mutex::new(BTreeMap::new());
    let key = (tz.name(), first, last);
    if let Some(zone) = MADE.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return zone;
    }
    let zone = make_vtimezone(tz, first, last);
    if let Ok(mut made) = MADE.lock() {
        made.insert(key, zone.clone());
    }
    zone
}

fn make_vtimezone(tz: Tz, first: i32, last: i32) -> Component {
    let start = to_utc(tz, year_start(first));
    let end = to_utc(tz, year_start(last + 1));
    let mut zone = Component::new("VTIMEZONE");
    zone.add("TZID", Value::Text(tz.name().to_string()));
    zone.child(observance(tz, start, start));
    let mut day = start;
    while day < end {
        let next = (day + TimeDelta::days(1)).min(end);
        if offset(tz, day) != offset(tz, next) {
            let change = first_change(tz, day, next);
            zone.child(observance(tz, change - TimeDelta::seconds(1), change));
        }
        day = next;
    }
    zone
}

fn year_start(year: i32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

fn offset(tz: Tz, at: DateTime<Utc>) -> chrono::FixedOffset {
    tz.offset_from_utc_datetime(&at.naive_utc()).fix()
}

/// The first second in `(from, to]` with `to`'s offset, by bisection.
fn first_change(tz: Tz, mut from: DateTime<Utc>, mut to: DateTime<Utc>) -> DateTime<Utc> {
    let target = offset(tz, to);
    while to - from > TimeDelta::seconds(1) {
        let mid = from + (to - from) / 2;
        if offset(tz, mid) == target {
            to = mid;
        } else {
            from = mid;
        }
    }
    to
}

/// The observance that starts at `at` (the offset before it was in force at
/// `before`): STANDARD or DAYLIGHT by whether the new offset includes DST,
/// its onset written in local time of the old offset as RFC 5545 §3.6.5 asks.
fn observance(tz: Tz, before: DateTime<Utc>, at: DateTime<Utc>) -> Component {
    let old = offset(tz, before);
    let new = tz.offset_from_utc_datetime(&at.naive_utc());
    let kind = if new.dst_offset().is_zero() {
        "STANDARD"
    } else {
        "DAYLIGHT"
    };
    let mut o = Component::new(kind);
    o.add(
        "DTSTART",
        Value::Floating(at.with_timezone(&old).naive_local()),
    );
    o.add("TZOFFSETFROM", Value::UtcOffset(old));
    o.add("TZOFFSETTO", Value::UtcOffset(new.fix()));
    if let Some(name) = new.abbreviation() {
        o.add("TZNAME", Value::Text(name.to_string()));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_is_one_standard_observance() {
        let text = vtimezone(Tz::Asia__Shanghai, 2025, 2026).serialize();
        assert_eq!(
            text,
            "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\n\
             DTSTART:20250101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\n\
             TZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn berlin_has_each_transition_of_the_years() {
        let text = vtimezone(Tz::Europe__Berlin, 2025, 2026).serialize();
        let onsets: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("DTSTART:"))
            .collect();
        assert_eq!(
            onsets,
            [
                "20250101T000000",
                "20250330T020000",
                "20251026T030000",
                "20260329T020000",
                "20261025T030000",
            ]
        );
        assert_eq!(text.matches("BEGIN:DAYLIGHT").count(), 2);
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 3);
        assert!(text.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20250330T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
        ));
    }

    #[test]
    fn southern_summer_starts_the_year_in_daylight_time() {
        let text = vtimezone(Tz::Australia__Sydney, 2026, 2026).serialize();
        let kinds: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("BEGIN:"))
            .collect();
        assert_eq!(kinds, ["VTIMEZONE", "DAYLIGHT", "STANDARD", "DAYLIGHT"]);
        assert!(text.contains(
            "BEGIN:STANDARD\r\nDTSTART:20260405T030000\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1000\r\n"
        ));
    }

    #[test]
    fn local_times_in_gaps_and_overlaps() {
        let berlin = Tz::Europe__Berlin;
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // 02:30 does not exist on 30 March 2025: read with +01:00.
        assert_eq!(
            to_utc(berlin, at("2025-03-30 02:30")).to_rfc3339(),
            "2025-03-30T01:30:00+00:00"
        );
        // 02:30 happens twice on 26 October 2025: the first, at +02:00.
        assert_eq!(
            to_utc(berlin, at("2025-10-26 02:30")).to_rfc3339(),
            "2025-10-26T00:30:00+00:00"
        );
        assert_eq!(
            to_utc(Tz::Asia__Shanghai, at("2025-11-11 15:30")).to_rfc3339(),
            "2025-11-11T07:30:00+00:00"
        );
    }
}
