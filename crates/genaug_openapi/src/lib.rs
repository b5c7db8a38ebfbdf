//! `genaug_openapi` owns the meaning of an OpenAPI 3.0/3.1 document: version detection,
//! `$ref` resolution (internal pointers with `~0`/`~1` and percent-encoding; relative external
//! files, refused outside the spec's root folder unless allowed; remote refs refused unless
//! allowed), the operation view the compiler walks (path-level parameters merged with
//! operation-level ones, effective security), and validation of the document (official OAS JSON
//! Schemas embedded in the binary, plus semantic checks). Every value it hands out carries its
//! origin (file + JSON pointer) so findings can be located. It reads external `$ref` files through
//! `genaug_source` but never prints, never exits and never writes.
//!
//! Entry points: [`Document::load`], [`Document::operations`], [`Document::resolve`], [`validate`].

mod document;
mod operations;
mod refs;
pub mod validate;
pub use validate::validate;

pub use document::{Document, FileIx, LoadOptions, OasVersion, Origin, Resolved};
pub use operations::{NonToolCounts, Operation, Parameter, RequestBody};
pub use refs::{RefTarget, for_each_ref, parse_ref};
