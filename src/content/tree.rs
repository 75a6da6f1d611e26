//! The shape of a YAML document with the position of every key and value.
//!
//! The typed parse stops at the first problem and reports only a position;
//! this untyped second parse (which succeeds whenever the YAML is well
//! formed) tells what is written there: which key a value belongs to, which
//! mapping lacks a field, where an unknown key was written. That is what
//! turns "invalid u32 at 9:11" into "`revision` must be a whole number".

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};

use super::raw::{S, pos};
use crate::diagnostic::Pos;

/// One step in a path to a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
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

/// A YAML node, positioned.
pub enum Node {
    Map(Vec<(S<String>, S<Node>)>),
    Seq(Vec<S<Node>>),
    /// The scalar as written (numbers and booleans re-printed).
    Scalar(String),
}

/// A value found at a position, with the key it belongs to.
pub struct Found<'a> {
    /// The key whose value this is (for a list item, the list's key);
    /// `None` for the document itself.
    pub key: Option<&'a str>,
    pub node: &'a Node,
}

/// A mapping found by one of its keys: where it starts and the key it sits under.
pub struct Mapping<'a> {
    pub start: Pos,
    pub key: Option<&'a str>,
    pub in_list: bool,
}

/// Parses `text` into a tree, or `None` if it is not well-formed YAML.
pub fn parse(text: &str) -> Option<S<Node>> {
    serde_saphyr::from_str(text).ok()
}

impl Node {
    /// A short description of what this node is, for "must be X, not Y".
    pub fn describe(&self) -> String {
        match self {
            Node::Map(_) => "a group of `key: value` lines".into(),
            Node::Seq(_) => "a list".into(),
            Node::Scalar(s) if s.is_empty() => "empty".into(),
            Node::Scalar(s) => format!("`{s}`"),
        }
    }

    /// Where the key at the end of `keys` was written.
    pub fn locate(&self, keys: &[Key]) -> Option<Pos> {
        let (first, rest) = keys.split_first()?;
        match (self, first) {
            (Node::Map(entries), Key::Name(name)) => {
                let (key, node) = entries.iter().find(|(k, _)| &k.value == name)?;
                if rest.is_empty() {
                    Some(pos(key))
                } else {
                    node.value.locate(rest)
                }
            }
            (Node::Seq(items), Key::Index(i)) => items.get(*i)?.value.locate(rest),
            _ => None,
        }
    }
}

/// Every scalar and key in the document with its position, in document
/// order.
pub fn scalars(root: &S<Node>) -> Vec<(Pos, &str)> {
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Node::Scalar(text) => found.push((pos(node), text.as_str())),
            Node::Seq(items) => stack.extend(items.iter().rev()),
            Node::Map(entries) => {
                for (key, value) in entries.iter().rev() {
                    stack.push(value);
                    found.push((pos(key), key.value.as_str()));
                }
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// The value written at `at`, or whose key is written there (errors from a
/// custom visitor are placed at the key), searching the whole document.
pub fn value_at(root: &S<Node>, at: Pos) -> Option<Found<'_>> {
    if pos(root) == at {
        return Some(Found {
            key: None,
            node: &root.value,
        });
    }
    value_below(&root.value, None, at)
}

fn value_below<'a>(node: &'a Node, key: Option<&'a str>, at: Pos) -> Option<Found<'a>> {
    let children: Vec<(Option<&str>, Option<Pos>, &S<Node>)> = match node {
        Node::Map(entries) => entries
            .iter()
            .map(|(k, v)| (Some(k.value.as_str()), Some(pos(k)), v))
            .collect(),
        Node::Seq(items) => items.iter().map(|v| (key, None, v)).collect(),
        Node::Scalar(_) => return None,
    };
    children.into_iter().find_map(|(key, key_pos, child)| {
        if pos(child) == at || key_pos == Some(at) {
            Some(Found {
                key,
                node: &child.value,
            })
        } else {
            value_below(&child.value, key, at)
        }
    })
}

/// The mapping that has a key written at `at` (serde-saphyr reports a
/// missing field at the last key of the mapping that lacks it).
pub fn mapping_with_key_at(root: &S<Node>, at: Pos) -> Option<Mapping<'_>> {
    mapping_below(root, None, false, at)
}

fn mapping_below<'a>(
    node: &'a S<Node>,
    key: Option<&'a str>,
    in_list: bool,
    at: Pos,
) -> Option<Mapping<'a>> {
    match &node.value {
        Node::Map(entries) => {
            if entries.iter().any(|(k, _)| pos(k) == at) {
                let start = entries.first().map(|(k, _)| pos(k)).unwrap_or(pos(node));
                return Some(Mapping {
                    start,
                    key,
                    in_list,
                });
            }
            entries
                .iter()
                .find_map(|(k, v)| mapping_below(v, Some(&k.value), false, at))
        }
        Node::Seq(items) => items.iter().find_map(|v| mapping_below(v, key, true, at)),
        Node::Scalar(_) => None,
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
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar(String::new()))
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar(String::new()))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}
