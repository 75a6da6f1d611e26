//! Render: Markdown bodies, templates, strings and feeds, handed file by
//! file to a sink. Nothing here touches the output folder; [`crate::write`]
//! does.

mod budget;
pub mod calendars;
pub mod changes;
pub mod context;
pub mod export;
pub mod feeds;
pub mod format;
pub mod markdown;
mod markup;
pub mod pages;
pub mod spreadsheet;
pub mod theme;
pub mod views;
mod xlsx;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::calendar::Moment;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::locales::Locales;
use crate::model::{Campaign, Content, Document, School};
use crate::plan::{self, Page};
use crate::record::{Published, Record};
use crate::write::WriteError;
use theme::Theme;

/// Where every rendered file goes, as soon as it is rendered: its output
/// path (relative, `/`-separated) and bytes. Pages, feeds, calendars, the
/// sitemap and the stylesheet all leave through it, from any thread, so the
/// site is never held in memory.
pub type Emit<'a> = dyn crate::write::Sink + 'a;

/// Renders every page, feed, the sitemap and the stylesheet into `emit`,
/// except the pages and calendars of the campaigns in `kept` (whose output
/// from the previous build is kept as it is).
/// Content errors are collected, so one run reports every broken page, and
/// returned in page order whatever the thread count; a write error stops
/// the run.
///
/// Calendars are stamped from the `previous` publication record; the
/// record they now make is returned: the campaigns kept keep their part.
#[allow(clippy::too_many_arguments)]
pub fn site(
    content: &Content,
    locales: &Locales,
    theme: &Theme,
    pages: &[Page],
    kept: &BTreeSet<String>,
    previous: &Record,
    moment: &Moment,
    emit: &Emit,
) -> Result<(Diagnostics, Record), WriteError> {
    let mut out = Diagnostics::default();
    let mut record = Record::new();
    for id in kept {
        if let Some(part) = previous.campaigns.get(id) {
            record.campaigns.insert(id.clone(), part.clone());
        }
    }
    // A campaign's pages in one language share its views and body
    // templates, so they are rendered together; campaigns run in parallel.
    let groups: Vec<&[Page]> = pages
        .chunk_by(Page::same_campaign)
        .filter(|group| group[0].campaign().is_none_or(|c| !kept.contains(&c.id)))
        .collect();
    let is_campaign = |group: &[Page]| group[0].campaign().is_some();
    emit.rendering(groups.iter().filter(|g| is_campaign(g)).count());
    let found: Vec<Rendered> = groups
        .par_iter()
        .map(|group| {
            let rendered = render_group(content, locales, theme, group, previous, moment, emit);
            if is_campaign(group) {
                emit.rendered();
            }
            rendered
        })
        .collect::<Result<_, _>>()?;
    let mut vanished: BTreeSet<(String, String)> = BTreeSet::new();
    for rendered in found {
        out.extend(rendered.diagnostics);
        if let Some(cals) = rendered.calendars {
            let campaign = cals.campaign;
            vanished.extend(cals.vanished.into_iter().map(|uid| (campaign.clone(), uid)));
            let part = record.campaigns.entry(campaign).or_default();
            part.insert(cals.lang, cals.published);
        }
    }
    let named: BTreeSet<(String, String)> = (vanished.iter())
        .filter_map(|(campaign, uid)| {
            let c = content.campaigns.iter().find(|c| &c.id == campaign)?;
            Some((campaign.clone(), vanished_item(c, &record, uid)?))
        })
        .collect();
    for (campaign, item) in named {
        out.push(vanished_warning(&campaign, &item));
    }
    // Campaigns gone from the content keep their cancelled events a while.
    let gone = (previous.campaigns.iter())
        .filter(|(id, _)| content.campaigns.iter().all(|c| &c.id != *id));
    for (id, languages) in gone {
        for (lang, published) in languages {
            let stamped = calendars::gone_campaign_files(content, locales, lang, published, moment);
            for (path, text) in &stamped.files {
                emit.file(path, text.as_bytes())?;
            }
            if !stamped.published.events.is_empty() {
                let part = record.campaigns.entry(id.clone()).or_default();
                part.insert(lang.clone(), stamped.published);
            }
        }
    }
    for campaign in (content.campaigns.iter()).filter(|c| !kept.contains(&c.id)) {
        files(campaign, emit)?;
    }
    for lang in &content.site.languages {
        match feeds::atom(theme, content, locales, &record, lang) {
            Ok(xml) => emit.file(&plan::atom(lang).file(), xml.as_bytes())?,
            Err(d) => out.push(d),
        }
    }
    emit.file(
        &plan::sitemap().file(),
        feeds::sitemap(content, pages).as_bytes(),
    )?;
    emit.file(&plan::campaigns_json().file(), &export::index(content))?;
    emit.file(&plan::stylesheet().file(), theme.stylesheet.as_bytes())?;
    Ok((out, record))
}

/// What rendering one group gave: its problems and, for a campaign, its
/// stamped calendars' part of the record.
struct Rendered {
    diagnostics: Diagnostics,
    calendars: Option<Calendars>,
}

/// A campaign's calendars in a language, once written: their part of the
/// record, and the UIDs of events newly cancelled.
struct Calendars {
    campaign: String,
    lang: String,
    published: Published,
    vanished: Vec<String>,
}

/// What is gone when the event `uid` of campaign `c` is no longer
/// published: a school no longer in the campaign (`school-<id>`), or the
/// session or deadline itself when none of its events is left; `None`
/// when only a school's part of an item is gone (its slot moved to another
/// session, say) or a booking window, which are ordinary edits.
fn vanished_item(c: &Campaign, record: &Record, uid: &str) -> Option<String> {
    let school = uid.split('.').find_map(|part| part.strip_prefix("school-"));
    if let Some(school) = school.filter(|s| c.schools.iter().all(|sc| sc.published_id() != *s)) {
        return Some(format!("school-{school}"));
    }
    let item = changes::item_key(uid);
    // A booking window goes with its session, which is warned of itself.
    if item.starts_with("booking-") {
        return None;
    }
    let live = (record.campaigns.get(&c.id).into_iter())
        .flat_map(|languages| languages.values())
        .flat_map(|published| published.events.iter())
        .any(|(other, e)| !e.removed && changes::item_key(other) == item);
    (!live).then(|| item.to_string())
}

/// A warning that an item the calendars published is no longer in its
/// campaign: its events go out cancelled.
fn vanished_warning(campaign: &str, item: &str) -> Diagnostic {
    let file = format!(
        "{}/{campaign}/{}",
        crate::content::CONTENT_DIR,
        crate::content::CAMPAIGN_FILE
    );
    let (kind, id) = item.split_once('-').unwrap_or(("item", item));
    Diagnostic::warning(
        file,
        crate::diagnostic::Pos::START,
        format!(
            "{kind} `{id}` was published (see noticeboard.lock) and is no longer in this \
             campaign: the next build publishes its calendar events as cancelled"
        ),
    )
    .hint(format!(
        "if it was renamed, write `was: {id}` on the renamed {kind}: it then keeps its \
         calendar events and addresses; if it is really gone, nothing needs doing"
    ))
}

/// Copies the files `campaign` publishes, byte for byte, once for all its
/// languages (see [`plan::file`]). They are copied from the content folder
/// rather than kept from loading: a site's files may add up to gigabytes.
fn files(campaign: &Campaign, emit: &Emit) -> Result<(), WriteError> {
    for file in campaign.files.values() {
        emit.copy(&plan::file(campaign, &file.name).file(), &file.path)?;
    }
    Ok(())
}

/// Pages and calendar files of one campaign in one language (or the pages
/// of no campaign).
/// Also checks the guide bodies in every school's context, as `check`
/// does, so a build fails exactly when `check` would.
fn render_group(
    content: &Content,
    locales: &Locales,
    theme: &Theme,
    group: &[Page],
    previous: &Record,
    moment: &Moment,
    emit: &Emit,
) -> Result<Rendered, WriteError> {
    let mut out = Diagnostics::default();
    let campaign = group[0].campaign().zip(group[0].lang());
    // Calendars first: the pages' change logs read what they record, and
    // the JSON export also which calendar files exist.
    let mut recorded = None;
    if let Some((campaign, lang)) = campaign {
        let before = previous.published(&campaign.id, lang);
        let cals = calendars::campaign_files(content, locales, campaign, lang, before, moment);
        for (path, text) in &cals.files {
            emit.file(path, text.as_bytes())?;
        }
        let json = export::campaign(content, locales, campaign, lang, &cals.published);
        emit.file(&plan::campaign_json(lang, campaign).file(), &json)?;
        // Only the record is kept: the texts are written, and a big site's
        // calendars would otherwise all be held in memory until the end.
        recorded = Some(Calendars {
            campaign: campaign.id.clone(),
            lang: lang.to_string(),
            published: cals.published,
            vanished: cals.vanished,
        });
    }
    let bodies = match (campaign, &recorded) {
        (Some((campaign, lang)), Some(cals)) => {
            Bodies::new(content, locales, campaign, lang).recorded(&cals.published)
        }
        (Some((campaign, lang)), None) => Bodies::new(content, locales, campaign, lang),
        (None, _) => Bodies::plain(content, locales),
    };
    // The schedule's spreadsheets are made before the pages, whose links
    // to them give their sizes.
    let exports = match campaign {
        Some((campaign, lang)) => {
            let v = views::Views {
                loc: locales,
                lang,
                here: plan::schedule(lang, campaign),
                bodies: &bodies,
                roles: &content.site.roles,
                mark_roles: true,
            };
            spreadsheet::schedule(&v, campaign).unwrap_or_else(|d| {
                out.push(d);
                Vec::new()
            })
        }
        None => Vec::new(),
    };
    let mut html = Vec::with_capacity(64 * 1024);
    for page in group {
        match pages::render(theme, content, locales, &bodies, &exports, page, &mut html) {
            Ok(()) => emit.file(&page.path().file(), &html)?,
            Err(d) => out.push(d),
        }
    }
    if let Some((campaign, _)) = campaign {
        bodies.check_guides_per_school(campaign, &mut out);
        for export in &exports {
            emit.file(&export.path.file(), &export.bytes)?;
        }
    }
    Ok(Rendered {
        diagnostics: out,
        calendars: recorded,
    })
}

/// Turns Markdown bodies into safe HTML, for one campaign in one language:
/// its body templates are parsed once and its context (the campaign view)
/// is built once, then each school only adds itself.
pub struct Bodies<'a> {
    locales: &'a Locales,
    policy: markdown::Policy,
    lang: &'a str,
    campaign: Option<&'a Campaign>,
    /// Each body file, parsed, or why it could not be.
    templates: HashMap<&'a str, Result<Tera, Diagnostic>>,
    /// What every body sees: `lang` and `campaign`.
    base: Context,
    /// Each body's HTML (or why there is none) by a hash of its file name
    /// and expanded Markdown: a body that does not mention `school` expands
    /// the same on every school's page, and is converted and sanitized once.
    converted: RefCell<HashMap<u128, Result<String, Diagnostic>>>,
    /// The same for bodies only checked, not converted (by `check`).
    checked: RefCell<HashMap<u128, Result<(), Diagnostic>>>,
    /// Links to the campaign's files by language and depth of the page
    /// showing them (see [`views::Views::file`]).
    pub(crate) file_views: RefCell<FileViews>,
    /// The campaign's calendars as this build records them, in this
    /// language: the change log's source (see [`changes`]).
    record: Option<&'a Published>,
}

/// Links to files by language, then by the page's depth and where the
/// attachment and the file are.
type FileViews = HashMap<String, HashMap<(usize, usize, usize), views::FileView>>;

impl<'a> Bodies<'a> {
    /// For pages without a campaign: only short Markdown texts.
    pub fn plain(content: &Content, locales: &'a Locales) -> Bodies<'a> {
        Bodies {
            locales,
            policy: policy(content),
            lang: "",
            campaign: None,
            templates: HashMap::new(),
            base: Context::new(),
            converted: RefCell::default(),
            checked: RefCell::default(),
            file_views: RefCell::default(),
            record: None,
        }
    }

    /// Parses the notice, the guides and the schools' overrides of
    /// `campaign` in `lang`.
    pub fn new(
        content: &Content,
        locales: &'a Locales,
        campaign: &'a Campaign,
        lang: &'a str,
    ) -> Bodies<'a> {
        let templates = documents(campaign, lang)
            .map(|doc| (doc.file.as_str(), markdown::parse(doc)))
            .collect();
        let mut base = Context::new();
        base.insert("lang", lang);
        base.insert("campaign", &context::campaign(locales, campaign, lang));
        Bodies {
            locales,
            policy: policy(content),
            lang,
            campaign: Some(campaign),
            templates,
            base,
            converted: RefCell::default(),
            checked: RefCell::default(),
            file_views: RefCell::default(),
            record: None,
        }
    }

    /// With the campaign's calendars as this build records them.
    fn recorded(self, record: &'a Published) -> Bodies<'a> {
        Bodies {
            record: Some(record),
            ..self
        }
    }

    /// The campaign's calendars as this build records them, if known.
    pub fn record(&self) -> Option<&Published> {
        self.record
    }

    /// Markdown as HTML, raw HTML cleaned out unless the site allows it:
    /// a short text (a step, the eligibility rule).
    pub fn markdown(&self, text: &str) -> String {
        if self.policy.raw_html {
            markdown::to_html(text)
        } else {
            markdown::to_clean_html(text)
        }
    }

    /// A body file: its template part expanded (for `school` on a school's
    /// page), then Markdown, checked as [`markdown::body_to_html`] says,
    /// for the page at `here` (links to the campaign's files are relative
    /// to it).
    pub fn document(
        &self,
        doc: &Document,
        school: Option<&School>,
        here: &plan::OutPath,
    ) -> Result<String, Diagnostic> {
        let expanded = self.expand(doc, school)?;
        let files = self.local_files(doc, here);
        // Pages at the same depth (every school's) link to files alike.
        let files_at = (files.as_ref())
            .filter(|f| !f.campaign.files.is_empty())
            .map(|f| here.relative_to(&plan::campaign_files(&f.campaign.id)));
        let key = expanded_key(doc, &expanded, files_at.as_deref().unwrap_or(""));
        if let Some(done) = self.converted.borrow().get(&key) {
            return done.clone();
        }
        let done = markdown::body_to_html(doc, &expanded, self.policy, files.as_ref());
        self.converted.borrow_mut().insert(key, done.clone());
        done
    }

    /// Whether a body file would render in a school's context (or none):
    /// what [`Bodies::document`] would report, without converting it.
    fn check(&self, doc: &Document, school: Option<&School>) -> Result<(), Diagnostic> {
        let expanded = self.expand(doc, school)?;
        let key = expanded_key(doc, &expanded, "");
        if let Some(done) = self.checked.borrow().get(&key) {
            return done.clone();
        }
        // Where the page is makes no difference to what is wrong.
        let here = plan::campaign_files("");
        let files = self.local_files(doc, &here);
        let done = markdown::check_body(doc, &expanded, self.policy, files.as_ref());
        self.checked.borrow_mut().insert(key, done.clone());
        done
    }

    /// The campaign's files as `doc` links to them from the page `here`.
    fn local_files<'b>(
        &'b self,
        doc: &'b Document,
        here: &'b plan::OutPath,
    ) -> Option<markdown::LocalFiles<'b>> {
        let campaign = self.campaign?;
        let folder = format!("{}/{}/", crate::content::CONTENT_DIR, campaign.id);
        Some(markdown::LocalFiles {
            campaign,
            // A valid campaign's folder is named for its id.
            from: doc.file.strip_prefix(&folder).unwrap_or(&doc.file),
            here,
        })
    }

    /// The template part of a body, with the Tera context of the page:
    /// `lang`, `campaign`, and `school` on a school's page.
    fn expand(&self, doc: &Document, school: Option<&School>) -> Result<String, Diagnostic> {
        // Every page's body is among the campaign's, parsed in `new`.
        let parsed;
        let tera = match self.templates.get(doc.file.as_str()) {
            Some(tera) => tera,
            None => {
                parsed = markdown::parse(doc);
                &parsed
            }
        };
        let tera = tera.as_ref().map_err(Diagnostic::clone)?;
        match (school, self.campaign) {
            (Some(school), Some(campaign)) => {
                let mut ctx = self.base.clone();
                let view = context::school(self.locales, campaign, school, self.lang);
                ctx.insert("school", &view);
                markdown::render(tera, doc, &ctx)
            }
            _ => markdown::render(tera, doc, &self.base),
        }
    }

    /// Guides are shown only without a school, but `check` also renders
    /// them for each school; those that mention `school` are checked for
    /// each school here, so a build fails exactly when `check` would.
    fn check_guides_per_school(&self, campaign: &Campaign, out: &mut Diagnostics) {
        let guides = campaign
            .attachments
            .iter()
            .filter_map(|a| a.body.get(self.lang));
        for doc in guides.filter(|doc| doc.source.contains("school")) {
            for school in &campaign.schools {
                if let Err(d) = self.check(doc, Some(school)) {
                    out.push(d);
                }
            }
        }
    }
}

/// A body file's expanded Markdown, by its file name, text, and where the
/// page is from the campaign's files (`files_at`).
fn expanded_key(doc: &Document, expanded: &str, files_at: &str) -> u128 {
    let mut key = xxhash_rust::xxh3::Xxh3::new();
    key.update(doc.file.as_bytes());
    key.update(&[0]);
    key.update(files_at.as_bytes());
    key.update(&[0]);
    key.update(expanded.as_bytes());
    key.digest128()
}

fn policy(content: &Content) -> markdown::Policy {
    markdown::Policy {
        raw_html: content.site.allow_raw_html,
        external_resources: content.site.allow_external_resources,
    }
}

/// Every body of `campaign` in `lang`: the notice, the guides, and the
/// schools' overrides.
fn documents<'a>(campaign: &'a Campaign, lang: &str) -> impl Iterator<Item = &'a Document> {
    let overrides = campaign
        .schools
        .iter()
        .flat_map(|s| s.overrides.values())
        .filter_map(move |by_lang| by_lang.get(lang));
    campaign
        .notice
        .get(lang)
        .into_iter()
        .chain(
            campaign
                .attachments
                .iter()
                .filter_map(move |a| a.body.get(lang)),
        )
        .chain(overrides)
}

/// Expands every Markdown body in every context it will appear in: the
/// notice and guides alone and for each school, and each school's
/// overrides. `check` uses this so template mistakes surface before a
/// build; each body is parsed once, campaigns are checked in parallel.
pub fn check_bodies(content: &Content, locales: &Locales, out: &mut Diagnostics) {
    let found: Vec<Diagnostics> = content
        .campaigns
        .par_iter()
        .flat_map_iter(|campaign| {
            (content.site.languages.iter())
                .filter(|lang| campaign.has_language(lang))
                .map(move |lang| check_campaign(content, locales, campaign, lang))
        })
        .collect();
    found.into_iter().for_each(|d| out.extend(d));
}

fn check_campaign(
    content: &Content,
    locales: &Locales,
    campaign: &Campaign,
    lang: &str,
) -> Diagnostics {
    let mut out = Diagnostics::default();
    let bodies = Bodies::new(content, locales, campaign, lang);
    let mut report = |result: Result<(), Diagnostic>| {
        if let Err(d) = result {
            out.push(d);
        }
    };
    let shared: Vec<&Document> = campaign
        .notice
        .get(lang)
        .into_iter()
        .chain(campaign.attachments.iter().filter_map(|a| a.body.get(lang)))
        .collect();
    for doc in &shared {
        report(bodies.check(doc, None));
    }
    for school in &campaign.schools {
        for doc in &shared {
            report(bodies.check(doc, Some(school)));
        }
        for doc in school
            .overrides
            .values()
            .filter_map(|by_lang| by_lang.get(lang))
        {
            report(bodies.check(doc, Some(school)));
        }
    }
    out
}
