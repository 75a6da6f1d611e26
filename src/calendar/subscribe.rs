//! Ways to subscribe to a feed: the plain address, `webcal://` for Apple
//! Calendar and Thunderbird, add-by-URL links for Outlook (personal and
//! work or school accounts) and Google, and a QR code for phones (see
//! [`super::qr`]).
//!
//! The QR code holds the https address of the page's subscribe section,
//! not the feed's: students scan in WeChat, whose scanner opens web pages
//! but not `webcal://` (nor a bare .ics), and any other scanner opens a
//! web page too. The section then offers webcal and the download.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::locales::Locales;
use crate::model::Site;
use crate::plan::OutPath;

/// Everything but RFC 3986's unreserved characters is encoded, so a URL
/// survives as one query value.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The links and QR code to show next to a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// The feed's absolute address under the site's `base_url`.
    pub ics_url: String,
    /// The same address with the `webcal://` scheme, which calendar apps
    /// open as a subscription rather than a one-off import.
    pub webcal_url: String,
    pub google_url: String,
    /// Outlook.com, for personal Microsoft accounts.
    pub outlook_url: String,
    /// Outlook on the web for work or school (Microsoft 365) accounts,
    /// which the personal link does not reach.
    pub outlook_work_url: String,
    /// The address the QR code holds: the page's subscribe section.
    pub section_url: String,
    /// An `<svg>` element for inline HTML (no XML declaration, no external
    /// references, a `viewBox` so CSS can scale it, `role="img"` and an
    /// `aria-label` in the page's language) encoding
    /// [`Subscription::section_url`].
    pub qr_svg: String,
}

/// Where a feed is offered: a page and the id of its subscribe section.
pub struct Section<'a> {
    pub page: &'a OutPath,
    pub id: &'a str,
}

/// The subscription links for `feed`, offered in `section`; `name` is the
/// calendar's display name (Outlook asks for one), `lang` the language of
/// the page showing them.
pub fn subscription(
    site: &Site,
    loc: &Locales,
    lang: &str,
    feed: &OutPath,
    name: &str,
    section: Section,
) -> Subscription {
    let ics_url = feed.absolute(&site.base_url);
    let without_scheme = ics_url
        .split_once("://")
        .map_or(ics_url.as_str(), |(_, rest)| rest);
    let webcal_url = format!("webcal://{without_scheme}");
    let encode = |s: &str| utf8_percent_encode(s, QUERY_VALUE).to_string();
    let outlook = |host: &str| {
        format!(
            "{host}/calendar/0/addfromweb?url={}&name={}",
            encode(&ics_url),
            encode(name)
        )
    };
    let section_url = format!("{}#{}", section.page.absolute(&site.base_url), section.id);
    Subscription {
        google_url: format!(
            "https://calendar.google.com/calendar/r?cid={}",
            encode(&webcal_url)
        ),
        outlook_url: outlook("https://outlook.live.com"),
        outlook_work_url: outlook("https://outlook.office.com"),
        qr_svg: super::qr::svg(
            &section_url,
            &loc.text(lang, "calendar-qr-label", &[("name", name.to_string())]),
        ),
        section_url,
        ics_url,
        webcal_url,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn site() -> Site {
        Site {
            title: Default::default(),
            base_url: "https://notices.example.edu.cn/".into(),
            languages: vec!["zh-CN".into(), "en".into()],
            timezone: chrono_tz::Tz::Asia__Shanghai,
            theme: "default".into(),
            allow_raw_html: false,
            allow_external_resources: false,
            roles: Vec::new(),
            keep_cancelled: crate::record::KEEP_CANCELLED,
        }
    }

    fn locales() -> Locales {
        Locales::load(Path::new(env!("CARGO_MANIFEST_DIR")), &site()).expect("the locales load")
    }

    fn subscribe(feed: &OutPath, name: &str) -> Subscription {
        let page = OutPath("zh-CN/hitsz/schools/computing/".into());
        let section = Section {
            page: &page,
            id: "subscribe",
        };
        subscription(&site(), &locales(), "en", feed, name, section)
    }

    #[test]
    fn links_encode_the_feed_address() {
        let feed = OutPath("zh-CN/hitsz/schools/computing/calendar.ics".into());
        let s = subscribe(&feed, "毕业照 & schedule");
        assert_eq!(
            s.ics_url,
            "https://notices.example.edu.cn/zh-CN/hitsz/schools/computing/calendar.ics"
        );
        assert_eq!(
            s.webcal_url,
            "webcal://notices.example.edu.cn/zh-CN/hitsz/schools/computing/calendar.ics"
        );
        assert_eq!(
            s.google_url,
            "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fnotices.example.edu.cn%2Fzh-CN%2Fhitsz%2Fschools%2Fcomputing%2Fcalendar.ics"
        );
        assert_eq!(
            s.outlook_url,
            "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fnotices.example.edu.cn%2Fzh-CN%2Fhitsz%2Fschools%2Fcomputing%2Fcalendar.ics&name=%E6%AF%95%E4%B8%9A%E7%85%A7%20%26%20schedule"
        );
        assert_eq!(
            s.outlook_work_url,
            s.outlook_url
                .replace("https://outlook.live.com/", "https://outlook.office.com/")
        );
        assert_eq!(
            s.section_url,
            "https://notices.example.edu.cn/zh-CN/hitsz/schools/computing/#subscribe"
        );
    }

    #[test]
    fn qr_code_is_inline_deterministic_svg() {
        let feed = OutPath("en/c/calendar.ics".into());
        let a = subscribe(&feed, "Photos \"2026\" & <more>").qr_svg;
        let b = subscribe(&feed, "Photos \"2026\" & <more>").qr_svg;
        assert_eq!(a, b);
        assert!(
            a.starts_with(concat!(
                "<svg role=\"img\" aria-label=\"QR code: this page's ways to subscribe to the calendar ",
                "“Photos &quot;2026&quot; &amp; &lt;more>”\" xmlns=\"http://www.w3.org/2000/svg\""
            )),
            "{a}"
        );
        assert!(a.contains(" viewBox=\"0 0 "), "{a}");
        assert!(a.ends_with("</svg>"));
        assert!(!a.contains("<?xml") && !a.contains("href") && !a.contains("url("));
    }

    #[test]
    fn qr_code_reads_as_the_subscribe_section() {
        let feed =
            OutPath("zh-CN/hitsz-2026-graduation-photos/schools/science/calendar.ics".into());
        let s = subscribe(&feed, "x");
        assert_eq!(
            super::super::qr::tests::decode_svg(&s.qr_svg),
            s.section_url
        );
        assert!(s.section_url.starts_with("https://"));
    }
}
