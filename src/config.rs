//! `smslint.yaml`: discovered by walking up from each linted file (the
//! closest wins), validated with every error located, and resolved into the
//! [`Settings`] of one file: its context and which rules run at what level.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::read::KeySelection;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use marked_yaml::Spanned;
use serde::Deserialize;

use crate::context::{parse_locale, parse_use_case, Context, ContextLayer, Counting};
use crate::diagnostic::{category_of, FileReport, Severity};
use crate::error::SetupError;
use crate::rules::{Origin, Rule, RuleSet};
use crate::yaml;

/// File names tried in each folder, first match wins (as ruff prefers its
/// dot-file).
pub const CONFIG_NAMES: &[&str] = &[".smslint.yaml", "smslint.yaml"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigSchema {
    brand: Option<BrandSchema>,
    use_case: Option<Spanned<String>>,
    locale: Option<Spanned<String>>,
    age_gated: Option<bool>,
    /// Messages are sent in two-way threads: only a first message needs
    /// opt-out language and the brand.
    conversational: Option<bool>,
    /// Complaints are monitored: marketing send calls in code must pass a
    /// status callback.
    complaint_monitoring: Option<bool>,
    #[serde(default)]
    rules: RulesSchema,
    #[serde(default)]
    overrides: Vec<OverrideSchema>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    placeholders: Option<PlaceholdersSchema>,
    max_segments: Option<Spanned<usize>>,
    /// A baseline file (see `--baseline`), relative to the config.
    baseline: Option<Spanned<String>>,
    /// Bytes, or with a unit: `10MB`, `512KB`.
    max_file_size: Option<Spanned<String>>,
    #[serde(default)]
    suppressions: Vec<SuppressionSchema>,
    #[serde(default)]
    catalogs: Vec<CatalogSchema>,
    /// Globs of files read as templates (one file, one message) whatever
    /// their names say: what a walk of the project's root would pass over.
    #[serde(default)]
    templates: Vec<Spanned<String>>,
    /// Globs of the project's campaign files: a run reads these instead
    /// of looking for campaigns in the whole project.
    #[serde(default)]
    campaigns: Vec<Spanned<String>>,
    /// A config this one inherits from (its path relative to this one):
    /// this file's settings win, its lists add to the parent's.
    #[serde(rename = "extend-config")]
    extend_config: Option<Spanned<String>>,
    #[serde(default)]
    audit: AuditSchema,
}

/// `audit:`: what `smslint audit` holds the traffic to, beside what the
/// command line says (which wins).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditSchema {
    /// Campaign files, relative to the config.
    #[serde(default)]
    campaigns: Vec<Spanned<String>>,
    quiet_hours: Option<Spanned<String>>,
    #[serde(default)]
    allow_destinations: Vec<String>,
    spike_ratio: Option<Spanned<f64>>,
    max_filtered: Option<Spanned<f64>>,
    max_unreachable: Option<Spanned<f64>>,
    max_stop_rate: Option<Spanned<f64>>,
    /// FIELD: NAME, as `--column FIELD=NAME`.
    #[serde(default)]
    columns: std::collections::BTreeMap<String, String>,
}

/// The config's `audit:` section, checked (see `docs/audit.md`): campaign
/// paths resolved from the config's folder, the window in minutes after
/// midnight, rates as the flags take them (percent; per thousand for
/// opt-outs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuditSettings {
    /// Campaign files, absolute.
    pub campaigns: Vec<PathBuf>,
    /// The send window, in minutes after local midnight, `[start, end)`.
    pub quiet_hours: Option<(u32, u32)>,
    /// ISO 3166-1 codes, upper case.
    pub allow_destinations: Vec<String>,
    /// A day above this many times its baseline is a spike.
    pub spike_ratio: Option<f64>,
    /// Percent of a day's messages filtered (30007).
    pub max_filtered: Option<f64>,
    /// Percent of a day's messages to unreachable numbers.
    pub max_unreachable: Option<f64>,
    /// Opt-out replies per 1,000 messages.
    pub max_stop_rate: Option<f64>,
    /// (FIELD, NAME) pairs.
    pub columns: Vec<(String, String)>,
}

/// `HH:MM-HH:MM` as minutes after midnight, `[start, end)`: a send window
/// (`audit.quiet_hours`, `smslint audit --quiet-hours`).
pub fn parse_window(text: &str) -> Result<(u32, u32), String> {
    let minutes = |time: &str| -> Option<u32> {
        let (hours, minutes) = time.trim().split_once(':')?;
        let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
        (hours <= 24 && minutes < 60 && hours * 60 + minutes <= 24 * 60)
            .then_some(hours * 60 + minutes)
    };
    let (start, end) = text
        .split_once('-')
        .ok_or_else(|| format!("`{text}` is not HH:MM-HH:MM"))?;
    match (minutes(start), minutes(end)) {
        (Some(start), Some(end)) if start < end => Ok((start, end)),
        (Some(_), Some(_)) => Err(format!("`{text}`: the window must end after it starts")),
        _ => Err(format!("`{text}` is not HH:MM-HH:MM")),
    }
}

/// Its numbers are finite (checked as the config is read): equality is an
/// equivalence.
impl Eq for AuditSettings {}

impl AuditSettings {
    /// These settings over others (a config's over the one it extends, the
    /// command line's over the config's); campaigns add up.
    pub fn over(self, parent: AuditSettings) -> AuditSettings {
        fn list<T>(own: Vec<T>, inherited: Vec<T>) -> Vec<T> {
            if own.is_empty() {
                inherited
            } else {
                own
            }
        }
        AuditSettings {
            campaigns: parent.campaigns.into_iter().chain(self.campaigns).collect(),
            quiet_hours: self.quiet_hours.or(parent.quiet_hours),
            allow_destinations: list(self.allow_destinations, parent.allow_destinations),
            spike_ratio: self.spike_ratio.or(parent.spike_ratio),
            max_filtered: self.max_filtered.or(parent.max_filtered),
            max_unreachable: self.max_unreachable.or(parent.max_unreachable),
            max_stop_rate: self.max_stop_rate.or(parent.max_stop_rate),
            columns: list(self.columns, parent.columns),
        }
    }
}

/// Which files are catalogs and which of their keys hold SMS texts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogSchema {
    paths: Vec<Spanned<String>>,
    keys: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuppressionSchema {
    paths: Vec<Spanned<String>>,
    rule: Spanned<String>,
    /// Only findings whose text contains this (ignoring case).
    #[serde(rename = "match")]
    matched: Option<String>,
    reason: Option<String>,
    /// `YYYY-MM-DD`: from the next day on, the suppression stops working.
    expires: Option<Spanned<String>>,
}

/// One accepted finding: the `suppressions` entry of a config.
#[derive(Debug)]
pub struct Suppression {
    rule: String,
    matched: Option<String>,
    pub reason: Option<String>,
    pub expires: Option<String>,
    /// Where the entry is, and its `expires` value, in the config.
    pub span: Option<Range<usize>>,
    pub expires_span: Option<Range<usize>>,
}

impl Suppression {
    /// Whether this entry, whose paths cover the file, accepts a finding
    /// of `rule` with `text` in it.
    fn accepts(&self, rule: &str, text: &str) -> bool {
        let rule_matches = self.rule == rule || self.rule == category_of(rule);
        let text_matches = self
            .matched
            .as_ref()
            .is_none_or(|wanted| text.to_lowercase().contains(&wanted.to_lowercase()));
        rule_matches && text_matches
    }

    fn expired(&self, today: &str) -> bool {
        self.expires
            .as_deref()
            .is_some_and(|expires| expires < today)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceholdersSchema {
    default_length: Option<usize>,
    #[serde(default)]
    lengths: HashMap<String, usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesSchema {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    extend: Vec<Spanned<String>>,
    #[serde(default)]
    severity: HashMap<Spanned<String>, Spanned<String>>,
}

/// `brand: Luigi's Trattoria`, or the names it signs with, the first the
/// one advice shows: `brand: ["Luigi's Trattoria", "Luigi's"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum BrandSchema {
    // Plain strings: an untagged enum buffers its input, which drops spans.
    One(String),
    Names(Vec<String>),
}

impl BrandSchema {
    /// The brand and its other names.
    fn names(&self) -> (Option<String>, Vec<String>) {
        match self {
            BrandSchema::One(name) => (Some(name.clone()), Vec::new()),
            BrandSchema::Names(names) => {
                let mut names = names.iter().cloned();
                (names.next(), names.collect())
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideSchema {
    paths: Vec<Spanned<String>>,
    brand: Option<BrandSchema>,
    use_case: Option<Spanned<String>>,
    locale: Option<Spanned<String>>,
    age_gated: Option<bool>,
    conversational: Option<bool>,
    complaint_monitoring: Option<bool>,
    #[serde(default)]
    rules: OverrideRulesSchema,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideRulesSchema {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: HashMap<Spanned<String>, Spanned<String>>,
}

/// Which rules run and how loudly: from the config, an override, or flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleLayer {
    /// `None`: keep what the layer below selected (all rules at the bottom).
    pub select: Option<Vec<String>>,
    /// Added to the ignores of the layer below.
    pub ignore: Vec<String>,
    /// Later entries win.
    pub severity: Vec<(String, Severity)>,
}

impl RuleLayer {
    /// This layer over `lower`. Each list holds a selector once: every
    /// file's settings carry the lists, and selectors are rule ids and
    /// categories (unknown ones are config errors), so a config that
    /// repeats one 4,000 times no longer costs 4,000 strings per file.
    fn over(&self, lower: &RuleLayer) -> RuleLayer {
        let mut seen = std::collections::HashSet::new();
        let ignore: Vec<String> = lower
            .ignore
            .iter()
            .chain(&self.ignore)
            .filter(|selector| seen.insert(selector.as_str()))
            .cloned()
            .collect();
        // Later entries win: each rule keeps its last severity.
        let mut seen = std::collections::HashSet::new();
        let mut severity: Vec<(String, Severity)> = lower
            .severity
            .iter()
            .chain(&self.severity)
            .rev()
            .filter(|(selector, _)| seen.insert(selector.as_str()))
            .cloned()
            .collect();
        severity.reverse();
        RuleLayer {
            select: self.select.clone().or_else(|| lower.select.clone()),
            ignore,
            severity,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Layer {
    context: ContextLayer,
    rules: RuleLayer,
}

/// One validated config file.
#[derive(Debug)]
struct Config {
    display: String,
    dir: PathBuf,
    base: Layer,
    /// Each with the folder its globs are relative to: an inherited
    /// config's entries keep their own folder.
    overrides: Vec<(PathBuf, GlobSet, Layer)>,
    exclude: Vec<(PathBuf, GlobSet)>,
    /// `templates:` globs, each set with the folder it is relative to.
    templates: Vec<(PathBuf, GlobSet)>,
    campaigns: CampaignLocations,
    extend: Vec<PathBuf>,
    baseline: Option<PathBuf>,
    /// `None` when the file does not set it.
    max_file_size: Option<u64>,
    suppressions: Vec<Suppression>,
    /// Every suppression's path globs in one set, each glob with the index
    /// of its suppression: a file is matched against all of them at once
    /// (8,000 entries were 8,000 matches per file).
    suppression_paths: (GlobSet, Vec<usize>),
    catalogs: Vec<(PathBuf, GlobSet, KeySelection)>,
    /// The parent config `extend-config` names, resolved, and where the key
    /// is (for errors).
    extend_config: Option<(PathBuf, Option<Range<usize>>)>,
    /// The configs it inherits through `extend-config`, nearest first, as
    /// shown.
    inherits: Vec<String>,
    /// Rule selectors as written, checked once the rules are known.
    selectors: Vec<(String, Option<Range<usize>>)>,
    audit: AuditSettings,
    text: String,
}

/// The settings one file is linted with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub context: Context,
    pub rules: RuleLayer,
    /// Custom rule files this file's config extends with.
    pub custom_rules: Vec<PathBuf>,
    /// Files larger than this many bytes are reported, not read.
    pub max_file_size: u64,
    /// Which keys of a catalog hold SMS texts.
    pub catalog_keys: KeySelection,
    /// The config's `templates:` or `catalogs:` names the file: it is read
    /// whatever its name says ([`crate::classify`]).
    pub selected: bool,
    /// The config's `audit:` section.
    pub audit: AuditSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            context: Context::default(),
            rules: RuleLayer::default(),
            custom_rules: Vec::new(),
            max_file_size: crate::source::DEFAULT_MAX_FILE_SIZE,
            catalog_keys: KeySelection::Default,
            selected: false,
            audit: AuditSettings::default(),
        }
    }
}

impl Settings {
    /// Whether a rule runs for this file: the most specific of the matching
    /// `select` and `ignore` entries decides (a rule id beats its category),
    /// and `ignore` wins a tie, as in ruff.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if let Origin::File(path) = &rule.origin {
            if !self.custom_rules.contains(path) {
                return false;
            }
        }
        let selected = match &self.rules.select {
            None => Some(0),
            Some(select) => specificity(select.iter(), &rule.id),
        };
        let ignored = specificity(self.rules.ignore.iter(), &rule.id);
        match (selected, ignored) {
            (Some(selected), Some(ignored)) => selected > ignored,
            (selected, _) => selected.is_some(),
        }
    }

    /// The rule's severity after `rules.severity`: the most specific entry
    /// wins, and among equals the last written.
    pub fn severity(&self, rule_id: &str, default: Severity) -> Severity {
        let mut best: Option<(u8, Severity)> = None;
        for (selector, severity) in &self.rules.severity {
            if let Some(rank) = specificity(std::iter::once(selector), rule_id) {
                if best.is_none_or(|(best_rank, _)| rank >= best_rank) {
                    best = Some((rank, *severity));
                }
            }
        }
        best.map_or(default, |(_, severity)| severity)
    }
}

/// 2 when a selector names the rule, 1 when it names its category.
fn specificity<'a>(selectors: impl Iterator<Item = &'a String>, rule_id: &str) -> Option<u8> {
    selectors
        .filter_map(|selector| {
            if selector == rule_id {
                Some(2)
            } else if selector == category_of(rule_id) || selector == "all" {
                Some(1)
            } else {
                None
            }
        })
        .max()
}

/// Where configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigChoice {
    /// Walk up from each file to the closest config.
    Discover,
    /// `--config FILE` for every file.
    File(PathBuf),
    /// `--no-config`.
    Nothing,
}

/// A config's `campaigns:` globs: where a project keeps its campaign
/// files, so that one file's run reads them instead of walking the whole
/// project. Each is kept as the folder its wildcard-free start names
/// (absolute and clean: `cfg/../registrations` is `registrations`), the
/// rest of the glob relative to it (`None` for a glob without a wildcard,
/// which names one path), and the glob as written.
#[derive(Clone, Debug, Default)]
pub struct CampaignLocations(Vec<(PathBuf, Option<globset::GlobMatcher>, String)>);

impl CampaignLocations {
    /// Whether `path` (absolute, clean) is one of the declared places.
    pub fn covers(&self, path: &Path) -> bool {
        self.0.iter().any(|(base, rest, _)| match rest {
            Some(glob) => path
                .strip_prefix(base)
                .is_ok_and(|relative| glob.is_match(relative)),
            None => path == base,
        })
    }

    /// The globs as written, for messages: `` `a/*.yaml`, `b.yaml` ``.
    pub fn written(&self) -> String {
        self.0
            .iter()
            .map(|(_, _, pattern)| format!("`{pattern}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The folders (or files) to look in, each once: the globs' starts
    /// (`campaigns/` for `campaigns/**/*.yaml`), so that only they are
    /// walked.
    pub fn roots(&self) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = Vec::new();
        for (base, _, _) in &self.0 {
            if !roots.iter().any(|known| base.starts_with(known)) {
                roots.retain(|known| !known.starts_with(base));
                roots.push(base.clone());
            }
        }
        roots
    }
}

/// Finds, loads and caches configs, and resolves each file's settings.
pub struct Resolver {
    choice: ConfigChoice,
    flags: Layer,
    configs: Vec<Config>,
    /// Folder (absolute) → index of its closest config.
    closest: HashMap<PathBuf, Option<usize>>,
}

impl Resolver {
    /// `flags` are the command line's context and rule selection, which win
    /// over every config.
    pub fn new(
        choice: ConfigChoice,
        context: ContextLayer,
        rules: RuleLayer,
    ) -> Result<Resolver, SetupError> {
        let mut resolver = Resolver {
            choice,
            flags: Layer { context, rules },
            configs: Vec::new(),
            closest: HashMap::new(),
        };
        if let ConfigChoice::File(path) = resolver.choice.clone() {
            let config = load(&path)?;
            resolver.configs.push(config);
        }
        Ok(resolver)
    }

    /// The config that governs `path` (absolute), loading it on first use.
    /// `None` when there is none.
    fn config_for(&mut self, path: &Path) -> Result<Option<usize>, SetupError> {
        match &self.choice {
            ConfigChoice::Nothing => Ok(None),
            ConfigChoice::File(_) => Ok(Some(0)),
            ConfigChoice::Discover => {
                let dir = path.parent().unwrap_or(path).to_path_buf();
                self.closest_in(&dir)
            }
        }
    }

    fn closest_in(&mut self, dir: &Path) -> Result<Option<usize>, SetupError> {
        if let Some(found) = self.closest.get(dir) {
            return Ok(*found);
        }
        // Anything by a config's name counts: a dangling link, a loop or a
        // folder named smslint.yaml is an error, not a reason to fall back
        // to the parent's config.
        let mut present = CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            .filter(|candidate| candidate.symlink_metadata().is_ok());
        let here = present.next();
        // Two configs in one folder: neither silently wins (ruff refuses
        // the same).
        if let (Some(first), Some(second)) = (&here, present.next()) {
            return Err(SetupError::file(
                &display_path(&second),
                format!(
                    "{} is beside {}: keep one config per folder (they would not be merged)",
                    display_path(&second),
                    display_path(first),
                ),
            ));
        }
        let found = match here {
            Some(path) => {
                let config = load(&path)?;
                self.configs.push(config);
                Some(self.configs.len() - 1)
            }
            None => match dir.parent() {
                Some(parent) => self.closest_in(parent)?,
                None => None,
            },
        };
        self.closest.insert(dir.to_path_buf(), found);
        Ok(found)
    }

    /// The config files that govern `path` (absolute): the closest config,
    /// then those it inherits through `extend-config`, as shown in errors;
    /// empty with `--no-config` or none found.
    pub fn config_files(&mut self, path: &Path) -> Result<Vec<String>, SetupError> {
        let index = self.config_for(path)?;
        Ok(index
            .and_then(|index| self.configs.get(index))
            .map(|config| {
                std::iter::once(config.display.clone())
                    .chain(config.inherits.iter().cloned())
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The folder of the config that governs `path` (absolute), if any.
    pub fn config_dir(&mut self, path: &Path) -> Result<Option<PathBuf>, SetupError> {
        let index = self.config_for(path)?;
        Ok(index.and_then(|index| Some(self.configs.get(index)?.dir.clone())))
    }

    /// Where the config governing `path` (absolute) says the project's
    /// campaign files are (`campaigns:`, its inherited configs' included);
    /// `None` when it says nothing, and the project is searched.
    pub fn campaign_locations(
        &mut self,
        path: &Path,
    ) -> Result<Option<CampaignLocations>, SetupError> {
        let index = self.config_for(path)?;
        Ok(index
            .and_then(|index| self.configs.get(index))
            .map(|config| config.campaigns.clone())
            .filter(|locations| !locations.0.is_empty()))
    }

    /// The settings of the file at `path` (absolute), and whether its config
    /// excludes it.
    /// `campaign` is the context of the campaign that covers the file: it
    /// wins over the config, and flags win over it.
    pub fn resolve(
        &mut self,
        path: &Path,
        campaign: Option<&ContextLayer>,
    ) -> Result<(Settings, bool), SetupError> {
        let no_campaign = ContextLayer::default();
        let campaign = campaign.unwrap_or(&no_campaign);
        let Some(index) = self.config_for(path)? else {
            let flags = &self.flags;
            return Ok((
                Settings {
                    context: flags.context.over(campaign).resolve(),
                    rules: flags.rules.clone(),
                    ..Settings::default()
                },
                false,
            ));
        };
        let Some(config) = self.configs.get(index) else {
            return Err(SetupError::usage("internal error: a config went missing"));
        };
        let relative_to = |dir: &Path| path.strip_prefix(dir).unwrap_or(path).to_path_buf();
        let mut layer = config.base.clone();
        for (dir, paths, over) in &config.overrides {
            if paths.is_match(relative_to(dir)) {
                layer = Layer {
                    context: over.context.over(&layer.context),
                    rules: over.rules.over(&layer.rules),
                };
            }
        }
        let settings = Settings {
            context: self
                .flags
                .context
                .over(&campaign.over(&layer.context))
                .resolve(),
            rules: self.flags.rules.over(&layer.rules),
            custom_rules: config.extend.clone(),
            max_file_size: config
                .max_file_size
                .unwrap_or(crate::source::DEFAULT_MAX_FILE_SIZE),
            catalog_keys: config
                .catalogs
                .iter()
                .find(|(dir, paths, _)| paths.is_match(relative_to(dir)))
                .map(|(_, _, keys)| keys.clone())
                .unwrap_or_default(),
            selected: config
                .templates
                .iter()
                .map(|(dir, globs)| (dir, globs))
                .chain(config.catalogs.iter().map(|(dir, globs, _)| (dir, globs)))
                .any(|(dir, globs)| globs.is_match(relative_to(dir))),
            audit: config.audit.clone(),
        };
        let excludes = |config: &Config| {
            config
                .exclude
                .iter()
                .any(|(dir, globs)| globs.is_match(relative_to(dir)))
        };
        let mut excluded = excludes(config);
        // A config's `exclude` covers its folder's whole tree: a subfolder
        // with a config of its own does not bring excluded files back.
        let mut above = config.dir.parent().map(Path::to_path_buf);
        while let (false, Some(dir)) = (excluded, above.take()) {
            let Some(ancestor) = self
                .closest_in(&dir)?
                .and_then(|index| self.configs.get(index))
            else {
                break;
            };
            excluded = excludes(ancestor);
            above = ancestor.dir.parent().map(Path::to_path_buf);
        }
        Ok((settings, excluded))
    }

    /// The baseline the config governing `dir` (absolute) names, if any.
    pub fn baseline(&mut self, dir: &Path) -> Result<Option<PathBuf>, SetupError> {
        let index = match &self.choice {
            ConfigChoice::Nothing => None,
            ConfigChoice::File(_) => Some(0),
            ConfigChoice::Discover => self.closest_in(dir)?,
        };
        Ok(index.and_then(|index| self.configs.get(index)?.baseline.clone()))
    }

    /// Drops the findings a config's `suppressions` accept, and returns a
    /// report for each config with entries that are unused, expired or
    /// without a reason (`suppression/*`).
    pub fn apply_suppressions(
        &mut self,
        reports: &mut [FileReport],
        checker: &crate::check::Checker,
        walked: &[PathBuf],
    ) -> Result<Vec<FileReport>, SetupError> {
        let today = today();
        let mut used: Vec<Vec<bool>> = self
            .configs
            .iter()
            .map(|config| vec![false; config.suppressions.len()])
            .collect();
        // Whether the run read a file an entry's paths cover: an entry for
        // files a run did not read (pre-commit names only the staged ones)
        // cannot be said to be unused by it.
        let mut reached = used.clone();
        for report in reports.iter_mut() {
            let Some(file) = report.file.clone() else {
                continue;
            };
            let absolute = crate::paths::absolute(&file);
            let Some(index) = self.config_for(&absolute)? else {
                continue;
            };
            let Some(config) = self.configs.get(index) else {
                continue;
            };
            let relative = absolute
                .strip_prefix(&config.dir)
                .unwrap_or(&absolute)
                .to_path_buf();
            // The suppressions whose paths cover this file, in order.
            let (paths, owners) = &config.suppression_paths;
            let mut covering: Vec<usize> = paths
                .matches(&relative)
                .into_iter()
                .filter_map(|glob| owners.get(glob).copied())
                .collect();
            covering.sort_unstable();
            covering.dedup();
            if let Some(flags) = reached.get_mut(index) {
                for &position in &covering {
                    if let Some(flag) = flags.get_mut(position) {
                        *flag = true;
                    }
                }
            }
            let source = report.source.clone().unwrap_or_default();
            report.diagnostics.retain(|diagnostic| {
                let text = source.get(diagnostic.span.clone()).unwrap_or("");
                let accepting = covering.iter().copied().find(|&position| {
                    config
                        .suppressions
                        .get(position)
                        .is_some_and(|suppression| {
                            !suppression.expired(&today)
                                && suppression.accepts(&diagnostic.rule, text)
                        })
                });
                if let (Some(position), Some(flags)) = (accepting, used.get_mut(index)) {
                    if let Some(flag) = flags.get_mut(position) {
                        *flag = true;
                    }
                }
                accepting.is_none()
            });
        }
        let mut extra = Vec::new();
        for ((config, flags), reached) in self.configs.iter().zip(&used).zip(&reached) {
            let mut diagnostics = Vec::new();
            // A run over the config's whole folder reads every file an
            // entry could cover: one that covers none of them is unused.
            let whole = walked.iter().any(|dir| config.dir.starts_with(dir));
            for ((suppression, &was_used), &was_reached) in
                config.suppressions.iter().zip(flags).zip(reached)
            {
                let at = suppression.span.clone().unwrap_or(0..0);
                if suppression.expired(&today) {
                    let expires = suppression.expires.clone().unwrap_or_default();
                    let span = suppression.expires_span.clone().unwrap_or(at.clone());
                    let label = format!(
                        "expired on {expires}; the findings it accepted are reported again"
                    );
                    diagnostics.push(checker.emit("suppression/expired", span, None, Some(label)));
                }
                // An expired entry is reported as such, not as unused.
                let accepted = was_used || suppression.expired(&today) || !(was_reached || whole);
                diagnostics.extend(checker.audit_suppression(
                    at,
                    accepted,
                    suppression.reason.is_some(),
                ));
            }
            if !diagnostics.is_empty() {
                crate::diagnostic::order(&mut diagnostics);
                extra.push(FileReport {
                    keys: crate::diagnostic::KeyKind::Catalog,
                    first_line: 1,
                    path: config.display.clone(),
                    file: Some(
                        config
                            .dir
                            .join(Path::new(&config.display).file_name().unwrap_or_default()),
                    ),
                    source: Some(config.text.clone()),
                    messages: 0,
                    diagnostics,
                });
            }
        }
        Ok(extra)
    }

    /// Every custom rule file any loaded config extends with.
    pub fn custom_rule_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self
            .configs
            .iter()
            .flat_map(|config| config.extend.iter().cloned())
            .collect();
        files.sort();
        files.dedup();
        files
    }

    /// Checks every rule selector of every loaded config against the rules.
    pub fn validate(&self, rules: &RuleSet) -> Vec<SetupError> {
        self.configs
            .iter()
            .flat_map(|config| {
                config
                    .selectors
                    .iter()
                    .filter(|(selector, _)| selector != "all" && !rules.selector_exists(selector))
                    .map(|(selector, span)| {
                        SetupError::located(
                            &config.display,
                            config.text.as_str().into(),
                            span.clone(),
                            unknown_selector_message(selector, rules),
                        )
                    })
            })
            .collect()
    }
}

/// "unknown rule or category `x`", with close matches.
pub fn unknown_selector_message(selector: &str, rules: &RuleSet) -> String {
    let similar = rules.similar_ids(selector);
    if similar.is_empty() {
        format!("unknown rule or category `{selector}` (see `smslint rules`)")
    } else {
        format!(
            "unknown rule or category `{selector}`; did you mean {}?",
            similar
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    }
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        })
}

/// Today as `YYYY-MM-DD` (UTC), for comparing with `expires`.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let days = i64::try_from(seconds / 86_400).unwrap_or(0) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `10MB`, `512 KB`, `1GB` or a plain number of bytes.
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number.parse().ok()?;
    let scale = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => return None,
    };
    number.checked_mul(scale).filter(|&size| size > 0)
}

/// Shows a path relative to the working folder where it is inside it.
fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    shown.to_string_lossy().replace('\\', "/")
}

/// How many configs an `extend-config` chain may hold (the error message
/// says 8).
const MAX_EXTEND_DEPTH: usize = 8;

/// Loads a config and, through `extend-config`, the configs it inherits.
fn load(path: &Path) -> Result<Config, SetupError> {
    load_chain(path, &mut Vec::new())
}

fn load_chain(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Config, SetupError> {
    let absolute =
        crate::paths::clean_path(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let display = display_path(&absolute);
    if !absolute.is_file() {
        let what = "it exists but is not a readable file (a dangling link, a loop or a folder)";
        return Err(SetupError::file(
            &display,
            format!("cannot read config: {what}"),
        ));
    }
    let text = crate::source::read_text(&absolute, crate::source::DEFAULT_MAX_FILE_SIZE)
        .map_err(|reason| SetupError::file(&display, format!("cannot read config: {reason}")))?;
    let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
    let mut config = parse(&display, text, dir)?;
    let Some((parent_path, span)) = config.extend_config.clone() else {
        return Ok(config);
    };
    chain.push(absolute);
    let parent_path = crate::paths::clean_path(&parent_path);
    let problem = if chain.contains(&parent_path) || chain.len() >= MAX_EXTEND_DEPTH {
        Some("makes a loop or a chain deeper than 8 configs at")
    } else if !parent_path.is_file() {
        Some("names no config file:")
    } else {
        None
    };
    if let Some(problem) = problem {
        let message = format!("`extend-config` {problem} `{}`", display_path(&parent_path));
        return Err(SetupError::located(
            &config.display,
            config.text.as_str().into(),
            span,
            message,
        ));
    }
    let parent = load_chain(&parent_path, chain)?;
    config.inherit(parent);
    Ok(config)
}

impl Config {
    /// Puts `parent` under this config: this config's context and rules win,
    /// the parent's overrides apply first (in its own folder), and lists
    /// (exclude, custom rules, catalogs) add up.
    fn inherit(&mut self, parent: Config) {
        self.base = Layer {
            context: self.base.context.over(&parent.base.context),
            rules: self.base.rules.over(&parent.base.rules),
        };
        let own = std::mem::take(&mut self.overrides);
        self.overrides = parent.overrides.into_iter().chain(own).collect();
        self.exclude.extend(parent.exclude);
        self.templates.extend(parent.templates);
        self.campaigns.0.extend(parent.campaigns.0);
        for file in parent.extend {
            if !self.extend.contains(&file) {
                self.extend.push(file);
            }
        }
        self.catalogs.extend(parent.catalogs);
        self.baseline = self.baseline.take().or(parent.baseline);
        self.max_file_size = self.max_file_size.or(parent.max_file_size);
        self.audit = std::mem::take(&mut self.audit).over(parent.audit);
        self.inherits.push(parent.display);
        self.inherits.extend(parent.inherits);
    }
}

/// Validates the text of a config file as if it were at `display` (for
/// tools and fuzzing: nothing is read from disk).
pub fn validate_text(display: &str, text: &str) -> Result<(), SetupError> {
    parse(display, text.to_owned(), PathBuf::from("/")).map(|_| ())
}

fn parse(display: &str, text: String, dir: PathBuf) -> Result<Config, SetupError> {
    let display = display.to_owned();
    let is_blank = text
        .lines()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'));
    let schema: ConfigSchema = if is_blank {
        ConfigSchema::default()
    } else {
        yaml::parse(&display, &text)?
    };
    Validator {
        display: &display,
        text: &text,
        lines: crate::source::LineIndex::new(&text),
        selectors: Vec::new(),
    }
    .config(schema, dir)
}

/// Turns a parsed config into a [`Config`], failing at the first invalid
/// value with its location.
struct Validator<'a> {
    display: &'a str,
    text: &'a str,
    /// Where `text`'s lines start: a config with thousands of entries is
    /// located without a pass over the file per entry.
    lines: crate::source::LineIndex<'a>,
    selectors: Vec<(String, Option<Range<usize>>)>,
}

impl Validator<'_> {
    fn error<T>(&self, at: &Spanned<T>, message: String) -> SetupError {
        let span = yaml::span_in(&self.lines, at);
        SetupError::located(self.display, self.text.into(), span, message)
    }

    /// A file a config names, resolved against the config's folder: it must
    /// be inside the project (the repository, else the working folder when
    /// the config is under it, else the config's folder),
    /// links resolved. A config is data a pull request can change; a file
    /// outside (`/proc/self/environ`, `../../secrets.yml`) is named on the
    /// command line instead (`--baseline`, `--config`).
    fn inside_project(
        &self,
        dir: &Path,
        key: &str,
        file: &Spanned<String>,
    ) -> Result<PathBuf, SetupError> {
        let path = crate::paths::clean_path(&dir.join(file.as_str()));
        let root = crate::paths::project_of(dir);
        if crate::paths::inside_project(&path, &root) {
            return Ok(path);
        }
        let message = format!(
            "`{key}` names a file outside the project ({}); a config may only name files inside it, so pass this one on the command line",
            display_path(&root)
        );
        Err(self.error(file, message))
    }

    fn config(mut self, schema: ConfigSchema, dir: PathBuf) -> Result<Config, SetupError> {
        let config_dir = dir.clone();
        let mut context = self.context(
            &schema.brand,
            &schema.use_case,
            &schema.locale,
            schema.age_gated,
        )?;
        context.conversational = schema.conversational;
        context.complaint_monitoring = schema.complaint_monitoring;
        context.counting = self.counting(schema.placeholders, schema.max_segments)?;
        let base = Layer {
            context,
            rules: self.rules(
                schema.rules.select,
                schema.rules.ignore,
                schema.rules.severity,
            )?,
        };
        let mut overrides = Vec::new();
        for over in schema.overrides {
            let paths = self.globs(&over.paths)?;
            let mut context =
                self.context(&over.brand, &over.use_case, &over.locale, over.age_gated)?;
            context.conversational = over.conversational;
            context.complaint_monitoring = over.complaint_monitoring;
            let layer = Layer {
                context,
                rules: self.rules(over.rules.select, over.rules.ignore, over.rules.severity)?,
            };
            overrides.push((dir.clone(), paths, layer));
        }
        let exclude = vec![(dir.clone(), self.globs(&schema.exclude)?)];
        let templates = vec![(dir.clone(), self.globs(&schema.templates)?)];
        let campaigns = CampaignLocations(
            schema
                .campaigns
                .iter()
                .map(|pattern| self.campaign_location(&dir, pattern))
                .collect::<Result<_, SetupError>>()?,
        );
        let extend = schema
            .rules
            .extend
            .iter()
            .map(|file| self.inside_project(&dir, "rules.extend", file))
            .collect::<Result<_, _>>()?;
        let baseline = schema
            .baseline
            .as_ref()
            .map(|file| self.inside_project(&config_dir, "baseline", file))
            .transpose()?;
        let extend_config = schema
            .extend_config
            .as_ref()
            .map(|parent| {
                let path = self.inside_project(&dir, "extend-config", parent)?;
                Ok::<_, SetupError>((path, yaml::span_in(&self.lines, parent)))
            })
            .transpose()?;
        Ok(Config {
            display: self.display.to_owned(),
            dir: dir.clone(),
            base,
            overrides,
            exclude,
            templates,
            campaigns,
            extend,
            baseline,
            suppressions: self.suppressions(&schema.suppressions)?,
            suppression_paths: self.suppression_paths(&schema.suppressions)?,
            catalogs: schema
                .catalogs
                .iter()
                .map(|catalog| {
                    let keys = KeySelection::Globs(catalog.keys.clone());
                    Ok((dir.clone(), self.globs(&catalog.paths)?, keys))
                })
                .collect::<Result<_, SetupError>>()?,
            extend_config,
            max_file_size: match &schema.max_file_size {
                Some(size) => Some(parse_size(size).ok_or_else(|| {
                    let message = format!(
                        "`max_file_size` is a size such as 10MB or 500000, not `{}`",
                        size.as_str()
                    );
                    self.error(size, message)
                })?),
                None => None,
            },
            audit: self.audit(&schema.audit, &dir)?,
            selectors: self.selectors,
            inherits: Vec::new(),
            text: self.text.to_owned(),
        })
    }

    fn audit(&self, schema: &AuditSchema, dir: &Path) -> Result<AuditSettings, SetupError> {
        let quiet_hours = match &schema.quiet_hours {
            Some(window) => Some(
                parse_window(window)
                    .map_err(|why| self.error(window, format!("`audit.quiet_hours`: {why}")))?,
            ),
            None => None,
        };
        let amount = |value: &Option<Spanned<f64>>, key: &str| -> Result<Option<f64>, SetupError> {
            match value {
                Some(number) if !(number.is_finite() && **number >= 0.0) => {
                    Err(self.error(number, format!("`audit.{key}` is a number of at least 0")))
                }
                other => Ok(other.as_ref().map(|number| **number)),
            }
        };
        Ok(AuditSettings {
            campaigns: schema
                .campaigns
                .iter()
                .map(|file| self.inside_project(dir, "audit.campaigns", file))
                .collect::<Result<_, _>>()?,
            quiet_hours,
            allow_destinations: schema
                .allow_destinations
                .iter()
                .map(|code| code.trim().to_ascii_uppercase())
                .collect(),
            spike_ratio: amount(&schema.spike_ratio, "spike_ratio")?,
            max_filtered: amount(&schema.max_filtered, "max_filtered")?,
            max_unreachable: amount(&schema.max_unreachable, "max_unreachable")?,
            max_stop_rate: amount(&schema.max_stop_rate, "max_stop_rate")?,
            // Checked against the record's fields by `smslint audit`.
            columns: schema
                .columns
                .iter()
                .map(|(field, name)| (field.clone(), name.clone()))
                .collect(),
        })
    }

    fn context(
        &self,
        brand: &Option<BrandSchema>,
        use_case: &Option<Spanned<String>>,
        locale: &Option<Spanned<String>>,
        age_gated: Option<bool>,
    ) -> Result<ContextLayer, SetupError> {
        let use_case = match use_case {
            Some(code) => Some(parse_use_case(code).map_err(|message| self.error(code, message))?),
            None => None,
        };
        let locale = match locale {
            Some(tag) => Some(parse_locale(tag).map_err(|message| self.error(tag, message))?),
            None => None,
        };
        let (brand, brand_aliases) = brand.as_ref().map(BrandSchema::names).unwrap_or_default();
        Ok(ContextLayer {
            use_case,
            brand,
            brand_aliases,
            locale,
            age_gated,
            counting: None,
            rendered: None,
            conversational: None,
            complaint_monitoring: None,
        })
    }

    fn counting(
        &self,
        placeholders: Option<PlaceholdersSchema>,
        max_segments: Option<Spanned<usize>>,
    ) -> Result<Option<Counting>, SetupError> {
        if placeholders.is_none() && max_segments.is_none() {
            return Ok(None);
        }
        let mut counting = Counting::default();
        if let Some(max) = max_segments {
            if *max == 0 {
                return Err(self.error(&max, "`max_segments` must be at least 1".into()));
            }
            counting.max_segments = *max;
        }
        if let Some(placeholders) = placeholders {
            counting.default_length = placeholders
                .default_length
                .unwrap_or(counting.default_length);
            counting.lengths = placeholders.lengths.into_iter().collect();
            counting.lengths.sort();
        }
        Ok(Some(counting))
    }

    fn rules(
        &mut self,
        select: Option<Vec<Spanned<String>>>,
        ignore: Vec<Spanned<String>>,
        severity: HashMap<Spanned<String>, Spanned<String>>,
    ) -> Result<RuleLayer, SetupError> {
        let mut remember = |selector: &Spanned<String>| {
            self.selectors
                .push((selector.to_string(), yaml::span_in(&self.lines, selector)));
            selector.to_string()
        };
        let select = select.map(|select| select.iter().map(&mut remember).collect());
        let ignore = ignore.iter().map(&mut remember).collect();
        let mut entries: Vec<_> = severity.into_iter().collect();
        // Written order, which a hash map forgets: spans are in file order.
        entries.sort_by_key(|(selector, _)| {
            yaml::span_in(&self.lines, selector).map(|span| span.start)
        });
        let mut levels = Vec::new();
        for (selector, level) in entries {
            let level = level
                .parse::<Severity>()
                .map_err(|message| self.error(&level, message))?;
            self.selectors
                .push((selector.to_string(), yaml::span_in(&self.lines, &selector)));
            levels.push((selector.to_string(), level));
        }
        Ok(RuleLayer {
            select,
            ignore,
            severity: levels,
        })
    }

    fn suppressions(
        &mut self,
        entries: &[SuppressionSchema],
    ) -> Result<Vec<Suppression>, SetupError> {
        let mut suppressions = Vec::new();
        for entry in entries {
            if let Some(expires) = &entry.expires {
                if !is_date(expires) {
                    return Err(self.error(
                        expires,
                        format!("`expires` is a date YYYY-MM-DD, not `{}`", expires.as_str()),
                    ));
                }
            }
            self.selectors.push((
                entry.rule.to_string(),
                yaml::span_in(&self.lines, &entry.rule),
            ));
            suppressions.push(Suppression {
                rule: entry.rule.to_string(),
                matched: entry.matched.clone().filter(|matched| !matched.is_empty()),
                reason: entry
                    .reason
                    .clone()
                    .filter(|reason| !reason.trim().is_empty()),
                expires: entry.expires.as_ref().map(|expires| expires.to_string()),
                span: yaml::span_in(&self.lines, &entry.rule),
                expires_span: entry
                    .expires
                    .as_ref()
                    .and_then(|expires| yaml::span_in(&self.lines, expires)),
            });
        }
        Ok(suppressions)
    }

    /// One `campaigns:` glob, split where its first wildcard is (see
    /// [`CampaignLocations`]). An absolute glob, or `..` after a wildcard,
    /// could never say the same on every machine: an error at the glob.
    fn campaign_location(
        &self,
        dir: &Path,
        pattern: &Spanned<String>,
    ) -> Result<(PathBuf, Option<globset::GlobMatcher>, String), SetupError> {
        let written = pattern.trim_start_matches("./");
        if Path::new(written).has_root() {
            return Err(self.error(
                pattern,
                format!(
                    "`campaigns:` globs are relative to this config, not absolute: `{written}`"
                ),
            ));
        }
        let parts: Vec<&str> = written.split('/').collect();
        let wildcard = parts
            .iter()
            .position(|part| part.contains(['*', '?', '[', '{']))
            .unwrap_or(parts.len());
        let (start, rest) = parts.split_at(wildcard);
        if rest.contains(&"..") {
            return Err(self.error(
                pattern,
                format!("`..` may only come before the first wildcard: `{written}`"),
            ));
        }
        let base = crate::paths::clean_path(
            &start
                .iter()
                .fold(dir.to_path_buf(), |path, part| path.join(part)),
        );
        let rest = if rest.is_empty() {
            None
        } else {
            let glob = Spanned::new(*pattern.span(), rest.join("/"));
            Some(self.glob(&glob)?.compile_matcher())
        };
        Ok((base, rest, written.to_owned()))
    }

    fn globs(&self, patterns: &[Spanned<String>]) -> Result<GlobSet, SetupError> {
        let mut set = GlobSetBuilder::new();
        for pattern in patterns {
            set.add(self.glob(pattern)?);
        }
        self.build(set)
    }

    fn glob(&self, pattern: &Spanned<String>) -> Result<globset::Glob, SetupError> {
        GlobBuilder::new(pattern.trim_start_matches("./"))
            .literal_separator(true)
            .build()
            .map_err(|error| self.error(pattern, format!("invalid glob: {}", error.kind())))
    }

    fn build(&self, set: GlobSetBuilder) -> Result<GlobSet, SetupError> {
        set.build()
            .map_err(|error| SetupError::file(self.display, format!("invalid globs: {error}")))
    }

    /// The path globs of every suppression in one set, with the index of
    /// each glob's suppression.
    fn suppression_paths(
        &self,
        entries: &[SuppressionSchema],
    ) -> Result<(GlobSet, Vec<usize>), SetupError> {
        let mut set = GlobSetBuilder::new();
        let mut owners = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            for pattern in &entry.paths {
                set.add(self.glob(pattern)?);
                owners.push(index);
            }
        }
        Ok((self.build(set)?, owners))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn settings_with(select: Option<&[&str]>, ignore: &[&str]) -> Settings {
        Settings {
            rules: RuleLayer {
                select: select.map(|select| select.iter().map(|s| s.to_string()).collect()),
                ignore: ignore.iter().map(|s| s.to_string()).collect(),
                severity: vec![
                    ("shaft".into(), Severity::Warning),
                    ("shaft/alcohol".into(), Severity::Info),
                ],
            },
            ..Settings::default()
        }
    }

    #[test]
    fn the_most_specific_selector_decides() {
        let rules = RuleSet::builtin().unwrap();
        let alcohol = rules.get("shaft/alcohol").unwrap();
        let sex = rules.get("shaft/sex").unwrap();
        let settings = settings_with(Some(&["shaft"]), &["shaft/alcohol"]);
        assert!(!settings.enabled(alcohol) && settings.enabled(sex));
        let settings = settings_with(Some(&["shaft/alcohol"]), &["shaft"]);
        assert!(settings.enabled(alcohol) && !settings.enabled(sex));
        let settings = settings_with(None, &["shaft"]);
        assert!(!settings.enabled(alcohol));
        assert_eq!(
            settings.severity("shaft/alcohol", Severity::Error),
            Severity::Info
        );
        assert_eq!(
            settings.severity("shaft/sex", Severity::Error),
            Severity::Warning
        );
        assert_eq!(
            settings.severity("spam/all-caps", Severity::Error),
            Severity::Error
        );
    }
}
