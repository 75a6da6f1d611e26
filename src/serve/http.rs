//! Answering requests from the last good build, held in memory.

use std::io;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use tiny_http::{Header, Request, Response, Server};

use super::State;
use super::inject::{self, VERSION_PATH};
use crate::Files;

/// Binds 127.0.0.1 at `port`, or the first free one of the nine after it;
/// port 0 lets the system choose. Returns the port bound. A response write
/// that makes no progress for `write_timeout` fails.
pub fn bind(port: u16, write_timeout: Duration) -> Result<(Server, u16), String> {
    let mut last_error = String::new();
    for candidate in port..=port.saturating_add(9) {
        match listen(candidate, write_timeout) {
            Ok(server) => {
                let bound = server
                    .server_addr()
                    .to_ip()
                    .map_or(candidate, |address| address.port());
                return Ok((server, bound));
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    Err(format!(
        "cannot listen on 127.0.0.1 ports {port}-{}: {last_error}; choose another with --port",
        port.saturating_add(9)
    ))
}

/// tiny_http never hands out the sockets it accepts, so the write timeout
/// is set on the listening socket: accepted sockets inherit it (Linux, the
/// BSDs and macOS copy socket options to them; the test in `workers` fails
/// where they do not).
fn listen(port: u16, write_timeout: Duration) -> Result<Server, String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    socket2::SockRef::from(&listener)
        .set_write_timeout(Some(write_timeout))
        .map_err(|e| e.to_string())?;
    Server::from_listener(listener, None).map_err(|e| e.to_string())
}

/// Answers from the site in `state`; an error when the response could not
/// be written (the client closing is not one).
pub fn answer(request: Request, state: &Mutex<State>) -> io::Result<()> {
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let (version, errors, site) = {
        let state = state.lock().unwrap_or_else(|e| e.into_inner());
        (
            state.version,
            state.errors.clone(),
            std::sync::Arc::clone(&state.site),
        )
    };
    let response = if url == VERSION_PATH {
        respond(
            version.to_string().into_bytes(),
            "text/plain; charset=utf-8",
            200,
        )
    } else {
        match resolve(&site, &url) {
            Some(Target::File(path, bytes)) => {
                let kind = content_type(Path::new(path));
                let body = if kind.starts_with("text/html") {
                    inject::page(bytes.to_vec(), errors.as_deref())
                } else {
                    bytes.to_vec()
                };
                respond(body, kind, 200)
            }
            Some(Target::Folder(folder)) => redirect(&location(folder, request.url())),
            None => {
                let page = site
                    .get("404.html")
                    .cloned()
                    .unwrap_or_else(|| b"<!doctype html><title>404</title>Not found".to_vec());
                respond(
                    inject::page(page, errors.as_deref()),
                    "text/html; charset=utf-8",
                    404,
                )
            }
        }
    };
    request.respond(response)
}

fn respond(body: Vec<u8>, kind: &str, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    let header = |name: &str, value: &str| {
        Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header")
    };
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
}

/// A redirect to `location`, which must be ASCII without controls.
fn redirect(location: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let response = respond(Vec::new(), "text/plain; charset=utf-8", 301);
    match Header::from_bytes("Location", location) {
        Ok(header) => response.with_header(header),
        Err(()) => respond(Vec::new(), "text/plain; charset=utf-8", 500),
    }
}

/// What a URL path names in the site.
#[derive(Debug, PartialEq)]
enum Target<'a> {
    /// A built file: its output path and bytes.
    File(&'a str, &'a [u8]),
    /// A folder named without its trailing slash (its output path): the
    /// browser is sent to it with the slash, or the relative links of its
    /// `index.html` would resolve against its parent.
    Folder(&'a str),
}

/// The file for a URL path: the output path itself, or its `index.html`
/// for a folder. Only files the build made can be found, so nothing else on
/// the machine can be reached, whatever the URL says.
fn resolve<'a>(site: &'a Files, url: &str) -> Option<Target<'a>> {
    let decoded = percent_decode(url)?;
    let path = decoded.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        let (key, bytes) = site.get_key_value(&format!("{path}index.html"))?;
        return Some(Target::File(key, bytes));
    }
    if let Some((key, bytes)) = site.get_key_value(path) {
        return Some(Target::File(key, bytes));
    }
    let (key, _) = site.get_key_value(&format!("{path}/index.html"))?;
    key.strip_suffix("/index.html").map(Target::Folder)
}

/// Where a folder named without its slash is: the folder, from the site's
/// root, with the slash and the query the request had. Made from the
/// folder's output path, never from the URL, so it cannot point off the
/// site (`//host/` would); the query's controls are escaped, so it cannot
/// end the header.
fn location(folder: &str, url: &str) -> String {
    let query = url
        .split('#')
        .next()
        .and_then(|u| u.split_once('?'))
        .map(|(_, query)| format!("?{}", utf8_percent_encode(query, CONTROLS)))
        .unwrap_or_default();
    format!("/{}/{query}", utf8_percent_encode(folder, PATH))
}

/// What is escaped in a path segment of a `Location`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The type of a file by its extension, for the browser to show an image
/// or offer a download as the published site's server would.
fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str());
    match ext.map(str::to_ascii_lowercase).as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        // The kinds of file campaigns publish (see `content::files`).
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("pdf") => "application/pdf",
        Some("csv") => "text/csv",
        Some("zip") => "application/zip",
        Some("doc") => "application/msword",
        Some("xls") => "application/vnd.ms-excel",
        Some("ppt") => "application/vnd.ms-powerpoint",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("pptx") => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        Some("odt") => "application/vnd.oasis.opendocument.text",
        Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Files {
        [
            ("index.html".to_string(), b"root".to_vec()),
            ("en/index.html".to_string(), b"en".to_vec()),
            ("en/c/index.html".to_string(), b"c".to_vec()),
            ("en/c/calendar.ics".to_string(), b"ics".to_vec()),
        ]
        .into()
    }

    #[test]
    fn only_built_files_are_found() {
        let site = site();
        let file = |url| match resolve(&site, url) {
            Some(Target::File(path, bytes)) => Some((path, bytes)),
            _ => None,
        };
        assert_eq!(file("/").unwrap().1, b"root");
        assert_eq!(file("/en/").unwrap().1, b"en");
        assert_eq!(file("/en/c/calendar.ics").unwrap().0, "en/c/calendar.ics");
        for outside in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "//etc/passwd",
            "/en/missing",
            "/e",
        ] {
            assert!(resolve(&site, outside).is_none(), "{outside}");
        }
    }

    #[test]
    fn a_folder_without_its_slash_is_a_redirect_to_it() {
        let site = site();
        for url in ["/en", "//en", "/%65n"] {
            assert_eq!(resolve(&site, url), Some(Target::Folder("en")), "{url}");
        }
        assert_eq!(resolve(&site, "/en/c"), Some(Target::Folder("en/c")));
        assert_eq!(location("en", "/en"), "/en/");
        assert_eq!(location("en/c", "//en/c?a=1&b#x"), "/en/c/?a=1&b");
        assert_eq!(location("en", "/en?"), "/en/?");
        assert_eq!(
            location("en", "/en?a\nLocation:x"),
            "/en/?a%0ALocation:x",
            "a control in the query cannot end the header"
        );
        assert_eq!(location("dé jà", "/x"), "/d%C3%A9%20j%C3%A0/");
    }

    #[test]
    fn calendars_are_text_calendar() {
        assert_eq!(
            content_type(Path::new("a/b.ics")),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
    }

    /// The schedule's spreadsheets open in Excel from the preview, not as
    /// an unknown download.
    #[test]
    fn spreadsheets_have_their_types() {
        assert_eq!(
            content_type(Path::new("en/c/schedule/c.xlsx")),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        // A CSV campaign file may be GBK (as Excel saves it on Chinese
        // Windows), so no charset is claimed; the schedule's own CSV
        // starts with a byte-order mark that says UTF-8.
        assert_eq!(content_type(Path::new("en/c/schedule/c.csv")), "text/csv");
    }

    /// The JSON export (docs/json-export.md) is served as JSON, without a
    /// charset: JSON is UTF-8 by definition (RFC 8259).
    #[test]
    fn the_json_export_is_json() {
        for path in ["campaigns.json", "en/c/campaign.json"] {
            assert_eq!(content_type(Path::new(path)), "application/json");
        }
    }
}
