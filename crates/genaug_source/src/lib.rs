//! `genaug_source` owns the bytes of every file genaug reads: it turns YAML or JSON text into a
//! `serde_json::Value` (JSON through serde_json on the fast path, YAML through granit-parser events),
//! enforces input limits (size, depth, alias expansion), and maps JSON pointers back to byte spans
//! and 1-based line/column — lazily, only when a diagnostic asks. It is the only crate that depends
//! on a YAML reader. It never prints, never exits, and never writes files; reading specs from
//! paths, stdin or http(s) URLs lives here so every other crate only sees text.
//!
//! Entry points: [`SourceFile::new`] + [`SourceFile::parse`], [`read_input`], [`SourceFile::span_of`].

mod error;
mod file;
mod input;
mod input_impl;
mod load;
mod pointer;
mod spans;

pub use error::SourceError;
pub use file::{Format, LineCol, SourceFile, Span};
pub use input::{Base, InputLimits, ReadInput, read_input};
pub use pointer::{escape_token, parse_pointer, push_token};

/// Limits that keep a hostile document from taking unbounded time or memory.
#[derive(Debug, Clone, Copy)]
pub struct ParseLimits {
    /// Deepest nesting of mappings/sequences accepted.
    pub max_depth: usize,
    /// Most nodes an alias-expanded YAML document may produce (alias-bomb guard).
    pub max_nodes: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        // Microsoft Graph's spec has ~6M nodes; 256 levels is far beyond any real schema nesting.
        Self { max_depth: 256, max_nodes: 50_000_000 }
    }
}
