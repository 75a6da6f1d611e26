//! Watching the sources: content, theme, locales and the configuration.

use std::path::Path;

use notify_debouncer_mini::notify::{
    self, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _,
};

use crate::content::{CONTENT_DIR, SITE_FILE};

/// Calls `on_change` (which must return at once) for every change to a
/// source file. Reading a file is not a change: a build opens every source,
/// and counting that would rebuild forever. Bursts are coalesced by the
/// caller. Keep the returned watcher alive for as long as watching should
/// go on.
pub fn start(
    root: &Path,
    on_change: impl Fn() + Send + 'static,
) -> Result<RecommendedWatcher, String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let watched = root.clone();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        // An error (such as a queue overflow) may hide a change: rebuild.
        let changed = result.map_or(true, |event| {
            !matches!(event.kind, EventKind::Access(_))
                && event.paths.iter().any(|p| is_source(&watched, p))
        });
        if changed {
            on_change();
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    // The root itself is watched flat, so an editor that saves by replacing
    // noticeboard.yaml is still seen; the source folders recursively.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for name in SOURCE_DIRS {
        let path = root.join(name);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    Ok(watcher)
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
