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
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::source::{
    engine_placeholders, has_extension as extension_in, mask, Message, Origin, Placeholder,
};

/// Extensions of plain template files: one file, one message.
pub const TEMPLATE_EXTENSIONS: &[&str] = &[
    "txt", "sms", "tmpl", "tpl", "hbs", "mustache", "liquid", "j2", "jinja", "erb",
];

/// Markup extensions whose file is a template only when its name or folder
/// says SMS (`sms_message.html`, `order_sms.txt.twig`, `sms/shipped.njk`):
/// otherwise they are web pages.
const MARKUP_EXTENSIONS: &[&str] = &[
    "html", "htm", "twig", "njk", "nunjucks", "jinja2", "haml", "slim", "eex", "heex",
];

/// Inner extensions (`name.INNER.erb`) that keep a file a template; any
/// other (`show.html.erb`, `welcome.email.erb`, `feed.xml.erb`) says it is
/// a page, an email or data.
const TEXT_INNER_EXTENSIONS: &[&str] = &["sms", "txt", "text"];

/// File names (stems, case-insensitive; `*` a prefix) that are never
/// messages whatever their extension: licences, notes, crawler and package
/// manager files.
const NOT_MESSAGE_NAMES: &[&str] = &[
    "license*",
    "licence*",
    "copying*",
    "notice*",
    "authors*",
    "contributors*",
    "changelog*",
    "changes*",
    "history*",
    "readme*",
    "robots",
    "humans",
    "security",
    "requirements*",
    "constraints*",
    "runtime",
    "cmakelists",
    "manifest*",
    "version",
    "todo",
];

/// Folders whose files are web pages, e-mails or code generators,
/// unless their name or path says SMS (`app/views/sms/reminder.text.erb`).
const NOT_MESSAGE_FOLDERS: &[&str] = &[
    "views",
    "mailer",
    "mailers",
    "email",
    "emails",
    "generators",
];

/// Words of a file name that say it is an e-mail or a page.
const NOT_MESSAGE_WORDS: &[&str] = &["email", "mail", "mailer", "html", "page"];

/// Whether a file is a template: its extension is a template extension, an
/// inner extension (if any) names text, and neither its name nor its folders
/// say it is something else (a licence, a web view, an e-mail); or its name
/// or folder says SMS and its extension is a template or markup one.
pub fn is_template(path: &Path) -> bool {
    not_template(path).is_none()
}

/// Why a file is not a template ([`is_template`]), in words for
/// `--show-files`; `None` when it is one.
pub fn not_template(path: &Path) -> Option<&'static str> {
    if super::select::path_says_sms(path) {
        let template =
            extension_in(path, MARKUP_EXTENSIONS) || extension_in(path, TEMPLATE_EXTENSIONS);
        return (!template).then_some("its extension is not a template's");
    }
    if !extension_in(path, TEMPLATE_EXTENSIONS) {
        return Some("its extension is not a template's");
    }
    let stem = Path::new(path.file_stem().unwrap_or_default());
    if stem.extension().is_some() && !extension_in(stem, TEXT_INNER_EXTENSIONS) {
        return Some("its inner extension names a page, an e-mail or data (`.html.erb`)");
    }
    let name = stem
        .file_stem()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let named_otherwise = NOT_MESSAGE_NAMES
        .iter()
        .any(|pattern| match pattern.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *pattern,
        })
        || name.starts_with('_')
        || name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| NOT_MESSAGE_WORDS.contains(&word));
    let in_other_folder = path
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .any(|part| {
            let part = part.as_os_str().to_string_lossy().to_ascii_lowercase();
            NOT_MESSAGE_FOLDERS.contains(&part.as_str())
        });
    if named_otherwise {
        Some("its name says it is not a message (a licence, a README, a page or an e-mail)")
    } else if in_other_folder {
        Some("its folder holds web views, e-mails or code generators")
    } else {
        None
    }
}

/// The message of a template file, less a byte-order mark and surrounding
/// blank space: one [`Message`] per variant (most templates have one). An
/// empty template has none.
pub fn messages(text: &str) -> Vec<Message<'_>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let leading = body.len() - body.trim_start().len();
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Vec::new();
    }
    let start = (text.len() - body.len()) + leading;
    variants(trimmed)
        .into_iter()
        .map(|placeholders| Message {
            text: Cow::Borrowed(trimmed),
            masked: mask(trimmed, &placeholders),
            placeholders,
            origin: Origin::At(start),
        })
        .collect()
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

/// Tags that hold code, comments or output expressions.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r#"(?xs)
          (?P<comment> <%\#.*?%> | \{\#.*?\#\} | \{\{!--.*?--\}\} | \{\{!.*?\}\}
            | \{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\} )
        | <%=-?(?P<erb>.*?)-?%>
        | (?P<code> <%.*?%> | \{%.*?%\} )
        | \{\{-?(?P<jinja>[^}]*?['"].*?)-?\}\}
        "#,
    )
});

/// Calls whose first string argument is message text (gettext) or a
/// translation key followed by its default text (Rails `t`).
const GETTEXT_CALLS: &[&str] = &["_", "gettext", "ngettext", "pgettext", "__", "trans"];
const KEY_CALLS: &[&str] = &["t", "translate", "I18n.t", "I18n.translate"];

/// The placeholders of each variant of a template: what in it is not text.
fn variants(text: &str) -> Vec<Vec<Placeholder>> {
    let mut fixed: Vec<Placeholder> = Vec::new();
    // For each output tag with literals: its alternatives' placeholders.
    let mut choices: Vec<Vec<Vec<Placeholder>>> = Vec::new();
    let mut last = 0;
    // Every tag starts with `<%` or `{`: most texts have neither, and skip
    // compiling the regex (a tenth of a one-file run).
    let tags = (text.contains("<%") || text.contains('{')).then(|| TAG.captures_iter(text));
    for captures in tags.into_iter().flatten() {
        let Some(whole) = captures.get(0) else {
            continue;
        };
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
    fixed.extend(shifted(
        engine_placeholders(text.get(last..).unwrap_or("")),
        last,
    ));
    let count = choices.iter().map(Vec::len).max().unwrap_or(1).max(1);
    (0..count)
        .map(|variant| {
            let mut placeholders = fixed.clone();
            for alternatives in &choices {
                let chosen = alternatives
                    .get(variant)
                    .or_else(|| alternatives.last())
                    .cloned()
                    .unwrap_or_default();
                placeholders.extend(chosen);
            }
            placeholders.sort_by_key(|placeholder| placeholder.span.start);
            placeholders
        })
        .collect()
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
            matches!(alternative.get(first), Some(Token::Literal(_))).then_some(first)
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
        assert_eq!(seen(text), ["Grade for :"]);
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
    fn files_named_for_sms_are_templates_whatever_their_markup() {
        for path in [
            "sms_message.html",
            "app/messages/grade.sms.erb",
            "order_sms.txt.twig",
            "sms/shipped.liquid",
            "note.txt",
            "code.erb",
            "app/views/sms/reminder.text.erb",
            "templates/promos/flash-sale.txt",
        ] {
            assert!(is_template(Path::new(path)), "{path}");
        }
        for path in [
            "index.html",
            "app/views/show.html.erb",
            "welcome.email.erb",
            "page.twig",
            "LICENSE.txt",
            "public/robots.txt",
            "requirements_dev.txt",
            "runtime.txt",
            "app/views/shared/_filters.erb",
            "app/views/layouts/mailer.text.erb",
            "lib/generators/data_script/templates/data_script.erb",
            "tests/templates/email_with_context.txt",
        ] {
            assert!(!is_template(Path::new(path)), "{path}");
        }
    }
}
