//! The report as GitHub-flavoured Markdown.

use genaug_diagnostics::Severity;

use super::{Page, RISKS, thousands};

/// Text safe in a table cell: no line breaks, `|` and Markdown/HTML specials escaped.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Inline code that cannot be broken out of.
fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r', '|'], " ");
    if text.contains('`') { format!("`` {text} ``") } else { format!("`{text}`") }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

pub(crate) fn render(page: &Page) -> String {
    let mut out = format!("# genaug report: {}\n\n", cell(&page.name));
    out.push_str(&format!("{}\n\n", cell(&page.description)));
    out.push_str(&format!(
        "Spec {} (sha256 {}), {}.\n\n",
        code(&page.spec),
        code(&page.spec_sha256),
        page.generator
    ));
    out.push_str(&format!(
        "**{} tools**: {} high, {} medium, {} low risk; {} enabled, {} disabled; {} require approval. \
         **Lint**: {} errors, {} warnings, {} infos. **Context budget**: {} bytes ≈ {} tokens for the enabled tools.\n\n",
        page.tools.len(),
        page.count(genaug_model::RiskLevel::High),
        page.count(genaug_model::RiskLevel::Medium),
        page.count(genaug_model::RiskLevel::Low),
        page.enabled(),
        page.tools.len() - page.enabled(),
        page.approval(),
        page.severity(Severity::Error),
        page.severity(Severity::Warning),
        page.severity(Severity::Info),
        thousands(page.budget_bytes()),
        thousands(page.budget_tokens()),
    ));

    out.push_str("## Tools by risk\n\n");
    for risk in RISKS {
        let count = page.count(risk);
        out.push_str(&format!("### {} risk ({count})\n\n", capitalised(risk.as_str())));
        if count == 0 {
            out.push_str("None.\n\n");
            continue;
        }
        out.push_str("| Tool | Method | Path | Enabled | Approval | Description |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for row in page.at(risk) {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                code(&row.id),
                row.method,
                code(&row.path),
                yes_no(row.enabled),
                if row.approval { "every call" } else { "no" },
                cell(&row.description)
            ));
        }
        out.push('\n');
    }

    out.push_str("## Acceptances\n\n");
    if !page.has_policy {
        out.push_str(
            "No `genaug-policy.yaml`: the built-in defaults apply and nothing is accepted.\n\n",
        );
    } else if page.acceptances.is_empty() {
        out.push_str("`genaug-policy.yaml` accepts no high-risk tool.\n\n");
    } else {
        out.push_str("| Tool | Reason | By | Expires | Status |\n|---|---|---|---|---|\n");
        for a in &page.acceptances {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                code(&a.id),
                cell(&a.reason),
                cell(&a.by),
                a.expires.as_deref().map_or_else(|| "never".to_owned(), cell),
                a.status
            ));
        }
        out.push('\n');
    }

    out.push_str("## Lint findings\n\n");
    if page.findings.is_empty() {
        out.push_str("No findings.\n\n");
    } else {
        out.push_str("| Severity | Code | Where | Finding |\n|---|---|---|---|\n");
        for f in &page.findings {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                f.severity.as_str(),
                f.code,
                if f.at.is_empty() { String::new() } else { code(&f.at) },
                cell(&f.message)
            ));
        }
        out.push('\n');
    }

    out.push_str("## Context budget\n\n");
    out.push_str(
        "Each enabled tool's function definition (`name`, `description`, `parameters`) as compact JSON; \
         tokens estimated as bytes / 4. Largest first.\n\n",
    );
    if page.budget.is_empty() {
        out.push_str("No tool is enabled.\n");
        return out;
    }
    out.push_str("| Tool | Bytes | ≈ Tokens | Share |\n|---|---:|---:|---:|\n");
    let total = page.budget_bytes().max(1);
    for b in &page.budget {
        out.push_str(&format!(
            "| {} | {} | {} | {:.1}% |\n",
            code(&b.id),
            thousands(b.bytes),
            thousands(b.tokens),
            b.bytes as f64 * 100.0 / total as f64
        ));
    }
    out.push_str(&format!(
        "| **Total ({} tools)** | **{}** | **{}** | 100% |\n",
        page.budget.len(),
        thousands(page.budget_bytes()),
        thousands(page.budget_tokens())
    ));
    out
}

pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables_or_inject_html() {
        assert_eq!(cell("a | b\nc <b>"), "a \\| b c \\<b\\>");
        assert_eq!(code("x`y"), "`` x`y ``");
        assert_eq!(capitalised("high"), "High");
    }
}
