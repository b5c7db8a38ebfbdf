//! `genaug integrate`: first run, regeneration, reviewer edits, `--check`, failures.

use crate::{Sandbox, snapshot};

const PETSTORE: &str = "specs/oai-examples/v3.0/petstore.json";
const PETSTORE_CHANGED: &str = "cli/petstore-changed.json";

/// A sandbox with `petstore.json` and a first run's project in `petstore/`.
fn integrated() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(PETSTORE, "petstore.json");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    sandbox
}

fn no_leftovers(sandbox: &Sandbox) {
    let leftovers: Vec<String> =
        sandbox.tree("petstore").into_keys().filter(|path| path.starts_with(".genaug-")).collect();
    assert!(leftovers.is_empty(), "staging or old folders left behind: {leftovers:?}");
}

#[test]
fn integrate_help() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["integrate", "--help"]);
    assert_eq!(run.code, Some(0));
    snapshot("integrate_help", &run.transcript);
}

#[test]
fn first_run_writes_the_project() {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(PETSTORE, "petstore.json");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("first_run", &run.transcript);
    snapshot("first_run_files", &sandbox.dump("petstore"));

    let tree = sandbox.tree("petstore");
    let names: Vec<&str> = tree.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "genaug-agent.yaml",
            "schemas/",
            "schemas/manifest.schema.json",
            "schemas/tool.schema.json",
            "tools/",
            "tools/createPets.yaml",
            "tools/listPets.yaml",
            "tools/showPetById.yaml",
        ]
    );
    assert_eq!(tree["schemas/tool.schema.json"], genaug_model::tool_schema().as_bytes());
    assert_eq!(tree["schemas/manifest.schema.json"], genaug_model::manifest_schema().as_bytes());
    let root = sandbox.path().to_string_lossy().into_owned();
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(&root), "{path} contains the absolute temp path");
        if path.starts_with("tools/") && !path.ends_with('/') {
            assert!(text.starts_with(genaug_model::TOOL_SCHEMA_HEADER), "{path}");
        }
    }
}

#[test]
fn second_run_with_the_same_spec_changes_nothing() {
    let sandbox = integrated();
    let before = sandbox.tree("petstore");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("second_run", &run.transcript);
    assert_eq!(sandbox.tree("petstore"), before, "a second run must be byte-identical");
    no_leftovers(&sandbox);
}

#[test]
fn hand_edits_survive_regeneration() {
    let sandbox = integrated();
    let show = sandbox.read("petstore/tools/showPetById.yaml");
    let edited = show.replacen(
        "description: Info for a specific pet",
        "description: Look up one pet by its id. Use before changing a pet.",
        1,
    );
    assert_ne!(show, edited, "the fixture's description moved");
    sandbox.write("petstore/tools/showPetById.yaml", &edited);
    let list = sandbox.read("petstore/tools/listPets.yaml");
    let disabled = list.replacen("enabled: true", "enabled: false", 1);
    assert_ne!(list, disabled);
    sandbox.write("petstore/tools/listPets.yaml", &disabled);

    // Same spec: the edits are kept as they are.
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("hand_edit_same_spec", &run.transcript);
    assert_eq!(sandbox.read("petstore/tools/showPetById.yaml"), edited);
    assert_eq!(sandbox.read("petstore/tools/listPets.yaml"), disabled);

    // Changed spec: showPetById's spec description changed, the reviewer's text is kept.
    sandbox.copy_fixture(PETSTORE_CHANGED, "petstore.json");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("hand_edit_changed_spec", &run.transcript);
    let show = sandbox.read("petstore/tools/showPetById.yaml");
    assert!(show.contains("description: Look up one pet by its id. Use before changing a pet."));
    // listPets escalated to high risk: the reviewer's `enabled: false` equals the new default.
    let list = sandbox.read("petstore/tools/listPets.yaml");
    assert!(list.contains("risk_level: high") && list.contains("enabled: false"), "{list}");
    no_leftovers(&sandbox);
}

#[test]
fn regeneration_reports_added_removed_changed_and_escalations() {
    let sandbox = integrated();
    sandbox.copy_fixture(PETSTORE_CHANGED, "petstore.json");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore", "--explain"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("regeneration", &run.transcript);
    let tree = sandbox.tree("petstore");
    assert!(tree.contains_key("tools/deletePet.yaml"));
    assert!(tree.contains_key("tools/createPets.yaml"), "removed tools are kept without --prune");
    let list = sandbox.read("petstore/tools/listPets.yaml");
    assert!(list.contains("requires_approval: true"), "escalation resets approval: {list}");

    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore", "--prune"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("prune", &run.transcript);
    assert!(!sandbox.tree("petstore").contains_key("tools/createPets.yaml"));
    no_leftovers(&sandbox);
}

#[test]
fn check_is_clean_on_an_up_to_date_project() {
    let sandbox = integrated();
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore", "--check"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("check_clean", &run.transcript);
}

#[test]
fn check_reports_drift_and_writes_nothing() {
    let sandbox = integrated();
    sandbox.copy_fixture(PETSTORE_CHANGED, "petstore.json");
    let before = sandbox.tree("petstore");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore", "--check"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    snapshot("check_drifting", &run.transcript);
    assert_eq!(sandbox.tree("petstore"), before, "--check must not write");

    let run = sandbox.run(&[
        "integrate",
        "petstore.json",
        "--name",
        "petstore",
        "--check",
        "--prune",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(report["drift"], true);
    assert_eq!(report["mode"], "check");
    assert_eq!(report["files"]["added"], serde_json::json!(["tools/deletePet.yaml"]));
    assert_eq!(report["files"]["removed"], serde_json::json!(["tools/createPets.yaml"]));
    assert_eq!(report["changes"]["escalations"][0]["id"], "listPets");
    assert_eq!(sandbox.tree("petstore"), before, "--check must not write");
}

#[test]
fn check_without_a_project_is_drift() {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(PETSTORE, "petstore.json");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore", "--check"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    assert!(!sandbox.path().join("petstore").exists());
}

#[test]
fn comments_are_kept_while_the_tool_is_unchanged_and_warned_about_otherwise() {
    let sandbox = integrated();
    let commented = format!(
        "{}# reviewed with the pets team\n",
        sandbox.read("petstore/tools/showPetById.yaml")
    );
    sandbox.write("petstore/tools/showPetById.yaml", &commented);
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert_eq!(sandbox.read("petstore/tools/showPetById.yaml"), commented);

    sandbox.copy_fixture(PETSTORE_CHANGED, "petstore.json");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("comments_lost_warning", &run.transcript);
    assert!(!sandbox.read("petstore/tools/showPetById.yaml").contains("# reviewed"));
}

#[test]
fn json_summary_of_a_first_run() {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(PETSTORE, "petstore.json");
    let run =
        sandbox.run(&["integrate", "petstore.json", "--name", "petstore", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(report["summary"]["tools"], 3);
    assert_eq!(report["summary"]["risk"], serde_json::json!({"low": 2, "medium": 1, "high": 0}));
    assert_eq!(report["changes"]["regenerated"], false);
    assert!(report["diagnostics"].is_array());
    snapshot("first_run_json", &run.transcript);
}

#[test]
fn absolute_spec_paths_are_recorded_relative_to_the_project() {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(PETSTORE, "petstore.json");
    let spec = sandbox.path().join("petstore.json");
    let spec = spec.to_string_lossy().into_owned();
    let run = sandbox.run(&["integrate", &spec, "--name", "petstore", "--out", "agents"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let manifest = sandbox.read("agents/petstore/genaug-agent.yaml");
    assert!(manifest.contains("source: ../../petstore.json"), "{manifest}");
    let tool = sandbox.read("agents/petstore/tools/listPets.yaml");
    assert!(tool.contains("spec: ../../petstore.json"), "{tool}");
}

#[test]
fn invalid_name_fails_and_writes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(PETSTORE, "petstore.json");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "../escape"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("invalid_name", &run.transcript);
    assert_eq!(sandbox.tree("").len(), 1, "only the spec is there");
}

#[test]
fn invalid_existing_tool_file_fails_and_changes_nothing() {
    let sandbox = integrated();
    let list = sandbox.read("petstore/tools/listPets.yaml");
    sandbox.write(
        "petstore/tools/listPets.yaml",
        &list.replacen("enabled: true", "enabled: maybe", 1),
    );
    sandbox.copy_fixture(PETSTORE_CHANGED, "petstore.json");
    let before = sandbox.tree("petstore");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "petstore"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("invalid_existing_tool_file", &run.transcript);
    assert_eq!(sandbox.tree("petstore"), before);
}

#[test]
fn broken_spec_fails_with_a_located_error() {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture("cli/broken.yaml", "broken.yaml");
    let run = sandbox.run(&["integrate", "broken.yaml", "--name", "broken"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("broken_spec", &run.transcript);
    assert!(!sandbox.path().join("broken").exists());
}

#[test]
fn missing_spec_fails() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["integrate", "missing.json", "--name", "x", "--format", "json"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(report["status"], "failure");
    assert_eq!(report["diagnostics"][0]["code"], "F001");
}

#[test]
fn schema_prints_the_published_schemas() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["schema", "tool"]);
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stdout, genaug_model::tool_schema());
    let run = sandbox.run(&["schema", "manifest"]);
    assert_eq!(run.stdout, genaug_model::manifest_schema());
}

#[test]
fn filters_are_recorded_and_reused() {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(PETSTORE, "petstore.json");
    let first = sandbox.run(&[
        "integrate",
        "petstore.json",
        "--name",
        "petstore",
        "--exclude-operation",
        "createPets",
    ]);
    assert_eq!(first.code, Some(0), "{}", first.transcript);
    assert!(
        sandbox.read("petstore/genaug-agent.yaml").contains("exclude_operations:\n  - createPets")
    );
    // Without flags, the recorded filters apply: no drift, nothing removed or added.
    let check = sandbox.run(&["integrate", "petstore.json", "--name", "petstore", "--check"]);
    assert_eq!(check.code, Some(0), "{}", check.transcript);
    snapshot("filters_reused_by_check", &check.transcript);
    assert!(!sandbox.path().join("petstore/tools/createPets.yaml").exists());
}
