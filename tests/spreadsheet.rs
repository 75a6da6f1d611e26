//! The schedule as a spreadsheet: each campaign's schedule page offers the
//! per-school schedule as .xlsx and .csv in its language. The workbook is
//! read back by an independent reader (Python's openpyxl) and the CSV by
//! Python's csv module, through `tests/tools/sheet_dump.py`; both are
//! installed by `scripts/install-test-tools`, and a missing one fails the
//! test saying so.

mod common;

use std::path::Path;
use std::process::Command;

use chrono::{Datelike, NaiveDate};
use noticeboard::model::{Campaign, Content, Session, TimeRange};
use noticeboard::plan;
use serde_json::Value as Json;

use common::*;

const INSTALL: &str = "run scripts/install-test-tools";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// openpyxl's view of the workbook and the csv module's of the CSV.
fn dump(xlsx: &Path, csv: &Path) -> Json {
    let python = repo().join(".tools/venv/bin/python");
    assert!(python.is_file(), "no Python venv at .tools/venv: {INSTALL}");
    let output = Command::new(&python)
        .arg(repo().join("tests/tools/sheet_dump.py"))
        .arg(xlsx)
        .arg(csv)
        .output()
        .expect("run sheet_dump.py");
    assert!(
        output.status.success(),
        "sheet_dump.py failed on {} (openpyxl missing? {INSTALL}):\n{}",
        xlsx.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the dump is JSON")
}

fn strings(rows: &Json) -> Vec<Vec<String>> {
    let rows = rows.as_array().expect("rows");
    rows.iter()
        .map(|row| {
            let cells = row.as_array().expect("a row");
            cells
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

fn header(lang: &str) -> Vec<String> {
    let header: [&str; 8] = match lang {
        "zh-CN" => [
            "学院/单位",
            "场次",
            "日期",
            "时间",
            "地点",
            "校区",
            "备注",
            "日期（年-月-日）",
        ],
        "en" => [
            "School / unit",
            "Session",
            "Date",
            "Time",
            "Venue",
            "Campus",
            "Notes",
            "Date (YYYY-MM-DD)",
        ],
        _ => panic!("no header for {lang}"),
    };
    header.map(String::from).to_vec()
}

fn sheet_name(lang: &str) -> &'static str {
    match lang {
        "zh-CN" => "各学院安排",
        _ => "Schedule by school",
    }
}

/// A long date as the pages write it, spelt out here independently of
/// `locales/*/dates.ftl`.
fn date_long(lang: &str, d: NaiveDate) -> String {
    let n = d.weekday().num_days_from_monday() as usize;
    match lang {
        "zh-CN" => {
            let weekday = ["一", "二", "三", "四", "五", "六", "日"][n];
            format!(
                "{}年{}月{}日（星期{weekday}）",
                d.year(),
                d.month(),
                d.day()
            )
        }
        _ => {
            let weekday = [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ][n];
            let month = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ][d.month0() as usize];
            format!("{weekday} {} {month} {}", d.day(), d.year())
        }
    }
}

fn join(lang: &str, items: impl IntoIterator<Item = String>) -> String {
    let separator = if lang == "zh-CN" { "、" } else { ", " };
    items.into_iter().collect::<Vec<_>>().join(separator)
}

fn times(lang: &str, times: &[TimeRange]) -> String {
    join(
        lang,
        times
            .iter()
            .map(|t| format!("{}–{}", t.start.format("%H:%M"), t.end.format("%H:%M"))),
    )
}

/// The rows the schedule of a campaign whose sessions are on one day each,
/// with plain slots, must have: a row per school per slot, sessions by
/// date then start, with the slot's time, the venues, the campus, when to
/// arrive and the session's note.
fn expected_rows(c: &Campaign, lang: &str) -> Vec<Vec<String>> {
    let mut sessions: Vec<&Session> = c.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.date, s.times.first().map(|t| t.start)));
    let mut rows = vec![header(lang)];
    for s in sessions {
        assert!(
            s.recurrence.is_none() && s.rounds.is_empty() && s.booking.is_none(),
            "{}: this test spells out only one-day sessions",
            s.id
        );
        let date = s.date.expect("an announced date");
        let venues = s
            .venues
            .iter()
            .map(|id| c.venue(id).unwrap().name.get(lang).to_string());
        let campus = s.campus.as_deref().map_or(String::new(), |id| {
            c.campus(id).unwrap().name.get(lang).to_string()
        });
        let title = s.title.as_ref().expect("a title").get(lang).to_string();
        for slot in &s.slots {
            assert!(slot.label.is_none() && slot.group.is_none());
            let mut note = Vec::new();
            if s.arrive_early_minutes > 0 {
                let at =
                    slot.times[0].start - chrono::Duration::minutes(s.arrive_early_minutes.into());
                let at = at.format("%H:%M");
                note.push(match lang {
                    "zh-CN" => format!("请于 {at} 前到场"),
                    _ => format!("Arrive by {at}"),
                });
            }
            note.extend(s.note.as_ref().map(|n| n.get(lang).to_string()));
            for school in &slot.schools {
                rows.push(vec![
                    c.school(school).unwrap().name.get(lang).to_string(),
                    title.clone(),
                    date_long(lang, date),
                    times(lang, &slot.times),
                    join(lang, venues.clone()),
                    campus.clone(),
                    note.join(if lang == "zh-CN" { "；" } else { "; " }),
                    date.to_string(),
                ]);
            }
        }
    }
    rows
}

/// The spreadsheets of one campaign in one language, from the output `out`.
struct Sheets {
    xlsx: Vec<u8>,
    csv: Vec<u8>,
    dump: Json,
}

fn sheets(out: &Path, lang: &str, c: &Campaign) -> Sheets {
    let xlsx = out.join(plan::schedule_xlsx(lang, c).file());
    let csv = out.join(plan::schedule_csv(lang, c).file());
    Sheets {
        xlsx: std::fs::read(&xlsx).unwrap_or_else(|e| panic!("{}: {e}", xlsx.display())),
        csv: std::fs::read(&csv).unwrap_or_else(|e| panic!("{}: {e}", csv.display())),
        dump: dump(&xlsx, &csv),
    }
}

/// What every schedule spreadsheet has, whatever its rows: the CSV's
/// byte-order mark and CRLF line ends, the same rows in both files, one
/// sheet with its localized name, the campaign's title and issuer, its
/// `updated` (in UTC) as the creation time, a bold, frozen, filtered header
/// row repeated on printed pages, and columns sized. Returns the rows.
fn check_shape(s: &Sheets, c: &Campaign, lang: &str, created: &str) -> Vec<Vec<String>> {
    let what = format!("{} in {lang}", c.id);
    assert!(s.csv.starts_with(b"\xEF\xBB\xBF"), "{what}: no BOM");
    let text = std::str::from_utf8(&s.csv).unwrap();
    assert!(text.ends_with("\r\n"), "{what}: the CSV's last line");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "{what}: a line of the CSV does not end in CRLF"
    );
    let x = &s.dump["xlsx"];
    let rows = strings(&x["rows"]);
    assert_eq!(
        rows,
        strings(&s.dump["csv"]["rows"]),
        "{what}: the CSV differs"
    );
    assert_eq!(rows[0], header(lang), "{what}: header");
    assert_eq!(x["sheets"], serde_json::json!([sheet_name(lang)]), "{what}");
    assert_eq!(x["title"], c.title.get(lang), "{what}: title");
    assert_eq!(x["creator"], c.issuer.get(lang), "{what}: author");
    assert_eq!(x["created"], created, "{what}: creation time");
    assert_eq!(
        x["bold"],
        serde_json::json!(vec![true; 8]),
        "{what}: bold header"
    );
    assert_eq!(x["freeze"], "A2", "{what}: the header row is not frozen");
    assert_eq!(x["filter"], format!("A1:H{}", rows.len()), "{what}: filter");
    assert_eq!(x["landscape"], true, "{what}");
    assert_eq!(x["print_titles"], "$1:$1", "{what}: header on every page");
    assert_eq!(x["paper"], 9, "{what}: printed on A4");
    assert_eq!(x["one_page_wide"], true, "{what}: printed one page wide");
    assert_eq!(
        x["page_header"],
        c.title.get(lang),
        "{what}: title on every page"
    );
    let widths: Vec<f64> = (x["widths"].as_array().unwrap().iter())
        .map(|w| {
            w.as_f64()
                .unwrap_or_else(|| panic!("{what}: a width unset"))
        })
        .collect();
    assert!(
        widths.iter().all(|w| (8.0..=50.0).contains(w)),
        "{widths:?}"
    );
    rows
}

/// The site's content, checked.
fn content(site: &Path) -> Content {
    let (content, diagnostics) = noticeboard::check(site);
    content.unwrap_or_else(|| panic!("{diagnostics:?}"))
}

#[test]
fn the_example_schedules_hold_every_schools_slot_and_build_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_example_site(&site);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_ok(&site, &a);
    // A clock read while building would show in the second build.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    build_ok(&site, &b);
    let content = content(&site);
    assert_eq!(content.campaigns.len(), 2);
    for c in &content.campaigns {
        assert_eq!(c.timezone, chrono_tz::Asia::Shanghai);
        let created = (c.updated - chrono::Duration::hours(8))
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string();
        for lang in ["zh-CN", "en"] {
            let s = sheets(&a, lang, c);
            let again = sheets(&b, lang, c);
            assert!(s.xlsx == again.xlsx, "{} {lang}: the .xlsx changed", c.id);
            assert!(s.csv == again.csv, "{} {lang}: the .csv changed", c.id);

            let rows = check_shape(&s, c, lang, &created);
            assert_eq!(rows, expected_rows(c, lang), "{} in {lang}", c.id);
            for school in &c.schools {
                let name = school.name.get(lang);
                assert!(
                    rows.iter().any(|r| r[0] == name),
                    "{} in {lang}: {name} is missing",
                    c.id
                );
            }
            let dates = &s.dump["xlsx"]["date_cells"];
            let real = serde_json::json!([true, "yyyy-mm-dd"]);
            assert!(
                dates.as_array().unwrap().iter().all(|d| *d == real),
                "{dates}"
            );

            // The schedule page links to both, with a human file name.
            let page = std::fs::read_to_string(a.join(plan::schedule(lang, c).file())).unwrap();
            let title = c.title.get(lang);
            let name = match lang {
                "zh-CN" => format!("{title}（各学院安排）"),
                _ => format!("{title} - schedule by school"),
            };
            let kb = |bytes: &[u8]| bytes.len().div_ceil(1024);
            let (xlsx_text, csv_text) = match lang {
                "zh-CN" => (
                    format!("Excel 表格（{} KB）", kb(&s.xlsx)),
                    format!("CSV 文件（{} KB）", kb(&s.csv)),
                ),
                _ => (
                    format!("Excel workbook ({} KB)", kb(&s.xlsx)),
                    format!("CSV file ({} KB)", kb(&s.csv)),
                ),
            };
            let id = &c.id;
            for link in [
                format!(
                    r#"<a href="{id}.xlsx" download="{name}.xlsx" type="{XLSX_TYPE}">{xlsx_text}</a>"#
                ),
                format!(
                    r#"<a href="{id}.csv" download="{name}.csv" type="text/csv">{csv_text}</a>"#
                ),
            ] {
                assert!(page.contains(&link), "{id} in {lang}: no {link}");
            }
        }
    }

    // Two rows written out, so a mistake shared by the code and the
    // expectations above still shows.
    let hitsz = campaign(&content, "hitsz-2026-graduation-photos");
    let rows = strings(&sheets(&a, "zh-CN", hitsz).dump["csv"]["rows"]);
    assert_eq!(
        rows[4],
        [
            "计算机科学与技术学院",
            "线下集中图像采集",
            "2025年11月11日（星期二）",
            "16:10–16:30",
            "学生活动中心",
            "",
            "请于 15:55 前到场；各学院（部门）须在本单位拍摄时段开始前15分钟到达现场签到。未提前获取采集码并完成缴费的学生，不得入场排队拍摄。",
            "2025-11-11",
        ]
    );
    let sysu = campaign(&content, "sysu-2026-graduation-photos");
    let rows = strings(&sheets(&a, "en", sysu).dump["xlsx"]["rows"]);
    assert_eq!(
        rows.last().unwrap(),
        &[
            "School of Law",
            "South Campus",
            "Wednesday 5 November 2025",
            "15:00–17:00",
            "Fengsheng Hall 102, Fengsheng Hall 104",
            "South Campus",
            "",
            "2025-11-05",
        ]
    );
}

/// The fitness test is in Chinese only, on a bilingual site: its
/// spreadsheets exist in Chinese only. Its sessions say what pages say of
/// a weekly session, check-in rounds, booking, a school in two labelled
/// slots or across the lunch break, and a session still to be announced.
#[test]
fn a_chinese_only_campaign_has_chinese_spreadsheets_only_saying_what_pages_say() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture("fitness-test");
    build_ok(&site, tmp.path());
    let files: Vec<String> = read_tree(tmp.path())
        .into_keys()
        .filter(|f| f.ends_with(".xlsx") || f.ends_with(".csv"))
        .collect();
    let id = "fitness-2025-autumn";
    assert_eq!(
        files,
        [
            format!("zh-CN/{id}/schedule/{id}.csv"),
            format!("zh-CN/{id}/schedule/{id}.xlsx"),
        ]
    );
    let content = content(&site);
    let c = campaign(&content, id);
    let s = sheets(tmp.path(), "zh-CN", c);
    let rows = check_shape(&s, c, "zh-CN", "2025-09-10T01:00:00");
    let open = |school: &str| {
        [
            school,
            "开放测试（50米跑、800米跑、1000米跑）",
            "每周一至周五，2025年9月22日至10月31日（10月1日至8日除外）",
            "18:30 起",
            "田径场",
            "主校区",
            "不分学院，学生在开放时段内自行前往，每晚20:00停止检录。",
            "2025-09-22",
        ]
        .map(String::from)
    };
    let rounds = "分批签到：08:30、10:00、14:00、15:30；须先预约：2025年9月15日（星期一） 10:00至2025年9月19日（星期五） 23:00，“阳光体测”微信小程序";
    let indoor = |school: &str, time: &str, arrive: &str| {
        [
            school,
            "室内集中测试",
            "2025年10月9日（星期四）",
            time,
            "体育馆",
            "主校区",
            &format!("请于 {arrive} 前到场；{rounds}"),
            "2025-10-09",
        ]
        .map(String::from)
    };
    let make_up = |school: &str| {
        [
            school,
            "补测",
            "待定",
            "14:00–17:00",
            "体育馆",
            "主校区",
            "预计11月中旬，具体时间另行通知",
            "",
        ]
        .map(String::from)
    };
    let expected = [
        open("机械工程学院"),
        open("外国语学院"),
        open("经济与管理学院"),
        indoor("机械工程学院", "08:30–11:30、14:00–17:00", "08:15"),
        indoor("外国语学院", "2025级 08:30–10:00", "08:15"),
        indoor("外国语学院", "2024级 14:00–15:30", "13:45"),
        indoor("经济与管理学院", "10:00–11:30、15:30–17:00", "09:45"),
        make_up("机械工程学院"),
        make_up("外国语学院"),
        make_up("经济与管理学院"),
    ];
    assert_eq!(rows[1..], expected.map(Vec::from));
    // The ISO column holds real dates, and nothing while the date is to
    // be announced.
    let dates = s.dump["xlsx"]["date_cells"].as_array().unwrap().clone();
    let real = serde_json::json!([true, "yyyy-mm-dd"]);
    let none = serde_json::json!([false, "General"]);
    let mut expected = vec![real; 7];
    expected.extend(vec![none; 3]);
    assert_eq!(dates, expected);
}

/// Slots of every shape: a school twice in one session gets two rows, each
/// with its cohort's label; a group that is not a school gets a row of its
/// own; a school there for the whole session has the session's times.
#[test]
fn every_slot_shape_gets_its_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let site = with_theme(&repo().join("tests/sites_invalid/slot-shapes"));
    build_ok(&site, tmp.path());
    let content = content(&site);
    let c = &content.campaigns[0];
    let s = sheets(tmp.path(), "en", c);
    let rows = check_shape(&s, c, "en", "2025-10-21T01:30:00");
    let cells: Vec<[&str; 4]> = (rows[1..].iter())
        .map(|r| [r[0].as_str(), r[1].as_str(), r[3].as_str(), r[6].as_str()])
        .collect();
    assert_eq!(
        cells,
        [
            [
                "School of Science",
                "South Campus collection",
                "Class of 2023 09:00–10:30",
                "Arrive by 08:45"
            ],
            [
                "School of Science",
                "South Campus collection",
                "Class of 2024 13:30–14:30",
                "Arrive by 13:15"
            ],
            [
                "School of Humanities",
                "South Campus collection",
                "10:30–12:00, 14:30–17:00",
                "Arrive by 10:15"
            ],
            [
                "International students",
                "South Campus collection",
                "11:00–11:30",
                "Arrive by 10:45"
            ],
            [
                "School of Medicine",
                "East Campus collection",
                "09:00–12:00",
                ""
            ],
        ]
    );
}
