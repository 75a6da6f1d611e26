//! The deploy guide's example files, run for real: docs/examples/nginx.conf
//! in nginx (with https, on loopback ports) and docs/examples/Caddyfile in
//! Caddy, serving the built example site, asked with curl for every kind of
//! file the build writes (its Content-Type and Cache-Control), the http
//! port's calendar files and redirect, and the 404 page at a deep missing
//! address; both again under a sub-path, changed as docs/deploy.md says,
//! with every absolute address the pages give answering; and
//! docs/examples/publish.yml: valid YAML whose commands run as written.

mod common;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const NGINX: &str = "/usr/sbin/nginx";
const CADDY: &str = "/usr/bin/caddy";
const CURL: &str = "/usr/bin/curl";
const OPENSSL: &str = "/usr/bin/openssl";
const HOST: &str = "notices.example.edu.cn";

const SHORT: &str = "public, max-age=300";
const LONG: &str = "public, max-age=3600";

/// What each kind of file the build writes must be served as. A build that
/// writes a new kind fails the tests until the examples (and this) know it.
fn expected_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        _ if path.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "csv" => "text/csv",
        "json" => "application/json",
        "xml" => "text/xml; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "png" => "image/png",
        other => panic!(
            "the build wrote a .{other} file ({path}): give it a type in docs/examples/ and here"
        ),
    }
}

fn expected_cache(path: &str) -> &'static str {
    if path.starts_with("files/") || path == "style.css" {
        LONG
    } else {
        SHORT
    }
}

/// A server started by a test, stopped when the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One answer: status, headers (names in lower case), body.
struct Answer {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }
}

/// GETs `path` from the test host at `port` (https or http), through curl,
/// which resolves the host to 127.0.0.1 and accepts the test certificate.
fn get(scheme: &str, port: u16, path: &str) -> Answer {
    let tmp = tempfile::tempdir().unwrap();
    let (head, body) = (tmp.path().join("head"), tmp.path().join("body"));
    let out = Command::new(tool(CURL))
        .args(["-sS", "-k", "--max-time", "20", "--resolve"])
        .arg(format!("{HOST}:{port}:127.0.0.1"))
        .arg("-D")
        .arg(&head)
        .arg("-o")
        .arg(&body)
        .arg("-w")
        .arg("%{http_code}")
        .arg(format!("{scheme}://{HOST}:{port}{path}"))
        .output()
        .expect("run curl");
    assert!(
        out.status.success(),
        "curl {path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let head = std::fs::read_to_string(head).unwrap();
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status: String::from_utf8(out.stdout).unwrap().parse().unwrap(),
        headers,
        body: std::fs::read(body).unwrap_or_default(),
    }
}

/// Waits until the server answers on `port`.
fn wait_for(port: u16, server: &mut Server, log: &Path) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = server.0.try_wait().unwrap() {
            panic!(
                "the server exited ({status}):\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `text` with `from` replaced by `to`, which must be there (so this test
/// notices when the example changes under it).
fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is no longer in the example");
    text.replace(from, to)
}

/// The example site built into `dir/public` (or `dir/<sub>` when the site
/// is published under a path), with `base_url` replaced when given.
fn built_site(dir: &Path, base_url: Option<&str>, out: &Path) {
    let site = dir.join("site");
    copy_example_site(&site);
    if let Some(base) = base_url {
        let config = std::fs::read_to_string(site.join("noticeboard.yaml")).unwrap();
        let config = replace(
            &config,
            "base_url: https://notices.example.edu.cn/",
            &format!("base_url: {base}"),
        );
        std::fs::write(site.join("noticeboard.yaml"), config).unwrap();
    }
    build_ok(&site, out);
    // nginx's workers may run as another user.
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let mode = if entry.file_type().is_dir() {
            0o755
        } else {
            0o644
        };
        let mut perms = std::fs::metadata(entry.path()).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, mode);
        std::fs::set_permissions(entry.path(), perms).unwrap();
    }
}

/// Starts nginx with `site_conf` (the example, adapted) inside an http
/// block like Debian's, and waits for `port`.
fn nginx(dir: &Path, site_conf: &str, port: u16) -> Server {
    let conf = dir.join("site.conf");
    std::fs::write(&conf, site_conf).unwrap();
    let main = dir.join("nginx.conf");
    let d = dir.display();
    std::fs::write(
        &main,
        format!(
            "pid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n\
             include /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n\
             access_log off;\nclient_body_temp_path {d}/body;\nproxy_temp_path {d}/proxy;\n\
             fastcgi_temp_path {d}/fastcgi;\nuwsgi_temp_path {d}/uwsgi;\nscgi_temp_path {d}/scgi;\n\
             include {};\n}}\n",
            conf.display()
        ),
    )
    .unwrap();
    let mut server = Server(
        Command::new(tool(NGINX))
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&main)
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("stderr.log")).unwrap())
            .spawn()
            .expect("start nginx"),
    );
    wait_for(port, &mut server, &dir.join("stderr.log"));
    server
}

/// A self-signed certificate for the test host: (certificate, key).
fn certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let out = Command::new(tool(OPENSSL))
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .arg("ec_paramgen_curve:prime256v1")
        .args(["-nodes", "-days", "2", "-subj"])
        .arg(format!("/CN={HOST}"))
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (cert, key)
}

/// One file of each kind in the output (relative paths), and the output's
/// folders' pages.
fn one_of_each_kind(out: &Path) -> Vec<String> {
    let mut seen = BTreeMap::new();
    for path in read_tree(out).into_keys() {
        if path.starts_with('.') {
            continue;
        }
        let kind = if path.ends_with("atom.xml") {
            "atom".to_string()
        } else {
            let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
            let place = if path.starts_with("files/") {
                "files"
            } else {
                ""
            };
            format!("{place}.{ext}")
        };
        seen.entry(kind).or_insert(path);
    }
    seen.into_values().collect()
}

/// The checks both servers must pass on the example site served at the
/// root on `port` (`scheme`), the http port `plain` serving calendars.
fn check_served_site(out: &Path, scheme: &str, port: u16, plain: u16) {
    let files = one_of_each_kind(out);
    assert!(files.len() >= 8, "{files:?}");
    for path in &files {
        let answer = get(scheme, port, &format!("/{path}"));
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("content-type"), expected_type(path), "{path}");
        assert_eq!(
            answer.header("cache-control"),
            expected_cache(path),
            "{path}"
        );
        assert_eq!(
            answer.body,
            std::fs::read(out.join(path)).unwrap(),
            "{path}"
        );
    }
    // A folder's page.
    let home = get(scheme, port, "/zh-CN/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");

    // The calendars over plain http, for webcal:// subscriptions; the rest
    // moves to https.
    let ics = "/zh-CN/hitsz-2026-graduation-photos/calendar.ics";
    let plain_ics = get("http", plain, ics);
    assert_eq!(plain_ics.status, 200);
    assert_eq!(
        plain_ics.header("content-type"),
        "text/calendar; charset=utf-8"
    );
    assert_eq!(plain_ics.body, std::fs::read(out.join(&ics[1..])).unwrap());
    let page = get("http", plain, "/zh-CN/");
    assert_eq!(page.status, 301);
    assert!(
        page.header("location")
            .starts_with(&format!("https://{HOST}"))
            && page.header("location").ends_with("/zh-CN/"),
        "{}",
        page.header("location")
    );

    // The 404 page, at a deep missing address, with its stylesheet.
    let missing = get(scheme, port, "/zh-CN/no-such-campaign/schools/nobody/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body, std::fs::read(out.join("404.html")).unwrap());
    let html = String::from_utf8(missing.body).unwrap();
    assert!(html.contains("<base href=\"/\">"), "{html}");
    assert!(html.contains("href=\"style.css\""), "{html}");
    assert_eq!(get(scheme, port, "/style.css").status, 200);
    assert_eq!(get(scheme, port, "/.noticeboard-output").status, 404);
}

#[test]
fn nginx_example_serves_types_cache_times_and_the_404_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    built_site(tmp.path(), None, &out);
    let (cert, key) = certificate(tmp.path());
    let (https, http) = (free_port(), free_port());
    let example = std::fs::read_to_string(repo().join("docs/examples/nginx.conf")).unwrap();
    let conf = replace(&example, "listen 80;", &format!("listen 127.0.0.1:{http};"));
    let conf = replace(&conf, "listen [::]:80;\n", "");
    let conf = replace(
        &conf,
        "listen 443 ssl http2;",
        &format!("listen 127.0.0.1:{https} ssl http2;"),
    );
    let conf = replace(&conf, "listen [::]:443 ssl http2;\n", "");
    let conf = replace(&conf, "/srv/noticeboard/public", &out.display().to_string());
    let conf = replace(
        &conf,
        "/etc/ssl/noticeboard/fullchain.pem",
        &cert.display().to_string(),
    );
    let conf = replace(
        &conf,
        "/etc/ssl/noticeboard/privkey.pem",
        &key.display().to_string(),
    );
    let _nginx = nginx(tmp.path(), &conf, https);
    check_served_site(&out, "https", https, http);
}

/// docs/deploy.md's "Under a path": the output built into the folder the
/// path names under nginx's root, and the example's site-wide locations
/// given the path. Every page's canonical, alternate and calendar
/// addresses then answer.
#[test]
fn nginx_example_serves_a_site_under_a_path() {
    let tmp = tempfile::tempdir().unwrap();
    let www = tmp.path().join("www");
    let out = www.join("notices");
    let base = format!("https://{HOST}/notices/");
    built_site(tmp.path(), Some(&base), &out);
    let (cert, key) = certificate(tmp.path());
    let (https, http) = (free_port(), free_port());
    let example = std::fs::read_to_string(repo().join("docs/examples/nginx.conf")).unwrap();
    let mut conf = example;
    for (from, to) in [
        ("listen 80;", format!("listen 127.0.0.1:{http};")),
        ("listen [::]:80;\n", String::new()),
        (
            "listen 443 ssl http2;",
            format!("listen 127.0.0.1:{https} ssl http2;"),
        ),
        ("listen [::]:443 ssl http2;\n", String::new()),
        ("/srv/noticeboard/public", www.display().to_string()),
        (
            "/etc/ssl/noticeboard/fullchain.pem",
            cert.display().to_string(),
        ),
        (
            "/etc/ssl/noticeboard/privkey.pem",
            key.display().to_string(),
        ),
        // The changes docs/deploy.md lists.
        (
            "error_page 404 /404.html;",
            "error_page 404 /notices/404.html;".into(),
        ),
        ("location /files/ {", "location /notices/files/ {".into()),
        (
            "location = /style.css {",
            "location = /notices/style.css {".into(),
        ),
        (
            "location = /.noticeboard-output {",
            "location = /notices/.noticeboard-output {".into(),
        ),
    ] {
        conf = replace(&conf, from, &to);
    }
    let _nginx = nginx(tmp.path(), &conf, https);

    check_served_under_path(&out, &base, "https", https, http);
    assert_eq!(
        get("https", https, "/notices/.noticeboard-output").status,
        404
    );
}

/// The checks both servers must pass on the example site built with
/// `base_url` `base` (path `/notices/`) and served at that path on `port`
/// (`scheme`), the http port `plain` serving calendars: the 404 page's base,
/// and every absolute address of the site in its pages, feeds, sitemap and
/// calendars (canonical, hreflang, calendar and subscribe-section
/// addresses; the webcal ones as https; fragments dropped) answering.
fn check_served_under_path(out: &Path, base: &str, scheme: &str, port: u16, plain: u16) {
    let missing = get(scheme, port, "/notices/zh-CN/nothing/here/");
    assert_eq!(missing.status, 404);
    let html = String::from_utf8(missing.body).unwrap();
    assert!(html.contains("<base href=\"/notices/\">"), "{html}");
    assert_eq!(
        get(scheme, port, "/notices/style.css").header("cache-control"),
        LONG
    );

    let mut addresses = std::collections::BTreeSet::new();
    for (path, bytes) in read_tree(out) {
        if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".ics")) {
            continue;
        }
        // Calendar lines are folded at 75 octets.
        let text = String::from_utf8_lossy(&bytes)
            .replace("\r\n ", "")
            .replace("webcal://", "https://");
        for (at, _) in text.match_indices(base) {
            let rest = &text[at + base.len() - "/notices/".len()..];
            let end = rest
                .find(|c: char| c == '"' || c == '<' || c == '#' || c.is_whitespace())
                .unwrap_or(rest.len());
            addresses.insert(rest[..end].to_string());
        }
    }
    assert!(addresses.len() > 50, "{addresses:?}");
    assert!(
        addresses.iter().any(|a| a.ends_with(".ics")),
        "{addresses:?}"
    );
    for address in &addresses {
        assert!(address.starts_with("/notices/"), "{address}");
        let answer = get(scheme, port, address);
        assert_eq!(answer.status, 200, "{address}");
    }
    let ics = addresses.iter().find(|a| a.ends_with(".ics")).unwrap();
    assert_eq!(
        get("http", plain, ics).header("content-type"),
        "text/calendar; charset=utf-8"
    );
}

/// docs/examples/Caddyfile with `changes` made, its sites moved to loopback
/// ports over http (no certificates in a test; everything else as
/// written), serving `root`; started, and the ports (site, plain) it
/// listens on.
fn caddy(dir: &Path, root: &Path, changes: &[(&str, &str)]) -> (Server, u16, u16) {
    let (site, plain) = (free_port(), free_port());
    let example = std::fs::read_to_string(repo().join("docs/examples/Caddyfile")).unwrap();
    let mut conf = replace(
        &example,
        &format!("\n{HOST} {{"),
        &format!("\nhttp://{HOST}:{site} {{"),
    );
    conf = replace(
        &conf,
        &format!("http://{HOST} {{"),
        &format!("http://{HOST}:{plain} {{"),
    );
    conf = replace(
        &conf,
        "/srv/noticeboard/public",
        &root.display().to_string(),
    );
    for (from, to) in changes {
        conf = replace(&conf, from, to);
    }
    let file = dir.join("Caddyfile");
    std::fs::write(&file, format!("{{\n\tadmin off\n}}\n\n{conf}")).unwrap();
    let log = dir.join("caddy.log");
    let mut server = Server(
        Command::new(tool(CADDY))
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&file)
            .env("HOME", dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start caddy"),
    );
    wait_for(site, &mut server, &log);
    wait_for(plain, &mut server, &log);
    (server, site, plain)
}

#[test]
fn caddy_example_serves_types_cache_times_and_the_404_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    built_site(tmp.path(), None, &out);
    let (_caddy, site, plain) = caddy(tmp.path(), &out, &[]);
    check_served_site(&out, "http", site, plain);
}

/// docs/deploy.md's "Under a path" for Caddy: the output in the folder the
/// path names under the root, and the example's paths given the prefix.
#[test]
fn caddy_example_serves_a_site_under_a_path() {
    let tmp = tempfile::tempdir().unwrap();
    let www = tmp.path().join("www");
    let out = www.join("notices");
    let base = format!("https://{HOST}/notices/");
    built_site(tmp.path(), Some(&base), &out);
    let (_caddy, site, plain) = caddy(
        tmp.path(),
        &www,
        &[
            // The changes docs/deploy.md lists.
            (
                "@long path /files/* /style.css",
                "@long path /notices/files/* /notices/style.css",
            ),
            (
                "@short not path /files/* /style.css",
                "@short not path /notices/files/* /notices/style.css",
            ),
            (
                "@bookkeeping path /.noticeboard-output",
                "@bookkeeping path /notices/.noticeboard-output",
            ),
            ("rewrite * /404.html", "rewrite * /notices/404.html"),
        ],
    );
    check_served_under_path(&out, &base, "http", site, plain);
    assert_eq!(
        get("http", site, "/notices/.noticeboard-output").status,
        404
    );
}

/// The workflow is YAML a parser reads, its steps run `check` before
/// `build --locked` before the upload, and each `noticeboard` command in
/// it, run as written in a copy of the example site with its publication
/// record, succeeds; the upload script runs (with a stand-in `aws` that
/// records what it is asked) and gives calendars their type.
#[test]
fn publish_workflow_runs_the_real_commands() {
    let text = std::fs::read_to_string(repo().join("docs/examples/publish.yml")).unwrap();
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).expect("valid YAML");
    assert!(workflow["on"]["push"].is_object(), "{workflow}");
    let steps = workflow["jobs"]["build"]["steps"]
        .as_array()
        .expect("steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let position = |needle: &str| {
        runs.iter()
            .position(|r| r.contains(needle))
            .unwrap_or_else(|| panic!("no step runs `{needle}`: {runs:?}"))
    };
    assert!(position("cargo install --locked") < position("noticeboard check"));
    assert!(position("noticeboard check") < position("noticeboard build --locked"));
    assert!(position("noticeboard build --locked") < position("aws s3 sync public/"));

    // The noticeboard commands, run as the workflow runs them, in a copy
    // of the site with its committed record.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_example_site_with_record(&site);
    let bin = Path::new(env!("CARGO_BIN_EXE_noticeboard"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for run in runs.iter().filter(|r| r.starts_with("noticeboard ")) {
        let out = Command::new("sh")
            .args(["-c", run])
            .current_dir(&site)
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{run}` failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(site.join("public/zh-CN/index.html").is_file());

    // The upload script, with a stand-in aws.
    let upload = steps
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains("aws s3 sync")))
        .unwrap();
    let fake = tmp.path().join("bin");
    std::fs::create_dir(&fake).unwrap();
    let calls = tmp.path().join("calls");
    let aws = fake.join("aws");
    std::fs::write(
        &aws,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s|' \"$a\" >> {}; done\necho >> {}\n",
            calls.display(),
            calls.display()
        ),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&aws).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&aws, perms).unwrap();
    let mut command = Command::new("bash");
    command
        .args(["-c", upload["run"].as_str().unwrap()])
        .current_dir(&site)
        .env("PATH", format!("{}:{path}", fake.display()));
    for (name, _) in upload["env"].as_object().unwrap() {
        command.env(name, "x");
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "the upload script failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls = std::fs::read_to_string(calls).unwrap();
    assert!(
        calls.contains("--include|*.ics|--content-type|text/calendar; charset=utf-8|--cache-control|public, max-age=300|"),
        "{calls}"
    );
    let last = calls.lines().last().unwrap();
    assert!(last.contains("|--delete|"), "the last sync deletes: {last}");
}
