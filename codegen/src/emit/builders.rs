//! A builder per structure: `Foo::builder().bar(..).build()`. When the structure has required
//! members, `build()` returns a `Result` that names every one that was not set; otherwise it
//! returns the value itself ([`builds_infallibly`]).
//!
//! The builder of an operation's input has a type parameter `S` (`()` by default) that
//! carries what the builder is attached to: a generated client attaches itself, so
//! `client.send_text_message().destination_phone_number(..).send()` uses the same setters.

use proc_macro2::TokenStream;
use quote::quote;

use super::{bare, ident, member_shape_type};
use crate::model::{Service, Shape, ShapeId, Structure};

/// The builder's type name (`FooBuilder`), in the service's `builders` module.
pub fn builder_name(structure: &Structure) -> proc_macro2::Ident {
    ident(&structure.builder_name)
}

/// Whether a structure's `build()` returns the value itself (it has no required member to
/// miss) rather than a `Result`.
pub fn builds_infallibly(structure: &Structure) -> bool {
    structure.members.iter().all(|member| !member.required)
}

/// Whether the shape is the input of an operation (its builder can carry a client).
pub fn is_operation_input(service: &Service, id: ShapeId) -> bool {
    service
        .operations
        .values()
        .any(|operation| operation.input.map(ShapeId::from) == Some(id))
}

/// The builder struct, its setters and `build()`, and `builder()` on the structure `id`.
pub fn emit_builder(
    service: &Service,
    id: ShapeId,
    shape: &Shape,
    structure: &Structure,
) -> TokenStream {
    let attachable = is_operation_input(service, id);
    let target = ident(&shape.type_name);
    let target_text = &shape.type_name;
    let builder = builder_name(structure);
    let doc = format!(" A builder for [`{target_text}`](super::{target_text}).");
    let fields = structure.members.iter().map(|member| {
        let field = ident(&member.field_name);
        let ty = member_shape_type(service, member);
        quote!(#field: ::std::option::Option<#ty>,)
    });
    let setters = structure.members.iter().map(|member| {
        let field = ident(&member.field_name);
        let setter = ident(&member.setter_name);
        let ty = member_shape_type(service, member);
        let doc = format!(
            " Sets `{}`{}.",
            member.name,
            if member.required { " (required)" } else { "" }
        );
        let deprecated = super::docs::deprecated_attr(member.deprecated.as_ref());
        quote! {
            #[doc = #doc]
            #deprecated
            pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                self.#field = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    let required: Vec<_> = structure.members.iter().filter(|m| m.required).collect();
    let init = structure.members.iter().map(|member| {
        let field = ident(&member.field_name);
        if member.is_stream() {
            return quote!(#field: self.#field.unwrap_or_default());
        }
        match (member.required, member.boxed) {
            (true, true) => quote!(#field: ::std::boxed::Box::new(#field)),
            (true, false) => quote!(#field),
            (false, true) => quote!(#field: self.#field.map(::std::boxed::Box::new)),
            (false, false) => quote!(#field: self.#field),
        }
    });
    let construct = quote!(super::#target { #(#init),* });
    let (output, body) = match required.as_slice() {
        [] => (quote!(super::#target), construct),
        members => {
            let names: Vec<_> = members.iter().map(|m| ident(&m.field_name)).collect();
            let wire: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
            let body = quote! {
                match (#(self.#names,)*) {
                    (#(::std::option::Option::Some(#names),)*) => ::std::result::Result::Ok(#construct),
                    (#(#names,)*) => ::std::result::Result::Err(::servicemodel_runtime::BuildError::new(
                        #target_text,
                        &[#((#wire, #names.is_some())),*],
                    )),
                }
            };
            let output =
                quote!(::std::result::Result<super::#target, ::servicemodel_runtime::BuildError>);
            (output, body)
        }
    };
    let debug = if attachable {
        emit_generic_debug(service, &builder, structure)
    } else {
        super::emit_debug(service, &builder, structure)
    };
    let (params, impl_params, sender_field) = if attachable {
        (quote!(<S = ()>), quote!(<S>), Some(quote!(_sender: S,)))
    } else {
        (quote!(), quote!(), None)
    };
    let ty_params = if attachable { quote!(<S>) } else { quote!() };
    let attach = attachable.then(|| {
        let unset = structure.members.iter().map(|member| {
            let field = ident(&member.field_name);
            quote!(#field: ::std::option::Option::None,)
        });
        quote! {
            impl<S> #builder<S> {
                /// An empty builder attached to `sender` (a client), which can then send it.
                pub fn with_sender(sender: S) -> Self {
                    Self { #(#unset)* _sender: sender }
                }

                /// What the builder is attached to.
                pub fn sender(&self) -> &S {
                    &self._sender
                }
            }
        }
    });
    let build_doc = if required.is_empty() {
        " Builds the value (no member is required, so it cannot fail).".to_owned()
    } else {
        format!(
            " Builds the value, or names every required member that was not set ({}).",
            required
                .iter()
                .map(|m| format!("`{}`", m.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    // A stream cannot be cloned.
    let derive = if structure.stream().is_some() {
        quote!(#[derive(Default)])
    } else {
        quote!(#[derive(Clone, Default)])
    };
    quote! {
        #[doc = #doc]
        #derive
        pub struct #builder #params {
            #(#fields)*
            #sender_field
        }
        #debug
        #attach

        // Setters are named after the model's members, which may be called `Add` or `Next`.
        #[allow(clippy::should_implement_trait)]
        impl #impl_params #builder #ty_params {
            #(#setters)*

            #[doc = #build_doc]
            #[inline]
            pub fn build(self) -> #output {
                #body
            }
        }

        impl super::#target {
            /// A builder for this type.
            #[inline]
            pub fn builder() -> #builder {
                <#builder as ::std::default::Default>::default()
            }
        }
    }
}

/// `Debug` for an attachable builder: sensitive members redacted, generic over `S` (what the
/// builder is attached to is not shown).
fn emit_generic_debug(
    service: &Service,
    builder: &proc_macro2::Ident,
    structure: &Structure,
) -> TokenStream {
    let text = builder.to_string();
    let fields = structure.members.iter().map(|member| {
        let field = ident(&member.field_name);
        let label = bare(&member.field_name);
        if super::is_sensitive(service, member.shape) {
            quote!(.field(#label, &::servicemodel_runtime::Redacted))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        impl<S> ::std::fmt::Debug for #builder<S> {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#text) #(#fields)* .finish_non_exhaustive()
            }
        }
    }
}
