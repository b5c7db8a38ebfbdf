//! SKELETON — public API fixed; bodies to be written.

use std::sync::Arc;

use genaug_diagnostics::Diagnostic;
use genaug_source::{Base, SourceFile};
use serde_json::Value;

/// Index of a loaded file in a [`Document`] (0 is the root spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileIx(pub u32);

/// Where a value lives: which loaded file, and the RFC 6901 pointer inside it (`""` = root).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: FileIx,
    pub pointer: String,
}

/// A value together with where it was found (after following any `$ref` chain).
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    pub origin: Origin,
    pub value: &'a Value,
}

/// The OpenAPI major.minor line of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OasVersion {
    V30,
    V31,
}

/// What `$ref`s may reach.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Follow relative file refs that leave the root spec's folder.
    pub allow_outside_root: bool,
    /// Fetch `http(s)://` refs.
    pub allow_remote_refs: bool,
}

/// A loaded OpenAPI document: the root file plus every external file its `$ref`s reach
/// (all loaded eagerly at [`Document::load`], so resolution is a pure lookup).
pub struct Document {
    _private: (),
}

impl Document {
    /// Parses `root` (already read), detects the version, and loads every external file that
    /// a `$ref` reaches. Unsupported versions (2.0, 3.2, not OpenAPI), unreadable or refused
    /// external refs are failures (a located `Diagnostic`).
    pub fn load(
        _root: Arc<SourceFile>,
        _base: Base,
        _options: LoadOptions,
    ) -> Result<Document, Box<Diagnostic>> {
        todo!()
    }
    pub fn version(&self) -> OasVersion {
        todo!()
    }
    /// The `openapi` field as written (`3.0.3`).
    pub fn version_string(&self) -> &str {
        todo!()
    }
    pub fn root(&self) -> &Value {
        todo!()
    }
    pub fn root_file(&self) -> &Arc<SourceFile> {
        todo!()
    }
    pub fn file(&self, _ix: FileIx) -> &Arc<SourceFile> {
        todo!()
    }
    /// The value at `origin` (no `$ref` following).
    pub fn get(&self, _origin: &Origin) -> Option<&Value> {
        todo!()
    }
    /// Follows `$ref` (relative to `from`'s file) to its target, then keeps following while the
    /// target is itself a `{$ref}` object. A dangling or cyclic chain is a located failure.
    pub fn resolve(
        &self,
        _from: &Origin,
        _reference: &str,
    ) -> Result<Resolved<'_>, Box<Diagnostic>> {
        todo!()
    }
}
