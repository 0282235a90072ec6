//! The loader never panics: truncated texts and every single-value mutation of the good models
//! are either loaded or rejected with at least one fault, never an internal error.

use std::fs;
use std::path::Path;

use serde_json::Value;
use servicemodel_codegen::load_service;

const MODELS: [&str; 2] = [
    "tests/models/example-json/2020-01-01",
    "tests/models/example-rest/2021-02-03",
];

fn read(folder: &str, file: &str) -> Option<String> {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(folder)
            .join(file),
    )
    .ok()
}

fn check(service: &str, paginators: Option<&str>) {
    if let Err(errors) = load_service(service, paginators) {
        assert!(!errors.faults().is_empty());
        let text = errors.to_string();
        assert!(
            !text.contains("internal error"),
            "{text}\n--- model:\n{service}"
        );
    }
}

/// Every path to a value in `value`, outermost first.
fn paths(value: &Value, prefix: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                prefix.push(PathStep::Key(key.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(array) => {
            for (index, child) in array.iter().enumerate() {
                prefix.push(PathStep::Index(index));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Value, path: &[PathStep]) -> &'a mut Value {
    path.iter().fold(value, |value, step| match step {
        PathStep::Key(key) => &mut value[key.as_str()],
        PathStep::Index(index) => &mut value[*index],
    })
}

#[test]
fn truncated_texts_are_rejected_without_panic() {
    for folder in MODELS {
        let text = read(folder, "service-2.json").expect("model exists");
        // A cut that only leaves out the final newline leaves the whole model.
        let cuts: Vec<usize> = (0..text.len())
            .step_by(5)
            .filter(|&i| text.is_char_boundary(i) && !text[i..].trim().is_empty())
            .collect();
        for cut in cuts {
            let truncated = &text[..cut];
            let errors = load_service(truncated, None).expect_err("a truncated model is broken");
            assert!(errors.to_string().starts_with("malformed JSON"), "{errors}");
        }
    }
}

#[test]
fn every_single_value_mutation_is_handled() {
    let replacements = [
        Value::Null,
        Value::Bool(true),
        serde_json::json!(-1),
        serde_json::json!(1.5),
        serde_json::json!("PhoneNumbr"),
        serde_json::json!("/{x}"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!({"shape": "String"}),
    ];
    for folder in MODELS {
        for file in ["service-2.json", "paginators-1.json"] {
            let Some(text) = read(folder, file) else {
                continue;
            };
            let original: Value = serde_json::from_str(&text).expect("valid JSON");
            let mut all = Vec::new();
            paths(&original, &mut Vec::new(), &mut all);
            let service = read(folder, "service-2.json").expect("model exists");
            let paginators = read(folder, "paginators-1.json");
            for path in &all {
                for replacement in &replacements {
                    let mut mutated = original.clone();
                    *at(&mut mutated, path) = replacement.clone();
                    let mutated = mutated.to_string();
                    if file == "service-2.json" {
                        check(&mutated, paginators.as_deref());
                    } else {
                        check(&service, Some(&mutated));
                    }
                }
                // Remove the value (object keys only).
                if let Some((PathStep::Key(key), parent)) = path.split_last() {
                    let mut mutated = original.clone();
                    if let Value::Object(object) = at(&mut mutated, parent) {
                        object.shift_remove(key);
                    }
                    let mutated = mutated.to_string();
                    if file == "service-2.json" {
                        check(&mutated, paginators.as_deref());
                    } else {
                        check(&service, Some(&mutated));
                    }
                }
            }
        }
    }
}
