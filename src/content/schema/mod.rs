//! JSON Schemas of `campaign.yaml` and `noticeboard.yaml`, for editors.
//!
//! With the schema named on a file's first line (the modeline below), VS
//! Code's YAML extension completes field names, shows each field's
//! documentation on hover and underlines unknown fields and malformed
//! values while staff type. The schemas are made from the very structs the
//! loader reads the files into ([`super::raw`], with [`kinds`] for the
//! kinds of text), so they cannot drift from what noticeboard reads;
//! `noticeboard schema` writes them, and a test checks that the copies in
//! the repository's `schemas/` are current.
//!
//! A schema never refuses what `check` accepts: the patterns follow the
//! validators (see [`kinds`]), and each type is widened to everything
//! serde-saphyr reads into it (`as_read`). `check` remains the
//! authority: it knows the site's languages, the campaign's ids and the
//! calendar, which a schema cannot.

pub mod kinds;

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use super::raw::{CampaignFile, SiteFile};

/// The folder the schemas are written to, in the site folder.
pub const FOLDER: &str = "schemas";
/// The schema of `content/<campaign-id>/campaign.yaml`.
pub const CAMPAIGN: &str = "campaign.schema.json";
/// The schema of `noticeboard.yaml`.
pub const SITE: &str = "noticeboard.schema.json";

/// The first line of a `campaign.yaml`, naming its schema: a path from the
/// campaign's folder, so it holds wherever the site folder is.
pub const CAMPAIGN_MODELINE: &str =
    "# yaml-language-server: $schema=../../schemas/campaign.schema.json";
/// The first line of `noticeboard.yaml`, naming its schema.
pub const SITE_MODELINE: &str = "# yaml-language-server: $schema=schemas/noticeboard.schema.json";

/// Both schemas, each with its file name: pretty-printed JSON ending in a
/// newline, the same bytes on every run.
pub fn files() -> [(&'static str, String); 2] {
    [
        (CAMPAIGN, schema_text::<CampaignFile>()),
        (SITE, schema_text::<SiteFile>()),
    ]
}

/// Draft-07, which VS Code's YAML extension supports best.
fn schema_text<T: JsonSchema>() -> String {
    let schema = SchemaSettings::draft07()
        .with_transform(RecursiveTransform(as_read))
        .with_transform(RecursiveTransform(as_markdown))
        .into_generator()
        .into_root_schema_for::<T>();
    // A schema is JSON values with string keys, which always serialize.
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Gives each description to VS Code as Markdown too, so a hover shows
/// `code` as code: it shows a plain `description` with its backticks.
fn as_markdown(schema: &mut Schema) {
    if let Some(description) = schema.get("description").cloned() {
        schema.insert("markdownDescription".into(), description);
    }
}

/// A YAML 1.1 boolean, as serde-saphyr reads one, in any case and quoted
/// or not.
const BOOLEAN: &str = "^[ \\t\\r\\n]*([yY]([eE][sS])?|[nN][oO]?|[tT][rR][uU][eE]|[fF][aA][lL][sS][eE]|[oO]([nN]|[fF][fF]))[ \\t\\r\\n]*$";

/// A whole number as serde-saphyr reads one from a string: decimal, hex,
/// octal or binary, with `_` between digits.
const INTEGER: &str =
    "^[ \\t\\r\\n]*\\+?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)[ \\t\\r\\n]*$";

/// Widens a schema's `type` to everything serde-saphyr reads into it.
/// VS Code reads YAML 1.2, where `1`, `2026` and `true` are a number and a
/// boolean; serde-saphyr gives a string field any such value as its text
/// (`number: 1`, `id: 2026`), reads an empty or null list as no items
/// (`venues:`), a yes/no field from `yes`, `on`, `"true"`, and a number
/// field from `"90"` or `0x5A`. Each keyword applies to its own type only
/// (`pattern` to strings, `minimum` to numbers), so adding a type with its
/// pattern leaves the others' rules as they were.
fn as_read(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let types: Vec<String> = match object.get("type") {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(several)) => several
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        _ => return,
    };
    let mut read = types.clone();
    let mut add = |t: &str| {
        if !read.iter().any(|r| r == t) {
            read.push(t.to_string());
        }
    };
    let has = |t: &str| types.iter().any(|x| x == t);
    if has("string") && !object.contains_key("enum") {
        add("number");
        add("boolean");
    }
    if has("array") {
        add("null");
    }
    let read_from_string = if has("boolean") {
        Some(BOOLEAN)
    } else if has("integer") {
        Some(INTEGER)
    } else {
        None
    };
    if let Some(pattern) = read_from_string {
        add("string");
        object.insert("pattern".into(), pattern.into());
        // `uint32` and the like say nothing to an editor about a string.
        object.remove("format");
    }
    object.insert(
        "type".into(),
        match read.as_slice() {
            [one] => Value::from(one.as_str()),
            _ => Value::from(read),
        },
    );
}

/// Strings to hold a pattern against what it stands for: each is one pick
/// from every slot of a template, now and then mangled (a slot left out, or
/// a stray piece put in), so valid and nearly valid strings both come up.
/// The same strings on every run.
#[cfg(test)]
pub(crate) fn candidates(slots: &[&[&str]], count: usize) -> Vec<String> {
    const STRAY: &[&str] = &[
        " ", "\u{3000}", "\t", "-", ":", "：", "+", "0", "1", "9", "a", "T", ".", "..", "x", "至",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut below = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    (0..count)
        .map(|_| {
            let mut parts: Vec<&str> = slots.iter().map(|s| s[below(s.len())]).collect();
            match below(4) {
                0 if !parts.is_empty() => {
                    parts.remove(below(parts.len()));
                }
                1 => parts.insert(below(parts.len() + 1), STRAY[below(STRAY.len())]),
                _ => {}
            }
            parts.concat()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// Holds `pattern` against `reads` on `candidates`: every string read
    /// must match. Returns how many were read, so a test can show it tried
    /// some that are.
    fn never_refuses(pattern: &str, candidates: &[String], reads: impl Fn(&str) -> bool) -> usize {
        let pattern = Regex::new(pattern).unwrap();
        let read: Vec<&String> = candidates.iter().filter(|c| reads(c)).collect();
        for c in &read {
            assert!(
                pattern.is_match(c),
                "{c:?} is read, but {pattern} refuses it"
            );
        }
        read.len()
    }

    /// In single quotes, as staff might write a number or a yes/no.
    fn quoted(text: &str) -> String {
        format!("'{}'", text.replace('\'', "''"))
    }

    #[test]
    fn a_number_in_a_string_matches_when_serde_saphyr_reads_it() {
        let candidates = candidates(
            &[
                &["", " ", "\t"],
                &["", "+", "-"],
                &["", "0x", "0X", "0o", "0b", "0"],
                &[
                    "1", "90", "1_000", "_1", "1__0", "ff", "7", "12a", "", "1.5", "1e3",
                ],
                &["", " ", "\t"],
            ],
            4000,
        );
        let read = never_refuses(INTEGER, &candidates, |c| {
            serde_saphyr::from_str::<u32>(&quoted(c)).is_ok()
        });
        assert!(read > 500, "only {read} read");
        let pattern = Regex::new(INTEGER).unwrap();
        for refused in ["1.5", "-1", "ten", ""] {
            assert!(!pattern.is_match(refused), "{refused:?}");
        }
    }

    #[test]
    fn a_yes_or_no_in_a_string_matches_when_serde_saphyr_reads_it() {
        let candidates = candidates(
            &[
                &["", " ", "\t"],
                &[
                    "yes", "Yes", "YES", "y", "Y", "no", "No", "n", "true", "True", "TRUE",
                    "false", "on", "ON", "off", "Off", "1", "0", "yep", "ok", "",
                ],
                &["", " ", "\t"],
            ],
            2000,
        );
        let read = never_refuses(BOOLEAN, &candidates, |c| {
            serde_saphyr::from_str::<bool>(&quoted(c)).is_ok()
        });
        assert!(read > 500, "only {read} read");
        assert!(!Regex::new(BOOLEAN).unwrap().is_match("1"));
    }

    /// Every subschema in `value`, depth first.
    fn walk<'a>(value: &'a Value, found: &mut Vec<&'a serde_json::Map<String, Value>>) {
        match value {
            Value::Object(object) => {
                found.push(object);
                object.values().for_each(|v| walk(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }

    #[test]
    fn every_field_is_documented_and_no_other_field_is_allowed() {
        for (name, text) in files() {
            let schema: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                schema["$schema"], "http://json-schema.org/draft-07/schema#",
                "{name}"
            );
            let mut objects = Vec::new();
            walk(&schema, &mut objects);
            let structs: Vec<_> = (objects.iter())
                .filter(|o| o.contains_key("properties"))
                .collect();
            assert!(structs.len() >= 2, "{name}");
            for object in structs {
                assert_eq!(object["additionalProperties"], false, "{name}: {object:?}");
                for (field, property) in object["properties"].as_object().unwrap() {
                    let description = property["description"].as_str().unwrap_or_default();
                    assert!(
                        description.len() > 10,
                        "{name}: `{field}` has no description"
                    );
                    assert_eq!(property["markdownDescription"], property["description"]);
                }
            }
        }
    }

    #[test]
    fn the_schemas_are_the_same_bytes_every_time() {
        let [(campaign, first), (site, _)] = files();
        assert_eq!((campaign, site), (CAMPAIGN, SITE));
        assert_eq!(first, files()[0].1);
        assert!(first.ends_with("}\n") && first.contains("\n  \"properties\": {"));
    }
}
