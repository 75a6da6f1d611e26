//! What the page templates see: the campaign resolved to one language,
//! dates formatted, Markdown rendered and every link already relative to the
//! page, so templates only lay things out.

use serde::Serialize;

use super::{Bodies, context, format};
use crate::calendar;
use crate::locales::Locales;
use chrono::NaiveDate;

use crate::model::{
    Attachment, Audience, Campaign, Contact, Days, Deadline, PublishedFile, Requirement, Role,
    School, Session, SessionStatus, Site, When,
};
use crate::plan::{self, OutPath};

/// Builds views for one page: its language and where it lives.
pub struct Views<'a> {
    pub loc: &'a Locales,
    pub lang: &'a str,
    pub here: OutPath,
    pub bodies: &'a Bodies<'a>,
    /// The site's roles, whose names label their items.
    pub roles: &'a [Role],
    /// Whether a role's items carry the role's name: everywhere but in
    /// that role's own section of a school page, which is headed by it.
    pub mark_roles: bool,
}

#[derive(Serialize)]
pub struct LinkView {
    pub text: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct TimelineItem {
    /// `session` or `deadline`, for styling.
    pub kind: &'static str,
    pub when_text: String,
    pub title: String,
    pub cancelled: bool,
    /// Whether it changed since it was first published (the page's change
    /// log says how).
    pub changed: bool,
    /// The item's own calendar file ("add this one"), where the page shows it.
    pub ics_href: Option<String>,
}

#[derive(Serialize)]
pub struct VenueView {
    pub name: String,
    pub address: Option<String>,
    pub directions: Option<String>,
    pub hours: Option<String>,
    pub phones: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct SlotView {
    pub time_text: String,
    /// Tells a school's several slots apart (a cohort).
    pub label: Option<String>,
    /// Who the slot is for when that is not (only) schools.
    pub group: Option<String>,
    pub schools: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct SessionView {
    pub id: String,
    pub title: Option<String>,
    pub date_text: String,
    pub times_text: String,
    /// "分批签到：08:30、09:30"; `None` when the notice gives no rounds.
    pub rounds_text: Option<String>,
    pub venues: Vec<VenueView>,
    pub cancelled: bool,
    pub note: Option<String>,
    /// Who the session is for, when not all students: "（仅限女生）".
    pub audience: Option<String>,
    /// What the notice says about what is still to be announced.
    pub pending_note: Option<String>,
    /// How to book a place first, when the session requires it.
    pub booking: Option<BookingView>,
    /// The requirements that belong to this session only.
    pub requirements: Vec<RequirementView>,
    /// Every slot with its schools' links; empty on a school's page, which
    /// shows the school's own slot (`slot_text`) and would otherwise build
    /// a link to every school for every session.
    pub slots: Vec<SlotView>,
    /// On a school's page: its slot and when to arrive.
    pub slot_text: Option<String>,
    pub arrive_by: Option<String>,
    /// The session's own calendar file ("add this one"); `None` until its
    /// date and times are announced.
    pub ics_href: Option<String>,
}

#[derive(Serialize)]
pub struct BookingView {
    pub window_text: String,
    pub channel: String,
    pub url: Option<String>,
    pub rule: Option<String>,
}

#[derive(Serialize)]
pub struct DeadlineView {
    pub title: String,
    pub when_text: String,
    pub note: Option<String>,
    /// The deadline's own calendar file; `None` for a relative deadline.
    pub ics_href: Option<String>,
}

/// The ways to subscribe to a feed (see [`calendar::Subscription`]): the
/// download link is relative, the others are absolute.
#[derive(Serialize)]
pub struct SubscribeView {
    pub ics_href: String,
    pub webcal_url: String,
    pub google_url: String,
    pub outlook_url: String,
    pub outlook_work_url: String,
    /// Inline `<svg>` markup, made at build time.
    pub qr_svg: String,
}

#[derive(Serialize)]
pub struct ContactView {
    pub name: String,
    pub role: Option<String>,
    pub office: Option<String>,
    pub phones: Vec<LinkView>,
    pub emails: Vec<LinkView>,
    /// Message key of the days (`hours-weekdays`) and the times.
    pub hours_days: Option<&'static str>,
    pub hours_times: Option<String>,
    pub hours_note: Option<String>,
}

#[derive(Serialize)]
pub struct AttachmentView {
    pub number: String,
    /// "附件4" / "Attachment 4": made here once rather than by a
    /// `fluent()` call per item per page in the theme.
    pub label: String,
    pub title: String,
    /// The guide's page; `None` for an attachment that is only a file.
    pub href: Option<String>,
    /// The attachment's file, if it has one.
    pub file: Option<FileView>,
    /// The guide or the file is the school's own version.
    pub school_version: bool,
}

/// A file to download, as a link shows it.
#[derive(Clone, Serialize)]
pub struct FileView {
    pub href: String,
    /// The name the file is saved under (`附件4 各校园安排.xlsx`), for the
    /// link's `download` attribute: the published file's own name is its
    /// id, which means nothing to a student looking in their downloads.
    pub download: String,
    /// Its type and size: "XLSX, 24 KB" / "XLSX，24 KB".
    pub meta: String,
    /// The same as an aside after the link: " (XLSX, 24 KB)" /
    /// "（XLSX，24 KB）".
    pub aside: String,
}

#[derive(Serialize)]
pub struct StepView {
    pub title: String,
    pub html: Option<String>,
    pub attachments: Vec<AttachmentView>,
    pub deadlines: Vec<DeadlineView>,
}

#[derive(Serialize)]
pub struct FeeView {
    pub amount: String,
    pub currency: String,
    pub covers: String,
    pub payment: Option<String>,
}

#[derive(Serialize)]
pub struct RequirementView {
    /// Message key of the category label.
    pub category: String,
    pub text: String,
}

/// What a school page shows one role (school offices, class leaders,
/// teachers) after the students' part: the role's sessions, deadlines,
/// steps, requirements and contacts that concern the school.
#[derive(Serialize)]
pub struct RoleView {
    pub id: String,
    pub name: String,
    pub sessions: Vec<SessionView>,
    pub deadlines: Vec<DeadlineView>,
    pub steps: Vec<StepView>,
    pub requirements: Vec<RequirementView>,
    pub contacts: Vec<ContactView>,
}

/// The head of every campaign page.
#[derive(Serialize)]
pub struct CampaignHead {
    pub title: String,
    pub document_number: Option<String>,
    pub issuer: String,
    pub audience: String,
    pub published: String,
    pub published_text: String,
    pub updated: String,
    pub updated_text: String,
    pub notice_href: String,
    pub schedule_href: String,
}

impl<'a> Views<'a> {
    fn link(&self, target: &OutPath) -> String {
        self.here.relative_to(target)
    }

    fn t(&self, text: &crate::model::Localized) -> String {
        text.get(self.lang).to_string()
    }

    pub fn head(&self, c: &Campaign) -> CampaignHead {
        CampaignHead {
            title: self.t(&c.title),
            document_number: c.document_number.as_ref().map(|d| self.t(d)),
            issuer: self.t(&c.issuer),
            audience: self.t(&c.audience),
            published: c.published.to_string(),
            published_text: format::date_short(self.loc, self.lang, c.published),
            updated: c.updated.format("%Y-%m-%dT%H:%M").to_string(),
            updated_text: format::moment(self.loc, self.lang, c.updated),
            notice_href: self.link(&plan::notice(self.lang, c)),
            schedule_href: self.link(&plan::schedule(self.lang, c)),
        }
    }

    /// Sessions and dated deadlines in date order (sessions first on a tie:
    /// they have times), for the key-dates timeline; with `add_links`, each
    /// links to its own calendar file. A school's timeline is its
    /// students': the items for a role are in that role's section.
    pub fn timeline(
        &self,
        c: &Campaign,
        school: Option<&School>,
        add_links: bool,
    ) -> Vec<TimelineItem> {
        let add = |path: OutPath| add_links.then(|| self.link(&path));
        let changed = self.changed_items();
        let changed = |kind: &str, id: &str| changed.contains(&format!("{kind}-{id}"));
        let mut items: Vec<(chrono::NaiveDateTime, TimelineItem)> = Vec::new();
        let shown = |audience: &Audience| school.is_none() || audience.is_students();
        for s in c.sessions.iter().filter(|s| shown(&s.audience)) {
            if school.is_some_and(|sc| !c.attends(s, &sc.id)) {
                continue;
            }
            let own = school
                .and_then(|sc| format::school_slots(self.loc, self.lang, s.slots_for(&sc.id)));
            let times = own.unwrap_or_else(|| self.times(s));
            let span = school.and_then(|sc| s.school_span(&sc.id));
            let start = span.map(|sp| sp.start).or(s.times.first().map(|t| t.start));
            // A session still to be announced comes last, saying so.
            let when_text = match s.announced_date() {
                Some(_) => format::session_days(self.loc, self.lang, s, Some(times)),
                None => self.pending(s),
            };
            let date = s.date.unwrap_or(NaiveDate::MAX);
            items.push((
                date.and_time(start.unwrap_or_default()),
                TimelineItem {
                    kind: "session",
                    when_text,
                    title: self.labelled(self.session_title(s), &s.audience),
                    cancelled: s.status == SessionStatus::Cancelled,
                    changed: changed("session", s.published_id()),
                    ics_href: s
                        .announced_date()
                        .and_then(|_| add(plan::session_event(self.lang, c, s))),
                },
            ));
        }
        for s in c.sessions.iter().filter(|s| shown(&s.audience)) {
            let Some(booking) = &s.booking else {
                continue;
            };
            if school.is_some_and(|sc| !c.attends(s, &sc.id)) {
                continue;
            }
            let opens = booking.start.opens();
            let session = self.session_title(s);
            items.push((
                opens,
                TimelineItem {
                    kind: "deadline",
                    when_text: format::window(self.loc, self.lang, booking.start, booking.end),
                    title: self.labelled(
                        self.loc
                            .text(self.lang, "kind-booking", &[("session", session)]),
                        &s.audience,
                    ),
                    cancelled: s.status == SessionStatus::Cancelled,
                    changed: changed("booking", s.published_id()),
                    ics_href: None,
                },
            ));
        }
        for d in c.deadlines.iter().filter(|d| shown(&d.audience)) {
            if school.is_some_and(|sc| !d.applies_to(&sc.id)) {
                continue;
            }
            let days = c.deadline_days(d, school.map(|sc| sc.id.as_str()));
            if let Some((day, _)) = days {
                let at = match d.when {
                    When::At(at) => at,
                    _ => day.and_hms_opt(23, 59, 0).unwrap_or_default(),
                };
                items.push((
                    at,
                    TimelineItem {
                        kind: "deadline",
                        when_text: context::when_text(
                            self.loc,
                            c,
                            d,
                            school.map(|sc| sc.id.as_str()),
                            self.lang,
                        ),
                        title: self.labelled(self.t(&d.title), &d.audience),
                        cancelled: false,
                        changed: changed("deadline", d.published_id()),
                        ics_href: add(plan::deadline_event(self.lang, c, d)),
                    },
                ));
            }
        }
        items.sort_by_key(|(at, _)| *at);
        items.into_iter().map(|(_, item)| item).collect()
    }

    /// A session's title, or "session" for one without.
    pub(super) fn session_title(&self, s: &Session) -> String {
        match &s.title {
            Some(title) => self.t(title),
            None => self.loc.text(self.lang, "kind-session", &[]),
        }
    }

    /// `text`, marked with whom it is for when that is not every
    /// student: "…（仅限女生）", "…（学院办公室）".
    fn labelled(&self, text: String, audience: &Audience) -> String {
        match self.audience_label(audience) {
            Some(label) => text + &label,
            None => text,
        }
    }

    /// The mark [`Views::labelled`] adds, if any.
    fn audience_label(&self, audience: &Audience) -> Option<String> {
        match audience {
            Audience::Students => None,
            Audience::Part(who) => Some(self.loc.text(
                self.lang,
                "only-for",
                &[("who", self.t(who))],
            )),
            Audience::Role(_) if !self.mark_roles => None,
            Audience::Role(id) => {
                let name = self.roles.iter().find(|r| &r.id == id)?;
                Some(
                    self.loc
                        .text(self.lang, "for-role", &[("role", self.t(&name.name))]),
                )
            }
        }
    }

    fn times(&self, s: &Session) -> String {
        format::session_times(self.loc, self.lang, &s.times)
    }

    /// What is known of a session not yet announced in full: "to be
    /// announced", or its date with "to be announced" for the times.
    fn pending(&self, s: &Session) -> String {
        let pending = self.loc.text(self.lang, "pending", &[]);
        match s.date {
            Some(date) => format::date_time(self.loc, self.lang, date, pending),
            None => pending,
        }
    }

    /// A deadline as everyone sees it, or as `school` does (on its date
    /// when counted from each school's slot). Its own calendar file exists
    /// when it has one date for the whole campaign.
    pub fn deadline(&self, c: &Campaign, d: &Deadline, school: Option<&School>) -> DeadlineView {
        let school = school.map(|sc| sc.id.as_str());
        DeadlineView {
            title: self.labelled(self.t(&d.title), &d.audience),
            when_text: context::when_text(self.loc, c, d, school, self.lang),
            note: d.note.as_ref().map(|n| self.t(n)),
            ics_href: c
                .deadline_days(d, None)
                .map(|_| self.link(&plan::deadline_event(self.lang, c, d))),
        }
    }

    /// How to subscribe to `feed`, whose calendar is called `name`, in
    /// `section` of a page.
    pub fn subscribe(
        &self,
        site: &Site,
        feed: &OutPath,
        name: &str,
        section: calendar::Section,
    ) -> SubscribeView {
        let s = calendar::subscription(site, self.loc, self.lang, feed, name, section);
        SubscribeView {
            ics_href: self.link(feed),
            webcal_url: s.webcal_url,
            google_url: s.google_url,
            outlook_url: s.outlook_url,
            outlook_work_url: s.outlook_work_url,
            qr_svg: s.qr_svg,
        }
    }

    /// Deadlines without one calendar date for the whole campaign
    /// (relative to each student, or to each school's slot).
    pub fn undated_deadlines(&self, c: &Campaign) -> Vec<DeadlineView> {
        let undated = c
            .deadlines
            .iter()
            .filter(|d| c.deadline_days(d, None).is_none());
        undated.map(|d| self.deadline(c, d, None)).collect()
    }

    pub fn session(&self, c: &Campaign, s: &Session, school: Option<&School>) -> SessionView {
        let arrive = school
            .and_then(|sc| s.school_span(&sc.id))
            .map(|span| span.start - chrono::Duration::minutes(s.arrive_early_minutes.into()));
        SessionView {
            id: s.id.clone(),
            title: s.title.as_ref().map(|t| self.t(t)),
            date_text: format::session_days(self.loc, self.lang, s, None),
            times_text: self.times(s),
            rounds_text: (!s.rounds.is_empty()).then(|| {
                let times = s.rounds.iter().map(|t| format::time(*t));
                let rounds = format::list(self.loc, self.lang, times);
                self.loc
                    .text(self.lang, "session-rounds", &[("rounds", rounds)])
            }),
            pending_note: s.pending_note.as_ref().map(|n| self.t(n)),
            requirements: self.requirements(c, Some(s)),
            booking: s.booking.as_ref().map(|b| BookingView {
                window_text: format::window(self.loc, self.lang, b.start, b.end),
                channel: self.t(&b.channel),
                url: b.url.clone(),
                rule: b.rule.as_ref().map(|r| self.t(r)),
            }),
            venues: s
                .venues
                .iter()
                .filter_map(|id| c.venue(id))
                .map(|v| VenueView {
                    name: self.t(&v.name),
                    address: v.address.as_ref().map(|a| self.t(a)),
                    directions: v.directions.as_ref().map(|a| self.t(a)),
                    hours: (!v.hours.is_empty()).then(|| {
                        let hours = v
                            .hours
                            .iter()
                            .map(|h| format::time_range(self.loc, self.lang, h));
                        format::list(self.loc, self.lang, hours)
                    }),
                    phones: v.phones.iter().map(|p| tel(p)).collect(),
                })
                .collect(),
            cancelled: s.status == SessionStatus::Cancelled,
            note: s.note.as_ref().map(|n| self.t(n)),
            audience: self.audience_label(&s.audience),
            slots: s
                .slots
                .iter()
                .filter(|_| school.is_none())
                .map(|slot| SlotView {
                    time_text: format::session_times(self.loc, self.lang, &slot.times),
                    label: slot.label.as_ref().map(|l| self.t(l)),
                    group: slot.group.as_ref().map(|g| self.t(g)),
                    schools: slot
                        .schools
                        .iter()
                        .filter_map(|id| c.school(id))
                        .map(|sc| self.school_link(c, sc))
                        .collect(),
                })
                .collect(),
            // In a session without slots, a school's time is the session's.
            slot_text: school.map(|sc| {
                format::school_slots(self.loc, self.lang, s.slots_for(&sc.id))
                    .unwrap_or_else(|| self.times(s))
            }),
            arrive_by: arrive.map(format::time),
            ics_href: s.announced_date().map(|_| {
                self.link(&match school {
                    Some(sc) => plan::school_session_event(self.lang, c, sc, s),
                    None => plan::session_event(self.lang, c, s),
                })
            }),
        }
    }

    /// Every session, by date then start time.
    pub fn sessions(&self, c: &Campaign) -> Vec<SessionView> {
        let sessions = in_date_order(c);
        sessions.iter().map(|s| self.session(c, s, None)).collect()
    }

    /// A section for each role with items concerning `school`, in the
    /// order the site lists the roles. Its items go unmarked: the
    /// section's heading names the role.
    pub fn roles(&self, c: &Campaign, school: &School) -> Vec<RoleView> {
        let plain = Views {
            here: self.here.clone(),
            mark_roles: false,
            ..*self
        };
        (self.roles.iter())
            .filter(|role| c.has_staff_items(&school.id, Some(&role.id)))
            .map(|role| {
                let mine = |a: &Audience| a.role() == Some(role.id.as_str());
                RoleView {
                    id: role.id.clone(),
                    name: self.t(&role.name),
                    sessions: (c.sessions_for(&school.id))
                        .filter(|s| mine(&s.audience))
                        .map(|s| plain.session(c, s, Some(school)))
                        .collect(),
                    deadlines: (c.deadlines_for(&school.id))
                        .filter(|d| mine(&d.audience))
                        .map(|d| plain.deadline(c, d, Some(school)))
                        .collect(),
                    steps: plain.steps(c, mine),
                    requirements: (c.requirements.iter())
                        .filter(|r| r.session.is_none() && mine(&r.audience))
                        .map(|r| plain.requirement(r))
                        .collect(),
                    contacts: (c.contacts.iter())
                        .filter(|k| mine(&k.audience))
                        .map(|k| plain.contact(k))
                        .collect(),
                }
            })
            .collect()
    }

    pub fn school_link(&self, c: &Campaign, s: &School) -> LinkView {
        LinkView {
            text: self.t(&s.name),
            href: self.link(&plan::school(self.lang, c, s)),
        }
    }

    pub fn contact(&self, contact: &Contact) -> ContactView {
        ContactView {
            name: self.labelled(self.t(&contact.name), &contact.audience),
            role: contact.role.as_ref().map(|r| self.t(r)),
            office: contact.office.as_ref().map(|o| self.t(o)),
            phones: contact.phones.iter().map(|p| tel(p)).collect(),
            emails: contact.emails.iter().map(|e| mailto(e)).collect(),
            hours_days: contact.hours.as_ref().map(|h| match h.days {
                Days::Daily => "hours-daily",
                Days::Weekdays => "hours-weekdays",
                Days::OfficeHours => "hours-office-hours",
            }),
            hours_times: contact.hours.as_ref().map(|h| {
                let times = h
                    .times
                    .iter()
                    .map(|t| format::time_range(self.loc, self.lang, t));
                format::list(self.loc, self.lang, times)
            }),
            hours_note: contact
                .hours
                .as_ref()
                .and_then(|h| h.note.as_ref())
                .map(|n| self.t(n)),
        }
    }

    /// A school's own contact, if it has one.
    pub fn school_contact(&self, school: &School) -> Option<ContactView> {
        let c = school.contact.as_ref()?;
        Some(ContactView {
            name: c
                .person
                .as_ref()
                .map(|p| self.t(p))
                .unwrap_or_else(|| self.t(&school.name)),
            role: None,
            office: None,
            phones: c.phone.iter().map(|p| tel(p)).collect(),
            emails: c.email.iter().map(|e| mailto(e)).collect(),
            hours_days: None,
            hours_times: None,
            hours_note: None,
        })
    }

    /// The attachments, linking to `school`'s own version where it has one.
    pub fn attachments(&self, c: &Campaign, school: Option<&School>) -> Vec<AttachmentView> {
        let ids: Vec<&str> = c.attachments.iter().map(|a| a.id.as_str()).collect();
        self.attachment_list(c, &ids, school)
    }

    fn attachment_list(
        &self,
        c: &Campaign,
        ids: &[&str],
        school: Option<&School>,
    ) -> Vec<AttachmentView> {
        ids.iter()
            .filter_map(|id| c.attachment(id))
            .map(|a| {
                let own = school.filter(|s| plan::has_override(s, a, self.lang));
                let target = match own {
                    Some(s) => Some(plan::school_guide(self.lang, c, s, a)),
                    None => a
                        .body
                        .contains_key(self.lang)
                        .then(|| plan::guide(self.lang, c, a)),
                };
                let file = c.attachment_file(a, school, self.lang);
                AttachmentView {
                    number: a.number.clone(),
                    label: self.loc.text(
                        self.lang,
                        "guide-number",
                        &[("number", a.number.clone())],
                    ),
                    title: self.t(&a.title),
                    href: target.map(|t| self.link(&t)),
                    school_version: own.is_some() || file.is_some_and(|(_, own)| own),
                    file: file.map(|(f, _)| self.file(c, a, f)),
                }
            })
            .collect()
    }

    /// How a link offers attachment `a`'s file `f` to download.
    ///
    /// The whole view is the same on every page in one language at the
    /// same depth (every school's page), so it is made once per language
    /// and depth and kept with the bodies of the pages' group.
    pub fn file(&self, c: &Campaign, a: &Attachment, f: &PublishedFile) -> FileView {
        let dir = self.here.0.rsplit_once('/').map_or("", |(dir, _)| dir);
        // A link from a page outside `files/` climbs out of each of its
        // folders: only their number matters.
        if dir == "files" || dir.starts_with("files/") {
            return self.make_file(c, a, f);
        }
        let depth = dir.split('/').filter(|s| !s.is_empty()).count();
        // The attachment and the file are the campaign's, which outlives
        // the bodies: where they are names them.
        let key = (
            depth,
            std::ptr::from_ref(a) as usize,
            std::ptr::from_ref(f) as usize,
        );
        let made = self.bodies.file_views.borrow();
        if let Some(view) = made.get(self.lang).and_then(|views| views.get(&key)) {
            return view.clone();
        }
        drop(made);
        let view = self.make_file(c, a, f);
        (self.bodies.file_views.borrow_mut())
            .entry(self.lang.to_string())
            .or_default()
            .insert(key, view.clone());
        view
    }

    fn make_file(&self, c: &Campaign, a: &Attachment, f: &PublishedFile) -> FileView {
        let ext = crate::content::files::extension(&f.name).unwrap_or("");
        let meta = format::file_meta(self.loc, self.lang, ext, f.size);
        FileView {
            href: plan::file_href(&self.here, c, &f.name),
            download: download_name(self.loc, self.lang, a, f),
            aside: self.loc.text(self.lang, "aside", &[("text", meta.clone())]),
            meta,
        }
    }

    /// The steps `wanted` picks by audience, in order.
    pub fn steps(&self, c: &Campaign, wanted: impl Fn(&Audience) -> bool) -> Vec<StepView> {
        c.steps
            .iter()
            .filter(|step| wanted(&step.audience))
            .map(|step| {
                let ids: Vec<&str> = step.attachments.iter().map(String::as_str).collect();
                StepView {
                    title: self.labelled(self.t(&step.title), &step.audience),
                    html: step
                        .text
                        .as_ref()
                        .map(|t| self.bodies.markdown(t.get(self.lang))),
                    attachments: self.attachment_list(c, &ids, None),
                    deadlines: step
                        .deadlines
                        .iter()
                        .filter_map(|id| c.deadlines.iter().find(|d| &d.id == id))
                        .map(|d| self.deadline(c, d, None))
                        .collect(),
                }
            })
            .collect()
    }

    pub fn fees(&self, c: &Campaign) -> Vec<FeeView> {
        c.fees
            .iter()
            .map(|f| FeeView {
                amount: f.amount.clone(),
                currency: f.currency.clone(),
                covers: self.t(&f.covers),
                payment: f.payment.as_ref().map(|p| self.t(p)),
            })
            .collect()
    }

    /// The requirements for every session (`None`), or those that belong
    /// to one session only and to whoever comes to it (the students'
    /// dress code is not for the teachers keeping order).
    pub fn requirements(&self, c: &Campaign, session: Option<&Session>) -> Vec<RequirementView> {
        let own = |r: &&Requirement| match session {
            None => r.session.is_none(),
            Some(s) => {
                r.session.as_deref() == Some(s.id.as_str())
                    && r.audience.role() == s.audience.role()
            }
        };
        c.requirements
            .iter()
            .filter(own)
            .map(|r| self.requirement(r))
            .collect()
    }

    fn requirement(&self, r: &Requirement) -> RequirementView {
        RequirementView {
            category: format!("requirement-{}", category_name(r.category)),
            text: self.labelled(self.t(&r.text), &r.audience),
        }
    }

    pub fn links(&self, c: &Campaign) -> Vec<LinkView> {
        c.links
            .iter()
            .map(|l| LinkView {
                text: self.t(&l.title),
                href: l.url.clone(),
            })
            .collect()
    }
}

/// The name attachment `a`'s file `f` is saved under in `lang`
/// (`附件4 各校园安排.xlsx`): the published file's own name is its id,
/// which means nothing to a student looking in their downloads.
pub fn download_name(loc: &Locales, lang: &str, a: &Attachment, f: &PublishedFile) -> String {
    let ext = crate::content::files::extension(&f.name).unwrap_or("");
    let number = loc.text(lang, "guide-number", &[("number", a.number.clone())]);
    let name = format!("{number} {}", a.title.get(lang));
    format!("{}.{}", format::file_name(&name), ext.to_ascii_lowercase())
}

/// A campaign's sessions by date then start time, those still to be
/// announced last: the order of the schedule page and of its spreadsheet.
pub fn in_date_order(c: &Campaign) -> Vec<&Session> {
    let mut sessions: Vec<&Session> = c.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.date.is_none(), s.date, s.times.first().map(|t| t.start)));
    sessions
}

fn category_name(c: crate::model::RequirementCategory) -> &'static str {
    use crate::model::RequirementCategory::*;
    match c {
        Documents => "documents",
        Attire => "attire",
        Appearance => "appearance",
        Conduct => "conduct",
        Photo => "photo",
        Other => "other",
    }
}

/// A phone number (checked by validation) as a `tel:` link: its digits,
/// a leading `+` and hyphens, and an extension as RFC 3966 writes it.
fn tel(number: &str) -> LinkView {
    let (main, extension) = crate::validate::fields::split_extension(number);
    let mut href: String = "tel:"
        .chars()
        .chain(
            main.chars()
                .filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-'),
        )
        .collect();
    if let Some(extension) = extension {
        href.push_str(";ext=");
        href.push_str(extension);
    }
    LinkView {
        text: number.to_string(),
        href,
    }
}

fn mailto(address: &str) -> LinkView {
    LinkView {
        text: address.to_string(),
        href: format!("mailto:{address}"),
    }
}
