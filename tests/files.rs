//! Files in campaign folders: attachments that are files (one for all
//! languages, one per language, a school's own), and images and files
//! that Markdown links to. What `check` says about missing, refused,
//! large and unused files, and what `build` writes: each file once per
//! campaign, linked with a download name, its type and size, images with
//! their width and height.
//!
//! The `basic` fixture has a file attachment (`attachments/schedule.csv`,
//! with the School of Science's own `schools/school-of-science/
//! schedule.csv`) and an image in its notice (`images/venue-map.png`, made
//! by `tests/common`); each test here works on a copy of it.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const CAMPAIGN: &str = "content/photos-2025";

/// A fresh copy of the basic fixture.
fn site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    copy_site(&fixture("basic"), &site);
    site
}

fn write(site: &Path, file: &str, bytes: &[u8]) {
    let path = site.join(CAMPAIGN).join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Appends `text` to a file of the campaign.
fn append(site: &Path, file: &str, text: &str) {
    let path = site.join(CAMPAIGN).join(file);
    let mut source = std::fs::read_to_string(&path).unwrap();
    source.push_str(text);
    std::fs::write(path, source).unwrap();
}

/// Makes the schedule attachment's file another one, `file`: the notices
/// no longer link to the CSV.
fn replace_schedule(site: &Path, file: &str, bytes: &[u8]) {
    let folder = site.join(CAMPAIGN);
    std::fs::remove_file(folder.join("attachments/schedule.csv")).unwrap();
    for lang in ["zh-CN", "en"] {
        let path = folder.join(format!("notice.{lang}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("](attachments/schedule.csv)", "]")).unwrap();
    }
    write(site, file, bytes);
}

/// The attachment list of a page.
fn attachment_list(html: &str) -> &str {
    let start = html
        .find("<section id=\"attachments\">")
        .expect("an attachment list");
    let end = start + html[start..].find("</section>").unwrap();
    &html[start..end]
}

/// Every diagnostic `check` gives, sorted, with its hint.
fn check(site: &Path) -> Vec<(String, String)> {
    let (_, diagnostics) = noticeboard::check(site);
    (diagnostics.into_sorted().iter())
        .map(|d| (line(d), d.hint.clone().unwrap_or_default()))
        .collect()
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap()
}

#[test]
fn the_fixture_passes_check_without_warnings() {
    assert_eq!(check(&fixture("basic")), Vec::<(String, String)>::new());
}

#[test]
fn a_link_or_image_to_a_missing_file_is_an_error_at_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    append(
        &site,
        "notice.en.md",
        "\nFill in [the form](forms/registration.docx).\n\n![QR code](qr.png)\n",
    );
    append(
        &site,
        "attachments/how-to-pay.zh-CN.md",
        "\n![付款码](../images/pay.png)\n",
    );
    let found = check(&site);
    let lines: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        lines,
        [
            "content/photos-2025/attachments/how-to-pay.zh-CN.md:6:8: error: `../images/pay.png` does not exist",
            "content/photos-2025/notice.en.md:20:20: error: `forms/registration.docx` does not exist",
            "content/photos-2025/notice.en.md:22:12: error: `qr.png` does not exist",
        ]
    );
    assert_eq!(
        found[0].1,
        "the address is read from this file's folder (content/photos-2025/attachments/), so it names content/photos-2025/images/pay.png: check the name, or add the file"
    );
}

#[test]
fn kinds_a_browser_would_run_are_refused_with_the_advice_to_zip_them() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    // An attachment's file, and an image the notice shows.
    write(&site, "attachments/how-to-pay.html", b"<table></table>");
    write(
        &site,
        "images/logo.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    append(&site, "notice.en.md", "\n![Logo](images/logo.svg)\n");
    let found = check(&site);
    assert_eq!(
        found,
        [
            (
                "content/photos-2025/attachments/how-to-pay.html:1:1: error: this file cannot be published: a browser would run a .html file as part of the site".to_string(),
                "put it in a .zip archive and publish the .zip instead".to_string()
            ),
            (
                "content/photos-2025/notice.en.md:20:9: error: `images/logo.svg` cannot be published: a browser would run a .svg file as part of the site".to_string(),
                "put it in a .zip archive and publish the .zip instead".to_string()
            ),
        ]
    );
}

#[test]
fn an_image_over_a_megabyte_gets_a_warning_and_an_unused_file_another() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    write(&site, "images/photo.png", &png(800, 600, 1_200_000));
    write(&site, "images/old-photo.png", &png(10, 10, 0));
    append(&site, "notice.zh-CN.md", "\n![样照](images/photo.png)\n");
    let found = check(&site);
    let lines: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        lines,
        [
            "content/photos-2025/images/old-photo.png:1:1: warning: this file is not published: no attachment and no Markdown file uses it",
            "content/photos-2025/notice.zh-CN.md:20:7: warning: `images/photo.png` is 1.6 MB, more than 1 MB",
        ]
    );
    assert!(found[1].1.contains("mobile data"), "{}", found[1].1);
    // Warnings do not stop the build, and the unused file is not published.
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    assert!(out.join("files/photos-2025/images/photo.png").is_file());
    assert!(!out.join("files/photos-2025/images/old-photo.png").exists());
}

#[test]
fn images_have_their_size_and_load_lazily() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&fixture("basic"), tmp.path());
    let img = r#"<img src="../../files/photos-2025/images/venue-map.png" alt="Map of the collection site" width="600" height="400" loading="lazy">"#;
    assert!(page(tmp.path(), "en/photos-2025/index.html").contains(img));
    // The same body on a school's page, one folder deeper.
    let img = r#"<img src="../../../../files/photos-2025/images/venue-map.png" alt="采集地点示意图" width="600" height="400" loading="lazy">"#;
    let school = page(
        tmp.path(),
        "zh-CN/photos-2025/schools/school-of-humanities/index.html",
    );
    assert!(school.contains(img), "{school}");
}

#[test]
fn files_are_written_once_per_campaign_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&fixture("basic"), tmp.path());
    let source = fixture("basic").join(CAMPAIGN);
    let files = read_tree(tmp.path());
    for name in [
        "attachments/schedule.csv",
        "schools/school-of-science/schedule.csv",
        "images/venue-map.png",
    ] {
        let bytes = std::fs::read(source.join(name)).unwrap();
        let copies: Vec<&String> = (files.iter())
            .filter(|(_, b)| **b == bytes)
            .map(|(path, _)| path)
            .collect();
        assert_eq!(copies, [&format!("files/photos-2025/{name}")], "{name}");
    }
    // The notice links to the attachment's file too: the same copy.
    assert!(
        page(tmp.path(), "zh-CN/photos-2025/index.html")
            .contains(r#"（<a href="../../files/photos-2025/attachments/schedule.csv" rel="noopener noreferrer">附件2</a>）"#)
    );
    // An attachment that is only a file has no guide page.
    assert!(!files.keys().any(|f| f.contains("guides/schedule")));
}

#[test]
fn attachment_lists_give_the_download_name_type_and_size() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    replace_schedule(&site, "attachments/schedule.xlsx", &vec![b'x'; 24 * 1000]);
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    assert!(
        page(&out, "zh-CN/photos-2025/index.html").contains(
            r#"<li><a class="file" href="../../files/photos-2025/attachments/schedule.xlsx" download="附件2 各学院时间安排.xlsx">附件2 各学院时间安排</a><span class="file-meta">（XLSX，24 KB）</span></li>"#
        )
    );
    assert!(
        page(&out, "en/photos-2025/schools/school-of-humanities/index.html").contains(
            r#"<li><a class="file" href="../../../../files/photos-2025/attachments/schedule.xlsx" download="Attachment 2 Schedule by school.xlsx">Attachment 2 Schedule by school</a><span class="file-meta"> (XLSX, 24 KB)</span></li>"#
        )
    );
}

#[test]
fn a_schools_own_file_is_on_its_page_only() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&fixture("basic"), tmp.path());
    let own = "files/photos-2025/schools/school-of-science/schedule.csv";
    let general = "files/photos-2025/attachments/schedule.csv";
    for lang in ["zh-CN", "en"] {
        let science = page(
            tmp.path(),
            &format!("{lang}/photos-2025/schools/school-of-science/index.html"),
        );
        let list = attachment_list(&science);
        assert!(
            list.contains(&format!("href=\"../../../../{own}\"")),
            "{list}"
        );
        assert!(!list.contains(general), "{list}");
        for other in [
            format!("{lang}/photos-2025/schools/school-of-humanities/index.html"),
            format!("{lang}/photos-2025/index.html"),
        ] {
            let html = page(tmp.path(), &other);
            assert!(attachment_list(&html).contains(general), "{other}");
            assert!(!html.contains(own), "{other}");
        }
    }
}

#[test]
fn a_file_per_language_and_the_guide_beside_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    // How to pay keeps its guide and gets a file in each language.
    write(&site, "attachments/how-to-pay.zh-CN.pdf", b"%PDF-1.4 zh");
    write(&site, "attachments/how-to-pay.en.pdf", b"%PDF-1.4 en");
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    let en = page(&out, "en/photos-2025/index.html");
    assert!(en.contains(r#"<li><a href="guides/how-to-pay/">Attachment 1 How to pay</a> <a class="file" href="../../files/photos-2025/attachments/how-to-pay.en.pdf" download="Attachment 1 How to pay.pdf">Download</a><span class="file-meta"> (PDF, 1 KB)</span></li>"#), "{en}");
    let guide = page(&out, "zh-CN/photos-2025/guides/how-to-pay/index.html");
    assert!(guide.contains(r#"<a class="file" href="../../../../files/photos-2025/attachments/how-to-pay.zh-CN.pdf" download="附件1 缴费操作说明.pdf">下载 附件1 缴费操作说明.pdf</a>"#), "{guide}");

    // A file in only one language, without a guide, is missing in the other.
    let tmp = tempfile::tempdir().unwrap();
    let site = self::site(tmp.path());
    replace_schedule(&site, "attachments/schedule.zh-CN.xlsx", b"x");
    let lines: Vec<String> = check(&site).into_iter().map(|(l, _)| l).collect();
    assert_eq!(
        lines,
        [
            "content/photos-2025/attachments/schedule.en.xlsx:1:1: error: attachment `schedule` has no `en` file: this file is missing"
        ]
    );
}

/// Builds `site` into `out`, returning what the build said.
fn rebuild(site: &Path, out: &Path) -> String {
    let output = build(site, Some(out));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_changed_or_removed_file_rebuilds_its_campaign_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    // A second campaign, which stays as it is and is kept.
    let other = site.join("content/photos-2025-other");
    copy_site(&site.join(CAMPAIGN), &other);
    let yaml = std::fs::read_to_string(other.join("campaign.yaml")).unwrap();
    let yaml = yaml.replacen("id: photos-2025 ", "id: photos-2025-other ", 1);
    std::fs::write(other.join("campaign.yaml"), yaml).unwrap();
    let out = tmp.path().join("out");
    rebuild(&site, &out);

    let published = out.join("files/photos-2025/attachments/schedule.csv");
    write(
        &site,
        "attachments/schedule.csv",
        "学院\n理学院\n".as_bytes(),
    );
    let said = rebuild(&site, &out);
    assert!(
        said.contains("1 campaign rendered, 1 unchanged campaign kept"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(&published).unwrap(),
        "学院\n理学院\n".as_bytes()
    );
    let fresh = tmp.path().join("fresh");
    rebuild(&site, &fresh);
    assert_eq!(read_tree(&out), read_tree(&fresh));

    // A campaign left without files loses its files folder.
    let folder = site.join(CAMPAIGN);
    std::fs::remove_dir_all(folder.join("images")).unwrap();
    std::fs::remove_dir_all(folder.join("schools/school-of-science")).unwrap();
    std::fs::remove_file(folder.join("attachments/schedule.csv")).unwrap();
    for lang in ["zh-CN", "en"] {
        let path = folder.join(format!("notice.{lang}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: String = (text.lines())
            .filter(|l| !l.contains("](images/"))
            .map(|l| format!("{}\n", l.replace("](attachments/schedule.csv)", "]")))
            .collect();
        std::fs::write(path, kept).unwrap();
        let guide = folder.join(format!("attachments/schedule.{lang}.md"));
        std::fs::write(guide, "…\n").unwrap();
    }
    let said = rebuild(&site, &out);
    assert!(
        said.contains("1 campaign rendered, 1 unchanged campaign kept"),
        "{said}"
    );
    assert!(!out.join("files/photos-2025").exists());
    assert!(
        out.join("files/photos-2025-other/images/venue-map.png")
            .is_file()
    );
    let fresh = tmp.path().join("fresh2");
    rebuild(&site, &fresh);
    assert_eq!(read_tree(&out), read_tree(&fresh));
}

#[test]
fn a_schools_version_of_a_guide_needs_the_guide() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    // `schedule` is a file only.
    write(
        &site,
        "schools/school-of-humanities/schedule.zh-CN.md",
        "人文学院安排。\n".as_bytes(),
    );
    let lines: Vec<String> = check(&site).into_iter().map(|(l, _)| l).collect();
    assert_eq!(
        lines,
        [
            "content/photos-2025/schools/school-of-humanities/schedule.zh-CN.md:1:1: error: attachment `schedule` has no guide, so `school-of-humanities` cannot have its own version of one"
        ]
    );
}
