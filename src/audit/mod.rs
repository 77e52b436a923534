//! `smslint audit`: the traffic a team really sent, read from its message
//! logs, checked for what gets an account suspended (Twilio 30002) or its
//! messages filtered (30007).
//!
//! The pipeline: [`input`] streams records out of each log (gzip JSONL,
//! API pages, CSV); one pass counts them into [`traffic::Traffic`] (per
//! sender and day, per region, per template), collects the recipients'
//! opt-outs and sets the messages sent aside in [`sends`], to be checked
//! against the opt-outs once every log is read (the only check that needs
//! time order across files); [`findings`] turns the counts into diagnostics
//! located at the record they stand on, and lints each template once.
//! Memory grows with senders x days, templates and opted-out recipients,
//! never with the number of messages.

pub mod html;
pub mod input;
pub mod phone;
pub mod record;
pub mod sample;
pub mod sends;
pub mod templates;
pub mod traffic;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, FileReport, KeyKind, Summary};
use crate::Linter;

use input::{Columns, Item};
use traffic::{Evidence, OptOuts, Traffic};

/// The audit's hash maps, looked up for every record: foldhash with a
/// fixed seed (the same order and estimates on every run).
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// What the traffic is held to: the defaults, a campaign's registration,
/// then the command line.
#[derive(Clone, Debug)]
pub struct Thresholds {
    /// The window messages may be sent in, in minutes after the recipient's
    /// local midnight: `[start, end)`.
    pub quiet_hours: (u32, u32),
    /// A day above this many times its trailing median is a spike.
    pub spike_ratio: f64,
    /// A day with fewer messages is never a spike.
    pub spike_min: u64,
    /// Days before a day whose sending days its baseline is the median of.
    pub baseline_days: i64,
    /// Days of a sender's history a day needs to have a baseline.
    pub baseline_min_days: i64,
    /// Fraction of a day's messages filtered (30007) above which it is a
    /// finding (0.01: 1%).
    pub max_filtered: f64,
    /// Fraction to unreachable, unknown or landline numbers
    /// (30003/30005/30006).
    pub max_unreachable: f64,
    /// Opt-out replies as a fraction of the day's messages (0.01: 10 per
    /// 1,000; the flag is per 1,000, the campaign's threshold a fraction).
    pub max_stop: f64,
    /// A day with fewer messages has no rate worth judging.
    pub min_sends: u64,
    /// A rate on fewer events (filtered messages, opt-outs) is chance.
    pub min_events: u64,
    /// Regions (ISO 3166-1: `US`, `CA`) messages may go to; empty: any.
    pub allowed_regions: Vec<String>,
    /// Declared daily volumes: (Messaging Service, or all traffic), volume,
    /// the campaign file that declares it.
    pub declared: Vec<(Option<String>, u64, String)>,
    /// Messaging Services whose campaign's use case is no promotion (2FA,
    /// notifications): quiet hours, which bind solicitations, do not apply.
    pub transactional_services: Vec<String>,
    /// Every message of the log is of such a use case (the config's or the
    /// command line's, or a lone campaign naming no service).
    pub transactional: bool,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            quiet_hours: (8 * 60, 21 * 60),
            spike_ratio: 5.0,
            spike_min: 100,
            baseline_days: 28,
            baseline_min_days: 7,
            max_filtered: 0.01,
            max_unreachable: 0.05,
            max_stop: 0.01,
            min_sends: 100,
            min_events: 5,
            allowed_regions: Vec::new(),
            declared: Vec::new(),
            transactional_services: Vec::new(),
            transactional: false,
        }
    }
}

impl Thresholds {
    /// The defaults, under what the campaigns register, under what the
    /// config and the command line say (`chosen`: rates in percent, and
    /// opt-outs per thousand, as the flags take them).
    /// `use_case`: the config's or the command line's, for every message.
    pub fn new(
        registrations: &[Registration],
        chosen: &crate::config::AuditSettings,
        use_case: Option<&str>,
    ) -> Thresholds {
        let mut thresholds = Thresholds::default();
        let promotes =
            |use_case: &str| crate::context::Context::MARKETING_USE_CASES.contains(&use_case);
        // The config's or the command line's use case wins over the
        // campaigns', as it does for the templates' lint.
        thresholds.transactional = use_case.is_some_and(|code| !promotes(code));
        let campaigns_decide = use_case.is_none();
        if let [only] = registrations {
            if campaigns_decide
                && only.service.is_none()
                && only.use_case.as_deref().is_some_and(|code| !promotes(code))
            {
                thresholds.transactional = true;
            }
        }
        for registration in registrations {
            if let (Some(service), Some(code), true) = (
                &registration.service,
                &registration.use_case,
                campaigns_decide,
            ) {
                if !promotes(code) {
                    thresholds.transactional_services.push(service.clone());
                }
            }
            if let Some(window) = registration.send_window {
                thresholds.quiet_hours = window;
            }
            if let Some(ratio) = registration.spike_ratio {
                thresholds.spike_ratio = ratio;
            }
            if let Some(threshold) = registration.complaint_threshold {
                thresholds.max_stop = threshold;
            }
            thresholds
                .allowed_regions
                .extend(registration.destinations.iter().cloned());
            if let Some(daily) = registration.expected_daily {
                thresholds.declared.push((
                    registration.service.clone(),
                    daily,
                    registration.display.clone(),
                ));
            }
        }
        if let Some(window) = chosen.quiet_hours {
            thresholds.quiet_hours = window;
        }
        if !chosen.allow_destinations.is_empty() {
            thresholds.allowed_regions = chosen.allow_destinations.clone();
        }
        thresholds.allowed_regions.sort();
        thresholds.allowed_regions.dedup();
        if let Some(ratio) = chosen.spike_ratio {
            thresholds.spike_ratio = ratio;
        }
        if let Some(percent) = chosen.max_filtered {
            thresholds.max_filtered = percent / 100.0;
        }
        if let Some(percent) = chosen.max_unreachable {
            thresholds.max_unreachable = percent / 100.0;
        }
        if let Some(per_thousand) = chosen.max_stop_rate {
            thresholds.max_stop = per_thousand / 1000.0;
        }
        thresholds
    }
}

impl Thresholds {
    /// Whether quiet hours bind this message: a solicitation, or of a use
    /// case no campaign or config calls transactional (TCPA quiet hours,
    /// 47 CFR 64.1200(c)(1), bind telephone solicitations; a one-time code
    /// at 2 am is what its reader asked for).
    pub fn solicits(&self, record: &record::Record) -> bool {
        if self.transactional {
            return false;
        }
        record.service.as_deref().is_none_or(|service| {
            !self
                .transactional_services
                .iter()
                .any(|known| known == service)
        })
    }
}

/// Checks what the config and the command line chose: regions the tables
/// know (`GB`, not `UK`), a spike ratio of at least 1, shares of at most
/// 100%.
pub fn check_settings(chosen: &crate::config::AuditSettings) -> Result<(), String> {
    regions(&chosen.allow_destinations, "allowed destinations")?;
    if chosen.spike_ratio.is_some_and(|ratio| ratio < 1.0) {
        return Err("the spike ratio is at least 1 (a day above N times its baseline)".into());
    }
    for (value, name) in [
        (chosen.max_filtered, "the filtered share"),
        (chosen.max_unreachable, "the unreachable share"),
    ] {
        if value.is_some_and(|percent| percent > 100.0) {
            return Err(format!("{name} is a percentage, at most 100"));
        }
    }
    if chosen.max_stop_rate.is_some_and(|rate| rate > 1000.0) {
        return Err("the opt-out rate is per 1,000 messages, at most 1000".into());
    }
    Ok(())
}

/// Each code a region the tables know.
fn regions(codes: &[String], what: &str) -> Result<(), String> {
    for code in codes {
        if !phone::is_region(code) {
            let meant = if code == "UK" {
                " (the United Kingdom is GB)"
            } else {
                ""
            };
            return Err(format!(
                "{what}: `{code}` is no ISO 3166-1 country code{meant}"
            ));
        }
    }
    Ok(())
}

/// What a campaign file registers that traffic can be held to.
#[derive(Clone, Debug, Default)]
pub struct Registration {
    /// The campaign file, as reports name it.
    pub display: String,
    /// `messaging_service_sid`: the traffic that is the campaign's (`None`:
    /// the whole log's).
    pub service: Option<String>,
    /// The A2P use case code (`MARKETING`, `2FA`).
    pub use_case: Option<String>,
    pub brand: Option<String>,
    /// `volume.expected_daily`: messages a day.
    pub expected_daily: Option<u64>,
    /// `volume.spike_ratio`: at least 1.
    pub spike_ratio: Option<f64>,
    /// `destinations`, as ISO 3166-1 codes (`US-CA` is `US`).
    pub destinations: Vec<String>,
    /// `schedule.send_window`, in minutes after local midnight, `[start, end)`.
    pub send_window: Option<(u32, u32)>,
    /// `monitoring.complaint_rate_pause_threshold`: a fraction (0.002 is 0.2%).
    pub complaint_threshold: Option<f64>,
}

/// Reads the fields of a campaign file (see `docs/campaigns.md`) that the
/// audit holds traffic to; errors in the rest are `smslint check`'s.
pub fn registration(display: &str, text: &str) -> Result<Registration, String> {
    let root = marked_yaml::parse_yaml(0, text).map_err(|error| error.to_string())?;
    let campaign = root
        .as_mapping()
        .and_then(|root| root.get_mapping("campaign"))
        .ok_or("no top-level `campaign:` mapping")?;
    let scalar = |node: Option<&marked_yaml::types::MarkedScalarNode>| {
        node.map(|value| value.as_str().trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let number = |path: &[&str]| -> Option<String> {
        let (last, parents) = path.split_last()?;
        let mut map = campaign;
        for parent in parents {
            map = map.get_mapping(parent)?;
        }
        scalar(map.get_scalar(last))
    };
    let parse = |path: &[&str]| -> Result<Option<f64>, String> {
        number(path)
            .map(|text| {
                text.replace('_', "")
                    .parse::<f64>()
                    .ok()
                    .filter(|value| value.is_finite() && *value >= 0.0)
                    .ok_or_else(|| format!("`{}` is not a number: {text}", path.join(".")))
            })
            .transpose()
    };
    let window = match (
        number(&["schedule", "send_window", "start"]),
        number(&["schedule", "send_window", "end"]),
    ) {
        (Some(start), Some(end)) => Some(
            parse_window(&format!("{start}-{end}"))
                .map_err(|why| format!("`schedule.send_window`: {why}"))?,
        ),
        _ => None,
    };
    let spike_ratio = parse(&["volume", "spike_ratio"])?;
    if spike_ratio.is_some_and(|ratio| ratio < 1.0) {
        return Err("`volume.spike_ratio` is at least 1 (a day above N times its baseline)".into());
    }
    let complaint_threshold = parse(&["monitoring", "complaint_rate_pause_threshold"])?;
    if complaint_threshold.is_some_and(|fraction| fraction > 1.0) {
        return Err(
            "`monitoring.complaint_rate_pause_threshold` is a fraction of the messages (0.002 is 0.2%)"
                .into(),
        );
    }
    let destinations: Vec<String> = campaign
        .get_sequence("destinations")
        .into_iter()
        .flat_map(|list| list.iter())
        .filter_map(|node| node.as_scalar())
        .map(|code| {
            let code = code.as_str().trim().to_ascii_uppercase();
            // "US-CA" (a state) is in the US.
            code.split('-').next().unwrap_or_default().to_owned()
        })
        .map(|code| if code == "USA" { "US".to_owned() } else { code })
        .collect();
    regions(&destinations, "`destinations`")?;
    Ok(Registration {
        display: display.to_owned(),
        service: scalar(campaign.get_scalar("messaging_service_sid")),
        use_case: scalar(campaign.get_scalar("use_case"))
            .or_else(|| scalar(campaign.get_scalar("us_app_to_person_usecase")))
            .map(|code| crate::context::parse_use_case(&code).unwrap_or(code)),
        brand: scalar(campaign.get_scalar("brand")),
        expected_daily: parse(&["volume", "expected_daily"])?.map(|value| value as u64),
        spike_ratio,
        destinations,
        send_window: window,
        complaint_threshold,
    })
}

pub use crate::config::parse_window;

/// The result of reading every log.
pub struct Audit {
    /// The logs, as reports name them.
    pub files: Vec<String>,
    pub traffic: Traffic,
    /// Records that could not be audited: (file, line, why, excerpt), the
    /// first [`SHOWN_INVALID`] of each file.
    pub invalid: Vec<(usize, u64, String, String)>,
    /// Per file, the invalid records beyond those shown, and the line of
    /// the first of them.
    pub more_invalid: BTreeMap<usize, (u64, u64)>,
    /// Logs that could not be read at all, and why.
    pub unreadable: Vec<(usize, String)>,
    /// Records read and audited (the invalid ones not counted).
    pub records: u64,
}

/// Invalid records reported one by one per file; the rest are counted.
pub const SHOWN_INVALID: usize = 20;

/// The extensions of the files a folder's walk takes as logs (a `.gz` of
/// any of them too); a file named on the command line is read whatever its
/// name.
pub const LOG_EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson", "csv", "gz"];

/// The logs under `paths`: files as given, folders walked (every file
/// whose extension is one of [`LOG_EXTENSIONS`], hidden, ignored by git or
/// reached through a symbolic link alike: a log left out would pass
/// unseen), each file once, in name order so the run is deterministic.
/// Also the files a walk passed over.
pub fn logs(paths: &[PathBuf]) -> (Vec<(String, PathBuf)>, Vec<String>) {
    let mut logs = Vec::new();
    let mut passed_over = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut add = |logs: &mut Vec<(String, PathBuf)>, path: PathBuf| {
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(identity) {
            logs.push((crate::paths::display_path(&path), path));
        }
    };
    for path in paths {
        if !path.is_dir() {
            add(&mut logs, path.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(path)
            .standard_filters(false)
            .follow_links(true)
            .build()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_some_and(|kind| kind.is_file()))
            .map(ignore::DirEntry::into_path)
            .collect();
        found.sort();
        for path in found {
            let is_log = path
                .extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| {
                    LOG_EXTENSIONS
                        .iter()
                        .any(|known| extension.eq_ignore_ascii_case(known))
                });
            if is_log {
                add(&mut logs, path);
            } else {
                passed_over.push(crate::paths::display_path(&path));
            }
        }
    }
    (logs, passed_over)
}

/// Log files read at once: their parts are merged in file order, so the
/// result is the same whatever the number of threads.
const FILES_AT_ONCE: usize = 8;

/// What one log file holds.
struct Part {
    traffic: Traffic,
    /// The opt-outs and opt-ins its recipients sent.
    opt_outs: OptOuts,
    invalid: Vec<(usize, u64, String, String)>,
    more_invalid: Option<(u64, u64)>,
    unreadable: Option<String>,
    records: u64,
}

/// Reads every log once and counts the traffic; then finds the messages
/// sent after an opt-out, which needs every log's opt-outs (see
/// [`sends`]). Files are read in parallel, a few at a time, and merged in
/// order. Errors: the opt-out check's temporary file cannot be written.
pub fn read(
    logs: &[(String, PathBuf)],
    columns: &Columns,
    thresholds: Thresholds,
) -> std::io::Result<Audit> {
    use rayon::prelude::*;
    let thresholds = Arc::new(thresholds);
    let spill = sends::Spill::new()?;
    let mut opt_outs = OptOuts::default();
    let mut audit = Audit {
        files: logs.iter().map(|(display, _)| display.clone()).collect(),
        traffic: Traffic::new(thresholds.clone()),
        invalid: Vec::new(),
        more_invalid: BTreeMap::new(),
        unreadable: Vec::new(),
        records: 0,
    };
    let indexed: Vec<(usize, &PathBuf)> = logs.iter().map(|(_, path)| path).enumerate().collect();
    for chunk in indexed.chunks(FILES_AT_ONCE) {
        let parts: Vec<(Part, std::io::Result<()>)> = chunk
            .par_iter()
            .map(|&(index, path)| {
                let mut part = Part {
                    traffic: Traffic::new(thresholds.clone()),
                    opt_outs: OptOuts::default(),
                    invalid: Vec::new(),
                    more_invalid: None,
                    unreadable: None,
                    records: 0,
                };
                let mut sent = sends::Sends::new(&spill);
                let read = input::read(path, columns, &mut |item| match item {
                    Item::Record { line, record } => {
                        sent.add(index, part.records, line, &record);
                        part.opt_outs.add(&record);
                        part.records += 1;
                        part.traffic.add(index, line, &record);
                    }
                    Item::Invalid { line, error, text } => {
                        if part.invalid.len() < SHOWN_INVALID {
                            part.invalid.push((index, line, error, text));
                        } else {
                            part.more_invalid.get_or_insert((0, line)).0 += 1;
                        }
                    }
                });
                part.unreadable = read.err();
                sent.flush();
                (part, sent.error.map_or(Ok(()), Err))
            })
            .collect();
        for (&(index, _), (part, spilled)) in chunk.iter().zip(parts) {
            spilled?;
            audit.traffic.merge(part.traffic);
            opt_outs.merge(part.opt_outs);
            audit.invalid.extend(part.invalid);
            if let Some(more) = part.more_invalid {
                audit.more_invalid.insert(index, more);
            }
            if let Some(error) = part.unreadable {
                audit.unreadable.push((index, error));
            }
            audit.records += part.records;
        }
    }
    audit.traffic.attribute_replies();
    opt_outs.settle();
    let ignored = sends::ignored(spill, &opt_outs)?;
    audit.traffic.ignored = shown_ignored(logs, columns, ignored);
    Ok(audit)
}

/// The recipients texted after opting out, each with its first such
/// message read again from its log (only the logs that hold one) to show.
/// A log that cannot be read again (a pipe, a file rotated since) still
/// gives its findings, with what the first reading kept: the line, the time
/// and the recipient.
fn shown_ignored(
    logs: &[(String, PathBuf)],
    columns: &Columns,
    ignored: BTreeMap<String, sends::Ignored>,
) -> BTreeMap<String, traffic::Ignored> {
    use rayon::prelude::*;
    let mut wanted: BTreeMap<usize, std::collections::BTreeSet<u64>> = BTreeMap::new();
    for found in ignored.values() {
        wanted
            .entry(found.first.0)
            .or_default()
            .insert(found.first.1);
    }
    let wanted: Vec<(usize, std::collections::BTreeSet<u64>)> = wanted.into_iter().collect();
    let evidence: BTreeMap<(usize, u64), Evidence> = wanted
        .par_iter()
        .flat_map_iter(|(file, ordinals)| {
            let mut found = Vec::new();
            let mut ordinal = 0u64;
            if let Some((_, path)) = logs.get(*file) {
                // The log was read once already: its errors are reported.
                let _ = input::read(path, columns, &mut |item| {
                    if let Item::Record { line, record } = item {
                        if ordinals.contains(&ordinal) {
                            let part = traffic::Part::Recipient;
                            found.push((
                                (*file, ordinal),
                                traffic::evidence(*file, line, &record, part),
                            ));
                        }
                        ordinal += 1;
                    }
                });
            }
            found
        })
        .collect();
    ignored
        .into_iter()
        .map(|(person, found)| {
            let first = evidence
                .get(&found.first)
                .filter(|evidence| evidence.time == found.sent && evidence.line == found.line)
                .cloned()
                .unwrap_or_else(|| not_read_again(&found, &person));
            (
                person,
                traffic::Ignored {
                    messages: found.messages,
                    opted_out: found.opted_out,
                    first,
                },
            )
        })
        .collect()
}

/// The evidence of a message its log could not give again: its line, time
/// and recipient (masked), and why no more is shown.
fn not_read_again(found: &sends::Ignored, person: &str) -> Evidence {
    let start = found.sent.to_string().len() + " -> ".len();
    let recipient = phone::mask(person);
    Evidence {
        file: found.first.0,
        line: found.line,
        sid: String::new(),
        time: found.sent,
        shown: format!(
            "{} -> {recipient} (the log could not be read again to show this message)",
            found.sent
        ),
        span: start..start + recipient.len(),
    }
}

/// A finding and the record it stands on.
struct Found {
    file: usize,
    line: u64,
    /// The text shown as the finding's source: the record, numbers masked,
    /// or a template's body.
    source: String,
    key: Option<String>,
    diagnostic: Diagnostic,
}

impl Found {
    /// A finding about the input (a broken record, an unreadable log), at
    /// its line, showing what of the record can be shown.
    fn input(file: usize, line: u64, source: String, diagnostic: Diagnostic) -> Found {
        Found {
            file,
            line,
            source,
            key: None,
            diagnostic,
        }
    }

    fn at(evidence: &Evidence, diagnostic: Diagnostic) -> Found {
        let mut diagnostic = diagnostic;
        diagnostic.span = evidence.span.clone();
        Found {
            file: evidence.file,
            line: evidence.line,
            source: evidence.shown.clone(),
            key: Some(sent(evidence)),
            diagnostic,
        }
    }
}

/// "SM… at 2024-03-05T14:02:11Z": a finding's record, as its key.
fn sent(evidence: &Evidence) -> String {
    let sid = if evidence.sid.is_empty() {
        "(no sid)"
    } else {
        &evidence.sid
    };
    format!("{sid} at {}", evidence.time)
}

/// What a traffic audit found: one report per finding (each shows its own
/// record), in file and line order, and the run's totals.
pub struct Findings {
    pub reports: Vec<FileReport>,
    pub summary: Summary,
}

/// Every finding of an audit, the templates linted with `linter` (each in
/// its campaign's context when its Messaging Service has one).
pub fn findings(audit: &Audit, linter: &Linter, registrations: &[Registration]) -> Findings {
    let traffic = &audit.traffic;
    let thresholds = &traffic.thresholds;
    let mut found: Vec<Found> = Vec::new();
    let emit = |rule: &str, evidence: &Evidence, label: String| {
        Found::at(evidence, linter.emit(rule, 0..0, label))
    };

    let invalid = |error: String| linter.emit("input/invalid-record", 0..0, error);
    for (file, line, error, text) in &audit.invalid {
        found.push(Found::input(
            *file,
            *line,
            text.clone(),
            invalid(error.clone()),
        ));
    }
    for (file, (count, line)) in &audit.more_invalid {
        let more = format!("{count} more invalid records in this file from here on");
        found.push(Found::input(*file, *line, String::new(), invalid(more)));
    }
    for (file, error) in &audit.unreadable {
        let diagnostic = linter.emit("input/unreadable", 0..0, error.clone());
        found.push(Found::input(*file, 1, String::new(), diagnostic));
    }

    for (person, ignored) in &traffic.ignored {
        found.push(emit(
            "traffic/opt-out-ignored",
            &ignored.first,
            format!(
                "{} opted out at {} and was sent {} after it",
                phone::mask(person),
                ignored.opted_out,
                crate::diagnostic::counted(ignored.messages as usize, "message")
            ),
        ));
    }

    let mut senders: Vec<&String> = traffic.days.keys().collect();
    senders.sort();
    for sender in senders {
        let Some(days) = traffic.days.get(sender) else {
            continue;
        };
        let shown_sender = phone::mask(sender);
        sender_findings(&shown_sender, days, thresholds, &mut found, &emit);
    }

    // Declared volumes: a campaign's service's days, or, for a campaign that
    // names no Messaging Service, the whole log's (every sender's messages
    // of a day together). One finding each: the busiest day over, and how
    // many were.
    for (index, (service, daily, campaign)) in thresholds.declared.iter().enumerate() {
        // A service two campaigns declare is held to the first.
        let earlier = thresholds.declared.get(..index).unwrap_or_default();
        if service.is_some() && earlier.iter().any(|(other, ..)| other == service) {
            continue;
        }
        let mut per_day: BTreeMap<jiff::civil::Date, (u64, Option<&Evidence>)> = BTreeMap::new();
        let (who, senders): (String, Vec<&BTreeMap<jiff::civil::Date, traffic::Day>>) =
            match service {
                Some(service) => (
                    phone::mask(service),
                    traffic.days.get(service).into_iter().collect(),
                ),
                None => ("all senders".to_owned(), traffic.days.values().collect()),
            };
        for days in senders {
            for (date, day) in days {
                let entry = per_day.entry(*date).or_default();
                entry.0 += day.sent;
                let earlier = match (entry.1, &day.first) {
                    (Some(seen), Some(first)) => (first.file, first.line) < (seen.file, seen.line),
                    (None, first) => first.is_some(),
                    _ => false,
                };
                if earlier {
                    entry.1 = day.first.as_ref();
                }
            }
        }
        let over: Vec<_> = per_day
            .iter()
            .filter(|(_, (sent, _))| sent > daily)
            .collect();
        let busiest = over
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)));
        if let Some((date, (sent, Some(first)))) = busiest {
            found.push(emit(
                "traffic/over-declared-volume",
                first,
                format!(
                    "{who} sent {sent} on {date}; {campaign} declares {daily} a day; {} over it",
                    crate::diagnostic::counted(over.len(), "day")
                ),
            ));
        }
    }

    let outbound = traffic.outbound.max(1) as f64;
    for (region, destination) in &traffic.destinations {
        let Some(first) = &destination.first else {
            continue;
        };
        let share = format!(
            "{} ({:.1}% of outbound)",
            crate::diagnostic::counted(destination.sent as usize, "message"),
            destination.sent as f64 * 100.0 / outbound
        );
        // A high-risk country the campaign or config allows by name is a
        // market the business serves.
        let allowed = thresholds
            .allowed_regions
            .iter()
            .any(|allowed| allowed == region);
        if let (Some(why), false) = (&destination.high_risk, allowed) {
            found.push(emit(
                "traffic/high-risk-destination",
                first,
                format!("{share}: {why}"),
            ));
        } else if !thresholds.allowed_regions.is_empty() && region != "?" && !allowed {
            found.push(emit(
                "traffic/destination-not-allowed",
                first,
                format!(
                    "{share} to {region}; allowed: {}",
                    thresholds.allowed_regions.join(", ")
                ),
            ));
        }
    }

    if let Some(spend) = spend_finding(traffic, linter) {
        found.push(spend);
    }

    // Each template is linted once, as sent, in its campaign's context.
    for template in traffic.templates.ranked() {
        let mut context = linter.context().clone();
        context.rendered = true;
        let registration = registrations
            .iter()
            .find(|registration| {
                registration.service.is_some() && registration.service == template.service
            })
            .or(match registrations {
                [only] if only.service.is_none() => Some(only),
                _ => None,
            });
        if let Some(registration) = registration {
            if registration.use_case.is_some() && context.use_case.is_none() {
                context.use_case.clone_from(&registration.use_case);
            }
            if registration.brand.is_some() && context.brand.is_none() {
                context.brand.clone_from(&registration.brand);
            }
        }
        let body = template.shown();
        let reached = format!(
            "template sent {} to {} from {} to {}",
            crate::diagnostic::counted(template.messages as usize, "time"),
            crate::diagnostic::counted(template.recipients() as usize, "recipient"),
            template.first,
            template.last
        );
        for mut diagnostic in linter.check_in(&template.example, &context) {
            diagnostic.notes.insert(0, reached.clone());
            // What a rule quotes of the body (a premium number) is masked
            // too; a log cannot be fixed.
            diagnostic.message = phone::mask_text(&diagnostic.message);
            diagnostic.label = diagnostic.label.as_deref().map(phone::mask_text);
            diagnostic.fix = None;
            found.push(Found {
                file: template.evidence.file,
                line: template.evidence.line,
                source: body.clone(),
                key: Some(sent(&template.evidence)),
                diagnostic,
            });
        }
    }

    let mut kept = Vec::new();
    for Found {
        file,
        line,
        source,
        key,
        diagnostic,
    } in found
    {
        // The config's selection and severities, one finding at a time so
        // that each keeps its record.
        let mut selected = vec![diagnostic];
        linter.select(&mut selected);
        if let Some(diagnostic) = selected.pop() {
            kept.push(Found {
                file,
                line,
                source,
                key,
                diagnostic,
            });
        }
    }
    kept.sort_by(|a, b| {
        (a.file, a.line, &a.diagnostic.rule, &a.diagnostic.message).cmp(&(
            b.file,
            b.line,
            &b.diagnostic.rule,
            &b.diagnostic.message,
        ))
    });
    let mut summary = Summary::default();
    let reports: Vec<FileReport> = kept
        .into_iter()
        .map(|found| {
            let mut diagnostic = found.diagnostic;
            diagnostic.key = diagnostic.key.or(found.key);
            FileReport {
                // A log's name may hold a number (`messages_+1212…csv`).
                path: phone::mask_text(audit.files.get(found.file).map_or("", String::as_str)),
                file: None,
                source: Some(found.source),
                messages: 0,
                diagnostics: vec![diagnostic],
                keys: KeyKind::Record,
                first_line: usize::try_from(found.line).unwrap_or(usize::MAX),
            }
        })
        .collect();
    for report in &reports {
        summary.add(report);
    }
    summary.files = audit.files.len();
    summary.messages = audit.records as usize;
    Findings { reports, summary }
}

/// The day findings of one sender: spikes, filtering, unreachable numbers,
/// unregistered sends, refusals, opt-out rates and quiet hours.
fn sender_findings(
    sender: &str,
    days: &BTreeMap<jiff::civil::Date, traffic::Day>,
    thresholds: &Thresholds,
    found: &mut Vec<Found>,
    emit: &dyn Fn(&str, &Evidence, String) -> Found,
) {
    for (date, volume, baseline) in
        traffic::baselines(days, thresholds.baseline_days, thresholds.baseline_min_days)
    {
        let Some(baseline) = baseline else { continue };
        if traffic::is_spike(days, date, volume, baseline, thresholds) {
            if let Some(first) = days.get(&date).and_then(|day| day.first.as_ref()) {
                found.push(emit(
                    "traffic/volume-spike",
                    first,
                    format!(
                        "{sender} sent {volume} on {date} against a median of {baseline} a day on its sending days of the {} before, and more than on any day of the {} before: more than {}x",
                        thresholds.baseline_days, traffic::PEAK_DAYS, thresholds.spike_ratio
                    ),
                ));
            }
        }
    }
    // A rate is judged on a day with enough messages, and enough events
    // that it is no chance: two filtered messages of 150 are no trend.
    let judged = |day: &&traffic::Day, events: u64| {
        day.sent >= thresholds.min_sends && events >= thresholds.min_events
    };
    type Count = fn(&traffic::Day) -> u64;
    type First = fn(&traffic::Day) -> Option<&Evidence>;
    /// A daily rate and how it is told: per 100 (`%`) or per 1,000.
    struct Rate<'a> {
        rule: &'a str,
        count: Count,
        first: First,
        limit: f64,
        what: &'a str,
        scale: f64,
        unit: &'a str,
    }
    let rates = [
        Rate {
            rule: "traffic/filtered",
            count: |day| day.filtered,
            first: |day| day.first_filtered.as_ref(),
            limit: thresholds.max_filtered,
            what: "filtered (30007)",
            scale: 100.0,
            unit: "%",
        },
        Rate {
            rule: "traffic/unreachable",
            count: |day| day.unreachable,
            first: |day| day.first_unreachable.as_ref(),
            limit: thresholds.max_unreachable,
            what: "to unreachable, unknown or landline numbers",
            scale: 100.0,
            unit: "%",
        },
        Rate {
            rule: "traffic/stop-rate",
            count: |day| day.stops,
            first: |day| day.first_stop.as_ref(),
            limit: thresholds.max_stop,
            what: "answered with an opt-out",
            scale: 1000.0,
            unit: " per 1,000",
        },
    ];
    for Rate {
        rule,
        count,
        first,
        limit,
        what,
        scale,
        unit,
    } in rates
    {
        let rate = |day: &traffic::Day| count(day) as f64 / day.sent.max(1) as f64;
        let over: Vec<(&jiff::civil::Date, &traffic::Day)> = days
            .iter()
            .filter(|(_, day)| judged(day, count(day)) && rate(day) > limit)
            .collect();
        let Some((worst_date, worst)) = over
            .iter()
            .max_by(|a, b| rate(a.1).total_cmp(&rate(b.1)).then(b.0.cmp(a.0)))
        else {
            continue;
        };
        let Some(evidence) = first(worst) else {
            continue;
        };
        let trend: Vec<String> = days
            .range(..**worst_date)
            .rev()
            .take(5)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .map(|(date, day)| format!("{} {:.1}{unit}", date.strftime("%m-%d"), rate(day) * scale))
            .collect();
        let trend = if trend.is_empty() {
            String::new()
        } else {
            format!("; the days before: {}", trend.join(", "))
        };
        found.push(emit(
            rule,
            evidence,
            format!(
                "{sender}: {:.1}{unit} of {} messages on {worst_date} {what} ({}; threshold {:.1}{unit}); {} over it{trend}",
                rate(worst) * scale,
                worst.sent,
                count(worst),
                limit * scale,
                crate::diagnostic::counted(over.len(), "day")
            ),
        ));
    }
    type Total = fn(&traffic::Day) -> u64;
    let totals: [(&str, Total, First, &str); 3] = [
        (
            "traffic/unregistered",
            |day| day.unregistered,
            |day| day.first_unregistered.as_ref(),
            "blocked as unregistered 10DLC traffic (30034)",
        ),
        (
            "traffic/opted-out-refused",
            |day| day.refused,
            |day| day.first_refused.as_ref(),
            "refused: the recipient had opted out (21610)",
        ),
        (
            "traffic/quiet-hours",
            |day| day.quiet,
            |day| day.first_quiet.as_ref(),
            "sent outside the quiet-hours window in the recipient's time zone",
        ),
    ];
    for (rule, count, first, what) in totals {
        let total: u64 = days.values().map(count).sum();
        let Some(evidence) = days.values().find_map(first) else {
            continue;
        };
        if total == 0 {
            continue;
        }
        let sent: u64 = days.values().map(|day| day.sent).sum();
        let affected = days.values().filter(|day| count(day) > 0).count();
        found.push(emit(
            rule,
            evidence,
            format!(
                "{sender}: {} of {sent} {what}, on {}",
                crate::diagnostic::counted(total as usize, "message"),
                crate::diagnostic::counted(affected, "day")
            ),
        ));
    }
}

/// The spend summary: median and busiest day, and the alert level.
fn spend_finding(traffic: &Traffic, linter: &Linter) -> Option<Found> {
    let mut per_day: BTreeMap<jiff::civil::Date, f64> = BTreeMap::new();
    for days in traffic.days.values() {
        for (date, day) in days {
            *per_day.entry(*date).or_default() += day.spend;
        }
    }
    per_day.retain(|_, spend| *spend > 0.0);
    let (busiest_date, busiest) = per_day
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(date, spend)| (*date, *spend))?;
    let mut cents: Vec<u64> = per_day
        .values()
        .map(|spend| (spend * 100.0).round() as u64)
        .collect();
    let median = traffic::median(&mut cents) as f64 / 100.0;
    let total: f64 = per_day.values().sum();
    // A currency code; whatever else a column held is shown masked.
    let unit = traffic
        .price_unit
        .as_deref()
        .map(|unit| phone::mask_text(&unit.chars().take(8).collect::<String>()))
        .unwrap_or_else(|| "USD".to_owned());
    let evidence = traffic
        .days
        .values()
        .filter_map(|days| days.get(&busiest_date))
        .filter_map(|day| day.first.as_ref())
        .min_by_key(|evidence| (evidence.file, evidence.line))?;
    // The trend: the last week's spend against the week before.
    let weeks: Vec<f64> = per_day.values().rev().copied().collect();
    let trend = match (weeks.get(..7), weeks.get(7..14)) {
        (Some(last), Some(before)) if before.iter().sum::<f64>() > 0.0 => {
            let (last, before): (f64, f64) = (last.iter().sum(), before.iter().sum());
            format!(
                "; the last 7 days {:+.0}% on the 7 before",
                (last / before - 1.0) * 100.0
            )
        }
        _ => String::new(),
    };
    let label = format!(
        "{unit} {total:.2} over {}: median {median:.2} a day, busiest {busiest_date} at {busiest:.2}{trend}; set a low-balance alert at {unit} {:.2} or more",
        crate::diagnostic::counted(per_day.len(), "day"),
        busiest * 3.0
    );
    Some(Found::at(
        evidence,
        linter.emit("traffic/spend", 0..0, label),
    ))
}
