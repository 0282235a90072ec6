//! The harness's own code: a `main.rs` with one async function per case, and the `Same`
//! implementations that compare parsed outputs with expected ones, member by member.
//!
//! Values come from the suites' JSON (`params`, `result`, `error`) and become Rust
//! expressions through the typed model: builders for structures (`T::builder().m(..)
//! .build()`, with `?` when a member is required), `From<&str>` for enums, `Timestamp::from_secs`, `Blob::new`, `vec![..]`,
//! `BTreeMap::from([..])`, float literals and `f32::NAN`-style constants.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use servicemodel_codegen::emit::symbols;
use servicemodel_codegen::model::{Binding, Bound, Operation, ShapeId, ShapeKind, Structure};
use servicemodel_codegen::Service;

use super::suite::{Case, Direction, Group};

/// The endpoint the client is configured with when a group gives none.
const DEFAULT_ENDPOINT: &str = "https://example.com";

/// A group whose model loaded: the group and its service.
pub struct Loaded<'a> {
    pub group: &'a Group,
    pub service: &'a Service,
}

/// A case the harness runs on one side: its label and its async function.
pub struct Emitted {
    /// `Client` or `Server`, the `support::Side` it is counted on.
    pub side: proc_macro2::Ident,
    pub label: String,
    pub function: TokenStream,
    pub name: proc_macro2::Ident,
}

/// `json_1_0 input: AwsJson10EmptyInputAndEmptyOutput`.
pub fn case_label(group: &Group, case: &Case) -> String {
    format!("{} {}: {}", group.suite, group.direction, case.id)
}

fn module(service: &Service) -> TokenStream {
    let name = format_ident!("{}", service.module_name);
    quote!(h::#name)
}

/// A case skipped on one side: the side (`Client`, `Server`), its label and the reason.
pub type Skipped = (&'static str, String, String);

/// The case's functions: `case_<n>` for the client and `case_<n+1>` for the server, or the
/// server side skipped with its reason. A case whose values cannot be written as Rust becomes
/// a function that fails saying why.
pub fn emit_case(
    loaded: &Loaded<'_>,
    case: &Case,
    n: usize,
    skipped: &mut Vec<Skipped>,
) -> Vec<Emitted> {
    let label = case_label(loaded.group, case);
    let client = match loaded.group.direction {
        Direction::Input => emit_input_case(loaded, case),
        Direction::Output => emit_output_case(loaded, case),
    };
    let mut emitted = vec![case_function("Client", &label, n, client)];
    if let Some(reason) = super::suite::server_skip(loaded.group.direction, &case.id) {
        skipped.push(("Server", label, reason.to_owned()));
        return emitted;
    }
    let server = match loaded.group.direction {
        Direction::Input => emit_server_input_case(loaded, case),
        Direction::Output => emit_server_output_case(loaded, case),
    };
    emitted.push(case_function("Server", &label, n + 1, server));
    emitted
}

fn case_function(side: &str, label: &str, n: usize, body: Result<TokenStream, String>) -> Emitted {
    let name = format_ident!("case_{n}");
    let body = body.unwrap_or_else(|message| {
        let message = format!("the harness cannot express this case: {message}");
        quote!(::std::result::Result::Err(
            ::std::vec![::std::string::String::from(#message)]
        ))
    });
    let doc = format!("{} {label}", side.to_ascii_lowercase());
    let function = quote! {
        #[doc = #doc]
        async fn #name() -> support::Outcome {
            #body
        }
    };
    Emitted {
        side: format_ident!("{side}"),
        label: label.to_owned(),
        function,
        name,
    }
}

/// The name of the harness's implementation of a service's server trait.
fn capture_type(service: &Service) -> proc_macro2::Ident {
    format_ident!("{}Capture", service.type_name)
}

/// The service's server trait implemented for the harness: each operation keeps the input
/// the server decoded and answers what the case set, or `NotImplemented`.
pub fn emit_capture_impl(service: &Service) -> TokenStream {
    let m = module(service);
    let capture = capture_type(service);
    let api = symbols::server_trait(service, &m);
    let methods = service.operations.values().map(|op| {
        let method = symbols::method_name(op);
        let input = symbols::server_input_type(service, op, &m);
        let output = symbols::output_type(service, op, &m);
        let error = symbols::error_type(op, &m);
        let name = &op.name;
        quote! {
            fn #method(
                &self,
                _context: ::servicemodel_runtime_server::RequestContext,
                input: #input,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<#output, #error>> + ::std::marker::Send {
                self.0.put_input(input);
                let answer = self.0.take_answer::<::std::result::Result<#output, #error>>();
                ::std::future::ready(answer.unwrap_or_else(|| ::std::result::Result::Err(#m::server::not_implemented(#name))))
            }
        }
    });
    quote! {
        struct #capture(::std::sync::Arc<support::Capture>);

        impl #api for #capture {
            #(#methods)*
        }
    }
}

/// The router of the case's generated server, with no authentication, as `router`, and its
/// capture as `capture`.
fn server(loaded: &Loaded<'_>) -> TokenStream {
    let m = module(loaded.service);
    let capture = capture_type(loaded.service);
    quote! {
        let capture = ::std::sync::Arc::new(support::Capture::default());
        let router = #m::server::router(#capture(::std::sync::Arc::clone(&capture)))
            .authenticator(::servicemodel_runtime_server::NoAuth)
            .build();
    }
}

/// An input case on the server: the case's request goes to the generated server, whose
/// operation must be called with an input equal to `params` (with the idempotency token the
/// client filled in where `params` has none).
fn emit_server_input_case(loaded: &Loaded<'_>, case: &Case) -> Result<TokenStream, String> {
    let service = loaded.service;
    let op = operation(service, case)?;
    let m = module(service);
    let input_type = symbols::server_input_type(service, op, &m);
    let expected = match &op.input {
        None => quote!(()),
        Some(_) => input_expr(loaded, case, case.raw.get("params"))?,
    };
    let tokens = op
        .input
        .map(|id| &service[id])
        .into_iter()
        .flat_map(|input| &input.members)
        .filter(|member| member.idempotency_token && !member.required)
        .map(|member| {
            let field = format_ident!("{}", member.field_name);
            quote! {
                if expected.#field.is_none() {
                    expected.#field = ::std::option::Option::Some(support::IDEMPOTENCY_TOKEN.to_owned());
                }
            }
        });
    // An empty list in the query string or an empty map of parameters or headers is not on the
    // wire (an empty list in a header is, as an empty value): the server reads it as unset.
    let empties = op
        .input
        .map(|id| &service[id])
        .into_iter()
        .flat_map(|input| &input.members)
        .filter(|member| {
            !member.required
                && matches!(
                    member.binding,
                    Binding::Query(Bound::List(_))
                        | Binding::QueryMap { .. }
                        | Binding::PrefixHeaders { .. }
                )
        })
        .map(|member| {
            let field = format_ident!("{}", member.field_name);
            quote! {
                if expected.#field.as_ref().is_some_and(|v| v.is_empty()) {
                    expected.#field = ::std::option::Option::None;
                }
            }
        });
    let request = expected_request(case)?;
    let server = server(loaded);
    let client = client(
        loaded,
        quote!(::servicemodel_runtime_client::ReplayClient::new().respond(200, &[], "{}")),
    );
    let client_input = input_expr(loaded, case, case.raw.get("params"))?;
    Ok(quote! {
        // The generated client's request for the case, for the headers the case leaves out.
        #client
        let _ = client.execute(#client_input).await;
        let sent = replay.requests().into_iter().next();
        #server
        let request = support::case_request(&#request, sent.as_ref()).map_err(|e| ::std::vec![e])?;
        let response = support::serve(&router, request).await;
        let ::std::option::Option::Some(actual) = capture.take_input::<#input_type>() else {
            return ::std::result::Result::Err(::std::vec![::std::format!(
                "the operation was not called: {} {:?}",
                response.status(),
                ::std::string::String::from_utf8_lossy(response.body())
            )]);
        };
        #[allow(unused_mut)]
        let mut expected = #expected;
        #(#tokens)*
        #(#empties)*
        let mut diffs = ::std::vec::Vec::new();
        support::Same::same(&actual, &expected, "input", &mut diffs);
        support::outcome(diffs)
    })
}

/// An output case on the server: the generated client sends the operation's empty input to
/// the generated server, whose operation answers the case's `result` (or `error`); the
/// response it writes must match the case's `response`.
fn emit_server_output_case(loaded: &Loaded<'_>, case: &Case) -> Result<TokenStream, String> {
    let service = loaded.service;
    let op = operation(service, case)?;
    let m = module(service);
    let output = symbols::output_type(service, op, &m);
    let error = symbols::error_type(op, &m);
    let empty = Value::Object(Default::default());
    let error_code = case.raw.get("errorCode").and_then(Value::as_str);
    let answer = match error_code {
        Some(code) => {
            let (variant, value) = expected_error(service, op, case, code)?;
            quote!(::std::result::Result::<#output, #error>::Err(#error::#variant(#value)))
        }
        None => {
            let result = case.raw.get("result").unwrap_or(&empty);
            let value = match op.output {
                Some(shape) => value_expr(service, shape.into(), result, "result")?,
                None => quote!(()),
            };
            quote!(::std::result::Result::<#output, #error>::Ok(#value))
        }
    };
    let (status, headers, body) = case_response(case)?;
    let error_code = option_str(error_code);
    let input = input_expr(loaded, case, None)?;
    let server = server(loaded);
    Ok(quote! {
        #server
        capture.set_answer(#answer);
        let transport = support::ToServer::new(router);
        let client = #m::Client::new(support::server_config(&transport));
        let input = #input;
        let _ = client.execute(input).await;
        let responses = transport.responses();
        let [response] = responses.as_slice() else {
            return ::std::result::Result::Err(::std::vec![::std::format!(
                "the client sent {} requests, expected one", responses.len()
            )]);
        };
        if capture.take_answer::<::std::result::Result<#output, #error>>().is_some() {
            return ::std::result::Result::Err(::std::vec![::std::format!(
                "the operation was not called: {} {:?}",
                response.status(),
                ::std::string::String::from_utf8_lossy(response.body())
            )]);
        }
        support::check_response(response, &support::ExpectedResponse {
            status: #status,
            headers: &[#(#headers),*],
            body: #body,
            error_code: #error_code,
        })
    })
}

/// The client of the case's service, answering with `respond`.
fn client(loaded: &Loaded<'_>, respond: TokenStream) -> TokenStream {
    let m = module(loaded.service);
    let endpoint = loaded
        .group
        .client_endpoint
        .as_deref()
        .unwrap_or(DEFAULT_ENDPOINT);
    quote! {
        let replay = #respond;
        let client = #m::Client::new(support::config(&replay, #endpoint));
    }
}

/// The operation's input: built from `params` with the input's builder, or the unit input
/// of an operation without one.
fn input_expr(
    loaded: &Loaded<'_>,
    case: &Case,
    params: Option<&Value>,
) -> Result<TokenStream, String> {
    let service = loaded.service;
    let op = operation(service, case)?;
    match op.input {
        Some(shape) => {
            let empty = Value::Object(Default::default());
            value_expr(service, shape.into(), params.unwrap_or(&empty), "params")
        }
        None => {
            if let Some(params) = params.and_then(Value::as_object) {
                if !params.is_empty() {
                    return Err("params given for an operation without input".to_owned());
                }
            }
            let m = module(service);
            let unit = format_ident!("{}Input", op.type_name.trim_start_matches("r#"));
            Ok(quote!(#m::client::#unit))
        }
    }
}

fn emit_input_case(loaded: &Loaded<'_>, case: &Case) -> Result<TokenStream, String> {
    let input = input_expr(loaded, case, case.raw.get("params"))?;
    let request = expected_request(case)?;
    let client = client(
        loaded,
        quote!(::servicemodel_runtime_client::ReplayClient::new().respond(200, &[], "{}")),
    );
    Ok(quote! {
        #client
        let input = #input;
        let result = client.execute(input).await;
        support::check_request(&replay, result.err().map(|e| ::std::format!("{e:?}")), &#request)
    })
}

/// The `support::ExpectedRequest` of an input case's `serialized`.
fn expected_request(case: &Case) -> Result<TokenStream, String> {
    let serialized = case.raw.get("serialized").ok_or("no `serialized`")?;
    let text = |key: &str| serialized.get(key).and_then(Value::as_str);
    let method = text("method").unwrap_or("");
    let uri = text("uri").unwrap_or("");
    let headers = serialized
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let value = value.as_str().unwrap_or_default();
            quote!((#name, #value))
        });
    let names = |key: &str| -> Vec<String> {
        serialized
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    let forbid = names("forbidHeaders");
    let require = names("requireHeaders");
    let body = option_str(text("body"));
    let host = option_str(text("host"));
    Ok(quote! {
        support::ExpectedRequest {
            method: #method,
            uri: #uri,
            headers: &[#(#headers),*],
            forbid: &[#(#forbid),*],
            require: &[#(#require),*],
            body: #body,
            host: #host,
        }
    })
}

/// The variant of the operation's error enum for error `code`, and the error built from the
/// case's `error`.
fn expected_error(
    service: &Service,
    op: &Operation,
    case: &Case,
    code: &str,
) -> Result<(proc_macro2::Ident, TokenStream), String> {
    let listed = op
        .errors
        .iter()
        .find(|error| {
            // By name, or by query code (`x-amzn-query-error`) in a query-compatible service.
            service.name_of(error.shape) == code
                || service[error.shape]
                    .error
                    .as_ref()
                    .and_then(|info| info.query_code.as_deref())
                    == Some(code)
        })
        .ok_or_else(|| format!("the operation lists no error {code}"))?;
    let variant = format_ident!("{}", listed.variant);
    let empty = Value::Object(Default::default());
    let value = value_expr(
        service,
        listed.shape.into(),
        case.raw.get("error").unwrap_or(&empty),
        "error",
    )?;
    Ok((variant, value))
}

/// The operation a case calls.
fn operation<'a>(service: &'a Service, case: &Case) -> Result<&'a Operation, String> {
    service
        .operations
        .get(&case.operation)
        .ok_or_else(|| format!("no operation {}", case.operation))
}

/// An output case's `response`: its status, its headers as `(name, value)` tokens, its body.
fn case_response(case: &Case) -> Result<(u16, Vec<TokenStream>, &str), String> {
    let response = case.raw.get("response").ok_or("no `response`")?;
    let status = response
        .get("status_code")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .ok_or("no `response.status_code`")?;
    let headers = response
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let value = value.as_str().unwrap_or_default();
            quote!((#name, #value))
        })
        .collect();
    let body = response.get("body").and_then(Value::as_str).unwrap_or("");
    Ok((status, headers, body))
}

fn option_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(::std::option::Option::Some(#text)),
        None => quote!(::std::option::Option::None),
    }
}

fn emit_output_case(loaded: &Loaded<'_>, case: &Case) -> Result<TokenStream, String> {
    let service = loaded.service;
    let op = operation(service, case)?;
    let (status, headers, body) = case_response(case)?;
    let client = client(
        loaded,
        quote!(::servicemodel_runtime_client::ReplayClient::new().respond(#status, &[#(#headers),*], #body)),
    );
    let input = input_expr(loaded, case, None)?;
    let m = module(service);

    let check = if let Some(code) = case.raw.get("errorCode").and_then(Value::as_str) {
        let (variant, expected) = expected_error(service, op, case, code)?;
        let error_enum = symbols::error_type(op, &m);
        let message = case.raw.get("errorMessage").and_then(Value::as_str).map(|message| {
            quote! {
                if ::servicemodel_runtime::ServiceError::message(&error) != ::std::option::Option::Some(#message) {
                    diffs.push(::std::format!(
                        "message: got {:?}, expected {:?}",
                        ::servicemodel_runtime::ServiceError::message(&error),
                        #message
                    ));
                }
            }
        });
        quote! {
            let error = match result {
                ::std::result::Result::Err(::servicemodel_runtime_client::SdkError::Service { error, .. }) => error,
                other => {
                    return ::std::result::Result::Err(::std::vec![::std::format!(
                        "expected the service error {}, got {other:?}", #code
                    )]);
                }
            };
            let mut diffs = ::std::vec::Vec::new();
            if ::servicemodel_runtime::ServiceError::code(&error) != #code {
                diffs.push(::std::format!(
                    "code: got {:?}, expected {:?}",
                    ::servicemodel_runtime::ServiceError::code(&error),
                    #code
                ));
            }
            #message
            match &error {
                #error_enum::#variant(actual) => {
                    let expected = #expected;
                    support::Same::same(actual, &expected, "error", &mut diffs);
                }
                other => diffs.push(::std::format!("expected the variant {}, got {other:?}", #code)),
            }
            support::outcome(diffs)
        }
    } else {
        let empty = Value::Object(Default::default());
        let result_value = case.raw.get("result").unwrap_or(&empty);
        let expected = match op.output {
            Some(shape) => value_expr(service, shape.into(), result_value, "result")?,
            None => {
                if result_value.as_object().is_some_and(|o| !o.is_empty()) {
                    return Err("a result given for an operation without output".to_owned());
                }
                quote!(())
            }
        };
        quote! {
            let actual = match result {
                ::std::result::Result::Ok(output) => output,
                ::std::result::Result::Err(error) => {
                    return ::std::result::Result::Err(::std::vec![::std::format!("the call failed: {error:?}")]);
                }
            };
            let expected = #expected;
            let mut diffs = ::std::vec::Vec::new();
            support::Same::same(&actual, &expected, "output", &mut diffs);
            support::outcome(diffs)
        }
    };
    Ok(quote! {
        #client
        let input = #input;
        let result = client.execute(input).await;
        #check
    })
}

/// The Rust type of a value of `shape`, as seen from `main.rs`.
fn rust_type(service: &Service, shape: ShapeId) -> TokenStream {
    symbols::shape_type(service, shape, &module(service))
}

/// The type of a list's entries or a map's values, in `Option` when the collection is sparse.
fn entry_type(service: &Service, shape: ShapeId, sparse: bool) -> TokenStream {
    symbols::entry_type(service, shape, sparse, &module(service))
}

/// An entry of a list or a map's value: `None` for `null` in a sparse collection, in `Some`
/// otherwise there.
fn entry_expr(
    service: &Service,
    shape: ShapeId,
    sparse: bool,
    value: &Value,
    path: &str,
) -> Result<TokenStream, String> {
    if !sparse {
        return value_expr(service, shape, value, path);
    }
    if value.is_null() {
        return Ok(quote!(::std::option::Option::None));
    }
    let value = value_expr(service, shape, value, path)?;
    Ok(quote!(::std::option::Option::Some(#value)))
}

/// A number literal with its suffix (`-5i32`, `1.1f32`).
fn number(text: String) -> TokenStream {
    text.parse().expect("a number literal")
}

/// A Rust expression of the value `value` of shape `shape`; `path` names it in messages.
pub fn value_expr(
    service: &Service,
    shape: ShapeId,
    value: &Value,
    path: &str,
) -> Result<TokenStream, String> {
    let s = &service[shape];
    let name = &s.name;
    let wrong =
        |expected: &str| format!("{path}: expected {expected} for shape {name}, found {value}");
    Ok(match &s.kind {
        ShapeKind::Structure(structure) if structure.document => {
            let text = value.to_string();
            quote!(::serde_json::from_str::<::servicemodel_runtime::Document>(#text).expect("a JSON value"))
        }
        ShapeKind::Structure(structure) => structure_expr(service, shape, structure, value, path)?,
        ShapeKind::String(string) => {
            let text = value.as_str().ok_or_else(|| wrong("a string"))?;
            if string.enum_values.is_some() {
                let ty = rust_type(service, shape);
                quote!(<#ty as ::std::convert::From<&str>>::from(#text))
            } else {
                quote!(::std::string::String::from(#text))
            }
        }
        ShapeKind::Integer(_) => {
            let n = value
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(|| wrong("an integer"))?;
            number(format!("{n}i32"))
        }
        ShapeKind::Long(_) => {
            let n = value.as_i64().ok_or_else(|| wrong("an integer"))?;
            number(format!("{n}i64"))
        }
        ShapeKind::Float(_) => float_expr(value, "f32").ok_or_else(|| wrong("a number"))?,
        ShapeKind::Double(_) => float_expr(value, "f64").ok_or_else(|| wrong("a number"))?,
        ShapeKind::Boolean => {
            let b = value.as_bool().ok_or_else(|| wrong("a boolean"))?;
            quote!(#b)
        }
        ShapeKind::Timestamp(_) => {
            if let Some(secs) = value.as_i64() {
                let secs = number(format!("{secs}i64"));
                quote!(::servicemodel_runtime::Timestamp::from_secs(#secs))
            } else if let Some(secs) = value.as_f64() {
                let secs = number(format!("{secs:?}f64"));
                quote!(::servicemodel_runtime::Timestamp::from_epoch_f64(#secs).expect("a timestamp in range"))
            } else {
                return Err(wrong("epoch seconds"));
            }
        }
        ShapeKind::Blob(_) => {
            let text = value.as_str().ok_or_else(|| wrong("a string"))?;
            let bytes = Literal::byte_string(text.as_bytes());
            quote!(::servicemodel_runtime::Blob::new(#bytes.to_vec()))
        }
        ShapeKind::List(list) => {
            let items = value.as_array().ok_or_else(|| wrong("a list"))?;
            if items.is_empty() {
                let ty = entry_type(service, list.member, list.sparse);
                quote!(::std::vec::Vec::<#ty>::new())
            } else {
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        entry_expr(
                            service,
                            list.member,
                            list.sparse,
                            item,
                            &format!("{path}[{i}]"),
                        )
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(::std::vec![#(#items),*])
            }
        }
        ShapeKind::Map(map) => {
            let entries = value.as_object().ok_or_else(|| wrong("an object"))?;
            let key_ty = rust_type(service, map.key);
            let value_ty = entry_type(service, map.value, map.sparse);
            let mut pairs = Vec::new();
            for (key, item) in entries {
                if item.is_null() && !map.sparse {
                    continue;
                }
                let key_expr = value_expr(service, map.key, &Value::String(key.clone()), path)?;
                let item = entry_expr(
                    service,
                    map.value,
                    map.sparse,
                    item,
                    &format!("{path}.{key}"),
                )?;
                pairs.push(quote!((#key_expr, #item)));
            }
            quote!(::std::collections::BTreeMap::<#key_ty, #value_ty>::from([#(#pairs),*]))
        }
    })
}

/// A float constant: a literal, or `NaN` and the infinities, which the suites write as strings.
fn float_expr(value: &Value, ty: &str) -> Option<TokenStream> {
    let ty_ident = format_ident!("{ty}");
    if let Some(text) = value.as_str() {
        return match text {
            "NaN" => Some(quote!(#ty_ident::NAN)),
            "Infinity" => Some(quote!(#ty_ident::INFINITY)),
            "-Infinity" => Some(quote!(#ty_ident::NEG_INFINITY)),
            _ => None,
        };
    }
    let f = value.as_f64()?;
    Some(if ty == "f32" {
        number(format!("{:?}f32", f as f32))
    } else {
        number(format!("{f:?}f64"))
    })
}

fn structure_expr(
    service: &Service,
    id: ShapeId,
    structure: &Structure,
    value: &Value,
    path: &str,
) -> Result<TokenStream, String> {
    let shape = service.name_of(id);
    let object = value.as_object().ok_or_else(|| {
        format!("{path}: expected an object for structure {shape}, found {value}")
    })?;
    let ty = rust_type(service, id);
    if structure.union {
        // A union is built from its one member that is set.
        let set: Vec<(&String, &Value)> = object.iter().filter(|(_, v)| !v.is_null()).collect();
        let [(key, item)] = set.as_slice() else {
            return Err(format!(
                "{path}: union {shape} needs exactly one member set, found {}",
                set.len()
            ));
        };
        let member = structure
            .member(key)
            .ok_or_else(|| format!("{path}: union {shape} has no member {key}"))?;
        let variant = format_ident!("{}", member.variant_name);
        let item = value_expr(service, member.shape, item, &format!("{path}.{key}"))?;
        let item = if member.boxed {
            quote!(::std::boxed::Box::new(#item))
        } else {
            item
        };
        return Ok(quote!(#ty::#variant(#item)));
    }
    let mut setters = Vec::new();
    for (key, item) in object {
        if item.is_null() {
            continue;
        }
        let member = structure
            .member(key)
            .ok_or_else(|| format!("{path}: structure {shape} has no member {key}"))?;
        let setter = format_ident!("{}", member.setter_name);
        let item = value_expr(service, member.shape, item, &format!("{path}.{key}"))?;
        setters.push(quote!(.#setter(#item)));
    }
    // `build()` returns the value itself when nothing is required.
    let check = (!servicemodel_codegen::emit::builders::builds_infallibly(structure)).then(|| {
        quote!(.map_err(|e| ::std::vec![::std::format!("cannot build the {} value: {e}", #shape)])?)
    });
    Ok(quote! {
        #ty::builder()
            #(#setters)*
            .build()
            #check
    })
}

/// `impl support::Same` for every structure and enum of the service: member by member for
/// structures, `==` for enums.
pub fn emit_same_impls(service: &Service) -> TokenStream {
    let impls = service.shapes.iter().filter_map(|(id, shape)| {
        let ty = rust_type(service, id);
        match &shape.kind {
            // Documents compare with the harness's own `Same` for the runtime's `Document`.
            ShapeKind::Structure(structure) if structure.document => None,
            ShapeKind::Structure(structure) if structure.union => {
                let arms = structure.members.iter().map(|member| {
                    let variant = format_ident!("{}", member.variant_name);
                    let name = &member.name;
                    quote! {
                        (Self::#variant(a), Self::#variant(b)) => {
                            support::Same::same(a, b, &::std::format!("{path}.{}", #name), diffs)
                        }
                    }
                });
                Some(quote! {
                    impl support::Same for #ty {
                        #[allow(unreachable_patterns)]
                        fn same(&self, other: &Self, path: &str, diffs: &mut ::std::vec::Vec<::std::string::String>) {
                            match (self, other) {
                                #(#arms)*
                                (a, b) => support::same_eq(a, b, path, diffs),
                            }
                        }
                    }
                })
            }
            ShapeKind::Structure(structure) => {
                let fields = structure.members.iter().map(|member| {
                    let field = format_ident!("{}", member.field_name);
                    let name = &member.name;
                    quote! {
                        support::Same::same(&self.#field, &other.#field, &::std::format!("{path}.{}", #name), diffs);
                    }
                });
                Some(quote! {
                    impl support::Same for #ty {
                        #[allow(unused_variables)]
                        fn same(&self, other: &Self, path: &str, diffs: &mut ::std::vec::Vec<::std::string::String>) {
                            #(#fields)*
                        }
                    }
                })
            }
            ShapeKind::String(string) if string.enum_values.is_some() => Some(quote! {
                impl support::Same for #ty {
                    fn same(&self, other: &Self, path: &str, diffs: &mut ::std::vec::Vec<::std::string::String>) {
                        support::same_eq(self, other, path, diffs);
                    }
                }
            }),
            _ => None,
        }
    });
    quote!(#(#impls)*)
}

/// The whole `main.rs`: the skipped cases with their reasons, every case's function, and a
/// `main` that runs them in order and prints the report.
pub fn emit_main(
    crate_name: &str,
    skipped: &[Skipped],
    cases: &[Emitted],
    service_impls: &[TokenStream],
) -> TokenStream {
    let krate = format_ident!("{}", crate_name);
    let skipped = skipped.iter().map(|(side, label, reason)| {
        let side = format_ident!("{side}");
        quote!((support::Side::#side, #label, #reason))
    });
    let functions = cases.iter().map(|case| &case.function);
    let runs = cases.iter().map(|case| {
        let label = &case.label;
        let name = &case.name;
        let side = &case.side;
        // Boxed: `main` holds one case at a time behind a pointer, not the largest case's
        // whole state on the main thread's stack (over 8 MiB in a debug build).
        quote!(report.record(support::Side::#side, #label, support::run(::std::boxed::Box::pin(#name())).await);)
    });
    quote! {
        //! The conformance harness: every case of the protocol test suites that this project's
        //! scope covers, run against the generated clients with a replaying transport, and
        //! against the generated servers.

        mod support;

        use #krate as h;

        /// The cases not run, with the reason.
        static SKIPPED: &[(support::Side, &str, &str)] = &[#(#skipped),*];

        #(#functions)*

        #(#service_impls)*

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> ::std::process::ExitCode {
            let mut report = support::Report::new(SKIPPED);
            #(#runs)*
            report.finish()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn service() -> Service {
        let model = json!({
            "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "x", "protocol": "rest-json",
                         "serviceFullName": "X", "serviceId": "restjson-input-07", "signatureVersion": "v4",
                         "signingName": "x"},
            "operations": {"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}}},
            "shapes": {
                "In": {"type": "structure", "required": ["type"], "members": {
                    "type": {"shape": "Kind"}, "ratio": {"shape": "Ratio"}, "tags": {"shape": "Tags"},
                    "at": {"shape": "When"}, "data": {"shape": "Data"}, "byName": {"shape": "ByName"},
                    "count": {"shape": "Count"}
                }},
                "Kind": {"type": "string", "enum": ["Foo", "0"]},
                "Ratio": {"type": "float"},
                "Count": {"type": "long"},
                "Tags": {"type": "list", "member": {"shape": "Text"}},
                "ByName": {"type": "map", "key": {"shape": "Text"}, "value": {"shape": "In"}},
                "When": {"type": "timestamp"},
                "Data": {"type": "blob"},
                "Text": {"type": "string"}
            }
        });
        servicemodel_codegen::load_service(&model.to_string(), None).expect("the test model loads")
    }

    fn expr(value: Value) -> Result<String, String> {
        let service = service();
        let input = service.shapes.id("In").expect("the test model has In");
        value_expr(&service, input, &value, "params").map(|tokens| {
            tokens
                .to_string()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        })
    }

    #[test]
    fn values_become_builder_calls_through_the_typed_model() {
        // A null is an unset member.
        let text = expr(json!({
            "type": "0", "ratio": "NaN", "tags": [], "at": 1.5, "data": "hi", "count": -4,
            "byName": {"k": {"type": "Foo", "ratio": 1.1}}, "nothing": null
        }))
        .unwrap();
        for part in [
            "h::restjsoninput07::In::builder()",
            ".r#type(<h::restjsoninput07::Kindas::std::convert::From<&str>>::from(\"0\"))",
            ".ratio(f32::NAN)",
            ".tags(::std::vec::Vec::<::std::string::String>::new())",
            ".at(::servicemodel_runtime::Timestamp::from_epoch_f64(1.5f64)",
            ".data(::servicemodel_runtime::Blob::new(b\"hi\".to_vec()))",
            ".count(-4i64)",
            ".ratio(1.1f32)",
            ".build()",
        ] {
            assert!(text.contains(part), "{part} in {text}");
        }
        assert_eq!(
            expr(json!({"type": 1})).unwrap_err(),
            "params.type: expected a string for shape Kind, found 1"
        );
        assert_eq!(
            expr(json!({"other": 1})).unwrap_err(),
            "params: structure In has no member other"
        );
    }
}
