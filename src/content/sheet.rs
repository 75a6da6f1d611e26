//! Spreadsheets a campaign takes its slots from (`slots_from:`), read into
//! tables of cells that know where they are.
//!
//! Offices keep the per-school schedule in a spreadsheet and publish that
//! same sheet as an attachment, so taking the slots from it means the
//! schedule is typed once and the page and the sheet cannot disagree. This
//! stage knows file formats and text encodings, not meaning: it finds the
//! files `campaign.yaml` names, reads workbooks (.xlsx, .xls, .ods, with
//! calamine) and CSV files (UTF-8, UTF-8 with a byte-order mark, or GBK,
//! as Excel saves them on Chinese Windows), and keeps every cell with its
//! row, column and position in the file. Which column is the school, and
//! whether a time is inside its session, is for
//! [`crate::validate`] to say, at the cell.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Component, Path, PathBuf};

use calamine::{Data, Dimensions, Reader, SheetType};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use super::confine::Refused;
use super::digest::Digest;
use super::raw::{CampaignFile, S, pos};
use super::text;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, display_path};

/// The most cells a sheet may have: a schedule has a row per school, a
/// few thousand cells at most, and a sheet of millions is a mistake that
/// would only make the check slow.
const MOST_CELLS: usize = 200_000;

/// The file types slots can be read from, by extension (lower case).
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "ods", "csv"];

/// `slots_from:` as written: the file's name (`附件4-各学院安排.xlsx`), or
/// the file and the sheet in it (`{file: 附件4.xlsx, sheet: Sheet1}`).
#[derive(Debug)]
pub enum SlotsFrom {
    File(String),
    Sheet {
        file: S<String>,
        sheet: Option<S<String>>,
    },
}

/// A spreadsheet and the sheet in it.
// The long form of [`SlotsFrom`]; a struct, so `serde_ignored` reports a
// misspelt key in it like any other.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
struct SheetEntry {
    /// The spreadsheet's file (.xlsx, .xls, .ods or .csv), from the campaign's folder: `attachments/schedule.xlsx`.
    file: S<String>,
    /// The sheet's name in the workbook; the first sheet if left out.
    sheet: Option<S<String>>,
}

impl<'de> Deserialize<'de> for SlotsFrom {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SlotsFrom, D::Error> {
        struct FromVisitor;
        impl<'de> Visitor<'de> for FromVisitor {
            type Value = SlotsFrom;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a spreadsheet's file name, or `{file: ..., sheet: ...}`")
            }
            fn visit_str<E: serde::de::Error>(self, file: &str) -> Result<SlotsFrom, E> {
                Ok(SlotsFrom::File(file.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SlotsFrom, A::Error> {
                let entry =
                    SheetEntry::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(SlotsFrom::Sheet {
                    file: entry.file,
                    sheet: entry.sheet,
                })
            }
        }
        deserializer.deserialize_any(FromVisitor)
    }
}

/// What the visitor above takes: a file name, or the long form.
impl JsonSchema for SlotsFrom {
    fn schema_name() -> Cow<'static, str> {
        "SlotsFrom".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A spreadsheet in the campaign's folder (.xlsx, .xls, .ods or .csv): its file name, `附件4-各学院安排.xlsx`, or `{file: 附件4-各学院安排.xlsx, sheet: 研究生}` for a sheet other than the first.",
            "anyOf": [{"type": "string"}, generator.subschema_for::<SheetEntry>()]
        })
    }
}

impl SlotsFrom {
    /// Which file and sheet, as a key shared by the loader and validation.
    pub fn key(&self) -> SheetRef {
        match self {
            SlotsFrom::File(file) => SheetRef {
                file: file.trim().to_string(),
                sheet: None,
            },
            SlotsFrom::Sheet { file, sheet } => SheetRef {
                file: file.value.trim().to_string(),
                sheet: sheet.as_ref().map(|s| s.value.trim().to_string()),
            },
        }
    }

    /// Where the file name is written; `outer` is where the whole value is.
    pub fn file_pos(&self, outer: Pos) -> Pos {
        match self {
            SlotsFrom::File(_) => outer,
            SlotsFrom::Sheet { file, .. } => pos(file),
        }
    }

    /// Where the sheet's name is written, or the file's when none is.
    pub fn sheet_pos(&self, outer: Pos) -> Pos {
        match self {
            SlotsFrom::Sheet {
                sheet: Some(sheet), ..
            } => pos(sheet),
            _ => self.file_pos(outer),
        }
    }
}

/// A file and a sheet in it (the first when `None`), as `slots_from` names them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SheetRef {
    pub file: String,
    pub sheet: Option<String>,
}

/// Every `slots_from` of a campaign file with where it is written: the
/// campaign's own first, then each session's.
pub fn references(campaign: &CampaignFile) -> Vec<&S<SlotsFrom>> {
    let sessions = campaign.sessions.iter();
    let from_sessions = sessions.filter_map(|s| s.value.slots_from.as_ref());
    campaign.slots_from.iter().chain(from_sessions).collect()
}

/// One sheet, read: its non-empty cells by row.
#[derive(Debug)]
pub struct Table {
    /// The file's path from the site root, where diagnostics point.
    pub file: String,
    /// The sheet's name; `None` for a CSV file, which has one sheet.
    pub sheet: Option<String>,
    /// The rows that have a cell, in order, each with its cells in order.
    pub rows: Vec<Row>,
    /// Merged cells (a date written once for several rows): the value is
    /// in the top-left cell, and the others read it.
    merged: Vec<Dimensions>,
}

#[derive(Debug)]
pub struct Row {
    /// 1-based, as a spreadsheet program numbers it.
    pub number: u32,
    /// The non-empty cells, by column.
    pub cells: Vec<Cell>,
    /// For CSV, where each field of the row starts in the file (empty ones
    /// too), so a mistake in an empty cell can be pointed at.
    starts: Vec<Pos>,
}

/// A non-empty cell.
#[derive(Clone, Debug)]
pub struct Cell {
    /// 1-based row and column.
    pub row: u32,
    pub column: u32,
    /// Where diagnostics point: the row and column for a workbook, which
    /// has no lines; the line and the character column in a CSV file.
    pub pos: Pos,
    pub value: Value,
}

/// What a cell holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// A cell a spreadsheet program holds as a date, a time of day, or both.
    Date(NaiveDate),
    Time(NaiveTime),
    DateTime(NaiveDateTime),
    /// A true/false or an error cell (`#REF!`), as the program shows it.
    Other(String),
}

impl Value {
    /// The value as a spreadsheet program shows it, for messages.
    pub fn shown(&self) -> String {
        match self {
            Value::Text(text) => text.trim().to_string(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Value::Number(n) => n.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Time(t) => t.format("%H:%M").to_string(),
            Value::DateTime(d) => d.format("%Y-%m-%d %H:%M").to_string(),
            Value::Other(text) => text.clone(),
        }
    }
}

impl Table {
    /// The cell at `row` and `column` (1-based), or the cell whose value a
    /// merged cell there shows; `None` when empty.
    pub fn get(&self, row: u32, column: u32) -> Option<&Cell> {
        self.own(row, column).or_else(|| {
            let (r, c) = (row.saturating_sub(1), column.saturating_sub(1));
            let merge = self.merged.iter().find(|m| {
                (m.start.0..=m.end.0).contains(&r) && (m.start.1..=m.end.1).contains(&c)
            })?;
            self.own(
                merge.start.0.saturating_add(1),
                merge.start.1.saturating_add(1),
            )
        })
    }

    fn own(&self, row: u32, column: u32) -> Option<&Cell> {
        let row = self.row(row)?;
        let i = row.cells.binary_search_by_key(&column, |c| c.column).ok()?;
        row.cells.get(i)
    }

    fn row(&self, number: u32) -> Option<&Row> {
        let i = self.rows.binary_search_by_key(&number, |r| r.number).ok()?;
        self.rows.get(i)
    }

    /// Where to point for `row` and `column` (1-based), empty or not.
    pub fn pos(&self, row: u32, column: u32) -> Pos {
        if let Some(cell) = self.own(row, column) {
            return cell.pos;
        }
        if self.sheet.is_none() {
            let starts = self.row(row).map(|r| r.starts.as_slice()).unwrap_or(&[]);
            return match starts.get((column as usize).saturating_sub(1)) {
                Some(at) => *at,
                None => starts.first().copied().unwrap_or(Pos::new(row.into(), 1)),
            };
        }
        Pos::new(row.into(), column.into())
    }

    /// `sheet 'Sheet1', cell C7` (or `cell C7` in a CSV file), to begin a
    /// message about that cell: a workbook has no lines to quote, so the
    /// message names the cell as the spreadsheet program does.
    pub fn cell_name(&self, row: u32, column: u32) -> String {
        self.place(&format!("cell {}{row}", column_letters(column)))
    }

    /// `sheet 'Sheet1', row 1` (or `row 1`).
    pub fn row_name(&self, row: u32) -> String {
        self.place(&format!("row {row}"))
    }

    /// `sheet 'Sheet1'`, or `this file` for a CSV file.
    pub fn sheet_name(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("sheet '{sheet}'"),
            None => "this file".into(),
        }
    }

    fn place(&self, what: &str) -> String {
        match &self.sheet {
            Some(sheet) => format!("sheet '{sheet}', {what}"),
            None => what.to_string(),
        }
    }
}

/// A column's letters as spreadsheet programs write them: 1 is A, 27 is AA.
pub fn column_letters(column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let digit = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + digit));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The sheets a campaign's `slots_from` name, read.
#[derive(Debug, Default)]
pub struct Sheets {
    /// By reference; `None` when it could not be read (already reported).
    pub tables: BTreeMap<SheetRef, Option<Table>>,
    /// The files read, which the loader must not warn are unpublished.
    pub files: BTreeSet<PathBuf>,
}

/// Reads every sheet `campaign` (the file `file` in `folder`) names,
/// reporting what cannot be read: a path that leaves the campaign folder,
/// a missing file or sheet (at the `slots_from` in `campaign.yaml`), a file
/// that is not a spreadsheet or not in a known encoding (at the file).
/// Adds each file read to `digest`.
pub fn load(
    root: &Path,
    folder: &Path,
    file: &str,
    campaign: &CampaignFile,
    refused: &Refused,
    digest: &mut Digest,
    out: &mut Diagnostics,
) -> Sheets {
    let mut sheets = Sheets::default();
    let mut bytes_of: BTreeMap<PathBuf, Option<Vec<u8>>> = BTreeMap::new();
    for entry in references(campaign) {
        let key = entry.value.key();
        if sheets.tables.contains_key(&key) {
            continue;
        }
        let at = entry.value.file_pos(pos(entry));
        let Some(path) = resolve(root, folder, file, &key.file, at, refused, out) else {
            sheets.tables.insert(key, None);
            continue;
        };
        sheets.files.insert(path.clone());
        let bytes = bytes_of
            .entry(path.clone())
            .or_insert_with(|| match std::fs::read(&path) {
                Ok(bytes) => {
                    digest.add(&display_path(folder, &path), &bytes);
                    Some(bytes)
                }
                Err(e) => {
                    out.push(
                        Diagnostic::error(
                            display_path(root, &path),
                            Pos::START,
                            format!("cannot read this file: {e}"),
                        )
                        .hint("check that the file exists and that you may read it"),
                    );
                    None
                }
            });
        let table = bytes.as_deref().and_then(|bytes| {
            let shown = display_path(root, &path);
            let named = Named {
                campaign: file,
                written: &key.file,
                sheet_at: entry.value.sheet_pos(pos(entry)),
            };
            read(&shown, &path, bytes, key.sheet.as_deref(), &named, out)
        });
        sheets.tables.insert(key, table);
    }
    sheets
}

/// The file `written` names in `folder`, if it is a spreadsheet there
/// that may be read (one `confine` refused is reported already).
fn resolve(
    root: &Path,
    folder: &Path,
    campaign: &str,
    written: &str,
    at: Pos,
    refused: &Refused,
    out: &mut Diagnostics,
) -> Option<PathBuf> {
    let mut error = |message: String, hint: String| {
        out.push(Diagnostic::error(campaign, at, message).hint(hint));
    };
    // Staff on Windows write `attachments\附件4.xlsx`.
    let relative = PathBuf::from(written.replace('\\', "/"));
    let inside = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if written.is_empty() || !inside {
        error(
            format!("`slots_from` must name a file in the campaign folder, not `{written}`"),
            "write the file's name as it is in the campaign folder, e.g. `slots_from: 附件4-各学院安排.xlsx` or `attachments/附件4.xlsx`".into(),
        );
        return None;
    }
    let extension = relative
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    if extension
        .as_deref()
        .is_none_or(|e| !EXTENSIONS.contains(&e))
    {
        error(
            format!("slots cannot be read from `{written}`: it is not a spreadsheet"),
            "save the sheet as .xlsx, .xls, .ods or .csv (Excel: Save As) and name that file"
                .into(),
        );
        return None;
    }
    let path = relative
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .fold(folder.to_path_buf(), |p, c| p.join(c));
    if refused.covers(&path) {
        return None;
    }
    if !path.is_file() {
        let found = spreadsheets_in(folder);
        let hint = if found.is_empty() {
            "put the spreadsheet in the campaign folder (beside campaign.yaml), or correct the name"
                .to_string()
        } else {
            format!(
                "the spreadsheets in the campaign folder are: {}",
                found.join(", ")
            )
        };
        error(
            format!(
                "there is no file `{written}` in the campaign folder {}/",
                display_path(root, folder)
            ),
            hint,
        );
        return None;
    }
    Some(path)
}

/// The spreadsheets in a campaign folder, by path inside it, for a hint.
fn spreadsheets_in(folder: &Path) -> Vec<String> {
    walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| EXTENSIONS.contains(&x.to_string_lossy().to_lowercase().as_str()))
        })
        .map(|e| display_path(folder, e.path()))
        .collect()
}

/// Where in `campaign.yaml` a sheet is named, for a sheet that is not there.
struct Named<'a> {
    campaign: &'a str,
    /// The file's name as `slots_from` writes it.
    written: &'a str,
    sheet_at: Pos,
}

/// Reads one sheet of the file at `path` (shown as `file`) from its bytes.
fn read(
    file: &str,
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    named: &Named,
    out: &mut Diagnostics,
) -> Option<Table> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let table = if extension == "csv" {
        if let Some(name) = sheet {
            out.push(
                Diagnostic::error(
                    named.campaign,
                    named.sheet_at,
                    format!("a CSV file has no sheets, so not `{name}`"),
                )
                .hint("remove `sheet:`; a CSV file holds one sheet"),
            );
            return None;
        }
        csv_table(file, bytes, out)?
    } else {
        // calamine reads files made by any program; should one of them make
        // it panic, that is reported as a file it cannot read rather than
        // stopping the whole check.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            workbook_table(file, &extension, bytes, sheet, named, out)
        }));
        match read {
            Ok(table) => table?,
            Err(_) => {
                out.push(unreadable(file, "the spreadsheet reader failed on it"));
                return None;
            }
        }
    };
    check_characters(&table, out).then_some(table)
}

/// A file that is not the spreadsheet its name says.
fn unreadable(file: &str, why: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        file,
        Pos::START,
        format!("this file cannot be read as a spreadsheet: {why}"),
    )
    .hint("open it in Excel or WPS and save it again (as .xlsx, or as CSV)")
}

/// Reports every text cell holding an invisible control character, which
/// would reach pages and calendars through a label; true if none does.
fn check_characters(table: &Table, out: &mut Diagnostics) -> bool {
    let mut clean = true;
    for cell in table.rows.iter().flat_map(|r| &r.cells) {
        let Value::Text(text) = &cell.value else {
            continue;
        };
        if let Some(c) = text.chars().find(|c| text::forbidden(*c)) {
            clean = false;
            out.push(
                Diagnostic::error(
                    &table.file,
                    cell.pos,
                    format!(
                        "{}: this cell contains an invisible control character ({})",
                        table.cell_name(cell.row, cell.column),
                        text::describe(c)
                    ),
                )
                .hint("retype the cell's text, or paste it again as plain text"),
            );
        }
    }
    clean
}

/// A sheet of a workbook: the one named, or the first worksheet.
fn workbook_table(
    file: &str,
    extension: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    named: &Named,
    out: &mut Diagnostics,
) -> Option<Table> {
    let cursor = Cursor::new(bytes);
    let opened = match extension {
        "xls" => calamine::open_workbook_from_rs(cursor)
            .map(Book::Xls)
            .map_err(|e: calamine::XlsError| e.to_string()),
        "ods" => calamine::open_workbook_from_rs(cursor)
            .map(Book::Ods)
            .map_err(|e: calamine::OdsError| e.to_string()),
        _ => calamine::open_workbook_from_rs(cursor)
            .map(Book::Xlsx)
            .map_err(|e: calamine::XlsxError| e.to_string()),
    };
    let mut book = match opened {
        Ok(book) => book,
        Err(e) => {
            out.push(unreadable(file, e));
            return None;
        }
    };
    let sheets = book.sheets();
    let worksheets: Vec<&calamine::Sheet> = (sheets.iter())
        .filter(|s| s.typ == SheetType::WorkSheet)
        .collect();
    let names = || {
        (worksheets.iter())
            .map(|s| format!("'{}'", s.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let name = match sheet {
        Some(name) if worksheets.iter().any(|s| s.name == name) => name.to_string(),
        Some(name) => {
            out.push(
                Diagnostic::error(
                    named.campaign,
                    named.sheet_at,
                    format!("`{}` has no sheet '{name}'", named.written),
                )
                .hint(format!("its sheets are: {}", names())),
            );
            return None;
        }
        None => match worksheets.first() {
            Some(first) => first.name.clone(),
            None => {
                out.push(unreadable(file, "it has no worksheet"));
                return None;
            }
        },
    };
    let cells = match book.cells(&name) {
        Ok(cells) => cells,
        Err(Problem::TooBig) => {
            out.push(too_big(file, Some(&name)));
            return None;
        }
        Err(Problem::Unreadable(why)) => {
            out.push(unreadable(file, why));
            return None;
        }
    };
    let merged = book.merged(&name);
    let mut rows: BTreeMap<u32, Vec<Cell>> = BTreeMap::new();
    for (row, column, value) in cells {
        let (row, column) = (row.saturating_add(1), column.saturating_add(1));
        rows.entry(row).or_default().push(Cell {
            row,
            column,
            pos: Pos::new(row.into(), column.into()),
            value,
        });
    }
    let rows = rows
        .into_iter()
        .map(|(number, mut cells)| {
            cells.sort_by_key(|c| c.column);
            cells.dedup_by_key(|c| c.column);
            Row {
                number,
                cells,
                starts: Vec::new(),
            }
        })
        .collect();
    Some(Table {
        file: file.to_string(),
        sheet: Some(name),
        rows,
        merged,
    })
}

fn too_big(file: &str, sheet: Option<&str>) -> Diagnostic {
    let what = sheet.map_or("this file".to_string(), |s| format!("sheet '{s}'"));
    Diagnostic::error(
        file,
        Pos::START,
        format!("{what} has more than {MOST_CELLS} cells"),
    )
    .hint("slots need a row per school: keep the schedule on a sheet of its own")
}

/// Why a sheet's cells could not be had.
enum Problem {
    TooBig,
    Unreadable(String),
}

/// A workbook of one of the formats read.
enum Book<'a> {
    Xlsx(calamine::Xlsx<Cursor<&'a [u8]>>),
    Xls(calamine::Xls<Cursor<&'a [u8]>>),
    Ods(calamine::Ods<Cursor<&'a [u8]>>),
}

impl Book<'_> {
    fn sheets(&self) -> Vec<calamine::Sheet> {
        match self {
            Book::Xlsx(b) => b.sheets_metadata().to_vec(),
            Book::Xls(b) => b.sheets_metadata().to_vec(),
            Book::Ods(b) => b.sheets_metadata().to_vec(),
        }
    }

    /// The non-empty cells of sheet `name`, 0-based row and column. An
    /// .xlsx sheet is read cell by cell, so a sheet with one cell at A1 and
    /// one at XFD1048576 does not become a grid of billions; the other
    /// formats are read whole by calamine.
    fn cells(&mut self, name: &str) -> Result<Vec<(u32, u32, Value)>, Problem> {
        let unreadable = |e: &dyn std::fmt::Display| Problem::Unreadable(e.to_string());
        let mut cells = Vec::new();
        match self {
            Book::Xlsx(b) => {
                let mut reader = b.worksheet_cells_reader(name).map_err(|e| unreadable(&e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                    let (row, column) = cell.get_position();
                    if let Some(value) = value(&Data::from(cell.get_value().clone())) {
                        cells.push((row, column, value));
                    }
                    if cells.len() > MOST_CELLS {
                        return Err(Problem::TooBig);
                    }
                }
            }
            Book::Xls(b) => range_cells(
                b.worksheet_range(name).map_err(|e| unreadable(&e))?,
                &mut cells,
            )?,
            Book::Ods(b) => range_cells(
                b.worksheet_range(name).map_err(|e| unreadable(&e))?,
                &mut cells,
            )?,
        }
        Ok(cells)
    }

    /// The merged cells of sheet `name` (none for .ods, which calamine
    /// does not report).
    fn merged(&mut self, name: &str) -> Vec<Dimensions> {
        match self {
            Book::Xlsx(b) => b.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Book::Xls(b) => b.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Book::Ods(_) => Vec::new(),
        }
    }
}

fn range_cells(
    range: calamine::Range<Data>,
    cells: &mut Vec<(u32, u32, Value)>,
) -> Result<(), Problem> {
    let (top, left) = range.start().unwrap_or((0, 0));
    for (row, column, data) in range.used_cells() {
        let (Ok(row), Ok(column)) = (u32::try_from(row), u32::try_from(column)) else {
            return Err(Problem::TooBig);
        };
        if let Some(value) = value(data) {
            cells.push((top.saturating_add(row), left.saturating_add(column), value));
        }
        if cells.len() > MOST_CELLS {
            return Err(Problem::TooBig);
        }
    }
    Ok(())
}

/// A calamine cell as a [`Value`]; `None` when empty.
fn value(data: &Data) -> Option<Value> {
    Some(match data {
        Data::Empty => return None,
        Data::String(s) if s.trim().is_empty() => return None,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Other(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::Error(e) => Value::Other(e.to_string()),
        Data::DateTime(serial) => excel_moment(serial),
        Data::DateTimeIso(text) => iso_moment(text),
        Data::DurationIso(text) => iso_duration(text),
    })
}

/// An Excel date, time or date and time (a serial number of days). The
/// conversion is calamine's own, which takes any number (out-of-range ones
/// become the first or last day Excel has) without panicking.
fn excel_moment(serial: &calamine::ExcelDateTime) -> Value {
    let (y, mo, d, h, mi, s, ms) = serial.to_ymd_hms_milli();
    // To the nearest minute: a time a formula computed (`=9/24+1.5/24`) may
    // come a millisecond short of 10:30, and slots are whole minutes.
    let millis = ((u32::from(h) * 60 + u32::from(mi)) * 60 + u32::from(s)) * 1000 + u32::from(ms);
    let minutes = (millis + 30_000) / 60_000;
    let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0);
    let days = serial.as_f64();
    if (0.0..1.0).contains(&days) {
        // A time of day alone: Excel keeps it as a fraction of a day.
        return time.map_or_else(|| Value::Number(days), Value::Time);
    }
    if serial.is_duration() {
        // A duration of a day or more (`[h]:mm`) is no time of day.
        return Value::Number(days);
    }
    let Some(date) = NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into()) else {
        // 1900-02-29, which Excel believes in.
        return Value::Number(days);
    };
    match time {
        Some(t) if t == NaiveTime::MIN => Value::Date(date),
        Some(t) => Value::DateTime(date.and_time(t)),
        // Rounded up to midnight: the next day.
        None => Value::Date(date.succ_opt().unwrap_or(date)),
    }
}

/// An OpenDocument date (`2025-11-11`) or date and time (`2025-11-11T09:00:00`).
fn iso_moment(text: &str) -> Value {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Value::Date(date);
    }
    match NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        Ok(moment) if moment.time() == NaiveTime::MIN => Value::Date(moment.date()),
        Ok(moment) => Value::DateTime(moment),
        Err(_) => Value::Text(text.to_string()),
    }
}

/// An OpenDocument time of day, written as a duration: `PT09H30M00S`.
fn iso_duration(text: &str) -> Value {
    let parsed = (|| {
        let rest = text.strip_prefix("PT")?;
        let (hours, rest) = rest.split_once('H')?;
        let (minutes, rest) = rest.split_once('M')?;
        let seconds = rest.strip_suffix('S')?;
        let seconds: f64 = seconds.parse().ok()?;
        NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, seconds as u32)
    })();
    parsed.map_or_else(|| Value::Text(text.to_string()), Value::Time)
}

/// A CSV file's text (see [`crate::encoding::csv_text`]); bytes in no
/// encoding Excel writes are reported.
fn decode(file: &str, bytes: &[u8], out: &mut Diagnostics) -> Option<String> {
    if let Some(text) = crate::encoding::csv_text(bytes) {
        return Some(text);
    }
    out.push(
        Diagnostic::error(
            file,
            Pos::START,
            "this CSV file is neither UTF-8 nor GBK text",
        )
        .hint("open it in Excel or WPS and save it again as CSV (UTF-8 or the default)"),
    );
    None
}

/// A CSV file as one sheet. Rows are numbered as a spreadsheet program
/// numbers them on opening the file (a blank line is an empty row; a
/// quoted cell over several lines is one row); positions are the file's
/// own line and character column, so the report can quote the line.
fn csv_table(file: &str, bytes: &[u8], out: &mut Diagnostics) -> Option<Table> {
    let text = decode(file, bytes, out)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut count = 0;
    // The last row's number and the line after its end.
    let mut last: Option<(u32, u64)> = None;
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let at = e.position().map_or(Pos::START, |p| Pos::new(p.line(), 1));
                out.push(
                    Diagnostic::error(file, at, format!("this CSV file cannot be read: {e}"))
                        .hint("open it in Excel or WPS and save it again as CSV"),
                );
                return None;
            }
        };
        let Some(start) = record.position() else {
            continue;
        };
        // The reader's position is where it began looking for the record,
        // before any blank lines it passed over.
        let mut byte = usize::try_from(start.byte()).unwrap_or(usize::MAX);
        let mut line = start.line();
        let rest = text.get(byte..).unwrap_or("");
        for c in rest.chars().take_while(|c| matches!(c, '\n' | '\r')) {
            byte += c.len_utf8();
            line += u64::from(c == '\n');
        }
        let (starts, next_line) = field_starts(&text, byte, line);
        let number = match last {
            None => line,
            Some((row, after)) => u64::from(row) + line.saturating_sub(after) + 1,
        };
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        last = Some((number, next_line));
        let mut cells = Vec::new();
        for (i, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            let column = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let at = starts
                .get(i)
                .copied()
                .unwrap_or(Pos::new(line, column.into()));
            cells.push(Cell {
                row: number,
                column,
                pos: at,
                value: Value::Text(field.to_string()),
            });
        }
        count += cells.len();
        if count > MOST_CELLS {
            out.push(too_big(file, None));
            return None;
        }
        if !cells.is_empty() {
            rows.push(Row {
                number,
                cells,
                starts,
            });
        }
    }
    Some(Table {
        file: file.to_string(),
        sheet: None,
        rows,
        merged: Vec::new(),
    })
}

/// Where each field of the CSV record starting at byte `start` (on
/// `line`) begins, and the line after the record ends. Quoted fields may
/// hold commas, doubled quotes and line breaks.
fn field_starts(text: &str, start: usize, line: u64) -> (Vec<Pos>, u64) {
    let mut starts = Vec::new();
    let mut chars = text.get(start..).unwrap_or("").chars().peekable();
    let (mut line, mut column) = (line, 1u64);
    loop {
        starts.push(Pos::new(line, column));
        let mut quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            column += 1;
        }
        loop {
            let Some(c) = chars.next() else {
                return (starts, line + 1);
            };
            column += 1;
            match c {
                '"' if quoted => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        column += 1;
                    } else {
                        quoted = false;
                    }
                }
                '\n' if quoted => {
                    line += 1;
                    column = 1;
                }
                ',' if !quoted => break,
                '\n' if !quoted => return (starts, line + 1),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_as_spreadsheets_write_them() {
        for (n, letters) in [
            (1, "A"),
            (3, "C"),
            (26, "Z"),
            (27, "AA"),
            (52, "AZ"),
            (703, "AAA"),
        ] {
            assert_eq!(column_letters(n), letters);
        }
    }

    #[test]
    fn csv_fields_are_found_where_they_are_written() {
        let text = "学院,时间\n\"理学院, 本部\",\"09:00\n-10:00\"\n人文学院,\"a\"\"b\",x\n";
        let (starts, next) = field_starts(text, 0, 1);
        assert_eq!(starts, [Pos::new(1, 1), Pos::new(1, 4)]);
        assert_eq!(next, 2);
        let second = text.find('"').unwrap();
        let (starts, next) = field_starts(text, second, 2);
        assert_eq!(starts, [Pos::new(2, 1), Pos::new(2, 11)]);
        assert_eq!(next, 4);
        let third = text.find("人文").unwrap();
        let (starts, _) = field_starts(text, third, 4);
        assert_eq!(starts, [Pos::new(4, 1), Pos::new(4, 6), Pos::new(4, 13)]);
    }

    #[test]
    fn csv_in_every_encoding_excel_writes() {
        let text = "学院,时间\n理学院,09:00-10:00\n";
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(text.as_bytes());
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut out = Diagnostics::default();
        for bytes in [text.as_bytes(), &with_bom, &gbk] {
            let table = csv_table("a.csv", bytes, &mut out).unwrap();
            let row = &table.rows[1];
            assert_eq!(row.cells[0].value, Value::Text("理学院".into()));
            assert_eq!(table.cell_name(2, 2), "cell B2");
            assert_eq!(table.get(2, 2).unwrap().pos, Pos::new(2, 5));
        }
        assert_eq!(out.error_count(), 0);
        assert!(csv_table("a.csv", &[0xFF, 0xFF, 0x81], &mut out).is_none());
        assert_eq!(
            out.into_sorted()[0].message,
            "this CSV file is neither UTF-8 nor GBK text"
        );
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let text = "学院\n\n理学院\n\"a\nb\"\n人文学院\n";
        let mut out = Diagnostics::default();
        let table = csv_table("a.csv", text.as_bytes(), &mut out).unwrap();
        let numbers: Vec<u32> = table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 5]);
        assert_eq!(table.rows[3].cells[0].pos, Pos::new(6, 1));
    }

    #[test]
    fn excel_serial_numbers_as_dates_and_times() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let moment = |serial| excel_moment(&ExcelDateTime::new(serial, DateTime, false));
        let day = NaiveDate::from_ymd_opt(2025, 11, 11).unwrap();
        let half_past_ten = NaiveTime::from_hms_opt(10, 30, 0).unwrap();
        assert_eq!(moment(45972.0), Value::Date(day));
        assert_eq!(moment(0.4375 - 1e-9), Value::Time(half_past_ten));
        assert_eq!(
            moment(45972.4375),
            Value::DateTime(day.and_time(half_past_ten))
        );
        for absurd in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1e300, 1e300] {
            moment(absurd);
        }
    }

    #[test]
    fn opendocument_dates_and_times() {
        assert_eq!(
            iso_moment("2025-11-11"),
            Value::Date(NaiveDate::from_ymd_opt(2025, 11, 11).unwrap())
        );
        assert_eq!(
            iso_duration("PT09H30M00S"),
            Value::Time(NaiveTime::from_hms_opt(9, 30, 0).unwrap())
        );
        assert_eq!(
            iso_duration("PT99H00M00S"),
            Value::Text("PT99H00M00S".into())
        );
    }
}
