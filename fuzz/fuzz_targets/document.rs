//! The spanned JSON and YAML parser (`document::parse`) on arbitrary text: it must return a
//! tree or a positioned problem, never panic or hang.

#![no_main]

use libfuzzer_sys::fuzz_target;
use supportscan::document::parse::parse;
use supportscan::source::{FileId, Span};
use supportscan_fuzz::input_file;

fuzz_target!(|data: &[u8]| {
    let file = input_file(data, "template.json");
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
