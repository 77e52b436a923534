//! Which strings of a catalog are SMS texts: the default selection and the
//! config's `catalogs` key globs. The rule is stated here once, and in
//! docs/catalogs.md:
//!
//! 1. With `catalogs:` key globs for the file, exactly the keys they match.
//! 2. Otherwise a string is an SMS text when
//!    - it is a Twilio Content template body (`types.twilio/*.body`), or
//!    - a key on its path names SMS (`sms`, `text_message`, `textmessage`,
//!      `text-message`), or the file's name or a folder above it does, and
//!    - no key below that names a piece of page copy (`title`, `label`,
//!      `button`, `placeholder`, `hint`, `heading`, ...): a web form about
//!      SMS consent is not an SMS.
//!
//! A key named `message` or `messages` alone says nothing: flash messages,
//! commit messages, log formats and OpenAPI examples all use the word.

use std::ops::Range;
use std::path::Path;

/// Words that, in a key, a file name or a folder name, say SMS (with
/// `text message`, see [`says_sms`]).
/// `texter`: textris, Rails' SMS mailer, keeps a texter's messages in
/// `app/views/<name>_texter/`.
const SMS_WORDS: &[&str] = &["sms", "textmessage", "textmessages", "texter"];

/// Words of a key that name page copy or metadata rather than a text message. Matched
/// against the `_`/`-`/camelCase-separated words of a key.
const PAGE_COPY_WORDS: &[&str] = &[
    "title",
    "subtitle",
    "label",
    "button",
    "btn",
    "placeholder",
    "hint",
    "heading",
    "header",
    "tooltip",
    "caption",
    "legend",
    "aria",
    "cta",
    "link",
    "menu",
    "tab",
    "subject",
    "email",
    "html",
    // Metadata beside a text (go-i18n `description` and `hash`).
    "description",
    "desc",
    "hash",
    "comment",
    // A form's actions: `sms.save`, `sms_submit`.
    "save",
    "submit",
    // Form fields, choices and pages about SMS: `sms_phone_number`,
    // `text_message_option`, `sms_terms.body_1`.
    "phone",
    "number",
    "option",
    "options",
    "terms",
];

/// Whole key segments above an SMS key that say the keys below are a page's
/// or a form's copy: Rails view lookups (`hub.messages.index.no_sms`),
/// validation errors (`errors.attributes.sms_phone_number`), views.
const PAGE_SCOPES: &[&str] = &[
    "views",
    "view",
    "pages",
    "errors",
    "helpers",
    "forms",
    "index",
    "show",
    "edit",
    "new",
    "activerecord",
    "activemodel",
    "flash",
    "flash_message",
    "flash_messages",
    // An application's screens (Laravel's `settings.php`, `ui.php`):
    // `settings.sms.sender_desc`, `ui.dashboard.stats.smsSent`.
    "ui",
    "settings",
    "dashboard",
    "stats",
    "nav",
    "navigation",
    "menu",
    "admin",
];

/// Which keys of a catalog hold SMS texts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum KeySelection {
    /// The default rule (see the module docs).
    #[default]
    Default,
    /// Key globs from the config's `catalogs` entry: `*` is one key
    /// segment, `**` any number of them.
    Globs(Vec<String>),
}

/// The selection as it applies to one file: the default rule knows
/// whether the file's path already says SMS.
#[derive(Clone, Copy, Debug)]
pub struct Selector<'a> {
    keys: &'a KeySelection,
    path_says_sms: bool,
}

impl<'a> Selector<'a> {
    pub fn new(keys: &'a KeySelection, path: &Path) -> Selector<'a> {
        Selector {
            keys,
            path_says_sms: path_says_sms(path),
        }
    }

    /// Whether the string at this key path is an SMS text.
    pub fn selects(&self, path: &[String]) -> bool {
        match self.keys {
            KeySelection::Default => {
                if is_twilio_content_body(path) {
                    return true;
                }
                // A key that is a sentence (Laravel's JSON translations:
                // "Get text message alerts") is the page's English text,
                // not a name.
                let first_sms = path
                    .iter()
                    .position(|segment| !segment.contains(' ') && says_sms(segment));
                let (above, below) = match (first_sms, self.path_says_sms) {
                    (Some(at), _) => path.split_at(at),
                    (None, true) => path.split_at(0),
                    (None, false) => return false,
                };
                !below.iter().any(|segment| is_page_copy(segment))
                    && !above
                        .iter()
                        .any(|segment| PAGE_SCOPES.contains(&segment.as_str()))
            }
            KeySelection::Globs(globs) => globs.iter().any(|glob| {
                let pattern: Vec<&str> = glob.split('.').collect();
                glob_matches(&pattern, path)
            }),
        }
    }

    /// Whether this is the default rule (no `catalogs:` entry for the file).
    pub fn is_default(&self) -> bool {
        *self.keys == KeySelection::Default
    }
}

/// Whether a key, a file stem or a folder name names SMS: one of its
/// words is `sms`, or two are `text message(s)` (`reminder_sms`, `smsBody`,
/// `SMSText`, `text_messages`; not `smslint`).
pub(crate) fn says_sms(name: &str) -> bool {
    // Every SMS word holds `sms` or `text`: most names (and every folder
    // of a path) hold neither, and need no splitting into words. (No
    // letter outside ASCII lower-cases into theirs: ASCII case folding is
    // all of it.)
    let holds = |word: &[u8]| {
        name.as_bytes()
            .windows(word.len())
            .any(|window| window.eq_ignore_ascii_case(word))
    };
    if !holds(b"sms") && !holds(b"text") {
        return false;
    }
    // The commonest names (an `sms/` folder) are one word already.
    if SMS_WORDS.contains(&name) || name == "SMS" {
        return true;
    }
    let words: Vec<String> = words(name).collect();
    words.iter().enumerate().any(|(index, word)| {
        SMS_WORDS.contains(&word.as_str())
            || (word == "text"
                && words
                    .get(index + 1)
                    .is_some_and(|next| next == "message" || next == "messages"))
    })
}

/// A file whose name or folder says it holds SMS texts (`sms.yml`,
/// `text_messages.json`, `sms/en.json`). `message` alone is not enough:
/// `messages.properties` and `messages.po` are the default names of
/// whole-application bundles.
pub(crate) fn path_says_sms(path: &Path) -> bool {
    let stem = path.file_stem().and_then(|stem| stem.to_str());
    let folders = path
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|component| component.as_os_str().to_str());
    stem.into_iter().chain(folders).any(says_sms)
}

/// A key segment naming page copy: `page_title`, `submitButton`, `hint`.
fn is_page_copy(segment: &str) -> bool {
    words(segment).any(|word| PAGE_COPY_WORDS.contains(&word.as_str()))
}

/// The lower-case words of a name: split at anything not a letter and at
/// camelCase humps, an acronym ending where a capitalised word starts
/// (`SMSText` is `sms`, `text`), and `SMS` run into another acronym of two
/// letters or more (`SMSOTP` is `sms`, `otp`; `OTPSMS` is `otp`, `sms`;
/// `SMSF`, a pension fund, stays one word).
fn words(segment: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = segment.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    let mut run = 0..0;
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_alphabetic() {
            words.push(std::mem::take(&mut current));
            continue;
        }
        let previous = index.checked_sub(1).and_then(|at| chars.get(at));
        let next = chars.get(index + 1);
        if c.is_uppercase() && !previous.is_some_and(|p| p.is_uppercase()) {
            let length = chars
                .iter()
                .skip(index)
                .take_while(|c| c.is_uppercase())
                .count();
            run = index..index + length;
        }
        let hump = c.is_uppercase()
            && previous.is_some_and(|p| {
                p.is_lowercase() || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            });
        if hump || (c.is_uppercase() && index > run.start && splits_sms(&chars, run.clone(), index))
        {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    words.push(current);
    words.into_iter().filter(|word| !word.is_empty())
}

/// Whether a word starts at `index`, inside the all-capitals run
/// `run` (indices of `chars`), because SMS ends or starts there: after a
/// leading `SMS` followed by two capitals or more, or before a trailing
/// `SMS` after two. The run's last capital starts the next word when a
/// lower-case letter follows (`SMSOTPCode`).
fn splits_sms(chars: &[char], run: Range<usize>, index: usize) -> bool {
    let sms_at = |at: usize| {
        chars
            .get(at..)
            .is_some_and(|rest| rest.starts_with(&['S', 'M', 'S']))
    };
    let acronym_end = if chars.get(run.end).is_some_and(|c| c.is_lowercase()) {
        run.end - 1
    } else {
        run.end
    };
    (index == run.start + 3 && sms_at(run.start) && acronym_end >= index + 2)
        || (index + 3 == acronym_end && sms_at(index) && index >= run.start + 2)
}

/// `types.twilio/text.body`, `types.twilio/quick-reply.body`, ...
fn is_twilio_content_body(path: &[String]) -> bool {
    matches!(path, [types, kind, body]
        if types == "types" && kind.starts_with("twilio/") && body == "body")
}

fn glob_matches(pattern: &[&str], path: &[String]) -> bool {
    match (pattern.split_first(), path.split_first()) {
        (None, None) => true,
        (Some((&"**", rest)), _) => {
            glob_matches(rest, path)
                || path
                    .split_first()
                    .is_some_and(|(_, tail)| glob_matches(pattern, tail))
        }
        (Some((segment, rest)), Some((key, tail))) => {
            (*segment == "*" || segment == key) && glob_matches(rest, tail)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selected(path: &str, key: &str) -> bool {
        let keys = KeySelection::Default;
        let selector = Selector::new(&keys, Path::new(path));
        let key: Vec<String> = key.split('.').map(str::to_owned).collect();
        selector.selects(&key)
    }

    #[test]
    fn sms_keys_are_selected_and_page_copy_under_them_is_not() {
        assert!(selected("config/locales/en.yml", "en.orders.shipped.sms"));
        assert!(selected("locales/fr.json", "appointment.reminder_sms"));
        assert!(selected("messages-en.properties", "sms_received"));
        assert!(!selected(
            "config/locales/en.yml",
            "en.sms.consent.page_title"
        ));
        assert!(!selected(
            "config/locales/en.yml",
            "en.sms.form.submitButton"
        ));
        assert!(!selected("config/locales/en.yml", "en.sms.consent.hint"));
        // Form fields, errors, views and pages about SMS.
        for key in [
            "es.general.sms_phone_number",
            "es.errors.attributes.sms_phone_number.invalid",
            "es.hub.messages.index.no_sms_and_opt_out",
            "es.questions.contact_preference.edit.text_message_option",
            "es.views.public_pages.sms_terms.terms.sms_confirmation",
            "es.hub.update.flash_message.text_message",
        ] {
            assert!(!selected("config/locales/es.yml", key), "{key}");
        }
        assert!(selected(
            "config/locales/es.yml",
            "es.messages.new_photos_requested.sms"
        ));
        assert!(selected(
            "config/locales/es.yml",
            "es.messages.in_progress.sms.body"
        ));
    }

    #[test]
    fn message_alone_is_not_sms() {
        assert!(!selected(
            "config/locales/en.yml",
            "en.flash.messages.saved"
        ));
        assert!(!selected("openapi.yaml", "properties.message.example"));
        assert!(!selected(".github/workflows/ci.yml", "with.commit_message"));
        assert!(!selected("docker-compose.yml", "x.LOG_MESSAGE_FORMAT"));
        assert!(selected("sms/en.yml", "en.reminders.message"));
        assert!(selected("text_messages.json", "reminder"));
    }

    #[test]
    fn twilio_content_bodies_are_selected() {
        assert!(selected("order.json", "types.twilio/text.body"));
    }

    #[test]
    fn screens_and_form_actions_are_page_copy() {
        for path in [
            "settings.sms.sender_desc",
            "settings.sms.save",
            "ui.dashboard.stats.smsSent",
            "admin.sms.token",
        ] {
            assert!(!selected("en.php", path), "{path}");
        }
        assert!(selected("en.php", "sms.appointment_reminder"));
        assert!(!selected(
            "es.json",
            "Get text message alerts about elections."
        ));
        assert!(selected("en.php", "notifications.sms.cancelled"));
    }

    #[test]
    fn sms_in_a_folder_name_is_a_word() {
        assert!(path_says_sms(Path::new("app/sms/en.json")));
        assert!(path_says_sms(Path::new("mobile-sms.yml")));
        assert!(path_says_sms(Path::new(
            "app/views/user_texter/welcome.text.erb"
        )));
        assert!(!path_says_sms(Path::new("smsf/funds.yml")));
        assert!(says_sms("SMSText") && says_sms("reminderSms") && says_sms("text_messages"));
        assert!(!says_sms("smslint") && !says_sms("messages") && !says_sms("text"));
        assert!(says_sms("VerifySMSOTP") && says_sms("SMSOTPCode") && says_sms("MFASMS"));
        assert!(!says_sms("SMSF") && !says_sms("smsfund"));
        let split = |name: &str| words(name).collect::<Vec<_>>().join(" ");
        assert_eq!(split("VerifySMSOTP.Text"), "verify sms otp text");
        assert_eq!(split("sendSMSCode"), "send sms code");
        assert_eq!(split("SMSOTPCode"), "sms otp code");
    }
}
