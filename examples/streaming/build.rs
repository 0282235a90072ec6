//! Generates the Example Files client and server into `$OUT_DIR/services.rs` from this crate's
//! own `model/` folder (`<service>/<version>/service-2.json`).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    servicemodel_codegen::Generator::new("model")
        .client(true)
        .server(true)
        .build_rs("services.rs")?;
    Ok(())
}
