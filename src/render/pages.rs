//! One HTML page: the frame every page shares (language, switcher, alternates,
//! canonical URL, relative links to the stylesheet and home) plus the
//! page's own view, handed to its template.

use serde::Serialize;
use tera::Context;

use super::theme::Theme;
use super::views::{LinkView, Views};
use super::{Bodies, format, spreadsheet};
use crate::calendar;
use crate::diagnostic::Diagnostic;
use crate::locales::Locales;
use crate::model::{Attachment, Campaign, Content, School};
use crate::plan::{self, OutPath, Page};

#[derive(Serialize)]
struct Alternate {
    lang: String,
    url: String,
}

#[derive(Serialize)]
struct Switch {
    lang: String,
    name: String,
    href: String,
}

/// On a page of a translation: that the original prevails, and where it is.
#[derive(Serialize)]
struct TranslationNote {
    text: String,
    lang: String,
    href: String,
}

#[derive(Serialize)]
struct HomeItem {
    /// The language of a campaign not published in the page's, which is
    /// then listed in that language, with `language` naming it.
    lang: Option<String>,
    language: Option<String>,
    title: String,
    href: String,
    issuer: String,
    document_number: Option<String>,
    published: String,
    published_text: String,
    key_dates: Vec<super::views::TimelineItem>,
}

/// Renders `page` into `out`, which is cleared first. `exports` are the
/// files of the page's campaign the schedule page offers for download.
pub fn render(
    theme: &Theme,
    content: &Content,
    loc: &Locales,
    bodies: &Bodies,
    exports: &[spreadsheet::Export],
    page: &Page,
    out: &mut Vec<u8>,
) -> Result<(), Diagnostic> {
    let here = page.path();
    let lang = page.lang().unwrap_or(content.site.default_language());
    let mut ctx = frame(content, loc, page, lang, &here);
    let v = Views {
        loc,
        lang,
        here: here.clone(),
        bodies,
        roles: &content.site.roles,
        mark_roles: true,
    };
    let template = match *page {
        Page::Root => {
            ctx.insert("languages", &home_links(content, loc, &here));
            "root.html"
        }
        Page::NotFound => {
            ctx.insert("languages", &home_links(content, loc, &here));
            ctx.insert("site_path", site_path(&content.site.base_url));
            "404.html"
        }
        Page::Home { .. } => {
            let items: Vec<HomeItem> = content
                .campaigns
                .iter()
                .map(|c| {
                    let read = plan::reading_language(lang, c);
                    let v = Views {
                        loc,
                        lang: read,
                        here: here.clone(),
                        bodies,
                        roles: &content.site.roles,
                        mark_roles: true,
                    };
                    let other = (read != lang).then_some(read);
                    HomeItem {
                        lang: other.map(str::to_string),
                        language: other.map(|l| loc.language_name(lang, l)),
                        title: c.title.get(read).into(),
                        href: here.relative_to(&plan::notice(read, c)),
                        issuer: c.issuer.get(read).into(),
                        document_number: c.document_number.as_ref().map(|d| d.get(read).into()),
                        published: c.published.to_string(),
                        published_text: format::date_short(loc, read, c.published),
                        key_dates: v.timeline(c, None, false),
                    }
                })
                .collect();
            ctx.insert("campaigns", &items);
            "home.html"
        }
        Page::Notice { campaign: c, .. } => {
            campaign_frame(&mut ctx, &v, c);
            let doc = &c.notice[lang];
            ctx.insert("body", &bodies.document(doc, None, &here)?);
            ctx.insert("eligibility", &bodies.markdown(c.eligibility.get(lang)));
            ctx.insert("timeline", &v.timeline(c, None, true));
            ctx.insert("changes", &v.changes(c, &plan::campaign_feed(lang, c)));
            ctx.insert("undated", &v.undated_deadlines(c));
            ctx.insert("sessions", &v.sessions(c));
            ctx.insert("steps", &v.steps(c, |_| true));
            ctx.insert("requirements", &v.requirements(c, None));
            ctx.insert("fees", &v.fees(c));
            let contacts: Vec<_> = c.contacts.iter().map(|k| v.contact(k)).collect();
            ctx.insert("contacts", &contacts);
            ctx.insert("attachments", &v.attachments(c, None));
            ctx.insert("links", &v.links(c));
            let schools: Vec<LinkView> = c.schools.iter().map(|s| v.school_link(c, s)).collect();
            ctx.insert("schools", &schools);
            let name = calendar::campaign_feed_name(c, lang);
            let feed = plan::campaign_feed(lang, c);
            subscribe(&mut ctx, &v, content, &feed, &name, &plan::notice(lang, c));
            "notice.html"
        }
        Page::Schedule { campaign: c, .. } => {
            campaign_frame(&mut ctx, &v, c);
            ctx.insert("sessions", &v.sessions(c));
            let schools: Vec<LinkView> = c.schools.iter().map(|s| v.school_link(c, s)).collect();
            ctx.insert("schools", &schools);
            ctx.insert("downloads", &spreadsheet::downloads(&v, c, exports));
            "schedule.html"
        }
        Page::School {
            campaign: c,
            school,
            ..
        } => {
            campaign_frame(&mut ctx, &v, c);
            school_frame(&mut ctx, &v, c, school);
            // The students' part first; each role's items follow in a
            // section of its own.
            let sessions: Vec<_> = c
                .sessions_for(&school.id)
                .filter(|s| s.audience.is_students())
                .map(|s| v.session(c, s, Some(school)))
                .collect();
            ctx.insert("sessions", &sessions);
            // The session cards and the deadlines carry the "add this one"
            // links here, so the timeline above them does not repeat them.
            ctx.insert("timeline", &v.timeline(c, Some(school), false));
            ctx.insert(
                "changes",
                &v.changes(c, &plan::school_feed(lang, c, school)),
            );
            let deadlines: Vec<_> = c
                .deadlines_for(&school.id)
                .filter(|d| d.audience.is_students())
                .map(|d| v.deadline(c, d, Some(school)))
                .collect();
            ctx.insert("deadlines", &deadlines);
            let name = calendar::school_feed_name(c, school, lang);
            let feed = plan::school_feed(lang, c, school);
            let page = plan::school(lang, c, school);
            subscribe(&mut ctx, &v, content, &feed, &name, &page);
            ctx.insert("attachments", &v.attachments(c, Some(school)));
            let contacts: Vec<_> = match v.school_contact(school) {
                Some(own) => vec![own],
                None => (c.contacts.iter())
                    .filter(|k| k.audience.is_students())
                    .map(|k| v.contact(k))
                    .collect(),
            };
            ctx.insert("contacts", &contacts);
            ctx.insert("roles", &v.roles(c, school));
            if c.has_staff_events(&school.id) {
                let feed = plan::staff_feed(lang, c, school);
                let name = calendar::staff_feed_name(&content.site, loc, c, school, lang);
                let section = calendar::Section {
                    page: &page,
                    id: "staff-subscribe",
                };
                let subscribe = v.subscribe(&content.site, &feed, &name, section);
                ctx.insert("staff_subscribe", &subscribe);
            }
            let doc = &c.notice[lang];
            ctx.insert("body", &bodies.document(doc, Some(school), &here)?);
            "school.html"
        }
        Page::Guide {
            campaign: c,
            attachment,
            ..
        } => {
            campaign_frame(&mut ctx, &v, c);
            guide_frame(&mut ctx, &v, c, None, attachment);
            let html = bodies.document(&attachment.body[lang], None, &here)?;
            insert_guide_body(&mut ctx, html);
            "guide.html"
        }
        Page::SchoolGuide {
            campaign: c,
            school,
            attachment,
            ..
        } => {
            campaign_frame(&mut ctx, &v, c);
            school_frame(&mut ctx, &v, c, school);
            guide_frame(&mut ctx, &v, c, Some(school), attachment);
            let doc = &school.overrides[&attachment.id][lang];
            let html = bodies.document(doc, Some(school), &here)?;
            insert_guide_body(&mut ctx, html);
            let general = plan::guide(lang, c, attachment);
            ctx.insert("general_href", &here.relative_to(&general));
            "guide.html"
        }
    };
    out.clear();
    theme.render_to(template, &ctx, out)
}

/// What every page has: its language, switcher, alternates and links home.
/// The path of the site's root on its host (`/` or `/notices/`), from
/// `base_url`, which ends with `/`. The 404 page is served at whatever
/// address was missing, at any depth, so its links cannot be relative to
/// where it is; it carries `<base href>` with this path instead, which
/// holds on any host the site is published at under that path.
fn site_path(base_url: &str) -> &str {
    let host_and_path = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    host_and_path
        .find('/')
        .map_or("/", |at| &host_and_path[at..])
}

fn frame(content: &Content, loc: &Locales, page: &Page, lang: &str, here: &OutPath) -> Context {
    let site = &content.site;
    let mut ctx = Context::new();
    ctx.insert("lang", lang);
    ctx.insert("site_title", site.title.get(lang));
    ctx.insert("canonical", &here.absolute(&site.base_url));
    ctx.insert("stylesheet", &here.relative_to(&plan::stylesheet()));
    ctx.insert("home_href", &here.relative_to(&plan::home(lang)));
    ctx.insert("feed_href", &here.relative_to(&plan::atom(lang)));
    ctx.insert("x_default", &plan::root().absolute(&site.base_url));
    let mut alternates = Vec::new();
    let mut switcher = Vec::new();
    for other in &site.languages {
        let Some(there) = page.in_language(other) else {
            continue;
        };
        if page.is_translation(&there) {
            alternates.push(Alternate {
                lang: other.clone(),
                url: there.path().absolute(&site.base_url),
            });
        }
        if other != lang {
            switcher.push(Switch {
                lang: other.clone(),
                name: loc.text(other, "language-name", &[]),
                href: here.relative_to(&there.path()),
            });
        }
    }
    ctx.insert("alternates", &alternates);
    ctx.insert("switcher", &switcher);
    ctx
}

/// Each language's home page, for the root chooser and the 404 page.
fn home_links(content: &Content, loc: &Locales, here: &OutPath) -> Vec<Switch> {
    content
        .site
        .languages
        .iter()
        .map(|l| Switch {
            lang: l.clone(),
            name: loc.text(l, "language-name", &[]),
            href: here.relative_to(&plan::home(l)),
        })
        .collect()
}

/// What every campaign page has: the campaign's head, and on a
/// translation the note that the original prevails, with a link to it.
fn campaign_frame(ctx: &mut Context, v: &Views, c: &Campaign) {
    ctx.insert("campaign", &v.head(c));
    if let Some(original) = c.original.as_deref().filter(|o| *o != v.lang) {
        ctx.insert(
            "translation",
            &TranslationNote {
                text: v.loc.text(
                    v.lang,
                    "translation-note",
                    &[("language", v.loc.language_name(v.lang, original))],
                ),
                lang: original.to_string(),
                href: v.here.relative_to(&plan::notice(original, c)),
            },
        );
    }
}

fn school_frame(ctx: &mut Context, v: &Views, c: &Campaign, school: &School) {
    ctx.insert("school", &v.school_link(c, school));
}

/// What a guide page has: the attachment's number and title, and its file
/// (the school's own on a school's version of the guide), if it has one.
fn guide_frame(
    ctx: &mut Context,
    v: &Views,
    c: &Campaign,
    school: Option<&School>,
    a: &Attachment,
) {
    ctx.insert("attachment_number", &a.number);
    ctx.insert("attachment_title", a.title.get(v.lang));
    if let Some((file, _)) = c.attachment_file(a, school, v.lang) {
        ctx.insert("file", &v.file(c, a, file));
    }
}

/// A guide that starts with its own `# Title` keeps it as the page heading.
fn insert_guide_body(ctx: &mut Context, html: String) {
    ctx.insert("body_has_title", &html.trim_start().starts_with("<h1"));
    ctx.insert("body", &html);
}

/// The page's subscribe section (`#subscribe`) for the calendar `feed`.
fn subscribe(
    ctx: &mut Context,
    v: &Views,
    content: &Content,
    feed: &plan::OutPath,
    name: &str,
    page: &plan::OutPath,
) {
    let section = calendar::Section {
        page,
        id: "subscribe",
    };
    ctx.insert(
        "subscribe",
        &v.subscribe(&content.site, feed, name, section),
    );
}
