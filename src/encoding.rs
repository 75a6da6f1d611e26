//! The encodings staff's text files come in. Markdown and YAML are UTF-8
//! (every editor writes it), but a CSV file saved by Excel on Chinese
//! Windows is GBK, or UTF-16 or UTF-8 with a byte-order mark. Both the
//! sheet loader and the diagnostic report (which quotes the line a
//! mistake is on) read CSV files the same way, through this.
//!
//! Windows editors (and Git on Windows, with `core.autocrlf`) end lines
//! with CR LF; every text is read with LF line ends ([`lf_lines`]).

/// A CSV file's text: UTF-8, with or without a byte-order mark, UTF-16
/// with one (Excel's "Unicode text"), or else GBK, which Excel on Chinese
/// Windows writes for "CSV (逗号分隔)". `None` for bytes that are none of
/// these.
pub fn csv_text(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|text| lf_lines(text.into_owned()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(lf_lines(text.to_string()));
    }
    encoding_rs::GBK
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| lf_lines(text.into_owned()))
}

/// `text` with its CR LF line ends made LF, as Unix editors save it, so a
/// file saved on Windows gives the same pages and feeds, with no CR in
/// them, and the same diagnostics: the CR is the last character of its
/// line, so no line or column before it moves. A lone CR is left alone.
pub fn lf_lines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_line_ends_become_unix_ones() {
        assert_eq!(lf_lines("a: 1\r\nb: 2\r\n".into()), "a: 1\nb: 2\n");
        assert_eq!(lf_lines("a\rb\n".into()), "a\rb\n");
        assert_eq!(csv_text(b"x,y\r\n1,2\r\n").as_deref(), Some("x,y\n1,2\n"));
    }
}
