//! Write: put the rendered files in place, all or nothing.
//!
//! Files go into a fresh folder beside the output as they are rendered and
//! the folder is swapped in only when every one was written, so a failed build leaves the previous site
//! as it was and a web server never serves half a site. Nothing outside the
//! output folder and its siblings (`.NAME.new`, `.NAME.old`, `.NAME.lock`)
//! is written or removed, and an output folder that could hold the sources,
//! or that holds files noticeboard did not write, is refused.
//!
//! One build at a time writes into an output folder: each holds the lock
//! file `.NAME.lock` while it stages and publishes. The lock file is never
//! deleted, so two builds can never hold locks on two different files of
//! that name.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;

use rayon::prelude::*;

use crate::fingerprint::Manifest;

/// Marks a folder as noticeboard output, so a later build may replace it.
/// Every folder a build makes beside the output holds one too, written
/// first and deleted last, so what an interrupted build leaves is
/// recognisably its own.
pub const MARKER: &str = ".noticeboard-output";

/// What a failed build that did not change the output says of it.
pub const UNTOUCHED: &str = "was left as it was";

/// Why an output folder is not used, or publishing failed, and what that
/// left in the output.
#[derive(Debug)]
pub enum WriteError {
    /// The output folder was refused; nothing was written.
    Refused(String),
    /// Writing failed before the output was changed, or every change was
    /// undone: the output is as it was.
    Io(String),
    /// Publishing failed midway and could not be undone. The output's
    /// marker no longer vouches for the campaigns being replaced, so the
    /// next build renders them again and completes the output.
    Partial(String),
    /// The new output is in place, but what it replaced could not be
    /// deleted from beside it; the next build deletes it.
    Leftover(String),
}

impl WriteError {
    /// What happened to the output, for the line that ends a failed build's
    /// report.
    pub fn outcome(&self) -> &'static str {
        match self {
            WriteError::Refused(_) | WriteError::Io(_) => UNTOUCHED,
            WriteError::Partial(_) => {
                "was partly updated (some pages new, some old); the next build completes it"
            }
            WriteError::Leftover(_) => {
                "holds the new build, but the folder it replaced is still beside it; the next build deletes it"
            }
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Refused(why)
            | WriteError::Io(why)
            | WriteError::Partial(why)
            | WriteError::Leftover(why) => f.write_str(why),
        }
    }
}

/// A checked output folder, locked for this build.
#[derive(Debug)]
pub struct Target {
    out: PathBuf,
    lock: File,
}

impl Target {
    /// Checks `out` (already absolute) against the site folder `root`, then
    /// takes its lock, waiting (and saying so on stderr) while another
    /// build into the same folder holds it.
    pub fn new(root: &Path, out: &Path) -> Result<Target, WriteError> {
        let root = root
            .canonicalize()
            .map_err(|e| WriteError::Io(format!("cannot resolve {}: {e}", root.display())))?;
        let out = resolve(out)?;
        if let Some(why) = refusal(&root, &out)? {
            return Err(WriteError::Refused(format!(
                "refusing --out {}: {why}",
                shown(&out)
            )));
        }
        let lock = lock(&out)?;
        Ok(Target { out, lock })
    }

    pub fn path(&self) -> &Path {
        &self.out
    }

    /// What the output folder was built from, if it says
    /// (in its marker file).
    pub fn previous(&self) -> Option<Manifest> {
        Manifest::parse(&std::fs::read_to_string(self.out.join(MARKER)).ok()?)
    }

    /// Whether the output holds the folder `folder` (relative,
    /// `/`-separated, as the plan names it).
    pub fn holds(&self, folder: &str) -> bool {
        under(&self.out, folder).is_dir()
    }

    /// Opens a fresh staging folder beside the output, for files to be
    /// written into as they are rendered (so the whole site is never held
    /// in memory), with `manifest` in its marker file. What an interrupted
    /// build left beside the output is removed first, if it holds the
    /// marker; anything else there is refused. The staging folder keeps the
    /// lock until it is published or dropped.
    pub fn stage(self, manifest: &str) -> Result<Staging, WriteError> {
        let (new, old) = (sibling(&self.out, "new"), sibling(&self.out, "old"));
        for leftover in [&new, &old] {
            remove_leftover(leftover)?;
        }
        let staging = Staging {
            dir: new,
            old,
            out: self.out,
            _lock: self.lock,
        };
        std::fs::create_dir_all(&staging.dir).map_err(|e| io(&staging.dir, e))?;
        staging.write(MARKER, manifest.as_bytes(), &mut HashSet::new())?;
        Ok(staging)
    }
}

/// Why `out` must not be the output of the site at `root`, if it must not.
fn refusal(root: &Path, out: &Path) -> Result<Option<String>, WriteError> {
    if out.parent().is_none() {
        return Ok(Some("it is the file-system root".into()));
    }
    if out == root {
        return Ok(Some(
            "it is the site folder; building would delete the sources".into(),
        ));
    }
    if root.starts_with(out) {
        return Ok(Some(
            "it contains the site folder; building would delete the sources".into(),
        ));
    }
    for sources in ["content", "themes", "locales"] {
        let folder = root.join(sources);
        if out.starts_with(&folder) || out.starts_with(resolve(&folder)?) {
            return Ok(Some(format!(
                "it is inside the site's {sources}/ folder, which the build reads; \
                 choose a folder outside content/, themes/ and locales/ \
                 (the default is public/ in the site folder)"
            )));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return Ok(Some("it exists and is not a folder".into()));
        }
        if !out.join(MARKER).is_file() && !is_empty(out) {
            return Ok(Some(format!(
                "it holds files noticeboard did not write (no {MARKER}); empty it or choose another folder"
            )));
        }
    }
    Ok(None)
}

/// `.NAME.suffix` beside the output folder `NAME`.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Takes the exclusive lock of the output `out` (on `.NAME.lock` beside
/// it, which outlives swaps of the output), waiting while another build
/// holds it. The system releases it when the process ends, even when it is
/// killed.
fn lock(out: &Path) -> Result<File, WriteError> {
    let path = sibling(out, "lock");
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("waiting for another build into {} to finish", shown(out));
            file.lock().map_err(|e| io(&path, e))?;
            Ok(file)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(io(&path, e)),
    }
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

/// Removes `path` beside the output, left by an interrupted build, if it
/// is a folder noticeboard made: one holding the marker, or an empty one
/// (a build killed before writing the marker into it). Anything else is
/// someone's, and refused.
fn remove_leftover(path: &Path) -> Result<(), WriteError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.is_dir() || !(path.join(MARKER).is_file() || is_empty(path)) {
        return Err(WriteError::Refused(format!(
            "refusing to delete {}: noticeboard did not make it (it holds no {MARKER}); \
             move it away or delete it yourself, then build again",
            shown(path)
        )));
    }
    remove_tree(path).map_err(|e| io(path, e))
}

/// Where rendered files go, from any thread: each at its output path
/// (relative, `/`-separated). Any `Fn(&str, &[u8])` closure is one.
pub trait Sink: Sync {
    /// Puts `bytes` at `path`.
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError>;

    /// Puts a copy of the file `from` at `path`. This one reads it and
    /// hands its bytes to [`Sink::file`]; the staging folder's copies it
    /// in the kernel instead, never holding it in memory.
    fn copy(&self, path: &str, from: &Path) -> Result<(), WriteError> {
        let bytes = std::fs::read(from).map_err(|e| unreadable(from, e))?;
        self.file(path, &bytes)
    }

    /// Rendering starts, with `parts` parts (a campaign in one language
    /// each): for a progress report, ignored here.
    fn rendering(&self, _parts: usize) {}

    /// One more part is rendered, its files all handed over.
    fn rendered(&self) {}
}

impl<F: Fn(&str, &[u8]) -> Result<(), WriteError> + Sync> Sink for F {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self(path, bytes)
    }
}

/// What a build could not read, to copy it.
fn unreadable(path: &Path, e: std::io::Error) -> WriteError {
    WriteError::Io(format!("cannot read {}: {e}", path.display()))
}

/// What the writer thread is handed: a rendered file, or a file to copy.
enum Job {
    Bytes(String, Vec<u8>),
    Copy(String, PathBuf),
}

/// The staging folder's sink: it queues every file for the writer thread.
struct Queue(mpsc::SyncSender<Job>);

impl Queue {
    fn send(&self, job: Job) -> Result<(), WriteError> {
        (self.0)
            .send(job)
            .map_err(|_| WriteError::Io("the file writer stopped".into()))
    }
}

impl Sink for Queue {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.send(Job::Bytes(path.to_string(), bytes.to_vec()))
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), WriteError> {
        self.send(Job::Copy(path.to_string(), from.to_path_buf()))
    }
}

/// Rendered files waiting for the writer; enough to keep it busy.
const QUEUE: usize = 64;

/// The folder a build writes into. Dropped without [`Staging::publish`]
/// (a failed build), it is removed and the previous output stays.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    old: PathBuf,
    out: PathBuf,
    /// The output's lock, released after the staging folder is removed.
    _lock: File,
}

impl Staging {
    /// Runs `produce` with a sink for files, which one writer thread puts
    /// into the staging folder while `produce` renders on others: ext4
    /// creates files in one tree no faster from several threads (they spend
    /// the time contending in the kernel), and the bounded queue keeps only
    /// a few rendered files in memory at once.
    ///
    /// Files to copy ([`Sink::copy`]) are copied by the same thread, in the
    /// kernel (`copy_file_range` on Linux): their bytes never pass through
    /// this process.
    pub fn writing<R>(&self, produce: impl FnOnce(&dyn Sink) -> R) -> Result<R, WriteError> {
        let (queue, files) = mpsc::sync_channel::<Job>(QUEUE);
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || {
                let mut folders = HashSet::new();
                files.into_iter().enumerate().try_for_each(|(n, job)| {
                    match job {
                        Job::Bytes(path, bytes) => self.write(&path, &bytes, &mut folders)?,
                        Job::Copy(path, from) => self.copy(&path, &from, &mut folders)?,
                    }
                    if n == 0 {
                        pause_at("writing");
                    }
                    Ok(())
                })
            });
            let result = produce(&Queue(queue));
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
        let file = self.place(path, folders)?;
        std::fs::write(&file, bytes).map_err(|e| io(&file, e))
    }

    /// Copies the file `from` to `path` as [`Staging::write`] would write
    /// its bytes (a new file, with the same permissions), without reading
    /// it into memory.
    fn copy(
        &self,
        path: &str,
        from: &Path,
        folders: &mut HashSet<PathBuf>,
    ) -> Result<(), WriteError> {
        let mut source = File::open(from).map_err(|e| unreadable(from, e))?;
        let file = self.place(path, folders)?;
        let mut copy = File::create(&file).map_err(|e| io(&file, e))?;
        std::io::copy(&mut source, &mut copy).map_err(|e| {
            WriteError::Io(format!(
                "cannot copy {} to {}: {e}",
                from.display(),
                shown(&file)
            ))
        })?;
        Ok(())
    }

    /// Where the file `path` goes in the staging folder, its folders made.
    fn place(&self, path: &str, folders: &mut HashSet<PathBuf>) -> Result<PathBuf, WriteError> {
        let file = under(&self.dir, path);
        if let Some(parent) = file.parent()
            && !folders.contains(parent)
        {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            folders.insert(parent.to_path_buf());
        }
        Ok(file)
    }

    /// Moves what was staged into the existing output, which keeps
    /// everything else: each folder in `replaced` (relative, as the plan
    /// names it) and each file replaces its counterpart, and the folders in
    /// `gone` are removed.
    ///
    /// First the output's marker is replaced by `interim`, which vouches
    /// only for the campaigns kept, so a build killed midway leaves a
    /// marker that makes the next build render everything this one was
    /// replacing, and complete the output. Each part is then swapped in (an
    /// atomic exchange on Linux) and noted; when one fails, the parts
    /// already swapped are swapped back and the marker restored. The new
    /// marker goes in last.
    ///
    /// Unlike [`Staging::publish`] this is not one swap: a web server may
    /// serve a moment of new pages beside old ones, but never half a file
    /// nor a missing folder.
    pub fn publish_into(
        self,
        replaced: &BTreeSet<String>,
        gone: &BTreeSet<String>,
        interim: &str,
    ) -> Result<(), WriteError> {
        pause_at("staged");
        if !self.out.is_dir() {
            return self.replace();
        }
        let marker = self.out.join(MARKER);
        let before = std::fs::read(&marker).map_err(|e| io(&marker, e))?;
        let mut trash = Trash::open(&self.old)?;
        if let Err(e) = self.move_in(replaced, gone, interim, &mut trash) {
            let e = trash.undo(&marker, &before, e);
            let _ = remove_tree(&self.old);
            return Err(e);
        }
        remove_tree(&self.old).map_err(|e| leftover(&self.old, e))?;
        remove_tree(&self.dir).map_err(|e| leftover(&self.dir, e))
    }

    /// The steps of [`Staging::publish_into`] that change the output, each
    /// noted in `trash`.
    fn move_in(
        &self,
        replaced: &BTreeSet<String>,
        gone: &BTreeSet<String>,
        interim: &str,
        trash: &mut Trash,
    ) -> Result<(), WriteError> {
        let marker = self.out.join(MARKER);
        trash.mark(&marker, interim.as_bytes())?;
        self.merge(Path::new(""), replaced, trash)?;
        for folder in gone {
            let live = under(&self.out, folder);
            if live.exists() {
                trash.remove(&live)?;
            }
        }
        // Copied, not moved: the staging folder keeps its own marker until
        // it is deleted.
        let staged = self.dir.join(MARKER);
        let manifest = std::fs::read(&staged).map_err(|e| io(&staged, e))?;
        trash.mark(&marker, &manifest)
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
            let folder = format!("{}/", crate::diagnostic::display_path(&self.dir, &staged));
            let unit = replaced.contains(&folder);
            if is_dir && !unit && live.is_dir() {
                self.merge(&rel, replaced, trash)?;
                continue;
            }
            trash.put(&staged, &live)?;
            if unit {
                pause_at("merging");
            }
        }
        Ok(())
    }

    /// Swaps the finished folder in for the output.
    pub fn publish(self) -> Result<(), WriteError> {
        pause_at("staged");
        self.replace()
    }

    /// Puts the staging folder in the output's place, in one atomic
    /// exchange on Linux, then deletes the previous output.
    fn replace(self) -> Result<(), WriteError> {
        if std::fs::symlink_metadata(&self.out).is_err() {
            return std::fs::rename(&self.dir, &self.out).map_err(|e| io(&self.out, e));
        }
        swap(&self.dir, &self.out, &self.old).map_err(|e| io(&self.out, e))?;
        pause_at("swapped");
        remove_tree(&self.old).map_err(|e| leftover(&self.old, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a successful publish the folder has been renamed away.
        if self.dir.exists() {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Puts `staged` at `live` and what was at `live` at `aside`, or changes
/// nothing and fails. On Linux `live` is exchanged for `staged` in one
/// atomic step, so it is never missing, even if the process is killed;
/// elsewhere (or on a file system that cannot exchange) it is missing
/// between two renames.
fn swap(staged: &Path, live: &Path, aside: &Path) -> std::io::Result<()> {
    if exchange(staged, live)? {
        return std::fs::rename(staged, aside).inspect_err(|_| {
            let _ = exchange(staged, live);
        });
    }
    std::fs::rename(live, aside)?;
    std::fs::rename(staged, live).inspect_err(|_| {
        let _ = std::fs::rename(aside, live);
    })
}

/// Exchanges `a` and `b` atomically (`renameat2` with `RENAME_EXCHANGE`);
/// false if this file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Where [`Staging::publish_into`] puts the parts of the output it
/// replaces or removes (`.NAME.old`, each under a new name), with a note
/// of every change, so that the changes can be undone.
struct Trash<'a> {
    dir: &'a Path,
    changes: Vec<Change>,
}

/// One change to the output, as [`Trash`] notes it.
enum Change {
    Added {
        staged: PathBuf,
        live: PathBuf,
    },
    Replaced {
        staged: PathBuf,
        live: PathBuf,
        aside: PathBuf,
    },
    Removed {
        live: PathBuf,
        aside: PathBuf,
    },
}

impl<'a> Trash<'a> {
    /// Makes the trash folder, marked as noticeboard's.
    fn open(dir: &'a Path) -> Result<Trash<'a>, WriteError> {
        std::fs::create_dir(dir).map_err(|e| io(dir, e))?;
        let marker = dir.join(MARKER);
        std::fs::write(&marker, "").map_err(|e| io(&marker, e))?;
        Ok(Trash {
            dir,
            changes: Vec::new(),
        })
    }

    fn aside(&self) -> PathBuf {
        self.dir.join(self.changes.len().to_string())
    }

    /// Puts `staged` at `live`, keeping what was there.
    fn put(&mut self, staged: &Path, live: &Path) -> Result<(), WriteError> {
        let (staged, live) = (staged.to_path_buf(), live.to_path_buf());
        if std::fs::symlink_metadata(&live).is_err() {
            std::fs::rename(&staged, &live).map_err(|e| io(&live, e))?;
            self.changes.push(Change::Added { staged, live });
            return Ok(());
        }
        let aside = self.aside();
        swap(&staged, &live, &aside).map_err(|e| io(&live, e))?;
        self.changes.push(Change::Replaced {
            staged,
            live,
            aside,
        });
        Ok(())
    }

    /// Takes `live` out of the output, keeping it.
    fn remove(&mut self, live: &Path) -> Result<(), WriteError> {
        let aside = self.aside();
        std::fs::rename(live, &aside).map_err(|e| io(live, e))?;
        let live = live.to_path_buf();
        self.changes.push(Change::Removed { live, aside });
        Ok(())
    }

    /// Replaces the file `live` with one holding `bytes`, in one rename.
    fn mark(&self, live: &Path, bytes: &[u8]) -> Result<(), WriteError> {
        let fresh = self.dir.join("marker");
        std::fs::write(&fresh, bytes).map_err(|e| io(&fresh, e))?;
        std::fs::rename(&fresh, live).map_err(|e| io(live, e))
    }

    /// Undoes every change, newest first, and puts the marker `before`
    /// back, after publishing failed with `failure`. Says whether the
    /// output is as it was.
    fn undo(self, marker: &Path, before: &[u8], failure: WriteError) -> WriteError {
        let undone = self
            .changes
            .iter()
            .rev()
            .try_for_each(|change| match change {
                Change::Added { staged, live } => std::fs::rename(live, staged),
                Change::Replaced {
                    staged,
                    live,
                    aside,
                } => swap(aside, live, staged),
                Change::Removed { live, aside } => std::fs::rename(aside, live),
            });
        match undone
            .map_err(|e| io(marker, e))
            .and_then(|()| self.mark(marker, before))
        {
            Ok(()) => failure,
            Err(e) => WriteError::Partial(format!("{failure}; undoing the changes failed: {e}")),
        }
    }
}

/// Removes a folder noticeboard made and everything in it. Its marker goes
/// last, so a removal cut short leaves a folder the next build recognises
/// as its own and finishes removing.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    (entries.par_iter())
        .filter(|e| e.file_name() != MARKER)
        .try_for_each(remove_entry)?;
    pause_at("removing");
    match std::fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

/// Removes a file, or a folder and everything in it, sub-folders in
/// parallel: deleting a big site waits on the disk more than on the
/// processor, so deletions in flight at once finish sooner than one after
/// another.
fn remove_entry(entry: &std::fs::DirEntry) -> std::io::Result<()> {
    if !entry.file_type()?.is_dir() {
        return std::fs::remove_file(entry.path());
    }
    let entries: Vec<std::fs::DirEntry> =
        std::fs::read_dir(entry.path())?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(remove_entry)?;
    std::fs::remove_dir(entry.path())
}

/// A hook for the tests (`tests/publish.rs`), which kill a build at exact
/// points: with `NOTICEBOARD_PAUSE_AT=<point>` in its environment, a build
/// that gets to `point` says `paused at <point>` on stderr and waits until
/// its standard input is closed. The points: `writing` (the first file is
/// staged), `staged` (every file is), `merging` (a campaign folder has been
/// moved into the output), `swapped` (the new output is in place, the old
/// one beside it) and `removing` (all of a folder but its marker is
/// deleted).
fn pause_at(point: &str) {
    if std::env::var_os("NOTICEBOARD_PAUSE_AT").is_some_and(|p| p == point) {
        eprintln!("paused at {point}");
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
    }
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

/// Replaces the file at `path` with `bytes` at once: written beside it
/// under a name of this process's own, then renamed over it, so a reader,
/// or a second build racing this one, sees the old file or the new one,
/// never a mix.
pub fn atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io(path, e)
    })
}

/// `path` as staff would write it: without the `\\?\` in front that
/// resolving a path gives on Windows (`\\?\C:\site\public` is shown
/// `C:\site\public`, and `\\?\UNC\server\share` is `\\server\share`).
fn shown(path: &Path) -> String {
    let text = path.to_string_lossy();
    match text.strip_prefix(r"\\?\") {
        Some(rest) => match rest.strip_prefix(r"UNC\") {
            Some(share) => format!(r"\\{share}"),
            None => rest.to_string(),
        },
        None => text.into_owned(),
    }
}

/// The file or folder at `rel` (relative, `/`-separated, as the plan names
/// it) under `base`, joined part by part: on Windows `base` may be a
/// `\\?\` path (what resolving it gives), in which `/` is not a separator.
fn under(base: &Path, rel: &str) -> PathBuf {
    let mut path = base.to_path_buf();
    path.extend(rel.split('/').filter(|part| !part.is_empty()));
    path
}

fn io(path: &Path, e: std::io::Error) -> WriteError {
    WriteError::Io(format!("{}: {e}", shown(path)))
}

fn leftover(path: &Path, e: std::io::Error) -> WriteError {
    WriteError::Leftover(format!("cannot delete {}: {e}", shown(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolved_windows_paths_are_shown_as_written() {
        assert_eq!(shown(Path::new(r"\\?\C:\site\public")), r"C:\site\public");
        assert_eq!(
            shown(Path::new(r"\\?\UNC\server\share\public")),
            r"\\server\share\public"
        );
        assert_eq!(shown(Path::new("/srv/site/public")), "/srv/site/public");
    }

    #[test]
    fn output_paths_are_joined_part_by_part() {
        let base = Path::new("out");
        let expected: PathBuf = ["out", "en", "photos", "index.html"].iter().collect();
        assert_eq!(under(base, "en/photos/index.html"), expected);
        let folder: PathBuf = ["out", "files", "photos"].iter().collect();
        assert_eq!(under(base, "files/photos/"), folder);
        assert_eq!(
            under(base, "en/photos/").components().count(),
            3,
            "no empty part"
        );
    }
}
