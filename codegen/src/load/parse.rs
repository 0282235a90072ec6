//! JSON text → the raw mirror, entry by entry, so that every malformed entry is reported.
//!
//! The text is first read as a [`serde_json::Value`] (a syntax error stops there, with its line
//! and column) while duplicate object keys are collected. Then each top-level part, and each
//! operation and shape on its own, is read into its [`crate::model::raw`] type: an entry that
//! does not fit is reported with its path and kept as "present but broken", so that later
//! checks neither report references to it as unknown nor look inside it.

use std::collections::BTreeSet;
use std::fmt;

use indexmap::IndexMap;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::fault::{Fault, JsonPath, Segment};
use crate::model::raw;

/// The raw parts of a `service-2.json`; `None` entries were present but malformed (already
/// reported).
#[derive(Debug, Default)]
pub(crate) struct RawService {
    pub version: Option<String>,
    /// `None` when missing or malformed (already reported).
    pub metadata: Option<raw::Metadata>,
    pub operations: IndexMap<String, Option<raw::Operation>>,
    pub shapes: IndexMap<String, Option<raw::Shape>>,
    pub documentation: Option<String>,
    /// Endpoint rule parameters a client sets in its configuration; read, not used.
    pub client_context_params: IndexMap<String, Option<raw::ClientContextParam>>,
    pub deprecated: Option<bool>,
    pub deprecated_message: Option<String>,
}

/// The raw form of a `paginators-1.json`; `None` entries were malformed (already reported).
#[derive(Debug, Default)]
pub(crate) struct RawPaginators {
    pub pagination: IndexMap<String, Option<raw::Paginator>>,
}

const SERVICE_KEYS: &[&str] = &[
    "version",
    "metadata",
    "operations",
    "shapes",
    "documentation",
    "clientContextParams",
    "deprecated",
    "deprecatedMessage",
];

/// Reads a `service-2.json`; `None` when the text is not a JSON object.
pub(crate) fn parse_service(text: &str, faults: &mut Vec<Fault>) -> Option<RawService> {
    let top = parse_object(text, faults)?;
    let root = JsonPath::root();
    let mut service = RawService::default();
    let mut seen = BTreeSet::new();
    for (key, value) in &top {
        let path = root.key(key.as_str());
        seen.insert(key.as_str());
        match key.as_str() {
            "version" => service.version = part(value, &path, faults),
            "metadata" => service.metadata = part(value, &path, faults),
            "operations" => service.operations = entries(value, &path, faults),
            "shapes" => service.shapes = entries(value, &path, faults),
            "documentation" => service.documentation = part(value, &path, faults),
            "clientContextParams" => {
                service.client_context_params = entries(value, &path, faults);
            }
            "deprecated" => service.deprecated = part(value, &path, faults),
            "deprecatedMessage" => service.deprecated_message = part(value, &path, faults),
            _ => faults.push(unknown_key(path, SERVICE_KEYS)),
        }
    }
    for required in ["metadata", "operations", "shapes"] {
        if !seen.contains(required) {
            faults.push(Fault::new(
                root.clone(),
                format!("missing key `{required}`"),
            ));
        }
    }
    Some(service)
}

/// Reads a `paginators-1.json`; `None` when the text is not a JSON object.
pub(crate) fn parse_paginators(text: &str, faults: &mut Vec<Fault>) -> Option<RawPaginators> {
    let top = parse_object(text, faults)?;
    let root = JsonPath::root();
    let mut paginators = RawPaginators::default();
    let mut seen = false;
    for (key, value) in &top {
        let path = root.key(key.as_str());
        match key.as_str() {
            "pagination" => {
                seen = true;
                paginators.pagination = entries(value, &path, faults);
            }
            // The file format's version (`"1.0"`, in one model): read, not used.
            "version" => {
                if !value.is_string() {
                    faults.push(Fault::new(path, "expected a string"));
                }
            }
            _ => faults.push(unknown_key(path, &["pagination", "version"])),
        }
    }
    if !seen {
        faults.push(Fault::new(root, "missing key `pagination`"));
    }
    Some(paginators)
}

fn unknown_key(path: JsonPath, expected: &[&str]) -> Fault {
    let expected: Vec<String> = expected.iter().map(|key| format!("`{key}`")).collect();
    Fault::new(
        path,
        format!("unknown key, expected one of {}", expected.join(", ")),
    )
}

/// Parses `text` as JSON that must be an object, reporting syntax errors and duplicate keys.
fn parse_object(text: &str, faults: &mut Vec<Fault>) -> Option<serde_json::Map<String, Value>> {
    let mut duplicates = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let checked = DuplicateKeys {
        path: JsonPath::root(),
        faults: &mut duplicates,
    }
    .deserialize(&mut deserializer)
    .and_then(|()| deserializer.end());
    if let Err(error) = checked {
        faults.push(Fault::new(
            JsonPath::root(),
            format!("malformed JSON: {error}"),
        ));
        return None;
    }
    faults.append(&mut duplicates);
    match serde_json::from_str(text) {
        Ok(Value::Object(object)) => Some(object),
        Ok(other) => {
            faults.push(Fault::new(
                JsonPath::root(),
                format!("expected a JSON object, found {}", kind_of(&other)),
            ));
            None
        }
        Err(error) => {
            faults.push(Fault::new(
                JsonPath::root(),
                format!("malformed JSON: {error}"),
            ));
            None
        }
    }
}

/// The kind of a JSON value, for messages (`an array`, `a string`).
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads `value` as a `T`, reporting a mismatch at its path below `path`.
fn part<T: DeserializeOwned>(value: &Value, path: &JsonPath, faults: &mut Vec<Fault>) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(part) => Some(part),
        Err(error) => {
            faults.push(serde_fault(path, &error));
            None
        }
    }
}

/// Reads `value` as an object of `T`s, each on its own.
fn entries<T: DeserializeOwned>(
    value: &Value,
    path: &JsonPath,
    faults: &mut Vec<Fault>,
) -> IndexMap<String, Option<T>> {
    let Value::Object(object) = value else {
        faults.push(Fault::new(
            path.clone(),
            format!("expected an object, found {}", kind_of(value)),
        ));
        return IndexMap::new();
    };
    object
        .iter()
        .map(|(key, entry)| (key.clone(), part(entry, &path.key(key.as_str()), faults)))
        .collect()
}

/// A fault from a `serde` error, with the error's path appended to `prefix`.
///
/// `unknown field `x`, expected ...` becomes `<path>.x: unknown key, expected ...`,
/// `missing field `x`` becomes `missing key `x`` and `unknown variant` becomes `unknown value`,
/// in the words of a JSON document.
fn serde_fault(prefix: &JsonPath, error: &serde_path_to_error::Error<serde_json::Error>) -> Fault {
    let mut path = prefix.clone();
    for segment in error.path() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => path = path.index(*index),
            serde_path_to_error::Segment::Map { key }
            | serde_path_to_error::Segment::Enum { variant: key } => path = path.key(key.as_str()),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    let message = error.inner().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((key, expected)) = rest.split_once('`') {
            let expected = expected.trim_start_matches(", ");
            let expected = if expected.starts_with("there are no fields") {
                "no keys are allowed here".to_owned()
            } else {
                expected.to_owned()
            };
            // The error's path usually ends with the key already.
            let ends_with_key =
                matches!(path.segments().last(), Some(Segment::Key(last)) if last == key);
            if !ends_with_key {
                path = path.key(key);
            }
            return Fault::new(path, format!("unknown key, {expected}"));
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return Fault::new(path, format!("unknown value {rest}"));
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return Fault::new(path, format!("missing key {rest}"));
    }
    Fault::new(path, message)
}

/// A pass over a JSON document that reports duplicate object keys (which `serde_json` would
/// silently resolve to the last one).
struct DuplicateKeys<'a> {
    path: JsonPath,
    faults: &'a mut Vec<Fault>,
}

impl<'de> DeserializeSeed<'de> for DuplicateKeys<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DuplicateKeys<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let element = DuplicateKeys {
                path: self.path.index(index),
                faults: &mut *self.faults,
            };
            if seq.next_element_seed(element)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = self.path.key(key.as_str());
            if !keys.insert(key) {
                self.faults.push(Fault::new(path.clone(), "duplicate key"));
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            map.next_value_seed(DuplicateKeys {
                path,
                faults: &mut *self.faults,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults_of(text: &str) -> Vec<String> {
        let mut faults = Vec::new();
        parse_service(text, &mut faults);
        faults.sort();
        faults.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        assert_eq!(
            faults_of("{\n  \"shapes\": {,\n}"),
            ["malformed JSON: key must be a string at line 2 column 14"]
        );
        assert_eq!(
            faults_of(""),
            ["malformed JSON: EOF while parsing a value at line 1 column 0"]
        );
        assert_eq!(
            faults_of("{} x"),
            ["malformed JSON: trailing characters at line 1 column 4"]
        );
    }

    #[test]
    fn not_an_object() {
        assert_eq!(faults_of("[1]"), ["expected a JSON object, found an array"]);
    }

    #[test]
    fn duplicates_are_reported() {
        assert_eq!(
            faults_of(
                r#"{"metadata": {}, "operations": {}, "shapes": {"A": {"type": "string"}, "A": {"type": "string"}}}"#
            ),
            ["shapes.A: duplicate key"]
        );
    }

    #[test]
    fn serde_paths_and_keys() {
        let text = r#"{
            "metadata": {"protocoll": "json"},
            "operations": {"Op": {"name": "Op", "http": {"method": "POST"}}},
            "shapes": {
                "A": {"type": "strin"},
                "B": {"type": "structure", "members": {"M": {"shape": 1}}},
                "C": {"type": "list", "member": {"shape": "A", "x": 1}},
                "D": {"type": "string"}
            },
            "extra": 1
        }"#;
        let mut faults = Vec::new();
        let service = parse_service(text, &mut faults).expect("an object");
        faults.sort();
        let lines: Vec<String> = faults.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "extra: unknown key, expected one of `version`, `metadata`, `operations`, `shapes`, `documentation`, `clientContextParams`, `deprecated`, `deprecatedMessage`",
                "metadata.protocoll: unknown key, expected one of `apiVersion`, `endpointPrefix`, `protocol`, `jsonVersion`, `targetPrefix`, `serviceId`, `serviceFullName`, `signatureVersion`, `signingName`, `uid`, `auth`, `protocols`, `serviceAbbreviation`, `protocolSettings`, `ripServiceName`, `checksumFormat`, `awsQueryCompatible`, `globalEndpoint`, `xmlNamespace`",
                "operations.Op.http: missing key `requestUri`",
                "shapes.A.type: unknown value `strin`, expected one of `structure`, `string`, `integer`, `long`, `double`, `float`, `boolean`, `timestamp`, `blob`, `list`, `map`",
                "shapes.B.members.M.shape: invalid type: integer `1`, expected a string",
                "shapes.C.member.x: unknown key, expected one of `shape`, `documentation`, `jsonvalue`",
            ]
        );
        assert!(service.metadata.is_none());
        assert_eq!(service.shapes.len(), 4);
        assert!(service.shapes["A"].is_none());
        assert!(service.shapes["D"].is_some());
        assert!(service.operations["Op"].is_none());
    }

    #[test]
    fn missing_top_level_keys() {
        assert_eq!(
            faults_of("{}"),
            [
                "missing key `metadata`",
                "missing key `operations`",
                "missing key `shapes`"
            ]
        );
    }

    #[test]
    fn paginators() {
        let mut faults = Vec::new();
        let paginators = parse_paginators(
            r#"{"pagination": {"A": {"input_token": "T", "output_token": "T"}, "B": {"input_token": 1}}}"#,
            &mut faults,
        )
        .expect("an object");
        let lines: Vec<String> = faults.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            ["pagination.B.input_token: invalid type: integer `1`, expected a string"]
        );
        assert!(paginators.pagination["A"].is_some());
    }
}
