//! The policy: raw (serde, `raw.rs`) → validated as a whole (`validate.rs`, every problem a `G0xx`
//! finding) → resolved ([`Policy`], what rules read). Rules never see the raw form.

pub(crate) mod raw;
mod template;
mod validate;

use std::sync::Arc;

use genaug_diagnostics::Severity;
use genaug_model::RiskLevel;
use genaug_source::SourceFile;
use globset::GlobSet;

use crate::date::Date;
use crate::registry::Rule;
pub(crate) use raw::NameTarget;
pub use template::init_template;
pub(crate) use validate::{policy_schema, resolve};

/// Default `descriptions.min` / `descriptions.max` (characters).
pub(crate) const DEFAULT_MIN_DESCRIPTION: usize = 20;
pub(crate) const DEFAULT_MAX_DESCRIPTION: usize = 1024;

/// The resolved policy. `file` is `None` for the built-in defaults (no policy file given).
#[derive(Debug)]
pub(crate) struct Policy {
    pub(crate) file: Option<Arc<SourceFile>>,
    /// `None`: the allowlist is not enforced (no `allow` key).
    pub(crate) allow: Option<ToolList>,
    pub(crate) deny: ToolList,
    pub(crate) accept: Vec<Acceptance>,
    pub(crate) auto_run: Vec<RiskLevel>,
    pub(crate) min_description: usize,
    pub(crate) max_description: usize,
    pub(crate) targets: Vec<NameTarget>,
    /// Overrides: `None` turns the rule off.
    pub(crate) severity: Vec<(Rule, Option<Severity>)>,
    pub(crate) ignore: Vec<Ignore>,
    pub(crate) ignore_set: GlobSet,
}

impl Policy {
    /// The built-in policy used when no policy file is given.
    pub(crate) fn defaults() -> Policy {
        Policy {
            file: None,
            allow: None,
            deny: ToolList::empty("/deny"),
            accept: Vec::new(),
            auto_run: vec![RiskLevel::Low],
            min_description: DEFAULT_MIN_DESCRIPTION,
            max_description: DEFAULT_MAX_DESCRIPTION,
            targets: vec![NameTarget::Openai, NameTarget::Anthropic],
            severity: Vec::new(),
            ignore: Vec::new(),
            ignore_set: GlobSet::empty(),
        }
    }

    /// The acceptance for a tool id, if any (expired or not).
    pub(crate) fn acceptance(&self, id: &str) -> Option<&Acceptance> {
        self.accept.iter().find(|a| a.id == id)
    }

    pub(crate) fn severity_of(&self, rule: Rule) -> Option<Severity> {
        self.severity
            .iter()
            .find(|(r, _)| *r == rule)
            .map_or(Some(rule.meta().default_severity), |(_, s)| *s)
    }
}

/// An `allow` or `deny` list with its entries compiled into one glob set.
#[derive(Debug)]
pub(crate) struct ToolList {
    /// Pointer of the list itself (`/allow`).
    pub(crate) pointer: &'static str,
    pub(crate) entries: Vec<ToolEntry>,
    pub(crate) set: GlobSet,
}

impl ToolList {
    pub(crate) fn empty(pointer: &'static str) -> ToolList {
        ToolList { pointer, entries: Vec::new(), set: GlobSet::empty() }
    }

    /// The first entry (in file order) matching `id`.
    pub(crate) fn first_match(&self, id: &str) -> Option<&ToolEntry> {
        if self.entries.is_empty() {
            return None;
        }
        self.set.matches(id).into_iter().min().map(|index| &self.entries[index])
    }
}

/// One `allow`/`deny` entry.
#[derive(Debug)]
pub(crate) struct ToolEntry {
    /// The id or the pattern as written.
    pub(crate) text: String,
    pub(crate) is_pattern: bool,
    pub(crate) reason: String,
    /// Pointer of the `id`/`pattern` value (`/allow/2/pattern`).
    pub(crate) pointer: String,
}

/// One `accept` entry.
#[derive(Debug)]
pub(crate) struct Acceptance {
    pub(crate) id: String,
    pub(crate) by: String,
    pub(crate) expires: Option<Date>,
    /// Pointer of the entry's `id` value.
    pub(crate) pointer: String,
    /// Pointer of its `expires` value.
    pub(crate) expires_pointer: String,
}

impl Acceptance {
    pub(crate) fn is_live(&self, today: Date) -> bool {
        self.expires.is_none_or(|expires| today <= expires)
    }

    /// "accepted here by alice until 2026-12-31" (or "… expired on …").
    pub(crate) fn describe(&self, today: Date) -> String {
        match self.expires {
            None => format!("accepted here by {}", self.by),
            Some(date) if today <= date => format!("accepted here by {} until {date}", self.by),
            Some(date) => format!("accepted here by {} until {date} (expired)", self.by),
        }
    }
}

/// One `rules.ignore` entry.
#[derive(Debug)]
pub(crate) struct Ignore {
    pub(crate) rule: Rule,
    pub(crate) tool: String,
    /// Pointer of the entry's `tool` value.
    pub(crate) pointer: String,
}
