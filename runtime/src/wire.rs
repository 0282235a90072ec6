//! Wire types shared by the generated shapes: [`Blob`] (base64 in JSON), [`Timestamp`]
//! (epoch seconds in JSON bodies), [`UnknownValue`] (an enum value this version does not
//! know), [`Redacted`] (what `Debug` shows for a sensitive member), and the serde helpers
//! [`deserialize_enum`] and [`float`] (`NaN` and the infinities as strings).

use std::fmt;

use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Binary data; base64 text on the JSON wire.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Blob(pub Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes (what a blob's length constraint counts).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the blob holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Self(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Self(v.to_vec())
    }
}

impl<const N: usize> From<[u8; N]> for Blob {
    fn from(v: [u8; N]) -> Self {
        Self(v.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for Blob {
    fn from(v: &[u8; N]) -> Self {
        Self(v.to_vec())
    }
}

/// The text's UTF-8 bytes.
impl From<&str> for Blob {
    fn from(v: &str) -> Self {
        Self(v.as_bytes().to_vec())
    }
}

/// The text's UTF-8 bytes.
impl From<String> for Blob {
    fn from(v: String) -> Self {
        Self(v.into_bytes())
    }
}

impl From<bytes::Bytes> for Blob {
    fn from(v: bytes::Bytes) -> Self {
        Self(v.into())
    }
}

impl From<Blob> for Vec<u8> {
    fn from(v: Blob) -> Self {
        v.0
    }
}

impl From<Blob> for bytes::Bytes {
    fn from(v: Blob) -> Self {
        v.0.into()
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map(Blob)
            .map_err(|e| de::Error::custom(format_args!("invalid base64: {e}")))
    }
}

/// The value of a header bound to a `jsonvalue` member: its JSON text, base64-encoded (as the
/// JSON protocols send a string with the `application/json` media type in a header).
pub fn json_value_header(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
}

/// The JSON text of a header bound to a `jsonvalue` member, or why it is not base64-encoded
/// UTF-8 text.
pub fn json_value_from_header(value: &str) -> Result<String, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value.trim().as_bytes())
        .map_err(|e| format!("a JSON value header must be base64-encoded: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "a JSON value header must hold UTF-8 text".to_owned())
}

/// A point in time with nanosecond precision; epoch seconds (a JSON number, fractions
/// allowed) in JSON bodies.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

impl Timestamp {
    /// From whole seconds since the Unix epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self { secs, nanos: 0 }
    }

    /// From seconds and a sub-second part; `nanos` past a second carry over.
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        Self {
            secs: secs + (nanos / 1_000_000_000) as i64,
            nanos: nanos % 1_000_000_000,
        }
    }

    /// From fractional epoch seconds, as they come on the wire, to the microsecond (what an
    /// f64 near today's epoch seconds holds). `None` if not finite or out of range.
    pub fn from_epoch_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || value.abs() > 9.2e15 {
            return None;
        }
        let secs = value.floor();
        let micros = ((value - secs) * 1e6).round() as u32;
        Some(Self::from_secs_and_nanos(secs as i64, micros * 1000))
    }

    /// The current time.
    pub fn now() -> Self {
        Self::from(std::time::SystemTime::now())
    }

    /// Whole seconds since the Unix epoch.
    pub fn secs(&self) -> i64 {
        self.secs
    }

    /// The sub-second part, in nanoseconds.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Fractional epoch seconds.
    pub fn as_epoch_f64(&self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / 1e9
    }
}

/// The time to the nanosecond; times before the epoch too. A time more than 292 billion years
/// away saturates.
impl From<std::time::SystemTime> for Timestamp {
    fn from(time: std::time::SystemTime) -> Self {
        match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => Self {
                secs: i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                nanos: after.subsec_nanos(),
            },
            Err(before) => {
                let before = before.duration();
                let secs = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                match before.subsec_nanos() {
                    0 => Self {
                        secs: -secs,
                        nanos: 0,
                    },
                    nanos => Self {
                        secs: -secs - 1,
                        nanos: 1_000_000_000 - nanos,
                    },
                }
            }
        }
    }
}

/// The same instant. A timestamp `SystemTime` cannot hold on this platform (on Linux, one
/// more than 292 billion years away) gives the epoch.
impl From<Timestamp> for std::time::SystemTime {
    fn from(time: Timestamp) -> Self {
        let since = |secs: u64, nanos: u32| std::time::Duration::new(secs, nanos);
        let epoch = std::time::UNIX_EPOCH;
        if time.secs >= 0 {
            epoch
                .checked_add(since(time.secs.unsigned_abs(), time.nanos))
                .unwrap_or(epoch)
        } else {
            epoch
                .checked_sub(since(time.secs.unsigned_abs(), 0))
                .and_then(|t| t.checked_add(since(0, time.nanos)))
                .unwrap_or(epoch)
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            s.serialize_i64(self.secs)
        } else {
            s.serialize_f64(self.as_epoch_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("epoch seconds as a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_secs(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                i64::try_from(v)
                    .map(Timestamp::from_secs)
                    .map_err(|_| E::custom("timestamp out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                Timestamp::from_epoch_f64(v).ok_or_else(|| E::custom("timestamp out of range"))
            }
        }
        d.deserialize_any(V)
    }
}

/// An enum value that the model did not list when the crate was generated, kept so that new
/// values a service starts sending still deserialize (and serialize back unchanged).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a value; generated enums call it for values they do not know.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value as it came.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deserializes a string and turns it into an enum with `from` (borrowing the text when the
/// input allows it).
pub fn deserialize_enum<'de, D, T>(deserializer: D, from: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<T>(fn(&str) -> T);
    impl<T> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }
    deserializer.deserialize_str(V(from))
}

/// What `Debug` prints in place of a sensitive member.
#[derive(Clone, Copy, Default)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}

/// Serde helpers for `f32`/`f64` members (`#[serde(with = "...::float")]`), plain or
/// optional: finite values are JSON numbers, and `NaN`, `Infinity` and `-Infinity` are the
/// strings of those names, as the AWS JSON protocols send them.
pub mod float {
    use std::fmt;

    use serde::de::{self, Deserializer, Visitor};
    use serde::Serializer;

    /// A float, or an optional float, as the JSON protocols write it.
    pub trait JsonFloat: Sized {
        /// Writes the value.
        fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
        /// Reads the value.
        fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
    }

    fn write_f64<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_nan() {
            s.serialize_str("NaN")
        } else if v.is_infinite() {
            s.serialize_str(if v > 0.0 { "Infinity" } else { "-Infinity" })
        } else {
            s.serialize_f64(v)
        }
    }

    struct F64Visitor;

    impl Visitor<'_> for F64Visitor {
        type Value = f64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
            Ok(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
            match v {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            }
        }
    }

    impl JsonFloat for f64 {
        fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            write_f64(*self, s)
        }
        fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(F64Visitor)
        }
    }

    impl JsonFloat for f32 {
        fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            write_f64(f64::from(*self), s)
        }
        fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            // Narrowing is what a 32-bit float member means.
            #[allow(clippy::cast_possible_truncation)]
            d.deserialize_any(F64Visitor).map(|v| v as f32)
        }
    }

    impl<T: JsonFloat> JsonFloat for Option<T> {
        fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Some(v) => v.write(s),
                None => s.serialize_none(),
            }
        }
        fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Wrap<T>(T);
            impl<'de, T: JsonFloat> serde::Deserialize<'de> for Wrap<T> {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    T::read(d).map(Wrap)
                }
            }
            <Option<Wrap<T>> as serde::Deserialize>::deserialize(d).map(|o| o.map(|w| w.0))
        }
    }

    /// For `#[serde(with)]`.
    pub fn serialize<T: JsonFloat, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        value.write(s)
    }

    /// For `#[serde(with)]`.
    pub fn deserialize<'de, T: JsonFloat, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::read(d)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads exactly `n` ASCII digits at the front of `text`.
fn digits(text: &mut &str, n: usize) -> Option<u32> {
    let head = text.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    *text = &text[n..];
    head.parse().ok()
}

fn expect(text: &mut &str, prefix: &str) -> Option<()> {
    *text = text.strip_prefix(prefix)?;
    Some(())
}

fn from_parts(
    year: i64,
    month: u32,
    day: u32,
    h: u32,
    m: u32,
    sec: u32,
    nanos: u32,
) -> Option<Timestamp> {
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || h > 23
        || m > 59
        || sec > 60
    {
        return None;
    }
    // A leap second reads as the next second.
    let secs = days_from_civil(year, month, day) * 86_400 + i64::from(h * 3600 + m * 60 + sec);
    Some(Timestamp::from_secs_and_nanos(secs, nanos))
}

impl Timestamp {
    /// From a UTC calendar date and time of day (a leap second reads as the next second);
    /// `None` if a field is out of range (month 13, February 30, hour 24...).
    pub fn from_utc(
        (year, month, day): (i64, u32, u32),
        (hour, minute, second): (u32, u32, u32),
        nanos: u32,
    ) -> Option<Self> {
        from_parts(year, month, day, hour, minute, second, nanos)
    }

    /// The UTC calendar date and time of day: `((year, month, day), (hour, minute, second))`.
    pub fn to_utc(&self) -> ((i64, u32, u32), (u32, u32, u32)) {
        let date = civil_from_days(self.secs.div_euclid(86_400));
        let rem = self.secs.rem_euclid(86_400) as u32;
        (date, (rem / 3600, rem % 3600 / 60, rem % 60))
    }

    /// RFC 3339 `date-time` in UTC (`2018-01-09T21:31:21Z`, with a fraction when there is one).
    pub fn to_iso8601(&self) -> String {
        let (year, month, day) = civil_from_days(self.secs.div_euclid(86_400));
        let rem = self.secs.rem_euclid(86_400);
        let mut out = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        );
        if self.nanos != 0 {
            let fraction = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(fraction.trim_end_matches('0'));
        }
        out.push('Z');
        out
    }

    /// Reads an RFC 3339 `date-time` (`2018-01-09T21:31:21.5Z`, `...+01:00`).
    pub fn parse_iso8601(text: &str) -> Option<Self> {
        let mut t = text;
        let year = i64::from(digits(&mut t, 4)?);
        expect(&mut t, "-")?;
        let month = digits(&mut t, 2)?;
        expect(&mut t, "-")?;
        let day = digits(&mut t, 2)?;
        t = t.strip_prefix(['T', 't', ' '])?;
        let h = digits(&mut t, 2)?;
        expect(&mut t, ":")?;
        let m = digits(&mut t, 2)?;
        expect(&mut t, ":")?;
        let sec = digits(&mut t, 2)?;
        let mut nanos = 0;
        if let Some(rest) = t.strip_prefix('.') {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            let mut fraction = rest[..n.min(9)].to_owned();
            while fraction.len() < 9 {
                fraction.push('0');
            }
            nanos = fraction.parse().ok()?;
            t = &rest[n..];
        }
        let offset = match t {
            "Z" | "z" => 0,
            _ => {
                let sign = match t.as_bytes().first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let mut o = &t[1..];
                let oh = digits(&mut o, 2)?;
                expect(&mut o, ":")?;
                let om = digits(&mut o, 2)?;
                if !o.is_empty() || oh > 23 || om > 59 {
                    return None;
                }
                sign * i64::from(oh * 3600 + om * 60)
            }
        };
        let utc = from_parts(year, month, day, h, m, sec, nanos)?;
        Some(Self::from_secs_and_nanos(utc.secs - offset, utc.nanos))
    }

    /// The HTTP date format, IMF-fixdate (`Tue, 09 Jan 2018 21:31:21 GMT`); whole seconds.
    pub fn to_http_date(&self) -> String {
        let days = self.secs.div_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let rem = self.secs.rem_euclid(86_400);
        format!(
            "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
            WEEKDAYS[days.rem_euclid(7) as usize],
            MONTHS[month as usize - 1],
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }

    /// Reads an IMF-fixdate (`Tue, 09 Jan 2018 21:31:21 GMT`), allowing a fraction of a
    /// second.
    pub fn parse_http_date(text: &str) -> Option<Self> {
        let mut t = text;
        let weekday = t.get(..3)?;
        if !WEEKDAYS.contains(&weekday) {
            return None;
        }
        t = &t[3..];
        expect(&mut t, ", ")?;
        let day = digits(&mut t, 2)?;
        expect(&mut t, " ")?;
        let month = MONTHS.iter().position(|m| t.starts_with(m))? as u32 + 1;
        t = &t[3..];
        expect(&mut t, " ")?;
        let year = i64::from(digits(&mut t, 4)?);
        expect(&mut t, " ")?;
        let h = digits(&mut t, 2)?;
        expect(&mut t, ":")?;
        let m = digits(&mut t, 2)?;
        expect(&mut t, ":")?;
        let sec = digits(&mut t, 2)?;
        let mut nanos = 0;
        if let Some(rest) = t.strip_prefix('.') {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            let mut fraction = rest[..n.min(9)].to_owned();
            while fraction.len() < 9 {
                fraction.push('0');
            }
            nanos = fraction.parse().ok()?;
            t = &rest[n..];
        }
        if t != " GMT" {
            return None;
        }
        from_parts(year, month, day, h, m, sec, nanos)
    }
}

macro_rules! timestamp_text_format {
    ($module:ident, $doc:literal, $write:ident, $read:ident, $expecting:literal) => {
        #[doc = $doc]
        pub mod $module {
            use serde::de::{self, Deserializer};
            use serde::Serializer;

            use super::Timestamp;

            /// A timestamp, or an optional one, in this text format.
            pub trait Format: Sized {
                /// Writes the value.
                fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
                /// Reads the value.
                fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
            }

            impl Format for Timestamp {
                fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_str(&self.$write())
                }
                fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    super::deserialize_enum(d, |text| {
                        Timestamp::$read(text).ok_or_else(|| text.to_owned())
                    })?
                    .map_err(|text| {
                        de::Error::invalid_value(de::Unexpected::Str(&text), &$expecting)
                    })
                }
            }

            impl Format for Option<Timestamp> {
                fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    match self {
                        Some(v) => v.write(s),
                        None => s.serialize_none(),
                    }
                }
                fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    struct Wrap(Timestamp);
                    impl<'de> serde::Deserialize<'de> for Wrap {
                        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                            Timestamp::read(d).map(Wrap)
                        }
                    }
                    <Option<Wrap> as serde::Deserialize>::deserialize(d).map(|o| o.map(|w| w.0))
                }
            }

            /// For `#[serde(with)]`.
            pub fn serialize<T: Format, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
                value.write(s)
            }

            /// For `#[serde(with)]`.
            pub fn deserialize<'de, T: Format, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
                T::read(d)
            }
        }
    };
}

timestamp_text_format!(
    iso8601,
    "Serde helpers for timestamp members with `timestampFormat: iso8601` (RFC 3339 text).",
    to_iso8601,
    parse_iso8601,
    "an RFC 3339 date-time"
);
timestamp_text_format!(
    http_date,
    "Serde helpers for timestamp members with `timestampFormat: rfc822` (the HTTP date).",
    to_http_date,
    parse_http_date,
    "an HTTP date (IMF-fixdate)"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_come_from_the_usual_byte_types() {
        let expected = Blob(b"abc".to_vec());
        assert_eq!(Blob::from(&b"abc"[..]), expected);
        assert_eq!(Blob::from(b"abc"), expected);
        assert_eq!(Blob::from(*b"abc"), expected);
        assert_eq!(Blob::from("abc"), expected);
        assert_eq!(Blob::from("abc".to_owned()), expected);
        assert_eq!(Blob::from(bytes::Bytes::from_static(b"abc")), expected);
        assert_eq!(Vec::<u8>::from(expected.clone()), b"abc");
        assert_eq!(bytes::Bytes::from(expected.clone()), &b"abc"[..]);
        assert_eq!(expected.as_ref(), b"abc");
    }

    #[test]
    fn timestamps_convert_to_and_from_system_time() {
        use std::time::{Duration, SystemTime, UNIX_EPOCH};
        let after = UNIX_EPOCH + Duration::new(1_515_533_481, 5);
        assert_eq!(
            Timestamp::from(after),
            Timestamp::from_secs_and_nanos(1_515_533_481, 5)
        );
        assert_eq!(SystemTime::from(Timestamp::from(after)), after);
        let before = UNIX_EPOCH - Duration::new(1, 250_000_000);
        let stamp = Timestamp::from(before);
        assert_eq!((stamp.secs(), stamp.subsec_nanos()), (-2, 750_000_000));
        assert_eq!(SystemTime::from(stamp), before);
        let whole = Timestamp::from(UNIX_EPOCH - Duration::from_secs(3));
        assert_eq!((whole.secs(), whole.subsec_nanos()), (-3, 0));
    }

    #[test]
    fn json_value_headers_are_base64_text() {
        assert_eq!(json_value_header("true"), "dHJ1ZQ==");
        assert_eq!(json_value_from_header("dHJ1ZQ==").unwrap(), "true");
        assert!(json_value_from_header("not base64!")
            .unwrap_err()
            .contains("base64"));
        assert!(json_value_from_header("//79")
            .unwrap_err()
            .contains("UTF-8"));
    }

    #[test]
    fn utc_calendar_fields_round_trip() {
        let t = Timestamp::from_utc((2024, 2, 29), (23, 59, 7), 5).unwrap();
        assert_eq!(t.to_utc(), ((2024, 2, 29), (23, 59, 7)));
        assert_eq!(t.to_iso8601(), "2024-02-29T23:59:07.000000005Z");
        assert_eq!(
            Timestamp::from_secs(-1).to_utc(),
            ((1969, 12, 31), (23, 59, 59))
        );
        assert!(Timestamp::from_utc((2023, 2, 29), (0, 0, 0), 0).is_none());
        assert!(Timestamp::from_utc((2024, 1, 1), (24, 0, 0), 0).is_none());
    }

    #[test]
    fn blob_round_trips_as_base64() {
        let b = Blob::new(b"hi there".to_vec());
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, "\"aGkgdGhlcmU=\"");
        assert_eq!(serde_json::from_str::<Blob>(&json).unwrap(), b);
        assert!(serde_json::from_str::<Blob>("\"***\"")
            .unwrap_err()
            .to_string()
            .contains("invalid base64"));
    }

    #[test]
    fn timestamps_are_epoch_seconds() {
        let t = Timestamp::from_secs(1_515_531_081);
        assert_eq!(serde_json::to_string(&t).unwrap(), "1515531081");
        let f: Timestamp = serde_json::from_str("1515531081.123").unwrap();
        assert_eq!(f.secs(), 1_515_531_081);
        assert_eq!(f.subsec_nanos() / 1_000_000, 123);
        assert_eq!(serde_json::to_string(&f).unwrap(), "1515531081.123");
        assert!(serde_json::from_str::<Timestamp>("\"2020-01-01\"").is_err());
    }

    #[test]
    fn floats_write_nan_and_infinities_as_strings() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct S {
            #[serde(with = "super::float")]
            a: f64,
            #[serde(
                with = "super::float",
                default,
                skip_serializing_if = "Option::is_none"
            )]
            b: Option<f32>,
        }
        let s = S {
            a: f64::NEG_INFINITY,
            b: Some(1.5),
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"a":"-Infinity","b":1.5}"#);
        assert_eq!(serde_json::from_str::<S>(&json).unwrap(), s);
        let nan: S = serde_json::from_str(r#"{"a":"NaN"}"#).unwrap();
        assert!(nan.a.is_nan() && nan.b.is_none());
        assert_eq!(serde_json::from_str::<S>(r#"{"a":3}"#).unwrap().a, 3.0);
        assert!(serde_json::from_str::<S>(r#"{"a":"nan"}"#).is_err());
    }

    #[test]
    fn redacted_and_unknown_values() {
        assert_eq!(format!("{:?}", Redacted), "*** Sensitive Data Redacted ***");
        assert_eq!(UnknownValue::new("X").as_str(), "X");
    }

    #[test]
    fn iso8601_and_http_dates() {
        let t = Timestamp::from_secs(1_515_533_481);
        assert_eq!(t.to_iso8601(), "2018-01-09T21:31:21Z");
        assert_eq!(t.to_http_date(), "Tue, 09 Jan 2018 21:31:21 GMT");
        assert_eq!(Timestamp::parse_iso8601("2018-01-09T21:31:21Z"), Some(t));
        assert_eq!(
            Timestamp::parse_iso8601("2018-01-09T22:31:21+01:00"),
            Some(t)
        );
        assert_eq!(
            Timestamp::parse_http_date("Tue, 09 Jan 2018 21:31:21 GMT"),
            Some(t)
        );
        let f = Timestamp::from_secs_and_nanos(0, 500_000_000);
        assert_eq!(f.to_iso8601(), "1970-01-01T00:00:00.5Z");
        assert_eq!(Timestamp::parse_iso8601("1970-01-01T00:00:00.5Z"), Some(f));
        assert_eq!(
            Timestamp::from_secs(-1).to_iso8601(),
            "1969-12-31T23:59:59Z"
        );
        assert_eq!(
            Timestamp::parse_iso8601("2000-02-29T00:00:00Z").map(|t| t.secs()),
            Some(951_782_400)
        );
        for bad in [
            "2001-02-29T00:00:00Z",
            "2018-01-09 21:31:21",
            "2018-13-01T00:00:00Z",
            "",
        ] {
            assert_eq!(Timestamp::parse_iso8601(bad), None, "{bad}");
        }
        assert_eq!(
            Timestamp::parse_http_date("Tue, 09 Jan 2018 21:31:21"),
            None
        );

        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct S {
            #[serde(with = "super::iso8601")]
            a: Timestamp,
            #[serde(
                with = "super::http_date",
                default,
                skip_serializing_if = "Option::is_none"
            )]
            b: Option<Timestamp>,
        }
        let s = S { a: t, b: Some(t) };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"a":"2018-01-09T21:31:21Z","b":"Tue, 09 Jan 2018 21:31:21 GMT"}"#
        );
        assert_eq!(serde_json::from_str::<S>(&json).unwrap(), s);
        assert!(serde_json::from_str::<S>(r#"{"a":"yesterday"}"#)
            .unwrap_err()
            .to_string()
            .contains("RFC 3339"));
    }
}
