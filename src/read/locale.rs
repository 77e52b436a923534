//! The locale of a catalog message: from a top-level key (`en:`), the file
//! or folder name (`es.json`, `locale/fr_CA/LC_MESSAGES`) or a header.

use std::path::Path;

/// ISO 639-1 codes of the languages a catalog's top-level key or a file
/// name is taken to name. A closed list, so that a top-level `sms:` or a
/// file `app.json` is never read as a locale; codes that are also common
/// English words in file names (`as`, `be`, `is`, `my`, `or`, `to`) are
/// left out.
const LANGUAGES: &[&str] = &[
    "af", "am", "ar", "az", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et",
    "eu", "fa", "fi", "fil", "fr", "ga", "gl", "gu", "ha", "he", "hi", "hr", "ht", "hu", "hy",
    "id", "ig", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo", "lt", "lv", "mk", "ml", "mn", "mr",
    "ms", "mt", "nb", "ne", "nl", "nn", "no", "om", "pa", "pl", "ps", "pt", "ro", "ru", "rw", "sd",
    "si", "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "th", "ti", "tl", "tr", "uk", "ur",
    "uz", "vi", "xh", "yo", "zh", "zu",
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

/// A language tag: a language, then an optional script and region
/// (`en`, `fr-CA`, `pt_BR`, `zh-Hant-TW`, `pa-Guru-IN`), or gettext's
/// `sr@latin`. Written back in BCP 47 case: `zh-Hant-TW`.
pub fn as_locale(text: &str) -> Option<String> {
    let (tag, _variant) = text.split_once('@').unwrap_or((text, ""));
    normalise_tag(tag, |language| LANGUAGES.contains(&language))
}

/// `tag` (`-` or `_` separated) in BCP 47 case when its language (lower
/// case) passes `language_ok` and the rest is an optional script (4
/// letters) then an optional region (2 letters or 3 digits); `None`
/// otherwise. File names ([`as_locale`]) and users' settings
/// ([`crate::context::parse_locale`]) differ only in the languages they
/// accept.
pub fn normalise_tag(tag: &str, language_ok: impl Fn(&str) -> bool) -> Option<String> {
    let mut parts = tag.split(['-', '_']);
    let language = parts.next()?.to_ascii_lowercase();
    if !language_ok(&language) {
        return None;
    }
    let mut locale = language;
    let mut script_allowed = true;
    let mut region_seen = false;
    for part in parts {
        let alphabetic = part.chars().all(|c| c.is_ascii_alphabetic());
        if script_allowed && !region_seen && part.len() == 4 && alphabetic {
            let mut chars = part.chars();
            let first = chars.next()?.to_ascii_uppercase();
            locale.push('-');
            locale.push(first);
            locale.push_str(&chars.as_str().to_ascii_lowercase());
            script_allowed = false;
        } else if !region_seen
            && ((part.len() == 2 && alphabetic)
                || (part.len() == 3 && part.chars().all(|c| c.is_ascii_digit())))
        {
            locale.push('-');
            locale.push_str(&part.to_ascii_uppercase());
            region_seen = true;
        } else {
            return None;
        }
    }
    Some(locale)
}

/// Folders that hold translation catalogs.
const CATALOG_FOLDERS: &[&str] = &[
    "locale",
    "locales",
    "i18n",
    "l10n",
    "lang",
    "langs",
    "translations",
];

/// Whether a folder of `path` is a [`CATALOG_FOLDERS`] one.
pub fn in_catalog_folder(path: &Path) -> bool {
    crate::paths::in_folder(path, CATALOG_FOLDERS)
}

/// The locale a file's name or folder names: `es.json`, `messages-fr.yml`,
/// `fr_CA.yaml`, `locales/fr/sms.json`. A code at the end of a longer name
/// (`faq_export_es.yml`, `missing_user_id.json`) or a bare folder code
/// (`returns/az/`, `fixtures/id/`) names a locale only in a catalog folder
/// (`locales/`, `i18n/`, ...): elsewhere it is as often a US state, an
/// identifier or a country.
pub fn locale_of_path(path: &Path) -> Option<String> {
    let in_catalog_folder = in_catalog_folder(path);
    let stem = path.file_stem()?.to_str()?;
    let from_stem = as_locale(stem).or_else(|| {
        // The last one or two `-`/`_`/`.`-separated parts, after one word
        // only outside a catalog folder: `messages-fr`, `messages_fr_CA`.
        let parts: Vec<&str> = stem.split(['-', '_', '.']).collect();
        let last_two = parts.len().checked_sub(2).and_then(|at| parts.get(at..));
        last_two
            .map(|pair| pair.join("-"))
            .and_then(|pair| as_locale(&pair))
            .filter(|_| parts.len() == 3 || (parts.len() > 3 && in_catalog_folder))
            // A lone last part is a language only in lower case: in
            // `am_ET` the `ET` is Ethiopia, not Estonian.
            .or_else(|| {
                parts
                    .last()
                    .filter(|last| last.chars().all(|c| c.is_ascii_lowercase()))
                    .and_then(|last| as_locale(last))
                    .filter(|_| parts.len() == 2 || (parts.len() > 2 && in_catalog_folder))
            })
    });
    // `locale/es/LC_MESSAGES/django.po`: the folder above LC_MESSAGES.
    let gettext = path
        .parent()
        .filter(|parent| parent.file_name().is_some_and(|name| name == "LC_MESSAGES"))
        .and_then(Path::parent);
    from_stem.or_else(|| {
        let folder = gettext.or_else(|| path.parent())?.file_name()?.to_str()?;
        // Android: `res/values-fr/`, `res/values-fr-rCA/`.
        if let Some(qualifier) = folder.strip_prefix("values-") {
            return as_locale(&qualifier.replacen("-r", "-", 1));
        }
        let region = folder.contains(['-', '_']);
        as_locale(folder).filter(|_| gettext.is_some() || in_catalog_folder || region)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_with_scripts_regions_and_variants_are_locales() {
        assert_eq!(as_locale("fr_CA").as_deref(), Some("fr-CA"));
        assert_eq!(as_locale("pa-Guru-IN").as_deref(), Some("pa-Guru-IN"));
        assert_eq!(as_locale("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(as_locale("sr@latin").as_deref(), Some("sr"));
        assert_eq!(as_locale("es-419").as_deref(), Some("es-419"));
        assert_eq!(as_locale("am-ET").as_deref(), Some("am-ET"));
        assert_eq!(as_locale("sms"), None);
        assert_eq!(as_locale("en-verylong"), None);
    }

    #[test]
    fn codes_in_longer_names_and_bare_folders_need_a_catalog_folder() {
        let of = |path: &str| locale_of_path(Path::new(path));
        assert_eq!(of("messages_fr.yml").as_deref(), Some("fr"));
        assert_eq!(of("messages_fr_CA.properties").as_deref(), Some("fr-CA"));
        assert_eq!(of("locales/faq_export_es.yml").as_deref(), Some("es"));
        assert_eq!(of("locales/fr/sms.json").as_deref(), Some("fr"));
        assert_eq!(
            of("res/values-fr-rCA/strings.xml").as_deref(),
            Some("fr-CA")
        );
        assert_eq!(of("po/es/LC_MESSAGES/app.po").as_deref(), Some("es"));
        assert_eq!(of("data/pt_BR/x.json").as_deref(), Some("pt-BR"));
        for path in [
            "app/services/faq_database_export_es.yml",
            "fixtures/internal_context_missing_user_id.json",
            "fed_return_jsons/md/roan_income_ca.json",
            "fed_return_jsons/az/marge.json",
            "fed_return_jsons/id/ida_hoh.json",
        ] {
            assert_eq!(of(path), None, "{path}");
        }
    }

    #[test]
    fn a_region_is_not_taken_for_a_language() {
        assert_eq!(
            locale_of_path(Path::new("api/am_ET.yml")).as_deref(),
            Some("am-ET")
        );
        assert_eq!(locale_of_path(Path::new("api/xx_ET.yml")), None);
        assert_eq!(
            locale_of_path(Path::new("messages_fr.properties")).as_deref(),
            Some("fr")
        );
    }
}
