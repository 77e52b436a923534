//! A rule's message, label and help are templates: `{brand}`, `{program}`,
//! `{opt_out}` and `{match}` take what the run knows, so the advice names the
//! user's own business and language instead of an invented example.

use crate::context::Context;

/// The names a rule text may use, for validation and documentation.
pub const NAMES: &[&str] = &["match", "brand", "program", "opt_out"];

/// What the templates of one diagnostic are filled with.
#[derive(Clone, Copy, Debug, Default)]
pub struct Fill<'a> {
    /// The bytes the finding matched (`{match}`).
    pub matched: &'a str,
    /// The configured or campaign brand; `{brand}` reads "[brand name]"
    /// without one (Twilio's bracket style for a field to fill in).
    pub brand: Option<&'a str>,
    /// A use-case code (`MARKETING`); `{program}` describes it in words.
    pub use_case: Option<&'a str>,
    /// A BCP 47 tag; `{opt_out}` is the opt-out instruction in its language.
    pub locale: Option<&'a str>,
}

impl<'a> Fill<'a> {
    /// The brand, use case and locale of a message's context.
    pub fn of(context: &'a Context) -> Fill<'a> {
        Fill {
            matched: "",
            brand: context.brand.as_deref(),
            use_case: context.use_case.as_deref(),
            locale: context.locale.as_deref(),
        }
    }

    /// `template` with each `{name}` of [`NAMES`] replaced; anything else in
    /// braces (`{{first_name}}` shown as an example) is kept as written. One
    /// pass, so a matched text holding `{brand}` is not itself replaced.
    pub fn apply(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after
                .find('}')
                .and_then(|close| Some((self.value(&after[..close])?, close)));
            match value {
                Some((value, close)) => {
                    out.push_str(&value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn value(&self, name: &str) -> Option<String> {
        Some(match name {
            "match" => self.matched.to_owned(),
            "brand" => self
                .brand
                .map(str::trim)
                .filter(|brand| !brand.is_empty())
                .unwrap_or("[brand name]")
                .to_owned(),
            "program" => program(self.use_case),
            "opt_out" => opt_out(self.locale).to_owned(),
            _ => return None,
        })
    }
}

/// The `{name}`s of `template` that [`Fill`] does not know: a rule file's
/// typo, reported when it loads.
pub fn unknown_names(template: &str) -> Vec<&str> {
    let mut unknown = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if after.starts_with('{') {
            // `{{field}}` shows a template engine's syntax, not ours.
            rest = after.trim_start_matches('{');
            rest = rest.find('}').map_or("", |close| &rest[close..]);
            rest = rest.trim_start_matches('}');
            continue;
        }
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                let plain = !name.is_empty()
                    && name
                        .bytes()
                        .all(|byte| byte.is_ascii_lowercase() || byte == b'_');
                if plain && !NAMES.contains(&name) {
                    unknown.push(name);
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    unknown
}

/// A use case as a subscriber would read it in a confirmation ("you're
/// subscribed to appointment reminders"): Twilio's use-case names in words.
fn program(use_case: Option<&str>) -> String {
    let Some(code) = use_case else {
        return "[program name]".to_owned();
    };
    let words = match code {
        "2FA" => "one-time passcodes",
        "MARKETING" => "offers and promotions",
        "MIXED" => "updates and offers",
        "POLLING_VOTING" => "polls",
        "SWEEPSTAKE" => "sweepstakes alerts",
        "CHARITY" => "charity updates",
        "POLITICAL" => "campaign updates",
        "LOW_VOLUME" | "SOLE_PROPRIETOR" | "PROXY" | "SOCIAL" | "AGENTS_FRANCHISES" => "messages",
        _ => return format!("{}s", code.to_ascii_lowercase().replace('_', " ")),
    };
    words.to_owned()
}

/// The standard opt-out instruction in the message's language; French
/// offers ARRET beside STOP, as Canadian carriers expect.
fn opt_out(locale: Option<&str>) -> &'static str {
    let language = locale
        .and_then(|tag| tag.split(['-', '_']).next())
        .unwrap_or("en")
        .to_ascii_lowercase();
    match language.as_str() {
        "es" => "Responda STOP para cancelar",
        "fr" => "Répondez STOP ou ARRET pour vous désabonner",
        _ => "Reply STOP to opt out",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_filled_and_the_rest_is_kept() {
        let fill = Fill {
            matched: "{brand}",
            brand: Some("Bella Pizza"),
            use_case: Some("ACCOUNT_NOTIFICATION"),
            locale: Some("es-MX"),
        };
        assert_eq!(
            fill.apply(
                "e.g. \"{brand}: your {program}. {opt_out}\" {{first_name}} {x} `{match}` {"
            ),
            "e.g. \"Bella Pizza: your account notifications. Responda STOP para cancelar\" \
             {{first_name}} {x} `{brand}` {"
        );
        assert_eq!(
            Fill::default().apply("{brand}: {program}. {opt_out}"),
            "[brand name]: [program name]. Reply STOP to opt out"
        );
    }

    #[test]
    fn unknown_names_are_found_but_engine_syntax_is_not() {
        assert_eq!(
            unknown_names("{brnad} and {{first_name}} and {brand} {Name}"),
            vec!["brnad"]
        );
    }
}
