//! Module instances: a module evaluated with its inputs at its address (the root module, or
//! `module.a["x"]` of a call with `for_each`), and the resource instances it declares.
//!
//! Locals, module calls and `count`/`for_each` are evaluated on first use and remembered,
//! so a module is read in whatever order its names need; a local that needs itself is
//! unknown ("refers to itself"), as Terraform rejects it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::{Rc, Weak};

use hcl_edit::Decorated;
use hcl_edit::expr::TraversalOperator;
use hcl_edit::structure::Structure;

use super::body;
use super::eval::{self, Evaluator, Names, iterate, number, span_of, unknown};
use super::files::{MAX_MODULE_DEPTH, Tree};
use super::functions::{self, Host};
use super::module::{Module, ModuleCall, ResourceBlock};
use super::variables::convert;
use crate::load::terraform::string_key;
use crate::load::{Field, Mode, Reference, Value, ValueKind};
use crate::source::{FileId, Span};

/// A value and the file it was evaluated in (`None`: from no file, such as `-var`).
#[derive(Clone, Debug)]
pub struct Located {
    /// The file (index into [`Tree::files`]).
    pub file: Option<usize>,
    /// The value.
    pub value: Value,
}

impl Located {
    /// The value as used in `file` at `span`: its own positions when it was written in that
    /// file, else everything placed at the use.
    pub fn used_in(&self, file: usize, span: Span) -> Value {
        if self.file == Some(file) {
            self.value.clone()
        } else {
            self.value.placed_at(span)
        }
    }
}

/// The most instances one `count` or `for_each` is expanded to; beyond it one instance
/// stands for them all, under a condition that says so.
pub const MAX_INSTANCES: usize = 10_000;

/// The most resource and module instances one root module is expanded to, whatever its
/// modules multiply to; the rest is not read, with a problem that says so.
pub const MAX_ROOT_INSTANCES: usize = 200_000;

/// Which instances a `count` or `for_each` makes.
#[derive(Clone, Debug)]
pub enum Keys {
    /// Neither: one instance, no key.
    Single,
    /// `count`: keys `0..n`.
    Count(usize),
    /// `for_each`: each key with its `each.value`.
    Each(Vec<(String, Value)>),
    /// A `for_each` that is not known: one instance stands for them, whose `each.key` and
    /// `each.value` are unknown for this reason.
    UnknownEach(String),
}

/// The instances of a block, and whether they exist only under a condition.
#[derive(Clone, Debug)]
pub struct Expansion {
    /// The keys.
    pub keys: Keys,
    /// Why they may not exist (`count` decided by a value known only later); `None` when
    /// they certainly do.
    pub condition: Option<String>,
}

impl Expansion {
    /// Every instance: its address suffix (`[0]`, `["k"]`, empty) and the `count`/`each`
    /// variables it sees.
    pub fn instances(&self) -> Vec<(String, Vec<(String, Value)>)> {
        match &self.keys {
            Keys::Single => vec![(String::new(), Vec::new())],
            Keys::UnknownEach(reason) => {
                let unknown = || unknown(Span::default(), reason.as_str());
                let each = map(vec![("key", unknown()), ("value", unknown())]);
                vec![(String::new(), vec![("each".to_owned(), each)])]
            }
            Keys::Count(n) => (0..*n)
                .map(|index| {
                    let value = eval::number_value(index as f64, Span::default());
                    let count = map(vec![("index", value)]);
                    (format!("[{index}]"), vec![("count".to_owned(), count)])
                })
                .collect(),
            Keys::Each(items) => items
                .iter()
                .map(|(key, value)| {
                    let each = map(vec![
                        (
                            "key",
                            Value::new(value.span, ValueKind::Str(key.as_str().into())),
                        ),
                        ("value", value.clone()),
                    ]);
                    (string_key(key), vec![("each".to_owned(), each)])
                })
                .collect(),
        }
    }
}

fn map(fields: Vec<(&str, Value)>) -> Value {
    Value::new(
        Span::default(),
        ValueKind::Map(
            fields
                .into_iter()
                .map(|(key, value)| Field {
                    key: key.into(),
                    key_span: value.span,
                    value,
                })
                .collect(),
        ),
    )
}

/// What the instances of a module read: the files, each module's declarations, the
/// directory the root module is in, and what functions may read.
pub struct Shared<'t> {
    /// Every file read.
    pub tree: &'t Tree,
    /// Declarations by module index.
    pub modules: Vec<Module<'t>>,
    /// The root module's directory.
    pub root_dir: &'t Path,
    /// What `file` and `templatefile` may read.
    pub host: &'t dyn Host,
    /// Problems met while evaluating (file, span, message), for the loader to report.
    pub problems: RefCell<Vec<(usize, Span, String)>>,
    /// Resource and module instances made so far (bounded by [`MAX_ROOT_INSTANCES`]).
    pub instances: std::cell::Cell<usize>,
}

impl Shared<'_> {
    /// Counts one more instance; `false` (once with a problem at `file` and `span`) when
    /// the root module has made [`MAX_ROOT_INSTANCES`] already.
    fn take_instance(&self, file: usize, span: Span) -> bool {
        let made = self.instances.get();
        self.instances.set(made.saturating_add(1));
        if made == MAX_ROOT_INSTANCES {
            self.problems.borrow_mut().push((
                file,
                span,
                format!(
                    "the modules expand to more than {MAX_ROOT_INSTANCES} resource and module instances: the rest are not read"
                ),
            ));
        }
        made < MAX_ROOT_INSTANCES
    }
}

/// One evaluated module call: its instances, or why it has none.
struct Called<'t> {
    expansion: Expansion,
    instances: Vec<(String, Rc<Instance<'t>>)>,
}

enum Slot<T> {
    Evaluating,
    Done(T),
}

/// One resource instance found by [`Instance::walk`].
pub struct ResourceInstance<'i, 't> {
    /// The module instance that declares it.
    pub instance: &'i Instance<'t>,
    /// Its block.
    pub block: &'t ResourceBlock<'t>,
    /// Its address as a plan prints it.
    pub address: String,
    /// Why it may not exist (see [`Expansion::condition`]).
    pub condition: Option<String>,
    /// The `count` or `each` variables it sees.
    pub scope: Vec<(String, Value)>,
}

/// The call a module instance's inputs are evaluated from, in the calling instance.
struct Origin<'t> {
    parent: Weak<Instance<'t>>,
    call: &'t ModuleCall<'t>,
    /// The call's `count`/`each` variables for this instance.
    scope: Vec<(String, Value)>,
}

/// A module evaluated at one address.
pub struct Instance<'t> {
    shared: &'t Shared<'t>,
    /// The module (index into [`Tree::modules`]).
    pub module: usize,
    /// The call key of the module (`a.b`), empty for the root.
    key: String,
    /// The address prefix of everything it declares (`module.a["x"].`), empty for the root.
    pub prefix: String,
    depth: usize,
    /// Its variables: the root's given, a module's evaluated on first use from its call.
    variables: RefCell<HashMap<String, Slot<Located>>>,
    /// Where a module instance's inputs come from; `None` for the root.
    origin: Option<Origin<'t>>,
    /// This instance itself, for the instances of the modules it calls.
    me: Weak<Instance<'t>>,
    locals: RefCell<HashMap<String, Slot<Located>>>,
    calls: RefCell<HashMap<String, Slot<Rc<Called<'t>>>>>,
    expansions: RefCell<HashMap<usize, Slot<Rc<Expansion>>>>,
    outputs: RefCell<Option<Value>>,
}

impl<'t> Instance<'t> {
    /// The root module with its variables' values.
    pub fn root(shared: &'t Shared<'t>, variables: HashMap<String, Located>) -> Rc<Instance<'t>> {
        let variables = variables
            .into_iter()
            .map(|(name, located)| (name, Slot::Done(located)))
            .collect();
        Instance::new(shared, 0, String::new(), String::new(), 0, variables, None)
    }

    fn new(
        shared: &'t Shared<'t>,
        module: usize,
        key: String,
        prefix: String,
        depth: usize,
        variables: HashMap<String, Slot<Located>>,
        origin: Option<Origin<'t>>,
    ) -> Rc<Instance<'t>> {
        Rc::new_cyclic(|me| Instance {
            shared,
            module,
            key,
            prefix,
            depth,
            variables: RefCell::new(variables),
            origin,
            me: me.clone(),
            locals: RefCell::default(),
            calls: RefCell::default(),
            expansions: RefCell::default(),
            outputs: RefCell::default(),
        })
    }

    fn declarations(&self) -> &'t Module<'t> {
        &self.shared.modules[self.module]
    }

    /// An evaluator of expressions of `file` in this instance.
    pub fn evaluator(&self, file: usize) -> Evaluator<'_> {
        Evaluator::new(self, file)
    }

    fn note(&self, file: usize, span: Span, message: String) {
        self.shared
            .problems
            .borrow_mut()
            .push((file, span, message));
    }

    /// The instances of resource block `index` of this module.
    pub fn expansion(&self, index: usize) -> Rc<Expansion> {
        if let Some(Slot::Done(expansion)) = self.expansions.borrow().get(&index) {
            return expansion.clone();
        }
        if matches!(self.expansions.borrow().get(&index), Some(Slot::Evaluating)) {
            return Rc::new(Expansion {
                keys: Keys::Single,
                condition: Some("its `count` or `for_each` refers to itself".to_owned()),
            });
        }
        self.expansions.borrow_mut().insert(index, Slot::Evaluating);
        let block = &self.declarations().resources[index];
        let expansion = Rc::new(self.expand(block.file, &block.block.body));
        self.expansions
            .borrow_mut()
            .insert(index, Slot::Done(expansion.clone()));
        expansion
    }

    /// The expansion of a block body's `count` or `for_each`, evaluated in `file`.
    fn expand(&self, file: usize, body: &hcl_edit::structure::Body) -> Expansion {
        let evaluator = self.evaluator(file);
        if let Some(count) = super::module::attribute(body, "count") {
            return count_expansion(&evaluator.eval(count));
        }
        if let Some(for_each) = super::module::attribute(body, "for_each") {
            return each_expansion(&evaluator.eval(for_each));
        }
        Expansion {
            keys: Keys::Single,
            condition: None,
        }
    }

    fn local(&self, name: &str) -> Option<Located> {
        if let Some(slot) = self.locals.borrow().get(name) {
            return Some(match slot {
                Slot::Done(located) => located.clone(),
                Slot::Evaluating => Located {
                    file: None,
                    value: unknown(
                        Span::default(),
                        format!("local `{name}` refers to itself: Terraform stops here"),
                    ),
                },
            });
        }
        let written = *self.declarations().locals.get(name)?;
        self.locals
            .borrow_mut()
            .insert(name.to_owned(), Slot::Evaluating);
        let located = Located {
            file: Some(written.file),
            value: self.evaluator(written.file).eval(written.expression),
        };
        self.locals
            .borrow_mut()
            .insert(name.to_owned(), Slot::Done(located.clone()));
        Some(located)
    }

    fn call(&self, name: &str) -> Option<Rc<Called<'t>>> {
        match self.calls.borrow().get(name) {
            Some(Slot::Done(called)) => return Some(called.clone()),
            Some(Slot::Evaluating) => return None,
            None => {}
        }
        let call = self.declarations().calls.get(name)?;
        self.calls
            .borrow_mut()
            .insert(name.to_owned(), Slot::Evaluating);
        let key = if self.key.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.key)
        };
        let expansion = self.expand(call.file, &call.block.body);
        let mut instances = Vec::new();
        match self.shared.tree.calls.get(&key) {
            Some(Ok(child)) if self.depth < MAX_MODULE_DEPTH => {
                for (suffix, scope) in expansion.instances() {
                    if !self.shared.take_instance(call.file, span_of(&call.block.ident)) {
                        break;
                    }
                    let prefix = format!("{}module.{name}{suffix}.", self.prefix);
                    let origin = Origin {
                        parent: self.me.clone(),
                        call,
                        scope,
                    };
                    let instance = Instance::new(
                        self.shared,
                        *child,
                        key.clone(),
                        prefix,
                        self.depth + 1,
                        HashMap::new(),
                        Some(origin),
                    );
                    instances.push((suffix, instance));
                }
            }
            Some(Ok(_)) => self.note(
                call.file,
                span_of(&call.block.ident),
                format!("module `{name}` is nested more than {MAX_MODULE_DEPTH} deep: its resources are not read"),
            ),
            // Why a module is not read was reported when its files were read.
            Some(Err(_)) | None => {}
        }
        let called = Rc::new(Called {
            expansion,
            instances,
        });
        self.calls
            .borrow_mut()
            .insert(name.to_owned(), Slot::Done(called.clone()));
        Some(called)
    }

    /// The value of variable `name`: the root's as given; a module instance's from its
    /// call's argument (evaluated in the calling instance on first use, so that two calls
    /// may feed each other's outputs as Terraform allows), else its default. `None` when the
    /// module declares no such variable.
    fn variable(&self, name: &str) -> Option<Located> {
        match self.variables.borrow().get(name) {
            Some(Slot::Done(located)) => return Some(located.clone()),
            Some(Slot::Evaluating) => {
                return Some(Located {
                    file: None,
                    value: unknown(
                        Span::default(),
                        format!("variable `{name}` refers to itself: Terraform stops here"),
                    ),
                });
            }
            None => {}
        }
        let origin = self.origin.as_ref()?;
        let variable = self.declarations().variables.get(name)?;
        self.variables
            .borrow_mut()
            .insert(name.to_owned(), Slot::Evaluating);
        let argument = origin.call.block.body.iter().find_map(|item| match item {
            Structure::Attribute(attribute)
                if attribute.key.as_str() == name
                    && !matches!(
                        name,
                        "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                    ) =>
            {
                Some(&attribute.value)
            }
            _ => None,
        });
        let (file, value) = match (argument, origin.parent.upgrade()) {
            (Some(expression), Some(parent)) => {
                let evaluator = parent
                    .evaluator(origin.call.file)
                    .with(origin.scope.iter().cloned());
                (Some(origin.call.file), evaluator.eval(expression))
            }
            // A variable the call leaves out takes its default (which can refer to nothing).
            _ => match variable.default {
                Some(default) => (
                    Some(default.file),
                    self.evaluator(default.file).eval(default.expression),
                ),
                None => (
                    None,
                    unknown(
                        span_of(&origin.call.block.ident),
                        format!("module input `{name}` is not set: Terraform stops here"),
                    ),
                ),
            },
        };
        let value = match variable.type_constraint {
            Some(constraint) => convert(value, constraint),
            None => value,
        };
        let located = Located { file, value };
        self.variables
            .borrow_mut()
            .insert(name.to_owned(), Slot::Done(located.clone()));
        Some(located)
    }

    /// Every resource instance of this module instance and of the modules it calls: the
    /// block, its address, and the `count`/`each` variables it sees.
    pub fn walk(&self, visit: &mut dyn FnMut(ResourceInstance<'_, 't>)) {
        let module = self.declarations();
        for (index, block) in module.resources.iter().enumerate() {
            let expansion = self.expansion(index);
            for (suffix, scope) in expansion.instances() {
                if !self.shared.take_instance(block.file, block.header) {
                    return;
                }
                let address = format!("{}{}{suffix}", self.prefix, block.relative_address());
                visit(ResourceInstance {
                    instance: self,
                    block,
                    address,
                    condition: expansion.condition.clone(),
                    scope,
                });
            }
        }
        let mut names: Vec<&&str> = module.calls.keys().collect();
        names.sort();
        for name in names {
            if let Some(called) = self.call(name) {
                for (_, instance) in &called.instances {
                    instance.walk(visit);
                }
            }
        }
    }

    /// The outputs of this instance as one mapping.
    fn outputs_value(&self, span: Span) -> Value {
        if let Some(value) = self.outputs.borrow().as_ref() {
            return value.placed_at(span);
        }
        let fields = self
            .declarations()
            .outputs
            .iter()
            .map(|(name, written)| Field {
                key: (*name).into(),
                key_span: span,
                value: self
                    .evaluator(written.file)
                    .eval(written.expression)
                    .placed_at(span),
            })
            .collect();
        let value = Value::new(span, ValueKind::Map(fields));
        *self.outputs.borrow_mut() = Some(value.clone());
        value
    }

    /// `module.NAME…`: the call's outputs.
    fn module_value(&self, name: &str, span: Span) -> Option<Value> {
        let called = self.call(name)?;
        if called.instances.is_empty() && !matches!(called.expansion.keys, Keys::Count(0)) {
            let reason = match &called.expansion.keys {
                Keys::Each(items) if items.is_empty() => None,
                _ => Some(format!(
                    "the outputs of module `{name}` are not known: it is not read"
                )),
            };
            if let Some(reason) = reason {
                return Some(unknown(span, reason));
            }
        }
        let outputs = |instance: &Instance<'_>| instance.outputs_value(span);
        Some(match &called.expansion.keys {
            Keys::Single | Keys::UnknownEach(_) => match called.instances.first() {
                Some((_, instance)) => outputs(instance),
                None => unknown(
                    span,
                    format!("the outputs of module `{name}` are not known"),
                ),
            },
            Keys::Count(_) => Value::new(
                span,
                ValueKind::List(called.instances.iter().map(|(_, i)| outputs(i)).collect()),
            ),
            Keys::Each(items) => Value::new(
                span,
                ValueKind::Map(
                    items
                        .iter()
                        .zip(&called.instances)
                        .map(|((key, _), (_, instance))| Field {
                            key: key.as_str().into(),
                            key_span: span,
                            value: outputs(instance),
                        })
                        .collect(),
                ),
            ),
        })
    }

    /// A resource or data source of this module as a value: each instance is a reference
    /// to the whole object, whose attributes are references the graph resolves.
    fn resource_value(
        &self,
        mode: Mode,
        resource_type: &str,
        name: &str,
        span: Span,
    ) -> Option<Value> {
        let index = *self
            .declarations()
            .by_name
            .get(&(mode, resource_type, name))?;
        let block = &self.declarations().resources[index];
        let address = format!("{}{}", self.prefix, block.relative_address());
        let object = |suffix: &str| {
            Value::new(
                span,
                ValueKind::Reference(Box::new(Reference {
                    address: format!("{address}{suffix}").into(),
                    attribute: None,
                    file: Some(FileId(u32::try_from(block.file).unwrap_or(u32::MAX))),
                })),
            )
        };
        let expansion = self.expansion(index);
        Some(match &expansion.keys {
            Keys::Single | Keys::UnknownEach(_) => object(""),
            Keys::Count(n) => Value::new(
                span,
                ValueKind::List((0..*n).map(|i| object(&format!("[{i}]"))).collect()),
            ),
            Keys::Each(items) => Value::new(
                span,
                ValueKind::Map(
                    items
                        .iter()
                        .map(|(key, _)| Field {
                            key: key.as_str().into(),
                            key_span: span,
                            value: object(&string_key(key)),
                        })
                        .collect(),
                ),
            ),
        })
    }

    fn path_value(&self, span: Span) -> Value {
        let dir = &self.shared.tree.modules[self.module].dir;
        let relative = dir
            .strip_prefix(self.shared.root_dir)
            .ok()
            .map(|path| path.to_string_lossy().into_owned())
            .filter(|path| !path.is_empty())
            .unwrap_or_else(|| ".".to_owned());
        let text = |text: &str| Value::new(span, ValueKind::Str(text.into()));
        map(vec![
            ("module", text(&relative)),
            ("root", text(".")),
            ("cwd", text(".")),
        ])
        .placed_at(span)
    }
}

impl Names for Instance<'_> {
    fn lookup(
        &self,
        evaluator: &Evaluator<'_>,
        root: &str,
        operators: &[Decorated<TraversalOperator>],
        span: Span,
    ) -> Option<Value> {
        let attribute = |position: usize| match operators.get(position).map(|op| op.value()) {
            Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
            _ => None,
        };
        let (value, used) = match root {
            "var" => {
                let name = attribute(0)?;
                let value = match self.variable(name) {
                    Some(located) => located.used_in(evaluator.file, span),
                    None if self.declarations().variables.contains_key(name) => {
                        unknown(span, format!("variable `{name}` has no value here"))
                    }
                    None => unknown(
                        span,
                        format!("variable `{name}` is not declared: Terraform stops here"),
                    ),
                };
                (value, 1)
            }
            "local" => {
                let name = attribute(0)?;
                let value = match self.local(name) {
                    Some(located) => located.used_in(evaluator.file, span),
                    None => unknown(
                        span,
                        format!("local `{name}` is not declared: Terraform stops here"),
                    ),
                };
                (value, 1)
            }
            "module" => {
                let name = attribute(0)?;
                let value = self.module_value(name, span).unwrap_or_else(|| {
                    let reason = if self.declarations().calls.contains_key(name) {
                        format!("the `count` or `for_each` of module `{name}` depends on its own outputs: Terraform stops here")
                    } else {
                        format!("module `{name}` is not called here: Terraform stops here")
                    };
                    unknown(span, reason)
                });
                (value, 1)
            }
            "data" => {
                let (resource_type, name) = (attribute(0)?, attribute(1)?);
                let value = self
                    .resource_value(Mode::Data, resource_type, name, span)
                    .unwrap_or_else(|| {
                        unknown(span, format!("`data.{resource_type}.{name}` is not declared: Terraform stops here"))
                    });
                (value, 2)
            }
            "path" => (self.path_value(span), 0),
            "terraform" => (
                map(vec![(
                    "workspace",
                    Value::new(span, ValueKind::Str("default".into())),
                )])
                .placed_at(span),
                0,
            ),
            "self" => (
                unknown(span, "`self` is known only in provisioners"),
                operators.len(),
            ),
            resource_type => {
                let name = attribute(0)?;
                let value = self.resource_value(Mode::Managed, resource_type, name, span)?;
                (value, 1)
            }
        };
        Some(evaluator.apply(value, &operators[used.min(operators.len())..], span))
    }

    fn host(&self) -> &dyn Host {
        self.shared.host
    }
}

/// The instances a `count` value makes.
fn count_expansion(count: &Value) -> Expansion {
    let whole = |value: &Value| number(value).filter(|n| *n >= 0.0 && n.fract() == 0.0);
    match &count.kind {
        _ if whole(count).is_some_and(|n| n > MAX_INSTANCES as f64) => Expansion {
            keys: Keys::Count(1),
            condition: Some(format!(
                "its `count` of {} is more than supportscan expands ({MAX_INSTANCES}): one instance stands for them",
                whole(count).unwrap_or_default()
            )),
        },
        _ if whole(count).is_some() => Expansion {
            keys: Keys::Count(whole(count).unwrap_or_default() as usize),
            condition: None,
        },
        ValueKind::OneOf(choices) => {
            let most = choices.iter().filter_map(whole).fold(0.0, f64::max);
            Expansion {
                keys: Keys::Count((most as usize).min(MAX_INSTANCES)),
                condition: Some("its `count` depends on a condition known only later".to_owned()),
            }
        }
        _ => Expansion {
            keys: Keys::Count(1),
            condition: Some(format!("its `count` is not known: {}", eval::reason(count))),
        },
    }
}

/// The instances a `for_each` value makes.
fn each_expansion(for_each: &Value) -> Expansion {
    let keys = match &for_each.kind {
        ValueKind::Map(_) => iterate(for_each).ok().map(|items| {
            // A mapping's keys are always known; only its values may not be.
            items
                .into_iter()
                .filter_map(|(key, value)| Some((key.as_str()?.to_owned(), value)))
                .collect::<Vec<_>>()
        }),
        ValueKind::List(items) => {
            let mut keys: Option<Vec<(String, Value)>> = items
                .iter()
                .map(|item| functions::plan_known_text(item).map(|key| (key, item.clone())))
                .collect();
            if let Some(keys) = &mut keys {
                keys.sort_by(|a, b| a.0.cmp(&b.0));
                keys.dedup_by(|a, b| a.0 == b.0);
            }
            keys
        }
        _ => None,
    };
    match keys {
        Some(keys) if keys.len() > MAX_INSTANCES => {
            let reason = format!(
                "its `for_each` has {} items, more than supportscan expands ({MAX_INSTANCES})",
                keys.len()
            );
            Expansion {
                keys: Keys::UnknownEach(reason.clone()),
                condition: Some(reason),
            }
        }
        Some(keys) => Expansion {
            keys: Keys::Each(keys),
            condition: None,
        },
        None => {
            let reason = format!("its `for_each` is not known: {}", eval::reason(for_each));
            Expansion {
                keys: Keys::UnknownEach(reason.clone()),
                condition: Some(reason),
            }
        }
    }
}

/// The properties of a resource instance.
pub fn properties(
    instance: &Instance<'_>,
    block: &ResourceBlock<'_>,
    scope: Vec<(String, Value)>,
) -> Value {
    let evaluator = instance.evaluator(block.file).with(scope);
    body::properties(&evaluator, &block.block.body, span_of(block.block))
}
