//! Deadlines counted from a session, each school's slot or another
//! deadline (`before:` / `after:`): their fields, circles between them, and
//! which schools each applies to.

use crate::content::raw::{self, CampaignFile, S, pos};
use crate::diagnostic::Pos;
use crate::model::{Anchor, Count, Counted, Deadline, Direction, Session, When};

use super::fields::Fields;
use super::ids::Ids;

/// The longest count of a counted deadline: a year, as a longer one is a typo.
const LONGEST_COUNT: u32 = 365;

/// `before:` or `after:` a session, each school's slot or another deadline.
pub(super) fn parse(
    f: &mut Fields,
    ids: &Ids,
    direction: Direction,
    entry: &S<raw::CountedEntry>,
) -> Option<When> {
    let word = match direction {
        Direction::Before => "before",
        Direction::After => "after",
    };
    let e = &entry.value;
    let from = match (&e.session, &e.slot, &e.deadline) {
        (Some(id), None, None) => f
            .reference(id, &ids.sessions, "session", "sessions")
            .map(Anchor::Session),
        (None, Some(list), None) => {
            let refs: Vec<Option<String>> = match &list.value {
                raw::SessionIds::One(id) => {
                    let spanned = S::new(id.clone(), list.referenced, list.defined);
                    vec![f.reference(&spanned, &ids.sessions, "session", "sessions")]
                }
                raw::SessionIds::Many(list) => list
                    .iter()
                    .map(|id| f.reference(id, &ids.sessions, "session", "sessions"))
                    .collect(),
            };
            if refs.is_empty() {
                f.error(
                    pos(list),
                    "`slot` lists no sessions",
                    "name the session whose slots to count from, e.g. `slot: indoor-test`",
                );
                None
            } else {
                refs.into_iter()
                    .collect::<Option<Vec<String>>>()
                    .map(Anchor::Slot)
            }
        }
        (None, None, Some(id)) => f
            .reference(id, &ids.deadlines, "deadline", "deadlines")
            .map(Anchor::Deadline),
        _ => {
            f.error(
                pos(entry),
                format!("`{word}` needs exactly one of `session`, `slot` or `deadline`"),
                format!(
                    "e.g. `{word}: {{session: indoor-test, working_days: 3}}`; `slot` counts from each school's own slot in a session"
                ),
            );
            None
        }
    };
    let count = match (&e.days, &e.working_days) {
        (Some(n), None) => Some((n, Count::Days(n.value))),
        (None, Some(n)) => Some((n, Count::WorkingDays(n.value))),
        _ => {
            f.error(
                pos(entry),
                format!("`{word}` needs exactly one of `days` or `working_days`"),
                format!("e.g. `{word}: {{session: indoor-test, working_days: 3}}`"),
            );
            None
        }
    };
    let count = count.and_then(|(n, count)| {
        if n.value <= LONGEST_COUNT {
            return Some(count);
        }
        let field = match count {
            Count::Days(_) => "days",
            Count::WorkingDays(_) => "working_days",
        };
        f.error(
            pos(n),
            format!("`{field}` is more than {LONGEST_COUNT}: `{}`", n.value),
            format!(
                "count at most {LONGEST_COUNT} days; for a date further away write it with `date:`"
            ),
        );
        None
    });
    Some(When::Counted(Counted {
        from: from?,
        direction,
        count: count?,
    }))
}

/// Checks the counted deadlines of a campaign whose deadlines and sessions
/// are each valid: no circles, and someone to apply to. Each deadline
/// counted from slots is narrowed to the schools with a slot there, and one
/// counted from another deadline to the schools that one applies to, so
/// no school is shown a date it does not have. `None` on any error.
pub(super) fn settle(
    f: &mut Fields,
    raw: &CampaignFile,
    sessions: &[Session],
    mut deadlines: Vec<Deadline>,
) -> Option<Vec<Deadline>> {
    if !no_circles(f, raw, &deadlines) {
        return None;
    }
    let errors_before = f.out.error_count();
    let mut settled: Vec<Option<Option<Vec<String>>>> = vec![None; deadlines.len()];
    for i in 0..deadlines.len() {
        schools_of(f, raw, sessions, &deadlines, i, &mut settled);
    }
    for (d, schools) in deadlines.iter_mut().zip(settled) {
        d.schools = schools.flatten();
    }
    (f.out.error_count() == errors_before).then_some(deadlines)
}

/// The deadline a deadline counts from, by index.
fn anchor_deadline(deadlines: &[Deadline], i: usize) -> Option<usize> {
    match &deadlines[i].when {
        When::Counted(Counted {
            from: Anchor::Deadline(id),
            ..
        }) => deadlines.iter().position(|d| &d.id == id),
        _ => None,
    }
}

/// Where a counted deadline is written: its `before:` or `after:`.
fn counted_pos(raw: &CampaignFile, i: usize) -> Pos {
    let d = &raw.deadlines[i];
    let entry = d.value.before.as_ref().or(d.value.after.as_ref());
    entry.map(pos).unwrap_or_else(|| pos(d))
}

/// Reports each circle of deadlines counting from each other once, at the
/// first of them in the file; `true` if there is none.
fn no_circles(f: &mut Fields, raw: &CampaignFile, deadlines: &[Deadline]) -> bool {
    let mut none = true;
    for i in 0..deadlines.len() {
        let mut path = vec![i];
        let mut at = i;
        while let Some(next) = anchor_deadline(deadlines, at) {
            if next == i {
                none = false;
                // Reported from the circle's first deadline only.
                if path.iter().all(|&p| p >= i) {
                    let names: Vec<String> = path
                        .iter()
                        .chain([&i])
                        .map(|&p| format!("`{}`", deadlines[p].id))
                        .collect();
                    let message = match path.len() {
                        1 => format!("deadline `{}` counts from itself", deadlines[i].id),
                        _ => format!(
                            "deadlines count from each other in a circle: {}",
                            names.join(" → ")
                        ),
                    };
                    let entry = raw.deadlines[i].value.before.as_ref();
                    let entry = entry.or(raw.deadlines[i].value.after.as_ref());
                    let at = entry
                        .and_then(|e| e.value.deadline.as_ref())
                        .map(pos)
                        .unwrap_or_else(|| counted_pos(raw, i));
                    f.error(
                        at,
                        message,
                        "one of them needs a date of its own (`date:`), or to count from a session",
                    );
                }
                break;
            }
            if path.contains(&next) {
                break;
            }
            path.push(next);
            at = next;
        }
    }
    none
}

/// The schools deadline `i` applies to (`None`: all), narrowed as
/// [`settle`] says, remembered in `settled`. Deadlines it counts from come
/// first; there are no circles.
fn schools_of(
    f: &mut Fields,
    raw: &CampaignFile,
    sessions: &[Session],
    deadlines: &[Deadline],
    i: usize,
    settled: &mut Vec<Option<Option<Vec<String>>>>,
) -> Option<Vec<String>> {
    if let Some(known) = &settled[i] {
        return known.clone();
    }
    let d = &deadlines[i];
    let own = d.schools.clone();
    let schools = match &d.when {
        When::Counted(Counted {
            from: Anchor::Slot(ids),
            ..
        }) => {
            let listed: Vec<&Session> = sessions.iter().filter(|s| ids.contains(&s.id)).collect();
            let mut with_slot: Vec<String> = Vec::new();
            for s in &listed {
                for school in s.slots.iter().flat_map(|slot| &slot.schools) {
                    if !with_slot.contains(school) {
                        with_slot.push(school.clone());
                    }
                }
            }
            for school in &with_slot {
                let theirs: Vec<&str> = listed
                    .iter()
                    .filter(|s| s.slots_for(school).next().is_some())
                    .map(|s| s.id.as_str())
                    .collect();
                if let [first, second, ..] = theirs.as_slice() {
                    f.error(
                        counted_pos(raw, i),
                        format!(
                            "school `{school}` has a slot in both `{first}` and `{second}`, so deadline `{}` has two dates for it",
                            d.id
                        ),
                        "name one session under `slot`, or give the school a slot in only one of them",
                    );
                }
            }
            let schools = intersect(own, Some(with_slot));
            if schools.as_ref().is_some_and(Vec::is_empty) {
                let names: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
                f.error(
                    counted_pos(raw, i),
                    format!(
                        "deadline `{}` applies to no school: none of its schools has a slot in {}",
                        d.id,
                        names.join(" or ")
                    ),
                    "count from a session that has `slots` for these schools, or use `session:` to count from the session's date",
                );
            }
            schools
        }
        When::Counted(Counted {
            from: Anchor::Deadline(id),
            ..
        }) => {
            let anchor = deadlines.iter().position(|x| &x.id == id);
            let theirs = anchor.and_then(|j| schools_of(f, raw, sessions, deadlines, j, settled));
            let schools = intersect(own, theirs);
            if schools.as_ref().is_some_and(Vec::is_empty) {
                f.error(
                    counted_pos(raw, i),
                    format!(
                        "deadline `{}` applies to no school: it counts from deadline `{id}`, which applies to none of its schools",
                        d.id
                    ),
                    "list under `schools` schools that the deadline it counts from also applies to",
                );
            }
            schools
        }
        _ => own,
    };
    settled[i] = Some(schools.clone());
    schools
}

/// The schools in both lists, in the order of the first (`None`: all).
fn intersect(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    match (a, b) {
        (None, other) | (other, None) => other,
        (Some(a), Some(b)) => Some(a.into_iter().filter(|s| b.contains(s)).collect()),
    }
}
