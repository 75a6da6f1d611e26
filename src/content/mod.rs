//! Load: find the site's files and parse them, reporting what cannot be read.
//!
//! This stage knows file names and syntax, not meaning: it returns the raw
//! YAML structs and the Markdown sources, and [`crate::validate`] decides
//! whether they make sense together.

pub mod confine;
pub mod digest;
pub mod files;
pub mod raw;
pub mod schema;
pub mod sheet;
mod text;
mod tree;
pub mod yaml;
mod yaml_error;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos, display_path};
use crate::model::Document;
use digest::Digest;
use text::read_text;

/// The site configuration file, at the site root.
pub const SITE_FILE: &str = "noticeboard.yaml";
/// The folder holding one folder per campaign.
pub const CONTENT_DIR: &str = "content";
/// The campaign definition inside a campaign folder.
pub const CAMPAIGN_FILE: &str = "campaign.yaml";

/// Everything read from disk, parsed but not yet checked for meaning.
#[derive(Debug)]
pub struct Sources {
    pub root: PathBuf,
    /// `None` when the file is missing or could not be parsed (already reported).
    pub site: Option<raw::SiteFile>,
    pub campaigns: Vec<CampaignSources>,
    /// What was not read because it leaves the site folder or is not an
    /// ordinary file (already reported); the theme and the locales are
    /// not loaded while anything is refused.
    pub refused: confine::Refused,
    /// Whether only one named campaign was read (`check <campaign-id>`).
    pub one_campaign: bool,
}

/// One campaign folder.
#[derive(Debug)]
pub struct CampaignSources {
    /// The folder's name, which must equal the campaign's `id`.
    pub folder: String,
    /// Display path of `campaign.yaml`.
    pub file: String,
    /// `None` when missing or unparsable (already reported).
    pub definition: Option<raw::CampaignFile>,
    /// Every Markdown file in the folder, keyed by its path inside the folder
    /// (`notice.en.md`, `attachments/payment.zh-CN.md`, `schools/x/payment.en.md`).
    pub markdown: BTreeMap<String, Document>,
    /// Markdown files that exist but could not be read (already reported),
    /// keyed like `markdown`, so they are not reported as missing too.
    pub unreadable: BTreeSet<String>,
    /// Every other file (not `campaign.yaml`, not Markdown, not hidden),
    /// keyed like `markdown`: attachment files, images, forms. Validation
    /// decides which are published.
    pub files: BTreeMap<String, files::SourceFile>,
    /// The spreadsheets `slots_from` names, read.
    pub sheets: sheet::Sheets,
    /// A fingerprint of every file read here, as read: a build keeps the
    /// previous output of a campaign whose fingerprint is unchanged.
    pub digest: u128,
}

/// Reads the site at `root`. Never fails: what cannot be read is reported in
/// `out` and left out of the result.
/// With `only`, reads only that campaign's folder (reporting it if there is
/// no such folder).
pub fn load(root: &Path, only: Option<&str>, out: &mut Diagnostics) -> Sources {
    let refused = confine::check(root, out);
    let site = if refused.covers(&root.join(SITE_FILE)) {
        None
    } else {
        load_site(root, out)
    };

    let content = root.join(CONTENT_DIR);
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(&content) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir() && !refused.covers(p))
            .collect(),
        Err(_) => Vec::new(),
    };
    folders.sort();
    if let Some(id) = only {
        let named = |p: &PathBuf| p.file_name().is_some_and(|n| n == id);
        if !folders.iter().any(named) {
            let ids: Vec<String> = (folders.iter())
                .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
                .collect();
            out.push(
                Diagnostic::error(
                    CONTENT_DIR,
                    Pos::START,
                    format!("there is no campaign `{id}` (no folder content/{id}/)"),
                )
                .hint(format!("the campaigns are: {}", ids.join(", "))),
            );
        }
        folders.retain(named);
    }
    // Campaigns are read and parsed in parallel; their diagnostics are
    // added in folder order, so the report does not depend on timing.
    let loaded: Vec<_> = folders
        .par_iter()
        .map(|folder| {
            let mut found = Diagnostics::default();
            (load_campaign(root, folder, &refused, &mut found), found)
        })
        .collect();
    let campaigns = loaded
        .into_iter()
        .map(|(campaign, found)| {
            out.extend(found);
            campaign
        })
        .collect();
    Sources {
        root: root.to_path_buf(),
        site,
        campaigns,
        refused,
        one_campaign: only.is_some(),
    }
}

/// Files an operating system or editor leaves (`.DS_Store`, `.notice.md.swp`),
/// which nobody expects to be published.
fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        || path
            .file_name()
            .is_some_and(|n| n == "Thumbs.db" || n == "desktop.ini")
}

/// Reads `noticeboard.yaml` alone (for commands that need only the configuration).
pub fn load_site(root: &Path, out: &mut Diagnostics) -> Option<raw::SiteFile> {
    let site_path = root.join(SITE_FILE);
    if site_path.is_file() {
        read_text(root, &site_path, out).and_then(|t| yaml::parse(SITE_FILE, &t, out))
    } else {
        out.push(
            Diagnostic::error(
                SITE_FILE,
                Pos::START,
                format!("the site file `{SITE_FILE}` is missing"),
            )
            .hint("run noticeboard in the site folder, or pass it with `--root DIR`"),
        );
        None
    }
}

fn load_campaign(
    root: &Path,
    folder: &Path,
    refused: &confine::Refused,
    out: &mut Diagnostics,
) -> CampaignSources {
    let file_path = folder.join(CAMPAIGN_FILE);
    let file = display_path(root, &file_path);
    let mut digest = Digest::default();
    let definition = if refused.covers(&file_path) {
        None
    } else if file_path.is_file() {
        read_text(root, &file_path, out).and_then(|t| {
            digest.add(CAMPAIGN_FILE, t.as_bytes());
            yaml::parse(&file, &t, out)
        })
    } else {
        out.push(
            Diagnostic::error(
                &file,
                Pos::START,
                "this campaign folder has no campaign.yaml",
            )
            .hint(
                "every folder under content/ is a campaign; add campaign.yaml or remove the folder",
            ),
        );
        None
    };
    let sheets = match &definition {
        Some(campaign) => sheet::load(root, folder, &file, campaign, refused, &mut digest, out),
        None => sheet::Sheets::default(),
    };
    let mut markdown = BTreeMap::new();
    let mut unreadable = BTreeSet::new();
    let mut other_files = BTreeMap::new();
    // Links were checked by `confine`: the ones left stay inside the site.
    for entry in WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if !entry.file_type().is_file() || refused.covers(path) {
            continue;
        }
        let key = display_path(folder, path);
        if path.extension().is_none_or(|e| e != "md") {
            if path != file_path && !hidden(path) {
                let file = files::load(root, path, &key, &mut digest, out);
                other_files.extend(file.map(|f| (key, f)));
            }
            continue;
        }
        match read_text(root, path, out) {
            Some(source) => {
                digest.add(&key, source.as_bytes());
                let file = display_path(root, path);
                markdown.insert(key, Document { file, source });
            }
            None => {
                unreadable.insert(key);
            }
        }
    }
    CampaignSources {
        folder: folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file,
        definition,
        markdown,
        unreadable,
        files: other_files,
        sheets,
        digest: digest.finish(),
    }
}
