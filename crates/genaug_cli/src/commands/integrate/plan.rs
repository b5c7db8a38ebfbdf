//! What a run would write, compared with what is on disk. Pure: no I/O.
//!
//! The desired project is: the manifest, both schemas, one file per compiled tool (merged with
//! the reviewed file on disk), the files of tools that left the spec (unless pruned), and any
//! other file a person put in `tools/` or `schemas/` (kept byte for byte). A tool file whose
//! content would not change keeps its exact bytes, so comments and formatting survive as long
//! as the tool does not change.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use genaug_compiler::regen::{self, Escalation, Outcome, Regenerated, ReviewerField};
use genaug_diagnostics::{Diagnostic, Label};
use genaug_model::{Manifest, emit_manifest, emit_tool};
use genaug_source::SourceFile;

use super::fresh::Fresh;
use super::project::{Bytes, Existing, ExistingTool, MANIFEST, tool_file_id};
use crate::codes;

pub(crate) const TOOL_SCHEMA: &str = "schemas/tool.schema.json";
pub(crate) const MANIFEST_SCHEMA: &str = "schemas/manifest.schema.json";

/// The files to write and what changed.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// The complete desired content of the manifest, `tools/` and `schemas/`.
    pub(crate) files: BTreeMap<String, Bytes>,
    pub(crate) tools: ToolChanges,
    /// File-level differences from the project on disk.
    pub(crate) drift: Drift,
    /// Warnings about the rewrite itself (C201).
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Tool-level changes against the project on disk.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ToolChanges {
    pub(crate) added: Vec<String>,
    pub(crate) changed: Vec<ChangedTool>,
    pub(crate) unchanged: usize,
    /// Tools on disk whose operation is no longer compiled from the spec.
    pub(crate) removed: Vec<String>,
    /// Whether `removed` files are deleted (`--prune`) or kept.
    pub(crate) pruned: bool,
    pub(crate) escalations: Vec<(String, Escalation)>,
    /// Tools whose reviewer-edited description was kept although the spec's description changed.
    pub(crate) outdated_descriptions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChangedTool {
    pub(crate) id: String,
    /// Top-level keys whose values change.
    pub(crate) keys: Vec<String>,
    /// Reviewer values that survived.
    pub(crate) kept: Vec<ReviewerField>,
}

/// File-level differences, paths relative to the project.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Drift {
    pub(crate) added: Vec<String>,
    pub(crate) removed: Vec<String>,
    /// Path and, for tool files and the manifest, the top-level keys that differ.
    pub(crate) changed: Vec<(String, Vec<String>)>,
}

impl Drift {
    pub(crate) fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Whether `id` is safe as a file name (the tool-id pattern `^[a-zA-Z0-9_-]{1,64}$`).
pub(crate) fn is_safe_tool_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Plans the project: `regenerated` are the compiled tools merged with the files on disk, and
/// `fresh` the same tools as compiled (same order), which hold their emitted bytes.
pub(crate) fn plan(
    existing: &Existing,
    regenerated: &Regenerated,
    fresh: Vec<Fresh>,
    manifest: &Manifest,
    prune: bool,
) -> Result<Plan, Box<Diagnostic>> {
    let mut plan = Plan::default();
    plan.tools.pruned = prune;

    // Files a person added next to the generated ones.
    for (rel, bytes) in &existing.files {
        let generated_schema = rel == TOOL_SCHEMA || rel == MANIFEST_SCHEMA;
        let foreign_tool_file = rel.starts_with("tools/") && tool_file_id(rel).is_none();
        let foreign_schema = rel.starts_with("schemas/") && !generated_schema;
        if foreign_tool_file || foreign_schema {
            plan.files.insert(rel.clone(), bytes.clone());
        }
    }
    plan.files.insert(TOOL_SCHEMA.into(), genaug_model::tool_schema().into_bytes().into());
    plan.files.insert(MANIFEST_SCHEMA.into(), genaug_model::manifest_schema().into_bytes().into());

    let manifest_text = emit_manifest(manifest);
    let manifest_bytes = match (&existing.manifest, existing.files.get(MANIFEST)) {
        (Some((_, old)), Some(bytes)) if emit_manifest(old) == manifest_text => bytes.clone(),
        _ => manifest_text.into_bytes().into(),
    };
    plan.files.insert(MANIFEST.into(), manifest_bytes);

    // Each tool's bytes, compared with its previous file as emitted today, on all cores. Most
    // are already at hand: a tool regeneration left as compiled has its fresh bytes, and a file
    // that is exactly those bytes was read from them (emitting and reading round-trip). The
    // bytes of an unchanged tool are let go at once: the file on disk is kept as it is.
    let emitted: Vec<Result<Emitted, Box<Diagnostic>>> = regenerated
        .tools
        .par_iter()
        .zip(fresh)
        .map(|(outcome, fresh): (&Outcome, Fresh)| {
            let text = fresh.emit(outcome.tool())?;
            let Some(old) = existing.tools.get(&outcome.tool().id) else {
                return Ok(Emitted::Added(text.into_bytes()));
            };
            let bytes = &existing.files[&old.rel];
            if **bytes == *text.as_bytes() {
                return Ok(Emitted::Unchanged(old));
            }
            let text = text.to_text().into_owned();
            let old_text = if old.fresh {
                String::from_utf8_lossy(bytes).into_owned()
            } else {
                emit_tool(&old.tool)
            };
            if old_text == text {
                // Only comments or formatting differ: the reviewer's file stays.
                return Ok(Emitted::Unchanged(old));
            }
            Ok(Emitted::Changed { old, text, old_text })
        })
        .collect();
    let mut changed_keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (outcome, emitted) in regenerated.tools.iter().zip(emitted) {
        let emitted = emitted?;
        let tool = outcome.tool();
        if !is_safe_tool_id(&tool.id) {
            return Err(Box::new(
                Diagnostic::error(
                    codes::GENERATED_TOOL_BUG,
                    format!(
                        "the compiler produced the tool id `{}`, which is not a safe file name",
                        tool.id
                    ),
                )
                .with_help("this is a bug in genaug; please report it with the spec"),
            ));
        }
        let rel = format!("tools/{}.yaml", tool.id);
        if let Outcome::Merged(merged) = outcome {
            if let Some(escalation) = &merged.escalation {
                plan.tools.escalations.push((tool.id.clone(), escalation.clone()));
            }
            if merged.description_outdated {
                plan.tools.outdated_descriptions.push(tool.id.clone());
            }
        }
        match emitted {
            Emitted::Unchanged(old) => {
                plan.tools.unchanged += 1;
                plan.files.insert(rel, existing.files[&old.rel].clone());
            }
            Emitted::Changed { old, text, old_text } => {
                let kept = match outcome {
                    Outcome::Merged(merged) => merged.kept.clone(),
                    Outcome::Added(_) => Vec::new(),
                };
                let keys = genaug_model::changed_keys_in_text(&old_text, &text);
                changed_keys.insert(rel.clone(), keys.clone());
                plan.tools.changed.push(ChangedTool { id: tool.id.clone(), keys, kept });
                let bytes = &existing.files[&old.rel];
                if **bytes != *old_text.as_bytes() {
                    let file = SourceFile::new(old.name.clone(), String::from_utf8_lossy(bytes));
                    plan.diagnostics.push(
                        Diagnostic::warning(
                            codes::LOST_COMMENTS,
                            format!(
                                "`{}` changes and will be rewritten: its comments and hand formatting will not survive",
                                old.name
                            ),
                        )
                        .with_primary(Label::file(&Arc::new(file)))
                        .with_help(
                            "keep notes in `description` (an edited description is kept on regeneration)",
                        ),
                    );
                }
                plan.files.insert(rel, text.into_bytes().into());
            }
            Emitted::Added(bytes) => {
                plan.tools.added.push(tool.id.clone());
                plan.files.insert(rel, bytes);
            }
        }
    }
    for id in &regenerated.removed {
        plan.tools.removed.push(id.clone());
        if !prune && let Some(old) = existing.tools.get(id) {
            plan.files.insert(old.rel.clone(), existing.files[&old.rel].clone());
        }
    }

    plan.drift = drift(existing, &plan.files, &changed_keys, manifest);
    Ok(plan)
}

/// One tool's bytes against its previous file.
enum Emitted<'a> {
    /// No file on disk had its id: the bytes to write.
    Added(Bytes),
    /// The file on disk stays as it is.
    Unchanged(&'a ExistingTool),
    /// The bytes to write, and the previous file as emitted today.
    Changed { old: &'a ExistingTool, text: String, old_text: String },
}

/// File-level differences; `changed_keys` are those of the changed tool files, by path.
fn drift(
    existing: &Existing,
    files: &BTreeMap<String, Bytes>,
    changed_keys: &BTreeMap<String, Vec<String>>,
    manifest: &Manifest,
) -> Drift {
    let mut drift = Drift::default();
    for (rel, bytes) in files {
        match existing.files.get(rel) {
            None => drift.added.push(rel.clone()),
            Some(old) if old == bytes => {}
            Some(_) => {
                let keys = if rel == MANIFEST {
                    existing.manifest.as_ref().map_or_else(Vec::new, |(_, old)| {
                        match (serde_json::to_value(old), serde_json::to_value(manifest)) {
                            (Ok(old), Ok(new)) => regen::changed_top_level_keys(&old, &new),
                            _ => Vec::new(),
                        }
                    })
                } else {
                    changed_keys.get(rel).cloned().unwrap_or_default()
                };
                drift.changed.push((rel.clone(), keys));
            }
        }
    }
    drift.removed =
        existing.files.keys().filter(|rel| !files.contains_key(*rel)).cloned().collect();
    drift
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use genaug_compiler::regen::{description_sha256, regenerate};
    use genaug_model::{
        Binding, HttpMethod, ManifestSpec, RiskDecision, RiskLevel, RiskSource, ToolCounts,
        ToolOperation, ToolSource,
    };
    use genaug_source::SourceFile;

    use super::*;
    use genaug_model::ToolFile;

    /// Plans as integrate does: the fresh tools emitted and stripped of their schemas first.
    fn plan_of<T: std::borrow::Borrow<ToolFile>>(
        existing: &Existing,
        reviewed: &BTreeMap<String, T>,
        tools: Vec<ToolFile>,
        manifest: &Manifest,
        prune: bool,
    ) -> Result<Plan, Box<Diagnostic>> {
        let fresh: Vec<Fresh> = tools
            .into_iter()
            .map(|tool| {
                let on_disk = existing.files.get(&format!("tools/{}.yaml", tool.id));
                Fresh::new(tool, on_disk)
            })
            .collect();
        let regenerated = regenerate(reviewed, fresh.iter().map(|f| f.tool.clone()).collect());
        plan(existing, &regenerated, fresh, manifest, prune)
    }

    fn tool(id: &str, method: HttpMethod, risk: RiskLevel) -> ToolFile {
        ToolFile {
            id: id.into(),
            enabled: risk != RiskLevel::High,
            risk_level: risk,
            requires_approval: risk != RiskLevel::Low,
            description: format!("{id} description"),
            operation: ToolOperation {
                method,
                path: format!("/{id}"),
                operation_id: Some(id.into()),
                tags: Vec::new(),
                deprecated: false,
            },
            risk: RiskDecision {
                method_default: risk,
                generated: risk,
                source: RiskSource::Method,
                reason: "method table".into(),
            },
            input_schema: serde_json::json!({"type": "object"}),
            binding: Binding::default(),
            security: Vec::new(),
            source: ToolSource {
                spec: "spec.json".into(),
                pointer: format!("#/paths/~1{id}/get"),
                description_sha256: description_sha256(&format!("{id} description")),
            },
            generator: genaug_model::generator(),
        }
    }

    fn manifest(tools: usize) -> Manifest {
        Manifest {
            name: "acme".into(),
            description: "Acme".into(),
            spec: ManifestSpec {
                source: "spec.json".into(),
                sha256: "00".into(),
                openapi: "3.0.0".into(),
                title: "Acme".into(),
                version: "1".into(),
            },
            servers: Vec::new(),
            security_schemes: None,
            tools_dir: "tools".into(),
            filters: Default::default(),
            generated: ToolCounts { tools, ..ToolCounts::default() },
            generator: genaug_model::generator(),
        }
    }

    /// The on-disk state a previous run with `tools` would have produced, with the tool files'
    /// bytes optionally replaced (hand edits).
    fn on_disk(tools: &[ToolFile], manifest: &Manifest, edits: &[(&str, &str)]) -> Existing {
        let mut existing = Existing { project_exists: true, ..Existing::default() };
        for tool in tools {
            let rel = format!("tools/{}.yaml", tool.id);
            let text = edits
                .iter()
                .find(|(id, _)| *id == tool.id)
                .map_or_else(|| emit_tool(tool), |(_, text)| (*text).to_owned());
            existing.files.insert(rel.clone(), text.clone().into_bytes().into());
            existing.tools.insert(
                tool.id.clone(),
                ExistingTool {
                    rel: rel.clone(),
                    name: format!("acme/{rel}"),
                    tool: tool.clone(),
                    fresh: false,
                },
            );
        }
        existing.files.insert(MANIFEST.into(), emit_manifest(manifest).into_bytes().into());
        existing.files.insert(TOOL_SCHEMA.into(), genaug_model::tool_schema().into_bytes().into());
        existing
            .files
            .insert(MANIFEST_SCHEMA.into(), genaug_model::manifest_schema().into_bytes().into());
        existing.manifest =
            Some((Arc::new(SourceFile::new("acme/genaug-agent.yaml", "")), manifest.clone()));
        existing
    }

    fn first_and_second(tools: Vec<ToolFile>) -> (Plan, Plan) {
        let m = manifest(tools.len());
        let first = plan_of(
            &Existing::default(),
            &BTreeMap::<String, ToolFile>::new(),
            tools.clone(),
            &m,
            false,
        )
        .unwrap();
        let existing = on_disk(&tools, &m, &[]);
        let existing_map =
            existing.tools.iter().map(|(k, v)| (k.clone(), v.tool.clone())).collect();
        let second = plan_of(&existing, &existing_map, tools, &m, false).unwrap();
        (first, second)
    }

    #[test]
    fn first_run_adds_every_file() {
        let (first, _) = first_and_second(vec![
            tool("a", HttpMethod::Get, RiskLevel::Low),
            tool("b", HttpMethod::Post, RiskLevel::Medium),
        ]);
        assert_eq!(first.tools.added, ["a", "b"]);
        assert_eq!(
            first.drift.added,
            ["genaug-agent.yaml", TOOL_SCHEMA, MANIFEST_SCHEMA, "tools/a.yaml", "tools/b.yaml"]
                .map(String::from)
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
        assert!(first.files[TOOL_SCHEMA].starts_with(b"{"));
    }

    #[test]
    fn second_run_with_the_same_spec_has_no_drift() {
        let (first, second) = first_and_second(vec![tool("a", HttpMethod::Get, RiskLevel::Low)]);
        assert!(second.drift.is_empty(), "{:?}", second.drift);
        assert_eq!(second.tools.unchanged, 1);
        assert_eq!(first.files, second.files);
    }

    #[test]
    fn reviewer_edits_survive_and_are_not_drift() {
        let fresh = tool("deletePet", HttpMethod::Delete, RiskLevel::High);
        let m = manifest(1);
        let mut reviewed = fresh.clone();
        reviewed.enabled = true;
        reviewed.description = "Delete a pet. Only after the owner confirmed.".into();
        let existing = on_disk(std::slice::from_ref(&reviewed), &m, &[]);
        let map = BTreeMap::from([(reviewed.id.clone(), reviewed.clone())]);
        let result = plan_of(&existing, &map, vec![fresh], &m, false).unwrap();
        assert!(result.drift.is_empty(), "{:?}", result.drift);
        let written = String::from_utf8(result.files["tools/deletePet.yaml"].to_vec()).unwrap();
        assert!(written.contains("enabled: true"), "{written}");
        assert!(written.contains("Only after the owner confirmed"), "{written}");
    }

    #[test]
    fn spec_change_is_drift_with_the_changed_keys() {
        let old = tool("a", HttpMethod::Get, RiskLevel::Low);
        let m = manifest(1);
        let existing = on_disk(std::slice::from_ref(&old), &m, &[]);
        let mut fresh = old.clone();
        fresh.input_schema = serde_json::json!({"type": "object", "properties": {"x": {}}});
        let map = BTreeMap::from([("a".to_owned(), old)]);
        let result = plan_of(&existing, &map, vec![fresh], &m, false).unwrap();
        assert_eq!(
            result.drift.changed,
            [("tools/a.yaml".to_owned(), vec!["input_schema".to_owned()])]
        );
        assert_eq!(result.tools.changed[0].keys, ["input_schema"]);
        assert!(result.diagnostics.is_empty());
    }

    #[test]
    fn removed_tools_are_kept_unless_pruned() {
        let old = vec![
            tool("a", HttpMethod::Get, RiskLevel::Low),
            tool("gone", HttpMethod::Get, RiskLevel::Low),
        ];
        let m = manifest(1);
        let existing = on_disk(&old, &m, &[]);
        let map: BTreeMap<_, _> = old.iter().map(|t| (t.id.clone(), t.clone())).collect();
        let fresh = vec![old[0].clone()];

        let kept = plan_of(&existing, &map, fresh.clone(), &m, false).unwrap();
        assert_eq!(kept.tools.removed, ["gone"]);
        assert!(kept.files.contains_key("tools/gone.yaml"));
        assert!(kept.drift.is_empty());

        let pruned = plan_of(&existing, &map, fresh, &m, true).unwrap();
        assert!(!pruned.files.contains_key("tools/gone.yaml"));
        assert_eq!(pruned.drift.removed, ["tools/gone.yaml"]);
    }

    #[test]
    fn hand_formatting_is_kept_when_the_tool_does_not_change_and_warned_when_it_does() {
        let old = tool("a", HttpMethod::Get, RiskLevel::Low);
        let m = manifest(1);
        let commented = format!("{}# reviewed by ops, 2026-11\n", emit_tool(&old));
        let existing = on_disk(std::slice::from_ref(&old), &m, &[("a", &commented)]);
        let map = BTreeMap::from([("a".to_owned(), old.clone())]);

        let same = plan_of(&existing, &map, vec![old.clone()], &m, false).unwrap();
        assert_eq!(*same.files["tools/a.yaml"], *commented.as_bytes());
        assert!(same.diagnostics.is_empty());
        assert!(same.drift.is_empty());

        let mut fresh = old.clone();
        fresh.operation.deprecated = true;
        let changed = plan_of(&existing, &map, vec![fresh], &m, false).unwrap();
        assert_eq!(changed.diagnostics.len(), 1);
        assert_eq!(changed.diagnostics[0].code, codes::LOST_COMMENTS);
        assert_eq!(
            changed.drift.changed,
            [("tools/a.yaml".to_owned(), vec!["operation".to_owned()])]
        );
    }

    #[test]
    fn foreign_files_in_tools_and_schemas_are_kept() {
        let old = tool("a", HttpMethod::Get, RiskLevel::Low);
        let m = manifest(1);
        let mut existing = on_disk(std::slice::from_ref(&old), &m, &[]);
        existing.files.insert("tools/README.md".into(), b"notes".as_slice().into());
        existing.files.insert("schemas/policy.schema.json".into(), b"{}".as_slice().into());
        let map = BTreeMap::from([("a".to_owned(), old.clone())]);
        let result = plan_of(&existing, &map, vec![old], &m, true).unwrap();
        assert_eq!(*result.files["tools/README.md"], *b"notes");
        assert!(result.files.contains_key("schemas/policy.schema.json"));
        assert!(result.drift.is_empty());
    }

    #[test]
    fn escalation_is_reported() {
        let old = tool("op", HttpMethod::Get, RiskLevel::Low);
        let m = manifest(1);
        let existing = on_disk(std::slice::from_ref(&old), &m, &[]);
        let fresh = tool("op", HttpMethod::Delete, RiskLevel::High);
        let map = BTreeMap::from([("op".to_owned(), old)]);
        let result = plan_of(&existing, &map, vec![fresh], &m, false).unwrap();
        assert_eq!(result.tools.escalations.len(), 1);
        assert_eq!(result.tools.escalations[0].1.to, RiskLevel::High);
    }

    #[test]
    fn manifest_changes_list_their_keys() {
        let old = tool("a", HttpMethod::Get, RiskLevel::Low);
        let m = manifest(1);
        let existing = on_disk(std::slice::from_ref(&old), &m, &[]);
        let mut new_manifest = m.clone();
        new_manifest.spec.sha256 = "11".into();
        let map = BTreeMap::from([("a".to_owned(), old.clone())]);
        let result = plan_of(&existing, &map, vec![old], &new_manifest, false).unwrap();
        assert_eq!(
            result.drift.changed,
            [("genaug-agent.yaml".to_owned(), vec!["spec".to_owned()])]
        );
    }

    #[test]
    fn unsafe_ids_are_refused() {
        assert!(is_safe_tool_id("repos_get-1"));
        for id in ["", "../x", "a/b", "a.b", &"x".repeat(65)] {
            assert!(!is_safe_tool_id(id), "{id}");
        }
        let mut bad = tool("a", HttpMethod::Get, RiskLevel::Low);
        bad.id = "../evil".into();
        let error = plan_of(
            &Existing::default(),
            &BTreeMap::<String, ToolFile>::new(),
            vec![bad],
            &manifest(1),
            false,
        )
        .unwrap_err();
        assert_eq!(error.code, codes::GENERATED_TOOL_BUG);
    }
}
