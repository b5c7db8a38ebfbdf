//! `genaug_source` owns the bytes of every file genaug reads: it turns YAML or JSON text into a
//! `serde_json::Value` (JSON through serde_json on the fast path, YAML through granit-parser events),
//! enforces input limits (size, depth, alias expansion), and maps JSON pointers back to byte spans
//! and 1-based line/column — lazily, only when a diagnostic asks. It is the only crate that depends
//! on a YAML reader. It never prints, never exits, and never writes files; reading specs from
//! paths, stdin or http(s) URLs lives here so every other crate only sees text.
//!
//! Entry points: [`SourceFile::new`] + [`SourceFile::parse`], [`read_input`], [`SourceFile::span_of`],
//! and [`join`] to locate the document a relative `$ref` names.

mod edit;
mod error;
mod file;
mod input;
mod input_impl;
mod json;
mod json_split;
mod load;
mod locate;
mod pointer;
mod scalar;
mod spans;
mod yaml;

pub use edit::{EditError, append_to_sequence, replace_value};
pub use error::SourceError;
pub use file::{Format, LineCol, SourceFile, Span};
pub use input::{Base, InputLimits, ReadInput, join, read_input};
pub use pointer::{escape_token, parse_pointer, push_token, unescape_token};

/// Limits that keep a hostile document from taking unbounded time or memory.
///
/// - `max_depth` counts nested mappings/sequences (the root collection is level 1). JSON and YAML
///   agree: JSON within 127 levels takes serde_json's fast path; deeper JSON is handed to the
///   iterative YAML loader, so a raised limit is honoured exactly. Values are still dropped and
///   cloned recursively by serde_json, so keep the limit in the hundreds, not the hundred thousands.
/// - `max_nodes` caps all nodes of a YAML document, alias copies included. Independently, nodes
///   made by alias expansion may not exceed `max(100_000, 10 × nodes written in the text)`, so an
///   alias bomb ("billion laughs") fails fast and in memory proportional to the file, whatever
///   `max_nodes` is. Both report [`SourceError::TooManyNodes`].
///
/// YAML decisions worth knowing (YAML 1.2 core schema): `.inf`/`.nan` and numbers beyond `f64` are
/// syntax errors (JSON has no such values; quote them to get strings); integers beyond 64 bits
/// become the nearest `f64`; quoted, block and `!!str` scalars are strings; mapping keys are their
/// source text (`200:` → `"200"`); merge keys (`<<`) are applied; duplicate keys and a second
/// document are syntax errors.
#[derive(Debug, Clone, Copy)]
pub struct ParseLimits {
    /// Deepest nesting of mappings/sequences accepted.
    pub max_depth: usize,
    /// Most nodes an alias-expanded YAML document may produce (alias-bomb guard).
    pub max_nodes: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        // Microsoft Graph's spec has ~6M nodes; 128 levels is far beyond any real schema nesting
        // (real specs nest < 40) and matches serde_json's own recursion limit.
        Self { max_depth: 128, max_nodes: 50_000_000 }
    }
}
