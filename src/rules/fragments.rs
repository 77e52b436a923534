//! Named regex fragments of a rule file: a phrase many patterns need ("a
//! link, or a link said in words") is written once as `fragments: {link:
//! ...}` and used as `{link}`, so widening it widens every rule at once.

/// Whether `name` may name a fragment: lower-case ASCII letters, digits and
/// `-`, starting with a letter. A regex repetition (`{2,5}`) starts with a
/// digit; the braces of an escape (`\x{a0}`, `\p{greek}`, `\b{end}`) follow
/// its letter and are never read as a name ([`expand`]).
pub fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `pattern` with every unescaped `{name}` replaced by `(?:fragment)`,
/// `fragment` giving each name's regex. (`build.rs` shares this file, to
/// find the literals of the built-in patterns as a run expands them.)
///
/// # Errors
/// The first name that `fragment` does not know.
pub fn expand<'a>(
    pattern: &str,
    fragment: impl Fn(&str) -> Option<&'a str>,
) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some((head, tail)) = rest.split_once('{') {
        let backslashes = |text: &[u8]| text.iter().rev().take_while(|&&b| b == b'\\').count();
        let head_bytes = head.as_bytes();
        // `\{` is a brace, and `\x{a0}`, `\u{fe0f}`, `\p{greek}`, `\b{end}`
        // are escapes whose braces belong to them.
        let escape = head_bytes
            .split_last()
            .and_then(|(&last, before)| (backslashes(before) % 2 == 1).then_some(last));
        let named = tail.split_once('}').filter(|(name, _)| {
            let escaped = match escape {
                Some(b'x' | b'u' | b'U' | b'p' | b'P') => true,
                // `\b{end}` is a word boundary; `\b{link}` a boundary and
                // a fragment.
                Some(b'b') => ["start", "end", "start-half", "end-half"].contains(name),
                _ => false,
            };
            backslashes(head_bytes) % 2 == 0 && !escaped && is_name(name)
        });
        out.push_str(head);
        match named {
            Some((name, after)) => {
                let regex = fragment(name).ok_or_else(|| name.to_owned())?;
                out.push_str("(?:");
                out.push_str(regex);
                out.push(')');
                rest = after;
            }
            None => {
                out.push('{');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fragments(name: &str) -> Option<&'static str> {
        (name == "link").then_some(r"https?://|\bhere\b")
    }

    #[test]
    fn names_are_replaced_and_repetitions_and_escapes_kept() {
        assert_eq!(
            expand(r"pay\b.{0,20}?{link}", fragments).unwrap(),
            r"pay\b.{0,20}?(?:https?://|\bhere\b)"
        );
        assert_eq!(expand(r"\{link}", fragments).unwrap(), r"\{link}");
        assert_eq!(
            expand(r"\\{link}", fragments).unwrap(),
            r"\\(?:https?://|\bhere\b)"
        );
        assert_eq!(expand("a{2}{3,}", fragments).unwrap(), "a{2}{3,}");
        for escape in [r"\x{a0}", r"\u{fe0f}", r"\p{greek}", r"\P{han}", r"\b{end}"] {
            assert_eq!(expand(escape, |_| None).unwrap(), escape);
        }
        assert_eq!(
            expand(r"\\b{link}", fragments).unwrap(),
            r"\\b(?:https?://|\bhere\b)"
        );
        assert_eq!(
            expand(r"\b{link}", fragments).unwrap(),
            r"\b(?:https?://|\bhere\b)"
        );
        assert_eq!(expand("{nope}x", fragments), Err("nope".to_owned()));
    }

    #[test]
    fn names_are_kebab_case_starting_with_a_letter() {
        assert!(is_name("link-words"));
        assert!(!is_name("2"));
        assert!(!is_name("Link"));
        assert!(!is_name(""));
    }
}
