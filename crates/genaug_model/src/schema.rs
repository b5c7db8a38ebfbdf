//! The published JSON Schemas of the tool file and the manifest (checked in under `schemas/`).

use crate::{Manifest, ToolFile};

/// JSON Schema 2020-12 of a tool file, as pretty JSON with a final newline.
pub fn tool_schema() -> String {
    pretty(schemars::schema_for!(ToolFile))
}

/// JSON Schema 2020-12 of the manifest, as pretty JSON with a final newline.
pub fn manifest_schema() -> String {
    pretty(schemars::schema_for!(Manifest))
}

fn pretty(schema: schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}
