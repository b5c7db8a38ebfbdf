//! Regeneration: merging freshly compiled tools with the reviewed tool files already on disk.
//!
//! The tool file has two owners. The **spec** owns everything that describes the HTTP operation
//! (`operation`, `risk`, `input_schema`, `binding`, `security`, `source`, `generator`). The
//! **reviewer** owns the decisions a person makes about the tool:
//!
//! | field | kept from the file on disk when… |
//! |---|---|
//! | `enabled` | always, unless the risk escalated (see below) |
//! | `requires_approval` | always, unless the risk escalated |
//! | `risk_level` | it is *higher* than the new `risk.generated` (a lowered risk is never kept) |
//! | `description` | it was edited: its hash differs from the file's `source.description_sha256` |
//!
//! **Escalation**: when the new `risk.generated` is higher than the old one (the operation's
//! method or `x-genaug-risk` changed), the reviewer accepted a less dangerous tool. Their
//! `enabled`/`requires_approval` are reset to the new defaults and the escalation is reported.
//!
//! Tools whose operation left the spec are reported as removed; the caller decides whether to
//! keep or prune their files. Everything here is pure: no I/O, no printing.

use std::collections::BTreeMap;

use genaug_model::{RiskLevel, ToolFile};
use sha2::{Digest, Sha256};

/// SHA-256 of `text`, first 16 hex digits: the value of `source.description_sha256`.
/// The compiler records it for the generated description; regeneration compares against it.
pub fn description_sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(16);
    for byte in &digest[..8] {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// Whether a reviewer changed the tool's description since it was generated.
pub fn description_edited(tool: &ToolFile) -> bool {
    description_sha256(&tool.description) != tool.source.description_sha256
}

/// A reviewer-owned field whose value on disk survived regeneration (and differs from what the
/// spec alone would have produced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReviewerField {
    Enabled,
    RequiresApproval,
    RiskLevel,
    Description,
}

impl ReviewerField {
    /// The tool-file key.
    pub fn key(self) -> &'static str {
        match self {
            ReviewerField::Enabled => "enabled",
            ReviewerField::RequiresApproval => "requires_approval",
            ReviewerField::RiskLevel => "risk_level",
            ReviewerField::Description => "description",
        }
    }
}

/// The generated risk of a tool went up between the file on disk and the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub from: RiskLevel,
    pub to: RiskLevel,
    /// Reviewer decisions that were reset to the new defaults because of it (only those whose
    /// old value differed from the new default).
    pub reset: Vec<ReviewerField>,
}

/// One tool after merging.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub tool: ToolFile,
    /// Reviewer values that survived (and differ from the fresh defaults).
    pub kept: Vec<ReviewerField>,
    pub escalation: Option<Escalation>,
    /// The reviewer's edited description was kept although the spec's own description changed
    /// since the edit: the reviewer may want to look at the new text.
    pub description_outdated: bool,
}

/// Merges the freshly compiled `fresh` with the reviewed `existing` file of the same id.
pub fn merge(existing: &ToolFile, fresh: ToolFile) -> Merged {
    let mut tool = fresh;
    let mut kept = Vec::new();

    let escalated = tool.risk.generated > existing.risk.generated;
    let mut reset = Vec::new();
    if escalated {
        if existing.enabled != tool.enabled {
            reset.push(ReviewerField::Enabled);
        }
        if existing.requires_approval != tool.requires_approval {
            reset.push(ReviewerField::RequiresApproval);
        }
    } else {
        if existing.enabled != tool.enabled {
            tool.enabled = existing.enabled;
            kept.push(ReviewerField::Enabled);
        }
        if existing.requires_approval != tool.requires_approval {
            tool.requires_approval = existing.requires_approval;
            kept.push(ReviewerField::RequiresApproval);
        }
    }

    if existing.risk_level > tool.risk.generated && existing.risk_level != tool.risk_level {
        tool.risk_level = existing.risk_level;
        kept.push(ReviewerField::RiskLevel);
    }

    let mut description_outdated = false;
    if description_edited(existing) {
        description_outdated = existing.source.description_sha256 != tool.source.description_sha256;
        if existing.description != tool.description {
            kept.push(ReviewerField::Description);
        }
        tool.description = existing.description.clone();
        tool.source.description_sha256 = existing.source.description_sha256.clone();
    }

    let escalation = escalated.then_some(Escalation {
        from: existing.risk.generated,
        to: tool.risk.generated,
        reset,
    });
    Merged { tool, kept, escalation, description_outdated }
}

/// What happened to one tool id.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// New in the spec: written exactly as compiled.
    Added(ToolFile),
    /// In the spec and on disk: merged.
    Merged(Merged),
}

impl Outcome {
    pub fn tool(&self) -> &ToolFile {
        match self {
            Outcome::Added(tool) => tool,
            Outcome::Merged(merged) => &merged.tool,
        }
    }
}

/// The result of regenerating a whole tool set.
#[derive(Debug, Clone, PartialEq)]
pub struct Regenerated {
    /// One entry per freshly compiled tool, in the compiler's order.
    pub tools: Vec<Outcome>,
    /// Ids on disk whose operation is no longer produced by the spec (sorted).
    pub removed: Vec<String>,
}

/// Merges every fresh tool with the existing file of the same id (`existing` is keyed by id).
pub fn regenerate<T: std::borrow::Borrow<ToolFile>>(
    existing: &BTreeMap<String, T>,
    fresh: Vec<ToolFile>,
) -> Regenerated {
    let mut seen = std::collections::BTreeSet::new();
    let tools = fresh
        .into_iter()
        .map(|tool| match existing.get(&tool.id) {
            Some(old) => {
                seen.insert(tool.id.clone());
                Outcome::Merged(merge(old.borrow(), tool))
            }
            None => Outcome::Added(tool),
        })
        .collect();
    let removed = existing.keys().filter(|id| !seen.contains(*id)).cloned().collect();
    Regenerated { tools, removed }
}

/// The top-level keys whose values differ between two documents (tool files, manifests), in the
/// order of `new`'s keys, then keys only `old` has. Key order inside values counts: the emitted
/// file follows it.
pub fn changed_top_level_keys(old: &serde_json::Value, new: &serde_json::Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let mut keys: Vec<String> = new
        .iter()
        .filter(|(key, value)| !same_in_order(old.get(*key), value))
        .map(|(key, _)| key.clone())
        .collect();
    keys.extend(old.keys().filter(|key| !new.contains_key(*key)).cloned());
    keys
}

/// Equal values with equal key order (serde_json's map equality alone ignores order).
fn same_in_order(old: Option<&serde_json::Value>, new: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (old, new) {
        (None, _) => false,
        (Some(Value::Object(a)), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && same_in_order(Some(va), vb))
        }
        (Some(Value::Array(a)), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(va, vb)| same_in_order(Some(va), vb))
        }
        (Some(a), b) => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use genaug_model::{
        Binding, HttpMethod, RiskDecision, RiskSource, ToolOperation, ToolSource, generator,
    };

    fn tool(id: &str, method: HttpMethod, risk: RiskLevel, description: &str) -> ToolFile {
        let (enabled, requires_approval) = match risk {
            RiskLevel::Low => (true, false),
            RiskLevel::Medium => (true, true),
            RiskLevel::High => (false, true),
        };
        ToolFile {
            id: id.into(),
            enabled,
            risk_level: risk,
            requires_approval,
            description: description.into(),
            operation: ToolOperation {
                method,
                path: "/pets/{petId}".into(),
                operation_id: Some(id.into()),
                tags: vec!["pets".into()],
                deprecated: false,
            },
            risk: RiskDecision {
                method_default: risk,
                generated: risk,
                source: RiskSource::Method,
                reason: format!("{method} is {risk} by the method table"),
            },
            input_schema: serde_json::json!({"type": "object", "properties": {}}),
            binding: Binding::default(),
            security: Vec::new(),
            source: ToolSource {
                spec: "petstore.json".into(),
                pointer: "#/paths/~1pets~1{petId}/get".into(),
                description_sha256: description_sha256(description),
            },
            generator: generator(),
        }
    }

    #[test]
    fn description_hash_is_16_hex_digits_of_sha256() {
        // sha256("") = e3b0c44298fc1c149afbf4c8996fb924...
        assert_eq!(description_sha256(""), "e3b0c44298fc1c14");
        assert_eq!(description_sha256("abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn unchanged_tool_merges_to_itself_with_nothing_kept() {
        let old = tool("getPet", HttpMethod::Get, RiskLevel::Low, "Info for a pet");
        let merged = merge(&old, old.clone());
        assert_eq!(merged.tool, old);
        assert!(merged.kept.is_empty());
        assert_eq!(merged.escalation, None);
        assert!(!merged.description_outdated);
    }

    #[test]
    fn reviewer_enabled_and_requires_approval_are_kept() {
        let mut old = tool("deletePet", HttpMethod::Delete, RiskLevel::High, "Delete a pet");
        old.enabled = true;
        old.requires_approval = true;
        let fresh = tool("deletePet", HttpMethod::Delete, RiskLevel::High, "Delete a pet");
        let merged = merge(&old, fresh);
        assert!(merged.tool.enabled);
        assert_eq!(merged.kept, vec![ReviewerField::Enabled]);

        let mut old = tool("getPet", HttpMethod::Get, RiskLevel::Low, "Info");
        old.requires_approval = true;
        old.enabled = false;
        let merged = merge(&old, tool("getPet", HttpMethod::Get, RiskLevel::Low, "Info"));
        assert!(merged.tool.requires_approval);
        assert!(!merged.tool.enabled);
        assert_eq!(merged.kept, vec![ReviewerField::Enabled, ReviewerField::RequiresApproval]);
    }

    #[test]
    fn raised_risk_level_is_kept_and_lowered_is_not() {
        let mut old = tool("getPet", HttpMethod::Get, RiskLevel::Low, "Info");
        old.risk_level = RiskLevel::High;
        let merged = merge(&old, tool("getPet", HttpMethod::Get, RiskLevel::Low, "Info"));
        assert_eq!(merged.tool.risk_level, RiskLevel::High);
        assert_eq!(merged.kept, vec![ReviewerField::RiskLevel]);
        // the spec-owned decision is still the generated one
        assert_eq!(merged.tool.risk.generated, RiskLevel::Low);

        let mut old = tool("createPet", HttpMethod::Post, RiskLevel::Medium, "Create");
        old.risk_level = RiskLevel::Low;
        let merged = merge(&old, tool("createPet", HttpMethod::Post, RiskLevel::Medium, "Create"));
        assert_eq!(merged.tool.risk_level, RiskLevel::Medium);
        assert!(merged.kept.is_empty());
    }

    #[test]
    fn raised_risk_equal_to_new_generated_is_not_reported_as_kept() {
        // reviewer raised low → medium; the spec now generates medium itself
        let mut old = tool("op", HttpMethod::Get, RiskLevel::Low, "d");
        old.risk_level = RiskLevel::Medium;
        let merged = merge(&old, tool("op", HttpMethod::Post, RiskLevel::Medium, "d"));
        assert_eq!(merged.tool.risk_level, RiskLevel::Medium);
        assert!(!merged.kept.contains(&ReviewerField::RiskLevel));
    }

    #[test]
    fn edited_description_is_kept_with_its_old_hash() {
        let mut old = tool("getPet", HttpMethod::Get, RiskLevel::Low, "Info for a pet");
        old.description = "Look up one pet by id. Use before updating it.".into();
        assert!(description_edited(&old));
        let fresh = tool("getPet", HttpMethod::Get, RiskLevel::Low, "Info for a pet");
        let merged = merge(&old, fresh);
        assert_eq!(merged.tool.description, "Look up one pet by id. Use before updating it.");
        assert_eq!(merged.tool.source.description_sha256, description_sha256("Info for a pet"));
        assert_eq!(merged.kept, vec![ReviewerField::Description]);
        assert!(!merged.description_outdated);
        // and it stays "edited" in the merged file, so the next run keeps it again
        assert!(description_edited(&merged.tool));
    }

    #[test]
    fn edited_description_over_a_changed_spec_description_is_flagged_outdated() {
        let mut old = tool("getPet", HttpMethod::Get, RiskLevel::Low, "Info for a pet");
        old.description = "Reviewer text".into();
        let fresh = tool("getPet", HttpMethod::Get, RiskLevel::Low, "Returns one pet");
        let merged = merge(&old, fresh);
        assert_eq!(merged.tool.description, "Reviewer text");
        assert!(merged.description_outdated);
    }

    #[test]
    fn unedited_description_follows_the_spec() {
        let old = tool("getPet", HttpMethod::Get, RiskLevel::Low, "Info for a pet");
        let fresh = tool("getPet", HttpMethod::Get, RiskLevel::Low, "Returns one pet");
        let merged = merge(&old, fresh.clone());
        assert_eq!(merged.tool.description, "Returns one pet");
        assert_eq!(merged.tool.source.description_sha256, fresh.source.description_sha256);
        assert!(merged.kept.is_empty());
    }

    #[test]
    fn escalation_resets_reviewer_decisions_and_is_reported() {
        // a GET the reviewer left auto-run becomes a DELETE
        let mut old = tool("petOp", HttpMethod::Get, RiskLevel::Low, "d");
        old.requires_approval = false;
        old.enabled = true;
        let fresh = tool("petOp", HttpMethod::Delete, RiskLevel::High, "d");
        let merged = merge(&old, fresh);
        assert!(!merged.tool.enabled);
        assert!(merged.tool.requires_approval);
        assert_eq!(
            merged.escalation,
            Some(Escalation {
                from: RiskLevel::Low,
                to: RiskLevel::High,
                reset: vec![ReviewerField::Enabled, ReviewerField::RequiresApproval],
            })
        );
        assert!(merged.kept.is_empty());
    }

    #[test]
    fn escalation_still_keeps_a_raised_risk_and_an_edited_description() {
        let mut old = tool("petOp", HttpMethod::Get, RiskLevel::Low, "d");
        old.risk_level = RiskLevel::High;
        old.description = "mine".into();
        let merged = merge(&old, tool("petOp", HttpMethod::Post, RiskLevel::Medium, "d"));
        assert_eq!(merged.tool.risk_level, RiskLevel::High);
        assert_eq!(merged.tool.description, "mine");
        assert_eq!(merged.escalation.as_ref().map(|e| e.to), Some(RiskLevel::Medium));
        assert!(merged.tool.requires_approval);
    }

    #[test]
    fn de_escalation_keeps_reviewer_decisions() {
        let mut old = tool("petOp", HttpMethod::Delete, RiskLevel::High, "d");
        old.enabled = false;
        let merged = merge(&old, tool("petOp", HttpMethod::Get, RiskLevel::Low, "d"));
        assert_eq!(merged.escalation, None);
        assert!(!merged.tool.enabled);
        // requires_approval: old true, fresh false → kept
        assert!(merged.tool.requires_approval);
        // a risk level above the new generated one counts as raised by the reviewer
        assert_eq!(merged.tool.risk_level, RiskLevel::High);
    }

    #[test]
    fn spec_owned_fields_are_rewritten() {
        let mut old = tool("getPet", HttpMethod::Get, RiskLevel::Low, "d");
        old.operation.tags = vec!["old".into()];
        old.input_schema = serde_json::json!({"type": "object", "title": "edited"});
        old.source.pointer = "#/paths/~1old/get".into();
        let fresh = tool("getPet", HttpMethod::Get, RiskLevel::Low, "d");
        let merged = merge(&old, fresh.clone());
        assert_eq!(merged.tool, fresh);
    }

    #[test]
    fn regenerate_classifies_added_merged_and_removed() {
        let mut existing = BTreeMap::new();
        existing.insert("a".to_owned(), tool("a", HttpMethod::Get, RiskLevel::Low, "a"));
        existing.insert("gone".to_owned(), tool("gone", HttpMethod::Get, RiskLevel::Low, "g"));
        let fresh = vec![
            tool("a", HttpMethod::Get, RiskLevel::Low, "a"),
            tool("b", HttpMethod::Post, RiskLevel::Medium, "b"),
        ];
        let result = regenerate(&existing, fresh);
        assert_eq!(result.removed, vec!["gone".to_owned()]);
        assert!(matches!(result.tools[0], Outcome::Merged(_)));
        assert!(matches!(result.tools[1], Outcome::Added(_)));
        assert_eq!(result.tools[1].tool().id, "b");
    }

    fn changed_keys(old: &ToolFile, new: &ToolFile) -> Vec<String> {
        let value = |tool| serde_json::to_value(tool).expect("serialises");
        changed_top_level_keys(&value(old), &value(new))
    }

    #[test]
    fn changed_keys_lists_top_level_differences_in_order() {
        let old = tool("getPet", HttpMethod::Get, RiskLevel::Low, "d");
        let mut new = old.clone();
        assert!(changed_keys(&old, &new).is_empty());
        new.enabled = false;
        new.source.pointer = "#/paths/~1moved/get".into();
        new.input_schema = serde_json::json!({"properties": {}, "type": "object"});
        assert_eq!(changed_keys(&old, &new), vec!["enabled", "input_schema", "source"]);
    }
}
