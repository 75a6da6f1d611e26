//! Markdown bodies: Tera first (so a notice can speak to each school), then
//! pulldown-cmark, then sanitizing unless the site allows raw HTML.

use pulldown_cmark::{Options, Parser, html};
use tera::{Context, Tera};

use crate::diagnostic::{Diagnostic, Pos};
use crate::model::Document;

/// Renders a body's template part. Errors are located in the Markdown file:
/// Tera's spans are relative to the body, which is the whole file.
pub fn expand(doc: &Document, context: &Context) -> Result<String, Diagnostic> {
    let mut tera = Tera::default();
    tera.add_raw_template(&doc.file, &doc.source)
        .and_then(|()| tera.render(&doc.file, context))
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
    ammonia::Builder::default()
        .add_generic_attributes(["id"])
        .clean(html)
        .to_string()
}

fn template_error(doc: &Document, error: &tera::Error) -> Diagnostic {
    let (message, at) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            (
                report.message().to_string(),
                Pos::new(span.start_line as u64, span.start_col as u64 + 1),
            )
        }
        other => (other.to_string(), Pos::START),
    };
    let hint = if message.contains("not found") || message.contains("undefined") {
        "only the variables listed in docs/content-format.md exist; on the notice page `school` is not defined, so wrap school text in {% if school is defined %} … {% endif %}"
    } else {
        "check the {{ … }} and {% … %} tags here; write {{ \"{{\" }} for literal braces"
    };
    Diagnostic::error(&doc.file, at, format!("template error: {message}")).hint(hint)
}
