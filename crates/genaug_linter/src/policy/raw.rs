//! The policy file as written (`genaug-policy.yaml`): serde + schemars, unknown keys rejected.
//!
//! These types are read from the loaded `Value` only after the published JSON Schema accepted it
//! (so every structural problem is reported at once, each at its own pointer); locations are not
//! stored in the structs because every value's pointer follows from its position
//! (`/allow/3/pattern`), which `validate.rs` computes while resolving.

use genaug_model::RiskLevel;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

/// `genaug-policy.yaml`: which generated tools may be enabled, and how strictly they are checked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "genaug policy",
    extend("$id" = "https://genaug.invalid/schemas/policy.schema.json")
)]
pub(crate) struct RawPolicy {
    /// Tools that may be enabled. When the key is absent the allowlist is not enforced; `[]`
    /// means no tool may be enabled.
    #[serde(default)]
    pub(crate) allow: Option<Vec<RawToolEntry>>,
    /// Tools that must never be enabled (wins over `allow`).
    #[serde(default)]
    pub(crate) deny: Vec<RawToolEntry>,
    /// Explicit acceptances of high-risk tools, or of a risk lowered below the method default.
    #[serde(default)]
    pub(crate) accept: Vec<RawAcceptance>,
    /// Risk levels whose tools may run without a person approving each call. Default: `[low]`.
    #[serde(default)]
    pub(crate) auto_run: Option<Vec<RiskLevel>>,
    /// Bounds on tool descriptions, in characters.
    #[serde(default)]
    pub(crate) descriptions: Option<RawDescriptions>,
    /// The tool-calling runtimes every tool id must be valid for.
    #[serde(default)]
    pub(crate) names: Option<RawNames>,
    /// Per-rule severity overrides and ignore entries.
    #[serde(default)]
    pub(crate) rules: Option<RawRules>,
}

/// One `allow` or `deny` entry: exactly one of `id` and `pattern`, and a reason.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawToolEntry {
    /// One tool id, matched exactly.
    #[serde(default)]
    pub(crate) id: Option<String>,
    /// A glob over tool ids (`*`, `?`, `[abc]`, `{a,b}`), e.g. `repos_get*`.
    #[serde(default)]
    pub(crate) pattern: Option<String>,
    /// Why; shown next to every finding this entry is involved in.
    pub(crate) reason: String,
}

/// An acceptance: someone took responsibility for a risky tool being enabled.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAcceptance {
    /// The tool id (exact; acceptances are deliberately not patterns).
    pub(crate) id: String,
    pub(crate) reason: String,
    /// Who accepted (a name, handle or e-mail address).
    pub(crate) by: String,
    /// Last day the acceptance holds, `YYYY-MM-DD`; absent means it does not expire.
    #[serde(default)]
    pub(crate) expires: Option<String>,
}

/// Description length bounds, in Unicode characters.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDescriptions {
    /// Shorter descriptions are reported (default 20).
    #[serde(default)]
    pub(crate) min: Option<u32>,
    /// Longer descriptions are reported (default 1024).
    #[serde(default)]
    pub(crate) max: Option<u32>,
}

/// Name targets.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNames {
    /// Every runtime the team sends these tools to (default `[openai, anthropic]`).
    pub(crate) targets: Vec<NameTarget>,
}

/// A tool-calling runtime with its own rule for tool names (see `rules/quality/incompatible_tool_name.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum NameTarget {
    Openai,
    Anthropic,
    Gemini,
    Mcp,
}

impl NameTarget {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            NameTarget::Openai => "openai",
            NameTarget::Anthropic => "anthropic",
            NameTarget::Gemini => "gemini",
            NameTarget::Mcp => "mcp",
        }
    }
}

/// `rules:`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRules {
    /// Rule code → severity (`off` turns the rule off), e.g. `Q303: warning`.
    #[serde(default)]
    pub(crate) severity: IndexMap<String, Level>,
    /// Findings to ignore for some tools.
    #[serde(default)]
    pub(crate) ignore: Vec<RawIgnore>,
}

/// A severity override.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Off,
    Info,
    Warning,
    Error,
}

/// Ignore one rule for the tools matching a pattern.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIgnore {
    /// Rule code, e.g. `Q302`.
    pub(crate) code: String,
    /// Tool id or glob over tool ids.
    pub(crate) tool: String,
    pub(crate) reason: String,
}
