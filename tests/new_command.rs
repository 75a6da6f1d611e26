//! `noticeboard new`: the scaffold passes `check` at once, in any set of
//! languages, and a bad or existing id changes nothing.

mod common;

use std::path::Path;
use std::process::Command;

fn noticeboard(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run noticeboard")
}

fn site(languages: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let titles: String = languages
        .split(", ")
        .map(|l| format!("  {l}: Notices\n"))
        .collect();
    std::fs::write(
        dir.path().join("noticeboard.yaml"),
        format!("title:\n{titles}base_url: https://example.edu.cn/\nlanguages: [{languages}]\n"),
    )
    .unwrap();
    // A site brings its interface strings and theme.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for shared in ["locales", "themes"] {
        common::copy_site(&repo.join(shared), &dir.path().join(shared));
    }
    dir
}

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn scaffold_passes_check_and_builds_in_two_and_three_languages() {
    for languages in ["zh-CN, en", "zh-CN, en, fr"] {
        let dir = site(languages);
        let made = noticeboard(dir.path(), &["new", "spring-photos"]);
        assert!(made.status.success(), "{}", text(&made));
        for lang in languages.split(", ") {
            assert!(
                dir.path()
                    .join(format!("content/spring-photos/notice.{lang}.md"))
                    .is_file()
            );
            assert!(
                dir.path()
                    .join(format!(
                        "content/spring-photos/attachments/how-to-pay.{lang}.md"
                    ))
                    .is_file()
            );
        }
        let checked = noticeboard(dir.path(), &["check"]);
        assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
        assert!(
            text(&checked).contains("check passed: 0 warning(s)"),
            "{}",
            text(&checked)
        );
        let out = dir.path().join("out");
        let built = noticeboard(dir.path(), &["build", "--out", out.to_str().unwrap()]);
        assert!(built.status.success(), "{}", text(&built));
        for lang in languages.split(", ") {
            let campaign = out.join(lang).join("spring-photos");
            assert!(campaign.join("index.html").is_file(), "{lang} notice");
            assert!(
                campaign
                    .join("schools/school-of-science/index.html")
                    .is_file(),
                "{lang} school page"
            );
            assert!(
                campaign.join("guides/how-to-pay/index.html").is_file(),
                "{lang} guide"
            );
            assert!(campaign.join("calendar.ics").is_file(), "{lang} feed");
        }
    }
}

#[test]
fn existing_campaign_is_never_overwritten() {
    let dir = site("zh-CN, en");
    assert!(noticeboard(dir.path(), &["new", "photos"]).status.success());
    let yaml = dir.path().join("content/photos/campaign.yaml");
    std::fs::write(&yaml, "edited by staff").unwrap();
    let again = noticeboard(dir.path(), &["new", "photos"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again).contains("already exists; nothing was changed"),
        "{}",
        text(&again)
    );
    assert_eq!(std::fs::read_to_string(&yaml).unwrap(), "edited by staff");
}

#[test]
fn unsafe_ids_are_refused_and_nothing_is_written() {
    let dir = site("zh-CN, en");
    for id in ["../escape", "Has Space", "UPPER", "a--b", "学院"] {
        let out = noticeboard(dir.path(), &["new", id]);
        assert_eq!(out.status.code(), Some(1), "{id}");
        assert!(
            text(&out).contains("is not a valid campaign id"),
            "{}",
            text(&out)
        );
    }
    assert!(
        !dir.path().join("content").exists()
            || std::fs::read_dir(dir.path().join("content"))
                .unwrap()
                .next()
                .is_none()
    );
    assert!(!dir.path().parent().unwrap().join("escape").exists());
}
