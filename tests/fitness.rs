//! The fitness-test fixture (issue 12, item 9): a notice in Chinese only,
//! on a site in Chinese and English, with the scheduling facts of a
//! university's fitness test, built by the real command and read back by
//! two independent calendar parsers, Mozilla's ical.js and Python's
//! icalendar (with dateutil expanding repeats).
//!
//! The facts asserted are the notice's own: open testing every Monday to
//! Friday from 18:30 Beijing time (10:30Z), 22 September to 31 October
//! 2025 less 1 to 8 October, is 24 evenings; the make-up test has no date
//! yet, so no calendar has it; the schools' roster is due 3 working days
//! before Thursday 9 October, which is Sunday 28 September (a make-up
//! working day), and is for school offices, so only their staff feeds have
//! it; booking opens 15 September 10:00 and closes 19 September 23:00.
//!
//! The tools come from `scripts/install-test-tools`; when one is missing
//! these tests fail and say so, never skip.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde_json::{Value as Json, json};

use common::{icaljs, python_icalendar};

const CAMPAIGN: &str = "fitness-2025-autumn";
const FOLDER: &str = "zh-CN/fitness-2025-autumn";
const SCHOOLS: [&str; 3] = [
    "school-of-economics",
    "school-of-foreign-languages",
    "school-of-mechanical-engineering",
];
const HOST: &str = "notices.example.edu.cn";

/// One parser's reading of the calendar files: output path -> UID -> event.
type Files = BTreeMap<String, BTreeMap<String, Json>>;

/// The fixture built once per test process, with both parsers' reading
/// of every calendar file in it.
struct Built {
    out: PathBuf,
    /// Per parser: "ical.js" or "icalendar", and what it read.
    dumps: Vec<(&'static str, Files)>,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("fitness")
            .join(format!("out-{}", std::process::id()));
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        common::build_ok(&common::fixture("fitness-test"), &out);
        let files: Vec<String> = common::read_tree(&out)
            .into_keys()
            .filter(|f| f.ends_with(".ics"))
            .collect();
        let paths: Vec<PathBuf> = files.iter().map(|f| out.join(f)).collect();
        let dumps = vec![
            ("ical.js", by_file(&files, &paths, icaljs(&paths))),
            (
                "icalendar",
                by_file(&files, &paths, python_icalendar(&paths)),
            ),
        ];
        assert_eq!(
            dumps[0].1, dumps[1].1,
            "ical.js and icalendar read the calendars differently"
        );
        Built { out, dumps }
    })
}

/// One parser's dump as output path -> UID -> event, after checking that
/// it read every file, with no errors and no UID twice.
fn by_file(files: &[String], paths: &[PathBuf], dump: Json) -> Files {
    let dump = dump.as_array().expect("a list of files");
    assert_eq!(dump.len(), files.len());
    let mut found = BTreeMap::new();
    for ((rel, path), file) in files.iter().zip(paths).zip(dump) {
        assert_eq!(file["file"], path.to_str().unwrap());
        assert_eq!(file["errors"], json!([]), "{rel}");
        let list = file["events"].as_array().unwrap();
        let events: BTreeMap<String, Json> = list
            .iter()
            .map(|e| (e["uid"].as_str().unwrap().to_string(), e.clone()))
            .collect();
        assert_eq!(events.len(), list.len(), "a UID twice in {rel}");
        found.insert(rel.clone(), events);
    }
    found
}

/// The UID of an item of the campaign, for the campaign (`None`) or for a
/// school.
fn uid(kind: &str, id: &str, school: Option<&str>) -> String {
    let school = school.map(|s| format!(".school-{s}")).unwrap_or_default();
    format!("{kind}-{id}{school}.{CAMPAIGN}@{HOST}")
}

fn campaign_feed() -> String {
    format!("{FOLDER}/calendar.ics")
}

fn school_feed(school: &str) -> String {
    format!("{FOLDER}/schools/{school}/calendar.ics")
}

fn staff_feed(school: &str) -> String {
    format!("{FOLDER}/schools/{school}/staff.ics")
}

/// The student feeds: the campaign's and every school's.
fn student_feeds() -> Vec<(String, Option<&'static str>)> {
    let mut feeds = vec![(campaign_feed(), None)];
    feeds.extend(SCHOOLS.iter().map(|s| (school_feed(s), Some(*s))));
    feeds
}

/// The event `uid` of the file `rel` as `tool` read it.
fn event<'a>(tool: &str, files: &'a Files, rel: &str, uid: &str) -> &'a Json {
    let events = files
        .get(rel)
        .unwrap_or_else(|| panic!("{rel} is not built"));
    events
        .get(uid)
        .unwrap_or_else(|| panic!("{tool}: no {uid} in {rel}; it has {:?}", events.keys()))
}

fn page(rel: &str) -> String {
    let file = built().out.join(rel);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// `noticeboard check` passes with no error and no warning: its one note
/// is the make-up test's date, to be announced.
#[test]
fn check_passes_with_only_the_pending_note() {
    let output = Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .arg("--root")
        .arg(common::fixture("fitness-test"))
        .arg("check")
        .output()
        .expect("run noticeboard");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let all = format!("{stdout}{stderr}");
    assert!(output.status.success(), "{all}");
    assert!(
        all.contains("check passed: 0 warning(s), 1 note(s)"),
        "{all}"
    );
    assert!(
        all.contains("note: session `make-up-test`: date to be announced"),
        "{all}"
    );
    assert!(
        !all.contains("error:") && !all.contains("warning:"),
        "{all}"
    );
}

/// The site has the school folders the tests name, and the campaign is
/// published in Chinese only: no English pages, and the English home page
/// lists it in Chinese, marked so.
#[test]
fn the_campaign_is_in_chinese_only_with_three_schools() {
    let out = &built().out;
    let mut schools: Vec<String> = std::fs::read_dir(out.join(FOLDER).join("schools"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    schools.sort();
    assert_eq!(schools, SCHOOLS);
    assert!(!out.join("en").join(CAMPAIGN).exists());
    let home = page("en/index.html");
    assert!(
        home.contains(&format!(
            "<a href=\"../{FOLDER}/\" hreflang=\"zh-CN\">关于开展2025年秋季学期《国家学生体质健康标准》测试工作的通知</a><span class=\"language\" lang=\"en\"> (Chinese)</span>"
        )),
        "{home}"
    );
}

/// Open testing is one repeating event that both parsers expand to the
/// same 24 evenings at 18:30 Beijing time, each lasting the campaign's
/// default 120 minutes, in the campaign feed, in every school's feed and
/// in every school's "add this one" file; every school's page shows it.
#[test]
fn open_testing_is_24_evenings_in_every_student_feed_and_school_page() {
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    let holiday = date("2025-10-01")..=date("2025-10-08");
    let evenings: Vec<String> = date("2025-09-22")
        .iter_days()
        .take_while(|d| *d <= date("2025-10-31"))
        .filter(|d| d.weekday().number_from_monday() <= 5 && !holiday.contains(d))
        .map(|d| format!("{d}T10:30:00Z"))
        .collect();
    assert_eq!(evenings.len(), 24);
    assert_eq!(evenings.first().unwrap(), "2025-09-22T10:30:00Z");
    assert_eq!(evenings.last().unwrap(), "2025-10-31T10:30:00Z");
    // The last evening before the holiday and the first after it.
    let around = ["2025-09-30T10:30:00Z", "2025-10-09T10:30:00Z"];
    assert_eq!(evenings[6..8], around);

    let mut files = student_feeds();
    files.push((format!("{FOLDER}/events/session-open-testing.ics"), None));
    for school in SCHOOLS {
        let single = format!("{FOLDER}/schools/{school}/session-open-testing.ics");
        files.push((single, Some(school)));
    }
    for (tool, dump) in &built().dumps {
        for (rel, school) in &files {
            let e = event(tool, dump, rel, &uid("session", "open-testing", *school));
            assert_eq!(e["occurrences"], json!(evenings), "{tool}: {rel}");
            assert_eq!(
                e["start"],
                json!({"utc": "2025-09-22T10:30:00Z", "tzid": "Asia/Shanghai"}),
                "{tool}: {rel}"
            );
            assert_eq!(
                e["end"],
                json!({"utc": "2025-09-22T12:30:00Z", "tzid": "Asia/Shanghai"}),
                "{tool}: {rel}: default_session_minutes is 120"
            );
        }
    }

    for school in SCHOOLS {
        let html = page(&format!("{FOLDER}/schools/{school}/index.html"));
        let card = html
            .split("<div class=\"session-card\">")
            .find(|card| card.contains("href=\"session-open-testing.ics\""))
            .unwrap_or_else(|| panic!("no open testing card on {school}'s page"));
        for text in [
            "<p class=\"session-date\">每周一至周五，2025年9月22日至10月31日（10月1日至8日除外）</p>",
            "<p class=\"session-time\">18:30 起</p>",
            "<dd class=\"venue-name\">田径场</dd>",
        ] {
            assert!(card.contains(text), "{school}: {text} not in {card}");
        }
    }
}

/// The make-up test has no date yet: no calendar file has an event of it,
/// and no "add this one" file is written; the pages say it is to be
/// announced, with the notice's words.
#[test]
fn the_make_up_test_is_in_no_feed() {
    let b = built();
    assert!(b.dumps[0].1.len() > SCHOOLS.len(), "too few calendar files");
    for (tool, dump) in &b.dumps {
        for (rel, events) in dump {
            assert!(!rel.contains("make-up-test"), "{rel} is built");
            for uid in events.keys() {
                assert!(
                    !uid.starts_with("session-make-up-test"),
                    "{tool}: {uid} in {rel}"
                );
            }
        }
    }
    for rel in [
        format!("{FOLDER}/index.html"),
        format!("{FOLDER}/schools/school-of-economics/index.html"),
    ] {
        let html = page(&rel);
        assert!(html.contains("预计11月中旬，具体时间另行通知"), "{rel}");
        assert!(html.contains("待定"), "{rel}");
    }
}

/// The roster is due on Sunday 28 September 2025, 3 working days before
/// Thursday 9 October across the National Day holiday (28 September was
/// worked in exchange). It is for school offices: each school's staff
/// feed has it as an all-day event on that day, and no student feed has
/// it.
#[test]
fn the_roster_deadline_is_only_in_the_staff_feeds() {
    for (tool, dump) in &built().dumps {
        for (rel, _) in student_feeds() {
            let events = &dump[&rel];
            let roster: Vec<&String> = events
                .keys()
                .filter(|uid| uid.starts_with("deadline-roster"))
                .collect();
            assert!(roster.is_empty(), "{tool}: {roster:?} in {rel}");
            // One date for every school: one UID in every feed.
            assert!(
                events.contains_key(&uid("deadline", "exemption", None)),
                "{tool}: the students' exemption deadline is missing from {rel}"
            );
        }
        for school in SCHOOLS {
            let rel = staff_feed(school);
            let events = dump.get(&rel).unwrap_or_else(|| {
                panic!("{tool}: {rel} is not built (the staff feed of school offices)")
            });
            let roster: Vec<&Json> = events
                .iter()
                .filter(|(uid, _)| uid.starts_with("deadline-roster"))
                .map(|(_, e)| e)
                .collect();
            assert_eq!(roster.len(), 1, "{tool}: {rel}: {:?}", events.keys());
            assert_eq!(roster[0]["start"], json!({"date": "2025-09-28"}), "{tool}");
            assert_eq!(roster[0]["end"], json!({"date": "2025-09-29"}), "{tool}");
            // Counted from the session, so the same day for every school:
            // one deadline, with one UID in every school's staff feed.
            assert_eq!(
                roster[0]["uid"],
                uid("deadline", "roster", None).as_str(),
                "{tool}"
            );
        }
    }
}

/// Booking for the indoor test opens at 10:00 on 15 September and closes
/// at 23:00 on 19 September, Beijing time: a timed event in the campaign
/// feed and in the feeds of the schools at the indoor test (all three),
/// with one UID: it is one window for everyone.
#[test]
fn the_booking_window_is_an_event_from_15_to_19_september() {
    for (tool, dump) in &built().dumps {
        for (rel, _) in student_feeds() {
            let e = event(tool, dump, &rel, &uid("booking", "indoor-test", None));
            assert_eq!(
                e["start"],
                json!({"utc": "2025-09-15T02:00:00Z", "tzid": "Asia/Shanghai"}),
                "{tool}: {rel}"
            );
            assert_eq!(
                e["end"],
                json!({"utc": "2025-09-19T15:00:00Z", "tzid": "Asia/Shanghai"}),
                "{tool}: {rel}"
            );
            assert_eq!(e["occurrences"], Json::Null, "{tool}: {rel}");
        }
    }
    let html = page(&format!(
        "{FOLDER}/schools/school-of-foreign-languages/index.html"
    ));
    assert!(html.contains("须先预约"), "{html}");
    assert!(html.contains("“阳光体测”微信小程序"), "{html}");
}

/// On each school's page the roster is in the school offices' section,
/// after the students' part, with the staff feed offered there; the
/// students' deadlines list and key dates do not have it.
#[test]
fn the_roster_is_in_the_school_office_section_of_school_pages() {
    for school in SCHOOLS {
        let html = page(&format!("{FOLDER}/schools/{school}/index.html"));
        let (students, role) = html
            .split_once(r#"<section id="role-school-office" class="role">"#)
            .unwrap_or_else(|| panic!("{school}: no school offices' section"));
        assert!(
            !students.contains("报送"),
            "{school}: roster in the students' part"
        );
        assert!(
            students.contains("免测"),
            "{school}: the students' deadline is missing"
        );
        let role = role.split("</section>").next().unwrap();
        assert!(role.contains("<h2>学院办公室须知</h2>"), "{school}: {role}");
        assert!(role.contains("报送"), "{school}: no roster in the section");
        assert!(role.contains("2025年9月28日"), "{school}: {role}");
        assert!(
            html.contains(r#"href="staff.ics" type="text/calendar""#),
            "{school}: the staff feed is not offered"
        );
    }
}
