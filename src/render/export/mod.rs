//! The JSON export: per campaign and language a `campaign.json` beside the
//! notice, and the site index `campaigns.json` at the root, for portals and
//! mini programs that want the schedule as data rather than pages.
//!
//! Both are built from the model into dedicated structs (not from
//! templates), so the JSON Schema of the format (`schemas/export.schema.json`,
//! see [`schema`]) is generated from the very types that are written, and
//! the format changes only when these types do. Every list keeps the
//! content's order and every map is sorted, so the same content gives the
//! same bytes. The format is documented in `docs/json-export.md`; [`FORMAT`]
//! is its version.
//!
//! The types are named `...Export` here, beside the model's types of the
//! same name; the schema names them as a consumer would (`Session`).

mod changes;
mod items;
mod schedule;
mod values;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::locales::Locales;
use crate::model::{Audience, Campaign, Content, Localized, SessionStatus};
use crate::plan::{self, OutPath};
use crate::record::Published;
pub use items::AudienceExport;
use values::{Address, Addresses, Day, Instant};

/// The format's version: raised only by a change that breaks a consumer
/// (a field removed, renamed or given another meaning); fields added keep
/// it.
pub const FORMAT: u32 = 1;

/// A document of the export: `document` says which.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "document", rename_all = "snake_case")]
#[schemars(title = "noticeboard JSON export")]
pub enum Document {
    /// `<lang>/<campaign>/campaign.json`: one campaign in one language.
    Campaign(Box<CampaignExport>),
    /// `campaigns.json`: every campaign of the site.
    Index(SiteIndex),
}

/// One campaign in one language: its texts in that language, its schedule
/// as days, local times and instants, and the addresses of its pages,
/// calendars and files.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Campaign")]
pub struct CampaignExport {
    /// The format's version (see `docs/json-export.md`).
    pub format: u32,
    /// The language of every text in this file (a BCP 47 tag: `zh-CN`).
    pub language: String,
    pub id: String,
    pub title: String,
    /// A few words naming the campaign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// One line for a list: the document number, or else the audience (as
    /// the site's Atom feed has it).
    pub summary: String,
    pub issuer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_email: Option<String>,
    /// Whom the notice is addressed to.
    pub audience: String,
    /// Who must take part and who need not: CommonMark Markdown.
    pub eligibility: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    /// The publication day.
    pub published: Day,
    /// When the notice last changed.
    pub updated: Instant,
    /// The campaign's `revision` (the first change number of its calendar
    /// events; 0 when not given).
    pub revision: u32,
    /// The IANA time zone of every local day and time in this file.
    pub time_zone: String,
    /// Every language the campaign is published in.
    pub languages: Vec<String>,
    /// The language whose text prevails, when the notice names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    /// The addresses of this campaign's pages, feeds and data in this
    /// language.
    pub addresses: CampaignAddresses,
    /// The same campaign in its other languages.
    pub translations: Vec<Edition>,
    pub campuses: Vec<items::CampusExport>,
    pub venues: Vec<items::VenueExport>,
    pub schools: Vec<items::SchoolExport>,
    pub sessions: Vec<schedule::SessionExport>,
    pub deadlines: Vec<schedule::DeadlineExport>,
    pub steps: Vec<items::StepExport>,
    pub requirements: Vec<items::RequirementExport>,
    pub fees: Vec<items::FeeExport>,
    pub contacts: Vec<items::ContactExport>,
    pub links: Vec<items::LinkExport>,
    pub attachments: Vec<items::AttachmentExport>,
    /// What changed in the campaign calendar's events since they were
    /// first published, newest first (from the publication record).
    pub changes: Vec<changes::ChangeExport>,
}

#[derive(Serialize, JsonSchema)]
pub struct CampaignAddresses {
    /// This file.
    pub json: Address,
    /// The notice page.
    pub notice: Address,
    /// The schedule page, and the schedule by school as a workbook and as
    /// CSV.
    pub schedule: Address,
    pub schedule_xlsx: Address,
    pub schedule_csv: Address,
    /// The campaign's iCalendar feed (every session and dated deadline).
    pub calendar: Address,
}

/// A campaign in one language, as lists link to it.
#[derive(Serialize, JsonSchema)]
pub struct Edition {
    pub language: String,
    pub title: String,
    pub summary: String,
    /// Its `campaign.json`, notice page and iCalendar feed.
    pub json: Address,
    pub notice: Address,
    pub calendar: Address,
}

/// The site index: every campaign, newest first, with the addresses of its
/// `campaign.json` in each of its languages.
#[derive(Serialize, JsonSchema)]
pub struct SiteIndex {
    /// The format's version (see `docs/json-export.md`).
    pub format: u32,
    /// The site's name, by language tag.
    pub title: BTreeMap<String, String>,
    /// Where the site is published (ends in `/`).
    pub base_url: String,
    /// The site's languages, the default first, with each one's home page
    /// and Atom feed.
    pub languages: Vec<SiteLanguage>,
    pub time_zone: String,
    pub campaigns: Vec<IndexEntry>,
}

#[derive(Serialize, JsonSchema)]
pub struct SiteLanguage {
    pub language: String,
    pub home: Address,
    pub atom: Address,
}

#[derive(Serialize, JsonSchema)]
pub struct IndexEntry {
    pub id: String,
    pub published: Day,
    pub updated: Instant,
    pub revision: u32,
    pub time_zone: String,
    /// The first and last day of its sessions and dated deadlines, when it
    /// has any (cancelled sessions left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_day: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_day: Option<Day>,
    /// Whether a session's date or times are still to be announced
    /// (cancelled sessions left out).
    pub pending: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    /// The campaign in each language it is published in, in the site's
    /// order of languages.
    pub editions: Vec<Edition>,
}

/// What building one campaign's export needs.
struct Export<'a> {
    content: &'a Content,
    loc: &'a Locales,
    campaign: &'a Campaign,
    lang: &'a str,
    /// Its calendars as this build publishes them: which files exist, and
    /// the change log.
    published: &'a Published,
    addresses: Addresses<'a>,
}

impl Export<'_> {
    fn at(&self, out: &OutPath) -> Address {
        self.addresses.of(out)
    }

    /// A text in the export's language.
    fn t(&self, text: &Localized) -> String {
        text.get(self.lang).to_string()
    }

    /// The address of a calendar file, when this build publishes it.
    fn calendar(&self, out: &OutPath) -> Option<Address> {
        (self.published.files.contains_key(&out.file())).then(|| self.at(out))
    }
}

/// `campaign.json` of campaign `c` in `lang`, whose calendars this build
/// publishes as `published` says.
pub fn campaign(
    content: &Content,
    loc: &Locales,
    c: &Campaign,
    lang: &str,
    published: &Published,
) -> Vec<u8> {
    let x = Export {
        content,
        loc,
        campaign: c,
        lang,
        published,
        addresses: Addresses::new(&content.site.base_url),
    };
    let export = CampaignExport {
        format: FORMAT,
        language: lang.to_string(),
        id: c.id.clone(),
        title: x.t(&c.title),
        short_title: c.short_title.as_ref().map(|t| x.t(t)),
        document_number: c.document_number.as_ref().map(|t| x.t(t)),
        summary: c.summary(lang).to_string(),
        issuer: x.t(&c.issuer),
        issuer_email: c.issuer_email.clone(),
        audience: x.t(&c.audience),
        eligibility: x.t(&c.eligibility),
        published_by: c.published_by.as_ref().map(|t| x.t(t)),
        reviewed_by: c.reviewed_by.as_ref().map(|t| x.t(t)),
        published: Day::of(c.published),
        updated: Instant::local(c.timezone, c.updated),
        revision: c.revision,
        time_zone: c.timezone.name().to_string(),
        languages: c.languages.clone(),
        original: c.original.clone(),
        addresses: CampaignAddresses {
            json: x.at(&plan::campaign_json(lang, c)),
            notice: x.at(&plan::notice(lang, c)),
            schedule: x.at(&plan::schedule(lang, c)),
            schedule_xlsx: x.at(&plan::schedule_xlsx(lang, c)),
            schedule_csv: x.at(&plan::schedule_csv(lang, c)),
            calendar: x.at(&plan::campaign_feed(lang, c)),
        },
        translations: (c.languages.iter())
            .filter(|l| *l != lang)
            .map(|l| edition(&x.addresses, c, l))
            .collect(),
        campuses: c.campuses.iter().map(|k| x.campus(k)).collect(),
        venues: c.venues.iter().map(|v| x.venue(v)).collect(),
        schools: c.schools.iter().map(|s| x.school(s)).collect(),
        sessions: c.sessions.iter().map(|s| x.session(s)).collect(),
        deadlines: c.deadlines.iter().map(|d| x.deadline(d)).collect(),
        steps: c.steps.iter().map(|s| x.step(s)).collect(),
        requirements: c.requirements.iter().map(|r| x.requirement(r)).collect(),
        fees: c.fees.iter().map(|f| x.fee(f)).collect(),
        contacts: c.contacts.iter().map(|k| x.contact(k)).collect(),
        links: c.links.iter().map(|l| x.link(l)).collect(),
        attachments: c.attachments.iter().map(|a| x.attachment(a)).collect(),
        changes: x.changes(),
    };
    to_json(&Document::Campaign(Box::new(export)))
}

/// `campaigns.json`: every campaign of the site.
pub fn index(content: &Content) -> Vec<u8> {
    let site = &content.site;
    let addresses = Addresses::new(&site.base_url);
    let campaigns = (content.campaigns.iter())
        .map(|c| entry(&addresses, &site.languages, c))
        .collect();
    let index = SiteIndex {
        format: FORMAT,
        title: site.title.0.clone(),
        base_url: site.base_url.clone(),
        languages: (site.languages.iter())
            .map(|l| SiteLanguage {
                language: l.clone(),
                home: addresses.of(&plan::home(l)),
                atom: addresses.of(&plan::atom(l)),
            })
            .collect(),
        time_zone: site.timezone.name().to_string(),
        campaigns,
    };
    to_json(&Document::Index(index))
}

/// The name `noticeboard schema` gives [`schema`]'s file in `schemas/`.
pub const SCHEMA_FILE: &str = "export.schema.json";

/// The JSON Schema (draft-07) of both documents, as committed in
/// `schemas/export.schema.json`.
pub fn schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Document>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Campaign `c` as the index lists it.
fn entry(addresses: &Addresses, languages: &[String], c: &Campaign) -> IndexEntry {
    let scheduled = || (c.sessions.iter()).filter(|s| s.status == SessionStatus::Scheduled);
    let deadline_days = (c.deadlines.iter())
        .filter_map(|d| c.deadline_days(d, None))
        .flat_map(|(first, last)| [first, last]);
    let days: Vec<chrono::NaiveDate> = scheduled()
        .flat_map(|s| s.days())
        .chain(deadline_days)
        .collect();
    IndexEntry {
        id: c.id.clone(),
        published: Day::of(c.published),
        updated: Instant::local(c.timezone, c.updated),
        revision: c.revision,
        time_zone: c.timezone.name().to_string(),
        first_day: days.iter().min().copied().map(Day::of),
        last_day: days.iter().max().copied().map(Day::of),
        pending: scheduled().any(|s| s.announced_date().is_none()),
        original: c.original.clone(),
        editions: (languages.iter())
            .filter(|l| c.has_language(l))
            .map(|l| edition(addresses, c, l))
            .collect(),
    }
}

fn edition(addresses: &Addresses, c: &Campaign, lang: &str) -> Edition {
    Edition {
        language: lang.to_string(),
        title: c.title.get(lang).to_string(),
        summary: c.summary(lang).to_string(),
        json: addresses.of(&plan::campaign_json(lang, c)),
        notice: addresses.of(&plan::notice(lang, c)),
        calendar: addresses.of(&plan::campaign_feed(lang, c)),
    }
}

fn audience(x: &Export, a: &Audience) -> AudienceExport {
    match a {
        Audience::Students => AudienceExport::Students,
        Audience::Part(who) => AudienceExport::Part { who: x.t(who) },
        Audience::Role(id) => AudienceExport::Role {
            role: id.clone(),
            name: (x.content.site.role(id))
                .map(|r| x.t(&r.name))
                .unwrap_or_default(),
        },
    }
}

/// Pretty-printed (people read these files while writing the code that
/// reads them), ending in a newline. Serializing these types into memory
/// cannot fail.
fn to_json(document: &Document) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
