//! The schedule workbook written as SpreadsheetML (.xlsx): one sheet,
//! a bold header row that stays in view and carries a filter, text
//! columns wrapped at their widths, a last column of real dates, printed
//! landscape on A4 one page wide with the header on every page.
//!
//! Why not rust_xlsxwriter, which wrote it before: a build makes one
//! workbook per campaign and language, and that crate puts every
//! workbook's sheet on a thread of its own and compresses each of its ten
//! parts with a new deflate state. On the benchmark's 200 campaigns that
//! was about 5% of a full build's CPU time. Here the five parts that are
//! the same in every workbook are compressed once per run and copied as
//! they are; only the sheet and its strings are compressed, on the
//! caller's thread.
//!
//! Every part is byte for byte what rust_xlsxwriter writes for the same
//! workbook (the tests build both and compare them), so Excel, WPS and
//! LibreOffice read these files as they read that crate's.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter};

/// The most characters (UTF-16 units) Excel keeps in a cell.
const CELL_MAX: usize = 32_767;
/// The most characters Excel keeps in a page header.
const HEADER_MAX: usize = 255;

/// Rows in a block that share one `spans` hint, as Excel writes them.
const SPAN_BLOCK: u32 = 16;

/// Cell styles, by their index in [`STYLES`].
const STYLE_HEADER: u8 = 1;
const STYLE_TEXT: u8 = 2;
const STYLE_DATE: u8 = 3;

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// One cell of the body.
#[derive(Clone, Copy)]
pub enum Cell<'a> {
    Text(&'a str),
    Date(NaiveDate),
}

/// What the workbook says: `header` names the columns, each row has a
/// cell (or none) per column, `widths` are in Excel's unit (a digit), and
/// the last column holds the dates.
pub struct Workbook<'a> {
    pub title: &'a str,
    pub author: &'a str,
    /// When the workbook was made, in UTC.
    pub created: NaiveDateTime,
    pub sheet_name: &'a str,
    pub header: &'a [String],
    pub widths: &'a [usize],
    pub rows: Vec<Vec<Option<Cell<'a>>>>,
}

/// The .xlsx file; an error when a text is longer than a cell holds.
pub fn write(book: &Workbook) -> Result<Vec<u8>, String> {
    let too_long = (book.header.iter().map(String::as_str))
        .chain(book.rows.iter().flatten().filter_map(|cell| match cell {
            Some(Cell::Text(text)) => Some(*text),
            _ => None,
        }))
        .find(|text| text.len() > CELL_MAX && text.encode_utf16().count() > CELL_MAX);
    if let Some(text) = too_long {
        let start: String = text.chars().take(40).collect();
        return Err(format!(
            "a cell would hold {} characters, more than Excel's {CELL_MAX} (\"{start}…\")",
            text.encode_utf16().count()
        ));
    }
    let (sheet, strings) = sheet(book);
    zip(&[
        ("xl/workbook.xml", workbook_part(book), false),
        ("xl/worksheets/sheet1.xml", sheet, true),
        ("xl/sharedStrings.xml", strings, true),
        ("docProps/core.xml", core_part(book), false),
        ("docProps/app.xml", app_part(book), false),
    ])
    .map_err(|e| format!("the workbook's zip could not be written: {e}"))
}

/// The package: the unchanging parts copied compressed from
/// [`constant_parts`], then `parts`, deflated where asked (the small ones
/// gain a few hundred bytes by it and cost a deflate state each).
fn zip(parts: &[(&str, String, bool)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(16 * 1024)));
    let mut constant = constant_parts()?;
    for i in 0..constant.len() {
        zip.raw_copy_file(constant.by_index_raw(i)?)?;
    }
    for (name, text, deflate) in parts {
        let options = match deflate {
            true => options()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(1)),
            false => options(),
        };
        zip.start_file(*name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Fixed times, permissions and system ("made by"; the zip crate would
/// name the one it runs on), so the same workbook gives the same bytes on
/// every machine, Windows included.
fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o600)
        .system(System::Unix)
}

/// The parts every workbook has the same, compressed once and read once:
/// an archive to copy them from.
fn constant_parts() -> zip::result::ZipResult<ZipArchive<Cursor<&'static [u8]>>> {
    static READ: OnceLock<ZipArchive<Cursor<&'static [u8]>>> = OnceLock::new();
    if let Some(archive) = READ.get() {
        return Ok(archive.clone());
    }
    static ZIPPED: OnceLock<Vec<u8>> = OnceLock::new();
    let zipped = ZIPPED.get_or_init(zip_constant_parts);
    let archive = ZipArchive::new(Cursor::new(zipped.as_slice()))?;
    Ok(READ.get_or_init(|| archive).clone())
}

fn zip_constant_parts() -> Vec<u8> {
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/theme/theme1.xml", THEME),
        ("xl/styles.xml", STYLES),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = options()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    for (name, text) in parts {
        // Into memory, with a valid name: nothing here can fail.
        let _ = zip.start_file(name, deflated);
        let _ = zip.write_all(XML_DECLARATION.as_bytes());
        let _ = zip.write_all(text.as_bytes());
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// The worksheet and its shared strings (each text once, cells naming it
/// by number, as Excel saves them).
fn sheet(book: &Workbook) -> (String, String) {
    let columns = book.header.len() as u32;
    let last_row = book.rows.len() as u32 + 1;
    let last = column_name(columns - 1);
    let mut strings = Strings::default();
    let mut x = String::with_capacity(512 + 200 * book.rows.len());
    x.push_str(XML_DECLARATION);
    let _ = write!(
        x,
        "<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>\
         <dimension ref=\"A1:{last}{last_row}\"/><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">\
         <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
         <selection pane=\"bottomLeft\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>"
    );
    for (col, width) in (1..).zip(book.widths) {
        let style = column_style(col - 1, columns);
        // Excel stores a width with the 5 pixels of cell padding of its
        // default font (Calibri 11, 7 pixels a digit) added.
        let stored = *width as f64 + 182.0 / 256.0;
        let _ = write!(
            x,
            "<col min=\"{col}\" max=\"{col}\" width=\"{stored}\" style=\"{style}\" customWidth=\"1\"/>"
        );
    }
    x.push_str("</cols><sheetData>");
    let header: Vec<_> = book.header.iter().map(|h| Some(Cell::Text(h))).collect();
    let rows: Vec<&[Option<Cell>]> = std::iter::once(header.as_slice())
        .chain(book.rows.iter().map(Vec::as_slice))
        .collect();
    let spans: Vec<_> = rows.chunks(SPAN_BLOCK as usize).map(span).collect();
    for (r, row) in (0u32..).zip(&rows) {
        let (first, end) = spans[(r / SPAN_BLOCK) as usize];
        let _ = write!(x, "<row r=\"{}\" spans=\"{first}:{end}\">", r + 1);
        for (col, cell) in (0u32..).zip(row.iter()) {
            let style = match r {
                0 => STYLE_HEADER,
                _ => column_style(col, columns),
            };
            let name = column_name(col);
            match cell {
                Some(Cell::Text(text)) if !text.is_empty() => {
                    let index = strings.index(text);
                    let _ = write!(
                        x,
                        "<c r=\"{name}{}\" s=\"{style}\" t=\"s\"><v>{index}</v></c>",
                        r + 1
                    );
                }
                Some(Cell::Date(day)) => match excel_serial(*day) {
                    Some(serial) => {
                        let _ = write!(
                            x,
                            "<c r=\"{name}{}\" s=\"{style}\"><v>{serial}</v></c>",
                            r + 1
                        );
                    }
                    None => {
                        let index = strings.index(&day.to_string());
                        let _ = write!(
                            x,
                            "<c r=\"{name}{}\" s=\"{style}\" t=\"s\"><v>{index}</v></c>",
                            r + 1
                        );
                    }
                },
                _ => {}
            }
        }
        x.push_str("</row>");
    }
    let _ = write!(
        x,
        "</sheetData><autoFilter ref=\"A1:{last}{last_row}\"/>\
         <pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>\
         <pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\" horizontalDpi=\"200\" verticalDpi=\"200\"/>\
         <headerFooter>"
    );
    // Excel ignores a header longer than it keeps; so does this.
    let page_header = format!("&C{}", book.title.replace('&', "&&"));
    if page_header.encode_utf16().count() <= HEADER_MAX {
        let _ = write!(x, "<oddHeader>{}</oddHeader>", data(&page_header));
    }
    x.push_str("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter></worksheet>");
    (x, strings.part())
}

/// The first and last column (from 1) that any row of `block` fills.
fn span(block: &[&[Option<Cell>]]) -> (u32, u32) {
    let filled = |cell: &Option<Cell>| match cell {
        Some(Cell::Text(text)) => !text.is_empty(),
        Some(Cell::Date(_)) => true,
        None => false,
    };
    let columns = block.iter().flat_map(|row| {
        (1u32..)
            .zip(row.iter())
            .filter(|(_, cell)| filled(cell))
            .map(|(col, _)| col)
    });
    columns.fold((u32::MAX, 0), |(lo, hi), col| (lo.min(col), hi.max(col)))
}

/// The texts of the sheet, numbered in the order they first appear.
#[derive(Default)]
struct Strings {
    numbers: std::collections::HashMap<String, usize>,
    order: Vec<String>,
    uses: usize,
}

impl Strings {
    fn index(&mut self, text: &str) -> usize {
        self.uses += 1;
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let n = self.order.len();
        self.numbers.insert(text.to_string(), n);
        self.order.push(text.to_string());
        n
    }

    fn part(self) -> String {
        let mut x =
            String::with_capacity(200 + self.order.iter().map(|s| s.len() + 16).sum::<usize>());
        x.push_str(XML_DECLARATION);
        let _ = write!(
            x,
            "<sst xmlns=\"{MAIN_NS}\" count=\"{}\" uniqueCount=\"{}\">",
            self.uses,
            self.order.len()
        );
        for text in &self.order {
            let edge = [' ', '\t', '\n'];
            let text = data(&excel_escapes(text));
            match text.starts_with(edge) || text.ends_with(edge) {
                true => {
                    let _ = write!(x, "<si><t xml:space=\"preserve\">{text}</t></si>");
                }
                false => {
                    let _ = write!(x, "<si><t>{text}</t></si>");
                }
            }
        }
        x.push_str("</sst>");
        x
    }
}

/// The workbook: its one sheet, the filter's range and the rows printed
/// on every page.
fn workbook_part(book: &Workbook) -> String {
    let name = quoted_sheet_name(book.sheet_name);
    let last = column_name(book.header.len() as u32 - 1);
    let last_row = book.rows.len() + 1;
    format!(
        "{XML_DECLARATION}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\">\
         <fileVersion appName=\"xl\" lastEdited=\"4\" lowestEdited=\"4\" rupBuild=\"4505\"/>\
         <workbookPr defaultThemeVersion=\"124226\"/><bookViews>\
         <workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews>\
         <sheets><sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets><definedNames>\
         <definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">{}!$A$1:${last}${last_row}</definedName>\
         <definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">{}!$1:$1</definedName></definedNames>\
         <calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>",
        attribute(book.sheet_name),
        data(&name),
        data(&name),
    )
}

/// The document's title, author and time.
fn core_part(book: &Workbook) -> String {
    let author = data(book.author);
    let time = book.created.format("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "{XML_DECLARATION}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{time}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{time}</dcterms:modified></cp:coreProperties>",
        data(book.title)
    )
}

/// What Excel lists as the workbook's parts: the sheet and its print
/// titles.
fn app_part(book: &Workbook) -> String {
    format!(
        "{XML_DECLARATION}<Properties \
         xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>\
         <HeadingPairs><vt:vector size=\"4\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>\
         <vt:variant><vt:i4>1</vt:i4></vt:variant><vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant>\
         <vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts>\
         <vt:vector size=\"2\" baseType=\"lpstr\"><vt:lpstr>{}</vt:lpstr><vt:lpstr>{}!Print_Titles</vt:lpstr></vt:vector>\
         </TitlesOfParts><Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
         <HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>",
        data(book.sheet_name),
        data(&quoted_sheet_name(book.sheet_name)),
    )
}

/// The style of a body cell in column `col` (from 0): the last column
/// is the dates'.
fn column_style(col: u32, columns: u32) -> u8 {
    match col + 1 == columns {
        true => STYLE_DATE,
        false => STYLE_TEXT,
    }
}

/// "A" for column 0, "Z" for 25, "AA" for 26.
fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Excel's serial number of a day: days since 1899-12-30, less one before
/// March 1900 (Excel counts a 29 February 1900 that never was). `None`
/// before 1900, which Excel cannot show as a date.
fn excel_serial(day: NaiveDate) -> Option<i64> {
    if !(1900..=9999).contains(&day.year()) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = (day - epoch).num_days();
    Some(if days <= 60 { days - 1 } else { days })
}

/// A sheet name as a formula names it: quoted when it has anything but
/// letters, digits, `_` and `.`, starts with a digit or `.`, or could be
/// read as a cell ("A1", "R1C1").
fn quoted_sheet_name(name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    let odd_start = name.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    match plain && !odd_start && !looks_like_a_cell(name) {
        true => name.to_string(),
        false => format!("'{}'", name.replace('\'', "''")),
    }
}

/// Whether Excel would read `name` as a cell: one to three letters and a
/// row number ("AB12"), or a name starting "R12", "C3" or "RC3" (R1C1
/// style), or just "R", "C" or "RC"; with numbers within its 1,048,576 rows
/// and 16,384 columns.
fn looks_like_a_cell(name: &str) -> bool {
    const ROWS: u64 = 1_048_576;
    const COLUMNS: u64 = 16_384;
    let name = name.to_uppercase();
    let Some(at) = name.find(|c: char| c.is_ascii_digit()) else {
        return matches!(name.as_str(), "R" | "C" | "RC");
    };
    let (letters, number) = name.split_at(at);
    let digits = number.split(|c: char| !c.is_ascii_digit()).next();
    let n: u64 = digits.and_then(|d| d.parse().ok()).unwrap_or(0);
    let ascii = letters.chars().all(|c| c.is_ascii_alphabetic());
    if ascii && (1..=3).contains(&letters.len()) && number.chars().all(|c| c.is_ascii_digit()) {
        let column = (letters.bytes()).fold(0u64, |col, b| col * 26 + u64::from(b - b'A') + 1);
        return n > 0 && n <= ROWS && column <= COLUMNS;
    }
    match letters {
        "R" => n > 0 && n <= ROWS,
        "C" | "RC" => n > 0 && n <= COLUMNS,
        _ => false,
    }
}

/// Text as XML element content, as Excel writes it: `&`, `<`, `>`
/// escaped, and control characters (other than tab and line feed) as
/// `_xHHHH_`.
fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(ch),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "_x{:04X}_", ch as u32);
            }
            ch => out.push(ch),
        }
    }
    out
}

/// Text as an XML attribute value.
fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#xA;"),
            ch => out.push(ch),
        }
    }
    out
}

/// A text that itself contains an escape such as `_x0041_` keeps it: its
/// underscore is written as `_x005F_`, so Excel does not read it as "A".
fn excel_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    let is_escape = |rest: &str| {
        let b = rest.as_bytes();
        b.len() >= 7
            && b.starts_with(b"_x")
            && b[2..6].iter().all(u8::is_ascii_hexdigit)
            && b[6] == b'_'
    };
    if !text.contains("_x") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 12);
    for (i, ch) in text.char_indices() {
        if ch == '_' && is_escape(&text[i..]) {
            out.push_str("_x005F");
        }
        out.push(ch);
    }
    out.into()
}

const CONTENT_TYPES: &str = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
<Override PartName=\"/xl/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>\
<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const WORKBOOK_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>\
</Relationships>";

/// Two fonts (regular, bold) and four cell styles: 0 the default, 1 the
/// header (bold, wrapped, top), 2 text (wrapped, top), 3 dates
/// (yyyy-mm-dd, wrapped, top).
const STYLES: &str = "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>\
<fonts count=\"2\"><font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>\
<font><b/><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font></fonts>\
<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
<cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>\
<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>\
<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf></cellXfs>\
<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles><dxfs count=\"0\"/>\
<tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>";

/// Office's default theme, which the styles' fonts and colours name.
const THEME: &str = include_str!("xlsx/theme1.xml");

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The same workbook through rust_xlsxwriter, as the schedule was
    /// written before this module: the reference the parts must equal.
    fn reference(book: &Workbook) -> Vec<u8> {
        use chrono::Timelike;
        use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign};
        let mut out = rust_xlsxwriter::Workbook::new();
        out.set_zip_compression_level(1);
        let t = book.created;
        let created = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)
            .unwrap()
            .and_hms(t.hour() as u16, t.minute() as u8, t.second())
            .unwrap();
        out.set_properties(
            &DocProperties::new()
                .set_title(book.title)
                .set_author(book.author)
                .set_creation_datetime(&created),
        );
        let sheet = out.add_worksheet();
        sheet.set_name(book.sheet_name).unwrap();
        let bold = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let date = text.clone().set_num_format("yyyy-mm-dd");
        let last = book.header.len() as u16 - 1;
        for (col, heading) in (0u16..).zip(book.header) {
            sheet
                .write_string_with_format(0, col, heading, &bold)
                .unwrap();
        }
        for (col, width) in (0u16..).zip(book.widths) {
            sheet.set_column_width(col, *width as f64).unwrap();
            sheet
                .set_column_format(col, if col == last { &date } else { &text })
                .unwrap();
        }
        for (r, row) in (1u32..).zip(&book.rows) {
            for (col, cell) in (0u16..).zip(row) {
                match cell {
                    Some(Cell::Text(t)) => {
                        sheet.write_string(r, col, *t).unwrap();
                    }
                    Some(Cell::Date(d)) if d.year() >= 1900 => {
                        let d = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        );
                        sheet.write_datetime(r, col, d.unwrap()).unwrap();
                    }
                    Some(Cell::Date(d)) => {
                        sheet.write_string(r, col, d.to_string()).unwrap();
                    }
                    None => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0).unwrap();
        sheet
            .autofilter(0, 0, book.rows.len() as u32, last)
            .unwrap();
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0).unwrap();
        sheet.set_header(format!("&C{}", book.title.replace('&', "&&")));
        sheet.set_footer("&C&P / &N");
        out.save_to_buffer().unwrap()
    }

    fn parts(bytes: &[u8]) -> Vec<(String, String)> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut file = zip.by_index(i).unwrap();
                // Made on "Unix" wherever it is built: the same bytes on
                // Windows (rust_xlsxwriter's entries say so too).
                assert_eq!(file.unix_mode(), Some(0o100600), "{:?}", file.name());
                let mut text = String::new();
                file.read_to_string(&mut text).unwrap();
                (file.name().unwrap().to_string(), text)
            })
            .collect()
    }

    fn day(y: i32, m: u32, d: u32) -> Option<Cell<'static>> {
        Some(Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    fn same_as_rust_xlsxwriter(sheet_name: &str, title: &str, rows: Vec<Vec<Option<Cell>>>) {
        let header: Vec<String> = ["学院/单位", "Session", "Date (year-month-day)"]
            .map(String::from)
            .into();
        let book = Workbook {
            title,
            author: "Office of Academic Affairs & 教务部",
            created: NaiveDate::from_ymd_opt(2025, 11, 3)
                .unwrap()
                .and_hms_opt(1, 2, 3)
                .unwrap(),
            sheet_name,
            header: &header,
            widths: &[12, 36, 8],
            rows,
        };
        let ours = parts(&write(&book).unwrap());
        let theirs = parts(&reference(&book));
        let names =
            |parts: &[(String, String)]| parts.iter().map(|p| p.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&ours), names(&theirs), "sheet {sheet_name:?}");
        for ((name, ours), (_, theirs)) in ours.iter().zip(&theirs) {
            assert!(
                ours == theirs,
                "sheet {sheet_name:?}, {name}:\n{ours}\n-- rust_xlsxwriter:\n{theirs}"
            );
        }
    }

    #[test]
    fn every_part_is_what_rust_xlsxwriter_writes() {
        let text = |t| Some(Cell::Text(t));
        let tricky = vec![
            vec![text("第1学院"), text("a & b <c> \"d\""), day(2025, 11, 11)],
            vec![
                text(" leading space"),
                text("line one\nline two"),
                day(1900, 2, 28),
            ],
            vec![
                text("trailing\t"),
                text("_x0041_ stays _x00_"),
                day(1900, 3, 1),
            ],
            vec![text("bell\u{7} and cr\r"), None, day(1899, 12, 31)],
            vec![text("第1学院"), text(""), None],
        ];
        same_as_rust_xlsxwriter(
            "各学院安排",
            "关于开展毕业生学历证书相片采集工作的通知",
            tricky,
        );
        // More than one block of 16 rows, one of them without dates.
        let mut many: Vec<Vec<Option<Cell>>> = (0..20)
            .map(|i| {
                vec![
                    text("学院"),
                    text("现场"),
                    (i < 16).then(|| day(2026, 5, 20)).flatten(),
                ]
            })
            .collect();
        many.push(vec![None, text("only the middle"), None]);
        same_as_rust_xlsxwriter("Schedule by school", "Photos & more", many.clone());
        same_as_rust_xlsxwriter("Plan.2026", "T", many.clone());
        same_as_rust_xlsxwriter("It's", &"long title ".repeat(30), vec![]);
        for name in [
            "A1", "xfd9", "XFE1", "R", "rc", "R1C1", "C3x", "R0", "AB", "Plan9",
        ] {
            same_as_rust_xlsxwriter(name, "T", vec![]);
        }
    }

    #[test]
    fn a_text_longer_than_a_cell_is_refused() {
        let long = "字".repeat(CELL_MAX + 1);
        let header = vec!["a".to_string()];
        let book = Workbook {
            title: "t",
            author: "a",
            created: NaiveDate::from_ymd_opt(2025, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
            sheet_name: "s",
            header: &header,
            widths: &[8],
            rows: vec![vec![Some(Cell::Text(&long))]],
        };
        let error = write(&book).unwrap_err();
        assert!(error.contains("32768 characters"), "{error}");
    }

    #[test]
    fn columns_and_serials() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(7), "H");
        assert_eq!(column_name(26), "AA");
        let serial = |y, m, d| excel_serial(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(serial(1900, 1, 1), Some(1));
        assert_eq!(serial(1900, 3, 1), Some(61));
        assert_eq!(serial(2020, 1, 19), Some(43849));
        assert_eq!(serial(1899, 12, 31), None);
    }
}
