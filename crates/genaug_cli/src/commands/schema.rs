//! `genaug schema tool|manifest`: prints the published JSON Schema of a file genaug writes.

use crate::args::{SchemaArgs, SchemaKind};
use crate::exit_status::ExitStatus;
use crate::output::Output;

pub(crate) fn run(args: &SchemaArgs, output: &Output) -> ExitStatus {
    let text = match args.kind {
        SchemaKind::Tool => genaug_model::tool_schema(),
        SchemaKind::Manifest => genaug_model::manifest_schema(),
    };
    output.out(&text);
    ExitStatus::Success
}
