//! The async client of a service (`client.rs`, behind the crate's `client` feature).
//!
//! What is emitted is small: a `Client` with one method per operation, and per operation an
//! implementation of the client runtime's `Operation` trait for its input, which says how the
//! input becomes a request (the protocol's part) and how a response becomes the output or the
//! operation's error enum. Everything else (signing, retries, timeouts, the transport, error
//! codes, paging) is the hand-written `servicemodel-runtime-client`, the same for every service.
//!
//! A client method returns the input's builder attached to the client (see
//! [`super::builders`]), so `client.op().member(..).send()` uses the builder's setters.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::builders::builder_name;
use super::errors::operation_error_name;
use super::{bind, ident, output_type, shape_type};
use crate::model::{
    AuthScheme, Binding, Bound, ChecksumAlgorithm, HostPrefix, HostSegment, HttpMethod, Member,
    Operation, PayloadKind, Protocol, Service, ShapeKind, Structure, UriSegment,
};

const RT: &str = "::servicemodel_runtime_client";

fn rt() -> TokenStream {
    RT.parse().expect("a path")
}

/// The `client.rs` file of a service.
pub fn emit_client(service: &Service) -> TokenStream {
    let rt = rt();
    let service_id = &service.metadata.service_id;
    let signing_name = &service.metadata.signing_name;
    let endpoint_prefix = &service.metadata.endpoint_prefix;
    let retryable = &service.error_roles.retryable_codes;
    let service_auth = super::auth_tokens(&service.metadata.auth);
    let query_compatible = service.metadata.query_compatible;
    let methods = service
        .operations
        .values()
        .map(|op| emit_method(service, op));
    let operations = service
        .operations
        .values()
        .map(|op| emit_operation(service, op));
    let client_doc = format!(
        " A client for {}: one method per operation, each returning a builder whose `send()` makes the call.",
        service.metadata.service_full_name
    );
    let bearer_env = if service.metadata.auth.contains(&AuthScheme::Bearer) {
        format!(
            ", `AWS_BEARER_TOKEN_{}`",
            signing_name.to_ascii_uppercase().replace([' ', '-'], "_")
        )
    } else {
        String::new()
    };
    let from_env_doc = format!(
        " A client configured from the environment (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`{bearer_env}, `AWS_ENDPOINT_URL_{}` or `AWS_ENDPOINT_URL`; see [`Config::from_env`]).",
        service_id.to_ascii_uppercase().replace([' ', '-'], "_")
    );
    quote! {
        pub use #rt::{Config, ConfigBuilder, Operation, RetryConfig, SdkError, TimeoutConfig};

        /// What the client runtime needs to know of this service.
        pub static SERVICE: #rt::ServiceInfo = #rt::ServiceInfo {
            service_id: #service_id,
            signing_name: #signing_name,
            auth: #service_auth,
            endpoint_prefix: #endpoint_prefix,
            retryable_codes: &[#(#retryable),*],
            query_compatible: #query_compatible,
        };

        #[doc = #client_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            config: ::std::sync::Arc<#rt::Config>,
        }

        impl Client {
            /// A client with this configuration.
            pub fn new(config: #rt::Config) -> Self {
                Self { config: ::std::sync::Arc::new(config) }
            }

            #[doc = #from_env_doc]
            pub fn from_env() -> Self {
                Self::new(#rt::Config::from_env_for(&SERVICE).build())
            }

            /// The client's configuration.
            pub fn config(&self) -> &#rt::Config {
                &self.config
            }

            /// Calls the operation whose input `input` is.
            pub async fn execute<O: #rt::Operation>(
                &self,
                input: O,
            ) -> ::std::result::Result<O::Output, #rt::SdkError<O::Error>> {
                #rt::invoke(&self.config, input).await
            }

            #(#methods)*
        }

        #(#operations)*
    }
}

/// The input's Rust type: the input structure, or the unit struct emitted for an operation
/// without input.
fn input_type(service: &Service, op: &Operation) -> TokenStream {
    match op.input {
        Some(id) => shape_type(service, id),
        None => {
            let ty = no_input_name(op);
            quote!(#ty)
        }
    }
}

fn no_input_name(op: &Operation) -> Ident {
    ident(&op.input_type_name)
}

fn emit_method(service: &Service, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let mut docs = super::docs::operation_doc_attrs(op);
    docs.extend(super::docs::deprecated_attr(op.deprecated.as_ref()));
    match op.input {
        Some(id) => {
            let builder = builder_name(&service[id]);
            quote! {
                #docs
                #[inline]
                pub fn #method(&self) -> super::builders::#builder<Client> {
                    super::builders::#builder::with_sender(self.clone())
                }
            }
        }
        None => {
            let input = no_input_name(op);
            let output = output_type(service, op);
            let error = operation_error_name(op);
            quote! {
                #docs
                pub async fn #method(&self) -> ::std::result::Result<#output, SdkError<super::errors::#error>> {
                    self.execute(#input).await
                }
            }
        }
    }
}

fn emit_operation(service: &Service, op: &Operation) -> TokenStream {
    let rt = rt();
    let name = &op.name;
    let input = input_type(service, op);
    let output = output_type(service, op);
    let error = operation_error_name(op);
    let input_structure = op.input.map(|id| &service[id]);

    let no_input = op.input.is_none().then(|| {
        let ty = no_input_name(op);
        let doc = format!(" The input of `{name}`, which takes none.");
        quote! {
            #[doc = #doc]
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            pub struct #ty;
            impl ::servicemodel_runtime::Validate for #ty {}
        }
    });

    let fill = input_structure.and_then(|structure| emit_fill_defaults(op, structure));
    let checksum = emit_checksum(op, input_structure);
    let serialize = match service.metadata.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            let target = service.target(op).unwrap_or_default();
            let protocol = super::protocol_tokens(service.metadata.protocol);
            if op.input.is_some() {
                quote!(#rt::operation::json_rpc_request(#protocol, #target, self))
            } else {
                quote!(#rt::operation::json_rpc_request(#protocol, #target, &#rt::operation::EmptyObject))
            }
        }
        Protocol::RestJson1 => emit_rest_request(op, input_structure),
    };
    let parse_output = match op.output {
        None => quote!({
            let _ = response;
            ::std::result::Result::Ok(())
        }),
        Some(id) => emit_parse_output(&service[id]),
    };
    let parse_error = emit_parse_error(service, op);
    let streaming = emit_streaming(service, op);
    // The runtime's default is SigV4 alone.
    let auth = (op.auth != [AuthScheme::SigV4]).then(|| {
        let doc = if op.auth.is_empty() {
            " The model marks the operation as unauthenticated: it is sent unsigned.".to_owned()
        } else {
            format!(
                " The schemes that authenticate the operation, in the model's order: {}.",
                op.auth
                    .iter()
                    .map(|s| format!("`{}`", s.shape_id()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let schemes = super::auth_tokens(&op.auth);
        quote! {
            #[doc = #doc]
            const AUTH: &'static [::servicemodel_runtime::AuthScheme] = #schemes;
        }
    });
    let gzip = op.gzip_request.then(|| {
        quote! {
            /// The model lets the client compress the request body (`requestcompression`).
            const GZIP_REQUEST: bool = true;
        }
    });

    let host_prefix = op
        .host_prefix
        .as_ref()
        .map(|prefix| emit_host_prefix(prefix, input_structure));

    let send = input_structure.map(|structure| {
        let builder = builder_name(structure);
        let built = built_input(structure);
        quote! {
            impl super::builders::#builder<Client> {
                /// Builds the input and calls the operation with the client this builder came
                /// from.
                #[inline]
                pub fn send(self) -> impl ::std::future::Future<
                    Output = ::std::result::Result<#output, #rt::SdkError<super::errors::#error>>,
                > + ::std::marker::Send + 'static {
                    let config = self.sender().config.clone();
                    #rt::operation::send_built(config, #built)
                }
            }
        }
    });
    let paginator = input_structure.and_then(|input| emit_paginator(service, op, input));

    quote! {
        #no_input

        impl #rt::Operation for #input {
            type Output = #output;
            type Error = super::errors::#error;
            const NAME: &'static str = #name;
            const SERVICE: &'static #rt::ServiceInfo = &SERVICE;
            #auth
            #gzip

            #fill
            #checksum
            #streaming
            #host_prefix

            #[inline]
            fn serialize(&self) -> ::std::result::Result<#rt::OperationRequest, ::std::string::String> {
                #serialize
            }

            #[inline]
            fn parse_output(response: &#rt::RawResponse) -> ::std::result::Result<Self::Output, ::std::string::String> {
                #parse_output
            }

            #[inline]
            fn parse_error(code: ::std::option::Option<&str>, response: &#rt::RawResponse) -> Self::Error {
                #parse_error
            }
        }

        #send
        #paginator
    }
}

/// `host_prefix`: the prefix's literal text and each label's member value, checked.
fn emit_host_prefix(prefix: &HostPrefix, input: Option<&Structure>) -> TokenStream {
    let rt = rt();
    let parts = prefix.segments.iter().map(|segment| match segment {
        // One character is pushed as a `char` (clippy's `single_char_add_str`).
        HostSegment::Literal(text) => match text.chars().collect::<Vec<_>>()[..] {
            [c] => quote!(prefix.push(#c);),
            _ => quote!(prefix.push_str(#text);),
        },
        HostSegment::Label(label) => {
            // The loader bound every label to a string member of the input.
            let member = input
                .and_then(|s| s.member(label))
                .expect("the loader binds host labels to input members");
            let field = ident(&member.field_name);
            let name = &member.name;
            let value = if member.required {
                quote!(&self.#field)
            } else {
                quote!(self.#field.as_deref().unwrap_or_default())
            };
            quote!(prefix.push_str(#rt::operation::host_label(#name, #value)?);)
        }
    });
    let template = &prefix.template;
    let doc = format!(" The model's host prefix, `{template}`.");
    quote! {
        #[doc = #doc]
        #[inline]
        fn host_prefix(&self) -> ::std::result::Result<::std::option::Option<::std::string::String>, ::servicemodel_runtime::Violations> {
            let mut prefix = ::std::string::String::new();
            #(#parts)*
            ::std::result::Result::Ok(::std::option::Option::Some(prefix))
        }
    }
}

/// `fill_defaults`: a fresh token for every unset idempotency-token member, and the
/// checksum members the config fills in (`CRC32` as the request's algorithm, `ENABLED` as
/// its validation mode) when the caller left them unset.
fn emit_fill_defaults(op: &Operation, structure: &Structure) -> Option<TokenStream> {
    let rt = rt();
    let mut fills: Vec<TokenStream> = structure
        .members
        .iter()
        .filter(|m| m.idempotency_token)
        .map(|m| {
            let field = ident(&m.field_name);
            if m.required {
                quote! {
                    if self.#field.is_empty() {
                        self.#field = config.idempotency_token();
                    }
                }
            } else {
                quote! {
                    if self.#field.is_none() {
                        self.#field = ::std::option::Option::Some(config.idempotency_token());
                    }
                }
            }
        })
        .collect();
    if let Some(checksums) = &op.checksums {
        let optional = |name: &Option<String>| {
            name.as_deref()
                .and_then(|name| structure.member(name))
                .filter(|m| !m.required)
        };
        if let Some(member) = optional(&checksums.algorithm_member) {
            let field = ident(&member.field_name);
            let value = ChecksumAlgorithm::DEFAULT.name();
            let when = if checksums.request_required {
                quote!(true)
            } else {
                quote!(config.request_checksum_calculation() == #rt::ChecksumWhen::WhenSupported)
            };
            fills.push(quote! {
                if self.#field.is_none() && #when {
                    self.#field = ::std::option::Option::Some(::std::convert::From::from(#value));
                }
            });
        }
        if let Some(member) = optional(&checksums.validation_mode_member) {
            let field = ident(&member.field_name);
            let value = servicemodel_runtime::checksum::VALIDATION_ENABLED;
            fills.push(quote! {
                if self.#field.is_none()
                    && config.response_checksum_validation() == #rt::ChecksumWhen::WhenSupported
                {
                    self.#field = ::std::option::Option::Some(::std::convert::From::from(#value));
                }
            });
        }
    }
    (!fills.is_empty())
        .then(|| quote!(#[inline] fn fill_defaults(&mut self, config: &#rt::Config) { #(#fills)* }))
}

/// The operation's `CHECKSUM` and the input's choices of algorithm and validation.
fn emit_checksum(op: &Operation, structure: Option<&Structure>) -> Option<TokenStream> {
    let checksums = op.checksums.as_ref()?;
    let description = super::http_checksum_tokens(checksums);
    // The member's value as `Option<&str>`.
    let value = |name: &Option<String>| {
        let member = structure?.member(name.as_deref()?)?;
        Some(super::str_value(member, &quote!(self)))
    };
    let algorithm = value(&checksums.algorithm_member).map(|value| {
        quote! {
            #[inline]
            fn checksum_algorithm(&self) -> ::std::option::Option<&str> {
                #value
            }
        }
    });
    let validation = value(&checksums.validation_mode_member).map(|value| {
        let enabled = servicemodel_runtime::checksum::VALIDATION_ENABLED;
        quote! {
            #[inline]
            fn checksum_validation(&self) -> bool {
                #value == ::std::option::Option::Some(#enabled)
            }
        }
    });
    Some(quote! {
        /// What the model asks of the operation's checksums.
        const CHECKSUM: ::std::option::Option<::servicemodel_runtime::HttpChecksum> =
            ::std::option::Option::Some(#description);
        #algorithm
        #validation
    })
}

/// The error code to assume when a response carries none: the operation's only error with
/// that HTTP status, if there is exactly one.
fn status_fallback(service: &Service, op: &Operation) -> TokenStream {
    let mut by_status: std::collections::BTreeMap<u16, Vec<&str>> = Default::default();
    for listed in &op.errors {
        if let Some(info) = &service[listed.shape].error {
            by_status
                .entry(info.http_status_code)
                .or_default()
                .push(service.name_of(listed.shape));
        }
    }
    let arms: Vec<TokenStream> = by_status
        .iter()
        .filter(|(_, v)| v.len() == 1)
        .map(|(status, v)| {
            let code = v[0];
            quote!(#status => #code,)
        })
        .collect();
    if arms.is_empty() {
        return quote!("");
    }
    quote! {
        match response.status {
            #(#arms)*
            _ => "",
        }
    }
}

/// Appends the literal part of a path built so far, and empties it: one `push` for a lone `/`,
/// else one `push_str`.
fn push_literal(literal: &mut String) -> TokenStream {
    let text = std::mem::take(literal);
    match text.as_str() {
        "" => quote!(),
        "/" => quote!(path.push('/');),
        _ => quote!(path.push_str(#text);),
    }
}

/// [`bind::with_value`] on the input.
fn with_value(member: &Member, body: TokenStream) -> TokenStream {
    bind::with_value(member, quote!(self), body)
}

fn is_body_member(member: &Member) -> bool {
    member.in_json_object()
}

/// The restJson1 request: the URI template filled in, query and header members, and a JSON
/// body of the unbound members (no body when there are none).
fn emit_rest_request(op: &Operation, input: Option<&Structure>) -> TokenStream {
    let rt = rt();
    let method = match op.http.method {
        HttpMethod::Get => quote!(GET),
        HttpMethod::Post => quote!(POST),
        HttpMethod::Put => quote!(PUT),
        HttpMethod::Delete => quote!(DELETE),
        HttpMethod::Patch => quote!(PATCH),
        HttpMethod::Head => quote!(HEAD),
    };
    let member = |name: &str| input.and_then(|s| s.members.iter().find(|m| m.name == name));
    // Literal segments are written together, with their slashes (`/v1/things/`).
    let mut path = Vec::new();
    let mut literal = String::new();
    for segment in &op.http.uri.segments {
        literal.push('/');
        match segment {
            UriSegment::Literal(text) => literal.push_str(text),
            UriSegment::Label(label) => {
                let Some(m) = member(&label.member) else {
                    continue;
                };
                let Binding::Label(scalar) = m.binding else {
                    continue;
                };
                path.push(push_literal(&mut literal));
                let text = bind::to_str(scalar, quote!(v));
                let greedy = label.greedy;
                path.push(with_value(
                    m,
                    quote!(path.push_str(&#rt::protocol::encode_label(#text, #greedy));),
                ));
            }
        }
    }
    if op.http.uri.segments.is_empty() || op.http.uri.trailing_slash {
        literal.push('/');
    }
    path.push(push_literal(&mut literal));
    let literal_query = op.http.uri.query.clone().unwrap_or_default();
    let mut query = Vec::new();
    let mut query_maps = Vec::new();
    let mut headers = Vec::new();
    let members: Vec<&Member> = input
        .map(|s| s.members.iter().collect())
        .unwrap_or_default();
    let mut explicit = Vec::new();
    for m in &members {
        let wire = &m.wire_name;
        match m.binding {
            Binding::Query(Bound::One(scalar)) => {
                explicit.push(wire.as_str());
                let text = bind::to_text(scalar, quote!(v));
                query.push(with_value(
                    m,
                    quote!(query.push((#wire.to_owned(), #text));),
                ));
            }
            Binding::Query(Bound::List(scalar)) => {
                explicit.push(wire.as_str());
                let text = bind::to_text(scalar, quote!(item));
                query.push(with_value(
                    m,
                    quote!(for item in v.iter() { query.push((#wire.to_owned(), #text)); }),
                ));
            }
            Binding::QueryMap { key, value } => {
                let key = bind::to_text(key, quote!(key));
                let push = match value {
                    Bound::One(scalar) => {
                        let text = bind::to_text(scalar, quote!(value));
                        quote!(query.push((#key, #text));)
                    }
                    Bound::List(scalar) => {
                        let text = bind::to_text(scalar, quote!(item));
                        quote!(for item in value.iter() { query.push((#key, #text)); })
                    }
                };
                query_maps.push(with_value(
                    m,
                    quote!(for (key, value) in v.iter() {
                        if !explicit.contains(&key.as_str()) { #push }
                    }),
                ));
            }
            Binding::Header(bound) => {
                let header = wire.to_ascii_lowercase();
                let text = bind::header_text(bound, quote!(v));
                headers.push(with_value(m, quote!(headers.push(#header, #text);)));
            }
            Binding::PrefixHeaders { key, value } => {
                let prefix = wire.to_ascii_lowercase();
                let key = bind::to_str(key, quote!(key));
                let value = bind::to_text(value, quote!(value));
                headers.push(with_value(
                    m,
                    quote!(for (key, value) in v.iter() {
                        headers.push_owned(
                            format!("{}{}", #prefix, #key.to_ascii_lowercase()),
                            #value,
                        );
                    }),
                ));
            }
            // An event's headers are its message's, written with the event.
            Binding::Body
            | Binding::Payload(_)
            | Binding::Label(_)
            | Binding::StatusCode
            | Binding::EventHeader(_) => {}
        }
    }
    let has_body = members.iter().any(|m| is_body_member(m));
    let payload = input.and_then(Structure::payload_kind);
    let (request_fn, body) = match payload {
        // `invoke` puts the stream in the request.
        Some((_, PayloadKind::Stream { .. })) => (
            quote!(rest_request_with),
            quote!(#rt::protocol::stream_payload()),
        ),
        Some((_, PayloadKind::EventStream)) => (
            quote!(rest_request_with),
            quote!(#rt::protocol::event_stream_payload()),
        ),
        Some((m, kind)) => {
            let encode = match kind {
                PayloadKind::Structure | PayloadKind::Json => {
                    quote!(#rt::protocol::json_payload(v)?)
                }
                PayloadKind::Blob => quote!(#rt::protocol::blob_payload(v)),
                PayloadKind::Text { is_enum: true } => {
                    quote!(#rt::protocol::text_payload(v.as_str()))
                }
                PayloadKind::Text { is_enum: false } => quote!(#rt::protocol::text_payload(v)),
                PayloadKind::Stream { .. } | PayloadKind::EventStream => {
                    unreachable!("matched above")
                }
            };
            let unset = match kind {
                PayloadKind::Structure => quote!(#rt::protocol::empty_object_payload()),
                _ => quote!(::std::option::Option::None),
            };
            let field = ident(&m.field_name);
            let body = if m.required {
                quote!({ let v = &self.#field; #encode })
            } else {
                quote!(match &self.#field {
                    ::std::option::Option::Some(v) => #encode,
                    ::std::option::Option::None => #unset,
                })
            };
            (quote!(rest_request_with), body)
        }
        None if has_body => (
            quote!(rest_request),
            quote!(#rt::protocol::json_body_of(self)?),
        ),
        None => (quote!(rest_request), quote!(::std::option::Option::None)),
    };
    let query_mut = (!query.is_empty() || !query_maps.is_empty()).then(|| quote!(mut));
    let headers_mut = (!headers.is_empty()).then(|| quote!(mut));
    let explicit =
        (!query_maps.is_empty()).then(|| quote!(let explicit: &[&str] = &[#(#explicit),*];));
    quote! {
        let mut path = ::std::string::String::new();
        #(#path)*
        let #query_mut query: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
        #(#query)*
        #explicit
        #(#query_maps)*
        let #headers_mut headers = #rt::protocol::Headers::default();
        #(#headers)*
        #rt::protocol::#request_fn(#rt::http::Method::#method, path, #literal_query, &query, headers, #body)
    }
}

/// `parse_output`: the JSON body, then any members bound to headers or the status code.
fn emit_parse_output(structure: &Structure) -> TokenStream {
    let rt = rt();
    if structure.stream().is_some() {
        // The body, whole, as the stream `parse_streaming_output` reads.
        return quote! {
            Self::parse_streaming_output(
                response,
                #rt::ByteStream::new(::std::clone::Clone::clone(&response.body)),
            )
        };
    }
    let bound = response_bindings(structure, &quote!(output));
    // With a payload member, the body is that member's value, not the output's JSON object.
    let payload = structure.payload_kind();
    let read = match payload {
        None => quote!(#rt::operation::json_body(&response.body)),
        Some((m, kind)) => {
            let key = &m.wire_name;
            match kind {
                PayloadKind::Structure | PayloadKind::Json => {
                    quote!(#rt::protocol::json_payload_output(&response.body, #key))
                }
                PayloadKind::Blob => {
                    quote!(#rt::protocol::blob_payload_output(&response.body, #key))
                }
                PayloadKind::Text { .. } => {
                    quote!(#rt::protocol::text_payload_output(&response.body, #key))
                }
                PayloadKind::Stream { .. } | PayloadKind::EventStream => {
                    unreachable!("returned above")
                }
            }
        }
    };
    if bound.is_empty() {
        read
    } else {
        quote! {
            #[allow(unused_mut)]
            let mut output: Self::Output = #read?;
            #(#bound)*
            ::std::result::Result::Ok(output)
        }
    }
}

/// What streams of an operation: its `STREAMING`, `take_stream` for an input stream and
/// `parse_streaming_output` for an output stream (the members bound to the head, from an
/// empty JSON object and the headers, then the stream).
fn emit_streaming(service: &Service, op: &Operation) -> Option<TokenStream> {
    let rt = rt();
    let input = service.input_stream(op);
    let output = op
        .output
        .map(|id| &service[id])
        .filter(|o| o.stream().is_some());
    if input.is_none() && output.is_none() {
        return None;
    }
    let requires_length = matches!(
        input.map(|m| m.binding),
        Some(Binding::Payload(PayloadKind::Stream {
            requires_length: true
        }))
    );
    let (input_streams, output_streams) = (input.is_some(), output.is_some());
    let input_events = matches!(
        input.map(|m| m.binding),
        Some(Binding::Payload(PayloadKind::EventStream))
    );
    // With the JSON RPC protocols an output's event stream starts with the other members.
    let initial_response = output_streams && service.metadata.protocol.is_json_rpc();
    let take = input.map(|member| {
        let field = ident(&member.field_name);
        // An event stream goes as its framed messages.
        let into_body = input_events.then(|| quote!(.into_body()));
        quote! {
            #[inline]
            fn take_stream(&mut self) -> #rt::ByteStream {
                ::std::mem::take(&mut self.#field)#into_body
            }
        }
    });
    let parse = output.map(|structure| {
        let bound = response_bindings(structure, &quote!(output));
        let stream = structure.stream();
        let field = stream.map(|m| ident(&m.field_name));
        let value = match stream.map(|m| m.binding) {
            Some(Binding::Payload(PayloadKind::EventStream)) => {
                quote!(::servicemodel_runtime::eventstream::EventStream::from_body(
                    body
                ))
            }
            _ => quote!(body),
        };
        quote! {
            #[inline]
            fn parse_streaming_output(
                response: &#rt::RawResponse,
                body: #rt::ByteStream,
            ) -> ::std::result::Result<Self::Output, ::std::string::String> {
                // Empty, but for an `initial-response` event's members.
                let mut output: Self::Output = #rt::operation::json_body(&response.body)?;
                #(#bound)*
                output.#field = #value;
                ::std::result::Result::Ok(output)
            }
        }
    });
    Some(quote! {
        /// What of the operation streams (its input's or output's payload).
        const STREAMING: #rt::operation::Streaming = #rt::operation::Streaming {
            input: #input_streams,
            input_events: #input_events,
            requires_length: #requires_length,
            output: #output_streams,
            initial_response: #initial_response,
        };
        #take
        #parse
    })
}

/// Statements that set the members of `target` (a structure read from a response's body)
/// that are bound to headers or to the status code, from `response`. A header that cannot be
/// read returns its message with `?`.
fn response_bindings(structure: &Structure, target: &TokenStream) -> Vec<TokenStream> {
    let rt = rt();
    structure
        .members
        .iter()
        .filter_map(|m| {
            let field = ident(&m.field_name);
            let wrap = |v: TokenStream| if m.required { v } else { quote!(::std::option::Option::Some(#v)) };
            match m.binding {
                Binding::Header(bound) => {
                    let header = m.wire_name.to_ascii_lowercase();
                    let what = format!("header {header:?}");
                    let parse = bind::from_header(bound, quote!(text), &what, &quote!(?));
                    let set = wrap(quote!(value));
                    Some(quote! {
                        if let ::std::option::Option::Some(text) = #rt::protocol::header_text(&response.headers, #header) {
                            let value = #parse;
                            #target.#field = #set;
                        }
                    })
                }
                Binding::StatusCode => {
                    let set = wrap(quote!(i32::from(response.status)));
                    Some(quote!(#target.#field = #set;))
                }
                Binding::PrefixHeaders { key, value } => {
                    let prefix = m.wire_name.to_ascii_lowercase();
                    let map = bind::string_map(key, value, quote!(#rt::protocol::prefixed_headers(&response.headers, #prefix)));
                    let set = wrap(quote!(map));
                    Some(quote! {
                        let map = #map;
                        if !map.is_empty() { #target.#field = #set; }
                    })
                }
                Binding::Body
                | Binding::Payload(_)
                | Binding::Label(_)
                | Binding::Query(_)
                | Binding::QueryMap { .. }
                | Binding::EventHeader(_) => None,
            }
        })
        .collect()
}

/// `parse_error`: the operation's error enum from the code and body, then the members of the
/// error that are bound to headers (a header that cannot be read leaves its member unset).
fn emit_parse_error(service: &Service, op: &Operation) -> TokenStream {
    let error = operation_error_name(op);
    let fallback = status_fallback(service, op);
    // (pattern, body) of each error with members bound outside the body.
    let arms: Vec<(TokenStream, TokenStream)> = op
        .errors
        .iter()
        .filter_map(|listed| {
            let bound = response_bindings(&service[listed.shape], &quote!(error));
            if bound.is_empty() {
                return None;
            }
            let variant = ident(&listed.variant);
            Some((
                quote!(super::errors::#error::#variant(error)),
                quote! {
                    let mut read = || -> ::std::result::Result<(), ::std::string::String> {
                        #(#bound)*
                        ::std::result::Result::Ok(())
                    };
                    let _ = read();
                },
            ))
        })
        .collect();
    let decode =
        quote!(super::errors::#error::from_response(code, response.status, &response.body));
    let read_bound = match arms.as_slice() {
        [] => {
            return quote! {
                let code = code.unwrap_or(#fallback);
                #decode
            }
        }
        [(pattern, body)] => quote!(if let #pattern = &mut error { #body }),
        arms => {
            let arms = arms
                .iter()
                .map(|(pattern, body)| quote!(#pattern => { #body }));
            quote! {
                match &mut error {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    quote! {
        let code = code.unwrap_or(#fallback);
        let mut error = #decode;
        #read_bound
        error
    }
}

/// What the runtime's `send_built` and `pages` take from an input's builder: `build()`'s
/// `Result`, or its value wrapped in `Ok` when it cannot fail.
fn built_input(input: &Structure) -> TokenStream {
    if super::builders::builds_infallibly(input) {
        quote!(::std::result::Result::Ok(self.build()))
    } else {
        quote!(self.build())
    }
}

/// `into_paginator()` and `into_items()` on the attached builder of a paginated operation.
fn emit_paginator(service: &Service, op: &Operation, input: &Structure) -> Option<TokenStream> {
    let rt = rt();
    let paginator = op.paginator.as_ref()?;
    let output = &service[op.output?];
    let in_token = input
        .members
        .iter()
        .find(|m| m.name == paginator.input_token)?;
    let out_token = output
        .members
        .iter()
        .find(|m| m.name == paginator.output_token)?;
    let builder = builder_name(input);
    let built = built_input(input);
    let output_ty = output_type(service, op);
    let error = operation_error_name(op);
    let in_field = ident(&in_token.field_name);
    let out_field = ident(&out_token.field_name);
    let set_token = if in_token.required {
        quote!(if let ::std::option::Option::Some(token) = token { input.#in_field = token; })
    } else {
        quote!(if token.is_some() { input.#in_field = token; })
    };
    let next = if out_token.required {
        quote!(::std::option::Option::Some(output.#out_field.clone()))
    } else {
        quote!(output.#out_field.clone())
    };
    // A page that says no more follow is the last, whatever its token.
    let more = paginator
        .more_results
        .as_ref()
        .and_then(|key| output.members.iter().find(|m| &m.name == key));
    let next = match more {
        None => next,
        Some(m) => {
            let field = ident(&m.field_name);
            let more = if m.required {
                quote!(output.#field)
            } else {
                quote!(output.#field == ::std::option::Option::Some(true))
            };
            quote!(if #more { #next } else { ::std::option::Option::None })
        }
    };
    let token_ty = shape_type(service, in_token.shape);
    let pages_doc = match &paginator.more_results {
        Some(key) => format!(
            " The pages of this call: each page's next token is sent for the next page, until a \
             page comes without one or with `{key}` false."
        ),
        None => " The pages of this call: each page's next token is sent for the next page, \
                 until a page comes without one."
            .to_owned(),
    };
    let first = if in_token.required {
        quote!(::std::option::Option::Some(input.#in_field.clone()))
    } else {
        quote!(input.#in_field.clone())
    };
    let items = paginator.result_key.as_ref().and_then(|key| {
        let m = output.members.iter().find(|m| &m.name == key)?;
        let ShapeKind::List(list) = &service[m.shape].kind else { return None };
        let item_ty = super::entry_type(service, list.member, list.sparse);
        let field = ident(&m.field_name);
        let take = if m.required {
            quote!(page.#field)
        } else {
            quote!(page.#field.unwrap_or_default())
        };
        let doc = format!(" Every item of `{key}` across every page, in order.");
        Some(quote! {
            #[doc = #doc]
            #[inline]
            pub fn into_items(self) -> impl #rt::Stream<Item = ::std::result::Result<#item_ty, #rt::SdkError<super::errors::#error>>> + ::std::marker::Unpin {
                self.into_paginator().items(|page: #output_ty| #take)
            }
        })
    });
    Some(quote! {
        impl super::builders::#builder<Client> {
            #[doc = #pages_doc]
            #[inline]
            pub fn into_paginator(self) -> #rt::paginate::PageStream<#output_ty, #rt::SdkError<super::errors::#error>, #token_ty> {
                let config = self.sender().config.clone();
                #rt::paginate::pages(
                    config,
                    #built,
                    |input| #first,
                    |input, token| { #set_token },
                    |output: &#output_ty| #next,
                )
            }

            #items
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A restJson1 service whose one operation binds timestamps of each format, a float and
    /// a list of HTTP dates outside the body, and whose error reads a member from a header.
    fn service() -> Service {
        let model = serde_json::json!({
            "metadata": {
                "apiVersion": "2020-01-01", "endpointPrefix": "x", "protocol": "rest-json",
                "serviceFullName": "X", "serviceId": "X", "signatureVersion": "v4", "signingName": "x"
            },
            "operations": {
                "Op": {
                    "name": "Op", "http": {"method": "GET", "requestUri": "/t/{At}"},
                    "input": {"shape": "In"}, "output": {"shape": "Out"}, "errors": [{"shape": "Oops"}]
                },
                "Hosted": {
                    "name": "Hosted", "http": {"method": "GET", "requestUri": "/h/{Graph}"},
                    "input": {"shape": "HostedIn"}, "endpoint": {"hostPrefix": "{Graph}."}
                }
            },
            "shapes": {
                "In": {"type": "structure", "required": ["At"], "members": {
                    "At": {"shape": "Timestamp", "location": "uri"},
                    "Epoch": {"shape": "Epoch", "location": "querystring", "locationName": "epoch"},
                    "Date": {"shape": "Timestamp", "location": "header", "locationName": "X-Date"},
                    "Iso": {"shape": "Iso", "location": "header", "locationName": "X-Iso"},
                    "Dates": {"shape": "Dates", "location": "header", "locationName": "X-Dates"},
                    "Ratio": {"shape": "Ratio", "location": "header", "locationName": "X-Ratio"}
                }},
                "Out": {"type": "structure", "members": {
                    "Dates": {"shape": "Dates", "location": "header", "locationName": "X-Dates"}
                }},
                "Oops": {"type": "structure", "exception": true, "error": {"httpStatusCode": 400},
                         "members": {"Reason": {"shape": "String", "location": "header", "locationName": "X-Reason"}}},
                "Timestamp": {"type": "timestamp"},
                "Epoch": {"type": "timestamp", "timestampFormat": "unixTimestamp"},
                "Iso": {"type": "timestamp", "timestampFormat": "iso8601"},
                "Dates": {"type": "list", "member": {"shape": "Timestamp"}},
                "Ratio": {"type": "float"},
                "String": {"type": "string"},
                "HostedIn": {"type": "structure", "required": ["Graph"], "members": {
                    "Graph": {"shape": "String", "location": "uri", "hostLabel": true}
                }}
            }
        });
        crate::load_service(&model.to_string(), None).expect("the test model loads")
    }

    fn client_text() -> String {
        super::super::render(emit_client(&service()))
    }

    /// Whether `text` holds `code`, whitespace and trailing commas aside (line breaks, and
    /// the commas that come with them, are the formatter's).
    fn has(text: &str, code: &str) -> bool {
        let squash = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .replace(",)", ")")
        };
        squash(text).contains(&squash(code))
    }

    #[test]
    fn timestamps_outside_the_body_follow_their_format_or_the_location_default() {
        let text = client_text();
        // Label: ISO 8601 by default; query: the shape's epoch seconds; headers: the HTTP date
        // by default, or the shape's ISO 8601.
        assert!(has(&text, "encode_label(&v.to_iso8601(), false)"), "{text}");
        assert!(
            has(
                &text,
                "(\"epoch\".to_owned(), ::servicemodel_runtime::text::epoch_seconds_text(v)"
            ),
            "{text}"
        );
        assert!(
            has(&text, "headers.push(\"x-date\", v.to_http_date())"),
            "{text}"
        );
        assert!(
            has(&text, "headers.push(\"x-iso\", v.to_iso8601())"),
            "{text}"
        );
    }

    #[test]
    fn host_prefixes_push_one_character_as_a_char() {
        // Neptune Graph's `{graphIdentifier}.`: clippy's `single_char_add_str` otherwise.
        let text = client_text();
        assert!(
            has(
                &text,
                "prefix.push_str(::servicemodel_runtime_client::operation::host_label(\"Graph\", &self.graph)?); prefix.push('.');"
            ),
            "{text}"
        );
    }

    #[test]
    fn floats_keep_their_own_type_in_text() {
        let text = client_text();
        assert!(
            has(
                &text,
                "headers.push(\"x-ratio\", ::servicemodel_runtime::text::float_text(*v))"
            ),
            "{text}"
        );
    }

    #[test]
    fn http_date_lists_are_not_quoted_and_split_at_every_second_comma() {
        let text = client_text();
        assert!(
            has(&text, "v.iter().map(|item| item.to_http_date())"),
            "{text}"
        );
        assert!(
            !has(&text, "header_list_item(&item.to_http_date())"),
            "{text}"
        );
        assert!(has(&text, "header_items(text, true)"), "{text}");
    }

    #[test]
    fn errors_read_their_header_members() {
        let text = client_text();
        let parse_error = &text[text.find("fn parse_error").expect("parse_error is emitted")..];
        // One error with bound members: an `if let`, not a one-armed `match`.
        assert!(
            has(
                parse_error,
                "if let super::errors::OpError::Oops(error) = &mut error"
            ),
            "{parse_error}"
        );
        assert!(
            has(parse_error, "header_text(&response.headers, \"x-reason\""),
            "{parse_error}"
        );
    }

    #[test]
    fn idempotency_tokens_come_from_the_config() {
        let mut service = service();
        let string = service.shapes.id("String").expect("String");
        let ShapeKind::Structure(input) = &mut service.shapes.get_mut("In").expect("In").kind
        else {
            panic!("In is a structure")
        };
        let mut token = input.members[0].clone();
        token.name = "Token".into();
        token.field_name = "token".into();
        token.wire_name = "token".into();
        token.shape = string;
        token.required = false;
        token.binding =
            crate::model::Binding::Query(crate::model::Bound::One(crate::model::Scalar::String));
        token.idempotency_token = true;
        input.members.push(token);
        let text = super::super::render(emit_client(&service));
        assert!(
            has(
                &text,
                "fn fill_defaults(&mut self, config: &::servicemodel_runtime_client::Config)"
            ),
            "{text}"
        );
        assert!(
            has(
                &text,
                "self.token = ::std::option::Option::Some(config.idempotency_token());"
            ),
            "{text}"
        );
    }
}
