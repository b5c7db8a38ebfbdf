//! The risk table: the one place that decides a tool's risk, approval and enablement.
//!
//! | method             | risk_level | requires_approval | enabled                              |
//! |--------------------|------------|-------------------|--------------------------------------|
//! | GET, HEAD, OPTIONS | low        | false             | true (auto-run)                      |
//! | POST, PUT, PATCH   | medium     | true              | true                                 |
//! | DELETE             | high       | true              | false (disabled until accepted)      |
//! | TRACE              | high       | true              | false (echoes requests, incl. credentials) |
//!
//! An operation may set its own risk with `x-genaug-risk: low|medium|high`. The defaults for
//! approval and enablement then follow the chosen level (same table, by level), and a lowered risk
//! stays visible in the tool file (`risk.generated` below `risk.method_default`) so the linter can
//! flag it.

use genaug_model::{HttpMethod, RiskDecision, RiskLevel, RiskSource};

/// The risk the method alone implies.
pub fn method_risk(method: HttpMethod) -> RiskLevel {
    match method {
        HttpMethod::Get | HttpMethod::Head | HttpMethod::Options => RiskLevel::Low,
        HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch => RiskLevel::Medium,
        HttpMethod::Delete | HttpMethod::Trace => RiskLevel::High,
    }
}

/// Whether a tool at this level needs a person to approve each call by default.
pub fn requires_approval(level: RiskLevel) -> bool {
    level != RiskLevel::Low
}

/// Whether a tool at this level is enabled by default (high risk waits for an explicit acceptance).
pub fn enabled_by_default(level: RiskLevel) -> bool {
    level != RiskLevel::High
}

fn method_reason(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get | HttpMethod::Head | HttpMethod::Options => {
            "reads without changing state: low risk, runs without approval"
        }
        HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch => {
            "changes state: medium risk, a person approves each call"
        }
        HttpMethod::Delete => "destroys data: high risk, disabled until explicitly accepted",
        HttpMethod::Trace => {
            "echoes the request including credentials: high risk, disabled until explicitly accepted"
        }
    }
}

/// Decides the generated risk for an operation: the method table, or `x-genaug-risk` when the
/// operation sets it (`override_level`).
pub fn decide(method: HttpMethod, override_level: Option<RiskLevel>) -> RiskDecision {
    let method_default = method_risk(method);
    match override_level {
        Some(level) if level != method_default => {
            let direction = if level > method_default { "raised" } else { "lowered" };
            RiskDecision {
                method_default,
                generated: level,
                source: RiskSource::Extension,
                reason: format!(
                    "{method} defaults to {method_default}; x-genaug-risk {direction} it to {level}"
                ),
            }
        }
        _ => RiskDecision {
            method_default,
            generated: method_default,
            source: if override_level.is_some() {
                RiskSource::Extension
            } else {
                RiskSource::Method
            },
            reason: format!("{method} {}", method_reason(method)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_documented_one() {
        let rows: Vec<String> = HttpMethod::ALL
            .iter()
            .map(|&m| {
                let level = method_risk(m);
                format!(
                    "{m} {level} approval={} enabled={}",
                    requires_approval(level),
                    enabled_by_default(level)
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                "GET low approval=false enabled=true",
                "PUT medium approval=true enabled=true",
                "POST medium approval=true enabled=true",
                "DELETE high approval=true enabled=false",
                "OPTIONS low approval=false enabled=true",
                "HEAD low approval=false enabled=true",
                "PATCH medium approval=true enabled=true",
                "TRACE high approval=true enabled=false",
            ]
        );
    }

    #[test]
    fn extension_lowering_is_recorded() {
        let d = decide(HttpMethod::Delete, Some(RiskLevel::Low));
        assert_eq!(
            (d.method_default, d.generated, d.source),
            (RiskLevel::High, RiskLevel::Low, RiskSource::Extension)
        );
        assert_eq!(d.reason, "DELETE defaults to high; x-genaug-risk lowered it to low");
    }
}
