//! Files other than Markdown in a campaign folder: attachments that are
//! files (a timetable as .xlsx, requirements as .pdf), and the images and
//! forms Markdown files link to.
//!
//! This module knows file names, kinds and addresses, not meaning: which
//! kinds of file the site publishes, which it refuses, how a Markdown link
//! resolves to a file of the campaign folder. [`crate::validate`] decides
//! which files are used; [`crate::render`] copies them and rewrites the
//! links. Both resolve links with [`resolve`], so they agree.

use std::io::Read;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

use super::digest::Digest;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, display_path};

/// The kinds of file offices publish, by extension (compared without
/// regard to case). Students open them with an office suite, an image
/// viewer or an archiver; a browser runs none of them as part of the site.
pub const ACCEPTED: [&str; 19] = [
    "pdf", "doc", "docx", "xls", "xlsx", "csv", "ppt", "pptx", "odt", "ods", "jpg", "jpeg", "png",
    "webp", "gif", "zip", "rar", "7z", "txt",
];

/// The kinds of image a Markdown file may show with `![…](…)`: those every
/// phone browser displays.
pub const IMAGES: [&str; 5] = ["jpg", "jpeg", "png", "webp", "gif"];

/// Kinds of file a browser would run as part of the site, served from its
/// address: a page or an SVG image with a script in it could read or change
/// every page of the site. Refused with the advice to zip them.
pub const REFUSED: [&str; 16] = [
    "html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "js", "mjs", "cjs", "xml", "xsl",
    "xslt", "css", "wasm", "swf",
];

/// What the site does with a kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Published as it is.
    Accepted,
    /// A browser would run it as part of the site.
    Refused,
    /// Anything else (an .exe, a video, a file without extension).
    Unknown,
}

/// The extension of a file name, without the dot, as written.
pub fn extension(name: &str) -> Option<&str> {
    let file = name.rsplit('/').next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then_some(ext)
}

/// What the site does with the file `name`.
pub fn kind(name: &str) -> Kind {
    let Some(ext) = extension(name) else {
        return Kind::Unknown;
    };
    let ext = ext.to_ascii_lowercase();
    if ACCEPTED.contains(&ext.as_str()) {
        Kind::Accepted
    } else if REFUSED.contains(&ext.as_str()) {
        Kind::Refused
    } else {
        Kind::Unknown
    }
}

/// Whether `name` is an image a page can show.
pub fn is_image(name: &str) -> bool {
    extension(name).is_some_and(|e| IMAGES.contains(&e.to_ascii_lowercase().as_str()))
}

/// A file of a campaign folder that is neither `campaign.yaml` nor
/// Markdown, as found when loading: its bytes are not kept (a site may
/// hold hundreds of megabytes of them), only what pages show about it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the site root, `/`-separated, for messages.
    pub file: String,
    /// Where to read it again when the site is built.
    pub path: PathBuf,
    /// Its size in bytes, as read.
    pub size: u64,
    /// Width and height in pixels, for an image whose header could be
    /// read (`None` for other files, and for an image that cannot be shown).
    pub dimensions: Option<(u32, u32)>,
}

/// Reads the file at `path` (named `key` inside its campaign folder) into
/// `digest`, so a changed file makes its campaign render again, and notes
/// its size and, for an image, its dimensions (read from its header only).
/// `None` if it cannot be read (reported).
pub(super) fn load(
    root: &Path,
    path: &Path,
    key: &str,
    digest: &mut Digest,
    out: &mut Diagnostics,
) -> Option<SourceFile> {
    let file = display_path(root, path);
    let read = || -> std::io::Result<(u128, u64)> {
        // Streamed: an archive of a few hundred megabytes is not held in
        // memory to be fingerprinted.
        let mut reader = std::fs::File::open(path)?;
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        let mut buffer = vec![0; 64 * 1024];
        let mut size = 0u64;
        loop {
            let n = reader.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hash.update(&buffer[..n]);
            size += n as u64;
        }
        Ok((hash.digest128(), size))
    };
    match read() {
        Ok((hash, size)) => {
            digest.add(key, &hash.to_le_bytes());
            digest.add("", &size.to_le_bytes());
            let dimensions = is_image(key)
                .then(|| imagesize::size(path).ok())
                .flatten()
                .and_then(|s| Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?)))
                .filter(|&(w, h)| w > 0 && h > 0);
            Some(SourceFile {
                file,
                path: path.to_path_buf(),
                size,
                dimensions,
            })
        }
        Err(e) => {
            out.push(
                Diagnostic::error(file, Pos::START, format!("cannot read this file: {e}"))
                    .hint("check that the file exists and that you may read it"),
            );
            None
        }
    }
}

/// A link or image address in a Markdown file that names a file of the
/// campaign folder: no scheme (`https:`, `mailto:`), not `//host/…`, not
/// `/…` from the site root, not `#…` on the same page, not empty. `None`
/// for any other address.
pub fn local_path(address: &str) -> Option<String> {
    let address = address.trim();
    if address.is_empty() || address.starts_with(['#', '/', '?']) {
        return None;
    }
    let scheme_end = address.find(':');
    let path_end = address.find(['/', '?', '#', '\\']);
    if let Some(colon) = scheme_end
        && path_end.is_none_or(|p| colon < p)
    {
        let scheme = &address[..colon];
        let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if is_scheme {
            return None;
        }
    }
    let path = address.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_decode_str(path)
        .decode_utf8()
        .map_or_else(|_| path.to_string(), |d| d.into_owned());
    // Staff on Windows write `images\qr.png`; browsers read `\` as `/`.
    Some(decoded.replace('\\', "/"))
}

/// Why a local address does not name a file inside the campaign folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// `..` climbs out of the campaign folder.
    Outside,
    /// The address names a folder (`images/`).
    Folder,
}

/// The file a local address `path` (from [`local_path`]) names, as a path
/// inside the campaign folder, for a Markdown file at `from` (also inside
/// the campaign folder: `notice.en.md`, `attachments/guide.zh-CN.md`).
/// Addresses are read from the Markdown file's own folder, as a browser
/// reads them from the page.
pub fn resolve(from: &str, path: &str) -> Result<String, Unresolved> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    if path.ends_with('/')
        || path
            .split('/')
            .next_back()
            .is_some_and(|l| l == "." || l == "..")
    {
        return Err(Unresolved::Folder);
    }
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(Unresolved::Outside)?;
            }
            name => parts.push(name),
        }
    }
    if parts.is_empty() {
        return Err(Unresolved::Folder);
    }
    Ok(parts.join("/"))
}

/// A link or image in a Markdown file's source, as written.
#[derive(Debug, PartialEq, Eq)]
pub struct Reference {
    pub address: String,
    pub image: bool,
    /// Byte offset of the address in the source (of the link when the
    /// address cannot be found there, as with a reference definition).
    pub at: usize,
}

/// The links and images of a Markdown file's source, before its `{{ }}`
/// and `{% %}` tags are expanded: those whose address is written out,
/// without a tag in it, are known here, so `check` can find a missing file
/// at its line and column in every body, whichever pages show it. Tera
/// comments are left out.
pub fn references(source: &str) -> Vec<Reference> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let text = without_comments(source);
    let options = Options::ENABLE_TABLES
        .union(Options::ENABLE_FOOTNOTES)
        .union(Options::ENABLE_STRIKETHROUGH);
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
        let (address, image) = match &event {
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            _ => continue,
        };
        if address.contains("{{") || address.contains("{%") {
            continue;
        }
        let written = text.get(range.clone()).unwrap_or("");
        // The address as written, after the `](`; else the link itself.
        let at = written
            .rfind(&**address)
            .filter(|_| !address.is_empty())
            .map_or(range.start, |i| range.start + i);
        found.push(Reference {
            address: address.to_string(),
            image,
            at,
        });
    }
    found
}

/// `source` with each Tera comment `{# … #}` blanked out byte for byte
/// (line breaks kept), so offsets still point into the source.
fn without_comments(source: &str) -> std::borrow::Cow<'_, str> {
    if !source.contains("{#") {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut bytes = source.as_bytes().to_vec();
    let mut from = 0;
    while let Some(start) = source[from..].find("{#").map(|i| from + i) {
        let end = source[start + 2..]
            .find("#}")
            .map_or(source.len(), |i| start + 2 + i + 2);
        for b in &mut bytes[start..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        from = end;
    }
    // Only whole characters were replaced, by ASCII spaces.
    std::borrow::Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_addresses() {
        assert_eq!(local_path("qr.png").as_deref(), Some("qr.png"));
        assert_eq!(
            local_path("<附件4%20各校园安排.xlsx>".trim_matches(['<', '>'])).as_deref(),
            Some("附件4 各校园安排.xlsx")
        );
        assert_eq!(local_path("a/b.pdf#page=2").as_deref(), Some("a/b.pdf"));
        assert_eq!(
            local_path(r"images\qr.png").as_deref(),
            Some("images/qr.png")
        );
        for other in [
            "https://e.edu/x.png",
            "mailto:a@b",
            "tel:123",
            "//host/x.png",
            "/x.png",
            "#top",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(local_path(other), None, "{other}");
        }
        assert_eq!(local_path("a:b/c.png"), None, "a scheme");
        assert_eq!(local_path("a/b:c.png").as_deref(), Some("a/b:c.png"));
    }

    #[test]
    fn resolving() {
        assert_eq!(resolve("notice.en.md", "qr.png"), Ok("qr.png".into()));
        assert_eq!(
            resolve("attachments/g.en.md", "../qr.png"),
            Ok("qr.png".into())
        );
        assert_eq!(
            resolve("schools/s/g.en.md", "./map.png"),
            Ok("schools/s/map.png".into())
        );
        assert_eq!(
            resolve("notice.en.md", "../other/qr.png"),
            Err(Unresolved::Outside)
        );
        assert_eq!(resolve("notice.en.md", "images/"), Err(Unresolved::Folder));
        assert_eq!(resolve("notice.en.md", "."), Err(Unresolved::Folder));
    }

    #[test]
    fn references_as_written() {
        let source = "![QR](qr.png) {# [old](old.pdf) #}\n[form](<附件 1.docx>) [web](https://e.edu) [x]({{ s.id }}.pdf)\n";
        let found = references(source);
        let addresses: Vec<(&str, bool)> = found
            .iter()
            .map(|r| (r.address.as_str(), r.image))
            .collect();
        assert_eq!(
            addresses,
            vec![
                ("qr.png", true),
                ("附件 1.docx", false),
                ("https://e.edu", false)
            ]
        );
        for r in &found {
            assert_eq!(&source[r.at..r.at + r.address.len()], r.address);
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(kind("a/B.XLSX"), Kind::Accepted);
        assert_eq!(kind("x.svg"), Kind::Refused);
        assert_eq!(kind("x.exe"), Kind::Unknown);
        assert_eq!(kind("README"), Kind::Unknown);
        assert!(is_image("a.JPG") && !is_image("a.pdf"));
    }
}
