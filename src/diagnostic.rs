//! Diagnostics: what went wrong, where, and what to do about it.
//!
//! Office staff read these, so every diagnostic names a file, a 1-based line
//! and column (counted in characters, so Chinese text does not shift it), a
//! short message and a hint. They are collected, never thrown: every stage
//! pushes into a [`Diagnostics`] list and the caller decides whether errors
//! stop the pipeline, so one run reports every problem at once.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

/// How bad a problem is: errors stop `check` and `build`, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Not a problem: something `check` tells staff, such as the facts a
    /// notice leaves to be announced.
    Note,
}

/// A position in a source file; line and column are 1-based, column in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, column: 1 };

    pub fn new(line: u64, column: u64) -> Pos {
        let clamp = |n: u64| u32::try_from(n.max(1)).unwrap_or(u32::MAX);
        Pos {
            line: clamp(line),
            column: clamp(column),
        }
    }

    /// The position of byte `offset` in `source` (which must be a character
    /// boundary), for errors found by scanning the text.
    pub fn of_offset(source: &str, offset: usize) -> Pos {
        let before = &source[..offset.min(source.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Pos::new(line as u64, column as u64)
    }

    /// The byte offset of this position in `source`: the end of the line if
    /// the column is past it, `None` if the line is past the end.
    pub fn offset_in(self, source: &str) -> Option<usize> {
        let mut line_start = 0;
        for _ in 1..self.line {
            line_start += source[line_start..].find('\n')? + 1;
        }
        let line = source[line_start..].split('\n').next().unwrap_or("");
        let within = line
            .char_indices()
            .nth(self.column.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i);
        Some(line_start + within)
    }
}

/// One problem found in the site's sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators, as staff see it.
    pub file: String,
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            pos,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn note(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column: message`, the one-line form tests and editors match on.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.pos.line, self.pos.column)
    }

    /// The diagnostic as one line of JSON (`check --format json`, described
    /// in docs/cli.md): `severity`, `file` (relative to the site folder,
    /// with `/` whatever the system, as CI annotations want it), 1-based
    /// `line` and `column` (in characters), `message`, and `hint` when
    /// there is one.
    pub fn json_line(&self) -> String {
        #[derive(serde::Serialize)]
        struct Line<'a> {
            severity: &'static str,
            file: &'a str,
            line: u32,
            column: u32,
            message: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            hint: Option<&'a str>,
        }
        let line = Line {
            severity: self.severity.name(),
            file: &self.file,
            line: self.pos.line,
            column: self.pos.column,
            message: &self.message,
            hint: self.hint.as_deref(),
        };
        // Strings and numbers only: serializing cannot fail.
        serde_json::to_string(&line).unwrap_or_default()
    }
}

impl Severity {
    /// `error`, `warning` or `note`, as the report writes it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = self.severity.name();
        write!(f, "{}: {level}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds a problem, unless the same one is already there: a body rendered
    /// once per school finds its mistake once per school, but it is one
    /// mistake, and the counts in the summary must match what is printed.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if !self.items.contains(&diagnostic) {
            self.items.push(diagnostic);
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for diagnostic in other.items {
            self.push(diagnostic);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn note_count(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorted by file, then position, so output is stable whatever order
    /// files were read in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.pos, a.severity, &a.message).cmp(&(&b.file, b.pos, b.severity, &b.message))
        });
        // The same mistake met on many pages (a theme template's) is
        // reported once, with the first hint.
        self.items.dedup_by(|a, b| {
            (&a.file, a.pos, a.severity, &a.message) == (&b.file, b.pos, b.severity, &b.message)
        });
        self.items
    }
}

/// Renders diagnostics rustc-style, with the offending source line and a
/// caret under the column. Column markers are placed by annotate-snippets,
/// which measures display width, so CJK characters (two cells wide) keep the
/// caret under the right character.
pub struct Report<'a> {
    pub root: &'a Path,
    pub color: bool,
}

impl Report<'_> {
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let source = self.source(&diagnostic.file);
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let title = level.primary_title(&diagnostic.message);
        let path = native_path(&diagnostic.file);
        let mut group = match source.as_deref().and_then(|s| line_span(s, diagnostic.pos)) {
            Some((text, line_start, span)) => title.element(
                Snippet::source(text)
                    .line_start(line_start)
                    .path(&*path)
                    .annotation(AnnotationKind::Primary.span(span)),
            ),
            None => title.element(
                annotate_snippets::Origin::path(&*path)
                    .line(diagnostic.pos.line as usize)
                    .char_column(diagnostic.pos.column as usize),
            ),
        };
        if let Some(hint) = &diagnostic.hint {
            group = group.element(Level::HELP.message(hint));
        }
        let renderer = if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

impl Report<'_> {
    /// The text of `file` to quote from: only an ordinary file inside the
    /// site folder, so a diagnostic about a refused link or named pipe
    /// neither prints a file from elsewhere nor waits forever.
    fn source(&self, file: &str) -> Option<String> {
        let inside = self.root.canonicalize().ok()?;
        let path = self.root.join(file).canonicalize().ok()?;
        let ordinary = path.starts_with(&inside) && path.metadata().ok()?.is_file();
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let bytes = std::fs::read(ordinary.then_some(path)?).ok()?;
        if csv {
            // Read as the sheet loader reads it, so a GBK line is quoted
            // as staff typed it.
            return crate::encoding::csv_text(&bytes);
        }
        String::from_utf8(bytes).ok()
    }
}

/// The source line at `pos` and the byte span of the character at its column
/// (or the end of line, if the column is past it).
fn line_span(source: &str, pos: Pos) -> Option<(&str, usize, std::ops::Range<usize>)> {
    let line = source.lines().nth(pos.line.checked_sub(1)? as usize)?;
    let mut chars = line
        .char_indices()
        .skip(pos.column.saturating_sub(1) as usize);
    let span = match chars.next() {
        Some((start, c)) => start..start + c.len_utf8(),
        None => line.len()..line.len(),
    };
    Some((line, pos.line as usize, span))
}

/// A diagnostic's `file` (relative, `/`-separated) as the system writes
/// paths, as staff would type or paste it there: `content\x\campaign.yaml`
/// on Windows.
pub fn native_path(file: &str) -> std::borrow::Cow<'_, str> {
    with_separator(file, std::path::MAIN_SEPARATOR)
}

fn with_separator(file: &str, separator: char) -> std::borrow::Cow<'_, str> {
    match separator {
        '/' => file.into(),
        _ => file.replace('/', separator.encode_utf8(&mut [0; 4])).into(),
    }
}

/// The path of `file` relative to `root`, with `/` separators, for messages.
pub fn display_path(root: &Path, file: &Path) -> String {
    let relative: PathBuf = file.strip_prefix(root).unwrap_or(file).to_path_buf();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_lands_under_cjk_character() {
        let (line, _, span) = line_span("title: 学生活动中心\n", Pos::new(1, 10)).unwrap();
        assert_eq!(&line[span], "活");
    }

    #[test]
    fn offsets_and_positions_count_characters() {
        let source = "标题: 通知\nname: 学生{{ x }\n";
        let at = Pos::new(2, 9);
        let offset = at.offset_in(source).unwrap();
        assert_eq!(&source[offset..offset + 2], "{{");
        assert_eq!(Pos::of_offset(source, offset), at);
        assert_eq!(Pos::new(3, 1).offset_in(source), Some(source.len()));
        assert_eq!(Pos::new(9, 1).offset_in(source), None);
    }

    #[test]
    fn paths_are_shown_with_the_system_separator() {
        let file = display_path(
            Path::new("site"),
            &["site", "content", "photos", "campaign.yaml"]
                .iter()
                .collect::<PathBuf>(),
        );
        assert_eq!(file, "content/photos/campaign.yaml");
        assert_eq!(
            with_separator(&file, '\\'),
            "content\\photos\\campaign.yaml"
        );
        assert_eq!(with_separator(&file, '/'), file);
        #[cfg(unix)]
        assert_eq!(native_path(&file), file);
        #[cfg(windows)]
        assert_eq!(native_path(&file), "content\\photos\\campaign.yaml");
    }

    #[test]
    fn json_lines_carry_every_field() {
        let d = Diagnostic::warning("content/x/notice.en.md", Pos::new(3, 14), "say \"x\"");
        assert_eq!(
            d.json_line(),
            r#"{"severity":"warning","file":"content/x/notice.en.md","line":3,"column":14,"message":"say \"x\""}"#
        );
        let d = d.hint("do y");
        assert!(d.json_line().ends_with(r#","hint":"do y"}"#));
    }

    #[test]
    fn sorted_output_is_stable_and_deduplicated() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("b.yaml", Pos::new(1, 1), "x"));
        d.push(Diagnostic::error("a.yaml", Pos::new(2, 1), "y"));
        d.push(Diagnostic::error("a.yaml", Pos::new(2, 1), "y"));
        assert_eq!(d.error_count(), 2);
        let sorted = d.into_sorted();
        assert_eq!(sorted.len(), 2);
        assert_eq!(sorted[0].file, "a.yaml");
    }
}
