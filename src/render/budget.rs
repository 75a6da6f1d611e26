//! The budget of a body's template. Markdown files are Tera templates,
//! written by office staff and, in school overrides, by school staff; as
//! Tera runs them, a loop of 100,000 nested in a loop of 100,000 would make
//! `check`, `build` and `serve` spin for hours, and a text doubled on each
//! turn of a loop would use up the memory.
//!
//! Tera 2 offers no cancellation, no hook per loop turn and no limit but
//! 100,000 numbers per `range` call (nested calls multiply). What it does
//! let us replace are the functions and filters a template calls and the
//! writer it renders into. So the budget bounds the work by construction,
//! not by a clock: whether a body passes never depends on how busy the
//! machine is, and a build stays the same for the same input.
//!
//! 1. Before rendering, [`vet`] reads the template's tags. Only the tags
//!    staff need are allowed: `if`, `for`, `break`, `continue`, `raw` (no
//!    `set`, which could double a text on every turn of a loop, and no
//!    `include`, `block`, `filter` or `component`). Loops nest at most
//!    [`MAX_LOOP_NESTING`] deep, and each goes over a name (`school.sessions`,
//!    a field of a loop variable, optionally through filters without
//!    arguments) or over `range(…)`. Names hold content, whose size the
//!    office controls, so a loop can never go over a text the template
//!    itself made long.
//! 2. [`range`] replaces Tera's: all its calls in one render share
//!    [`MAX_RANGE_NUMBERS`] numbers, so a range nested in a loop cannot
//!    multiply them.
//! 3. The filters that multiply text (`replace`, `indent`, `join`) are not
//!    available ([`unavailable`]); the others grow a text by a bounded
//!    factor at most.
//! 4. [`Capped`], the writer Tera renders into, stops the render past
//!    [`MAX_OUTPUT`] bytes.
//!
//! A render thus makes at most (the longest list or text in the content)²
//! loop turns plus [`MAX_RANGE_NUMBERS`], each writing a bounded amount
//! into at most [`MAX_OUTPUT`] bytes: milliseconds for any real notice,
//! which loops over a few hundred sessions or deadlines at most.

use std::cell::Cell;
use std::io::{self, Write};

use tera::{Kwargs, State, TeraResult, Value};

use crate::diagnostic::{Diagnostic, Pos};
use crate::model::Document;

/// How deep `{% for %}` loops may nest. The lists a body sees (sessions,
/// deadlines) hold no lists, so a real body nests at most two.
pub const MAX_LOOP_NESTING: usize = 2;

/// How many numbers all the `range(…)` calls of one render may make.
pub const MAX_RANGE_NUMBERS: usize = 10_000;

/// How long one body may become once its tags are expanded: a long notice
/// is 20 KB.
pub const MAX_OUTPUT: usize = 4 << 20;

thread_local! {
    /// What is left of [`MAX_RANGE_NUMBERS`] in the render running on this
    /// thread: Tera hands a function no state of the caller's, and one
    /// render runs on one thread from start to end.
    static RANGE_LEFT: Cell<usize> = const { Cell::new(MAX_RANGE_NUMBERS) };
}

/// Gives the render about to run on this thread its whole range budget.
pub fn start_render() {
    RANGE_LEFT.set(MAX_RANGE_NUMBERS);
}

/// Tera's `range(end=…, start=…, step_by=…)`, drawing on the render's budget.
pub fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i64>> {
    let start = kwargs.get::<i64>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i64>("end")?;
    let step = kwargs.get::<i64>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("`range` was called with `step_by=0`"));
    }
    let (span, step) = (i128::from(end) - i128::from(start), i128::from(step));
    let len = if span.signum() == step.signum() {
        (span.abs() + step.abs() - 1) / step.abs()
    } else {
        0
    };
    let left = RANGE_LEFT.get();
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    if len > left {
        return Err(tera::Error::message(format!(
            "the loops of this file would count more than {MAX_RANGE_NUMBERS} numbers with `range`"
        )));
    }
    RANGE_LEFT.set(left - len);
    let start = i128::from(start);
    Ok((0..len as i128)
        .map(|i| (start + i * step) as i64)
        .collect())
}

/// Stands in for a filter that could multiply a text's length.
pub fn unavailable(name: &'static str) -> impl Fn(&Value, Kwargs, &State) -> TeraResult<Value> {
    move |_, _, _| {
        Err(tera::Error::message(format!(
            "the filter `{name}` is not available in Markdown files"
        )))
    }
}

/// The filters [`unavailable`] stands in for.
pub const MULTIPLYING_FILTERS: [&str; 3] = ["replace", "indent", "join"];

/// A buffer that refuses to grow past [`MAX_OUTPUT`] bytes; the write that
/// would pass it fails, which stops Tera.
pub struct Capped {
    pub bytes: Vec<u8>,
    pub overflowed: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.overflowed = true;
            return Err(io::Error::other("the body is too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The diagnostic for a body that grew past [`MAX_OUTPUT`]: at its first
/// loop (only loops make a body grow that much), or at its start if the
/// file itself is that long.
pub fn too_long(doc: &Document) -> Diagnostic {
    let megabytes = MAX_OUTPUT >> 20;
    if doc.source.len() >= MAX_OUTPUT {
        return Diagnostic::error(
            &doc.file,
            Pos::START,
            format!("this file is longer than {megabytes} MB"),
        )
        .hint("a notice or guide is a few dozen KB: shorten it, or link to a document instead");
    }
    let at = tags(&doc.source)
        .into_iter()
        .find(|t| t.statement && t.keyword() == "for")
        .map_or(Pos::START, |t| Pos::of_offset(&doc.source, t.at));
    Diagnostic::error(
        &doc.file,
        at,
        format!("template error: this file becomes longer than {megabytes} MB once its loops run"),
    )
    .hint("loop over the lists of the campaign or the school (school.sessions, campaign.deadlines), not over large ranges")
}

/// A `{{ … }}` or `{% … %}` tag of a template.
struct Tag<'a> {
    /// `{% … %}` rather than `{{ … }}`.
    statement: bool,
    /// Where the tag starts (its `{`).
    at: usize,
    /// What is between the delimiters, without `-` and spaces at the ends.
    inner: &'a str,
    /// Where `inner` starts.
    inner_at: usize,
}

impl Tag<'_> {
    fn keyword(&self) -> &str {
        self.inner.split_whitespace().next().unwrap_or("")
    }
}

/// The tags staff may use in a Markdown file.
const ALLOWED_STATEMENTS: [&str; 8] = [
    "if", "elif", "else", "endif", "for", "endfor", "break", "continue",
];

/// Checks a template Tera has parsed against the budget's rules (see the
/// module documentation); the error is at the first tag that breaks one.
pub fn vet(doc: &Document) -> Result<(), Diagnostic> {
    let source = &doc.source;
    let error = |offset: usize, message: String, hint: &str| {
        Err(Diagnostic::error(
            &doc.file,
            Pos::of_offset(source, offset),
            format!("template error: {message}"),
        )
        .hint(hint))
    };
    let mut loops = 0usize;
    for tag in tags(source) {
        if let Some(at) = dump_variable(tag.inner) {
            return error(
                tag.inner_at + at,
                format!("Variable `{DUMP_VARIABLE}` is not defined"),
                "check the spelling: only the names listed in docs/content-format.md exist",
            );
        }
        if !tag.statement {
            continue;
        }
        match tag.keyword() {
            "for" => {
                loops += 1;
                if loops > MAX_LOOP_NESTING {
                    return error(
                        tag.at,
                        format!("loops nest more than {MAX_LOOP_NESTING} deep here"),
                        "a Markdown file may put a {% for %} inside another, but no deeper",
                    );
                }
                let over = iterable(tag.inner);
                if !bounded_iterable(over) {
                    return error(
                        tag.at,
                        format!("a loop may not go over `{over}`"),
                        "loop over a list such as school.sessions or campaign.deadlines, or over range(end=N)",
                    );
                }
            }
            "endfor" => loops = loops.saturating_sub(1),
            keyword if !ALLOWED_STATEMENTS.contains(&keyword) => {
                return error(
                    tag.at,
                    format!("`{{% {keyword} %}}` is not available in Markdown files"),
                    "a Markdown file may use {{ … }}, {% if %} and {% for %}; see docs/content-format.md",
                );
            }
            _ => {}
        }
    }
    Ok(())
}

/// The name with which Tera would write out the whole context.
const DUMP_VARIABLE: &str = "__tera_context";

/// Where `inner` names [`DUMP_VARIABLE`], outside its string literals.
fn dump_variable(inner: &str) -> Option<usize> {
    let bytes = inner.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None => {
                let starts_word = i == 0 || !is_name_byte(bytes[i - 1]);
                let rest = &bytes[i..];
                if starts_word
                    && rest.starts_with(DUMP_VARIABLE.as_bytes())
                    && rest
                        .get(DUMP_VARIABLE.len())
                        .is_none_or(|&b| !is_name_byte(b))
                {
                    return Some(i);
                }
            }
        }
    }
    None
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// What a `for x in …` or `for k, v in …` tag goes over.
fn iterable(inner: &str) -> &str {
    inner
        .match_indices("in")
        .find(|&(i, _)| {
            let around = |b: Option<&u8>| b.is_some_and(u8::is_ascii_whitespace);
            around(inner.as_bytes().get(i.wrapping_sub(1))) && around(inner.as_bytes().get(i + 2))
        })
        .map_or("", |(i, _)| inner[i + 2..].trim())
}

/// A name (`school.sessions`, `s.venue_text`), through filters without
/// arguments, or a call of `range` and nothing after it.
fn bounded_iterable(over: &str) -> bool {
    if let Some(args) = over.strip_prefix("range").map(str::trim_start) {
        return args.starts_with('(') && closing_paren(args) == Some(args.len() - 1);
    }
    let mut parts = over.split('|').map(str::trim);
    let is_name = |part: &str| {
        part.split('.')
            .all(|word| !word.is_empty() && word.bytes().all(is_name_byte))
    };
    parts.next().is_some_and(is_name)
        && parts.all(|filter| !filter.contains('.') && is_name(filter))
}

/// Where the parenthesis that opens `text` closes, strings skipped.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    for (i, b) in text.bytes().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'' | b'`') => quote = Some(b),
            (None, b'(') => depth += 1,
            (None, b')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The `{{ … }}` and `{% … %}` tags of `source`, comments and `{% raw %}`
/// blocks skipped. Tera has parsed the source, so every tag is closed.
fn tags(source: &str) -> Vec<Tag<'_>> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(at) = source[rest..].find('{').map(|i| rest + i) {
        let close = match source.as_bytes().get(at + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = at + 1;
                continue;
            }
        };
        let Some(end) = tag_end(source, at + 2, close) else {
            break;
        };
        rest = end + 2;
        if close == "#}" {
            continue;
        }
        let body = &source[at + 2..end];
        let inner = body.trim_matches('-').trim();
        let inner_at = at + 2 + body.find(inner).unwrap_or(0);
        let tag = Tag {
            statement: close == "%}",
            at,
            inner,
            inner_at,
        };
        if tag.statement && tag.keyword() == "raw" {
            rest = end_of_raw(source, rest);
            continue;
        }
        found.push(tag);
    }
    found
}

/// Where `close` ends the tag whose inside starts at `from`, skipping
/// string literals (a comment has none).
fn tag_end(source: &str, from: usize, close: &str) -> Option<usize> {
    if close == "#}" {
        return source[from..].find(close).map(|i| from + i);
    }
    let bytes = source.as_bytes();
    let mut quote = None;
    for i in from..bytes.len() {
        match quote {
            Some(q) if bytes[i] == q => quote = None,
            Some(_) => {}
            None if matches!(bytes[i], b'"' | b'\'' | b'`') => quote = Some(bytes[i]),
            None if bytes[i..].starts_with(close.as_bytes()) => return Some(i),
            None => {}
        }
    }
    None
}

/// Just after the `{% endraw %}` that closes a raw block whose text starts
/// at `from`.
fn end_of_raw(source: &str, from: usize) -> usize {
    let mut rest = from;
    while let Some(at) = source[rest..].find("{%").map(|i| rest + i) {
        let Some(end) = source[at..].find("%}").map(|i| at + i) else {
            break;
        };
        rest = end + 2;
        if source[at + 2..end].trim_matches('-').trim() == "endraw" {
            return rest;
        }
    }
    source.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vetted(source: &str) -> Result<(), String> {
        let doc = Document {
            file: "notice.en.md".into(),
            source: source.into(),
        };
        vet(&doc).map_err(|d| format!("{}: {}", d.location(), d.message))
    }

    #[test]
    fn real_bodies_pass() {
        for source in [
            "{% for s in school.sessions %}- {{ s.date_text }}\n{% endfor %}",
            "{%- for s in\n  campaign.sessions | reverse -%}{% for d in campaign.deadlines %}{% endfor %}{% endfor %}",
            "{% for k, v in campaign %}{{ k }}{% endfor %}",
            "{% for i in range(start=1, end=campaign.sessions | length) %}{% break %}{% endfor %}",
            "{% if school is defined %}{{ school.name }}{% elif lang == \"en\" %}{% else %}{% endif %}",
            "{{ \"{%\" }} set {# {% set x = 1 %} #} {% raw %}{% set y = 2 %}{{ __tera_context }}{% endraw %}",
            "{{ \"__tera_context\" }} {{ campaign.title }}",
        ] {
            assert_eq!(vetted(source), Ok(()), "{source}");
        }
    }

    #[test]
    fn unbounded_templates_are_refused_where_they_go_wrong() {
        for (source, error) in [
            (
                "a\n{% set s = \"x\" %}",
                "notice.en.md:2:1: template error: `{% set %}` is not available in Markdown files",
            ),
            (
                "{% for a in x %}{% for b in x %}{% for c in x %}",
                "notice.en.md:1:33: template error: loops nest more than 2 deep here",
            ),
            (
                "{% for c in \"long\" %}",
                "notice.en.md:1:1: template error: a loop may not go over `\"long\"`",
            ),
            (
                "{% for c in x ~ x %}",
                "notice.en.md:1:1: template error: a loop may not go over `x ~ x`",
            ),
            (
                "{% for c in x | truncate(end=\"y\") %}",
                "notice.en.md:1:1: template error: a loop may not go over `x | truncate(end=\"y\")`",
            ),
            (
                "{% for c in range(end=3) ~ \"y\" %}",
                "notice.en.md:1:1: template error: a loop may not go over `range(end=3) ~ \"y\"`",
            ),
            (
                "中文{{ x | default(value=__tera_context) }}",
                "notice.en.md:1:24: template error: Variable `__tera_context` is not defined",
            ),
        ] {
            assert_eq!(vetted(source), Err(error.to_string()), "{source}");
        }
    }
}
