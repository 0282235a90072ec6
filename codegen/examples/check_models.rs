//! Loads every model under a folder and prints a summary or every fault.
//!
//! `cargo run -p servicemodel-codegen --example check_models -- model`

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "model".to_owned()),
    );
    match servicemodel_codegen::load_dir(&root) {
        Ok(services) => {
            for service in services {
                let boxed = service
                    .shapes
                    .values()
                    .filter_map(|shape| match &shape.kind {
                        servicemodel_codegen::model::ShapeKind::Structure(s) => Some(s),
                        _ => None,
                    })
                    .flat_map(|s| &s.members)
                    .filter(|m| m.boxed)
                    .count();
                println!(
                    "{}: {:?}, {} operations, {} shapes, {} paginated, {} boxed members",
                    service.metadata.service_id,
                    service.metadata.protocol,
                    service.operations.len(),
                    service.shapes.len(),
                    service
                        .operations
                        .values()
                        .filter(|o| o.paginator.is_some())
                        .count(),
                    boxed,
                );
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!("{} faults", errors.faults().len());
            ExitCode::FAILURE
        }
    }
}
