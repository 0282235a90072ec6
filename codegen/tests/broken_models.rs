//! Every model under `tests/broken/` is rejected with exactly the faults in its `.expected` file.
//!
//! Each `NAME.json` is a small model with one kind of fault (`several-faults.json` has many);
//! `NAME.paginators.json`, when present, is loaded as its `paginators-1.json`; `NAME.expected`
//! holds the expected message, one fault per line. To rewrite the `.expected` files from what
//! the loader says now, run with `BROKEN_MODELS=overwrite` and review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use servicemodel_codegen::{load_dir, load_service};

fn broken_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

/// The broken models' paths, sorted.
fn models() -> Vec<PathBuf> {
    let mut models: Vec<PathBuf> = fs::read_dir(broken_dir())
        .expect("tests/broken exists")
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            name.ends_with(".json") && !name.ends_with(".paginators.json")
        })
        .collect();
    models.sort();
    models
}

fn messages(model: &Path) -> String {
    let text = fs::read_to_string(model).expect("model is readable");
    let paginators = fs::read_to_string(model.with_extension("paginators.json")).ok();
    match load_service(&text, paginators.as_deref()) {
        Ok(_) => panic!("{} loaded, but it is broken", model.display()),
        Err(errors) => format!("{errors}\n"),
    }
}

#[test]
fn every_broken_model_reports_exactly_its_faults() {
    let models = models();
    assert!(models.len() >= 25, "only {} broken models", models.len());
    let overwrite = std::env::var("BROKEN_MODELS").as_deref() == Ok("overwrite");
    let mut mismatches = Vec::new();
    for model in &models {
        let actual = messages(model);
        let expected_path = model.with_extension("expected");
        if overwrite {
            fs::write(&expected_path, &actual).expect("can write .expected");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            mismatches.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                model.display()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} broken models differ (BROKEN_MODELS=overwrite rewrites them):\n\n{}",
        mismatches.len(),
        models.len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_expected_file_has_a_model() {
    for entry in fs::read_dir(broken_dir()).expect("tests/broken exists") {
        let path = entry.expect("a readable folder entry").path();
        if path.extension().is_some_and(|e| e == "expected") {
            assert!(
                path.with_extension("json").exists(),
                "{} has no model",
                path.display()
            );
        }
    }
}

#[test]
fn the_example_message_reads_as_documented() {
    let model = broken_dir().join("unknown-shape.json");
    assert_eq!(
        messages(&model),
        "shapes.SendTextMessageRequest.members.DestinationPhoneNumber.shape: unknown shape \"PhoneNumbr\"\n"
    );
}

#[test]
fn several_faults_are_reported_at_once_and_sorted() {
    let text = fs::read_to_string(broken_dir().join("several-faults.json")).expect("readable");
    let errors = load_service(&text, None).expect_err("broken");
    assert!(errors.faults().len() >= 5, "{errors}");
    let mut sorted = errors.faults().to_vec();
    sorted.sort();
    assert_eq!(errors.faults(), sorted.as_slice());
    assert_eq!(errors.lines().len(), errors.faults().len());
}

#[test]
fn load_dir_prefixes_faults_with_the_file() {
    let root = std::env::temp_dir().join(format!("codegen-broken-dir-{}", std::process::id()));
    let folder = root.join("example").join("2020-01-01");
    fs::create_dir_all(&folder).expect("can create a temporary folder");
    let model =
        fs::read_to_string(broken_dir().join("paginator-unknown-names.json")).expect("readable");
    fs::write(folder.join("service-2.json"), model).expect("can write");
    fs::write(
        folder.join("paginators-1.json"),
        fs::read_to_string(broken_dir().join("paginator-unknown-names.paginators.json"))
            .expect("readable"),
    )
    .expect("can write");
    fs::create_dir_all(root.join("empty").join("2020-02-02")).expect("can create");
    let result = load_dir(&root);
    fs::remove_dir_all(&root).expect("can clean up");
    let errors = result.expect_err("broken");
    let paginators = folder.join("paginators-1.json");
    let empty = root.join("empty").join("2020-02-02");
    assert_eq!(
        errors.lines(),
        [
            format!("{}: no service-2.json in this folder", empty.display()),
            format!(
                "{}: pagination.ListThings.input_token: \"NextTokn\" is not a member of \"ListThingsRequest\"",
                paginators.display()
            ),
            format!(
                "{}: pagination.ListThings.result_key: \"Items\" is not a member of \"ListThingsResult\"",
                paginators.display()
            ),
            format!(
                "{}: pagination.ListWidgets: unknown operation \"ListWidgets\"",
                paginators.display()
            ),
        ]
    );
}

#[test]
fn load_dir_reports_a_folder_version_that_differs_from_api_version() {
    let root = std::env::temp_dir().join(format!("codegen-version-dir-{}", std::process::id()));
    let folder = root.join("example-rest").join("2099-01-01");
    fs::create_dir_all(&folder).expect("can create a temporary folder");
    let good = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/models/example-rest/2021-02-03/service-2.json");
    fs::copy(good, folder.join("service-2.json")).expect("can copy");
    let result = load_dir(&root);
    fs::remove_dir_all(&root).expect("can clean up");
    let errors = result.expect_err("the folder's version differs");
    assert_eq!(
        errors.lines(),
        [format!(
            "{}: metadata.apiVersion: \"2021-02-03\" differs from the folder name \"2099-01-01\"",
            folder.join("service-2.json").display()
        )]
    );
}

#[test]
fn load_dir_on_an_empty_folder_finds_nothing() {
    let root = std::env::temp_dir().join(format!("codegen-empty-dir-{}", std::process::id()));
    fs::create_dir_all(&root).expect("can create a temporary folder");
    let result = load_dir(&root);
    fs::remove_dir_all(&root).expect("can clean up");
    let errors = result.expect_err("nothing to load");
    assert_eq!(
        errors.lines(),
        [format!(
            "{}: no service models found (expected <service>/<version>/service-2.json)",
            root.display()
        )]
    );
}
