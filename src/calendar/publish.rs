//! Stamping a campaign's calendars from the publication record
//! ([`crate::record`]): each event's SEQUENCE rises only when what a
//! subscriber sees of it changed, DTSTAMP and LAST-MODIFIED say when that
//! was, and an event gone from the content stays, cancelled, in every file
//! it was in (a file that would disappear stays for it) until
//! [`Moment::keep_cancelled`] after its end, so subscribed calendars drop
//! it instead of keeping it forever.
//!
//! Works on one campaign in one language: the record keeps each apart, so
//! campaigns render in parallel and a campaign kept from the previous
//! build keeps its part of the record as it was.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use super::ical::{Component, Value};
use super::timezone::to_utc;
use super::{Calendar, orphan_head};
use crate::record::{self, Change, Entry, Facts, Published, Record};

/// When this build publishes, and what a campaign's first publication
/// counts from.
pub struct Moment {
    /// This build's moment ([`record::now`]): when an event that changes
    /// now, without a newer `updated` in its campaign, changed.
    pub now: DateTime<Utc>,
    /// How long a deleted event stays, cancelled, after its end.
    pub keep_cancelled: TimeDelta,
}

/// What a campaign says about its own publication: its `updated` (UTC),
/// the change time of events published for the first time, and its
/// `revision`, their first SEQUENCE (so a site that published before the
/// record existed keeps its numbers rising). `None` for a campaign no
/// longer in the content.
#[derive(Clone, Copy)]
pub struct Origin {
    pub updated: DateTime<Utc>,
    pub revision: u32,
}

/// One campaign's calendar files in one language, stamped, with its new
/// part of the record and the items it no longer has (newly cancelled
/// events, by UID).
pub struct Stamped {
    pub files: Vec<(String, String)>,
    pub published: Published,
    pub vanished: Vec<String>,
}

/// Stamps `calendars` (one campaign in one language) from what was
/// `previous`ly published, adding cancelled stand-ins for the events that
/// are gone. `cancelled` words a stand-in's summary ("已取消：…").
pub fn publish(
    calendars: Vec<Calendar>,
    previous: Option<&Published>,
    moment: &Moment,
    base_url: &str,
    cancelled: &dyn Fn(&str) -> String,
) -> Stamped {
    let origin = calendars.first().map(|c| c.origin);
    let empty = Published::default();
    let previous = previous.unwrap_or(&empty);
    // Each event's text without stamps, once; its digest covers every
    // variant of it (a deadline links to the notice from the campaign's
    // feed and to the school's page from a school's).
    let texts: Vec<Vec<(String, String)>> = (calendars.iter())
        .map(|cal| {
            (cal.events.iter())
                .map(|e| (e.uid().to_string(), e.component.serialize()))
                .collect()
        })
        .collect();
    let mut seen: BTreeMap<&str, (BTreeSet<&str>, Facts, Vec<String>)> = BTreeMap::new();
    for (cal, events) in calendars.iter().zip(&texts) {
        for ((uid, text), event) in events.iter().zip(&cal.events) {
            let (variants, _, files) = seen
                .entry(uid)
                .or_insert_with(|| (BTreeSet::new(), facts(&event.component), Vec::new()));
            variants.insert(text);
            if files.last() != Some(&cal.path) {
                files.push(cal.path.clone());
            }
        }
    }
    let latest = (previous.events.values())
        .filter_map(|e| record::parse_instant(&e.changed))
        .max();
    // When an event changing now changed: the campaign's `updated` when
    // staff moved it past the last recorded change, else now.
    let fresh = |before: Option<DateTime<Utc>>| match origin {
        Some(o) if before.is_none_or(|b| o.updated > b) => o.updated,
        _ => moment.now,
    };
    let mut published = Published::default();
    for (uid, (variants, facts, files)) in seen {
        let digest = digest(variants.iter().copied());
        let entry = match previous.events.get(uid) {
            Some(old) if old.digest == digest && !old.removed => Entry {
                files,
                ..old.clone()
            },
            Some(old) => changed(old, digest, facts, files, fresh(Some(changed_at(old)))),
            None => Entry {
                digest,
                sequence: origin.map_or(0, |o| o.revision),
                changed: record::instant_text(fresh(latest)),
                facts,
                removed: false,
                files,
                history: Vec::new(),
            },
        };
        published.events.insert(uid.to_string(), entry);
    }
    let mut vanished = Vec::new();
    for (uid, old) in &previous.events {
        if published.events.contains_key(uid) || expired(old, moment) {
            continue;
        }
        let entry = if old.removed {
            old.clone()
        } else {
            vanished.push(uid.clone());
            let gone = Facts {
                cancelled: true,
                ..old.facts.clone()
            };
            let mut entry = changed(old, String::new(), gone, old.files.clone(), {
                fresh(Some(changed_at(old)))
            });
            entry.removed = true;
            entry
        };
        published.events.insert(uid.clone(), entry);
    }
    for cal in &calendars {
        published.files.insert(cal.path.clone(), cal.name.clone());
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let stand_ins = |path: &str| -> Vec<String> {
        (published.events.iter())
            .filter(|(_, e)| e.removed && e.files.iter().any(|f| f == path))
            .map(|(uid, e)| stand_in(uid, e, cancelled))
            .collect()
    };
    // An event is in many files (its campaign's feed, each school's): its
    // stamps are the same in each, so they are written once.
    let stamps: BTreeMap<&str, String> = (published.events.iter())
        .map(|(uid, e)| (uid.as_str(), stamps(e)))
        .collect();
    for (cal, events) in calendars.iter().zip(texts) {
        let mut text = cal.head.clone();
        for (uid, event) in events {
            text.push_str(&stamped(&event, &stamps[uid.as_str()]));
        }
        text.extend(stand_ins(&cal.path));
        text.push_str("END:VCALENDAR\r\n");
        files.push((cal.path.clone(), text));
    }
    // Files that would be gone, kept for their cancelled events.
    let kept: BTreeSet<&String> = (published.events.values())
        .filter(|e| e.removed)
        .flat_map(|e| &e.files)
        .filter(|path| !published.files.contains_key(*path))
        .collect();
    let mut orphans = Vec::new();
    for path in kept {
        let name = previous.files.get(path).cloned().unwrap_or_default();
        let mut text = orphan_head(&name, path, base_url);
        text.extend(stand_ins(path));
        text.push_str("END:VCALENDAR\r\n");
        orphans.push((path.clone(), name, text));
    }
    for (path, name, text) in orphans {
        published.files.insert(path.clone(), name);
        files.push((path, text));
    }
    Stamped {
        files,
        published,
        vanished,
    }
}

/// `old` changed into `digest` and `facts`, at `at`: SEQUENCE one higher,
/// and the facts it had kept in its history when a subscriber could see
/// them differ.
fn changed(
    old: &Entry,
    digest: String,
    facts: Facts,
    files: Vec<String>,
    at: DateTime<Utc>,
) -> Entry {
    let at = record::instant_text(at);
    let mut history = old.history.clone();
    if old.facts != facts {
        history.push(Change {
            until: at.clone(),
            facts: old.facts.clone(),
        });
    }
    Entry {
        digest,
        sequence: old.sequence + 1,
        changed: at,
        facts,
        removed: false,
        files,
        history,
    }
}

fn changed_at(e: &Entry) -> DateTime<Utc> {
    record::parse_instant(&e.changed).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The campaigns of `record` holding a cancelled stand-in that `moment`
/// drops: a build that kept such a campaign's output because its content
/// did not change would go on publishing the event until something else in
/// it changed.
pub fn expiring(record: &Record, moment: &Moment) -> BTreeSet<String> {
    let stale = |p: &Published| p.events.values().any(|e| e.removed && expired(e, moment));
    (record.campaigns.iter())
        .filter(|(_, languages)| languages.values().any(stale))
        .map(|(id, _)| id.clone())
        .collect()
}

/// Whether an event gone from the content ended long enough ago to need
/// no cancelled stand-in (any more): one deleted after that gets none.
fn expired(e: &Entry, moment: &Moment) -> bool {
    end_instant(&e.facts.end).is_some_and(|end| end + moment.keep_cancelled < moment.now)
}

fn end_instant(text: &str) -> Option<DateTime<Utc>> {
    record::parse_instant(text).or_else(|| {
        let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        Some(day.and_hms_opt(0, 0, 0)?.and_utc())
    })
}

/// A digest of an event's texts, in hex.
fn digest<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    for text in texts {
        hash.update(text.as_bytes());
        hash.update(&[0]);
    }
    format!("{:032x}", hash.digest128())
}

/// What the record keeps of an event: its times in UTC (or its days),
/// summary, place and whether it is cancelled.
fn facts(e: &Component) -> Facts {
    let time = |name| match e.get(name) {
        Some(Value::Zoned(t, tz)) => record::instant_text(to_utc(*tz, *t)),
        Some(Value::Utc(t)) => record::instant_text(*t),
        Some(Value::Date(d)) => d.format("%Y-%m-%d").to_string(),
        _ => String::new(),
    };
    let text = |name| match e.get(name) {
        Some(Value::Text(t)) => Some(t.clone()),
        _ => None,
    };
    Facts {
        start: time("DTSTART"),
        end: time("DTEND"),
        summary: text("SUMMARY").unwrap_or_default(),
        location: text("LOCATION"),
        cancelled: e.get("STATUS") == Some(&Value::Token("CANCELLED")),
    }
}

/// The content lines that stamp an event as `entry` records it: DTSTAMP,
/// LAST-MODIFIED and SEQUENCE.
fn stamps(entry: &Entry) -> String {
    let changed =
        Value::Utc(record::parse_instant(&entry.changed).unwrap_or(DateTime::<Utc>::MIN_UTC));
    let mut stamps = Component::new("X");
    stamps
        .add("DTSTAMP", changed.clone())
        .add("LAST-MODIFIED", changed)
        .add("SEQUENCE", Value::Integer(entry.sequence));
    stamps.properties_text()
}

/// An event's text with its stamp `lines` ([`stamps`]) after the UID line.
fn stamped(text: &str, lines: &str) -> String {
    // The UID is the first property; its content line ends at the first
    // line break not followed by a folding space.
    let uid_end = text
        .match_indices("\r\n")
        .map(|(i, _)| i + 2)
        .skip(1)
        .find(|&i| !text[i..].starts_with(' '))
        .unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + lines.len());
    out.push_str(&text[..uid_end]);
    out.push_str(lines);
    out.push_str(&text[uid_end..]);
    out
}

/// A cancelled stand-in for a deleted event: its UID, times, place and
/// summary as last published, a higher SEQUENCE, STATUS:CANCELLED.
fn stand_in(uid: &str, e: &Entry, cancelled: &dyn Fn(&str) -> String) -> String {
    let time = |text: &str| match record::parse_instant(text) {
        Some(t) => Some(Value::Utc(t)),
        None => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .map(Value::Date),
    };
    let mut v = Component::new("VEVENT");
    v.add("UID", Value::Text(uid.to_string()))
        .add("SUMMARY", Value::Text(cancelled(&e.facts.summary)));
    if let Some(start) = time(&e.facts.start) {
        v.add("DTSTART", start);
    }
    if let Some(end) = time(&e.facts.end) {
        v.add("DTEND", end);
    }
    if let Some(location) = &e.facts.location {
        v.add("LOCATION", Value::Text(location.clone()));
    }
    v.add("STATUS", Value::Token("CANCELLED"))
        .add("TRANSP", Value::Token("TRANSPARENT"));
    stamped(&v.serialize(), &stamps(e))
}
