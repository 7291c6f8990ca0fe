//! Terraform addresses as text: instance keys printed exactly as Terraform prints them,
//! module paths split into their calls, and the references that configuration expressions
//! list (`aws_iam_role.r["a"].arn`, `var.name`, `module.m.out`, `each.key`).
//!
//! Addresses must match Terraform's own spelling byte for byte, because the graph links
//! resources by address: `module.a["x"].aws_iam_role.r[0]`.

use std::fmt::Write as _;

use serde_json::value::RawValue;

/// Formats a string instance key as Terraform does (`addrs.StringKey`): HCL quoting with
/// `${`/`%{` doubled and non-printing characters as `\uXXXX`.
pub(crate) fn string_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    out.push_str("[\"");
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' => {
                out.push(c);
                if chars.peek() == Some(&'{') {
                    out.push(c);
                }
            }
            // Go's unicode.IsPrint rejects control characters and every space but U+0020.
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                let code = u32::from(c);
                let _ = if code < 0x10000 {
                    write!(out, "\\u{code:04x}")
                } else {
                    write!(out, "\\U{code:08x}")
                };
            }
            c => out.push(c),
        }
    }
    out.push_str("\"]");
    out
}

/// The instance key (`[0]`, `["a"]`) of a JSON `index` / `index_key` value: a whole number
/// for `count`, a string for `for_each`; `None` for anything else.
pub(super) fn index_key(raw: &RawValue) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(raw.get()).ok()? {
        serde_json::Value::Number(number) => {
            let index = number.as_i64()?;
            Some(format!("[{index}]"))
        }
        serde_json::Value::String(key) => Some(string_key(&key)),
        _ => None,
    }
}

/// One module call on a module path: `module.name[key]`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ModuleStep {
    /// The call's name.
    pub name: String,
    /// The instance key as printed (`[0]`, `["a"]`), if the call has `count` or `for_each`.
    pub key: Option<String>,
}

/// The address prefix of a module path: `module.a["x"].module.b.` (empty for the root).
pub(super) fn module_prefix(path: &[ModuleStep]) -> String {
    let mut prefix = String::new();
    for step in path {
        prefix.push_str("module.");
        prefix.push_str(&step.name);
        if let Some(key) = &step.key {
            prefix.push_str(key);
        }
        prefix.push('.');
    }
    prefix
}

/// Splits a module instance address (`module.a["x"].module.b`) into its calls.
pub(super) fn parse_module_path(address: &str) -> Option<Vec<ModuleStep>> {
    let steps = parse_traversal(address)?;
    let mut path = Vec::new();
    let mut steps = steps.into_iter().peekable();
    while let Some(step) = steps.next() {
        let (TraversalStep::Attr(module), Some(TraversalStep::Attr(name))) = (step, steps.next())
        else {
            return None;
        };
        if module != "module" {
            return None;
        }
        let key = match steps.peek() {
            Some(TraversalStep::Index(key)) => {
                let key = key.to_key();
                steps.next();
                Some(key)
            }
            _ => None,
        };
        path.push(ModuleStep { name, key });
    }
    Some(path)
}

/// Whether a resource address (`module.a.data.x.y[0]`) names a data source, for inputs
/// that leave out `mode`.
pub(super) fn is_data_address(address: &str) -> bool {
    let Some(steps) = parse_traversal(address) else {
        return false;
    };
    let mut steps = steps.iter();
    while let Some(step) = steps.next() {
        match step {
            TraversalStep::Attr(name) if name == "module" => {
                steps.next();
            }
            TraversalStep::Index(_) => {}
            TraversalStep::Attr(name) => return name == "data",
        }
    }
    false
}

/// One step of a traversal: `.name` (or the root name) or `[key]`.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum TraversalStep {
    /// An attribute or the root name.
    Attr(String),
    /// An index.
    Index(IndexKey),
}

/// An index in a traversal.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum IndexKey {
    /// `[0]`, as written.
    Number(String),
    /// `["a"]`, unescaped.
    Text(String),
}

impl IndexKey {
    /// The key as Terraform prints it in an address.
    pub(super) fn to_key(&self) -> String {
        match self {
            IndexKey::Number(number) => format!("[{number}]"),
            IndexKey::Text(text) => string_key(text),
        }
    }
}

/// Splits `a.b["k"][0].c` into steps. String keys may use Go or HCL escapes (Terraform
/// prints references with Go's `%q` and addresses with HCL quoting); both are undone.
pub(super) fn parse_traversal(text: &str) -> Option<Vec<TraversalStep>> {
    let mut steps = Vec::new();
    let mut rest = text;
    let mut first = true;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let (key, after) = parse_index(after)?;
            steps.push(TraversalStep::Index(key));
            rest = after;
        } else {
            let body = if first { rest } else { rest.strip_prefix('.')? };
            let end = body.find(['.', '[']).unwrap_or(body.len());
            let (name, after) = body.split_at(end);
            if name.is_empty() {
                return None;
            }
            steps.push(TraversalStep::Attr(name.to_owned()));
            rest = after;
        }
        first = false;
    }
    Some(steps)
}

/// Parses an index after its `[`: a number or a quoted string, then `]`.
fn parse_index(text: &str) -> Option<(IndexKey, &str)> {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut key = String::new();
        let mut chars = quoted.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => {
                    let rest = quoted.get(at + 1..)?.strip_prefix(']')?;
                    return Some((IndexKey::Text(key), rest));
                }
                '\\' => {
                    let (_, escape) = chars.next()?;
                    key.push(match escape {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        '"' => '"',
                        '\\' => '\\',
                        'u' => hex_char(&mut chars, 4)?,
                        'U' => hex_char(&mut chars, 8)?,
                        'x' => hex_char(&mut chars, 2)?,
                        _ => return None,
                    });
                }
                // HCL doubles `$${` and `%%{` in keys; undo it.
                '$' | '%' if quoted.get(at + 1..)?.starts_with([c]) => {
                    if quoted.get(at + 2..)?.starts_with('{') {
                        chars.next();
                    }
                    key.push(c);
                }
                c => key.push(c),
            }
        }
        return None;
    }
    let end = text.find(']')?;
    let number = text.get(..end)?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((IndexKey::Number(number.to_owned()), text.get(end + 1..)?))
}

fn hex_char(chars: &mut std::str::CharIndices<'_>, digits: usize) -> Option<char> {
    let mut code = 0u32;
    for _ in 0..digits {
        let (_, digit) = chars.next()?;
        code = code * 16 + digit.to_digit(16)?;
    }
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_keys_are_quoted_like_terraform() {
        assert_eq!(string_key("a"), r#"["a"]"#);
        assert_eq!(string_key(""), r#"[""]"#);
        assert_eq!(string_key("q\"b\\s\n"), r#"["q\"b\\s\n"]"#);
        assert_eq!(string_key("${x} %{y} $z"), r#"["$${x} %%{y} $z"]"#);
        assert_eq!(string_key("\u{7}\u{a0}é"), "[\"\\u0007\\u00a0é\"]");
    }

    #[test]
    fn index_keys_from_json() {
        let key = |json: &str| index_key(&RawValue::from_string(json.to_owned()).unwrap());
        assert_eq!(key("3").as_deref(), Some("[3]"));
        assert_eq!(key(r#""k""#).as_deref(), Some(r#"["k"]"#));
        assert_eq!(key("1.5"), None);
        assert_eq!(key("null"), None);
    }

    #[test]
    fn module_paths_round_trip() {
        let path = parse_module_path(r#"module.a["x.y"].module.b[2].module.c"#).unwrap();
        assert_eq!(path.len(), 3);
        assert_eq!(path[0].key.as_deref(), Some(r#"["x.y"]"#));
        assert_eq!(path[1].key.as_deref(), Some("[2]"));
        assert_eq!(
            module_prefix(&path),
            r#"module.a["x.y"].module.b[2].module.c."#
        );
        assert_eq!(parse_module_path("").unwrap(), vec![]);
        assert_eq!(parse_module_path("aws_iam_role.r"), None);
        assert_eq!(parse_module_path("module."), None);
        assert_eq!(parse_module_path("module.a[x]"), None);
    }

    #[test]
    fn data_addresses_are_recognised_below_modules() {
        assert!(is_data_address("data.aws_partition.current"));
        assert!(is_data_address(r#"module.a["k"].module.b.data.x.y[0]"#));
        assert!(!is_data_address("aws_iam_role.data"));
        assert!(!is_data_address("module.data.aws_iam_role.r"));
        assert!(!is_data_address("bad..address"));
    }

    #[test]
    fn traversals_undo_go_and_hcl_escapes() {
        let steps = parse_traversal(r#"aws_iam_role.r["a\"b\u00e9$${c}"].arn"#).unwrap();
        assert_eq!(
            steps,
            vec![
                TraversalStep::Attr("aws_iam_role".into()),
                TraversalStep::Attr("r".into()),
                TraversalStep::Index(IndexKey::Text("a\"bé${c}".into())),
                TraversalStep::Attr("arn".into()),
            ]
        );
        assert_eq!(parse_traversal("a..b"), None);
        assert_eq!(parse_traversal(r#"a["open"#), None);
        assert_eq!(parse_traversal(r#"a["\q"]"#), None);
    }
}
