//! The schedule as a spreadsheet: per campaign and language, every school's
//! slot in one table, as an Excel workbook and as CSV, beside the schedule
//! page that links to them. It is the file a school office prints or
//! forwards, so it says what the pages say: the texts come from the same
//! views and formatting functions ([`Views::session`], [`format`]), only
//! laid out a row per school per slot.
//!
//! Both files are pure functions of the campaign, like the calendars: the
//! workbook's creation time is the campaign's `updated` (a workbook
//! otherwise records the moment it was written), and the zip inside it has
//! fixed timestamps, so building twice gives the same bytes.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::views::{Views, in_date_order};
use super::{format, xlsx};
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Campaign, Session, Slot};
use crate::plan::{self, OutPath};

/// The messages the files and their links use; the build checks them
/// against the locales, so a missing one fails it.
pub const MESSAGE_KEYS: &[&str] = &[
    "sheet-name",
    "sheet-file-name",
    "sheet-column-school",
    "sheet-column-session",
    "sheet-column-date",
    "sheet-column-time",
    "sheet-column-venue",
    "sheet-column-campus",
    "sheet-column-note",
    "sheet-column-day",
    "sheet-note-separator",
    "sheet-booking",
    "sheet-download-xlsx",
    "sheet-download-csv",
    "school-no-session",
    "label-arrive-by",
    "label-status-cancelled",
    "kind-session",
    "pending",
];

/// What Excel writes first in a UTF-8 CSV file. Without it, Excel on a
/// Chinese Windows reads the file as GBK and shows the Chinese garbled.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// What a cell says of something that does not apply to the row.
const NONE: &str = "—";

/// One file made for a campaign in one language.
pub struct Export {
    pub path: OutPath,
    pub bytes: Vec<u8>,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    Xlsx,
    Csv,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Xlsx => "xlsx",
            Kind::Csv => "csv",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Csv => "text/csv",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Kind::Xlsx => "sheet-download-xlsx",
            Kind::Csv => "sheet-download-csv",
        }
    }
}

/// A link to one of the files, for the schedule page.
#[derive(Serialize)]
pub struct DownloadView {
    pub href: String,
    /// The name the browser saves it under (the `download` attribute):
    /// the campaign's title, not its id.
    pub file_name: String,
    pub mime: &'static str,
    /// "Excel 表格（9 KB）".
    pub text: String,
}

/// One row: a school (or group) at one slot of one session. Its remarks
/// are what the schedule page says of the session besides the facts in the
/// other columns: cancelled, when to arrive, check-in rounds, booking,
/// what is still to be announced, and the session's note.
struct Row {
    school: String,
    session: String,
    date: String,
    time: String,
    venue: String,
    campus: String,
    note: String,
    /// The session's (first) day, for sorting; `None` while it is to be
    /// announced.
    day: Option<NaiveDate>,
}

impl Row {
    /// A row whose texts are as pages write them, less the word joiners
    /// (U+2060) that keep a time range's dash from breaking a line in a
    /// page: in a cell they only stop a search for "09:00–10:00" from
    /// finding it, and some fonts draw them as boxes.
    fn cleaned(mut self) -> Row {
        for text in [
            &mut self.school,
            &mut self.session,
            &mut self.date,
            &mut self.time,
            &mut self.venue,
            &mut self.campus,
            &mut self.note,
        ] {
            if text.contains('\u{2060}') {
                text.retain(|ch| ch != '\u{2060}');
            }
        }
        self
    }

    fn texts(&self) -> [&str; 7] {
        [
            &self.school,
            &self.session,
            &self.date,
            &self.time,
            &self.venue,
            &self.campus,
            &self.note,
        ]
    }

    /// The day as `YYYY-MM-DD`, or nothing.
    fn day_text(&self) -> String {
        self.day.map(|d| d.to_string()).unwrap_or_default()
    }
}

/// The workbook and the CSV of campaign `c`'s schedule in `v.lang`; an
/// error (a text too long for a cell) names the campaign's file.
pub fn schedule(v: &Views, c: &Campaign) -> Result<Vec<Export>, Diagnostic> {
    let header = header(v);
    let rows = rows(v, c);
    let xlsx = workbook(v, c, &header, &rows).map_err(|e| {
        Diagnostic::error(
            format!("content/{}/campaign.yaml", c.id),
            Pos::START,
            format!("the schedule cannot be written as a spreadsheet: {e}"),
        )
        .hint("Excel holds at most 32,767 characters in a cell; shorten that text")
    })?;
    Ok(vec![
        Export {
            path: plan::schedule_xlsx(v.lang, c),
            bytes: xlsx,
            kind: Kind::Xlsx,
        },
        Export {
            path: plan::schedule_csv(v.lang, c),
            bytes: csv(&header, &rows),
            kind: Kind::Csv,
        },
    ])
}

/// Links from the page `v` is for to `exports`, with their human file
/// names, types and sizes.
pub fn downloads(v: &Views, c: &Campaign, exports: &[Export]) -> Vec<DownloadView> {
    let name = format::file_name(&v.loc.text(
        v.lang,
        "sheet-file-name",
        &[("title", c.title.get(v.lang).to_string())],
    ));
    exports
        .iter()
        .map(|e| {
            let size = format::file_size(v.loc, v.lang, e.bytes.len() as u64);
            DownloadView {
                href: v.here.relative_to(&e.path),
                file_name: format!("{name}.{}", e.kind.extension()),
                mime: e.kind.mime(),
                text: v.loc.text(v.lang, e.kind.message(), &[("size", size)]),
            }
        })
        .collect()
}

/// The column headings, the ISO date last.
fn header(v: &Views) -> [String; 8] {
    [
        "school", "session", "date", "time", "venue", "campus", "note", "day",
    ]
    .map(|column| v.loc.text(v.lang, &format!("sheet-column-{column}"), &[]))
}

/// Every session in date order (as the schedule page lists them); in
/// each, a row per slot per school, and per group a slot names. A session
/// without slots gets a row per school that attends it, at the session's
/// times. Schools that attend no session close the table, saying so.
fn rows(v: &Views, c: &Campaign) -> Vec<Row> {
    let mut rows = Vec::new();
    let separator = v.loc.text(v.lang, "sheet-note-separator", &[]);
    for s in in_date_order(c) {
        let view = v.session(c, s, None);
        let title = view
            .title
            .unwrap_or_else(|| v.loc.text(v.lang, "kind-session", &[]));
        let session = title + view.audience.as_deref().unwrap_or_default();
        let venue = match view.venues.is_empty() {
            true => v.loc.text(v.lang, "pending", &[]),
            false => format::list(v.loc, v.lang, view.venues.into_iter().map(|x| x.name)),
        };
        let campus = campus(v, c, s);
        let booking = view.booking.as_ref().map(|b| {
            let args = [
                ("window", b.window_text.clone()),
                ("channel", b.channel.clone()),
            ];
            v.loc.text(v.lang, "sheet-booking", &args)
        });
        let row = |who: String, time: String, arrive: Option<NaiveTime>| {
            let mut notes = Vec::new();
            if view.cancelled {
                notes.push(v.loc.text(v.lang, "label-status-cancelled", &[]));
            }
            if let Some(at) = arrive {
                let at = format::time(at);
                notes.push(v.loc.text(v.lang, "label-arrive-by", &[("time", at)]));
            }
            notes.extend(view.rounds_text.clone());
            notes.extend(booking.clone());
            notes.extend(view.pending_note.clone());
            notes.extend(view.note.clone());
            Row {
                school: who,
                session: session.clone(),
                date: view.date_text.clone(),
                time,
                venue: venue.clone(),
                campus: campus.clone(),
                note: notes.join(&separator),
                day: s.date,
            }
        };
        if s.slots.is_empty() {
            let attending: Vec<_> = (c.schools.iter())
                .filter(|sc| c.attends(s, &sc.id))
                .collect();
            let arrive = arrival(s, s.times.first().map(|t| t.start));
            for sc in &attending {
                let name = sc.name.get(v.lang).to_string();
                rows.push(row(name, view.times_text.clone(), arrive));
            }
            if attending.is_empty() {
                rows.push(row(NONE.into(), view.times_text.clone(), arrive));
            }
            continue;
        }
        for slot in &s.slots {
            let time = slot_time(v, slot);
            let arrive = arrival(s, slot.times.first().map(|t| t.start));
            if let Some(group) = &slot.group {
                rows.push(row(group.get(v.lang).to_string(), time.clone(), arrive));
            }
            for sc in slot.schools.iter().filter_map(|id| c.school(id)) {
                rows.push(row(sc.name.get(v.lang).to_string(), time.clone(), arrive));
            }
        }
    }
    let unscheduled =
        (c.schools.iter()).filter(|sc| !c.sessions.iter().any(|s| c.attends(s, &sc.id)));
    for sc in unscheduled {
        rows.push(Row {
            school: sc.name.get(v.lang).to_string(),
            session: NONE.into(),
            date: NONE.into(),
            time: NONE.into(),
            venue: NONE.into(),
            campus: NONE.into(),
            note: v.loc.text(v.lang, "school-no-session", &[]),
            day: None,
        });
    }
    rows.into_iter().map(Row::cleaned).collect()
}

/// A slot's time as the school's page writes it: its label first, when
/// it has one ("2023级 09:00–10:30").
fn slot_time(v: &Views, slot: &Slot) -> String {
    format::school_slots(v.loc, v.lang, std::iter::once(slot)).unwrap_or_default()
}

/// When to arrive for a slot starting at `start`, when the session asks
/// schools to come early.
fn arrival(s: &Session, start: Option<NaiveTime>) -> Option<NaiveTime> {
    let early = chrono::Duration::minutes(s.arrive_early_minutes.into());
    start
        .filter(|_| s.arrive_early_minutes > 0)
        .map(|t| t - early)
}

/// The session's campus, or else its venues' campuses; empty when neither
/// is given.
fn campus(v: &Views, c: &Campaign, s: &Session) -> String {
    let mut ids: Vec<&str> = match &s.campus {
        Some(id) => vec![id.as_str()],
        None => (s.venues.iter())
            .filter_map(|id| c.venue(id)?.campus.as_deref())
            .collect(),
    };
    ids.dedup();
    let names = ids
        .iter()
        .filter_map(|id| c.campus(id))
        .map(|campus| campus.name.get(v.lang).to_string());
    format::list(v.loc, v.lang, names)
}

/// The CSV file: UTF-8 with a byte-order mark and CRLF line ends, as Excel
/// saves "CSV UTF-8", so Excel opens it with the Chinese intact.
fn csv(header: &[String; 8], rows: &[Row]) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    // Writing into memory cannot fail.
    let _ = out.write_record(header);
    for row in rows {
        let day = row.day_text();
        let _ = out.write_record(row.texts().into_iter().chain([day.as_str()]));
    }
    out.into_inner().unwrap_or_default()
}

/// The workbook (see [`xlsx`]): columns wide enough for their Chinese
/// text, the ISO date a real date (so Excel sorts and filters by it), the
/// campaign's title at the top of every printed page.
fn workbook(
    v: &Views,
    c: &Campaign,
    header: &[String; 8],
    rows: &[Row],
) -> Result<Vec<u8>, String> {
    let widths: Vec<usize> = (0..header.len())
        .map(|col| {
            let cells = rows.iter().map(|row| match col {
                7 => "2025-01-01".len(),
                _ => display_width(row.texts()[col]),
            });
            let widest = cells
                .chain([display_width(&header[col])])
                .max()
                .unwrap_or(0);
            // Past the cap, a text wraps onto more lines instead.
            let cap = if col == 6 { 48 } else { 36 };
            (widest + 2).clamp(8, cap)
        })
        .collect();
    let rows = rows
        .iter()
        .map(|row| {
            let texts = row.texts().into_iter().map(|t| Some(xlsx::Cell::Text(t)));
            texts.chain([row.day.map(xlsx::Cell::Date)]).collect()
        })
        .collect();
    xlsx::write(&xlsx::Workbook {
        title: c.title.get(v.lang),
        author: c.issuer.get(v.lang),
        created: crate::calendar::to_utc(c.timezone, c.updated).naive_utc(),
        sheet_name: &sheet_name(&v.loc.text(v.lang, "sheet-name", &[])),
        header,
        widths: &widths,
        rows,
    })
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|ch| match ch {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => ' ',
            ch => ch,
        })
        .take(31)
        .collect();
    match cleaned.trim() {
        "" => "Sheet1".into(),
        name => name.into(),
    }
}

/// How many columns of Excel's width unit (a digit) a text needs: a
/// Chinese character (or any East Asian wide one) takes about two.
fn display_width(text: &str) -> usize {
    let longest_line = text.lines().map(|line| {
        line.chars()
            .map(|ch| if is_wide(ch) { 2 } else { 1 })
            .sum::<usize>()
    });
    longest_line.max().unwrap_or(0)
}

/// East Asian wide and full-width characters: CJK, kana, hangul, full-width
/// forms. Close enough for column widths; nothing else depends on it.
fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(sheet_name("各学院安排"), "各学院安排");
        assert_eq!(sheet_name("a/b [c]"), "a b  c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("[]"), "Sheet1");
    }

    #[test]
    fn chinese_counts_double() {
        assert_eq!(display_width("学院"), 4);
        assert_eq!(display_width("09:00–10:00"), 11);
        assert_eq!(display_width("（仅限女生）"), 12);
    }
}
