//! Messages in application code: the text passed to an SMS API's send call
//! (`client.messages.create(body=f"Hi {name}...")`), read from the source
//! file's syntax tree (tree-sitter), never from regexes over its text.
//!
//! Which calls send, and which argument holds the message, recipient,
//! sender and status callback, is data: the `senders:` of the rule packs
//! (`rules/code.yaml`). A message is a string literal, an interpolated
//! string (f-string, template literal, `%` or `.format`: each interpolation
//! a placeholder), a concatenation of those, or a name bound once to such a
//! value earlier in the same function or module. Anything else is reported
//! as unresolved, once per call, never guessed.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use serde::Deserialize;
use tree_sitter::{Node, Parser};

use super::{Catalog, Entry, InlineSuppression};
use crate::source::{LineIndex, Message, Origin, Placeholder};

/// Where one argument of a send call is: a keyword (a keyword or named
/// argument, or a key of an object, dict, hash or array literal passed to
/// the call), else a position among the positional arguments (0-based).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub position: Option<usize>,
}

/// One SMS API's send call, as written in `rules/code.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// The API's name, as reports show it (`Twilio`).
    pub api: String,
    /// The last names of the callee (`[messages, create]`).
    pub call: Vec<String>,
    pub body: Argument,
    #[serde(default)]
    pub to: Argument,
    #[serde(default)]
    pub from: Argument,
    #[serde(default)]
    pub status_callback: Argument,
    /// Keywords the call must have to be this API's (SNS `publish` sends an
    /// SMS only with a `PhoneNumber`).
    #[serde(default)]
    pub required: Vec<String>,
}

/// Every sender of the rule packs, and the pre-check that passes over a
/// source file that names none of their calls without parsing it.
#[derive(Clone, Debug, Default)]
pub struct Senders {
    senders: Vec<Sender>,
    precheck: OnceLock<Option<Regex>>,
}

impl Senders {
    pub fn new(senders: Vec<Sender>) -> Senders {
        Senders {
            senders,
            precheck: OnceLock::new(),
        }
    }

    pub fn all(&self) -> &[Sender] {
        &self.senders
    }

    /// Whether `text` may hold a send call: one of the callees' names in
    /// sequence, separated as a member access is (`.`, `?.`, `->`, `::`).
    fn may_send(&self, text: &str) -> bool {
        let precheck = self.precheck.get_or_init(|| {
            let separator = r"\s*(?:\.|\?\.|->|::)\s*";
            let calls: Vec<String> = self
                .senders
                .iter()
                .map(|sender| {
                    let names: Vec<String> =
                        sender.call.iter().map(|name| regex::escape(name)).collect();
                    names.join(separator)
                })
                .collect();
            if calls.is_empty() {
                return None;
            }
            Regex::new(&format!(r"\b(?:{})\b", calls.join("|"))).ok()
        });
        precheck.as_ref().is_some_and(|regex| regex.is_match(text))
    }
}

/// The languages whose source files are read, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
}

impl Language {
    pub fn of(path: &Path) -> Option<Language> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "py" => Language::Python,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            _ => return None,
        })
    }

    fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }

    fn syntax(self) -> &'static Syntax {
        match self {
            Language::Python => &PYTHON,
            Language::JavaScript | Language::TypeScript | Language::Tsx => &JAVASCRIPT,
        }
    }
}

/// Whether a file is source code smslint reads send calls in.
pub fn is_source(path: &Path) -> bool {
    Language::of(path).is_some()
}

/// The node kinds (and their fields) of one grammar that the reader needs.
struct Syntax {
    /// Calls, with the field that holds the callee; the arguments are in
    /// the field `arguments`.
    calls: &'static [(&'static str, &'static str)],
    /// String literals: their first and last children are the delimiters.
    strings: &'static [&'static str],
    /// Adjacent literals that make one string (`"a" "b"`).
    concatenated: &'static [&'static str],
    interpolations: &'static [&'static str],
    escapes: &'static [&'static str],
    /// `{{` in an f-string.
    escaped_braces: &'static [&'static str],
    /// Binary operators, with the fields `left`, `operator`, `right`.
    binary: &'static [&'static str],
    /// Nodes whose value is their first named child (parentheses, `await`,
    /// TypeScript's `as`).
    wrappers: &'static [&'static str],
    /// Keyword arguments, with the fields `name` and `value`.
    keyword_arguments: &'static [&'static str],
    /// Object, dict or hash literals, made of `pairs` (fields `key` and
    /// `value`) and `shorthands` (`{ body }`).
    objects: &'static [&'static str],
    pairs: &'static [&'static str],
    shorthands: &'static [&'static str],
    /// Where a name is bound: functions (else the module).
    scopes: &'static [&'static str],
    /// Bindings: kind, the field of the name, the field of the value.
    bindings: &'static [(&'static str, &'static str, &'static str)],
    /// Rebindings (`body += "..."`): a name rebound is not resolved.
    rebindings: &'static [(&'static str, &'static str)],
    /// Method calls whose receiver is a format string (`"{}".format(x)`),
    /// as the kind of the callee and its receiver and method fields.
    format_method: Option<(&'static str, &'static str, &'static str)>,
    /// `"%s" % name`.
    format_operator: Option<&'static str>,
    comments: &'static [&'static str],
}

static PYTHON: Syntax = Syntax {
    calls: &[("call", "function")],
    strings: &["string"],
    concatenated: &["concatenated_string"],
    interpolations: &["interpolation"],
    escapes: &["escape_sequence"],
    escaped_braces: &["escape_interpolation"],
    binary: &["binary_operator"],
    wrappers: &["parenthesized_expression", "await"],
    keyword_arguments: &["keyword_argument"],
    objects: &["dictionary"],
    pairs: &["pair"],
    shorthands: &[],
    scopes: &["function_definition", "lambda"],
    bindings: &[("assignment", "left", "right")],
    rebindings: &[("augmented_assignment", "left"), ("for_statement", "left")],
    format_method: Some(("attribute", "object", "attribute")),
    format_operator: Some("%"),
    comments: &["comment"],
};

static JAVASCRIPT: Syntax = Syntax {
    calls: &[
        ("call_expression", "function"),
        ("new_expression", "constructor"),
    ],
    strings: &["string", "template_string"],
    concatenated: &[],
    interpolations: &["template_substitution"],
    escapes: &["escape_sequence"],
    escaped_braces: &[],
    binary: &["binary_expression"],
    wrappers: &[
        "parenthesized_expression",
        "await_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
    ],
    keyword_arguments: &[],
    objects: &["object"],
    pairs: &["pair"],
    shorthands: &["shorthand_property_identifier"],
    scopes: &[
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
    ],
    bindings: &[
        ("variable_declarator", "name", "value"),
        ("assignment_expression", "left", "right"),
    ],
    rebindings: &[
        ("augmented_assignment_expression", "left"),
        ("for_in_statement", "left"),
    ],
    format_method: None,
    format_operator: None,
    comments: &["comment"],
};

/// The rule raised for a send call whose message cannot be read.
pub const UNRESOLVED_BODY: &str = "code/unresolved-body";

/// A send call whose message could not be read.
#[derive(Debug)]
pub struct Unresolved {
    /// The message argument (or the call, when it has none to point at).
    pub span: Range<usize>,
    pub key: String,
    /// Lines (1-based) an inline suppression may be written above.
    pub key_lines: Vec<usize>,
    /// What the message is, in words.
    pub label: String,
}

/// What a source file holds: its send calls' messages as catalog entries
/// (keyed `function: API call`), its inline suppressions, and the calls
/// whose message could not be read.
#[derive(Debug, Default)]
pub struct SourceFile {
    pub catalog: Catalog,
    pub unresolved: Vec<Unresolved>,
}

/// Nesting beyond which a name is not followed further (`a = b`, `b = a`).
const MAX_DEPTH: usize = 8;

/// Reads the send calls of a source file. A file whose text names no
/// sender's call is not parsed. A syntax error does not stop the reader:
/// tree-sitter recovers, and the calls it still sees are read.
pub fn read(path: &Path, text: &str, senders: &Senders) -> SourceFile {
    let Some(language) = Language::of(path) else {
        return SourceFile::default();
    };
    if !senders.may_send(text) {
        return SourceFile::default();
    }
    let mut parser = Parser::new();
    if parser.set_language(&language.grammar()).is_err() {
        return SourceFile::default();
    }
    let Some(tree) = parser.parse(text, None) else {
        return SourceFile::default();
    };
    let reader = Reader {
        text,
        syntax: language.syntax(),
        root: tree.root_node(),
        lines: LineIndex::new(text),
        bindings: OnceCell::new(),
    };
    let mut file = SourceFile::default();
    let mut comments = Vec::new();
    let mut cursor = tree.walk();
    let mut stack = vec![tree.root_node()];
    // Preorder, iteratively: deep nesting must not overflow the stack.
    while let Some(node) = stack.pop() {
        if reader.syntax.comments.contains(&node.kind()) {
            comments.push(node);
            continue;
        }
        if let Some(&(_, callee)) = reader
            .syntax
            .calls
            .iter()
            .find(|(kind, _)| *kind == node.kind())
        {
            reader.send_call(node, callee, senders, &mut file);
        }
        let children: Vec<Node> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    file.catalog.suppressions = comments
        .into_iter()
        .filter_map(|comment| reader.suppression(comment))
        .collect();
    file
}

struct Reader<'t> {
    text: &'t str,
    syntax: &'static Syntax,
    root: Node<'t>,
    lines: LineIndex<'t>,
    bindings: OnceCell<BindingIndex<'t>>,
}

/// By scope (a node id) and name: the values bound, each with where its
/// binding starts, and whether the name is also rebound in that scope.
type BindingIndex<'t> = HashMap<(usize, &'t str), (Vec<(usize, Node<'t>)>, bool)>;

/// A message being assembled from literal pieces and placeholders.
#[derive(Default)]
struct Assembled {
    text: String,
    /// For each character of `text`, by byte offset, its source bytes.
    map: Vec<(usize, Range<usize>)>,
    placeholders: Vec<Placeholder>,
    /// Some of the text is literal (not only placeholders).
    literal: bool,
    /// Lines of the bindings it was read through.
    lines: Vec<usize>,
}

impl Assembled {
    fn push_source(&mut self, source: &str, at: usize) {
        for (offset, c) in source.char_indices() {
            self.push_char(c, at + offset..at + offset + c.len_utf8());
        }
    }

    fn push_char(&mut self, c: char, from: Range<usize>) {
        self.map.push((self.text.len(), from));
        self.text.push(c);
    }

    fn push_placeholder(&mut self, name: String, from: Range<usize>) {
        let start = self.text.len();
        for c in format!("{{{name}}}").chars() {
            self.push_char(c, from.clone());
        }
        self.placeholders.push(Placeholder {
            span: start..self.text.len(),
            name: Some(name),
        });
    }
}

impl<'t> Reader<'t> {
    fn source(&self, node: Node) -> &'t str {
        self.text.get(node.byte_range()).unwrap_or_default()
    }

    fn line(&self, byte: usize) -> usize {
        self.lines.line_of(byte)
    }

    fn is(&self, node: Node, kinds: &[&str]) -> bool {
        kinds.contains(&node.kind())
    }

    /// Reads one call if it is a sender's.
    fn send_call(
        &self,
        call: Node<'t>,
        callee_field: &str,
        senders: &Senders,
        file: &mut SourceFile,
    ) {
        let Some(callee) = call.child_by_field_name(callee_field) else {
            return;
        };
        let names: Vec<&str> = self
            .source(callee)
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .filter(|name| !name.is_empty())
            .collect();
        let arguments = self.arguments(call);
        let mut candidates = senders.all().iter().filter(|sender| {
            names.ends_with(&sender.call.iter().map(String::as_str).collect::<Vec<_>>())
                && sender
                    .required
                    .iter()
                    .all(|keyword| arguments.keyword(keyword).is_some())
        });
        let found = |argument: &Argument| arguments.find(argument).is_some();
        let Some(sender) = candidates
            .clone()
            .find(|sender| found(&sender.body))
            .or_else(|| candidates.find(|sender| found(&sender.to) || found(&sender.from)))
        else {
            return;
        };
        let key = format!(
            "{}: {} {}",
            self.scope_name(call),
            sender.api,
            sender.call.join(".")
        );
        let call_line = self.line(call.start_byte());
        let Some(body) = arguments.find(&sender.body) else {
            // Recipient and sender but no text: a media or content-template
            // send, with nothing to lint.
            return;
        };
        let mut assembled = Assembled::default();
        self.value(body, &mut assembled, 0);
        let mut key_lines = vec![call_line, self.line(body.start_byte())];
        key_lines.extend(assembled.lines.iter().copied());
        key_lines.sort_unstable();
        key_lines.dedup();
        if !assembled.literal {
            file.unresolved.push(Unresolved {
                span: body.byte_range(),
                key,
                key_lines,
                label: format!(
                    "`{}` is not text this file spells out",
                    shortened(self.source(body))
                ),
            });
            return;
        }
        let masked = crate::source::mask(&assembled.text, &assembled.placeholders).into_owned();
        file.catalog.entries.push(Entry {
            key,
            locale: None,
            message: Message {
                text: assembled.text.into(),
                masked: masked.into(),
                placeholders: assembled.placeholders,
                origin: Origin::Mapped(assembled.map),
            },
            key_lines,
        });
    }

    /// The arguments of a call: keyword ones (and the keys of object
    /// literals passed, directly or through a name), and positional ones.
    fn arguments(&self, call: Node<'t>) -> Arguments<'t> {
        let mut arguments = Arguments::default();
        let Some(list) = call.child_by_field_name("arguments") else {
            return arguments;
        };
        let mut cursor = list.walk();
        for argument in list.named_children(&mut cursor) {
            if self.is(argument, self.syntax.comments) {
                continue;
            }
            if self.is(argument, self.syntax.keyword_arguments) {
                if let (Some(name), Some(value)) = (
                    argument.child_by_field_name("name"),
                    argument.child_by_field_name("value"),
                ) {
                    arguments
                        .keywords
                        .push((self.source(name).to_owned(), value));
                }
                continue;
            }
            arguments.positional.push(argument);
            let object = self.through_names(argument, call.start_byte());
            if self.is(object, self.syntax.objects) {
                self.object_keys(object, &mut arguments.keywords);
            }
        }
        arguments
    }

    fn object_keys(&self, object: Node<'t>, keywords: &mut Vec<(String, Node<'t>)>) {
        let mut cursor = object.walk();
        for member in object.named_children(&mut cursor) {
            if self.is(member, self.syntax.shorthands) {
                keywords.push((self.source(member).to_owned(), member));
            } else if self.is(member, self.syntax.pairs) {
                if let (Some(key), Some(value)) = (
                    member.child_by_field_name("key"),
                    member.child_by_field_name("value"),
                ) {
                    let key = self.source(key).trim_matches(['"', '\'', '`', ':']);
                    keywords.push((key.to_owned(), value));
                }
            }
        }
    }

    /// `node` itself, or the value a name is bound to (followed through
    /// names), for finding an options object passed by name.
    fn through_names(&self, mut node: Node<'t>, at: usize) -> Node<'t> {
        for _ in 0..MAX_DEPTH {
            match self.binding(node, at) {
                Some(value) => node = value,
                None => break,
            }
        }
        node
    }

    /// The one value a name (an identifier, or a shorthand property) is
    /// bound to before byte `at`, in its function, else in the module.
    fn binding(&self, name: Node<'t>, at: usize) -> Option<Node<'t>> {
        if !matches!(name.kind(), "identifier" | "shorthand_property_identifier") {
            return None;
        }
        let wanted = self.source(name);
        let mut scope = self.scope(name);
        loop {
            // A parameter of the function: its value is the caller's.
            let parameter = scope
                .child_by_field_name("parameters")
                .is_some_and(|parameters| self.names(parameters).contains(&wanted));
            if parameter {
                return None;
            }
            let (values, rebound) = self.bindings_in(scope, wanted);
            match values.as_slice() {
                [value] if !rebound && value.0 < at => return Some(value.1),
                [] if !rebound && scope != self.root => scope = self.root,
                _ => return None,
            }
        }
    }

    /// The values `name` is bound to directly in `scope` (not in nested
    /// functions), each with where its binding starts, and whether it is
    /// rebound there.
    fn bindings_in(&self, scope: Node<'t>, name: &str) -> (Vec<(usize, Node<'t>)>, bool) {
        let index = self.bindings.get_or_init(|| self.index_bindings());
        index
            .get(&(scope.id(), name))
            .map_or((Vec::new(), false), |(values, rebound)| {
                (values.clone(), *rebound)
            })
    }

    /// Every binding of the file by scope and name, in one pass, so that
    /// resolving names stays linear in the file whatever their number.
    fn index_bindings(&self) -> BindingIndex<'t> {
        let mut index = BindingIndex::new();
        let mut cursor = self.root.walk();
        let mut stack = vec![(self.root, self.root.id())];
        while let Some((node, scope)) = stack.pop() {
            let inner = if self.is(node, self.syntax.scopes) {
                node.id()
            } else {
                scope
            };
            if let Some(&(_, target, value)) = self
                .syntax
                .bindings
                .iter()
                .find(|(kind, _, _)| *kind == node.kind())
            {
                if let Some(target) = node.child_by_field_name(target) {
                    let name = self.source(target);
                    match node.child_by_field_name(value) {
                        Some(value) if target.kind() == "identifier" => {
                            let entry = index.entry((scope, name)).or_default();
                            entry.0.push((node.start_byte(), value));
                        }
                        // Several names bound at once (`a, b = ...`), or a
                        // name bound with no value here.
                        _ => {
                            for name in self.names(target) {
                                index.entry((scope, name)).or_default().1 = true;
                            }
                        }
                    }
                }
            }
            if let Some(&(_, target)) = self
                .syntax
                .rebindings
                .iter()
                .find(|(kind, _)| *kind == node.kind())
            {
                if let Some(target) = node.child_by_field_name(target) {
                    for name in self.names(target) {
                        index.entry((scope, name)).or_default().1 = true;
                    }
                }
            }
            stack.extend(node.children(&mut cursor).map(|child| (child, inner)));
        }
        index
    }

    /// Every identifier under `node`.
    fn names(&self, node: Node<'t>) -> Vec<&'t str> {
        let mut names = Vec::new();
        let mut cursor = node.walk();
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            if node.kind() == "identifier" {
                names.push(self.source(node));
            }
            stack.extend(node.children(&mut cursor));
        }
        names
    }

    /// The function `node` is in, else the module.
    fn scope(&self, node: Node<'t>) -> Node<'t> {
        let mut current = node.parent();
        while let Some(parent) = current {
            if self.is(parent, self.syntax.scopes) {
                return parent;
            }
            current = parent.parent();
        }
        self.root
    }

    /// The name of the function a call is in, as keys show it: its own
    /// name, the name it is assigned to (`const send = async () => ...`),
    /// or `<module>`.
    fn scope_name(&self, node: Node<'t>) -> String {
        let scope = self.scope(node);
        if scope == self.root {
            return "<module>".to_owned();
        }
        let named = scope.child_by_field_name("name").or_else(|| {
            let parent = scope.parent()?;
            let &(_, target, _) = self
                .syntax
                .bindings
                .iter()
                .find(|(kind, _, _)| *kind == parent.kind())?;
            parent.child_by_field_name(target)
        });
        named.map_or_else(
            || "<anonymous>".to_owned(),
            |name| self.source(name).to_owned(),
        )
    }

    /// Adds the text of the expression `node` to `out`: literal parts as
    /// written, anything else as a placeholder.
    fn value(&self, node: Node<'t>, out: &mut Assembled, depth: usize) {
        let syntax = self.syntax;
        if depth > MAX_DEPTH {
            return out.push_placeholder(placeholder_name(self.source(node)), node.byte_range());
        }
        if self.is(node, syntax.wrappers) {
            if let Some(inner) = node.named_child(0) {
                return self.value(inner, out, depth + 1);
            }
        }
        if self.is(node, syntax.strings) {
            return self.string(node, out, false);
        }
        if self.is(node, syntax.concatenated) {
            let mut cursor = node.walk();
            for part in node.named_children(&mut cursor) {
                self.value(part, out, depth + 1);
            }
            return;
        }
        if self.is(node, syntax.binary) {
            let operator = node
                .child_by_field_name("operator")
                .map(|op| self.source(op));
            let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return out
                    .push_placeholder(placeholder_name(self.source(node)), node.byte_range());
            };
            if operator == Some("+") {
                self.value(left, out, depth + 1);
                self.value(right, out, depth + 1);
                return;
            }
            if operator.is_some()
                && operator == syntax.format_operator
                && self.is(left, syntax.strings)
            {
                return self.string(left, out, true);
            }
        }
        if let Some(receiver) = self.format_receiver(node) {
            return self.string(receiver, out, true);
        }
        if let Some(value) = self.binding(node, node.start_byte()) {
            let line = self.line(value.start_byte());
            let mut inner = Assembled::default();
            self.value(value, &mut inner, depth + 1);
            if inner.literal {
                out.lines.push(line);
                out.lines.extend(inner.lines);
                out.literal = true;
                let offset = out.text.len();
                out.text.push_str(&inner.text);
                out.map
                    .extend(inner.map.into_iter().map(|(at, from)| (offset + at, from)));
                out.placeholders
                    .extend(
                        inner
                            .placeholders
                            .into_iter()
                            .map(|placeholder| Placeholder {
                                span: placeholder.span.start + offset
                                    ..placeholder.span.end + offset,
                                ..placeholder
                            }),
                    );
                return;
            }
        }
        out.push_placeholder(placeholder_name(self.source(node)), node.byte_range());
    }

    /// The string literal `x` of a call `x.format(...)`.
    fn format_receiver(&self, node: Node<'t>) -> Option<Node<'t>> {
        let (kind, receiver_field, method_field) = self.syntax.format_method?;
        let (_, callee_field) = self.syntax.calls.iter().find(|(k, _)| *k == node.kind())?;
        let callee = node.child_by_field_name(callee_field)?;
        let receiver = callee.child_by_field_name(receiver_field)?;
        let method = callee.child_by_field_name(method_field)?;
        (callee.kind() == kind
            && self.source(method) == "format"
            && self.is(receiver, self.syntax.strings))
        .then_some(receiver)
    }

    /// Adds a string literal's text: escapes decoded, interpolations as
    /// placeholders, and (`formatted`: the receiver of `%` or `.format`)
    /// its format fields as placeholders too.
    fn string(&self, node: Node<'t>, out: &mut Assembled, formatted: bool) {
        out.literal = true;
        let count = node.child_count();
        let (Some(open), Some(close)) = (node.child(0), node.child(count.saturating_sub(1))) else {
            return;
        };
        let (start, end) = if count >= 2 {
            (open.end_byte(), close.start_byte())
        } else {
            (node.start_byte(), node.end_byte())
        };
        let first = out.text.len();
        let mut specials = Vec::new();
        self.specials(node, &mut specials);
        let mut at = start;
        let mut index = 0;
        while let Some(&special) = specials.get(index) {
            index += 1;
            if special.start_byte() < at || special.end_byte() > end {
                continue;
            }
            out.push_source(
                self.text.get(at..special.start_byte()).unwrap_or_default(),
                at,
            );
            at = special.end_byte();
            let written = self.source(special);
            if self.is(special, self.syntax.interpolations) {
                let expression = special
                    .child_by_field_name("expression")
                    .or_else(|| special.named_child(0))
                    .map_or(written, |expression| self.source(expression));
                out.push_placeholder(placeholder_name(expression), special.byte_range());
            } else if self.is(special, self.syntax.escaped_braces) {
                for c in written.chars().take(1) {
                    out.push_char(c, special.byte_range());
                }
            } else {
                // A surrogate pair is two escapes (`\uD83D\uDE00`).
                let next = specials.get(index).filter(|next| next.start_byte() == at);
                match (
                    unescape(written),
                    next.and_then(|next| unescape(self.source(*next))),
                ) {
                    (Some(Decoded::High(high)), Some(Decoded::Low(low))) => {
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        let from = special.start_byte()..next.map_or(at, |next| next.end_byte());
                        if let Some(c) = char::from_u32(code) {
                            out.push_char(c, from.clone());
                        }
                        at = from.end;
                        index += 1;
                    }
                    (Some(Decoded::Text(text)), _) => {
                        for c in text.chars() {
                            out.push_char(c, special.byte_range());
                        }
                    }
                    _ => out.push_source(written, special.start_byte()),
                }
            }
        }
        out.push_source(self.text.get(at..end).unwrap_or_default(), at);
        if formatted {
            let fields = format_fields(out.text.get(first..).unwrap_or_default());
            out.placeholders
                .extend(fields.into_iter().map(|field| Placeholder {
                    span: first + field.span.start..first + field.span.end,
                    ..field
                }));
            out.placeholders
                .sort_by_key(|placeholder| placeholder.span.start);
        }
    }

    /// The escapes and interpolations inside a string literal, in order
    /// (not those inside an interpolation).
    fn specials(&self, node: Node<'t>, found: &mut Vec<Node<'t>>) {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            let syntax = self.syntax;
            if self.is(child, syntax.interpolations)
                || self.is(child, syntax.escapes)
                || self.is(child, syntax.escaped_braces)
            {
                found.push(child);
            } else {
                self.specials(child, found);
            }
        }
    }

    /// A `smslint: ignore[...]` comment, applying to its own line when it
    /// follows code there, else to the next line.
    fn suppression(&self, comment: Node<'t>) -> Option<InlineSuppression> {
        let captures = SUPPRESSION.captures(self.source(comment))?;
        let start = comment.start_byte();
        let line_start = self
            .text
            .get(..start)?
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
        let after_content = !self.text.get(line_start..start)?.trim().is_empty();
        Some(super::suppression(
            comment.byte_range(),
            self.line(start),
            after_content,
            captures.get(1).map_or("", |rules| rules.as_str()),
            captures.get(2).map_or("", |reason| reason.as_str()),
        ))
    }
}

static SUPPRESSION: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(r"smslint:\s*ignore\[([^\]]*)\][ \t]*([^\r\n]*?)[ \t]*(?:\*/)?[ \t]*$")
});

/// The arguments of one call.
#[derive(Default)]
struct Arguments<'t> {
    keywords: Vec<(String, Node<'t>)>,
    positional: Vec<Node<'t>>,
}

impl<'t> Arguments<'t> {
    fn keyword(&self, wanted: &str) -> Option<Node<'t>> {
        self.keywords
            .iter()
            .find(|(name, _)| name == wanted)
            .map(|(_, value)| *value)
    }

    fn find(&self, argument: &Argument) -> Option<Node<'t>> {
        argument
            .keywords
            .iter()
            .find_map(|keyword| self.keyword(keyword))
            .or_else(|| {
                argument
                    .position
                    .and_then(|position| self.positional.get(position).copied())
            })
    }
}

/// What one escape sequence stands for.
enum Decoded {
    Text(String),
    High(u32),
    Low(u32),
}

/// Decodes an escape sequence of Python or JavaScript. `None` for one it
/// does not know (`\N{BULLET}`): it is kept as written.
fn unescape(escape: &str) -> Option<Decoded> {
    let body = escape.strip_prefix('\\')?;
    let mut chars = body.chars();
    let first = chars.next()?;
    let simple = match first {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        '0' if body.len() == 1 => Some('\0'),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        '\\' | '\'' | '"' | '`' | '$' | '{' | '}' => Some(first),
        _ => None,
    };
    if let Some(c) = simple {
        return Some(Decoded::Text(c.to_string()));
    }
    if first == '\n' || body.starts_with("\r\n") {
        return Some(Decoded::Text(String::new()));
    }
    let hex = match first {
        'x' | 'u' | 'U' => body.get(1..)?.trim_start_matches('{').trim_end_matches('}'),
        _ => return None,
    };
    let code = u32::from_str_radix(hex, 16).ok()?;
    match code {
        0xD800..=0xDBFF => Some(Decoded::High(code)),
        0xDC00..=0xDFFF => Some(Decoded::Low(code)),
        _ => char::from_u32(code).map(|c| Decoded::Text(c.to_string())),
    }
}

/// The fields of a `%` or `.format` string: `%s`, `%(name)s`, `{}`,
/// `{0}`, `{name}`, `{name:>10}` (`{{` is a brace).
fn format_fields(text: &str) -> Vec<Placeholder> {
    static FIELD: LazyLock<Regex> = LazyLock::new(|| {
        crate::literal::regex(
            r"\{\{|\}\}|\{([A-Za-z_]\w*|\d*)(?:[.!:\[][^{}]*)?\}|%\((\w+)\)[sdifr]|%[sdifr]",
        )
    });
    FIELD
        .captures_iter(text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            if matches!(whole.as_str(), "{{" | "}}") {
                return None;
            }
            let name = captures
                .get(1)
                .or_else(|| captures.get(2))
                .map(|name| name.as_str().to_owned())
                .filter(|name| !name.is_empty());
            Some(Placeholder {
                span: whole.range(),
                name,
            })
        })
        .collect()
}

/// An expression as a placeholder's name: its text on one line, short.
fn placeholder_name(expression: &str) -> String {
    let name = expression.split_whitespace().collect::<Vec<_>>().join(" ");
    shortened(&name.replace(['{', '}'], ""))
}

/// At most 40 characters of `text`, with an ellipsis where cut.
fn shortened(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", one_line.get(..cut).unwrap_or_default()),
        None => one_line,
    }
}
