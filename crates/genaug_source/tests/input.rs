//! Reading inputs: local files (size cap, UTF-8, BOM), http(s) URLs against a local test server,
//! and joining relative references. (stdin is not tested in-process.)

#[cfg(feature = "http")]
use std::io::{BufRead, BufReader, Write};
#[cfg(feature = "http")]
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use genaug_source::{Base, InputLimits, SourceError, join, read_input};

fn limits(max_bytes: u64) -> InputLimits {
    InputLimits { max_bytes, http_timeout_secs: 5, max_redirects: 3 }
}

#[test]
fn a_file_is_read_with_its_name_as_given_and_its_folder_as_base() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, "\u{feff}openapi: 3.1.0\n").unwrap();
    let arg = path.to_str().unwrap();
    let input = read_input(arg, InputLimits::default()).unwrap();
    assert_eq!(input.name, arg);
    assert_eq!(input.text, "openapi: 3.1.0\n", "the BOM is stripped");
    assert_eq!(input.base, Base::Dir(dir.path().to_path_buf()));
}

#[test]
fn a_relative_file_name_in_the_current_folder_has_base_dot() {
    // Cargo runs integration tests from the crate's folder.
    let input = read_input("Cargo.toml", InputLimits::default()).unwrap();
    assert_eq!(input.name, "Cargo.toml");
    assert_eq!(input.base, Base::Dir(PathBuf::from(".")));
}

#[test]
fn a_huge_sparse_file_is_refused_from_its_size_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(2 * 1024 * 1024 * 1024).unwrap(); // 2 GiB of holes
    drop(file);
    let started = Instant::now();
    let error = read_input(path.to_str().unwrap(), InputLimits::default()).unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(500), "took {:?}", started.elapsed());
    assert!(
        matches!(error, SourceError::TooLarge { limit, .. } if limit == 256 * 1024 * 1024),
        "{error}"
    );
    assert_eq!(error.code(), "F002");
}

#[test]
fn the_cap_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ten.yaml");
    std::fs::write(&path, "a: 1234567").unwrap(); // 10 bytes
    let arg = path.to_str().unwrap();
    assert!(read_input(arg, limits(10)).is_ok());
    assert!(matches!(read_input(arg, limits(9)), Err(SourceError::TooLarge { limit: 9, .. })));
}

#[test]
fn unreadable_inputs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.yaml");
    std::fs::write(&latin1, b"name: caf\xe9\n").unwrap();
    let error = read_input(latin1.to_str().unwrap(), InputLimits::default()).unwrap_err();
    assert!(matches!(error, SourceError::NotUtf8 { .. }), "{error}");

    let missing = dir.path().join("missing.yaml");
    let error = read_input(missing.to_str().unwrap(), InputLimits::default()).unwrap_err();
    assert!(matches!(error, SourceError::Read { .. }), "{error}");
    assert!(error.to_string().contains("missing.yaml"), "{error}");

    let error = read_input(dir.path().to_str().unwrap(), InputLimits::default()).unwrap_err();
    assert!(error.to_string().ends_with("it is a folder, not a file"), "{error}");
}

/// A tiny HTTP/1.1 server on 127.0.0.1: one canned answer per path, then the connection closes.
#[cfg(feature = "http")]
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                reader.read_line(&mut request_line).unwrap();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap() == 0 || header == "\r\n" {
                        break;
                    }
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let big = vec![b'x'; 1_000];
                let (head, body): (&str, Vec<u8>) = match path.as_str() {
                    "/specs/api.yaml" => {
                        ("200 OK\r\nContent-Length: 15", b"openapi: 3.1.0\n".to_vec())
                    }
                    "/moved" => {
                        ("302 Found\r\nLocation: /specs/api.yaml\r\nContent-Length: 0", Vec::new())
                    }
                    "/loop" => ("302 Found\r\nLocation: /loop\r\nContent-Length: 0", Vec::new()),
                    "/big" => ("200 OK\r\nContent-Length: 1000", big),
                    // no length announced: the body cap must stop the read
                    "/big-unannounced" => ("200 OK", big),
                    "/latin1" => ("200 OK\r\nContent-Length: 4", b"caf\xe9".to_vec()),
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(3));
                        ("200 OK\r\nContent-Length: 0", Vec::new())
                    }
                    _ => ("404 Not Found\r\nContent-Length: 9", b"not found".to_vec()),
                };
                let _ = write!(stream, "HTTP/1.1 {head}\r\nConnection: close\r\n\r\n");
                let _ = stream.write_all(&body);
            });
        }
    });
    address
}

#[cfg(feature = "http")]
#[test]
fn urls_are_fetched_with_status_redirect_and_size_checks() {
    let server = serve();

    let input = read_input(&format!("{server}/specs/api.yaml"), limits(1_000)).unwrap();
    assert_eq!(input.text, "openapi: 3.1.0\n");
    assert_eq!(input.base, Base::Url(format!("{server}/specs/api.yaml")));

    // after a redirect, relative references resolve against the final URL
    let input = read_input(&format!("{server}/moved"), limits(1_000)).unwrap();
    assert_eq!(input.name, format!("{server}/moved"), "the name is what the user typed");
    assert_eq!(input.base, Base::Url(format!("{server}/specs/api.yaml")));

    let error = read_input(&format!("{server}/nope"), limits(1_000)).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("cannot read `{server}/nope`: the server answered HTTP 404 Not Found")
    );

    let error = read_input(&format!("{server}/loop"), limits(1_000)).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("cannot read `{server}/loop`: more than 3 redirects (a redirect loop?)")
    );

    for path in ["/big", "/big-unannounced"] {
        let error = read_input(&format!("{server}{path}"), limits(100)).unwrap_err();
        assert!(matches!(error, SourceError::TooLarge { limit: 100, .. }), "{path}: {error}");
        assert!(read_input(&format!("{server}{path}"), limits(1_000)).is_ok(), "{path}");
    }

    let error = read_input(&format!("{server}/latin1"), limits(100)).unwrap_err();
    assert!(matches!(error, SourceError::NotUtf8 { .. }), "{error}");

    let started = Instant::now();
    let slow = InputLimits { http_timeout_secs: 1, ..limits(100) };
    let error = read_input(&format!("{server}/slow"), slow).unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(2_500), "took {:?}", started.elapsed());
    assert!(error.to_string().ends_with("no complete answer within 1 s"), "{error}");

    // nothing listens on a port we just released
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let error = read_input(&format!("http://127.0.0.1:{port}/x"), limits(100)).unwrap_err();
    assert!(matches!(error, SourceError::Read { .. }), "{error}");
}

#[cfg(not(feature = "http"))]
#[test]
fn urls_are_refused_without_the_http_feature() {
    let error = read_input("https://example.com/openapi.yaml", limits(100)).unwrap_err();
    assert!(error.to_string().contains("without the `http` feature"), "{error}");
}

#[test]
fn references_join_onto_folders_and_urls() {
    let dir = Base::Dir(PathBuf::from("specs"));
    assert_eq!(join(&dir, "#/components/schemas/Pet"), None);
    assert_eq!(join(&dir, ""), None);
    assert_eq!(join(&dir, "common.yaml#/Pet").as_deref(), Some("specs/common.yaml"));
    assert_eq!(
        join(&dir, "./shared/my%20types.yaml").as_deref(),
        Some("specs/shared/my types.yaml")
    );
    assert_eq!(join(&dir, "../up.yaml").as_deref(), Some("specs/../up.yaml"));
    assert_eq!(join(&dir, "/abs/x.yaml").as_deref(), Some("/abs/x.yaml"));
    assert_eq!(join(&Base::Dir(PathBuf::from(".")), "a.yaml").as_deref(), Some("a.yaml"));
    assert_eq!(
        join(&dir, "https://example.com/x.yaml#/a").as_deref(),
        Some("https://example.com/x.yaml")
    );

    let url = Base::Url("https://api.example.com/v1/openapi.yaml".into());
    assert_eq!(join(&url, "#/x"), None);
    assert_eq!(
        join(&url, "schemas/pet.yaml#/Pet").as_deref(),
        Some("https://api.example.com/v1/schemas/pet.yaml")
    );
    assert_eq!(
        join(&url, "../common.yaml").as_deref(),
        Some("https://api.example.com/common.yaml")
    );
    assert_eq!(join(&url, "/root.yaml").as_deref(), Some("https://api.example.com/root.yaml"));
    assert_eq!(
        join(&url, "//cdn.example.com/a.yaml").as_deref(),
        Some("https://cdn.example.com/a.yaml")
    );
}
