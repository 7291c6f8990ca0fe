//! Files of the module: `file`, `fileexists`, `filebase64`, `templatefile` (read through
//! the [`Host`](super::Host), which keeps reads inside the scan), and the path functions
//! `basename` and `dirname` (on `/`-separated paths, as Terraform on Linux).

use super::encoding::encode_bytes;
use super::{Call, Outcome, Stop, known, string, text, truth, wrong_type};
use crate::load::{Unknown, ValueKind};

/// The text of the file at argument 0's path, or why there is none.
fn read(call: &Call<'_>, name: &str) -> Result<(String, String), Stop> {
    let path = text(call.at(0))?.into_owned();
    match call.host.read_file(&path) {
        Ok(content) => Ok((path, content)),
        Err(why) => Err(Stop::Unknown(Unknown::new(format!(
            "`{name}` cannot read {path:?}: {why}"
        )))),
    }
}

/// `file(path)`.
pub(super) fn file(call: Call<'_>) -> Outcome {
    let (_, content) = read(&call, "file")?;
    Ok(string(call.span, content))
}

/// `fileexists(path)`: true when the file can be read; a file the host refuses (outside
/// the scan, too large) may exist, so that answer stays unknown.
pub(super) fn fileexists(call: Call<'_>) -> Outcome {
    read(&call, "fileexists")?;
    Ok(truth(call.span, true))
}

/// `filebase64(path)`.
pub(super) fn filebase64(call: Call<'_>) -> Outcome {
    let (_, content) = read(&call, "filebase64")?;
    Ok(string(call.span, encode_bytes(content.as_bytes())))
}

/// `templatefile(path, variables)`: the host renders the template.
pub(super) fn templatefile(call: Call<'_>) -> Outcome {
    let variables = call.at(1);
    if !matches!(known(variables)?.kind, ValueKind::Map(_)) {
        return Err(wrong_type("map", variables));
    }
    let (path, content) = read(&call, "templatefile")?;
    Ok(call
        .host
        .render_template(&path, &content, variables, call.span))
}

/// `basename(path)`: the last element (`"."` for an empty path, `"/"` for the root).
pub(super) fn basename(call: Call<'_>) -> Outcome {
    let path = text(call.at(0))?;
    if path.is_empty() {
        return Ok(string(call.span, "."));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(string(call.span, "/"));
    }
    let base = trimmed.rsplit('/').next().unwrap_or(trimmed);
    Ok(string(call.span, base))
}

/// `dirname(path)`: everything but the last element, cleaned as Go's `filepath.Dir`.
pub(super) fn dirname(call: Call<'_>) -> Outcome {
    let path = text(call.at(0))?;
    let directory = match path.rfind('/') {
        Some(slash) => &path[..=slash],
        None => "",
    };
    Ok(string(call.span, clean(directory)))
}

/// `path` without `.` elements, doubled slashes and `..` that can be resolved.
fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut elements: Vec<&str> = Vec::new();
    for element in path.split('/') {
        match element {
            "" | "." => {}
            ".." if elements.last().is_some_and(|last| *last != "..") => {
                elements.pop();
            }
            ".." if rooted => {}
            other => elements.push(other),
        }
    }
    let joined = elements.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::BTreeMap;

    use crate::load::Value;
    use crate::load::terraform_source::functions::call;
    use crate::load::terraform_source::functions::testing::*;

    fn with_files(name: &str, args: Vec<Value>) -> Value {
        let files = Files(BTreeMap::from([
            ("policy.json", "{\"Version\": \"2012-10-17\"}"),
            ("trust.tpl", "{\"AWS\": \"${account}\"}"),
        ]));
        cleared(&call(name, args, CALL, &files))
    }

    #[test]
    fn files_are_read_through_the_host() {
        assert_eq!(
            with_files("file", vec![text_value("policy.json")]),
            text_value("{\"Version\": \"2012-10-17\"}")
        );
        assert_eq!(
            reason(&with_files("file", vec![text_value("missing.json")])),
            "`file` cannot read \"missing.json\": no file `missing.json` in the module"
        );
        assert_eq!(
            with_files("fileexists", vec![text_value("policy.json")]),
            boolean(true)
        );
        assert!(
            reason(&with_files("fileexists", vec![text_value("nope")])).contains("cannot read")
        );
        assert_eq!(
            with_files("filebase64", vec![text_value("trust.tpl")]),
            text_value("eyJBV1MiOiAiJHthY2NvdW50fSJ9")
        );
        assert!(
            reason(&with_files(
                "file",
                vec![reference("local_file.f", "filename")]
            ))
            .contains("after apply")
        );
    }

    #[test]
    fn templatefile_renders_through_the_host() {
        let rendered = with_files(
            "templatefile",
            vec![
                text_value("trust.tpl"),
                map(vec![("account", text_value("123456789012"))]),
            ],
        );
        assert_eq!(rendered, text_value("{\"AWS\": \"123456789012\"}"));
        let not_a_map = with_files("templatefile", vec![text_value("trust.tpl"), strings(&[])]);
        assert!(error(&not_a_map).contains("map required, got list"));
    }

    #[test]
    fn path_functions_follow_go() {
        let cases = [
            ("basename", "foo/bar/baz.txt", "baz.txt"),
            ("basename", "foo/bar/", "bar"),
            ("basename", "", "."),
            ("basename", "///", "/"),
            ("dirname", "foo/bar/baz.txt", "foo/bar"),
            ("dirname", "baz.txt", "."),
            ("dirname", "/baz.txt", "/"),
            ("dirname", "a//b/../c/d", "a/c"),
            ("dirname", "../x", ".."),
        ];
        for (name, path, expected) in cases {
            assert_eq!(
                run(name, vec![text_value(path)]),
                text_value(expected),
                "{name}({path})"
            );
        }
    }
}
