//! The kinds of text a YAML string holds (a date, a time range, an id),
//! each with the pattern or the list of words the JSON Schema gives it.
//!
//! A pattern must accept everything `check` accepts: an editor that
//! underlines a value `check` takes would teach staff to ignore the
//! underlining. So each pattern follows its validator in
//! [`crate::validate`], including what the validator forgives: spaces
//! around the value where it trims them, full-width digits and colons
//! (`０８：３０`, as a Chinese input method types them) where it reads them
//! as ASCII, and chrono's own leniency (a one-digit hour, spaces before a
//! number). A pattern may accept more than `check` does: it cannot know
//! that 2025-02-30 does not exist or that a range ends before it starts,
//! and `check` stays the authority. The unit tests in
//! `validate::schema_patterns` hold each pattern against its validator.
//!
//! The patterns use only what JavaScript (VS Code), Python (`jsonschema`)
//! and Rust's `regex` read the same way: no look-around, and no `\d`
//! (any Unicode digit in Python and Rust). `\s` differs only in U+0085,
//! which no file may contain anyway.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

/// A digit as staff type it: ASCII, or full-width (`０`-`９`).
macro_rules! digit {
    () => {
        "[0-9０-９]"
    };
}

macro_rules! colon {
    () => {
        "[:：]"
    };
}

/// 0-23, in one digit or two.
macro_rules! hour {
    () => {
        concat!("([01０１]?", digit!(), "|[2２][0-3０-３])")
    };
}

/// 0-59, in one digit or two.
macro_rules! minute {
    () => {
        concat!("[0-5０-５]?", digit!())
    };
}

/// 0-60 (chrono takes a leap second), in one digit or two.
macro_rules! second {
    () => {
        concat!("([0-5０-５]?", digit!(), "|[6６][0０])")
    };
}

/// `HH:MM`: chrono skips spaces before the minutes.
macro_rules! time {
    () => {
        concat!(hour!(), colon!(), "\\s*", minute!())
    };
}

/// What may stand between the two times of a range (see
/// `validate::fields::RANGE_SEPARATORS`; `〜` is read as `～`).
macro_rules! range_separator {
    () => {
        "[-–—－~～〜至]"
    };
}

/// A four-digit year; chrono also takes `+` with any number of zeros.
macro_rules! year {
    () => {
        concat!("(\\+[0０]*)?[1-9１-９]", digit!(), "{3}")
    };
}

/// `YYYY-MM-DD`: chrono takes a one-digit month or day, and spaces before
/// them.
macro_rules! date {
    () => {
        concat!(
            year!(),
            "-\\s*([0０]?[1-9１-９]|[1１][0-2０-２])",
            "-\\s*([0０]?[1-9１-９]|[12１２]",
            digit!(),
            "|[3３][01０１])"
        )
    };
}

/// `YYYY-MM-DD HH:MM`, with optional seconds, or `24:00` for the end of
/// the day. `T` may stand for a space (the first `T` is read as one, and
/// chrono skips spaces before every number), and the space before the
/// time may be left out.
macro_rules! date_time {
    () => {
        concat!(
            "[\\sT]*",
            year!(),
            "-[\\sT]*([0０]?[1-9１-９]|[1１][0-2０-２])",
            "-[\\sT]*([0０]?[1-9１-９]|[12１２]",
            digit!(),
            "|[3３][01０１])",
            "[\\sT]*(",
            hour!(),
            colon!(),
            "[\\sT]*",
            minute!(),
            "(",
            colon!(),
            "[\\sT]*",
            second!(),
            ")?|[2２][4４]",
            colon!(),
            "[0０][0０])"
        )
    };
}

/// A language tag as unic-langid reads it, in any case: a language of two
/// or three letters, then optionally a script (`Hans`), a region (`CN`,
/// `419`) and variants (unic-langid takes any ASCII after the digit that
/// starts a four-character one). See `validate::is_language_tag`; which
/// languages a site has is for `check` to say.
macro_rules! language_tag {
    () => {
        "[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{4,8}|[0-9][\\u0001-\\u007f]{3}))*"
    };
}

/// A lower-case slug (`validate::is_slug`).
macro_rules! slug {
    () => {
        "[a-z0-9]+(-[a-z0-9]+)*"
    };
}

/// A kind of string with a pattern: a unit type whose schema says so.
macro_rules! kind {
    ($name:ident, $description:literal, $pattern:expr) => {
        #[doc = $description]
        pub struct $name;

        impl $name {
            pub const PATTERN: &'static str = $pattern;
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "description": $description,
                    "type": "string",
                    "pattern": Self::PATTERN
                })
            }
        }
    };
}

/// A word from a fixed list: a unit type whose schema lists the words, so
/// an editor offers them.
macro_rules! choice {
    ($name:ident, $description:literal, [$($value:literal),+ $(,)?]) => {
        #[doc = $description]
        pub struct $name;

        impl $name {
            pub const VALUES: &'static [&'static str] = &[$($value),+];
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "description": $description,
                    "enum": Self::VALUES
                })
            }
        }
    };
}

/// The longest id (`validate::fields::LONGEST_ID`).
const LONGEST_ID: u32 = 64;

/// An id: lower-case letters a-z, digits and single hyphens, at most 64 characters.
pub struct Id;

impl Id {
    pub const PATTERN: &'static str = concat!("^", slug!(), "$");
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An id: lower-case letters a-z, digits and single hyphens, at most 64 characters: `school-of-science`.",
            "type": "string",
            "pattern": Self::PATTERN,
            "maxLength": LONGEST_ID
        })
    }
}

kind!(
    Audience,
    "`students` (the default) or the id of a role in noticeboard.yaml (`roles`).",
    concat!("^\\s*", slug!(), "\\s*$")
);

kind!(
    LanguageTag,
    "A language tag: `zh-CN`, `en`, `ja` (not `zh_CN` or `English`).",
    concat!("^", language_tag!(), "$")
);

kind!(
    CampaignLanguage,
    "One of the site's languages, as noticeboard.yaml writes it: `zh-CN`, `en`.",
    concat!("^\\s*", language_tag!(), "\\s*$")
);

kind!(
    Date,
    "A date, YYYY-MM-DD: `2025-11-11`.",
    concat!("^\\s*", date!(), "\\s*$")
);

kind!(
    DateTime,
    "A date and time, YYYY-MM-DD HH:MM, 24-hour clock: `2025-11-06 09:00`.",
    concat!("^\\s*", date_time!(), "\\s*$")
);

kind!(
    Bound,
    "A date (YYYY-MM-DD, the whole day) or a date and time (YYYY-MM-DD HH:MM; `24:00` is the end of the day): `2025-09-15` or `2025-09-15 10:00`.",
    concat!("^\\s*((", date!(), ")|(", date_time!(), "))\\s*$")
);

kind!(
    ExceptDays,
    "A date (YYYY-MM-DD), or a range of dates in quotes: `\"2025-10-01..2025-10-08\"`.",
    concat!("^\\s*", date!(), "\\s*(\\.\\.\\s*", date!(), "\\s*)?$")
);

kind!(
    Time,
    "A time HH:MM, 24-hour clock, in quotes: `\"09:30\"`.",
    concat!("^\\s*", time!(), "\\s*$")
);

kind!(
    TimeRange,
    "A time range HH:MM-HH:MM, 24-hour clock, in quotes: `\"15:30-17:00\"` (also `15:30至17:00`, `15:30～17:00`).",
    concat!(
        "^\\s*",
        time!(),
        "\\s*",
        range_separator!(),
        "\\s*",
        time!(),
        "\\s*$"
    )
);

kind!(
    SessionTime,
    "A time range HH:MM-HH:MM in quotes (`\"09:00-12:00\"`), or a start only (`\"18:30\"`), 24-hour clock.",
    concat!(
        "^\\s*",
        time!(),
        "\\s*(",
        range_separator!(),
        "\\s*",
        time!(),
        "\\s*)?$"
    )
);

kind!(
    Reminder,
    "How long before the event: a number and m (minutes), h (hours) or d (days), at most 60 days: `30m`, `1h`, `1d`.",
    "^\\s*\\+?[0-9]+[mhd]\\s*$"
);

kind!(
    Phone,
    "A telephone number, in quotes: digits with spaces, hyphens or brackets, an optional leading +, and an optional extension after 转, 分机, ext or x: `\"0755-2603 1234\"`, `\"020-84111234转8001\"`.",
    "^\\s*\\+*[0-9 ()（）-]*(\\s*(转|分机|ext\\.?|x)\\s*[0-9]{1,6})?\\s*$"
);

kind!(
    Email,
    "An e-mail address: `office@example.edu.cn`.",
    "^\\s*[^\\s@]+@\\S*\\.\\S*\\s*$"
);

kind!(
    Url,
    "A full web address, starting with https:// or http://.",
    "^\\s*https?://\\S*\\s*$"
);

kind!(
    Amount,
    "An amount: the number only, in quotes, with at most two decimals: `\"25\"`, `\"25.50\"`.",
    "^\\s*[0-9]+(\\.[0-9]{1,2})?\\s*$"
);

kind!(
    Currency,
    "A currency's ISO 4217 code in capitals: `CNY` (not RMB).",
    "^\\s*[A-Z]{3}\\s*$"
);

kind!(
    TimeZone,
    "An IANA time zone name: `Asia/Shanghai`, `Asia/Hong_Kong`.",
    "^\\s*[A-Za-z][A-Za-z0-9_+/-]*\\s*$"
);

kind!(
    FolderName,
    "The name of a folder in themes/, alone: `default`.",
    "^\\s*[^./\\\\:\\u0000-\\u001f\\u007f-\\u009f][^/\\\\:\\u0000-\\u001f\\u007f-\\u009f]*\\s*$"
);

kind!(
    Weekday,
    "A weekday: mon, tue, wed, thu, fri, sat or sun (or written out: monday …).",
    concat!(
        "^\\s*(",
        "[mM][oO][nN]([dD][aA][yY])?|",
        "[tT][uU][eE]([sS][dD][aA][yY])?|",
        "[wW][eE][dD]([nN][eE][sS][dD][aA][yY])?|",
        "[tT][hH][uU]([rR][sS][dD][aA][yY])?|",
        "[fF][rR][iI]([dD][aA][yY])?|",
        "[sS][aA][tT]([uU][rR][dD][aA][yY])?|",
        "[sS][uU][nN]([dD][aA][yY])?",
        ")\\s*$"
    )
);

choice!(
    SessionStatus,
    "`scheduled` (the default) or `cancelled`.",
    ["scheduled", "cancelled"]
);

choice!(
    PendingFact,
    "A fact the notice will announce later: date, times or venues.",
    ["date", "times", "venues"]
);

choice!(
    Category,
    "What a requirement is about.",
    [
        "documents",
        "attire",
        "appearance",
        "conduct",
        "photo",
        "other"
    ]
);

choice!(
    WhichDays,
    "The days a contact can be reached: daily, weekdays or office-hours.",
    ["daily", "weekdays", "office-hours"]
);
