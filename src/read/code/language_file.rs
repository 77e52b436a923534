//! Laravel language files: `lang/<locale>/<file>.php` (also under
//! `resources/`), a PHP file that returns an array of strings. Keys are
//! those Laravel's `__('file.key')` and `trans()` look up: the file's path
//! below the locale folder, then the array keys (`welcome` in
//! `lang/en/common/sms.php` is `common/sms.welcome`). `:name` is a
//! placeholder. Read from the syntax tree, like send calls.

use std::path::Path;

use tree_sitter::Node;

use super::text::{Assembled, FormatStyle};
use super::{parse, Language, Reader};
use crate::read::select::Selector;
use crate::read::{Catalog, Entry, ParseError};
use crate::source::{LocalSyntax, Origin};

/// The locale and key prefix of a Laravel language file (`lang/en/sms.php`
/// is `("en", "sms")`); `None` for any other path.
pub fn language_file(path: &Path) -> Option<(String, String)> {
    if !crate::source::has_extension(path, &["php"]) {
        return None;
    }
    let parts: Vec<&str> = path.iter().filter_map(|part| part.to_str()).collect();
    let at = parts.iter().rposition(|part| *part == "lang")?;
    let locale = crate::read::as_locale(parts.get(at + 1)?)?;
    let below = parts.get(at + 2..).filter(|below| !below.is_empty())?;
    let prefix = below.join("/");
    let prefix = prefix.strip_suffix(".php").unwrap_or(&prefix).to_owned();
    Some((locale, prefix))
}

/// Reads the strings of the array a language file returns. A build
/// without the PHP grammar cannot: an error naming the cargo feature.
pub fn read(path: &Path, text: &str, selector: &Selector) -> Result<Catalog, ParseError> {
    let mut catalog = Catalog::default();
    let Some((locale, prefix)) = language_file(path) else {
        return Ok(catalog);
    };
    let tree = match parse(Language::Php, text) {
        Ok(Some(tree)) => tree,
        Ok(None) => return Ok(catalog),
        Err(feature) => {
            return Err(ParseError {
                span: 0..0,
                message: format!(
                    "a Laravel language file, which this build cannot parse (cargo feature `{feature}`)"
                ),
            })
        }
    };
    let reader = Reader::new(Language::Php, text, &tree);
    let mut returned = None;
    catalog.suppressions = reader.visit(|node| {
        if returned.is_none() && node.kind() == "return_statement" {
            returned = node.named_child(0);
        }
    });
    let Some(array) = returned else {
        return Ok(catalog);
    };
    let segments: Vec<String> = prefix.split('/').map(str::to_owned).collect();
    let mut stack = vec![(array, Vec::<String>::new(), Vec::<usize>::new())];
    while let Some((node, keys, lines)) = stack.pop() {
        let Some(object) = reader.object_of(node) else {
            reader.push_string(
                node,
                &keys,
                &lines,
                (&segments, &locale, &prefix),
                selector,
                &mut catalog,
            );
            continue;
        };
        let mut cursor = object.walk();
        let members: Vec<Node> = object.named_children(&mut cursor).collect();
        for (index, member) in members.into_iter().enumerate().rev() {
            if !reader.is(member, reader.syntax.pairs) {
                continue;
            }
            let (key, value) = reader
                .pair(member)
                .unwrap_or_else(|| (index.to_string(), member.named_child(0).unwrap_or(member)));
            let mut keys = keys.clone();
            keys.push(key);
            let mut lines = lines.clone();
            lines.push(reader.line(member.start_byte()));
            stack.push((value, keys, lines));
        }
    }
    Ok(catalog)
}

impl<'t> Reader<'t> {
    /// Adds the string `node` (at `keys` in the file) to the catalog when
    /// the selection takes it.
    fn push_string(
        &self,
        node: Node<'t>,
        keys: &[String],
        lines: &[usize],
        (segments, locale, prefix): (&[String], &str, &str),
        selector: &Selector,
        catalog: &mut Catalog,
    ) {
        let mut assembled = Assembled::default();
        if self.is(node, self.syntax.strings) {
            self.string(node, &mut assembled, FormatStyle::None);
        } else {
            self.value(node, &mut assembled, 0);
        }
        if !assembled.literal || assembled.text.trim().is_empty() {
            return;
        }
        let path: Vec<String> = segments.iter().chain(keys).cloned().collect();
        if !selector.selects(&path) {
            catalog.skip(&path);
            return;
        }
        let mut entry = Entry::with_syntax(
            format!("{prefix}.{}", keys.join(".")),
            Some(locale.to_owned()),
            assembled.text,
            Origin::Mapped(assembled.map),
            lines.to_vec(),
            LocalSyntax::Colon,
        );
        entry.message.add_placeholders(assembled.placeholders);
        catalog.entries.push(entry);
    }
}
