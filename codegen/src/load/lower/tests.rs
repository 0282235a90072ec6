//! The lowering's tests: models that load, and the faults of those that do not.

use serde_json::{json, Value};

use super::is_date;
use crate::load_service;

/// A valid JSON RPC model with one operation, changed by `edit`.
fn json_model(edit: impl FnOnce(&mut Value)) -> String {
    let mut model = json!({
        "metadata": {
            "apiVersion": "2020-01-01", "endpointPrefix": "x", "jsonVersion": "1.1",
            "protocol": "json", "serviceFullName": "X", "serviceId": "X",
            "signatureVersion": "v4", "signingName": "x", "targetPrefix": "X"
        },
        "operations": {
            "Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"},
                   "input": {"shape": "In"}, "output": {"shape": "Out"}}
        },
        "shapes": {
            "In": {"type": "structure", "members": {"A": {"shape": "S"}}},
            "Out": {"type": "structure", "members": {}},
            "S": {"type": "string"},
            "E": {"type": "structure", "exception": true,
                  "error": {"httpStatusCode": 500}, "members": {}}
        }
    });
    edit(&mut model);
    model.to_string()
}

/// A valid rest-json model with one operation `GET /things/{Id}`, changed by `edit`.
fn rest_model(edit: impl FnOnce(&mut Value)) -> String {
    json_model(|model| {
        model["metadata"]["protocol"] = json!("rest-json");
        model["operations"]["Op"]["http"] = json!({"method": "GET", "requestUri": "/things/{Id}"});
        model["shapes"]["In"] = json!({"type": "structure", "required": ["Id"],
            "members": {"Id": {"shape": "S", "location": "uri"}}});
        edit(model);
    })
}

fn faults(text: &str) -> Vec<String> {
    match load_service(text, None) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.lines(),
    }
}

#[test]
fn bindings_are_decided_by_location_and_shape() {
    use crate::model::{Binding, Bound, PayloadKind, Scalar};
    let model = rest_model(|m| {
        let shapes = &mut m["shapes"];
        shapes["T"] = json!({"type": "timestamp"});
        shapes["Epoch"] = json!({"type": "timestamp", "timestampFormat": "unixTimestamp"});
        shapes["Ints"] = json!({"type": "list", "member": {"shape": "I"}});
        shapes["I"] = json!({"type": "integer"});
        shapes["Strings"] = json!({"type": "list", "member": {"shape": "S"}});
        shapes["Params"] =
            json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "Strings"}});
        shapes["Meta"] = json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}});
        shapes["B"] = json!({"type": "blob"});
        shapes["In"]["members"] = json!({
            "Id": {"shape": "T", "location": "uri"},
            "Since": {"shape": "T", "location": "querystring"},
            "At": {"shape": "T", "location": "header", "locationName": "x-at"},
            "Epoch": {"shape": "Epoch", "location": "querystring", "locationName": "e"},
            "Counts": {"shape": "Ints", "location": "header", "locationName": "x-counts"},
            "Rest": {"shape": "Params", "location": "querystring"},
            "Meta": {"shape": "Meta", "location": "headers", "locationName": "x-meta-"},
            "Body": {"shape": "B"}
        });
        shapes["In"]["payload"] = json!("Body");
    });
    let service = load_service(&model, None).expect("loads");
    let input = service.shapes.structure("In").unwrap();
    let binding = |name: &str| input.member(name).unwrap().binding;
    use crate::model::TimestampFormat::*;
    assert_eq!(binding("Id"), Binding::Label(Scalar::Timestamp(Iso8601)));
    assert_eq!(
        binding("Since"),
        Binding::Query(Bound::One(Scalar::Timestamp(Iso8601)))
    );
    assert_eq!(
        binding("At"),
        Binding::Header(Bound::One(Scalar::Timestamp(Rfc822)))
    );
    assert_eq!(
        binding("Epoch"),
        Binding::Query(Bound::One(Scalar::Timestamp(UnixTimestamp)))
    );
    assert_eq!(
        binding("Counts"),
        Binding::Header(Bound::List(Scalar::Integer))
    );
    assert_eq!(
        binding("Rest"),
        Binding::QueryMap {
            key: Scalar::String,
            value: Bound::List(Scalar::String)
        }
    );
    assert_eq!(
        binding("Meta"),
        Binding::PrefixHeaders {
            key: Scalar::String,
            value: Scalar::String
        }
    );
    assert_eq!(binding("Body"), Binding::Payload(PayloadKind::Blob));
}

#[test]
fn base_models_load() {
    assert_eq!(faults(&json_model(|_| {})), Vec::<String>::new());
    assert_eq!(faults(&rest_model(|_| {})), Vec::<String>::new());
    let service = load_service(&json_model(|_| {}), None).expect("valid");
    assert_eq!(
        service.metadata.protocol,
        crate::model::Protocol::AwsJson1_1
    );
}

#[test]
fn patterns_with_look_around_compile() {
    for pattern in [r"(?!\s)^[\s\S]+(?<!\s)", r"(?!\s*$)[\s\S]+"] {
        assert!(regress::Regex::new(pattern).is_ok(), "{pattern}");
        let model = json_model(|m| m["shapes"]["S"]["pattern"] = json!(pattern));
        assert_eq!(faults(&model), Vec::<String>::new(), "{pattern}");
    }
}

#[test]
fn idempotency_token_must_be_a_string() {
    let model = json_model(|m| {
        m["shapes"]["N"] = json!({"type": "integer"});
        m["shapes"]["In"]["members"]["T"] = json!({"shape": "N", "idempotencyToken": true});
    });
    assert_eq!(
        faults(&model),
        ["shapes.In.members.T.idempotencyToken: an idempotency token must be a string, \"N\" is an integer shape"]
    );
}

#[test]
fn input_and_output_must_not_be_errors() {
    let model = json_model(|m| m["operations"]["Op"]["output"] = json!({"shape": "E"}));
    assert_eq!(
        faults(&model),
        ["operations.Op.output.shape: \"E\" is an error structure, expected a plain structure"]
    );
}

#[test]
fn duplicate_errors_are_one_error() {
    // As botocore reads it: an error listed twice is listed once.
    let model = json_model(|m| {
        m["operations"]["Op"]["errors"] = json!([{"shape": "E"}, {"shape": "E"}]);
    });
    let service = load_service(&model, None).expect("loads");
    let errors = &service.operations["Op"].errors;
    assert_eq!(errors.len(), 1);
    assert_eq!(service.name_of(errors[0].shape), "E");
}

#[test]
fn empty_location_names() {
    let model = json_model(|m| {
        m["shapes"]["In"]["members"]["A"]["locationName"] = json!("");
    });
    assert_eq!(
        faults(&model),
        ["shapes.In.members.A.locationName: must not be empty"]
    );
}

#[test]
fn labels_need_an_input() {
    let model = rest_model(|m| {
        m["operations"]["Op"]
            .as_object_mut()
            .expect("object")
            .remove("input");
        m["shapes"].as_object_mut().expect("object").remove("In");
    });
    assert_eq!(
        faults(&model),
        ["operations.Op.http.requestUri: label {Id} needs an input structure to bind to"]
    );
}

#[test]
fn query_and_header_maps() {
    let model = rest_model(|m| {
        m["shapes"]["Strings"] = json!({"type": "list", "member": {"shape": "S"}});
        m["shapes"]["Query"] =
            json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "Strings"}});
        m["shapes"]["Headers"] =
            json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}});
        m["shapes"]["In"]["members"]["Q"] = json!({"shape": "Query", "location": "querystring"});
        m["shapes"]["In"]["members"]["H"] =
            json!({"shape": "Headers", "location": "headers", "locationName": "x-"});
        m["shapes"]["In"]["members"]["Many"] =
            json!({"shape": "Strings", "location": "header", "locationName": "x-many"});
    });
    assert_eq!(faults(&model), Vec::<String>::new());
    let model = rest_model(|m| {
        m["shapes"]["In"]["members"]["H"] = json!({"shape": "S", "location": "headers"});
        m["shapes"]["In"]["members"]["Q"] = json!({"shape": "In", "location": "querystring"});
    });
    assert_eq!(
        faults(&model),
        [
            "shapes.In.members.H.shape: a `headers` member must be a map of strings, \"S\" is a string shape",
            "shapes.In.members.Q.shape: a `querystring` member must be a scalar shape, a list of scalars or a map of strings, \"In\" is a structure shape",
        ]
    );
}

#[test]
fn service_id_must_give_a_module_name() {
    let model = json_model(|m| m["metadata"]["serviceId"] = json!("123"));
    assert_eq!(
        faults(&model),
        ["metadata.serviceId: \"123\" gives no Rust module name"]
    );
}

#[test]
fn a_broken_shape_is_not_also_an_unknown_shape() {
    // `S` is malformed: it is reported once, and `In.A` referring to it is not reported.
    let model = json_model(|m| m["shapes"]["S"]["bogus"] = json!(1));
    assert_eq!(
        faults(&model),
        ["shapes.S.bogus: unknown key, expected one of `type`, `documentation`, `members`, `required`, `exception`, `error`, `retryable`, `fault`, `union`, `document`, `payload`, `event`, `eventstream`, `synthetic`, `box`, `deprecated`, `deprecatedMessage`, `deprecatedSince`, `min`, `max`, `pattern`, `enum`, `sensitive`, `streaming`, `requiresLength`, `sparse`, `flattened`, `wrapper`, `xmlOrder`, `timestampFormat`, `member`, `key`, `value`"]
    );
}

fn warnings(text: &str, paginators: Option<&str>) -> Vec<String> {
    let service = load_service(text, paginators).expect("the model loads");
    service.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn botocore_defaults() {
    let model = json_model(|m| {
        m["metadata"]
            .as_object_mut()
            .expect("object")
            .remove("signingName");
        m["shapes"]["E"] = json!({"type": "structure", "exception": true, "members": {}});
        m["shapes"]["F"] =
            json!({"type": "structure", "exception": true, "fault": true, "members": {}});
        m["operations"]["Op"]["errors"] = json!([{"shape": "E"}, {"shape": "F"}]);
        // Shapes that become no Rust type may differ only in case; `__` names are botocore's.
        m["shapes"]["boolean"] = json!({"type": "boolean"});
        m["shapes"]["Boolean"] = json!({"type": "boolean", "box": true});
        m["shapes"]["__string"] = json!({"type": "string"});
        m["shapes"]["In"]["members"]["B"] = json!({"shape": "boolean"});
        m["shapes"]["In"]["members"]["C"] = json!({"shape": "__string", "box": true});
    });
    let service = load_service(&model, None).expect("loads");
    assert_eq!(service.metadata.signing_name, "x");
    let status = |name: &str| match &service.shapes[name].kind {
        crate::model::ShapeKind::Structure(s) => {
            let error = s.error.as_ref().expect("an error");
            (error.http_status_code, error.sender_fault)
        }
        _ => panic!("a structure"),
    };
    assert_eq!(status("E"), (400, true));
    assert_eq!(status("F"), (500, false));
    assert_eq!(service.shapes["__string"].type_name, "String");
}

#[test]
fn hyphenated_labels() {
    let model = rest_model(|m| {
        m["operations"]["Op"]["http"]["requestUri"] = json!("/things/{resource-arn}");
        m["shapes"]["In"]["members"]["Id"]["locationName"] = json!("resource-arn");
    });
    let service = load_service(&model, None).expect("loads");
    let label = service.operations["Op"]
        .http
        .uri
        .labels()
        .next()
        .expect("a label");
    assert_eq!(
        (label.name.as_str(), label.member.as_str()),
        ("resource-arn", "Id")
    );
}

#[test]
fn vocabulary_is_read_and_used() {
    let model = json_model(|m| {
        m["metadata"]["auth"] = json!(["aws.auth#sigv4"]);
        m["metadata"]["protocols"] = json!(["json"]);
        m["metadata"]["awsQueryCompatible"] = json!({});
        m["clientContextParams"] = json!({"P": {"type": "string", "documentation": "d"}});
        let op = &mut m["operations"]["Op"];
        op["deprecated"] = json!(true);
        op["deprecatedMessage"] = json!("use Other");
        op["readonly"] = json!(true);
        op["auth"] = json!(["smithy.api#noAuth"]);
        op["staticContextParams"] = json!({"ApiType": {"value": "ControlPlane"}});
        op["output"]["documentation"] = json!("<p>The result.</p>");
        op["errors"] = json!([{"shape": "E", "documentation": "<p>When it fails.</p>"}]);
        m["shapes"]["S"]["sensitive"] = json!(true);
        m["shapes"]["S"]["deprecated"] = json!(true);
        m["shapes"]["In"]["sensitive"] = json!(true);
        m["shapes"]["In"]["members"]["A"]["deprecated"] = json!(true);
        m["shapes"]["In"]["members"]["A"]["deprecatedSince"] = json!("2024-01-01");
        m["shapes"]["In"]["members"]["A"]["contextParam"] = json!({"name": "A"});
        m["shapes"]["N"] = json!({"type": "integer", "sensitive": true, "box": true});
    });
    let service = load_service(&model, None).expect("loads");
    let op = &service.operations["Op"];
    assert_eq!(
        op.deprecated.as_ref().and_then(|d| d.message.as_deref()),
        Some("use Other")
    );
    assert!(op.auth.is_empty(), "noAuth: called anonymously");
    assert_eq!(
        op.output_documentation.as_deref(),
        Some("<p>The result.</p>")
    );
    assert_eq!(
        op.errors[0].documentation.as_deref(),
        Some("<p>When it fails.</p>")
    );
    assert!(service.shapes["S"].sensitive && service.shapes["S"].deprecated.is_some());
    assert!(service.shapes["In"].sensitive && service.shapes["N"].sensitive);
    let crate::model::ShapeKind::Structure(input) = &service.shapes["In"].kind else {
        panic!("a structure");
    };
    assert_eq!(
        input.members[0]
            .deprecated
            .as_ref()
            .and_then(|d| d.since.as_deref()),
        Some("2024-01-01")
    );
    // A key outside the vocabulary is still an error, where it is.
    let model = json_model(|m| m["operations"]["Op"]["readOnly"] = json!(true));
    assert_eq!(faults(&model).len(), 1);
    assert!(faults(&model)[0].starts_with("operations.Op.readOnly: unknown key"));
}

#[test]
fn unsupported_features_are_one_fault_each() {
    let model = json_model(|m| {
        m["shapes"]["E1"] =
            json!({"type": "structure", "payload": "P", "members": {"P": {"shape": "S"}}});
        m["shapes"]["E"] =
            json!({"type": "structure", "payload": "P", "members": {"P": {"shape": "S"}}});
    });
    let errors = load_service(&model, None).expect_err("refused");
    let lines = errors.lines();
    assert_eq!(
        lines,
        ["needs payload members with protocol json, not supported yet: shape \"E\", shape \"E1\""]
    );
    assert!(errors
        .faults()
        .iter()
        .all(|fault| fault.unsupported.is_some()));
    let sigv4a = json_model(|m| m["metadata"]["auth"] = json!(["aws.auth#sigv4a"]));
    assert_eq!(
        faults(&sigv4a),
        ["needs authentication other than SigV4 and bearer tokens, not supported yet: metadata.auth aws.auth#sigv4a"]
    );
}

#[test]
fn auth_schemes_come_from_auth_lists_else_the_signature_version() {
    use crate::model::AuthScheme::{Bearer, SigV4};
    let auth = |edit: &dyn Fn(&mut serde_json::Value)| {
        let service = load_service(&json_model(|m| edit(m)), None).expect("loads");
        (
            service.metadata.auth.clone(),
            service.operations["Op"].auth.clone(),
        )
    };
    assert_eq!(auth(&|_| {}), (vec![SigV4], vec![SigV4]));
    assert_eq!(
        auth(&|m| m["metadata"]["signatureVersion"] = json!("bearer")),
        (vec![Bearer], vec![Bearer])
    );
    // `auth` wins over `signatureVersion`; unsupported schemes are passed over.
    assert_eq!(
        auth(&|m| {
            m["metadata"]["auth"] = json!([
                "aws.auth#sigv4a",
                "aws.auth#sigv4",
                "smithy.api#httpBearerAuth"
            ]);
        }),
        (vec![SigV4, Bearer], vec![SigV4, Bearer])
    );
    assert_eq!(
        auth(&|m| m["operations"]["Op"]["authtype"] = json!("bearer")),
        (vec![SigV4], vec![Bearer])
    );
    assert_eq!(
        auth(&|m| m["operations"]["Op"]["authtype"] = json!("none")),
        (vec![SigV4], vec![])
    );
    // An operation's `auth` wins over its `authtype`; what follows noAuth is never reached.
    assert_eq!(
        auth(&|m| {
            m["operations"]["Op"]["authtype"] = json!("none");
            m["operations"]["Op"]["auth"] = json!([
                "smithy.api#httpBearerAuth",
                "smithy.api#noAuth",
                "aws.auth#sigv4"
            ]);
        }),
        (vec![SigV4], vec![Bearer])
    );
    let v2 = json_model(|m| m["metadata"]["signatureVersion"] = json!("v2"));
    assert_eq!(
        faults(&v2),
        ["metadata.signatureVersion: unsupported signature version \"v2\", expected `v4` or `bearer`"]
    );
}

#[test]
fn host_prefixes_bind_their_labels_to_host_label_strings() {
    let model = json_model(|m| {
        m["shapes"]["In"]["members"]["A"]["hostLabel"] = json!(true);
        m["operations"]["Op"]["endpoint"] = json!({"hostPrefix": "data.{A}-x."});
    });
    let service = load_service(&model, None).expect("loads");
    let prefix = service.operations["Op"]
        .host_prefix
        .as_ref()
        .expect("a prefix");
    assert_eq!(
        prefix.segments,
        [
            crate::model::HostSegment::Literal("data.".into()),
            crate::model::HostSegment::Label("A".into()),
            crate::model::HostSegment::Literal("-x.".into()),
        ]
    );
    let model = json_model(|m| {
        m["shapes"]["N"] = json!({"type": "integer"});
        m["shapes"]["In"]["members"]["N"] = json!({"shape": "N", "hostLabel": true});
        m["operations"]["Op"]["endpoint"] = json!({"hostPrefix": "{A}.{N}.{Z}.a_b."});
    });
    assert_eq!(
        faults(&model),
        [
            "operations.Op.endpoint.hostPrefix: \"_\" is not allowed in a host name, in \"{A}.{N}.{Z}.a_b.\"",
        ]
    );
    let model = json_model(|m| {
        m["shapes"]["N"] = json!({"type": "integer"});
        m["shapes"]["In"]["members"]["N"] = json!({"shape": "N", "hostLabel": true});
        m["operations"]["Op"]["endpoint"] = json!({"hostPrefix": "{A}.{N}.{Z}."});
    });
    assert_eq!(
        faults(&model),
        [
            "operations.Op.endpoint.hostPrefix: label {A} names a member without `hostLabel: true`",
            "operations.Op.endpoint.hostPrefix: label {N} names a member that is not a string",
            "operations.Op.endpoint.hostPrefix: label {Z} is not a member of the operation's input",
        ]
    );
}

#[test]
fn payloads_are_the_body_and_the_rest_is_bound() {
    let model = rest_model(|m| {
        m["shapes"]["B"] = json!({"type": "blob"});
        m["shapes"]["Out"] = json!({"type": "structure", "payload": "Data",
            "members": {"Data": {"shape": "B"}, "Tag": {"shape": "S", "location": "header", "locationName": "x-tag"}}});
        m["operations"]["Op"]["output"] = json!({"shape": "Out"});
    });
    let service = load_service(&model, None).expect("loads");
    let out = service.shapes.structure("Out").unwrap();
    assert_eq!(out.payload().map(|m| m.name.as_str()), Some("Data"));
    assert!(!out.payload().unwrap().in_json_object());
    let model = rest_model(|m| {
        m["shapes"]["N"] = json!({"type": "integer"});
        m["shapes"]["Out"] = json!({"type": "structure", "payload": "Count",
            "members": {"Count": {"shape": "N"}, "Loose": {"shape": "S"}}});
        m["shapes"]["Out2"] = json!({"type": "structure", "payload": "Missing", "members": {}});
        m["operations"]["Op"]["output"] = json!({"shape": "Out"});
    });
    assert_eq!(
        faults(&model),
        [
            "shapes.Out.members.Loose: must be bound to the URI, query string or headers: member \"Count\" is the body",
            "shapes.Out.payload: a payload must be a structure, blob or string, \"N\" is an integer shape",
            "shapes.Out2.payload: \"Missing\" is not a member of the structure",
        ]
    );
}

#[test]
fn json_values_are_strings() {
    let model = json_model(|m| {
        m["shapes"]["In"]["members"]["J"] = json!({"shape": "S", "jsonvalue": true});
    });
    // In a body, JSON text is a plain string; in a header, it travels base64-encoded.
    let service = load_service(&model, None).expect("loads");
    let binding = |service: &crate::model::Service| {
        service
            .shapes
            .structure("In")
            .unwrap()
            .member("J")
            .unwrap()
            .binding
    };
    assert_eq!(binding(&service), crate::model::Binding::Body);
    let model = rest_model(|m| {
        m["shapes"]["In"]["members"]["J"] =
            json!({"shape": "S", "jsonvalue": true, "location": "header", "locationName": "x-j"});
    });
    let service = load_service(&model, None).expect("loads");
    assert_eq!(
        binding(&service),
        crate::model::Binding::Header(crate::model::Bound::One(crate::model::Scalar::JsonValue))
    );
    let model = json_model(|m| {
        m["shapes"]["N"] = json!({"type": "integer"});
        m["shapes"]["In"]["members"]["J"] = json!({"shape": "N", "jsonvalue": true});
    });
    assert_eq!(
        faults(&model),
        ["shapes.In.members.J.jsonvalue: a `jsonvalue` member must be a string holding JSON text, \"N\" is an integer shape"]
    );
}

#[test]
fn patterns_never_stop_generation() {
    let model = json_model(|m| {
        m["shapes"]["S"]["pattern"] = json!("(unbalanced");
        m["shapes"]["T"] = json!({"type": "string", "pattern": "(?s).{1,5}"});
        m["shapes"]["In"]["members"]["T"] = json!({"shape": "T"});
    });
    assert_eq!(
        warnings(&model, None),
        ["shapes.S.pattern: \"(unbalanced\" is not checked: a group is not closed"]
    );
    let service = load_service(&model, None).expect("loads");
    assert_eq!(service.unchecked_patterns["S"], "(unbalanced");
    let crate::model::ShapeKind::String(t) = &service.shapes["T"].kind else {
        panic!("a string");
    };
    assert_eq!(
        t.pattern.as_ref().map(|p| p.source.as_str()),
        Some(r"[\s\S]{1,5}")
    );
}

#[test]
fn paginators_that_cannot_be_followed_are_left_out() {
    let model = json_model(|m| {
        m["shapes"]["Tok"] = json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}});
        m["shapes"]["L"] = json!({"type": "list", "member": {"shape": "S"}});
        m["shapes"]["In"]["members"]["T"] = json!({"shape": "Tok"});
        m["shapes"]["In"]["members"]["N"] = json!({"shape": "S"});
        m["shapes"]["Out"]["members"] = json!({
            "T": {"shape": "Tok"}, "N": {"shape": "S"}, "A": {"shape": "L"}, "B": {"shape": "L"}
        });
    });
    let pages = |paginator: Value| json!({"pagination": {"Op": paginator}}).to_string();
    // A map as the token (botocore's DynamoDB) pages, when both tokens are that map.
    let map_token = pages(json!({"input_token": "T", "output_token": "T"}));
    let service = load_service(&model, Some(&map_token)).expect("loads");
    assert!(service.operations["Op"].paginator.is_some());
    assert!(service.warnings.is_empty());
    // Tokens of different kinds cannot be followed.
    let mixed = pages(json!({"input_token": "T", "output_token": "N"}));
    assert_eq!(
        warnings(&model, Some(&mixed)),
        ["pagination.Op.output_token: the input token \"T\" (\"Tok\") and the output token \"N\" (\"S\") do not hold the same kind of value: operation \"Op\" is generated without `into_paginator`"]
    );
    let list = pages(json!({"input_token": "N", "output_token": "A"}));
    assert_eq!(
        warnings(&model, Some(&list)),
        ["pagination.Op.output_token: member \"A\" of \"Out\" is a list shape, expected a string or a map: operation \"Op\" is generated without `into_paginator`"]
    );
    // `more_results` must be a boolean.
    let more = pages(json!({"input_token": "N", "output_token": "N", "more_results": "N"}));
    assert_eq!(
        warnings(&model, Some(&more)),
        ["pagination.Op.more_results: member \"N\" of \"Out\" is a string shape, expected a boolean: operation \"Op\" is generated without `into_paginator`"]
    );
    // A path as the token.
    let path = pages(json!({"input_token": "N", "output_token": "Out.N[-1]"}));
    assert_eq!(warnings(&model, Some(&path)).len(), 1);
    // Several result keys: pages, but no one item type.
    let several = pages(json!({"input_token": "N", "output_token": "N",
        "result_key": ["A", "B"], "non_aggregate_keys": ["T"]}));
    let service = load_service(&model, Some(&several)).expect("loads");
    let paginator = service.operations["Op"].paginator.as_ref().expect("pages");
    assert_eq!(paginator.result_key, None);
    assert!(service.warnings.is_empty());
    // A result key that is not a list: pages without `into_items`.
    let scalar = pages(json!({"input_token": "N", "output_token": "N", "result_key": "N"}));
    let service = load_service(&model, Some(&scalar)).expect("loads");
    assert!(service.operations["Op"].paginator.is_some());
    assert_eq!(service.warnings.len(), 1);
}

#[test]
fn shared_inputs_are_copied_per_operation() {
    let model = json_model(|m| {
        m["operations"]["Other"] = json!({"name": "Other",
            "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}});
        // The first name for Op's copy is taken by a shape.
        m["shapes"]["OpInput"] = json!({"type": "structure", "members": {}});
    });
    let service = load_service(&model, None).expect("loads");
    // `In` is named after neither: the first operation by name keeps it.
    assert_eq!(
        service.operations["Op"].input.map(|id| service.name_of(id)),
        Some("In")
    );
    assert_eq!(
        service.operations["Other"]
            .input
            .map(|id| service.name_of(id)),
        Some("OtherInput")
    );
    assert_eq!(service.shapes["OtherInput"].type_name, "OtherInput");
    let members = |name: &str| match &service.shapes[name].kind {
        crate::model::ShapeKind::Structure(s) => (s.members.clone(), s.builder_name.clone()),
        _ => panic!("a structure"),
    };
    assert_eq!(members("OtherInput").0, members("In").0);
    assert_eq!(members("OtherInput").1, "OtherInputBuilder");
    // An input named after one of its operations stays that operation's.
    let model = json_model(|m| {
        m["operations"]["Other"] = json!({"name": "Other",
            "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "OtherRequest"}});
        m["operations"]["Op"]["input"] = json!({"shape": "OtherRequest"});
        m["shapes"]["OtherRequest"] = m["shapes"]["In"].clone();
        m["shapes"]["OpInput"] = json!({"type": "structure", "members": {}});
    });
    let service = load_service(&model, None).expect("loads");
    assert_eq!(
        service.operations["Other"]
            .input
            .map(|id| service.name_of(id)),
        Some("OtherRequest")
    );
    assert_eq!(
        service.operations["Op"].input.map(|id| service.name_of(id)),
        Some("OpInput2")
    );
}

#[test]
fn unions_are_read() {
    let model = json_model(|m| {
        m["shapes"]["U"] = json!({"type": "structure", "union": true,
            "members": {"A": {"shape": "S"}, "a": {"shape": "S"}, "Unknown": {"shape": "S"}}});
        m["shapes"]["In"]["members"]["U"] = json!({"shape": "U"});
    });
    let service = load_service(&model, None).expect("loads");
    let crate::model::ShapeKind::Structure(union) = &service.shapes["U"].kind else {
        panic!("a structure");
    };
    assert!(union.union);
    let variants: Vec<&str> = union
        .members
        .iter()
        .map(|m| m.variant_name.as_str())
        .collect();
    assert_eq!(variants, ["A", "A2", "Unknown2"]);
    let model = json_model(|m| {
        m["shapes"]["U"] = json!({"type": "structure", "union": true, "required": ["A"],
            "members": {"A": {"shape": "S"}}});
        m["operations"]["Op"]["input"] = json!({"shape": "U"});
    });
    assert_eq!(
        faults(&model),
        [
            "operations.Op.input.shape: \"U\" is a union, expected a structure",
            "shapes.U.required: not allowed on a union",
        ]
    );
}

#[test]
fn dates() {
    assert!(is_date("2022-03-31"));
    assert!(!is_date("2022-3-31"));
    assert!(!is_date("2022/03/31"));
    assert!(!is_date("2022-03-310"));
}

#[test]
fn error_roles_are_decided_once() {
    let model = json_model(|m| {
        let shapes = &mut m["shapes"];
        shapes["BadRequestException"] = json!({"type": "structure", "exception": true,
            "error": {"httpStatusCode": 400}, "members": {"message": {"shape": "S"}}});
        shapes["ValidationException"] = json!({"type": "structure", "exception": true,
            "error": {"httpStatusCode": 400}, "members": {"Message": {"shape": "Kind"}}});
        shapes["Kind"] = json!({"type": "string", "enum": ["A"]});
        shapes["Busy"] = json!({"type": "structure", "exception": true,
            "error": {"httpStatusCode": 503}, "retryable": {"throttling": true}, "members": {}});
    });
    let service = load_service(&model, None).expect("loads");
    let roles = &service.error_roles;
    assert_eq!(
        roles.validation.map(|id| service.name_of(id)),
        Some("ValidationException")
    );
    // `E` of the base model is the service's 500.
    assert_eq!(roles.internal.map(|id| service.name_of(id)), Some("E"));
    assert_eq!(roles.retryable_codes, ["Busy"]);
    let error = |name: &str| {
        service
            .shapes
            .structure(name)
            .unwrap()
            .error
            .clone()
            .unwrap()
    };
    assert_eq!(
        error("BadRequestException").message.as_deref(),
        Some("message")
    );
    // An enum is no message.
    assert_eq!(error("ValidationException").message, None);
    assert!(error("Busy").is_retryable());
    assert!(!error("BadRequestException").is_retryable());
}

#[test]
fn the_first_json_protocol_of_the_protocols_list_is_chosen() {
    use crate::model::Protocol;
    // As 41 of botocore's models: CBOR first, then JSON.
    let cbor_first = json_model(|m| {
        m["metadata"]["protocol"] = json!("smithy-rpc-v2-cbor");
        m["metadata"]["protocols"] = json!(["smithy-rpc-v2-cbor", "json", "query"]);
    });
    let service = load_service(&cbor_first, None).expect("loads");
    assert_eq!(service.metadata.protocol, Protocol::AwsJson1_1);
    let rest = rest_model(|m| m["metadata"]["protocols"] = json!(["query", "rest-json"]));
    assert_eq!(
        load_service(&rest, None).expect("loads").metadata.protocol,
        Protocol::RestJson1
    );
    let none = json_model(|m| {
        m["metadata"]["protocol"] = json!("smithy-rpc-v2-cbor");
        m["metadata"]["protocols"] = json!(["smithy-rpc-v2-cbor", "query"]);
    });
    assert_eq!(
        faults(&none),
        ["metadata.protocols: none of \"smithy-rpc-v2-cbor\", \"query\" is supported, expected `json` or `rest-json`"]
    );
    // Without a list, `protocol` decides.
    let query = json_model(|m| m["metadata"]["protocol"] = json!("query"));
    assert_eq!(
        faults(&query),
        ["metadata.protocol: unsupported protocol \"query\", expected `json` or `rest-json`"]
    );
}

#[test]
fn member_enums_narrow_plain_strings() {
    let model = json_model(|m| m["shapes"]["In"]["members"]["A"]["enum"] = json!(["YAML", "JSON"]));
    let service = load_service(&model, None).expect("loads");
    let input = service.shapes.structure("In").expect("a structure");
    assert_eq!(
        input.members[0].allowed_values.as_deref(),
        Some(&["YAML".to_owned(), "JSON".to_owned()][..])
    );
    let wrong = json_model(|m| {
        m["shapes"]["N"] = json!({"type": "integer"});
        m["shapes"]["K"] = json!({"type": "string", "enum": ["a"]});
        m["shapes"]["In"]["members"] = json!({
            "A": {"shape": "N", "enum": ["1"]},
            "B": {"shape": "K", "enum": ["a"]},
            "C": {"shape": "S", "enum": []}
        });
    });
    assert_eq!(
        faults(&wrong),
        [
            "shapes.In.members.A.enum: a member's `enum` narrows a string shape without `enum` values, \"N\" is an integer shape",
            "shapes.In.members.B.enum: a member's `enum` narrows a string shape without `enum` values, \"K\" is a string shape with `enum` values of its own",
            "shapes.In.members.C.enum: must not be empty",
        ]
    );
}

#[test]
fn operations_that_need_unsupported_features_are_left_out() {
    // `Watch` sends events (an input event stream, which with the JSON RPC protocols starts
    // with an `initial-request` event, not supported yet); `Op` shares `S` with it and stays.
    let model = json_model(|m| {
        let ops = &mut m["operations"];
        ops["Watch"] = json!({"name": "Watch", "http": {"method": "POST", "requestUri": "/"},
            "input": {"shape": "WatchIn"}, "output": {"shape": "WatchOut"}, "errors": [{"shape": "E"}]});

        let shapes = &mut m["shapes"];
        shapes["WatchIn"] =
            json!({"type": "structure", "members": {"Events": {"shape": "Events"}}});
        shapes["WatchOut"] = json!({"type": "structure", "members": {"Note": {"shape": "S"}}});
        shapes["Events"] = json!({"type": "structure", "eventstream": true,
            "members": {"Tick": {"shape": "Tick"}}});
        shapes["Tick"] = json!({"type": "structure", "event": true,
            "members": {"At": {"shape": "S", "eventpayload": true}}});
    });
    let paginators = json!({"pagination": {"Watch": {"input_token": "A", "output_token": "A"}}});
    let service = load_service(&model, Some(&paginators.to_string())).expect("loads");
    let left: Vec<(&str, &str, &str)> = service
        .left_out
        .iter()
        .map(|l| (l.operation.as_str(), l.feature, l.shape.as_str()))
        .collect();
    assert_eq!(
        left,
        [(
            "Watch",
            "input event streams of the JSON RPC protocols",
            "Events"
        )]
    );
    assert_eq!(service.operations.keys().collect::<Vec<_>>(), ["Op"]);
    // What only the operations left out reach is gone; what `Op` reaches stays.
    for gone in ["WatchIn", "WatchOut", "Events", "Tick", "E"] {
        assert!(!service.shapes.contains(gone), "{gone}");
    }
    for kept in ["In", "Out", "S"] {
        assert!(service.shapes.contains(kept), "{kept}");
    }
    assert_eq!(
        warnings(&model, None),
        ["operations.Watch: left out: needs input event streams of the JSON RPC protocols, not supported yet (shape \"Events\")"]
    );

    // When every operation needs one, the model is refused as a whole.
    let all = json_model(|m| {
        m["shapes"]["In"]["members"]["Events"] = json!({"shape": "Events"});
        m["shapes"]["Events"] = json!({"type": "structure", "eventstream": true, "members": {}});
    });
    assert_eq!(
        faults(&all),
        ["needs input event streams of the JSON RPC protocols, not supported yet: shape \"In\""]
    );

    // With `rest-json` an input's event stream payload is supported: nothing is left out.
    let rest = rest_model(|m| {
        m["shapes"]["In"]["members"]["Events"] = json!({"shape": "Events"});
        m["shapes"]["In"]["payload"] = json!("Events");
        m["shapes"]["Events"] = json!({"type": "structure", "eventstream": true, "members": {}});
    });
    let service = load_service(&rest, None).expect("loads");
    assert!(service.left_out.is_empty());
    assert_eq!(
        service
            .shapes
            .structure("In")
            .unwrap()
            .member("Events")
            .unwrap()
            .binding,
        crate::model::Binding::Payload(crate::model::PayloadKind::EventStream)
    );
}

#[test]
fn streaming_blobs_are_payloads_of_inputs_and_outputs() {
    use crate::model::{Binding, PayloadKind};
    let streams = |edit: &dyn Fn(&mut Value)| {
        rest_model(|m| {
            m["shapes"]["In"]["members"]["Data"] = json!({"shape": "Sized"});
            m["shapes"]["In"]["payload"] = json!("Data");
            m["shapes"]["In"]["required"] = json!(["Id", "Data"]);
            m["shapes"]["Out"] = json!({"type": "structure", "payload": "Body",
                "members": {"Body": {"shape": "Stream"}}});
            m["shapes"]["Stream"] = json!({"type": "blob", "streaming": true});
            m["shapes"]["Sized"] =
                json!({"type": "blob", "streaming": true, "requiresLength": true});
            edit(m);
        })
    };
    let service = load_service(&streams(&|_| {}), None).expect("loads");
    let data = service
        .shapes
        .structure("In")
        .unwrap()
        .member("Data")
        .unwrap();
    assert_eq!(
        data.binding,
        Binding::Payload(PayloadKind::Stream {
            requires_length: true
        })
    );
    // An unset stream is empty, never missing.
    assert!(!data.required);
    let op = &service.operations["Op"];
    assert_eq!(
        service.input_stream(op).map(|m| m.name.as_str()),
        Some("Data")
    );
    assert_eq!(
        service.output_stream(op).map(|m| m.name.as_str()),
        Some("Body")
    );
    assert!(service.left_out.is_empty());

    const PLACE: &str =
        "a streaming blob may only be the payload of an operation's input or output";
    // Not the payload, in a list, nested in another structure, bound to a header.
    let misplaced = streams(&|m| {
        m["shapes"]["Out"]["members"]["Other"] = json!({"shape": "Stream", "location": "header",
            "locationName": "x-other"});
        m["shapes"]["Streams"] = json!({"type": "list", "member": {"shape": "Stream"}});
        m["shapes"]["Out"]["members"]["All"] = json!({"shape": "Streams",
            "location": "header", "locationName": "x-all"});
        m["shapes"]["Out"]["members"]["Inner"] = json!({"shape": "In", "location": "header",
            "locationName": "x-in"});
    });
    let found = faults(&misplaced);
    for expected in [
        format!("shapes.Out.members.Other.shape: {PLACE}"),
        format!("shapes.Streams.member.shape: {PLACE}"),
        "shapes.Out.members.Inner.shape: a structure with a streaming payload may not be a member of another shape".to_owned(),
    ] {
        assert!(found.contains(&expected), "{expected} in {found:#?}");
    }
    // The JSON RPC protocols have no payload.
    let rpc = json_model(|m| {
        m["shapes"]["Out"] = json!({"type": "structure", "members": {"Body": {"shape": "Stream"}}});
        m["shapes"]["Stream"] = json!({"type": "blob", "streaming": true});
    });
    assert_eq!(
        faults(&rpc),
        [format!("shapes.Out.members.Body.shape: {PLACE}")]
    );
}

#[test]
fn checksums_are_read_and_their_members_checked() {
    use crate::model::ChecksumAlgorithm::{Crc32, Sha256};
    let model = json_model(|m| {
        m["operations"]["Op"]["httpChecksum"] = json!({
            "requestAlgorithmMember": "A",
            "requestValidationModeMember": "A",
            "requestChecksumRequired": true,
            "responseAlgorithms": ["SHA256", "XXHASH64", "CRC32"]
        });
    });
    let service = load_service(&model, None).expect("loads");
    let checksums = service.operations["Op"]
        .checksums
        .clone()
        .expect("checksums");
    assert!(checksums.request_required && !checksums.content_md5);
    assert_eq!(checksums.algorithm_member.as_deref(), Some("A"));
    // In the SDKs' order, the unknown algorithm passed over.
    assert_eq!(checksums.response_algorithms, [Crc32, Sha256]);
    let legacy = json_model(|m| m["operations"]["Op"]["httpChecksumRequired"] = json!(true));
    let service = load_service(&legacy, None).expect("loads");
    let checksums = service.operations["Op"]
        .checksums
        .clone()
        .expect("checksums");
    assert!(checksums.request_required && checksums.content_md5);
    assert!(load_service(&json_model(|_| {}), None)
        .expect("loads")
        .operations["Op"]
        .checksums
        .is_none());
    let broken = json_model(|m| {
        m["shapes"]["N"] = json!({"type": "integer"});
        m["shapes"]["In"]["members"]["Count"] = json!({"shape": "N"});
        m["operations"]["Op"]["httpChecksum"] = json!({
            "requestAlgorithmMember": "Missing",
            "requestValidationModeMember": "Count"
        });
    });
    assert_eq!(
        faults(&broken),
        [
            "operations.Op.httpChecksum.requestAlgorithmMember: \"Missing\" is not a member of the operation's input",
            "operations.Op.httpChecksum.requestValidationModeMember: \"Count\" is not a string member"
        ]
    );
}

#[test]
fn event_streams_are_output_payloads_of_events_and_errors() {
    use crate::model::{Binding, PayloadKind};
    let streams = |edit: &dyn Fn(&mut Value)| {
        rest_model(|m| {
            m["shapes"]["Out"] = json!({"type": "structure", "payload": "Events",
                "members": {"Events": {"shape": "Events"}}});
            m["shapes"]["Events"] = json!({"type": "structure", "eventstream": true,
                "members": {"tick": {"shape": "Tick"}, "boom": {"shape": "E"}}});
            m["shapes"]["Tick"] = json!({"type": "structure", "event": true,
                "members": {"Data": {"shape": "B", "eventpayload": true}}});
            m["shapes"]["B"] = json!({"type": "blob"});
            edit(m);
        })
    };
    let service = load_service(&streams(&|_| {}), None).expect("loads");
    let events = service
        .shapes
        .structure("Out")
        .unwrap()
        .member("Events")
        .unwrap();
    assert_eq!(events.binding, Binding::Payload(PayloadKind::EventStream));
    assert!(!events.required);
    let union = service.shapes.structure("Events").unwrap();
    assert_eq!(
        union.event_stream.as_ref().map(|e| e.error_name.as_str()),
        Some("EventsError")
    );
    let tick = service.shapes.structure("Tick").unwrap();
    assert!(tick.event);
    assert_eq!(
        tick.member("Data").unwrap().binding,
        Binding::Payload(PayloadKind::Blob)
    );
    assert!(service.left_out.is_empty());

    let misplaced = streams(&|m| {
        // Not the payload; an event outside a stream; a stream member that is no event.
        m["shapes"]["Out"]["members"]["Again"] = json!({"shape": "Events"});
        m["shapes"]["Out"]["members"]["Lone"] = json!({"shape": "Tick", "location": "header",
            "locationName": "x-lone"});
        m["shapes"]["Events"]["members"]["plain"] = json!({"shape": "S"});
        m["shapes"]["S2"] = json!({"type": "structure", "members": {
            "P": {"shape": "S", "eventpayload": true}}});
    });
    let found = faults(&misplaced);
    for expected in [
        "shapes.Out.members.Again.shape: an event stream may only be the payload of an operation's input or output",
        "shapes.Out.members.Lone.shape: an event with an `eventpayload` or `eventheader` member may only be a member of an event stream",
        "shapes.Events.members.plain.shape: an event stream's member must be an event or an error structure",
        "shapes.S2.members.P.eventpayload: only allowed on a member of an event (a structure with `event: true`)",
    ] {
        assert!(found.iter().any(|f| f == expected), "{expected} in {found:#?}");
    }
}

#[test]
fn eventheader_members_are_typed_headers_of_their_event_s_message() {
    use crate::model::{Binding, HeaderType, PayloadKind};
    let streams = |edit: &dyn Fn(&mut Value)| {
        rest_model(|m| {
            let shapes = &mut m["shapes"];
            shapes["Out"] = json!({"type": "structure", "payload": "Events",
                "members": {"Events": {"shape": "Events"}}});
            shapes["Events"] = json!({"type": "structure", "eventstream": true,
                "members": {"tick": {"shape": "Tick"}, "note": {"shape": "Note"}}});
            // Headers beside a payload member, and beside members in the JSON payload.
            shapes["Tick"] = json!({"type": "structure", "event": true, "required": ["Seq"],
            "members": {
                "Data": {"shape": "B", "eventpayload": true},
                "Seq": {"shape": "L", "eventheader": true},
                "Kind": {"shape": "K", "eventheader": true, "locationName": "kind"}
            }});
            shapes["Note"] = json!({"type": "structure", "event": true, "members": {
                "Text": {"shape": "S"},
                "Urgent": {"shape": "Bool", "eventheader": true},
                "At": {"shape": "T", "eventheader": true},
                "Count": {"shape": "I", "eventheader": true},
                "Raw": {"shape": "B", "eventheader": true},
                "Name": {"shape": "S", "eventheader": true}
            }});
            shapes["B"] = json!({"type": "blob"});
            shapes["L"] = json!({"type": "long"});
            shapes["I"] = json!({"type": "integer"});
            shapes["K"] = json!({"type": "string", "enum": ["a", "b"]});
            shapes["Bool"] = json!({"type": "boolean"});
            shapes["T"] = json!({"type": "timestamp", "timestampFormat": "iso8601"});
            edit(m);
        })
    };
    let service = load_service(&streams(&|_| {}), None).expect("loads");
    let tick = service.shapes.structure("Tick").unwrap();
    assert_eq!(
        tick.member("Data").unwrap().binding,
        Binding::Payload(PayloadKind::Blob)
    );
    let seq = tick.member("Seq").unwrap();
    assert_eq!(seq.binding, Binding::EventHeader(HeaderType::Long));
    assert!(seq.required && seq.is_bound() && !seq.in_json_object());
    let kind = tick.member("Kind").unwrap();
    assert_eq!(
        kind.binding,
        Binding::EventHeader(HeaderType::String { is_enum: true })
    );
    assert_eq!(kind.wire_name, "kind");
    let note = service.shapes.structure("Note").unwrap();
    let binding = |name: &str| note.member(name).unwrap().binding;
    assert_eq!(binding("Text"), Binding::Body);
    assert_eq!(binding("Urgent"), Binding::EventHeader(HeaderType::Boolean));
    // A timestamp header is milliseconds since the epoch, whatever the shape's format.
    assert_eq!(binding("At"), Binding::EventHeader(HeaderType::Timestamp));
    assert_eq!(binding("Count"), Binding::EventHeader(HeaderType::Integer));
    assert_eq!(binding("Raw"), Binding::EventHeader(HeaderType::Blob));
    assert_eq!(
        binding("Name"),
        Binding::EventHeader(HeaderType::String { is_enum: false })
    );

    let broken = streams(&|m| {
        let shapes = &mut m["shapes"];
        // Not on an event; of no header type; twice the same header; a member beside the
        // payload that is not a header; both the payload and a header.
        shapes["S2"] = json!({"type": "structure", "members": {
            "H": {"shape": "S", "eventheader": true}}});
        shapes["D"] = json!({"type": "double"});
        shapes["Strings"] = json!({"type": "list", "member": {"shape": "S"}});
        shapes["Note"]["members"]["Ratio"] = json!({"shape": "D", "eventheader": true});
        shapes["Note"]["members"]["Names"] = json!({"shape": "Strings", "eventheader": true});
        shapes["Note"]["members"]["Again"] =
            json!({"shape": "S", "eventheader": true, "locationName": "Name"});
        shapes["Tick"]["members"]["Extra"] = json!({"shape": "S"});
        shapes["Tick"]["members"]["Both"] =
            json!({"shape": "B", "eventpayload": true, "eventheader": true});
        // An event with headers outside an event stream would lose them.
        shapes["S3"] = json!({"type": "structure", "members": {"N": {"shape": "Note"}}});
    });
    assert_eq!(
        faults(&broken),
        [
            "shapes.Note.members.Again: event header \"Name\" is also the event header of member \"Name\"",
            "shapes.Note.members.Names.shape: an `eventheader` member must be a boolean, integer, long, string, blob or timestamp shape, \"Strings\" is a list shape",
            "shapes.Note.members.Ratio.shape: an `eventheader` member must be a boolean, integer, long, string, blob or timestamp shape, \"D\" is a double shape",
            "shapes.S2.members.H.eventheader: only allowed on a member of an event (a structure with `event: true`)",
            "shapes.S3.members.N.shape: an event with an `eventpayload` or `eventheader` member may only be a member of an event stream",
            "shapes.Tick.members.Both.eventheader: not allowed with `eventpayload`: a member is its event's payload or a header, not both",
            "shapes.Tick.members.Extra: must be an `eventheader`: member \"Data\" is the event's payload",
        ]
    );

    // An event's payload member is a structure, blob or string.
    let wrong_payload = streams(&|m| {
        m["shapes"]["Tick"]["members"]["Data"] = json!({"shape": "I", "eventpayload": true});
    });
    assert_eq!(
        faults(&wrong_payload),
        ["shapes.Tick.members.Data.shape: an `eventpayload` member must be a structure, blob or string, \"I\" is an integer shape"]
    );
}
