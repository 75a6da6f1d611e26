//! Write: put the rendered files in place, all or nothing.
//!
//! Files go into a fresh folder beside the output as they are rendered and
//! the folder is swapped in only when every one was written, so a failed build leaves the previous site
//! as it was and a web server never serves half a site. Nothing outside the
//! output folder and its two siblings (`.NAME.new`, `.NAME.old`) is written
//! or removed, and an output folder that could hold the sources, or that
//! holds files noticeboard did not write, is refused.

use std::collections::HashSet;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;

use rayon::prelude::*;

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

    /// Opens a fresh staging folder beside the output, for files to be
    /// written into as they are rendered (so the whole site is never held
    /// in memory). Leftovers of an interrupted build are removed first.
    pub fn stage(&self) -> Result<Staging, WriteError> {
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
        staging.write(MARKER, b"", &mut HashSet::new())?;
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
