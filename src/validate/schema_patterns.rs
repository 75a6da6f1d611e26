//! The JSON Schema never refuses what validation accepts: each pattern and
//! list of words in [`crate::content::schema::kinds`] is held against the
//! validator it stands for, on strings made from templates of valid and
//! nearly valid values (see [`crate::content::schema::candidates`]). Every
//! string a validator accepts must match; each test also shows that it
//! tried enough accepted strings to mean something, and that the pattern
//! refuses a typical mistake.

use chrono_tz::TZ_VARIANTS;
use regex::Regex;
use serde_saphyr::Location;

use super::fields::{self, Fields};
use crate::content::CampaignSources;
use crate::content::raw::{CampaignFile, S, SessionEntry, SiteFile};
use crate::content::schema::candidates;
use crate::content::schema::kinds::*;
use crate::diagnostic::{Diagnostics, Severity};
use crate::model::{Localized, Role, Site};

/// Asserts that every candidate `accepts` takes matches `pattern`, and
/// that the pattern refuses each of `mistakes`; returns how many were
/// accepted.
fn never_refuses(
    kind: &str,
    pattern: &str,
    candidates: &[String],
    mistakes: &[&str],
    accepts: impl Fn(&str) -> bool,
) -> usize {
    let regex = Regex::new(pattern).unwrap();
    let distinct: std::collections::BTreeSet<&String> = candidates.iter().collect();
    let mut accepted = 0;
    for c in distinct {
        if accepts(c) {
            accepted += 1;
            assert!(
                regex.is_match(c),
                "{kind}: validation accepts {c:?}, the schema's pattern {pattern} refuses it"
            );
        }
    }
    for mistake in mistakes {
        assert!(!accepts(mistake), "{kind}: {mistake:?} is not a mistake");
        assert!(
            !regex.is_match(mistake),
            "{kind}: {pattern} takes {mistake:?}"
        );
    }
    accepted
}

fn spanned(text: &str) -> S<String> {
    S::new(text.to_string(), Location::UNKNOWN, Location::UNKNOWN)
}

/// Runs one of [`Fields`]' checks; true when it reports nothing.
fn field_accepts(check: impl FnOnce(&mut Fields) -> bool) -> bool {
    let mut out = Diagnostics::default();
    let languages = ["en".to_string()];
    let mut f = Fields {
        file: "c.yaml",
        languages: &languages,
        site_languages: &languages,
        out: &mut out,
    };
    check(&mut f) && !out.has_errors()
}

const SPACE: &[&str] = &["", "", " ", "\u{3000}", "\t"];
const SIGN: &[&str] = &["", "", "", "+", "+0", "-"];
const YEAR: &[&str] = &[
    "2025",
    "2026",
    "1999",
    "1000",
    "9999",
    "0999",
    "999",
    "10000",
    "２０２５",
    "202５",
];
const DASH: &[&str] = &["-", "-", "-", "/", "－", " -", "- ", "-\u{3000}"];
const MONTH: &[&str] = &["1", "01", "11", "12", "13", "0", "00", "１１", "010", "９"];
const DAY: &[&str] = &["1", "01", "11", "29", "30", "31", "32", "0", "３１", "001"];
const BETWEEN: &[&str] = &["", " ", " ", "T", "  ", "\u{3000}", "t", " T", "T "];
const HOUR: &[&str] = &["9", "09", "0", "00", "23", "24", "25", "１８", "019", " 9"];
const COLON: &[&str] = &[":", ":", "：", ".", ": ", " :"];
const MINUTE: &[&str] = &["00", "30", "0", "5", "59", "60", "３０", "000", " 30"];
const SECONDS: &[&str] = &["", "", "", ":00", ":59", ":60", ":61", "：３０"];
const RANGE: &[&str] = &[
    "-", "-", "–", "—", "－", "~", "～", "〜", "至", "到", "--", "", " - ",
];

fn dates() -> Vec<String> {
    candidates(&[SPACE, SIGN, YEAR, DASH, MONTH, DASH, DAY, SPACE], 6000)
}

fn date_times() -> Vec<String> {
    let date = &[SPACE, SIGN, YEAR, DASH, MONTH, DASH, DAY];
    let time = &[BETWEEN, HOUR, COLON, MINUTE, SECONDS, SPACE];
    let mut list = candidates(&[&date[..], &time[..]].concat(), 8000);
    list.extend(candidates(
        &[
            &date[..],
            &[BETWEEN, &["24:00", "２４：００", "24:01"], SPACE],
        ]
        .concat(),
        1000,
    ));
    list
}

fn times() -> Vec<String> {
    candidates(&[SPACE, HOUR, COLON, MINUTE, SPACE], 3000)
}

fn time_ranges() -> Vec<String> {
    let time = [HOUR, COLON, MINUTE];
    candidates(
        &[
            &[SPACE],
            &time[..],
            &[SPACE, RANGE, SPACE],
            &time[..],
            &[SPACE],
        ]
        .concat(),
        8000,
    )
}

#[test]
fn dates_as_validation_reads_them() {
    let accepted = never_refuses(
        "Date",
        Date::PATTERN,
        &dates(),
        &["2025-13-01", "2025/11/11", "25-11-11", "2025-11-11 09:00"],
        |c| fields::parse_date(c).is_some(),
    );
    assert!(accepted > 150, "{accepted}");
}

#[test]
fn dates_and_times_as_validation_reads_them() {
    let accepted = never_refuses(
        "DateTime",
        DateTime::PATTERN,
        &date_times(),
        &["2025-11-06", "2025-11-06 9点", "2025-11-06 25:00"],
        |c| field_accepts(|f| f.datetime(&spanned(c), "at").is_some()),
    );
    assert!(accepted > 70, "{accepted}");
}

#[test]
fn window_bounds_as_validation_reads_them() {
    let mut list = dates();
    list.extend(date_times());
    let accepted = never_refuses(
        "Bound",
        Bound::PATTERN,
        &list,
        &["2025-11-06 morning", "next week"],
        |c| field_accepts(|f| f.bound(&spanned(c), "start").is_some()),
    );
    assert!(accepted > 170, "{accepted}");
}

#[test]
fn times_and_ranges_as_validation_reads_them() {
    let accepted = never_refuses(
        "Time",
        Time::PATTERN,
        &times(),
        &["9点", "09:00-10:00", "24:00"],
        |c| fields::parse_time(c).is_some(),
    );
    assert!(accepted > 250, "{accepted}");
    let accepted = never_refuses(
        "TimeRange",
        TimeRange::PATTERN,
        &time_ranges(),
        &["9点-12点", "09:00", "25:00-26:00", "09:00 to 10:00"],
        |c| fields::parse_time_range(c, "`time`").is_ok(),
    );
    assert!(accepted > 110, "{accepted}");
    let mut list = times();
    list.extend(time_ranges());
    let accepted = never_refuses(
        "SessionTime",
        SessionTime::PATTERN,
        &list,
        &["18:30起", "evening"],
        |c| field_accepts(|f| f.session_time(&spanned(c), 60).is_some()),
    );
    assert!(accepted > 350, "{accepted}");
}

#[test]
fn reminders_phones_and_ids_as_validation_reads_them() {
    let reminders = candidates(
        &[
            SPACE,
            &["", "", "+", "-"],
            &["1", "30", "0", "60", "61", "1440", "007", "1.5"],
            &["m", "h", "d", "d", "天", "M", "", "s"],
            SPACE,
        ],
        3000,
    );
    let accepted = never_refuses(
        "Reminder",
        Reminder::PATTERN,
        &reminders,
        &["1 day", "1天"],
        |c| field_accepts(|f| f.duration(&spanned(c), "sessions").is_some()),
    );
    assert!(accepted > 140, "{accepted}");

    let phones = candidates(
        &[
            SPACE,
            &["", "", "+", "++"],
            &[
                "0755-2603 1234",
                "(020)84111234",
                "（020）84111234",
                "400-158-7766",
                "12",
                "123456789012345678901",
                "0755–2603",
                "020 8411a",
            ],
            SPACE,
            &["", "", "转", "分机", "ext", "ext.", "x", "X", "#"],
            SPACE,
            &["", "8001", "1234567", "12a"],
            SPACE,
        ],
        6000,
    );
    let accepted = never_refuses(
        "Phone",
        Phone::PATTERN,
        &phones,
        &["0755-2603 1234 (9:00-17:00)", "call the office"],
        |c| field_accepts(|f| f.phone(&spanned(c)).is_some()),
    );
    assert!(accepted > 300, "{accepted}");

    const LONG: &str =
        "a-long-id-that-goes-on-and-on-well-past-the-sixty-four-characters-ids-may-have";
    let ids = candidates(
        &[
            &["a", "school", "1", "", "A", "学院", "x9"],
            &["", "", "-", "--", "_", " "],
            &["of-science", "b", "", "2026", LONG, "-"],
        ],
        3000,
    );
    let accepted = never_refuses(
        "Id",
        Id::PATTERN,
        &ids,
        &[
            "School-of-Science",
            "school of science",
            "school--science",
            "理学院",
        ],
        |c| field_accepts(|f| f.id(&spanned(c), "school").is_some()),
    );
    assert!(accepted > 40, "{accepted}");
    // The length a pattern cannot count is the schema's `maxLength`.
    let schema = <Id as schemars::JsonSchema>::json_schema(&mut Default::default());
    assert_eq!(schema.get("maxLength"), Some(&fields::LONGEST_ID.into()));
    let longest = "a".repeat(fields::LONGEST_ID);
    assert!(field_accepts(|f| f
        .id(&spanned(&longest), "school")
        .is_some()));
    let longer = format!("{longest}a");
    assert!(!field_accepts(|f| f
        .id(&spanned(&longer), "school")
        .is_some()));
}

/// The roles of the site the audience test runs against.
fn roles() -> Vec<Role> {
    vec![Role {
        id: "school-office".into(),
        name: Localized::default(),
    }]
}

#[test]
fn audiences_as_validation_reads_them() {
    let list = candidates(
        &[
            SPACE,
            &[
                "students",
                "school-office",
                "Students",
                "school_office",
                "teachers",
                "",
            ],
            SPACE,
        ],
        1000,
    );
    let accepted = never_refuses(
        "Audience",
        Audience::PATTERN,
        &list,
        &["School office", "学生"],
        |c| {
            field_accepts(|f| {
                super::audience::audience(f, &roles(), &Some(spanned(c)), &None).is_some()
            })
        },
    );
    assert!(accepted > 20, "{accepted}");
}

#[test]
fn language_tags_as_validation_reads_them() {
    let tags = candidates(
        &[
            &["zh", "en", "fra", "english", "e", "ZH", "und", "root", "jA"],
            &["", "", "-Hans", "-hans", "-Latn1"],
            &["", "", "-CN", "-cn", "-419", "-1234", "_CN"],
            &[
                "", "", "", "-posix", "-1996", "-1abc", "-abcd", "-1+++", "-a",
            ],
            &["", "", "", "-u-ca-gregory", "-x-private"],
        ],
        6000,
    );
    let accepted = never_refuses(
        "LanguageTag",
        LanguageTag::PATTERN,
        &tags,
        &["English", "zh_CN", "中文"],
        super::is_language_tag,
    );
    assert!(accepted > 250, "{accepted}");
    // A campaign's `languages` and `original` are trimmed, then must be
    // one of the site's, which are language tags.
    let padded = candidates(
        &[
            SPACE,
            &tags.iter().map(String::as_str).collect::<Vec<_>>(),
            SPACE,
        ],
        4000,
    );
    let accepted = never_refuses(
        "CampaignLanguage",
        CampaignLanguage::PATTERN,
        &padded,
        &["Chinese"],
        |c| super::is_language_tag(c.trim()),
    );
    assert!(accepted > 300, "{accepted}");
}

/// A site file with `field` set to `value` (in quotes); true when
/// validation reports no error on that field's line.
fn site_accepts(field: &str, value: &str) -> bool {
    let mut lines = vec![
        ("title", "{en: T}".to_string()),
        ("languages", "[en]".to_string()),
        ("base_url", "https://example.edu.cn/".to_string()),
    ];
    let quoted = serde_json::to_string(value).unwrap();
    match lines.iter().position(|(name, _)| *name == field) {
        Some(i) => lines[i].1 = quoted,
        None => lines.push((field, quoted)),
    }
    let line = lines.iter().position(|(name, _)| *name == field).unwrap() + 1;
    let text: String = lines.iter().map(|(n, v)| format!("{n}: {v}\n")).collect();
    let mut out = Diagnostics::default();
    let Some(raw) = crate::content::yaml::parse::<SiteFile>("s.yaml", &text, &mut out) else {
        return false;
    };
    super::site(&raw, &mut out);
    let errors = out.into_sorted();
    !(errors.iter()).any(|d| d.severity == Severity::Error && d.pos.line as usize == line)
}

#[test]
fn site_settings_as_validation_reads_them() {
    let mut zones: Vec<String> = TZ_VARIANTS.iter().map(|tz| tz.name().to_string()).collect();
    zones.extend(candidates(
        &[
            SPACE,
            &[
                "Asia/Shanghai",
                "asia/shanghai",
                "Asia/Beijing",
                "UTC",
                "Etc/GMT+8",
                "GMT+8",
            ],
            SPACE,
        ],
        300,
    ));
    let accepted = never_refuses(
        "TimeZone",
        TimeZone::PATTERN,
        &zones,
        &["Beijing time", "北京时间"],
        |c| site_accepts("timezone", c),
    );
    assert!(accepted > TZ_VARIANTS.len(), "{accepted}");

    let themes = candidates(
        &[
            SPACE,
            &[
                "default", "my theme", "../x", ".hidden", "a/b", "a\\b", "c:", "主题", "x\u{7}",
            ],
            SPACE,
        ],
        1000,
    );
    let accepted = never_refuses(
        "FolderName",
        FolderName::PATTERN,
        &themes,
        &["themes/default", "../default"],
        |c| site_accepts("theme", c),
    );
    assert!(accepted > 60, "{accepted}");

    let addresses = candidates(
        &[
            SPACE,
            &["https://", "http://", "ftp://", "HTTPS://", "https:/", ""],
            &["notices.example.edu.cn/", "x y", "", "a.b/c?d=1"],
            SPACE,
        ],
        1000,
    );
    let accepted = never_refuses(
        "Url (base_url)",
        Url::PATTERN,
        &addresses,
        &["notices.example.edu.cn", "www.example.edu.cn/notices"],
        |c| site_accepts("base_url", c),
    );
    assert!(accepted > 50, "{accepted}");
}

/// A campaign that passes validation but for its missing Markdown files,
/// with `extra` added at its end, `<>` in it standing for the value.
const CAMPAIGN: &str = "id: c
title: {en: T}
issuer: {en: I}
published: 2025-01-01
updated: 2025-01-01 09:00
audience: {en: A}
eligibility: {en: E}
venues:
  - id: hall
    name: {en: Hall}
sessions:
  - id: s
    date: 2025-03-03
    times: [\"09:00-12:00\"]
    venues: [hall]
";

/// The campaign with `extra`, whose `<>` is `value` in quotes; true when
/// validation reports no error on the line of `<>`.
fn campaign_accepts(extra: &str, value: &str) -> bool {
    let template = format!("{CAMPAIGN}{extra}");
    let line = template.lines().position(|l| l.contains("<>")).unwrap() + 1;
    let text = template.replace("<>", &serde_json::to_string(value).unwrap());
    let mut out = Diagnostics::default();
    let definition = crate::content::yaml::parse::<CampaignFile>("c.yaml", &text, &mut out);
    let Some(definition) = definition else {
        return false;
    };
    let sources = CampaignSources {
        folder: "c".into(),
        file: "c.yaml".into(),
        definition: Some(definition),
        markdown: Default::default(),
        unreadable: Default::default(),
        files: Default::default(),
        sheets: Default::default(),
        digest: 0,
    };
    let site = Site {
        title: Localized::default(),
        base_url: "https://example.edu.cn/".into(),
        languages: vec!["en".into()],
        timezone: chrono_tz::Asia::Shanghai,
        theme: "default".into(),
        allow_raw_html: false,
        allow_external_resources: false,
        roles: roles(),
        keep_cancelled: chrono::TimeDelta::days(90),
    };
    super::campaign::validate(&site, &sources, &mut out);
    let errors = out.into_sorted();
    !(errors.iter()).any(|d| d.severity == Severity::Error && d.pos.line as usize == line)
}

/// A word and its near misses: other cases, spaces around it.
fn words(values: &[&str], others: &[&str]) -> Vec<String> {
    let mut list = Vec::new();
    for v in values.iter().chain(others) {
        let capital = v[..1].to_uppercase() + &v[1..];
        list.extend([
            v.to_string(),
            v.to_uppercase(),
            capital,
            format!(" {v}"),
            format!("{v} "),
        ]);
    }
    list.push(String::new());
    list
}

#[test]
fn words_from_a_list_as_validation_reads_them() {
    let all: Vec<&str> = [
        SessionStatus::VALUES,
        PendingFact::VALUES,
        Category::VALUES,
        WhichDays::VALUES,
    ]
    .concat();
    for (kind, values, extra) in [
        ("SessionStatus", SessionStatus::VALUES, "    status: <>\n"),
        ("PendingFact", PendingFact::VALUES, "    pending: [<>]\n"),
        (
            "Category",
            Category::VALUES,
            "requirements:\n  - id: q\n    category: <>\n    text: {en: Q}\n",
        ),
        (
            "WhichDays",
            WhichDays::VALUES,
            "contacts:\n  - id: k\n    name: {en: K}\n    hours:\n      days: <>\n",
        ),
    ] {
        for word in words(values, &all) {
            let listed = values.contains(&word.as_str());
            assert_eq!(
                campaign_accepts(extra, &word),
                listed,
                "{kind}: {word:?} is {} the schema's list",
                if listed { "in" } else { "not in" }
            );
        }
    }
}

/// A weekly session whose `<>` stands for `value` (in quotes); true when
/// reading its days reports no error on that line.
fn repeat_accepts(repeat: &str, value: &str) -> bool {
    let line = repeat.lines().position(|l| l.contains("<>")).unwrap() + 1;
    let text = repeat.replace("<>", &serde_json::to_string(value).unwrap());
    let mut out = Diagnostics::default();
    let Some(entry) = crate::content::yaml::parse::<S<SessionEntry>>("c.yaml", &text, &mut out)
    else {
        return false;
    };
    let languages = ["en".to_string()];
    let mut f = Fields {
        file: "c.yaml",
        languages: &languages,
        site_languages: &languages,
        out: &mut out,
    };
    super::days::days(&mut f, &entry, false);
    let errors = out.into_sorted();
    !(errors.iter()).any(|d| d.severity == Severity::Error && d.pos.line as usize == line)
}

#[test]
fn weekdays_and_excepted_days_as_validation_reads_them() {
    const REPEAT: &str = "id: r
repeat:
  weekdays: [mon, tue, wed, thu, fri, sat, sun]
  from: 2025-03-03
  until: 2025-12-31
  except: [<>]
";
    let mut except: Vec<String> = dates().into_iter().take(800).collect();
    except.extend(candidates(
        &[
            SPACE,
            YEAR,
            DASH,
            MONTH,
            DASH,
            DAY,
            &["..", " .. ", ".", "...", "~"],
            SPACE,
            YEAR,
            DASH,
            MONTH,
            DASH,
            DAY,
            SPACE,
        ],
        1200,
    ));
    let accepted = never_refuses(
        "ExceptDays",
        ExceptDays::PATTERN,
        &except,
        &["2025-10-01 to 2025-10-08"],
        |c| repeat_accepts(REPEAT, c),
    );
    assert!(accepted > 20, "{accepted}");
    let weekdays = candidates(
        &[
            SPACE,
            &[
                "mon",
                "Monday",
                "MONDAY",
                "tue",
                "tues",
                "tuesday",
                "thu",
                "thur",
                "thursday",
                "we",
                "wednesday",
                "SUN",
                "sunday",
                "sundays",
                "周一",
                "1",
                "fri",
                "SaT",
            ],
            SPACE,
        ],
        1000,
    );
    let repeat = REPEAT
        .replace(
            "weekdays: [mon, tue, wed, thu, fri, sat, sun]",
            "weekdays: [<>]",
        )
        .replace("except: [<>]", "except: []");
    let accepted = never_refuses("Weekday", Weekday::PATTERN, &weekdays, &["周一"], |c| {
        repeat_accepts(&repeat, c)
    });
    assert!(accepted > 80, "{accepted}");
}

#[test]
fn campaign_values_as_validation_reads_them() {
    let fee = |field: &str| {
        let amount = if field == "amount" { "<>" } else { "\"25\"" };
        let currency = if field == "currency" { "<>" } else { "CNY" };
        format!(
            "fees:\n  - id: f\n    amount: {amount}\n    currency: {currency}\n    covers: {{en: C}}\n"
        )
    };
    let amounts = candidates(
        &[
            SPACE,
            &["25", "0", "", "2 5", "２５", "1000"],
            &["", "", ".5", ".50", ".505", "."],
            SPACE,
        ],
        600,
    );
    let currencies = candidates(
        &[SPACE, &["CNY", "RMB", "cny", "CN", "CNYY", "USD"], SPACE],
        300,
    );
    let emails = candidates(
        &[
            SPACE,
            &["a", "due", "", "a b", "@"],
            &["@", "", "@@"],
            &["example.edu.cn", "hit", "a.b", ".", "x y.z"],
            SPACE,
        ],
        600,
    );
    let urls = candidates(
        &[
            SPACE,
            &["https://", "http://", "ftp://", "HTTPS://", "https:/", ""],
            &["www.example.edu.cn/", "x y", "", "a.b/c?d=1"],
            SPACE,
        ],
        600,
    );
    let link = "links:\n  - id: l\n    title: {en: L}\n    url: <>\n";
    for (kind, pattern, list, extra, least, mistake) in [
        (
            "Amount",
            Amount::PATTERN,
            amounts,
            fee("amount"),
            45,
            "25元",
        ),
        (
            "Currency",
            Currency::PATTERN,
            currencies,
            fee("currency"),
            12,
            "cny",
        ),
        (
            "Email",
            Email::PATTERN,
            emails,
            "issuer_email: <>\n".to_string(),
            40,
            "office at example.edu.cn",
        ),
        (
            "Url",
            Url::PATTERN,
            urls,
            link.to_string(),
            35,
            "www.example.edu.cn",
        ),
    ] {
        let accepted = never_refuses(kind, pattern, &list, &[mistake], |c| {
            campaign_accepts(&extra, c)
        });
        assert!(accepted > least, "{kind}: {accepted}");
    }
}
