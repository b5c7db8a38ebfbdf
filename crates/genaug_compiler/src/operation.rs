//! One operation → one tool file.

use genaug_diagnostics::{Diagnostic, Label};
use genaug_model::{
    Binding, BodyBinding, ParameterBinding, ParameterLocation, RiskLevel, SecurityRequirement,
    ToolFile, ToolOperation, ToolSource,
};
use genaug_openapi::{Document, FileIx, Operation, Origin};
use genaug_source::push_token;
use serde_json::{Map, Value, json};

use crate::CompileOptions;
use crate::risk;
use crate::schema::SchemaBuilder;

/// Header parameters OpenAPI says SHALL be ignored (they are set by the HTTP layer).
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

pub(crate) fn compile_operation(
    doc: &Document,
    op: &Operation<'_>,
    id: &str,
    options: &CompileOptions,
) -> Result<(ToolFile, Vec<Diagnostic>), Box<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let file = doc.file(op.origin.file);

    let override_level = match op.value.get("x-genaug-risk") {
        None => None,
        Some(value) => {
            let level = value.as_str().and_then(RiskLevel::parse);
            if level.is_none() {
                diagnostics.push(
                    Diagnostic::warning(
                        "C109",
                        format!("`x-genaug-risk` must be low, medium or high, found {value}"),
                    )
                    .with_primary(Label::at(file, format!("{}/x-genaug-risk", op.origin.pointer)))
                    .with_help("the method's default risk is used; write one of low, medium, high"),
                );
            }
            level
        }
    };
    let decision = risk::decide(op.method, override_level);

    let description = describe(op);
    if op.summary.is_none_or(|s| s.trim().is_empty())
        && op.description.is_none_or(|s| s.trim().is_empty())
    {
        diagnostics.push(
            Diagnostic::info("C107", format!("{} {} has no summary or description", op.method, op.path))
                .with_primary(Label::at_key(file, op.origin.pointer.clone()))
                .with_help(format!("the tool is described as `{description}`; add a summary so the model knows when to call it")),
        );
    }

    let mut inputs = inputs(doc, op, &mut diagnostics)?;
    for repair in crate::repair::repair(&mut inputs.schema) {
        // Point at the keyword in the spec when the schema part is traceable, else at the operation.
        let label = match inputs.origin_of(&repair.pointer) {
            Some(mut origin) => {
                push_token(&mut origin.pointer, &repair.keyword);
                Label::at_key(doc.file(origin.file), origin.pointer)
            }
            None => Label::at_key(file, op.origin.pointer.clone()),
        };
        diagnostics.push(
            Diagnostic::warning(
                "C108",
                format!(
                    "input schema of {} {}: removed `{}` at `{}`: {}",
                    op.method, op.path, repair.keyword, repair.pointer, repair.reason
                ),
            )
            .with_primary(label.with_message("not valid JSON Schema 2020-12"))
            .with_help("the tool keeps the rest of the schema; fix the keyword in the spec (see `genaug validate`) to keep its meaning"),
        );
    }
    let Inputs { schema: input_schema, binding, .. } = inputs;

    let security = op
        .security
        .as_ref()
        .and_then(|s| s.value.as_array())
        .map(|alternatives| {
            alternatives
                .iter()
                .filter_map(Value::as_object)
                .map(|requirement| {
                    SecurityRequirement(
                        requirement
                            .iter()
                            .map(|(scheme, scopes)| {
                                let scopes = scopes
                                    .as_array()
                                    .map(|s| {
                                        s.iter()
                                            .filter_map(Value::as_str)
                                            .map(str::to_owned)
                                            .collect()
                                    })
                                    .unwrap_or_default();
                                (scheme.clone(), scopes)
                            })
                            .collect(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();

    let pointer = if op.origin.file == FileIx(0) {
        format!("#{}", op.origin.pointer)
    } else {
        format!("{}#{}", file.name(), op.origin.pointer)
    };
    let tool = ToolFile {
        id: id.to_owned(),
        enabled: risk::enabled_by_default(decision.generated),
        risk_level: decision.generated,
        requires_approval: risk::requires_approval(decision.generated),
        operation: ToolOperation {
            method: op.method,
            path: op.path.to_owned(),
            operation_id: op.operation_id.map(str::to_owned),
            tags: op.tags.iter().map(|t| (*t).to_owned()).collect(),
            deprecated: op.deprecated,
        },
        risk: decision,
        input_schema,
        binding,
        security,
        source: ToolSource {
            spec: options.spec_name.clone(),
            pointer,
            description_sha256: crate::regen::description_sha256(&description),
        },
        description,
        generator: genaug_model::generator(),
    };
    Ok((tool, diagnostics))
}

/// The tool description: the summary, then the description when it adds something; falls back
/// to `METHOD path` when the spec says nothing. Line endings normalised to LF.
fn describe(op: &Operation<'_>) -> String {
    let clean = |s: Option<&str>| {
        s.map(|s| s.replace("\r\n", "\n").trim().to_owned()).filter(|s| !s.is_empty())
    };
    match (clean(op.summary), clean(op.description)) {
        (Some(summary), Some(description))
            if description.starts_with(summary.trim_end_matches('.')) =>
        {
            description
        }
        (Some(summary), Some(description)) => format!("{summary}\n\n{description}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => format!("{} {}", op.method, op.path),
    }
}

/// The input schema (one object: a property per parameter, plus `body`) and the binding that
/// says where each property goes.
fn inputs(
    doc: &Document,
    op: &Operation<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Inputs, Box<Diagnostic>> {
    let mut builder = SchemaBuilder::new(doc);
    let mut sources: Vec<(String, Origin)> = Vec::new();
    let builder = &mut builder;
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut binding = Binding::default();

    let kept: Vec<_> = op
        .parameters
        .iter()
        .filter(|p| {
            let ignored = p.location == ParameterLocation::Header
                && IGNORED_HEADERS.contains(&p.name.to_ascii_lowercase().as_str());
            if ignored {
                diagnostics.push(
                    Diagnostic::info("C105", format!("header parameter `{}` is ignored", p.name))
                        .with_primary(Label::at(doc.file(p.resolved.origin.file), p.resolved.origin.pointer.clone()))
                        .with_help("OpenAPI says Accept, Content-Type and Authorization parameters are ignored; describe authentication with securitySchemes"),
                );
            }
            !ignored
        })
        .collect();

    // A name used in more than one location gets the location as a prefix (`path_id`, `query_id`).
    let shared = |name: &str| kept.iter().filter(|p| p.name == name).count() > 1;
    for p in &kept {
        let property = if shared(p.name) {
            format!("{}_{}", p.location.as_str(), p.name)
        } else {
            p.name.to_owned()
        };
        let origin = &p.resolved.origin;
        let value = p.resolved.value;
        let (schema, content_type, source) = parameter_schema(value, origin, builder)?;
        if let Some(source) = source {
            sources.push((property_pointer(&property), source));
        }
        let schema = annotate(schema, value);
        if p.required {
            required.push(Value::String(property.clone()));
        }
        let style =
            value.get("style").and_then(Value::as_str).map(str::to_owned).unwrap_or_else(|| {
                match p.location {
                    ParameterLocation::Query | ParameterLocation::Cookie => "form",
                    ParameterLocation::Path | ParameterLocation::Header => "simple",
                }
                .to_owned()
            });
        let explode = value.get("explode").and_then(Value::as_bool).unwrap_or(style == "form");
        properties.insert(property.clone(), schema);
        binding.parameters.insert(
            property,
            ParameterBinding {
                location: p.location,
                name: p.name.to_owned(),
                style: content_type.is_none().then_some(style),
                explode: content_type.is_none().then_some(explode),
                allow_reserved: value
                    .get("allowReserved")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                content_type,
            },
        );
    }

    let body = match &op.request_body {
        Some(body) => request_body(
            doc,
            body.resolved.value,
            &body.resolved.origin,
            &properties,
            builder,
            diagnostics,
        )?
        .map(|parts| (body.required, parts)),
        None => None,
    };
    if let Some((body_required, (property, schema, body_binding, source))) = body {
        if let Some(source) = source {
            sources.push((property_pointer(&property), source));
        }
        if body_required {
            required.push(Value::String(property.clone()));
        }
        properties.insert(property, schema);
        binding.body = Some(body_binding);
    }

    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    schema.insert("additionalProperties".into(), Value::Bool(false));
    let (defs, def_origins) = builder.finish()?;
    for origin in &builder.unresolved_mappings {
        diagnostics.push(
            Diagnostic::warning(
                "C112",
                format!("discriminator mapping in the input schema of {} {} points to nothing; it is left out", op.method, op.path),
            )
            .with_primary(Label::at(doc.file(origin.file), origin.pointer.clone()))
            .with_help("point the mapping at an existing schema (a `#/components/schemas/…` reference or a schema name)"),
        );
    }
    if !builder.omitted.is_empty() {
        let names: Vec<&str> = builder.omitted.iter().take(5).map(String::as_str).collect();
        let more = builder.omitted.len().saturating_sub(names.len());
        diagnostics.push(
            Diagnostic::warning(
                "C111",
                format!(
                    "input schema of {} {} keeps {} definitions and leaves out {} more ({}{})",
                    op.method,
                    op.path,
                    defs.keys().filter(|name| !builder.omitted.contains(*name)).count(),
                    builder.omitted.len(),
                    names.join(", "),
                    if more > 0 { format!(", and {more} others") } else { String::new() }
                ),
            )
            .with_primary(Label::at_key(doc.file(op.origin.file), op.origin.pointer.clone()))
            .with_help(format!(
                "the spec's schemas reference each other too widely to copy into one tool (at most {} definitions and about {} KB); the left-out ones accept any value and the API validates them",
                crate::schema::MAX_DEFS,
                crate::schema::MAX_BYTES / 1024
            )),
        );
    }
    for (name, origin) in def_origins {
        let mut pointer = String::from("/$defs");
        push_token(&mut pointer, &name);
        sources.push((pointer, origin));
    }
    if !defs.is_empty() {
        schema.insert("$defs".into(), Value::Object(defs.into_iter().collect()));
    }
    Ok(Inputs { schema: Value::Object(schema), binding, sources })
}

/// The input schema, its binding, and where each part of the schema came from in the spec.
struct Inputs {
    schema: Value,
    binding: Binding,
    /// (pointer inside the input schema, origin of the spec schema it was converted from).
    sources: Vec<(String, Origin)>,
}

impl Inputs {
    /// The spec location a pointer inside the input schema came from: the longest source prefix
    /// plus the rest of the pointer (conversion keeps the structure, so the rest usually exists;
    /// a missing one falls back to its nearest ancestor when located).
    fn origin_of(&self, pointer: &str) -> Option<Origin> {
        self.sources
            .iter()
            .filter(|(prefix, _)| {
                pointer == prefix
                    || pointer.strip_prefix(prefix.as_str()).is_some_and(|r| r.starts_with('/'))
            })
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(prefix, origin)| Origin {
                file: origin.file,
                pointer: format!("{}{}", origin.pointer, &pointer[prefix.len()..]),
            })
    }
}

fn property_pointer(property: &str) -> String {
    let mut pointer = String::from("/properties");
    push_token(&mut pointer, property);
    pointer
}

/// A parameter's schema: `schema`, or the one media type of `content`, or "anything".
fn parameter_schema(
    value: &Value,
    origin: &Origin,
    builder: &mut SchemaBuilder<'_>,
) -> Result<(Value, Option<String>, Option<Origin>), Box<Diagnostic>> {
    if let Some(schema) = value.get("schema") {
        let at = child(origin, &["schema"]);
        return Ok((builder.convert(schema, &at)?, None, Some(at)));
    }
    if let Some((media_type, media)) =
        value.get("content").and_then(Value::as_object).and_then(|c| c.iter().next())
    {
        let at = child(origin, &["content", media_type, "schema"]);
        let schema = match media.get("schema") {
            Some(schema) => builder.convert(schema, &at)?,
            None => json!({}),
        };
        return Ok((schema, Some(media_type.clone()), Some(at)));
    }
    Ok((json!({}), None, None))
}

/// Copies the parameter's description, deprecation and examples onto its property schema.
fn annotate(schema: Value, parameter: &Value) -> Value {
    let Value::Object(mut schema) = schema else {
        // boolean schemas: wrap so annotations have somewhere to go
        return schema;
    };
    if let Some(description) = parameter.get("description").and_then(Value::as_str) {
        schema.entry("description").or_insert_with(|| Value::String(description.to_owned()));
    }
    if parameter.get("deprecated") == Some(&Value::Bool(true)) {
        schema.insert("deprecated".into(), Value::Bool(true));
    }
    if !schema.contains_key("examples") {
        if let Some(example) = parameter.get("example") {
            schema.insert("examples".into(), Value::Array(vec![example.clone()]));
        } else if let Some(examples) = parameter.get("examples").and_then(Value::as_object) {
            let values: Vec<Value> =
                examples.values().filter_map(|e| e.get("value").cloned()).collect();
            if !values.is_empty() {
                schema.insert("examples".into(), Value::Array(values));
            }
        }
    }
    Value::Object(schema)
}

/// Media types in order of preference for a tool call's body.
fn preference(media_type: &str) -> u8 {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" {
        0
    } else if essence.ends_with("+json") || essence.ends_with("/json") {
        1
    } else if essence == "application/x-www-form-urlencoded" {
        2
    } else if essence == "multipart/form-data" || essence.starts_with("multipart/") {
        3
    } else {
        4
    }
}

/// The body's property name, schema, binding, and the spec schema it came from.
type BodyParts = (String, Value, BodyBinding, Option<Origin>);

fn request_body(
    doc: &Document,
    body: &Value,
    origin: &Origin,
    taken: &Map<String, Value>,
    builder: &mut SchemaBuilder<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<BodyParts>, Box<Diagnostic>> {
    let Some(content) = body.get("content").and_then(Value::as_object) else { return Ok(None) };
    let Some((media_type, media)) = content.iter().min_by_key(|(mt, _)| preference(mt)) else {
        return Ok(None);
    };
    let alternatives: Vec<String> = content.keys().filter(|k| *k != media_type).cloned().collect();
    let structured = preference(media_type) < 4;
    let at = child(origin, &["content", media_type, "schema"]);
    let source = (structured && media.get("schema").is_some()).then(|| at.clone());
    let mut schema = if structured {
        match media.get("schema") {
            Some(schema) => builder.convert(schema, &at)?,
            None => json!({}),
        }
    } else {
        let textual = media_type.starts_with("text/") || media_type.contains("xml");
        diagnostics.push(
            Diagnostic::info("C110", format!("request body `{media_type}` is passed as a string"))
                .with_primary(Label::at_key(doc.file(origin.file), child(origin, &["content", media_type]).pointer))
                .with_help("the model supplies the raw body as text (base64 for binary types); add an application/json alternative for structured input"),
        );
        if textual {
            json!({"type": "string", "contentMediaType": media_type})
        } else {
            json!({"type": "string", "contentEncoding": "base64", "contentMediaType": media_type})
        }
    };
    if let (Some(description), Value::Object(object)) =
        (body.get("description").and_then(Value::as_str), &mut schema)
    {
        object.entry("description").or_insert_with(|| Value::String(description.to_owned()));
    }
    let property = ["body", "request_body"]
        .into_iter()
        .map(str::to_owned)
        .chain((2..).map(|n| format!("body_{n}")))
        .find(|name| !taken.contains_key(name))
        .expect("an unbounded sequence has a free name");
    let binding = BodyBinding {
        property: property.clone(),
        content_type: media_type.clone(),
        alternatives,
        encoding: media.get("encoding").cloned(),
    };
    Ok(Some((property, schema, binding, source)))
}

fn child(origin: &Origin, tokens: &[&str]) -> Origin {
    let mut pointer = origin.pointer.clone();
    for token in tokens {
        push_token(&mut pointer, token);
    }
    Origin { file: origin.file, pointer }
}
