//! The generator as a library: the runtime dependency forms of a generated crate's manifest,
//! the single file for `build.rs`, and `Generator` writing a crate outside any workspace.

use std::path::PathBuf;

use servicemodel_codegen::emit::single::{generate_module_file, Parts};
use servicemodel_codegen::emit::{generate_crate, CrateOptions};
use servicemodel_codegen::{Generator, RuntimeDependency, RUNTIME_VERSION};

fn models() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../model")
}

fn manifest(runtime: RuntimeDependency) -> String {
    let services = Generator::new(models())
        .services(["pinpoint-sms-voice"])
        .load()
        .expect("the shipped model loads");
    let options = CrateOptions {
        package: "sms".to_owned(),
        lib: None,
        description: "d".to_owned(),
        version: "0.1.0".to_owned(),
        runtime,
    };
    generate_crate(&services, &options)["Cargo.toml"].clone()
}

#[test]
fn the_runtime_is_named_by_version_path_or_git_and_the_manifest_stands_alone() {
    let by_version = manifest(RuntimeDependency::current_version());
    assert!(by_version.contains(&format!(
        "servicemodel-runtime = {{ version = \"{RUNTIME_VERSION}\" }}\n"
    )));
    assert!(by_version.contains(&format!(
        "servicemodel-runtime-client = {{ version = \"{RUNTIME_VERSION}\", optional = true, default-features = false }}\n"
    )));
    assert!(by_version.contains(&format!(
        "servicemodel-runtime-server = {{ version = \"{RUNTIME_VERSION}\", optional = true }}\n"
    )));
    assert!(by_version.contains("serde = { version = \"1\", features = [\"derive\"] }\n"));
    assert!(by_version.contains("edition = \"2021\"\n"));
    for form in [
        RuntimeDependency::current_version(),
        RuntimeDependency::Path("/opt/servicemodel".to_owned()),
        RuntimeDependency::Git {
            url: "https://example.com/servicemodel.git".to_owned(),
            rev: Some("v0.1.0".to_owned()),
        },
    ] {
        let text = manifest(form);
        assert!(
            !text.contains("workspace"),
            "a standalone manifest inherits nothing:\n{text}"
        );
    }
    let by_path = manifest(RuntimeDependency::Path("/opt/servicemodel/".to_owned()));
    assert!(by_path.contains(
        "servicemodel-runtime-server = { path = \"/opt/servicemodel/runtime-server\", optional = true }\n"
    ));
    let by_git =
        manifest(RuntimeDependency::parse("git=https://example.com/r.git#abc123").unwrap());
    assert!(by_git.contains(
        "servicemodel-runtime = { git = \"https://example.com/r.git\", rev = \"abc123\" }\n"
    ));
    let by_branch = manifest(RuntimeDependency::parse("git=https://example.com/r.git").unwrap());
    assert!(by_branch.contains("servicemodel-runtime = { git = \"https://example.com/r.git\" }\n"));
    let in_workspace = manifest(RuntimeDependency::Workspace);
    assert!(in_workspace.contains("servicemodel-runtime = { workspace = true }\n"));
    assert!(in_workspace.contains("edition.workspace = true\n"));
}

#[test]
fn runtime_forms_are_read_from_the_command_line_with_clear_errors() {
    assert_eq!(
        RuntimeDependency::parse("version").unwrap(),
        RuntimeDependency::current_version()
    );
    assert_eq!(
        RuntimeDependency::parse("version=0.2").unwrap(),
        RuntimeDependency::Version("0.2".to_owned())
    );
    assert_eq!(
        RuntimeDependency::parse("path=../sm").unwrap(),
        RuntimeDependency::Path("../sm".to_owned())
    );
    for (bad, says) in [
        ("path=", "`path=` needs a value"),
        ("git=#rev", "is not `git=URL#REV`"),
        ("git=url#", "is not `git=URL#REV`"),
        ("crates.io", "unknown runtime dependency `crates.io`"),
    ] {
        let error = RuntimeDependency::parse(bad).unwrap_err();
        assert!(error.contains(says), "{bad}: {error}");
    }
}

#[test]
fn a_relative_runtime_path_is_written_relative_to_the_crate() {
    let out = std::env::temp_dir().join(format!("servicemodel-gen-{}", std::process::id()));
    let runtime = std::env::temp_dir().join(format!("servicemodel-rt-{}", std::process::id()));
    std::fs::create_dir_all(&runtime).unwrap();
    let here = std::env::current_dir().unwrap();
    let relative = pathdiff(&here, &runtime);
    let options = Generator::new(models())
        .runtime(RuntimeDependency::Path(relative))
        .crate_options(&out)
        .unwrap();
    assert_eq!(
        options.runtime,
        RuntimeDependency::Path(format!(
            "../{}",
            runtime.file_name().unwrap().to_str().unwrap()
        ))
    );
    std::fs::remove_dir_all(&runtime).unwrap();
}

/// `to` relative to `from`, both absolute.
fn pathdiff(from: &std::path::Path, to: &std::path::Path) -> String {
    servicemodel_codegen::generator::relative_path(from, to).unwrap()
}

#[test]
fn the_single_file_has_the_parts_asked_for_and_no_inner_attribute_at_its_top() {
    let services = Generator::new(models()).load().expect("the models load");
    let client_only = generate_module_file(
        &services,
        Parts {
            client: true,
            server: false,
        },
    );
    let top: Vec<&str> = client_only
        .lines()
        .filter(|line| !line.starts_with(' ') && !line.is_empty())
        .collect();
    assert!(
        top.iter()
            .all(|line| !line.starts_with("#!") && !line.starts_with("//!")),
        "include! refuses inner attributes at the top: {top:?}"
    );
    assert!(top.contains(&"pub mod pinpointsmsvoice {"), "{top:?}");
    assert!(top.contains(&"pub mod pinpointsmsvoicev2 {"), "{top:?}");
    assert!(client_only.contains("    pub mod client {"));
    assert!(client_only.contains("    pub use self::client::Client;"));
    assert!(!client_only.contains("pub mod server {"));
    assert!(
        !client_only.contains("cfg(feature"),
        "no features in the single file"
    );
    let server_only = generate_module_file(
        &services,
        Parts {
            client: false,
            server: true,
        },
    );
    assert!(server_only.contains("    pub mod server {"));
    assert!(!server_only.contains("pub mod client {"));
    assert!(!server_only.contains("::servicemodel_runtime_client::"));
    // It parses as the body of a module.
    syn::parse_file(&server_only).expect("valid Rust");
}

#[test]
fn write_crate_generates_a_crate_and_check_crate_sees_it_fresh() {
    let out = std::env::temp_dir().join(format!("servicemodel-crate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let generator = Generator::new(models())
        .services(["pinpoint-sms-voice"])
        .package("my-sms");
    let report = generator.write_crate(&out).unwrap();
    assert!(report.changed.contains(&"Cargo.toml".to_owned()));
    assert!(report.changed.contains(&"src/lib.rs".to_owned()));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-sms\"\n"));
    assert!(generator.check_crate(&out).unwrap().is_clean());
    std::fs::write(out.join("src/lib.rs"), "// edited\n").unwrap();
    assert_eq!(generator.check_crate(&out).unwrap().changed, ["src/lib.rs"]);
    std::fs::remove_dir_all(&out).unwrap();
}
