//! `genaug explain CODE`: the documentation of any code genaug reports — a lint rule (its doc
//! comment, from `genaug_linter`), a validate check (`V…`, from its table), or a compiler or
//! failure code (`C…`, `F…`, from [`crate::codes::DESCRIBED`]). An unknown code exits 2 and
//! suggests the closest known one.

use genaug_diagnostics::Diagnostic;

use crate::args::ExplainArgs;
use crate::codes;
use crate::exit_status::ExitStatus;
use crate::output::Output;

pub(crate) fn run(args: &ExplainArgs, output: &Output) -> ExitStatus {
    let code = args.code.trim();
    match explain(code) {
        Some(text) => {
            output.out(&text);
            ExitStatus::Success
        }
        None => {
            let mut failure =
                Diagnostic::error(codes::UNKNOWN_CODE, format!("unknown code `{code}`"));
            failure = match closest(code) {
                Some(near) => failure.with_help(format!(
                    "did you mean `{near}`? `genaug rules` lists the lint rules"
                )),
                None => failure.with_help("`genaug rules` lists the lint rules"),
            };
            output.diagnostics_human(vec![failure]);
            ExitStatus::Failure
        }
    }
}

/// The Markdown text for `code`, or `None` when genaug never had such a code.
fn explain(code: &str) -> Option<String> {
    if let Some(text) = genaug_linter::explain(code) {
        return Some(text);
    }
    if let Some(check) =
        genaug_openapi::validate::CHECKS.iter().find(|c| c.code.eq_ignore_ascii_case(code))
    {
        return Some(format!(
            "# {} `{}`\n\n{}\n\n| reported by | default severity |\n|---|---|\n| genaug validate (and genaug integrate) | {} |\n",
            check.code,
            check.name,
            check.summary,
            check.severity.as_str()
        ));
    }
    codes::described(code).map(|d| {
        let kind = if d.code.starts_with('F') {
            "the command could not run (exit 2)"
        } else {
            "a finding about the spec while compiling it"
        };
        format!(
            "# {}\n\n{}\n\n| reported by | severity | kind |\n|---|---|---|\n| {} | {} | {kind} |\n\n## How to fix\n\n{}\n",
            d.code, d.summary, d.raised_by, d.severity, d.help
        )
    })
}

/// Every code `explain` knows.
fn known_codes() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = genaug_linter::rules().iter().map(|r| r.code).collect();
    all.extend(genaug_openapi::validate::CHECKS.iter().map(|c| c.code));
    all.extend(codes::DESCRIBED.iter().map(|d| d.code));
    all
}

/// The known code closest to `code` by edit distance (ties: the first in listing order), when
/// it is close enough to be a plausible typo.
fn closest(code: &str) -> Option<&'static str> {
    let wanted = code.to_ascii_uppercase();
    let (distance, near) = known_codes()
        .into_iter()
        .map(|known| (edit_distance(&wanted, known), known))
        .min_by_key(|(distance, _)| *distance)?;
    (distance <= 2).then_some(near)
}

use crate::common::edit_distance;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("R201", "R201"), 0);
        assert_eq!(edit_distance("R210", "R201"), 2);
        assert_eq!(edit_distance("R20", "R201"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn every_family_is_explained() {
        for code in ["r201", "G001", "V202", "v101", "C101", "F004", "F301", "F324"] {
            assert!(explain(code).is_some(), "{code}");
        }
        assert_eq!(explain("R299"), None);
        assert_eq!(explain("V999"), None);
    }

    #[test]
    fn suggestions_are_near_misses_only() {
        assert_eq!(closest("R2O1"), Some("R201"));
        assert_eq!(closest("v2o2"), Some("V202"));
        assert_eq!(closest("nonsense-code"), None);
    }

    #[test]
    fn no_code_is_known_twice() {
        let mut all = known_codes();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count, "two tables claim the same code");
    }
}
