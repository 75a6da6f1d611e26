//! The JSON Schemas of campaign.yaml and noticeboard.yaml: the copies in
//! `schemas/` are what `noticeboard schema` writes; the example site, the
//! test fixtures and `noticeboard new`'s scaffold pass an independent
//! validator (Python's `jsonschema`, through `tests/tools/schema_check.py`,
//! reading YAML as VS Code's YAML extension does); a campaign with a
//! typical mistake fails it, at the mistake; and every pattern compiles as
//! JavaScript, which VS Code runs. The validators are installed by
//! `scripts/install-test-tools`; a missing one fails the test saying so.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use noticeboard::content::schema::{
    CAMPAIGN, CAMPAIGN_MODELINE, FOLDER, SITE, SITE_MODELINE, files,
};
use serde_json::Value as Json;

const INSTALL: &str = "run scripts/install-test-tools";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn noticeboard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .args(args)
        .output()
        .expect("run noticeboard")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// What `jsonschema` finds in `yaml` files against `schema`: one JSON
/// object per problem (`file`, `path`, `validator`, `message`, `causes`).
fn problems(schema: &Path, yaml: &[PathBuf]) -> Vec<Json> {
    let python = repo().join(".tools/venv/bin/python");
    assert!(python.is_file(), "no Python venv at .tools/venv: {INSTALL}");
    let output = Command::new(&python)
        .arg(repo().join("tests/tools/schema_check.py"))
        .arg(schema)
        .args(yaml)
        .output()
        .expect("run schema_check.py");
    let found: Vec<Json> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let expected_status = if found.is_empty() { 0 } else { 1 };
    assert_eq!(
        output.status.code(),
        Some(expected_status),
        "schema_check.py failed (jsonschema or PyYAML missing? {INSTALL}):\n{}",
        text(&output)
    );
    found
}

fn schema(name: &str) -> PathBuf {
    repo().join(FOLDER).join(name)
}

/// Every file called `name` in the folders under `dir`'s `content/`.
fn campaigns(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path().join("campaign.yaml"))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found
}

/// The example site and every fixture site.
fn sites() -> Vec<PathBuf> {
    let mut sites = vec![repo().to_path_buf()];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("noticeboard.yaml").is_file())
        .collect();
    fixtures.sort();
    sites.extend(fixtures);
    sites
}

#[test]
fn the_committed_schemas_are_what_noticeboard_schema_writes() {
    let out = tempfile::tempdir().unwrap();
    let written = noticeboard(&["schema", "--out", out.path().to_str().unwrap()]);
    assert!(written.status.success(), "{}", text(&written));
    let site = tempfile::tempdir().unwrap();
    let by_default = noticeboard(&["--root", site.path().to_str().unwrap(), "schema", "-q"]);
    assert!(by_default.status.success(), "{}", text(&by_default));
    assert_eq!(text(&by_default), "", "--quiet says nothing");
    assert!(text(&written).contains("wrote "), "{}", text(&written));
    let export = (
        noticeboard::render::export::SCHEMA_FILE,
        noticeboard::render::export::schema(),
    );
    for (name, generated) in files().into_iter().chain([export]) {
        let committed = std::fs::read_to_string(schema(name)).unwrap();
        assert!(
            committed == generated,
            "schemas/{name} is out of date: run `cargo run -- schema` and commit it"
        );
        for dir in [out.path().to_path_buf(), site.path().join(FOLDER)] {
            let written = std::fs::read_to_string(dir.join(name)).unwrap();
            assert_eq!(written, generated, "{}", dir.display());
        }
    }
}

#[test]
fn the_example_site_and_the_fixtures_pass_the_schemas() {
    let mut campaign_files = Vec::new();
    let mut site_files = Vec::new();
    for site in sites() {
        site_files.push(site.join("noticeboard.yaml"));
        campaign_files.extend(campaigns(&site));
    }
    assert!(campaign_files.len() >= 5, "{campaign_files:?}");
    assert_eq!(
        problems(&schema(CAMPAIGN), &campaign_files),
        Vec::<Json>::new()
    );
    assert_eq!(problems(&schema(SITE), &site_files), Vec::<Json>::new());
}

#[test]
fn the_example_files_name_their_schema_on_their_first_line() {
    let first_line = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        text.lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(first_line(&repo().join("noticeboard.yaml")), SITE_MODELINE);
    let named = |modeline: &str, from: &Path| {
        let path = modeline.split_once("$schema=").unwrap().1;
        from.join(path)
    };
    assert!(named(SITE_MODELINE, repo()).is_file());
    let examples = campaigns(repo());
    assert_eq!(examples.len(), 2);
    for campaign in examples {
        assert_eq!(
            first_line(&campaign),
            CAMPAIGN_MODELINE,
            "{}",
            campaign.display()
        );
        let folder = campaign.parent().unwrap();
        assert_eq!(
            named(CAMPAIGN_MODELINE, folder).canonicalize().unwrap(),
            schema(CAMPAIGN).canonicalize().unwrap()
        );
    }
}

/// The problems in the HITSZ example with `from` replaced by `to` (once).
fn with_mistake(from: &str, to: &str) -> Vec<Json> {
    let example = repo().join("content/hitsz-2026-graduation-photos/campaign.yaml");
    let text = std::fs::read_to_string(example).unwrap();
    assert!(text.contains(from), "the example has no {from:?}");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("campaign.yaml");
    std::fs::write(&broken, text.replacen(from, to, 1)).unwrap();
    problems(&schema(CAMPAIGN), &[broken])
}

/// Asserts there is one problem, at `path`, found by `validator`, with
/// `words` in its message or in the message of one of its causes.
fn one_problem(found: &[Json], path: &str, validator: &str, words: &str) {
    assert_eq!(found.len(), 1, "{found:#?}");
    let problem = &found[0];
    assert_eq!(problem["path"], path, "{problem:#}");
    assert_eq!(problem["validator"], validator, "{problem:#}");
    let causes = problem["causes"].as_array().unwrap();
    let messages: Vec<&str> = std::iter::once(&problem["message"])
        .chain(causes)
        .filter_map(Json::as_str)
        .collect();
    assert!(
        messages.iter().any(|m| m.contains(words)),
        "no {words:?} in {messages:#?}"
    );
}

#[test]
fn a_campaign_with_a_mistake_fails_the_schema_at_the_mistake() {
    // The unbroken example passes (see above); each mistake alone fails.
    one_problem(
        &with_mistake(
            "    venues: [student-activity-center]",
            "    veneu: [student-activity-center]",
        ),
        "sessions/0",
        "additionalProperties",
        "'veneu' was unexpected",
    );
    one_problem(
        &with_mistake("    date: 2025-11-11", "    date: 2025/11/11"),
        "sessions/0/date",
        "anyOf",
        "'2025/11/11' does not match",
    );
    one_problem(
        &with_mistake("published: 2025-11-06", "published: 2025-13-06"),
        "published",
        "pattern",
        "'2025-13-06' does not match",
    );
    one_problem(
        &with_mistake(
            "      - time: \"15:30-15:50\"",
            "      - time: \"15点30-15点50\"",
        ),
        "sessions/0/slots/0/time",
        "anyOf",
        "'15点30-15点50' does not match",
    );
    one_problem(
        &with_mistake("    times: [\"15:30-17:00\"]", "    times: [\"15:30-5pm\"]"),
        "sessions/0/times/0",
        "pattern",
        "'15:30-5pm' does not match",
    );
    one_problem(
        &with_mistake(
            "  en: Notice on the Collection",
            "  English: Notice on the Collection",
        ),
        "title",
        "additionalProperties",
        "'English' does not match any of the regexes",
    );
    one_problem(
        &with_mistake(
            "  - id: student-activity-center",
            "  - id: Student_Activity_Center",
        ),
        "venues/0/id",
        "pattern",
        "'Student_Activity_Center' does not match",
    );
    one_problem(
        &with_mistake("    category: documents", "    category: papers"),
        "requirements/1/category",
        "enum",
        "'papers' is not one of",
    );
}

#[test]
fn new_writes_a_scaffold_that_passes_the_schema_and_the_schemas_it_names() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::write(
        root.join("noticeboard.yaml"),
        "title: {zh-CN: 通知, en: Notices, fr: Avis}\nbase_url: https://example.edu.cn/\nlanguages: [zh-CN, en, fr]\n",
    )
    .unwrap();
    // A schema already there is left alone; the missing one is written.
    std::fs::create_dir(root.join(FOLDER)).unwrap();
    std::fs::write(root.join(FOLDER).join(SITE), "{}\n").unwrap();
    let made = noticeboard(&["--root", root.to_str().unwrap(), "new", "spring-photos"]);
    assert!(made.status.success(), "{}", text(&made));
    assert_eq!(
        std::fs::read_to_string(root.join(FOLDER).join(SITE)).unwrap(),
        "{}\n"
    );
    let written = root.join(FOLDER).join(CAMPAIGN);
    assert_eq!(std::fs::read_to_string(&written).unwrap(), files()[0].1);
    assert!(
        text(&made).contains(&written.display().to_string()),
        "{}",
        text(&made)
    );

    let campaign = root.join("content/spring-photos/campaign.yaml");
    let scaffold = std::fs::read_to_string(&campaign).unwrap();
    assert_eq!(scaffold.lines().next(), Some(CAMPAIGN_MODELINE));
    assert_eq!(problems(&written, &[campaign]), Vec::<Json>::new());
}

#[test]
fn every_pattern_compiles_as_javascript_and_reads_as_in_rust() {
    let tools = repo().join("tests/tools");
    let samples = [
        "2025-11-11",
        "２０２５-１１-１１",
        "2025-11-06 09:00",
        "15:30-17:00",
        "０８：３０至１２：００",
        "18:30",
        "school-of-science",
        "zh-CN",
        "Asia/Shanghai",
        "0755-2603 1234",
        "yes",
        "0x5A",
        "English",
        "9点-12点",
    ];
    let output = Command::new("node")
        .arg(tools.join("schema-patterns.mjs"))
        .args([schema(CAMPAIGN), schema(SITE)])
        .arg("--")
        .args(samples)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}; {INSTALL}"));
    assert!(output.status.success(), "{}", text(&output));
    let report: Json = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["errors"], Json::Array(Vec::new()), "{report:#}");
    let matches = report["matches"].as_object().unwrap();
    assert!(matches.len() > 15, "{report:#}");
    // JavaScript's verdict on each sample is Rust's regex crate's.
    for (pattern, verdicts) in matches {
        let regex = regex::Regex::new(pattern).unwrap();
        for (sample, verdict) in samples.iter().zip(verdicts.as_array().unwrap()) {
            assert_eq!(
                verdict.as_bool(),
                Some(regex.is_match(sample)),
                "{pattern} on {sample:?}"
            );
        }
    }
}
