//! Checks JSON against a model: whether a value is one the model allows for a shape, member by
//! member, with the constraints a service's own answers satisfy.
//!
//! It is what a test uses to hold a server that emulates a service (this project's emulator)
//! to the model: every answer it gives is walked, and each member is checked for its type, its
//! length or range, its pattern (matched against the whole value, as the services match), its
//! enum's values, and for structures, that every key is a member and every required member is
//! there. A union holds exactly one member; a document may hold anything.
//!
//! [`Checker::operation_for`] finds the operation an HTTP request called, so that a transport
//! or a proxy can check answers without knowing the operations by name.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use crate::model::{
    Member, Operation, Protocol, Service, ShapeId, ShapeKind, Structure, StructureId,
    TimestampFormat, UriSegment,
};

/// One thing an answer holds that the model does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A JSON pointer to the value (`/ConfigurationSets/0/Status`); empty for the whole body.
    pub path: String,
    /// What is wrong, naming the shape and the constraint.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Checks values against one service's shapes; its patterns are compiled once, anchored to
/// match the whole value.
#[derive(Debug)]
pub struct Checker<'a> {
    service: &'a Service,
    patterns: HashMap<ShapeId, regress::Regex>,
}

impl<'a> Checker<'a> {
    /// A checker of `service`'s shapes.
    pub fn new(service: &'a Service) -> Self {
        let patterns = service
            .shapes
            .iter()
            .filter_map(|(id, shape)| match &shape.kind {
                ShapeKind::String(string) => string.pattern.as_ref().map(|pattern| {
                    let flags = if pattern.unicode { "u" } else { "" };
                    let whole =
                        regress::Regex::with_flags(&format!("^(?:{})$", pattern.source), flags)
                            .expect("a pattern that compiles compiles anchored");
                    (id, whole)
                }),
                _ => None,
            })
            .collect();
        Self { service, patterns }
    }

    /// The service checked.
    pub fn service(&self) -> &'a Service {
        self.service
    }

    /// The operation a request calls: by `X-Amz-Target` for the JSON RPC protocols, by method
    /// and path (query left out) for restJson1.
    pub fn operation_for(
        &self,
        method: &str,
        path: &str,
        target: Option<&str>,
    ) -> Option<&'a Operation> {
        match self.service.metadata.protocol {
            Protocol::RestJson1 => {
                let path = path.split('?').next().unwrap_or(path);
                let segments: Vec<&str> = path
                    .trim_matches('/')
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .collect();
                self.service.operations.values().find(|operation| {
                    operation.http.method.as_str().eq_ignore_ascii_case(method)
                        && template_matches(&operation.http.uri.segments, &segments)
                })
            }
            _ => {
                let (prefix, name) = target?.split_once('.')?;
                (self.service.metadata.target_prefix.as_deref() == Some(prefix))
                    .then(|| self.service.operations.get(name))
                    .flatten()
            }
        }
    }

    /// Checks the body of a successful answer of `operation` against its output: the output
    /// structure's members that travel in the body, or its payload member's value.
    pub fn check_output(&self, operation: &Operation, body: &[u8]) -> Vec<Finding> {
        let Some(output) = operation.output else {
            return Vec::new();
        };
        if let Some(payload) = self.service[output].payload() {
            return match parse(body) {
                Ok(Some(value)) => self.check_shape(payload.shape, &value),
                Ok(None) => Vec::new(),
                Err(finding) => vec![finding],
            };
        }
        match parse(body) {
            Ok(value) => self.check_body(
                output,
                &value.unwrap_or_else(|| Value::Object(Default::default())),
                false,
            ),
            Err(finding) => vec![finding],
        }
    }

    /// Checks the body of an error answer whose code is `code`, when the model has an error
    /// shape of that name (the protocols' own errors, such as `SerializationException`, have
    /// none). `__type` and a `message` key for the shape's `Message` member are the
    /// protocol's.
    pub fn check_error(&self, code: &str, body: &[u8]) -> Vec<Finding> {
        let code = code.rsplit('#').next().unwrap_or(code);
        let code = code.split(':').next().unwrap_or(code);
        let Some((error, _)) = self
            .service
            .shapes
            .find_structure(code)
            .filter(|(_, s)| s.error.is_some())
        else {
            return Vec::new();
        };
        match parse(body) {
            Ok(value) => self.check_body(
                error,
                &value.unwrap_or_else(|| Value::Object(Default::default())),
                true,
            ),
            Err(finding) => vec![finding],
        }
    }

    /// Checks an answer of `operation`: a 2xx `status` as its output
    /// ([`Checker::check_output`]), anything else as the error `error` (its
    /// `X-Amzn-ErrorType`; [`Checker::check_error`]).
    pub fn check_answer(
        &self,
        operation: &Operation,
        status: u16,
        error: Option<&str>,
        body: &[u8],
    ) -> Vec<Finding> {
        if (200..300).contains(&status) {
            self.check_output(operation, body)
        } else {
            self.check_error(error.unwrap_or(""), body)
        }
    }

    /// Checks `value` against the shape called `shape`; a finding if there is none.
    pub fn check(&self, shape: &str, value: &Value) -> Vec<Finding> {
        match self.service.shapes.id(shape) {
            Some(id) => self.check_shape(id, value),
            None => vec![Finding {
                path: String::new(),
                message: format!("the model has no shape {shape}"),
            }],
        }
    }

    /// Checks `value` against shape `shape`.
    pub fn check_shape(&self, shape: ShapeId, value: &Value) -> Vec<Finding> {
        let mut walk = Walk {
            checker: self,
            path: String::new(),
            findings: Vec::new(),
        };
        walk.value(shape, value);
        walk.findings
    }

    fn check_body(&self, structure: StructureId, value: &Value, error: bool) -> Vec<Finding> {
        let mut walk = Walk {
            checker: self,
            path: String::new(),
            findings: Vec::new(),
        };
        let name = &self.service[ShapeId::from(structure)].name;
        walk.structure(name, &self.service[structure], value, error);
        walk.findings
    }
}

/// A body as JSON: `None` when it is empty.
fn parse(body: &[u8]) -> Result<Option<Value>, Finding> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(body)
        .map(Some)
        .map_err(|error| Finding {
            path: String::new(),
            message: format!("the body is not JSON: {error}"),
        })
}

/// Whether a path's segments fit a template's: literals equal, a label one segment, a greedy
/// label one or more.
fn template_matches(template: &[UriSegment], segments: &[&str]) -> bool {
    match (template.split_first(), segments.split_first()) {
        (None, None) => true,
        (Some((UriSegment::Label(label), rest)), Some(_)) if label.greedy => {
            (1..=segments.len()).any(|n| template_matches(rest, &segments[n..]))
        }
        (Some((UriSegment::Label(_), rest)), Some((_, more))) => template_matches(rest, more),
        (Some((UriSegment::Literal(text), rest)), Some((segment, more))) => {
            text == segment && template_matches(rest, more)
        }
        _ => false,
    }
}

struct Walk<'c, 'a> {
    checker: &'c Checker<'a>,
    path: String,
    findings: Vec<Finding>,
}

impl Walk<'_, '_> {
    fn fail(&mut self, message: String) {
        self.findings.push(Finding {
            path: self.path.clone(),
            message,
        });
    }

    fn enter(&mut self, segment: &str) -> usize {
        let mark = self.path.len();
        self.path.push('/');
        self.path
            .push_str(&segment.replace('~', "~0").replace('/', "~1"));
        mark
    }

    fn value(&mut self, id: ShapeId, value: &Value) {
        let service = self.checker.service;
        let shape = &service[id];
        let shape_name = shape.name.as_str();
        if value.is_null() {
            self.fail(format!(
                "null where the model has a {} ({shape_name})",
                shape.kind.type_str()
            ));
            return;
        }
        match &shape.kind {
            ShapeKind::Structure(structure) => self.structure(shape_name, structure, value, false),
            ShapeKind::String(_) => match value.as_str() {
                Some(text) => self.string(id, text),
                None => self.fail(format!("{value} is not a string ({shape_name})")),
            },
            ShapeKind::Integer(range) | ShapeKind::Long(range) => {
                let fits = |n: &i64| {
                    !matches!(shape.kind, ShapeKind::Integer(_)) || i32::try_from(*n).is_ok()
                };
                match value.as_i64().filter(fits) {
                    Some(n) => self.range(
                        shape_name,
                        n as f64,
                        range.min.map(|m| m as f64),
                        range.max.map(|m| m as f64),
                    ),
                    None => self.fail(format!(
                        "{value} is not a {} ({shape_name})",
                        shape.kind.type_str()
                    )),
                }
            }
            ShapeKind::Double(range) | ShapeKind::Float(range) => match value {
                Value::Number(n) => self.range(
                    shape_name,
                    n.as_f64().unwrap_or(f64::NAN),
                    range.min,
                    range.max,
                ),
                Value::String(s) if ["NaN", "Infinity", "-Infinity"].contains(&s.as_str()) => {}
                _ => self.fail(format!("{value} is not a number ({shape_name})")),
            },
            ShapeKind::Boolean => {
                if !value.is_boolean() {
                    self.fail(format!("{value} is not a boolean ({shape_name})"));
                }
            }
            ShapeKind::Timestamp(timestamp) => {
                let ok = match timestamp.format {
                    Some(TimestampFormat::Iso8601) | Some(TimestampFormat::Rfc822) => {
                        value.is_string()
                    }
                    Some(TimestampFormat::UnixTimestamp) | None => value.is_number(),
                };
                if !ok {
                    self.fail(format!("{value} is not a timestamp in the format the protocol gives ({shape_name})"));
                }
            }
            ShapeKind::Blob(blob) => {
                use base64::Engine as _;
                match value
                    .as_str()
                    .map(|s| base64::engine::general_purpose::STANDARD.decode(s))
                {
                    Some(Ok(bytes)) => self.length(
                        shape_name,
                        bytes.len() as u64,
                        blob.length.min,
                        blob.length.max,
                    ),
                    _ => self.fail(format!("{value} is not base64 ({shape_name})")),
                }
            }
            ShapeKind::List(list) => {
                let Some(items) = value.as_array() else {
                    return self.fail(format!("{value} is not a list ({shape_name})"));
                };
                self.length(
                    shape_name,
                    items.len() as u64,
                    list.length.min,
                    list.length.max,
                );
                for (i, item) in items.iter().enumerate() {
                    let mark = self.enter(&i.to_string());
                    if !(list.sparse && item.is_null()) {
                        self.value(list.member, item);
                    }
                    self.path.truncate(mark);
                }
            }
            ShapeKind::Map(map) => {
                let Some(entries) = value.as_object() else {
                    return self.fail(format!("{value} is not a map ({shape_name})"));
                };
                self.length(
                    shape_name,
                    entries.len() as u64,
                    map.length.min,
                    map.length.max,
                );
                for (key, item) in entries {
                    let mark = self.enter(key);
                    self.string(map.key, key);
                    if !(map.sparse && item.is_null()) {
                        self.value(map.value, item);
                    }
                    self.path.truncate(mark);
                }
            }
        }
    }

    /// A string of string shape `id`: its length, whole-value pattern and enum.
    fn string(&mut self, id: ShapeId, text: &str) {
        let shape = &self.checker.service[id];
        let shape_name = shape.name.as_str();
        let ShapeKind::String(string) = &shape.kind else {
            return self.fail(format!(
                "{text:?} where the model has a {shape_name}, not a string"
            ));
        };
        self.length(
            shape_name,
            text.chars().count() as u64,
            string.length.min,
            string.length.max,
        );
        if let Some(pattern) = self.checker.patterns.get(&id) {
            if pattern.find(text).is_none() {
                let source = &string.pattern.as_ref().expect("compiled from it").source;
                self.fail(format!(
                    "{text:?} does not match the whole pattern {source} ({shape_name})"
                ));
            }
        }
        if let Some(values) = &string.enum_values {
            if !values.iter().any(|v| v.value == text) {
                let known: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                self.fail(format!(
                    "{text:?} is not a value of the enum {shape_name}: [{}]",
                    known.join(", ")
                ));
            }
        }
    }

    /// A structure (or union, or document) and its members; `error` for an error body, which
    /// also carries the protocol's `__type` and may name the message `message`.
    fn structure(&mut self, shape_name: &str, structure: &Structure, value: &Value, error: bool) {
        if structure.document {
            return;
        }
        let Some(object) = value.as_object() else {
            return self.fail(format!("{value} is not an object ({shape_name})"));
        };
        let mut present = 0;
        for (key, item) in object {
            if error && key == "__type" {
                continue;
            }
            let member = structure
                .members
                .iter()
                .filter(|m| m.in_json_object())
                .find(|m| goes_by(m, key, error));
            let mark = self.enter(key);
            match member {
                Some(member) => {
                    present += 1;
                    self.value(member.shape, item);
                }
                None => self.fail(format!("{key} is not a member of {shape_name}")),
            }
            self.path.truncate(mark);
        }
        if structure.union {
            if present != 1 {
                self.fail(format!(
                    "a union ({shape_name}) holds {present} members, not one"
                ));
            }
            return;
        }
        for member in structure
            .members
            .iter()
            .filter(|m| m.required && m.in_json_object())
        {
            if !object.keys().any(|key| goes_by(member, key, error)) {
                self.fail(format!(
                    "the required member {} of {shape_name} is missing",
                    member.name
                ));
            }
        }
    }

    fn length(&mut self, shape_name: &str, len: u64, min: Option<u64>, max: Option<u64>) {
        if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
            self.fail(format!(
                "length {len} is outside {}..={} ({shape_name})",
                bound(min),
                bound(max)
            ));
        }
    }

    fn range(&mut self, shape_name: &str, n: f64, min: Option<f64>, max: Option<f64>) {
        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
            self.fail(format!(
                "{n} is outside {}..={} ({shape_name})",
                bound(min),
                bound(max)
            ));
        }
    }
}

/// Whether `member` is the body key `key`: its wire name, or in an error body `message` for a
/// member named `Message` in any case (the protocol's key for it).
fn goes_by(member: &Member, key: &str, error: bool) -> bool {
    member.wire_name == key
        || (error && key == "message" && member.wire_name.eq_ignore_ascii_case("message"))
}

fn bound<T: fmt::Display>(b: Option<T>) -> String {
    b.map_or_else(String::new, |b| b.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MODEL: &str = r#"{
      "version": "2.0",
      "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "shop", "jsonVersion": "1.0",
        "protocol": "json", "serviceFullName": "Shop", "serviceId": "Shop",
        "signatureVersion": "v4", "targetPrefix": "Shop", "uid": "shop-2020-01-01"},
      "operations": {
        "GetItem": {"name": "GetItem", "http": {"method": "POST", "requestUri": "/"},
          "input": {"shape": "GetItemRequest"}, "output": {"shape": "GetItemResult"},
          "errors": [{"shape": "NotFound"}]}
      },
      "shapes": {
        "GetItemRequest": {"type": "structure", "required": ["Id"], "members": {"Id": {"shape": "Id"}}},
        "GetItemResult": {"type": "structure", "required": ["Id"], "members": {
          "Id": {"shape": "Id"}, "Status": {"shape": "Status"}, "Count": {"shape": "Count"},
          "Tags": {"shape": "Tags"}, "Created": {"shape": "Time"}, "Choice": {"shape": "Choice"}}},
        "Id": {"type": "string", "min": 1, "max": 8, "pattern": "[a-z0-9-]+"},
        "Status": {"type": "string", "enum": ["ACTIVE", "DELETED"]},
        "Count": {"type": "integer", "min": 0, "max": 10},
        "Tags": {"type": "list", "member": {"shape": "Id"}, "max": 2},
        "Time": {"type": "timestamp"},
        "Choice": {"type": "structure", "union": true, "members": {"A": {"shape": "Id"}, "B": {"shape": "Count"}}},
        "NotFound": {"type": "structure", "members": {"Message": {"shape": "Text"}}, "exception": true},
        "Text": {"type": "string"}
      }
    }"#;

    fn findings(value: serde_json::Value) -> Vec<String> {
        let service = crate::load_service(MODEL, None).unwrap();
        let checker = Checker::new(&service);
        let operation = checker
            .operation_for("POST", "/", Some("Shop.GetItem"))
            .unwrap();
        checker
            .check_output(operation, value.to_string().as_bytes())
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_good_answer_has_no_findings() {
        let good = json!({"Id": "a-1", "Status": "ACTIVE", "Count": 3, "Tags": ["x"],
            "Created": 1700000000.5, "Choice": {"B": 1}});
        assert_eq!(findings(good), Vec::<String>::new());
    }

    #[test]
    fn each_constraint_is_checked_where_it_fails() {
        let bad = json!({"Status": "GONE", "Count": 11, "Tags": ["x", "y", "BAD ID"],
            "Created": "yesterday", "Choice": {"A": "a", "B": 1}, "Extra": true});
        assert_eq!(
            findings(bad),
            [
                "/Status: \"GONE\" is not a value of the enum Status: [ACTIVE, DELETED]",
                "/Count: 11 is outside 0..=10 (Count)",
                "/Tags: length 3 is outside ..=2 (Tags)",
                "/Tags/2: \"BAD ID\" does not match the whole pattern [a-z0-9-]+ (Id)",
                "/Created: \"yesterday\" is not a timestamp in the format the protocol gives (Time)",
                "/Choice: a union (Choice) holds 2 members, not one",
                "/Extra: Extra is not a member of GetItemResult",
                "/: the required member Id of GetItemResult is missing",
            ]
        );
        // A pattern found inside the value is not enough: the whole value must match.
        assert_eq!(
            findings(json!({"Id": "ok id"})),
            ["/Id: \"ok id\" does not match the whole pattern [a-z0-9-]+ (Id)"]
        );
        assert_eq!(findings(json!({"Id": null})).len(), 1);
    }

    #[test]
    fn rest_operations_are_found_by_method_and_path() {
        let model = r#"{
          "version": "2.0",
          "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "files", "protocol": "rest-json",
            "serviceFullName": "Files", "serviceId": "Files", "signatureVersion": "v4", "uid": "files-2020-01-01"},
          "operations": {
            "ListFolders": {"name": "ListFolders", "http": {"method": "GET", "requestUri": "/v1/folders"}},
            "GetFolder": {"name": "GetFolder", "http": {"method": "GET", "requestUri": "/v1/folders/{Name}"},
              "input": {"shape": "GetFolderRequest"}},
            "GetFile": {"name": "GetFile", "http": {"method": "GET", "requestUri": "/v1/folders/{Name}/files/{Key+}"},
              "input": {"shape": "GetFileRequest"}}
          },
          "shapes": {
            "GetFolderRequest": {"type": "structure", "required": ["Name"], "members": {
              "Name": {"shape": "Text", "location": "uri", "locationName": "Name"}}},
            "GetFileRequest": {"type": "structure", "required": ["Name", "Key"], "members": {
              "Name": {"shape": "Text", "location": "uri", "locationName": "Name"},
              "Key": {"shape": "Text", "location": "uri", "locationName": "Key"}}},
            "Text": {"type": "string"}
          }
        }"#;
        let service = crate::load_service(model, None).unwrap();
        let checker = Checker::new(&service);
        let found = |method, path| {
            checker
                .operation_for(method, path, None)
                .map(|o| o.name.as_str())
        };
        assert_eq!(found("GET", "/v1/folders"), Some("ListFolders"));
        assert_eq!(found("GET", "/v1/folders/a%20b?x=1"), Some("GetFolder"));
        assert_eq!(found("GET", "/v1/folders/a/files/b/c.txt"), Some("GetFile"));
        assert_eq!(found("DELETE", "/v1/folders/a"), None);
        assert_eq!(found("GET", "/v1/folders/a/files"), None);
    }

    #[test]
    fn errors_are_checked_by_their_code() {
        let service = crate::load_service(MODEL, None).unwrap();
        let checker = Checker::new(&service);
        let body = json!({"__type": "NotFound", "message": "no such item"}).to_string();
        assert!(checker.check_error("NotFound", body.as_bytes()).is_empty());
        let body = json!({"__type": "NotFound", "Reason": "gone"}).to_string();
        assert_eq!(checker.check_error("NotFound", body.as_bytes()).len(), 1);
        // Not a shape of the model: the protocol's own error.
        assert!(checker
            .check_error("SerializationException", b"{}")
            .is_empty());
        assert!(checker
            .operation_for("POST", "/", Some("Other.GetItem"))
            .is_none());
    }
}
