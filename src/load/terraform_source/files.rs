//! Reading a root module and the modules it calls: every `.tf` file of each module
//! directory, parsed with hcl-edit (which keeps byte positions), confined to the scan root.
//!
//! A module is found through its caller's `source`: a local path (`./x`, `../x`) inside the
//! root, or an installed registry or git module listed in `.terraform/modules/modules.json`.
//! A file that is not read or does not parse becomes a problem at its place; the other files
//! and modules are still read.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body, Structure};

use super::json_syntax::{self, Converted, is_tf_json};
use crate::source::Span;
use crate::tfsource::MAX_TF_FILE_BYTES;
use crate::untrusted::Root;

/// How deep module calls are followed (a module that calls itself stops here).
pub const MAX_MODULE_DEPTH: usize = 16;

/// How many `.tf` files one root module may bring in with its modules.
pub const MAX_FILES: usize = 10_000;

/// One `.tf` or `.tf.json` file read.
#[derive(Debug)]
pub struct TfFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its text as written (empty when it was not read).
    pub text: String,
    /// Its body, when it parsed.
    pub body: Option<Body>,
    /// For a `.tf.json` file: the native syntax its body was parsed from.
    json: Option<Converted>,
}

impl TfFile {
    /// A file in the native syntax, with its body when it parsed.
    pub fn native(path: PathBuf, text: String, body: Option<Body>) -> TfFile {
        TfFile {
            path,
            text,
            body,
            json: None,
        }
    }

    /// The text that the body's spans are offsets of: the native rewriting of a `.tf.json`
    /// file, else the file's own text.
    pub fn body_text(&self) -> &str {
        self.json.as_ref().map_or(&self.text, |json| &json.text)
    }

    /// Whether the body was read from a `.tf.json` file's native rewriting.
    pub fn is_json(&self) -> bool {
        self.json.is_some()
    }

    /// A span of the body (of [`TfFile::body_text`]) as the span of the file's text.
    pub fn file_span(&self, span: Span) -> Span {
        self.json.as_ref().map_or(span, |json| json.map.span(span))
    }
}

/// A file or module source that was not read, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct NotRead {
    /// The file it is about (an index into [`Tree::files`]), when there is one.
    pub file: Option<usize>,
    /// The byte range in that file.
    pub range: std::ops::Range<usize>,
    /// What went wrong, in the user's terms.
    pub message: String,
    /// Whether the module could not be read at all (an error), rather than a part of it
    /// being left out (a warning).
    pub error: bool,
}

/// The files of one module directory.
#[derive(Debug)]
pub struct ModuleDir {
    /// The directory.
    pub dir: PathBuf,
    /// Its `.tf` files, as indices into [`Tree::files`], by name.
    pub files: Vec<usize>,
}

/// Every file of a root module and of the modules it calls.
#[derive(Debug, Default)]
pub struct Tree {
    /// Every file read, in the order read.
    pub files: Vec<TfFile>,
    /// Module directories, the root module first.
    pub modules: Vec<ModuleDir>,
    /// What was not read.
    pub not_read: Vec<NotRead>,
    /// Each module call by its key (`a`, `a.b` for `module.a.module.b`): the module it
    /// reads, or why it is not read.
    pub calls: HashMap<String, Result<usize, String>>,
    /// Installed modules (`.terraform/modules/modules.json` of the root): module key to
    /// directory.
    installed: HashMap<String, PathBuf>,
    by_dir: HashMap<PathBuf, usize>,
}

impl Tree {
    /// Reads the root module in `dir` and every module it calls (to [`MAX_MODULE_DEPTH`]).
    pub fn read(dir: &Path, root: &Root) -> Tree {
        let mut tree = Tree {
            installed: installed_modules(dir, root),
            ..Tree::default()
        };
        let root_module = tree.module(dir, root);
        tree.follow_calls(root_module, "", 0, root);
        tree
    }

    fn follow_calls(&mut self, module: usize, key: &str, depth: usize, root: &Root) {
        if depth >= MAX_MODULE_DEPTH {
            return;
        }
        let dir = self.modules[module].dir.clone();
        let mut calls = Vec::new();
        for &file in &self.modules[module].files {
            if let Some(body) = &self.files[file].body {
                calls.extend(
                    module_sources(body)
                        .into_iter()
                        .map(|(name, source)| (file, name, source)),
                );
            }
        }
        for (file, name, source) in calls {
            let call_key = if key.is_empty() {
                name.clone()
            } else {
                format!("{key}.{name}")
            };
            if self.calls.contains_key(&call_key) {
                continue;
            }
            let resolved = match source {
                Some((source, range)) => match self.locate(&dir, &source, &call_key, root) {
                    Ok(target) => {
                        let child = self.module(&target, root);
                        self.calls.insert(call_key.clone(), Ok(child));
                        self.follow_calls(child, &call_key, depth + 1, root);
                        continue;
                    }
                    Err(message) => {
                        let span = self.files[file].file_span(Span::new(range.start, range.end));
                        self.not_read.push(NotRead {
                            file: Some(file),
                            range: span.start as usize..span.end as usize,
                            message: message.clone(),
                            error: false,
                        });
                        message
                    }
                },
                None => format!("module `{name}` has no literal `source`"),
            };
            self.calls.insert(call_key, Err(resolved));
        }
    }

    /// The module in `dir`, read on first use.
    fn module(&mut self, dir: &Path, root: &Root) -> usize {
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
        if let Some(&index) = self.by_dir.get(&key) {
            return index;
        }
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| {
                        path.extension().is_some_and(|ext| ext == "tf") || is_tf_json(path)
                    })
                    .collect()
            })
            .unwrap_or_default();
        paths.sort();
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            if self.files.len() >= MAX_FILES {
                self.not_read.push(NotRead {
                    file: None,
                    range: 0..0,
                    message: format!(
                        "{}: more than {MAX_FILES} `.tf` files in one root module; the rest are not read",
                        crate::source::display_path(&path)
                    ),
                    error: true,
                });
                break;
            }
            files.push(self.read_file(path, root));
        }
        let index = self.modules.len();
        self.modules.push(ModuleDir {
            dir: dir.to_owned(),
            files,
        });
        self.by_dir.insert(key, index);
        index
    }

    fn read_file(&mut self, path: PathBuf, root: &Root) -> usize {
        let index = self.files.len();
        let read = root
            .read_text(&path, MAX_TF_FILE_BYTES)
            .map_err(|error| error.to_string());
        let (text, body, json) = match read_tf_text(read) {
            Ok(text) if is_tf_json(&path) => match json_syntax::convert(&text) {
                Ok(converted) => match hcl_edit::parser::parse_body(&converted.text) {
                    Ok(body) => (text, Some(body), Some(converted)),
                    Err(error) => {
                        // The rewriting is valid native syntax by construction; this is a
                        // fault of ours, said where the failing part came from.
                        let offset = error.location().offset().min(converted.text.len());
                        let span = converted.map.span(Span::new(offset, offset));
                        self.not_read.push(NotRead {
                            file: Some(index),
                            range: span.start as usize..span.end as usize,
                            message: format!(
                                "this part of the JSON syntax is not understood: {}",
                                error.message()
                            ),
                            error: true,
                        });
                        (text, None, None)
                    }
                },
                Err(invalid) => {
                    self.not_read.push(NotRead {
                        file: Some(index),
                        range: invalid.span.start as usize..invalid.span.end as usize,
                        message: invalid.message,
                        error: true,
                    });
                    (text, None, None)
                }
            },
            Ok(text) => match hcl_edit::parser::parse_body(&text) {
                Ok(body) => (text, Some(body), None),
                Err(error) => {
                    let offset = error.location().offset().min(text.len());
                    self.not_read.push(NotRead {
                        file: Some(index),
                        range: offset..offset,
                        message: format!("not valid HCL: {}", error.message()),
                        error: true,
                    });
                    (text, None, None)
                }
            },
            Err(error) => {
                self.not_read.push(NotRead {
                    file: Some(index),
                    range: 0..0,
                    message: format!("not read: {error}"),
                    error: true,
                });
                (String::new(), None, None)
            }
        };
        self.files.push(TfFile {
            path,
            text,
            body,
            json,
        });
        index
    }

    /// Where the module a `source` names is, from the module directory `dir`, for the call
    /// with module key `key`: a local path, else the installed copy; `Err` says why it is
    /// not read.
    fn locate(&self, dir: &Path, source: &str, key: &str, root: &Root) -> Result<PathBuf, String> {
        if is_local(source) {
            // `./` and `dir/..` steps are dropped so that paths read as users write them;
            // the root check below resolves the real path.
            let mut target = PathBuf::new();
            for part in dir.join(source).components() {
                match part {
                    Component::CurDir => {}
                    Component::ParentDir
                        if matches!(
                            target.components().next_back(),
                            Some(Component::Normal(_))
                        ) =>
                    {
                        target.pop();
                    }
                    other => target.push(other),
                }
            }
            return root
                .resolve(&target)
                .map(|_| target)
                .map_err(|error| format!("module source `{source}` is not read: {error}"));
        }
        match self.installed.get(key) {
            Some(installed) => root
                .resolve(installed)
                .map(|_| installed.clone())
                .map_err(|error| format!("installed module `{source}` is not read: {error}")),
            None => Err(format!(
                "module source `{source}` is not installed here (`terraform init` installs it): the resources it declares are not known"
            )),
        }
    }
}

/// Reads a `.tf` file's text as Terraform does: without a UTF-8 byte order mark (which
/// [`crate::source::SourceFile`] drops too, so positions agree).
pub fn read_tf_text(read: Result<String, String>) -> Result<String, String> {
    read.map(|text| match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// Whether a module source is a local path.
fn is_local(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}

/// The `module` blocks of a body: name, and the literal `source` with its range.
#[allow(clippy::type_complexity)]
fn module_sources(body: &Body) -> Vec<(String, Option<(String, std::ops::Range<usize>)>)> {
    body.iter()
        .filter_map(|structure| match structure {
            Structure::Block(block) if block.ident.as_str() == "module" => {
                let name = block.labels.first()?.as_str().to_owned();
                let source = block.body.iter().find_map(|item| match item {
                    Structure::Attribute(attribute) if attribute.key.as_str() == "source" => {
                        match &attribute.value {
                            Expression::String(text) => Some((
                                text.as_str().to_owned(),
                                hcl_edit::Span::span(&attribute.value).unwrap_or(0..0),
                            )),
                            _ => None,
                        }
                    }
                    _ => None,
                });
                Some((name, source))
            }
            _ => None,
        })
        .collect()
}

/// `.terraform/modules/modules.json`: `{"Modules": [{"Key": "a.b", "Dir": "..."}]}`, with
/// directories relative to the root module.
fn installed_modules(dir: &Path, root: &Root) -> HashMap<String, PathBuf> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(rename = "Modules", default)]
        modules: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Dir")]
        dir: String,
    }
    let path = dir.join(".terraform").join("modules").join("modules.json");
    let Ok(text) = root.read_text(&path, MAX_TF_FILE_BYTES) else {
        return HashMap::new();
    };
    let Ok(manifest) = serde_json::from_str::<Manifest>(&text) else {
        return HashMap::new();
    };
    manifest
        .modules
        .into_iter()
        .filter(|entry| !entry.key.is_empty())
        .map(|entry| (entry.key, dir.join(entry.dir)))
        .collect()
}
