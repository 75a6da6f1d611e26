//! Matching a campaign folder's Markdown files to what the campaign needs.
//!
//! The names are the contract, for each of the campaign's languages:
//! `notice.<lang>.md`; `attachments/<attachment>.<lang>.md`, one per
//! attachment; and optional `schools/<school>/<attachment>.<lang>.md`
//! overrides, in the languages a school chooses. An attachment that is a
//! file ([`super::files`]) needs no guide. Anything else is reported
//! (a file in a language the campaign is not published in too), since a
//! misspelt name would otherwise be silently ignored.

use std::collections::BTreeMap;

use crate::content::CampaignSources;
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Campaign, Document, FileChoice};

use super::fields::Fields;
use super::ids::Ids;

/// The Markdown files of one campaign, sorted by role.
#[derive(Default)]
pub(super) struct Documents {
    notice: BTreeMap<String, Document>,
    /// attachment -> language -> body
    attachments: BTreeMap<String, BTreeMap<String, Document>>,
    /// school -> attachment -> language -> body
    overrides: BTreeMap<String, BTreeMap<String, BTreeMap<String, Document>>>,
}

impl Documents {
    pub fn attach_to(self, campaign: &mut Campaign) {
        campaign.notice = self.notice;
        let mut attachments = self.attachments;
        for a in &mut campaign.attachments {
            a.body = attachments.remove(&a.id).unwrap_or_default();
        }
        let mut overrides = self.overrides;
        for s in &mut campaign.schools {
            s.overrides = overrides.remove(&s.id).unwrap_or_default();
        }
    }
}

/// The Markdown files of a campaign. `files` are the attachments' files
/// (see [`super::files`]): an attachment with a file needs no guide.
pub(super) fn collect(
    f: &mut Fields,
    sources: &CampaignSources,
    ids: &Ids,
    files: &BTreeMap<String, FileChoice>,
) -> Documents {
    let mut docs = Documents::default();
    let dir = sources.file.trim_end_matches("campaign.yaml");
    for (name, doc) in &sources.markdown {
        let parts: Vec<&str> = name.split('/').collect();
        let Some((file, folders)) = parts.split_last() else {
            continue;
        };
        let Some((stem, lang)) = split_lang(file) else {
            not_used(f, doc);
            continue;
        };
        if f.site_languages.iter().any(|l| l == lang) && !f.languages.iter().any(|l| l == lang) {
            let hint = f.campaign_language_hint(lang, "delete this file");
            f.out.push(
                Diagnostic::error(
                    &doc.file,
                    Pos::START,
                    format!("`{lang}` in this file name is not one of this campaign's languages"),
                )
                .hint(hint),
            );
            continue;
        }
        if !f.languages.iter().any(|l| l == lang) {
            let hint = f.language_hint(lang);
            f.out.push(
                Diagnostic::error(
                    &doc.file,
                    Pos::START,
                    format!("`{lang}` in this file name is not a configured language"),
                )
                .hint(hint),
            );
            continue;
        }
        if doc.source.trim().is_empty() {
            f.out.push(
                Diagnostic::error(&doc.file, Pos::START, "this Markdown file is empty")
                    .hint("write its text, or delete the file if it is not needed"),
            );
        }
        let lang = lang.to_string();
        match folders {
            [] if stem == "notice" => {
                docs.notice.insert(lang, doc.clone());
            }
            ["attachments"] => {
                if ids.attachments.contains_key(stem) {
                    docs.attachments
                        .entry(stem.to_string())
                        .or_default()
                        .insert(lang, doc.clone());
                } else {
                    unknown(f, doc, "attachment", stem, &ids.attachments);
                }
            }
            ["schools", school] => {
                if !ids.schools.contains_key(*school) {
                    unknown(f, doc, "school", school, &ids.schools);
                } else if !ids.attachments.contains_key(stem) {
                    unknown(f, doc, "attachment", stem, &ids.attachments);
                } else {
                    docs.overrides
                        .entry(school.to_string())
                        .or_default()
                        .entry(stem.to_string())
                        .or_default()
                        .insert(lang, doc.clone());
                }
            }
            _ => not_used(f, doc),
        }
    }
    // A school's version of a guide needs the guide: its page links to the
    // general version, and readers of a language the school did not write
    // are sent there.
    for (school, by_attachment) in &docs.overrides {
        for (id, by_lang) in by_attachment {
            let unreadable =
                (sources.unreadable.iter()).any(|u| u.starts_with(&format!("attachments/{id}.")));
            if docs.attachments.contains_key(id) || unreadable {
                continue;
            }
            for doc in by_lang.values() {
                f.out.push(
                    Diagnostic::error(
                        &doc.file,
                        Pos::START,
                        format!("attachment `{id}` has no guide, so `{school}` cannot have its own version of one"),
                    )
                    .hint(format!("write the guide first (attachments/{id}.<lang>.md), or give the school its own file instead (schools/{school}/{id}.pdf, .xlsx ...)")),
                );
            }
        }
    }
    // A file that exists but cannot be read is reported as such, not as missing.
    let truly_missing = |name: &str| !sources.unreadable.contains(name);
    for lang in f.languages {
        if !docs.notice.contains_key(lang) && truly_missing(&format!("notice.{lang}.md")) {
            f.out.push(
                Diagnostic::error(
                    format!("{dir}notice.{lang}.md"),
                    Pos::START,
                    format!("the notice has no `{lang}` text: this file is missing"),
                )
                .hint("every configured language needs its own notice file"),
            );
        }
        let mut attachment_ids: Vec<&String> = ids.attachments.keys().collect();
        attachment_ids.sort();
        for id in attachment_ids {
            let guide = |name: &str| !truly_missing(name) || docs.attachments.contains_key(id);
            let has_guide =
                (f.languages.iter()).any(|l| guide(&format!("attachments/{id}.{l}.md")));
            if let Some(file) = files.get(id).filter(|_| !has_guide) {
                // Empty when its file was refused (reported).
                if !file.is_empty() && file.get(lang).is_none() {
                    // Only files in some languages: the others are missing.
                    let ext = (file.by_lang.values().next())
                        .and_then(|n| crate::content::files::extension(n))
                        .unwrap_or("pdf");
                    f.out.push(
                        Diagnostic::error(
                            format!("{dir}attachments/{id}.{lang}.{ext}"),
                            Pos::START,
                            format!("attachment `{id}` has no `{lang}` file: this file is missing"),
                        )
                        .hint(format!("give every language its own file (attachments/{id}.<lang>.{ext}), or one file for all languages (attachments/{id}.{ext})")),
                    );
                }
                continue;
            }
            if !docs
                .attachments
                .get(id)
                .is_some_and(|m| m.contains_key(lang))
                && truly_missing(&format!("attachments/{id}.{lang}.md"))
            {
                f.out.push(
                    Diagnostic::error(
                        format!("{dir}attachments/{id}.{lang}.md"),
                        Pos::START,
                        format!("attachment `{id}` has no `{lang}` guide: this file is missing"),
                    )
                    .hint("an attachment needs a guide in every language of the campaign, or a file (attachments/<attachment>.pdf, .docx, .xlsx ...)"),
                );
            }
        }
    }
    docs
}

/// `name.lang.md` -> (`name`, `lang`).
fn split_lang(file: &str) -> Option<(&str, &str)> {
    file.strip_suffix(".md")?.rsplit_once('.')
}

fn not_used(f: &mut Fields, doc: &Document) {
    f.out.push(
        Diagnostic::error(&doc.file, Pos::START, "this Markdown file is not used")
            .hint("name it notice.<lang>.md, attachments/<attachment>.<lang>.md or schools/<school>/<attachment>.<lang>.md"),
    );
}

fn unknown(
    f: &mut Fields,
    doc: &Document,
    what: &str,
    id: &str,
    known: &std::collections::HashMap<String, Pos>,
) {
    let mut ids: Vec<&str> = known.keys().map(String::as_str).collect();
    ids.sort_unstable();
    f.out.push(
        Diagnostic::error(
            &doc.file,
            Pos::START,
            format!("this file is for unknown {what} `{id}`"),
        )
        .hint(format!(
            "the folder or file name must be one of the {what} ids in campaign.yaml: {}",
            ids.join(", ")
        )),
    );
}
