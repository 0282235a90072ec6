//! The suites as data: groups of cases, each group turned into a model in this project's
//! format (a `service-2.json` subset), or skipped with the reason why.
//!
//! A suite file is a list of groups, each with `metadata`, `shapes` and `cases`; every case
//! names its operation in `given`. A group becomes one service: the group's metadata plus
//! the keys our loader requires, the shapes its operation reaches (less the keys that do not
//! change what goes on the wire), and the operation. Features outside this project's scope
//! are found before the loader sees the model, so the reason a case is skipped is specific.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};

/// Which half of the protocol a suite tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    /// Params → the serialized request.
    Input,
    /// A response → the parsed output or error.
    Output,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Input => "input",
            Self::Output => "output",
        })
    }
}

/// One group of a suite: one service with one operation, and its cases.
#[derive(Debug, Clone)]
pub struct Group {
    /// The suite's name (`json_1_0`, `rest-json`).
    pub suite: &'static str,
    /// Input or output.
    pub direction: Direction,
    /// The endpoint the client is configured with (`clientEndpoint`), if the group gives one.
    pub client_endpoint: Option<String>,
    /// The model in this project's format, or why the group's cases are skipped.
    pub model: Result<Value, String>,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One case of a group.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case's `id`.
    pub id: String,
    /// The operation's name.
    pub operation: String,
    /// The whole case as in the suite.
    pub raw: Value,
}

/// Reads one suite file's groups.
pub fn read_suite(suite: &'static str, direction: Direction, text: &str) -> Result<Vec<Group>> {
    let groups: Vec<Value> = serde_json::from_str(text).context("reading the suite as JSON")?;
    let mut out = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        out.push(
            read_group(suite, direction, index, group)
                .with_context(|| format!("{suite} {direction} group {index}"))?,
        );
    }
    Ok(out)
}

fn read_group(
    suite: &'static str,
    direction: Direction,
    index: usize,
    group: &Value,
) -> Result<Group> {
    let object = group.as_object().context("a group is not an object")?;
    let description = object
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let client_endpoint = object
        .get("clientEndpoint")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let metadata = object
        .get("metadata")
        .and_then(Value::as_object)
        .context("no `metadata`")?;
    let shapes = object
        .get("shapes")
        .and_then(Value::as_object)
        .context("no `shapes`")?;
    let raw_cases = object
        .get("cases")
        .and_then(Value::as_array)
        .context("no `cases`")?;

    let mut cases = Vec::new();
    let mut operations: BTreeMap<String, &Value> = BTreeMap::new();
    for case in raw_cases {
        let id = case
            .get("id")
            .and_then(Value::as_str)
            .context("a case without `id`")?
            .to_owned();
        let given = case
            .get("given")
            .with_context(|| format!("case {id} has no `given`"))?;
        let operation = given
            .get("name")
            .and_then(Value::as_str)
            .with_context(|| format!("case {id}: `given` has no `name`"))?
            .to_owned();
        if let Some(first) = operations.insert(operation.clone(), given) {
            if first != given {
                bail!("cases of operation {operation} give different operations");
            }
        }
        cases.push(Case {
            id,
            operation,
            raw: case.clone(),
        });
    }

    let service_id = format!("{}-{}-{index:02}", suite.replace(['_', '-'], ""), direction);
    let model = build_model(metadata, shapes, &operations, &service_id, &description);
    Ok(Group {
        suite,
        direction,
        client_endpoint,
        model,
        cases,
    })
}

/// The group's model in our format, or the reason its cases are skipped.
fn build_model(
    metadata: &Map<String, Value>,
    shapes: &Map<String, Value>,
    operations: &BTreeMap<String, &Value>,
    service_id: &str,
    description: &str,
) -> Result<Value, String> {
    let mut reachable = BTreeSet::new();
    let mut ops = Map::new();
    for (name, given) in operations {
        let mut roots = Vec::new();
        for key in ["input", "output"] {
            if let Some(shape) = given
                .get(key)
                .and_then(|r| r.get("shape"))
                .and_then(Value::as_str)
            {
                roots.push(shape.to_owned());
            }
        }
        for error in given
            .get("errors")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(shape) = error.get("shape").and_then(Value::as_str) {
                roots.push(shape.to_owned());
            }
        }
        reach(shapes, roots, &mut reachable);
        let mut op = given.as_object().cloned().unwrap_or_default();
        op.remove("documentation");
        ops.insert(name.clone(), Value::Object(op));
    }
    let mut model_shapes = Map::new();
    for name in &reachable {
        let Some(shape) = shapes.get(name) else {
            // Left for the loader to report as an unknown shape.
            continue;
        };
        if let Some(reason) = shape_scope(name, shape) {
            return Err(reason);
        }
        model_shapes.insert(name.clone(), clean_shape(shape));
    }

    let mut meta = Map::new();
    for (key, value) in metadata {
        if key != "protocols" {
            meta.insert(key.clone(), value.clone());
        }
    }
    let api_version = meta
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("2020-01-01")
        .to_owned();
    let prefix = "protocoltest";
    meta.insert("serviceId".into(), json!(service_id));
    meta.insert("serviceFullName".into(), json!(description));
    meta.insert("signatureVersion".into(), json!("v4"));
    meta.entry("signingName").or_insert(json!(prefix));
    meta.entry("endpointPrefix").or_insert(json!(prefix));
    meta.insert("uid".into(), json!(format!("{prefix}-{api_version}")));
    Ok(json!({
        "version": "2.0",
        "metadata": meta,
        "operations": ops,
        "shapes": model_shapes,
    }))
}

/// Every shape reachable from `roots` (through members, list members, map keys and values).
fn reach(shapes: &Map<String, Value>, roots: Vec<String>, seen: &mut BTreeSet<String>) {
    let mut stack = roots;
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(shape) = shapes.get(&name) else {
            continue;
        };
        let mut targets = Vec::new();
        if let Some(members) = shape.get("members").and_then(Value::as_object) {
            targets.extend(members.values().filter_map(|m| m.get("shape")));
        }
        for key in ["member", "key", "value"] {
            if let Some(target) = shape.get(key).and_then(|r| r.get("shape")) {
                targets.push(target);
            }
        }
        stack.extend(
            targets
                .into_iter()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
    }
}

/// Why a shape is outside this project's scope, if it is.
fn shape_scope(name: &str, shape: &Value) -> Option<String> {
    let flag = |key: &str| shape.get(key).and_then(Value::as_bool) == Some(true);
    if flag("streaming") || flag("eventstream") {
        return Some(format!(
            "streaming and event streams (shape {name}) are outside this project's scope"
        ));
    }
    for (member_name, member) in shape
        .get("members")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let flag = |key: &str| member.get(key).and_then(Value::as_bool) == Some(true);
        if flag("streaming") || flag("eventpayload") {
            return Some(format!(
                "streaming members ({name}.{member_name}) are outside this project's scope"
            ));
        }
    }
    None
}

/// A shape less the keys that do not change what goes on the wire (`box`, `documentation`),
/// with `exception` shapes given the `error` our loader requires: the status of a `fault`
/// (server) error is 500, of any other 400, as Smithy's `@error` trait says.
fn clean_shape(shape: &Value) -> Value {
    let mut out = shape.as_object().cloned().unwrap_or_default();
    out.remove("box");
    out.remove("documentation");
    let fault = out
        .remove("fault")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if out.get("exception").and_then(Value::as_bool) == Some(true) {
        let given = out
            .get("error")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let status = given
            .get("httpStatusCode")
            .cloned()
            .unwrap_or(json!(if fault { 500 } else { 400 }));
        let mut error = Map::new();
        error.insert("httpStatusCode".into(), status);
        error.insert(
            "senderFault".into(),
            given.get("senderFault").cloned().unwrap_or(json!(!fault)),
        );
        // The query code of a query-compatible service's error.
        if let Some(code) = given.get("code") {
            error.insert("code".into(), code.clone());
        }
        out.insert("error".into(), Value::Object(error));
    }
    if let Some(members) = out.get_mut("members").and_then(Value::as_object_mut) {
        for member in members.values_mut() {
            if let Some(member) = member.as_object_mut() {
                member.remove("documentation");
            }
        }
    }
    Value::Object(out)
}

/// Why a case is not run against the generated server, for the cases that only a client can
/// take: the suites come from botocore, a client, and keep cases that Smithy applies to
/// clients alone.
pub fn server_skip(direction: Direction, case_id: &str) -> Option<&'static str> {
    const ALL_PARAMETERS: &str = "a client-side case: a server puts every query parameter in the map, the named ones too (the servers' own case is `RestJsonServersPutAllQueryParamsInMap`), so the map holds what the request has, not the case's params";
    const ENDPOINT_PATH: &str = "a client-side case of the endpoint: the request's path starts with the endpoint's own path (`/custom`), where no server route is";
    Some(match (direction, case_id) {
        (_, "RestJsonQueryPrecedence" | "RestJsonQueryParamsStringListMap") => ALL_PARAMETERS,
        (_, "AwsJson10HostWithPath" | "AwsJson11HostWithPath" | "RestJsonHostWithPath") => {
            ENDPOINT_PATH
        }
        (_, "AwsJson10HandlesUnexpectedJsonOutput" | "handles_unexpected_json_output") => {
            "a client-side case: the response holds a member the output does not have (`foo`), which a client must ignore and a server cannot write"
        }
        (Direction::Output, "AwsJson11IntEnums") => {
            "a client-side case: the canned response carries the request's `X-Amz-Target` header, which a server does not send back"
        }
        (Direction::Input, id)
            if id.starts_with("SDKAppliedContentEncoding")
                || id.starts_with("SDKAppendsGzip")
                || id.starts_with("SDKAppendedGzip") =>
        {
            "a client-side case of request compression: it gives the request's headers but not its (compressed) body, so there is no request to feed a server; the runtime's `decompress_body` tests the server side"
        }
        (Direction::Input, "RestJsonHttpChecksumRequired") => {
            "a client-side case of checksums: its `Content-MD5` is that of the body a client serializes (`{\"foo\":...}`, compact), not of the body it lists (pretty-printed), which a server must refuse as `BadDigest`; the runtime's `verify_request_checksum` and the generated crates' socket test check the server side"
        }
        (Direction::Output, "QueryCompatibleAwsJson10CustomCodeError") => {
            "a client-side case: the canned answer's status (400) is not the error's `httpStatusCode` (402), which a server of the model answers"
        }
        (_, "parses_the_request_id_from_the_response") => {
            "a client-side case: the canned response's request id (`amazon-uniq-request-id`) is one a server makes for itself"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(shapes: Value, given: Value) -> Value {
        json!({
            "description": "Test cases for Op operation",
            "metadata": {"protocol": "json", "protocols": ["json"], "apiVersion": "2020-07-14",
                         "jsonVersion": "1.0", "targetPrefix": "JsonRpc10"},
            "shapes": shapes,
            "cases": [{"id": "Case1", "given": given, "params": {}, "serialized": {}}]
        })
    }

    fn read(group: Value) -> Group {
        let text = Value::Array(vec![group]).to_string();
        read_suite("json_1_0", Direction::Output, &text)
            .expect("the suite reads")
            .remove(0)
    }

    #[test]
    fn a_group_becomes_a_model_the_loader_accepts() {
        let g = read(group(
            json!({
                "Out": {"type": "structure", "members": {"n": {"shape": "Integer", "documentation": "<p>x</p>"}}},
                "Integer": {"type": "integer", "box": true},
                "Unused": {"type": "blob", "streaming": true},
                "Bad": {"type": "structure", "members": {}, "exception": true},
                "Down": {"type": "structure", "members": {}, "exception": true, "fault": true}
            }),
            json!({"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "documentation": "<p>d</p>",
                   "output": {"shape": "Out"}, "errors": [{"shape": "Bad"}, {"shape": "Down"}]}),
        ));
        let model = g
            .model
            .expect("in scope: the streaming blob is not reachable");
        assert_eq!(model["metadata"]["serviceId"], "json10-output-00");
        assert!(model["metadata"].get("protocols").is_none());
        assert!(model["shapes"].get("Unused").is_none());
        assert!(model["shapes"]["Integer"].get("box").is_none());
        assert!(model["shapes"]["Out"]["members"]["n"]
            .get("documentation")
            .is_none());
        assert!(model["operations"]["Op"].get("documentation").is_none());
        assert_eq!(
            model["shapes"]["Bad"]["error"],
            json!({"httpStatusCode": 400, "senderFault": true})
        );
        assert_eq!(
            model["shapes"]["Down"]["error"],
            json!({"httpStatusCode": 500, "senderFault": false})
        );
        assert!(model["shapes"]["Down"].get("fault").is_none());
        let service = servicemodel_codegen::load_service(&model.to_string(), None)
            .expect("the loader accepts it");
        assert_eq!(service.module_name, "json10output00");
    }

    #[test]
    fn features_outside_the_scope_skip_the_group_with_a_reason() {
        let compressed = read(group(
            json!({}),
            json!({"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "requestcompression": {"encodings": ["gzip"]}}),
        ));
        assert!(compressed.model.is_ok());
        let streaming = read(group(
            json!({"Out": {"type": "structure", "members": {"b": {"shape": "B"}}, "payload": "b"},
                   "B": {"type": "blob", "streaming": true}}),
            json!({"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "output": {"shape": "Out"}}),
        ));
        assert!(streaming
            .model
            .unwrap_err()
            .starts_with("streaming and event streams"));
    }

    #[test]
    fn cases_of_one_operation_must_agree_on_it() {
        let mut g = group(
            json!({}),
            json!({"name": "Op", "http": {"method": "POST", "requestUri": "/"}}),
        );
        let mut other = g["cases"][0].clone();
        other["given"]["http"]["requestUri"] = json!("/other");
        g["cases"].as_array_mut().unwrap().push(other);
        let text = Value::Array(vec![g]).to_string();
        let error = read_suite("json_1_0", Direction::Input, &text).unwrap_err();
        assert!(
            format!("{error:#}").contains("cases of operation Op give different operations"),
            "{error:#}"
        );
    }
}
