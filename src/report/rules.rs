//! `smslint rules` and `smslint explain`: the rule packs as documentation.

use std::io::{self, Write};

use serde::Serialize;

use crate::rules::{Example, Rule, RuleSet, UnknownUseCase};

#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    category: &'a str,
    severity: &'static str,
    summary: String,
    help: Option<String>,
    note: Option<&'a str>,
    references: &'a [String],
    use_cases: &'a [String],
    builtin: bool,
    /// The user's rule file that defines it (a config's `extend:`), or
    /// `None` for the built-in packs.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
}

/// The rule file a user's rule comes from, relative to the working folder;
/// `None` for the built-in packs.
pub fn rule_file(rule: &crate::rules::Rule) -> Option<String> {
    match &rule.origin {
        crate::rules::Origin::File(path) => {
            let cwd = std::env::current_dir().unwrap_or_default();
            Some(crate::paths::relative_display(path, &cwd))
        }
        crate::rules::Origin::Builtin => None,
    }
}

/// A rule's message or help as documentation shows it: its templates
/// filled with placeholders for what a run knows ("[brand name]", "…").
pub fn shown(template: &str) -> String {
    crate::rules::Fill {
        matched: "…",
        ..crate::rules::Fill::default()
    }
    .apply(template)
}

/// One line per rule (`human`) or a JSON list (`json`).
pub fn write_rule_list(rules: &RuleSet, json: bool, out: &mut dyn Write) -> io::Result<()> {
    if json {
        let list: Vec<JsonRule> = rules
            .rules()
            .iter()
            .map(|rule| JsonRule {
                id: &rule.id,
                category: rule.category(),
                severity: rule.severity.as_str(),
                summary: shown(&rule.message),
                help: rule.help.as_deref().map(shown),
                note: rule.note.as_deref(),
                references: &rule.references,
                use_cases: &rule.applies_to.use_cases,
                builtin: matches!(rule.matcher, crate::rules::Matcher::Builtin),
                file: rule_file(rule),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list)?;
        return writeln!(out);
    }
    let width = rules
        .rules()
        .iter()
        .map(|rule| rule.id.len())
        .max()
        .unwrap_or(0);
    for rule in rules.rules() {
        let yours = rule_file(rule).map(|file| format!(" (yours: {file})"));
        writeln!(
            out,
            "{:width$}  {:7}  {}{}",
            rule.id,
            rule.severity.as_str(),
            shown(&rule.message),
            yours.unwrap_or_default()
        )?;
    }
    writeln!(
        out,
        "\n{} rules. `smslint explain RULE` tells more.",
        rules.rules().len()
    )
}

/// The full documentation of one rule.
pub fn write_explanation(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} ({}, category `{}`)",
        rule.id,
        rule.severity,
        rule.category()
    )?;
    writeln!(out, "{}\n", shown(&rule.message))?;
    if let Some(file) = rule_file(rule) {
        writeln!(out, "Yours: defined in {file} (a config's `extend:`)\n")?;
    }
    writeln!(out, "Why it matters\n")?;
    for line in rule.explanation.trim_end().lines() {
        writeln!(out, "  {line}")?;
    }
    if let Some(note) = &rule.note {
        writeln!(out, "\nPolicy\n\n  {note}")?;
    }
    if let Some(help) = &rule.help {
        writeln!(out, "\nHow to fix it\n\n  {}", shown(help))?;
    }
    if let Some(gate) = &rule.age_gated {
        writeln!(
            out,
            "\nBehind a 21+ age gate (`age_gated: true`) it is reported as {}{}",
            gate.severity,
            gate.note
                .as_ref()
                .map(|note| format!(": {note}"))
                .unwrap_or_default()
        )?;
    }
    writeln!(out, "\nApplies to\n\n  {}", applies_to(rule))?;
    write_examples(out, "Flagged", &rule.examples.bad)?;
    write_examples(out, "Not flagged", &rule.examples.good)?;
    if !rule.references.is_empty() {
        writeln!(out, "\nReferences\n")?;
        for reference in &rule.references {
            writeln!(out, "  {reference}")?;
        }
    }
    Ok(())
}

fn applies_to(rule: &Rule) -> String {
    let applies = &rule.applies_to;
    let known = if applies.use_cases.is_empty() {
        "every use case".to_owned()
    } else {
        format!("use cases {}", applies.use_cases.join(", "))
    };
    let unknown = match applies.unknown_use_case {
        UnknownUseCase::Always => "; also when the use case is unknown",
        UnknownUseCase::Never => "; never when the use case is unknown",
        UnknownUseCase::Promotional => {
            "; when the use case is unknown, messages that read as promotional"
        }
    };
    let mut text = format!("{known}{unknown}");
    if !applies.locales.is_empty() {
        text.push_str(&format!("; locales {}", applies.locales.join(", ")));
    }
    text
}

fn write_examples(out: &mut dyn Write, title: &str, examples: &[Example]) -> io::Result<()> {
    if examples.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title}\n")?;
    for example in examples {
        let context = &example.context;
        let mut notes = Vec::new();
        if let Some(use_case) = &context.use_case {
            notes.push(format!("use case {use_case}"));
        }
        if let Some(brand) = &context.brand {
            notes.push(format!("brand {brand}"));
        }
        if context.age_gated == Some(true) {
            notes.push("age-gated".to_owned());
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("   ({})", notes.join(", "))
        };
        writeln!(out, "  {}{notes}", example.text)?;
    }
    Ok(())
}
