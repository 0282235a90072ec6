//! `validate()` on a typical SendTextMessage input against deserializing the same input from
//! its JSON, measured in the same run: `cargo bench -p sms-voice-client-tests --bench validate`.
//! Prints the time per call of each and their ratio.

use std::hint::black_box;
use std::time::Instant;

use sms_voice::pinpointsmsvoicev2::SendTextMessageRequest;

const BODY: &str = r#"{
    "DestinationPhoneNumber": "+14255550100",
    "OriginationIdentity": "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-1234",
    "MessageBody": "Your verification code is 123456. It expires in 10 minutes.",
    "MessageType": "TRANSACTIONAL",
    "ConfigurationSetName": "default-set",
    "MaxPrice": "0.50",
    "TimeToLive": 300,
    "Context": {"campaign": "signup", "user": "u-42"},
    "DryRun": false
}"#;

fn time<T>(iterations: u32, mut f: impl FnMut() -> T) -> f64 {
    for _ in 0..iterations / 10 {
        black_box(f());
    }
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(f());
    }
    start.elapsed().as_nanos() as f64 / f64::from(iterations)
}

fn main() {
    let input: SendTextMessageRequest = serde_json::from_str(BODY).expect("a valid input");
    input.validate().expect("the input is valid");
    let iterations = 200_000;
    let mut rounds = Vec::new();
    for _ in 0..5 {
        let deserialize = time(iterations, || {
            serde_json::from_str::<SendTextMessageRequest>(black_box(BODY)).unwrap()
        });
        let validate = time(iterations, || black_box(&input).validate());
        rounds.push((deserialize, validate));
    }
    rounds.sort_by(|a, b| (a.1 / a.0).total_cmp(&(b.1 / b.0)));
    let (deserialize, validate) = rounds[rounds.len() / 2];
    println!("deserialize SendTextMessageRequest: {deserialize:.0} ns");
    println!("validate SendTextMessageRequest:    {validate:.0} ns");
    println!(
        "validate / deserialize (median of 5 rounds): {:.2}",
        validate / deserialize
    );
}
