//! Rules across fields: things each value passes alone but not together.
//!
//! These run only on a campaign whose fields are all valid, so they can use
//! the domain types; positions come from the raw file, whose items are in
//! the same order.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::content::raw::{CampaignFile, DeadlineEntry, S, pos};
use crate::model::{Campaign, Counted, Deadline, Direction, Reckoned, Session, Slot, When};

use super::fields::Fields;
use super::sheet_slots::{SheetPlaces, SlotAt};

/// How far from the publish date a date may be before it looks like a typo.
const PLAUSIBLE_DAYS: i64 = 2 * 366;

/// Checks `c` as a whole; `sheets` says where the slots taken from a
/// spreadsheet were written, so their mistakes are reported at the cell.
pub(super) fn campaign(f: &mut Fields, raw: &CampaignFile, c: &Campaign, sheets: &SheetPlaces) {
    sessions(f, raw, c, sheets);
    schools_served(f, raw, c);
    deadlines(f, raw, c);
}

fn sessions(f: &mut Fields, raw: &CampaignFile, c: &Campaign, sheets: &SheetPlaces) {
    // Each session's days, worked out once: every pair of sessions is
    // compared on them.
    let all_days: Vec<Vec<NaiveDate>> = c.sessions.iter().map(Session::days).collect();
    for (i, (session, raw_session)) in c.sessions.iter().zip(&raw.sessions).enumerate() {
        let raw = &raw_session.value;
        let at = raw.date.as_ref().map_or(pos(&raw.id), pos);
        for (j, a) in session.times.iter().enumerate() {
            if session.times[..j].iter().any(|b| a.overlaps(b)) {
                let raw_times = raw.times.as_ref().and_then(|t| t.value.get(j));
                f.error(
                    raw_times.map_or(at, pos),
                    format!("time range {a} overlaps another range of the same session"),
                    "list each part of the day once, e.g. 09:00-12:00 and 13:30-17:00",
                );
            }
        }
        let places = match sheets.get(&session.id) {
            Some(places) => places.clone(),
            None => raw.slots.iter().map(SlotAt::yaml).collect(),
        };
        slots(f, session, &places);
        if session.arrive_early_minutes > 240 {
            let at = raw_session
                .value
                .arrive_early_minutes
                .as_ref()
                .map(pos)
                .unwrap_or(at);
            f.warning(
                at,
                format!(
                    "arriving {} minutes early is more than four hours",
                    session.arrive_early_minutes
                ),
                "`arrive_early_minutes` counts minutes, e.g. 15",
            );
        }
        // A session on several days is checked on each: a clash on any
        // one of them is a clash, and the first weekend day is warned of.
        let days = &all_days[i];
        let Some(&date) = days.first() else {
            continue;
        };
        let at = [raw.dates.as_ref().map(pos), raw.repeat.as_ref().map(pos)]
            .into_iter()
            .flatten()
            .next()
            .unwrap_or(at);
        for (earlier, earlier_days) in c.sessions[..i].iter().zip(&all_days) {
            let Some(day) = earlier_days.iter().find(|d| days.binary_search(d).is_ok()) else {
                continue;
            };
            let shared = session.venues.iter().find(|v| earlier.venues.contains(v));
            let clash = session
                .times
                .iter()
                .find(|a| earlier.times.iter().any(|b| a.overlaps(b)));
            if let (Some(venue), Some(time)) = (shared, clash) {
                f.error(at, format!("session `{}` overlaps session `{}` at venue `{venue}` on {} ({time})", session.id, earlier.id, day), "two sessions cannot use one venue at the same time: change the time or the venue");
            }
        }
        // The days are in order: the last is the one furthest from
        // publication, the first the one that could precede it.
        date_sanity(f, at, "session", *days.last().unwrap_or(&date), c.published);
        if date < c.published {
            f.error(at, format!("session `{}` on {} is before the publish date {}", session.id, date, c.published), "check the year and month: a session cannot take place before the notice is published");
        }
        let weekend = days
            .iter()
            .find(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun));
        if let (Some(weekend), false) = (weekend, raw.weekend) {
            f.warning(
                at,
                format!(
                    "session `{}` is on a {} ({})",
                    session.id,
                    weekday_name(*weekend),
                    weekend
                ),
                "check the date; if the weekend is intended, add `weekend: true` to the session",
            );
        }
    }
}

/// A session's slots: each range inside the session's times (once those
/// are known) and not overlapping another of the same slot; a school in
/// several slots of one session only with a label on each (a cohort), and
/// never twice at one time. `places` says where each slot was written, in
/// `campaign.yaml` or in a sheet.
fn slots(f: &mut Fields, session: &Session, places: &[SlotAt]) {
    let known = !session.times.is_empty();
    for (slot, at) in session.slots.iter().zip(places) {
        for (j, range) in slot.times.iter().enumerate() {
            if known && !session.times.iter().any(|t| t.contains(range)) {
                let times: Vec<String> = session.times.iter().map(ToString::to_string).collect();
                at.time.error(
                    f,
                    format!(
                        "slot {range} is outside the session's times ({})",
                        times.join(", ")
                    ),
                    "a slot must fall inside one of the session's time ranges",
                );
            }
            if slot.times[..j].iter().any(|other| other.overlaps(range)) {
                at.time.error(
                    f,
                    format!("slot time {range} overlaps another time of the same slot"),
                    "list each part of the slot once, e.g. 08:30-11:30 and 14:00-17:00",
                );
            }
        }
    }
    let mut seen: HashMap<&str, Vec<&Slot>> = HashMap::new();
    for (slot, at) in session.slots.iter().zip(places) {
        for (id, place) in slot.schools.iter().zip(&at.schools) {
            let earlier = seen.entry(id).or_default();
            if let Some(other) = earlier.first()
                && (slot.label.is_none() || other.label.is_none())
            {
                place.error(
                    f,
                    format!(
                        "school `{id}` has more than one slot in session `{}`",
                        session.id
                    ),
                    "give each of the school's slots a `label` (e.g. the cohort; in a sheet, a 批次 or label column), or keep one slot",
                );
            } else if earlier.iter().any(|other| overlap(other, slot)) {
                place.error(
                    f,
                    format!(
                        "school `{id}` has two slots at the same time in session `{}`",
                        session.id
                    ),
                    "a school's slots in one session must not overlap",
                );
            }
            earlier.push(slot);
        }
    }
}

/// Whether two slots share a moment.
fn overlap(a: &Slot, b: &Slot) -> bool {
    a.times
        .iter()
        .any(|x| b.times.iter().any(|y| x.overlaps(y)))
}

/// Where the notice assigns schools to slots, every school must have one.
fn schools_served(f: &mut Fields, raw: &CampaignFile, c: &Campaign) {
    if c.sessions.iter().all(|s| s.slots.is_empty()) {
        return;
    }
    for (school, raw_school) in c.schools.iter().zip(&raw.schools) {
        if c.sessions_for(&school.id).next().is_none() {
            f.error(
                pos(&raw_school.value.id),
                format!("school `{}` is not in any session's slots", school.id),
                "add it to a slot under `sessions:`, or remove the school if it takes no part",
            );
        }
    }
}

fn deadlines(f: &mut Fields, raw: &CampaignFile, c: &Campaign) {
    for (deadline, raw_deadline) in c.deadlines.iter().zip(&raw.deadlines) {
        let d = &raw_deadline.value;
        let (first, last, at) = match &deadline.when {
            When::Date(day) => (*day, *day, d.date.as_ref().map(pos)),
            When::At(moment) => (moment.date(), moment.date(), d.at.as_ref().map(pos)),
            When::Window { start, end } => (
                start.opening_day(),
                end.map_or(start.opening_day(), |end| end.closing_day()),
                d.start.as_ref().map(pos),
            ),
            When::Relative { .. } => continue,
            When::Counted(counted) => {
                // Over the schools, the earliest date must follow publication.
                if let Some((earliest, latest)) =
                    counted_days(f, raw_deadline, c, deadline, counted)
                {
                    let entry = d.before.as_ref().or(d.after.as_ref());
                    let at = entry.map(pos).unwrap_or_else(|| pos(raw_deadline));
                    if earliest < c.published {
                        f.error(
                            at,
                            format!(
                                "deadline `{}` ({earliest}) is before the publish date {}",
                                deadline.id, c.published
                            ),
                            "it is counted from a date too close to publication: check the session or deadline it counts from, and the number of days",
                        );
                    }
                    date_sanity(f, at, "deadline", latest, c.published);
                }
                continue;
            }
        };
        let at = at.unwrap_or_else(|| pos(raw_deadline));
        if last < c.published {
            f.error(
                at,
                format!(
                    "deadline `{}` ({last}) is before the publish date {}",
                    deadline.id, c.published
                ),
                "check the year and month: a deadline cannot pass before the notice is published",
            );
        } else if first < c.published {
            f.warning(
                at,
                format!(
                    "window `{}` opens on {first}, before the publish date {}",
                    deadline.id, c.published
                ),
                "students cannot act before they read the notice: check the start date",
            );
        }
        date_sanity(f, at, "deadline", last, c.published);
    }
}

/// The earliest and latest day a counted deadline falls on, over the
/// campaign and every school it applies to, for the checks every deadline
/// gets; warns when counting working days reached a year the working-day
/// data does not cover.
fn counted_days(
    f: &mut Fields,
    raw_deadline: &S<DeadlineEntry>,
    c: &Campaign,
    deadline: &Deadline,
    counted: &Counted,
) -> Option<(NaiveDate, NaiveDate)> {
    let schools = c.schools.iter().filter(|s| deadline.applies_to(&s.id));
    let reckoned: Vec<Reckoned> = std::iter::once(None)
        .chain(schools.map(|s| Some(s.id.as_str())))
        .filter_map(|school| c.reckon(deadline, school))
        .collect();
    if let Some(year) = reckoned.iter().find_map(|r| r.uncovered_year) {
        let d = &raw_deadline.value;
        let entry = d.before.as_ref().or(d.after.as_ref());
        let at = entry
            .and_then(|e| e.value.working_days.as_ref().map(pos).or(Some(pos(e))))
            .unwrap_or_else(|| pos(raw_deadline));
        let direction = match counted.direction {
            Direction::Before => "back",
            Direction::After => "forward",
        };
        f.warning(
            at,
            format!(
                "counting working days {direction} for deadline `{}` reaches {year}, which data/cn-workdays.yaml does not cover",
                deadline.id
            ),
            format!(
                "add {year}'s holidays and make-up working days to data/cn-workdays.yaml, from the State Council's notice on {year}'s holiday arrangements; until then only weekends count as days off in {year}"
            ),
        );
    }
    let first = reckoned.iter().map(|r| r.first).min()?;
    let last = reckoned.iter().map(|r| r.last).max()?;
    Some((first, last))
}

fn date_sanity(
    f: &mut Fields,
    at: crate::diagnostic::Pos,
    what: &str,
    date: NaiveDate,
    published: NaiveDate,
) {
    if (date - published).num_days() > PLAUSIBLE_DAYS {
        f.warning(
            at,
            format!(
                "this {what} ({date}) is more than two years after the publish date {published}"
            ),
            "check the year for a typo",
        );
    }
}

fn weekday_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
        _ => "weekday",
    }
}
