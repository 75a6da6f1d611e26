//! What the site may read: only ordinary files inside the site folder.
//!
//! Content comes from several hands (school offices send their own guide
//! versions), so a symbolic link in the site could publish a file from
//! elsewhere on the machine (`style.css -> /etc/passwd`), and a named pipe
//! or a link to a device would make the build wait forever. Before anything
//! is read, every entry of the parts of the site that noticeboard reads is
//! looked at without reading it: a link is followed only when what it
//! points at lies inside the site folder, and anything that is neither a
//! folder nor an ordinary file is refused, each with a diagnostic naming it.
//! Links that stay inside the site keep working.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{CONTENT_DIR, SITE_FILE};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, display_path};

/// The parts of the site folder noticeboard reads.
pub const READ: [&str; 4] = [SITE_FILE, CONTENT_DIR, "themes", "locales"];

/// Entries of the site that must not be read, as walked (through links).
#[derive(Debug, Default)]
pub struct Refused(BTreeSet<PathBuf>);

impl Refused {
    /// Whether `path` is refused or lies inside a refused folder.
    pub fn covers(&self, path: &Path) -> bool {
        self.0.iter().any(|r| path.starts_with(r))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Looks at every entry under the parts of `root` that noticeboard reads,
/// reporting each one that must not be read in `out`.
pub fn check(root: &Path, out: &mut Diagnostics) -> Refused {
    let mut refused = Refused::default();
    let Ok(inside) = root.canonicalize() else {
        // The caller reports a missing site folder; nothing to look at.
        return refused;
    };
    for part in READ {
        walk(&inside, &root.join(part), &mut |entry| {
            if let Err((path, why)) = entry {
                let diagnostic =
                    Diagnostic::error(display_path(root, &path), Pos::START, why.message());
                out.push(diagnostic.hint(why.hint()));
                refused.0.insert(path);
            }
        });
    }
    refused
}

/// Every ordinary file under `dir` (relative path with `/`, full path), in
/// sorted order, following only links that stay inside `root` and skipping
/// anything [`check`] refuses. For fingerprints, which are taken before
/// the site is checked and must not read what the check will refuse.
pub fn files(root: &Path, dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(inside) = root.canonicalize() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut refused = Vec::new();
    walk(&inside, dir, &mut |entry| match entry {
        Ok(path) => found.push((display_path(root, &path), path)),
        Err((path, _)) => refused.push(path),
    });
    found.retain(|(_, path)| !refused.iter().any(|r| path.starts_with(r)));
    found
}

/// Why an entry is not read.
enum Why {
    Outside(PathBuf),
    Broken(String),
    Loop,
    Special(&'static str),
}

impl Why {
    fn message(&self) -> String {
        match self {
            Why::Outside(target) => format!(
                "this is a symbolic link to `{}`, outside the site folder; noticeboard reads nothing outside the site folder",
                target.display()
            ),
            Why::Broken(e) => format!("this symbolic link cannot be followed: {e}"),
            Why::Loop => {
                "this symbolic link leads back into a folder that contains it (a loop)".into()
            }
            Why::Special(kind) => {
                format!(
                    "this is {kind}, not an ordinary file; noticeboard reads only ordinary files and folders"
                )
            }
        }
    }

    fn hint(&self) -> &'static str {
        match self {
            Why::Outside(_) => {
                "copy the file or folder into the site folder instead of linking to it"
            }
            Why::Broken(_) => "fix or remove the symbolic link",
            Why::Loop => "remove the symbolic link",
            Why::Special(_) => "remove it, or replace it with an ordinary file",
        }
    }
}

/// Walks `start` (which may be missing), following links that stay inside
/// `inside` (the canonical site folder), and hands `visit` each ordinary
/// file or, for a refused entry, its path and why. A refused folder is not
/// entered.
fn walk(inside: &Path, start: &Path, visit: &mut dyn FnMut(Result<PathBuf, (PathBuf, Why)>)) {
    if std::fs::symlink_metadata(start).is_err() {
        return;
    }
    let mut entries = WalkDir::new(start)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(start).to_path_buf();
                let why = if e.loop_ancestor().is_some() {
                    Why::Loop
                } else {
                    Why::Broken(e.io_error().map_or(e.to_string(), ToString::to_string))
                };
                visit(Err((path, why)));
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if !target.starts_with(inside) => {
                    if entry.file_type().is_dir() {
                        entries.skip_current_dir();
                    }
                    visit(Err((path, Why::Outside(target))));
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    visit(Err((path, Why::Broken(e.to_string()))));
                    continue;
                }
            }
        }
        let kind = entry.file_type();
        if kind.is_file() {
            visit(Ok(path));
        } else if !kind.is_dir() {
            visit(Err((path, Why::Special(special_kind(&kind)))));
        }
    }
}

/// What a file that is neither a folder nor an ordinary file is, in words.
#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}
