//! Dates and times as each language writes them.
//!
//! The patterns and the weekday and month names live in
//! `locales/<lang>/dates.ftl` (zh-CN: 2025年11月11日（星期二）; en: Tuesday
//! 11 November 2025), so a new language needs no code here. This module
//! only splits a date into the pieces those patterns use. Formatted texts
//! are remembered: a big site shows the same dates on thousands of pages.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::locales::Locales;
use crate::model::{Bound, Count, Counted, Direction, Offset, Slot, TimeRange};

/// The messages this module looks up; checked against the locales so a
/// missing pattern fails the build instead of printing a placeholder.
pub fn message_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        "date-long",
        "date-short",
        "date-time",
        "date-window",
        "date-window-open",
        "time-range",
        "list-separator",
        "relative-days",
        "relative-working-days",
        "relative-months",
        "pending",
        "counted-days-before",
        "counted-days-after",
        "counted-working-days-before",
        "counted-working-days-after",
        "counted-anchor-slot",
        "counted-anchor-deadline",
    ]
    .map(String::from)
    .to_vec();
    keys.extend((1..=7).map(|n| format!("weekday-{n}")));
    keys.extend((1..=12).map(|n| format!("month-{n}")));
    keys
}

/// A date with its weekday.
pub fn date_long(loc: &Locales, lang: &str, date: NaiveDate) -> String {
    loc.remembered(format!("date-long {lang} {date}"), || {
        loc.text(lang, "date-long", &date_args(loc, lang, date))
    })
}

/// A session's date with its weekday, or "to be announced".
pub fn session_date(loc: &Locales, lang: &str, date: Option<NaiveDate>) -> String {
    match date {
        Some(date) => date_long(loc, lang, date),
        None => loc.text(lang, "pending", &[]),
    }
}

/// A session's time ranges as a list, or "to be announced".
pub fn session_times(loc: &Locales, lang: &str, times: &[TimeRange]) -> String {
    if times.is_empty() {
        return loc.text(lang, "pending", &[]);
    }
    list(loc, lang, times.iter().map(|t| time_range(loc, lang, t)))
}

/// A school's slots in a session: each slot's ranges, after its label
/// when it has one ("2023级 09:00–10:00、2024级 14:00–15:00"); `None` when
/// the school has no slot there.
pub fn school_slots<'a>(
    loc: &Locales,
    lang: &str,
    slots: impl Iterator<Item = &'a Slot>,
) -> Option<String> {
    let parts: Vec<String> = slots
        .map(|slot| {
            let times = session_times(loc, lang, &slot.times);
            match &slot.label {
                Some(label) => format!("{} {times}", label.get(lang)),
                None => times,
            }
        })
        .collect();
    (!parts.is_empty()).then(|| list(loc, lang, parts))
}

/// A date without weekday, for ranges and publication lines.
pub fn date_short(loc: &Locales, lang: &str, date: NaiveDate) -> String {
    loc.remembered(format!("date-short {lang} {date}"), || {
        loc.text(lang, "date-short", &date_args(loc, lang, date))
    })
}

/// A long date followed by a time or time range.
pub fn date_time(loc: &Locales, lang: &str, date: NaiveDate, time: String) -> String {
    let date = date_long(loc, lang, date);
    loc.text(lang, "date-time", &[("date", date), ("time", time)])
}

pub fn moment(loc: &Locales, lang: &str, at: NaiveDateTime) -> String {
    date_time(loc, lang, at.date(), self::time(at.time()))
}

/// A window of days, both included.
pub fn window(loc: &Locales, lang: &str, start: Bound, end: Option<Bound>) -> String {
    let opens = match start {
        Bound::Day(day) => date_short(loc, lang, day),
        Bound::At(at) => moment(loc, lang, at),
    };
    let Some(end) = end else {
        return loc.text(lang, "date-window-open", &[("start", opens)]);
    };
    let closes = match end {
        Bound::Day(day) => date_short(loc, lang, day),
        // A window closing at midnight closes at 24:00 of the day before,
        // as notices write it.
        Bound::At(at) if at.time() == NaiveTime::MIN => {
            date_time(loc, lang, end.closing_day(), "24:00".into())
        }
        Bound::At(at) => moment(loc, lang, at),
    };
    loc.text(lang, "date-window", &[("start", opens), ("end", closes)])
}

pub fn time_range(loc: &Locales, lang: &str, range: &TimeRange) -> String {
    let (start, end) = (range.start, range.end);
    loc.remembered(format!("time-range {lang} {start} {end}"), || {
        let (start, end) = (time(start), time(end));
        loc.text(lang, "time-range", &[("start", start), ("end", end)])
    })
}

/// A time limit counted from something each student does.
pub fn relative(loc: &Locales, lang: &str, after: &str, offset: Offset) -> String {
    let (key, n) = match offset {
        Offset::Days(n) => ("relative-days", n),
        Offset::WorkingDays(n) => ("relative-working-days", n),
        Offset::Months(n) => ("relative-months", n),
    };
    loc.text(
        lang,
        key,
        &[("after", after.to_string()), ("n", n.to_string())],
    )
}

/// A deadline counted from `anchor` (already in words) that has no one
/// date to show: "3 working days before your school's session".
pub fn counted(loc: &Locales, lang: &str, counted: &Counted, anchor: String) -> String {
    let (key, n) = match (counted.count, counted.direction) {
        (Count::Days(n), Direction::Before) => ("counted-days-before", n),
        (Count::Days(n), Direction::After) => ("counted-days-after", n),
        (Count::WorkingDays(n), Direction::Before) => ("counted-working-days-before", n),
        (Count::WorkingDays(n), Direction::After) => ("counted-working-days-after", n),
    };
    loc.text(lang, key, &[("anchor", anchor), ("n", n.to_string())])
}

/// Times use the 24-hour clock in every language the notices are written in.
pub fn time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// Joins a short inline list the way the language does (`、` or `, `).
pub fn list(loc: &Locales, lang: &str, items: impl IntoIterator<Item = String>) -> String {
    let separator = loc.text(lang, "list-separator", &[]);
    items.into_iter().collect::<Vec<_>>().join(&separator)
}

fn date_args(loc: &Locales, lang: &str, date: NaiveDate) -> Vec<(&'static str, String)> {
    let weekday = date.weekday().number_from_monday();
    vec![
        ("year", date.year().to_string()),
        ("month", date.month().to_string()),
        ("day", date.day().to_string()),
        (
            "weekday",
            loc.text(lang, &format!("weekday-{weekday}"), &[]),
        ),
        (
            "month-name",
            loc.text(lang, &format!("month-{}", date.month()), &[]),
        ),
    ]
}
