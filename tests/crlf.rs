//! Files saved with Windows line ends (CR LF), as Notepad and Git on Windows
//! (`core.autocrlf`) save them, are read as if saved with LF: the same
//! diagnostics at the same line and column, the same pages and feeds, and
//! no CR in any page.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The extensions converted: the sources staff write (YAML, Markdown, CSV
/// sheets), the theme's templates and the interface strings (Fluent reads
/// CR LF itself). Not the stylesheet, which is published as it is.
const TEXT: &[&str] = &["yaml", "md", "csv", "html", "ftl"];

/// Rewrites every text file under `dir` with CR LF line ends, byte by
/// byte (so a file that is not UTF-8 stays so). Returns how many changed.
fn to_crlf(dir: &Path) -> usize {
    let mut changed = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let is_text = (entry.path().extension())
            .is_some_and(|e| TEXT.iter().any(|t| e.eq_ignore_ascii_case(t)));
        if !entry.file_type().is_file() || !is_text {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let mut crlf = Vec::with_capacity(bytes.len() + bytes.len() / 20);
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' && (i == 0 || bytes[i - 1] != b'\r') {
                crlf.push(b'\r');
            }
            crlf.push(b);
        }
        if crlf != bytes {
            std::fs::write(entry.path(), crlf).unwrap();
            changed += 1;
        }
    }
    changed
}

/// `check`'s diagnostics on the site at `root`, one line each, sorted.
fn diagnostics(root: &Path) -> Vec<String> {
    let (_, diagnostics) = noticeboard::check(root);
    diagnostics.into_sorted().iter().map(line).collect()
}

/// What `noticeboard check` prints on stderr, uncoloured.
fn check(root: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .output()
        .unwrap();
    String::from_utf8(output.stderr).unwrap()
}

/// A copy of the example site, and a copy converted to CR LF.
fn example_pair(tmp: &Path) -> (PathBuf, PathBuf) {
    let (lf, crlf) = (tmp.join("lf"), tmp.join("crlf"));
    copy_example_site(&lf);
    copy_example_site(&crlf);
    let converted = to_crlf(&crlf);
    assert!(converted >= 20, "only {converted} files converted");
    (lf, crlf)
}

#[test]
fn example_site_checks_and_builds_the_same_with_crlf() {
    let tmp = tempfile::tempdir().unwrap();
    let (lf, crlf) = example_pair(tmp.path());

    assert_eq!(diagnostics(&crlf), diagnostics(&lf));
    assert_eq!(check(&crlf), check(&lf), "check prints otherwise for CR LF");

    // The same instant for both builds: new events are stamped with it.
    let build = |root: &Path| {
        let out = root.join("public");
        let output = Command::new(env!("CARGO_BIN_EXE_noticeboard"))
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .arg("--root")
            .arg(root)
            .arg("build")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "build of {} failed:\n{}",
            root.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        read_tree(&out)
    };
    let (mut from_lf, mut from_crlf) = (build(&lf), build(&crlf));
    assert!(from_lf.len() > 100, "only {} files built", from_lf.len());

    let marker = noticeboard::write::MARKER;
    let (lf_marker, crlf_marker) = (
        String::from_utf8(from_lf.remove(marker).unwrap()).unwrap(),
        String::from_utf8(from_crlf.remove(marker).unwrap()).unwrap(),
    );
    assert_eq!(
        from_crlf.keys().collect::<Vec<_>>(),
        from_lf.keys().collect::<Vec<_>>(),
        "the CR LF site builds other files"
    );
    for (file, bytes) in &from_lf {
        assert!(
            from_crlf[file] == *bytes,
            "{file} differs between the LF and the CR LF build"
        );
    }
    // Calendars end lines with CR LF by their standard, and the schedule's
    // CSV export as Excel does; pages and feeds have no CR.
    for (file, bytes) in &from_crlf {
        if file.ends_with(".html") || file.ends_with(".xml") {
            assert!(!bytes.contains(&b'\r'), "{file} holds a CR");
        }
    }
    // The marker's first fingerprint covers noticeboard.yaml and the
    // theme's files byte for byte, line ends included, so it differs; the
    // campaigns' fingerprints are of their text as read, and do not.
    let lines = |m: &str| -> Vec<String> {
        m.lines()
            .filter(|l| !l.starts_with("shared "))
            .map(str::to_owned)
            .collect()
    };
    assert_ne!(lf_marker, crlf_marker);
    assert_eq!(lines(&crlf_marker), lines(&lf_marker));

    assert_eq!(
        std::fs::read(crlf.join("noticeboard.lock")).unwrap(),
        std::fs::read(lf.join("noticeboard.lock")).unwrap(),
        "the publication records differ"
    );

    // Git on Windows checks the publication record out with CR LF too.
    let lock = crlf.join("noticeboard.lock");
    let record = std::fs::read_to_string(&lock).unwrap();
    std::fs::write(&lock, record.replace('\n', "\r\n")).unwrap();
    let locked = Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .arg("--root")
        .arg(&crlf)
        .args(["build", "--locked"])
        .output()
        .unwrap();
    assert!(
        locked.status.success(),
        "build --locked refuses a CR LF record:\n{}",
        String::from_utf8_lossy(&locked.stderr)
    );
}

/// Every broken site of `tests/sites_invalid`, saved with CR LF: exactly
/// the diagnostics its `expected.txt` lists, at the same lines and columns.
#[test]
fn broken_sites_report_the_same_places_with_crlf() {
    let cases = repo().join("tests/sites_invalid");
    let mut names: Vec<String> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() > 50);
    let mut converted = 0;
    for name in names {
        let root = with_theme(&cases.join(&name));
        converted += to_crlf(&root);
        let expected = std::fs::read_to_string(cases.join(&name).join("expected.txt")).unwrap();
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            diagnostics(&root),
            expected,
            "case `{name}` saved with CR LF"
        );
    }
    assert!(converted > 100);
}

/// The report quotes the line of a mistake in a CR LF file with its caret
/// under the same character as in the LF file, and no CR.
#[test]
fn snippets_of_a_crlf_file_are_those_of_the_lf_file() {
    let case = repo().join("tests/sites_invalid/many-errors");
    let (lf, crlf) = (with_theme(&case), with_theme(&case));
    assert!(to_crlf(&crlf.join("content")) > 5);
    let (from_lf, from_crlf) = (check(&lf), check(&crlf));
    assert!(from_lf.contains("campaign.yaml:35:11"), "{from_lf}");
    assert!(!from_crlf.contains('\r'));
    assert_eq!(from_crlf, from_lf);
}
