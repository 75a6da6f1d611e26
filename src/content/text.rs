//! Reading a source file as text: UTF-8, and free of control characters.
//!
//! A control character (a form feed, a NUL, an escape) is invisible in an
//! editor, yet it makes the Atom feed ill-formed XML, which feed readers
//! reject whole, and has no business in a web page or a calendar. They
//! usually arrive pasted from a PDF or a word processor, so each one is
//! reported where it is, in the file as written. Those written as YAML
//! escapes (`"\f"`) are found after parsing, by [`super::yaml`].

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos, display_path};

/// At most this many control characters are reported per file: one is
/// enough to find the paste they came with.
const REPORTED: usize = 5;

/// Reads a file as UTF-8 without control characters, reporting where the
/// first invalid byte is, or where each control character is. CR LF line
/// ends (a Windows editor's) are read as LF.
pub(super) fn read_text(root: &Path, path: &Path, out: &mut Diagnostics) -> Option<String> {
    let file = display_path(root, path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            out.push(
                Diagnostic::error(file, Pos::START, format!("cannot read this file: {e}"))
                    .hint("check that the file exists and that you may read it"),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = (text.strip_prefix('\u{feff}').map(str::to_owned)).unwrap_or(text);
            let text = crate::encoding::lf_lines(text);
            check_characters(&file, &text, out).then_some(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() as u64 + 1;
            let column = valid.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
            out.push(
                Diagnostic::error(file, Pos::new(line, column), "this file is not valid UTF-8 text")
                    .hint("save it again as UTF-8 (in Notepad: Save As, Encoding: UTF-8; GBK/GB2312 is not accepted)"),
            );
            None
        }
    }
}

/// Whether `c` may not appear in a text: a control character other than
/// tab and line breaks, or one of the two code points XML forbids.
pub fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// The code point as staff can look it up: `U+000C`.
pub fn describe(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Reports every forbidden character in `text` (up to [`REPORTED`]) at its
/// position; true if there was none.
fn check_characters(file: &str, text: &str, out: &mut Diagnostics) -> bool {
    let found: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| forbidden(*c)).collect();
    for (offset, c) in found.iter().take(REPORTED) {
        out.push(
            Diagnostic::error(
                file,
                Pos::of_offset(text, *offset),
                format!(
                    "this file contains an invisible control character ({})",
                    describe(*c)
                ),
            )
            .hint("delete it: retype the text around it, or paste it again as plain text"),
        );
    }
    found.is_empty()
}
