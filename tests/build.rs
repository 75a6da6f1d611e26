//! `noticeboard build`: the output it writes, its determinism, and how it
//! fails (a broken theme or locale, a dangerous --out) without harming the
//! previous output or anything else.

mod common;

use std::path::Path;

use common::*;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn builds_every_page_of_the_fixture() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_ok(&fixture("basic"), &out);
    let files = read_tree(&out);
    for expected in [
        "index.html",
        "404.html",
        "style.css",
        "sitemap.xml",
        "zh-CN/index.html",
        "en/atom.xml",
        "zh-CN/photos-2025/index.html",
        "en/photos-2025/schedule/index.html",
        "zh-CN/photos-2025/schools/school-of-science/index.html",
        "en/photos-2025/guides/how-to-pay/index.html",
        "en/photos-2025/schools/school-of-science/guides/how-to-pay/index.html",
    ] {
        assert!(files.contains_key(expected), "missing {expected}");
    }
    assert!(
        !files.contains_key(
            "en/photos-2025/schools/school-of-humanities/guides/how-to-pay/index.html"
        )
    );
    let sitemap = String::from_utf8(files["sitemap.xml"].clone()).unwrap();
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://notices.example.edu.cn/en/photos-2025/"/>"#));
}

#[test]
fn raw_html_in_markdown_is_sanitized() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&fixture("basic"), tmp.path());
    let page = std::fs::read_to_string(tmp.path().join("en/photos-2025/index.html")).unwrap();
    assert!(
        page.contains("Pay</span> before the deadline"),
        "the text survives"
    );
    assert!(
        !page.contains("onclick") && !page.contains("alert("),
        "scripts are removed"
    );
}

#[test]
fn building_twice_gives_identical_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_ok(&fixture("basic"), &a);
    let first = read_tree(&a);
    build_ok(&fixture("basic"), &a);
    build_ok(&fixture("basic"), &b);
    assert_eq!(
        first,
        read_tree(&a),
        "rebuilding in place changed the output"
    );
    assert_eq!(
        first,
        read_tree(&b),
        "building elsewhere changed the output"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("basic"), &site);
    let out = site.join("public");
    build_ok(&site, &out);
    let before = read_tree(&out);

    let template = site.join("themes/default/templates/notice.html");
    let broken = std::fs::read_to_string(&template)
        .unwrap()
        .replace("{% endblock main %}", "{% if %}{% endblock main %}");
    std::fs::write(&template, broken).unwrap();
    let output = build(&site, None);
    assert!(
        !output.status.success(),
        "a broken template must fail the build"
    );
    assert!(
        stderr(&output).contains("notice.html"),
        "the error names the template:\n{}",
        stderr(&output)
    );
    assert_eq!(before, read_tree(&out), "the previous output changed");
    let siblings: Vec<_> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    // The lock file stays, so that builds always lock the same file.
    assert!(
        !siblings.iter().any(|n| {
            let n = n.to_string_lossy();
            n.starts_with(".public") && n != ".public.lock"
        }),
        "a temporary folder was left: {siblings:?}"
    );
}

/// Removes the message `key` from one .ftl file of a copy of `fixture`,
/// builds, and returns the failed build's stderr (nothing may be written).
fn build_without_message(tmp: &Path, fixture_name: &str, ftl: &str, key: &str) -> String {
    let site = tmp.join("site");
    copy_site(&fixture(fixture_name), &site);
    let ftl = site.join(ftl);
    let text = std::fs::read_to_string(&ftl).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with(&format!("{key} ")))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&ftl, without).unwrap();
    let output = build(&site, Some(&tmp.join("out")));
    assert!(!output.status.success());
    assert!(!tmp.join("out").exists());
    stderr(&output)
}

#[test]
fn a_message_missing_in_one_language_fails_naming_key_and_file() {
    let tmp = tempfile::tempdir().unwrap();
    let err = build_without_message(tmp.path(), "basic", "locales/en/site.ftl", "label-venue");
    assert!(
        err.contains("label-venue") && err.contains("locales/en/site.ftl"),
        "{err}"
    );
}

#[test]
fn a_calendar_message_missing_fails_naming_key_and_file() {
    let tmp = tempfile::tempdir().unwrap();
    let err = build_without_message(
        tmp.path(),
        "three-languages",
        "locales/fr/calendar.ftl",
        "calendar-arrive-by",
    );
    assert!(
        err.contains("calendar-arrive-by") && err.contains("locales/fr/calendar.ftl"),
        "{err}"
    );
    let site = tmp.path().join("site");
    // Missing in every language: the code that uses it is named.
    for lang in ["zh-CN", "en"] {
        let ftl = site.join(format!("locales/{lang}/calendar.ftl"));
        let text = std::fs::read_to_string(&ftl).unwrap();
        std::fs::write(&ftl, text.replace("calendar-arrive-by =", "# ")).unwrap();
    }
    let output = build(&site, Some(&tmp.path().join("out")));
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("calendar-arrive-by") && err.contains("src/calendar/mod.rs"),
        "{err}"
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn a_template_using_an_undefined_message_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("basic"), &site);
    let template = site.join("themes/default/templates/guide.html");
    let text = std::fs::read_to_string(&template)
        .unwrap()
        .replace("link-guide-general", "link-guide-generl");
    std::fs::write(&template, text).unwrap();
    let output = build(&site, Some(&tmp.path().join("out")));
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("link-guide-generl") && err.contains("guide.html"),
        "{err}"
    );
}

fn assert_refused(root: &Path, out: &Path) {
    let output = build(root, Some(out));
    assert!(
        !output.status.success(),
        "--out {} was accepted",
        out.display()
    );
    assert!(stderr(&output).contains("refusing"), "{}", stderr(&output));
    assert!(
        root.join("noticeboard.yaml").is_file(),
        "the site was harmed"
    );
}

#[test]
fn refuses_an_out_that_is_or_contains_the_site_or_is_the_root() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("basic"), &site);
    assert_refused(&site, &site);
    assert_refused(&site, &site.join("content/.."));
    assert_refused(&site, tmp.path());
    assert_refused(&site, Path::new("/"));
    let foreign = tmp.path().join("documents");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.docx"), "mine").unwrap();
    assert_refused(&site, &foreign);
    assert_eq!(
        std::fs::read_to_string(foreign.join("thesis.docx")).unwrap(),
        "mine"
    );
}

#[test]
fn refuses_an_out_inside_the_sources_the_build_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("basic"), &site);
    for inside in ["content/x", "themes/default/out", "locales"] {
        let out = site.join(inside);
        assert_refused(&site, &out);
        let said = stderr(&build(&site, Some(&out)));
        assert!(said.contains("inside the site's"), "{said}");
    }
    assert!(!site.join("content/x").exists());
    assert!(!site.join("themes/default/out").exists());
    let (_, diagnostics) = noticeboard::check(&site);
    assert!(!diagnostics.has_errors(), "the sources were harmed");
}

#[test]
fn default_out_is_public_in_the_site_and_a_relative_out_follows_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("basic"), &site);
    assert!(build(&site, None).status.success());
    assert!(site.join("public/index.html").is_file());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_noticeboard"))
        .current_dir(tmp.path())
        .args(["--root", "site", "build", "--out", "elsewhere"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(tmp.path().join("elsewhere/index.html").is_file());
}

#[test]
fn a_third_language_needs_only_its_locale_and_content() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&fixture("three-languages"), tmp.path());
    let school = std::fs::read_to_string(
        tmp.path()
            .join("fr/photos-2025/schools/school-of-science/index.html"),
    )
    .unwrap();
    assert!(school.contains(r#"<html lang="fr">"#));
    assert!(school.contains("mardi 11 novembre 2025"), "French date");
    assert!(
        school.contains("Arrivée avant 08:45"),
        "French interface string"
    );
    for lang in ["zh-CN", "en", "fr"] {
        assert!(school.contains(&format!(r#"hreflang="{lang}" href="https://notices.example.edu.cn/{lang}/photos-2025/schools/school-of-science/""#)));
    }
    let zh = std::fs::read_to_string(
        tmp.path()
            .join("zh-CN/photos-2025/schools/school-of-science/index.html"),
    )
    .unwrap();
    assert!(zh.contains("2025年11月11日（星期二）"));
    let feed = std::fs::read_to_string(
        tmp.path()
            .join("fr/photos-2025/schools/school-of-science/calendar.ics"),
    )
    .unwrap()
    .replace("\r\n ", "");
    assert!(
        feed.contains("Arrivée avant 08:45"),
        "French calendar words: {feed}"
    );
    // The school's guide exists in zh-CN only: other languages switch to the general guide.
    let guide = std::fs::read_to_string(
        tmp.path()
            .join("zh-CN/photos-2025/schools/school-of-science/guides/how-to-pay/index.html"),
    )
    .unwrap();
    assert!(
        guide.contains(
            r#"href="../../../../../../fr/photos-2025/guides/how-to-pay/" hreflang="fr""#
        ),
        "{guide}"
    );
    assert!(
        !guide.contains(r#"hreflang="fr" href="#),
        "no hreflang to a page that is not a translation"
    );
}

/// Wording comes from each language's own rules: English plurals follow the
/// count, and a Chinese aside takes full-width brackets.
#[test]
fn plurals_and_asides_follow_each_language() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo(), out.path());
    let page = |lang: &str| {
        std::fs::read_to_string(out.path().join(format!(
            "{lang}/hitsz-2026-graduation-photos/schools/science/index.html"
        )))
        .unwrap()
    };
    let en = page("en");
    assert!(en.contains("within 1 month after"), "singular month");
    assert!(en.contains("within 5 working days after"), "plural days");
    assert!(!en.contains("1 months"));
    let zh = page("zh-CN");
    assert!(
        zh.contains("（未提前完成上述步骤的学生"),
        "full-width aside"
    );
    assert!(!zh.contains(" (未提前"));
}

/// A section whose list is empty is left out, not shown as a heading over
/// nothing: here a campaign with no contacts at all (a school without its
/// own contact, and no `contacts:`).
#[test]
fn no_page_shows_an_empty_section() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("basic"), &site);
    let campaign = site.join("content/photos-2025/campaign.yaml");
    let yaml = std::fs::read_to_string(&campaign).unwrap();
    let (before, after) = yaml.split_once("\ncontacts:\n").unwrap();
    let after = &after[after.find("\nlinks:").unwrap()..];
    std::fs::write(&campaign, format!("{before}\n{after}")).unwrap();
    let out = tmp.path().join("public");
    build_ok(&site, &out);
    let page = "en/photos-2025/schools/school-of-humanities/index.html";
    let files = read_tree(&out);
    let html = String::from_utf8_lossy(&files[page]);
    assert!(
        !html.contains("id=\"contact\""),
        "{page} has an empty contact section"
    );
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for section in html.split("<section").skip(1) {
            let body = section.split("</section>").next().unwrap();
            let after_heading = body.split("</h2>").nth(1).unwrap_or("x");
            assert!(
                !after_heading.trim().is_empty(),
                "{path}: an empty section: <section{body}"
            );
        }
    }
}

/// A session whose date, times or venue are to be announced: pages say so
/// with the notice's note, and the calendars leave it out (no event, no
/// event file) until both its date and times are known; once they are, it
/// appears with the UID it always has.
#[test]
fn pending_facts_are_announced_on_pages_and_kept_out_of_calendars() {
    let cases = repo().join("tests/sites_invalid");
    let tmp = tempfile::tempdir().unwrap();
    let (pending, announced) = (tmp.path().join("pending"), tmp.path().join("announced"));
    build_ok(&with_theme(&cases.join("pending-facts")), &pending);
    build_ok(&with_theme(&cases.join("_base")), &announced);
    let (pending, announced) = (read_tree(&pending), read_tree(&announced));
    let text = |files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str| {
        String::from_utf8_lossy(&files[path]).into_owned()
    };
    let campaign = "2026-graduation-photos";

    let notice = text(&pending, &format!("en/{campaign}/index.html"));
    for said in [
        "To be announced",
        "Around mid-November",
        "Times and place in attachment 1",
    ] {
        assert!(notice.contains(said), "the notice page lacks `{said}`");
    }
    let notice = text(&pending, &format!("zh-CN/{campaign}/index.html"));
    assert!(notice.contains("待定") && notice.contains("预计11月中旬"));
    let school = text(
        &pending,
        &format!("en/{campaign}/schools/school-of-medicine/index.html"),
    );
    assert!(school.contains("To be announced"), "{school}");
    assert!(
        !school.contains("session-east-day.ics"),
        "no add-to-calendar link"
    );

    for session in ["south-day", "east-day"] {
        let uid = format!("UID:session-{session}");
        let feed = text(&announced, &format!("en/{campaign}/calendar.ics"));
        assert!(
            feed.contains(&uid),
            "once announced, `{uid}` is in the feed"
        );
        for (path, bytes) in &pending {
            assert!(
                !path.contains(&format!("session-{session}")),
                "{path} exists"
            );
            if path.ends_with(".ics") {
                let ics = String::from_utf8_lossy(bytes);
                assert!(!ics.contains(&uid), "{path} has the pending session");
            }
        }
    }
}

/// Slots of every shape: a school twice in one session (each slot with its
/// cohort's label), a school across the lunch break, a group that is not a
/// school, and a school there for the whole session.
#[test]
fn slots_of_every_shape_reach_the_pages_and_the_school_feeds() {
    let files = build_case("slot-shapes");
    let text = |path: &str| text(&files, path);
    let base = "en/2026-graduation-photos";

    let science = text(&format!("{base}/schools/school-of-science/index.html"));
    assert!(
        science.contains("Class of 2023 09:00–10:30, Class of 2024 13:30–14:30"),
        "{science}"
    );
    let humanities = text(&format!("{base}/schools/school-of-humanities/index.html"));
    assert!(
        humanities.contains("10:30–12:00, 14:30–17:00"),
        "{humanities}"
    );
    let medicine = text(&format!("{base}/schools/school-of-medicine/index.html"));
    assert!(
        medicine.contains("<p class=\"session-time\">09:00–12:00</p>"),
        "{medicine}"
    );
    let schedule = text(&format!("{base}/schedule/index.html"));
    assert!(schedule.contains("International students") && schedule.contains("Class of 2024"));

    // The school's event runs from its first slot's start to its last's end
    // and lists both parts.
    let feed = text(&format!("{base}/schools/school-of-science/calendar.ics"));
    let unfolded = feed.replace("\r\n ", "");
    assert!(
        unfolded.contains("DTSTART;TZID=Asia/Shanghai:20251111T090000"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("DTEND;TZID=Asia/Shanghai:20251111T143000"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("- 09:00–10:30 Class of 2023\\n- 13:30–14:30 Class of 2024"),
        "{unfolded}"
    );
}

/// Windows with times at either end, an end written `24:00`, and a window
/// whose end is not set yet, on the pages and in the calendar.
#[test]
fn windows_with_times_and_until_further_notice() {
    let files = build_case("window-forms");
    let text = |path: &str| text(&files, path);
    let base = "2026-graduation-photos";

    let zh = text(&format!("zh-CN/{base}/index.html"));
    assert!(
        zh.contains("2025年11月7日（星期五） 24:00"),
        "the 24:00 end as written"
    );
    assert!(zh.contains("自2025年11月12日起，截止时间另行通知"), "{zh}");
    let en = text(&format!("en/{base}/index.html"));
    assert!(en.contains("until further notice"), "{en}");

    let feed = text(&format!("en/{base}/calendar.ics")).replace("\r\n ", "");
    let event = |uid: &str| {
        let start = feed.find(&format!("UID:deadline-{uid}")).unwrap();
        let end = start + feed[start..].find("END:VEVENT").unwrap();
        feed[start..end].to_string()
    };
    let payment = event("code-and-payment");
    assert!(
        payment.contains("DTSTART;TZID=Asia/Shanghai:20251021T100000"),
        "{payment}"
    );
    assert!(
        payment.contains("DTEND;TZID=Asia/Shanghai:20251108T000000"),
        "{payment}"
    );
    let online = event("online-submission");
    assert!(online.contains("DTSTART;VALUE=DATE:20251112"), "{online}");
    assert!(online.contains("DTEND;VALUE=DATE:20251113"), "{online}");
}

/// A campaign published in Chinese only has no English pages or
/// calendars; the English home page and feed still list it, marked
/// "(Chinese)", linking to the Chinese notice; its pages offer no English
/// in the switcher, the hreflang alternates or the sitemap. A bilingual
/// campaign that names its Chinese original says on its English pages that
/// the original prevails, with a link to it.
#[test]
fn a_campaign_in_some_languages_and_the_note_on_its_translations() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&campaign_languages_site(), tmp.path());
    let files = read_tree(tmp.path());
    let text = |path: &str| text(&files, path);

    let english: Vec<&String> = (files.keys())
        .filter(|p| p.starts_with("en/photos-2025/"))
        .collect();
    assert!(
        english.is_empty(),
        "English pages or calendars: {english:?}"
    );
    for chinese in [
        "zh-CN/photos-2025/index.html",
        "zh-CN/photos-2025/calendar.ics",
        "zh-CN/photos-2025/schools/school-of-science/calendar.ics",
    ] {
        assert!(files.contains_key(chinese), "missing {chinese}");
    }

    let home = text("en/index.html");
    assert!(
        home.contains(r#"<li class="card" lang="zh-CN">
<h2><a href="../zh-CN/photos-2025/" hreflang="zh-CN">关于开展2026届毕业生图像采集工作的通知</a><span class="language" lang="en"> (Chinese)</span></h2>"#),
        "{home}"
    );
    let feed = text("en/atom.xml");
    assert!(
        feed.contains(
            r#"<entry xml:lang="zh-CN">
<title>关于开展2026届毕业生图像采集工作的通知 (Chinese)</title>
<id>https://notices.example.edu.cn/zh-CN/photos-2025/</id>"#
        ),
        "{feed}"
    );

    let chinese_pages: Vec<&String> = (files.keys())
        .filter(|p| p.starts_with("zh-CN/photos-2025/") && p.ends_with(".html"))
        .collect();
    assert_eq!(chinese_pages.len(), 6, "{chinese_pages:?}");
    for page in chinese_pages {
        let html = text(page);
        assert!(!html.contains(r#"hreflang="en""#), "{page} offers English");
        assert!(
            !html.contains("translation-note"),
            "{page} is no translation"
        );
    }
    let sitemap = text("sitemap.xml");
    assert!(!sitemap.contains("/en/photos-2025/"), "{sitemap}");
    assert!(sitemap.contains("/zh-CN/photos-2025/schools/school-of-science/</loc>"));

    let note = |up: &str| {
        format!(
            r#"<p class="translation-note">This is a translation. The Chinese original prevails. <a href="{up}zh-CN/photos-2025-translated/" hreflang="zh-CN">Read the original</a></p>"#
        )
    };
    let notice = text("en/photos-2025-translated/index.html");
    assert!(notice.contains(&note("../../")), "{notice}");
    let school = text("en/photos-2025-translated/schools/school-of-science/index.html");
    assert!(school.contains(&note("../../../../")), "{school}");
    let original = text("zh-CN/photos-2025-translated/index.html");
    assert!(!original.contains("translation-note"));
    assert!(
        original.contains(r#"hreflang="en""#),
        "the translation is offered"
    );
    assert!(
        text("en/index.html").contains(r#"<a href="photos-2025-translated/">"#),
        "a campaign in the page's language is listed as before"
    );
}

/// Sessions without slots are open: to every school when they name no
/// campus, to the schools of their campus when they do. Each appears on
/// those schools' pages and in their feeds, at the session's own times.
#[test]
fn open_sessions_reach_every_concerned_school() {
    let files = build_case("open-sessions");
    let base = "en/2026-graduation-photos/schools";
    let feed = |school: &str| {
        String::from_utf8_lossy(&files[&format!("{base}/{school}/calendar.ics")]).into_owned()
    };
    let uid = |session: &str, school: &str| format!("UID:session-{session}.school-{school}.");
    // The east campus's school, and a main campus one.
    for (school, sessions, not) in [
        (
            "school-of-medicine",
            ["east-day", "evening-drop-in"],
            "south-day",
        ),
        (
            "school-of-science",
            ["south-day", "evening-drop-in"],
            "east-day",
        ),
    ] {
        let feed = feed(school);
        for session in sessions {
            assert!(
                feed.contains(&uid(session, school)),
                "{school} lacks {session}"
            );
            let file = format!("{base}/{school}/session-{session}.ics");
            assert!(files.contains_key(&file), "{file} is missing");
        }
        assert!(!feed.contains(&uid(not, school)), "{school} has {not}");
        let page = String::from_utf8_lossy(&files[&format!("{base}/{school}/index.html")])
            .replace('\u{2060}', "");
        assert!(
            page.contains("Evening drop-in") && page.contains("18:00–20:00"),
            "{page}"
        );
    }
}

/// A requirement that belongs to one session is on that session's card and
/// in its event only, not in the notice's general list or other events.
#[test]
fn a_session_requirement_stays_with_its_session() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(
        &with_theme(&repo().join("tests/sites_invalid/session-requirement")),
        &site,
    );
    let campaign = site.join("content/2026-graduation-photos/campaign.yaml");
    let yaml = std::fs::read_to_string(&campaign).unwrap();
    let (valid, typo) = yaml.split_once("  - id: typo\n").unwrap();
    let rest = &typo[typo.find("\nfees:").unwrap()..];
    std::fs::write(
        &campaign,
        format!("{valid}{}", rest.trim_start_matches('\n')),
    )
    .unwrap();
    let out = tmp.path().join("public");
    build_ok(&site, &out);
    let files = read_tree(&out);
    let text = |path: &str| text(&files, path);
    let base = "en/2026-graduation-photos";
    let coat = "Medical students wear a lab coat.";
    assert!(text(&format!("{base}/schools/school-of-medicine/index.html")).contains(coat));
    assert!(!text(&format!("{base}/schools/school-of-science/index.html")).contains(coat));
    assert!(
        !text(&format!("{base}/index.html")).contains(coat),
        "not a general requirement"
    );
    assert!(text(&format!("{base}/schedule/index.html")).contains(coat));
    let feed = text(&format!("{base}/calendar.ics")).replace("\r\n ", "");
    for event in feed.split("BEGIN:VEVENT").skip(1) {
        let own = event.contains("UID:session-east-day.");
        assert_eq!(event.contains(coat), own, "{event}");
    }
}

/// Items for part of the students carry their label on the pages and in
/// the calendar.
#[test]
fn items_for_part_of_the_students_say_so() {
    let files = build_case("parts-of-students");
    let text = |path: &str| text(&files, path);
    let en = text("en/2026-graduation-photos/index.html");
    assert!(en.contains("Tie long hair back. (for women only)"), "{en}");
    assert!(
        en.contains("Submit the online confirmation (for students abroad only)"),
        "{en}"
    );
    let zh = text("zh-CN/2026-graduation-photos/index.html");
    assert!(zh.contains("长发请束起。（仅限女生）"), "{zh}");
    let feed = text("zh-CN/2026-graduation-photos/calendar.ics").replace("\r\n ", "");
    assert!(feed.contains("提交在线确认表（在境外的学生）"), "{feed}");
}

/// Builds the test site `tests/sites_invalid/<case>` (with the theme) and
/// returns its files.
fn build_case(case: &str) -> Files {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_ok(
        &with_theme(&repo().join("tests/sites_invalid").join(case)),
        &out,
    );
    read_tree(&out)
}

/// A built file as text, without the word joiners that keep a time range
/// on one line.
fn text(files: &Files, path: &str) -> String {
    String::from_utf8_lossy(&files[path]).replace('\u{2060}', "")
}

type Files = std::collections::BTreeMap<String, Vec<u8>>;
