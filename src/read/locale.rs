//! The locale of a catalog message: from a top-level key (`en:`), the file
//! or folder name (`es.json`, `locale/fr_CA/LC_MESSAGES`) or a header.

use std::path::Path;

/// ISO 639-1 codes of the languages a catalog's top-level key or a file
/// name is taken to name. A closed list, so that a top-level `sms:` or a
/// file `app.json` is never read as a locale.
const LANGUAGES: &[&str] = &[
    "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr", "ga",
    "gl", "he", "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "no", "pl",
    "pt", "ro", "ru", "sk", "sl", "sr", "sv", "sw", "ta", "th", "tl", "tr", "uk", "ur", "vi", "zh",
];

/// Rails style: a catalog whose top-level keys are all languages (`en:`,
/// `es:`) gives each subtree the locale of its key.
pub fn all_locales<'a>(mut keys: impl Iterator<Item = &'a str>) -> bool {
    let mut any = false;
    keys.all(|key| {
        any = true;
        as_locale(key).is_some()
    }) && any
}

/// A language code, with an optional region: `en`, `fr-CA`, `pt_BR`.
pub fn as_locale(text: &str) -> Option<String> {
    let (language, region) = match text.split_once(['-', '_']) {
        Some((language, region)) => (language, Some(region)),
        None => (text, None),
    };
    let known = LANGUAGES.contains(&language.to_ascii_lowercase().as_str());
    let region_ok = region.is_none_or(|region| {
        (2..=3).contains(&region.len()) && region.chars().all(|c| c.is_ascii_alphanumeric())
    });
    (known && region_ok).then(|| match region {
        Some(region) => format!(
            "{}-{}",
            language.to_ascii_lowercase(),
            region.to_uppercase()
        ),
        None => language.to_ascii_lowercase(),
    })
}

/// The locale a file's name or folder names: `es.json`, `messages-fr.yml`,
/// `fr_CA.yaml`, `locales/fr/sms.json`.
pub fn locale_of_path(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let from_stem = as_locale(stem).or_else(|| {
        // The last one or two `-`/`_`/`.`-separated parts: `messages-fr`,
        // `messages_fr_CA`.
        let parts: Vec<&str> = stem.split(['-', '_', '.']).collect();
        let last_two = parts.len().checked_sub(2).and_then(|at| parts.get(at..));
        last_two
            .map(|pair| pair.join("-"))
            .and_then(|pair| as_locale(&pair))
            .filter(|_| parts.len() > 2)
            .or_else(|| parts.last().and_then(|last| as_locale(last)))
            .filter(|_| parts.len() > 1)
    });
    // `locale/es/LC_MESSAGES/django.po`: the folder above LC_MESSAGES.
    let folder = path
        .parent()
        .filter(|parent| parent.file_name().is_some_and(|name| name == "LC_MESSAGES"))
        .and_then(Path::parent)
        .or_else(|| path.parent());
    let folder = folder?.file_name()?.to_str()?;
    // Android: `res/values-fr/`, `res/values-fr-rCA/`.
    let android = folder
        .strip_prefix("values-")
        .map(|qualifier| qualifier.replacen("-r", "-", 1));
    from_stem.or_else(|| as_locale(android.as_deref().unwrap_or(folder)))
}
