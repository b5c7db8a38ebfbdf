//! `--include-tag`, `--exclude-tag`, `--include-path`, `--exclude-operation`.

use genaug_diagnostics::Diagnostic;
use genaug_openapi::Operation;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::Filters;

pub(crate) struct Compiled<'f> {
    filters: &'f Filters,
    paths: Option<GlobSet>,
}

impl<'f> Compiled<'f> {
    pub(crate) fn new(filters: &'f Filters) -> Result<Self, Box<Diagnostic>> {
        let paths = if filters.include_paths.is_empty() {
            None
        } else {
            let mut set = GlobSetBuilder::new();
            for pattern in &filters.include_paths {
                let glob = GlobBuilder::new(pattern).literal_separator(true).build().map_err(|e| {
                    Box::new(
                        Diagnostic::error("F201", format!("invalid --include-path pattern `{pattern}`: {e}"))
                            .with_help("use `*` for one path segment and `**` for any number, e.g. `/repos/**`"),
                    )
                })?;
                set.add(glob);
            }
            Some(set.build().map_err(|e| Box::new(Diagnostic::error("F201", e.to_string())))?)
        };
        Ok(Self { filters, paths })
    }

    pub(crate) fn keeps(&self, op: &Operation<'_>, tool_id: &str) -> bool {
        let f = self.filters;
        let tagged = |tags: &[String]| op.tags.iter().any(|t| tags.iter().any(|x| x == t));
        if !f.include_tags.is_empty() && !tagged(&f.include_tags) {
            return false;
        }
        if tagged(&f.exclude_tags) {
            return false;
        }
        if self.paths.as_ref().is_some_and(|paths| !paths.is_match(op.path)) {
            return false;
        }
        !f.exclude_operations.iter().any(|x| x == tool_id || Some(x.as_str()) == op.operation_id)
    }
}
