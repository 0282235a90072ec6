//! Serde support for generated unions: a JSON object with exactly one member set.
//!
//! As the JSON protocols say: a `__type` key is ignored on input; a member whose value is
//! `null` counts as not set; a member the union does not know is kept, with its value, as
//! [`UnknownMember`] (a newer service may send one), and written back unchanged; an object
//! with no member set, or with more than one, is an error.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::structure::Format;

/// A union that [`deserialize`] reads: generated for every union shape.
pub trait Union: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The JSON keys of the union's members.
    const KEYS: &'static [&'static str];

    /// Reads the value of member `KEYS[index]`; `None` when it is `null`.
    fn read_member<'de, M: MapAccess<'de>>(
        index: usize,
        map: &mut M,
    ) -> Result<Option<Self>, M::Error>;

    /// The union holding a member it does not know.
    fn unknown(member: UnknownMember) -> Self;
}

/// A member of a union that this version of the generated crate does not know: its name
/// and its JSON value, kept so that the union serializes back unchanged.
#[derive(Clone, PartialEq)]
pub struct UnknownMember {
    name: String,
    value: serde_json::Value,
}

impl UnknownMember {
    /// A member called `name` with `value`.
    pub fn new(name: impl Into<String>, value: serde_json::Value) -> Self {
        Self {
            name: name.into(),
            value,
        }
    }

    /// The member's name on the wire.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member's value.
    pub fn value(&self) -> &serde_json::Value {
        &self.value
    }
}

impl fmt::Debug for UnknownMember {
    /// The name only: the value of a member nobody described may be anything, secrets too.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UnknownMember").field(&self.name).finish()
    }
}

/// The key that names a union's type in some answers, ignored on input.
const TYPE_KEY: &str = "__type";

/// Deserializes a [`Union`] from a map; generated `Deserialize` implementations call it.
pub fn deserialize<'de, T: Union, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(UnionVisitor(PhantomData))
}

struct UnionVisitor<T>(PhantomData<T>);

impl<'de, T: Union> Visitor<'de> for UnionVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "union {}", T::NAME)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<T, M::Error> {
        let mut set: Option<(String, T)> = None;
        while let Some(key) = map.next_key::<String>()? {
            let value = match T::KEYS.iter().position(|k| *k == key) {
                Some(index) => T::read_member(index, &mut map)?,
                None if key == TYPE_KEY => {
                    map.next_value::<de::IgnoredAny>()?;
                    None
                }
                None => {
                    let value: serde_json::Value = map.next_value()?;
                    (!value.is_null()).then(|| T::unknown(UnknownMember::new(key.clone(), value)))
                }
            };
            let Some(value) = value else { continue };
            if let Some((first, _)) = &set {
                return Err(de::Error::custom(format_args!(
                    "union {} has more than one member set: `{first}` and `{key}`",
                    T::NAME
                )));
            }
            set = Some((key, value));
        }
        match set {
            Some((_, value)) => Ok(value),
            None => Err(de::Error::custom(format_args!(
                "union {} has no member set",
                T::NAME
            ))),
        }
    }
}

/// Reads a member's value, `None` for `null`: what a generated [`Union::read_member`] calls.
pub fn read<'de, M: MapAccess<'de>, T: DeserializeOwned>(
    map: &mut M,
) -> Result<Option<T>, M::Error> {
    map.next_value()
}

/// Reads a member's value in `format`, `None` for `null`.
pub fn read_with<'de, M: MapAccess<'de>, T, F: Format<Option<T>>>(
    map: &mut M,
    format: F,
) -> Result<Option<T>, M::Error> {
    map.next_value_seed(crate::structure::FormatSeed::new(format))
}

/// Writes a union whose member `key` holds `value`: `{"key": value}`.
pub fn write<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

/// Writes a union whose member `key` holds `value`, in `format`.
pub fn write_with<S: Serializer, T, F: Format<T>>(
    serializer: S,
    key: &str,
    value: &T,
    format: F,
) -> Result<S::Ok, S::Error> {
    write(serializer, key, &crate::structure::Formatted(value, format))
}

/// Writes a union holding a member it does not know, as it came.
pub fn write_unknown<S: Serializer>(
    serializer: S,
    member: &UnknownMember,
) -> Result<S::Ok, S::Error> {
    write(serializer, &member.name, &member.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator emits for `union Choice { Text: String, Count: Integer }`.
    #[derive(Debug, Clone, PartialEq)]
    enum Choice {
        Text(String),
        Count(i32),
        Unknown(UnknownMember),
    }

    impl Union for Choice {
        const NAME: &'static str = "Choice";
        const KEYS: &'static [&'static str] = &["Text", "Count"];

        fn read_member<'de, M: MapAccess<'de>>(
            index: usize,
            map: &mut M,
        ) -> Result<Option<Self>, M::Error> {
            Ok(match index {
                0 => read(map)?.map(Self::Text),
                _ => read(map)?.map(Self::Count),
            })
        }

        fn unknown(member: UnknownMember) -> Self {
            Self::Unknown(member)
        }
    }

    impl<'de> serde::Deserialize<'de> for Choice {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl Serialize for Choice {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Self::Text(value) => write(serializer, "Text", value),
                Self::Count(value) => write(serializer, "Count", value),
                Self::Unknown(member) => write_unknown(serializer, member),
            }
        }
    }

    fn parse(text: &str) -> Result<Choice, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn exactly_one_member() {
        assert_eq!(parse(r#"{"Text": "hi"}"#), Ok(Choice::Text("hi".into())));
        assert_eq!(
            parse(r#"{"__type": "Choice", "Count": 2, "Text": null}"#),
            Ok(Choice::Count(2))
        );
        assert!(parse("{}")
            .unwrap_err()
            .contains("union Choice has no member set"));
        assert!(parse(r#"{"Text": null}"#)
            .unwrap_err()
            .contains("no member set"));
        assert!(parse(r#"{"Text": "a", "Count": 1}"#)
            .unwrap_err()
            .contains("more than one member set: `Text` and `Count`"));
        assert!(parse(r#"["Text"]"#).is_err());
    }

    #[test]
    fn unknown_members_are_kept_and_written_back() {
        let choice = parse(r#"{"Later": {"a": [1]}}"#).unwrap();
        let Choice::Unknown(member) = &choice else {
            panic!("{choice:?}")
        };
        assert_eq!(member.name(), "Later");
        assert_eq!(format!("{member:?}"), r#"UnknownMember("Later")"#);
        assert_eq!(
            serde_json::to_string(&choice).unwrap(),
            r#"{"Later":{"a":[1]}}"#
        );
        assert!(parse(r#"{"Later": 1, "Text": "x"}"#).is_err());
        assert_eq!(
            serde_json::to_string(&Choice::Count(3)).unwrap(),
            r#"{"Count":3}"#
        );
    }
}
