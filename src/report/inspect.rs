//! `smslint inspect`: what each message costs, as Twilio counts it.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::counted;
use crate::lint::FileCosts;

#[derive(Serialize)]
struct Document<'a> {
    messages: Vec<JsonMessage<'a>>,
    problems: Vec<JsonProblem<'a>>,
}

#[derive(Serialize)]
struct JsonMessage<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    encoding: &'static str,
    characters: usize,
    units: usize,
    unicode_scalars: usize,
    segments: usize,
    forcing: Vec<JsonForcing>,
    segment_starts: Vec<JsonPosition>,
    /// Placeholders as written, with the characters each was counted at.
    assumed: Vec<JsonAssumed<'a>>,
}

#[derive(Serialize)]
struct JsonAssumed<'a> {
    placeholder: &'a str,
    length: usize,
}

#[derive(Serialize)]
struct JsonForcing {
    char: String,
    codepoint: String,
    line: usize,
    column: usize,
    replacement: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
    byte: usize,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    path: &'a str,
    message: &'a str,
}

pub fn write_json(files: &[FileCosts], out: &mut dyn Write) -> io::Result<()> {
    let mut document = Document {
        messages: Vec::new(),
        problems: Vec::new(),
    };
    for file in files {
        let positions = file.positions();
        if let Some(message) = &file.problem {
            document.problems.push(JsonProblem {
                path: &file.path,
                message,
            });
        }
        for cost in &file.messages {
            let (line, column) = positions.at(cost.span.start);
            document.messages.push(JsonMessage {
                path: &file.path,
                line,
                column,
                encoding: cost.count.encoding.as_str(),
                characters: cost.count.characters,
                units: cost.count.units,
                unicode_scalars: cost.count.unicode_scalars,
                segments: cost.count.segments,
                forcing: cost
                    .forcing
                    .iter()
                    .map(|&(offset, c, replacement)| {
                        let (line, column) = positions.at(offset);
                        JsonForcing {
                            char: c.to_string(),
                            codepoint: format!("U+{:04X}", c as u32),
                            line,
                            column,
                            replacement,
                        }
                    })
                    .collect(),
                segment_starts: cost
                    .count
                    .boundaries
                    .iter()
                    .map(|&offset| {
                        let byte = cost.span.start + offset;
                        let (line, column) = positions.at(byte);
                        JsonPosition { line, column, byte }
                    })
                    .collect(),
                assumed: cost
                    .assumed
                    .iter()
                    .map(|(placeholder, length)| JsonAssumed {
                        placeholder,
                        length: *length,
                    })
                    .collect(),
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

pub fn write_human(files: &[FileCosts], out: &mut dyn Write) -> io::Result<()> {
    for file in files {
        let positions = file.positions();
        if let Some(problem) = &file.problem {
            writeln!(out, "{}: error: {problem}", file.path)?;
            continue;
        }
        let source = file.source.as_deref().unwrap_or("");
        for cost in &file.messages {
            let count = &cost.count;
            let (line, column) = positions.at(cost.span.start);
            let units = match count.encoding {
                crate::encoding::Encoding::Gsm7 => counted(count.units, "septet"),
                crate::encoding::Encoding::Ucs2 => counted(count.units, "UTF-16 code unit"),
            };
            writeln!(
                out,
                "{}:{line}:{column}: {}, {}, {}, {units}",
                file.path,
                count.encoding,
                counted(count.segments, "segment"),
                counted(count.characters, "character"),
            )?;
            if !cost.assumed.is_empty() {
                let placeholders: Vec<String> = cost
                    .assumed
                    .iter()
                    .map(|(placeholder, length)| format!("{placeholder} as {length}"))
                    .collect();
                writeln!(
                    out,
                    "  placeholders counted at assumed lengths (`placeholders:` in smslint.yaml): {}",
                    placeholders.join(", ")
                )?;
            }
            if !cost.forcing.is_empty() {
                writeln!(out, "  forces UCS-2:")?;
                for &(offset, c, replacement) in &cost.forcing {
                    let (line, column) = positions.at(offset);
                    let fix = replacement.map_or_else(
                        || "no GSM-7 equivalent".to_owned(),
                        |replacement| format!("GSM-7: {replacement:?}"),
                    );
                    writeln!(out, "    {line}:{column}  {c:?} U+{:04X}  {fix}", c as u32)?;
                }
            }
            for (number, &offset) in count.boundaries.iter().enumerate() {
                let byte = cost.span.start + offset;
                let (line, column) = positions.at(byte);
                let preview: String = source
                    .get(byte..cost.span.end)
                    .unwrap_or("")
                    .chars()
                    .take(24)
                    .collect();
                writeln!(
                    out,
                    "  segment {} starts at {line}:{column}: {preview:?}",
                    number + 2
                )?;
            }
        }
    }
    Ok(())
}
