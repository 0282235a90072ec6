//! Structures become structs with serde attributes that match the wire.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::{bare, field_type, has_sensitive_member, ident, is_enum};
use crate::model::{Member, Service, Shape, ShapeKind, Structure, TimestampFormat};

/// A struct for a structure shape: a field per member (`Option` unless required, boxed when it
/// closes a cycle), `#[non_exhaustive]`, `Debug` that redacts sensitive members.
pub fn emit_struct(service: &Service, shape: &Shape, structure: &Structure) -> TokenStream {
    let docs = doc_attrs(shape.documentation.as_deref());
    let name = ident(&shape.type_name);
    let is_error = structure.error.is_some();
    let fields = structure
        .members
        .iter()
        .map(|member| emit_field(service, member, is_error));
    let redacted = has_sensitive_member(service, structure);
    let derive_debug = (!redacted).then(|| quote!(Debug,));
    let debug = redacted.then(|| super::emit_redacted_debug(service, &name, structure));
    quote! {
        #docs
        #[derive(Clone, #derive_debug PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #debug
    }
}

/// One field with its documentation and serde attributes.
fn emit_field(service: &Service, member: &Member, is_error: bool) -> TokenStream {
    let docs = doc_attrs(member.documentation.as_deref());
    let field = ident(&member.field_name);
    let ty = field_type(service, member);
    let serde = serde_attrs(service, member, is_error);
    quote! {
        #docs
        #serde
        pub #field: #ty,
    }
}

/// The `#[serde(...)]` attribute of a member, or nothing.
fn serde_attrs(service: &Service, member: &Member, is_error: bool) -> TokenStream {
    let shape = service.shape(&member.shape);
    let mut parts = Vec::new();
    if member.location.is_some() {
        // Bound to the URI, query string or headers: not part of the JSON body.
        parts.push(quote!(skip));
        if member.required && is_enum(shape) {
            parts.push(quote!(default = "::codegen_runtime::wire::unset_enum"));
        }
        return quote!(#[serde(#(#parts),*)]);
    }
    if bare(&member.field_name) != member.wire_name {
        let wire = &member.wire_name;
        parts.push(quote!(rename = #wire));
    }
    if is_error && member.wire_name == "Message" {
        parts.push(quote!(alias = "message"));
    }
    let with = match &shape.kind {
        ShapeKind::Double(_) | ShapeKind::Float(_) => Some("::codegen_runtime::wire::float"),
        ShapeKind::Timestamp(timestamp) => match timestamp.format {
            Some(TimestampFormat::Iso8601) => Some("::codegen_runtime::wire::iso8601"),
            Some(TimestampFormat::Rfc822) => Some("::codegen_runtime::wire::http_date"),
            Some(TimestampFormat::UnixTimestamp) | None => None,
        },
        _ => None,
    };
    if let Some(with) = with {
        parts.push(quote!(with = #with));
        if !member.required {
            parts.push(quote!(default));
        }
    }
    if !member.required {
        parts.push(quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        ));
    }
    if parts.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}
