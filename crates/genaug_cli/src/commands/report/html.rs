//! The report as one self-contained HTML file: inline CSS, every text escaped, no scripts, no
//! external resources (it opens offline, from a CI artifact or an e-mail attachment).

use genaug_diagnostics::Severity;
use genaug_model::RiskLevel;

use super::markdown::capitalised;
use super::{Page, RISKS, thousands};

const STYLE: &str = r#"
:root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa;
  --high:#b42318; --high-bg:#fdecea; --medium:#9a6700; --medium-bg:#fff4d6;
  --low:#1a7f37; --low-bg:#e6f4ea; --accent:#0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 32px 24px 64px; }
header { border-bottom: 1px solid var(--line); padding-bottom: 16px; margin-bottom: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; display: flex; align-items: center; gap: 8px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
code, .mono { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.meta code { word-break: break-all; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 20px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--bg); }
.card .n { font-size: 24px; font-weight: 600; }
.card .l { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 14px; }
table.tools { table-layout: fixed; }
table.tools td { overflow-wrap: anywhere; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; font-size: 13px; color: var(--muted); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.id { white-space: nowrap; }
td.path { word-break: break-all; }
tr.total td { font-weight: 600; border-top: 2px solid var(--line); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
.high { color: var(--high); background: var(--high-bg); }
.medium { color: var(--medium); background: var(--medium-bg); }
.low { color: var(--low); background: var(--low-bg); }
.off { color: var(--muted); background: #eef1f4; }
.error { color: var(--high); background: var(--high-bg); }
.warning { color: var(--medium); background: var(--medium-bg); }
.info { color: var(--accent); background: #ddf4ff; }
.method { font-weight: 600; font-size: 12px; }
.bar { background: #eef1f4; border-radius: 4px; height: 10px; min-width: 120px; }
.bar span { display: block; height: 10px; border-radius: 4px; background: var(--accent); }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
@media print { main { padding: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"#;

/// Text safe in HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn risk_badge(risk: RiskLevel) -> String {
    format!("<span class=\"badge {0}\">{0}</span>", risk.as_str())
}

fn card(n: &str, label: &str) -> String {
    format!("<div class=\"card\"><div class=\"n\">{n}</div><div class=\"l\">{label}</div></div>")
}

pub(crate) fn render(page: &Page) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>genaug report: {}</title>\n", escape(&page.name)));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"));

    out.push_str("<header>\n");
    out.push_str(&format!("<h1>genaug report: {}</h1>\n", escape(&page.name)));
    out.push_str(&format!("<p>{}</p>\n", escape(&page.description)));
    out.push_str(&format!(
        "<p class=\"meta muted\">Spec <code>{}</code> · sha256 <code>{}</code></p>\n",
        escape(&page.spec),
        escape(&page.spec_sha256)
    ));
    out.push_str("</header>\n");

    let errors = page.severity(Severity::Error);
    let warnings = page.severity(Severity::Warning);
    out.push_str("<section class=\"cards\">\n");
    out.push_str(&card(
        &page.tools.len().to_string(),
        &format!(
            "tools · {} high, {} medium, {} low",
            page.count(RiskLevel::High),
            page.count(RiskLevel::Medium),
            page.count(RiskLevel::Low)
        ),
    ));
    out.push_str(&card(
        &page.enabled().to_string(),
        &format!("enabled · {} require approval", page.approval()),
    ));
    out.push_str(&card(
        &errors.to_string(),
        &format!(
            "lint errors · {warnings} warning{}, {} info",
            if warnings == 1 { "" } else { "s" },
            page.severity(Severity::Info)
        ),
    ));
    out.push_str(&card(
        &format!("≈ {}", thousands(page.budget_tokens())),
        &format!("tokens of context · {} bytes", thousands(page.budget_bytes())),
    ));
    out.push_str("</section>\n");

    out.push_str("<h2>Tools by risk</h2>\n");
    for risk in RISKS {
        let count = page.count(risk);
        out.push_str(&format!(
            "<h3>{} {} risk <span class=\"muted\">({count})</span></h3>\n",
            risk_badge(risk),
            capitalised(risk.as_str())
        ));
        if count == 0 {
            out.push_str("<p class=\"empty\">None.</p>\n");
            continue;
        }
        // Fixed column widths so the high, medium and low tables line up under each other.
        out.push_str("<table class=\"tools\">\n<colgroup><col style=\"width:22%\"><col style=\"width:8%\"><col style=\"width:24%\"><col style=\"width:9%\"><col style=\"width:10%\"><col></colgroup>\n<thead><tr><th>Tool</th><th>Method</th><th>Path</th><th>State</th><th>Approval</th><th>Description</th></tr></thead>\n<tbody>\n");
        for row in page.at(risk) {
            let state = if row.enabled {
                "<span class=\"badge low\">enabled</span>"
            } else {
                "<span class=\"badge off\">disabled</span>"
            };
            let approval = if row.approval { "every call" } else { "—" };
            out.push_str(&format!(
                "<tr><td class=\"id\"><code>{}</code></td><td><span class=\"method\">{}</span></td><td class=\"path\"><code>{}</code></td><td>{state}</td><td>{approval}</td><td>{}</td></tr>\n",
                escape(&row.id),
                escape(&row.method),
                escape(&row.path),
                escape(&row.description)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }

    out.push_str("<h2>Acceptances</h2>\n");
    if !page.has_policy {
        out.push_str("<p class=\"empty\">No <code>genaug-policy.yaml</code>: the built-in defaults apply and nothing is accepted.</p>\n");
    } else if page.acceptances.is_empty() {
        out.push_str(
            "<p class=\"empty\"><code>genaug-policy.yaml</code> accepts no high-risk tool.</p>\n",
        );
    } else {
        out.push_str("<table>\n<thead><tr><th>Tool</th><th>Reason</th><th>By</th><th>Expires</th><th>Status</th></tr></thead>\n<tbody>\n");
        for a in &page.acceptances {
            let class = match a.status {
                "live" => "low",
                "expired" => "error",
                _ => "warning",
            };
            out.push_str(&format!(
                "<tr><td class=\"id\"><code>{}</code></td><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td><span class=\"badge {class}\">{}</span></td></tr>\n",
                escape(&a.id),
                escape(&a.reason),
                escape(&a.by),
                escape(a.expires.as_deref().unwrap_or("never")),
                a.status
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }

    out.push_str("<h2>Lint findings</h2>\n");
    if page.findings.is_empty() {
        out.push_str("<p class=\"empty\">No findings.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th>Severity</th><th>Code</th><th>Where</th><th>Finding</th></tr></thead>\n<tbody>\n");
        for f in &page.findings {
            out.push_str(&format!(
                "<tr><td><span class=\"badge {0}\">{0}</span></td><td class=\"mono\">{1}</td><td class=\"path\"><code>{2}</code></td><td>{3}</td></tr>\n",
                f.severity.as_str(),
                escape(&f.code),
                escape(&f.at),
                escape(&f.message)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }

    out.push_str("<h2>Context budget</h2>\n");
    out.push_str("<p class=\"muted\">Each enabled tool's function definition (<code>name</code>, <code>description</code>, <code>parameters</code>) as compact JSON; tokens estimated as bytes / 4. Largest first.</p>\n");
    if page.budget.is_empty() {
        out.push_str("<p class=\"empty\">No tool is enabled.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th>Tool</th><th class=\"num\">Bytes</th><th class=\"num\">≈ Tokens</th><th class=\"num\">Share</th><th></th></tr></thead>\n<tbody>\n");
        let total = page.budget_bytes().max(1) as f64;
        let largest = page.budget.first().map_or(1, |b| b.bytes.max(1)) as f64;
        for b in &page.budget {
            let share = b.bytes as f64 * 100.0 / total;
            let width = b.bytes as f64 * 100.0 / largest;
            out.push_str(&format!(
                "<tr><td class=\"id\"><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{share:.1}%</td><td style=\"width:30%\"><div class=\"bar\"><span style=\"width:{width:.1}%\"></span></div></td></tr>\n",
                escape(&b.id),
                thousands(b.bytes),
                thousands(b.tokens)
            ));
        }
        out.push_str(&format!(
            "<tr class=\"total\"><td>Total ({} tools)</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">100%</td><td></td></tr>\n",
            page.budget.len(),
            thousands(page.budget_bytes()),
            thousands(page.budget_tokens())
        ));
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(&format!(
        "<footer>Generated by {}. Open offline: this file has no scripts and loads nothing.</footer>\n",
        escape(&page.generator)
    ));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
