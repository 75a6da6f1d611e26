//! The change log in the export: what changed in the campaign calendar's
//! events since first published, as the notice page shows it, read from
//! the publication record this build stamps the calendars with.

use schemars::JsonSchema;
use serde::Serialize;

use super::Export;
use super::values::{Instant, InstantOrDay};
use crate::plan;
use crate::record::{self, Facts};

/// One change to one calendar event.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Change")]
pub struct ChangeExport {
    /// The event's iCalendar UID.
    pub uid: String,
    /// The session or deadline it belongs to: `session-<id>` or
    /// `deadline-<id>` (the id it was first published under).
    pub item: String,
    /// When the change was published.
    pub on: Instant,
    pub before: FactsExport,
    pub after: FactsExport,
}

/// What a subscriber saw of an event.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Facts")]
pub struct FactsExport {
    pub start: InstantOrDay,
    pub end: InstantOrDay,
    /// Its title in calendars.
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub cancelled: bool,
}

impl Export<'_> {
    /// The changes to the events of the campaign's feed, newest first,
    /// one moment's in the order of their UIDs.
    pub fn changes(&self) -> Vec<ChangeExport> {
        let feed = plan::campaign_feed(self.lang, self.campaign).file();
        let mut changes = Vec::new();
        let events = (self.published.events.iter())
            .filter(|(_, e)| !e.history.is_empty() && e.files.contains(&feed));
        for (uid, entry) in events {
            let states = entry.history.iter().map(|h| &h.facts);
            let next = entry.history.iter().skip(1).map(|h| &h.facts);
            for ((was, became), change) in
                states.zip(next.chain([&entry.facts])).zip(&entry.history)
            {
                let Some(on) = record::parse_instant(&change.until) else {
                    continue;
                };
                let export = ChangeExport {
                    uid: uid.clone(),
                    item: crate::render::changes::item_key(uid).to_string(),
                    on: Instant::zoned(on.with_timezone(&self.campaign.timezone)),
                    before: self.facts(was),
                    after: self.facts(became),
                };
                changes.push((change.until.as_str(), export));
            }
        }
        // By the recorded UTC instants: local times repeat when clocks go
        // back.
        changes.sort_by(|a, b| b.0.cmp(a.0).then_with(|| a.1.uid.cmp(&b.1.uid)));
        changes.into_iter().map(|(_, export)| export).collect()
    }

    fn facts(&self, f: &Facts) -> FactsExport {
        FactsExport {
            start: self.moment(&f.start),
            end: self.moment(&f.end),
            summary: f.summary.clone(),
            location: f.location.clone(),
            cancelled: f.cancelled,
        }
    }

    /// A recorded start or end (UTC, or a day) in the campaign's zone.
    fn moment(&self, text: &str) -> InstantOrDay {
        match record::parse_instant(text) {
            Some(t) => InstantOrDay(
                t.with_timezone(&self.campaign.timezone)
                    .format("%Y-%m-%dT%H:%M:%S%:z")
                    .to_string(),
            ),
            None => InstantOrDay(text.to_string()),
        }
    }
}
