//! Whole-output snapshots: every tool file a spec compiles to, plus the findings.

use std::path::Path;
use std::sync::Arc;

use genaug_compiler::{CompileOptions, Compiled, compile};
use genaug_openapi::{Document, LoadOptions};
use genaug_source::{Base, SourceFile};

fn compile_fixture(rel: &str) -> Compiled {
    let path = genaug_testing::fixture(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let file = Arc::new(SourceFile::new(rel, text));
    let base = Base::Dir(path.parent().unwrap().to_path_buf());
    let document =
        Document::load(file, base, LoadOptions::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let options = CompileOptions {
        spec_name: Path::new(rel).file_name().unwrap().to_string_lossy().into_owned(),
        spec_sha256: "0".repeat(64),
        ..CompileOptions::default()
    };
    compile(&document, &options).unwrap_or_else(|d| panic!("{d:?}"))
}

/// All tool files, each under a `--- tools/<id>.yaml` heading, then one line per finding.
fn render(compiled: &Compiled) -> String {
    let mut out = String::new();
    for tool in &compiled.tools {
        out.push_str(&format!("--- tools/{}.yaml\n", tool.id));
        out.push_str(&genaug_model::emit_tool(tool));
    }
    out.push_str(&format!("--- counts: {:?}\n--- findings\n", compiled.counts));
    let mut diagnostics = compiled.diagnostics.clone();
    genaug_diagnostics::sort_diagnostics(&mut diagnostics);
    for d in &diagnostics {
        let at = d
            .primary
            .as_ref()
            .and_then(|l| l.line_col())
            .map(|lc| format!("{}:{}", lc.line, lc.column));
        out.push_str(&format!(
            "{} {} @{} {}\n",
            d.code,
            d.severity.as_str(),
            at.unwrap_or_default(),
            d.message
        ));
    }
    out
}

fn assert_meta_valid(compiled: &Compiled) {
    for tool in &compiled.tools {
        assert!(
            jsonschema::draft202012::meta::is_valid(&tool.input_schema),
            "{}: input schema is not 2020-12 meta-valid",
            tool.id
        );
        // and every $ref inside resolves (the validator compiles it)
        jsonschema::draft202012::new(&tool.input_schema)
            .unwrap_or_else(|e| panic!("{}: input schema does not compile: {e}", tool.id));
    }
}

macro_rules! whole_output {
    ($name:ident, $rel:expr) => {
        #[test]
        fn $name() {
            let compiled = compile_fixture($rel);
            assert_meta_valid(&compiled);
            genaug_testing::snapshots("compiler")
                .bind(|| insta::assert_snapshot!(stringify!($name), render(&compiled)));
        }
    };
}

whole_output!(petstore_3_0, "specs/oai-examples/v3.0/petstore.yaml");
whole_output!(galaxy, "specs/scalar-galaxy/galaxy.yaml");
whole_output!(schema_circular, "specs/readme-oas-examples/3.0/schema-circular.json");
whole_output!(polymorphism, "specs/readme-oas-examples/3.0/polymorphism.json");
whole_output!(parameters_style, "specs/readme-oas-examples/3.1/parameters-style.json");
whole_output!(discriminators, "specs/readme-oas-examples/3.0/discriminators.json");
whole_output!(support_desk_example, "../../examples/01_support_desk/openapi.yaml");
whole_output!(repairs, "compiler/repairs.yaml");
whole_output!(extensions_and_mappings, "compiler/extensions-and-mappings.yaml");

#[test]
fn petstore_3_1_compiles_to_the_same_tools_as_3_0() {
    let v30 = compile_fixture("specs/oai-examples/v3.0/petstore.yaml");
    let v31 = compile_fixture("compiler/petstore-3.1.yaml");
    let strip = |c: &Compiled| {
        c.tools
            .iter()
            .map(|t| (t.id.clone(), t.input_schema.clone(), t.binding.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&v30), strip(&v31));
}

/// Every document of the corpus compiles, and every generated schema is meta-valid.
#[test]
fn whole_corpus_compiles() {
    let root = genaug_testing::fixture("specs");
    let mut compiled_files = 0;
    for dir in [
        "oai-examples/v3.0",
        "oai-examples/v3.1",
        "scalar-galaxy",
        "readme-oas-examples/3.0",
        "readme-oas-examples/3.1",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let rel = format!("specs/{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let compiled = compile_fixture(&rel);
            assert_meta_valid(&compiled);
            compiled_files += 1;
        }
    }
    assert_eq!(compiled_files, 28);
}

/// A spec whose schemas reach a hundred others (Microsoft Graph-like): each tool keeps at most
/// 64 definitions, nearest first; the rest become open schemas, and a C111 warning says so.
#[test]
fn wide_schema_graphs_are_bounded() {
    let mut schemas = serde_json::Map::new();
    for i in 0..100 {
        let next = serde_json::json!({"$ref": format!("#/components/schemas/S{}", i + 1)});
        let schema = if i < 99 {
            serde_json::json!({"type": "object", "properties": {"next": next, "n": {"type": "integer"}}})
        } else {
            serde_json::json!({"type": "object"})
        };
        schemas.insert(format!("S{i}"), schema);
    }
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "wide", "version": "1"},
        "paths": {"/things": {"post": {
            "operationId": "createThing",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}},
            "responses": {"201": {"description": "created"}}
        }}},
        "components": {"schemas": schemas}
    });
    let file = Arc::new(SourceFile::new("wide.json", spec.to_string()));
    let document = Document::load(file, Base::Dir(".".into()), LoadOptions::default()).unwrap();
    let compiled = compile(&document, &CompileOptions::default()).unwrap();
    let schema = &compiled.tools[0].input_schema;
    let defs = schema["$defs"].as_object().unwrap();
    assert_eq!(defs.len(), 64);
    assert!(defs.contains_key("S0") && defs.contains_key("S63") && !defs.contains_key("S64"));
    let open = &defs["S63"]["properties"]["next"];
    assert!(open.get("$ref").is_none(), "{open}");
    assert_eq!(open["type"], "object");
    assert!(open["description"].as_str().unwrap().contains("S64"));
    assert!(jsonschema::draft202012::new(schema).is_ok());
    let warning: Vec<_> = compiled.diagnostics.iter().filter(|d| d.code == "C111").collect();
    assert_eq!(warning.len(), 1);
    assert!(
        warning[0].message.contains("keeps 64 definitions and leaves out 1 more (S64)"),
        "{}",
        warning[0].message
    );
}

/// Big schemas (Graph entities carry hundreds of described properties) stop the copy by size.
#[test]
fn big_schemas_are_bounded_by_size() {
    let mut schemas = serde_json::Map::new();
    for i in 0..20 {
        let mut properties = serde_json::Map::new();
        for p in 0..100 {
            let description =
                format!("property {p} of schema {i}, described at some length as real specs do");
            properties.insert(
                format!("p{p}"),
                serde_json::json!({"type": "string", "description": description}),
            );
        }
        let next = serde_json::json!({"$ref": format!("#/components/schemas/S{}", i + 1)});
        properties.insert("next".into(), next);
        schemas.insert(
            format!("S{i}"),
            serde_json::json!({"type": "object", "properties": properties}),
        );
    }
    schemas.insert("S20".into(), serde_json::json!({"type": "object"}));
    let spec = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "big", "version": "1"},
        "paths": {"/things": {"put": {
            "operationId": "putThing",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}},
            "responses": {"200": {"description": "ok"}}
        }}},
        "components": {"schemas": schemas}
    });
    let file = Arc::new(SourceFile::new("big.json", spec.to_string()));
    let document = Document::load(file, Base::Dir(".".into()), LoadOptions::default()).unwrap();
    let compiled = compile(&document, &CompileOptions::default()).unwrap();
    let schema = &compiled.tools[0].input_schema;
    let size = schema.to_string().len();
    // each schema is ~10 KB: the copy stops a little after 64 KB, the next one is an open stub
    assert!((64 * 1024..90 * 1024).contains(&size), "{size} bytes");
    let defs = schema["$defs"].as_object().unwrap();
    let last = defs.keys().max_by_key(|k| k[1..].parse::<usize>().unwrap()).unwrap();
    assert!(defs[last].get("properties").is_none(), "{last} should be an open stub");
    assert!(jsonschema::draft202012::new(schema).is_ok());
    assert!(compiled.diagnostics.iter().any(|d| d.code == "C111"));
}

/// Integrate compares tools by their emitted text (it keeps no schema values): for every tool of
/// the corpus and a change to each kind of field, the keys found in the text are the keys whose
/// values differ.
#[test]
fn changed_keys_from_emitted_text_match_the_values() {
    use genaug_model::{changed_keys_in_text, emit_tool};
    let changed_values = |old: &genaug_model::ToolFile, new: &genaug_model::ToolFile| {
        let value = |tool| serde_json::to_value(tool).expect("serialises");
        genaug_compiler::regen::changed_top_level_keys(&value(old), &value(new))
    };
    type Mutation = fn(&mut genaug_model::ToolFile);
    let mutations: [(&str, Mutation); 6] = [
        ("enabled", |t| t.enabled = !t.enabled),
        ("description", |t| t.description.push_str("\n\nEdited: a second paragraph.")),
        ("input_schema", |t| {
            t.input_schema["properties"]["extra"] = serde_json::json!({"type": "string"})
        }),
        ("operation", |t| t.operation.deprecated = !t.operation.deprecated),
        ("source", |t| t.source.description_sha256 = "0".repeat(16)),
        ("generator", |t| t.generator = "genaug 9.9.9".into()),
    ];
    let mut compared = 0;
    for rel in [
        "specs/scalar-galaxy/galaxy.yaml",
        "specs/readme-oas-examples/3.0/polymorphism.json",
        "specs/readme-oas-examples/3.1/parameters-style.json",
        "specs/readme-oas-examples/3.0/schema-circular.json",
    ] {
        for tool in compile_fixture(rel).tools {
            let text = emit_tool(&tool);
            assert!(changed_keys_in_text(&text, &text).is_empty(), "{}", tool.id);
            for (key, mutate) in &mutations {
                let mut changed = tool.clone();
                mutate(&mut changed);
                let from_text = changed_keys_in_text(&text, &emit_tool(&changed));
                assert_eq!(from_text, changed_values(&tool, &changed), "{} {key}", tool.id);
                assert_eq!(from_text, [*key], "{} {key}", tool.id);
                compared += 1;
            }
        }
    }
    assert!(compared > 100, "{compared}");
}
