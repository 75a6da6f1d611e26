//! A small typed iCalendar writer: components hold properties, properties
//! hold typed values, and one serializer turns them into content lines.
//!
//! Why not the `ics` crate: it folds continuation lines to 75 bytes *plus*
//! the leading space (76 octets, over RFC 5545's limit) and leaves TEXT
//! escaping to each caller. Here escaping is decided by the value's type and
//! folding happens in exactly one place, so no property can skip either.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;

use super::timezone::to_utc;
use crate::digits::push_digits;

/// The longest content line, in octets, not counting the CRLF (RFC 5545 §3.1).
pub const MAX_LINE: usize = 75;

/// A property value. The variant decides the format, the escaping and any
/// parameter the type implies (`VALUE=DATE`, `TZID=`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Free text, escaped (RFC 5545 §3.3.11).
    Text(String),
    /// An enumerated keyword written as is: `PUBLISH`, `CONFIRMED`, `2.0`.
    Token(&'static str),
    Integer(u32),
    /// A URI, written as is (URIs have no characters TEXT would escape).
    Uri(String),
    /// An all-day date; implies `VALUE=DATE`.
    Date(NaiveDate),
    /// A local date-time in a time zone; implies `TZID=` and needs the
    /// zone's VTIMEZONE in the same file (see [`zones_used`]).
    Zoned(NaiveDateTime, Tz),
    /// Local date-times in one zone, comma-separated (EXDATE); implies
    /// `TZID=`, so they match a zoned DTSTART as RFC 5545 requires.
    ZonedList(Vec<NaiveDateTime>, Tz),
    /// A RECUR rule (RFC 5545 §3.3.10) repeating weekly on these weekdays,
    /// or daily when there are none, up to and including the local
    /// date-time `until` in the zone, which is written in UTC (with a
    /// zoned DTSTART, UNTIL must be UTC).
    Recur {
        weekdays: Vec<Weekday>,
        until: NaiveDateTime,
        tz: Tz,
    },
    /// A local date-time with no zone: only for VTIMEZONE observance onsets.
    Floating(NaiveDateTime),
    Utc(DateTime<Utc>),
    /// A signed duration (RFC 5545 §3.3.6).
    Duration(TimeDelta),
    UtcOffset(FixedOffset),
}

/// One property: a name, explicit parameters and a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    name: &'static str,
    params: Vec<(&'static str, String)>,
    value: Value,
}

impl Property {
    pub fn new(name: &'static str, value: Value) -> Property {
        Property {
            name,
            params: Vec::new(),
            value,
        }
    }

    /// Adds a parameter; quoted on output when it contains `:`, `;` or `,`.
    pub fn param(mut self, name: &'static str, value: impl Into<String>) -> Property {
        self.params.push((name, value.into()));
        self
    }

    /// Writes the property as one folded content line, built in `line`
    /// (a buffer reused from property to property).
    fn write(&self, line: &mut String, out: &mut String) {
        line.clear();
        line.push_str(self.name);
        let implied = match &self.value {
            Value::Date(_) => Some(("VALUE", "DATE")),
            Value::Zoned(_, tz) | Value::ZonedList(_, tz) => Some(("TZID", tz.name())),
            _ => None,
        };
        let explicit = self
            .params
            .iter()
            .map(|(name, value)| (*name, value.as_str()));
        for (name, value) in implied.into_iter().chain(explicit) {
            line.push(';');
            line.push_str(name);
            line.push('=');
            // Parameter values cannot hold DQUOTE or controls at all.
            let quoted = value.contains([':', ';', ',']);
            if quoted {
                line.push('"');
            }
            push_without(line, value, |c| c == '"' || c.is_control());
            if quoted {
                line.push('"');
            }
        }
        line.push(':');
        match &self.value {
            Value::Text(text) => escape_into(text, line),
            Value::Token(token) => line.push_str(token),
            Value::Integer(n) => line.push_str(itoa::Buffer::new().format(*n)),
            Value::Uri(uri) => push_without(line, uri, char::is_control),
            Value::Date(d) => date_into(*d, line),
            Value::Zoned(t, _) | Value::Floating(t) => date_time_into(t, line),
            Value::ZonedList(times, _) => {
                for (i, t) in times.iter().enumerate() {
                    if i > 0 {
                        line.push(',');
                    }
                    date_time_into(t, line);
                }
            }
            Value::Recur {
                weekdays,
                until,
                tz,
            } => recur_into(weekdays, to_utc(*tz, *until), line),
            Value::Utc(t) => {
                date_time_into(&t.naive_utc(), line);
                line.push('Z');
            }
            Value::Duration(d) => line.push_str(&duration(*d)),
            Value::UtcOffset(o) => line.push_str(&utc_offset(*o)),
        }
        fold_into(line, out);
    }
}

/// `text` without the characters `drop` picks (nearly always none).
fn push_without(line: &mut String, text: &str, drop: impl Fn(char) -> bool) {
    if text.contains(&drop) {
        line.extend(text.chars().filter(|&c| !drop(c)));
    } else {
        line.push_str(text);
    }
}

/// `YYYYMMDD`, RFC 5545's DATE. Written digit by digit: chrono's `format`
/// parses its pattern on every call, `write!` is not much cheaper, and a
/// big site writes millions of these.
fn date_into(d: NaiveDate, line: &mut String) {
    match u32::try_from(d.year()) {
        Ok(year) if year <= 9999 => push_digits(line, year, 4),
        _ => {
            let _ = write!(line, "{:04}", d.year());
        }
    }
    push_digits(line, d.month(), 2);
    push_digits(line, d.day(), 2);
}

/// `FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=…Z`, or `FREQ=DAILY;UNTIL=…Z`.
fn recur_into(weekdays: &[Weekday], until: DateTime<Utc>, line: &mut String) {
    if weekdays.is_empty() {
        line.push_str("FREQ=DAILY");
    } else {
        line.push_str("FREQ=WEEKLY;BYDAY=");
        for (i, day) in weekdays.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(match day {
                Weekday::Mon => "MO",
                Weekday::Tue => "TU",
                Weekday::Wed => "WE",
                Weekday::Thu => "TH",
                Weekday::Fri => "FR",
                Weekday::Sat => "SA",
                Weekday::Sun => "SU",
            });
        }
    }
    line.push_str(";UNTIL=");
    date_time_into(&until.naive_utc(), line);
    line.push('Z');
}

/// `YYYYMMDDTHHMMSS`, RFC 5545's DATE-TIME without its zone.
fn date_time_into(t: &NaiveDateTime, line: &mut String) {
    date_into(t.date(), line);
    line.push('T');
    push_digits(line, t.hour(), 2);
    push_digits(line, t.minute(), 2);
    push_digits(line, t.second(), 2);
}

/// A component (`VCALENDAR`, `VEVENT`, ...) with its properties in order and
/// its sub-components after them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    name: &'static str,
    properties: Vec<Property>,
    components: Vec<Component>,
}

impl Component {
    pub fn new(name: &'static str) -> Component {
        Component {
            name,
            properties: Vec::new(),
            components: Vec::new(),
        }
    }

    /// Adds a property with no explicit parameters.
    pub fn add(&mut self, name: &'static str, value: Value) -> &mut Component {
        self.properties.push(Property::new(name, value));
        self
    }

    pub fn push(&mut self, property: Property) -> &mut Component {
        self.properties.push(property);
        self
    }

    pub fn child(&mut self, component: Component) -> &mut Component {
        self.components.push(component);
        self
    }

    /// The value of the first property called `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let p = self.properties.iter().find(|p| p.name == name)?;
        Some(&p.value)
    }

    /// The properties alone as content lines, without BEGIN and END.
    pub fn properties_text(&self) -> String {
        let (mut line, mut out) = (String::with_capacity(256), String::new());
        for p in &self.properties {
            p.write(&mut line, &mut out);
        }
        out
    }

    /// The component as iCalendar text: CRLF line ends, lines folded.
    pub fn serialize(&self) -> String {
        let mut out = String::with_capacity(4096);
        self.write(&mut String::with_capacity(256), &mut out);
        out
    }

    fn write(&self, line: &mut String, out: &mut String) {
        // Component names are short keywords, never folded.
        out.push_str("BEGIN:");
        out.push_str(self.name);
        out.push_str("\r\n");
        for p in &self.properties {
            p.write(line, out);
        }
        for c in &self.components {
            c.write(line, out);
        }
        out.push_str("END:");
        out.push_str(self.name);
        out.push_str("\r\n");
    }
}

/// Every zone a `TZID` in `components` refers to, with the first and last
/// local year it is used in (what the VTIMEZONEs of the file must cover),
/// sorted by zone name.
pub fn zones_used<'a>(components: impl IntoIterator<Item = &'a Component>) -> Vec<(Tz, i32, i32)> {
    use chrono::Datelike;
    let mut zones: BTreeMap<&'static str, (Tz, i32, i32)> = BTreeMap::new();
    let mut stack: Vec<&Component> = components.into_iter().collect();
    while let Some(component) = stack.pop() {
        for p in &component.properties {
            // A repeating event's last day may be in a later year than its
            // first: the zone must cover it too.
            let times: &[NaiveDateTime] = match &p.value {
                Value::Zoned(t, _) => std::slice::from_ref(t),
                Value::ZonedList(times, _) => times,
                Value::Recur { until, .. } => std::slice::from_ref(until),
                _ => &[],
            };
            let tz = match p.value {
                Value::Zoned(_, tz) | Value::ZonedList(_, tz) | Value::Recur { tz, .. } => tz,
                _ => continue,
            };
            for t in times {
                let year = t.year();
                let span = zones.entry(tz.name()).or_insert((tz, year, year));
                *span = (tz, span.1.min(year), span.2.max(year));
            }
        }
        stack.extend(&component.components);
    }
    zones.into_values().collect()
}

/// TEXT escaping: `\` `;` `,` get a backslash, any line break becomes `\n`.
/// Other control characters are not allowed in TEXT and are dropped.
fn escape_into(text: &str, out: &mut String) {
    // Text is copied a run at a time, up to each character that changes.
    let mut copied = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let replacement = match c {
            '\\' => "\\\\",
            ';' => "\\;",
            ',' => "\\,",
            '\r' => {
                chars.next_if(|&(_, c)| c == '\n');
                "\\n"
            }
            '\n' => "\\n",
            '\t' => continue,
            c if c.is_control() => "",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        copied = chars.peek().map_or(text.len(), |&(next, _)| next);
    }
    out.push_str(&text[copied..]);
}

/// Writes one content line, folded so no line exceeds [`MAX_LINE`] octets
/// (a continuation's leading space counts) and never inside a UTF-8
/// character, each line ending in CRLF.
fn fold_into(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = MAX_LINE;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_LINE - 1;
    }
}

/// `-P1D`, `PT1H`, `PT1H30M`, `P1DT2H`: the shortest form RFC 5545's grammar allows.
fn duration(d: TimeDelta) -> String {
    let sign = if d < TimeDelta::zero() { "-" } else { "" };
    let total = d.num_seconds().unsigned_abs();
    let (days, rest) = (total / 86_400, total % 86_400);
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    let mut out = format!("{sign}P");
    if days > 0 {
        let _ = write!(out, "{days}D");
    }
    if rest > 0 || days == 0 {
        out.push('T');
        // The grammar nests: hours must be followed by minutes if seconds follow.
        if h > 0 {
            let _ = write!(out, "{h}H");
        }
        if m > 0 || (h > 0 && s > 0) {
            let _ = write!(out, "{m}M");
        }
        if s > 0 || rest == 0 {
            let _ = write!(out, "{s}S");
        }
    }
    out
}

/// `+0800`, `-0330`, `+013045` (seconds only when there are any).
fn utc_offset(o: FixedOffset) -> String {
    let secs = o.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Undoes folding: a CRLF followed by one space or tab joins the lines.
    fn unfold(text: &str) -> Vec<String> {
        let joined = text.replace("\r\n ", "").replace("\r\n\t", "");
        joined.split_terminator("\r\n").map(str::to_owned).collect()
    }

    /// Undoes TEXT escaping.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn text_line(text: &str) -> String {
        let mut c = Component::new("VEVENT");
        c.add("DESCRIPTION", Value::Text(text.into()));
        c.serialize()
    }

    #[test]
    fn escapes_text_specials() {
        let out = text_line("a\\b;c,d\ne\r\nf\rg: h\u{7}");
        assert_eq!(
            out,
            "BEGIN:VEVENT\r\nDESCRIPTION:a\\\\b\\;c\\,d\\ne\\nf\\ng: h\r\nEND:VEVENT\r\n"
        );
    }

    #[test]
    fn folds_at_75_octets_between_characters() {
        // "DESCRIPTION:" is 12 octets; 30 CJK characters of 3 octets follow.
        let text = "毕".repeat(30);
        let out = text_line(&text);
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert_eq!(lines[1].len(), 12 + 21 * 3); // 75: 21 characters fit
        assert_eq!(lines[2], format!(" {}", "毕".repeat(9)));
        // A 4-octet emoji straddling the limit moves whole to the next line.
        let out = text_line(&format!("{}😀", "x".repeat(62)));
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert_eq!(lines[1].len(), 74);
        assert_eq!(lines[2], " 😀");
    }

    #[test]
    fn continuation_lines_count_their_space() {
        let out = text_line(&"a".repeat(200));
        for line in out.split_terminator("\r\n") {
            assert!(line.len() <= MAX_LINE, "{line:?}");
        }
        assert_eq!(out.split_terminator("\r\n").nth(2).unwrap().len(), 75);
    }

    #[test]
    fn typed_values_imply_their_parameters() {
        let mut c = Component::new("VEVENT");
        let t = NaiveDate::from_ymd_opt(2025, 11, 11)
            .unwrap()
            .and_hms_opt(15, 30, 0)
            .unwrap();
        c.add("DTSTART", Value::Zoned(t, Tz::Asia__Shanghai));
        c.add("DTEND", Value::Date(t.date()));
        c.push(
            Property::new("TRIGGER", Value::Duration(TimeDelta::days(-1))).param("RELATED", "END"),
        );
        c.push(Property::new("X-A", Value::Token("B")).param("CN", "Doe, J"));
        let out = c.serialize();
        assert!(out.contains("\r\nDTSTART;TZID=Asia/Shanghai:20251111T153000\r\n"));
        assert!(out.contains("\r\nDTEND;VALUE=DATE:20251111\r\n"));
        assert!(out.contains("\r\nTRIGGER;RELATED=END:-P1D\r\n"));
        assert!(out.contains("\r\nX-A;CN=\"Doe, J\":B\r\n"));
        assert_eq!(zones_used([&c]), [(Tz::Asia__Shanghai, 2025, 2025)]);
    }

    #[test]
    fn durations_follow_the_grammar() {
        let cases = [
            (TimeDelta::hours(-1), "-PT1H"),
            (TimeDelta::days(1), "P1D"),
            (TimeDelta::minutes(-15), "-PT15M"),
            (TimeDelta::hours(12), "PT12H"),
            (TimeDelta::seconds(3601), "PT1H0M1S"),
            (TimeDelta::hours(26), "P1DT2H"),
            (TimeDelta::zero(), "PT0S"),
        ];
        for (d, text) in cases {
            assert_eq!(duration(d), text);
        }
    }

    #[test]
    fn utc_offsets() {
        assert_eq!(
            utc_offset(FixedOffset::east_opt(8 * 3600).unwrap()),
            "+0800"
        );
        assert_eq!(
            utc_offset(FixedOffset::west_opt(3 * 3600 + 1800).unwrap()),
            "-0330"
        );
        assert_eq!(utc_offset(FixedOffset::east_opt(5521).unwrap()), "+013201");
    }

    /// Text mixing what breaks naive writers: CJK, emoji, combining marks,
    /// and the characters TEXT escapes.
    fn tricky_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just('\\'),
            Just(';'),
            Just(','),
            Just('\n'),
            Just(':'),
            Just(' '),
            proptest::char::range('a', 'z'),
            proptest::char::range('\u{4e00}', '\u{9fff}'),
            proptest::char::range('\u{1f600}', '\u{1f64f}'),
            proptest::char::range('\u{0300}', '\u{036f}'),
            proptest::char::range('\u{00a0}', '\u{07ff}'),
        ];
        proptest::collection::vec(piece, 0..300).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn folded_lines_fit_and_round_trip(text in tricky_text()) {
            let out = text_line(&text);
            prop_assert!(out.ends_with("\r\n"));
            for line in out.split_inclusive("\r\n") {
                prop_assert!(line.ends_with("\r\n"), "line without CRLF: {:?}", line);
                let body = &line[..line.len() - 2];
                prop_assert!(body.len() <= MAX_LINE, "{} octets: {:?}", body.len(), body);
                prop_assert!(!body.contains(['\r', '\n']));
            }
            let lines = unfold(&out);
            prop_assert_eq!(lines.len(), 3);
            let value = lines[1].strip_prefix("DESCRIPTION:").unwrap();
            prop_assert_eq!(unescape(value), text);
        }
    }
}
