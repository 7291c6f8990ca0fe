//! Terraform's built-in functions, evaluated on loaded [`Value`]s with Terraform's own
//! semantics, for the `.tf` evaluator.
//!
//! A call never fails: what Terraform would reject (a wrong type, an index out of range,
//! invalid JSON) gives a [`ValueKind::Unknown`] that says what Terraform says and that
//! Terraform stops the plan there; a function supportscan does not evaluate, or one whose
//! result changes at each run (`timestamp`, `uuid`), gives an unknown saying so.
//!
//! Values known only after apply stay symbolic as far as Terraform's meaning allows:
//! structural functions (`concat`, `merge`, `element`, `lookup`, ...) keep unknown
//! *elements* in a result whose shape is known, and string building (`format`, `join`,
//! [`concat_text`] for string templates) keeps references as parts of a
//! [`ValueKind::Template`], so that an ARN built from parts can still be resolved by the
//! graph. Other results that depend on something not known are unknown, with a reason
//! that names what they depend on.
//!
//! A result is placed at the call's span; elements passed through unchanged keep their
//! own spans, so that a finding can point at the element as written.
//!
//! Maps and objects are iterated in lexical key order where Terraform does so (`keys`,
//! `values`, `merge`, `jsonencode`, `tomap`); sets of strings are sorted and unique.
//!
//! `jsonencode` of a value with parts known only after apply (a policy naming a role's
//! ARN) gives the value's structure itself, the list or mapping with its spans, instead
//! of a JSON string: the graph's policy reader accepts a structured document as well as
//! JSON text, so the policy is still read, references included. `jsondecode` gives such
//! a structure back as it is, and string functions given one give an unknown; only
//! `length` cannot tell it from a list or map and counts its items.
//!
//! Not evaluated, each with its own reason: functions whose result changes at each run
//! (`timestamp`, `uuid`, `bcrypt`) or depends on the machine (`abspath`); hash functions
//! (`md5`, `sha256`, `base64sha256`, `uuidv5`, ...), which would need a new dependency;
//! `formatdate`, `yamlencode`, gzip and UTF-16 functions; provider functions
//! (`provider::…`). `try`, `can` and `templatestring` need the expressions themselves, so
//! the evaluator does them.

mod collections;
mod convert;
mod csv;
mod encoding;
mod files;
mod maps;
mod network;
mod numbers;
mod sets;
mod strings;
mod text;
mod time;
mod yaml;

#[cfg(test)]
mod testing;

pub use text::concat_text;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::load::{Field, Reference, TextPart, Unknown, Value, ValueKind};
use crate::source::Span;

/// What a function may read besides its arguments (files of the module, templates).
pub trait Host {
    /// The text of `path` (as written in the call, relative paths from the module's
    /// directory) or why it cannot be read (outside the scan root, missing, too large, not
    /// UTF-8).
    fn read_file(&self, path: &str) -> Result<String, String>;
    /// `templatefile`: renders template text with `variables` (a Map value); the evaluator
    /// implements it.
    fn render_template(&self, path: &str, text: &str, variables: &Value, span: Span) -> Value;
}

/// Calls Terraform function `name` (as written, including a `provider::…` namespace) on
/// evaluated `args`; the result is placed at `span`.
pub fn call(name: &str, args: Vec<Value>, span: Span, host: &dyn Host) -> Value {
    let Some(function) = find(name) else {
        return unknown_at(span, Unknown::new(not_evaluated(name)));
    };
    let outcome = match arity_error(function, args.len()) {
        Some(message) => Err(Stop::Error(message)),
        None => (function.run)(Call { args, span, host }),
    };
    match outcome {
        Ok(value) => value,
        Err(Stop::Unknown(unknown)) => unknown_at(span, unknown),
        Err(Stop::Error(message)) => unknown_at(
            span,
            Unknown::new(format!(
                "`{name}`: {message}: Terraform stops the plan here"
            )),
        ),
    }
}

/// The text of a string that planning knows though the scan keeps it symbolic: a known
/// string, or one built only from literal text and the data sources Terraform reads while
/// planning (`data.aws_partition`, `data.aws_caller_identity`, `data.aws_region`), shown
/// with those parts as written (`arn:${data.aws_partition.current.partition}:iam::aws:…`).
/// Such strings may be set members and `for_each` keys, as they are in a plan.
pub fn plan_known_text(value: &Value) -> Option<String> {
    let read_at_plan = |reference: &Reference| {
        let address = &*reference.address;
        let data = address.rsplit("data.").next().unwrap_or_default();
        address.contains("data.")
            && ["aws_partition.", "aws_caller_identity.", "aws_region."]
                .iter()
                .any(|kind| data.starts_with(kind))
            && reference.attribute.is_some()
    };
    let shown = |reference: &Reference| format!("${{{}}}", reference.written());
    match &value.kind {
        ValueKind::Str(text) => Some(text.to_string()),
        ValueKind::Reference(reference) if read_at_plan(reference) => Some(shown(reference)),
        ValueKind::Template(parts) => parts
            .iter()
            .map(|part| match part {
                TextPart::Literal(text) => Some(text.to_string()),
                TextPart::Reference(reference) if read_at_plan(reference) => Some(shown(reference)),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Whether `name` is a function this library evaluates (for the docs and for messages).
pub fn is_supported(name: &str) -> bool {
    find(name).is_some()
}

/// Whether `value` is known in full (no Unknown, Reference, Template, OneOf or Absent
/// anywhere inside).
pub fn is_known(value: &Value) -> bool {
    hidden(value).is_none()
}

/// Why a call has no known result.
#[derive(Debug)]
enum Stop {
    /// Terraform rejects the call; the message says why, in Terraform's terms.
    Error(String),
    /// The result depends on something not known before apply.
    Unknown(Unknown),
}

/// What a function gives: its result, or why there is none.
type Outcome = Result<Value, Stop>;

/// One call: its evaluated arguments and where the result goes.
struct Call<'h> {
    args: Vec<Value>,
    span: Span,
    host: &'h dyn Host,
}

impl Call<'_> {
    /// Argument `index`; the arity was checked before the call, so a missing optional
    /// argument is the only way to get `None`.
    fn arg(&self, index: usize) -> Option<&Value> {
        self.args.get(index)
    }

    /// The argument of a one-argument function, moved out of the call.
    fn into_only(self) -> Value {
        let span = self.span;
        self.args
            .into_iter()
            .next()
            .unwrap_or_else(|| Value::new(span, ValueKind::Null))
    }

    /// Argument `index`, which the arity makes present (a null stands in otherwise, which
    /// every function rejects or treats as Terraform does).
    fn at(&self, index: usize) -> &Value {
        self.args.get(index).unwrap_or(&NULL)
    }
}

static NULL: Value = Value {
    span: Span { start: 0, end: 0 },
    kind: ValueKind::Null,
};

/// A function of the library: its name, how many arguments it takes, what it does.
struct Function {
    name: &'static str,
    min_args: usize,
    /// `None` for variadic functions.
    max_args: Option<usize>,
    run: fn(Call<'_>) -> Outcome,
}

/// A function taking exactly `count` arguments.
const fn fixed(name: &'static str, count: usize, run: fn(Call<'_>) -> Outcome) -> Function {
    Function {
        name,
        min_args: count,
        max_args: Some(count),
        run,
    }
}

/// A function taking `min` to `max` arguments (`None`: any number from `min`).
const fn ranged(
    name: &'static str,
    min: usize,
    max: Option<usize>,
    run: fn(Call<'_>) -> Outcome,
) -> Function {
    Function {
        name,
        min_args: min,
        max_args: max,
        run,
    }
}

/// Every function the library evaluates.
const FUNCTIONS: &[Function] = &[
    // Strings and templates.
    ranged("format", 1, None, text::format),
    ranged("formatlist", 1, None, text::formatlist),
    ranged("join", 2, None, text::join),
    fixed("split", 2, strings::split),
    fixed("lower", 1, strings::lower),
    fixed("upper", 1, strings::upper),
    fixed("title", 1, strings::title),
    fixed("replace", 3, strings::replace),
    fixed("trimspace", 1, strings::trimspace),
    fixed("trim", 2, strings::trim),
    fixed("trimprefix", 2, strings::trimprefix),
    fixed("trimsuffix", 2, strings::trimsuffix),
    fixed("chomp", 1, strings::chomp),
    fixed("startswith", 2, strings::startswith),
    fixed("endswith", 2, strings::endswith),
    fixed("strcontains", 2, strings::strcontains),
    fixed("indent", 2, strings::indent),
    fixed("strrev", 1, strings::strrev),
    fixed("substr", 3, strings::substr),
    fixed("regex", 2, strings::regex),
    fixed("regexall", 2, strings::regexall),
    // Collections.
    ranged("concat", 0, None, collections::concat),
    fixed("flatten", 1, collections::flatten),
    ranged("merge", 0, None, maps::merge),
    ranged("lookup", 2, Some(3), maps::lookup),
    fixed("element", 2, collections::element),
    fixed("index", 2, collections::index),
    fixed("length", 1, collections::length),
    fixed("keys", 1, maps::keys),
    fixed("values", 1, maps::values),
    fixed("slice", 3, collections::slice),
    fixed("reverse", 1, collections::reverse),
    ranged("coalesce", 0, None, collections::coalesce),
    ranged("coalescelist", 0, None, collections::coalescelist),
    fixed("compact", 1, collections::compact),
    fixed("contains", 2, collections::contains),
    fixed("distinct", 1, collections::distinct),
    fixed("chunklist", 2, collections::chunklist),
    fixed("one", 1, collections::one),
    fixed("sort", 1, collections::sort),
    fixed("sum", 1, collections::sum),
    fixed("transpose", 1, maps::transpose),
    fixed("zipmap", 2, maps::zipmap),
    ranged("range", 1, Some(3), collections::range),
    fixed("matchkeys", 3, collections::matchkeys),
    fixed("alltrue", 1, collections::alltrue),
    fixed("anytrue", 1, collections::anytrue),
    // Sets.
    ranged("setintersection", 1, None, sets::setintersection),
    ranged("setunion", 1, None, sets::setunion),
    fixed("setsubtract", 2, sets::setsubtract),
    ranged("setproduct", 2, None, sets::setproduct),
    // Type conversions.
    fixed("tostring", 1, convert::tostring),
    fixed("tonumber", 1, convert::tonumber),
    fixed("tobool", 1, convert::tobool),
    fixed("tolist", 1, convert::tolist),
    fixed("toset", 1, sets::toset),
    fixed("tomap", 1, convert::tomap),
    fixed("sensitive", 1, convert::identity),
    fixed("nonsensitive", 1, convert::identity),
    // Numbers.
    fixed("abs", 1, numbers::abs),
    fixed("ceil", 1, numbers::ceil),
    fixed("floor", 1, numbers::floor),
    fixed("signum", 1, numbers::signum),
    ranged("max", 1, None, numbers::max),
    ranged("min", 1, None, numbers::min),
    fixed("pow", 2, numbers::pow),
    fixed("log", 2, numbers::log),
    fixed("parseint", 2, numbers::parseint),
    // Encodings.
    fixed("jsonencode", 1, encoding::jsonencode),
    fixed("jsondecode", 1, encoding::jsondecode),
    fixed("base64encode", 1, encoding::base64encode),
    fixed("base64decode", 1, encoding::base64decode),
    fixed("urlencode", 1, encoding::urlencode),
    fixed("csvdecode", 1, csv::csvdecode),
    fixed("yamldecode", 1, yaml::yamldecode),
    // IP networks.
    fixed("cidrhost", 2, network::cidrhost),
    fixed("cidrnetmask", 1, network::cidrnetmask),
    fixed("cidrsubnet", 3, network::cidrsubnet),
    ranged("cidrsubnets", 1, None, network::cidrsubnets),
    // Time.
    fixed("timeadd", 2, time::timeadd),
    fixed("timecmp", 2, time::timecmp),
    // Files.
    fixed("file", 1, files::file),
    fixed("fileexists", 1, files::fileexists),
    fixed("filebase64", 1, files::filebase64),
    fixed("templatefile", 2, files::templatefile),
    fixed("basename", 1, files::basename),
    fixed("dirname", 1, files::dirname),
];

/// The function called `name` (case-sensitive, as Terraform's names are).
fn find(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|function| function.name == name)
}

/// Terraform's message when a call has the wrong number of arguments.
fn arity_error(function: &Function, given: usize) -> Option<String> {
    let plural = |count: usize| if count == 1 { "argument" } else { "arguments" };
    let expected = match function.max_args {
        Some(max) if max == function.min_args => format!("{max} {}", plural(max)),
        Some(max) => format!("{} to {max} arguments", function.min_args),
        None => format!(
            "at least {} {}",
            function.min_args,
            plural(function.min_args)
        ),
    };
    let fits = given >= function.min_args && function.max_args.is_none_or(|max| given <= max);
    (!fits).then(|| format!("takes {expected}, {given} given"))
}

/// Why a function outside the library has no result here.
fn not_evaluated(name: &str) -> String {
    if name.starts_with("provider::") {
        return format!("provider function `{name}` is not evaluated by supportscan");
    }
    match name {
        "timestamp" | "uuid" | "bcrypt" => {
            format!("`{name}` gives a new value at each run: known only at apply")
        }
        "plantimestamp" => "`plantimestamp` is the time of the plan: known only at apply".into(),
        "abspath" | "pathexpand" => {
            format!("`{name}` depends on the machine that runs Terraform")
        }
        "type" => {
            "`type` is only available in `terraform console`: Terraform stops the plan here".into()
        }
        "list" | "map" => format!(
            "`{name}` was removed in Terraform 0.12 (use `tolist`/`tomap` or a literal): \
             Terraform stops the plan here"
        ),
        _ => format!("function `{name}` is not evaluated by supportscan"),
    }
}

/// `value` at `span` as an unknown.
fn unknown_at(span: Span, unknown: Unknown) -> Value {
    Value::new(span, ValueKind::Unknown(Box::new(unknown)))
}

/// Why a value computed from `reference` is not known yet.
fn after_apply(reference: &Reference) -> Unknown {
    Unknown::new(format!(
        "computed from `{}`, known only after apply",
        reference.written()
    ))
}

/// Why a symbolic string part is not known, or `None` for literal text.
fn part_pending(part: &TextPart) -> Option<Unknown> {
    match part {
        TextPart::Literal(_) => None,
        TextPart::Reference(reference) => Some(after_apply(reference)),
        TextPart::Unknown(unknown) => Some(unknown.clone()),
        TextPart::Pseudo(pseudo) => Some(Unknown::new(format!(
            "depends on `{}`, known only at deployment",
            pseudo.name()
        ))),
    }
}

/// Why `value` itself is not known (its kind, not what it holds), or `None` when it is a
/// null, bool, number, string, list or mapping.
fn pending(value: &Value) -> Option<Unknown> {
    match &value.kind {
        ValueKind::Reference(reference) => Some(after_apply(reference)),
        ValueKind::Unknown(unknown) => Some((**unknown).clone()),
        ValueKind::Template(parts) => Some(
            parts
                .iter()
                .find_map(part_pending)
                .unwrap_or_else(|| Unknown::new("a string with parts not known before apply")),
        ),
        ValueKind::OneOf(_) => Some(Unknown::new("depends on a condition")),
        ValueKind::Absent => Some(Unknown::new("has no value")),
        ValueKind::Null
        | ValueKind::Bool(_)
        | ValueKind::Number(_)
        | ValueKind::Str(_)
        | ValueKind::List(_)
        | ValueKind::Map(_) => None,
    }
}

/// The first thing not known anywhere in `value`, or `None` when it is known in full.
fn hidden(value: &Value) -> Option<Unknown> {
    match &value.kind {
        ValueKind::List(items) => items.iter().find_map(hidden),
        ValueKind::Map(fields) => fields.iter().find_map(|field| hidden(&field.value)),
        _ => pending(value),
    }
}

/// Stops when `value` is not known at its top level.
fn known(value: &Value) -> Result<&Value, Stop> {
    match pending(value) {
        Some(unknown) => Err(Stop::Unknown(unknown)),
        None => Ok(value),
    }
}

/// Stops when anything in `value` is not known.
fn known_in_full(value: &Value) -> Result<&Value, Stop> {
    match hidden(value) {
        Some(unknown) => Err(Stop::Unknown(unknown)),
        None => Ok(value),
    }
}

/// The name Terraform gives the type of a known value, for messages.
fn type_name(value: &Value) -> &'static str {
    match &value.kind {
        ValueKind::Null => "null",
        ValueKind::Bool(_) => "bool",
        ValueKind::Number(_) => "number",
        ValueKind::Str(_) | ValueKind::Template(_) => "string",
        ValueKind::List(_) => "list",
        ValueKind::Map(_) => "object",
        ValueKind::Reference(_)
        | ValueKind::OneOf(_)
        | ValueKind::Absent
        | ValueKind::Unknown(_) => "unknown",
    }
}

/// Terraform's error for an argument of the wrong type.
fn wrong_type(wanted: &str, value: &Value) -> Stop {
    match &value.kind {
        ValueKind::Null => Stop::Error("argument must not be null".into()),
        _ => Stop::Error(format!("{wanted} required, got {}", type_name(value))),
    }
}

/// A string argument, converted as Terraform converts numbers and bools to strings.
///
/// A list or mapping with parts known only after apply may be the structure `jsonencode`
/// gives in place of JSON text not known yet, so the string it stands for is unknown
/// rather than a wrong type.
fn text(value: &Value) -> Result<Cow<'_, str>, Stop> {
    match &known(value)?.kind {
        ValueKind::Str(text) => Ok(Cow::Borrowed(text)),
        ValueKind::Number(number) => Ok(Cow::Owned(numbers::canonical(number))),
        ValueKind::Bool(value) => Ok(Cow::Borrowed(if *value { "true" } else { "false" })),
        ValueKind::List(_) | ValueKind::Map(_) => match hidden(value) {
            Some(unknown) => Err(Stop::Unknown(unknown)),
            None => Err(wrong_type("string", value)),
        },
        _ => Err(wrong_type("string", value)),
    }
}

/// A number argument; a string holding a number converts, as in Terraform.
fn number(value: &Value) -> Result<f64, Stop> {
    let parsed = match &known(value)?.kind {
        ValueKind::Number(number) => number.parse::<f64>().ok(),
        ValueKind::Str(text) => numbers::parse(text),
        _ => return Err(wrong_type("number", value)),
    };
    parsed.ok_or_else(|| Stop::Error(format!("a number is required, got \"{}\"", plain(value))))
}

/// A whole-number argument.
fn whole(value: &Value) -> Result<i64, Stop> {
    let number = number(value)?;
    if number.fract() != 0.0 || !number.is_finite() {
        return Err(Stop::Error(format!(
            "a whole number is required, got {}",
            numbers::format(number)
        )));
    }
    // Saturating: numbers past i64 are far beyond any index or count Terraform accepts.
    Ok(number as i64)
}

/// A bool argument; the strings `"true"` and `"false"` convert, as in Terraform.
fn boolean(value: &Value) -> Result<bool, Stop> {
    match &known(value)?.kind {
        ValueKind::Bool(value) => Ok(*value),
        ValueKind::Str(text) if &**text == "true" => Ok(true),
        ValueKind::Str(text) if &**text == "false" => Ok(false),
        _ => Err(wrong_type("bool", value)),
    }
}

/// The items of a list, tuple or set argument.
fn items(value: &Value) -> Result<&[Value], Stop> {
    match &known(value)?.kind {
        ValueKind::List(items) => Ok(items),
        _ => Err(wrong_type("list", value)),
    }
}

/// The fields of a map or object argument.
fn fields(value: &Value) -> Result<&[Field], Stop> {
    match &known(value)?.kind {
        ValueKind::Map(fields) => Ok(fields),
        _ => Err(wrong_type("map", value)),
    }
}

/// A known primitive's text for messages (bounded, so that a huge argument does not make
/// a huge message).
fn plain(value: &Value) -> String {
    let text = match &value.kind {
        ValueKind::Str(text) | ValueKind::Number(text) => text.to_string(),
        ValueKind::Bool(value) => value.to_string(),
        _ => type_name(value).to_string(),
    };
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// A string value at `span`.
fn string(span: Span, text: impl Into<Box<str>>) -> Value {
    Value::new(span, ValueKind::Str(text.into()))
}

/// A list value at `span`.
fn list(span: Span, items: Vec<Value>) -> Value {
    Value::new(span, ValueKind::List(items))
}

/// A bool value at `span`.
fn truth(span: Span, value: bool) -> Value {
    Value::new(span, ValueKind::Bool(value))
}

/// The most items a list built by a function may hold; real lists hold a handful, so only
/// inputs built to grow (`concat` of itself, nested `setproduct`) reach it.
const MAX_ITEMS: usize = 1 << 16;

/// The longest string a function may build, in bytes.
const MAX_TEXT_BYTES: usize = 1 << 20;

/// Stops when a result would hold more than [`MAX_ITEMS`] items.
fn check_items(count: usize) -> Result<(), Stop> {
    if count > MAX_ITEMS {
        return Err(Stop::Unknown(Unknown::new(format!(
            "the list would hold more than {MAX_ITEMS} items; supportscan does not build it"
        ))));
    }
    Ok(())
}

/// Stops when a result would be longer than [`MAX_TEXT_BYTES`].
fn check_text(bytes: usize) -> Result<(), Stop> {
    if bytes > MAX_TEXT_BYTES {
        return Err(Stop::Unknown(Unknown::new(format!(
            "the string would be longer than {MAX_TEXT_BYTES} bytes; supportscan does not build it"
        ))));
    }
    Ok(())
}

/// `fields` with one field per key: the last given, in the place of the first (later
/// keys win in `merge`, `zipmap` and decoded JSON). Linear in the number of fields.
fn deduplicated(fields: impl IntoIterator<Item = Field>) -> Vec<Field> {
    let mut positions: HashMap<Box<str>, usize> = HashMap::new();
    let mut kept: Vec<Field> = Vec::new();
    for field in fields {
        match positions.get(&field.key) {
            Some(&position) => kept[position] = field,
            None => {
                positions.insert(field.key.clone(), kept.len());
                kept.push(field);
            }
        }
    }
    kept
}

/// Whether two values are equal as Terraform compares them: numbers by value, a string
/// and a number or bool through the string conversion Terraform applies to mixed lists,
/// collections item by item (objects whatever their key order). Stops when the answer
/// depends on something not known.
fn same(left: &Value, right: &Value) -> Result<bool, Stop> {
    use ValueKind::{Bool, List, Map, Null, Number, Str};
    Ok(match (&known(left)?.kind, &known(right)?.kind) {
        (Null, Null) => true,
        (Number(a), Number(b)) => numbers::canonical(a) == numbers::canonical(b),
        (Str(_) | Number(_) | Bool(_), Str(_) | Number(_) | Bool(_)) => text(left)? == text(right)?,
        (List(a), List(b)) => {
            if a.len() != b.len() {
                return Ok(false);
            }
            for (a, b) in a.iter().zip(b) {
                if !same(a, b)? {
                    return Ok(false);
                }
            }
            true
        }
        (Map(a), Map(b)) => {
            if a.len() != b.len() {
                return Ok(false);
            }
            for field in a {
                let Some(other) = b.iter().find(|other| other.key == field.key) else {
                    return Ok(false);
                };
                if !same(&field.value, &other.value)? {
                    return Ok(false);
                }
            }
            true
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::testing::*;
    use super::{FUNCTIONS, is_known, is_supported};

    #[test]
    fn functions_outside_the_library_are_unknown_with_a_reason() {
        assert_eq!(
            reason(&run("sha512", vec![text_value("x")])),
            "function `sha512` is not evaluated by supportscan"
        );
        assert_eq!(
            reason(&run(
                "provider::aws::arn_parse",
                vec![text_value("arn:aws:iam::1:root")]
            )),
            "provider function `provider::aws::arn_parse` is not evaluated by supportscan"
        );
        assert!(reason(&run("timestamp", vec![])).contains("known only at apply"));
        assert!(reason(&run("uuid", vec![])).contains("known only at apply"));
        assert!(reason(&run("abspath", vec![text_value(".")])).contains("machine"));
        assert!(error(&run("list", vec![text_value("a")])).contains("removed in Terraform 0.12"));
        assert!(error(&run("type", vec![text_value("a")])).contains("terraform console"));
    }

    #[test]
    fn names_are_case_sensitive_and_arity_is_checked() {
        assert!(is_supported("jsonencode"));
        assert!(!is_supported("JSONEncode"));
        assert!(!is_supported("try"));
        assert_eq!(
            error(&run("upper", vec![])),
            "`upper`: takes 1 argument, 0 given: Terraform stops the plan here"
        );
        assert!(error(&run("lookup", vec![map(vec![])])).contains("takes 2 to 3 arguments"));
        assert!(error(&run("format", vec![])).contains("at least 1 argument, 0 given"));
    }

    #[test]
    fn results_are_placed_at_the_call() {
        assert_eq!(run_at("upper", vec![text_value("a")]).span, CALL);
        assert_eq!(run_at("sha1", vec![text_value("a")]).span, CALL);
        assert_eq!(run_at("upper", vec![unknown("later")]).span, CALL);
    }

    #[test]
    fn every_function_passes_an_unknown_argument_on() {
        for function in FUNCTIONS {
            let args = vec![unknown("later"); function.min_args.max(1)];
            let result = run(function.name, args);
            assert_eq!(reason(&result), "later", "{}", function.name);
        }
    }

    #[test]
    fn no_function_panics_on_arguments_of_any_shape() {
        let shapes = [
            unknown("later"),
            null(),
            reference("aws_iam_role.r", "arn"),
            template(vec![literal("a"), reference_part("x.y", "z")]),
            strings(&["a", "1"]),
            list(vec![num("-1"), boolean(true), null()]),
            map(vec![("a", strings(&["b"]))]),
            text_value("%"),
            text_value("/("),
            num("-3"),
            num("1e400"),
            num("0.5"),
            boolean(false),
        ];
        for function in FUNCTIONS {
            let counts = function.min_args..=function.max_args.unwrap_or(3).min(3);
            for count in counts {
                let mut picks = vec![0usize; count];
                loop {
                    let args = picks.iter().map(|&pick| shapes[pick].clone()).collect();
                    let _ = run(function.name, args);
                    // The next combination, as an odometer over the shapes.
                    let Some(position) = picks.iter().rposition(|&pick| pick + 1 < shapes.len())
                    else {
                        break;
                    };
                    picks[position] += 1;
                    for later in &mut picks[position + 1..] {
                        *later = 0;
                    }
                }
            }
        }
    }

    #[test]
    fn known_in_full_looks_inside_collections() {
        assert!(is_known(&map(vec![("a", strings(&["x"])), ("b", null())])));
        assert!(!is_known(&map(vec![(
            "a",
            list(vec![reference("aws_iam_role.r", "arn")])
        )])));
        assert!(!is_known(&template(vec![
            literal("a"),
            reference_part("x.y", "z")
        ])));
        assert!(!is_known(&unknown("later")));
    }
}
