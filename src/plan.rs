//! Plan: which pages and feeds exist and where they live.
//!
//! Every output path is decided here and only here, so pages, feeds, the
//! sitemap and links agree. Paths are relative to the output root, with `/`
//! separators; a page is a folder with `index.html` so URLs end in `/`.

use crate::model::{Attachment, Campaign, Content, Deadline, School, Session};

/// Where something is published, relative to the output root.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutPath(pub String);

impl OutPath {
    /// The file to write: `zh-CN/x/index.html` for a page URL `zh-CN/x/`.
    pub fn file(&self) -> String {
        if self.0.is_empty() || self.0.ends_with('/') {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }

    /// The absolute URL under the site's base URL (which ends in `/`).
    pub fn absolute(&self, base_url: &str) -> String {
        format!("{base_url}{}", self.0)
    }

    /// A relative link from the page at `self` to `target`, so the site works
    /// under any sub-path and straight from disk.
    pub fn relative_to(&self, target: &OutPath) -> String {
        // Every page makes dozens of links, so no lists are built: the
        // folders both paths share are skipped, one `../` climbs each other
        // folder of this page, then comes the rest of the target.
        let from_dir = self.0.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut rest = target.0.as_str();
        let mut shared = true;
        let mut ups = 0;
        for dir in from_dir.split('/').filter(|s| !s.is_empty()) {
            if shared {
                match rest.split_once('/') {
                    Some((first, after)) if first == dir => {
                        rest = after;
                        continue;
                    }
                    None if rest == dir => {
                        rest = "";
                        shared = false;
                        continue;
                    }
                    _ => shared = false,
                }
            }
            ups += 1;
        }
        let mut link = String::with_capacity(3 * ups + rest.len());
        for _ in 0..ups {
            link.push_str("../");
        }
        link.push_str(rest);
        if link.is_empty() {
            link.push_str("./");
        }
        link
    }
}

pub fn root() -> OutPath {
    OutPath(String::new())
}

pub fn home(lang: &str) -> OutPath {
    OutPath(format!("{lang}/"))
}

pub fn atom(lang: &str) -> OutPath {
    OutPath(format!("{lang}/atom.xml"))
}

/// The folder holding everything campaign `id` publishes in `lang`, and
/// nothing else: a build replaces or keeps it whole.
pub fn campaign_folder(lang: &str, id: &str) -> OutPath {
    OutPath(format!("{lang}/{id}/"))
}

/// The folder holding the files campaign `id` publishes as they are
/// (attachment files, images, forms), once for all its languages rather
/// than once per language or page: a timetable of a few megabytes is not
/// stored twice. Like a campaign's language folders, a build replaces or
/// keeps it whole. It is language-neutral, beside the language folders.
pub fn campaign_files(id: &str) -> OutPath {
    OutPath(format!("files/{id}/"))
}

/// Where the campaign's file `name` (its path inside the campaign folder,
/// `attachments/schedule.xlsx`) is published: at the same path inside the
/// campaign's files folder, so an attachment's file has an address made of
/// ids (`files/<campaign>/attachments/<attachment>.xlsx`, a school's own
/// under `schools/<school>/`) that stays the same from build to build.
pub fn file(c: &Campaign, name: &str) -> OutPath {
    OutPath(format!("files/{}/{name}", c.id))
}

/// Characters of a file name written as `%XX` in a link: everything but
/// letters, digits and `-._~/` (file names may hold spaces, `#` and Chinese).
const FILE_NAME: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The place of `path` in the site, percent-encoded as a link needs it
/// (file names may hold spaces and Chinese; ids and languages pass as
/// they are).
pub fn encoded(path: &OutPath) -> String {
    percent_encoding::utf8_percent_encode(&path.0, FILE_NAME).to_string()
}

/// A relative link from the page at `here` to the campaign's file `name`,
/// percent-encoded.
pub fn file_href(here: &OutPath, c: &Campaign, name: &str) -> String {
    let link = here.relative_to(&file(c, name));
    percent_encoding::utf8_percent_encode(&link, FILE_NAME).to_string()
}

pub fn notice(lang: &str, c: &Campaign) -> OutPath {
    campaign_folder(lang, &c.id)
}

/// The language a reader of `lang` is given campaign `c` in, by the home
/// page and the feed that list every campaign: `lang`, or the campaign's
/// lead language when it is not published in `lang`.
pub fn reading_language<'a>(lang: &'a str, c: &'a Campaign) -> &'a str {
    if c.has_language(lang) {
        lang
    } else {
        c.lead_language()
    }
}

pub fn schedule(lang: &str, c: &Campaign) -> OutPath {
    OutPath(format!("{lang}/{}/schedule/", c.id))
}

/// The whole schedule, a row per school per slot, as an Excel workbook: the
/// file a school office prints or forwards. Beside the schedule page, in
/// the campaign's folder (so a build keeps or replaces it with the rest),
/// and named for the campaign, so a copy saved without the link's
/// `download` name (WeChat's browser ignores it) still says what it is.
pub fn schedule_xlsx(lang: &str, c: &Campaign) -> OutPath {
    OutPath(format!("{lang}/{}/schedule/{}.xlsx", c.id, c.id))
}

/// The same rows as [`schedule_xlsx`], as CSV for whatever reads no Excel.
pub fn schedule_csv(lang: &str, c: &Campaign) -> OutPath {
    OutPath(format!("{lang}/{}/schedule/{}.csv", c.id, c.id))
}

pub fn school(lang: &str, c: &Campaign, s: &School) -> OutPath {
    OutPath(format!("{lang}/{}/schools/{}/", c.id, s.published_id()))
}

pub fn guide(lang: &str, c: &Campaign, a: &Attachment) -> OutPath {
    OutPath(format!("{lang}/{}/guides/{}/", c.id, a.id))
}

/// A school's own version of a guide.
pub fn school_guide(lang: &str, c: &Campaign, s: &School, a: &Attachment) -> OutPath {
    OutPath(format!(
        "{lang}/{}/schools/{}/guides/{}/",
        c.id,
        s.published_id(),
        a.id
    ))
}

/// All of a campaign's sessions and dated deadlines.
pub fn campaign_feed(lang: &str, c: &Campaign) -> OutPath {
    OutPath(format!("{lang}/{}/calendar.ics", c.id))
}

/// One school's sessions and the deadlines that apply to it.
pub fn school_feed(lang: &str, c: &Campaign, s: &School) -> OutPath {
    OutPath(format!(
        "{lang}/{}/schools/{}/calendar.ics",
        c.id,
        s.published_id()
    ))
}

/// What one school's offices, class leaders or teachers are to do: the
/// items for a role, which students' feeds leave out.
pub fn staff_feed(lang: &str, c: &Campaign, s: &School) -> OutPath {
    OutPath(format!(
        "{lang}/{}/schools/{}/staff.ics",
        c.id,
        s.published_id()
    ))
}

/// A single session ("add this one"), named by the id it was first
/// published under (see [`Session::calendar_id`]).
pub fn session_event(lang: &str, c: &Campaign, s: &Session) -> OutPath {
    let id = s.published_id();
    OutPath(format!("{lang}/{}/events/session-{id}.ics", c.id))
}

/// A single session as one school attends it: its slot, with the same UID
/// as in the school's feed ("add this one" on the school's page). Beside
/// the school's page rather than in an `events/` folder of its own: a
/// folder per school per campaign costs as much to create as a file, and
/// a big archive has 100,000 of them.
pub fn school_session_event(lang: &str, c: &Campaign, s: &School, session: &Session) -> OutPath {
    let id = session.published_id();
    OutPath(format!(
        "{lang}/{}/schools/{}/session-{id}.ics",
        c.id,
        s.published_id()
    ))
}

/// A single deadline ("add this one"), by the id it was first published
/// under.
pub fn deadline_event(lang: &str, c: &Campaign, d: &Deadline) -> OutPath {
    let id = d.published_id();
    OutPath(format!("{lang}/{}/events/deadline-{id}.ics", c.id))
}

/// The campaign's data in `lang` as JSON (see `docs/json-export.md`),
/// beside its notice page: in the campaign's folder, so a build keeps or
/// replaces it with the campaign's pages. Every campaign has one in each
/// of its languages.
pub fn campaign_json(lang: &str, c: &Campaign) -> OutPath {
    OutPath(format!("{lang}/{}/campaign.json", c.id))
}

/// The site index as JSON: every campaign, with the addresses of its
/// `campaign.json` files. At the root, language-neutral, and written by
/// every build, like the sitemap.
pub fn campaigns_json() -> OutPath {
    OutPath("campaigns.json".into())
}

pub fn sitemap() -> OutPath {
    OutPath("sitemap.xml".into())
}

pub fn not_found() -> OutPath {
    OutPath("404.html".into())
}

pub fn stylesheet() -> OutPath {
    OutPath("style.css".into())
}

/// Every HTML page of the site. Feeds, the sitemap and the stylesheet are
/// single files with fixed paths above.
#[derive(Clone, Copy, Debug)]
pub enum Page<'a> {
    /// The language chooser at the root.
    Root,
    Home {
        lang: &'a str,
    },
    Notice {
        lang: &'a str,
        campaign: &'a Campaign,
    },
    Schedule {
        lang: &'a str,
        campaign: &'a Campaign,
    },
    School {
        lang: &'a str,
        campaign: &'a Campaign,
        school: &'a School,
    },
    Guide {
        lang: &'a str,
        campaign: &'a Campaign,
        attachment: &'a Attachment,
    },
    /// A school's override of a guide, only in the languages it was written in.
    SchoolGuide {
        lang: &'a str,
        campaign: &'a Campaign,
        school: &'a School,
        attachment: &'a Attachment,
    },
    NotFound,
}

impl<'a> Page<'a> {
    pub fn path(&self) -> OutPath {
        match *self {
            Page::Root => root(),
            Page::Home { lang } => home(lang),
            Page::Notice { lang, campaign } => notice(lang, campaign),
            Page::Schedule { lang, campaign } => schedule(lang, campaign),
            Page::School {
                lang,
                campaign,
                school: s,
            } => school(lang, campaign, s),
            Page::Guide {
                lang,
                campaign,
                attachment,
            } => guide(lang, campaign, attachment),
            Page::SchoolGuide {
                lang,
                campaign,
                school,
                attachment,
            } => school_guide(lang, campaign, school, attachment),
            Page::NotFound => not_found(),
        }
    }

    /// The page's language; `None` for the language-neutral root and 404.
    pub fn lang(&self) -> Option<&'a str> {
        match *self {
            Page::Root | Page::NotFound => None,
            Page::Home { lang }
            | Page::Notice { lang, .. }
            | Page::Schedule { lang, .. }
            | Page::School { lang, .. }
            | Page::Guide { lang, .. }
            | Page::SchoolGuide { lang, .. } => Some(lang),
        }
    }

    /// The campaign the page belongs to, if any.
    pub fn campaign(&self) -> Option<&'a Campaign> {
        match *self {
            Page::Root | Page::NotFound | Page::Home { .. } => None,
            Page::Notice { campaign, .. }
            | Page::Schedule { campaign, .. }
            | Page::School { campaign, .. }
            | Page::Guide { campaign, .. }
            | Page::SchoolGuide { campaign, .. } => Some(campaign),
        }
    }

    /// Whether both pages belong to the same campaign in the same language
    /// (or both to none), so they can share what is built per campaign.
    pub fn same_campaign(&self, other: &Page) -> bool {
        let same = match (self.campaign(), other.campaign()) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        same && self.lang() == other.lang()
    }

    /// The same page in `other`, if it exists there: not when its campaign
    /// is not published in `other`. A school's guide written in only some
    /// languages falls back to the general guide.
    pub fn in_language(&self, other: &'a str) -> Option<Page<'a>> {
        if self.campaign().is_some_and(|c| !c.has_language(other)) {
            return None;
        }
        Some(match *self {
            Page::Root | Page::NotFound => return None,
            Page::Home { .. } => Page::Home { lang: other },
            Page::Notice { campaign, .. } => Page::Notice {
                lang: other,
                campaign,
            },
            Page::Schedule { campaign, .. } => Page::Schedule {
                lang: other,
                campaign,
            },
            Page::School {
                campaign, school, ..
            } => Page::School {
                lang: other,
                campaign,
                school,
            },
            Page::Guide {
                campaign,
                attachment,
                ..
            } => Page::Guide {
                lang: other,
                campaign,
                attachment,
            },
            Page::SchoolGuide {
                campaign,
                school,
                attachment,
                ..
            } => {
                if has_override(school, attachment, other) {
                    Page::SchoolGuide {
                        lang: other,
                        campaign,
                        school,
                        attachment,
                    }
                } else {
                    Page::Guide {
                        lang: other,
                        campaign,
                        attachment,
                    }
                }
            }
        })
    }

    /// Whether this exact page exists in the language (used for hreflang,
    /// which must only name true translations).
    pub fn is_translation(&self, other: &Page) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// Whether `school` has its own version of `attachment` in `lang`.
pub fn has_override(school: &School, attachment: &Attachment, lang: &str) -> bool {
    school
        .overrides
        .get(&attachment.id)
        .is_some_and(|by_lang| by_lang.contains_key(lang))
}

/// Every page, in a fixed order: per language, home, then per campaign
/// published in it its notice, schedule, schools, guides and school guides.
pub fn pages(content: &Content) -> Vec<Page<'_>> {
    let mut pages = vec![Page::Root, Page::NotFound];
    for lang in &content.site.languages {
        let lang = lang.as_str();
        pages.push(Page::Home { lang });
        for campaign in content.campaigns.iter().filter(|c| c.has_language(lang)) {
            pages.push(Page::Notice { lang, campaign });
            pages.push(Page::Schedule { lang, campaign });
            for school in &campaign.schools {
                pages.push(Page::School {
                    lang,
                    campaign,
                    school,
                });
            }
            // An attachment that is only a file has no guide page.
            for attachment in (campaign.attachments.iter()).filter(|a| a.body.contains_key(lang)) {
                pages.push(Page::Guide {
                    lang,
                    campaign,
                    attachment,
                });
                for school in &campaign.schools {
                    if has_override(school, attachment, lang) {
                        pages.push(Page::SchoolGuide {
                            lang,
                            campaign,
                            school,
                            attachment,
                        });
                    }
                }
            }
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The plain reading of [`OutPath::relative_to`], with lists.
    fn relative_by_lists(from: &str, to: &str) -> String {
        let from_dir: Vec<&str> = from
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let to: Vec<&str> = to.split('/').collect();
        let common = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
        let link = "../".repeat(from_dir.len() - common) + &to[common..].join("/");
        if link.is_empty() { "./".into() } else { link }
    }

    proptest! {
        #[test]
        fn relative_links_match_the_plain_reading(
            from in "(a/|b/|c/|aa/){0,4}(index.html|x.ics|)",
            to in "(a/|b/|c/|aa/){0,4}(index.html|x.ics|a|)",
        ) {
            let link = OutPath(from.clone()).relative_to(&OutPath(to.clone()));
            prop_assert_eq!(link, relative_by_lists(&from, &to));
        }
    }

    #[test]
    fn relative_links() {
        let page = OutPath("en/c/schools/s/".into());
        assert_eq!(page.relative_to(&OutPath("en/c/".into())), "../../");
        assert_eq!(
            page.relative_to(&OutPath("style.css".into())),
            "../../../../style.css"
        );
        assert_eq!(
            page.relative_to(&OutPath("zh-CN/c/schools/s/".into())),
            "../../../../zh-CN/c/schools/s/"
        );
        assert_eq!(
            OutPath("en/".into()).relative_to(&OutPath("en/".into())),
            "./"
        );
        assert_eq!(
            OutPath("404.html".into()).relative_to(&OutPath("en/".into())),
            "en/"
        );
    }
}
