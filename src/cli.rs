//! The command line: parse arguments, run a command, pick the exit code.

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};

use crate::baseline::Baseline;
use crate::config::{ConfigChoice, RuleLayer};
use crate::context::{parse_use_case, ContextLayer};
use crate::diagnostic::Severity;
use crate::discover::WalkOptions;
use crate::error::SetupError;
use crate::fix;
use crate::lint::{self, BaselineChoice, Options, Stdin};
use crate::report::{self, Format};
use crate::stream;

/// Exit codes, as the contract fixes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above the `--fail-on` severity.
    Clean = 0,
    /// At least one diagnostic at or above it.
    Findings = 1,
    /// Usage, config or rule-file error, or an internal error.
    Error = 2,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

/// `--version`: the version, then the languages this build reads code in.
fn long_version() -> &'static str {
    static TEXT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "{}\n{}",
            env!("CARGO_PKG_VERSION"),
            crate::read::code::Language::build_summary()
        )
    });
    &TEXT
}

#[derive(Parser, Debug)]
#[command(
    name = "smslint",
    version,
    long_version = long_version(),
    about = "Lint SMS/MMS templates for what gets messages filtered (Twilio 30007) or accounts suspended (30002)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint files and folders ("-" reads one message from stdin)
    Check(Box<CheckArgs>),
    /// List every rule: id, default severity, summary
    Rules(RulesArgs),
    /// Explain a rule: why it matters, the policy, examples, how to fix
    Explain(ExplainArgs),
    /// Show each message's encoding, length and segments, as Twilio counts them
    Inspect(InspectArgs),
    /// Write a commented starter smslint.yaml (and, with --campaign, a campaign file)
    Init(InitArgs),
    /// Run the language server (LSP over stdin/stdout) for editors
    Server,
    /// Audit sent traffic from message logs (Twilio Bulk Export, API pages, CSV)
    Audit(Box<AuditArgs>),
}

/// `smslint audit`: what a team sent, from its logs.
#[derive(Args, Debug)]
struct AuditArgs {
    /// Log files or folders of them: Bulk Export day files (.json.gz), API
    /// pages, Console CSV exports, other JSONL/CSV with --column
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// A campaign file whose registration the traffic is held to (volume,
    /// destinations, send window, complaint threshold); repeatable
    #[arg(long, value_name = "FILE", help_heading = "Registration")]
    campaign: Vec<PathBuf>,
    /// Where a record field is in another provider's log: FIELD=NAME
    /// (to=recipient, date_sent=sent_at, ...); repeatable
    #[arg(long, value_name = "FIELD=NAME", help_heading = "Input")]
    column: Vec<String>,
    /// The recipient-local window messages may be sent in [default: 08:00-21:00,
    /// or the campaign's send_window]
    #[arg(long, value_name = "HH:MM-HH:MM", help_heading = "Thresholds")]
    quiet_hours: Option<String>,
    /// Countries messages may go to (ISO codes, comma-separated) [default:
    /// the campaign's destinations, else any]
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "CODE",
        help_heading = "Thresholds"
    )]
    allow_destination: Vec<String>,
    /// A day above this many times its sender's trailing median is a spike
    /// [default: 5, or the campaign's volume.spike_ratio]
    #[arg(long, value_name = "RATIO", help_heading = "Thresholds")]
    spike_ratio: Option<f64>,
    /// Percent of a day's messages filtered (30007) that is a finding [default: 1]
    #[arg(long, value_name = "PERCENT", help_heading = "Thresholds")]
    max_filtered: Option<f64>,
    /// Percent of a day's messages to unreachable numbers that is a finding [default: 5]
    #[arg(long, value_name = "PERCENT", help_heading = "Thresholds")]
    max_unreachable: Option<f64>,
    /// Opt-out replies per thousand messages that is a finding [default: 10,
    /// or the campaign's complaint_rate_pause_threshold]
    #[arg(long, value_name = "PER_THOUSAND", help_heading = "Thresholds")]
    max_stop_rate: Option<f64>,

    /// Output format [default: human]; html is one self-contained page
    #[arg(long, value_enum, help_heading = "Output")]
    format: Option<AuditFormatArg>,
    /// Exit 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value_t = LevelArg::Error, help_heading = "Output")]
    fail_on: LevelArg,
    /// Colour the human report
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, help_heading = "Output")]
    color: ColorArg,
    /// Write the report to FILE (people still see the human report)
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    output: Option<PathBuf>,

    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    selection: SelectionArgs,
    /// Twilio A2P use case the templates are linted under
    #[arg(long, value_name = "CODE", help_heading = "Context")]
    use_case: Option<String>,
    /// Brand name the templates must carry
    #[arg(long, value_name = "NAME", help_heading = "Context")]
    brand: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AuditFormatArg {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Junit,
    Html,
}

#[derive(Args, Debug)]
struct InitArgs {
    /// Also write campaign.yaml, a starter A2P campaign that passes every check
    #[arg(long)]
    campaign: bool,
    /// Overwrite files that already exist
    #[arg(long)]
    force: bool,
}

/// Which config file: shared by `check`, `inspect` and `audit`.
#[derive(Args, Debug)]
struct ConfigArgs {
    /// Use this config file instead of discovering smslint.yaml
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "no_config",
        help_heading = "Config"
    )]
    config: Option<PathBuf>,
    /// Use no config file at all
    #[arg(long, help_heading = "Config")]
    no_config: bool,
}

impl ConfigArgs {
    fn choice(self) -> ConfigChoice {
        match (self.config, self.no_config) {
            (Some(file), _) => ConfigChoice::File(file),
            (None, true) => ConfigChoice::Nothing,
            (None, false) => ConfigChoice::Discover,
        }
    }
}

/// Rule selection on the command line: shared by `check` and `audit`.
#[derive(Args, Debug)]
struct SelectionArgs {
    /// Only these rules or categories (comma-separated); replaces the config's `select`
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE_OR_CATEGORY",
        help_heading = "Rule selection"
    )]
    select: Option<Vec<String>>,
    /// Skip these rules or categories (comma-separated); adds to the config's `ignore`
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE_OR_CATEGORY",
        help_heading = "Rule selection"
    )]
    ignore: Vec<String>,
}

impl SelectionArgs {
    fn layer(self) -> RuleLayer {
        RuleLayer {
            select: self.select,
            ignore: self.ignore,
            severity: Vec::new(),
        }
    }
}

/// What to read, and with which config: shared by `check` and `inspect`.
#[derive(Args, Debug)]
struct InputArgs {
    /// Files or folders; "-" reads one message from stdin [default: .]
    paths: Vec<PathBuf>,

    #[command(flatten)]
    config: ConfigArgs,

    /// Path used for config matching and reports when reading "-"
    #[arg(long, value_name = "PATH", help_heading = "Files")]
    stdin_filename: Option<PathBuf>,
    /// Do not honour .gitignore, .ignore or git exclude files
    #[arg(long, help_heading = "Files")]
    no_ignore: bool,
    /// Judge files named on the command line as the walk would: apply the
    /// config's `exclude` and pass over files that hold no SMS text (a
    /// README, a licence, a config file), as pre-commit and editors need
    #[arg(long, help_heading = "Files")]
    force_exclude: bool,
    /// Neither read nor write the project index in .smslint_cache/ (the
    /// campaigns and catalogs found by walking the project every time)
    #[arg(long, help_heading = "Files")]
    no_cache: bool,
    /// Take each text as the message it will be sent as: nothing is a
    /// placeholder and nothing is trimmed but a file's final line break
    /// (stream bodies always are)
    #[arg(long, help_heading = "Files")]
    rendered: bool,
}

#[derive(Args, Debug)]
struct InspectArgs {
    #[command(flatten)]
    input: InputArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Output format [default: human; json in stream mode, which writes
    /// one JSON line per record]
    #[arg(long, value_enum, help_heading = "Output")]
    format: Option<FormatArg>,
    /// The lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value_t = LevelArg::Error, help_heading = "Output")]
    fail_on: LevelArg,
    /// Colour the human report: auto (on a terminal, unless NO_COLOR is
    /// set; CLICOLOR_FORCE forces it), always or never
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, help_heading = "Output")]
    color: ColorArg,
    /// Write the report to FILE; the human report still goes to stdout
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    output: Option<PathBuf>,
    /// Print how many diagnostics each rule raised, most frequent first
    #[arg(long, help_heading = "Output")]
    statistics: bool,
    /// Print each file the run would read and as what (template, catalog
    /// with its messages and locale, campaign, skipped and why); lint nothing
    #[arg(long, conflicts_with_all = ["fix", "diff", "write_baseline", "statistics", "jsonl", "csv"], help_heading = "Output")]
    show_files: bool,
    /// Print what governs each file (ruff's name): the config files, brand,
    /// use case, locale, campaigns, rule selection and rule files; lint
    /// nothing
    #[arg(long, help_heading = "Output")]
    show_settings: bool,

    /// Report only findings the baseline FILE does not record
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "write_baseline",
        help_heading = "Baseline"
    )]
    baseline: Option<PathBuf>,
    /// Record every current finding in FILE, for gradual adoption
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    write_baseline: Option<PathBuf>,

    /// Stream mode: one JSON message per line (`{"id", "body", "use_case"?, ...}`)
    /// from FILE or "-", one JSON result line out per message
    #[arg(long, value_name = "FILE", conflicts_with_all = ["csv", "fix", "diff", "write_baseline"], help_heading = "Streaming")]
    jsonl: Option<PathBuf>,
    /// Stream mode over a CSV file with a header (e.g. Twilio's message log export)
    #[arg(long, value_name = "FILE", requires = "column", conflicts_with_all = ["fix", "diff", "write_baseline"], help_heading = "Streaming")]
    csv: Option<PathBuf>,
    /// The CSV column holding the message (e.g. Body)
    #[arg(long, value_name = "NAME", help_heading = "Streaming")]
    column: Option<String>,
    /// The CSV column holding each record's id (e.g. Sid); default: the row number
    #[arg(long, value_name = "NAME", help_heading = "Streaming")]
    id_column: Option<String>,

    /// Apply safe fixes in place, then report what remains
    #[arg(long, help_heading = "Fixes")]
    fix: bool,
    /// Print the fixes as a unified diff instead of writing them
    #[arg(long, conflicts_with = "fix", help_heading = "Fixes")]
    diff: bool,
    /// Also apply fixes that may change what the message means (with --fix or --diff)
    #[arg(long, help_heading = "Fixes")]
    unsafe_fixes: bool,
    #[command(flatten)]
    selection: SelectionArgs,

    /// Twilio A2P use case of every message (MARKETING, 2FA, ACCOUNT_NOTIFICATION, ...)
    #[arg(long, value_name = "CODE", help_heading = "Context")]
    use_case: Option<String>,
    /// Brand name every marketing message must carry
    #[arg(long, value_name = "NAME", help_heading = "Context")]
    brand: Option<String>,
    /// Language of the messages (en, fr-CA, es, ...)
    #[arg(long, value_name = "TAG", help_heading = "Context")]
    locale: Option<String>,
}

#[derive(Args, Debug)]
struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
    /// Run every rule's examples (each `bad` one must fire it, each `good`
    /// one must not) and say which rules the config keeps from ever
    /// applying; exit 1 when an example fails
    #[arg(long)]
    check: bool,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// A rule id (shaft/alcohol) or a category (shaft) to list its rules
    #[arg(value_name = "RULE|CATEGORY")]
    rule: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Junit,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LevelArg {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// The most bytes read from standard input for one message (`check -`).
const MAX_STDIN_BYTES: u64 = 100_000_000;

/// The binary's whole body.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // clap exits 2 on usage errors and 0 for --help and --version.
        Err(error) => error.exit(),
    };
    let color = match &cli.command {
        Command::Check(args) => args.color,
        Command::Audit(args) => args.color,
        _ => ColorArg::Auto,
    };
    let result = match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::Inspect(args) => inspect(args),
        Command::Init(args) => init(args),
        Command::Audit(args) => audit(*args),
        Command::Server => crate::server::run()
            .map(|()| ExitStatus::Clean)
            .map_err(|error| {
                Failure::Setup(vec![SetupError::usage(format!("language server: {error}"))])
            }),
    };
    match result {
        Ok(status) => status.into(),
        // A closed pipe (`smslint check | head`) is not an error.
        Err(Failure::Io(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitStatus::Clean.into()
        }
        Err(failure) => {
            let mut stderr = terminal(io::stderr(), color, io::stderr().is_terminal());
            let errors = match failure {
                Failure::Setup(errors) => errors,
                Failure::Io(error) => vec![SetupError::usage(format!("I/O error: {error}"))],
            };
            // Nothing more useful can be done if stderr is gone too.
            let _ = report::write_setup_errors(&errors, stderr.as_mut());
            ExitStatus::Error.into()
        }
    }
}

enum Failure {
    Setup(Vec<SetupError>),
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        Failure::Io(error)
    }
}

impl From<Vec<SetupError>> for Failure {
    fn from(errors: Vec<SetupError>) -> Failure {
        Failure::Setup(errors)
    }
}

/// A write whose reader went away counts as done.
fn unless_pipe_closed(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn usage(message: String) -> Failure {
    Failure::Setup(vec![SetupError::usage(message)])
}

impl InputArgs {
    /// Lint options for these inputs; reads stdin when a path is "-".
    fn options(
        self,
        context: ContextLayer,
        rules: RuleLayer,
        baseline: BaselineChoice,
    ) -> Result<Options, Failure> {
        let reads_stdin = self.paths.iter().any(|path| path.as_os_str() == "-");
        if reads_stdin && self.paths.len() > 1 {
            return Err(usage(
                "\"-\" (stdin) cannot be combined with other paths".into(),
            ));
        }
        let stdin = if reads_stdin {
            // Bounded: a larger input is reported as input/too-large (the
            // config's max_file_size applies below this).
            let mut bytes = Vec::new();
            io::stdin()
                .take(MAX_STDIN_BYTES + 1)
                .read_to_end(&mut bytes)?;
            Some(Stdin {
                bytes,
                filename: self.stdin_filename,
            })
        } else {
            None
        };
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths
        };
        Ok(Options {
            paths,
            stdin,
            config: self.config.choice(),
            context,
            rules,
            walk: WalkOptions {
                respect_ignore_files: !self.no_ignore,
                cache: !self.no_cache,
            },
            force_exclude: self.force_exclude,
            baseline,
            unsaved: None,
        })
    }
}

fn check(args: CheckArgs) -> Result<ExitStatus, Failure> {
    if args.jsonl.is_some() || args.csv.is_some() {
        refuse_in_stream(&args)?;
    }
    let use_case = args
        .use_case
        .as_deref()
        .map(parse_use_case)
        .transpose()
        .map_err(|message| usage(format!("--use-case: {message}")))?;
    let context = ContextLayer {
        use_case,
        brand: args.brand,
        brand_aliases: Vec::new(),
        locale: args
            .locale
            .as_deref()
            .map(crate::context::parse_locale)
            .transpose()
            .map_err(|message| usage(format!("--locale: {message}")))?,
        age_gated: None,
        counting: None,
        rendered: args.input.rendered.then_some(true),
        conversational: None,
        complaint_monitoring: None,
    };
    let rules = args.selection.layer();
    let baseline = match (&args.baseline, &args.write_baseline) {
        (Some(file), _) => BaselineChoice::File(file.clone()),
        (None, Some(_)) => BaselineChoice::Ignore,
        (None, None) => BaselineChoice::FromConfig,
    };
    let fail_on = match args.fail_on {
        LevelArg::Error => Severity::Error,
        LevelArg::Warning => Severity::Warning,
        LevelArg::Info => Severity::Info,
    };
    let streaming = match (&args.jsonl, &args.csv) {
        (Some(path), _) => Some((path.clone(), stream::Format::Jsonl)),
        (None, Some(path)) => Some((
            path.clone(),
            stream::Format::Csv {
                column: args.column.clone().unwrap_or_default(),
                id_column: args.id_column.clone(),
            },
        )),
        (None, None) => None,
    };
    if let Some((path, format)) = streaming {
        let options = args.input.options(context, rules, BaselineChoice::Ignore)?;
        return stream_check(&options, &path, &format, args.output.as_deref(), fail_on);
    }
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err(usage(
            "--unsafe-fixes goes with --fix or --diff: on its own it changes nothing".into(),
        ));
    }
    let format = report_format(args.format, fail_on);
    let options = args.input.options(context, rules, baseline)?;
    if args.show_settings {
        let mut out = io::stdout().lock();
        for (path, lines) in lint::show_settings(&options)? {
            writeln!(out, "{}:", crate::paths::printable(&path))?;
            for line in lines {
                writeln!(out, "  {}", crate::paths::printable(&line))?;
            }
        }
        out.flush()?;
        return Ok(ExitStatus::Clean);
    }
    if args.show_files {
        let mut out = io::stdout().lock();
        for (path, what) in lint::show_files(&options)? {
            let (path, what) = (
                crate::paths::printable(&path),
                crate::paths::printable(&what),
            );
            writeln!(out, "{path}: {what}")?;
        }
        out.flush()?;
        return Ok(ExitStatus::Clean);
    }
    if args.fix || args.diff {
        if let Some(stdin) = &options.stdin {
            if args.output.is_some() || args.write_baseline.is_some() || args.statistics {
                return Err(usage(
                    "--fix - and --diff - write the message to stdout: --output, --statistics and --write-baseline do not go with them".into(),
                ));
            }
            let stdin = stdin.clone();
            let fixing = StdinFix {
                diff: args.diff,
                unsafe_fixes: args.unsafe_fixes,
                format,
                color: args.color,
                fail_on,
            };
            return fix_stdin(&fixing, options, stdin);
        }
    }
    let mut session = lint::Session::default();
    let mut outcome = lint::lint_in(&mut session, &options)?;
    let stdout = io::stdout();
    let is_terminal = stdout.is_terminal();

    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::record(&outcome.reports, path);
        baseline.write(path).map_err(|error| vec![error])?;
        let mut out = stdout.lock();
        writeln!(
            out,
            "smslint: recorded {} in {}",
            crate::diagnostic::counted(baseline.len(), "finding"),
            path.display()
        )?;
        return Ok(ExitStatus::Clean);
    }
    if args.diff {
        let mut out = stdout.lock();
        let mut changed = false;
        for report in &outcome.reports {
            changed |= fix::diff(report, args.unsafe_fixes, &mut out)?;
        }
        out.flush()?;
        return Ok(if changed {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        });
    }
    if args.fix {
        // A fix can uncover another (a symbol written out leaves the quotes
        // beside it as the only thing forcing UCS-2): fix, re-lint and fix
        // again until nothing changes, as ruff does, within a bound.
        let (mut files, mut fixes) = (std::collections::BTreeSet::new(), 0);
        for _ in 0..MAX_FIX_ROUNDS {
            let (written, count) = apply_fixes(&outcome, args.unsafe_fixes)?;
            if written.is_empty() {
                break;
            }
            files.extend(written);
            fixes += count;
            // Report what remains, from the files as they are now.
            outcome = lint::lint_in(&mut session, &options)?;
        }
        tell_fixes(&outcome, files.len(), fixes, args.unsafe_fixes)?;
    }

    let color = report_color(format, args.color);
    if args.statistics {
        let mut out = stdout.lock();
        report::write_statistics(&outcome, format == Format::Json, &mut out)?;
        out.flush()?;
    } else if let Some(path) = &args.output {
        // The chosen format goes to the file; people still see the human report.
        let mut writer = NoColor::new(Vec::new());
        report::write_report(format, &outcome, &mut writer)?;
        crate::fix::write_atomically(path, &writer.into_inner(), None)
            .map_err(|reason| usage(format!("--output {}: {reason}", path.display())))?;
        if format != Format::Human {
            let mut out = terminal(io::BufWriter::new(stdout.lock()), args.color, is_terminal);
            report::write_report(Format::Human, &outcome, out.as_mut())?;
            out.flush()?;
        }
    } else {
        let mut out = terminal(io::BufWriter::new(stdout.lock()), color, is_terminal);
        // A reader that stops early (`smslint check | head`) does not change
        // the verdict: the exit code still says what was found.
        unless_pipe_closed(report::write_report(format, &outcome, out.as_mut()))?;
        unless_pipe_closed(out.flush())?;
    }
    if outcome.summary.messages == 0 && outcome.summary.errors == 0 {
        // A gate that lints nothing must not look like a clean pass.
        let what = if outcome.summary.files == 0 {
            "no template, catalog or campaign file was found"
        } else {
            "none of the files read holds an SMS text"
        };
        writeln!(
            io::stderr(),
            "smslint: warning: no message was linted: {what}; `smslint check --show-files` shows what each file was read as"
        )?;
    }
    if outcome.stale_baseline_entries > 0 {
        let stale = outcome.stale_baseline_entries;
        writeln!(
            io::stderr(),
            "smslint: {} no longer {} anything; run with --write-baseline to shrink the baseline:",
            crate::diagnostic::counted(stale, "baseline entry"),
            if stale == 1 { "matches" } else { "match" }
        )?;
        const LISTED: usize = 20;
        for entry in outcome.stale_baseline.iter().take(LISTED) {
            writeln!(io::stderr(), "  {}", crate::paths::printable(entry))?;
        }
        if outcome.stale_baseline.len() > LISTED {
            writeln!(
                io::stderr(),
                "  and {} more",
                outcome.stale_baseline.len() - LISTED
            )?;
        }
    }

    let status = verdict(&outcome, fail_on);
    // The process exits next, and the kernel takes its memory back at once:
    // freeing the rules piece by piece first was 0.6 ms, a sixteenth of a
    // one-file run.
    std::mem::forget(session);
    std::mem::forget(outcome);
    Ok(status)
}

/// `smslint audit`: reads the logs, holds the traffic to the thresholds
/// (defaults, then campaigns, then flags) and reports as `check` does.
fn audit(args: AuditArgs) -> Result<ExitStatus, Failure> {
    use crate::audit;
    use crate::config::AuditSettings;
    for path in &args.paths {
        if !path.exists() {
            return Err(usage(format!("{}: no such file or folder", path.display())));
        }
    }
    // The flags, as the config's `audit:` section would say them: they win.
    let quiet_hours = args
        .quiet_hours
        .as_deref()
        .map(audit::parse_window)
        .transpose()
        .map_err(|why| usage(format!("--quiet-hours: {why}")))?;
    let amount = |value: Option<f64>, name: &str| -> Result<Option<f64>, Failure> {
        match value {
            Some(value) if !(value.is_finite() && value >= 0.0) => Err(usage(format!(
                "--{name}: {value} is not a non-negative number"
            ))),
            other => Ok(other),
        }
    };
    let flags = AuditSettings {
        campaigns: Vec::new(),
        quiet_hours,
        allow_destinations: args
            .allow_destination
            .iter()
            .map(|code| code.trim().to_ascii_uppercase())
            .collect(),
        spike_ratio: amount(args.spike_ratio, "spike-ratio")?,
        max_filtered: amount(args.max_filtered, "max-filtered")?,
        max_unreachable: amount(args.max_unreachable, "max-unreachable")?,
        max_stop_rate: amount(args.max_stop_rate, "max-stop-rate")?,
        columns: audit::input::Columns::parse(&args.column)
            .map_err(|why| usage(format!("--column: {why}")))?
            .0,
    };
    let context = ContextLayer {
        use_case: args
            .use_case
            .as_deref()
            .map(parse_use_case)
            .transpose()
            .map_err(|message| usage(format!("--use-case: {message}")))?,
        brand: args.brand,
        ..ContextLayer::default()
    };
    let options = Options {
        paths: Vec::new(),
        stdin: None,
        config: args.config.choice(),
        context,
        rules: args.selection.layer(),
        walk: WalkOptions {
            respect_ignore_files: true,
            cache: false,
        },
        force_exclude: false,
        baseline: BaselineChoice::Ignore,
        unsaved: None,
    };
    let (linter, settings) = lint::linter_and_settings(&options)?;
    // The config's campaigns, then the command line's.
    let mut registrations = Vec::new();
    let cwd = std::env::current_dir().unwrap_or_default();
    for path in settings.audit.campaigns.iter().chain(&args.campaign) {
        // As the user would write it: relative to the working folder.
        let display = crate::paths::display_path(path.strip_prefix(&cwd).unwrap_or(path));
        let text = std::fs::read_to_string(path).map_err(|error| {
            usage(format!(
                "campaign {display}: {}",
                crate::paths::error_text(&error)
            ))
        })?;
        registrations.push(
            audit::registration(&display, &text)
                .map_err(|why| usage(format!("campaign {display}: {why}")))?,
        );
    }
    let chosen = flags.over(settings.audit);
    audit::check_settings(&chosen).map_err(|why| usage(format!("audit settings: {why}")))?;
    let thresholds = audit::Thresholds::new(
        &registrations,
        &chosen,
        linter.context().use_case.as_deref(),
    );
    let pairs: Vec<String> = chosen
        .columns
        .iter()
        .map(|(field, name)| format!("{field}={name}"))
        .collect();
    let columns = audit::input::Columns::parse(&pairs).map_err(|why| {
        usage(format!(
            "columns (--column or the config's audit.columns): {why}"
        ))
    })?;
    let (logs, passed_over) = audit::logs(&args.paths);
    if !passed_over.is_empty() {
        let shown: Vec<&str> = passed_over.iter().take(5).map(String::as_str).collect();
        writeln!(
            io::stderr(),
            "smslint: passed over {} that {} no log ({}{}); name a file to read it",
            crate::diagnostic::counted(passed_over.len(), "file"),
            if passed_over.len() == 1 { "is" } else { "are" },
            crate::paths::printable(&shown.join(", ")),
            if passed_over.len() > 5 { ", ..." } else { "" }
        )?;
    }
    if logs.is_empty() {
        return Err(usage(format!(
            "no log file under {}: logs end in .{} (gzip or not)",
            args.paths
                .iter()
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            audit::LOG_EXTENSIONS.join(", .")
        )));
    }
    let read = audit::read(&logs, &columns, thresholds).map_err(|error| {
        usage(format!(
            "cannot write the opt-out check's temporary file: {}",
            crate::paths::error_text(&error)
        ))
    })?;
    if read.records == 0 {
        // An audit of nothing must not look like a clean pass; the first
        // reasons say why.
        let reasons: Vec<String> = read
            .unreadable
            .iter()
            .map(|(file, why)| (*file, 1, why))
            .chain(
                read.invalid
                    .iter()
                    .map(|(file, line, why, _)| (*file, *line, why)),
            )
            .take(3)
            .map(|(file, line, why)| {
                let path = read.files.get(file).map_or("", String::as_str);
                format!("\n  {}:{line}: {why}", audit::phone::mask_text(path))
            })
            .collect();
        return Err(usage(format!(
            "no message record in {}{}",
            crate::diagnostic::counted(logs.len(), "log file"),
            reasons.concat()
        )));
    }
    if read.traffic.inbound == 0 && read.records > 0 {
        writeln!(
            io::stderr(),
            "smslint: no inbound message in the logs: opt-outs (STOP) and opt-out rates cannot be checked; export both directions"
        )?;
    } else if read.traffic.inbound > 0 && read.traffic.inbound_without_body == read.traffic.inbound
    {
        writeln!(
            io::stderr(),
            "smslint: no inbound message has a body: opt-outs (STOP) cannot be read; map the body with --column body=NAME"
        )?;
    }
    if read.traffic.no_country > 0 {
        writeln!(
            io::stderr(),
            "smslint: {} to numbers without a country code (+1…, +44…): not judged for destinations, high-risk countries or quiet hours",
            crate::diagnostic::counted(read.traffic.no_country as usize, "outbound message")
        )?;
    }
    let found = audit::findings(&read, &linter, &registrations);
    let outcome = lint::Outcome {
        reports: found.reports,
        summary: found.summary,
        rules: linter.shared_rules(),
        stale_baseline_entries: 0,
        stale_baseline: Vec::new(),
    };
    let fail_on = match args.fail_on {
        LevelArg::Error => Severity::Error,
        LevelArg::Warning => Severity::Warning,
        LevelArg::Info => Severity::Info,
    };
    let format = match args.format.unwrap_or(AuditFormatArg::Human) {
        AuditFormatArg::Html => None,
        AuditFormatArg::Human => Some(Format::Human),
        AuditFormatArg::Concise => Some(Format::Concise),
        AuditFormatArg::Json => Some(Format::Json),
        AuditFormatArg::Sarif => Some(Format::Sarif),
        AuditFormatArg::Github => Some(Format::Github),
        AuditFormatArg::Junit => Some(Format::Junit { fail_on }),
    };
    let stdout = io::stdout();
    let is_terminal = stdout.is_terminal();
    let mut written = NoColor::new(Vec::new());
    match format {
        Some(format) => report::write_report(format, &outcome, &mut written)?,
        None => audit::html::write(&read, &outcome, &mut written)?,
    }
    match &args.output {
        Some(path) => {
            crate::fix::write_atomically(path, &written.into_inner(), None)
                .map_err(|reason| usage(format!("--output {}: {reason}", path.display())))?;
            if format != Some(Format::Human) {
                let mut out = terminal(io::BufWriter::new(stdout.lock()), args.color, is_terminal);
                report::write_report(Format::Human, &outcome, out.as_mut())?;
                out.flush()?;
            }
        }
        None if format.is_some_and(Format::is_human) => {
            let color = args.color;
            let mut out = terminal(io::BufWriter::new(stdout.lock()), color, is_terminal);
            unless_pipe_closed(report::write_report(
                format.unwrap_or(Format::Human),
                &outcome,
                out.as_mut(),
            ))?;
            unless_pipe_closed(out.flush())?;
        }
        None => {
            let mut out = stdout.lock();
            unless_pipe_closed(out.write_all(&written.into_inner()))?;
            unless_pipe_closed(out.flush())?;
        }
    }
    Ok(verdict(&outcome, fail_on))
}

/// Findings when a diagnostic reaches `fail_on`, else clean.
fn verdict(outcome: &lint::Outcome, fail_on: Severity) -> ExitStatus {
    let failing = outcome
        .reports
        .iter()
        .flat_map(|report| &report.diagnostics)
        .any(|diagnostic| diagnostic.severity >= fail_on);
    if failing {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

/// The `--color` choice for a report: only the human report is coloured.
fn report_color(format: Format, choice: ColorArg) -> ColorArg {
    if format.is_human() {
        choice
    } else {
        ColorArg::Never
    }
}

/// Refuses what a file run does but a stream cannot, saying why, rather
/// than ignoring it.
fn refuse_in_stream(args: &CheckArgs) -> Result<(), Failure> {
    let input = &args.input;
    let why = if !input.paths.is_empty() {
        "PATHS: stream mode reads only its --jsonl/--csv input; lint files in a run of their own"
    } else if !matches!(args.format, None | Some(FormatArg::Json)) {
        "--format: stream mode writes one JSON line per record (what --format json gives); the other formats describe files and lines"
    } else if args.statistics {
        "--statistics counts a file run's diagnostics; count the `rule` fields of the stream's result lines instead (e.g. with jq)"
    } else if args.baseline.is_some() {
        "--baseline: a baseline records findings by file and line, which stream records do not have"
    } else if input.force_exclude || input.no_ignore || input.stdin_filename.is_some() {
        "--force-exclude, --no-ignore and --stdin-filename choose files; stream mode reads records"
    } else {
        return Ok(());
    };
    Err(usage(why.to_owned()))
}

/// `--jsonl` / `--csv`: checks one message per record, streaming.
fn stream_check(
    options: &Options,
    path: &std::path::Path,
    format: &stream::Format,
    output: Option<&std::path::Path>,
    fail_on: Severity,
) -> Result<ExitStatus, Failure> {
    let linter = lint::stream_linter(options)?;
    let input_file = if path.as_os_str() == "-" {
        None
    } else {
        Some(std::fs::File::open(path).map_err(|error| {
            usage(format!(
                "{}: {}",
                path.display(),
                crate::paths::error_text(&error)
            ))
        })?)
    };
    // The records are written to a temporary file renamed over `--output`
    // at the end: the input is never truncated before it is read (the
    // same file, a hard link to it, or standard input redirected from it),
    // and a link is refused, not written through.
    let temporary = match output {
        Some(output) => {
            if same_file_as_input(input_file.as_ref(), output) {
                return Err(usage(format!(
                    "--output {} is the stream's own input; choose another file",
                    output.display()
                )));
            }
            Some(
                crate::fix::temporary_beside(output, true)
                    .map_err(|reason| usage(format!("--output {}: {reason}", output.display())))?,
            )
        }
        None => None,
    };
    let input: Box<dyn Read> = match input_file {
        Some(file) => Box::new(file),
        None => Box::new(io::stdin().lock()),
    };
    let mut out: Box<dyn Write> = match &temporary {
        Some(file) => Box::new(io::BufWriter::new(file.as_file())),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let totals = match stream::run(&linter, input, format, out.as_mut()) {
        Ok(totals) => totals,
        Err(error) if error.kind() == io::ErrorKind::InvalidInput => {
            return Err(usage(format!("{}: {error}", path.display())))
        }
        // The reader went away before every result was written: records
        // went unreported, so the run is not clean.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitStatus::Findings),
        Err(error) => return Err(error.into()),
    };
    out.flush()?;
    drop(out);
    if let (Some(temporary), Some(output)) = (temporary, output) {
        crate::fix::replace_with(temporary, output, None)
            .map_err(|reason| usage(format!("--output {}: {reason}", output.display())))?;
    }
    let failing = totals.errors > 0 || totals.worst.is_some_and(|worst| worst >= fail_on);
    Ok(if failing {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

/// Whether `output` is the stream's input itself (the same file, a hard
/// link to it, or the file standard input is redirected from), by device
/// and inode: names can differ for the same file.
fn same_file_as_input(input: Option<&std::fs::File>, output: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let Ok(output) = std::fs::metadata(output) else {
            return false;
        };
        let input = match input {
            Some(file) => file.metadata(),
            None => io::stdin()
                .as_fd()
                .try_clone_to_owned()
                .and_then(|fd| std::fs::File::from(fd).metadata()),
        };
        input.is_ok_and(|input| input.dev() == output.dev() && input.ino() == output.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = input;
        let _ = output;
        false
    }
}

/// How many times `--fix` fixes and re-lints at most.
const MAX_FIX_ROUNDS: usize = 10;

/// The report format `--format` asks for (human by default).
fn report_format(format: Option<FormatArg>, fail_on: Severity) -> Format {
    match format.unwrap_or(FormatArg::Human) {
        FormatArg::Human => Format::Human,
        FormatArg::Concise => Format::Concise,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
        FormatArg::Junit => Format::Junit { fail_on },
    }
}

/// What `check --fix -` and `check --diff -` were asked for.
struct StdinFix {
    diff: bool,
    unsafe_fixes: bool,
    format: Format,
    color: ColorArg,
    fail_on: Severity,
}

/// `check --fix -` and `check --diff -`, as ruff and black do: the message
/// read from stdin, fixed (re-linted and fixed again, as files are), is
/// written to stdout (`--fix`) or shown as a diff (`--diff`); what is left
/// is reported on stderr. The exit code is the remaining findings'
/// (`--fix`) or whether anything would change (`--diff`).
fn fix_stdin(
    args: &StdinFix,
    mut options: lint::Options,
    stdin: lint::Stdin,
) -> Result<ExitStatus, Failure> {
    let original = stdin.bytes.clone();
    let mut session = lint::Session::default();
    let mut outcome = lint::lint_in(&mut session, &options)?;
    let mut current = original.clone();
    for _ in 0..MAX_FIX_ROUNDS {
        let Some(report) = outcome.reports.first() else {
            break;
        };
        let Some(source) = report.source.as_deref() else {
            break;
        };
        let (fixed, count) = fix::apply(source, &report.diagnostics, args.unsafe_fixes);
        if count == 0 || fixed.as_bytes() == current.as_slice() {
            break;
        }
        current = fixed.into_bytes();
        options.stdin = Some(lint::Stdin {
            bytes: current.clone(),
            filename: stdin.filename.clone(),
        });
        outcome = lint::lint_in(&mut session, &options)?;
    }
    let mut stdout = io::stdout().lock();
    // Input that cannot be read as a message (not UTF-8, binary) is fixed
    // by nothing: said on stderr, and the exit code says so, as `check -`.
    let unreadable = outcome
        .reports
        .iter()
        .flat_map(|report| &report.diagnostics)
        .any(|diagnostic| diagnostic.category() == "input");
    if args.diff && unreadable {
        let mut err = terminal(io::stderr(), args.color, io::stderr().is_terminal());
        report::write_report(Format::Human, &outcome, err.as_mut())?;
        return Ok(ExitStatus::Findings);
    }
    if args.diff {
        let (old, new) = (
            String::from_utf8_lossy(&original),
            String::from_utf8_lossy(&current),
        );
        let name = stdin
            .filename
            .as_deref()
            .map_or_else(|| "-".to_owned(), |path| path.display().to_string());
        let changed = old != new;
        if changed {
            let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
            let header = diff
                .unified_diff()
                .header(&format!("a/{name}"), &format!("b/{name}"))
                .to_string();
            unless_pipe_closed(stdout.write_all(header.as_bytes()))?;
        }
        unless_pipe_closed(stdout.flush())?;
        return Ok(if changed {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        });
    }
    unless_pipe_closed(stdout.write_all(&current))?;
    unless_pipe_closed(stdout.flush())?;
    let color = report_color(args.format, args.color);
    let mut err = terminal(io::stderr(), color, io::stderr().is_terminal());
    report::write_report(args.format, &outcome, err.as_mut())?;
    Ok(verdict(&outcome, args.fail_on))
}

/// Writes every file's fixes, telling on stderr what was refused. Returns
/// the paths written and the number of fixes applied.
fn apply_fixes(outcome: &lint::Outcome, unsafe_fixes: bool) -> io::Result<(Vec<String>, usize)> {
    let mut stderr = io::stderr().lock();
    let (mut files, mut fixes) = (Vec::new(), 0);
    for report in &outcome.reports {
        match fix::fix_file(report, unsafe_fixes) {
            Some(fix::Outcome::Written { fixes: count }) => {
                files.push(report.path.clone());
                fixes += count;
            }
            Some(fix::Outcome::Refused(reason)) => {
                writeln!(
                    stderr,
                    "warning: {} was not fixed: {}",
                    crate::paths::printable(&report.path),
                    crate::paths::printable(&reason)
                )?;
            }
            None => {}
        }
    }
    Ok((files, fixes))
}

/// What `--fix` did, and the fixes that wait for `--unsafe-fixes`.
fn tell_fixes(
    outcome: &lint::Outcome,
    files: usize,
    fixes: usize,
    unsafe_fixes: bool,
) -> io::Result<()> {
    let mut stderr = io::stderr().lock();
    if files > 0 {
        writeln!(
            stderr,
            "smslint: fixed {fixes} problem{} in {files} file{}",
            if fixes == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        )?;
    }
    if !unsafe_fixes {
        let held_back = outcome
            .reports
            .iter()
            .flat_map(|report| &report.diagnostics)
            .filter(|diagnostic| {
                diagnostic
                    .fix
                    .as_ref()
                    .is_some_and(|fix| fix.safety == crate::diagnostic::FixSafety::Unsafe)
            })
            .count();
        if held_back > 0 {
            writeln!(
                stderr,
                "smslint: {held_back} more fix{} may change what the message says: review with `--diff --unsafe-fixes`, apply with `--fix --unsafe-fixes`",
                if held_back == 1 { "" } else { "es" }
            )?;
        }
    }
    Ok(())
}

fn inspect(args: InspectArgs) -> Result<ExitStatus, Failure> {
    let context = ContextLayer {
        rendered: args.input.rendered.then_some(true),
        ..ContextLayer::default()
    };
    let options = args
        .input
        .options(context, RuleLayer::default(), BaselineChoice::Ignore)?;
    let files = lint::inspect(&options)?;
    let mut out = io::stdout().lock();
    match args.format {
        ListFormat::Human => report::inspect::write_human(&files, &mut out)?,
        ListFormat::Json => report::inspect::write_json(&files, &mut out)?,
    }
    out.flush()?;
    let unreadable = files.iter().any(|file| file.problem.is_some());
    if !unreadable && files.iter().all(|file| file.messages.is_empty()) {
        writeln!(
            io::stderr(),
            "smslint: warning: no message to inspect: {}; `smslint check --show-files` shows what each file was read as",
            if files.is_empty() {
                "no template, catalog or campaign file was found"
            } else {
                "none of the files read holds an SMS text"
            }
        )?;
    }
    Ok(if unreadable {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

fn rules(args: RulesArgs) -> Result<ExitStatus, Failure> {
    if args.check {
        return check_rules();
    }
    let rules = lint::rules_here()?;
    let mut out = io::stdout().lock();
    report::write_rule_list(&rules, matches!(args.format, ListFormat::Json), &mut out)?;
    out.flush()?;
    Ok(ExitStatus::Clean)
}

/// `smslint rules --check`: every rule's examples, and the rules the
/// working folder's config keeps from applying. A failing example is an
/// error (exit 1), a rule that cannot apply a warning.
fn check_rules() -> Result<ExitStatus, Failure> {
    let (rules, context) = lint::rules_and_context_here()?;
    let checker = crate::check::Checker::new(rules);
    let mut out = io::stdout().lock();
    let (mut examples, mut failures, mut own) = (0, 0, 0);
    for rule in checker.rules().rules() {
        let file = report::rule_file(rule);
        own += usize::from(file.is_some());
        let origin = file.map_or_else(
            || "built-in".to_owned(),
            |file| crate::paths::printable(&file).into_owned(),
        );
        examples += rule.examples.bad.len() + rule.examples.good.len();
        for failure in checker.example_failures(rule) {
            failures += 1;
            writeln!(out, "{origin}: error[{}]: {failure}", rule.id)?;
        }
        let user_rule = matches!(rule.origin, crate::rules::Origin::File(_));
        if user_rule && !matches!(rule.matcher, crate::rules::Matcher::Builtin) {
            if rule.examples.bad.is_empty() {
                writeln!(
                    out,
                    "{origin}: warning[{}]: no `bad` example: nothing shows that it fires",
                    rule.id
                )?;
            }
            let limits = rule
                .applies_to
                .limits(context.use_case.as_deref(), context.locale.as_deref());
            for limit in limits {
                writeln!(out, "{origin}: warning[{}]: {limit}", rule.id)?;
            }
        }
    }
    writeln!(
        out,
        "smslint: {} of {} ({own} from your rule files) checked: {}",
        crate::diagnostic::counted(examples, "example"),
        crate::diagnostic::counted(checker.rules().rules().len(), "rule"),
        match failures {
            0 => "all behave as their packs say".to_owned(),
            n => crate::diagnostic::counted(n, "failure"),
        }
    )?;
    out.flush()?;
    Ok(if failures > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

fn explain(args: ExplainArgs) -> Result<ExitStatus, Failure> {
    let rules = lint::rules_here()?;
    let mut out = io::stdout().lock();
    if let Some(rule) = rules.get(&args.rule) {
        report::write_explanation(rule, &mut out)?;
    } else if rules.selector_exists(&args.rule) {
        // A category: its rules, one line each.
        let members: Vec<_> = rules
            .rules()
            .iter()
            .filter(|rule| rule.category() == args.rule)
            .collect();
        writeln!(
            out,
            "category `{}`: {} (`smslint explain RULE` for one)\n",
            args.rule,
            crate::diagnostic::counted(members.len(), "rule")
        )?;
        for rule in members {
            writeln!(
                out,
                "  {:<36} {:<8} {}",
                rule.id,
                rule.severity.to_string(),
                report::shown_rule_text(&rule.message)
            )?;
        }
    } else {
        return Err(usage(crate::config::unknown_selector_message(
            &args.rule, &rules,
        )));
    }
    out.flush()?;
    Ok(ExitStatus::Clean)
}

/// The config of a folder above the working one, up to the repository's
/// root (the first folder with `.git`), as a path relative to here
/// (`../smslint.yaml`): what a config written here should extend.
fn parent_config() -> Option<String> {
    let here = std::env::current_dir().ok()?;
    let mut up = String::new();
    let mut dir = here.as_path();
    if dir.join(".git").exists() {
        return None;
    }
    while let Some(parent) = dir.parent() {
        up.push_str("../");
        for name in crate::config::CONFIG_NAMES {
            if parent.join(name).is_file() {
                return Some(format!("{up}{name}"));
            }
        }
        if parent.join(".git").exists() {
            return None;
        }
        dir = parent;
    }
    None
}

fn init(args: InitArgs) -> Result<ExitStatus, Failure> {
    // A config in a subfolder governs it alone: one written under a
    // project's config extends it, so that the project's settings still
    // hold there.
    let parent = parent_config();
    let starter = match &parent {
        Some(path) => format!(
            "# This folder's settings extend the project's config; a key set here wins.\nextend-config: {path}\n\n{}",
            include_str!("starter/smslint.yaml")
        ),
        None => include_str!("starter/smslint.yaml").to_owned(),
    };
    let mut files = vec![("smslint.yaml", starter.as_str())];
    if args.campaign {
        files.push(("campaign.yaml", include_str!("starter/campaign.yaml")));
        // Adding a campaign to a configured project keeps its config.
        if !args.force && std::path::Path::new("smslint.yaml").exists() {
            files.remove(0);
            writeln!(io::stdout(), "kept smslint.yaml (it exists)")?;
        }
    }
    if !args.force {
        if let Some((name, _)) = files
            .iter()
            .find(|(name, _)| std::path::Path::new(name).exists())
        {
            return Err(usage(format!(
                "{name} already exists (use --force to overwrite it)"
            )));
        }
    }
    let mut out = io::stdout().lock();
    for (name, text) in files {
        crate::fix::write_atomically(std::path::Path::new(name), text.as_bytes(), None)
            .map_err(|reason| usage(format!("cannot write {name}: {reason}")))?;
        match (&parent, name) {
            (Some(path), "smslint.yaml") => writeln!(
                out,
                "wrote {name}, extending {path} (the project's settings still apply here)"
            )?,
            _ => writeln!(out, "wrote {name}")?,
        }
    }
    Ok(ExitStatus::Clean)
}

/// A writer that colours when asked to, or, unless `NO_COLOR` is set, when
/// `CLICOLOR_FORCE` is set or it writes to a terminal.
fn terminal<'a, W: Write + 'a>(
    writer: W,
    choice: ColorArg,
    is_terminal: bool,
) -> Box<dyn WriteColor + 'a> {
    let set =
        |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty() && value != "0");
    let colored = match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        // NO_COLOR wins (no-color.org); CLICOLOR_FORCE forces colour even
        // into a pipe.
        ColorArg::Auto => !set("NO_COLOR") && (set("CLICOLOR_FORCE") || is_terminal),
    };
    if colored {
        Box::new(Ansi::new(writer))
    } else {
        Box::new(NoColor::new(writer))
    }
}
