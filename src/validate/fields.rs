//! Checking single values: ids, texts, dates, times, durations.
//!
//! Each check reports its own problem at the value's position and returns
//! `None` on failure, so callers can go on and find the next problem.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use crate::content::raw::{S, Text, pos};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::{Bound, Localized, TimeRange};

/// The checker for one file: where problems go and which languages every
/// text must have.
pub struct Fields<'a> {
    pub file: &'a str,
    /// The languages every text needs: the site's, or a campaign's.
    pub languages: &'a [String],
    /// The site's languages, so a language the site has but the campaign
    /// lacks is told apart from one the site does not have at all.
    pub site_languages: &'a [String],
    pub out: &'a mut Diagnostics,
}

impl Fields<'_> {
    pub fn error(&mut self, at: Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.out
            .push(Diagnostic::error(self.file, at, message).hint(hint));
    }

    pub fn warning(&mut self, at: Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.out
            .push(Diagnostic::warning(self.file, at, message).hint(hint));
    }

    pub fn note(&mut self, at: Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.out
            .push(Diagnostic::note(self.file, at, message).hint(hint));
    }

    /// An id: a URL slug of lower-case ASCII letters, digits and single
    /// hyphens, at most [`LONGEST_ID`] long.
    pub fn id(&mut self, value: &S<String>, what: &str) -> Option<String> {
        if is_slug(&value.value) && value.value.len() <= LONGEST_ID {
            return Some(value.value.clone());
        }
        if is_slug(&value.value) {
            self.error(
                pos(value),
                format!("this {what} id is longer than {LONGEST_ID} characters"),
                "ids appear in web addresses, file names and QR codes: shorten it",
            );
            return None;
        }
        self.error(
            pos(value),
            format!("`{}` is not a valid {what} id", value.value),
            "ids appear in web addresses: use lower-case letters a-z, digits and single hyphens, e.g. `school-of-science`",
        );
        None
    }

    /// A text with exactly the required languages, none empty.
    pub fn text(&mut self, value: &S<Text>, field: &str) -> Option<Localized> {
        let mut texts = BTreeMap::new();
        let mut ok = true;
        for (lang, text) in &value.value.0 {
            if self.site_languages.contains(lang) && !self.languages.contains(lang) {
                let hint = self.campaign_language_hint(lang, "remove this text");
                self.error(
                    pos(text),
                    format!("`{lang}` is not one of this campaign's languages"),
                    hint,
                );
                ok = false;
            } else if !self.languages.contains(lang) {
                let hint = self.language_hint(lang);
                self.error(
                    pos(text),
                    format!("`{lang}` is not a configured language"),
                    hint,
                );
                ok = false;
            } else if texts.contains_key(lang) {
                self.error(
                    pos(text),
                    format!("`{field}` has `{lang}` twice"),
                    "keep one of them",
                );
                ok = false;
            } else if text.value.trim().is_empty() {
                self.error(
                    pos(text),
                    format!("`{field}` in `{lang}` is empty"),
                    "write the text, or remove the field if it is optional",
                );
                ok = false;
            } else {
                texts.insert(lang.clone(), text.value.trim_end().to_string());
            }
        }
        for lang in self.languages {
            if !value.value.0.iter().any(|(l, _)| l == lang) {
                self.error(
                    pos(value),
                    format!("`{field}` has no `{lang}` translation"),
                    format!("add a line `{lang}: ...` with the text in that language"),
                );
                ok = false;
            }
        }
        ok.then_some(Localized(texts))
    }

    /// What to write instead of an unconfigured language: the configured
    /// tag it was probably meant as (`zh_CN`, `zh-cn` for `zh-CN`), or the list.
    pub fn language_hint(&self, lang: &str) -> String {
        let normalized = lang.replace('_', "-").to_ascii_lowercase();
        match self
            .site_languages
            .iter()
            .find(|l| l.to_ascii_lowercase() == normalized)
        {
            Some(meant) => format!("write `{meant}`, as in noticeboard.yaml"),
            None => format!(
                "the languages in noticeboard.yaml are: {}",
                self.site_languages.join(", ")
            ),
        }
    }

    /// What to do about a site language the campaign is not published in:
    /// `remedy` (drop the text or file), or publish the campaign in it.
    pub fn campaign_language_hint(&self, lang: &str, remedy: &str) -> String {
        format!(
            "the campaign is published in {} (its `languages`): {remedy}, or add `{lang}` to `languages` in campaign.yaml",
            self.languages.join(", ")
        )
    }

    /// An optional text: absent is fine, present must be complete.
    /// Returns `Err(())` when present but invalid.
    pub fn opt_text(
        &mut self,
        value: &Option<S<Text>>,
        field: &str,
    ) -> Result<Option<Localized>, ()> {
        match value {
            None => Ok(None),
            Some(v) => self.text(v, field).map(Some).ok_or(()),
        }
    }

    /// A calendar date written `YYYY-MM-DD`, with a four-digit year (as
    /// calendars write it).
    pub fn date(&mut self, value: &S<String>, field: &str) -> Option<NaiveDate> {
        let parsed = parse_date(&value.value);
        if parsed.is_none() {
            self.error(
                pos(value),
                format!("`{field}` is not a valid date: `{}`", value.value),
                "write dates as YYYY-MM-DD, e.g. 2025-11-11, and check the day exists",
            );
        }
        parsed
    }

    /// A local date and time written `YYYY-MM-DD HH:MM` (or with `T`, or
    /// seconds), with a four-digit year; full-width digits and colons, as
    /// a Chinese input method types them, are read as ASCII.
    pub fn datetime(&mut self, value: &S<String>, field: &str) -> Option<NaiveDateTime> {
        let text = half_width(value.value.trim()).replacen('T', " ", 1);
        // "24:00" ends a day, as notices write it: the next day's 00:00.
        let end_of_day = text
            .strip_suffix(" 24:00")
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .and_then(|day| day.succ_opt())
            .map(|next| Ok(next.and_time(NaiveTime::MIN)));
        let parsed = end_of_day
            .unwrap_or_else(|| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M"))
            .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S"))
            .ok()
            .filter(|d| FOUR_DIGIT_YEARS.contains(&d.year()));
        if parsed.is_none() {
            self.error(
                pos(value),
                format!("`{field}` is not a valid date and time: `{}`", value.value),
                "write a date and time as YYYY-MM-DD HH:MM in 24-hour time, e.g. 2025-11-06 09:00",
            );
        }
        parsed
    }

    /// One end of a window: a date (`2025-09-15`) or a date and time
    /// (`2025-09-15 10:00`, or `24:00` for the end of a day).
    pub fn bound(&mut self, value: &S<String>, field: &str) -> Option<Bound> {
        let text = value.value.trim();
        if text.contains([' ', 'T', ':', '：']) {
            self.datetime(value, field).map(Bound::At)
        } else {
            self.date(value, field).map(Bound::Day)
        }
    }

    /// A time range written `HH:MM-HH:MM` (24-hour). The forms Chinese
    /// staff type are accepted too: full-width digits and colons (`：`),
    /// and `–`, `—`, `－`, `~`, `～`, `〜` or `至` between the two times.
    pub fn time_range(&mut self, value: &S<String>, field: &str) -> Option<TimeRange> {
        parse_time_range(&value.value, &format!("`{field}`"))
            .map_err(|(message, hint)| self.error(pos(value), message, hint))
            .ok()
    }

    /// A time of day written `HH:MM` (24-hour; full-width digits and
    /// colons read as ASCII).
    pub fn time(&mut self, value: &S<String>, field: &str) -> Option<NaiveTime> {
        let parsed = parse_time(&value.value);
        if parsed.is_none() {
            self.error(
                pos(value),
                format!("`{field}` is not a valid time: `{}`", value.value.trim()),
                "write a time as HH:MM in 24-hour time, e.g. 08:30",
            );
        }
        parsed
    }

    /// A session's time: a range, or a start only (`18:30`, "from 18:30"),
    /// which lasts `minutes` (the campaign's default length) on calendars.
    pub fn session_time(&mut self, value: &S<String>, minutes: u32) -> Option<TimeRange> {
        let normalized = half_width(value.value.trim());
        let Ok(start) = NaiveTime::parse_from_str(normalized.trim(), "%H:%M") else {
            return self.time_range(value, "times");
        };
        let (end, wrapped) = start.overflowing_add_signed(TimeDelta::minutes(minutes.into()));
        if wrapped != 0 || end == NaiveTime::MIN {
            self.error(
                pos(value),
                format!(
                    "session starting at {} would run past midnight ({minutes} minutes, the default length)",
                    start.format("%H:%M")
                ),
                "give the end, e.g. `\"21:00-23:30\"`, or a shorter `default_session_minutes` in campaign.yaml",
            );
            return None;
        }
        Some(TimeRange {
            start,
            end,
            end_stated: false,
        })
    }

    /// A reminder offset written `30m`, `1h` or `2d`, at most
    /// [`LONGEST_REMINDER_DAYS`] days (a longer one is a typo, and an
    /// unbounded one overflows the calendar's arithmetic).
    pub fn duration(&mut self, value: &S<String>, field: &str) -> Option<chrono::Duration> {
        let text = value.value.trim();
        // Split off the last character, not byte: staff may write `1天`.
        let unit_start = text.char_indices().last().map_or(0, |(i, _)| i);
        let (number, unit) = text.split_at(unit_start);
        let minutes_per_unit = match unit {
            "m" => Some(1),
            "h" => Some(60),
            "d" => Some(24 * 60),
            _ => None,
        };
        let minutes = number
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .zip(minutes_per_unit)
            .and_then(|(n, per)| n.checked_mul(per));
        let longest = LONGEST_REMINDER_DAYS * 24 * 60;
        match minutes {
            Some(m) if m <= longest => return Some(chrono::Duration::minutes(m)),
            Some(_) => self.error(
                pos(value),
                format!("`{field}` is too long before the event: `{text}`"),
                format!("a reminder can be at most {LONGEST_REMINDER_DAYS} days (`{LONGEST_REMINDER_DAYS}d`) before the event"),
            ),
            None => self.error(
                pos(value),
                format!("`{field}` is not a valid reminder: `{text}`"),
                "write how long before the event, e.g. 30m, 1h or 1d",
            ),
        }
        None
    }

    /// A telephone number as staff write it (`0755-2603 1234`,
    /// `+86 (755) 26031234`, `020-84111234转8001`): digits with spaces,
    /// hyphens, brackets and a leading `+`, and optionally an extension
    /// after `转`, `分机`, `ext` or `x`. Pages make it a `tel:` link that
    /// phones dial, so anything else is refused rather than published.
    pub fn phone(&mut self, value: &S<String>) -> Option<String> {
        let text = value.value.trim();
        if is_phone(text) {
            return Some(text.to_string());
        }
        self.error(
            pos(value),
            format!("`{text}` is not a telephone number"),
            "write digits with spaces or hyphens, e.g. 0755-2603 1234, +86 755 26031234 or 020-84111234转8001; put opening hours under `hours`",
        );
        None
    }

    /// Registers `id` in `seen`, reporting a duplicate with the first position.
    pub fn unique(&mut self, seen: &mut HashMap<String, Pos>, value: &S<String>, what: &str) {
        if let Some(first) = seen.get(&value.value) {
            self.error(
                pos(value),
                format!("duplicate {what} id `{}`", value.value),
                format!(
                    "it is already used at line {}; ids must be unique within a campaign",
                    first.line
                ),
            );
        } else {
            seen.insert(value.value.clone(), pos(value));
        }
    }

    /// A reference to something defined elsewhere in the campaign.
    pub fn reference(
        &mut self,
        value: &S<String>,
        known: &HashMap<String, Pos>,
        what: &str,
        list: &str,
    ) -> Option<String> {
        if known.contains_key(&value.value) {
            return Some(value.value.clone());
        }
        let mut ids: Vec<&str> = known.keys().map(String::as_str).collect();
        ids.sort_unstable();
        let hint = if ids.is_empty() {
            format!("define it under `{list}` first")
        } else {
            format!(
                "it must be one of the ids under `{list}`: {}",
                ids.join(", ")
            )
        };
        self.error(
            pos(value),
            format!("unknown {what} `{}`", value.value),
            hint,
        );
        None
    }
}

/// A date written `YYYY-MM-DD` with a four-digit year (full-width digits
/// read as ASCII), as [`Fields::date`] and spreadsheet cells take it.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&half_width(text.trim()), "%Y-%m-%d")
        .ok()
        .filter(|d| FOUR_DIGIT_YEARS.contains(&d.year()))
}

/// A time of day written `HH:MM`, as [`Fields::time`] and spreadsheet
/// cells take it.
pub(crate) fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(half_width(text.trim()).trim(), "%H:%M").ok()
}

/// A time range as [`Fields::time_range`] reads it, for YAML values and
/// spreadsheet cells alike; on failure, the message (about `subject`,
/// such as "`time`") and the hint.
pub(crate) fn parse_time_range(
    text: &str,
    subject: &str,
) -> Result<TimeRange, (String, &'static str)> {
    let text = text.trim();
    let normalized = half_width(text);
    let parts: Vec<&str> = normalized.split(RANGE_SEPARATORS).map(str::trim).collect();
    let times: Vec<Option<NaiveTime>> = parts
        .iter()
        .map(|p| NaiveTime::parse_from_str(p, "%H:%M").ok())
        .collect();
    match times.as_slice() {
        [Some(start), Some(end)] if start < end => Ok(TimeRange {
            start: *start,
            end: *end,
            end_stated: true,
        }),
        [Some(start), Some(end)] => Err((
            format!(
                "{subject} ends before it starts: {} is not after {}",
                end.format("%H:%M"),
                start.format("%H:%M")
            ),
            "use 24-hour time, e.g. 13:30-17:00 for the afternoon",
        )),
        _ => {
            let stray = normalized.chars().find(|c| {
                !(c.is_ascii_digit()
                    || *c == ':'
                    || c.is_whitespace()
                    || RANGE_SEPARATORS.contains(c))
            });
            let message = match stray {
                Some(c) => format!(
                    "{subject} is not a valid time range: `{text}` (`{c}` is not part of a time)"
                ),
                None => format!("{subject} is not a valid time range: `{text}`"),
            };
            Err((
                message,
                "write a time range as HH:MM-HH:MM in 24-hour time, e.g. 15:30-17:00",
            ))
        }
    }
}

/// What may stand between the two times of a range.
const RANGE_SEPARATORS: [char; 7] = ['-', '–', '—', '－', '~', '～', '至'];

/// `text` with full-width digits, colons and spaces (what a Chinese input
/// method types) as their ASCII forms, and the wave dash `〜` as `～`.
fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
            '：' => ':',
            '\u{3000}' => ' ',
            '〜' => '～',
            other => other,
        })
        .collect()
}

/// Years a date may have: iCalendar and the feeds write years with four
/// digits, and a year beyond is a typo.
const FOUR_DIGIT_YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// The longest reminder, in days: about two months.
pub const LONGEST_REMINDER_DAYS: i64 = 60;

/// A telephone number (see [`Fields::phone`]): 3 to 20 digits before the
/// extension, which has 1 to 6.
pub fn is_phone(text: &str) -> bool {
    let (number, extension) = split_extension(text);
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let number_ok = number
        .trim_start_matches('+')
        .chars()
        .all(|c| c.is_ascii_digit() || " -()（）".contains(c));
    let extension_ok = extension
        .is_none_or(|e| (1..=6).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit()));
    number_ok && (3..=20).contains(&digits) && extension_ok
}

/// The number and the extension's digits, if it has one.
pub fn split_extension(text: &str) -> (&str, Option<&str>) {
    for marker in ["转", "分机", "ext.", "ext", "x"] {
        if let Some((number, extension)) = text.split_once(marker) {
            return (number.trim_end(), Some(extension.trim()));
        }
    }
    (text, None)
}

/// The longest id: ids make up file names (at most 255 bytes on common
/// file systems) and the addresses a calendar QR code encodes.
pub const LONGEST_ID: usize = 64;

/// A folder name alone: no separators, not `.` or `..`, not hidden.
pub fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':'])
        && !name.contains(char::is_control)
}

/// Lower-case ASCII letters and digits, separated by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time_range(text: &str) -> (Option<TimeRange>, Vec<String>) {
        let mut out = Diagnostics::default();
        let languages = [];
        let mut fields = Fields {
            file: "c.yaml",
            languages: &languages,
            site_languages: &languages,
            out: &mut out,
        };
        let value: S<String> = serde_saphyr::from_str(&format!("\"{text}\"")).unwrap();
        let range = fields.time_range(&value, "times");
        (
            range,
            out.into_sorted()
                .iter()
                .map(|d| d.message.clone())
                .collect(),
        )
    }

    #[test]
    fn time_ranges_as_chinese_staff_type_them() {
        for text in [
            "08:30-12:00",
            "08：30～12：00",
            "０８:３０—12:00",
            "8:30 至 12:00",
            "08:30–12:00",
            "08:30〜12:00",
            "08:30－12:00",
        ] {
            let (range, messages) = time_range(text);
            let range = range.unwrap_or_else(|| panic!("{text}: {messages:?}"));
            assert_eq!(
                (range.start.to_string(), range.end.to_string()),
                ("08:30:00".into(), "12:00:00".into()),
                "{text}"
            );
        }
        let (range, messages) = time_range("9点-12点");
        assert!(range.is_none());
        assert_eq!(
            messages,
            ["`times` is not a valid time range: `9点-12点` (`点` is not part of a time)"]
        );
    }

    #[test]
    fn slugs() {
        assert!(is_slug("hitsz-2026-photos"));
        for bad in [
            "", "../x", "a b", "Upper", "a--b", "-a", "a-", "a_b", "学院",
        ] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
