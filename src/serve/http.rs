//! Answering requests from the last good build, held in memory.

use std::path::Path;
use std::sync::Mutex;

use tiny_http::{Header, Request, Response, Server};

use super::{State, inject};
use crate::Files;

/// The path browsers poll for the site's version.
pub const VERSION_PATH: &str = "/__noticeboard/version";

/// Binds 127.0.0.1 at `port`, or the first free one of the nine after it;
/// port 0 lets the system choose. Returns the port bound.
pub fn bind(port: u16) -> Result<(Server, u16), String> {
    let mut last_error = String::new();
    for candidate in port..=port.saturating_add(9) {
        match Server::http(("127.0.0.1", candidate)) {
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

pub fn answer(request: Request, state: &Mutex<State>) {
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
            Some((path, bytes)) => {
                let kind = content_type(Path::new(path));
                let body = if kind.starts_with("text/html") {
                    inject::page(bytes.to_vec(), errors.as_deref())
                } else {
                    bytes.to_vec()
                };
                respond(body, kind, 200)
            }
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
    let _ = request.respond(response);
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

/// The file for a URL path: the output path itself, or its `index.html`
/// for a folder. Only files the build made can be found, so nothing else on
/// the machine can be reached, whatever the URL says.
fn resolve<'a>(site: &'a Files, url: &str) -> Option<(&'a str, &'a [u8])> {
    let decoded = percent_decode(url)?;
    let path = decoded.trim_start_matches('/');
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates
        .iter()
        .find_map(|key| site.get_key_value(key.as_str()))
        .map(|(key, bytes)| (key.as_str(), bytes.as_slice()))
}

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

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_built_files_are_found() {
        let site: Files = [
            ("index.html".to_string(), b"root".to_vec()),
            ("en/index.html".to_string(), b"en".to_vec()),
            ("en/c/calendar.ics".to_string(), b"ics".to_vec()),
        ]
        .into();
        assert_eq!(resolve(&site, "/").unwrap().1, b"root");
        assert_eq!(resolve(&site, "/en/").unwrap().1, b"en");
        assert_eq!(resolve(&site, "/en").unwrap().1, b"en");
        assert_eq!(
            resolve(&site, "/en/c/calendar.ics").unwrap().0,
            "en/c/calendar.ics"
        );
        for outside in ["/../etc/passwd", "/%2e%2e/x", "//etc/passwd", "/en/missing"] {
            assert!(resolve(&site, outside).is_none(), "{outside}");
        }
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
}
