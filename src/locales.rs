//! Interface strings and date patterns, from `locales/<lang>/*.ftl` (Fluent).
//!
//! Every word the theme or the formatter shows comes from here, so a new
//! language is a new folder, not a code change. Fluent would silently fall
//! back to another language for a missing message; instead, loading checks
//! that every configured language has every message of the default one, and
//! fails naming the key and the file it belongs in.
//!
//! A module of its own, not part of [`crate::render`]: the calendar files
//! use these strings too, and the calendar must not depend on the stage
//! that uses it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, RwLock};

use fluent_syntax::ast::Entry;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{ArcLoader, FluentLoader, LanguageIdentifier, Loader};
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::Site;

/// The folder of Fluent files at the site root.
pub const LOCALES_DIR: &str = "locales";

/// The variable name that marks a count (see [`Locales::text`]).
const COUNT: &str = "n";

pub struct Locales {
    loader: Arc<ArcLoader>,
    ids: HashMap<String, LanguageIdentifier>,
    /// Every message id of the default language, with the file defining it.
    keys: BTreeMap<String, String>,
    /// Messages already formatted: a site repeats the same few dates and
    /// times on thousands of pages, and a Fluent lookup costs far more than
    /// a hash lookup. Lives as long as these locales, so edits are seen.
    memo: RwLock<Memo<String>>,
}

/// Remembered answers by their [`memo_key`]. Looked up for nearly every
/// label and date of every page, so hashed with XXH3 rather than SipHash:
/// the keys are the site's own strings, not an attacker's.
type Memo<T> = HashMap<String, T, Xxh3DefaultBuilder>;

impl Locales {
    /// Loads `locales/` and checks every configured language is complete.
    pub fn load(root: &Path, site: &Site) -> Result<Locales, Diagnostics> {
        let mut out = Diagnostics::default();
        let mut keys_by_lang = BTreeMap::new();
        for lang in &site.languages {
            keys_by_lang.insert(lang.clone(), message_ids(root, lang, &mut out));
        }
        let keys = keys_by_lang
            .remove(site.default_language())
            .unwrap_or_default();
        for (lang, own) in &keys_by_lang {
            for (key, file) in &keys {
                if !own.contains_key(key) {
                    let file_name = file.rsplit('/').next().unwrap_or(file);
                    out.push(
                        Diagnostic::error(
                            format!("{LOCALES_DIR}/{lang}/{file_name}"),
                            Pos::START,
                            format!("the message `{key}` is missing in `{lang}`"),
                        )
                        .hint(format!("translate `{key}` from {file}")),
                    );
                }
            }
        }
        let default: LanguageIdentifier = site.default_language().parse().unwrap_or_default();
        let loader = ArcLoader::builder(&root.join(LOCALES_DIR), default)
            .customize(|bundle| bundle.set_use_isolating(false))
            .build();
        let loader = match loader {
            Ok(loader) => loader,
            Err(e) => {
                out.push(Diagnostic::error(
                    LOCALES_DIR,
                    Pos::START,
                    format!("cannot load the Fluent files: {e}"),
                ));
                return Err(out);
            }
        };
        if out.has_errors() {
            return Err(out);
        }
        let ids = site
            .languages
            .iter()
            .map(|l| (l.clone(), l.parse().unwrap_or_default()))
            .collect();
        Ok(Locales {
            loader: Arc::new(loader),
            ids,
            keys,
            memo: RwLock::default(),
        })
    }

    /// Fails naming `file` when it uses a message the default language lacks
    /// (the others were checked against the default on loading).
    pub fn require(&self, key: &str, file: &str) -> Result<(), Diagnostic> {
        if self.keys.contains_key(key) {
            Ok(())
        } else {
            Err(Diagnostic::error(
                file,
                Pos::START,
                format!("the message `{key}` is used here but defined in no .ftl file"),
            )
            .hint(format!("add `{key} = …` to every locales/<lang>/*.ftl")))
        }
    }

    /// A message with its variables. A variable named `n` is a count and is
    /// passed as a number, so a message can choose its plural form
    /// (`{ $n -> [one] month *[other] months }`); every other variable is
    /// text, so `05` stays `05`.
    pub fn text(&self, lang: &str, key: &str, args: &[(&str, String)]) -> String {
        self.remembered(memo_key(lang, key, args), || self.lookup(lang, key, args))
    }

    /// The name of the site language `tag` in `lang` ("Chinese" in
    /// English), as `lang`'s `language-of` message gives it; a language
    /// that message does not name yet is called by its own name, as the
    /// language switcher calls it (its `language-name`).
    pub fn language_name(&self, lang: &str, tag: &str) -> String {
        let own = self.text(tag, "language-name", &[]);
        self.text(
            lang,
            "language-of",
            &[("lang", tag.to_string()), ("own", own)],
        )
    }

    /// `compute`'s text, computed once per build and then remembered under
    /// `key`, which must name everything the text depends on (the language
    /// included) and must not start with a digit ([`Locales::text`]'s keys
    /// do).
    pub fn remembered(&self, key: String, compute: impl FnOnce() -> String) -> String {
        // A poisoned lock only means another thread panicked; the map is fine.
        let memo = self.memo.read().unwrap_or_else(|e| e.into_inner());
        if let Some(text) = memo.get(&key) {
            return text.clone();
        }
        drop(memo);
        let text = compute();
        let mut memo = self.memo.write().unwrap_or_else(|e| e.into_inner());
        memo.insert(key, text.clone());
        text
    }

    fn lookup(&self, lang: &str, key: &str, args: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = if *k == COUNT {
                    FluentValue::try_number(v.as_str())
                } else {
                    FluentValue::from(v.clone())
                };
                (Cow::Owned(k.to_string()), value)
            })
            .collect();
        let id = self.ids.get(lang).cloned().unwrap_or_default();
        self.loader.lookup_with_args(&id, key, &args)
    }

    /// The Tera function `fluent(key=..., lang=..., var=...)`. Themes ask
    /// for the same labels on every page, so answers are remembered.
    pub fn tera_function(&self) -> FluentFunction {
        FluentFunction {
            loader: FluentLoader::new(Arc::clone(&self.loader)),
            memo: Arc::default(),
        }
    }
}

/// Fluent's Tera function with a memo of its answers.
pub struct FluentFunction {
    loader: FluentLoader<Arc<ArcLoader>>,
    memo: Arc<RwLock<Memo<tera::Value>>>,
}

impl tera::Function<tera::TeraResult<tera::Value>> for FluentFunction {
    fn call(&self, kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<tera::Value> {
        let Some(key) = call_key(&kwargs) else {
            return self.loader.call(kwargs, state);
        };
        let memo = self.memo.read().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = memo.get(&key) {
            return Ok(value.clone());
        }
        drop(memo);
        let value = self.loader.call(kwargs, state)?;
        let mut memo = self.memo.write().unwrap_or_else(|e| e.into_inner());
        memo.insert(key, value.clone());
        Ok(value)
    }
}

/// A `fluent(…)` call's arguments as one memo key (sorted, typed, length
/// prefixed); `None` when an argument is neither a string nor a number,
/// and the call is then not remembered.
fn call_key(kwargs: &tera::Kwargs) -> Option<String> {
    let mut args = Vec::with_capacity(4);
    for (name, value) in kwargs.iter() {
        args.push((name.as_str()?, value));
    }
    args.sort_unstable_by_key(|(name, _)| *name);
    let mut key = String::with_capacity(64);
    let mut number = itoa::Buffer::new();
    for (name, value) in args {
        push_part(&mut key, name);
        if let Some(text) = value.as_str() {
            key.push('s');
            push_part(&mut key, text);
        } else if let Some(n) = value.as_i64() {
            key.push('i');
            push_part(&mut key, number.format(n));
        } else {
            key.push('f');
            push_part(&mut key, &format!("{:?}", value.as_f64()?));
        }
    }
    Some(key)
}

/// One string naming a message and its variables; every part is length
/// prefixed, so two different lookups never share a key.
fn memo_key(lang: &str, key: &str, args: &[(&str, String)]) -> String {
    let mut memo_key = String::with_capacity(64);
    for part in [lang, key]
        .into_iter()
        .chain(args.iter().flat_map(|(k, v)| [*k, v.as_str()]))
    {
        push_part(&mut memo_key, part);
    }
    memo_key
}

/// `part` after its length in bytes and a colon.
fn push_part(key: &mut String, part: &str) {
    key.push_str(itoa::Buffer::new().format(part.len()));
    key.push(':');
    key.push_str(part);
}

/// The message ids defined in `locales/<lang>/*.ftl`, each with its file.
fn message_ids(root: &Path, lang: &str, out: &mut Diagnostics) -> BTreeMap<String, String> {
    let dir = root.join(LOCALES_DIR).join(lang);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    if files.is_empty() {
        out.push(
            Diagnostic::error(
                format!("{LOCALES_DIR}/{lang}"),
                Pos::START,
                format!("there are no interface strings for `{lang}`"),
            )
            .hint(format!(
                "copy locales/<default language>/ to locales/{lang}/ and translate it"
            )),
        );
    }
    let mut ids = BTreeMap::new();
    for path in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let file = format!("{LOCALES_DIR}/{lang}/{name}");
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let resource = match fluent_syntax::parser::parse(source.as_str()) {
            Ok(resource) => resource,
            Err((_, errors)) => {
                for e in errors {
                    out.push(Diagnostic::error(
                        &file,
                        Pos::START,
                        format!("Fluent syntax error: {e}"),
                    ));
                }
                continue;
            }
        };
        for entry in resource.body {
            if let Entry::Message(m) = entry {
                ids.insert(m.id.name.to_string(), file.clone());
            }
        }
    }
    ids
}
