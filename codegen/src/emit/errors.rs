//! Errors: what each error shape knows about itself (code, message, HTTP status,
//! retryability), and per operation an enum of exactly the errors it lists plus a catch-all.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::validate::Plan;
use super::{bare, ident};
use crate::model::{Operation, Service, Shape, Structure};

/// The catch-all variant of every operation error enum.
pub const UNHANDLED: &str = crate::naming::UNHANDLED_VARIANT;

/// The operation error enum's name (`SendTextMessageError`), in the service's `errors` module.
pub fn operation_error_name(operation: &Operation) -> proc_macro2::Ident {
    ident(&operation.error_name)
}

/// The expression giving an error shape's message: the member the loader chose
/// ([`crate::model::ErrorInfo::message`]).
fn message_expr(structure: &Structure) -> TokenStream {
    let member = structure
        .error
        .as_ref()
        .and_then(|error| error.message.as_deref())
        .and_then(|name| structure.member(name));
    match member {
        Some(member) => {
            let field = ident(&member.field_name);
            if member.required {
                quote!(::std::option::Option::Some(self.#field.as_str()))
            } else {
                quote!(self.#field.as_deref())
            }
        }
        None => quote!(::std::option::Option::None),
    }
}

/// The error-related items of an error shape's struct: `CODE` and `HTTP_STATUS`, the runtime's
/// `ServiceError` (code, message, HTTP status, retryability), `Display` and
/// `std::error::Error`.
pub fn emit_error_shape(shape: &Shape, structure: &Structure) -> TokenStream {
    let ty = ident(&shape.type_name);
    let code = &shape.name;
    let status = structure
        .error
        .as_ref()
        .map_or(500, |error| error.http_status_code);
    let retryable = structure
        .error
        .as_ref()
        .is_some_and(|error| error.is_retryable());
    let message = message_expr(structure);
    // A query-compatible service's error is known by its query code (`x-amzn-query-error`),
    // as the AWS SDKs report it; its `__type` stays `CODE`.
    let reported = match structure
        .error
        .as_ref()
        .and_then(|e| e.query_code.as_deref())
    {
        Some(query_code) => quote!(#query_code),
        None => quote!(Self::CODE),
    };
    quote! {
        impl #ty {
            /// The error's code on the wire (`__type`, `X-Amzn-ErrorType`).
            pub const CODE: &'static str = #code;
            /// The HTTP status code of the error's answer.
            pub const HTTP_STATUS: u16 = #status;
        }

        impl ::servicemodel_runtime::ServiceError for #ty {
            #[inline]
            fn code(&self) -> &str {
                #reported
            }

            #[inline]
            fn message(&self) -> ::std::option::Option<&str> {
                #message
            }

            #[inline]
            fn http_status(&self) -> u16 {
                Self::HTTP_STATUS
            }

            #[inline]
            fn is_retryable(&self) -> bool {
                #retryable
            }
        }

        impl ::std::fmt::Display for #ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::servicemodel_runtime::error::fmt_error(self, f)
            }
        }

        impl ::std::error::Error for #ty {}
    }
}

/// The error enum of one operation: a variant per error shape it lists, in the model's order,
/// and [`UNHANDLED`] for any other error answer. Implements the runtime's `OperationError`
/// (one `match` giving the error inside), through which it has `ServiceError` (code, message,
/// HTTP status, retryability), `Display` and `source()`; decodes an error answer
/// (`from_response`), and converts from each error it holds and from violations.
pub fn emit_operation_error(service: &Service, operation: &Operation, plan: &Plan) -> TokenStream {
    let name = operation_error_name(operation);
    let unhandled = format_ident!("{}", UNHANDLED);
    let shapes: Vec<&Shape> = operation
        .errors
        .iter()
        .map(|error| service.shape_of(error.shape))
        .collect();
    let variants: Vec<_> = operation
        .errors
        .iter()
        .map(|error| ident(&error.variant))
        .collect();
    let types: Vec<_> = shapes.iter().map(|shape| ident(&shape.type_name)).collect();
    // Each error's name, or its query code (`x-amzn-query-error`) where it has one that no
    // other error of the operation is known by (a pattern matched twice would never be reached).
    let mut taken: std::collections::BTreeSet<&str> =
        shapes.iter().map(|shape| shape.name.as_str()).collect();
    let codes: Vec<TokenStream> = operation
        .errors
        .iter()
        .zip(&shapes)
        .map(|(listed, shape)| {
            let name = shape.name.as_str();
            match service[listed.shape]
                .error
                .as_ref()
                .and_then(|error| error.query_code.as_deref())
            {
                Some(query_code) if taken.insert(query_code) => quote!(#name | #query_code),
                _ => quote!(#name),
            }
        })
        .collect();
    // The operation's own words on the error, where the model has them.
    let variant_docs = operation.errors.iter().zip(&shapes).map(|(error, shape)| {
        let link = format!("[`{0}`](super::{0}).", shape.type_name);
        let own = error
            .documentation
            .as_deref()
            .map(super::docs::html_to_markdown)
            .filter(|text| !text.is_empty());
        let text = match own {
            Some(own) => format!("{link}\n\n{own}"),
            None => link,
        };
        super::docs::doc_lines(&text)
    });
    let doc = format!(
        " The errors of `{}`: the error shapes the model lists for it, and any other error answer.",
        operation.name
    );
    let from_violations = {
        let listed = plan
            .validation
            .as_ref()
            .filter(|validation| validation.conversion.is_some())
            .and_then(|validation| {
                operation
                    .errors
                    .iter()
                    .find(|error| error.shape == validation.shape)
            });
        match listed {
            Some(error) => {
                let variant = ident(&error.variant);
                quote!(Self::#variant(violations.into()))
            }
            None => {
                let (code, status) = match &plan.validation {
                    Some(validation) => {
                        let status = service[validation.shape]
                            .error
                            .as_ref()
                            .map_or(400, |error| error.http_status_code);
                        (service.name_of(validation.shape).to_owned(), status)
                    }
                    None => ("ValidationException".to_owned(), 400),
                };
                quote! {
                    Self::#unhandled(::servicemodel_runtime::UnhandledError::new(
                        #code,
                        ::std::option::Option::Some(::std::string::ToString::to_string(&violations)),
                        #status,
                    ))
                }
            }
        }
    };
    let decode = if variants.is_empty() {
        quote!(Self::#unhandled(::servicemodel_runtime::UnhandledError::from_body(code, status, body)))
    } else {
        quote! {
            match code {
                #(
                    #codes => match ::servicemodel_runtime::error::decode_error(code, status, body) {
                        ::std::result::Result::Ok(error) => Self::#variants(error),
                        ::std::result::Result::Err(error) => Self::#unhandled(error),
                    },
                )*
                _ => Self::#unhandled(::servicemodel_runtime::UnhandledError::from_body(code, status, body)),
            }
        }
    };
    let variant_texts = operation.errors.iter().map(|error| bare(&error.variant));
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants(super::#types),
            )*
            /// An error answer the model does not list for this operation.
            #unhandled(::servicemodel_runtime::UnhandledError),
        }

        impl #name {
            /// The error for an answer with error code `code` (as sent: it is sanitised first),
            /// HTTP status `status` and JSON body `body`.
            #[inline]
            pub fn from_response(code: &str, status: u16, body: &[u8]) -> Self {
                let code = ::servicemodel_runtime::error::sanitize_error_code(code);
                #decode
            }
        }

        impl ::std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#variants(error) => f.debug_tuple(#variant_texts).field(error).finish(),)*
                    Self::#unhandled(error) => f.debug_tuple(#UNHANDLED).field(error).finish(),
                }
            }
        }

        impl ::servicemodel_runtime::OperationError for #name {
            #[inline]
            fn as_service_error(&self) -> &dyn ::servicemodel_runtime::ServiceError {
                match self {
                    #(Self::#variants(error) => error,)*
                    Self::#unhandled(error) => error,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::servicemodel_runtime::error::fmt_operation_error(self, f)
            }
        }

        impl ::std::error::Error for #name {
            #[inline]
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                ::servicemodel_runtime::error::operation_error_source(self)
            }
        }

        #(
            impl ::std::convert::From<super::#types> for #name {
                #[inline]
                fn from(error: super::#types) -> Self {
                    Self::#variants(error)
                }
            }
        )*

        impl ::std::convert::From<::servicemodel_runtime::UnhandledError> for #name {
            #[inline]
            fn from(error: ::servicemodel_runtime::UnhandledError) -> Self {
                Self::#unhandled(error)
            }
        }

        impl ::std::convert::From<::servicemodel_runtime::Violations> for #name {
            #[inline]
            fn from(violations: ::servicemodel_runtime::Violations) -> Self {
                #from_violations
            }
        }
    }
}
