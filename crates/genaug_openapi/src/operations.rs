//! The operation view the compiler walks: one entry per operation under `paths`, with path-level
//! and operation-level parameters merged and every `$ref` the compiler needs already followed.

use genaug_diagnostics::{Diagnostic, Label};
use genaug_model::{HttpMethod, ParameterLocation};
use serde_json::Value;

use crate::{Document, FileIx, Origin, Resolved};

/// One operation of `paths` (never webhooks or callbacks), with everything the compiler needs
/// already resolved. Path items reached through `$ref` are followed.
#[derive(Debug, Clone)]
pub struct Operation<'a> {
    pub method: HttpMethod,
    /// The path template key, e.g. `/pets/{petId}`.
    pub path: &'a str,
    /// Where the operation object is (`/paths/~1pets~1{petId}/get` in the root file, or inside
    /// the file a path item `$ref` led to).
    pub origin: Origin,
    /// The operation object itself.
    pub value: &'a Value,
    pub operation_id: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub description: Option<&'a str>,
    pub tags: Vec<&'a str>,
    pub deprecated: bool,
    /// Path-item parameters merged with operation parameters (operation wins by name + in),
    /// each `$ref` resolved; in declaration order (path-level first, then operation-level).
    pub parameters: Vec<Parameter<'a>>,
    pub request_body: Option<RequestBody<'a>>,
    /// The effective security requirements: the operation's `security` if present, else the
    /// document's; `None` when neither declares any.
    pub security: Option<Resolved<'a>>,
}

/// A resolved Parameter Object.
#[derive(Debug, Clone)]
pub struct Parameter<'a> {
    pub name: &'a str,
    pub location: ParameterLocation,
    pub required: bool,
    /// The parameter object (after `$ref`).
    pub resolved: Resolved<'a>,
}

/// A resolved Request Body Object.
#[derive(Debug, Clone)]
pub struct RequestBody<'a> {
    pub required: bool,
    pub resolved: Resolved<'a>,
}

/// Counts of things that are not tools.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NonToolCounts {
    pub webhooks: usize,
    pub callbacks: usize,
}

impl Document {
    /// Every operation under `paths`, in document order (paths in key order, methods in
    /// OpenAPI's order: get, put, post, delete, options, head, patch, trace). Problems that make
    /// an operation impossible to read (a dangling parameter `$ref`, a parameter without `in`)
    /// are failures.
    pub fn operations(&self) -> Result<Vec<Operation<'_>>, Box<Diagnostic>> {
        let paths_origin = Origin::new(FileIx::ROOT, "/paths");
        let paths = match self.root().get("paths") {
            None => return Ok(Vec::new()),
            Some(Value::Object(paths)) => paths,
            Some(_) => {
                return Err(self.malformed(
                    &paths_origin,
                    "`paths` is not a mapping".into(),
                    HELP_PATHS,
                ));
            }
        };
        let mut operations = Vec::new();
        // `x-…` keys of the Paths Object are extensions, not paths.
        for (path, item) in paths.iter().filter(|(path, _)| !path.starts_with("x-")) {
            let item = self.path_item(paths_origin.child(path), item)?;
            let path_parameters = self.parameters(&item.origin, item.value)?;
            for method in HttpMethod::ALL {
                let Some(value) = item.value.get(method.key()) else { continue };
                let origin = item.origin.child(method.key());
                if !value.is_object() {
                    let message = format!("operation `{method} {path}` is not a mapping");
                    return Err(self.malformed(
                        &origin,
                        message,
                        "write the Operation Object as a mapping",
                    ));
                }
                let operation_parameters = self.parameters(&origin, value)?;
                let request_body = match value.get("requestBody") {
                    None => None,
                    Some(body) => {
                        let resolved = self.resolve_value(origin.child("requestBody"), body)?;
                        if !resolved.value.is_object() {
                            let message = "`requestBody` is not a mapping".into();
                            return Err(self.malformed(
                                &resolved.origin,
                                message,
                                "write the Request Body Object as a mapping",
                            ));
                        }
                        let required = flag(resolved.value, "required");
                        Some(RequestBody { required, resolved })
                    }
                };
                let security = match (value.get("security"), self.root().get("security")) {
                    (Some(security), _) => {
                        Some(Resolved { origin: origin.child("security"), value: security })
                    }
                    (None, Some(security)) => Some(Resolved {
                        origin: Origin::new(FileIx::ROOT, "/security"),
                        value: security,
                    }),
                    (None, None) => None,
                };
                operations.push(Operation {
                    method,
                    path,
                    value,
                    operation_id: text(value, "operationId"),
                    summary: text(value, "summary"),
                    description: text(value, "description"),
                    tags: value
                        .get("tags")
                        .and_then(Value::as_array)
                        .map(|tags| tags.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default(),
                    deprecated: flag(value, "deprecated"),
                    parameters: merge(&path_parameters, operation_parameters),
                    request_body,
                    security,
                    origin,
                });
            }
        }
        Ok(operations)
    }

    /// Webhook operations and callback operations (not compiled into tools, counted in the summary).
    pub fn non_tool_counts(&self) -> NonToolCounts {
        let mut counts = NonToolCounts::default();
        let root = Origin::new(FileIx::ROOT, "");
        let mut operations: Vec<(Origin, &Value)> = Vec::new();
        for (key, is_webhook) in [("paths", false), ("webhooks", true)] {
            let Some(Value::Object(items)) = self.root().get(key) else { continue };
            let items_origin = root.child(key);
            for (name, item) in items {
                let Ok(item) = self.resolve_value(items_origin.child(name), item) else { continue };
                for (origin, operation) in self.item_operations(&item) {
                    if is_webhook {
                        counts.webhooks += 1;
                    }
                    operations.push((origin, operation));
                }
            }
        }
        for (origin, operation) in operations {
            let Some(Value::Object(callbacks)) = operation.get("callbacks") else { continue };
            let callbacks_origin = origin.child("callbacks");
            for (name, callback) in callbacks {
                let Ok(callback) = self.resolve_value(callbacks_origin.child(name), callback)
                else {
                    continue;
                };
                let Some(expressions) = callback.value.as_object() else { continue };
                for (expression, item) in expressions {
                    if expression.starts_with("x-") {
                        continue;
                    }
                    let item_origin = callback.origin.child(expression);
                    let Ok(item) = self.resolve_value(item_origin, item) else { continue };
                    counts.callbacks += self.item_operations(&item).len();
                }
            }
        }
        counts
    }

    /// The operations of a resolved Path Item, in OpenAPI's method order.
    fn item_operations<'a>(&'a self, item: &Resolved<'a>) -> Vec<(Origin, &'a Value)> {
        HttpMethod::ALL
            .into_iter()
            .filter_map(|method| {
                let value = item.value.get(method.key()).filter(|v| v.is_object())?;
                Some((item.origin.child(method.key()), value))
            })
            .collect()
    }

    /// A Path Item, following its `$ref`.
    fn path_item<'a>(
        &'a self,
        origin: Origin,
        item: &'a Value,
    ) -> Result<Resolved<'a>, Box<Diagnostic>> {
        let resolved = self.resolve_value(origin, item)?;
        if !resolved.value.is_object() {
            let message = "path item is not a mapping".into();
            return Err(self.malformed(
                &resolved.origin,
                message,
                "write the Path Item Object as a mapping of methods",
            ));
        }
        Ok(resolved)
    }

    /// The `parameters` of a Path Item or Operation at `origin`, each `$ref` followed.
    fn parameters<'a>(
        &'a self,
        origin: &Origin,
        owner: &'a Value,
    ) -> Result<Vec<Parameter<'a>>, Box<Diagnostic>> {
        let list = match owner.get("parameters") {
            None => return Ok(Vec::new()),
            Some(Value::Array(list)) => list,
            Some(_) => {
                let message = "`parameters` is not a list".into();
                return Err(self.malformed(
                    &origin.child("parameters"),
                    message,
                    "write `parameters` as a list of Parameter Objects",
                ));
            }
        };
        let list_origin = origin.child("parameters");
        let mut parameters = Vec::with_capacity(list.len());
        for (index, value) in list.iter().enumerate() {
            let resolved = self.resolve_value(list_origin.child(&index.to_string()), value)?;
            parameters.push(self.parameter(resolved)?);
        }
        Ok(parameters)
    }

    fn parameter<'a>(&self, resolved: Resolved<'a>) -> Result<Parameter<'a>, Box<Diagnostic>> {
        let value = resolved.value;
        if !value.is_object() {
            let message = "parameter is not a mapping".into();
            return Err(self.malformed(&resolved.origin, message, HELP_PARAMETER));
        }
        let Some(name) = value.get("name").and_then(Value::as_str) else {
            let message = "parameter has no `name`".into();
            return Err(self.malformed(&resolved.origin, message, HELP_PARAMETER));
        };
        let location = match value.get("in") {
            None => {
                let message = format!("parameter `{name}` has no `in`");
                return Err(self.malformed(&resolved.origin, message, HELP_PARAMETER));
            }
            Some(location) => match location.as_str().and_then(ParameterLocation::parse) {
                Some(location) => location,
                None => {
                    let message = format!(
                        "parameter `{name}` has `in: {location}`, which is not a parameter location"
                    );
                    let help = match location.as_str() {
                        Some("body" | "formData") => {
                            "this is Swagger 2.0: describe the body with the operation's `requestBody`"
                        }
                        _ => "use `in: path`, `query`, `header` or `cookie`",
                    };
                    return Err(self.malformed(&resolved.origin.child("in"), message, help));
                }
            },
        };
        Ok(Parameter { name, location, required: flag(value, "required"), resolved })
    }

    fn malformed(&self, origin: &Origin, message: String, help: &str) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error("F108", message)
                .with_primary(Label::at(self.file(origin.file), origin.pointer.clone()))
                .with_help(help),
        )
    }
}

const HELP_PATHS: &str = "write `paths` as a mapping of path templates to Path Item Objects";
const HELP_PARAMETER: &str =
    "give every parameter a `name` and an `in` (`path`, `query`, `header` or `cookie`)";

/// Path-level parameters not overridden by the operation (same name and `in`), then the
/// operation's own, each list in declaration order.
fn merge<'a>(
    path_level: &[Parameter<'a>],
    operation_level: Vec<Parameter<'a>>,
) -> Vec<Parameter<'a>> {
    let mut merged: Vec<Parameter<'a>> = path_level
        .iter()
        .filter(|p| !operation_level.iter().any(|o| o.name == p.name && o.location == p.location))
        .cloned()
        .collect();
    merged.extend(operation_level);
    merged
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}
