//! Answering requests from the output folder.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use tiny_http::{Header, Request, Response, Server};

use super::{State, inject};

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

pub fn answer(request: Request, out: &Path, state: &Mutex<State>) {
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let (version, errors) = {
        let state = state.lock().unwrap_or_else(|e| e.into_inner());
        (state.version, state.errors.clone())
    };
    let response = if url == VERSION_PATH {
        respond(
            version.to_string().into_bytes(),
            "text/plain; charset=utf-8",
            200,
        )
    } else {
        match resolve(out, &url)
            .and_then(|path| std::fs::read(&path).ok().map(|bytes| (path, bytes)))
        {
            Some((path, bytes)) => {
                let kind = content_type(&path);
                let body = if kind.starts_with("text/html") {
                    inject::page(bytes, errors.as_deref())
                } else {
                    bytes
                };
                respond(body, kind, 200)
            }
            None => {
                let page = std::fs::read(out.join("404.html"))
                    .unwrap_or_else(|_| b"<!doctype html><title>404</title>Not found".to_vec());
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

/// The file for a URL path, refusing anything that would leave `out`:
/// `..`, absolute paths, and (should one ever be written) symbolic links
/// pointing outside.
fn resolve(out: &Path, url: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url)?;
    let mut path = out.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().ok()?;
    (real.starts_with(out.canonicalize().ok()?) && real.is_file()).then_some(real)
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
    fn never_leaves_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        assert!(resolve(dir.path(), "/").is_some());
        assert!(resolve(dir.path(), "/../etc/passwd").is_none());
        assert!(resolve(dir.path(), "/%2e%2e/x").is_none());
        assert!(resolve(dir.path(), "/a/%2F..%2F..%2Fx").is_none());
        assert!(resolve(dir.path(), "//etc/passwd").is_none());
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        assert!(resolve(dir.path(), "/link/secret").is_none());
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
