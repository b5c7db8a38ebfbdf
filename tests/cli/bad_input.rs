//! Bad input gets a located error, exit 2, bounded time and memory, and nothing written.
//! Each case integrates into a project that already exists, so "nothing written" also means
//! "the previous project is intact".

use crate::{Sandbox, snapshot};

/// A sandbox with a valid project `app/` from petstore, and its bytes before the bad run.
fn with_project() -> (Sandbox, std::collections::BTreeMap<String, Vec<u8>>) {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture("specs/oai-examples/v3.0/petstore.json", "petstore.json");
    let run = sandbox.run(&["integrate", "petstore.json", "--name", "app"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let before = sandbox.tree("app");
    (sandbox, before)
}

fn fails_and_keeps_the_project(name: &str, spec: &str, extra: &[&str]) {
    let (sandbox, before) = with_project();
    setup(&sandbox, spec);
    let mut args = vec!["integrate", spec, "--name", "app"];
    args.extend_from_slice(extra);
    let started = std::time::Instant::now();
    let run = sandbox.run(&args);
    assert!(started.elapsed().as_secs() < 20, "{name} took {:?}", started.elapsed());
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert_eq!(sandbox.tree("app"), before, "{name}: the previous project changed");
    snapshot(&format!("bad_input_{name}"), &run.transcript);
}

/// Writes the bad spec (and anything it refers to) into the sandbox.
fn setup(sandbox: &Sandbox, spec: &str) {
    let header = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
    match spec {
        "invalid.yaml" => sandbox.write(spec, &format!("{header}paths:\n  /a:\n    get: [unclosed\n")),
        "invalid.json" => sandbox.write(spec, "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\",, }}"),
        "dangling.yaml" => sandbox.write(
            spec,
            &format!(
                "{header}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Nope'\n      responses: {{'200': {{description: ok}}}}\n"
            ),
        ),
        "passwd.yaml" => sandbox.write(
            spec,
            &format!(
                "{header}paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '../../../../../../../../etc/passwd'\n      responses: {{'200': {{description: ok}}}}\n"
            ),
        ),
        "bomb.yaml" => {
            // "billion laughs": 9 aliases per level, 12 levels → 9^12 nodes if expanded
            let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
            for level in 1..12 {
                let prev = level - 1;
                text.push_str(&format!(
                    "a{level}: &a{level} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
                ));
            }
            sandbox.write(spec, &format!("{header}paths: {{}}\n{text}"));
        }
        "deep.json" => {
            let depth = 100_000;
            let text = format!("{{\"openapi\": \"3.0.3\", \"x\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
            sandbox.write(spec, &text);
        }
        "deep.yaml" => {
            let depth = 100_000;
            sandbox.write(spec, &format!("{header}x: {}{}\n", "[".repeat(depth), "]".repeat(depth)));
        }
        "huge.json" => {
            // a sparse 2 GiB file: refused from its size, never read
            let file = std::fs::File::create(sandbox.path().join(spec)).expect("create");
            file.set_len(2 * 1024 * 1024 * 1024).expect("set_len");
        }
        "swagger.yaml" => sandbox.write(spec, "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"),
        "v32.yaml" => sandbox.write(spec, "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n"),
        "notopenapi.yaml" => sandbox.write(spec, "name: my-service\nreplicas: 3\n"),
        other => panic!("no setup for {other}"),
    }
}

#[test]
fn invalid_yaml() {
    fails_and_keeps_the_project("invalid_yaml", "invalid.yaml", &[]);
}

#[test]
fn invalid_json() {
    fails_and_keeps_the_project("invalid_json", "invalid.json", &[]);
}

#[test]
fn dangling_ref() {
    fails_and_keeps_the_project("dangling_ref", "dangling.yaml", &[]);
}

#[test]
fn ref_outside_the_spec_folder() {
    fails_and_keeps_the_project("ref_to_etc_passwd", "passwd.yaml", &[]);
}

#[test]
fn yaml_alias_bomb() {
    fails_and_keeps_the_project("alias_bomb", "bomb.yaml", &[]);
}

#[test]
fn deep_nesting_json() {
    fails_and_keeps_the_project("deep_nesting_json", "deep.json", &[]);
}

#[test]
fn deep_nesting_yaml() {
    fails_and_keeps_the_project("deep_nesting_yaml", "deep.yaml", &[]);
}

#[test]
fn two_gigabyte_file() {
    fails_and_keeps_the_project("two_gigabytes", "huge.json", &[]);
}

#[test]
fn swagger_2() {
    fails_and_keeps_the_project("swagger_2", "swagger.yaml", &[]);
}

#[test]
fn openapi_3_2() {
    fails_and_keeps_the_project("openapi_3_2", "v32.yaml", &[]);
}

#[test]
fn not_openapi() {
    fails_and_keeps_the_project("not_openapi", "notopenapi.yaml", &[]);
}
