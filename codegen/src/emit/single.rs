//! The generated code as one file, for a project's `build.rs` to write into `OUT_DIR` and
//! `include!`: a `pub mod` per service holding what the service's folder holds in a
//! generated crate, its files as inline modules.
//!
//! `include!` refuses inner attributes at the top of the included file, so the file has none:
//! the service's documentation and `#![allow(deprecated)]` sit inside its module, where they
//! are allowed. There are no Cargo features in it either: the project chooses the client and
//! the server when it generates ([`Parts`]), and only the services it asked for are there.

use syn::{Attribute, Item, ItemMod};

use super::{emit_service, HEADER};
use crate::model::Service;

/// Which of the optional parts to emit. Types, enums, builders, errors and validators are
/// always there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// The async client (`client` module): needs `servicemodel-runtime-client`.
    pub client: bool,
    /// The server traits and routers (`server` module): needs `servicemodel-runtime-server`.
    pub server: bool,
}

/// One file with a `pub mod <service>` per service, with the [`HEADER`] line and no inner
/// attribute at its top. Never fails: every name was given out by the loader.
///
/// # Panics
/// If an emitter produced invalid Rust, which would be a bug in it (as [`super::render`]).
pub fn generate_module_file(services: &[Service], parts: Parts) -> String {
    let items: Vec<Item> = services
        .iter()
        .map(|service| Item::Mod(service_module(service, parts)))
        .collect();
    let mut file: syn::File = syn::parse_quote!();
    file.items = items;
    format!("{HEADER}{}", prettyplease::unparse(&file))
}

/// `pub mod <service> { ... }` with the files of the service's folder inlined.
fn service_module(service: &Service, parts: Parts) -> ItemMod {
    let mut files = emit_service(service);
    let root = parse(files.remove("mod.rs").expect("every service has a mod.rs"));
    let mut items = Vec::new();
    for item in root.items {
        let Some(item) = keep(item, parts) else {
            continue;
        };
        match item {
            Item::Mod(mut module) if module.content.is_none() => {
                let name = module.ident.to_string();
                let file =
                    parse(files.remove(&format!("{name}.rs")).unwrap_or_else(|| {
                        panic!("mod.rs declares {name}, which was not emitted")
                    }));
                module.attrs.extend(file.attrs);
                module.content = Some((Default::default(), file.items));
                module.semi = None;
                items.push(Item::Mod(module));
            }
            other => items.push(other),
        }
    }
    let ident = super::ident(&service.module_name);
    ItemMod {
        attrs: root.attrs,
        vis: syn::parse_quote!(pub),
        unsafety: None,
        mod_token: Default::default(),
        ident,
        content: Some((Default::default(), items)),
        semi: None,
    }
}

/// The item without its `#[cfg(feature = "client")]` (or `"server"`) when that part is
/// wanted, `None` when it is not; other items as they are.
fn keep(mut item: Item, parts: Parts) -> Option<Item> {
    let attrs = match &mut item {
        Item::Mod(module) => &mut module.attrs,
        Item::Use(item) => &mut item.attrs,
        _ => return Some(item),
    };
    let Some((index, feature)) = attrs
        .iter()
        .enumerate()
        .find_map(|(index, attr)| Some((index, feature_gate(attr)?)))
    else {
        return Some(item);
    };
    let wanted = match feature.as_str() {
        "client" => parts.client,
        "server" => parts.server,
        _ => true,
    };
    if !wanted {
        return None;
    }
    attrs.remove(index);
    Some(item)
}

/// The feature of a `#[cfg(feature = "...")]` attribute.
fn feature_gate(attr: &Attribute) -> Option<String> {
    if !attr.path().is_ident("cfg") {
        return None;
    }
    let meta: syn::MetaNameValue = attr.parse_args().ok()?;
    if !meta.path.is_ident("feature") {
        return None;
    }
    match meta.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

fn parse(tokens: proc_macro2::TokenStream) -> syn::File {
    match syn::parse2(tokens.clone()) {
        Ok(file) => file,
        Err(error) => panic!("an emitter produced invalid Rust ({error}):\n{tokens}"),
    }
}
