//! The ids a campaign defines, by kind, collected before anything else is
//! validated so that every part of the campaign can check the references it
//! makes. Its own module because the campaign, its files, its documents and
//! its counted deadlines all read it: none of them need reach back into
//! another for it.

use std::collections::HashMap;

use crate::content::raw::{self, S, pos};
use crate::diagnostic::Pos;

use super::fields::Fields;

/// Ids defined in the campaign, by kind, with where each was defined.
#[derive(Default)]
pub(super) struct Ids {
    pub campuses: HashMap<String, Pos>,
    pub venues: HashMap<String, Pos>,
    pub schools: HashMap<String, Pos>,
    pub sessions: HashMap<String, Pos>,
    pub deadlines: HashMap<String, Pos>,
    pub attachments: HashMap<String, Pos>,
    pub fees: HashMap<String, Pos>,
    pub contacts: HashMap<String, Pos>,
}

impl Ids {
    /// Registers every id the campaign defines, reporting malformed and
    /// duplicate ones where they are defined.
    pub fn collect(f: &mut Fields, raw: &raw::CampaignFile) -> Ids {
        let mut ids = Ids::default();
        // A malformed id is still registered, so it is reported once, where it
        // is defined, and not again as "unknown" everywhere it is used.
        let register =
            |f: &mut Fields, seen: &mut HashMap<String, Pos>, id: &S<String>, what: &str| {
                f.id(id, what);
                f.unique(seen, id, what);
            };
        for c in &raw.campuses {
            register(f, &mut ids.campuses, &c.value.id, "campus");
        }
        for v in &raw.venues {
            register(f, &mut ids.venues, &v.value.id, "venue");
        }
        for s in &raw.schools {
            register(f, &mut ids.schools, &s.value.id, "school");
        }
        for d in &raw.deadlines {
            register(f, &mut ids.deadlines, &d.value.id, "deadline");
        }
        for a in &raw.attachments {
            register(f, &mut ids.attachments, &a.value.id, "attachment");
        }
        for s in &raw.sessions {
            register(f, &mut ids.sessions, &s.value.id, "session");
        }
        let sessions = raw.sessions.iter().map(|s| (&s.value.id, &s.value.was));
        published_once(f, sessions, "session");
        let deadlines = raw.deadlines.iter().map(|d| (&d.value.id, &d.value.was));
        published_once(f, deadlines, "deadline");
        let schools = raw.schools.iter().map(|s| (&s.value.id, &s.value.was));
        published_once(f, schools, "school");
        for x in &raw.fees {
            register(f, &mut ids.fees, &x.value.id, "fee");
        }
        for c in &raw.contacts {
            register(f, &mut ids.contacts, &c.value.id, "contact");
        }
        // Kinds nothing refers to still need unique ids: they become anchors and UIDs.
        for (kind, list) in [
            (
                "step",
                raw.steps.iter().map(|s| &s.value.id).collect::<Vec<_>>(),
            ),
            (
                "requirement",
                raw.requirements.iter().map(|s| &s.value.id).collect(),
            ),
            ("link", raw.links.iter().map(|s| &s.value.id).collect()),
        ] {
            let mut seen = HashMap::new();
            for id in list {
                register(f, &mut seen, id, kind);
            }
        }
        ids
    }
}

/// Reports a `was:` that names an id another item of its kind is
/// published under: both would have one address and one calendar UID.
fn published_once<'a>(
    f: &mut Fields,
    items: impl Iterator<Item = (&'a S<String>, &'a Option<S<String>>)>,
    what: &str,
) {
    let items: Vec<_> = items.collect();
    // Published id -> where it first appears, and whether as a `was:`.
    let mut seen: HashMap<&str, (&S<String>, bool)> = HashMap::new();
    for (id, was) in &items {
        let published = was.as_ref().unwrap_or(id);
        match seen.get(published.value.as_str()) {
            // Two equal ids are reported as duplicates already.
            Some((first, renamed)) if was.is_some() || *renamed => f.error(
                pos(published),
                format!("two {what}s would be published as `{}`", published.value),
                format!(
                    "`was:` names the id a renamed {what} was first published under (line {}); \
                     it cannot be an id another {what} has or had",
                    pos(*first).line
                ),
            ),
            Some(_) => {}
            None => {
                seen.insert(&published.value, (published, was.is_some()));
            }
        }
    }
}
