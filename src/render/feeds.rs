//! The Atom feed per language (from the theme's `atom.xml` template) and
//! `sitemap.xml` with hreflang alternates. Both need absolute URLs, so
//! they are the one place the base URL is used for links.

use chrono::{NaiveDateTime, TimeZone};
use serde::Serialize;
use tera::Context;

use super::changes::{Named, named};
use super::theme::Theme;
use crate::diagnostic::Diagnostic;
use crate::locales::Locales;
use crate::model::{Campaign, Content};
use crate::plan::{self, Page};
use crate::record::{Published, Record};
use std::collections::{BTreeMap, BTreeSet};

/// The messages the feed looks up (checked against the locales).
pub const MESSAGE_KEYS: &[&str] = &["feed-title", "feed-update", "aside", "list-separator"];

#[derive(Serialize)]
struct Entry {
    /// The language of a campaign not published in the feed's, which is
    /// then listed in its lead language, marked with it.
    lang: Option<String>,
    id: String,
    href: String,
    title: String,
    summary: String,
    author: String,
    published: String,
    updated: String,
}

/// The feed of `lang`: every campaign, like the home page; one not
/// published in `lang` is listed in its lead language, marked with it
/// ("(Chinese)"), and links there.
///
/// A campaign whose calendar events changed since first published (as the
/// publication `record` says) also has an entry for each change, linking
/// to the notice's change log, so feed readers learn of it.
pub fn atom(
    theme: &Theme,
    content: &Content,
    loc: &Locales,
    record: &Record,
    lang: &str,
) -> Result<String, Diagnostic> {
    let base = &content.site.base_url;
    let mut entries: Vec<Entry> = content
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
                href: plan::notice(read, c).absolute(base),
                title: format!("{}{}", c.title.get(read), mark.unwrap_or_default()),
                summary: c.summary(read).into(),
                author: c.issuer.get(read).into(),
                published: rfc3339(c, c.published.and_hms_opt(0, 0, 0).unwrap_or_default()),
                updated: rfc3339(c, c.updated),
            }
        })
        .collect();
    for c in &content.campaigns {
        let read = plan::reading_language(lang, c);
        if let Some(published) = record.published(&c.id, read) {
            entries.extend(changes(loc, c, read, published, base));
        }
    }
    // The newest change, so the feed's date moves only when content does.
    let updated = (entries.iter().map(|e| e.updated.as_str()))
        .filter_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .max()
        .map(|t| t.to_rfc3339())
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

/// An entry for each moment the campaign's events changed, in the
/// campaign's `lang`: "Update: <title>", naming the items changed.
fn changes(
    loc: &Locales,
    c: &Campaign,
    lang: &str,
    published: &Published,
    base: &str,
) -> Vec<Entry> {
    let mut moments: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (uid, e) in &published.events {
        let name = match named(c, uid) {
            Some(Named::Session(s)) if s.title.is_some() => s
                .title
                .as_ref()
                .map_or_else(String::new, |t| t.get(lang).to_string()),
            Some(Named::Deadline(d)) => d.title.get(lang).to_string(),
            _ => e.facts.summary.clone(),
        };
        for change in &e.history {
            moments
                .entry(&change.until)
                .or_default()
                .insert(name.clone());
        }
    }
    let notice = plan::notice(lang, c).absolute(base);
    let separator = loc.text(lang, "list-separator", &[]);
    let title = loc.text(lang, "feed-update", &[("title", c.title.get(lang).into())]);
    (moments.into_iter())
        .filter_map(|(until, items)| {
            let at = crate::record::parse_instant(until)?.to_rfc3339();
            Some(Entry {
                lang: None,
                id: format!("{notice}#changes-{}", until.replace([':', '-'], "")),
                href: format!("{notice}#changes"),
                title: title.clone(),
                summary: items.into_iter().collect::<Vec<_>>().join(&separator),
                author: c.issuer.get(lang).into(),
                published: at.clone(),
                updated: at,
            })
        })
        .collect()
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
