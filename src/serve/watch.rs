//! Watching the sources: content, theme, locales and the configuration.

use std::path::Path;
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::content::{CONTENT_DIR, SITE_FILE};

/// How long edits must pause before a rebuild: editors save in bursts.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Calls `on_change` after each burst of changes. Keep the returned
/// watcher alive for as long as watching should go on.
pub fn start(
    root: &Path,
    on_change: impl Fn() + Send + 'static,
) -> Result<Debouncer<RecommendedWatcher>, String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let watched = root.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| {
        if result.is_ok_and(|events| events.iter().any(|e| is_source(&watched, &e.path))) {
            on_change();
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    // The root itself is watched flat, so an editor that saves by replacing
    // noticeboard.yaml is still seen; the source folders recursively.
    debouncer
        .watcher()
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for name in SOURCE_DIRS {
        let path = root.join(name);
        if path.is_dir() {
            debouncer
                .watcher()
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    Ok(debouncer)
}

const SOURCE_DIRS: [&str; 3] = [CONTENT_DIR, "themes", "locales"];

/// Whether a changed path is one the site is built from.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    match first.as_deref() {
        Some(SITE_FILE) => true,
        Some(dir) => SOURCE_DIRS.contains(&dir),
        None => false,
    }
}
