//! Wire types shared by the generated shapes: [`Blob`] (base64 in JSON) and [`Timestamp`]
//! (epoch seconds in JSON bodies).

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
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Self { secs: d.as_secs() as i64, nanos: d.subsec_nanos() }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_round_trips_as_base64() {
        let b = Blob::new(b"hi there".to_vec());
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, "\"aGkgdGhlcmU=\"");
        assert_eq!(serde_json::from_str::<Blob>(&json).unwrap(), b);
        assert!(serde_json::from_str::<Blob>("\"***\"").unwrap_err().to_string().contains("invalid base64"));
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
}
