//! Turns OpenAPI Schema Objects into one self-contained JSON Schema 2020-12 document per tool.
//!
//! - Every `$ref` is rewritten to `#/$defs/<name>` and its target copied (once) into `$defs`, so a
//!   tool schema never points back into the spec and circular schemas stay finite: the cycle goes
//!   through `$defs` instead of being inlined forever.
//! - Only schema keywords are descended; data (`example`, `examples`, `default`, `enum`, `const`)
//!   and unknown keywords are copied verbatim, so a property named `$ref` is a property and a `$ref`
//!   inside an example value is data.
//! - The OpenAPI 3.0 dialect is converted: `nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`,
//!   and (in both versions) `example` → `examples`.
//! - Request-only view: `readOnly` properties are left out (and dropped from `required`); binary
//!   strings (`format: binary`/`byte`) become base64 strings with `contentEncoding` so a JSON tool
//!   call can carry them; `x-*` extensions and `xml` are dropped (they mean nothing to a model).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use genaug_diagnostics::Diagnostic;
use genaug_openapi::{Document, FileIx, OasVersion, Origin};
use genaug_source::{parse_pointer, push_token};
use serde_json::{Map, Value};

/// Keywords whose value is one subschema.
const SINGLE: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
];
/// Keywords whose value is an array of subschemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to subschemas.
const MAP: &[&str] = &["patternProperties", "$defs", "definitions", "dependentSchemas"];
/// Most `$defs` one tool's input schema keeps. Specs whose schemas all reference each other
/// (Microsoft Graph: almost every entity reaches every other) would otherwise copy thousands of
/// schemas into every tool — gigabytes in all, and useless to a model. Definitions are kept in
/// breadth-first order (nearest first); a `$ref` beyond the budget becomes an open schema that
/// names what it stands for. GitHub's largest tool needs 37.
pub(crate) const MAX_DEFS: usize = 64;

/// Once a tool's input schema reaches about this many bytes (as compact JSON), further
/// definitions become open schemas too (the same fallback as [`MAX_DEFS`]). Microsoft Graph's
/// entities carry long descriptions, so even 64 of them make tools of hundreds of kilobytes —
/// more than any model context should spend on one tool; GitHub's largest input schema is 26 KB.
pub(crate) const MAX_BYTES: usize = 64 * 1024;

/// Keywords dropped from tool schemas.
const DROPPED: &[&str] = &["xml", "nullable"];

/// `$defs` by name, and (name, origin in the spec) of each.
pub(crate) type ConvertedDefs = (BTreeMap<String, Value>, Vec<(String, Origin)>);

/// Builds the schemas of one tool and collects the `$defs` they need.
pub(crate) struct SchemaBuilder<'d> {
    doc: &'d Document,
    version: OasVersion,
    /// Target origin → name in `$defs`.
    names: HashMap<Origin, String>,
    used: HashSet<String>,
    /// Defs converted so far, by name.
    defs: BTreeMap<String, Value>,
    /// Defs named but not yet converted, nearest first.
    pending: VecDeque<(String, Origin)>,
    /// Schemas left out because of [`MAX_DEFS`], by their would-be name.
    pub(crate) omitted: BTreeSet<String>,
    /// Approximate compact-JSON size converted so far (for [`MAX_BYTES`]).
    bytes: usize,
    /// `discriminator.mapping` entries whose target cannot be resolved (dropped).
    pub(crate) unresolved_mappings: Vec<Origin>,
}

/// Where a `$ref` goes in the tool schema.
enum RefTo {
    /// `#/$defs/<name>`.
    Def(String),
    /// Over the budget: the schema `name` is not copied; `kind` is its `type`, if it has one.
    Omitted { name: String, kind: Option<Value> },
}

impl<'d> SchemaBuilder<'d> {
    pub(crate) fn new(doc: &'d Document) -> Self {
        Self {
            doc,
            version: doc.version(),
            names: HashMap::new(),
            used: HashSet::new(),
            defs: BTreeMap::new(),
            pending: VecDeque::new(),
            omitted: BTreeSet::new(),
            unresolved_mappings: Vec::new(),
            bytes: 0,
        }
    }

    /// Converts the schema `value` found at `origin`.
    pub(crate) fn convert(
        &mut self,
        value: &Value,
        origin: &Origin,
    ) -> Result<Value, Box<Diagnostic>> {
        let mut pointer = origin.pointer.clone();
        self.node(value, origin, &mut pointer)
    }

    /// Converts every pending def, then returns the `$defs` map (sorted by name) and where each
    /// def came from in the spec.
    pub(crate) fn finish(&mut self) -> Result<ConvertedDefs, Box<Diagnostic>> {
        while let Some((name, origin)) = self.pending.pop_front() {
            let doc = self.doc;
            let value = doc.get(&origin).expect("def origins come from resolve");
            let converted = if self.bytes >= MAX_BYTES {
                // Over the size budget: the definition stays (refs to it resolve) but is open.
                self.omitted.insert(name.clone());
                let kind = value.get("type").filter(|t| t.is_string()).cloned();
                Value::Object(open_schema(&name, kind))
            } else {
                self.convert(value, &origin)?
            };
            self.defs.insert(name, converted);
        }
        let origins = self.names.drain().map(|(origin, name)| (name, origin)).collect();
        Ok((std::mem::take(&mut self.defs), origins))
    }

    /// Whether the schema at `value` (following one `$ref`) is `readOnly: true`.
    fn is_read_only(&self, value: &Value, origin: &Origin) -> bool {
        let Some(object) = value.as_object() else { return false };
        if object.get("readOnly") == Some(&Value::Bool(true)) {
            return true;
        }
        match object.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                self.doc
                    .resolve(origin, reference)
                    .ok()
                    .and_then(|r| r.value.get("readOnly").cloned())
                    == Some(Value::Bool(true))
            }
            None => false,
        }
    }

    fn node(
        &mut self,
        value: &Value,
        origin: &Origin,
        pointer: &mut String,
    ) -> Result<Value, Box<Diagnostic>> {
        let Some(object) = value.as_object() else {
            return Ok(value.clone());
        };
        self.bytes += approx_size(object);
        let here = Origin { file: origin.file, pointer: pointer.clone() };
        let mut out = Map::with_capacity(object.len());
        let mut read_only: Vec<String> = Vec::new();
        let mut omitted_here: Option<(String, Option<Value>)> = None;
        for (key, child) in object {
            if key.starts_with("x-") || DROPPED.contains(&key.as_str()) {
                continue;
            }
            let len = pointer.len();
            push_token(pointer, key);
            let converted = match key.as_str() {
                "$ref" => match child.as_str() {
                    Some(reference) => match self.def_ref(&here, reference)? {
                        RefTo::Def(pointer) => Value::String(pointer),
                        RefTo::Omitted { name, kind } => {
                            pointer.truncate(len);
                            omitted_here = Some((name, kind));
                            continue;
                        }
                    },
                    None => child.clone(),
                },
                "properties" => self.properties(child, origin, pointer, &mut read_only)?,
                "example" => {
                    if !object.contains_key("examples") {
                        out.insert("examples".into(), Value::Array(vec![child.clone()]));
                    }
                    pointer.truncate(len);
                    continue;
                }
                "discriminator" => self.discriminator(child, &here)?,
                "items" if child.is_array() => {
                    // draft-04 tuple form: 2020-12 spells it prefixItems.
                    let converted = self.list(child, origin, pointer)?;
                    out.insert("prefixItems".into(), converted);
                    pointer.truncate(len);
                    continue;
                }
                k if SINGLE.contains(&k) && child.is_object() => {
                    self.node(child, origin, pointer)?
                }
                k if LIST.contains(&k) => self.list(child, origin, pointer)?,
                k if MAP.contains(&k) => self.map(child, origin, pointer)?,
                _ => child.clone(),
            };
            pointer.truncate(len);
            out.insert(key.clone(), converted);
        }
        if self.version == OasVersion::V30 {
            convert_exclusive(&mut out, "exclusiveMinimum", "minimum");
            convert_exclusive(&mut out, "exclusiveMaximum", "maximum");
        }
        if let Some((name, kind)) = omitted_here {
            // An open schema in place of the reference: any value passes here (the API checks it).
            for (key, value) in open_schema(&name, kind) {
                out.entry(key).or_insert(value);
            }
        }
        binary_to_base64(&mut out);
        // `required` may name properties left out as readOnly.
        if !read_only.is_empty()
            && let Some(Value::Array(required)) = out.get_mut("required")
        {
            required.retain(|name| name.as_str().is_none_or(|n| !read_only.iter().any(|r| r == n)));
        }
        let nullable =
            self.version == OasVersion::V30 && object.get("nullable") == Some(&Value::Bool(true));
        Ok(if nullable { make_nullable(out) } else { Value::Object(out) })
    }

    fn properties(
        &mut self,
        child: &Value,
        origin: &Origin,
        pointer: &mut String,
        read_only: &mut Vec<String>,
    ) -> Result<Value, Box<Diagnostic>> {
        let Some(props) = child.as_object() else { return Ok(child.clone()) };
        let mut converted = Map::with_capacity(props.len());
        for (name, schema) in props {
            let len = pointer.len();
            push_token(pointer, name);
            let at = Origin { file: origin.file, pointer: pointer.clone() };
            if self.is_read_only(schema, &at) {
                read_only.push(name.clone());
            } else {
                converted.insert(name.clone(), self.node(schema, origin, pointer)?);
            }
            pointer.truncate(len);
        }
        Ok(Value::Object(converted))
    }

    fn list(
        &mut self,
        child: &Value,
        origin: &Origin,
        pointer: &mut String,
    ) -> Result<Value, Box<Diagnostic>> {
        let Some(items) = child.as_array() else { return Ok(child.clone()) };
        let mut converted = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let len = pointer.len();
            push_token(pointer, &index.to_string());
            converted.push(self.node(item, origin, pointer)?);
            pointer.truncate(len);
        }
        Ok(Value::Array(converted))
    }

    fn map(
        &mut self,
        child: &Value,
        origin: &Origin,
        pointer: &mut String,
    ) -> Result<Value, Box<Diagnostic>> {
        let Some(entries) = child.as_object() else { return Ok(child.clone()) };
        let mut converted = Map::with_capacity(entries.len());
        for (name, schema) in entries {
            let len = pointer.len();
            push_token(pointer, name);
            converted.insert(name.clone(), self.node(schema, origin, pointer)?);
            pointer.truncate(len);
        }
        Ok(Value::Object(converted))
    }

    /// `discriminator.mapping` values are refs (or bare component names): point them at `$defs`.
    fn discriminator(&mut self, child: &Value, here: &Origin) -> Result<Value, Box<Diagnostic>> {
        let mut out = child.clone();
        let Some(mapping) = out.get_mut("mapping").and_then(Value::as_object_mut) else {
            return Ok(out);
        };
        let mut at = here.clone();
        push_token(&mut at.pointer, "discriminator");
        push_token(&mut at.pointer, "mapping");
        let mut dropped = Vec::new();
        for (value, target) in mapping.iter_mut() {
            if let Some(text) = target.as_str() {
                let reference = if text.contains(['#', '/', '.']) {
                    text.to_owned()
                } else {
                    format!("#/components/schemas/{text}")
                };
                // A mapping is a hint for choosing a `oneOf` branch: one that cannot be followed
                // is dropped (and reported), not a reason to lose the tool.
                match self.def_ref(&at, &reference) {
                    Ok(RefTo::Def(pointer)) => *target = Value::String(pointer),
                    Ok(RefTo::Omitted { .. }) => dropped.push(value.clone()),
                    Err(_) => {
                        let mut pointer = at.pointer.clone();
                        push_token(&mut pointer, value);
                        self.unresolved_mappings.push(Origin { file: at.file, pointer });
                        dropped.push(value.clone());
                    }
                }
            }
        }
        if !dropped.is_empty() {
            // One pass: Graph's mappings have hundreds of entries, most of them dropped once
            // the budget is spent, and removing them one by one shifted the rest each time.
            let dropped: std::collections::HashSet<String> = dropped.into_iter().collect();
            mapping.retain(|value, _| !dropped.contains(value));
        }
        Ok(out)
    }

    /// Resolves `reference` (found in the object at `from`) to `#/$defs/<name>`, naming and
    /// queueing the target the first time it is seen, or leaves it out once the budget is spent.
    fn def_ref(&mut self, from: &Origin, reference: &str) -> Result<RefTo, Box<Diagnostic>> {
        let resolved = self.doc.resolve(from, reference)?;
        let target = resolved.origin;
        let name = match self.names.get(&target) {
            Some(name) => name.clone(),
            None if self.names.len() >= MAX_DEFS => {
                let name = self.display_name(&target);
                self.omitted.insert(name.clone());
                let kind = resolved.value.get("type").filter(|t| t.is_string()).cloned();
                return Ok(RefTo::Omitted { name, kind });
            }
            None => {
                let name = self.fresh_name(&target);
                self.names.insert(target.clone(), name.clone());
                self.pending.push_back((name.clone(), target));
                name
            }
        };
        let mut pointer = String::from("#/$defs");
        push_token(&mut pointer, &name);
        Ok(RefTo::Def(pointer))
    }

    /// A readable, unique `$defs` name: the component name for `#/components/schemas/<Name>`,
    /// otherwise the pointer's tokens joined with `.` (prefixed by the file stem for other files).
    fn fresh_name(&mut self, target: &Origin) -> String {
        let base = self.display_name(target);
        let mut name = base.clone();
        let mut n = 2;
        while !self.used.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }

    /// The readable name of a target before uniqueness is enforced.
    fn display_name(&self, target: &Origin) -> String {
        let tokens = parse_pointer(&target.pointer).unwrap_or_default();
        let tokens: Vec<&str> = match tokens.as_slice() {
            [components, schemas, rest @ ..]
                if components == "components" && schemas == "schemas" && !rest.is_empty() =>
            {
                rest.iter().map(String::as_str).collect()
            }
            all => all.iter().map(String::as_str).collect(),
        };
        let mut base = tokens.join(".");
        if target.file != FileIx(0) {
            let stem = file_stem(self.doc.file(target.file).name());
            base = if base.is_empty() { stem } else { format!("{stem}.{base}") };
        }
        if base.is_empty() {
            base = "root".into();
        }
        base
    }
}

/// The compact-JSON size of an object's own keys and scalar values (nested objects count when
/// they are converted in turn): cheap, and close enough for a budget.
fn approx_size(object: &Map<String, Value>) -> usize {
    let leaf = |value: &Value| match value {
        Value::String(text) => text.len() + 3,
        Value::Object(_) => 2,
        Value::Array(items) => items.len() + 2,
        _ => 6,
    };
    2 + object
        .iter()
        .map(|(key, value)| {
            let own = match value {
                Value::Array(items) => items.iter().map(leaf).sum::<usize>() + 2,
                other => leaf(other),
            };
            key.len() + 4 + own
        })
        .sum::<usize>()
}

/// What stands in for a schema left out by the budgets: any value passes (the API still
/// validates), and the description names what it stands for.
fn open_schema(name: &str, kind: Option<Value>) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert(
        "description".into(),
        Value::String(format!(
            "a `{name}` (not expanded: this tool's input schema is limited to {MAX_DEFS} definitions and about {} KB)",
            MAX_BYTES / 1024
        )),
    );
    if let Some(kind) = kind {
        out.insert("type".into(), kind);
    }
    out
}

fn file_stem(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    last.split('.').next().unwrap_or(last).to_owned()
}

/// 3.0's boolean `exclusiveMinimum: true` + `minimum: m` is 2020-12's `exclusiveMinimum: m`.
fn convert_exclusive(out: &mut Map<String, Value>, exclusive: &str, bound: &str) {
    match out.get(exclusive) {
        Some(Value::Bool(true)) => {
            if let Some(limit) = out.remove(bound) {
                out.insert(exclusive.into(), limit);
            } else {
                out.remove(exclusive);
            }
        }
        Some(Value::Bool(false)) => {
            out.remove(exclusive);
        }
        _ => {}
    }
}

/// `format: binary` / `format: byte` strings travel base64-encoded in a JSON tool call.
fn binary_to_base64(out: &mut Map<String, Value>) {
    let format = out.get("format").and_then(Value::as_str);
    if matches!(format, Some("binary") | Some("byte")) {
        let binary = format == Some("binary");
        out.remove("format");
        out.entry("contentEncoding").or_insert_with(|| Value::String("base64".into()));
        if binary {
            out.entry("contentMediaType")
                .or_insert_with(|| Value::String("application/octet-stream".into()));
        }
    }
}

/// 3.0 `nullable: true`: add `"null"` to `type` (and to `enum`), or wrap a typeless schema
/// (a `$ref` or combinator) in `anyOf: [schema, {type: null}]`.
fn make_nullable(mut out: Map<String, Value>) -> Value {
    if let Some(Value::Array(values)) = out.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    if let Some(Value::String(t)) = out.get("type") {
        let types = vec![Value::String(t.clone()), Value::String("null".into())];
        out.insert("type".into(), Value::Array(types));
        return Value::Object(out);
    }
    if let Some(Value::Array(types)) = out.get_mut("type") {
        if !types.iter().any(|t| t == "null") {
            types.push(Value::String("null".into()));
        }
        return Value::Object(out);
    }
    if out.is_empty() {
        Value::Object(out)
    } else {
        {
            let mut wrapper = Map::new();
            let mut null = Map::new();
            null.insert("type".into(), Value::String("null".into()));
            wrapper.insert(
                "anyOf".into(),
                Value::Array(vec![Value::Object(out), Value::Object(null)]),
            );
            Value::Object(wrapper)
        }
    }
}
