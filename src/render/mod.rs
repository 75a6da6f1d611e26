//! Render: Markdown bodies, templates, strings and calendars.

pub mod context;
pub mod format;
pub mod markdown;

use tera::Context;

use crate::diagnostic::Diagnostics;
use crate::model::{Content, Document};

/// Renders every Markdown body in every context it will appear in: the
/// notice and guides alone and for each school, and each school's
/// overrides. `check` uses this so template mistakes surface before a build.
pub fn check_bodies(content: &Content, out: &mut Diagnostics) {
    for campaign in &content.campaigns {
        for lang in &content.site.languages {
            let base = body_context(campaign, None, lang);
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
                let ctx = body_context(campaign, Some(school), lang);
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
    campaign: &crate::model::Campaign,
    school: Option<&crate::model::School>,
    lang: &str,
) -> Context {
    let mut ctx = Context::new();
    ctx.insert("lang", lang);
    ctx.insert("campaign", &context::campaign(campaign, lang));
    if let Some(school) = school {
        ctx.insert("school", &context::school(campaign, school, lang));
    }
    ctx
}
