//! `P1xx`: the allowlist policy — which tools may be enabled.

pub(crate) mod enabled_and_denied;
pub(crate) mod enabled_not_allowed;
pub(crate) mod unmatched_policy_entry;
