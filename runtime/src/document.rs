//! Document types: a value of any JSON shape that a model leaves open (`document: true`),
//! carried as it is.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

/// A document: null, a boolean, a number, a string, a list or a map of documents. On the
/// wire it is the JSON value itself.
#[derive(Clone, PartialEq, Default)]
pub enum Document {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A list.
    List(Vec<Document>),
    /// A map from strings, in key order.
    Map(BTreeMap<String, Document>),
}

/// A document's number, as JSON wrote it: a whole number (without or with a sign) or a float.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Number {
    /// A whole number of zero or more.
    PosInt(u64),
    /// A whole number below zero.
    NegInt(i64),
    /// A number with a fraction or an exponent.
    Float(f64),
}

impl Number {
    /// The number as a float (whole numbers beyond 2^53 lose precision).
    pub fn as_f64(self) -> f64 {
        match self {
            Self::PosInt(n) => n as f64,
            Self::NegInt(n) => n as f64,
            Self::Float(n) => n,
        }
    }

    /// The number as a signed whole number, if it is one that fits.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Self::PosInt(n) => i64::try_from(n).ok(),
            Self::NegInt(n) => Some(n),
            Self::Float(_) => None,
        }
    }
}

impl Document {
    /// The string, if the document is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// The boolean, if the document is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The number, if the document is one.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Self::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// The list, if the document is one.
    pub fn as_list(&self) -> Option<&[Document]> {
        match self {
            Self::List(items) => Some(items),
            _ => None,
        }
    }

    /// The map, if the document is one.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Document>> {
        match self {
            Self::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// Whether the document is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }
}

impl fmt::Debug for Document {
    /// As the JSON it is (`{"a": [1, true]}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_string(self) {
            Ok(text) => f.write_str(&text),
            Err(_) => f.write_str("<document>"),
        }
    }
}

impl From<bool> for Document {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Self::String(value.to_owned())
    }
}

impl From<String> for Document {
    fn from(value: String) -> Self {
        Self::String(value)
    }
}

impl From<u64> for Document {
    fn from(value: u64) -> Self {
        Self::Number(Number::PosInt(value))
    }
}

impl From<i64> for Document {
    fn from(value: i64) -> Self {
        Self::Number(if value < 0 {
            Number::NegInt(value)
        } else {
            Number::PosInt(value.unsigned_abs())
        })
    }
}

impl From<i32> for Document {
    fn from(value: i32) -> Self {
        Self::from(i64::from(value))
    }
}

impl From<f64> for Document {
    fn from(value: f64) -> Self {
        Self::Number(Number::Float(value))
    }
}

impl<T: Into<Document>> From<Vec<T>> for Document {
    fn from(items: Vec<T>) -> Self {
        Self::List(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Document>> From<BTreeMap<String, T>> for Document {
    fn from(entries: BTreeMap<String, T>) -> Self {
        Self::Map(entries.into_iter().map(|(k, v)| (k, v.into())).collect())
    }
}

impl<T: Into<Document>> From<Option<T>> for Document {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

impl From<serde_json::Value> for Document {
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Self::Null,
            serde_json::Value::Bool(value) => Self::Bool(value),
            serde_json::Value::Number(number) => Self::Number(
                number
                    .as_u64()
                    .map(Number::PosInt)
                    .or_else(|| number.as_i64().map(Number::NegInt))
                    .unwrap_or_else(|| Number::Float(number.as_f64().unwrap_or(f64::NAN))),
            ),
            serde_json::Value::String(text) => Self::String(text),
            serde_json::Value::Array(items) => {
                Self::List(items.into_iter().map(Self::from).collect())
            }
            serde_json::Value::Object(entries) => Self::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, Self::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<Document> for serde_json::Value {
    /// The JSON value; a float that JSON cannot hold (NaN, an infinity) becomes `null`.
    fn from(document: Document) -> Self {
        match document {
            Document::Null => Self::Null,
            Document::Bool(value) => Self::Bool(value),
            Document::Number(Number::PosInt(n)) => Self::from(n),
            Document::Number(Number::NegInt(n)) => Self::from(n),
            Document::Number(Number::Float(n)) => {
                serde_json::Number::from_f64(n).map_or(Self::Null, Self::Number)
            }
            Document::String(text) => Self::String(text),
            Document::List(items) => Self::Array(items.into_iter().map(Self::from).collect()),
            Document::Map(entries) => Self::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, Self::from(v)))
                    .collect(),
            ),
        }
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(value) => serializer.serialize_bool(*value),
            Self::Number(Number::PosInt(n)) => serializer.serialize_u64(*n),
            Self::Number(Number::NegInt(n)) => serializer.serialize_i64(*n),
            Self::Number(Number::Float(n)) => serializer.serialize_f64(*n),
            Self::String(text) => serializer.serialize_str(text),
            Self::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Document, E> {
        Ok(Document::Null)
    }

    fn visit_none<E>(self) -> Result<Document, E> {
        Ok(Document::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Document, D::Error> {
        Document::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Document, E> {
        Ok(Document::Bool(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Document, E> {
        Ok(Document::from(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Document, E> {
        Ok(Document::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Document, E> {
        Ok(Document::from(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Document, E> {
        Ok(Document::from(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Document, E> {
        Ok(Document::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Document::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some((key, value)) = map.next_entry::<String, Document>()? {
            entries.insert(key, value);
        }
        Ok(Document::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_round_trip_as_json() {
        let text = r#"{"a":[1,-2,3.5,true,null,"x"],"b":{}}"#;
        let document: Document = serde_json::from_str(text).unwrap();
        let Document::Map(entries) = &document else {
            panic!("{document:?}")
        };
        assert_eq!(
            entries["a"].as_list().unwrap()[..3],
            [
                Document::from(1u64),
                Document::from(-2i64),
                Document::from(3.5)
            ]
        );
        assert_eq!(serde_json::to_string(&document).unwrap(), text);
        assert_eq!(format!("{document:?}"), text);
        let value = serde_json::Value::from(document.clone());
        assert_eq!(Document::from(value), document);
        assert_eq!(
            serde_json::to_string(&Document::from("s")).unwrap(),
            r#""s""#
        );
        assert!(serde_json::from_str::<Document>("null").unwrap().is_null());
        assert_eq!(
            Document::from(vec![1i32, 2]).as_list().map(<[_]>::len),
            Some(2)
        );
        assert_eq!(Number::NegInt(-3).as_i64(), Some(-3));
    }
}
