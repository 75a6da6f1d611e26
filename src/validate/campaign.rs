//! Building one [`Campaign`] from its `campaign.yaml` and Markdown files.

use chrono::NaiveTime;

use crate::content::CampaignSources;
use crate::content::raw::{self, S, pos};
use crate::diagnostic::{Diagnostics, Pos};
use crate::model::*;

use super::fields::Fields;
use super::ids::Ids;
use super::{audience, counted, days, documents, files, rules, sheet_slots, timezone};

/// Validates one campaign; `None` if it has any error (all of them reported).
pub fn validate(site: &Site, sources: &CampaignSources, out: &mut Diagnostics) -> Option<Campaign> {
    let raw = sources.definition.as_ref()?;
    let errors_before = out.error_count();
    let mut f = Fields {
        file: &sources.file,
        languages: &site.languages,
        site_languages: &site.languages,
        out: &mut *out,
    };
    let (languages, original) = languages(&mut f, site, raw);
    f.languages = &languages;

    let id = f.id(&raw.id, "campaign");
    if id.as_deref().is_some_and(|id| id != sources.folder) {
        f.error(
            pos(&raw.id),
            format!(
                "the campaign id `{}` differs from its folder name `{}`",
                raw.id.value, sources.folder
            ),
            "the folder under content/ and the `id` must be the same; rename one of them",
        );
    }
    let ids = Ids::collect(&mut f, raw);

    let title = f.text(&raw.title, "title");
    let document_number = f.opt_text(&raw.document_number, "document_number");
    let short_title = f.opt_text(&raw.short_title, "short_title");
    let issuer = f.text(&raw.issuer, "issuer");
    let issuer_email = raw.issuer_email.as_ref().map(|email| {
        check_email(&mut f, email);
        email.value.trim().to_string()
    });
    let published = f.date(&raw.published, "published");
    let updated = f.datetime(&raw.updated, "updated");
    let timezone = match &raw.timezone {
        Some(tz) => timezone(&mut f, tz),
        None => Some(site.timezone),
    };
    let audience = f.text(&raw.audience, "audience");
    let eligibility = f.text(&raw.eligibility, "eligibility");
    let published_by = f.opt_text(&raw.published_by, "published_by");
    let reviewed_by = f.opt_text(&raw.reviewed_by, "reviewed_by");
    if let (Some(p), Some(u)) = (published, updated)
        && u.date() < p
    {
        f.error(
            pos(&raw.updated),
            format!(
                "`updated` ({}) is before `published` ({p})",
                u.format("%Y-%m-%d %H:%M")
            ),
            "`updated` is when the notice last changed; it cannot be earlier than its publication",
        );
    }

    let campuses = all(raw.campuses.iter().map(|c| campus(&mut f, c)));
    let venues = all(raw.venues.iter().map(|v| venue(&mut f, &ids, v)));
    let schools = all(raw.schools.iter().map(|s| school(&mut f, &ids, s)));
    let minutes = default_session_minutes(&mut f, raw);
    let sessions = all(raw
        .sessions
        .iter()
        .map(|s| session(&mut f, &ids, &site.roles, s, minutes)));
    let (sessions, sheet_places) = sheet_slots::attach(&mut f, raw, sources, sessions);
    let deadlines = all(raw
        .deadlines
        .iter()
        .map(|d| deadline(&mut f, &ids, &site.roles, d)));
    let deadlines = match (deadlines, &sessions) {
        (Some(deadlines), Some(sessions)) => counted::settle(&mut f, raw, sessions, deadlines),
        _ => None,
    };
    let steps = all(raw.steps.iter().map(|s| step(&mut f, &ids, &site.roles, s)));
    let requirements = all(raw
        .requirements
        .iter()
        .map(|r| requirement(&mut f, &ids, &site.roles, r)));
    let fees = all(raw.fees.iter().map(|x| fee(&mut f, x)));
    let contacts = all(raw.contacts.iter().map(|c| contact(&mut f, &site.roles, c)));
    let links = all(raw.links.iter().map(|l| link(&mut f, l)));
    let attachments = all(raw.attachments.iter().map(|a| attachment(&mut f, a)));
    let reminders = raw
        .reminders
        .as_ref()
        .map(|r| reminders(&mut f, r))
        .unwrap_or(Some(Reminders::default()));

    if raw.sessions.is_empty() && raw.deadlines.is_empty() {
        f.error(
            Pos::START,
            "this campaign has no sessions and no deadlines",
            "a campaign needs at least one session or deadline, or there is nothing to announce",
        );
    }

    let files = files::collect(&mut f, sources, &ids);
    let documents = documents::collect(&mut f, sources, &ids, &files.attachments);
    let built = (|| {
        Some(Campaign {
            id: id?,
            title: title?,
            document_number: document_number.ok()?,
            short_title: short_title.ok()?,
            issuer: issuer?,
            issuer_email,
            published: published?,
            updated: updated?,
            revision: raw.revision.as_ref().map_or(0, |r| r.value),
            timezone: timezone?,
            languages: languages.clone(),
            original,
            audience: audience?,
            eligibility: eligibility?,
            published_by: published_by.ok()?,
            reviewed_by: reviewed_by.ok()?,
            campuses: campuses?,
            venues: venues?,
            schools: schools?,
            sessions: sessions?,
            deadlines: deadlines?,
            steps: steps?,
            requirements: requirements?,
            fees: fees?,
            contacts: contacts?,
            links: links?,
            attachments: attachments?,
            reminders: reminders?,
            notice: Default::default(),
            files: Default::default(),
        })
    })();
    let mut campaign = built?;
    rules::campaign(&mut f, raw, &campaign, &sheet_places);
    documents.attach_to(&mut campaign);
    files.attach_to(&mut campaign);
    super::prose::check(&mut f, &campaign);
    (out.error_count() == errors_before).then_some(campaign)
}

/// The languages the campaign is published in (the site's, unless it
/// lists some: many notices exist only in Chinese) and its original, if it
/// names one. A misspelt tag with a close match (`zh_CN`) is reported and
/// counted as the match, so the texts are not all reported again.
fn languages(
    f: &mut Fields,
    site: &Site,
    raw: &raw::CampaignFile,
) -> (Vec<String>, Option<String>) {
    let mut languages: Vec<String> = Vec::new();
    if let Some(listed) = &raw.languages {
        if listed.value.is_empty() {
            f.error(
                pos(listed),
                "`languages` lists no language",
                "list the languages the notice is published in, e.g. `languages: [zh-CN]`, or remove `languages` to publish it in all of the site's",
            );
        }
        for lang in &listed.value {
            let tag = lang.value.trim();
            let normalized = tag.replace('_', "-").to_ascii_lowercase();
            let meant = (site.languages.iter()).find(|l| l.to_ascii_lowercase() == normalized);
            if meant.is_none_or(|m| m != tag) {
                let hint = f.language_hint(tag);
                f.error(
                    pos(lang),
                    format!("`{tag}` is not a configured language"),
                    hint,
                );
            } else if languages.iter().any(|l| l == tag) {
                f.error(
                    pos(lang),
                    format!("language `{tag}` is listed twice"),
                    "list each language once",
                );
            }
            if let Some(meant) = meant
                && !languages.contains(meant)
            {
                languages.push(meant.clone());
            }
        }
    }
    if languages.is_empty() {
        languages = site.languages.clone();
    }
    let original = raw.original.as_ref().and_then(|o| {
        let tag = o.value.trim();
        if languages.iter().any(|l| l == tag) {
            return Some(tag.to_string());
        }
        f.error(
            pos(o),
            format!("`original` is `{tag}`, which is not one of this campaign's languages"),
            format!(
                "`original` is the language the notice was written in, one of `languages`: {}",
                languages.join(", ")
            ),
        );
        None
    });
    (languages, original)
}

/// Collects every item's result, keeping going after a failure so each item
/// reports its own problems; `None` if any failed.
fn all<T>(items: impl Iterator<Item = Option<T>>) -> Option<Vec<T>> {
    let results: Vec<Option<T>> = items.collect();
    results.into_iter().collect()
}

fn campus(f: &mut Fields, c: &S<raw::CampusEntry>) -> Option<Campus> {
    let c = &c.value;
    Some(Campus {
        id: c.id.value.clone(),
        name: f.text(&c.name, "name")?,
    })
}

fn venue(f: &mut Fields, ids: &Ids, v: &S<raw::VenueEntry>) -> Option<Venue> {
    let v = &v.value;
    let name = f.text(&v.name, "name");
    let campus = v
        .campus
        .as_ref()
        .map(|c| f.reference(c, &ids.campuses, "campus", "campuses"));
    let address = f.opt_text(&v.address, "address");
    let directions = f.opt_text(&v.directions, "directions");
    let hours = all(v.hours.iter().map(|h| f.time_range(h, "hours")));
    let phones = all(v.phones.iter().map(|p| f.phone(p)));
    Some(Venue {
        id: v.id.value.clone(),
        name: name?,
        campus: campus.map(|c| c.ok_or(())).transpose().ok()?,
        address: address.ok()?,
        directions: directions.ok()?,
        hours: hours?,
        phones: phones?,
    })
}

fn school(f: &mut Fields, ids: &Ids, s: &S<raw::SchoolEntry>) -> Option<School> {
    let s = &s.value;
    let name = f.text(&s.name, "name");
    let campus = s
        .campus
        .as_ref()
        .map(|c| f.reference(c, &ids.campuses, "campus", "campuses"));
    let contact = match &s.contact {
        None => Ok(None),
        Some(c) => {
            let person = f.opt_text(&c.value.person, "person");
            if let Some(email) = &c.value.email {
                check_email(f, email);
            }
            let phone = c.value.phone.as_ref().map(|p| f.phone(p).ok_or(()));
            match (person, phone.transpose()) {
                (Ok(person), Ok(phone)) => Ok(Some(SchoolContact {
                    person,
                    phone,
                    email: c.value.email.as_ref().map(|e| e.value.trim().to_string()),
                })),
                _ => Err(()),
            }
        }
    };
    let was = s.was.as_ref().map(|w| f.id(w, "former school"));
    Some(School {
        id: s.id.value.clone(),
        was: was.map(|w| w.ok_or(())).transpose().ok()?,
        name: name?,
        campus: campus.map(|c| c.ok_or(())).transpose().ok()?,
        contact: contact.ok()?,
        overrides: Default::default(),
        files: Default::default(),
    })
}

/// A session; `minutes` is how long one given a start only lasts.
fn session(
    f: &mut Fields,
    ids: &Ids,
    roles: &[Role],
    entry: &S<raw::SessionEntry>,
    minutes: u32,
) -> Option<Session> {
    let s = &entry.value;
    let title = f.opt_text(&s.title, "title");
    let pending = pending_facts(f, entry);
    let days = days::days(f, entry, pending.date);
    let times = match (&s.times, pending.times) {
        (Some(times), false) => session_times(f, times, minutes),
        (None, true) => Some(Vec::new()),
        (given, _) => fact_and_pending(f, entry, "times", given.as_ref().map(pos)),
    };
    let venues = match (&s.venues, pending.venues) {
        (Some(venues), false) => session_venues(f, ids, venues),
        (None, true) => Some(Vec::new()),
        (given, _) => fact_and_pending(f, entry, "venues", given.as_ref().map(pos)),
    };
    let pending_note = f.opt_text(&s.pending_note, "pending_note");
    let booking = s.booking.as_ref().map(|b| self::booking(f, b));
    if let (Some(note), false) = (&s.pending_note, pending.any()) {
        f.error(
            pos(note),
            "`pending_note` is given, but nothing is pending",
            "list what is to be announced, e.g. `pending: [date]`, or remove the note",
        );
    }
    let campus = s
        .campus
        .as_ref()
        .map(|c| f.reference(c, &ids.campuses, "campus", "campuses"));
    let status = match s.status.as_ref().map(|v| v.value.as_str()) {
        None | Some("scheduled") => Some(SessionStatus::Scheduled),
        Some("cancelled") => Some(SessionStatus::Cancelled),
        Some(other) => {
            let at = s.status.as_ref().map(pos).unwrap_or(Pos::START);
            f.error(
                at,
                format!("unknown session status `{other}`"),
                "use `scheduled` or `cancelled`",
            );
            None
        }
    };
    let session_times = times.clone().unwrap_or_default();
    let slots = all(s
        .slots
        .iter()
        .map(|slot| self::slot(f, ids, slot, &session_times)));
    let note = f.opt_text(&s.note, "note");
    let rounds = self::rounds(f, &s.rounds, &session_times);
    let audience = audience::audience(f, roles, &s.audience, &s.only_for);
    let (fees, contacts) = (fee_refs(f, ids, &s.fees), contact_refs(f, ids, &s.contacts));
    let (date, recurrence) = days?;
    let was = s.was.as_ref().map(|w| f.id(w, "former session"));
    Some(Session {
        id: s.id.value.clone(),
        was: was.map(|w| w.ok_or(())).transpose().ok()?,
        title: title.ok()?,
        date,
        recurrence,
        times: times?,
        venues: venues?,
        pending_note: pending_note.ok()?,
        booking: booking.transpose().ok()?,
        campus: campus.map(|c| c.ok_or(())).transpose().ok()?,
        arrive_early_minutes: s
            .arrive_early_minutes
            .as_ref()
            .map(|m| m.value)
            .unwrap_or(0),
        status: status?,
        slots: slots?,
        rounds: rounds?,
        note: note.ok()?,
        audience: audience?,
        fees: fees?,
        contacts: contacts?,
    })
}

/// A session's or deadline's `fees`: ids of the campaign's fees.
fn fee_refs(f: &mut Fields, ids: &Ids, list: &[S<String>]) -> Option<Vec<String>> {
    all(list
        .iter()
        .map(|x| f.reference(x, &ids.fees, "fee", "fees")))
}

/// A session's or deadline's `contacts`: ids of the campaign's contacts.
fn contact_refs(f: &mut Fields, ids: &Ids, list: &[S<String>]) -> Option<Vec<String>> {
    all(list
        .iter()
        .map(|c| f.reference(c, &ids.contacts, "contact", "contacts")))
}

/// Check-in rounds: times in order, each within one of the session's
/// times (once those are known), so no round falls outside the session.
fn rounds(f: &mut Fields, list: &[S<String>], times: &[TimeRange]) -> Option<Vec<NaiveTime>> {
    let parsed: Vec<Option<NaiveTime>> = list.iter().map(|r| f.time(r, "rounds")).collect();
    let mut ok = parsed.iter().all(Option::is_some);
    let mut before: Option<NaiveTime> = None;
    for (round, raw) in parsed.iter().zip(list) {
        let Some(round) = round else {
            continue;
        };
        if before.is_some_and(|b| b >= *round) {
            f.error(
                pos(raw),
                format!(
                    "check-in round {} is not after the one before it",
                    round.format("%H:%M")
                ),
                "list the rounds in order, each once, e.g. `rounds: [\"08:30\", \"09:30\"]`",
            );
            ok = false;
        }
        before = Some(*round);
        let inside = times.iter().any(|t| t.start <= *round && *round < t.end);
        if !times.is_empty() && !inside {
            f.error(
                pos(raw),
                format!(
                    "check-in round {} is outside the session's times",
                    round.format("%H:%M")
                ),
                "a round is a time students are let in during the session: check it against `times`",
            );
            ok = false;
        }
    }
    ok.then(|| parsed.into_iter().flatten().collect())
}

/// How long a session given a start only lasts on calendars: the
/// campaign's `default_session_minutes`, an hour when not given.
fn default_session_minutes(f: &mut Fields, raw: &raw::CampaignFile) -> u32 {
    const DEFAULT: u32 = 60;
    let Some(minutes) = &raw.default_session_minutes else {
        return DEFAULT;
    };
    if !(1..=720).contains(&minutes.value) {
        f.error(
            pos(minutes),
            format!(
                "`default_session_minutes` is {}, not between 1 and 720",
                minutes.value
            ),
            "it is a session's length in minutes, e.g. 60",
        );
        return DEFAULT;
    }
    minutes.value
}

/// A session's booking: its window (as a deadline's), channel and rule.
/// `Err` when it has mistakes (reported).
fn booking(f: &mut Fields, entry: &S<raw::BookingEntry>) -> Result<Booking, ()> {
    let b = &entry.value;
    let open = b.until_further_notice.as_ref().is_some_and(|u| u.value);
    let start = f.bound(&b.start, "start");
    let end = match (&b.end, open) {
        (Some(end), false) => f.bound(end, "end").map(Some),
        (None, true) => Some(None),
        (end, _) => {
            let at = end.as_ref().map_or(pos(entry), pos);
            f.error(
                at,
                "a booking needs `end`, or `until_further_notice: true`, not both",
                "e.g. `start: 2025-09-15 10:00` with `end: 2025-09-19 23:00`",
            );
            None
        }
    };
    let mut in_order = true;
    if let (Some(s), Some(Some(e)), Some(end)) = (start, end, &b.end)
        && !opens_before_it_closes(s, e)
    {
        f.error(
            pos(end),
            format!(
                "`end` ({}) is before `start` ({})",
                end.value.trim(),
                b.start.value.trim()
            ),
            "a booking window cannot close before it opens",
        );
        in_order = false;
    }
    let channel = f.text(&b.channel, "channel");
    let url = b.url.as_ref().map(|u| check_url(f, u));
    let rule = f.opt_text(&b.rule, "rule");
    in_order.then_some(()).ok_or(())?;
    Ok(Booking {
        start: start.ok_or(())?,
        end: end.ok_or(())?,
        channel: channel.ok_or(())?,
        url: url.transpose()?,
        rule: rule?,
    })
}

/// A slot: its times (one range, several, or the whole session's), and
/// whom it is for (schools, a group, or both).
fn slot(
    f: &mut Fields,
    ids: &Ids,
    entry: &S<raw::SlotEntry>,
    session_times: &[TimeRange],
) -> Option<Slot> {
    let s = &entry.value;
    let whole = s.whole_session.as_ref().is_some_and(|w| w.value);
    let times = match (&s.time, &s.times, whole) {
        (Some(time), None, false) => f.time_range(time, "time").map(|t| vec![t]),
        (None, Some(times), false) if !times.value.is_empty() => {
            all(times.value.iter().map(|t| f.time_range(t, "times")))
        }
        (None, None, true) => Some(session_times.to_vec()),
        _ => {
            f.error(
                pos(entry),
                "a slot needs exactly one of `time`, `times` or `whole_session: true`",
                "e.g. `time: \"09:00-10:30\"`, `times: [\"08:30-11:30\", \"14:00-17:00\"]`, or `whole_session: true` for a school there all day",
            );
            None
        }
    };
    let label = f.opt_text(&s.label, "label");
    let group = f.opt_text(&s.group, "group");
    let schools = match (&s.schools, &s.group) {
        (Some(list), _) => school_list(f, ids, list, "a slot"),
        (None, Some(_)) => Some(Vec::new()),
        (None, None) => {
            f.error(
                pos(entry),
                "a slot names no `schools` and no `group`",
                "name the school ids, e.g. `schools: [school-of-science]`, or the group it is for, e.g. `group: {zh-CN: 留学生, en: International students}`",
            );
            None
        }
    };
    Some(Slot {
        times: times?,
        whole_session: whole,
        label: label.ok()?,
        schools: schools?,
        group: group.ok()?,
    })
}

/// Which of a session's facts its `pending` list names.
#[derive(Default)]
struct Pending {
    date: bool,
    times: bool,
    venues: bool,
}

impl Pending {
    fn any(&self) -> bool {
        self.date || self.times || self.venues
    }
}

/// Reads a session's `pending` list, and tells staff (as a note) what is
/// still to be announced and what that means for students.
fn pending_facts(f: &mut Fields, entry: &S<raw::SessionEntry>) -> Pending {
    let mut pending = Pending::default();
    let mut named = Vec::new();
    for fact in &entry.value.pending {
        let flag = match fact.value.as_str() {
            "date" => &mut pending.date,
            "times" => &mut pending.times,
            "venues" => &mut pending.venues,
            other => {
                f.error(
                    pos(fact),
                    format!("`{other}` cannot be pending"),
                    "a session's `pending` list may name date, times and venues",
                );
                continue;
            }
        };
        *flag = true;
        named.push(fact.value.as_str());
    }
    if let Some(first) = entry.value.pending.first()
        && !named.is_empty()
    {
        f.note(
            pos(first),
            format!(
                "session `{}`: {} to be announced; pages say so, and calendars leave it out until its date and times are known",
                entry.value.id.value,
                named.join(", ")
            ),
            "when the notice gives them, write them in and remove them from `pending`",
        );
    }
    pending
}

/// A session fact that is both given and pending (at `given`), or neither.
fn fact_and_pending<T>(
    f: &mut Fields,
    entry: &S<raw::SessionEntry>,
    field: &str,
    given: Option<Pos>,
) -> Option<T> {
    match given {
        Some(at) => f.error(
            at,
            format!("`{field}` is given and also listed in `pending`"),
            format!("remove `{field}` from `pending` now that it is known"),
        ),
        None => f.error(
            pos(&entry.value.id),
            format!("this session has no `{field}`"),
            format!("write `{field}`, or add `pending: [{field}]` if the notice says it will be announced"),
        ),
    }
    None
}

fn session_times(
    f: &mut Fields,
    times: &S<Vec<S<String>>>,
    minutes: u32,
) -> Option<Vec<TimeRange>> {
    if times.value.is_empty() {
        f.error(
            pos(times),
            "a session needs at least one time range",
            "e.g. `times: [\"09:00-12:00\", \"13:30-17:00\"]`, or `pending: [times]` if they are to be announced",
        );
        return None;
    }
    all(times.value.iter().map(|t| f.session_time(t, minutes)))
}

fn session_venues(f: &mut Fields, ids: &Ids, venues: &S<Vec<S<String>>>) -> Option<Vec<String>> {
    if venues.value.is_empty() {
        f.error(
            pos(venues),
            "a session needs at least one venue",
            "name the venue ids, e.g. `venues: [student-activity-center]`, or `pending: [venues]` if it is to be announced",
        );
        return None;
    }
    all(venues
        .value
        .iter()
        .map(|v| f.reference(v, &ids.venues, "venue", "venues")))
}

/// Whether a window from `start` to `end` is open for a moment at least:
/// a day bound covers its whole day.
fn opens_before_it_closes(start: Bound, end: Bound) -> bool {
    end.closes().is_none_or(|closes| start.opens() < closes)
}

fn deadline(
    f: &mut Fields,
    ids: &Ids,
    roles: &[Role],
    d: &S<raw::DeadlineEntry>,
) -> Option<Deadline> {
    let at = pos(d);
    let d = &d.value;
    let title = f.text(&d.title, "title");
    let note = f.opt_text(&d.note, "note");
    let audience = audience::audience(f, roles, &d.audience, &d.only_for);
    let counted_entry = match (&d.before, &d.after) {
        (Some(entry), None) => Some((Direction::Before, entry)),
        (None, Some(entry)) => Some((Direction::After, entry)),
        _ => None,
    };
    let other_forms = d.before.is_some() || d.after.is_some();
    let open = d.until_further_notice.as_ref().is_some_and(|u| u.value);
    let when = match (&d.date, &d.at, &d.start, &d.end, &d.relative, other_forms) {
        (Some(date), None, None, None, None, false) if !open => {
            f.date(date, "date").map(When::Date)
        }
        (None, Some(at), None, None, None, false) if !open => f.datetime(at, "at").map(When::At),
        (None, None, Some(start), None, None, false) if open => f
            .bound(start, "start")
            .map(|start| When::Window { start, end: None }),
        (None, None, Some(start), Some(end), None, false) if !open => {
            match (f.bound(start, "start"), f.bound(end, "end")) {
                (Some(s), Some(e)) if !opens_before_it_closes(s, e) => {
                    f.error(
                        pos(end),
                        format!(
                            "`end` ({}) is before `start` ({})",
                            end.value.trim(),
                            start.value.trim()
                        ),
                        "a window cannot close before it opens",
                    );
                    None
                }
                (Some(start), Some(end)) => Some(When::Window {
                    start,
                    end: Some(end),
                }),
                _ => None,
            }
        }
        (None, None, None, None, Some(rel), false) => relative(f, rel),
        (None, None, None, None, None, true) if counted_entry.is_some() => {
            counted_entry.and_then(|(direction, entry)| counted::parse(f, ids, direction, entry))
        }
        _ => {
            f.error(
                at,
                deadline_forms_message(d),
                "`date: 2026-03-30` for a day, `at: 2025-11-10 17:00` for a moment, `start:` with `end:` for a window, `relative:` for a rule, or `before:`/`after:` with a session or deadline",
            );
            None
        }
    };
    let schools = match &d.schools {
        None => Some(None),
        Some(list) => school_list(f, ids, list, "a deadline's `schools`").map(Some),
    };
    let venue = d
        .venue
        .as_ref()
        .map(|v| f.reference(v, &ids.venues, "venue", "venues"));
    let (fees, contacts) = (fee_refs(f, ids, &d.fees), contact_refs(f, ids, &d.contacts));
    let was = d.was.as_ref().map(|w| f.id(w, "former deadline"));
    Some(Deadline {
        id: d.id.value.clone(),
        was: was.map(|w| w.ok_or(())).transpose().ok()?,
        title: title?,
        note: note.ok()?,
        when: when?,
        schools: schools?,
        venue: venue.map(|v| v.ok_or(())).transpose().ok()?,
        audience: audience?,
        fees: fees?,
        contacts: contacts?,
    })
}

/// Why a deadline's `date`/`at`/`start`/`end`/`relative` do not make one
/// form, naming the fields that are there.
fn deadline_forms_message(d: &raw::DeadlineEntry) -> String {
    let present: Vec<&str> = [
        ("date", d.date.is_some()),
        ("at", d.at.is_some()),
        ("start", d.start.is_some()),
        ("end", d.end.is_some()),
        ("relative", d.relative.is_some()),
        ("before", d.before.is_some()),
        ("after", d.after.is_some()),
        (
            "until_further_notice",
            d.until_further_notice.is_some() && d.end.is_some(),
        ),
    ]
    .into_iter()
    .filter_map(|(name, here)| here.then_some(name))
    .collect();
    let id = &d.id.value;
    match present.as_slice() {
        [] => format!(
            "deadline `{id}` has no date: add `date`, `at`, `start` with `end`, `relative`, `before` or `after`"
        ),
        ["start"] => {
            format!("deadline `{id}` has `start` but no `end` (or `until_further_notice: true`)")
        }
        ["end"] => format!("deadline `{id}` has `end` but no `start`"),
        _ => format!(
            "deadline `{id}` has {}: use only one of `date`, `at`, `start` with `end`, `relative`, `before` or `after`",
            present
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
    }
}

/// School ids where at least one is needed: an empty list would silently
/// leave the slot or deadline without anyone to show it to.
fn school_list(
    f: &mut Fields,
    ids: &Ids,
    list: &S<Vec<S<String>>>,
    what: &str,
) -> Option<Vec<String>> {
    if list.value.is_empty() {
        f.error(
            pos(list),
            format!("{what} lists no schools"),
            "name at least one school id, e.g. `schools: [school-of-science]`",
        );
        return None;
    }
    all(list
        .value
        .iter()
        .map(|id| f.reference(id, &ids.schools, "school", "schools")))
}

fn relative(f: &mut Fields, rel: &S<raw::RelativeEntry>) -> Option<When> {
    let r = &rel.value;
    let after = f.text(&r.after, "after");
    let offset = match (&r.days, &r.working_days, &r.months) {
        (Some(n), None, None) => Some(Offset::Days(n.value)),
        (None, Some(n), None) => Some(Offset::WorkingDays(n.value)),
        (None, None, Some(n)) => Some(Offset::Months(n.value)),
        _ => {
            f.error(
                pos(rel),
                "a relative deadline needs exactly one of `days`, `working_days` or `months`",
                "e.g. `working_days: 5` for \"within five working days\"",
            );
            None
        }
    };
    Some(When::Relative {
        after: after?,
        offset: offset?,
    })
}

fn step(f: &mut Fields, ids: &Ids, roles: &[Role], s: &S<raw::StepEntry>) -> Option<Step> {
    let s = &s.value;
    let title = f.text(&s.title, "title");
    let text = f.opt_text(&s.text, "text");
    let audience = audience::audience(f, roles, &s.audience, &s.only_for);
    let attachments = all(s
        .attachments
        .iter()
        .map(|a| f.reference(a, &ids.attachments, "attachment", "attachments")));
    let deadlines = all(s
        .deadlines
        .iter()
        .map(|d| f.reference(d, &ids.deadlines, "deadline", "deadlines")));
    Some(Step {
        id: s.id.value.clone(),
        title: title?,
        text: text.ok()?,
        attachments: attachments?,
        deadlines: deadlines?,
        audience: audience?,
    })
}

fn requirement(
    f: &mut Fields,
    ids: &Ids,
    roles: &[Role],
    r: &S<raw::RequirementEntry>,
) -> Option<Requirement> {
    let r = &r.value;
    let category = match r.category.value.as_str() {
        "documents" => Some(RequirementCategory::Documents),
        "attire" => Some(RequirementCategory::Attire),
        "appearance" => Some(RequirementCategory::Appearance),
        "conduct" => Some(RequirementCategory::Conduct),
        "photo" => Some(RequirementCategory::Photo),
        "other" => Some(RequirementCategory::Other),
        other => {
            f.error(
                pos(&r.category),
                format!("unknown requirement category `{other}`"),
                "use one of: documents, attire, appearance, conduct, photo, other",
            );
            None
        }
    };
    let text = f.text(&r.text, "text");
    let audience = audience::audience(f, roles, &r.audience, &r.only_for);
    let session = (r.session.as_ref())
        .map(|s| f.reference(s, &ids.sessions, "session", "sessions"))
        .map(|s| s.ok_or(()))
        .transpose();
    Some(Requirement {
        id: r.id.value.clone(),
        category: category?,
        text: text?,
        session: session.ok()?,
        audience: audience?,
    })
}

fn fee(f: &mut Fields, x: &S<raw::FeeEntry>) -> Option<Fee> {
    let x = &x.value;
    let amount = x.amount.value.trim();
    let valid_amount = {
        let (whole, cents) = amount.split_once('.').unwrap_or((amount, ""));
        !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && cents.len() <= 2
            && cents.bytes().all(|b| b.is_ascii_digit())
            && !(amount.contains('.') && cents.is_empty())
    };
    if !valid_amount {
        f.error(
            pos(&x.amount),
            format!("`amount` is not a valid amount: `{amount}`"),
            "write the number only, e.g. 25 or 25.50; the currency goes in `currency`",
        );
    }
    let currency = x.currency.value.trim();
    // RMB is what people say, but not the ISO code calendars and screen readers expect.
    let valid_currency = currency.len() == 3
        && currency.bytes().all(|b| b.is_ascii_uppercase())
        && currency != "RMB";
    if !valid_currency {
        f.error(
            pos(&x.currency),
            format!("`currency` is not an ISO 4217 code: `{currency}`"),
            "use the three-letter code in capitals; for renminbi (元, RMB) it is CNY",
        );
    }
    let covers = f.text(&x.covers, "covers");
    let payment = f.opt_text(&x.payment, "payment");
    (valid_amount && valid_currency).then_some(())?;
    Some(Fee {
        id: x.id.value.clone(),
        amount: amount.to_string(),
        currency: currency.to_string(),
        covers: covers?,
        payment: payment.ok()?,
    })
}

fn contact(f: &mut Fields, roles: &[Role], c: &S<raw::ContactEntry>) -> Option<Contact> {
    let c = &c.value;
    let name = f.text(&c.name, "name");
    let audience = audience::audience(f, roles, &c.audience, &c.only_for);
    let role = f.opt_text(&c.role, "role");
    let office = f.opt_text(&c.office, "office");
    for email in &c.emails {
        check_email(f, email);
    }
    let phones = all(c.phones.iter().map(|p| f.phone(p)));
    let hours = match &c.hours {
        None => Ok(None),
        Some(h) => {
            let days = match h.value.days.value.as_str() {
                "daily" => Some(Days::Daily),
                "weekdays" => Some(Days::Weekdays),
                "office-hours" => Some(Days::OfficeHours),
                other => {
                    f.error(
                        pos(&h.value.days),
                        format!("unknown `days` value `{other}`"),
                        "use daily, weekdays or office-hours",
                    );
                    None
                }
            };
            let times = all(h.value.times.iter().map(|t| f.time_range(t, "times")));
            let note = f.opt_text(&h.value.note, "note");
            match (days, times, note) {
                (Some(days), Some(times), Ok(note)) => Ok(Some(Hours { days, times, note })),
                _ => Err(()),
            }
        }
    };
    Some(Contact {
        id: c.id.value.clone(),
        name: name?,
        role: role.ok()?,
        office: office.ok()?,
        phones: phones?,
        emails: c
            .emails
            .iter()
            .map(|e| e.value.trim().to_string())
            .collect(),
        hours: hours.ok()?,
        audience: audience?,
    })
}

fn check_email(f: &mut Fields, email: &S<String>) {
    let e = email.value.trim();
    let ok = e.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !e.contains(char::is_whitespace)
    });
    if !ok {
        f.error(
            pos(email),
            format!("`{e}` is not an e-mail address"),
            "write it as name@example.edu.cn",
        );
    }
}

fn link(f: &mut Fields, l: &S<raw::LinkEntry>) -> Option<Link> {
    let l = &l.value;
    let title = f.text(&l.title, "title");
    let url = check_url(f, &l.url);
    Some(Link {
        id: l.id.value.clone(),
        title: title?,
        url: url.ok()?,
    })
}

/// A web address, as pages link to it.
fn check_url(f: &mut Fields, url: &S<String>) -> Result<String, ()> {
    let text = url.value.trim();
    let ok = (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(char::is_whitespace);
    if !ok {
        f.error(
            pos(url),
            format!("`url` is not a web address: `{text}`"),
            "write the full address starting with https:// or http://",
        );
        return Err(());
    }
    Ok(text.to_string())
}

fn attachment(f: &mut Fields, a: &S<raw::AttachmentEntry>) -> Option<Attachment> {
    let a = &a.value;
    let title = f.text(&a.title, "title");
    Some(Attachment {
        id: a.id.value.clone(),
        number: a.number.value.trim().to_string(),
        title: title?,
        body: Default::default(),
        file: Default::default(),
    })
}

fn reminders(f: &mut Fields, r: &S<raw::RemindersEntry>) -> Option<Reminders> {
    let sessions = all(r.value.sessions.iter().map(|d| f.duration(d, "sessions")));
    let deadlines = all(r.value.deadlines.iter().map(|d| f.duration(d, "deadlines")));
    Some(Reminders {
        sessions: sessions?,
        deadlines: deadlines?,
    })
}
