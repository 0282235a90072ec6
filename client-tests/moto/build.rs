//! Generates the clients of the services under test into `$OUT_DIR/services.rs`, from
//! botocore's models in the folder `BOTOCORE_DATA` names (`<botocore>/botocore/data`, laid out
//! as `<service>/<version>/service-2.json`).

/// botocore's folder names of the services under test.
const SERVICES: [&str; 13] = [
    "dynamodb",
    "sqs",
    "stepfunctions",
    "kms",
    "secretsmanager",
    "events",
    "ecr",
    "ssm",
    "efs",
    "eks",
    "apigateway",
    "scheduler",
    "appconfig",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-env-changed=BOTOCORE_DATA");
    let Some(data) = std::env::var_os("BOTOCORE_DATA") else {
        return Err(
            "BOTOCORE_DATA is not set: name botocore's data folder (`cargo xtask corpus` \
                    downloads it to target/conformance/botocore-<version>/botocore/data)"
                .into(),
        );
    };
    servicemodel_codegen::Generator::new(data)
        .services(SERVICES)
        .client(true)
        .server(false)
        .build_rs("services.rs")?;
    Ok(())
}
