//! ## What it flags
//!
//! An acceptance `expires` value that is not a real calendar day written `YYYY-MM-DD`
//! (`2026-02-30`, `31/12/2026`, `2026-1-5`).
//!
//! ## Why it matters to a reviewer
//!
//! An expiry genaug cannot read would make the acceptance either permanent or dead by accident;
//! neither is what its author meant.
//!
//! ## Example
//!
//! ```yaml
//! accept:
//!   - id: repos_delete
//!     reason: cleanup job
//!     by: alice
//!     expires: 2026-02-30   # February has no 30th
//! ```
//!
//! ## How to fix
//!
//! Write the last day the acceptance holds as `YYYY-MM-DD`.

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "invalid-date",
    family: Family::PolicyFile,
    severity: Severity::Error,
    scope: Scope::PolicyFile,
    summary: "an acceptance expiry is not a real YYYY-MM-DD date",
    source: include_str!("invalid_date.rs"),
};

pub(crate) struct InvalidDate {
    pub(crate) pointer: String,
    pub(crate) text: String,
}

impl InvalidDate {
    pub(crate) fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::InvalidDate
            .diagnostic(format!("`{}` is not a calendar date in YYYY-MM-DD form", self.text))
            .with_primary(Label::at(file, self.pointer))
            .with_help("write the last day the acceptance holds, e.g. `2026-12-31`")
    }
}
