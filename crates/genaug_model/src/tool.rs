//! The tool file: one reviewed, generated description of one OpenAPI operation.
//!
//! Field order is the order written to disk: the fields reviewers own and read first
//! (`id`, `enabled`, `risk_level`, `requires_approval`, `description`), then what the spec owns.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{HttpMethod, RiskLevel};

/// `tools/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "genaug tool file", extend("$id" = "https://genaug.invalid/schemas/tool.schema.json"))]
pub struct ToolFile {
    /// Tool name sent to the model: `^[a-zA-Z0-9_-]{1,64}$`, equal to the file name without `.yaml`.
    #[schemars(regex(pattern = r"^[a-zA-Z0-9_-]{1,64}$"))]
    pub id: String,
    /// Whether the agent may call this tool at all. Reviewer-owned: kept on regeneration.
    pub enabled: bool,
    /// Risk as reviewed. Reviewer-owned when raised above `risk.method_default`.
    pub risk_level: RiskLevel,
    /// Whether a person approves every call. Reviewer-owned: kept on regeneration.
    pub requires_approval: bool,
    /// What the model reads to decide when to call the tool. Reviewer-owned once edited.
    pub description: String,
    /// The HTTP operation this tool calls.
    pub operation: ToolOperation,
    /// How `risk_level` was decided, with a one-line reason.
    pub risk: RiskDecision,
    /// JSON Schema 2020-12 of the tool's arguments (one object).
    pub input_schema: serde_json::Value,
    /// Where each argument goes in the HTTP request.
    pub binding: Binding,
    /// Security requirement alternatives: any one entry satisfies the call; within an entry every
    /// scheme is needed. `[]` means the operation needs no credentials.
    #[serde(default)]
    pub security: Vec<SecurityRequirement>,
    /// Where this file came from.
    pub source: ToolSource,
    /// `genaug <version>` that wrote the file.
    pub generator: String,
}

/// The operation, as the spec declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolOperation {
    pub method: HttpMethod,
    /// Path template, e.g. `/repos/{owner}/{repo}`.
    pub path: String,
    /// The operationId exactly as in the spec (absent when the spec has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub deprecated: bool,
}

/// Why the tool has its risk level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskDecision {
    /// The risk the method alone implies (the documented method table).
    pub method_default: RiskLevel,
    /// The risk the spec asked for (equal to `method_default` unless `x-genaug-risk` changed it).
    pub generated: RiskLevel,
    /// What decided `generated`.
    pub source: RiskSource,
    /// One line a reviewer can read.
    pub reason: String,
}

/// What decided a tool's generated risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RiskSource {
    /// The method table.
    Method,
    /// The operation's `x-genaug-risk` extension.
    #[serde(rename = "x-genaug-risk")]
    Extension,
}

/// Where every input property goes, so a request can be rebuilt from the arguments.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    /// Input property name → the parameter it fills.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, ParameterBinding>,
    /// The input property that becomes the request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyBinding>,
}

/// One HTTP parameter. `style` and `explode` are always the effective values (OpenAPI defaults
/// resolved), so a caller needs no OpenAPI knowledge to serialise it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterBinding {
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    /// The parameter's name on the wire (may differ from the input property name).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_reserved: bool,
    /// For parameters declared with `content` instead of `schema`: the media type to serialise as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// Where a parameter goes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParameterLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        }
    }
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "path" => Some(Self::Path),
            "query" => Some(Self::Query),
            "header" => Some(Self::Header),
            "cookie" => Some(Self::Cookie),
            _ => None,
        }
    }
}

/// The request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyBinding {
    /// The input property holding the body (normally `body`).
    pub property: String,
    /// The media type sent as `Content-Type`.
    pub content_type: String,
    /// Other media types the operation accepts, not used by this tool.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// Per-part encoding for multipart and form bodies, copied from the spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<serde_json::Value>,
}

/// One security alternative: scheme name → scopes (all needed together).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct SecurityRequirement(pub IndexMap<String, Vec<String>>);

/// Provenance. The spec's SHA-256 is recorded once, in the manifest: repeating it here would
/// change every tool file on any edit of the spec and bury the real changes in review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolSource {
    /// The spec, as the manifest records it (a path relative to the project folder, a URL, or
    /// `<stdin>`; never absolute).
    pub spec: String,
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
    /// SHA-256 (first 16 hex digits) of `description` as generated. When `description` no longer
    /// matches it, a reviewer edited it and regeneration keeps the edit.
    pub description_sha256: String,
}
