//! `noticeboard new <campaign-id>`: a complete, valid campaign to edit.
//!
//! The scaffold shows every field with a short comment, so staff can learn
//! the format by editing it, and it passes `check` as written. Its dates are
//! placed after today so no rule (deadline before publication, weekend
//! session) fires. Nothing existing is ever overwritten.
//!
//! The campaign file's first line names its JSON Schema, for editors, and
//! the schemas are written into the site's `schemas/` when they are not
//! there, so that line never points at nothing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::content::schema::{self, CAMPAIGN_MODELINE};
use crate::content::{CAMPAIGN_FILE, CONTENT_DIR};
use crate::model::Site;
use crate::validate::is_slug;

/// Why a scaffold was not written.
#[derive(Debug)]
pub enum Refusal {
    BadId(String),
    Exists(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::BadId(id) => write!(
                f,
                "`{id}` is not a valid campaign id: use lower-case letters a-z, digits and single hyphens, e.g. 2026-graduation-photos"
            ),
            Refusal::Exists(path) => write!(
                f,
                "{} already exists; nothing was changed (choose another id)",
                path.display()
            ),
            Refusal::Io(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

/// Writes `content/<id>/` under `root` for `site`'s languages, publishing on
/// `today`, and the JSON Schemas into `schemas/` if they are missing.
/// Returns the files written.
pub fn create(
    root: &Path,
    site: &Site,
    id: &str,
    today: NaiveDate,
) -> Result<Vec<PathBuf>, Refusal> {
    if !is_slug(id) {
        return Err(Refusal::BadId(id.to_string()));
    }
    let dir = root.join(CONTENT_DIR).join(id);
    if dir.exists() {
        return Err(Refusal::Exists(dir));
    }
    let mut written = missing_schemas(root)?;
    let langs = &site.languages;
    let mut files = vec![(dir.join(CAMPAIGN_FILE), campaign_yaml(id, langs, today))];
    for lang in langs {
        files.push((dir.join(format!("notice.{lang}.md")), notice_md(lang)));
        files.push((
            dir.join("attachments")
                .join(format!("how-to-pay.{lang}.md")),
            guide_md(lang),
        ));
    }
    // Write into a temporary folder and rename it into place, so a failure
    // halfway leaves no half-made campaign behind.
    let staging = root.join(CONTENT_DIR).join(format!(".{id}.new"));
    let staged = write_all(&staging, &dir, &files);
    if staged.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    staged?;
    std::fs::rename(&staging, &dir).map_err(|e| Refusal::Io(dir.clone(), e))?;
    written.extend(files.into_iter().map(|(path, _)| path));
    Ok(written)
}

/// Writes each schema that `schemas/` lacks (one there is left as it is);
/// returns the files written.
fn missing_schemas(root: &Path) -> Result<Vec<PathBuf>, Refusal> {
    let folder = root.join(schema::FOLDER);
    let mut written = Vec::new();
    for (name, text) in schema::files() {
        let path = folder.join(name);
        if path.exists() {
            continue;
        }
        std::fs::create_dir_all(&folder).map_err(|e| Refusal::Io(folder.clone(), e))?;
        std::fs::write(&path, text).map_err(|e| Refusal::Io(path.clone(), e))?;
        written.push(path);
    }
    Ok(written)
}

fn write_all(staging: &Path, dir: &Path, files: &[(PathBuf, String)]) -> Result<(), Refusal> {
    for (path, text) in files {
        let target = staging.join(path.strip_prefix(dir).unwrap_or(path));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Refusal::Io(parent.to_path_buf(), e))?;
        }
        std::fs::write(&target, text).map_err(|e| Refusal::Io(target.clone(), e))?;
    }
    Ok(())
}

/// The first Monday-to-Friday day at least `days` after `from`.
fn weekday_after(from: NaiveDate, days: i64) -> NaiveDate {
    let mut day = from + Duration::days(days);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day += Duration::days(1);
    }
    day
}

/// Placeholder text in `lang`: Chinese and English are written out; other
/// languages get the English text marked for translation.
fn say(lang: &str, zh: &str, en: &str) -> String {
    if lang.starts_with("zh") {
        zh.to_string()
    } else if lang == "en" || lang.starts_with("en-") {
        en.to_string()
    } else {
        format!("[{lang}] {en}")
    }
}

/// A localized YAML mapping at `indent`, one line per language.
fn text(langs: &[String], indent: usize, zh: &str, en: &str) -> String {
    let pad = " ".repeat(indent);
    langs
        .iter()
        .map(|l| format!("\n{pad}{l}: {}", yaml_quote(&say(l, zh, en))))
        .collect()
}

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn campaign_yaml(id: &str, langs: &[String], today: NaiveDate) -> String {
    let session = weekday_after(today, 14);
    let pay_end = weekday_after(today, 7);
    let online_start = weekday_after(session, 3);
    let online_end = online_start + Duration::days(30);
    let retake = online_end + Duration::days(30);
    let t = |indent, zh, en| text(langs, indent, zh, en);
    let mut y = String::new();
    let _ = write!(
        y,
        "{CAMPAIGN_MODELINE}
# Campaign definition. Every field is explained in docs/content-format.md.
# Texts need one line per language: {langs}.
# After editing, run `noticeboard check`.

id: {id}                 # must equal the folder name
title:{title}
document_number:{docno}   # optional
short_title:{short}   # optional: a few words after each calendar event's item
issuer:{issuer}
# issuer_email: office@example.edu.cn   # optional: the office's address, each calendar event's ORGANIZER
published: {today}          # YYYY-MM-DD
updated: {today} 09:00      # YYYY-MM-DD HH:MM; change it whenever you change the notice
audience:{audience}
eligibility:{eligibility}

campuses:                   # optional
  - id: main-campus
    name:{campus}

venues:
  - id: main-hall
    name:{hall}
    campus: main-campus      # optional: a campus id
    address:{address}
    directions:{directions}

schools:
  - id: school-of-science
    name:{science}
    campus: main-campus
  - id: school-of-humanities
    name:{humanities}
    campus: main-campus

sessions:
  - id: main-session
    date: {session}
    times: [\"09:00-12:00\", \"13:30-17:00\"]   # quoted, 24-hour clock
    venues: [main-hall]
    arrive_early_minutes: 15
    status: scheduled       # or: cancelled (keep cancelled sessions, do not delete them)
    slots:                  # which schools come when; every school needs a slot
      - time: \"09:00-10:30\"
        schools: [school-of-science]
      - time: \"13:30-15:00\"
        schools: [school-of-humanities]
    # fees: [photo-fee]      # optional: fees its calendar events name
    # contacts: [office]     # optional: contacts its calendar events name
    # or, instead of `slots`, the rows of the office's schedule sheet in this folder:
    # slots_from: 附件4-各学院安排.xlsx   (columns 学院 and 时间; see docs/content-format.md)

deadlines:
  - id: code-and-payment    # a window: first and last day, both included
    title:{pay_title}
    start: {today}
    end: {pay_end}
    # venue: main-hall       # optional: where it is done
    # fees: [photo-fee]      # optional, as for sessions
    # contacts: [office]     # optional, as for sessions
  - id: online-collection
    title:{online_title}
    start: {online_start}
    end: {online_end}
  - id: retake              # a single day
    title:{retake_title}
    date: {retake}
    # only_for: {{ zh-CN: 女生, en: women }}   # optional: for part of the students
    # audience: school-office   # optional: for a role of noticeboard.yaml (roles:), not students
  - id: check-result        # relative to something each student does
    title:{check_title}
    relative:
      after:{check_after}
      working_days: 5       # or days: N, or months: N

steps:
  - id: get-code
    title:{step1}
    deadlines: [code-and-payment]
  - id: pay
    title:{step2}
    attachments: [how-to-pay]
  - id: attend
    title:{step3}

requirements:               # category: documents, attire, appearance, conduct, photo or other
  - id: id-card
    category: documents
    text:{req1}
  - id: attire
    category: attire
    text:{req2}

fees:
  - id: photo-fee
    amount: \"25\"
    currency: CNY
    covers:{covers}

contacts:
  - id: office
    name:{office}
    phones: [\"010-00000000\"]
    emails: [office@example.edu.cn]
    hours:
      days: weekdays        # daily, weekdays or office-hours
      times: [\"08:30-12:00\", \"14:00-17:30\"]

links:
  - id: university
    title:{link}
    url: https://www.example.edu.cn/

attachments:                # a guide (attachments/<id>.<language>.md), a file (attachments/<id>.pdf), or both
  - id: how-to-pay
    number: \"1\"
    title:{att}

reminders:                  # calendar alerts before each event
  sessions: [1h]
  deadlines: [1d]
",
        langs = langs.join(", "),
        title = t(2, "关于开展……工作的通知", "Notice on ..."),
        short = t(2, "……采集", "... collection"),
        docno = t(2, "〔2026〕1号", "[2026] No. 1"),
        issuer = t(2, "教务部", "Office of Academic Affairs"),
        audience = t(2, "各学院（部门）", "To all schools and departments"),
        eligibility = t(
            2,
            "说明哪些学生须参加、哪些无须参加。",
            "Say which students must take part and which need not."
        ),
        campus = t(6, "主校区", "Main Campus"),
        hall = t(6, "学生活动中心", "Student Activity Center"),
        address = t(6, "写明楼宇和房间", "Building and room"),
        directions = t(
            6,
            "写明如何到达，例如地铁出口",
            "How to get there, e.g. the metro exit"
        ),
        science = t(6, "理学院", "School of Science"),
        humanities = t(6, "人文学院", "School of Humanities"),
        pay_title = t(6, "获取采集码并缴费", "Obtain the code and pay"),
        online_title = t(6, "线上采集", "Online collection"),
        retake_title = t(6, "补拍截止", "Retakes due"),
        check_title = t(6, "查看审核结果", "Check the review result"),
        check_after = t(8, "提交后", "after submitting"),
        step1 = t(6, "获取采集码", "Obtain your collection code"),
        step2 = t(6, "在线缴费", "Pay online"),
        step3 = t(6, "按时到场拍摄", "Come to your session on time"),
        req1 = t(
            6,
            "携带学生证或身份证。",
            "Bring your student ID card or national ID card."
        ),
        req2 = t(6, "着正装。", "Wear formal attire."),
        covers = t(6, "每人", "per person"),
        office = t(6, "教务部", "Office of Academic Affairs"),
        link = t(6, "学校主页", "University home page"),
        att = t(6, "缴费操作说明", "How to pay"),
    );
    y
}

fn notice_md(lang: &str) -> String {
    let school_block = say(
        lang,
        "{% if school is defined %}\n**{{ school.name }}的拍摄安排：**\n{% for s in school.sessions %}\n- {{ s.date_text }} {{ s.slot_text }}，{{ s.venue_text }}，请于 {{ s.arrive_by }} 前到场。\n{% endfor %}\n{% endif %}",
        "{% if school is defined %}\n**Your session, {{ school.name }}:**\n{% for s in school.sessions %}\n- {{ s.date_text }}, {{ s.slot_text }}, {{ s.venue_text }}; arrive by {{ s.arrive_by }}.\n{% endfor %}\n{% endif %}",
    );
    format!(
        "{}\n\n## {}\n\n{}\n\n{school_block}\n",
        say(
            lang,
            "为做好……工作，现将有关事项通知如下：",
            "The arrangements are as follows:"
        ),
        say(lang, "一、时间地点", "I. Time and place"),
        say(
            lang,
            "按《各单位时间安排》参加采集。",
            "Attend at your school's slot in the schedule."
        ),
    )
}

fn guide_md(lang: &str) -> String {
    format!(
        "# {}\n\n1. {}\n2. {}\n",
        say(lang, "缴费操作说明", "How to pay"),
        say(lang, "写出第一步。", "Write the first step."),
        say(lang, "写出第二步。", "Write the second step."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_avoid_weekends() {
        let saturday = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        assert_eq!(weekday_after(saturday, 0).weekday(), Weekday::Mon);
    }
}
