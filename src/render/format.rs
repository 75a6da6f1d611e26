//! Dates and times as each language writes them.
//!
//! zh-CN: 2025年11月11日（星期二）; en: Tuesday 11 November 2025. Other
//! languages fall back to ISO 8601 until their locale supplies a pattern.

use chrono::{Datelike, NaiveDate, NaiveTime};

use crate::model::TimeRange;

const ZH_WEEKDAYS: [&str; 7] = [
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
];
const EN_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date with its weekday.
pub fn date_long(lang: &str, date: NaiveDate) -> String {
    let weekday = date.weekday().num_days_from_monday() as usize;
    match primary(lang) {
        "zh" => format!(
            "{}年{}月{}日（{}）",
            date.year(),
            date.month(),
            date.day(),
            ZH_WEEKDAYS[weekday]
        ),
        "en" => format!(
            "{} {} {} {}",
            EN_WEEKDAYS[weekday],
            date.day(),
            EN_MONTHS[date.month0() as usize],
            date.year()
        ),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

/// A date without weekday, for ranges and publication lines.
pub fn date_short(lang: &str, date: NaiveDate) -> String {
    match primary(lang) {
        "zh" => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        "en" => format!(
            "{} {} {}",
            date.day(),
            EN_MONTHS[date.month0() as usize],
            date.year()
        ),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

/// `15:30–17:00` in every language (24-hour clock, en dash).
pub fn time_range(range: &TimeRange) -> String {
    range.to_string()
}

pub fn time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn primary(lang: &str) -> &str {
    lang.split('-').next().unwrap_or(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_match_the_notices() {
        let d = NaiveDate::from_ymd_opt(2025, 11, 11).unwrap();
        assert_eq!(date_long("zh-CN", d), "2025年11月11日（星期二）");
        assert_eq!(date_long("en", d), "Tuesday 11 November 2025");
        assert_eq!(date_long("fr", d), "2025-11-11");
    }
}
