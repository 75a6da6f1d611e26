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

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Pos};

/// The record's file name, at the site root.
pub const FILE: &str = "noticeboard.lock";

/// The format's version, written first in the file.
const VERSION: u32 = 1;

/// How long a cancelled stand-in for a deleted event stays in the feeds
/// after the event's end, unless `noticeboard.yaml` says otherwise: long
/// enough for every subscribed phone to have fetched it.
pub const KEEP_CANCELLED: TimeDelta = TimeDelta::days(90);

/// Everything the site's calendars have published.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    /// Campaign id, then language, then what its calendars published.
    #[serde(default)]
    pub campaigns: BTreeMap<String, BTreeMap<String, Published>>,
}

/// The calendars of one campaign in one language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Published {
    /// Every calendar file, feed or single event: output path -> the
    /// calendar's name (a file kept only for its cancelled events needs it).
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Every event, by UID.
    #[serde(default)]
    pub events: BTreeMap<String, Entry>,
}

/// One event as last published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// until [`Record::keep_cancelled`] after its end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
    /// The calendar files it is in (output paths).
    pub files: Vec<String>,
    /// Earlier facts, oldest first, each with when they were replaced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
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
        Record {
            version: VERSION,
            campaigns: BTreeMap::new(),
        }
    }

    fn parse(text: &str) -> Result<Record, Diagnostic> {
        let broken = |message: String, pos: Pos| {
            Diagnostic::error(FILE, pos, message).hint(
                "this file is written by `noticeboard build`; restore it from version control \
                 (e.g. `git checkout noticeboard.lock`) rather than editing it",
            )
        };
        let record: Record = serde_saphyr::from_str(text).map_err(|e| {
            let pos = e
                .location()
                .map_or(Pos::START, |l| Pos::new(l.line(), l.column()));
            broken(format!("the publication record cannot be read: {e}"), pos)
        })?;
        if record.version != VERSION {
            return Err(broken(
                format!(
                    "the publication record is version {}, this noticeboard reads version {VERSION}",
                    record.version
                ),
                Pos::START,
            ));
        }
        Ok(record)
    }

    /// The file's text: a header saying what it is, then the record.
    pub fn to_text(&self) -> String {
        let body = serde_saphyr::to_string(self).unwrap_or_default();
        format!(
            "# noticeboard.lock: what this site's calendars have published, for each event\n\
             # its SEQUENCE, when it last changed and what it showed. Written by\n\
             # `noticeboard build`; commit it with the content and do not edit it.\n{body}"
        )
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
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
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
        let text = record.to_text();
        assert_eq!(Record::parse(&text).unwrap(), record, "{text}");
    }

    #[test]
    fn a_broken_record_is_located() {
        let d = Record::parse("version: 1\ncampaigns: [\n").unwrap_err();
        assert_eq!(d.file, FILE);
        let d = Record::parse("version: 7\n").unwrap_err();
        assert!(d.message.contains("version 7"), "{}", d.message);
    }

    #[test]
    fn instants_round_trip() {
        let t = parse_instant("2025-10-20T09:00:00Z").unwrap();
        assert_eq!(instant_text(t), "2025-10-20T09:00:00Z");
    }
}
