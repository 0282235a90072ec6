//! `cargo xtask answers FILE`: checks answers a server gave, recorded one per line, against
//! the service models (with [`codegen::check`]): each output and each error the model defines
//! must hold only values the model allows.
//!
//! A line is a JSON object:
//! `{"service": "Pinpoint SMS Voice V2", "operation": "DescribePools", "status": 200,
//! "error": null, "body": "{...}"}`: the model's `serviceId`, the operation's name, the HTTP
//! status, the error code the answer carried (`X-Amzn-ErrorType`, or `null`) and the body as
//! text. The emulator's scenario writes such a file of every answer boto3 got.

use std::path::Path;

use anyhow::{bail, Context as _, Result};
use codegen::check::Checker;
use serde::Deserialize;

/// One recorded answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    service: String,
    operation: String,
    status: u16,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    body: String,
}

/// What the check found: how many answers, and each finding as a line to print.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Answers checked.
    pub answers: usize,
    /// Answers with at least one finding.
    pub refused: usize,
    /// `line N: <service> <operation> (<status>): <finding>`.
    pub findings: Vec<String>,
}

/// Checks every answer in `text` (JSON Lines) against the models in `models`.
pub fn check(models: &[codegen::Service], text: &str) -> Result<Report> {
    let checkers: Vec<Checker<'_>> = models.iter().map(Checker::new).collect();
    let mut report = Report::default();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let answer: Answer = serde_json::from_str(line)
            .with_context(|| format!("line {number} is not a recorded answer"))?;
        let Some(checker) = checkers
            .iter()
            .find(|c| c.service().metadata.service_id == answer.service)
        else {
            bail!(
                "line {number}: no model has the serviceId {:?}",
                answer.service
            );
        };
        let Some(operation) = checker.service().operations.get(&answer.operation) else {
            bail!(
                "line {number}: {} has no operation {:?}",
                answer.service,
                answer.operation
            );
        };
        let findings = if (200..300).contains(&answer.status) {
            checker.check_output(operation, answer.body.as_bytes())
        } else {
            checker.check_error(
                answer.error.as_deref().unwrap_or(""),
                answer.body.as_bytes(),
            )
        };
        report.answers += 1;
        if !findings.is_empty() {
            report.refused += 1;
        }
        for finding in findings {
            report.findings.push(format!(
                "line {number}: {} {} ({}): {finding}",
                answer.service, answer.operation, answer.status
            ));
        }
    }
    Ok(report)
}

/// The command: loads the models, checks the file, prints each finding and the summary line
/// `answers: N checked, M not allowed by the model`. `Ok(false)` when any answer was refused.
pub fn run(models: &Path, file: &Path) -> Result<bool> {
    let services = codegen::load_dir(models)
        .map_err(|errors| anyhow::anyhow!("{errors}"))
        .with_context(|| format!("loading the models in {}", models.display()))?;
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("reading the answers in {}", file.display()))?;
    let report = check(&services, &text).with_context(|| file.display().to_string())?;
    for finding in &report.findings {
        println!("{finding}");
    }
    println!(
        "answers: {} checked, {} not allowed by the model",
        report.answers, report.refused
    );
    if report.answers == 0 {
        bail!("{} holds no answers", file.display());
    }
    Ok(report.refused == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models() -> Vec<codegen::Service> {
        codegen::load_dir(&crate::root().join("model")).expect("the shipped models load")
    }

    #[test]
    fn good_and_bad_answers() {
        let text = [
            r#"{"service": "Pinpoint SMS Voice V2", "operation": "DescribeOptOutLists", "status": 200, "error": null, "body": "{\"OptOutLists\": []}"}"#,
            r#"{"service": "Pinpoint SMS Voice V2", "operation": "DescribeProtectConfigurations", "status": 200, "error": null, "body": "{\"ProtectConfigurations\": []}"}"#,
            "",
            r#"{"service": "Pinpoint SMS Voice V2", "operation": "CreatePool", "status": 400, "error": "ValidationException", "body": "{\"__type\": \"ValidationException\", \"Reason\": \"X\", \"Bogus\": 1}"}"#,
            r#"{"service": "Pinpoint SMS Voice", "operation": "ListConfigurationSets", "status": 200, "body": "{\"ConfigurationSets\": [\"a\"]}"}"#,
        ]
        .join("\n");
        let report = check(&models(), &text).unwrap();
        assert_eq!(report.answers, 4);
        assert_eq!(report.refused, 2);
        assert_eq!(report.findings.len(), 2, "{:?}", report.findings);
        assert!(report.findings[0].starts_with("line 2: Pinpoint SMS Voice V2 DescribeProtectConfigurations (200): /ProtectConfigurations: length 0"), "{}", report.findings[0]);
        assert!(report.findings[1].starts_with("line 4: Pinpoint SMS Voice V2 CreatePool (400): /Bogus: Bogus is not a member of ValidationException"), "{}", report.findings[1]);
    }

    #[test]
    fn bad_lines_are_named() {
        let error = check(&models(), "{}\n").unwrap_err();
        assert!(
            format!("{error:#}").starts_with("line 1 is not a recorded answer"),
            "{error:#}"
        );
        let line = r#"{"service": "Nope", "operation": "X", "status": 200}"#;
        let error = check(&models(), line).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"line 1: no model has the serviceId "Nope""#
        );
        let line = r#"{"service": "Pinpoint SMS Voice", "operation": "X", "status": 200}"#;
        let error = check(&models(), line).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"line 1: Pinpoint SMS Voice has no operation "X""#
        );
    }
}
