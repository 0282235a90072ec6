//! The model diff: golden reports (text and JSON) for a pair of small models that covers
//! every kind of change, the bump they call for, and versions.
//!
//! To accept a change of the reports: `UPDATE_GOLDEN=1 cargo test -p servicemodel-codegen --test diff`.

use std::path::{Path, PathBuf};

use servicemodel_codegen::diff::{self, Bump, Kind};

fn folder(side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(side)
}

/// Compares `actual` with the golden file `name` (or rewrites it with `UPDATE_GOLDEN=1`).
fn golden(name: &str, actual: &str) {
    let path = folder(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        expected == actual,
        "{} differs; run with UPDATE_GOLDEN=1 to accept:\n{actual}",
        path.display()
    );
}

fn diffs() -> Vec<diff::ServiceDiff> {
    let old = servicemodel_codegen::load_dir(&folder("old")).expect("the old model loads");
    let new = servicemodel_codegen::load_dir(&folder("new")).expect("the new model loads");
    diff::diff_models(&old, &new)
}

#[test]
fn the_reports_match_their_golden_files() {
    let diffs = diffs();
    golden("report.txt", &diff::render_text(&diffs));
    let json = serde_json::to_string_pretty(&diffs).expect("JSON") + "\n";
    golden("report.json", &json);
}

#[test]
fn every_kind_of_change_is_found() {
    let diffs = diffs();
    let kinds: std::collections::BTreeSet<Kind> = diffs
        .iter()
        .flat_map(|d| d.changes.iter().map(|c| c.kind))
        .collect();
    for kind in [
        Kind::ServiceAdded,
        Kind::ServiceRemoved,
        Kind::OperationAdded,
        Kind::OperationRemoved,
        Kind::MemberAdded,
        Kind::MemberRemoved,
        Kind::MemberRequired,
        Kind::MemberOptional,
        Kind::TypeChanged,
        Kind::EnumValueAdded,
        Kind::EnumValueRemoved,
        Kind::ConstraintTightened,
        Kind::ConstraintRelaxed,
        Kind::ErrorAdded,
        Kind::ErrorRemoved,
        Kind::PaginationAdded,
        Kind::PaginationRemoved,
        Kind::PaginationChanged,
        Kind::IdempotencyChanged,
    ] {
        assert!(kinds.contains(&kind), "no {kind:?} in the fixture's report");
    }
    let shop = diffs
        .iter()
        .find(|d| d.service == "exampleshop")
        .expect("the shop");
    assert_eq!(shop.documentation_changes, 2);
    let change = |target: &str| {
        shop.changes
            .iter()
            .find(|c| c.target == target)
            .unwrap_or_else(|| panic!("no change of {target}"))
    };
    // A new required input member breaks callers only; a new required output member
    // implementers only; a new operation nobody.
    let address = change("PlaceOrderRequest.Address");
    assert!(address.caller.breaking && !address.implementer.breaking);
    let receipt = change("PlaceOrderResult.Receipt");
    assert!(!receipt.caller.breaking && receipt.implementer.breaking);
    let added = change("ReturnOrder");
    assert!(!added.caller.breaking && !added.implementer.breaking);
    // A tightened input constraint breaks callers; a relaxed one nobody.
    let name = change("ItemName");
    assert!(name.caller.breaking && !name.implementer.breaking);
    let quantity = change("Quantity");
    assert_eq!(quantity.kind, Kind::ConstraintRelaxed);
    assert!(!quantity.caller.breaking && !quantity.implementer.breaking);
    assert_eq!(diff::bump(&diffs), Bump::Major);
}

#[test]
fn a_model_against_itself_has_no_changes() {
    let old = servicemodel_codegen::load_dir(&folder("old")).expect("loads");
    let diffs = diff::diff_models(&old, &old);
    assert!(diffs
        .iter()
        .all(|d| d.changes.is_empty() && d.documentation_changes == 0));
    assert_eq!(diff::bump(&diffs), Bump::None);
    assert!(diff::render_text(&diffs).contains("exampleshop: no changes"));
}

#[test]
fn versions_move_as_cargo_reads_them() {
    for (current, bump, next) in [
        ("0.1.0", Bump::Major, "0.2.0"),
        ("0.1.3", Bump::Minor, "0.1.4"),
        ("0.1.3", Bump::Patch, "0.1.4"),
        ("1.4.2", Bump::Major, "2.0.0"),
        ("1.4.2", Bump::Minor, "1.5.0"),
        ("1.4.2", Bump::Patch, "1.4.3"),
        ("1.4.2", Bump::None, "1.4.2"),
    ] {
        assert_eq!(
            diff::next_version(current, bump).as_deref(),
            Ok(next),
            "{current} {bump:?}"
        );
    }
    for bad in ["1.2", "one.two.three", "1.2.3-beta"] {
        let error = diff::next_version(bad, Bump::Minor).expect_err(bad);
        assert!(error.contains(bad), "{error}");
    }
}

/// The newest version folder of botocore's `pinpoint-sms-voice-v2`, from the source
/// distribution `cargo xtask conformance` downloads into the workspace's
/// `target/conformance/` (there whatever `CARGO_TARGET_DIR` says).
fn official_v2() -> Option<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()?
        .to_path_buf();
    let target = workspace.join("target");
    let mut distributions: Vec<PathBuf> = std::fs::read_dir(target.join("conformance"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("botocore-"))
        })
        .collect();
    distributions.sort();
    let service = distributions
        .pop()?
        .join("botocore/data/pinpoint-sms-voice-v2");
    let mut versions: Vec<PathBuf> = std::fs::read_dir(service)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    versions.sort();
    versions.pop()
}

/// The shipped v2 model against botocore's newest: the report names every operation the
/// official model has and ours does not, as the official model's own list says. Skipped
/// without the download, unless `REQUIRE_BOTOCORE` is set (as `.ci/run` does after
/// `cargo xtask conformance` downloaded it).
#[test]
fn the_shipped_v2_model_against_the_official_one_names_the_missing_operations() {
    let Some(official_dir) = official_v2() else {
        assert!(
            std::env::var_os("REQUIRE_BOTOCORE").is_none(),
            "botocore's source distribution is not in the target folder: run `cargo xtask conformance` first"
        );
        eprintln!("skipped: run `cargo xtask conformance` to download botocore");
        return;
    };
    let ours_dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/pinpoint-sms-voice-v2/2022-03-31");
    let ours = servicemodel_codegen::load_folder(&ours_dir).expect("the shipped model loads");
    let official =
        servicemodel_codegen::load_folder(&official_dir).expect("the official model loads");
    let report = diff::diff(&ours, &official);

    // The official model's own list of operations, read from its file.
    let text = std::fs::read_to_string(official_dir.join("service-2.json")).expect("read");
    let raw: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let official_ops: std::collections::BTreeSet<String> = raw["operations"]
        .as_object()
        .expect("operations")
        .keys()
        .cloned()
        .collect();
    let ours_ops: std::collections::BTreeSet<String> = ours.operations.keys().cloned().collect();
    let missing: std::collections::BTreeSet<String> =
        official_ops.difference(&ours_ops).cloned().collect();
    let extra: std::collections::BTreeSet<String> =
        ours_ops.difference(&official_ops).cloned().collect();
    let named = |kind: Kind| -> std::collections::BTreeSet<String> {
        report
            .changes
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.target.clone())
            .collect()
    };
    assert!(
        !missing.is_empty(),
        "the official model has grown past ours"
    );
    assert_eq!(named(Kind::OperationAdded), missing);
    assert_eq!(named(Kind::OperationRemoved), extra);
    let text = diff::render_text(std::slice::from_ref(&report));
    for operation in &missing {
        assert!(
            text.contains(&format!("    {operation}: added")),
            "{operation} not in:\n{text}"
        );
    }
}
