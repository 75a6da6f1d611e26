//! Every date and time a campaign's data holds, each with where it comes
//! from, so prose can be checked against them and a hint can name the
//! template variable that shows the nearest one.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::model::{Bound, Campaign, Session, TimeRange, When};

/// A dated thing of the campaign, and the variable a body shows it with,
/// quoted for a hint (none for those a body cannot show, such as a
/// venue's hours).
pub struct Item {
    pub what: String,
    pub variable: Option<String>,
    pub dates: Vec<NaiveDate>,
    /// Minutes after midnight; a window ending at 00:00 ends at 24:00 (1440).
    pub times: Vec<u32>,
}

pub fn items(c: &Campaign) -> Vec<Item> {
    let mut items = vec![Item {
        what: "the publication date".into(),
        variable: Some("`{{ campaign.published_text }}`".into()),
        dates: vec![c.published],
        times: Vec::new(),
    }];
    items.push(Item {
        what: "`updated`".into(),
        variable: None,
        dates: vec![c.updated.date()],
        times: vec![minutes(c.updated.time())],
    });
    for s in &c.sessions {
        items.extend(session(c, s));
    }
    for d in &c.deadlines {
        let mut dates = Vec::new();
        let mut times = Vec::new();
        match &d.when {
            When::At(at) => moment(*at, false, &mut dates, &mut times),
            When::Window { start, end } => {
                bound(*start, false, &mut dates, &mut times);
                if let Some(end) = end {
                    bound(*end, true, &mut dates, &mut times);
                }
            }
            _ => {}
        }
        // Counted deadlines, campaign-wide and for each school.
        let schools = c.schools.iter().map(|s| Some(s.id.as_str()));
        for school in std::iter::once(None).chain(schools) {
            if let Some((first, last)) = c.deadline_days(d, school) {
                dates.extend([first, last]);
            }
        }
        items.push(Item {
            what: format!("deadline `{}`", d.id),
            variable: Some(format!(
                "`{{{{ campaign.deadline[\"{}\"].when_text }}}}`",
                d.id
            )),
            dates,
            times,
        });
    }
    for v in &c.venues {
        items.push(hours(format!("the hours of venue `{}`", v.id), &v.hours));
    }
    for k in &c.contacts {
        if let Some(h) = &k.hours {
            items.push(hours(format!("the hours of contact `{}`", k.id), &h.times));
        }
    }
    items
}

/// A session's days and times, its slots' and arrival times, and its
/// booking window.
fn session(c: &Campaign, s: &Session) -> Vec<Item> {
    let var = |field: &str| format!("`{{{{ campaign.session[\"{}\"].{field} }}}}`", s.id);
    let mut dates = s.days();
    if let Some(crate::model::Recurrence::Weekly(w)) = &s.recurrence {
        dates.extend([w.from, w.until]);
        for (first, last) in &w.except {
            dates.extend(first.iter_days().take_while(|d| d <= last));
        }
    }
    let mut times = ranges(&s.times);
    times.extend(s.rounds.iter().map(|t| minutes(*t)));
    let mut items = vec![
        Item {
            what: format!("a day of session `{}`", s.id),
            variable: Some(var("date_text")),
            dates,
            times: Vec::new(),
        },
        Item {
            what: format!("a time of session `{}`", s.id),
            variable: Some(var("times_text")),
            dates: Vec::new(),
            times,
        },
    ];
    let slots: Vec<u32> = s
        .slots
        .iter()
        .flat_map(|slot| ranges(&slot.times))
        .collect();
    if !slots.is_empty() {
        items.push(Item {
            what: format!("a slot of session `{}`", s.id),
            variable: Some(
                "`{{ s.slot_text }}` (on a school's page, inside `{% for s in school.sessions %}`)"
                    .into(),
            ),
            dates: Vec::new(),
            times: slots,
        });
    }
    let early = s.arrive_early_minutes;
    let arrive: Vec<u32> = (c.schools.iter())
        .filter_map(|school| {
            s.school_span(&school.id)
                .filter(|_| c.attends(s, &school.id))
        })
        .filter_map(|span| minutes(span.start).checked_sub(early))
        .collect();
    if early > 0 && !arrive.is_empty() {
        items.push(Item {
            what: format!("the arrival time for a slot of session `{}`", s.id),
            variable: Some(
                "`{{ s.arrive_by }}` (on a school's page, inside `{% for s in school.sessions %}`)"
                    .into(),
            ),
            dates: Vec::new(),
            times: arrive,
        });
    }
    if let Some(b) = &s.booking {
        let (mut dates, mut times) = (Vec::new(), Vec::new());
        bound(b.start, false, &mut dates, &mut times);
        if let Some(end) = b.end {
            bound(end, true, &mut dates, &mut times);
        }
        items.push(Item {
            what: format!("the booking window of session `{}`", s.id),
            variable: None,
            dates,
            times,
        });
    }
    items
}

fn hours(what: String, times: &[TimeRange]) -> Item {
    Item {
        what,
        variable: None,
        dates: Vec::new(),
        times: ranges(times),
    }
}

/// The starts and (stated) ends of `times`.
fn ranges(times: &[TimeRange]) -> Vec<u32> {
    (times.iter())
        .flat_map(|t| [Some(minutes(t.start)), t.end_stated.then(|| minutes(t.end))])
        .flatten()
        .collect()
}

fn bound(b: Bound, end: bool, dates: &mut Vec<NaiveDate>, times: &mut Vec<u32>) {
    match b {
        Bound::Day(day) => dates.push(day),
        Bound::At(at) => {
            moment(at, end, dates, times);
            if end {
                dates.push(b.closing_day());
            }
        }
    }
}

/// A moment's day and time; an end at 00:00 is also 24:00 of the day
/// before, as windows write it.
fn moment(at: NaiveDateTime, end: bool, dates: &mut Vec<NaiveDate>, times: &mut Vec<u32>) {
    dates.push(at.date());
    times.push(minutes(at.time()));
    if end && at.time() == NaiveTime::MIN {
        times.push(24 * 60);
    }
}

pub fn minutes(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

/// Whether `date` (a year left out matching any year) is `known`.
pub fn same_day(known: NaiveDate, year: Option<i32>, month: u32, day: u32) -> bool {
    known.month() == month && known.day() == day && year.is_none_or(|y| y == known.year())
}
