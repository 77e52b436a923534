//! `smslint audit --format html`: one self-contained page (no script, no
//! font, no request) for a team to read or to attach to a reinstatement
//! request: the findings, volume per sender per day against its baseline
//! with the flagged days, error and opt-out rates, sends by the
//! recipient's local hour, spend, and the template table. Charts are inline
//! SVG; every plotted point is a `circle.point` or `rect.point` carrying
//! its value, so that a test can count them.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::lint::Outcome;

use super::phone;
use super::traffic::{self, Day};
use super::Audit;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 180.0;
const MARGIN: f64 = 36.0;

/// Senders given charts of their own, the busiest first.
const CHARTED_SENDERS: usize = 20;

/// Writes the page.
pub fn write(audit: &Audit, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let traffic = &audit.traffic;
    let mut page = String::new();
    let summary = &outcome.summary;
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>smslint traffic audit</title><style>{STYLE}</style></head><body>\
         <h1>Traffic audit</h1>\
         <p class=\"totals\">{} read from {}: {} outbound, {} inbound. \
         Findings: {} errors, {} warnings, {} infos.</p>",
        crate::diagnostic::counted(audit.records as usize, "record"),
        crate::diagnostic::counted(audit.files.len(), "log"),
        traffic.outbound,
        traffic.inbound,
        summary.errors,
        summary.warnings,
        summary.infos,
    );
    findings_table(&mut page, outcome);

    page.push_str("<h2>Volume per sender per day</h2>");
    // The busiest senders, each with its charts: a page for an account
    // with hundreds of numbers stays readable (the findings cover all).
    let volume = |sender: &String| -> u64 {
        traffic
            .days
            .get(sender)
            .map_or(0, |days| days.values().map(|day| day.sent).sum())
    };
    let mut senders: Vec<&String> = traffic.days.keys().collect();
    senders.sort_by(|a, b| volume(b).cmp(&volume(a)).then(a.cmp(b)));
    if senders.len() > CHARTED_SENDERS {
        let _ = write!(
            page,
            "<p>The {CHARTED_SENDERS} busiest of {} senders; the findings above cover every one.</p>",
            senders.len()
        );
        senders.truncate(CHARTED_SENDERS);
    }
    let thresholds = &traffic.thresholds;
    for sender in &senders {
        let Some(days) = traffic.days.get(*sender) else {
            continue;
        };
        let baselines =
            traffic::baselines(days, thresholds.baseline_days, thresholds.baseline_min_days);
        let volumes: Vec<(String, f64)> = baselines
            .iter()
            .map(|(date, volume, _)| (date.to_string(), *volume as f64))
            .collect();
        let baseline: Vec<Option<f64>> = baselines
            .iter()
            .map(|(_, _, baseline)| baseline.map(|b| b as f64))
            .collect();
        let flagged: Vec<bool> = baselines
            .iter()
            .map(|(date, volume, baseline)| {
                baseline.is_some_and(|baseline| {
                    traffic::is_spike(days, *date, *volume, baseline, thresholds)
                })
            })
            .collect();
        let _ = write!(page, "<h3>{}</h3>", escape(&phone::mask(sender)));
        line_chart(
            &mut page,
            "volume",
            &volumes,
            Some(&baseline),
            &flagged,
            "messages",
        );
        let rates = |rate: fn(&Day) -> u64| -> Vec<(String, f64)> {
            days.iter()
                .map(|(date, day)| {
                    let share = rate(day) as f64 * 100.0 / day.sent.max(1) as f64;
                    (date.to_string(), share)
                })
                .collect()
        };
        page.push_str("<div class=\"rates\">");
        for (class, title, series) in [
            ("filtered", "filtered (30007), %", rates(|day| day.filtered)),
            (
                "unreachable",
                "unreachable (30003/5/6), %",
                rates(|day| day.unreachable),
            ),
            (
                "stops",
                "opt-out replies, % of sends",
                rates(|day| day.stops),
            ),
        ] {
            let _ = write!(page, "<figure><figcaption>{title}</figcaption>");
            let none = vec![false; series.len()];
            line_chart(&mut page, class, &series, None, &none, "%");
            page.push_str("</figure>");
        }
        page.push_str("</div>");
    }

    let (start, end) = thresholds.quiet_hours;
    let _ = write!(
        page,
        "<h2>Outbound messages by the recipient's local hour</h2>\
         <p>Window {:02}:{:02}-{:02}:{:02}; hours outside it are marked. \
         {} messages to numbers whose time zone is unknown are not shown.</p>",
        start / 60,
        start % 60,
        end / 60,
        end % 60,
        traffic.no_local_time
    );
    let hours: Vec<(String, f64, bool)> = (0..24u32)
        .map(|hour| {
            let count = traffic
                .by_local_hour
                .get(hour as usize)
                .copied()
                .unwrap_or(0);
            // An hour any minute of which is outside the window.
            let outside = hour * 60 < start || (hour + 1) * 60 > end;
            (format!("{hour:02}:00"), count as f64, outside)
        })
        .collect();
    bar_chart(&mut page, "hours", &hours);

    let mut spend: std::collections::BTreeMap<String, f64> = std::collections::BTreeMap::new();
    for days in traffic.days.values() {
        for (date, day) in days {
            *spend.entry(date.to_string()).or_default() += day.spend;
        }
    }
    let unit = phone::mask_text(traffic.price_unit.as_deref().unwrap_or("USD"));
    let _ = write!(page, "<h2>Spend per day ({})</h2>", escape(&unit));
    let spend: Vec<(String, f64, bool)> = spend.into_iter().map(|(d, s)| (d, s, false)).collect();
    bar_chart(&mut page, "spend", &spend);

    templates_table(&mut page, audit, outcome);
    page.push_str(
        "<footer>Generated by smslint audit. Numbers are masked to their last four digits.</footer></body></html>\n",
    );
    out.write_all(page.as_bytes())
}

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:960px;color:#222}\
table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}\
.error{color:#b00020}.warning{color:#a15c00}.info{color:#245}\
svg{background:#fafafa;border:1px solid #eee}.series{fill:none;stroke:#3366cc;stroke-width:1.5}\
.baseline{fill:none;stroke:#999;stroke-dasharray:4 3}circle.point{fill:#3366cc}circle.flagged{fill:#d62728}\
rect.point{fill:#3366cc}rect.outside{fill:#d62728}.rates{display:flex;gap:8px;flex-wrap:wrap}.rates svg{width:300px}\
figure{margin:0}code{font-size:12px}footer{margin-top:2em;color:#666}";

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

fn findings_table(page: &mut String, outcome: &Outcome) {
    page.push_str("<h2>Findings</h2>");
    let findings: Vec<_> = outcome
        .reports
        .iter()
        .flat_map(|report| report.diagnostics.iter().map(move |d| (report, d)))
        .collect();
    if findings.is_empty() {
        page.push_str("<p class=\"clean\">No findings.</p>");
        return;
    }
    page.push_str(
        "<table class=\"findings\"><thead><tr><th>severity</th><th>rule</th><th>finding</th><th>where</th></tr></thead><tbody>",
    );
    for (report, diagnostic) in findings {
        let _ = write!(
            page,
            "<tr><td class=\"{severity}\">{severity}</td><td><code>{}</code></td><td>{}</td><td>{}:{}<br><code>{}</code></td></tr>",
            escape(&diagnostic.rule),
            escape(&diagnostic.detail()),
            escape(&report.path),
            report.first_line,
            escape(diagnostic.key.as_deref().unwrap_or("")),
            severity = diagnostic.severity.as_str(),
        );
    }
    page.push_str("</tbody></table>");
}

fn templates_table(page: &mut String, audit: &Audit, outcome: &Outcome) {
    let templates = audit.traffic.templates.ranked();
    let _ = write!(
        page,
        "<h2>Templates</h2><p>{} distinct templates in the outbound messages{}.</p>",
        templates.len(),
        match audit.traffic.templates.untemplated {
            0 => String::new(),
            more => format!("; {more} messages past the template limit are not grouped"),
        }
    );
    page.push_str(
        "<table class=\"templates\"><thead><tr><th>template</th><th>messages</th><th>recipients</th><th>first</th><th>last</th><th>findings</th></tr></thead><tbody>",
    );
    for template in templates.iter().take(500) {
        let shown = template.shown();
        let findings = outcome
            .reports
            .iter()
            .filter(|report| report.source.as_deref() == Some(shown.as_str()))
            .flat_map(|report| &report.diagnostics)
            .map(|diagnostic| format!("<code>{}</code>", escape(&diagnostic.rule)))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = write!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&template.key),
            template.messages,
            template.recipients(),
            template.first,
            template.last,
            findings
        );
    }
    page.push_str("</tbody></table>");
}

/// A line chart of `series` (label, value), with an optional dashed
/// baseline and points marked as flagged.
fn line_chart(
    page: &mut String,
    class: &str,
    series: &[(String, f64)],
    baseline: Option<&[Option<f64>]>,
    flagged: &[bool],
    unit: &str,
) {
    let top = series
        .iter()
        .map(|(_, value)| *value)
        .chain(baseline.into_iter().flatten().flatten().copied())
        .fold(1.0_f64, f64::max);
    let step = if series.len() > 1 {
        (WIDTH - 2.0 * MARGIN) / (series.len() - 1) as f64
    } else {
        0.0
    };
    let x = |index: usize| MARGIN + index as f64 * step;
    let y = |value: f64| HEIGHT - MARGIN + (value / top) * -(HEIGHT - 2.0 * MARGIN);
    let _ = write!(
        page,
        "<svg class=\"chart {class}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" data-points=\"{}\">",
        series.len()
    );
    let _ = write!(
        page,
        "<text x=\"4\" y=\"14\" font-size=\"11\">max {top:.1} {}</text>",
        escape(unit)
    );
    let path = |points: Vec<(f64, f64)>| -> String {
        points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some(baseline) = baseline {
        let points: Vec<(f64, f64)> = baseline
            .iter()
            .enumerate()
            .filter_map(|(index, value)| value.map(|value| (x(index), y(value))))
            .collect();
        let _ = write!(
            page,
            "<polyline class=\"baseline\" points=\"{}\"/>",
            path(points)
        );
    }
    let points: Vec<(f64, f64)> = series
        .iter()
        .enumerate()
        .map(|(index, (_, value))| (x(index), y(*value)))
        .collect();
    let _ = write!(
        page,
        "<polyline class=\"series\" points=\"{}\"/>",
        path(points)
    );
    for (index, (label, value)) in series.iter().enumerate() {
        let flag = if flagged.get(index).copied().unwrap_or(false) {
            " flagged"
        } else {
            ""
        };
        let _ = write!(
            page,
            "<circle class=\"point{flag}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" data-label=\"{}\" data-value=\"{value:.3}\"><title>{}: {value:.1}</title></circle>",
            x(index),
            y(*value),
            escape(label),
            escape(label)
        );
    }
    axis(
        page,
        series.first().map(|(label, _)| label),
        series.last().map(|(label, _)| label),
    );
}

/// The first and last labels under a chart, and its end.
fn axis(page: &mut String, first: Option<&String>, last: Option<&String>) {
    if let (Some(first), Some(last)) = (first, last) {
        let _ = write!(
            page,
            "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"11\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            HEIGHT - 8.0,
            escape(first),
            WIDTH - MARGIN,
            HEIGHT - 8.0,
            escape(last)
        );
    }
    page.push_str("</svg>");
}

/// A bar chart of (label, value, marked).
fn bar_chart(page: &mut String, class: &str, bars: &[(String, f64, bool)]) {
    let top = bars
        .iter()
        .map(|(_, value, _)| *value)
        .fold(1.0_f64, f64::max);
    let width = (WIDTH - 2.0 * MARGIN) / bars.len().max(1) as f64;
    let _ = write!(
        page,
        "<svg class=\"chart {class}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" data-points=\"{}\">",
        bars.len()
    );
    let _ = write!(
        page,
        "<text x=\"4\" y=\"14\" font-size=\"11\">max {top:.2}</text>"
    );
    for (index, (label, value, marked)) in bars.iter().enumerate() {
        let height = value / top * (HEIGHT - 2.0 * MARGIN);
        let _ = write!(
            page,
            "<rect class=\"point{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{height:.1}\" data-label=\"{}\" data-value=\"{value:.3}\"><title>{}: {value:.2}</title></rect>",
            if *marked { " outside" } else { "" },
            MARGIN + index as f64 * width + 1.0,
            HEIGHT - MARGIN - height,
            (width - 2.0).max(1.0),
            escape(label),
            escape(label)
        );
    }
    axis(
        page,
        bars.first().map(|(label, ..)| label),
        bars.last().map(|(label, ..)| label),
    );
}
