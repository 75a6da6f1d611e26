//! noticeboard: a static-site generator for academic-affairs notices.
//!
//! The pipeline reads top to bottom, one module per stage, data flowing one
//! way: [`content`] loads files, [`validate`] turns them into the domain
//! [`model`] with [`diagnostic`]s, [`render`] produces HTML and calendars.

pub mod calendar;
pub mod content;
pub mod diagnostic;
pub mod model;
pub mod plan;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod validate;

use std::path::Path;

use diagnostic::Diagnostics;
use model::Content;

/// Loads and validates the site at `root`, and renders every Markdown body
/// once to catch template errors. Returns the content only when there are no
/// errors; the diagnostics always.
pub fn check(root: &Path) -> (Option<Content>, Diagnostics) {
    let mut out = Diagnostics::default();
    let sources = content::load(root, &mut out);
    let content = validate::validate(&sources, &mut out);
    if let Some(content) = &content {
        render::check_bodies(content, &mut out);
    }
    let content = content.filter(|_| !out.has_errors());
    (content, out)
}

/// Loads and validates `noticeboard.yaml` alone.
pub fn site_config(root: &Path) -> (Option<model::Site>, Diagnostics) {
    let mut out = Diagnostics::default();
    let site = content::load_site(root, &mut out).and_then(|raw| validate::site(&raw, &mut out));
    (site, out)
}
