//! One logged message, as Twilio's Bulk Export, its Messages API and its
//! Console's CSV export write it, or as a column mapping names the fields of
//! another provider's log.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// Whether Twilio received the message or sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// A recipient's reply (`inbound`): where STOP and START arrive.
    Inbound,
    /// `outbound-api`, `outbound-call`, `outbound-reply` and the like.
    Outbound,
}

/// A logged message, checked: what the traffic checks read. Its text
/// borrows from the line it was read from where it can: a log is read at
/// millions of records a second.
#[derive(Clone, Debug)]
pub struct Record<'a> {
    /// The message sid (`SM…`, `MM…`); empty when the log has none.
    pub sid: Cow<'a, str>,
    /// The sender: one of the team's numbers, a short code or an
    /// alphanumeric sender ID for outbound messages; the recipient's number
    /// for inbound ones.
    pub from: Cow<'a, str>,
    pub to: Cow<'a, str>,
    pub body: Cow<'a, str>,
    pub direction: Direction,
    /// Twilio's status (`delivered`, `undelivered`, `failed`, `received`, …),
    /// lower-cased.
    pub status: Cow<'a, str>,
    /// Twilio's error code (30007 filtered, 21610 opted out, …).
    pub error_code: Option<u32>,
    /// Segments billed; 1 when the log does not say.
    pub segments: u32,
    /// What the message cost, as a positive amount in `price_unit` (Twilio
    /// writes a charge as a negative price); `None` before it is priced.
    pub price: Option<f64>,
    /// `USD` and the like; Bulk Export omits it.
    pub price_unit: Option<Cow<'a, str>>,
    /// The Messaging Service the message was sent through (`MG…`).
    pub service: Option<Cow<'a, str>>,
    /// When it was sent (`date_sent`), or created when it was never sent.
    pub time: Timestamp,
}

impl Record<'_> {
    /// The record with its text copied out of the line it was read from.
    pub fn into_owned(self) -> Record<'static> {
        let owned = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        Record {
            sid: owned(self.sid),
            from: owned(self.from),
            to: owned(self.to),
            body: owned(self.body),
            status: owned(self.status),
            price_unit: self.price_unit.map(owned),
            service: self.service.map(owned),
            ..self
        }
    }

    /// The team's side of the conversation: who sent an outbound message,
    /// or which of the team's numbers received an inbound one; a Messaging
    /// Service stands for its numbers.
    pub fn sender(&self) -> &str {
        if let Some(service) = &self.service {
            return service;
        }
        match self.direction {
            Direction::Outbound => &self.from,
            Direction::Inbound => &self.to,
        }
    }

    /// The person's number: the recipient of an outbound message, the
    /// sender of an inbound one.
    pub fn person(&self) -> &str {
        match self.direction {
            Direction::Outbound => &self.to,
            Direction::Inbound => &self.from,
        }
    }
}

/// A record's fields as the log wrote them, before they are checked: every
/// value as text (a log may write `error_code` as `30007` or `"30007"`).
#[derive(Debug, Default, Deserialize)]
pub struct RawRecord<'a> {
    #[serde(borrow, default, deserialize_with = "loose")]
    pub sid: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub from: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub to: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub body: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub direction: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub status: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub error_code: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub num_segments: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub price: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose", alias = "price_units")]
    pub price_unit: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub messaging_service_sid: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub date_sent: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "loose")]
    pub date_created: Option<Cow<'a, str>>,
    /// Present when the line is an API page (`{"messages": [...]}`) rather
    /// than a record: its value is read again as the page's records.
    #[serde(default, deserialize_with = "present")]
    pub messages: bool,
}

/// Whether a key is there, whatever its value (`null` too).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    de::IgnoredAny::deserialize(deserializer).map(|_| true)
}

/// The fields of [`RawRecord`], by the names Twilio's JSON gives them; a
/// column mapping (`--column to=Recipient`) uses these names on its left.
pub const FIELDS: &[&str] = &[
    "sid",
    "from",
    "to",
    "body",
    "direction",
    "status",
    "error_code",
    "num_segments",
    "price",
    "price_unit",
    "messaging_service_sid",
    "date_sent",
    "date_created",
];

impl<'a> RawRecord<'a> {
    /// Sets the field named `field` (one of [`FIELDS`]); other names are
    /// ignored.
    pub fn set(&mut self, field: &str, value: Cow<'a, str>) {
        let slot = match field {
            "sid" => &mut self.sid,
            "from" => &mut self.from,
            "to" => &mut self.to,
            "body" => &mut self.body,
            "direction" => &mut self.direction,
            "status" => &mut self.status,
            "error_code" => &mut self.error_code,
            "num_segments" => &mut self.num_segments,
            "price" => &mut self.price,
            "price_unit" => &mut self.price_unit,
            "messaging_service_sid" => &mut self.messaging_service_sid,
            "date_sent" => &mut self.date_sent,
            "date_created" => &mut self.date_created,
            _ => return,
        };
        *slot = Some(value);
    }

    /// The record, or why it cannot be audited (a missing `to`, a time that
    /// is no time).
    pub fn check(self) -> Result<Record<'a>, String> {
        let text =
            |value: Option<Cow<'a, str>>| value.map(trimmed).filter(|value| !value.is_empty());
        let time_text = text(self.date_sent)
            .or_else(|| text(self.date_created))
            .ok_or("no `date_sent` or `date_created`")?;
        let time = parse_time(&time_text)
            .ok_or_else(|| format!("`{}` is not a date and time", shown(&time_text)))?;
        let to = text(self.to).ok_or("no `to`")?;
        let from = text(self.from).ok_or("no `from`")?;
        let direction = match text(self.direction) {
            Some(direction) if direction.eq_ignore_ascii_case("inbound") => Direction::Inbound,
            Some(direction) if direction.to_ascii_lowercase().starts_with("outbound") => {
                Direction::Outbound
            }
            Some(other) => {
                return Err(format!(
                    "direction `{}` is neither inbound nor outbound",
                    shown(&other)
                ))
            }
            None => Direction::Outbound,
        };
        let error_code = match text(self.error_code) {
            None => None,
            Some(code) => match code.trim_end_matches(".0").parse::<u32>() {
                Ok(0) => None,
                // Twilio's error codes are five digits (21610, 30007, 63016).
                Ok(known @ 10_000..=99_999) => Some(known),
                _ => {
                    return Err(format!(
                        "error code `{}` is no Twilio error code",
                        shown(&code)
                    ))
                }
            },
        };
        let segments = match text(self.num_segments) {
            None => 1,
            Some(count) => count
                .parse::<u32>()
                .map_err(|_| format!("`num_segments` `{}` is not a count", shown(&count)))?
                // A Messaging Service's API response says 0 before it is sent.
                .max(1),
        };
        let price = match text(self.price) {
            None => None,
            // A message costs cents; a thousand is a broken field, and sums
            // of absurd prices would be no spend at all.
            Some(price) => match price.parse::<f64>() {
                Ok(value) if value.is_finite() && value.abs() <= 1000.0 => Some(value.abs()),
                _ => return Err(format!("price `{}` is not a number", shown(&price))),
            },
        };
        Ok(Record {
            sid: text(self.sid).unwrap_or_default(),
            from,
            to,
            body: self.body.unwrap_or_default(),
            direction,
            status: text(self.status)
                .map(|status| {
                    if status.bytes().any(|b| b.is_ascii_uppercase()) {
                        Cow::Owned(status.to_ascii_lowercase())
                    } else {
                        status
                    }
                })
                .unwrap_or_default(),
            error_code,
            segments,
            price,
            price_unit: text(self.price_unit),
            service: text(self.messaging_service_sid),
            time,
        })
    }
}

/// A value of a log as an error message quotes it: numbers masked (a
/// shifted column puts a phone number where a date belongs), 60 characters
/// at most.
fn shown(value: &str) -> String {
    let masked = super::phone::mask_text(value);
    match masked.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", masked.get(..cut).unwrap_or_default()),
        None => masked,
    }
}

/// `text` without the spaces around it, borrowed where it was.
fn trimmed(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) if text.trim().len() == text.len() => Cow::Owned(text),
        Cow::Owned(text) => Cow::Owned(text.trim().to_owned()),
    }
}

/// A time as the logs write it: ISO 8601 with an offset (Bulk Export:
/// `2024-03-05T14:02:11Z`), RFC 2822 (the Messages API: `Tue, 05 Mar 2024
/// 14:02:11 +0000`), or a date and time without an offset, taken as UTC
/// (the Console's export, most CSVs).
pub fn parse_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(time) = text.parse::<Timestamp>() {
        return Some(time);
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(text) {
        return Some(zoned.timestamp());
    }
    for format in ["%Y-%m-%d %H:%M:%S %:z", "%Y-%m-%d %H:%M:%S %z"] {
        if let Ok(time) = Timestamp::strptime(format, text) {
            return Some(time);
        }
    }
    let civil = text.parse::<jiff::civil::DateTime>().ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|zoned| zoned.timestamp())
}

/// Any JSON scalar as text: logs write numbers as strings and strings as
/// numbers (`"error_code": 30007`, `"num_segments": "2"`).
fn loose<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    struct Loose;
    impl<'de> Visitor<'de> for Loose {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a string, a number, a boolean or null")
        }
        fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(value)))
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(value.to_owned())))
        }
        fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(value)))
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(value.to_string())))
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(value.to_string())))
        }
        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(value.to_string())))
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(if value { "true" } else { "false" })))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(Loose)
        }
    }
    deserializer.deserialize_option(Loose)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_the_logs_formats_are_one_instant() {
        let expected = "2024-03-05T14:02:11Z".parse::<Timestamp>().unwrap();
        for text in [
            "2024-03-05T14:02:11Z",
            "2024-03-05T14:02:11.000Z",
            "Tue, 05 Mar 2024 14:02:11 +0000",
            "2024-03-05 14:02:11",
            "2024-03-05T09:02:11-05:00",
            "2024-03-05 14:02:11 +00:00",
        ] {
            assert_eq!(parse_time(text), Some(expected), "{text}");
        }
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("2024-13-45T99:00:00Z"), None);
    }

    #[test]
    fn a_record_takes_numbers_as_strings_and_names_what_it_lacks() {
        let line = r#"{"sid":"SM1","from":"+15550001111","to":"+15550002222","body":"Hi","direction":"outbound-api","status":"undelivered","error_code":30007,"num_segments":"2","price":"-0.0158","date_sent":"2024-03-05T14:02:11Z"}"#;
        let record = serde_json::from_str::<RawRecord>(line)
            .unwrap()
            .check()
            .unwrap();
        assert_eq!(record.error_code, Some(30007));
        assert_eq!(record.segments, 2);
        assert_eq!(record.price, Some(0.0158));
        assert_eq!(record.direction, Direction::Outbound);
        let no_to = r#"{"from":"+1","date_sent":"2024-03-05T14:02:11Z"}"#;
        let error = serde_json::from_str::<RawRecord>(no_to)
            .unwrap()
            .check()
            .unwrap_err();
        assert_eq!(error, "no `to`");
        let bad_code =
            r#"{"from":"+1","to":"+2","error_code":"filtered","date_sent":"2024-03-05T14:02:11Z"}"#;
        let error = serde_json::from_str::<RawRecord>(bad_code)
            .unwrap()
            .check()
            .unwrap_err();
        assert!(error.contains("`filtered`"), "{error}");
    }
}
