//! Markdown bodies: Tera first (so a notice can speak to each school), within
//! a [`budget`] and with inserted values escaped as text, then pulldown-cmark,
//! checked as it converts ([`markup`]), then sanitizing unless the site
//! allows raw HTML.

use std::io::{self, Write};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
use tera::{Context, Tera};

use super::budget::{self, Capped};
use super::markup::{self, Inspector, Problem};
use crate::content::files;
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Campaign, Document, PublishedFile};
use crate::plan::{self, OutPath};

/// Parses a body's template part, once per build: the pages of every school
/// render the same parsed template. Errors are located in the Markdown file:
/// Tera's spans are relative to the body, which is the whole file.
///
/// Values written with `{{ }}` are escaped for Markdown ([`escape`]), and
/// the template is held to its [`budget`].
pub fn parse(doc: &Document) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::default();
    tera.autoescape_on([".md"]);
    tera.set_escape_fn(escape);
    tera.register_function("range", budget::range);
    for name in budget::MULTIPLYING_FILTERS {
        tera.register_filter(name, budget::unavailable(name));
    }
    tera.add_raw_template(&doc.file, &doc.source)
        .map_err(|e| template_error(doc, &e))?;
    budget::vet(doc)?;
    Ok(tera)
}

/// Renders a body parsed by [`parse`] with one page's context, within the
/// [`budget`].
pub fn render(tera: &Tera, doc: &Document, context: &Context) -> Result<String, Diagnostic> {
    budget::start_render();
    let mut out = Capped {
        bytes: Vec::with_capacity(doc.source.len() * 3 / 2),
        overflowed: false,
    };
    match tera.render_to(&doc.file, context, &mut out) {
        // Tera writes only whole UTF-8 texts; nothing is lost either way.
        Ok(()) => Ok(String::from_utf8(out.bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
        Err(_) if out.overflowed => Err(budget::too_long(doc)),
        Err(e) => Err(template_error(doc, &e)),
    }
}

/// Writes a value inserted with `{{ }}` so that Markdown shows it as it is:
/// `Hall *A*` stays `Hall *A*`, not emphasis, and `<Shenzhen>` stays text,
/// not an HTML tag. Markdown punctuation gets a backslash (which Markdown
/// removes, also inside a link's address) and `<` and `&` become character
/// references (which Markdown decodes, in addresses too).
fn escape(text: &str, out: &mut dyn Write) -> io::Result<()> {
    let mut written = 0;
    for (i, b) in text.bytes().enumerate() {
        let escaped: &[u8] = match b {
            b'<' => b"&lt;",
            b'&' => b"&amp;",
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'(' | b')' | b'#' | b'+' | b'-' | b'.'
            | b'!' | b'|' | b'~' | b'>' | b'=' | b'"' | b'\'' => &[b'\\', b],
            _ => continue,
        };
        out.write_all(&text.as_bytes()[written..i])?;
        out.write_all(escaped)?;
        written = i + 1;
    }
    out.write_all(&text.as_bytes()[written..])
}

/// Tables, footnotes and strikethrough, as staff expect from other editors.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH);

/// Markdown to HTML, raw HTML and all.
pub fn to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, OPTIONS));
    out
}

/// Markdown to HTML with raw HTML cleaned out: the same as
/// `sanitize(&to_html(markdown))`, byte for byte.
pub fn to_clean_html(markdown: &str) -> String {
    let (out, plain) = as_sanitizer_would(Parser::new_ext(markdown, OPTIONS), markdown.len());
    if plain { out } else { sanitize(&out) }
}

/// What the site allows in bodies, from `noticeboard.yaml`.
#[derive(Clone, Copy)]
pub struct Policy {
    pub raw_html: bool,
    pub external_resources: bool,
}

/// A body's expanded Markdown as HTML, raw HTML cleaned out unless the
/// policy allows it. Checked on the way as [`check_body`] checks it; with a
/// problem, the sanitizer is not run. Links and images naming the
/// campaign's own files lead to where [`LocalFiles`] says they are
/// published.
pub fn body_to_html(
    doc: &Document,
    markdown: &str,
    policy: Policy,
    files: Option<&LocalFiles>,
) -> Result<String, Diagnostic> {
    let mut inspector = Inspector::new(markdown, policy.external_resources, files);
    let events = inspected(markdown, &mut inspector);
    let events = local_files(events, files);
    let (out, plain) = if policy.raw_html {
        let mut out = String::with_capacity(markdown.len() * 3 / 2);
        html::push_html(&mut out, events);
        (out, true)
    } else {
        as_sanitizer_would(events, markdown.len())
    };
    match inspector.found {
        Some(found) => Err(markup_error(doc, markdown, found.at, found.kind)),
        None if plain => Ok(out),
        None => Ok(sanitize(&out)),
    }
}

/// Checks a body's expanded Markdown without converting it ([`markup`]):
/// elements nested too deep for the sanitizer, unless the policy allows
/// them addresses the page would load from another site, and links to
/// files of the campaign it does not publish, are errors in `doc`.
pub fn check_body(
    doc: &Document,
    markdown: &str,
    policy: Policy,
    files: Option<&LocalFiles>,
) -> Result<(), Diagnostic> {
    let mut inspector = Inspector::new(markdown, policy.external_resources, files);
    inspected(markdown, &mut inspector).for_each(drop);
    match inspector.found {
        Some(found) => Err(markup_error(doc, markdown, found.at, found.kind)),
        None => Ok(()),
    }
}

/// Where a body's links to files of its campaign folder lead, on one page.
pub struct LocalFiles<'a> {
    pub campaign: &'a Campaign,
    /// The body's path inside the campaign folder (`attachments/g.en.md`),
    /// from whose folder addresses are read.
    pub from: &'a str,
    /// The page the body is shown on.
    pub here: &'a OutPath,
}

impl LocalFiles<'_> {
    /// The published file a local address names; `None` for an address
    /// that is not local (`Some(None)`: local, but not published).
    pub fn find(&self, address: &str) -> Option<Option<&PublishedFile>> {
        let path = files::local_path(address)?;
        let name = files::resolve(self.from, &path).ok();
        Some(name.and_then(|n| self.campaign.files.get(&n)))
    }

    /// The link to a published file from this page, with the address's
    /// `#fragment` (`form.pdf#page=2`).
    fn href(&self, file: &PublishedFile, address: &str) -> String {
        let fragment = address.find('#').map_or("", |i| &address[i..]);
        plan::file_href(self.here, self.campaign, &file.name) + fragment
    }
}

/// Links and images naming published files, pointed at where they are
/// published; an image also gets its width and height, so the page does
/// not jump as it arrives on a phone, and `loading="lazy"`, so an image
/// further down costs nothing until it is scrolled to.
fn local_files<'a, 'f>(
    mut events: impl Iterator<Item = Event<'a>>,
    files: Option<&'f LocalFiles<'f>>,
) -> impl Iterator<Item = Event<'a>> {
    std::iter::from_fn(move || {
        let event = events.next()?;
        let Some(files) = files else {
            return Some(event);
        };
        Some(match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match files.find(&dest_url).flatten() {
                    Some(file) => CowStr::from(files.href(file, &dest_url)),
                    None => dest_url,
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let found = files.find(&dest_url).flatten();
                let Some((file, (width, height))) = found.and_then(|f| Some((f, f.dimensions?)))
                else {
                    return Some(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                };
                // The alternative text is the text inside, as pulldown-cmark
                // writes it.
                let mut alt = String::new();
                let mut depth = 1;
                for inner in events.by_ref() {
                    match inner {
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                        Event::SoftBreak | Event::HardBreak => alt.push(' '),
                        _ => {}
                    }
                }
                let mut img = format!(
                    "<img src=\"{}\" alt=\"{}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\"",
                    attribute(&files.href(file, &dest_url)),
                    attribute(&alt)
                );
                if !title.is_empty() {
                    img.push_str(&format!(" title=\"{}\"", attribute(&title)));
                }
                img.push('>');
                Event::InlineHtml(CowStr::from(img))
            }
            other => other,
        })
    })
}

/// Text escaped for an attribute value in double quotes.
fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The Markdown's events, each shown to `inspector` as it passes.
fn inspected<'a>(
    markdown: &'a str,
    inspector: &'a mut Inspector<'_>,
) -> impl Iterator<Item = Event<'a>> {
    Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .map(|(event, at)| {
            inspector.event(&event, &at);
            event
        })
}

/// Markdown events to HTML written as the sanitizer would write them, and
/// whether the sanitizer would leave that HTML as it is.
///
/// The sanitizer parses and writes out the whole body again, and every
/// school page carries the notice's body: it took a tenth of a big build's
/// processor time. pulldown-cmark escapes text and addresses itself, so only
/// raw HTML and links can carry script; a body without raw HTML, whose links
/// are plain web, mail or relative addresses, and without the few constructs
/// the two write differently, skips it.
fn as_sanitizer_would<'a>(events: impl Iterator<Item = Event<'a>>, len: usize) -> (String, bool) {
    let mut plain = true;
    let events = events.map(|event| {
        let (event, same) = as_sanitizer_writes(event);
        plain &= same;
        event
    });
    let mut out = String::with_capacity(len * 3 / 2);
    html::push_html(&mut out, events);
    (out, plain)
}

/// A problem [`markup`] found at `at` in the expanded `markdown`, located
/// in the body's file: exactly when the file has no tags (the expanded text
/// is the file), else where the offending text first appears in the file.
fn markup_error(doc: &Document, markdown: &str, at: Range<usize>, problem: Problem) -> Diagnostic {
    let start = markdown.floor_char_boundary(at.start);
    let end = markdown.floor_char_boundary(at.end.max(start));
    let (message, hint, needle) = match &problem {
        Problem::TooDeep => (
            format!("elements nest more than {} deep here", markup::MAX_NESTING),
            "close each HTML tag you open (every <div> needs its </div>), and nest lists and quotes less deeply",
            markdown[start..end].lines().next().unwrap_or(""),
        ),
        Problem::NotPublished(url) => (
            format!("`{url}` is not a file this campaign publishes"),
            "write the file's name out in the address, read from this Markdown file's folder (`images/qr.png`, not made with {{ }}), so check can find the file",
            url.as_str(),
        ),
        Problem::External(url) => (
            format!("`{url}` would be loaded from another site"),
            "pages load nothing from other sites (students in WeChat may not reach them): link to it instead, [text](address), or set `allow_external_resources: true` in noticeboard.yaml",
            url.as_str(),
        ),
    };
    let at = if markdown == doc.source {
        Pos::of_offset(markdown, start)
    } else {
        doc.source
            .find(needle)
            .map_or(Pos::START, |i| Pos::of_offset(&doc.source, i))
    };
    Diagnostic::error(&doc.file, at, message).hint(hint)
}

/// The event as the sanitizer writes it out (links gain its `rel`, a line
/// break is `<br>`), and whether the sanitizer would leave it so.
fn as_sanitizer_writes(event: Event) -> (Event, bool) {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) if title.is_empty() && plain_address(&dest_url) => {
            let mailto = if link_type == LinkType::Email {
                "mailto:"
            } else {
                ""
            };
            let open = format!("<a href=\"{mailto}{dest_url}\" rel=\"noopener noreferrer\">");
            (Event::InlineHtml(CowStr::from(open)), true)
        }
        Event::HardBreak => (Event::InlineHtml(CowStr::Borrowed("<br>\n")), true),
        // The sanitizer writes a no-break space as `&nbsp;`.
        Event::Text(ref text) | Event::Code(ref text) => {
            let same = !text.contains('\u{a0}');
            (event, same)
        }
        Event::Start(ref tag) => {
            let same = match tag {
                Tag::Paragraph
                | Tag::BlockQuote(None)
                | Tag::List(_)
                | Tag::Item
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough => true,
                Tag::Heading {
                    id, classes, attrs, ..
                } => id.is_none() && classes.is_empty() && attrs.is_empty(),
                // Images, code blocks, tables, footnotes, other links.
                _ => false,
            };
            (event, same)
        }
        Event::End(_) | Event::SoftBreak => (event, true),
        // Raw HTML, rules, footnote references.
        _ => (event, false),
    }
}

/// A link address made only of characters that need no escaping, with no
/// scheme or a web, mail or telephone one.
fn plain_address(url: &str) -> bool {
    let plain = url
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#@!$()*+,;=%".contains(&b));
    let scheme = match url.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => scheme,
        _ => return plain,
    };
    plain
        && ["http", "https", "mailto", "tel"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s))
}

/// Cleans raw HTML out of rendered Markdown (scripts, event handlers, …),
/// keeping `id`s so footnote links still resolve.
pub fn sanitize(html: &str) -> String {
    // Built once: a builder holds the allow-lists of tags and attributes.
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::default();
        builder.add_generic_attributes(["id"]);
        // Images of the campaign's own files are loaded lazily.
        builder.add_tag_attributes("img", ["loading"]);
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
    } else if message.contains("with `range`") {
        "loop over the lists of the campaign or the school (school.sessions), or over a smaller range(end=N)"
    } else if message.contains("is not available in Markdown files") {
        "docs/content-format.md shows what a Markdown file can use"
    } else if message.contains("closed") || message.contains("no open") {
        "every {{ needs }}, every {% needs %}; each {% if %} needs {% endif %} and each {% for %} needs {% endfor %}"
    } else {
        "check the {{ … }} and {% … %} tags here; write {{ \"{{\" }} for literal braces"
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Pieces of Markdown the fast path may take.
    const PLAIN: &[&str] = &[
        "word ",
        "“中文”",
        "say \"hi\" ",
        "a & b ",
        "1 < 2 > 0 ",
        "it's ",
        "*em* ",
        "**strong** ",
        "~~gone~~ ",
        "`co\"de` ",
        "\n",
        "\n\n",
        "  \n",
        "\\\n",
        "# Title\n",
        "## Sub\n",
        "> quoted\n",
        "- item\n",
        "1. first\n",
        "3. third\n",
        "&amp; &lt; &copy; ",
        "[rel](guide.html) ",
        "[web](https://example.edu/a?b=1#c) ",
        "[mail](mailto:a@b.cn) ",
        "<a@b.cn> ",
        "<https://example.edu> ",
        "[tel](tel:+86-755) ",
        "[path](dir/a:b) ",
        "[ref]\n\n[ref]: https://e.edu\n",
    ];

    /// Pieces that need the sanitizer, or that it writes differently.
    const OTHER: &[&str] = &[
        "non\u{a0}break ",
        "---\n",
        "| a | b |\n|:-|-:|\n| 1 | 2 |\n",
        "note[^1]\n\n[^1]: foot\n",
        "```rust\nlet x;\n```\n",
        "    indented code\n",
        "![alt](pic.png) ",
        "[amp](https://e.edu/?a=1&b=2) ",
        "[quote](https://e.edu/it's) ",
        "[wide](https://e.edu/中文) ",
        "[titled](x.html \"T\") ",
        "[js](javascript:alert(1)) ",
        "[JS](JaVaScRiPt:alert(1)) ",
        "<javascript:alert(1)> ",
        "[data](data:text/html,x) ",
        "[ftp](ftp://x) ",
        "[odd](a:b) ",
        "<b>bold</b> ",
        "<script>alert(1)</script>\n",
        "<div onclick=\"x()\">d</div>\n",
        "<img src=x onerror=alert(1)> ",
    ];

    fn markdown(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(pieces), 1..16).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn plain_markdown_skips_the_sanitizer(markdown in markdown(PLAIN)) {
            let plain = Parser::new_ext(&markdown, OPTIONS).all(|e| as_sanitizer_writes(e).1);
            prop_assert!(plain, "{:?}", markdown);
            prop_assert_eq!(to_clean_html(&markdown), sanitize(&to_html(&markdown)), "{:?}", markdown);
        }

        #[test]
        fn any_markdown_is_written_as_the_sanitizer_writes_it(
            plain in markdown(PLAIN),
            other in prop::sample::select(OTHER),
            at in 0..16usize,
        ) {
            let at = plain.floor_char_boundary(at.min(plain.len()));
            let markdown = format!("{}{other}{}", &plain[..at], &plain[at..]);
            prop_assert_eq!(to_clean_html(&markdown), sanitize(&to_html(&markdown)), "{:?}", markdown);
        }
    }

    /// `source` expanded with `venue` for `{{ venue }}`, as HTML.
    fn expanded(source: &str, venue: &str) -> String {
        let doc = Document {
            file: "notice.en.md".into(),
            source: source.into(),
        };
        let mut context = Context::new();
        context.insert("venue", venue);
        let markdown = render(&parse(&doc).unwrap(), &doc, &context).unwrap();
        to_clean_html(&markdown)
    }

    #[test]
    fn inserted_values_are_text_but_safe_ones_markdown() {
        let venue = "Hall *A* [B](https://x) <Shenzhen> & `c` \\ _d_ # 1. | ~~e~~";
        assert_eq!(
            expanded("At {{ venue }}.", venue),
            "<p>At Hall *A* [B](https://x) &lt;Shenzhen&gt; &amp; `c` \\ _d_ # 1. | ~~e~~.</p>\n"
        );
        assert_eq!(
            expanded("{{ venue }}", "# 1. > - title\n==="),
            "<p># 1. &gt; - title\n===</p>\n"
        );
        assert_eq!(
            expanded(
                "[map](https://m.edu/{{ venue }} \"{{ venue }}\")",
                "a(1)&b\"c"
            ),
            "<p><a href=\"https://m.edu/a(1)&amp;b%22c\" title=\"a(1)&amp;b&quot;c\" rel=\"noopener noreferrer\">map</a></p>\n"
        );
        assert_eq!(expanded("{{ venue | safe }}", "*A*"), "<p><em>A</em></p>\n");
    }

    #[test]
    fn scripts_never_survive() {
        for markdown in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "<javascript:alert(1)>",
            "[x](java\tscript:alert(1))",
            "[x](&#x6A;avascript:alert(1))",
            "<script>alert(1)</script>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "![x](javascript:alert(1))",
        ] {
            let html = to_clean_html(markdown).to_ascii_lowercase();
            let unsafe_html = ["href=\"javascript", "src=\"javascript", "<script"];
            assert!(
                !unsafe_html.iter().any(|a| html.contains(a)),
                "{markdown}: {html}"
            );
        }
    }

    #[test]
    fn plain_bodies_skip_the_sanitizer_and_match_it() {
        let markdown = "## Steps\n\n1. Open [the guide](guide.html) or <https://e.edu/a>.\n2. Write to <office@e.edu>.  \nThen **wait**.\n";
        let plain = Parser::new_ext(markdown, OPTIONS).all(|e| as_sanitizer_writes(e).1);
        assert!(plain, "the sanitizer is skipped");
        let html = to_clean_html(markdown);
        assert_eq!(html, sanitize(&to_html(markdown)));
        assert!(
            html.contains("<a href=\"guide.html\" rel=\"noopener noreferrer\">"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"mailto:office@e.edu\" rel=\"noopener noreferrer\">"),
            "{html}"
        );
        assert!(html.contains("<br>\n"), "{html}");
    }
}
