//! The models an answer of the emulator is checked against (with `servicemodel_codegen::check`): the
//! shipped ones under `model/`, and botocore's models of the same services when
//! `cargo xtask corpus` (or `answers --official`) has extracted them into
//! `target/conformance/botocore-*/botocore/data`. botocore's are the official models, so they
//! hold the emulator to what the service answers where the reference docs are silent (an
//! enum the docs give as a plain string). With `REQUIRE_BOTOCORE` set (as `.ci/run` sets it)
//! a missing download is an error rather than a skip.
//!
//! Shared by the emulator's tests and the official-SDK test crate (`emulator/sdk-tests`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use servicemodel_codegen::check::Checker;
use servicemodel_codegen::Service;

/// A model an answer is checked against, and where it came from.
pub struct Model {
    /// botocore's model rather than the shipped one.
    pub official: bool,
    pub checker: Checker<'static>,
}

impl Model {
    /// `the shipped model` or `botocore's model`, for messages.
    pub fn origin(&self) -> &'static str {
        if self.official {
            "botocore's model"
        } else {
            "the shipped model"
        }
    }
}

/// The project's root.
fn root() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    while !dir.join("model").is_dir() {
        assert!(dir.pop(), "no model/ above {}", env!("CARGO_MANIFEST_DIR"));
    }
    dir
}

/// botocore's newest model of each service under `model/`, if the download is there.
fn official(root: &Path, shipped: &[Service]) -> Vec<Service> {
    let conformance = root.join("target/conformance");
    let data = std::fs::read_dir(&conformance)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("botocore/data"))
        .find(|data| {
            data.is_dir()
                && data.parent().and_then(Path::parent).is_some_and(|dir| {
                    dir.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("botocore-"))
                })
        });
    let Some(data) = data else {
        assert!(
            std::env::var_os("REQUIRE_BOTOCORE").is_none(),
            "REQUIRE_BOTOCORE is set but botocore's models are not in {}: run `cargo xtask corpus`",
            conformance.display()
        );
        return Vec::new();
    };
    shipped
        .iter()
        .map(|service| {
            servicemodel_codegen::load_newest_like(&data, service).unwrap_or_else(|e| {
                panic!("botocore's model of {}: {e}", service.metadata.service_id)
            })
        })
        .collect()
}

/// Every model to check answers against, loaded once per process.
pub fn models() -> &'static [Model] {
    static SERVICES: OnceLock<(Vec<Service>, Vec<Service>)> = OnceLock::new();
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    MODELS.get_or_init(|| {
        let (shipped, official) = SERVICES.get_or_init(|| {
            let root = root();
            let shipped = servicemodel_codegen::load_dir(&root.join("model"))
                .expect("the shipped models load");
            let official = official(&root, &shipped);
            (shipped, official)
        });
        let shipped = shipped.iter().map(|s| Model {
            official: false,
            checker: Checker::new(s),
        });
        let official = official.iter().map(|s| Model {
            official: true,
            checker: Checker::new(s),
        });
        shipped.chain(official).collect()
    })
}

/// What every model finds wrong with an answer of `operation` of the service `service_id`
/// (an output for a 2xx `status`, else the error `error`): one line per finding, naming the
/// model. Empty when the answer is one every model allows.
pub fn findings(
    service_id: &str,
    operation: &str,
    status: u16,
    error: Option<&str>,
    body: &[u8],
) -> Vec<String> {
    let mut lines = Vec::new();
    for model in models() {
        let checker = &model.checker;
        if checker.service().metadata.service_id != service_id {
            continue;
        }
        let Some(operation) = checker.service().operations.get(operation) else {
            lines.push(format!("{}: no operation {operation}", model.origin()));
            continue;
        };
        let found = checker.check_answer(operation, status, error, body);
        lines.extend(found.iter().map(|f| format!("{}: {f}", model.origin())));
    }
    lines
}

/// The service and operation a request calls, by the shipped models.
pub fn operation_for(method: &str, path: &str, target: Option<&str>) -> Option<(String, String)> {
    models().iter().filter(|m| !m.official).find_map(|model| {
        let operation = model.checker.operation_for(method, path, target)?;
        Some((
            model.checker.service().metadata.service_id.clone(),
            operation.name.clone(),
        ))
    })
}
