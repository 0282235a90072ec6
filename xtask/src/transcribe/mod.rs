//! `cargo xtask transcribe`: turns the API references into the service models under `model/`.
//!
//! Each service has a transcriber that parses its reference text and a reviewed overlay
//! (`xtask/overlays/<service>.json`) with the corrections the text cannot give: extraction
//! slips, names for shapes the docs leave unnamed, facts the docs leave implicit. Each overlay
//! entry carries its reason.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;

pub mod text;
pub mod v1;
pub mod v2;

/// A transcribed service: its `service-2.json` and, if it has paginated operations, its
/// `paginators-1.json`.
#[derive(Debug)]
pub struct Transcribed {
    pub service: Value,
    pub paginators: Option<Value>,
}

/// The model files of one service, relative to the model folder, with their contents.
pub fn files(folder: &str, t: &Transcribed) -> Result<Vec<(PathBuf, String)>> {
    let mut out = vec![(
        Path::new(folder).join("service-2.json"),
        to_json(&t.service)?,
    )];
    if let Some(p) = &t.paginators {
        out.push((Path::new(folder).join("paginators-1.json"), to_json(p)?));
    }
    Ok(out)
}

/// Pretty JSON with a trailing newline: the form the model files are kept in.
pub fn to_json(v: &Value) -> Result<String> {
    Ok(serde_json::to_string_pretty(v)? + "\n")
}

/// Transcribes every service from the references in `seeds` with the overlays in `overlays`.
pub fn transcribe_all(seeds: &Path, overlays: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();

    let v1 = v1::transcribe(seeds, &overlays.join("pinpoint-sms-voice.json"))
        .context("transcribing the v1 reference")?;
    out.extend(files("pinpoint-sms-voice/2018-09-05", &v1)?);

    let source_path = seeds.join(v2::SOURCE);
    let source = std::fs::read_to_string(&source_path)
        .with_context(|| format!("reading {}", source_path.display()))?;
    let overlay_path = overlays.join("pinpoint-sms-voice-v2.json");
    let overlay_text = std::fs::read_to_string(&overlay_path)
        .with_context(|| format!("reading {}", overlay_path.display()))?;
    let overlay = v2::parse_overlay(&overlay_text)
        .with_context(|| format!("in {}", overlay_path.display()))?;
    let v2 = v2::transcribe(&source, &overlay)
        .with_context(|| format!("transcribing {}", source_path.display()))?;
    out.extend(files("pinpoint-sms-voice-v2/2022-03-31", &v2)?);

    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn seeds() -> Option<PathBuf> {
        let dir = std::env::var_os("SMS_VOICE_SEEDS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("../shared/seeds"));
        dir.join(v2::SOURCE).exists().then_some(dir)
    }

    /// The committed models are what the transcriber makes of the references.
    #[test]
    fn committed_models_match_a_fresh_transcription() {
        let Some(seeds) = seeds() else {
            eprintln!("skipped: the reference docs are not present (set SMS_VOICE_SEEDS_DIR)");
            return;
        };
        let files = transcribe_all(&seeds, &root().join("xtask/overlays")).expect("transcribes");
        let mut stale = Vec::new();
        for (rel, text) in &files {
            let committed =
                std::fs::read_to_string(root().join("model").join(rel)).unwrap_or_default();
            if &committed != text {
                stale.push(rel.display().to_string());
            }
        }
        assert!(
            stale.is_empty(),
            "stale models: {stale:?}; run `cargo xtask transcribe` and commit"
        );
    }

    /// Facts read off the v2 reference by hand, checked against the transcription.
    #[test]
    fn v2_facts_from_the_reference() {
        let Some(seeds) = seeds() else {
            eprintln!("skipped: the reference docs are not present (set SMS_VOICE_SEEDS_DIR)");
            return;
        };
        let source = std::fs::read_to_string(seeds.join(v2::SOURCE)).expect("reads");
        let overlay = v2::parse_overlay(
            &std::fs::read_to_string(root().join("xtask/overlays/pinpoint-sms-voice-v2.json"))
                .expect("reads overlay"),
        )
        .expect("parses overlay");
        let t = v2::transcribe(&source, &overlay).expect("transcribes");
        let m = &t.service;
        let ops = m["operations"].as_object().expect("operations");
        assert_eq!(ops.len(), 91);
        let shapes = &m["shapes"];
        let member_shape = |s: &str, mem: &str| -> &Value {
            let name = shapes[s]["members"][mem]["shape"]
                .as_str()
                .unwrap_or_else(|| panic!("{s}.{mem}"));
            &shapes[name]
        };
        // No-input actions still have an (empty) input structure.
        let empty: Vec<&str> = ops
            .keys()
            .filter(|op| {
                shapes[format!("{op}Request")]["members"]
                    .as_object()
                    .is_some_and(|m| m.is_empty())
            })
            .map(String::as_str)
            .collect();
        assert_eq!(
            empty,
            [
                "DeleteAccountDefaultProtectConfiguration",
                "DeleteMediaMessageSpendLimitOverride",
                "DeleteTextMessageSpendLimitOverride",
                "DeleteVoiceMessageSpendLimitOverride"
            ]
        );
        // AssociateOriginationIdentity: IsoCountryCode "Fixed length of 2", pattern [A-Z]{2}.
        let iso = member_shape("AssociateOriginationIdentityRequest", "IsoCountryCode");
        assert_eq!(
            (iso["min"].as_i64(), iso["max"].as_i64()),
            (Some(2), Some(2))
        );
        assert_eq!(iso["pattern"], "[A-Z]{2}");
        let req = &shapes["AssociateOriginationIdentityRequest"]["required"];
        assert_eq!(
            req,
            &serde_json::json!(["IsoCountryCode", "OriginationIdentity", "PoolId"])
        );
        assert_eq!(
            shapes["AssociateOriginationIdentityRequest"]["members"]["ClientToken"]
                ["idempotencyToken"],
            true
        );
        // SendTextMessage: the look-around pattern of Context values, and the phone number.
        let ctx = member_shape("SendTextMessageRequest", "Context");
        assert_eq!(
            (ctx["min"].as_i64(), ctx["max"].as_i64()),
            (Some(0), Some(5))
        );
        let value = &shapes[ctx["value"]["shape"].as_str().expect("value shape")];
        assert_eq!(value["pattern"], "(?!\\s)^[\\s\\S]+(?<!\\s)");
        assert_eq!(
            (value["min"].as_i64(), value["max"].as_i64()),
            (Some(1), Some(800))
        );
        let dest = member_shape("SendTextMessageRequest", "DestinationPhoneNumber");
        assert_eq!(dest["pattern"], "\\+?[1-9][0-9]{1,18}");
        let body = member_shape("SendTextMessageRequest", "MessageBody");
        assert_eq!(body["pattern"], "(?!\\s*$)[\\s\\S]+");
        assert_eq!(body["max"], 1600);
        // Enums that wrap over lines and pages.
        let events = member_shape("EventDestination", "MatchingEventTypes");
        let event = &shapes[events["member"]["shape"].as_str().expect("member")];
        let values = event["enum"].as_array().expect("enum");
        assert_eq!(values.len(), 43);
        assert_eq!(values.last().expect("last"), "MEDIA_FILE_SIZE_EXCEEDED");
        let filter = member_shape("ConfigurationSetFilter", "Name");
        assert!(filter["enum"]
            .as_array()
            .expect("enum")
            .contains(&"default-message-type".into()));
        // Errors and their status codes.
        assert_eq!(
            shapes["InternalServerException"]["error"]["httpStatusCode"],
            500
        );
        assert_eq!(
            shapes["ValidationException"]["error"]["httpStatusCode"],
            400
        );
        assert_eq!(
            shapes["ValidationExceptionFieldList"]["member"]["shape"],
            "ValidationExceptionField"
        );
        let errs: Vec<&str> = ops["TagResource"]["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| e["shape"].as_str().expect("shape"))
            .collect();
        assert_eq!(
            errs,
            [
                "AccessDeniedException",
                "InternalServerException",
                "ResourceNotFoundException",
                "ServiceQuotaExceededException",
                "ThrottlingException",
                "ValidationException"
            ]
        );
        // Paginated operations.
        let pag = &t.paginators.as_ref().expect("paginators")["pagination"];
        assert_eq!(pag["DescribePhoneNumbers"]["result_key"], "PhoneNumbers");
    }
}
