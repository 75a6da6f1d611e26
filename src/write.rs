//! Write: put the rendered files in place, all or nothing.
//!
//! Files go into a fresh folder beside the output as they are rendered and
//! the folder is swapped in only when every one was written, so a failed build leaves the previous site
//! as it was and a web server never serves half a site. Nothing outside the
//! output folder and its two siblings (`.NAME.new`, `.NAME.old`) is written
//! or removed, and an output folder that could hold the sources, or that
//! holds files noticeboard did not write, is refused.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;

use rayon::prelude::*;

use crate::fingerprint::Manifest;

/// Marks a folder as noticeboard output, so a later build may replace it.
pub const MARKER: &str = ".noticeboard-output";

/// Why an output folder is not used.
#[derive(Debug)]
pub enum WriteError {
    Refused(String),
    Io(String),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Refused(why) | WriteError::Io(why) => f.write_str(why),
        }
    }
}

/// A checked output folder.
#[derive(Debug)]
pub struct Target {
    out: PathBuf,
}

impl Target {
    /// Checks `out` (already absolute) against the site folder `root`.
    pub fn new(root: &Path, out: &Path) -> Result<Target, WriteError> {
        let root = root
            .canonicalize()
            .map_err(|e| WriteError::Io(format!("cannot resolve {}: {e}", root.display())))?;
        let out = resolve(out)?;
        let refuse = |why: &str| {
            Err(WriteError::Refused(format!(
                "refusing --out {}: {why}",
                out.display()
            )))
        };
        if out.parent().is_none() {
            return refuse("it is the file-system root");
        }
        if out == root {
            return refuse("it is the site folder; building would delete the sources");
        }
        if root.starts_with(&out) {
            return refuse("it contains the site folder; building would delete the sources");
        }
        if out.exists() {
            if !out.is_dir() {
                return refuse("it exists and is not a folder");
            }
            let empty = std::fs::read_dir(&out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty && !out.join(MARKER).is_file() {
                return refuse(&format!(
                    "it holds files noticeboard did not write (no {MARKER}); empty it or choose another folder"
                ));
            }
        }
        Ok(Target { out })
    }

    pub fn path(&self) -> &Path {
        &self.out
    }

    fn sibling(&self, suffix: &str) -> PathBuf {
        let name = self.out.file_name().unwrap_or_default().to_string_lossy();
        self.out.with_file_name(format!(".{name}.{suffix}"))
    }

    /// What the output folder was built from, if it says
    /// (in its marker file).
    pub fn previous(&self) -> Option<Manifest> {
        Manifest::parse(&std::fs::read_to_string(self.out.join(MARKER)).ok()?)
    }

    /// Whether the output holds the folder `folder` (relative,
    /// `/`-separated, as the plan names it).
    pub fn holds(&self, folder: &str) -> bool {
        self.out.join(folder).is_dir()
    }

    /// Opens a fresh staging folder beside the output, for files to be
    /// written into as they are rendered (so the whole site is never held
    /// in memory), with `manifest` in its marker file. Leftovers of an
    /// interrupted build are removed first.
    pub fn stage(&self, manifest: &str) -> Result<Staging, WriteError> {
        let (new, old) = (self.sibling("new"), self.sibling("old"));
        for leftover in [&new, &old] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover).map_err(|e| io(leftover, e))?;
            }
        }
        let staging = Staging {
            dir: new,
            old,
            out: self.out.clone(),
        };
        std::fs::create_dir_all(&staging.dir).map_err(|e| io(&staging.dir, e))?;
        staging.write(MARKER, manifest.as_bytes(), &mut HashSet::new())?;
        Ok(staging)
    }
}

/// Where rendered files go: output path (relative, `/`-separated) and
/// bytes, from any thread.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<(), WriteError> + Sync + 'a;

/// Rendered files waiting for the writer; enough to keep it busy.
const QUEUE: usize = 64;

/// The folder a build writes into. Dropped without [`Staging::publish`]
/// (a failed build), it is removed and the previous output stays.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    old: PathBuf,
    out: PathBuf,
}

impl Staging {
    /// Runs `produce` with a sink for files, which one writer thread puts
    /// into the staging folder while `produce` renders on others: ext4
    /// creates files in one tree no faster from several threads (they spend
    /// the time contending in the kernel), and the bounded queue keeps only
    /// a few rendered files in memory at once.
    pub fn writing<R>(&self, produce: impl FnOnce(&Sink) -> R) -> Result<R, WriteError> {
        let (queue, files) = mpsc::sync_channel::<(String, Vec<u8>)>(QUEUE);
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || {
                let mut folders = HashSet::new();
                files
                    .into_iter()
                    .try_for_each(|(path, bytes)| self.write(&path, &bytes, &mut folders))
            });
            let result = {
                let emit = move |path: &str, bytes: &[u8]| {
                    queue
                        .send((path.to_string(), bytes.to_vec()))
                        .map_err(|_| WriteError::Io("the file writer stopped".into()))
                };
                produce(&emit)
            };
            // The queue is closed now, so the writer finishes.
            match writer.join() {
                Ok(written) => written.map(|()| result),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }

    /// Writes one file (`path` relative, `/`-separated), creating its
    /// folders. `folders` remembers those already made: asking the kernel
    /// again costs two system calls per file.
    fn write(
        &self,
        path: &str,
        bytes: &[u8],
        folders: &mut HashSet<PathBuf>,
    ) -> Result<(), WriteError> {
        let file = self.dir.join(path);
        if let Some(parent) = file.parent()
            && !folders.contains(parent)
        {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            folders.insert(parent.to_path_buf());
        }
        std::fs::write(&file, bytes).map_err(|e| io(&file, e))
    }

    /// Moves what was staged into the existing output, which keeps
    /// everything else: each folder in `replaced` (relative, as the plan
    /// names it) and each file replaces its counterpart, and the folders in
    /// `gone` are removed. The marker, which says what the output was built
    /// from, is replaced last, so an interrupted publish is repaired by the
    /// next build.
    ///
    /// Unlike [`Staging::publish`] this is not one swap: a web server may
    /// serve a moment of new pages beside old ones, but never half a file,
    /// and a changed campaign's folder is missing only between two renames.
    pub fn publish_into(
        self,
        replaced: &BTreeSet<String>,
        gone: &BTreeSet<String>,
    ) -> Result<(), WriteError> {
        if !self.out.is_dir() {
            return self.publish();
        }
        std::fs::create_dir_all(&self.old).map_err(|e| io(&self.old, e))?;
        let mut trash = Trash {
            dir: &self.old,
            count: 0,
        };
        self.merge(Path::new(""), replaced, &mut trash)?;
        for folder in gone {
            let live = self.out.join(folder.trim_end_matches('/'));
            if live.exists() {
                trash.take(&live)?;
            }
        }
        let marker = self.out.join(MARKER);
        std::fs::rename(self.dir.join(MARKER), &marker).map_err(|e| io(&marker, e))?;
        remove_tree(&self.old).map_err(|e| io(&self.old, e))?;
        std::fs::remove_dir_all(&self.dir).map_err(|e| io(&self.dir, e))
    }

    /// Moves the staged entries under `rel` into the output: files and the
    /// folders in `replaced` replace what is there; other folders are
    /// merged entry by entry.
    fn merge(
        &self,
        rel: &Path,
        replaced: &BTreeSet<String>,
        trash: &mut Trash,
    ) -> Result<(), WriteError> {
        let staged_dir = self.dir.join(rel);
        let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(&staged_dir)
            .and_then(|d| d.collect())
            .map_err(|e| io(&staged_dir, e))?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let rel = rel.join(entry.file_name());
            if rel == Path::new(MARKER) {
                continue;
            }
            let (staged, live) = (entry.path(), self.out.join(&rel));
            let is_dir = entry.file_type().map_err(|e| io(&staged, e))?.is_dir();
            let unit = replaced.contains(&format!("{}/", rel.to_string_lossy()));
            if is_dir && !unit && live.is_dir() {
                self.merge(&rel, replaced, trash)?;
                continue;
            }
            if is_dir && live.exists() {
                // A folder cannot be renamed over a folder that has files.
                trash.take(&live)?;
            }
            std::fs::rename(&staged, &live).map_err(|e| io(&live, e))?;
        }
        Ok(())
    }

    /// Swaps the finished folder in for the output.
    pub fn publish(self) -> Result<(), WriteError> {
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &self.old).map_err(|e| io(&self.out, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&self.old, &self.out);
            }
            return Err(io(&self.out, e));
        }
        if had_old {
            remove_tree(&self.old).map_err(|e| io(&self.old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a successful publish the folder has been renamed away.
        if self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Where replaced parts of the output go until they are deleted, each under
/// a new name.
struct Trash<'a> {
    dir: &'a Path,
    count: usize,
}

impl Trash<'_> {
    fn take(&mut self, path: &Path) -> Result<(), WriteError> {
        self.count += 1;
        let to = self.dir.join(self.count.to_string());
        std::fs::rename(path, &to).map_err(|e| io(path, e))
    }
}

/// Removes a folder and everything in it, sub-folders in parallel: deleting
/// a big site waits on the disk more than on the processor, so deletions
/// in flight at once finish sooner than one after another.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// An absolute path with `.` and `..` resolved and symlinks followed as far
/// as the path exists, so comparisons with the site folder are honest.
fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    let mut existing = PathBuf::new();
    let mut rest = Vec::new();
    for component in std::path::absolute(path)
        .map_err(|e| io(path, e))?
        .components()
    {
        match component {
            Component::ParentDir => {
                if rest.pop().is_none() {
                    existing.pop();
                }
            }
            Component::CurDir => {}
            other => rest.push(other.as_os_str().to_owned()),
        }
        if rest.len() == 1 {
            let candidate = existing.join(&rest[0]);
            if candidate.exists() {
                existing = candidate.canonicalize().map_err(|e| io(&candidate, e))?;
                rest.clear();
            }
        }
    }
    Ok(rest.iter().fold(existing, |p, c| p.join(c)))
}

fn io(path: &Path, e: std::io::Error) -> WriteError {
    WriteError::Io(format!("{}: {e}", path.display()))
}
