//! QR codes as inline SVG, so a phone can take a feed's address off a
//! screen or a printed page.
//!
//! Codes are drawn at build time: the page needs no script, no image
//! request and no third-party QR service that would learn who subscribes.
//! qrcodegen (Nayuki's reference implementation) encodes; [`mask`] makes
//! its choice of mask fast enough for a code on every school page.

mod mask;

use std::collections::HashMap;
use std::sync::Mutex;

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

/// Blank modules around the code, as the QR standard asks, so scanners
/// find its edges.
const QUIET_ZONE: usize = 4;
/// Screen pixels per module: a whole number keeps the edges sharp.
const MODULE_PX: usize = 5;

/// A QR code of `text` as an inline `<svg>` element named `label` for
/// screen readers.
///
/// Drawn as one stroked path, a horizontal line per run of dark modules
/// (`M4 4.5h7m2 0h1…`), in module units scaled by the viewBox: about 2 KB
/// where a rectangle per module makes 13 KB, and every school page carries
/// one.
pub fn svg(text: &str, label: &str) -> String {
    // `serve` rebuilds the same pages again and again, so drawn codes are
    // remembered, up to a bound that keeps big builds' memory flat.
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
    let svg = draw(text, label);
    if let Ok(mut drawn) = DRAWN.lock() {
        let drawn = drawn.get_or_insert_with(HashMap::new);
        if drawn.len() >= REMEMBERED {
            drawn.clear();
        }
        drawn.insert(key, svg.clone());
    }
    svg
}

/// `text` at error correction level M, or higher where that fits in the
/// same size, with the mask the standard asks for, drawn as SVG path data;
/// and the symbol's size in modules. `None` only for a text of several
/// kilobytes.
fn encode(text: &str) -> Option<(String, usize)> {
    let segments = QrSegment::make_segments(text);
    let with = |mask| {
        QrCode::encode_segments_advanced(
            &segments,
            QrCodeEcc::Medium,
            Version::MIN,
            Version::MAX,
            mask,
            true,
        )
        .ok()
    };
    let first = with(Some(Mask::new(0)))?;
    Some(match mask::best(&first) {
        Some(symbol) => (
            path((0..symbol.size()).map(|y| symbol.runs(y))),
            symbol.size(),
        ),
        None => {
            let code = with(None)?;
            let size = code.size();
            let code = &code;
            let runs = |y| runs_in(size, move |x| code.get_module(x, y));
            (path((0..size).map(runs)), size as usize)
        }
    })
}

/// The runs of dark modules in a row of `width` modules, as (first column,
/// length).
fn runs_in(width: i32, dark: impl Fn(i32) -> bool) -> impl Iterator<Item = (usize, usize)> {
    let mut x = 0;
    std::iter::from_fn(move || {
        while x < width && !dark(x) {
            x += 1;
        }
        let start = x;
        while x < width && dark(x) {
            x += 1;
        }
        (x > start).then(|| (start as usize, (x - start) as usize))
    })
}

/// A horizontal line for each run of dark modules, row by row, in module
/// units offset by the quiet zone.
fn path<R: Iterator<Item = (usize, usize)>>(rows: impl Iterator<Item = R>) -> String {
    let mut path = String::with_capacity(2048);
    let mut number = itoa::Buffer::new();
    for (y, runs) in rows.enumerate() {
        let mut pen = None;
        for (start, len) in runs {
            match pen {
                None => {
                    path.push('M');
                    path.push_str(number.format(start + QUIET_ZONE));
                    path.push(' ');
                    path.push_str(number.format(y + QUIET_ZONE));
                    path.push_str(".5");
                }
                Some(end) => {
                    path.push('m');
                    path.push_str(number.format(start - end));
                    path.push_str(" 0");
                }
            }
            path.push('h');
            path.push_str(number.format(len));
            pen = Some(start + len);
        }
    }
    path
}

fn draw(text: &str, label: &str) -> String {
    let Some((path, width)) = encode(text) else {
        return String::new();
    };
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

/// The decoder the integration tests read pages' codes with.
#[cfg(test)]
#[path = "../../tests/common/qr_svg.rs"]
mod qr_svg;

#[cfg(test)]
pub(super) mod tests {
    pub use super::qr_svg::decode_svg;

    #[test]
    fn codes_read_back_as_their_text_at_every_length() {
        for len in [1, 20, 60, 77, 120, 250] {
            let text: String = "webcal://notices.example.edu.cn/zh-CN/"
                .chars()
                .cycle()
                .take(len)
                .collect();
            assert_eq!(decode_svg(&super::svg(&text, "x")), text);
        }
    }
}
