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

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use serde::Deserialize;
use tree_sitter::{Node, Parser};

use super::{Entry, FileMessages, InlineSuppression};
use crate::source::{LineIndex, Message, Origin};

mod language_file;
mod syntax;
mod text;

pub use language_file::{language_file, read as read_language_file};

pub use syntax::Language;
use syntax::Syntax;
use text::{placeholder_name, shortened, unescape, Assembled, Decoded, FormatStyle};

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

impl Argument {
    /// Whether it names no keyword and no position.
    pub fn is_empty(&self) -> bool {
        self.keywords.is_empty() && self.position.is_none()
    }
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
    /// Classes the object the method is called on must be made by
    /// (`MessagingResponse` for `resp.message(...)`, `VonageMessage` for
    /// `(new VonageMessage)->content(...)`): a constructor call written
    /// there, at the start of a chain of calls, or bound to the name there
    /// in the same function. Empty: any object.
    #[serde(default)]
    pub receiver: Vec<String>,
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
                    // A send on an object made by a class names the class in
                    // the file: `resp.message(...)` alone says nothing (a
                    // file that mentions "message" is not parsed for it).
                    if !sender.receiver.is_empty() {
                        let classes: Vec<String> = sender
                            .receiver
                            .iter()
                            .map(|name| regex::escape(name))
                            .collect();
                        return classes.join("|");
                    }
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

/// The last named child of `node`.
fn last_named(node: Node) -> Option<Node> {
    let last = node.named_child_count().checked_sub(1)?;
    node.named_child(u32::try_from(last).ok()?)
}

/// Whether a file is source code smslint reads send calls in.
pub fn is_source(path: &Path) -> bool {
    Language::of(path).is_some()
}

/// The rule raised for a send call whose message cannot be read.
pub const UNRESOLVED_BODY: &str = "code/unresolved-body";

/// A send call's message: read, or not.
#[derive(Debug)]
pub enum Body {
    /// Its index in the file's catalog entries.
    Read(usize),
    /// The message argument, and what it is in words.
    Unresolved { span: Range<usize>, label: String },
    /// A translation call (`t("sms.reminder")`): the message is the one
    /// of [`SendCall::catalog_key`] in the project's catalogs.
    Catalog { span: Range<usize>, call: String },
}

/// How a translation call finds its text.
enum Translation {
    /// gettext: the argument is the message in the source language.
    Gettext,
    /// A key into the catalogs.
    Key,
}

/// One send call of a source file.
#[derive(Debug)]
pub struct SendCall {
    /// `function: API call`, as the call's findings are keyed.
    pub key: String,
    /// Lines (1-based) an inline suppression may be written above: the
    /// call's, its message argument's and those of the bindings read.
    pub key_lines: Vec<usize>,
    /// The callee (`client.messages.create`): what findings about the call
    /// point at.
    pub span: Range<usize>,
    pub body: Body,
    /// The catalog key a translation call names (`t("sms.reminder")`), or
    /// the msgid a gettext call translates (its message is then also read,
    /// as untranslated gettext sends it).
    pub catalog_key: Option<String>,
    /// It passes a status callback; `None` when the API takes none.
    pub status_callback: Option<bool>,
    /// The API's name for its status callback (`status_callback`, `url`).
    pub status_callback_name: Option<String>,
    /// The start of the recipient's number as the code spells it out
    /// (`+2348012345678`, or a prefix `+234` before a placeholder), and
    /// where: only an international number (`+` or `00`).
    pub destination: Option<(String, Range<usize>)>,
}

/// The callee names a call is matched by: more than any sender's `call`.
const MAX_CALLEE_NAMES: usize = 4;

/// Nesting beyond which a name is not followed further (`a = b`, `b = a`).
const MAX_DEPTH: usize = 8;

/// Reads the send calls of a source file: their messages as catalog
/// entries keyed `function: API call`, its inline suppressions, and every
/// send call. A file whose text names no
/// sender's call is not parsed. A syntax error does not stop the reader:
/// tree-sitter recovers, and the calls it still sees are read.
pub fn read(path: &Path, text: &str, senders: &Senders) -> FileMessages {
    let Some(language) = Language::of(path) else {
        return FileMessages::default();
    };
    if !senders.may_send(text) {
        return FileMessages::default();
    }
    let tree = match parse(language, text) {
        Ok(Some(tree)) => tree,
        Ok(None) => return FileMessages::default(),
        Err(feature) => {
            return FileMessages {
                missing_grammar: Some(feature),
                ..FileMessages::default()
            }
        }
    };
    let reader = Reader::new(language, text, &tree);
    let mut file = FileMessages::default();
    file.catalog.suppressions = reader.visit(|node| {
        if reader.is(node, reader.syntax.calls) {
            reader.send_call(node, senders, &mut file);
        }
    });
    file
}

/// The syntax tree of `text`; `Err` names the cargo feature with the
/// grammar this build lacks, `Ok(None)` is a parser that gave up.
fn parse(language: Language, text: &str) -> Result<Option<tree_sitter::Tree>, &'static str> {
    let grammar = language.grammar()?;
    let mut parser = Parser::new();
    if parser.set_language(&grammar).is_err() {
        return Ok(None);
    }
    Ok(parser.parse(text, None))
}

struct Reader<'t> {
    text: &'t str,
    syntax: &'static Syntax,
    root: Node<'t>,
    lines: LineIndex<'t>,
    bindings: OnceCell<BindingIndex<'t>>,
    setters: OnceCell<SetterIndex<'t>>,
    calls: OnceCell<CallIndex<'t>>,
    /// Where each message argument read starts: the options object and
    /// the call it is passed to name one message.
    bodies: RefCell<std::collections::HashSet<usize>>,
    /// The variant being read: the alternative taken at each choice met
    /// in order (a conditional's branch, a helper's call site), and how
    /// many alternatives each choice met had (see [`Reader::variants`]).
    choices: RefCell<Vec<usize>>,
    choices_met: RefCell<Vec<usize>>,
}

/// Calls by the last name of their callee.
type CallIndex<'t> = HashMap<&'t str, Vec<Node<'t>>>;

/// The most variants a message built with conditionals or passed to a
/// helper is read as, as a template's are bounded.
const MAX_CODE_VARIANTS: usize = 16;

/// By scope (a node id) and receiver text: the methods called on it with
/// their first argument.
type SetterIndex<'t> = HashMap<(usize, String), Vec<(&'t str, Node<'t>)>>;

/// By scope (a node id) and name: the values bound, each with where its
/// binding starts, and whether the name is also rebound in that scope.
type BindingIndex<'t> = HashMap<(usize, &'t str), (Vec<(usize, Node<'t>)>, bool)>;

impl<'t> Reader<'t> {
    fn new(language: Language, text: &'t str, tree: &'t tree_sitter::Tree) -> Reader<'t> {
        Reader {
            text,
            syntax: language.syntax(),
            root: tree.root_node(),
            lines: LineIndex::new(text),
            bindings: OnceCell::new(),
            setters: OnceCell::new(),
            calls: OnceCell::new(),
            bodies: RefCell::default(),
            choices: RefCell::new(Vec::new()),
            choices_met: RefCell::new(Vec::new()),
        }
    }

    /// The texts `read` assembles, one per combination of the
    /// alternatives of the choices it meets (a conditional's branches
    /// `c ? "a" : "b"`, the call sites of a helper whose parameter is the
    /// message), first alternatives first; identical texts once. At most
    /// [`MAX_CODE_VARIANTS`].
    fn variants(&self, read: impl Fn(&mut Assembled)) -> Vec<Assembled> {
        let run = |choices: &[usize]| {
            *self.choices.borrow_mut() = choices.to_vec();
            self.choices_met.borrow_mut().clear();
            let mut assembled = Assembled::default();
            read(&mut assembled);
            assembled
        };
        let mut all = vec![run(&[])];
        let arities = self.choices_met.borrow().clone();
        let mut choice = vec![0; arities.len()];
        // An odometer over the first reading's choices.
        'next: for _ in 1..MAX_CODE_VARIANTS {
            for (digit, arity) in choice.iter_mut().zip(&arities) {
                *digit += 1;
                if *digit < *arity {
                    let variant = run(&choice);
                    if all.iter().all(|seen| seen.text != variant.text) {
                        all.push(variant);
                    }
                    continue 'next;
                }
                *digit = 0;
            }
            break;
        }
        self.choices.borrow_mut().clear();
        all
    }

    /// Meets a choice of `count` alternatives: the one the variant being
    /// read takes.
    fn choose(&self, count: usize) -> usize {
        let mut met = self.choices_met.borrow_mut();
        let index = met.len();
        met.push(count);
        self.choices
            .borrow()
            .get(index)
            .copied()
            .filter(|taken| *taken < count)
            .unwrap_or(0)
    }

    /// The two branches of a conditional expression.
    fn branches(&self, node: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
        if !self.is(node, self.syntax.conditionals) {
            return None;
        }
        let field = |names: &[&str]| names.iter().find_map(|name| node.child_by_field_name(name));
        match (field(&["consequence", "body"]), field(&["alternative"])) {
            (Some(consequence), Some(alternative)) => Some((consequence, alternative)),
            _ if node.child_by_field_name("condition").is_none() => {
                Some((node.named_child(0)?, last_named(node)?))
            }
            _ => None,
        }
    }

    /// Calls `each` on every node but comments, in document order, and
    /// gives the inline suppressions the comments hold. Iterative: deep
    /// nesting must not overflow the stack.
    fn visit(&self, mut each: impl FnMut(Node<'t>)) -> Vec<InlineSuppression> {
        let mut comments = Vec::new();
        let mut cursor = self.root.walk();
        let mut stack = vec![self.root];
        while let Some(node) = stack.pop() {
            if self.is(node, self.syntax.comments) {
                comments.push(node);
                continue;
            }
            each(node);
            let children: Vec<Node> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        comments
            .into_iter()
            .filter_map(|comment| self.suppression(comment))
            .collect()
    }

    fn source(&self, node: Node) -> &'t str {
        self.text.get(node.byte_range()).unwrap_or_default()
    }

    fn line(&self, byte: usize) -> usize {
        self.lines.line_of(byte)
    }

    fn is(&self, node: Node, kinds: &[&str]) -> bool {
        kinds.contains(&node.kind())
    }

    /// The bytes of a call before its arguments, or before the object
    /// initializer of a constructor called without them (C#'s `new
    /// PublishRequest { ... }`); none without either.
    fn callee(&self, call: Node<'t>) -> Range<usize> {
        let end = ["arguments", "initializer"]
            .iter()
            .find_map(|field| call.child_by_field_name(field))
            .map_or(call.start_byte(), |arguments| arguments.start_byte());
        call.start_byte()..end
    }

    /// A call's first argument, out of its `argument` wrapper (PHP, C#).
    fn first_argument(&self, call: Node<'t>) -> Option<Node<'t>> {
        let first = call.child_by_field_name("arguments")?.named_child(0)?;
        if self.is(first, self.syntax.argument_wrappers) {
            first.named_child(0)
        } else {
            Some(first)
        }
    }

    /// The last names of a call's callee (at most [`MAX_CALLEE_NAMES`], in
    /// order): its text before the arguments, read backwards and split at
    /// anything but a name character (`$client->messages->create` and
    /// `twilio(sid, token).messages.create` end with `messages`, `create`).
    /// Reading backwards keeps a long callee (a chain of calls, a function
    /// expression called in place) from costing its whole length per call.
    fn callee_names(&self, call: Node<'t>) -> Vec<&'t str> {
        let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
        let mut rest = self.text.get(self.callee(call)).unwrap_or_default();
        // Type arguments are not names of the callee: `create<Message>(`.
        if let Some(type_arguments) = call.child_by_field_name("type_arguments") {
            let before = type_arguments
                .start_byte()
                .saturating_sub(call.start_byte());
            rest = rest.get(..before).unwrap_or(rest);
        }
        let mut names = Vec::new();
        while names.len() < MAX_CALLEE_NAMES {
            rest = rest.trim_end_matches(|c: char| !is_name(c));
            let start = rest
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_name(*c))
                .last()
                .map_or(rest.len(), |(at, _)| at);
            match rest.get(start..) {
                Some(name) if !name.is_empty() => names.push(name),
                _ => break,
            }
            rest = rest.get(..start).unwrap_or_default();
        }
        names.reverse();
        names
    }

    /// Whether the object `call`'s method is called on is made by one of
    /// `classes` (see [`Sender::receiver`]).
    fn made_by(&self, call: Node<'t>, classes: &[String]) -> bool {
        self.made_by_within(call, classes, 0)
    }

    fn made_by_within(&self, call: Node<'t>, classes: &[String], depth: usize) -> bool {
        let member = call.child_by_field_name("function").unwrap_or(call);
        let Some(object) = ["object", "receiver", "expression", "operand", "scope"]
            .iter()
            .find_map(|field| member.child_by_field_name(field))
        else {
            return false;
        };
        // A block's parameter stands for what the call it is given to makes
        // (`MessagingResponse.new do |r|`) or is called on
        // (`response.message do |message|`).
        if let Some(owner) = self.block_owner(object) {
            return depth < MAX_DEPTH && self.made_by_within(owner, classes, depth + 1);
        }
        let made = self.through_names(object, call.start_byte());
        // `MessagingResponse()`, `new Twilio.twiml.MessagingResponse()`,
        // `(new VonageMessage)->from(...)`, `Twilio::TwiML::MessagingResponse.new`.
        let text = self
            .source(made)
            .trim_start_matches(|c: char| c == '(' || c.is_whitespace());
        let text = text.strip_prefix("new ").unwrap_or(text).trim_start();
        let path: &str = text
            .split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '\\')))
            .next()
            .unwrap_or_default();
        let mut parts = path
            .rsplit(['.', ':', '\\'])
            .filter(|part| !part.is_empty());
        // A factory method after the class: `MessagingResponse.new`,
        // `SnsMessage::create()`, `VonageMessage::make()`.
        let class = match parts.next() {
            Some(method) if method.starts_with(|c: char| c.is_lowercase()) => parts.next(),
            other => other,
        };
        class.is_some_and(|class| classes.iter().any(|known| known == class))
    }

    /// The call whose block `name` is a parameter of (Ruby's `r` in
    /// `MessagingResponse.new do |r| ... end`), if it is one.
    fn block_owner(&self, name: Node<'t>) -> Option<Node<'t>> {
        if self.syntax.blocks.is_empty() || !self.is(name, self.syntax.names) {
            return None;
        }
        let wanted = self.source(name);
        let mut current = name.parent();
        while let Some(node) = current {
            if self.is(node, self.syntax.scopes) {
                return None;
            }
            if self.is(node, self.syntax.blocks) {
                let binds = node
                    .child_by_field_name("parameters")
                    .is_some_and(|parameters| self.names(parameters).contains(&wanted));
                if binds {
                    return node
                        .parent()
                        .filter(|owner| self.is(*owner, self.syntax.calls));
                }
            }
            current = node.parent();
        }
        None
    }

    /// Reads one call if it is a sender's.
    fn send_call(&self, call: Node<'t>, senders: &Senders, file: &mut FileMessages) {
        let names = self.callee_names(call);
        let Some(last) = names.last() else {
            return;
        };
        if !senders
            .all()
            .iter()
            .any(|sender| sender.call.last().is_some_and(|name| name == last))
        {
            return;
        }
        let arguments = self.arguments(call);
        // E-mail APIs share the names (Mailgun's `messages.create(domain,
        // { from, to, subject, text })`): a subject says e-mail.
        if arguments.keyword("subject").is_some() || arguments.keyword("Subject").is_some() {
            return;
        }
        let found = |argument: &Argument| self.find(&arguments, argument).is_some();
        // A send names its recipient: `@thread.messages.create(body: ...)`
        // of a chat model or `Message.create({ text })` of an ORM do not.
        let candidates = || {
            senders.all().iter().filter(|sender| {
                names.ends_with(&sender.call.iter().map(String::as_str).collect::<Vec<_>>())
                    && sender
                        .required
                        .iter()
                        .all(|keyword| arguments.keyword(keyword).is_some())
                    && (sender.to.is_empty() || found(&sender.to))
                    && (sender.receiver.is_empty() || self.made_by(call, &sender.receiver))
            })
        };
        let Some(sender) = candidates()
            .find(|sender| found(&sender.body))
            .or_else(|| candidates().next())
        else {
            // Options a helper builds (`create(**build(to))`,
            // `create(this.transform(to).payload)`) show no recipient: still
            // a send when the file names the API, and one that cannot be read.
            if let Some((sender, options)) = self.built_elsewhere(&names, &arguments, senders) {
                self.unreadable_send(call, sender, options, file);
            }
            return;
        };
        // Twilio also sends WhatsApp and Messenger messages: no carrier's
        // SMS rules apply to them.
        let channel = [&sender.to, &sender.from].into_iter().any(|argument| {
            self.find(&arguments, argument).is_some_and(|node| {
                let mut assembled = Assembled::default();
                self.value(node, &mut assembled, 0);
                let text = assembled.text.to_ascii_lowercase();
                ["whatsapp:", "messenger:"]
                    .iter()
                    .any(|channel| text.starts_with(channel))
            })
        });
        if channel {
            return;
        }
        let Some(body) = self.find(&arguments, &sender.body) else {
            // Options passed as an expression (`create($to,
            // $this->payload($content))`, or alone, whatever position the
            // recipient may take: `create(build(to))`) may hold the text:
            // said. Options spelled out without one are a media or
            // content-template send, with nothing to lint.
            let spelled = [&sender.to, &sender.from]
                .map(|argument| self.find(&arguments, argument).map(|node| node.id()));
            // A callback (`sendMessages(params, function (err, data) {...})`)
            // holds no options.
            let beside = arguments.positional.iter().flatten().find(|node| {
                !spelled.contains(&Some(node.id()))
                    && !self.is(**node, self.syntax.strings)
                    && !self.is(**node, self.syntax.scopes)
            });
            if let Some((sender, options)) = self.built_elsewhere(&names, &arguments, senders) {
                self.unreadable_send(call, sender, options, file);
            } else if let Some(&options) = beside {
                self.unreadable_send(call, sender, options, file);
            }
            return;
        };
        // The options object and the call it is passed to name one message.
        if !self.bodies.borrow_mut().insert(body.start_byte()) {
            return;
        }
        let key = self.call_key(call, sender);
        let mut translation = self.translation(body);
        let variants = match &mut translation {
            // gettext sends its argument: the text read for the key is it.
            Some((Translation::Gettext, argument)) => vec![std::mem::take(argument)],
            Some((Translation::Key, _)) => vec![Assembled::default()],
            None => self.variants(|out| self.value(body, out, 0)),
        };
        let mut key_lines = vec![self.line(call.start_byte()), self.line(body.start_byte())];
        key_lines.extend(
            variants
                .iter()
                .flat_map(|variant| variant.lines.iter().copied()),
        );
        key_lines.sort_unstable();
        key_lines.dedup();
        let catalog_key = match &translation {
            Some((Translation::Gettext, _)) => variants.first().map(|first| first.text.clone()),
            Some((Translation::Key, key)) => Some(key.text.clone()),
            None => None,
        };
        let literal: Vec<Assembled> = variants
            .into_iter()
            .filter(|variant| variant.literal)
            .collect();
        let body = if let Some((Translation::Key, _)) = translation {
            Body::Catalog {
                span: body.byte_range(),
                call: shortened(self.source(body)),
            }
        } else if !literal.is_empty() {
            // Each variant is linted; the call's message is the first.
            let first = file.catalog.entries.len();
            for (index, variant) in literal.into_iter().enumerate() {
                let masked = crate::source::mask(&variant.text, &variant.placeholders).into_owned();
                file.catalog.entries.push(Entry {
                    key: key.clone(),
                    locale: None,
                    message: Message {
                        text: variant.text.into(),
                        masked: masked.into(),
                        placeholders: variant.placeholders,
                        origin: Origin::Mapped(variant.map),
                    },
                    key_lines: key_lines.clone(),
                    variant: index > 0,
                });
            }
            Body::Read(first)
        } else {
            Body::Unresolved {
                span: body.byte_range(),
                label: format!(
                    "`{}` is not text this file spells out",
                    shortened(self.source(body))
                ),
            }
        };
        file.calls.push(SendCall {
            key,
            key_lines,
            span: self.callee_span(call),
            body,
            catalog_key,
            status_callback: (!sender.status_callback.is_empty())
                .then(|| found(&sender.status_callback)),
            status_callback_name: sender.status_callback.keywords.first().cloned(),
            destination: self
                .find(&arguments, &sender.to)
                .and_then(|to| self.international_number(to)),
        });
    }

    /// A call of a sender's callee whose only arguments are expressions
    /// that call something (a helper building the options), in a file that
    /// names the sender's API (`twilio`): the sender, and the argument.
    /// Senders that need a keyword or a receiver to be told apart from
    /// other APIs (SNS `publish`, TwiML's `message`) are never guessed.
    fn built_elsewhere<'s>(
        &self,
        names: &[&str],
        arguments: &Arguments<'t>,
        senders: &'s Senders,
    ) -> Option<(&'s Sender, Node<'t>)> {
        if !arguments.keywords.is_empty() {
            return None;
        }
        let [options] = arguments.positional.as_slice() else {
            return None;
        };
        let options = (*options)?;
        // A value passed alone may be anything (a model, an id); one a
        // helper builds, or one spread into the call, is the options.
        if !arguments.spread && !self.calls_something(options) {
            return None;
        }
        let mut guessable = senders.all().iter().filter(|sender| {
            names.ends_with(&sender.call.iter().map(String::as_str).collect::<Vec<_>>())
                && !sender.to.is_empty()
                && sender.required.is_empty()
                && sender.receiver.is_empty()
        });
        let first = guessable.next()?;
        let text = self.text.to_ascii_lowercase();
        let sender = std::iter::once(first).chain(guessable).find(|sender| {
            sender
                .api
                .split_whitespace()
                .next()
                .is_some_and(|vendor| text.contains(&vendor.to_ascii_lowercase()))
        })?;
        Some((sender, options))
    }

    /// Whether an expression is, or holds, a call.
    fn calls_something(&self, node: Node<'t>) -> bool {
        let mut cursor = node.walk();
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            if self.is(node, self.syntax.calls) {
                return true;
            }
            stack.extend(node.named_children(&mut cursor));
        }
        false
    }

    /// A send call's key: `function: API call` (`send_offer: Twilio
    /// messages.create`).
    fn call_key(&self, call: Node<'t>, sender: &Sender) -> String {
        format!(
            "{}: {} {}",
            self.scope_name(call),
            sender.api,
            sender.call.join(".")
        )
    }

    /// The bytes of a call's callee, where call-level findings point.
    fn callee_span(&self, call: Node<'t>) -> Range<usize> {
        let callee = self
            .text
            .get(self.callee(call))
            .unwrap_or_default()
            .trim_end();
        call.start_byte()..call.start_byte() + callee.len()
    }

    /// Records a send call whose message is somewhere in `options`, which
    /// this file does not spell out.
    fn unreadable_send(
        &self,
        call: Node<'t>,
        sender: &Sender,
        options: Node<'t>,
        file: &mut FileMessages,
    ) {
        if !self.bodies.borrow_mut().insert(options.start_byte()) {
            return;
        }
        file.calls.push(SendCall {
            key: self.call_key(call, sender),
            key_lines: vec![self.line(call.start_byte())],
            span: self.callee_span(call),
            body: Body::Unresolved {
                span: options.byte_range(),
                label: format!(
                    "`{}` builds this send's options elsewhere",
                    shortened(self.source(options))
                ),
            },
            catalog_key: None,
            status_callback: None,
            status_callback_name: None,
            destination: None,
        });
    }

    /// A translation call with a literal first argument (`_("Your visit
    /// ...")`, `t("sms.reminder")`, `I18n.t(:reminder)` is not one): its
    /// kind and the argument's text.
    fn translation(&self, node: Node<'t>) -> Option<(Translation, Assembled)> {
        let node = if self.is(node, self.syntax.wrappers) {
            node.named_child(0)?
        } else {
            node
        };
        if !self.is(node, self.syntax.calls) {
            return None;
        }
        let names = self.callee_names(node);
        let kind = match *names.last()? {
            "_" | "gettext" | "ugettext" | "gettext_lazy" | "ugettext_lazy" | "_l" => {
                Translation::Gettext
            }
            "t" | "__" | "trans" | "translate" | "$t" => Translation::Key,
            _ => return None,
        };
        let first = self.first_argument(node)?;
        if !self.is(first, self.syntax.strings) {
            return None;
        }
        let mut text = Assembled::default();
        self.string(first, &mut text, FormatStyle::None);
        // Laravel's `__('Your code is :code')` and i18nliner's `t("Your
        // order is ready.")` pass the text itself: a key has no space.
        let kind = match kind {
            Translation::Key if !super::is_translation_key(&text.text) => Translation::Gettext,
            kind => kind,
        };
        text.placeholders.is_empty().then_some((kind, text))
    }

    /// The literal start of a recipient number that is international (`+`
    /// or `00` then digits; spaces, dashes, dots and brackets are passed
    /// over), as `+` and its digits, and its bytes in the file.
    fn international_number(&self, node: Node<'t>) -> Option<(String, Range<usize>)> {
        // twilio-java and twilio-csharp wrap numbers: `new PhoneNumber("+234...")`.
        let node = match self.callee_names(node).last() {
            Some(&"PhoneNumber") if self.is(node, self.syntax.calls) => {
                self.first_argument(node)?
            }
            _ => node,
        };
        let mut assembled = Assembled::default();
        self.value(node, &mut assembled, 0);
        let literal_end = assembled
            .placeholders
            .first()
            .map_or(assembled.text.len(), |placeholder| placeholder.span.start);
        let literal = assembled.text.get(..literal_end)?;
        let mut number = String::new();
        let mut last = 0;
        for (offset, c) in literal.char_indices() {
            match c {
                '+' if number.is_empty() => number.push('+'),
                '0'..='9' => number.push(c),
                ' ' | '-' | '.' | '(' | ')' => continue,
                _ => break,
            }
            last = offset;
        }
        let number = match number.strip_prefix("00") {
            Some(rest) if !number.starts_with('+') => format!("+{rest}"),
            _ => number,
        };
        if !number.starts_with('+') || number.len() < 2 {
            return None;
        }
        let first = assembled.map.first()?.1.start;
        let end = assembled
            .map
            .iter()
            .find(|(at, _)| *at == last)
            .map(|(_, from)| from.end)?;
        Some((number, first..end.max(first)))
    }

    /// The arguments of a call: keyword ones (named arguments, and the keys
    /// of object literals passed directly or through a name, and of builder
    /// methods chained on it), and positional ones.
    fn arguments(&self, call: Node<'t>) -> Arguments<'t> {
        let syntax = self.syntax;
        let mut arguments = Arguments::default();
        if let Some(list) = call.child_by_field_name("arguments") {
            let mut cursor = list.walk();
            for argument in list.named_children(&mut cursor) {
                if self.is(argument, syntax.comments) {
                    continue;
                }
                let keyword = self.is(argument, syntax.keyword_arguments)
                    || self.is(argument, syntax.argument_wrappers)
                    || self.is(argument, syntax.pairs);
                if let (true, Some((name, value))) = (keyword, self.pair(argument)) {
                    arguments.keywords.push((name, value));
                    continue;
                }
                arguments.spread |= self.is(argument, syntax.spreads);
                let argument = if self.is(argument, syntax.argument_wrappers) {
                    match argument.named_child(0) {
                        Some(inner) => inner,
                        None => continue,
                    }
                } else {
                    argument
                };
                // An options object holds arguments; it is none itself.
                if let Some(object) =
                    self.object_of(self.through_names(argument, call.start_byte()))
                {
                    self.object_keys(object, &mut arguments.keywords);
                    arguments.positional.push(None);
                } else if self.builder_lambda(argument, &mut arguments.keywords) {
                    arguments.positional.push(None);
                } else {
                    arguments.positional.push(Some(argument));
                }
            }
        }
        // `new CreateMessageOptions(to) { Body = "..." }`
        if let Some(object) = self.object_of(call) {
            self.object_keys(object, &mut arguments.keywords);
        }
        // Setters called on the same receiver in the same function
        // (`params.SetBody(...)` beside `params.SetStatusCallback(...)`).
        let names = self.callee_names(call);
        if let [receiver @ .., _] = names.as_slice() {
            let setters = self.setters.get_or_init(|| self.index_setters());
            let key = (self.scope(call).id(), receiver.join("."));
            for &(method, value) in setters.get(&key).map_or(&[][..], Vec::as_slice) {
                // The call itself is one of its receiver's method calls.
                if value.parent().and_then(|list| list.parent()) != Some(call) {
                    arguments.keywords.push((method.to_owned(), value));
                }
            }
        }
        if let Some((receiver, method)) = syntax.chained {
            let mut node = call;
            while let Some(parent) = node.parent() {
                let chained = self.is(parent, syntax.calls)
                    && parent.child_by_field_name(receiver) == Some(node);
                let (true, Some(name)) = (chained, parent.child_by_field_name(method)) else {
                    break;
                };
                let value = parent
                    .child_by_field_name("arguments")
                    .and_then(|list| list.named_child(0));
                if let Some(value) = value {
                    arguments
                        .keywords
                        .push((self.source(name).to_owned(), value));
                }
                node = parent;
            }
        }
        arguments
    }

    /// Reads a function given a builder to fill (Java's `b ->
    /// b.message(m).phoneNumber(p)`) as the options it sets: each method
    /// chained on its parameter is a keyword, its first argument the value.
    /// Whether `node` is such a function.
    fn builder_lambda(&self, node: Node<'t>, keywords: &mut Vec<(String, Node<'t>)>) -> bool {
        let Some((receiver, method)) = self.syntax.chained else {
            return false;
        };
        if !self.is(node, self.syntax.scopes) {
            return false;
        }
        let Some(mut chain) = node.child_by_field_name("body") else {
            return false;
        };
        let mut set = Vec::new();
        while self.is(chain, self.syntax.calls) {
            let (Some(name), Some(object)) = (
                chain.child_by_field_name(method),
                chain.child_by_field_name(receiver),
            ) else {
                return false;
            };
            if let Some(value) = chain
                .child_by_field_name("arguments")
                .and_then(|list| list.named_child(0))
            {
                set.push((self.source(name).to_owned(), value));
            }
            chain = object;
        }
        let parameter = self.is(chain, self.syntax.names)
            && ["parameters", "parameter"].iter().any(|field| {
                node.child_by_field_name(field)
                    .is_some_and(|parameters| self.names(parameters).contains(&self.source(chain)))
            });
        if parameter {
            keywords.extend(set);
        }
        parameter
    }

    /// The value of one argument of a call: its first keyword present (a
    /// dotted keyword, `MessageRequest.MessageConfiguration.SMSMessage.Body`,
    /// is a path through the objects nested in the argument, each followed
    /// through the names they are bound to), else its position.
    fn find(&self, arguments: &Arguments<'t>, argument: &Argument) -> Option<Node<'t>> {
        let nested = |keyword: &String| {
            let mut path = keyword.split('.');
            let mut node = arguments.keyword(path.next()?)?;
            for name in path {
                let object = self.object_of(self.through_names(node, node.start_byte()))?;
                let mut members = Vec::new();
                self.object_keys(object, &mut members);
                node = members.into_iter().find(|(key, _)| key == name)?.1;
            }
            Some(node)
        };
        argument.keywords.iter().find_map(nested).or_else(|| {
            argument
                .position
                .and_then(|position| arguments.positional.get(position).copied().flatten())
        })
    }

    /// Every method call with an argument, by function and receiver text
    /// (`params`), as (method, first argument): in one pass.
    fn index_setters(&self) -> SetterIndex<'t> {
        let mut index = SetterIndex::new();
        self.each_call(|node| {
            let names = self.callee_names(node);
            let argument = node
                .child_by_field_name("arguments")
                .and_then(|list| list.named_child(0));
            if let ([receiver @ .., method], Some(argument)) = (names.as_slice(), argument) {
                if !receiver.is_empty() {
                    index
                        .entry((self.scope(node).id(), receiver.join(".")))
                        .or_default()
                        .push((*method, argument));
                }
            }
        });
        index
    }

    /// Calls `each` on every call of the file, last first: iterative, so
    /// that deep nesting cannot overflow the stack.
    fn each_call(&self, mut each: impl FnMut(Node<'t>)) {
        let mut cursor = self.root.walk();
        let mut stack = vec![self.root];
        while let Some(node) = stack.pop() {
            if self.is(node, self.syntax.calls) {
                each(node);
            }
            stack.extend(node.children(&mut cursor));
        }
    }

    /// A keyword argument or an object member as (name, value): the `name`,
    /// `key` or `left` field (else the first named child), and the `value`
    /// or `right` field (else the last named child). `None` for a node
    /// without both (a positional argument).
    fn pair(&self, node: Node<'t>) -> Option<(String, Node<'t>)> {
        let name = ["name", "key", "left"]
            .iter()
            .find_map(|field| node.child_by_field_name(field))
            .or_else(|| {
                (node.named_child_count() >= 2)
                    .then(|| node.named_child(0))
                    .flatten()
            })?;
        let value = ["value", "right"]
            .iter()
            .find_map(|field| node.child_by_field_name(field))
            .or_else(|| last_named(node))?;
        if value == name {
            return None;
        }
        let name = self.source(name).trim_matches(['"', '\'', '`', ':', '$']);
        Some((name.to_owned(), value))
    }

    /// The object literal `node` is, or holds just below it (a C# object
    /// initializer, a Go `&Params{...}`).
    fn object_of(&self, mut node: Node<'t>) -> Option<Node<'t>> {
        // `{...} as const`, `{...} satisfies Options`, `({...})`.
        while self.is(node, self.syntax.wrappers) {
            node = node.named_child(0)?;
        }
        if self.is(node, self.syntax.objects) {
            return Some(node);
        }
        // Not the arguments of some other call (`build({"body": ...})`).
        let constructor = matches!(
            node.kind(),
            "object_creation_expression" | "composite_literal" | "unary_expression"
        );
        if !constructor {
            return None;
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        children.into_iter().find_map(|child| {
            if self.is(child, self.syntax.objects) {
                return Some(child);
            }
            let mut cursor = child.walk();
            let grandchildren: Vec<Node> = child.named_children(&mut cursor).collect();
            grandchildren
                .into_iter()
                .find(|grandchild| self.is(*grandchild, self.syntax.objects))
        })
    }

    fn object_keys(&self, object: Node<'t>, keywords: &mut Vec<(String, Node<'t>)>) {
        let mut cursor = object.walk();
        for member in object.named_children(&mut cursor) {
            if self.is(member, self.syntax.shorthands) {
                keywords.push((self.source(member).to_owned(), member));
            } else if self.is(member, self.syntax.pairs) {
                if let Some(pair) = self.pair(member) {
                    keywords.push(pair);
                }
            }
        }
    }

    /// `node` itself, or the value a name is bound to (followed through
    /// names), for finding an options object passed by name.
    fn through_names(&self, mut node: Node<'t>, at: usize) -> Node<'t> {
        for _ in 0..MAX_DEPTH {
            match self.binding(node, at) {
                Some((_, value)) => node = value,
                None => break,
            }
        }
        node
    }

    /// The one value a name is bound to before byte `at`, in its function,
    /// else in the module; `None` for a parameter, a name bound more than
    /// once or rebound, or no name at all.
    fn binding(&self, name: Node<'t>, at: usize) -> Option<(usize, Node<'t>)> {
        if !self.is(name, self.syntax.names) {
            return None;
        }
        let wanted = self.source(name);
        let index = self.bindings.get_or_init(|| self.index_bindings());
        // From the innermost function out to the module: the first scope
        // that binds the name (or takes it as a parameter) decides.
        let mut scope = self.scope(name);
        loop {
            let parameter = ["parameters", "parameter"].iter().any(|field| {
                scope
                    .child_by_field_name(field)
                    .is_some_and(|parameters| self.names(parameters).contains(&wanted))
            });
            if parameter {
                return None;
            }
            let (values, rebound) = index
                .get(&(scope.id(), wanted))
                .map_or((&[][..], false), |(values, rebound)| {
                    (values.as_slice(), *rebound)
                });
            match values {
                [(start, value)] if !rebound && *start < at => return Some((*start, *value)),
                [] if !rebound && scope != self.root => scope = self.scope(scope),
                _ => return None,
            }
        }
    }

    /// A list of one element unwrapped (Go's `body := "..."`).
    fn unlisted(&self, node: Node<'t>) -> Node<'t> {
        match (self.is(node, self.syntax.lists), node.named_child_count()) {
            (true, 1) => node.named_child(0).unwrap_or(node),
            _ => node,
        }
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
                    let target = self.unlisted(target);
                    let value = if value.is_empty() {
                        last_named(node).filter(|last| *last != target)
                    } else {
                        node.child_by_field_name(value)
                    };
                    match value.map(|value| self.unlisted(value)) {
                        Some(value) if self.is(target, self.syntax.names) => {
                            let entry = index.entry((scope, self.source(target))).or_default();
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

    /// Every name under `node`.
    fn names(&self, node: Node<'t>) -> Vec<&'t str> {
        let mut names = Vec::new();
        let mut cursor = node.walk();
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            if self.is(node, self.syntax.names) {
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
        self.function_name(scope)
            .unwrap_or("<anonymous>")
            .to_owned()
    }

    /// A function's own name, or the name it is assigned to.
    fn function_name(&self, function: Node<'t>) -> Option<&'t str> {
        let named = function.child_by_field_name("name").or_else(|| {
            let parent = function.parent()?;
            let &(_, target, _) = self
                .syntax
                .bindings
                .iter()
                .find(|(kind, _, _)| *kind == parent.kind())?;
            parent.child_by_field_name(target)
        })?;
        Some(self.source(named))
    }

    /// When `name` is a parameter of a function of this file, the
    /// arguments its calls in this file pass for it (by position, or by
    /// keyword), then its default value (`message = "Hello"`), at most
    /// [`MAX_CODE_VARIANTS`]. Only calls of the bare name or through
    /// `this`/`self` count: `other.send(...)` may be anyone's `send`.
    fn parameter_values(&self, name: Node<'t>) -> Vec<Node<'t>> {
        let function = self.scope(name);
        let (true, false) = (self.is(name, self.syntax.names), function == self.root) else {
            return Vec::new();
        };
        let wanted = self.source(name);
        let Some(parameters) = ["parameters", "parameter"]
            .iter()
            .find_map(|field| function.child_by_field_name(field))
        else {
            return Vec::new();
        };
        let mut cursor = parameters.walk();
        let listed: Vec<Node> = parameters
            .named_children(&mut cursor)
            .filter(|parameter| !self.is(*parameter, self.syntax.comments))
            .collect();
        // A declaration may name several parameters (Go's `to, body
        // string`): positions count names, not declarations.
        let mut position = 0;
        let mut declared = None;
        for parameter in &listed {
            let mut cursor = parameter.walk();
            let names: Vec<Node> = parameter
                .children_by_field_name("name", &mut cursor)
                .collect();
            if names.len() > 1 {
                if let Some(at) = names.iter().position(|name| self.source(*name) == wanted) {
                    declared = Some((*parameter, position + at));
                    break;
                }
                position += names.len();
            } else if self.names(*parameter).contains(&wanted) {
                declared = Some((*parameter, position));
                break;
            } else {
                position += 1;
            }
        }
        let Some((declaration, mut position)) = declared else {
            return Vec::new();
        };
        // Python's methods name their object first; calls do not pass it.
        let receiver_first = listed
            .first()
            .is_some_and(|first| matches!(self.source(*first), "self" | "cls"));
        let default = ["value", "right", "default_value"]
            .iter()
            .find_map(|field| declaration.child_by_field_name(field));
        if receiver_first {
            position = position.saturating_sub(1);
        }
        let mut found = Vec::new();
        if let Some(function_name) = self.function_name(function) {
            self.call_sites(function_name, wanted, position, &mut found);
        }
        found.truncate(MAX_CODE_VARIANTS - 1);
        found.extend(default);
        found
    }

    /// Adds the argument each call of `function_name` in this file passes
    /// for the parameter `wanted` at `position` (see
    /// [`Reader::parameter_values`]).
    fn call_sites(
        &self,
        function_name: &str,
        wanted: &str,
        position: usize,
        found: &mut Vec<Node<'t>>,
    ) {
        let calls = self.calls.get_or_init(|| self.index_calls());
        let keyword = wanted.trim_start_matches('$');
        for &call in calls.get(function_name).map_or(&[][..], Vec::as_slice) {
            let names = self.callee_names(call);
            let own = match names.as_slice() {
                [_] => true,
                [receiver, _] => matches!(
                    receiver.trim_start_matches('$'),
                    "this" | "self" | "static" | "parent" | "cls"
                ),
                _ => false,
            };
            if found.len() == MAX_CODE_VARIANTS {
                break;
            }
            if !own {
                continue;
            }
            let arguments = self.arguments(call);
            let argument = arguments
                .keyword(keyword)
                .or_else(|| arguments.positional.get(position).copied().flatten());
            found.extend(argument);
        }
    }

    /// Every call of the file by the last name of its callee, in one pass.
    fn index_calls(&self) -> CallIndex<'t> {
        let mut index = CallIndex::new();
        self.each_call(|node| {
            if let Some(last) = self.callee_names(node).last() {
                index.entry(*last).or_default().push(node);
            }
        });
        // Document order, as the walk visits them in reverse.
        for calls in index.values_mut() {
            calls.sort_by_key(Node::start_byte);
        }
        index
    }

    /// Adds the text of the expression `node` to `out`: literal parts as
    /// written, anything else as a placeholder.
    fn value(&self, node: Node<'t>, out: &mut Assembled, depth: usize) {
        for part in self.concatenated_parts(node) {
            self.part(part, out, depth);
        }
    }

    /// The parts a concatenation joins (`"a" + name + "b"`, `"a" "b"`,
    /// through parentheses), in order, or `node` alone. Iterative: a chain
    /// of thousands of `+` is as deep a tree.
    fn concatenated_parts(&self, node: Node<'t>) -> Vec<Node<'t>> {
        let syntax = self.syntax;
        let mut parts = Vec::new();
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            if self.is(node, syntax.comments) {
                continue;
            }
            let inner = if self.is(node, syntax.wrappers) {
                node.named_child(0)
            } else {
                None
            };
            let joined: Option<Vec<Node>> = if let Some(inner) = inner {
                Some(vec![inner])
            } else if self.is(node, syntax.concatenated) {
                let mut cursor = node.walk();
                Some(node.named_children(&mut cursor).collect())
            } else if self.is(node, syntax.binary)
                && node
                    .child_by_field_name("operator")
                    .is_some_and(|operator| syntax.concatenation.contains(&self.source(operator)))
            {
                node.child_by_field_name("left")
                    .zip(node.child_by_field_name("right"))
                    .map(|(left, right)| vec![left, right])
            } else {
                None
            };
            match joined {
                Some(children) => stack.extend(children.into_iter().rev()),
                None => parts.push(node),
            }
        }
        parts
    }

    /// Adds one part of a message: a literal as written, a name followed
    /// to its value, anything else as a placeholder.
    fn part(&self, node: Node<'t>, out: &mut Assembled, depth: usize) {
        let syntax = self.syntax;
        if self.is(node, syntax.strings) {
            return self.string(node, out, FormatStyle::None);
        }
        if self.is(node, syntax.binary) {
            let operator = node
                .child_by_field_name("operator")
                .map(|op| self.source(op));
            if let Some(left) = node.child_by_field_name("left") {
                if operator.is_some() && operator == syntax.format_operator {
                    if let Some(format) = self.literal_through_names(left, out) {
                        return self.string(format, out, FormatStyle::Percent);
                    }
                }
            }
        }
        if let Some((format, style)) = self.format_string(node, out) {
            return self.string(format, out, style);
        }
        if depth < MAX_DEPTH {
            if let Some((first, second)) = self.branches(node) {
                let branch = if self.choose(2) == 1 { second } else { first };
                return self.value(branch, out, depth + 1);
            }
            if let Some((bound_at, value)) = self.binding(node, node.start_byte()) {
                let mut inner = Assembled::default();
                self.value(value, &mut inner, depth + 1);
                if inner.literal {
                    out.lines.push(self.line(bound_at));
                    out.lines.push(self.line(value.start_byte()));
                    return out.append(inner);
                }
            }
            // A parameter of a helper in this file: what its call sites pass.
            let sites = self.parameter_values(node);
            if !sites.is_empty() {
                if let Some(&site) = sites.get(self.choose(sites.len())) {
                    let mut inner = Assembled::default();
                    self.value(site, &mut inner, depth + 1);
                    if inner.literal {
                        out.lines.push(self.line(site.start_byte()));
                        return out.append(inner);
                    }
                }
            }
        }
        out.push_placeholder(placeholder_name(self.source(node)), node.byte_range());
    }

    /// A string literal, or the one a name is bound to (`BODY = "..."`,
    /// Go's `const SMSTemplate = "..."`), whose binding lines are then
    /// the message's too.
    fn literal_through_names(&self, node: Node<'t>, out: &mut Assembled) -> Option<Node<'t>> {
        if self.is(node, self.syntax.strings) {
            return Some(node);
        }
        let (bound_at, value) = self.binding(node, node.start_byte())?;
        if !self.is(value, self.syntax.strings) {
            return None;
        }
        out.lines.push(self.line(bound_at));
        out.lines.push(self.line(value.start_byte()));
        Some(value)
    }

    /// The format string literal of a formatting call (or the literal a
    /// name it uses is bound to), and its style: the receiver of
    /// `"{}".format(x)`, the first argument of `sprintf("%s", x)`.
    fn format_string(
        &self,
        call: Node<'t>,
        out: &mut Assembled,
    ) -> Option<(Node<'t>, FormatStyle)> {
        let syntax = self.syntax;
        if !self.is(call, syntax.calls) {
            return None;
        }
        let names = self.callee_names(call);
        let last = *names.last()?;
        let style = |table: &[(&str, FormatStyle)]| {
            table
                .iter()
                .find(|(name, _)| *name == last)
                .map(|(_, style)| *style)
        };
        let (candidate, style) = if let Some(style) = style(syntax.format_methods) {
            let receiver = call.named_child(0)?;
            if self.is(receiver, syntax.strings) {
                (receiver, style)
            } else {
                (receiver.named_child(0)?, style)
            }
        } else if let Some(style) = style(syntax.format_functions) {
            (self.first_argument(call)?, style)
        } else {
            return None;
        };
        Some((self.literal_through_names(candidate, out)?, style))
    }

    /// Adds a string literal's text: escapes decoded, interpolations as
    /// placeholders, and (`formatted`: a format string) its format fields
    /// as placeholders too.
    fn string(&self, node: Node<'t>, out: &mut Assembled, style: FormatStyle) {
        out.literal = true;
        let (start, end) = self.string_content(node);
        let single_quoted = self.syntax.single_quote_escapes
            && self
                .text
                .get(node.start_byte()..start)
                .is_some_and(|opening| opening.ends_with('\''));
        let push_run = |out: &mut Assembled, from: usize, to: usize| {
            let run = self.text.get(from..to).unwrap_or_default();
            if single_quoted {
                out.push_single_quoted(run, from);
            } else {
                out.push_source(run, from);
            }
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
            push_run(out, at, special.start_byte());
            at = special.end_byte();
            let written = self.source(special);
            if !special.is_named() {
                // PHP's braces around an interpolation (`{$name}`).
                continue;
            }
            if self.is(special, self.syntax.interpolations) {
                out.push_placeholder(
                    placeholder_name(self.source(self.interpolated(special))),
                    special.byte_range(),
                );
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
        push_run(out, at, end);
        out.add_format_fields(first, style);
    }

    /// Where a string literal's content starts and ends: after its leading
    /// delimiters (quotes, a prefix, `$"`) and before its trailing ones; for
    /// a literal with no children (C#'s `@"..."`), between its quotes.
    fn string_content(&self, node: Node<'t>) -> (usize, usize) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let delimiter = |child: &Node| {
            (!child.is_named() && !matches!(self.source(*child), "{" | "}"))
                || child.kind().ends_with("_start")
                || child.kind().ends_with("_end")
        };
        let leading = children.iter().take_while(|child| delimiter(child)).count();
        let trailing = children
            .get(leading..)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|child| delimiter(child))
            .count();
        if children.is_empty() {
            let written = self.source(node);
            let open = written.find(['"', '\'', '`']).map_or(0, |quote| quote + 1);
            let close = written
                .rfind(['"', '\'', '`'])
                .filter(|close| *close >= open);
            return (
                node.start_byte() + open,
                node.start_byte() + close.unwrap_or(written.len()),
            );
        }
        let start = match leading.checked_sub(1).and_then(|last| children.get(last)) {
            Some(last) => last.end_byte(),
            None => node.start_byte(),
        };
        let end = match trailing
            .checked_sub(1)
            .and_then(|_| children.get(children.len() - trailing))
        {
            Some(first) => first.start_byte(),
            None => node.end_byte(),
        };
        (start, end.max(start))
    }

    /// The expression of an interpolation: its `expression` field, else its
    /// first named child that is not a brace or a format clause.
    fn interpolated(&self, interpolation: Node<'t>) -> Node<'t> {
        if let Some(expression) = interpolation.child_by_field_name("expression") {
            return expression;
        }
        if self.syntax.bare_interpolations {
            return interpolation;
        }
        let mut cursor = interpolation.walk();
        let children: Vec<Node> = interpolation.named_children(&mut cursor).collect();
        children
            .into_iter()
            .find(|child| {
                !child.kind().ends_with("_brace") && !child.kind().starts_with("interpolation_")
            })
            .unwrap_or(interpolation)
    }

    /// The escapes and interpolations inside a string literal, in order
    /// (not those inside an interpolation), and PHP's unnamed braces around
    /// an interpolation.
    fn specials(&self, node: Node<'t>, found: &mut Vec<Node<'t>>) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        for child in children {
            let syntax = self.syntax;
            let brace = !child.is_named() && matches!(self.source(child), "{" | "}");
            // PHP: whatever is not text in a string is interpolated
            // (`{$user->getName()}` as a whole, not its `$user`).
            let bare = syntax.bare_interpolations
                && child.is_named()
                && !self.is(child, syntax.escapes)
                && !matches!(
                    child.kind(),
                    "string_content"
                        | "string_value"
                        | "heredoc_body"
                        | "heredoc_start"
                        | "heredoc_end"
                        | "nowdoc_body"
                );
            if brace
                || bare
                || self.is(child, syntax.interpolations)
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
    crate::literal::regex(r"smslint:\s*ignore\[([^\]]*)\][ \t]*([^\r\n]*?)[ \t]*(?:\*/)?[ \t\r]*$")
});

/// The arguments of one call.
#[derive(Default)]
struct Arguments<'t> {
    keywords: Vec<(String, Node<'t>)>,
    /// `None` where the argument is an options object.
    positional: Vec<Option<Node<'t>>>,
    /// Whether an argument spreads a mapping into the call (`**params`,
    /// `...options`): options, whatever the expression.
    spread: bool,
}

impl<'t> Arguments<'t> {
    fn keyword(&self, wanted: &str) -> Option<Node<'t>> {
        self.keywords
            .iter()
            .find(|(name, _)| name == wanted)
            .map(|(_, value)| *value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each message read from `text` as (text, placeholder names).
    fn messages(file: &str, text: &str) -> Vec<(String, Vec<String>)> {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        read(Path::new(file), text, rules.senders())
            .catalog
            .entries
            .into_iter()
            .map(|entry| {
                let names = entry
                    .message
                    .placeholders
                    .iter()
                    .filter_map(|placeholder| placeholder.name.clone())
                    .collect();
                (entry.message.text.into_owned(), names)
            })
            .collect()
    }

    fn one(text: &str, names: &[&str]) -> Vec<(String, Vec<String>)> {
        vec![(
            text.to_owned(),
            names.iter().map(|name| (*name).to_owned()).collect(),
        )]
    }

    #[test]
    fn interpolations_are_placeholders_and_escapes_are_decoded() {
        assert_eq!(
            messages(
                "a.py",
                r#"client.messages.create(body=f"{{a}} {name!r} {price:.2f}\n", to=t)"#
            ),
            one("{a} {name} {price}\n", &["name", "price"])
        );
        assert_eq!(
            messages(
                "a.js",
                r#"client.messages.create({ body: "Hi \uD83D\uDE00 {{x}} \u{1F600}", to })"#
            ),
            one("Hi \u{1F600} {{x}} \u{1F600}", &[])
        );
        if cfg!(feature = "php") {
            assert_eq!(
                messages(
                    "a.php",
                    r#"<?php $c->messages->create($to, ['body' => "Hi {$user->name}, \$5 off $when"]);"#
                ),
                one(
                    "Hi {$user->name}, $5 off {$when}",
                    &["$user->name", "$when"]
                )
            );
        }
        if cfg!(feature = "csharp") {
            assert_eq!(
                messages(
                    "a.cs",
                    r#"MessageResource.Create(body: @"C:\path", to: t);"#
                ),
                one(r"C:\path", &[])
            );
        }
        assert_eq!(
            messages(
                "a.go",
                "func f() { p.SetTo(t); p.SetBody(`line\\n` + \"\\tx\") }"
            ),
            one("line\\n\tx", &[])
        );
        if cfg!(feature = "ruby") {
            assert_eq!(
                messages(
                    "a.rb",
                    r##"@c.messages.create(body: 'It\'s #{x}' + "#{y}!", to: t)"##
                ),
                one("It's #{x}{y}!", &["y"])
            );
        }
    }

    #[test]
    fn long_concatenations_keep_every_part() {
        let parts: Vec<String> = (0..5_000).map(|n| format!("\"{}\"", n % 10)).collect();
        let source = format!("client.messages.create(body={}, to=t)", parts.join(" + "));
        let expected: String = (0..5_000)
            .map(|n| char::from(b'0' + (n % 10) as u8))
            .collect();
        assert_eq!(messages("a.py", &source), one(&expected, &[]));
    }

    #[test]
    fn format_fields_follow_the_format_style() {
        assert_eq!(
            messages(
                "a.py",
                r#"client.messages.create(body="{STOP} 20%% off %-10s %.2f" % (a, b), to=t)"#
            ),
            one("{STOP} 20% off %-10s %.2f", &["%-10s", "%.2f"])
        );
        assert_eq!(
            messages(
                "a.go",
                r#"func f() { p.SetTo(t); p.SetBody(fmt.Sprintf("%v at %q {x}", a, b)) }"#
            ),
            one("%v at %q {x}", &["%v", "%q"])
        );
    }

    #[test]
    fn format_escapes_are_the_character_they_send() {
        let text = r#"client.messages.create(body="Acme: {{VIP}} {} {{".format(x), to=t)"#;
        assert_eq!(messages("a.py", text), one("Acme: {VIP} {} {", &["{}"]));
        let text = r#"client.messages.create(body="20%% off, ends %s" % day, to=t)"#;
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let file = read(Path::new("a.py"), text, rules.senders());
        let message = &file.catalog.entries[0].message;
        assert_eq!(message.text, "20% off, ends %s");
        let percent = message.text.find('%').unwrap();
        assert_eq!(&text[message.file_span(percent..percent + 1)], "%%");
        let field = message.text.find("%s").unwrap();
        assert_eq!(message.placeholders[0].span, field..field + 2);
    }

    #[test]
    fn every_character_maps_to_the_bytes_it_is_written_as() {
        let text = r#"client.messages.create(body="caf\u00e9 " + name, to=t)"#;
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let file = read(Path::new("a.py"), text, rules.senders());
        let message = &file.catalog.entries[0].message;
        assert_eq!(message.text, "café {name}");
        let e_acute = message.text.find('é').unwrap();
        let span = message.file_span(e_acute..e_acute + 'é'.len_utf8());
        assert_eq!(&text[span], r"\u00e9");
        let name = message.text.find("{name}").unwrap();
        assert_eq!(&text[message.file_span(name..name + 6)], "name");
    }
}
