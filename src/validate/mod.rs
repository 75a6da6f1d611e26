//! Validate: turn the raw files into the domain model, reporting every
//! problem on the way.
//!
//! Nothing here stops at the first error. Each field is checked on its own;
//! a campaign with any error is left out of the result, but checking goes on
//! so `noticeboard check` lists everything in one run.

mod audience;
mod campaign;
mod counted;
mod days;
mod documents;
pub(crate) mod fields;
mod files;
mod ids;
mod prose;
mod rules;
#[cfg(test)]
mod schema_patterns;
mod sheet_slots;

use chrono_tz::Tz;
use rayon::prelude::*;

use crate::content::raw::{SiteFile, pos};
use crate::content::{SITE_FILE, Sources};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::{Content, Localized, Role, Site};

/// The longest `base_url`: every calendar address starts with it, and the
/// longest one (with two ids of at most 64 characters) must still fit in a
/// QR code that a phone reads from a screen.
const LONGEST_BASE_URL: usize = 200;

pub use fields::is_slug;

/// Checks everything loaded. Returns the campaigns that passed, even when
/// others (or the site file) have errors, so later checks such as template
/// rendering still run on them; callers must look at `out.has_errors()`
/// before using the result. `None` when the site file is unusable.
pub fn validate(sources: &Sources, out: &mut Diagnostics) -> Option<Content> {
    let raw = sources.site.as_ref()?;
    let site = site(raw, out).or_else(|| stand_in(raw))?;
    // In parallel; diagnostics are added in campaign order.
    let validated: Vec<_> = sources
        .campaigns
        .par_iter()
        .map(|campaign| {
            let mut found = Diagnostics::default();
            (campaign::validate(&site, campaign, &mut found), found)
        })
        .collect();
    let mut campaigns = Vec::new();
    for (campaign, found) in validated {
        out.extend(found);
        campaigns.extend(campaign);
    }
    if sources.campaigns.is_empty() && !sources.one_campaign {
        out.push(
            Diagnostic::error("content", Pos::START, "there are no campaigns in content/")
                .hint("create one with `noticeboard new <campaign-id>`"),
        );
    }
    campaigns.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id)));
    Some(Content { site, campaigns })
}

/// A site to check campaigns against when `noticeboard.yaml` has errors
/// (already reported) that campaigns do not depend on, such as a bad
/// `base_url`. Only the languages matter to a campaign, so without a clean
/// list of them there is no stand-in: every text would be reported again.
fn stand_in(raw: &SiteFile) -> Option<Site> {
    let languages: Vec<String> = raw
        .languages
        .value
        .iter()
        .map(|l| l.value.clone())
        .collect();
    let mut seen = std::collections::HashSet::new();
    let clean = !languages.is_empty()
        && languages
            .iter()
            .all(|l| is_language_tag(l) && seen.insert(l));
    clean.then(|| Site {
        title: Localized::default(),
        base_url: raw.base_url.value.clone(),
        languages,
        timezone: raw
            .timezone
            .as_ref()
            .and_then(|tz| tz.value.trim().parse().ok())
            .unwrap_or(Tz::Asia__Shanghai),
        theme: "default".into(),
        allow_raw_html: raw.allow_raw_html,
        allow_external_resources: raw.allow_external_resources,
        keep_cancelled: crate::record::KEEP_CANCELLED,
        // Ids alone: enough for campaigns to name them without errors of
        // their own.
        roles: (raw.roles.iter())
            .map(|r| Role {
                id: r.value.id.value.clone(),
                name: Localized::default(),
            })
            .collect(),
    })
}

/// A BCP 47 tag such as `zh-CN` or `en`: not the POSIX `zh_CN`, nor a
/// language name such as `English` (which BCP 47's syntax would allow).
fn is_language_tag(tag: &str) -> bool {
    tag.parse::<unic_langid::LanguageIdentifier>()
        .is_ok_and(|id| id.language.as_str().len() <= 3)
        && !tag.contains('_')
}

/// Checks the site configuration alone.
pub fn site(raw: &SiteFile, out: &mut Diagnostics) -> Option<Site> {
    let errors_before = out.error_count();
    let mut languages: Vec<String> = Vec::new();
    for lang in &raw.languages.value {
        if !is_language_tag(&lang.value) {
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
    // With a bad language list every text would be reported again; that is
    // fixed first.
    let languages_ok = out.error_count() == errors_before;
    let mut fields = fields::Fields {
        file: SITE_FILE,
        languages: &languages,
        site_languages: &languages,
        out,
    };
    let title = if languages_ok {
        fields.text(&raw.title, "title")
    } else {
        None
    };
    let base_url = raw.base_url.value.trim();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://"))
        || base_url.contains(char::is_whitespace)
    {
        fields.error(
            pos(&raw.base_url),
            format!("`base_url` is not an absolute web address: `{base_url}`"),
            "write the address the site is published at, e.g. https://notices.example.edu.cn/",
        );
    } else if base_url.chars().count() > LONGEST_BASE_URL {
        fields.error(
            pos(&raw.base_url),
            format!("`base_url` is longer than {LONGEST_BASE_URL} characters"),
            "calendar addresses start with it and must fit in a QR code a phone can scan; publish the site at a shorter address",
        );
    }
    let timezone = match &raw.timezone {
        Some(tz) => timezone(&mut fields, tz),
        None => Some(Tz::Asia__Shanghai),
    };
    let theme = match &raw.theme {
        Some(t) if fields::is_folder_name(t.value.trim()) => t.value.trim().to_string(),
        Some(t) => {
            fields.error(
                pos(t),
                format!("`theme` must name a folder in themes/: `{}`", t.value),
                "write the folder's name alone, e.g. `theme: default` for themes/default/; a theme outside the site folder is not read",
            );
            String::new()
        }
        None => "default".into(),
    };
    let keep_cancelled = match &raw.keep_cancelled_days {
        None => Some(crate::record::KEEP_CANCELLED),
        Some(days) if (1..=LONGEST_KEEP_DAYS).contains(&days.value) => {
            Some(chrono::TimeDelta::days(i64::from(days.value)))
        }
        Some(days) => {
            fields.error(
                pos(days),
                format!("`keep_cancelled_days` is {}", days.value),
                format!("write a number of days from 1 to {LONGEST_KEEP_DAYS}, e.g. `keep_cancelled_days: 90`"),
            );
            None
        }
    };
    let roles = if languages_ok {
        audience::roles(&mut fields, &raw.roles)
    } else {
        None
    };
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
        allow_external_resources: raw.allow_external_resources,
        roles: roles?,
        keep_cancelled: keep_cancelled?,
    })
}

/// The longest a deleted event may stay in the feeds: ten years.
const LONGEST_KEEP_DAYS: u32 = 3650;

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
