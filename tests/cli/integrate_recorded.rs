//! `genaug integrate` without SPEC or `--name`: the project is found in `--out` (the folder
//! itself, or its one subfolder holding a manifest) and the spec is the one its manifest records,
//! a path from the project folder. This is what the `genaug-integrate-check` pre-commit hook runs.
//! What a manifest records is read as carefully as a `$ref`: no URL is fetched, and no path
//! outside the repository is read.

use crate::{Sandbox, snapshot};

const PETSTORE: &str = "specs/oai-examples/v3.0/petstore.json";
const PETSTORE_CHANGED: &str = "cli/petstore-changed.json";

/// A repository (a `.git` folder) with `specs/petstore.json` and its project in
/// `agents/petstore/`.
fn integrated() -> Sandbox {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.path().join(".git")).expect("mkdir");
    std::fs::create_dir_all(sandbox.path().join("specs")).expect("mkdir");
    std::fs::create_dir_all(sandbox.path().join("agents")).expect("mkdir");
    sandbox.copy_fixture(PETSTORE, "specs/petstore.json");
    let run =
        sandbox.run(&["integrate", "specs/petstore.json", "--name", "petstore", "--out", "agents"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    sandbox
}

#[test]
fn the_manifest_records_the_spec_from_the_project_folder() {
    let sandbox = integrated();
    let manifest = sandbox.read("agents/petstore/genaug-agent.yaml");
    assert!(manifest.contains("  source: ../../specs/petstore.json\n"), "{manifest}");
    let tool = sandbox.read("agents/petstore/tools/listPets.yaml");
    assert!(tool.contains("  spec: ../../specs/petstore.json\n"), "{tool}");
}

#[test]
fn regenerating_from_another_folder_changes_no_file() {
    let sandbox = integrated();
    let before = sandbox.tree("agents/petstore");
    // The same spec and project, named from two other folders.
    let run = sandbox.run_in(
        "specs",
        &["integrate", "petstore.json", "--name", "petstore", "--out", "../agents"],
    );
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert_eq!(sandbox.tree("agents/petstore"), before);
    let run =
        sandbox.run_in("agents/petstore", &["integrate", "../../specs/petstore.json", "--check"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
}

#[test]
fn check_alone_finds_the_project_and_its_spec() {
    let sandbox = integrated();
    // From the folder holding the project (the repository root of the pre-commit hook).
    let run = sandbox.run_in("agents", &["integrate", "--check"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("recorded_check_clean", &run.transcript);
    // From inside the project.
    let run = sandbox.run_in("agents/petstore", &["integrate", "--check"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(
        run.transcript.contains(
            "checked ./ against Swagger Petstore 1.0.0 (OpenAPI 3.0.0, `../../specs/petstore.json`)"
        ),
        "{}",
        run.transcript
    );

    sandbox.copy_fixture(PETSTORE_CHANGED, "specs/petstore.json");
    let before = sandbox.tree("agents/petstore");
    let run = sandbox.run_in("agents", &["integrate", "--check"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    snapshot("recorded_check_drifting", &run.transcript);
    assert_eq!(sandbox.tree("agents/petstore"), before, "--check must not write");
}

#[test]
fn integrate_alone_regenerates_keeping_reviewer_edits() {
    let sandbox = integrated();
    let show = sandbox.read("agents/petstore/tools/showPetById.yaml");
    let edited = show.replacen("enabled: true", "enabled: false", 1);
    assert_ne!(show, edited);
    sandbox.write("agents/petstore/tools/showPetById.yaml", &edited);
    sandbox.copy_fixture(PETSTORE_CHANGED, "specs/petstore.json");
    let run = sandbox.run_in("agents/petstore", &["integrate"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(sandbox.read("agents/petstore/tools/showPetById.yaml").contains("enabled: false"));
    assert!(sandbox.tree("agents/petstore").contains_key("tools/deletePet.yaml"));
    let run = sandbox.run_in("agents", &["integrate", "--check"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
}

#[test]
fn without_a_project_to_find_nothing_runs() {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture(PETSTORE, "petstore.json");
    let run = sandbox.run(&["integrate", "--check"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("recorded_no_project", &run.transcript);
    // A spec without `--name` and no project to regenerate: the name is needed.
    let run = sandbox.run(&["integrate", "petstore.json"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(
        run.transcript.contains("pass `--name` to name the project to create"),
        "{}",
        run.transcript
    );
    assert_eq!(sandbox.tree(".").len(), 1, "nothing was written");
}

#[test]
fn several_projects_need_a_name() {
    let sandbox = integrated();
    let run = sandbox.run_in("agents", &["integrate", "../specs/petstore.json", "--name", "zoo"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let run = sandbox.run_in("agents", &["integrate", "--check"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("recorded_several_projects", &run.transcript);
    let run = sandbox.run_in("agents", &["integrate", "--check", "--name", "zoo"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
}

#[test]
fn a_spec_that_cannot_be_read_again_is_a_failure() {
    let sandbox = integrated();
    std::fs::rename(
        sandbox.path().join("specs/petstore.json"),
        sandbox.path().join("specs/moved.json"),
    )
    .expect("move the spec");
    let run = sandbox.run_in("agents", &["integrate", "--check"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("recorded_spec_missing", &run.transcript);

    // Read from stdin: nothing to read again.
    let stdin = Sandbox::new();
    stdin.copy_fixture(PETSTORE, "petstore.json");
    let spec = stdin.read("petstore.json");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_genaug"))
        .args(["integrate", "-", "--name", "petstore"])
        .current_dir(stdin.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(spec.as_bytes())?;
            child.wait()
        })
        .expect("run genaug");
    assert!(output.success());
    let run = stdin.run(&["integrate", "--check"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("recorded_spec_stdin", &run.transcript);
}

/// Without SPEC, integrate reads only inside the repository and fetches nothing: a pull request
/// that edits the manifest cannot point a CI job at the runner's files or network.
#[test]
fn a_recorded_spec_outside_the_repository_or_a_url_is_refused() {
    let sandbox = integrated();
    let manifest = sandbox.read("agents/petstore/genaug-agent.yaml");
    for (source, snapshot_name) in [
        ("../../../../../../../../proc/self/environ", "recorded_outside"),
        ("http://169.254.169.254/latest/meta-data/", "recorded_url"),
    ] {
        let edited = manifest.replace("../../specs/petstore.json", source);
        assert_ne!(edited, manifest);
        sandbox.write("agents/petstore/genaug-agent.yaml", &edited);
        let run = sandbox.run_in("agents", &["integrate", "--check"]);
        assert_eq!(run.code, Some(2), "{}", run.transcript);
        snapshot(snapshot_name, &run.transcript);
    }
    // The same spec named on the command line is the user's choice.
    sandbox.write("agents/petstore/genaug-agent.yaml", &manifest);
    let run = sandbox.run_in(
        "agents",
        &["integrate", "../specs/petstore.json", "--check", "--name", "petstore"],
    );
    assert_eq!(run.code, Some(0), "{}", run.transcript);
}

/// Outside a repository the boundary is the current folder.
#[test]
fn without_a_repository_the_current_folder_is_the_boundary() {
    let sandbox = integrated();
    std::fs::remove_dir(sandbox.path().join(".git")).expect("rmdir");
    let run = sandbox.run(&["integrate", "--check", "--out", "agents"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let run = sandbox.run_in("agents", &["integrate", "--check"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(run.transcript.contains("F331"), "{}", run.transcript);
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_repository_does_not_lead_out_of_it() {
    let sandbox = integrated();
    let outside = Sandbox::new();
    outside.copy_fixture(PETSTORE, "petstore.json");
    std::fs::remove_file(sandbox.path().join("specs/petstore.json")).expect("rm");
    std::os::unix::fs::symlink(
        outside.path().join("petstore.json"),
        sandbox.path().join("specs/petstore.json"),
    )
    .expect("symlink");
    let run = sandbox.run_in("agents", &["integrate", "--check"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(run.transcript.contains("records is outside the"), "{}", run.transcript);
}

/// A spec given without `--name` regenerates the project found only if it came from that spec.
#[test]
fn another_spec_without_a_name_does_not_replace_the_project_found() {
    let sandbox = integrated();
    sandbox.copy_fixture("specs/oai-examples/v3.0/uspto.json", "specs/uspto.json");
    let before = sandbox.tree("agents/petstore");
    let run = sandbox.run_in("agents", &["integrate", "../specs/uspto.json"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("recorded_other_spec", &run.transcript);
    assert_eq!(sandbox.tree("agents/petstore"), before);
    // The same spec, named from here, is that project's.
    let run = sandbox.run_in("agents", &["integrate", "../specs/petstore.json", "--check"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
}
