//! Writes Twilio-shaped Bulk Export day files (`YYYY-MM-DD.json.gz`), and the
//! campaign file they were sent under, for `smslint audit` to read:
//!
//! ```text
//! cargo run --release --example traffic -- OUT_DIR [--days N] [--per-day N]
//!     [--recipients N] [--plant] [--plain] [--seed N]
//! ```
//!
//! `--plant` plants one of each violation the audit looks for (see
//! `smslint::audit::sample::PLANTED`); `--plain` writes `.jsonl` instead of
//! gzip. The same arguments give the same bytes.

use std::io::{self, Write};
use std::path::PathBuf;

use smslint::audit::sample::{campaign, generate, Plan};

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let mut plan = Plan::default();
    let mut plain = false;
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> io::Result<u64> {
            args.next()
                .and_then(|value| value.parse().ok())
                .ok_or_else(|| io::Error::other(format!("{name} takes a number")))
        };
        match arg.as_str() {
            "--days" => plan.days = number("--days")? as u32,
            "--per-day" => plan.per_day = number("--per-day")? as u32,
            "--recipients" => plan.recipients = number("--recipients")? as u32,
            "--seed" => plan.seed = number("--seed")?,
            "--plant" => plan.plant = true,
            "--plain" => plain = true,
            _ if out.is_none() && !arg.starts_with('-') => out = Some(PathBuf::from(arg)),
            _ => return Err(io::Error::other(format!("unknown argument {arg}"))),
        }
    }
    let out = out.ok_or_else(|| io::Error::other("usage: traffic OUT_DIR [--days N] [--per-day N] [--recipients N] [--plant] [--plain] [--seed N]"))?;
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("campaign.yaml"), campaign(&plan))?;
    let logs = out.join("logs");
    std::fs::create_dir_all(&logs)?;
    let records = generate(&plan, &mut |date| -> io::Result<Box<dyn Write>> {
        if plain {
            let file = std::fs::File::create(logs.join(format!("{date}.jsonl")))?;
            Ok(Box::new(io::BufWriter::new(file)))
        } else {
            let file = std::fs::File::create(logs.join(format!("{date}.json.gz")))?;
            Ok(Box::new(flate2::write::GzEncoder::new(
                io::BufWriter::new(file),
                flate2::Compression::fast(),
            )))
        }
    })?;
    eprintln!("wrote {records} records to {}", logs.display());
    Ok(())
}
