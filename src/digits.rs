//! Numbers written as fixed-width decimal digits, for the dates and times
//! that calendars, the publication record and the JSON export write by the
//! thousand: chrono's `format` parses its pattern again for every value.

/// The last `width` decimal digits of `n`, zero-padded.
pub fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}
