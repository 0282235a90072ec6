//! Good models load, and their typed form has the names, bindings and boxing the emitters need.

use std::fs;
use std::path::{Path, PathBuf};

use servicemodel_codegen::model::{
    Binding, Bound, HttpMethod, Protocol, Scalar, Service, ShapeKind, TimestampFormat, UriSegment,
};
use servicemodel_codegen::{load_dir, load_service};

fn models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/models")
}

fn load(service: &str, version: &str) -> Service {
    let folder = models().join(service).join(version);
    let text = fs::read_to_string(folder.join("service-2.json")).expect("model file exists");
    let paginators = fs::read_to_string(folder.join("paginators-1.json")).ok();
    match load_service(&text, paginators.as_deref()) {
        Ok(service) => service,
        Err(errors) => panic!("{service} should load:\n{errors}"),
    }
}

fn member<'a>(
    service: &'a Service,
    shape: &str,
    member: &str,
) -> &'a servicemodel_codegen::model::Member {
    service
        .shapes
        .structure(shape)
        .unwrap_or_else(|| panic!("{shape} is a structure"))
        .member(member)
        .unwrap_or_else(|| panic!("{shape} has {member}"))
}

#[test]
fn json_service_metadata_and_names() {
    let service = load("example-json", "2020-01-01");
    assert_eq!(service.metadata.protocol, Protocol::AwsJson1_0);
    assert_eq!(
        service.metadata.protocol.content_type(),
        "application/x-amz-json-1.0"
    );
    assert_eq!(service.module_name, "examplejson");
    assert_eq!(service.type_name, "ExampleJson");
    let put = &service.operations["PutThing"];
    assert_eq!(service.target(put).as_deref(), Some("ExampleJson.PutThing"));
    assert_eq!(put.method_name, "put_thing");
    assert!(put.idempotent);
    assert_eq!(put.http.method, HttpMethod::Post);
    assert!(put.http.uri.segments.is_empty());
    let errors: Vec<&str> = put
        .errors
        .iter()
        .map(|e| service.name_of(e.shape))
        .collect();
    assert_eq!(errors, ["ValidationException", "ThrottlingException"]);
    // Sorted by name.
    let operations: Vec<&str> = service.operations.keys().map(String::as_str).collect();
    assert_eq!(
        operations,
        [
            "ListMarkers",
            "ListThings",
            "Ping",
            "PutThing",
            "ScanThings",
            "Subscribe"
        ]
    );
    let shapes: Vec<&String> = service.shapes.names().collect();
    let mut sorted = shapes.clone();
    sorted.sort();
    assert_eq!(shapes, sorted);
}

#[test]
fn json_service_members_keep_file_order_and_get_rust_names() {
    let service = load("example-json", "2020-01-01");
    let request = service
        .shapes
        .structure("PutThingRequest")
        .expect("a structure");
    let names: Vec<(&str, &str)> = request
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.field_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Name", "name"),
            ("Type", "r#type"),
            ("Self", "self_"),
            ("Tree", "tree"),
            ("Tags", "tags"),
            ("Data", "data"),
            ("CreatedAt", "created_at"),
            ("Score", "score"),
            ("Count", "count"),
            ("Description", "description"),
            ("ClientToken", "client_token"),
            ("Renamed", "renamed"),
        ]
    );
    assert!(member(&service, "PutThingRequest", "Type").required);
    assert!(!member(&service, "PutThingRequest", "Self").required);
    assert!(member(&service, "PutThingRequest", "ClientToken").idempotency_token);
    assert_eq!(
        member(&service, "PutThingRequest", "Renamed").wire_name,
        "renamed_on_the_wire"
    );
    assert_eq!(
        member(&service, "PutThingRequest", "Type").wire_name,
        "Type"
    );
}

#[test]
fn json_service_recursion_is_boxed_only_on_direct_edges() {
    let service = load("example-json", "2020-01-01");
    // Node → Node (direct) and Partner → Node close the cycles; Node → Partner opens one;
    // lists and maps need no box.
    assert!(member(&service, "Node", "Parent").boxed);
    assert!(!member(&service, "Node", "Partner").boxed);
    assert!(member(&service, "Partner", "Node").boxed);
    assert!(!member(&service, "Node", "Children").boxed);
    assert!(!member(&service, "Node", "ByName").boxed);
    assert!(!member(&service, "PutThingRequest", "Tree").boxed);
    for name in ["Node", "Partner", "NodeList", "NodeMap"] {
        assert!(service.shapes[name].recursive, "{name} is recursive");
    }
    assert!(!service.shapes["PutThingRequest"].recursive);
    assert!(!service.shapes["String"].recursive);
}

#[test]
fn json_service_shapes_by_kind() {
    let service = load("example-json", "2020-01-01");
    let ShapeKind::String(thing_type) = &service.shapes["ThingType"].kind else {
        panic!("ThingType is a string");
    };
    let variants: Vec<(&str, &str)> = thing_type
        .enum_values
        .iter()
        .flatten()
        .map(|v| (v.value.as_str(), v.variant_name.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("TEXT_ALL", "TextAll"),
            ("event-destination-name", "EventDestinationName"),
            ("ES_419", "Es419"),
            ("3DES", "V3des"),
            ("self", "Self_"),
        ]
    );
    let ShapeKind::String(token) = &service.shapes["ClientToken"].kind else {
        panic!("ClientToken is a string");
    };
    let pattern = token.pattern.as_ref().expect("ClientToken has a pattern");
    assert_eq!(pattern.source, r"(?!\s)^[\s\S]+(?<!\s)");
    assert!(!pattern.unicode);
    assert_eq!((token.length.min, token.length.max), (Some(1), Some(64)));
    let ShapeKind::String(_) = &service.shapes["Description"].kind else {
        panic!("Description is a string");
    };
    assert!(service.shapes["Description"].sensitive);
    assert!(matches!(
        service.shapes["Count"].kind,
        ShapeKind::Integer(range) if range.min == Some(-5) && range.max == Some(5)
    ));
    assert!(matches!(
        service.shapes["Score"].kind,
        ShapeKind::Double(range) if range.min == Some(0.0) && range.max == Some(1.5)
    ));
    assert!(matches!(service.shapes["Ratio"].kind, ShapeKind::Float(_)));
    assert!(matches!(
        service.shapes["Long"].kind,
        ShapeKind::Long(range) if range.min == Some(i64::MIN) && range.max == Some(i64::MAX)
    ));
    assert!(matches!(
        service.shapes["Blob"].kind,
        ShapeKind::Blob(blob) if blob.length.max == Some(1024)
    ));
    assert!(service.shapes["Blob"].sensitive);
    assert!(matches!(service.shapes["Blob"].kind, ShapeKind::Blob(_)));
    assert!(
        matches!(service.shapes["Timestamp"].kind, ShapeKind::Timestamp(t) if t.format.is_none())
    );
    let ShapeKind::Map(tags) = &service.shapes["TagMap"].kind else {
        panic!("TagMap is a map");
    };
    assert_eq!(
        (service.name_of(tags.key), service.name_of(tags.value)),
        ("TagKey", "String")
    );
    let empty = service.shapes.structure("Empty").expect("a structure");
    assert!(empty.members.is_empty());
    assert!(empty.error.is_none());
    let throttling = service
        .shapes
        .structure("ThrottlingException")
        .and_then(|s| s.error.as_ref())
        .expect("an error");
    assert_eq!(throttling.http_status_code, 429);
    assert!(throttling.sender_fault);
    assert!(throttling.retryable.is_some_and(|r| r.throttling));
    assert_eq!(
        service.shapes["PutThingRequest"].type_name,
        "PutThingRequest"
    );
}

#[test]
fn json_service_paginator() {
    let service = load("example-json", "2020-01-01");
    let paginator = service.operations["ListThings"]
        .paginator
        .as_ref()
        .expect("ListThings pages");
    assert_eq!(paginator.input_token, "NextToken");
    assert_eq!(paginator.output_token, "NextToken");
    assert_eq!(paginator.limit_key.as_deref(), Some("MaxResults"));
    assert_eq!(paginator.result_key.as_deref(), Some("Things"));
    assert!(service.operations["PutThing"].paginator.is_none());
}

#[test]
fn rest_json_service_bindings() {
    let service = load("example-rest", "2021-02-03");
    assert_eq!(service.metadata.protocol, Protocol::RestJson1);
    assert_eq!(service.target(&service.operations["GetThing"]), None);
    let get = &service.operations["GetThing"];
    assert_eq!(get.http.method, HttpMethod::Get);
    let labels: Vec<(&str, bool, &str)> = get
        .http
        .uri
        .labels()
        .map(|l| (l.name.as_str(), l.greedy, l.member.as_str()))
        .collect();
    assert_eq!(labels, [("ThingId", false, "ThingId")]);
    assert_eq!(
        member(&service, "GetThingRequest", "Filter").binding,
        Binding::Query(Bound::List(Scalar::String))
    );
    assert_eq!(
        member(&service, "GetThingRequest", "Filter").wire_name,
        "filter"
    );
    assert_eq!(
        member(&service, "GetThingRequest", "Trace").wire_name,
        "X-Trace"
    );
    assert_eq!(
        member(&service, "GetThingResponse", "Status").binding,
        Binding::StatusCode
    );
    assert_eq!(
        member(&service, "GetThingResponse", "Type").field_name,
        "r#type"
    );
    assert_eq!(
        member(&service, "GetThingResponse", "Type").binding,
        Binding::Body
    );

    let delete = &service.operations["DeletePart"];
    assert_eq!(delete.http.response_code, Some(204));
    assert_eq!(delete.output, None);
    let segments = &delete.http.uri.segments;
    assert_eq!(segments.len(), 5);
    assert_eq!(segments[0], UriSegment::Literal("v1".into()));
    let labels: Vec<(&str, bool, &str)> = delete
        .http
        .uri
        .labels()
        .map(|l| (l.name.as_str(), l.greedy, l.member.as_str()))
        .collect();
    assert_eq!(labels, [("ThingId", false, "Id"), ("Key", true, "Key")]);

    assert!(matches!(
        service.shapes["Timestamp"].kind,
        ShapeKind::Timestamp(t) if t.format == Some(TimestampFormat::Iso8601)
    ));
    // Tree → Tree twice: both edges close a cycle.
    assert!(member(&service, "Tree", "Left").boxed);
    assert!(member(&service, "Tree", "Right").boxed);
    assert!(!member(&service, "CreateThingRequest", "Tree").boxed);
    assert_eq!(
        member(&service, "CreateThingRequest", "Self").field_name,
        "self_"
    );
    assert!(service
        .shapes
        .structure("CreateThingResponse")
        .expect("a structure")
        .members
        .is_empty());
}

#[test]
fn load_dir_reads_every_service_in_order() {
    let services = match load_dir(&models()) {
        Ok(services) => services,
        Err(errors) => panic!("the test models load:\n{errors}"),
    };
    let ids: Vec<&str> = services
        .iter()
        .map(|s| s.metadata.service_id.as_str())
        .collect();
    assert_eq!(ids, ["Example Json", "Example Rest"]);
    assert!(services[0]
        .source
        .as_deref()
        .is_some_and(|p| p.ends_with("example-json/2020-01-01/service-2.json")));
    assert!(services[0].operations["ListThings"].paginator.is_some());
    let mut direct = load("example-json", "2020-01-01");
    direct.source = services[0].source.clone();
    assert_eq!(services[0], direct);
}

#[test]
fn loading_is_deterministic() {
    let first = format!("{:?}", load("example-json", "2020-01-01"));
    for _ in 0..3 {
        assert_eq!(format!("{:?}", load("example-json", "2020-01-01")), first);
    }
}
