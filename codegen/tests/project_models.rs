//! The project's own models (the workspace's `model` folder) pass every check.

use std::path::Path;

use servicemodel_codegen::load_dir;
use servicemodel_codegen::model::Protocol;

#[test]
fn the_project_models_load() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model");
    if !root.is_dir() {
        eprintln!("no model folder beside the codegen crate; nothing to check");
        return;
    }
    let services = match load_dir(&root) {
        Ok(services) => services,
        Err(errors) => panic!("the project's models have faults:\n{errors}"),
    };
    assert!(!services.is_empty());
    for service in &services {
        assert!(
            !service.operations.is_empty(),
            "{}",
            service.metadata.service_id
        );
        if service.metadata.protocol.is_json_rpc() {
            assert!(service.metadata.target_prefix.is_some());
        } else {
            assert_eq!(service.metadata.protocol, Protocol::RestJson1);
        }
    }
}
