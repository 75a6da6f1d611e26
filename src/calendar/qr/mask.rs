//! Choosing a QR code's mask as ISO/IEC 18004 asks: of the eight mask
//! patterns, the one whose symbol scores the fewest penalty points for runs
//! of one colour, 2×2 blocks, finder-like patterns and dark/light balance.
//!
//! qrcodegen makes that choice by scoring each masked symbol module by
//! module, about 180 µs a code, and every school page carries a code: a
//! 1000-campaign archive draws 100,000. Here each row and each column of a
//! symbol is one 64-bit word and the rules are counted with shifts and bit
//! counts, about 15 µs a code. The rules are read exactly as qrcodegen's `get_penalty_score`
//! reads them (the quiet zone counts as light for finder-like patterns,
//! which may be 1:1:3:1:1 at any scale); the tests check that both draw the
//! same symbol, module for module, for every version this covers.

use std::sync::OnceLock;

use qrcodegen::{QrCode, QrCodeEcc};

/// The largest version handled: 57 modules a side, so a row fits in a
/// word. A feed address needs version 4 to 6; larger symbols are left to
/// qrcodegen's own choice.
const MAX_VERSION: u8 = 10;
const MAX_SIZE: usize = 4 * MAX_VERSION as usize + 17;

/// One row or column: bit `i` is module `i`, set when dark.
type Line = u64;
type Lines = [Line; MAX_SIZE];

/// The error correction levels, indexed by their two-bit code in the format
/// information (M 0, L 1, H 2, Q 3).
const LEVELS: [QrCodeEcc; 4] = [
    QrCodeEcc::Medium,
    QrCodeEcc::Low,
    QrCodeEcc::High,
    QrCodeEcc::Quartile,
];

/// `code` redrawn with the mask of lowest penalty, whichever mask it was
/// drawn with; `None` above version 10.
pub fn best(code: &QrCode) -> Option<Symbol> {
    let unmasked = Unmasked::read(code)?;
    let size = unmasked.layout.size;
    let (mut rows, mut cols) = ([0; MAX_SIZE], [0; MAX_SIZE]);
    let mask = (0..8)
        .min_by_key(|&mask| {
            unmasked.mask(mask, &mut rows, &mut cols);
            penalty(&rows[..size], &cols[..size], size)
        })
        .unwrap_or(0);
    unmasked.mask(mask, &mut rows, &mut cols);
    Some(Symbol { size, rows })
}

/// A finished symbol.
pub struct Symbol {
    size: usize,
    rows: Lines,
}

impl Symbol {
    /// Modules a side.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The runs of dark modules in row `y`, as (first column, length).
    pub fn runs(&self, y: usize) -> impl Iterator<Item = (usize, usize)> + use<> {
        let mut rest = self.rows[y];
        std::iter::from_fn(move || {
            if rest == 0 {
                return None;
            }
            let start = rest.trailing_zeros() as usize;
            let len = (!(rest >> start)).trailing_zeros() as usize;
            rest &= !(((1 << len) - 1) << start);
            Some((start, len))
        })
    }
}

/// A symbol with its mask and format information taken off, by rows and
/// by columns.
struct Unmasked {
    layout: &'static Layout,
    level: usize,
    rows: Lines,
    cols: Lines,
}

impl Unmasked {
    fn read(code: &QrCode) -> Option<Unmasked> {
        let version = code.version().value();
        if version > MAX_VERSION {
            return None;
        }
        let layout = Layout::of(version);
        let drawn = usize::from(code.mask().value());
        let size = layout.size;
        let (mut rows, mut cols) = lines(
            (0..size)
                .flat_map(|y| (0..size).map(move |x| (x, y)))
                .filter(|&(x, y)| code.get_module(x as i32, y as i32)),
        );
        for i in 0..layout.size {
            rows[i] = (rows[i] ^ layout.rows[drawn][i]) & !layout.format_rows[i];
            cols[i] = (cols[i] ^ layout.cols[drawn][i]) & !layout.format_cols[i];
        }
        let level = LEVELS
            .iter()
            .position(|&l| l == code.error_correction_level())?;
        Some(Unmasked {
            layout,
            level,
            rows,
            cols,
        })
    }

    /// Writes the symbol as it is with `mask` and the format information
    /// for it.
    fn mask(&self, mask: usize, rows: &mut Lines, cols: &mut Lines) {
        let l = self.layout;
        let format = &l.format[self.level][mask];
        for i in 0..l.size {
            rows[i] = self.rows[i] ^ l.rows[mask][i] | format.0[i];
            cols[i] = self.cols[i] ^ l.cols[mask][i] | format.1[i];
        }
    }
}

/// What is the same for every symbol of one version.
struct Layout {
    size: usize,
    /// Each mask's pattern, on the data modules only, by rows and columns.
    rows: [Lines; 8],
    cols: [Lines; 8],
    /// The modules of the format information (and the dark module beside
    /// them), by rows and columns.
    format_rows: Lines,
    format_cols: Lines,
    /// The dark ones among them for each level and mask.
    format: [[(Lines, Lines); 8]; 4],
}

impl Layout {
    fn of(version: u8) -> &'static Layout {
        static LAYOUTS: [OnceLock<Layout>; MAX_VERSION as usize] =
            [const { OnceLock::new() }; MAX_VERSION as usize];
        LAYOUTS[usize::from(version) - 1].get_or_init(|| Layout::new(version))
    }

    fn new(version: u8) -> Layout {
        let size = 4 * usize::from(version) + 17;
        let function = function_modules(version, size);
        let mut rows = [[0; MAX_SIZE]; 8];
        let mut cols = [[0; MAX_SIZE]; 8];
        for mask in 0..8 {
            let inverted = (0..size * size)
                .map(|i| (i % size, i / size))
                .filter(|&(x, y)| !function[y * size + x] && inverts(mask, x, y));
            (rows[mask], cols[mask]) = lines(inverted);
        }
        let (format_rows, format_cols) = lines(format_modules(size, u32::MAX));
        let format = std::array::from_fn(|level| {
            std::array::from_fn(|mask| {
                lines(format_modules(size, format_bits(level as u32, mask as u32)))
            })
        });
        Layout {
            size,
            rows,
            cols,
            format_rows,
            format_cols,
            format,
        }
    }
}

/// `(x, y)` modules as rows and columns.
fn lines(modules: impl Iterator<Item = (usize, usize)>) -> (Lines, Lines) {
    let (mut rows, mut cols) = ([0; MAX_SIZE], [0; MAX_SIZE]);
    for (x, y) in modules {
        rows[y] |= 1 << x;
        cols[x] |= 1 << y;
    }
    (rows, cols)
}

/// Whether mask pattern `mask` inverts the module at column `x`, row `y`.
fn inverts(mask: usize, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (x + y).is_multiple_of(3),
        4 => (x / 3 + y / 2).is_multiple_of(2),
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3).is_multiple_of(2),
        _ => ((x + y) % 2 + x * y % 3).is_multiple_of(2),
    }
}

/// Which modules the mask leaves alone: finder patterns with their
/// separators, timing patterns, alignment patterns, format and version
/// information.
fn function_modules(version: u8, size: usize) -> Vec<bool> {
    let mut function = vec![false; size * size];
    let mut mark = |x: usize, y: usize| function[y * size + x] = true;
    for i in 0..size {
        mark(6, i);
        mark(i, 6);
    }
    for a in 0..8 {
        for b in 0..8 {
            mark(a, b);
            mark(size - 1 - a, b);
            mark(a, size - 1 - b);
        }
    }
    let centers = alignment_centers(version, size);
    let last = centers.len().saturating_sub(1);
    for (i, &cx) in centers.iter().enumerate() {
        for (j, &cy) in centers.iter().enumerate() {
            if (i, j) == (0, 0) || (i, j) == (0, last) || (i, j) == (last, 0) {
                continue;
            }
            for y in cy - 2..=cy + 2 {
                for x in cx - 2..=cx + 2 {
                    mark(x, y);
                }
            }
        }
    }
    for (x, y) in format_modules(size, u32::MAX) {
        mark(x, y);
    }
    if version >= 7 {
        for i in 0..18 {
            let (a, b) = (size - 11 + i % 3, i / 3);
            mark(a, b);
            mark(b, a);
        }
    }
    function
}

/// The centres of the alignment patterns along either axis.
fn alignment_centers(version: u8, size: usize) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let count = usize::from(version) / 7 + 2;
    let step = (usize::from(version) * 4 + count * 2 + 1) / (count * 2 - 2) * 2;
    let mut centers: Vec<usize> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    centers.push(6);
    centers.reverse();
    centers
}

/// The 15 format bits: level and mask, a BCH code, and the fixed XOR.
fn format_bits(level: u32, mask: u32) -> u32 {
    let data = level << 3 | mask;
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    (data << 10 | rem) ^ 0x5412
}

/// The dark modules of both copies of `bits` (all 31 places with
/// `u32::MAX`), as `(x, y)`; the module at `(8, size - 8)` is always dark.
fn format_modules(size: usize, bits: u32) -> impl Iterator<Item = (usize, usize)> {
    let first = (0..15).map(|i| match i {
        0..6 => (8, i),
        6 => (8, 7),
        7 => (8, 8),
        8 => (7, 8),
        _ => (14 - i, 8),
    });
    let second = (0..15).map(move |i| match i {
        0..8 => (size - 1 - i, 8),
        _ => (8, size - 15 + i),
    });
    let dark = move |(i, place): (usize, (usize, usize))| (bits >> i & 1 == 1).then_some(place);
    first
        .enumerate()
        .filter_map(dark)
        .chain(second.enumerate().filter_map(dark))
        .chain(std::iter::once((8, size - 8)))
}

/// The four penalty rules over a masked symbol.
fn penalty(rows: &[Line], cols: &[Line], size: usize) -> i32 {
    let inside: Line = (1 << size) - 1;
    let lines: u32 = rows
        .iter()
        .chain(cols)
        .map(|&l| line(l, inside, size))
        .sum();
    // 2×2 blocks of one colour, 3 points each.
    let pairs = inside >> 1;
    let blocks: u32 = rows
        .windows(2)
        .map(|w| {
            let dark = w[0] & w[1];
            let light = !(w[0] | w[1]);
            (dark & dark >> 1 & pairs).count_ones() + (light & light >> 1 & pairs).count_ones()
        })
        .sum();
    // Balance: 10 points for each 5% step away from half dark.
    let dark: i32 = rows.iter().map(|r| r.count_ones() as i32).sum();
    let total = (size * size) as i32;
    let steps = ((dark * 20 - total * 10).abs() + total - 1) / total - 1;
    (lines + 3 * blocks) as i32 + 10 * steps
}

/// Runs of five or more modules of one colour (3 points, and 1 for each
/// further module) and finder-like patterns (40 points each) in one line.
fn line(dark: Line, inside: Line, size: usize) -> u32 {
    let light = !dark;
    // The runs of both colours, counted together: they never overlap.
    let (dark_fives, light_fives) = (run_of(dark, 5), run_of(light & inside, 5));
    let fives = dark_fives | light_fives;
    let starts = dark_fives & !(dark_fives << 1) | light_fives & !(light_fives << 1);
    let points = fives.count_ones() + 2 * starts.count_ones();
    let mut finders = 0;
    for n in 1..=size / 7 {
        // Scale 1, by far the commonest, is spelled out so that its shifts
        // are constants.
        let found = if n == 1 {
            finders_at(dark, light, 1)
        } else {
            finders_at(dark, light, n)
        };
        match found {
            Some(count) => finders += count,
            None => break,
        }
    }
    points + 40 * finders
}

/// Finder-like patterns at scale `n` (dark n, light n, dark 3n, light n,
/// dark n, with light 4n on one side and at least n on the other), counted
/// once for each side that has 4n; `None` when no dark run is 3n long, so
/// none is at any larger scale either. Beyond the line is light.
#[inline(always)]
fn finders_at(dark: Line, light: Line, n: usize) -> Option<u32> {
    let centre = run_of(dark, 3 * n);
    if centre == 0 {
        return None;
    }
    let (d, l) = (run_of(dark, n), light_run_of(light, n));
    let core = d & l >> n & centre >> (2 * n) & l >> (5 * n) & d >> (6 * n);
    if core == 0 {
        return Some(0);
    }
    let l4 = light_run_of(light, 4 * n);
    // Light `len` long just before bit `p`, and from `len` after it on.
    let before = |len: usize| light_run_of(light << len | ((1 << len) - 1), len);
    let after = |run: Line, len: usize| run >> len | !(Line::MAX >> len);
    Some(
        (core & before(n) & after(l4, 7 * n)).count_ones()
            + (core & before(4 * n) & after(l, 7 * n)).count_ones(),
    )
}

/// The bits `p` where `line` has `len` set bits from `p` up.
#[inline(always)]
fn run_of(line: Line, len: usize) -> Line {
    runs(line, len, 0)
}

/// [`run_of`] for light modules, with light beyond the word's top.
#[inline(always)]
fn light_run_of(line: Line, len: usize) -> Line {
    runs(line, len, Line::MAX)
}

#[inline(always)]
fn runs(mut line: Line, len: usize, beyond: Line) -> Line {
    let mut have = 1;
    while have * 2 <= len {
        line &= line >> have | (beyond & !(Line::MAX >> have));
        have *= 2;
    }
    if have < len {
        line &= line >> (len - have) | (beyond & !(Line::MAX >> (len - have)));
    }
    line
}

#[cfg(test)]
mod tests {
    use qrcodegen::{Mask, QrCodeEcc, QrSegment, Version};

    use super::*;

    /// Deterministic text of `len` printable ASCII characters.
    fn text(seed: u64, len: usize) -> String {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        (0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                char::from(b' ' + (state >> 33) as u8 % 95)
            })
            .collect()
    }

    fn encode(text: &str, ecl: QrCodeEcc, mask: Option<Mask>) -> QrCode {
        let segments = QrSegment::make_segments(text);
        QrCode::encode_segments_advanced(&segments, ecl, Version::MIN, Version::MAX, mask, false)
            .expect("fits")
    }

    #[test]
    fn draws_the_symbol_qrcodegen_draws() {
        let levels = [
            QrCodeEcc::Low,
            QrCodeEcc::Medium,
            QrCodeEcc::Quartile,
            QrCodeEcc::High,
        ];
        let mut versions = std::collections::BTreeSet::new();
        let mut masks = std::collections::BTreeSet::new();
        for seed in 0..240u64 {
            let ecl = levels[seed as usize % 4];
            let text = text(seed, 1 + (seed as usize * 7) % 180);
            let reference = encode(&text, ecl, None);
            if reference.version().value() > MAX_VERSION {
                assert!(best(&reference).is_none());
                continue;
            }
            versions.insert(reference.version().value());
            masks.insert(reference.mask().value());
            for drawn in [0, seed as u8 % 8] {
                let code = encode(&text, ecl, Some(Mask::new(drawn)));
                let symbol = best(&code).expect("small enough");
                let size = reference.size() as usize;
                assert_eq!(symbol.size(), size);
                // The symbol's runs, against runs read off qrcodegen's modules.
                let differ = (0..size).find(|&y| {
                    let dark = |x| reference.get_module(x as i32, y as i32);
                    let mut runs = Vec::new();
                    let mut x = 0;
                    while x < size {
                        let start = x;
                        while x < size && dark(x) {
                            x += 1;
                        }
                        if x > start {
                            runs.push((start, x - start));
                        }
                        x += 1;
                    }
                    symbol.runs(y).collect::<Vec<_>>() != runs
                });
                assert_eq!(
                    differ,
                    None,
                    "text {text:?} at {ecl:?}, version {}, drawn with mask {drawn}, qrcodegen chose mask {}",
                    code.version().value(),
                    reference.mask().value()
                );
            }
        }
        assert_eq!(versions.len(), usize::from(MAX_VERSION), "{versions:?}");
        assert_eq!(masks.len(), 8, "{masks:?}");
    }

    /// The function patterns, masks and format bits here are qrcodegen's,
    /// module for module, in every version and for every mask.
    #[test]
    fn remasking_gives_the_symbol_qrcodegen_draws() {
        // Byte-mode capacities at level L: 17 bytes in version 1, 271 in 10.
        let lengths = [10, 25, 45, 70, 100, 125, 150, 180, 220, 260];
        for (version, len) in (1..=MAX_VERSION).zip(lengths) {
            let text = text(u64::from(version), len);
            let drawn = encode(&text, QrCodeEcc::Low, Some(Mask::new(3)));
            assert_eq!(drawn.version().value(), version);
            let unmasked = Unmasked::read(&drawn).expect("small enough");
            for mask in 0..8 {
                let reference = encode(&text, QrCodeEcc::Low, Some(Mask::new(mask)));
                let (mut rows, mut cols) = ([0; MAX_SIZE], [0; MAX_SIZE]);
                unmasked.mask(usize::from(mask), &mut rows, &mut cols);
                let size = unmasked.layout.size;
                for (x, y) in (0..size).flat_map(|y| (0..size).map(move |x| (x, y))) {
                    let dark = reference.get_module(x as i32, y as i32);
                    let at = format!("v{version} mask {mask} ({x}, {y})");
                    assert_eq!(rows[y] >> x & 1 == 1, dark, "{at}");
                    assert_eq!(cols[x] >> y & 1 == 1, dark, "{at}");
                }
            }
        }
    }

    #[test]
    fn leaves_large_symbols_to_qrcodegen() {
        let code = encode(&text(1, 400), QrCodeEcc::Medium, None);
        assert!(code.version().value() > MAX_VERSION);
        assert!(best(&code).is_none());
    }

    #[test]
    fn runs_are_found_at_every_length() {
        for seed in 0..64u64 {
            let line: Line = text(seed, 64)
                .bytes()
                .fold(0, |l, b| l << 1 | Line::from(b % 4 != 0));
            for len in 1..=40 {
                // Bits from 64 up are clear for dark runs and set for light.
                let naive = |beyond: bool| {
                    (0..64)
                        .filter(|&p| {
                            (p..p + len).all(|i| if i < 64 { line >> i & 1 == 1 } else { beyond })
                        })
                        .fold(0, |m: Line, p| m | 1 << p)
                };
                assert_eq!(run_of(line, len), naive(false), "{line:b}, {len}");
                assert_eq!(light_run_of(line, len), naive(true), "{line:b}, {len}");
            }
        }
    }
}
