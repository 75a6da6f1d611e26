//! serde-saphyr's errors, reworded for office staff.
//!
//! The parser speaks of "block mappings", "scalars" and "u32"; staff need to
//! know which field is wrong and what to write instead. Syntax errors are
//! matched by their (stable) wording to a plain sentence and a fix; type
//! errors name the field and say what it must be, using the untyped
//! [`tree`] to find what was written there. Anything not recognised keeps
//! serde-saphyr's own user-facing message.

use std::borrow::Cow;

use serde_saphyr::{Error, MessageFormatter, UserMessageFormatter};

use super::tree::{self, Node};
use crate::diagnostic::{Diagnostic, Pos};

const SYNTAX_HINT: &str =
    "YAML is sensitive to indentation and to `:` in text; put text containing `: ` in quotes";

/// A parse failure of `text` (the contents of `file`) as a diagnostic.
pub fn diagnostic(file: &str, text: &str, error: &Error) -> Diagnostic {
    let error = innermost(error);
    let at = error
        .location()
        .map(|l| Pos::new(l.line(), l.column()))
        .unwrap_or(Pos::START);
    let (at, message, hint) = explain(text, error, at);
    Diagnostic::error(file, at, message).hint(hint)
}

/// The error itself, without snippet or alias wrappers.
fn innermost(error: &Error) -> &Error {
    match error.without_snippet() {
        Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

fn explain(text: &str, error: &Error, at: Pos) -> (Pos, String, Cow<'static, str>) {
    let shape = |expected: Shape| wrong_shape(text, at, expected);
    match error {
        Error::ExternalMessage { msg, .. } => match unclosed_quote(text, msg, at) {
            Some(opening) => (
                opening,
                "this quoted text is not closed on its line".into(),
                "add the closing quote at the end of the text".into(),
            ),
            None => {
                let (message, hint) = syntax(msg);
                (first_tab(text, at).unwrap_or(at), message, hint.into())
            }
        },
        Error::SerdeMissingField { field, .. } => missing_field(text, at, field),
        Error::Unexpected { expected, .. } => shape(Shape::from_expected(expected)),
        Error::SerdeInvalidType { expected, .. } => shape(Shape::from_expected(expected)),
        Error::NullIntoString { .. } => shape(Shape::Single),
        Error::InvalidScalar { ty, .. } => shape(Shape::from_scalar(ty)),
        Error::DuplicateMappingKey { key, .. } => (
            at,
            match key {
                Some(k) => format!("`{k}` is written twice here"),
                None => "a key is written twice here".into(),
            },
            "each key may appear only once in a group: remove or rename one".into(),
        ),
        Error::UnknownAnchor { .. } => {
            let name = word_at(text, at).trim_start_matches('*');
            (
                at,
                format!("`*{name}` refers to an anchor `&{name}` that is not defined above it"),
                "define the anchor with `&name` before using it, or write the value out".into(),
            )
        }
        Error::Eof { .. } => (
            at,
            "the file ends in the middle of a value".into(),
            "a quote, `[` or `{` is probably not closed".into(),
        ),
        other => (
            at,
            UserMessageFormatter.format_message(other).into_owned(),
            SYNTAX_HINT.into(),
        ),
    }
}

/// What a field should have held, in the words of the file format.
#[derive(Clone, Copy)]
enum Shape {
    Group,
    List,
    Single,
    PerLanguage,
    WholeNumber,
    Number,
    Bool,
}

impl Shape {
    /// From serde-saphyr's `expected` ("mapping start") or a visitor's
    /// `expecting` ("one text per language", "a sequence", "struct X").
    fn from_expected(expected: &str) -> Shape {
        if expected.contains("per language") {
            Shape::PerLanguage
        } else if expected.contains("sequence") {
            Shape::List
        } else if expected.contains("mapping") || expected.contains("struct") {
            Shape::Group
        } else {
            Shape::Single
        }
    }

    /// From the Rust type a scalar did not parse as.
    fn from_scalar(ty: &str) -> Shape {
        match ty {
            "bool" => Shape::Bool,
            "f32" | "f64" => Shape::Number,
            _ => Shape::WholeNumber,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Shape::Group => "a group of `key: value` lines",
            Shape::List => "a list",
            Shape::Single => "a single value",
            Shape::PerLanguage => "one text per language",
            Shape::WholeNumber => "a whole number (0, 1, 2, …)",
            Shape::Number => "a number",
            Shape::Bool => "`true` or `false`",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Shape::Group => "write its fields on the lines below it, indented by two more spaces",
            Shape::List => "write a list: `[a, b]` on one line, or one `- item` per line below it",
            Shape::Single => "write one value here, not a list or a group",
            Shape::PerLanguage => {
                "write one line per language below the field, e.g. `zh-CN: 通知` and `en: Notice`"
            }
            Shape::WholeNumber | Shape::Number => {
                "write the number alone, without quotes, units or a minus sign"
            }
            Shape::Bool => "write `true` or `false`",
        }
    }

    /// Whether to quote what was written: numbers staff typed as numbers
    /// may come back re-printed (`1e20`), so those are left to the snippet.
    fn shows_written(self) -> bool {
        !matches!(self, Shape::WholeNumber | Shape::Number | Shape::Bool)
    }
}

/// Where an unclosed quote was opened. A quote left open runs on to the
/// next quote character, often lines later, where the parser complains about
/// "trailing content"; the mistake is at the quote that opened the text, if
/// that is on an earlier line.
fn unclosed_quote(text: &str, msg: &str, at: Pos) -> Option<Pos> {
    if !msg.contains("trailing content after") {
        return None;
    }
    let closing = text[..at.offset_in(text)?].trim_end();
    let quote = closing.chars().last().filter(|c| matches!(c, '"' | '\''))?;
    let body = &closing[..closing.len() - 1];
    let opening = body.rfind(quote)?;
    body[opening..]
        .contains('\n')
        .then(|| Pos::of_offset(text, opening))
}

/// The first tab in the indentation of the line at `at`: the parser reports
/// a tab where it stopped reading, after it, but the tab is the mistake.
fn first_tab(text: &str, at: Pos) -> Option<Pos> {
    let line_start = Pos::new(at.line.into(), 1).offset_in(text)?;
    let indent = text[line_start..]
        .split(|c: char| !c.is_whitespace() || c == '\n')
        .next()?;
    let tab = indent.find('\t')?;
    Some(Pos::of_offset(text, line_start + tab))
}

/// The word written at `at`, up to a space or YAML punctuation.
fn word_at(text: &str, at: Pos) -> &str {
    let start = at.offset_in(text).unwrap_or(text.len());
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The parser's syntax messages that staff meet, in plain words.
fn syntax(msg: &str) -> (String, &'static str) {
    const PLAIN: &[(&str, &str, &str)] = &[
        (
            "expected ',' or '}'",
            "a `{ … }` is not closed, or its entries are not separated by `,`",
            "close the `{` with `}` on the same line; put texts containing `,` `{` `}` or `: ` in quotes",
        ),
        (
            "expected ',' or ']'",
            "a `[ … ]` list is not closed, or its items are not separated by `,`",
            "close the `[` with `]` on the same line; put items containing `,` or `: ` in quotes",
        ),
        (
            "mapping values are not allowed",
            "a text contains `: `, which YAML reads as a new field",
            "put the whole text in quotes, e.g. `en: \"Note: bring your ID card\"`",
        ),
        (
            "illegal placement of ':'",
            "unexpected `:` here",
            "is a `[` or `{` on a line above not closed? Otherwise put the text in quotes",
        ),
        (
            "tab",
            "a tab is used for indentation",
            "YAML indentation must be spaces: replace the tab with spaces, two per level",
        ),
        (
            "did not find expected key",
            "this line is indented differently from the lines around it",
            "fields of one group start in the same column; indent with spaces, two per level",
        ),
        (
            "did not find expected '-' indicator",
            "this line does not line up with the list it is in",
            "each list item starts with `- ` in the same column as the others",
        ),
        (
            "expected ':'",
            "a `:` is missing after the field name",
            "write `field: value`, with a space after the colon",
        ),
        (
            "unclosed quote",
            "a quoted text is not closed",
            "add the closing quote; inside '…' write '' for a single quote",
        ),
        (
            "end of stream while scanning a quoted",
            "a quoted text is not closed",
            "add the closing quote; inside '…' write '' for a single quote",
        ),
        (
            "trailing content after",
            "there is text after a closing quote",
            "a quoted text must be the whole value: check for a missing or extra quote",
        ),
        (
            "unexpected character",
            "a value starts with a character YAML reserves (such as `@` or a backtick)",
            "put the text in quotes",
        ),
    ];
    PLAIN
        .iter()
        .find(|(needle, _, _)| msg.contains(needle))
        .map(|(_, message, hint)| (message.to_string(), *hint))
        .unwrap_or_else(|| (format!("this is not valid YAML: {msg}"), SYNTAX_HINT))
}

/// "`published` must be a single value, not a list", naming the field and
/// what was written, when the tree can tell.
fn wrong_shape(text: &str, at: Pos, expected: Shape) -> (Pos, String, Cow<'static, str>) {
    let root = tree::parse(text);
    let found = root.as_ref().and_then(|r| tree::value_at(r, at));
    let noun = expected.noun();
    let Some(found) = found else {
        return (at, format!("expected {noun} here"), expected.hint().into());
    };
    let Some(key) = found.key else {
        let message = format!("this file must be {noun}, not {}", found.node.describe());
        let hint =
            "the file is made of `field: value` lines: compare it with docs/content-format.md";
        return (at, message, hint.into());
    };
    if let (Node::Scalar(s), Some(comma)) = (found.node, split_by_comma(text, at, key))
        && s.is_empty()
    {
        let message = format!(
            "a comma inside `{{ … }}` ends the text before it: `{key}` was read as a field of its own"
        );
        let hint = "put the whole text in quotes, e.g. `en: \"South Campus, morning\"`";
        return (comma, message, hint.into());
    }
    let (message, hint) = match found.node {
        Node::Scalar(s) if s.is_empty() => (
            format!("`{key}` is empty: it must be {noun}"),
            "write the value after the `:`, or remove the line if the field is optional",
        ),
        node if expected.shows_written() => (
            format!("`{key}` must be {noun}, not {}", node.describe()),
            expected.hint(),
        ),
        _ => (format!("`{key}` must be {noun}"), expected.hint()),
    };
    (at, message, hint.into())
}

/// Where the comma is that made `key` a field of its own, when `key` on
/// the line at `at` follows a comma inside `{ … }` (an unquoted comma in a
/// text written inline: `{zh-CN: …, en: South Campus, morning}`).
fn split_by_comma(text: &str, at: Pos, key: &str) -> Option<Pos> {
    let line_start = Pos::new(u64::from(at.line), 1).offset_in(text)?;
    let line = text[line_start..].lines().next()?;
    let brace = line.find('{')?;
    let key_at = brace + line[brace..].find(&format!(", {key}"))?;
    Some(Pos::of_offset(text, line_start + key_at))
}

/// A missing required field, placed at the start of the mapping that lacks
/// it (serde-saphyr points at that mapping's last key, or the end of the file).
fn missing_field(text: &str, at: Pos, field: &str) -> (Pos, String, Cow<'static, str>) {
    let root = tree::parse(text);
    let mapping = root.as_ref().and_then(|r| tree::mapping_with_key_at(r, at));
    let (at, message) = match mapping {
        Some(m) => {
            let place = match (m.key, m.in_list) {
                (Some(key), true) => format!(" from this entry of `{key}`"),
                (Some(key), false) => format!(" from `{key}`"),
                (None, _) => String::new(),
            };
            (
                m.start,
                format!("required field `{field}` is missing{place}"),
            )
        }
        None => (Pos::START, format!("required field `{field}` is missing")),
    };
    let hint = "add the field; docs/content-format.md lists every field and whether it is required";
    (at, message, hint.into())
}
