//! Stage 2 for message catalogs: the SMS texts inside YAML and JSON files
//! (Rails i18n, i18next, plain key → string maps, Twilio Content API
//! templates), each with its key path, its locale and its exact span.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use marked_yaml::Node;
use regex::Regex;

use crate::source::{self, decoded_message, Message, Origin};

mod lines;

/// The formats a catalog can be in, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Yaml,
    Json,
    Properties,
    Po,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "properties" => Some(Format::Properties),
            "po" => Some(Format::Po),
            _ => None,
        }
    }
}

/// Key fragments that mark a message by default: a key path any of whose
/// segments contains one of these holds SMS text. Twilio Content templates
/// are recognised by their `types` → `twilio/*` → `body` shape.
const DEFAULT_KEY_WORDS: &[&str] = &["sms", "text_message", "message"];

/// Text every file with a message under the default selection contains.
static MAY_HOLD_MESSAGES: LazyLock<Regex> =
    LazyLock::new(|| crate::literal::regex(r"(?i)sms|text_message|message|twilio/"));

/// ISO 639-1 codes of the languages a catalog's top-level key or a file
/// name is taken to name. A closed list, so that a top-level `sms:` or a
/// file `app.json` is never read as a locale.
const LANGUAGES: &[&str] = &[
    "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr", "ga",
    "gl", "he", "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "no", "pl",
    "pt", "ro", "ru", "sk", "sl", "sr", "sv", "sw", "ta", "th", "tl", "tr", "uk", "ur", "vi", "zh",
];

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
}

impl Entry {
    fn new(
        key: String,
        locale: Option<String>,
        text: String,
        origin: Origin,
        key_lines: Vec<usize>,
    ) -> Entry {
        Entry {
            key,
            locale,
            message: decoded_message(text, origin, false),
            key_lines,
        }
    }
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
    pub fn covers(&self, entry: &Entry, rule_id: &str) -> bool {
        entry.key_lines.contains(&self.line)
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
}

/// Which keys of a catalog hold SMS texts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum KeySelection {
    /// Keys with `sms`, `text_message` or `message` in them, and Twilio
    /// Content bodies.
    #[default]
    Default,
    /// Key globs from the config's `catalogs` entry: `*` is one key
    /// segment, `**` any number of them.
    Globs(Vec<String>),
}

impl KeySelection {
    fn selects(&self, path: &[String]) -> bool {
        match self {
            KeySelection::Default => {
                is_twilio_content_body(path)
                    || path.iter().any(|segment| {
                        let segment = segment.to_ascii_lowercase();
                        DEFAULT_KEY_WORDS.iter().any(|word| segment.contains(word))
                    })
            }
            KeySelection::Globs(globs) => globs.iter().any(|glob| {
                let pattern: Vec<&str> = glob.split('.').collect();
                glob_matches(&pattern, path)
            }),
        }
    }
}

/// `types.twilio/text.body`, `types.twilio/quick-reply.body`, ...
fn is_twilio_content_body(path: &[String]) -> bool {
    matches!(path, [types, kind, body]
        if types == "types" && kind.starts_with("twilio/") && body == "body")
}

fn glob_matches(pattern: &[&str], path: &[String]) -> bool {
    match (pattern.split_first(), path.split_first()) {
        (None, None) => true,
        (Some((&"**", rest)), _) => {
            glob_matches(rest, path)
                || path
                    .split_first()
                    .is_some_and(|(_, tail)| glob_matches(pattern, tail))
        }
        (Some((segment, rest)), Some((key, tail))) => {
            (*segment == "*" || segment == key) && glob_matches(rest, tail)
        }
        _ => false,
    }
}

/// Whether a path is read as a catalog (when it is not a campaign). An
/// smslint config is not.
pub fn is_catalog(path: &Path) -> bool {
    let is_config = path
        .file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| crate::config::CONFIG_NAMES.contains(&name));
    !is_config && Format::of(path).is_some()
}

/// A catalog that could not be parsed: where, and why.
#[derive(Debug)]
pub struct ParseError {
    pub span: Range<usize>,
    pub message: String,
}

/// Reads the SMS texts of a catalog file.
pub fn parse(path: &Path, text: &str, keys: &KeySelection) -> Result<Catalog, ParseError> {
    let every_key = KeySelection::Globs(vec!["**".to_owned()]);
    let keys = if *keys == KeySelection::Default && is_sms_file(path) {
        &every_key
    } else {
        keys
    };
    if *keys == KeySelection::Default && !MAY_HOLD_MESSAGES.is_match(text) {
        // No key could be selected: this YAML or JSON is not a catalog at all
        // (a docker-compose file, a Kubernetes manifest, package.json), and
        // the YAML features smslint refuses (anchors, tags) are no error in it.
        return Ok(Catalog::default());
    }
    let mut file_locale = locale_of_path(path);
    let (entries, comments) = match Format::of(path) {
        Some(Format::Yaml) => (parse_yaml(text, keys)?, Comments::AnyLine),
        Some(Format::Properties) => (lines::properties(text, keys), Comments::OwnLine),
        Some(Format::Po) => {
            let (entries, language) = lines::po(text, keys);
            if file_locale.is_none() {
                file_locale = language.as_deref().and_then(as_locale);
            }
            (entries, Comments::OwnLine)
        }
        Some(Format::Json) | None => (parse_json(text, keys)?, Comments::None),
    };
    let mut catalog = Catalog {
        suppressions: inline_suppressions(text, comments),
        entries,
    };
    // A `# smslint:` inside a message is message text, never a suppression.
    catalog.suppressions.retain(|suppression| {
        !catalog.entries.iter().any(|entry| {
            let whole = entry.message.whole();
            whole.start < suppression.span.end && suppression.span.start < whole.end
        })
    });
    for entry in &mut catalog.entries {
        if entry.locale.is_none() {
            entry.locale.clone_from(&file_locale);
        }
    }
    Ok(catalog)
}

/// A file whose name says it holds SMS texts (`sms.yml`,
/// `text_messages.json`): every string in it is a message. `message` alone
/// is not enough: `messages.properties` and `messages.po` are the default
/// names of whole-application bundles.
fn is_sms_file(path: &Path) -> bool {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .is_some_and(|stem| {
            let stem = stem.to_ascii_lowercase();
            stem.contains("sms") || stem.contains("text_message")
        })
}

/// Where a format allows `#` comments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Comments {
    None,
    /// On a line of their own (`.properties`, `.po`: a `#` after a value is
    /// part of it).
    OwnLine,
    /// On their own line or after a value (YAML).
    AnyLine,
}

/// Rails style: a catalog whose top-level keys are all languages (`en:`,
/// `es:`) gives each subtree the locale of its key.
fn all_locales<'a>(mut keys: impl Iterator<Item = &'a str>) -> bool {
    let mut any = false;
    keys.all(|key| {
        any = true;
        as_locale(key).is_some()
    }) && any
}

/// A language code, with an optional region: `en`, `fr-CA`, `pt_BR`.
fn as_locale(text: &str) -> Option<String> {
    let (language, region) = match text.split_once(['-', '_']) {
        Some((language, region)) => (language, Some(region)),
        None => (text, None),
    };
    let known = LANGUAGES.contains(&language.to_ascii_lowercase().as_str());
    let region_ok = region.is_none_or(|region| {
        (2..=3).contains(&region.len()) && region.chars().all(|c| c.is_ascii_alphanumeric())
    });
    (known && region_ok).then(|| match region {
        Some(region) => format!(
            "{}-{}",
            language.to_ascii_lowercase(),
            region.to_uppercase()
        ),
        None => language.to_ascii_lowercase(),
    })
}

/// The locale a file's name or folder names: `es.json`, `messages-fr.yml`,
/// `fr_CA.yaml`, `locales/fr/sms.json`.
fn locale_of_path(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let from_stem = as_locale(stem).or_else(|| {
        // The last one or two `-`/`_`/`.`-separated parts: `messages-fr`,
        // `messages_fr_CA`.
        let parts: Vec<&str> = stem.split(['-', '_', '.']).collect();
        let last_two = parts.len().checked_sub(2).and_then(|at| parts.get(at..));
        last_two
            .map(|pair| pair.join("-"))
            .and_then(|pair| as_locale(&pair))
            .filter(|_| parts.len() > 2)
            .or_else(|| parts.last().and_then(|last| as_locale(last)))
            .filter(|_| parts.len() > 1)
    });
    // `locale/es/LC_MESSAGES/django.po`: the folder above LC_MESSAGES.
    let folder = path
        .parent()
        .filter(|parent| parent.file_name().is_some_and(|name| name == "LC_MESSAGES"))
        .and_then(Path::parent)
        .or_else(|| path.parent());
    from_stem.or_else(|| folder?.file_name()?.to_str().and_then(as_locale))
}

fn parse_yaml(text: &str, keys: &KeySelection) -> Result<Vec<Entry>, ParseError> {
    let options = marked_yaml::LoaderOptions::default().error_on_duplicate_keys(true);
    let root = marked_yaml::parse_yaml_with_options(0, text, options).map_err(|_| {
        // The config parser knows how to locate and word a YAML error.
        match crate::yaml::parse::<serde::de::IgnoredAny>("", text) {
            Err(error) => ParseError {
                span: error.span.clone().unwrap_or(0..0),
                message: error.message.clone(),
            },
            Ok(_) => ParseError {
                span: 0..0,
                message: "invalid YAML".to_owned(),
            },
        }
    })?;
    let mut walk = YamlWalk {
        text,
        lines: source::LineIndex::new(text),
        keys,
        locale: None,
        entries: Vec::new(),
    };
    if is_rule_pack(&root) {
        return Ok(Vec::new());
    }
    if let Some(map) = root.as_mapping() {
        // Rails style: every top-level key is a locale (`en:`, `es:`).
        let by_locale = all_locales(map.keys().map(|key| key.as_str()));
        for (key, value) in map.iter() {
            walk.locale = as_locale(key.as_str()).filter(|_| by_locale);
            let line = key.span().start().map_or(0, |marker| marker.line());
            walk.node(value, &mut vec![key.as_str().to_owned()], &mut vec![line]);
        }
    } else {
        walk.node(&root, &mut Vec::new(), &mut Vec::new());
    }
    Ok(walk.entries)
}

/// smslint's own rule files hold `message:` keys that are not SMS texts.
fn is_rule_pack(root: &Node) -> bool {
    root.as_mapping()
        .and_then(|map| map.get_sequence("rules"))
        .is_some_and(|rules| {
            rules.iter().all(|rule| {
                rule.as_mapping()
                    .is_some_and(|rule| rule.contains_key("id"))
            })
        })
}

struct YamlWalk<'a> {
    text: &'a str,
    lines: source::LineIndex<'a>,
    keys: &'a KeySelection,
    locale: Option<String>,
    entries: Vec<Entry>,
}

impl YamlWalk<'_> {
    fn node(&mut self, node: &Node, path: &mut Vec<String>, lines: &mut Vec<usize>) {
        match node {
            Node::Scalar(scalar) => {
                if !self.keys.selects(path) {
                    return;
                }
                let value = scalar.as_str().trim();
                let start = scalar.span().start().map_or(0, |marker| {
                    self.lines.byte_offset(marker.line(), marker.column())
                });
                let origin = source::align(self.text, start, value)
                    .map(Origin::Mapped)
                    .unwrap_or(Origin::Mapped(vec![(0, start..start)]));
                self.push(path, lines, value.to_owned(), origin);
            }
            Node::Mapping(map) => {
                for (key, value) in map.iter() {
                    path.push(key.as_str().to_owned());
                    lines.push(key.span().start().map_or(0, |marker| marker.line()));
                    self.node(value, path, lines);
                    path.pop();
                    lines.pop();
                }
            }
            Node::Sequence(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(index.to_string());
                    let line = item.span().start().map_or(0, |marker| marker.line());
                    lines.push(line);
                    self.node(item, path, lines);
                    path.pop();
                    lines.pop();
                }
            }
        }
    }

    fn push(&mut self, path: &[String], lines: &[usize], text: String, origin: Origin) {
        if text.is_empty() {
            return;
        }
        let locale = self.locale.clone();
        self.entries.push(Entry::new(
            path.join("."),
            locale,
            text,
            origin,
            lines.to_vec(),
        ));
    }
}

fn parse_json(text: &str, keys: &KeySelection) -> Result<Vec<Entry>, ParseError> {
    use jsonc_parser::ast::Value;
    let parsed = jsonc_parser::parse_to_ast(
        text,
        &jsonc_parser::CollectOptions::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .map_err(|error| ParseError {
        span: error.range().start..error.range().end,
        message: format!("invalid JSON: {}", error.kind()),
    })?;
    let mut entries = Vec::new();
    let Some(root) = parsed.value else {
        return Ok(Vec::new());
    };
    // Twilio Content templates name their language.
    let content_language = match &root {
        Value::Object(object) => {
            object
                .properties
                .iter()
                .find_map(|prop| match (prop.name.as_str(), &prop.value) {
                    ("language", Value::StringLit(language)) => as_locale(&language.value),
                    _ => None,
                })
        }
        _ => None,
    };
    let by_locale = match &root {
        Value::Object(object) => {
            all_locales(object.properties.iter().map(|prop| prop.name.as_str()))
        }
        _ => false,
    };
    let lines = source::LineIndex::new(text);
    let mut stack: Vec<(Vec<String>, Option<String>, &Value)> =
        vec![(Vec::new(), content_language, &root)];
    while let Some((path, locale, value)) = stack.pop() {
        match value {
            Value::StringLit(string) => {
                if !keys.selects(&path) {
                    continue;
                }
                let decoded = string.value.trim();
                if decoded.is_empty() {
                    continue;
                }
                let start = string.range.start;
                let origin = source::align(text, start, decoded)
                    .map(Origin::Mapped)
                    .unwrap_or(Origin::Mapped(vec![(
                        0,
                        string.range.start..string.range.end,
                    )]));
                let line = lines.line_of(start);
                let key = path.join(".");
                entries.push(Entry::new(
                    key,
                    locale,
                    decoded.to_owned(),
                    origin,
                    vec![line],
                ));
            }
            Value::Object(object) => {
                for prop in object.properties.iter().rev() {
                    let name = prop.name.as_str();
                    let locale = if by_locale && path.is_empty() {
                        as_locale(name)
                    } else {
                        locale.clone()
                    };
                    let mut child = path.clone();
                    child.push(name.to_owned());
                    stack.push((child, locale, &prop.value));
                }
            }
            Value::Array(array) => {
                for (index, element) in array.elements.iter().enumerate().rev() {
                    let mut child = path.clone();
                    child.push(index.to_string());
                    stack.push((child, locale.clone(), element));
                }
            }
            _ => {}
        }
    }
    Ok(entries)
}

static SUPPRESSION: LazyLock<Regex> =
    LazyLock::new(|| crate::literal::regex(r"#\s*smslint:\s*ignore\[([^\]]*)\][ \t]*([^\r\n]*)"));

/// The `# smslint: ignore[...]` comments of a YAML file. A `#` inside a
/// quoted value is not a comment, so only a `#` at the start of a line or
/// after blank space counts, and never one inside a message's own span
/// (see [`crate::lint`]).
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
            let reason = captures
                .get(2)
                .map(|reason| reason.as_str().trim().to_owned())
                .filter(|reason| !reason.is_empty());
            Some(InlineSuppression {
                rules: captures
                    .get(1)?
                    .as_str()
                    .split(',')
                    .map(|rule| rule.trim().to_owned())
                    .filter(|rule| !rule.is_empty())
                    .collect(),
                reason,
                span: whole.start()..whole.end(),
                line: if after_content { line } else { line + 1 },
            })
        })
        .collect()
}
