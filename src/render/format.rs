//! Dates and times as each language writes them.
//!
//! The patterns and the weekday and month names live in
//! `locales/<lang>/dates.ftl` (zh-CN: 2025年11月11日（星期二）; en: Tuesday
//! 11 November 2025), so a new language needs no code here. This module
//! only splits a date into the pieces those patterns use. Formatted texts
//! are remembered: a big site shows the same dates on thousands of pages.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::locales::Locales;
use crate::model::{
    Bound, Count, Counted, Direction, Offset, Recurrence, Session, Slot, TimeRange, Weekly,
};

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
        "time-from",
        "day-month",
        "span",
        "span-same-year",
        "span-same-month",
        "repeat-weekdays",
        "repeat-weekdays-run",
        "repeat-days-time",
        "repeat-weekly",
        "repeat-except",
        "file-size-kb",
        "file-size-mb",
        "file-type-size",
    ]
    .map(String::from)
    .to_vec();
    keys.extend((1..=7).map(|n| format!("weekday-{n}")));
    keys.extend((1..=7).map(|n| format!("weekday-short-{n}")));
    keys.extend((1..=12).map(|n| format!("month-{n}")));
    keys
}

/// The key a formatted text is remembered by ([`Locales::remembered`]):
/// `what`, the language, and tagged numbers for the values it formats,
/// written without the formatting machinery, which cost 3% of a large
/// build for texts a hash lookup then finds.
pub(super) fn memo_key(what: &str, lang: &str, values: &[(char, i64)]) -> String {
    let mut key = String::with_capacity(what.len() + lang.len() + 12 * values.len() + 1);
    key.push_str(what);
    key.push(' ');
    key.push_str(lang);
    let mut number = itoa::Buffer::new();
    for &(tag, value) in values {
        key.push(' ');
        key.push(tag);
        key.push_str(number.format(value));
    }
    key
}

/// A day as a number for [`memo_key`].
pub(super) fn day_number(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce())
}

/// A time of day as a number for [`memo_key`] (times are whole minutes or
/// seconds).
pub(super) fn second_number(time: NaiveTime) -> i64 {
    i64::from(time.num_seconds_from_midnight())
}

/// A date with its weekday.
pub fn date_long(loc: &Locales, lang: &str, date: NaiveDate) -> String {
    loc.remembered(
        memo_key("date-long", lang, &[('d', day_number(date))]),
        || loc.text(lang, "date-long", &date_args(loc, lang, date)),
    )
}

/// A session's date with its weekday, or "to be announced".
pub fn session_date(loc: &Locales, lang: &str, date: Option<NaiveDate>) -> String {
    match date {
        Some(date) => date_long(loc, lang, date),
        None => loc.text(lang, "pending", &[]),
    }
}

/// The days of a session: its date, as [`session_date`]; its dates, as a
/// list; or its weekly rule ("每周一至周五，2025年9月22日至10月31日（10月1日至8日
/// 除外）"). With `time`, the time is said with the days, as the key
/// dates do ("Monday to Friday from 18:30, 22 September to …").
pub fn session_days(loc: &Locales, lang: &str, s: &Session, time: Option<String>) -> String {
    let with_time = |days: String| match &time {
        Some(time) => loc.text(lang, "date-time", &[("date", days), ("time", time.clone())]),
        None => days,
    };
    match (&s.recurrence, s.date) {
        (None, Some(date)) if time.is_some() => with_time(date_long(loc, lang, date)),
        (None, date) => session_date(loc, lang, date),
        (Some(Recurrence::Dates(days)), _) => with_time(list(
            loc,
            lang,
            days.iter().map(|d| date_long(loc, lang, *d)),
        )),
        (Some(Recurrence::Weekly(weekly)), _) => self::weekly(loc, lang, weekly, time),
    }
}

/// "Monday to Friday from 18:30, 22 September to 31 October 2025 (except
/// 1–8 October)".
fn weekly(loc: &Locales, lang: &str, w: &Weekly, time: Option<String>) -> String {
    let mut days = loc.text(lang, "repeat-weekdays", &[("days", weekdays(loc, lang, w))]);
    if let Some(time) = time {
        days = loc.text(lang, "repeat-days-time", &[("days", days), ("time", time)]);
    }
    let one_year = w.from.year() == w.until.year();
    let span = span(loc, lang, w.from, w.until, false);
    let mut text = loc.text(lang, "repeat-weekly", &[("days", days), ("span", span)]);
    if !w.except.is_empty() {
        let except = w
            .except
            .iter()
            .map(|(a, b)| self::span(loc, lang, *a, *b, one_year));
        let except = list(loc, lang, except);
        text = loc.text(lang, "repeat-except", &[("text", text), ("days", except)]);
    }
    text
}

/// A repeat's weekdays: "周一至周五" for three or more days in a row, else
/// a list ("周一、周三").
fn weekdays(loc: &Locales, lang: &str, w: &Weekly) -> String {
    let name = |d: &chrono::Weekday| {
        let n = d.number_from_monday();
        loc.text(lang, &format!("weekday-short-{n}"), &[])
    };
    let numbers: Vec<u32> = w.weekdays.iter().map(|d| d.number_from_monday()).collect();
    let in_a_row = numbers.windows(2).all(|p| p[1] == p[0] + 1);
    match (w.weekdays.first(), w.weekdays.last()) {
        (Some(first), Some(last)) if in_a_row && w.weekdays.len() >= 3 => loc.text(
            lang,
            "repeat-weekdays-run",
            &[("first", name(first)), ("last", name(last))],
        ),
        _ => list(loc, lang, w.weekdays.iter().map(name)),
    }
}

/// Days from `a` to `b`, naming the year once when both share it, or not
/// at all when the reader knows it (`year_known`): "22 September to 31
/// October 2025", "1–8 October", "2025年9月22日至10月31日".
fn span(loc: &Locales, lang: &str, a: NaiveDate, b: NaiveDate, year_known: bool) -> String {
    let day_month = |d: NaiveDate| loc.text(lang, "day-month", &date_args(loc, lang, d));
    let same_year = a.year() == b.year();
    match (year_known && same_year, same_year) {
        _ if a == b && year_known => day_month(a),
        _ if a == b => date_short(loc, lang, a),
        (true, _) if a.month() == b.month() => {
            let mut args = date_args(loc, lang, a);
            args.extend([("start", a.day().to_string()), ("end", b.day().to_string())]);
            loc.text(lang, "span-same-month", &args)
        }
        (true, _) => loc.text(
            lang,
            "span",
            &[("start", day_month(a)), ("end", day_month(b))],
        ),
        (false, true) => loc.text(
            lang,
            "span-same-year",
            &[
                ("year", a.year().to_string()),
                ("start", day_month(a)),
                ("end", day_month(b)),
            ],
        ),
        (false, false) => loc.text(
            lang,
            "span",
            &[
                ("start", date_short(loc, lang, a)),
                ("end", date_short(loc, lang, b)),
            ],
        ),
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
    loc.remembered(
        memo_key("date-short", lang, &[('d', day_number(date))]),
        || loc.text(lang, "date-short", &date_args(loc, lang, date)),
    )
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

/// A range, or a start only ("from 18:30") when the notice gives no end.
pub fn time_range(loc: &Locales, lang: &str, range: &TimeRange) -> String {
    if !range.end_stated {
        return loc.text(lang, "time-from", &[("time", time(range.start))]);
    }
    let (start, end) = (range.start, range.end);
    let key = memo_key(
        "time-range",
        lang,
        &[('t', second_number(start)), ('t', second_number(end))],
    );
    loc.remembered(key, || {
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

/// The size as a person reads it, in binary units as file managers show
/// them: whole kilobytes (at least 1) below a megabyte, then megabytes
/// with one decimal. Returns the message key and its arguments.
fn size_parts(size: u64) -> (&'static str, Vec<(&'static str, String)>) {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if size < MB {
        let kb = size.div_ceil(KB).max(1);
        ("file-size-kb", vec![("size", kb.to_string())])
    } else {
        // Tenths of a megabyte, rounded to the nearest.
        let tenths = (size * 10 + MB / 2) / MB;
        (
            "file-size-mb",
            vec![
                ("whole", (tenths / 10).to_string()),
                ("tenth", (tenths % 10).to_string()),
            ],
        )
    }
}

/// A size in bytes as a person reads it: "24 KB", "1.5 MB".
pub fn file_size(loc: &Locales, lang: &str, size: u64) -> String {
    let (key, args) = size_parts(size);
    loc.text(lang, key, &args)
}

/// A title as a file name every system accepts: without the characters
/// Windows refuses (`/`, `:`, `?`...) or control characters.
pub fn file_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|ch| match ch {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => ' ',
            ch if ch.is_control() => ' ',
            ch => ch,
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    words.join(" ").trim_end_matches('.').to_string()
}

/// A file's type and size as attachment lists show them: "XLSX, 24 KB" /
/// "XLSX，24 KB". The type is the extension, as people name files.
pub fn file_meta(loc: &Locales, lang: &str, extension: &str, size: u64) -> String {
    let size = file_size(loc, lang, size);
    let kind = extension.to_ascii_uppercase();
    loc.text(lang, "file-type-size", &[("type", kind), ("size", size)])
}

#[cfg(test)]
mod tests {
    use super::{file_name, size_parts};

    #[test]
    fn sizes_in_kilobytes_then_megabytes() {
        assert_eq!(size_parts(0).1, vec![("size", "1".to_string())]);
        assert_eq!(size_parts(24 * 1024).1, vec![("size", "24".to_string())]);
        assert_eq!(
            size_parts(1536 * 1024),
            (
                "file-size-mb",
                vec![("whole", "1".to_string()), ("tenth", "5".to_string())]
            )
        );
    }

    #[test]
    fn file_names_lose_what_windows_refuses() {
        assert_eq!(
            file_name("2026年毕业生图像采集（各学院安排）/第1批: 南校园?"),
            "2026年毕业生图像采集（各学院安排） 第1批 南校园"
        );
        assert_eq!(file_name("Photos, 2026..."), "Photos, 2026");
    }
}
