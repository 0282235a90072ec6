//! Generates the servers of the services under test into `$OUT_DIR/services.rs`, from
//! botocore's models in the folder `BOTOCORE_DATA` names (`<botocore>/botocore/data`), and
//! into `$OUT_DIR/echo.rs` for each service: an implementation of its server trait that answers
//! every operation with the error `EchoInput` whose message is the decoded input as JSON
//! (member names as keys: what boto3 takes as parameters), the `Dump` that writes it, and a
//! function that serves it on a port of 127.0.0.1.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use servicemodel_codegen::emit::symbols;
use servicemodel_codegen::model::{ShapeKind, Structure};
use servicemodel_codegen::naming::{UNHANDLED_VARIANT, UNKNOWN_VARIANT};
use servicemodel_codegen::{Generator, Service};

/// botocore's folder names of the services under test: each of the three protocols, header
/// lists and maps, query lists and maps, timestamps in every format in labels, queries and
/// headers, blob and structure payloads, unions, documents, recursive shapes, and an event
/// stream (Bedrock Runtime's `ConverseStream`, which `main.rs` also serves with a
/// conversation).
const SERVICES: [&str; 13] = [
    "appconfig",
    "groundstation",
    "dataexchange",
    "iot-data",
    "entityresolution",
    "ecs",
    "dynamodb",
    "apigateway",
    "efs",
    "scheduler",
    "sqs",
    "mediaconvert",
    "bedrock-runtime",
];

/// Services generated for `main.rs` alone, not served as echoes: Kinesis, whose `SubscribeToShard`
/// it serves with scripted events (boto3 sends Kinesis' other calls, whose endpoint rules read
/// the ARNs they are given, to the account's own endpoint rather than the one configured).
const SCRIPTED: [&str; 1] = ["kinesis"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-env-changed=BOTOCORE_DATA");
    let Some(data) = std::env::var_os("BOTOCORE_DATA") else {
        return Err(
            "BOTOCORE_DATA is not set: name botocore's data folder (`cargo xtask conformance` \
             downloads it to target/conformance/botocore-<version>/botocore/data)"
                .into(),
        );
    };
    let generator = Generator::new(data)
        .services(SERVICES.iter().chain(&SCRIPTED).copied())
        .client(false)
        .server(true);
    generator.build_rs("services.rs")?;
    let services = generator.load()?;
    let mut items = Vec::new();
    let mut serves = Vec::new();
    for (folder, service) in SERVICES.iter().zip(&services) {
        items.push(emit_echo(service));
        let module = format_ident!("{}", service.module_name);
        let echo = echo_name(service);
        let signing_name = &service.metadata.signing_name;
        serves.push(quote! {
            {
                let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                ports.push((#folder, listener.local_addr()?.port()));
                let router = crate::#module::server::router(#echo)
                    .authenticator(
                        ::servicemodel_runtime_server::SigV4Authenticator::new(#signing_name)
                            .with_key(crate::ACCESS_KEY, crate::SECRET_KEY),
                    )
                    .build();
                ::tokio::spawn(::servicemodel_runtime_server::serve_with_shutdown(
                    listener,
                    router,
                    ::std::future::pending::<()>(),
                ));
            }
        });
    }
    let tokens = quote! {
        #(#items)*

        /// Serves every service on a port of its own; botocore's folder name and port of each.
        pub async fn serve_all() -> ::std::io::Result<::std::vec::Vec<(&'static str, u16)>> {
            let mut ports = ::std::vec::Vec::new();
            #(#serves)*
            ::std::result::Result::Ok(ports)
        }
    };
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    // Included into a module, where an inner attribute may not be.
    let text = servicemodel_codegen::emit::render(tokens).replacen(
        servicemodel_codegen::emit::NO_RUSTFMT,
        "",
        1,
    );
    std::fs::write(out.join("echo.rs"), text)?;
    Ok(())
}

fn echo_name(service: &Service) -> proc_macro2::Ident {
    format_ident!("Echo{}", service.type_name.trim_start_matches("r#"))
}

/// The echo server of one service and `Dump` for each of its structures and enums.
fn emit_echo(service: &Service) -> TokenStream {
    let module_ident = format_ident!("{}", service.module_name);
    let module = quote!(crate::#module_ident);
    let echo = echo_name(service);
    let api = symbols::server_trait(service, &module);
    let unhandled = format_ident!("{}", UNHANDLED_VARIANT);
    let methods = service.operations.values().map(|op| {
        let method = symbols::method_name(op);
        let input = symbols::server_input_type(service, op, &module);
        let output = symbols::output_type(service, op, &module);
        let error = symbols::error_type(op, &module);
        quote! {
            async fn #method(
                &self,
                _context: ::servicemodel_runtime_server::RequestContext,
                input: #input,
            ) -> ::std::result::Result<#output, #error> {
                ::std::result::Result::Err(#error::#unhandled(crate::echo(&input)))
            }
        }
    });
    let dumps = service.shapes.iter().filter_map(|(id, shape)| {
        let ty = symbols::shape_type(service, id, &module);
        match &shape.kind {
            ShapeKind::Structure(structure) if structure.document => None,
            // An event stream is never echoed (nor the stream of a structure below).
            ShapeKind::Structure(structure) if structure.event_stream.is_some() => None,
            ShapeKind::Structure(structure) if structure.union => Some(dump_union(&ty, structure)),
            ShapeKind::Structure(structure) => Some(dump_structure(&ty, structure)),
            ShapeKind::String(string) if string.enum_values.is_some() => Some(quote! {
                impl crate::dump::Dump for #ty {
                    fn dump(&self) -> ::serde_json::Value {
                        ::serde_json::Value::String(self.as_str().to_owned())
                    }
                }
            }),
            _ => None,
        }
    });
    quote! {
        pub struct #echo;

        impl #api for #echo {
            #(#methods)*
        }

        #(#dumps)*
    }
}

fn dump_structure(ty: &TokenStream, structure: &Structure) -> TokenStream {
    let inserts = structure
        .members
        .iter()
        .filter(|m| !m.is_stream())
        .map(|member| {
            let name = &member.name;
            let field = format_ident!("{}", member.field_name);
            quote!(object.insert(#name.to_owned(), crate::dump::Dump::dump(&self.#field));)
        });
    quote! {
        impl crate::dump::Dump for #ty {
            fn dump(&self) -> ::serde_json::Value {
                #[allow(unused_mut)]
                let mut object = ::serde_json::Map::new();
                #(#inserts)*
                ::serde_json::Value::Object(object)
            }
        }
    }
}

fn dump_union(ty: &TokenStream, structure: &Structure) -> TokenStream {
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let arms = structure.members.iter().map(|member| {
        let name = &member.name;
        let variant = format_ident!("{}", member.variant_name);
        quote! {
            Self::#variant(value) => {
                object.insert(#name.to_owned(), crate::dump::Dump::dump(value));
            }
        }
    });
    quote! {
        impl crate::dump::Dump for #ty {
            fn dump(&self) -> ::serde_json::Value {
                let mut object = ::serde_json::Map::new();
                #[allow(unreachable_patterns)]
                match self {
                    #(#arms)*
                    Self::#unknown(member) => {
                        object.insert("$unknown".to_owned(), ::serde_json::Value::String(member.name().to_owned()));
                    }
                    _ => {}
                }
                ::serde_json::Value::Object(object)
            }
        }
    }
}
