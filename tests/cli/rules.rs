//! `genaug rules`, `genaug explain CODE` and `genaug init [DIR]`.

use crate::{Sandbox, snapshot};

#[test]
fn help_of_rules_explain_and_init() {
    let sandbox = Sandbox::new();
    for command in ["rules", "explain", "init"] {
        let run = sandbox.run(&[command, "--help"]);
        assert_eq!(run.code, Some(0), "{}", run.transcript);
        snapshot(&format!("{command}_help"), &run.transcript);
    }
}

#[test]
fn rules_table_and_json() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["rules"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    for rule in genaug_linter::rules() {
        assert!(run.stdout.contains(rule.code) && run.stdout.contains(rule.name), "{}", rule.code);
    }
    snapshot("rules", &run.transcript);

    let run = sandbox.run(&["rules", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let list = value.as_array().expect("an array");
    assert_eq!(list.len(), genaug_linter::rules().len());
    assert_eq!(list[0]["code"], genaug_linter::rules()[0].code);
    for key in ["code", "name", "family", "severity", "scope", "summary"] {
        assert!(list.iter().all(|rule| rule[key].is_string()), "{key}");
    }
}

#[test]
fn explain_every_kind_of_code() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["explain", "r201"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert_eq!(run.stdout, genaug_linter::explain("R201").unwrap());
    for (code, name) in
        [("V202", "explain_V202"), ("C101", "explain_C101"), ("F004", "explain_F004")]
    {
        let run = sandbox.run(&["explain", code]);
        assert_eq!(run.code, Some(0), "{}", run.transcript);
        snapshot(name, &run.transcript);
    }
}

#[test]
fn explain_unknown_code_suggests_the_closest() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["explain", "R2O1"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert_eq!(run.stdout, "");
    assert!(run.transcript.contains("did you mean `R201`?"), "{}", run.transcript);
    snapshot("explain_unknown", &run.transcript);
    let run = sandbox.run(&["explain", "nothing-like-a-code"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(!run.transcript.contains("did you mean"), "{}", run.transcript);
}

#[test]
fn init_writes_once_and_refuses_to_overwrite() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["init"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("init", &run.transcript);
    assert_eq!(sandbox.read("genaug-policy.yaml"), genaug_linter::init_template());
    assert_eq!(sandbox.read("schemas/policy.schema.json"), genaug_linter::policy_schema());

    sandbox.write("genaug-policy.yaml", "allow: []\n");
    let run = sandbox.run(&["init"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("init_exists", &run.transcript);
    assert_eq!(sandbox.read("genaug-policy.yaml"), "allow: []\n", "kept without --force");

    let run = sandbox.run(&["init", "--force"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert_eq!(sandbox.read("genaug-policy.yaml"), genaug_linter::init_template());
    let names: Vec<String> = sandbox.tree("").into_keys().collect();
    assert_eq!(
        names,
        ["genaug-policy.yaml", "schemas/", "schemas/policy.schema.json"],
        "no temporary files left"
    );

    let run = sandbox.run(&["init", "no-such-folder"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(run.transcript.contains("F323"), "{}", run.transcript);
}

#[test]
fn the_starter_policy_lints_a_project() {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture("specs/oai-examples/v3.0/petstore.yaml", "petstore.yaml");
    let run = sandbox.run(&["integrate", "petstore.yaml", "--name", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let run = sandbox.run(&["init", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(!run.transcript.contains("note:"), "the project has a manifest: {}", run.transcript);
    // The starter enforces no allowlist until the team writes one: a freshly generated project
    // passes (petstore has no high-risk tool), and the policy itself is valid.
    let run = sandbox.run(&["lint", "petstore", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let codes: Vec<&str> =
        value.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(!codes.iter().any(|c| c.starts_with('P')), "{codes:?}");
    assert!(!codes.iter().any(|c| c.starts_with('G')), "the starter policy is valid: {codes:?}");
}
