//! Slots from a spreadsheet: the rows of a sheet that `slots_from` names,
//! read as slots of a session.
//!
//! The office's own schedule sheet, with a header row naming its columns
//! in Chinese or English (学院, 日期, 时间, 地点, 批次 …), becomes the same
//! [`Slot`]s that `slots:` in `campaign.yaml` becomes, so every rule about
//! slots holds for both. Every problem is reported at its cell (`sheet
//! 'Sheet1', cell C7`), and [`SlotAt`] keeps where each slot came from so
//! the rules across slots ([`super::rules`]) point at the cell too.
//!
//! Rows are read whatever the state of the sessions, so mistakes in the
//! sheet are reported even while a session has its own; they are matched
//! to sessions (by the session naming the sheet, or by date and venue for
//! the campaign's sheet) once the sessions are valid.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::content::CampaignSources;
use crate::content::raw::{self, CampaignFile, S, pos};
use crate::content::sheet::{SlotsFrom, Table, Value};
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Localized, Session, Slot, TimeRange};

use super::fields::{Fields, parse_date, parse_time, parse_time_range};

/// Where something was written: in `campaign.yaml`, or in a sheet's cell.
#[derive(Clone, Debug)]
pub(super) enum Place {
    Yaml(Pos),
    Cell {
        file: String,
        /// `sheet 'Sheet1', cell C7`, which begins the message.
        name: String,
        pos: Pos,
    },
}

impl Place {
    pub(super) fn error(
        &self,
        f: &mut Fields,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        match self {
            Place::Yaml(at) => f.error(*at, message, hint),
            Place::Cell { file, name, pos } => f.out.push(
                Diagnostic::error(file.as_str(), *pos, format!("{name}: {}", message.into()))
                    .hint(hint),
            ),
        }
    }

    fn cell(table: &Table, row: u32, column: u32) -> Place {
        Place::Cell {
            file: table.file.clone(),
            name: table.cell_name(row, column),
            pos: table.pos(row, column),
        }
    }

    fn row(table: &Table, row: u32) -> Place {
        Place::Cell {
            file: table.file.clone(),
            name: table.row_name(row),
            pos: table.pos(row, 1),
        }
    }
}

/// Where a slot's times and each of its schools were written.
#[derive(Clone, Debug)]
pub(super) struct SlotAt {
    pub time: Place,
    pub schools: Vec<Place>,
}

impl SlotAt {
    /// A slot written in `campaign.yaml`.
    pub(super) fn yaml(slot: &S<raw::SlotEntry>) -> SlotAt {
        let s = &slot.value;
        let time = (s.time.as_ref().map(pos))
            .or(s.times.as_ref().map(pos))
            .unwrap_or_else(|| pos(slot));
        let schools = s.schools.iter().flat_map(|list| &list.value);
        SlotAt {
            time: Place::Yaml(time),
            schools: schools.map(|id| Place::Yaml(pos(id))).collect(),
        }
    }
}

/// Session id -> where each of its slots taken from a sheet was written.
pub(super) type SheetPlaces = HashMap<String, Vec<SlotAt>>;

/// What a column of a sheet holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Role {
    School,
    Date,
    Time,
    Start,
    End,
    Venue,
    Label,
}

/// The headers each column may have, in Chinese or English, as written
/// after [`header_key`] (spaces removed, lower case).
const HEADERS: [(Role, &[&str]); 7] = [
    (
        Role::School,
        &[
            "学院",
            "单位",
            "院系",
            "部门",
            "培养单位",
            "学院名称",
            "单位名称",
            "学院(部门)",
            "学院/单位",
            "school",
            "unit",
            "department",
            "faculty",
        ],
    ),
    (Role::Date, &["日期", "date"]),
    (
        Role::Time,
        &["时间", "时段", "时间段", "time", "timeslot", "slot"],
    ),
    (
        Role::Start,
        &["开始时间", "开始", "start", "starttime", "from"],
    ),
    (Role::End, &["结束时间", "结束", "end", "endtime", "until"]),
    (Role::Venue, &["地点", "场地", "venue", "place", "location"]),
    (Role::Label, &["批次", "label", "cohort", "batch"]),
];

/// A header as compared with [`HEADERS`]: without spaces or a `*` or
/// colon around it, full-width brackets as ASCII, lower case.
fn header_key(text: &str) -> String {
    let kept: String = (text.chars())
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            other => other,
        })
        .collect();
    kept.trim_matches(['*', ':', '：']).to_lowercase()
}

fn role(header: &str) -> Option<Role> {
    let key = header_key(header);
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(role, _)| *role)
}

/// How many rows at the top may come before the header row (a title row,
/// a line saying which notice the sheet belongs to).
const HEADER_WITHIN: usize = 10;

/// The columns of a sheet, found in its header row.
#[derive(Default)]
struct Columns {
    header_row: u32,
    found: HashMap<Role, u32>,
}

impl Columns {
    fn get(&self, role: Role) -> Option<u32> {
        self.found.get(&role).copied()
    }
}

/// A sheet's rows, read, below its header row.
struct Read<'a> {
    table: &'a Table,
    header: u32,
    rows: Vec<SheetRow>,
}

/// One row of a sheet, read.
struct SheetRow {
    schools: Vec<(String, Place)>,
    time: TimeRange,
    time_at: Place,
    date: Option<(NaiveDate, Place)>,
    venue: Option<(String, Place)>,
    label: Option<String>,
}

/// Ids and names (in every language) of the campaign's schools or venues,
/// as written in `campaign.yaml`, so a sheet can be read even while those
/// entries have mistakes of their own.
struct Directory {
    /// `school`, `venue`: what the entries are.
    what: &'static str,
    /// `schools`, `venues`: where they are defined.
    list: &'static str,
    entries: Vec<(String, Vec<String>)>,
}

impl Directory {
    fn new(what: &'static str, list: &'static str, entries: Vec<(String, Vec<String>)>) -> Self {
        Directory {
            what,
            list,
            entries,
        }
    }

    /// The id of the entry `text` names by id or by a name.
    fn find(&self, text: &str) -> Option<&str> {
        let key = name_key(text);
        self.entries
            .iter()
            .find(|(id, names)| *id == text.trim() || names.iter().any(|n| name_key(n) == key))
            .map(|(id, _)| id.as_str())
    }

    /// What to write instead of `text`, which names nothing: the closest
    /// name or id, or the list.
    fn hint(&self, text: &str) -> String {
        let key = &name_key(text);
        let closest = (self.entries.iter())
            .flat_map(|(id, names)| {
                let candidates = names.iter().chain(std::iter::once(id));
                candidates.map(move |n| (strsim::levenshtein(&name_key(n), key), n, id))
            })
            .min_by_key(|(distance, _, _)| *distance);
        let near = |distance: usize| distance <= (key.chars().count() / 3).max(1);
        match closest {
            Some((distance, name, id)) if near(distance) && name != id => format!(
                "did you mean {name} (`{id}`)? A {} is written as its id or its name in any language, as under `{}` in campaign.yaml",
                self.what, self.list
            ),
            Some((distance, _, id)) if near(distance) => format!(
                "did you mean `{id}`? A {} is written as its id or its name in any language, as under `{}` in campaign.yaml",
                self.what, self.list
            ),
            _ => {
                let all: Vec<String> = (self.entries.iter())
                    .map(|(id, names)| match names.first() {
                        Some(name) => format!("{name} (`{id}`)"),
                        None => format!("`{id}`"),
                    })
                    .collect();
                format!(
                    "write the id or a name, in any language, of one of the {} under `{}`: {}",
                    self.list,
                    self.list,
                    all.join(", ")
                )
            }
        }
    }
}

/// A name as compared: without spaces, with full-width brackets as ASCII,
/// lower case (`理学院（深圳）` is `理学院(深圳)`).
fn name_key(text: &str) -> String {
    (text.chars())
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect::<String>()
        .to_lowercase()
}

/// What may separate several schools written in one cell.
const SCHOOL_SEPARATORS: [char; 6] = ['、', '，', ',', '；', ';', '\n'];

fn directory_of<T>(
    what: &'static str,
    list: &'static str,
    items: &[S<T>],
    parts: impl Fn(&T) -> (&S<String>, &S<raw::Text>),
) -> Directory {
    let entries = items
        .iter()
        .map(|item| {
            let (id, name) = parts(&item.value);
            let names = name.value.0.iter().map(|(_, n)| n.value.trim().to_string());
            (id.value.trim().to_string(), names.collect())
        })
        .collect();
    Directory::new(what, list, entries)
}

/// Reads the sheets `raw`'s `slots_from` name and gives their rows to the
/// sessions as slots. Returns the sessions with those slots, or `None`
/// when anything was wrong (all of it reported), and where each slot taken
/// from a sheet was written.
pub(super) fn attach(
    f: &mut Fields,
    raw: &CampaignFile,
    sources: &CampaignSources,
    sessions: Option<Vec<Session>>,
) -> (Option<Vec<Session>>, SheetPlaces) {
    let errors_before = f.out.error_count();
    let schools = directory_of("school", "schools", &raw.schools, |s| (&s.id, &s.name));
    let venues = directory_of("venue", "venues", &raw.venues, |v| (&v.id, &v.name));
    // A sheet that could not be loaded was reported by the loader; its
    // sessions are then left without slots, and the campaign is not built,
    // so nothing is reported again as a school without a slot.
    let mut failed = false;
    let mut read = |f: &mut Fields, from: &S<SlotsFrom>, need_date: bool| {
        let table = sources.sheets.tables.get(&from.value.key());
        let read = table.and_then(Option::as_ref).and_then(|table| {
            let (header, rows) = rows(f, table, &schools, &venues, need_date)?;
            Some(Read {
                table,
                header,
                rows,
            })
        });
        failed |= read.is_none();
        read
    };
    // Per session (by index): its rows, from its own sheet.
    let mut own: Vec<Option<Read>> = Vec::new();
    for entry in &raw.sessions {
        let s = &entry.value;
        let Some(from) = &s.slots_from else {
            own.push(None);
            continue;
        };
        if !s.slots.is_empty() {
            f.error(
                pos(from),
                format!("session `{}` has both `slots` and `slots_from`", s.id.value),
                "take the slots from the spreadsheet or write them under `slots`, not both",
            );
        }
        own.push(read(f, from, false));
    }
    let shared = raw.slots_from.as_ref().and_then(|from| read(f, from, true));

    let mut places = SheetPlaces::new();
    let Some(mut sessions) = sessions else {
        return (None, places);
    };
    if failed || f.out.error_count() > errors_before {
        return (None, places);
    }
    // Per session: its slots, with where each came from.
    let mut assigned: Vec<Vec<(Slot, SlotAt)>> = sessions.iter().map(|_| Vec::new()).collect();
    for (i, read) in own.into_iter().enumerate() {
        let (Some(read), Some(session)) = (read, sessions.get(i)) else {
            continue;
        };
        if read.rows.is_empty() {
            empty_sheet(f, &read);
        }
        for row in read.rows {
            if fits(f, session, &row) {
                add(&mut assigned[i], row, f.languages);
            }
        }
    }
    if let Some(read) = shared {
        if read.rows.is_empty() {
            empty_sheet(f, &read);
        }
        for row in read.rows {
            if let Some(i) = session_of(f, raw, &sessions, &row) {
                add(&mut assigned[i], row, f.languages);
            }
        }
    }
    for (session, slots) in sessions.iter_mut().zip(assigned) {
        if slots.is_empty() {
            continue;
        }
        let (slots, at): (Vec<Slot>, Vec<SlotAt>) = slots.into_iter().unzip();
        session.slots = slots;
        places.insert(session.id.clone(), at);
    }
    let ok = f.out.error_count() == errors_before;
    (ok.then_some(sessions), places)
}

/// A sheet with a header row and nothing below it, which would leave its
/// sessions open to every school without a word.
fn empty_sheet(f: &mut Fields, read: &Read) {
    Place::row(read.table, read.header).error(
        f,
        "there are no slots below the header row",
        "add a row per school (its name and time), or remove `slots_from`",
    );
}

/// Whether a row of a session's own sheet fits the session: its date,
/// when given, is the session's, and its venue one of the session's.
fn fits(f: &mut Fields, session: &Session, row: &SheetRow) -> bool {
    let mut fits = true;
    if let Some((date, at)) = &row.date {
        let days = session.days();
        if !days.contains(date) {
            let shown: Vec<String> = days.iter().map(ToString::to_string).collect();
            at.error(
                f,
                format!(
                    "{date} is not a day of session `{}` ({})",
                    session.id,
                    if shown.is_empty() {
                        "to be announced".into()
                    } else {
                        shown.join(", ")
                    }
                ),
                "correct the date, or put the row in the sheet of the session held that day",
            );
            fits = false;
        } else if days.len() > 1 {
            several_days(f, session, at);
            fits = false;
        }
    }
    if let Some((venue, at)) = &row.venue
        && !session.venues.contains(venue)
    {
        at.error(
            f,
            format!(
                "venue `{venue}` is not one of session `{}`'s venues ({})",
                session.id,
                session.venues.join(", ")
            ),
            "correct the venue, or add it to the session's `venues`",
        );
        fits = false;
    }
    fits
}

/// A row naming one day of a session held on several, where a slot holds
/// on every day of its session: the page would show it on all of them.
fn several_days(f: &mut Fields, session: &Session, at: &Place) {
    at.error(
        f,
        format!(
            "session `{}` is held on several days, and a slot holds on each of them, so a row cannot name one day",
            session.id
        ),
        "give each day a session of its own, or leave the date out of the sheet",
    );
}

/// The session a row of the campaign's sheet belongs to: the one held on
/// its date (at its venue, when two are held that day).
fn session_of(
    f: &mut Fields,
    raw: &CampaignFile,
    sessions: &[Session],
    row: &SheetRow,
) -> Option<usize> {
    let (date, at) = row.date.as_ref()?;
    let on_day: Vec<usize> = (0..sessions.len())
        .filter(|i| sessions[*i].days().contains(date))
        .collect();
    let venue = row.venue.as_ref().map(|(v, _)| v);
    let matching: Vec<usize> = (on_day.iter().copied())
        .filter(|i| venue.is_none_or(|v| sessions[*i].venues.contains(v)))
        .collect();
    let ids = |list: &[usize]| {
        (list.iter())
            .map(|i| format!("`{}`", sessions[*i].id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match matching.as_slice() {
        [] => {
            let message = match (venue, on_day.is_empty()) {
                (Some(v), false) => format!(
                    "no session on {date} is at venue `{v}` (the sessions that day: {})",
                    ids(&on_day)
                ),
                _ => format!("no session is held on {date}"),
            };
            let mut days: Vec<String> = (sessions.iter())
                .filter_map(|s| Some(format!("`{}` {}", s.id, s.days().first()?)))
                .collect();
            days.dedup();
            at.error(
                f,
                message,
                format!(
                    "the campaign's sheet gives each row to the session held on its date: {}",
                    days.join(", ")
                ),
            );
            None
        }
        [i] => {
            let session = &sessions[*i];
            let entry = raw.sessions.get(*i).map(|s| &s.value);
            if entry.is_some_and(|s| !s.slots.is_empty() || s.slots_from.is_some()) {
                at.error(
                    f,
                    format!(
                        "session `{}` on {date} has slots of its own (`slots` or `slots_from`)",
                        session.id
                    ),
                    "give the session's slots in one place: remove its rows from this sheet, or its own `slots`",
                );
                return None;
            }
            if session.days().len() > 1 {
                several_days(f, session, at);
                return None;
            }
            Some(*i)
        }
        several => {
            at.error(
                f,
                format!("sessions {} are all held on {date}", ids(several)),
                "add a venue column (地点 or venue) to tell them apart, or take each session's slots from a sheet of its own",
            );
            None
        }
    }
}

/// Adds a row to a session's slots: to the slot with the same times and
/// label, as one written with several schools, or as a slot of its own.
fn add(slots: &mut Vec<(Slot, SlotAt)>, row: SheetRow, languages: &[String]) {
    let label = row.label.map(|text| {
        Localized(
            (languages.iter())
                .map(|lang| (lang.clone(), text.clone()))
                .collect(),
        )
    });
    let same = slots
        .iter()
        .position(|(slot, _)| slot.times == [row.time] && slot.label == label);
    let i = same.unwrap_or_else(|| {
        slots.push((
            Slot {
                times: vec![row.time],
                whole_session: false,
                label,
                schools: Vec::new(),
                group: None,
            },
            SlotAt {
                time: row.time_at,
                schools: Vec::new(),
            },
        ));
        slots.len() - 1
    });
    let (slot, at) = &mut slots[i];
    for (id, place) in row.schools {
        slot.schools.push(id);
        at.schools.push(place);
    }
}

/// Reads a sheet's header row and the rows below it, giving the header
/// row's number and the rows; `None` when anything was wrong (reported at
/// its cell).
fn rows(
    f: &mut Fields,
    table: &Table,
    schools: &Directory,
    venues: &Directory,
    need_date: bool,
) -> Option<(u32, Vec<SheetRow>)> {
    let columns = columns(f, table, need_date)?;
    let errors_before = f.out.error_count();
    let mut rows = Vec::new();
    let below = table.rows.iter().filter(|r| r.number > columns.header_row);
    for row in below {
        let n = row.number;
        let cell = |role: Role| {
            let column = columns.get(role)?;
            let cell = table.get(n, column)?;
            Some((&cell.value, Place::cell(table, cell.row, cell.column)))
        };
        let school = cell(Role::School);
        let times = [Role::Time, Role::Start, Role::End].map(cell);
        if school.is_none() && times.iter().all(Option::is_none) {
            // A row of other columns only (a total, a note beside the table).
            continue;
        }
        let Some((school, school_at)) = school else {
            let column = columns.get(Role::School).unwrap_or(1);
            Place::cell(table, n, column).error(
                f,
                "this row has a time but no school",
                "write the school's name in the row, or delete the row",
            );
            continue;
        };
        let schools = school_ids(f, schools, school, &school_at);
        let time = row_time(f, table, &columns, n, times);
        let date = cell(Role::Date).and_then(|(value, at)| Some((cell_date(f, value, &at)?, at)));
        if need_date && date.is_none() {
            let column = columns.get(Role::Date).unwrap_or(1);
            if table.get(n, column).is_none() {
                Place::cell(table, n, column).error(
                    f,
                    "this row has no date",
                    "the campaign's sheet gives each row to the session held on its date: write the date, e.g. 2025-11-11",
                );
            }
        }
        let venue = cell(Role::Venue).and_then(|(value, at)| {
            let id = venues.find(&value.shown());
            if id.is_none() {
                at.error(
                    f,
                    format!("unknown venue `{}`", value.shown()),
                    venues.hint(&value.shown()),
                );
            }
            Some((id?.to_string(), at))
        });
        let label = cell(Role::Label).map(|(value, _)| value.shown());
        if let (Some(schools), Some((time, time_at))) = (schools, time) {
            rows.push(SheetRow {
                schools,
                time,
                time_at,
                date,
                venue,
                label,
            });
        }
    }
    (f.out.error_count() == errors_before).then_some((columns.header_row, rows))
}

/// Finds the header row (the first, within the top [`HEADER_WITHIN`]
/// rows, naming a column) and the columns it names, reporting a column
/// that is missing or named twice.
fn columns(f: &mut Fields, table: &Table, need_date: bool) -> Option<Columns> {
    let Some(header) = (table.rows.iter().take(HEADER_WITHIN))
        .find(|r| r.cells.iter().any(|c| role(&c.value.shown()).is_some()))
    else {
        let at = match table.rows.first() {
            Some(first) => Place::row(table, first.number),
            None => Place::Cell {
                file: table.file.clone(),
                name: table.sheet_name(),
                pos: Pos::START,
            },
        };
        at.error(
            f,
            "found no header row naming the columns",
            "begin the table with a row of headers: 学院 (or school) for the school, and 时间 (or time) for its time; 日期, 地点 and 批次 (date, venue, label) may be added",
        );
        return None;
    };
    let mut columns = Columns {
        header_row: header.number,
        ..Columns::default()
    };
    let mut ok = true;
    for cell in &header.cells {
        let Some(role) = role(&cell.value.shown()) else {
            continue;
        };
        if let Some(first) = columns.found.get(&role) {
            let first = table.get(header.number, *first).map(|c| c.value.shown());
            Place::cell(table, cell.row, cell.column).error(
                f,
                format!(
                    "a second {} column, `{}` (the first is `{}`)",
                    role_name(role),
                    cell.value.shown(),
                    first.unwrap_or_default()
                ),
                "keep one column for it, or rename this header",
            );
            ok = false;
            continue;
        }
        columns.found.insert(role, cell.column);
    }
    let headers: Vec<String> = (header.cells.iter())
        .map(|c| format!("`{}`", c.value.shown()))
        .collect();
    let row = Place::row(table, header.number);
    let missing = |f: &mut Fields, role: Role, hint: &str| {
        row.error(
            f,
            format!("there is no {} column", role_name(role)),
            format!("{hint}; this header row has {}", headers.join(", ")),
        );
    };
    let has = |role| columns.found.contains_key(&role);
    if !has(Role::School) {
        missing(
            f,
            Role::School,
            "head the column of schools 学院, 单位, 院系, school or unit",
        );
        ok = false;
    }
    match (has(Role::Time), has(Role::Start), has(Role::End)) {
        (true, false, false) | (false, true, true) => {}
        (false, false, false) => {
            missing(
                f,
                Role::Time,
                "head the column of times 时间, 时段 or time (with ranges such as 09:00-10:30), or give 开始时间 and 结束时间 (start, end) columns",
            );
            ok = false;
        }
        (true, _, _) => {
            row.error(
                f,
                "there is a time column and also a start or end column",
                "give each slot's time in one way: a range in the time column, or start and end columns",
            );
            ok = false;
        }
        (false, true, false) => {
            missing(
                f,
                Role::End,
                "with a start column, head a column 结束时间 or end",
            );
            ok = false;
        }
        (false, false, true) => {
            missing(
                f,
                Role::Start,
                "with an end column, head a column 开始时间 or start",
            );
            ok = false;
        }
    }
    if need_date && !has(Role::Date) {
        missing(
            f,
            Role::Date,
            "the campaign's `slots_from` gives each row to the session held on its date: head a column 日期 or date, or name the sheet under a session's `slots_from` instead",
        );
        ok = false;
    }
    ok.then_some(columns)
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::School => "school",
        Role::Date => "date",
        Role::Time => "time",
        Role::Start => "start",
        Role::End => "end",
        Role::Venue => "venue",
        Role::Label => "label",
    }
}

/// The schools a cell names: one, or several separated by `、` or commas
/// (each name is tried whole first, as an English name may hold a comma).
fn school_ids(
    f: &mut Fields,
    schools: &Directory,
    value: &Value,
    at: &Place,
) -> Option<Vec<(String, Place)>> {
    let text = match value {
        Value::Text(_) | Value::Number(_) => value.shown(),
        other => {
            at.error(
                f,
                format!("`{}` is not a school", other.shown()),
                "write the school's name or id in the cell, as text",
            );
            return None;
        }
    };
    if let Some(id) = schools.find(&text) {
        return Some(vec![(id.to_string(), at.clone())]);
    }
    let parts: Vec<&str> = (text.split(SCHOOL_SEPARATORS))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut found = Vec::new();
    let mut ok = true;
    for part in if parts.len() > 1 {
        parts
    } else {
        vec![text.as_str()]
    } {
        match schools.find(part) {
            Some(id) => found.push((id.to_string(), at.clone())),
            None => {
                at.error(f, format!("unknown school `{part}`"), schools.hint(part));
                ok = false;
            }
        }
    }
    ok.then_some(found)
}

/// A row's time: a range in the time column, or from its start and end
/// columns (text, or cells the spreadsheet holds as times).
fn row_time(
    f: &mut Fields,
    table: &Table,
    columns: &Columns,
    row: u32,
    [time, start, end]: [Option<(&Value, Place)>; 3],
) -> Option<(TimeRange, Place)> {
    if let Some(column) = columns.get(Role::Time) {
        let Some((value, at)) = time else {
            Place::cell(table, row, column).error(
                f,
                "this row has a school but no time",
                "write the school's time as a range, e.g. 09:00-10:30, or delete the row",
            );
            return None;
        };
        let range = match value {
            Value::Text(text) => parse_time_range(text, "the time")
                .map_err(|(m, h)| at.error(f, m, h))
                .ok(),
            Value::Time(t) => {
                at.error(
                    f,
                    format!("the time is one time of day, {}, not a range", t.format("%H:%M")),
                    "write the range as text, e.g. 09:00-10:30, or give start and end columns (开始时间, 结束时间)",
                );
                None
            }
            other => {
                at.error(
                    f,
                    format!("the time is not a valid time range: `{}`", other.shown()),
                    "write a time range as HH:MM-HH:MM in 24-hour time, e.g. 15:30-17:00",
                );
                None
            }
        };
        return Some((range?, at));
    }
    let mut moment = |cell: Option<(&Value, Place)>, role: Role| {
        let Some((value, at)) = cell else {
            let column = columns.get(role).unwrap_or(1);
            Place::cell(table, row, column).error(
                f,
                format!("this row has no {} time", role_name(role)),
                "write it as HH:MM, e.g. 09:00, or delete the row",
            );
            return None;
        };
        let time = match value {
            Value::Time(t) => Some(*t),
            Value::Text(text) => parse_time(text),
            _ => None,
        };
        if time.is_none() {
            at.error(
                f,
                format!(
                    "the {} time is not a valid time: `{}`",
                    role_name(role),
                    value.shown()
                ),
                "write a time as HH:MM in 24-hour time, e.g. 08:30",
            );
        }
        Some((time?, at))
    };
    let start = moment(start, Role::Start);
    let end = moment(end, Role::End);
    let ((start, start_at), (end, end_at)) = (start?, end?);
    if end <= start {
        end_at.error(
            f,
            format!(
                "the time ends before it starts: {} is not after {}",
                end.format("%H:%M"),
                start.format("%H:%M")
            ),
            "use 24-hour time, e.g. 13:30-17:00 for the afternoon",
        );
        return None;
    }
    let range = TimeRange {
        start,
        end,
        end_stated: true,
    };
    Some((range, start_at))
}

/// A date cell: a date the spreadsheet holds as one, or text as
/// `campaign.yaml` writes dates.
fn cell_date(f: &mut Fields, value: &Value, at: &Place) -> Option<NaiveDate> {
    let date = match value {
        Value::Date(d) => Some(*d),
        Value::Text(text) => parse_date(text),
        _ => None,
    };
    if date.is_none() {
        at.error(
            f,
            format!("the date is not a valid date: `{}`", value.shown()),
            "write dates as YYYY-MM-DD, e.g. 2025-11-11, or make the cell a date",
        );
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_chinese_and_english() {
        for (header, expected) in [
            ("学院", Role::School),
            (" 学院名称 ", Role::School),
            ("学院（部门）", Role::School),
            ("School", Role::School),
            ("日期", Role::Date),
            ("时间*", Role::Time),
            ("时 段", Role::Time),
            ("Time slot", Role::Time),
            ("开始时间", Role::Start),
            ("地点：", Role::Venue),
            ("批次", Role::Label),
        ] {
            assert_eq!(role(header), Some(expected), "{header}");
        }
        for other in ["序号", "人数", "备注", "联系人"] {
            assert_eq!(role(other), None, "{other}");
        }
    }

    #[test]
    fn schools_by_id_or_name_with_a_near_miss_suggested() {
        let schools = Directory::new(
            "school",
            "schools",
            vec![
                (
                    "school-of-science".into(),
                    vec!["理学院".into(), "School of Science".into()],
                ),
                (
                    "school-of-humanities".into(),
                    vec!["人文学院".into(), "School of Humanities".into()],
                ),
            ],
        );
        assert_eq!(schools.find("school-of-science"), Some("school-of-science"));
        assert_eq!(schools.find(" 理学院 "), Some("school-of-science"));
        assert_eq!(
            schools.find("school of humanities"),
            Some("school-of-humanities")
        );
        assert_eq!(schools.find("理学部"), None);
        assert!(
            schools
                .hint("理学部")
                .starts_with("did you mean 理学院 (`school-of-science`)?")
        );
        assert!(
            schools
                .hint("法学院学院")
                .starts_with("write the id or a name, in any language, of one of the schools")
        );
    }
}
