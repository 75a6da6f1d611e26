//! The JSON export (docs/json-export.md): every `campaign.json` and the site
//! index `campaigns.json` validate against the committed JSON Schema with
//! Python's jsonschema (an independent validator), the committed schema is
//! the one the export types generate, and the documents state the example
//! notices' real facts, with addresses of files the build really wrote.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

const HITSZ: &str = "hitsz-2026-graduation-photos";
const SYSU: &str = "sysu-2026-graduation-photos";
const SCHEMA: &str = "schemas/export.schema.json";

/// The example site (a copy, with its publication record), built once
/// per test process.
fn example() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("export-example-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&site);
        copy_example_site_with_record(&site);
        let out = site.join("public");
        build_ok(&site, &out);
        out
    })
}

fn json(out: &Path, file: &str) -> Value {
    let bytes = std::fs::read(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
}

/// The output file an address's `path` names, on a site published at
/// the root of its host (as the test sites are).
fn file_at(out: &Path, address: &Value) -> PathBuf {
    file_under(out, address, "https://notices.example.edu.cn/")
}

/// The output file an address names on a site published at `base_url`:
/// its `url` is `base_url` and the rest, its `path` the path of
/// `base_url` and the rest.
fn file_under(out: &Path, address: &Value, base_url: &str) -> PathBuf {
    let path = address["path"].as_str().expect("an address has a path");
    let url = address["url"].as_str().expect("an address has a url");
    let rest = url
        .strip_prefix(base_url)
        .expect("the url is under base_url");
    let base_path = &base_url[base_url[8..].find('/').unwrap() + 8..];
    assert_eq!(path, format!("{base_path}{rest}"));
    let rest = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    };
    out.join(rest)
}

/// Python jsonschema's verdict on `files`: file -> its errors.
fn validate(files: &[PathBuf]) -> Vec<(String, Vec<String>)> {
    let python = tool(".tools/venv/bin/python");
    let output = Command::new(python)
        .arg(repo().join("tests/tools/json_check.py"))
        .arg(repo().join(SCHEMA))
        .args(files)
        .output()
        .expect("run json_check.py");
    assert!(
        output.status.success(),
        "json_check.py failed (run scripts/install-test-tools if jsonschema is missing): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found: Value = serde_json::from_slice(&output.stdout).expect("json_check.py prints JSON");
    (found.as_array().unwrap().iter())
        .map(|r| {
            let errors = (r["errors"].as_array().unwrap().iter())
                .map(|e| format!("{}: {}", e["path"], e["message"]))
                .collect();
            (r["file"].as_str().unwrap().to_string(), errors)
        })
        .collect()
}

/// Every export document of a built site: the index and each campaign.json.
fn documents(out: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = (read_tree(out).into_keys())
        .filter(|f| f == "campaigns.json" || f.ends_with("/campaign.json"))
        .map(|f| out.join(f))
        .collect();
    files.sort();
    files
}

fn assert_valid(out: &Path, expected: usize) {
    let files = documents(out);
    assert_eq!(files.len(), expected, "{files:?}");
    let results = validate(&files);
    assert_eq!(results.len(), files.len());
    for (file, errors) in results {
        assert!(
            errors.is_empty(),
            "{file} does not match {SCHEMA}: {errors:#?}"
        );
    }
    for file in &files {
        let doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        assert_every_address_exists(out, &doc);
    }
}

#[test]
fn the_committed_schema_is_the_one_the_export_types_generate() {
    let generated = noticeboard::render::export::schema();
    let path = repo().join(SCHEMA);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA} is not what the export types generate; write it again with \
         `cargo run -- schema` and review the diff"
    );
    let schema: Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
}

/// Two campaigns in two languages, and the index.
#[test]
fn every_document_of_the_example_site_matches_the_schema() {
    assert_valid(example(), 5);
}

/// The fixtures hold what the examples lack: a session on repeated
/// weekdays with booking, one whose date is to be announced, deadlines
/// counted in working days from a session, items for a role (fitness);
/// a zone with summer time and a cancelled session (calendar site); a
/// campaign in one language and a third site language.
#[test]
fn every_document_of_the_fixture_sites_matches_the_schema() {
    for (fixture, documents) in [
        ("fitness-test", 2),
        ("calendar-site", 3),
        ("three-languages", 4),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        build_ok(&with_theme(&fixture_path(fixture)), tmp.path());
        assert_valid(tmp.path(), documents);
    }
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&campaign_languages_site(), tmp.path());
    // Two campaigns: one in Chinese only, one in both languages.
    assert_valid(tmp.path(), 4);
    let index = json(tmp.path(), "campaigns.json");
    let editions = |id: &str| -> Vec<String> {
        let c = (index["campaigns"].as_array().unwrap().iter())
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} not in the index"));
        (c["editions"].as_array().unwrap().iter())
            .map(|e| e["language"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(editions("photos-2025"), ["zh-CN"]);
    assert_eq!(editions("photos-2025-translated"), ["zh-CN", "en"]);
    assert!(!tmp.path().join("en/photos-2025/campaign.json").exists());
}

fn fixture_path(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The validator is not a rubber stamp: documents broken in ways a
/// consumer would trip over are rejected, each at its place.
#[test]
fn broken_documents_are_rejected() {
    let out = example();
    let good = json(out, &format!("en/{HITSZ}/campaign.json"));
    let tmp = tempfile::tempdir().unwrap();
    let mut cases: Vec<(&str, Value, &str)> = Vec::new();

    let mut no_format = good.clone();
    no_format.as_object_mut().unwrap().remove("format");
    cases.push(("no-format", no_format, "'format' is a required property"));

    let mut floating = good.clone();
    floating["sessions"][0]["occurrences"][0]["start"] = "2025-11-11T15:30:00".into();
    cases.push(("floating", floating, "does not match"));

    let mut no_url = good.clone();
    (no_url["addresses"]["calendar"].as_object_mut().unwrap()).remove("url");
    cases.push(("no-url", no_url, "'url' is a required property"));

    let mut unknown_kind = good.clone();
    unknown_kind["deadlines"][0]["when"]["kind"] = "sometime".into();
    cases.push(("unknown-kind", unknown_kind, "'window' was expected"));

    let mut files = Vec::new();
    for (name, doc, _) in &cases {
        let file = tmp.path().join(format!("{name}.json"));
        std::fs::write(&file, serde_json::to_vec(doc).unwrap()).unwrap();
        files.push(file);
    }
    let good_file = tmp.path().join("good.json");
    std::fs::write(&good_file, serde_json::to_vec(&good).unwrap()).unwrap();
    files.push(good_file);

    let results = validate(&files);
    for ((name, _, expected), (file, errors)) in cases.iter().zip(&results) {
        assert!(file.ends_with(&format!("{name}.json")));
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{name}: expected an error saying {expected:?}, got {errors:#?}"
        );
    }
    let (_, errors) = results.last().unwrap();
    assert!(errors.is_empty(), "the unbroken copy: {errors:#?}");
}

/// The HITSZ offline collection on 11 November 2025, 15:30-17:00 Beijing
/// time, and the computer science school's slot in it, 16:10-16:30.
#[test]
fn sessions_and_slots_are_instants_with_the_offset() {
    let out = example();
    let c = json(out, &format!("en/{HITSZ}/campaign.json"));
    assert_eq!(c["document"], "campaign");
    assert_eq!(c["format"], 1);
    assert_eq!(c["language"], "en");
    assert_eq!(c["id"], HITSZ);
    assert_eq!(c["time_zone"], "Asia/Shanghai");
    assert_eq!(
        c["summary"],
        "Department of Academic Affairs Notice [2025] No. 268"
    );
    let session = &c["sessions"][0];
    assert_eq!(session["id"], "offline-collection");
    assert_eq!(session["time_zone"], "Asia/Shanghai");
    assert_eq!(session["venues"][0], "student-activity-center");
    let occurrence = &session["occurrences"][0];
    assert_eq!(occurrence["start"], "2025-11-11T15:30:00+08:00");
    assert_eq!(occurrence["end"], "2025-11-11T17:00:00+08:00");

    let school = (session["schools"].as_array().unwrap().iter())
        .find(|s| s["school"] == "computer-science-technology")
        .expect("the school comes to the session");
    assert_eq!(school["name"], "School of Computer Science and Technology");
    let slot = &school["slots"][0];
    assert_eq!(slot["date"], "2025-11-11");
    assert_eq!(slot["start"], "2025-11-11T16:10:00+08:00");
    assert_eq!(slot["end"], "2025-11-11T16:30:00+08:00");
    assert_eq!(slot["arrive_by"], "2025-11-11T15:55:00+08:00");
    assert_eq!(slot["venues"][0], "student-activity-center");
    // The school's own calendar file for the session exists and says so.
    let ics = std::fs::read_to_string(file_at(out, &school["calendar"])).unwrap();
    assert!(
        ics.contains("DTSTART;TZID=Asia/Shanghai:20251111T161000"),
        "{ics}"
    );

    let deadline = &c["deadlines"][0];
    assert_eq!(deadline["id"], "code-and-payment");
    assert_eq!(deadline["when"]["kind"], "window");
    assert_eq!(
        deadline["when"]["start"]["instant"],
        "2025-11-06T00:00:00+08:00"
    );
    assert_eq!(deadline["when"]["end"]["date"], "2025-11-10");
    let relative = &c["deadlines"][2];
    assert_eq!(relative["when"]["kind"], "relative");
    assert_eq!(relative["when"]["offset"]["unit"], "working_days");
    assert_eq!(relative["when"]["offset"]["count"], 5);
    assert!(
        relative.get("calendar").is_none(),
        "a relative deadline has no date"
    );

    // The Chinese document has the same schedule, in Chinese.
    let zh = json(out, &format!("zh-CN/{HITSZ}/campaign.json"));
    assert_eq!(zh["sessions"][0]["occurrences"], session["occurrences"]);
    assert_eq!(zh["sessions"][0]["title"], "线下集中图像采集");
}

/// Every address in the documents names a file the build wrote: the
/// feeds, pages, the attachment file (the same bytes as the content's),
/// and every campaign.json the index lists.
#[test]
fn addresses_name_files_that_exist() {
    let out = example();
    let index = json(out, "campaigns.json");
    assert_eq!(index["document"], "index");
    let ids: Vec<&str> = (index["campaigns"].as_array().unwrap().iter())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [HITSZ, SYSU]);
    let mut documents = 0;
    for entry in index["campaigns"].as_array().unwrap() {
        for edition in entry["editions"].as_array().unwrap() {
            let c: Value =
                serde_json::from_slice(&std::fs::read(file_at(out, &edition["json"])).unwrap())
                    .unwrap();
            assert_eq!(c["id"], entry["id"]);
            assert_eq!(c["language"], edition["language"]);
            assert_eq!(c["title"], edition["title"]);
            for address in [&edition["notice"], &edition["calendar"]] {
                assert!(file_at(out, address).is_file(), "{address}");
            }
            assert_every_address_exists(out, &c);
            documents += 1;
        }
    }
    assert_eq!(documents, 4);

    let sysu = json(out, &format!("zh-CN/{SYSU}/campaign.json"));
    let schedule = (sysu["attachments"].as_array().unwrap().iter())
        .find(|a| a["id"] == "schedule")
        .expect("the schedule attachment");
    let file = &schedule["file"];
    assert_eq!(file["type"], "xlsx");
    assert_eq!(
        file["address"]["path"],
        format!("/files/{SYSU}/attachments/schedule.xlsx")
    );
    let published = std::fs::read(file_at(out, &file["address"])).unwrap();
    let source =
        std::fs::read(repo().join(format!("content/{SYSU}/attachments/schedule.xlsx"))).unwrap();
    assert!(published == source, "the published file differs");
    assert_eq!(file["size"], source.len());
    // Saved under the name the notice page's link gives it.
    let name = file["download_name"].as_str().unwrap();
    assert_eq!(
        name,
        "附件4 各校园2026年预毕业研究生学历相片采集时间安排.xlsx"
    );
    let page = std::fs::read_to_string(file_at(out, &sysu["addresses"]["notice"])).unwrap();
    assert!(page.contains(&format!("download=\"{name}\"")));

    let feed = &sysu["addresses"]["calendar"];
    assert_eq!(
        feed["url"],
        format!("https://notices.example.edu.cn/zh-CN/{SYSU}/calendar.ics")
    );
    let school = (sysu["schools"].as_array().unwrap().iter())
        .find(|s| s["id"] == "history")
        .unwrap();
    let ics = std::fs::read_to_string(file_at(out, &school["calendar"])).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
}

/// Walks a document and checks that each address (an object with `path`
/// and `url`) names a file in the output.
fn assert_every_address_exists(out: &Path, v: &Value) {
    assert_addresses_under(out, v, "https://notices.example.edu.cn/");
}

fn assert_addresses_under(out: &Path, v: &Value, base_url: &str) {
    match v {
        Value::Object(map) if map.contains_key("path") && map.contains_key("url") => {
            assert!(file_under(out, v, base_url).is_file(), "no file at {v}");
        }
        Value::Object(map) => (map.values()).for_each(|x| assert_addresses_under(out, x, base_url)),
        Value::Array(items) => {
            (items.iter()).for_each(|x| assert_addresses_under(out, x, base_url))
        }
        _ => {}
    }
}

/// A moved session reaches the change log with what it was and what it
/// became, as instants in the campaign's zone.
#[test]
fn the_change_log_says_what_moved() {
    let site = changed_example_site();
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&site, tmp.path());
    let c = json(tmp.path(), &format!("en/{HITSZ}/campaign.json"));
    let changes = c["changes"].as_array().unwrap();
    let change = (changes.iter())
        .find(|ch| ch["item"] == "session-offline-collection")
        .unwrap_or_else(|| panic!("no change of the session: {changes:#?}"));
    assert_eq!(change["before"]["start"], "2025-11-11T15:30:00+08:00");
    assert_eq!(change["after"]["start"], "2025-11-12T15:30:00+08:00");
    assert!(change["on"].as_str().unwrap().ends_with("+08:00"));
    // The example itself has no change yet.
    let unchanged = json(example(), &format!("en/{HITSZ}/campaign.json"));
    assert_eq!(unchanged["changes"], Value::Array(Vec::new()));
}

/// Europe/Berlin: the offset follows summer time (the calendar site's
/// deadline on 1 July 2026 is +02:00, its day in late October +01:00).
#[test]
fn offsets_follow_summer_time() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&with_theme(&fixture_path("calendar-site")), tmp.path());
    let docs = documents(tmp.path());
    let doc = docs.iter().find(|f| f.ends_with("campaign.json")).unwrap();
    let c: Value = serde_json::from_slice(&std::fs::read(doc).unwrap()).unwrap();
    assert_eq!(c["time_zone"], "Europe/Berlin");
    let instants: Vec<&str> = (c["deadlines"].as_array().unwrap().iter())
        .filter(|d| d["when"]["kind"] == "at")
        .map(|d| d["when"]["instant"].as_str().unwrap())
        .collect();
    assert_eq!(
        instants,
        ["2026-07-01T17:00:00+02:00", "2026-10-26T17:00:00+01:00"]
    );
    let cancelled = (c["sessions"].as_array().unwrap().iter())
        .filter(|s| s["status"] == "cancelled")
        .count();
    assert_eq!(cancelled, 1);
}

/// A rebuild after one campaign changed keeps the other campaign's
/// campaign.json as it was (the same file), writes the changed one and the
/// index again, and gives what a build from scratch gives.
#[test]
fn a_rebuild_keeps_the_json_of_unchanged_campaigns() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_example_site(&site);
    let out = site.join("public");
    build_ok(&site, &out);
    let inode = |file: &str| std::fs::metadata(out.join(file)).unwrap().ino();
    let kept = format!("en/{SYSU}/campaign.json");
    let changed = format!("en/{HITSZ}/campaign.json");
    let before = (inode(&kept), inode(&changed), inode("campaigns.json"));

    let yaml = site.join(format!("content/{HITSZ}/campaign.yaml"));
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text.replacen("15:30-17:00", "15:00-17:00", 1)).unwrap();
    build_ok(&site, &out);
    assert_eq!(inode(&kept), before.0, "{kept} was written again");
    assert_ne!(inode(&changed), before.1, "{changed} was kept");
    assert_ne!(inode("campaigns.json"), before.2, "the index was kept");
    let c = json(&out, &changed);
    assert_eq!(
        c["sessions"][0]["occurrences"][0]["start"],
        "2025-11-11T15:00:00+08:00"
    );

    let fresh = tmp.path().join("fresh");
    build_ok(&site, &fresh);
    for file in documents(&fresh) {
        let rel = file.strip_prefix(&fresh).unwrap();
        assert!(
            std::fs::read(&file).unwrap() == std::fs::read(out.join(rel)).unwrap(),
            "{} differs from a fresh build",
            rel.display()
        );
    }
}

/// A site published under a sub-path: every `path` includes it, every
/// `url` is under the base URL, and both name the files the build wrote.
#[test]
fn addresses_under_a_sub_path() {
    let site = with_theme(&fixture_path("basic"));
    let config = site.join("noticeboard.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    let base = "https://www.example.edu.cn/notices/";
    std::fs::write(
        &config,
        yaml.replace("https://notices.example.edu.cn/", base),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&site, tmp.path());
    let index = json(tmp.path(), "campaigns.json");
    assert_eq!(index["base_url"], base);
    let c = json(tmp.path(), "en/photos-2025/campaign.json");
    assert_eq!(
        c["addresses"]["calendar"]["path"],
        "/notices/en/photos-2025/calendar.ics"
    );
    for doc in [&index, &c] {
        assert_addresses_under(tmp.path(), doc, base);
    }
}

/// The states the examples lack, from the fitness test fixture: a session
/// on weekdays over six weeks less a holiday, one to be announced, a
/// booking window with times, a school with two labelled slots, a
/// deadline counted back in working days (to a make-up working day), a
/// school office's item.
#[test]
fn every_state_of_the_fitness_fixture() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&with_theme(&fixture_path("fitness-test")), tmp.path());
    let c = json(tmp.path(), "zh-CN/fitness-2025-autumn/campaign.json");
    let item = |list: &str, id: &str| -> Value {
        (c[list].as_array().unwrap().iter())
            .find(|x| x["id"] == id)
            .unwrap_or_else(|| panic!("no {list} `{id}`"))
            .clone()
    };

    let open = item("sessions", "open-testing");
    assert_eq!(open["repeat"]["kind"], "weekly");
    assert_eq!(open["repeat"]["except"][0]["first"], "2025-10-01");
    let days = open["days"].as_array().unwrap();
    assert_eq!(days.len(), 24, "30 weekdays less 6 of the holiday");
    assert!(!days.contains(&Value::from("2025-10-08")));
    assert_eq!(open["occurrences"].as_array().unwrap().len(), 24);
    assert_eq!(open["times"][0]["end_stated"], false);
    assert_eq!(open["occurrences"][0]["start"], "2025-09-22T18:30:00+08:00");

    let indoor = item("sessions", "indoor-test");
    assert_eq!(indoor["booking"]["opens"]["kind"], "at");
    assert_eq!(
        indoor["booking"]["opens"]["instant"],
        "2025-09-15T10:00:00+08:00"
    );
    assert_eq!(
        indoor["booking"]["closes"]["instant"],
        "2025-09-19T23:00:00+08:00"
    );
    assert_eq!(indoor["rounds"][1], "10:00");
    let languages = (indoor["schools"].as_array().unwrap().iter())
        .find(|s| s["school"] == "school-of-foreign-languages")
        .unwrap();
    let slots: Vec<(&str, &str)> = (languages["slots"].as_array().unwrap().iter())
        .map(|s| (s["start"].as_str().unwrap(), s["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        slots,
        [
            ("2025-10-09T08:30:00+08:00", "2025级"),
            ("2025-10-09T14:00:00+08:00", "2024级")
        ]
    );

    let pending = item("sessions", "make-up-test");
    assert_eq!(pending["announced"], false);
    assert_eq!(pending["pending_note"], "预计11月中旬，具体时间另行通知");
    assert_eq!(pending["days"], Value::Array(Vec::new()));
    assert!(pending.get("calendar").is_none());

    let roster = item("deadlines", "roster");
    assert_eq!(roster["when"]["kind"], "counted");
    assert_eq!(roster["when"]["from"]["session"], "indoor-test");
    assert_eq!(roster["when"]["direction"], "before");
    assert_eq!(roster["when"]["count"]["unit"], "working_days");
    // 9 October less three working days, over the National Day holiday:
    // Sunday 28 September is a make-up working day.
    assert_eq!(roster["days"]["first"], "2025-09-28");
    assert_eq!(roster["audience"]["kind"], "role");
    assert_eq!(roster["audience"]["role"], "school-office");

    let index = json(tmp.path(), "campaigns.json");
    assert_eq!(index["campaigns"][0]["pending"], true);
}
