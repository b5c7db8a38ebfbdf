//! `R2xx`: risk levels, approval and acceptances.

pub(crate) mod expired_acceptance;
pub(crate) mod missing_approval;
pub(crate) mod risk_below_method_default;
pub(crate) mod unaccepted_high_risk;

use genaug_model::{HttpMethod, RiskLevel, ToolFile};

/// The risk a method implies, as documented in the product's risk table (issue "integrate"):
/// GET, HEAD, OPTIONS → low; POST, PUT, PATCH → medium; DELETE, TRACE → high.
///
/// The linter applies its own copy rather than the file's `risk.method_default`, so a hand edit
/// of that field cannot hide a lowered risk.
pub(crate) fn method_default(method: HttpMethod) -> RiskLevel {
    match method {
        HttpMethod::Get | HttpMethod::Head | HttpMethod::Options => RiskLevel::Low,
        HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch => RiskLevel::Medium,
        HttpMethod::Delete | HttpMethod::Trace => RiskLevel::High,
    }
}

/// The risk the linter holds a tool to: its `risk_level`, but never below its method's default.
pub(crate) fn effective_risk(tool: &ToolFile) -> RiskLevel {
    tool.risk_level.max(method_default(tool.operation.method))
}
