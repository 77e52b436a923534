//! XML catalogs, parsed with roxmltree (which keeps every node's byte
//! range). Four shapes hold SMS texts:
//! - Odoo data files (`<odoo>`/`<openerp>`): the `body` field of each
//!   `sms.template` record, and `body_plaintext` of each `mailing.mailing`
//!   whose `mailing_type` is `sms`; the record id is the key. Every such
//!   body is a message whatever its key, since the model says SMS.
//! - Android resources (`<resources>`): `<string name>`, `<plurals>` items
//!   and `<string-array>` items, keyed by name.
//! - XLIFF 1.2 (`<trans-unit id>`) and 2.x (`<unit id>`): the target, else
//!   the source, keyed by id (or `resname`).
//! - .NET `.resx` (`<data name><value>`), keyed by name.
//! - TwiML (`<Response>`): the reply each `<Message>` (or the legacy
//!   `<Sms>`) sends, its `<Body>` when it has one, keyed `Message[n]` in
//!   document order. Like Odoo's, every such body is a message: the verb
//!   says SMS.
//!
//! Other XML (build files, layouts, reports) holds no message.
//!
//! Inline elements inside a text (`<xliff:g>`, `<x/>`, `<b>`) are
//! placeholders; entities and CDATA map to the bytes they were written as.

use std::ops::Range;

use roxmltree::{Document, Node, ParsingOptions};

use super::locale::as_locale;
use super::select::Selector;
use super::{Catalog, Entry, ParseError};
use crate::source::{LineIndex, Origin, Placeholder};

/// The most nodes a document may have: bounds memory on hostile input.
const MAX_NODES: u32 = 1_000_000;

/// Reads an XML catalog.
pub fn read(text: &str, selector: &Selector) -> Result<Catalog, ParseError> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(text, options).map_err(|error| {
        let position = error.pos();
        let offset = LineIndex::new(text).byte_offset(position.row as usize, position.col as usize);
        ParseError {
            span: offset..offset,
            message: format!("invalid XML: {error}"),
        }
    })?;
    let root = document.root_element();
    let mut reader = Reader {
        text,
        lines: LineIndex::new(text),
        selector,
        catalog: Catalog::default(),
    };
    match root.tag_name().name() {
        "odoo" | "openerp" => reader.odoo(root),
        "resources" => {
            reader.catalog.localized = true;
            reader.android(root);
        }
        "xliff" => {
            reader.catalog.localized = true;
            reader.xliff(root);
        }
        "Response" => reader.twiml(root),
        "root" if is_resx(root) => {
            reader.catalog.localized = true;
            reader.resx(root);
        }
        _ => {}
    }
    Ok(reader.catalog)
}

/// The (target, source) languages an XLIFF `<xliff>` or `<file>` names.
fn languages<'a>(node: Node<'a, '_>) -> (Option<&'a str>, Option<&'a str>) {
    (
        node.attribute("trgLang")
            .or(node.attribute("target-language")),
        node.attribute("srcLang")
            .or(node.attribute("source-language")),
    )
}

fn is_resx(root: Node) -> bool {
    root.children()
        .any(|child| child.has_tag_name("resheader") || child.has_tag_name("data"))
}

fn element<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|child| child.has_tag_name(name))
}

struct Reader<'a> {
    text: &'a str,
    lines: LineIndex<'a>,
    selector: &'a Selector<'a>,
    catalog: Catalog,
}

impl Reader<'_> {
    fn odoo(&mut self, root: Node) {
        for record in root
            .descendants()
            .filter(|node| node.has_tag_name("record"))
        {
            let field = |name: &str| {
                record.children().find(|child| {
                    child.has_tag_name("field") && child.attribute("name") == Some(name)
                })
            };
            let body = match record.attribute("model") {
                Some("sms.template") => field("body"),
                Some("mailing.mailing")
                    if field("mailing_type")
                        .and_then(|kind| kind.text())
                        .is_some_and(|kind| kind.trim() == "sms") =>
                {
                    field("body_plaintext")
                }
                _ => None,
            };
            if let Some(body) = body {
                let key = record.attribute("id").unwrap_or("record").to_owned();
                // The model says SMS: no key selection applies.
                self.push(key, None, body, &[record.range().start, body.range().start]);
            }
        }
    }

    fn twiml(&mut self, root: Node) {
        let replies = root
            .descendants()
            .filter(|node| node.has_tag_name("Message") || node.has_tag_name("Sms"));
        for (index, reply) in replies.enumerate() {
            // A `<Media>` alone sends no text.
            let Some(body) = element(reply, "Body").or_else(|| {
                reply
                    .children()
                    .any(|child| {
                        child.is_text() && child.text().is_some_and(|text| !text.trim().is_empty())
                    })
                    .then_some(reply)
            }) else {
                continue;
            };
            let key = format!("{}[{}]", reply.tag_name().name(), index + 1);
            self.push(key, None, body, &[reply.range().start, body.range().start]);
        }
    }

    fn android(&mut self, root: Node) {
        for node in root.children().filter(Node::is_element) {
            let Some(name) = node.attribute("name") else {
                continue;
            };
            if node.attribute("translatable") == Some("false") {
                continue;
            }
            match node.tag_name().name() {
                "string" => self.select(name.to_owned(), node, &[node.range().start]),
                "plurals" | "string-array" => {
                    for item in node.children().filter(|child| child.has_tag_name("item")) {
                        let key = match item.attribute("quantity") {
                            Some(quantity) => format!("{name}.{quantity}"),
                            None => name.to_owned(),
                        };
                        self.select(key, item, &[node.range().start, item.range().start]);
                    }
                }
                _ => {}
            }
        }
    }

    fn xliff(&mut self, root: Node) {
        // 2.x names the languages on the root, 1.2 on each <file>.
        let (root_target, root_source) = languages(root);
        for file in root.children().filter(|node| node.has_tag_name("file")) {
            let (target, source) = languages(file);
            let target_language = target.or(root_target);
            let source_language = source.or(root_source);
            let units = file
                .descendants()
                .filter(|node| node.has_tag_name("trans-unit") || node.has_tag_name("unit"));
            for unit in units {
                let key = unit
                    .attribute("resname")
                    .or(unit.attribute("id"))
                    .unwrap_or("unit")
                    .to_owned();
                let holder = element(unit, "segment").unwrap_or(unit);
                let target = element(holder, "target").filter(|node| has_text(*node));
                let (chosen, language) = match target {
                    Some(target) => (Some(target), target_language),
                    None => (element(holder, "source"), source_language),
                };
                if let Some(chosen) = chosen {
                    let locale = language.and_then(as_locale);
                    if self.selector.selects(&key_path(&key)) {
                        self.push(
                            key,
                            locale,
                            chosen,
                            &[unit.range().start, chosen.range().start],
                        );
                    } else if has_text(chosen) {
                        self.catalog.skip(&key_path(&key));
                    }
                }
            }
        }
    }

    fn resx(&mut self, root: Node) {
        for data in root.children().filter(|node| node.has_tag_name("data")) {
            // Typed entries (images, sizes) are not strings.
            if data.attribute("type").is_some() || data.attribute("mimetype").is_some() {
                continue;
            }
            let (Some(name), Some(value)) = (data.attribute("name"), element(data, "value")) else {
                continue;
            };
            self.select(
                name.to_owned(),
                value,
                &[data.range().start, value.range().start],
            );
        }
    }

    /// Pushes the text of `node` when the selection takes `key`.
    fn select(&mut self, key: String, node: Node, key_offsets: &[usize]) {
        if self.selector.selects(&key_path(&key)) {
            self.push(key, None, node, key_offsets);
        } else if has_text(node) {
            self.catalog.skip(&key_path(&key));
        }
    }

    /// The text of `node` as a message: its text nodes decoded and mapped to
    /// their bytes, its child elements as placeholders.
    fn push(&mut self, key: String, locale: Option<String>, node: Node, key_offsets: &[usize]) {
        let mut text = String::new();
        let mut map: Vec<(usize, Range<usize>)> = Vec::new();
        let mut inline: Vec<Placeholder> = Vec::new();
        for child in node.children() {
            if child.is_text() {
                let decoded = child.text().unwrap_or("");
                append_mapped(self.text, child.range(), decoded, &mut text, &mut map);
            } else if child.is_element() {
                let range = child.range();
                let written = self.text.get(range.clone()).unwrap_or("");
                let start = text.len();
                for (offset, c) in written.char_indices() {
                    let at = range.start + offset;
                    map.push((text.len(), at..at + c.len_utf8()));
                    text.push(c);
                }
                inline.push(Placeholder {
                    span: start..text.len(),
                    name: child
                        .attribute("id")
                        .map(str::to_owned)
                        .or(Some(child.tag_name().name().to_owned())),
                });
            }
        }
        let leading = text.len() - text.trim_start().len();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return;
        }
        let map = map
            .into_iter()
            .filter(|(offset, _)| *offset >= leading && *offset < leading + trimmed.len())
            .map(|(offset, source)| (offset - leading, source))
            .collect();
        let lines = key_offsets
            .iter()
            .map(|&offset| self.lines.line_of(offset))
            .collect();
        let mut entry = Entry::new(key, locale, trimmed.to_owned(), Origin::Mapped(map), lines);
        let inline = inline.into_iter().filter_map(|element| {
            let start = element.span.start.checked_sub(leading)?;
            let end = (element.span.end - leading).min(trimmed.len());
            Some(Placeholder {
                span: start..end,
                name: element.name,
            })
        });
        entry.message.add_placeholders(inline.collect());
        self.catalog.entries.push(entry);
    }
}

fn has_text(node: Node) -> bool {
    node.descendants()
        .any(|child| child.is_text() && child.text().is_some_and(|text| !text.trim().is_empty()))
}

fn key_path(key: &str) -> Vec<String> {
    key.split('.').map(str::to_owned).collect()
}

/// Appends a text node's decoded text, mapping each character to the
/// source bytes it was written as: itself, a whole entity (`&amp;`,
/// `&#233;`), or inside a CDATA section.
fn append_mapped(
    source: &str,
    range: Range<usize>,
    decoded: &str,
    text: &mut String,
    map: &mut Vec<(usize, Range<usize>)>,
) {
    let written = source.get(range.clone()).unwrap_or("");
    let mut position = 0;
    for wanted in decoded.chars() {
        let mut found = None;
        // Skip what decodes to nothing (CDATA markers) until the character
        // or an entity standing for it.
        while let Some(rest) = written.get(position..) {
            let Some(c) = rest.chars().next() else { break };
            if c == wanted {
                found = Some(position..position + c.len_utf8());
                break;
            }
            if c == '&' {
                if let Some(end) = rest.find(';').filter(|&end| end <= 12) {
                    found = Some(position..position + end + 1);
                    break;
                }
            }
            position += c.len_utf8();
        }
        let at = match found {
            Some(at) => {
                position = at.end;
                range.start + at.start..range.start + at.end
            }
            None => range.start + written.len()..range.start + written.len(),
        };
        map.push((text.len(), at));
        text.push(wanted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::KeySelection;
    use std::path::Path;

    fn entries(path: &str, xml: &str) -> Vec<(String, String, String)> {
        let keys = KeySelection::Default;
        let selector = Selector::new(&keys, Path::new(path));
        read(xml, &selector)
            .unwrap()
            .entries
            .into_iter()
            .map(|entry| {
                let whole = entry.message.whole();
                (
                    entry.key,
                    entry.message.text.into_owned(),
                    xml[whole].to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn odoo_sms_template_bodies_are_messages_keyed_by_record_id() {
        let xml = r#"<odoo><record id="promo" model="sms.template"><field name="name">Promo</field><field name="body">Tom &amp; Co: 2-for-1 drinks</field></record>
<record id="mail" model="mailing.mailing"><field name="mailing_type">sms</field><field name="body_plaintext">Sale today</field></record>
<record id="email" model="mailing.mailing"><field name="mailing_type">mail</field><field name="body_plaintext">Not an SMS</field></record></odoo>"#;
        let found = entries("data/sms_data.xml", xml);
        assert_eq!(
            found,
            [
                (
                    "promo".into(),
                    "Tom & Co: 2-for-1 drinks".into(),
                    "Tom &amp; Co: 2-for-1 drinks".into()
                ),
                ("mail".into(), "Sale today".into(), "Sale today".into()),
            ]
        );
    }

    #[test]
    fn android_xliff_and_resx_strings_are_selected_by_key() {
        let android = r#"<resources><string name="app_name">Acme</string><string name="sms_reminder">Hi <xliff:g id="name" xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">%1$s</xliff:g>, see you</string></resources>"#;
        let found = entries("res/values/strings.xml", android);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "sms_reminder");
        let xliff = r#"<xliff version="1.2"><file source-language="en" target-language="fr"><body><trans-unit id="sms.code"><source>Your code</source><target>Votre code</target></trans-unit><trans-unit id="title"><source>Home</source></trans-unit></body></file></xliff>"#;
        let found = entries("messages.fr.xlf", xliff);
        assert_eq!(
            found,
            [("sms.code".into(), "Votre code".into(), "Votre code".into())]
        );
        let resx = r#"<root><resheader name="resmimetype"><value>text/microsoft-resx</value></resheader><data name="SmsReminder"><value>Reminder: <![CDATA[tomorrow]]></value></data></root>"#;
        let found = entries("Resources.resx", resx);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "Reminder: tomorrow");
    }

    #[test]
    fn other_xml_holds_nothing() {
        assert!(entries("pom.xml", "<project><message>sms</message></project>").is_empty());
    }
}
