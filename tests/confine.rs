//! Nothing outside the site folder is read or published: symbolic links
//! that leave it are refused with a message that says so, and special files
//! (a named pipe, a link to a device or to /proc) are refused instead of
//! making the build wait forever. Links that stay inside the site work.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{fixture, read_tree};

const SECRET: &str = "not-for-publication-7f3a";

/// A copy of the basic fixture and a secret file beside it (outside it).
fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_site(&fixture("basic"), &root);
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, format!("title: {SECRET}\n")).unwrap();
    (dir, root, secret)
}

/// Runs noticeboard on `root`, killing it after a minute: a build that
/// opens a named pipe would otherwise wait forever.
fn run(root: &Path, args: &[&std::ffi::OsStr]) -> Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .arg("--root")
        .arg(root)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("noticeboard {args:?} did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout)
}

/// `check` and `build` both refuse, naming the file and saying why, print
/// nothing of the linked file, and the build publishes nothing.
fn assert_refused(root: &Path, file: &str, why: &str) {
    let out = root.parent().unwrap().join("out");
    let checked = run(root, &["check".as_ref()]);
    let built = run(root, &["build".as_ref(), "--out".as_ref(), out.as_os_str()]);
    for (command, output) in [("check", &checked), ("build", &built)] {
        let said = text(output);
        assert_eq!(output.status.code(), Some(1), "{command}: {said}");
        assert!(
            said.contains(&format!("{file}:1:1")) && said.contains(why),
            "{command} must name {file} and say `{why}`:\n{said}"
        );
        assert!(
            !said.contains(SECRET),
            "{command} printed the file:\n{said}"
        );
    }
    assert!(!out.exists(), "a refused build published something");
}

#[test]
fn links_out_of_the_site_are_refused() {
    let cases = [
        "themes/default/static/style.css",
        "themes/default/templates/404.html",
        "content/photos-2025/campaign.yaml",
        "content/photos-2025/notice.en.md",
        "locales/en/site.ftl",
        "noticeboard.yaml",
    ];
    for file in cases {
        let (_dir, root, secret) = site();
        let path = root.join(file);
        assert!(path.is_file(), "the fixture has {file}");
        std::fs::remove_file(&path).unwrap();
        symlink(&secret, &path).unwrap();
        assert_refused(&root, file, "symbolic link");
    }
}

#[test]
fn a_linked_folder_out_of_the_site_is_refused_and_not_entered() {
    let (dir, root, _) = site();
    let elsewhere = dir.path().join("elsewhere");
    common::copy_site(&root.join("themes/default"), &elsewhere);
    std::fs::write(elsewhere.join("static/style.css"), SECRET).unwrap();
    std::fs::remove_dir_all(root.join("themes/default")).unwrap();
    symlink(&elsewhere, root.join("themes/default")).unwrap();
    assert_refused(&root, "themes/default", "symbolic link");
}

#[test]
fn proc_and_devices_are_refused_by_name() {
    for target in ["/proc/self/environ", "/dev/zero"] {
        let (_dir, root, _) = site();
        let css = root.join("themes/default/static/style.css");
        std::fs::remove_file(&css).unwrap();
        symlink(target, &css).unwrap();
        assert_refused(&root, "themes/default/static/style.css", "symbolic link");
    }
}

#[test]
fn a_named_pipe_is_refused_instead_of_waited_on() {
    let (_dir, root, _) = site();
    let css = root.join("themes/default/static/style.css");
    std::fs::remove_file(&css).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&css)
        .status()
        .unwrap();
    assert!(made.success());
    assert_refused(
        &root,
        "themes/default/static/style.css",
        "a named pipe (FIFO), not an ordinary file",
    );
}

#[test]
fn a_link_loop_is_refused() {
    let (_dir, root, _) = site();
    symlink(root.join("themes"), root.join("themes/default/loop")).unwrap();
    assert_refused(&root, "themes/default/loop", "loop");
}

#[test]
fn links_inside_the_site_are_followed() {
    let (dir, root, _) = site();
    // The theme kept elsewhere in the site, linked to where it is expected.
    std::fs::rename(root.join("themes/default"), root.join("shared-theme")).unwrap();
    symlink("../shared-theme", root.join("themes/default")).unwrap();
    let out = dir.path().join("out");
    let built = run(
        &root,
        &["build".as_ref(), "--out".as_ref(), out.as_os_str()],
    );
    assert!(built.status.success(), "{}", text(&built));
    let css = read_tree(&out)["style.css"].clone();
    let expected = std::fs::read(root.join("shared-theme/static/style.css")).unwrap();
    assert_eq!(css, expected);
}
