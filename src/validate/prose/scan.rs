//! Finding the dates and times a text states, in the forms Chinese and
//! English notices write them: 2025年11月11日, 11月11日（周二）, 2025-11-11,
//! 11 November 2025, Nov. 11, 2025, 15:30, 15：30, 15:30—17:00, 下午3:30.
//!
//! Only what is clearly a date or a time is read, since a warning about a
//! phone number or a ratio would be noise staff cannot act on: a year alone
//! (2026), a month alone (2025年11月), `1:1` (minutes have two digits),
//! `8415-1234`, `3-107` and version numbers are not dates or times.

/// A date or time as a text states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stated {
    /// A day; `year` is `None` when the text leaves it out (11月11日).
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// A time of day, in minutes after midnight (24:00 is 1440).
    Time(u32),
    /// A range of two times (15:30–17:00).
    Range(u32, u32),
}

/// One date or time found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The byte offset where it starts.
    pub at: usize,
    /// As written.
    pub text: String,
    pub stated: Stated,
}

/// English month names, full and abbreviated, by month.
const MONTHS: [(&str, u32); 24] = [
    ("January", 1),
    ("February", 2),
    ("March", 3),
    ("April", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("September", 9),
    ("October", 10),
    ("November", 11),
    ("December", 12),
    ("Jan", 1),
    ("Feb", 2),
    ("Mar", 3),
    ("Apr", 4),
    ("Jun", 6),
    ("Jul", 7),
    ("Aug", 8),
    ("Sept", 9),
    ("Sep", 9),
    ("Oct", 10),
    ("Nov", 11),
    ("Dec", 12),
];

/// What joins the two times of a range, or a date to the last day of a
/// range in the same month (11月6日至10日).
const RANGE_MARKS: &[char] = &['-', '–', '—', '~', '～', '－', '−', '至', '到'];

/// Every date and time `text` states, in order.
pub fn scan(text: &str) -> Vec<Mention> {
    let s = Scanner::new(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < s.chars.len() {
        match s.at(i) {
            Some((end, stated)) => {
                found.push(s.mention(i, end, stated));
                i = end;
                // 11月6日至10日: the last day of a range in the same month.
                if let Stated::Date { year, month, .. } = stated
                    && let Some((from, to, day)) = s.same_month_end(i)
                {
                    found.push(s.mention(from, to, Stated::Date { year, month, day }));
                    i = to;
                }
            }
            None => i += 1,
        }
    }
    found
}

/// The text as characters with their byte offsets; full-width digits and
/// colons read as ASCII ones.
struct Scanner<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
}

impl Scanner<'_> {
    fn new(text: &str) -> Scanner<'_> {
        let chars = text
            .char_indices()
            .map(|(i, c)| {
                let c = match c {
                    '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                    '：' => ':',
                    c => c,
                };
                (i, c)
            })
            .collect();
        Scanner { text, chars }
    }

    fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    fn offset(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(o, _)| o)
    }

    fn mention(&self, from: usize, to: usize, stated: Stated) -> Mention {
        Mention {
            at: self.offset(from),
            text: self.text[self.offset(from)..self.offset(to)].to_string(),
            stated,
        }
    }

    /// A date or time starting at `i`: where it ends, and what it states.
    fn at(&self, i: usize) -> Option<(usize, Stated)> {
        let c = self.get(i)?;
        // Not in the middle of a word or a number (8415-1234, v1.2:30,
        // 1:23:45); after a full-width colon is fine (时间：15:30).
        let prev = self.text[..self.offset(i)].chars().next_back();
        if prev.is_some_and(|p| p.is_ascii_alphanumeric() || ".-/:_,'".contains(p)) {
            return None;
        }
        if c.is_ascii_digit() {
            self.chinese_date(i)
                .or_else(|| self.numeric_date(i))
                .or_else(|| self.time_or_range(i))
                .or_else(|| self.day_month(i))
        } else if c.is_ascii_uppercase() {
            self.month_day(i)
        } else {
            None
        }
    }

    /// A run of 1 to `most` ASCII digits at `i`: its value and end.
    fn number(&self, i: usize, most: usize) -> Option<(u32, usize)> {
        let mut end = i;
        while self.get(end).is_some_and(|c| c.is_ascii_digit()) {
            end += 1;
        }
        if end == i || end - i > most {
            return None;
        }
        let digits: String = (i..end).filter_map(|j| self.get(j)).collect();
        Some((digits.parse().ok()?, end))
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self
            .get(i)
            .is_some_and(|c| matches!(c, ' ' | '\u{a0}' | '\u{3000}' | '\u{2060}'))
        {
            i += 1;
        }
        i
    }

    fn word_at(&self, i: usize, word: &str) -> bool {
        (i..).zip(word.chars()).all(|(j, w)| self.get(j) == Some(w))
    }

    /// 2025年11月11日, 11月11日 (with spaces between the parts or not).
    fn chinese_date(&self, i: usize) -> Option<(usize, Stated)> {
        let (first, end) = self.number(i, 4)?;
        let (year, i) = if end - i == 4 {
            let after = self.skip_spaces(end);
            (self.get(after) == Some('年')).then_some(())?;
            (Some(first as i32), self.skip_spaces(after + 1))
        } else {
            (None, i)
        };
        let (month, end) = self.number(i, 2)?;
        let after = self.skip_spaces(end);
        (self.get(after) == Some('月')).then_some(())?;
        let (day, end) = self.number(self.skip_spaces(after + 1), 2)?;
        let after = self.skip_spaces(end);
        (self.get(after) == Some('日')).then_some(())?;
        date(year, month, day).map(|d| (after + 1, d))
    }

    /// The `10日` of 11月6日至10日, after a date ending at `i`: where it
    /// starts and ends, and the day.
    fn same_month_end(&self, i: usize) -> Option<(usize, usize, u32)> {
        let mark = self.skip_spaces(i);
        RANGE_MARKS.contains(&self.get(mark)?).then_some(())?;
        let from = self.skip_spaces(mark + 1);
        let (day, end) = self.number(from, 2)?;
        (self.get(end) == Some('日') && (1..=31).contains(&day)).then_some((from, end + 1, day))
    }

    /// 2025-11-11, 2025/11/11.
    fn numeric_date(&self, i: usize) -> Option<(usize, Stated)> {
        let (year, end) = self.number(i, 4)?;
        (end - i == 4).then_some(())?;
        let sep = self.get(end).filter(|c| matches!(c, '-' | '/'))?;
        let (month, end) = self.number(end + 1, 2)?;
        (self.get(end) == Some(sep)).then_some(())?;
        let (day, end) = self.number(end + 1, 2)?;
        // Not part of a longer run of numbers (2025-11-11-3).
        if self
            .get(end)
            .is_some_and(|c| matches!(c, '-' | '/' | '.') && self.digit_at(end + 1))
        {
            return None;
        }
        date(Some(year as i32), month, day).map(|d| (end, d))
    }

    fn digit_at(&self, i: usize) -> bool {
        self.get(i).is_some_and(|c| c.is_ascii_digit())
    }

    /// 15:30, or a range 15:30–17:00, 15:30 至 17:00, 3:00 to 5:00 pm.
    fn time_or_range(&self, i: usize) -> Option<(usize, Stated)> {
        let afternoon = self.afternoon_before(i);
        let (start, end) = self.time(i)?;
        let (range, end) = match self.range_end(end) {
            Some((to, end)) => (Some(to), end),
            None => (None, end),
        };
        let afternoon = afternoon || self.pm_after(end);
        let shift = |t: u32| {
            if afternoon && t < 12 * 60 {
                t + 12 * 60
            } else {
                t
            }
        };
        let stated = match range {
            Some(to) => Stated::Range(shift(start), shift(to)),
            None => Stated::Time(shift(start)),
        };
        Some((end, stated))
    }

    /// `H:MM` or `HH:MM` at `i` (not `1:1`, `10:30:00` or `1:100`).
    fn time(&self, i: usize) -> Option<(u32, usize)> {
        let (hour, end) = self.number(i, 2)?;
        (self.get(end) == Some(':')).then_some(())?;
        let (minute, minute_end) = self.number(end + 1, 2)?;
        let two_digits = minute_end - (end + 1) == 2;
        let end = minute_end;
        let seconds = self.get(end) == Some(':') && self.digit_at(end + 1);
        let valid = minute < 60 && (hour < 24 || (hour == 24 && minute == 0));
        (two_digits && !seconds && valid).then_some((hour * 60 + minute, end))
    }

    /// The second time of a range whose first ends at `i`.
    fn range_end(&self, i: usize) -> Option<(u32, usize)> {
        let mut j = self.skip_spaces(i);
        if self.word_at(j, "to ") || self.word_at(j, "until ") {
            j += if self.get(j) == Some('t') { 3 } else { 6 };
        } else {
            let marks = (j..j + 2)
                .take_while(|&k| self.get(k).is_some_and(|c| RANGE_MARKS.contains(&c)))
                .count();
            (marks > 0).then_some(())?;
            j += marks;
        }
        self.time(self.skip_spaces(j))
    }

    /// 下午, 晚上 or 傍晚 just before `i`: a 12-hour time of the afternoon.
    fn afternoon_before(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 && self.get(j - 1).is_some_and(|c| c == ' ') {
            j -= 1;
        }
        j >= 2
            && ["下午", "晚上", "傍晚"]
                .iter()
                .any(|w| self.word_at(j - 2, w))
    }

    /// `pm` or `p.m.` just after `i`.
    fn pm_after(&self, i: usize) -> bool {
        let j = self.skip_spaces(i);
        ["pm", "p.m.", "PM", "P.M."].iter().any(|w| {
            self.word_at(j, w)
                && !self
                    .get(j + w.chars().count())
                    .is_some_and(|c| c.is_ascii_alphanumeric())
        })
    }

    /// An English month name at `i`, ending at a word boundary (with its
    /// abbreviation's full stop): the month and where it ends.
    fn month_name(&self, i: usize) -> Option<(u32, usize)> {
        MONTHS.iter().find_map(|&(name, month)| {
            let end = i + name.len();
            let whole = self.word_at(i, name) && !self.get(end).is_some_and(|c| c.is_alphabetic());
            whole.then(|| {
                let dot = name.len() <= 4 && self.get(end) == Some('.');
                (month, end + usize::from(dot))
            })
        })
    }

    /// A day of the month at `i`, with an optional `st`/`nd`/`rd`/`th`,
    /// not part of a longer number or a time.
    fn day_number(&self, i: usize) -> Option<(u32, usize)> {
        let (day, mut end) = self.number(i, 2)?;
        if ["st", "nd", "rd", "th"]
            .iter()
            .any(|w| self.word_at(end, w))
        {
            end += 2;
        }
        if self.get(end).is_some_and(|c| c.is_ascii_alphanumeric())
            || (self.get(end) == Some(':') && self.digit_at(end + 1))
        {
            return None;
        }
        Some((day, end))
    }

    /// A year after a day-and-month ending at `i`: ` 2025` or `, 2025`.
    fn year_after(&self, i: usize) -> Option<(i32, usize)> {
        let j = if self.get(i) == Some(',') { i + 1 } else { i };
        let j = self.skip_spaces(j);
        (j > i).then_some(())?;
        let (year, end) = self.number(j, 4)?;
        (end - j == 4 && !self.get(end).is_some_and(|c| c.is_ascii_alphanumeric()))
            .then_some((year as i32, end))
    }

    /// 11 November, 11 Nov. 2025, 11th November.
    fn day_month(&self, i: usize) -> Option<(usize, Stated)> {
        let (day, end) = self.day_number(i)?;
        let j = self.skip_spaces(end);
        (j > end).then_some(())?;
        let (month, end) = self.month_name(j)?;
        let (year, end) = match self.year_after(end) {
            Some((year, end)) => (Some(year), end),
            None => (None, end),
        };
        date(year, month, day).map(|d| (end, d))
    }

    /// November 11, Nov. 11, 2025.
    fn month_day(&self, i: usize) -> Option<(usize, Stated)> {
        let (month, end) = self.month_name(i)?;
        let j = self.skip_spaces(end);
        (j > end).then_some(())?;
        let (day, end) = self.day_number(j)?;
        let (year, end) = match self.year_after(end) {
            Some((year, end)) => (Some(year), end),
            None => (None, end),
        };
        date(year, month, day).map(|d| (end, d))
    }
}

/// A date, if there is such a day (in some year, when the year is left out).
fn date(year: Option<i32>, month: u32, day: u32) -> Option<Stated> {
    // 2024 is a leap year: 2月29日 is a day of some years.
    let exists = chrono::NaiveDate::from_ymd_opt(year.unwrap_or(2024), month, day).is_some();
    exists.then_some(Stated::Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated(text: &str) -> Vec<(String, Stated)> {
        scan(text).into_iter().map(|m| (m.text, m.stated)).collect()
    }

    fn day(year: Option<i32>, month: u32, day: u32) -> Stated {
        Stated::Date { year, month, day }
    }

    const T1530: u32 = 15 * 60 + 30;
    const T1700: u32 = 17 * 60;

    #[test]
    fn chinese_dates() {
        assert_eq!(
            stated("于2025年11月11日（周二）前"),
            [("2025年11月11日".into(), day(Some(2025), 11, 11))]
        );
        assert_eq!(
            stated("11月11日（周二）"),
            [("11月11日".into(), day(None, 11, 11))]
        );
        assert_eq!(
            stated("2025年11月6日至10日"),
            [
                ("2025年11月6日".into(), day(Some(2025), 11, 6)),
                ("10日".into(), day(Some(2025), 11, 10)),
            ]
        );
        assert_eq!(
            stated("２０２５年１１月１１日"),
            [("２０２５年１１月１１日".into(), day(Some(2025), 11, 11))]
        );
    }

    #[test]
    fn numeric_and_english_dates() {
        assert_eq!(
            stated("on 2025-11-11 or 2025/11/12"),
            [
                ("2025-11-11".into(), day(Some(2025), 11, 11)),
                ("2025/11/12".into(), day(Some(2025), 11, 12)),
            ]
        );
        assert_eq!(
            stated("Tuesday, 11 November 2025, and 12 November"),
            [
                ("11 November 2025".into(), day(Some(2025), 11, 11)),
                ("12 November".into(), day(None, 11, 12)),
            ]
        );
        assert_eq!(
            stated("November 11 and Nov. 11, 2025 and Sept 3rd"),
            [
                ("November 11".into(), day(None, 11, 11)),
                ("Nov. 11, 2025".into(), day(Some(2025), 11, 11)),
                ("Sept 3rd".into(), day(None, 9, 3)),
            ]
        );
    }

    #[test]
    fn times_and_ranges() {
        let range = Stated::Range(T1530, T1700);
        for (text, found) in [
            ("15:30-17:00", "15:30-17:00"),
            ("15:30–17:00", "15:30–17:00"),
            ("15:30—17:00", "15:30—17:00"),
            ("15:30——17:00", "15:30——17:00"),
            ("15:30至17:00", "15:30至17:00"),
            ("15:30~17:00", "15:30~17:00"),
            ("15：30—17：00", "15：30—17：00"),
            ("15:30 to 17:00", "15:30 to 17:00"),
            ("下午3:30-5:00", "3:30-5:00"),
            ("3:30 – 5:00 pm", "3:30 – 5:00"),
        ] {
            assert_eq!(stated(text), [(found.to_string(), range)], "{text}");
        }
        assert_eq!(
            stated("每天9:00—20:00，18:30起"),
            [
                ("9:00—20:00".into(), Stated::Range(9 * 60, 20 * 60)),
                ("18:30".into(), Stated::Time(18 * 60 + 30)),
            ]
        );
        assert_eq!(stated("24:00"), [("24:00".into(), Stated::Time(24 * 60))]);
    }

    #[test]
    fn what_is_not_a_date_or_time() {
        for text in [
            "2026年预毕业（包括6月、9月和12月）",
            "2025年11月至2026年12月",
            "电话：0755-21678909，8415-1234，020-8411-1234",
            "the ratio 1:1, 16:9, 1:100, at 10:30:00",
            "version 1.2.3, v2:30, 25:00, 12:60",
            "room 3-107, Attachment 3-1, West 3-107, H179",
            "2-inch photos, 2nd floor, 21 Fuqian Road",
            "May 2026, March 2026, 13月40日",
            "students may 5",
            "教毕指〔2017〕99号, 2025年",
        ] {
            assert_eq!(stated(text), [], "{text}");
        }
    }

    #[test]
    fn offsets_are_bytes_of_the_text() {
        let text = "时间：2025年11月11日15:30—17:00";
        let found = scan(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].at..], "2025年11月11日15:30—17:00");
        assert_eq!(&text[found[1].at..], "15:30—17:00");
    }
}
