//! Fuzzing the two places where staff text enters the program: the YAML
//! loader and the Markdown body renderer. Each case damages a valid site
//! the way hurried edits, pastes from Word and less careful school offices
//! do, runs `check` (which loads, validates and renders everything), and
//! asserts that it does not panic and that every diagnostic points at a
//! place that exists in the file it names.
//!
//! It runs under `cargo test` with a small number of cases (64 each);
//! `PROPTEST_CASES=5000 cargo test --test fuzz` runs a longer search.
//! A failing case is shrunk and printed by proptest.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::{Index, select};

const CAMPAIGN: &str = "content/2026-graduation-photos/campaign.yaml";
const NOTICE: &str = "content/2026-graduation-photos/notice.en.md";
const OVERRIDE: &str =
    "content/2026-graduation-photos/schools/school-of-medicine/how-to-pay.zh-CN.md";

/// The valid test site every case starts from (`tests/sites_invalid/_base`).
fn base() -> &'static Path {
    static BASE: OnceLock<PathBuf> = OnceLock::new();
    BASE.get_or_init(|| common::with_theme(&common::repo().join("tests/sites_invalid/_base")))
}

/// Values that have broken, or could break, a loader or a validator.
const VALUES: &[&str] = &[
    "106751991168d",
    "[106751991168d]",
    "[9223372036854775807m, 1h]",
    "99999999999999999999999",
    "-1",
    "1e308",
    "12025-11-11",
    "2025-02-30",
    "2025-11-11 24:61",
    "25:00-26:00",
    "17:00-09:00",
    "\"\\f\"",
    "\"\\0x\"",
    "\"\\e[31m\"",
    "~",
    "[]",
    "{}",
    "''",
    "&anchor x",
    "*anchor",
    "!!binary aGk=",
    "<script>alert(1)</script>",
    "{{ campaign.title }}",
    "\"Hall *A* [B](https://x) <Shenzhen>\"",
    "javascript:alert(1)",
    "../../../etc/passwd",
    "\"\u{202e}abc\"",
    "学院",
];

/// Fragments that a broken edit leaves in YAML.
const YAML_BITS: &[&str] = &[
    ":", ": ", "-", "- ", "#", "{", "}", "[", "]", "\"", "'", "\t", "\n", "  ", "&", "*", "!", "|",
    ">", "%", "@", "`", "? ", ",", "学", "\u{feff}", "\r\n",
];

/// One damage to a YAML file.
#[derive(Debug, Clone)]
enum YamlEdit {
    /// The value after the first `: ` of a line replaced.
    Value(Index, &'static str),
    /// A fragment inserted at a character position.
    Insert(Index, &'static str),
    DeleteLine(Index),
    DuplicateLine(Index),
    /// A line's indentation changed by two spaces either way.
    Indent(Index, bool),
}

fn yaml_edit() -> impl Strategy<Value = YamlEdit> {
    prop_oneof![
        (any::<Index>(), select(VALUES)).prop_map(|(i, v)| YamlEdit::Value(i, v)),
        (any::<Index>(), select(YAML_BITS)).prop_map(|(i, b)| YamlEdit::Insert(i, b)),
        any::<Index>().prop_map(YamlEdit::DeleteLine),
        any::<Index>().prop_map(YamlEdit::DuplicateLine),
        (any::<Index>(), any::<bool>()).prop_map(|(i, deeper)| YamlEdit::Indent(i, deeper)),
    ]
}

fn apply(text: &str, edit: &YamlEdit) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let count = lines.len();
    match edit {
        YamlEdit::Value(i, value) => {
            let line = &mut lines[i.index(count)];
            if let Some((key, _)) = line.split_once(": ") {
                *line = format!("{key}: {value}");
            }
        }
        YamlEdit::Insert(i, bit) => {
            let chars: Vec<char> = text.chars().collect();
            let at = i.index(chars.len() + 1);
            let before: String = chars[..at].iter().collect();
            let after: String = chars[at..].iter().collect();
            return format!("{before}{bit}{after}");
        }
        YamlEdit::DeleteLine(i) => {
            lines.remove(i.index(lines.len()));
        }
        YamlEdit::DuplicateLine(i) => {
            let at = i.index(lines.len());
            lines.insert(at, lines[at].clone());
        }
        YamlEdit::Indent(i, deeper) => {
            let line = &mut lines[i.index(count)];
            if *deeper {
                line.insert_str(0, "  ");
            } else if let Some(rest) = line.strip_prefix("  ") {
                *line = rest.to_string();
            }
        }
    }
    lines.join("\n") + "\n"
}

/// Pieces of Markdown bodies, well and badly formed: templates, raw HTML,
/// Markdown constructs and characters pasted from elsewhere.
const BODY_PIECES: &[&str] = &[
    "The arrangements for {{ campaign.title }} are as follows.\n\n",
    "{% if school is defined %}",
    "{{ school.name }}",
    "{% endif %}",
    "{% for s in campaign.sessions %}- {{ s.date_text }}\n",
    "{% endfor %}",
    "{% for i in range(end=3) %}{{ i }}{% endfor %}",
    "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{{ j }}",
    "<div><div><div><div><div><div><div><div><div><div>",
    "![tracker](https://tracker.example/p.png)",
    "{{ nope }}",
    "{{ campaign.title | upper }}",
    "{{ campaign.title | no_such_filter }}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{# a comment #}",
    "{% raw %}{{ x }}{% endraw %}",
    "{% set x = 1 %}{{ x }}",
    "{{ 1 / 0 }}",
    "{{ __tera_context }}",
    "<div>",
    "</div>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[a](javascript:alert(1))",
    "[b](https://example.edu.cn/)",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "Note[^1].\n\n[^1]: The note.\n\n",
    "```\ncode {{ campaign.title }}\n```\n",
    "# Heading\n",
    "- item\n",
    "\n",
    "中文，全角：标点。",
    "\u{0}",
    "\u{c}",
    "\u{1b}[31m",
    "\u{a0}",
    "&amp; &lt; &#0; &#x110000;",
];

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(select(BODY_PIECES), 0..24).prop_map(|pieces| pieces.concat())
}

/// Writes `files` (path in the site -> text) into a fresh copy of the base
/// site, runs `check` and asserts it neither panics nor reports a place
/// that does not exist.
fn check_survives(files: &[(&str, &str)]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    common::copy_site(base(), dir.path());
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let run = std::panic::catch_unwind(|| noticeboard::check(dir.path()));
    let Ok((_, diagnostics)) = run else {
        return Err(TestCaseError::fail("check panicked"));
    };
    for d in diagnostics.into_sorted() {
        prop_assert!(!d.file.is_empty(), "no file: {d}");
        prop_assert!(d.hint.is_some(), "no hint: {d}");
        let path = dir.path().join(&d.file);
        if path.is_file() {
            let source = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            prop_assert!(
                d.pos.offset_in(&source).is_some(),
                "`{d}` points past the end of {}",
                d.file
            );
        } else {
            // Only what the program itself names may be missing: a file
            // that should exist, or the program's own source for a string.
            prop_assert!(
                d.file.ends_with(".md") || d.file.ends_with(".yaml") || d.file.starts_with("src/"),
                "`{d}` names a file that is not there"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_yaml_loader_survives_damage(edits in prop::collection::vec(yaml_edit(), 1..4)) {
        let original = std::fs::read_to_string(base().join(CAMPAIGN)).unwrap();
        let damaged = edits.iter().fold(original, |text, edit| apply(&text, edit));
        check_survives(&[(CAMPAIGN, &damaged)])?;
    }

    #[test]
    fn the_site_file_survives_damage(edits in prop::collection::vec(yaml_edit(), 1..3)) {
        let original = std::fs::read_to_string(base().join("noticeboard.yaml")).unwrap();
        let damaged = edits.iter().fold(original, |text, edit| apply(&text, edit));
        check_survives(&[("noticeboard.yaml", &damaged)])?;
    }

    #[test]
    fn the_body_renderer_survives_any_body(notice in body(), school_version in body()) {
        check_survives(&[(NOTICE, &notice), (OVERRIDE, &school_version)])?;
    }
}
