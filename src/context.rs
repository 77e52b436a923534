//! The context a message is sent in: which registered use case, which brand,
//! which language. Rules use it to decide whether they apply.

/// Twilio A2P 10DLC use-case codes (`us_app_to_person_usecase`), from the
/// Usecases list of the Messaging v1 API.
pub const USE_CASES: &[&str] = &[
    "2FA",
    "ACCOUNT_NOTIFICATION",
    "AGENTS_FRANCHISES",
    "CHARITY",
    "CUSTOMER_CARE",
    "DELIVERY_NOTIFICATION",
    "EMERGENCY",
    "FRAUD_ALERT",
    "HIGHER_EDUCATION",
    "K12_EDUCATION",
    "LOW_VOLUME",
    "MARKETING",
    "MIXED",
    "POLITICAL",
    "POLLING_VOTING",
    "PROXY",
    "PUBLIC_SERVICE_ANNOUNCEMENT",
    "SECURITY_ALERT",
    "SOCIAL",
    "SOLE_PROPRIETOR",
    "SWEEPSTAKE",
];

/// Normalises a use-case code as users write it (`marketing`, `Account-Notification`)
/// and checks it against [`USE_CASES`].
pub fn parse_use_case(code: &str) -> Result<String, String> {
    let normalised = code.trim().to_ascii_uppercase().replace('-', "_");
    if USE_CASES.contains(&normalised.as_str()) {
        Ok(normalised)
    } else {
        let closest = USE_CASES
            .iter()
            .map(|known| (strsim::levenshtein(known, &normalised), known))
            .min()
            .filter(|(distance, _)| *distance <= 3)
            .map(|(_, known)| format!("did you mean `{known}`? "))
            .unwrap_or_default();
        Err(format!(
            "unknown use case `{code}` ({closest}expected one of: {})",
            USE_CASES.join(", ")
        ))
    }
}

/// Checks a language tag as users write it (`fr-CA`, `pt_BR`, `es`):
/// a language of 2 or 3 letters, then an optional script (4 letters) and
/// region (2 letters or 3 digits). Returns it in BCP 47 case (`fr-CA`).
pub fn parse_locale(tag: &str) -> Result<String, String> {
    let language_ok = |language: &str| {
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_alphabetic())
    };
    crate::read::normalise_tag(tag.trim(), language_ok).ok_or_else(|| {
        format!("`{tag}` is not a language tag (a language, then an optional script and region: en, es-MX, fr-CA, zh-Hant-TW)")
    })
}

/// How to count a message whose placeholders have no value yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counting {
    /// Characters assumed for a placeholder with no length of its own.
    pub default_length: usize,
    /// Characters assumed per placeholder name.
    pub lengths: Vec<(String, usize)>,
    /// Segments above which `encoding/segments` fires.
    pub max_segments: usize,
}

impl Default for Counting {
    fn default() -> Self {
        Counting {
            default_length: 12,
            lengths: Vec::new(),
            // Twilio advises staying under 320 characters, i.e. 3 segments.
            max_segments: 3,
        }
    }
}

impl Counting {
    /// The assumed length of a placeholder.
    pub fn length_of(&self, name: &str) -> usize {
        self.lengths
            .iter()
            .find(|(known, _)| known == name)
            .map_or(self.default_length, |(_, length)| *length)
    }
}

/// The context of every message in one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// `None` when no flag, config or campaign names one.
    pub use_case: Option<String>,
    pub brand: Option<String>,
    /// Other names the brand signs with ("Luigi's" for "Luigi's
    /// Trattoria"): the config's `brand:` list after its first name.
    pub brand_aliases: Vec<String>,
    pub locale: Option<String>,
    /// True when opt-in collects a full date of birth (21+ gate).
    pub age_gated: bool,
    pub counting: Counting,
    /// The texts are messages as they will be sent (`--rendered`, stream
    /// bodies): nothing in them is a placeholder and nothing is trimmed.
    pub rendered: bool,
    /// Whether the programme is conversational (its messages sent in
    /// two-way threads), as the config says; unset, the POLITICAL use case
    /// is and every other is not.
    pub conversational: Option<bool>,
    /// This message answers in such a thread: it is not the first, so the
    /// rules a conversation needs once (`first_message_only`) skip it.
    pub reply: bool,
    /// Complaints are monitored (the config's `complaint_monitoring`, or a
    /// campaign with a complaint-rate pause threshold): every marketing
    /// send call in code must pass a status callback.
    pub complaint_monitoring: bool,
}

/// Words of a file name or catalog key that mark the first message of a
/// conversation (`intro.txt`, `sms.outreach.first`); every other message of
/// a conversational programme is a reply.
const FIRST_MESSAGE_WORDS: &[&str] = &[
    "first",
    "initial",
    "intro",
    "introduction",
    "opening",
    "welcome",
    "outreach",
    "optin",
    "greeting",
];

impl Context {
    /// The use cases whose messages are promotions, that must carry an
    /// opt-out (CTIA Messaging Principles 5.1.3): opt-out/missing's scope.
    pub const MARKETING_USE_CASES: &'static [&'static str] = &[
        "MARKETING",
        "MIXED",
        "SWEEPSTAKE",
        "CHARITY",
        "POLITICAL",
        "LOW_VOLUME",
    ];

    /// Whether the message a file name or key names (`path/intro.txt`,
    /// `en.sms.followup`) is a reply in a conversational programme: the
    /// programme is conversational and no word of the name marks a first
    /// message.
    pub fn is_reply(&self, name: &str) -> bool {
        let conversational = self
            .conversational
            .unwrap_or(self.use_case.as_deref() == Some("POLITICAL"));
        conversational
            && !name
                .split(|c: char| !c.is_ascii_alphanumeric())
                .map(str::to_ascii_lowercase)
                .any(|word| FIRST_MESSAGE_WORDS.contains(&word.as_str()))
    }
}

/// Context values that may or may not be set at one layer (flag, override,
/// config); later layers fill only what earlier ones left unset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextLayer {
    pub use_case: Option<String>,
    pub brand: Option<String>,
    /// Set with `brand`, from the same layer.
    pub brand_aliases: Vec<String>,
    pub locale: Option<String>,
    pub age_gated: Option<bool>,
    pub counting: Option<Counting>,
    pub rendered: Option<bool>,
    pub conversational: Option<bool>,
    pub complaint_monitoring: Option<bool>,
}

impl ContextLayer {
    /// `self` wins wherever it has a value.
    pub fn over(&self, lower: &ContextLayer) -> ContextLayer {
        ContextLayer {
            use_case: self.use_case.clone().or_else(|| lower.use_case.clone()),
            brand: self.brand.clone().or_else(|| lower.brand.clone()),
            brand_aliases: if self.brand.is_some() {
                self.brand_aliases.clone()
            } else {
                lower.brand_aliases.clone()
            },
            locale: self.locale.clone().or_else(|| lower.locale.clone()),
            age_gated: self.age_gated.or(lower.age_gated),
            counting: self.counting.clone().or_else(|| lower.counting.clone()),
            rendered: self.rendered.or(lower.rendered),
            conversational: self.conversational.or(lower.conversational),
            complaint_monitoring: self.complaint_monitoring.or(lower.complaint_monitoring),
        }
    }

    pub fn resolve(&self) -> Context {
        Context {
            use_case: self.use_case.clone(),
            brand: self.brand.clone(),
            brand_aliases: self.brand_aliases.clone(),
            locale: self.locale.clone(),
            age_gated: self.age_gated.unwrap_or(false),
            counting: self.counting.clone().unwrap_or_default(),
            rendered: self.rendered.unwrap_or(false),
            conversational: self.conversational,
            reply: false,
            complaint_monitoring: self.complaint_monitoring.unwrap_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_cases_are_normalised_and_checked() {
        assert_eq!(parse_use_case("marketing").as_deref(), Ok("MARKETING"));
        assert_eq!(
            parse_use_case("account-notification").as_deref(),
            Ok("ACCOUNT_NOTIFICATION")
        );
        assert!(parse_use_case("PROMOTIONS").is_err());
    }

    #[test]
    fn locales_are_checked_and_normalised() {
        assert_eq!(parse_locale("fr_ca").unwrap(), "fr-CA");
        assert_eq!(parse_locale("zh-hant-tw").unwrap(), "zh-Hant-TW");
        assert_eq!(parse_locale("es-419").unwrap(), "es-419");
        for bad in ["not a locale!!", "", "e", "english", "fr-CA-QC", "fr-"] {
            assert!(parse_locale(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn higher_layers_win_only_where_set() {
        let flag = ContextLayer {
            use_case: Some("2FA".into()),
            ..Default::default()
        };
        let config = ContextLayer {
            use_case: Some("MARKETING".into()),
            brand: Some("Acme".into()),
            ..Default::default()
        };
        let merged = flag.over(&config).resolve();
        assert_eq!(merged.use_case.as_deref(), Some("2FA"));
        assert_eq!(merged.brand.as_deref(), Some("Acme"));
        assert!(!merged.age_gated);
    }
}
