//! Broken sites and exactly what `check` must say about them.
//!
//! Each folder under `tests/sites_invalid/` is a complete small site that is
//! valid except for deliberate mistakes, with `expected.txt` listing every
//! diagnostic `check` must report, sorted, as `file:line:col: severity:
//! message` (hints left out, so they can be reworded freely). See
//! `tests/sites_invalid/README.md`.
//!
//! Set `BLESS=1` to write the actual output into `expected.txt` for new
//! cases, then read every line before committing: the expected output is
//! what a member of staff needs to see, not whatever the code happens to say.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::line;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites_invalid")
}

/// Runs `check` on one case and compares with its `expected.txt`.
fn check_case(name: &str) {
    let case = cases_dir().join(name);
    assert!(case.is_dir(), "no case folder {}", case.display());
    let root = common::with_theme(&case);
    let run = std::panic::catch_unwind(|| noticeboard::check(&root));
    let Ok((content, diagnostics)) = run else {
        panic!("check panicked on case `{name}`");
    };
    let has_errors = diagnostics.has_errors();
    let sorted = diagnostics.into_sorted();
    let actual: Vec<String> = sorted.iter().map(line).collect();
    for d in &sorted {
        assert!(
            d.hint.as_deref().is_some_and(|h| !h.trim().is_empty()),
            "case `{name}`: no hint for `{d}`"
        );
    }
    assert_eq!(
        content.is_some(),
        !has_errors,
        "case `{name}`: content must be returned exactly when there are no errors"
    );

    let expected_file = case.join("expected.txt");
    if std::env::var_os("BLESS").is_some() {
        let mut text = actual.join("\n");
        text.push('\n');
        std::fs::write(&expected_file, text).unwrap();
        return;
    }
    let expected_text = std::fs::read_to_string(&expected_file)
        .unwrap_or_else(|e| panic!("case `{name}`: cannot read expected.txt: {e}"));
    let expected: Vec<&str> = expected_text.lines().filter(|l| !l.is_empty()).collect();
    if expected != actual {
        panic!(
            "case `{name}`: diagnostics differ from expected.txt\n{}\nwith hints:\n{}",
            diff(&expected, &actual),
            sorted
                .iter()
                .map(|d| format!("  {d}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// A line diff good enough for a few dozen lines: `-` expected only, `+`
/// actual only, in order.
fn diff(expected: &[&str], actual: &[String]) -> String {
    let mut out = String::new();
    for e in expected {
        if !actual.iter().any(|a| a == e) {
            out.push_str(&format!("- {e}\n"));
        }
    }
    for a in actual {
        if !expected.contains(&a.as_str()) {
            out.push_str(&format!("+ {a}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("(same lines, different order or count)\n");
    }
    out
}

/// One `#[test]` per case folder, so a failure names its case; `every_case_
/// has_a_test` keeps this list and the folders in step.
macro_rules! cases {
    ($($test:ident => $folder:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_case($folder);
            }
        )*
        const CASES: &[&str] = &[$($folder),*];
    };
}

cases! {
    base_is_valid => "_base",
    audience_mistakes => "audience-mistakes",
    bad_choice_values => "bad-choice-values",
    counted_deadline_circle => "counted-deadline-circle",
    counted_deadline_dates => "counted-deadline-dates",
    counted_deadline_mistakes => "counted-deadline-mistakes",
    counted_deadline_slot_schools => "counted-deadline-slot-schools",
    bad_dates => "bad-dates",
    bad_datetime => "bad-datetime",
    bad_email => "bad-email",
    bad_fee => "bad-fee",
    bad_language_tag => "bad-language-tag",
    bad_link_url => "bad-link-url",
    bad_reminders => "bad-reminders",
    bad_site_config => "bad-site-config",
    bad_slug_ids => "bad-slug-ids",
    bad_time_range => "bad-time-range",
    body_deep_html => "body-deep-html",
    body_external_resources => "body-external-resources",
    body_loop_rules => "body-loop-rules",
    body_nested_range => "body-nested-range",
    campaign_id_mismatch => "campaign-id-mismatch",
    campaign_language_not_published => "campaign-language-not-published",
    campaign_languages_mistakes => "campaign-languages-mistakes",
    deadline_before_publish => "deadline-before-publish",
    deadline_two_forms => "deadline-two-forms",
    duplicate_ids => "duplicate-ids",
    empty_campaign => "empty-campaign",
    empty_campaign_file => "empty-campaign-file",
    empty_lists => "empty-lists",
    empty_value => "empty-value",
    extreme_values => "extreme-values",
    huge_number => "huge-number",
    many_errors => "many-errors",
    missing_attachment_guide => "missing-attachment-guide",
    file_kind_refused => "file-kind-refused",
    file_link_missing => "file-link-missing",
    missing_campaign_file => "missing-campaign-file",
    missing_notice_en => "missing-notice-en",
    missing_required_field => "missing-required-field",
    missing_site_file => "missing-site-file",
    missing_top_level_field => "missing-top-level-field",
    missing_translation => "missing-translation",
    negative_number => "negative-number",
    no_campaigns => "no-campaigns",
    not_utf8 => "not-utf8",
    relative_two_offsets => "relative-two-offsets",
    school_in_two_slots => "school-in-two-slots",
    school_without_slot => "school-without-slot",
    session_times_overlap => "session-times-overlap",
    sessions_overlap_at_venue => "sessions-overlap-at-venue",
    session_days_mistakes => "session-days-mistakes",
    session_days_rules => "session-days-rules",
    session_rounds_mistakes => "session-rounds-mistakes",
    site_file_not_a_mapping => "site-file-not-a-mapping",
    site_missing_field => "site-missing-field",
    slot_outside_session => "slot-outside-session",
    stray_markdown_files => "stray-markdown-files",
    tera_dump_context => "tera-dump-context",
    tera_error_in_school_override => "tera-error-in-school-override",
    tera_school_only_variable => "tera-school-only-variable",
    tera_school_outside_if => "tera-school-outside-if",
    tera_stray_end_tag => "tera-stray-end-tag",
    tera_syntax_error => "tera-syntax-error",
    tera_unclosed_block => "tera-unclosed-block",
    tera_unclosed_tag => "tera-unclosed-tag",
    tera_unknown_filter => "tera-unknown-filter",
    tera_unknown_variable => "tera-unknown-variable",
    text_without_languages => "text-without-languages",
    time_range_reversed => "time-range-reversed",
    two_unknown_fields => "two-unknown-fields",
    unconfigured_language_key => "unconfigured-language-key",
    unknown_attachment_in_step => "unknown-attachment-in-step",
    unknown_campus => "unknown-campus",
    unknown_deadline_in_step => "unknown-deadline-in-step",
    unknown_field => "unknown-field",
    unknown_requirement_category => "unknown-requirement-category",
    unknown_school_in_slot => "unknown-school-in-slot",
    unknown_venue => "unknown-venue",
    updated_before_published => "updated-before-published",
    warnings_only => "warnings-only",
    window_end_before_start => "window-end-before-start",
    wrong_type_list_for_text => "wrong-type-list-for-text",
    wrong_type_list_for_value => "wrong-type-list-for-value",
    wrong_type_value_for_list => "wrong-type-value-for-list",
    yaml_anchors_and_aliases => "yaml-anchors-and-aliases",
    yaml_bad_indentation => "yaml-bad-indentation",
    yaml_colon_in_text => "yaml-colon-in-text",
    yaml_duplicate_key => "yaml-duplicate-key",
    yaml_not_a_mapping => "yaml-not-a-mapping",
    yaml_tab_indent => "yaml-tab-indent",
    yaml_unclosed_brace => "yaml-unclosed-brace",
    yaml_unclosed_quote => "yaml-unclosed-quote",
    yaml_unknown_alias => "yaml-unknown-alias",
    reminder_too_long => "reminder-too-long",
    control_characters => "control-characters",
    year_beyond_9999 => "year-beyond-9999",
    bad_phones => "bad-phones",
    too_long_for_addresses => "too-long-for-addresses",
    theme_outside_site => "theme-outside-site",
    empty_markdown_file => "empty-markdown-file",
    yaml_comma_in_inline_text => "yaml-comma-in-inline-text",
    weekend_intended => "weekend-intended",
    unpublished_files => "unpublished-files",
    pending_facts => "pending-facts",
    pending_facts_mistakes => "pending-facts-mistakes",
    prose_wrong_date_time => "prose-wrong-date-time",
    slot_shapes => "slot-shapes",
    slot_mistakes => "slot-mistakes",
    slot_conflicts => "slot-conflicts",
    window_forms => "window-forms",
    window_mistakes => "window-mistakes",
    session_booking => "session-booking",
    booking_mistakes => "booking-mistakes",
    open_sessions => "open-sessions",
    session_requirement => "session-requirement",
    parts_of_students => "parts-of-students",
    theme_syntax_error => "theme-syntax-error",
    theme_render_error => "theme-render-error",
}

#[test]
fn every_case_has_a_test() {
    let mut folders: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<String> = CASES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(folders, listed, "add each folder to `cases!`");
}

/// Runs the real binary with `args`.
fn noticeboard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run noticeboard")
}

/// A case's folder, ready to check (see [`common::with_theme`]); for a
/// missing case, the path it would have.
fn case_root(name: &str) -> String {
    let case = cases_dir().join(name);
    let root = if case.is_dir() {
        common::with_theme(&case)
    } else {
        case
    };
    root.to_string_lossy().into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn exit_codes_tell_errors_from_warnings_and_usage_mistakes() {
    let errors = noticeboard(&["check", "--root", &case_root("many-errors")]);
    assert_eq!(errors.status.code(), Some(1), "{}", stderr(&errors));
    assert!(
        stderr(&errors).contains("check failed: 9 error(s), 0 warning(s)"),
        "{}",
        stderr(&errors)
    );

    let warnings = noticeboard(&["check", "--root", &case_root("warnings-only")]);
    assert_eq!(warnings.status.code(), Some(0), "{}", stderr(&warnings));
    assert!(stderr(&warnings).contains("check passed: 4 warning(s)"));

    let unknown_command = noticeboard(&["chekc", "--root", &case_root("_base")]);
    assert_eq!(unknown_command.status.code(), Some(2));
    let missing_root = noticeboard(&["check", "--root", &case_root("no-such-folder")]);
    assert_eq!(missing_root.status.code(), Some(2));
    assert!(stderr(&missing_root).contains("does not exist"));
}

#[test]
fn root_works_before_and_after_the_subcommand() {
    let root = case_root("unknown-venue");
    let after = noticeboard(&["check", "--root", &root]);
    let before = noticeboard(&["--root", &root, "check"]);
    assert_eq!(after.status.code(), Some(1));
    assert_eq!(before.status.code(), Some(1));
    assert_eq!(stderr(&before), stderr(&after));
    assert!(stderr(&after).contains("unknown venue `student-center`"));
}

/// How many terminal cells a character takes: two for CJK and full-width
/// forms (what annotate-snippets assumes), one otherwise.
fn cells(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF => 2,
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 => 2,
        _ => 1,
    }
}

/// The character a caret line points at in the source line above it (both
/// after the `|` gutter), counting terminal cells.
fn char_under_caret(source_line: &str, caret_line: &str) -> Option<char> {
    let caret = caret_line.find('^')?;
    let gutter = source_line.find('|')?;
    let mut column = gutter;
    for c in source_line[gutter..].chars() {
        if column == caret {
            return Some(c);
        }
        column += cells(c);
    }
    None
}

#[test]
fn snippet_caret_lands_under_the_mistake_after_chinese_text() {
    for (case, location, line_no, expected) in [
        (
            "yaml-colon-in-text",
            "--> content/2026-graduation-photos/campaign.yaml:12:30",
            "12 |",
            ':',
        ),
        (
            "tera-unknown-filter",
            "--> content/2026-graduation-photos/attachments/how-to-pay.zh-CN.md:4:27",
            "4 |",
            'b',
        ),
        (
            "unconfigured-language-key",
            "--> content/2026-graduation-photos/campaign.yaml:128:47",
            "128 |",
            'S',
        ),
    ] {
        let output = noticeboard(&["check", "--root", &case_root(case)]);
        let text = stderr(&output);
        assert!(
            text.contains(location),
            "case `{case}`: no `{location}` in\n{text}"
        );
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim_start().starts_with(line_no))
            .unwrap_or_else(|| panic!("case `{case}`: no source line in\n{text}"));
        assert_eq!(
            char_under_caret(lines[at], lines[at + 1]),
            Some(expected),
            "case `{case}`: caret misplaced in\n{text}"
        );
    }
}

#[test]
fn unreadable_and_missing_files_still_show_line_and_column() {
    let output = noticeboard(&["check", "--root", &case_root("not-utf8")]);
    let text = stderr(&output);
    assert!(
        text.contains("--> content/2026-graduation-photos/notice.zh-CN.md:3:11"),
        "{text}"
    );
    let output = noticeboard(&["check", "--root", &case_root("missing-notice-en")]);
    assert!(
        stderr(&output).contains("--> content/2026-graduation-photos/notice.en.md:1:1"),
        "{}",
        stderr(&output)
    );
}

/// Damages the valid site's files every way a hurried edit might (a line
/// deleted, a line cut off in the middle) and checks that `check` never
/// panics and always points at a line that exists.
#[test]
fn damaged_files_never_panic_and_stay_located() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_site(&common::with_theme(&cases_dir().join("_base")), dir.path());
    let files = [
        "noticeboard.yaml",
        "content/2026-graduation-photos/campaign.yaml",
        "content/2026-graduation-photos/notice.zh-CN.md",
    ];
    for file in files {
        let path = dir.path().join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = original.split_inclusive('\n').collect();
        for i in 0..lines.len() {
            let mut deleted = lines.clone();
            deleted.remove(i);
            let mut cut = lines.clone();
            let half: String = lines[i]
                .chars()
                .take(lines[i].chars().count() / 2)
                .collect();
            cut[i] = &half;
            for damaged in [deleted.concat(), cut.concat()] {
                std::fs::write(&path, &damaged).unwrap();
                let run = std::panic::catch_unwind(|| noticeboard::check(dir.path()));
                let (_, diagnostics) = run.unwrap_or_else(|_| {
                    panic!("check panicked with {file} damaged to:\n{damaged}")
                });
                for d in diagnostics.into_sorted() {
                    if let Ok(source) = std::fs::read_to_string(dir.path().join(&d.file)) {
                        assert!(
                            d.pos.offset_in(&source).is_some(),
                            "`{d}` points past the end of {}",
                            d.file
                        );
                    }
                }
            }
        }
        std::fs::write(&path, &original).unwrap();
    }
}

#[test]
fn check_with_a_campaign_id_checks_that_campaign_alone() {
    let root = case_root("many-errors");
    let one = noticeboard(&["check", "--root", &root, "2026-spring-photos"]);
    assert_eq!(one.status.code(), Some(1));
    let said = stderr(&one);
    assert!(
        said.contains("content/2026-spring-photos/campaign.yaml:35:11"),
        "{said}"
    );
    assert!(!said.contains("content/2026-graduation-photos"), "{said}");
    assert!(!said.contains("content/2025-autumn-retakes"), "{said}");
    // Site-wide mistakes are still reported.
    assert!(said.contains("noticeboard.yaml:4:11"), "{said}");
    assert!(said.contains("check failed: 2 error(s)"), "{said}");

    let missing = noticeboard(&["check", "--root", &root, "2026-spring"]);
    let said = stderr(&missing);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        said.contains("there is no campaign `2026-spring`"),
        "{said}"
    );
    assert!(
        said.contains("2026-spring-photos"),
        "the hint lists the campaigns: {said}"
    );
    assert!(!said.contains("there are no campaigns"), "{said}");
}
