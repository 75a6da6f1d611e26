//! The example site holds the two real notices it was designed from
//! (`../shared/seeds/`). These tests load it like `check` does and look the
//! seeds' key facts up by meaning (date, time, venue name), not by id, so
//! they fail if a fact is missing or changed, whatever the content's ids.

mod common;

use chrono::{NaiveDate, NaiveTime};
use noticeboard::model::{Bound, Campaign, Content, Session, TimeRange, When};

use common::campaign;

fn example_site() -> Content {
    let (content, diagnostics) = noticeboard::check(&common::repo());
    let errors: Vec<String> = diagnostics
        .into_sorted()
        .iter()
        .map(ToString::to_string)
        .collect();
    content.unwrap_or_else(|| {
        panic!(
            "the example site does not pass check:\n{}",
            errors.join("\n")
        )
    })
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn range(s: &str) -> TimeRange {
    let (a, b) = s.split_once('-').unwrap();
    TimeRange {
        start: NaiveTime::parse_from_str(a, "%H:%M").unwrap(),
        end: NaiveTime::parse_from_str(b, "%H:%M").unwrap(),
        end_stated: true,
    }
}

/// Venue names of a session in `lang`, with spaces removed (the seeds are
/// inconsistent about spaces in room numbers such as "西 3-107").
fn venue_names(c: &Campaign, s: &Session, lang: &str) -> Vec<String> {
    s.venues
        .iter()
        .map(|id| c.venue(id).unwrap().name.get(lang).replace(' ', ""))
        .collect()
}

fn sessions_on<'a>(c: &'a Campaign, day: &str) -> Vec<&'a Session> {
    c.sessions
        .iter()
        .filter(|s| s.date == Some(date(day)))
        .collect()
}

#[test]
fn hitsz_offline_session_fee_and_online_window() {
    let content = example_site();
    let c = campaign(&content, "hitsz-2026-graduation-photos");
    assert_eq!(c.published, date("2025-11-06"));
    assert!(
        c.document_number
            .as_ref()
            .unwrap()
            .get("en")
            .contains("[2025] No. 268")
    );

    let sessions = sessions_on(c, "2025-11-11");
    assert_eq!(sessions.len(), 1, "one offline session on 2025-11-11");
    let s = sessions[0];
    assert_eq!(s.times, vec![range("15:30-17:00")]);
    assert_eq!(venue_names(c, s, "en"), vec!["StudentActivityCenter"]);
    assert_eq!(venue_names(c, s, "zh-CN"), vec!["学生活动中心"]);
    assert_eq!(s.arrive_early_minutes, 15);

    let fees: Vec<(&str, &str)> = c
        .fees
        .iter()
        .map(|f| (f.amount.as_str(), f.currency.as_str()))
        .collect();
    assert!(
        !fees.is_empty() && fees.iter().all(|f| *f == ("25", "CNY")),
        "{fees:?}"
    );

    let windows: Vec<&When> = c.deadlines.iter().map(|d| &d.when).collect();
    assert!(
        windows.contains(&&When::Window {
            start: Bound::Day(date("2025-11-15")),
            end: Some(Bound::Day(date("2025-12-15")))
        }),
        "online collection window: {windows:?}"
    );
    assert!(
        windows.contains(&&When::Window {
            start: Bound::Day(date("2025-11-06")),
            end: Some(Bound::Day(date("2025-11-10")))
        }),
        "code and payment window: {windows:?}"
    );
    assert!(
        c.deadlines.iter().any(|d| matches!(
            &d.when,
            When::Relative {
                offset: noticeboard::model::Offset::WorkingDays(5),
                ..
            }
        )),
        "check the review result within five working days"
    );

    let numbers: Vec<&str> = c.attachments.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(numbers, vec!["1", "2", "3-1", "3-2"]);

    let phones: Vec<&str> = c
        .contacts
        .iter()
        .flat_map(|k| k.phones.iter().map(String::as_str))
        .collect();
    for phone in ["0755-21678909", "400-158-7766"] {
        assert!(phones.contains(&phone), "{phone} missing from {phones:?}");
    }
    let hotline = c
        .contacts
        .iter()
        .find(|k| k.phones.iter().any(|p| p == "400-158-7766"))
        .unwrap();
    assert_eq!(
        hotline.hours.as_ref().unwrap().times,
        vec![range("09:00-20:00")]
    );
}

#[test]
fn sysu_campus_sessions_and_retake_deadline() {
    let content = example_site();
    let c = campaign(&content, "sysu-2026-graduation-photos");
    assert_eq!(c.published, date("2025-10-15"));

    let zhuhai = sessions_on(c, "2025-10-25");
    assert_eq!(zhuhai.len(), 1);
    assert_eq!(
        zhuhai[0].times,
        vec![range("09:00-12:00"), range("13:30-17:00")]
    );
    assert_eq!(venue_names(c, zhuhai[0], "zh-CN"), vec!["公共教学楼C201"]);

    let shenzhen: Vec<&Session> = sessions_on(c, "2025-11-04")
        .into_iter()
        .filter(|s| venue_names(c, s, "zh-CN") == ["公共教学楼西3-107"])
        .collect();
    assert_eq!(shenzhen.len(), 1, "Shenzhen session at 公共教学楼西 3-107");
    assert_eq!(
        shenzhen[0].times,
        vec![range("09:00-12:00"), range("13:30-15:30")]
    );

    let north: Vec<&Session> = sessions_on(c, "2025-11-04")
        .into_iter()
        .filter(|s| s.venues.len() == 2)
        .collect();
    assert_eq!(
        north.len(),
        1,
        "North campus uses rooms 306 and 307 at once"
    );
    assert_eq!(
        north[0].times,
        vec![range("08:30-12:00"), range("13:30-17:00")]
    );

    let south = sessions_on(c, "2025-11-05");
    assert_eq!(south.len(), 1);
    assert_eq!(south[0].venues.len(), 2, "丰盛堂102 and 104");

    assert!(
        c.deadlines
            .iter()
            .any(|d| d.when == When::Date(date("2026-03-30"))),
        "retakes before 2026-03-30"
    );
    let numbers: Vec<&str> = c.attachments.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(numbers, vec!["1", "2", "3", "4", "5"]);

    let phones: Vec<&str> = c
        .contacts
        .iter()
        .flat_map(|k| k.phones.iter())
        .chain(c.venues.iter().flat_map(|v| v.phones.iter()))
        .map(String::as_str)
        .collect();
    for phone in [
        "020-83398378",
        "020-83302077",
        "020-84111687",
        "020-84111763",
    ] {
        assert!(phones.contains(&phone), "{phone} missing from {phones:?}");
    }
    let studio = c
        .venues
        .iter()
        .find(|v| v.hours == vec![range("09:00-12:00"), range("13:30-17:30")]);
    assert!(studio.is_some(), "the retake studio's opening hours");
}

#[test]
fn every_school_has_a_slot_and_every_text_both_languages() {
    let content = example_site();
    for c in &content.campaigns {
        assert!(!c.schools.is_empty(), "{}", c.id);
        for school in &c.schools {
            assert!(
                c.sessions_for(&school.id).next().is_some(),
                "{} has no session",
                school.id
            );
        }
        for lang in ["zh-CN", "en"] {
            assert!(!c.title.get(lang).is_empty());
            assert!(c.notice.contains_key(lang));
            assert!(c.attachments.iter().all(|a| a.body.contains_key(lang)));
        }
    }
}
