//! noticeboard: a static-site generator for academic-affairs notices.
//!
//! The pipeline reads top to bottom, one module per stage, data flowing one
//! way: [`content`] loads files, [`validate`] turns them into the domain
//! [`model`] with [`diagnostic`]s, [`plan`] lists the pages, [`render`]
//! produces HTML and feeds in parallel, writing each file into [`write`]'s
//! staging folder as it is done, which is swapped into place at the end.
//! [`fingerprint`] lets a build into a previous build's folder render only
//! the campaigns whose files changed. [`locales`] holds the interface
//! strings, below both [`render`] and the [`calendar`] files it writes, so
//! neither reaches into the other for them.

pub mod calendar;
pub mod content;
pub mod diagnostic;
pub mod digits;
pub mod encoding;
pub mod fingerprint;
pub mod locales;
pub mod model;
pub mod plan;
pub mod progress;
pub mod record;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod validate;
pub mod workdays;
pub mod write;

use std::collections::BTreeSet;
use std::path::Path;

use locales::Locales;
use render::theme::Theme;

use diagnostic::Diagnostics;
use model::Content;

/// Loads and validates the site at `root`, loads its interface strings, and
/// expands every Markdown body in every context to catch template errors,
/// writing nothing. Returns the content only when there are no errors; the
/// diagnostics always.
pub fn check(root: &Path) -> (Option<Content>, Diagnostics) {
    check_campaigns(root, None)
}

/// [`check`], of the site with only the campaign `only` when one is named
/// (`noticeboard check <campaign-id>`): the others are not read.
pub fn check_campaigns(root: &Path, only: Option<&str>) -> (Option<Content>, Diagnostics) {
    let ready = match prepare(root, only) {
        Ok(ready) => ready,
        Err(BuildError::Content(out)) => return (None, out),
        Err(BuildError::Write(e)) => return (None, internal_error(e)),
    };
    // Everything `build` renders is rendered, and dropped: only rendering
    // finds every error a theme template or a body can make.
    let discard = |_: &str, _: &[u8]| Ok(());
    let (mut found, record) = match ready.render(&discard, &BTreeSet::new()) {
        Ok(found) => found,
        Err(e) => return (None, internal_error(e)),
    };
    // What a build would record, when it would build (no errors) and there
    // is a record to compare with (before the first build, every event is
    // new: nothing to say). A check of one campaign says nothing of the
    // others' records.
    let builds = !found.has_errors() && !ready.diagnostics.has_errors();
    if only.is_none() && builds && ready.record != record::Record::new() {
        for change in record_changes(&ready.record, &record) {
            found.push(diagnostic::Diagnostic::note(
                record::FILE,
                diagnostic::Pos::START,
                change,
            ));
        }
    }
    let content = ready.content.clone();
    match ready.finish(found) {
        Ok(out) => (Some(content), out),
        Err(BuildError::Content(out)) => (None, out),
        Err(BuildError::Write(e)) => (None, internal_error(e)),
    }
}

/// A failure that checking cannot have (it writes nothing), reported
/// rather than panicking.
fn internal_error(e: write::WriteError) -> Diagnostics {
    let mut out = Diagnostics::default();
    out.push(
        diagnostic::Diagnostic::error(content::SITE_FILE, diagnostic::Pos::START, e.to_string())
            .hint("this is a bug in noticeboard; please report it"),
    );
    out
}

/// Loads and validates the site and its interface strings. The content is
/// returned even with errors (validation keeps what it could), so body
/// templates can still be checked and every mistake reported in one run.
/// Bodies are not expanded here: `check` expands them, `build` as it renders.
/// Also returns each campaign folder's fingerprint, for [`fingerprint`].
fn load(root: &Path, only: Option<&str>) -> (Option<(Content, Locales, Digests)>, Diagnostics) {
    let mut out = Diagnostics::default();
    let sources = content::load(root, only, &mut out);
    let digests = sources
        .campaigns
        .iter()
        .map(|c| (c.folder.clone(), c.digest))
        .collect();
    let Some(content) = validate::validate(&sources, &mut out) else {
        return (None, out);
    };
    if !sources.refused.is_empty() {
        // The locales or the theme may be what was refused.
        return (None, out);
    }
    let locales = match Locales::load(root, &content.site) {
        Ok(locales) => locales,
        Err(errors) => {
            out.extend(errors);
            return (None, out);
        }
    };
    let format_keys = render::format::message_keys();
    let format_keys = format_keys
        .iter()
        .map(|k| (k.as_str(), "src/render/format.rs"));
    let calendar_keys = calendar::MESSAGE_KEYS
        .iter()
        .map(|&k| (k, "src/calendar/mod.rs"));
    let sheet_keys = render::spreadsheet::MESSAGE_KEYS
        .iter()
        .map(|&k| (k, "src/render/spreadsheet.rs"));
    let page_keys = (render::changes::MESSAGE_KEYS.iter())
        .map(|&k| (k, "src/render/changes.rs"))
        .chain(
            render::feeds::MESSAGE_KEYS
                .iter()
                .map(|&k| (k, "src/render/feeds.rs")),
        );
    let used = format_keys
        .chain(calendar_keys)
        .chain(sheet_keys)
        .chain(page_keys);
    for (key, file) in used {
        if let Err(d) = locales.require(key, file) {
            out.push(d);
        }
    }
    (Some((content, locales, digests)), out)
}

/// Campaign folder name -> fingerprint of its files. A site with no errors
/// has each campaign in a folder named for its id.
type Digests = std::collections::BTreeMap<String, u128>;

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the content, locales or theme; nothing was written.
    Content(Diagnostics),
    /// The output folder was refused or could not be written.
    Write(write::WriteError),
}

impl BuildError {
    /// What the failed build left in the output folder, to end its report.
    pub fn outcome(&self) -> &'static str {
        match self {
            BuildError::Content(_) => write::UNTOUCHED,
            BuildError::Write(e) => e.outcome(),
        }
    }
}

/// Builds the site at `root` into `out`: load, validate, plan, render, write.
/// Returns the warnings and how many campaigns were rendered and kept.
///
/// When `out` holds a previous build of the same site by the same program
/// with the same theme, locales and configuration, campaigns whose files did
/// not change are not rendered again: their folders are kept, and only the
/// changed campaigns' folders and the pages listing campaigns are replaced
/// (see [`fingerprint`]). Otherwise the whole output is replaced at once.
pub fn build(root: &Path, out: &Path) -> Result<Built, BuildError> {
    build_watched(root, out, false, &progress::Unwatched)
}

/// [`build`], telling `progress` how rendering advances (what the command
/// line's progress bar shows), and with `locked` (`--locked`) failing
/// instead when the publication record would change: for CI, where the
/// record committed must be the one the site publishes with.
pub fn build_watched(
    root: &Path,
    out: &Path,
    locked: bool,
    progress: &dyn progress::Progress,
) -> Result<Built, BuildError> {
    let target = write::Target::new(root, out).map_err(BuildError::Write)?;
    let shared = fingerprint::shared_inputs(root).map_err(|e| {
        BuildError::Write(write::WriteError::Io(format!(
            "cannot read the site's files: {e}"
        )))
    });
    let ready = prepare(root, None)?;
    let manifest = fingerprint::Manifest::new(shared?, ready.digests.clone());
    // A campaign whose cancelled events have stayed their time is rendered
    // again even when unchanged, so its feeds drop them.
    let expiring = calendar::expiring(&ready.record, &ready.moment);
    let reuse = Reuse::plan(&target, &manifest, &ready.content, &expiring);
    // The staging folder holds the output's lock from here on.
    let staging = target
        .stage(&manifest.to_text())
        .map_err(BuildError::Write)?;
    let ((mut found, record), written) = staging
        .writing(|emit| {
            let tally = progress::Tally::new(emit, progress);
            let rendered = ready.render(&tally, &reuse.kept);
            rendered.map(|r| (r, tally.written()))
        })
        .and_then(|rendered| rendered)
        .map_err(BuildError::Write)?;
    if locked {
        for change in record_changes(&ready.record, &record) {
            found.push(
                diagnostic::Diagnostic::error(record::FILE, diagnostic::Pos::START, change).hint(
                    "`--locked` refuses to change the publication record: build without it, \
                     review the change and commit noticeboard.lock",
                ),
            );
        }
    }
    let changed = record != ready.record;
    let (languages, digests) = (ready.content.site.languages.clone(), ready.digests.clone());
    // On errors, dropping the staging folder removes it; the output is untouched.
    let diagnostics = ready.finish(found)?;
    // The record first: should publishing then fail, the next build
    // publishes what it records, with the same SEQUENCEs.
    if changed {
        write::atomic(&root.join(record::FILE), &record.to_text()).map_err(BuildError::Write)?;
    }
    if reuse.kept.is_empty() {
        staging.publish()
    } else {
        // A campaign gone from the content whose cancelled events are
        // still published keeps its folders, with only those.
        let (mut replaced, mut gone) = (reuse.replaced, reuse.gone);
        for id in (record.campaigns.keys()).filter(|id| !digests.contains_key(*id)) {
            for lang in &languages {
                let folder = plan::campaign_folder(lang, id).0;
                gone.remove(&folder);
                replaced.insert(folder);
            }
        }
        let interim = manifest.keeping(&reuse.kept).to_text();
        staging.publish_into(&replaced, &gone, &interim)
    }
    .map_err(BuildError::Write)?;
    Ok(Built {
        warnings: diagnostics,
        rendered: reuse.rendered,
        kept: reuse.kept.len(),
        written,
    })
}

/// What a successful [`build`] did.
#[derive(Debug)]
pub struct Built {
    pub warnings: Diagnostics,
    /// Campaigns rendered.
    pub rendered: usize,
    /// Campaigns whose previous output was kept, unchanged.
    pub kept: usize,
    /// The files written (those of kept campaigns are not).
    pub written: progress::Written,
}

/// What a build into an output folder holding a previous build keeps,
/// replaces and removes, by campaign.
struct Reuse {
    /// Campaigns built from the same inputs as before, whose folders are
    /// all still there: kept, not rendered.
    kept: BTreeSet<String>,
    /// The folders (as the plan names them) of every other campaign.
    replaced: BTreeSet<String>,
    /// The folders of campaigns no longer in the site.
    gone: BTreeSet<String>,
    /// How many campaigns are rendered.
    rendered: usize,
}

impl Reuse {
    fn plan(
        target: &write::Target,
        manifest: &fingerprint::Manifest,
        content: &Content,
        expiring: &BTreeSet<String>,
    ) -> Reuse {
        // A campaign's language folders, one per language it is published
        // in (every site language for one no longer in the site); with
        // `published` false, those of the site languages it is not
        // published in, which a build from before it dropped one may have
        // left.
        let languages = |id: &str, published: bool| -> Vec<String> {
            let campaign = content.campaigns.iter().find(|c| c.id == id);
            let languages = content.site.languages.iter();
            languages
                .filter(|l| campaign.is_none_or(|c| c.has_language(l)) == published)
                .map(|l| plan::campaign_folder(l, id).0)
                .collect()
        };
        // Its files folder too, when it publishes files (or is no longer
        // in the site); one that has none may have had some before.
        let has_files = |id: &str| {
            let campaign = content.campaigns.iter().find(|c| c.id == id);
            campaign.is_none_or(|c| !c.files.is_empty())
        };
        let folders = |id: &str| {
            let mut folders = languages(id, true);
            if has_files(id) {
                folders.push(plan::campaign_files(id).0);
            }
            folders
        };
        let previous = target.previous();
        let kept: BTreeSet<String> = previous
            .as_ref()
            .map(|p| manifest.unchanged_since(p))
            .unwrap_or_default()
            .into_iter()
            .filter(|id| !expiring.contains(id) && folders(id).iter().all(|f| target.holds(f)))
            .collect();
        let rendered = content.campaigns.len() - kept.len();
        let replaced = (content.campaigns.iter())
            .filter(|c| !kept.contains(&c.id))
            .flat_map(|c| folders(&c.id))
            .collect();
        let dropped = (content.campaigns.iter())
            .filter(|c| !kept.contains(&c.id))
            .flat_map(|c| {
                let files = (!has_files(&c.id)).then(|| plan::campaign_files(&c.id).0);
                languages(&c.id, false).into_iter().chain(files)
            });
        let gone = previous.map_or_else(BTreeSet::new, |p| {
            let removed = manifest.removed_since(&p);
            removed
                .iter()
                .flat_map(|id| folders(id))
                .chain(dropped)
                .collect()
        });
        Reuse {
            kept,
            replaced,
            gone,
            rendered,
        }
    }
}

/// A rendered site held in memory: output path (relative, `/`-separated)
/// -> bytes.
pub type Files = std::collections::BTreeMap<String, Vec<u8>>;

/// Builds the site at `root` into memory and writes nothing: what `serve`
/// shows. A rebuild then costs only the rendering, not creating hundreds of
/// files on disk, which on a slow disk takes longer than the rendering.
pub fn build_in_memory(root: &Path) -> Result<(Files, Diagnostics), BuildError> {
    let files = std::sync::Mutex::new(Files::new());
    let diagnostics = render_into(root, &|path: &str, bytes: &[u8]| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    })?;
    Ok((
        files.into_inner().unwrap_or_else(|e| e.into_inner()),
        diagnostics,
    ))
}

/// Loads, checks and renders the site at `root`, handing every file to
/// `emit` as it is rendered, from any thread. [`build_in_memory`] keeps
/// them; the benchmark counts them, to time the rendering alone.
pub fn render_into(root: &Path, emit: &dyn write::Sink) -> Result<Diagnostics, BuildError> {
    let ready = prepare(root, None)?;
    let (found, _) = ready
        .render(emit, &BTreeSet::new())
        .map_err(BuildError::Write)?;
    ready.finish(found)
}

/// What the next build records that `before` does not, one line per
/// campaign and language: events changed (named), new and cancelled.
fn record_changes(before: &record::Record, after: &record::Record) -> Vec<String> {
    let mut lines = Vec::new();
    let ids: BTreeSet<&String> = before
        .campaigns
        .keys()
        .chain(after.campaigns.keys())
        .collect();
    let empty = record::Published::default();
    for id in ids {
        let langs: BTreeSet<&String> = (before.campaigns.get(id).into_iter())
            .chain(after.campaigns.get(id))
            .flat_map(|l| l.keys())
            .collect();
        for lang in langs {
            let old = before.published(id, lang).unwrap_or(&empty);
            let new = after.published(id, lang).unwrap_or(&empty);
            let mut changed = Vec::new();
            let (mut added, mut cancelled, mut dropped) = (0, 0, 0);
            for (uid, entry) in &new.events {
                match old.events.get(uid) {
                    None => added += 1,
                    Some(was) if entry.removed && !was.removed => cancelled += 1,
                    Some(was) if was != entry => changed.push(uid.as_str()),
                    Some(_) => {}
                }
            }
            dropped += old
                .events
                .keys()
                .filter(|u| !new.events.contains_key(*u))
                .count();
            let files = old.files != new.files;
            if changed.is_empty() && added + cancelled + dropped == 0 && !files {
                continue;
            }
            let mut parts = Vec::new();
            if !changed.is_empty() {
                parts.push(format!(
                    "{} changed ({})",
                    changed.len(),
                    changed.join(", ")
                ));
            }
            for (n, what) in [
                (added, "new"),
                (cancelled, "cancelled"),
                (dropped, "expired and dropped"),
            ] {
                if n > 0 {
                    parts.push(format!("{n} {what}"));
                }
            }
            if parts.is_empty() {
                parts.push("the list of calendar files".to_string());
            }
            lines.push(format!(
                "the next build records for {id} ({lang}): {}",
                parts.join("; ")
            ));
        }
    }
    lines
}

/// Everything a build renders from, loaded and checked.
struct Ready {
    content: Content,
    locales: Locales,
    theme: Theme,
    diagnostics: Diagnostics,
    digests: Digests,
    /// What the site's calendars published so far.
    record: record::Record,
    /// When this build publishes: one moment for every campaign, and for
    /// deciding which kept campaigns must be rendered again.
    moment: calendar::Moment,
}

/// Load and validate, and load the theme; errors stop here with the same
/// report `check` gives.
fn prepare(root: &Path, only: Option<&str>) -> Result<Ready, BuildError> {
    let (loaded, mut diagnostics) = load(root, only);
    let record = record::Record::load(root)
        .map_err(|d| diagnostics.push(d))
        .ok();
    let (Some((content, locales, digests)), Some(record)) = (loaded, record) else {
        return Err(BuildError::Content(diagnostics));
    };
    // The theme is loaded even when the content has errors, so one run
    // reports both.
    let theme = Theme::load(root, &content.site.theme, &locales)
        .map_err(|errors| diagnostics.extend(errors))
        .ok();
    let theme = match theme {
        Some(theme) if !diagnostics.has_errors() => theme,
        _ => {
            // Nothing is rendered, but the report is as complete as `check`'s.
            render::check_bodies(&content, &locales, &mut diagnostics);
            return Err(BuildError::Content(diagnostics));
        }
    };
    let moment = calendar::Moment {
        now: record::now(),
        keep_cancelled: content.site.keep_cancelled,
    };
    Ok(Ready {
        content,
        locales,
        theme,
        diagnostics,
        digests,
        record,
        moment,
    })
}

impl Ready {
    /// Renders everything but the campaigns in `kept`.
    fn render(
        &self,
        emit: &render::Emit,
        kept: &BTreeSet<String>,
    ) -> Result<(Diagnostics, record::Record), write::WriteError> {
        let pages = plan::pages(&self.content);
        render::site(
            &self.content,
            &self.locales,
            &self.theme,
            &pages,
            kept,
            &self.record,
            &self.moment,
            emit,
        )
    }

    /// The build's diagnostics, or an error if rendering found any.
    fn finish(self, found: Diagnostics) -> Result<Diagnostics, BuildError> {
        let mut diagnostics = self.diagnostics;
        diagnostics.extend(found);
        if diagnostics.has_errors() {
            Err(BuildError::Content(diagnostics))
        } else {
            Ok(diagnostics)
        }
    }
}

/// Loads and validates `noticeboard.yaml` alone.
pub fn site_config(root: &Path) -> (Option<model::Site>, Diagnostics) {
    let mut out = Diagnostics::default();
    let site = content::load_site(root, &mut out).and_then(|raw| validate::site(&raw, &mut out));
    (site, out)
}

/// Writes the JSON Schemas of `campaign.yaml` and `noticeboard.yaml` (which
/// editors read, see [`content::schema`]) and of the JSON export (which
/// portals read, see [`render::export`]) into `dir` (made if missing), each
/// file replaced at once; returns the files written.
pub fn write_schemas(dir: &Path) -> Result<Vec<std::path::PathBuf>, write::WriteError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| write::WriteError::Io(format!("{}: {e}", dir.display())))?;
    let mut written = Vec::new();
    let export = (render::export::SCHEMA_FILE, render::export::schema());
    for (name, text) in content::schema::files().into_iter().chain([export]) {
        let path = dir.join(name);
        write::atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
