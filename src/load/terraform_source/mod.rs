//! Terraform source: a root module's `.tf` files read without a plan, evaluated as
//! Terraform evaluates them while planning, into the same loaded resources a plan gives.
//!
//! `files` reads the root module and every module it calls (local paths inside the scan
//! root, installed registry modules); `variables` gives the root's variables their values
//! with Terraform's precedence; `instance` evaluates each module instance (locals, module
//! calls, `count` and `for_each` with the exact instance addresses a plan prints) with the
//! expression evaluator (`eval`) and the Terraform [`functions`]; `body` turns a resource
//! block into the properties a plan shows. What only apply would know stays symbolic:
//! another resource's attribute is a reference the graph resolves, a string around one a
//! template, an unknown input an explicit unknown with its reason.
//!
//! Each `.tf` file that declares resources becomes one [`LoadedInput`] of kind
//! [`InputKind::TerraformSource`], so findings point at the file, line and column of the
//! attribute a user edits. Suppressions are comments on the resource block:
//! `# supportscan:ignore SUP004 -- the reason`.

mod body;
mod eval;
mod files;
pub mod functions;
mod instance;
pub(crate) mod json_syntax;
mod module;
mod suppressions;
mod variables;

#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

pub use variables::VariableOptions;

use self::eval::{Evaluator, NoNames, unknown};
use self::files::Tree;
use self::functions::Host;
use self::instance::{Instance, Shared};
use self::module::Module;
use crate::load::terraform::graph_needs_properties;
use crate::load::{
    Change, InputKind, LoadedInput, Reference, Resource, TextPart, Value, ValueKind,
};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};
use crate::tfsource::MAX_TF_FILE_BYTES;
use crate::untrusted::Root;

/// Problem code of a module call whose module is not read (not installed, outside the
/// scan root): the resources it declares are not known, so the scan does not hold the
/// whole account.
pub const MODULE_NOT_READ: &str = "tf-module-not-read";

/// What one root module gave: its files, the inputs (one per file with resources), the
/// problems met, and the module directories it read besides its own (the modules it calls),
/// with [`FileId`]s counted from 0 (see [`LoadedModule::renumber`]).
#[derive(Debug, Default)]
pub struct LoadedModule {
    /// The root module's directory.
    pub dir: PathBuf,
    /// Every file read (`.tf` files of all modules, variable-definitions files).
    pub files: Vec<SourceFile>,
    /// The inputs, in file order.
    pub loaded: Vec<LoadedInput>,
    /// Problems, in the order found.
    pub problems: Vec<Problem>,
    /// The canonical directories of the modules it calls.
    pub called: HashSet<PathBuf>,
}

/// Reads and evaluates the root module in `dir`, reading nothing outside `root` but the
/// `--var-file` files the user names.
pub fn load_root(dir: &Path, root: &Root, options: &VariableOptions) -> LoadedModule {
    let mut tree = Tree::read(dir, root);
    let definitions = variables::read_definitions(&mut tree, dir, root, options);
    let host = FileHost { root, dir };
    let modules: Vec<Module<'_>> = (0..tree.modules.len())
        .map(|index| Module::index(&tree, index))
        .collect();
    let mut problems = Vec::new();
    let mut resources: Vec<(usize, Resource)> = Vec::new();
    if let Some(root_module) = modules.first() {
        let (values, warnings) =
            variables::root_values(&tree, root_module, &definitions, options, &host);
        for (file, span, message) in warnings {
            let span = file_span(&tree, file, span);
            problems.push(positioned(false, "tf-variable", file, span, message));
        }
        let shared = Shared {
            tree: &tree,
            modules,
            root_dir: dir,
            host: &host,
            problems: RefCell::default(),
            instances: std::cell::Cell::new(0),
        };
        let instance = Instance::root(&shared, values);
        instance.walk(&mut |found| {
            let instance::ResourceInstance {
                instance,
                block,
                address,
                condition,
                scope,
            } = found;
            let mut properties = if graph_needs_properties(block.resource_type) {
                instance::properties(instance, block, scope)
            } else {
                Value::new(block.header, ValueKind::Map(Vec::new()))
            };
            let file = &tree.files[block.file];
            let mut suppressions = suppressions::of(file.body_text(), block.block);
            if file.is_json() {
                place_in_file(&mut properties, &|span| file.file_span(span));
                for suppression in &mut suppressions {
                    suppression.span = file.file_span(suppression.span);
                }
            }
            resources.push((
                block.file,
                Resource {
                    address: address.into(),
                    resource_type: block.resource_type.into(),
                    mode: block.mode,
                    span: file.file_span(block.header),
                    properties,
                    change: Change::Declared,
                    condition: condition.map(Into::into),
                    cdk_path: None,
                    suppressions,
                },
            ));
        });
        for (file, span, message) in shared.problems.take() {
            let span = file_span(&tree, file, span);
            problems.push(positioned(false, "tf-module", file, span, message));
        }
    }
    for not_read in &tree.not_read {
        let file = not_read.file.unwrap_or(usize::MAX);
        let span = Span::new(not_read.range.start, not_read.range.end);
        let code = if not_read.error {
            "tf-source-invalid"
        } else {
            MODULE_NOT_READ
        };
        problems.push(positioned(
            not_read.error,
            code,
            file,
            span,
            not_read.message.clone(),
        ));
    }
    let mut by_file: BTreeMap<usize, Vec<Resource>> = BTreeMap::new();
    for (file, resource) in resources {
        by_file.entry(file).or_default().push(resource);
    }
    let loaded = by_file
        .into_iter()
        .map(|(file, mut resources)| {
            resources.sort_by_key(|resource| resource.span.start);
            LoadedInput {
                file: file_id(file),
                kind: InputKind::TerraformSource,
                resources,
                problems: Vec::new(),
                stack: None,
            }
        })
        .collect();
    let called = tree
        .modules
        .iter()
        .skip(1)
        .filter_map(|module| std::fs::canonicalize(&module.dir).ok())
        .collect();
    LoadedModule {
        dir: dir.to_owned(),
        files: tree
            .files
            .into_iter()
            .map(|file| SourceFile::new(file.path, file.text))
            .collect(),
        loaded,
        problems,
        called,
    }
}

impl LoadedModule {
    /// Shifts every [`FileId`] by `base`, for files appended after `base` others.
    pub fn renumber(&mut self, base: u32) {
        let shift = |id: &mut FileId| id.0 = id.0.saturating_add(base);
        for input in &mut self.loaded {
            shift(&mut input.file);
            for resource in &mut input.resources {
                shift_references(&mut resource.properties, base);
            }
        }
        for problem in &mut self.problems {
            if let Some(file) = &mut problem.file {
                shift(file);
            }
            for related in &mut problem.related {
                if let Some(file) = &mut related.file {
                    shift(file);
                }
            }
        }
    }
}

/// `span` of file `file`'s body as a span of the file as written (they differ for a
/// `.tf.json` file, whose body is read from its native rewriting).
fn file_span(tree: &Tree, file: usize, span: Span) -> Span {
    tree.files
        .get(file)
        .map_or(span, |file| file.file_span(span))
}

/// Moves every span of `value` with `place`.
fn place_in_file(value: &mut Value, place: &dyn Fn(Span) -> Span) {
    value.span = place(value.span);
    match &mut value.kind {
        ValueKind::List(items) | ValueKind::OneOf(items) => {
            for item in items {
                place_in_file(item, place);
            }
        }
        ValueKind::Map(fields) => {
            for field in fields {
                field.key_span = place(field.key_span);
                place_in_file(&mut field.value, place);
            }
        }
        _ => {}
    }
}

fn shift_references(value: &mut Value, base: u32) {
    let shift = |reference: &mut Reference| {
        if let Some(file) = &mut reference.file {
            file.0 = file.0.saturating_add(base);
        }
    };
    match &mut value.kind {
        ValueKind::Reference(reference) => shift(reference),
        ValueKind::Template(parts) => {
            for part in parts {
                if let TextPart::Reference(reference) = part {
                    shift(reference);
                }
            }
        }
        ValueKind::List(items) | ValueKind::OneOf(items) => {
            for item in items {
                shift_references(item, base);
            }
        }
        ValueKind::Map(fields) => {
            for field in fields {
                shift_references(&mut field.value, base);
            }
        }
        _ => {}
    }
}

fn file_id(index: usize) -> FileId {
    FileId(u32::try_from(index).unwrap_or(u32::MAX))
}

/// A problem at `span` of file `file` (`usize::MAX`: no file).
fn positioned(
    error: bool,
    code: &'static str,
    file: usize,
    span: Span,
    message: String,
) -> Problem {
    let mut problem = if error {
        Problem::error(code, file_id(file), span, message)
    } else {
        Problem::warning(code, file_id(file), span, message)
    };
    if file == usize::MAX {
        problem.file = None;
        problem.span = None;
    }
    problem
}

/// What `file`, `templatefile` and their kin may read: files of the scan root, by paths
/// relative to the root module's directory (Terraform's working directory).
struct FileHost<'a> {
    root: &'a Root,
    dir: &'a Path,
}

impl Host for FileHost<'_> {
    fn read_file(&self, path: &str) -> Result<String, String> {
        self.root
            .read_text(&self.dir.join(path), MAX_TF_FILE_BYTES)
            .map_err(|error| format!("`{path}` is not read: {error}"))
    }

    fn render_template(&self, path: &str, text: &str, variables: &Value, span: Span) -> Value {
        let template = match hcl_edit::parser::parse_template(text) {
            Ok(template) => template,
            Err(error) => {
                return unknown(
                    span,
                    format!(
                        "template `{path}` is not valid: {}: Terraform stops here",
                        error.message()
                    ),
                );
            }
        };
        let names = NoNames {
            host: self,
            refusal: "the template has no variable",
        };
        let scope = variables
            .as_map()
            .map(|fields| {
                fields
                    .iter()
                    .map(|field| (field.key.to_string(), field.value.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        // The template's own positions are in another file: the result is placed at the call.
        Evaluator::new(&names, usize::MAX)
            .with(scope)
            .eval_template(&template, span)
            .placed_at(span)
    }
}
