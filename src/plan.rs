//! Plan: which pages and feeds exist and where they live.
//!
//! Every output path is decided here and only here, so pages, feeds, the
//! sitemap and links agree. Paths are relative to the output root, with `/`
//! separators; a page is a folder with `index.html` so URLs end in `/`.

use crate::model::{Attachment, Campaign, School};

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
        let from_dir: Vec<&str> = self
            .0
            .rsplit_once('/')
            .map(|(dir, _)| dir)
            .unwrap_or("")
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let to: Vec<&str> = target.0.split('/').collect();
        let common = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
        let mut link = "../".repeat(from_dir.len() - common);
        link.push_str(&to[common..].join("/"));
        if link.is_empty() {
            "./".to_string()
        } else {
            link
        }
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

pub fn notice(lang: &str, c: &Campaign) -> OutPath {
    OutPath(format!("{lang}/{}/", c.id))
}

pub fn schedule(lang: &str, c: &Campaign) -> OutPath {
    OutPath(format!("{lang}/{}/schedule/", c.id))
}

pub fn school(lang: &str, c: &Campaign, s: &School) -> OutPath {
    OutPath(format!("{lang}/{}/schools/{}/", c.id, s.id))
}

pub fn guide(lang: &str, c: &Campaign, a: &Attachment) -> OutPath {
    OutPath(format!("{lang}/{}/guides/{}/", c.id, a.id))
}

/// A school's own version of a guide.
pub fn school_guide(lang: &str, c: &Campaign, s: &School, a: &Attachment) -> OutPath {
    OutPath(format!("{lang}/{}/schools/{}/guides/{}/", c.id, s.id, a.id))
}

/// All of a campaign's sessions and dated deadlines.
pub fn campaign_feed(lang: &str, c: &Campaign) -> OutPath {
    OutPath(format!("{lang}/{}/calendar.ics", c.id))
}

/// One school's sessions and the deadlines that apply to it.
pub fn school_feed(lang: &str, c: &Campaign, s: &School) -> OutPath {
    OutPath(format!("{lang}/{}/schools/{}/calendar.ics", c.id, s.id))
}

/// A single session ("add this one").
pub fn session_event(lang: &str, c: &Campaign, session_id: &str) -> OutPath {
    OutPath(format!("{lang}/{}/events/session-{session_id}.ics", c.id))
}

/// A single deadline ("add this one").
pub fn deadline_event(lang: &str, c: &Campaign, deadline_id: &str) -> OutPath {
    OutPath(format!("{lang}/{}/events/deadline-{deadline_id}.ics", c.id))
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

#[cfg(test)]
mod tests {
    use super::*;

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
