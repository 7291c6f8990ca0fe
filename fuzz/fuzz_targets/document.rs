//! The spanned JSON and YAML parser (`document::parse`) on arbitrary text: it must return a
//! tree or a positioned problem, never panic or hang.

#![no_main]

use libfuzzer_sys::fuzz_target;
use supportscan::document::parse::parse;
use supportscan::source::{FileId, SourceFile, Span};

fuzz_target!(|data: &[u8]| {
    // The reader decodes invalid UTF-8 lossily after reporting it; do the same here so
    // that binary mutations still reach the parser.
    let text = String::from_utf8_lossy(data).into_owned();
    let name = if text.trim_start().starts_with('{') {
        "template.json"
    } else {
        "template.yaml"
    };
    let file = SourceFile::new(name, text);
    let result = parse(&file, FileId(0));
    let len = file.text.len();
    let inside = |span: Span| span.start as usize <= len && span.end as usize <= len;
    match result {
        Ok(parsed) => {
            assert!(inside(parsed.root.span), "root span outside the text");
            for warning in &parsed.warnings {
                assert!(
                    warning.span.is_none_or(inside),
                    "warning span outside the text"
                );
            }
        }
        Err(problem) => assert!(
            problem.span.is_none_or(inside),
            "problem span outside the text"
        ),
    }
});
