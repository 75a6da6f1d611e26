//! `noticeboard serve`, run as staff run it: the real binary on a copy of
//! the example site, spoken to over plain HTTP. Every wait polls against a
//! deadline; nothing sleeps longer than one poll interval.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any one change may take to show (a debug build, under the load
/// of the rest of the test suite).
const DEADLINE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);

const CAMPAIGN: &str = "content/hitsz-2026-graduation-photos";
const PAGE: &str = "/en/hitsz-2026-graduation-photos/schools/computer-science-technology/";
const OVERLAY: &str = "id=\"noticeboard-errors\"";

/// A copy of the example site, and a folder to use as TMPDIR for serve so
/// the test can see that serve writes nothing there.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn example() -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        common::copy_example_site(&dir.path().join("site"));
        Site { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn tmp(&self) -> PathBuf {
        self.dir.path().join("tmp")
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }
}

/// A running `noticeboard serve`, killed if the test fails before it stops.
struct Serve {
    child: Child,
    output: Arc<Mutex<String>>,
}

impl Serve {
    fn start(site: &Site, args: &[&str], path_env: Option<&str>) -> Serve {
        let mut command = Command::new(env!("CARGO_BIN_EXE_noticeboard"));
        command
            .arg("--root")
            .arg(site.root())
            .arg("serve")
            .args(args)
            .env("TMPDIR", site.tmp())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(path) = path_env {
            command.env("PATH", path);
        }
        let mut child = command.spawn().expect("start noticeboard serve");
        let output = Arc::new(Mutex::new(String::new()));
        let streams: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        ];
        for stream in streams {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    let mut output = output.lock().unwrap();
                    output.push_str(&line);
                    output.push('\n');
                }
            });
        }
        Serve { child, output }
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Polls `probe` until it gives a value, failing with everything serve
    /// printed once `deadline` has passed.
    fn wait_for<T>(
        &mut self,
        what: &str,
        deadline: Duration,
        mut probe: impl FnMut() -> Option<T>,
    ) -> T {
        let until = Instant::now() + deadline;
        loop {
            if let Some(value) = probe() {
                return value;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "serve exited ({status}) while waiting for {what}:\n{}",
                    self.output()
                );
            }
            if Instant::now() > until {
                panic!(
                    "no {what} within {deadline:?}; serve said:\n{}",
                    self.output()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// The port from the `serving ... at http://127.0.0.1:PORT/` line.
    fn port(&mut self) -> u16 {
        // The first build of the example site, in a debug build, under load.
        let output = Arc::clone(&self.output);
        self.wait_for("`serving` line", Duration::from_secs(60), || {
            let output = output.lock().unwrap();
            let at = output.find("at http://127.0.0.1:")? + "at http://127.0.0.1:".len();
            let digits: String = output[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
    }

    /// Sends SIGINT (Ctrl-C) and returns the exit code, within a deadline.
    fn interrupt(&mut self) -> Option<i32> {
        let pid = self.child.id() as libc::pid_t;
        assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0, "send SIGINT");
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > until {
                panic!(
                    "serve did not stop within 10 s of SIGINT:\n{}",
                    self.output()
                );
            }
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

struct Response {
    status: u16,
    content_type: String,
    location: Option<String>,
    body: String,
}

/// A plain HTTP/1.0 GET; None while nothing answers.
fn get(port: u16, path: &str) -> Option<Response> {
    let address = ([127, 0, 0, 1], port).into();
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(2)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .ok()?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some(Response {
        status,
        content_type: header(head, "content-type").unwrap_or_default(),
        location: header(head, "location"),
        body: body.to_string(),
    })
}

fn header(head: &str, wanted: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case(wanted)
            .then(|| value.trim().to_string())
    })
}

/// The overlay's text, unescaped.
fn overlay_text(page: &str) -> Option<String> {
    let start = page.find(OVERLAY)?;
    let pre = start + page[start..].find("<pre")?;
    let text = pre + page[pre..].find('>')? + 1;
    let end = text + page[text..].find("</pre>")?;
    Some(
        page[text..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

fn files(dir: &Path) -> Vec<String> {
    common::read_tree(dir).into_keys().collect()
}

#[test]
fn serve_rebuilds_shows_errors_over_the_last_good_site_and_stops_cleanly() {
    let site = Site::example();
    let sources_before = files(&site.root());
    let mut serve = Serve::start(&site, &["--port", "0"], None);
    let port = serve.port();

    let first = serve.wait_for("school page", DEADLINE, || get(port, PAGE));
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.content_type, "text/html; charset=utf-8");
    assert!(
        first.body.contains("/__noticeboard/version"),
        "the reload poller is added"
    );
    assert!(!first.body.contains(OVERLAY));
    // Building reads every source; that must not count as a change.
    std::thread::sleep(Duration::from_secs(1));
    assert!(
        !serve.output().contains("rebuil"),
        "no rebuild without a change:\n{}",
        serve.output()
    );
    let written: Vec<_> = std::fs::read_dir(site.tmp()).unwrap().collect();
    assert!(
        written.is_empty(),
        "serve keeps the build in memory and writes no files: {written:?}"
    );

    // Nothing but the built files is served.
    for path in [
        "/../noticeboard.yaml",
        "/%2e%2e/noticeboard.yaml",
        "/..%2fsite%2fnoticeboard.yaml",
    ] {
        let response = serve.wait_for("404", DEADLINE, || get(port, path));
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.body.contains("base_url"), "{path}");
    }

    // Calendars are served as calendars.
    let feed = "/en/hitsz-2026-graduation-photos/schools/computer-science-technology/calendar.ics";
    let response = serve.wait_for(".ics", DEADLINE, || get(port, feed));
    assert_eq!(response.status, 200, "{feed}");
    assert_eq!(
        response.content_type, "text/calendar; charset=utf-8",
        "{feed}"
    );
    assert!(response.body.starts_with("BEGIN:VCALENDAR\r\n"), "{feed}");

    // An edit shows up.
    let sentence = format!("Serve test sentence {}.", std::process::id());
    let notice = site.file(&format!("{CAMPAIGN}/notice.en.md"));
    let mut text = std::fs::read_to_string(&notice).unwrap();
    text.push_str(&format!("\n{sentence}\n"));
    std::fs::write(&notice, text).unwrap();
    serve.wait_for("the edited text", DEADLINE, || {
        get(port, PAGE).filter(|r| r.status == 200 && r.body.contains(&sentence))
    });
    // One edit, then quiet: rebuilding (which reads every source) must not
    // set off more rebuilds.
    let rebuilds = |serve: &Serve| serve.output().matches("rebuilt in").count();
    std::thread::sleep(Duration::from_secs(1));
    let settled = rebuilds(&serve);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        rebuilds(&serve),
        settled,
        "rebuilds without changes:\n{}",
        serve.output()
    );

    // A broken campaign: the last good page stays, under check's diagnostics.
    let yaml = site.file(&format!("{CAMPAIGN}/campaign.yaml"));
    let good = std::fs::read_to_string(&yaml).unwrap();
    let reference = "    venues: [student-activity-center]";
    let line = 1 + good
        .lines()
        .position(|l| l == reference)
        .expect("the venue reference");
    std::fs::write(
        &yaml,
        good.replace(reference, "    venues: [no-such-venue]"),
    )
    .unwrap();
    let broken = serve.wait_for("the error overlay", DEADLINE, || {
        get(port, PAGE).filter(|r| r.body.contains(OVERLAY))
    });
    assert_eq!(broken.status, 200);
    assert!(
        broken.body.contains(&sentence),
        "the last good page is still served"
    );
    let overlay = overlay_text(&broken.body).expect("overlay text");
    assert!(
        overlay.contains(&format!("{CAMPAIGN}/campaign.yaml:{line}:")),
        "file and line in the overlay:\n{overlay}"
    );
    assert!(overlay.contains("no-such-venue"), "{overlay}");
    assert!(
        !overlay.contains('\u{1b}'),
        "no terminal colours:\n{overlay}"
    );
    let check = Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .arg("--root")
        .arg(site.root())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        overlay,
        String::from_utf8_lossy(&check.stderr),
        "the overlay is what check prints"
    );
    let other = serve.wait_for("another page", DEADLINE, || get(port, "/"));
    assert!(
        other.body.contains(OVERLAY),
        "every page carries the overlay"
    );

    // Fixed: the overlay goes.
    std::fs::write(&yaml, &good).unwrap();
    let fixed = serve.wait_for("the page without overlay", DEADLINE, || {
        get(port, PAGE).filter(|r| !r.body.contains(OVERLAY))
    });
    assert_eq!(fixed.status, 200);
    assert!(fixed.body.contains(&sentence));

    // Ctrl-C: exit code 0, nothing written, in the site or elsewhere.
    assert_eq!(serve.interrupt(), Some(0), "{}", serve.output());
    assert!(serve.output().contains("stopped"), "{}", serve.output());
    let left: Vec<_> = std::fs::read_dir(site.tmp()).unwrap().collect();
    assert!(left.is_empty(), "serve wrote no temporary files: {left:?}");
    assert_eq!(
        files(&site.root()),
        sources_before,
        "serve writes nothing into the site folder"
    );
}

#[test]
fn a_port_in_use_moves_to_the_next_and_a_missing_browser_is_not_fatal() {
    let site = Site::example();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = taken.local_addr().unwrap().port();
    // No PATH: the browser opener cannot be found.
    let mut serve = Serve::start(&site, &["--port", &busy.to_string(), "--open"], Some(""));
    let port = serve.port();
    assert_ne!(port, busy);
    let output = serve.output();
    assert!(
        output.contains(&format!(
            "port {busy} is in use; serving on port {port} instead"
        )),
        "{output}"
    );
    let page = serve.wait_for("the home page", DEADLINE, || get(port, "/"));
    assert_eq!(page.status, 200);
    let log = Arc::clone(&serve.output);
    let output = serve.wait_for("the browser message", DEADLINE, || {
        Some(log.lock().unwrap().clone()).filter(|o| o.contains("could not open a browser"))
    });
    assert!(
        output.contains(&format!("open http://127.0.0.1:{port}/ yourself")),
        "{output}"
    );
    assert_eq!(serve.interrupt(), Some(0), "{}", serve.output());
    drop(taken);
}

#[test]
fn a_client_that_stops_reading_holds_up_no_one_else_and_folders_get_their_slash() {
    let site = Site::example();
    let mut serve = Serve::start(&site, &["--port", "0"], None);
    let port = serve.port();
    let page = serve.wait_for("school page", DEADLINE, || get(port, PAGE));

    // A folder named without its slash: its relative links would resolve
    // against its parent, so the browser is sent to the folder.
    let folder = PAGE.trim_end_matches('/');
    let response = get(port, &format!("{folder}?from=test")).expect("an answer");
    assert_eq!(response.status, 301, "{}", response.body);
    assert_eq!(
        response.location.as_deref(),
        Some(format!("{folder}/?from=test").as_str())
    );
    assert_eq!(
        get(port, "/en").expect("an answer").location.as_deref(),
        Some("/en/")
    );

    // A client pipelines requests for far more than the socket buffers
    // hold (64 MiB) and never reads.
    let mut stalled = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stalled
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stalled
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let request = format!("GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let count = (64 << 20) / page.body.len() + 1;
    stalled
        .write_all(request.repeat(count).as_bytes())
        .expect("the requests are read");
    // Its responses have begun to come, so serve is writing to it.
    stalled
        .peek(&mut [0])
        .expect("the stalled client is being answered");

    // Everyone else is still answered at once, however far serve has got
    // with the stalled client's responses.
    for path in ["/", PAGE, "/__noticeboard/version"].repeat(3) {
        let started = Instant::now();
        let response = get(port, path);
        assert_eq!(response.map(|r| r.status), Some(200), "{path}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{path} took {:?}",
            started.elapsed()
        );
    }
    assert_eq!(serve.interrupt(), Some(0), "{}", serve.output());
    drop(stalled);
}
