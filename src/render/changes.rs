//! The change log students see: what changed in a calendar's events since
//! they were first published, item by item, old and new, newest first,
//! read from the publication record ([`crate::record`]) the build has just
//! stamped the campaign's calendars with. A page shows the changes of the
//! events its own calendar holds (the notice the campaign's, a school page
//! its school's), so a student reads what changed for them.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::format;
use super::views::Views;
use crate::model::{Campaign, Deadline, Session, TimeRange};
use crate::plan::OutPath;
use crate::record::{self, Facts};

/// The messages the change log looks up (checked against the locales).
pub const MESSAGE_KEYS: &[&str] = &["changed-on", "label-status-cancelled", "aside"];

/// One change: to `item`, from `before` to `after`, on a day.
#[derive(Serialize)]
pub struct ChangeView {
    /// "11月5日更新", "updated 5 November".
    pub on_text: String,
    pub item: String,
    pub before: String,
    pub after: String,
}

impl Views<'_> {
    /// The changes to the events of the calendar file `feed`, newest first.
    pub fn changes(&self, c: &Campaign, feed: &OutPath) -> Vec<ChangeView> {
        let Some(published) = self.bodies.record() else {
            return Vec::new();
        };
        let feed = feed.file();
        let mut changes: Vec<(String, String, ChangeView)> = Vec::new();
        for (uid, entry) in &published.events {
            if entry.history.is_empty() || !entry.files.contains(&feed) {
                continue;
            }
            let item = self.item(c, uid, &entry.facts);
            let states = entry.history.iter().map(|h| &h.facts);
            let next = entry.history.iter().skip(1).map(|h| &h.facts);
            for ((was, became), change) in
                states.zip(next.chain([&entry.facts])).zip(&entry.history)
            {
                let (before, after) = (self.facts(c, was), self.facts(c, became));
                if before == after {
                    continue;
                }
                let on = record::parse_instant(&change.until).map(|t| local_day(c, t));
                let on_text = on.map_or_else(String::new, |day| {
                    let date = format::date_short(self.loc, self.lang, day);
                    self.loc.text(self.lang, "changed-on", &[("date", date)])
                });
                let view = ChangeView {
                    on_text,
                    item: item.clone(),
                    before,
                    after,
                };
                changes.push((change.until.clone(), uid.clone(), view));
            }
        }
        // Newest first; one moment's changes in the order of their items.
        changes.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        changes.into_iter().map(|(_, _, view)| view).collect()
    }

    /// The items (`session-<id>`, `deadline-<id>`) whose events changed
    /// since first published, to mark them in the timeline.
    pub fn changed_items(&self) -> BTreeSet<String> {
        let Some(published) = self.bodies.record() else {
            return BTreeSet::new();
        };
        (published.events.iter())
            .filter(|(_, e)| !e.history.is_empty())
            .map(|(uid, _)| item_key(uid).to_string())
            .collect()
    }

    /// What an event is, as the page names it: its session's or
    /// deadline's title, or the summary it was published with.
    fn item(&self, c: &Campaign, uid: &str, facts: &Facts) -> String {
        match named(c, uid) {
            Some(Named::Session(s)) => self.session_title(s),
            Some(Named::Deadline(d)) => d.title.get(self.lang).to_string(),
            None => facts.summary.clone(),
        }
    }

    /// When and where an event was, as a line of the change log.
    fn facts(&self, c: &Campaign, f: &Facts) -> String {
        if f.cancelled {
            return self.loc.text(self.lang, "label-status-cancelled", &[]);
        }
        let when = match (instant(&f.start), instant(&f.end)) {
            (Some(start), Some(end)) => {
                let (start, end) = (local(c, start), local(c, end));
                let range = TimeRange {
                    start: start.time(),
                    end: end.time(),
                    end_stated: true,
                };
                let times = format::time_range(self.loc, self.lang, &range);
                format::date_time(self.loc, self.lang, start.date(), times)
            }
            _ => match day(&f.start) {
                Some(day) => format::date_long(self.loc, self.lang, day),
                None => String::new(),
            },
        };
        match &f.location {
            Some(place) => {
                let args = [("text", place.clone())];
                when + &self.loc.text(self.lang, "aside", &args)
            }
            None => when,
        }
    }
}

/// The session or deadline of the campaign an event's UID names.
pub enum Named<'c> {
    Session(&'c Session),
    Deadline(&'c Deadline),
}

/// The session or deadline the event `uid` belongs to, by the id it was
/// published under; `None` for one no longer in the campaign.
pub fn named<'c>(c: &'c Campaign, uid: &str) -> Option<Named<'c>> {
    let key = item_key(uid);
    let (kind, id) = key.split_once('-')?;
    match kind {
        "session" => (c.sessions.iter())
            .find(|s| s.published_id() == id)
            .map(Named::Session),
        "deadline" => (c.deadlines.iter())
            .find(|d| d.published_id() == id)
            .map(Named::Deadline),
        _ => None,
    }
}

/// The item an event's UID names: `session-hitsz` of
/// `session-hitsz.school-x.campaign@host` (ids have no dots).
pub fn item_key(uid: &str) -> &str {
    uid.split(['.', '@']).next().unwrap_or(uid)
}

fn instant(text: &str) -> Option<DateTime<Utc>> {
    record::parse_instant(text)
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn local(c: &Campaign, t: DateTime<Utc>) -> chrono::NaiveDateTime {
    t.with_timezone(&c.timezone).naive_local()
}

fn local_day(c: &Campaign, t: DateTime<Utc>) -> NaiveDate {
    local(c, t).date()
}
