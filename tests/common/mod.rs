//! Shared by the integration tests: running the built binary, copying
//! fixture sites, reading an output folder, and finding the external tools
//! (a missing tool fails the test and says how to install it).

#![allow(dead_code)]

pub mod qr_svg;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use noticeboard::model::{Campaign, Content};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture site `name`, ready to build: a copy made once per test
/// process with the repository's theme and locales added (see
/// [`with_theme`]).
pub fn fixture(name: &str) -> PathBuf {
    static MADE: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    made.entry(name.to_string())
        .or_insert_with(|| with_theme(&repo().join("tests/fixtures").join(name)))
        .clone()
}

/// A fresh copy of the test site at `from` over the repository's
/// `themes/` and `locales/` (a file of the site's own replaces theirs).
/// Test sites do not link to them: noticeboard refuses to read through a
/// symbolic link that leaves the site folder. The copy is under Cargo's
/// scratch folder for tests, removed by `cargo clean`.
pub fn with_theme(from: &Path) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let name = from.file_name().unwrap().to_string_lossy();
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let to = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("sites")
        .join(format!("{name}-{}-{n}", std::process::id()));
    if to.exists() {
        std::fs::remove_dir_all(&to).unwrap();
    }
    for shared in ["themes", "locales"] {
        copy_site(&repo().join(shared), &to.join(shared));
    }
    // The site's own files come last, so a case about the theme holds only
    // the template it breaks.
    copy_site(from, &to);
    if from.ends_with("tests/fixtures/basic") {
        // The fixture's image, made here rather than kept as a binary.
        let images = to.join("content/photos-2025/images");
        std::fs::create_dir_all(&images).unwrap();
        std::fs::write(images.join("venue-map.png"), png(600, 400, 0)).unwrap();
    }
    to
}

/// A valid grey PNG of `width` x `height` pixels, stored without
/// compression, with `padding` bytes of a private chunk that decoders skip
/// (to make a large file cheaply). Written by hand: tests keep no images
/// they cannot make again.
pub fn png(width: u32, height: u32, padding: usize) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    // Each row: filter type 0, then one grey byte per pixel.
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0);
        raw.extend((0..width).map(|x| ((x + y) % 64 + 160) as u8));
    }
    // zlib with stored deflate blocks, then the Adler-32 of the data.
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend(len.to_le_bytes());
        zlib.extend((!len).to_le_bytes());
        zlib.extend(*block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    if padding > 0 {
        chunk(&mut out, b"prVt", &vec![0; padding]);
    }
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Runs `noticeboard --root ROOT build [--out OUT]`.
pub fn build(root: &Path, out: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_noticeboard"));
    cmd.arg("--root").arg(root).arg("build");
    if let Some(out) = out {
        cmd.arg("--out").arg(out);
    }
    cmd.output().expect("run noticeboard")
}

/// Builds and panics with the program's output if it failed.
pub fn build_ok(root: &Path, out: &Path) {
    let output = build(root, Some(out));
    assert!(
        output.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Copies a site, so a test can change it without touching the repository.
pub fn copy_site(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The campaign `id` of checked content.
pub fn campaign<'a>(content: &'a Content, id: &str) -> &'a Campaign {
    content
        .campaigns
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no campaign `{id}`"))
}

/// Copies the example site's sources (the repository's `noticeboard.yaml`,
/// `content/`, `themes/` and `locales/`, not its build output) into `to`.
pub fn copy_example_site(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(repo().join("noticeboard.yaml"), to.join("noticeboard.yaml")).unwrap();
    for name in ["content", "themes", "locales"] {
        copy_site(&repo().join(name), &to.join(name));
    }
}

/// [`copy_example_site`] with the repository's publication record
/// (`noticeboard.lock`), so builds continue the published history.
pub fn copy_example_site_with_record(to: &Path) {
    copy_example_site(to);
    std::fs::copy(repo().join("noticeboard.lock"), to.join("noticeboard.lock")).unwrap();
}

/// Every file under `dir`, relative path -> bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = read_tree(dir)
        .into_keys()
        .filter(|f| f.ends_with(".html"))
        .map(|f| dir.join(f))
        .collect();
    files.sort();
    files
}

/// A tool the tests need, or a failure that says how to get it.
pub fn tool(path: &str) -> PathBuf {
    let candidate = if path.starts_with('/') {
        PathBuf::from(path)
    } else {
        repo().join(path)
    };
    assert!(
        candidate.exists(),
        "{} is missing: run scripts/install-test-tools",
        candidate.display()
    );
    candidate
}

pub fn java() -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("java"))
            .find(|p| p.is_file())
    });
    found.expect("java is missing: run scripts/install-test-tools")
}

/// The `basic` fixture with its campaign published in Chinese only
/// (`languages: [zh-CN]`, its English texts and files removed), beside a
/// bilingual copy of it, `photos-2025-translated`, that names its Chinese
/// original (`original: zh-CN`): a copy made once per test process.
pub fn campaign_languages_site() -> PathBuf {
    static MADE: Mutex<Option<PathBuf>> = Mutex::new(None);
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    made.get_or_insert_with(|| {
        let site = with_theme(&repo().join("tests/fixtures/basic"));
        let content = site.join("content");
        let (chinese, translated) = (
            content.join("photos-2025"),
            content.join("photos-2025-translated"),
        );
        copy_site(&chinese, &translated);
        let edit = |file: &Path, edit: &dyn Fn(String) -> String| {
            let yaml = std::fs::read_to_string(file).unwrap();
            std::fs::write(file, edit(yaml)).unwrap();
        };
        edit(&translated.join("campaign.yaml"), &|yaml| {
            yaml.replacen(
                "id: photos-2025 ",
                "original: zh-CN\nid: photos-2025-translated ",
                1,
            )
        });
        edit(&chinese.join("campaign.yaml"), &|yaml| {
            let lines = yaml.lines().filter(|l| !l.trim_start().starts_with("en: "));
            let kept: String = lines.map(|l| format!("{l}\n")).collect();
            format!("languages: [zh-CN]\n{kept}")
        });
        for english in [
            "notice.en.md",
            "attachments/how-to-pay.en.md",
            "schools/school-of-science/how-to-pay.en.md",
        ] {
            std::fs::remove_file(chinese.join(english)).unwrap();
        }
        site
    })
    .clone()
}

/// The example site, with its publication record, after its HITSZ
/// session moved a day: its pages carry a change log (a copy made once
/// per test process, under Cargo's scratch folder for tests).
pub fn changed_example_site() -> PathBuf {
    static MADE: Mutex<Option<PathBuf>> = Mutex::new(None);
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    made.get_or_insert_with(|| {
        let site = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("changed-example-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&site);
        copy_example_site_with_record(&site);
        let campaign = site.join("content/hitsz-2026-graduation-photos/campaign.yaml");
        let yaml = std::fs::read_to_string(&campaign).unwrap();
        let moved = yaml.replacen("date: 2025-11-11", "date: 2025-11-12", 1);
        std::fs::write(&campaign, moved).unwrap();
        site
    })
    .clone()
}

/// How to get the calendar parsers the tests read feeds with.
const CALENDAR_TOOLS: &str = "run scripts/install-test-tools to install the calendar validators";

/// Runs a dump script over calendar files and returns what it printed.
fn run_dump(program: &Path, script: &Path, files: &[PathBuf]) -> serde_json::Value {
    let output = Command::new(program)
        .arg(script)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; {CALENDAR_TOOLS}", program.display()));
    assert!(
        output.status.success(),
        "{} {} failed (if a module is missing: {CALENDAR_TOOLS}): {}",
        program.display(),
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the dump is JSON")
}

/// ical.js's view of the files (tests/tools/ics-dump.mjs).
pub fn icaljs(files: &[PathBuf]) -> serde_json::Value {
    let tools = repo().join("tests/tools");
    assert!(
        tools.join("node_modules/ical.js/package.json").is_file(),
        "ical.js is not installed in tests/tools/node_modules: {CALENDAR_TOOLS}"
    );
    run_dump(Path::new("node"), &tools.join("ics-dump.mjs"), files)
}

/// Python icalendar's view of the files (tests/tools/ics_dump.py).
pub fn python_icalendar(files: &[PathBuf]) -> serde_json::Value {
    let python = repo().join(".tools/venv/bin/python");
    assert!(
        python.is_file(),
        "no Python venv at .tools/venv: {CALENDAR_TOOLS}"
    );
    run_dump(&python, &repo().join("tests/tools/ics_dump.py"), files)
}

/// A diagnostic as `file:line:col: severity: message`, the form
/// `tests/sites_invalid/*/expected.txt` holds.
pub fn line(d: &noticeboard::diagnostic::Diagnostic) -> String {
    use noticeboard::diagnostic::Severity;
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    format!("{}: {severity}: {}", d.location(), d.message)
}
