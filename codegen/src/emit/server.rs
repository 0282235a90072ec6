//! The server stubs of a service (`server.rs`, behind the crate's `server` feature).
//!
//! Emitted per service: a trait with one async method per operation (each with a default that
//! answers `NotImplemented`, 501, so implementing a subset is enough), and a dispatcher that
//! picks the operation (`X-Amz-Target` for JSON RPC, method and URI template for rest-json),
//! decodes and validates its input, calls the trait and serializes the output or the error.
//! Everything around it (request ids, body limit, authentication, panics, the error bodies)
//! is the hand-written `servicemodel-runtime-server`, whose `Router` the dispatcher runs in.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::errors::operation_error_name;
use super::{bind, ident, output_type};
use crate::model::{
    AuthScheme, Binding, Bound, Member, Operation, PayloadKind, Protocol, Service, Structure,
};

fn rt() -> TokenStream {
    quote!(::servicemodel_runtime_server)
}

/// The name of a service's trait (`PinpointSmsVoiceV2Api`).
pub fn trait_name(service: &Service) -> proc_macro2::Ident {
    ident(&service.api_trait_name)
}

/// The `server.rs` file of a service.
pub fn emit_server(service: &Service) -> TokenStream {
    let rt = rt();
    let api = trait_name(service);
    let protocol = super::protocol_tokens(service.metadata.protocol);
    let methods = service
        .operations
        .values()
        .map(|op| emit_trait_method(service, op));
    let conversions = service
        .operations
        .values()
        .map(|op| emit_error_conversion(service, op));
    let dispatch = match service.metadata.protocol {
        Protocol::RestJson1 => emit_rest_dispatch(service),
        _ => emit_rpc_dispatch(service),
    };
    let internal = service
        .error_roles
        .internal
        .map_or("InternalFailure", |id| service.name_of(id));
    let trait_doc = format!(
        " The operations of {}, for a server to implement. Every method has a default that answers `NotImplemented` (HTTP 501), so an implementation only writes the operations it serves.",
        service.metadata.service_full_name
    );
    let (authenticator, router_auth_doc) = default_authenticator(service);
    let auth_schemes = emit_auth_schemes(service);
    let streams = service.operations.values().any(|op| service.streams(op)).then(|| {
        quote! {
            fn streams(&self, request: &#rt::http::request::Parts) -> bool {
                streams(request)
            }

            fn request_streams(&self, request: &#rt::http::request::Parts) -> bool {
                request_streams(request)
            }

            fn request_events(&self, request: &#rt::http::request::Parts) -> bool {
                request_events(request)
            }

            fn dispatch_streaming(
                &self,
                request: #rt::http::Request<#rt::ByteStream>,
                context: #rt::RequestContext,
            ) -> #rt::BoxFuture<'static, ::std::result::Result<#rt::http::Response<#rt::ByteStream>, #rt::ServerError>> {
                let api = ::std::sync::Arc::clone(&self.api);
                ::std::boxed::Box::pin(async move { dispatch_streaming(&*api, request, context).await })
            }
        }
    });
    quote! {
        pub use #rt::{Caller, RequestContext, Router, RouterBuilder, ServerError};

        #[doc = #trait_doc]
        pub trait #api: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#methods)*
        }

        /// The error an operation left unimplemented answers: `NotImplemented`, HTTP 501.
        pub fn not_implemented<E: ::std::convert::From<::servicemodel_runtime::UnhandledError>>(operation: &str) -> E {
            E::from(::servicemodel_runtime::UnhandledError::new(
                "NotImplemented",
                ::std::option::Option::Some(::std::format!("The operation {operation} is not implemented by this server")),
                501,
            ))
        }

        /// A router for `api`: a tower `Service` over HTTP requests, ready to serve with
        /// [`serve`](::servicemodel_runtime_server::serve()) or to mount in an axum app.
        ///
        #[doc = #router_auth_doc]
        /// A panicking handler answers the service's internal error (500).
        pub fn router<T: #api>(api: T) -> #rt::RouterBuilder<Dispatcher<T>> {
            #rt::Router::builder(#protocol, Dispatcher { api: ::std::sync::Arc::new(api) })
                .authenticator(#authenticator)
                .internal_error(#rt::ServerError::new(500, #internal, "The server encountered an internal error"))
        }

        /// Picks the operation of a request and runs it on the implementation (see [`router`]).
        pub struct Dispatcher<T> {
            api: ::std::sync::Arc<T>,
        }

        impl<T> ::std::fmt::Debug for Dispatcher<T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Dispatcher").finish_non_exhaustive()
            }
        }

        impl<T: #api> #rt::Dispatch for Dispatcher<T> {
            fn dispatch(
                &self,
                request: #rt::http::Request<#rt::bytes::Bytes>,
                context: #rt::RequestContext,
            ) -> #rt::BoxFuture<'static, ::std::result::Result<#rt::http::Response<#rt::bytes::Bytes>, #rt::ServerError>> {
                let api = ::std::sync::Arc::clone(&self.api);
                ::std::boxed::Box::pin(async move { dispatch(&*api, request, context).await })
            }

            #auth_schemes
            #streams
        }

        /// The answer for violations, in the error type of the operation.
        fn invalid<E>(violations: ::servicemodel_runtime::Violations) -> #rt::ServerError
        where
            E: ::std::convert::From<::servicemodel_runtime::Violations>,
            #rt::ServerError: ::std::convert::From<E>,
        {
            #rt::ServerError::from(E::from(violations))
        }

        #dispatch

        #(#conversions)*
    }
}

/// The authenticator a router starts with, for the schemes the service accepts, and the
/// router's docs that say so.
fn default_authenticator(service: &Service) -> (TokenStream, String) {
    let rt = rt();
    let signing_name = &service.metadata.signing_name;
    let sigv4 = quote!(#rt::SigV4Authenticator::new(#signing_name));
    let bearer = quote!(#rt::BearerAuthenticator::new());
    let schemes = &service.metadata.auth;
    let (sigv4_on, bearer_on) = (
        schemes.contains(&AuthScheme::SigV4),
        schemes.contains(&AuthScheme::Bearer),
    );
    let turn_off = "; pass [`NoAuth`](::servicemodel_runtime_server::NoAuth) to turn that off";
    match (sigv4_on, bearer_on) {
        (true, true) => (
            quote!(#rt::ByScheme::new().sigv4(#sigv4).bearer(#bearer)),
            format!(
                " Requests must be signed with SigV4 or carry a bearer token, as the model allows, checked by the [`authenticator`](RouterBuilder::authenticator): by default a [`ByScheme`](::servicemodel_runtime_server::ByScheme) that knows no key and no token, so every request is refused as `InvalidClientTokenId` until one is given{turn_off}. Operations the model marks as unauthenticated are not checked."
            ),
        ),
        (false, true) => (
            bearer,
            format!(
                " Requests must carry a bearer token (`Authorization: Bearer`) that the [`authenticator`](RouterBuilder::authenticator) knows: by default a [`BearerAuthenticator`](::servicemodel_runtime_server::BearerAuthenticator) with no token, so every request is refused as `InvalidClientTokenId` until one is given{turn_off}. Operations the model marks as unauthenticated are not checked."
            ),
        ),
        (true, false) => (
            sigv4,
            format!(
                " Requests must be signed with SigV4 by one of the keys given to [`authenticator`](RouterBuilder::authenticator) (with no key configured, every request is refused as `InvalidClientTokenId`){turn_off}, or pass [`PermissiveSigV4`](::servicemodel_runtime_server::PermissiveSigV4) to accept any signature. Operations the model marks as unauthenticated are not checked."
            ),
        ),
        (false, false) => (
            quote!(#rt::NoAuth),
            " The model authenticates none of the service's requests: the router starts with [`NoAuth`](::servicemodel_runtime_server::NoAuth).".to_owned(),
        ),
    }
}

/// The dispatcher's `auth_schemes` when some operation's schemes are not the runtime's
/// default (SigV4): the service's, and those of the operations that differ by name; nothing
/// when every operation is SigV4's.
fn emit_auth_schemes(service: &Service) -> Option<TokenStream> {
    let rt = rt();
    if service
        .operations
        .values()
        .all(|op| op.auth == [AuthScheme::SigV4])
    {
        return None;
    }
    let service_auth = &service.metadata.auth;
    let mut groups: BTreeMap<&[AuthScheme], Vec<&str>> = BTreeMap::new();
    for op in service.operations.values() {
        if op.auth != *service_auth {
            groups.entry(&op.auth).or_default().push(&op.name);
        }
    }
    let arms = groups.iter().map(|(schemes, names)| {
        let schemes = super::auth_tokens(schemes);
        quote!(::std::option::Option::Some(#(#names)|*) => #schemes,)
    });
    let default = super::auth_tokens(service_auth);
    if groups.is_empty() {
        return Some(quote! {
            fn auth_schemes(
                &self,
                request: &#rt::http::request::Parts,
            ) -> &'static [::servicemodel_runtime::AuthScheme] {
                let _ = request;
                #default
            }
        });
    }
    let operation = operation_of_request(service);
    Some(quote! {
        fn auth_schemes(
            &self,
            request: &#rt::http::request::Parts,
        ) -> &'static [::servicemodel_runtime::AuthScheme] {
            match #operation {
                #(#arms)*
                _ => #default,
            }
        }
    })
}

/// The expression of the name of the operation that `request` (its `Parts`) calls, an
/// `Option<&str>`: by `X-Amz-Target` with the JSON RPC protocols, by route with rest-json.
fn operation_of_request(service: &Service) -> TokenStream {
    if service.metadata.protocol.is_json_rpc() {
        let prefix = format!(
            "{}.",
            service.metadata.target_prefix.clone().unwrap_or_default()
        );
        quote! {
            request
                .headers
                .get(::servicemodel_runtime::protocol::TARGET_HEADER)
                .and_then(|target| target.to_str().ok())
                .and_then(|target| target.strip_prefix(#prefix))
        }
    } else {
        quote! {
            ROUTES
                .find(&request.method, &request.uri)
                .ok()
                .map(|found| *found.value)
        }
    }
}

/// The dispatcher's `streams`, `request_streams` and `request_events`: the operations that
/// stream (their input or their output), those whose request does, and those whose request is
/// an event stream.
fn emit_stream_predicates(service: &Service) -> TokenStream {
    let rt = rt();
    let operation = operation_of_request(service);
    let names = |pick: &dyn Fn(&Operation) -> bool| -> Vec<&str> {
        service
            .operations
            .values()
            .filter(|op| pick(op))
            .map(|op| op.name.as_str())
            .collect()
    };
    let streaming = names(&|op| service.streams(op));
    let any_of = |names: Vec<&str>| {
        if names.is_empty() {
            quote!(let _ = request; false)
        } else {
            quote!(matches!(#operation, ::std::option::Option::Some(#(#names)|*)))
        }
    };
    let request_streams = any_of(names(&|op| service.input_stream(op).is_some()));
    let request_events = any_of(names(&|op| {
        service
            .input_stream(op)
            .is_some_and(|m| m.binding == Binding::Payload(PayloadKind::EventStream))
    }));
    quote! {
        /// The operations that stream (see [`dispatch_streaming`]).
        fn streams(request: &#rt::http::request::Parts) -> bool {
            matches!(#operation, ::std::option::Option::Some(#(#streaming)|*))
        }

        /// The operations whose request's body streams.
        fn request_streams(request: &#rt::http::request::Parts) -> bool {
            #request_streams
        }

        /// The operations whose request's body is an event stream.
        fn request_events(request: &#rt::http::request::Parts) -> bool {
            #request_events
        }
    }
}

fn input_type(service: &Service, op: &Operation) -> TokenStream {
    super::symbols::server_input_type(service, op, &quote!(super))
}

fn emit_trait_method(service: &Service, op: &Operation) -> TokenStream {
    let rt = rt();
    let method = ident(&op.method_name);
    let input = input_type(service, op);
    let output = output_type(service, op);
    let error = operation_error_name(op);
    let docs = super::docs::operation_doc_attrs(op);
    let name = &op.name;
    quote! {
        #docs
        fn #method(
            &self,
            context: #rt::RequestContext,
            input: #input,
        ) -> impl ::std::future::Future<Output = ::std::result::Result<#output, super::errors::#error>> + ::std::marker::Send {
            let _ = (context, input);
            ::std::future::ready(::std::result::Result::Err(not_implemented(#name)))
        }
    }
}

/// `From<OperationError> for ServerError`: each modelled error with its whole body and its
/// header-bound members as headers, anything else with its code, status and message.
fn emit_error_conversion(service: &Service, op: &Operation) -> TokenStream {
    let rt = rt();
    let error = operation_error_name(op);
    let arms: Vec<TokenStream> = op
        .errors
        .iter()
        .map(|listed| {
            let variant = ident(&listed.variant);
            let members = &service[listed.shape].members;
            let headers: Vec<TokenStream> = members.iter().filter_map(error_header).collect();
            let info = service[listed.shape].error.as_ref();
            let base = match info.and_then(|info| info.query_code.as_deref()) {
                // `__type` is the shape's name; the query code goes in its own header.
                Some(query_code) => {
                    let ty = ident(&service.shape_of(listed.shape).type_name);
                    let fault = if info.is_some_and(|info| info.sender_fault) {
                        "Sender"
                    } else {
                        "Receiver"
                    };
                    let value = format!("{query_code};{fault}");
                    let header = servicemodel_runtime::protocol::QUERY_ERROR_HEADER;
                    quote! {
                        #rt::ServerError::from_shape(super::#ty::HTTP_STATUS, super::#ty::CODE, &error)
                            .with_member_header(#header, #value)
                    }
                }
                None => quote!(#rt::ServerError::from_service_error(error)),
            };
            let answer = if headers.is_empty() {
                base
            } else {
                quote! {{
                    let mut headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
                    #(#headers)*
                    headers.into_iter().fold(#base, |answer, (name, value)| answer.with_member_header(&name, &value))
                }}
            };
            quote!(super::errors::#error::#variant(error) => #answer,)
        })
        .collect();
    let body = if arms.is_empty() {
        quote!(#rt::ServerError::from_error(&error))
    } else {
        quote! {
            match error {
                #(#arms)*
                other => #rt::ServerError::from_error(&other),
            }
        }
    };
    quote! {
        impl ::std::convert::From<super::errors::#error> for #rt::ServerError {
            #[inline]
            fn from(error: super::errors::#error) -> Self {
                #body
            }
        }
    }
}

/// Pushes the `(name, text)` of each header an error's member is bound to onto `headers`.
fn error_header(member: &Member) -> Option<TokenStream> {
    let push = match member.binding {
        Binding::Header(bound) => {
            let header = member.wire_name.to_ascii_lowercase();
            let text = bind::header_text(bound, quote!(v));
            quote!(headers.push((#header.to_owned(), #text));)
        }
        Binding::PrefixHeaders { key, value } => {
            let prefix = member.wire_name.to_ascii_lowercase();
            let key = bind::to_str(key, quote!(key));
            let value = bind::to_text(value, quote!(value));
            quote! {
                for (key, value) in v.iter() {
                    headers.push((::std::format!("{}{}", #prefix, #key.to_ascii_lowercase()), #value));
                }
            }
        }
        _ => return None,
    };
    Some(bind::with_value(member, quote!(error), push))
}

/// The statement that checks the checksum a request carries, for operations with
/// `httpChecksumRequired` or `httpChecksum` (of the body as sent, before decompression).
fn verify_checksum(op: &Operation) -> Option<TokenStream> {
    let rt = rt();
    let description = super::http_checksum_tokens(op.checksums.as_ref()?);
    Some(quote! {
        #rt::verify_request_checksum(request.headers(), request.body(), &#description)?;
    })
}

/// The call and its answer, with a checksum of the answer's body when the input asks for one
/// (its `requestValidationModeMember` is `ENABLED`) and the model names response algorithms.
fn emit_call(service: &Service, op: &Operation, protocol: &TokenStream) -> TokenStream {
    let rt = rt();
    let call = emit_plain_call(service, op, protocol);
    // A streamed answer gets no checksum (one is not computed for a stream yet).
    if service.output_stream(op).is_some() {
        return call;
    }
    let requested = op.checksums.as_ref().and_then(|checksums| {
        let input = &service[op.input?];
        let name = checksums.validation_mode_member.as_deref()?;
        let member = input.member(name)?;
        (!checksums.response_algorithms.is_empty()).then_some((member, checksums))
    });
    let Some((member, checksums)) = requested else {
        return call;
    };
    let value = super::str_value(member, &quote!(input));
    let enabled = servicemodel_runtime::checksum::VALIDATION_ENABLED;
    let algorithms = super::checksum_algorithms_tokens(&checksums.response_algorithms);
    quote! {
        let checksum_requested = #value == ::std::option::Option::Some(#enabled);
        let response: #rt::http::Response<#rt::bytes::Bytes> = {
            let answer: ::std::result::Result<_, #rt::ServerError> = { #call };
            answer?
        };
        ::std::result::Result::Ok(if checksum_requested {
            #rt::add_response_checksum(response, #algorithms)
        } else {
            response
        })
    }
}

/// The call of the trait method on `input` (or `()`), and the response of a successful call:
/// the output as JSON, or an empty answer.
fn emit_plain_call(service: &Service, op: &Operation, protocol: &TokenStream) -> TokenStream {
    let rt = rt();
    let method = ident(&op.method_name);
    let status = op.http.response_code.unwrap_or(200);
    let input = if op.input.is_some() {
        quote!(input)
    } else {
        quote!(())
    };
    // With the JSON RPC protocols, an output's event stream follows an `initial-response`
    // event of its other members.
    if let (true, Some(stream)) = (protocol_is_rpc(service), service.output_stream(op)) {
        let field = ident(&stream.field_name);
        return quote! {
            let output = api.#method(context, #input).await?;
            let initial = #rt::initial_response(#protocol, &output)?;
            ::std::result::Result::Ok(#rt::event_stream_rpc_response(#status, initial, output.#field.into_body()))
        };
    }
    let rest_output = op
        .output
        .map(|id| &service[id])
        .filter(|output| output.members.iter().any(|m| !m.in_json_object()));
    if let Some(output) = rest_output {
        let response = emit_rest_response(output, status, protocol);
        return quote! {
            let output = api.#method(context, #input).await?;
            #response
        };
    }
    match &op.output {
        Some(_) => quote! {
            let output = api.#method(context, #input).await?;
            #rt::json_response(#protocol, #status, &output)
        },
        None => quote! {
            api.#method(context, #input).await?;
            ::std::result::Result::Ok(#rt::empty_response(#protocol, #status))
        },
    }
}

/// Whether the service speaks a JSON RPC protocol (awsJson1_0, awsJson1_1).
fn protocol_is_rpc(service: &Service) -> bool {
    service.metadata.protocol.is_json_rpc()
}

/// The statement that decompresses the body of an operation a client may compress, and the
/// expression of the body the arm reads.
fn request_body(op: &Operation) -> (Option<TokenStream>, TokenStream) {
    let rt = rt();
    if op.gzip_request {
        (
            Some(quote!(let (body, context) = #rt::decompress_body(request.body(), context)?;)),
            quote!(&body),
        )
    } else {
        (None, quote!(request.body()))
    }
}

fn emit_rpc_dispatch(service: &Service) -> TokenStream {
    let rt = rt();
    let api = trait_name(service);
    let prefix = service.metadata.target_prefix.clone().unwrap_or_default();
    let protocol = super::protocol_tokens(service.metadata.protocol);
    let arm = |op: &Operation| {
        let error = operation_error_name(op);
        let call = emit_call(service, op, &protocol);
        let (decompress, body) = request_body(op);
        let verify = verify_checksum(op);
        let decode = if op.input.is_some() {
            quote!(let input = #rt::decode_input(&context, #protocol, #body, invalid::<super::errors::#error>)?;)
        } else {
            quote!(#rt::parse_json_object(&context, #protocol, #body)?;)
        };
        quote! {
            #verify
            #decompress
            #decode
            #call
        }
    };
    let (streaming, buffered): (Vec<&Operation>, Vec<&Operation>) = service
        .operations
        .values()
        .partition(|op| service.streams(op));
    let arms = buffered.iter().map(|op| {
        let name = &op.name;
        let arm = arm(op);
        quote!(#name => { #arm })
    });
    let run = |arms: Vec<TokenStream>| {
        quote! {
            match #rt::json_rpc_operation(&request, #prefix)? {
                #(#arms)*
                other => ::std::result::Result::Err(#rt::ServerError::unknown_operation(
                    ::std::format!("Unknown operation {other}"),
                )),
            }
        }
    };
    let body = run(arms.collect());
    // Only outputs stream with these protocols: the router has read the request's body.
    let streaming_dispatch = (!streaming.is_empty()).then(|| {
        let arms = streaming
            .iter()
            .map(|op| {
                let name = &op.name;
                let arm = arm(op);
                quote! {
                    #name => {
                        let answer: ::std::result::Result<_, #rt::ServerError> = async move { #arm }.await;
                        answer.map(#rt::streaming_response)
                    }
                }
            })
            .collect();
        let run = run(arms);
        let predicates = emit_stream_predicates(service);
        quote! {
            #predicates

            async fn dispatch_streaming<T: #api>(
                api: &T,
                request: #rt::http::Request<#rt::ByteStream>,
                context: #rt::RequestContext,
            ) -> ::std::result::Result<#rt::http::Response<#rt::ByteStream>, #rt::ServerError> {
                let request = #rt::collect_request(request, &context).await?;
                #run
            }
        }
    });
    // Every operation streams: `dispatch` runs none.
    let unused = buffered
        .is_empty()
        .then(|| quote!(let _ = (api, &context);));
    quote! {
        async fn dispatch<T: #api>(
            api: &T,
            request: #rt::http::Request<#rt::bytes::Bytes>,
            context: #rt::RequestContext,
        ) -> ::std::result::Result<#rt::http::Response<#rt::bytes::Bytes>, #rt::ServerError> {
            #unused
            #body
        }

        #streaming_dispatch
    }
}

/// The response of a restJson1 output with members outside its JSON object: the body (the
/// JSON object, or the payload member), then each header, header map and status code member.
fn emit_rest_response(structure: &Structure, status: u16, protocol: &TokenStream) -> TokenStream {
    let rt = rt();
    let payload = structure.payload_kind();
    let body = match payload {
        None => quote!(#rt::json_response(#protocol, #status, &output)?),
        // Moved out of the output, whose other members are then read.
        Some((m, PayloadKind::Stream { .. })) => {
            let field = ident(&m.field_name);
            quote!(#rt::stream_payload_response(#status, output.#field))
        }
        Some((m, PayloadKind::EventStream)) => {
            let field = ident(&m.field_name);
            quote!(#rt::event_stream_response(#status, output.#field.into_body()))
        }
        Some((m, kind)) => {
            let field = ident(&m.field_name);
            let value = if m.required {
                quote!(::std::option::Option::Some(&output.#field))
            } else {
                quote!(output.#field.as_ref())
            };
            match kind {
                PayloadKind::Structure => {
                    quote!(#rt::json_payload_response(#status, #value, true)?)
                }
                PayloadKind::Json => quote!(#rt::json_payload_response(#status, #value, false)?),
                PayloadKind::Blob => quote!(#rt::blob_payload_response(#status, #value)),
                PayloadKind::Text { is_enum: false } if !m.required => {
                    quote!(#rt::text_payload_response(#status, output.#field.as_deref()))
                }
                // `as_str` of a `String` or of an enum.
                PayloadKind::Text { .. } => {
                    quote!(#rt::text_payload_response(#status, #value.map(|v| v.as_str())))
                }
                PayloadKind::Stream { .. } | PayloadKind::EventStream => {
                    unreachable!("matched above")
                }
            }
        }
    };
    let sets = structure.members.iter().filter_map(|m| {
        let set = match m.binding {
            Binding::Header(bound) => {
                let header = m.wire_name.to_ascii_lowercase();
                let value = bind::header_str(bound, quote!(v));
                quote!(#rt::set_response_header(&mut response, #header, #value)?;)
            }
            Binding::PrefixHeaders { key, value } => {
                let prefix = m.wire_name.to_ascii_lowercase();
                let key = bind::to_str(key, quote!(key));
                let value = bind::to_str(value, quote!(value));
                quote! {
                    for (key, value) in v.iter() {
                        #rt::set_response_header(&mut response, &::std::format!("{}{}", #prefix, #key.to_ascii_lowercase()), #value)?;
                    }
                }
            }
            Binding::StatusCode => quote! {
                if let ::std::option::Option::Some(status) = u16::try_from(*v).ok().and_then(|s| #rt::http::StatusCode::from_u16(s).ok()) {
                    *response.status_mut() = status;
                }
            },
            // Labels and query parameters are not part of a response, an event's headers are
            // its message's.
            Binding::Body
            | Binding::Payload(_)
            | Binding::Label(_)
            | Binding::Query(_)
            | Binding::QueryMap { .. }
            | Binding::EventHeader(_) => return None,
        };
        Some(bind::with_value(m, quote!(output), set))
    });
    let sets: Vec<TokenStream> = sets.collect();
    if sets.is_empty() {
        return quote!(::std::result::Result::Ok(#body));
    }
    quote! {
        let mut response = #body;
        #(#sets)*
        ::std::result::Result::Ok(response)
    }
}

/// Sets a bound member from `value`.
fn set_member(member: &Member, value: TokenStream) -> TokenStream {
    let field = ident(&member.field_name);
    if member.required {
        quote!(input.#field = #value;)
    } else {
        quote!(input.#field = ::std::option::Option::Some(#value);)
    }
}

fn emit_rest_dispatch(service: &Service) -> TokenStream {
    let rt = rt();
    let api = trait_name(service);
    let protocol = super::protocol_tokens(service.metadata.protocol);
    let routes = service.operations.values().map(|op| {
        let method = format_ident!("{}", op.http.method.as_str());
        let uri = &op.http.request_uri;
        let name = &op.name;
        quote!(.route(#rt::http::Method::#method, #uri, #name))
    });
    let arms: Vec<TokenStream> = service
        .operations
        .values()
        .filter(|op| !service.streams(op))
        .map(|op| {
            let name = &op.name;
            let arm = emit_rest_arm(service, op, &protocol);
            quote!(#name => { #arm })
        })
        .collect();
    let body = if arms.is_empty() {
        // Every operation streams (Kinesis Video Media): `dispatch` runs none.
        quote! {
            let _ = (api, context);
            let found = ROUTES.find(request.method(), request.uri())?;
            ::std::result::Result::Err(#rt::ServerError::unknown_operation(
                ::std::format!("Unknown operation {}", found.value),
            ))
        }
    } else {
        route_and_run(&arms)
    };
    let streaming = emit_rest_streaming_dispatch(service, &protocol);
    quote! {
        /// The operations' routes, by method and URI template.
        static ROUTES: ::std::sync::LazyLock<#rt::Routes<&'static str>> = ::std::sync::LazyLock::new(|| {
            #rt::Routes::new()
                #(#routes.expect("the model loader checked every URI template"))*
        });

        async fn dispatch<T: #api>(
            api: &T,
            request: #rt::http::Request<#rt::bytes::Bytes>,
            context: #rt::RequestContext,
        ) -> ::std::result::Result<#rt::http::Response<#rt::bytes::Bytes>, #rt::ServerError> {
            #body
        }

        #streaming
    }
}

/// The body of a restJson1 dispatcher: the request's route, its labels and query, and the
/// `arms` of the operations it runs by name.
fn route_and_run(arms: &[TokenStream]) -> TokenStream {
    let rt = rt();
    quote! {
        let found = ROUTES.find(request.method(), request.uri())?;
        let labels = found.labels;
        let query = found.query;
        let _ = (&labels, &query);
        match *found.value {
            #(#arms)*
            other => ::std::result::Result::Err(#rt::ServerError::unknown_operation(
                ::std::format!("Unknown operation {other}"),
            )),
        }
    }
}

/// The statements of a restJson1 operation's arm, from the request (whose body is in memory)
/// to the answer: the checksum checked, the body decompressed, the input read from the body,
/// the URI, the query and the headers, validated, the call and its answer.
fn emit_rest_arm(service: &Service, op: &Operation, protocol: &TokenStream) -> TokenStream {
    let rt = rt();
    let error = operation_error_name(op);
    let call = emit_call(service, op, protocol);
    let structure = op.input.map(|id| &service[id]);
    // An input stream was taken out of the request: there is no body to check or decompress.
    let (decompress, body, verify) = if service.input_stream(op).is_some() {
        (None, quote!(request.body()), None)
    } else {
        let (decompress, body) = request_body(op);
        (decompress, body, verify_checksum(op))
    };
    let decode = match structure {
        None => quote!(#rt::parse_json_object(&context, #protocol, #body)?;),
        Some(structure) => {
            let ty = input_type(service, op);
            let route = op.http.uri.query_keys();
            let mut binds: Vec<_> = structure
                .members
                .iter()
                .filter_map(|member| emit_bind(member, &route))
                .collect();
            if let Some(stream) = structure.stream() {
                let field = ident(&stream.field_name);
                binds.push(match stream.binding {
                    Binding::Payload(PayloadKind::EventStream) => quote!(
                        input.#field = ::servicemodel_runtime::eventstream::EventStream::from_body(stream);
                    ),
                    _ => quote!(input.#field = stream;),
                });
            }
            let payload = structure.payload_kind();
            // With a payload member the body is that member's value, read under its key.
            let object = match payload {
                Some((m, kind)) => {
                    let key = &m.wire_name;
                    match kind {
                        PayloadKind::Structure => {
                            quote!(let object = #rt::structure_payload_object(&context, #body, #key)?;)
                        }
                        PayloadKind::Json => {
                            quote!(let object = #rt::json_payload_object(&context, #body, #key)?;)
                        }
                        // A stream's request body was taken out: it is empty here.
                        PayloadKind::Blob
                        | PayloadKind::Stream { .. }
                        | PayloadKind::EventStream => {
                            quote!(let object = #rt::blob_payload_object(#body, #key);)
                        }
                        PayloadKind::Text { .. } => {
                            quote!(let object = #rt::text_payload_object(#body, #key)?;)
                        }
                    }
                }
                None => quote!(let object = #rt::parse_json_object(&context, #protocol, #body)?;),
            };
            let mutable = (!binds.is_empty()).then(|| quote!(mut));
            quote! {
                #object
                let #mutable input: #ty = #rt::deserialize_object(object, invalid::<super::errors::#error>)?;
                #(#binds)*
                let input = #rt::validate_input(&context, input, invalid::<super::errors::#error>)?;
            }
        }
    };
    quote! {
        #verify
        #decompress
        #decode
        #call
    }
}

/// For a service with operations that stream: the dispatcher's `dispatch_streaming`, which
/// the router calls for those operations (`streams`), with the request's body unread when it
/// streams (`request_streams`). An input stream is taken out of the request (its checksum, if
/// the model asks for one, is not checked and its body not decompressed: neither is written
/// for a stream yet); an operation whose input does not stream reads its body first (the
/// router has, within the body limit). An answer in memory becomes a stream.
fn emit_rest_streaming_dispatch(service: &Service, protocol: &TokenStream) -> Option<TokenStream> {
    let rt = rt();
    let api = trait_name(service);
    let streaming: Vec<&Operation> = service
        .operations
        .values()
        .filter(|op| service.streams(op))
        .collect();
    if streaming.is_empty() {
        return None;
    }
    let arms: Vec<TokenStream> = streaming.iter().map(|op| {
        let name = &op.name;
        let prelude = if service.input_stream(op).is_some() {
            quote!(let (request, stream) = #rt::split_stream(request);)
        } else {
            quote!(let request = #rt::collect_request(request, &context).await?;)
        };
        let arm = emit_rest_arm(service, op, protocol);
        quote! {
            #name => {
                #prelude
                let answer: ::std::result::Result<_, #rt::ServerError> = async move { #arm }.await;
                answer.map(#rt::streaming_response)
            }
        }
    }).collect();
    let run = route_and_run(&arms);
    let predicates = emit_stream_predicates(service);
    Some(quote! {
        #predicates

        async fn dispatch_streaming<T: #api>(
            api: &T,
            request: #rt::http::Request<#rt::ByteStream>,
            context: #rt::RequestContext,
        ) -> ::std::result::Result<#rt::http::Response<#rt::ByteStream>, #rt::ServerError> {
            #run
        }
    })
}

/// Reads a member bound to a label, query parameter or header of the request into `input`;
/// a value that does not read as its type is a `SerializationException` naming the member.
/// Reads a member bound outside the body; `route` are the keys of the operation's literal
/// query, which no query map holds.
fn emit_bind(member: &Member, route: &[&str]) -> Option<TokenStream> {
    let rt = rt();
    let try_ = quote!(.map_err(#rt::ServerError::serialization)?);
    let wire = &member.wire_name;
    let what = format!("member '{}'", member.name);
    let read = match member.binding {
        Binding::Label(scalar) => {
            let value = bind::from_text(scalar, quote!(text), &what, &try_);
            let set = set_member(member, value);
            quote!(if let ::std::option::Option::Some(text) = labels.get(#wire) { #set })
        }
        Binding::Query(Bound::One(scalar)) => {
            let value = bind::from_text(scalar, quote!(text), &what, &try_);
            let set = set_member(member, value);
            quote!(if let ::std::option::Option::Some(text) = query.get(#wire) { #set })
        }
        Binding::Query(Bound::List(scalar)) => {
            let values = bind::list_from(scalar, quote!(query.get_all(#wire)), &what, &try_);
            let set = set_member(member, quote!(values));
            quote!(if query.contains(#wire) { let values = #values; #set })
        }
        Binding::QueryMap { key, value } => {
            // Every parameter, those bound to other members too, as the restJson1 servers'
            // suite asks (`RestJsonServersPutAllQueryParamsInMap`), but for those of the
            // operation's literal query (API Gateway's `ImportRestApi` is `/restapis?mode=import`),
            // which pick the operation.
            let skip =
                (!route.is_empty()).then(|| quote!(if [#(#route),*].contains(&name) { continue; }));
            let key = bind::from_text(key, quote!(name), &what, &try_);
            let insert = match value {
                Bound::One(scalar) => {
                    let value = bind::from_text(scalar, quote!(text), &what, &try_);
                    quote!(map.entry(#key).or_insert(#value);)
                }
                Bound::List(scalar) => {
                    let value = bind::from_text(scalar, quote!(text), &what, &try_);
                    quote!(map.entry(#key).or_insert_with(::std::vec::Vec::new).push(#value);)
                }
            };
            let set = set_member(member, quote!(map));
            quote! {
                {
                    let mut map = ::std::collections::BTreeMap::new();
                    for (name, text) in query.iter() { #skip #insert }
                    if !map.is_empty() { #set }
                }
            }
        }
        Binding::Header(bound) => {
            let header = wire.to_ascii_lowercase();
            let value = bind::from_header(bound, quote!(text), &what, &try_);
            let set = set_member(member, value);
            quote! {
                if let ::std::option::Option::Some(text) = #rt::request_header(&context.headers, #header)? {
                    let text: &str = &text;
                    #set
                }
            }
        }
        Binding::PrefixHeaders { key, value } => {
            let prefix = wire.to_ascii_lowercase();
            let map = bind::string_map(
                key,
                value,
                quote!(#rt::prefixed_headers(&context.headers, #prefix)?),
            );
            let set = set_member(member, quote!(map));
            quote!({ let map = #map; if !map.is_empty() { #set } })
        }
        Binding::Body | Binding::Payload(_) | Binding::StatusCode | Binding::EventHeader(_) => {
            return None
        }
    };
    Some(read)
}
