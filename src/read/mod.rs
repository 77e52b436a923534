//! Stage 2: read a file and split it into the messages it holds. One
//! reader per format, each a file of this folder behind one interface:
//! the file's text in, [`Catalog`] out (every message with its exact
//! spans, key path, locale and placeholders; the inline suppressions; how
//! many strings the key selection passed over).
//!
//! Plain templates (one file, one message) are read by [`template`];
//! catalogs by the reader of their format. Adding a format is adding a
//! file here, a [`Format`] variant and a fixture folder.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::source::{self, decoded_message, LocalSyntax, Message, Origin};

pub mod code;
mod json;
mod locale;
mod mapped;
mod po;
mod properties;
pub mod select;
pub mod template;
mod toml;
mod xml;
mod yaml;

pub use locale::{as_locale, in_catalog_folder, locale_of_path, normalise_tag};
pub use select::KeySelection;
use select::Selector;

/// The catalog formats, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
    Toml,
    Properties,
    Po,
    /// Odoo data, Android resources, XLIFF, .resx (see [`xml`]).
    Xml,
    /// Laravel language files (see [`code::language_file`]).
    Php,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        if code::language_file(path).is_some() {
            return Some(Format::Php);
        }
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            "xml" | "xlf" | "xliff" | "resx" => Some(Format::Xml),
            "properties" => Some(Format::Properties),
            "po" => Some(Format::Po),
            _ => None,
        }
    }

    /// The `input/*` rule for a file of this format that cannot be parsed.
    pub fn invalid_rule(self) -> &'static str {
        use crate::diagnostic::input;
        match self {
            Format::Yaml => input::INVALID_YAML,
            Format::Json => input::INVALID_JSON,
            Format::Toml => input::INVALID_TOML,
            Format::Xml => input::INVALID_XML,
            Format::Properties | Format::Po => input::UNREADABLE,
            // tree-sitter reads any text: the one failure is a build without
            // the PHP grammar, said as for PHP send calls (an info).
            Format::Php => code::UNRESOLVED_BODY,
        }
    }

    /// Formats whose only use is translation: a file of them is a catalog
    /// whatever its keys.
    fn is_translation_format(self) -> bool {
        matches!(self, Format::Properties | Format::Po | Format::Php)
    }
}

/// One SMS text found in a catalog.
#[derive(Debug)]
pub struct Entry {
    /// The full key path, `.`-separated: `en.orders.shipped.sms`.
    pub key: String,
    pub locale: Option<String>,
    pub message: Message<'static>,
    /// The lines (1-based) of every key on the path, for inline
    /// suppressions written above or beside any of them.
    pub key_lines: Vec<usize>,
    /// Another variant of the message of the entry before it (a
    /// template's branch, a send call's `c ? "a" : "b"`): linted, and
    /// counted with it as one message.
    pub variant: bool,
}

impl Entry {
    fn new(
        key: String,
        locale: Option<String>,
        text: String,
        origin: Origin,
        key_lines: Vec<usize>,
    ) -> Entry {
        Entry::with_syntax(key, locale, text, origin, key_lines, LocalSyntax::None)
    }

    /// An entry whose format also writes placeholders as `local` says.
    fn with_syntax(
        key: String,
        locale: Option<String>,
        text: String,
        origin: Origin,
        key_lines: Vec<usize>,
        local: LocalSyntax,
    ) -> Entry {
        Entry {
            key,
            locale,
            message: decoded_message(text, origin, local),
            key_lines,
            variant: false,
        }
    }
}

/// What a file is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One file, one message (with its variants).
    Template,
    /// A translation catalog (or a YAML file that may turn out to be a
    /// campaign).
    Catalog,
    /// Source code: its send calls.
    Source,
}

/// What one file holds, whatever its format: the one shape every reader
/// gives the checker. Its messages are catalog entries (a template is one
/// entry keyed `""`; variants of a message follow it, flagged
/// [`Entry::variant`]), with the file's inline suppressions; source code
/// adds its send calls.
#[derive(Debug, Default)]
pub struct FileMessages {
    pub catalog: Catalog,
    pub calls: Vec<code::SendCall>,
    /// The file names a send call but this build has not the grammar of its
    /// language: the cargo feature that has it.
    pub missing_grammar: Option<&'static str>,
    /// A template with more combinations of branches than are split into
    /// variants: how many (`usize::MAX`: too many to count).
    pub untried_combinations: Option<usize>,
}

/// Reads a file as `kind`, in its format: a template's variants, a
/// catalog's selected strings, source code's send calls; `rendered` takes
/// every message as sent (nothing in it a placeholder). Errors: a catalog
/// that does not parse, where it breaks.
pub fn read_file(
    path: &Path,
    kind: Kind,
    text: &str,
    keys: &KeySelection,
    rendered: bool,
    senders: &code::Senders,
) -> Result<FileMessages, ParseError> {
    let mut file = match kind {
        Kind::Source => code::read(path, text, senders),
        Kind::Catalog => FileMessages {
            catalog: parse(path, text, keys)?,
            ..FileMessages::default()
        },
        Kind::Template => template_file(text, rendered),
    };
    if rendered {
        file.catalog = std::mem::take(&mut file.catalog).into_rendered();
    }
    Ok(file)
}

/// A template file: one message, each of its variants an entry. A web
/// page or view is never an SMS, whatever its file is called.
fn template_file(text: &str, rendered: bool) -> FileMessages {
    let mut file = FileMessages::default();
    if template::page_markup(text).is_some() {
        return file;
    }
    let variants = if rendered {
        template::rendered(text)
    } else {
        let (variants, combinations) = template::messages_and_combinations(text);
        file.untried_combinations = (combinations > template::MAX_VARIANTS).then_some(combinations);
        variants
    };
    file.catalog.entries = variants
        .into_iter()
        .enumerate()
        .map(|(index, message)| Entry {
            key: String::new(),
            locale: None,
            message: message.into_owned(),
            key_lines: Vec::new(),
            variant: index > 0,
        })
        .collect();
    file
}

/// A `# smslint: ignore[rule, ...] reason` comment.
#[derive(Debug)]
pub struct InlineSuppression {
    /// Rule ids or categories.
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// The comment, in the file.
    pub span: Range<usize>,
    /// The key line it applies to: its own line when it ends a line with
    /// content, otherwise the next line.
    pub line: usize,
}

impl InlineSuppression {
    /// Whether it applies to a finding on one of `lines` (1-based).
    pub fn covers_lines(&self, lines: &[usize], rule_id: &str) -> bool {
        lines.contains(&self.line)
            && self.rules.iter().any(|rule| {
                rule == rule_id || crate::diagnostic::category_of(rule_id) == rule.as_str()
            })
    }
}

/// What a catalog holds.
#[derive(Debug, Default)]
pub struct Catalog {
    pub entries: Vec<Entry>,
    pub suppressions: Vec<InlineSuppression>,
    /// String values the key selection passed over.
    pub skipped: usize,
    /// The first key segments of what was passed over, sorted (at most
    /// [`MAX_SKIPPED_GROUPS`]): what a `catalogs:` entry would name.
    pub skipped_groups: Vec<String>,
    /// The file reads as a translation catalog (a translation format, a
    /// locale in its name or folder, top-level locale keys), so that a
    /// selection of nothing from it deserves a word.
    pub localized: bool,
    /// The locale a header of the file names (gettext `Language:`).
    locale: Option<String>,
}

/// How many key groups a catalog remembers of what it passed over.
pub const MAX_SKIPPED_GROUPS: usize = 8;

impl Catalog {
    /// How many messages the file holds: its entries but the variants.
    pub fn messages(&self) -> usize {
        self.entries.iter().filter(|entry| !entry.variant).count()
    }

    /// Counts a string the key selection passed over, at this key path.
    fn skip(&mut self, path: &[String]) {
        self.skipped += 1;
        // `en.notifications.reminder` groups as `*.notifications`.
        let group = match path {
            [first, second, ..] if locale::as_locale(first).is_some() => format!("*.{second}"),
            [first, ..] => first.clone(),
            [] => return,
        };
        let group = &group;
        if let Err(at) = self.skipped_groups.binary_search(group) {
            if self.skipped_groups.len() < MAX_SKIPPED_GROUPS {
                self.skipped_groups.insert(at, group.to_owned());
            }
        }
    }

    /// Its messages taken as sent (`--rendered`): see
    /// [`Message::into_rendered`].
    pub fn into_rendered(mut self) -> Catalog {
        self.entries = self
            .entries
            .into_iter()
            .map(|entry| Entry {
                message: entry.message.into_rendered(),
                ..entry
            })
            .collect();
        self
    }

    /// Whether nothing was selected from a file that reads as a
    /// translation catalog with strings in it: the case where a CI gate
    /// would otherwise pass while linting nothing.
    pub fn selected_nothing(&self) -> bool {
        self.entries.is_empty() && self.localized && self.skipped > 0
    }
}

/// Whether a path is read as a catalog (when it is not a campaign).
pub fn is_catalog(path: &Path) -> bool {
    Format::of(path).is_some() && !is_manifest(path)
}

/// Whether a file is a package manifest, lock file or tool config, by its
/// name ([`MANIFESTS`]).
pub fn is_manifest(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| {
            MANIFESTS
                .iter()
                .any(|known| known.eq_ignore_ascii_case(name))
        })
}

/// Package manifests, lock files and tool configs: never catalogs, even in
/// a folder whose name says SMS (`send-sms/package.json`).
const MANIFESTS: &[&str] = &[
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "composer.json",
    "composer.lock",
    "tsconfig.json",
    "jsconfig.json",
    "deno.json",
    "app.json",
    "angular.json",
    "vercel.json",
    "netlify.toml",
    "Cargo.toml",
    "pyproject.toml",
    "Pipfile.lock",
    "pnpm-lock.yaml",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.yaml",
    "pubspec.yaml",
    "renovate.json",
    ".eslintrc.json",
    ".prettierrc.json",
    "tslint.json",
];

/// How a fix's `replacement` (plain text) must be written at `span` of a
/// catalog's `source`, inside the value of `entry`, so that the file still
/// parses and the value reads as intended: escaped for the string's quoting
/// (`\"` in a double-quoted JSON, YAML, TOML or .po string, `''` in a
/// single-quoted YAML one, `&quot;` in XML). `Err` says why it cannot be
/// done safely: the original text is written with an escape or an entity
/// (so its bytes are not the text), or the quoting cannot hold the
/// replacement (a TOML literal string cannot hold `'`).
pub fn fix_in_catalog(
    path: &Path,
    source: &str,
    entry: &Entry,
    span: Range<usize>,
    replacement: &str,
) -> Result<String, &'static str> {
    let Some(format) = Format::of(path) else {
        return Err("smslint does not rewrite source code");
    };
    let original = source.get(span.clone()).ok_or("out of the file")?;
    if original.contains(['\\', '&']) {
        return Err("the text is written with an escape in the file");
    }
    let value_start = entry.message.file_span(0..0).start;
    let quote = source
        .get(..value_start)
        .and_then(|before| before.chars().next_back());
    let escape = |escapes: &[(char, &str)]| -> String {
        replacement
            .chars()
            .map(|c| {
                escapes
                    .iter()
                    .find(|(plain, _)| *plain == c)
                    .map_or_else(|| c.to_string(), |(_, written)| (*written).to_owned())
            })
            .collect()
    };
    let double: &[(char, &str)] = &[('\\', "\\\\"), ('"', "\\\"")];
    // Android string resources unescape `\'` and `\"` after XML does, and a
    // bare apostrophe fails the build.
    let android = format == Format::Xml && source.contains("<resources");
    // A space written before `#` starts a comment in a plain YAML value.
    let opens_comment = format == Format::Yaml
        && !matches!(quote, Some('"' | '\''))
        && replacement.ends_with(char::is_whitespace)
        && source
            .get(span.end..)
            .is_some_and(|rest| rest.starts_with('#'));
    if opens_comment {
        return Err("a space before `#` would start a YAML comment");
    }
    if android && replacement.contains(['\'', '"']) {
        return Err("an Android resource writes a quote as `\\'`, which smslint does not read");
    }
    Ok(match (format, quote) {
        (Format::Xml, _) => escape(&[
            ('&', "&amp;"),
            ('<', "&lt;"),
            ('>', "&gt;"),
            ('"', "&quot;"),
            ('\'', "&apos;"),
        ]),
        (Format::Json | Format::Po, _) | (Format::Yaml | Format::Toml, Some('"')) => escape(double),
        (Format::Php, Some('\'')) => escape(&[('\\', "\\\\"), ('\'', "\\'")]),
        (Format::Php, _) => escape(&[('\\', "\\\\"), ('"', "\\\""), ('$', "\\$")]),
        (Format::Yaml, Some('\'')) => escape(&[('\'', "''")]),
        (Format::Toml, _) if replacement.contains('\'') => {
            return Err("a TOML literal string cannot hold '")
        }
        (Format::Properties, _) => escape(&[('\\', "\\\\")]),
        // A plain YAML scalar, a block scalar or a TOML literal string: the
        // text is written as it reads, except a quote that would open it.
        (Format::Yaml, _) if span.start == value_start && replacement.starts_with(['"', '\'']) => {
            return Err("a quote would open the YAML value")
        }
        _ => replacement.to_owned(),
    })
}

/// Whether `fixed`, the fixed text of the catalog at `path`, reads in its
/// format's own rules as exactly the messages `source` held with each fix
/// applied: `fixes` are the file spans replaced and the text each means
/// (`--fix`'s last guard). Every string of the file is compared, not only
/// the selected ones, so a fix that broke a neighbour (a YAML comment
/// opened by a space before `#`, an entity written into CDATA, a bare
/// apostrophe in an Android resource) is caught.
pub fn fix_keeps_messages(
    path: &Path,
    source: &str,
    fixed: &str,
    fixes: &[(Range<usize>, &str)],
) -> bool {
    let every = KeySelection::Globs(vec!["**".to_owned()]);
    let (Ok(before), Ok(after)) = (parse(path, source, &every), parse(path, fixed, &every)) else {
        return false;
    };
    before.entries.len() == after.entries.len()
        && before.entries.iter().zip(&after.entries).all(|(was, now)| {
            was.key == now.key
                && meant_text(&was.message, fixes).as_deref() == Some(&*now.message.text)
        })
}

/// A message's text with the fixes inside it applied as they read
/// (`fixes`: file spans and the text meant), or `None` when a fix cannot
/// be placed in the message's text.
fn meant_text(message: &Message, fixes: &[(Range<usize>, &str)]) -> Option<String> {
    let whole = message.whole();
    let mut text = message.text.to_string();
    for (span, meant) in fixes.iter().rev() {
        if span.start < whole.start || span.end > whole.end {
            continue;
        }
        let range = message.text_range(span)?;
        text.replace_range(range, meant);
    }
    Some(text)
}

/// A catalog that could not be parsed: where, and why.
#[derive(Debug)]
pub struct ParseError {
    pub span: Range<usize>,
    pub message: String,
}

/// Text every file with a message under the default selection contains,
/// when its path does not say SMS already.
static MAY_HOLD_MESSAGES: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(r"(?i)sms|text_message|textmessage|text-message|twilio/")
});

/// Reads the SMS texts of a catalog file.
pub fn parse(path: &Path, text: &str, keys: &KeySelection) -> Result<Catalog, ParseError> {
    let selector = Selector::new(keys, path);
    let format = Format::of(path);
    // TwiML's `<Message>` verb says SMS whatever the file's name.
    let twiml = format == Some(Format::Xml) && text.contains("<Response");
    let may_hold = twiml
        || !selector.is_default()
        || select::path_says_sms(path)
        || MAY_HOLD_MESSAGES.is_match(text);
    let file_locale = locale::locale_of_path(path);
    let localized = file_locale.is_some()
        || format.is_some_and(Format::is_translation_format)
        || in_catalog_folder(path);
    // XML holds messages only in the shapes the XML reader knows.
    let xml_shape = format != Some(Format::Xml)
        || twiml
        || ["<odoo", "<openerp", "<resources", "<xliff", "<root"]
            .iter()
            .any(|root| text.contains(root));
    if !xml_shape || (!may_hold && !localized) {
        // No key could be selected: this YAML or JSON is not a catalog at all
        // (a docker-compose file, a Kubernetes manifest, package.json).
        return Ok(Catalog::default());
    }
    let (mut catalog, comments) = match format {
        Some(Format::Yaml) => (yaml::read(text, &selector)?, Comments::AnyLine),
        Some(Format::Properties) => (properties::read(text, &selector), Comments::OwnLine),
        Some(Format::Po) => (po::read(text, &selector), Comments::OwnLine),
        Some(Format::Toml) => (toml::read(text, &selector)?, Comments::AnyLine),
        Some(Format::Xml) => (xml::read(text, &selector)?, Comments::None),
        Some(Format::Php) => {
            let catalog = code::read_language_file(path, text, &selector)?;
            (catalog, Comments::Read)
        }
        Some(Format::Json) | None => (json::read(text, &selector)?, Comments::None),
    };
    // Laravel ships a language file per page and framework feature
    // (`auth.php`, `validation.php`) in every locale: one that selects no
    // SMS text is passed over quietly (`--show-files` says so, with the
    // `catalogs:` entry), and a send call naming one of its keys is
    // `code/unresolved-body`.
    catalog.localized |= localized && format != Some(Format::Php);
    // A value that is one token (`twilio`, `+15550100`, a URL, `json`) is
    // configuration beside the messages (`SMS_PROVIDER: twilio`), not a text.
    catalog
        .entries
        .retain(|entry| !is_single_token(&entry.message.text));
    if comments != Comments::Read {
        catalog.suppressions = inline_suppressions(text, comments);
    }
    // A `# smslint:` inside a message is message text, never a suppression.
    let entries = &catalog.entries;
    catalog.suppressions.retain(|suppression| {
        !entries.iter().any(|entry| {
            let whole = entry.message.whole();
            whole.start < suppression.span.end && suppression.span.start < whole.end
        })
    });
    let file_locale = file_locale.or_else(|| catalog.locale.as_deref().and_then(locale::as_locale));
    for entry in &mut catalog.entries {
        if entry.locale.is_none() {
            entry.locale.clone_from(&file_locale);
        }
    }
    Ok(catalog)
}

/// One ASCII token with no blank: a word, a number, a URL, an address.
/// Text in scripts written without spaces (Chinese, Japanese) is not one.
fn is_single_token(text: &str) -> bool {
    text.bytes().all(|byte| byte.is_ascii_graphic())
}

/// Whether the literal first argument of a key-style translation call
/// (`t`, `__`, `trans`) names a key (`sms.offer`, `:body`) rather than
/// being the text itself (`__('Your code is :code')`, i18nliner's
/// `t "Your order is ready."`): a key has no blank.
pub(crate) fn is_translation_key(literal: &str) -> bool {
    !literal.trim().contains(char::is_whitespace)
}

/// Where a format allows `#` comments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Comments {
    None,
    /// Read with the file's syntax by its reader.
    Read,
    /// On a line of their own (`.properties`, `.po`: a `#` after a value is
    /// part of it).
    OwnLine,
    /// On their own line or after a value (YAML).
    AnyLine,
}

static SUPPRESSION: LazyLock<Regex> =
    LazyLock::new(|| crate::literal::regex(r"#\s*smslint:\s*ignore\[([^\]]*)\][ \t]*([^\r\n]*)"));

/// A suppression comment at `span`, on `line` (1-based): it applies to
/// that line when it follows content there, else to the next line.
/// `rules` is the comma-separated list inside the brackets.
fn suppression(
    span: Range<usize>,
    line: usize,
    after_content: bool,
    rules: &str,
    reason: &str,
) -> InlineSuppression {
    let reason = reason.trim();
    InlineSuppression {
        rules: rules
            .split(',')
            .map(|rule| rule.trim().to_owned())
            .filter(|rule| !rule.is_empty())
            .collect(),
        reason: (!reason.is_empty()).then(|| reason.to_owned()),
        span,
        line: if after_content { line } else { line + 1 },
    }
}

/// The `# smslint: ignore[...]` comments of a YAML file. A `#` inside a
/// quoted value is not a comment, so only a `#` at the start of a line or
/// after blank space counts, and never one inside a message's own span
///.
fn inline_suppressions(text: &str, comments: Comments) -> Vec<InlineSuppression> {
    if comments == Comments::None {
        return Vec::new();
    }
    let lines = source::LineIndex::new(text);
    SUPPRESSION
        .captures_iter(text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            let before = text.get(..whole.start())?;
            let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
            let ahead = before.get(line_start..)?;
            if !(ahead.trim().is_empty() || ahead.ends_with([' ', '\t'])) {
                return None;
            }
            let line = lines.line_of(whole.start());
            let after_content = !ahead.trim().is_empty();
            if after_content && comments == Comments::OwnLine {
                return None;
            }
            Some(suppression(
                whole.range(),
                line,
                after_content,
                captures.get(1)?.as_str(),
                captures.get(2).map_or("", |reason| reason.as_str()),
            ))
        })
        .collect()
}
