//! A deterministic generator of Twilio-shaped message logs, with every kind
//! of violation the audit looks for planted on request: the audit's tests,
//! its benchmark (`scripts/bench`) and the documented example run on it.
//!
//! The clean traffic is what a careful sender's looks like: a few
//! templates with their brand and opt-out language, sent between 10:00 and
//! 19:00 in each recipient's time zone, to US and Canadian numbers, opt-outs
//! honoured, a few unreachable numbers and filtered messages per thousand.

use std::io::{self, Write};

use jiff::civil::Date;
use jiff::Timestamp;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The first UTC day, and how many days.
    pub start: Date,
    pub days: u32,
    /// Outbound messages per sender per ordinary day.
    pub per_day: u32,
    /// Distinct recipients.
    pub recipients: u32,
    /// Plant one of each violation (see [`PLANTED`]).
    pub plant: bool,
    pub seed: u64,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            start: jiff::civil::date(2024, 3, 1),
            days: 45,
            per_day: 400,
            recipients: 3000,
            plant: false,
            seed: 7,
        }
    }
}

/// The rules a planted log breaks, each once (`input/invalid-record` three
/// times: a date that is no date, an unknown error code, a record without
/// a recipient).
pub const PLANTED: &[&str] = &[
    "traffic/opt-out-ignored",
    "traffic/opted-out-refused",
    "traffic/volume-spike",
    "traffic/over-declared-volume",
    "traffic/high-risk-destination",
    "traffic/destination-not-allowed",
    "traffic/filtered",
    "traffic/unreachable",
    "traffic/unregistered",
    "traffic/stop-rate",
    "traffic/quiet-hours",
];

/// The senders: a registered number, and a Messaging Service whose
/// campaign declares its volume (see [`CAMPAIGN`]).
pub const NUMBER: &str = "+12125550100";
pub const SERVICE: &str = "MG00000000000000000000000000000001";
/// The number that sends unregistered traffic when violations are planted.
pub const UNREGISTERED: &str = "+13125550199";

/// A campaign file for the generated traffic: the service's use case,
/// brand, volume, destinations and window, for the default plan (see
/// [`campaign`] for another).
pub const CAMPAIGN: &str = "campaign:
  name: Acme order updates
  brand: Acme
  use_case: ACCOUNT_NOTIFICATION
  messaging_service_sid: MG00000000000000000000000000000001
  volume: {expected_daily: 1500, baseline_daily: 400}
  destinations: [US, CA]
  schedule: {timezone: recipient, send_window: {start: \"08:00\", end: \"21:00\"}}
  monitoring: {complaint_rate_pause_threshold: 0.01}
";

/// [`CAMPAIGN`] with the volume `plan` sends: the expected daily volume
/// at 3.75 times an ordinary day (1,500 for the default 400).
pub fn campaign(plan: &Plan) -> String {
    CAMPAIGN.replace(
        "{expected_daily: 1500, baseline_daily: 400}",
        &format!(
            "{{expected_daily: {}, baseline_daily: {}}}",
            u64::from(plan.per_day) * 15 / 4,
            plan.per_day
        ),
    )
}

const AREA_CODES: &[&str] = &[
    "212", "310", "312", "415", "617", "713", "206", "303", "404", "305", "416", "604", "512",
    "602", "702",
];

const TEMPLATES: &[&str] = &[
    "Acme: your order {n} has shipped and arrives {d}. Track it at https://acme.example/t/{c} Reply STOP to opt out.",
    "Acme: your appointment is confirmed for {d} at {t}. Reply C to cancel or STOP to opt out.",
    "Acme: your verification code is {n}. It expires in 10 minutes. Do not share it.",
    "Acme: we received your return for order {n}. Your refund of ${m} is on its way. Reply STOP to opt out.",
];

/// The one template that breaks content rules when violations are planted.
const SPAMMY: &str = "WINNER!! U have been selected for a FREE $1000 gift card. Claim now at bit.ly/3xYz9Q before it expires!";

/// A small, seeded generator (xorshift64*): the same plan gives the same
/// bytes on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn chance(&mut self, per_million: u64) -> bool {
        self.below(1_000_000) < per_million
    }
}

/// One record, as Bulk Export writes it.
struct Line<'a> {
    sid: u64,
    from: &'a str,
    to: &'a str,
    body: &'a str,
    inbound: bool,
    error: Option<u32>,
    service: Option<&'a str>,
    time: Timestamp,
}

fn write_line(out: &mut dyn Write, line: &Line) -> io::Result<()> {
    let (status, price) = match (line.inbound, line.error) {
        (true, _) => ("received", "-0.0079"),
        (false, None) => ("delivered", "-0.0079"),
        (false, Some(21610 | 30034)) => ("failed", "0.0"),
        (false, Some(_)) => ("undelivered", "-0.0079"),
    };
    let error = line
        .error
        .map_or("null".to_owned(), |code| code.to_string());
    let service = line
        .service
        .map_or("null".to_owned(), |sid| format!("\"{sid}\""));
    writeln!(
        out,
        "{{\"sid\":\"SM{:032x}\",\"account_sid\":\"AC00000000000000000000000000000000\",\"from\":\"{}\",\"to\":\"{}\",\"body\":{},\"direction\":\"{}\",\"status\":\"{status}\",\"error_code\":{error},\"num_segments\":\"1\",\"price\":\"{price}\",\"messaging_service_sid\":{service},\"date_created\":\"{}\",\"date_sent\":\"{}\"}}",
        line.sid,
        line.from,
        line.to,
        serde_json::Value::from(line.body),
        if line.inbound { "inbound" } else { "outbound-api" },
        line.time,
        line.time,
    )
}

/// A recipient's number: an area code of [`AREA_CODES`] and digits distinct
/// per index. The planted violations go to indices past the plan's
/// recipients, who never opted out.
fn recipient(index: u32) -> String {
    let area = AREA_CODES
        .get(index as usize % AREA_CODES.len())
        .copied()
        .unwrap_or("212");
    format!("+1{area}55{:05}", index / AREA_CODES.len() as u32)
}

/// The UTC instant of `hour:minute` local time on `date` at `number`
/// (UTC where the number's zone is unknown).
fn local(date: Date, number: &str, hour: i8, minute: i8) -> Timestamp {
    let civil = date.at(hour, minute, 0, 0);
    let utc = civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp());
    // The offset at the UTC reading is the offset at the local one, but
    // for the hour around a clock change.
    let offset = super::phone::local_time(number, utc)
        .and_then(|local| local.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map_or(0, |local| local.timestamp().as_second() - utc.as_second());
    Timestamp::from_second(utc.as_second() - offset).unwrap_or(utc)
}

fn filled(template: &str, random: &mut Random) -> String {
    template
        .replace("{n}", &format!("{}", 100_000 + random.below(900_000)))
        .replace(
            "{d}",
            &format!("{}/{}", 1 + random.below(12), 1 + random.below(28)),
        )
        .replace(
            "{t}",
            &format!("{}:{:02}", 9 + random.below(8), random.below(4) * 15),
        )
        .replace("{c}", &format!("{:x}", random.next() & 0xff_ffff))
        .replace(
            "{m}",
            &format!("{}.{:02}", 5 + random.below(200), random.below(100)),
        )
}

/// Writes one file per day through `open(date)` (Bulk Export's layout),
/// returning how many records were written.
pub fn generate(
    plan: &Plan,
    open: &mut dyn FnMut(Date) -> io::Result<Box<dyn Write>>,
) -> io::Result<u64> {
    let mut random = Random(plan.seed.max(1));
    let mut sid = 0u64;
    let mut written = 0u64;
    let mut opted_out: std::collections::HashSet<u32> = std::collections::HashSet::new();
    // Planted: who opts out, and is texted anyway from the other sender.
    let (ignored, refused) = (7u32, 11u32);
    for offset in 0..plan.days {
        let Ok(date) = plan
            .start
            .checked_add(jiff::Span::new().days(i64::from(offset)))
        else {
            break;
        };
        let mut out = open(date)?;
        let mut emit = |out: &mut Box<dyn Write>, line: Line| -> io::Result<()> {
            written += 1;
            write_line(out, &line)
        };
        let day = offset as usize;
        for (sender, service) in [(NUMBER, None), (NUMBER, Some(SERVICE))] {
            let mut volume = u64::from(plan.per_day) * (90 + random.below(21)) / 100;
            if plan.plant && service.is_some() && day == 40 {
                volume *= 8;
            }
            for _ in 0..volume {
                let index = random.below(u64::from(plan.recipients)) as u32;
                // The planted opt-outs get only the planted messages.
                let planted = plan.plant && (index == ignored || index == refused);
                if opted_out.contains(&index) || planted {
                    continue;
                }
                let to = recipient(index);
                let hour = 10 + random.below(9) as i8;
                let time = local(date, &to, hour, random.below(60) as i8);
                let template = TEMPLATES
                    .get(random.below(TEMPLATES.len() as u64) as usize)
                    .copied()
                    .unwrap_or_default();
                let body = filled(template, &mut random);
                let mut error = if random.chance(4_000) {
                    Some(30003)
                } else if random.chance(1_000) {
                    Some(30007)
                } else {
                    None
                };
                if plan.plant && service.is_some() {
                    // Filtering climbs to 5% on day 30; unreachable numbers
                    // reach 12% on day 20.
                    let filtered = match day {
                        27 => 3_000,
                        28 => 6_000,
                        29 => 9_000,
                        30 => 50_000,
                        _ => 0,
                    };
                    if random.chance(filtered) {
                        error = Some(30007);
                    } else if day == 20 && random.chance(120_000) {
                        error = Some(30005);
                    }
                }
                sid += 1;
                emit(
                    &mut out,
                    Line {
                        sid,
                        from: sender,
                        to: &to,
                        body: &body,
                        inbound: false,
                        error,
                        service,
                        time,
                    },
                )?;
                // A few recipients opt out, and are never texted again.
                let stops = if plan.plant && service.is_some() && day == 35 {
                    30_000
                } else {
                    1_000
                };
                if index != ignored && index != refused && random.chance(stops) {
                    opted_out.insert(index);
                    sid += 1;
                    // After the day's last send to them (10:00-19:00 local).
                    let reply = local(date, &to, 21, 30);
                    emit(
                        &mut out,
                        Line {
                            sid,
                            from: &to,
                            to: sender,
                            body: "STOP",
                            inbound: true,
                            error: None,
                            service,
                            time: reply,
                        },
                    )?;
                }
            }
        }
        if !plan.plant {
            continue;
        }
        let at =
            |random: &mut Random, to: &str, hour: i8| local(date, to, hour, random.below(60) as i8);
        match day {
            3 => {
                for person in [ignored, refused] {
                    let to = recipient(person);
                    sid += 1;
                    let time = at(&mut random, &to, 12);
                    emit(
                        &mut out,
                        Line {
                            sid,
                            from: &to,
                            to: NUMBER,
                            body: "Stop",
                            inbound: true,
                            error: None,
                            service: None,
                            time,
                        },
                    )?;
                }
            }
            5 => {
                // Texted from the service after opting out of the number;
                // and refused by Twilio from the number itself.
                let to = recipient(ignored);
                sid += 1;
                let time = at(&mut random, &to, 14);
                emit(&mut out, Line { sid, from: NUMBER, to: &to, body: "Acme: your order 123456 has shipped and arrives 3/9. Reply STOP to opt out.", inbound: false, error: None, service: Some(SERVICE), time })?;
                let to = recipient(refused);
                sid += 1;
                let time = at(&mut random, &to, 14);
                emit(&mut out, Line { sid, from: NUMBER, to: &to, body: "Acme: your order 654321 has shipped and arrives 3/9. Reply STOP to opt out.", inbound: false, error: Some(21610), service: None, time })?;
            }
            12 => {
                for n in 0..30u32 {
                    sid += 1;
                    let to = format!("+2348031{n:06}");
                    let time = at(&mut random, &to, 12);
                    emit(&mut out, Line { sid, from: NUMBER, to: &to, body: "Acme: your verification code is 442211. It expires in 10 minutes. Do not share it.", inbound: false, error: None, service: None, time })?;
                }
                for n in 0..20u32 {
                    sid += 1;
                    let to = format!("+4477009{n:05}");
                    let time = at(&mut random, &to, 12);
                    emit(&mut out, Line { sid, from: NUMBER, to: &to, body: "Acme: your verification code is 918273. It expires in 10 minutes. Do not share it.", inbound: false, error: None, service: None, time })?;
                }
            }
            15 => {
                for n in 0..25u32 {
                    sid += 1;
                    let to = recipient(plan.recipients + n);
                    let time = at(&mut random, &to, 13);
                    emit(&mut out, Line { sid, from: UNREGISTERED, to: &to, body: "Acme: your appointment is confirmed for 4/2 at 10:00. Reply C to cancel or STOP to opt out.", inbound: false, error: Some(30034), service: None, time })?;
                }
            }
            18 => {
                for n in 0..15u32 {
                    sid += 1;
                    let to = recipient(plan.recipients + 100 + n);
                    let time = local(date, &to, 23, 30);
                    emit(&mut out, Line { sid, from: NUMBER, to: &to, body: "Acme: your order 777777 has shipped and arrives 3/20. Reply STOP to opt out.", inbound: false, error: None, service: None, time })?;
                }
            }
            22 => {
                for n in 0..40u32 {
                    sid += 1;
                    let to = recipient(plan.recipients + 200 + n);
                    let time = at(&mut random, &to, 15);
                    emit(
                        &mut out,
                        Line {
                            sid,
                            from: NUMBER,
                            to: &to,
                            body: SPAMMY,
                            inbound: false,
                            error: None,
                            service: None,
                            time,
                        },
                    )?;
                }
                writeln!(out, "{{\"sid\":\"SMbad1\",\"from\":\"{NUMBER}\",\"to\":\"+12125550111\",\"direction\":\"outbound-api\",\"date_sent\":\"2024-13-45\"}}")?;
                writeln!(out, "{{\"sid\":\"SMbad2\",\"from\":\"{NUMBER}\",\"to\":\"+12125550111\",\"direction\":\"outbound-api\",\"error_code\":123,\"date_sent\":\"{}\"}}", at(&mut random, "+12125550111", 12))?;
                writeln!(out, "{{\"sid\":\"SMbad3\",\"from\":\"{NUMBER}\",\"direction\":\"outbound-api\",\"date_sent\":\"{}\"}}", at(&mut random, "+12125550111", 12))?;
            }
            _ => {}
        }
        out.flush()?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_plan_gives_the_same_bytes() {
        let run = || {
            let shared = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            struct Sink(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
            impl Write for Sink {
                fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                    self.0.borrow_mut().extend_from_slice(bytes);
                    Ok(bytes.len())
                }
                fn flush(&mut self) -> io::Result<()> {
                    Ok(())
                }
            }
            let plan = Plan {
                days: 3,
                per_day: 50,
                ..Plan::default()
            };
            generate(&plan, &mut |_| Ok(Box::new(Sink(shared.clone())))).unwrap();
            let bytes = shared.borrow().clone();
            bytes
        };
        let first = run();
        assert!(first.len() > 10_000);
        assert_eq!(first, run());
    }
}
