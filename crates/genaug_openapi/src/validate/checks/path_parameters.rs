//! Parameters against their path template and against each other.
//!
//! **V203 undeclared-path-variable** — a `{variable}` of a `paths` key that an operation does not
//! declare as a path parameter (neither at path-item nor at operation level). Reported once per
//! variable, at the path key, naming the operations that miss it.
//!
//! **V204 path-parameter-not-in-template** — an `in: path` parameter whose name is no variable of
//! the template: the value has nowhere to go in the URL.
//!
//! **V205 path-parameter-not-required** — an `in: path` parameter without `required: true`,
//! which the specification requires (a URL cannot leave out a segment).
//!
//! **V206 duplicate-parameter** — one `parameters` list declaring the same `name` and `in` twice
//! (header names compared case-insensitively).

use std::collections::{BTreeMap, HashSet};

use genaug_diagnostics::{Diagnostic, Label};
use serde_json::Value;

use crate::validate::codes;
use crate::validate::context::{Ctx, child};

/// One entry of a `parameters` list, after `$ref`.
struct Param<'a> {
    name: &'a str,
    location: &'a str,
    /// Where the entry is written (the `$ref` object or the inline parameter).
    entry_pointer: String,
    /// The parameter object (after `$ref`) and its pointer when it is in the root file.
    object: &'a serde_json::Map<String, Value>,
    object_pointer: Option<String>,
}

fn read_list<'a>(ctx: &Ctx<'a>, list: Option<&'a Value>, pointer: &str) -> Vec<Param<'a>> {
    let Some(Value::Array(items)) = list else { return Vec::new() };
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let entry_pointer = child(pointer, &index.to_string());
        let (object, object_pointer) = match item.get("$ref") {
            Some(Value::String(reference)) => match ctx.resolver.resolve(&entry_pointer, reference)
            {
                Ok(target) => (target.value, target.pointer),
                Err(_) => continue,
            },
            _ => (item, Some(entry_pointer.clone())),
        };
        let Some(object) = object.as_object() else { continue };
        let (Some(Value::String(name)), Some(Value::String(location))) =
            (object.get("name"), object.get("in"))
        else {
            continue;
        };
        out.push(Param { name, location, entry_pointer, object, object_pointer });
    }
    out
}

/// The `{variables}` of a path template, in order.
pub(crate) fn template_variables(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

fn same_key(a: &Param<'_>, b: &Param<'_>) -> bool {
    a.location == b.location
        && if a.location == "header" {
            a.name.eq_ignore_ascii_case(b.name)
        } else {
            a.name == b.name
        }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut lists_done: HashSet<String> = HashSet::new();
    let mut objects_done: HashSet<String> = HashSet::new();
    // (path key pointer, variable) → methods missing it
    let mut undeclared: BTreeMap<(String, String), (String, Vec<&'static str>)> = BTreeMap::new();

    for op in ctx.operations().into_iter().filter(|op| op.is_tool) {
        let variables = template_variables(op.path);
        let path_list_pointer = child(&op.path_item_pointer, "parameters");
        let op_list_pointer = child(&op.pointer, "parameters");
        let path_level = read_list(ctx, op.path_item.get("parameters"), &path_list_pointer);
        let op_level = read_list(ctx, op.value.get("parameters"), &op_list_pointer);

        for (list, list_pointer) in
            [(&path_level, &path_list_pointer), (&op_level, &op_list_pointer)]
        {
            if !lists_done.insert(list_pointer.clone()) {
                continue;
            }
            for (index, param) in list.iter().enumerate() {
                if let Some(earlier) = list[..index].iter().find(|earlier| same_key(earlier, param))
                {
                    out.push(
                        Diagnostic::error(
                            codes::DUPLICATE_PARAMETER,
                            format!(
                                "{} parameter `{}` is declared twice in this list",
                                param.location, param.name
                            ),
                        )
                        .with_primary(Label::at(ctx.file, param.entry_pointer.clone()))
                        .with_secondary(
                            Label::at(ctx.file, earlier.entry_pointer.clone())
                                .with_message("first declared here"),
                        )
                        .with_help("remove one of the two declarations"),
                    );
                }
                if param.location == "path" && !variables.contains(&param.name) {
                    out.push(
                        Diagnostic::error(
                            codes::PATH_PARAMETER_NOT_IN_TEMPLATE,
                            format!("path parameter `{}` is not a variable of `{}`", param.name, op.path),
                        )
                        .with_primary(Label::at(ctx.file, param.entry_pointer.clone()))
                        .with_help(format!(
                            "add `{{{}}}` to the path, rename the parameter to one of the path's variables, or remove it",
                            param.name
                        )),
                    );
                }
            }
        }

        for param in path_level.iter().chain(&op_level) {
            check_required(ctx, param, &mut objects_done, out);
        }

        let declared: Vec<&str> = path_level
            .iter()
            .chain(&op_level)
            .filter(|p| p.location == "path")
            .map(|p| p.name)
            .collect();
        let path_key_pointer = child("/paths", op.path);
        for variable in variables {
            if !declared.contains(&variable) {
                undeclared
                    .entry((path_key_pointer.clone(), variable.to_owned()))
                    .or_insert_with(|| (op.path.to_owned(), Vec::new()))
                    .1
                    .push(op.method);
            }
        }
    }

    // Path parameters defined as components but perhaps used nowhere yet.
    if let Some(Value::Object(components)) =
        ctx.root.get("components").and_then(|c| c.get("parameters"))
    {
        for (name, value) in components {
            let pointer = child("/components/parameters", name);
            let Some(object) = value.as_object() else { continue };
            if let (Some(Value::String(name)), Some(Value::String(location))) =
                (object.get("name"), object.get("in"))
            {
                let param = Param {
                    name,
                    location,
                    entry_pointer: pointer.clone(),
                    object,
                    object_pointer: Some(pointer),
                };
                check_required(ctx, &param, &mut objects_done, out);
            }
        }
    }

    for ((pointer, variable), (path, methods)) in undeclared {
        let methods: Vec<String> = methods.iter().map(|m| m.to_uppercase()).collect();
        out.push(
            Diagnostic::error(
                codes::UNDECLARED_PATH_VARIABLE,
                format!(
                    "`{{{variable}}}` in `{path}` is not declared as a path parameter ({})",
                    methods.join(", ")
                ),
            )
            .with_primary(Label::at_key(ctx.file, pointer))
            .with_help(format!(
                "declare `{{name: {variable}, in: path, required: true}}` in the path item's or the operation's `parameters`"
            )),
        );
    }
}

fn check_required(
    ctx: &Ctx<'_>,
    param: &Param<'_>,
    done: &mut HashSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    if param.location != "path" || param.object.get("required") == Some(&Value::Bool(true)) {
        return;
    }
    let pointer = param.object_pointer.clone().unwrap_or_else(|| param.entry_pointer.clone());
    if !done.insert(pointer.clone()) {
        return;
    }
    let (label, what) = match param.object.get("required") {
        Some(value) => {
            (Label::at(ctx.file, child(&pointer, "required")), format!("`required: {value}`"))
        }
        None => (Label::at_key(ctx.file, pointer), "no `required: true`".to_owned()),
    };
    out.push(
        Diagnostic::error(
            codes::PATH_PARAMETER_NOT_REQUIRED,
            format!("path parameter `{}` has {what}", param.name),
        )
        .with_primary(label)
        .with_help("set `required: true`: a path parameter is always required"),
    );
}
