//! The Atom feed per language (from the theme's `atom.xml` template) and
//! `sitemap.xml` with hreflang alternates. Both need absolute URLs, so
//! they are the one place the base URL is used for links.

use chrono::{NaiveDateTime, TimeZone};
use serde::Serialize;
use tera::Context;

use super::locales::Locales;
use super::theme::Theme;
use crate::diagnostic::Diagnostic;
use crate::model::{Campaign, Content};
use crate::plan::{self, Page};

#[derive(Serialize)]
struct Entry {
    /// The language of a campaign not published in the feed's, which is
    /// then listed in its lead language, marked with it.
    lang: Option<String>,
    id: String,
    title: String,
    summary: String,
    author: String,
    published: String,
    updated: String,
}

/// The feed of `lang`: every campaign, like the home page; one not
/// published in `lang` is listed in its lead language, marked with it
/// ("(Chinese)"), and links there.
pub fn atom(
    theme: &Theme,
    content: &Content,
    loc: &Locales,
    lang: &str,
) -> Result<String, Diagnostic> {
    let base = &content.site.base_url;
    let entries: Vec<Entry> = content
        .campaigns
        .iter()
        .map(|c| {
            let read = plan::reading_language(lang, c);
            let other = (read != lang).then_some(read);
            let mark = other.map(|l| {
                let name = loc.language_name(lang, l);
                loc.text(lang, "aside", &[("text", name)])
            });
            Entry {
                lang: other.map(str::to_string),
                id: plan::notice(read, c).absolute(base),
                title: format!("{}{}", c.title.get(read), mark.unwrap_or_default()),
                summary: c
                    .document_number
                    .as_ref()
                    .map(|d| d.get(read))
                    .unwrap_or_else(|| c.audience.get(read))
                    .into(),
                author: c.issuer.get(read).into(),
                published: rfc3339(c, c.published.and_hms_opt(0, 0, 0).unwrap_or_default()),
                updated: rfc3339(c, c.updated),
            }
        })
        .collect();
    // The newest change, so the feed's date moves only when content does.
    let updated = content
        .campaigns
        .iter()
        .max_by_key(|c| c.updated)
        .map(|c| rfc3339(c, c.updated))
        .unwrap_or_default();
    let mut ctx = Context::new();
    ctx.insert("lang", lang);
    ctx.insert(
        "title",
        &loc.text(
            lang,
            "feed-title",
            &[("site", content.site.title.get(lang).into())],
        ),
    );
    ctx.insert("id", &plan::home(lang).absolute(base));
    ctx.insert("self_url", &plan::atom(lang).absolute(base));
    ctx.insert("updated", &updated);
    ctx.insert("entries", &entries);
    theme.render("atom.xml", &ctx)
}

/// A campaign-local time as RFC 3339 with its offset.
fn rfc3339(c: &Campaign, at: NaiveDateTime) -> String {
    c.timezone
        .from_local_datetime(&at)
        .earliest()
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}

/// Every language page with its translations as `xhtml:link` alternates.
pub fn sitemap(content: &Content, pages: &[Page]) -> String {
    let base = &content.site.base_url;
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ",
        "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    ));
    for page in pages.iter().filter(|p| p.lang().is_some()) {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(&page.path().absolute(base))
        ));
        for lang in &content.site.languages {
            if let Some(there) = page.in_language(lang).filter(|t| page.is_translation(t)) {
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    escape(lang),
                    escape(&there.path().absolute(base))
                ));
            }
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
