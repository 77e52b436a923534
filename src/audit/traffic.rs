//! The traffic checks: opt-outs honoured, volume against its own baseline,
//! destinations, filtering and error rates, quiet hours and spend. Each
//! record passes once through [`Traffic::add`]; memory grows with senders x
//! days, templates and the recipients who opted out, never with messages.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::Timestamp;

use super::phone;
use super::record::{Direction, Record};
use super::templates::Templates;
use super::{Map, Thresholds};

/// Where a finding's evidence is: one logged message.
#[derive(Clone, Debug)]
pub struct Evidence {
    /// Index of the log in the audit's list of files.
    pub file: usize,
    /// 1-based line of the record in the (decompressed) log.
    pub line: u64,
    pub sid: String,
    /// When the message was sent (UTC).
    pub time: Timestamp,
    /// The record as reports show it, numbers masked (see [`shown`]).
    pub shown: String,
    /// The byte range of `shown` the finding is about.
    pub span: std::ops::Range<usize>,
}

/// Which part of a record a finding points at.
#[derive(Clone, Copy)]
pub enum Part {
    Time,
    Recipient,
    Status,
    Body,
}

/// A record as a report shows it: sid, time, sender, recipient (masked),
/// status with its error, and the start of the body, on one line. The span
/// of `part` in it comes with it.
pub fn shown(record: &Record, part: Part) -> (String, std::ops::Range<usize>) {
    let mut text = format!(
        "{} ",
        if record.sid.is_empty() {
            "-"
        } else {
            &record.sid
        }
    );
    let span =
        |text: &mut String, piece: &str, this: bool, at: &mut Option<std::ops::Range<usize>>| {
            let start = text.len();
            text.push_str(piece);
            if this {
                *at = Some(start..text.len());
            }
        };
    let mut at = None;
    let arrow = match record.direction {
        Direction::Outbound => " -> ",
        Direction::Inbound => " <- ",
    };
    span(
        &mut text,
        &record.time.to_string(),
        matches!(part, Part::Time),
        &mut at,
    );
    text.push(' ');
    text.push_str(&phone::mask(record.sender()));
    text.push_str(arrow);
    span(
        &mut text,
        &phone::mask(record.person()),
        matches!(part, Part::Recipient),
        &mut at,
    );
    text.push(' ');
    let status = match record.error_code {
        Some(code) => format!("{} {code}", record.status),
        None => record.status.to_string(),
    };
    span(
        &mut text,
        status.trim(),
        matches!(part, Part::Status),
        &mut at,
    );
    text.push_str(" \"");
    // A body can hold anyone's number: shown masked.
    let body: String = phone::mask_text(&record.body)
        .chars()
        .take(80)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let ellipsis = if record.body.chars().count() > 80 {
        "…"
    } else {
        ""
    };
    span(
        &mut text,
        &format!("{body}{ellipsis}"),
        matches!(part, Part::Body),
        &mut at,
    );
    text.push('"');
    let span = at.unwrap_or(0..text.len());
    (text, span)
}

/// The evidence a record at `line` of file `file` gives, showing `part`.
pub fn evidence(file: usize, line: u64, record: &Record, part: Part) -> Evidence {
    let (shown, span) = shown(record, part);
    Evidence {
        file,
        line,
        sid: record.sid.to_string(),
        time: record.time,
        shown,
        span,
    }
}

/// Opt-out keywords Twilio acts on (English, and the French ones Canada
/// requires); a reply that is exactly one of them, without case or trailing
/// punctuation, is an opt-out. Source: Twilio's advanced opt-out docs,
/// CTIA, CWTA; FCC 24-18 adds "revoke" and "opt out".
const OPT_OUT_WORDS: &[&str] = &[
    "STOP",
    "STOPALL",
    "STOP ALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "REVOKE",
    "OPTOUT",
    "OPT OUT",
    "OPT-OUT",
    "ARRET",
    "ARRÊT",
    "ARRETE",
    "ARRETT",
];

/// How soon after a person's message an answer to it is a reply (HELP's
/// answer, customer care), and after an opt-out, Twilio's confirmation.
pub const REPLY_WINDOW: jiff::SignedDuration = jiff::SignedDuration::from_mins(10);

/// Replies that undo an opt-out (Twilio's defaults).
const OPT_IN_WORDS: &[&str] = &["START", "UNSTOP", "YES"];

/// What a reply does to the sender's right to text its author.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    OptOut,
    OptIn,
    /// Any other message from the person (HELP, a question): a message
    /// answering it within minutes is a reply, not a send against the
    /// opt-out.
    Other,
}

/// The opt-out or opt-in a reply is, if any.
pub fn reply_kind(body: &str) -> Option<Reply> {
    let word = body.trim().trim_end_matches(['.', '!', ' ']).to_uppercase();
    if OPT_OUT_WORDS.contains(&word.as_str()) {
        Some(Reply::OptOut)
    } else if OPT_IN_WORDS.contains(&word.as_str()) {
        Some(Reply::OptIn)
    } else {
        None
    }
}

/// The opt-outs and opt-ins of every recipient who ever opted out, read by
/// the first pass, in time order.
#[derive(Default)]
pub struct OptOuts {
    replies: Map<String, Vec<(Timestamp, Reply)>>,
}

impl OptOuts {
    /// Notes an inbound record's opt-out or opt-in.
    pub fn add(&mut self, record: &Record) {
        if record.direction != Direction::Inbound {
            return;
        }
        // Opt-ins and other messages are kept too: the opt-out they follow
        // may be in another log file (see [`OptOuts::settle`]).
        let reply = reply_kind(&record.body);
        match (self.replies.get_mut(&*record.from), reply) {
            (Some(replies), reply) => replies.push((record.time, reply.unwrap_or(Reply::Other))),
            (None, Some(reply)) => {
                self.replies
                    .insert(record.from.to_string(), vec![(record.time, reply)]);
            }
            // A message from someone with no opt-out or opt-in yet in this
            // file is not kept: memory stays with the opted-out (a HELP in
            // the file after the one holding the STOP is not seen).
            (None, None) => {}
        }
    }

    /// Adds the replies read from another log file.
    pub fn merge(&mut self, other: OptOuts) {
        for (person, replies) in other.replies {
            self.replies.entry(person).or_default().extend(replies);
        }
    }

    /// Keeps the recipients who ever opted out, each one's replies in time
    /// order (logs come in any order).
    pub fn settle(&mut self) {
        self.replies
            .retain(|_, replies| replies.iter().any(|(_, reply)| *reply == Reply::OptOut));
        for replies in self.replies.values_mut() {
            replies.sort_by_key(|(time, _)| *time);
        }
    }

    /// When `person` opted out, if an outbound message to them at `time`
    /// comes after an opt-out not undone by an opt-in.
    /// A message that answers the person's own message (HELP, a
    /// question) within [`REPLY_WINDOW`] is a reply: `None`.
    pub fn opted_out_at(&self, person: &str, time: Timestamp) -> Option<Timestamp> {
        let replies = self.replies.get(person)?;
        let before = replies.partition_point(|(at, _)| *at < time);
        let earlier = replies.get(..before)?;
        if let Some((at, Reply::Other)) = earlier.last() {
            if time.duration_since(*at) <= REPLY_WINDOW {
                return None;
            }
        }
        match earlier
            .iter()
            .rev()
            .find(|(_, reply)| *reply != Reply::Other)
        {
            Some((at, Reply::OptOut)) => Some(*at),
            _ => None,
        }
    }

    /// How many recipients opted out.
    pub fn len(&self) -> usize {
        self.replies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.replies.is_empty()
    }
}

/// Twilio's confirmation of an opt-out (sent once, and logged as an
/// outbound reply): not a message sent against the opt-out. Asked of every
/// message sent: `scratch` takes the body folded to lower-case ASCII (the
/// phrases are ASCII, and no other character lower-cases into their
/// letters), and a vectorised search looks for each phrase in it (an
/// automaton over the six was five times slower on short bodies).
pub fn confirms_opt_out(body: &str, scratch: &mut Vec<u8>) -> bool {
    static PHRASES: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            [
                "unsubscribed",
                "opted out",
                "no more messages",
                "no further messages",
                "will not receive",
                "won't receive",
            ]
            .map(memchr::memmem::Finder::new)
            .into()
        });
    scratch.clear();
    scratch.extend_from_slice(body.as_bytes());
    scratch.make_ascii_lowercase();
    PHRASES
        .iter()
        .any(|phrase| phrase.find(scratch.as_slice()).is_some())
}

/// What one sender (a number or a Messaging Service) did on one UTC day.
#[derive(Clone, Debug, Default)]
pub struct Day {
    /// Outbound messages.
    pub sent: u64,
    /// Outbound messages Twilio or a carrier filtered (30007).
    pub filtered: u64,
    /// Outbound messages to numbers that cannot take them (30003 unreachable,
    /// 30005 unknown, 30006 landline): a stale list.
    pub unreachable: u64,
    /// Outbound messages refused as sent from an unregistered 10DLC number
    /// (30034).
    pub unregistered: u64,
    /// Outbound messages Twilio refused because the recipient had opted
    /// out (21610).
    pub refused: u64,
    /// Inbound opt-outs received.
    pub stops: u64,
    /// Outbound messages sent outside the recipient's quiet-hours window.
    pub quiet: u64,
    /// What the day's messages cost, in the log's price unit.
    pub spend: f64,
    pub first: Option<Evidence>,
    pub first_filtered: Option<Evidence>,
    pub first_unreachable: Option<Evidence>,
    pub first_unregistered: Option<Evidence>,
    pub first_refused: Option<Evidence>,
    pub first_stop: Option<Evidence>,
    pub first_quiet: Option<Evidence>,
}

impl Day {
    /// Adds a later part of the same day (another log file's).
    fn merge(&mut self, later: Day) {
        self.sent += later.sent;
        self.filtered += later.filtered;
        self.unreachable += later.unreachable;
        self.unregistered += later.unregistered;
        self.refused += later.refused;
        self.stops += later.stops;
        self.quiet += later.quiet;
        self.spend += later.spend;
        for (mine, theirs) in [
            (&mut self.first, later.first),
            (&mut self.first_filtered, later.first_filtered),
            (&mut self.first_unreachable, later.first_unreachable),
            (&mut self.first_unregistered, later.first_unregistered),
            (&mut self.first_refused, later.first_refused),
            (&mut self.first_stop, later.first_stop),
            (&mut self.first_quiet, later.first_quiet),
        ] {
            if mine.is_none() {
                *mine = theirs;
            }
        }
    }
}

/// Recipients texted after they opted out.
#[derive(Clone, Debug)]
pub struct Ignored {
    /// Messages sent to them after their opt-out.
    pub messages: u64,
    /// When they opted out (before the first such message).
    pub opted_out: Timestamp,
    /// The first such message.
    pub first: Evidence,
}

/// Where outbound messages went, by region.
#[derive(Clone, Debug, Default)]
pub struct Destination {
    /// Outbound messages to the region.
    pub sent: u64,
    /// The first of them.
    pub first: Option<Evidence>,
    /// Why the region is one to avoid (Twilio's high-risk list).
    pub high_risk: Option<String>,
}

/// Everything the second pass learns.
pub struct Traffic {
    pub thresholds: Arc<Thresholds>,
    /// Per sender, per UTC day.
    pub days: Map<String, BTreeMap<Date, Day>>,
    /// Per recipient texted after opting out, by number (masked when
    /// shown): filled once every log is read (see [`super::sends`]).
    pub ignored: BTreeMap<String, Ignored>,
    /// Per region (`US`, `GB`; `?` when unknown).
    pub destinations: BTreeMap<String, Destination>,
    /// Outbound messages by the recipient's local hour (0 to 23).
    pub by_local_hour: [u64; 24],
    /// Outbound messages whose recipient's local time is unknown.
    pub no_local_time: u64,
    /// Outbound messages to numbers without a country code (`2125550100`
    /// rather than `+12125550100`): no country, zone or risk to judge.
    pub no_country: u64,
    pub templates: Templates,
    /// The Messaging Services each of the team's numbers sent through:
    /// replies to a number are the service's when it has one.
    pub services_of: Map<String, std::collections::BTreeSet<String>>,
    /// The log's price unit (`USD`), as its first priced record says.
    pub price_unit: Option<String>,
    /// Outbound and inbound messages read.
    pub outbound: u64,
    pub inbound: u64,
    /// Inbound messages without a body: their opt-outs cannot be read.
    pub inbound_without_body: u64,
}

impl Traffic {
    pub fn new(thresholds: Arc<Thresholds>) -> Traffic {
        Traffic {
            thresholds,
            days: Map::default(),
            ignored: BTreeMap::new(),
            destinations: BTreeMap::new(),
            by_local_hour: [0; 24],
            no_local_time: 0,
            no_country: 0,
            templates: Templates::default(),
            services_of: Map::default(),
            price_unit: None,
            outbound: 0,
            inbound: 0,
            inbound_without_body: 0,
        }
    }

    /// Counts one record, from line `line` of file `file`.
    pub fn add(&mut self, file: usize, line: u64, record: &Record) {
        let date = jiff::tz::Offset::UTC.to_datetime(record.time).date();
        // Looked up before it is inserted: a sender's name is allocated
        // once, not once per message.
        if !self.days.contains_key(record.sender()) {
            self.days
                .insert(record.sender().to_owned(), BTreeMap::new());
        }
        let Some(days) = self.days.get_mut(record.sender()) else {
            return;
        };
        let day = days.entry(date).or_default();
        if let Some(price) = record.price {
            day.spend += price;
            if self.price_unit.is_none() {
                self.price_unit = record.price_unit.as_deref().map(str::to_owned);
            }
        }
        let note = |slot: &mut Option<Evidence>, part: Part| {
            if slot.is_none() {
                *slot = Some(evidence(file, line, record, part));
            }
        };
        if record.direction == Direction::Inbound {
            self.inbound += 1;
            self.inbound_without_body += u64::from(record.body.trim().is_empty());
            if reply_kind(&record.body) == Some(Reply::OptOut) {
                day.stops += 1;
                note(&mut day.first_stop, Part::Body);
            }
            return;
        }
        self.outbound += 1;
        day.sent += 1;
        if let Some(service) = &record.service {
            let known = self
                .services_of
                .get(&*record.from)
                .is_some_and(|services| services.contains(&**service));
            if !known {
                self.services_of
                    .entry(record.from.to_string())
                    .or_default()
                    .insert(service.to_string());
            }
        }
        note(&mut day.first, Part::Time);
        match record.error_code {
            Some(30007) => {
                day.filtered += 1;
                note(&mut day.first_filtered, Part::Status);
            }
            Some(30003 | 30005 | 30006) => {
                day.unreachable += 1;
                note(&mut day.first_unreachable, Part::Status);
            }
            Some(30034) => {
                day.unregistered += 1;
                note(&mut day.first_unregistered, Part::Status);
            }
            Some(21610) => {
                day.refused += 1;
                note(&mut day.first_refused, Part::Status);
            }
            _ => {}
        }
        match phone::local_time(&record.to, record.time) {
            Some(local) => {
                let minutes = u32::from(local.hour().unsigned_abs()) * 60
                    + u32::from(local.minute().unsigned_abs());
                if let Some(slot) = self
                    .by_local_hour
                    .get_mut(usize::from(local.hour().unsigned_abs()))
                {
                    *slot += 1;
                }
                let (start, end) = self.thresholds.quiet_hours;
                if (minutes < start || minutes >= end) && self.thresholds.solicits(record) {
                    day.quiet += 1;
                    note(&mut day.first_quiet, Part::Time);
                }
            }
            None => self.no_local_time += 1,
        }
        self.templates.add(file, line, record);
        if phone::e164_digits(&record.to).is_none() {
            self.no_country += 1;
        }
        let region = phone::region(&record.to).unwrap_or("?");
        if !self.destinations.contains_key(region) {
            self.destinations
                .insert(region.to_owned(), Destination::default());
        }
        let Some(destination) = self.destinations.get_mut(region) else {
            return;
        };
        destination.sent += 1;
        if destination.first.is_none() {
            destination.first = Some(evidence(file, line, record, Part::Recipient));
            // By the number's digits: `whatsapp:+234…` is Nigeria too.
            destination.high_risk = phone::e164_digits(&record.to)
                .and_then(|digits| crate::campaign::high_risk_number(&format!("+{digits}")));
        }
    }
}

impl Traffic {
    /// Adds what a later log file held: counts add up, and the evidence
    /// kept is the earlier file's, as if the files had been read in a row.
    pub fn merge(&mut self, later: Traffic) {
        for (sender, days) in later.days {
            let mine = self.days.entry(sender).or_default();
            for (date, day) in days {
                mine.entry(date).or_default().merge(day);
            }
        }
        for (region, destination) in later.destinations {
            let mine = self.destinations.entry(region).or_default();
            mine.sent += destination.sent;
            if mine.first.is_none() {
                mine.first = destination.first;
                mine.high_risk = destination.high_risk;
            }
        }
        for (mine, theirs) in self.by_local_hour.iter_mut().zip(later.by_local_hour) {
            *mine += theirs;
        }
        self.no_local_time += later.no_local_time;
        self.no_country += later.no_country;
        self.templates.merge(later.templates);
        for (number, services) in later.services_of {
            self.services_of.entry(number).or_default().extend(services);
        }
        if self.price_unit.is_none() {
            self.price_unit = later.price_unit;
        }
        self.outbound += later.outbound;
        self.inbound += later.inbound;
        self.inbound_without_body += later.inbound_without_body;
    }
}

/// Days before a spike that it must top: a monthly run is held to last
/// month's.
pub const PEAK_DAYS: i64 = 35;

/// Whether `volume` on `date` is a spike: above the ratio times the
/// baseline (the median of the sending days), at least the spike minimum,
/// and more than on any day of the [`PEAK_DAYS`] before (a Monday
/// newsletter, or a statement run on the 1st, that the sender sent before
/// is its pattern, not a jump).
pub fn is_spike(
    days: &BTreeMap<Date, Day>,
    date: Date,
    volume: u64,
    baseline: u64,
    thresholds: &Thresholds,
) -> bool {
    let start = date
        .checked_sub(jiff::Span::new().days(PEAK_DAYS))
        .unwrap_or(date);
    let peak = days
        .range(start..date)
        .map(|(_, day)| day.sent)
        .max()
        .unwrap_or(0);
    volume >= thresholds.spike_min
        && volume as f64 > thresholds.spike_ratio * baseline.max(1) as f64
        && volume > peak
}

impl Traffic {
    /// Replies logged without their Messaging Service (inbound records
    /// often lack it) count for the service their number sends through,
    /// when it sends through one only and never on its own: the opt-out
    /// rate is the service's.
    pub fn attribute_replies(&mut self) {
        let mut moves: Vec<(String, String)> = self
            .services_of
            .iter()
            .filter_map(|(number, services)| {
                let [service] = services.iter().collect::<Vec<_>>()[..] else {
                    return None;
                };
                let sends_alone = self
                    .days
                    .get(number)
                    .is_some_and(|days| days.values().any(|day| day.sent > 0));
                (!sends_alone).then(|| (number.clone(), service.clone()))
            })
            .collect();
        // In number order: which number's evidence a service's day keeps
        // must not change from run to run.
        moves.sort();
        for (number, service) in moves {
            let Some(days) = self.days.remove(&number) else {
                continue;
            };
            let target = self.days.entry(service).or_default();
            for (date, day) in days {
                target.entry(date).or_default().merge(day);
            }
        }
    }
}

/// The median of `values` (0 for none).
pub fn median(values: &mut [u64]) -> u64 {
    if values.is_empty() {
        return 0;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values.get(middle).copied().unwrap_or(0)
    } else {
        let low = values.get(middle - 1).copied().unwrap_or(0);
        let high = values.get(middle).copied().unwrap_or(0);
        low + (high - low) / 2
    }
}

/// Each day's volume beside the trailing median of the days that had
/// messages among the `window` days before it (a sender that texts on
/// Mondays is held to its Mondays, not to the quiet days between); `None`
/// for a day with fewer than `min_days` days of history or fewer than
/// three sending days in the window.
pub fn baselines(
    days: &BTreeMap<Date, Day>,
    window: i64,
    min_days: i64,
) -> Vec<(Date, u64, Option<u64>)> {
    let Some((&first, _)) = days.iter().next() else {
        return Vec::new();
    };
    days.iter()
        .map(|(&date, day)| {
            let history: i64 = (date - first).get_days().into();
            let start = date
                .checked_sub(jiff::Span::new().days(window))
                .unwrap_or(first);
            let mut volumes: Vec<u64> = days
                .range(start..date)
                .map(|(_, day)| day.sent)
                .filter(|&sent| sent > 0)
                .collect();
            let baseline =
                (history >= min_days && volumes.len() >= 3).then(|| median(&mut volumes));
            (date, day.sent, baseline)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opt_out_words_are_whole_replies() {
        assert_eq!(reply_kind("Stop"), Some(Reply::OptOut));
        assert_eq!(reply_kind(" STOP ALL. "), Some(Reply::OptOut));
        assert_eq!(reply_kind("arrêt"), Some(Reply::OptOut));
        assert_eq!(reply_kind("unstop"), Some(Reply::OptIn));
        assert_eq!(reply_kind("Don't stop the deliveries"), None);
    }

    #[test]
    fn a_weekly_sender_is_held_to_its_sending_days() {
        let start = jiff::civil::date(2024, 3, 4);
        let mut days = BTreeMap::new();
        for week in 0..6 {
            let date = start.checked_add(jiff::Span::new().days(7 * week)).unwrap();
            let sent = if week == 5 { 2000 } else { 300 };
            days.insert(
                date,
                Day {
                    sent,
                    ..Day::default()
                },
            );
        }
        let baselines = baselines(&days, 28, 7);
        let judged: Vec<(u64, Option<u64>)> = baselines
            .iter()
            .map(|(_, sent, baseline)| (*sent, *baseline))
            .collect();
        // Three Mondays of history before the first baseline.
        assert_eq!(
            judged,
            [
                (300, None),
                (300, None),
                (300, None),
                (300, Some(300)),
                (300, Some(300)),
                (2000, Some(300))
            ]
        );
    }

    #[test]
    fn a_monthly_run_is_a_spike_the_first_time_only() {
        let start = jiff::civil::date(2024, 1, 1);
        let mut days = BTreeMap::new();
        for offset in 0..100 {
            let date = start.checked_add(jiff::Span::new().days(offset)).unwrap();
            let sent = if date.day() == 1 && offset > 0 {
                5000
            } else {
                30
            };
            days.insert(
                date,
                Day {
                    sent,
                    ..Day::default()
                },
            );
        }
        let thresholds = Thresholds::default();
        let spikes: Vec<Date> = baselines(&days, 28, 7)
            .into_iter()
            .filter_map(|(date, volume, baseline)| {
                let baseline = baseline?;
                is_spike(&days, date, volume, baseline, &thresholds).then_some(date)
            })
            .collect();
        // February's first run is new; March's and April's repeat it.
        assert_eq!(spikes, [jiff::civil::date(2024, 2, 1)]);
    }

    #[test]
    fn the_median_of_even_and_odd_counts() {
        assert_eq!(median(&mut [5, 1, 3]), 3);
        assert_eq!(median(&mut [4, 1, 3, 10]), 3);
        assert_eq!(median(&mut []), 0);
    }
}
