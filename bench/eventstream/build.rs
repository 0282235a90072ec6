//! Generates Bedrock Runtime's client and server into `$OUT_DIR/services.rs` from botocore's
//! model, in the folder `BOTOCORE_DATA` names.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-env-changed=BOTOCORE_DATA");
    let Some(data) = std::env::var_os("BOTOCORE_DATA") else {
        return Err(
            "BOTOCORE_DATA is not set: name botocore's data folder (`cargo xtask conformance` \
             downloads it to target/conformance/botocore-<version>/botocore/data)"
                .into(),
        );
    };
    servicemodel_codegen::Generator::new(data)
        .services(["bedrock-runtime"])
        .client(true)
        .server(true)
        .build_rs("services.rs")?;
    Ok(())
}
