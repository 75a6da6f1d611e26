//! What a build tells whoever runs it while it works: how far rendering has
//! got, and how many files of each kind it wrote. The command line draws
//! its progress bar and summary line from these; the library draws nothing.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::write::{Sink, WriteError};

/// Told how rendering advances, from any thread. A part is one campaign in
/// one language: its calendars and pages, rendered together.
pub trait Progress: Sync {
    /// Rendering starts, with `parts` parts to render.
    fn start(&self, parts: usize);
    /// One more part is rendered.
    fn advance(&self);
}

/// Progress nobody watches.
pub struct Unwatched;

impl Progress for Unwatched {
    fn start(&self, _: usize) {}
    fn advance(&self) {}
}

/// The files a build wrote, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// HTML pages.
    pub pages: usize,
    /// Calendar files (`.ics`) and Atom feeds.
    pub feeds: usize,
    /// Everything else: published files, spreadsheets, the sitemap, the
    /// stylesheet.
    pub files: usize,
}

/// A sink that counts what passes through it to `inner`, by kind, and
/// passes rendering's progress on to `progress`. Counting costs an atomic
/// increment per file, and progress one per part, not per page.
pub struct Tally<'a> {
    inner: &'a dyn Sink,
    progress: &'a dyn Progress,
    pages: AtomicUsize,
    feeds: AtomicUsize,
    files: AtomicUsize,
}

impl<'a> Tally<'a> {
    pub fn new(inner: &'a dyn Sink, progress: &'a dyn Progress) -> Tally<'a> {
        Tally {
            inner,
            progress,
            pages: AtomicUsize::new(0),
            feeds: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
        }
    }

    pub fn written(&self) -> Written {
        Written {
            pages: self.pages.load(Ordering::Relaxed),
            feeds: self.feeds.load(Ordering::Relaxed),
            files: self.files.load(Ordering::Relaxed),
        }
    }

    fn count(&self, path: &str) {
        let kind = if path.ends_with(".html") {
            &self.pages
        } else if path.ends_with(".ics") || path.ends_with("/atom.xml") {
            &self.feeds
        } else {
            &self.files
        };
        kind.fetch_add(1, Ordering::Relaxed);
    }
}

impl Sink for Tally<'_> {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.count(path);
        self.inner.file(path, bytes)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), WriteError> {
        self.count(path);
        self.inner.copy(path, from)
    }

    fn rendering(&self, parts: usize) {
        self.progress.start(parts);
    }

    fn rendered(&self) {
        self.progress.advance();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_counted_by_kind() {
        let discard = |_: &str, _: &[u8]| Ok(());
        let tally = Tally::new(&discard, &Unwatched);
        for path in [
            "index.html",
            "en/x/index.html",
            "en/x/calendar.ics",
            "en/atom.xml",
            "sitemap.xml",
            "style.css",
            "files/x/a.pdf",
        ] {
            tally.file(path, b"").unwrap();
        }
        let written = tally.written();
        assert_eq!(
            written,
            Written {
                pages: 2,
                feeds: 2,
                files: 3
            }
        );
    }
}
