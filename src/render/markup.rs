//! What a body's Markdown turns into, checked as it is converted: how deep
//! its elements nest, and whether it would make the reader's browser load
//! anything from another site.
//!
//! Depth: the sanitizer (html5ever, under ammonia) takes time proportional
//! to the elements times their depth; 100,000 nested `<div>`s took over 20
//! seconds, on every school page. No real notice nests 20 deep.
//!
//! External resources: the pages promise students (in WeChat, in China) that
//! nothing is fetched from elsewhere: no trackers, no blocked hosts. An
//! image, a video's poster, a stylesheet, a `url(…)` in a style would be.
//! Links are not: they load only when followed.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::markdown::LocalFiles;

/// How deep Markdown and raw HTML elements may nest in a body.
pub const MAX_NESTING: usize = 100;

/// A problem found in the converted Markdown, at a byte range of the text
/// converted.
pub struct Found {
    pub at: Range<usize>,
    pub kind: Problem,
}

pub enum Problem {
    TooDeep,
    /// The address of something the page would load from elsewhere.
    External(String),
    /// A link or image naming a file of the campaign folder that is not
    /// published (one whose address was made with `{{ }}`: written-out
    /// addresses are checked when the campaign is validated).
    NotPublished(String),
}

/// Follows the events of one conversion of `markdown`, keeping the first
/// problem.
pub struct Inspector<'a> {
    markdown: &'a str,
    /// Open elements: `None` for Markdown's, the tag name for raw HTML's.
    open: Vec<Option<String>>,
    /// Inside a block of raw HTML, which is looked at whole when it starts
    /// (its events are its lines, and a tag may go over several).
    in_html_block: bool,
    allow_external: bool,
    /// The campaign's files, for a body of a campaign.
    files: Option<&'a LocalFiles<'a>>,
    pub found: Option<Found>,
}

impl<'a> Inspector<'a> {
    pub fn new(
        markdown: &'a str,
        allow_external: bool,
        files: Option<&'a LocalFiles<'a>>,
    ) -> Inspector<'a> {
        Inspector {
            markdown,
            open: Vec::new(),
            in_html_block: false,
            allow_external,
            files,
            found: None,
        }
    }

    /// Looks at one event, at `at` in the Markdown text.
    pub fn event(&mut self, event: &Event, at: &Range<usize>) {
        if self.found.is_some() {
            return;
        }
        match event {
            // A block of raw HTML is no element; its tags are looked at all
            // at once.
            Event::Start(Tag::HtmlBlock) => {
                self.in_html_block = true;
                let block = self.markdown.get(at.clone()).unwrap_or("");
                self.html(block, at);
            }
            Event::End(TagEnd::HtmlBlock) => self.in_html_block = false,
            Event::Start(tag) => {
                if let Tag::Image { dest_url, .. } = tag {
                    self.resource(dest_url, at);
                }
                if let Tag::Image { dest_url, .. } | Tag::Link { dest_url, .. } = tag {
                    self.local_file(dest_url, matches!(tag, Tag::Image { .. }), at);
                }
                self.open(None, at);
            }
            // Raw HTML left open stays open: in the browser, a `<div>` in a
            // paragraph ends the paragraph, and the `</p>` after it does not
            // end the `<div>`. (So this is meant to count as deep as the
            // sanitizer nests, or deeper, never less.)
            Event::End(_) => {
                if let Some(i) = self.open.iter().rposition(Option::is_none) {
                    self.open.remove(i);
                }
            }
            Event::InlineHtml(html) => self.html(html, at),
            Event::Html(html) if !self.in_html_block => self.html(html, at),
            _ => {}
        }
    }

    fn open(&mut self, name: Option<String>, at: &Range<usize>) {
        self.open.push(name);
        if self.open.len() > MAX_NESTING && self.found.is_none() {
            self.found = Some(Found {
                at: at.clone(),
                kind: Problem::TooDeep,
            });
        }
    }

    /// The tags of a piece of raw HTML at `at`, as the sanitizer will nest
    /// them, and every address in it that would be loaded.
    fn html(&mut self, html: &str, at: &Range<usize>) {
        for (offset, tag) in html_tags(html) {
            let start = at.start + offset;
            self.html_tag(tag, &(start..start + tag.len()));
            if self.found.is_some() {
                return;
            }
        }
        if !self.allow_external {
            for url in style_urls(html) {
                self.resource(url, at);
            }
        }
    }

    fn html_tag(&mut self, tag: &str, at: &Range<usize>) {
        // A comment or `<!DOCTYPE>` is no element.
        if tag.starts_with("<!") {
            return;
        }
        let closing = tag.starts_with("</");
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if closing {
            // As browsers do: close up to the innermost element of that name.
            if let Some(i) = self.open.iter().rposition(|n| n.as_deref() == Some(&name)) {
                self.open.truncate(i);
            }
            return;
        }
        if !self.allow_external {
            for url in loaded_addresses(&name, tag) {
                self.resource(url, at);
            }
        }
        if VOID_ELEMENTS.contains(&name.as_str()) || tag.ends_with("/>") {
            return;
        }
        // `<li>a<li>b`: the second item ends the first, as in a browser.
        if ENDED_BY_THEIR_LIKE.contains(&name.as_str())
            && self.open.last() == Some(&Some(name.clone()))
        {
            self.open.pop();
        }
        self.open(Some(name), at);
    }

    /// A link or image naming a file of the campaign folder must name one
    /// that is published (an image, one that can be shown).
    fn local_file(&mut self, url: &str, image: bool, at: &Range<usize>) {
        let Some(found) = self.files.and_then(|files| files.find(url)) else {
            return;
        };
        let usable = found.is_some_and(|file| !image || file.dimensions.is_some());
        if !usable && self.found.is_none() {
            self.found = Some(Found {
                at: at.clone(),
                kind: Problem::NotPublished(url.to_string()),
            });
        }
    }

    fn resource(&mut self, url: &str, at: &Range<usize>) {
        if !self.allow_external && self.found.is_none() && is_external(url) {
            self.found = Some(Found {
                at: at.clone(),
                kind: Problem::External(url.to_string()),
            });
        }
    }
}

/// Elements that have no end tag, so never nest.
const VOID_ELEMENTS: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements that cannot hold an element of their own kind: a second one
/// opened right inside ends the first.
const ENDED_BY_THEIR_LIKE: [&str; 8] = ["p", "li", "dt", "dd", "option", "tr", "td", "th"];

/// Attributes whose address a browser loads by itself, on any element.
const LOADED_ATTRIBUTES: [&str; 7] = [
    "src",
    "srcset",
    "poster",
    "data",
    "background",
    "lowsrc",
    "imagesrcset",
];

/// Elements whose `href` a browser loads by itself (a stylesheet, an SVG image).
const LOADED_HREF_ELEMENTS: [&str; 4] = ["link", "image", "use", "feimage"];

/// The addresses in one start tag that the browser would load.
fn loaded_addresses<'a>(name: &str, tag: &'a str) -> Vec<&'a str> {
    let mut urls = Vec::new();
    for (attribute, value) in attributes(tag) {
        let attribute = attribute.to_ascii_lowercase();
        let attribute = attribute.rsplit(':').next().unwrap_or("");
        if attribute.ends_with("srcset") {
            urls.extend(value.split(',').filter_map(|c| c.split_whitespace().next()));
        } else if LOADED_ATTRIBUTES.contains(&attribute)
            || (attribute == "href" && LOADED_HREF_ELEMENTS.contains(&name))
        {
            urls.push(value);
        }
    }
    urls
}

/// The `name="value"` pairs of a start tag (quoted, single-quoted or bare).
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let inside = tag.trim_start_matches('<').trim_end_matches('>');
    let mut rest = inside.trim_start_matches(|c: char| !c.is_whitespace());
    let mut pairs = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if name_end == 0 {
            return pairs;
        }
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let end = body.find(q).unwrap_or(body.len());
                (&body[..end], body.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        pairs.push((name, value));
        rest = next;
    }
}

/// The tags in a piece of raw HTML (a comment as one tag), with
/// their offsets. Not a full HTML parser: it only has to agree with the
/// sanitizer on how deep elements nest, and find every attribute.
fn html_tags(html: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        loop {
            let at = rest + html.get(rest..)?.find('<')?;
            let after = &html[at + 1..];
            let starts_tag =
                after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
            if !starts_tag {
                rest = at + 1;
                continue;
            }
            let close = if after.starts_with("!--") { "-->" } else { ">" };
            let end = after
                .find(close)
                .map_or(html.len(), |i| at + 1 + i + close.len());
            rest = end;
            return Some((at, &html[at..end]));
        }
    })
}

/// The addresses in `url(…)` (in a `style` attribute or element), and of
/// `@import`s.
fn style_urls(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut urls = Vec::new();
    for marker in ["url(", "@import"] {
        for (i, _) in lower.match_indices(marker) {
            let rest = html[i + marker.len()..].trim_start_matches([' ', '(', '"', '\'']);
            let end = rest.find(['"', '\'', ')', ' ', ';']).unwrap_or(rest.len());
            urls.push(&rest[..end]);
        }
    }
    urls
}

/// Whether the browser would fetch `url` from another site: anything but a
/// plain relative address (letters, digits, `-._~/%`) or a `data:` address,
/// which is in the page itself. Character references (`&#104;ttp`) and
/// other tricks count as external, as the browser decodes them.
pub fn is_external(url: &str) -> bool {
    let url = url.trim();
    let plain = url
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~/%#?=".contains(&b));
    let data = url
        .get(..5)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"));
    !(data || plain && !url.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_and_data_addresses_are_local() {
        for local in [
            "pic.png",
            "img/a-b_c.png",
            "../x.png?v=1#a",
            "data:image/png;base64,AAA",
            "",
        ] {
            assert!(!is_external(local), "{local}");
        }
        for external in [
            "https://tracker.example/x.png",
            "HTTP://x",
            "//x.example/a.png",
            "&#104;ttps://x",
            "ftp://x",
            "/\\x.example",
        ] {
            assert!(is_external(external), "{external}");
        }
    }

    fn too_deep(markdown: &str) -> bool {
        let mut inspector = Inspector::new(markdown, true, None);
        for (event, at) in pulldown_cmark::Parser::new(markdown).into_offset_iter() {
            inspector.event(&event, &at);
        }
        matches!(
            inspector.found,
            Some(Found {
                kind: Problem::TooDeep,
                ..
            })
        )
    }

    #[test]
    fn nesting_is_counted_as_the_sanitizer_nests() {
        assert!(!too_deep(&"<div>x</div>\n".repeat(1000)));
        assert!(!too_deep(&format!("<ul>{}</ul>", "<li>item".repeat(1000))));
        assert!(!too_deep(&"<p>one<br><img src=a.png><hr>".repeat(1000)));
        assert!(!too_deep(&"<!-- <div> --><!DOCTYPE html>".repeat(200)));
        assert!(too_deep(&"<div>".repeat(101)));
        assert!(too_deep(&format!("{}x\n\n", "<div>".repeat(60)).repeat(2)));
        assert!(too_deep(&format!("x{}\n\n", "<div>".repeat(60)).repeat(2)));
        assert!(!too_deep(
            &"- <span>a</span> *b* <br>\n\n  > c\n".repeat(1000)
        ));
        // An end tag that ends nothing open is ignored, as by the sanitizer.
        assert!(too_deep(&"<div></span>".repeat(101)));
        assert!(too_deep(&format!("{}x", "> ".repeat(101))));
        assert!(too_deep(&format!("{}x", "<div\n>".repeat(101))));
    }

    fn external(markdown: &str) -> Option<String> {
        let mut inspector = Inspector::new(markdown, false, None);
        for (event, at) in pulldown_cmark::Parser::new(markdown).into_offset_iter() {
            inspector.event(&event, &at);
        }
        match inspector.found?.kind {
            Problem::External(url) => Some(url),
            Problem::TooDeep | Problem::NotPublished(_) => None,
        }
    }

    #[test]
    fn external_resources_are_found_in_markdown_and_html() {
        let found = |markdown: &str| external(markdown).unwrap_or_default();
        assert_eq!(
            found("![a](https://t.example/a.png)"),
            "https://t.example/a.png"
        );
        assert_eq!(
            found("![a][r]\n\n[r]: //t.example/b.png"),
            "//t.example/b.png"
        );
        assert_eq!(
            found("<div>\n<img\n  alt=\"x\"\n  src=\"https://t.example/c.png\">\n</div>"),
            "https://t.example/c.png"
        );
        assert_eq!(
            found("text <img src='https://t.example/d.png'> text"),
            "https://t.example/d.png"
        );
        assert_eq!(
            found("<p style=\"background: url('https://t.example/e.png')\">x</p>"),
            "https://t.example/e.png"
        );
        assert_eq!(
            found("[a link](https://example.edu/) <https://example.edu/> ![local](qr.png)"),
            ""
        );
    }

    #[test]
    fn addresses_loaded_by_a_tag_are_found() {
        let found = |tag: &str| {
            let name = tag[1..]
                .split([' ', '>'])
                .next()
                .unwrap()
                .to_ascii_lowercase();
            loaded_addresses(&name, tag).join(" ")
        };
        assert_eq!(
            found(r#"<img alt="x" src="https://t/x.png">"#),
            "https://t/x.png"
        );
        assert_eq!(found("<IMG SRC=https://t/x.png>"), "https://t/x.png");
        assert_eq!(
            found(r#"<img srcset="a.png 1x, https://t/b.png 2x">"#),
            "a.png https://t/b.png"
        );
        assert_eq!(
            found(r#"<video poster='https://t/p.jpg'>"#),
            "https://t/p.jpg"
        );
        assert_eq!(
            found(r#"<link rel="stylesheet" href="https://t/s.css">"#),
            "https://t/s.css"
        );
        assert_eq!(found(r#"<a href="https://example.edu/">"#), "");
    }
}
