//! The few fixed words calendar entries need, per language.
//!
//! TEMPORARY TABLE: this is the one place calendar wording lives until the
//! UI strings move to Fluent files (`locales/<lang>/calendar.ftl`); then
//! [`word`] should read those instead and this table goes away. Languages
//! without an entry get English.

/// A fixed word or phrase. Phrases with a value carry `{}` where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// Prefix of a cancelled session's title.
    Cancelled,
    /// `{}` is the time to arrive by.
    ArriveBy,
    /// Heading of the documents to bring.
    Bring,
    /// Heading of the other requirements (attire, conduct...).
    Requirements,
    /// Heading of a session's time ranges.
    Times,
    /// Heading of the schools' slots in a session.
    Slots,
    /// Heading of the link to the notice page.
    Details,
    /// Between items of a short list (school names, time ranges).
    Comma,
    /// Between longer items (venues with their addresses).
    Semicolon,
    /// `{}` is an aside: an address, an arrival time.
    Aside,
}

pub fn word(lang: &str, w: Word) -> &'static str {
    let zh = lang.split('-').next() == Some("zh");
    match (w, zh) {
        (Word::Cancelled, true) => "【已取消】",
        (Word::Cancelled, false) => "[Cancelled] ",
        (Word::ArriveBy, true) => "请于 {} 前到场",
        (Word::ArriveBy, false) => "Arrive by {}",
        (Word::Bring, true) => "请携带：",
        (Word::Bring, false) => "Bring:",
        (Word::Requirements, true) => "注意事项：",
        (Word::Requirements, false) => "Requirements:",
        (Word::Times, true) => "时间：",
        (Word::Times, false) => "Times: ",
        (Word::Slots, true) => "各单位时段：",
        (Word::Slots, false) => "Slots:",
        (Word::Details, true) => "详情：",
        (Word::Details, false) => "Details: ",
        (Word::Comma, true) => "、",
        (Word::Comma, false) => ", ",
        (Word::Semicolon, true) => "；",
        (Word::Semicolon, false) => "; ",
        (Word::Aside, true) => "（{}）",
        (Word::Aside, false) => " ({})",
    }
}

/// A phrase with its value filled in.
pub fn phrase(lang: &str, w: Word, value: &str) -> String {
    word(lang, w).replacen("{}", value, 1)
}
