//! What the command line prints around the work: the progress bar and the
//! summary line of `build` on a terminal (and nothing of them elsewhere),
//! `--quiet`, and diagnostics as JSON lines (`--format json`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn noticeboard(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .expect("run noticeboard")
}

/// Runs noticeboard on a pseudo-terminal, with `script` from util-linux:
/// stdout and stderr both go to the terminal, whose output is returned
/// (with the terminal's CR LF line ends).
fn on_terminal(root: &Path, args: &str) -> String {
    let script = Path::new("/usr/bin/script");
    assert!(
        script.exists(),
        "script (util-linux, Debian's bsdutils) is missing"
    );
    let command = format!(
        "{} --root {} {args}",
        env!("CARGO_BIN_EXE_noticeboard"),
        root.display()
    );
    let output = Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env("TERM", "xterm")
        .output()
        .expect("run script");
    assert!(output.status.success(), "{command} failed");
    String::from_utf8(output.stdout).unwrap()
}

/// A copy of the example site in a temporary folder.
fn example(tmp: &Path) -> PathBuf {
    let root = tmp.join("site");
    copy_example_site(&root);
    root
}

#[test]
fn build_off_a_terminal_prints_no_progress_and_no_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let root = example(tmp.path());
    let output = noticeboard(&root, &["build"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "check passed: 0 warning(s)\n"
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!(
            "built {}: 2 campaigns rendered\n",
            root.join("public").display()
        )
    );
}

#[test]
fn build_on_a_terminal_ends_with_a_summary_of_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let root = example(tmp.path());
    let shown = on_terminal(&root, "build");
    let lines: Vec<&str> = shown.lines().map(|l| l.trim_end_matches('\r')).collect();
    let last = lines.last().copied().unwrap_or_default();

    let built = read_tree(&root.join("public"));
    let count = |f: &dyn Fn(&str) -> bool| built.keys().filter(|k| f(k)).count();
    let pages = count(&|k| k.ends_with(".html"));
    let feeds = count(&|k| k.ends_with(".ics") || k.ends_with("atom.xml"));
    let others = built.len() - pages - feeds - 1; // not the marker
    assert!(pages > 50 && feeds > 50 && others > 5);
    let expected = format!(
        "built {}: 2 campaigns rendered; wrote {pages} pages, {feeds} feeds and {others} other files in ",
        root.join("public").display()
    );
    assert!(last.starts_with(&expected), "{last:?}\nnot {expected:?}");
    assert!(last.ends_with(" s"), "{last:?}");
    // Said once: stdout is the terminal too, so the line for scripts is
    // not repeated; a progress bar drawn on the way was cleared.
    assert_eq!(shown.matches("built ").count(), 1, "{shown}");
    assert!(!last.contains("rendering ["), "{last:?}");
    // The bar is drawn once the build has taken 300 ms: surely by 1 s.
    let seconds: f64 = last[expected.len()..last.len() - 2].parse().unwrap();
    if seconds >= 1.0 {
        assert!(shown.contains("rendering [") || shown.contains("reading the site"));
    }

    // A rebuild writes only the pages listing campaigns; with stdout
    // going to a file, the file gets the line alone, as off a terminal.
    let file = tmp.path().join("stdout.txt");
    let again = on_terminal(&root, &format!("build > {}", file.display()));
    let kept = "0 campaigns rendered, 2 unchanged campaigns kept from the previous build";
    assert!(again.contains(&format!("{kept}; wrote ")), "{again}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!("built {}: {kept}\n", root.join("public").display())
    );
}

#[test]
fn quiet_prints_nothing_on_success() {
    let tmp = tempfile::tempdir().unwrap();
    let root = example(tmp.path());
    for args in [
        &["--quiet", "build"][..],
        &["build", "-q"],
        &["check", "--quiet"],
    ] {
        let output = noticeboard(&root, args);
        assert!(output.status.success(), "{args:?}");
        assert_eq!(output.stdout, b"", "stdout of {args:?}");
        assert_eq!(output.stderr, b"", "stderr of {args:?}");
    }
    assert!(root.join("public/index.html").is_file());
    std::fs::remove_dir_all(root.join("public")).unwrap();
    assert_eq!(on_terminal(&root, "build --quiet"), "");
    assert!(root.join("public/index.html").is_file());
}

#[test]
fn quiet_still_prints_problems() {
    let root = with_theme(&repo().join("tests/sites_invalid/warnings-only"));
    let output = noticeboard(&root, &["--quiet", "check"]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.matches("warning: ").count(), 4, "{stderr}");
    assert!(!stderr.contains("check passed"), "{stderr}");
}

/// Every line of `stdout` as a JSON object.
fn json_lines(stdout: &[u8]) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let text = std::str::from_utf8(stdout).unwrap();
    assert!(text.is_empty() || text.ends_with('\n'));
    text.lines()
        .map(|l| match serde_json::from_str(l) {
            Ok(serde_json::Value::Object(o)) => o,
            _ => panic!("not a JSON object: {l}"),
        })
        .collect()
}

/// `file:line:column: severity: message`, as `expected.txt` has it.
fn as_expected(o: &serde_json::Map<String, serde_json::Value>) -> String {
    let text = |k: &str| {
        o[k].as_str()
            .unwrap_or_else(|| panic!("{k} is not a string"))
    };
    let number = |k: &str| {
        o[k].as_u64()
            .unwrap_or_else(|| panic!("{k} is not a number"))
    };
    format!(
        "{}:{}:{}: {}: {}",
        text("file"),
        number("line"),
        number("column"),
        text("severity"),
        text("message")
    )
}

#[test]
fn check_prints_each_problem_as_a_json_line() {
    for case in ["many-errors", "warnings-only", "bad-site-config"] {
        let folder = repo().join("tests/sites_invalid").join(case);
        let root = with_theme(&folder);
        let output = noticeboard(&root, &["check", "--format", "json"]);
        let expected = std::fs::read_to_string(folder.join("expected.txt")).unwrap();
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        let errors = expected.iter().any(|l| l.contains(": error: "));
        assert_eq!(output.status.code(), Some(i32::from(errors)), "{case}");
        assert_eq!(output.stderr, b"", "{case}: only JSON, on stdout");

        let lines = json_lines(&output.stdout);
        let found: Vec<String> = lines.iter().map(as_expected).collect();
        assert_eq!(found, expected, "{case}");
        for o in &lines {
            let keys: Vec<&str> = o.keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                ["column", "file", "hint", "line", "message", "severity"],
                "{case}"
            );
            assert!(["error", "warning", "note"].contains(&o["severity"].as_str().unwrap()));
            assert!(!o["hint"].as_str().unwrap().is_empty());
            let file = o["file"].as_str().unwrap();
            assert!(!file.contains('\\') && !file.starts_with('/'), "{file}");
            assert!(o["line"].as_u64().unwrap() >= 1 && o["column"].as_u64().unwrap() >= 1);
        }
    }
}

#[test]
fn a_clean_check_prints_no_json_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let root = example(tmp.path());
    let output = noticeboard(&root, &["check", "--format", "json"]);
    assert!(output.status.success());
    assert_eq!(
        (&output.stdout[..], &output.stderr[..]),
        (&b""[..], &b""[..])
    );
}

#[test]
fn a_failed_build_prints_its_problems_as_json_lines() {
    let folder = repo().join("tests/sites_invalid/many-errors");
    let root = with_theme(&folder);
    let output = noticeboard(&root, &["build", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output.stdout);
    let expected = std::fs::read_to_string(folder.join("expected.txt")).unwrap();
    assert_eq!(
        lines.iter().map(as_expected).collect::<Vec<_>>(),
        expected.lines().collect::<Vec<_>>()
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("build failed; ") && stderr.ends_with(" was left as it was\n"),
        "{stderr}"
    );
}
