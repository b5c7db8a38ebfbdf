//! `genaug validate`: clean, findings, unsupported version, machine formats, `--severity`.

use crate::{Sandbox, snapshot};

const PETSTORE: &str = "specs/oai-examples/v3.0/petstore.yaml";
const V201: &str = "validate/V201_duplicate_operation_id.yaml";
const V212: &str = "validate/V212_operation_id_not_tool_name.yaml";
const V3_2: &str = "specs/oai-examples/v3.2/3.2-tags-example.yaml";

fn sandbox_with(fixture: &str, name: &str) -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(fixture, name);
    sandbox
}

/// Checks `sarif` against the official SARIF 2.1.0 schema; returns the parsed log.
pub(crate) fn assert_valid_sarif(sarif: &str) -> serde_json::Value {
    let path = genaug_testing::fixture("specs/json-schemas/sarif-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("SARIF schema")).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles offline");
    let log: serde_json::Value = serde_json::from_str(sarif).expect("SARIF output is JSON");
    let errors: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF violates the schema:\n{}", errors.join("\n"));
    // The validator does reject a broken log (so the check above can fail).
    let mut broken = log.clone();
    broken["runs"][0]["tool"]["driver"]["name"] = serde_json::Value::Null;
    assert!(!validator.is_valid(&broken));
    log
}

/// SARIF names the producing version; snapshots should not change with every release.
pub(crate) fn without_version(text: &str) -> String {
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    text.replace(&version, "\"version\": \"[VERSION]\"")
}

#[test]
fn validate_help() {
    let run = Sandbox::new().run(&["validate", "--help"]);
    assert_eq!(run.code, Some(0));
    snapshot("validate_help", &run.transcript);
}

#[test]
fn clean_spec_exits_0() {
    let sandbox = sandbox_with(PETSTORE, "petstore.yaml");
    let run = sandbox.run(&["validate", "petstore.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("validate_clean", &run.transcript);
}

#[test]
fn errors_exit_1_with_located_diagnostics() {
    let sandbox = sandbox_with(V201, "openapi.yaml");
    let run = sandbox.run(&["validate", "openapi.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    assert!(run.stdout.contains("openapi.yaml:16:20"), "{}", run.transcript);
    snapshot("validate_findings", &run.transcript);
}

#[test]
fn unsupported_version_exits_2_on_stderr() {
    let sandbox = sandbox_with(V3_2, "openapi.yaml");
    for format in ["human", "sarif"] {
        let run = sandbox.run(&["validate", "openapi.yaml", "--format", format]);
        assert_eq!(run.code, Some(2), "{}", run.transcript);
        assert_eq!(run.stdout, "", "nothing on stdout when validate could not run");
        if format == "human" {
            snapshot("validate_unsupported_version", &run.transcript);
        }
    }
}

#[test]
fn json_output() {
    let sandbox = sandbox_with(V201, "openapi.yaml");
    let run = sandbox.run(&["validate", "openapi.yaml", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(value[0]["code"], "V201");
    assert_eq!(value[0]["line"], 16);
    snapshot("validate_json", &run.transcript);
}

#[test]
fn sarif_output_is_valid_sarif() {
    let sandbox = sandbox_with(V201, "openapi.yaml");
    let run = sandbox.run(&["validate", "openapi.yaml", "--format", "sarif"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    let log = assert_valid_sarif(&run.stdout);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "V201");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "openapi.yaml"
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), genaug_openapi::validate::CHECKS.len(), "every check is a rule");
    snapshot("validate_sarif", &without_version(&run.transcript));

    // A clean document is a valid, empty log too.
    let sandbox = sandbox_with(PETSTORE, "petstore.yaml");
    let run = sandbox.run(&["validate", "petstore.yaml", "--format", "sarif"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let log = assert_valid_sarif(&run.stdout);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn severity_filters_what_is_shown() {
    let sandbox = sandbox_with(V212, "openapi.yaml");
    let all = sandbox.run(&["validate", "openapi.yaml", "--format", "github"]);
    assert_eq!(all.code, Some(0), "{}", all.transcript);
    assert!(all.stdout.contains("title=V212"), "{}", all.transcript);
    let errors = sandbox.run(&["validate", "openapi.yaml", "--severity", "error"]);
    assert_eq!(errors.code, Some(0), "{}", errors.transcript);
    assert!(!errors.stdout.contains("V212"), "{}", errors.transcript);
    snapshot("validate_github", &all.transcript);
    snapshot("validate_severity_error", &errors.transcript);
}
