//! The encodings staff's text files come in. Markdown and YAML are UTF-8
//! (every editor writes it), but a CSV file saved by Excel on Chinese
//! Windows is GBK, or UTF-16 or UTF-8 with a byte-order mark. Both the
//! sheet loader and the diagnostic report (which quotes the line a
//! mistake is on) read CSV files the same way, through this.

/// A CSV file's text: UTF-8, with or without a byte-order mark, UTF-16
/// with one (Excel's "Unicode text"), or else GBK, which Excel on Chinese
/// Windows writes for "CSV (逗号分隔)". `None` for bytes that are none of
/// these.
pub fn csv_text(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|text| text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    encoding_rs::GBK
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}
