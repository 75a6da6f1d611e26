//! The school pages in real headless Chromium at a 390 px phone width: no
//! horizontal overflow, and the session's date, time and venue, and the
//! attachment file's name, type and size, on screen; the notice's image
//! narrowed to the phone with its proportions kept before it loads.
//! Screenshots go to target/screenshots/ for a person to look at.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const CHROMIUM: &str = "/usr/bin/chromium";
const WIDTH: u32 = 390;

/// Measures the page and writes the result into the DOM for --dump-dom.
/// Each wanted text must be inside some element that has a size, lies
/// within the viewport's width and is not hidden.
const MEASURE: &str = r#"<script>
(function () {
  var report = { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, missing: [],
    images: Array.prototype.map.call(document.querySelectorAll(".body img"), function (i) { var r = i.getBoundingClientRect(); return [r.width, r.height]; }) };
  function visible(el) {
    var r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || r.left < 0 || r.right > window.innerWidth + 0.5) return false;
    for (var e = el; e; e = e.parentElement) {
      var s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || s.opacity === "0") return false;
      if (e.tagName === "DETAILS" && !e.open && e !== el) {
        var summary = e.querySelector("summary");
        if (!summary || !summary.contains(el)) return false;
      }
    }
    return true;
  }
  WANTED.forEach(function (text) {
    var all = Array.prototype.filter.call(document.body.querySelectorAll("*"), function (el) {
      return el.tagName !== "SCRIPT" && el.textContent.indexOf(text) >= 0;
    });
    var deepest = all.filter(function (el) {
      return !Array.prototype.some.call(el.children, function (c) { return c.textContent.indexOf(text) >= 0; });
    });
    if (!deepest.some(visible)) report.missing.push(text);
  });
  parent.postMessage(JSON.stringify(report), "*");
})();
</script>"#;

/// Headless Chromium will not make a window narrower than 500 px for
/// --dump-dom (screenshots do honour 390), so the page is measured in a
/// 390 px iframe, whose viewport is what the page's CSS sees; it posts its
/// report to this wrapper, which puts it in the dumped DOM.
const WRAPPER: &str = r#"<!DOCTYPE html><html><body style="margin:0">
<iframe src="probe.html" style="width:390px;height:844px;border:0"></iframe>
<script>window.addEventListener("message", function (e) {
  var out = document.createElement("pre"); out.id = "measure-report"; out.textContent = e.data;
  document.body.appendChild(out);
});</script></body></html>"#;

fn chromium(args: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(tool(CHROMIUM))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            child.kill().unwrap();
            panic!("chromium did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    stdout
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Opens a copy of `page` with the measuring script, beside the original so
/// its relative stylesheet link still resolves.
fn measure(page: &Path, wanted: &[&str]) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let script = MEASURE.replace("WANTED", &js_strings(wanted));
    let probe = page.with_file_name("probe.html");
    std::fs::write(&probe, html.replace("</body>", &format!("{script}</body>"))).unwrap();
    let wrapper = page.with_file_name("measure.html");
    std::fs::write(&wrapper, WRAPPER).unwrap();
    let dom = chromium(&[
        "--window-size=600,900".into(),
        "--virtual-time-budget=5000".into(),
        "--dump-dom".into(),
        url(&wrapper),
    ]);
    let start = dom
        .find("<pre id=\"measure-report\">")
        .expect("the measuring script did not run");
    let rest = &dom[start + "<pre id=\"measure-report\">".len()..];
    rest[..rest.find("</pre>").unwrap()].replace("&quot;", "\"")
}

/// A JavaScript array literal of the strings, non-ASCII as `\\uXXXX`.
fn js_strings(items: &[&str]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| {
            let body: String = s
                .encode_utf16()
                .map(|u| match u {
                    0x20..=0x7e if u != u16::from(b'"') && u != u16::from(b'\\') => {
                        char::from(u as u8).to_string()
                    }
                    _ => format!("\\u{u:04x}"),
                })
                .collect();
            format!("\"{body}\"")
        })
        .collect();
    format!("[{}]", quoted.join(","))
}

fn screenshot(page: &Path, name: &str, height: u32) -> PathBuf {
    let dir = repo().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    let _ = std::fs::remove_file(&file);
    chromium(&[
        format!("--screenshot={}", file.display()),
        format!("--window-size={WIDTH},{height}"),
        url(page),
    ]);
    assert!(file.is_file(), "no screenshot at {}", file.display());
    file
}

fn number(report: &str, key: &str) -> f64 {
    let at = report
        .find(&format!("\"{key}\":"))
        .unwrap_or_else(|| panic!("{key} in {report}"));
    let rest = &report[at + key.len() + 3..];
    rest[..rest.find([',', '}']).unwrap()].parse().unwrap()
}

fn check_school_page(lang: &str, wanted: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&fixture("basic"), tmp.path());
    let page = tmp.path().join(format!(
        "{lang}/photos-2025/schools/school-of-science/index.html"
    ));
    let report = measure(&page, wanted);
    assert_eq!(
        number(&report, "innerWidth"),
        f64::from(WIDTH),
        "viewport: {report}"
    );
    assert!(
        number(&report, "scrollWidth") <= f64::from(WIDTH),
        "horizontal overflow: {report}"
    );
    assert!(report.contains("\"missing\":[]"), "not visible: {report}");
    screenshot(&page, &format!("school-{lang}.png"), 844);
    screenshot(&page, &format!("school-{lang}-full.png"), 2200);
    let notice = tmp.path().join(format!("{lang}/photos-2025/index.html"));
    let report = measure(&notice, &[]);
    assert!(
        number(&report, "scrollWidth") <= f64::from(WIDTH),
        "notice overflows: {report}"
    );
    // The notice's 600 x 400 image, narrowed to the phone, keeps its
    // proportions before it has loaded (it loads lazily): the page does
    // not jump when it arrives.
    let images = &report[report.find("\"images\":[[").expect("an image") + 11..];
    let (width, height) = images[..images.find(']').unwrap()].split_once(',').unwrap();
    let (width, height): (f64, f64) = (width.parse().unwrap(), height.parse().unwrap());
    assert!(width > 200.0 && width < f64::from(WIDTH), "{report}");
    assert!((height - width * 400.0 / 600.0).abs() < 1.0, "{report}");
    screenshot(&notice, &format!("notice-{lang}-full.png"), 3000);
}

#[test]
fn chinese_school_page_fits_a_phone_and_shows_the_session() {
    check_school_page(
        "zh-CN",
        &[
            "2025年11月11日（星期二）",
            "09:00\u{2060}–\u{2060}10:30",
            "学生活动中心",
            "附件2 各学院时间安排",
            "（CSV，1 KB）",
        ],
    );
}

#[test]
fn english_school_page_fits_a_phone_and_shows_the_session() {
    check_school_page(
        "en",
        &[
            "Tuesday 11 November 2025",
            "09:00\u{2060}–\u{2060}10:30",
            "Student Activity Center",
            "Attachment 2 Schedule by school",
            "(CSV, 1 KB)",
        ],
    );
}

/// The example site's school pages, whose texts are longer than the
/// fixture's: no overflow, and the seed's date and venue with the school's
/// (sample) slot visible on the first screen.
#[test]
fn example_school_pages_fit_a_phone_and_show_the_session() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&repo(), tmp.path());
    let hitsz = "hitsz-2026-graduation-photos/schools/civil-environmental-engineering";
    let sysu = "sysu-2026-graduation-photos/schools/law";
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "zh-CN",
            hitsz,
            &[
                "2025年11月11日（星期二）",
                "16:30\u{2060}–\u{2060}16:45",
                "学生活动中心",
            ],
        ),
        (
            "en",
            hitsz,
            &[
                "Tuesday 11 November 2025",
                "16:30\u{2060}–\u{2060}16:45",
                "Student Activity Center",
            ],
        ),
        (
            "zh-CN",
            sysu,
            &[
                "2025年11月5日（星期三）",
                "15:00\u{2060}–\u{2060}17:00",
                "丰盛堂102",
                "丰盛堂104",
            ],
        ),
        (
            "en",
            sysu,
            &[
                "Wednesday 5 November 2025",
                "15:00\u{2060}–\u{2060}17:00",
                "Fengsheng Hall 102",
            ],
        ),
    ];
    for (lang, page, wanted) in cases {
        let file = tmp.path().join(lang).join(page).join("index.html");
        let report = measure(&file, wanted);
        assert!(
            number(&report, "scrollWidth") <= f64::from(WIDTH),
            "{page} overflows: {report}"
        );
        assert!(
            report.contains("\"missing\":[]"),
            "{lang} {page} not visible: {report}"
        );
        let name = page.split('/').next_back().unwrap();
        screenshot(&file, &format!("example-{name}-{lang}.png"), 2400);
    }
}

#[test]
fn the_measurement_catches_overflow_and_hidden_text() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("index.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><div style=\"width:600px\">wide</div><p style=\"display:none\">secret</p><p>shown</p></body></html>",
    )
    .unwrap();
    let report = measure(&page, &["secret", "shown", "wide"]);
    assert!(
        number(&report, "scrollWidth") > f64::from(WIDTH),
        "{report}"
    );
    // Hidden text, and text running past the right edge, do not count as visible.
    assert!(
        report.contains("\"missing\":[\"secret\",\"wide\"]"),
        "{report}"
    );
}

/// The README's picture of a school page on a phone (390 x 844 CSS pixels
/// at twice the density, as phones draw them): written to
/// docs/images/school-page-phone.png only when UPDATE_SCREENSHOTS=1, so a
/// test run never changes the repository; otherwise the committed picture
/// must be there, a PNG of that size.
#[test]
fn readme_screenshot_of_a_school_page_on_a_phone() {
    const SCALE: u32 = 2;
    let committed = repo().join("docs/images/school-page-phone.png");
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some_and(|v| v == "1") {
        let tmp = tempfile::tempdir().unwrap();
        build_ok(&repo(), tmp.path());
        let page = tmp.path().join(
            "zh-CN/hitsz-2026-graduation-photos/schools/civil-environmental-engineering/index.html",
        );
        let shot = tmp.path().join("phone.png");
        chromium(&[
            format!("--screenshot={}", shot.display()),
            format!("--window-size={WIDTH},844"),
            format!("--force-device-scale-factor={SCALE}"),
            url(&page),
        ]);
        std::fs::create_dir_all(committed.parent().unwrap()).unwrap();
        std::fs::copy(&shot, &committed).unwrap();
    }
    let png = std::fs::read(&committed).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_SCREENSHOTS=1 cargo test --test browser readme_screenshot",
            committed.display()
        )
    });
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!(&png[12..16], b"IHDR");
    assert_eq!((size(16), size(20)), (WIDTH * SCALE, 844 * SCALE));
}
