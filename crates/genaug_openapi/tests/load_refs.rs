//! `$ref` handling and loading failures, on the small fixtures of `tests/fixtures/openapi/refs/`.
//! Failures are snapshotted as `code: message @ file pointer` (plus secondary labels and help).

use std::fmt::Write as _;
use std::sync::Arc;

use genaug_diagnostics::Diagnostic;
use genaug_openapi::{Document, FileIx, LoadOptions, OasVersion, Origin, for_each_ref};
use genaug_source::{Base, InputLimits, SourceFile};

/// Relative to this crate (integration tests run in the crate's folder).
const FIXTURES: &str = "../../tests/fixtures/openapi/refs";

fn load_with(case: &str, options: LoadOptions) -> Result<Document, Box<Diagnostic>> {
    let input = genaug_source::read_input(&format!("{FIXTURES}/{case}"), InputLimits::default())
        .expect("fixture is readable");
    Document::load(Arc::new(SourceFile::new(input.name, input.text)), input.base, options)
}

fn load(case: &str) -> Result<Document, Box<Diagnostic>> {
    load_with(case, LoadOptions::default())
}

fn render(diagnostic: &Diagnostic) -> String {
    fn at(label: &genaug_diagnostics::Label) -> String {
        let pointer = label.pointer.as_deref().map_or("<no pointer>".to_owned(), |p| {
            if p.is_empty() { "<root>".to_owned() } else { p.to_owned() }
        });
        let key = if label.on_key { " (key)" } else { "" };
        let position =
            label.line_col().map_or(String::new(), |lc| format!(":{}:{}", lc.line, lc.column));
        format!("{}{position} {pointer}{key}", label.file.name())
    }
    let mut out = format!(
        "{}: {} @ {}\n",
        diagnostic.code,
        diagnostic.message,
        diagnostic.primary.as_ref().map_or("<nowhere>".to_owned(), at)
    );
    for label in &diagnostic.secondary {
        let message = label.message.as_deref().unwrap_or("");
        writeln!(out, "  also @ {} ({message})", at(label)).unwrap();
    }
    if let Some(help) = &diagnostic.help {
        writeln!(out, "  help: {help}").unwrap();
    }
    out
}

fn failure_of(result: Result<Document, Box<Diagnostic>>) -> Box<Diagnostic> {
    match result {
        Ok(_) => panic!("expected a failure, the document loaded"),
        Err(diagnostic) => diagnostic,
    }
}

fn operations_failure(case: &str) -> Box<Diagnostic> {
    let document = load(case).expect("the document itself loads");
    document.operations().expect_err("operations() must fail")
}

fn snapshot(name: &str, text: String) {
    genaug_testing::snapshots("openapi").bind(|| insta::assert_snapshot!(name, text));
}

/// Operations with each parameter's and body's origin (file + pointer), for ref tests.
fn detailed(document: &Document) -> String {
    let mut out = String::new();
    let at = |origin: &Origin| format!("{} {}", document.file(origin.file).name(), origin.pointer);
    for operation in document.operations().unwrap() {
        writeln!(
            out,
            "{} {} id={} @ {}",
            operation.method,
            operation.path,
            operation.operation_id.unwrap_or("-"),
            at(&operation.origin)
        )
        .unwrap();
        for p in &operation.parameters {
            let description = p.resolved.value.get("description").and_then(|d| d.as_str());
            writeln!(
                out,
                "  param {} in {} required={} @ {}{}",
                p.name,
                p.location.as_str(),
                p.required,
                at(&p.resolved.origin),
                description.map_or(String::new(), |d| format!(" ({d})"))
            )
            .unwrap();
        }
        if let Some(body) = &operation.request_body {
            writeln!(out, "  body required={} @ {}", body.required, at(&body.resolved.origin))
                .unwrap();
        }
        if let Some(security) = &operation.security {
            writeln!(out, "  security {} @ {}", security.value, at(&security.origin)).unwrap();
        }
        if !operation.tags.is_empty() || operation.deprecated {
            writeln!(out, "  tags={:?} deprecated={}", operation.tags, operation.deprecated)
                .unwrap();
        }
    }
    out
}

// ---- versions ----

#[test]
fn detects_3_0_and_3_1() {
    let v30 = load("versions/v30.json").unwrap();
    assert_eq!((v30.version(), v30.version_string()), (OasVersion::V30, "3.0.3"));
    let v31 = load("versions/v31.json").unwrap();
    assert_eq!((v31.version(), v31.version_string()), (OasVersion::V31, "3.1.1"));
    assert!(v31.operations().unwrap().is_empty(), "3.1 documents may have no `paths`");
}

#[test]
fn refuses_other_versions_and_non_openapi_documents() {
    let mut out = String::new();
    for case in [
        "versions/v32.json",
        "versions/v4.json",
        "versions/number.json",
        "versions/swagger.json",
        "versions/no-openapi.json",
        "versions/array.json",
    ] {
        out.push_str(&render(&failure_of(load(case))));
    }
    snapshot("refs-versions", out);
}

// ---- external files ----

#[test]
fn loads_relative_files_transitively_once_each() {
    let document = load("external/openapi.json").unwrap();
    let names: Vec<&str> =
        (0..document.file_count()).map(|i| document.file(FileIx(i as u32)).name()).collect();
    let mut out = format!("files:\n  {}\n", names.join("\n  "));
    out.push_str(&detailed(&document));
    snapshot("refs-external", out);
}

#[test]
fn refs_back_into_another_file_reach_the_same_loaded_file() {
    let document = load("external/openapi.json").unwrap();
    let owner = (0..document.file_count() as u32)
        .map(FileIx)
        .find(|&ix| document.file(ix).name().ends_with("schemas/nested/owner.json"))
        .expect("owner.json was loaded");
    let items = Origin::new(owner, "/properties/pets/items");
    let pet = document.resolve(&items, "../pet.json#/Pet").unwrap();
    let from_root = document
        .resolve(&Origin::new(FileIx::ROOT, "/paths/~1pets~1{id}/get"), "schemas/pet.json#/Pet")
        .unwrap();
    assert_eq!(pet.origin, from_root.origin);
    assert_eq!(
        document.file(pet.origin.file).name(),
        format!("{FIXTURES}/external/schemas/pet.json")
    );
    // A property literally named `$ref` is a schema, not a reference.
    assert_eq!(pet.value["properties"]["$ref"]["type"], "string");
}

#[test]
fn refuses_refs_outside_the_root_folder_without_reading_them() {
    // secret.json is not JSON: had it been read, the failure would be a syntax error (F004).
    let mut out = render(&failure_of(load("outside/spec/openapi.json")));
    // /etc/passwd is not YAML/JSON either, and the YAML reader would be asked to parse it.
    out.push_str(&render(&failure_of(load("outside/spec/passwd.json"))));
    snapshot("refs-outside-root", out);
}

#[test]
fn allow_outside_root_follows_the_ref() {
    let options = LoadOptions { allow_outside_root: true, ..LoadOptions::default() };
    let failure = failure_of(load_with("outside/spec/openapi.json", options));
    assert_eq!(failure.code, "F004", "the file is now read (and is not JSON): {failure:?}");
    let secret = format!("{FIXTURES}/outside/secret.json");
    assert_eq!(failure.file_name(), Some(secret.as_str()), "named as joined, `..` folded");
    assert_eq!(failure.secondary[0].pointer.as_deref(), Some("/components/schemas/Secret/$ref"));
}

#[cfg(unix)]
#[test]
fn refuses_a_symlink_that_leaves_the_root_folder() {
    let scratch =
        std::env::temp_dir().join(format!("genaug-openapi-symlink-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("spec")).unwrap();
    std::fs::create_dir_all(scratch.join("elsewhere")).unwrap();
    std::fs::write(scratch.join("elsewhere/pet.json"), r#"{"Pet": {"type": "object"}}"#).unwrap();
    std::os::unix::fs::symlink(scratch.join("elsewhere"), scratch.join("spec/linked")).unwrap();
    let spec = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"Pet": {"$ref": "linked/pet.json#/Pet"}}}}"##;
    let document = Document::load(
        Arc::new(SourceFile::new("openapi.json", spec)),
        Base::Dir(scratch.join("spec")),
        LoadOptions::default(),
    );
    let failure = failure_of(document);
    let allowed = Document::load(
        Arc::new(SourceFile::new("openapi.json", spec)),
        Base::Dir(scratch.join("spec")),
        LoadOptions { allow_outside_root: true, ..LoadOptions::default() },
    );
    std::fs::remove_dir_all(&scratch).unwrap();
    assert_eq!(failure.code, "F105", "{failure:?}");
    assert!(failure.message.contains("linked/pet.json"), "{}", failure.message);
    assert_eq!(allowed.unwrap().file_count(), 2);
}

#[test]
fn refuses_remote_refs_unless_allowed() {
    snapshot("refs-remote", render(&failure_of(load("remote/openapi.json"))));
}

// ---- dangling refs and cycles ----

#[test]
fn dangling_refs_are_located_on_the_ref_string() {
    let mut out = render(&operations_failure("dangling/local.json"));
    out.push_str(&render(&failure_of(load("dangling/missing-file.json"))));
    out.push_str(&render(&operations_failure("dangling/in-file.json")));
    out.push_str(&render(&operations_failure("dangling/anchor.json")));
    snapshot("refs-dangling", out);
}

#[test]
fn ref_chains_that_loop_are_cycles() {
    let mut out = render(&operations_failure("cycle/openapi.json"));
    let document = load("cycle/openapi.json").unwrap();
    let own = Origin::new(FileIx::ROOT, "/components/schemas/Self");
    out.push_str(&render(&document.resolve(&own, "#/components/schemas/Self").unwrap_err()));
    snapshot("refs-cycle", out);
    // A schema that refers to itself through a property is recursion, not a cycle.
    let node = document
        .resolve(
            &Origin::new(FileIx::ROOT, "/components/schemas/Node/properties/children/items"),
            "#/components/schemas/Node",
        )
        .unwrap();
    assert_eq!(node.origin.pointer, "/components/schemas/Node");
}

// ---- pointers ----

#[test]
fn pointers_with_escapes_and_percent_encoding_resolve() {
    let document = load("pointers/openapi.json").unwrap();
    snapshot("refs-pointers", detailed(&document));
}

// ---- the keyword-aware walk ----

#[test]
fn data_is_not_walked_and_names_are_names() {
    let document = load("walk/openapi.json").expect("refs inside data are never followed");
    assert_eq!(document.file_count(), 1);
    let mut out = String::new();
    for_each_ref(document.root(), "", &mut |holder, reference| {
        writeln!(out, "{holder} -> {reference}").unwrap();
    });
    snapshot("refs-walk", out);
}

#[test]
fn the_walk_is_depth_safe() {
    let mut value = serde_json::json!({"$ref": "#/deep"});
    for _ in 0..20_000 {
        let mut map = serde_json::Map::new();
        map.insert("items".to_owned(), value);
        value = serde_json::Value::Object(map);
    }
    let mut count = 0;
    for_each_ref(&value, "", &mut |holder, _| {
        count += 1;
        assert!(holder.ends_with("/items/items"));
    });
    assert_eq!(count, 1);
    // Dropping a 20 000-deep value recurses in serde_json; leak it to keep the test about us.
    std::mem::forget(value);
}

#[test]
fn webhooks_and_callbacks_are_counted_not_listed() {
    let document = load("walk/openapi.json").unwrap();
    let counts = document.non_tool_counts();
    assert_eq!((counts.webhooks, counts.callbacks), (0, 2));
    assert_eq!(document.operations().unwrap().len(), 1);
}

// ---- operations ----

#[test]
fn operation_parameters_override_path_parameters_by_name_and_location() {
    let document = load("override/openapi.json").unwrap();
    snapshot("refs-override", detailed(&document));
}

#[test]
fn malformed_operations_and_parameters_are_located_failures() {
    let mut out = String::new();
    for case in [
        "malformed/no-name.json",
        "malformed/no-in.json",
        "malformed/in-body.json",
        "malformed/paths-list.json",
        "malformed/operation-string.json",
    ] {
        out.push_str(&render(&operations_failure(case)));
    }
    snapshot("refs-malformed", out);
}

#[test]
fn a_document_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Document>();
}

#[test]
fn the_document_walk_covers_every_loaded_file() {
    let document = load("external/openapi.json").unwrap();
    let mut seen = Vec::new();
    document.for_each_ref(&mut |holder, reference| {
        let file = document.file(holder.file).name().rsplit("external/").next().unwrap();
        seen.push(format!("{file} {} -> {reference}", holder.pointer));
    });
    assert!(
        seen.contains(
            &"schemas/nested/owner.json /properties/address -> ../../shared/address.json"
                .to_owned()
        ),
        "{seen:#?}"
    );
    assert!(
        seen.contains(&"schemas/pet.json /Pet/properties/owner -> nested/owner.json".to_owned()),
        "{seen:#?}"
    );
    assert!(!seen.iter().any(|s| s.contains("etc/passwd")), "example values are data: {seen:#?}");
}

#[test]
fn yaml_files_refs_back_to_the_root_and_located_failures() {
    let document = load("yaml/openapi.yaml").unwrap();
    assert_eq!(
        document.file_count(),
        3,
        "root, paths.yaml, schemas/pet.yaml: the root is not reloaded"
    );
    let pets = &document.operations();
    let Err(failure) = pets else { panic!("/broken has a dangling parameter") };
    let pet_file =
        (0..3).map(FileIx).find(|&ix| document.file(ix).name().ends_with("pet.yaml")).unwrap();
    let owner = document
        .resolve(
            &Origin::new(pet_file, "/properties/owner"),
            "../openapi.yaml#/components/schemas/Owner",
        )
        .unwrap();
    assert_eq!(owner.origin, Origin::new(FileIx::ROOT, "/components/schemas/Owner"));
    snapshot("refs-yaml", render(failure));
}
