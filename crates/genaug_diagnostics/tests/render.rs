//! The four renderers over the same hand-made diagnostics: multibyte text before a label, a
//! secondary label in another file, a whole-file label, a diagnostic with no file, each severity.

use std::sync::Arc;

use genaug_diagnostics::{
    Diagnostic, Format, Label, RenderOptions, Severity, ToolInfo, counts, render, summary_line,
};
use genaug_source::{SourceFile, Span};

const TOOL: &str = "\
name: delete_pet
description: \"Supprime l'animal — 🐶 définitivement\"
http:
  method: DELETE
  url: https://api.example.com/pets/{id}
approval: none
";

const POLICY: &str = "\
allow:
  hosts:
    - api.example.org
  methods: [GET, DELETE]
";

const SPEC: &str = r#"{
  "openapi": "3.1.0",
  "paths": {
    "/pets/{id}": {
      "delete": {"summary": "Löschen", "operationId": "delete pet"}
    }
  }
}
"#;

struct Files {
    tool: Arc<SourceFile>,
    policy: Arc<SourceFile>,
    spec: Arc<SourceFile>,
}

fn files() -> Files {
    Files {
        tool: Arc::new(SourceFile::new("tools/delete_pet.yaml", TOOL)),
        policy: Arc::new(SourceFile::new("policy.yaml", POLICY)),
        spec: Arc::new(SourceFile::new("specs/petstore.json", SPEC)),
    }
}

/// The span of the `nth` (0-based) occurrence of `needle` in the file.
fn find(file: &SourceFile, needle: &str, nth: usize) -> Span {
    let start = file
        .text()
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} is not in {}", file.name()))
        .0;
    Span::new(start, start + needle.len())
}

/// A label on explicit text, also carrying the pointer it stands for.
fn label(file: &Arc<SourceFile>, needle: &str, pointer: &str) -> Label {
    Label { pointer: Some(pointer.to_owned()), ..Label::span(file, find(file, needle, 0)) }
}

fn diagnostics(f: &Files) -> Vec<Diagnostic> {
    vec![
        // An error after multibyte text, a secondary label in the same file and one in another.
        Diagnostic::error("P101", "tool `delete_pet` deletes without approval, on a host the policy does not allow")
            .with_primary(label(&f.tool, "définitivement", "/description").with_message("says it deletes for good"))
            .with_secondary(label(&f.tool, "none", "/approval").with_message("yet needs no approval"))
            .with_secondary(label(&f.policy, "api.example.org", "/allow/hosts/0").with_message("only this host is allowed"))
            .with_help("mark the tool `approval: required`, or add `api.example.com` to `allow.hosts` in policy.yaml"),
        // A warning on a span over several lines, in a JSON file, with two labels in another file
        // and one there without a position.
        Diagnostic::warning("C102", "operation id `delete pet` is not a valid tool name")
            .with_primary(label(&f.spec, "\"delete pet\"", "/paths/~1pets~1{id}/delete/operationId"))
            .with_secondary(
                Label::span(&f.spec, find(&f.spec, "\"/pets/{id}\": {\n      \"delete\"", 0))
                    .with_message("in this path item"),
            )
            .with_secondary(label(&f.tool, "delete_pet", "/name").with_message("renamed to this"))
            .with_secondary(label(&f.tool, "DELETE", "/http/method").with_message("and kept this method"))
            .with_secondary(Label::file(&f.policy).with_message("no policy entry mentions it"))
            .with_help("set an `operationId` made of letters, digits and `_`"),
        // An info about a whole file: no position.
        Diagnostic::info("P201", "the policy allows `GET` but no tool uses it")
            .with_primary(Label::file(&f.policy)),
        // A failure with no file at all.
        Diagnostic::error("F001", "cannot read `https://example.invalid/spec.yaml`: dns error")
            .with_help("check the path or URL and that it is readable"),
    ]
}

fn options() -> RenderOptions {
    RenderOptions::new(
        ToolInfo::new("genaug", "0.1.0")
            .with_rules([("P101", "write without approval"), ("P201", "unused allowlist entry")]),
    )
}

fn snapshot(name: &str, text: &str) {
    genaug_testing::snapshots("diagnostics").bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn human() {
    let f = files();
    snapshot("human", &render(&diagnostics(&f), Format::Human, &options()));
}

#[test]
fn json() {
    let f = files();
    let text = render(&diagnostics(&f), Format::Json, &options());
    serde_json::from_str::<serde_json::Value>(&text).expect("the JSON output parses");
    snapshot("json", &text);
}

#[test]
fn sarif() {
    let f = files();
    let text = render(&diagnostics(&f), Format::Sarif, &options());
    snapshot("sarif", &text);
}

#[test]
fn github() {
    let f = files();
    snapshot("github", &render(&diagnostics(&f), Format::Github, &options()));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let path =
        genaug_testing::workspace_root().join("tests/fixtures/specs/json-schemas/sarif-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the SARIF schema fixture"))
            .expect("the SARIF schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles offline");

    let f = files();
    let mut all = diagnostics(&f);
    // Odd file names must still be URI references.
    let odd = Arc::new(SourceFile::new("my specs\\v1:beta/100%.yaml", "a: b\n"));
    all.push(
        Diagnostic::warning("X1", "odd name").with_primary(Label::span(&odd, Span::new(0, 1))),
    );
    for (name, diagnostics) in [("full", &all[..]), ("empty", &[][..])] {
        let sarif: serde_json::Value =
            serde_json::from_str(&render(diagnostics, Format::Sarif, &options())).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{name}: SARIF output violates the schema:\n{}",
            errors.join("\n")
        );
    }

    // The negative control: the validator does reject a broken log.
    let mut broken: serde_json::Value =
        serde_json::from_str(&render(&all, Format::Sarif, &options())).unwrap();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_uris_are_relative_references_with_forward_slashes() {
    let odd = Arc::new(SourceFile::new("my specs\\v1:beta/100%.yaml", "a: b\n"));
    let url = Arc::new(SourceFile::new("https://example.com/a%20b.yaml", "a: b\n"));
    let diagnostics = [
        Diagnostic::warning("X1", "odd name").with_primary(Label::file(&odd)),
        Diagnostic::warning("X1", "url").with_primary(Label::file(&url)),
    ];
    let sarif: serde_json::Value =
        serde_json::from_str(&render(&diagnostics, Format::Sarif, &options())).unwrap();
    let uri = |i: usize| {
        sarif["runs"][0]["results"][i]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .clone()
    };
    assert_eq!(uri(0), "my%20specs/v1%3Abeta/100%25.yaml");
    assert_eq!(uri(1), "https://example.com/a%20b.yaml");
}

#[test]
fn human_without_colour_has_no_ansi_escapes_and_with_colour_has_them() {
    let f = files();
    let diagnostics = diagnostics(&f);
    let plain = render(&diagnostics, Format::Human, &options());
    assert!(!plain.contains('\u{1b}'), "escape in uncoloured output:\n{plain}");
    let coloured = render(&diagnostics, Format::Human, &options().with_color(true));
    assert!(coloured.contains("\u{1b}["), "no colour in coloured output:\n{coloured}");
    // Hyperlinks are never emitted, coloured or not.
    assert!(!coloured.contains("\u{1b}]8;"));
}

#[test]
fn human_wraps_at_the_given_width() {
    let f = files();
    let diagnostics = diagnostics(&f);
    let narrow = render(&diagnostics[..1], Format::Human, &options().with_width(60));
    let prose: Vec<&str> =
        narrow.lines().filter(|l| l.starts_with("  ×") || l.starts_with("  help")).collect();
    assert_eq!(prose.len(), 2, "{narrow}");
    assert!(prose.iter().all(|l| l.chars().count() <= 60), "{narrow}");
    assert!(
        narrow.lines().count()
            > render(&diagnostics[..1], Format::Human, &options()).lines().count()
    );
}

#[test]
fn empty_input_renders_empty_documents() {
    let none: &[Diagnostic] = &[];
    assert_eq!(render(none, Format::Human, &options()), "");
    assert_eq!(render(none, Format::Github, &options()), "");
    assert_eq!(render(none, Format::Json, &options()), "[]\n");
    let sarif: serde_json::Value =
        serde_json::from_str(&render(none, Format::Sarif, &options())).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    // Declared rules are listed even when nothing fired.
    assert_eq!(sarif["runs"][0]["tool"]["driver"]["rules"][1]["id"], "P201");
}

#[test]
fn github_escapes_data_and_properties() {
    let file = Arc::new(SourceFile::new("tools/a,b:c%.yaml", "x: 1\n"));
    let diagnostic = Diagnostic::new("V1", Severity::Warning, "100% wrong: a, b\r\nnext")
        .with_primary(Label::span(&file, Span::new(3, 4)))
        .with_help("fix: this, now");
    assert_eq!(
        render(&[diagnostic], Format::Github, &options()),
        "::warning file=tools/a%2Cb%3Ac%25.yaml,line=1,col=4,endLine=1,endColumn=5,title=V1\
         ::100%25 wrong: a, b%0D%0Anext%0Ahelp: fix: this, now\n"
    );
}

#[test]
fn labels_beyond_the_text_or_inside_a_character_still_render() {
    let file = Arc::new(SourceFile::new("t.yaml", "k: é\n"));
    let diagnostics = [
        // Starts inside `é` (bytes 3..5) and ends past the end of the text.
        Diagnostic::error("X1", "bad span").with_primary(Label::span(&file, Span::new(4, 99))),
    ];
    let human = render(&diagnostics, Format::Human, &options());
    assert!(human.contains("╭─[t.yaml:1:4]"), "{human}");
    let json: serde_json::Value =
        serde_json::from_str(&render(&diagnostics, Format::Json, &options())).unwrap();
    assert_eq!((json[0]["line"].clone(), json[0]["end_line"].clone()), (1.into(), 2.into()));
}

#[test]
fn counts_and_summary_line() {
    let f = files();
    let diagnostics = diagnostics(&f);
    let c = counts(&diagnostics);
    assert_eq!((c.errors, c.warnings, c.infos, c.total()), (2, 1, 1, 4));
    assert_eq!(summary_line(&diagnostics), "2 errors, 1 warning, 1 info");
    assert_eq!(summary_line(&diagnostics[1..2]), "1 warning");
    let infos = vec![Diagnostic::info("I1", "a"), Diagnostic::info("I1", "b")];
    assert_eq!(summary_line(&infos), "2 infos");
    assert_eq!(summary_line(&[]), "no problems");
}

/// Thousands of diagnostics over one large file: every snippet is read through the file's line
/// index, so this takes under a second in a debug build. Reading snippets through miette's own
/// `str` source, which rescans the text from the top each time, took ~50 s on the 2-core CI
/// machine: the loose bound catches that without failing on a slow machine.
#[test]
fn many_diagnostics_over_a_large_file_render_quickly() {
    let text: String = (0..20_000).map(|i| format!("key_{i}: value with ünïcode {i}\n")).collect();
    let file = Arc::new(SourceFile::new("big.yaml", text));
    let diagnostics: Vec<Diagnostic> = (0..3_000)
        .map(|i| {
            let line = 20_000 - 1 - i * 6;
            let needle = format!("key_{line}:");
            Diagnostic::warning("W1", format!("problem {i}"))
                .with_primary(Label::span(&file, find(&file, &needle, 0)))
        })
        .collect();
    let started = std::time::Instant::now();
    let human = render(&diagnostics, Format::Human, &options());
    let elapsed = started.elapsed();
    assert_eq!(human.matches("  ⚠ problem").count(), 3_000);
    assert!(human.contains("╭─[big.yaml:20000:1]"), "the last line is numbered 20000");
    assert!(elapsed.as_secs() < 20, "rendering took {elapsed:?}");
}

/// Labels given only a pointer render exactly as labels given the same text's span, in YAML and
/// JSON files, on values and on keys.
#[test]
fn pointer_labels_render_like_explicit_spans() {
    let f = files();
    let by_pointer = |value: Label, key: Label| {
        vec![
            Diagnostic::error("P101", "by pointer")
                .with_primary(value.with_message("value"))
                .with_secondary(key.with_message("key"))
                .with_secondary(Label::at(&f.policy, "/allow/hosts/0").with_message("other file")),
        ]
    };
    let by_span = |value: Label, key: Label| {
        vec![
            Diagnostic::error("P101", "by pointer")
                .with_primary(value.with_message("value"))
                .with_secondary(key.with_message("key"))
                .with_secondary(
                    label(&f.policy, "api.example.org", "/allow/hosts/0")
                        .with_message("other file"),
                ),
        ]
    };
    let op = "/paths/~1pets~1{id}/delete/operationId";
    let cases = [
        (
            by_pointer(Label::at(&f.spec, op), Label::at_key(&f.spec, op)),
            by_span(label(&f.spec, "\"delete pet\"", op), label(&f.spec, "\"operationId\"", op)),
        ),
        (
            by_pointer(Label::at(&f.tool, "/http/method"), Label::at_key(&f.tool, "/http/method")),
            by_span(
                label(&f.tool, "DELETE", "/http/method"),
                label(&f.tool, "method", "/http/method"),
            ),
        ),
    ];
    for (pointer, span) in cases {
        for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
            assert_eq!(
                render(&pointer, format, &options()),
                render(&span, format, &options()),
                "{format:?}"
            );
        }
    }
}
