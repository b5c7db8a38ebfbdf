//! **V207 undefined-security-scheme** — a security requirement (document-level or on an
//! operation) naming a scheme that `components/securitySchemes` does not define.
//!
//! **V208 undefined-oauth-scope** — a requirement on an `oauth2` scheme listing a scope that none
//! of the scheme's flows defines. Scopes on other scheme types are not checked: OpenAPI 3.1
//! allows them as role names (`oai-examples/v3.1/non-oauth-scopes`), and `openIdConnect` scopes
//! live in the provider's discovery document.

use genaug_diagnostics::{Diagnostic, Label};
use serde_json::{Map, Value};

use crate::validate::codes;
use crate::validate::context::{Ctx, child};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let schemes = ctx
        .root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_object);
    let mut lists: Vec<(&Value, String)> = Vec::new();
    if let Some(security) = ctx.root.get("security") {
        lists.push((security, "/security".to_owned()));
    }
    let mut seen = std::collections::HashSet::new();
    for op in ctx.operations() {
        if let Some(security) = op.value.get("security")
            && seen.insert(op.pointer.clone())
        {
            lists.push((security, child(&op.pointer, "security")));
        }
    }
    for (list, pointer) in lists {
        let Some(requirements) = list.as_array() else { continue };
        for (index, requirement) in requirements.iter().enumerate() {
            let Some(requirement) = requirement.as_object() else { continue };
            let requirement_pointer = child(&pointer, &index.to_string());
            for (name, scopes) in requirement {
                let name_pointer = child(&requirement_pointer, name);
                let defined = schemes.and_then(|s| s.get(name));
                let scheme = defined
                    .and_then(|v| ctx.follow_value(v, &child("/components/securitySchemes", name)))
                    .and_then(Value::as_object);
                let Some(scheme) = scheme else {
                    if defined.is_some() {
                        // Defined, but a dangling `$ref` (V202) or not an object (V101).
                        continue;
                    }
                    let known: Vec<&str> =
                        schemes.map(|s| s.keys().map(String::as_str).collect()).unwrap_or_default();
                    let help = if known.is_empty() {
                        format!("define `{name}` under `components/securitySchemes`")
                    } else {
                        format!(
                            "use one of the defined schemes ({}) or define `{name}` under `components/securitySchemes`",
                            known.join(", ")
                        )
                    };
                    out.push(
                        Diagnostic::error(
                            codes::UNDEFINED_SECURITY_SCHEME,
                            format!("security scheme `{name}` is not defined"),
                        )
                        .with_primary(Label::at_key(ctx.file, name_pointer))
                        .with_help(help),
                    );
                    continue;
                };
                if scheme.get("type").and_then(Value::as_str) != Some("oauth2") {
                    continue;
                }
                let Some(scopes) = scopes.as_array() else { continue };
                for (index, scope) in scopes.iter().enumerate() {
                    let Some(scope) = scope.as_str() else { continue };
                    if !defines_scope(scheme, scope) {
                        out.push(
                            Diagnostic::error(
                                codes::UNDEFINED_OAUTH_SCOPE,
                                format!("scope `{scope}` is not defined by any flow of oauth2 scheme `{name}`"),
                            )
                            .with_primary(Label::at(ctx.file, child(&name_pointer, &index.to_string())))
                            .with_help(format!(
                                "add `{scope}` to the `scopes` of a flow of `{name}`, or use a scope it defines"
                            )),
                        );
                    }
                }
            }
        }
    }
}

fn defines_scope(scheme: &Map<String, Value>, scope: &str) -> bool {
    let Some(Value::Object(flows)) = scheme.get("flows") else {
        // No flows to compare with: the structural check reports the missing field.
        return true;
    };
    flows.values().any(|flow| {
        flow.get("scopes")
            .and_then(Value::as_object)
            .is_some_and(|scopes| scopes.contains_key(scope))
    })
}
