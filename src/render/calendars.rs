//! The calendar files of the site: per language and campaign, the campaign's
//! feed, each school's feed (and its staff feed, when it has items for a
//! role), each session alone once its date and times
//! are announced (also at each school's slot) and each dated deadline alone
//! (relative deadlines have no date, so no file), at the paths
//! [`crate::plan`] gives them. The iCalendar text comes from
//! [`crate::calendar`]; this only decides which files exist.

use super::locales::Locales;
use crate::calendar;
use crate::model::{Campaign, Content};
use crate::plan;

/// The calendar files of one campaign in one language.
pub fn campaign_files(
    content: &Content,
    loc: &Locales,
    c: &Campaign,
    lang: &str,
) -> Vec<(String, Vec<u8>)> {
    let site = &content.site;
    let mut files = vec![(
        plan::campaign_feed(lang, c).file(),
        calendar::campaign_feed(site, loc, c, lang),
    )];
    for school in &c.schools {
        files.push((
            plan::school_feed(lang, c, school).file(),
            calendar::school_feed(site, loc, c, school, lang),
        ));
        if c.has_staff_events(&school.id) {
            files.push((
                plan::staff_feed(lang, c, school).file(),
                calendar::staff_feed(site, loc, c, school, lang),
            ));
        }
        for s in c
            .sessions_for(&school.id)
            .filter(|s| s.announced_date().is_some())
        {
            files.push((
                plan::school_session_event(lang, c, school, &s.id).file(),
                calendar::session_event(site, loc, c, Some(school), s, lang),
            ));
        }
    }
    for s in c.sessions.iter().filter(|s| s.announced_date().is_some()) {
        files.push((
            plan::session_event(lang, c, &s.id).file(),
            calendar::session_event(site, loc, c, None, s, lang),
        ));
    }
    for d in &c.deadlines {
        if let Some(text) = calendar::deadline_event(site, loc, c, d, lang) {
            files.push((plan::deadline_event(lang, c, &d.id).file(), text));
        }
    }
    files
        .into_iter()
        .map(|(path, text)| (path, text.into_bytes()))
        .collect()
}
