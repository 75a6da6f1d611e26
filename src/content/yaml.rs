//! Reading one YAML file into its raw struct, with every problem located.
//!
//! serde-saphyr reports syntax and type errors with line and column; it
//! stops at the first one, which is fine, since a broken file cannot be read
//! further. Unknown keys are different: they are common typos, so they are
//! collected with `serde_ignored` (all of them, not just the first) and
//! located by looking their path up in a second, key-only parse.

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, UserMessageFormatter};

use super::raw::{S, pos};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};

/// Marker key serde-saphyr uses inside `Spanned`; paths through it are not
/// keys staff wrote.
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

/// Parses `text` (the contents of `file`) into `T`. Unknown keys are reported
/// as errors but do not stop the parse.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, out: &mut Diagnostics) -> Option<T> {
    if text.trim().is_empty() {
        out.push(
            Diagnostic::error(file, Pos::START, "this file is empty").hint(
                "write the fields this file needs; `noticeboard new <id>` makes a complete example",
            ),
        );
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
    match parsed {
        Ok(value) => {
            if !unknown.is_empty() {
                let tree: Option<Node> = serde_saphyr::from_str(text).ok();
                for keys in unknown {
                    let at = tree
                        .as_ref()
                        .and_then(|t| t.locate(&keys))
                        .unwrap_or(Pos::START);
                    let name = keys.last().map(Key::to_string).unwrap_or_default();
                    out.push(
                        Diagnostic::error(file, at, format!("unknown field `{name}`")).hint(
                            "check the spelling against docs/content-format.md, or remove the line",
                        ),
                    );
                }
            }
            Some(value)
        }
        Err(error) => {
            out.push(syntax_error(file, &error));
            None
        }
    }
}

/// Turns a serde-saphyr error into a diagnostic with a plain message.
fn syntax_error(file: &str, error: &serde_saphyr::Error) -> Diagnostic {
    let at = error
        .location()
        .map(|l| Pos::new(l.line(), l.column()))
        .unwrap_or(Pos::START);
    let message = UserMessageFormatter
        .format_message(error.without_snippet())
        .into_owned();
    let hint = if message.contains("missing field") {
        "add the field; docs/content-format.md lists every field and whether it is required"
    } else if message.contains("duplicate") {
        "each key may appear only once in a mapping: remove or rename one"
    } else if message.starts_with("invalid type") || message.starts_with("expected") {
        "this value has the wrong shape: compare it with the example in docs/content-format.md"
    } else {
        "YAML is sensitive to indentation and to `:` in text; put text containing `: ` in quotes"
    };
    Diagnostic::error(file, at, message).hint(hint)
}

/// One step in a path to a key.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    Name(String),
    Index(usize),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Name(n) => f.write_str(n),
            Key::Index(i) => write!(f, "{i}"),
        }
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

/// The shape of a YAML document with the position of every key: enough to
/// find where an unknown key was written.
enum Node {
    Map(Vec<(S<String>, Node)>),
    Seq(Vec<Node>),
    Scalar,
}

impl Node {
    fn locate(&self, keys: &[Key]) -> Option<Pos> {
        let (first, rest) = keys.split_first()?;
        match (self, first) {
            (Node::Map(entries), Key::Name(name)) => {
                let (key, node) = entries.iter().find(|(k, _)| &k.value == name)?;
                if rest.is_empty() {
                    Some(pos(key))
                } else {
                    node.locate(rest)
                }
            }
            (Node::Seq(items), Key::Index(i)) => items.get(*i)?.locate(rest),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<S<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Node::Map(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
        }
        deserializer.deserialize_any(NodeVisitor)
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
