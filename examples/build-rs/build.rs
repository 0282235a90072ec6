//! Generates the Pinpoint SMS and Voice v1 client and server into `$OUT_DIR/services.rs`,
//! from the models of this repository (a project keeps its own models folder, laid out as
//! `<service>/<version>/service-2.json`).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    servicemodel_codegen::Generator::new("../../model")
        .services(["pinpoint-sms-voice"])
        .client(true)
        .server(true)
        .build_rs("services.rs")?;
    Ok(())
}
