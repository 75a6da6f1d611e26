//! Validate: turn the raw files into the domain model, reporting every
//! problem on the way.
//!
//! Nothing here stops at the first error. Each field is checked on its own;
//! a campaign with any error is left out of the result, but checking goes on
//! so `noticeboard check` lists everything in one run.

mod campaign;
mod documents;
mod fields;
mod rules;

use chrono_tz::Tz;

use crate::content::raw::{SiteFile, pos};
use crate::content::{SITE_FILE, Sources};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::{Content, Site};

pub use fields::is_slug;

/// Checks everything loaded. Returns the content when there are no errors.
pub fn validate(sources: &Sources, out: &mut Diagnostics) -> Option<Content> {
    let site = site(sources.site.as_ref()?, out)?;
    let mut campaigns = Vec::new();
    for campaign in &sources.campaigns {
        if let Some(c) = campaign::validate(&site, campaign, out) {
            campaigns.push(c);
        }
    }
    if sources.campaigns.is_empty() {
        out.push(
            Diagnostic::error("content", Pos::START, "there are no campaigns in content/")
                .hint("create one with `noticeboard new <campaign-id>`"),
        );
    }
    if out.has_errors() {
        return None;
    }
    campaigns.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id)));
    Some(Content { site, campaigns })
}

/// Checks the site configuration alone.
pub fn site(raw: &SiteFile, out: &mut Diagnostics) -> Option<Site> {
    let errors_before = out.error_count();
    let mut languages: Vec<String> = Vec::new();
    for lang in &raw.languages.value {
        if lang
            .value
            .parse::<unic_langid::LanguageIdentifier>()
            .is_err()
            || lang.value.contains('_')
        {
            out.push(
                Diagnostic::error(
                    SITE_FILE,
                    pos(lang),
                    format!("`{}` is not a language tag", lang.value),
                )
                .hint("use BCP 47 tags such as zh-CN, en or ja"),
            );
        } else if languages.contains(&lang.value) {
            out.push(
                Diagnostic::error(
                    SITE_FILE,
                    pos(lang),
                    format!("language `{}` is listed twice", lang.value),
                )
                .hint("list each language once"),
            );
        } else {
            languages.push(lang.value.clone());
        }
    }
    if raw.languages.value.is_empty() {
        out.push(
            Diagnostic::error(
                SITE_FILE,
                pos(&raw.languages),
                "no languages are configured",
            )
            .hint("list at least one, the default first: `languages: [zh-CN, en]`"),
        );
    }
    let mut fields = fields::Fields {
        file: SITE_FILE,
        languages: &languages,
        out,
    };
    let title = fields.text(&raw.title, "title");
    let base_url = raw.base_url.value.trim();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://"))
        || base_url.contains(char::is_whitespace)
    {
        fields.error(
            pos(&raw.base_url),
            format!("`base_url` is not an absolute web address: `{base_url}`"),
            "write the address the site is published at, e.g. https://notices.example.edu.cn/",
        );
    }
    let timezone = match &raw.timezone {
        Some(tz) => timezone(&mut fields, tz),
        None => Some(Tz::Asia__Shanghai),
    };
    let theme = raw
        .theme
        .as_ref()
        .map(|t| t.value.clone())
        .unwrap_or_else(|| "default".into());
    if out.error_count() > errors_before {
        return None;
    }
    Some(Site {
        title: title?,
        base_url: format!("{}/", base_url.trim_end_matches('/')),
        languages,
        timezone: timezone?,
        theme,
        allow_raw_html: raw.allow_raw_html,
    })
}

/// An IANA time zone name such as `Asia/Shanghai`.
fn timezone(fields: &mut fields::Fields, value: &crate::content::raw::S<String>) -> Option<Tz> {
    let parsed = value.value.trim().parse::<Tz>().ok();
    if parsed.is_none() {
        fields.error(
            pos(value),
            format!("unknown time zone `{}`", value.value),
            "use an IANA time zone name such as Asia/Shanghai or Asia/Hong_Kong",
        );
    }
    parsed
}
