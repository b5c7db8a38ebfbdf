//! `genaug lint`: a whole generated project with hand mutations, a pre-commit file list, every
//! output format, `--spec` drift, `--max-warnings`, and failures.

use crate::validate::{assert_valid_sarif, without_version};
use crate::{Sandbox, snapshot};

const PETSTORE: &str = "specs/oai-examples/v3.0/petstore.yaml";
const PETSTORE_CHANGED: &str = "cli/petstore-changed.json";
const POLICY: &str = "cli/lint/genaug-policy.yaml";

/// `petstore.yaml`, the project `genaug integrate` writes from it in `petstore/`, and the test
/// policy next to its manifest.
fn project() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(PETSTORE, "petstore.yaml");
    let run = sandbox.run(&["integrate", "petstore.yaml", "--name", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    sandbox.copy_fixture(POLICY, "petstore/genaug-policy.yaml");
    sandbox
}

/// Replaces `from` by `to` once in `rel`, failing when `from` is not there.
fn edit(sandbox: &Sandbox, rel: &str, from: &str, to: &str) {
    let text = sandbox.read(rel);
    assert!(text.contains(from), "{rel} has no `{from}`:\n{text}");
    sandbox.write(rel, &text.replacen(from, to, 1));
}

/// The project with reviewers' mistakes: approval switched off on a POST tool, an unknown key,
/// and a project API key pasted into a description.
fn mutated() -> Sandbox {
    let sandbox = project();
    edit(
        &sandbox,
        "petstore/tools/createPets.yaml",
        "requires_approval: true",
        "requires_approval: false",
    );
    edit(
        &sandbox,
        "petstore/tools/listPets.yaml",
        "enabled: true\n",
        "enabled: true\nowner: pets-team\n",
    );
    edit(
        &sandbox,
        "petstore/tools/showPetById.yaml",
        "description: Info for a specific pet",
        "description: Info for a specific pet (key gaadmlive_4f9aQ2xZ7mK1pL8sT3vW)",
    );
    sandbox
}

/// (code, file, line) of every finding in `--format json` output.
fn findings(stdout: &str) -> Vec<(String, String, u64)> {
    let value: serde_json::Value = serde_json::from_str(stdout).expect("JSON output");
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn has(found: &[(String, String, u64)], code: &str, file: &str, line: u64) -> bool {
    found.iter().any(|(c, f, l)| c == code && f == file && *l == line)
}

#[test]
fn lint_help() {
    let run = Sandbox::new().run(&["lint", "--help"]);
    assert_eq!(run.code, Some(0));
    snapshot("lint_help", &run.transcript);
}

#[test]
fn whole_project_finds_each_mutation_at_its_line() {
    let sandbox = mutated();
    let run = sandbox.run(&["lint", "petstore"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    snapshot("lint_project", &run.transcript);

    let run = sandbox.run(&["lint", "petstore", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    let found = findings(&run.stdout);
    let expected = [
        ("R201", "petstore/tools/createPets.yaml", 5),
        ("S001", "petstore/tools/listPets.yaml", 4),
        ("K401", "petstore/tools/showPetById.yaml", 6),
        ("R204", "petstore/genaug-policy.yaml", 16),
        ("P103", "petstore/genaug-policy.yaml", 10),
    ];
    for (code, file, line) in expected {
        assert!(has(&found, code, file, line), "no {code} at {file}:{line} in {found:?}");
    }

    // The same project from inside it, and from its tools folder: the same findings.
    let inside = std::process::Command::new(env!("CARGO_BIN_EXE_genaug"))
        .args(["lint", "--format", "json"])
        .current_dir(sandbox.path().join("petstore"))
        .output()
        .expect("run genaug");
    assert_eq!(inside.status.code(), Some(1));
    let inside = findings(&String::from_utf8_lossy(&inside.stdout));
    assert_eq!(inside.len(), found.len());
    assert!(has(&inside, "R201", "tools/createPets.yaml", 5), "{inside:?}");
    let from_tools = sandbox.run(&["lint", "petstore/tools", "--format", "json"]);
    assert_eq!(findings(&from_tools.stdout), found);
}

#[test]
fn pre_commit_file_list_is_partial() {
    let sandbox = mutated();
    let args = ["lint", "petstore/tools/listPets.yaml", "petstore/tools/showPetById.yaml"];
    let run = sandbox.run(&args);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    snapshot("lint_pre_commit_files", &run.transcript);
    assert!(run.stdout.contains("unmatched policy entries were not checked"), "{}", run.transcript);
    assert!(!run.stdout.contains("adoptPet"), "the stale entry is not judged on a partial list");
    assert!(!run.stdout.contains("createPets.yaml"), "only the files given are linted");

    // A changed policy file means the whole project.
    let run = sandbox.run(&["lint", "petstore/genaug-policy.yaml", "--format", "json"]);
    let found = findings(&run.stdout);
    assert!(has(&found, "P103", "petstore/genaug-policy.yaml", 10), "{found:?}");
    assert!(has(&found, "R201", "petstore/tools/createPets.yaml", 5), "{found:?}");
}

#[test]
fn sarif_is_valid_and_lists_every_rule() {
    let sandbox = mutated();
    let run = sandbox.run(&["lint", "petstore", "--format", "sarif"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    let log = assert_valid_sarif(&run.stdout);
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.len() >= genaug_linter::rules().len());
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(results.iter().any(|r| r["ruleId"] == "R201"
        && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "petstore/tools/createPets.yaml"));
    snapshot("lint_sarif", &without_version(&run.transcript));
}

#[test]
fn github_annotations() {
    let sandbox = mutated();
    let run = sandbox.run(&["lint", "petstore", "--format", "github"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::error file=petstore/tools/createPets.yaml,line=5")),
        "{}",
        run.transcript
    );
    snapshot("lint_github", &run.transcript);
}

#[test]
fn junit_report() {
    let sandbox = mutated();
    let run = sandbox.run(&["lint", "petstore", "--format", "junit"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    let xml = &run.stdout;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    // Three tool files, the manifest, the policy; a failure for each mutated tool file (the
    // policy's expired acceptance and stale entry are warnings: system-out, not failures).
    assert!(xml.contains(r#"<testsuite name="genaug lint" tests="5" failures="3""#), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 5);
    assert_eq!(xml.matches("<failure ").count(), 3);
    assert!(xml.contains("warning[R204]"), "{xml}");
    assert!(!xml.contains('\u{1b}'));
    snapshot("lint_junit", &run.transcript);
}

#[test]
fn spec_drift() {
    let sandbox = project();
    // Against the spec it was generated from: no drift.
    let run = sandbox.run(&["lint", "petstore", "--spec", "petstore.yaml", "--format", "json"]);
    let found = findings(&run.stdout);
    assert!(!found.iter().any(|(code, ..)| code.starts_with('D')), "{found:?}");

    // The API changed: createPets (POST /pets) is gone. listPets's risk and showPetById's
    // summary changed too, which is not drift: only the method, path and input schema are.
    sandbox.copy_fixture(PETSTORE_CHANGED, "petstore-changed.json");
    let run = sandbox.run(&["lint", "petstore", "--spec", "petstore-changed.json"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    snapshot("lint_spec_drift", &run.transcript);
    assert!(run.stdout.contains("D501"), "{}", run.transcript);

    // A spec that does not load: exit 2, nothing on stdout.
    sandbox.copy_fixture("cli/broken.yaml", "broken.yaml");
    let run = sandbox.run(&["lint", "petstore", "--spec", "broken.yaml"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert_eq!(run.stdout, "");
}

#[test]
fn max_warnings() {
    let sandbox = project();
    // A live acceptance: the only finding left is the stale allow entry (a warning).
    edit(&sandbox, "petstore/genaug-policy.yaml", "expires: 2020-01-31", "expires: 2999-12-31");
    let run = sandbox.run(&["lint", "petstore"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(run.stdout.contains("P103"), "{}", run.transcript);
    let run = sandbox.run(&["lint", "petstore", "--max-warnings", "0", "--severity", "error"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    snapshot("lint_max_warnings", &run.transcript);
    let run = sandbox.run(&["lint", "petstore", "--max-warnings", "1"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
}

#[test]
fn failures_exit_2() {
    let sandbox = project();
    let run = sandbox.run(&["lint", "nowhere"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("lint_missing_path", &run.transcript);
    let run = sandbox.run(&["lint", "petstore", "--policy", "missing-policy.yaml"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(run.transcript.contains("F001"), "{}", run.transcript);
}
