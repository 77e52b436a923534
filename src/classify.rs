//! What smslint reads: the one rule that decides whether a file holds SMS
//! texts, and as what. Every way in goes through it (a folder walk, a file
//! named on the command line, `--force-exclude` as pre-commit runs it, the
//! language server, `--show-files`, `inspect`), so they cannot disagree.
//! docs/usage.md ("What smslint reads") states the same rule.
//!
//! 1. smslint's own files (its config, its baseline), package manifests,
//!    lock files and tool configs are never read.
//! 2. Source code is read for its send calls; catalogs (`.yml`, `.json`,
//!    `.toml`, `.xml`, `.xlf`, `.resx`, `.properties`, `.po`) for the keys
//!    the key selection picks. A `.properties` file is a catalog only when
//!    it is named like a message bundle (`messages_fr.properties`, in a
//!    `i18n/` folder, a name that says SMS): `gradle.properties` and
//!    `application.properties` are configuration.
//! 3. A template file (`.txt`, `.tmpl`, `.mustache`, `.j2`, ...; `.html`,
//!    `.twig`, `.njk` only when its name or folder says SMS) is one
//!    message, unless its name or folders say it is something else (a
//!    licence, documentation, an e-mail, a web view).
//! 4. At a repository's root (a walk of the folder that holds `.git`, and
//!    every file pre-commit names with `--force-exclude`), where a project
//!    keeps its pages, documents and fixtures beside its messages, a
//!    template file is read only when something says it is an SMS: its
//!    extension is `.sms`, its name or a folder says SMS or text message,
//!    the config's `templates:` selects it, or a campaign covers it. A
//!    folder named on purpose (`smslint check templates/`), a folder of
//!    templates outside a repository and a file named on the command line
//!    are read by rules 1 to 3 and 5.
//! 5. Whatever its name, a template whose text is HTML (a document, or
//!    block and form markup: `<div>`, `<form>`, `<p>`) is a web page or a
//!    view, never an SMS ([`page_markup`]).

use std::path::Path;

use crate::read::select::path_says_sms;
use crate::source::has_extension;

pub use crate::read::Kind;

/// How a file came to be considered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Named on the command line (or opened in an editor): read as a
    /// template whatever its extension, unless it is a catalog or code.
    Named,
    /// Found by walking a folder. `at_root`: the folder is a project's root
    /// (see rule 4 of the module docs).
    Walked { at_root: bool },
}

/// Why a file is passed over, for `--show-files`, and what a config's
/// `templates:` or `catalogs:` (or a campaign) selecting it makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Skip {
    pub why: &'static str,
    /// A file passed over only because nothing says it holds SMS texts
    /// (a `.txt` at a project's root, a `.properties` named like
    /// configuration): what it is read as once something does.
    pub selectable: Option<Kind>,
}

impl Skip {
    const fn fixed(why: &'static str) -> Skip {
        Skip {
            why,
            selectable: None,
        }
    }
}

/// The reason a selectable template is passed over at a project's root.
pub const NOT_SAID_SMS: &str =
    "nothing says it is an SMS (its name or folders, `templates:` in the config, a campaign)";

/// How to include a selectable file: a one-line hint for `--show-files`.
/// `display` names it from the working folder, `from_project` from the
/// project's folder (where the config's globs start).
pub fn include_hint(display: &str, from_project: &str, kind: Kind) -> String {
    let key = if kind == Kind::Catalog {
        "catalogs: [{paths: [\"FILE\"], keys: [\"**\"]}]"
    } else {
        "templates: [\"FILE\"]"
    };
    format!(
        "to read it, name it (`smslint check {display}`) or add `{}` to smslint.yaml",
        key.replace("FILE", from_project)
    )
}

/// What `path` (its path inside the project: folder names above the
/// project say nothing) is read as, or why it is passed over.
pub fn classify(path: &Path, reach: Reach) -> Verdict {
    if is_own_file(path) {
        return Err(Skip::fixed("smslint's own file (a config or the baseline)"));
    }
    if crate::read::is_manifest(path) {
        return Err(Skip::fixed(
            "a package manifest, lock file or tool config, never a catalog",
        ));
    }
    // A Laravel language file is PHP, but a catalog (`lang/en/sms.php`).
    if crate::read::code::is_source(path) && crate::read::Format::of(path).is_none() {
        return match generated_by_name(path) {
            Some(why) if reach != Reach::Named => Err(Skip::fixed(why)),
            _ => Ok(Kind::Source),
        };
    }
    if crate::read::Format::of(path).is_some() {
        let named = reach == Reach::Named;
        if !named && has_extension(path, &["properties"]) && !is_message_bundle(path) {
            return Err(Skip {
                why: "a configuration file, not a message bundle (`messages_fr.properties`)",
                selectable: Some(Kind::Catalog),
            });
        }
        return Ok(Kind::Catalog);
    }
    match (template(path), reach) {
        (Ok(false), Reach::Walked { at_root: true }) => Err(Skip {
            why: NOT_SAID_SMS,
            selectable: Some(Kind::Template),
        }),
        (Ok(_), _) => Ok(Kind::Template),
        // A file named on the command line is read whatever its name.
        (Err(_), Reach::Named) => Ok(Kind::Template),
        (Err(skip), Reach::Walked { .. }) => Err(skip),
    }
}

/// What [`classify`] makes of a file: what it is read as, or why it is
/// passed over.
pub type Verdict = Result<Kind, Skip>;

/// Whether a walk reads a file so classified, or may once the config and
/// campaigns are known.
pub fn keeps(verdict: Verdict) -> bool {
    match verdict {
        Ok(_) => true,
        Err(skip) => skip.selectable.is_some(),
    }
}

/// smslint's own config files and the baseline docs/ci.md names: never
/// messages.
pub fn is_own_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| crate::config::CONFIG_NAMES.contains(&name) || name == BASELINE_NAME)
}

/// The baseline file name docs/ci.md and `--write-baseline` suggest.
pub const BASELINE_NAME: &str = "smslint-baseline.json";

/// Extensions of plain template files: one file, one message.
pub const TEMPLATE_EXTENSIONS: &[&str] = &[
    "txt", "sms", "tmpl", "tpl", "gotmpl", "hbs", "mustache", "liquid", "j2", "jinja", "erb",
];

/// Markup extensions whose file is a template only when its name or folder
/// says SMS (`sms_message.html`, `order_sms.txt.twig`, `sms/shipped.njk`):
/// otherwise they are web pages.
const MARKUP_EXTENSIONS: &[&str] = &[
    "html", "htm", "twig", "njk", "nunjucks", "jinja2", "haml", "slim", "eex", "heex",
];

/// Inner extensions (`name.INNER.erb`) that keep a file a template; any
/// other (`show.html.erb`, `welcome.email.erb`, `feed.xml.erb`) says it is
/// a page, an email or data, whatever its folder says.
const TEXT_INNER_EXTENSIONS: &[&str] = &["sms", "txt", "text", "body"];

/// File names (stems, case-insensitive; `*` a prefix) that are never
/// messages whatever their extension: licences, notes, crawler, build and
/// package manager files.
const NOT_MESSAGE_NAMES: &[(&str, &str)] = &[
    ("license*", DOCUMENT),
    ("licence*", DOCUMENT),
    ("copying*", DOCUMENT),
    ("notice*", DOCUMENT),
    ("authors*", DOCUMENT),
    ("contributors*", DOCUMENT),
    ("changelog*", DOCUMENT),
    ("changes*", DOCUMENT),
    ("history*", DOCUMENT),
    ("readme*", DOCUMENT),
    ("robots", WEB_FILE),
    ("humans", WEB_FILE),
    ("security", DOCUMENT),
    ("requirements*", BUILD_FILE),
    ("constraints*", BUILD_FILE),
    ("runtime", BUILD_FILE),
    ("cmakelists", BUILD_FILE),
    ("conanfile", BUILD_FILE),
    ("manifest*", BUILD_FILE),
    ("version", BUILD_FILE),
    ("todo", DOCUMENT),
];

/// Why [`NOT_MESSAGE_NAMES`] and [`NOT_MESSAGE_WORDS`] pass a file over.
const DOCUMENT: &str = "its name says it is a project document (a licence, a README, a changelog)";
const WEB_FILE: &str = "its name says it is a file for web crawlers";
const BUILD_FILE: &str = "its name says it is a build or package file";
const EMAIL: &str = "its name says it is an e-mail";
const PAGE: &str = "its name says it is a web page";

/// Folders of documentation: never messages, even about SMS.
const DOC_FOLDERS: &[&str] = &["doc", "docs", "documentation"];

/// Folders whose files are web pages, e-mails or code generators, unless
/// their name or path says SMS (`app/views/sms/reminder.text.erb`).
const NOT_MESSAGE_FOLDERS: &[&str] = &[
    "views",
    "mailer",
    "mailers",
    "email",
    "emails",
    "generators",
];

/// Words of a file name that say it is an e-mail or a page.
const NOT_MESSAGE_WORDS: &[(&str, &str)] = &[
    ("email", EMAIL),
    ("mail", EMAIL),
    ("mailer", EMAIL),
    ("newsletter", EMAIL),
    ("html", PAGE),
    ("page", PAGE),
];

/// Whether a template file's name says it is an SMS: `.sms`, or its name or
/// a folder says SMS or text message.
fn says_sms(path: &Path) -> bool {
    has_extension(path, &["sms"]) || path_says_sms(path)
}

/// Whether `path` names a template file by its name alone (rule 3 of the
/// module docs), and whether its name or a folder says SMS; why not.
fn template(path: &Path) -> Result<bool, Skip> {
    let extension = |extensions: &[&str]| has_extension(path, extensions);
    let not_template = Skip::fixed("its extension is not a template's");
    let markup = extension(MARKUP_EXTENSIONS) && says_sms(path);
    if !(extension(TEMPLATE_EXTENSIONS) || markup) {
        return Err(not_template);
    }
    let stem = Path::new(path.file_stem().unwrap_or_default());
    if stem.extension().is_some() && !has_extension(stem, TEXT_INNER_EXTENSIONS) {
        return Err(Skip::fixed(
            "its inner extension names a page, an e-mail or data (`.html.erb`, `.html.twig`)",
        ));
    }
    let in_folder = |folders: &[&str]| crate::paths::in_folder(path, folders);
    // Documentation about SMS is still documentation.
    if in_folder(DOC_FOLDERS) {
        return Err(Skip::fixed("its folder holds documentation"));
    }
    if says_sms(path) {
        return Ok(true);
    }
    let name = stem
        .file_stem()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let named_as = NOT_MESSAGE_NAMES
        .iter()
        .find(|(pattern, _)| match pattern.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *pattern,
        })
        .map(|(_, kind)| *kind)
        .or_else(|| {
            name.starts_with('_')
                .then_some("its name starts with `_`: a partial of a page or an e-mail")
        })
        .or_else(|| {
            name.split(|c: char| !c.is_ascii_alphanumeric())
                .find_map(|word| {
                    NOT_MESSAGE_WORDS
                        .iter()
                        .find(|(known, _)| *known == word)
                        .map(|(_, kind)| *kind)
                })
        });
    if let Some(why) = named_as {
        Err(Skip::fixed(why))
    } else if in_folder(NOT_MESSAGE_FOLDERS) {
        Err(Skip::fixed(
            "its folder holds web views, e-mails or code generators",
        ))
    } else {
        Ok(false)
    }
}

/// Stems of Java resource bundles that hold user-facing text.
const BUNDLE_WORDS: &[&str] = &[
    "messages",
    "message",
    "strings",
    "labels",
    "text",
    "texts",
    "translations",
    "resources",
    "bundle",
    "i18n",
];

/// A `.properties` file named like a message bundle: a locale suffix
/// (`messages_fr.properties`), a bundle word in its name, a catalog folder,
/// or a name or folder that says SMS.
fn is_message_bundle(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    path_says_sms(path)
        || crate::read::in_catalog_folder(path)
        || crate::read::locale_of_path(path).is_some()
        || stem
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| {
                BUNDLE_WORDS.contains(&word)
                    || word.ends_with("resources")
                    || word.ends_with("messages")
            })
}

/// Folders of third-party or built code: read by no one as the project's
/// own messages, as `node_modules` (which the walk never enters).
const BUILT_FOLDERS: &[&str] = &["dist", "vendor", "bower_components", "third_party"];

/// Why a source file is built or third-party code by its name: a minified
/// bundle (`app.min.js`, `main.bundle.js`, `vendor.chunk.js`) or a file in
/// a [`BUILT_FOLDERS`] folder.
fn generated_by_name(path: &Path) -> Option<&'static str> {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    if [".min", ".bundle", ".chunk", "-bundle"]
        .iter()
        .any(|end| stem.ends_with(end))
    {
        return Some("a minified bundle, not the project's own code");
    }
    let built = crate::paths::in_folder(path, BUILT_FOLDERS);
    built.then_some("built or third-party code (`dist/`, `vendor/`)")
}

/// Source files larger than this are not parsed: a syntax tree costs about
/// 80 times its file (a 7.5 MB bundle took 600 MB), and hand-written code
/// this long is generated code.
pub const MAX_SOURCE_BYTES: usize = 2_000_000;

/// A line longer than this marks minified code.
const MAX_SOURCE_LINE_BYTES: usize = 20_000;

/// Why a source file's text says it is generated or minified, or too large
/// to parse: `None` for code a person wrote.
pub fn generated_source(text: &str) -> Option<&'static str> {
    if text.len() > MAX_SOURCE_BYTES {
        return Some("source code larger than 2 MB: generated, and not parsed");
    }
    let mut cut = text.len().min(1000);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = text.get(..cut).unwrap_or_default();
    if head.contains("@generated")
        || head.contains("Code generated") && head.contains("DO NOT EDIT")
    {
        return Some("generated code (it says so), not the project's own");
    }
    if text
        .split('\n')
        .any(|line| line.len() > MAX_SOURCE_LINE_BYTES)
    {
        return Some("minified code (a line of more than 20,000 bytes)");
    }
    None
}

pub use crate::read::template::page_markup;

/// The `--show-files` reason for a template that is HTML.
pub fn page_reason(line: usize, tag: &str) -> String {
    format!("skipped: an HTML page or view (`{tag}` on line {line}), not an SMS")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str, reach: Reach) -> Result<Kind, Skip> {
        classify(Path::new(path), reach)
    }

    const WALK: Reach = Reach::Walked { at_root: false };
    const ROOT: Reach = Reach::Walked { at_root: true };

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
            "deploy/sms.body.gotmpl",
        ] {
            assert_eq!(kind(path, WALK), Ok(Kind::Template), "{path}");
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
            // An inner `.html` is a view even in a folder that says SMS.
            "app/bundles/SmsBundle/Resources/views/Sms/list.html.twig",
            "app/views/imports/_sms_opt_in_modal.html.erb",
            "doc/architecture-decisions/0008-controller-specs.txt",
            "resources/coupon-newsletter.txt",
            "cpp/example/conanfile.txt",
        ] {
            assert!(kind(path, WALK).is_err(), "{path}");
        }
    }

    #[test]
    fn at_a_root_only_what_says_sms_is_a_template() {
        for path in [
            "sms/flash_sale.txt",
            "promo.sms",
            "text_messages/x.j2",
            "a/b_sms.tmpl",
            "app/views/user_texter/welcome.text.erb",
        ] {
            assert_eq!(kind(path, ROOT), Ok(Kind::Template), "{path}");
        }
        for path in [
            "promos/weekend.txt",
            "src/main/resources/templates/new.mustache",
        ] {
            let skip = kind(path, ROOT).unwrap_err();
            assert_eq!(skip.selectable, Some(Kind::Template), "{path}");
            assert_eq!(kind(path, WALK), Ok(Kind::Template), "{path}");
        }
        // Named on the command line: read whatever it is called.
        assert_eq!(kind("LICENSE.txt", Reach::Named), Ok(Kind::Template));
    }

    #[test]
    fn properties_files_are_catalogs_only_when_named_like_bundles() {
        for path in [
            "src/main/resources/messages_fr.properties",
            "messages.properties",
            "i18n/app.properties",
            "sms.properties",
            "ApplicationResources.properties",
        ] {
            assert_eq!(kind(path, ROOT), Ok(Kind::Catalog), "{path}");
        }
        for path in [
            "gradle.properties",
            "gradle/wrapper/gradle-wrapper.properties",
            "src/main/resources/config.properties",
            "src/main/resources/application.properties",
            "META-INF/quartz.properties",
        ] {
            assert!(kind(path, ROOT).is_err(), "{path}");
        }
    }

    #[test]
    fn bundles_and_generated_code_are_not_read() {
        for path in [
            "public/app.min.js",
            "static/main.bundle.js",
            "dist/index.js",
            "vendor/twilio/x.php",
        ] {
            assert!(kind(path, WALK).is_err(), "{path}");
            assert_eq!(kind(path, Reach::Named), Ok(Kind::Source), "{path}");
        }
        assert_eq!(kind("src/sms/send.js", WALK), Ok(Kind::Source));
        assert!(generated_source(&"x".repeat(MAX_SOURCE_BYTES + 1)).is_some());
        assert!(generated_source(&format!("var a={};", "1,".repeat(15_000))).is_some());
        assert!(generated_source("// Code generated by protoc. DO NOT EDIT.\npackage x").is_some());
        assert!(generated_source("client.messages.create({body: 'Hi'})").is_none());
    }
}
