//! Outbound messages held for the opt-out check. Logs come in any order,
//! and a recipient's STOP may be in a later file than the messages sent
//! after it: the one pass over the logs writes each outbound message's
//! recipient, time and place to a temporary file, and the check reads it
//! back once every opt-out is known. Every log is inflated and parsed once;
//! memory stays flat (a message costs 37 bytes and its recipient's on
//! disk, nothing in memory).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::sync::Mutex;

use jiff::Timestamp;

use super::record::{Direction, Record};
use super::traffic::{confirms_opt_out, OptOuts, REPLY_WINDOW};

/// Bytes a reader of one log gathers before it writes them to the file.
const FLUSH_BYTES: usize = 1 << 20;

/// The temporary file every log's reader writes its outbound messages to.
pub struct Spill {
    file: Mutex<BufWriter<File>>,
}

impl Spill {
    /// A new, empty file, removed when the spill is dropped (or the run
    /// ends).
    pub fn new() -> io::Result<Spill> {
        Ok(Spill {
            file: Mutex::new(BufWriter::with_capacity(FLUSH_BYTES, tempfile::tempfile()?)),
        })
    }

    fn write(&self, bytes: &[u8]) -> io::Result<()> {
        // Poisoned only by a reader's panic, which rayon passes on to end
        // the run: the file is never read after it.
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        file.write_all(bytes)
    }
}

/// One log's outbound messages, gathered by its reader.
pub struct Sends<'a> {
    spill: &'a Spill,
    buffer: Vec<u8>,
    /// A body folded to lower case (see [`confirms_opt_out`]).
    scratch: Vec<u8>,
    /// The first write that failed.
    pub error: Option<io::Error>,
}

impl<'a> Sends<'a> {
    pub fn new(spill: &'a Spill) -> Sends<'a> {
        Sends {
            spill,
            buffer: Vec::new(),
            scratch: Vec::new(),
            error: None,
        }
    }

    /// Notes record number `ordinal` (0-based, in the order the reader
    /// gives them), at `line`, of log `file`, if it is a message sent:
    /// Twilio's refusals (21610) never went, and are their own finding.
    pub fn add(&mut self, file: usize, ordinal: u64, line: u64, record: &Record) {
        if record.direction != Direction::Outbound || record.error_code == Some(21610) {
            return;
        }
        // A record line is at most a megabyte: a number never needs more.
        let to = record.to.as_bytes();
        let to = to.get(..u32::MAX as usize).unwrap_or(to);
        let buffer = &mut self.buffer;
        buffer.extend_from_slice(&record.time.as_second().to_le_bytes());
        buffer.extend_from_slice(&record.time.subsec_nanosecond().to_le_bytes());
        buffer.extend_from_slice(&u32::try_from(file).unwrap_or(u32::MAX).to_le_bytes());
        buffer.extend_from_slice(&ordinal.to_le_bytes());
        buffer.extend_from_slice(&line.to_le_bytes());
        buffer.push(u8::from(confirms_opt_out(&record.body, &mut self.scratch)));
        buffer.extend_from_slice(&u32::try_from(to.len()).unwrap_or(u32::MAX).to_le_bytes());
        buffer.extend_from_slice(to);
        if self.buffer.len() >= FLUSH_BYTES {
            self.flush();
        }
    }

    /// Writes what is gathered.
    pub fn flush(&mut self) {
        if self.error.is_none() {
            if let Err(error) = self.spill.write(&self.buffer) {
                self.error = Some(error);
            }
        }
        self.buffer.clear();
    }
}

/// A recipient texted after opting out, as the spill tells it.
pub struct Ignored {
    /// Messages sent to them after their opt-out.
    pub messages: u64,
    /// When they opted out (before the first such message).
    pub opted_out: Timestamp,
    /// The first such message: its log and its record number there.
    pub first: (usize, u64),
    /// Its line in the log, and when it was sent.
    pub line: u64,
    pub sent: Timestamp,
}

/// Reads the spill back and finds, per recipient (by number), the messages
/// sent after an opt-out that no opt-in undid: Twilio's one confirmation
/// within [`REPLY_WINDOW`] of the STOP, and answers to the person's own
/// message, are not such messages.
pub fn ignored(spill: Spill, opt_outs: &OptOuts) -> io::Result<BTreeMap<String, Ignored>> {
    let mut found: BTreeMap<String, Ignored> = BTreeMap::new();
    if opt_outs.is_empty() {
        return Ok(found);
    }
    let mut file = spill
        .file
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    file.rewind()?;
    let mut reader = BufReader::with_capacity(FLUSH_BYTES, file);
    let mut head = [0u8; 37];
    let mut to = Vec::new();
    // What this run wrote itself: anything it cannot read back is an error,
    // never a message passed over.
    let broken = |what: &str| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{what} in the opt-out check's temporary file"),
        )
    };
    loop {
        if reader.fill_buf()?.is_empty() {
            return Ok(found);
        }
        reader.read_exact(&mut head)?;
        let field = |range: std::ops::Range<usize>| head.get(range).unwrap_or_default();
        let [seconds, nanos, log, ordinal, line, confirms, length] =
            [0..8, 8..12, 12..16, 16..24, 24..32, 32..33, 33..37].map(field);
        let u64_of = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        let u32_of = |bytes: &[u8]| u32::from_le_bytes(bytes.try_into().unwrap_or_default());
        let seconds = i64::from_le_bytes(seconds.try_into().unwrap_or_default());
        let nanos = i32::from_le_bytes(nanos.try_into().unwrap_or_default());
        to.resize(u32_of(length) as usize, 0);
        reader.read_exact(&mut to)?;
        let to = std::str::from_utf8(&to).map_err(|_| broken("a recipient not in UTF-8"))?;
        let time = Timestamp::new(seconds, nanos).map_err(|_| broken("a time out of range"))?;
        let confirmation = |opted_out: Timestamp| {
            confirms == [1] && time.duration_since(opted_out) <= REPLY_WINDOW
        };
        let Some(opted_out) = opt_outs
            .opted_out_at(to, time)
            .filter(|opted_out| !confirmation(*opted_out))
        else {
            continue;
        };
        let place = (u32_of(log) as usize, u64_of(ordinal));
        match found.get_mut(to) {
            Some(ignored) => {
                ignored.messages += 1;
                // The spill holds the logs' messages in no set order: the
                // first is the first in the logs' order.
                if place < ignored.first {
                    ignored.first = place;
                    ignored.line = u64_of(line);
                    ignored.sent = time;
                    ignored.opted_out = opted_out;
                }
            }
            None => {
                found.insert(
                    to.to_owned(),
                    Ignored {
                        messages: 1,
                        opted_out,
                        first: place,
                        line: u64_of(line),
                        sent: time,
                    },
                );
            }
        }
    }
}
