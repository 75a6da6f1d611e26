//! Calendars through independent parsers, generated directly and as the
//! build writes them.
//!
//! Every feed and single-event file of a site is generated, written to disk
//! and read back by Mozilla's ical.js and by Python's icalendar, which must
//! report no errors and agree, event by event, on the UTC instants. The
//! facts asserted are the notices' own (a session at 15:30 Beijing time is
//! 07:30Z), so a wrong time zone, a missing VTIMEZONE or an off-by-one in
//! all-day ends fails here.
//!
//! The tools come from `scripts/install-test-tools`; when one is missing
//! these tests fail and say so, never skip.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use noticeboard::calendar;
use noticeboard::locales::Locales;
use noticeboard::model::{
    Bound, Campaign, Content, Deadline, School, Session, SessionStatus, When,
};
use noticeboard::plan;
use serde_json::{Value as Json, json};

use common::{campaign, icaljs, python_icalendar, repo};

/// The cases the example site lacks, above all a zone with daylight saving.
fn fixture() -> PathBuf {
    common::fixture("calendar-site")
}

/// The checked content and its interface strings (the calendar's words).
fn load(root: &Path) -> (Content, Locales) {
    let (content, diagnostics) = noticeboard::check(root);
    let content = content
        .unwrap_or_else(|| panic!("{} does not pass check: {diagnostics:?}", root.display()));
    let locales = Locales::load(root, &content.site).expect("the locales load");
    (content, locales)
}

fn session<'a>(c: &'a Campaign, id: &str) -> &'a noticeboard::model::Session {
    c.sessions.iter().find(|s| s.id == id).expect("the session")
}

fn deadline<'a>(c: &'a Campaign, id: &str) -> &'a noticeboard::model::Deadline {
    c.deadlines
        .iter()
        .find(|d| d.id == id)
        .expect("the deadline")
}

/// Every calendar file of the site, by output path, as a first build writes them.
fn generate(content: &Content, loc: &Locales) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for lang in &content.site.languages {
        for c in &content.campaigns {
            let moment = calendar::Moment {
                now: calendar::to_utc(c.timezone, c.updated),
                keep_cancelled: content.site.keep_cancelled,
            };
            let stamped = noticeboard::render::calendars::campaign_files(
                content, loc, c, lang, None, &moment,
            );
            files.extend(stamped.files);
        }
    }
    files
}

/// Writes the files under `target/tmp/calendar/<name>/` (kept for reading
/// after a failure) and returns their paths.
fn write(name: &str, files: &BTreeMap<String, String>) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("calendar")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    files
        .iter()
        .map(|(path, text)| {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, text).unwrap();
            file
        })
        .collect()
}

/// Both parsers' dumps, checked for errors and agreement; keyed by output
/// path, then UID.
fn parse_all(name: &str, files: &BTreeMap<String, String>) -> Parsed {
    let paths = write(name, files);
    let js = icaljs(&paths);
    let py = python_icalendar(&paths);
    let (js, py) = (js.as_array().unwrap(), py.as_array().unwrap());
    assert_eq!((js.len(), py.len()), (paths.len(), paths.len()));
    let mut parsed = BTreeMap::new();
    for ((path, file), (js, py)) in files.keys().zip(&paths).zip(js.iter().zip(py)) {
        for (tool, dump) in [("ical.js", js), ("icalendar", py)] {
            assert_eq!(dump["file"], file.to_str().unwrap());
            assert_eq!(dump["errors"], Json::Array(vec![]), "{tool} on {path}");
        }
        assert_eq!(js["timezones"], py["timezones"], "{path}");
        assert_eq!(js["name"], py["name"], "{path}");
        assert_eq!(js["method"], py["method"], "{path}");
        let events = |dump: &Json| -> BTreeMap<String, Json> {
            dump["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["uid"].as_str().unwrap().to_string(), e.clone()))
                .collect()
        };
        let (js_events, py_events) = (events(js), events(py));
        assert_eq!(
            js_events.len(),
            js["events"].as_array().unwrap().len(),
            "duplicate UID in {path}"
        );
        assert_eq!(
            js_events, py_events,
            "ical.js and icalendar disagree on {path}"
        );
        let name = js["name"].as_str().unwrap_or_default().to_string();
        parsed.insert(path.clone(), (name, js_events));
    }
    parsed
}

/// The example site at the repository root: the two real notices.
fn notices_site() -> PathBuf {
    repo()
}

/// The events of one parsed file, by UID.
fn file<'a>(parsed: &'a Parsed, path: &plan::OutPath) -> &'a BTreeMap<String, Json> {
    &parsed
        .get(&path.0)
        .unwrap_or_else(|| panic!("no file {}", path.0))
        .1
}

/// The calendar name (X-WR-CALNAME) of one parsed file.
fn name<'a>(parsed: &'a Parsed, path: &plan::OutPath) -> &'a str {
    &parsed[&path.0].0
}

/// The instant of a local time in the campaign's zone, by chrono-tz (not by
/// the VTIMEZONE under test).
fn utc(c: &Campaign, local: NaiveDateTime) -> String {
    let t = c.timezone.from_local_datetime(&local).earliest().unwrap();
    t.with_timezone(&Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn instant(c: &Campaign, local: NaiveDateTime) -> Json {
    json!({"utc": utc(c, local), "tzid": c.timezone.name()})
}

fn day(d: NaiveDate) -> Json {
    json!({"date": d.to_string()})
}

fn uid(c: &Campaign, kind: &str, id: &str, school: Option<&School>) -> String {
    part_uid(c, kind, id, school, 0)
}

/// The UID of a session's block `part` (0 for the first, which has the
/// session's own UID).
fn part_uid(c: &Campaign, kind: &str, id: &str, school: Option<&School>, part: usize) -> String {
    let school = school
        .map(|s| format!(".school-{}", s.id))
        .unwrap_or_default();
    let part = match part {
        0 => String::new(),
        n => format!(".part-{}", n + 1),
    };
    format!("{kind}-{id}{school}{part}.{}@notices.example.edu.cn", c.id)
}

/// A deadline's UID in `school`'s feed: its own only when its date is
/// counted from each school's slot and differs between schools.
fn deadline_uid(c: &Campaign, d: &Deadline, school: &School) -> String {
    let own = c.deadline_days(d, None).is_none();
    uid(c, "deadline", &d.id, own.then_some(school))
}

/// What every file of `content` must say, derived from the model and
/// compared with what both parsers read.
fn check_against_model(content: &Content, loc: &Locales, parsed: &Parsed) {
    let site = &content.site;
    for lang in &site.languages {
        for c in &content.campaigns {
            let stamp = utc(c, c.updated);
            let title = c.title.get(lang);
            assert_eq!(name(parsed, &plan::campaign_feed(lang, c)), title);
            let feed = file(parsed, &plan::campaign_feed(lang, c));
            let mut expected = 0;
            for s in &c.sessions {
                // One event per block of the session's times.
                let blocks = s.blocks(None);
                let single = file(parsed, &plan::session_event(lang, c, s));
                assert_eq!(single.len(), blocks.len(), "single file of {}", s.id);
                for (part, block) in blocks.iter().enumerate() {
                    let key = part_uid(c, "session", &s.id, None, part);
                    let e = &feed[&key];
                    assert_eq!(&single[&key], e, "single file of {}", s.id);
                    let date = s.date.unwrap();
                    assert_eq!(e["start"], instant(c, date.and_time(block.start)));
                    assert_eq!(e["end"], instant(c, date.and_time(block.end)));
                    check_session(c, s, e, &stamp, lang);
                    expected += 1;
                }
            }
            for d in &c.deadlines {
                let single = calendar::deadline_event(site, loc, c, d, lang);
                let Some(e) = feed.get(&uid(c, "deadline", &d.id, None)) else {
                    assert!(
                        c.deadline_days(d, None).is_none(),
                        "deadline {} missing",
                        d.id
                    );
                    assert!(single.is_none());
                    continue;
                };
                let single = file(parsed, &plan::deadline_event(lang, c, d));
                assert_eq!(
                    single.values().collect::<Vec<_>>(),
                    [e],
                    "single file of {}",
                    d.id
                );
                check_deadline(c, d, e, &stamp, None);
                expected += 1;
            }
            assert_eq!(feed.len(), expected, "{} feed has other events", c.id);
            for e in feed.values() {
                assert_eq!(e["url"], plan::notice(lang, c).absolute(&site.base_url));
            }

            for school in &c.schools {
                let path = plan::school_feed(lang, c, school);
                let calendar_name = name(parsed, &path);
                assert!(
                    calendar_name.starts_with(title)
                        && calendar_name.ends_with(school.name.get(lang)),
                    "{calendar_name}"
                );
                let feed = file(parsed, &path);
                let mut expected = 0;
                for s in &c.sessions {
                    let key = uid(c, "session", &s.id, Some(school));
                    let blocks = match c.attends(s, &school.id) {
                        true => s.blocks(Some(&school.id)),
                        false => Vec::new(),
                    };
                    if blocks.is_empty() {
                        assert!(!feed.contains_key(&key), "{key} without a slot");
                        continue;
                    }
                    let single = file(parsed, &plan::school_session_event(lang, c, school, s));
                    assert_eq!(
                        single.len(),
                        blocks.len(),
                        "one event per block in the school's single-session file"
                    );
                    for (part, block) in blocks.iter().enumerate() {
                        let key = part_uid(c, "session", &s.id, Some(school), part);
                        let e = &feed[&key];
                        let date = s.date.unwrap();
                        assert_eq!(e["start"], instant(c, date.and_time(block.start)));
                        assert_eq!(e["end"], instant(c, date.and_time(block.end)));
                        let summary = e["summary"].as_str().unwrap();
                        assert!(summary.contains(&block.to_string()), "{summary}");
                        let early = TimeDelta::minutes(s.arrive_early_minutes.into());
                        let arrive = (block.start - early).format("%H:%M").to_string();
                        let description = e["description"].as_str().unwrap();
                        assert!(description.contains(&arrive), "{description}");
                        check_session(c, s, e, &stamp, lang);
                        assert_eq!(
                            &single[&key], e,
                            "same event (UID, slot) as in the school feed"
                        );
                        expected += 1;
                    }
                }
                for d in &c.deadlines {
                    let key = deadline_uid(c, d, school);
                    match feed.get(&key) {
                        Some(e) => {
                            assert!(d.applies_to(&school.id), "{key} is not for {}", school.id);
                            check_deadline(c, d, e, &stamp, Some(&school.id));
                            expected += 1;
                        }
                        None => assert!(
                            !d.applies_to(&school.id)
                                || c.deadline_days(d, Some(&school.id)).is_none(),
                            "{key} missing"
                        ),
                    }
                }
                assert_eq!(feed.len(), expected, "{} feed has other events", school.id);
                for e in feed.values() {
                    assert_eq!(
                        e["url"],
                        plan::school(lang, c, school).absolute(&site.base_url)
                    );
                }
            }
        }
    }
}

fn check_common(c: &Campaign, e: &Json, stamp: &str) {
    assert_eq!(e["dtstamp"], stamp);
    assert_eq!(e["last_modified"], stamp);
    assert_eq!(e["sequence"], c.revision);
}

fn check_session(c: &Campaign, s: &Session, e: &Json, stamp: &str, lang: &str) {
    check_common(c, e, stamp);
    let description = e["description"].as_str().unwrap();
    if let Some(note) = &s.note {
        assert!(description.contains(note.get(lang)), "{description}");
    }
    // The requirements for every session and for this one, for whoever
    // attends it (a task of the school offices is not in students' events).
    for r in &c.requirements {
        let own = r.session.as_ref().is_none_or(|id| id == &s.id)
            && r.audience.role() == s.audience.role();
        assert_eq!(
            description.contains(r.text.get(lang)),
            own,
            "{}: {description}",
            r.id
        );
    }
    let location = e["location"].as_str().unwrap();
    for v in s.venues.iter().map(|id| c.venue(id).unwrap()) {
        assert!(location.contains(v.name.get(lang)), "{location}");
        if let Some(address) = &v.address {
            assert!(location.contains(address.get(lang)), "{location}");
        }
    }
    let alarms = e["alarms"].as_array().unwrap();
    if s.status == SessionStatus::Cancelled {
        assert_eq!(e["status"], "CANCELLED");
        assert!(alarms.is_empty(), "a cancelled session rings");
    } else {
        assert_eq!(e["status"], "CONFIRMED");
        assert_eq!(alarms.len(), c.reminders.sessions.len());
        // Counted back from when to arrive, not from the start.
        let early = TimeDelta::minutes(s.arrive_early_minutes.into());
        for (alarm, before) in alarms.iter().zip(&c.reminders.sessions) {
            assert_eq!(alarm["action"], "DISPLAY");
            assert_eq!(alarm["related"], "START");
            assert_eq!(alarm["trigger"], duration(-(*before + early)));
        }
    }
    assert_eq!(e["transp"], Json::Null);
}

/// A deadline's event in the campaign's file or `school`'s: a moment, or
/// all-day on the days the model works out for it there.
fn check_deadline(c: &Campaign, d: &Deadline, e: &Json, stamp: &str, school: Option<&str>) {
    check_common(c, e, stamp);
    let (start, end, all_day) = match &d.when {
        When::At(at) => (
            instant(c, *at - TimeDelta::minutes(15)),
            instant(c, *at),
            false,
        ),
        When::Window { start, end }
            if matches!(start, Bound::At(_)) || matches!(end, Some(Bound::At(_))) =>
        {
            let (start, end) = (e["start"].clone(), e["end"].clone());
            (start, end, false)
        }
        _ => {
            let (first, last) = c
                .deadline_days(d, school)
                .unwrap_or_else(|| panic!("deadline {} on a calendar without a date", d.id));
            (day(first), day(last.succ_opt().unwrap()), true)
        }
    };
    assert_eq!(
        (&e["start"], &e["end"]),
        (&start, &end),
        "deadline {}",
        d.id
    );
    assert_eq!(e["status"], "CONFIRMED");
    assert_eq!(e["transp"], "TRANSPARENT");
    let alarms = e["alarms"].as_array().unwrap();
    assert_eq!(alarms.len(), c.reminders.deadlines.len());
    for (alarm, before) in alarms.iter().zip(&c.reminders.deadlines) {
        assert_eq!(alarm["related"], "END");
        // An all-day deadline's reminder rings at 09:00 on a day before
        // its last (its end is the midnight after it), never at night.
        let before = match all_day {
            true => {
                let days = before.num_days() + i64::from(before.num_seconds() % 86_400 != 0);
                TimeDelta::days(days.max(1)) + TimeDelta::hours(15)
            }
            false => *before,
        };
        assert_eq!(alarm["trigger"], duration(-before));
    }
}

/// Reminder offsets as both parsers print them: `-P1D`, `-PT1H15M`,
/// `-P1DT15H`.
fn duration(d: TimeDelta) -> String {
    let (sign, d) = if d < TimeDelta::zero() {
        ("-", -d)
    } else {
        ("", d)
    };
    let (days, hours, minutes) = (d.num_days(), d.num_hours() % 24, d.num_minutes() % 60);
    let mut out = format!("{sign}P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if hours > 0 || minutes > 0 {
        out.push('T');
    }
    if hours > 0 {
        out.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}M"));
    }
    out
}

/// RFC 5545's line rules on the bytes, before any parser is lenient.
fn check_lines(path: &str, text: &str) {
    assert!(text.ends_with("\r\n"), "{path} does not end in CRLF");
    for line in text.split_inclusive("\r\n") {
        let body = line
            .strip_suffix("\r\n")
            .unwrap_or_else(|| panic!("{path}: no CRLF after {line:?}"));
        assert!(
            !body.contains(['\r', '\n']),
            "{path}: bare line break in {body:?}"
        );
        assert!(body.len() <= 75, "{path}: {} octets: {body:?}", body.len());
    }
    let unfolded = text.replace("\r\n ", "");
    for header in [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//noticeboard//noticeboard//EN\r\n",
        "\r\nCALSCALE:GREGORIAN\r\n",
        "\r\nX-WR-CALNAME:",
        "\r\nX-WR-TIMEZONE:",
        "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\nX-PUBLISHED-TTL:PT12H\r\n",
    ] {
        assert!(unfolded.contains(header), "{path} lacks {header:?}");
    }
    // METHOD:PUBLISH only with an ORGANIZER in every event (RFC 5546
    // §3.2.1); without one, no METHOD at all.
    let events = unfolded.matches("\r\nBEGIN:VEVENT\r\n").count();
    let organizers = unfolded.matches("\r\nORGANIZER;CN=").count();
    if unfolded.contains("\r\nMETHOD:") {
        assert!(unfolded.contains("\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nNAME:"));
        assert_eq!(organizers, events, "{path}: an event without ORGANIZER");
    } else {
        assert_eq!(organizers, 0, "{path}: ORGANIZER without METHOD");
    }
}

/// Per output path: the calendar's name and its events by UID.
type Parsed = BTreeMap<String, (String, BTreeMap<String, Json>)>;

#[test]
fn every_file_parses_in_both_parsers_and_matches_the_model() {
    for (name, root) in [("notices", notices_site()), ("fixture", fixture())] {
        let (content, loc) = load(&root);
        let files = generate(&content, &loc);
        for (path, text) in &files {
            check_lines(path, text);
        }
        let parsed = parse_all(name, &files);
        check_against_model(&content, &loc, &parsed);
    }
}

#[test]
fn the_notices_times_through_both_parsers() {
    let (content, loc) = load(&notices_site());
    let files = generate(&content, &loc);
    let parsed = parse_all("notices-times", &files);
    let hitsz = campaign(&content, "hitsz-2026-graduation-photos");
    let sysu = campaign(&content, "sysu-2026-graduation-photos");
    for lang in &content.site.languages {
        let starts = |c: &Campaign, kind: &str| -> Vec<Json> {
            file(&parsed, &plan::campaign_feed(lang, c))
                .iter()
                .filter(|(uid, _)| uid.starts_with(kind))
                .map(|(_, e)| e["start"].clone())
                .collect()
        };
        let hitsz_sessions = starts(hitsz, "session-");
        assert!(
            hitsz_sessions
                .contains(&json!({"utc": "2025-11-11T07:30:00Z", "tzid": "Asia/Shanghai"})),
            "{hitsz_sessions:?}"
        );
        let sysu_sessions = starts(sysu, "session-");
        assert!(
            sysu_sessions
                .contains(&json!({"utc": "2025-10-25T01:00:00Z", "tzid": "Asia/Shanghai"})),
            "{sysu_sessions:?}"
        );
        let window = file(&parsed, &plan::campaign_feed(lang, hitsz))
            .values()
            .find(|e| e["start"] == json!({"date": "2025-11-15"}))
            .expect("the online window");
        assert_eq!(window["end"], json!({"date": "2025-12-16"}));
        let text = &files[&plan::campaign_feed(lang, hitsz).0];
        assert!(text.contains("\r\nDTSTART;VALUE=DATE:20251115\r\nDTEND;VALUE=DATE:20251216\r\n"));
        let zone = "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:20250101T000000\r\n\
                    TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
        assert!(text.contains(zone), "{text}");
    }
}

#[test]
fn daylight_saving_zone_through_both_parsers() {
    let (content, loc) = load(&fixture());
    let c = campaign(&content, "berlin-dst-check");
    let files = generate(&content, &loc);
    let parsed = parse_all("dst", &files);
    let feed = file(&parsed, &plan::campaign_feed("en", c));
    let start = |id: &str| feed[&uid(c, "session", id, None)]["start"]["utc"].clone();
    // 10:00 in Berlin: CET (+01:00) before 29 March 2026, CEST (+02:00) after.
    assert_eq!(start("before-change"), "2026-03-27T09:00:00Z");
    assert_eq!(start("after-change"), "2026-03-30T08:00:00Z");
    let end = |id: &str| feed[&uid(c, "deadline", id, None)]["end"]["utc"].clone();
    assert_eq!(end("summer-forms"), "2026-07-01T15:00:00Z");
    assert_eq!(end("autumn-forms"), "2026-10-26T16:00:00Z");
    let text = &files[&plan::campaign_feed("en", c).0];
    assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1);
    assert!(text.contains(
        "BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    ));
    assert!(text.contains(
        "BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    ));
    // DTSTAMP: `updated` 2026-03-02 09:00 CET.
    assert!(text.contains("\r\nDTSTAMP:20260302T080000Z\r\n"));
}

#[test]
fn building_twice_is_byte_identical() {
    for root in [notices_site(), fixture()] {
        let (content, loc) = load(&root);
        let a = generate(&content, &loc);
        let (content, loc) = load(&root);
        let b = generate(&content, &loc);
        assert_eq!(a, b);
    }
}

#[test]
fn output_and_uids_do_not_depend_on_file_order() {
    let (content, loc) = load(&notices_site());
    let before = generate(&content, &loc);
    let mut shuffled = content.clone();
    for c in &mut shuffled.campaigns {
        c.sessions.reverse();
        c.deadlines.reverse();
        c.schools.reverse();
        c.venues.reverse();
    }
    shuffled.campaigns.reverse();
    assert_eq!(generate(&shuffled, &loc), before);
}

#[test]
fn a_moved_session_keeps_its_uid() {
    let (content, loc) = load(&notices_site());
    let site = &content.site;
    let c = campaign(&content, "hitsz-2026-graduation-photos");
    let mut moved = c.clone();
    let s = &mut moved.sessions[0];
    s.date = s.date.and_then(|d| d.succ_opt());
    moved.revision += 1;
    let uids = |text: &str| -> Vec<String> {
        text.replace("\r\n ", "")
            .lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(str::to_owned)
            .collect()
    };
    let (old, new) = (
        calendar::campaign_feed(site, &loc, c, "en").text(),
        calendar::campaign_feed(site, &loc, &moved, "en").text(),
    );
    let (mut old_uids, mut new_uids) = (uids(&old), uids(&new));
    old_uids.sort();
    new_uids.sort();
    assert_eq!(old_uids, new_uids);
    assert_ne!(old, new);
    assert!(new.contains(&format!("SEQUENCE:{}", c.revision + 1)));
}

/// The example site built by the real command into a temporary folder.
struct Built {
    dir: tempfile::TempDir,
}

impl Built {
    fn example() -> Built {
        let dir = tempfile::tempdir().unwrap();
        common::build_ok(&notices_site(), dir.path());
        Built { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn page(&self, page: &plan::OutPath) -> String {
        std::fs::read_to_string(self.path(&page.file()))
            .unwrap_or_else(|e| panic!("{}: {e}", page.file()))
    }

    /// Every .ics file of the output, relative path -> absolute path.
    fn calendars(&self) -> BTreeMap<String, PathBuf> {
        common::read_tree(self.dir.path())
            .into_keys()
            .filter(|f| f.ends_with(".ics"))
            .map(|f| (f.clone(), self.path(&f)))
            .collect()
    }
}

#[test]
fn every_built_calendar_file_parses_with_no_errors() {
    let built = Built::example();
    let found = built.calendars();
    let (content, loc) = load(&notices_site());
    let expected: Vec<String> = generate(&content, &loc).into_keys().collect();
    assert_eq!(found.keys().cloned().collect::<Vec<_>>(), expected);
    let paths: Vec<PathBuf> = found.values().cloned().collect();
    // Both dumps report a TZID without its VTIMEZONE, a TZID resolved to
    // another zone and a floating time as errors.
    for (tool, dump) in [
        ("ical.js", icaljs(&paths)),
        ("icalendar", python_icalendar(&paths)),
    ] {
        let dump = dump.as_array().unwrap();
        assert_eq!(dump.len(), paths.len(), "{tool}");
        for file in dump {
            assert_eq!(file["errors"], json!([]), "{tool} on {}", file["file"]);
            assert!(
                !file["events"].as_array().unwrap().is_empty(),
                "{tool}: no events in {}",
                file["file"]
            );
            for e in file["events"].as_array().unwrap() {
                for key in ["start", "end"] {
                    if let Some(tzid) = e[key]["tzid"].as_str() {
                        let zones = file["timezones"].as_array().unwrap();
                        assert!(
                            zones.contains(&json!(tzid)),
                            "{tool}: {tzid} in {}",
                            file["file"]
                        );
                    }
                }
            }
        }
    }
}

/// The `href` of every `<a class="add-event">` in `html`.
fn add_event_links(html: &str) -> Vec<&str> {
    html.split("<a class=\"add-event\" href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect()
}

/// Checks the subscribe block of a page for `feed` and that every "add this
/// one" link opens a file of the output; returns how many there are.
fn check_page(built: &Built, page: &plan::OutPath, feed: &plan::OutPath) -> usize {
    let html = built.page(page);
    let block = html
        .split("<section class=\"subscribe\" id=\"subscribe\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no subscribe block on {}", page.0))
        .split("</section>")
        .next()
        .unwrap();
    let webcal = feed
        .absolute("https://notices.example.edu.cn/")
        .replace("https://", "webcal://");
    assert!(
        block.contains(&format!("href=\"{webcal}\"")),
        "{}: {block}",
        page.0
    );
    let download = format!("href=\"{}\"", page.relative_to(feed));
    assert!(block.contains(&download), "{}: {block}", page.0);
    assert!(built.path(&feed.0).is_file(), "{} is not built", feed.0);
    let svg = block
        .split("<svg ")
        .nth(1)
        .unwrap_or_else(|| panic!("no QR <svg> on {}", page.0));
    assert!(svg.contains("role=\"img\" aria-label=\""), "{}", page.0);
    assert!(svg.contains(" viewBox=\""), "{}", page.0);
    // The code opens the page's subscribe section (https: WeChat's scanner
    // opens no webcal:// address), which offers webcal and the download.
    let svg = format!("<svg {}", svg.split("</svg>").next().unwrap());
    let section = format!(
        "{}#subscribe",
        page.absolute("https://notices.example.edu.cn/")
    );
    assert_eq!(common::qr_svg::decode_svg(&svg), section, "{}", page.0);
    // Outlook for personal and for work or school accounts; Google last.
    let at = |link: &str| {
        block
            .find(link)
            .unwrap_or_else(|| panic!("{}: no {link}", page.0))
    };
    let personal = at("https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2F");
    let work = at("https://outlook.office.com/calendar/0/addfromweb?url=https%3A%2F%2F");
    let google = at("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F");
    assert!(personal < work && work < google, "{}: {block}", page.0);
    let dir = built.path(&page.file());
    let dir = dir.parent().unwrap();
    let links = add_event_links(&html);
    for href in &links {
        assert!(href.ends_with(".ics"), "{}: {href}", page.0);
        assert!(
            dir.join(href).is_file(),
            "{}: {href} is not a built file",
            page.0
        );
    }
    links.len()
}

#[test]
fn pages_offer_the_right_feeds_and_working_event_links() {
    let built = Built::example();
    let (content, _) = load(&notices_site());
    for lang in &content.site.languages {
        for c in &content.campaigns {
            let dated = c
                .deadlines
                .iter()
                .filter(|d| c.deadline_days(d, None).is_some())
                .count();
            let links = check_page(
                &built,
                &plan::notice(lang, c),
                &plan::campaign_feed(lang, c),
            );
            assert_eq!(links, c.sessions.len() + dated, "{lang} {}", c.id);
            for school in &c.schools {
                let page = plan::school(lang, c, school);
                let links = check_page(&built, &page, &plan::school_feed(lang, c, school));
                let sessions = c.sessions_for(&school.id).count();
                let dated = c
                    .deadlines_for(&school.id)
                    .filter(|d| c.deadline_days(d, None).is_some())
                    .count();
                assert_eq!(links, sessions + dated, "{}", page.0);
            }
        }
    }
}

#[test]
fn hitsz_school_feed_starts_at_the_schools_slot() {
    let built = Built::example();
    let (content, _) = load(&notices_site());
    let c = campaign(&content, "hitsz-2026-graduation-photos");
    let science = c.school("science").expect("the School of Science");
    let mut science_checked = 0;
    for lang in &content.site.languages {
        for school in &c.schools {
            let feed = built.path(&plan::school_feed(lang, c, school).0);
            let dump = icaljs(std::slice::from_ref(&feed));
            let file = &dump[0];
            assert_eq!(file["errors"], json!([]));
            let events = file["events"].as_array().unwrap();
            for s in c.sessions.iter() {
                let span = c.attends(s, &school.id).then(|| s.school_span(&school.id));
                let Some(span) = span.flatten() else {
                    continue;
                };
                let uid = uid(c, "session", &s.id, Some(school));
                let e = events
                    .iter()
                    .find(|e| e["uid"] == uid.as_str())
                    .unwrap_or_else(|| panic!("no {uid} in {}", feed.display()));
                assert_eq!(e["start"], instant(c, s.date.unwrap().and_time(span.start)));
                assert_eq!(e["end"], instant(c, s.date.unwrap().and_time(span.end)));
                if std::ptr::eq(school, science) {
                    // 16:30 Beijing time, from the notice.
                    assert_eq!(e["start"]["utc"], "2025-11-11T08:30:00Z");
                    science_checked += 1;
                }
            }
        }
    }
    assert_eq!(science_checked, content.site.languages.len());
}

/// The basic fixture with deadlines counted in working days: `roster` 3
/// working days before the session of Thursday 9 October 2025 (across the
/// National Day holiday, to Sunday 28 September, a make-up working day),
/// and `bring-forms` 1 working day before each school's own session:
/// Tuesday 30 September for the School of Science (9 October), Friday 17
/// October for the School of Humanities (Monday 20 October).
fn counted_site() -> PathBuf {
    let root = common::with_theme(&repo().join("tests/fixtures/basic"));
    let file = root.join("content/photos-2025/campaign.yaml");
    let mut yaml = std::fs::read_to_string(&file).unwrap();
    for (from, to) in [
        ("published: 2025-10-20", "published: 2025-09-01"),
        ("updated: 2025-10-22 10:00", "updated: 2025-09-02 10:00"),
        ("    date: 2025-11-11", "    date: 2025-10-09"),
        (
            "      - time: \"15:30-17:00\"\n        schools: [school-of-humanities]\n",
            "",
        ),
        (
            "\ndeadlines:\n",
            "  - id: second-session
    date: 2025-10-20
    times: [\"09:00-12:00\"]
    venues: [main-hall]
    slots:
      - time: \"09:00-10:00\"
        schools: [school-of-humanities]

deadlines:
  - id: roster
    title: {zh-CN: 各学院报送名单, en: Schools send their rosters}
    before: {session: main-session, working_days: 3}
  - id: bring-forms
    title: {zh-CN: 提交纸质表格, en: Bring the paper forms}
    before: {slot: [main-session, second-session], working_days: 1}
",
        ),
    ] {
        assert!(yaml.contains(from), "the basic fixture has {from:?}");
        yaml = yaml.replacen(from, to, 1);
    }
    std::fs::write(&file, yaml).unwrap();
    root
}

#[test]
fn counted_deadlines_fall_on_each_schools_date() {
    let root = counted_site();
    let (content, loc) = load(&root);
    let c = campaign(&content, "photos-2025");
    let files = generate(&content, &loc);
    let parsed = parse_all("counted", &files);
    check_against_model(&content, &loc, &parsed);

    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    let science = c.school("school-of-science").unwrap();
    let humanities = c.school("school-of-humanities").unwrap();
    for lang in &content.site.languages {
        let feed = file(&parsed, &plan::campaign_feed(lang, c));
        let roster = &feed[&uid(c, "deadline", "roster", None)];
        assert_eq!(roster["start"], day(date("2025-09-28")));
        assert_eq!(roster["end"], day(date("2025-09-29")));
        assert!(
            !feed.contains_key(&uid(c, "deadline", "bring-forms", None)),
            "bring-forms differs between schools: not in the campaign feed"
        );
        assert!(!files.contains_key(&plan::deadline_event(lang, c, deadline(c, "bring-forms")).0));
        for (school, forms) in [(science, "2025-09-30"), (humanities, "2025-10-17")] {
            let feed = file(&parsed, &plan::school_feed(lang, c, school));
            let e = &feed[&uid(c, "deadline", "bring-forms", Some(school))];
            assert_eq!(e["start"], day(date(forms)), "{}", school.id);
            // One date for every school: the campaign's event, same UID.
            let e = &feed[&uid(c, "deadline", "roster", None)];
            assert_eq!(e["start"], day(date("2025-09-28")), "{}", school.id);
        }
    }

    let out = tempfile::tempdir().unwrap();
    common::build_ok(&root, out.path());
    let page = |p: plan::OutPath| std::fs::read_to_string(out.path().join(p.file())).unwrap();
    let en = page(plan::school("en", c, science));
    assert!(en.contains("Tuesday 30 September 2025"), "{en}");
    assert!(en.contains("Sunday 28 September 2025"), "{en}");
    let en = page(plan::school("en", c, humanities));
    assert!(en.contains("Friday 17 October 2025"), "{en}");
    let zh = page(plan::school("zh-CN", c, science));
    assert!(zh.contains("2025年9月30日（星期二）"), "{zh}");
    let zh = page(plan::school("zh-CN", c, humanities));
    assert!(zh.contains("2025年10月17日（星期五）"), "{zh}");
    let notice = page(plan::notice("en", c));
    assert!(
        notice.contains("Bring the paper forms: 1 working day before your school&#39;s session"),
        "{notice}"
    );
    assert!(notice.contains("Sunday 28 September 2025"), "{notice}");
    let notice = page(plan::notice("zh-CN", c));
    assert!(notice.contains("本单位所在场次前1个工作日"), "{notice}");
    let built: Vec<PathBuf> = [science, humanities]
        .iter()
        .map(|s| out.path().join(plan::school_feed("en", c, s).0))
        .collect();
    for dump in [icaljs(&built), python_icalendar(&built)] {
        for file in dump.as_array().unwrap() {
            assert_eq!(file["errors"], json!([]), "{}", file["file"]);
        }
    }

    // The session moves a day later: the dates follow, with the same UIDs.
    let mut moved = c.clone();
    moved.sessions[0].date = Some(date("2025-10-10"));
    let d = moved
        .deadlines
        .iter()
        .find(|d| d.id == "bring-forms")
        .unwrap();
    assert_eq!(
        moved.deadline_days(d, Some(&science.id)),
        Some((date("2025-10-09"), date("2025-10-09")))
    );
    let text = calendar::school_feed(&content.site, &loc, &moved, science, "en").text();
    let unfolded = text.replace("\r\n ", "");
    let forms = unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:deadline-bring-forms.school-school-of-science."))
        .expect("bring-forms in the school's feed");
    assert!(forms.contains("DTSTART;VALUE=DATE:20251009\r\n"), "{forms}");
}

/// A session that must be booked first: its booking window is a timed
/// event, read the same by ical.js and Python icalendar, in the campaign
/// feed and in the feeds of the schools attending the session only; the
/// school's page says to book first.
#[test]
fn a_booking_window_is_an_event_for_the_schools_that_attend() {
    let root = common::with_theme(&repo().join("tests/sites_invalid/session-booking"));
    let out = tempfile::tempdir().unwrap();
    common::build_ok(&root, out.path());
    let (content, _) = load(&root);
    let c = &content.campaigns[0];
    let school = |id: &str| c.schools.iter().find(|s| s.id == id).unwrap();
    let (medicine, science) = (school("school-of-medicine"), school("school-of-science"));
    let feeds: Vec<PathBuf> = [
        plan::campaign_feed("en", c),
        plan::school_feed("en", c, medicine),
        plan::school_feed("en", c, science),
    ]
    .iter()
    .map(|p| out.path().join(&p.0))
    .collect();
    for dump in [icaljs(&feeds), python_icalendar(&feeds)] {
        let files = dump.as_array().unwrap();
        for (file, expected) in files.iter().zip([true, true, false]) {
            assert_eq!(file["errors"], json!([]), "{}", file["file"]);
            let booking = file["events"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["uid"].as_str().unwrap().starts_with("booking-east-day"));
            assert_eq!(booking.is_some(), expected, "{}", file["file"]);
            if let Some(e) = booking {
                assert_eq!(e["start"]["utc"], "2025-10-25T02:00:00Z", "{e}");
                assert_eq!(e["end"]["utc"], "2025-10-31T15:00:00Z", "{e}");
            }
        }
    }
    let page = |s: &School, lang: &str| {
        std::fs::read_to_string(out.path().join(plan::school(lang, c, s).file())).unwrap()
    };
    assert!(page(medicine, "zh-CN").contains("须先预约"));
    assert!(page(medicine, "en").contains("https://booking.example.edu.cn/east"));
    assert!(!page(science, "zh-CN").contains("须先预约"));
}

/// The base broken-site template made valid for a session held every
/// weekday evening for six weeks (less the National Day week), given a
/// start only, and one held on two listed days with two check-in rounds:
/// published earlier, so both follow publication.
fn repeating_site() -> PathBuf {
    let root = common::with_theme(&repo().join("tests/sites_invalid/_base"));
    let file = root.join("content/2026-graduation-photos/campaign.yaml");
    let mut yaml = std::fs::read_to_string(&file).unwrap();
    for (from, to) in [
        ("published: 2025-10-20", "published: 2025-09-15"),
        (
            "\ndeadlines:\n",
            "  - id: open-testing
    title: {zh-CN: 开放测试, en: Open testing}
    repeat:
      weekdays: [mon, tue, wed, thu, fri]
      from: 2025-09-22
      until: 2025-10-31
      except: [\"2025-10-01..2025-10-08\"]
    times: [\"18:30\"]
    venues: [student-activity-center]
    slots:
      - time: \"18:45-19:15\"
        schools: [school-of-science]
  - id: two-days
    dates: [2025-10-09, 2025-10-10]
    times: [\"08:30-11:30\"]
    rounds: [\"08:30\", \"09:30\"]
    venues: [library-hall]

deadlines:
",
        ),
    ] {
        assert!(yaml.contains(from), "the base site has {from:?}");
        yaml = yaml.replacen(from, to, 1);
    }
    std::fs::write(&file, yaml).unwrap();
    root
}

/// A repeating session is one event with RRULE and EXDATE that both
/// ical.js and Python icalendar (with dateutil) expand to the same days at
/// the same Beijing time, lasting the default hour (and a school's slot in
/// it repeats on the same days at the slot's time); a session on listed
/// days repeats on exactly those; a one-day session's event is byte for
/// byte what it was; pages say the days and "from 18:30" compactly, and
/// the check-in rounds.
#[test]
fn a_repeating_session_is_one_event_with_every_occurrence() {
    let root = repeating_site();
    let (content, loc) = load(&root);
    let c = &content.campaigns[0];
    let files = generate(&content, &loc);
    let parsed = parse_all("repeating", &files);
    check_against_model(&content, &loc, &parsed);

    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    let national_day = date("2025-10-01")..=date("2025-10-08");
    let evenings: Vec<String> = (date("2025-09-22").iter_days())
        .take_while(|d| *d <= date("2025-10-31"))
        .filter(|d| d.weekday().number_from_monday() <= 5 && !national_day.contains(d))
        .map(|d| format!("{d}T10:30:00Z"))
        .collect();
    assert_eq!(evenings.len(), 24);
    let science = c.school("school-of-science").unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("calendar/repeating");
    let paths: Vec<PathBuf> = ["en", "zh-CN"]
        .iter()
        .map(|lang| dir.join(plan::campaign_feed(lang, c).0))
        .collect();
    for (tool, dump) in [
        ("ical.js", icaljs(&paths)),
        ("icalendar", python_icalendar(&paths)),
    ] {
        for file in dump.as_array().unwrap() {
            assert_eq!(file["errors"], json!([]), "{tool}");
            let event = |id: &str| {
                let uid = uid(c, "session", id, None);
                file["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| e["uid"] == uid.as_str())
                    .unwrap_or_else(|| panic!("{tool}: no {uid}"))
                    .clone()
            };
            let open = event("open-testing");
            assert_eq!(open["occurrences"], json!(evenings), "{tool}");
            assert_eq!(open["start"]["utc"], "2025-09-22T10:30:00Z", "{tool}");
            assert_eq!(
                open["end"]["utc"], "2025-09-22T11:30:00Z",
                "{tool}: an hour"
            );
            let two = event("two-days");
            assert_eq!(
                two["occurrences"],
                json!(["2025-10-09T00:30:00Z", "2025-10-10T00:30:00Z"]),
                "{tool}"
            );
            assert_eq!(event("south-day")["occurrences"], Json::Null, "{tool}");
        }
    }
    // A school's slot repeats with the session: the same days, at the slot.
    let feed = [dir.join(plan::school_feed("en", c, science).0)];
    let slot_evenings: Vec<String> = evenings
        .iter()
        .map(|e| e.replace("T10:30", "T10:45"))
        .collect();
    for (tool, dump) in [
        ("ical.js", icaljs(&feed)),
        ("icalendar", python_icalendar(&feed)),
    ] {
        let uid = uid(c, "session", "open-testing", Some(science));
        let events = dump[0]["events"].as_array().unwrap();
        let e = events.iter().find(|e| e["uid"] == uid.as_str()).unwrap();
        assert_eq!(e["occurrences"], json!(slot_evenings), "{tool}");
        assert_eq!(e["end"]["utc"], "2025-09-22T11:15:00Z", "{tool}");
    }

    // The RRULE's UNTIL is UTC (DTSTART has a TZID); the EXDATEs carry
    // DTSTART's zone and time, and only the weekdays the rule would give.
    let single =
        &files[&plan::session_event("en", c, session(c, "open-testing")).0].replace("\r\n ", "");
    assert!(
        single.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20251031T103000Z\r\n"),
        "{single}"
    );
    assert!(
        single.contains(
            "EXDATE;TZID=Asia/Shanghai:20251001T183000,20251002T183000,20251003T183000,\
             20251006T183000,20251007T183000,20251008T183000\r\n"
        ),
        "{single}"
    );
    assert_eq!(single.matches("BEGIN:VEVENT").count(), 1);

    // A one-day session's event is what the unchanged site gives.
    let (base, base_loc) = load(&common::with_theme(
        &repo().join("tests/sites_invalid/_base"),
    ));
    let before = generate(&base, &base_loc);
    for lang in &content.site.languages {
        let path = plan::session_event(lang, c, session(c, "south-day")).0;
        assert_eq!(files[&path], before[&path], "{path}");
    }

    let out = tempfile::tempdir().unwrap();
    common::build_ok(&root, out.path());
    let page = |lang: &str| {
        std::fs::read_to_string(out.path().join(plan::notice(lang, c).file())).unwrap()
    };
    let zh = page("zh-CN");
    assert!(
        zh.contains("每周一至周五 18:30 起，2025年9月22日至10月31日（10月1日至8日除外）"),
        "{zh}"
    );
    let en = page("en");
    assert!(
        en.contains(
            "Monday to Friday from 18:30, 22 September to 31 October 2025 (except 1–8 October)"
        ),
        "{en}"
    );
    let schedule = |lang: &str| {
        std::fs::read_to_string(out.path().join(plan::schedule(lang, c).file())).unwrap()
    };
    let zh = schedule("zh-CN");
    assert!(zh.contains("分批签到：08:30、09:30"), "{zh}");
    let en = schedule("en");
    assert!(en.contains("Check-in rounds: 08:30, 09:30"), "{en}");
    let two = &files[&plan::session_event("en", c, session(c, "two-days")).0].replace("\r\n ", "");
    assert!(two.contains("Check-in rounds: 08:30\\, 09:30"), "{two}");
}

/// The SYSU Zhuhai session has a lunch break (09:00-12:00, 13:30-17:00
/// Beijing time): two events, the first with the session's UID.
#[test]
fn a_session_with_a_break_is_two_blocks() {
    let (content, loc) = load(&notices_site());
    let files = generate(&content, &loc);
    let parsed = parse_all("blocks", &files);
    let c = campaign(&content, "sysu-2026-graduation-photos");
    let math = c.school("mathematics-zhuhai").unwrap();
    for lang in &content.site.languages {
        for path in [
            plan::campaign_feed(lang, c),
            plan::session_event(lang, c, session(c, "zhuhai")),
        ] {
            let events = file(&parsed, &path);
            let times = |uid: &str| {
                let e = &events[uid];
                (e["start"]["utc"].clone(), e["end"]["utc"].clone())
            };
            let first = uid(c, "session", "zhuhai", None);
            let second = part_uid(c, "session", "zhuhai", None, 1);
            assert_eq!(
                times(&first),
                (json!("2025-10-25T01:00:00Z"), json!("2025-10-25T04:00:00Z"))
            );
            assert_eq!(
                times(&second),
                (json!("2025-10-25T05:30:00Z"), json!("2025-10-25T09:00:00Z"))
            );
            assert!(!events.contains_key(&part_uid(c, "session", "zhuhai", None, 2)));
        }
        // A school whose slot is in the morning has the morning only.
        let feed = file(&parsed, &plan::school_feed(lang, c, math));
        let e = &feed[&uid(c, "session", "zhuhai", Some(math))];
        assert_eq!(e["start"]["utc"], "2025-10-25T01:00:00Z");
        assert_eq!(e["end"]["utc"], "2025-10-25T02:00:00Z");
        assert!(!feed.contains_key(&part_uid(c, "session", "zhuhai", Some(math), 1)));
    }
}

/// Phones cut a SUMMARY short: the item comes first, then the campaign's
/// short name, never the 30-90 character title.
#[test]
fn summaries_begin_with_the_item() {
    let (content, loc) = load(&notices_site());
    let files = generate(&content, &loc);
    let parsed = parse_all("summaries", &files);
    for c in &content.campaigns {
        for lang in &content.site.languages {
            let short = c.short_title.as_ref().unwrap().get(lang);
            let feed = file(&parsed, &plan::campaign_feed(lang, c));
            for e in feed.values() {
                let summary = e["summary"].as_str().unwrap();
                assert!(!summary.contains(c.title.get(lang)), "{summary}");
                assert!(summary.ends_with(&format!(" · {short}")), "{summary}");
            }
            for d in c
                .deadlines
                .iter()
                .filter(|d| c.deadline_days(d, None).is_some())
            {
                let e = &feed[&uid(c, "deadline", &d.id, None)];
                let summary = e["summary"].as_str().unwrap();
                assert!(summary.starts_with(d.title.get(lang)), "{summary}");
            }
            let s = &c.sessions[0];
            let e = &feed[&uid(c, "session", &s.id, None)];
            let title = s.title.as_ref().unwrap().get(lang);
            assert!(e["summary"].as_str().unwrap().starts_with(title));
        }
    }
}

/// A session's reminder counts back from when to arrive; an all-day
/// deadline's rings at 09:00 the day before, not at midnight.
#[test]
fn reminders_ring_before_arriving_and_in_the_daytime() {
    let (content, loc) = load(&notices_site());
    let files = generate(&content, &loc);
    let parsed = parse_all("reminders", &files);
    let hitsz = campaign(&content, "hitsz-2026-graduation-photos");
    let sysu = campaign(&content, "sysu-2026-graduation-photos");
    let science = hitsz.school("science").unwrap();
    for lang in &content.site.languages {
        // Science's slot is 16:30 and it arrives by 16:15 Beijing time:
        // one hour before that is 15:15, 07:15Z.
        let feed = file(&parsed, &plan::school_feed(lang, hitsz, science));
        let e = &feed[&uid(hitsz, "session", "offline-collection", Some(science))];
        assert_eq!(e["start"]["utc"], "2025-11-11T08:30:00Z");
        assert_eq!(e["alarms"][0]["trigger"], "-PT1H15M");
        assert_eq!(e["alarms"][0]["related"], "START");
        // The retakes are due on 30 March 2026: the reminder rings at
        // 09:00 on 29 March (39 hours before the end, midnight of the 31st).
        let feed = file(&parsed, &plan::campaign_feed(lang, sysu));
        let e = &feed[&uid(sysu, "deadline", "retake", None)];
        assert_eq!(e["end"], day(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()));
        assert_eq!(e["alarms"][0]["trigger"], "-P1DT15H");
        assert_eq!(e["alarms"][0]["related"], "END");
    }
}

/// METHOD:PUBLISH needs an ORGANIZER in every event (RFC 5546 §3.2.1):
/// a campaign with the office's address has both, one without has neither.
#[test]
fn organizer_with_publish_or_no_method() {
    for (name, root, email) in [
        ("organizer-notices", notices_site(), None),
        (
            "organizer-fixture",
            fixture(),
            Some("mailto:international@example.edu"),
        ),
    ] {
        let (content, loc) = load(&root);
        let files = generate(&content, &loc);
        let paths = write(name, &files);
        for (tool, dump) in [
            ("ical.js", icaljs(&paths)),
            ("icalendar", python_icalendar(&paths)),
        ] {
            for file in dump.as_array().unwrap() {
                let method = email.map(|_| "PUBLISH");
                assert_eq!(file["method"], json!(method), "{tool} {}", file["file"]);
                for e in file["events"].as_array().unwrap() {
                    match email {
                        Some(email) => {
                            assert_eq!(e["organizer"]["uri"], email, "{tool}");
                            assert!(e["organizer"]["cn"].is_string(), "{tool}");
                        }
                        None => assert_eq!(e["organizer"], Json::Null, "{tool}"),
                    }
                }
            }
        }
    }
}

/// A deadline with one date is one event: the same UID in the campaign's
/// feed, in every school's and in the file a school page's "add to
/// calendar" link opens.
#[test]
fn one_uid_per_deadline_in_every_feed_and_link() {
    let built = Built::example();
    let (content, _) = load(&notices_site());
    let c = campaign(&content, "sysu-2026-graduation-photos");
    let history = c.school("history").unwrap();
    for lang in &content.site.languages {
        let page = plan::school(lang, c, history);
        let html = built.page(&page);
        let link = add_event_links(&html)
            .into_iter()
            .find(|href| href.ends_with("deadline-retake.ics"))
            .expect("an add-to-calendar link for the retake deadline");
        let linked = built.path(&page.file());
        let linked = linked.parent().unwrap().join(link);
        let paths = [
            built.path(&plan::campaign_feed(lang, c).0),
            built.path(&plan::school_feed(lang, c, history).0),
            linked,
        ];
        let expected = uid(c, "deadline", "retake", None);
        let retake = c.deadlines.iter().find(|d| d.id == "retake").unwrap();
        let title = retake.title.get(lang);
        for (tool, dump) in [
            ("ical.js", icaljs(&paths)),
            ("icalendar", python_icalendar(&paths)),
        ] {
            for file in dump.as_array().unwrap() {
                let uids: Vec<&str> = (file["events"].as_array().unwrap().iter())
                    .filter(|e| e["summary"].as_str().unwrap().starts_with(title))
                    .map(|e| e["uid"].as_str().unwrap())
                    .collect();
                assert_eq!(uids, [expected.as_str()], "{tool} {}", file["file"]);
            }
        }
    }
}

/// The studio's address, hours and phone go with the retake deadline; the
/// fee and how to pay, and the contacts with their hours, with the events
/// they concern.
#[test]
fn venue_fee_and_contact_details_are_in_their_events() {
    let (content, loc) = load(&notices_site());
    let files = generate(&content, &loc);
    let parsed = parse_all("details", &files);
    let sysu = campaign(&content, "sysu-2026-graduation-photos");
    let hitsz = campaign(&content, "hitsz-2026-graduation-photos");
    let science = hitsz.school("science").unwrap();
    let text = |e: &Json, key: &str| e[key].as_str().unwrap().to_string();
    let feed = file(&parsed, &plan::campaign_feed("zh-CN", sysu));
    let retake = &feed[&uid(sysu, "deadline", "retake", None)];
    assert!(text(retake, "location").contains("广州市越秀区府前路21号二楼204"));
    let description = text(retake, "description");
    for fact in [
        "开放时间：09:00–12:00、13:30–17:30",
        "电话：020-83398378",
        "府前大厦对面",
    ] {
        assert!(description.contains(fact), "{fact}: {description}");
    }
    let prints = &feed[&uid(sysu, "deadline", "retake-prints", None)];
    assert!(text(prints, "description").contains("所在培养单位研究生秘书"));
    let session = &feed[&uid(sysu, "session", "zhuhai", None)];
    assert!(text(session, "description").contains("020-83302077"));

    let feed = file(&parsed, &plan::school_feed("en", hitsz, science));
    let code = &feed[&uid(hitsz, "deadline", "code-and-payment", None)];
    let description = text(code, "description");
    for fact in [
        "Fee: CNY 25 (per person, centralized offline collection)",
        "Payment: Self-service payment in the Graduation Photo mini program",
        "Graduation Photo mini program customer service",
        "Tel. 400-158-7766",
        "Hours: Daily 09:00–20:00",
        "Office H179",
    ] {
        assert!(description.contains(fact), "{fact}: {description}");
    }
    let session = &feed[&uid(hitsz, "session", "offline-collection", Some(science))];
    assert!(text(session, "description").contains("Fee: CNY 25"));
    let online = &feed[&uid(hitsz, "deadline", "online-collection", None)];
    assert!(text(online, "description").contains("allows multiple attempts"));
    // A deadline that names no fee carries none.
    let feed = file(&parsed, &plan::campaign_feed("en", sysu));
    for e in feed.values() {
        assert!(!text(e, "description").contains("Fee:"));
    }
}
