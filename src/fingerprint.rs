//! Fingerprints of a build's inputs, so a build can keep what the previous
//! build wrote for campaigns that did not change.
//!
//! A campaign's pages and calendar files depend only on its own folder and
//! on what every page shares: `noticeboard.yaml`, the themes, the locales
//! and the noticeboard program itself. The build records a fingerprint of
//! each in the output folder's marker file; the next build into that folder
//! renders only campaigns whose fingerprint changed (and the pages that list
//! campaigns), and keeps the other campaigns' folders as they are. When
//! anything shared changed, everything is rendered again.
//!
//! Fingerprints are 128-bit XXH3 hashes ([`Digest`]); each campaign's is
//! taken by the load stage as it reads the folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::content::digest::Digest;
use crate::content::{SITE_FILE, confine};

/// The first line of the manifest, naming what the file is for whoever
/// opens it.
const HEADER: &str = "noticeboard output: fingerprints of the inputs it was built from";

/// The fingerprint of what every page shares: the program's own file (a new
/// noticeboard renders everything again), `noticeboard.yaml`, and every
/// file under `themes/` and `locales/`, following links that stay inside
/// the site (the build refuses the others, so they are not read). Taken
/// before the site is loaded: a file saved during the build then differs from what
/// was recorded, and the next build renders everything again rather than
/// trusting pages made from the older file.
pub fn shared_inputs(root: &Path) -> std::io::Result<u128> {
    let mut shared = Digest::default();
    shared.add("program", &std::fs::read(std::env::current_exe()?)?);
    for part in [SITE_FILE, "themes", "locales"] {
        for (name, path) in confine::files(root, &root.join(part)) {
            shared.add(&name, &std::fs::read(path)?);
        }
    }
    Ok(shared.finish())
}

/// What an output folder was built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// Everything all pages share.
    shared: u128,
    /// Campaign id -> fingerprint of its folder.
    campaigns: BTreeMap<String, u128>,
}

impl Manifest {
    /// The manifest of a site whose shared inputs hash to `shared` (see
    /// [`shared_inputs`]) and whose campaign folders hash to `campaigns`
    /// (computed as they were read, so the fingerprint is of exactly what
    /// was built).
    pub fn new(shared: u128, campaigns: BTreeMap<String, u128>) -> Manifest {
        Manifest { shared, campaigns }
    }

    /// Reads a manifest written by [`Manifest::to_text`]; `None` for
    /// anything else (an older noticeboard's empty marker, a damaged file),
    /// which makes the build render everything.
    pub fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let shared = lines.next()?.strip_prefix("shared ")?;
        let shared = u128::from_str_radix(shared, 16).ok()?;
        let mut campaigns = BTreeMap::new();
        for line in lines {
            let (id, hash) = line.strip_prefix("campaign ")?.split_once(' ')?;
            campaigns.insert(id.to_string(), u128::from_str_radix(hash, 16).ok()?);
        }
        Some(Manifest { shared, campaigns })
    }

    pub fn to_text(&self) -> String {
        let mut text = format!("{HEADER}\nshared {:032x}\n", self.shared);
        for (id, hash) in &self.campaigns {
            text.push_str(&format!("campaign {id} {hash:032x}\n"));
        }
        text
    }

    /// Campaigns built from the same inputs as in `previous`, whose output
    /// can be kept: none if anything shared changed.
    pub fn unchanged_since(&self, previous: &Manifest) -> BTreeSet<String> {
        if self.shared != previous.shared {
            return BTreeSet::new();
        }
        self.campaigns
            .iter()
            .filter(|(id, hash)| previous.campaigns.get(*id) == Some(hash))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// This manifest without the campaigns not in `ids`: what an output
    /// vouches for while a build replaces those others in it, so that a
    /// build cut short leaves a marker that makes the next one render them.
    pub fn keeping(&self, ids: &BTreeSet<String>) -> Manifest {
        let mut kept = self.clone();
        kept.campaigns.retain(|id, _| ids.contains(id));
        kept
    }

    /// Campaigns in `previous` that are no longer in the site.
    pub fn removed_since(&self, previous: &Manifest) -> Vec<String> {
        previous
            .campaigns
            .keys()
            .filter(|id| !self.campaigns.contains_key(*id))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(shared: u128, campaigns: &[(&str, u128)]) -> Manifest {
        Manifest {
            shared,
            campaigns: campaigns
                .iter()
                .map(|(id, h)| (id.to_string(), *h))
                .collect(),
        }
    }

    #[test]
    fn text_round_trips() {
        let m = manifest(u128::MAX - 7, &[("a-2026", 1), ("b", 0xabc)]);
        assert_eq!(Manifest::parse(&m.to_text()), Some(m));
        assert_eq!(Manifest::parse(""), None, "an older, empty marker");
        assert_eq!(Manifest::parse(&format!("{HEADER}\nshared zz\n")), None);
    }

    #[test]
    fn only_unchanged_campaigns_are_kept() {
        let before = manifest(1, &[("a", 1), ("b", 2), ("gone", 3)]);
        let now = manifest(1, &[("a", 1), ("b", 5), ("new", 4)]);
        assert_eq!(now.unchanged_since(&before), BTreeSet::from(["a".into()]));
        assert_eq!(now.removed_since(&before), vec!["gone".to_string()]);
        let theme_changed = manifest(2, &[("a", 1), ("b", 2)]);
        assert!(theme_changed.unchanged_since(&before).is_empty());
    }
}
