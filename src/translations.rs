//! Resolving context for messages in code: the catalog keys of a project,
//! for the send calls that pass a translation (`t("sms.reminder")`,
//! `_("Your visit is confirmed")`). A message linted in its catalog is not
//! linted again in the code, and one no catalog selects is said, never
//! passed over in silence.
//!
//! A project's catalogs are read once per run, and only when a send call
//! names a key, so that linting one file (as pre-commit does) gives the
//! verdict a whole-project run gives.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::Resolver;
use crate::discover::WalkOptions;
use crate::read::KeySelection;

/// Where a key was found.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyIn {
    /// A catalog selects it as an SMS text: it is linted there.
    Selected,
    /// A catalog has it, but does not select it (shown path).
    NotSelected(String),
    /// No catalog of the project has it.
    Nowhere,
}

/// The keys of one project's catalogs.
#[derive(Debug, Default)]
struct ProjectKeys {
    selected: HashSet<String>,
    /// Every string key, with the catalog it is in (as shown).
    all: HashMap<String, String>,
}

/// The catalogs of each project a run reaches, read on first use, each as
/// its config has it read (its `catalogs:` keys, `exclude`, size limit).
pub struct Translations {
    walk: WalkOptions,
    resolver: Mutex<Resolver>,
    projects: Mutex<HashMap<PathBuf, Arc<ProjectKeys>>>,
}

impl Translations {
    /// `resolver` gives each catalog its settings, as the run's own does.
    pub fn new(walk: WalkOptions, resolver: Resolver) -> Translations {
        Translations {
            walk,
            resolver: Mutex::new(resolver),
            projects: Mutex::new(HashMap::new()),
        }
    }

    /// Where `key` is among the catalogs of the project of `file` (an
    /// absolute path): as a key, or, for gettext, as the `msgid` a `.po`
    /// entry without context is keyed by.
    pub fn find(&self, file: &Path, key: &str) -> KeyIn {
        let root = crate::discover::project_root(file);
        let keys = self.keys(&root);
        let msgid = format!("msgid \"{}\"", key.chars().take(48).collect::<String>());
        let candidates = [key, msgid.as_str()];
        if candidates.iter().any(|key| keys.selected.contains(*key)) {
            return KeyIn::Selected;
        }
        match candidates.iter().find_map(|key| keys.all.get(*key)) {
            Some(catalog) => KeyIn::NotSelected(catalog.clone()),
            None => KeyIn::Nowhere,
        }
    }

    fn keys(&self, root: &Path) -> Arc<ProjectKeys> {
        let cached = self
            .projects
            .lock()
            .ok()
            .and_then(|projects| projects.get(root).cloned());
        if let Some(keys) = cached {
            return keys;
        }
        // Read outside the lock: another thread may read the same project
        // meanwhile, and the first to finish is kept.
        let keys = Arc::new(self.read_project(root));
        match self.projects.lock() {
            Ok(mut projects) => Arc::clone(projects.entry(root.to_path_buf()).or_insert(keys)),
            Err(_) => keys,
        }
    }
}

impl Translations {
    /// Reads every catalog under `root` that the config does not exclude:
    /// with every key, and marking those its selection takes.
    fn read_project(&self, root: &Path) -> ProjectKeys {
        let mut keys = ProjectKeys::default();
        let every = KeySelection::Globs(vec!["**".to_owned()]);
        let at_root = crate::discover::is_project_root(root);
        for file in crate::index::project_files(root, self.walk) {
            let absolute = file.path;
            // The index's paths are re-checked: a link inside the project
            // may have been pointed elsewhere since the index was written.
            if !crate::paths::inside_project(&absolute, root) {
                continue;
            }
            // The catalogs a run reads, by the one rule (not configuration
            // files that share an extension).
            let inside = crate::discover::in_project(&absolute);
            let reach = crate::classify::Reach::Walked { at_root };
            if crate::classify::classify(&inside, reach) != Ok(crate::classify::Kind::Catalog) {
                continue;
            }
            let resolved = self
                .resolver
                .lock()
                .ok()
                .and_then(|mut resolver| resolver.resolve(&absolute, None).ok());
            let Some((settings, false)) = resolved else {
                continue;
            };
            let Ok(text) = crate::source::read_text(&absolute, settings.max_file_size) else {
                continue;
            };
            // As the config's `catalogs:` paths are written: from the
            // project's folder.
            let display =
                crate::paths::display_path(absolute.strip_prefix(root).unwrap_or(&absolute));
            if let Ok(catalog) = crate::read::parse(&absolute, &text, &settings.catalog_keys) {
                for entry in catalog.entries {
                    keys.selected.extend(lookup_names(&entry.key));
                }
            }
            if let Ok(catalog) = crate::read::parse(&absolute, &text, &every) {
                for entry in catalog.entries {
                    for name in lookup_names(&entry.key) {
                        keys.all.entry(name).or_insert_with(|| display.clone());
                    }
                }
            }
        }
        keys
    }
}

/// The names code looks a catalog key up by: the key, and without its
/// locale (`en.sms.reminder` is `t("sms.reminder")` in Rails).
fn lookup_names(key: &str) -> Vec<String> {
    let mut names = vec![key.to_owned()];
    if let Some((first, rest)) = key.split_once('.') {
        if crate::read::as_locale(first).is_some() {
            names.push(rest.to_owned());
        }
    }
    names
}
