//! The published schemas under `schemas/` are generated from the model types and checked in;
//! this test fails when a model change forgets them. `GENAUG_UPDATE_SCHEMAS=1` rewrites them.

fn check(name: &str, generated: String) {
    let path = genaug_testing::workspace_root().join("schemas").join(name);
    if std::env::var_os("GENAUG_UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/{name} is out of date with the model; run `GENAUG_UPDATE_SCHEMAS=1 cargo test -p genaug_model --test schemas` and commit it"
    );
}

#[test]
fn tool_schema_is_current() {
    check("tool.schema.json", genaug_model::tool_schema());
}

#[test]
fn manifest_schema_is_current() {
    check("manifest.schema.json", genaug_model::manifest_schema());
}

/// The published schemas are themselves valid JSON Schemas.
#[test]
fn published_schemas_are_meta_valid() {
    for schema in [genaug_model::tool_schema(), genaug_model::manifest_schema()] {
        let value: serde_json::Value = serde_json::from_str(&schema).unwrap();
        assert!(jsonschema::meta::is_valid(&value));
    }
}
