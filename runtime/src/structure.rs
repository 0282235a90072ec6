//! Serde support for generated structures, so that each structure's `Serialize` and
//! `Deserialize` are a few lines of straight-line code instead of what `#[derive]` expands to.
//!
//! Reading: a structure implements [`Structure`] (its name, its JSON keys, and
//! [`Structure::read`], which asks a [`Reader`] for each key's index and stores each value in a
//! local), and its `Deserialize` calls [`deserialize`]. Writing: its `Serialize` writes each
//! member through a [`Writer`]. Both keep the first error and turn every later call into a
//! no-op, so the generated code has no early returns.
//!
//! What goes over the wire is what `#[derive(Serialize, Deserialize)]` with `rename`,
//! `skip_serializing_if = "Option::is_none"` and `with` gives: members under their wire
//! names, absent optional members not written, unknown keys skipped, a repeated key an error
//! (`duplicate field`), the first absent required member an error (`missing field`), and a
//! value that is not a JSON object an error (`expected struct Name`).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::wire;

/// A structure that [`deserialize`] reads from a map: generated for every structure shape.
pub trait Structure: Sized {
    /// The type's name, for error messages (`expected struct Name`).
    const NAME: &'static str;
    /// The JSON keys the structure reads; [`Reader::next_key`] returns an index into it.
    const KEYS: &'static [&'static str];

    /// Reads the structure's members from `reader`.
    fn read<'de, M: MapAccess<'de>>(reader: Reader<'de, M>) -> Result<Self, M::Error>;
}

/// Deserializes a [`Structure`] from a map; generated `Deserialize` implementations call it.
pub fn deserialize<'de, T: Structure, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::KEYS, StructureVisitor(PhantomData))
}

struct StructureVisitor<T>(PhantomData<T>);

impl<'de, T: Structure> Visitor<'de> for StructureVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
        T::read(Reader {
            map,
            keys: T::KEYS,
            error: None,
            marker: PhantomData,
        })
    }
}

/// What a generated [`Structure::read`] reads the keys and values of a map with.
///
/// The first error is kept: after it, [`Reader::next_key`] says the map has ended, and
/// [`Reader::require`] or [`Reader::finish`] returns the error.
pub struct Reader<'de, M: MapAccess<'de>> {
    map: M,
    keys: &'static [&'static str],
    error: Option<M::Error>,
    marker: PhantomData<&'de ()>,
}

impl<'de, M: MapAccess<'de>> fmt::Debug for Reader<'de, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("keys", &self.keys)
            .field("failed", &self.error.is_some())
            .finish()
    }
}

/// The index of a key among the structure's keys, or [`UNKNOWN_KEY`].
struct KeySeed(&'static [&'static str]);

/// What [`Reader::next_key`] returns for a key the structure does not read.
pub const UNKNOWN_KEY: usize = usize::MAX;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok(self.0.iter().position(|k| *k == key).unwrap_or(UNKNOWN_KEY))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(self
            .0
            .iter()
            .position(|k| k.as_bytes() == key)
            .unwrap_or(UNKNOWN_KEY))
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        Ok(usize::try_from(index)
            .ok()
            .filter(|&i| i < self.0.len())
            .unwrap_or(UNKNOWN_KEY))
    }
}

/// Reads a value in a [`Format`].
pub(crate) struct FormatSeed<T, F>(F, PhantomData<T>);

impl<T, F> FormatSeed<T, F> {
    pub(crate) fn new(format: F) -> Self {
        Self(format, PhantomData)
    }
}

impl<'de, T, F: Format<T>> DeserializeSeed<'de> for FormatSeed<T, F> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        self.0.read(deserializer)
    }
}

impl<'de, M: MapAccess<'de>> Reader<'de, M> {
    /// The index in [`Structure::KEYS`] of the next key, [`UNKNOWN_KEY`] for a key the
    /// structure does not read, or `None` at the end of the map or after an error.
    pub fn next_key(&mut self) -> Option<usize> {
        if self.error.is_some() {
            return None;
        }
        match self.map.next_key_seed(KeySeed(self.keys)) {
            Ok(key) => key,
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }

    /// Reads the value of member `key` into `slot`; a second value for it is an error.
    pub fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, key: &'static str) {
        self.value_seed(slot, key, PhantomData);
    }

    /// Reads the value of member `key` in `format` into `slot`; a second value for it is an
    /// error.
    pub fn value_with<T, F: Format<T>>(
        &mut self,
        slot: &mut Option<T>,
        key: &'static str,
        format: F,
    ) {
        self.value_seed(slot, key, FormatSeed(format, PhantomData));
    }

    fn value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        slot: &mut Option<S::Value>,
        key: &'static str,
        seed: S,
    ) {
        if slot.is_some() {
            self.error = Some(de::Error::duplicate_field(key));
            return;
        }
        match self.map.next_value_seed(seed) {
            Ok(value) => *slot = Some(value),
            Err(error) => self.error = Some(error),
        }
    }

    /// Skips the value of a key the structure does not read.
    pub fn skip(&mut self) {
        if let Err(error) = self.map.next_value::<IgnoredAny>() {
            self.error = Some(error);
        }
    }

    /// `value`, unless reading failed.
    pub fn finish<T>(self, value: T) -> Result<T, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }

    /// Checks the structure's required members, `members` (`(absent, key)`): the error reading
    /// failed with, if any; else `missing field` for the first absent one, unless client error
    /// correction is on ([`with_error_correction`]), when the caller fills every absent member
    /// with its [`Zero`] value instead. A `null` value counts as absent.
    pub fn require(&mut self, members: &[(bool, &'static str)]) -> Result<(), M::Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        match members.iter().find(|(absent, _)| *absent) {
            Some((_, key)) if !correcting() => Err(de::Error::missing_field(key)),
            _ => Ok(()),
        }
    }
}

thread_local! {
    /// Whether structures read on this thread now correct missing required members.
    static CORRECTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn correcting() -> bool {
    CORRECTING.with(std::cell::Cell::get)
}

/// Runs `read` (a deserialization) with *client error correction*, as the Smithy
/// specification defines it for clients: a required member that a response leaves out (or
/// sends as `null`) is set to its type's [`Zero`] value, where it would otherwise make the
/// whole response unreadable. A service, a mock or a newer model version may leave out what
/// an older model calls required; a client should still read what it was sent. Servers never
/// turn it on: for them a missing required member stays an error.
///
/// It holds for every structure that `read` deserializes on this thread, however deeply
/// nested, and ends when `read` returns (or panics).
pub fn with_error_correction<R>(read: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            CORRECTING.with(|correcting| correcting.set(self.0));
        }
    }
    let _restore = Restore(CORRECTING.with(|correcting| correcting.replace(true)));
    read()
}

/// The value client error correction ([`with_error_correction`]) gives a missing required
/// member: the Smithy specification's zero value of its type. An empty string, blob, list or
/// map, `0`, `false`, the epoch, a `null` document; generated types implement it too: an enum
/// as an unknown empty value, a union as an unknown member, a structure with each required
/// member at its own zero value and every optional member unset.
pub trait Zero {
    /// The zero value.
    fn zero() -> Self;
}

/// `value`, or the zero value when it is absent (after [`Reader::require`] allowed that).
#[inline]
pub fn zero_or<T: Zero>(value: Option<T>) -> T {
    value.unwrap_or_else(T::zero)
}

macro_rules! zero_by_default {
    ($($ty:ty),*) => {
        $(impl Zero for $ty {
            #[inline]
            fn zero() -> Self {
                Self::default()
            }
        })*
    };
}

zero_by_default!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    f32,
    f64,
    wire::Blob,
    wire::Timestamp,
    crate::Document
);

impl<T> Zero for Vec<T> {
    #[inline]
    fn zero() -> Self {
        Vec::new()
    }
}

impl<K, V> Zero for BTreeMap<K, V> {
    #[inline]
    fn zero() -> Self {
        BTreeMap::new()
    }
}

impl<T: Zero> Zero for Box<T> {
    #[inline]
    fn zero() -> Self {
        Box::new(T::zero())
    }
}

impl Zero for wire::UnknownValue {
    #[inline]
    fn zero() -> Self {
        Self::new("")
    }
}

impl Zero for crate::UnknownMember {
    #[inline]
    fn zero() -> Self {
        Self::new("", serde_json::Value::Null)
    }
}

/// Writes the members of a structure; generated `Serialize` implementations use it.
///
/// The first error is kept: after it, writing members does nothing, and [`Writer::end`]
/// returns the error.
pub struct Writer<S: Serializer> {
    state: Result<S::SerializeStruct, S::Error>,
}

impl<S: Serializer> fmt::Debug for Writer<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writer")
            .field("failed", &self.state.is_err())
            .finish()
    }
}

impl<S: Serializer> Writer<S> {
    /// Starts writing structure `name`, which has `required` required members written and
    /// optional members of which `present` says which are set.
    pub fn new(serializer: S, name: &'static str, required: usize, present: &[bool]) -> Self {
        let len = required + present.iter().filter(|&&set| set).count();
        Self {
            state: serializer.serialize_struct(name, len),
        }
    }

    /// Writes a required member.
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(state) = &mut self.state {
            if let Err(error) = state.serialize_field(key, value) {
                self.state = Err(error);
            }
        }
    }

    /// Writes an optional member when it is set, and skips it when not.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.field(key, value);
        } else {
            self.skip(key);
        }
    }

    /// Writes a required member in `format`.
    pub fn field_with<T, F: Format<T>>(&mut self, key: &'static str, value: &T, format: F) {
        self.field(key, &Formatted(value, format));
    }

    /// Writes an optional member in `format` when it is set, and skips it when not.
    pub fn optional_with<T, F: Format<Option<T>>>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
        format: F,
    ) {
        if value.is_some() {
            self.field(key, &Formatted(value, format));
        } else {
            self.skip(key);
        }
    }

    fn skip(&mut self, key: &'static str) {
        if let Ok(state) = &mut self.state {
            if let Err(error) = state.skip_field(key) {
                self.state = Err(error);
            }
        }
    }

    /// Ends the structure.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state.and_then(SerializeStruct::end)
    }
}

/// A value written in a [`Format`].
pub(crate) struct Formatted<'a, T, F>(pub(crate) &'a T, pub(crate) F);

impl<T, F: Format<T>> Serialize for Formatted<'_, T, F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.1.write(self.0, serializer)
    }
}

/// How a member whose JSON form is not its type's own is read and written: [`Float`],
/// [`Iso8601`], [`HttpDate`]. Implemented for the plain type and for `Option` of it.
pub trait Format<T>: Copy {
    /// Writes `value`.
    fn write<S: Serializer>(self, value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value.
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error>;
}

/// `f32` and `f64` members: numbers, and `NaN`, `Infinity` and `-Infinity` as strings
/// ([`wire::float`]).
#[derive(Debug, Clone, Copy)]
pub struct Float;

impl<T: wire::float::JsonFloat> Format<T> for Float {
    fn write<S: Serializer>(self, value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.write(serializer)
    }
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

/// Timestamp members with `timestampFormat: iso8601` ([`wire::iso8601`]).
#[derive(Debug, Clone, Copy)]
pub struct Iso8601;

impl<T: wire::iso8601::Format> Format<T> for Iso8601 {
    fn write<S: Serializer>(self, value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.write(serializer)
    }
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

/// Timestamp members with `timestampFormat: rfc822` ([`wire::http_date`]).
#[derive(Debug, Clone, Copy)]
pub struct HttpDate;

impl<T: wire::http_date::Format> Format<T> for HttpDate {
    fn write<S: Serializer>(self, value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.write(serializer)
    }
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

/// Map members of structures that clients read: a `null` value drops its entry, as the JSON
/// protocols ask of clients (a map that is not `@sparse` holds no nulls, so a `null` there
/// means no value). Written as the map itself.
#[derive(Debug, Clone, Copy)]
pub struct DenseMap;

impl<K, V> Format<BTreeMap<K, V>> for DenseMap
where
    K: Ord + Serialize + for<'a> Deserialize<'a>,
    V: Serialize + for<'a> Deserialize<'a>,
{
    fn write<S: Serializer>(
        self,
        value: &BTreeMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<BTreeMap<K, V>, D::Error> {
        Dense::deserialize(deserializer).map(|map| map.0)
    }
}

impl<K, V> Format<Option<BTreeMap<K, V>>> for DenseMap
where
    K: Ord + Serialize + for<'a> Deserialize<'a>,
    V: Serialize + for<'a> Deserialize<'a>,
{
    fn write<S: Serializer>(
        self,
        value: &Option<BTreeMap<K, V>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
    fn read<'de, D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<BTreeMap<K, V>>, D::Error> {
        Option::<Dense<K, V>>::deserialize(deserializer).map(|map| map.map(|map| map.0))
    }
}

struct DenseMapVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K, V> Visitor<'de> for DenseMapVisitor<K, V>
where
    K: Ord + Deserialize<'de>,
    V: Deserialize<'de>,
{
    type Value = BTreeMap<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key()? {
            if let Some(value) = map.next_value::<Option<V>>()? {
                entries.insert(key, value);
            }
        }
        Ok(entries)
    }
}

/// A map read by [`DenseMapVisitor`].
struct Dense<K, V>(BTreeMap<K, V>);

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Dense<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(DenseMapVisitor(PhantomData))
            .map(Dense)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timestamp;

    /// What the generator emits for a structure with a required string, an optional list of
    /// itself, an optional float and an iso8601 timestamp, in an error shape (`Message` also
    /// read from `message`).
    #[derive(Debug, PartialEq)]
    struct Shape {
        name: String,
        children: Option<Vec<Shape>>,
        ratio: Option<f64>,
        at: Option<Timestamp>,
        message: Option<String>,
    }

    impl Serialize for Shape {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut writer = Writer::new(
                serializer,
                "Shape",
                1,
                &[
                    self.children.is_some(),
                    self.ratio.is_some(),
                    self.at.is_some(),
                    self.message.is_some(),
                ],
            );
            writer.field("Name", &self.name);
            writer.optional("Children", &self.children);
            writer.optional_with("Ratio", &self.ratio, Float);
            writer.optional_with("At", &self.at, Iso8601);
            writer.optional("Message", &self.message);
            writer.end()
        }
    }

    impl Structure for Shape {
        const NAME: &'static str = "Shape";
        const KEYS: &'static [&'static str] =
            &["Name", "Children", "Ratio", "At", "Message", "message"];

        fn read<'de, M: MapAccess<'de>>(mut reader: Reader<'de, M>) -> Result<Self, M::Error> {
            let mut m0 = None;
            let mut m1 = None;
            let mut m2 = None;
            let mut m3 = None;
            let mut m4 = None;
            while let Some(key) = reader.next_key() {
                match key {
                    0 => reader.value(&mut m0, "Name"),
                    1 => reader.value(&mut m1, "Children"),
                    2 => reader.value_with(&mut m2, "Ratio", Float),
                    3 => reader.value_with(&mut m3, "At", Iso8601),
                    4 | 5 => reader.value(&mut m4, "Message"),
                    _ => reader.skip(),
                }
            }
            let m0 = m0.flatten();
            reader.require(&[(m0.is_none(), "Name")])?;
            reader.finish(Self {
                name: zero_or(m0),
                children: m1.flatten(),
                ratio: m2.flatten(),
                at: m3.flatten(),
                message: m4.flatten(),
            })
        }
    }

    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    fn leaf(name: &str) -> Shape {
        Shape {
            name: name.to_owned(),
            children: None,
            ratio: None,
            at: None,
            message: None,
        }
    }

    #[test]
    fn members_round_trip_under_their_wire_names() {
        let shape = Shape {
            children: Some(vec![leaf("b")]),
            ratio: Some(f64::INFINITY),
            at: Some(Timestamp::from_secs(1_515_533_481)),
            message: Some("m".to_owned()),
            ..leaf("a")
        };
        let json = serde_json::to_string(&shape).unwrap();
        assert_eq!(
            json,
            r#"{"Name":"a","Children":[{"Name":"b"}],"Ratio":"Infinity","At":"2018-01-09T21:31:21Z","Message":"m"}"#
        );
        assert_eq!(serde_json::from_str::<Shape>(&json).unwrap(), shape);
        assert_eq!(
            serde_json::to_string(&leaf("x")).unwrap(),
            r#"{"Name":"x"}"#
        );
    }

    #[test]
    fn unknown_keys_nulls_and_aliases() {
        let shape: Shape = serde_json::from_str(
            r#"{"Extra":{"a":[1,{"b":null}]},"Name":"a","Ratio":null,"message":"lower"}"#,
        )
        .unwrap();
        assert_eq!(
            shape,
            Shape {
                message: Some("lower".to_owned()),
                ..leaf("a")
            }
        );
        let nan: Shape = serde_json::from_str(r#"{"Name":"a","Ratio":"NaN"}"#).unwrap();
        assert!(nan.ratio.unwrap().is_nan());
    }

    #[test]
    fn errors_read_as_serde_derive_reports_them() {
        let error = |json: &str| serde_json::from_str::<Shape>(json).unwrap_err().to_string();
        assert!(error(r#"{"Children":[]}"#).starts_with("missing field `Name`"));
        assert!(error(r#"{"Name":"a","Name":"b"}"#).starts_with("duplicate field `Name`"));
        assert!(error(r#"{"Name":"a","message":"x","Message":"y"}"#)
            .starts_with("duplicate field `Message`"));
        assert!(error(r#"{"Name":5}"#).starts_with("invalid type: integer `5`, expected a string"));
        assert!(error(r#""text""#).contains("expected struct Shape"));
        assert!(error(r#"{"Name":"a","At":"yesterday"}"#).contains("RFC 3339"));
        // The first error wins over a missing member.
        assert!(error(r#"{"Children":[{}]}"#).starts_with("missing field `Name`"));
        assert!(error(r#"{"Ratio":"x"}"#).starts_with("invalid value: string \"x\""));
    }

    /// A structure with a map member of sets, as generated for a structure clients read.
    #[derive(Debug, PartialEq)]
    struct Sets {
        sets: Option<BTreeMap<String, Vec<String>>>,
        required: BTreeMap<String, String>,
    }

    impl Structure for Sets {
        const NAME: &'static str = "Sets";
        const KEYS: &'static [&'static str] = &["Sets", "Required"];

        fn read<'de, M: MapAccess<'de>>(mut reader: Reader<'de, M>) -> Result<Self, M::Error> {
            let mut m0 = None;
            let mut m1 = None;
            while let Some(key) = reader.next_key() {
                match key {
                    0 => reader.value_with(&mut m0, "Sets", DenseMap),
                    1 => reader.value_with(&mut m1, "Required", DenseMap),
                    _ => reader.skip(),
                }
            }
            let m1 = m1.flatten();
            reader.require(&[(m1.is_none(), "Required")])?;
            reader.finish(Self {
                sets: m0.flatten(),
                required: zero_or(m1),
            })
        }
    }

    impl<'de> Deserialize<'de> for Sets {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    #[test]
    fn dense_maps_drop_null_values() {
        let read: Sets = serde_json::from_str(
            r#"{"Sets":{"x":[],"y":["a","b"],"z":null},"Required":{"k":null,"l":"v"}}"#,
        )
        .unwrap();
        assert_eq!(read.sets.unwrap().keys().collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(
            read.required.into_iter().collect::<Vec<_>>(),
            [("l".to_owned(), "v".to_owned())]
        );
        let read: Sets = serde_json::from_str(r#"{"Sets":null,"Required":{}}"#).unwrap();
        assert_eq!(read.sets, None);
        let error = serde_json::from_str::<Sets>(r#"{"Required":{"k":1}}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid type: integer `1`, expected a string"),
            "{error}"
        );
        let error = serde_json::from_str::<Sets>(r#"{"Required":null}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("missing field `Required`"),
            "{error}"
        );
        let error = serde_json::from_str::<Sets>(r#"{"Required":{},"Sets":[]}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid type: sequence, expected a map"),
            "{error}"
        );
    }

    #[test]
    fn error_correction_fills_missing_required_members_only_while_on() {
        let json = r#"{"Children":[{"Name":null},{"Ratio":1.5}]}"#;
        let corrected: Shape = with_error_correction(|| serde_json::from_str(json)).unwrap();
        assert_eq!(
            corrected,
            Shape {
                children: Some(vec![
                    leaf(""),
                    Shape {
                        ratio: Some(1.5),
                        ..leaf("")
                    }
                ]),
                ..leaf("")
            }
        );
        let sets: Sets = with_error_correction(|| serde_json::from_str(r#"{"Required":null}"#))
            .expect("a null required member is corrected");
        assert!(sets.required.is_empty());
        // Off again afterwards, even after a panic inside.
        assert!(serde_json::from_str::<Shape>(json).is_err());
        let panicked = std::panic::catch_unwind(|| with_error_correction(|| panic!("inside")));
        assert!(panicked.is_err());
        assert!(serde_json::from_str::<Shape>("{}").is_err());
        // A value of the wrong type is still an error.
        let error = with_error_correction(|| serde_json::from_str::<Shape>(r#"{"Name":5}"#));
        assert!(error.is_err());
    }

    #[test]
    fn zero_values_are_smithy_s() {
        assert_eq!(String::zero(), "");
        assert_eq!((i32::zero(), i64::zero(), f64::zero()), (0, 0, 0.0));
        assert!(!bool::zero());
        assert_eq!(wire::Timestamp::zero(), wire::Timestamp::from_secs(0));
        assert!(wire::Blob::zero().0.is_empty());
        assert_eq!(crate::Document::zero(), crate::Document::Null);
        assert_eq!(wire::UnknownValue::zero().as_str(), "");
        assert_eq!(crate::UnknownMember::zero().name(), "");
        assert_eq!(*Box::<i32>::zero(), 0);
    }

    #[test]
    fn missing_members_are_violations_at_their_paths() {
        let violations =
            crate::json::decode::<Shape>(br#"{"Name":"a","Children":[{"Name":"b"},{}]}"#)
                .unwrap_err();
        assert_eq!(violations.0[0].path, "/Children/1/Name");
        assert_eq!(
            violations.0[0].message,
            "Value null at '/Children/1/Name' failed to satisfy constraint: Member must not be null"
        );
        let violations = crate::json::decode::<Shape>(br#"{"Name":"a","Ratio":true}"#).unwrap_err();
        assert_eq!(violations.0[0].path, "/Ratio");
    }
}
