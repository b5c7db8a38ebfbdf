//! `genaug_model` owns the files genaug writes and reads back: the tool file
//! (`tools/<id>.yaml`, [`ToolFile`]) and the project manifest (`genaug-agent.yaml`,
//! [`Manifest`]), the [`RiskLevel`] scale and [`HttpMethod`]s, the published JSON Schemas of both
//! files (schemars, checked in under `schemas/`), and deterministic YAML emission (fixed key
//! order, LF, final newline, no timestamps). It knows nothing about OpenAPI and never touches
//! the file system: emit functions return strings, `genaug_cli` writes them.
//!
//! Entry points: [`ToolFile`], [`Manifest`], [`emit_tool`], [`emit_manifest`], [`tool_schema`].

mod emit;
mod manifest;
mod read;
mod risk;
mod schema;
mod tool;

pub use emit::{
    MANIFEST_SCHEMA_HEADER, TOOL_SCHEMA_HEADER, changed_keys_in_text, emit_manifest, emit_tool,
};
pub use manifest::{Manifest, ManifestFilters, ManifestSpec, ToolCounts};
pub use read::ReadError;
pub use risk::{HttpMethod, RiskLevel};
pub use schema::{manifest_schema, tool_schema};
pub use tool::{
    Binding, BodyBinding, ParameterBinding, ParameterLocation, RiskDecision, RiskSource,
    SecurityRequirement, ToolFile, ToolOperation, ToolSource,
};

/// `genaug <version>`, written into every generated file.
pub fn generator() -> String {
    format!("genaug {}", env!("CARGO_PKG_VERSION"))
}
