//! `genaug diff`: two versions of `review/acme*.yaml` — v2 adds a DELETE (`delete_reply`),
//! removes `create_ticket`, adds a required `assignee` to `list_tickets` and rewords
//! `get_ticket`'s summary.

use crate::tools::acme;
use crate::{Sandbox, snapshot};

#[test]
fn diff_help() {
    let run = Sandbox::new().run(&["diff", "--help"]);
    assert_eq!(run.code, Some(0));
    snapshot("diff_help", &run.transcript);
}

#[test]
fn two_specs_in_every_format() {
    let sandbox = acme();
    let run = sandbox.run(&["diff", "acme-v1.yaml", "acme-v2.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("diff_human", &run.transcript);
    let run = sandbox.run(&["diff", "acme-v1.yaml", "acme-v2.yaml", "--format", "markdown"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("diff_markdown", &run.transcript);

    let run = sandbox.run(&["diff", "acme-v1.yaml", "acme-v2.yaml", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(report["summary"]["added"], 1);
    assert_eq!(report["summary"]["removed"], 1);
    let changes = report["changes"].as_array().expect("changes");
    let find = |tool: &str, kind: &str| {
        changes
            .iter()
            .find(|c| c["tool"] == tool && c["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} change for {tool}: {report:#}"))
    };
    let added = find("delete_reply", "added");
    assert_eq!(added["escalation"], true, "a new DELETE is an escalation");
    let removed = find("create_ticket", "removed");
    assert_eq!(removed["breaking"], true);
    let required = changes
        .iter()
        .find(|c| {
            c["tool"] == "list_tickets"
                && c["detail"].as_str().is_some_and(|d| d.contains("`assignee`"))
        })
        .expect("the new required input");
    assert_eq!(required["breaking"], true);
    assert!(required["detail"].as_str().expect("detail").starts_with("new required input"));
    let description = find("get_ticket", "changed");
    assert!(description["detail"].as_str().expect("detail").starts_with("description changed"));
    assert_eq!(description["breaking"], false);
    assert_eq!(description["escalation"], false);
}

#[test]
fn fail_on_gates_ci() {
    let sandbox = acme();
    let run = sandbox.run(&["diff", "acme-v1.yaml", "acme-v2.yaml", "--fail-on", "escalation"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    let run = sandbox.run(&["diff", "acme-v1.yaml", "acme-v2.yaml", "--fail-on", "breaking"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    // The same spec twice: nothing to fail on.
    let run =
        sandbox.run(&["diff", "acme-v1.yaml", "acme-v1.yaml", "--fail-on", "escalation,breaking"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(run.stdout.contains("no changes to the tool surface"), "{}", run.transcript);
}

#[test]
fn a_project_against_a_spec_keeps_the_reviewers_decisions() {
    let sandbox = acme();
    // The reviewer disabled draft_support_reply; the new spec does not touch it.
    let run =
        sandbox.run(&["tools", "toggle", "draft_support_reply", "--project", "acme", "--disable"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let run = sandbox.run(&["diff", "acme", "acme-v2.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("diff_project_spec", &run.transcript);
    assert!(
        !run.stdout.contains("draft_support_reply"),
        "reviewer decisions are not changes: {}",
        run.transcript
    );
    // A project against itself-as-spec: no changes.
    let run = sandbox.run(&["diff", "acme/genaug-agent.yaml", "acme-v1.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(run.stdout.contains("no changes to the tool surface"), "{}", run.transcript);
}

#[test]
fn an_unreadable_side_is_a_failure() {
    let sandbox = acme();
    let run = sandbox.run(&["diff", "acme-v1.yaml", "missing.yaml"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
}
