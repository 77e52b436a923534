//! YAML catalogs: Rails i18n and plain key → string maps, every document
//! of a file, with anchors, aliases and `<<:` merge keys as Rails locale
//! files use them. A message reached through an alias points at the
//! anchored text, where the words are written.
//!
//! Built on the event parser of `yaml-rust2` (the parser under
//! marked-yaml) rather than a loaded tree, because the tree loaders refuse
//! anchors and recurse once per nesting level: here nesting is a loop with
//! a depth limit, and alias expansion is bounded.

use std::collections::HashMap;
use std::rc::Rc;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::locale::{all_locales, as_locale};
use super::select::Selector;
use super::{Catalog, Entry, ParseError};
use crate::source::{self, LineIndex, Origin};

use crate::yaml::MAX_DEPTH;

/// How many nodes a walk may visit per byte of input: aliases of aliases
/// ("billion laughs") could otherwise expand without bound.
const MAX_EXPANSION: usize = 16;

/// Messages a catalog may yield: one per this many bytes of the file (and
/// a thousand more). Each message of a text reached through aliases is a
/// copy with its own spans, so nodes per byte alone let a 1 MB file yield
/// two million messages and 3 GB.
const BYTES_PER_MESSAGE: usize = 16;

#[derive(Debug)]
enum Node {
    Scalar {
        value: String,
        /// Byte offset of the scalar's first source character (its quote
        /// or block indicator).
        start: usize,
        line: usize,
        plain: bool,
    },
    /// Entries, and the depth of the tree below (aliases included).
    Mapping(Vec<(Rc<Node>, Rc<Node>)>, usize),
    Sequence(Vec<Rc<Node>>, usize),
}

impl Node {
    fn key_text(&self) -> &str {
        match self {
            Node::Scalar { value, .. } => value,
            _ => "?",
        }
    }

    /// How deep the tree below this node goes, aliases included: a chain
    /// of aliases nests as deep as it is long, whatever the text's
    /// indentation says.
    fn depth(&self) -> usize {
        match self {
            Node::Scalar { .. } => 0,
            Node::Mapping(_, depth) | Node::Sequence(_, depth) => *depth,
        }
    }

    fn line(&self) -> usize {
        match self {
            Node::Scalar { line, .. } => *line,
            _ => 0,
        }
    }
}

/// A collection being built.
enum Frame {
    Mapping {
        anchor: usize,
        items: Vec<(Rc<Node>, Rc<Node>)>,
        key: Option<Rc<Node>>,
    },
    Sequence {
        anchor: usize,
        items: Vec<Rc<Node>>,
    },
}

/// Reads a YAML catalog.
pub fn read(text: &str, selector: &Selector) -> Result<Catalog, ParseError> {
    let lines = LineIndex::new(text);
    let documents = load(text, &lines)?;
    let mut walk = Walk {
        text,
        selector,
        locale: None,
        catalog: Catalog::default(),
        budget: text.len().saturating_mul(MAX_EXPANSION).max(1 << 16),
        messages_left: text.len() / BYTES_PER_MESSAGE + 1024,
    };
    for root in &documents {
        if is_rule_pack(root) {
            continue;
        }
        match root.as_ref() {
            Node::Mapping(items, _) => {
                // Rails style: every top-level key is a locale (`en:`, `es:`).
                let by_locale = all_locales(items.iter().map(|(key, _)| key.key_text()));
                walk.catalog.localized |= by_locale;
                for (key, value) in items {
                    walk.locale = as_locale(key.key_text()).filter(|_| by_locale);
                    let mut path = vec![key.key_text().to_owned()];
                    walk.node(value, &mut path, &mut vec![key.line()])
                        .map_err(|message| ParseError {
                            span: 0..0,
                            message,
                        })?;
                }
            }
            other => walk
                .node(other, &mut Vec::new(), &mut Vec::new())
                .map_err(|message| ParseError {
                    span: 0..0,
                    message,
                })?,
        }
    }
    Ok(walk.catalog)
}

/// Parses every document into a tree, resolving aliases and merge keys.
fn load(text: &str, lines: &LineIndex) -> Result<Vec<Rc<Node>>, ParseError> {
    let at = |marker: &Marker| lines.byte_offset(marker.line(), marker.col() + 1);
    let mut parser = Parser::new_from_str(text);
    let mut anchors: HashMap<usize, Rc<Node>> = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut documents = Vec::new();
    loop {
        let (event, marker) = parser.next_token().map_err(|error| {
            let offset = at(error.marker());
            ParseError {
                span: offset..offset,
                message: crate::yaml::scan_error(text, offset, error.info()),
            }
        })?;
        let complete = match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {
                continue
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    let offset = at(&marker);
                    return Err(ParseError {
                        span: offset..offset,
                        message: format!("YAML nested deeper than {MAX_DEPTH} levels; not read"),
                    });
                }
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Mapping {
                        anchor,
                        items: Vec::new(),
                        key: None,
                    }
                } else {
                    Frame::Sequence {
                        anchor,
                        items: Vec::new(),
                    }
                });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let node = match stack.pop() {
                    Some(Frame::Mapping { anchor, items, .. }) => {
                        let items = merge(items);
                        let depth = 1 + items
                            .iter()
                            .map(|(key, value)| key.depth().max(value.depth()))
                            .max()
                            .unwrap_or(0);
                        (anchor, Node::Mapping(items, depth))
                    }
                    Some(Frame::Sequence { anchor, items }) => {
                        let depth = 1 + items.iter().map(|item| item.depth()).max().unwrap_or(0);
                        (anchor, Node::Sequence(items, depth))
                    }
                    None => continue,
                };
                if node.1.depth() > MAX_DEPTH {
                    let offset = at(&marker);
                    return Err(ParseError {
                        span: offset..offset,
                        message: format!(
                            "YAML nested deeper than {MAX_DEPTH} levels through its aliases; not read"
                        ),
                    });
                }
                remember(&mut anchors, node.0, Rc::new(node.1))
            }
            Event::Scalar(value, style, anchor, _) => {
                let mut start = at(&marker);
                // An anchor or tag may stand before a quoted scalar's quote.
                let quote = match style {
                    TScalarStyle::DoubleQuoted => Some('"'),
                    TScalarStyle::SingleQuoted => Some('\''),
                    _ => None,
                };
                if let Some(quote) = quote {
                    let line = text.get(start..).and_then(|rest| rest.lines().next());
                    start += line.and_then(|line| line.find(quote)).unwrap_or(0);
                }
                let node = Node::Scalar {
                    value,
                    start,
                    line: marker.line(),
                    plain: style == TScalarStyle::Plain,
                };
                remember(&mut anchors, anchor, Rc::new(node))
            }
            Event::Alias(id) => anchors.get(&id).cloned().ok_or_else(|| {
                let offset = at(&marker);
                ParseError {
                    span: offset..offset,
                    message: "invalid YAML: alias to an unknown anchor".to_owned(),
                }
            })?,
        };
        match stack.last_mut() {
            Some(Frame::Mapping { items, key, .. }) => match key.take() {
                Some(name) => items.push((name, complete)),
                None => *key = Some(complete),
            },
            Some(Frame::Sequence { items, .. }) => items.push(complete),
            None => documents.push(complete),
        }
    }
    Ok(documents)
}

fn remember(anchors: &mut HashMap<usize, Rc<Node>>, anchor: usize, node: Rc<Node>) -> Rc<Node> {
    if anchor != 0 {
        anchors.insert(anchor, Rc::clone(&node));
    }
    node
}

/// Applies `<<:` merge keys: the merged mappings' entries, less those the
/// mapping sets itself (YAML merge key semantics).
fn merge(items: Vec<(Rc<Node>, Rc<Node>)>) -> Vec<(Rc<Node>, Rc<Node>)> {
    if !items.iter().any(|(key, _)| is_merge_key(key)) {
        return items;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) =
        items.into_iter().partition(|(key, _)| is_merge_key(key));
    // The keys set so far, looked up in one step each: 80,000 merged keys
    // took 14 s compared one by one.
    let mut set: std::collections::HashSet<String> = own
        .iter()
        .map(|(key, _)| key.key_text().to_owned())
        .collect();
    for (_, value) in merges {
        let sources: Vec<Rc<Node>> = match value.as_ref() {
            Node::Sequence(sources, _) => sources.clone(),
            _ => vec![value],
        };
        for source in sources {
            if let Node::Mapping(entries, _) = source.as_ref() {
                for (key, value) in entries {
                    if set.insert(key.key_text().to_owned()) {
                        own.push((Rc::clone(key), Rc::clone(value)));
                    }
                }
            }
        }
    }
    own
}

fn is_merge_key(key: &Node) -> bool {
    matches!(key, Node::Scalar { value, plain: true, .. } if value == "<<")
}

/// smslint's own rule files hold `message:` keys that are not SMS texts.
fn is_rule_pack(root: &Node) -> bool {
    let Node::Mapping(items, _) = root else {
        return false;
    };
    items.iter().any(|(key, value)| {
        key.key_text() == "rules"
            && matches!(value.as_ref(), Node::Sequence(rules, _) if rules.iter().all(|rule| {
                matches!(rule.as_ref(), Node::Mapping(fields, _)
                    if fields.iter().any(|(field, _)| field.key_text() == "id"))
            }))
    })
}

struct Walk<'a> {
    text: &'a str,
    selector: &'a Selector<'a>,
    locale: Option<String>,
    catalog: Catalog,
    /// Nodes the walk may still visit.
    budget: usize,
    /// Messages the walk may still yield.
    messages_left: usize,
}

impl Walk<'_> {
    fn node(
        &mut self,
        node: &Node,
        path: &mut Vec<String>,
        lines: &mut Vec<usize>,
    ) -> Result<(), String> {
        self.budget = self
            .budget
            .checked_sub(1)
            .ok_or("YAML aliases expand beyond 16 nodes per byte of the file; not read")?;
        match node {
            Node::Scalar {
                value,
                start,
                plain,
                ..
            } => {
                let value = value.trim();
                if value.is_empty() || (*plain && is_plain_non_string(value)) {
                    return Ok(());
                }
                if !self.selector.selects(path) {
                    self.catalog.skip(path);
                    return Ok(());
                }
                self.messages_left = self.messages_left.checked_sub(1).ok_or(
                    "YAML aliases yield more messages than one per 16 bytes of the file; not read",
                )?;
                let origin = source::align(self.text, *start, value)
                    .map(Origin::Mapped)
                    .unwrap_or(Origin::Mapped(vec![(0, *start..*start)]));
                self.catalog.entries.push(Entry::new(
                    path.join("."),
                    self.locale.clone(),
                    value.to_owned(),
                    origin,
                    lines.to_vec(),
                ));
            }
            Node::Mapping(items, _) => {
                for (key, value) in items {
                    path.push(key.key_text().to_owned());
                    lines.push(key.line());
                    let walked = self.node(value, path, lines);
                    path.pop();
                    lines.pop();
                    walked?;
                }
            }
            Node::Sequence(items, _) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(index.to_string());
                    lines.push(match item.as_ref() {
                        Node::Scalar { line, .. } => *line,
                        _ => lines.last().copied().unwrap_or(0),
                    });
                    let walked = self.node(item, path, lines);
                    path.pop();
                    lines.pop();
                    walked?;
                }
            }
        }
        Ok(())
    }
}

/// A plain scalar that YAML reads as a number, a boolean or null: not text.
fn is_plain_non_string(value: &str) -> bool {
    matches!(
        value,
        "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    ) || value.parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::KeySelection;
    use std::path::Path;

    fn texts(yaml: &str) -> Vec<(String, String)> {
        let keys = KeySelection::Default;
        let selector = Selector::new(&keys, Path::new("config/locales/en.yml"));
        read(yaml, &selector)
            .unwrap()
            .entries
            .into_iter()
            .map(|entry| (entry.key, entry.message.text.into_owned()))
            .collect()
    }

    #[test]
    fn aliases_and_merge_keys_resolve_to_the_anchored_text() {
        let yaml = "defaults: &defaults\n  sms: \"Acme: your code is %{code}\"\nen:\n  login:\n    <<: *defaults\n  signup:\n    sms: *sms_alias_free\n";
        // An alias to an unknown anchor is an error with a location.
        let keys = KeySelection::Default;
        let selector = Selector::new(&keys, Path::new("en.yml"));
        assert!(read(yaml, &selector).is_err());
        let yaml = "defaults: &defaults\n  sms: &code \"Acme: your code is %{code}\"\nen:\n  login:\n    <<: *defaults\n  signup:\n    sms: *code\n";
        let found = texts(yaml);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().any(|(key, _)| key == "en.login.sms"));
        assert!(found.iter().any(|(key, _)| key == "en.signup.sms"));
    }

    #[test]
    fn an_aliased_message_points_at_the_anchored_text() {
        let yaml = "a: &x \"Acme: free vodka\"\nb:\n  sms: *x\n";
        let keys = KeySelection::Default;
        let selector = Selector::new(&keys, Path::new("en.yml"));
        let catalog = read(yaml, &selector).unwrap();
        let entry = catalog.entries.first().unwrap();
        let whole = entry.message.whole();
        assert_eq!(&yaml[whole], "Acme: free vodka");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let yaml = "- ".repeat(50_000) + "x\n";
        let keys = KeySelection::Default;
        let selector = Selector::new(&keys, Path::new("sms.yml"));
        let error = read(&yaml, &selector).unwrap_err();
        assert!(error.message.contains("nested deeper"), "{}", error.message);
    }

    #[test]
    fn alias_bombs_are_bounded() {
        let mut yaml = String::from("a0: &a0 [\"lol\", \"lol\"]\n");
        for level in 1..40 {
            let previous = level - 1;
            yaml.push_str(&format!(
                "a{level}: &a{level} [*a{previous}, *a{previous}]\n"
            ));
        }
        yaml.push_str("sms: *a39\n");
        let keys = KeySelection::Default;
        let selector = Selector::new(&keys, Path::new("en.yml"));
        let error = read(&yaml, &selector).unwrap_err();
        assert!(error.message.contains("expand"), "{}", error.message);
    }

    #[test]
    fn every_document_is_read() {
        let found = texts("sms: \"Acme: one\"\n---\nsms: \"Acme: two\"\n");
        assert_eq!(found.len(), 2);
    }
}
