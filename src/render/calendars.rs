//! The calendar files of the site: per language and campaign, the campaign's
//! feed, each school's feed (and its staff feed, when it has items for a
//! role), each session alone once its date and times
//! are announced (also at each school's slot) and each dated deadline alone
//! (relative deadlines have no date, so no file), at the paths
//! [`crate::plan`] gives them. The iCalendar text comes from
//! [`crate::calendar`]; this decides which files exist, and has them
//! stamped from the publication record ([`crate::record`]).

use crate::calendar::{self, Calendar, Moment, Stamped};
use crate::locales::Locales;
use crate::model::{Campaign, Content};
use crate::record::Published;

/// The calendar files of one campaign in one language, stamped from what
/// its calendars `previous`ly published (with cancelled stand-ins for the
/// events it no longer has).
pub fn campaign_files(
    content: &Content,
    loc: &Locales,
    c: &Campaign,
    lang: &str,
    previous: Option<&Published>,
    moment: &Moment,
) -> Stamped {
    let site = &content.site;
    let mut files: Vec<Calendar> = vec![calendar::campaign_feed(site, loc, c, lang)];
    for school in &c.schools {
        files.push(calendar::school_feed(site, loc, c, school, lang));
        if c.has_staff_events(&school.id) {
            files.push(calendar::staff_feed(site, loc, c, school, lang));
        }
        for s in c
            .sessions_for(&school.id)
            .filter(|s| s.announced_date().is_some())
        {
            files.push(calendar::session_event(site, loc, c, Some(school), s, lang));
        }
    }
    for s in c.sessions.iter().filter(|s| s.announced_date().is_some()) {
        files.push(calendar::session_event(site, loc, c, None, s, lang));
    }
    files.extend(
        (c.deadlines.iter()).filter_map(|d| calendar::deadline_event(site, loc, c, d, lang)),
    );
    stamp(content, loc, lang, files, previous, moment)
}

/// The calendar files of a campaign no longer in the content, in one
/// language: only the cancelled stand-ins of its events, until they expire.
pub fn gone_campaign_files(
    content: &Content,
    loc: &Locales,
    lang: &str,
    previous: &Published,
    moment: &Moment,
) -> Stamped {
    stamp(content, loc, lang, Vec::new(), Some(previous), moment)
}

fn stamp(
    content: &Content,
    loc: &Locales,
    lang: &str,
    files: Vec<Calendar>,
    previous: Option<&Published>,
    moment: &Moment,
) -> Stamped {
    let cancelled = |summary: &str| {
        loc.text(
            lang,
            "calendar-cancelled",
            &[("summary", summary.to_string())],
        )
    };
    calendar::publish(files, previous, moment, &content.site.base_url, &cancelled)
}
