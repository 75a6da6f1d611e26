//! noticeboard: a static-site generator for academic-affairs notices.
//!
//! The pipeline reads top to bottom, one module per stage, data flowing one
//! way: [`content`] loads files, [`validate`] turns them into the domain
//! [`model`] with [`diagnostic`]s, [`plan`] lists the pages, [`render`]
//! produces HTML and feeds in memory, and [`write`] swaps them into place.

pub mod calendar;
pub mod content;
pub mod diagnostic;
pub mod model;
pub mod plan;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod validate;
pub mod write;

use std::path::Path;

use render::locales::Locales;
use render::theme::Theme;

use diagnostic::Diagnostics;
use model::Content;

/// Loads and validates the site at `root`, loads its interface strings, and
/// renders every Markdown body once to catch template errors. Returns the
/// content only when there are no errors; the diagnostics always.
pub fn check(root: &Path) -> (Option<Content>, Diagnostics) {
    let (checked, out) = load_checked(root);
    (checked.map(|(content, _)| content), out)
}

fn load_checked(root: &Path) -> (Option<(Content, Locales)>, Diagnostics) {
    let mut out = Diagnostics::default();
    let sources = content::load(root, &mut out);
    let Some(content) = validate::validate(&sources, &mut out) else {
        return (None, out);
    };
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
    let used = format_keys.chain(calendar_keys);
    for (key, file) in used {
        if let Err(d) = locales.require(key, file) {
            out.push(d);
        }
    }
    render::check_bodies(&content, &locales, &mut out);
    if out.has_errors() {
        return (None, out);
    }
    (Some((content, locales)), out)
}

/// Why a build produced nothing (the previous output is untouched).
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the content, locales or theme.
    Content(Diagnostics),
    /// The output folder was refused or could not be written.
    Write(write::WriteError),
}

/// Builds the site at `root` into `out`: load, validate, plan, render, write.
/// Returns the diagnostics (warnings) of a successful build.
pub fn build(root: &Path, out: &Path) -> Result<Diagnostics, BuildError> {
    let target = write::Target::new(root, out).map_err(BuildError::Write)?;
    let (checked, mut diagnostics) = load_checked(root);
    let Some((content, locales)) = checked else {
        return Err(BuildError::Content(diagnostics));
    };
    let theme = Theme::load(root, &content.site.theme, &locales).map_err(|e| {
        diagnostics.extend(e);
        BuildError::Content(std::mem::take(&mut diagnostics))
    })?;
    let pages = plan::pages(&content);
    let files = render::site(&content, &locales, &theme, &pages).map_err(|e| {
        diagnostics.extend(e);
        BuildError::Content(std::mem::take(&mut diagnostics))
    })?;
    target.publish(&files).map_err(BuildError::Write)?;
    Ok(diagnostics)
}

/// Loads and validates `noticeboard.yaml` alone.
pub fn site_config(root: &Path) -> (Option<model::Site>, Diagnostics) {
    let mut out = Diagnostics::default();
    let site = content::load_site(root, &mut out).and_then(|raw| validate::site(&raw, &mut out));
    (site, out)
}
