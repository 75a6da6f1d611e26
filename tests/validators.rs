//! Independent validators on the built sites: every HTML page passes the
//! Nu Html Checker with no errors, and lychee finds no broken internal link
//! or fragment. Each checker is first shown to catch a planted mistake, so
//! a silently broken tool cannot pass the site.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const VNU: &str = "tests/tools/node_modules/vnu-jar/build/dist/vnu.jar";
const LYCHEE: &str = ".tools/venv/bin/lychee";

fn vnu(files: &[std::path::PathBuf]) -> std::process::Output {
    Command::new(java())
        .arg("-jar")
        .arg(tool(VNU))
        .args(["--errors-only", "--format", "gnu"])
        .args(files)
        .output()
        .expect("run vnu")
}

fn lychee(dir: &Path) -> std::process::Output {
    Command::new(tool(LYCHEE))
        .args([
            "--offline",
            "--include-fragments",
            "--no-progress",
            "--root-dir",
        ])
        .arg(dir)
        .arg(dir)
        .output()
        .expect("run lychee")
}

fn built(site: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(site, tmp.path());
    tmp
}

/// The example site at the repository root, and after a change (its pages
/// then have a change log), the fixtures (among them the fitness test, a
/// campaign in Chinese only), and a site with a campaign in Chinese only
/// and a translated one.
fn sites() -> Vec<std::path::PathBuf> {
    vec![
        repo(),
        changed_example_site(),
        fixture("basic"),
        fixture("three-languages"),
        fixture("fitness-test"),
        campaign_languages_site(),
    ]
}

#[test]
fn the_checkers_catch_planted_mistakes() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("index.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html lang=en><title>t</title><p><a href=\"missing.html\">x</a><a href=\"#nowhere\">y</a><div></span>",
    )
    .unwrap();
    assert!(
        !vnu(std::slice::from_ref(&page)).status.success(),
        "vnu accepted invalid HTML"
    );
    let output = lychee(tmp.path());
    assert!(
        !output.status.success(),
        "lychee accepted broken links: {}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn every_page_is_valid_html() {
    for site in sites() {
        let out = built(&site);
        let files = html_files(out.path());
        assert!(files.len() > 5, "too few pages in {}", site.display());
        let output = vnu(&files);
        assert!(
            output.status.success(),
            "Nu Html Checker errors in {}:\n{}{}",
            site.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn no_internal_link_or_anchor_is_broken() {
    for site in sites() {
        let out = built(&site);
        let output = lychee(out.path());
        assert!(
            output.status.success(),
            "lychee found broken links in {}:\n{}{}",
            site.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
