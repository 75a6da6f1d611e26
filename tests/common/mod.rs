//! Shared by the integration tests: running the built binary, copying
//! fixture sites, reading an output folder, and finding the external tools
//! (a missing tool fails the test and says how to install it).

#![allow(dead_code)]

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
    to
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
