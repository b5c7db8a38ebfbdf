//! SKELETON — public API fixed; bodies to be written.

use genaug_diagnostics::Diagnostic;
use genaug_model::{HttpMethod, ParameterLocation};
use serde_json::Value;

use crate::{Document, Origin, Resolved};

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
        todo!()
    }

    /// Webhook operations and callback operations (not compiled into tools, counted in the summary).
    pub fn non_tool_counts(&self) -> NonToolCounts {
        todo!()
    }
}
