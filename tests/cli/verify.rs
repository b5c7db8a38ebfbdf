//! `genaug verify` on a project generated from `review/acme-v1.yaml`: pass, the evidence object,
//! drift (the spec changed under the project), lint errors, and a spec that cannot be found.

use crate::tools::acme;
use crate::{Sandbox, snapshot};

#[test]
fn verify_passes_and_prints_evidence() {
    let sandbox = acme();
    let mut text = String::new();
    let run = sandbox.run(&["verify", "--project", "acme"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    text.push_str(&run.transcript);
    let run = sandbox.run(&["verify", "--project", "acme/genaug-agent.yaml", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    text.push_str(&run.transcript);
    snapshot("verify_pass", &text);

    let evidence: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(evidence["result"], "pass");
    assert_eq!(evidence["project"], "acme");
    let spec = std::fs::read(sandbox.path().join("acme-v1.yaml")).expect("spec");
    let sha = evidence["spec"]["sha256"].as_str().expect("sha");
    assert_eq!(sha.len(), 64);
    assert_eq!(sha, evidence["spec"]["recorded_sha256"].as_str().expect("recorded"));
    let tools = &evidence["tools"];
    let by_risk = &tools["by_risk"];
    assert_eq!(
        tools["total"],
        by_risk["low"].as_u64().unwrap()
            + by_risk["medium"].as_u64().unwrap()
            + by_risk["high"].as_u64().unwrap()
    );
    assert_eq!(
        tools["total"],
        tools["enabled"].as_u64().unwrap() + tools["disabled"].as_u64().unwrap()
    );
    assert!(!spec.is_empty());
}

#[test]
fn verify_from_another_folder_finds_the_spec_from_the_project() {
    // The manifest records `../acme-v1.yaml`, relative to the project folder: inside a
    // repository, verify finds it from any folder.
    let sandbox = acme();
    std::fs::create_dir(sandbox.path().join(".git")).expect("mkdir");
    std::fs::create_dir(sandbox.path().join("elsewhere")).expect("mkdir");
    let run = sandbox.run_in("elsewhere", &["verify", "--project", "../acme"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(run.stdout.contains("result: pass"), "{}", run.transcript);

    // Outside a repository a recorded spec is read only below the current folder; `--spec`
    // names it explicitly.
    std::fs::remove_dir(sandbox.path().join(".git")).expect("rmdir");
    let run = sandbox.run_in("elsewhere", &["verify", "--project", "../acme"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(run.transcript.contains("F331"), "{}", run.transcript);
    let run = sandbox
        .run_in("elsewhere", &["verify", "--project", "../acme", "--spec", "../acme-v1.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
}

#[test]
fn verify_fails_on_drift_and_lint_errors() {
    let sandbox = acme();
    // The spec changes under the project (v2 adds and removes operations): drift.
    std::fs::copy(sandbox.path().join("acme-v2.yaml"), sandbox.path().join("acme-v1.yaml"))
        .expect("copy");
    let run = sandbox.run(&["verify", "--project", "acme"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    assert!(run.transcript.contains("F330"), "{}", run.transcript);
    let mut text = run.transcript;
    let run = sandbox.run(&["verify", "--project", "acme", "--json"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    let evidence: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(evidence["result"], "fail");
    assert!(evidence["findings"]["drift"]["error"].as_u64().unwrap() > 0);
    assert_ne!(evidence["spec"]["sha256"], evidence["spec"]["recorded_sha256"]);
    text.push_str(&run.transcript);
    snapshot("verify_drift", &text);
}

#[test]
fn verify_fails_on_a_lint_error() {
    let sandbox = acme();
    // Enabling the DELETE by hand, without an acceptance, is a policy error (not drift: enabled
    // is a reviewer field).
    let path = "acme/tools/delete_ticket.yaml";
    let text = sandbox.read(path);
    assert!(text.contains("enabled: false"), "{text}");
    sandbox.write(path, &text.replacen("enabled: false", "enabled: true", 1));
    let run = sandbox.run(&["verify", "--project", "acme", "--json"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    let evidence: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(evidence["findings"]["drift"]["error"], 0, "{}", run.stdout);
    assert!(evidence["findings"]["lint"]["error"].as_u64().unwrap() > 0, "{}", run.stdout);
}

#[test]
fn verify_without_the_spec_cannot_run() {
    let sandbox = acme();
    std::fs::remove_file(sandbox.path().join("acme-v1.yaml")).expect("rm");
    let run = sandbox.run(&["verify", "--project", "acme"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    let none = Sandbox::new();
    let run2 = none.run(&["verify", "--project", "nowhere"]);
    assert_eq!(run2.code, Some(2), "{}", run2.transcript);
    snapshot("verify_cannot_run", &format!("{}{}", run.transcript, run2.transcript));
}
