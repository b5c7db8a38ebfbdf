//! SKELETON — API fixed, body being written.

use genaug_diagnostics::Diagnostic;
use genaug_model::{ToolCounts, ToolFile};
use genaug_openapi::Document;

/// Which operations become tools. Empty include lists mean "all".
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub include_tags: Vec<String>,
    pub exclude_tags: Vec<String>,
    /// Glob patterns over the path template (`/repos/**`, `/pets/*`).
    pub include_paths: Vec<String>,
    /// Exclude by operationId as written in the spec, or by tool id.
    pub exclude_operations: Vec<String>,
}

/// What the caller knows about the spec that the document does not.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// The spec as the user named it, written into `source.spec` (never an absolute path).
    pub spec_name: String,
    /// SHA-256 (hex) of the root spec's bytes.
    pub spec_sha256: String,
    pub filters: Filters,
}

/// Facts about the spec for the manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpecInfo {
    pub openapi: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<String>,
    pub security_schemes: Option<serde_json::Value>,
}

/// The result of compiling a document.
#[derive(Debug)]
pub struct Compiled {
    /// One tool per kept operation, sorted by id.
    pub tools: Vec<ToolFile>,
    pub counts: ToolCounts,
    pub info: SpecInfo,
    /// Warnings and infos (renamed ids, ignored parameters, repaired schemas…), each located.
    pub diagnostics: Vec<Diagnostic>,
}

/// Compiles every operation of `document` that passes the filters.
/// Fails (a located diagnostic) only when the document cannot be read as OpenAPI at all.
pub fn compile(_document: &Document, _options: &CompileOptions) -> Result<Compiled, Box<Diagnostic>> {
    todo!()
}
