//! Working days in mainland China, for deadlines counted in working days.
//!
//! Notices count "3 working days before the session" by the official
//! calendar: public holidays are off, and some weekends are working days
//! (调休). Neither follows a rule that code could compute, so the State
//! Council's annual arrangements are kept as data in
//! `data/cn-workdays.yaml`, readable and extended by hand, built into the
//! program and read once.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

/// The data file, as shipped in the repository.
const SOURCE: &str = include_str!("../data/cn-workdays.yaml");

/// The file's shape: one entry per year.
#[derive(Deserialize)]
struct File {
    years: Vec<YearEntry>,
}

#[derive(Deserialize)]
struct YearEntry {
    year: i32,
    /// Days off: `2025-10-01`, or `2025-10-01 to 2025-10-08`.
    off: Vec<String>,
    /// Weekend days that are working days.
    work: Vec<String>,
}

/// The arrangements of the years the data covers.
struct Table {
    first_year: i32,
    last_year: i32,
    off: HashSet<NaiveDate>,
    work: HashSet<NaiveDate>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    parse(SOURCE).unwrap_or_else(|e| panic!("data/cn-workdays.yaml: {e} (a unit test reads it)"))
});

fn parse(source: &str) -> Result<Table, String> {
    let file: File = serde_saphyr::from_str(source).map_err(|e| e.to_string())?;
    let date = |text: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| format!("bad date `{text}`"))
    };
    let mut table = Table {
        first_year: file.years.first().ok_or("no years")?.year,
        last_year: file.years.last().ok_or("no years")?.year,
        off: HashSet::new(),
        work: HashSet::new(),
    };
    for (expected, entry) in (table.first_year..).zip(&file.years) {
        if entry.year != expected {
            return Err(format!("year {} follows {}", entry.year, expected - 1));
        }
        let in_year = |d: NaiveDate| {
            (d.year() == entry.year)
                .then_some(d)
                .ok_or(format!("{d} is listed under {}", entry.year))
        };
        for period in &entry.off {
            let (first, last) = period.split_once(" to ").unwrap_or((period, period));
            let (first, last) = (in_year(date(first)?)?, in_year(date(last)?)?);
            table
                .off
                .extend(first.iter_days().take_while(|d| *d <= last));
        }
        for day in &entry.work {
            table.work.insert(in_year(date(day)?)?);
        }
    }
    Ok(table)
}

/// Whether a deadline counts forward or back from its anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Before,
    After,
}

/// A counted day, and the first year the count went through that the data
/// does not cover (there only weekends were taken as days off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reached {
    pub day: NaiveDate,
    pub uncovered_year: Option<i32>,
}

/// Whether `day` is a working day; `Err(year)` when the data does not
/// cover its year, with the answer by weekday alone.
fn working_day(day: NaiveDate) -> Result<bool, (i32, bool)> {
    let table = &*TABLE;
    let weekday = !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    if !(table.first_year..=table.last_year).contains(&day.year()) {
        return Err((day.year(), weekday));
    }
    Ok(table.work.contains(&day) || (weekday && !table.off.contains(&day)))
}

/// The `n`th working day before or after `from` (`from` itself for 0).
/// `None` only past the end of the calendar.
pub fn working_days(from: NaiveDate, direction: Direction, n: u32) -> Option<Reached> {
    let mut reached = Reached {
        day: from,
        uncovered_year: None,
    };
    let mut left = n;
    while left > 0 {
        reached.day = match direction {
            Direction::Before => reached.day.pred_opt()?,
            Direction::After => reached.day.succ_opt()?,
        };
        let working = working_day(reached.day).unwrap_or_else(|(year, weekday)| {
            reached.uncovered_year.get_or_insert(year);
            weekday
        });
        if working {
            left -= 1;
        }
    }
    Some(reached)
}

/// `n` calendar days before or after `from`; `None` past the end of the calendar.
pub fn days(from: NaiveDate, direction: Direction, n: u32) -> Option<NaiveDate> {
    let step = chrono::Days::new(n.into());
    match direction {
        Direction::Before => from.checked_sub_days(step),
        Direction::After => from.checked_add_days(step),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_working_day(day: NaiveDate) -> Option<bool> {
        working_day(day).ok()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_data_file_reads_and_covers_2020_to_2026() {
        let table = parse(SOURCE).unwrap();
        assert!(table.first_year <= 2020 && table.last_year >= 2026);
        // Each year names the notice it comes from.
        for year in table.first_year..=table.last_year {
            let title = format!("notice: 国务院办公厅关于{year}年部分节假日安排的通知（国办发明电");
            assert!(SOURCE.contains(&title), "{year}");
        }
    }

    #[test]
    fn national_day_2025_and_its_make_up_weekends() {
        for d in 1..=8 {
            let off = day(&format!("2025-10-{d:02}"));
            assert_eq!(is_working_day(off), Some(false), "{off}");
        }
        // A Sunday and a Saturday worked in exchange.
        assert_eq!(is_working_day(day("2025-09-28")), Some(true));
        assert_eq!(is_working_day(day("2025-10-11")), Some(true));
    }

    #[test]
    fn plain_weekends_and_weekdays() {
        assert_eq!(is_working_day(day("2025-11-15")), Some(false)); // Saturday
        assert_eq!(is_working_day(day("2025-11-16")), Some(false)); // Sunday
        assert_eq!(is_working_day(day("2025-11-12")), Some(true)); // Wednesday
    }

    #[test]
    fn the_first_and_last_years() {
        // 2020: the Spring Festival holiday, extended to 2 February.
        assert_eq!(is_working_day(day("2020-01-31")), Some(false));
        assert_eq!(is_working_day(day("2020-02-03")), Some(true));
        // 2026: the Spring Festival's make-up Saturday, and its holiday.
        assert_eq!(is_working_day(day("2026-02-14")), Some(true));
        assert_eq!(is_working_day(day("2026-02-23")), Some(false));
        assert_eq!(is_working_day(day("2019-12-31")), None);
    }

    #[test]
    fn counting_working_days_across_national_day() {
        // 10-08 back to 10-01 are off; 09-30, 09-29 and Sunday 09-28 work.
        let before = working_days(day("2025-10-09"), Direction::Before, 3).unwrap();
        assert_eq!(before.day, day("2025-09-28"));
        assert_eq!(before.uncovered_year, None);
        let after = working_days(day("2025-09-30"), Direction::After, 1).unwrap();
        assert_eq!(after.day, day("2025-10-09"));
        // Thursday 10-09, Friday 10-10, then Saturday 10-11 works.
        let after = working_days(day("2025-10-08"), Direction::After, 3).unwrap();
        assert_eq!(after.day, day("2025-10-11"));
        let zero = working_days(day("2025-10-05"), Direction::After, 0).unwrap();
        assert_eq!(zero.day, day("2025-10-05"));
    }

    #[test]
    fn counting_past_the_data_names_the_year() {
        let reached = working_days(day("2026-12-30"), Direction::After, 5).unwrap();
        // Weekends only in 2027: Thu 12-31, Fri 01-01 ... Wed 01-06.
        assert_eq!(reached.day, day("2027-01-06"));
        assert_eq!(reached.uncovered_year, Some(2027));
        assert_eq!(
            working_days(NaiveDate::MAX, Direction::After, 1),
            None,
            "the end of the calendar is not a panic"
        );
    }

    #[test]
    fn calendar_days() {
        assert_eq!(
            days(day("2025-10-01"), Direction::Before, 3),
            Some(day("2025-09-28"))
        );
        assert_eq!(days(NaiveDate::MAX, Direction::After, 1), None);
    }
}
