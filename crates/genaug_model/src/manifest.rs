//! The project manifest, `genaug-agent.yaml`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `genaug-agent.yaml`: what the agent project is and which spec its tools come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "genaug agent manifest", extend("$id" = "https://genaug.invalid/schemas/manifest.schema.json"))]
pub struct Manifest {
    /// Project name (also the folder name).
    pub name: String,
    pub description: String,
    pub spec: ManifestSpec,
    /// Base URLs from the spec's `servers`, in spec order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<String>,
    /// The spec's `components.securitySchemes`, copied as is (how to obtain each credential).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_schemes: Option<serde_json::Value>,
    /// Folder of the tool files, relative to the manifest.
    pub tools_dir: String,
    /// The `integrate` filters the tools were generated with; regeneration, `--check` and
    /// `verify` reuse them unless filter flags are given again.
    #[serde(default, skip_serializing_if = "ManifestFilters::is_empty")]
    pub filters: ManifestFilters,
    /// Counts at generation time (reviewer toggles change the tool files, not these).
    pub generated: ToolCounts,
    pub generator: String,
}

/// The spec a project was generated from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManifestSpec {
    /// The spec: a path relative to the project folder, a URL, or `<stdin>`; never absolute.
    /// `genaug integrate` without a SPEC argument reads it again from here.
    pub source: String,
    pub sha256: String,
    /// The document's `openapi` version string.
    pub openapi: String,
    pub title: String,
    pub version: String,
}

/// Tool and non-tool counts at generation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolCounts {
    pub tools: usize,
    pub webhooks: usize,
    pub callbacks: usize,
    pub filtered_out: usize,
}

/// Which operations became tools (`integrate --include-tag` etc.); empty lists mean "all".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManifestFilters {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include_tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include_paths: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_operations: Vec<String>,
}

impl ManifestFilters {
    pub fn is_empty(&self) -> bool {
        self.include_tags.is_empty()
            && self.exclude_tags.is_empty()
            && self.include_paths.is_empty()
            && self.exclude_operations.is_empty()
    }
}
