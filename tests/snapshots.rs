//! Snapshots of the main page kinds in both languages, built from the
//! basic fixture: a notice, a school page, a guide (the school's own
//! version) and the schedule. A change to a page shows up as a diff here.

mod common;

use common::*;

#[test]
fn pages_match_their_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&fixture("basic"), tmp.path());
    let pages = [
        ("notice", "photos-2025/index.html"),
        ("school", "photos-2025/schools/school-of-science/index.html"),
        ("guide", "photos-2025/guides/how-to-pay/index.html"),
        (
            "school_guide",
            "photos-2025/schools/school-of-science/guides/how-to-pay/index.html",
        ),
        ("schedule", "photos-2025/schedule/index.html"),
    ];
    for lang in ["zh-CN", "en"] {
        for (name, path) in pages {
            let html = std::fs::read_to_string(tmp.path().join(lang).join(path)).unwrap();
            insta::assert_snapshot!(format!("{name}-{lang}"), html);
        }
    }
}
