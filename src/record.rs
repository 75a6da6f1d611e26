//! The publication record, `noticeboard.lock`: what the site's calendars
//! have published, kept beside the content and committed with it (as
//! Cargo.lock is).
//!
//! A calendar client only takes a change to an event it already has when
//! the event's SEQUENCE rises, and only drops an event when it sees it
//! cancelled. Neither can be worked out from the content alone: it takes
//! knowing what was published before. So for every event the record keeps
//! a digest of what a subscriber sees, its SEQUENCE, when it last changed,
//! the files it was published in, and the visible facts (times, place,
//! title) it had, for the change log and for the cancelled stand-in
//! ("tombstone") that replaces an event deleted from the content.
//!
//! `build` reads and rewrites it; `serve` and `check` only read it. The
//! stamping itself is in [`crate::calendar`]; this is the data and its file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDateTime, TimeDelta, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Pos};
use crate::digits::push_digits;

/// The record's file name, at the site root.
pub const FILE: &str = "noticeboard.lock";

/// The format's version, written first in the file.
const VERSION: u32 = 1;

/// How long a cancelled stand-in for a deleted event stays in the feeds
/// after the event's end, unless `noticeboard.yaml` says otherwise: long
/// enough for every subscribed phone to have fetched it.
pub const KEEP_CANCELLED: TimeDelta = TimeDelta::days(90);

/// Everything the site's calendars have published.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// Campaign id, then language, then what its calendars published.
    pub campaigns: BTreeMap<String, BTreeMap<String, Published>>,
}

/// The calendars of one campaign in one language.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Published {
    /// Every calendar file, feed or single event: output path -> the
    /// calendar's name (a file kept only for its cancelled events needs it).
    pub files: BTreeMap<String, String>,
    /// Every event, by UID.
    pub events: BTreeMap<String, Entry>,
}

/// The record file's first line.
#[derive(Serialize, Deserialize)]
struct Header {
    noticeboard_lock: u32,
}

/// A campaign's calendar files in a language: path and name.
///
/// The line types borrow: writing the record copies none of its texts, and
/// reading takes what it can from the file's text (most of it is written
/// without escapes).
#[derive(Serialize, Deserialize)]
struct FilesLine<'a> {
    #[serde(borrow)]
    files: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    #[serde(borrow)]
    campaign: Cow<'a, str>,
    #[serde(borrow)]
    lang: Cow<'a, str>,
}

/// One event, its files by their position in the line before.
#[derive(Serialize, Deserialize)]
struct EventLine<'a> {
    #[serde(borrow)]
    campaign: Cow<'a, str>,
    #[serde(borrow)]
    lang: Cow<'a, str>,
    #[serde(borrow)]
    uid: Cow<'a, str>,
    sequence: u32,
    #[serde(borrow)]
    changed: Cow<'a, str>,
    #[serde(borrow)]
    digest: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    removed: bool,
    files: Vec<usize>,
    facts: Cow<'a, Facts>,
    #[serde(default, skip_serializing_if = "no_history")]
    history: Cow<'a, [Change]>,
}

fn no_history(history: &[Change]) -> bool {
    history.is_empty()
}

/// Appends one line of the record, as JSON, to `out`.
fn json_line(out: &mut Vec<u8>, value: &impl Serialize) {
    // Serializing these types into memory cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
    out.push(b'\n');
}

/// One event as last published.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// A digest of the event as subscribers see it (every property but the
    /// stamps): a different digest is a change.
    pub digest: String,
    pub sequence: u32,
    /// When it last changed (UTC, `2025-10-20T09:00:00Z`): its DTSTAMP and
    /// LAST-MODIFIED.
    pub changed: String,
    pub facts: Facts,
    /// True once the event left the content: it is published cancelled
    /// until `keep_cancelled_days` after its end.
    pub removed: bool,
    /// The calendar files it is in (output paths).
    pub files: Vec<String>,
    /// Earlier facts, oldest first, each with when they were replaced.
    pub history: Vec<Change>,
}

/// What a subscriber sees of an event at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// `2025-11-11T07:30:00Z`, or `2025-11-11` for a whole day.
    pub start: String,
    pub end: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
}

/// Facts an event had until `until`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub until: String,
    pub facts: Facts,
}

impl Record {
    /// The record at `root`, an empty one when there is none yet, or an
    /// error located in the file.
    pub fn load(root: &Path) -> Result<Record, Diagnostic> {
        let path = root.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Record::new()),
            Err(e) => {
                return Err(Diagnostic::error(
                    FILE,
                    Pos::START,
                    format!("cannot read the publication record: {e}"),
                ));
            }
        };
        Record::parse(&text)
    }

    pub fn new() -> Record {
        Record::default()
    }

    /// Reads the file: JSON Lines, a header line, then for each campaign
    /// and language a line listing its files and a line per event (one
    /// line an event keeps the file quick to read and its diffs readable
    /// when it holds hundreds of thousands of events).
    fn parse(text: &str) -> Result<Record, Diagnostic> {
        let broken = |message: String, line: usize, column: usize| {
            Diagnostic::error(FILE, Pos::new(line as u64, column as u64), message).hint(
                "this file is written by `noticeboard build`; restore it from version control \
                 (e.g. `git checkout noticeboard.lock`) rather than editing it",
            )
        };
        let mut record = Record::new();
        let mut lines = (text.lines().enumerate()).filter(|(_, l)| !l.trim().is_empty());
        match lines.next().map(|(_, l)| serde_json::from_str::<Header>(l)) {
            Some(Ok(h)) if h.noticeboard_lock == VERSION => {}
            Some(Ok(h)) => {
                let message = format!(
                    "the publication record is version {}, this noticeboard reads version {VERSION}",
                    h.noticeboard_lock
                );
                return Err(broken(message, 1, 1));
            }
            Some(Err(_)) | None => {
                let message = "this is not a publication record: its first line is not \
                               `{\"noticeboard_lock\":1}`";
                return Err(broken(message.into(), 1, 1));
            }
        }
        // The file list of the campaign and language being read: events
        // name their files by position in it.
        let mut paths: Vec<String> = Vec::new();
        for (n, line) in lines {
            let read = |e: serde_json::Error| {
                let message = format!("the publication record cannot be read: {e}");
                broken(message, n + 1, e.column().max(1))
            };
            if line.starts_with("{\"files\"") {
                let files: FilesLine = serde_json::from_str(line).map_err(read)?;
                paths = files.files.iter().map(|(p, _)| p.to_string()).collect();
                let part = record.part(&files.campaign, &files.lang);
                part.files = (files.files.into_iter())
                    .map(|(p, n)| (p.into_owned(), n.into_owned()))
                    .collect();
                continue;
            }
            let event: EventLine = serde_json::from_str(line).map_err(read)?;
            let files = (event.files.iter())
                .map(|&i| paths.get(i).cloned())
                .collect::<Option<Vec<String>>>();
            let Some(files) = files else {
                let message = "an event names a file the line before it does not list";
                return Err(broken(message.into(), n + 1, 1));
            };
            let part = record.part(&event.campaign, &event.lang);
            let entry = Entry {
                digest: event.digest.into_owned(),
                sequence: event.sequence,
                changed: event.changed.into_owned(),
                facts: event.facts.into_owned(),
                removed: event.removed,
                files,
                history: event.history.into_owned(),
            };
            part.events.insert(event.uid.into_owned(), entry);
        }
        Ok(record)
    }

    fn part(&mut self, campaign: &str, lang: &str) -> &mut Published {
        let languages = self.campaigns.entry(campaign.to_string()).or_default();
        languages.entry(lang.to_string()).or_default()
    }

    /// The file's text (see [`Record::parse`]).
    pub fn to_text(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 << 16);
        json_line(
            &mut out,
            &Header {
                noticeboard_lock: VERSION,
            },
        );
        for (campaign, languages) in &self.campaigns {
            for (lang, part) in languages {
                let files = FilesLine {
                    files: (part.files.iter())
                        .map(|(p, n)| (Cow::from(p.as_str()), Cow::from(n.as_str())))
                        .collect(),
                    campaign: Cow::from(campaign.as_str()),
                    lang: Cow::from(lang.as_str()),
                };
                json_line(&mut out, &files);
                let index: BTreeMap<&str, usize> = (part.files.keys().enumerate())
                    .map(|(i, p)| (p.as_str(), i))
                    .collect();
                for (uid, e) in &part.events {
                    let line = EventLine {
                        campaign: Cow::from(campaign.as_str()),
                        lang: Cow::from(lang.as_str()),
                        uid: Cow::from(uid.as_str()),
                        sequence: e.sequence,
                        changed: Cow::from(e.changed.as_str()),
                        digest: Cow::from(e.digest.as_str()),
                        removed: e.removed,
                        files: (e.files.iter())
                            .filter_map(|f| index.get(f.as_str()).copied())
                            .collect(),
                        facts: Cow::Borrowed(&e.facts),
                        history: Cow::Borrowed(&e.history),
                    };
                    json_line(&mut out, &line);
                }
            }
        }
        out
    }

    /// What a campaign published in a language, if anything.
    pub fn published(&self, campaign: &str, lang: &str) -> Option<&Published> {
        self.campaigns.get(campaign)?.get(lang)
    }
}

/// The moment a build runs, for events that change in it: the
/// `SOURCE_DATE_EPOCH` environment variable (seconds since 1970, as
/// reproducible builds set it) when set, else the clock.
pub fn now() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(|| {
            let now = Utc::now();
            DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
        })
}

/// `2025-10-20T09:00:00Z`.
pub fn instant_text(t: DateTime<Utc>) -> String {
    let (day, time) = (t.date_naive(), t.time());
    // A leap second (which chrono writes as :60) and years past four digits
    // are rare enough for chrono.
    if !(0..=9999).contains(&day.year()) || time.nanosecond() >= 1_000_000_000 {
        return t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    }
    // Digit by digit: a build writes one for every event it records, and
    // chrono's `format` parses its pattern each time.
    let mut out = String::with_capacity(20);
    for (n, width, after) in [
        (day.year() as u32, 4, '-'),
        (day.month(), 2, '-'),
        (day.day(), 2, 'T'),
        (time.hour(), 2, ':'),
        (time.minute(), 2, ':'),
        (time.second(), 2, 'Z'),
    ] {
        push_digits(&mut out, n, width);
        out.push(after);
    }
    out
}

/// Reads [`instant_text`] back.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ")
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_its_text() {
        let mut record = Record::new();
        let entry = Entry {
            digest: "ab".into(),
            sequence: 2,
            changed: "2025-10-20T09:00:00Z".into(),
            facts: Facts {
                start: "2025-11-11T07:30:00Z".into(),
                end: "2025-11-11T09:00:00Z".into(),
                summary: "采集: 南校园".into(),
                location: Some("丰盛堂, 102".into()),
                cancelled: false,
            },
            removed: true,
            files: vec!["zh-CN/c/calendar.ics".into()],
            history: vec![Change {
                until: "2025-10-21T09:00:00Z".into(),
                facts: Facts {
                    start: "2025-11-10".into(),
                    end: "2025-11-11".into(),
                    summary: "x: \"y\"".into(),
                    location: None,
                    cancelled: true,
                },
            }],
        };
        let published = Published {
            files: [("zh-CN/c/calendar.ics".to_string(), "名: 称".to_string())].into(),
            events: [("session-a.c@h".to_string(), entry)].into(),
        };
        record
            .campaigns
            .entry("c".into())
            .or_default()
            .insert("zh-CN".into(), published);
        let text = String::from_utf8(record.to_text()).unwrap();
        assert_eq!(Record::parse(&text).unwrap(), record, "{text}");
    }

    #[test]
    fn a_broken_record_is_located() {
        let d = Record::parse("{\"noticeboard_lock\":1}\n{\"campaign\":[\n").unwrap_err();
        assert_eq!((d.file.as_str(), d.pos.line), (FILE, 2));
        let d = Record::parse("{\"noticeboard_lock\":7}\n").unwrap_err();
        assert!(d.message.contains("version 7"), "{}", d.message);
    }

    #[test]
    fn instants_round_trip() {
        let t = parse_instant("2025-10-20T09:00:00Z").unwrap();
        assert_eq!(instant_text(t), "2025-10-20T09:00:00Z");
        for text in ["0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z"] {
            assert_eq!(instant_text(parse_instant(text).unwrap()), text);
        }
        // Written as chrono writes it, past the four-digit years too.
        let far = DateTime::<Utc>::MIN_UTC;
        assert_eq!(
            instant_text(far),
            far.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        );
    }
}
