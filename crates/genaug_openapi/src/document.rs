//! The loaded document: version detection, eager loading of every file a `$ref` reaches, and
//! `$ref` resolution as a pure lookup over the loaded files.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, OnceLock};

use genaug_diagnostics::{Diagnostic, Label};
use genaug_source::{Base, InputLimits, SourceError, SourceFile};
use serde_json::Value;

use crate::refs::{RefTarget, for_each_ref, parse_ref};

/// Index of a loaded file in a [`Document`] (0 is the root spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileIx(pub u32);

impl FileIx {
    /// The root spec.
    pub const ROOT: FileIx = FileIx(0);
}

/// Where a value lives: which loaded file, and the RFC 6901 pointer inside it (`""` = root).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: FileIx,
    pub pointer: String,
}

impl Origin {
    pub fn new(file: FileIx, pointer: impl Into<String>) -> Self {
        Self { file, pointer: pointer.into() }
    }

    /// The origin of the child `token` (escaped as an RFC 6901 reference token).
    pub fn child(&self, token: &str) -> Origin {
        let mut pointer = self.pointer.clone();
        genaug_source::push_token(&mut pointer, token);
        Origin { file: self.file, pointer }
    }
}

/// A value together with where it was found (after following any `$ref` chain).
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    pub origin: Origin,
    pub value: &'a Value,
}

/// The OpenAPI major.minor line of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OasVersion {
    V30,
    V31,
}

/// What `$ref`s may reach.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Follow relative file refs that leave the root spec's folder.
    pub allow_outside_root: bool,
    /// Fetch `http(s)://` refs.
    pub allow_remote_refs: bool,
}

/// A loaded OpenAPI document: the root file plus every external file its `$ref`s reach
/// (all loaded eagerly at [`Document::load`], so resolution is a pure lookup).
pub struct Document {
    files: Vec<LoadedFile>,
    version: OasVersion,
    version_string: String,
}

/// One file of the document.
struct LoadedFile {
    source: Arc<SourceFile>,
    value: Value,
    /// The `File`/`Remote` part of each `$ref` written in this file → the file it reaches.
    edges: HashMap<String, FileIx>,
    /// Every real `$ref` in this file, as [`for_each_ref`] finds them: (holder pointer, ref).
    /// Set when loading walks the file for external refs, or on first use when its text shows
    /// it has none ([`only_local_refs`]).
    refs: OnceLock<Vec<(String, String)>>,
}

/// Where a file is, for joining the relative refs written in it.
#[derive(Debug, Clone)]
enum Place {
    Local {
        /// The file's folder as the user gave it (for display names; never made absolute).
        display_dir: PathBuf,
        /// The canonical folder (for the outside-root check and reading); `None` when it
        /// cannot be canonicalized (the folder vanished).
        canonical_dir: Option<PathBuf>,
    },
    Remote {
        /// The URL the file was read from (after redirects).
        url: String,
    },
}

/// How a loaded file is recognised when another `$ref` reaches it again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileKey {
    Path(PathBuf),
    Url(String),
}

impl Document {
    /// Parses `root` (already read), detects the version, and loads every external file that
    /// a `$ref` reaches. Unsupported versions (2.0, 3.2, not OpenAPI), unreadable or refused
    /// external refs are failures (a located `Diagnostic`).
    pub fn load(
        root: Arc<SourceFile>,
        base: Base,
        options: LoadOptions,
    ) -> Result<Document, Box<Diagnostic>> {
        let value = root.parse().map_err(|e| Box::new(Diagnostic::from(e)))?;
        let (version, version_string) = detect_version(&root, &value)?;
        let mut loader = Loader::new(root, value, base, options);
        loader.load_all()?;
        Ok(Document { files: loader.files, version, version_string })
    }

    pub fn version(&self) -> OasVersion {
        self.version
    }
    /// The `openapi` field as written (`3.0.3`).
    pub fn version_string(&self) -> &str {
        &self.version_string
    }
    pub fn root(&self) -> &Value {
        &self.files[0].value
    }
    pub fn root_file(&self) -> &Arc<SourceFile> {
        &self.files[0].source
    }
    pub fn file(&self, ix: FileIx) -> &Arc<SourceFile> {
        &self.files[ix.0 as usize].source
    }
    /// How many files the document spans (the root spec plus every external file reached).
    pub fn file_count(&self) -> usize {
        self.files.len()
    }
    /// The parsed value of a whole loaded file.
    pub fn file_value(&self, ix: FileIx) -> &Value {
        &self.files[ix.0 as usize].value
    }
    /// The value at `origin` (no `$ref` following).
    pub fn get(&self, origin: &Origin) -> Option<&Value> {
        self.files.get(origin.file.0 as usize)?.value.pointer(&origin.pointer)
    }

    /// A label on the value at `origin` (for diagnostics about a value of this document).
    pub fn label(&self, origin: &Origin) -> Label {
        Label::at(self.file(origin.file), origin.pointer.clone())
    }

    /// Follows `$ref` (relative to `from`'s file) to its target, then keeps following while the
    /// target is itself a `{$ref}` object. A dangling or cyclic chain is a located failure.
    ///
    /// `from` is the object holding the `$ref` (as [`for_each_ref`] reports it); failures are
    /// located on its `$ref` string. A target whose `$ref` is a string is followed whatever its
    /// sibling keys (a Reference Object's `summary`/`description` do not stop the chain).
    pub fn resolve(&self, from: &Origin, reference: &str) -> Result<Resolved<'_>, Box<Diagnostic>> {
        let mut holder = from.clone();
        let mut reference = reference;
        // Each hop: (where its `$ref` is written, the ref string, where it led).
        let mut hops: Vec<(Origin, String, Origin)> = Vec::new();
        loop {
            let target = self.target_of(&holder, reference)?;
            if let Some(start) = hops.iter().position(|(_, _, seen)| *seen == target) {
                hops.push((holder, reference.to_owned(), target));
                return Err(self.cycle(from, &hops[start..]));
            }
            let Some(value) = self.get(&target) else {
                let file = self.file(target.file).name();
                let message = if target.file == holder.file {
                    format!("`$ref` `{reference}` points to nothing")
                } else {
                    format!("`$ref` `{reference}` points to nothing in `{file}`")
                };
                return Err(Box::new(
                    Diagnostic::error("F104", message)
                        .with_primary(self.ref_label(&holder))
                        .with_help(
                            "point the `$ref` at an existing value, or add the missing definition",
                        ),
                ));
            };
            match value.get("$ref").and_then(Value::as_str) {
                Some(next) if value.is_object() => {
                    hops.push((holder, reference.to_owned(), target.clone()));
                    holder = target;
                    reference = next;
                }
                _ => return Ok(Resolved { origin: target, value }),
            }
        }
    }

    /// `value` itself, or its target when it is a `{$ref}` object at `origin`.
    pub fn resolve_value<'a>(
        &'a self,
        origin: Origin,
        value: &'a Value,
    ) -> Result<Resolved<'a>, Box<Diagnostic>> {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) if value.is_object() => self.resolve(&origin, reference),
            _ => Ok(Resolved { origin, value }),
        }
    }

    /// Calls `f(holder, ref_string)` for every real `$ref` in every loaded file (root first,
    /// then external files in load order), as [`for_each_ref`] finds them.
    pub fn for_each_ref(&self, f: &mut dyn FnMut(&Origin, &str)) {
        for (ix, file) in self.files.iter().enumerate() {
            let ix = FileIx(ix as u32);
            let refs = file.refs.get_or_init(|| refs_in(&file.value));
            for (pointer, reference) in refs {
                f(&Origin::new(ix, pointer), reference);
            }
        }
    }

    /// Where one `$ref` written at `holder` leads (no chain following, no existence check).
    fn target_of(&self, holder: &Origin, reference: &str) -> Result<Origin, Box<Diagnostic>> {
        let Some(target) = parse_ref(reference) else {
            return Err(Box::new(unsupported_ref(reference, self.ref_label(holder))));
        };
        match target {
            RefTarget::Local { pointer } => Ok(Origin { file: holder.file, pointer }),
            RefTarget::File { path: key, pointer } | RefTarget::Remote { url: key, pointer } => {
                let file = &self.files[holder.file.0 as usize];
                match file.edges.get(&key) {
                    Some(&ix) => Ok(Origin { file: ix, pointer }),
                    None => Err(Box::new(
                        Diagnostic::error(
                            "F104",
                            format!("`$ref` `{reference}` leads to a file that was not loaded"),
                        )
                        .with_primary(self.ref_label(holder))
                        .with_help("refer to external files only from OpenAPI or schema objects, not from data"),
                    )),
                }
            }
        }
    }

    /// A label on the `$ref` string of `holder` (or on `holder` when it holds no `$ref`).
    fn ref_label(&self, holder: &Origin) -> Label {
        let file = self.file(holder.file);
        match self.get(holder) {
            Some(Value::Object(map)) if map.contains_key("$ref") => {
                Label::at(file, format!("{}/$ref", holder.pointer))
            }
            _ => Label::at(file, holder.pointer.clone()),
        }
    }

    fn cycle(&self, from: &Origin, hops: &[(Origin, String, Origin)]) -> Box<Diagnostic> {
        let chain: Vec<String> = hops.iter().map(|(_, r, _)| format!("`{r}`")).collect();
        let mut diagnostic = Diagnostic::error(
            "F107",
            format!("`$ref` cycle with no schema in between: {}", chain.join(" → ")),
        )
        .with_primary(self.ref_label(from))
        .with_help("point one of these `$ref`s at a real definition");
        for (holder, _, _) in hops {
            if holder != from {
                diagnostic = diagnostic.with_secondary(
                    self.ref_label(holder).with_message("the chain continues here"),
                );
            }
        }
        Box::new(diagnostic)
    }
}

fn unsupported_ref(reference: &str, label: Label) -> Diagnostic {
    Diagnostic::error("F104", format!("`$ref` `{reference}` cannot be followed"))
        .with_primary(label)
        .with_help(
            "use a JSON pointer (`#/components/…`), a relative file path or an http(s) URL; \
             `$anchor` names and other URI schemes are not supported",
        )
}

/// Reads the `openapi` field: 3.0.x and 3.1.x are supported.
fn detect_version(
    file: &Arc<SourceFile>,
    value: &Value,
) -> Result<(OasVersion, String), Box<Diagnostic>> {
    let not_openapi = |message: &str| {
        Box::new(
            Diagnostic::error("F103", message)
                .with_primary(Label::at(file, ""))
                .with_help("pass an OpenAPI 3.0 or 3.1 document (it starts with `openapi: 3.x.y`)"),
        )
    };
    let Some(map) = value.as_object() else {
        return Err(not_openapi("not an OpenAPI document: the top level is not a mapping"));
    };
    let Some(field) = map.get("openapi") else {
        if map.contains_key("swagger") {
            return Err(Box::new(
                Diagnostic::error("F102", "Swagger 2.0 documents are not supported")
                    .with_primary(Label::at(file, "/swagger"))
                    .with_help("convert it to OpenAPI 3 first, e.g. with swagger2openapi"),
            ));
        }
        return Err(not_openapi("not an OpenAPI document: there is no `openapi` field"));
    };
    let supported = "genaug reads OpenAPI 3.0.x and 3.1.x documents";
    let Some(text) = field.as_str() else {
        return Err(Box::new(
            Diagnostic::error(
                "F101",
                format!("the `openapi` version must be a string, found `{field}`"),
            )
            .with_primary(Label::at(file, "/openapi"))
            .with_help("quote the full version, e.g. `openapi: \"3.1.0\"`"),
        ));
    };
    let mut parts = text.trim().splitn(3, '.');
    let major = parts.next().unwrap_or("");
    let minor = parts.next().unwrap_or("");
    let version = match (major, minor) {
        ("3", "0") => OasVersion::V30,
        ("3", "1") => OasVersion::V31,
        ("3", minor) if minor.parse::<u32>().is_ok_and(|m| m >= 2) => {
            return Err(Box::new(
                Diagnostic::error("F101", format!("OpenAPI 3.{minor} is not supported yet"))
                    .with_primary(Label::at(file, "/openapi"))
                    .with_help(supported),
            ));
        }
        _ => {
            return Err(Box::new(
                Diagnostic::error("F101", format!("unsupported OpenAPI version `{text}`"))
                    .with_primary(Label::at(file, "/openapi"))
                    .with_help(supported),
            ));
        }
    };
    Ok((version, text.to_owned()))
}

/// Builds the file list by walking `$ref`s breadth-first from the root.
struct Loader {
    files: Vec<LoadedFile>,
    places: Vec<Place>,
    keys: HashMap<FileKey, FileIx>,
    options: LoadOptions,
    /// The canonical folder of the root spec (local roots).
    root_dir: Option<PathBuf>,
    /// The root spec's URL up to its last `/` (remote roots).
    root_url_dir: Option<String>,
}

impl Loader {
    fn new(root: Arc<SourceFile>, value: Value, base: Base, options: LoadOptions) -> Self {
        let mut keys = HashMap::new();
        let (place, root_dir, root_url_dir) = match base {
            Base::Dir(dir) => {
                let canonical_dir = canonicalize_dir(&dir);
                // Recognise the root file when an external file refers back to it.
                if let Ok(path) = Path::new(root.name()).canonicalize()
                    && path.parent() == canonical_dir.as_deref()
                {
                    keys.insert(FileKey::Path(path), FileIx::ROOT);
                }
                let place = Place::Local { display_dir: dir, canonical_dir: canonical_dir.clone() };
                (place, canonical_dir, None)
            }
            Base::Url(url) => {
                keys.insert(FileKey::Url(strip_fragment(&url).to_owned()), FileIx::ROOT);
                let dir = url_dir(&url).to_owned();
                (Place::Remote { url }, None, Some(dir))
            }
        };
        Self {
            files: vec![LoadedFile {
                source: root,
                value,
                edges: HashMap::new(),
                refs: OnceLock::new(),
            }],
            places: vec![place],
            keys,
            options,
            root_dir,
            root_url_dir,
        }
    }

    fn load_all(&mut self) -> Result<(), Box<Diagnostic>> {
        let mut ix = 0;
        while ix < self.files.len() {
            if only_local_refs(self.files[ix].source.text()) {
                // Nothing to load: the refs are listed when something asks for them.
                ix += 1;
                continue;
            }
            let refs = refs_in(&self.files[ix].value);
            let external: Vec<(String, String)> = refs
                .iter()
                .filter(|(_, reference)| !reference.starts_with('#') && !reference.is_empty())
                .cloned()
                .collect();
            let _ = self.files[ix].refs.set(refs);
            for (holder, reference) in external {
                let target = match parse_ref(&reference) {
                    Some(RefTarget::File { path, .. }) => Target::File(path),
                    Some(RefTarget::Remote { url, .. }) => Target::Url(url),
                    // Local refs need no loading; unsupported ones fail when resolved.
                    Some(RefTarget::Local { .. }) | None => continue,
                };
                let key = match &target {
                    Target::File(key) | Target::Url(key) => key.clone(),
                };
                if self.files[ix].edges.contains_key(&key) {
                    continue;
                }
                let at = Label::at(&self.files[ix].source, format!("{holder}/$ref"));
                let reached = self.open(ix, &target, &reference, at)?;
                self.files[ix].edges.insert(key, reached);
            }
            ix += 1;
        }
        Ok(())
    }

    /// Checks, reads and parses the file `target` (written in file `from`), or finds it
    /// already loaded.
    fn open(
        &mut self,
        from: usize,
        target: &Target,
        reference: &str,
        at: Label,
    ) -> Result<FileIx, Box<Diagnostic>> {
        let (display, key, read_arg, place) = match (&self.places[from], target) {
            (Place::Local { display_dir, canonical_dir }, Target::File(path)) => {
                let display = normalize(&display_dir.join(path));
                let Some(canonical_dir) = canonical_dir else {
                    return Err(Box::new(
                        Diagnostic::error(
                            "F104",
                            format!("`$ref` `{reference}` leads to `{}`, which cannot be read: its folder is gone", display.display()),
                        )
                        .with_primary(at),
                    ));
                };
                let candidate = normalize(&canonical_dir.join(path));
                // Refused before the file system is touched at all…
                self.check_inside_root(&candidate, &display, reference, &at)?;
                let canonical = candidate.canonicalize().map_err(|error| {
                    Box::new(
                        Diagnostic::error(
                            "F104",
                            format!(
                                "`$ref` `{reference}` leads to `{}`, which cannot be read: {}",
                                display.display(),
                                io_reason(&error)
                            ),
                        )
                        .with_primary(at.clone())
                        .with_help("fix the path in the `$ref` (it is relative to the file it is written in)"),
                    )
                })?;
                // …and again after symlinks are followed.
                self.check_inside_root(&canonical, &display, reference, &at)?;
                let key = FileKey::Path(canonical.clone());
                if let Some(&ix) = self.keys.get(&key) {
                    return Ok(ix);
                }
                let place = Place::Local {
                    display_dir: display.parent().map(Path::to_path_buf).unwrap_or_default(),
                    canonical_dir: canonical.parent().map(Path::to_path_buf),
                };
                let read_arg = canonical.to_string_lossy().into_owned();
                (display.to_string_lossy().into_owned(), key, read_arg, Some(place))
            }
            (Place::Remote { url }, Target::File(path)) => {
                let joined = join_url(url, path);
                let inside =
                    self.root_url_dir.as_deref().is_some_and(|dir| joined.starts_with(dir));
                if !inside && !self.options.allow_remote_refs {
                    return Err(remote_refused(reference, &joined, at));
                }
                (joined.clone(), FileKey::Url(joined.clone()), joined, None)
            }
            (_, Target::Url(url)) => {
                let url = remove_dot_segments(strip_fragment(url));
                let inside = self.root_url_dir.as_deref().is_some_and(|dir| url.starts_with(dir));
                if !inside && !self.options.allow_remote_refs {
                    return Err(remote_refused(reference, &url, at));
                }
                (url.clone(), FileKey::Url(url.clone()), url, None)
            }
        };
        if let Some(&ix) = self.keys.get(&key) {
            return Ok(ix);
        }
        let input = genaug_source::read_input(&read_arg, InputLimits::default())
            .map_err(|error| read_failure(error, &display, at.clone()))?;
        let place = place.unwrap_or(Place::Remote {
            url: match input.base {
                // The fetched URL after redirects is the base of the refs written in it.
                Base::Url(url) => url,
                Base::Dir(_) => read_arg.clone(),
            },
        });
        let source = Arc::new(SourceFile::new(display, input.text));
        let value = source.parse().map_err(|error| {
            let mut diagnostic = Diagnostic::from(error);
            diagnostic.secondary.push(at.clone().with_message("referenced here"));
            Box::new(diagnostic)
        })?;
        let ix = FileIx(u32::try_from(self.files.len()).expect("fewer than 2^32 files"));
        self.files.push(LoadedFile { source, value, edges: HashMap::new(), refs: OnceLock::new() });
        self.places.push(place);
        self.keys.insert(key, ix);
        Ok(ix)
    }

    fn check_inside_root(
        &self,
        path: &Path,
        display: &Path,
        reference: &str,
        at: &Label,
    ) -> Result<(), Box<Diagnostic>> {
        if self.options.allow_outside_root {
            return Ok(());
        }
        match &self.root_dir {
            Some(root) if path.starts_with(root) => Ok(()),
            _ => Err(Box::new(
                Diagnostic::error(
                    "F105",
                    format!(
                        "`$ref` `{reference}` leads to `{}`, outside the spec's folder",
                        display.display()
                    ),
                )
                .with_primary(at.clone())
                .with_help("move the file next to the spec, or pass `--allow-outside-refs` if you trust this spec"),
            )),
        }
    }
}

/// What a `$ref` asks to load.
enum Target {
    File(String),
    Url(String),
}

fn remote_refused(reference: &str, url: &str, at: Label) -> Box<Diagnostic> {
    let message = if strip_fragment(reference) == url {
        format!("remote `$ref` `{reference}` refused")
    } else {
        format!("remote `$ref` `{reference}` (`{url}`) refused")
    };
    Box::new(
        Diagnostic::error("F106", message)
            .with_primary(at)
            .with_help("pass `--allow-remote-refs` to fetch it, or download it next to the spec"),
    )
}

/// A read failure of an external file, named as the user would name it (never the absolute
/// path genaug read it through) and located on the `$ref`.
fn read_failure(error: SourceError, display: &str, at: Label) -> Box<Diagnostic> {
    let message = match &error {
        SourceError::Read { reason, .. } => format!("cannot read `{display}`: {reason}"),
        SourceError::TooLarge { limit, .. } => {
            format!("`{display}` is larger than the {limit}-byte limit")
        }
        SourceError::NotUtf8 { .. } => format!("`{display}` is not UTF-8 text"),
        other => other.to_string(),
    };
    Box::new(
        Diagnostic::error(error.code(), message)
            .with_primary(at.with_message("referenced here"))
            .with_help(error.help()),
    )
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        _ => error.to_string(),
    }
}

fn canonicalize_dir(dir: &Path) -> Option<PathBuf> {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    dir.canonicalize().ok()
}

/// Removes `.` and folds `..` lexically (without looking at the file system).
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

fn strip_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(url, _)| url)
}

/// `https://host/a/b.json` → `https://host/a/`.
fn url_dir(url: &str) -> &str {
    let url = strip_fragment(url);
    let url = url.split_once('?').map_or(url, |(url, _)| url);
    let after_authority = url.find("://").map_or(0, |i| i + 3);
    match url[after_authority..].rfind('/') {
        Some(i) => &url[..after_authority + i + 1],
        None => url,
    }
}

/// Joins a relative reference to a base URL (RFC 3986 §5.2, for the path forms specs use).
fn join_url(base: &str, reference: &str) -> String {
    let base = strip_fragment(base);
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let joined = if reference.starts_with("//") {
        format!("{}{}", &base[..scheme_end.saturating_sub(2)], reference)
    } else if reference.starts_with('/') {
        format!("{}{}", &base[..authority_end], reference)
    } else if authority_end == base.len() {
        format!("{base}/{reference}")
    } else {
        format!("{}{reference}", url_dir(base))
    };
    remove_dot_segments(&joined)
}

/// Folds `.` and `..` segments of a URL's path (RFC 3986 §5.2.4).
fn remove_dot_segments(joined: &str) -> String {
    let scheme_end = joined.find("://").map_or(0, |i| i + 3);
    let authority_end = joined[scheme_end..].find('/').map_or(joined.len(), |i| scheme_end + i);
    let (prefix, path) = joined.split_at(authority_end);
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *segment {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            segment => segments.push(segment),
        }
    }
    if path.is_empty() { prefix.to_owned() } else { format!("{prefix}/{}", segments.join("/")) }
}

/// Every real `$ref` in `value`: (holder pointer, ref).
fn refs_in(value: &Value) -> Vec<(String, String)> {
    let mut refs = Vec::new();
    for_each_ref(value, "", &mut |pointer, reference| {
        refs.push((pointer.to_owned(), reference.to_owned()));
    });
    refs
}

/// Whether every `$ref` written in `text` (JSON or YAML) is followed by a value that starts with
/// `#`: then no ref leaves the file, and loading need not walk it. Any other mention of `$ref`
/// (in a description, say) answers no, and the file is walked.
fn only_local_refs(text: &str) -> bool {
    let b = text.as_bytes();
    // `$` written as an escape (`"\u0024ref"` in JSON, `"\x24ref"` in YAML) hides a key.
    let escaped_dollar = [&b"\\u0024"[..], b"\\U00000024", b"\\x24"]
        .iter()
        .any(|escape| memchr::memmem::find(b, escape).is_some());
    !escaped_dollar
        && memchr::memmem::find_iter(b, b"$ref").all(|at| {
            let mut i = at + 4;
            let skip = |i: &mut usize, set: &[u8]| {
                while b.get(*i).is_some_and(|c| set.contains(c)) {
                    *i += 1;
                }
            };
            skip(&mut i, b"\"'");
            skip(&mut i, b" \t");
            if b.get(i) != Some(&b':') {
                return false;
            }
            i += 1;
            skip(&mut i, b" \t");
            skip(&mut i, b"\"'");
            b.get(i) == Some(&b'#')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_texts_whose_every_ref_is_local_skip_the_loading_walk() {
        assert!(only_local_refs(r##"{"a": {"$ref": "#/b"}, "c": {"$ref":"#/d"}}"##));
        assert!(only_local_refs("a:\n  $ref: '#/b'\nc:\n  $ref: \"#/d\"\n"));
        assert!(only_local_refs("no refs at all"));
        assert!(!only_local_refs(r##"{"$ref": "#/a", "b": {"$ref": "common.json#/x"}}"##));
        assert!(!only_local_refs("a:\n  $ref:\n    other.yaml\n"));
        assert!(!only_local_refs(r#"{"description": "see $ref docs"}"#));
        assert!(!only_local_refs(r##"{"\u0024ref": "other.json", "b": {"$ref": "#/c"}}"##));
        assert!(!only_local_refs("a:\n  \"\\x24ref\": other.yaml\n"));
    }

    #[test]
    fn joins_urls() {
        let base = "https://example.com/specs/v1/openapi.json";
        assert_eq!(join_url(base, "pet.json"), "https://example.com/specs/v1/pet.json");
        assert_eq!(join_url(base, "../common/a.json"), "https://example.com/specs/common/a.json");
        assert_eq!(join_url(base, "./x/./y.json"), "https://example.com/specs/v1/x/y.json");
        assert_eq!(join_url(base, "/root.json"), "https://example.com/root.json");
        assert_eq!(join_url(base, "//other.org/a.json"), "https://other.org/a.json");
        assert_eq!(join_url(base, "../../../../up.json"), "https://example.com/up.json");
        assert_eq!(join_url("https://example.com", "a.json"), "https://example.com/a.json");
        assert_eq!(url_dir(base), "https://example.com/specs/v1/");
    }

    #[test]
    fn normalizes_paths_lexically() {
        assert_eq!(normalize(Path::new("specs/./a/../b.json")), PathBuf::from("specs/b.json"));
        assert_eq!(normalize(Path::new("../x/../../y")), PathBuf::from("../../y"));
        assert_eq!(normalize(Path::new("/a/../../etc/passwd")), PathBuf::from("/etc/passwd"));
        assert_eq!(normalize(Path::new("schemas/pet.json")), PathBuf::from("schemas/pet.json"));
    }
}
