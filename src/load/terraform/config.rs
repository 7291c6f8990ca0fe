//! Values unknown at plan time, followed through the plan's `configuration`.
//!
//! When `after_unknown` marks an attribute unknown (a role name, a policy ARN, a whole
//! policy document), the configuration still says where it comes from: a constant, a
//! reference to another resource's attribute, or a variable. A reference becomes a
//! [`Reference`] to the target's exact address, which the graph resolves; a variable is
//! followed to its value (root variables from the plan, module inputs through the calling
//! module); anything else stays [`Unknown`] with a reason in the user's terms.
//!
//! Limits of what the JSON says (documented, never guessed around): an expression lists the
//! references it contains but not its shape, so `"${aws_iam_role.r.name}-x"` reads like
//! `aws_iam_role.r.name`, and `aws_iam_role.r[count.index + 1]` like
//! `aws_iam_role.r[count.index]`. An expression that mixes several objects stays unknown.

use std::collections::{BTreeSet, HashMap};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::address::{IndexKey, ModuleStep, TraversalStep, module_prefix, parse_traversal};
use super::convert::{Step, UnknownPath, value_from_raw};
use crate::load::value::{Field, Reference, Unknown, Value, ValueKind};
use crate::source::Span;

/// How many variables, module inputs and outputs one value may be followed through.
const MAX_INDIRECTIONS: usize = 64;

const AFTER_APPLY: &str = "known only after apply";

/// A module of the configuration representation (`configuration.root_module` and every
/// `module_calls.*.module`).
#[derive(Debug, Default, Deserialize)]
pub(super) struct ConfigModule<'a> {
    #[serde(borrow, default)]
    resources: Vec<ConfigResource<'a>>,
    #[serde(borrow, default)]
    module_calls: HashMap<String, ModuleCall<'a>>,
    #[serde(borrow, default)]
    variables: HashMap<String, ConfigVariable<'a>>,
    #[serde(borrow, default)]
    outputs: HashMap<String, ConfigOutput<'a>>,
}

/// The plan's `configuration` object.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Configuration<'a> {
    #[serde(borrow)]
    root_module: Option<ConfigModule<'a>>,
}

#[derive(Debug, Deserialize)]
struct ConfigResource<'a> {
    /// Module-relative: `aws_iam_role.r`, `data.aws_iam_policy_document.d`.
    address: String,
    #[serde(borrow)]
    expressions: Option<&'a RawValue>,
}

#[derive(Debug, Deserialize)]
struct ModuleCall<'a> {
    #[serde(borrow, default)]
    expressions: HashMap<String, &'a RawValue>,
    #[serde(borrow)]
    module: Option<ConfigModule<'a>>,
    #[serde(borrow)]
    count_expression: Option<&'a RawValue>,
    #[serde(borrow)]
    for_each_expression: Option<&'a RawValue>,
}

#[derive(Debug, Deserialize)]
struct ConfigVariable<'a> {
    #[serde(borrow)]
    default: Option<&'a RawValue>,
}

#[derive(Debug, Deserialize)]
struct ConfigOutput<'a> {
    #[serde(borrow)]
    expression: Option<&'a RawValue>,
}

/// A node of a resource's `expressions`: an expression, a nested block (attribute name to
/// node), or a list of nested blocks.
enum Node<'a> {
    Expression {
        constant: Option<&'a RawValue>,
        references: Vec<String>,
    },
    Block(HashMap<String, &'a RawValue>),
    Blocks(Vec<&'a RawValue>),
}

#[derive(Deserialize)]
struct ExpressionShape<'a> {
    #[serde(borrow)]
    constant_value: Option<&'a RawValue>,
    #[serde(default)]
    references: Vec<String>,
}

fn classify(raw: &RawValue) -> Option<Node<'_>> {
    let text = raw.get();
    if text.starts_with('[') {
        return serde_json::from_str(text).ok().map(Node::Blocks);
    }
    let entries: HashMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    // An expression object has only these two keys, and its `references` is a list of
    // strings; a block is a map of attribute names to nodes.
    let is_expression = entries.iter().all(|(key, value)| {
        key == "constant_value" || (key == "references" && value.get().starts_with('['))
    });
    if is_expression {
        let shape: ExpressionShape = serde_json::from_str(text).ok()?;
        return Some(Node::Expression {
            constant: shape.constant_value,
            references: shape.references,
        });
    }
    Some(Node::Block(entries))
}

/// The object whose unknown attribute is being resolved.
pub(super) struct Subject<'s> {
    /// Its module instance address (`module.a["x"]`); `None` in the root module.
    pub module_address: Option<&'s str>,
    /// Its module-relative configuration address (`aws_iam_role.r`, `data.x.y`).
    pub relative_address: String,
    /// Its instance key as printed (`[0]`, `["k"]`).
    pub key: Option<String>,
}

/// Where an expression is evaluated: a module instance, and the instance key that
/// `each.key` / `count.index` stand for there.
#[derive(Clone)]
struct Scope {
    module: Vec<ModuleStep>,
    key: Option<String>,
}

/// Resolves unknown values of one plan. Cloning is cheap (references and a span), so each
/// parallel task resolves with its own copy.
#[derive(Clone)]
pub(super) struct Resolver<'p> {
    root: Option<&'p ConfigModule<'p>>,
    root_variables: &'p HashMap<String, &'p RawValue>,
    addresses: &'p BTreeSet<Box<str>>,
    span: Span,
}

impl<'p> Resolver<'p> {
    /// A resolver over `configuration` (when the plan has one), the plan's root variable
    /// values and the addresses of every resource the plan contains.
    pub(super) fn new(
        configuration: Option<&'p Configuration<'p>>,
        root_variables: &'p HashMap<String, &'p RawValue>,
        addresses: &'p BTreeSet<Box<str>>,
    ) -> Resolver<'p> {
        Resolver {
            root: configuration.and_then(|configuration| configuration.root_module.as_ref()),
            root_variables,
            addresses,
            span: Span::default(),
        }
    }

    /// The value at `path` of `subject`, which `after_unknown` marks unknown. `after` is
    /// the planned value (unknown parts null or absent); `span` goes on every result part.
    pub(super) fn resolve(
        &mut self,
        subject: &Subject<'_>,
        after: &Value,
        path: &UnknownPath,
        span: Span,
    ) -> Value {
        self.span = span;
        let kind = self.resolve_kind(subject, after, path);
        Value::new(span, kind)
    }

    fn resolve_kind(&self, subject: &Subject<'_>, after: &Value, path: &UnknownPath) -> ValueKind {
        let module = match subject.module_address {
            None => Vec::new(),
            Some(address) => match super::address::parse_module_path(address) {
                Some(module) => module,
                None => return unknown(AFTER_APPLY),
            },
        };
        let expressions = self.module_config(&module).and_then(|config| {
            config
                .resources
                .iter()
                .find(|resource| resource.address == subject.relative_address)
                .and_then(|resource| resource.expressions)
        });
        let Some(expressions) = expressions else {
            return unknown(AFTER_APPLY);
        };
        let scope = Scope {
            module,
            key: subject.key.clone(),
        };
        self.node(
            expressions,
            &path.steps,
            path.only_unknown_sibling,
            Some(after),
            &scope,
            0,
        )
    }

    fn module_config(&self, path: &[ModuleStep]) -> Option<&'p ConfigModule<'p>> {
        let mut module = self.root?;
        for step in path {
            module = module.module_calls.get(&step.name)?.module.as_ref()?;
        }
        Some(module)
    }

    /// The value at `steps` below a configuration node; `after` is the planned value at the
    /// same place, used to check that nested blocks line up with the configuration's.
    fn node(
        &self,
        raw: &RawValue,
        steps: &[Step],
        only_unknown_sibling: bool,
        after: Option<&Value>,
        scope: &Scope,
        depth: usize,
    ) -> ValueKind {
        let Some(node) = classify(raw) else {
            return unknown(AFTER_APPLY);
        };
        match (node, steps.split_first()) {
            (
                Node::Expression {
                    constant,
                    references,
                },
                None,
            ) => self.expression(constant, &references, scope, depth),
            // One unknown element of a list or map expression that references a single
            // object: that object's value is the only thing that can be unknown in it.
            (
                Node::Expression {
                    constant: None,
                    references,
                },
                Some(_),
            ) if steps.len() == 1 && only_unknown_sibling => {
                self.references(&references, scope, depth)
            }
            (Node::Expression { references, .. }, Some(_)) => depends_on(&references),
            (Node::Block(attributes), None) => {
                let mut names: Vec<&String> = attributes.keys().collect();
                names.sort();
                let fields = names
                    .into_iter()
                    .filter_map(|name| {
                        let raw = attributes.get(name)?;
                        let inner = after.and_then(|after| after.get(name));
                        let kind = self.node(raw, &[], false, inner, scope, depth);
                        Some(Field {
                            key: name.as_str().into(),
                            key_span: self.span,
                            value: Value::new(self.span, kind),
                        })
                    })
                    .collect();
                ValueKind::Map(fields)
            }
            (Node::Block(attributes), Some((Step::Key(name), rest))) => {
                match attributes.get(name) {
                    Some(raw) => {
                        let inner = after.and_then(|after| after.get(name));
                        self.node(raw, rest, only_unknown_sibling, inner, scope, depth)
                    }
                    // Not set in the configuration: computed by the provider.
                    None => unknown(AFTER_APPLY),
                }
            }
            (Node::Blocks(blocks), None) => {
                let items = blocks
                    .iter()
                    .enumerate()
                    .map(|(index, raw)| {
                        let inner = after.and_then(|after| after.as_list()?.get(index));
                        Value::new(self.span, self.node(raw, &[], false, inner, scope, depth))
                    })
                    .collect();
                ValueKind::List(items)
            }
            (Node::Blocks(blocks), Some((Step::Index(index), rest))) => {
                let planned = after.and_then(Value::as_list);
                match blocks.get(*index) {
                    Some(raw) if self.blocks_line_up(&blocks, planned) => {
                        let inner = planned.and_then(|planned| planned.get(*index));
                        self.node(raw, rest, only_unknown_sibling, inner, scope, depth)
                    }
                    _ => unknown(
                        "known only after apply (its block cannot be matched to the configuration)",
                    ),
                }
            }
            _ => unknown(AFTER_APPLY),
        }
    }

    /// Whether the configuration's nested blocks are the planned ones in the same order:
    /// as many, and every constant attribute equal to the planned value. Set-typed blocks
    /// may be planned in another order; blocks that agree on every constant are then
    /// interchangeable for what the graph reads (policy statements' principals, conditions).
    fn blocks_line_up(&self, blocks: &[&RawValue], planned: Option<&[Value]>) -> bool {
        let Some(planned) = planned else {
            return blocks.len() == 1;
        };
        blocks.len() == planned.len()
            && blocks.iter().zip(planned).all(|(raw, planned)| {
                let Some(Node::Block(attributes)) = classify(raw) else {
                    return false;
                };
                attributes.iter().all(|(name, raw)| {
                    let Some(Node::Expression {
                        constant: Some(constant),
                        ..
                    }) = classify(raw)
                    else {
                        return true;
                    };
                    match planned.get(name) {
                        None => true,
                        Some(value) if value.kind == ValueKind::Null => true,
                        // Planned values carry their own spans; constants, the resource's.
                        Some(value) => value_from_raw(constant, self.span)
                            .is_ok_and(|c| c.kind == value.placed_at(self.span).kind),
                    }
                })
            })
    }

    fn expression(
        &self,
        constant: Option<&RawValue>,
        references: &[String],
        scope: &Scope,
        depth: usize,
    ) -> ValueKind {
        if let Some(constant) = constant {
            return match value_from_raw(constant, self.span) {
                Ok(value) => value.kind,
                Err(_) => unknown(AFTER_APPLY),
            };
        }
        if references.is_empty() {
            return unknown(AFTER_APPLY);
        }
        self.references(references, scope, depth)
    }

    /// The value of an expression that lists `references`, when they all name one object.
    fn references(&self, references: &[String], scope: &Scope, depth: usize) -> ValueKind {
        if depth > MAX_INDIRECTIONS {
            return unknown(
                "known only after apply (too many variables and module outputs to follow)",
            );
        }
        let uses_instance_key = references
            .iter()
            .any(|r| r == "each.key" || r == "count.index");
        let mut objects: Vec<&String> = references
            .iter()
            .filter(|r| *r != "each.key" && *r != "count.index")
            .collect();
        // The partition, account and region data sources only say where the provider
        // runs, as CloudFormation's pseudo parameters do: an ARN built from them and one
        // resource's name reads as that resource's name (docs/rules.md, "ARNs built from
        // parts").
        if objects.iter().any(|r| !is_where_the_provider_runs(r)) {
            objects.retain(|r| !is_where_the_provider_runs(r));
        }
        let Some(longest) = objects.iter().max_by_key(|r| r.len()) else {
            return depends_on(references);
        };
        if !objects.iter().all(|r| is_traversal_prefix(r, longest)) {
            return depends_on(references);
        }
        let Some(steps) = parse_traversal(longest) else {
            return depends_on(references);
        };
        let names: Vec<&str> = steps
            .iter()
            .map(|step| match step {
                TraversalStep::Attr(name) => name.as_str(),
                TraversalStep::Index(_) => "[]",
            })
            .collect();
        let key_at = |at: usize| match steps.get(at) {
            Some(TraversalStep::Index(key)) => Some(key),
            _ => None,
        };
        match names.as_slice() {
            ["var", name] => self.variable(name, scope, depth + 1),
            ["local", ..] => unknown(format!("{AFTER_APPLY} (computed from `{longest}`)")),
            ["module", call, output] => self.module_output(call, None, output, scope, depth + 1),
            ["module", call, "[]", output] => {
                self.module_output(call, key_at(2), output, scope, depth + 1)
            }
            ["data", kind, name, attribute] => self.resource(
                &format!("data.{kind}.{name}"),
                None,
                Some(attribute),
                uses_instance_key,
                scope,
            ),
            ["data", kind, name, "[]", attribute] => self.resource(
                &format!("data.{kind}.{name}"),
                key_at(3),
                Some(attribute),
                uses_instance_key,
                scope,
            ),
            ["data", kind, name] if uses_instance_key => self.resource(
                &format!("data.{kind}.{name}"),
                None,
                None,
                uses_instance_key,
                scope,
            ),
            [
                "each" | "count" | "path" | "terraform" | "self" | "var" | "module" | "data",
                ..,
            ] => depends_on(references),
            [kind, name, attribute] => self.resource(
                &format!("{kind}.{name}"),
                None,
                Some(attribute),
                uses_instance_key,
                scope,
            ),
            [kind, name, "[]", attribute] => self.resource(
                &format!("{kind}.{name}"),
                key_at(2),
                Some(attribute),
                uses_instance_key,
                scope,
            ),
            // `aws_iam_role.r[each.key].arn`: HCL lists the traversal before a computed index
            // and the index's own references, but not the attribute after it.
            [kind, name] if uses_instance_key => self.resource(
                &format!("{kind}.{name}"),
                None,
                None,
                uses_instance_key,
                scope,
            ),
            _ => depends_on(references),
        }
    }

    /// A reference to `attribute` of the resource `relative` (module-relative), choosing its
    /// instance: the key written in the reference; the only instance when it has no key; the
    /// referencing object's own key when the reference is indexed by `each.key` or
    /// `count.index`. Anything else stays unknown. Without an attribute (the plan does not
    /// record the one after a computed index) the reference names the instance only.
    fn resource(
        &self,
        relative: &str,
        key: Option<&IndexKey>,
        attribute: Option<&str>,
        uses_instance_key: bool,
        scope: &Scope,
    ) -> ValueKind {
        let base = format!("{}{relative}", module_prefix(&scope.module));
        let candidate = match (key, &scope.key) {
            (Some(key), _) => format!("{base}{}", key.to_key()),
            (None, _) if self.addresses.contains(base.as_str()) => base.clone(),
            (None, Some(own_key)) if uses_instance_key => format!("{base}{own_key}"),
            (None, _) if self.has_instances(&base) => {
                return unknown(format!(
                    "{AFTER_APPLY} (depends on `{base}`, instance key unknown)"
                ));
            }
            (None, _) => base.clone(),
        };
        if self.addresses.contains(candidate.as_str()) {
            ValueKind::Reference(Box::new(Reference {
                address: candidate.into(),
                attribute: attribute.map(Into::into),
                file: None,
            }))
        } else if key.is_none() && self.has_instances(&base) {
            unknown(format!(
                "{AFTER_APPLY} (depends on `{base}`, instance key unknown)"
            ))
        } else {
            unknown(format!(
                "{AFTER_APPLY} (depends on `{candidate}`, which is not in the plan)"
            ))
        }
    }

    fn has_instances(&self, base: &str) -> bool {
        let prefix = format!("{base}[");
        self.addresses
            .range::<str, _>((
                std::ops::Bound::Included(prefix.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .next()
            .is_some_and(|address| address.starts_with(&prefix))
    }

    /// The value of input variable `name` in the scope's module: the plan's value in the
    /// root module; in a child module, the calling module's argument, else the default.
    fn variable(&self, name: &str, scope: &Scope, depth: usize) -> ValueKind {
        let Some((call, parent)) = scope.module.split_last() else {
            return match self.root_variables.get(name) {
                Some(raw) => {
                    value_from_raw(raw, self.span).map_or_else(|_| unknown(AFTER_APPLY), |v| v.kind)
                }
                None => unknown(format!("variable `{name}` has no value in the plan")),
            };
        };
        let Some(module_call) = self
            .module_config(parent)
            .and_then(|module| module.module_calls.get(&call.name))
        else {
            return unknown(AFTER_APPLY);
        };
        if let Some(argument) = module_call.expressions.get(name) {
            let caller = Scope {
                module: parent.to_vec(),
                key: call.key.clone(),
            };
            return self.node(argument, &[], false, None, &caller, depth);
        }
        let default = module_call
            .module
            .as_ref()
            .and_then(|module| module.variables.get(name))
            .and_then(|variable| variable.default);
        match default.map(|raw| value_from_raw(raw, self.span)) {
            Some(Ok(value)) => value.kind,
            _ => unknown(format!(
                "variable `{name}` of `{}` has no value",
                module_prefix(&scope.module).trim_end_matches('.')
            )),
        }
    }

    /// The value of output `output` of module call `call` in the scope's module.
    fn module_output(
        &self,
        call: &str,
        key: Option<&IndexKey>,
        output: &str,
        scope: &Scope,
        depth: usize,
    ) -> ValueKind {
        let Some(module_call) = self
            .module_config(&scope.module)
            .and_then(|module| module.module_calls.get(call))
        else {
            return unknown(AFTER_APPLY);
        };
        let repeated =
            module_call.count_expression.is_some() || module_call.for_each_expression.is_some();
        let key = match key {
            Some(key) => Some(key.to_key()),
            None if repeated => {
                return unknown(format!(
                    "{AFTER_APPLY} (depends on `module.{call}.{output}`, module instance unknown)"
                ));
            }
            None => None,
        };
        let expression = module_call
            .module
            .as_ref()
            .and_then(|module| module.outputs.get(output))
            .and_then(|output| output.expression);
        let Some(expression) = expression else {
            return unknown(format!(
                "{AFTER_APPLY} (depends on `module.{call}.{output}`)"
            ));
        };
        let mut module = scope.module.clone();
        module.push(ModuleStep {
            name: call.to_owned(),
            key,
        });
        self.node(
            expression,
            &[],
            false,
            None,
            &Scope { module, key: None },
            depth,
        )
    }
}

/// Whether `shorter` is `longer` or a traversal that `longer` extends (`a.b` of `a.b.c`
/// and `a.b["k"]`, not of `a.bc`).
/// A reference to `data.aws_partition`, `data.aws_caller_identity` or `data.aws_region`
/// (of this module).
fn is_where_the_provider_runs(reference: &str) -> bool {
    ["aws_partition", "aws_caller_identity", "aws_region"]
        .iter()
        .any(|kind| {
            reference
                .strip_prefix("data.")
                .and_then(|rest| rest.strip_prefix(kind))
                .is_some_and(|rest| rest.starts_with('.'))
        })
}

fn is_traversal_prefix(shorter: &str, longer: &str) -> bool {
    longer
        .strip_prefix(shorter)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

fn unknown(reason: impl Into<Box<str>>) -> ValueKind {
    ValueKind::Unknown(Box::new(Unknown::new(reason)))
}

/// "known only after apply (depends on `a`, `b`)", naming the most specific references.
fn depends_on(references: &[String]) -> ValueKind {
    let mut named: Vec<&str> = Vec::new();
    for reference in references {
        let covered = references
            .iter()
            .any(|other| other != reference && is_traversal_prefix(reference, other));
        if !covered && !named.contains(&reference.as_str()) {
            named.push(reference);
        }
    }
    if named.is_empty() {
        return unknown(AFTER_APPLY);
    }
    let list: Vec<String> = named.iter().map(|name| format!("`{name}`")).collect();
    unknown(format!("{AFTER_APPLY} (depends on {})", list.join(", ")))
}
