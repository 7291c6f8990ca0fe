//! What one module directory declares: variables, locals, outputs, resources, data
//! sources and module calls, each with the file it is written in.

use std::collections::HashMap;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};

use super::eval::span_of;
use super::files::Tree;
use crate::load::Mode;
use crate::source::Span;

/// An expression and the file (index into [`Tree::files`]) it is written in.
#[derive(Clone, Copy, Debug)]
pub struct Written<'t> {
    /// The file.
    pub file: usize,
    /// The expression.
    pub expression: &'t Expression,
}

/// A `variable` block.
#[derive(Debug)]
pub struct Variable<'t> {
    /// Its `default`.
    pub default: Option<Written<'t>>,
    /// Its `type` constraint.
    pub type_constraint: Option<&'t Expression>,
}

/// A `resource` or `data` block.
#[derive(Debug)]
pub struct ResourceBlock<'t> {
    /// The file.
    pub file: usize,
    /// Managed resource or data source.
    pub mode: Mode,
    /// The resource type.
    pub resource_type: &'t str,
    /// The name.
    pub name: &'t str,
    /// The block.
    pub block: &'t Block,
    /// From `resource` to the end of the last label.
    pub header: Span,
}

impl ResourceBlock<'_> {
    /// The address within its module (`aws_iam_role.r`, `data.aws_iam_policy.p`).
    pub fn relative_address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.resource_type, self.name),
            Mode::Data => format!("data.{}.{}", self.resource_type, self.name),
        }
    }
}

/// A `module` block.
#[derive(Debug)]
pub struct ModuleCall<'t> {
    /// The file.
    pub file: usize,
    /// The block.
    pub block: &'t Block,
}

/// Everything one module declares.
#[derive(Debug, Default)]
pub struct Module<'t> {
    /// Variables by name.
    pub variables: HashMap<&'t str, Variable<'t>>,
    /// Locals by name.
    pub locals: HashMap<&'t str, Written<'t>>,
    /// Outputs by name, in the order written.
    pub outputs: Vec<(&'t str, Written<'t>)>,
    /// Resources and data sources in the order written.
    pub resources: Vec<ResourceBlock<'t>>,
    /// Resources by mode, type and name.
    pub by_name: HashMap<(Mode, &'t str, &'t str), usize>,
    /// Module calls by name.
    pub calls: HashMap<&'t str, ModuleCall<'t>>,
}

impl<'t> Module<'t> {
    /// Indexes the module `index` of `tree`.
    pub fn index(tree: &'t Tree, index: usize) -> Module<'t> {
        let mut module = Module::default();
        let Some(dir) = tree.modules.get(index) else {
            return module;
        };
        for &file in &dir.files {
            if let Some(body) = &tree.files[file].body {
                module.add(file, body);
            }
        }
        module
    }

    fn add(&mut self, file: usize, body: &'t Body) {
        for structure in body.iter() {
            let Structure::Block(block) = structure else {
                continue;
            };
            let labels: Vec<&str> = block.labels.iter().map(|label| label.as_str()).collect();
            match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    let default = attribute(&block.body, "default")
                        .map(|expression| Written { file, expression });
                    self.variables.insert(
                        name,
                        Variable {
                            default,
                            type_constraint: attribute(&block.body, "type"),
                        },
                    );
                }
                ("locals", []) => {
                    for item in block.body.iter() {
                        if let Structure::Attribute(local) = item {
                            self.locals.insert(
                                local.key.as_str(),
                                Written {
                                    file,
                                    expression: &local.value,
                                },
                            );
                        }
                    }
                }
                ("output", [name]) => {
                    if let Some(expression) = attribute(&block.body, "value") {
                        self.outputs.push((name, Written { file, expression }));
                    }
                }
                ("resource", [resource_type, name]) | ("data", [resource_type, name]) => {
                    let mode = if block.ident.as_str() == "data" {
                        Mode::Data
                    } else {
                        Mode::Managed
                    };
                    let start = span_of(&block.ident).start;
                    let end = block
                        .labels
                        .last()
                        .map_or(start, |label| span_of(label).end);
                    let key = (mode, *resource_type, *name);
                    if self.by_name.contains_key(&key) {
                        continue;
                    }
                    self.by_name.insert(key, self.resources.len());
                    self.resources.push(ResourceBlock {
                        file,
                        mode,
                        resource_type,
                        name,
                        block,
                        header: Span { start, end },
                    });
                }
                ("module", [name]) => {
                    self.calls.insert(name, ModuleCall { file, block });
                }
                _ => {}
            }
        }
    }
}

/// The expression of attribute `key` of a body.
pub fn attribute<'b>(body: &'b Body, key: &str) -> Option<&'b Expression> {
    body.iter().find_map(|item| match item {
        Structure::Attribute(attribute) if attribute.key.as_str() == key => Some(&attribute.value),
        _ => None,
    })
}
