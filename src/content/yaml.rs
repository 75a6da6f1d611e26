//! Reading one YAML file into its raw struct, with every problem located.
//!
//! serde-saphyr reports syntax and type errors with line and column; it
//! stops at the first one, which is fine, since a broken file cannot be read
//! further ([`yaml_error`] rewords it for staff). Unknown keys are different:
//! they are common typos, so they are collected with `serde_ignored` (all of
//! them, not just the first) and located by looking their path up in a
//! second, untyped parse ([`tree`]).

use serde::de::DeserializeOwned;

use super::text;
use super::tree::{self, Key};
use super::yaml_error;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};

/// Marker key serde-saphyr uses inside `Spanned`; paths through it are not
/// keys staff wrote.
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

/// Parses `text` (the contents of `file`) into `T`. Unknown keys are reported
/// as errors but do not stop the parse; they are reported even when the
/// parse fails later, since a misspelt key often causes the failure (`titel`
/// for `title` leaves `title` missing).
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, out: &mut Diagnostics) -> Option<T> {
    if let Some(message) = no_content(text) {
        out.push(Diagnostic::error(file, Pos::START, message).hint(
            "write the fields this file needs; `noticeboard new <id>` makes a complete example",
        ));
        return None;
    }
    let mut unknown = Vec::new();
    let parsed = serde_saphyr::with_deserializer_from_str(text, |de| {
        serde_ignored::deserialize(de, |path| {
            if let Some(keys) = key_path(&path) {
                unknown.push(keys);
            }
        })
    });
    if !unknown.is_empty() {
        report_unknown(file, text, &unknown, parsed.is_ok(), out);
    }
    match parsed {
        Ok(_) if !escapes_allowed(file, text, out) => None,
        Ok(value) => Some(value),
        Err(error) => {
            out.push(yaml_error::diagnostic(file, text, &error));
            None
        }
    }
}

/// Reports every control character written as an escape (`"\f"`, `"\0"`)
/// at its value; true if there is none. Raw ones were refused on reading,
/// so only a file with a backslash needs the second, untyped parse.
fn escapes_allowed(file: &str, text: &str, out: &mut Diagnostics) -> bool {
    if !text.contains('\\') {
        return true;
    }
    let Some(tree) = tree::parse(text) else {
        return true;
    };
    let mut allowed = true;
    for (at, scalar) in tree::scalars(&tree) {
        if let Some(c) = scalar.chars().find(|c| *c == '\r' || text::forbidden(*c)) {
            allowed = false;
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "this value contains an invisible control character ({})",
                        text::describe(c)
                    ),
                )
                .hint("remove the escape (such as `\\f` or `\\0`) from the quoted text"),
            );
        }
    }
    allowed
}

/// Why a file has nothing to parse, if it has nothing: empty, or comments only.
fn no_content(text: &str) -> Option<&'static str> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    match lines.next() {
        None => Some("this file is empty"),
        Some(first) if first.starts_with('#') && lines.all(|l| l.starts_with('#')) => {
            Some("this file has only comments, no fields")
        }
        Some(_) => None,
    }
}

/// Reports unknown keys at their positions. After a failed parse, only keys
/// that can be located are reported (a broken file may not be locatable).
fn report_unknown(
    file: &str,
    text: &str,
    unknown: &[Vec<Key>],
    parsed: bool,
    out: &mut Diagnostics,
) {
    let tree = tree::parse(text);
    for keys in unknown {
        let at = tree.as_ref().and_then(|t| t.value.locate(keys));
        let Some(at) = at.or(parsed.then_some(Pos::START)) else {
            continue;
        };
        let name = keys.last().map(Key::to_string).unwrap_or_default();
        out.push(
            Diagnostic::error(file, at, format!("unknown field `{name}`"))
                .hint("check the spelling against docs/content-format.md, or remove the line"),
        );
    }
}

/// The keys staff wrote on the way to an ignored value, or `None` for
/// serde-saphyr's internal `Spanned` bookkeeping. `Spanned` adds a `value`
/// step between a key and its content, which is dropped here; the last step
/// is always kept, since it is the unknown key itself.
fn key_path(path: &serde_ignored::Path) -> Option<Vec<Key>> {
    let mut keys = Vec::new();
    collect(path, &mut keys);
    if keys.last() == Some(&Key::Name(SPANNED_MARKER.to_string())) {
        return None;
    }
    let last = keys.pop()?;
    keys.retain(|k| k != &Key::Name("value".to_string()));
    keys.push(last);
    Some(keys)
}

fn collect(path: &serde_ignored::Path, keys: &mut Vec<Key>) {
    use serde_ignored::Path;
    match path {
        Path::Root => {}
        Path::Seq { parent, index } => {
            collect(parent, keys);
            keys.push(Key::Index(*index));
        }
        Path::Map { parent, key } => {
            collect(parent, keys);
            keys.push(Key::Name(key.clone()));
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => collect(parent, keys),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::raw::SchoolEntry;

    #[test]
    fn every_unknown_key_is_reported_with_its_position() {
        let text = "id: a\nname:\n  en: A\n  zh-CN: 甲\ncampsu: x\ncontact:\n  persn: {en: B, zh-CN: 乙}\n";
        let mut out = Diagnostics::default();
        let school: Option<SchoolEntry> = parse("s.yaml", text, &mut out);
        assert!(school.is_some(), "{:?}", out.into_sorted());
        let found: Vec<String> = out.into_sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("s.yaml:5:1: error: unknown field `campsu`"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("s.yaml:7:3: error: unknown field `persn`"),
            "{found:?}"
        );
    }
}
