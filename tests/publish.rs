//! How a build publishes into its output folder when it is raced, killed or
//! fails midway: one build at a time per folder, the output never missing,
//! nothing deleted that noticeboard did not make, and the next build
//! always yielding what a fresh build gives.
//!
//! Builds are stopped at exact points with the `NOTICEBOARD_PAUSE_AT` test
//! hook (see `pause_at` in src/write.rs), then killed with SIGKILL.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use common::*;

const HITSZ: &str = "hitsz-2026-graduation-photos";
const MARKER: &str = ".noticeboard-output";
/// Longer than any build of the test sites takes on a busy machine.
const PATIENCE: Duration = Duration::from_secs(300);

/// A copy of the example site, with `copies` more campaigns copied from
/// HITSZ's under new ids, and its output folder `<tmp>/site/public`.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

impl Site {
    fn new(copies: usize) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_example_site(&root);
        let content = root.join("content");
        for n in 0..copies {
            let id = format!("copy-{n:03}");
            copy_site(&content.join(HITSZ), &content.join(&id));
            let yaml = content.join(&id).join("campaign.yaml");
            let text = std::fs::read_to_string(&yaml).unwrap();
            let text = text.replace(&format!("\nid: {HITSZ}\n"), &format!("\nid: {id}\n"));
            std::fs::write(&yaml, text).unwrap();
        }
        let out = root.join("public");
        Site {
            _tmp: tmp,
            root,
            out,
        }
    }

    fn built(copies: usize) -> Site {
        let site = Site::new(copies);
        build_ok(&site.root, &site.out);
        site
    }

    fn append(&self, file: &str, text: &str) {
        let path = self.root.join(file);
        let mut body = std::fs::read_to_string(&path).unwrap();
        body.push_str(text);
        std::fs::write(path, body).unwrap();
    }

    /// Starts `noticeboard build --out <out>`, pausing at `pause` if given;
    /// its stderr lines arrive on the returned channel.
    fn start(&self, pause: Option<&str>) -> Running {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_noticeboard"));
        cmd.arg("--root").arg(&self.root).arg("build").arg("--out");
        cmd.arg(&self.out);
        if let Some(point) = pause {
            cmd.env("NOTICEBOARD_PAUSE_AT", point);
        }
        let mut child = (cmd.stdin(Stdio::piped()))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run noticeboard");
        let (send, lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let _ = send.send(line.unwrap_or_default());
            }
        });
        Running {
            child,
            lines,
            said: String::new(),
        }
    }

    /// Asserts the output is what a fresh build of the same sources gives,
    /// marker included, and that nothing but the lock file is beside it.
    fn assert_same_as_fresh_build(&self) {
        let fresh = self.root.join("fresh");
        build_ok(&self.root, &fresh);
        let (now, expected) = (read_tree(&self.out), read_tree(&fresh));
        assert!(now.contains_key(MARKER), "the output has no marker");
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "the output has other files than a fresh build"
        );
        for (path, bytes) in &expected {
            assert!(now[path] == *bytes, "{path} differs from a fresh build");
        }
        std::fs::remove_dir_all(&fresh).unwrap();
        assert_eq!(beside(&self.out), vec![".public.lock".to_string()]);
    }
}

/// The names beginning `.public` in the output's folder.
fn beside(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    names.sort();
    names
}

/// A build in progress.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    said: String,
}

impl Running {
    /// Waits until the build says a line containing `text` on stderr.
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.said.contains(text) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.said += &format!("{line}\n"),
                Err(_) => panic!("the build never said {text:?}; it said:\n{}", self.said),
            }
        }
    }

    /// Whether the build has ended.
    fn ended(&mut self) -> bool {
        self.child.try_wait().unwrap().is_some()
    }

    /// Lets a paused build go on (closes its stdin).
    fn resume(&mut self) {
        drop(self.child.stdin.take());
    }

    /// Waits for the build to end; returns whether it succeeded and all it
    /// said on stderr.
    fn finish(mut self) -> (bool, String) {
        self.resume();
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "the build did not end");
            std::thread::sleep(Duration::from_millis(20));
        };
        // The reader thread ends with the process's stderr.
        self.said.extend(self.lines.iter().map(|l| l + "\n"));
        (status.success(), self.said)
    }

    /// Kills the build with SIGKILL.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// Checks, from another thread until dropped, that the output folder and
/// its marker exist, and counts the times they did not.
struct Watch {
    stop: Arc<AtomicBool>,
    missing: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watch {
    fn new(out: &Path) -> Watch {
        let stop = Arc::new(AtomicBool::new(false));
        let missing = Arc::new(AtomicUsize::new(0));
        let marker = out.join(MARKER);
        let (stopped, count) = (Arc::clone(&stop), Arc::clone(&missing));
        let thread = std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                if !marker.is_file() {
                    count.fetch_add(1, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_micros(200));
            }
        });
        Watch {
            stop,
            missing,
            thread: Some(thread),
        }
    }

    /// Stops watching and asserts the output never went missing.
    fn assert_never_missing(mut self, during: &str) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take().unwrap().join().unwrap();
        let missing = self.missing.load(Ordering::Relaxed);
        assert_eq!(missing, 0, "the output or its marker was missing {during}");
    }
}

#[test]
fn two_builds_at_once_into_one_folder_both_succeed_and_leave_a_complete_output() {
    let site = Site::new(30);
    let (first, second) = (site.start(None), site.start(None));
    let (first, second) = (first.finish(), second.finish());
    assert!(first.0, "the first build failed:\n{}", first.1);
    assert!(second.0, "the second build failed:\n{}", second.1);
    site.assert_same_as_fresh_build();
}

#[test]
fn a_second_build_waits_for_the_first_and_leaves_its_staging_alone() {
    let site = Site::new(0);
    let mut first = site.start(Some("staged"));
    first.wait_for("paused at staged");
    let staging = site.root.join(".public.new");
    let staged = read_tree(&staging);
    let mut second = site.start(None);
    second.wait_for("waiting for another build into");
    assert!(!second.ended(), "the second build did not wait");
    assert!(
        read_tree(&staging) == staged,
        "the first build's files changed"
    );
    let (first, second) = (first.finish(), second.finish());
    assert!(first.0, "the first build failed:\n{}", first.1);
    assert!(second.0, "the second build failed:\n{}", second.1);
    site.assert_same_as_fresh_build();
}

#[test]
fn folders_beside_the_output_that_noticeboard_did_not_make_are_refused() {
    let site = Site::built(0);
    for name in [".public.new", ".public.old"] {
        let theirs = site.root.join(name);
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("thesis.docx"), "mine").unwrap();
        let output = build(&site.root, Some(&site.out));
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name} was deleted");
        assert!(
            said.contains(&format!("refusing to delete {}", theirs.display())),
            "the refusal names {name}: {said}"
        );
        assert!(said.contains("was left as it was"), "{said}");
        let kept = std::fs::read_to_string(theirs.join("thesis.docx"));
        assert_eq!(kept.unwrap(), "mine");
        std::fs::remove_dir_all(&theirs).unwrap();
    }
    // What a killed build leaves (marked, or empty) is removed.
    std::fs::create_dir(site.root.join(".public.new")).unwrap();
    copy_site(&site.out, &site.root.join(".public.old"));
    build_ok(&site.root, &site.out);
    site.assert_same_as_fresh_build();
}

/// Makes a folder unwritable, even for root (who can still rename in a
/// folder without write permission, but not in an immutable one), until
/// dropped.
struct Frozen(PathBuf);

impl Frozen {
    fn new(dir: &Path) -> Frozen {
        use std::os::unix::fs::PermissionsExt;
        let frozen = Frozen(dir.to_path_buf());
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = dir.join("probe");
        if std::fs::write(&probe, "").is_ok() {
            std::fs::remove_file(&probe).unwrap();
            frozen.chattr("+i");
        }
        assert!(std::fs::write(&probe, "").is_err(), "cannot freeze {dir:?}");
        frozen
    }

    fn chattr(&self, flag: &str) {
        let status = Command::new("chattr").arg(flag).arg(&self.0).status();
        assert!(status.unwrap().success(), "chattr {flag} failed");
    }
}

impl Drop for Frozen {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn an_incremental_build_failing_midway_leaves_the_output_as_it_was() {
    let site = Site::built(0);
    let before = read_tree(&site.out);
    site.append(&format!("content/{HITSZ}/notice.en.md"), "\nBring a pen.\n");
    site.append(&format!("content/{HITSZ}/notice.zh-CN.md"), "\n带笔。\n");
    let frozen = Frozen::new(&site.out.join("zh-CN"));
    let output = build(&site.root, Some(&site.out));
    drop(frozen);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build did not fail");
    assert!(said.contains("zh-CN"), "the error names the folder: {said}");
    assert!(said.contains("was left as it was"), "{said}");
    assert!(read_tree(&site.out) == before, "the output changed");
    assert_eq!(beside(&site.out), vec![".public.lock".to_string()]);
    build_ok(&site.root, &site.out);
    site.assert_same_as_fresh_build();
}

/// Asserts that every folder a killed build left beside the output holds
/// the marker, so that the next build may delete it.
fn assert_recognisable(site: &Site) {
    for name in beside(&site.out) {
        let left = site.root.join(&name);
        if left.is_dir() {
            assert!(left.join(MARKER).is_file(), "{name} lost its marker");
        }
    }
}

/// Builds with a pause at `point`, kills the build there, then builds again
/// (after `between`), watching that the output never goes missing; the
/// output must then be what a fresh build gives.
fn kill_at(site: &Site, point: &str, between: impl FnOnce()) {
    let watch = Watch::new(&site.out);
    let mut build = site.start(Some(point));
    build.wait_for(&format!("paused at {point}"));
    build.kill();
    between();
    build_ok(&site.root, &site.out);
    watch.assert_never_missing(&format!("with a build killed at {point}"));
    site.assert_same_as_fresh_build();
}

#[test]
fn a_full_build_killed_at_any_point_is_repaired_by_the_next() {
    let site = Site::built(0);
    for point in ["writing", "staged", "swapped", "removing"] {
        // A change every page shares: everything is rendered and swapped.
        site.append("noticeboard.yaml", &format!("\n# killed at {point}\n"));
        kill_at(&site, point, || assert_recognisable(&site));
    }
}

#[test]
fn an_incremental_build_killed_at_any_point_is_repaired_by_the_next() {
    let site = Site::built(0);
    let notice = format!("content/{HITSZ}/notice.en.md");
    for point in ["staged", "merging", "removing"] {
        site.append(&notice, &format!("\nKilled at {point}.\n"));
        kill_at(&site, point, || assert_recognisable(&site));
    }
    // Killed with the edited campaign half moved in, then the edit undone:
    // the output must not keep the pages of the edit.
    let original = std::fs::read_to_string(site.root.join(&notice)).unwrap();
    site.append(&notice, "\nNever published.\n");
    kill_at(&site, "merging", || {
        std::fs::write(site.root.join(&notice), &original).unwrap()
    });
}
