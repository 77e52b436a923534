//! Plain template files: one file, one message, in the syntax of its
//! template engine (ERB, Jinja/Django/Twig/Nunjucks, Liquid, Handlebars).
//!
//! What is message text and what is code:
//! - text outside tags is text; placeholders (`{{ name }}`, `%{name}`, ...)
//!   stand for values, counted at the configured length;
//! - block tags, code tags and comments (`{% if %}`, `<% ... %>` over any
//!   number of lines, `<%# %>`, `{# #}`, `{{!-- --}}`) are neither text nor
//!   counted;
//! - in an output tag (`<%= %>`, `{{ }}`) string literals are text: the
//!   default string of an i18n call (`<%= t :body, "Your grade ..." %>`,
//!   `{{ _('Your code') }}`), or the pieces of a concatenation
//!   (`{{ object.name + ': your order has shipped.' }}`), whose operands are
//!   placeholders. `{{ 'a' if x else 'b' }}` gives each alternative as a
//!   variant of the message: each variant is linted and the longest counted.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::source::{engine_placeholders, mask, Message, Origin, Placeholder};

/// The message of a template file, less a byte-order mark and surrounding
/// blank space: one [`Message`] per variant (most templates have one). An
/// empty template has none.
pub fn messages(text: &str) -> Vec<Message<'_>> {
    messages_and_combinations(text).0
}

/// [`messages`], and how many combinations of branches the template has
/// (see [`count_combinations`]): the template's tags are read once for
/// both.
pub fn messages_and_combinations(text: &str) -> (Vec<Message<'_>>, usize) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let leading = body.len() - body.trim_start().len();
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return (Vec::new(), 1);
    }
    let start = (text.len() - body.len()) + leading;
    let (variants, combinations) = variants(trimmed);
    let messages = variants
        .into_iter()
        .map(|placeholders| Message {
            text: Cow::Borrowed(trimmed),
            masked: mask(trimmed, &placeholders),
            placeholders,
            origin: Origin::At(start),
        })
        .collect();
    (messages, combinations)
}

/// The message of a file that holds a message as it will be sent
/// (`--rendered`): every byte after a byte-order mark, less one final line
/// break (the file's end, as editors and `echo` write it). Nothing else is
/// trimmed and nothing is a placeholder. An empty file holds none.
pub fn rendered(text: &str) -> Vec<Message<'_>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.len() - body.len();
    let body = body
        .strip_suffix("\r\n")
        .or_else(|| body.strip_suffix('\n'))
        .unwrap_or(body);
    if body.is_empty() {
        return Vec::new();
    }
    vec![crate::source::rendered_at(start, body)]
}

/// Tags that hold code or output expressions (comments are found first, by
/// [`comments`]).
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r#"(?xs)
          <%=-?(?P<erb>.*?)-?%>
        | (?P<code> <%.*?%> | \{%.*?%\} )
        | \{\{-?(?P<jinja>[^}]*?['"].*?)-?\}\}
        "#,
    )
});

/// `{% comment %}` and `{% endcomment %}` (Django, Liquid).
static COMMENT_TAGS: LazyLock<Regex> =
    LazyLock::new(|| crate::literal::regex(r"\{%-?\s*(?P<end>end)?comment\s*-?%\}"));

/// Every comment of a template (`<%# %>`, `{# #}`, `{{!-- --}}`,
/// `{{! }}`, `{% comment %}…{% endcomment %}`), in order, each from its
/// opener to the first closer of its kind after it; an opener never closed
/// is no comment. Openers and closers are each found in one pass and paired
/// by a binary search, so that 40,000 unclosed openers cost one pass, not
/// one pass each (a lazy regex rescans the rest of the text from every
/// opener that is never closed).
fn comments(text: &str) -> Vec<Range<usize>> {
    let positions =
        |needle: &str| -> Vec<usize> { text.match_indices(needle).map(|(at, _)| at).collect() };
    // (opener start, opener end, the closers' starts and length), by kind.
    let mut openers: Vec<(usize, usize, usize)> = Vec::new();
    let mut closers: Vec<(Vec<usize>, usize)> = Vec::new();
    for (open, close) in [
        ("<%#", "%>"),
        ("{#", "#}"),
        ("{{!--", "--}}"),
        ("{{!", "}}"),
    ] {
        let kind = closers.len();
        for at in positions(open) {
            // `{{!--` is its own kind, not a `{{!` comment.
            if open == "{{!" && text.get(at..).is_some_and(|rest| rest.starts_with("{{!--")) {
                continue;
            }
            openers.push((at, at + open.len(), kind));
        }
        closers.push((positions(close), close.len()));
    }
    let kind = closers.len();
    let mut ends = Vec::new();
    for found in COMMENT_TAGS.captures_iter(text) {
        let Some(whole) = found.get(0) else {
            continue;
        };
        if found.name("end").is_some() {
            ends.push(whole.start());
        } else {
            openers.push((whole.start(), whole.end(), kind));
        }
    }
    // An `{% endcomment %}` is found by its start; its length is its own.
    closers.push((ends, 0));
    openers.sort_unstable();
    let mut found = Vec::new();
    let mut free_from = 0;
    for (start, after, kind) in openers {
        if start < free_from {
            continue;
        }
        let Some((starts, length)) = closers.get(kind) else {
            continue;
        };
        let next = starts.partition_point(|&at| at < after);
        let Some(&close) = starts.get(next) else {
            continue;
        };
        let end = if *length == 0 {
            COMMENT_TAGS
                .find_at(text, close)
                .map_or(close, |closing| closing.end())
        } else {
            close + length
        };
        found.push(start..end);
        free_from = end;
    }
    found
}

/// `text` with every comment blanked to spaces (same length), and every
/// tag opener after the last closer of its kind blanked too: such an
/// opener can never match, and a lazy regex would rescan the rest of the
/// text from each of them.
fn without_comments(text: &str, comments: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in comments {
        if let Some(inside) = bytes.get_mut(range.clone()) {
            inside.fill(b' ');
        }
    }
    for (open, close) in [("<%", "%>"), ("{%", "%}"), ("{{", "}}")] {
        let last_close = text.rfind(close).unwrap_or(0);
        for (at, _) in text.match_indices(open).filter(|(at, _)| *at >= last_close) {
            if let Some(byte) = bytes.get_mut(at) {
                *byte = b' ';
            }
        }
    }
    // Only ASCII bytes were replaced by spaces.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

/// Calls whose first string argument is message text (gettext) or a
/// translation key followed by its default text (Rails `t`).
const GETTEXT_CALLS: &[&str] = &["_", "gettext", "ngettext", "pgettext", "__", "trans"];
const KEY_CALLS: &[&str] = &["t", "translate", "I18n.t", "I18n.translate"];

/// Each output tag with literals: the placeholders of its alternatives.
type Choices = Vec<Vec<Vec<Placeholder>>>;

/// The output tags' alternatives, and every other placeholder and tag of a
/// template, in order.
fn tags_and_placeholders(text: &str) -> (Choices, Vec<Placeholder>) {
    let mut fixed: Vec<Placeholder> = Vec::new();
    let mut choices: Choices = Vec::new();
    let mut last = 0;
    // Every tag starts with `<%` or `{`: most texts have neither, and skip
    // compiling the regex (a tenth of a one-file run).
    let has_tags = text.contains("<%") || text.contains('{');
    let comments = if has_tags { comments(text) } else { Vec::new() };
    let searched = has_tags.then(|| without_comments(text, &comments));
    let mut comments = comments.into_iter().peekable();
    let tags = searched
        .as_deref()
        .map(|searched| TAG.captures_iter(searched));
    for captures in tags.into_iter().flatten() {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        // The comments before this tag, in order (one inside a tag is the
        // tag's).
        while let Some(comment) = comments.next_if(|comment| comment.start < whole.start()) {
            if comment.start < last {
                continue;
            }
            fixed.extend(shifted(
                engine_placeholders(text.get(last..comment.start).unwrap_or("")),
                last,
            ));
            last = comment.end;
            fixed.push(Placeholder {
                span: comment,
                name: None,
            });
        }
        fixed.extend(shifted(
            engine_placeholders(text.get(last..whole.start()).unwrap_or("")),
            last,
        ));
        last = whole.end();
        let expression = captures.name("erb").or_else(|| captures.name("jinja"));
        match expression {
            Some(expression) => {
                let alternatives = expression_alternatives(
                    text,
                    whole.range(),
                    expression.range(),
                    captures.name("erb").is_some(),
                );
                choices.push(alternatives);
            }
            None => fixed.push(Placeholder {
                span: whole.range(),
                name: None,
            }),
        }
    }
    for comment in comments {
        if comment.start < last {
            continue;
        }
        fixed.extend(shifted(
            engine_placeholders(text.get(last..comment.start).unwrap_or("")),
            last,
        ));
        last = comment.end;
        fixed.push(Placeholder {
            span: comment,
            name: None,
        });
    }
    fixed.extend(shifted(
        engine_placeholders(text.get(last..).unwrap_or("")),
        last,
    ));
    (choices, fixed)
}

/// The placeholders of each variant of a template: what in it is not text.
/// Each output tag's alternatives (`{{ 'a' if x else 'b' }}`) and each
/// combination of branches (`{% if %}…{% else %}…{% endif %}`) is a
/// variant, at most [`MAX_VARIANTS`]. With them, how many combinations of
/// branches there are (see [`count_combinations`]).
fn variants(text: &str) -> (Vec<Vec<Placeholder>>, usize) {
    let (choices, fixed) = tags_and_placeholders(text);
    let (conditionals, bounded) = conditionals(text, &fixed);
    let count = choices
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .clamp(1, MAX_VARIANTS);
    let branches = branch_combinations(&conditionals);
    let mut variants: Vec<Vec<Placeholder>> = Vec::new();
    for hidden in branches
        .iter()
        .take(MAX_VARIANTS / count.clamp(1, MAX_VARIANTS))
    {
        for variant in 0..count {
            let mut placeholders: Vec<Placeholder> = fixed.clone();
            for alternatives in &choices {
                let chosen = alternatives
                    .get(variant)
                    .or_else(|| alternatives.last())
                    .cloned()
                    .unwrap_or_default();
                placeholders.extend(chosen);
            }
            // What a branch not taken holds is not sent, placeholders and all.
            placeholders.retain(|placeholder| {
                !hidden.iter().any(|range| {
                    range.start <= placeholder.span.start && placeholder.span.end <= range.end
                })
            });
            placeholders.extend(hidden.iter().map(|range| Placeholder {
                span: range.clone(),
                name: None,
            }));
            placeholders.sort_by_key(|placeholder| (placeholder.span.start, placeholder.span.end));
            if !variants.contains(&placeholders) {
                variants.push(placeholders);
            }
        }
    }
    (variants, count_combinations(&conditionals, bounded))
}

/// How many variants of one template are linted at most: nested branches
/// multiply, and [`count_combinations`] tells when a template has more.
pub const MAX_VARIANTS: usize = 64;

/// Conditionals past this many, or with more branches than
/// [`MAX_BRANCHES`], are not split into variants at all: their branches
/// are read as one text (and `input/too-many-variants` says so), so that a
/// template of thousands of `if`s costs what its text costs.
const MAX_CONDITIONALS: usize = 32;

/// See [`MAX_CONDITIONALS`].
const MAX_BRANCHES: usize = 16;

/// How many combinations of branches a template has: the product of each
/// conditional's branches (saturating), or `usize::MAX` when there are too
/// many to split (`bounded` false). Above [`MAX_VARIANTS`], only the first
/// are linted.
fn count_combinations(conditionals: &[Alternatives], bounded: bool) -> usize {
    if !bounded {
        return usize::MAX;
    }
    conditionals.iter().fold(1usize, |product, alternatives| {
        product.saturating_mul(alternatives.len())
    })
}

/// A conditional's alternatives, each the ranges of the text its taken
/// branch leaves out (the other branches' bodies). An `if` without `else`
/// can also leave out its only body.
type Alternatives = Vec<Vec<Range<usize>>>;

/// The ranges each combination of branches leaves out, in a stable order
/// (the first branch of every conditional first), at most
/// [`MAX_VARIANTS`]; one empty combination for a template without
/// conditionals.
fn branch_combinations(conditionals: &[Alternatives]) -> Vec<Vec<Range<usize>>> {
    let mut combinations: Vec<Vec<Range<usize>>> = vec![Vec::new()];
    for alternatives in conditionals {
        let mut next = Vec::new();
        'outer: for combination in &combinations {
            for alternative in alternatives {
                if next.len() == MAX_VARIANTS {
                    break 'outer;
                }
                let mut hidden = combination.clone();
                hidden.extend(alternative.iter().cloned());
                next.push(hidden);
            }
        }
        combinations = next;
    }
    combinations
}

/// What a control tag does to the branches around it. Names are the
/// block's keyword (`if`, `for`), which a Jinja-style `end...` tag names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Control<'t> {
    /// `{% if %}`, `<% unless %>`, `{{#if}}`, `{{ if }}`.
    If(&'t str),
    /// `{% elif %}`, `<% elsif %>`, `{{else if}}`, `{% else %}`; `true`
    /// for a final `else`.
    Else(bool),
    /// A block that is not a choice (a loop, a `with`): its `end` must not
    /// close an `if`.
    Block(&'t str),
    /// `{% endif %}` (`Some("if")`), `{{/if}}`; `<% end %>` and `{{ end }}`
    /// (`None`) close whatever is open.
    End(Option<&'t str>),
}

/// Jinja, Liquid, Twig and Django tags that open a block closed by an
/// `end...` tag.
const BLOCK_TAGS: &[&str] = &[
    "for",
    "macro",
    "block",
    "with",
    "filter",
    "call",
    "capture",
    "case",
    "tablerow",
    "paginate",
    "spaceless",
    "autoescape",
    "blocktrans",
    "raw",
    "embed",
    "apply",
    "sandbox",
    "verbatim",
    "form",
    "trans",
];

/// The control a tag (its whole text) stands for, in any engine smslint
/// reads; `None` for a tag that is not one (`{% set %}`, `{% load %}`).
fn control(tag: &str) -> Option<Control<'_>> {
    let (inner, erb, handlebars) = if let Some(inner) = tag.strip_prefix("<%") {
        (inner.strip_suffix("%>")?, true, false)
    } else if let Some(inner) = tag.strip_prefix("{%") {
        (inner.strip_suffix("%}")?, false, false)
    } else {
        let inner = tag.strip_prefix("{{")?.strip_suffix("}}")?;
        (inner, false, true)
    };
    let inner = inner.trim_matches(|c: char| c == '-' || c == '~' || c.is_whitespace());
    let (sigil, inner) = match inner.chars().next() {
        Some(sigil @ ('#' | '/' | '^')) if handlebars => (Some(sigil), inner.get(1..)?.trim()),
        _ => (None, inner),
    };
    let mut words = inner.split(|c: char| c.is_whitespace() || c == '(' || c == ':');
    let first = words.next().unwrap_or_default();
    let second = words.find(|word| !word.is_empty()).unwrap_or_default();
    let jinja = !erb && !handlebars;
    Some(match (sigil, first) {
        (Some('/'), name) => Control::End(Some(name)),
        (_, name @ ("if" | "unless")) => Control::If(name),
        (_, "elif" | "elsif" | "elseif") => Control::Else(false),
        (_, "else") => Control::Else(second != "if"),
        (Some(_), name) => Control::Block(name),
        (None, "end") => Control::End(None),
        (None, first) if jinja && first.starts_with("end") => Control::End(first.get(3..)),
        (None, name @ ("range" | "with" | "define" | "block")) if handlebars => {
            Control::Block(name)
        }
        (None, name @ ("case" | "while" | "until" | "for" | "begin")) if erb => {
            Control::Block(name)
        }
        (None, _) if erb && (inner.ends_with(" do") || inner.contains(" do |")) => {
            Control::Block("do")
        }
        // Django's `{% trans "Hi" %}` is one tag; Jinja's `{% trans %}`
        // opens a block.
        (None, "trans") if jinja && second.starts_with(['"', '\'']) => return None,
        (None, name) if jinja && BLOCK_TAGS.contains(&name) => Control::Block(name),
        _ => return None,
    })
}

/// Every conditional of a template, from its control tags (`tags`: the
/// unnamed placeholders, sorted): each with its alternatives, and whether
/// they are within [`MAX_CONDITIONALS`] and [`MAX_BRANCHES`] (when not,
/// none is given). A template whose tags do not nest is read as having
/// none.
fn conditionals(text: &str, tags: &[Placeholder]) -> (Vec<Alternatives>, bool) {
    let found = nested_conditionals(text, tags);
    let bounded = found.len() <= MAX_CONDITIONALS
        && found
            .iter()
            .all(|alternatives| alternatives.len() <= MAX_BRANCHES + 1);
    if bounded {
        (found, true)
    } else {
        (Vec::new(), false)
    }
}

fn nested_conditionals(text: &str, tags: &[Placeholder]) -> Vec<Alternatives> {
    struct Open<'t> {
        name: &'t str,
        choice: bool,
        /// Bodies so far, and where the current one starts.
        bodies: Vec<Range<usize>>,
        body_start: usize,
        has_else: bool,
    }
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut found = Vec::new();
    for tag in tags.iter().filter(|tag| tag.name.is_none()) {
        let Some(control) = text.get(tag.span.clone()).and_then(control) else {
            continue;
        };
        match control {
            Control::If(name) | Control::Block(name) => stack.push(Open {
                name,
                choice: matches!(control, Control::If(_)),
                bodies: Vec::new(),
                body_start: tag.span.end,
                has_else: false,
            }),
            Control::Else(last) => match stack.last_mut() {
                Some(open) if open.choice => {
                    open.bodies.push(open.body_start..tag.span.start);
                    open.body_start = tag.span.end;
                    open.has_else |= last;
                }
                // `{{else}}` of an `{{#each}}`: the empty-list branch.
                _ => {}
            },
            // `{% endtrans %}` after Django's one-tag `{% trans %}`: no
            // block of that name is open, so it closes nothing.
            Control::End(Some(name)) if !stack.iter().any(|open| open.name == name) => {}
            Control::End(name) => {
                // Blocks left open inside a named one were one-tag forms
                // (Django's `{% trans "x" %}`); an `if` left open is broken.
                while let Some(open) = stack.last() {
                    match name {
                        Some(name) if open.name != name && !open.choice => {
                            stack.pop();
                        }
                        _ => break,
                    }
                }
                let Some(mut open) = stack.pop() else {
                    return Vec::new();
                };
                if name.is_some_and(|name| name != open.name) {
                    return Vec::new();
                }
                if !open.choice {
                    continue;
                }
                open.bodies.push(open.body_start..tag.span.start);
                // Past the bounds no variant is made: spare building them.
                if open.bodies.len() > MAX_BRANCHES || found.len() > MAX_CONDITIONALS {
                    found.push(vec![Vec::new(); MAX_BRANCHES + 2]);
                    continue;
                }
                let mut alternatives: Alternatives = (0..open.bodies.len())
                    .map(|taken| {
                        open.bodies
                            .iter()
                            .enumerate()
                            .filter(|(index, body)| *index != taken && !body.is_empty())
                            .map(|(_, body)| body.clone())
                            .collect()
                    })
                    .collect();
                if !open.has_else {
                    alternatives.push(open.bodies.clone());
                }
                found.push(alternatives);
            }
        }
    }
    if stack.iter().any(|open| open.choice) {
        Vec::new()
    } else {
        found
    }
}

fn shifted(placeholders: Vec<Placeholder>, by: usize) -> impl Iterator<Item = Placeholder> {
    placeholders
        .into_iter()
        .map(move |placeholder| Placeholder {
            span: placeholder.span.start + by..placeholder.span.end + by,
            name: placeholder.name,
        })
}

/// A token of an output expression, by byte range in the template.
#[derive(Clone, Debug)]
enum Token {
    /// A string literal: the range of its contents.
    Literal(Range<usize>),
    /// A dotted name: `object.company_id.name`, `I18n.t`.
    Name(Range<usize>),
    Open,
    Close,
    /// Any other byte: an operator or punctuation.
    Other(u8),
}

fn tokens(text: &str, range: Range<usize>) -> Vec<Token> {
    let source = text.get(range.clone()).unwrap_or("");
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let start = at;
        match byte {
            b'\'' | b'"' => {
                at += 1;
                while let Some(&inner) = bytes.get(at) {
                    if inner == b'\\' {
                        at += 2;
                        continue;
                    }
                    at += 1;
                    if inner == byte {
                        break;
                    }
                }
                let end = at.min(bytes.len());
                let contents_end = if end > start + 1 && bytes.get(end - 1) == Some(&byte) {
                    end - 1
                } else {
                    end
                };
                found.push(Token::Literal(
                    range.start + start + 1..range.start + contents_end,
                ));
            }
            b'(' | b'[' => {
                at += 1;
                found.push(Token::Open);
            }
            b')' | b']' => {
                at += 1;
                found.push(Token::Close);
            }
            byte if byte.is_ascii_alphabetic() || byte == b'_' || byte == b'@' => {
                while bytes
                    .get(at)
                    .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'@'))
                {
                    at += 1;
                }
                found.push(Token::Name(range.start + start..range.start + at));
            }
            byte if byte.is_ascii_whitespace() => at += 1,
            _ => {
                at += 1;
                found.push(Token::Other(byte));
            }
        }
    }
    found
}

/// The placeholders of each alternative of an output tag. `whole` is the
/// tag, `expression` what is between its delimiters.
fn expression_alternatives(
    text: &str,
    whole: Range<usize>,
    expression: Range<usize>,
    erb: bool,
) -> Vec<Vec<Placeholder>> {
    let tokens = tokens(text, expression);
    let name_of = |range: &Range<usize>| text.get(range.clone()).unwrap_or("");
    // Split at top-level `if` / `else`: `A if C else B`.
    let mut depth = 0usize;
    let mut alternatives: Vec<Vec<Token>> = vec![Vec::new()];
    let mut in_condition = false;
    for token in &tokens {
        match token {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Name(range) if depth == 0 && name_of(range) == "if" && !erb => {
                in_condition = true;
                continue;
            }
            Token::Name(range) if depth == 0 && name_of(range) == "else" && !erb => {
                in_condition = false;
                alternatives.push(Vec::new());
                continue;
            }
            _ => {}
        }
        if !in_condition {
            if let Some(current) = alternatives.last_mut() {
                current.push(token.clone());
            }
        }
    }
    alternatives
        .iter()
        .map(|alternative| placeholders_of(text, whole.clone(), alternative))
        .collect()
}

/// Within the tag `whole`, everything but the text of one alternative is a
/// placeholder: its operands by name, the rest as unnamed tags.
fn placeholders_of(text: &str, whole: Range<usize>, alternative: &[Token]) -> Vec<Placeholder> {
    let name_of = |range: &Range<usize>| text.get(range.clone()).unwrap_or("");
    // A translation call: Rails `t` (its first argument, when a string, is
    // the key) or gettext `_` (its first argument is the text).
    let call = alternative
        .iter()
        .enumerate()
        .find_map(|(index, token)| match token {
            Token::Name(range) => Some((index, name_of(range))),
            _ => None,
        });
    let translation =
        call.filter(|(_, name)| KEY_CALLS.contains(name) || GETTEXT_CALLS.contains(name));
    let key_index = translation
        .filter(|(_, name)| KEY_CALLS.contains(name))
        .and_then(|(index, _)| {
            let first = match alternative.get(index + 1) {
                Some(Token::Open) => index + 2,
                _ => index + 1,
            };
            // `t "Your order is ready."`: a sentence is the text, not a key.
            matches!(alternative.get(first), Some(Token::Literal(literal))
                if super::is_translation_key(text.get(literal.clone()).unwrap_or("")))
            .then_some(first)
        });
    let mut depth = 0usize;
    let mut pieces: Vec<(Range<usize>, bool)> = Vec::new();
    for (index, token) in alternative.iter().enumerate() {
        let after_pipe = index
            .checked_sub(1)
            .and_then(|previous| alternative.get(previous))
            .is_some_and(|previous| matches!(previous, Token::Other(b'|')));
        match token {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Literal(contents) => {
                // `{{ 'sms.key' | t }}`: a Liquid translation key.
                let is_filter_key = matches!(
                    alternative.get(index + 1..index + 3),
                    Some([Token::Other(b'|'), Token::Name(name)])
                        if matches!(name_of(name), "t" | "translate")
                );
                // `default('friend')`: an argument of a filter, not text.
                let in_other_call = depth > 0 && translation.is_none();
                if Some(index) != key_index && !is_filter_key && !in_other_call {
                    pieces.push((contents.clone(), true));
                }
            }
            Token::Name(range) => {
                let is_call = matches!(alternative.get(index + 1), Some(Token::Open));
                let is_keyword = matches!(
                    name_of(range),
                    "and" | "or" | "not" | "in" | "is" | "if" | "else"
                );
                if translation.is_none() && depth == 0 && !is_call && !is_keyword && !after_pipe {
                    pieces.push((range.clone(), false));
                }
            }
            Token::Other(_) => {}
        }
    }
    let mut placeholders = Vec::new();
    let mut cursor = whole.start;
    for (range, is_text) in pieces {
        if range.start > cursor {
            placeholders.push(Placeholder {
                span: cursor..range.start,
                name: None,
            });
        }
        if is_text {
            // Placeholders inside the literal: `%{title}`.
            let inner = text.get(range.clone()).unwrap_or("");
            placeholders.extend(shifted(engine_placeholders(inner), range.start));
        } else {
            placeholders.push(Placeholder {
                span: range.clone(),
                name: text.get(range.clone()).map(str::to_owned),
            });
        }
        cursor = range.end;
    }
    if whole.end > cursor {
        placeholders.push(Placeholder {
            span: cursor..whole.end,
            name: None,
        });
    }
    placeholders
}

/// HTML a text message never holds: a document, or an element of page
/// structure, text blocks, forms, tables or lists. `<a href` too: a text
/// message shows a bare address.
static PAGE_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    // A bare `<link>` or `<title>` may be a sample's placeholder: an
    // element counts when it closes (`</p>`), has attributes
    // (`<div class=...>`), or is a document's or a line break.
    crate::literal::regex(
        r"(?ix)
          <!doctype\s+html | </?(?:html|head|body)[\s>]
        | </(?:div|span|p|form|label|button|select|option|textarea|table|thead|tbody|tr|td|th|ul|ol|li|h[1-6]|script|style|section|article|header|footer|nav|main|aside|iframe|svg|strong|em|small|pre|title)>
        | <(?:div|span|p|form|label|input|button|select|option|textarea|table|tr|td|th|ul|ol|li|h[1-6]|script|style|link|meta|section|article|header|footer|nav|main|aside|img|iframe|svg)\s+[a-z-]+\s*=
        | <(?:br|hr)\s*/?>
        | <a\s+href\s*=
        ",
    )
});

/// Why a template's text is a web page or view rather than an SMS: the
/// first HTML tag in it (`<!DOCTYPE html>`, `<div class="x">`), with its
/// line (1-based). `None` for a text message.
pub fn page_markup(text: &str) -> Option<(usize, String)> {
    if !text.contains('<') {
        return None;
    }
    let found = PAGE_MARKUP.find(text)?;
    let line = text.get(..found.start())?.matches('\n').count() + 1;
    let tag: String = found.as_str().chars().take(24).collect();
    Some((line, tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each variant as the rules see it (placeholders blanked),
    /// with runs of blanks folded.
    fn seen(text: &str) -> Vec<String> {
        messages(text)
            .iter()
            .map(|message| {
                message
                    .masked
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn a_template_is_its_trimmed_text_and_empty_ones_hold_nothing() {
        let text = "\u{feff}\n  Hello there \r\n";
        let found = messages(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "Hello there");
        assert_eq!(found[0].origin, Origin::At(6));
        assert_eq!(&text[found[0].whole()], "Hello there");
        assert!(messages(" \n").is_empty());
    }

    #[test]
    fn an_erb_translation_default_is_text_and_its_key_and_arguments_are_not() {
        let text = r#"<%= t :body, "Grade for %{title}: %{url}", :title => asset.title %>"#;
        // `%{url}` is a link to the lure patterns (`crate::source::LINK_MARK`).
        assert_eq!(seen(text), ["Grade for : www."]);
        let placeholders = &messages(text)[0].placeholders;
        let names: Vec<_> = placeholders
            .iter()
            .filter_map(|p| p.name.as_deref())
            .collect();
        assert_eq!(names, ["title", "url"]);
        // A string key is not text; the default after it is.
        assert_eq!(
            seen(r#"<%= t('sms.body', default: "Hi there") %>"#),
            ["Hi there"]
        );
        // i18nliner: the first argument is the text when it is a sentence.
        let text = r#"<%= t "Your order %{id} is ready for pickup.", id: order.id %>"#;
        assert_eq!(seen(text), ["Your order is ready for pickup."]);
        assert_eq!(seen(r#"<%= t "sms.ready", id: order.id %>"#), [""]);
    }

    #[test]
    fn multi_line_code_tags_and_comments_are_not_text() {
        let text =
            "<%\n  notice = Brewery::Notice.new(x)\n%>Your pickup is ready.<%# vodka %>{# gin #}";
        assert_eq!(seen(text), ["Your pickup is ready."]);
    }

    #[test]
    fn concatenated_literals_are_text_and_operands_are_placeholders() {
        let text = "{{ object.company + ': order ' + object.ref + ' has shipped.' }}";
        assert_eq!(seen(text), [": order has shipped."]);
        let names: Vec<_> = messages(text)[0]
            .placeholders
            .iter()
            .filter_map(|p| p.name.clone())
            .collect();
        assert_eq!(names, ["object.company", "object.ref"]);
    }

    #[test]
    fn each_alternative_of_a_conditional_is_a_variant() {
        let text = "{{ 'Free beer today!' if promo else 'Your order is ready.' }}";
        assert_eq!(seen(text), ["Free beer today!", "Your order is ready."]);
    }

    #[test]
    fn filter_arguments_and_translation_keys_are_not_text() {
        assert_eq!(seen("Hi {{ name | default('vodka') }}!"), ["Hi !"]);
        assert_eq!(seen("{{ 'sms.shipped' | t }}"), [""]);
        assert_eq!(seen("{{ _('Your code is %(code)s') }}"), ["Your code is"]);
    }

    #[test]
    fn each_branch_of_a_block_conditional_is_a_variant() {
        for (text, expected) in [
            (
                "Acme: {% if vip %}50% off!{% elif member %}20% off{% else %}Hi{% endif %} Reply STOP",
                vec!["Acme: 50% off! Reply STOP", "Acme: 20% off Reply STOP", "Acme: Hi Reply STOP"],
            ),
            (
                "<% if @vip %>Sale today!<% else %>Order ready.<% end %>",
                vec!["Sale today!", "Order ready."],
            ),
            (
                "{{#if vip}}Sale!{{else}}Ready.{{/if}}",
                vec!["Sale!", "Ready."],
            ),
            (
                "Code {{ .Code }}{{ if .Vip }} VIP{{ else if .New }} new{{ end -}}.",
                vec!["Code VIP .", "Code new .", "Code ."],
            ),
            // Without an else, the body may also be left out.
            (
                "Sale! {% if marketing %}Reply STOP{% endif %}",
                vec!["Sale! Reply STOP", "Sale!"],
            ),
            // A loop's `end` does not close the `if` around it; a loop's
            // body is always there.
            (
                "<% if a %><% xs.each do |x| %>X<% end %>A<% else %>B<% end %>",
                vec!["X A", "B"],
            ),
            // Django's one-tag trans and a for-else are no branches.
            (
                "{% trans \"Hi\" %}{% for x in y %}a{% else %}b{% endfor %}",
                vec!["a b"],
            ),
            // ... and a one-tag trans inside an `if` leaves its branches be.
            (
                "{% if a %}{% trans \"Hi\" %}A{% else %}B{% endif %}",
                vec!["A", "B"],
            ),
        ] {
            assert_eq!(seen(text), expected, "{text}");
        }
    }

    #[test]
    fn branches_not_taken_hold_no_placeholder() {
        let text = "{% if a %}{{ long_name }}{% else %}short{% endif %}";
        let variants = messages(text);
        assert_eq!(variants.len(), 2);
        assert!(variants[0]
            .placeholders
            .iter()
            .any(|p| p.name.as_deref() == Some("long_name")));
        assert!(variants[1].placeholders.iter().all(|p| p.name.is_none()));
    }

    #[test]
    fn nested_branches_are_bounded() {
        let text = "{% if a %}x{% endif %}".repeat(10);
        assert_eq!(messages_and_combinations(&text).1, 1024);
        assert_eq!(messages(&text).len(), MAX_VARIANTS);
        // Tags that do not nest give no branches, not a wrong pairing.
        assert_eq!(messages_and_combinations("{% if a %}x{% else %}y").1, 1);
        assert_eq!(seen("{% endif %}{% if a %}x"), ["x"]);
    }

    #[test]
    fn go_and_handlebars_control_tags_are_not_placeholders() {
        let message = &messages("Code {{ .Code }}.{{/* note */}}{{ range .X }}{{ end }}")[0];
        let names: Vec<_> = message
            .placeholders
            .iter()
            .map(|p| p.name.clone())
            .collect();
        assert_eq!(names, [Some(".Code".to_owned()), None, None, None]);
    }

    #[test]
    fn comments_pair_with_the_first_closer_and_unclosed_openers_are_text_or_tags() {
        assert_eq!(
            seen("A<%# note %>B{# x #}C{{!-- y --}}D{{! z }}E{% comment %}no{% endcomment %}F"),
            ["A B C D E F"]
        );
        // Never closed: not a comment (a code tag, or text).
        assert_eq!(seen("A {% comment %} B"), ["A B"]);
        assert_eq!(seen("A {{!-- B"), ["A {{!-- B"]);
        // 40,000 unclosed openers are read in one pass (each rescanned the
        // rest of the text before; `scripts/bench` measures it).
        let text = "{% comment %}x {{!-- y ".repeat(40_000);
        assert_eq!(messages(&text).len(), 1);
    }

    #[test]
    fn html_is_a_page_whatever_the_file_is_called() {
        for text in [
            "<!DOCTYPE html>\n<html>",
            "{{> header}}\n<form action=\"/x\">",
            "<div class=\"card\">Reply STOP</div>",
            "Hi\n<p>Thanks</p>",
            "see <a href=\"https://x.example\">here</a>",
        ] {
            assert!(page_markup(text).is_some(), "{text}");
        }
        assert_eq!(
            page_markup("a\n<div class=\"x\">").map(|(line, _)| line),
            Some(2)
        );
        for text in [
            "Acme: your code is {{code}}. Reply STOP to opt out.",
            "Hi <first_name>, 2 < 3 and <%= name %> <URL>",
            "Use <b> sparingly",
            "Acme: read it at <link> before <title> ends",
        ] {
            assert_eq!(page_markup(text), None, "{text}");
        }
    }
}
