//! The campaign's other items in the export: campuses, venues, schools
//! (with their pages and feeds), steps, requirements, fees, contacts, links
//! and attachments (with their files, guides and each school's versions).

use schemars::JsonSchema;
use serde::Serialize;

use super::values::Address;
use super::{Export, audience};
use crate::model::{
    Attachment, Campus, Contact, Days, Fee, Link, PublishedFile, Requirement, RequirementCategory,
    School, Step, Venue,
};
use crate::plan;

/// Whom an item is for.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schemars(rename = "Audience")]
pub enum AudienceExport {
    /// Every student concerned.
    Students,
    /// A part of the students (a cohort, students abroad), named.
    Part { who: String },
    /// A role of the site (school office staff, teachers): `role` is its
    /// id, `name` its name.
    Role { role: String, name: String },
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Campus")]
pub struct CampusExport {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Venue")]
pub struct VenueExport {
    pub id: String,
    pub name: String,
    /// A campus id (see `campuses`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campus: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Metro exit, landmarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directions: Option<String>,
    /// Opening hours, for places students visit on their own.
    pub hours: Vec<super::schedule::TimeRangeExport>,
    pub phones: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "School")]
pub struct SchoolExport {
    pub id: String,
    /// The id its page and calendars were first published under, when
    /// renamed since: their addresses keep it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campus: Option<String>,
    /// The school's own contact; without it, the campaign's `contacts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<SchoolContactExport>,
    /// The school's page, its iCalendar feed, and the feed of what its
    /// staff (a role) are to do, when it has such items with dates.
    pub page: Address,
    pub calendar: Address,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff_calendar: Option<Address>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SchoolContact")]
pub struct SchoolContactExport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Step")]
pub struct StepExport {
    pub id: String,
    pub title: String,
    /// CommonMark Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Attachment ids and deadline ids it refers to.
    pub attachments: Vec<String>,
    pub deadlines: Vec<String>,
    pub audience: AudienceExport,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Requirement")]
pub struct RequirementExport {
    pub id: String,
    pub category: Category,
    pub text: String,
    /// The one session it belongs to, if not the whole campaign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    pub audience: AudienceExport,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Documents,
    Attire,
    Appearance,
    Conduct,
    Photo,
    Other,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Fee")]
pub struct FeeExport {
    pub id: String,
    /// A decimal amount as the notice writes it (`25`, `25.50`): a string,
    /// so no precision is lost.
    pub amount: String,
    /// ISO 4217: `CNY`.
    pub currency: String,
    /// What it pays for.
    pub covers: String,
    /// How to pay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<String>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Contact")]
pub struct ContactExport {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<HoursExport>,
    pub audience: AudienceExport,
}

/// When a contact answers.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Hours")]
pub struct HoursExport {
    pub days: DaysExport,
    pub times: Vec<super::schedule::TimeRangeExport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Days")]
pub enum DaysExport {
    Daily,
    Weekdays,
    /// The university's office hours.
    OfficeHours,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Link")]
pub struct LinkExport {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// An attachment of the notice: a guide page, a file, or both.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Attachment")]
pub struct AttachmentExport {
    pub id: String,
    /// The number the notice gives it: `1`, `3-1`.
    pub number: String,
    pub title: String,
    /// Its guide page, when it has one in this language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guide: Option<Address>,
    /// Its file in this language, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<FileExport>,
    /// The schools that have their own version of its guide or file.
    pub school_versions: Vec<SchoolVersion>,
}

#[derive(Serialize, JsonSchema)]
pub struct SchoolVersion {
    pub school: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guide: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<FileExport>,
}

/// A file the site publishes as it is.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "File")]
pub struct FileExport {
    /// Its path in the campaign's folder: `attachments/schedule.xlsx`.
    pub name: String,
    /// The name to save it under, in this language (`附件4 各校园安排.xlsx`):
    /// `name` is made of ids.
    pub download_name: String,
    /// Its extension, lower case: `xlsx`, `pdf`.
    #[serde(rename = "type")]
    pub kind: String,
    /// In bytes.
    pub size: u64,
    /// Width and height in pixels, for an image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    pub address: Address,
}

impl Export<'_> {
    pub fn campus(&self, c: &Campus) -> CampusExport {
        CampusExport {
            id: c.id.clone(),
            name: self.t(&c.name),
        }
    }

    pub fn venue(&self, v: &Venue) -> VenueExport {
        VenueExport {
            id: v.id.clone(),
            name: self.t(&v.name),
            campus: v.campus.clone(),
            address: v.address.as_ref().map(|t| self.t(t)),
            directions: v.directions.as_ref().map(|t| self.t(t)),
            hours: v.hours.iter().map(super::schedule::time_range).collect(),
            phones: v.phones.clone(),
        }
    }

    pub fn school(&self, s: &School) -> SchoolExport {
        let (c, lang) = (self.campaign, self.lang);
        SchoolExport {
            id: s.id.clone(),
            was: s.was.clone(),
            name: self.t(&s.name),
            campus: s.campus.clone(),
            contact: s.contact.as_ref().map(|k| SchoolContactExport {
                person: k.person.as_ref().map(|t| self.t(t)),
                phone: k.phone.clone(),
                email: k.email.clone(),
            }),
            page: self.at(&plan::school(lang, c, s)),
            calendar: self.at(&plan::school_feed(lang, c, s)),
            staff_calendar: self.calendar(&plan::staff_feed(lang, c, s)),
        }
    }

    pub fn step(&self, s: &Step) -> StepExport {
        StepExport {
            id: s.id.clone(),
            title: self.t(&s.title),
            text: s.text.as_ref().map(|t| self.t(t)),
            attachments: s.attachments.clone(),
            deadlines: s.deadlines.clone(),
            audience: audience(self, &s.audience),
        }
    }

    pub fn requirement(&self, r: &Requirement) -> RequirementExport {
        RequirementExport {
            id: r.id.clone(),
            category: match r.category {
                RequirementCategory::Documents => Category::Documents,
                RequirementCategory::Attire => Category::Attire,
                RequirementCategory::Appearance => Category::Appearance,
                RequirementCategory::Conduct => Category::Conduct,
                RequirementCategory::Photo => Category::Photo,
                RequirementCategory::Other => Category::Other,
            },
            text: self.t(&r.text),
            session: r.session.clone(),
            audience: audience(self, &r.audience),
        }
    }

    pub fn fee(&self, f: &Fee) -> FeeExport {
        FeeExport {
            id: f.id.clone(),
            amount: f.amount.clone(),
            currency: f.currency.clone(),
            covers: self.t(&f.covers),
            payment: f.payment.as_ref().map(|t| self.t(t)),
        }
    }

    pub fn contact(&self, k: &Contact) -> ContactExport {
        ContactExport {
            id: k.id.clone(),
            name: self.t(&k.name),
            role: k.role.as_ref().map(|t| self.t(t)),
            office: k.office.as_ref().map(|t| self.t(t)),
            phones: k.phones.clone(),
            emails: k.emails.clone(),
            hours: k.hours.as_ref().map(|h| HoursExport {
                days: match h.days {
                    Days::Daily => DaysExport::Daily,
                    Days::Weekdays => DaysExport::Weekdays,
                    Days::OfficeHours => DaysExport::OfficeHours,
                },
                times: h.times.iter().map(super::schedule::time_range).collect(),
                note: h.note.as_ref().map(|t| self.t(t)),
            }),
            audience: audience(self, &k.audience),
        }
    }

    pub fn link(&self, l: &Link) -> LinkExport {
        LinkExport {
            id: l.id.clone(),
            title: self.t(&l.title),
            url: l.url.clone(),
        }
    }

    pub fn attachment(&self, a: &Attachment) -> AttachmentExport {
        let (c, lang) = (self.campaign, self.lang);
        let school_versions = (c.schools.iter())
            .filter_map(|s| {
                let guide =
                    plan::has_override(s, a, lang).then(|| plan::school_guide(lang, c, s, a));
                let file = (s.files.get(&a.id))
                    .and_then(|choice| choice.get(lang))
                    .and_then(|name| c.files.get(name));
                (guide.is_some() || file.is_some()).then(|| SchoolVersion {
                    school: s.id.clone(),
                    guide: guide.map(|g| self.at(&g)),
                    file: file.map(|f| self.file(a, f)),
                })
            })
            .collect();
        AttachmentExport {
            id: a.id.clone(),
            number: a.number.clone(),
            title: self.t(&a.title),
            guide: (a.body.contains_key(lang)).then(|| self.at(&plan::guide(lang, c, a))),
            file: (c.attachment_file(a, None, lang)).map(|(f, _)| self.file(a, f)),
            school_versions,
        }
    }

    fn file(&self, a: &Attachment, f: &PublishedFile) -> FileExport {
        let ext = crate::content::files::extension(&f.name).unwrap_or("");
        FileExport {
            name: f.name.clone(),
            download_name: crate::render::views::download_name(self.loc, self.lang, a, f),
            kind: ext.to_ascii_lowercase(),
            size: f.size,
            width: f.dimensions.map(|(w, _)| w),
            height: f.dimensions.map(|(_, h)| h),
            address: self.at(&plan::file(self.campaign, &f.name)),
        }
    }
}
