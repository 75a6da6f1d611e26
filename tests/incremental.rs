//! A build into a folder that holds a previous build keeps the campaigns
//! whose files did not change and renders the rest; the result must be
//! exactly what a build from scratch gives, whatever changed.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use common::*;

const HITSZ: &str = "hitsz-2026-graduation-photos";
const SYSU: &str = "sysu-2026-graduation-photos";

/// A copy of the example site's sources, built once into `<tmp>/site/public`.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

impl Site {
    fn built() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_example_site(&root);
        let out = root.join("public");
        build_ok(&root, &out);
        Site {
            _tmp: tmp,
            root,
            out,
        }
    }

    /// The inode of an output file: the same number after a build means the
    /// build kept the file rather than writing it again.
    fn inode(&self, file: &str) -> u64 {
        std::fs::metadata(self.out.join(file)).unwrap().ino()
    }

    fn append(&self, file: &str, text: &str) {
        let path = self.root.join(file);
        let mut body = std::fs::read_to_string(&path).unwrap();
        body.push_str(text);
        std::fs::write(path, body).unwrap();
    }

    /// Builds again and asserts that `file`, whose inode was `before`, was
    /// written anew after `change`, and that the output is what a build
    /// from scratch gives.
    fn assert_rebuilt(&self, file: &str, before: u64, change: &str) {
        build_ok(&self.root, &self.out);
        assert_ne!(self.inode(file), before, "{file} was kept after {change}");
        self.assert_same_as_fresh_build();
    }

    /// Asserts the output equals a build from scratch of the same sources,
    /// and that no staging folder was left beside it.
    fn assert_same_as_fresh_build(&self) {
        let fresh = self.root.join("fresh");
        build_ok(&self.root, &fresh);
        let (now, expected) = (read_tree(&self.out), read_tree(&fresh));
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "the rebuilt output has other files than a fresh build"
        );
        for (path, bytes) in &expected {
            assert!(now[path] == *bytes, "{path} differs from a fresh build");
        }
        std::fs::remove_dir_all(&fresh).unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(&self.root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public") && n != ".public.lock")
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    }
}

fn page(lang: &str, campaign: &str) -> String {
    format!("{lang}/{campaign}/index.html")
}

#[test]
fn an_edit_renders_only_its_campaign_and_matches_a_fresh_build() {
    let site = Site::built();
    let kept = [page("en", SYSU), format!("zh-CN/{SYSU}/calendar.ics")];
    let inodes: Vec<u64> = kept.iter().map(|f| site.inode(f)).collect();
    let edited = page("en", HITSZ);
    let edited_inode = site.inode(&edited);

    site.append(
        &format!("content/{HITSZ}/notice.en.md"),
        "\nBring a black pen.\n",
    );
    let output = build(&site.root, Some(&site.out));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains(": 1 campaign rendered, 1 unchanged campaign kept from the previous build"),
        "the build says what it did: {said}"
    );

    for (file, inode) in kept.iter().zip(inodes) {
        assert_eq!(site.inode(file), inode, "{file} was written again");
    }
    assert_ne!(site.inode(&edited), edited_inode, "{edited} was kept");
    let page = std::fs::read_to_string(site.out.join(&edited)).unwrap();
    assert!(page.contains("Bring a black pen."), "the edit is missing");
    site.assert_same_as_fresh_build();
}

#[test]
fn a_change_to_what_every_page_shares_renders_everything() {
    let site = Site::built();
    let sysu = page("en", SYSU);
    for shared in ["locales/en/site.ftl", "noticeboard.yaml"] {
        let inode = site.inode(&sysu);
        site.append(shared, "\n# A comment changes no text.\n");
        site.assert_rebuilt(&sysu, inode, &format!("{shared} changed"));
    }
}

#[test]
fn removed_and_added_campaigns_leave_and_join_the_output() {
    let site = Site::built();
    let moved_away = site.root.join("sysu-sources");
    std::fs::rename(site.root.join("content").join(SYSU), &moved_away).unwrap();
    build_ok(&site.root, &site.out);
    for lang in ["en", "zh-CN"] {
        assert!(
            !site.out.join(lang).join(SYSU).exists(),
            "{lang}/{SYSU} is left"
        );
    }
    site.assert_same_as_fresh_build();

    std::fs::rename(&moved_away, site.root.join("content").join(SYSU)).unwrap();
    build_ok(&site.root, &site.out);
    assert!(site.out.join(page("en", SYSU)).is_file());
    site.assert_same_as_fresh_build();
}

#[test]
fn a_missing_campaign_folder_in_the_output_is_rendered_again() {
    let site = Site::built();
    std::fs::remove_dir_all(site.out.join("zh-CN").join(SYSU)).unwrap();
    build_ok(&site.root, &site.out);
    site.assert_same_as_fresh_build();
}

#[test]
fn a_failed_rebuild_leaves_the_output_untouched() {
    let site = Site::built();
    let before = read_tree(&site.out);
    site.append(&format!("content/{HITSZ}/notice.en.md"), "\n{% if %}\n");
    let output = build(&site.root, Some(&site.out));
    assert!(
        !output.status.success(),
        "a broken body must fail the build"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("notice.en.md"),
        "the error names the file"
    );
    assert!(
        before == read_tree(&site.out),
        "the previous output changed"
    );
}

#[test]
fn an_output_from_an_older_noticeboard_is_replaced_whole() {
    let site = Site::built();
    // Older builds wrote an empty marker: nothing can be kept.
    std::fs::write(site.out.join(".noticeboard-output"), "").unwrap();
    let sysu = page("en", SYSU);
    let inode = site.inode(&sysu);
    site.assert_rebuilt(&sysu, inode, "the marker was emptied");
}

#[test]
fn a_theme_behind_a_symlink_is_fingerprinted_too() {
    let site = Site::built();
    // The theme moves elsewhere and the site links to it from inside
    // `themes/` (a link as the folder itself is followed anyway).
    let elsewhere = site.root.join("shared-theme");
    let theme = site.root.join("themes/default");
    std::fs::rename(&theme, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &theme).unwrap();
    build_ok(&site.root, &site.out);
    let sysu = page("en", SYSU);
    let inode = site.inode(&sysu);
    let template = walkdir::WalkDir::new(&elsewhere)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .expect("a template in the theme");
    let template = template.strip_prefix(&site.root).unwrap();
    site.append(&template.to_string_lossy(), "\n{# a comment #}\n");
    site.assert_rebuilt(&sysu, inode, "the theme changed");
}

/// `yaml` without its English texts, block texts (`en: |`) included.
fn without_english(yaml: &str) -> String {
    let mut kept = String::new();
    let mut block_indent = None;
    for line in yaml.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(block) = block_indent {
            if line.trim().is_empty() || indent > block {
                continue;
            }
            block_indent = None;
        }
        if line.trim_start().starts_with("en:") {
            let block = line.trim_end().ends_with('|') || line.trim_end().ends_with('>');
            block_indent = block.then_some(indent);
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

#[test]
fn a_campaign_that_drops_a_language_leaves_that_language_and_can_rejoin_it() {
    let site = Site::built();
    let hitsz = page("en", HITSZ);
    let kept = site.inode(&hitsz);
    let folder = site.root.join("content").join(SYSU);
    let yaml_file = folder.join("campaign.yaml");
    let yaml = std::fs::read_to_string(&yaml_file).unwrap();
    let english = site.root.join("sysu-english");
    std::fs::create_dir(&english).unwrap();
    for entry in walkdir::WalkDir::new(&folder) {
        let path = entry.unwrap().into_path();
        if path.to_string_lossy().ends_with(".en.md") {
            let name = path.strip_prefix(&folder).unwrap().to_string_lossy();
            std::fs::rename(&path, english.join(name.replace('/', "+"))).unwrap();
        }
    }
    std::fs::write(
        &yaml_file,
        format!("languages: [zh-CN]\n{}", without_english(&yaml)),
    )
    .unwrap();
    build_ok(&site.root, &site.out);
    assert_eq!(site.inode(&hitsz), kept, "the other campaign was rendered");
    assert!(
        !site.out.join("en").join(SYSU).exists(),
        "en/{SYSU} is left"
    );
    assert!(site.out.join(page("zh-CN", SYSU)).is_file());
    site.assert_same_as_fresh_build();

    std::fs::write(&yaml_file, yaml).unwrap();
    for entry in std::fs::read_dir(&english).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().replace('+', "/");
        std::fs::rename(entry.path(), folder.join(name)).unwrap();
    }
    build_ok(&site.root, &site.out);
    assert!(site.out.join(page("en", SYSU)).is_file());
    site.assert_same_as_fresh_build();
}
