//! The Terraform loaders (`load_plan`, `load_state`) on arbitrary text: each must load or
//! return a positioned problem, never panic or hang.

#![no_main]

use libfuzzer_sys::fuzz_target;
use supportscan::load::terraform::{load_plan, load_state};
use supportscan::source::{FileId, SourceFile};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new("plan.tfplan.json", text);
    let _ = load_plan(&file, FileId(0));
    let _ = load_state(&file, FileId(0));
});
