//! Write: put the rendered files in place, all or nothing.
//!
//! Files go into a fresh folder beside the output and are swapped in only
//! when every one was written, so a failed build leaves the previous site
//! as it was and a web server never serves half a site. Nothing outside the
//! output folder and its two siblings (`.NAME.new`, `.NAME.old`) is written
//! or removed, and an output folder that could hold the sources, or that
//! holds files noticeboard did not write, is refused.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::render::Files;

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

    /// Writes `files` into a fresh sibling folder, then swaps it in.
    pub fn publish(&self, files: &Files) -> Result<(), WriteError> {
        let (new, old) = (self.sibling("new"), self.sibling("old"));
        for leftover in [&new, &old] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover).map_err(|e| io(leftover, e))?;
            }
        }
        if let Err(e) = write_all(&new, files) {
            let _ = std::fs::remove_dir_all(&new);
            return Err(e);
        }
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old).map_err(|e| io(&self.out, e))?;
        }
        if let Err(e) = std::fs::rename(&new, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(io(&self.out, e));
        }
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| io(&old, e))?;
        }
        Ok(())
    }
}

fn write_all(dir: &Path, files: &Files) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    std::fs::write(dir.join(MARKER), b"").map_err(|e| io(dir, e))?;
    for (path, bytes) in files {
        let file = dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&file, bytes).map_err(|e| io(&file, e))?;
    }
    Ok(())
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
