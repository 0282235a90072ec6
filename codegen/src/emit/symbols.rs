//! The symbol provider: the Rust type of every shape and operation part, written as a path
//! from a module of the caller's choice. The emitters write paths from a service's own files
//! (`super::Foo`); code outside the generated crate's service module (a test harness) passes
//! its path to the module (`h::exampleservice`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Operation, Service, ShapeId, ShapeKind};

/// An identifier from a name computed by [`crate::naming`] (`r#type` included).
fn ident(name: &str) -> Ident {
    format_ident!("{}", name)
}

/// The Rust type of a value of shape `id`; `module` is the path of the service's module.
pub fn shape_type(service: &Service, id: impl Into<ShapeId>, module: &TokenStream) -> TokenStream {
    let shape = service.shape_of(id);
    match &shape.kind {
        ShapeKind::Structure(_) => {
            let ty = ident(&shape.type_name);
            quote!(#module::#ty)
        }
        ShapeKind::String(string) if string.enum_values.is_some() => {
            let ty = ident(&shape.type_name);
            quote!(#module::#ty)
        }
        ShapeKind::String(_) => quote!(::std::string::String),
        ShapeKind::Integer(_) => quote!(i32),
        ShapeKind::Long(_) => quote!(i64),
        ShapeKind::Double(_) => quote!(f64),
        ShapeKind::Float(_) => quote!(f32),
        ShapeKind::Boolean => quote!(bool),
        ShapeKind::Timestamp(_) => quote!(::servicemodel_runtime::Timestamp),
        ShapeKind::Blob(blob) if blob.streaming => quote!(::servicemodel_runtime::ByteStream),
        ShapeKind::Blob(_) => quote!(::servicemodel_runtime::Blob),
        ShapeKind::List(list) => {
            let member = entry_type(service, list.member, list.sparse, module);
            quote!(::std::vec::Vec<#member>)
        }
        ShapeKind::Map(map) => {
            let key = shape_type(service, map.key, module);
            let value = entry_type(service, map.value, map.sparse, module);
            quote!(::std::collections::BTreeMap<#key, #value>)
        }
    }
}

/// The type of a list's entries or a map's values: the shape's type, in `Option` when the
/// collection is sparse (`null` entries kept).
pub fn entry_type(
    service: &Service,
    id: ShapeId,
    sparse: bool,
    module: &TokenStream,
) -> TokenStream {
    let ty = shape_type(service, id, module);
    if sparse {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}

/// The type an operation's server method takes: its input structure, or `()`.
pub fn server_input_type(service: &Service, op: &Operation, module: &TokenStream) -> TokenStream {
    match op.input {
        Some(id) => shape_type(service, id, module),
        None => quote!(()),
    }
}

/// The type an operation returns: its output structure, or `()`.
pub fn output_type(service: &Service, op: &Operation, module: &TokenStream) -> TokenStream {
    match op.output {
        Some(id) => shape_type(service, id, module),
        None => quote!(()),
    }
}

/// The operation's error enum, in the service's `errors` module.
pub fn error_type(op: &Operation, module: &TokenStream) -> TokenStream {
    let error = ident(&op.error_name);
    quote!(#module::errors::#error)
}

/// The service's server trait, in its `server` module.
pub fn server_trait(service: &Service, module: &TokenStream) -> TokenStream {
    let api = ident(&service.api_trait_name);
    quote!(#module::server::#api)
}

/// The server trait's method of an operation.
pub fn method_name(op: &Operation) -> Ident {
    ident(&op.method_name)
}
