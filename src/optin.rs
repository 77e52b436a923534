//! What an opt-in confirmation must say, wherever it is written: a
//! campaign's registered `opt_in` message (`campaign/opt-in-incomplete`)
//! or a template that confirms a subscription
//! (`opt-out/opt-in-confirmation-incomplete`). CTIA Messaging Principles
//! 5.1.1 and Twilio error 30540: the programme's name, that messages
//! recur, how often, that rates may apply, HELP and STOP.

use std::sync::LazyLock;

use regex::Regex;

/// One thing a message must contain: what it is, in words a label can
/// list, and the regex that finds it.
pub struct Element {
    pub what: &'static str,
    pub pattern: LazyLock<Regex>,
}

macro_rules! element {
    ($what:expr, $pattern:expr) => {
        Element {
            what: $what,
            pattern: LazyLock::new(|| crate::literal::regex(concat!("(?i)", $pattern))),
        }
    };
}

/// What an opt-in confirmation must say, besides the programme's name.
pub static OPT_IN_ELEMENTS: [Element; 5] = [
    element!(
        "that messages are recurring",
        r"recurring|automated|you(?:'ve|’ve|'re|’re| have| are)? (?:now )?(?:subscribed|enrolled|signed up|opted in)|welcome to|you will receive|you'll receive|alerts|\b(?:weekly|daily|monthly)\b|\b(?:recurrentes?|r[ée]currents?)\b"
    ),
    element!(
        "the message frequency",
        r"\bmsgs?/|\bmessages? per\b|\bmessages?\s+par\s+(?:jour|semaine|mois)|\bmensajes?\s+(?:al|por)\s+(?:d[ií]a|semana|mes)|\d+\s*(?:msgs?|messages?)\b|frequency varies|msg frequency|message frequency|per (?:day|week|month)"
    ),
    element!(
        "\"Msg & data rates may apply\"",
        r"(?:msg|message)s?\s*(?:&|and)\s*data\s+rates\s+may\s+apply|frais\s+(?:de\s+messagerie|standards?\s+de\s+messagerie|de\s+messages)|tarifas\s+de\s+(?:mensajes|msj)|cargos\s+por\s+mensajes"
    ),
    element!("how to get help (HELP)", r"\bhelp\b|\baide\b|\bayuda\b"),
    element!("how to opt out (STOP)", r"\bstop\b|\barr[eê]t\b"),
];

/// A message that confirms a subscription: "You have subscribed to Acme
/// alerts", "Thanks for signing up", "Te has suscrito", "Vous êtes
/// inscrit". An opt-out's confirmation ("you have been unsubscribed") is
/// not one.
pub static CONFIRMS_OPT_IN: LazyLock<Regex> = LazyLock::new(|| {
    // Subscribing to messages, not to AutoPay or Premium, nor joining a
    // waitlist or a class: what is subscribed to must be texts, alerts, a
    // list or deals.
    crate::literal::regex(
        r"(?i)(?:\byou(?:'ve|’ve|\s+have|\s+are|'re|’re)?\s+(?:now\s+|successfully\s+)?(?:been\s+)?(?:subscribed|opted\s+in|signed\s+up|joined)|\bthanks?\s+(?:you\s+)?for\s+(?:subscribing|opting\s+in|signing\s+up|joining))\s+(?:to|for)\s+(?:our\s+|the\s+)?(?:\S+\s+){0,3}?(?:texts?|sms|alerts|messages|text\s+club|vip\s+list|list|deals|offers|updates)\b|\b(?:te\s+has|usted\s+se\s+ha)\s+suscrito\b|\bgracias\s+por\s+(?:suscribirte|suscribirse)\b|\bvous\s+(?:[êe]tes|etes)\s+(?:maintenant\s+)?abonn[ée]e?s?\b|\bmerci\s+de\s+vous\s+[êe]tre\s+abonn[ée]",
    )
});

/// The elements `text` lacks, in the order a label lists them.
pub fn missing(text: &str) -> Vec<&'static str> {
    OPT_IN_ELEMENTS
        .iter()
        .filter(|element| !element.pattern.is_match(text))
        .map(|element| element.what)
        .collect()
}
