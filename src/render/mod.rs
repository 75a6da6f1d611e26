//! Render: Markdown bodies, templates, strings and feeds, into files in
//! memory. Nothing here touches the output folder; [`crate::write`] does.

pub mod calendars;
pub mod context;
pub mod feeds;
pub mod format;
pub mod locales;
pub mod markdown;
pub mod pages;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;

use tera::Context;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Campaign, Content, Document, School};
use crate::plan::{self, Page};
use locales::Locales;
use theme::Theme;

/// The rendered site: output path (relative, `/`-separated) -> bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Renders every page, feed, the sitemap and the stylesheet. All errors
/// are collected, so one run reports every broken page.
pub fn site(
    content: &Content,
    locales: &Locales,
    theme: &Theme,
    pages: &[Page],
) -> Result<Files, Diagnostics> {
    let mut out = Diagnostics::default();
    let bodies = Bodies {
        locales,
        allow_raw_html: content.site.allow_raw_html,
    };
    let mut files = Files::new();
    for page in pages {
        match pages::render(theme, content, locales, &bodies, page) {
            Ok(html) => {
                files.insert(page.path().file(), html.into_bytes());
            }
            Err(d) => out.push(d),
        }
    }
    for lang in &content.site.languages {
        match feeds::atom(theme, content, locales, lang) {
            Ok(xml) => {
                files.insert(plan::atom(lang).file(), xml.into_bytes());
            }
            Err(d) => out.push(d),
        }
    }
    files.extend(calendars::files(content, locales));
    files.insert(
        plan::sitemap().file(),
        feeds::sitemap(content, pages).into_bytes(),
    );
    files.insert(
        plan::stylesheet().file(),
        theme.stylesheet.clone().into_bytes(),
    );
    if out.has_errors() {
        Err(out)
    } else {
        Ok(files)
    }
}

/// Turns Markdown bodies into safe HTML for one site.
pub struct Bodies<'a> {
    pub locales: &'a Locales,
    pub allow_raw_html: bool,
}

impl Bodies<'_> {
    /// A short Markdown text (a step, the eligibility rule).
    pub fn markdown(&self, text: &str) -> String {
        self.clean(markdown::to_html(text))
    }

    /// A body file: its template part expanded for `school`, then Markdown.
    pub fn document(
        &self,
        doc: &Document,
        campaign: &Campaign,
        school: Option<&School>,
        lang: &str,
    ) -> Result<String, Diagnostic> {
        let ctx = body_context(self.locales, campaign, school, lang);
        let expanded = markdown::expand(doc, &ctx)?;
        Ok(self.clean(markdown::to_html(&expanded)))
    }

    fn clean(&self, html: String) -> String {
        if self.allow_raw_html {
            html
        } else {
            markdown::sanitize(&html)
        }
    }
}

/// Renders every Markdown body in every context it will appear in: the
/// notice and guides alone and for each school, and each school's
/// overrides. `check` uses this so template mistakes surface before a build.
pub fn check_bodies(content: &Content, locales: &Locales, out: &mut Diagnostics) {
    for campaign in &content.campaigns {
        for lang in &content.site.languages {
            let base = body_context(locales, campaign, None, lang);
            let shared = campaign
                .notice
                .get(lang)
                .into_iter()
                .chain(campaign.attachments.iter().filter_map(|a| a.body.get(lang)));
            let shared: Vec<&Document> = shared.collect();
            for doc in &shared {
                expand_reporting(doc, &base, out);
            }
            for school in &campaign.schools {
                let ctx = body_context(locales, campaign, Some(school), lang);
                for doc in &shared {
                    expand_reporting(doc, &ctx, out);
                }
                for doc in school
                    .overrides
                    .values()
                    .filter_map(|by_lang| by_lang.get(lang))
                {
                    expand_reporting(doc, &ctx, out);
                }
            }
        }
    }
}

fn expand_reporting(doc: &Document, ctx: &Context, out: &mut Diagnostics) {
    if let Err(d) = markdown::expand(doc, ctx) {
        out.push(d);
    }
}

/// The Tera context of a body: `lang`, `campaign`, and `school` on a school's page.
pub fn body_context(
    locales: &Locales,
    campaign: &Campaign,
    school: Option<&School>,
    lang: &str,
) -> Context {
    let mut ctx = Context::new();
    ctx.insert("lang", lang);
    ctx.insert("campaign", &context::campaign(locales, campaign, lang));
    if let Some(school) = school {
        ctx.insert("school", &context::school(locales, campaign, school, lang));
    }
    ctx
}
