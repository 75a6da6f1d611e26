//! Markdown bodies as staff may write them by mistake (or school staff on
//! purpose): loops that would never end, values that look like Markdown.
//! Each test edits a copy of `tests/sites_invalid/_base`.

mod common;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

const CAMPAIGN: &str = "content/2026-graduation-photos";
const OVERRIDE: &str =
    "content/2026-graduation-photos/schools/school-of-medicine/how-to-pay.zh-CN.md";

/// A copy of the valid base site, with `file` replaced by `text`.
fn site_with(file: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = common::with_theme(&common::repo().join("tests/sites_invalid/_base"));
    common::copy_site(&base, dir.path());
    std::fs::write(dir.path().join(file), text).unwrap();
    dir
}

/// The messages `check` reports for the site at `root`, or a failure if it
/// takes over a minute (a body without a budget takes hours).
fn check_within_a_minute(root: &Path) -> Vec<String> {
    let root = root.to_path_buf();
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let (_, diagnostics) = noticeboard::check(&root);
        let messages = diagnostics
            .into_sorted()
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect();
        let _ = done.send(messages);
    });
    result
        .recv_timeout(Duration::from_secs(60))
        .expect("check did not finish within a minute")
}

#[test]
fn nested_ranges_are_stopped_at_once() {
    let site = site_with(
        OVERRIDE,
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{{ i }}{% endfor %}{% endfor %}\n",
    );
    let messages = check_within_a_minute(site.path());
    assert_eq!(
        messages,
        [format!(
            "{OVERRIDE}:1:13: template error: the loops of this file would count more than 10000 numbers with `range`"
        )]
    );
}

#[test]
fn loops_inside_loops_share_one_range_budget() {
    // 200 + 200 × 200 numbers: each call is small, together they are not.
    let site = site_with(
        OVERRIDE,
        "{% for i in range(end=200) %}{% for j in range(end=200) %}{% endfor %}{% endfor %}\n",
    );
    let messages = check_within_a_minute(site.path());
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("`range`"), "{messages:?}");
}

#[test]
fn a_body_that_grows_too_long_is_stopped() {
    let line = "这一行很长。".repeat(40);
    let site = site_with(
        OVERRIDE,
        &format!("# 说明\n\n{{% for i in range(end=9000) %}}\n{line}\n{{% endfor %}}\n"),
    );
    let messages = check_within_a_minute(site.path());
    assert_eq!(
        messages,
        [format!(
            "{OVERRIDE}:3:1: template error: this file becomes longer than 4 MB once its loops run"
        )]
    );
}

#[test]
fn a_file_too_long_in_itself_is_named_so() {
    let site = site_with(OVERRIDE, &"很长的说明。\n".repeat(300_000));
    let messages = check_within_a_minute(site.path());
    assert_eq!(
        messages,
        [format!("{OVERRIDE}:1:1: this file is longer than 4 MB")]
    );
}

#[test]
fn deeply_nested_html_is_reported_quickly() {
    let deep = format!("{}x{}\n", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let site = site_with(OVERRIDE, &deep);
    let messages = check_within_a_minute(site.path());
    assert_eq!(
        messages,
        [format!(
            "{OVERRIDE}:1:501: elements nest more than 100 deep here"
        )]
    );
}

#[test]
fn real_loops_are_within_the_budget() {
    let body = "{% for s in campaign.sessions %}{% for d in campaign.deadlines %}\n\
                - {{ s.date_text }} {{ d.title }} {{ d.when_text }}\n\
                {% endfor %}{% endfor %}\n\
                {% for i in range(start=1, end=301) %}{{ i }}. {% for s in school.sessions | reverse %}{{ s.slot_text }}{% endfor %}\n{% endfor %}\n";
    let site = site_with(OVERRIDE, body);
    assert_eq!(check_within_a_minute(site.path()), Vec::<String>::new());
}

#[test]
fn inserted_values_are_literal_text_on_a_built_page() {
    let site = site_with(
        &format!("{CAMPAIGN}/notice.en.md"),
        "{% for s in campaign.sessions %}\n- @@{{ s.venue_text }}@@ [map](https://map.example.edu/{{ s.venue_text }})\n{% endfor %}\n",
    );
    let campaign = site.path().join(CAMPAIGN).join("campaign.yaml");
    let yaml = std::fs::read_to_string(&campaign)
        .unwrap()
        .replace(
            "en: Student Activity Center}",
            r#"en: "Hall *A* [B](https://x) <Shenzhen>"}"#,
        )
        .replace("en: Library Lecture Hall}", r#"en: "Hall_(1)&<x>\"y"}"#);
    std::fs::write(&campaign, yaml).unwrap();

    let (files, diagnostics) = noticeboard::build_in_memory(site.path()).expect("the site builds");
    assert!(!diagnostics.has_errors());
    let page = files
        .iter()
        .find(|(path, _)| {
            path.starts_with("en/") && path.ends_with("2026-graduation-photos/index.html")
        })
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("the campaign's English page");
    assert!(
        page.contains("@@Hall *A* [B](https://x) &lt;Shenzhen&gt;@@"),
        "{page}"
    );
    assert!(!page.contains("<em>A</em>"), "{page}");
    assert!(!page.contains("href=\"https://x\""), "{page}");
    // In a link's address a value arrives as written (escaped for HTML).
    assert!(
        page.contains("href=\"https://map.example.edu/Hall_(1)&amp;%3Cx%3E%22y\""),
        "{page}"
    );
}
