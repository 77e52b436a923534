//! The pipeline end to end: discover → settings per file → read and split
//! into messages → check → suppress. Rendering is the caller's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::campaign;
use crate::check::Checker;
use crate::classify::{classify, Kind, Reach};
use crate::config::{unknown_selector_message, ConfigChoice, Resolver, RuleLayer, Settings};
use crate::context::{Context, ContextLayer};
use crate::diagnostic::{counted, Diagnostic, FileReport, Summary};
use crate::discover::{discover, Found, WalkOptions};
use crate::encoding::{self, Count};
use crate::error::SetupError;
use crate::linter::{Linter, LinterConfig};
use crate::paths::{absolute, clean_absolute, error_text};
use crate::read::FileMessages;
use crate::rules::{BuiltinPacks, RuleSet};
use crate::source::{self, Content};
use crate::suppress;
use crate::translations::Translations;

pub use crate::diagnostic::input;

/// One message read from standard input.
#[derive(Clone, Debug)]
pub struct Stdin {
    pub bytes: Vec<u8>,
    /// The path config matching and reports use (`--stdin-filename`).
    pub filename: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// When set, lint this instead of `paths`.
    pub stdin: Option<Stdin>,
    pub config: ConfigChoice,
    /// Context from the command line: wins over every config.
    pub context: ContextLayer,
    /// Rule selection from the command line.
    pub rules: RuleLayer,
    pub walk: WalkOptions,
    /// Apply config `exclude` even to files named on the command line.
    pub force_exclude: bool,
    pub baseline: BaselineChoice,
    /// One file's unsaved text (a language server's open buffer): its
    /// absolute, clean path and bytes, linted as if the path were named on
    /// the command line (on disk or not), instead of what is on disk, with
    /// the config, campaigns and suppressions that govern the path.
    pub unsaved: Option<(PathBuf, Vec<u8>)>,
}

/// Which findings a run hides as already known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum BaselineChoice {
    /// The `baseline:` of the config that governs the working folder.
    #[default]
    FromConfig,
    File(PathBuf),
    /// None: report every finding (as `--write-baseline` needs).
    Ignore,
}

/// What a run found, reports sorted by path and diagnostics by position.
#[derive(Debug)]
pub struct Outcome {
    pub reports: Vec<FileReport>,
    pub summary: Summary,
    /// The rules the run used, for renderers that describe them (SARIF).
    pub rules: Arc<RuleSet>,
    /// Baseline entries that matched nothing: the baseline can shrink.
    pub stale_baseline_entries: usize,
    /// Those entries, as `path: rule "text"` (see
    /// [`crate::baseline::Applied::stale_entries`]).
    pub stale_baseline: Vec<String>,
}

/// A file (or stdin) to lint with its settings, or a path that failed.
enum Planned {
    File {
        display: String,
        path: PathBuf,
        /// What it is read as ([`crate::classify`]).
        kind: Kind,
        settings: Settings,
        /// The editor's text of the file, read instead of the disk's.
        unsaved: Option<Vec<u8>>,
        /// Two or more campaigns with different use cases cover it: their
        /// paths (`campaign/template-conflict`).
        conflict: Vec<String>,
        /// The campaigns that cover it, the first one's context applied.
        campaigns: Vec<String>,
        /// Found by a walk, which listed it as a regular file.
        walked: bool,
    },
    Stdin {
        display: String,
        bytes: Vec<u8>,
        settings: Settings,
    },
    Campaign {
        display: String,
        path: PathBuf,
        text: String,
        settings: Settings,
        /// What its globs reach; `None` when it cannot be read.
        coverage: Option<campaign::Coverage>,
        /// The config's `campaigns:` globs, when it lies outside them.
        undeclared: Option<String>,
    },
    /// A file the walk found that [`crate::classify`] passes over once
    /// the config and campaigns are known: why, for `--show-files`.
    Skipped {
        display: String,
        why: String,
    },
    /// A symbolic link out of the project or into `.git`: not followed.
    LinkOutside {
        display: String,
    },
    /// A line of an ignore file that is no valid pattern.
    IgnorePattern {
        display: String,
        path: PathBuf,
        span: std::ops::Range<usize>,
        message: String,
    },
    /// A symbolic link that points nowhere.
    BrokenLink {
        display: String,
        path: PathBuf,
    },
    Problem {
        display: String,
        message: String,
    },
}

/// Runs the whole pipeline. Errors are setup errors (config, rule files,
/// command-line values): nothing was linted.
pub fn lint(options: &Options) -> Result<Outcome, Vec<SetupError>> {
    lint_in(&mut Session::default(), options)
}

/// Rules compiled once and kept between runs that use the same rule files:
/// a language server lints on every change, and compiling the rules is most
/// of a small file's run.
#[derive(Default)]
pub struct Session {
    /// The rule files the checker was built with (beside the built-in
    /// packs) and when each was last modified, and the checker.
    checker: Option<(RuleFiles, Arc<Checker>)>,
}

/// Each rule file with when it was last modified and its length: a `--fix`
/// that rewrites one within the clock's resolution still changes the key.
type RuleFiles = Vec<(PathBuf, Option<(std::time::SystemTime, u64)>)>;

impl Session {
    /// The checker for the rule files `paths`, built from `builtin` (or
    /// the packs read now) unless the session has it already.
    fn checker(
        &mut self,
        paths: Vec<PathBuf>,
        builtin: Option<BuiltinPacks>,
    ) -> Result<Arc<Checker>, Vec<SetupError>> {
        let files: RuleFiles = paths
            .into_iter()
            .map(|path| {
                let stamp = std::fs::metadata(&path)
                    .and_then(|meta| Ok((meta.modified()?, meta.len())))
                    .ok();
                (path, stamp)
            })
            .collect();
        if let Some((known, checker)) = &self.checker {
            if *known == files {
                return Ok(Arc::clone(checker));
            }
        }
        let paths: Vec<PathBuf> = files.iter().map(|(path, _)| path.clone()).collect();
        let rules = RuleSet::load_with(builtin.unwrap_or_else(BuiltinPacks::read), &paths)?;
        let checker = Arc::new(Checker::new(rules));
        self.checker = Some((files, Arc::clone(&checker)));
        Ok(checker)
    }
}

/// [`lint`], keeping the compiled rules in `session` for the next run.
pub fn lint_in(session: &mut Session, options: &Options) -> Result<Outcome, Vec<SetupError>> {
    let mut resolver = resolver(options)?;
    // A first run reads the built-in packs while it finds its files.
    let (planned, builtin) = if session.checker.is_none() {
        let (planned, builtin) = rayon::join(|| plan(options, &mut resolver), BuiltinPacks::read);
        (planned, Some(builtin))
    } else {
        (plan(options, &mut resolver), None)
    };
    let planned = planned.map_err(|error| vec![error])?;

    let checker = session.checker(resolver.custom_rule_files(), builtin)?;
    let rules = checker.rules();
    let mut errors = resolver.validate(rules);
    let cli_selectors = options
        .rules
        .select
        .iter()
        .flatten()
        .chain(&options.rules.ignore);
    for selector in cli_selectors {
        if selector != "all" && !rules.selector_exists(selector) {
            errors.push(SetupError::usage(unknown_selector_message(selector, rules)));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let translations = Translations::new(options.walk, self::resolver(options)?);
    let mut reports: Vec<FileReport> = planned
        .into_par_iter()
        .filter_map(|item| lint_one(&checker, item, &translations))
        .collect();
    let suppression_reports = resolver
        .apply_suppressions(&mut reports, &checker, &walked_folders(options))
        .map_err(|error| vec![error])?;
    reports.extend(suppression_reports);
    reports.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let mut summary = Summary::default();
    for report in &reports {
        summary.add(report);
    }
    let baseline = match &options.baseline {
        BaselineChoice::Ignore => None,
        BaselineChoice::File(path) => Some(path.clone()),
        BaselineChoice::FromConfig => {
            let cwd = std::env::current_dir().unwrap_or_default();
            resolver.baseline(&cwd).map_err(|error| vec![error])?
        }
    };
    let mut applied = crate::baseline::Applied::default();
    if let Some(path) = baseline {
        let baseline = Baseline::read(&path).map_err(|error| vec![error])?;
        applied = baseline.apply(&mut reports, &mut summary);
    }
    Ok(Outcome {
        reports,
        summary,
        rules: checker.shared_rules(),
        stale_baseline_entries: applied.stale,
        stale_baseline: applied.stale_entries,
    })
}

/// The folders the options name (absolute, clean): what a run reads whole.
fn walked_folders(options: &Options) -> Vec<PathBuf> {
    options
        .paths
        .iter()
        .filter(|path| path.is_dir())
        .map(|path| clean_absolute(path))
        .collect()
}

/// The config resolver for the options' config choice, context and rules.
fn resolver(options: &Options) -> Result<Resolver, Vec<SetupError>> {
    Resolver::new(
        options.config.clone(),
        options.context.clone(),
        options.rules.clone(),
    )
    .map_err(|error| vec![error])
}

/// The rules a check run from the working folder uses: the built-in packs
/// and the rule files its config `extend:`s, which `rules` and `explain`
/// list too.
pub fn rules_here() -> Result<RuleSet, Vec<SetupError>> {
    rules_and_context_here().map(|(rules, _)| rules)
}

/// [`rules_here`], with the context (brand, use case, locale) the config
/// of the working folder gives its messages.
pub fn rules_and_context_here() -> Result<(RuleSet, Context), Vec<SetupError>> {
    let mut resolver = Resolver::new(
        crate::config::ConfigChoice::Discover,
        crate::context::ContextLayer::default(),
        crate::config::RuleLayer::default(),
    )
    .map_err(|error| vec![error])?;
    let (settings, _) = resolver
        .resolve(&absolute(Path::new("-")), None)
        .map_err(|error| vec![error])?;
    Ok((RuleSet::load(&settings.custom_rules)?, settings.context))
}

/// A [`Linter`] with the settings a message read from a stream gets: the
/// config that governs the working folder (or `--stdin-filename`), and the
/// command line's context and rule selection.
pub fn stream_linter(options: &Options) -> Result<Linter, Vec<SetupError>> {
    linter_and_settings(options).map(|(linter, _)| linter)
}

/// [`stream_linter`], and the settings it was built from (the config's
/// `audit:` section, for `smslint audit`).
pub fn linter_and_settings(options: &Options) -> Result<(Linter, Settings), Vec<SetupError>> {
    let mut resolver = resolver(options)?;
    let place = options
        .stdin
        .as_ref()
        .and_then(|stdin| stdin.filename.clone())
        .unwrap_or_else(|| PathBuf::from("-"));
    let (settings, _) = resolver
        .resolve(&absolute(&place), None)
        .map_err(|error| vec![error])?;
    let linter = Linter::new(LinterConfig {
        rules: settings.rules.clone(),
        extend: settings.custom_rules.clone(),
        context: settings.context.clone(),
    })?;
    Ok((linter, settings))
}

fn plan(options: &Options, resolver: &mut Resolver) -> Result<Vec<Planned>, SetupError> {
    if let Some(stdin) = &options.stdin {
        let (display, path) = match &stdin.filename {
            Some(name) => (crate::paths::display_path(name), name.clone()),
            None => ("-".to_owned(), PathBuf::from("-")),
        };
        let (settings, _) = resolver.resolve(&absolute(&path), None)?;
        return Ok(vec![Planned::Stdin {
            display,
            bytes: stdin.bytes.clone(),
            settings,
        }]);
    }
    // An editor's buffer is planned from its text whether or not the file
    // is on disk (a new file not yet saved), as if named on the command
    // line: a template, catalog or campaign by its name, under its config.
    let unsaved_path = options.unsaved.as_ref().map(|(path, _)| path);
    let named: Vec<PathBuf> = options
        .paths
        .iter()
        .filter(|path| Some(*path) != unsaved_path)
        .cloned()
        .collect();
    let mut found = discover(&named, options.walk);
    if let Some(path) = unsaved_path {
        found.push(Found::File {
            display: crate::paths::display_path(path),
            inside: crate::discover::in_project(path),
            path: path.clone(),
            reach: Reach::Named,
            verdict: None,
        });
    }
    // Campaign files first: they are the context of the templates they cover.
    let campaigns = find_campaigns(&found, options, resolver)?;
    let mut planned = Vec::new();
    for item in found {
        let (display, path, reach, inside, verdict) = match item {
            Found::File {
                display,
                path,
                reach,
                inside,
                verdict,
            } => (display, path, reach, inside, verdict),
            // Links are reported unless the config excludes them.
            Found::BrokenLink { display, path } => {
                if !excluded_link(resolver, &path, options)? {
                    planned.push(Planned::BrokenLink { display, path });
                }
                continue;
            }
            Found::LinkOutside { display, path } => {
                if !excluded_link(resolver, &path, options)? {
                    planned.push(Planned::LinkOutside { display });
                }
                continue;
            }
            Found::IgnorePattern {
                display,
                path,
                span,
                message,
            } => {
                planned.push(Planned::IgnorePattern {
                    display,
                    path,
                    span,
                    message,
                });
                continue;
            }
            Found::Problem { display, message } => {
                planned.push(Planned::Problem { display, message });
                continue;
            }
        };
        let named = reach == Reach::Named;
        // pre-commit names every staged file its `files` lets through: each
        // is judged as a walk of the whole project judges it, so that one
        // staged file gets the verdict a whole-repository run gives.
        let absolute_path = clean_absolute(&path);
        let reach = if named && options.force_exclude {
            Reach::Walked {
                at_root: crate::paths::repository_of(&absolute_path).is_some(),
            }
        } else {
            reach
        };
        let this_campaign = campaigns
            .iter()
            .find(|(campaign, ..)| *campaign == absolute_path);
        if let Some((_, text, scope, undeclared)) = this_campaign {
            let context = scope.as_ref().map(|scope| &scope.context);
            let (settings, excluded) = resolver.resolve(&absolute_path, context)?;
            if excluded && (!named || options.force_exclude) {
                continue;
            }
            let coverage = scope.as_ref().map(|scope| coverage(scope, options.walk));
            planned.push(Planned::Campaign {
                display,
                path,
                text: text.clone(),
                settings,
                coverage,
                undeclared: undeclared.clone(),
            });
            continue;
        }
        // A campaign's context governs every message of the files it
        // covers: templates, catalog entries and send calls.
        let covering: Vec<&campaign::Scope> = campaigns
            .iter()
            .filter(|(.., undeclared)| undeclared.is_none())
            .filter_map(|(_, _, scope, _)| scope.as_ref())
            .filter(|scope| scope.covers(&absolute_path))
            .collect();
        let context = covering.first().map(|scope| &scope.context);
        let (settings, excluded) = resolver.resolve(&absolute_path, context)?;
        if excluded && (!named || options.force_exclude) {
            continue;
        }
        // A walked file's verdict is the walk's: its reach is unchanged.
        let kind = match verdict.unwrap_or_else(|| classify(&inside, reach)) {
            Ok(kind) => kind,
            Err(skip) => match skip.selectable {
                Some(kind) if settings.selected || !covering.is_empty() => kind,
                selectable => {
                    let mut why = format!("skipped: {}", skip.why);
                    if let Some(kind) = selectable {
                        why.push_str("; ");
                        // A config's globs are written from its folder: the
                        // project's, where `init` writes it.
                        let project = crate::paths::project_of(
                            absolute_path.parent().unwrap_or(&absolute_path),
                        );
                        let from_project = crate::paths::relative_display(&absolute_path, &project);
                        why.push_str(&crate::classify::include_hint(
                            &display,
                            &from_project,
                            kind,
                        ));
                    }
                    planned.push(Planned::Skipped { display, why });
                    continue;
                }
            },
        };
        let use_cases: std::collections::BTreeSet<_> = covering
            .iter()
            .map(|scope| &scope.context.use_case)
            .collect();
        let campaigns: Vec<String> = covering.iter().map(|scope| scope.display.clone()).collect();
        let conflict = if use_cases.len() > 1 {
            campaigns.clone()
        } else {
            Vec::new()
        };
        planned.push(Planned::File {
            walked: !named,
            campaigns,
            display,
            path,
            kind,
            settings,
            unsaved: unsaved(options, &absolute_path),
            conflict,
        });
    }
    Ok(planned)
}

/// Whether the config that governs a link's place excludes it (a link named
/// on the command line is excluded only under `--force-exclude`, as any
/// file).
fn excluded_link(
    resolver: &mut Resolver,
    path: &Path,
    options: &Options,
) -> Result<bool, SetupError> {
    let absolute = clean_absolute(path);
    let (_, excluded) = resolver.resolve(&absolute, None)?;
    let named = options.paths.iter().any(|named| named == path);
    Ok(excluded && (!named || options.force_exclude))
}

/// The campaign files that govern the files found: those among them, and
/// those anywhere in each file's project (the folder of the config that
/// governs it, else its repository), or at the places its config's
/// `campaigns:` declares, so that linting one file, as
/// pre-commit does, gives the verdict a whole-project run gives. Each is
/// (absolute path, text, scope, and the config's `campaigns:` globs as
/// written when the file lies outside them: it then governs nothing).
type Campaigns = Vec<(PathBuf, String, Option<campaign::Scope>, Option<String>)>;

fn find_campaigns(
    found: &[Found],
    options: &Options,
    resolver: &mut Resolver,
) -> Result<Campaigns, SetupError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut candidates: Vec<(String, PathBuf)> = Vec::new();
    let mut walked: Vec<PathBuf> = walked_folders(options);
    // Files of one folder share a project: asked once per folder, so that
    // a tree of 20,000 templates is not 20,000 climbs to its `.git`.
    let mut folders_seen = std::collections::HashSet::new();
    let mut declared_roots = std::collections::HashSet::new();
    for item in found {
        let Found::File { display, path, .. } = item else {
            continue;
        };
        let path = clean_absolute(path);
        // Only a YAML file can be a campaign (the check below).
        if source::is_yaml(&path) {
            candidates.push((display.clone(), path.clone()));
        }
        if !folders_seen.insert(path.parent().map(Path::to_path_buf)) {
            continue;
        }
        // Where the config says the campaigns are, only there, and always
        // there, ignored or hidden or outside the folders named: one
        // file's run then costs what one file costs, and gives what a run
        // over the whole project gives.
        if let Some(locations) = resolver.campaign_locations(&path)? {
            for root in locations.roots() {
                if declared_roots.insert(root.clone()) {
                    for file in declared_campaign_files(&root, &locations, options.walk) {
                        let display =
                            crate::paths::display_path(file.strip_prefix(&cwd).unwrap_or(&file));
                        candidates.push((display, file));
                    }
                }
            }
            continue;
        }
        let root = match resolver.config_dir(&path)? {
            Some(dir) => dir,
            None => crate::discover::project_root(&path),
        };
        if walked.iter().any(|done| root.starts_with(done)) {
            continue;
        }
        // The folders named on the command line were walked by discovery:
        // their YAML files are among the candidates already (read once:
        // the candidates are deduplicated below).
        walked.retain(|done| !done.starts_with(&root));
        walked.push(root.clone());
        for file in crate::index::project_files(&root, options.walk) {
            if file.campaign || unsaved(options, &file.path).is_some() {
                let display =
                    crate::paths::display_path(file.path.strip_prefix(&cwd).unwrap_or(&file.path));
                candidates.push((display, file.path));
            }
        }
    }
    let mut campaigns: Campaigns = Vec::new();
    for (display, path) in candidates {
        if !source::is_yaml(&path) || campaigns.iter().any(|(known, ..)| *known == path) {
            continue;
        }
        // A campaign file the config does not declare governs nothing,
        // whether or not this run lints it: the verdict on a template is
        // the same from a one-file run and from a whole-project run.
        let undeclared = resolver
            .campaign_locations(&path)?
            .filter(|locations| !locations.covers(&path))
            .map(|locations| locations.written());
        let content = match unsaved(options, &path) {
            Some(bytes) => Ok(source::decode(bytes)),
            None => source::read(&path, source::DEFAULT_MAX_FILE_SIZE),
        };
        let Ok(Content::Text(text)) = content else {
            continue;
        };
        if campaign::is_campaign(&text) {
            let scope = campaign::scope(&display, &path, &text);
            campaigns.push((path, text, scope, undeclared));
        }
    }
    Ok(campaigns)
}

/// The YAML files under `root`, one of the starts of a config's
/// `campaigns:` globs, that the globs name: the folder is walked (ignore
/// files inside it apply, as anywhere), a file is taken as named.
fn declared_campaign_files(
    root: &Path,
    locations: &crate::config::CampaignLocations,
    walk: WalkOptions,
) -> Vec<PathBuf> {
    let mut files = if root.is_dir() {
        crate::discover::governing_files(root, walk).files
    } else {
        vec![root.to_path_buf()]
    };
    files.retain(|file| source::is_yaml(file) && locations.covers(file));
    files
}

/// What a campaign's globs reach: every file under its roots that smslint
/// reads (or that the campaign selects), with what it is read as; the
/// templates' messages, for its embedded-link and -phone checks.
fn coverage(scope: &campaign::Scope, walk: WalkOptions) -> campaign::Coverage {
    let files: Vec<(String, PathBuf, Kind)> = discover(&scope.roots, walk)
        .into_iter()
        .filter_map(|found| match found {
            Found::File {
                path,
                reach,
                inside,
                ..
            } if scope.covers(&path) => {
                // What the campaign covers is selected, whatever its name.
                let kind = classify(&inside, reach).map_or_else(|skip| skip.selectable, Some)?;
                let display = crate::paths::relative_display(&path, &scope.dir);
                Some((display, path, kind))
            }
            _ => None,
        })
        .collect();
    let templates: Vec<(String, PathBuf)> = files
        .iter()
        .filter(|(_, _, kind)| *kind == Kind::Template)
        .map(|(display, path, _)| (display.clone(), path.clone()))
        .collect();
    campaign::Coverage {
        linked: campaign::linked_templates(scope, &templates),
        files: files.into_iter().map(|(_, path, _)| path).collect(),
        dir: scope.dir.clone(),
    }
}

/// The unsaved text the options carry for `path` (absolute and clean).
fn unsaved(options: &Options, path: &Path) -> Option<Vec<u8>> {
    options
        .unsaved
        .as_ref()
        .filter(|(unsaved, _)| unsaved == path)
        .map(|(_, bytes)| bytes.clone())
}

/// A planned item, read: its content, or why it could not be read.
struct Loaded {
    display: String,
    file: Option<PathBuf>,
    kind: Kind,
    settings: Settings,
    content: Result<Content, String>,
}

/// Reads a planned file or standard input; `None` for the items that are
/// not read as messages (campaigns, files passed over, broken links,
/// problems).
fn load(item: Planned) -> Option<Loaded> {
    match item {
        Planned::File {
            display,
            path,
            kind,
            settings,
            unsaved,
            walked,
            ..
        } => Some(Loaded {
            content: match unsaved {
                Some(bytes) => Ok(source::decode_within(bytes, settings.max_file_size)),
                None if walked => source::read_found(&path, settings.max_file_size),
                None => source::read(&path, settings.max_file_size),
            }
            .map_err(|error| format!("cannot read `{display}`: {}", error_text(&error))),
            file: Some(path),
            kind,
            display,
            settings,
        }),
        Planned::Stdin {
            display,
            bytes,
            settings,
        } => Some(Loaded {
            // Standard input is read as the file `--stdin-filename` names:
            // a catalog or code by that name, otherwise one message.
            kind: classify(Path::new(&display), Reach::Named).unwrap_or(Kind::Template),
            display,
            file: None,
            content: Ok(source::decode_within(bytes, settings.max_file_size)),
            settings,
        }),
        Planned::Campaign { .. }
        | Planned::Skipped { .. }
        | Planned::BrokenLink { .. }
        | Planned::LinkOutside { .. }
        | Planned::IgnorePattern { .. }
        | Planned::Problem { .. } => None,
    }
}

fn lint_one(checker: &Checker, item: Planned, translations: &Translations) -> Option<FileReport> {
    let conflict = match item {
        Planned::Campaign {
            display,
            path,
            text,
            settings,
            coverage,
            undeclared,
        } => {
            return Some(lint_campaign(
                checker,
                display,
                path,
                text,
                &settings,
                (coverage.as_ref(), undeclared),
            ))
        }
        Planned::Skipped { .. } => return None,
        Planned::BrokenLink { display, path } => {
            return Some(broken_link(checker, display, &path));
        }
        Planned::IgnorePattern {
            display,
            path,
            span,
            message,
        } => {
            let diagnostic = checker.emit(input::INVALID_IGNORE_PATTERN, span, Some(message), None);
            return Some(FileReport {
                keys: crate::diagnostic::KeyKind::Catalog,
                first_line: 1,
                path: display,
                source: crate::source::read_text(&path, source::DEFAULT_MAX_FILE_SIZE).ok(),
                file: Some(path),
                messages: 0,
                diagnostics: vec![diagnostic],
            });
        }
        Planned::LinkOutside { display } => {
            // Named, never its target: the target may be a secret.
            let message = format!(
                "`{display}` is a symbolic link out of the project or into .git: not followed"
            );
            return Some(problem(checker, display, input::LINK_OUTSIDE, message));
        }
        Planned::Problem { display, message } => {
            return Some(problem(checker, display, input::UNREADABLE, message));
        }
        Planned::File { ref conflict, .. } => conflict.clone(),
        Planned::Stdin { .. } => Vec::new(),
    };
    let loaded = load(item)?;
    let mut report = match (loaded.content, loaded.kind) {
        // Generated or minified code is not parsed (`--show-files` says so).
        (Ok(Content::Text(text)), Kind::Source)
            if crate::classify::generated_source(&text).is_some() =>
        {
            FileReport {
                keys: crate::diagnostic::KeyKind::Catalog,
                first_line: 1,
                path: loaded.display,
                file: None,
                messages: 0,
                source: None,
                diagnostics: Vec::new(),
            }
        }
        (Ok(Content::Text(text)), kind) => lint_messages(
            checker,
            loaded.display.clone(),
            // Standard input is read as the file `--stdin-filename` names.
            loaded.file.as_deref().unwrap_or(Path::new(&loaded.display)),
            kind,
            text,
            &loaded.settings,
            translations,
        ),
        // Source code smslint cannot decode (a UTF-16 script, a binary
        // bundle) holds no send call it could read: `--show-files` says so.
        (Ok(_), Kind::Source) => FileReport {
            keys: crate::diagnostic::KeyKind::Catalog,
            first_line: 1,
            path: loaded.display,
            file: None,
            messages: 0,
            source: None,
            diagnostics: Vec::new(),
        },
        (Ok(content), _) => unread_content(checker, loaded.display, content)?,
        (Err(message), _) => {
            return Some(problem(checker, loaded.display, input::UNREADABLE, message))
        }
    };
    report.file = loaded.file;
    if !conflict.is_empty() {
        let label = format!("covered by {}", conflict.join(" and "));
        let diagnostic = checker.emit("campaign/template-conflict", 0..0, None, Some(label));
        report.diagnostics.insert(0, diagnostic);
    }
    Some(report)
}

/// `input/broken-link`: a link that points nowhere is reported, not read,
/// and does not fail the run.
fn broken_link(checker: &Checker, display: String, path: &Path) -> FileReport {
    let target = std::fs::read_link(path)
        .map(|target| crate::paths::display_path(&target))
        .unwrap_or_default();
    let mut message = format!("`{display}` is a symbolic link to `{target}`, which does not exist");
    if crate::paths::repository_of(&absolute(path)).is_some() {
        message.push_str(" (a git submodule that is not checked out?)");
    }
    problem(checker, display, input::BROKEN_LINK, message)
}

fn lint_campaign(
    checker: &Checker,
    display: String,
    path: PathBuf,
    text: String,
    settings: &Settings,
    (coverage, undeclared): (Option<&campaign::Coverage>, Option<String>),
) -> FileReport {
    let (messages, mut diagnostics) = campaign::lint(&text, checker, &settings.context, coverage);
    if let Some(globs) = undeclared {
        let label = format!("the config declares campaigns at {globs}");
        diagnostics.insert(
            0,
            checker.emit("campaign/undeclared", 0..0, None, Some(label)),
        );
    }
    suppress::apply_and_order(&mut diagnostics, settings, checker.rules());
    FileReport {
        keys: crate::diagnostic::KeyKind::Catalog,
        first_line: 1,
        path: display,
        file: Some(path),
        source: Some(text),
        messages,
        diagnostics,
    }
}

/// A file's messages, in the one shape every reader gives (see
/// [`crate::read::read_file`]), taken as sent under `--rendered`.
fn read_messages(
    path: &Path,
    kind: Kind,
    text: &str,
    settings: &Settings,
    senders: &crate::read::code::Senders,
) -> Result<FileMessages, crate::read::ParseError> {
    crate::read::read_file(
        path,
        kind,
        text,
        &settings.catalog_keys,
        settings.context.rendered,
        senders,
    )
}

/// Lints every message of a file (every variant of each) in its locale,
/// applies the file's inline suppressions, names each finding's key, and
/// adds what its send calls and its reader say; a finding variants share
/// is reported once.
fn lint_messages(
    checker: &Checker,
    display: String,
    path: &Path,
    kind: Kind,
    text: String,
    settings: &Settings,
    translations: &Translations,
) -> FileReport {
    let (catalog, calls, missing_grammar, untried) =
        match read_messages(path, kind, &text, settings, checker.rules().senders()) {
            Ok(file) => (
                file.catalog,
                file.calls,
                file.missing_grammar,
                file.untried_combinations,
            ),
            Err(error) => {
                let rule = crate::read::Format::of(path)
                    .map_or(input::INVALID_JSON, crate::read::Format::invalid_rule);
                let mut report = problem(checker, display, rule, error.message);
                if let Some(diagnostic) = report.diagnostics.first_mut() {
                    diagnostic.span = error.span;
                }
                report.source = Some(text);
                return report;
            }
        };
    let mut used = vec![false; catalog.suppressions.len()];
    let mut diagnostics = Vec::new();
    if catalog.selected_nothing() {
        diagnostics.push(nothing_selected(checker, &display, &catalog));
    }
    // A finding an inline suppression on one of `lines` accepts is counted
    // as the suppression's use, and dropped.
    let mut accepted = |lines: &[usize], rule: &str| {
        let accepting = catalog
            .suppressions
            .iter()
            .position(|suppression| suppression.covers_lines(lines, rule));
        accepting
            .and_then(|index| used.get_mut(index))
            .map(|flag| *flag = true)
            .is_some()
    };
    for entry in &catalog.entries {
        let mut context = settings.context.clone();
        if entry.locale.is_some() {
            context.locale.clone_from(&entry.locale);
        }
        // A template is named by its file, an entry by its key.
        let name = if entry.key.is_empty() {
            &display
        } else {
            &entry.key
        };
        context.reply = context.is_reply(name);
        for mut diagnostic in checker.check(&entry.message, &context) {
            if accepted(&entry.key_lines, &diagnostic.rule) {
                continue;
            }
            // A fix's replacement is plain text: in a catalog it is written
            // in the value's quoting, or left to the user where that is not
            // safe; a template's text is its bytes.
            if let (Some(fix), false) = (diagnostic.fix.as_mut(), kind == Kind::Template) {
                match crate::read::fix_in_catalog(
                    path,
                    &text,
                    entry,
                    fix.span.clone(),
                    &fix.replacement,
                ) {
                    Ok(written) => fix.replacement = written,
                    Err(why) => {
                        diagnostic.fix = None;
                        diagnostic
                            .notes
                            .push(format!("`--fix` leaves this one to you: {why}"));
                    }
                }
            }
            diagnostic.key = (!entry.key.is_empty()).then(|| entry.key.clone());
            diagnostics.push(diagnostic);
        }
    }
    if let Some(combinations) = untried {
        let message = if combinations == usize::MAX {
            "more conditionals or branches than smslint splits into variants: their branches were read as one text".to_owned()
        } else {
            format!(
                "{combinations} combinations of branches: the first {} were linted",
                crate::read::template::MAX_VARIANTS
            )
        };
        diagnostics.push(checker.emit(input::TOO_MANY_VARIANTS, 0..0, Some(message), None));
    }
    if let (Some(feature), Some(language)) =
        (missing_grammar, crate::read::code::Language::of(path))
    {
        diagnostics.push(checker.emit(
            crate::read::code::UNRESOLVED_BODY,
            0..0,
            Some(format!(
                "this build of smslint cannot read {} code: its send calls are not linted",
                language.name()
            )),
            Some(format!(
                "install the wheel, or build with `--features {feature}` (or `all-languages`)"
            )),
        ));
    }
    let absolute_path = clean_absolute(path);
    for call in &calls {
        let mut call_findings = send_call_findings(checker, call, &catalog, &settings.context);
        if let Some(diagnostic) = translated_body(checker, call, translations, &absolute_path) {
            call_findings.insert(0, diagnostic);
        }
        for mut diagnostic in call_findings {
            if accepted(&call.key_lines, &diagnostic.rule) {
                continue;
            }
            diagnostic.key = Some(call.key.clone());
            diagnostics.push(diagnostic);
        }
    }
    // A YAML alias repeats its anchor's text, variants share theirs: a
    // finding there is reported once, under the first key that reaches it.
    keep_first_of_each(&mut diagnostics);
    for (suppression, was_used) in catalog.suppressions.iter().zip(used) {
        let span = suppression.span.clone();
        let reason = suppression.reason.is_some();
        diagnostics.extend(checker.audit_suppression(span, was_used, reason));
    }
    suppress::apply_and_order(&mut diagnostics, settings, checker.rules());
    FileReport {
        keys: if kind == Kind::Source {
            crate::diagnostic::KeyKind::Sender
        } else {
            crate::diagnostic::KeyKind::Catalog
        },
        first_line: 1,
        path: display,
        file: None,
        messages: catalog.messages(),
        source: Some(text),
        diagnostics,
    }
}

/// `code/unresolved-body` for a send call whose message is a translation
/// key no catalog of the project selects as an SMS text.
fn translated_body(
    checker: &Checker,
    call: &crate::read::code::SendCall,
    translations: &Translations,
    file: &Path,
) -> Option<Diagnostic> {
    use crate::translations::KeyIn;
    let crate::read::code::Body::Catalog {
        span,
        call: written,
    } = &call.body
    else {
        return None;
    };
    let key = call.catalog_key.as_deref()?;
    let (message, help) = match translations.find(file, key) {
        KeyIn::Selected => return None,
        KeyIn::NotSelected(catalog) => (
            format!("the message is the catalog key `{key}`, which {catalog} does not select as an SMS text"),
            format!(
                "select it in smslint.yaml so that its text is linted: `catalogs: [{{paths: [\"{catalog}\"], keys: [\"*.{key}\", \"{key}\"]}}]` (an entry replaces the default selection for that file: list its other SMS keys too, e.g. \"*.sms.**\")"
            ),
        ),
        KeyIn::Nowhere => (
            format!("the message is the catalog key `{key}`, which no catalog of this project has"),
            "add the key to the project's catalog, or check its spelling".to_owned(),
        ),
    };
    let mut diagnostic = checker.emit(
        crate::read::code::UNRESOLVED_BODY,
        span.clone(),
        Some(message),
        Some(format!("`{written}`")),
    );
    diagnostic.help = Some(help);
    Some(diagnostic)
}

/// What smslint says of a send call in code, beside its message's findings:
/// a message it cannot read (`code/unresolved-body`), a recipient on
/// Twilio's high-risk list (`policy/high-risk-destination`), and a
/// marketing send without a status callback where complaints are monitored
/// (`policy/no-status-callback`).
fn send_call_findings(
    checker: &Checker,
    call: &crate::read::code::SendCall,
    catalog: &crate::read::Catalog,
    context: &Context,
) -> Vec<Diagnostic> {
    use crate::read::code::Body;
    let mut findings = Vec::new();
    let message = match &call.body {
        Body::Read(index) => catalog.entries.get(*index).map(|entry| &entry.message),
        Body::Unresolved { span, label } => {
            findings.push(checker.emit(
                crate::read::code::UNRESOLVED_BODY,
                span.clone(),
                None,
                Some(label.clone()),
            ));
            None
        }
        Body::Catalog { .. } => None,
    };
    if let Some((number, span)) = &call.destination {
        if let Some(label) = campaign::high_risk_number(number) {
            findings.push(checker.emit(
                "policy/high-risk-destination",
                span.clone(),
                None,
                Some(label),
            ));
        }
    }
    let marketing = message
        .is_some_and(|message| checker.applies("policy/no-status-callback", message, context));
    if context.complaint_monitoring && call.status_callback == Some(false) && marketing {
        let mut diagnostic = checker.emit(
            "policy/no-status-callback",
            call.span.clone(),
            Some("marketing send without a status callback".to_owned()),
            Some("no status callback: delivery errors and opt-outs go unseen".to_owned()),
        );
        diagnostic.help = Some(format!(
            "pass {} an https endpoint that records delivery errors",
            call.status_callback_name.as_deref().map_or_else(
                || "the API's status callback".to_owned(),
                |name| format!("`{name}`")
            )
        ));
        findings.push(diagnostic);
    }
    findings
}

/// Drops a diagnostic when an earlier one has the same rule, span and
/// message: the variants of a template and the aliases of a YAML anchor
/// share text. Linear in the number of diagnostics.
fn keep_first_of_each(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|diagnostic| {
        seen.insert((
            diagnostic.rule.clone(),
            diagnostic.span.clone(),
            diagnostic.message.clone(),
        ))
    });
}

/// `catalog/nothing-selected`: how many strings a translation catalog has,
/// and the `catalogs:` entry that would lint them.
fn nothing_selected(
    checker: &Checker,
    display: &str,
    catalog: &crate::read::Catalog,
) -> Diagnostic {
    let strings = counted(catalog.skipped, "string");
    let mut diagnostic = checker.emit(
        "catalog/nothing-selected",
        0..0,
        Some(format!(
            "read as a message catalog: {strings}, none selected as an SMS text"
        )),
        None,
    );
    diagnostic.help = Some(format!(
        "if these strings are sent by SMS, select them in smslint.yaml: {} (keep only the keys that are texts)",
        catalogs_entry(display, catalog)
    ));
    diagnostic
}

/// The `catalogs:` entry that selects what a catalog passed over, by the
/// first key segments it skipped.
fn catalogs_entry(display: &str, catalog: &crate::read::Catalog) -> String {
    let keys: Vec<String> = catalog
        .skipped_groups
        .iter()
        .map(|group| format!("\"{group}.**\""))
        .collect();
    format!(
        "`catalogs: [{{paths: [\"{display}\"], keys: [{}]}}]`",
        keys.join(", ")
    )
}

/// The `input/*` report on a file whose content is not text (`None` for
/// text, which its reader reads: see [`lint_messages`]).
fn unread_content(checker: &Checker, display: String, content: Content) -> Option<FileReport> {
    Some(match content {
        Content::Text(_) => return None,
        Content::TooLarge { limit } => problem(
            checker,
            display,
            input::TOO_LARGE,
            format!("larger than {limit} bytes (max_file_size), so not read"),
        ),
        Content::Binary => problem(
            checker,
            display,
            input::BINARY,
            "binary file: it contains NUL bytes, so it is not a message template".to_owned(),
        ),
        Content::Utf16 => problem(
            checker,
            display,
            input::UTF16,
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8".to_owned(),
        ),
        Content::InvalidUtf8 {
            valid_prefix,
            bad_byte,
        } => {
            let (line, column) = crate::diagnostic::position_in(&valid_prefix, bad_byte);
            let mut report = problem(
                checker,
                display,
                input::INVALID_UTF8,
                format!(
                    "not valid UTF-8: the first invalid byte is at line {line}, column {column} (byte {bad_byte})"
                ),
            );
            if let Some(diagnostic) = report.diagnostics.first_mut() {
                diagnostic.span = bad_byte..bad_byte;
            }
            report.source = Some(valid_prefix);
            report
        }
    })
}

/// What governs each file the options name, as `check --show-settings`
/// prints it: the config files, the brand, use case and locale its messages
/// are checked with, the campaigns that cover it, the rule selection and
/// the rule files. A file the run would pass over says so instead.
pub fn show_settings(options: &Options) -> Result<Vec<(String, Vec<String>)>, Vec<SetupError>> {
    let mut resolver = resolver(options)?;
    let planned = plan(options, &mut resolver).map_err(|error| vec![error])?;
    let none = || "(none)".to_owned();
    let mut shown = Vec::new();
    for item in planned {
        match item {
            Planned::File {
                display,
                path,
                kind,
                settings,
                campaigns,
                ..
            } => {
                let configs = resolver
                    .config_files(&absolute(&path))
                    .map_err(|error| vec![error])?;
                let context = &settings.context;
                let rules = &settings.rules;
                let list = |items: &[String]| {
                    if items.is_empty() {
                        none()
                    } else {
                        items.join(", ")
                    }
                };
                let severity: Vec<String> = rules
                    .severity
                    .iter()
                    .map(|(selector, severity)| format!("{selector}={severity}"))
                    .collect();
                let custom: Vec<String> = settings
                    .custom_rules
                    .iter()
                    .map(|file| crate::paths::printable(&file.display().to_string()).into_owned())
                    .collect();
                shown.push((
                    display,
                    vec![
                        format!(
                            "read as: {}",
                            match kind {
                                Kind::Template => "a template (one message)",
                                Kind::Catalog => "a catalog (its selected keys are messages)",
                                Kind::Source => "source code (its send calls' messages)",
                            }
                        ),
                        format!(
                            "config: {}",
                            if configs.is_empty() {
                                "(none: built-in defaults)".to_owned()
                            } else {
                                configs.join(", extending ")
                            }
                        ),
                        format!("brand: {}", context.brand.clone().unwrap_or_else(none)),
                        format!(
                            "use case: {}",
                            context
                                .use_case
                                .clone()
                                .unwrap_or_else(|| "(unknown: promotional messages are held to the marketing rules)".to_owned())
                        ),
                        format!("locale: {}", context.locale.clone().unwrap_or_else(|| "(none: a catalog's own, if any)".to_owned())),
                        format!("campaigns: {}", list(&campaigns)),
                        format!(
                            "rules: select {}; ignore {}; severity {}",
                            rules.select.as_deref().map_or_else(|| "all".to_owned(), list),
                            list(&rules.ignore),
                            list(&severity)
                        ),
                        format!("rule files: {}", list(&custom)),
                    ],
                ));
            }
            Planned::Skipped { display, why } => shown.push((display, vec![why])),
            Planned::Campaign { display, .. } => shown.push((
                display,
                vec![
                    "a campaign file: its fields are checked, it governs what it covers".to_owned(),
                ],
            )),
            _ => {}
        }
    }
    shown.sort();
    Ok(shown)
}

/// How `check --show-files` describes each file the options name: the
/// path as reports show it, and what it is read as (`template`, `catalog:
/// 3 messages (fr)`, `campaign`, `skipped: ...`), sorted by path.
pub fn show_files(options: &Options) -> Result<Vec<(String, String)>, Vec<SetupError>> {
    let mut resolver = resolver(options)?;
    let planned = plan(options, &mut resolver).map_err(|error| vec![error])?;
    let rules = RuleSet::load(&resolver.custom_rule_files())?;
    let senders = rules.senders();
    let mut shown: Vec<(String, String)> = planned
        .into_par_iter()
        .map(|item| {
            let loaded = match item {
                Planned::Campaign {
                    display, coverage, ..
                } => {
                    let (files, templates) = coverage.map_or((0, 0), |coverage| {
                        (coverage.files.len(), coverage.linked.len())
                    });
                    let what = format!(
                        "campaign (covers {}, {} of them templates)",
                        counted(files, "file"),
                        templates
                    );
                    return (display, what);
                }
                Planned::Skipped { display, why } => return (display, why),
                Planned::BrokenLink { display, .. } => {
                    return (
                        display,
                        "skipped: a symbolic link that points nowhere".to_owned(),
                    )
                }
                Planned::LinkOutside { display } => {
                    return (
                        display,
                        "skipped: a symbolic link out of the project or into .git".to_owned(),
                    )
                }
                Planned::IgnorePattern { .. } => return (String::new(), String::new()),
                Planned::Problem { display, message } => {
                    return (display, format!("unreadable: {message}"))
                }
                item @ (Planned::File { .. } | Planned::Stdin { .. }) => match load(item) {
                    Some(loaded) => loaded,
                    None => return (String::new(), String::new()),
                },
            };
            let what = match (&loaded.content, loaded.kind) {
                (Err(message), _) => format!("unreadable: {message}"),
                (Ok(Content::Text(text)), kind @ (Kind::Catalog | Kind::Source)) => {
                    match (kind, crate::classify::generated_source(text)) {
                        (Kind::Source, Some(why)) => format!("skipped: {why}"),
                        _ => describe_catalog(
                            loaded.file.as_deref().unwrap_or(Path::new(&loaded.display)),
                            &loaded.display,
                            kind,
                            text,
                            &loaded.settings,
                            senders,
                        ),
                    }
                }
                (Ok(Content::Text(text)), Kind::Template) => {
                    match crate::classify::page_markup(text) {
                        Some((line, tag)) => crate::classify::page_reason(line, &tag),
                        None if crate::read::template::messages(text).is_empty() => {
                            "template (empty: no message)".to_owned()
                        }
                        None => "template".to_owned(),
                    }
                }
                (Ok(Content::Binary), _) => "skipped: binary file".to_owned(),
                (Ok(Content::Utf16), _) => "unreadable: UTF-16, not UTF-8".to_owned(),
                (Ok(Content::TooLarge { limit }), _) => {
                    format!("skipped: larger than {limit} bytes (max_file_size)")
                }
                (Ok(Content::InvalidUtf8 { bad_byte, .. }), _) => {
                    format!("unreadable: not valid UTF-8 (byte {bad_byte})")
                }
            };
            (loaded.display, what)
        })
        .filter(|(display, _)| !display.is_empty())
        .collect();
    if options.stdin.is_none() {
        shown.extend(crate::discover::passed_over(&options.paths, options.walk));
    }
    shown.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    Ok(shown)
}

fn describe_catalog(
    path: &Path,
    display: &str,
    kind: Kind,
    text: &str,
    settings: &Settings,
    senders: &crate::read::code::Senders,
) -> String {
    let parsed = read_messages(path, kind, text, settings, senders);
    if let (Kind::Source, Ok(file)) = (kind, &parsed) {
        return describe_source(file);
    }
    match parsed.map(|file| file.catalog) {
        Err(error) => format!("unreadable: {}", error.message),
        Ok(catalog) if catalog.entries.is_empty() && catalog.skipped == 0 => {
            "skipped: holds no message (not a catalog, or no strings)".to_owned()
        }
        Ok(catalog) if catalog.entries.is_empty() => format!(
            "skipped: no key selected as an SMS text ({} passed over); to read some, add {} to smslint.yaml",
            counted(catalog.skipped, "string"),
            catalogs_entry(display, &catalog)
        ),
        Ok(catalog) => {
            let mut locales: Vec<&str> = catalog
                .entries
                .iter()
                .filter_map(|entry| entry.locale.as_deref())
                .collect();
            locales.sort_unstable();
            locales.dedup();
            let locales = if locales.is_empty() {
                String::new()
            } else {
                format!(" ({})", locales.join(", "))
            };
            format!(
                "catalog: {}{locales}",
                counted(catalog.messages(), "message")
            )
        }
    }
}

/// What `--show-files` says of a source file: its messages, and the send
/// calls whose message is not in the code.
fn describe_source(file: &FileMessages) -> String {
    use crate::read::code::Body;
    if let Some(feature) = file.missing_grammar {
        return format!("skipped: source code this build cannot parse (cargo feature `{feature}`)");
    }
    if file.calls.is_empty() {
        return "skipped: source code with no send call of a known SMS API".to_owned();
    }
    let count =
        |wanted: fn(&Body) -> bool| file.calls.iter().filter(|call| wanted(&call.body)).count();
    let mut what = format!(
        "source code: {}",
        counted(file.catalog.messages(), "message")
    );
    let unresolved = count(|body| matches!(body, Body::Unresolved { .. }));
    if unresolved > 0 {
        what.push_str(&format!(
            ", {} whose message cannot be read",
            counted(unresolved, "send call")
        ));
    }
    let keys = count(|body| matches!(body, Body::Catalog { .. }));
    if keys > 0 {
        what.push_str(&format!(
            ", {} sending a catalog key",
            counted(keys, "send call")
        ));
    }
    what
}

/// What one message costs, for `smslint inspect`.
#[derive(Debug)]
pub struct MessageCost {
    /// Byte range of the message in the file.
    pub span: std::ops::Range<usize>,
    pub count: Count,
    /// Characters outside GSM-7, by byte offset in the file, with their
    /// Smart Encoding replacement where there is one.
    pub forcing: Vec<(usize, char, Option<&'static str>)>,
    /// Each placeholder as written and the characters it was counted at
    /// (`placeholders:` in the config), in the message's order.
    pub assumed: Vec<(String, usize)>,
}

/// The costs of every message of one file, or why it could not be read.
#[derive(Debug)]
pub struct FileCosts {
    pub path: String,
    pub source: Option<String>,
    pub messages: Vec<MessageCost>,
    pub problem: Option<String>,
}

/// Counts every message the options name, as `smslint inspect` shows them.
pub fn inspect(options: &Options) -> Result<Vec<FileCosts>, Vec<SetupError>> {
    let mut resolver = resolver(options)?;
    let planned = plan(options, &mut resolver).map_err(|error| vec![error])?;
    // The send calls are rule-pack data: loaded only when source code is
    // inspected.
    let reads_code = planned.iter().any(|item| {
        matches!(
            item,
            Planned::File {
                kind: Kind::Source,
                ..
            }
        )
    });
    let rules = if reads_code {
        RuleSet::load(&resolver.custom_rule_files())?
    } else {
        RuleSet::default()
    };
    let mut files: Vec<FileCosts> = planned
        .into_par_iter()
        .filter_map(|item| match item {
            Planned::Problem { display, message } => Some(FileCosts::problem(display, message)),
            // Campaign files are counted by `check` (their samples), and
            // what is passed over is not a message.
            item => load(item).map(|loaded| costs(loaded, rules.senders())),
        })
        .collect();
    files.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    Ok(files)
}

fn costs(loaded: Loaded, senders: &crate::read::code::Senders) -> FileCosts {
    let text = match loaded.content {
        Ok(Content::Text(text)) => text,
        Ok(Content::Binary) => return FileCosts::problem(loaded.display, "binary file".into()),
        Ok(Content::Utf16) => {
            return FileCosts::problem(
                loaded.display,
                "UTF-16, not UTF-8: re-save it as UTF-8".into(),
            )
        }
        Ok(Content::TooLarge { limit }) => {
            return FileCosts::problem(loaded.display, format!("larger than {limit} bytes"))
        }
        Ok(Content::InvalidUtf8 { bad_byte, .. }) => {
            return FileCosts::problem(loaded.display, format!("not valid UTF-8 (byte {bad_byte})"))
        }
        Err(message) => return FileCosts::problem(loaded.display, message),
    };
    let counting = &loaded.settings.context.counting;
    if loaded.kind == Kind::Source && crate::classify::generated_source(&text).is_some() {
        return FileCosts {
            path: loaded.display,
            source: None,
            messages: Vec::new(),
            problem: None,
        };
    }
    let path = loaded.file.as_deref().unwrap_or(Path::new(&loaded.display));
    let file = match read_messages(path, loaded.kind, &text, &loaded.settings, senders) {
        Ok(file) => file,
        Err(error) => return FileCosts::problem(loaded.display, error.message),
    };
    // Of a message's variants, the costliest is what it costs.
    let mut counted: Vec<(crate::source::Message, Count)> = Vec::new();
    for entry in file.catalog.entries {
        let count = encoding::count_message(&entry.message, counting);
        match counted.last_mut() {
            Some(last) if entry.variant => {
                if (count.segments, count.characters) > (last.1.segments, last.1.characters) {
                    *last = (entry.message, count);
                }
            }
            _ => counted.push((entry.message, count)),
        }
    }
    let messages = counted
        .into_iter()
        .map(|(message, count)| MessageCost {
            span: message.whole(),
            count,
            forcing: message
                .masked
                .char_indices()
                .filter(|(_, c)| encoding::gsm_septets(*c).is_none())
                .map(|(offset, c)| {
                    let at = message.file_span(offset..offset + c.len_utf8()).start;
                    (at, c, encoding::smart_replacement(c))
                })
                .collect(),
            assumed: message
                .placeholders
                .iter()
                .filter_map(|placeholder| {
                    let name = placeholder.name.as_deref()?;
                    let written = message.text.get(placeholder.span.clone())?;
                    Some((written.to_owned(), counting.length_of(name)))
                })
                .collect(),
        })
        .collect();
    FileCosts {
        path: loaded.display,
        source: Some(text),
        messages,
        problem: None,
    }
}

impl FileCosts {
    fn problem(path: String, message: String) -> FileCosts {
        FileCosts {
            path,
            source: None,
            messages: Vec::new(),
            problem: Some(message),
        }
    }

    /// The index of the file's lines and columns (see
    /// [`crate::diagnostic::Positions`]).
    pub fn positions(&self) -> crate::diagnostic::Positions<'_> {
        crate::diagnostic::Positions::new(self.source.as_deref().unwrap_or("")).in_message_columns()
    }
}

/// A report holding one `input/*` error about the file as a whole.
fn problem(checker: &Checker, display: String, rule_id: &str, message: String) -> FileReport {
    FileReport {
        keys: crate::diagnostic::KeyKind::Catalog,
        first_line: 1,
        path: display,
        file: None,
        source: None,
        messages: 0,
        diagnostics: vec![checker.emit(rule_id, 0..0, Some(message), None)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_deleted_between_the_walk_and_the_read_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.txt");
        std::fs::write(&path, "Acme: hello\n").unwrap();
        let options = Options {
            paths: vec![dir.path().to_path_buf()],
            stdin: None,
            config: ConfigChoice::Nothing,
            context: ContextLayer::default(),
            rules: RuleLayer::default(),
            walk: WalkOptions {
                respect_ignore_files: true,
                cache: false,
            },
            force_exclude: false,
            baseline: BaselineChoice::Ignore,
            unsaved: None,
        };
        let mut resolver = Resolver::new(
            ConfigChoice::Nothing,
            ContextLayer::default(),
            RuleLayer::default(),
        )
        .unwrap();
        let planned = plan(&options, &mut resolver).unwrap();
        std::fs::remove_file(&path).unwrap();
        let checker = Checker::new(RuleSet::builtin().unwrap());
        let reports: Vec<FileReport> = planned
            .into_iter()
            .filter_map(|item| {
                let resolver = Resolver::new(
                    ConfigChoice::Nothing,
                    ContextLayer::default(),
                    RuleLayer::default(),
                )
                .unwrap();
                lint_one(&checker, item, &Translations::new(options.walk, resolver))
            })
            .collect();
        assert_eq!(reports.len(), 1);
        let diagnostic = &reports[0].diagnostics[0];
        assert_eq!(diagnostic.rule, input::UNREADABLE);
        assert!(
            diagnostic.message.contains("gone.txt") && diagnostic.message.contains("no such file")
        );
    }

    #[test]
    fn every_input_diagnostic_is_documented_as_a_builtin_rule() {
        let rules = RuleSet::builtin().unwrap();
        for id in input::ALL {
            let rule = rules
                .get(id)
                .unwrap_or_else(|| panic!("{id} is not in rules/"));
            assert!(
                matches!(rule.matcher, crate::rules::Matcher::Builtin),
                "{id}"
            );
        }
    }
}
