//! A session's days: one `date`, a list of `dates`, or a weekly `repeat`
//! (or `pending: [date]` while the notice has not said).

use chrono::{NaiveDate, Weekday};

use crate::content::raw::{self, S, pos};
use crate::model::{Recurrence, Weekly};

use super::fields::Fields;

/// A session's first day (`None` while pending) and the days after it.
pub(super) type Days = (Option<NaiveDate>, Option<Recurrence>);

/// Reads whichever of `date`, `dates` and `repeat` the session gives;
/// exactly one, or none with `pending: [date]`. `None` when it has
/// mistakes (reported).
pub(super) fn days(f: &mut Fields, entry: &S<raw::SessionEntry>, pending: bool) -> Option<Days> {
    let s = &entry.value;
    let given = [
        s.date.as_ref().map(|d| ("date", pos(d))),
        s.dates.as_ref().map(|d| ("dates", pos(d))),
        s.repeat.as_ref().map(|r| ("repeat", pos(r))),
    ];
    let written: Vec<_> = given.into_iter().flatten().collect();
    match (written.as_slice(), pending) {
        ([_], false) => {}
        ([], true) => return Some((None, None)),
        ([(field, at)], true) => {
            f.error(
                *at,
                format!("`{field}` is given and also listed in `pending`"),
                "remove `date` from `pending` now that it is known",
            );
            return None;
        }
        ([], false) => {
            f.error(
                pos(&s.id),
                "this session has no `date`",
                "write `date`, `dates` or `repeat`, or add `pending: [date]` if the notice says it will be announced",
            );
            return None;
        }
        ([_, (_, second), ..], _) => {
            f.error(
                *second,
                "a session has exactly one of `date`, `dates` and `repeat`",
                "use `date` for one day, `dates` for a list of days, `repeat` for weekdays between two dates",
            );
            return None;
        }
    }
    if let Some(date) = &s.date {
        return f.date(date, "date").map(|d| (Some(d), None));
    }
    if let Some(dates) = &s.dates {
        return self::dates(f, dates);
    }
    s.repeat.as_ref().and_then(|r| repeat(f, r))
}

/// A list of days: sorted, no day twice, within a year.
fn dates(f: &mut Fields, list: &S<Vec<S<String>>>) -> Option<Days> {
    if list.value.is_empty() {
        f.error(
            pos(list),
            "`dates` lists no day",
            "e.g. `dates: [2025-10-09, 2025-10-10]`, or `pending: [date]` if the days are to be announced",
        );
        return None;
    }
    let parsed: Vec<Option<NaiveDate>> = list.value.iter().map(|d| f.date(d, "dates")).collect();
    let days: Vec<NaiveDate> = parsed.into_iter().collect::<Option<_>>()?;
    let mut in_order = true;
    for (i, pair) in days.windows(2).enumerate() {
        if pair[0] >= pair[1] {
            let (message, hint) = if pair[0] == pair[1] {
                (
                    format!("{} is listed twice in `dates`", pair[1]),
                    "list each day once",
                )
            } else {
                (
                    format!(
                        "`dates` are not in order: {} comes after {}",
                        pair[1], pair[0]
                    ),
                    "list the days from the first to the last",
                )
            };
            f.error(pos(&list.value[i + 1]), message, hint);
            in_order = false;
        }
    }
    let (first, last) = (*days.first()?, *days.last()?);
    if in_order && (last - first).num_days() > Weekly::LONGEST_DAYS {
        f.error(
            pos(list),
            format!("`dates` span more than a year, from {first} to {last}"),
            "check the years; a session over more than a year is better split in two",
        );
        in_order = false;
    }
    in_order.then_some(())?;
    let recurrence = (days.len() > 1).then_some(Recurrence::Dates(days));
    Some((Some(first), recurrence))
}

/// Weekdays between two dates, less the exceptions.
fn repeat(f: &mut Fields, entry: &S<raw::RepeatEntry>) -> Option<Days> {
    let r = &entry.value;
    let weekdays = weekdays(f, &r.weekdays);
    let from = f.date(&r.from, "from");
    let until = f.date(&r.until, "until");
    let (weekdays, from, until) = (weekdays?, from?, until?);
    if until < from {
        f.error(
            pos(&r.until),
            format!("`until` ({until}) is before `from` ({from})"),
            "a repeat runs from its first day to its last: check the dates",
        );
        return None;
    }
    if (until - from).num_days() > Weekly::LONGEST_DAYS {
        f.error(
            pos(&r.until),
            format!("the repeat runs more than a year, from {from} to {until}"),
            "check the years; a session over more than a year is better split in two",
        );
        return None;
    }
    let mut weekly = Weekly {
        weekdays,
        from,
        until,
        except: Vec::new(),
    };
    let mut left_out: Vec<NaiveDate> = Vec::new();
    let mut readable = true;
    for item in &r.except {
        let Some((a, b)) = except(f, item) else {
            readable = false;
            continue;
        };
        // Only the days inside the repeat matter (and are walked).
        let inside = || {
            a.max(from)
                .iter_days()
                .take_while(move |d| *d <= b.min(until))
        };
        if b < from || a > until {
            f.warning(
                pos(item),
                format!(
                    "except `{}` is outside the repeat ({from} to {until})",
                    item.value.trim()
                ),
                "it leaves out no day: check the date, or remove it",
            );
        } else if a < from || b > until {
            f.warning(
                pos(item),
                format!(
                    "except `{}` reaches outside the repeat ({from} to {until})",
                    item.value.trim()
                ),
                "only the days inside the repeat are left out: check the dates",
            );
        } else if !inside().any(|d| weekly.on_weekday(d)) {
            f.warning(
                pos(item),
                format!(
                    "except `{}` is on none of the repeat's weekdays",
                    item.value.trim()
                ),
                "it leaves out no day: check the date, or remove it",
            );
        }
        left_out.extend(inside());
    }
    readable.then_some(())?;
    weekly.except = runs(&weekly, left_out);
    let Some(first) = weekly.days().next() else {
        f.error(
            pos(entry),
            "the repeat leaves no day: every day it covers is excepted or on another weekday",
            "check `weekdays`, `from`, `until` and `except`",
        );
        return None;
    };
    Some((Some(first), Some(Recurrence::Weekly(weekly))))
}

/// The excepted days (all inside the repeat) as runs, the way a notice names
/// them: days next to each other, or with only days the session is not
/// held on between them (a weekend), make one run ("1–8 October").
fn runs(weekly: &Weekly, mut days: Vec<NaiveDate>) -> Vec<(NaiveDate, NaiveDate)> {
    days.sort();
    days.dedup();
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for day in days {
        let joins = runs.last().is_some_and(|(_, last)| {
            last.iter_days()
                .skip(1)
                .take_while(|d| *d < day)
                .all(|d| !weekly.on_weekday(d))
        });
        match runs.last_mut() {
            Some(run) if joins => run.1 = day,
            _ => runs.push((day, day)),
        }
    }
    runs
}

/// One `except` item: a date, or a range `2025-10-01..2025-10-08`.
fn except(f: &mut Fields, item: &S<String>) -> Option<(NaiveDate, NaiveDate)> {
    let Some((a, b)) = item.value.split_once("..") else {
        return f.date(item, "except").map(|d| (d, d));
    };
    let part = |text: &str| S {
        value: text.trim().to_string(),
        referenced: item.referenced,
        defined: item.defined,
    };
    let (a, b) = (f.date(&part(a), "except")?, f.date(&part(b), "except")?);
    if b < a {
        f.error(
            pos(item),
            format!("except `{}` ends before it starts", item.value.trim()),
            "write a range first day first, e.g. 2025-10-01..2025-10-08",
        );
        return None;
    }
    Some((a, b))
}

/// Weekday names (`mon` … `sun`, or written out), into week order.
fn weekdays(f: &mut Fields, list: &S<Vec<S<String>>>) -> Option<Vec<Weekday>> {
    if list.value.is_empty() {
        f.error(
            pos(list),
            "`weekdays` lists no day",
            "e.g. `weekdays: [mon, tue, wed, thu, fri]`",
        );
        return None;
    }
    let mut days = Vec::new();
    let mut ok = true;
    for item in &list.value {
        match item.value.trim().parse::<Weekday>() {
            Ok(day) => days.push(day),
            Err(_) => {
                f.error(
                    pos(item),
                    format!("`{}` is not a weekday", item.value.trim()),
                    "write mon, tue, wed, thu, fri, sat or sun",
                );
                ok = false;
            }
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    ok.then_some(days)
}
