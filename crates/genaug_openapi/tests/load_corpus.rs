//! Every document of the shared corpus (`tests/fixtures/specs/{oai-examples,scalar-galaxy,
//! readme-oas-examples}`) loads and lists its operations; the listing is snapshotted per document.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use genaug_diagnostics::Diagnostic;
use genaug_openapi::Document;
use genaug_source::{InputLimits, SourceFile};

/// The corpus, relative to this crate (integration tests run in the crate's folder), so display
/// names in snapshots are what a user in that folder would type.
const CORPUS: &str = "../../tests/fixtures/specs";
const FOLDERS: [&str; 3] = ["oai-examples", "scalar-galaxy", "readme-oas-examples"];

fn load(path: &Path) -> Result<Document, Box<Diagnostic>> {
    let input = genaug_source::read_input(path.to_str().unwrap(), InputLimits::default())
        .expect("corpus file is readable");
    Document::load(
        Arc::new(SourceFile::new(input.name, input.text)),
        input.base,
        Default::default(),
    )
}

fn corpus_files(extension: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders: Vec<PathBuf> = FOLDERS.iter().map(|f| Path::new(CORPUS).join(f)).collect();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// One line per operation: method, path, operation id, parameters (`!` = required), body,
/// effective security (`op:` the operation's own, `root:` inherited).
fn listing(document: &Document) -> String {
    let mut out = String::new();
    let counts = document.non_tool_counts();
    writeln!(
        out,
        "openapi {} ({:?}), {} file(s); not tools: {} webhook op(s), {} callback op(s)",
        document.version_string(),
        document.version(),
        document.file_count(),
        counts.webhooks,
        counts.callbacks
    )
    .unwrap();
    for operation in document.operations().expect("operations are readable") {
        let parameters: Vec<String> = operation
            .parameters
            .iter()
            .map(|p| {
                format!("{}:{}{}", p.name, p.location.as_str(), if p.required { "!" } else { "" })
            })
            .collect();
        let body = match &operation.request_body {
            None => "-",
            Some(body) if body.required => "required",
            Some(_) => "optional",
        };
        let security = match &operation.security {
            None => "-".to_owned(),
            Some(security) => format!(
                "{}:{}",
                if security.origin.pointer == "/security" { "root" } else { "op" },
                serde_json::to_string(security.value).unwrap()
            ),
        };
        writeln!(
            out,
            "{} {} id={} params=[{}] body={} security={}{}{}",
            operation.method,
            operation.path,
            operation.operation_id.unwrap_or("-"),
            parameters.join(", "),
            body,
            security,
            if operation.tags.is_empty() {
                String::new()
            } else {
                format!(" tags={}", operation.tags.join(","))
            },
            if operation.deprecated { " deprecated" } else { "" },
        )
        .unwrap();
    }
    out
}

fn snapshot_name(path: &Path) -> String {
    let relative = path.strip_prefix(CORPUS).unwrap().to_str().unwrap();
    format!("corpus-{}", relative.replace('/', "-"))
}

#[test]
fn every_json_document_loads_and_lists_its_operations() {
    let files = corpus_files("json");
    assert!(files.len() >= 17, "the corpus has its JSON documents: {files:?}");
    snapshot_all(files);
}

#[test]
fn every_yaml_document_loads_and_lists_its_operations() {
    let files: Vec<PathBuf> = corpus_files("yaml")
        .into_iter()
        .filter(|p| !p.ends_with("3.2-tags-example.yaml"))
        .collect();
    assert!(files.len() >= 10, "the corpus has its YAML documents: {files:?}");
    snapshot_all(files);
}

/// The YAML and JSON copies of one API describe the same operations — except tictactoe.json,
/// which upstream left stale (see the corpus README).
#[test]
fn yaml_and_json_copies_list_the_same_operations() {
    let mut pairs = 0;
    for yaml in corpus_files("yaml") {
        let json = yaml.with_extension("json");
        if !json.exists() || yaml.ends_with("tictactoe.yaml") {
            continue;
        }
        let (yaml_document, json_document) = (load(&yaml).unwrap(), load(&json).unwrap());
        assert_eq!(listing(&yaml_document), listing(&json_document), "{}", yaml.display());
        pairs += 1;
    }
    assert_eq!(pairs, 9);
}

#[test]
fn openapi_3_2_is_refused() {
    let path = Path::new(CORPUS).join("oai-examples/v3.2/3.2-tags-example.yaml");
    let Err(failure) = load(&path) else { panic!("3.2 must not load") };
    assert_eq!(failure.code, "F101");
    assert_eq!(failure.message, "OpenAPI 3.2 is not supported yet");
    let label = failure.primary.as_ref().unwrap();
    assert_eq!(label.pointer.as_deref(), Some("/openapi"));
    let line = label.line_col().expect("the version is located in the YAML text").line;
    assert_eq!(line, 1, "`openapi: 3.2.0` is the first line");
}

fn snapshot_all(files: Vec<PathBuf>) {
    for path in files {
        let document =
            load(&path).unwrap_or_else(|e| panic!("{} fails to load: {e:?}", path.display()));
        assert_eq!(document.root_file().name(), path.to_str().unwrap());
        genaug_testing::snapshots("openapi")
            .bind(|| insta::assert_snapshot!(snapshot_name(&path), listing(&document)));
    }
}

#[test]
fn operations_follow_document_order() {
    let document =
        load(&Path::new(CORPUS).join("oai-examples/v3.0/petstore-expanded.json")).unwrap();
    let order: Vec<String> = document
        .operations()
        .unwrap()
        .iter()
        .map(|o| format!("{} {} {}", o.method, o.path, o.origin.pointer))
        .collect();
    assert_eq!(
        order,
        [
            "GET /pets /paths/~1pets/get",
            "POST /pets /paths/~1pets/post",
            "GET /pets/{id} /paths/~1pets~1{id}/get",
            "DELETE /pets/{id} /paths/~1pets~1{id}/delete",
        ]
    );
}
