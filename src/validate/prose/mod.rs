//! Prose checked against data: a date or time typed into a Markdown body
//! (a notice, a guide, a school's version of one) that none of the
//! campaign's sessions, slots, deadlines, windows or hours holds is a
//! warning at its line and column, with the template variable to write
//! instead. A date typed twice, once in campaign.yaml and once in the text,
//! is how a notice ends up saying two things when one of them is changed;
//! written as `{{ campaign.session["…"].date_text }}`, it cannot.
//!
//! A school's version of a guide is checked against the whole campaign's
//! data, not only its school's: it may well mention the other sessions.

mod known;
mod scan;

use std::ops::Range;

use chrono::NaiveDate;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Campaign, Document};

use super::fields::Fields;
use known::Item;
use scan::{Mention, Stated};

/// Warns about each date and time in the campaign's Markdown files that its
/// data does not hold.
pub(super) fn check(f: &mut Fields, campaign: &Campaign) {
    let items = known::items(campaign);
    let overrides = (campaign.schools.iter())
        .flat_map(|s| s.overrides.values())
        .flat_map(|by_lang| by_lang.values());
    let guides = (campaign.attachments.iter()).flat_map(|a| a.body.values());
    let docs = campaign.notice.values().chain(guides).chain(overrides);
    for doc in docs {
        for m in mentions(&doc.source) {
            if !holds(&items, m.stated) {
                f.out.push(warning(doc, &m, &items));
            }
        }
    }
}

fn holds(items: &[Item], stated: Stated) -> bool {
    let time = |t: u32| items.iter().any(|i| i.times.contains(&t));
    match stated {
        Stated::Date { year, month, day } => {
            (items.iter().flat_map(|i| &i.dates)).any(|d| known::same_day(*d, year, month, day))
        }
        Stated::Time(t) => time(t),
        Stated::Range(a, b) => time(a) && time(b),
    }
}

fn warning(doc: &Document, m: &Mention, items: &[Item]) -> Diagnostic {
    let kind = match m.stated {
        Stated::Date { .. } => "date",
        Stated::Time(_) | Stated::Range(..) => "time",
    };
    let at = Pos::of_offset(&doc.source, m.at);
    let message = format!("this {kind} ({}) is not in the campaign's data", m.text);
    let hint = match nearest(items, m.stated) {
        Some((item, value, variable)) => format!(
            "the nearest the data holds is {value}, {}: to show it, write {variable} instead of typing it, so the text follows campaign.yaml; otherwise correct the text, or add the {kind} to campaign.yaml",
            item.what
        ),
        None => format!(
            "write the {kind} in campaign.yaml and show it with a `{{{{ … }}}}` variable (see docs/content-format.md, \"Markdown files\")"
        ),
    };
    Diagnostic::warning(&doc.file, at, message).hint(hint)
}

/// The item with a template variable whose date or time is nearest to
/// what the text states (for a range, to its first end the data lacks),
/// that date or time as text, and the variable.
fn nearest(items: &[Item], stated: Stated) -> Option<(&Item, String, &str)> {
    let shown = items
        .iter()
        .filter_map(|i| Some((i, i.variable.as_deref()?)));
    match stated {
        Stated::Date { year, month, day } => {
            let distance = |d: &NaiveDate| {
                let year = year.unwrap_or(chrono::Datelike::year(d));
                let meant = NaiveDate::from_ymd_opt(year, month, day);
                meant.map_or(i64::MAX, |m| (m - *d).num_days().abs())
            };
            let best = shown.flat_map(|(i, v)| i.dates.iter().map(move |d| (distance(d), i, d, v)));
            let (_, item, d, v) = best.min_by_key(|(distance, ..)| *distance)?;
            Some((item, d.to_string(), v))
        }
        Stated::Time(t) | Stated::Range(t, _) => {
            let t = match stated {
                Stated::Range(a, b) if holds(items, Stated::Time(a)) => b,
                _ => t,
            };
            let best =
                shown.flat_map(|(i, v)| i.times.iter().map(move |k| (k.abs_diff(t), i, *k, v)));
            let (_, item, k, v) = best.min_by_key(|(distance, ..)| *distance)?;
            Some((item, format!("{:02}:{:02}", k / 60, k % 60), v))
        }
    }
}

/// The dates and times a body's text states: not inside `{{ }}`, `{% %}`
/// or `{# #}` (that is data already), code, HTML tags, link addresses or
/// bare web addresses. Offsets are into `source`.
fn mentions(source: &str) -> Vec<Mention> {
    let masked = mask_templates(source);
    let mut found = Vec::new();
    for range in prose(&masked) {
        let text = mask_addresses(&masked[range.clone()]);
        found.extend(scan::scan(&text).into_iter().map(|m| Mention {
            at: range.start + m.at,
            ..m
        }));
    }
    found
}

/// What stands for a masked byte: not a space (which could turn a line
/// into an indented code block) and nothing Markdown or the scanner reads.
const MASK: u8 = 0x01;

/// `source` with every Tera tag, expression and comment masked byte for
/// byte, so offsets stay those of the file. An unclosed one runs to the
/// end (`check` reports it as a template error).
fn mask_templates(source: &str) -> String {
    let mut bytes = source.as_bytes().to_vec();
    let mut i = 0;
    while let Some(open) = source[i..].find('{').map(|o| o + i) {
        let close = match source.as_bytes().get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                i = open + 1;
                continue;
            }
        };
        let end = source[open + 2..]
            .find(close)
            .map_or(source.len(), |e| open + 2 + e + 2);
        bytes[open..end].fill(MASK);
        i = end;
    }
    // Whole characters were replaced by ASCII bytes.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Web addresses written out in the text (`http://…`, `www.…`), masked:
/// their digits are not dates.
fn mask_addresses(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for start in ["http://", "https://", "www."] {
        for (at, _) in text.match_indices(start) {
            let len = text[at..]
                .find(|c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | '"'))
                .unwrap_or(text.len() - at);
            bytes[at..at + len].fill(MASK);
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// The byte ranges of a Markdown text's prose: its text, joined where
/// Markdown splits it, outside code and autolinks.
fn prose(markdown: &str) -> Vec<Range<usize>> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut code = 0;
    let mut address = 0;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code -= 1,
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                address += 1;
            }
            Event::End(TagEnd::Link) if address > 0 => address -= 1,
            Event::Text(_) if code == 0 && address == 0 => match ranges.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => ranges.push(range),
            },
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<(Pos, String)> {
        mentions(source)
            .into_iter()
            .map(|m| (Pos::of_offset(source, m.at), m.text))
            .collect()
    }

    #[test]
    fn positions_are_the_files() {
        let source = "# 通知\n\n（二）**时间**：2025年11月11日15:30—17:00\n";
        assert_eq!(
            texts(source),
            [
                (Pos::new(3, 11), "2025年11月11日".into()),
                (Pos::new(3, 22), "15:30—17:00".into()),
            ]
        );
    }

    #[test]
    fn templates_code_and_addresses_are_not_prose() {
        let source = "{{ s.date_text }} {% if s.id == \"15:30\" %}{% endif %} {# 11月11日 #}\n\
            `15:30` and <http://x.cn/2025-11-11> and [link](https://x.cn/2025/11/11)\n\
            see http://due.hitsz.edu.cn/info/1181/4124.htm or www.x.cn/11:30\n\n\
            ```\n15:30\n```\n\n    indented 16:00\n\n<span title=\"15:30\">17:00</span>\n";
        assert_eq!(texts(source), [(Pos::new(11, 21), "17:00".into())]);
    }

    #[test]
    fn text_split_by_markdown_is_read_whole() {
        let source = "Between **6** and 10 November 2025, 15:30~17:00 ~~no~~.\n";
        let found: Vec<String> = texts(source).into_iter().map(|(_, t)| t).collect();
        assert_eq!(found, ["10 November 2025", "15:30~17:00"]);
    }
}
