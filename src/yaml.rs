//! Span-aware YAML for config and rule files. marked-yaml keeps a line and
//! column on every node (serde_yaml keeps none on values), so an invalid
//! regex or an unknown key can be underlined where it was written.

use std::ops::Range;

use marked_yaml::{FromYamlError, LoadError, LoaderOptions, Marker, Span, Spanned};
use serde::de::DeserializeOwned;

use crate::error::SetupError;

/// Deeper YAML nesting than this is refused: the tree loader recurses once
/// per level, so `- - - ... x` 50,000 deep would overflow the stack.
pub const MAX_DEPTH: usize = 256;

/// Where a text nests deeper than [`MAX_DEPTH`], walking the parser's
/// events in a loop (no recursion). Syntax errors are left to the parser
/// that reads the text for real.
pub fn too_deep(text: &str) -> Option<(Range<usize>, String)> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::MappingStart(..) | Event::SequenceStart(..), marker)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let at = byte_offset(text, marker.line(), marker.col() + 1);
                    let message = format!("YAML nested deeper than {MAX_DEPTH} levels; not read");
                    return Some((at..at, message));
                }
            }
            Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth = depth.saturating_sub(1),
            Ok((Event::StreamEnd, _)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// Parses a whole YAML document into `T`, turning every failure into a
/// [`SetupError`] that points into `text`.
pub fn parse<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, SetupError> {
    if let Some((span, message)) = too_deep(text) {
        return Err(SetupError::located(name, text.into(), Some(span), message));
    }
    parse_trusted(name, text)
}

/// [`parse`] for the YAML smslint ships (its rule packs, embedded at build
/// time and loaded by the tests): its nesting is known, so the depth
/// pre-scan that guards against hostile input is not paid at every start.
pub fn parse_trusted<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, SetupError> {
    let options = LoaderOptions::default().error_on_duplicate_keys(true);
    marked_yaml::from_yaml_with_options(0, text, options).map_err(|error| {
        let (marker, message) = match &error {
            FromYamlError::ParseYaml(load) => (load_marker(load), load_message(load)),
            FromYamlError::FromNode(node) => (node.start_mark(), node_message(node)),
        };
        let span = marker.map(|marker| token_span(text, &marker));
        SetupError::located(name, text.into(), span, message)
    })
}

/// `T` from a YAML tree `build.rs` wrote as JSON (mappings as objects,
/// scalars as strings), read as marked-yaml would read the YAML itself but
/// with no spans: `None` if it does not give a `T`, and the caller reads
/// the YAML for the located error.
pub fn from_json_tree<T: DeserializeOwned>(json: &str) -> Option<T> {
    use serde::de::DeserializeSeed;
    let mut reader = serde_json::Deserializer::from_str(json);
    let node = TreeNode.deserialize(&mut reader).ok()?;
    reader.end().ok()?;
    // Without `from_node`'s error path tracking: an error here is reported
    // from the YAML, with its path, by the caller.
    T::deserialize(marked_yaml::spanned_serde::NodeDeserializer::new(&node)).ok()
}

/// Reads one JSON value as a marked-yaml node with blank spans.
#[derive(Clone, Copy)]
struct TreeNode;

impl<'de> serde::de::DeserializeSeed<'de> for TreeNode {
    type Value = marked_yaml::Node;

    fn deserialize<D: serde::Deserializer<'de>>(self, reader: D) -> Result<Self::Value, D::Error> {
        reader.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TreeNode {
    type Value = marked_yaml::Node;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a string, an array or an object")
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(scalar(value.to_owned()).into())
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(scalar(value).into())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut items: A,
    ) -> Result<Self::Value, A::Error> {
        let mut nodes = Vec::new();
        while let Some(node) = items.next_element_seed(self)? {
            nodes.push(node);
        }
        Ok(marked_yaml::types::MarkedSequenceNode::new(Span::new_blank(), nodes).into())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut entries: A,
    ) -> Result<Self::Value, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = entries.next_key::<String>()? {
            let value = entries.next_value_seed(self)?;
            pairs.push((scalar(key), value));
        }
        Ok(pairs
            .into_iter()
            .collect::<marked_yaml::types::MarkedMappingNode>()
            .into())
    }
}

fn scalar(value: String) -> marked_yaml::types::MarkedScalarNode {
    marked_yaml::types::MarkedScalarNode::new(Span::new_blank(), value)
}

/// The byte range of the token a value starts at, through the text's line
/// index: for a file with many errors, each found without a pass over the
/// file.
pub fn span_in<T>(lines: &crate::source::LineIndex, value: &Spanned<T>) -> Option<Range<usize>> {
    marker_span(lines, value.span())
}

/// The byte range of the token a node's span starts at.
pub fn marker_span(lines: &crate::source::LineIndex, span: &Span) -> Option<Range<usize>> {
    let marker = span.start()?;
    let start = lines.byte_offset(marker.line(), marker.column());
    Some(token_span_at(lines.text(), start))
}

/// The longest stretch of a token an error underlines.
const MAX_UNDERLINE: usize = 120;

/// Maps each character of a scalar's decoded value to the source bytes it
/// was written as (see [`crate::source::align`]). `None` when the value
/// cannot be found in order.
pub fn align(
    lines: &crate::source::LineIndex,
    span: &Span,
    decoded: &str,
) -> Option<Vec<(usize, Range<usize>)>> {
    let marker = span.start()?;
    let start = lines.byte_offset(marker.line(), marker.column());
    crate::source::align(lines.text(), start, decoded)
}

fn load_marker(error: &LoadError) -> Option<Marker> {
    match error {
        LoadError::TopLevelMustBeMapping(marker)
        | LoadError::TopLevelMustBeSequence(marker)
        | LoadError::UnexpectedAnchor(marker)
        | LoadError::MappingKeyMustBeScalar(marker)
        | LoadError::UnexpectedTag(marker)
        | LoadError::ScanError(marker, _) => Some(*marker),
        LoadError::DuplicateKey(inner) => inner.key.span().start().copied(),
    }
}

/// A scanner error in words, as `invalid YAML: ...`. The scanner names
/// every quoted scalar "double-quoted"; one that opens with `'` on the line
/// of the error (`offset`) is called single-quoted.
pub fn scan_error(text: &str, offset: usize, info: &str) -> String {
    let line_start = text
        .get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1);
    let line = text.get(line_start..offset).unwrap_or("");
    let single = line
        .find(['\'', '"'])
        .and_then(|at| line.get(at..))
        .is_some_and(|rest| rest.starts_with('\''));
    if single {
        format!(
            "invalid YAML: {}",
            info.replace("double-quoted", "single-quoted")
        )
    } else {
        format!("invalid YAML: {info}")
    }
}

fn load_message(error: &LoadError) -> String {
    match error {
        LoadError::TopLevelMustBeMapping(_) => "the top level must be a mapping".into(),
        LoadError::TopLevelMustBeSequence(_) => "the top level must be a list".into(),
        LoadError::UnexpectedAnchor(_) => "YAML anchors and aliases are not supported here".into(),
        LoadError::MappingKeyMustBeScalar(_) => "mapping keys must be plain strings".into(),
        LoadError::UnexpectedTag(_) => "YAML tags are not supported here".into(),
        LoadError::ScanError(_, scan) => format!("invalid YAML: {}", scan.info()),
        LoadError::DuplicateKey(inner) => {
            format!("duplicate key `{}`", inner.key.as_str())
        }
    }
}

fn node_message(error: &marked_yaml::FromNodeError) -> String {
    let text = match &**error {
        marked_yaml::Error::UnknownFieldError(field, expected, _) => {
            format!(
                "unknown key `{field}` (expected one of: {})",
                expected.join(", ")
            )
        }
        other => other.to_string(),
    };
    match error.path() {
        Some(path) if !text.contains("unknown key") => format!("{text} (at `{path}`)"),
        _ => text,
    }
}

/// The byte range of the token that starts at a marker: a quoted string up
/// to its closing quote, otherwise up to the end of the plain value.
fn token_span(text: &str, marker: &Marker) -> Range<usize> {
    token_span_at(text, byte_offset(text, marker.line(), marker.column()))
}

/// The token that starts at byte `start` of `text`.
fn token_span_at(text: &str, start: usize) -> Range<usize> {
    let rest = text.get(start..).unwrap_or("");
    let length = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => quoted_length(rest, quote),
        _ => plain_length(rest),
    };
    let token = rest.get(..length).unwrap_or(rest).trim_end();
    let token = token.strip_suffix(':').unwrap_or(token);
    // A runaway token (10,000 "[" in a row) is underlined by its start only.
    let mut end = token.len().min(MAX_UNDERLINE);
    while !token.is_char_boundary(end) {
        end -= 1;
    }
    start..start + end
}

/// A plain scalar ends at a line end, a flow delimiter, a comment or a
/// `key: value` colon.
fn plain_length(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        let next = bytes.get(index + 1).copied();
        let ends = match byte {
            b'\n' | b'\r' | b',' | b']' | b'}' => true,
            b':' => matches!(next, None | Some(b' ' | b'\t' | b'\n' | b'\r')),
            b' ' => next == Some(b'#'),
            _ => false,
        };
        if ends {
            return index;
        }
    }
    rest.len()
}

fn quoted_length(rest: &str, quote: char) -> usize {
    let mut escaped = false;
    for (index, c) in rest.char_indices().skip(1) {
        match c {
            '\\' if quote == '"' && !escaped => escaped = true,
            '\n' => return index,
            c if c == quote && !escaped => return index + c.len_utf8(),
            _ => escaped = false,
        }
    }
    rest.len()
}

/// Byte offset of a 1-based line and 1-based column (in characters), for
/// a single lookup; many lookups in one text go through
/// [`crate::source::LineIndex`].
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(newline, _)| newline + 1)
    };
    crate::source::column_offset(text, line_start, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: Spanned<String>,
        #[serde(default)]
        list: Vec<Spanned<String>>,
    }

    #[test]
    fn values_are_located_to_the_byte() {
        let text = "name: \"Café x\"\nlist: [a, 'b c']\n";
        let sample: Sample = parse("t.yaml", text).unwrap();
        let lines = crate::source::LineIndex::new(text);
        assert_eq!(&text[span_in(&lines, &sample.name).unwrap()], "\"Café x\"");
        assert_eq!(&text[span_in(&lines, &sample.list[1]).unwrap()], "'b c'");
        assert_eq!(&text[span_in(&lines, &sample.list[0]).unwrap()], "a");
    }

    #[test]
    fn decoded_values_align_with_their_source() {
        let text = "a: \"say \\\"hi\\\"\"\nb: >\n  folded\n  line\n";
        let node = marked_yaml::parse_yaml(0, text).unwrap();
        let map = node.as_mapping().unwrap();
        for key in ["a", "b"] {
            let scalar = map.get_scalar(key).unwrap();
            let value = scalar.as_str().trim_end();
            let aligned =
                align(&crate::source::LineIndex::new(text), scalar.span(), value).unwrap();
            assert_eq!(aligned.len(), value.chars().count());
            let first = aligned.first().unwrap().1.start;
            let last = aligned.last().unwrap().1.end;
            let source = &text[first..last];
            assert_eq!(source.chars().next(), value.chars().next(), "{source:?}");
            assert_eq!(source.chars().last(), value.chars().last(), "{source:?}");
            assert!(
                source.contains(if key == "a" { "hi" } else { "folded\n  line" }),
                "{source:?}"
            );
        }
    }

    #[test]
    fn an_unknown_key_points_at_the_key() {
        let text = "name: x\nnmae: y\n";
        let error = parse::<Sample>("t.yaml", text).unwrap_err();
        assert!(
            error.message.contains("unknown key `nmae`"),
            "{}",
            error.message
        );
        assert_eq!(error.span.clone().map(|span| &text[span]), Some("nmae"));
    }

    #[test]
    fn malformed_yaml_and_anchors_are_errors_with_a_place() {
        for text in [
            "name: [unclosed\n",
            "a: &x 1\nname: *x\n",
            "name: a\nname: b\n",
        ] {
            let error = parse::<Sample>("t.yaml", text).unwrap_err();
            assert!(error.span.is_some(), "{text:?}: {}", error.message);
        }
    }

    #[test]
    fn a_single_quoted_scalar_is_called_single_quoted() {
        let text = "en:\n  promo: 'bad' ok'\n";
        let offset = text.find(" ok").unwrap();
        let info = "invalid trailing content after double-quoted scalar";
        assert!(scan_error(text, offset, info).contains("after single-quoted scalar"));
        let text = "en:\n  promo: \"bad\" ok\n";
        let offset = text.find(" ok").unwrap();
        assert!(scan_error(text, offset, info).contains("after double-quoted scalar"));
    }
}
