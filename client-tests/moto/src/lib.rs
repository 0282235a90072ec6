//! Clients generated from botocore's models by this crate's `build.rs`: a `pub mod` per
//! service, named as the official AWS SDK for Rust names it (`dynamodb`, `sqs`, `sfn`, `kms`,
//! `secretsmanager`, `eventbridge`, `ecr`, `ssm`, `efs`, `eks`, `apigateway`, `scheduler`,
//! `appconfig`).

include!(concat!(env!("OUT_DIR"), "/services.rs"));
