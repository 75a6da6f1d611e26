//! Slots taken from a spreadsheet (`slots_from:`), and exactly what `check`
//! says about a sheet's mistakes.
//!
//! The sheets are binary files (or CSV in GBK), so each test makes its own
//! in a copy of `tests/fixtures/basic` rather than keeping them in
//! `tests/sites_invalid`: .xlsx with rust_xlsxwriter, .ods as the smallest
//! OpenDocument zip calamine reads, GBK with encoding_rs. Every case
//! asserts the whole report, `file:line:col: severity: message (hint: …)`.

mod common;

use std::path::{Path, PathBuf};

use noticeboard::diagnostic::{Diagnostic, Report};
use noticeboard::model::{Content, Slot};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const CAMPAIGN: &str = "content/photos-2025";
const XLSX: &str = "附件4-各学院安排.xlsx";

/// The slots the fixture writes in YAML, which the sheets below repeat.
const YAML_SLOTS: &str =
    "    slots:                  # which schools come when; every school needs a slot
      - time: \"09:00-10:30\"
        schools: [school-of-science]
      - time: \"15:30-17:00\"
        schools: [school-of-humanities]
";

/// A copy of the basic fixture whose session takes its slots from
/// `slots_from` (written as given) instead of YAML, with `files` (name,
/// bytes) put in the campaign folder.
fn site(slots_from: &str, files: &[(&str, Vec<u8>)]) -> PathBuf {
    let root = common::with_theme(&common::repo().join("tests/fixtures/basic"));
    edit_campaign(&root, |yaml| {
        assert!(yaml.contains(YAML_SLOTS));
        yaml.replace(YAML_SLOTS, &format!("    slots_from: {slots_from}\n"))
    });
    for (name, bytes) in files {
        std::fs::write(root.join(CAMPAIGN).join(name), bytes).unwrap();
    }
    root
}

fn edit_campaign(root: &Path, edit: impl Fn(String) -> String) {
    let file = root.join(CAMPAIGN).join("campaign.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, edit(yaml)).unwrap();
}

/// Every diagnostic of `check`, sorted, with its hint.
fn check(root: &Path) -> (Option<Content>, Vec<String>) {
    let (content, diagnostics) = noticeboard::check(root);
    let lines = diagnostics.into_sorted().iter().map(line).collect();
    (content, lines)
}

fn line(d: &Diagnostic) -> String {
    d.to_string()
}

/// One cell of a test sheet.
enum Cell {
    Text(&'static str),
    /// A cell Excel holds as a date (a serial number shown as a date).
    Date(u16, u8, u8),
    /// A cell Excel holds as a time of day.
    Time(u16, u8),
    Empty,
}
use Cell::{Date, Empty, Text, Time};

/// An .xlsx workbook with one sheet of `rows`, named `name`, from A1.
fn xlsx(name: &str, rows: &[Vec<Cell>]) -> Vec<u8> {
    xlsx_with(name, rows, |_| {})
}

fn xlsx_with(
    name: &str,
    rows: &[Vec<Cell>],
    more: impl FnOnce(&mut rust_xlsxwriter::Worksheet),
) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("hh:mm");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Text(text) => {
                    sheet.write_string(r, c, *text).unwrap();
                }
                Date(y, m, d) => {
                    let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet.write_datetime_with_format(r, c, &day, &date).unwrap();
                }
                Time(h, m) => {
                    let at = ExcelDateTime::from_hms(*h, *m, 0).unwrap();
                    sheet.write_datetime_with_format(r, c, &at, &time).unwrap();
                }
                Empty => {}
            }
        }
    }
    more(sheet);
    book.save_to_buffer().unwrap()
}

/// The fixture's two slots as an office's sheet has them: a title row, a
/// header row, a 序号 column, the date as a date cell, times as Chinese
/// staff type them.
fn schedule() -> Vec<Vec<Cell>> {
    vec![
        vec![Text("2026届毕业生图像采集各学院安排")],
        vec![Text("序号"), Text("学院"), Text("日期"), Text("时间")],
        vec![
            Text("1"),
            Text("理学院"),
            Date(2025, 11, 11),
            Text("09:00-10:30"),
        ],
        vec![
            Text("2"),
            Text("School of Humanities"),
            Date(2025, 11, 11),
            Text("15：30至17：00"),
        ],
    ]
}

/// The slots of the fixture's session.
fn slots(content: &Content) -> &[Slot] {
    &common::campaign(content, "photos-2025").sessions[0].slots
}

/// Slots as compared: all their fields, as `Debug` prints them.
fn shown(slots: &[Slot]) -> String {
    format!("{slots:#?}")
}

/// The fixture's own slots, written in YAML.
fn yaml_slots() -> Vec<Slot> {
    let (content, _) = noticeboard::check(&common::fixture("basic"));
    slots(&content.expect("the fixture passes check")).to_vec()
}

#[test]
fn xlsx_rows_become_the_same_slots_as_yaml() {
    let root = site(XLSX, &[(XLSX, xlsx("Sheet1", &schedule()))]);
    let (content, report) = check(&root);
    // Not even the warning that the sheet is not published: its rows are.
    assert_eq!(report, Vec::<String>::new());
    assert_eq!(shown(slots(&content.unwrap())), shown(&yaml_slots()));
}

#[test]
fn merged_cells_and_real_time_cells() {
    // The date merged over both rows, as offices write it once, and the
    // times in start and end columns that Excel holds as times.
    let rows = vec![
        vec![
            Text("学院"),
            Text("日期"),
            Text("开始时间"),
            Text("结束时间"),
        ],
        vec![
            Text("school-of-science"),
            Date(2025, 11, 11),
            Time(9, 0),
            Time(10, 30),
        ],
        vec![Text("人文学院"), Empty, Time(15, 30), Time(17, 0)],
    ];
    let book = xlsx_with("安排", &rows, |sheet| {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let day = ExcelDateTime::from_ymd(2025, 11, 11).unwrap();
        sheet.merge_range(1, 1, 2, 1, "", &date).unwrap();
        sheet.write_datetime_with_format(1, 1, &day, &date).unwrap();
    });
    let root = site(&format!("{{file: {XLSX}, sheet: 安排}}"), &[(XLSX, book)]);
    let (content, report) = check(&root);
    assert_eq!(report, Vec::<String>::new());
    assert_eq!(shown(slots(&content.unwrap())), shown(&yaml_slots()));
}

#[test]
fn unknown_school_in_a_sheet_suggests_the_closest_name() {
    let mut rows = schedule();
    rows[2][1] = Text("理学部");
    let root = site(XLSX, &[(XLSX, xlsx("Sheet1", &rows))]);
    let (content, report) = check(&root);
    assert!(content.is_none());
    assert_eq!(
        report,
        [
            "content/photos-2025/附件4-各学院安排.xlsx:3:2: error: sheet 'Sheet1', cell B3: unknown school `理学部` (hint: did you mean 理学院 (`school-of-science`)? A school is written as its id or its name in any language, as under `schools` in campaign.yaml)"
        ]
    );
}

#[test]
fn a_time_outside_its_session_is_reported_at_the_cell() {
    let mut rows = schedule();
    rows[3][3] = Text("12:30-13:30");
    let root = site(XLSX, &[(XLSX, xlsx("Sheet1", &rows))]);
    let (_, report) = check(&root);
    assert_eq!(
        report,
        [
            "content/photos-2025/附件4-各学院安排.xlsx:4:4: error: sheet 'Sheet1', cell D4: slot 12:30–13:30 is outside the session's times (09:00–12:00, 13:30–17:00) (hint: a slot must fall inside one of the session's time ranges)"
        ]
    );
}

#[test]
fn two_rows_for_one_school_conflict_as_in_yaml() {
    let mut rows = schedule();
    rows.push(vec![
        Text("3"),
        Text("school-of-science"),
        Date(2025, 11, 11),
        Text("13:30-14:00"),
    ]);
    let root = site(XLSX, &[(XLSX, xlsx("Sheet1", &rows))]);
    let (_, report) = check(&root);
    assert_eq!(
        report,
        [
            "content/photos-2025/附件4-各学院安排.xlsx:5:2: error: sheet 'Sheet1', cell B5: school `school-of-science` has more than one slot in session `main-session` (hint: give each of the school's slots a `label` (e.g. the cohort; in a sheet, a 批次 or label column), or keep one slot)"
        ]
    );
}

#[test]
fn a_label_column_lets_a_school_come_twice() {
    let rows = vec![
        vec![Text("学院"), Text("时间"), Text("批次")],
        vec![Text("理学院"), Text("09:00-10:30"), Text("2023级")],
        vec![Text("理学院"), Text("13:30-14:30"), Text("2024级")],
        vec![
            Text("人文学院、理学院"),
            Text("15:30-17:00"),
            Text("2022级"),
        ],
    ];
    let root = site(XLSX, &[(XLSX, xlsx("Sheet1", &rows))]);
    let (content, report) = check(&root);
    assert_eq!(report, Vec::<String>::new());
    let content = content.unwrap();
    let slots = slots(&content);
    assert_eq!(slots.len(), 3);
    assert_eq!(slots[0].label.as_ref().unwrap().get("en"), "2023级");
    assert_eq!(
        slots[2].schools,
        ["school-of-humanities", "school-of-science"]
    );
}

#[test]
fn a_missing_column_header_is_named() {
    let rows = vec![
        vec![Text("序号"), Text("学院"), Text("日期")],
        vec![Text("1"), Text("理学院"), Date(2025, 11, 11)],
    ];
    let root = site(XLSX, &[(XLSX, xlsx("Sheet1", &rows))]);
    let (_, report) = check(&root);
    assert_eq!(
        report,
        [
            "content/photos-2025/附件4-各学院安排.xlsx:1:1: error: sheet 'Sheet1', row 1: there is no time column (hint: head the column of times 时间, 时段 or time (with ranges such as 09:00-10:30), or give 开始时间 and 结束时间 (start, end) columns; this header row has `序号`, `学院`, `日期`)"
        ]
    );
}

/// The fixture's slots as a CSV file, as Excel saves one.
const CSV: &str =
    "学院,时间,备注\r\n理学院,09:00-10:30,\r\n人文学院,\"15:30-17:00\",请提前到场\r\n";

#[test]
fn a_gbk_csv_file_loads_as_excel_on_chinese_windows_saves_it() {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(CSV);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the test needs bytes that are not UTF-8"
    );
    let root = site("附件4.csv", &[("附件4.csv", gbk.into_owned())]);
    let (content, report) = check(&root);
    assert_eq!(report, Vec::<String>::new());
    assert_eq!(shown(slots(&content.unwrap())), shown(&yaml_slots()));
}

/// `check` on a site that fails: each diagnostic on a line, and the
/// first as the command line shows it (with the quoted source line).
fn failed_check_rendered(root: &Path) -> (Vec<String>, String) {
    let (content, diagnostics) = noticeboard::check(root);
    assert!(content.is_none());
    let sorted = diagnostics.into_sorted();
    let report = sorted.iter().map(line).collect();
    let shown = Report { root, color: false }.render(&sorted[0]);
    (report, shown)
}

/// A mistake in a GBK file is reported with its text decoded: the school
/// named as staff typed it, at the cell, and the line quoted readably.
#[test]
fn a_mistake_in_a_gbk_csv_file_is_reported_at_its_cell() {
    let csv = "学院,时间\r\n理学部,09:00-10:30\r\n人文学院,15:30-17:00\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(csv);
    assert!(!unmappable && std::str::from_utf8(&gbk).is_err());
    let root = site("附件4.csv", &[("附件4.csv", gbk.into_owned())]);
    let (report, shown) = failed_check_rendered(&root);
    assert_eq!(
        report,
        [
            "content/photos-2025/附件4.csv:2:1: error: cell A2: unknown school `理学部` (hint: did you mean 理学院 (`school-of-science`)? A school is written as its id or its name in any language, as under `schools` in campaign.yaml)"
        ]
    );
    assert!(shown.contains("理学部,09:00-10:30"), "{shown}");
}

#[test]
fn a_utf8_csv_file_with_a_byte_order_mark_loads() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(CSV.as_bytes());
    let root = site("附件4.csv", &[("附件4.csv", bytes)]);
    let (content, report) = check(&root);
    assert_eq!(report, Vec::<String>::new());
    assert_eq!(shown(slots(&content.unwrap())), shown(&yaml_slots()));
}

#[test]
fn a_csv_mistake_is_shown_on_its_line_with_a_caret_under_the_cell() {
    let csv = "学院,时间\n理学院,09:00-10:30\n人文学院,15:30-18:00\n";
    let root = site("附件4.csv", &[("附件4.csv", csv.as_bytes().to_vec())]);
    let (report, shown) = failed_check_rendered(&root);
    assert_eq!(
        report,
        [
            "content/photos-2025/附件4.csv:3:6: error: cell B3: slot 15:30–18:00 is outside the session's times (09:00–12:00, 13:30–17:00) (hint: a slot must fall inside one of the session's time ranges)"
        ]
    );
    assert!(
        shown.contains("3 | 人文学院,15:30-18:00\n  |          ^"),
        "{shown}"
    );
}

#[test]
fn an_ods_sheet_with_date_cells_loads() {
    let root = site(
        "附件4.ods",
        &[(
            "附件4.ods",
            ods(&[
                &[
                    ("string", "学院"),
                    ("string", "日期"),
                    ("string", "时间"),
                    ("string", "地点"),
                ],
                &[
                    ("string", "School of Science"),
                    ("date", "2025-11-11"),
                    ("string", "09:00-10:30"),
                    ("string", "学生活动中心"),
                ],
                &[
                    ("string", "人文学院"),
                    ("date", "2025-11-11"),
                    ("string", "15:30-17:00"),
                    ("string", "main-hall"),
                ],
            ]),
        )],
    );
    let (content, report) = check(&root);
    assert_eq!(report, Vec::<String>::new());
    assert_eq!(shown(slots(&content.unwrap())), shown(&yaml_slots()));
}

/// The smallest OpenDocument spreadsheet calamine reads: one sheet,
/// `Sheet1`, of cells (value type, value).
fn ods(rows: &[&[(&str, &str)]]) -> Vec<u8> {
    use std::io::Write;
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for (kind, value) in *row {
            match *kind {
                "date" => table.push_str(&format!(
                    "<table:table-cell office:value-type=\"date\" office:date-value=\"{value}\"><text:p>{value}</text:p></table:table-cell>"
                )),
                _ => table.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{value}</text:p></table:table-cell>"
                )),
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
<office:body><office:spreadsheet><table:table table:name=\"Sheet1\">{table}</table:table>\
</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
</manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The fixture with a second session, on the next day at the same venue,
/// and the slots of both from one campaign-level sheet matched by date.
#[test]
fn a_campaign_sheet_gives_each_row_to_the_session_on_its_date() {
    let csv = "日期,学院,时间\n2025-11-11,理学院,09:00-10:30\n2025-11-12,人文学院,15:30-17:00\n2025-11-13,人文学院,09:00-10:00\n";
    let root = common::with_theme(&common::repo().join("tests/fixtures/basic"));
    std::fs::write(root.join(CAMPAIGN).join("安排.csv"), csv).unwrap();
    edit_campaign(&root, |yaml| {
        let second = "  - id: second-day\n    date: 2025-11-12\n    times: [\"13:30-17:00\"]\n    venues: [main-hall]\n\ndeadlines:\n";
        yaml.replace(YAML_SLOTS, "")
            .replacen("\ndeadlines:\n", &format!("\n{second}"), 1)
            .replacen("\nsessions:\n", "\nslots_from: 安排.csv\n\nsessions:\n", 1)
    });
    let (_, report) = check(&root);
    assert_eq!(
        report,
        [
            "content/photos-2025/安排.csv:4:1: error: cell A4: no session is held on 2025-11-13 (hint: the campaign's sheet gives each row to the session held on its date: `main-session` 2025-11-11, `second-day` 2025-11-12)"
        ]
    );
    let fixed = csv.lines().take(3).collect::<Vec<_>>().join("\n");
    std::fs::write(root.join(CAMPAIGN).join("安排.csv"), fixed).unwrap();
    let (content, report) = check(&root);
    assert_eq!(report, Vec::<String>::new());
    let content = content.unwrap();
    let sessions = &common::campaign(&content, "photos-2025").sessions;
    assert_eq!(sessions[0].slots[0].schools, ["school-of-science"]);
    assert_eq!(sessions[1].slots[0].schools, ["school-of-humanities"]);
}

#[test]
fn slots_from_mistakes_in_campaign_yaml() {
    let book = xlsx("Sheet1", &schedule());
    // Both `slots` and `slots_from`.
    let root = site(XLSX, &[(XLSX, book.clone())]);
    edit_campaign(&root, |yaml| {
        yaml.replace(
            &format!("    slots_from: {XLSX}\n"),
            &format!("    slots_from: {XLSX}\n{YAML_SLOTS}"),
        )
    });
    let (_, report) = check(&root);
    assert_eq!(
        report,
        [
            "content/photos-2025/campaign.yaml:69:17: error: session `main-session` has both `slots` and `slots_from` (hint: take the slots from the spreadsheet or write them under `slots`, not both)"
        ]
    );
    // A path out of the campaign folder, a missing file, a missing sheet.
    for (written, expected) in [
        (
            "../附件4.xlsx",
            "content/photos-2025/campaign.yaml:69:17: error: `slots_from` must name a file in the campaign folder, not `../附件4.xlsx` (hint: write the file's name as it is in the campaign folder, e.g. `slots_from: 附件4-各学院安排.xlsx` or `attachments/附件4.xlsx`)",
        ),
        (
            "附件5.xlsx",
            "content/photos-2025/campaign.yaml:69:17: error: there is no file `附件5.xlsx` in the campaign folder content/photos-2025/ (hint: the spreadsheets in the campaign folder are: attachments/schedule.csv, schools/school-of-science/schedule.csv, 附件4-各学院安排.xlsx)",
        ),
        (
            "{file: 附件4-各学院安排.xlsx, sheet: Sheet2}",
            "content/photos-2025/campaign.yaml:69:47: error: `附件4-各学院安排.xlsx` has no sheet 'Sheet2' (hint: its sheets are: 'Sheet1')",
        ),
        (
            "notice.en.md",
            "content/photos-2025/campaign.yaml:69:17: error: slots cannot be read from `notice.en.md`: it is not a spreadsheet (hint: save the sheet as .xlsx, .xls, .ods or .csv (Excel: Save As) and name that file)",
        ),
    ] {
        let root = site(written, &[(XLSX, book.clone())]);
        let (_, report) = check(&root);
        let mut expected = vec![expected.to_string()];
        if written != "{file: 附件4-各学院安排.xlsx, sheet: Sheet2}" {
            // The sheet nothing reads is left out of the build, and said so.
            expected.push("content/photos-2025/附件4-各学院安排.xlsx:1:1: warning: this file is not published: no attachment and no Markdown file uses it (hint: name it attachments/<attachment-id>.<ext> to make it an attachment's file, link to it from a Markdown file ([text](file) or ![text](image)), or move it out of content/)".into());
        }
        assert_eq!(report, expected, "{written}");
    }
}

#[test]
fn a_file_that_is_not_a_spreadsheet_is_reported_not_panicked_on() {
    let root = site(XLSX, &[(XLSX, b"PK\x03\x04 not really a zip".to_vec())]);
    let (content, report) = check(&root);
    assert!(content.is_none());
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(
        report[0].starts_with(
            "content/photos-2025/附件4-各学院安排.xlsx:1:1: error: this file cannot be read as a spreadsheet: "
        ),
        "{report:?}"
    );
}

#[test]
fn a_sheet_of_headers_only_and_unreadable_cells() {
    // A header and nothing below: the session would be open to every
    // school without a word.
    let root = site("附件4.csv", &[("附件4.csv", "标题\n学院,时间\n".into())]);
    let (_, report) = check(&root);
    assert_eq!(
        report,
        [
            "content/photos-2025/附件4.csv:2:1: error: row 2: there are no slots below the header row (hint: add a row per school (its name and time), or remove `slots_from`)"
        ]
    );
    let csv = "学院,时间\n理学院,9点-10点\n,13:30-14:00\n人文学院\n";
    std::fs::write(root.join(CAMPAIGN).join("附件4.csv"), csv).unwrap();
    let (_, report) = check(&root);
    assert_eq!(
        report,
        [
            "content/photos-2025/附件4.csv:2:5: error: cell B2: the time is not a valid time range: `9点-10点` (`点` is not part of a time) (hint: write a time range as HH:MM-HH:MM in 24-hour time, e.g. 15:30-17:00)",
            "content/photos-2025/附件4.csv:3:1: error: cell A3: this row has a time but no school (hint: write the school's name in the row, or delete the row)",
            "content/photos-2025/附件4.csv:4:1: error: cell B4: this row has a school but no time (hint: write the school's time as a range, e.g. 09:00-10:30, or delete the row)",
        ]
    );
}

#[test]
fn a_changed_sheet_renders_its_campaign_again() {
    // The sheet is part of the campaign's fingerprint: a build into the
    // previous build's folder renders the campaign again when only the
    // sheet changed, and the school's page shows the new time.
    let root = site(XLSX, &[(XLSX, xlsx("Sheet1", &schedule()))]);
    let out = tempfile::tempdir().unwrap();
    let build = || noticeboard::build(&root, out.path()).expect("the site builds");
    assert_eq!(build().rendered, 1);
    let again = build();
    assert_eq!((again.rendered, again.kept), (0, 1));
    let mut rows = schedule();
    rows[2][3] = Text("10:30-11:45");
    std::fs::write(root.join(CAMPAIGN).join(XLSX), xlsx("Sheet1", &rows)).unwrap();
    assert_eq!(build().rendered, 1);
    let page = walk_text(out.path(), "school-of-science");
    assert!(page.contains("11:45"), "{page}");
}

/// The text of every page whose path contains `part`.
fn walk_text(dir: &Path, part: &str) -> String {
    common::read_tree(dir)
        .into_iter()
        .filter(|(path, _)| path.contains(part) && path.ends_with(".html"))
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

mod never_panics {
    //! Whatever a sheet holds, `check` reports it and goes on: text made of
    //! the characters a schedule has (quotes, line breaks, separators,
    //! times), any bytes as CSV, and damaged .xlsx files.

    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// Checks the site whose sheet is `name` with `bytes` in it. One site
    /// per name, made once, whose sheet each case overwrites (the cases of
    /// one test run one after another).
    fn check_sheet(name: &str, bytes: &[u8]) {
        static SITES: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
        let root = (SITES.lock().unwrap_or_else(|e| e.into_inner()))
            .entry(name.to_string())
            .or_insert_with(|| site(name, &[]))
            .clone();
        std::fs::write(root.join(CAMPAIGN).join(name), bytes).unwrap();
        let (_, diagnostics) = noticeboard::check(&root);
        for d in diagnostics.into_sorted() {
            assert!(d.pos.line >= 1 && d.pos.column >= 1, "{d}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn schedule_like_text(text in "[学院时间日期批次地点理人文,\"\n\r 0-9:：至-]{0,120}") {
            check_sheet("text.csv", format!("学院,时间,日期\n{text}").as_bytes());
        }

        #[test]
        fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            check_sheet("bytes.csv", &bytes);
        }

        #[test]
        fn damaged_workbooks(at in 0usize..100_000, bytes in proptest::collection::vec(any::<u8>(), 1..16)) {
            let mut book = xlsx("Sheet1", &schedule());
            let at = at % book.len();
            let end = (at + bytes.len()).min(book.len());
            book[at..end].copy_from_slice(&bytes[..end - at]);
            check_sheet("damaged.xlsx", &book);
        }
    }
}

#[test]
fn the_sheet_can_also_be_the_attachment_students_download() {
    // The fixture's attachment 2 is the file attachments/schedule.csv: the
    // session takes its slots from that same file, so what students
    // download and what the pages show cannot drift apart.
    let csv = "学院,时间\nschool-of-science,09:00-10:30\nschool-of-humanities,15:30-17:00\n";
    let file = "attachments/schedule.csv";
    let root = site(file, &[(file, csv.as_bytes().to_vec())]);
    let (content, report) = check(&root);
    assert_eq!(report, Vec::<String>::new());
    assert_eq!(shown(slots(&content.unwrap())), shown(&yaml_slots()));
    let out = tempfile::tempdir().unwrap();
    common::build_ok(&root, out.path());
    let published = out.path().join("files/photos-2025").join(file);
    assert_eq!(std::fs::read(published).unwrap(), csv.as_bytes());
}
