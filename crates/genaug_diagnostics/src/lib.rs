//! `genaug_diagnostics` owns what genaug says to people and machines: the [`Diagnostic`] type
//! (stable code, severity, message, labelled locations, help) shared by findings and failures,
//! and the renderers — human (miette, with the source snippet), JSON, SARIF 2.1.0 and GitHub
//! workflow annotations. Line and column are computed here, at render time, from a label's
//! pointer or span through `genaug_source`, so nothing pays for positions until a diagnostic is
//! shown. It is the only crate that depends on miette. It returns strings; it never prints,
//! never exits and never writes files.
//!
//! Entry points: [`Diagnostic`], [`render`], [`Format`], [`summary_line`].

mod diagnostic;
mod render;
mod summary;

pub use diagnostic::{Diagnostic, Label, Severity, prefetch_positions, sort_diagnostics};
pub use render::{Format, RenderOptions, ToolInfo, render};
pub use summary::{Counts, counts, summary_line};
