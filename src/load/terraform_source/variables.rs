//! The root module's variables, from every place Terraform takes them, with its
//! precedence (later wins): `default`, `TF_VAR_name`, `terraform.tfvars`,
//! `terraform.tfvars.json`, `*.auto.tfvars` and `*.auto.tfvars.json` in lexical order, then
//! `--var-file` files and `--var` values. A variable with no value is unknown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::Structure;
use serde_json::value::RawValue;

use super::eval::{Evaluator, NoNames, span_of, unknown};
use super::files::{TfFile, Tree};
use super::functions::Host;
use super::instance::Located;
use super::module::Module;
use crate::load::{Field, Value, ValueKind};
use crate::source::Span;
use crate::tfsource::MAX_TF_FILE_BYTES;
use crate::untrusted::Root;

/// Variable values given outside the module's files.
#[derive(Clone, Debug, Default)]
pub struct VariableOptions {
    /// `--var NAME=VALUE`, in order.
    pub values: Vec<(String, String)>,
    /// `--var-file FILE`, in order.
    pub files: Vec<PathBuf>,
    /// `TF_VAR_NAME` environment variables: name (without the prefix) and value.
    pub environment: Vec<(String, String)>,
}

/// Reads the variable-definitions files of the root module in `dir` into `tree` (so that
/// values and problems can point into them), in precedence order.
pub fn read_definitions(
    tree: &mut Tree,
    dir: &Path,
    root: &Root,
    options: &VariableOptions,
) -> Vec<usize> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let path = dir.join(name);
        if path.is_file() {
            paths.push(path);
        }
    }
    let mut automatic: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|name| {
                            name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json")
                        })
                })
                .collect()
        })
        .unwrap_or_default();
    automatic.sort();
    paths.extend(automatic);
    let mut indices = Vec::new();
    for path in paths {
        indices.push(add_file(tree, path, |path| {
            root.read_text(path, MAX_TF_FILE_BYTES)
                .map_err(|e| e.to_string())
        }));
    }
    // Files named on the command line are the user's own: read wherever they are.
    for path in &options.files {
        indices.push(add_file(tree, path.clone(), |path| {
            crate::untrusted::read_regular_text(path, MAX_TF_FILE_BYTES).map_err(|e| e.to_string())
        }));
    }
    indices
}

fn add_file(
    tree: &mut Tree,
    path: PathBuf,
    read: impl Fn(&Path) -> Result<String, String>,
) -> usize {
    let index = tree.files.len();
    let json = path.extension().is_some_and(|ext| ext == "json");
    let (text, body) = match super::files::read_tf_text(read(&path)) {
        Ok(text) if json => (text, None),
        Ok(text) => match hcl_edit::parser::parse_body(&text) {
            Ok(body) => (text, Some(body)),
            Err(error) => {
                let offset = error.location().offset().min(text.len());
                tree.not_read.push(super::files::NotRead {
                    file: Some(index),
                    range: offset..offset,
                    message: format!("not valid HCL: {}", error.message()),
                    error: true,
                });
                (text, None)
            }
        },
        Err(message) => {
            tree.not_read.push(super::files::NotRead {
                file: Some(index),
                range: 0..0,
                message: format!("not read: {message}"),
                error: true,
            });
            (String::new(), None)
        }
    };
    tree.files.push(TfFile::native(path, text, body));
    index
}

/// A warning at a place: file (index into the tree's files; `usize::MAX` for none), span,
/// message.
pub type Warning = (usize, Span, String);

/// The values of the root module's variables, and warnings (file, span, message) about
/// values given for variables it does not declare.
pub fn root_values(
    tree: &Tree,
    module: &Module<'_>,
    definitions: &[usize],
    options: &VariableOptions,
    host: &dyn Host,
) -> (HashMap<String, Located>, Vec<Warning>) {
    let mut values: HashMap<String, Located> = HashMap::new();
    let mut warnings = Vec::new();
    let no_names = NoNames {
        host,
        refusal: "a variable value cannot refer to",
    };
    for (name, variable) in &module.variables {
        if let Some(default) = variable.default {
            let evaluator = Evaluator::new(&no_names, default.file);
            values.insert(
                (*name).to_owned(),
                Located {
                    file: Some(default.file),
                    value: evaluator.eval(default.expression),
                },
            );
        }
    }
    let literal = |name: &str, text: &str| -> Value {
        let complex = module
            .variables
            .get(name)
            .and_then(|v| v.type_constraint)
            .is_some_and(|constraint| !is_primitive(constraint));
        if complex {
            match hcl_edit::parser::parse_expr(text) {
                Ok(expression) => Evaluator::new(&no_names, usize::MAX)
                    .eval(&expression)
                    .placed_at(Span::default()),
                Err(error) => unknown(
                    Span::default(),
                    format!(
                        "the value of `{name}` is not valid HCL: {}",
                        error.message()
                    ),
                ),
            }
        } else {
            Value::new(Span::default(), ValueKind::Str(text.into()))
        }
    };
    for (name, text) in &options.environment {
        if module.variables.contains_key(name.as_str()) {
            values.insert(
                name.clone(),
                Located {
                    file: None,
                    value: literal(name, text),
                },
            );
        }
    }
    for &index in definitions {
        let file = &tree.files[index];
        if let Some(body) = &file.body {
            for item in body.iter() {
                if let Structure::Attribute(attribute) = item {
                    let name = attribute.key.as_str();
                    let value = Evaluator::new(&no_names, index).eval(&attribute.value);
                    assign(
                        module,
                        &mut values,
                        &mut warnings,
                        name,
                        index,
                        span_of(&attribute.key),
                        value,
                    );
                }
            }
        } else if file.path.extension().is_some_and(|ext| ext == "json") && !file.text.is_empty() {
            match serde_json::from_str::<HashMap<String, &RawValue>>(&file.text) {
                Ok(entries) => {
                    let mut entries: Vec<_> = entries.into_iter().collect();
                    entries.sort_by_key(|(_, raw)| raw.get().as_ptr() as usize);
                    for (name, raw) in entries {
                        let start = (raw.get().as_ptr() as usize)
                            .saturating_sub(file.text.as_ptr() as usize);
                        let span = Span::new(start, start + raw.get().len());
                        let value = crate::load::terraform::value_from_raw(raw, span)
                            .unwrap_or_else(|error| unknown(span, error.to_string()));
                        assign(
                            module,
                            &mut values,
                            &mut warnings,
                            &name,
                            index,
                            span,
                            value,
                        );
                    }
                }
                Err(error) => warnings.push((
                    index,
                    Span::default(),
                    format!("not a JSON object of variable values: {error}"),
                )),
            }
        }
    }
    for (name, text) in &options.values {
        if module.variables.contains_key(name.as_str()) {
            values.insert(
                name.clone(),
                Located {
                    file: None,
                    value: literal(name, text),
                },
            );
        } else {
            warnings.push((
                usize::MAX,
                Span::default(),
                format!("--var {name}: the root module declares no variable `{name}`"),
            ));
        }
    }
    for (name, variable) in &module.variables {
        match (values.get_mut(*name), variable.type_constraint) {
            (Some(located), Some(constraint)) => {
                located.value = convert(located.value.clone(), constraint);
            }
            (Some(_), None) => {}
            (None, _) => {
                values.insert(
                    (*name).to_owned(),
                    Located {
                        file: None,
                        value: unknown(
                            Span::default(),
                            format!("variable `{name}` has no value (give it in terraform.tfvars, with --var or TF_VAR_{name})"),
                        ),
                    },
                );
            }
        }
    }
    (values, warnings)
}

fn assign(
    module: &Module<'_>,
    values: &mut HashMap<String, Located>,
    warnings: &mut Vec<(usize, Span, String)>,
    name: &str,
    file: usize,
    span: Span,
    value: Value,
) {
    if module.variables.contains_key(name) {
        values.insert(
            name.to_owned(),
            Located {
                file: Some(file),
                value,
            },
        );
    } else {
        warnings.push((
            file,
            span,
            format!("a value for `{name}`, which the root module does not declare: it is not used"),
        ));
    }
}

/// Whether a type constraint is a primitive type (`string`, `number`, `bool`, `any`), whose
/// command-line values are taken as written.
fn is_primitive(constraint: &Expression) -> bool {
    matches!(constraint, Expression::Variable(name) if matches!(name.as_str(), "string" | "number" | "bool" | "any"))
}

/// Converts a value to a type constraint as Terraform does where it changes what the value
/// means: strings to numbers and booleans, numbers and booleans to strings, lists to sets
/// (sorted, without duplicates). Anything else is kept as it is.
pub fn convert(value: Value, constraint: &Expression) -> Value {
    let span = value.span;
    match constraint {
        Expression::Variable(name) => match (name.as_str(), &value.kind) {
            ("number", ValueKind::Str(text)) if text.trim().parse::<f64>().is_ok() => {
                Value::new(span, ValueKind::Number(text.trim().into()))
            }
            ("bool", ValueKind::Str(text)) if &**text == "true" || &**text == "false" => {
                Value::new(span, ValueKind::Bool(&**text == "true"))
            }
            ("string", ValueKind::Number(text)) => Value::new(span, ValueKind::Str(text.clone())),
            ("string", ValueKind::Bool(flag)) => {
                Value::new(span, ValueKind::Str(flag.to_string().into()))
            }
            _ => value,
        },
        Expression::FuncCall(call) => {
            let element = call.args.iter().next();
            match (call.name.name.as_str(), value.kind) {
                ("set", ValueKind::List(items)) => {
                    let mut items: Vec<Value> = items
                        .into_iter()
                        .map(|item| match element {
                            Some(element) => convert(item, element),
                            None => item,
                        })
                        .collect();
                    if items.iter().all(|item| item.as_str().is_some()) {
                        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                        items.dedup_by(|a, b| a.as_str() == b.as_str());
                    }
                    Value::new(span, ValueKind::List(items))
                }
                ("list", ValueKind::List(items)) => Value::new(
                    span,
                    ValueKind::List(
                        items
                            .into_iter()
                            .map(|item| match element {
                                Some(element) => convert(item, element),
                                None => item,
                            })
                            .collect(),
                    ),
                ),
                ("map", ValueKind::Map(fields)) => Value::new(
                    span,
                    ValueKind::Map(
                        fields
                            .into_iter()
                            .map(|mut field| {
                                if let Some(element) = element {
                                    field.value = convert(field.value, element);
                                }
                                field
                            })
                            .collect(),
                    ),
                ),
                ("object", ValueKind::Map(fields)) => match element {
                    Some(Expression::Object(attributes)) => {
                        Value::new(span, ValueKind::Map(object(fields, attributes, span)))
                    }
                    _ => Value::new(span, ValueKind::Map(fields)),
                },
                (_, kind) => Value::new(span, kind),
            }
        }
        _ => value,
    }
}

/// The fields of a mapping converted to an `object({...})` type: each attribute to its
/// type, and an `optional(TYPE, DEFAULT)` attribute left out takes its default (null
/// without one), as Terraform fills them in.
fn object(mut fields: Vec<Field>, attributes: &hcl_edit::expr::Object, span: Span) -> Vec<Field> {
    for (key, attribute) in attributes.iter() {
        let name = match key {
            ObjectKey::Ident(ident) => ident.as_str().to_owned(),
            ObjectKey::Expression(Expression::String(text)) => text.as_str().to_owned(),
            ObjectKey::Expression(_) => continue,
        };
        let (inner, optional, default) = match attribute.expr() {
            Expression::FuncCall(call) if call.name.name.as_str() == "optional" => {
                (call.args.iter().next(), true, call.args.iter().nth(1))
            }
            other => (Some(other), false, None),
        };
        let default_value = || match default {
            Some(default) => literal(default).placed_at(span),
            None => Value::new(span, ValueKind::Null),
        };
        match fields.iter_mut().find(|field| *field.key == *name) {
            Some(field) => {
                if optional && matches!(field.value.kind, ValueKind::Null) {
                    field.value = default_value();
                }
                if let Some(inner) = inner {
                    field.value = convert(field.value.clone(), inner);
                }
            }
            None if optional => {
                let mut value = default_value();
                if let Some(inner) = inner {
                    value = convert(value, inner);
                }
                fields.push(Field {
                    key: name.into(),
                    key_span: span,
                    value,
                });
            }
            None => {}
        }
    }
    fields
}

/// The value of an expression that can refer to nothing (a type's default).
fn literal(expression: &Expression) -> Value {
    let names = NoNames {
        host: &NoFiles,
        refusal: "a type default cannot refer to",
    };
    Evaluator::new(&names, usize::MAX).eval(expression)
}

/// What a type default may read: nothing.
struct NoFiles;

impl Host for NoFiles {
    fn read_file(&self, path: &str) -> Result<String, String> {
        Err(format!("`{path}` cannot be read in a type default"))
    }

    fn render_template(&self, path: &str, _: &str, _: &Value, span: Span) -> Value {
        unknown(
            span,
            format!("`{path}` cannot be rendered in a type default"),
        )
    }
}
