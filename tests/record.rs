//! The publication record (`noticeboard.lock`) keeps calendars true after
//! a notice changes: on a copy of the example site, move a session, delete
//! a deadline, rename a session, and read every calendar file with ical.js
//! and Python's icalendar, which must agree.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use serde_json::Value as Json;

const HITSZ: &str = "hitsz-2026-graduation-photos";

/// A copy of the example site with its record, built once.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn built() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_example_site_with_record(&root);
        let site = Site { _tmp: tmp, root };
        site.build("public").assert_ok();
        site
    }

    fn out(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        // Changes in these tests happen at one known moment.
        self.run_at("1762300800", args) // 2025-11-05T00:00:00Z
    }

    /// Runs noticeboard as if at `epoch` (seconds since 1970).
    fn run_at(&self, epoch: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_noticeboard"))
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .expect("run noticeboard")
    }

    fn build(&self, out: &str) -> Output {
        let out = self.out(out);
        self.run(&["build", "--out", out.to_str().unwrap()])
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn campaign_file(&self) -> String {
        format!("content/{HITSZ}/campaign.yaml")
    }
}

trait Succeeds {
    fn assert_ok(&self);
    fn stderr(&self) -> String;
}

impl Succeeds for Output {
    fn assert_ok(&self) {
        assert!(self.status.success(), "failed:\n{}", self.stderr());
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Every calendar file under `out`, parsed by both parsers: path -> UID ->
/// (SEQUENCE, STATUS, start), checked to agree and to have no errors.
fn events(out: &Path) -> BTreeMap<String, BTreeMap<String, (u64, String, String)>> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .collect();
    let read = |dump: Json| {
        let mut all = BTreeMap::new();
        for file in dump.as_array().unwrap() {
            let path = file["file"].as_str().unwrap();
            let path = Path::new(path).strip_prefix(out).unwrap();
            assert_eq!(file["errors"], Json::Array(vec![]), "{}", path.display());
            let mut events = BTreeMap::new();
            for e in file["events"].as_array().unwrap() {
                let start = &e["start"];
                let start = start["utc"].as_str().or(start["date"].as_str());
                events.insert(
                    e["uid"].as_str().unwrap().to_string(),
                    (
                        e["sequence"].as_u64().unwrap(),
                        e["status"].as_str().unwrap_or("").to_string(),
                        start.unwrap_or("").to_string(),
                    ),
                );
            }
            all.insert(path.to_string_lossy().into_owned(), events);
        }
        all
    };
    let by_icaljs = read(icaljs(&files));
    let by_python = read(python_icalendar(&files));
    assert_eq!(by_icaljs, by_python, "ical.js and icalendar disagree");
    by_icaljs
}

/// Replaces `from` with `to` in every Markdown file of the campaign.
fn replace_in_texts(site: &Site, from: &str, to: &str) {
    for entry in walkdir::WalkDir::new(site.root.join("content").join(HITSZ)) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace(from, to)).unwrap();
        }
    }
}

#[test]
fn the_example_site_ships_its_record_and_builds_locked() {
    let site = Site::built();
    let locked = site.run(&[
        "build",
        "--locked",
        "--out",
        site.out("again").to_str().unwrap(),
    ]);
    locked.assert_ok();
    assert_eq!(
        std::fs::read(site.root.join("noticeboard.lock")).unwrap(),
        std::fs::read(repo().join("noticeboard.lock")).unwrap(),
        "building the example site changes its record: rebuild it and commit noticeboard.lock"
    );
}

#[test]
fn a_moved_session_raises_the_sequence_of_its_events_only() {
    let site = Site::built();
    let before = events(&site.out("public"));
    site.edit(
        &site.campaign_file(),
        "date: 2025-11-11",
        "date: 2025-11-12",
    );
    // `--locked` refuses, naming the campaign, and changes nothing.
    let locked = site.run(&[
        "build",
        "--locked",
        "--out",
        site.out("locked").to_str().unwrap(),
    ]);
    assert!(!locked.status.success());
    assert!(
        locked
            .stderr()
            .contains(&format!("the next build records for {HITSZ}")),
        "{}",
        locked.stderr()
    );
    assert!(!site.out("locked").exists());
    // `check` says what the build will record.
    let check = site.run(&["check"]);
    check.assert_ok();
    assert!(
        check
            .stderr()
            .contains("changed (session-offline-collection"),
        "{}",
        check.stderr()
    );

    site.build("moved").assert_ok();
    let after = events(&site.out("moved"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same calendar files"
    );
    let (mut moved, mut kept) = (0, 0);
    for (path, old) in &before {
        let new = &after[path];
        assert_eq!(
            old.keys().collect::<Vec<_>>(),
            new.keys().collect::<Vec<_>>(),
            "{path}: the same UIDs"
        );
        for (uid, (seq, status, start)) in old {
            let (new_seq, new_status, new_start) = &new[uid];
            assert_eq!(status, new_status, "{path} {uid}");
            if uid.starts_with("session-offline-collection.") {
                assert!(start.starts_with("2025-11-11T"), "{path} {uid} {start}");
                assert!(
                    new_start.starts_with("2025-11-12T"),
                    "{path} {uid} {new_start}"
                );
                assert_eq!(*new_seq, seq + 1, "{path} {uid}: SEQUENCE one higher");
                moved += 1;
            } else {
                assert_eq!(
                    (new_seq, new_start),
                    (seq, start),
                    "{path} {uid}: unchanged"
                );
                kept += 1;
            }
        }
    }
    // The campaign's session, each school's slot, in feeds and event files.
    assert!(moved > 20 && kept > 20, "moved {moved}, kept {kept}");
    // The notice and every school page say what changed, old and new,
    // and mark the session in the timeline; the Atom feed has an entry.
    let page = |path: String| std::fs::read_to_string(site.out("moved").join(path)).unwrap();
    let change = |html: &str| {
        let start = html.find("<section id=\"changes\">").expect("a change log");
        html[start..start + html[start..].find("</section>").unwrap()].to_string()
    };
    let notice = page(format!("zh-CN/{HITSZ}/index.html"));
    let log = change(&notice);
    assert!(log.contains("2025年11月5日更新"), "{log}");
    assert!(log.contains("<del>2025年11月11日（星期二）"), "{log}");
    assert!(log.contains("<ins>2025年11月12日（星期三）"), "{log}");
    assert!(notice.contains("class=\"changed\" href=\"#changes\""));
    let schools = std::fs::read_dir(site.out("moved").join(format!("en/{HITSZ}/schools"))).unwrap();
    for school in schools {
        let html = std::fs::read_to_string(school.unwrap().path().join("index.html")).unwrap();
        let log = change(&html);
        assert!(log.contains("<del>Tuesday 11 November 2025"), "{log}");
        assert!(log.contains("<ins>Wednesday 12 November 2025"), "{log}");
    }
    let atom = page("en/atom.xml".into());
    assert!(
        atom.contains(&format!("/en/{HITSZ}/#changes-20251105T000000Z</id>")),
        "{atom}"
    );
    assert!(!change(&page(format!("en/{HITSZ}/index.html"))).is_empty());
    // The unchanged campaign has no change log.
    assert!(!page("en/sysu-2026-graduation-photos/index.html".into()).contains("id=\"changes\""));
    // The record now holds the change: a further build is byte-identical.
    site.build("again").assert_ok();
    assert_eq!(read_tree(&site.out("moved")), read_tree(&site.out("again")));
    site.run(&[
        "build",
        "--locked",
        "--out",
        site.out("locked").to_str().unwrap(),
    ])
    .assert_ok();
}

#[test]
fn a_deleted_deadline_stays_cancelled_in_its_feeds_and_file() {
    let site = Site::built();
    let before = events(&site.out("public"));
    let file = format!("en/{HITSZ}/events/deadline-online-collection.ics");
    let (uid, (seq, _, start)) = before[&file]
        .iter()
        .next()
        .map(|(u, e)| (u.clone(), e.clone()))
        .unwrap();
    // Remove the deadline's entry: from its `- id:` line to the next one.
    let path = site.root.join(site.campaign_file());
    let text = std::fs::read_to_string(&path).unwrap();
    let from = text.find("  - id: online-collection\n").unwrap();
    let to = from + 1 + text[from + 1..].find("  - id: ").unwrap();
    std::fs::write(&path, format!("{}{}", &text[..from], &text[to..])).unwrap();
    // A step and the texts named it.
    site.edit(
        &site.campaign_file(),
        "[online-collection, check-review-result]",
        "[check-review-result]",
    );
    replace_in_texts(
        &site,
        "{{ campaign.deadline[\"online-collection\"].when_text }}",
        "…",
    );

    let check = site.run(&["check"]);
    assert!(
        check
            .stderr()
            .contains("deadline `online-collection` was published"),
        "{}",
        check.stderr()
    );
    site.build("deleted").assert_ok();
    let after = events(&site.out("deleted"));
    // Its event file is still served, cancelled, with the same UID.
    assert_eq!(
        after[&file][&uid],
        (seq + 1, "CANCELLED".to_string(), start.clone())
    );
    // And so is it in every feed that had it.
    let feeds: Vec<&String> = before
        .iter()
        .filter(|(_, e)| e.contains_key(&uid))
        .map(|(p, _)| p)
        .collect();
    assert!(feeds.len() > 2, "{feeds:?}");
    for feed in &feeds {
        assert_eq!(after[*feed][&uid].1, "CANCELLED", "{feed}");
        assert_eq!(after[*feed][&uid].0, seq + 1, "{feed}");
    }

    // Long after the deadline, a build into the same folder with nothing
    // changed (which keeps unchanged campaigns' output) still drops the
    // cancelled event: its time to stay has passed.
    let out = site.out("deleted");
    let build = site.run_at("1798761600", &["build", "--out", out.to_str().unwrap()]); // 2027-01-01
    build.assert_ok();
    let later = events(&out);
    assert!(!later.contains_key(&file), "{file} is still published");
    for feed in feeds {
        let kept = later
            .get(feed)
            .is_some_and(|events| events.contains_key(&uid));
        assert!(!kept, "{feed} still has {uid}");
    }
    let record = std::fs::read_to_string(site.root.join("noticeboard.lock")).unwrap();
    assert!(!record.contains(&uid), "the record still holds {uid}");
}

#[test]
fn a_renamed_session_keeps_its_uid_only_when_it_says_so() {
    let site = Site::built();
    let before = events(&site.out("public"));
    let feed = format!("zh-CN/{HITSZ}/calendar.ics");
    let uid = before[&feed]
        .keys()
        .find(|u| u.starts_with("session-offline-collection."))
        .unwrap()
        .clone();
    site.edit(
        &site.campaign_file(),
        "  - id: offline-collection\n",
        "  - id: on-site\n",
    );
    replace_in_texts(&site, "[\"offline-collection\"]", "[\"on-site\"]");
    let check = site.run(&["check"]);
    assert!(
        check
            .stderr()
            .contains("session `offline-collection` was published"),
        "{}",
        check.stderr()
    );
    site.edit(
        &site.campaign_file(),
        "  - id: on-site\n",
        "  - id: on-site\n    was: offline-collection\n",
    );
    let check = site.run(&["check"]);
    check.assert_ok();
    assert!(
        !check.stderr().contains("was published"),
        "{}",
        check.stderr()
    );
    site.build("renamed").assert_ok();
    let after = events(&site.out("renamed"));
    assert_eq!(
        after[&feed][&uid], before[&feed][&uid],
        "the same UID, unchanged"
    );
}

#[test]
fn a_removed_school_keeps_its_calendar_with_its_events_cancelled() {
    let site = Site::built();
    let feed = format!("en/{HITSZ}/schools/science/calendar.ics");
    let before = events(&site.out("public"));
    assert!(!before[&feed].is_empty());
    site.edit(
        &site.campaign_file(),
        "  - id: science\n    name:\n      zh-CN: 理学院\n      en: School of Science\n",
        "",
    );
    site.edit(
        &site.campaign_file(),
        "[civil-environmental-engineering, science]",
        "[civil-environmental-engineering]",
    );
    let check = site.run(&["check"]);
    assert!(
        check.stderr().contains("school `science` was published"),
        "{}",
        check.stderr()
    );
    site.build("removed").assert_ok();
    let after = events(&site.out("removed"));
    assert!(
        !site
            .out("removed")
            .join(format!("en/{HITSZ}/schools/science/index.html"))
            .exists()
    );
    // The school's own events stay, cancelled; the deadlines it shared with
    // every school are still on and leave its calendar.
    let own: Vec<&String> = (before[&feed].keys())
        .filter(|u| u.contains(".school-science."))
        .collect();
    assert!(!own.is_empty());
    assert_eq!(own, after[&feed].keys().collect::<Vec<_>>());
    for uid in own {
        let (seq, _, start) = &before[&feed][uid];
        let cancelled = (seq + 1, "CANCELLED".to_string(), start.clone());
        assert_eq!(after[&feed][uid], cancelled, "{uid}");
    }
}

#[test]
fn a_renamed_school_keeps_its_address_and_uids() {
    let site = Site::built();
    let feed = format!("zh-CN/{HITSZ}/schools/economics-management/calendar.ics");
    let before = events(&site.out("public"));
    site.edit(
        &site.campaign_file(),
        "  - id: economics-management\n",
        "  - id: economics\n    was: economics-management\n",
    );
    site.edit(
        &site.campaign_file(),
        "schools: [economics-management]",
        "schools: [economics]",
    );
    let check = site.run(&["check"]);
    check.assert_ok();
    assert!(
        !check.stderr().contains("was published"),
        "{}",
        check.stderr()
    );
    site.build("renamed").assert_ok();
    let after = events(&site.out("renamed"));
    assert_eq!(after[&feed], before[&feed]);
    let page = format!("zh-CN/{HITSZ}/schools/economics-management/index.html");
    assert!(site.out("renamed").join(page).is_file());
    // Naming an id another school has is refused.
    site.edit(
        &site.campaign_file(),
        "was: economics-management",
        "was: science",
    );
    let check = site.run(&["check"]);
    assert!(!check.status.success());
    assert!(
        check
            .stderr()
            .contains("two schools would be published as `science`"),
        "{}",
        check.stderr()
    );
}
