//! Which files of a campaign folder are published, and every mistake in
//! how they are named or linked.
//!
//! A file is published when an attachment is made of it
//! (`attachments/<attachment>.<ext>`, `attachments/<attachment>.<lang>.<ext>`,
//! or a school's own under `schools/<school>/`), or when a Markdown file
//! links to it or shows it (`[form](form.docx)`, `![QR](qr.png)`, read from
//! the Markdown file's folder). Any other file, except a sheet that
//! `slots_from` reads, is reported as not published: staff who put it there expect students to get it. Kinds of
//! file a browser would run as part of the site (a page, an SVG, a script)
//! are refused, with the advice to zip them.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::CampaignSources;
use crate::content::files::{self, Kind, SourceFile, Unresolved};
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Campaign, FileChoice, PublishedFile};

use super::fields::Fields;
use super::ids::Ids;

/// An image larger than this gets a warning: students read notices on
/// mobile data.
pub const LARGE_IMAGE: u64 = 1024 * 1024;

/// The files of one campaign: what is published, and which attachment
/// (of the campaign, or of a school) each belongs to.
#[derive(Default)]
pub(super) struct Files {
    published: BTreeMap<String, PublishedFile>,
    /// attachment id -> its files
    pub attachments: BTreeMap<String, FileChoice>,
    /// school id -> attachment id -> the school's own files
    schools: BTreeMap<String, BTreeMap<String, FileChoice>>,
}

impl Files {
    pub fn attach_to(self, campaign: &mut Campaign) {
        campaign.files = self.published;
        let mut attachments = self.attachments;
        for a in &mut campaign.attachments {
            a.file = attachments.remove(&a.id).unwrap_or_default();
        }
        let mut schools = self.schools;
        for s in &mut campaign.schools {
            s.files = schools.remove(&s.id).unwrap_or_default();
        }
    }
}

pub(super) fn collect(f: &mut Fields, sources: &CampaignSources, ids: &Ids) -> Files {
    let mut found = Files::default();
    let mut used = BTreeSet::new();
    for (name, file) in &sources.files {
        if let Some(owner) = attachment_file(f, ids, name, file) {
            used.insert(name.clone());
            let choice = match &owner.school {
                Some(school) => (found.schools.entry(school.clone()).or_default())
                    .entry(owner.attachment.clone())
                    .or_default(),
                None => found
                    .attachments
                    .entry(owner.attachment.clone())
                    .or_default(),
            };
            // A refused file still makes the attachment one with a file,
            // so its guides are not reported missing too.
            if refused(f, &file.file, name, Pos::START, None) {
                continue;
            }
            let slot = match &owner.lang {
                Some(lang) => choice.by_lang.get(lang),
                None => choice.all.as_ref(),
            };
            if let Some(first) = slot {
                let first = &sources.files[first].file;
                f.out.push(
                    Diagnostic::error(
                        &file.file,
                        Pos::START,
                        format!(
                            "attachment `{}` already has a file here: `{first}`",
                            owner.attachment
                        ),
                    )
                    .hint(
                        "keep one file per attachment (and language); delete or rename the other",
                    ),
                );
                continue;
            }
            match owner.lang {
                Some(lang) => {
                    choice.by_lang.insert(lang, name.clone());
                }
                None => choice.all = Some(name.clone()),
            }
            publish(&mut found, name, file);
        }
    }
    for (key, doc) in &sources.markdown {
        for reference in files::references(&doc.source) {
            let Some(path) = files::local_path(&reference.address) else {
                continue;
            };
            let at = Pos::of_offset(&doc.source, doc.source.floor_char_boundary(reference.at));
            let address = &reference.address;
            let name = match files::resolve(key, &path) {
                Ok(name) => name,
                Err(Unresolved::Outside) => {
                    f.out.push(
                        Diagnostic::error(
                            &doc.file,
                            at,
                            format!("`{address}` leads out of this campaign's folder"),
                        )
                        .hint("copy the file into this campaign's folder and link to the copy"),
                    );
                    continue;
                }
                Err(Unresolved::Folder) => {
                    f.out.push(
                        Diagnostic::error(
                            &doc.file,
                            at,
                            format!("`{address}` is a folder, not a file"),
                        )
                        .hint("link to a file: write its name after the folder's, `images/qr.png`"),
                    );
                    continue;
                }
            };
            let Some(file) = sources.files.get(&name) else {
                missing(f, &doc.file, at, address, &name, sources);
                continue;
            };
            used.insert(name.clone());
            if refused(f, &doc.file, &name, at, Some(address)) {
                continue;
            }
            if reference.image {
                if !files::is_image(&name) {
                    f.out.push(
                        Diagnostic::error(&doc.file, at, format!("`{address}` is not an image"))
                            .hint(format!(
                                "`![…](…)` shows an image ({}); link to other files with `[text]({address})`",
                                files::IMAGES.join(", ")
                            )),
                    );
                    continue;
                }
                if file.dimensions.is_none() {
                    f.out.push(
                        Diagnostic::error(
                            &doc.file,
                            at,
                            format!("`{address}` cannot be read as an image"),
                        )
                        .hint("open it in an image editor and save it again as JPEG or PNG"),
                    );
                    continue;
                }
                if file.size > LARGE_IMAGE {
                    let megabytes = file.size as f64 / (1024.0 * 1024.0);
                    f.out.push(
                        Diagnostic::warning(
                            &doc.file,
                            at,
                            format!("`{address}` is {megabytes:.1} MB, more than 1 MB"),
                        )
                        .hint("students read notices on mobile data: make the image smaller (at most about 1600 pixels wide, saved as JPEG)"),
                    );
                }
            }
            publish(&mut found, &name, file);
        }
    }
    for (name, file) in &sources.files {
        // A sheet `slots_from` reads is used: its rows are the schedule the
        // pages show. It is published only when an attachment is made of it.
        if !used.contains(name) && !sources.sheets.files.contains(&file.path) {
            f.out.push(
                Diagnostic::warning(
                    &file.file,
                    Pos::START,
                    "this file is not published: no attachment and no Markdown file uses it",
                )
                .hint("name it attachments/<attachment-id>.<ext> to make it an attachment's file, link to it from a Markdown file ([text](file) or ![text](image)), or move it out of content/"),
            );
        }
    }
    found
}

fn publish(found: &mut Files, name: &str, file: &SourceFile) {
    found
        .published
        .entry(name.to_string())
        .or_insert_with(|| PublishedFile {
            name: name.to_string(),
            path: file.path.clone(),
            size: file.size,
            dimensions: file.dimensions,
        });
}

/// Whose file a file is, by its name.
struct Owner {
    attachment: String,
    school: Option<String>,
    lang: Option<String>,
}

/// The attachment a file is named for, `None` for any other file.
/// `attachments/<attachment>.<ext>` is for every language,
/// `attachments/<attachment>.<lang>.<ext>` for one; under
/// `schools/<school>/` they are the school's own. A language the campaign
/// is not published in is an error (reported here), as for Markdown files.
fn attachment_file(f: &mut Fields, ids: &Ids, name: &str, file: &SourceFile) -> Option<Owner> {
    let parts: Vec<&str> = name.split('/').collect();
    let (school, base) = match parts.as_slice() {
        ["attachments", base] => (None, *base),
        ["schools", school, base] if ids.schools.contains_key(*school) => {
            (Some(school.to_string()), *base)
        }
        _ => return None,
    };
    let (id, rest) = base.split_once('.')?;
    if !ids.attachments.contains_key(id) {
        return None;
    }
    let lang = match rest.rsplit_once('.') {
        None => None,
        Some((lang, _)) if f.site_languages.iter().any(|l| l == lang) => Some(lang),
        // `schedule.v2.xlsx`: not named for the attachment.
        Some(_) => return None,
    };
    if let Some(lang) = lang
        && !f.languages.iter().any(|l| l == lang)
    {
        let hint = f.campaign_language_hint(lang, "delete this file");
        f.out.push(
            Diagnostic::error(
                &file.file,
                Pos::START,
                format!("`{lang}` in this file name is not one of this campaign's languages"),
            )
            .hint(hint),
        );
        return None;
    }
    Some(Owner {
        attachment: id.to_string(),
        school,
        lang: lang.map(str::to_string),
    })
}

/// Reports a file of a kind the site does not publish, at `at` in `file`:
/// the file itself, or the Markdown file linking to it as `address`;
/// true if it was.
fn refused(f: &mut Fields, file: &str, name: &str, at: Pos, address: Option<&str>) -> bool {
    let ext = files::extension(name).unwrap_or("").to_ascii_lowercase();
    let address = address.map_or("this file".to_string(), |a| format!("`{a}`"));
    let diagnostic = match files::kind(name) {
        Kind::Accepted => return false,
        Kind::Refused => Diagnostic::error(
            file,
            at,
            format!(
                "{address} cannot be published: a browser would run a .{ext} file as part of the site"
            ),
        )
        .hint("put it in a .zip archive and publish the .zip instead"),
        Kind::Unknown => {
            let what = if ext.is_empty() {
                "a file without an extension".to_string()
            } else {
                format!("a .{ext} file")
            };
            Diagnostic::error(
                file,
                at,
                format!("{address} cannot be published: noticeboard does not publish {what}"),
            )
            .hint(format!(
                "publish it as one of these kinds: {}; or put it in a .zip archive",
                files::ACCEPTED.join(", ")
            ))
        }
    };
    f.out.push(diagnostic);
    true
}

/// Reports a link to `name`, which is no file noticeboard may publish.
fn missing(
    f: &mut Fields,
    file: &str,
    at: Pos,
    address: &str,
    name: &str,
    sources: &CampaignSources,
) {
    let folder = sources.file.trim_end_matches(crate::content::CAMPAIGN_FILE);
    let (message, hint) = if sources.markdown.contains_key(name)
        || name == crate::content::CAMPAIGN_FILE
    {
        (
            format!("`{address}` is a source file of this campaign, which is not published"),
            "link to the page instead, or to a file such as a PDF".to_string(),
        )
    } else {
        let here = file.rsplit_once('/').map_or("", |(dir, _)| dir);
        (
            format!("`{address}` does not exist"),
            format!(
                "the address is read from this file's folder ({here}/), so it names {folder}{name}: check the name, or add the file"
            ),
        )
    };
    f.out.push(Diagnostic::error(file, at, message).hint(hint));
}
