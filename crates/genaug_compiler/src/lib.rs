//! `genaug_compiler` turns the operations of a loaded OpenAPI document into tool files: one
//! [`genaug_model::ToolFile`] per operation under `paths`, with a valid, deterministic tool id,
//! a risk decision from the documented method table ([`risk`]), an input JSON Schema 2020-12
//! (parameters + request body, `$ref`s bundled into `$defs`, OpenAPI 3.0 dialect converted), and
//! the HTTP binding that says where each argument goes. It also merges a freshly compiled tool
//! with the reviewed one already on disk ([`regen`]). It returns values and findings: it never
//! prints, never exits and never writes files — `genaug_cli` does that.
//!
//! Entry point: [`compile`].

mod compile;
mod filter;
mod ids;
mod operation;
pub mod regen;
mod repair;
pub mod risk;
mod schema;

pub use compile::{CompileOptions, Compiled, Filters, SpecInfo, compile, compile_each};
