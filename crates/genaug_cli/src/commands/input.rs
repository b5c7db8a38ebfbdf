//! Reading an OpenAPI document named on the command line (a path, `-` or an http(s) URL) and
//! loading it with its external `$ref`s: shared by `validate` and `lint --spec`. (`integrate`
//! does the same steps inline, hashing the text while it loads.)

use std::sync::Arc;

use genaug_diagnostics::Diagnostic;
use genaug_openapi::{Document, LoadOptions};
use genaug_source::{InputLimits, SourceFile};

pub(crate) use crate::args::SpecOptions;

/// Reads `arg` and loads it as an OpenAPI document. Failures are located diagnostics (F0xx for
/// reading and parsing, F1xx for what is not a loadable OpenAPI 3.0/3.1 document).
pub(crate) fn load_spec(arg: &str, options: SpecOptions) -> Result<Document, Box<Diagnostic>> {
    let mut limits = InputLimits::default();
    if let Some(max) = options.max_size {
        limits.max_bytes = max;
    }
    let input = genaug_source::read_input(arg, limits).map_err(|e| Box::new(e.into()))?;
    let file = Arc::new(SourceFile::new(input.name, input.text));
    let load_options = LoadOptions {
        allow_outside_root: options.allow_outside_refs,
        allow_remote_refs: options.allow_remote_refs,
    };
    Document::load(file, input.base, load_options)
}
