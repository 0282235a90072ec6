//! Structures become structs, with `Serialize` and `Deserialize` written out as a few calls
//! into the runtime's `structure` module (much cheaper to compile than serde's derives);
//! unions become enums, through the runtime's `union` module.
//!
//! Each shape gives two pieces: its definition (with its docs and `Debug`), which goes to
//! `types.rs` or `exceptions.rs`, and its wire form (`Serialize`, `Deserialize`, the runtime's
//! `Zero`), which goes to the service's private `wire.rs` and names the type as `super::Name`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{deprecated_attr, doc_attrs};
use super::{bare, field_type, ident};
use crate::model::{Member, Service, Shape, ShapeKind, Structure, TimestampFormat};

/// A struct for a structure shape: a field per member (`Option` unless required, boxed when it
/// closes a cycle), `#[non_exhaustive]`, and `Debug` that redacts sensitive members. Its wire
/// form is [`emit_struct_wire`].
pub fn emit_struct(service: &Service, shape: &Shape, structure: &Structure) -> TokenStream {
    let docs = doc_attrs(shape.documentation.as_deref());
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let name = ident(&shape.type_name);
    let fields = structure.members.iter().map(|member| {
        let docs = doc_attrs(member.documentation.as_deref());
        let deprecated = deprecated_attr(member.deprecated.as_ref());
        let field = ident(&member.field_name);
        let ty = field_type(service, member);
        quote! {
            #docs
            #deprecated
            pub #field: #ty,
        }
    });
    let debug = super::emit_debug(service, &name, structure);
    // A stream can be neither cloned nor compared.
    let derive = structure
        .stream()
        .is_none()
        .then(|| quote!(#[derive(Clone, PartialEq)]));
    quote! {
        #docs
        #deprecated
        #derive
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #debug
    }
}

/// The wire form of a structure ([`emit_serialize`], [`emit_deserialize`]), for `wire.rs`.
///
/// `client_read` says whether clients read the structure (it is reachable from an output or
/// an error): its map members then drop `null` values ([`emit_deserialize`]). `zero` says
/// whether a required member targets it: it then implements the runtime's `Zero`
/// ([`emit_zero`]).
pub fn emit_struct_wire(
    service: &Service,
    shape: &Shape,
    structure: &Structure,
    client_read: bool,
    zero: bool,
) -> TokenStream {
    let serialize = emit_serialize(service, shape, structure);
    let deserialize = emit_deserialize(service, shape, structure, client_read);
    let zero = zero.then(|| {
        let inits = structure.members.iter().map(|member| {
            let field = ident(&member.field_name);
            let unset = unset_value(member);
            quote!(#field: #unset)
        });
        emit_zero(&shape.type_name, quote!(Self { #(#inits),* }))
    });
    quote! {
        #serialize
        #deserialize
        #zero
    }
}

/// The runtime's `Zero` for a type that a required member targets, as client error correction
/// fills that member when a response leaves it out: `value` is the zero value (a structure
/// with its required members at their zero values and the rest unset; an enum's or a union's
/// `Unknown` with an empty value).
pub fn emit_zero(type_name: &str, value: TokenStream) -> TokenStream {
    let name = ident(type_name);
    quote! {
        impl ::servicemodel_runtime::structure::Zero for super::#name {
            #[inline]
            fn zero() -> Self {
                #value
            }
        }
    }
}

/// [`emit_zero`] for an enum or a union: its `Unknown` variant with an empty value.
pub fn emit_unknown_zero(type_name: &str) -> TokenStream {
    let unknown = ident(crate::naming::UNKNOWN_VARIANT);
    emit_zero(
        type_name,
        quote!(Self::#unknown(::servicemodel_runtime::structure::Zero::zero())),
    )
}

/// The value of a member that is not set: its type's zero value when it is required, an
/// empty stream, or `None`.
pub(crate) fn unset_value(member: &Member) -> TokenStream {
    if member.is_stream() {
        quote!(::std::default::Default::default())
    } else if member.required {
        quote!(::servicemodel_runtime::structure::Zero::zero())
    } else {
        quote!(::std::option::Option::None)
    }
}

/// The members that are part of the JSON body (rest-json members bound to the URI, query
/// string or headers are not: the HTTP layer reads and writes those).
fn body_members(structure: &Structure) -> impl Iterator<Item = &Member> {
    structure
        .members
        .iter()
        .filter(|member| member.in_json_object())
}

/// The runtime `Format` a member's value is written and read in, when it is not its type's
/// own serde form: floats (`NaN` and the infinities as strings) and timestamps in text.
fn wire_format(service: &Service, member: &Member) -> Option<TokenStream> {
    let format = match &service[member.shape].kind {
        ShapeKind::Double(_) | ShapeKind::Float(_) => "Float",
        ShapeKind::Timestamp(timestamp) => match timestamp.format {
            Some(TimestampFormat::Iso8601) => "Iso8601",
            Some(TimestampFormat::Rfc822) => "HttpDate",
            Some(TimestampFormat::UnixTimestamp) | None => return None,
        },
        _ => return None,
    };
    let format = format_ident!("{}", format);
    Some(quote!(::servicemodel_runtime::structure::#format))
}

/// `Serialize`: each body member under its wire name, optional members only when set.
pub fn emit_serialize(service: &Service, shape: &Shape, structure: &Structure) -> TokenStream {
    let name = ident(&shape.type_name);
    let name_text = bare(&shape.type_name);
    let members: Vec<&Member> = body_members(structure).collect();
    let required =
        proc_macro2::Literal::usize_unsuffixed(members.iter().filter(|m| m.required).count());
    let present = members
        .iter()
        .filter(|member| !member.required)
        .map(|member| {
            let field = ident(&member.field_name);
            quote!(self.#field.is_some())
        });
    let writes = members.iter().map(|member| {
        let field = ident(&member.field_name);
        let key = &member.wire_name;
        match (member.required, wire_format(service, member)) {
            (true, None) => quote!(writer.field(#key, &self.#field);),
            (false, None) => quote!(writer.optional(#key, &self.#field);),
            (true, Some(format)) => quote!(writer.field_with(#key, &self.#field, #format);),
            (false, Some(format)) => quote!(writer.optional_with(#key, &self.#field, #format);),
        }
    });
    let binding = if members.is_empty() {
        quote!(writer)
    } else {
        quote!(mut writer)
    };
    quote! {
        impl ::serde::Serialize for super::#name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let #binding = ::servicemodel_runtime::structure::Writer::new(
                    serializer, #name_text, #required, &[#(#present),*],
                );
                #(#writes)*
                writer.end()
            }
        }
    }
}

/// `Deserialize` through the runtime's `Structure`: each body member from its wire name (and a
/// `Message` member of an error shape from `message` too), unknown keys skipped, the first
/// absent required member reported as missing, members bound outside the body left at their
/// default for the HTTP layer to set. A payload member is read under its key, where the HTTP
/// layer puts the body's value (the runtimes' `*_payload_object` and `*_payload_output`).
///
/// In a structure that clients read (`client_read`), a map member's `null` values are dropped
/// (the runtime's `DenseMap`), as the JSON protocols ask of clients; elsewhere (what servers
/// read) a `null` map value stays an error. A sparse map keeps its `null` values as `None`.
pub fn emit_deserialize(
    service: &Service,
    shape: &Shape,
    structure: &Structure,
    client_read: bool,
) -> TokenStream {
    let name = ident(&shape.type_name);
    let name_text = bare(&shape.type_name);
    let local = |index: usize| format_ident!("m{}", index);
    let mut keys: Vec<&str> = Vec::new();
    let mut arms = Vec::new();
    // (field, local, required) of each body member; bound members get their default.
    let mut inits = Vec::new();
    let mut required: Vec<(Ident, &str)> = Vec::new();
    let mut message_index = None;
    for member in &structure.members {
        let field = ident(&member.field_name);
        // A payload member is read under its key too: the HTTP layer puts the body there.
        // A stream is not: the HTTP layer sets it.
        if member.is_bound() || member.is_stream() {
            let unset = unset_value(member);
            inits.push(quote!(#field: #unset));
            continue;
        }
        let index = keys.len();
        let key = member.wire_name.as_str();
        keys.push(key);
        let m = local(index);
        let dense_map = client_read
            && matches!(&service[member.shape].kind, ShapeKind::Map(map) if !map.sparse)
            && !member.boxed;
        let format = wire_format(service, member)
            .or_else(|| dense_map.then(|| quote!(::servicemodel_runtime::structure::DenseMap)));
        let read = match format {
            None => quote!(reader.value(&mut #m, #key)),
            Some(format) => quote!(reader.value_with(&mut #m, #key, #format)),
        };
        let is_message = structure
            .error
            .as_ref()
            .is_some_and(|error| error.message.as_deref() == Some(member.name.as_str()));
        if is_message && key == "Message" {
            message_index = Some(index);
        }
        arms.push((index, read));
        if member.required {
            inits.push(quote!(#field: ::servicemodel_runtime::structure::zero_or(#m)));
            required.push((m, key));
        } else {
            inits.push(quote!(#field: #m.flatten()));
        }
    }
    let body_len = keys.len();
    // Error shapes: services send `message` as well as `Message`.
    let alias = message_index.filter(|_| !keys.contains(&"message"));
    if alias.is_some() {
        keys.push("message");
    }
    let locals = (0..body_len).map(|index| {
        let m = local(index);
        quote!(let mut #m = ::std::option::Option::None;)
    });
    let read_loop = if arms.is_empty() {
        quote! {
            while reader.next_key().is_some() {
                reader.skip();
            }
        }
    } else {
        let arms = arms.iter().map(|(index, read)| {
            let literal = proc_macro2::Literal::usize_unsuffixed(*index);
            if alias == Some(*index) {
                let alias = proc_macro2::Literal::usize_unsuffixed(body_len);
                quote!(#literal | #alias => #read,)
            } else {
                quote!(#literal => #read,)
            }
        });
        quote! {
            while let ::std::option::Option::Some(key) = reader.next_key() {
                match key {
                    #(#arms)*
                    _ => reader.skip(),
                }
            }
        }
    };
    let construct = quote!(Self { #(#inits),* });
    // A required member is read like an optional one (`null` is absent), then checked: absent
    // is an error, unless client error correction gives it its zero value.
    let require = (!required.is_empty()).then(|| {
        let names = required.iter().map(|(m, _)| m);
        let checks = required.iter().map(|(m, key)| quote!((#m.is_none(), #key)));
        quote! {
            #(let #names = #names.flatten();)*
            reader.require(&[#(#checks),*])?;
        }
    });
    let finish = quote! {
        #require
        reader.finish(#construct)
    };
    quote! {
        impl ::servicemodel_runtime::structure::Structure for super::#name {
            const NAME: &'static str = #name_text;
            const KEYS: &'static [&'static str] = &[#(#keys),*];

            fn read<'de, M: ::serde::de::MapAccess<'de>>(
                mut reader: ::servicemodel_runtime::structure::Reader<'de, M>,
            ) -> ::std::result::Result<Self, M::Error> {
                #(#locals)*
                #read_loop
                #finish
            }
        }

        impl<'de> ::serde::Deserialize<'de> for super::#name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::servicemodel_runtime::structure::deserialize(deserializer)
            }
        }
    }
}

/// An enum for a union shape: a variant per member (boxed when it closes a cycle) and
/// `Unknown` for a member a newer service sends (kept with its value, and written back
/// unchanged); `#[non_exhaustive]`; `Debug` that redacts sensitive members. Its wire form, a
/// JSON object with exactly one member set (the runtime's `union` module), is
/// [`emit_union_wire`].
pub fn emit_union(service: &Service, shape: &Shape, structure: &Structure) -> TokenStream {
    let docs = doc_attrs(shape.documentation.as_deref());
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let name = ident(&shape.type_name);
    let unknown = ident(crate::naming::UNKNOWN_VARIANT);
    let unknown_text = crate::naming::UNKNOWN_VARIANT;
    let members = &structure.members;
    let definitions = members.iter().map(|member| {
        let docs = doc_attrs(member.documentation.as_deref());
        let deprecated = deprecated_attr(member.deprecated.as_ref());
        let variant = ident(&member.variant_name);
        let ty = super::member_value_type(service, member);
        quote! {
            #docs
            #deprecated
            #variant(#ty),
        }
    });
    let debug_arms = members.iter().map(|member| {
        let variant = ident(&member.variant_name);
        let text = bare(&member.variant_name);
        if super::is_sensitive(service, member.shape) {
            quote!(Self::#variant(_) => f.debug_tuple(#text).field(&::servicemodel_runtime::Redacted).finish(),)
        } else {
            quote!(Self::#variant(value) => f.debug_tuple(#text).field(value).finish(),)
        }
    });
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        // A union is as large as its largest member, like the structure it would otherwise
        // be; boxing members would make every union harder to build and match.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#definitions)*
            /// A member this version of the crate does not know, with its value; it serializes
            /// back unchanged.
            #unknown(::servicemodel_runtime::UnknownMember),
        }

        impl ::std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    Self::#unknown(member) => f.debug_tuple(#unknown_text).field(member).finish(),
                }
            }
        }
    }
}

/// The wire form of a union, for `wire.rs`: a JSON object with exactly one member set (the
/// runtime's `union` module). `zero` says whether a required member targets it: it then
/// implements the runtime's `Zero` as `Unknown` ([`emit_zero`]).
pub fn emit_union_wire(
    service: &Service,
    shape: &Shape,
    structure: &Structure,
    zero: bool,
) -> TokenStream {
    let name = ident(&shape.type_name);
    let name_text = bare(&shape.type_name);
    let unknown = ident(crate::naming::UNKNOWN_VARIANT);
    let members = &structure.members;
    let keys: Vec<&str> = members.iter().map(|m| m.wire_name.as_str()).collect();
    let write_arms = members.iter().map(|member| {
        let variant = ident(&member.variant_name);
        let key = &member.wire_name;
        match wire_format(service, member) {
            None => quote!(Self::#variant(value) => ::servicemodel_runtime::union::write(serializer, #key, value),),
            Some(format) => quote!(Self::#variant(value) => ::servicemodel_runtime::union::write_with(serializer, #key, value, #format),),
        }
    });
    // A union without members still reads (and refuses) any object.
    let unused = members.is_empty().then(|| quote!(let _ = map;));
    let zero = zero.then(|| emit_unknown_zero(&shape.type_name));
    let read_arms = members.iter().enumerate().map(|(index, member)| {
        let variant = ident(&member.variant_name);
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let read = match wire_format(service, member) {
            None => quote!(::servicemodel_runtime::union::read(map)?),
            Some(format) => quote!(::servicemodel_runtime::union::read_with(map, #format)?),
        };
        quote!(#index => #read.map(Self::#variant),)
    });
    quote! {
        impl ::serde::Serialize for super::#name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#write_arms)*
                    Self::#unknown(member) => ::servicemodel_runtime::union::write_unknown(serializer, member),
                }
            }
        }

        impl ::servicemodel_runtime::union::Union for super::#name {
            const NAME: &'static str = #name_text;
            const KEYS: &'static [&'static str] = &[#(#keys),*];

            fn read_member<'de, M: ::serde::de::MapAccess<'de>>(
                index: usize,
                map: &mut M,
            ) -> ::std::result::Result<::std::option::Option<Self>, M::Error> {
                #unused
                ::std::result::Result::Ok(match index {
                    #(#read_arms)*
                    _ => ::std::option::Option::None,
                })
            }

            #[inline]
            fn unknown(member: ::servicemodel_runtime::UnknownMember) -> Self {
                Self::#unknown(member)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for super::#name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::servicemodel_runtime::union::deserialize(deserializer)
            }
        }

        #zero
    }
}

/// A document shape: a name for the runtime's `Document` (any JSON value, carried as it is).
pub fn emit_document(shape: &Shape) -> TokenStream {
    let docs = doc_attrs(shape.documentation.as_deref());
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let name = ident(&shape.type_name);
    quote! {
        #docs
        #deprecated
        pub type #name = ::servicemodel_runtime::Document;
    }
}

/// An event stream's union: an enum of its events (a variant per event member, and `Unknown`
/// holding the message of an event type a newer service sends), and an enum of its modelled
/// exceptions (`<Union>Error`, a variant per error member), which ends a stream. Their
/// messages are [`emit_event_stream_wire`]'s.
pub fn emit_event_stream(service: &Service, shape: &Shape, structure: &Structure) -> TokenStream {
    let docs = doc_attrs(shape.documentation.as_deref());
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let name = ident(&shape.type_name);
    let (error_name, exceptions, events) = event_stream_parts(service, structure);
    // A member's variant, holding its structure.
    let variant = |member: &&Member| {
        let docs = doc_attrs(member.documentation.as_deref());
        let variant = ident(&member.variant_name);
        let ty = super::shape_type(service, member.shape);
        quote! {
            #docs
            #variant(#ty),
        }
    };
    let event_variants = events.iter().map(variant);
    let unknown = ident(crate::naming::UNKNOWN_VARIANT);
    let error_variants = exceptions.iter().map(variant);
    let display_arms = exceptions.iter().map(|member| {
        let variant = ident(&member.variant_name);
        quote!(Self::#variant(ref error) => ::std::fmt::Display::fmt(error, f),)
    });
    let error_doc = format!(
        " The exceptions of the event stream [`{}`]: a service sends one instead of an event, and the stream ends.",
        shape.type_name
    );
    quote! {
        #docs
        #deprecated
        // Events are read one at a time, not kept in collections: boxing the large ones would
        // only cost an allocation each.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#event_variants)*
            /// An event of a type this code does not know (a newer service's), as it came.
            #unknown(::servicemodel_runtime::eventstream::Message),
        }

        #[doc = #error_doc]
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #error_name {
            #(#error_variants)*
        }

        impl ::std::fmt::Display for #error_name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let _ = &f;
                match *self {
                    #(#display_arms)*
                }
            }
        }

        impl ::std::error::Error for #error_name {}
    }
}

/// An event stream's enum of exceptions, and its members: its exceptions (error structures)
/// and its events.
fn event_stream_parts<'s>(
    service: &Service,
    structure: &'s Structure,
) -> (Option<Ident>, Vec<&'s Member>, Vec<&'s Member>) {
    let error_name = structure
        .event_stream
        .as_ref()
        .map(|stream| ident(&stream.error_name));
    let (exceptions, events) = structure.members.iter().partition(|member| {
        matches!(&service[member.shape].kind, ShapeKind::Structure(s) if s.error.is_some())
    });
    (error_name, exceptions, events)
}

/// The runtime's `EventUnion` for an event stream's union: each event read from and written
/// to its message (its payload the event's JSON, or its `eventpayload` member; its
/// `eventheader` members the message's headers), each exception likewise.
pub fn emit_event_stream_wire(
    service: &Service,
    shape: &Shape,
    structure: &Structure,
) -> TokenStream {
    let es = quote!(::servicemodel_runtime::eventstream);
    let name = ident(&shape.type_name);
    let (error_name, exceptions, events) = event_stream_parts(service, structure);
    let unknown = ident(crate::naming::UNKNOWN_VARIANT);
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for member in &events {
        let variant = ident(&member.variant_name);
        let event_type = &member.wire_name;
        let event = match &service[member.shape].kind {
            ShapeKind::Structure(event) => event,
            _ => continue,
        };
        // The message of the payload, and whether making it can fail (JSON).
        let (read, message, fallible) = match event.payload_kind() {
            None => (
                quote!(#es::read_json_event(message)?),
                quote!(#es::json_event_message(#event_type, event)),
                true,
            ),
            Some((payload, kind)) => {
                let key = &payload.wire_name;
                let value = member_ref(payload);
                let (kind, message, fallible) = match kind {
                    crate::model::PayloadKind::Blob => (
                        quote!(Blob),
                        quote!(#es::blob_event_message(#event_type, #value)),
                        false,
                    ),
                    crate::model::PayloadKind::Text { .. } => (
                        quote!(Text),
                        quote!(#es::text_event_message(
                            #event_type,
                            #value.map(::std::convert::AsRef::<str>::as_ref),
                        )),
                        false,
                    ),
                    _ => (
                        quote!(Json),
                        quote!(#es::json_payload_event_message(#event_type, #value)),
                        true,
                    ),
                };
                (
                    quote!(#es::read_payload_event(message, #key, #es::EventPayload::#kind)?),
                    message,
                    fallible,
                )
            }
        };
        // The members in the message's headers, set on the event read from its payload, and
        // added to the message made of it.
        let headers: Vec<&Member> = event
            .members
            .iter()
            .filter(|m| matches!(m.binding, crate::model::Binding::EventHeader(_)))
            .collect();
        let (read, write) = if headers.is_empty() {
            let write = if fallible {
                message
            } else {
                quote!(::std::result::Result::Ok(#message))
            };
            (read, write)
        } else {
            let ty = super::shape_type(service, member.shape);
            let sets = headers.iter().map(|header| {
                let field = ident(&header.field_name);
                let key = &header.wire_name;
                if header.required {
                    quote!(event.#field = #es::read_required_header(message, #key)?;)
                } else {
                    quote!(event.#field = #es::read_header(message, #key)?;)
                }
            });
            let adds = headers.iter().map(|header| {
                let key = &header.wire_name;
                let value = member_ref(header);
                quote!(#es::event_header(#key, #value))
            });
            let message = if fallible { quote!(#message?) } else { message };
            (
                quote!({
                    let mut event: #ty = #read;
                    #(#sets)*
                    event
                }),
                quote!(::std::result::Result::Ok(#es::with_headers(#message, [#(#adds),*]))),
            )
        };
        reads.push(quote!(#event_type => Self::#variant(#read),));
        writes.push(quote!(Self::#variant(event) => #write,));
    }
    let exception_reads: Vec<TokenStream> = exceptions.iter().map(|member| {
        let variant = ident(&member.variant_name);
        let exception_type = &member.wire_name;
        quote!(#exception_type => ::std::option::Option::Some(super::#error_name::#variant(#es::read_json_event(message)?)),)
    }).collect();
    // A union without exceptions knows none.
    let from_exception = if exception_reads.is_empty() {
        quote! {
            let _ = (exception_type, message);
            ::std::result::Result::Ok(::std::option::Option::None)
        }
    } else {
        quote! {
            ::std::result::Result::Ok(match exception_type {
                #(#exception_reads)*
                _ => ::std::option::Option::None,
            })
        }
    };
    let exception_writes = exceptions.iter().map(|member| {
        let variant = ident(&member.variant_name);
        let exception_type = &member.wire_name;
        quote!(super::#error_name::#variant(ref error) => #es::json_exception_message(#exception_type, error),)
    });
    quote! {
        impl #es::EventUnion for super::#name {
            type Error = super::#error_name;

            fn from_event(
                event_type: &str,
                message: &#es::Message,
            ) -> ::std::result::Result<Self, #es::EventStreamError> {
                ::std::result::Result::Ok(match event_type {
                    #(#reads)*
                    _ => Self::#unknown(::std::clone::Clone::clone(message)),
                })
            }

            fn from_exception(
                exception_type: &str,
                message: &#es::Message,
            ) -> ::std::result::Result<::std::option::Option<Self::Error>, #es::EventStreamError> {
                #from_exception
            }

            fn to_message(&self) -> ::std::result::Result<#es::Message, #es::EventStreamError> {
                match self {
                    #(#writes)*
                    Self::#unknown(message) => ::std::result::Result::Ok(::std::clone::Clone::clone(message)),
                }
            }

            fn error_to_message(error: &Self::Error) -> ::std::result::Result<#es::Message, #es::EventStreamError> {
                match *error {
                    #(#exception_writes)*
                }
            }
        }
    }
}

/// The value of `event`'s member, as an `Option` of a reference.
fn member_ref(member: &Member) -> TokenStream {
    let field = ident(&member.field_name);
    if member.required {
        quote!(::std::option::Option::Some(&event.#field))
    } else {
        quote!(event.#field.as_ref())
    }
}
