//! Markdown bodies: Tera first (so a notice can speak to each school), then
//! pulldown-cmark, then sanitizing unless the site allows raw HTML.

use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};
use tera::{Context, Tera};

use crate::diagnostic::{Diagnostic, Pos};
use crate::model::Document;

/// Parses a body's template part, once per build: the pages of every school
/// render the same parsed template. Errors are located in the Markdown file:
/// Tera's spans are relative to the body, which is the whole file.
pub fn parse(doc: &Document) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::default();
    tera.add_raw_template(&doc.file, &doc.source)
        .map_err(|e| template_error(doc, &e))?;
    Ok(tera)
}

/// Renders a body parsed by [`parse`] with one page's context.
pub fn render(tera: &Tera, doc: &Document, context: &Context) -> Result<String, Diagnostic> {
    tera.render(&doc.file, context)
        .map_err(|e| template_error(doc, &e))
}

/// Markdown to HTML, with tables, footnotes and strikethrough as staff expect
/// from other editors.
pub fn to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// Cleans raw HTML out of rendered Markdown (scripts, event handlers, …),
/// keeping `id`s so footnote links still resolve.
pub fn sanitize(html: &str) -> String {
    // Built once: a builder holds the allow-lists of tags and attributes.
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::default();
        builder.add_generic_attributes(["id"]);
        builder
    });
    CLEANER.clean(html).to_string()
}

/// A Tera error as a diagnostic in the Markdown file, in characters (Tera's
/// spans are 1-based lines and 0-based columns counted in characters).
fn template_error(doc: &Document, error: &tera::Error) -> Diagnostic {
    let (message, at) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) => {
            let at = span_pos(report.span());
            let tag = doc.source.get(report.span().range.clone()).unwrap_or("");
            syntax_message(&doc.source, report.message(), tag, at)
        }
        tera::ErrorKind::RenderingError(report) => {
            (report.message().to_string(), span_pos(report.span()))
        }
        // Unknown filters, tests and functions arrive as finished reports.
        tera::ErrorKind::Msg(text) => parse_report(text, &doc.file),
        other => (other.to_string(), Pos::START),
    };
    Diagnostic::error(&doc.file, at, format!("template error: {message}")).hint(hint(&message))
}

fn span_pos(span: &tera::Span) -> Pos {
    Pos::new(span.start_line as u64, span.start_col as u64 + 1)
}

/// Tera's syntax messages, moved to where the mistake was made when the
/// reported place is only where Tera noticed it: a tag left open is noticed
/// at the next `{` or at the end of the file, a block left open at the end.
fn syntax_message(source: &str, message: &str, tag: &str, at: Pos) -> (String, Pos) {
    if let Some((opener, open_at)) = unclosed_tag(source, at) {
        let closer = if opener == "{{" { "}}" } else { "%}" };
        return (
            format!("this `{opener}` is not closed with `{closer}`"),
            open_at,
        );
    }
    match message {
        "Unexpected end of input" => match unclosed_block(source) {
            Some((name, open_at)) => (
                format!("`{{% {name} %}}` is not closed: `{{% end{name} %}}` is missing"),
                open_at,
            ),
            None => ("the file ends inside a tag".into(), at),
        },
        "Unknown tag" if tag.starts_with("end") => (
            format!(
                "`{{% {tag} %}}` has no open `{{% {} %}}` to close",
                &tag[3..]
            ),
            at,
        ),
        "Unknown tag" => (format!("unknown tag `{tag}`"), at),
        "Found `}` but expected }}." => {
            ("a `{{ … }}` is closed with `}` instead of `}}`".into(), at)
        }
        _ => (message.to_string(), at),
    }
}

/// The `{{` or `{%` opened on an earlier line than `at` and not closed
/// before it, if the error lies inside such a tag.
fn unclosed_tag(source: &str, at: Pos) -> Option<(&'static str, Pos)> {
    let offset = at.offset_in(source)?;
    let before = &source[..offset];
    let (start, opener) = ["{{", "{%"]
        .into_iter()
        .filter_map(|o| before.rfind(o).map(|i| (i, o)))
        .max()?;
    let inside = &before[start + 2..];
    let closed = inside.contains("}}") || inside.contains("%}");
    (!closed && inside.contains('\n')).then(|| (opener, Pos::of_offset(source, start)))
}

/// The innermost `{% if %}` or `{% for %}` without its `{% endif %}` or
/// `{% endfor %}`.
fn unclosed_block(source: &str) -> Option<(&'static str, Pos)> {
    let mut open: Vec<(&'static str, usize)> = Vec::new();
    let mut rest = 0;
    while let Some(start) = source[rest..].find("{%").map(|i| rest + i) {
        let end = source[start + 2..]
            .find("%}")
            .map_or(source.len(), |i| start + 2 + i);
        let inside = source[start + 2..end].trim_start_matches('-').trim();
        match inside.split_whitespace().next() {
            Some("if") => open.push(("if", start)),
            Some("for") => open.push(("for", start)),
            Some("endif" | "endfor") => {
                open.pop();
            }
            _ => {}
        }
        rest = end;
    }
    open.last()
        .map(|&(name, start)| (name, Pos::of_offset(source, start)))
}

/// The first of Tera's finished reports (`error: MESSAGE` then
/// ` --> FILE:LINE:COLUMN`, with a 1-based character column).
fn parse_report(text: &str, file: &str) -> (String, Pos) {
    let mut lines = text.lines();
    let message = lines
        .next()
        .map(|l| l.trim_start_matches("error: ").to_string())
        .unwrap_or_default();
    let at = lines
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .and_then(|l| l.strip_prefix(file)?.strip_prefix(':')?.split_once(':'))
        .and_then(|(line, col)| Some(Pos::new(line.parse().ok()?, col.parse().ok()?)))
        .unwrap_or(Pos::START);
    (message, at)
}

fn hint(message: &str) -> &'static str {
    if message.contains("`school` is not defined") {
        "`school` exists only on school pages: wrap school text in {% if school is defined %} … {% endif %}"
    } else if message.contains("not defined") || message.contains("undefined") {
        "check the spelling: only the names listed in docs/content-format.md exist"
    } else if message.starts_with("Unknown filter")
        || message.starts_with("Unknown test")
        || message.starts_with("Unknown function")
    {
        "check the spelling; docs/content-format.md shows what a Markdown file can use"
    } else if message.contains("closed") || message.contains("no open") {
        "every {{ needs }}, every {% needs %}; each {% if %} needs {% endif %} and each {% for %} needs {% endfor %}"
    } else {
        "check the {{ … }} and {% … %} tags here; write {{ \"{{\" }} for literal braces"
    }
}
