//! The theme: Tera templates and the one stylesheet, from
//! `themes/<name>/templates/` and `themes/<name>/static/style.css`.
//!
//! Loading checks every `fluent(key="…")` a template uses against the
//! locales, so a typo in a key fails the build instead of showing
//! "Unknown localization key" to students.

use std::path::Path;

use tera::Tera;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::locales::Locales;

pub const THEMES_DIR: &str = "themes";

pub struct Theme {
    pub tera: Tera,
    /// Display path of the templates folder, for error messages.
    pub dir: String,
    pub stylesheet: String,
}

impl Theme {
    pub fn load(root: &Path, name: &str, locales: &Locales) -> Result<Theme, Diagnostics> {
        let mut out = Diagnostics::default();
        let dir = format!("{THEMES_DIR}/{name}/templates");
        let mut templates = Vec::new();
        match std::fs::read_dir(root.join(&dir)) {
            Ok(entries) => {
                for path in entries.filter_map(Result::ok).map(|e| e.path()) {
                    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
                    if !(file_name.ends_with(".html") || file_name.ends_with(".xml")) {
                        continue;
                    }
                    let file = format!("{dir}/{file_name}");
                    match std::fs::read_to_string(&path) {
                        // CR LF line ends would reach every page.
                        Ok(source) => templates.push((
                            file_name.into_owned(),
                            file,
                            crate::encoding::lf_lines(source),
                        )),
                        Err(e) => out.push(Diagnostic::error(
                            file,
                            Pos::START,
                            format!("cannot read: {e}"),
                        )),
                    }
                }
            }
            Err(e) => out.push(
                Diagnostic::error(&dir, Pos::START, format!("cannot read the theme: {e}")).hint(
                    format!("the site's theme is `{name}`; it must be in {dir}/"),
                ),
            ),
        }
        templates.sort();
        for (_, file, source) in &templates {
            for key in fluent_keys(source) {
                if let Err(d) = locales.require(key, file) {
                    out.push(d);
                }
            }
        }
        let mut tera = Tera::default();
        tera.register_function("fluent", locales.tera_function());
        let sources = templates.iter().map(|(n, _, s)| (n.as_str(), s.as_str()));
        if let Err(e) = tera.add_raw_templates(sources) {
            out.push(template_error(&dir, "", &e));
        }
        let css = format!("{THEMES_DIR}/{name}/static/style.css");
        let stylesheet = std::fs::read_to_string(root.join(&css)).unwrap_or_else(|e| {
            out.push(Diagnostic::error(
                &css,
                Pos::START,
                format!("cannot read the stylesheet: {e}"),
            ));
            String::new()
        });
        if out.has_errors() {
            return Err(out);
        }
        Ok(Theme {
            tera,
            dir,
            stylesheet,
        })
    }

    /// Renders one template; an error names the template.
    pub fn render(&self, template: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        let mut out = Vec::new();
        self.render_to(template, ctx, &mut out)?;
        String::from_utf8(out).map_err(|e| {
            let file = format!("{}/{template}", self.dir);
            Diagnostic::error(file, Pos::START, format!("template error: {e}"))
        })
    }

    /// Renders one template after what `out` holds. Pages go out as bytes,
    /// through one buffer reused for all pages of a campaign, so a page
    /// costs no allocation and no second pass to check it is UTF-8 (Tera
    /// writes only strings).
    pub fn render_to(
        &self,
        template: &str,
        ctx: &tera::Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        self.tera
            .render_to(template, ctx, out)
            .map_err(|e| template_error(&self.dir, template, &e))
    }
}

/// The literal keys of `fluent(key="…")` calls in a template.
fn fluent_keys(source: &str) -> impl Iterator<Item = &str> {
    source.split("fluent(").skip(1).filter_map(|call| {
        let rest = call.split_once("key=")?.1.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        rest[1..].split(quote).next()
    })
}

/// A Tera error as a diagnostic at the template file, line and column it
/// names (an error inside `base.html` while rendering `school.html` is in
/// `base.html`), or at `template` when Tera names no place.
fn template_error(dir: &str, template: &str, error: &tera::Error) -> Diagnostic {
    let (name, at, mut message) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let at = Pos::new(span.start_line as u64, span.start_col as u64 + 1);
            (report.filename(), at, report.message().to_string())
        }
        tera::ErrorKind::MissingParent { current: name, .. }
        | tera::ErrorKind::CircularExtend { tpl: name, .. }
        | tera::ErrorKind::CircularInclude { tpl: name, .. } => {
            (name.as_str(), Pos::START, error.to_string())
        }
        _ => (template, Pos::START, error.to_string()),
    };
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    let name = if name.is_empty() { template } else { name };
    let file = if name.is_empty() {
        dir.to_string()
    } else {
        format!("{dir}/{name}")
    };
    // The same mistake is met on every page using the template, each
    // listing its own variables: the message is kept the same, so it is
    // reported once, and the list goes in the hint.
    let (message, available) = match message.split_once(". Available variables: ") {
        Some((message, available)) => {
            (message.to_string(), format!("; this page has: {available}"))
        }
        None => (message, String::new()),
    };
    Diagnostic::error(file, at, format!("template error: {message}"))
        .hint(format!("fix the theme template at this place{available}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_fluent_keys() {
        let src = r#"{{ fluent(key="a-b", lang=lang) }} {{ fluent(lang=lang, key='c') }}"#;
        assert_eq!(super::fluent_keys(src).collect::<Vec<_>>(), ["a-b", "c"]);
    }
}
