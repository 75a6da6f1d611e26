//! Ways to subscribe to a feed: the plain address, `webcal://` for Apple
//! Calendar and Thunderbird, add-by-URL links for Google and Outlook, and a
//! QR code for phones.
//!
//! The QR code is drawn at build time into inline SVG, so the page needs no
//! script, no image request and no third-party QR service that would learn
//! who subscribes.

use fast_qr::{ECL, QRBuilder};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use crate::model::Site;
use crate::plan::OutPath;
use crate::render::locales::Locales;

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
    pub outlook_url: String,
    /// An `<svg>` element for inline HTML (no XML declaration, no external
    /// references, a `viewBox` so CSS can scale it, `role="img"` and an
    /// `aria-label` in the page's language) encoding
    /// [`Subscription::webcal_url`]: scanned with an iPhone camera it opens
    /// Calendar's subscribe dialog.
    pub qr_svg: String,
}

/// The subscription links for `feed`; `name` is the calendar's display name
/// (Outlook asks for one), `lang` the language of the page showing them.
pub fn subscription(
    site: &Site,
    loc: &Locales,
    lang: &str,
    feed: &OutPath,
    name: &str,
) -> Subscription {
    let ics_url = feed.absolute(&site.base_url);
    let without_scheme = ics_url
        .split_once("://")
        .map_or(ics_url.as_str(), |(_, rest)| rest);
    let webcal_url = format!("webcal://{without_scheme}");
    let encode = |s: &str| utf8_percent_encode(s, QUERY_VALUE).to_string();
    Subscription {
        google_url: format!(
            "https://calendar.google.com/calendar/r?cid={}",
            encode(&webcal_url)
        ),
        outlook_url: format!(
            "https://outlook.live.com/calendar/0/addfromweb?url={}&name={}",
            encode(&ics_url),
            encode(name)
        ),
        qr_svg: qr_svg(
            &webcal_url,
            &loc.text(lang, "calendar-qr-label", &[("name", name.to_string())]),
        ),
        ics_url,
        webcal_url,
    }
}

/// Blank modules around the code, as the QR standard asks, so scanners
/// find its edges.
const QUIET_ZONE: usize = 4;
/// Screen pixels per module: a whole number keeps the edges sharp.
const MODULE_PX: usize = 5;

/// A QR code as an inline `<svg>` element named `label` for screen readers.
///
/// Drawn as one stroked path, a horizontal line per run of dark modules
/// (`M4 4.5h7m2 0h1…`), in module units scaled by the viewBox: about 2 KB
/// where a rectangle per module makes 13 KB, and every school page carries
/// one. The code comes from fast_qr, which scores the eight masks about ten
/// times faster than the qrcode crate (0.1 ms against 1 ms a code; a big
/// build draws 100,000).
fn qr_svg(text: &str, label: &str) -> String {
    // Encoding a QR code is still the dearest part of a school page;
    // `serve` rebuilds the same pages again and again, so drawn
    // codes are remembered, up to a bound that keeps big builds' memory flat.
    static DRAWN: Mutex<Option<HashMap<(String, String), String>>> = Mutex::new(None);
    const REMEMBERED: usize = 4096;
    let key = (text.to_string(), label.to_string());
    if let Some(svg) = DRAWN
        .lock()
        .ok()
        .and_then(|d| d.as_ref()?.get(&key).cloned())
    {
        return svg;
    }
    let svg = draw_qr_svg(text, label);
    if let Ok(mut drawn) = DRAWN.lock() {
        let drawn = drawn.get_or_insert_with(HashMap::new);
        if drawn.len() >= REMEMBERED {
            drawn.clear();
        }
        drawn.insert(key, svg.clone());
    }
    svg
}

fn draw_qr_svg(text: &str, label: &str) -> String {
    // A feed address is far below a QR code's capacity; an error here would
    // mean an address of several kilobytes.
    let Ok(code) = QRBuilder::new(text).ecl(ECL::M).build() else {
        return String::new();
    };
    let width = code.size;
    let mut path = String::new();
    for y in 0..width {
        let row = &code[y];
        let mut pen = None;
        let mut x = 0;
        while x < width {
            if !row[x].value() {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x].value() {
                x += 1;
            }
            let _ = match pen {
                None => write!(path, "M{} {}.5", start + QUIET_ZONE, y + QUIET_ZONE),
                Some(end) => write!(path, "m{} 0", start - end),
            };
            let _ = write!(path, "h{}", x - start);
            pen = Some(x);
        }
    }
    let size = width + 2 * QUIET_ZONE;
    let px = size * MODULE_PX;
    let label = label
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        "<svg role=\"img\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path stroke=\"#000\" d=\"{path}\"/></svg>"
    )
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
        }
    }

    fn locales() -> Locales {
        Locales::load(Path::new(env!("CARGO_MANIFEST_DIR")), &site()).expect("the locales load")
    }

    fn subscribe(feed: &OutPath, name: &str) -> Subscription {
        subscription(&site(), &locales(), "en", feed, name)
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
    }

    #[test]
    fn qr_code_is_inline_deterministic_svg() {
        let feed = OutPath("en/c/calendar.ics".into());
        let a = subscribe(&feed, "Photos \"2026\" & <more>").qr_svg;
        let b = subscribe(&feed, "Photos \"2026\" & <more>").qr_svg;
        assert_eq!(a, b);
        assert!(
            a.starts_with(concat!(
                "<svg role=\"img\" aria-label=\"QR code to subscribe to the calendar ",
                "“Photos &quot;2026&quot; &amp; &lt;more>”\" xmlns=\"http://www.w3.org/2000/svg\""
            )),
            "{a}"
        );
        assert!(a.contains(" viewBox=\"0 0 "), "{a}");
        assert!(a.ends_with("</svg>"));
        assert!(!a.contains("<?xml") && !a.contains("href") && !a.contains("url("));
    }

    /// Draws the SVG's path (`M{x} {y}.5` starts a row, `h{n}` draws n
    /// modules, `m{dx} 0` skips light ones) into a bitmap, 4 pixels a
    /// module, and reads it with an independent QR decoder.
    fn decode_svg(svg: &str) -> String {
        const SCALE: usize = 4;
        let view = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
        let size: usize = view.split(' ').next().unwrap().parse().unwrap();
        let side = size * SCALE;
        let mut dark = vec![false; side * side];
        let path = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = path;
        while let Some(op) = rest.chars().next() {
            let end = rest[1..]
                .find(['M', 'm', 'h'])
                .map_or(rest.len(), |i| i + 1);
            let args: Vec<&str> = rest[1..end].split(' ').collect();
            match op {
                'M' => {
                    x = args[0].parse().unwrap();
                    y = args[1].trim_end_matches(".5").parse().unwrap();
                }
                'm' => x += args[0].parse::<usize>().unwrap(),
                'h' => {
                    let n: usize = args[0].parse().unwrap();
                    for col in x * SCALE..(x + n) * SCALE {
                        for row in y * SCALE..(y + 1) * SCALE {
                            dark[row * side + col] = true;
                        }
                    }
                    x += n;
                }
                other => panic!("unexpected path command {other}"),
            }
            rest = &rest[end..];
        }
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            if dark[y * side + x] { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the SVG");
        grids[0].decode().expect("the QR code decodes").1
    }

    #[test]
    fn qr_code_reads_as_the_webcal_address() {
        let feed =
            OutPath("zh-CN/hitsz-2026-graduation-photos/schools/science/calendar.ics".into());
        let s = subscribe(&feed, "x");
        assert_eq!(decode_svg(&s.qr_svg), s.webcal_url);
    }
}
